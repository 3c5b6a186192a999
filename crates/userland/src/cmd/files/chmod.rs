//! chmod(1) as in GNU coreutils: octal and symbolic modes (see [`super::mode`]), `-R`
//! (symbolic links met while recursing are skipped), `-v`/`-c` reports, `--reference`, and
//! mode arguments that look like options (`chmod -w file`).

use super::common::{self, join, quote};
use super::mode::{self, ModeSpec, perm_string};
use crate::Ctx;
use wosix_abi::FileType;

const HELP: &str = "\
Usage: {prog} [OPTION]... MODE[,MODE]... FILE...
  or:  {prog} [OPTION]... OCTAL-MODE FILE...
  or:  {prog} [OPTION]... --reference=RFILE FILE...
Change the mode of each FILE to MODE.

  -c, --changes          like verbose but report only when a change is made
  -f, --silent, --quiet  suppress most error messages
  -v, --verbose          output a diagnostic for every file processed
      --no-preserve-root  do not treat '/' specially (the default)
      --preserve-root    fail to operate recursively on '/'
      --reference=RFILE  use RFILE's mode instead of MODE values
  -R, --recursive        change files and directories recursively
      --help             display this help and exit

Each MODE is of the form '[ugoa]*([-+=]([rwxXst]*|[ugo]))+|[-+=][0-7]+'.
";

struct Chmod {
    spec: Option<ModeSpec>,
    reference: Option<u32>,
    verbose: bool,
    changes: bool,
    quiet: bool,
    recursive: bool,
    umask: u32,
}

/// chmod(1).
pub async fn chmod(ctx: &mut Ctx) -> i32 {
    let args: Vec<String> = ctx.argv.iter().skip(1).cloned().collect();
    let mut c = Chmod {
        spec: None,
        reference: None,
        verbose: false,
        changes: false,
        quiet: false,
        recursive: false,
        umask: 0,
    };
    let mut mode_arg: Option<String> = None;
    let mut reference: Option<String> = None;
    let mut preserve_root = false;
    let mut operands = Vec::new();
    let mut i = 0;
    let longs = [
        "changes",
        "silent",
        "quiet",
        "verbose",
        "no-preserve-root",
        "preserve-root",
        "reference=",
        "recursive",
        "help",
    ];
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            operands.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, val) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let hits: Vec<&&str> = longs
                .iter()
                .filter(|l| l.trim_end_matches('=').starts_with(name))
                .collect();
            let full = match longs
                .iter()
                .find(|l| l.trim_end_matches('=') == name)
                .or(hits.first().copied())
            {
                Some(f)
                    if hits.len() == 1 || longs.iter().any(|l| l.trim_end_matches('=') == name) =>
                {
                    f.trim_end_matches('=')
                }
                Some(_) => {
                    return common::usage_error(ctx, &format!("option '--{name}' is ambiguous"), 1);
                }
                None => {
                    return common::usage_error(ctx, &format!("unrecognized option '--{name}'"), 1);
                }
            };
            match full {
                "changes" => c.changes = true,
                "silent" | "quiet" => c.quiet = true,
                "verbose" => c.verbose = true,
                "no-preserve-root" => preserve_root = false,
                "preserve-root" => preserve_root = true,
                "recursive" => c.recursive = true,
                "help" => return common::help(ctx, HELP),
                _ => {
                    let v = match val {
                        Some(v) => v,
                        None if i < args.len() => {
                            i += 1;
                            args[i - 1].clone()
                        }
                        None => {
                            return common::usage_error(
                                ctx,
                                "option '--reference' requires an argument",
                                1,
                            );
                        }
                    };
                    reference = Some(v);
                }
            }
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            if a[1..].chars().all(|ch| "Rcfv".contains(ch)) {
                for ch in a[1..].chars() {
                    match ch {
                        'R' => c.recursive = true,
                        'c' => c.changes = true,
                        'f' => c.quiet = true,
                        _ => c.verbose = true,
                    }
                }
                continue;
            }
            if mode_arg.is_none()
                && a[1..]
                    .chars()
                    .all(|ch| "rwxXstugoa,+-=01234567".contains(ch))
            {
                mode_arg = Some(a.clone());
                continue;
            }
            let bad = a[1..]
                .chars()
                .find(|ch| !"Rcfv".contains(*ch))
                .unwrap_or('?');
            return common::usage_error(ctx, &format!("invalid option -- '{bad}'"), 1);
        }
        operands.push(a.clone());
    }
    if let Some(r) = &reference {
        match ctx.sys.stat(r).await {
            Ok(st) => c.reference = Some(st.mode & 0o7777),
            Err(e) => {
                ctx.error(&format!(
                    "failed to get attributes of {}: {}",
                    quote(r),
                    e.message()
                ));
                return 1;
            }
        }
    } else {
        if mode_arg.is_none() && !operands.is_empty() {
            mode_arg = Some(operands.remove(0));
        }
        let Some(m) = mode_arg else {
            return common::usage_error(ctx, "missing operand", 1);
        };
        if operands.is_empty() {
            return common::usage_error(ctx, &format!("missing operand after {}", quote(&m)), 1);
        }
        match mode::compile(&m) {
            Some(s) => c.spec = Some(s),
            None => {
                ctx.error(&format!("invalid mode: {}", quote(&m)));
                common::try_help(ctx);
                return 1;
            }
        }
    }
    if operands.is_empty() {
        return common::usage_error(ctx, "missing operand", 1);
    }
    c.umask = ctx.sys.umask(0o022).await.unwrap_or(0o022);
    let _ = ctx.sys.umask(c.umask).await;
    let mut status = 0;
    for f in &operands {
        if c.recursive
            && preserve_root
            && let Ok("/") = common::canonicalize(&ctx.sys, f, common::Canon::Missing, true)
                .await
                .as_deref()
        {
            ctx.error("it is dangerous to operate recursively on '/'");
            ctx.error("use --no-preserve-root to override this failsafe");
            status = 1;
            continue;
        }
        if !c.change(ctx, f, true).await {
            status = 1;
        }
    }
    status
}

impl Chmod {
    /// Change one file (and with -R what is below it); false on any failure.
    async fn change(&self, ctx: &mut Ctx, path: &str, top: bool) -> bool {
        let lst = if top {
            ctx.sys.stat(path).await
        } else {
            ctx.sys.lstat(path).await
        };
        let st = match lst {
            Ok(s) => s,
            Err(e) => {
                if !self.quiet {
                    ctx.error(&format!("cannot access {}: {}", quote(path), e.message()));
                }
                return false;
            }
        };
        if st.file_type() == FileType::Symlink {
            // Symbolic links met while recursing are neither changed nor followed.
            return true;
        }
        let old = st.mode & 0o7777;
        let is_dir = st.is_dir();
        let new = match (&self.spec, self.reference) {
            (_, Some(r)) => r,
            (Some(spec), None) => spec.apply(old, is_dir, self.umask).0,
            (None, None) => old,
        };
        let mut ok = true;
        if new != old
            && let Err(e) = ctx.sys.chmod(path, new).await
        {
            if !self.quiet {
                ctx.error(&format!(
                    "changing permissions of {}: {}",
                    quote(path),
                    e.message()
                ));
            }
            ok = false;
        }
        if ok && (self.verbose || (self.changes && new != old)) {
            if new != old {
                ctx.out.line(&format!(
                    "mode of {} changed from {old:04o} ({}) to {new:04o} ({})",
                    quote(path),
                    perm_string(old),
                    perm_string(new)
                ));
            } else {
                ctx.out.line(&format!(
                    "mode of {} retained as {old:04o} ({})",
                    quote(path),
                    perm_string(old)
                ));
            }
        }
        if ok
            && let Some(spec) = &self.spec
            && !spec.fully_specified()
        {
            let naive = spec.apply(old, is_dir, 0).0;
            if naive != new && !self.quiet {
                ctx.error(&format!(
                    "{}: new permissions are {}, not {}",
                    quote(path),
                    perm_string(new),
                    perm_string(naive)
                ));
                ok = false;
            }
        }
        if self.recursive && is_dir {
            match ctx.sys.read_dir(path).await {
                Ok(entries) => {
                    for e in entries {
                        if !Box::pin(self.change(ctx, &join(path, &e.name), false)).await {
                            ok = false;
                        }
                    }
                }
                Err(e) => {
                    if !self.quiet {
                        ctx.error(&format!(
                            "cannot read directory {}: {}",
                            quote(path),
                            e.message()
                        ));
                    }
                    ok = false;
                }
            }
        }
        ok
    }
}
