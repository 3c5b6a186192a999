//! Programs about finding and running commands: which(1) (debianutils: PATH search honouring
//! execute permission) and env(1) (GNU coreutils: run a command in a modified environment,
//! 127 when it is not found, 126 when it cannot be run, otherwise its status).

use super::common::{self, quote};
use crate::Ctx;
use crate::args::Opt;
use std::collections::BTreeMap;
use wosix_abi::fcntl::access;
use wosix_abi::{Errno, FileType, SigAction, WaitStatus};

const WHICH_HELP: &str = "\
Usage: {prog} [-as] args
Locate each command in the directories of PATH and print its path.

  -a    print all matching pathnames of each argument
  -s    silently return 0 if all executables were found or 1 otherwise
";

const ENV_HELP: &str = "\
Usage: {prog} [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]
Set each NAME to VALUE in the environment and run COMMAND.

  -i, --ignore-environment  start with an empty environment
  -0, --null           end each output line with NUL, not newline
  -u, --unset=NAME     remove variable from the environment
  -C, --chdir=DIR      change working directory to DIR
      --help           display this help and exit

A mere - implies -i.  If no COMMAND, print the resulting environment.

Exit status:
  125  if the env command itself fails
  126  if COMMAND is found but cannot be invoked
  127  if COMMAND cannot be found
  -    the exit status of COMMAND otherwise
";

/// Whether `path` is a regular file we may execute.
async fn executable(ctx: &Ctx, path: &str) -> bool {
    ctx.sys
        .stat(path)
        .await
        .is_ok_and(|s| s.file_type() == FileType::Regular)
        && ctx.sys.access(path, access::X_OK).await.is_ok()
}

/// which(1).
pub async fn which(ctx: &mut Ctx) -> i32 {
    let p = match common::parse_with(ctx, "as", &["help"], false, 2) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, WHICH_HELP);
    }
    let all = p.has('a');
    let silent = p.has('s');
    if p.operands.is_empty() {
        return 1;
    }
    let path = ctx.getenv("PATH").unwrap_or("").to_string();
    let mut status = 0;
    for name in &p.operands {
        let mut found = false;
        if name.contains('/') {
            if executable(ctx, name).await {
                found = true;
                if !silent {
                    ctx.out.line(name);
                }
            }
        } else {
            for dir in path.split(':') {
                let dir = if dir.is_empty() { "." } else { dir };
                let cand = common::join(dir, name);
                if executable(ctx, &cand).await {
                    found = true;
                    if !silent {
                        ctx.out.line(&cand);
                    }
                    if !all {
                        break;
                    }
                }
            }
        }
        if !found {
            status = 1;
        }
    }
    status
}

/// env(1).
pub async fn env(ctx: &mut Ctx) -> i32 {
    let long = ["ignore-environment", "null", "unset=", "chdir=", "help"];
    let p = match common::parse_with(ctx, "i0u:C:", &long, false, 125) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, ENV_HELP);
    }
    let mut env: BTreeMap<String, String> = ctx.env.clone();
    let mut null = false;
    let mut chdir = None;
    for o in &p.opts {
        let (n, v) = match o {
            Opt::Short(c, v) => (c.to_string(), v.clone()),
            Opt::Long(n, v) => (n.clone(), v.clone()),
        };
        match n.as_str() {
            "i" | "ignore-environment" => env.clear(),
            "0" | "null" => null = true,
            "u" | "unset" => {
                let name = v.unwrap_or_default();
                if name.is_empty() || name.contains('=') {
                    ctx.error(&format!(
                        "cannot unset {}: {}",
                        quote(&name),
                        Errno::EINVAL.message()
                    ));
                    return 125;
                }
                env.remove(&name);
            }
            "C" | "chdir" => chdir = v,
            _ => {}
        }
    }
    let mut rest = p.operands.as_slice();
    if rest.first().is_some_and(|a| a == "-") {
        env.clear();
        rest = &rest[1..];
    }
    while let Some((k, v)) = rest.first().and_then(|a| a.split_once('=')) {
        env.insert(k.to_string(), v.to_string());
        rest = &rest[1..];
    }
    if rest.is_empty() {
        if chdir.is_some() {
            ctx.error("must specify command with --chdir (-C)");
            common::try_help(ctx);
            return 125;
        }
        let end = if null { "\0" } else { "\n" };
        for (k, v) in &env {
            ctx.out.str(&format!("{k}={v}{end}"));
        }
        return 0;
    }
    if null {
        ctx.error("cannot specify --null (-0) with command");
        common::try_help(ctx);
        return 125;
    }
    let cmd = rest[0].clone();
    let search = env
        .get("PATH")
        .cloned()
        .unwrap_or_else(|| "/bin:/usr/bin".to_string());
    let path = match common::find_in_path(&ctx.sys, &cmd, &search).await {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&format!("{}: {}", quote(&cmd), e.message()));
            return if e == Errno::EACCES { 126 } else { 127 };
        }
    };
    let envp: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    match common::run(ctx, &path, rest.to_vec(), envp, chdir.as_deref()).await {
        Ok(WaitStatus::Signaled(sig, _)) => {
            // Die the same way, as the exec'd command would have.
            let _ = ctx.sys.sigaction(sig, SigAction::Default).await;
            if let Ok(me) = ctx.sys.getpid().await {
                let _ = ctx.sys.kill(me.0 as i32, Some(sig)).await;
            }
            128 + sig as i32
        }
        Ok(st) => st.shell_status(),
        Err(e) => {
            if let Some(dir) = &chdir
                && (ctx.sys.stat(dir).await.is_err() || e == Errno::ENOTDIR)
            {
                ctx.error(&format!(
                    "cannot change directory to {}: {}",
                    quote(dir),
                    e.message()
                ));
                return 125;
            }
            ctx.error(&format!("{}: {}", quote(&cmd), e.message()));
            if matches!(e, Errno::ENOENT) { 127 } else { 126 }
        }
    }
}
