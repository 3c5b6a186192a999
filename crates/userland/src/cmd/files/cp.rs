//! cp(1) and mv(1) in GNU style, and the operand rules they share with ln(1):
//! `SOURCE DEST`, `SOURCE... DIRECTORY`, `-t DIRECTORY`, `-T`.

use super::common::{self, quote};
use super::copy::{Copier, CopyOpts, Deref};
use super::rm::remove_all;
use crate::Ctx;
use crate::args::Opt;
use wosix_abi::fcntl::access;
use wosix_abi::{Errno, Fd, FileType};

const CP_HELP: &str = "\
Usage: {prog} [OPTION]... [-T] SOURCE DEST
  or:  {prog} [OPTION]... SOURCE... DIRECTORY
  or:  {prog} [OPTION]... -t DIRECTORY SOURCE...
Copy SOURCE to DEST, or multiple SOURCE(s) to DIRECTORY.

  -a, --archive                same as -dR --preserve=all
  -d                           same as --no-dereference --preserve=links
  -f, --force                  if an existing destination file cannot be
                                 opened, remove it and try again
  -i, --interactive            prompt before overwrite
  -H                           follow command-line symbolic links in SOURCE
  -l, --link                   hard link files instead of copying
  -L, --dereference            always follow symbolic links in SOURCE
  -n, --no-clobber             do not overwrite an existing file
  -P, --no-dereference         never follow symbolic links in SOURCE
  -p                           same as --preserve=mode,ownership,timestamps
      --preserve[=ATTR_LIST]   preserve the specified attributes
  -R, -r, --recursive          copy directories recursively
  -s, --symbolic-link          make symbolic links instead of copying
  -t, --target-directory=DIRECTORY  copy all SOURCE arguments into DIRECTORY
  -T, --no-target-directory    treat DEST as a normal file
  -u, --update                 copy only when the SOURCE file is newer
                                 than the destination file or when the
                                 destination file is missing
  -v, --verbose                explain what is being done
      --help                   display this help and exit
";

const MV_HELP: &str = "\
Usage: {prog} [OPTION]... [-T] SOURCE DEST
  or:  {prog} [OPTION]... SOURCE... DIRECTORY
  or:  {prog} [OPTION]... -t DIRECTORY SOURCE...
Rename SOURCE to DEST, or move SOURCE(s) to DIRECTORY.

  -f, --force                  do not prompt before overwriting
  -i, --interactive            prompt before overwrite
  -n, --no-clobber             do not overwrite an existing file
If you specify more than one of -i, -f, -n, only the final one takes effect.
  -t, --target-directory=DIRECTORY  move all SOURCE arguments into DIRECTORY
  -T, --no-target-directory    treat DEST as a normal file
  -u, --update                 move only when the SOURCE file is newer
                                 than the destination file or when the
                                 destination file is missing
  -v, --verbose                explain what is being done
      --help                   display this help and exit
";

/// Resolve operands into `(source, destination)` pairs as cp, mv and ln do; on error the
/// message is printed and the exit status returned.
pub async fn pairs(
    ctx: &mut Ctx,
    operands: &[String],
    target_dir: Option<&str>,
    no_target_dir: bool,
) -> Result<Vec<(String, String)>, i32> {
    let into = |dir: &str, src: &str| common::join(dir, &common::base_name(src));
    if let Some(dir) = target_dir {
        match ctx.sys.stat(dir).await {
            Ok(st) if st.is_dir() => {}
            Ok(_) => {
                ctx.error(&format!("target {} is not a directory", quote(dir)));
                return Err(1);
            }
            Err(e) => {
                ctx.error(&format!("target directory {}: {}", quote(dir), e.message()));
                return Err(1);
            }
        }
        if operands.is_empty() {
            return Err(common::usage_error(ctx, "missing file operand", 1));
        }
        return Ok(operands.iter().map(|s| (s.clone(), into(dir, s))).collect());
    }
    match operands {
        [] => Err(common::usage_error(ctx, "missing file operand", 1)),
        [one] => {
            let m = format!("missing destination file operand after {}", quote(one));
            Err(common::usage_error(ctx, &m, 1))
        }
        _ if no_target_dir && operands.len() > 2 => {
            let m = format!("extra operand {}", quote(&operands[2]));
            Err(common::usage_error(ctx, &m, 1))
        }
        _ => {
            let (srcs, dest) = operands.split_at(operands.len() - 1);
            let dest = &dest[0];
            let dest_is_dir = !no_target_dir && ctx.sys.stat(dest).await.is_ok_and(|s| s.is_dir());
            if srcs.len() == 1 && !dest_is_dir {
                return Ok(vec![(srcs[0].clone(), dest.clone())]);
            }
            if !dest_is_dir {
                match ctx.sys.stat(dest).await {
                    Err(e) if !no_target_dir => {
                        ctx.error(&format!("target {}: {}", quote(dest), e.message()))
                    }
                    _ => ctx.error(&format!("target {} is not a directory", quote(dest))),
                }
                return Err(1);
            }
            Ok(srcs.iter().map(|s| (s.clone(), into(dest, s))).collect())
        }
    }
}

/// cp(1).
pub async fn cp(ctx: &mut Ctx) -> i32 {
    let long = [
        "archive",
        "force",
        "interactive",
        "link",
        "dereference",
        "no-clobber",
        "no-dereference",
        "preserve=",
        "no-preserve=",
        "recursive",
        "symbolic-link",
        "target-directory=",
        "no-target-directory",
        "update",
        "verbose",
        "help",
        "parents",
        "remove-destination",
    ];
    // `--preserve` alone means mode,ownership,timestamps.
    let argv: Vec<String> = ctx
        .argv
        .iter()
        .skip(1)
        .map(|a| {
            if a == "--preserve" {
                "--preserve=mode,ownership,timestamps".into()
            } else {
                a.clone()
            }
        })
        .collect();
    let p = match crate::args::parse(&argv, "adfiHlLnPpRrst:Tuv", &long, true) {
        Ok(p) => p,
        Err(m) => return common::usage_error(ctx, &m, 1),
    };
    if p.has_long("help") {
        return common::help(ctx, CP_HELP);
    }
    let mut o = CopyOpts::default();
    let mut deref: Option<Deref> = None;
    let mut target_dir = None;
    let mut no_target = false;
    for opt in &p.opts {
        let (name, val) = match opt {
            Opt::Short(c, v) => (c.to_string(), v.clone()),
            Opt::Long(n, v) => (n.clone(), v.clone()),
        };
        match name.as_str() {
            "a" | "archive" => {
                o.recursive = true;
                deref = Some(Deref::Never);
                o.preserve_mode = true;
                o.preserve_owner = true;
                o.preserve_times = true;
                o.preserve_links = true;
            }
            "d" => {
                deref = Some(Deref::Never);
                o.preserve_links = true;
            }
            "f" | "force" => {
                o.force = true;
                o.interactive = false;
                o.no_clobber = false;
            }
            "i" | "interactive" => {
                o.interactive = true;
                o.no_clobber = false;
            }
            "n" | "no-clobber" => {
                o.no_clobber = true;
                o.interactive = false;
            }
            "H" => deref = Some(Deref::CommandLine),
            "L" | "dereference" => deref = Some(Deref::Always),
            "P" | "no-dereference" => deref = Some(Deref::Never),
            "l" | "link" => o.hard_link = true,
            "s" | "symbolic-link" => o.symbolic = true,
            "p" => {
                o.preserve_mode = true;
                o.preserve_owner = true;
                o.preserve_times = true;
            }
            "preserve" | "no-preserve" => {
                let on = name == "preserve";
                for attr in val.as_deref().unwrap_or("").split(',') {
                    match attr {
                        "mode" => o.preserve_mode = on,
                        "ownership" => o.preserve_owner = on,
                        "timestamps" => o.preserve_times = on,
                        "links" => o.preserve_links = on,
                        "all" => {
                            o.preserve_mode = on;
                            o.preserve_owner = on;
                            o.preserve_times = on;
                            o.preserve_links = on;
                        }
                        "context" | "xattr" => {}
                        other => {
                            let m = format!("invalid argument {} for '--{name}'", quote(other));
                            return common::usage_error(ctx, &m, 1);
                        }
                    }
                }
            }
            "R" | "r" | "recursive" => o.recursive = true,
            "t" | "target-directory" => target_dir = val,
            "T" | "no-target-directory" => no_target = true,
            "u" | "update" => o.update = true,
            "v" | "verbose" => o.verbose = true,
            _ => {}
        }
    }
    o.deref = deref.unwrap_or(if o.recursive {
        Deref::Never
    } else {
        Deref::Always
    });
    let pairs = match pairs(ctx, &p.operands, target_dir.as_deref(), no_target).await {
        Ok(v) => v,
        Err(s) => return s,
    };
    let mut copier = Copier::new(ctx, o).await;
    let mut status = 0;
    for (src, dst) in pairs {
        if !copier.copy(ctx, &src, &dst, true).await {
            status = 1;
        }
    }
    status
}

/// mv(1).
pub async fn mv(ctx: &mut Ctx) -> i32 {
    let long = [
        "force",
        "interactive",
        "no-clobber",
        "target-directory=",
        "no-target-directory",
        "update",
        "verbose",
        "help",
    ];
    let p = match common::parse(ctx, "fint:Tuv", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, MV_HELP);
    }
    #[derive(PartialEq)]
    enum Over {
        Default,
        Force,
        Ask,
        Never,
    }
    let mut over = Over::Default;
    let (mut target_dir, mut no_target, mut update, mut verbose) = (None, false, false, false);
    for opt in &p.opts {
        let (name, val) = match opt {
            Opt::Short(c, v) => (c.to_string(), v.clone()),
            Opt::Long(n, v) => (n.clone(), v.clone()),
        };
        match name.as_str() {
            "f" | "force" => over = Over::Force,
            "i" | "interactive" => over = Over::Ask,
            "n" | "no-clobber" => over = Over::Never,
            "t" | "target-directory" => target_dir = val,
            "T" | "no-target-directory" => no_target = true,
            "u" | "update" => update = true,
            "v" | "verbose" => verbose = true,
            _ => {}
        }
    }
    let pairs = match pairs(ctx, &p.operands, target_dir.as_deref(), no_target).await {
        Ok(v) => v,
        Err(s) => return s,
    };
    let stdin_tty = ctx.sys.isatty(Fd::STDIN).await;
    let mut status = 0;
    for (src, dst) in pairs {
        let sst = match ctx.sys.lstat(&src).await {
            Ok(s) => s,
            Err(e) => {
                ctx.error(&format!("cannot stat {}: {}", quote(&src), e.message()));
                status = 1;
                continue;
            }
        };
        if let Ok(dst_st) = ctx.sys.lstat(&dst).await {
            if dst_st.dev == sst.dev && dst_st.ino == sst.ino {
                ctx.error(&format!(
                    "{} and {} are the same file",
                    quote(&src),
                    quote(&dst)
                ));
                status = 1;
                continue;
            }
            if over == Over::Never {
                continue;
            }
            if update && dst_st.mtime >= sst.mtime {
                continue;
            }
            if dst_st.is_dir() && !sst.is_dir() {
                ctx.error(&format!(
                    "cannot overwrite directory {} with non-directory",
                    quote(&dst)
                ));
                status = 1;
                continue;
            }
            if !dst_st.is_dir() && sst.is_dir() {
                ctx.error(&format!(
                    "cannot overwrite non-directory {} with directory {}",
                    quote(&dst),
                    quote(&src)
                ));
                status = 1;
                continue;
            }
            let protected = dst_st.file_type() != FileType::Symlink
                && stdin_tty
                && ctx.sys.access(&dst, access::W_OK).await.is_err();
            let question = if over == Over::Ask {
                Some(format!("mv: overwrite {}? ", quote(&dst)))
            } else if over == Over::Default && protected {
                let m = dst_st.mode & 0o7777;
                Some(format!(
                    "mv: replace {}, overriding mode {m:04o} ({})? ",
                    quote(&dst),
                    super::mode::perm_string(m)
                ))
            } else {
                None
            };
            if let Some(q) = question
                && !common::ask(ctx, &q).await
            {
                continue;
            }
        }
        if sst.is_dir() {
            let cs = common::canonicalize(&ctx.sys, &src, common::Canon::Missing, false).await;
            let cd = common::canonicalize(&ctx.sys, &dst, common::Canon::Missing, false).await;
            if let (Ok(cs), Ok(cd)) = (cs, cd)
                && cd.starts_with(&format!("{}/", cs.trim_end_matches('/')))
            {
                ctx.error(&format!(
                    "cannot move {} to a subdirectory of itself, {}",
                    quote(&src),
                    quote(&dst)
                ));
                status = 1;
                continue;
            }
        }
        match ctx.sys.rename(&src, &dst).await {
            Ok(()) => {
                if verbose {
                    ctx.out
                        .line(&format!("renamed {} -> {}", quote(&src), quote(&dst)));
                }
            }
            Err(Errno::EXDEV) => {
                if !move_across(ctx, &src, &dst, verbose).await {
                    status = 1;
                }
            }
            Err(e) => {
                ctx.error(&format!(
                    "cannot move {} to {}: {}",
                    quote(&src),
                    quote(&dst),
                    e.message()
                ));
                status = 1;
            }
        }
    }
    status
}

/// Move between file systems: copy everything with all attributes, then remove the source.
async fn move_across(ctx: &mut Ctx, src: &str, dst: &str, verbose: bool) -> bool {
    if let Ok(d) = ctx.sys.lstat(dst).await {
        let r = if d.is_dir() {
            ctx.sys.rmdir(dst).await
        } else {
            ctx.sys.unlink(dst).await
        };
        if let Err(e) = r {
            ctx.error(&format!("cannot remove {}: {}", quote(dst), e.message()));
            return false;
        }
    }
    let o = CopyOpts {
        recursive: true,
        deref: Deref::Never,
        preserve_mode: true,
        preserve_owner: true,
        preserve_times: true,
        preserve_links: true,
        force: true,
        ..CopyOpts::default()
    };
    let mut copier = Copier::new(ctx, o).await;
    if !copier.copy(ctx, src, dst, true).await {
        return false;
    }
    if let Err(e) = remove_all(&ctx.sys, src).await {
        ctx.error(&format!("cannot remove {}: {}", quote(src), e.message()));
        return false;
    }
    if verbose {
        ctx.out
            .line(&format!("renamed {} -> {}", quote(src), quote(dst)));
    }
    true
}
