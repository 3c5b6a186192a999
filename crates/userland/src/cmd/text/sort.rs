//! sort(1): sort, merge or check lines of text files. Reads every input into memory, sorts
//! stably with the comparison of [`super::sortkey`] (byte order as in the C locale unless
//! told otherwise), and writes to standard output or `-o FILE` (which may be an input).

use super::common::{self, quote};
use super::sortkey::{self, Flags, Order, parse_key};
use crate::Ctx;
use crate::args;
use std::cmp::Ordering;
use wosix_abi::OFlags;

const HELP: &str = "Usage: sort [OPTION]... [FILE]...
  or:  sort [OPTION]... --files0-from=F
Write sorted concatenation of all FILE(s) to standard output.

With no FILE, or when FILE is -, read standard input.

Ordering options:

  -b, --ignore-leading-blanks  ignore leading blanks
  -d, --dictionary-order      consider only blanks and alphanumeric characters
  -f, --ignore-case           fold lower case to upper case characters
  -g, --general-numeric-sort  compare according to general numerical value
  -i, --ignore-nonprinting    consider only printable characters
  -M, --month-sort            compare (unknown) < 'JAN' < ... < 'DEC'
  -h, --human-numeric-sort    compare human readable numbers (e.g., 2K 1G)
  -n, --numeric-sort          compare according to string numerical value
  -R, --random-sort           shuffle, but group identical keys
  -r, --reverse               reverse the result of comparisons
      --sort=WORD             sort according to WORD:
                                general-numeric -g, human-numeric -h, month -M,
                                numeric -n, random -R, version -V
  -V, --version-sort          natural sort of (version) numbers within text

Other options:

  -c, --check, --check=diagnose-first  check for sorted input; do not sort
  -C, --check=quiet, --check=silent  like -c, but do not report first bad line
      --files0-from=F       read input from the files specified by
                            NUL-terminated names in file F
  -k, --key=KEYDEF          sort via a key; KEYDEF gives location and type
  -m, --merge               merge already sorted files; do not sort
  -o, --output=FILE         write result to FILE instead of standard output
  -s, --stable              stabilize sort by disabling last-resort comparison
  -S, --buffer-size=SIZE    use SIZE for main memory buffer (accepted, unused)
  -t, --field-separator=SEP  use SEP instead of non-blank to blank transition
  -T, --temporary-directory=DIR  (accepted, unused)
      --parallel=N          (accepted, unused)
  -u, --unique              with -c, check for strict ordering;
                              without -c, output only the first of an equal run
  -z, --zero-terminated     line delimiter is NUL, not newline
      --help        display this help and exit
      --version     output version information and exit

KEYDEF is F[.C][OPTS][,F[.C][OPTS]] for start and stop position, where F is a
field number and C a character position in the field; both are origin 1, and
the stop position defaults to the line's end.  If neither -t nor -b is in
effect, characters in a field are counted from the beginning of the preceding
whitespace.  OPTS is one or more single-letter ordering options [bdfgiMhnRrV],
which override global ordering options for that key.  If no key is given, use
the entire line as the key.
";

/// sort(1).
pub async fn sort(ctx: &mut Ctx) -> i32 {
    let argv: Vec<String> = ctx.argv[1..]
        .iter()
        .map(|a| {
            if a == "--check" {
                "--check=diagnose-first".to_string()
            } else {
                a.clone()
            }
        })
        .collect();
    let long = [
        "ignore-leading-blanks",
        "dictionary-order",
        "ignore-case",
        "general-numeric-sort",
        "ignore-nonprinting",
        "month-sort",
        "human-numeric-sort",
        "numeric-sort",
        "random-sort",
        "random-source=",
        "reverse",
        "sort=",
        "version-sort",
        "batch-size=",
        "check=",
        "compress-program=",
        "debug",
        "files0-from=",
        "key=",
        "merge",
        "output=",
        "stable",
        "buffer-size=",
        "field-separator=",
        "temporary-directory=",
        "parallel=",
        "unique",
        "zero-terminated",
        "help",
        "version",
    ];
    let p = match args::parse(&argv, "bcCdfghik:mMno:rRsS:t:T:uVz", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 2),
    };
    let map = [
        ('b', "ignore-leading-blanks"),
        ('d', "dictionary-order"),
        ('f', "ignore-case"),
        ('g', "general-numeric-sort"),
        ('i', "ignore-nonprinting"),
        ('M', "month-sort"),
        ('h', "human-numeric-sort"),
        ('n', "numeric-sort"),
        ('R', "random-sort"),
        ('r', "reverse"),
        ('V', "version-sort"),
        ('k', "key"),
        ('m', "merge"),
        ('o', "output"),
        ('s', "stable"),
        ('S', "buffer-size"),
        ('t', "field-separator"),
        ('T', "temporary-directory"),
        ('u', "unique"),
        ('z', "zero-terminated"),
    ];
    let mut g = Flags::default();
    let mut order = Order::default();
    let mut check: Option<bool> = None; // Some(quiet)
    let mut output: Option<String> = None;
    let mut unique = false;
    let mut stable = false;
    let mut debug = false;
    let mut delim = b'\n';
    let mut files0: Option<String> = None;
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        let letter = match name.as_str() {
            "ignore-leading-blanks" => Some('b'),
            "dictionary-order" => Some('d'),
            "ignore-case" => Some('f'),
            "general-numeric-sort" => Some('g'),
            "ignore-nonprinting" => Some('i'),
            "month-sort" => Some('M'),
            "human-numeric-sort" => Some('h'),
            "numeric-sort" => Some('n'),
            "random-sort" => Some('R'),
            "reverse" => Some('r'),
            "version-sort" => Some('V'),
            "sort" => match v.as_str() {
                "general-numeric" => Some('g'),
                "human-numeric" => Some('h'),
                "month" => Some('M'),
                "numeric" => Some('n'),
                "random" => Some('R'),
                "version" => Some('V'),
                _ => {
                    ctx.error(&format!("invalid argument {} for '--sort'", quote(&v)));
                    return common::usage(ctx, "", 2);
                }
            },
            _ => None,
        };
        if let Some(c) = letter {
            g.set(c, true);
            if c == 'b' {
                g.blank_end = true;
            }
            continue;
        }
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "C" => check = Some(true),
            "c" => check = Some(false),
            "check" => match v.as_str() {
                "quiet" | "silent" => check = Some(true),
                "diagnose-first" => check = Some(false),
                _ => {
                    ctx.error(&format!("invalid argument {} for '--check'", quote(&v)));
                    return common::usage(ctx, "", 2);
                }
            },
            "key" => match parse_key(&v) {
                Ok(k) => order.keys.push(k),
                Err(e) => {
                    ctx.error(&e);
                    return 2;
                }
            },
            "output" => output = Some(v),
            "stable" => stable = true,
            "debug" => debug = true,
            "unique" => unique = true,
            "zero-terminated" => delim = 0,
            "files0-from" => files0 = Some(v),
            "field-separator" => {
                let b = v.as_bytes();
                let t = match b {
                    [] => {
                        ctx.error("empty tab");
                        return 2;
                    }
                    [c] => *c,
                    b"\\0" => 0,
                    _ => {
                        ctx.error(&format!("multi-character tab {}", quote(&v)));
                        return 2;
                    }
                };
                if order.tab.is_some_and(|old| old != t) {
                    ctx.error("incompatible tabs");
                    return 2;
                }
                order.tab = Some(t);
            }
            _ => {}
        }
    }
    // Global options apply to keys that have none of their own; with no key, the global
    // options form the only key when any is set.
    for k in &mut order.keys {
        if k.flags.is_default() && !k.flags.reverse {
            k.flags = g;
        }
    }
    if order.keys.is_empty() && !g.is_default() {
        order.keys.push(super::sortkey::Key {
            sword: None,
            schar: 0,
            eword: None,
            echar: 0,
            flags: g,
        });
    }
    order.reverse = g.reverse;
    order.no_last_resort = stable || unique;
    if order.keys.iter().any(|k| k.flags.random) {
        let r = ctx.sys.getrandom(8).await.unwrap_or_default();
        order.salt = r.iter().fold(0u64, |a, &b| (a << 8) | b as u64);
    }
    let mut files = p.operands.clone();
    if let Some(f) = files0 {
        match common::read_path(&ctx.sys, &f).await {
            Ok(d) => {
                files = common::split_records(&d, 0)
                    .iter()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect()
            }
            Err(e) => {
                ctx.error(&format!(
                    "cannot open {} for reading: {}",
                    quote(&f),
                    e.message()
                ));
                return 2;
            }
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    if let Some(quiet) = check {
        if files.len() > 1 {
            ctx.error(&format!(
                "extra operand {} not allowed with -c",
                quote(&files[1])
            ));
            return common::usage(ctx, "", 2);
        }
        let data = match common::read_path(&ctx.sys, &files[0]).await {
            Ok(d) => d,
            Err(e) => return read_error(ctx, &files[0], e),
        };
        let lines = common::split_records(&data, delim);
        for i in 1..lines.len() {
            let c = order.compare(lines[i - 1], lines[i]);
            if c == Ordering::Greater || (unique && c == Ordering::Equal) {
                if !quiet {
                    let name = if files[0] == "-" { "-" } else { &files[0] };
                    let l = String::from_utf8_lossy(lines[i]).into_owned();
                    ctx.out.flush(&ctx.sys).await.ok();
                    ctx.error(&format!("{name}:{}: disorder: {l}", i + 1));
                }
                return 1;
            }
        }
        return 0;
    }
    let mut data: Vec<Vec<u8>> = Vec::new();
    for f in &files {
        match common::read_path(&ctx.sys, f).await {
            Ok(d) => data.push(d),
            Err(e) => return read_error(ctx, f, e),
        }
    }
    let mut lines: Vec<&[u8]> = data
        .iter()
        .flat_map(|d| common::split_records(d, delim))
        .collect();
    lines.sort_by(|a, b| order.compare(a, b));
    if unique {
        lines.dedup_by(|b, a| order.compare(a, b) == Ordering::Equal);
    }
    let mut out = Vec::with_capacity(data.iter().map(Vec::len).sum::<usize>() + lines.len());
    if debug {
        ctx.error("text ordering performed using simple byte comparison");
    }
    for l in &lines {
        out.extend_from_slice(l);
        out.push(delim);
        if debug {
            debug_marks(&order, l, &mut out);
        }
    }
    drop(lines);
    match output {
        Some(path) if path != "-" => {
            let fd = match ctx
                .sys
                .open(
                    &path,
                    OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC | OFlags::CLOEXEC,
                    0o666,
                )
                .await
            {
                Ok(fd) => fd,
                Err(e) => {
                    ctx.error(&format!("open failed: {path}: {}", e.message()));
                    return 2;
                }
            };
            let r = ctx.sys.write_all(fd, &out).await;
            let _ = ctx.sys.close(fd).await;
            if let Err(e) = r {
                ctx.error(&format!("write failed: {path}: {}", e.message()));
                return 2;
            }
        }
        _ => {
            ctx.out.bytes(&out);
            if ctx.out.flush(&ctx.sys).await.is_err() {
                return 2;
            }
        }
    }
    0
}

/// `--debug`: underline each key of `line` (and the whole line for the last resort).
fn debug_marks(order: &Order, line: &[u8], out: &mut Vec<u8>) {
    let width = |b: &[u8]| b.iter().filter(|&&c| c & 0xC0 != 0x80).count();
    for k in &order.keys {
        let (s, e) = sortkey::key_span(line, k, order.tab);
        out.extend(std::iter::repeat_n(b' ', width(&line[..s])));
        if e == s {
            out.extend_from_slice(b"^ no match for key\n");
        } else {
            out.extend(std::iter::repeat_n(b'_', width(&line[s..e])));
            out.push(b'\n');
        }
    }
    if order.keys.is_empty() || !order.no_last_resort {
        if line.is_empty() {
            out.extend_from_slice(b"^ no match for key\n");
        } else {
            out.extend(std::iter::repeat_n(b'_', width(line)));
            out.push(b'\n');
        }
    }
}

fn read_error(ctx: &mut Ctx, f: &str, e: wosix_abi::Errno) -> i32 {
    if e == wosix_abi::Errno::EISDIR {
        ctx.error(&format!("read failed: {f}: {}", e.message()));
    } else {
        ctx.error(&format!("cannot read: {f}: {}", e.message()));
    }
    2
}
