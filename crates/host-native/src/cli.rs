//! Command-line parsing of the `wosix` binary, kept apart from the machine so that the grammar
//! can be unit-tested: options first (`-u NAME`, `--user=NAME`, `--install HOST:PATH`,
//! `--help`, `--version`), then
//! either `-c COMMAND [NAME [ARG...]]` (as sh(1) takes it), `run SCRIPT [ARG...]`, `shell`, or
//! nothing (interactive when stdin is a terminal, a script read from stdin otherwise).

/// What the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Print the usage summary to stdout and exit 0.
    Help,
    /// Print the version to stdout and exit 0.
    Version,
    /// Run `sh -c COMMAND ARGS...` with the host's standard streams bridged.
    Command {
        /// The command string.
        command: String,
        /// `$0` and the positional parameters that follow the command.
        args: Vec<String>,
    },
    /// Copy a host script into the machine and run `sh SCRIPT ARGS...`.
    Run {
        /// Path of the script on the host.
        script: String,
        /// Its arguments.
        args: Vec<String>,
    },
    /// An interactive login shell on a pseudo-terminal.
    Shell,
    /// No command: interactive if stdin is a terminal, else `sh -s` reading stdin.
    Auto,
    /// Download guest packages into the host cache (`wosix fetch [--list] [PACKAGE]...`).
    Fetch {
        /// The packages (all when empty), or `--list`.
        names: Vec<String>,
    },
}

/// Parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cli {
    /// The account the session runs as.
    pub user: String,
    /// Host files to copy into the machine before the session starts: (host path, absolute
    /// path in the machine), from `--install HOST:PATH`.
    pub installs: Vec<(String, String)>,
    /// What to do.
    pub action: Action,
}

/// The account sessions run as unless `--user` says otherwise.
pub const DEFAULT_USER: &str = "user";

/// The usage summary (`--help`, and on stderr after a usage error).
pub const USAGE: &str = "\
Usage: wosix [OPTION]...                      interactive shell (script from stdin if not a tty)
       wosix [OPTION]... -c COMMAND [NAME [ARG]...]
       wosix [OPTION]... run SCRIPT [ARG]...
       wosix [OPTION]... shell
       wosix fetch [--list] [PACKAGE]...
Boot a Wosix machine and run a shell in it, with this terminal or these streams attached.

  -c COMMAND         run COMMAND with sh -c; NAME and ARGs become $0, $1...
  run SCRIPT         copy the host file SCRIPT into the machine's /tmp and run it with sh
  shell              interactive login shell on a pseudo-terminal
  fetch [PACKAGE]    download guest packages (python3) into the host cache; every
                     machine booted afterwards has them (--list names them)
  -u, --user=NAME    run as account NAME (default: user; root's password is root)
  --install=HOST:PATH
                     copy the host file HOST into the machine as PATH (owned by root,
                     mode 0755, parent directories created) before the session starts;
                     repeatable (a WebAssembly module installed so runs as a program)
  -h, --help         display this help and exit
  -V, --version      output version information and exit

Exit status is the shell's: its exit code, or 128+N if it was killed by signal N.
";

/// Parse the arguments after the program name.
///
/// # Errors
/// The message for a usage error (printed as `wosix: MESSAGE` followed by the usage summary).
pub fn parse(args: &[String]) -> Result<Cli, String> {
    let mut user = DEFAULT_USER.to_string();
    let mut installs = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-h" | "--help" => {
                return Ok(Cli {
                    user,
                    installs,
                    action: Action::Help,
                });
            }
            "-V" | "--version" => {
                return Ok(Cli {
                    user,
                    installs,
                    action: Action::Version,
                });
            }
            "-u" | "--user" => {
                let v = args
                    .get(i + 1)
                    .ok_or_else(|| format!("option '{a}' requires an argument"))?;
                user = v.clone();
                i += 2;
                continue;
            }
            "--install" => {
                let v = args
                    .get(i + 1)
                    .ok_or("option '--install' requires an argument")?;
                installs.push(install_spec(v)?);
                i += 2;
                continue;
            }
            "-c" => {
                let command = args
                    .get(i + 1)
                    .ok_or("option '-c' requires an argument")?
                    .clone();
                let args = args[i + 2..].to_vec();
                return Ok(Cli {
                    user,
                    installs,
                    action: Action::Command { command, args },
                });
            }
            "--" => {
                i += 1;
                break;
            }
            _ => {}
        }
        if let Some(v) = a.strip_prefix("--user=") {
            user = v.to_string();
        } else if let Some(v) = a.strip_prefix("--install=") {
            installs.push(install_spec(v)?);
        } else if let Some(v) = a.strip_prefix("-u").filter(|_| !a.starts_with("--")) {
            user = v.to_string();
        } else if let Some(long) = a.strip_prefix("--") {
            return Err(format!("unrecognized option '--{long}'"));
        } else if a.len() > 1 && a.starts_with('-') {
            let c = a[1..].chars().next().unwrap_or('-');
            return Err(format!("invalid option -- '{c}'"));
        } else {
            break;
        }
        i += 1;
    }
    if user.is_empty() {
        return Err("empty user name".to_string());
    }
    let rest = &args[i.min(args.len())..];
    let action = match rest.first().map(String::as_str) {
        None => Action::Auto,
        Some("shell") if rest.len() == 1 => Action::Shell,
        Some("shell") => return Err(format!("extra operand '{}'", rest[1])),
        Some("run") => {
            let script = rest.get(1).ok_or("run: missing script operand")?.clone();
            Action::Run {
                script,
                args: rest[2..].to_vec(),
            }
        }
        Some("fetch") => Action::Fetch {
            names: rest[1..].to_vec(),
        },
        Some(other) => return Err(format!("unknown command '{other}'")),
    };
    Ok(Cli {
        user,
        installs,
        action,
    })
}

/// Split `HOST:PATH` at its last `:`; PATH must be absolute and name a file.
fn install_spec(spec: &str) -> Result<(String, String), String> {
    match spec.rsplit_once(':') {
        Some((host, path)) if !host.is_empty() && path.starts_with('/') && !path.ends_with('/') => {
            Ok((host.to_string(), path.to_string()))
        }
        _ => Err(format!(
            "--install: '{spec}' is not HOST:PATH with an absolute PATH in the machine"
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Cli, String> {
        parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn defaults_to_auto_as_user() {
        assert_eq!(
            p(&[]),
            Ok(Cli {
                user: "user".into(),
                installs: Vec::new(),
                action: Action::Auto
            })
        );
    }

    #[test]
    fn command_takes_name_and_args() {
        let c = p(&["-u", "root", "-c", "echo $0 $1", "me", "x"]).unwrap();
        assert_eq!(c.user, "root");
        assert_eq!(
            c.action,
            Action::Command {
                command: "echo $0 $1".into(),
                args: vec!["me".into(), "x".into()]
            }
        );
    }

    #[test]
    fn user_forms() {
        assert_eq!(p(&["--user=root", "shell"]).unwrap().user, "root");
        assert_eq!(p(&["--user", "root", "shell"]).unwrap().user, "root");
        assert_eq!(p(&["-uroot", "shell"]).unwrap().user, "root");
        assert!(p(&["--user"]).is_err());
        assert!(p(&["--user="]).is_err());
    }

    #[test]
    fn run_and_shell() {
        assert_eq!(
            p(&["run", "x.sh", "-a", "b"]).unwrap().action,
            Action::Run {
                script: "x.sh".into(),
                args: vec!["-a".into(), "b".into()]
            }
        );
        assert_eq!(p(&["--", "shell"]).unwrap().action, Action::Shell);
        assert!(p(&["run"]).is_err());
        assert!(p(&["shell", "x"]).is_err());
    }

    #[test]
    fn usage_errors() {
        assert_eq!(p(&["--frob"]), Err("unrecognized option '--frob'".into()));
        assert_eq!(p(&["-z"]), Err("invalid option -- 'z'".into()));
        assert_eq!(p(&["-c"]), Err("option '-c' requires an argument".into()));
        assert_eq!(p(&["bogus"]), Err("unknown command 'bogus'".into()));
    }

    #[test]
    fn install_options() {
        let c = p(&[
            "--install",
            "a/b.wasm:/usr/bin/b",
            "--install=/h:x/c:/opt/c",
            "-c",
            "b",
        ])
        .unwrap();
        assert_eq!(
            c.installs,
            vec![
                ("a/b.wasm".into(), "/usr/bin/b".into()),
                ("/h:x/c".into(), "/opt/c".into())
            ]
        );
        assert_eq!(
            c.action,
            Action::Command {
                command: "b".into(),
                args: vec![]
            }
        );
        assert!(p(&["--install"]).is_err());
        assert!(p(&["--install", "f"]).is_err());
        assert!(p(&["--install", "f:rel"]).is_err());
        assert!(p(&["--install", ":/x"]).is_err());
        assert!(p(&["--install=f:/usr/bin/"]).is_err());
    }

    #[test]
    fn help_and_version() {
        assert_eq!(p(&["--help"]).unwrap().action, Action::Help);
        assert_eq!(p(&["-V"]).unwrap().action, Action::Version);
    }
}
