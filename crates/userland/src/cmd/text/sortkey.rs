//! sort(1)'s comparison: `-k` key specifications, field and character offsets (GNU's
//! `begfield`/`limfield`), per-key ordering flags, and the numeric, human, general-numeric,
//! month and version comparisons. Pure functions over byte strings, so they are unit-tested
//! here.

use std::cmp::Ordering;

/// Ordering flags of one key (or the global ones).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// `b` on the start position: skip leading blanks.
    pub blank_start: bool,
    /// `b` on the end position.
    pub blank_end: bool,
    /// `d`: only blanks and alphanumerics count.
    pub dict: bool,
    /// `f`: fold lower case to upper case.
    pub fold: bool,
    /// `i`: only printable characters count.
    pub printable: bool,
    /// `n`: numeric.
    pub numeric: bool,
    /// `g`: general numeric (floating point).
    pub general: bool,
    /// `h`: human-readable sizes (2K, 1G).
    pub human: bool,
    /// `M`: month names.
    pub month: bool,
    /// `V`: version numbers.
    pub version: bool,
    /// `R`: random order (by hash).
    pub random: bool,
    /// `r`: reverse.
    pub reverse: bool,
}

impl Flags {
    /// Whether no ordering option is set (GNU's `default_key_compare`, ignoring `r`).
    pub fn is_default(&self) -> bool {
        let f = Flags {
            reverse: false,
            ..*self
        };
        f == Flags::default()
    }
    /// Apply one flag letter; false if it is not a flag.
    pub fn set(&mut self, c: char, start: bool) -> bool {
        match c {
            'b' => {
                if start {
                    self.blank_start = true;
                } else {
                    self.blank_end = true;
                }
            }
            'd' => self.dict = true,
            'f' => self.fold = true,
            'i' => self.printable = true,
            'n' => self.numeric = true,
            'g' => self.general = true,
            'h' => self.human = true,
            'M' => self.month = true,
            'V' => self.version = true,
            'R' => self.random = true,
            'r' => self.reverse = true,
            _ => return false,
        }
        true
    }
}

/// One `-k` key. Field and character numbers are 0-based; `None` start field means "from
/// the start of the line", `None` end field "to the end of the line", `echar == 0` "to
/// the end of the field".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// Start field.
    pub sword: Option<usize>,
    /// Characters to skip in the start field.
    pub schar: usize,
    /// End field.
    pub eword: Option<usize>,
    /// Last character of the end field (1-based; 0 = whole field).
    pub echar: usize,
    /// Ordering flags.
    pub flags: Flags,
}

fn count(s: &str, what: &str, spec: &str) -> Result<(usize, usize), String> {
    let n = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 {
        return Err(format!("{what}: invalid count at start of '{s}'"));
    }
    let v = s[..n].parse::<usize>().unwrap_or(usize::MAX);
    let _ = spec;
    Ok((v, n))
}

fn bad(msg: &str, spec: &str) -> String {
    format!("{msg}: invalid field specification '{spec}'")
}

/// Parse a `-k POS1[,POS2]` specification.
pub fn parse_key(spec: &str) -> Result<Key, String> {
    let mut flags = Flags::default();
    let (sw, n) = count(spec, "invalid number at field start", spec)?;
    let mut rest = &spec[n..];
    if sw == 0 {
        return Err(bad("field number is zero", spec));
    }
    let mut schar = 0;
    if let Some(r) = rest.strip_prefix('.') {
        let (c, n) = count(r, "invalid number after '.'", spec)?;
        if c == 0 {
            return Err(bad("character offset is zero", spec));
        }
        schar = c - 1;
        rest = &r[n..];
    }
    let sword = if sw - 1 == 0 && schar == 0 {
        None
    } else {
        Some(sw - 1)
    };
    while let Some(c) = rest.chars().next() {
        if c == ',' || !flags.set(c, true) {
            break;
        }
        rest = &rest[1..];
    }
    let (mut eword, mut echar) = (None, 0);
    if let Some(r) = rest.strip_prefix(',') {
        let (ew, n) = count(r, "invalid number after ','", spec)?;
        if ew == 0 {
            return Err(bad("field number is zero", spec));
        }
        eword = Some(ew - 1);
        rest = &r[n..];
        if let Some(r) = rest.strip_prefix('.') {
            let (c, n) = count(r, "invalid number after '.'", spec)?;
            echar = c;
            rest = &r[n..];
        }
        while let Some(c) = rest.chars().next() {
            if !flags.set(c, false) {
                break;
            }
            rest = &rest[1..];
        }
    }
    if !rest.is_empty() {
        return Err(bad("stray character in field spec", spec));
    }
    Ok(Key {
        sword,
        schar,
        eword,
        echar,
        flags,
    })
}

/// All that decides the order of two lines.
#[derive(Clone, Debug, Default)]
pub struct Order {
    /// Keys; empty means the whole line with the global flags.
    pub keys: Vec<Key>,
    /// Field separator (`-t`); `None` means runs of blanks.
    pub tab: Option<u8>,
    /// Global `-r` (also reverses the last-resort comparison).
    pub reverse: bool,
    /// `-s` or `-u`: no last-resort comparison.
    pub no_last_resort: bool,
    /// Salt for `-R`.
    pub salt: u64,
}

fn blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Start of the key in `line`.
fn begfield(line: &[u8], k: &Key, tab: Option<u8>) -> usize {
    let lim = line.len();
    let mut p = 0;
    let Some(mut sword) = k.sword else {
        if k.flags.blank_start {
            while p < lim && blank(line[p]) {
                p += 1;
            }
        }
        return p;
    };
    match tab {
        Some(t) => {
            while p < lim && sword > 0 {
                sword -= 1;
                while p < lim && line[p] != t {
                    p += 1;
                }
                if p < lim {
                    p += 1;
                }
            }
        }
        None => {
            while p < lim && sword > 0 {
                sword -= 1;
                while p < lim && blank(line[p]) {
                    p += 1;
                }
                while p < lim && !blank(line[p]) {
                    p += 1;
                }
            }
        }
    }
    if k.flags.blank_start {
        while p < lim && blank(line[p]) {
            p += 1;
        }
    }
    lim.min(p + k.schar)
}

/// End (exclusive) of the key in `line`.
fn limfield(line: &[u8], k: &Key, tab: Option<u8>) -> usize {
    let lim = line.len();
    let Some(ew) = k.eword else { return lim };
    let mut eword = ew + if k.echar == 0 { 1 } else { 0 };
    let echar = k.echar;
    let mut p = 0;
    match tab {
        Some(t) => {
            while p < lim && eword > 0 {
                eword -= 1;
                while p < lim && line[p] != t {
                    p += 1;
                }
                if p < lim && (eword > 0 || echar > 0) {
                    p += 1;
                }
            }
        }
        None => {
            while p < lim && eword > 0 {
                eword -= 1;
                while p < lim && blank(line[p]) {
                    p += 1;
                }
                while p < lim && !blank(line[p]) {
                    p += 1;
                }
            }
        }
    }
    if echar != 0 {
        if k.flags.blank_end {
            while p < lim && blank(line[p]) {
                p += 1;
            }
        }
        p = lim.min(p + echar);
    }
    p
}

/// The key text of `line` for `k`.
pub fn key_text<'a>(line: &'a [u8], k: &Key, tab: Option<u8>) -> &'a [u8] {
    let (s, e) = key_span(line, k, tab);
    &line[s..e]
}

/// Start and end offsets of the key in `line`.
pub fn key_span(line: &[u8], k: &Key, tab: Option<u8>) -> (usize, usize) {
    let s = begfield(line, k, tab);
    (s, limfield(line, k, tab).max(s))
}

/// A parsed decimal number for `-n`: sign, integer digits without leading zeros, and
/// fraction digits without trailing zeros.
fn num_parts(s: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut i = 0;
    while i < s.len() && blank(s[i]) {
        i += 1;
    }
    let neg = s.get(i) == Some(&b'-');
    if neg {
        i += 1;
    }
    let start = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    let mut int = &s[start..i];
    while int.first() == Some(&b'0') {
        int = &int[1..];
    }
    let mut frac: &[u8] = &[];
    if s.get(i) == Some(&b'.') {
        let fs = i + 1;
        let mut j = fs;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        frac = &s[fs..j];
        while frac.last() == Some(&b'0') {
            frac = &frac[..frac.len() - 1];
        }
    }
    let zero = int.is_empty() && frac.is_empty();
    (neg && !zero, int, frac)
}

/// `-n` comparison (GNU's strnumcmp in the C locale).
pub fn numcmp(a: &[u8], b: &[u8]) -> Ordering {
    let (na, ia, fa) = num_parts(a);
    let (nb, ib, fb) = num_parts(b);
    if na != nb {
        return if na {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    let mag = ia
        .len()
        .cmp(&ib.len())
        .then_with(|| ia.cmp(ib))
        .then_with(|| fa.cmp(fb));
    if na { mag.reverse() } else { mag }
}

/// `-h` comparison: by sign and unit suffix first, then numerically.
pub fn humancmp(a: &[u8], b: &[u8]) -> Ordering {
    fn order(s: &[u8]) -> i32 {
        let (neg, int, frac) = num_parts(s);
        let mut i = 0;
        while i < s.len() && blank(s[i]) {
            i += 1;
        }
        if s.get(i) == Some(&b'-') {
            i += 1;
        }
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'.') {
            i += 1;
        }
        let unit = match s.get(i) {
            Some(b'k' | b'K') => 1,
            Some(b'M') => 2,
            Some(b'G') => 3,
            Some(b'T') => 4,
            Some(b'P') => 5,
            Some(b'E') => 6,
            Some(b'Z') => 7,
            Some(b'Y') => 8,
            Some(b'R') => 9,
            Some(b'Q') => 10,
            _ => 0,
        };
        let nonzero = !(int.is_empty() && frac.is_empty());
        if !nonzero {
            0
        } else if neg {
            -unit
        } else {
            unit
        }
    }
    order(a).cmp(&order(b)).then_with(|| numcmp(a, b))
}

/// The longest prefix of `s` that strtod(3) would read, as a number.
fn strtod(s: &[u8]) -> Option<f64> {
    let mut i = 0;
    while i < s.len() && super::common::is_space(s[i]) {
        i += 1;
    }
    let start = i;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        i += 1;
    }
    let lower: Vec<u8> = s[i..s.len().min(i + 8)].to_ascii_lowercase();
    if lower.starts_with(b"inf") || lower.starts_with(b"nan") {
        let neg = s[start] == b'-';
        return Some(match (&lower[..3], neg) {
            (b"nan", _) => f64::NAN,
            (_, true) => f64::NEG_INFINITY,
            _ => f64::INFINITY,
        });
    }
    let ds = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - ds;
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let fs = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - fs;
    }
    if digits == 0 {
        return None;
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_digit() {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    std::str::from_utf8(&s[start..i]).ok()?.parse().ok()
}

/// `-g` comparison: non-numbers first, then NaNs, then numbers.
pub fn generalcmp(a: &[u8], b: &[u8]) -> Ordering {
    match (strtod(a), strtod(b)) {
        (None, None) => Ordering::Equal,
        (None, _) => Ordering::Less,
        (_, None) => Ordering::Greater,
        (Some(x), Some(y)) => match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        },
    }
}

/// `-M` month number (0 for unknown).
fn month(s: &[u8]) -> u8 {
    let t: Vec<u8> = s
        .iter()
        .copied()
        .skip_while(|&b| blank(b))
        .take(3)
        .map(|b| b.to_ascii_uppercase())
        .collect();
    const M: [&[u8]; 12] = [
        b"JAN", b"FEB", b"MAR", b"APR", b"MAY", b"JUN", b"JUL", b"AUG", b"SEP", b"OCT", b"NOV",
        b"DEC",
    ];
    M.iter()
        .position(|m| *m == t.as_slice())
        .map_or(0, |i| i as u8 + 1)
}

/// `-V` comparison: Debian's version ordering (digit runs numerically, `~` first, letters
/// before other characters).
pub fn versioncmp(a: &[u8], b: &[u8]) -> Ordering {
    fn order(c: Option<u8>) -> i32 {
        match c {
            None => 0,
            Some(c) if c.is_ascii_digit() => 0,
            Some(c) if c.is_ascii_alphabetic() => c as i32,
            Some(b'~') => -1,
            Some(c) => c as i32 + 256,
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        while (i < a.len() && !a[i].is_ascii_digit()) || (j < b.len() && !b[j].is_ascii_digit()) {
            let ac = order(a.get(i).copied().filter(|c| !c.is_ascii_digit()));
            let bc = order(b.get(j).copied().filter(|c| !c.is_ascii_digit()));
            if ac != bc {
                return ac.cmp(&bc);
            }
            if i < a.len() && !a[i].is_ascii_digit() {
                i += 1;
            }
            if j < b.len() && !b[j].is_ascii_digit() {
                j += 1;
            }
        }
        while i < a.len() && a[i] == b'0' {
            i += 1;
        }
        while j < b.len() && b[j] == b'0' {
            j += 1;
        }
        let si = i;
        while i < a.len() && a[i].is_ascii_digit() {
            i += 1;
        }
        let sj = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let (da, db) = (&a[si..i], &b[sj..j]);
        let c = da.len().cmp(&db.len()).then_with(|| da.cmp(db));
        if c != Ordering::Equal {
            return c;
        }
    }
    Ordering::Equal
}

fn hash(salt: u64, s: &[u8]) -> u64 {
    let mut h = 0xcbf29ce484222325u64 ^ salt;
    for &b in s {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h ^ (h >> 29)
}

impl Order {
    /// Compare two lines (without their delimiters).
    pub fn compare(&self, a: &[u8], b: &[u8]) -> Ordering {
        if !self.keys.is_empty() {
            let d = self.keycompare(a, b);
            if d != Ordering::Equal || self.no_last_resort {
                return d;
            }
        }
        let d = a.cmp(b);
        if self.reverse { d.reverse() } else { d }
    }

    /// Compare by keys only (what `-u` uses to decide duplicates).
    pub fn keycompare(&self, a: &[u8], b: &[u8]) -> Ordering {
        for k in &self.keys {
            let ta = key_text(a, k, self.tab);
            let tb = key_text(b, k, self.tab);
            let d = self.compare_key(ta, tb, &k.flags);
            if d != Ordering::Equal {
                return if k.flags.reverse { d.reverse() } else { d };
            }
        }
        Ordering::Equal
    }

    fn compare_key(&self, a: &[u8], b: &[u8], f: &Flags) -> Ordering {
        let transform = |s: &[u8]| -> Vec<u8> {
            s.iter()
                .copied()
                .filter(|&c| !f.dict || blank(c) || c.is_ascii_alphanumeric())
                .filter(|&c| !f.printable || (0x20..0x7f).contains(&c))
                .map(|c| if f.fold { c.to_ascii_uppercase() } else { c })
                .collect()
        };
        let (ta, tb);
        let (a, b) = if f.dict || f.printable || f.fold {
            ta = transform(a);
            tb = transform(b);
            (&ta[..], &tb[..])
        } else {
            (a, b)
        };
        if f.numeric {
            numcmp(a, b)
        } else if f.general {
            generalcmp(a, b)
        } else if f.human {
            humancmp(a, b)
        } else if f.month {
            month(a).cmp(&month(b))
        } else if f.random {
            hash(self.salt, a)
                .cmp(&hash(self.salt, b))
                .then_with(|| a.cmp(b))
        } else if f.version {
            versioncmp(a, b)
        } else {
            a.cmp(b)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        parse_key(s).unwrap()
    }

    #[test]
    fn key_specs() {
        let k = key("2,2n");
        assert_eq!((k.sword, k.eword, k.echar), (Some(1), Some(1), 0));
        assert!(k.flags.numeric);
        let k = key("1.3b,1.5");
        assert_eq!((k.sword, k.schar, k.echar), (Some(0), 2, 5));
        assert!(k.flags.blank_start && !k.flags.blank_end);
        assert_eq!(key("1").sword, None);
        assert_eq!(
            parse_key("0").unwrap_err(),
            "field number is zero: invalid field specification '0'"
        );
        assert_eq!(
            parse_key("x").unwrap_err(),
            "invalid number at field start: invalid count at start of 'x'"
        );
        assert!(parse_key("1.0").is_err());
        assert!(parse_key("1,2q").is_err());
    }

    #[test]
    fn fields() {
        let line = b"  a  bb ccc";
        assert_eq!(key_text(line, &key("2"), None), b"  bb ccc");
        assert_eq!(key_text(line, &key("2,2"), None), b"  bb");
        assert_eq!(key_text(line, &key("2b,2"), None), b"bb");
        assert_eq!(key_text(line, &key("3.2,3.3"), None), b"cc");
        assert_eq!(key_text(b"a:b:c", &key("2,2"), Some(b':')), b"b");
        assert_eq!(key_text(b"a:b:c", &key("2"), Some(b':')), b"b:c");
        assert_eq!(key_text(b"a:b", &key("5"), Some(b':')), b"");
    }

    #[test]
    fn numbers() {
        assert_eq!(numcmp(b"10", b"9"), Ordering::Greater);
        assert_eq!(numcmp(b"-10", b"-9"), Ordering::Less);
        assert_eq!(numcmp(b" 1.50", b"1.5"), Ordering::Equal);
        assert_eq!(numcmp(b"abc", b"0"), Ordering::Equal);
        assert_eq!(numcmp(b"-0", b"0"), Ordering::Equal);
        assert_eq!(numcmp(b"0.1", b".09"), Ordering::Greater);
        assert_eq!(humancmp(b"2K", b"1000"), Ordering::Greater);
        assert_eq!(humancmp(b"1G", b"2M"), Ordering::Greater);
        assert_eq!(generalcmp(b"1e3", b"999"), Ordering::Greater);
        assert_eq!(generalcmp(b"x", b"-inf"), Ordering::Less);
        assert_eq!(versioncmp(b"a-1.10", b"a-1.9"), Ordering::Greater);
        assert_eq!(versioncmp(b"1.0~rc1", b"1.0"), Ordering::Less);
        assert_eq!(month(b" feb"), 2);
    }

    #[test]
    fn whole_order() {
        let mut o = Order {
            keys: vec![key("2,2n")],
            ..Order::default()
        };
        let mut v: Vec<&[u8]> = vec![b"b 10", b"a 9", b"c 9"];
        v.sort_by(|a, b| o.compare(a, b));
        assert_eq!(v, vec![&b"a 9"[..], b"c 9", b"b 10"]);
        o.no_last_resort = true;
        let mut v: Vec<&[u8]> = vec![b"c 9", b"a 9"];
        v.sort_by(|a, b| o.compare(a, b));
        assert_eq!(v, vec![&b"c 9"[..], b"a 9"]);
        let o = Order {
            reverse: true,
            ..Order::default()
        };
        assert_eq!(o.compare(b"a", b"b"), Ordering::Greater);
    }
}
