//! Helpers the file utilities share: option parsing with GNU's usage-error form, quoting of
//! file names in messages, human-readable sizes, path splitting, prompts, PATH search,
//! canonical paths and running a child command.

use crate::Ctx;
use crate::args::{self, Parsed};
use wosix_abi::call::ClockId;
use wosix_abi::fcntl::access;
use wosix_abi::{
    Errno, Fd, FileAction, FileType, OFlags, SpawnRequest, SysResult, WaitOptions, WaitStatus,
};
use wosix_runtime::Sys;

/// Parse `ctx.argv[1..]` (GNU style, options and operands mixed). On a bad option print
/// `prog: msg` and `Try 'prog --help' for more information.` and return `Err(status)`.
pub fn parse(ctx: &mut Ctx, short: &str, long: &[&str], status: i32) -> Result<Parsed, i32> {
    parse_with(ctx, short, long, true, status)
}

/// As [`parse`], choosing between GNU (`permute`) and POSIX operand handling.
pub fn parse_with(
    ctx: &mut Ctx,
    short: &str,
    long: &[&str],
    permute: bool,
    status: i32,
) -> Result<Parsed, i32> {
    let argv: Vec<String> = ctx.argv.iter().skip(1).cloned().collect();
    args::parse(&argv, short, long, permute).map_err(|m| usage_error(ctx, &m, status))
}

/// Print `prog: msg` and the `Try 'prog --help'` line; returns `status`.
pub fn usage_error(ctx: &mut Ctx, msg: &str, status: i32) -> i32 {
    ctx.error(msg);
    try_help(ctx);
    status
}

/// Print `Try 'prog --help' for more information.` on standard error.
pub fn try_help(ctx: &mut Ctx) {
    let p = ctx.prog();
    ctx.err
        .str(&format!("Try '{p} --help' for more information.\n"));
}

/// Print a help text (with `{prog}` replaced by the program name) on standard output; 0.
pub fn help(ctx: &mut Ctx, text: &str) -> i32 {
    let p = ctx.prog();
    ctx.out.str(&text.replace("{prog}", &p));
    0
}

/// Quote a file name for a diagnostic the way GNU's `quote()` does in the C locale: `'x'`.
pub fn quote(s: &str) -> String {
    if s.contains('\'') {
        if !s.contains(['"', '$', '`', '\\']) {
            return format!("\"{s}\"");
        }
        return format!("'{}'", s.replace('\'', "'\\''"));
    }
    format!("'{s}'")
}

/// Whether `s` needs quoting in GNU's `shell-escape` style.
pub fn needs_shell_quote(s: &str) -> bool {
    s.is_empty()
        || s.starts_with(['#', '~'])
        || s.chars()
            .any(|c| c.is_control() || " !\"$&'()*;<>?[\\]^`{|}".contains(c))
}

/// Quote a name in GNU's `shell-escape` style (what `ls` on a terminal and `stat %N` show):
/// unchanged when safe, else `'a b'`, `"it's"`, or `'a'$'\n''b'` for control characters.
pub fn shell_quote(s: &str) -> String {
    if !needs_shell_quote(s) {
        return s.to_string();
    }
    if !s.chars().any(char::is_control) {
        if !s.contains('\'') {
            return format!("'{s}'");
        }
        if !s.contains(['"', '$', '`', '\\', '!']) {
            return format!("\"{s}\"");
        }
        return format!("'{}'", s.replace('\'', "'\\''"));
    }
    let mut out = String::new();
    let mut plain = String::new();
    let flush = |plain: &mut String, out: &mut String| {
        if !plain.is_empty() {
            out.push('\'');
            out.push_str(&plain.replace('\'', "'\\''"));
            out.push('\'');
            plain.clear();
        }
    };
    for c in s.chars() {
        if c.is_control() {
            flush(&mut plain, &mut out);
            let esc = match c {
                '\n' => "\\n".to_string(),
                '\t' => "\\t".to_string(),
                '\r' => "\\r".to_string(),
                '\x1b' => "\\E".to_string(),
                c => format!("\\{:03o}", c as u32 & 0xff),
            };
            out.push_str(&format!("$'{esc}'"));
        } else {
            plain.push(c);
        }
    }
    flush(&mut plain, &mut out);
    out
}

/// A size as `ls -h`/`du -h`/`df -h` print it: powers of 1024, rounded up, one decimal below
/// 10 (`4.0K`, `1.1M`, `12K`, `1023`).
pub fn human(n: u64) -> String {
    const UNITS: [char; 8] = ['K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
    if n < 1024 {
        return n.to_string();
    }
    let n = n as u128;
    let mut div: u128 = 1024;
    let mut u = 0;
    while n >= div * 1024 && u + 1 < UNITS.len() {
        div *= 1024;
        u += 1;
    }
    let tenths = (n * 10).div_ceil(div);
    if tenths < 100 {
        return format!("{}.{}{}", tenths / 10, tenths % 10, UNITS[u]);
    }
    let whole = n.div_ceil(div);
    if whole >= 1024 && u + 1 < UNITS.len() {
        return format!("1.0{}", UNITS[u + 1]);
    }
    format!("{whole}{}", UNITS[u])
}

/// `dir/name`, without doubling a slash.
pub fn join(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// The last component of `path` as basename(1) computes it (`/` for `/`, trailing slashes
/// ignored).
pub fn base_name(path: &str) -> String {
    let t = path.trim_end_matches('/');
    if t.is_empty() {
        return if path.is_empty() {
            String::new()
        } else {
            "/".to_string()
        };
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// The directory part of `path` as dirname(1) computes it (`.` when there is none).
pub fn dir_name(path: &str) -> String {
    let t = path.trim_end_matches('/');
    if t.is_empty() {
        return if path.starts_with('/') {
            "/".to_string()
        } else {
            ".".to_string()
        };
    }
    match t.rfind('/') {
        None => ".".to_string(),
        Some(i) => {
            let d = t[..i].trim_end_matches('/');
            if d.is_empty() {
                "/".to_string()
            } else {
                d.to_string()
            }
        }
    }
}

/// How the type of a file is named in prompts and by `stat %F`.
pub fn type_name(mode: u32, size: u64) -> &'static str {
    match FileType::from_mode(mode) {
        Some(FileType::Regular) if size == 0 => "regular empty file",
        Some(FileType::Regular) => "regular file",
        Some(FileType::Directory) => "directory",
        Some(FileType::Symlink) => "symbolic link",
        Some(FileType::Fifo) => "fifo",
        Some(FileType::CharDevice) => "character special file",
        Some(FileType::BlockDevice) => "block special file",
        Some(FileType::Socket) => "socket",
        None => "weird file",
    }
}

/// Print `prompt` on standard error and read one line of standard input; true when the
/// answer starts with `y` or `Y` (rpmatch(3) in the C locale).
pub async fn ask(ctx: &mut Ctx, prompt: &str) -> bool {
    let _ = ctx.out.flush(&ctx.sys).await;
    ctx.err.str(prompt);
    let _ = ctx.err.flush(&ctx.sys).await;
    let mut line = Vec::new();
    // Byte by byte, so that answers for later prompts stay in the input.
    loop {
        match ctx.sys.read_vec(Fd::STDIN, 1).await {
            Ok(b) if b.is_empty() => break,
            Ok(b) => {
                if b[0] == b'\n' {
                    break;
                }
                line.push(b[0]);
            }
            Err(_) => break,
        }
    }
    matches!(line.first(), Some(b'y' | b'Y'))
}

/// The current wall-clock time in seconds since the epoch (0 if the clock fails).
pub async fn now(sys: &Sys) -> i64 {
    sys.clock_gettime(ClockId::Realtime)
        .await
        .map(|t| t.sec)
        .unwrap_or(0)
}

/// Copy everything from `from` to `to`.
pub async fn copy_fd(sys: &Sys, from: Fd, to: Fd) -> SysResult<()> {
    loop {
        let chunk = sys.read_vec(from, 65536).await?;
        if chunk.is_empty() {
            return Ok(());
        }
        sys.write_all(to, &chunk).await?;
    }
}

/// How much of a path [`canonicalize`] requires to exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Canon {
    /// Every component must exist (`readlink -e`, `realpath -e`).
    Existing,
    /// All but the last component must exist (`readlink -f`, `realpath`).
    AllButLast,
    /// Nothing needs to exist (`readlink -m`, `realpath -m`).
    Missing,
}

/// An absolute path without `.`, `..`, repeated slashes or (when `follow`) symbolic links,
/// as canonicalize_file_name(3) and GNU's `canonicalize_filename_mode` compute it.
pub async fn canonicalize(sys: &Sys, path: &str, mode: Canon, follow: bool) -> SysResult<String> {
    if path.is_empty() {
        return Err(Errno::ENOENT);
    }
    let mut rest: Vec<String> = Vec::new();
    if !path.starts_with('/') {
        let cwd = sys.getcwd().await?;
        rest.extend(cwd.split('/').filter(|c| !c.is_empty()).map(str::to_string));
    }
    rest.extend(path.split('/').map(str::to_string));
    if path.ends_with('/') {
        rest.push(".".to_string());
    }
    rest.reverse();
    let mut done: Vec<String> = Vec::new();
    let mut links = 0;
    while let Some(comp) = rest.pop() {
        if comp.is_empty() || comp == "." {
            if comp == "." && rest.is_empty() && mode != Canon::Missing {
                // A trailing slash: what is named must be a directory.
                let cur = format!("/{}", done.join("/"));
                match sys.stat(&cur).await {
                    Ok(st) if !st.is_dir() => return Err(Errno::ENOTDIR),
                    Err(e) if mode == Canon::Existing || e != Errno::ENOENT => return Err(e),
                    _ => {}
                }
            }
            continue;
        }
        if comp == ".." {
            done.pop();
            continue;
        }
        let cand = format!("/{}/{comp}", done.join("/")).replacen("//", "/", 1);
        let last = rest.iter().all(|c| c.is_empty() || c == ".");
        match sys.lstat(&cand).await {
            Ok(st) if follow && st.file_type() == FileType::Symlink => {
                links += 1;
                if links > 40 {
                    return Err(Errno::ELOOP);
                }
                let target = sys.readlink(&cand).await?;
                if target.starts_with('/') {
                    done.clear();
                }
                for c in target.split('/').rev() {
                    rest.push(c.to_string());
                }
            }
            Ok(st) => {
                if !st.is_dir() && !last && mode != Canon::Missing {
                    return Err(Errno::ENOTDIR);
                }
                done.push(comp);
            }
            Err(e) => match mode {
                Canon::Missing => done.push(comp),
                Canon::AllButLast if last && e == Errno::ENOENT => done.push(comp),
                _ => return Err(e),
            },
        }
    }
    Ok(format!("/{}", done.join("/")))
}

/// Find `name` as execvp(3) would: a name with a slash is used as is; otherwise each
/// directory of `path` (empty entries mean `.`) is tried for an executable regular file.
/// Errors: ENOENT when nothing is found, EACCES when only non-executable files are.
pub async fn find_in_path(sys: &Sys, name: &str, path: &str) -> Result<String, Errno> {
    if name.contains('/') {
        return Ok(name.to_string());
    }
    if name.is_empty() {
        return Err(Errno::ENOENT);
    }
    let mut denied = false;
    for dir in path.split(':') {
        let cand = if dir.is_empty() {
            format!("./{name}")
        } else {
            join(dir, name)
        };
        if let Ok(st) = sys.stat(&cand).await {
            if st.file_type() != FileType::Regular {
                continue;
            }
            if sys.access(&cand, access::X_OK).await.is_ok() {
                return Ok(cand);
            }
            denied = true;
        }
    }
    Err(if denied { Errno::EACCES } else { Errno::ENOENT })
}

/// Start `argv` (after flushing our output) with the given environment, optionally in
/// directory `chdir`, and wait for it.
pub async fn run(
    ctx: &mut Ctx,
    path: &str,
    argv: Vec<String>,
    envp: Vec<String>,
    chdir: Option<&str>,
) -> SysResult<WaitStatus> {
    let _ = ctx.out.flush(&ctx.sys).await;
    let _ = ctx.err.flush(&ctx.sys).await;
    let file_actions = chdir
        .map(|d| vec![FileAction::Chdir(d.to_string())])
        .unwrap_or_default();
    let req = SpawnRequest {
        path: path.to_string(),
        argv,
        envp,
        file_actions,
        ..SpawnRequest::default()
    };
    let pid = ctx.sys.spawn(req).await?;
    loop {
        match ctx.sys.waitpid(pid.0 as i32, WaitOptions::empty()).await {
            Ok(Some((_, st))) => return Ok(st),
            Ok(None) | Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Open `path` for reading (`-` is standard input, returned without opening).
pub async fn open_read(sys: &Sys, path: &str) -> SysResult<Fd> {
    if path == "-" {
        return Ok(Fd::STDIN);
    }
    sys.open(path, OFlags::RDONLY | OFlags::CLOEXEC, 0).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes() {
        assert_eq!(human(0), "0");
        assert_eq!(human(1023), "1023");
        assert_eq!(human(1024), "1.0K");
        assert_eq!(human(1025), "1.1K");
        assert_eq!(human(4096), "4.0K");
        assert_eq!(human(10 * 1024), "10K");
        assert_eq!(human(10 * 1024 + 1), "11K");
        assert_eq!(human(1024 * 1024 - 1), "1.0M");
        assert_eq!(human(1_500_000), "1.5M");
        assert_eq!(human(5 * 1024 * 1024 * 1024), "5.0G");
    }

    #[test]
    fn names() {
        assert_eq!(base_name("/a/b/"), "b");
        assert_eq!(base_name("/"), "/");
        assert_eq!(base_name("x"), "x");
        assert_eq!(dir_name("/a/b/"), "/a");
        assert_eq!(dir_name("a"), ".");
        assert_eq!(dir_name("/a"), "/");
        assert_eq!(dir_name("//"), "/");
        assert_eq!(dir_name("a//b"), "a");
        assert_eq!(join("/", "x"), "/x");
        assert_eq!(join("d", "x"), "d/x");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), "\"it's\"");
        assert_eq!(shell_quote("plain.txt"), "plain.txt");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), "\"it's\"");
        assert_eq!(shell_quote("a\nb"), "'a'$'\\n''b'");
        assert_eq!(shell_quote(""), "''");
    }
}
