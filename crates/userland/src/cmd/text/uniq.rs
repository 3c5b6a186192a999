//! uniq(1): report or omit repeated adjacent lines, streaming, with GNU's field/char
//! skipping, counts printed as `%7d `, and `-D`/`--group` separators.

use super::common::{self, Input, quote};
use crate::Ctx;
use crate::args;
use wosix_abi::OFlags;

const HELP: &str = "Usage: uniq [OPTION]... [INPUT [OUTPUT]]
Filter adjacent matching lines from INPUT (or standard input),
writing to OUTPUT (or standard output).

With no options, matching lines are merged to the first occurrence.

  -c, --count           prefix lines by the number of occurrences
  -d, --repeated        only print duplicate lines, one for each group
  -D                    print all duplicate lines
      --all-repeated[=METHOD]  like -D, but allow separating groups
                                 with an empty line;
                                 METHOD={none(default),prepend,separate}
  -f, --skip-fields=N   avoid comparing the first N fields
      --group[=METHOD]  show all items, separating groups with an empty line;
                          METHOD={separate(default),prepend,append,both}
  -i, --ignore-case     ignore differences in case when comparing
  -s, --skip-chars=N    avoid comparing the first N characters
  -u, --unique          only print unique lines
  -z, --zero-terminated     line delimiter is NUL, not newline
  -w, --check-chars=N   compare no more than N characters in lines
      --help        display this help and exit
      --version     output version information and exit

A field is a run of blanks (usually spaces and/or TABs), then non-blank
characters.  Fields are skipped before chars.
";

/// How lines are compared.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cmp {
    /// Fields to skip.
    pub fields: usize,
    /// Characters to skip after the fields.
    pub chars: usize,
    /// At most this many characters are compared.
    pub width: Option<usize>,
    /// Case-insensitive.
    pub icase: bool,
}

impl Cmp {
    /// The part of `line` that is compared.
    pub fn key<'a>(&self, line: &'a [u8]) -> &'a [u8] {
        let mut i = 0;
        for _ in 0..self.fields {
            while i < line.len() && common::is_blank(line[i]) {
                i += 1;
            }
            while i < line.len() && !common::is_blank(line[i]) {
                i += 1;
            }
        }
        i = (i + self.chars).min(line.len());
        let end = match self.width {
            Some(w) => (i + w).min(line.len()),
            None => line.len(),
        };
        &line[i..end]
    }
    /// Whether two lines are equal for uniq.
    pub fn same(&self, a: &[u8], b: &[u8]) -> bool {
        let (x, y) = (self.key(a), self.key(b));
        if self.icase {
            x.eq_ignore_ascii_case(y)
        } else {
            x == y
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Delimit {
    None,
    Prepend,
    Separate,
    Append,
    Both,
}

/// Rewrite obsolete `-N` (skip fields) and `+N` (skip chars).
fn obsolete(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut operands = 0;
    for a in args {
        if a.len() > 1 && a.starts_with('-') && a[1..].bytes().all(|b| b.is_ascii_digit()) {
            out.push(format!("--skip-fields={}", &a[1..]));
        } else if operands == 0
            && a.len() > 1
            && a.starts_with('+')
            && a[1..].bytes().all(|b| b.is_ascii_digit())
        {
            out.push(format!("--skip-chars={}", &a[1..]));
        } else {
            if !a.starts_with('-') {
                operands += 1;
            }
            out.push(match a.as_str() {
                "--all-repeated" => "--all-repeated=none".into(),
                "--group" => "--group=separate".into(),
                _ => a.clone(),
            });
        }
    }
    out
}

/// uniq(1).
pub async fn uniq(ctx: &mut Ctx) -> i32 {
    let argv = obsolete(&ctx.argv[1..]);
    let long = [
        "count",
        "repeated",
        "all-repeated=",
        "skip-fields=",
        "group=",
        "ignore-case",
        "skip-chars=",
        "unique",
        "zero-terminated",
        "check-chars=",
        "help",
        "version",
    ];
    let p = match args::parse(&argv, "cdDf:is:uzw:", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let map = [
        ('c', "count"),
        ('d', "repeated"),
        ('f', "skip-fields"),
        ('i', "ignore-case"),
        ('s', "skip-chars"),
        ('u', "unique"),
        ('z', "zero-terminated"),
        ('w', "check-chars"),
    ];
    let mut cmp = Cmp::default();
    let (mut count, mut repeated, mut unique) = (false, false, false);
    let mut all: Option<Delimit> = None;
    let mut group: Option<Delimit> = None;
    let mut delim = b'\n';
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        let n = || {
            v.parse::<usize>()
                .ok()
                .or_else(|| v.bytes().all(|b| b.is_ascii_digit()).then_some(usize::MAX))
        };
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "count" => count = true,
            "repeated" => repeated = true,
            "D" => all = Some(Delimit::None),
            "all-repeated" => {
                all = Some(match v.as_str() {
                    "none" => Delimit::None,
                    "prepend" => Delimit::Prepend,
                    "separate" => Delimit::Separate,
                    _ => {
                        ctx.error(&format!(
                            "invalid argument {} for '--all-repeated'",
                            quote(&v)
                        ));
                        return common::usage(ctx, "", 1);
                    }
                })
            }
            "group" => {
                group = Some(match v.as_str() {
                    "prepend" => Delimit::Prepend,
                    "separate" => Delimit::Separate,
                    "append" => Delimit::Append,
                    "both" => Delimit::Both,
                    _ => {
                        ctx.error(&format!("invalid argument {} for '--group'", quote(&v)));
                        return common::usage(ctx, "", 1);
                    }
                })
            }
            "skip-fields" | "skip-chars" | "check-chars" => {
                let Some(x) = n().filter(|_| !v.is_empty()) else {
                    let what = match name.as_str() {
                        "skip-fields" => "number of fields to skip",
                        "skip-chars" => "number of bytes to skip",
                        _ => "number of bytes to compare",
                    };
                    ctx.error(&format!("{v}: invalid {what}"));
                    return 1;
                };
                match name.as_str() {
                    "skip-fields" => cmp.fields = x,
                    "skip-chars" => cmp.chars = x,
                    _ => cmp.width = Some(x),
                }
            }
            "ignore-case" => cmp.icase = true,
            "unique" => unique = true,
            "zero-terminated" => delim = 0,
            _ => {}
        }
    }
    if group.is_some() && (count || repeated || unique || all.is_some()) {
        ctx.error("--group is mutually exclusive with -c/-d/-D/-u");
        return common::usage(ctx, "", 1);
    }
    if count && all.is_some() {
        ctx.error("printing all duplicated lines and repeat counts is meaningless");
        return common::usage(ctx, "", 1);
    }
    if p.operands.len() > 2 {
        ctx.error(&format!("extra operand {}", quote(&p.operands[2])));
        return common::usage(ctx, "", 1);
    }
    let input = p.operands.first().cloned().unwrap_or_else(|| "-".into());
    let mut inp = match Input::open(&ctx.sys, &input).await {
        Ok(i) => i,
        Err(e) => {
            ctx.error_path(&input, e);
            return 1;
        }
    };
    if let Some(out) = p.operands.get(1).filter(|o| *o != "-") {
        match ctx
            .sys
            .open(
                out,
                OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC | OFlags::CLOEXEC,
                0o666,
            )
            .await
        {
            Ok(fd) => ctx.out = crate::Out::new(fd),
            Err(e) => {
                ctx.error_path(out, e);
                return 1;
            }
        }
    }
    let tty = p.operands.len() < 2 && common::stdout_tty(ctx).await;
    let sys = ctx.sys.clone();
    let mut prev: Option<Vec<u8>> = None;
    let mut run = 0u64;
    let mut groups_out = 0u64;
    let mut status = 0;
    loop {
        let rec = match inp.next_record(&sys, delim).await {
            Ok(r) => r.map(|mut l| {
                if l.last() == Some(&delim) {
                    l.pop();
                }
                l
            }),
            Err(e) => {
                ctx.error_path(&input, e);
                status = 1;
                None
            }
        };
        let same = match (&prev, &rec) {
            (Some(a), Some(b)) => cmp.same(a, b),
            _ => false,
        };
        if let Some(g) = group {
            if let Some(line) = &rec {
                let first = prev.is_none();
                if (!first && !same) || (first && matches!(g, Delimit::Prepend | Delimit::Both)) {
                    ctx.out.bytes(&[delim]);
                }
                ctx.out.bytes(line);
                ctx.out.bytes(&[delim]);
            } else if prev.is_some() && matches!(g, Delimit::Append | Delimit::Both) {
                ctx.out.bytes(&[delim]);
            }
        } else if let Some(d) = all {
            if let (Some(line), true) = (&rec, same) {
                if run == 1 {
                    if groups_out > 0 && d == Delimit::Separate || d == Delimit::Prepend {
                        ctx.out.bytes(&[delim]);
                    }
                    groups_out += 1;
                    if let Some(pl) = &prev {
                        ctx.out.bytes(pl);
                        ctx.out.bytes(&[delim]);
                    }
                }
                ctx.out.bytes(line);
                ctx.out.bytes(&[delim]);
            }
        } else if !same && let Some(pl) = &prev {
            let show = (run > 1 && !unique) || (run == 1 && !repeated);
            if show {
                if count {
                    ctx.out.str(&format!("{run:>7} "));
                }
                ctx.out.bytes(pl);
                ctx.out.bytes(&[delim]);
            }
        }
        let Some(line) = rec else { break };
        if same {
            run += 1;
        } else {
            run = 1;
            prev = Some(line);
        }
        if tty {
            let _ = ctx.out.flush(&sys).await;
        } else {
            let _ = ctx.out.maybe_flush(&sys).await;
        }
    }
    inp.close(&sys).await;
    status
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        let c = Cmp {
            fields: 1,
            chars: 1,
            width: Some(2),
            icase: false,
        };
        assert_eq!(c.key(b"a  xbcd"), b" x");
        let c = Cmp {
            icase: true,
            ..Cmp::default()
        };
        assert!(c.same(b"ABC", b"abc"));
        assert!(!Cmp::default().same(b"a", b"b"));
    }

    #[test]
    fn obsolete_args() {
        let a: Vec<String> = ["-2", "+3", "-c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            obsolete(&a),
            vec!["--skip-fields=2", "--skip-chars=3", "-c"]
        );
    }
}
