//! Shell pattern matching (XCU 2.13): `*`, `?`, bracket expressions with ranges, negation
//! (`[!…]`, `[^…]`) and character classes, and backslash escapes. Patterns are built from
//! characters that remember whether they were quoted: a quoted `*` matches only itself. Used
//! by `case`, `${x#pat}` and friends, and pathname expansion.

/// One element of a compiled pattern.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Lit(char),
    Any,
    Star,
    Class { neg: bool, items: Vec<ClassItem> },
}

#[derive(Clone, Debug, PartialEq)]
enum ClassItem {
    Char(char),
    Range(char, char),
    Named(String),
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    toks: Vec<Tok>,
}

fn class_matches(name: &str, c: char) -> bool {
    match name {
        "alpha" => c.is_alphabetic(),
        "digit" => c.is_ascii_digit(),
        "alnum" => c.is_alphanumeric(),
        "upper" => c.is_uppercase(),
        "lower" => c.is_lowercase(),
        "space" => c.is_whitespace(),
        "blank" => c == ' ' || c == '\t',
        "punct" => c.is_ascii_punctuation(),
        "print" => !c.is_control(),
        "graph" => !c.is_control() && c != ' ',
        "cntrl" => c.is_control(),
        "xdigit" => c.is_ascii_hexdigit(),
        _ => false,
    }
}

impl Pattern {
    /// Compile characters with their "active" flag (unquoted: may be special).
    pub fn new(chars: &[(char, bool)]) -> Pattern {
        let mut toks = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let (c, active) = chars[i];
            i += 1;
            if !active {
                toks.push(Tok::Lit(c));
                continue;
            }
            match c {
                '*' => {
                    if toks.last() != Some(&Tok::Star) {
                        toks.push(Tok::Star);
                    }
                }
                '?' => toks.push(Tok::Any),
                '\\' => {
                    if i < chars.len() {
                        toks.push(Tok::Lit(chars[i].0));
                        i += 1;
                    } else {
                        toks.push(Tok::Lit('\\'));
                    }
                }
                '[' => match Self::bracket(&chars[i..]) {
                    Some((t, used)) => {
                        toks.push(t);
                        i += used;
                    }
                    None => toks.push(Tok::Lit('[')),
                },
                c => toks.push(Tok::Lit(c)),
            }
        }
        Pattern { toks }
    }

    /// Compile a pattern in which every character is active.
    pub fn parse(s: &str) -> Pattern {
        let v: Vec<(char, bool)> = s.chars().map(|c| (c, true)).collect();
        Pattern::new(&v)
    }

    /// Parse a bracket expression after `[`; returns the token and characters used.
    fn bracket(chars: &[(char, bool)]) -> Option<(Tok, usize)> {
        let mut i = 0;
        let mut neg = false;
        if i < chars.len() && chars[i].1 && (chars[i].0 == '!' || chars[i].0 == '^') {
            neg = true;
            i += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let &(c, active) = chars.get(i)?;
            if c == ']' && !first {
                return Some((Tok::Class { neg, items }, i + 1));
            }
            first = false;
            if c == '[' && active && chars.get(i + 1).map(|x| x.0) == Some(':') {
                let rest: String = chars[i + 2..].iter().map(|x| x.0).collect();
                if let Some(end) = rest.find(":]") {
                    items.push(ClassItem::Named(rest[..end].to_string()));
                    i += 2 + rest[..end].chars().count() + 2;
                    continue;
                }
            }
            let mut lo = c;
            if c == '\\' && active {
                i += 1;
                lo = chars.get(i)?.0;
            }
            i += 1;
            if chars.get(i).map(|x| x.0) == Some('-')
                && chars.get(i + 1).is_some_and(|x| x.0 != ']')
            {
                let mut hi = chars[i + 1].0;
                i += 2;
                if hi == '\\' && chars[i - 1].1 {
                    hi = chars.get(i)?.0;
                    i += 1;
                }
                items.push(ClassItem::Range(lo, hi));
            } else {
                items.push(ClassItem::Char(lo));
            }
        }
    }

    /// Whether the pattern has any special element (otherwise it matches one string).
    pub fn has_meta(&self) -> bool {
        self.toks.iter().any(|t| !matches!(t, Tok::Lit(_)))
    }

    /// The string a meta-free pattern matches.
    pub fn literal(&self) -> String {
        self.toks
            .iter()
            .map(|t| match t {
                Tok::Lit(c) => *c,
                _ => '?',
            })
            .collect()
    }

    fn single(t: &Tok, c: char) -> bool {
        match t {
            Tok::Lit(l) => *l == c,
            Tok::Any => true,
            Tok::Class { neg, items } => {
                let hit = items.iter().any(|it| match it {
                    ClassItem::Char(x) => *x == c,
                    ClassItem::Range(a, b) => *a <= c && c <= *b,
                    ClassItem::Named(n) => class_matches(n, c),
                });
                hit != *neg
            }
            Tok::Star => true,
        }
    }

    /// Whether the pattern matches all of `s`.
    pub fn matches(&self, s: &[char]) -> bool {
        let (mut p, mut i) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while i < s.len() {
            if p < self.toks.len() {
                if self.toks[p] == Tok::Star {
                    star = Some((p, i));
                    p += 1;
                    continue;
                }
                if Self::single(&self.toks[p], s[i]) {
                    p += 1;
                    i += 1;
                    continue;
                }
            }
            match star {
                Some((sp, si)) => {
                    p = sp + 1;
                    i = si + 1;
                    star = Some((sp, si + 1));
                }
                None => return false,
            }
        }
        self.toks[p..].iter().all(|t| *t == Tok::Star)
    }

    /// Whether the pattern matches the string `s`.
    pub fn matches_str(&self, s: &str) -> bool {
        let v: Vec<char> = s.chars().collect();
        self.matches(&v)
    }

    /// Match a file name: a leading `.` must be matched by a literal dot.
    pub fn matches_name(&self, name: &str) -> bool {
        if name.starts_with('.') && !matches!(self.toks.first(), Some(Tok::Lit('.'))) {
            return false;
        }
        self.matches_str(name)
    }
}

/// Remove the smallest (`longest == false`) or largest prefix of `s` matching `pat`.
pub fn trim_prefix(s: &str, pat: &Pattern, longest: bool) -> String {
    let v: Vec<char> = s.chars().collect();
    let mut range: Box<dyn Iterator<Item = usize>> = if longest {
        Box::new((0..=v.len()).rev())
    } else {
        Box::new(0..=v.len())
    };
    match range.find(|&i| pat.matches(&v[..i])) {
        Some(i) => v[i..].iter().collect(),
        None => s.to_string(),
    }
}

/// Remove the smallest or largest suffix of `s` matching `pat`.
pub fn trim_suffix(s: &str, pat: &Pattern, longest: bool) -> String {
    let v: Vec<char> = s.chars().collect();
    let mut range: Box<dyn Iterator<Item = usize>> = if longest {
        Box::new(0..=v.len())
    } else {
        Box::new((0..=v.len()).rev())
    };
    match range.find(|&i| pat.matches(&v[i..])) {
        Some(i) => v[..i].iter().collect(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        Pattern::parse(p).matches_str(s)
    }

    #[test]
    fn wildcards() {
        assert!(m("*", ""));
        assert!(m("a*b", "axxb"));
        assert!(!m("a*b", "axxc"));
        assert!(m("a?c", "abc"));
        assert!(m("*.txt", "x.txt"));
        assert!(m("*a*a*", "banana"));
        assert!(!m("*a*a*a*a", "banana"));
        assert!(m("\\*", "*"));
        assert!(!m("\\*", "x"));
    }

    #[test]
    fn brackets() {
        assert!(m("[abc]", "b"));
        assert!(!m("[!abc]", "b"));
        assert!(m("[^abc]", "d"));
        assert!(m("[a-z]x", "qx"));
        assert!(m("[]]", "]"));
        assert!(m("[!]]", "a"));
        assert!(m("[[:digit:]]*", "1abc"));
        assert!(!m("[[:upper:]]", "a"));
        assert!(m("[", "["));
        assert!(m("[a-]", "-"));
    }

    #[test]
    fn quoted_chars_are_literal() {
        let p = Pattern::new(&[('*', false), ('?', true)]);
        assert!(p.matches_str("*x"));
        assert!(!p.matches_str("ax"));
        assert!(p.has_meta());
        assert!(!Pattern::new(&[('*', false)]).has_meta());
    }

    #[test]
    fn dotfiles() {
        assert!(!Pattern::parse("*").matches_name(".hidden"));
        assert!(Pattern::parse(".*").matches_name(".hidden"));
        assert!(!Pattern::parse("?x").matches_name(".x"));
    }

    #[test]
    fn trims() {
        let p = Pattern::parse("*.");
        assert_eq!(trim_prefix("a.b.c", &p, false), "b.c");
        assert_eq!(trim_prefix("a.b.c", &p, true), "c");
        let p = Pattern::parse(".*");
        assert_eq!(trim_suffix("a.b.c", &p, false), "a.b");
        assert_eq!(trim_suffix("a.b.c", &p, true), "a");
        assert_eq!(trim_suffix("abc", &Pattern::parse("x"), true), "abc");
    }
}
