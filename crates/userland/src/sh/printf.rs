//! printf(1) as dash implements it (shared by the built-in and /usr/bin/printf): `%d %i %u
//! %o %x %X %c %s %b %e %E %f %F %g %G %%` with flags, width and precision (`*` too), escapes
//! in the format, the format reused while arguments remain, `'c` character values, and dash's
//! diagnostics (`expected numeric value`, `not completely converted`, `invalid directive`).

use super::arith::strtoimax;

/// What a printf run produced.
#[derive(Debug, Default, PartialEq)]
pub struct Printed {
    /// The output bytes.
    pub out: Vec<u8>,
    /// Diagnostics (without the `printf: ` prefix).
    pub errors: Vec<String>,
    /// Exit status.
    pub status: i32,
}

/// Interpret backslash escapes as `%b` and echo do. Returns the bytes and whether `\c` was met.
pub fn b_escapes(s: &str) -> (Vec<u8>, bool) {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' || i + 1 == b.len() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = b[i];
        i += 1;
        match c {
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'c' => return (out, true),
            b'e' => out.push(0x1b),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'\\' => out.push(b'\\'),
            b'0'..=b'7' => {
                let mut v: u32 = 0;
                let mut n = 0;
                let max = if c == b'0' { 3 } else { 2 };
                if c != b'0' {
                    v = (c - b'0') as u32;
                }
                while n < max && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                    v = v * 8 + (b[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    (out, false)
}

/// Escapes in a printf format: octal is `\NNN` (1–3 digits); `\c` is not special.
fn format_escape(b: &[u8], i: &mut usize, out: &mut Vec<u8>) {
    let c = b[*i];
    *i += 1;
    match c {
        b'a' => out.push(7),
        b'b' => out.push(8),
        b'e' => out.push(0x1b),
        b'f' => out.push(12),
        b'n' => out.push(b'\n'),
        b'r' => out.push(b'\r'),
        b't' => out.push(b'\t'),
        b'v' => out.push(11),
        b'\\' => out.push(b'\\'),
        b'0'..=b'7' => {
            let mut v: u32 = (c - b'0') as u32;
            let mut n = 1;
            while n < 3 && *i < b.len() && (b'0'..=b'7').contains(&b[*i]) {
                v = v * 8 + (b[*i] - b'0') as u32;
                *i += 1;
                n += 1;
            }
            out.push(v as u8);
        }
        other => {
            out.push(b'\\');
            out.push(other);
        }
    }
}

struct Args<'a> {
    list: &'a [String],
    pos: usize,
    errors: Vec<String>,
    status: i32,
}

impl Args<'_> {
    fn next(&mut self) -> Option<&str> {
        let a = self.list.get(self.pos).map(String::as_str);
        if a.is_some() {
            self.pos += 1;
        }
        a
    }
    fn int(&mut self, signed: bool) -> i128 {
        let Some(a) = self.next().map(str::to_string) else {
            return 0;
        };
        let bytes = a.as_bytes();
        if let Some(&q) = bytes.first()
            && (q == b'\'' || q == b'"')
        {
            return a[1..].chars().next().map_or(0, |c| c as i128);
        }
        if a.is_empty() {
            return 0;
        }
        let (v, used) = parse_i128(&a);
        if used == 0 {
            self.errors.push(format!("{a}: expected numeric value"));
            self.status = 1;
        } else if used < a.len() {
            self.errors.push(format!("{a}: not completely converted"));
            self.status = 1;
        } else if (signed && (v > i64::MAX as i128 || v < i64::MIN as i128))
            || v > u64::MAX as i128
            || v < -(u64::MAX as i128)
        {
            self.errors
                .push(format!("{a}: Numerical result out of range"));
            self.status = 1;
        }
        if signed {
            v.clamp(i64::MIN as i128, i64::MAX as i128)
        } else {
            v.clamp(-(u64::MAX as i128), u64::MAX as i128)
        }
    }
    fn float(&mut self) -> f64 {
        let Some(a) = self.next().map(str::to_string) else {
            return 0.0;
        };
        if let Some(q) = a.chars().next()
            && (q == '\'' || q == '"')
        {
            return a[1..].chars().next().map_or(0.0, |c| c as u32 as f64);
        }
        let t = a.trim_start();
        let lead = a.len() - t.len();
        let mut best = (0.0, 0usize);
        for end in (1..=t.len()).rev() {
            if !t.is_char_boundary(end) {
                continue;
            }
            if let Ok(v) = t[..end].parse::<f64>() {
                best = (v, end);
                break;
            }
        }
        if best.1 == 0 {
            let (v, used) = strtoimax(t);
            if used > 0 {
                best = (v as f64, used);
            }
        }
        if best.1 == 0 && !a.is_empty() {
            self.errors.push(format!("{a}: expected numeric value"));
            self.status = 1;
        } else if lead + best.1 < a.len() {
            self.errors.push(format!("{a}: not completely converted"));
            self.status = 1;
        }
        best.0
    }
}

/// strtoimax-like parsing into i128 (no saturation below the u64 range).
fn parse_i128(s: &str) -> (i128, usize) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let (radix, start) = if i + 2 < b.len()
        && b[i] == b'0'
        && (b[i + 1] | 0x20) == b'x'
        && b[i + 2].is_ascii_hexdigit()
    {
        (16, i + 2)
    } else if i < b.len() && b[i] == b'0' {
        (8, i)
    } else {
        (10, i)
    };
    let mut j = start;
    let mut v: i128 = 0;
    while j < b.len() {
        let Some(d) = (b[j] as char).to_digit(radix) else {
            break;
        };
        v = (v * radix as i128 + d as i128).min(1 << 80);
        j += 1;
    }
    if j == start {
        return (0, 0);
    }
    (if neg { -v } else { v }, j)
}

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

fn pad(body: Vec<u8>, sp: &Spec, numeric: bool) -> Vec<u8> {
    let w = sp.width.unwrap_or(0);
    if body.len() >= w {
        return body;
    }
    let fill = w - body.len();
    if sp.minus {
        let mut v = body;
        v.extend(std::iter::repeat_n(b' ', fill));
        v
    } else if sp.zero && numeric {
        // Zeros go after the sign or 0x prefix.
        let skip = body
            .iter()
            .take_while(|&&c| c == b'-' || c == b'+' || c == b' ')
            .count();
        let skip = if body[skip..].starts_with(b"0x") || body[skip..].starts_with(b"0X") {
            skip + 2
        } else {
            skip
        };
        let mut v = body[..skip].to_vec();
        v.extend(std::iter::repeat_n(b'0', fill));
        v.extend_from_slice(&body[skip..]);
        v
    } else {
        let mut v: Vec<u8> = std::iter::repeat_n(b' ', fill).collect();
        v.extend(body);
        v
    }
}

/// C's `%e` body for a finite value.
fn fmt_e(v: f64, prec: usize, upper: bool, alt: bool) -> String {
    let s = format!("{:.*e}", prec, v);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut mant = mant.to_string();
    if alt && prec == 0 {
        mant.push('.');
    }
    let e = if upper { 'E' } else { 'e' };
    format!(
        "{mant}{e}{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.abs()
    )
}

/// C's `%g`.
pub fn fmt_g(v: f64, prec: usize, upper: bool, alt: bool) -> String {
    let p = if prec == 0 { 1 } else { prec };
    if v == 0.0 {
        return if alt {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".into()
        };
    }
    let e = fmt_e(v, p - 1, upper, false);
    let exp: i32 = e
        .rsplit(['e', 'E'])
        .next()
        .and_then(|x| x.parse().ok())
        .unwrap_or(0);
    let mut s = if exp < -4 || exp >= p as i32 {
        e
    } else {
        format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, v)
    };
    if !alt {
        let (m, tail) = match s.find(['e', 'E']) {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            m
        };
        s = format!("{m}{tail}");
    }
    s
}

fn float_conv(v: f64, conv: u8, sp: &Spec) -> Vec<u8> {
    let prec = sp.prec.unwrap_or(6);
    let upper = conv.is_ascii_uppercase();
    let mut body = if v.is_nan() {
        "nan".to_string()
    } else if v.is_infinite() {
        "inf".to_string()
    } else {
        match conv {
            b'e' | b'E' => fmt_e(v.abs(), prec, upper, sp.alt),
            b'g' | b'G' => fmt_g(v.abs(), prec, upper, sp.alt),
            _ => {
                let mut s = format!("{:.*}", prec, v.abs());
                if sp.alt && prec == 0 {
                    s.push('.');
                }
                s
            }
        }
    };
    if upper {
        body = body.to_uppercase();
    }
    let sign = if v.is_sign_negative() && !v.is_nan() {
        "-"
    } else if sp.plus {
        "+"
    } else if sp.space {
        " "
    } else {
        ""
    };
    let numeric = v.is_finite();
    pad(format!("{sign}{body}").into_bytes(), sp, numeric)
}

fn int_conv(v: i128, conv: u8, sp: &Spec) -> Vec<u8> {
    let (neg, digits) = match conv {
        b'd' | b'i' => {
            let x = v.clamp(i64::MIN as i128, i64::MAX as i128);
            (x < 0, x.unsigned_abs().to_string())
        }
        _ => {
            let u = if v < 0 {
                (v as i64) as u64
            } else {
                v.min(u64::MAX as i128) as u64
            };
            let s = match conv {
                b'o' => format!("{u:o}"),
                b'x' => format!("{u:x}"),
                b'X' => format!("{u:X}"),
                _ => u.to_string(),
            };
            (false, s)
        }
    };
    let mut digits = digits;
    if let Some(p) = sp.prec {
        if p == 0 && digits == "0" {
            digits.clear();
        }
        while digits.len() < p {
            digits.insert(0, '0');
        }
    }
    let mut prefix = String::new();
    if neg {
        prefix.push('-');
    } else if matches!(conv, b'd' | b'i') {
        if sp.plus {
            prefix.push('+');
        } else if sp.space {
            prefix.push(' ');
        }
    }
    if sp.alt {
        match conv {
            b'o' if !digits.starts_with('0') => digits.insert(0, '0'),
            b'x' if v != 0 => prefix.push_str("0x"),
            b'X' if v != 0 => prefix.push_str("0X"),
            _ => {}
        }
    }
    let spec = Spec {
        zero: sp.zero && sp.prec.is_none(),
        ..*sp
    };
    pad(format!("{prefix}{digits}").into_bytes(), &spec, true)
}

/// Run printf with `argv` = format and arguments.
pub fn printf(argv: &[String]) -> Printed {
    let mut p = Printed::default();
    let Some(fmt) = argv.first() else {
        p.errors.push("usage: printf format [arg ...]".into());
        p.status = 2;
        return p;
    };
    let mut args = Args {
        list: &argv[1..],
        pos: 0,
        errors: Vec::new(),
        status: 0,
    };
    let f = fmt.as_bytes();
    loop {
        let before = args.pos;
        let mut i = 0;
        while i < f.len() {
            let c = f[i];
            if c == b'\\' && i + 1 < f.len() {
                i += 1;
                format_escape(f, &mut i, &mut p.out);
                continue;
            }
            if c != b'%' {
                p.out.push(c);
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            if f.get(i) == Some(&b'%') {
                p.out.push(b'%');
                i += 1;
                continue;
            }
            let mut sp = Spec::default();
            while let Some(&fl) = f.get(i) {
                match fl {
                    b'-' => sp.minus = true,
                    b'+' => sp.plus = true,
                    b' ' => sp.space = true,
                    b'#' => sp.alt = true,
                    b'0' => sp.zero = true,
                    _ => break,
                }
                i += 1;
            }
            if f.get(i) == Some(&b'*') {
                i += 1;
                let w = args.int(true);
                if w < 0 {
                    sp.minus = true;
                }
                sp.width = Some(w.unsigned_abs().min(1 << 20) as usize);
            } else {
                let st = i;
                while f.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if i > st {
                    sp.width = std::str::from_utf8(&f[st..i])
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .map(|w: usize| w.min(1 << 20));
                }
            }
            if f.get(i) == Some(&b'.') {
                i += 1;
                if f.get(i) == Some(&b'*') {
                    i += 1;
                    let pr = args.int(true);
                    sp.prec = if pr < 0 {
                        None
                    } else {
                        Some(pr.min(1 << 20) as usize)
                    };
                } else {
                    let st = i;
                    while f.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                    sp.prec = Some(
                        std::str::from_utf8(&f[st..i])
                            .ok()
                            .and_then(|s| s.parse().ok())
                            .unwrap_or(0)
                            .min(1 << 20),
                    );
                }
            }
            let Some(&conv) = f.get(i) else {
                let d = String::from_utf8_lossy(&f[start..]).into_owned();
                p.errors.push(format!("{d}: invalid directive"));
                p.status = 2;
                return finish(p, args);
            };
            i += 1;
            match conv {
                b'd' | b'i' | b'o' | b'u' | b'x' | b'X' => {
                    let v = args.int(matches!(conv, b'd' | b'i'));
                    p.out.extend(int_conv(v, conv, &sp));
                }
                b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
                    let v = args.float();
                    p.out.extend(float_conv(v, conv, &sp));
                }
                b'c' => {
                    let a = args.next().unwrap_or("");
                    let body = vec![a.as_bytes().first().copied().unwrap_or(0)];
                    p.out.extend(pad(body, &sp, false));
                }
                b's' => {
                    let a = args.next().unwrap_or("").as_bytes().to_vec();
                    let body = match sp.prec {
                        Some(pr) if pr < a.len() => a[..pr].to_vec(),
                        _ => a,
                    };
                    p.out.extend(pad(body, &sp, false));
                }
                b'b' => {
                    let a = args.next().unwrap_or("").to_string();
                    let (mut body, stop) = b_escapes(&a);
                    if let Some(pr) = sp.prec {
                        body.truncate(pr);
                    }
                    p.out.extend(pad(body, &sp, false));
                    if stop {
                        return finish(p, args);
                    }
                }
                _ => {
                    let d = String::from_utf8_lossy(&f[start..i]).into_owned();
                    p.errors.push(format!("{d}: invalid directive"));
                    p.status = 2;
                    return finish(p, args);
                }
            }
        }
        if args.pos >= args.list.len() || args.pos == before {
            break;
        }
    }
    finish(p, args)
}

fn finish(mut p: Printed, args: Args) -> Printed {
    p.errors.splice(0..0, args.errors);
    if p.status == 0 {
        p.status = args.status;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pf(args: &[&str]) -> (String, i32) {
        let v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let r = printf(&v);
        (String::from_utf8_lossy(&r.out).into_owned(), r.status)
    }

    #[test]
    fn conversions() {
        assert_eq!(
            pf(&[
                "%5.2f|%-5d|%05d|%+d|% d|%x|%X|%o|%#x|%#o|%e|%g|%G|%E\n",
                "3.14159",
                "42",
                "42",
                "5",
                "5",
                "255",
                "255",
                "8",
                "255",
                "8",
                "1234.5",
                "0.0001",
                "1e20",
                "5"
            ])
            .0,
            " 3.14|42   |00042|+5| 5|ff|FF|10|0xff|010|1.234500e+03|0.0001|1E+20|5.000000E+00\n"
        );
        assert_eq!(pf(&["%s %s\n", "a", "b", "c"]).0, "a b\nc \n");
        assert_eq!(pf(&["%d %d\n", "'A", "\"B"]).0, "65 66\n");
        assert_eq!(
            pf(&["%*d|%-*s|%.*s\n", "5", "1", "4", "ab", "2", "abcdef"]).0,
            "    1|ab  |ab\n"
        );
        assert_eq!(pf(&["%i %u\n", "-3", "-3"]).0, "-3 18446744073709551613\n");
        assert_eq!(
            pf(&["%.3d|%10.4s|\n", "5", "abcdefg"]).0,
            "005|      abcd|\n"
        );
        assert_eq!(
            pf(&["%#.3g|%g|%g|%g\n", "1", "100000", "1000000", "0.00001234"]).0,
            "1.00|100000|1e+06|1.234e-05\n"
        );
        assert_eq!(pf(&["%10.3e|\n", "-12.5"]).0, "-1.250e+01|\n");
        assert_eq!(pf(&["%x\n", "-1"]).0, "ffffffffffffffff\n");
        assert_eq!(pf(&["%.0f %.1e\n", "2.5", "12345"]).0, "2 1.2e+04\n");
        assert_eq!(pf(&["%c|%c\n", "hello", ""]).0, "h|\0\n");
    }

    #[test]
    fn escapes_and_errors() {
        assert_eq!(pf(&["\\0101\\08\\n"]).0, "\x081\x008\n");
        assert_eq!(pf(&["%b\n", "\\0101", "\\101", "\\1"]).0, "A\nA\n\x01\n");
        assert_eq!(pf(&["%b|%s", "a\\cb", "x"]).0, "a");
        assert_eq!(pf(&["a\\cb"]).0, "a\\cb");
        assert_eq!(pf(&["%d\n", "abc"]), ("0\n".into(), 1));
        assert_eq!(pf(&["%d\n", "12abc"]), ("12\n".into(), 1));
        assert_eq!(pf(&["ab%zcd"]), ("ab".into(), 2));
        assert_eq!(pf(&["%d\n", "0x10"]).0, "16\n");
        assert_eq!(
            pf(&["%d\n", "99999999999999999999"]),
            ("9223372036854775807\n".into(), 1)
        );
    }
}
