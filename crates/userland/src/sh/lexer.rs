//! Reading words: quoting (single, double, backslash), parameter expansions `$x` and
//! `${x op word}`, command substitutions `$(…)` and backquotes, arithmetic `$((…))`, and the
//! bodies of unquoted here-documents. The result is a [`Word`] of parts that keeps which text
//! was quoted, since quoting decides field splitting and pathname expansion later.

use super::ast::*;
use super::parser::{Op, PResult, ParseError, Parser, ROp, Tok};

/// Collects parts, merging adjacent literals.
#[derive(Default)]
struct Builder {
    parts: Vec<Part>,
}

impl Builder {
    fn lit(&mut self, c: char) {
        if let Some(Part::Lit(s)) = self.parts.last_mut() {
            s.push(c);
        } else {
            self.parts.push(Part::Lit(c.to_string()));
        }
    }
    fn quoted(&mut self, c: char) {
        if let Some(Part::Quoted(s)) = self.parts.last_mut() {
            s.push(c);
        } else {
            self.parts.push(Part::Quoted(c.to_string()));
        }
    }
    fn quoted_str(&mut self, t: &str) {
        if let Some(Part::Quoted(s)) = self.parts.last_mut() {
            s.push_str(t);
        } else {
            self.parts.push(Part::Quoted(t.to_string()));
        }
    }
    fn push(&mut self, p: Part) {
        self.parts.push(p);
    }
}

fn syn<T>(msg: &str, line: u32) -> PResult<T> {
    Err(ParseError::Syntax {
        msg: msg.to_string(),
        line,
    })
}

/// Characters that name a special parameter.
fn is_special(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!')
}

impl Parser<'_> {
    /// Read the next token without keyword or alias processing.
    pub(crate) fn raw_token(&mut self) -> PResult<Tok> {
        loop {
            match self.peek() {
                Some(' ') | Some('\t') => {
                    self.next();
                }
                Some('\\') if self.peek2() == Some('\n') => {
                    self.next();
                    self.next();
                }
                Some('#') => {
                    while !matches!(self.peek(), None | Some('\n')) {
                        self.next();
                    }
                }
                _ => break,
            }
        }
        self.pop_finished_aliases();
        let Some(c) = self.peek() else {
            return Ok(Tok::Eof);
        };
        let two = |p: &mut Self, second: char| {
            p.eat_continuations();
            if p.peek() == Some(second) {
                p.next();
                true
            } else {
                false
            }
        };
        match c {
            '\n' => {
                self.next();
                self.read_heredocs()?;
                Ok(Tok::Nl)
            }
            ';' => {
                self.next();
                Ok(Tok::Op(if two(self, ';') { Op::DSemi } else { Op::Semi }))
            }
            '&' => {
                self.next();
                Ok(Tok::Op(if two(self, '&') { Op::And } else { Op::Amp }))
            }
            '|' => {
                self.next();
                Ok(Tok::Op(if two(self, '|') { Op::Or } else { Op::Pipe }))
            }
            '(' => {
                self.next();
                Ok(Tok::Op(Op::LParen))
            }
            ')' => {
                self.next();
                Ok(Tok::Op(Op::RParen))
            }
            '<' | '>' => Ok(self.redir_op(-1)),
            _ => self.read_word(),
        }
    }

    /// Read a redirection operator at `<` or `>`.
    pub(crate) fn redir_op(&mut self, fd: i32) -> Tok {
        let c = self.next();
        self.eat_continuations();
        let op = if c == Some('<') {
            match self.peek() {
                Some('<') => {
                    self.next();
                    self.eat_continuations();
                    if self.peek() == Some('-') {
                        self.next();
                        ROp::HereStrip
                    } else {
                        ROp::Here
                    }
                }
                Some('&') => {
                    self.next();
                    ROp::DupIn
                }
                Some('>') => {
                    self.next();
                    ROp::InOut
                }
                _ => ROp::In,
            }
        } else {
            match self.peek() {
                Some('>') => {
                    self.next();
                    ROp::Append
                }
                Some('&') => {
                    self.next();
                    ROp::DupOut
                }
                Some('|') => {
                    self.next();
                    ROp::Clobber
                }
                _ => ROp::Out,
            }
        };
        Tok::Redir(fd, op)
    }

    /// Read a word token (or an `n<`/`n>` redirection operator).
    pub(crate) fn read_word(&mut self) -> PResult<Tok> {
        let mut b = Builder::default();
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')' => break,
                '\\' => {
                    self.next();
                    match self.next() {
                        Some('\n') => {}
                        Some(d) => b.quoted(d),
                        None => b.lit('\\'),
                    }
                }
                '\'' => {
                    self.next();
                    let s = self.single_quoted()?;
                    b.quoted_str(&s);
                    if s.is_empty() {
                        b.push(Part::Quoted(String::new()));
                    }
                }
                '"' => {
                    self.next();
                    let parts = self.double_quoted()?;
                    b.push(Part::DQ(parts));
                }
                '$' => {
                    self.next();
                    match self.dollar(false)? {
                        Some(p) => b.push(p),
                        None => b.lit('$'),
                    }
                }
                '`' => {
                    self.next();
                    let l = self.backquote(false)?;
                    b.push(Part::Cmd(Box::new(l)));
                }
                _ => {
                    self.next();
                    b.lit(c);
                }
            }
        }
        if let [Part::Lit(s)] = &b.parts[..]
            && s.len() == 1
            && s.as_bytes()[0].is_ascii_digit()
            && matches!(self.peek(), Some('<' | '>'))
        {
            let fd = (s.as_bytes()[0] - b'0') as i32;
            return Ok(self.redir_op(fd));
        }
        Ok(Tok::Word(Word { parts: b.parts }))
    }

    fn single_quoted(&mut self) -> PResult<String> {
        let mut s = String::new();
        loop {
            match self.next() {
                None => return syn("Unterminated quoted string", self.line),
                Some('\'') => return Ok(s),
                Some(c) => s.push(c),
            }
        }
    }

    /// The inside of `"…"` after the opening quote.
    fn double_quoted(&mut self) -> PResult<Vec<Part>> {
        let mut b = Builder::default();
        loop {
            let Some(c) = self.next() else {
                return syn("Unterminated quoted string", self.line);
            };
            match c {
                '"' => return Ok(b.parts),
                '\\' => match self.peek() {
                    Some('\n') => {
                        self.next();
                    }
                    Some(d @ ('$' | '`' | '"' | '\\')) => {
                        self.next();
                        b.quoted(d);
                    }
                    _ => b.quoted('\\'),
                },
                '$' => match self.dollar(true)? {
                    Some(p) => b.push(p),
                    None => b.quoted('$'),
                },
                '`' => {
                    let l = self.backquote(true)?;
                    b.push(Part::Cmd(Box::new(l)));
                }
                c => b.quoted(c),
            }
        }
    }

    /// After a `$`: the expansion, or `None` for a literal dollar sign.
    fn dollar(&mut self, in_dq: bool) -> PResult<Option<Part>> {
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let simple = |name: String| {
            Part::Param(Box::new(Param {
                name,
                op: ParamOp::Plain,
                colon: false,
                word: vec![],
            }))
        };
        match c {
            '{' => {
                self.next();
                Ok(Some(self.braced(in_dq)?))
            }
            '(' => {
                self.next();
                if self.peek() == Some('(') {
                    self.next();
                    Ok(Some(Part::Arith(self.arith()?)))
                } else {
                    Ok(Some(Part::Cmd(Box::new(self.subst_body()?))))
                }
            }
            c if c == '_' || c.is_ascii_alphabetic() => {
                let mut name = String::new();
                while let Some(d) = self.peek() {
                    if d == '_' || d.is_ascii_alphanumeric() {
                        name.push(d);
                        self.next();
                    } else {
                        break;
                    }
                }
                Ok(Some(simple(name)))
            }
            c if c.is_ascii_digit() || is_special(c) => {
                self.next();
                Ok(Some(simple(c.to_string())))
            }
            _ => Ok(None),
        }
    }

    fn param_name(&mut self) -> String {
        let mut name = String::new();
        match self.peek() {
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                while let Some(d) = self.peek() {
                    if d == '_' || d.is_ascii_alphanumeric() {
                        name.push(d);
                        self.next();
                    } else {
                        break;
                    }
                }
            }
            Some(c) if c.is_ascii_digit() => {
                while let Some(d) = self.peek() {
                    if d.is_ascii_digit() {
                        name.push(d);
                        self.next();
                    } else {
                        break;
                    }
                }
            }
            Some(c) if is_special(c) => {
                name.push(c);
                self.next();
            }
            _ => {}
        }
        name
    }

    /// `${…}` after the opening brace.
    fn braced(&mut self, in_dq: bool) -> PResult<Part> {
        let name;
        let mut len = false;
        if self.peek() == Some('#') {
            self.next();
            match self.peek() {
                Some('}') => name = "#".to_string(),
                Some(c) if c == '_' || c.is_ascii_alphanumeric() || is_special(c) => {
                    name = self.param_name();
                    len = true;
                }
                _ => name = "#".to_string(),
            }
        } else {
            name = self.param_name();
        }
        let bad = |p: &mut Self, name: String| -> PResult<Part> {
            p.skip_to_brace()?;
            Ok(Part::Param(Box::new(Param {
                name,
                op: ParamOp::Bad,
                colon: false,
                word: vec![],
            })))
        };
        if name.is_empty() {
            return bad(self, name);
        }
        if len {
            if self.peek() == Some('}') {
                self.next();
                return Ok(Part::Param(Box::new(Param {
                    name,
                    op: ParamOp::Len,
                    colon: false,
                    word: vec![],
                })));
            }
            return bad(self, name);
        }
        let mut colon = false;
        let op = match self.peek() {
            Some('}') => {
                self.next();
                return Ok(Part::Param(Box::new(Param {
                    name,
                    op: ParamOp::Plain,
                    colon: false,
                    word: vec![],
                })));
            }
            Some(':') => {
                self.next();
                colon = true;
                match self.peek() {
                    Some('-') => ParamOp::Default,
                    Some('=') => ParamOp::Assign,
                    Some('?') => ParamOp::Error,
                    Some('+') => ParamOp::Alt,
                    _ => return bad(self, name),
                }
            }
            Some('-') => ParamOp::Default,
            Some('=') => ParamOp::Assign,
            Some('?') => ParamOp::Error,
            Some('+') => ParamOp::Alt,
            Some('#') => {
                self.next();
                if self.peek() == Some('#') {
                    ParamOp::TrimPrefix(true)
                } else {
                    let w = self.param_word(false)?;
                    return Ok(Part::Param(Box::new(Param {
                        name,
                        op: ParamOp::TrimPrefix(false),
                        colon,
                        word: w,
                    })));
                }
            }
            Some('%') => {
                self.next();
                if self.peek() == Some('%') {
                    ParamOp::TrimSuffix(true)
                } else {
                    let w = self.param_word(false)?;
                    return Ok(Part::Param(Box::new(Param {
                        name,
                        op: ParamOp::TrimSuffix(false),
                        colon,
                        word: w,
                    })));
                }
            }
            None => return syn("Missing '}'", self.line),
            _ => return bad(self, name),
        };
        self.next();
        let trim = matches!(op, ParamOp::TrimPrefix(_) | ParamOp::TrimSuffix(_));
        let word = self.param_word(in_dq && !trim)?;
        Ok(Part::Param(Box::new(Param {
            name,
            op,
            colon,
            word,
        })))
    }

    /// Skip a malformed `${…}` up to its closing brace.
    fn skip_to_brace(&mut self) -> PResult<()> {
        let mut depth = 0;
        loop {
            match self.next() {
                None => return syn("Missing '}'", self.line),
                Some('{') => depth += 1,
                Some('}') if depth == 0 => return Ok(()),
                Some('}') => depth -= 1,
                Some('\\') => {
                    self.next();
                }
                Some(_) => {}
            }
        }
    }

    /// The word of `${x op word}` up to the closing brace. With `dq` the word is inside double
    /// quotes: its text is quoted and single quotes are ordinary characters.
    fn param_word(&mut self, dq: bool) -> PResult<Vec<Part>> {
        let mut b = Builder::default();
        loop {
            let Some(c) = self.next() else {
                return syn("Missing '}'", self.line);
            };
            match c {
                '}' => return Ok(b.parts),
                '\\' => match self.next() {
                    Some('\n') => {}
                    Some(d) => {
                        if dq && !matches!(d, '$' | '`' | '"' | '\\' | '}') {
                            b.quoted('\\');
                        }
                        b.quoted(d);
                    }
                    None => return syn("Missing '}'", self.line),
                },
                '\'' if !dq => {
                    let s = self.single_quoted()?;
                    b.quoted_str(&s);
                    if s.is_empty() {
                        b.push(Part::Quoted(String::new()));
                    }
                }
                '"' => {
                    let parts = self.double_quoted()?;
                    b.push(Part::DQ(parts));
                }
                '$' => match self.dollar(dq)? {
                    Some(p) => b.push(p),
                    None if dq => b.quoted('$'),
                    None => b.lit('$'),
                },
                '`' => {
                    let l = self.backquote(dq)?;
                    b.push(Part::Cmd(Box::new(l)));
                }
                c if dq => b.quoted(c),
                c => b.lit(c),
            }
        }
    }

    /// The expression of `$((…))` after the opening parentheses.
    fn arith(&mut self) -> PResult<Vec<Part>> {
        let mut b = Builder::default();
        let mut depth = 0usize;
        loop {
            let Some(c) = self.next() else {
                return syn("Missing '))'", self.line);
            };
            match c {
                '(' => {
                    depth += 1;
                    b.lit('(');
                }
                ')' if depth > 0 => {
                    depth -= 1;
                    b.lit(')');
                }
                ')' => {
                    if self.peek() == Some(')') {
                        self.next();
                        return Ok(b.parts);
                    }
                    return syn("Missing '))'", self.line);
                }
                '\\' => match self.next() {
                    Some('\n') => {}
                    Some(d) => {
                        b.lit('\\');
                        b.lit(d);
                    }
                    None => return syn("Missing '))'", self.line),
                },
                '$' => match self.dollar(true)? {
                    Some(p) => b.push(p),
                    None => b.lit('$'),
                },
                '`' => {
                    let l = self.backquote(true)?;
                    b.push(Part::Cmd(Box::new(l)));
                }
                c => b.lit(c),
            }
        }
    }

    /// A backquoted command after the opening backquote.
    fn backquote(&mut self, in_dq: bool) -> PResult<List> {
        let mut text = String::new();
        loop {
            let Some(c) = self.next() else {
                return syn("EOF in backquote substitution", self.line);
            };
            match c {
                '`' => break,
                '\\' => match self.next() {
                    Some(d @ ('$' | '`' | '\\')) => text.push(d),
                    Some('"') if in_dq => text.push('"'),
                    Some('\n') => {}
                    Some(d) => {
                        text.push('\\');
                        text.push(d);
                    }
                    None => return syn("EOF in backquote substitution", self.line),
                },
                c => text.push(c),
            }
        }
        let chars: Vec<char> = text.chars().collect();
        let mut p = self.nested(&chars);
        p.parse_all()
    }

    /// Parse the whole input as the body of an unquoted here-document.
    pub(crate) fn heredoc_parts(&mut self) -> PResult<Vec<Part>> {
        let mut b = Builder::default();
        while let Some(c) = self.next() {
            match c {
                '\\' => match self.peek() {
                    Some(d @ ('$' | '`' | '\\')) => {
                        self.next();
                        b.quoted(d);
                    }
                    Some('\n') => {
                        self.next();
                    }
                    _ => b.quoted('\\'),
                },
                '$' => match self.dollar(true)? {
                    Some(p) => b.push(p),
                    None => b.quoted('$'),
                },
                '`' => {
                    let l = self.backquote(true)?;
                    b.push(Part::Cmd(Box::new(l)));
                }
                c => b.quoted(c),
            }
        }
        Ok(b.parts)
    }
}
