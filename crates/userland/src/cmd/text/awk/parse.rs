//! Parser for awk programs, statements part (XCU awk, "Grammar"): items (rules and function
//! definitions), patterns, actions and the statements inside them, with POSIX's newline
//! rules. Expressions are in [`super::parse_expr`]. Names are resolved to slots here.

use super::ast::{Expr, Func, Pattern, Program, Redir, Rule, SPECIALS, Stmt, Var};
use super::lexer::{Tok, lex};
use std::collections::HashMap;

/// A syntax error: message and source line.
pub type PErr = (String, usize);

/// Parser state.
pub struct Parser {
    /// Tokens with their lines.
    pub(super) toks: Vec<(Tok, usize)>,
    /// Index of the current token.
    pub(super) pos: usize,
    /// Global slots by name.
    globals: HashMap<String, usize>,
    /// Global names by slot.
    names: Vec<String>,
    /// Parameters of the function being parsed.
    locals: Option<Vec<String>>,
    funcs: HashMap<String, usize>,
    defs: Vec<Option<Func>>,
    calls: Vec<(String, usize)>,
    ranges: usize,
    /// Nesting of loops, for break/continue checks.
    loops: usize,
    /// Host stack address when parsing began, to bound the parser's recursion.
    stack_base: usize,
}

/// Most host stack (bytes) the parser's recursion may use.
const PARSE_STACK: usize = 256 << 10;

/// Most operands of one chain of a left-associative operator (`a b c …`, `1+2+…`).
const MAX_CHAIN: usize = 3000;

/// Parse a whole program text.
pub fn parse(src: &str) -> Result<Program, PErr> {
    let toks = lex(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        globals: HashMap::new(),
        names: Vec::new(),
        locals: None,
        funcs: HashMap::new(),
        defs: Vec::new(),
        calls: Vec::new(),
        ranges: 0,
        loops: 0,
        stack_base: super::eval::stack_addr(),
    };
    for s in SPECIALS {
        p.global(s);
    }
    let mut rules = Vec::new();
    p.skip_terms();
    while p.peek() != &Tok::Eof {
        if p.peek() == &Tok::Kw("function") {
            p.function()?;
        } else {
            rules.push(p.rule()?);
        }
        p.skip_terms();
    }
    for (name, line) in &p.calls {
        let i = p.funcs.get(name).copied().unwrap_or(usize::MAX);
        if p.defs.get(i).is_none_or(Option::is_none) {
            return Err((format!("calling undefined function {name}"), *line));
        }
    }
    let funcs = p.defs.into_iter().flatten().collect();
    Ok(Program {
        rules,
        funcs,
        globals: p.names,
        ranges: p.ranges,
    })
}

impl Parser {
    /// The current token.
    pub(super) fn peek(&self) -> &Tok {
        self.toks.get(self.pos).map_or(&Tok::Eof, |t| &t.0)
    }

    /// The token after the current one.
    pub(super) fn peek2(&self) -> &Tok {
        self.toks.get(self.pos + 1).map_or(&Tok::Eof, |t| &t.0)
    }

    /// Line of the current token.
    pub(super) fn line(&self) -> usize {
        self.toks
            .get(self.pos)
            .or(self.toks.last())
            .map_or(1, |t| t.1)
    }

    /// Take the current token.
    pub(super) fn next(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    /// Take the token if it is punctuation `p`.
    pub(super) fn eat(&mut self, p: &str) -> bool {
        if matches!(self.peek(), Tok::P(q) if *q == p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Require punctuation `p`.
    pub(super) fn expect(&mut self, p: &str) -> Result<(), PErr> {
        if self.eat(p) { Ok(()) } else { Err(self.err()) }
    }

    /// A syntax error at the current token.
    pub(super) fn err<T: From<(String, usize)>>(&self) -> T {
        let near = match self.peek() {
            Tok::Num(n) => format!("{n}"),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Ere(s) => format!("/{s}/"),
            Tok::Name(s) | Tok::FuncName(s) | Tok::Builtin(s) => s.clone(),
            Tok::Kw(k) | Tok::P(k) => k.to_string(),
            Tok::Nl => "newline".into(),
            Tok::Eof => "end of file".into(),
        };
        T::from((format!("syntax error near {near}"), self.line()))
    }

    /// Fail when the program nests too deeply for the host stack.
    pub(super) fn guard(&self) -> Result<(), PErr> {
        if self.stack_base.abs_diff(super::eval::stack_addr()) > PARSE_STACK {
            return Err(("program nested too deeply".into(), self.line()));
        }
        Ok(())
    }

    /// Fail when a chain of one operator grows past [`MAX_CHAIN`] operands.
    pub(super) fn chain(&self, n: &mut usize) -> Result<(), PErr> {
        *n += 1;
        if *n > MAX_CHAIN {
            return Err(("expression too long".into(), self.line()));
        }
        Ok(())
    }

    fn skip_nl(&mut self) {
        while self.peek() == &Tok::Nl {
            self.pos += 1;
        }
    }

    fn skip_terms(&mut self) {
        while matches!(self.peek(), Tok::Nl | Tok::P(";")) {
            self.pos += 1;
        }
    }

    fn global(&mut self, name: &str) -> usize {
        if let Some(&i) = self.globals.get(name) {
            return i;
        }
        let i = self.names.len();
        self.names.push(name.to_string());
        self.globals.insert(name.to_string(), i);
        i
    }

    /// Resolve a variable name.
    pub(super) fn var(&mut self, name: &str) -> Var {
        if let Some(l) = &self.locals
            && let Some(i) = l.iter().position(|n| n == name)
        {
            return Var::Local(i);
        }
        Var::Global(self.global(name))
    }

    /// The index of function `name`, recording the call for the definedness check.
    pub(super) fn func_index(&mut self, name: &str, call: bool) -> usize {
        if call {
            self.calls.push((name.to_string(), self.line()));
        }
        if let Some(&i) = self.funcs.get(name) {
            return i;
        }
        let i = self.defs.len();
        self.defs.push(None);
        self.funcs.insert(name.to_string(), i);
        i
    }

    fn function(&mut self) -> Result<(), PErr> {
        self.next();
        let name = match self.next() {
            Tok::Name(n) | Tok::FuncName(n) => n,
            _ => {
                self.pos -= 1;
                return Err(self.err());
            }
        };
        if self
            .funcs
            .get(&name)
            .is_some_and(|&i| self.defs[i].is_some())
        {
            return Err((format!("function {name} redefined"), self.line()));
        }
        self.expect("(")?;
        let mut params = Vec::new();
        self.skip_nl();
        while let Tok::Name(n) = self.peek().clone() {
            self.next();
            if params.contains(&n) || n == name {
                return Err((format!("duplicate parameter {n}"), self.line()));
            }
            params.push(n);
            self.skip_nl();
            if !self.eat(",") {
                break;
            }
            self.skip_nl();
        }
        self.expect(")")?;
        self.skip_nl();
        let idx = self.func_index(&name, false);
        let nparams = params.len();
        self.locals = Some(params);
        let body = self.block();
        self.locals = None;
        let body = body?;
        // Funcs are stored in definition-index order: indexes were handed out on first use.
        self.defs[idx] = Some(Func {
            name,
            nparams,
            body,
        });
        Ok(())
    }

    fn rule(&mut self) -> Result<Rule, PErr> {
        let pattern = match self.peek() {
            Tok::Kw("BEGIN") => {
                self.next();
                Pattern::Begin
            }
            Tok::Kw("END") => {
                self.next();
                Pattern::End
            }
            Tok::P("{") => Pattern::All,
            _ => {
                let a = self.expr(false, true)?;
                if self.eat(",") {
                    self.skip_nl();
                    let b = self.expr(false, true)?;
                    self.ranges += 1;
                    Pattern::Range(a, b, self.ranges - 1)
                } else {
                    Pattern::Expr(a)
                }
            }
        };
        let action = if self.peek() == &Tok::P("{") {
            Some(self.block()?)
        } else {
            if matches!(pattern, Pattern::Begin | Pattern::End) {
                return Err(self.err());
            }
            if !matches!(self.peek(), Tok::Nl | Tok::P(";") | Tok::Eof) {
                return Err(self.err());
            }
            None
        };
        Ok(Rule { pattern, action })
    }

    fn block(&mut self) -> Result<Vec<Stmt>, PErr> {
        self.expect("{")?;
        let mut out = Vec::new();
        loop {
            self.skip_terms();
            if self.eat("}") {
                return Ok(out);
            }
            if self.peek() == &Tok::Eof {
                return Err(self.err());
            }
            out.push(self.stmt()?);
        }
    }

    /// End of a simple statement: `;`, newline, or before `}`.
    fn end_simple(&mut self) -> Result<(), PErr> {
        match self.peek() {
            Tok::P(";") | Tok::Nl => {
                self.next();
                Ok(())
            }
            Tok::P("}") | Tok::Eof => Ok(()),
            _ => Err(self.err()),
        }
    }

    /// A statement used as a loop or if body (newlines before it are allowed).
    fn body(&mut self) -> Result<Stmt, PErr> {
        self.skip_nl();
        if self.eat(";") {
            return Ok(Stmt::Nop);
        }
        self.stmt()
    }

    fn loop_body(&mut self) -> Result<Stmt, PErr> {
        self.loops += 1;
        let b = self.body();
        self.loops -= 1;
        b
    }

    fn simple_opt(&mut self, until: &str) -> Result<Option<Expr>, PErr> {
        if matches!(self.peek(), Tok::P(p) if *p == until) {
            return Ok(None);
        }
        Ok(Some(self.expr(false, true)?))
    }

    fn stmt(&mut self) -> Result<Stmt, PErr> {
        self.guard()?;
        let line = self.line();
        let s = match self.peek().clone() {
            Tok::P("{") => return Ok(Stmt::Block(self.block()?)),
            Tok::Kw("if") => {
                self.next();
                self.expect("(")?;
                let c = self.expr(false, true)?;
                self.expect(")")?;
                let t = self.body()?;
                let save = self.pos;
                self.skip_terms();
                let e = if self.peek() == &Tok::Kw("else") {
                    self.next();
                    Some(Box::new(self.body()?))
                } else {
                    self.pos = save;
                    None
                };
                return Ok(Stmt::If(c, Box::new(t), e));
            }
            Tok::Kw("while") => {
                self.next();
                self.expect("(")?;
                let c = self.expr(false, true)?;
                self.expect(")")?;
                if self.peek() == &Tok::P(";") {
                    self.next();
                    return Ok(Stmt::While(c, Box::new(Stmt::Nop)));
                }
                return Ok(Stmt::While(c, Box::new(self.loop_body()?)));
            }
            Tok::Kw("do") => {
                self.next();
                let b = self.loop_body()?;
                self.skip_terms();
                if self.next() != Tok::Kw("while") {
                    self.pos -= 1;
                    return Err(self.err());
                }
                self.expect("(")?;
                let c = self.expr(false, true)?;
                self.expect(")")?;
                Stmt::Do(Box::new(b), c)
            }
            Tok::Kw("for") => {
                self.next();
                self.expect("(")?;
                if let (Tok::Name(k), Tok::Kw("in")) = (self.peek().clone(), self.peek2().clone()) {
                    let save = self.pos;
                    self.pos += 2;
                    if let Tok::Name(a) = self.peek().clone()
                        && self.peek2() == &Tok::P(")")
                    {
                        self.pos += 2;
                        let kv = Expr::Var(self.var(&k));
                        let av = self.var(&a);
                        let b = self.loop_body()?;
                        return Ok(Stmt::ForIn(Box::new(kv), av, Box::new(b)));
                    }
                    self.pos = save;
                }
                let init = self.simple_opt(";")?;
                self.expect(";")?;
                self.skip_nl();
                let cond = self.simple_opt(";")?;
                self.expect(";")?;
                self.skip_nl();
                let step = self.simple_opt(")")?;
                self.expect(")")?;
                if self.peek() == &Tok::P(";") {
                    self.next();
                    return Ok(Stmt::For(init, cond, step, Box::new(Stmt::Nop)));
                }
                let b = self.loop_body()?;
                return Ok(Stmt::For(init, cond, step, Box::new(b)));
            }
            Tok::P(";") => {
                self.next();
                return Ok(Stmt::Nop);
            }
            Tok::Kw("next") => {
                self.next();
                Stmt::Next
            }
            Tok::Kw(k @ ("break" | "continue")) => {
                self.next();
                if self.loops == 0 {
                    return Err((format!("{k} outside a loop"), line));
                }
                if k == "break" {
                    Stmt::Break
                } else {
                    Stmt::Continue
                }
            }
            Tok::Kw(k @ ("exit" | "return")) => {
                self.next();
                if k == "return" && self.locals.is_none() {
                    return Err(("return outside a function".into(), line));
                }
                let e = if matches!(self.peek(), Tok::P(";" | "}") | Tok::Nl | Tok::Eof) {
                    None
                } else {
                    Some(self.expr(false, true)?)
                };
                if k == "exit" {
                    Stmt::Exit(e)
                } else {
                    Stmt::Return(e)
                }
            }
            Tok::Kw("delete") => {
                self.next();
                let Tok::Name(n) = self.next() else {
                    self.pos -= 1;
                    return Err(self.err());
                };
                let v = self.var(&n);
                if self.eat("[") {
                    let idx = self.expr_list()?;
                    self.expect("]")?;
                    Stmt::Delete(v, Some(idx))
                } else {
                    Stmt::Delete(v, None)
                }
            }
            Tok::Kw(k @ ("print" | "printf")) => {
                self.next();
                self.print(k == "printf")?
            }
            _ => Stmt::Expr(self.expr(false, true)?),
        };
        self.end_simple()?;
        Ok(s)
    }

    fn print(&mut self, f: bool) -> Result<Stmt, PErr> {
        let mut args = Vec::new();
        let at_end =
            |t: &Tok| matches!(t, Tok::P(";" | "}" | ">" | ">>" | "|") | Tok::Nl | Tok::Eof);
        if !at_end(self.peek()) {
            let save = self.pos;
            let mut grouped = false;
            if self.eat("(") {
                if let Ok(l) = self.expr_list()
                    && self.eat(")")
                    && at_end(self.peek())
                {
                    args = l;
                    grouped = true;
                }
                if !grouped {
                    self.pos = save;
                }
            }
            if !grouped {
                args.push(self.expr(true, true)?);
                while self.eat(",") {
                    self.skip_nl();
                    args.push(self.expr(true, true)?);
                }
            }
        }
        if f && args.is_empty() {
            return Err(self.err());
        }
        let redir = match self.peek() {
            Tok::P(">") => {
                self.next();
                Some(Redir::Write(self.concat()?))
            }
            Tok::P(">>") => {
                self.next();
                Some(Redir::Append(self.concat()?))
            }
            Tok::P("|") => {
                self.next();
                Some(Redir::Pipe(self.concat()?))
            }
            _ => None,
        };
        Ok(Stmt::Print(f, args, redir))
    }

    /// A comma-separated list of expressions (newlines allowed after commas).
    pub(super) fn expr_list(&mut self) -> Result<Vec<Expr>, PErr> {
        let mut v = vec![self.expr(false, true)?];
        while self.eat(",") {
            self.skip_nl();
            v.push(self.expr(false, true)?);
        }
        Ok(v)
    }
}
