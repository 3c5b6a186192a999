//! POSIX regular expressions for grep, sed, expr, nl and tac: basic (BRE, with the GNU
//! extensions `\+ \? \| \< \> \b \w \s`) and extended (ERE) syntax are parsed into a small
//! tree, which is rendered into the `regex` crate's syntax and run there. Patterns with back
//! references (`\1`), which that crate cannot express, run on the backtracking matcher in
//! [`super::backtrack`]. Matching is byte-oriented, as in the C locale.

use super::backtrack;
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

struct Parser<'a> {
    p: &'a [u8],
    i: usize,
    o: Opts,
    groups: usize,
    closed: Vec<usize>,
    depth: usize,
}

/// Parse `pat`; returns the tree and the number of groups. Errors carry glibc's messages.
pub fn parse(pat: &[u8], o: Opts) -> Result<(Node, usize), String> {
    let mut p = Parser { p: pat, i: 0, o, groups: 0, closed: Vec::new(), depth: 0 };
    let n = p.alt()?;
    if p.i < p.p.len() {
        return Err("Unmatched ) or \\)".into());
    }
    Ok((n, p.groups))
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.p.get(self.i).copied()
    }
    fn peek2(&self) -> Option<u8> {
        self.p.get(self.i + 1).copied()
    }
    fn at_alt_sep(&self) -> bool {
        if self.o.ere { self.peek() == Some(b'|') } else { self.peek() == Some(b'\\') && self.peek2() == Some(b'|') }
    }
    fn at_close(&self) -> bool {
        if self.o.ere {
            self.peek() == Some(b')') && self.depth > 0
        } else {
            self.peek() == Some(b'\\') && self.peek2() == Some(b')')
        }
    }

    fn alt(&mut self) -> Result<Node, String> {
        let mut branches = vec![self.concat()?];
        while self.at_alt_sep() {
            self.i += if self.o.ere { 1 } else { 2 };
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 { branches.pop().unwrap_or(Node::Empty) } else { Node::Alt(branches) })
    }

    fn concat(&mut self) -> Result<Node, String> {
        let mut items: Vec<Node> = Vec::new();
        loop {
            if self.i >= self.p.len() || self.at_alt_sep() || self.at_close() {
                break;
            }
            let c = self.p[self.i];
            // Quantifiers.
            if let Some((min, max, len)) = self.quantifier()? {
                let prev_is_anchor = matches!(items.last(), Some(Node::Start));
                if items.is_empty() || (!self.o.ere && prev_is_anchor) {
                    if self.o.ere {
                        // GNU ignores a leading repetition operator in an ERE.
                        self.i += len;
                        continue;
                    }
                    if c == b'*' {
                        self.i += 1;
                        items.push(Node::Byte(b'*'));
                        continue;
                    }
                    // `\+`, `\?` and `\{` at the start are literal.
                    self.i += 2;
                    items.push(Node::Byte(self.p[self.i - 1]));
                    continue;
                }
                self.i += len;
                let prev = items.pop().unwrap_or(Node::Empty);
                items.push(Node::Repeat(Box::new(prev), min, max));
                continue;
            }
            self.i += 1;
            let node = match c {
                b'.' => Node::Any,
                b'[' => self.bracket()?,
                b'^' if self.o.ere || items.is_empty() => Node::Start,
                b'$' if self.o.ere || self.at_branch_end() => Node::End,
                b'(' if self.o.ere => self.group()?,
                b'\\' => self.escape(&items)?,
                _ => Node::Byte(c),
            };
            items.push(node);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    fn at_branch_end(&self) -> bool {
        self.i >= self.p.len() || self.at_alt_sep() || (self.peek() == Some(b'\\') && self.peek2() == Some(b')'))
    }

    /// A repetition operator at the cursor: (min, max, length), without consuming it.
    fn quantifier(&self) -> Result<Option<(u32, Option<u32>, usize)>, String> {
        let c = match self.peek() {
            Some(c) => c,
            None => return Ok(None),
        };
        if c == b'*' {
            return Ok(Some((0, None, 1)));
        }
        if self.o.ere {
            return Ok(match c {
                b'+' => Some((1, None, 1)),
                b'?' => Some((0, Some(1), 1)),
                b'{' => self.interval(self.i + 1, false)?,
                _ => None,
            });
        }
        if c == b'\\' {
            return Ok(match self.peek2() {
                Some(b'+') => Some((1, None, 2)),
                Some(b'?') => Some((0, Some(1), 2)),
                Some(b'{') => self.interval(self.i + 2, true)?,
                _ => None,
            });
        }
        Ok(None)
    }

    /// Parse `m,n}` (or `m,n\}` in a BRE) starting at `start`.
    fn interval(&self, start: usize, bre: bool) -> Result<Option<(u32, Option<u32>, usize)>, String> {
        let p = self.p;
        let mut j = start;
        let num = |j: &mut usize| -> Option<u32> {
            let s = *j;
            while *j < p.len() && p[*j].is_ascii_digit() {
                *j += 1;
            }
            if *j == s { None } else { std::str::from_utf8(&p[s..*j]).ok()?.parse().ok().or(Some(u32::MAX)) }
        };
        let min = num(&mut j);
        let mut max = min;
        if j < p.len() && p[j] == b',' {
            j += 1;
            max = num(&mut j);
            if min.is_none() && max.is_none() && !bre {
                return Ok(None);
            }
        } else if min.is_none() {
            if bre {
                return Err(if j >= p.len() { "Unmatched \\{".into() } else { "Invalid content of \\{\\}".into() });
            }
            return Ok(None);
        }
        let close_ok = if bre { p.get(j) == Some(&b'\\') && p.get(j + 1) == Some(&b'}') } else { p.get(j) == Some(&b'}') };
        if !close_ok {
            if bre {
                return Err(if j >= p.len() || !p[j..].windows(2).any(|w| w == b"\\}") {
                    "Unmatched \\{".into()
                } else {
                    "Invalid content of \\{\\}".into()
                });
            }
            return Ok(None);
        }
        let end = j + if bre { 2 } else { 1 };
        let lo = min.unwrap_or(0);
        if let Some(hi) = max {
            if hi < lo {
                return Err("Invalid content of \\{\\}".into());
            }
        }
        if lo > 32767 || max.is_some_and(|m| m > 32767) {
            return Err("Regular expression too big".into());
        }
        Ok(Some((lo, max, end - self.i)))
    }

    fn group(&mut self) -> Result<Node, String> {
        self.groups += 1;
        let idx = self.groups;
        self.depth += 1;
        let inner = self.alt()?;
        self.depth -= 1;
        if self.o.ere {
            if self.peek() != Some(b')') {
                return Err("Unmatched ( or \\(".into());
            }
            self.i += 1;
        } else {
            if !(self.peek() == Some(b'\\') && self.peek2() == Some(b')')) {
                return Err("Unmatched ( or \\(".into());
            }
            self.i += 2;
        }
        self.closed.push(idx);
        Ok(Node::Group(idx, Box::new(inner)))
    }

    fn escape(&mut self, items: &[Node]) -> Result<Node, String> {
        let c = match self.peek() {
            Some(c) => c,
            None => return Err("Trailing backslash".into()),
        };
        self.i += 1;
        Ok(match c {
            b'(' if !self.o.ere => self.group()?,
            b')' if !self.o.ere => return Err("Unmatched ) or \\)".into()),
            b'{' if !self.o.ere && items.is_empty() => Node::Byte(b'{'),
            b'1'..=b'9' => {
                let n = (c - b'0') as usize;
                if !self.closed.contains(&n) {
                    return Err("Invalid back reference".into());
                }
                Node::Backref(n)
            }
            b'w' => Node::Set(Box::new(ByteSet::word())),
            b'W' => {
                let mut s = ByteSet::word();
                s.negate();
                Node::Set(Box::new(s))
            }
            b's' => Node::Set(Box::new(ByteSet::class("space").unwrap_or_default())),
            b'S' => {
                let mut s = ByteSet::class("space").unwrap_or_default();
                s.negate();
                Node::Set(Box::new(s))
            }
            b'b' => Node::WordB,
            b'B' => Node::NotWordB,
            b'<' => Node::WordStart,
            b'>' => Node::WordEnd,
            b'`' => Node::BufStart,
            b'\'' => Node::BufEnd,
            b'n' if self.o.sed => Node::Byte(b'\n'),
            b't' if self.o.sed => Node::Byte(b'\t'),
            b'r' if self.o.sed => Node::Byte(b'\r'),
            b'f' if self.o.sed => Node::Byte(0x0c),
            b'v' if self.o.sed => Node::Byte(0x0b),
            b'a' if self.o.sed => Node::Byte(0x07),
            _ => Node::Byte(c),
        })
    }

    fn bracket(&mut self) -> Result<Node, String> {
        const UNMATCHED: &str = "Unmatched [, [^, [:, [., or [=";
        let p = self.p;
        let mut set = ByteSet::new();
        let negate = self.peek() == Some(b'^');
        if negate {
            self.i += 1;
        }
        if self.peek().is_none() {
            return Err("Invalid regular expression".into());
        }
        let mut first = true;
        loop {
            let c = match self.peek() {
                Some(c) => c,
                None => return Err(UNMATCHED.into()),
            };
            if c == b']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            // One element: a class, an equivalence or collating symbol, or a byte.
            let lo = if c == b'[' && matches!(self.peek2(), Some(b':' | b'=' | b'.')) {
                let kind = p[self.i + 1];
                let start = self.i + 2;
                let mut j = start;
                while j + 1 < p.len() && !(p[j] == kind && p[j + 1] == b']') {
                    j += 1;
                }
                if j + 1 >= p.len() {
                    return Err(UNMATCHED.into());
                }
                let name = &p[start..j];
                self.i = j + 2;
                if kind == b':' {
                    let name = std::str::from_utf8(name).unwrap_or("");
                    let cls = ByteSet::class(name).ok_or("Invalid character class name")?;
                    for b in 0..=255u8 {
                        if cls.has(b) {
                            set.add(b);
                        }
                    }
                    if self.o.icase && (name == "upper" || name == "lower") {
                        set.fold_case();
                    }
                    continue;
                }
                if name.len() != 1 {
                    return Err("Invalid collation character".into());
                }
                name[0]
            } else if c == b'\\' && self.o.sed && matches!(self.peek2(), Some(b'n' | b't' | b'\\' | b']' | b'r' | b'f' | b'v' | b'a')) {
                self.i += 2;
                match p[self.i - 1] {
                    b'n' => b'\n',
                    b't' => b'\t',
                    b'r' => b'\r',
                    b'f' => 0x0c,
                    b'v' => 0x0b,
                    b'a' => 0x07,
                    x => x,
                }
            } else {
                self.i += 1;
                c
            };
            // A range?
            if self.peek() == Some(b'-') && self.peek2().is_some_and(|x| x != b']') {
                self.i += 1;
                let hi = if self.peek() == Some(b'[') && self.peek2() == Some(b'.') {
                    let start = self.i + 2;
                    let mut j = start;
                    while j + 1 < p.len() && !(p[j] == b'.' && p[j + 1] == b']') {
                        j += 1;
                    }
                    if j + 1 >= p.len() || j - start != 1 {
                        return Err(UNMATCHED.into());
                    }
                    self.i = j + 2;
                    p[start]
                } else {
                    let h = self.peek().ok_or(UNMATCHED)?;
                    self.i += 1;
                    h
                };
                if hi < lo {
                    return Err("Invalid range end".into());
                }
                for b in lo..=hi {
                    set.add(b);
                }
            } else {
                set.add(lo);
            }
        }
        if self.o.icase {
            set.fold_case();
        }
        if negate {
            set.negate();
        }
        Ok(Node::Set(Box::new(set)))
    }
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
            let simple = matches!(**inner, Node::Byte(_) | Node::Any | Node::Set(_) | Node::Group(..));
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
    Fast(Regex),
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
            Engine::Fast(r)
        };
        Ok(Re { engine, groups, span })
    }

    /// Number of groups.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// Whether the pattern matches anywhere in `h`.
    pub fn is_match(&self, h: &[u8]) -> bool {
        match &self.engine {
            Engine::Fast(r) => r.is_match(h),
            Engine::Back(m) => m.search(h, 0).is_some(),
        }
    }

    /// All capture positions of the leftmost match starting at or after `start`.
    pub fn captures_at(&self, h: &[u8], start: usize) -> Option<Caps> {
        match &self.engine {
            Engine::Fast(r) => {
                let c = r.captures_at(h, start)?;
                Some((0..=self.groups).map(|i| c.get(i).map(|m| (m.start(), m.end()))).collect())
            }
            Engine::Back(m) => m.search(h, start),
        }
    }

    /// The leftmost match at or after `start` (the extent of the span group).
    pub fn find_at(&self, h: &[u8], start: usize) -> Option<(usize, usize)> {
        match (&self.engine, self.span) {
            (Engine::Fast(r), 0) => r.find_at(h, start).map(|m| (m.start(), m.end())),
            _ => self.captures_at(h, start).and_then(|c| c.get(self.span).copied().flatten()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bre(p: &str) -> Re {
        Re::new(p.as_bytes(), Opts::default()).unwrap()
    }
    fn ere(p: &str) -> Re {
        Re::new(p.as_bytes(), Opts { ere: true, ..Opts::default() }).unwrap()
    }
    fn err(p: &str, ere: bool) -> String {
        match Re::new(p.as_bytes(), Opts { ere, ..Opts::default() }) {
            Err(e) => e,
            Ok(_) => String::new(),
        }
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
        let r = Re::new(b"[a-c]x", Opts { icase: true, ..Opts::default() }).unwrap();
        assert!(r.is_match(b"BX"));
        let r = Re::new(b"^b", Opts { multiline: true, ..Opts::default() }).unwrap();
        assert!(r.is_match(b"a\nb"));
        let r = Re::new(b"a.b", Opts { sed: true, ..Opts::default() }).unwrap();
        assert!(r.is_match(b"a\nb"));
        let r = Re::new(b"a\\nb", Opts { sed: true, ..Opts::default() }).unwrap();
        assert!(r.is_match(b"a\nb"));
        assert!(Re::new(b"\xff", Opts::default()).unwrap().is_match(b"a\xffb"));
    }
}
