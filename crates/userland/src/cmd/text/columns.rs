//! Column builders: comm(1) (lines unique to each of two sorted files, and common lines,
//! in three columns, with GNU's order checking) and paste(1) (merge lines of files side by
//! side, or serially with `-s`, cycling through a delimiter list).

use super::common::{self, Input};
use crate::Ctx;
use crate::args;
use std::cmp::Ordering;

const COMM_HELP: &str = "Usage: comm [OPTION]... FILE1 FILE2
Compare sorted files FILE1 and FILE2 line by line.

When FILE1 or FILE2 (not both) is -, read standard input.

With no options, produce three-column output.  Column one contains
lines unique to FILE1, column two contains lines unique to FILE2,
and column three contains lines common to both files.

  -1                      suppress column 1 (lines unique to FILE1)
  -2                      suppress column 2 (lines unique to FILE2)
  -3                      suppress column 3 (lines that appear in both files)

      --check-order       check that the input is correctly sorted, even
                            if all input lines are pairable
      --nocheck-order     do not check that the input is correctly sorted
      --output-delimiter=STR  separate columns with STR
      --total             output a summary
  -z, --zero-terminated   line delimiter is NUL, not newline
      --help        display this help and exit
      --version     output version information and exit
";

const PASTE_HELP: &str = "Usage: paste [OPTION]... [FILE]...
Write lines consisting of the sequentially corresponding lines from
each FILE, separated by TABs, to standard output.

With no FILE, or when FILE is -, read standard input.

  -d, --delimiters=LIST   reuse characters from LIST instead of TABs
  -s, --serial            paste one file at a time instead of in parallel
  -z, --zero-terminated    line delimiter is NUL, not newline
      --help        display this help and exit
      --version     output version information and exit
";

/// comm(1).
pub async fn comm(ctx: &mut Ctx) -> i32 {
    let long = [
        "check-order",
        "nocheck-order",
        "output-delimiter=",
        "total",
        "zero-terminated",
        "help",
        "version",
    ];
    let p = match args::parse(&ctx.argv[1..], "123z", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let mut show = [true; 3];
    let mut check: Option<bool> = None;
    let mut delim: Option<String> = None;
    let mut total = false;
    let mut term = b'\n';
    for (name, val) in common::named(&p, &[('z', "zero-terminated")]) {
        match name.as_str() {
            "help" => return common::help(ctx, COMM_HELP),
            "version" => return common::version(ctx),
            "1" => show[0] = false,
            "2" => show[1] = false,
            "3" => show[2] = false,
            "check-order" => check = Some(true),
            "nocheck-order" => check = Some(false),
            "output-delimiter" => {
                let v = val.unwrap_or_default();
                if delim.as_ref().is_some_and(|d| *d != v) {
                    ctx.error("multiple output delimiters specified");
                    return 1;
                }
                delim = Some(v);
            }
            "total" => total = true,
            _ => term = 0,
        }
    }
    match p.operands.len() {
        0 => return common::usage(ctx, "missing operand", 1),
        1 => {
            return common::usage(
                ctx,
                &format!("missing operand after {}", common::quote(&p.operands[0])),
                1,
            );
        }
        2 => {}
        _ => {
            return common::usage(
                ctx,
                &format!("extra operand {}", common::quote(&p.operands[2])),
                1,
            );
        }
    }
    let sys = ctx.sys.clone();
    let mut inputs = Vec::new();
    for f in &p.operands {
        match Input::open(&sys, f).await {
            Ok(i) => inputs.push(i),
            Err(e) => {
                ctx.error_path(f, e);
                return 1;
            }
        }
    }
    let delim = delim.unwrap_or_else(|| "\t".into());
    let delim = if delim.is_empty() {
        "\0".to_string()
    } else {
        delim
    };
    let prefix = |col: usize| -> String {
        (0..col)
            .filter(|&c| show[c])
            .map(|_| delim.as_str())
            .collect()
    };
    let (mut b1, mut b2) = (inputs.remove(0), inputs.remove(0));
    let read = |v: Option<Vec<u8>>| {
        v.map(|mut l| {
            if l.last() == Some(&term) {
                l.pop();
            }
            l
        })
    };
    let mut l1 = read(b1.next_record(&sys, term).await.unwrap_or(None));
    let mut l2 = read(b2.next_record(&sys, term).await.unwrap_or(None));
    let mut prev: [Option<Vec<u8>>; 2] = [None, None];
    let mut warned = [false; 2];
    let mut disorder = false;
    let mut counts = [0u64; 3];
    let mut unpairable = false;
    while l1.is_some() || l2.is_some() {
        let ord = match (&l1, &l2) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let col = match ord {
            Ordering::Less => 0,
            Ordering::Greater => 1,
            Ordering::Equal => 2,
        };
        if col != 2 {
            unpairable = true;
        }
        // Order checking of the lines consumed.
        for (k, line) in [(0, &l1), (1, &l2)] {
            let consumed = col == 2 || col == k;
            if !consumed {
                continue;
            }
            if let (Some(pv), Some(cur)) = (&prev[k], line)
                && pv > cur
                && check != Some(false)
                && (check == Some(true) || unpairable)
                && !warned[k]
            {
                warned[k] = true;
                disorder = true;
                ctx.out.flush(&sys).await.ok();
                ctx.error(&format!("file {} is not in sorted order", k + 1));
                if check == Some(true) {
                    return 1;
                }
            }
            prev[k] = line.clone();
        }
        counts[col] += 1;
        if show[col] {
            let line = if col == 1 { l2.as_ref() } else { l1.as_ref() };
            ctx.out.str(&prefix(col));
            ctx.out.bytes(line.map(Vec::as_slice).unwrap_or(b""));
            ctx.out.bytes(&[term]);
        }
        if col != 1 {
            l1 = read(b1.next_record(&sys, term).await.unwrap_or(None));
        }
        if col != 0 {
            l2 = read(b2.next_record(&sys, term).await.unwrap_or(None));
        }
        if ctx.out.maybe_flush(&sys).await.is_err() {
            return 1;
        }
    }
    b1.close(&sys).await;
    b2.close(&sys).await;
    if total {
        ctx.out.str(&format!(
            "{}{d}{}{d}{}{d}total",
            counts[0],
            counts[1],
            counts[2],
            d = delim
        ));
        ctx.out.bytes(&[term]);
    }
    if disorder {
        ctx.out.flush(&sys).await.ok();
        ctx.error("input is not in sorted order");
        return 1;
    }
    0
}

/// Parse a paste delimiter list (`\n`, `\t`, `\\`, `\0` = no delimiter).
pub fn paste_delims(s: &str) -> Vec<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            out.push(match b[i + 1] {
                b'n' => b"\n".to_vec(),
                b't' => b"\t".to_vec(),
                b'0' => Vec::new(),
                b'b' => vec![8],
                b'f' => vec![12],
                b'r' => vec![b'\r'],
                b'v' => vec![11],
                c => vec![c],
            });
            i += 2;
        } else {
            out.push(vec![b[i]]);
            i += 1;
        }
    }
    out
}

/// paste(1).
pub async fn paste(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(
        &ctx.argv[1..],
        "d:sz",
        &[
            "delimiters=",
            "serial",
            "zero-terminated",
            "help",
            "version",
        ],
        true,
    ) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let mut delims = vec![b"\t".to_vec()];
    let mut serial = false;
    let mut term = b'\n';
    for (name, val) in common::named(
        &p,
        &[
            ('d', "delimiters"),
            ('s', "serial"),
            ('z', "zero-terminated"),
        ],
    ) {
        match name.as_str() {
            "help" => return common::help(ctx, PASTE_HELP),
            "version" => return common::version(ctx),
            "delimiters" => {
                let v = val.unwrap_or_default();
                if v.ends_with('\\') && !v.ends_with("\\\\") {
                    ctx.error(&format!(
                        "delimiter list ends with an unescaped backslash: {v}"
                    ));
                    return 1;
                }
                delims = paste_delims(&v);
                if delims.is_empty() {
                    delims.push(Vec::new());
                }
            }
            "serial" => serial = true,
            _ => term = 0,
        }
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let sys = ctx.sys.clone();
    // Read every file's records; standard input is read once and shared by every `-`.
    let mut stdin_lines: Option<std::collections::VecDeque<Vec<u8>>> = None;
    let mut contents: Vec<Option<std::collections::VecDeque<Vec<u8>>>> = Vec::new();
    for f in &files {
        if f == "-" {
            if stdin_lines.is_none() {
                let data = Input::stdin().read_all(&sys).await.unwrap_or_default();
                stdin_lines = Some(
                    common::split_records(&data, term)
                        .into_iter()
                        .map(<[u8]>::to_vec)
                        .collect(),
                );
            }
            contents.push(None);
            continue;
        }
        match common::read_path(&sys, f).await {
            Ok(d) => contents.push(Some(
                common::split_records(&d, term)
                    .into_iter()
                    .map(<[u8]>::to_vec)
                    .collect(),
            )),
            Err(e) => {
                ctx.error_path(f, e);
                return 1;
            }
        }
    }
    let mut stdin_lines = stdin_lines.unwrap_or_default();
    if serial {
        for c in contents.iter_mut() {
            let lines: Vec<Vec<u8>> = match c {
                Some(v) => v.drain(..).collect(),
                None => stdin_lines.drain(..).collect(),
            };
            for (k, l) in lines.iter().enumerate() {
                if k > 0 {
                    ctx.out.bytes(&delims[(k - 1) % delims.len()]);
                }
                ctx.out.bytes(l);
            }
            ctx.out.bytes(&[term]);
            if ctx.out.maybe_flush(&sys).await.is_err() {
                return 1;
            }
        }
        return 0;
    }
    loop {
        let mut any = false;
        let mut row: Vec<Option<Vec<u8>>> = Vec::new();
        for c in contents.iter_mut() {
            let l = match c {
                Some(v) => v.pop_front(),
                None => stdin_lines.pop_front(),
            };
            any |= l.is_some();
            row.push(l);
        }
        if !any {
            break;
        }
        for (k, l) in row.iter().enumerate() {
            if k > 0 {
                ctx.out.bytes(&delims[(k - 1) % delims.len()]);
            }
            if let Some(l) = l {
                ctx.out.bytes(l);
            }
        }
        ctx.out.bytes(&[term]);
        if ctx.out.maybe_flush(&sys).await.is_err() {
            return 1;
        }
    }
    0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_lists() {
        assert_eq!(paste_delims(",;"), vec![b",".to_vec(), b";".to_vec()]);
        assert_eq!(
            paste_delims("\\n\\0\\t"),
            vec![b"\n".to_vec(), Vec::new(), b"\t".to_vec()]
        );
    }
}
