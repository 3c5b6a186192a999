//! mkfifo(1): make named pipes, as GNU coreutils does (POSIX.1-2017 `mkfifo`; `man 1 mkfifo`).
//! Without `-m` a FIFO gets `a=rw` less the umask; `-m MODE` (octal or symbolic, as chmod)
//! applies to `a=rw` and is set exactly, whatever the umask. `-Z`/`--context` are accepted
//! and ignored: Wosix has no SELinux.

use super::common::{self, quote};
use super::mode;
use crate::Ctx;

const HELP: &str = "\
Usage: {prog} [OPTION]... NAME...
Create named pipes (FIFOs) with the given NAMEs.

Mandatory arguments to long options are mandatory for short options too.
  -m, --mode=MODE    set file permission bits to MODE, not a=rw - umask
  -Z                   set the SELinux security context to default type
      --context[=CTX]  like -Z, or if CTX is specified then set the SELinux
                         or SMACK security context to CTX
      --help        display this help and exit
      --version     output version information and exit
";

/// mkfifo(1).
pub async fn mkfifo(ctx: &mut Ctx) -> i32 {
    // --context takes an optional argument, which the option parser does not know: take it out.
    let end = ctx
        .argv
        .iter()
        .position(|a| a == "--")
        .unwrap_or(ctx.argv.len());
    let context = ctx.argv[..end]
        .iter()
        .any(|a| a == "--context" || a.starts_with("--context="));
    if context {
        let keep: Vec<String> = ctx
            .argv
            .iter()
            .enumerate()
            .filter(|(i, a)| {
                *i >= end || !(a.as_str() == "--context" || a.starts_with("--context="))
            })
            .map(|(_, a)| a.clone())
            .collect();
        ctx.argv = keep;
    }
    let p = match common::parse(ctx, "m:Z", &["mode=", "help", "version"], 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    if p.has_long("version") {
        return crate::cmd::text::common::version(ctx);
    }
    if context {
        ctx.error("warning: ignoring --context; it requires an SELinux/SMACK-enabled kernel");
    }
    let umask = ctx.sys.umask(0).await.unwrap_or(0o022);
    let _ = ctx.sys.umask(umask).await;
    let explicit = match p.value('m').or(p.long_value("mode")) {
        None => None,
        Some(m) => match mode::compile(m) {
            Some(spec) => {
                let m = spec.apply(0o666, false, umask).0;
                if m & !0o777 != 0 {
                    ctx.error("mode must specify only file permission bits");
                    return 1;
                }
                Some(m)
            }
            None => {
                ctx.error("invalid mode");
                return 1;
            }
        },
    };
    if p.operands.is_empty() {
        return common::usage_error(ctx, "missing operand", 1);
    }
    let mut status = 0;
    for name in &p.operands {
        match ctx.sys.mkfifo(name, explicit.unwrap_or(0o666)).await {
            Ok(()) => {
                if let Some(m) = explicit
                    && let Err(e) = ctx.sys.chmod(name, m).await
                {
                    ctx.error(&format!(
                        "cannot set permissions of {}: {}",
                        quote(name),
                        e.message()
                    ));
                    status = 1;
                }
            }
            Err(e) => {
                ctx.error(&format!(
                    "cannot create fifo {}: {}",
                    quote(name),
                    e.message()
                ));
                status = 1;
            }
        }
    }
    status
}
