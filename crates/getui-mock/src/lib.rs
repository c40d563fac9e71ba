//! getui-mock (work in progress).
