//! cmp(1): compare two files byte by byte, as GNU diffutils' cmp does (POSIX.1-2017 `cmp`;
//! `man 1 cmp`). Reports the first difference (`a b differ: byte 3, line 1`), every differing
//! byte with `-l`, the bytes themselves with `-b`, or nothing with `-s`; `-n LIMIT` bounds the
//! comparison and `-i SKIP[:SKIP2]` or the SKIP operands skip initial bytes. Exit status 0 when
//! the inputs are the same, 1 when they differ, 2 on trouble.

use super::common::Input;
use crate::Ctx;
use wosix_abi::{FileType, Whence};
use wosix_runtime::Sys;

const HELP: &str = "Usage: cmp [OPTION]... FILE1 [FILE2 [SKIP1 [SKIP2]]]
Compare two files byte by byte.

The optional SKIP1 and SKIP2 specify the number of bytes to skip
at the beginning of each file (zero by default).

Mandatory arguments to long options are mandatory for short options too.
  -b, --print-bytes          print differing bytes
  -i, --ignore-initial=SKIP         skip first SKIP bytes of both inputs
  -i, --ignore-initial=SKIP1:SKIP2  skip first SKIP1 bytes of FILE1 and
                                      first SKIP2 bytes of FILE2
  -l, --verbose              output byte numbers and differing byte values
  -n, --bytes=LIMIT          compare at most LIMIT bytes
  -s, --quiet, --silent      suppress all normal output
      --help                 display this help and exit
  -v, --version              output version information and exit

SKIP values may be followed by the following multiplicative suffixes:
kB 1000, K 1024, MB 1,000,000, M 1,048,576,
GB 1,000,000,000, G 1,073,741,824, and so on for T, P, E, Z, Y.

If a FILE is '-' or missing, read standard input.
Exit status is 0 if inputs are the same, 1 if different, 2 if trouble.
";

/// What to report.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The first difference (the default).
    First,
    /// Every differing byte (`-l`).
    All,
    /// Nothing, only the status (`-s`).
    Status,
}

/// Parse a SKIP or LIMIT value: digits and an optional multiplier (`k`/`K` 1024, `kB` 1000,
/// `KiB`, `M`, `MB`… up to `Y`), saturating on overflow. `None` if invalid.
pub fn parse_count(s: &str) -> Option<u64> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    let n: u64 = s[..end].parse().unwrap_or(u64::MAX);
    let suffix = &s[end..];
    if suffix.is_empty() {
        return Some(n);
    }
    let mut cs = suffix.chars();
    let letter = cs.next()?;
    let power = "KMGTPEZY".find(letter.to_ascii_uppercase())? as u32 + 1;
    let base: u64 = match cs.as_str() {
        "" | "iB" => 1024,
        "B" => 1000,
        _ => return None,
    };
    Some(n.saturating_mul(base.checked_pow(power).unwrap_or(u64::MAX)))
}

/// How GNU cmp shows a byte with `-b`: printable as is, `^X` for controls, `M-` for the high
/// half.
pub fn show_byte(c: u8) -> String {
    let mut s = String::new();
    let mut c = c;
    if !(0x20..0x7f).contains(&c) {
        if c >= 128 {
            s.push_str("M-");
            c -= 128;
        }
        if c < 32 {
            s.push('^');
            c += 64;
        } else if c == 127 {
            s.push('^');
            c = b'?';
        }
    }
    s.push(c as char);
    s
}

/// Print a diffutils-style usage error (`cmp: msg` and `cmp: Try ...`); status 2.
fn trouble(ctx: &mut Ctx, msg: &str) -> i32 {
    ctx.err.str(&format!(
        "cmp: {msg}\ncmp: Try 'cmp --help' for more information.\n"
    ));
    2
}

/// Skip `n` bytes of `inp`: seek when possible, else read and discard.
async fn skip(sys: &Sys, inp: &mut Input, n: u64) -> Result<Vec<u8>, wosix_abi::Errno> {
    if n == 0 || sys.lseek(inp.fd(), n as i64, Whence::Cur).await.is_ok() {
        return Ok(Vec::new());
    }
    let mut left = n;
    loop {
        let mut c = inp.chunk(sys).await?;
        if c.is_empty() {
            return Ok(Vec::new());
        }
        if (c.len() as u64) > left {
            return Ok(c.split_off(left as usize));
        }
        left -= c.len() as u64;
        if left == 0 {
            return Ok(Vec::new());
        }
    }
}

/// cmp(1).
pub async fn cmp(ctx: &mut Ctx) -> i32 {
    let long = [
        "print-bytes",
        "ignore-initial=",
        "verbose",
        "bytes=",
        "quiet",
        "silent",
        "help",
        "version",
    ];
    let p = match crate::args::parse(&ctx.argv[1..], "bi:ln:sv", &long, true) {
        Ok(p) => p,
        Err(e) => return trouble(ctx, &e),
    };
    let map = [
        ('b', "print-bytes"),
        ('i', "ignore-initial"),
        ('l', "verbose"),
        ('n', "bytes"),
        ('s', "quiet"),
        ('v', "version"),
    ];
    let mut mode = Mode::First;
    let mut print_bytes = false;
    let mut skips = [0u64; 2];
    let mut limit = u64::MAX;
    for (name, val) in super::common::named(&p, &map) {
        let v = val.unwrap_or_default();
        match name.as_str() {
            "help" => return super::common::help(ctx, HELP),
            "version" => return super::common::version(ctx),
            "print-bytes" => print_bytes = true,
            "verbose" | "quiet" | "silent" => {
                let m = if name == "verbose" {
                    Mode::All
                } else {
                    Mode::Status
                };
                if mode != Mode::First && mode != m {
                    return trouble(ctx, "options -l and -s are incompatible");
                }
                mode = m;
            }
            "bytes" => match parse_count(&v) {
                Some(n) => limit = limit.min(n),
                None => return trouble(ctx, &format!("invalid --bytes value '{v}'")),
            },
            "ignore-initial" => {
                let (a, b) = v.split_once(':').unwrap_or((&v, &v));
                for (k, s) in [a, b].into_iter().enumerate() {
                    match parse_count(s) {
                        Some(n) => skips[k] = n,
                        None => {
                            return trouble(ctx, &format!("invalid --ignore-initial value '{s}'"));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let ops = &p.operands;
    if ops.is_empty() {
        return trouble(ctx, "missing operand after 'cmp'");
    }
    for (k, s) in ops.iter().skip(2).take(2).enumerate() {
        match parse_count(s) {
            Some(n) => skips[k] = n,
            None => return trouble(ctx, &format!("invalid --ignore-initial value '{s}'")),
        }
    }
    if let Some(extra) = ops.get(4) {
        return trouble(ctx, &format!("extra operand '{extra}'"));
    }
    let names = [
        ops[0].clone(),
        ops.get(1).cloned().unwrap_or_else(|| "-".into()),
    ];
    let sys = ctx.sys.clone();
    let mut inputs = Vec::with_capacity(2);
    for name in &names {
        match Input::open(&sys, name).await {
            Ok(i) => inputs.push(i),
            Err(e) => {
                if mode != Mode::Status {
                    ctx.error_path(name, e);
                }
                return 2;
            }
        }
    }
    let status = compare(
        ctx,
        &sys,
        &mut inputs,
        &names,
        mode,
        print_bytes,
        skips,
        limit,
    )
    .await;
    for i in inputs {
        i.close(&sys).await;
    }
    status
}

/// Compare the two open inputs; returns the exit status.
#[allow(clippy::too_many_arguments)]
async fn compare(
    ctx: &mut Ctx,
    sys: &Sys,
    inputs: &mut [Input],
    names: &[String; 2],
    mode: Mode,
    print_bytes: bool,
    skips: [u64; 2],
    limit: u64,
) -> i32 {
    let mut stats = Vec::with_capacity(2);
    for i in inputs.iter() {
        stats.push(sys.fstat(i.fd()).await.ok());
    }
    if let (Some(a), Some(b)) = (&stats[0], &stats[1])
        && a.dev == b.dev
        && a.ino == b.ino
        && skips[0] == skips[1]
    {
        let pos = |fd| async move { sys.lseek(fd, 0, Whence::Cur).await.ok() };
        if pos(inputs[0].fd()).await == pos(inputs[1].fd()).await {
            return 0;
        }
    }
    // Width of the offsets printed by -l: digits of the largest offset possible.
    let mut max = limit.min(i64::MAX as u64);
    for (k, st) in stats.iter().enumerate() {
        if let Some(st) = st
            && st.file_type() == FileType::Regular
        {
            max = max.min(st.size.saturating_sub(skips[k]));
        }
    }
    let width = max.max(1).to_string().len();
    let mut bufs: [Vec<u8>; 2] = [Vec::new(), Vec::new()];
    for k in 0..2 {
        match skip(sys, &mut inputs[k], skips[k]).await {
            Ok(rest) => bufs[k] = rest,
            Err(e) => {
                ctx.error_path(&names[k], e);
                return 2;
            }
        }
    }
    let (mut byte, mut line, mut at_line_start) = (1u64, 1u64, true);
    let mut remaining = limit;
    let mut eof = [false, false];
    let mut differing = false;
    loop {
        for k in 0..2 {
            if bufs[k].is_empty() && !eof[k] {
                match inputs[k].chunk(sys).await {
                    Ok(c) if c.is_empty() => eof[k] = true,
                    Ok(c) => bufs[k] = c,
                    Err(e) => {
                        ctx.error_path(&names[k], e);
                        return 2;
                    }
                }
            }
        }
        if remaining == 0 {
            break;
        }
        let n = bufs[0]
            .len()
            .min(bufs[1].len())
            .min(usize::try_from(remaining).unwrap_or(usize::MAX));
        if n == 0 {
            if bufs[0].is_empty() && bufs[1].is_empty() {
                break;
            }
            // One input ended before the other.
            if mode != Mode::Status {
                let short = &names[usize::from(!bufs[0].is_empty())];
                let msg = if byte == 1 {
                    format!("cmp: EOF on {short} which is empty\n")
                } else if mode == Mode::First {
                    let at = if at_line_start { "" } else { "in " };
                    let l = line - u64::from(at_line_start);
                    format!(
                        "cmp: EOF on {short} after byte {}, {at}line {l}\n",
                        byte - 1
                    )
                } else {
                    format!("cmp: EOF on {short} after byte {}\n", byte - 1)
                };
                let _ = ctx.out.flush(sys).await;
                ctx.err.str(&msg);
            }
            return 1;
        }
        let (a, b) = (&bufs[0][..n], &bufs[1][..n]);
        let first = a.iter().zip(b).position(|(x, y)| x != y);
        match (first, mode) {
            (None, _) => {
                if mode == Mode::First {
                    line += a.iter().filter(|&&c| c == b'\n').count() as u64;
                    at_line_start = a[n - 1] == b'\n';
                }
                byte += n as u64;
            }
            (Some(_), Mode::Status) => return 1,
            (Some(i), Mode::First) => {
                line += a[..i].iter().filter(|&&c| c == b'\n').count() as u64;
                byte += i as u64;
                let (l, r) = (&names[0], &names[1]);
                if print_bytes {
                    let (x, y) = (a[i], b[i]);
                    ctx.out.str(&format!(
                        "{l} {r} differ: byte {byte}, line {line} is {x:3o} {} {y:3o} {}\n",
                        show_byte(x),
                        show_byte(y)
                    ));
                } else {
                    ctx.out
                        .str(&format!("{l} {r} differ: byte {byte}, line {line}\n"));
                }
                return 1;
            }
            (Some(_), Mode::All) => {
                differing = true;
                for (i, (&x, &y)) in a.iter().zip(b).enumerate() {
                    if x == y {
                        continue;
                    }
                    let at = byte + i as u64;
                    if print_bytes {
                        ctx.out.str(&format!(
                            "{at:>width$} {x:3o} {:<4} {y:3o} {}\n",
                            show_byte(x),
                            show_byte(y)
                        ));
                    } else {
                        ctx.out.str(&format!("{at:>width$} {x:3o} {y:3o}\n"));
                    }
                }
                byte += n as u64;
                if ctx.out.maybe_flush(sys).await.is_err() {
                    return 2;
                }
            }
        }
        bufs[0].drain(..n);
        bufs[1].drain(..n);
        remaining -= n as u64;
    }
    i32::from(differing)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_bytes() {
        assert_eq!(parse_count("10"), Some(10));
        assert_eq!(parse_count("1k"), Some(1024));
        assert_eq!(parse_count("1kB"), Some(1000));
        assert_eq!(parse_count("2KiB"), Some(2048));
        assert_eq!(parse_count("x"), None);
        assert_eq!(parse_count("1b"), None);
        assert_eq!(show_byte(b'a'), "a");
        assert_eq!(show_byte(0), "^@");
        assert_eq!(show_byte(0x80), "M-^@");
        assert_eq!(show_byte(0xff), "M-^?");
        assert_eq!(show_byte(0xc1), "M-A");
    }
}
