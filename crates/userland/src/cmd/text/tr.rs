//! tr(1): translate, squeeze and delete bytes. Sets are parsed as GNU does: escapes
//! (`\n`, `\\`, `\NNN`), ranges `a-z`, classes `[:alpha:]`, equivalence classes `[=c=]` and
//! the repeat construct `[c*n]` in the second set.

use super::common::{self, Input};
use super::re::ByteSet;
use crate::Ctx;
use crate::args;

const HELP: &str = "Usage: tr [OPTION]... STRING1 [STRING2]
Translate, squeeze, and/or delete characters from standard input,
writing to standard output.  STRING1 and STRING2 specify arrays of
characters ARRAY1 and ARRAY2 that control the action.

  -c, -C, --complement    use the complement of ARRAY1
  -d, --delete            delete characters in ARRAY1, do not translate
  -s, --squeeze-repeats   replace each sequence of a repeated character
                            that is listed in the last specified ARRAY,
                            with a single occurrence of that character
  -t, --truncate-set1     first truncate ARRAY1 to length of ARRAY2
      --help        display this help and exit
      --version     output version information and exit

ARRAYs are specified as strings of characters.  Most represent themselves.
Interpreted sequences are:

  \\NNN            character with octal value NNN (1 to 3 octal digits)
  \\\\              backslash
  \\a              audible BEL
  \\b              backspace
  \\f              form feed
  \\n              new line
  \\r              return
  \\t              horizontal tab
  \\v              vertical tab
  CHAR1-CHAR2     all characters from CHAR1 to CHAR2 in ascending order
  [CHAR*]         in ARRAY2, copies of CHAR until length of ARRAY1
  [CHAR*REPEAT]   REPEAT copies of CHAR, REPEAT octal if starting with 0
  [:alnum:]       all letters and digits
  [:alpha:]       all letters
  [:blank:]       all horizontal whitespace
  [:cntrl:]       all control characters
  [:digit:]       all digits
  [:graph:]       all printable characters, not including space
  [:lower:]       all lower case letters
  [:print:]       all printable characters, including space
  [:punct:]       all punctuation characters
  [:space:]       all horizontal or vertical whitespace
  [:upper:]       all upper case letters
  [:xdigit:]      all hexadecimal digits
  [=CHAR=]        all characters which are equivalent to CHAR

Translation occurs if -d is not given and both STRING1 and STRING2 appear.
-t may be used only when translating.  ARRAY2 is extended to length of
ARRAY1 by repeating its last character as necessary.  Excess characters
of ARRAY2 are ignored.  Character classes expand in unspecified order;
while translating, [:lower:] and [:upper:] may be used in pairs to
specify case conversion.  Squeezing occurs after translation or deletion.
";

/// One element of a set specification.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Elem {
    Byte(u8),
    Range(u8, u8),
    Class(String),
    Repeat(u8, Option<usize>),
}

/// Parse a set specification.
fn parse_set(s: &[u8]) -> Result<Vec<Elem>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    // One possibly escaped byte at `i`.
    let one = |i: &mut usize| -> u8 {
        let c = s[*i];
        *i += 1;
        if c != b'\\' || *i >= s.len() {
            return c;
        }
        let e = s[*i];
        *i += 1;
        match e {
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'v' => 11,
            b'0'..=b'7' => {
                let mut v: u32 = (e - b'0') as u32;
                let mut n = 1;
                while n < 3
                    && *i < s.len()
                    && (b'0'..=b'7').contains(&s[*i])
                    && v * 8 + ((s[*i] - b'0') as u32) < 256
                {
                    v = v * 8 + (s[*i] - b'0') as u32;
                    *i += 1;
                    n += 1;
                }
                v as u8
            }
            other => other,
        }
    };
    while i < s.len() {
        if s[i] == b'[' && i + 1 < s.len() {
            // [:class:]
            if s[i + 1] == b':'
                && let Some(end) = find(s, i + 2, b":]")
            {
                let name = String::from_utf8_lossy(&s[i + 2..end]).into_owned();
                if ByteSet::class(&name).is_none() {
                    return Err(format!("invalid character class '{name}'"));
                }
                out.push(Elem::Class(name));
                i = end + 2;
                continue;
            }
            // [=c=]
            if s[i + 1] == b'='
                && let Some(end) = find(s, i + 2, b"=]")
                && i + 2 < end
            {
                let mut j = i + 2;
                let c = one(&mut j);
                if j != end {
                    return Err(format!(
                        "{}: equivalence class operand must be a single character",
                        String::from_utf8_lossy(&s[i + 2..end])
                    ));
                }
                out.push(Elem::Byte(c));
                i = end + 2;
                continue;
            }
            // [c*n]
            let mut j = i + 1;
            let c = one(&mut j);
            if j < s.len()
                && s[j] == b'*'
                && let Some(end) = s[j + 1..]
                    .iter()
                    .position(|&b| b == b']')
                    .map(|p| p + j + 1)
            {
                {
                    let num = std::str::from_utf8(&s[j + 1..end]).unwrap_or("x");
                    let n = if num.is_empty() {
                        Some(None)
                    } else if num.bytes().all(|b| b.is_ascii_digit()) {
                        let radix = if num.starts_with('0') { 8 } else { 10 };
                        usize::from_str_radix(num, radix)
                            .ok()
                            .map(|n| if n == 0 { None } else { Some(n) })
                    } else {
                        None
                    };
                    match n {
                        Some(n) => {
                            out.push(Elem::Repeat(c, n));
                            i = end + 1;
                            continue;
                        }
                        None if num.bytes().all(|b| b.is_ascii_digit()) => {
                            return Err(format!("invalid repeat count '{num}' in [c*n] construct"));
                        }
                        None => {}
                    }
                }
            }
        }
        let c = one(&mut i);
        if i + 1 < s.len() && s[i] == b'-' {
            let mut j = i + 1;
            let hi = one(&mut j);
            if hi < c {
                let show = |b: u8| {
                    if b.is_ascii_graphic() {
                        (b as char).to_string()
                    } else {
                        format!("\\{b:03o}")
                    }
                };
                return Err(format!(
                    "range-endpoints of '{}-{}' are in reverse collating sequence order",
                    show(c),
                    show(hi)
                ));
            }
            out.push(Elem::Range(c, hi));
            i = j;
        } else {
            out.push(Elem::Byte(c));
        }
    }
    Ok(out)
}

fn find(s: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from > s.len() {
        return None;
    }
    s[from..]
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| p + from)
}

fn class_bytes(name: &str) -> Vec<u8> {
    let set = ByteSet::class(name).unwrap_or_default();
    (0..=255u8).filter(|&b| set.has(b)).collect()
}

/// Expand SET1 (no repeats allowed).
fn expand1(elems: &[Elem]) -> Result<Vec<u8>, String> {
    let mut v = Vec::new();
    for e in elems {
        match e {
            Elem::Byte(b) => v.push(*b),
            Elem::Range(a, b) => v.extend(*a..=*b),
            Elem::Class(n) => v.extend(class_bytes(n)),
            Elem::Repeat(..) => {
                return Err("the [c*] repeat construct may not appear in string1".into());
            }
        }
    }
    Ok(v)
}

/// Expand SET2 against the length of SET1.
fn expand2(elems: &[Elem], len1: usize) -> Result<Vec<u8>, String> {
    let fixed: usize = elems
        .iter()
        .map(|e| match e {
            Elem::Byte(_) => 1,
            Elem::Range(a, b) => (*b - *a) as usize + 1,
            Elem::Class(n) => class_bytes(n).len(),
            Elem::Repeat(_, Some(n)) => *n,
            Elem::Repeat(_, None) => 0,
        })
        .sum();
    let mut v = Vec::new();
    let mut filled = false;
    for e in elems {
        match e {
            Elem::Byte(b) => v.push(*b),
            Elem::Range(a, b) => v.extend(*a..=*b),
            Elem::Class(n) => v.extend(class_bytes(n)),
            Elem::Repeat(c, Some(n)) => v.extend(std::iter::repeat_n(*c, (*n).min(1 << 20))),
            Elem::Repeat(c, None) => {
                if !filled {
                    v.extend(std::iter::repeat_n(*c, len1.saturating_sub(fixed)));
                    filled = true;
                }
            }
        }
    }
    Ok(v)
}

/// A prepared translation.
pub struct Tr {
    map: [u8; 256],
    delete: [bool; 256],
    squeeze: [bool; 256],
    last: Option<u8>,
}

/// Options of tr.
#[derive(Clone, Copy, Default)]
pub struct TrOpts {
    /// `-c`.
    pub complement: bool,
    /// `-d`.
    pub delete: bool,
    /// `-s`.
    pub squeeze: bool,
    /// `-t`.
    pub truncate: bool,
}

impl Tr {
    /// Prepare from the set operands.
    pub fn new(set1: &[u8], set2: Option<&[u8]>, o: TrOpts) -> Result<Tr, String> {
        let e1 = parse_set(set1)?;
        let mut s1 = expand1(&e1)?;
        if o.complement {
            let mut inset = [false; 256];
            for &b in &s1 {
                inset[b as usize] = true;
            }
            s1 = (0..=255u8).filter(|&b| !inset[b as usize]).collect();
        }
        let mut tr = Tr {
            map: [0; 256],
            delete: [false; 256],
            squeeze: [false; 256],
            last: None,
        };
        for (i, m) in tr.map.iter_mut().enumerate() {
            *m = i as u8;
        }
        let e2 = match set2 {
            Some(s) => Some(parse_set(s)?),
            None => None,
        };
        if o.delete {
            for &b in &s1 {
                tr.delete[b as usize] = true;
            }
            if let Some(e2) = &e2 {
                for b in expand1(e2)? {
                    tr.squeeze[b as usize] = true;
                }
            }
            return Ok(tr);
        }
        match e2 {
            None => {
                for &b in &s1 {
                    tr.squeeze[b as usize] = true;
                }
            }
            Some(e2) => {
                if e2
                    .iter()
                    .any(|e| matches!(e, Elem::Class(n) if n != "upper" && n != "lower"))
                {
                    return Err("when translating, the only character classes that may appear in\nstring2 are 'upper' and 'lower'".into());
                }
                let mut s2 = expand2(&e2, s1.len())?;
                if o.truncate {
                    s1.truncate(s2.len());
                }
                if s2.is_empty() && !s1.is_empty() {
                    return Err("when not truncating set1, string2 must be non-empty".into());
                }
                if let Some(&last) = s2.last() {
                    while s2.len() < s1.len() {
                        s2.push(last);
                    }
                }
                for (i, &b) in s1.iter().enumerate() {
                    tr.map[b as usize] = s2[i];
                }
                if o.squeeze {
                    for &b in &s2 {
                        tr.squeeze[b as usize] = true;
                    }
                }
            }
        }
        Ok(tr)
    }

    /// Process a chunk of input, appending to `out`.
    pub fn apply(&mut self, input: &[u8], out: &mut Vec<u8>) {
        for &b in input {
            if self.delete[b as usize] {
                continue;
            }
            let c = self.map[b as usize];
            if self.squeeze[c as usize] && self.last == Some(c) {
                continue;
            }
            self.last = Some(c);
            out.push(c);
        }
    }
}

/// tr(1).
pub async fn tr(ctx: &mut Ctx) -> i32 {
    let long = [
        "complement",
        "delete",
        "squeeze-repeats",
        "truncate-set1",
        "help",
        "version",
    ];
    let p = match args::parse(&ctx.argv[1..], "cCdst", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let mut o = TrOpts::default();
    for (name, _) in common::named(
        &p,
        &[
            ('c', "complement"),
            ('C', "complement"),
            ('d', "delete"),
            ('s', "squeeze-repeats"),
            ('t', "truncate-set1"),
        ],
    ) {
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "complement" => o.complement = true,
            "delete" => o.delete = true,
            "squeeze-repeats" => o.squeeze = true,
            _ => o.truncate = true,
        }
    }
    let ops = &p.operands;
    let translating = !o.delete && ops.len() >= 2;
    let needed = if o.delete && o.squeeze || translating || (!o.delete && !o.squeeze) {
        2
    } else {
        1
    };
    if ops.is_empty() {
        return common::usage(ctx, "missing operand", 1);
    }
    if ops.len() < needed {
        let last = common::quote(&ops[ops.len() - 1]);
        let msg = if o.delete && o.squeeze {
            format!(
                "missing operand after {last}\nTwo strings must be given when both deleting and squeezing repeats."
            )
        } else {
            format!("missing operand after {last}\nTwo strings must be given when translating.")
        };
        return common::usage(ctx, &msg, 1);
    }
    if ops.len() > needed {
        let mut msg = format!("extra operand {}", common::quote(&ops[needed]));
        if needed == 1 && o.delete {
            msg.push_str("\nOnly one string may be given when deleting without squeezing repeats.");
        }
        return common::usage(ctx, &msg, 1);
    }
    let set1 = ops[0].as_bytes();
    if set1.ends_with(b"\\") && !set1.ends_with(b"\\\\") {
        ctx.error("warning: an unescaped backslash at end of string is not portable");
    }
    let mut t = match Tr::new(set1, ops.get(1).map(|s| s.as_bytes()), o) {
        Ok(t) => t,
        Err(e) => {
            ctx.error(&e);
            return 1;
        }
    };
    let tty = common::stdout_tty(ctx).await;
    let sys = ctx.sys.clone();
    let mut inp = Input::stdin();
    let mut out = Vec::new();
    loop {
        let chunk = match inp.chunk(&sys).await {
            Ok(c) => c,
            Err(e) => {
                ctx.error(&format!("read error: {}", e.message()));
                return 1;
            }
        };
        if chunk.is_empty() {
            break;
        }
        out.clear();
        t.apply(&chunk, &mut out);
        ctx.out.bytes(&out);
        let r = if tty {
            ctx.out.flush(&sys).await
        } else {
            ctx.out.maybe_flush(&sys).await
        };
        if r.is_err() {
            return 1;
        }
    }
    0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn run(s1: &str, s2: Option<&str>, o: TrOpts, input: &str) -> String {
        let mut t = Tr::new(s1.as_bytes(), s2.map(str::as_bytes), o).unwrap();
        let mut out = Vec::new();
        t.apply(input.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn translate() {
        let o = TrOpts::default();
        assert_eq!(run("a-z", Some("A-Z"), o, "hello"), "HELLO");
        assert_eq!(run("[:lower:]", Some("[:upper:]"), o, "abc"), "ABC");
        assert_eq!(run("abc", Some("x"), o, "aabbcc"), "xxxxxx");
        assert_eq!(
            run(
                "abc",
                Some("xy"),
                TrOpts {
                    truncate: true,
                    ..o
                },
                "abc"
            ),
            "xyc"
        );
        assert_eq!(run("a-c", Some("[x*]"), o, "abcd"), "xxxd");
        assert_eq!(run("a-d", Some("[x*2]y"), o, "abcd"), "xxyy");
        assert_eq!(run("\\n", Some(" "), o, "a\nb\n"), "a b ");
        assert_eq!(run("\\101", Some("b"), o, "A"), "b");
    }

    #[test]
    fn delete_squeeze_complement() {
        let d = TrOpts {
            delete: true,
            ..TrOpts::default()
        };
        assert_eq!(run("[:digit:]", None, d, "a1b22c"), "abc");
        assert_eq!(
            run(
                "a-z",
                None,
                TrOpts {
                    complement: true,
                    ..d
                },
                "ab1\nc"
            ),
            "abc"
        );
        let s = TrOpts {
            squeeze: true,
            ..TrOpts::default()
        };
        assert_eq!(run(" ", None, s, "a   b  c"), "a b c");
        assert_eq!(run("a-z", Some("A-Z"), s, "aabb"), "AB");
        assert_eq!(
            run(
                "0-9",
                Some(" "),
                TrOpts {
                    squeeze: true,
                    delete: true,
                    ..TrOpts::default()
                },
                "1a  2b"
            ),
            "a b"
        );
        assert_eq!(
            run(
                "[:alnum:]",
                Some("\\n"),
                TrOpts {
                    complement: true,
                    squeeze: true,
                    ..TrOpts::default()
                },
                "ab, cd!"
            ),
            "ab\ncd\n"
        );
    }

    #[test]
    fn errors() {
        assert!(Tr::new(b"z-a", Some(b"x"), TrOpts::default()).is_err());
        assert!(
            Tr::new(
                b"[:foo:]",
                None,
                TrOpts {
                    delete: true,
                    ..TrOpts::default()
                }
            )
            .is_err()
        );
        assert!(Tr::new(b"[a*]", Some(b"x"), TrOpts::default()).is_err());
        assert!(Tr::new(b"a", Some(b"[:digit:]"), TrOpts::default()).is_err());
    }
}
