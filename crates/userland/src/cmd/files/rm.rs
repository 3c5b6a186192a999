//! rm(1) as in GNU coreutils: `-r` depth-first removal, `-f` silence, `-i`/`-I` prompts,
//! write-protection prompts on a terminal, `-d` for empty directories, and the refusals to
//! remove `/`, `.` and `..`.

use super::common::{self, join, quote, type_name};
use crate::Ctx;
use wosix_abi::fcntl::access;
use wosix_abi::{Errno, Fd, FileType, SysResult};
use wosix_runtime::Sys;

const HELP: &str = "\
Usage: {prog} [OPTION]... [FILE]...
Remove (unlink) the FILE(s).

  -f, --force           ignore nonexistent files and arguments, never prompt
  -i                    prompt before every removal
  -I                    prompt once before removing more than three files, or
                          when removing recursively
  -r, -R, --recursive   remove directories and their contents recursively
  -d, --dir             remove empty directories
  -v, --verbose         explain what is being done
      --no-preserve-root  do not treat '/' specially
      --preserve-root   do not remove '/' (default)
      --help            display this help and exit

By default, rm does not remove directories.  Use the --recursive (-r or -R)
option to remove each listed directory, too, along with all of its contents.
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prompt {
    Never,
    Once,
    Always,
}

struct Rm {
    force: bool,
    prompt: Prompt,
    recursive: bool,
    dir: bool,
    verbose: bool,
    stdin_tty: bool,
}

/// Remove `path` and everything below it, without prompts or messages (for `mv` across
/// file systems).
pub async fn remove_all(sys: &Sys, path: &str) -> SysResult<()> {
    let st = sys.lstat(path).await?;
    if st.is_dir() {
        for e in sys.read_dir(path).await? {
            Box::pin(remove_all(sys, &join(path, &e.name))).await?;
        }
        sys.rmdir(path).await
    } else {
        sys.unlink(path).await
    }
}

/// rm(1).
pub async fn rm(ctx: &mut Ctx) -> i32 {
    let long = [
        "force",
        "interactive=",
        "recursive",
        "dir",
        "verbose",
        "no-preserve-root",
        "preserve-root",
        "help",
    ];
    let p = match common::parse(ctx, "fiIrRdv", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    let mut o = Rm {
        force: false,
        prompt: Prompt::Never,
        recursive: false,
        dir: false,
        verbose: false,
        stdin_tty: false,
    };
    let mut preserve_root = true;
    use crate::args::Opt;
    for opt in &p.opts {
        match opt {
            Opt::Short('f', _) => {
                o.force = true;
                o.prompt = Prompt::Never;
            }
            Opt::Long(n, _) if n == "force" => {
                o.force = true;
                o.prompt = Prompt::Never;
            }
            Opt::Short('i', _) => {
                o.force = false;
                o.prompt = Prompt::Always;
            }
            Opt::Short('I', _) => {
                o.force = false;
                o.prompt = Prompt::Once;
            }
            Opt::Long(n, v) if n == "interactive" => {
                o.prompt = match v.as_deref().unwrap_or("always") {
                    "never" | "no" | "none" => Prompt::Never,
                    "once" => Prompt::Once,
                    "always" | "yes" => Prompt::Always,
                    other => {
                        let m = format!("invalid argument {} for '--interactive'", quote(other));
                        return common::usage_error(ctx, &m, 1);
                    }
                };
                if o.prompt != Prompt::Never {
                    o.force = false;
                }
            }
            Opt::Short('r' | 'R', _) => o.recursive = true,
            Opt::Long(n, _) if n == "recursive" => o.recursive = true,
            Opt::Short('d', _) => o.dir = true,
            Opt::Long(n, _) if n == "dir" => o.dir = true,
            Opt::Short('v', _) => o.verbose = true,
            Opt::Long(n, _) if n == "verbose" => o.verbose = true,
            Opt::Long(n, _) if n == "no-preserve-root" => preserve_root = false,
            Opt::Long(n, _) if n == "preserve-root" => preserve_root = true,
            _ => {}
        }
    }
    if p.operands.is_empty() {
        if o.force {
            return 0;
        }
        return common::usage_error(ctx, "missing operand", 1);
    }
    o.stdin_tty = ctx.sys.isatty(Fd::STDIN).await;
    if o.prompt == Prompt::Once && (o.recursive || p.operands.len() > 3) {
        let n = p.operands.len();
        let q = if o.recursive {
            format!(
                "rm: remove {n} argument{} recursively? ",
                if n == 1 { "" } else { "s" }
            )
        } else {
            format!("rm: remove {n} arguments? ")
        };
        if !common::ask(ctx, &q).await {
            return 0;
        }
    }
    let mut status = 0;
    for path in &p.operands {
        let base = common::base_name(path);
        if base == "." || base == ".." {
            ctx.error(&format!(
                "refusing to remove '.' or '..' directory: skipping {}",
                quote(path)
            ));
            status = 1;
            continue;
        }
        if o.recursive && preserve_root {
            let canon = common::canonicalize(&ctx.sys, path, common::Canon::Missing, true).await;
            if canon.as_deref() == Ok("/") {
                if path == "/" {
                    ctx.error("it is dangerous to operate recursively on '/'");
                } else {
                    ctx.error(&format!(
                        "it is dangerous to operate recursively on {} (same as '/')",
                        quote(path)
                    ));
                }
                ctx.error("use --no-preserve-root to override this failsafe");
                status = 1;
                continue;
            }
        }
        if !remove(ctx, &o, path).await {
            status = 1;
        }
    }
    status
}

/// Remove one path; false on failure (already reported).
async fn remove(ctx: &mut Ctx, o: &Rm, path: &str) -> bool {
    let st = match ctx.sys.lstat(path).await {
        Ok(st) => st,
        Err(Errno::ENOENT) if o.force => return true,
        Err(e) => {
            ctx.error(&format!("cannot remove {}: {}", quote(path), e.message()));
            return false;
        }
    };
    if st.is_dir() {
        if !o.recursive {
            if o.dir {
                if !confirm(ctx, o, path, &st).await {
                    return true;
                }
                return rmdir(ctx, o, path).await;
            }
            ctx.error(&format!(
                "cannot remove {}: {}",
                quote(path),
                Errno::EISDIR.message()
            ));
            return false;
        }
        let entries = match ctx.sys.read_dir(path).await {
            Ok(e) => e,
            Err(e) => {
                // An unreadable but empty directory can still be removed.
                if ctx.sys.rmdir(path).await.is_ok() {
                    if o.verbose {
                        ctx.out.line(&format!("removed directory {}", quote(path)));
                    }
                    return true;
                }
                ctx.error(&format!("cannot remove {}: {}", quote(path), e.message()));
                return false;
            }
        };
        if !entries.is_empty() && o.prompt == Prompt::Always {
            let q = format!("rm: descend into directory {}? ", quote(path));
            if !common::ask(ctx, &q).await {
                return true;
            }
        }
        let mut ok = true;
        for e in entries {
            let child = join(path, &e.name);
            if !Box::pin(remove(ctx, o, &child)).await {
                ok = false;
            }
        }
        if !ok {
            return false;
        }
        if !confirm(ctx, o, path, &st).await {
            return true;
        }
        return rmdir(ctx, o, path).await;
    }
    if !confirm(ctx, o, path, &st).await {
        return true;
    }
    match ctx.sys.unlink(path).await {
        Ok(()) => {
            if o.verbose {
                ctx.out.line(&format!("removed {}", quote(path)));
            }
            true
        }
        Err(Errno::ENOENT) if o.force => true,
        Err(e) => {
            ctx.error(&format!("cannot remove {}: {}", quote(path), e.message()));
            false
        }
    }
}

async fn rmdir(ctx: &mut Ctx, o: &Rm, path: &str) -> bool {
    match ctx.sys.rmdir(path).await {
        Ok(()) => {
            if o.verbose {
                ctx.out.line(&format!("removed directory {}", quote(path)));
            }
            true
        }
        Err(e) => {
            ctx.error(&format!("cannot remove {}: {}", quote(path), e.message()));
            false
        }
    }
}

/// Ask before removing when `-i` is given, or when the file is write-protected and standard
/// input is a terminal (without `-f`). True to go ahead.
async fn confirm(ctx: &mut Ctx, o: &Rm, path: &str, st: &wosix_abi::Stat) -> bool {
    if o.force {
        return true;
    }
    let is_link = st.file_type() == FileType::Symlink;
    let protected = !is_link && o.stdin_tty && ctx.sys.access(path, access::W_OK).await.is_err();
    if o.prompt != Prompt::Always && !protected {
        return true;
    }
    let kind = if st.is_dir() {
        "directory"
    } else {
        type_name(st.mode, st.size)
    };
    let q = if protected {
        format!("rm: remove write-protected {kind} {}? ", quote(path))
    } else {
        format!("rm: remove {kind} {}? ", quote(path))
    };
    common::ask(ctx, &q).await
}
