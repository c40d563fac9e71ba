//! getui-transport (work in progress).
