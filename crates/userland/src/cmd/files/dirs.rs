//! mkdir(1) and rmdir(1) as in GNU coreutils: `-p` parents, `-m` modes (symbolic or octal,
//! not limited by the umask), `-v` messages, `rmdir -p` removing emptied ancestors.

use super::common::{self, quote};
use super::mode;
use crate::Ctx;
use wosix_abi::Errno;

const MKDIR_HELP: &str = "\
Usage: {prog} [OPTION]... DIRECTORY...
Create the DIRECTORY(ies), if they do not already exist.

  -m, --mode=MODE   set file mode (as in chmod), not a=rwx - umask
  -p, --parents     no error if existing, make parent directories as needed,
                    with their file modes unaffected by any -m option.
  -v, --verbose     print a message for each created directory
      --help        display this help and exit
";

const RMDIR_HELP: &str = "\
Usage: {prog} [OPTION]... DIRECTORY...
Remove the DIRECTORY(ies), if they are empty.

      --ignore-fail-on-non-empty
                    ignore each failure to remove a non-empty directory
  -p, --parents     remove DIRECTORY and its ancestors;
                    e.g., 'rmdir -p a/b' is similar to 'rmdir a/b a'
  -v, --verbose     output a diagnostic for every directory processed
      --help        display this help and exit
";

/// mkdir(1).
pub async fn mkdir(ctx: &mut Ctx) -> i32 {
    let p = match common::parse(ctx, "m:pv", &["mode=", "parents", "verbose", "help"], 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, MKDIR_HELP);
    }
    let parents = p.has('p') || p.has_long("parents");
    let verbose = p.has('v') || p.has_long("verbose");
    let umask = ctx.sys.umask(0).await.unwrap_or(0o022);
    let _ = ctx.sys.umask(umask).await;
    let explicit = match p.value('m').or(p.long_value("mode")) {
        None => None,
        Some(m) => match mode::compile(m) {
            Some(spec) => Some(spec.apply(0o777, true, umask).0),
            None => {
                ctx.error(&format!("invalid mode {}", quote(m)));
                return 1;
            }
        },
    };
    if p.operands.is_empty() {
        return common::usage_error(ctx, "missing operand", 1);
    }
    let mut status = 0;
    for dir in &p.operands {
        if parents {
            let mut prefix = String::new();
            let comps: Vec<&str> = dir.split('/').collect();
            let last = comps.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
            let mut failed = false;
            for (i, c) in comps.iter().enumerate() {
                if i > 0 {
                    prefix.push('/');
                }
                prefix.push_str(c);
                if c.is_empty() || *c == "." || *c == ".." || i > last {
                    continue;
                }
                if i < last {
                    if ctx.sys.stat(&prefix).await.is_ok_and(|s| s.is_dir()) {
                        continue;
                    }
                    let m = (0o777 & !umask) | 0o300;
                    match ctx.sys.mkdir(&prefix, m).await {
                        Ok(()) => {
                            let _ = ctx.sys.chmod(&prefix, m).await;
                            if verbose {
                                ctx.out
                                    .line(&format!("mkdir: created directory {}", quote(&prefix)));
                            }
                        }
                        Err(Errno::EEXIST)
                            if ctx.sys.stat(&prefix).await.is_ok_and(|s| s.is_dir()) => {}
                        Err(e) => {
                            ctx.error(&format!(
                                "cannot create directory {}: {}",
                                quote(&prefix),
                                e.message()
                            ));
                            failed = true;
                            break;
                        }
                    }
                }
            }
            if failed {
                status = 1;
                continue;
            }
            if ctx.sys.stat(dir).await.is_ok_and(|s| s.is_dir()) {
                continue;
            }
        }
        match ctx.sys.mkdir(dir, explicit.unwrap_or(0o777)).await {
            Ok(()) => {
                if let Some(m) = explicit
                    && let Err(e) = ctx.sys.chmod(dir, m).await
                {
                    ctx.error(&format!(
                        "cannot set permissions of {}: {}",
                        quote(dir),
                        e.message()
                    ));
                    status = 1;
                }
                if verbose {
                    ctx.out
                        .line(&format!("mkdir: created directory {}", quote(dir)));
                }
            }
            Err(e) => {
                ctx.error(&format!(
                    "cannot create directory {}: {}",
                    quote(dir),
                    e.message()
                ));
                status = 1;
            }
        }
    }
    status
}

/// rmdir(1).
pub async fn rmdir(ctx: &mut Ctx) -> i32 {
    let p = match common::parse(
        ctx,
        "pv",
        &["ignore-fail-on-non-empty", "parents", "verbose", "help"],
        1,
    ) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, RMDIR_HELP);
    }
    let parents = p.has('p') || p.has_long("parents");
    let verbose = p.has('v') || p.has_long("verbose");
    let ignore = p.has_long("ignore-fail-on-non-empty");
    if p.operands.is_empty() {
        return common::usage_error(ctx, "missing operand", 1);
    }
    let mut status = 0;
    for dir in &p.operands {
        let mut cur = dir.trim_end_matches('/').to_string();
        if cur.is_empty() {
            cur = dir.clone();
        }
        loop {
            if verbose {
                ctx.out
                    .line(&format!("rmdir: removing directory, {}", quote(&cur)));
            }
            match ctx.sys.rmdir(&cur).await {
                Ok(()) => {}
                Err(Errno::ENOTEMPTY | Errno::EEXIST) if ignore => break,
                Err(e) => {
                    ctx.error(&format!(
                        "failed to remove {}: {}",
                        quote(&cur),
                        e.message()
                    ));
                    status = 1;
                    break;
                }
            }
            if !parents {
                break;
            }
            match cur.rfind('/') {
                Some(i) => {
                    let up = cur[..i].trim_end_matches('/').to_string();
                    if up.is_empty() {
                        break;
                    }
                    cur = up;
                }
                None => break,
            }
        }
    }
    status
}
