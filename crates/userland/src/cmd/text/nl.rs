//! nl(1): number lines of files, with GNU's body/header/footer styles (`a`, `t`, `n`,
//! `pBRE`), number formats (`ln`, `rn`, `rz`), width, separator, increment, and logical
//! page sections delimited by `\:\:\:`, `\:\:` and `\:` lines.

use super::common::{self, Input};
use super::re::{Opts, Re};
use crate::Ctx;
use crate::args;

const HELP: &str = "Usage: nl [OPTION]... [FILE]...
Write each FILE to standard output, with line numbers added.

With no FILE, or when FILE is -, read standard input.

  -b, --body-numbering=STYLE      use STYLE for numbering body lines
  -d, --section-delimiter=CC      use CC for logical page delimiters
  -f, --footer-numbering=STYLE    use STYLE for numbering footer lines
  -h, --header-numbering=STYLE    use STYLE for numbering header lines
  -i, --line-increment=NUMBER     line number increment at each line
  -l, --join-blank-lines=NUMBER   group of NUMBER empty lines counted as one
  -n, --number-format=FORMAT      insert line numbers according to FORMAT
  -p, --no-renumber               do not reset line numbers for each section
  -s, --number-separator=STRING   add STRING after (possible) line number
  -v, --starting-line-number=NUMBER  first line number for each section
  -w, --number-width=NUMBER       use NUMBER columns for line numbers
      --help        display this help and exit
      --version     output version information and exit

Default options are: -bt -d'\\:' -fn -hn -i1 -l1 -n'rn' -s<TAB> -v1 -w6

CC are two delimiter characters used to construct logical page delimiters;
a missing second character implies ':'.  As a GNU extension one can specify
more than two characters, and also specify the empty string (-d '')
to disable section matching.

STYLE is one of:

  a      number all lines
  t      number only nonempty lines
  n      number no lines
  pBRE   number only lines that contain a match for the basic regular
         expression, BRE

FORMAT is one of:

  ln     left justified, no leading zeros
  rn     right justified, no leading zeros
  rz     right justified, leading zeros
";

/// A numbering style.
enum Style {
    All,
    NonEmpty,
    None,
    Regex(Re),
}

fn parse_style(s: &str) -> Result<Style, String> {
    match s {
        "a" => Ok(Style::All),
        "t" => Ok(Style::NonEmpty),
        "n" => Ok(Style::None),
        _ if s.starts_with('p') => Re::new(&s.as_bytes()[1..], Opts::default()).map(Style::Regex),
        _ => Err(format!("invalid numbering style: {}", common::quote(s))),
    }
}

/// Format a line number.
pub fn format_number(n: i64, fmt: &str, width: usize) -> String {
    match fmt {
        "ln" => format!("{n:<width$}"),
        "rz" => {
            if n < 0 {
                format!("-{:0>w$}", n.unsigned_abs(), w = width.saturating_sub(1))
            } else {
                format!("{n:0>width$}")
            }
        }
        _ => format!("{n:>width$}"),
    }
}

/// nl(1).
pub async fn nl(ctx: &mut Ctx) -> i32 {
    let long = [
        "body-numbering=",
        "section-delimiter=",
        "footer-numbering=",
        "header-numbering=",
        "line-increment=",
        "join-blank-lines=",
        "number-format=",
        "no-renumber",
        "number-separator=",
        "starting-line-number=",
        "number-width=",
        "help",
        "version",
    ];
    let p = match args::parse(&ctx.argv[1..], "b:d:f:h:i:l:n:ps:v:w:", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let map = [
        ('b', "body-numbering"),
        ('d', "section-delimiter"),
        ('f', "footer-numbering"),
        ('h', "header-numbering"),
        ('i', "line-increment"),
        ('l', "join-blank-lines"),
        ('n', "number-format"),
        ('p', "no-renumber"),
        ('s', "number-separator"),
        ('v', "starting-line-number"),
        ('w', "number-width"),
    ];
    let mut styles = [Style::None, Style::NonEmpty, Style::None]; // header, body, footer
    let mut delim = "\\:".to_string();
    let (mut incr, mut join, mut start): (i64, u64, i64) = (1, 1, 1);
    let mut fmt = "rn".to_string();
    let mut renumber = true;
    let mut sep = "\t".to_string();
    let mut width = 6usize;
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        let bad_num = |ctx: &mut Ctx, what: &str| {
            ctx.error(&format!("invalid {what}: {}", common::quote(&v)));
            1
        };
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "body-numbering" | "header-numbering" | "footer-numbering" => match parse_style(&v) {
                Ok(s) => {
                    let k = match name.as_str() {
                        "header-numbering" => 0,
                        "body-numbering" => 1,
                        _ => 2,
                    };
                    styles[k] = s;
                }
                Err(e) => {
                    ctx.error(&e);
                    return 1;
                }
            },
            "section-delimiter" => {
                delim = if v.chars().count() == 1 {
                    format!("{v}:")
                } else {
                    v
                };
            }
            "line-increment" => match v.parse() {
                Ok(n) => incr = n,
                Err(_) => return bad_num(ctx, "line number increment"),
            },
            "join-blank-lines" => match v.parse() {
                Ok(n) if n > 0 => join = n,
                _ => return bad_num(ctx, "line number of blank lines"),
            },
            "number-format" => {
                if !["ln", "rn", "rz"].contains(&v.as_str()) {
                    ctx.error(&format!(
                        "invalid line numbering format: {}",
                        common::quote(&v)
                    ));
                    return 1;
                }
                fmt = v;
            }
            "no-renumber" => renumber = false,
            "number-separator" => sep = v,
            "starting-line-number" => match v.parse() {
                Ok(n) => start = n,
                Err(_) => return bad_num(ctx, "starting line number"),
            },
            "number-width" => match v.parse() {
                Ok(n) if n > 0 => width = n,
                _ => return bad_num(ctx, "line number field width"),
            },
            _ => {}
        }
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let tty = common::stdout_tty(ctx).await;
    let sys = ctx.sys.clone();
    let blank_prefix = " ".repeat(width + sep.len());
    let (d3, d2, d1) = (delim.repeat(3), delim.repeat(2), delim.clone());
    let mut section = 1usize;
    let mut num = start;
    let mut blanks = 0u64;
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
            let mut rec = match inp.next_record(&sys, b'\n').await {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err(e) => {
                    ctx.error_path(f, e);
                    status = 1;
                    break;
                }
            };
            let nl = rec.last() == Some(&b'\n');
            if nl {
                rec.pop();
            }
            if !delim.is_empty() {
                let kind = if rec == d3.as_bytes() {
                    Some(0)
                } else if rec == d2.as_bytes() {
                    Some(1)
                } else if rec == d1.as_bytes() {
                    Some(2)
                } else {
                    None
                };
                if let Some(k) = kind {
                    section = k;
                    if k == 0 && renumber {
                        num = start;
                    }
                    ctx.out.str("\n");
                    continue;
                }
            }
            let number = match &styles[section] {
                Style::All => {
                    if rec.is_empty() {
                        blanks += 1;
                        if blanks >= join {
                            blanks = 0;
                            true
                        } else {
                            false
                        }
                    } else {
                        blanks = 0;
                        true
                    }
                }
                Style::NonEmpty => !rec.is_empty(),
                Style::None => false,
                Style::Regex(r) => r.is_match(&rec),
            };
            if number {
                ctx.out.str(&format_number(num, &fmt, width));
                ctx.out.str(&sep);
                num += incr;
            } else {
                ctx.out.str(&blank_prefix);
            }
            ctx.out.bytes(&rec);
            if nl {
                ctx.out.str("\n");
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
        inp.close(&sys).await;
    }
    status
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "rn", 6), "     3");
        assert_eq!(format_number(3, "ln", 6), "3     ");
        assert_eq!(format_number(3, "rz", 6), "000003");
        assert_eq!(format_number(-3, "rz", 4), "-003");
        assert!(parse_style("x").is_err());
        assert!(matches!(parse_style("p^a"), Ok(Style::Regex(_))));
    }
}
