//! truncate(1): shrink or extend files to a size, as GNU coreutils does (`man 1 truncate`;
//! the system call is POSIX ftruncate(2)). `-s SIZE` takes K/M/G… (1024), KB/MB… (1000) and
//! KiB… suffixes and the modifiers `+` `-` (relative), `<` (at most), `>` (at least), `/`
//! (round down), `%` (round up); `-r RFILE` takes the size from another file, `-c` does not
//! create files, `-o` counts SIZE in I/O blocks.

use crate::Ctx;
use crate::cmd::text::common;
use wosix_abi::{Errno, FileType, OFlags};

const HELP: &str = "Usage: truncate OPTION... FILE...
Shrink or extend the size of each FILE to the specified size

A FILE argument that does not exist is created.

If a FILE is larger than the specified size, the extra data is lost.
If a FILE is shorter, it is extended and the sparse extended part (hole)
reads as zero bytes.

Mandatory arguments to long options are mandatory for short options too.
  -c, --no-create        do not create any files
  -o, --io-blocks        treat SIZE as number of IO blocks instead of bytes
  -r, --reference=RFILE  base size on RFILE
  -s, --size=SIZE        set or adjust the file size by SIZE bytes
      --help        display this help and exit
      --version     output version information and exit

The SIZE argument is an integer and optional unit (example: 10K is 10*1024).
Units are K,M,G,T,P,E,Z,Y (powers of 1024) or KB,MB,... (powers of 1000).
Binary prefixes can be used, too: KiB=K, MiB=M, and so on.

SIZE may also be prefixed by one of the following modifying characters:
'+' extend by, '-' reduce by, '<' at most, '>' at least,
'/' round down to multiple of, '%' round up to multiple of.
";

/// How SIZE applies to a file's current size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rel {
    /// Set to SIZE.
    Abs,
    /// `+`/`-`: add SIZE (which carries the sign).
    Add,
    /// `<`: at most SIZE.
    Max,
    /// `>`: at least SIZE.
    Min,
    /// `/`: round down to a multiple of SIZE.
    RoundDown,
    /// `%`: round up to a multiple of SIZE.
    RoundUp,
}

/// Parse a SIZE argument into its modifier and (signed) value.
///
/// # Errors
/// The message to print, and whether the `Try --help` hint follows it.
pub fn parse_size(arg: &str) -> Result<(Rel, i64), (String, bool)> {
    let s = arg.trim_start();
    let (rel, s) = match s.chars().next() {
        Some('<') => (Rel::Max, &s[1..]),
        Some('>') => (Rel::Min, &s[1..]),
        Some('/') => (Rel::RoundDown, &s[1..]),
        Some('%') => (Rel::RoundUp, &s[1..]),
        _ => (Rel::Abs, s),
    };
    let s = s.trim_start();
    let rel = if s.starts_with(['+', '-']) {
        if rel != Rel::Abs {
            return Err(("multiple relative modifiers specified".into(), true));
        }
        Rel::Add
    } else {
        rel
    };
    let invalid = || (format!("Invalid number: {}", common::quote(s)), false);
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    if end == 0 {
        return Err(invalid());
    }
    let too_large = || {
        (
            format!(
                "Invalid number: {}: Value too large for defined data type",
                common::quote(s)
            ),
            false,
        )
    };
    let n: i64 = digits[..end].parse().map_err(|_| too_large())?;
    let suffix = &digits[end..];
    let mult: i64 = if suffix.is_empty() {
        1
    } else {
        let mut cs = suffix.chars();
        let letter = cs.next().ok_or_else(invalid)?;
        let power = "KMGTPEZY"
            .find(letter.to_ascii_uppercase())
            .ok_or_else(invalid)? as u32
            + 1;
        let base: i64 = match cs.as_str() {
            "" | "iB" => 1024,
            "B" => 1000,
            _ => return Err(invalid()),
        };
        base.checked_pow(power).ok_or_else(too_large)?
    };
    let v = n.checked_mul(mult).ok_or_else(too_large)?;
    Ok((rel, if neg { -v } else { v }))
}

/// The new size of a file of `cur` bytes, or `None` on overflow.
pub fn new_size(rel: Rel, size: i64, cur: i64) -> Option<i64> {
    let n = match rel {
        Rel::Abs => size,
        Rel::Add => cur.checked_add(size)?,
        Rel::Max => cur.min(size),
        Rel::Min => cur.max(size),
        Rel::RoundDown => cur / size * size,
        Rel::RoundUp => (cur / size + i64::from(cur % size != 0)).checked_mul(size)?,
    };
    Some(n.max(0))
}

/// truncate(1).
pub async fn truncate(ctx: &mut Ctx) -> i32 {
    let long = [
        "no-create",
        "io-blocks",
        "reference=",
        "size=",
        "help",
        "version",
    ];
    let p = match crate::args::parse(&ctx.argv[1..], "cor:s:", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let map = [
        ('c', "no-create"),
        ('o', "io-blocks"),
        ('r', "reference"),
        ('s', "size"),
    ];
    let (mut no_create, mut blocks) = (false, false);
    let mut reference: Option<String> = None;
    let mut size: Option<(Rel, i64)> = None;
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "no-create" => no_create = true,
            "io-blocks" => blocks = true,
            "reference" => reference = Some(v),
            "size" => match parse_size(&v) {
                Ok((r, n)) => {
                    if n == 0 && matches!(r, Rel::RoundDown | Rel::RoundUp) {
                        ctx.error("division by zero");
                        return 1;
                    }
                    size = Some((r, n));
                }
                Err((msg, hint)) => {
                    return if hint {
                        common::usage(ctx, &msg, 1)
                    } else {
                        ctx.error(&msg);
                        1
                    };
                }
            },
            _ => {}
        }
    }
    if size.is_none() && reference.is_none() {
        return common::usage(ctx, "you must specify either '--size' or '--reference'", 1);
    }
    if reference.is_some() && matches!(size, Some((Rel::Abs, _))) {
        return common::usage(
            ctx,
            "you must specify a relative '--size' with '--reference'",
            1,
        );
    }
    if p.operands.is_empty() {
        return common::usage(ctx, "missing file operand", 1);
    }
    let sys = ctx.sys.clone();
    let mut ref_size: Option<i64> = None;
    if let Some(r) = &reference {
        match sys.stat(r).await {
            Ok(st) => ref_size = Some(st.size as i64),
            Err(e) => {
                ctx.error(&format!(
                    "cannot stat {}: {}",
                    common::quote(r),
                    e.message()
                ));
                return 1;
            }
        }
    }
    let mut status = 0;
    for f in &p.operands {
        let mut flags = OFlags::WRONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
        if !no_create {
            flags |= OFlags::CREAT;
        }
        let fd = match sys.open(f, flags, 0o666).await {
            Ok(fd) => fd,
            Err(Errno::ENOENT) if no_create => continue,
            Err(e) => {
                let q = common::quote(f);
                ctx.error(&format!("cannot open {q} for writing: {}", e.message()));
                status = 1;
                continue;
            }
        };
        let st = match sys.fstat(fd).await {
            Ok(st) => st,
            Err(e) => {
                ctx.error(&format!(
                    "cannot fstat {}: {}",
                    common::quote(f),
                    e.message()
                ));
                let _ = sys.close(fd).await;
                status = 1;
                continue;
            }
        };
        let (rel, mut n) = size.unwrap_or((Rel::Add, 0));
        if blocks && size.is_some() {
            let bs = i64::from(st.blksize.max(1));
            match n.checked_mul(bs) {
                Some(v) => n = v,
                None => {
                    ctx.error(&format!(
                        "overflow in {n} * {bs} byte blocks for file {}",
                        common::quote(f)
                    ));
                    let _ = sys.close(fd).await;
                    status = 1;
                    continue;
                }
            }
        }
        let cur = ref_size.unwrap_or(st.size as i64);
        let target = match (reference.is_some() && size.is_none(), rel) {
            (true, _) => Some(cur),
            (false, r) => new_size(r, n, cur),
        };
        let Some(target) = target else {
            ctx.error(&format!(
                "overflow extending size of file {}",
                common::quote(f)
            ));
            let _ = sys.close(fd).await;
            status = 1;
            continue;
        };
        let skip = st.file_type() != FileType::Regular && st.file_type() != FileType::Directory;
        if !skip && let Err(e) = sys.ftruncate(fd, target as u64).await {
            ctx.error(&format!(
                "failed to truncate {} at {target} bytes: {}",
                common::quote(f),
                e.message()
            ));
            status = 1;
        }
        let _ = sys.close(fd).await;
    }
    status
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("5"), Ok((Rel::Abs, 5)));
        assert_eq!(parse_size("+3"), Ok((Rel::Add, 3)));
        assert_eq!(parse_size("-2K"), Ok((Rel::Add, -2048)));
        assert_eq!(parse_size("< 4"), Ok((Rel::Max, 4)));
        assert_eq!(parse_size("%1kB"), Ok((Rel::RoundUp, 1000)));
        assert_eq!(parse_size("1MiB"), Ok((Rel::Abs, 1 << 20)));
        assert!(parse_size("<-3").unwrap_err().1);
        assert!(!parse_size("1b").unwrap_err().1);
        assert!(parse_size("1Z").is_err());
        assert_eq!(new_size(Rel::RoundUp, 6, 8), Some(12));
        assert_eq!(new_size(Rel::RoundDown, 4, 10), Some(8));
        assert_eq!(new_size(Rel::Add, -20, 5), Some(0));
        assert_eq!(new_size(Rel::Add, i64::MAX, 5), None);
    }
}
