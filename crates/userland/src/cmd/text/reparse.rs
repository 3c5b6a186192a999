//! The parser of POSIX basic and extended regular expressions (with GNU's extensions)
//! into the tree of [`super::re::Node`], with glibc's error messages.

use super::re::{ByteSet, Node, Opts};

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
    let mut p = Parser {
        p: pat,
        i: 0,
        o,
        groups: 0,
        closed: Vec::new(),
        depth: 0,
    };
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
        if self.o.ere {
            self.peek() == Some(b'|')
        } else {
            self.peek() == Some(b'\\') && self.peek2() == Some(b'|')
        }
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
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(branches)
        })
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
        self.i >= self.p.len()
            || self.at_alt_sep()
            || (self.peek() == Some(b'\\') && self.peek2() == Some(b')'))
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
    fn interval(
        &self,
        start: usize,
        bre: bool,
    ) -> Result<Option<(u32, Option<u32>, usize)>, String> {
        let p = self.p;
        let mut j = start;
        let num = |j: &mut usize| -> Option<u32> {
            let s = *j;
            while *j < p.len() && p[*j].is_ascii_digit() {
                *j += 1;
            }
            if *j == s {
                None
            } else {
                std::str::from_utf8(&p[s..*j])
                    .ok()?
                    .parse()
                    .ok()
                    .or(Some(u32::MAX))
            }
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
                return Err(if j >= p.len() {
                    "Unmatched \\{".into()
                } else {
                    "Invalid content of \\{\\}".into()
                });
            }
            return Ok(None);
        }
        let close_ok = if bre {
            p.get(j) == Some(&b'\\') && p.get(j + 1) == Some(&b'}')
        } else {
            p.get(j) == Some(&b'}')
        };
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
        if let Some(hi) = max
            && hi < lo
        {
            return Err("Invalid content of \\{\\}".into());
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
            b'x' if self.o.sed && self.peek().is_some_and(|h| h.is_ascii_hexdigit()) => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 && self.peek().is_some_and(|h| h.is_ascii_hexdigit()) {
                    v = v * 16 + (self.p[self.i] as char).to_digit(16).unwrap_or(0);
                    self.i += 1;
                    n += 1;
                }
                Node::Byte(v as u8)
            }
            b'c' if self.o.sed && self.peek().is_some() => {
                let c = self.p[self.i];
                self.i += 1;
                Node::Byte(c.to_ascii_uppercase() ^ 0x40)
            }
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
            } else if c == b'\\'
                && self.o.sed
                && matches!(
                    self.peek2(),
                    Some(b'n' | b't' | b'\\' | b']' | b'r' | b'f' | b'v' | b'a')
                )
            {
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
