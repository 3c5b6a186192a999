//! `wosix`, the native host of Wosix: boots a machine in this process and runs a shell in it,
//! either interactively on a pseudo-terminal bridged to the host terminal, or with the host's
//! standard streams bridged through pipes (`-c`, `run`, a script on stdin). The exit status
//! is the shell's, so `wosix` composes with host scripts like any command.

mod account;
mod cli;
mod packages;
mod pty;
mod pump;
mod session;
mod terminal;
mod wasm;

use cli::Action;
use std::io::IsTerminal;

/// Every allocation is tagged with the process that made it, for per-process memory accounting.
#[global_allocator]
static ALLOCATOR: wosix_alloc::Metered = wosix_alloc::Metered;

fn main() {
    let code = run();
    std::process::exit(code);
}

/// Parse the command line, boot, run the session; returns the exit status.
fn run() -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cli = match cli::parse(&args) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("wosix: {msg}");
            eprint!("{}", cli::USAGE);
            return 2;
        }
    };
    let action = match cli.action {
        Action::Help => {
            print!("{}", cli::USAGE);
            return 0;
        }
        Action::Version => {
            println!("wosix {}", env!("CARGO_PKG_VERSION"));
            return 0;
        }
        Action::Fetch { names } => return fetch(&names),
        Action::Auto if std::io::stdin().is_terminal() => Action::Shell,
        other => other,
    };
    // Read the script before booting, so a typo fails fast.
    let script = match &action {
        Action::Run { script, .. } => match std::fs::read(script) {
            Ok(data) => Some(data),
            Err(e) => {
                eprintln!("wosix: {script}: {}", io_message(&e));
                return 2;
            }
        },
        _ => None,
    };
    let mut files = Vec::new();
    for (host, path) in &cli.installs {
        match std::fs::read(host) {
            Ok(data) => files.push((path.clone(), data)),
            Err(e) => {
                eprintln!("wosix: {host}: {}", io_message(&e));
                return 2;
            }
        }
    }
    let session = match session::boot(&cli.user) {
        Ok(s) => s,
        Err((msg, status)) => {
            eprintln!("wosix: {msg}");
            return status;
        }
    };
    if let Err(msg) = install(&session, files) {
        eprintln!("wosix: --install: {msg}");
        return 1;
    }
    let sh = || "sh".to_string();
    match action {
        Action::Command { command, args } => {
            let mut argv = vec![sh(), "-c".to_string(), command];
            argv.extend(args);
            session.run_piped(argv)
        }
        Action::Run {
            script: host_path,
            args,
        } => {
            let data = script.unwrap_or_default();
            let path = match session.install(&host_path, data) {
                Ok(p) => p,
                Err((msg, status)) => {
                    eprintln!("wosix: {msg}");
                    return status;
                }
            };
            let mut argv = vec![sh(), path];
            argv.extend(args);
            session.run_piped(argv)
        }
        Action::Auto => session.run_piped(vec![sh(), "-s".to_string()]),
        Action::Shell => session.run_interactive(),
        Action::Help | Action::Version | Action::Fetch { .. } => 0,
    }
}

/// `--install HOST:PATH`: write each (path, bytes) into the machine as root, mode 0755, the
/// way cached packages are installed at boot, before the session's shell starts.
fn install(session: &session::Session, files: Vec<(String, Vec<u8>)>) -> Result<(), String> {
    let sys = session.machine.init();
    session.machine.block_on(async move {
        for (path, data) in files {
            // A package's path is 'static; these few strings live as long as the process.
            let path: &'static str = Box::leak(path.into_boxed_str());
            let pkg = packages::Package {
                name: path,
                path,
                file: "",
                about: "--install",
                wheel: ("", ""),
            };
            packages::install(&sys, &pkg, data)
                .await
                .map_err(|e| format!("{path}: {}", e.message()))?;
        }
        Ok(())
    })
}

/// `wosix fetch [PACKAGE]...`: download packages into the host cache (all when none is named;
/// `--list` names them). Returns 0, or 1 if any failed.
fn fetch(names: &[String]) -> i32 {
    if names.iter().any(|n| n == "--list") {
        for p in packages::PACKAGES {
            println!("{:<10} {:<18} {}", p.name, p.path, p.about);
        }
        return 0;
    }
    let wanted: Vec<&packages::Package> = if names.is_empty() {
        packages::PACKAGES.iter().collect()
    } else {
        let mut v = Vec::new();
        for n in names {
            match packages::find(n) {
                Some(p) => v.push(p),
                None => {
                    eprintln!("wosix: fetch: unknown package '{n}' (wosix fetch --list)");
                    return 1;
                }
            }
        }
        v
    };
    let mut status = 0;
    for p in wanted {
        match packages::fetch(p) {
            Ok(path) => println!(
                "{}: {} (installed as {} at boot)",
                p.name,
                path.display(),
                p.path
            ),
            Err(msg) => {
                eprintln!("wosix: fetch: {}: {msg}", p.name);
                status = 1;
            }
        }
    }
    status
}

/// strerror(3)-style text of a host I/O error, without std's ` (os error N)` suffix.
fn io_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
