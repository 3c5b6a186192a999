//! Running the syntax tree: lists, and-or lists, pipelines (one child per element, connected
//! by pipes), asynchronous lists, compound commands and function calls, with `set -e`
//! semantics (ignored in conditions, `&&`/`||` left operands and `!` pipelines) and the
//! unwinding of `break`, `continue` and `return`.

use super::ast::*;
use super::expand::BoxFut;
use super::shell::Shell;
use super::state::{Ctl, R};
use std::sync::Arc;
use wosix_abi::{Fd, FileAction, OFlags, Pid};

/// How deeply functions, `eval`, `.` and traps may nest. Each level costs about 2 KiB of
/// native stack; the web host's stack is smaller.
pub const MAX_NEST: u32 = if cfg!(target_arch = "wasm32") {
    300
} else {
    700
};

impl Shell {
    /// Run a list.
    #[inline(never)]
    pub fn run_list<'a>(&'a mut self, l: &'a List) -> BoxFut<'a, R> {
        Box::pin(async move {
            let mut st = self.status;
            if l.items.is_empty() {
                return Ok(st);
            }
            for item in &l.items {
                if self.opts.get('n') && !self.interactive {
                    return Ok(0);
                }
                st = if item.bg {
                    crate::bx!(self.run_background(&item.cmd)).await?
                } else {
                    crate::bx!(self.run_and_or(&item.cmd)).await?
                };
                self.status = st;
                if !self.caught.is_empty() || !self.pending_sigs.is_empty() {
                    crate::bx!(self.run_traps()).await?;
                }
            }
            Ok(st)
        })
    }

    async fn run_and_or(&mut self, ao: &AndOr) -> R {
        let n = ao.rest.len();
        let mut st = self.pipeline_tested(&ao.first, n > 0).await?;
        for (i, (conn, p)) in ao.rest.iter().enumerate() {
            if (*conn == Conn::And) != (st == 0) {
                continue;
            }
            st = self.pipeline_tested(p, i + 1 < n).await?;
        }
        Ok(st)
    }

    /// Run a pipeline, with `set -e` ignored when `tested`.
    async fn pipeline_tested(&mut self, p: &Pipeline, tested: bool) -> R {
        if tested {
            self.no_errexit += 1;
        }
        let r = self.run_pipeline(p).await;
        if tested {
            self.no_errexit -= 1;
        }
        r
    }

    /// Run a pipeline in the foreground.
    #[inline(never)]
    pub fn run_pipeline<'a>(&'a mut self, p: &'a Pipeline) -> BoxFut<'a, R> {
        Box::pin(async move {
            if p.bang {
                self.no_errexit += 1;
            }
            let r = if p.cmds.len() == 1 {
                self.run_command(&p.cmds[0]).await
            } else {
                crate::bx!(self.run_multi(p, false)).await
            };
            if p.bang {
                self.no_errexit -= 1;
            }
            let st = r?;
            let st = if p.bang { (st == 0) as i32 } else { st };
            self.status = st;
            if !p.bang && st != 0 && self.opts.get('e') && self.no_errexit == 0 {
                return Err(Ctl::Exit(st));
            }
            Ok(st)
        })
    }

    /// Start every element of a pipeline; wait unless `bg`.
    async fn run_multi(&mut self, p: &Pipeline, bg: bool) -> R {
        self.flush_out().await;
        let n = p.cmds.len();
        let mut prev: Option<Fd> = None;
        let mut pids: Vec<i32> = Vec::new();
        let mut pgid = 0i32;
        for (i, cmd) in p.cmds.iter().enumerate() {
            let mut stdio = Vec::new();
            let mut w_end = None;
            let mut r_end = None;
            if i + 1 < n {
                match self.sys.pipe(OFlags::CLOEXEC).await {
                    Ok((r, w)) => {
                        w_end = Some(w);
                        r_end = Some(r);
                    }
                    Err(e) => {
                        self.msg(&format!("Pipe call failed: {}", e.message()))
                            .await;
                        break;
                    }
                }
            }
            if let Some(r) = prev {
                stdio.push(FileAction::Dup2 {
                    from: r,
                    to: Fd::STDIN,
                });
            } else if bg && !self.job_control {
                stdio.extend(self.devnull_stdin().await);
            }
            if let Some(w) = w_end {
                stdio.push(FileAction::Dup2 {
                    from: w,
                    to: Fd::STDOUT,
                });
            }
            let pg = if self.job_control {
                Some(Pid(pgid as u32))
            } else {
                None
            };
            let attrs = self.child_attrs(pg, !bg);
            let res = self.spawn_element(cmd, stdio, attrs).await;
            match res {
                Ok(pid) => {
                    if pgid == 0 && self.job_control {
                        pgid = pid.0 as i32;
                    }
                    pids.push(pid.0 as i32);
                }
                Err(st) => {
                    let fake = -(10_000 + st);
                    pids.push(fake);
                }
            }
            if let Some(w) = w_end {
                let _ = self.sys.close(w).await;
            }
            if let Some(r) = prev.take() {
                let _ = self.sys.close(r).await;
            }
            prev = r_end;
        }
        if let Some(r) = prev {
            let _ = self.sys.close(r).await;
        }
        let text = super::fmt::pipeline(&Pipeline {
            bang: false,
            cmds: p.cmds.clone(),
        });
        let real: Vec<i32> = pids.iter().map(|&p| if p < 0 { -1 } else { p }).collect();
        let id = self.jobs.add(pgid, &real, text, bg);
        // Elements that never started carry their status already.
        if let Some(job) = self.jobs.get_mut(id) {
            for (proc_, &p) in job.procs.iter_mut().zip(&pids) {
                if p < 0 {
                    proc_.status = Some(wosix_abi::WaitStatus::Exited((-p - 10_000) as u8));
                }
            }
        }
        if bg {
            self.last_bg = pids.iter().rev().find(|&&p| p > 0).copied();
            self.announce_bg(id).await;
            return Ok(0);
        }
        Ok(self.wait_job(id).await)
    }

    /// FileActions giving a background command /dev/null as standard input.
    async fn devnull_stdin(&mut self) -> Vec<FileAction> {
        if self.sys.stat("/dev/null").await.is_ok() {
            vec![FileAction::Open {
                fd: Fd::STDIN,
                path: "/dev/null".into(),
                flags: OFlags::RDONLY,
                mode: 0,
            }]
        } else {
            Vec::new()
        }
    }

    /// Print `[1] 1234` for a new background job of an interactive shell.
    async fn announce_bg(&mut self, id: usize) {
        if self.interactive {
            let pid = self
                .jobs
                .get(id)
                .and_then(|j| j.procs.last())
                .map_or(0, |p| p.pid);
            let line = format!("[{id}] {pid}\n");
            self.err.str(&line);
            self.flush_err().await;
        }
    }

    /// `and_or &`.
    async fn run_background(&mut self, ao: &AndOr) -> R {
        self.reap().await;
        if ao.rest.is_empty() && ao.first.cmds.len() > 1 {
            return self.run_multi(&ao.first, true).await;
        }
        let cmd = if ao.rest.is_empty() && !ao.first.bang {
            ao.first.cmds[0].clone()
        } else {
            let l = List {
                items: vec![Item {
                    cmd: ao.clone(),
                    bg: false,
                }],
            };
            Command::Compound {
                body: Compound::Brace(l),
                redirs: Vec::new(),
                line: self.lineno,
            }
        };
        let stdio = if self.job_control {
            Vec::new()
        } else {
            self.devnull_stdin().await
        };
        let pg = if self.job_control { Some(Pid(0)) } else { None };
        let attrs = self.child_attrs(pg, false);
        let text = super::fmt::and_or(ao);
        if let Ok(pid) = self.spawn_element(&cmd, stdio, attrs).await {
            let p = pid.0 as i32;
            let id = self
                .jobs
                .add(if self.job_control { p } else { 0 }, &[p], text, true);
            self.last_bg = Some(p);
            self.announce_bg(id).await;
        }
        Ok(0)
    }

    /// Run one command.
    #[inline(never)]
    pub fn run_command<'a>(&'a mut self, c: &'a Command) -> BoxFut<'a, R> {
        Box::pin(async move {
            match c {
                Command::Simple(s) => crate::bx!(self.run_simple(s)).await,
                Command::FuncDef { name, body, .. } => {
                    self.funcs.insert(name.clone(), Arc::new((**body).clone()));
                    Ok(0)
                }
                Command::Compound {
                    body: Compound::Subshell(l),
                    redirs,
                    line,
                } => {
                    self.lineno = *line;
                    if self.is_subshell_tail {
                        self.is_subshell_tail = false;
                        return crate::bx!(
                            self.compound_redirected(Compound::Brace(l.clone()), redirs)
                        )
                        .await;
                    }
                    Ok(crate::bx!(self.run_subshell(c)).await)
                }
                Command::Compound { body, redirs, line } => {
                    self.lineno = *line;
                    if redirs.is_empty() {
                        return crate::bx!(self.run_compound(body)).await;
                    }
                    crate::bx!(self.compound_redirected(body.clone(), redirs)).await
                }
            }
        })
    }

    /// A compound command with redirections applied around it.
    async fn compound_redirected(&mut self, body: Compound, redirs: &[Redir]) -> R {
        let saved = match self.apply_redirs(redirs, true).await {
            Ok(s) => s,
            Err(e) => return self.redir_failed(e, false).await,
        };
        let r = crate::bx!(self.run_compound(&body)).await;
        self.restore_redirs(saved).await;
        r
    }

    /// The status after failed redirections (fatal for special built-ins).
    pub async fn redir_failed(&mut self, e: super::redir::RedirErr, special: bool) -> R {
        match e {
            super::redir::RedirErr::Fatal(c) => Err(c),
            super::redir::RedirErr::Failed if special && !self.interactive => Err(Ctl::Error(2)),
            super::redir::RedirErr::Failed => Ok(2),
        }
    }

    async fn run_compound(&mut self, c: &Compound) -> R {
        match c {
            Compound::Brace(l) | Compound::Subshell(l) => self.run_list(l).await,
            Compound::If { arms, els } => {
                for (cond, body) in arms {
                    self.no_errexit += 1;
                    let r = self.run_list(cond).await;
                    self.no_errexit -= 1;
                    if r? == 0 {
                        return self.run_list(body).await;
                    }
                }
                match els {
                    Some(e) => self.run_list(e).await,
                    None => Ok(0),
                }
            }
            Compound::Loop { until, cond, body } => {
                self.loop_depth += 1;
                let r = crate::bx!(self.run_loop(*until, cond, body)).await;
                self.loop_depth -= 1;
                r
            }
            Compound::For { var, words, body } => {
                let items = match words {
                    Some(ws) => crate::bx!(self.expand_words(ws)).await?,
                    None => self.params.clone(),
                };
                self.loop_depth += 1;
                let mut st = 0;
                let mut result = Ok(0);
                for it in items {
                    if let Err(m) = self.setvar(var, &it) {
                        result = Err(crate::bx!(self.fatal(&m)).await);
                        break;
                    }
                    match self.run_list(body).await {
                        Ok(s) => st = s,
                        Err(Ctl::Break(n)) => {
                            result = if n > 1 {
                                Err(Ctl::Break(n - 1))
                            } else {
                                Ok(st)
                            };
                            break;
                        }
                        Err(Ctl::Continue(n)) if n > 1 => {
                            result = Err(Ctl::Continue(n - 1));
                            break;
                        }
                        Err(Ctl::Continue(_)) => {}
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                    result = Ok(st);
                }
                self.loop_depth -= 1;
                result
            }
            Compound::Case { word, arms } => {
                let subject = crate::bx!(self.expand_one(word)).await?;
                let chars: Vec<char> = subject.chars().collect();
                for arm in arms {
                    for pat in &arm.pats {
                        let p = crate::bx!(self.expand_pattern(pat)).await?;
                        if p.matches(&chars) {
                            return self.run_list(&arm.body).await;
                        }
                    }
                }
                Ok(0)
            }
        }
    }

    async fn run_loop(&mut self, until: bool, cond: &List, body: &List) -> R {
        let mut st = 0;
        loop {
            self.no_errexit += 1;
            let c = self.run_list(cond).await;
            self.no_errexit -= 1;
            let c = match c {
                Ok(v) => v,
                Err(Ctl::Break(n)) => {
                    return if n > 1 {
                        Err(Ctl::Break(n - 1))
                    } else {
                        Ok(st)
                    };
                }
                Err(Ctl::Continue(n)) if n > 1 => return Err(Ctl::Continue(n - 1)),
                Err(Ctl::Continue(_)) => continue,
                Err(e) => return Err(e),
            };
            if (c == 0) == until {
                return Ok(st);
            }
            match self.run_list(body).await {
                Ok(s) => st = s,
                Err(Ctl::Break(n)) => {
                    return if n > 1 {
                        Err(Ctl::Break(n - 1))
                    } else {
                        Ok(st)
                    };
                }
                Err(Ctl::Continue(n)) if n > 1 => return Err(Ctl::Continue(n - 1)),
                Err(Ctl::Continue(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Call a function with arguments `argv[1..]`.
    pub async fn call_function(&mut self, f: Arc<Command>, argv: &[String]) -> R {
        let saved_params = std::mem::replace(&mut self.params, argv[1..].to_vec());
        let saved_loops = std::mem::replace(&mut self.loop_depth, 0);
        if self.nest >= MAX_NEST {
            self.params = saved_params;
            self.loop_depth = saved_loops;
            let m = format!("{}: maximum nesting depth exceeded ({MAX_NEST})", argv[0]);
            return Err(crate::bx!(self.fatal(&m)).await);
        }
        self.func_depth += 1;
        self.nest += 1;
        self.vars.frames.push(Vec::new());
        let r = self.run_command(&f).await;
        self.nest -= 1;
        self.vars.pop_frame();
        self.func_depth -= 1;
        self.loop_depth = saved_loops;
        self.params = saved_params;
        match r {
            Err(Ctl::Return(s)) => Ok(s),
            other => other,
        }
    }

    /// Parse and run a string (`eval`, `.`, traps); syntax errors are fatal and reported
    /// with `prefix` (`eval: Syntax error: …`).
    pub async fn eval_text(&mut self, text: &str, prefix: Option<&str>) -> R {
        if self.nest >= MAX_NEST {
            let m = format!(
                "{}maximum nesting depth exceeded ({MAX_NEST})",
                prefix.map(|p| format!("{p}: ")).unwrap_or_default()
            );
            return Err(crate::bx!(self.fatal(&m)).await);
        }
        self.nest += 1;
        let r = crate::bx!(self.eval_text_inner(text, prefix)).await;
        self.nest -= 1;
        r
    }

    async fn eval_text_inner(&mut self, text: &str, prefix: Option<&str>) -> R {
        let chars: Vec<char> = text.chars().collect();
        let mut pos = 0;
        let mut st = 0;
        let mut line = 1;
        loop {
            let aliases = self.aliases.clone();
            let mut p = super::parser::Parser::new(&chars[pos..], line, true, &aliases);
            let parsed = p.parse_one();
            pos += p.consumed();
            line = p.line;
            match parsed {
                Ok(super::parser::Parsed::Eof) => return Ok(st),
                Ok(super::parser::Parsed::Empty) => {}
                Ok(super::parser::Parsed::Cmd(l)) => st = self.run_list(&l).await?,
                Err(super::parser::ParseError::Syntax { msg, line }) => {
                    self.lineno = line;
                    let pre = prefix.map(|p| format!("{p}: ")).unwrap_or_default();
                    return Err(self.fatal(&format!("{pre}Syntax error: {msg}")).await);
                }
                Err(super::parser::ParseError::Incomplete) => return Ok(st),
            }
        }
    }
}
