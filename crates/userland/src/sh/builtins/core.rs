//! Core built-ins: `echo` (dash's: escapes always, only `-n`), `printf`, `test`/`[`, `exit`,
//! `return`, `break`/`continue`, `shift`, `eval`, `.` and `exec`, and `times`.

use crate::sh::shell::Shell;
use crate::sh::state::{Ctl, R};

/// echo: arguments separated by spaces; backslash escapes always interpreted; `-n` (as the
/// first argument only) suppresses the newline.
pub async fn echo(sh: &mut Shell, argv: &[String]) -> R {
    let mut args = &argv[1..];
    let mut nl = true;
    if args.first().map(String::as_str) == Some("-n") {
        nl = false;
        args = &args[1..];
    }
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            sh.out.bytes(b" ");
        }
        let (b, stop) = crate::sh::printf::b_escapes(a);
        sh.out.bytes(&b);
        if stop {
            return Ok(0);
        }
    }
    if nl {
        sh.out.bytes(b"\n");
    }
    let _ = sh.out.maybe_flush(&sh.sys).await;
    Ok(0)
}

/// printf (see [`crate::sh::printf`]).
pub async fn printf(sh: &mut Shell, argv: &[String]) -> R {
    let r = crate::sh::printf::printf(&argv[1..]);
    sh.out.bytes(&r.out);
    for e in &r.errors {
        sh.msg(&format!("printf: {e}")).await;
    }
    Ok(r.status)
}

/// test and `[`.
pub async fn test(sh: &mut Shell, argv: &[String]) -> R {
    let sys = sh.sys.clone();
    let (st, err) = crate::sh::test::test(&sys, argv).await;
    if let Some(m) = err {
        sh.msg(&format!("{}: {m}", argv[0])).await;
    }
    Ok(st)
}

/// exit [n].
pub async fn exit(sh: &mut Shell, argv: &[String]) -> R {
    let st = match argv.get(1) {
        Some(a) => (sh.bi_number("exit", a).await? & 0xff) as i32,
        None => sh.status,
    };
    Err(Ctl::Exit(st))
}

/// return [n].
pub async fn return_(sh: &mut Shell, argv: &[String]) -> R {
    let st = match argv.get(1) {
        Some(a) => (sh.bi_number("return", a).await? & 0xff) as i32,
        None => sh.status,
    };
    if sh.func_depth == 0 && sh.dot_depth == 0 {
        return Err(Ctl::Exit(st));
    }
    Err(Ctl::Return(st))
}

/// break [n] / continue [n].
pub async fn break_(sh: &mut Shell, argv: &[String]) -> R {
    let n = match argv.get(1) {
        Some(a) => {
            let n = sh.bi_number(&argv[0], a).await?;
            if n == 0 {
                return Err(sh.bi_error(&argv[0], &format!("Illegal number: {a}")).await);
            }
            n as u32
        }
        None => 1,
    };
    if sh.loop_depth == 0 {
        return Ok(0);
    }
    let n = n.min(sh.loop_depth);
    Err(if argv[0] == "break" {
        Ctl::Break(n)
    } else {
        Ctl::Continue(n)
    })
}

/// shift [n].
pub async fn shift(sh: &mut Shell, argv: &[String]) -> R {
    let n = match argv.get(1) {
        Some(a) => sh.bi_number("shift", a).await? as usize,
        None => 1,
    };
    if n > sh.params.len() {
        return Err(sh.bi_error("shift", "can't shift that many").await);
    }
    sh.params.drain(..n);
    Ok(0)
}

/// eval args…
pub async fn eval(sh: &mut Shell, argv: &[String]) -> R {
    let text = argv[1..].join(" ");
    if text.trim().is_empty() {
        return Ok(0);
    }
    sh.eval_text(&text, Some("eval")).await
}

/// . file — read and run commands from a file found through PATH.
pub async fn dot(sh: &mut Shell, argv: &[String]) -> R {
    let Some(name) = argv.get(1) else {
        return Ok(0);
    };
    let path = if name.contains('/') {
        name.clone()
    } else {
        let p = sh
            .var("PATH")
            .unwrap_or("/usr/local/bin:/usr/bin:/bin")
            .to_string();
        let mut found = None;
        for dir in p.split(':') {
            let full = if dir.is_empty() {
                name.clone()
            } else {
                format!("{}/{name}", dir.trim_end_matches('/'))
            };
            if sh.sys.stat(&full).await.is_ok_and(|s| !s.is_dir()) {
                found = Some(full);
                break;
            }
        }
        match found {
            Some(f) => f,
            None => return Err(sh.bi_error(".", &format!("{name}: not found")).await),
        }
    };
    let data = match crate::sh::input::read_script(&sh.sys, &path).await {
        Ok(d) => d,
        Err(e) => {
            let m = crate::sh::redir::open_errmsg(e, false);
            return Err(sh.bi_error(".", &format!("cannot open {path}: {m}")).await);
        }
    };
    sh.dot_depth += 1;
    let saved_line = sh.lineno;
    sh.lineno = 1;
    let r = sh.eval_text(&data, None).await;
    sh.lineno = saved_line;
    sh.dot_depth -= 1;
    match r {
        Err(Ctl::Return(s)) => Ok(s),
        other => other,
    }
}

/// exec with a command (without one, the redirections were made permanent by the caller).
pub async fn exec(sh: &mut Shell, argv: &[String]) -> R {
    if argv.len() < 2 {
        return Ok(0);
    }
    let name = &argv[1];
    let path = if name.contains('/') {
        Some(name.clone())
    } else {
        sh.path_search(name).await
    };
    let Some(path) = path else {
        sh.msg(&format!("exec: {name}: not found")).await;
        return Err(Ctl::Exit(127));
    };
    let envp = sh.env_with(&[]);
    let attrs = sh.child_attrs(None, false);
    let st = match sh
        .spawn_program(&path, &argv[1..], envp, Vec::new(), attrs)
        .await
    {
        Ok(pid) => sh.wait_pid(pid).await,
        Err(st) => st,
    };
    Err(Ctl::Exit(st))
}

/// times: user and system times of the shell and its children.
pub async fn times(sh: &mut Shell, _argv: &[String]) -> R {
    let fmt = |us: u64| {
        format!(
            "{}m{}.{:06}s",
            us / 60_000_000,
            (us / 1_000_000) % 60,
            us % 1_000_000
        )
    };
    let (s, c) = match sh.sys.getrusage().await {
        Ok(r) => (r.self_cpu_us, r.children_cpu_us),
        Err(_) => (0, 0),
    };
    let text = format!("{} {}\n{} {}\n", fmt(s), fmt(0), fmt(c), fmt(0));
    sh.out.str(&text);
    Ok(0)
}
