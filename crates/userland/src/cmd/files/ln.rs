//! ln(1) as in GNU coreutils: hard links by default, `-s` symbolic, `-f` replacing, `-n` not
//! following a destination symlink to a directory, `-r` relative targets, `-v` messages.

use super::common::{self, quote};
use crate::Ctx;
use crate::args::Opt;
use wosix_abi::{Errno, FileType};

const HELP: &str = "\
Usage: {prog} [OPTION]... [-T] TARGET LINK_NAME
  or:  {prog} [OPTION]... TARGET
  or:  {prog} [OPTION]... TARGET... DIRECTORY
  or:  {prog} [OPTION]... -t DIRECTORY TARGET...
Create hard links by default, symbolic links with --symbolic.

  -f, --force                 remove existing destination files
  -i, --interactive           prompt whether to remove destinations
  -n, --no-dereference        treat LINK_NAME as a normal file if
                                it is a symbolic link to a directory
  -r, --relative              with -s, create links relative to link location
  -s, --symbolic              make symbolic links instead of hard links
  -t, --target-directory=DIRECTORY  specify the DIRECTORY in which to create
                                the links
  -T, --no-target-directory   treat LINK_NAME as a normal file always
  -v, --verbose               print name of each linked file
      --help                  display this help and exit
";

/// The path of `target` relative to directory `from` (both absolute and canonical).
pub fn relative_to(target: &str, from: &str) -> String {
    let t: Vec<&str> = target.split('/').filter(|c| !c.is_empty()).collect();
    let f: Vec<&str> = from.split('/').filter(|c| !c.is_empty()).collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; f.len() - common];
    parts.extend(&t[common..]);
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// ln(1).
pub async fn ln(ctx: &mut Ctx) -> i32 {
    let long = [
        "force",
        "interactive",
        "no-dereference",
        "relative",
        "symbolic",
        "target-directory=",
        "no-target-directory",
        "verbose",
        "help",
        "logical",
        "physical",
    ];
    let p = match common::parse(ctx, "finrst:TvLP", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    let (mut force, mut interactive, mut no_deref, mut relative, mut symbolic, mut verbose) =
        (false, false, false, false, false, false);
    let (mut target_dir, mut no_target) = (None, false);
    for opt in &p.opts {
        let (name, val) = match opt {
            Opt::Short(c, v) => (c.to_string(), v.clone()),
            Opt::Long(n, v) => (n.clone(), v.clone()),
        };
        match name.as_str() {
            "f" | "force" => {
                force = true;
                interactive = false;
            }
            "i" | "interactive" => {
                interactive = true;
                force = false;
            }
            "n" | "no-dereference" => no_deref = true,
            "r" | "relative" => relative = true,
            "s" | "symbolic" => symbolic = true,
            "t" | "target-directory" => target_dir = val,
            "T" | "no-target-directory" => no_target = true,
            "v" | "verbose" => verbose = true,
            _ => {}
        }
    }
    if relative && !symbolic {
        ctx.error("cannot do --relative without --symbolic");
        return 1;
    }
    let mut operands = p.operands.clone();
    if operands.len() == 1 && target_dir.is_none() {
        operands.push(".".into());
    }
    // With -n, a destination that is a symlink to a directory is not entered.
    if no_deref
        && target_dir.is_none()
        && operands.len() == 2
        && let Ok(st) = ctx.sys.lstat(&operands[1]).await
        && st.file_type() == FileType::Symlink
    {
        no_target = true;
    }
    let pairs = match super::cp::pairs(ctx, &operands, target_dir.as_deref(), no_target).await {
        Ok(v) => v,
        Err(s) => return s,
    };
    let mut status = 0;
    for (target, link) in pairs {
        if !symbolic {
            match ctx.sys.lstat(&target).await {
                Err(e) => {
                    ctx.error(&format!(
                        "failed to access {}: {}",
                        quote(&target),
                        e.message()
                    ));
                    status = 1;
                    continue;
                }
                Ok(st) if st.is_dir() => {
                    ctx.error(&format!(
                        "{}: hard link not allowed for directory",
                        quote(&target)
                    ));
                    status = 1;
                    continue;
                }
                Ok(_) => {}
            }
        }
        let mut value = target.clone();
        if relative {
            let ct = common::canonicalize(&ctx.sys, &target, common::Canon::Missing, true).await;
            let ld = common::canonicalize(
                &ctx.sys,
                &common::dir_name(&link),
                common::Canon::Missing,
                true,
            )
            .await;
            if let (Ok(ct), Ok(ld)) = (ct, ld) {
                value = relative_to(&ct, &ld);
            }
        }
        if let Ok(existing) = ctx.sys.lstat(&link).await {
            if existing.is_dir() && (force || interactive) {
                ctx.error(&format!("{}: cannot overwrite directory", quote(&link)));
                status = 1;
                continue;
            }
            if !symbolic
                && let Ok(t) = ctx.sys.lstat(&target).await
                && t.dev == existing.dev
                && t.ino == existing.ino
                && (force || interactive)
            {
                ctx.error(&format!(
                    "{} and {} are the same file",
                    quote(&target),
                    quote(&link)
                ));
                status = 1;
                continue;
            }
            if interactive {
                let q = format!("ln: replace {}? ", quote(&link));
                if !common::ask(ctx, &q).await {
                    continue;
                }
            }
            if (force || interactive)
                && let Err(e) = ctx.sys.unlink(&link).await
            {
                ctx.error(&format!("cannot remove {}: {}", quote(&link), e.message()));
                status = 1;
                continue;
            }
        }
        let r = if symbolic {
            ctx.sys.symlink(&value, &link).await
        } else {
            ctx.sys.link(&target, &link).await
        };
        match r {
            Ok(()) => {
                if verbose {
                    let arrow = if symbolic { "->" } else { "=>" };
                    ctx.out
                        .line(&format!("{} {arrow} {}", quote(&link), quote(&value)));
                }
            }
            Err(e) => {
                let msg = if symbolic {
                    format!("failed to create symbolic link {}", quote(&link))
                } else if matches!(
                    e,
                    Errno::EEXIST | Errno::ENOSPC | Errno::EROFS | Errno::EDQUOT
                ) {
                    format!("failed to create hard link {}", quote(&link))
                } else {
                    format!(
                        "failed to create hard link {} => {}",
                        quote(&link),
                        quote(&target)
                    )
                };
                ctx.error(&format!("{msg}: {}", e.message()));
                status = 1;
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::relative_to;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_to("/a/b/c", "/a/d"), "../b/c");
        assert_eq!(relative_to("/a/b", "/a/b"), ".");
        assert_eq!(relative_to("/a/b/c", "/a/b"), "c");
        assert_eq!(relative_to("/x", "/a/b"), "../../x");
    }
}
