//! Records and fields (XCU awk, "Variables and Special Variables" for FS and RS, and
//! "Regular Expressions" for FS as an ERE): splitting by the three kinds of FS, lazy
//! splitting of $0, rebuilding $0 with OFS after a field or NF changes, and reading one
//! record by RS (a single character, or paragraph mode when RS is empty).

use super::re::{Opts, Re};
use crate::LineReader;
use wosix_abi::SysResult;
use wosix_runtime::Sys;

/// Compile an awk ERE (dynamic or literal): awk's escapes are those of sed mode.
pub fn compile(pat: &str) -> Result<Re, String> {
    let o = Opts {
        ere: true,
        sed: true,
        ..Opts::default()
    };
    Re::new(pat.as_bytes(), o).map_err(|e| format!("regular expression /{pat}/: {e}"))
}

/// How FS splits a record.
pub enum Splitter {
    /// `" "`: runs of blanks and newlines, ignoring leading and trailing ones.
    Blank,
    /// One literal character.
    Char(char),
    /// An ERE.
    Re(Re),
    /// `""`: every character is a field.
    Chars,
}

impl Splitter {
    /// The splitter FS value `fs` denotes.
    pub fn new(fs: &str) -> Result<Splitter, String> {
        let mut cs = fs.chars();
        Ok(match (cs.next(), cs.next()) {
            (None, _) => Splitter::Chars,
            (Some(' '), None) => Splitter::Blank,
            (Some(c), None) => Splitter::Char(c),
            _ => Splitter::Re(compile(fs)?),
        })
    }

    /// Split `s` into fields; in paragraph mode newlines separate fields too.
    pub fn split(&self, s: &str, paragraph: bool) -> Vec<String> {
        if paragraph && !matches!(self, Splitter::Blank) {
            return s.split('\n').flat_map(|l| self.split(l, false)).collect();
        }
        if s.is_empty() {
            return Vec::new();
        }
        match self {
            Splitter::Blank => s
                .split([' ', '\t', '\n'])
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .collect(),
            Splitter::Char(c) => s.split(*c).map(str::to_string).collect(),
            Splitter::Chars => s.chars().map(String::from).collect(),
            Splitter::Re(re) => {
                let b = s.as_bytes();
                let mut out = Vec::new();
                let mut start = 0;
                let mut at = 0;
                while at <= b.len() {
                    match re.find_at(b, at) {
                        Some((ms, me)) if me > ms => {
                            out.push(String::from_utf8_lossy(&b[start..ms]).into_owned());
                            start = me;
                            at = me;
                        }
                        Some((ms, _)) => at = ms + 1,
                        None => break,
                    }
                }
                out.push(String::from_utf8_lossy(&b[start..]).into_owned());
                out
            }
        }
    }
}

/// The current record: the text of $0 and its fields, each brought up to date lazily.
#[derive(Default)]
pub struct Record {
    /// $0 (stale when `rebuild` is set).
    pub text: String,
    /// $1…$NF (valid when `split` is set).
    pub fields: Vec<String>,
    /// Whether `fields` reflect `text`.
    pub split: bool,
    /// Whether `text` must be rebuilt from the fields.
    pub rebuild: bool,
    /// The splitter in force when the record was read (a later FS change applies to the
    /// next record only); `None` means the current FS.
    pub sp: Option<std::sync::Arc<Splitter>>,
}

impl Record {
    /// Replace $0; fields are split on next use.
    pub fn set(&mut self, s: String) {
        self.text = s;
        self.split = false;
        self.rebuild = false;
        self.sp = None;
    }

    /// Make sure the fields are split with `sp`.
    pub fn ensure_split(&mut self, sp: &Splitter, paragraph: bool) {
        if !self.split {
            self.fields = sp.split(&self.text, paragraph);
            self.split = true;
        }
    }

    /// $0, rebuilt with `ofs` when a field changed.
    pub fn text(&mut self, ofs: &str) -> &str {
        if self.rebuild {
            self.text = self.fields.join(ofs);
            self.rebuild = false;
        }
        &self.text
    }
}

/// Read one record from `r` with record separator `rs` (only its first character counts
/// when longer; empty means paragraph mode). `None` at end of input.
pub async fn read_record(sys: &Sys, r: &mut LineReader, rs: &str) -> SysResult<Option<String>> {
    let lossy = |v: Vec<u8>| String::from_utf8_lossy(&v).into_owned();
    let Some(c) = rs.bytes().next() else {
        let mut para = String::new();
        loop {
            match r.next_line(sys).await? {
                None => break,
                Some(l) if l.is_empty() => {
                    if !para.is_empty() {
                        break;
                    }
                }
                Some(l) => {
                    if !para.is_empty() {
                        para.push('\n');
                    }
                    para.push_str(&lossy(l));
                }
            }
        }
        return Ok(if para.is_empty() { None } else { Some(para) });
    };
    Ok(r.next_record(sys, c).await?.map(|mut v| {
        if v.last() == Some(&c) {
            v.pop();
        }
        lossy(v)
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn sp(fs: &str, s: &str) -> Vec<String> {
        Splitter::new(fs).unwrap().split(s, false)
    }

    #[test]
    fn splitting() {
        assert_eq!(sp(" ", "  a b\t\tc  "), ["a", "b", "c"]);
        assert_eq!(sp(" ", "   "), Vec::<String>::new());
        assert_eq!(sp(":", "a::b"), ["a", "", "b"]);
        assert_eq!(sp(":", ""), Vec::<String>::new());
        assert_eq!(sp("|", "a|b"), ["a", "b"]);
        assert_eq!(sp("[,;]+", "a,;b;c"), ["a", "b", "c"]);
        assert_eq!(sp(", *", "a, b,c"), ["a", "b", "c"]);
        assert_eq!(sp("\t", "a\tb c"), ["a", "b c"]);
        assert_eq!(sp("", "abc"), ["a", "b", "c"]);
        assert_eq!(sp("x*", "axxb"), ["a", "b"]);
        let p = Splitter::new(":").unwrap().split("a:b\nc", true);
        assert_eq!(p, ["a", "b", "c"]);
        assert!(Splitter::new("a(").is_err());
        assert_eq!(sp("\\", "a\\b"), ["a", "b"]);
    }

    #[test]
    fn dynamic_regexes() {
        // Strings used as regexes: awk's escapes, and a backslash quoting a metacharacter.
        let m = |re: &str, s: &str| compile(re).unwrap().is_match(s.as_bytes());
        assert!(m("a\\.c", "a.c") && !m("a\\.c", "abc"));
        assert!(m("\\t", "x\ty"));
        assert!(m("a/b", "a/b"));
        assert!(m("^[[:digit:]]+$", "123") && !m("^[[:digit:]]+$", "12a"));
        assert!(m("x|y", "y") && m("(ab)+c", "ababc"));
        assert!(m(".", "\n"));
        assert!(compile("[").is_err());
    }

    #[test]
    fn record() {
        let mut r = Record::default();
        r.set("a b c".into());
        r.ensure_split(&Splitter::Blank, false);
        r.fields[1] = "X".into();
        r.rebuild = true;
        assert_eq!(r.text("-"), "a-X-c");
    }
}
