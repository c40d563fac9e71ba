//! Canonical proto2 encoding of `Transparent`, `PushInfo` and `SingleBatchRequest` (in progress).
