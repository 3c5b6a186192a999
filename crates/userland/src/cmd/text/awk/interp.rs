//! The awk interpreter's state and its statement level (XCU awk, "Actions" and "Overall
//! Program Structure"): BEGIN, the record loop over ARGV operands with range patterns,
//! END, and the control flow of `next`, `exit`, `break`, `continue` and `return`.
//! Expressions are in [`super::eval`], built-ins in [`super::builtins`], I/O in
//! [`super::io`]. Everything is async because input and output go through `Sys`.

use super::ast::{Expr, Pattern, Program, Redir, Special, Stmt, Var};
use super::fields::{Record, Splitter};
use super::io::{Files, MainInput};
use super::re::Re;
use super::value::Value;
use crate::Out;
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use wosix_runtime::Sys;

/// An associative array.
pub type Array = BTreeMap<String, Value>;

/// A boxed future, for the recursion of evaluation.
pub type Fut<'a, T> = Pin<Box<dyn Future<Output = Result<T, Flow>> + Send + 'a>>;

/// Deepest nesting of user function calls.
pub const MAX_DEPTH: usize = 1000;

/// Where an array lives (what an array parameter refers to).
#[derive(Clone, Copy, Debug)]
pub enum Loc {
    /// A global slot.
    Global(usize),
    /// A local slot of frame `.0`.
    Local(usize, usize),
}

/// A variable's storage.
#[derive(Clone, Debug)]
pub enum Cell {
    /// A scalar (possibly never assigned).
    Val(Value),
    /// An array.
    Arr(Array),
    /// A parameter passed an array (or an untyped variable) by reference.
    Ref(Loc),
}

/// Non-local control flow, and fatal errors.
#[derive(Debug)]
pub enum Flow {
    /// `next`
    Next,
    /// `exit`
    Exit,
    /// `break`
    Break,
    /// `continue`
    Continue,
    /// `return`
    Return(Value),
    /// A fatal error: the message (without the `awk: ` prefix).
    Err(String),
}

/// Shorthand for a fatal error.
pub fn fatal<T>(msg: impl Into<String>) -> Result<T, Flow> {
    Err(Flow::Err(msg.into()))
}

/// The interpreter.
pub struct Interp {
    /// The program.
    pub prog: Arc<Program>,
    /// Global cells, specials first.
    pub globals: Vec<Cell>,
    /// Call frames of locals.
    pub frames: Vec<Vec<Cell>>,
    /// The current record.
    pub rec: Record,
    /// Splitter for the current FS, with the FS text it was made from.
    pub splitter: (String, Arc<Splitter>),
    /// Compiled dynamic regexes.
    pub regexes: HashMap<String, Arc<Re>>,
    /// System calls.
    pub sys: Sys,
    /// Standard output.
    pub out: Out,
    /// Standard error.
    pub err: Out,
    /// Environment for commands run.
    pub envp: Vec<String>,
    /// Open files and commands.
    pub files: Files,
    /// The main input.
    pub main: MainInput,
    /// Which range rules are inside their range.
    pub ranges: Vec<bool>,
    /// Random state and the last seed.
    pub rand: (u64, f64),
    /// Exit status.
    pub status: i32,
    /// Stack address when the program started, to bound recursion.
    pub stack_base: usize,
    /// Loop iterations and calls since the last system call.
    pub ticks: u32,
}

/// Loop iterations or calls between two system calls of a busy program.
const TICKS: u32 = 4096;

impl Interp {
    /// A global special variable's value.
    pub fn special(&self, s: Special) -> Value {
        match self.globals.get(s as usize) {
            Some(Cell::Val(v)) => v.clone(),
            _ => Value::Uninit,
        }
    }

    /// A special variable as a string.
    pub fn special_str(&self, s: Special) -> String {
        let conv = self.special(Special::Convfmt).str("%.6g");
        self.special(s).str(&conv)
    }

    /// CONVFMT.
    pub fn convfmt(&self) -> String {
        self.special(Special::Convfmt).str("%.6g")
    }

    /// Set a special variable.
    pub fn set_special(&mut self, s: Special, v: Value) {
        if let Some(c) = self.globals.get_mut(s as usize) {
            *c = Cell::Val(v);
        }
    }

    /// The splitter for the current FS.
    pub fn splitter(&mut self) -> Result<Arc<Splitter>, Flow> {
        let fs = self.special_str(Special::Fs);
        if fs != self.splitter.0 {
            let sp = Splitter::new(&fs).map_err(Flow::Err)?;
            self.splitter = (fs, Arc::new(sp));
        }
        Ok(self.splitter.1.clone())
    }

    /// Split $0 if needed.
    pub fn ensure_split(&mut self) -> Result<(), Flow> {
        if !self.rec.split {
            let sp = match self.rec.sp.take() {
                Some(sp) => sp,
                None => self.splitter()?,
            };
            let para = self.special_str(Special::Rs).is_empty();
            self.rec.ensure_split(&sp, para);
        }
        Ok(())
    }

    /// Count one loop iteration or call; now and then make a system call, so a program
    /// busy computing still yields its time slice and can be stopped by a signal (programs
    /// share the machine cooperatively and are preempted only at system calls). The rare
    /// call is boxed to keep it out of the callers' stack frames.
    pub async fn tick(&mut self) {
        self.ticks += 1;
        if self.ticks >= TICKS {
            self.ticks = 0;
            let sys = self.sys.clone();
            let pause: Pin<Box<dyn Future<Output = ()> + Send>> = Box::pin(async move {
                let _ = sys.getpid().await;
            });
            pause.await;
        }
    }

    /// Run the whole program; the exit status.
    pub async fn run(&mut self) -> i32 {
        self.stack_base = super::eval::stack_addr();
        let prog = self.prog.clone();
        let r = self.run_all(&prog).await;
        let r2 = self.files.close_all(&self.sys, &mut self.out).await;
        if let Err(Flow::Err(m)) = r.and(r2) {
            let _ = self.out.flush(&self.sys).await;
            self.err.str(&format!("awk: {m}\n"));
            return 2;
        }
        if self.out.flush(&self.sys).await.is_err() {
            return 2;
        }
        self.status
    }

    async fn run_all(&mut self, prog: &Program) -> Result<(), Flow> {
        let mut exited = false;
        for r in prog.rules.iter().filter(|r| r.pattern == Pattern::Begin) {
            match self.action(r.action.as_deref()).await {
                Err(Flow::Exit) => {
                    exited = true;
                    break;
                }
                Err(Flow::Next) => return fatal("next used in BEGIN"),
                r => r?,
            }
        }
        let main = prog
            .rules
            .iter()
            .any(|r| !matches!(r.pattern, Pattern::Begin));
        if !exited && main {
            // Whether exit ended the records or not, END runs next.
            self.records(prog).await?;
        }
        for r in prog.rules.iter().filter(|r| r.pattern == Pattern::End) {
            match self.action(r.action.as_deref()).await {
                Err(Flow::Exit) => break,
                Err(Flow::Next) => return fatal("next used in END"),
                r => r?,
            }
        }
        Ok(())
    }

    /// The record loop, until the input ends or `exit`.
    async fn records(&mut self, prog: &Program) -> Result<(), Flow> {
        while let Some(line) = self.next_main_record().await? {
            self.rec.set(line);
            self.rec.sp = Some(self.splitter()?);
            for r in &prog.rules {
                let hit = match &r.pattern {
                    Pattern::Begin | Pattern::End => continue,
                    Pattern::All => true,
                    Pattern::Expr(e) => self.eval(e).await?.truthy(),
                    Pattern::Range(a, b, k) => {
                        let k = *k;
                        if self.ranges[k] {
                            if self.eval(b).await?.truthy() {
                                self.ranges[k] = false;
                            }
                            true
                        } else if self.eval(a).await?.truthy() {
                            self.ranges[k] = !self.eval(b).await?.truthy();
                            true
                        } else {
                            false
                        }
                    }
                };
                if !hit {
                    continue;
                }
                match self.action(r.action.as_deref()).await {
                    Ok(()) => {}
                    Err(Flow::Next) => break,
                    Err(Flow::Exit) => return Ok(()),
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }

    async fn action(&mut self, a: Option<&[Stmt]>) -> Result<(), Flow> {
        match a {
            Some(stmts) => self.block(stmts).await,
            None => {
                let ofs = self.special_str(Special::Ofs);
                let mut s = self.rec.text(&ofs).to_string();
                s.push_str(&self.special_str(Special::Ors));
                self.write(None, &s).await
            }
        }
    }

    /// Run statements in order.
    #[inline(never)]
    pub fn block<'a>(&'a mut self, stmts: &'a [Stmt]) -> Fut<'a, ()> {
        Box::pin(async move {
            for s in stmts {
                self.exec(s).await?;
            }
            Ok(())
        })
    }

    /// [`Interp::print`], boxed out of line (see `Interp::call_boxed`).
    #[inline(never)]
    fn print_boxed<'a>(
        &'a mut self,
        f: bool,
        args: &'a [Expr],
        r: Option<&'a Redir>,
    ) -> Fut<'a, ()> {
        Box::pin(self.print(f, args, r))
    }

    /// Run one statement.
    #[inline(never)]
    pub fn exec<'a>(&'a mut self, s: &'a Stmt) -> Fut<'a, ()> {
        Box::pin(async move {
            match s {
                Stmt::Expr(e) => {
                    self.eval(e).await?;
                }
                Stmt::Print(f, args, redir) => self.print_boxed(*f, args, redir.as_ref()).await?,
                Stmt::If(c, t, e) => {
                    if self.eval(c).await?.truthy() {
                        self.exec(t).await?;
                    } else if let Some(e) = e {
                        self.exec(e).await?;
                    }
                }
                Stmt::While(c, b) => {
                    while self.eval(c).await?.truthy() {
                        self.tick().await;
                        match self.exec(b).await {
                            Err(Flow::Break) => break,
                            Err(Flow::Continue) | Ok(()) => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
                Stmt::Do(b, c) => loop {
                    self.tick().await;
                    match self.exec(b).await {
                        Err(Flow::Break) => break,
                        Err(Flow::Continue) | Ok(()) => {}
                        Err(e) => return Err(e),
                    }
                    if !self.eval(c).await?.truthy() {
                        break;
                    }
                },
                Stmt::For(init, cond, step, b) => {
                    if let Some(i) = init {
                        self.eval(i).await?;
                    }
                    loop {
                        self.tick().await;
                        if let Some(c) = cond
                            && !self.eval(c).await?.truthy()
                        {
                            break;
                        }
                        match self.exec(b).await {
                            Err(Flow::Break) => break,
                            Err(Flow::Continue) | Ok(()) => {}
                            Err(e) => return Err(e),
                        }
                        if let Some(st) = step {
                            self.eval(st).await?;
                        }
                    }
                }
                Stmt::ForIn(k, a, b) => {
                    let keys: Vec<String> = self.array(*a)?.keys().cloned().collect();
                    for key in keys {
                        self.tick().await;
                        if !self.array(*a)?.contains_key(&key) {
                            continue;
                        }
                        let lv = self.lref_boxed(k).await?;
                        self.store(&lv, Value::input(key))?;
                        match self.exec(b).await {
                            Err(Flow::Break) => break,
                            Err(Flow::Continue) | Ok(()) => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
                Stmt::Block(b) => self.block(b).await?,
                Stmt::Next => {
                    if !self.frames.is_empty() {
                        return fatal("next used in a function");
                    }
                    return Err(Flow::Next);
                }
                Stmt::Exit(e) => {
                    if let Some(e) = e {
                        self.status = self.eval(e).await?.num() as i32 & 255;
                    }
                    return Err(Flow::Exit);
                }
                Stmt::Return(e) => {
                    let v = match e {
                        Some(e) => self.eval(e).await?,
                        None => Value::Uninit,
                    };
                    return Err(Flow::Return(v));
                }
                Stmt::Break => return Err(Flow::Break),
                Stmt::Continue => return Err(Flow::Continue),
                Stmt::Delete(a, idx) => match idx {
                    Some(idx) => {
                        let k = self.subscript_boxed(idx).await?;
                        self.array(*a)?.remove(&k);
                    }
                    None => self.array(*a)?.clear(),
                },
                Stmt::Nop => {}
            }
            Ok(())
        })
    }

    /// The array of variable `v`, made an array if it was untyped.
    pub fn array(&mut self, v: Var) -> Result<&mut Array, Flow> {
        let loc = self.loc(v);
        let cell = self.cell(loc)?;
        if let Cell::Val(Value::Uninit) = cell {
            *cell = Cell::Arr(Array::new());
        }
        match cell {
            Cell::Arr(a) => Ok(a),
            _ => fatal("can't use scalar as array"),
        }
    }

    /// Where variable `v` lives, following a by-reference parameter.
    pub fn loc(&self, v: Var) -> Loc {
        match v {
            Var::Global(i) => Loc::Global(i),
            Var::Local(i) => {
                let f = self.frames.len().saturating_sub(1);
                match self.frames.last().and_then(|fr| fr.get(i)) {
                    Some(Cell::Ref(l)) => *l,
                    _ => Loc::Local(f, i),
                }
            }
        }
    }

    /// The cell at `loc`.
    pub fn cell(&mut self, loc: Loc) -> Result<&mut Cell, Flow> {
        let c = match loc {
            Loc::Global(i) => self.globals.get_mut(i),
            Loc::Local(f, i) => self.frames.get_mut(f).and_then(|fr| fr.get_mut(i)),
        };
        match c {
            Some(c) => Ok(c),
            None => fatal("internal error: bad variable slot"),
        }
    }

    /// The subscript string of `a[i, j]`.
    pub async fn subscript(&mut self, idx: &[Expr]) -> Result<String, Flow> {
        let conv = self.convfmt();
        let mut key = String::new();
        for (n, e) in idx.iter().enumerate() {
            if n > 0 {
                key.push_str(&self.special_str(Special::Subsep));
            }
            key.push_str(&self.eval(e).await?.str(&conv));
        }
        Ok(key)
    }
}
