//! seq(1): print a sequence of numbers. Integers are counted exactly (i128); decimals are
//! printed with the precision of FIRST and INCREMENT as GNU does, computing each value as
//! `first + i * incr` so errors do not accumulate. `-f` takes one printf float directive.

use super::common;
use crate::Ctx;

const HELP: &str = "Usage: seq [OPTION]... LAST
  or:  seq [OPTION]... FIRST LAST
  or:  seq [OPTION]... FIRST INCREMENT LAST
Print numbers from FIRST to LAST, in steps of INCREMENT.

  -f, --format=FORMAT      use printf style floating-point FORMAT
  -s, --separator=STRING   use STRING to separate numbers (default: \\n)
  -w, --equal-width        equalize width by padding with leading zeroes
      --help        display this help and exit
      --version     output version information and exit

If FIRST or INCREMENT is omitted, it defaults to 1.  That is, an
omitted INCREMENT defaults to 1 even when LAST is smaller than FIRST.
The sequence of numbers ends when the sum of the current number and
INCREMENT would become greater than LAST.
FIRST, INCREMENT, and LAST are interpreted as floating point values.
INCREMENT is usually positive if FIRST is smaller than LAST, and
INCREMENT is usually negative if FIRST is greater than LAST.
INCREMENT must not be 0; none of FIRST, INCREMENT and LAST may be NaN.
FORMAT must be suitable for printing one argument of type 'double';
it defaults to %.PRECf if FIRST, INCREMENT, and LAST are all fixed point
decimal numbers with maximum precision PREC, and to %g otherwise.
";

/// A parsed operand: its value, digits after the point, and whether it is an integer.
#[derive(Clone, Copy, Debug)]
struct Num {
    v: f64,
    prec: usize,
    int: Option<i128>,
}

fn parse_num(s: &str) -> Option<Num> {
    let t = s.trim_start_matches([' ', '\t']);
    let v: f64 = t.parse().ok().filter(|v: &f64| !v.is_nan())?;
    let lower = t.to_ascii_lowercase();
    if lower.contains("inf") {
        return Some(Num {
            v,
            prec: 0,
            int: None,
        });
    }
    let (mant, exp) = match lower.split_once('e') {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (lower.as_str(), 0),
    };
    let frac = mant.split_once('.').map_or(0, |(_, f)| f.len()) as i64;
    let prec = (frac - exp).max(0) as usize;
    let int = if !t.contains(['.', 'e', 'E']) {
        t.trim_start_matches('+').parse::<i128>().ok()
    } else {
        None
    };
    Some(Num { v, prec, int })
}

/// A printf float directive: flags, width, precision and conversion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    /// `-` left-justify.
    pub left: bool,
    /// `+` always sign.
    pub plus: bool,
    /// ` ` space for positive.
    pub space: bool,
    /// `#` alternate form.
    pub alt: bool,
    /// `0` zero padding.
    pub zero: bool,
    /// Field width.
    pub width: usize,
    /// Precision.
    pub prec: Option<usize>,
    /// Conversion letter (`f e g E G`).
    pub conv: char,
}

/// Parse a `-f` format into (prefix, directive, suffix).
fn parse_format(f: &str) -> Result<(String, Spec, String), String> {
    let b: Vec<char> = f.chars().collect();
    let mut pre = String::new();
    let mut i = 0;
    let mut found: Option<(Spec, usize)> = None;
    let mut post = String::new();
    while i < b.len() {
        if b[i] == '%' && b.get(i + 1) == Some(&'%') {
            if found.is_some() {
                post.push('%')
            } else {
                pre.push('%')
            }
            i += 2;
            continue;
        }
        if b[i] != '%' {
            if found.is_some() {
                post.push(b[i])
            } else {
                pre.push(b[i])
            }
            i += 1;
            continue;
        }
        if found.is_some() {
            return Err(format!(
                "format {} has too many % directives",
                common::quote(f)
            ));
        }
        let start = i;
        i += 1;
        let mut s = Spec::default();
        while i < b.len() && "-+ #0'".contains(b[i]) {
            match b[i] {
                '-' => s.left = true,
                '+' => s.plus = true,
                ' ' => s.space = true,
                '#' => s.alt = true,
                '0' => s.zero = true,
                _ => {}
            }
            i += 1;
        }
        while i < b.len() && b[i].is_ascii_digit() {
            s.width = s.width * 10 + b[i].to_digit(10).unwrap_or(0) as usize;
            i += 1;
        }
        if i < b.len() && b[i] == '.' {
            i += 1;
            let mut p = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                p = p * 10 + b[i].to_digit(10).unwrap_or(0) as usize;
                i += 1;
            }
            s.prec = Some(p);
        }
        while i < b.len() && matches!(b[i], 'L' | 'l' | 'h') {
            i += 1;
        }
        match b.get(i) {
            Some(&c) if "eEfFgGaA".contains(c) => s.conv = c,
            Some(&c) => {
                let d: String = b[start..=i].iter().collect();
                let _ = c;
                return Err(format!(
                    "format {} has unknown {d} directive",
                    common::quote(f)
                ));
            }
            None => return Err(format!("format {} ends in %", common::quote(f))),
        }
        i += 1;
        found = Some((s, start));
    }
    match found {
        Some((s, _)) => Ok((pre, s, post)),
        None => Err(format!("format {} has no % directive", common::quote(f))),
    }
}

/// C-style `%e` body: mantissa with `prec` digits and a signed two-digit exponent.
fn fmt_exp(v: f64, prec: usize, upper: bool) -> String {
    let s = format!("{:.*e}", prec, v.abs());
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let out = format!("{m}e{sign}{:02}", e.abs());
    if upper { out.to_uppercase() } else { out }
}

/// Format `v` with a printf float directive.
pub fn format_float(s: &Spec, v: f64) -> String {
    let upper = s.conv.is_ascii_uppercase();
    let body = if !v.is_finite() {
        let t = if v.is_nan() { "nan" } else { "inf" };
        if upper {
            t.to_uppercase()
        } else {
            t.to_string()
        }
    } else {
        match s.conv.to_ascii_lowercase() {
            'e' => fmt_exp(v, s.prec.unwrap_or(6), upper),
            'g' => {
                let p = s.prec.unwrap_or(6).max(1);
                let x = if v == 0.0 {
                    0
                } else {
                    let e = fmt_exp(v, p - 1, false);
                    e.split_once('e')
                        .and_then(|(_, x)| x.parse::<i32>().ok())
                        .unwrap_or(0)
                };
                let mut t = if x < -4 || x >= p as i32 {
                    fmt_exp(v, p - 1, upper)
                } else {
                    format!("{:.*}", (p as i32 - 1 - x).max(0) as usize, v.abs())
                };
                if !s.alt {
                    let (m, e) = match t.find(['e', 'E']) {
                        Some(k) => (t[..k].to_string(), t[k..].to_string()),
                        None => (t.clone(), String::new()),
                    };
                    let m = if m.contains('.') {
                        m.trim_end_matches('0').trim_end_matches('.').to_string()
                    } else {
                        m
                    };
                    t = m + &e;
                }
                t
            }
            'a' => format!("{:e}", v.abs()),
            _ => format!("{:.*}", s.prec.unwrap_or(6), v.abs()),
        }
    };
    let sign = if v.is_sign_negative() && !v.is_nan() {
        "-"
    } else if s.plus {
        "+"
    } else if s.space {
        " "
    } else {
        ""
    };
    let len = sign.len() + body.len();
    if len >= s.width {
        return format!("{sign}{body}");
    }
    let pad = s.width - len;
    if s.left {
        format!("{sign}{body}{}", " ".repeat(pad))
    } else if s.zero && v.is_finite() {
        format!("{sign}{}{body}", "0".repeat(pad))
    } else {
        format!("{}{sign}{body}", " ".repeat(pad))
    }
}

/// seq(1).
pub async fn seq(ctx: &mut Ctx) -> i32 {
    let args: Vec<String> = ctx.argv[1..].to_vec();
    let mut sep = "\n".to_string();
    let mut width = false;
    let mut format: Option<String> = None;
    let mut ops: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        let numeric = |s: &str| {
            s.len() > 1
                && s.starts_with('-')
                && s[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.')
        };
        if !ops.is_empty() || numeric(a) || !a.starts_with('-') || a == "-" {
            ops.push(a.clone());
            continue;
        }
        if a == "--" {
            ops.extend(args[i..].iter().cloned());
            break;
        }
        let (name, val): (&str, Option<String>) = match a.as_str() {
            "--help" => return common::help(ctx, HELP),
            "--version" => return common::version(ctx),
            "-w" | "--equal-width" => ("w", None),
            s if s.starts_with("--separator=") => ("s", Some(s[12..].to_string())),
            s if s.starts_with("--format=") => ("f", Some(s[9..].to_string())),
            "-s" | "--separator" | "-f" | "--format" => {
                let Some(v) = args.get(i).cloned() else {
                    return common::usage(
                        ctx,
                        &format!(
                            "option requires an argument -- '{}'",
                            if a.contains('s') { 's' } else { 'f' }
                        ),
                        1,
                    );
                };
                i += 1;
                (
                    if a.contains('s') && !a.contains("format") {
                        "s"
                    } else {
                        "f"
                    },
                    Some(v),
                )
            }
            s if s.starts_with("-s") => ("s", Some(s[2..].to_string())),
            s if s.starts_with("-f") => ("f", Some(s[2..].to_string())),
            s if s.starts_with("-w") && s.len() > 2 => {
                // `-ws,` bundles.
                let rest = &s[2..];
                width = true;
                if let Some(v) = rest.strip_prefix('s') {
                    ("s", Some(v.to_string()))
                } else {
                    return common::usage(
                        ctx,
                        &format!("invalid option -- '{}'", rest.chars().next().unwrap_or('?')),
                        1,
                    );
                }
            }
            s if s.starts_with("--") => {
                return common::usage(ctx, &format!("unrecognized option '{s}'"), 1);
            }
            s => {
                return common::usage(
                    ctx,
                    &format!("invalid option -- '{}'", s.chars().nth(1).unwrap_or('?')),
                    1,
                );
            }
        };
        match name {
            "w" => width = true,
            "s" => sep = val.unwrap_or_default(),
            _ => format = val,
        }
    }
    if ops.is_empty() {
        return common::usage(ctx, "missing operand", 1);
    }
    if ops.len() > 3 {
        return common::usage(ctx, &format!("extra operand {}", common::quote(&ops[3])), 1);
    }
    let mut nums = Vec::new();
    for o in &ops {
        match parse_num(o) {
            Some(n) => nums.push(n),
            None => {
                return common::usage(
                    ctx,
                    &format!("invalid floating point argument: {}", common::quote(o)),
                    1,
                );
            }
        }
    }
    let one = Num {
        v: 1.0,
        prec: 0,
        int: Some(1),
    };
    let (first, incr, last) = match nums.len() {
        1 => (one, one, nums[0]),
        2 => (nums[0], one, nums[1]),
        _ => (nums[0], nums[1], nums[2]),
    };
    if incr.v == 0.0 {
        return common::usage(
            ctx,
            &format!("invalid Zero increment value: {}", common::quote(&ops[1])),
            1,
        );
    }
    if width && format.is_some() {
        return common::usage(
            ctx,
            "format string may not be specified when printing equal width strings",
            1,
        );
    }
    let fmt = match &format {
        Some(f) => match parse_format(f) {
            Ok(x) => Some(x),
            Err(e) => {
                ctx.error(&e);
                return 1;
            }
        },
        None => None,
    };
    let sys = ctx.sys.clone();
    // Exact integers.
    if let (None, Some(a), Some(d), Some(z)) = (&fmt, first.int, incr.int, last.int) {
        let w = if width {
            a.to_string().len().max(z.to_string().len())
        } else {
            0
        };
        let mut v = a;
        let mut firsts = true;
        while (d > 0 && v <= z) || (d < 0 && v >= z) {
            if !firsts {
                ctx.out.str(&sep);
            }
            firsts = false;
            if w > 0 {
                let s = v.unsigned_abs().to_string();
                let sign = if v < 0 { "-" } else { "" };
                ctx.out
                    .str(&format!("{sign}{s:0>pad$}", pad = w - sign.len()));
            } else {
                ctx.out.str(&v.to_string());
            }
            if ctx.out.maybe_flush(&sys).await.is_err() {
                return 1;
            }
            let Some(n) = v.checked_add(d) else { break };
            v = n;
        }
        if !firsts {
            ctx.out.str("\n");
        }
        return 0;
    }
    let prec = first.prec.max(incr.prec);
    let (pre, spec, post) = match fmt {
        Some(f) => f,
        None => (
            String::new(),
            Spec {
                prec: Some(prec),
                conv: 'f',
                ..Spec::default()
            },
            String::new(),
        ),
    };
    let render = |v: f64| -> String { format!("{pre}{}{post}", format_float(&spec, v)) };
    let pad_w = if width {
        render(first.v).len().max(render(last.v).len())
    } else {
        0
    };
    let pad = |s: String| -> String {
        if s.len() >= pad_w {
            return s;
        }
        match s.strip_prefix('-') {
            Some(rest) => format!("-{}{rest}", "0".repeat(pad_w - s.len())),
            None => format!("{}{s}", "0".repeat(pad_w - s.len())),
        }
    };
    let last_s = render(last.v);
    let mut k: u64 = 0;
    let mut firsts = true;
    loop {
        let v = first.v + k as f64 * incr.v;
        let past = if incr.v > 0.0 { v > last.v } else { v < last.v };
        let s = render(v);
        if past && s != last_s {
            break;
        }
        if !firsts {
            ctx.out.str(&sep);
        }
        firsts = false;
        ctx.out.str(&pad(s));
        if ctx.out.maybe_flush(&sys).await.is_err() {
            return 1;
        }
        if past || !v.is_finite() {
            break;
        }
        k += 1;
    }
    if !firsts {
        ctx.out.str("\n");
    }
    0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn f(fmt: &str, v: f64) -> String {
        let (pre, s, post) = parse_format(fmt).unwrap();
        format!("{pre}{}{post}", format_float(&s, v))
    }

    #[test]
    fn formats() {
        assert_eq!(f("%g", 100.0), "100");
        assert_eq!(f("%g", 0.0001), "0.0001");
        assert_eq!(f("%g", 0.00001), "1e-05");
        assert_eq!(f("%g", 1234567.0), "1.23457e+06");
        assert_eq!(f("%05.1f", 3.0), "003.0");
        assert_eq!(f("%e", 1500.0), "1.500000e+03");
        assert_eq!(f("x%-4.0fy", 2.0), "x2   y");
        assert_eq!(f("%+.2f%%", 1.5), "+1.50%");
        assert_eq!(f("%.3g", -0.5), "-0.5");
        assert!(parse_format("%d").is_err());
        assert!(parse_format("x").is_err());
        assert!(parse_format("%g %g").is_err());
    }

    #[test]
    fn precision() {
        assert_eq!(parse_num("1.10").unwrap().prec, 2);
        assert_eq!(parse_num("1e2").unwrap().prec, 0);
        assert_eq!(parse_num("1.5e1").unwrap().prec, 0);
        assert_eq!(parse_num("15e-1").unwrap().prec, 1);
        assert_eq!(parse_num("-3").unwrap().int, Some(-3));
        assert!(parse_num("x").is_none());
    }
}
