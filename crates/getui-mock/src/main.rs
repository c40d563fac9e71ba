//! `getui-mock`: runs the mock Getui server until Ctrl-C.
//!
//! ```text
//! getui-mock [--port N] [--hosts N] [--app KEY,APPID,SECRET]... [--client APPID,CID,online|offline]...
//!            [--latency HOST=MS]... [--unknown-clients online|offline|reject] [--no-record]
//!            [--threads N]
//! ```
//!
//! It serves both protocol generations: the legacy API (`/serviceex`, `/apiex.htm`) and REST
//! v2 (`/v2/{appId}/…`; give a v2 client the printed "v2 base URL").
//!
//! `--threads N` sets the worker threads of the server's tokio runtime (default: one per CPU).
//! Load tests on a small machine run it with `--threads 1`, so that the server and the load
//! generator each get about one core instead of time-slicing against each other.

use std::process::ExitCode;
use std::time::Duration;

use getui_mock::{MockApp, MockServer, MockServerBuilder, UnknownClientPolicy};

const USAGE: &str = "usage: getui-mock [--port N] [--hosts N] [--app KEY,APPID,SECRET]... \
[--client APPID,CID,online|offline]... [--latency HOST=MS]... \
[--unknown-clients online|offline|reject] [--no-record] [--threads N]";

/// The command line: the server to build and the runtime to run it on.
#[derive(Debug)]
struct Options {
    builder: MockServerBuilder,
    /// Worker threads of the runtime (`None`: tokio's default, one per CPU).
    threads: Option<usize>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut builder = MockServer::builder();
    let mut threads = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        builder = match arg.as_str() {
            "--port" => builder.port(
                value("--port")?
                    .parse()
                    .map_err(|e| format!("--port: {e}"))?,
            ),
            "--hosts" => builder.hosts(
                value("--hosts")?
                    .parse()
                    .map_err(|e| format!("--hosts: {e}"))?,
            ),
            "--app" => {
                let v = value("--app")?;
                match v.split(',').collect::<Vec<_>>()[..] {
                    [key, id, secret] => builder.app(MockApp::new(key, id, secret)),
                    _ => return Err(format!("--app wants KEY,APPID,SECRET, got {v:?}")),
                }
            }
            "--client" => {
                let v = value("--client")?;
                match v.split(',').collect::<Vec<_>>()[..] {
                    [app, cid, "online"] => builder.client(app, cid, true),
                    [app, cid, "offline"] => builder.client(app, cid, false),
                    _ => {
                        return Err(format!(
                            "--client wants APPID,CID,online|offline, got {v:?}"
                        ))
                    }
                }
            }
            "--latency" => {
                let v = value("--latency")?;
                let (host, ms) = v
                    .split_once('=')
                    .ok_or_else(|| format!("--latency wants HOST=MS, got {v:?}"))?;
                let host = host.parse().map_err(|e| format!("--latency host: {e}"))?;
                let ms = ms.parse().map_err(|e| format!("--latency ms: {e}"))?;
                builder.host_latency(host, Duration::from_millis(ms))
            }
            "--unknown-clients" => {
                builder.unknown_clients(match value("--unknown-clients")?.as_str() {
                    "online" => UnknownClientPolicy::Online,
                    "offline" => UnknownClientPolicy::Offline,
                    "reject" => UnknownClientPolicy::Reject,
                    other => return Err(format!("--unknown-clients: unknown policy {other:?}")),
                })
            }
            "--no-record" => builder.record_requests(false),
            "--threads" => {
                let n: usize = value("--threads")?
                    .parse()
                    .map_err(|e| format!("--threads: {e}"))?;
                if n == 0 {
                    return Err("--threads must be at least 1".into());
                }
                threads = Some(n);
                builder
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        };
    }
    Ok(Options { builder, threads })
}

fn main() -> ExitCode {
    let Options { builder, threads } = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("getui-mock: {e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = threads {
        runtime.worker_threads(n);
    }
    let runtime = match runtime.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("getui-mock: cannot start a runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let server = match builder.try_start().await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("getui-mock: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!("serviceex: {}", server.serviceex_url());
        println!(
            "v2 base URL: {} (REST v2 at {}/v2/{{appId}}/…)",
            server.v2_base_url(),
            server.v2_base_url()
        );
        for (i, url) in server.api_urls().iter().enumerate() {
            println!("host {i}: {url}");
        }
        println!("Ctrl-C to stop");
        if let Err(e) = tokio::signal::ctrl_c().await {
            eprintln!("getui-mock: cannot wait for Ctrl-C: {e}");
        }
        server.shutdown().await;
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::parse_args;

    fn parse(args: &[&str]) -> Result<String, String> {
        parse_args(args.iter().map(|s| s.to_string())).map(|o| format!("{:?}", o.builder))
    }

    fn threads(args: &[&str]) -> Result<Option<usize>, String> {
        parse_args(args.iter().map(|s| s.to_string())).map(|o| o.threads)
    }

    #[test]
    fn good_arguments() {
        let b = parse(&[
            "--port",
            "8080",
            "--hosts",
            "3",
            "--app",
            "k,a,s",
            "--client",
            "a,c,offline",
            "--latency",
            "1=25",
            "--unknown-clients",
            "reject",
            "--no-record",
            "--threads",
            "1",
        ])
        .unwrap();
        assert!(b.contains("port: 8080") && b.contains("hosts: 3"), "{b}");
        assert!(b.contains("Reject") && b.contains("record: false"), "{b}");
        assert!(!b.contains("\"s\""), "the master secret is redacted: {b}");
    }

    #[test]
    fn runtime_threads() {
        assert_eq!(threads(&[]), Ok(None), "tokio's default: one per CPU");
        assert_eq!(threads(&["--threads", "1"]), Ok(Some(1)));
        assert_eq!(threads(&["--no-record", "--threads", "3"]), Ok(Some(3)));
    }

    #[test]
    fn bad_arguments() {
        for args in [
            &["--port"][..],
            &["--port", "x"],
            &["--app", "k,a"],
            &["--client", "a,c,maybe"],
            &["--latency", "1"],
            &["--unknown-clients", "sometimes"],
            &["--threads"],
            &["--threads", "0"],
            &["--threads", "two"],
            &["--what"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
        assert_eq!(parse(&["--help"]), Err(String::new()));
    }
}
