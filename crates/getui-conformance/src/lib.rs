//! Conformance runner over the golden vectors (work in progress).

/// Command-line entry of `cargo xtask conformance`.
pub mod cli {
    /// Runs the conformance command; returns the process exit code.
    pub fn main(_args: &[String]) -> i32 {
        eprintln!("conformance runner not implemented yet");
        1
    }
}
