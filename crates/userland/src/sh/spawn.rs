//! Starting processes. Wosix has no fork, so everything POSIX runs in a subshell environment
//! — pipeline elements, `( … )`, command substitutions, asynchronous lists — runs in a new
//! `/bin/sh` that receives the shell's state and the command as JSON through a pipe
//! (`sh --wosix-subshell FD`). Plain programs are spawned directly, their redirections turned
//! into file actions. Spawn errors map to dash's diagnostics: `not found` (127),
//! `Permission denied` (126), and ENOEXEC runs the file as a shell script.

use super::ast::{Command, Compound, List, Part, Simple, Word};
use super::expand::BoxFut;
use super::redir::{RedirErr, SpawnFds};
use super::shell::Shell;
use super::state::{Ctl, Snapshot};
use serde::{Deserialize, Serialize};
use wosix_abi::{
    Errno, FcntlCmd, Fd, FileAction, OFlags, Pid, Signal, SpawnAttrs, SpawnRequest, WaitOptions,
};

/// What a subshell child is asked to do.
#[derive(Serialize, Deserialize)]
pub enum Payload {
    /// Run a command with the given state.
    Run(Box<Snapshot>, Box<Command>),
    /// Write these bytes to standard output (a large here-document).
    Feed(Vec<u8>),
}

/// Where a command resolved to.
pub enum Resolved {
    /// A special built-in.
    Special,
    /// A function.
    Function(std::sync::Arc<Command>),
    /// A regular built-in.
    Builtin,
    /// A program at this path.
    External(String),
    /// Nothing.
    NotFound,
}

fn pure_parts(parts: &[Part]) -> bool {
    parts.iter().all(|p| match p {
        Part::Lit(_) | Part::Quoted(_) => true,
        Part::DQ(inner) => pure_parts(inner),
        Part::Param(pe) => pe.op != super::ast::ParamOp::Assign && pure_parts(&pe.word),
        Part::Cmd(_) => false,
        Part::Arith(inner) => {
            let text = super::fmt::word(&Word {
                parts: inner.clone(),
            });
            let t = text
                .replace("==", "")
                .replace("!=", "")
                .replace("<=", "")
                .replace(">=", "");
            !t.contains('=') && pure_parts(inner)
        }
    })
}

/// Whether expanding a simple command has no effect on the shell (so the shell may expand it
/// itself and spawn the program directly).
fn pure_simple(s: &Simple) -> bool {
    s.words.iter().all(|w| pure_parts(&w.parts))
        && s.assigns.iter().all(|a| pure_parts(&a.value.parts))
        && s.redirs.iter().all(|r| {
            pure_parts(&r.target.parts) && !matches!(r.op, super::ast::RedirOp::Here { .. })
        })
}

impl Shell {
    /// Attributes for a child: signals the shell catches or ignores for job control go back to
    /// their defaults.
    pub fn child_attrs(&self, pgroup: Option<Pid>, foreground: bool) -> SpawnAttrs {
        let mut def = self.caught;
        if self.interactive {
            for s in [
                Signal::SIGINT,
                Signal::SIGQUIT,
                Signal::SIGTSTP,
                Signal::SIGTTIN,
                Signal::SIGTTOU,
                Signal::SIGTERM,
            ] {
                if !self.traps.get(&(s as u32)).is_some_and(|a| a.is_empty()) {
                    def.insert(s);
                }
            }
        }
        SpawnAttrs {
            pgroup,
            foreground: foreground && self.job_control,
            sigdefault: def,
            ..SpawnAttrs::default()
        }
    }

    /// The environment for a program: exported variables plus command-prefix assignments.
    pub fn env_with(&self, assigns: &[(String, String)]) -> Vec<String> {
        if assigns.is_empty() {
            return self.vars.environ();
        }
        let mut vars = self.vars.clone();
        for (n, v) in assigns {
            let e = vars.map.entry(n.clone()).or_default();
            e.value = Some(v.clone());
            e.exported = true;
        }
        vars.environ()
    }

    /// Spawn a subshell child running `cmd`.
    pub async fn spawn_sub(
        &mut self,
        cmd: &Command,
        actions: Vec<FileAction>,
        attrs: SpawnAttrs,
    ) -> Result<Pid, Errno> {
        let payload = Payload::Run(Box::new(self.snapshot()), Box::new(cmd.clone()));
        self.spawn_payload(&payload, actions, attrs).await
    }

    async fn spawn_payload(
        &mut self,
        payload: &Payload,
        mut actions: Vec<FileAction>,
        attrs: SpawnAttrs,
    ) -> Result<Pid, Errno> {
        let data = serde_json::to_vec(payload).map_err(|_| Errno::EINVAL)?;
        self.flush_out().await;
        let (r, w) = self.sys.pipe(OFlags::CLOEXEC).await?;
        let hi = match self.sys.fcntl(r, FcntlCmd::DupFdCloexec(Fd(20))).await {
            Ok(n) => Fd(n as u32),
            Err(e) => {
                let _ = self.sys.close(r).await;
                let _ = self.sys.close(w).await;
                return Err(e);
            }
        };
        let _ = self.sys.close(r).await;
        actions.push(FileAction::Dup2 { from: hi, to: hi });
        let req = SpawnRequest {
            path: "/bin/sh".into(),
            argv: vec!["sh".into(), "--wosix-subshell".into(), hi.0.to_string()],
            envp: self.vars.environ(),
            file_actions: actions,
            attrs,
        };
        let res = self.sys.spawn(req).await;
        let _ = self.sys.close(hi).await;
        if res.is_ok() {
            let _ = self.sys.write_all(w, &data).await;
        }
        let _ = self.sys.close(w).await;
        res
    }

    /// Start a helper that writes `data` to `w` (for large here-documents).
    pub async fn spawn_feeder(&mut self, data: &[u8], w: Fd) -> Result<(), Errno> {
        let payload = Payload::Feed(data.to_vec());
        let actions = vec![FileAction::Dup2 {
            from: w,
            to: Fd::STDOUT,
        }];
        let pid = self
            .spawn_payload(&payload, actions, SpawnAttrs::default())
            .await?;
        self.feeders.push(pid.0 as i32);
        Ok(())
    }

    /// Collect finished here-document helpers.
    pub async fn reap_feeders(&mut self) {
        let pids = std::mem::take(&mut self.feeders);
        for pid in pids {
            if let Ok(None) = self.sys.waitpid(pid, WaitOptions::WNOHANG).await {
                self.feeders.push(pid);
            }
        }
    }

    /// Spawn a program, mapping failures to dash's messages; `Err` carries the status.
    pub async fn spawn_program(
        &mut self,
        path: &str,
        argv: &[String],
        envp: Vec<String>,
        actions: Vec<FileAction>,
        attrs: SpawnAttrs,
    ) -> Result<Pid, i32> {
        self.flush_out().await;
        let req = SpawnRequest {
            path: path.into(),
            argv: argv.to_vec(),
            envp,
            file_actions: actions,
            attrs,
        };
        let name = argv.first().cloned().unwrap_or_default();
        match self.sys.spawn(req.clone()).await {
            Ok(p) => Ok(p),
            Err(Errno::ENOEXEC) => {
                let mut a = vec!["sh".to_string(), path.to_string()];
                a.extend(argv.iter().skip(1).cloned());
                let req2 = SpawnRequest {
                    path: "/bin/sh".into(),
                    argv: a,
                    ..req
                };
                self.sys.spawn(req2).await.map_err(|_| 126)
            }
            Err(e) => {
                let (m, st) = match e {
                    Errno::ENOENT | Errno::ENOTDIR => ("not found".to_string(), 127),
                    Errno::EACCES | Errno::EPERM | Errno::EISDIR => {
                        ("Permission denied".to_string(), 126)
                    }
                    e => (e.message().to_string(), 126),
                };
                self.msg(&format!("{name}: {m}")).await;
                Err(st)
            }
        }
    }

    /// Start one command as a child process (a pipeline element, an asynchronous command or a
    /// command substitution). `Err` carries the status of a command that could not start.
    pub fn spawn_element<'a>(
        &'a mut self,
        cmd: &'a Command,
        stdio: Vec<FileAction>,
        attrs: SpawnAttrs,
    ) -> BoxFut<'a, Result<Pid, i32>> {
        Box::pin(async move {
            if let Command::Simple(s) = cmd
                && pure_simple(s)
            {
                self.lineno = s.line;
                let prep = self.prepare_simple(s).await;
                match prep {
                    Err(_) => return Err(2),
                    Ok((argv, assigns)) if !argv.is_empty() => {
                        if let Resolved::External(path) = self.resolve(&argv[0]).await {
                            if self.opts.get('x') {
                                self.xtrace(&assigns, &argv).await;
                            }
                            let mut fds = SpawnFds {
                                actions: stdio,
                                close: Vec::new(),
                            };
                            if let Err(e) = self.redir_actions(&s.redirs, &mut fds).await {
                                self.close_spawn_fds(&fds).await;
                                return Err(match e {
                                    RedirErr::Fatal(Ctl::Error(n)) => n,
                                    _ => 2,
                                });
                            }
                            let envp = self.env_with(&assigns);
                            let r = self
                                .spawn_program(&path, &argv, envp, fds.actions.clone(), attrs)
                                .await;
                            self.close_spawn_fds(&fds).await;
                            return r;
                        }
                    }
                    Ok(_) => {}
                }
            }
            match self.spawn_sub(cmd, stdio, attrs).await {
                Ok(p) => Ok(p),
                Err(e) => {
                    self.msg(&format!("can't fork: {}", e.message())).await;
                    Err(2)
                }
            }
        })
    }

    /// Wait for one child (not a job), returning its shell status.
    pub async fn wait_pid(&mut self, pid: Pid) -> i32 {
        loop {
            match self.sys.waitpid(pid.0 as i32, WaitOptions::empty()).await {
                Ok(Some((_, st))) => return st.shell_status(),
                Ok(None) => {}
                Err(Errno::EINTR) => self.collect_signals().await,
                Err(_) => return 0,
            }
        }
    }

    /// `$(list)`: run `list` in a subshell and return what it wrote.
    pub async fn command_subst(&mut self, l: &List) -> Result<String, Ctl> {
        self.flush_out().await;
        let (r, w) = match self.sys.pipe(OFlags::CLOEXEC).await {
            Ok(p) => p,
            Err(e) => return Err(self.fatal(&format!("pipe: {}", e.message())).await),
        };
        let cmd = list_as_command(l);
        let stdio = vec![FileAction::Dup2 {
            from: w,
            to: Fd::STDOUT,
        }];
        let attrs = self.child_attrs(None, false);
        let started = self.spawn_element(&cmd, stdio, attrs).await;
        let _ = self.sys.close(w).await;
        let mut data = Vec::new();
        loop {
            match self.sys.read_vec(r, 65536).await {
                Ok(chunk) if chunk.is_empty() => break,
                Ok(chunk) => data.extend_from_slice(&chunk),
                Err(Errno::EINTR) => self.collect_signals().await,
                Err(_) => break,
            }
        }
        let _ = self.sys.close(r).await;
        let st = match started {
            Ok(pid) => self.wait_pid(pid).await,
            Err(s) => s,
        };
        self.subst_status = Some(st);
        Ok(String::from_utf8_lossy(&data).into_owned())
    }

    /// `( list )` with redirections, in a child.
    pub async fn run_subshell(&mut self, cmd: &Command) -> i32 {
        let pg = if self.job_control { Some(Pid(0)) } else { None };
        let attrs = self.child_attrs(pg, true);
        match self.spawn_sub(cmd, Vec::new(), attrs).await {
            Ok(pid) => {
                let text = super::fmt::command(cmd);
                let id = self.jobs.add(pid.0 as i32, &[pid.0 as i32], text, false);
                self.wait_job(id).await
            }
            Err(e) => {
                self.msg(&format!("can't fork: {}", e.message())).await;
                2
            }
        }
    }
}

/// A list as one command (a brace group unless it is a single foreground command).
pub fn list_as_command(l: &List) -> Command {
    if let [item] = &l.items[..]
        && !item.bg
        && item.cmd.rest.is_empty()
        && !item.cmd.first.bang
        && item.cmd.first.cmds.len() == 1
    {
        return item.cmd.first.cmds[0].clone();
    }
    Command::Compound {
        body: Compound::Brace(l.clone()),
        redirs: Vec::new(),
        line: 0,
    }
}
