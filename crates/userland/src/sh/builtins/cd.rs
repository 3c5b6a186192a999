//! Directory and mode built-ins: `cd` (logical and physical, `-`, `CDPATH`, maintaining `PWD`
//! and `OLDPWD`), `pwd` (`-L`/`-P`) and `umask` (octal and symbolic, `-S`).

use crate::sh::shell::Shell;
use crate::sh::state::R;

/// Resolve `.` and `..` in an absolute path textually.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    format!("/{}", parts.join("/"))
}

/// cd [-L|-P] [dir|-]
pub async fn cd(sh: &mut Shell, argv: &[String]) -> R {
    let mut physical = false;
    let mut i = 1;
    while let Some(a) = argv.get(i) {
        match a.as_str() {
            "-L" => physical = false,
            "-P" => physical = true,
            "--" => {
                i += 1;
                break;
            }
            _ => break,
        }
        i += 1;
    }
    let mut print = false;
    let target = match argv.get(i).map(String::as_str) {
        None => match sh.var("HOME") {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => return Ok(0),
        },
        Some("-") => {
            print = true;
            sh.var("OLDPWD")
                .map(str::to_string)
                .unwrap_or_else(|| sh.var("PWD").unwrap_or(".").to_string())
        }
        Some("") => return Ok(0),
        Some(d) => d.to_string(),
    };
    let mut candidates: Vec<(String, bool)> = Vec::new();
    let searchable = !target.starts_with('/')
        && !target.starts_with("./")
        && !target.starts_with("../")
        && target != "."
        && target != "..";
    if searchable && let Some(cdpath) = sh.var("CDPATH").map(str::to_string) {
        for dir in cdpath.split(':') {
            if dir.is_empty() {
                candidates.push((target.clone(), false));
            } else {
                candidates.push((format!("{}/{target}", dir.trim_end_matches('/')), true));
            }
        }
    }
    candidates.push((target.clone(), false));
    let cur = match sh.var("PWD") {
        Some(p) if p.starts_with('/') => p.to_string(),
        _ => sh.sys.getcwd().await.unwrap_or_else(|_| "/".into()),
    };
    for (cand, from_cdpath) in candidates {
        let logical = if cand.starts_with('/') {
            normalize(&cand)
        } else {
            normalize(&format!("{cur}/{cand}"))
        };
        let attempt = if physical {
            cand.clone()
        } else {
            logical.clone()
        };
        if sh.sys.chdir(&attempt).await.is_ok() {
            let newpwd = if physical {
                sh.sys.getcwd().await.unwrap_or(logical)
            } else {
                logical
            };
            let _ = sh.setvar("OLDPWD", &cur);
            let _ = sh.setvar("PWD", &newpwd);
            if print || from_cdpath {
                sh.out.line(&newpwd);
            }
            return Ok(0);
        }
    }
    Err(sh.bi_error("cd", &format!("can't cd to {target}")).await)
}

/// pwd [-L|-P]
pub async fn pwd(sh: &mut Shell, argv: &[String]) -> R {
    let physical = argv[1..].iter().any(|a| a == "-P");
    let real = sh.sys.getcwd().await.unwrap_or_else(|_| "/".into());
    let shown = match sh.var("PWD") {
        Some(p) if !physical && p.starts_with('/') => {
            let same = match (sh.sys.stat(p).await, sh.sys.stat(".").await) {
                (Ok(a), Ok(b)) => a.dev == b.dev && a.ino == b.ino,
                _ => false,
            };
            if same { p.to_string() } else { real }
        }
        _ => real,
    };
    sh.out.line(&shown);
    Ok(0)
}

/// Apply a symbolic mode (`u=rwx,g+w`) to permission bits.
pub fn symbolic(perm: u32, spec: &str) -> Option<u32> {
    let mut p = perm;
    for clause in spec.split(',') {
        let ops_at = clause.find(['+', '-', '='])?;
        let (who, rest) = clause.split_at(ops_at);
        let mut mask = 0;
        for w in who.chars() {
            mask |= match w {
                'u' => 0o700,
                'g' => 0o070,
                'o' => 0o007,
                'a' => 0o777,
                _ => return None,
            };
        }
        if who.is_empty() {
            mask = 0o777;
        }
        let mut chars = rest.chars().peekable();
        while let Some(op) = chars.next() {
            let mut bits = 0;
            while let Some(&c) = chars.peek() {
                let b = match c {
                    'r' => 0o444,
                    'w' => 0o222,
                    'x' => 0o111,
                    '+' | '-' | '=' => break,
                    _ => return None,
                };
                bits |= b;
                chars.next();
            }
            let bits = bits & mask;
            match op {
                '+' => p |= bits,
                '-' => p &= !bits,
                _ => p = (p & !mask) | bits,
            }
        }
    }
    Some(p)
}

/// The `-S` form of a mask: `u=rwx,g=rx,o=rx`.
pub fn mask_symbolic(mask: u32) -> String {
    let perm = !mask & 0o777;
    let part = |shift: u32| {
        let b = (perm >> shift) & 7;
        let mut s = String::new();
        if b & 4 != 0 {
            s.push('r');
        }
        if b & 2 != 0 {
            s.push('w');
        }
        if b & 1 != 0 {
            s.push('x');
        }
        s
    };
    format!("u={},g={},o={}", part(6), part(3), part(0))
}

/// umask [-S] [mask]
pub async fn umask(sh: &mut Shell, argv: &[String]) -> R {
    let mut args = &argv[1..];
    let mut sym = false;
    if args.first().map(String::as_str) == Some("-S") {
        sym = true;
        args = &args[1..];
    }
    let cur = sh.sys.umask(0o022).await.unwrap_or(0o022);
    let _ = sh.sys.umask(cur).await;
    let Some(spec) = args.first() else {
        let text = if sym {
            mask_symbolic(cur)
        } else {
            format!("{cur:04o}")
        };
        sh.out.line(&text);
        return Ok(0);
    };
    let new = if spec.bytes().all(|b| b.is_ascii_digit()) {
        match u32::from_str_radix(spec, 8) {
            Ok(m) if m <= 0o777 => m,
            _ => {
                return Err(sh
                    .bi_error("umask", &format!("Illegal number: {spec}"))
                    .await);
            }
        }
    } else {
        match symbolic(!cur & 0o777, spec) {
            Some(perm) => !perm & 0o777,
            None => return Err(sh.bi_error("umask", &format!("Illegal mode: {spec}")).await),
        }
    };
    let _ = sh.sys.umask(new).await;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_modes() {
        assert_eq!(normalize("/tmp/cdt/sub/.."), "/tmp/cdt");
        assert_eq!(normalize("/a/./b//c/../../"), "/a");
        assert_eq!(normalize("/.."), "/");
        assert_eq!(mask_symbolic(0o022), "u=rwx,g=rx,o=rx");
        assert_eq!(mask_symbolic(0o027), "u=rwx,g=rx,o=");
        assert_eq!(symbolic(0o755, "g+w"), Some(0o775));
        assert_eq!(symbolic(0o755, "a-w"), Some(0o555));
        assert_eq!(symbolic(0o755, "u=rwx,g=rx,o="), Some(0o750));
        assert_eq!(symbolic(0o755, "q+w"), None);
    }
}
