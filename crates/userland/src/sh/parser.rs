//! The grammar of the POSIX shell (XCU 2.10), parsed by recursive descent the way dash's
//! parser.c does it, so that syntax errors carry dash's wording ("\"fi\" unexpected
//! (expecting \"then\")"). Input is parsed one complete command at a time: the caller runs it
//! before parsing the next, so aliases defined by a command apply to the lines after it.
//! Running out of input in the middle of a command is reported as [`ParseError::Incomplete`]
//! unless the input is final, so a caller reading line by line can fetch another line and
//! parse again.

use super::ast::*;
use std::collections::BTreeMap;

/// Why parsing failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// More input is needed to complete the command.
    Incomplete,
    /// A syntax error (message without the `Syntax error: ` prefix) at a line.
    Syntax {
        /// The message, e.g. `"fi" unexpected`.
        msg: String,
        /// The line it was detected on.
        line: u32,
    },
}

/// Result of parsing one complete command.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// A command list to run.
    Cmd(List),
    /// A blank or comment-only line.
    Empty,
    /// End of input.
    Eof,
}

/// Result type of the parser.
pub type PResult<T> = Result<T, ParseError>;

/// Aliases visible to the parser.
pub type Aliases = BTreeMap<String, String>;

/// Operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Semi,
    Amp,
    And,
    Or,
    Pipe,
    DSemi,
    LParen,
    RParen,
}

/// Redirection operator tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ROp {
    In,
    Out,
    Clobber,
    Append,
    InOut,
    DupIn,
    DupOut,
    Here,
    HereStrip,
}

/// A token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Word(Word),
    Kw(&'static str),
    Op(Op),
    Redir(i32, ROp),
    Nl,
    Eof,
}

/// The reserved words.
const KEYWORDS: &[&str] = &[
    "!", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until",
    "while", "{", "}",
];

/// Keywords that end a list (dash's `tokendlist`).
const LIST_END: &[&str] = &["do", "done", "elif", "else", "esac", "fi", "then", "}"];

/// Special built-ins: a function may not take their name.
pub const SPECIAL_BUILTINS: &[&str] = &[
    "break", ":", ".", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set",
    "shift", "times", "trap", "unset",
];

pub(crate) const CHKNL: u8 = 1;
pub(crate) const CHKKWD: u8 = 2;
pub(crate) const CHKALIAS: u8 = 4;

/// A pushed alias text.
struct AliasSrc {
    chars: Vec<char>,
    pos: usize,
    name: String,
}

/// A here-document waiting for its body.
pub(crate) struct PendingHere {
    pub(crate) delim: String,
    pub(crate) strip: bool,
    pub(crate) quoted: bool,
    pub(crate) slot: u32,
}

/// The parser over one input buffer.
pub struct Parser<'a> {
    pub(crate) src: &'a [char],
    pub(crate) pos: usize,
    final_: bool,
    /// Set when a read ran past the end of non-final input.
    pub(crate) starved: bool,
    pub(crate) line: u32,
    pub(crate) aliases: &'a Aliases,
    alias_stack: Vec<AliasSrc>,
    alias_recheck: bool,
    pub(crate) pushed: Option<Tok>,
    pub(crate) pending: Vec<PendingHere>,
    pub(crate) bodies: BTreeMap<u32, HereBody>,
    next_slot: u32,
    /// Raw text recorder (for here-document delimiters).
    pub(crate) raw: Option<String>,
}

/// Whether `s` is a valid variable name.
pub fn is_name(s: &str) -> bool {
    let mut it = s.chars();
    matches!(it.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && it.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn syn<T>(msg: impl Into<String>, line: u32) -> PResult<T> {
    Err(ParseError::Syntax {
        msg: msg.into(),
        line,
    })
}

impl<'a> Parser<'a> {
    /// A parser over `src` (starting at line `line`). With `final_`, the end of `src` is the
    /// end of input; otherwise reaching it yields [`ParseError::Incomplete`].
    pub fn new(src: &'a [char], line: u32, final_: bool, aliases: &'a Aliases) -> Parser<'a> {
        Parser {
            src,
            pos: 0,
            final_,
            starved: false,
            line,
            aliases,
            alias_stack: Vec::new(),
            alias_recheck: false,
            pushed: None,
            pending: Vec::new(),
            bodies: BTreeMap::new(),
            next_slot: 0,
            raw: None,
        }
    }

    /// Characters of `src` consumed so far.
    pub fn consumed(&self) -> usize {
        self.pos
    }

    /// Parse the next complete command (up to and including its newline and here-documents).
    pub fn parse_one(&mut self) -> PResult<Parsed> {
        let r = self.parse_one_inner();
        if self.starved {
            return Err(ParseError::Incomplete);
        }
        r
    }

    fn parse_one_inner(&mut self) -> PResult<Parsed> {
        let t = self.token(CHKKWD | CHKALIAS)?;
        match t {
            Tok::Eof => return Ok(Parsed::Eof),
            Tok::Nl => return Ok(Parsed::Empty),
            t => self.unget(t),
        }
        let mut list = self.list(1)?;
        self.fill_heredocs(&mut list);
        Ok(Parsed::Cmd(list))
    }

    /// Parse everything up to the end of input into one list (for backquotes, `eval` text,
    /// here-document bodies of command substitutions and the fuzzer).
    pub fn parse_all(&mut self) -> PResult<List> {
        let mut all = List::default();
        loop {
            match self.parse_one()? {
                Parsed::Eof => return Ok(all),
                Parsed::Empty => {}
                Parsed::Cmd(l) => all.items.extend(l.items),
            }
        }
    }

    // ------------------------------------------------------------ characters

    /// The next character without consuming it.
    pub(crate) fn peek(&mut self) -> Option<char> {
        for a in self.alias_stack.iter().rev() {
            if a.pos < a.chars.len() {
                return Some(a.chars[a.pos]);
            }
        }
        if self.pos < self.src.len() {
            return Some(self.src[self.pos]);
        }
        if !self.final_ {
            self.starved = true;
        }
        None
    }

    /// The character after the next one (only looks at the current source).
    pub(crate) fn peek2(&mut self) -> Option<char> {
        for a in self.alias_stack.iter().rev() {
            if a.pos < a.chars.len() {
                return a.chars.get(a.pos + 1).copied();
            }
        }
        if self.pos + 1 < self.src.len() {
            return Some(self.src[self.pos + 1]);
        }
        if !self.final_ {
            self.starved = true;
        }
        None
    }

    /// Consume one character.
    pub(crate) fn next(&mut self) -> Option<char> {
        let mut c = None;
        for a in self.alias_stack.iter_mut().rev() {
            if a.pos < a.chars.len() {
                c = Some(a.chars[a.pos]);
                a.pos += 1;
                break;
            }
        }
        if c.is_none() {
            if self.pos < self.src.len() {
                let ch = self.src[self.pos];
                self.pos += 1;
                if ch == '\n' {
                    self.line += 1;
                }
                c = Some(ch);
            } else if !self.final_ {
                self.starved = true;
            }
        }
        if let (Some(ch), Some(r)) = (c, self.raw.as_mut()) {
            r.push(ch);
        }
        c
    }

    /// Skip a backslash-newline pair if one is next.
    pub(crate) fn eat_continuations(&mut self) {
        while self.peek() == Some('\\') && self.peek2() == Some('\n') {
            self.next();
            self.next();
        }
    }

    pub(crate) fn pop_finished_aliases(&mut self) {
        while let Some(a) = self.alias_stack.last() {
            if a.pos < a.chars.len() {
                break;
            }
            if matches!(a.chars.last(), Some(' ') | Some('\t')) {
                self.alias_recheck = true;
            }
            self.alias_stack.pop();
        }
    }

    // ---------------------------------------------------------------- tokens

    pub(crate) fn unget(&mut self, t: Tok) {
        self.pushed = Some(t);
    }

    /// Read a token; `flags` says whether newlines are skipped and keywords and aliases are
    /// recognised (dash's `checkkwd`).
    pub(crate) fn token(&mut self, flags: u8) -> PResult<Tok> {
        if let Some(t) = self.pushed.take() {
            if flags & CHKNL != 0 && t == Tok::Nl {
                return self.token(flags);
            }
            // Like dash, a word read back is checked for keywords again.
            if let (Tok::Word(w), true) = (&t, flags & CHKKWD != 0)
                && let Some(text) = w.as_plain()
                && let Some(k) = KEYWORDS.iter().find(|k| **k == text)
            {
                return Ok(Tok::Kw(k));
            }
            return Ok(t);
        }
        loop {
            let t = self.raw_token()?;
            let recheck = std::mem::take(&mut self.alias_recheck);
            match t {
                Tok::Nl if flags & CHKNL != 0 => continue,
                Tok::Word(ref w) => {
                    let Some(text) = w.as_plain() else {
                        return Ok(t);
                    };
                    if flags & CHKKWD != 0
                        && let Some(k) = KEYWORDS.iter().find(|k| **k == text)
                    {
                        return Ok(Tok::Kw(k));
                    }
                    if flags & CHKALIAS != 0 || recheck {
                        let in_use = self.alias_stack.iter().any(|a| a.name == text);
                        if !in_use && let Some(v) = self.aliases.get(&text) {
                            self.alias_stack.push(AliasSrc {
                                chars: v.chars().collect(),
                                pos: 0,
                                name: text,
                            });
                            continue;
                        }
                    }
                    return Ok(t);
                }
                t => return Ok(t),
            }
        }
    }

    /// dash's name for a token in messages.
    fn tokname(t: &Tok) -> String {
        match t {
            Tok::Eof => "end of file".into(),
            Tok::Nl => "newline".into(),
            Tok::Word(_) => "word".into(),
            Tok::Redir(..) => "redirection".into(),
            Tok::Kw(k) => format!("\"{k}\""),
            Tok::Op(o) => format!(
                "\"{}\"",
                match o {
                    Op::Semi => ";",
                    Op::Amp => "&",
                    Op::And => "&&",
                    Op::Or => "||",
                    Op::Pipe => "|",
                    Op::DSemi => ";;",
                    Op::LParen => "(",
                    Op::RParen => ")",
                }
            ),
        }
    }

    fn unexpected<T>(&self, got: &Tok, expecting: Option<&str>) -> PResult<T> {
        let mut m = format!("{} unexpected", Self::tokname(got));
        if let Some(e) = expecting {
            m.push_str(&format!(" (expecting \"{e}\")"));
        }
        syn(m, self.line)
    }

    fn expect_kw(&mut self, kw: &'static str) -> PResult<()> {
        let t = self.token(CHKNL | CHKKWD | CHKALIAS)?;
        if t == Tok::Kw(kw) {
            Ok(())
        } else {
            self.unexpected(&t, Some(kw))
        }
    }

    pub(crate) fn expect_op(&mut self, op: Op, name: &str, flags: u8) -> PResult<()> {
        let t = self.token(flags)?;
        if t == Tok::Op(op) {
            Ok(())
        } else {
            self.unexpected(&t, Some(name))
        }
    }

    // --------------------------------------------------------------- grammar

    /// dash's `list(nlflag)`: 1 = top level (ends at newline), 0 = compound body,
    /// 2 = body that may be empty (case arms, command substitutions).
    pub(crate) fn list(&mut self, mut nlflag: u8) -> PResult<List> {
        let chknl = if nlflag & 1 != 0 { 0 } else { CHKNL };
        let mut list = List::default();
        loop {
            let t = self.token(chknl | CHKKWD | CHKALIAS)?;
            match t {
                Tok::Nl => return Ok(list),
                Tok::Eof => {
                    self.unget(Tok::Eof);
                    return Ok(list);
                }
                _ => {}
            }
            let ends = match &t {
                Tok::Kw(k) => LIST_END.contains(k),
                Tok::Op(Op::RParen) | Tok::Op(Op::DSemi) => true,
                _ => false,
            };
            self.unget(t);
            if nlflag == 2 && ends {
                return Ok(list);
            }
            nlflag |= 2;
            let cmd = self.and_or()?;
            let t = self.token(0)?;
            let bg = t == Tok::Op(Op::Amp);
            list.items.push(Item { cmd, bg });
            match t {
                Tok::Eof => {
                    self.unget(Tok::Eof);
                    return Ok(list);
                }
                Tok::Nl => {
                    if nlflag & 1 != 0 {
                        return Ok(list);
                    }
                }
                Tok::Op(Op::Semi) | Tok::Op(Op::Amp) => {}
                t => {
                    if nlflag & 1 != 0 {
                        return self.unexpected(&t, None);
                    }
                    self.unget(t);
                    return Ok(list);
                }
            }
        }
    }

    fn and_or(&mut self) -> PResult<AndOr> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let t = self.token(0)?;
            let conn = match t {
                Tok::Op(Op::And) => Conn::And,
                Tok::Op(Op::Or) => Conn::Or,
                t => {
                    self.unget(t);
                    return Ok(AndOr { first, rest });
                }
            };
            let t = self.token(CHKNL | CHKKWD | CHKALIAS)?;
            self.unget(t);
            rest.push((conn, self.pipeline()?));
        }
    }

    fn pipeline(&mut self) -> PResult<Pipeline> {
        let t = self.token(CHKKWD | CHKALIAS)?;
        let bang = t == Tok::Kw("!");
        if !bang {
            self.unget(t);
        }
        let mut cmds = vec![self.command()?];
        loop {
            let t = self.token(0)?;
            if t != Tok::Op(Op::Pipe) {
                self.unget(t);
                return Ok(Pipeline { bang, cmds });
            }
            let t = self.token(CHKNL | CHKKWD | CHKALIAS)?;
            self.unget(t);
            cmds.push(self.command()?);
        }
    }

    fn command(&mut self) -> PResult<Command> {
        let line = self.line;
        let t = self.token(CHKKWD | CHKALIAS)?;
        let body = match t {
            Tok::Kw("if") => {
                let mut arms = Vec::new();
                let cond = self.list(0)?;
                self.expect_kw("then")?;
                let body = self.list(0)?;
                arms.push((cond, body));
                let mut els = None;
                loop {
                    let t = self.token(CHKNL | CHKKWD | CHKALIAS)?;
                    match t {
                        Tok::Kw("elif") => {
                            let c = self.list(0)?;
                            self.expect_kw("then")?;
                            let b = self.list(0)?;
                            arms.push((c, b));
                        }
                        Tok::Kw("else") => {
                            els = Some(self.list(0)?);
                            self.expect_kw("fi")?;
                            break;
                        }
                        Tok::Kw("fi") => break,
                        t => return self.unexpected(&t, Some("fi")),
                    }
                }
                Compound::If { arms, els }
            }
            Tok::Kw(k @ ("while" | "until")) => {
                let cond = self.list(0)?;
                self.expect_kw("do")?;
                let body = self.list(0)?;
                self.expect_kw("done")?;
                Compound::Loop {
                    until: k == "until",
                    cond,
                    body,
                }
            }
            Tok::Kw("for") => {
                let t = self.token(0)?;
                let var = match &t {
                    Tok::Word(w) => w.as_plain().filter(|n| is_name(n)),
                    _ => None,
                };
                let Some(var) = var else {
                    return syn("Bad for loop variable", self.line);
                };
                let t = self.token(CHKNL | CHKKWD | CHKALIAS)?;
                let words = if t == Tok::Kw("in") {
                    let mut ws = Vec::new();
                    loop {
                        match self.token(0)? {
                            Tok::Word(w) => ws.push(w),
                            Tok::Kw(k) => ws.push(Word::lit(k)),
                            Tok::Nl | Tok::Op(Op::Semi) => break,
                            t => return self.unexpected(&t, None),
                        }
                    }
                    Some(ws)
                } else {
                    if t != Tok::Op(Op::Semi) {
                        self.unget(t);
                    }
                    None
                };
                self.expect_kw("do")?;
                let body = self.list(0)?;
                self.expect_kw("done")?;
                Compound::For { var, words, body }
            }
            Tok::Kw("case") => self.case()?,
            Tok::Op(Op::LParen) => {
                let l = self.list(0)?;
                self.expect_op(Op::RParen, ")", CHKNL | CHKKWD | CHKALIAS)?;
                Compound::Subshell(l)
            }
            Tok::Kw("{") => {
                let l = self.list(0)?;
                self.expect_kw("}")?;
                Compound::Brace(l)
            }
            Tok::Word(_) | Tok::Redir(..) => {
                self.unget(t);
                return self.simple(line);
            }
            t => return self.unexpected(&t, None),
        };
        let mut redirs = Vec::new();
        loop {
            match self.token(CHKKWD | CHKALIAS)? {
                Tok::Redir(fd, op) => redirs.push(self.redirection(fd, op)?),
                t => {
                    self.unget(t);
                    break;
                }
            }
        }
        Ok(Command::Compound { body, redirs, line })
    }

    fn case(&mut self) -> PResult<Compound> {
        let word = match self.token(0)? {
            Tok::Word(w) => w,
            t => return self.unexpected(&t, Some("word")),
        };
        self.expect_kw("in")?;
        let mut arms = Vec::new();
        let mut t = self.token(CHKNL | CHKKWD)?;
        while t != Tok::Kw("esac") {
            if t == Tok::Op(Op::LParen) {
                t = self.token(0)?;
            }
            let mut pats = Vec::new();
            loop {
                match t {
                    Tok::Word(w) => pats.push(w),
                    Tok::Kw(k) => pats.push(Word::lit(k)),
                    ref other => return self.unexpected(other, Some(")")),
                }
                t = self.token(0)?;
                if t != Tok::Op(Op::Pipe) {
                    break;
                }
                t = self.token(0)?;
            }
            if t != Tok::Op(Op::RParen) {
                return self.unexpected(&t, Some(")"));
            }
            let body = self.list(2)?;
            arms.push(CaseArm { pats, body });
            t = self.token(CHKNL | CHKKWD)?;
            if t != Tok::Kw("esac") {
                if t != Tok::Op(Op::DSemi) {
                    return self.unexpected(&t, Some(";;"));
                }
                t = self.token(CHKNL | CHKKWD)?;
            }
        }
        Ok(Compound::Case { word, arms })
    }

    fn simple(&mut self, line: u32) -> PResult<Command> {
        let mut s = Simple {
            line,
            ..Simple::default()
        };
        let mut chk = CHKALIAS;
        loop {
            match self.token(chk)? {
                Tok::Word(w) => {
                    if chk != 0
                        && let Some(a) = split_assignment(&w)
                    {
                        s.assigns.push(a);
                        continue;
                    }
                    s.words.push(w);
                    chk = 0;
                }
                Tok::Kw(k) => {
                    s.words.push(Word::lit(k));
                    chk = 0;
                }
                Tok::Redir(fd, op) => {
                    let r = self.redirection(fd, op)?;
                    s.redirs.push(r);
                }
                Tok::Op(Op::LParen)
                    if s.words.len() == 1 && s.assigns.is_empty() && s.redirs.is_empty() =>
                {
                    self.expect_op(Op::RParen, ")", 0)?;
                    let name = s.words[0].as_plain().unwrap_or_default();
                    if !is_name(&name) || SPECIAL_BUILTINS.contains(&name.as_str()) {
                        return syn("Bad function name", self.line);
                    }
                    let t = self.token(CHKNL | CHKKWD | CHKALIAS)?;
                    self.unget(t);
                    let body = self.command()?;
                    return Ok(Command::FuncDef {
                        name,
                        body: Box::new(body),
                        line,
                    });
                }
                t => {
                    self.unget(t);
                    break;
                }
            }
        }
        Ok(Command::Simple(s))
    }

    fn redirection(&mut self, fd: i32, op: ROp) -> PResult<Redir> {
        let default_fd = match op {
            ROp::In | ROp::InOut | ROp::DupIn | ROp::Here | ROp::HereStrip => 0,
            _ => 1,
        };
        let fd = if fd < 0 { default_fd } else { fd };
        if matches!(op, ROp::Here | ROp::HereStrip) {
            self.raw = Some(String::new());
            let t = self.token(0);
            let raw = self.raw.take().unwrap_or_default();
            let t = t?;
            if !matches!(t, Tok::Word(_)) {
                return self.unexpected(&t, None);
            }
            let (delim, quoted) =
                super::heredoc::unquote_delim(raw.trim_start_matches([' ', '\t']));
            let slot = self.next_slot;
            self.next_slot += 1;
            self.pending.push(PendingHere {
                delim,
                strip: op == ROp::HereStrip,
                quoted,
                slot,
            });
            let body = HereBody::Literal(String::new());
            return Ok(Redir {
                fd,
                op: RedirOp::Here {
                    strip: op == ROp::HereStrip,
                    slot,
                    body,
                },
                target: Word::default(),
            });
        }
        let target = match self.token(0)? {
            Tok::Word(w) => w,
            t => return self.unexpected(&t, None),
        };
        if matches!(op, ROp::DupIn | ROp::DupOut)
            && let Some(p) = target.as_plain()
            && p != "-"
            && !p.chars().all(|c| c.is_ascii_digit())
        {
            return syn("Bad fd number", self.line);
        }
        let op = match op {
            ROp::In => RedirOp::In,
            ROp::Out => RedirOp::Out,
            ROp::Clobber => RedirOp::Clobber,
            ROp::Append => RedirOp::Append,
            ROp::InOut => RedirOp::InOut,
            ROp::DupIn => RedirOp::DupIn,
            _ => RedirOp::DupOut,
        };
        Ok(Redir { fd, op, target })
    }
}

/// Split `NAME=value` into an assignment when the word starts with an unquoted valid name
/// followed by `=`.
fn split_assignment(w: &Word) -> Option<Assign> {
    let Some(Part::Lit(first)) = w.parts.first() else {
        return None;
    };
    let eq = first.find('=')?;
    let name = &first[..eq];
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::new();
    let rest = &first[eq + 1..];
    if !rest.is_empty() {
        parts.push(Part::Lit(rest.to_string()));
    }
    parts.extend(w.parts[1..].iter().cloned());
    Some(Assign {
        name: name.to_string(),
        value: Word { parts },
    })
}
