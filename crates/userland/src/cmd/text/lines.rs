//! Line rearrangers: rev(1) (reverse the characters of each line), tac(1) (print records
//! last first, with `-b`, `-s SEP` and `-r` regex separators) and fold(1) (wrap lines at a
//! width, counting columns or bytes, optionally at blanks).

use super::common::{self, Input};
use super::re::{Opts, Re};
use crate::Ctx;
use crate::args;

const REV_HELP: &str = "Usage: rev [options] [file ...]

Reverse lines characterwise.

Options:
 -0, --zero     zero termination, use NUL as line delimiter
 -h, --help     display this help
 -V, --version  display version
";

const TAC_HELP: &str = "Usage: tac [OPTION]... [FILE]...
Write each FILE to standard output, last line first.

With no FILE, or when FILE is -, read standard input.

  -b, --before             attach the separator before instead of after
  -r, --regex              interpret the separator as a regular expression
  -s, --separator=STRING   use STRING as the separator instead of newline
      --help        display this help and exit
      --version     output version information and exit
";

const FOLD_HELP: &str = "Usage: fold [OPTION]... [FILE]...
Wrap input lines in each FILE, writing to standard output.

With no FILE, or when FILE is -, read standard input.

  -b, --bytes         count bytes rather than columns
  -s, --spaces        break at spaces
  -w, --width=WIDTH   use WIDTH columns instead of 80
      --help        display this help and exit
      --version     output version information and exit
";

/// Reverse the characters of one line (UTF-8 sequences kept whole; other bytes alone).
pub fn reverse_line(line: &[u8]) -> Vec<u8> {
    let mut units: Vec<&[u8]> = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let len = match line[i] {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        let end = (i + len).min(line.len());
        let ok = line[i + 1..end].iter().all(|b| b & 0xC0 == 0x80) && end - i == len;
        let take = if ok { end } else { i + 1 };
        units.push(&line[i..take]);
        i = take;
    }
    units.iter().rev().flat_map(|u| u.iter().copied()).collect()
}

/// rev(1).
pub async fn rev(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(&ctx.argv[1..], "0hV", &["zero", "help", "version"], true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let mut delim = b'\n';
    for (name, _) in common::named(&p, &[('0', "zero"), ('h', "help"), ('V', "version")]) {
        match name.as_str() {
            "help" => return common::help(ctx, REV_HELP),
            "version" => return common::version(ctx),
            _ => delim = 0,
        }
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let tty = common::stdout_tty(ctx).await;
    let sys = ctx.sys.clone();
    let mut status = 0;
    for f in &files {
        let mut inp = match Input::open(&sys, f).await {
            Ok(i) => i,
            Err(e) => {
                ctx.error(&format!("cannot open {f}: {}", e.message()));
                status = 1;
                continue;
            }
        };
        loop {
            match inp.next_record(&sys, delim).await {
                Ok(Some(mut rec)) => {
                    let had = rec.last() == Some(&delim);
                    if had {
                        rec.pop();
                    }
                    ctx.out.bytes(&reverse_line(&rec));
                    if had {
                        ctx.out.bytes(&[delim]);
                    }
                    let r = if tty {
                        ctx.out.flush(&sys).await
                    } else {
                        ctx.out.maybe_flush(&sys).await
                    };
                    if r.is_err() {
                        return 1;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    ctx.error(&format!("{f}: {}", e.message()));
                    status = 1;
                    break;
                }
            }
        }
        inp.close(&sys).await;
    }
    status
}

/// How tac finds separators.
pub enum Sep {
    /// A literal string.
    Str(Vec<u8>),
    /// A regular expression.
    Re(Re),
}

/// Reverse the records of `data`; separators follow their record unless `before`.
pub fn tac_records(data: &[u8], sep: &Sep, before: bool) -> Vec<u8> {
    // Separator positions (start, end).
    let mut seps = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let found = match sep {
            Sep::Str(s) if s.is_empty() => None,
            Sep::Str(s) => data[pos..]
                .windows(s.len())
                .position(|w| w == s.as_slice())
                .map(|i| (pos + i, pos + i + s.len())),
            Sep::Re(r) => r.find_at(data, pos).filter(|(a, b)| b > a),
        };
        let Some((a, b)) = found else { break };
        seps.push((a, b));
        pos = b;
    }
    let mut recs: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    for &(a, b) in &seps {
        if before {
            recs.push(&data[start..a]);
            start = a;
        } else {
            recs.push(&data[start..b]);
            start = b;
        }
    }
    recs.push(&data[start..]);
    let mut out = Vec::with_capacity(data.len());
    for r in recs.iter().rev() {
        out.extend_from_slice(r);
    }
    out
}

/// tac(1).
pub async fn tac(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(
        &ctx.argv[1..],
        "brs:",
        &["before", "regex", "separator=", "help", "version"],
        true,
    ) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let (mut before, mut regex) = (false, false);
    let mut sep = "\n".to_string();
    for (name, val) in common::named(&p, &[('b', "before"), ('r', "regex"), ('s', "separator")]) {
        match name.as_str() {
            "help" => return common::help(ctx, TAC_HELP),
            "version" => return common::version(ctx),
            "before" => before = true,
            "regex" => regex = true,
            _ => {
                sep = val.unwrap_or_default();
                if sep.is_empty() {
                    ctx.error("separator cannot be empty");
                    return 1;
                }
            }
        }
    }
    let s = if regex {
        match Re::new(
            sep.as_bytes(),
            Opts {
                sed: true,
                ..Opts::default()
            },
        ) {
            Ok(r) => Sep::Re(r),
            Err(e) => {
                ctx.error(&e);
                return 1;
            }
        }
    } else {
        Sep::Str(sep.into_bytes())
    };
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let sys = ctx.sys.clone();
    let mut status = 0;
    for f in &files {
        let mut inp = match Input::open(&sys, f).await {
            Ok(i) => i,
            Err(e) => {
                ctx.error(&format!(
                    "failed to open {} for reading: {}",
                    common::quote(f),
                    e.message()
                ));
                status = 1;
                continue;
            }
        };
        let r = inp.read_all(&sys).await;
        inp.close(&sys).await;
        match r {
            Ok(data) => ctx.out.bytes(&tac_records(&data, &s, before)),
            Err(e) => {
                ctx.error(&format!("{f}: read error: {}", e.message()));
                status = 1;
            }
        }
        if ctx.out.flush(&sys).await.is_err() {
            return 1;
        }
    }
    status
}

/// Wrap one line (without its newline) at `width`.
pub fn fold_line(line: &[u8], width: usize, bytes: bool, spaces: bool) -> Vec<u8> {
    let adjust = |col: usize, c: u8| -> usize {
        if bytes {
            return col + 1;
        }
        match c {
            8 => col.saturating_sub(1),
            b'\r' => 0,
            b'\t' => col + 8 - col % 8,
            0x80..=0xBF => col,
            _ => col + 1,
        }
    };
    let mut out = Vec::with_capacity(line.len() + line.len() / width.max(1) + 1);
    let mut cur: Vec<u8> = Vec::new();
    let mut col = 0;
    let mut i = 0;
    while i < line.len() {
        let c = line[i];
        let next = adjust(col, c);
        if next > width {
            if spaces && let Some(k) = cur.iter().rposition(|&b| common::is_blank(b)) {
                out.extend_from_slice(&cur[..=k]);
                out.push(b'\n');
                cur.drain(..=k);
                col = cur.iter().fold(0, |cl, &b| adjust(cl, b));
                continue;
            }
            if cur.is_empty() {
                cur.push(c);
                col = next;
                i += 1;
                continue;
            }
            out.extend_from_slice(&cur);
            out.push(b'\n');
            cur.clear();
            col = 0;
            continue;
        }
        cur.push(c);
        col = next;
        i += 1;
    }
    out.extend_from_slice(&cur);
    out
}

/// fold(1).
pub async fn fold(ctx: &mut Ctx) -> i32 {
    // `-NUM` is an old spelling of `-w NUM`.
    let argv: Vec<String> = ctx.argv[1..]
        .iter()
        .map(|a| {
            if a.len() > 1 && a.starts_with('-') && a[1..].bytes().all(|b| b.is_ascii_digit()) {
                format!("-w{}", &a[1..])
            } else {
                a.clone()
            }
        })
        .collect();
    let p = match args::parse(
        &argv,
        "bsw:",
        &["bytes", "spaces", "width=", "help", "version"],
        true,
    ) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let (mut bytes, mut spaces, mut width) = (false, false, 80usize);
    for (name, val) in common::named(&p, &[('b', "bytes"), ('s', "spaces"), ('w', "width")]) {
        match name.as_str() {
            "help" => return common::help(ctx, FOLD_HELP),
            "version" => return common::version(ctx),
            "bytes" => bytes = true,
            "spaces" => spaces = true,
            _ => {
                let v = val.unwrap_or_default();
                match v.parse::<usize>() {
                    Ok(n) if n > 0 => width = n,
                    _ => {
                        ctx.error(&format!("invalid number of columns: {}", common::quote(&v)));
                        return 1;
                    }
                }
            }
        }
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let tty = common::stdout_tty(ctx).await;
    let sys = ctx.sys.clone();
    let mut status = 0;
    for f in &files {
        let mut inp = match Input::open(&sys, f).await {
            Ok(i) => i,
            Err(e) => {
                ctx.error_path(f, e);
                status = 1;
                continue;
            }
        };
        loop {
            match inp.next_record(&sys, b'\n').await {
                Ok(Some(mut rec)) => {
                    let had = rec.last() == Some(&b'\n');
                    if had {
                        rec.pop();
                    }
                    ctx.out.bytes(&fold_line(&rec, width, bytes, spaces));
                    if had {
                        ctx.out.bytes(b"\n");
                    }
                    let r = if tty {
                        ctx.out.flush(&sys).await
                    } else {
                        ctx.out.maybe_flush(&sys).await
                    };
                    if r.is_err() {
                        return 1;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    ctx.error_path(f, e);
                    status = 1;
                    break;
                }
            }
        }
        inp.close(&sys).await;
    }
    status
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reversing() {
        assert_eq!(reverse_line(b"abc"), b"cba");
        assert_eq!(reverse_line("héllo".as_bytes()), "olléh".as_bytes());
        assert_eq!(reverse_line(b"a\xffb"), b"b\xffa");
    }

    #[test]
    fn tac_forms() {
        let nl = Sep::Str(b"\n".to_vec());
        assert_eq!(tac_records(b"a\nb\nc\n", &nl, false), b"c\nb\na\n");
        assert_eq!(tac_records(b"a\nb", &nl, false), b"ba\n");
        assert_eq!(tac_records(b"a\nb\n", &nl, true), b"\n\nba");
        let re = Sep::Re(Re::new(b"[0-9]", Opts::default()).unwrap());
        assert_eq!(tac_records(b"a1b2", &re, false), b"b2a1");
    }

    #[test]
    fn folding() {
        assert_eq!(fold_line(b"abcdefgh", 3, false, false), b"abc\ndef\ngh");
        assert_eq!(fold_line(b"ab cd ef", 5, false, true), b"ab \ncd ef");
        assert_eq!(fold_line(b"a\tb", 4, false, false), b"a\n\t\nb");
        assert_eq!(fold_line(b"abcdef", 3, true, false), b"abc\ndef");
    }
}
