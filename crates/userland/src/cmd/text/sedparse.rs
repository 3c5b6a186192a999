//! The sed script parser: addresses (`N`, `$`, `/re/I`, `\cREc`, `first~step`, `addr,+N`,
//! `addr,~N`, `0,/re/`), negation, blocks, labels and every command of GNU sed's core set,
//! with GNU's error messages (`-e expression #1, char 3: unterminated `s' command`).

use super::re::{Opts, Re};

use super::sedast::{Addr, Addr2, Case, Cmd, Kind, Repl, Script, Subst};

/// Where a piece of the script came from, for error messages.
#[derive(Clone, Debug)]
pub enum Source {
    /// The Nth `-e` expression (or the script operand).
    Expr(usize),
    /// A `-f` file.
    File(String),
}

/// Script text assembled from `-e` and `-f` pieces, joined by newlines.
#[derive(Default)]
pub struct Text {
    text: Vec<u8>,
    pieces: Vec<(usize, Source)>,
}

impl Text {
    /// Add a piece.
    pub fn add(&mut self, s: &[u8], src: Source) {
        if !self.pieces.is_empty() {
            self.text.push(b'\n');
        }
        self.pieces.push((self.text.len(), src));
        self.text.extend_from_slice(s);
        if s.ends_with(b"\n") && matches!(self.pieces.last(), Some((_, Source::File(_)))) {
            self.text.pop();
        }
    }
    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
    /// The GNU error prefix for a position.
    fn locate(&self, pos: usize) -> String {
        let Some((start, src)) = self.pieces.iter().rev().find(|(s, _)| *s <= pos) else {
            return "-e expression #1, char 0".into();
        };
        match src {
            Source::Expr(n) => format!("-e expression #{n}, char {}", pos - start),
            Source::File(f) => {
                let line = self.text[*start..pos.min(self.text.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                format!("file {f} line {line}")
            }
        }
    }
}

struct P<'a> {
    t: &'a Text,
    s: &'a [u8],
    i: usize,
    ere: bool,
    regexes: Vec<Re>,
    wfiles: Vec<String>,
}

type R<T> = Result<T, String>;

impl P<'_> {
    fn err(&self, msg: &str) -> String {
        format!("{}: {msg}", self.t.locate(self.i))
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        if c.is_some() {
            self.i += 1;
        }
        c
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }
    fn number(&mut self) -> u64 {
        let mut n: u64 = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            n = n.saturating_mul(10).saturating_add((c - b'0') as u64);
            self.i += 1;
        }
        n
    }

    /// Read up to the unescaped delimiter `d`. `\d` becomes `d`; a `\n` in a regex stays an
    /// escape (the regex parser reads it); other escapes are kept.
    fn delimited(&mut self, d: u8, what: &str) -> R<Vec<u8>> {
        let mut out = Vec::new();
        loop {
            let Some(c) = self.next() else {
                return Err(self.err(what));
            };
            if c == d {
                return Ok(out);
            }
            if c == b'\n' && what.contains("address") {
                return Err(self.err(what));
            }
            if c == b'\\' {
                let Some(e) = self.next() else {
                    return Err(self.err(what));
                };
                if e == d {
                    out.push(d);
                } else if e == b'\n' {
                    out.push(b'\n');
                } else {
                    out.push(b'\\');
                    out.push(e);
                }
                continue;
            }
            out.push(c);
        }
    }

    fn compile(&mut self, pat: Vec<u8>, icase: bool, multiline: bool) -> R<Option<usize>> {
        if pat.is_empty() {
            return Ok(None);
        }
        let o = Opts {
            ere: self.ere,
            icase,
            multiline,
            sed: true,
        };
        let re = Re::new(&pat, o).map_err(|e| self.err(&e))?;
        self.regexes.push(re);
        Ok(Some(self.regexes.len() - 1))
    }

    fn regex_addr(&mut self, d: u8) -> R<Addr> {
        let pat = self.delimited(d, "unterminated address regex")?;
        let (mut icase, mut ml) = (false, false);
        loop {
            match self.peek() {
                Some(b'I') => icase = true,
                Some(b'M') => ml = true,
                _ => break,
            }
            self.i += 1;
        }
        Ok(Addr::Re(self.compile(pat, icase, ml)?))
    }

    fn addr(&mut self) -> R<Option<Addr>> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                let n = self.number();
                if self.peek() == Some(b'~') {
                    self.i += 1;
                    let step = self.number();
                    return Ok(Some(Addr::Step(n, step)));
                }
                Ok(Some(if n == 0 { Addr::Zero } else { Addr::Line(n) }))
            }
            Some(b'$') => {
                self.i += 1;
                Ok(Some(Addr::Last))
            }
            Some(b'/') => {
                self.i += 1;
                self.regex_addr(b'/').map(Some)
            }
            Some(b'\\') => {
                self.i += 1;
                let Some(d) = self.next() else {
                    return Err(self.err("unexpected end of script"));
                };
                self.regex_addr(d).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// End of a command: blanks, then `;`, newline, `}`, `#` or the end.
    fn end_cmd(&mut self) -> R<()> {
        self.skip_ws();
        match self.peek() {
            None | Some(b'\n' | b';') => {
                self.next();
                Ok(())
            }
            Some(b'}' | b'#') => Ok(()),
            Some(_) => {
                self.i += 1;
                Err(self.err("extra characters after command"))
            }
        }
    }

    /// A label or file name: up to newline (and `;` for labels).
    fn word(&mut self, semicolon: bool) -> String {
        self.skip_ws();
        let start = self.i;
        while let Some(c) = self.peek() {
            if c == b'\n' || (semicolon && c == b';') {
                break;
            }
            self.i += 1;
        }
        let w = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        if semicolon {
            w.trim_end().to_string()
        } else {
            w
        }
    }

    /// Text of `a`, `i`, `c`.
    fn text(&mut self) -> R<Vec<u8>> {
        self.skip_ws();
        let mut out = Vec::new();
        if self.peek() == Some(b'\\') {
            self.i += 1;
            if self.peek() == Some(b'\n') {
                self.i += 1;
            }
        } else if self.peek().is_none() || self.peek() == Some(b'\n') {
            return Err(self.err("expected \\ after `a', `c' or `i'"));
        }
        while let Some(c) = self.next() {
            match c {
                b'\n' => break,
                b'\\' => match self.next() {
                    Some(b'\n') => out.push(b'\n'),
                    Some(e) => out.push(escape_char(e).unwrap_or(e)),
                    None => {}
                },
                _ => out.push(c),
            }
        }
        Ok(out)
    }

    fn wfile(&mut self) -> R<usize> {
        let f = self.word(false);
        if f.is_empty() {
            return Err(self.err("missing filename in r/R/w/W commands"));
        }
        Ok(match self.wfiles.iter().position(|x| *x == f) {
            Some(k) => k,
            None => {
                self.wfiles.push(f);
                self.wfiles.len() - 1
            }
        })
    }

    fn subst(&mut self) -> R<Kind> {
        let Some(d) = self.next().filter(|&d| d != b'\n' && d != b'\\') else {
            return Err(self.err("unterminated `s' command"));
        };
        let pat = self.delimited(d, "unterminated `s' command")?;
        let repl = self.replacement(d)?;
        let mut s = Subst {
            re: None,
            repl,
            global: false,
            nth: 1,
            print: false,
            write: None,
        };
        let (mut icase, mut ml, mut have_n) = (false, false, false);
        loop {
            match self.peek() {
                Some(b'g') => {
                    if s.global {
                        self.i += 1;
                        return Err(self.err("multiple `g' options to `s' command"));
                    }
                    s.global = true;
                }
                Some(b'p') => {
                    if s.print {
                        self.i += 1;
                        return Err(self.err("multiple `p' options to `s' command"));
                    }
                    s.print = true;
                }
                Some(b'i' | b'I') => icase = true,
                Some(b'm' | b'M') => ml = true,
                Some(b'0'..=b'9') => {
                    if have_n {
                        return Err(self.err("multiple number options to `s' command"));
                    }
                    let n = self.number();
                    if n == 0 {
                        return Err(self.err("number option to `s' command may not be zero"));
                    }
                    s.nth = n;
                    have_n = true;
                    continue;
                }
                Some(b'w') => {
                    self.i += 1;
                    s.write = Some(self.wfile()?);
                    break;
                }
                Some(b'e') => {
                    self.i += 1;
                    return Err(self.err("the `e' flag is not supported"));
                }
                None | Some(b'\n' | b';' | b'}' | b'#' | b' ' | b'\t') => break,
                Some(_) => {
                    self.i += 1;
                    return Err(self.err("unknown option to `s'"));
                }
            }
            self.i += 1;
        }
        s.re = self.compile(pat, icase, ml)?;
        let groups = match s.re {
            Some(k) => self.regexes[k].groups(),
            None => 9,
        };
        if let Some(Repl::Group(n)) = s
            .repl
            .iter()
            .find(|r| matches!(r, Repl::Group(n) if *n > groups))
        {
            return Err(self.err(&format!("invalid reference \\{n} on `s' command's RHS")));
        }
        Ok(Kind::Subst(Box::new(s)))
    }

    fn replacement(&mut self, d: u8) -> R<Vec<Repl>> {
        let mut out: Vec<Repl> = Vec::new();
        let mut lit: Vec<u8> = Vec::new();
        let flush = |lit: &mut Vec<u8>, out: &mut Vec<Repl>| {
            if !lit.is_empty() {
                out.push(Repl::Lit(std::mem::take(lit)));
            }
        };
        loop {
            let Some(c) = self.next() else {
                return Err(self.err("unterminated `s' command"));
            };
            if c == d {
                break;
            }
            match c {
                b'&' => {
                    flush(&mut lit, &mut out);
                    out.push(Repl::Group(0));
                }
                b'\\' => {
                    let Some(e) = self.next() else {
                        return Err(self.err("unterminated `s' command"));
                    };
                    match e {
                        _ if e == d => lit.push(d),
                        b'0'..=b'9' => {
                            flush(&mut lit, &mut out);
                            out.push(Repl::Group((e - b'0') as usize));
                        }
                        b'L' | b'U' | b'l' | b'u' | b'E' => {
                            flush(&mut lit, &mut out);
                            out.push(Repl::Case(match e {
                                b'L' => Case::Lower,
                                b'U' => Case::Upper,
                                b'l' => Case::LowerOne,
                                b'u' => Case::UpperOne,
                                _ => Case::End,
                            }));
                        }
                        b'\n' => lit.push(b'\n'),
                        b'x' => {
                            let mut v = 0u32;
                            let mut n = 0;
                            while n < 2 && self.peek().is_some_and(|h| h.is_ascii_hexdigit()) {
                                v = v * 16
                                    + (self.next().unwrap_or(b'0') as char)
                                        .to_digit(16)
                                        .unwrap_or(0);
                                n += 1;
                            }
                            if n == 0 {
                                lit.push(b'x');
                            } else {
                                lit.push(v as u8);
                            }
                        }
                        _ => lit.push(escape_char(e).unwrap_or(e)),
                    }
                }
                _ => lit.push(c),
            }
        }
        flush(&mut lit, &mut out);
        Ok(out)
    }

    fn translate(&mut self) -> R<Kind> {
        let Some(d) = self.next().filter(|&d| d != b'\n' && d != b'\\') else {
            return Err(self.err("unterminated `y' command"));
        };
        let mut parts = Vec::new();
        for _ in 0..2 {
            let mut v = Vec::new();
            loop {
                let Some(c) = self.next() else {
                    return Err(self.err("unterminated `y' command"));
                };
                if c == d {
                    break;
                }
                if c == b'\\' {
                    match self.next() {
                        Some(e) if e == d => v.push(d),
                        Some(b'\\') => v.push(b'\\'),
                        Some(b'\n') => v.push(b'\n'),
                        Some(e) => match escape_char(e) {
                            Some(x) => v.push(x),
                            None => return Err(self.err("unknown option to `y'")),
                        },
                        None => return Err(self.err("unterminated `y' command")),
                    }
                    continue;
                }
                v.push(c);
            }
            parts.push(v);
        }
        if parts[0].len() != parts[1].len() {
            return Err(self.err("strings for `y' command are different lengths"));
        }
        let mut map = Box::new([0u8; 256]);
        for (i, m) in map.iter_mut().enumerate() {
            *m = i as u8;
        }
        for (a, b) in parts[0].iter().zip(parts[1].iter()) {
            map[*a as usize] = *b;
        }
        Ok(Kind::Translate(map))
    }
}

/// The byte of a sed escape letter (`n`, `t`, `a`, `f`, `v`, `r`).
fn escape_char(e: u8) -> Option<u8> {
    Some(match e {
        b'n' => b'\n',
        b't' => b'\t',
        b'a' => 7,
        b'f' => 12,
        b'v' => 11,
        b'r' => b'\r',
        _ => return None,
    })
}

/// Parse a script; `ere` selects extended regexes.
pub fn parse(t: &Text, ere: bool) -> Result<Script, String> {
    let mut p = P {
        t,
        s: &t.text,
        i: 0,
        ere,
        regexes: Vec::new(),
        wfiles: Vec::new(),
    };
    let quiet = t.text.starts_with(b"#n") && matches!(t.text.get(2), None | Some(b'\n'));
    let mut cmds: Vec<Cmd> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        while matches!(p.peek(), Some(b' ' | b'\t' | b'\n' | b';')) {
            p.i += 1;
        }
        if p.peek().is_none() {
            break;
        }
        let a1 = p.addr()?;
        let mut a2 = None;
        if a1.is_some() {
            p.skip_ws();
            if p.peek() == Some(b',') {
                p.i += 1;
                p.skip_ws();
                a2 = Some(match p.peek() {
                    Some(b'+') => {
                        p.i += 1;
                        Addr2::Plus(p.number())
                    }
                    Some(b'~') => {
                        p.i += 1;
                        Addr2::Tilde(p.number())
                    }
                    _ => match p.addr()? {
                        Some(Addr::Zero) => return Err(p.err("invalid usage of line address 0")),
                        Some(a) => Addr2::At(a),
                        None => return Err(p.err("unexpected `,'")),
                    },
                });
            }
        }
        p.skip_ws();
        let mut negate = false;
        while p.peek() == Some(b'!') {
            if negate {
                p.i += 1;
                return Err(p.err("multiple `!'s"));
            }
            negate = true;
            p.i += 1;
            p.skip_ws();
        }
        let Some(c) = p.next() else {
            return Err(p.err("missing command"));
        };
        if a1 == Some(Addr::Zero) && !matches!(a2, Some(Addr2::At(Addr::Re(_)))) {
            return Err(p.err("invalid usage of line address 0"));
        }
        let has_addr = a1.is_some();
        let one_addr = |p: &P<'_>| -> R<()> {
            if a2.is_some() {
                Err(p.err("command only uses one address"))
            } else {
                Ok(())
            }
        };
        let kind = match c {
            b'{' => {
                open.push(cmds.len());
                Kind::Block(0)
            }
            b'}' => {
                if has_addr {
                    return Err(p.err("unexpected `,'"));
                }
                let Some(k) = open.pop() else {
                    return Err(p.err("unexpected `}'"));
                };
                let me = cmds.len();
                cmds[k].kind = Kind::Block(me);
                p.end_cmd()?;
                cmds.push(Cmd {
                    a1,
                    a2,
                    negate,
                    kind: Kind::EndBlock,
                });
                continue;
            }
            b'#' => {
                if has_addr {
                    return Err(p.err("comments don't accept any addresses"));
                }
                while !matches!(p.next(), None | Some(b'\n')) {}
                continue;
            }
            b':' => {
                if has_addr {
                    return Err(p.err(": doesn't want any addresses"));
                }
                let l = p.word(true);
                if l.is_empty() {
                    return Err(p.err("\":\" lacks a label"));
                }
                cmds.push(Cmd {
                    a1,
                    a2,
                    negate,
                    kind: Kind::Label(l),
                });
                continue;
            }
            b'=' => Kind::LineNo,
            b'a' | b'i' | b'c' => {
                let text = p.text()?;
                match c {
                    b'a' => Kind::Append(text),
                    b'i' => Kind::Insert(text),
                    _ => Kind::Change(text),
                }
            }
            b'b' | b't' | b'T' => {
                let l = p.word(true);
                cmds.push(Cmd {
                    a1,
                    a2,
                    negate,
                    kind: Kind::Label(format!("\0{}{l}", c as char)),
                });
                continue;
            }
            b'd' => Kind::Delete,
            b'D' => Kind::DeleteFirst,
            b'g' => Kind::Get,
            b'G' => Kind::GetAppend,
            b'h' => Kind::Hold,
            b'H' => Kind::HoldAppend,
            b'l' => {
                p.skip_ws();
                let n = if p.peek().is_some_and(|c| c.is_ascii_digit()) {
                    Some(p.number() as usize)
                } else {
                    None
                };
                Kind::List(n)
            }
            b'n' => Kind::Next,
            b'N' => Kind::NextAppend,
            b'p' => Kind::Print,
            b'P' => Kind::PrintFirst,
            b'q' | b'Q' => {
                one_addr(&p)?;
                p.skip_ws();
                let code = p.number() as i32;
                if c == b'q' {
                    Kind::Quit(code)
                } else {
                    Kind::QuitSilent(code)
                }
            }
            b'r' | b'R' => {
                let f = p.word(false);
                if f.is_empty() {
                    return Err(p.err("missing filename in r/R/w/W commands"));
                }
                cmds.push(Cmd {
                    a1,
                    a2,
                    negate,
                    kind: if c == b'r' {
                        Kind::ReadFile(f)
                    } else {
                        Kind::ReadLine(f)
                    },
                });
                continue;
            }
            b'w' | b'W' => {
                let k = p.wfile()?;
                cmds.push(Cmd {
                    a1,
                    a2,
                    negate,
                    kind: if c == b'w' {
                        Kind::Write(k)
                    } else {
                        Kind::WriteFirst(k)
                    },
                });
                continue;
            }
            b's' => p.subst()?,
            b'x' => Kind::Exchange,
            b'y' => p.translate()?,
            b'z' => Kind::Zap,
            b'F' => Kind::FileName,
            b'v' => {
                let _ = p.word(true);
                cmds.push(Cmd {
                    a1,
                    a2,
                    negate,
                    kind: Kind::Nop,
                });
                continue;
            }
            _ => return Err(p.err(&format!("unknown command: `{}'", c as char))),
        };
        let text_cmd = matches!(kind, Kind::Append(_) | Kind::Insert(_) | Kind::Change(_));
        let block = matches!(kind, Kind::Block(_));
        cmds.push(Cmd {
            a1,
            a2,
            negate,
            kind,
        });
        if !text_cmd && !block {
            p.end_cmd()?;
        }
    }
    if !open.is_empty() {
        return Err(format!("{}: unmatched `{{'", t.locate(0)));
    }
    // Resolve branch labels.
    let labels: Vec<(String, usize)> = cmds
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match &c.kind {
            Kind::Label(l) if !l.starts_with('\0') => Some((l.clone(), i)),
            _ => None,
        })
        .collect();
    for c in &mut cmds {
        if let Kind::Label(l) = &c.kind
            && let Some(rest) = l.strip_prefix('\0')
        {
            let kind = rest.chars().next().unwrap_or('b');
            let name = &rest[kind.len_utf8()..];
            let target = if name.is_empty() {
                None
            } else {
                match labels.iter().find(|(n, _)| n == name) {
                    Some((_, i)) => Some(*i),
                    None => return Err(format!("can't find label for jump to `{name}'")),
                }
            };
            c.kind = Kind::Branch(kind, target);
        }
    }
    Ok(Script {
        cmds,
        regexes: p.regexes,
        wfiles: p.wfiles,
        quiet,
    })
}

#[cfg(test)]
#[path = "sedparse_tests.rs"]
mod tests;
