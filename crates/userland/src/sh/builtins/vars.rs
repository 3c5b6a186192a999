//! Variable built-ins: `export` and `readonly` (with `-p` listings in dash's format), `unset`
//! (`-f`, `-v`), `local`, and `getopts`.

use super::shell_quote;
use crate::sh::parser::is_name;
use crate::sh::shell::Shell;
use crate::sh::state::R;

/// export / readonly [-p] [name[=value]…]
pub async fn export(sh: &mut Shell, argv: &[String]) -> R {
    let cmd = argv[0].as_str();
    let mut args = &argv[1..];
    let mut print = false;
    while let Some(a) = args.first() {
        match a.as_str() {
            "-p" => print = true,
            "--" => {
                args = &args[1..];
                break;
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(sh
                    .bi_error(cmd, &format!("Illegal option {}", &s[..2]))
                    .await);
            }
            _ => break,
        }
        args = &args[1..];
    }
    if args.is_empty() {
        let mut text = String::new();
        for (k, v) in &sh.vars.map {
            let shown = if cmd == "export" {
                v.exported
            } else {
                v.readonly
            };
            if !shown {
                continue;
            }
            match &v.value {
                Some(val) => text.push_str(&format!("{cmd} {k}={}\n", shell_quote(val))),
                None => text.push_str(&format!("{cmd} {k}\n")),
            }
        }
        let _ = print;
        sh.out.str(&text);
        return Ok(0);
    }
    for a in args {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.as_str(), None),
        };
        if !is_name(name) {
            return Err(sh
                .bi_error(cmd, &format!("{name}: bad variable name"))
                .await);
        }
        if let Some(v) = value
            && let Err(m) = sh.vars.set(name, v)
        {
            return Err(sh.bi_error(cmd, &m).await);
        }
        let var = sh.vars.map.entry(name.to_string()).or_default();
        if cmd == "export" {
            var.exported = true;
        } else {
            var.readonly = true;
        }
    }
    Ok(0)
}

/// unset [-f|-v] name…
pub async fn unset(sh: &mut Shell, argv: &[String]) -> R {
    let mut funcs = false;
    let mut args = &argv[1..];
    while let Some(a) = args.first() {
        match a.as_str() {
            "-f" => funcs = true,
            "-v" => funcs = false,
            "--" => {
                args = &args[1..];
                break;
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(sh
                    .bi_error("unset", &format!("Illegal option {}", &s[..2]))
                    .await);
            }
            _ => break,
        }
        args = &args[1..];
    }
    for name in args {
        if funcs {
            sh.funcs.remove(name);
            continue;
        }
        if !is_name(name) {
            return Err(sh
                .bi_error("unset", &format!("{name}: bad variable name"))
                .await);
        }
        if let Err(m) = sh.vars.unset(name) {
            return Err(sh.bi_error("unset", &m).await);
        }
    }
    Ok(0)
}

/// local name[=value]… (only inside functions).
pub async fn local(sh: &mut Shell, argv: &[String]) -> R {
    if sh.func_depth == 0 || sh.vars.frames.is_empty() {
        return Err(sh.bi_error("local", "not in a function").await);
    }
    for a in &argv[1..] {
        if a == "-" {
            continue;
        }
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.as_str(), None),
        };
        if !is_name(name) {
            return Err(sh
                .bi_error("local", &format!("{name}: bad variable name"))
                .await);
        }
        sh.vars.make_local(name);
        if let Some(v) = value
            && let Err(m) = sh.setvar(name, v)
        {
            return Err(sh.fatal(&m).await);
        }
    }
    Ok(0)
}

/// getopts optstring name [args…]
pub async fn getopts(sh: &mut Shell, argv: &[String]) -> R {
    if argv.len() < 3 {
        return Err(sh
            .bi_error("getopts", "Usage: getopts optstring var [arg...]")
            .await);
    }
    let optstring = argv[1].clone();
    let var = argv[2].clone();
    let args: Vec<String> = if argv.len() > 3 {
        argv[3..].to_vec()
    } else {
        sh.params.clone()
    };
    let silent = optstring.starts_with(':');
    let optind: usize = sh
        .var("OPTIND")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    // Position inside a bundled argument (`-ab`) is kept in a private variable.
    let mut sub: usize = match sh.optpos {
        Some((ind, pos)) if ind == optind => pos,
        _ => 1,
    };
    let set = |sh: &mut Shell, name: &str, v: &str| {
        let _ = sh.setvar(name, v);
    };
    let done = |sh: &mut Shell, optind: usize| {
        sh.optpos = None;
        let _ = sh.setvar("OPTIND", &optind.to_string());
        let _ = sh.setvar(&var, "?");
        sh.vars.map.remove("OPTARG");
        Ok(1)
    };
    let Some(arg) = args.get(optind - 1) else {
        return done(sh, optind);
    };
    if sub == 1 {
        if arg == "--" {
            return done(sh, optind + 1);
        }
        if !arg.starts_with('-') || arg == "-" {
            return done(sh, optind);
        }
    }
    let chars: Vec<char> = arg.chars().collect();
    let Some(&c) = chars.get(sub) else {
        return done(sh, optind);
    };
    sub += 1;
    let mut next_ind = optind;
    let at_end = sub >= chars.len();
    if at_end {
        next_ind += 1;
        sh.optpos = None;
    } else {
        sh.optpos = Some((optind, sub));
    }
    let spec = optstring.chars().position(|o| o == c && o != ':');
    match spec {
        None => {
            if silent {
                set(sh, "OPTARG", &c.to_string());
            } else {
                sh.vars.map.remove("OPTARG");
                sh.err.str(&format!("Illegal option -{c}\n"));
                sh.flush_err().await;
            }
            set(sh, &var, "?");
        }
        Some(i) => {
            let takes = optstring.chars().nth(i + 1) == Some(':');
            if takes {
                let val = if !at_end {
                    let v: String = chars[sub..].iter().collect();
                    next_ind = optind + 1;
                    sh.optpos = None;
                    Some(v)
                } else {
                    let v = args.get(next_ind - 1).cloned();
                    if v.is_some() {
                        next_ind += 1;
                    }
                    v
                };
                match val {
                    Some(v) => {
                        set(sh, "OPTARG", &v);
                        set(sh, &var, &c.to_string());
                    }
                    None if silent => {
                        set(sh, "OPTARG", &c.to_string());
                        set(sh, &var, ":");
                    }
                    None => {
                        sh.vars.map.remove("OPTARG");
                        sh.err.str(&format!("No arg for -{c} option\n"));
                        sh.flush_err().await;
                        set(sh, &var, "?");
                    }
                }
            } else {
                sh.vars.map.remove("OPTARG");
                set(sh, &var, &c.to_string());
            }
        }
    }
    set(sh, "OPTIND", &next_ind.to_string());
    Ok(0)
}
