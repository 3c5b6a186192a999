//! tee(1) as in GNU coreutils: copy standard input to standard output and to each FILE,
//! chunk by chunk (so it works on pipes and terminals), `-a` to append, `-i` to ignore
//! interrupts; a file that cannot be opened or written is reported and skipped.

use super::common;
use crate::Ctx;
use wosix_abi::{Fd, OFlags, SigAction, Signal};

const HELP: &str = "\
Usage: {prog} [OPTION]... [FILE]...
Copy standard input to each FILE, and also to standard output.

  -a, --append              append to the given FILEs, do not overwrite
  -i, --ignore-interrupts   ignore interrupt signals
  -p                        operate in a more appropriate MODE with pipes
      --output-error[=MODE]  set behavior on write error
      --help                display this help and exit
";

/// tee(1).
pub async fn tee(ctx: &mut Ctx) -> i32 {
    let p = match common::parse(
        ctx,
        "aip",
        &["append", "ignore-interrupts", "output-error=", "help"],
        1,
    ) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    let append = p.has('a') || p.has_long("append");
    if p.has('i') || p.has_long("ignore-interrupts") {
        let _ = ctx.sys.sigaction(Signal::SIGINT, SigAction::Ignore).await;
    }
    let pipe_mode = p.has('p') || p.has_long("output-error");
    let mut flags = OFlags::WRONLY | OFlags::CREAT | OFlags::CLOEXEC;
    flags |= if append {
        OFlags::APPEND
    } else {
        OFlags::TRUNC
    };
    let mut status = 0;
    // (name, descriptor); `None` once writing to it failed.
    let mut outs: Vec<(String, Option<Fd>)> = vec![("standard output".into(), Some(Fd::STDOUT))];
    for f in &p.operands {
        if f == "-" {
            outs.push(("standard output".into(), Some(Fd::STDOUT)));
            continue;
        }
        match ctx.sys.open(f, flags, 0o666).await {
            Ok(fd) => outs.push((f.clone(), Some(fd))),
            Err(e) => {
                ctx.error_path(f, e);
                status = 1;
            }
        }
    }
    let _ = ctx.err.flush(&ctx.sys).await;
    loop {
        let chunk = match ctx.sys.read_vec(Fd::STDIN, 65536).await {
            Ok(c) => c,
            Err(e) => {
                ctx.error(&format!("read error: {}", e.message()));
                status = 1;
                break;
            }
        };
        if chunk.is_empty() {
            break;
        }
        for (name, fd) in outs.iter_mut() {
            let Some(d) = *fd else { continue };
            if let Err(e) = ctx.sys.write_all(d, &chunk).await {
                let shown = if d == Fd::STDOUT {
                    "'standard output'".to_string()
                } else {
                    name.clone()
                };
                if !(pipe_mode && e == wosix_abi::Errno::EPIPE) {
                    ctx.error(&format!("{shown}: {}", e.message()));
                    status = 1;
                }
                *fd = None;
                let _ = ctx.err.flush(&ctx.sys).await;
            }
        }
        if outs.iter().all(|(_, fd)| fd.is_none()) {
            break;
        }
    }
    for (_, fd) in outs {
        if let Some(fd) = fd.filter(|f| *f != Fd::STDOUT) {
            let _ = ctx.sys.close(fd).await;
        }
    }
    status
}
