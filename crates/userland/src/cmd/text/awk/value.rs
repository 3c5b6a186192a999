//! awk values: numbers, strings and "numeric strings" (strnum), with the conversions POSIX
//! awk defines between them (XCU awk, "Expressions in awk": string to number as by
//! `strtod()`, number to string through `CONVFMT`, integers as integers) and the rule that
//! decides whether a comparison is numeric or by string.

use super::printf;

/// One awk value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Never assigned: both "" and 0, and compares as a number.
    Uninit,
    /// A number.
    Num(f64),
    /// A string constant or the result of a string operation.
    Str(String),
    /// Input (fields, getline, split, ARGV, ENVIRON, -v) that looks like a number.
    StrNum(String, f64),
}

impl Value {
    /// A value from input: a strnum when it looks numeric, else a string.
    pub fn input(s: String) -> Value {
        match looks_numeric(&s) {
            Some(n) => Value::StrNum(s, n),
            None => Value::Str(s),
        }
    }

    /// Numeric value.
    pub fn num(&self) -> f64 {
        match self {
            Value::Uninit => 0.0,
            Value::Num(n) | Value::StrNum(_, n) => *n,
            Value::Str(s) => str_to_num(s),
        }
    }

    /// String value, numbers converted with `convfmt`.
    pub fn str(&self, convfmt: &str) -> String {
        match self {
            Value::Uninit => String::new(),
            Value::Num(n) => num_to_str(*n, convfmt),
            Value::Str(s) | Value::StrNum(s, _) => s.clone(),
        }
    }

    /// Truth value: numbers are true when non-zero, strings when non-empty.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Uninit => false,
            Value::Num(n) => *n != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::StrNum(_, n) => *n != 0.0,
        }
    }

    /// Whether comparisons treat this value as a number.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Value::Uninit | Value::Num(_) | Value::StrNum(..))
    }
}

/// Compare two values as POSIX says: numerically when both are numeric, else as strings.
pub fn compare(a: &Value, b: &Value, convfmt: &str) -> std::cmp::Ordering {
    if a.is_numeric() && b.is_numeric() {
        a.num()
            .partial_cmp(&b.num())
            .unwrap_or(std::cmp::Ordering::Equal)
    } else {
        a.str(convfmt).cmp(&b.str(convfmt))
    }
}

/// Convert a number to a string: integers print as integers, others through `fmt`.
pub fn num_to_str(n: f64, fmt: &str) -> String {
    if n.fract() == 0.0 && n.abs() < 1e18 {
        format!("{}", n as i64)
    } else if n.is_nan() {
        if n.is_sign_negative() { "-nan" } else { "nan" }.to_string()
    } else if n.is_infinite() {
        if n < 0.0 { "-inf" } else { "inf" }.to_string()
    } else {
        printf::format(fmt, &[Value::Num(n)], "%.6g")
    }
}

/// Length of the longest prefix of `b` that `strtod()` would read as a decimal number.
fn number_prefix(b: &[u8]) -> usize {
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let ds = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut digits = i - ds;
    if b.get(i) == Some(&b'.') {
        let f = i + 1;
        let mut j = f;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        digits += j - f;
        if digits > 0 {
            i = j;
        }
    }
    if digits == 0 {
        return 0;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let es = j;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j > es {
            i = j;
        }
    }
    i
}

/// String to number as `strtod()` reads it: leading blanks, then the longest numeric prefix;
/// 0 when there is none.
pub fn str_to_num(s: &str) -> f64 {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let n = number_prefix(t.as_bytes());
    t.get(..n).and_then(|p| p.parse().ok()).unwrap_or(0.0)
}

/// The number `s` denotes when all of it (blanks aside) is a decimal number.
pub fn looks_numeric(s: &str) -> Option<f64> {
    let t = s.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    if t.is_empty() || number_prefix(t.as_bytes()) != t.len() {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(str_to_num(" 12abc"), 12.0);
        assert_eq!(str_to_num("1e3x"), 1000.0);
        assert_eq!(str_to_num(".5"), 0.5);
        assert_eq!(str_to_num("e5"), 0.0);
        assert_eq!(str_to_num("-3."), -3.0);
        assert_eq!(looks_numeric(" 10 "), Some(10.0));
        assert_eq!(looks_numeric("10x"), None);
        assert_eq!(looks_numeric(""), None);
        assert_eq!(looks_numeric("+1.5e2"), Some(150.0));
        assert_eq!(num_to_str(3.0, "%.6g"), "3");
        assert_eq!(num_to_str(0.1 + 0.2, "%.6g"), "0.3");
        assert_eq!(num_to_str(1e20, "%.6g"), "1e+20");
        assert_eq!(num_to_str(-2.5, "%.2f"), "-2.50");
    }

    #[test]
    fn comparisons() {
        use std::cmp::Ordering::*;
        let f = "%.6g";
        let sn = |s: &str| Value::input(s.to_string());
        assert_eq!(compare(&sn("10"), &sn("9"), f), Greater);
        assert_eq!(compare(&Value::Str("10".into()), &sn("9"), f), Less);
        assert_eq!(compare(&sn("abc"), &Value::Num(1.0), f), Greater);
        assert_eq!(compare(&Value::Uninit, &Value::Num(0.0), f), Equal);
        assert_eq!(
            compare(&Value::Uninit, &Value::Str(String::new()), f),
            Equal
        );
        assert!(!Value::Uninit.truthy());
        assert!(!sn("0.0").truthy());
        assert!(Value::Str("0".into()).truthy());
    }
}
