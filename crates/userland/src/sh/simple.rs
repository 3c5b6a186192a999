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

    /// Run a simple command.
    pub async fn run_simple(&mut self, s: &Simple) -> R {
        self.lineno = s.line;
        self.subst_status = None;
        if s.words.is_empty() {
            // Assignments alone: each is expanded after the previous one took effect.
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
            let st = self.subst_status.unwrap_or(0);
            if !s.redirs.is_empty() {
                match self.apply_redirs(&s.redirs, true).await {
                    Ok(saved) => self.restore_redirs(saved).await,
                    Err(e) => return self.redir_failed(e, false).await,
                }
            }
            return Ok(st);
        }
        let (argv, assigns) = self.prepare_simple(s).await?;
        if self.opts.get('x') {
            self.xtrace(&assigns, &argv).await;
        }
        if argv.is_empty() {
            for (n, v) in &assigns {
                if let Err(m) = self.setvar(n, v) {
                    return Err(self.fatal(&m).await);
                }
            }
            let st = self.subst_status.unwrap_or(0);
            if !s.redirs.is_empty() {
                match self.apply_redirs(&s.redirs, true).await {
                    Ok(saved) => self.restore_redirs(saved).await,
                    Err(e) => return self.redir_failed(e, false).await,
                }
            }
            return Ok(st);
        }
        let name = argv[0].clone();
        match self.resolve(&name).await {
            Resolved::Special if name == "exec" && argv.len() == 1 => {
                for (n, v) in &assigns {
                    if let Err(m) = self.setvar(n, v) {
                        return Err(self.fatal(&m).await);
                    }
                }
                match self.apply_redirs(&s.redirs, false).await {
                    Ok(_) => Ok(0),
                    Err(e) => self.redir_failed(e, true).await,
                }
            }
            Resolved::Special => {
                for (n, v) in &assigns {
                    if let Err(m) = self.setvar(n, v) {
                        return Err(self.fatal(&m).await);
                    }
                }
                self.run_builtin_redirected(&argv, &s.redirs, true).await
            }
            Resolved::Function(f) => {
                let saved_vars = self.temp_assign(&assigns).await?;
                let r = match self.apply_redirs(&s.redirs, true).await {
                    Ok(saved) => {
                        let r = self.call_function(f, &argv).await;
                        self.restore_redirs(saved).await;
                        r
                    }
                    Err(e) => self.redir_failed(e, false).await,
                };
                self.untemp(saved_vars);
                r
            }
            Resolved::Builtin => {
                let saved_vars = self.temp_assign(&assigns).await?;
                let r = self
                    .run_builtin_redirected(&argv, &s.redirs, name == "local")
                    .await;
                self.untemp(saved_vars);
                r
            }
            Resolved::External(path) => self.run_external(&path, &argv, &assigns, s).await,
            Resolved::NotFound => {
                // Redirections are still performed (and may fail first).
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
        }
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
