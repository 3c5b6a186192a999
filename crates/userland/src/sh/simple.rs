//! Simple commands (XCU 2.9.1): expanding words and assignments, tracing with `set -x`,
//! looking the name up (special built-in, function, built-in, then `PATH`), and running it
//! with its redirections and prefix assignments — permanent for special built-ins, temporary
//! for functions and regular built-ins, environment-only for programs.

use super::ast::Simple;
use super::builtins;
use super::redir::{RedirErr, SpawnFds};
use super::shell::Shell;
use super::spawn::Resolved;
use super::state::{Ctl, R, Var};
use wosix_abi::{Pid, fcntl::access};

impl Shell {
    /// Expand the words and assignment values of a simple command.
    pub async fn prepare_simple(
        &mut self,
        s: &Simple,
    ) -> Result<(Vec<String>, Vec<(String, String)>), Ctl> {
        let argv = self.expand_words(&s.words).await?;
        let mut assigns = Vec::with_capacity(s.assigns.len());
        for a in &s.assigns {
            let v = self.expand_assign(&a.value).await?;
            assigns.push((a.name.clone(), v));
        }
        Ok((argv, assigns))
    }

    /// Print the `set -x` trace line.
    pub async fn xtrace(&mut self, assigns: &[(String, String)], argv: &[String]) {
        let ps4 = self.var("PS4").unwrap_or("+ ").to_string();
        let mut line = ps4;
        let mut first = true;
        for (n, v) in assigns {
            if !first {
                line.push(' ');
            }
            first = false;
            line.push_str(&format!("{n}={v}"));
        }
        for a in argv {
            if !first {
                line.push(' ');
            }
            first = false;
            line.push_str(a);
        }
        line.push('\n');
        let _ = self.out.flush(&self.sys).await;
        self.err.str(&line);
        self.flush_err().await;
    }

    /// Search `PATH` for an executable regular file.
    pub async fn path_search(&mut self, name: &str) -> Option<String> {
        let path = self.var("PATH").unwrap_or("").to_string();
        for dir in path.split(':') {
            let full = if dir.is_empty() {
                name.to_string()
            } else if dir.ends_with('/') {
                format!("{dir}{name}")
            } else {
                format!("{dir}/{name}")
            };
            if let Ok(st) = self.sys.stat(&full).await
                && !st.is_dir()
                && self.sys.access(&full, access::X_OK).await.is_ok()
            {
                return Some(full);
            }
        }
        None
    }

    /// Find what a command name refers to.
    pub async fn resolve(&mut self, name: &str) -> Resolved {
        if name.contains('/') {
            return Resolved::External(name.to_string());
        }
        if builtins::is_special(name) {
            return Resolved::Special;
        }
        if let Some(f) = self.funcs.get(name) {
            return Resolved::Function(f.clone());
        }
        if builtins::is_builtin(name) {
            return Resolved::Builtin;
        }
        if let Some(p) = self.hash.get(name).cloned() {
            if self.sys.access(&p, access::X_OK).await.is_ok() {
                return Resolved::External(p);
            }
            self.hash.remove(name);
        }
        match self.path_search(name).await {
            Some(p) => {
                self.hash.insert(name.to_string(), p.clone());
                Resolved::External(p)
            }
            None => Resolved::NotFound,
        }
    }

    /// Run a simple command. Every step is a boxed call (see [`super::expand::boxed`]) so this
    /// frame, which stays on the stack while a function runs, is small.
    pub async fn run_simple(&mut self, s: &Simple) -> R {
        self.lineno = s.line;
        self.subst_status = None;
        if s.words.is_empty() {
            return crate::bx!(self.assign_only(s)).await;
        }
        let (argv, assigns) = crate::bx!(self.prepare_simple(s)).await?;
        if self.opts.get('x') {
            crate::bx!(self.xtrace(&assigns, &argv)).await;
        }
        if argv.is_empty() {
            return crate::bx!(self.no_command(s, &assigns)).await;
        }
        let name = argv[0].clone();
        match crate::bx!(self.resolve(&name)).await {
            Resolved::Special => crate::bx!(self.simple_special(s, &argv, &assigns)).await,
            Resolved::Function(f) => {
                crate::bx!(self.simple_function(f, &argv, &assigns, &s.redirs)).await
            }
            Resolved::Builtin => crate::bx!(self.simple_builtin(s, &argv, &assigns)).await,
            Resolved::External(path) => {
                crate::bx!(self.run_external(&path, &argv, &assigns, s)).await
            }
            Resolved::NotFound => crate::bx!(self.not_found(s, &name)).await,
        }
    }

    /// Assignments alone: each is expanded after the previous one took effect.
    async fn assign_only(&mut self, s: &Simple) -> R {
        let mut done = Vec::new();
        for a in &s.assigns {
            let v = self.expand_assign(&a.value).await?;
            if let Err(m) = self.setvar(&a.name, &v) {
                return Err(self.fatal(&m).await);
            }
            done.push((a.name.clone(), v));
        }
        if self.opts.get('x') {
            self.xtrace(&done, &[]).await;
        }
        self.redirect_only(s).await
    }

    /// Words that expanded to nothing: assignments persist, redirections are made and undone.
    async fn no_command(&mut self, s: &Simple, assigns: &[(String, String)]) -> R {
        for (n, v) in assigns {
            if let Err(m) = self.setvar(n, v) {
                return Err(self.fatal(&m).await);
            }
        }
        self.redirect_only(s).await
    }

    async fn redirect_only(&mut self, s: &Simple) -> R {
        let st = self.subst_status.unwrap_or(0);
        if !s.redirs.is_empty() {
            match self.apply_redirs(&s.redirs, true).await {
                Ok(saved) => self.restore_redirs(saved).await,
                Err(e) => return self.redir_failed(e, false).await,
            }
        }
        Ok(st)
    }

    /// A special built-in: prefix assignments persist; `exec` without a command makes its
    /// redirections permanent.
    async fn simple_special(
        &mut self,
        s: &Simple,
        argv: &[String],
        assigns: &[(String, String)],
    ) -> R {
        for (n, v) in assigns {
            if let Err(m) = self.setvar(n, v) {
                return Err(self.fatal(&m).await);
            }
        }
        if argv[0] == "exec" && argv.len() == 1 {
            return match self.apply_redirs(&s.redirs, false).await {
                Ok(_) => Ok(0),
                Err(e) => self.redir_failed(e, true).await,
            };
        }
        self.run_builtin_redirected(argv, &s.redirs, true).await
    }

    /// A regular built-in with temporary prefix assignments.
    async fn simple_builtin(
        &mut self,
        s: &Simple,
        argv: &[String],
        assigns: &[(String, String)],
    ) -> R {
        let saved_vars = self.temp_assign(assigns).await?;
        let r = crate::bx!(self.run_builtin_redirected(argv, &s.redirs, argv[0] == "local")).await;
        self.untemp(saved_vars);
        r
    }

    /// `name: not found` (127), after performing the redirections like dash's child does.
    async fn not_found(&mut self, s: &Simple, name: &str) -> R {
        if !s.redirs.is_empty() {
            match self.apply_redirs(&s.redirs, true).await {
                Ok(saved) => {
                    self.msg(&format!("{name}: not found")).await;
                    self.restore_redirs(saved).await;
                }
                Err(e) => return self.redir_failed(e, false).await,
            }
        } else {
            self.msg(&format!("{name}: not found")).await;
        }
        Ok(127)
    }

    /// Call a function from a simple command.
    async fn simple_function(
        &mut self,
        f: std::sync::Arc<super::ast::Command>,
        argv: &[String],
        assigns: &[(String, String)],
        redirs: &[super::ast::Redir],
    ) -> R {
        let saved_vars = crate::bx!(self.temp_assign(assigns)).await?;
        let r = match crate::bx!(self.apply_redirs(redirs, true)).await {
            Ok(saved) => {
                let r = crate::bx!(self.call_function(f, argv)).await;
                crate::bx!(self.restore_redirs(saved)).await;
                r
            }
            Err(e) => crate::bx!(self.redir_failed(e, false)).await,
        };
        self.untemp(saved_vars);
        r
    }

    /// Run a built-in with redirections applied to the shell and undone afterwards.
    pub async fn run_builtin_redirected(
        &mut self,
        argv: &[String],
        redirs: &[super::ast::Redir],
        special: bool,
    ) -> R {
        let saved = match self.apply_redirs(redirs, true).await {
            Ok(s) => s,
            Err(e) => return self.redir_failed(e, special).await,
        };
        let r = self.run_builtin(argv).await;
        let ok = self.flush_out().await;
        self.restore_redirs(saved).await;

        match r {
            Ok(0) if !ok => {
                let n = &argv[0];
                self.msg(&format!("{n}: {n}: I/O error")).await;
                Ok(1)
            }
            Err(Ctl::Error(st)) if !special => Ok(st),
            other => other,
        }
    }

    /// Set prefix assignments for a built-in or function call; returns the old values.
    async fn temp_assign(
        &mut self,
        assigns: &[(String, String)],
    ) -> Result<Vec<(String, Option<Var>)>, Ctl> {
        let mut saved = Vec::new();
        for (n, v) in assigns {
            saved.push((n.clone(), self.vars.map.get(n).cloned()));
            if let Err(m) = self.vars.set(n, v) {
                self.untemp(saved);
                return Err(self.fatal(&m).await);
            }
            if let Some(var) = self.vars.map.get_mut(n) {
                var.exported = true;
            }
        }
        Ok(saved)
    }

    fn untemp(&mut self, saved: Vec<(String, Option<Var>)>) {
        for (n, v) in saved.into_iter().rev() {
            match v {
                Some(v) => {
                    self.vars.map.insert(n, v);
                }
                None => {
                    self.vars.map.remove(&n);
                }
            }
        }
    }

    /// Run a program in the foreground.
    async fn run_external(
        &mut self,
        path: &str,
        argv: &[String],
        assigns: &[(String, String)],
        s: &Simple,
    ) -> R {
        let mut fds = SpawnFds::default();
        if let Err(e) = self.redir_actions(&s.redirs, &mut fds).await {
            self.close_spawn_fds(&fds).await;
            return match e {
                RedirErr::Fatal(c) => Err(c),
                RedirErr::Failed => Ok(2),
            };
        }
        let envp = self.env_with(assigns);
        let pg = if self.job_control { Some(Pid(0)) } else { None };
        let attrs = self.child_attrs(pg, true);
        let r = self
            .spawn_program(path, argv, envp, fds.actions.clone(), attrs)
            .await;
        self.close_spawn_fds(&fds).await;
        match r {
            Ok(pid) => {
                let p = pid.0 as i32;
                let text = argv.join(" ");
                let id = self
                    .jobs
                    .add(if self.job_control { p } else { 0 }, &[p], text, false);
                Ok(self.wait_job(id).await)
            }
            Err(st) => Ok(st),
        }
    }
}
