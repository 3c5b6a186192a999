//! install(1), the common subset of GNU coreutils': copy files and set their mode (0755 by
//! default), owner and group; `-d` creates directories; `-D` creates leading directories;
//! `-t DIR`; `-v`.

use super::common::{self, quote};
use super::copy::{Copier, CopyOpts, Deref};
use super::mode;
use crate::Ctx;
use crate::args::Opt;
use crate::cmd::users::UserDb;
use wosix_abi::{Gid, Uid};

const HELP: &str = "\
Usage: {prog} [OPTION]... [-T] SOURCE DEST
  or:  {prog} [OPTION]... SOURCE... DIRECTORY
  or:  {prog} [OPTION]... -t DIRECTORY SOURCE...
  or:  {prog} [OPTION]... -d DIRECTORY...
Copy SOURCE to DEST or multiple SOURCE(s) to the existing DIRECTORY,
while setting permission modes and owner/group.  In the 4th form,
create all components of the given DIRECTORY(ies).

  -C, --compare       (accepted; files are always copied)
  -d, --directory     treat all arguments as directory names; create all
                        components of the specified directories
  -D                  create all leading components of DEST except the last
  -g, --group=GROUP   set group ownership, instead of process' current group
  -m, --mode=MODE     set permission mode (as in chmod), instead of rwxr-xr-x
  -o, --owner=OWNER   set ownership (super-user only)
  -p, --preserve-timestamps  apply access/modification times of SOURCE files
                        to corresponding destination files
  -s, --strip         (accepted; nothing to strip)
  -t, --target-directory=DIRECTORY  copy all SOURCE arguments into DIRECTORY
  -T, --no-target-directory  treat DEST as a normal file
  -v, --verbose       print the name of each created file or directory
      --help          display this help and exit
";

/// Create `dir` and its missing parents with `mode` for the last and 0755 for the others.
async fn make_dirs(ctx: &mut Ctx, dir: &str, mode: u32, verbose: bool) -> bool {
    let mut prefix = String::new();
    let comps: Vec<&str> = dir.split('/').collect();
    for (i, c) in comps.iter().enumerate() {
        if i > 0 {
            prefix.push('/');
        }
        prefix.push_str(c);
        if c.is_empty() || *c == "." {
            continue;
        }
        if ctx.sys.stat(&prefix).await.is_ok_and(|s| s.is_dir()) {
            continue;
        }
        let last = comps[i + 1..].iter().all(|c| c.is_empty());
        let m = if last { mode } else { 0o755 };
        if verbose {
            ctx.out
                .line(&format!("install: creating directory {}", quote(&prefix)));
        }
        if let Err(e) = ctx.sys.mkdir(&prefix, m).await {
            ctx.error(&format!(
                "cannot create directory {}: {}",
                quote(&prefix),
                e.message()
            ));
            return false;
        }
        let _ = ctx.sys.chmod(&prefix, m).await;
    }
    true
}

/// install(1).
pub async fn install(ctx: &mut Ctx) -> i32 {
    let long = [
        "compare",
        "directory",
        "group=",
        "mode=",
        "owner=",
        "preserve-timestamps",
        "strip",
        "target-directory=",
        "no-target-directory",
        "verbose",
        "help",
    ];
    let p = match common::parse(ctx, "CdDg:m:o:pst:Tv", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    let (mut dirs, mut leading, mut preserve, mut verbose, mut no_target) =
        (false, false, false, false, false);
    let (mut group, mut owner, mut modestr, mut target) = (None, None, None, None);
    for o in &p.opts {
        let (n, v) = match o {
            Opt::Short(c, v) => (c.to_string(), v.clone()),
            Opt::Long(n, v) => (n.clone(), v.clone()),
        };
        match n.as_str() {
            "d" | "directory" => dirs = true,
            "D" => leading = true,
            "g" | "group" => group = v,
            "m" | "mode" => modestr = v,
            "o" | "owner" => owner = v,
            "p" | "preserve-timestamps" => preserve = true,
            "t" | "target-directory" => target = v,
            "T" | "no-target-directory" => no_target = true,
            "v" | "verbose" => verbose = true,
            _ => {}
        }
    }
    let mode = match &modestr {
        None => 0o755,
        Some(m) => match mode::compile(m) {
            Some(spec) => spec.apply(0o777, false, 0).0,
            None => {
                ctx.error(&format!("invalid mode {}", quote(m)));
                return 1;
            }
        },
    };
    let db = UserDb::load(&ctx.sys).await;
    let uid = match &owner {
        None => None,
        Some(o) => match db.user(o) {
            Some(u) => Some(Uid(u.uid)),
            None => {
                ctx.error(&format!("invalid user {}", quote(o)));
                return 1;
            }
        },
    };
    let gid = match &group {
        None => None,
        Some(g) => match db.group(g) {
            Some(gr) => Some(Gid(gr.gid)),
            None => {
                ctx.error(&format!("invalid group {}", quote(g)));
                return 1;
            }
        },
    };
    if p.operands.is_empty() {
        return common::usage_error(ctx, "missing file operand", 1);
    }
    let mut status = 0;
    if dirs {
        for d in &p.operands {
            if !make_dirs(ctx, d, mode, verbose).await {
                status = 1;
                continue;
            }
            if (uid.is_some() || gid.is_some())
                && let Err(e) = ctx.sys.chown(d, uid, gid).await
            {
                ctx.error(&format!(
                    "cannot change ownership of {}: {}",
                    quote(d),
                    e.message()
                ));
                status = 1;
            }
        }
        return status;
    }
    if leading {
        let dest = target
            .clone()
            .or_else(|| p.operands.last().map(|d| common::dir_name(d)));
        if let Some(d) = dest
            && !make_dirs(ctx, &d, 0o755, verbose).await
        {
            return 1;
        }
    }
    let pairs = match super::cp::pairs(ctx, &p.operands, target.as_deref(), no_target).await {
        Ok(v) => v,
        Err(s) => return s,
    };
    let o = CopyOpts {
        deref: Deref::Always,
        preserve_times: preserve,
        force: true,
        ..CopyOpts::default()
    };
    let mut copier = Copier::new(ctx, o).await;
    for (src, dst) in pairs {
        if ctx.sys.stat(&src).await.is_ok_and(|s| s.is_dir()) {
            ctx.error(&format!("omitting directory {}", quote(&src)));
            status = 1;
            continue;
        }
        // install replaces the destination rather than writing into it.
        if ctx.sys.lstat(&dst).await.is_ok_and(|s| !s.is_dir()) {
            let _ = ctx.sys.unlink(&dst).await;
        }
        if !copier.copy(ctx, &src, &dst, true).await {
            status = 1;
            continue;
        }
        if (uid.is_some() || gid.is_some())
            && let Err(e) = ctx.sys.chown(&dst, uid, gid).await
        {
            ctx.error(&format!(
                "cannot change ownership of {}: {}",
                quote(&dst),
                e.message()
            ));
            status = 1;
        }
        if let Err(e) = ctx.sys.chmod(&dst, mode).await {
            ctx.error(&format!(
                "cannot change permissions of {}: {}",
                quote(&dst),
                e.message()
            ));
            status = 1;
        }
        if verbose {
            ctx.out.line(&format!("{} -> {}", quote(&src), quote(&dst)));
        }
    }
    status
}
