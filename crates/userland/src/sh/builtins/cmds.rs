//! Command-lookup built-ins: `alias`/`unalias`, `type`, `command` (`-v`, `-V`, `-p`) and
//! `hash` — with dash's wording (`ls is a tracked alias for /usr/bin/ls`).

use super::shell_quote;
use crate::sh::shell::Shell;
use crate::sh::spawn::Resolved;
use crate::sh::state::{Ctl, R};

const KEYWORDS: &[&str] = &[
    "!", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until",
    "while", "{", "}",
];

/// alias [name[=value]…]
pub async fn alias(sh: &mut Shell, argv: &[String]) -> R {
    if argv.len() == 1 {
        let text: String = sh
            .aliases
            .iter()
            .map(|(k, v)| format!("{k}={}\n", shell_quote(v)))
            .collect();
        sh.out.str(&text);
        return Ok(0);
    }
    let mut st = 0;
    for a in &argv[1..] {
        match a.split_once('=') {
            Some((n, v)) => {
                sh.aliases.insert(n.to_string(), v.to_string());
            }
            None => match sh.aliases.get(a) {
                Some(v) => {
                    let line = format!("{a}={}", shell_quote(v));
                    sh.out.line(&line);
                }
                None => {
                    sh.err.str(&format!("alias: {a} not found\n"));
                    sh.flush_err().await;
                    st = 1;
                }
            },
        }
    }
    Ok(st)
}

/// unalias [-a] name…
pub async fn unalias(sh: &mut Shell, argv: &[String]) -> R {
    if argv.get(1).map(String::as_str) == Some("-a") {
        sh.aliases.clear();
        return Ok(0);
    }
    let mut st = 0;
    for a in &argv[1..] {
        if sh.aliases.remove(a).is_none() {
            sh.err.str(&format!("unalias: {a} not found\n"));
            sh.flush_err().await;
            st = 1;
        }
    }
    Ok(st)
}

/// Describe `name` as `type` and `command -V` do; `None` if not found.
async fn describe(sh: &mut Shell, name: &str, verbose: bool) -> Option<String> {
    if KEYWORDS.contains(&name) {
        return Some(if verbose {
            format!("{name} is a shell keyword")
        } else {
            name.to_string()
        });
    }
    if let Some(v) = sh.aliases.get(name) {
        return Some(if verbose {
            format!("{name} is an alias for {v}")
        } else {
            format!("alias {name}={}", shell_quote(v))
        });
    }
    let hashed = sh.hash.contains_key(name);
    match sh.resolve(name).await {
        Resolved::Special => Some(if verbose {
            format!("{name} is a special shell builtin")
        } else {
            name.to_string()
        }),
        Resolved::Builtin => Some(if verbose {
            format!("{name} is a shell builtin")
        } else {
            name.to_string()
        }),
        Resolved::Function(_) => Some(if verbose {
            format!("{name} is a shell function")
        } else {
            name.to_string()
        }),
        Resolved::External(p) => {
            if name.contains('/') && sh.sys.stat(&p).await.is_err() {
                return None;
            }
            Some(if !verbose {
                p
            } else if hashed {
                format!("{name} is a tracked alias for {p}")
            } else {
                format!("{name} is {p}")
            })
        }
        Resolved::NotFound => None,
    }
}

/// type name…
pub async fn type_(sh: &mut Shell, argv: &[String]) -> R {
    let mut st = 0;
    for name in &argv[1..] {
        match describe(sh, name, true).await {
            Some(d) => sh.out.line(&d),
            None => {
                sh.out.line(&format!("{name}: not found"));
                st = 127;
            }
        }
    }
    Ok(st)
}

/// command [-p] [-v|-V] name [args…]
pub async fn command(sh: &mut Shell, argv: &[String]) -> R {
    let mut i = 1;
    let (mut v, mut vv, mut p) = (false, false, false);
    while let Some(a) = argv.get(i) {
        if a == "--" {
            i += 1;
            break;
        }
        if !a.starts_with('-') || a.len() < 2 {
            break;
        }
        for c in a[1..].chars() {
            match c {
                'v' => v = true,
                'V' => vv = true,
                'p' => p = true,
                c => {
                    return Err(sh
                        .bi_error("command", &format!("Illegal option -{c}"))
                        .await);
                }
            }
        }
        i += 1;
    }
    let Some(name) = argv.get(i) else {
        return Ok(0);
    };
    if v || vv {
        return Ok(match describe(sh, name, vv).await {
            Some(d) => {
                sh.out.line(&d);
                0
            }
            None => {
                if vv {
                    sh.out.line(&format!("{name}: not found"));
                }
                127
            }
        });
    }
    let args = &argv[i..];
    if super::is_special(name) || super::is_builtin(name) {
        return match sh.run_builtin(args).await {
            Err(Ctl::Error(s)) => Ok(s),
            other => other,
        };
    }
    let path = if name.contains('/') {
        Some(name.clone())
    } else if p {
        let saved = sh.var("PATH").map(str::to_string);
        let _ = sh
            .vars
            .set("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        let r = sh.path_search(name).await;
        match saved {
            Some(s) => {
                let _ = sh.vars.set("PATH", &s);
            }
            None => {
                sh.vars.map.remove("PATH");
            }
        }
        r
    } else {
        match sh.resolve(name).await {
            Resolved::External(p) => Some(p),
            _ => None,
        }
    };
    let Some(path) = path else {
        sh.msg(&format!("{name}: not found")).await;
        return Ok(127);
    };
    let envp = sh.env_with(&[]);
    let attrs = sh.child_attrs(
        if sh.job_control {
            Some(wosix_abi::Pid(0))
        } else {
            None
        },
        true,
    );
    match sh.spawn_program(&path, args, envp, Vec::new(), attrs).await {
        Ok(pid) => {
            let pn = pid.0 as i32;
            let id = sh.jobs.add(
                if sh.job_control { pn } else { 0 },
                &[pn],
                args.join(" "),
                false,
            );
            Ok(sh.wait_job(id).await)
        }
        Err(st) => Ok(st),
    }
}

/// hash [-r] [name…]
pub async fn hash(sh: &mut Shell, argv: &[String]) -> R {
    if argv.get(1).map(String::as_str) == Some("-r") {
        sh.hash.clear();
        return Ok(0);
    }
    if argv.len() == 1 {
        let text: String = sh.hash.values().map(|p| format!("{p}\n")).collect();
        sh.out.str(&text);
        return Ok(0);
    }
    let mut st = 0;
    for name in &argv[1..] {
        sh.hash.remove(name);
        if name.contains('/') {
            continue;
        }
        match sh.path_search(name).await {
            Some(p) => {
                sh.hash.insert(name.clone(), p);
            }
            None => {
                sh.msg(&format!("hash: {name}: not found")).await;
                st = 1;
            }
        }
    }
    Ok(st)
}
