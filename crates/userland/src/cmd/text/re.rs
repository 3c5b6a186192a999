//! POSIX regular expressions for grep, sed, expr, nl and tac: basic (BRE, with the GNU
//! extensions `\+ \? \| \< \> \b \w \s`) and extended (ERE) syntax are parsed into a small
//! tree, which is rendered into the `regex` crate's syntax and run there. Patterns with back
//! references (`\1`), which that crate cannot express, run on the backtracking matcher in
//! [`super::backtrack`]. Matching is byte-oriented, as in the C locale, and leftmost-longest
//! as POSIX requires ([`super::relong`]).

use super::backtrack;
use super::relong::{Flags, Longest};
pub use super::reparse::parse;
use regex::bytes::{Regex, RegexBuilder};
use std::fmt::Write as _;

/// A set of bytes (a bracket expression, `\w`, `\s`…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ByteSet(pub [u64; 4]);

impl ByteSet {
    /// The empty set.
    pub fn new() -> ByteSet {
        ByteSet([0; 4])
    }
    /// Add byte `b`.
    pub fn add(&mut self, b: u8) {
        self.0[(b >> 6) as usize] |= 1 << (b & 63);
    }
    /// Whether `b` is in the set.
    pub fn has(&self, b: u8) -> bool {
        self.0[(b >> 6) as usize] & (1 << (b & 63)) != 0
    }
    /// Complement the set.
    pub fn negate(&mut self) {
        for w in &mut self.0 {
            *w = !*w;
        }
    }
    /// Add both cases of every ASCII letter present.
    pub fn fold_case(&mut self) {
        for b in b'a'..=b'z' {
            if self.has(b) || self.has(b.to_ascii_uppercase()) {
                self.add(b);
                self.add(b.to_ascii_uppercase());
            }
        }
    }
    /// The set of bytes of a POSIX class name (`alpha`, `digit`…).
    pub fn class(name: &str) -> Option<ByteSet> {
        let f: fn(u8) -> bool = match name {
            "alpha" => |c| c.is_ascii_alphabetic(),
            "digit" => |c| c.is_ascii_digit(),
            "alnum" => |c| c.is_ascii_alphanumeric(),
            "upper" => |c| c.is_ascii_uppercase(),
            "lower" => |c| c.is_ascii_lowercase(),
            "space" => |c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c),
            "blank" => |c| c == b' ' || c == b'\t',
            "punct" => |c| c.is_ascii_punctuation(),
            "print" => |c| (0x20..0x7f).contains(&c),
            "graph" => |c| c.is_ascii_graphic(),
            "cntrl" => |c| c < 0x20 || c == 0x7f,
            "xdigit" => |c| c.is_ascii_hexdigit(),
            _ => return None,
        };
        let mut s = ByteSet::new();
        for c in 0..=255u8 {
            if f(c) {
                s.add(c);
            }
        }
        Some(s)
    }
    /// Word characters (`\w`): letters, digits and `_`.
    pub fn word() -> ByteSet {
        let mut s = ByteSet::class("alnum").unwrap_or_default();
        s.add(b'_');
        s
    }
}

impl Default for ByteSet {
    fn default() -> Self {
        ByteSet::new()
    }
}

/// A parsed regular expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Matches the empty string.
    Empty,
    /// One byte.
    Byte(u8),
    /// Any byte (`.`).
    Any,
    /// A set of bytes.
    Set(Box<ByteSet>),
    /// `^`: start of the subject (or of a line in multi-line mode).
    Start,
    /// `$`: end of the subject (or of a line in multi-line mode).
    End,
    /// `` \` ``: start of the subject.
    BufStart,
    /// `\'`: end of the subject.
    BufEnd,
    /// `\b`.
    WordB,
    /// `\B`.
    NotWordB,
    /// `\<`.
    WordStart,
    /// `\>`.
    WordEnd,
    /// A capturing group with its number (from 1).
    Group(usize, Box<Node>),
    /// A back reference `\N`.
    Backref(usize),
    /// Repetition with minimum and optional maximum.
    Repeat(Box<Node>, u32, Option<u32>),
    /// A sequence.
    Concat(Vec<Node>),
    /// Alternatives.
    Alt(Vec<Node>),
}

impl Node {
    /// Whether the tree holds a back reference.
    pub fn has_backref(&self) -> bool {
        match self {
            Node::Backref(_) => true,
            Node::Group(_, n) | Node::Repeat(n, _, _) => n.has_backref(),
            Node::Concat(v) | Node::Alt(v) => v.iter().any(Node::has_backref),
            _ => false,
        }
    }
    /// Add `by` to every group number and back reference.
    pub fn shift_groups(&mut self, by: usize) {
        match self {
            Node::Backref(i) => *i += by,
            Node::Group(i, n) => {
                *i += by;
                n.shift_groups(by);
            }
            Node::Repeat(n, _, _) => n.shift_groups(by),
            Node::Concat(v) | Node::Alt(v) => v.iter_mut().for_each(|n| n.shift_groups(by)),
            _ => {}
        }
    }
    /// A tree matching `s` literally.
    pub fn literal(s: &[u8]) -> Node {
        Node::Concat(s.iter().map(|&b| Node::Byte(b)).collect())
    }
}

/// How to read and run a pattern.
#[derive(Clone, Copy, Debug, Default)]
pub struct Opts {
    /// Extended syntax (ERE) instead of basic.
    pub ere: bool,
    /// Ignore case (ASCII).
    pub icase: bool,
    /// `^`/`$` also match around newlines (sed's `M` flag).
    pub multiline: bool,
    /// sed conventions: `\n`, `\t` and friends are escapes (also inside brackets), and `.`
    /// matches a newline.
    pub sed: bool,
}

/// Render a byte for the `regex` crate.
fn lit(out: &mut String, b: u8) {
    if b.is_ascii_alphanumeric() {
        out.push(b as char);
    } else {
        let _ = write!(out, "\\x{b:02X}");
    }
}

/// Render the tree in the `regex` crate's syntax.
pub fn render(n: &Node) -> String {
    let mut s = String::new();
    render_into(&mut s, n);
    s
}

fn render_into(out: &mut String, n: &Node) {
    match n {
        Node::Empty => out.push_str("(?:)"),
        Node::Byte(b) => lit(out, *b),
        Node::Any => out.push('.'),
        Node::Set(set) => {
            if set.0 == [0; 4] {
                out.push_str("[^\\x00-\\xFF]");
                return;
            }
            out.push('[');
            let mut b: u16 = 0;
            while b < 256 {
                if set.has(b as u8) {
                    let start = b;
                    while b + 1 < 256 && set.has((b + 1) as u8) {
                        b += 1;
                    }
                    let _ = write!(out, "\\x{start:02X}");
                    if b > start {
                        let _ = write!(out, "-\\x{b:02X}");
                    }
                }
                b += 1;
            }
            out.push(']');
        }
        Node::Start => out.push('^'),
        Node::End => out.push('$'),
        Node::BufStart => out.push_str("\\A"),
        Node::BufEnd => out.push_str("\\z"),
        Node::WordB => out.push_str("\\b"),
        Node::NotWordB => out.push_str("\\B"),
        Node::WordStart => out.push_str("\\b{start}"),
        Node::WordEnd => out.push_str("\\b{end}"),
        Node::Group(_, inner) => {
            out.push('(');
            render_into(out, inner);
            out.push(')');
        }
        Node::Backref(_) => out.push_str("(?:)"),
        Node::Repeat(inner, min, max) => {
            let simple = matches!(
                **inner,
                Node::Byte(_) | Node::Any | Node::Set(_) | Node::Group(..)
            );
            if simple {
                render_into(out, inner);
            } else {
                out.push_str("(?:");
                render_into(out, inner);
                out.push(')');
            }
            match (min, max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (m, None) => {
                    let _ = write!(out, "{{{m},}}");
                }
                (m, Some(x)) if m == x => {
                    let _ = write!(out, "{{{m}}}");
                }
                (m, Some(x)) => {
                    let _ = write!(out, "{{{m},{x}}}");
                }
            }
        }
        Node::Concat(v) => {
            for x in v {
                if matches!(x, Node::Alt(_)) {
                    out.push_str("(?:");
                    render_into(out, x);
                    out.push(')');
                } else {
                    render_into(out, x);
                }
            }
        }
        Node::Alt(v) => {
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                render_into(out, x);
            }
        }
    }
}

enum Engine {
    /// The `regex` crate finds the leftmost match; the longest one from there comes from
    /// [`Longest`] (absent when its automaton could not be built).
    Fast(Regex, Option<Box<Longest>>),
    Back(backtrack::Matcher),
}

/// A compiled pattern.
pub struct Re {
    engine: Engine,
    groups: usize,
    span: usize,
}

/// Capture positions: index 0 is the whole match, then one slot per group.
pub type Caps = Vec<Option<(usize, usize)>>;

impl Re {
    /// Compile `pat` with `o`.
    pub fn new(pat: &[u8], o: Opts) -> Result<Re, String> {
        let (n, groups) = parse(pat, o)?;
        Re::from_tree(n, groups, o, 0)
    }

    /// Compile a tree with `groups` groups; `span` is the group whose extent is reported as
    /// "the match" by [`Re::find_at`] (0 for the whole match).
    pub fn from_tree(n: Node, groups: usize, o: Opts, span: usize) -> Result<Re, String> {
        let engine = if n.has_backref() {
            Engine::Back(backtrack::Matcher::new(n, groups, o.icase, o.multiline))
        } else {
            let src = render(&n);
            let r = RegexBuilder::new(&src)
                .unicode(false)
                .case_insensitive(o.icase)
                .multi_line(o.multiline)
                .dot_matches_new_line(o.sed)
                .size_limit(64 << 20)
                .build()
                .map_err(|e| match e {
                    regex::Error::CompiledTooBig(_) => "Regular expression too big".to_string(),
                    other => format!("{other}"),
                })?;
            let flags = Flags {
                icase: o.icase,
                multiline: o.multiline,
                dot_nl: o.sed,
            };
            Engine::Fast(r, Longest::new(&src, flags).map(Box::new))
        };
        Ok(Re {
            engine,
            groups,
            span,
        })
    }

    /// Number of groups.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// Whether the pattern matches anywhere in `h`.
    pub fn is_match(&self, h: &[u8]) -> bool {
        match &self.engine {
            Engine::Fast(r, _) => r.is_match(h),
            Engine::Back(m) => m.search(h, 0).is_some(),
        }
    }

    /// All capture positions of the leftmost-longest match starting at or after `start`.
    pub fn captures_at(&self, h: &[u8], start: usize) -> Option<Caps> {
        match &self.engine {
            Engine::Fast(r, long) => {
                let c = r.captures_at(h, start)?;
                let whole = c.get(0)?;
                let longer = long.as_ref().and_then(|l| {
                    let end = l.end_at(h, whole.start())?;
                    if end > whole.end() {
                        l.captures(h, whole.start(), end, self.groups)
                    } else {
                        None
                    }
                });
                longer.or_else(|| {
                    Some(
                        (0..=self.groups)
                            .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                            .collect(),
                    )
                })
            }
            Engine::Back(m) => m.search(h, start),
        }
    }

    /// The leftmost-longest match at or after `start` (the extent of the span group).
    pub fn find_at(&self, h: &[u8], start: usize) -> Option<(usize, usize)> {
        match (&self.engine, self.span) {
            (Engine::Fast(r, long), 0) => {
                let m = r.find_at(h, start)?;
                let end = long
                    .as_ref()
                    .and_then(|l| l.end_at(h, m.start()))
                    .map_or(m.end(), |e| e.max(m.end()));
                Some((m.start(), end))
            }
            _ => self
                .captures_at(h, start)
                .and_then(|c| c.get(self.span).copied().flatten()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn bre(p: &str) -> Re {
        Re::new(p.as_bytes(), Opts::default()).unwrap()
    }
    fn ere(p: &str) -> Re {
        Re::new(
            p.as_bytes(),
            Opts {
                ere: true,
                ..Opts::default()
            },
        )
        .unwrap()
    }
    fn err(p: &str, ere: bool) -> String {
        match Re::new(
            p.as_bytes(),
            Opts {
                ere,
                ..Opts::default()
            },
        ) {
            Err(e) => e,
            Ok(_) => String::new(),
        }
    }

    #[test]
    fn the_longest_of_the_leftmost_matches() {
        // POSIX XBD 9.1; GNU grep and sed agree.
        assert_eq!(ere("a|ab").find_at(b"xab", 0), Some((1, 3)));
        assert_eq!(ere("x*(xy)*").find_at(b"xxyxy", 0), Some((0, 5)));
        assert_eq!(ere("(a|ab)(c|bcd)").find_at(b"abcd", 0), Some((0, 4)));
        assert_eq!(bre("a\\|ab").find_at(b"ab", 0), Some((0, 2)));
        let c = ere("(foo|foobar)(.*)").captures_at(b"foobarz", 0).unwrap();
        assert_eq!(c[0], Some((0, 7)));
        let c = ere("(a|ab)(b?)$").captures_at(b"ab", 0).unwrap();
        assert_eq!(c[0], Some((0, 2)));
        let c = ere("(fo|foo)").captures_at(b"a foo", 0).unwrap();
        assert_eq!((c[0], c[1]), (Some((2, 5)), Some((2, 5))));
        // Context before the start still counts for anchors and word boundaries.
        assert_eq!(ere("^(a|ab)").find_at(b"ab ab", 1), None);
        assert_eq!(ere("\\<(a|ab)").find_at(b"xab ab", 0), Some((4, 6)));
        // Empty matches stay empty where nothing longer starts.
        assert_eq!(ere("b*").find_at(b"abc", 0), Some((0, 0)));
    }

    #[test]
    fn basic_syntax() {
        assert!(bre("a\\+b").is_match(b"xaab"));
        assert!(bre("a+b").is_match(b"a+b"));
        assert!(!bre("a+b").is_match(b"aab"));
        assert!(bre("^*a").is_match(b"*a"));
        assert!(bre("*a").is_match(b"*a"));
        assert!(bre("a\\{2\\}").is_match(b"aa"));
        assert!(!bre("^a\\{2\\}$").is_match(b"aaa"));
        assert!(bre("x\\|y").is_match(b"y"));
        assert!(bre("a|b").is_match(b"a|b"));
        assert!(bre("\\(ab\\)*c").is_match(b"ababc"));
        assert!(bre("a$b").is_match(b"a$b"));
        assert!(bre("a^b").is_match(b"a^b"));
        assert!(bre("[]a]").is_match(b"]"));
        assert!(bre("[^]a]").is_match(b"b"));
        assert!(bre("[[:digit:]]x").is_match(b"5x"));
        assert!(bre("\\<foo\\>").is_match(b"a foo b"));
        assert!(!bre("\\<foo\\>").is_match(b"afoob"));
        assert!(bre("[a\\]").is_match(b"\\"));
        assert!(bre("a**").is_match(b"aaa"));
    }

    #[test]
    fn extended_syntax() {
        assert!(ere("a+b").is_match(b"aab"));
        assert!(ere("(a|b){2}").is_match(b"ba"));
        assert!(ere("a{").is_match(b"a{"));
        assert!(ere("a)").is_match(b"a)"));
        assert!(ere("*b").is_match(b"b"));
        assert!(ere("\\(").is_match(b"("));
    }

    #[test]
    fn errors() {
        assert_eq!(err("\\(", false), "Unmatched ( or \\(");
        assert_eq!(err("a\\{1", false), "Unmatched \\{");
        assert_eq!(err("[a", false), "Unmatched [, [^, [:, [., or [=");
        assert_eq!(err("[[:foo:]]", false), "Invalid character class name");
        assert_eq!(err("[b-a]", false), "Invalid range end");
        assert_eq!(err("\\(a\\)\\2", false), "Invalid back reference");
        assert_eq!(err("a\\", false), "Trailing backslash");
        assert_eq!(err("(", true), "Unmatched ( or \\(");
    }

    #[test]
    fn backrefs_and_captures() {
        let r = bre("\\(a*\\)b\\1");
        assert!(r.is_match(b"xaabaa"));
        assert!(!r.is_match(b"xaaba") || r.captures_at(b"xaaba", 0).is_some());
        let c = r.captures_at(b"aabaa", 0).unwrap();
        assert_eq!(c[0], Some((0, 5)));
        assert_eq!(c[1], Some((0, 2)));
        let r = bre("\\(.\\)\\1");
        assert_eq!(r.find_at(b"abccd", 0), Some((2, 4)));
        assert!(!r.is_match(b"abcd"));
        let f = bre("\\(x\\)\\(y\\)");
        assert_eq!(f.captures_at(b"axy", 0).unwrap()[2], Some((2, 3)));
    }

    #[test]
    fn case_and_lines() {
        let r = Re::new(
            b"[a-c]x",
            Opts {
                icase: true,
                ..Opts::default()
            },
        )
        .unwrap();
        assert!(r.is_match(b"BX"));
        let r = Re::new(
            b"^b",
            Opts {
                multiline: true,
                ..Opts::default()
            },
        )
        .unwrap();
        assert!(r.is_match(b"a\nb"));
        let r = Re::new(
            b"a.b",
            Opts {
                sed: true,
                ..Opts::default()
            },
        )
        .unwrap();
        assert!(r.is_match(b"a\nb"));
        let r = Re::new(
            b"a\\nb",
            Opts {
                sed: true,
                ..Opts::default()
            },
        )
        .unwrap();
        assert!(r.is_match(b"a\nb"));
        assert!(
            Re::new(b"\xff", Opts::default())
                .unwrap()
                .is_match(b"a\xffb")
        );
        let sed = Opts {
            sed: true,
            ..Opts::default()
        };
        assert!(Re::new(b"\\x41\\cA", sed).unwrap().is_match(b"A\x01"));
    }
}
