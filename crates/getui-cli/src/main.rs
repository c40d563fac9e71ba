//! `getui`: the Getui push command line. A thin binary: the only place that reads the process
//! environment and arguments; everything else is in the `getui_cli` library.

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The `GETUI_*` variables and the ones locating the profile file, read here and only here.
    let vars = getui_cli::config::Vars::from_iter(std::env::vars().filter(|(name, _)| {
        name.starts_with("GETUI_") || name == "HOME" || name == "XDG_CONFIG_HOME"
    }));
    let code = getui_cli::run(args, &vars);
    std::process::exit(code);
}
