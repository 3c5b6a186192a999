//! The formats of awk's `printf` statement and `sprintf()` (XCU awk, "Output Statements",
//! which defers to XBD File Format Notation / printf(3)): `%c %d %i %o %x %X %u %e %E %f %F
//! %g %G %s %%`, flags `- + space # 0`, width and precision, each possibly `*`.

use super::value::Value;

/// A parsed conversion specification.
#[derive(Default)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
}

/// Format `fmt` with `args`; string conversion of numbers uses `convfmt`.
pub fn format(fmt: &str, args: &[Value], convfmt: &str) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut s = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => s.left = true,
                '+' => s.plus = true,
                ' ' => s.space = true,
                '#' => s.alt = true,
                '0' => s.zero = true,
                _ => break,
            }
            chars.next();
        }
        let mut num = |chars: &mut std::iter::Peekable<std::str::Chars>| -> Option<i64> {
            if chars.peek() == Some(&'*') {
                chars.next();
                return Some(args.next().map_or(0.0, Value::num) as i64);
            }
            let mut n: Option<i64> = None;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d as i64));
                chars.next();
            }
            n
        };
        if let Some(w) = num(&mut chars) {
            if w < 0 {
                s.left = true;
            }
            s.width = (w.unsigned_abs() as usize).min(1 << 16);
        }
        if chars.peek() == Some(&'.') {
            chars.next();
            let p = num(&mut chars).unwrap_or(0);
            s.prec = if p < 0 {
                None
            } else {
                Some((p as usize).min(1 << 16))
            };
        }
        while matches!(chars.peek(), Some('h' | 'l' | 'L' | 'q')) {
            chars.next();
        }
        let Some(conv) = chars.next() else {
            out.push('%');
            break;
        };
        let body = match conv {
            '%' => {
                out.push('%');
                continue;
            }
            'd' | 'i' => {
                let n = args.next().map_or(0.0, Value::num);
                int(&s, n, 10, false, true)
            }
            'o' | 'x' | 'X' | 'u' => {
                let n = args.next().map_or(0.0, Value::num);
                let base = match conv {
                    'o' => 8,
                    'u' => 10,
                    _ => 16,
                };
                int(&s, n, base, conv == 'X', false)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let n = args.next().map_or(0.0, Value::num);
                float(&s, n, conv)
            }
            'c' => {
                let t = match args.next() {
                    Some(Value::Num(n) | Value::StrNum(_, n)) => {
                        char::from_u32(*n as u32).map(String::from)
                    }
                    Some(v) => v.str(convfmt).chars().next().map(String::from),
                    None => None,
                };
                pad(&s, t.unwrap_or_default(), false)
            }
            's' => {
                let mut t = args.next().map_or(String::new(), |v| v.str(convfmt));
                if let Some(p) = s.prec {
                    t = t.chars().take(p).collect();
                }
                pad(&s, t, false)
            }
            other => {
                out.push('%');
                out.push(other);
                continue;
            }
        };
        out.push_str(&body);
    }
    out
}

/// Pad `t` to the width; `numeric` allows zero padding after any sign or `0x` prefix.
fn pad(s: &Spec, t: String, numeric: bool) -> String {
    let len = t.chars().count();
    if len >= s.width {
        return t;
    }
    let fill = s.width - len;
    if s.left {
        t + &" ".repeat(fill)
    } else if s.zero && numeric {
        let b = t.as_bytes();
        let mut k = usize::from(matches!(b.first(), Some(b'+' | b'-' | b' ')));
        if b.get(k) == Some(&b'0') && matches!(b.get(k + 1), Some(b'x' | b'X')) {
            k += 2;
        }
        format!("{}{}{}", &t[..k], "0".repeat(fill), &t[k..])
    } else {
        " ".repeat(fill) + &t
    }
}

/// An integer conversion of `n`.
fn int(s: &Spec, n: f64, base: u32, upper: bool, signed: bool) -> String {
    if n.is_nan() || n.is_infinite() {
        return float(s, n, 'f');
    }
    let neg = signed && n.trunc() < 0.0;
    let mag: u64 = if signed {
        (n.trunc() as i64).unsigned_abs()
    } else if n < 0.0 {
        (n.trunc() as i64) as u64
    } else {
        n.trunc() as u64
    };
    let mut digits = match base {
        8 => format!("{mag:o}"),
        16 if upper => format!("{mag:X}"),
        16 => format!("{mag:x}"),
        _ => mag.to_string(),
    };
    if let Some(p) = s.prec {
        if p == 0 && mag == 0 {
            digits.clear();
        }
        if digits.len() < p {
            digits = "0".repeat(p - digits.len()) + &digits;
        }
    }
    if s.alt && base == 8 && !digits.starts_with('0') {
        digits.insert(0, '0');
    }
    if s.alt && base == 16 && mag != 0 {
        digits.insert_str(0, if upper { "0X" } else { "0x" });
    }
    let sign = sign(s, neg, signed);
    let z = Spec {
        zero: s.zero && s.prec.is_none(),
        ..*s
    };
    pad(&z, format!("{sign}{digits}"), true)
}

fn sign(s: &Spec, neg: bool, signed: bool) -> &'static str {
    if neg {
        "-"
    } else if signed && s.plus {
        "+"
    } else if signed && s.space {
        " "
    } else {
        ""
    }
}

/// `%e` body of a non-negative finite number: C style exponent (`1.5e+02`).
fn exp_form(m: f64, prec: usize, upper: bool) -> String {
    let r = format!("{m:.prec$e}");
    let (mant, ex) = r.split_once('e').unwrap_or((&r, "0"));
    let ex: i32 = ex.parse().unwrap_or(0);
    let e = if upper { 'E' } else { 'e' };
    let sg = if ex < 0 { '-' } else { '+' };
    format!("{mant}{e}{sg}{:02}", ex.unsigned_abs())
}

/// A floating conversion of `n` (`e E f F g G`).
fn float(s: &Spec, n: f64, conv: char) -> String {
    let neg = n.is_sign_negative() && !n.is_nan();
    let m = n.abs();
    let upper = conv.is_ascii_uppercase();
    let body = if !m.is_finite() {
        let t = if m.is_nan() { "nan" } else { "inf" };
        if upper {
            t.to_uppercase()
        } else {
            t.to_string()
        }
    } else {
        let prec = s.prec.unwrap_or(6);
        match conv {
            'e' | 'E' => exp_form(m, prec, upper),
            'f' | 'F' => {
                let mut t = format!("{m:.prec$}");
                if s.alt && prec == 0 {
                    t.push('.');
                }
                t
            }
            _ => {
                let p = prec.max(1);
                let e = exp_form(m, p - 1, false);
                let x: i32 = e
                    .rsplit_once('e')
                    .and_then(|(_, x)| x.parse().ok())
                    .unwrap_or(0);
                let mut t = if x < -4 || x >= p as i32 {
                    exp_form(m, p - 1, upper)
                } else {
                    let fp = (p as i32 - 1 - x).max(0) as usize;
                    format!("{m:.fp$}")
                };
                if !s.alt && t.contains('.') {
                    let (mant, rest) = match t.find(['e', 'E']) {
                        Some(k) => (t[..k].to_string(), t[k..].to_string()),
                        None => (t.clone(), String::new()),
                    };
                    let mant = mant.trim_end_matches('0').trim_end_matches('.');
                    t = format!("{mant}{rest}");
                }
                t
            }
        }
    };
    let sign = sign(s, neg, true);
    let z = Spec {
        zero: s.zero && m.is_finite(),
        ..*s
    };
    pad(&z, format!("{sign}{body}"), true)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn f(fmt: &str, args: &[Value]) -> String {
        format(fmt, args, "%.6g")
    }

    #[test]
    fn formats() {
        let n = |x: f64| Value::Num(x);
        let s = |x: &str| Value::Str(x.into());
        assert_eq!(
            f("%d|%5d|%-5d|%05d", &[n(3.9), n(-42.0), n(7.0), n(-7.0)]),
            "3|  -42|7    |-0007"
        );
        assert_eq!(f("%+d % d %.3d", &[n(5.0), n(5.0), n(5.0)]), "+5  5 005");
        assert_eq!(
            f(
                "%o %x %X %#x %#o %u",
                &[n(8.0), n(255.0), n(255.0), n(255.0), n(8.0), n(3.0)]
            ),
            "10 ff FF 0xff 010 3"
        );
        assert_eq!(
            f("%e|%E|%.2e", &[n(1234.5), n(0.000123), n(0.0)]),
            "1.234500e+03|1.230000E-04|0.00e+00"
        );
        assert_eq!(
            f(
                "%f|%.2f|%8.3f|%-8.1f|",
                &[n(1.5), n(2.345), n(-3.14259), n(2.0)]
            ),
            "1.500000|2.35|  -3.143|2.0     |"
        );
        assert_eq!(
            f(
                "%g %g %g %g %G",
                &[n(100000.0), n(1000000.0), n(0.0001), n(0.00001), n(1e-10)]
            ),
            "100000 1e+06 0.0001 1e-05 1E-10"
        );
        assert_eq!(
            f("%.3g %#g %g", &[n(3.14259), n(1.0), n(0.1 + 0.2)]),
            "3.14 1.00000 0.3"
        );
        assert_eq!(f("%c%c%c", &[n(65.0), s("hello"), s("")]), "Ah");
        assert_eq!(
            f("%s|%5s|%-5s|%.2s", &[s("a"), s("b"), s("c"), s("xyz")]),
            "a|    b|c    |xy"
        );
        assert_eq!(
            f(
                "%*d|%-*d|%.*f",
                &[n(4.0), n(1.0), n(3.0), n(2.0), n(1.0), n(2.25)]
            ),
            "   1|2  |2.2"
        );
        assert_eq!(f("%d%%%s", &[n(50.0)]), "50%");
        assert_eq!(f("%z", &[]), "%z");
        assert_eq!(f("%5.1f%%", &[n(99.44)]), " 99.4%");
    }
}
