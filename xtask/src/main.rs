//! Project automation: `cargo xtask conformance [--vectors DIR] [--capture FILE]`, `cargo xtask ci`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("conformance") => std::process::exit(getui_conformance::cli::main(&args[1..])),
        _ => {
            eprintln!("usage: cargo xtask conformance [--vectors DIR] [--capture FILE]");
            std::process::exit(2);
        }
    }
}
