//! getui-protocol (work in progress).
