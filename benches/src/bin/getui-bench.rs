//! `getui-bench`: what `cargo xtask bench` runs (see `getui_benches::runner`).

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    getui_benches::runner::main(&args)
}
