//! su(1) and login(1) as util-linux behaves: authenticate against /etc/shadow (root needs no
//! password for su), switch credentials and run the user's shell, waiting for it and exiting
//! with its status. su is installed set-uid root; login must be run by root.

use super::auth::{self, PassError};
use crate::Ctx;
use crate::args;
use crate::cmd::users::UserDb;

const SU_USAGE: &str = "
Usage:
 su [options] [-] [<user> [<argument>...]]

Change the effective user ID and group ID to that of <user>.
A mere - implies -l.  If <user> is not given, root is assumed.

Options:
 -m, -p, --preserve-environment      do not reset environment variables
 -c, --command <command>             pass a single command to the shell with -c
 -f, --fast                          pass -f to the shell (for csh or tcsh)
 -s, --shell <shell>                 run <shell> if /etc/shells allows it
 -l, --login                         make the shell a login shell

 -h, --help                          display this help
 -V, --version                       display version

For more details see su(1).
";

/// su(1).
pub async fn su(ctx: &mut Ctx) -> i32 {
    let long = [
        "command=",
        "fast",
        "login",
        "preserve-environment",
        "shell=",
        "help",
        "version",
    ];
    let p = match args::parse(&ctx.argv[1..], "c:flmps:hV", &long, false) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            ctx.err.line("Try 'su --help' for more information.");
            return 1;
        }
    };
    if p.has('h') || p.has_long("help") {
        ctx.out.str(SU_USAGE);
        return 0;
    }
    if p.has('V') || p.has_long("version") {
        ctx.out.line("su from wosix util-linux 0.1");
        return 0;
    }
    let mut operands = p.operands.clone();
    let mut login = p.has('l') || p.has_long("login");
    if operands.first().map(String::as_str) == Some("-") {
        login = true;
        operands.remove(0);
    }
    let preserve = !login && (p.has('m') || p.has('p') || p.has_long("preserve-environment"));
    let command = p.value('c').or(p.long_value("command")).map(str::to_string);
    let shell_opt = p.value('s').or(p.long_value("shell")).map(str::to_string);
    let name = if operands.is_empty() {
        "root".to_string()
    } else {
        operands.remove(0)
    };
    let extra = operands;

    let db = UserDb::load(&ctx.sys).await;
    let Some(target) = db.user_by_name(&name).cloned() else {
        ctx.error(&format!(
            "user {name} does not exist or the user entry does not contain all the required fields"
        ));
        return 1;
    };
    let ruid = ctx.sys.getuid().await.map(|u| u.0).unwrap_or(u32::MAX);
    if ruid != 0 {
        let hash = auth::hash_of(&ctx.sys, &target).await;
        let needs_password = hash.as_deref() != Some("");
        let typed = if needs_password {
            match auth::getpass(&ctx.sys, "Password: ").await {
                Ok(pw) => Some(pw),
                Err(PassError::Interrupted) => return 130,
                Err(_) => None,
            }
        } else {
            Some(String::new())
        };
        let ok = matches!((&typed, &hash), (Some(pw), Some(h)) if auth::check(pw, h));
        if !ok {
            ctx.error("Authentication failure");
            return 1;
        }
    }
    let shell = match shell_opt {
        Some(s) if ruid == 0 || shell_allowed(ctx, &auth::shell_of(&target)).await => s,
        Some(s) => {
            ctx.error(&format!(
                "using restricted shell {}",
                auth::shell_of(&target)
            ));
            let _ = s;
            auth::shell_of(&target)
        }
        None if preserve => ctx
            .getenv("SHELL")
            .map(str::to_string)
            .unwrap_or_else(|| auth::shell_of(&target)),
        None => auth::shell_of(&target),
    };
    let env = if login {
        auth::login_env(&target, &shell, ctx.getenv("TERM"))
    } else if preserve {
        ctx.envp()
    } else {
        let mut env = ctx.env.clone();
        env.insert("HOME".into(), target.dir.clone());
        env.insert("SHELL".into(), shell.clone());
        if target.uid != 0 {
            env.insert("USER".into(), target.name.clone());
            env.insert("LOGNAME".into(), target.name.clone());
        }
        env.iter().map(|(k, v)| format!("{k}={v}")).collect()
    };
    if let Err((what, e)) = auth::become_user(&ctx.sys, &db, &target).await {
        ctx.error(&format!("{what}: {}", e.message()));
        return 1;
    }
    let mut cwd = None;
    if login {
        match ctx.sys.stat(&target.dir).await {
            Ok(st) if st.is_dir() => cwd = Some(target.dir.clone()),
            Ok(_) => ctx.error(&format!(
                "warning: cannot change directory to {}: Not a directory",
                target.dir
            )),
            Err(e) => ctx.error(&format!(
                "warning: cannot change directory to {}: {}",
                target.dir,
                e.message()
            )),
        }
    }
    let argv0 = if login {
        auth::login_argv0(&shell)
    } else {
        shell.rsplit('/').next().unwrap_or(&shell).to_string()
    };
    let mut argv = vec![argv0];
    if p.has('f') || p.has_long("fast") {
        argv.push("-f".into());
    }
    if let Some(c) = command {
        argv.push("-c".into());
        argv.push(c);
    }
    argv.extend(extra);
    ctx.flush().await;
    match auth::run_shell(&ctx.sys, &shell, argv, env, cwd).await {
        Ok(status) => status,
        Err(e) => {
            ctx.error(&format!("failed to execute {shell}: {}", e.message()));
            if e == wosix_abi::Errno::ENOENT {
                127
            } else {
                126
            }
        }
    }
}

/// Whether `shell` is listed in /etc/shells.
async fn shell_allowed(ctx: &Ctx, shell: &str) -> bool {
    let text = super::procfs::read_text(&ctx.sys, "/etc/shells")
        .await
        .unwrap_or_default();
    text.lines().any(|l| l.trim() == shell)
}

/// Maximum failed attempts before login gives up.
const LOGIN_RETRIES: u32 = 3;

/// login(1).
pub async fn login(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(&ctx.argv[1..], "f:h:pH", &["help"], false) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            ctx.err.line("Try 'login --help' for more information.");
            return 1;
        }
    };
    if p.has_long("help") {
        ctx.out.str("\nUsage:\n login [-p] [-h <host>] [-H] [[-f] <username>]\n\nBegin a session on the system.\n\nOptions:\n -p             do not destroy the environment\n -f             skip a login authentication\n -h <host>      hostname to be used for utmp logging\n -H             suppress hostname in the login prompt\n     --help     display this help\n\nFor more details see login(1).\n");
        return 0;
    }
    let euid = ctx.sys.geteuid().await.map(|u| u.0).unwrap_or(u32::MAX);
    if euid != 0 {
        ctx.error("Cannot possibly work without effective root");
        return 1;
    }
    let host = ctx
        .sys
        .uname()
        .await
        .map(|u| u.nodename)
        .unwrap_or_else(|_| "localhost".into());
    let mut preset = p
        .value('f')
        .map(str::to_string)
        .or_else(|| p.operands.first().cloned());
    let skip_auth = p.value('f').is_some();
    let db = UserDb::load(&ctx.sys).await;
    let mut tries = 0;
    let user = loop {
        let name = match preset.take() {
            Some(n) => n,
            None => {
                ctx.out.str(&format!("{host} login: "));
                ctx.flush().await;
                match auth::read_line(&ctx.sys, wosix_abi::Fd::STDIN).await {
                    Ok(n) if n.trim().is_empty() => continue,
                    Ok(n) => n.trim().to_string(),
                    Err(_) => return 1,
                }
            }
        };
        let entry = db.user_by_name(&name).cloned();
        if skip_auth {
            if let Some(u) = entry {
                break u;
            }
        } else {
            let pw = match auth::getpass(&ctx.sys, "Password: ").await {
                Ok(pw) => Some(pw),
                Err(PassError::Interrupted) => return 1,
                Err(PassError::Eof) => None,
                Err(PassError::Io(_)) => return 1,
            };
            if let (Some(u), Some(pw)) = (&entry, &pw)
                && let Some(h) = auth::hash_of(&ctx.sys, u).await
                && auth::check(pw, &h)
            {
                break u.clone();
            }
            if pw.is_none() {
                return 1;
            }
        }
        tries += 1;
        ctx.err.str("\nLogin incorrect\n");
        ctx.flush().await;
        if tries >= LOGIN_RETRIES || skip_auth {
            ctx.error(&format!("Maximum number of tries exceeded ({tries})"));
            return 1;
        }
    };
    if let Some(motd) = super::procfs::read_text(&ctx.sys, "/etc/motd").await {
        ctx.out.str(&motd);
    }
    let shell = auth::shell_of(&user);
    let mut env = if p.has('p') {
        ctx.env.clone()
    } else {
        Default::default()
    };
    for kv in auth::login_env(&user, &shell, ctx.getenv("TERM")) {
        if let Some((k, v)) = kv.split_once('=') {
            env.insert(k.to_string(), v.to_string());
        }
    }
    if let Ok(tty) = ctx.sys.ttyname(wosix_abi::Fd::STDIN).await {
        let _ = ctx
            .sys
            .chown(&tty, Some(wosix_abi::Uid(user.uid)), None)
            .await;
    }
    if let Err((what, e)) = auth::become_user(&ctx.sys, &db, &user).await {
        ctx.error(&format!("{what}: {}", e.message()));
        return 1;
    }
    let cwd = match ctx.sys.stat(&user.dir).await {
        Ok(st) if st.is_dir() => user.dir.clone(),
        _ => {
            ctx.out.line("No directory, logging in with HOME=/");
            env.insert("HOME".into(), "/".into());
            "/".to_string()
        }
    };
    let env: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    ctx.flush().await;
    match auth::run_shell(
        &ctx.sys,
        &shell,
        vec![auth::login_argv0(&shell)],
        env,
        Some(cwd),
    )
    .await
    {
        Ok(status) => status,
        Err(e) => {
            ctx.error(&format!("failed to execute {shell}: {}", e.message()));
            1
        }
    }
}
