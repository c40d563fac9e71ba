//! getui (work in progress).
