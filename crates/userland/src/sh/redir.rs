//! Redirections (XCU 2.7). For built-ins, functions and compound commands they are applied
//! to the shell's own descriptors, which are first saved above 10 and restored afterwards;
//! `exec` applies them for good. For programs they become spawn file actions: the shell opens
//! the files itself (so errors read like dash's `cannot open x: No such file`) and the child
//! receives them with `dup2` actions. Here-documents are fed through pipes; a body too big
//! for the pipe is written by a helper subshell so nobody blocks.

use super::ast::{HereBody, Redir, RedirOp};
use super::shell::Shell;
use super::state::Ctl;
use wosix_abi::{Errno, FcntlCmd, Fd, FileAction, OFlags};

/// A descriptor saved while a redirection is in effect.
#[derive(Clone, Copy, Debug)]
pub struct SavedFd {
    fd: i32,
    saved: Option<Fd>,
}

/// Why redirections failed.
#[derive(Clone, Copy, Debug)]
pub enum RedirErr {
    /// An expansion error (already fatal).
    Fatal(Ctl),
    /// Opening failed; the message was printed.
    Failed,
}

/// dash's `errmsg`: ENOENT/ENOTDIR read "No such file" when opening, "Directory nonexistent"
/// when creating.
pub fn open_errmsg(e: Errno, create: bool) -> String {
    match e {
        Errno::ENOENT | Errno::ENOTDIR => (if create {
            "Directory nonexistent"
        } else {
            "No such file"
        })
        .into(),
        e => e.message().into(),
    }
}

/// Descriptors the shell opened for a spawn, closed once the child exists.
#[derive(Default)]
pub struct SpawnFds {
    /// File actions for the child.
    pub actions: Vec<FileAction>,
    /// Parent copies to close after spawning.
    pub close: Vec<Fd>,
}

impl Shell {
    /// Open the file of a redirection (close-on-exec).
    async fn open_target(&mut self, r: &Redir, path: &str) -> Result<Fd, RedirErr> {
        let cx = OFlags::CLOEXEC;
        let (flags, create) = match r.op {
            RedirOp::In => (OFlags::RDONLY, false),
            RedirOp::Out if self.opts.get('C') => match self.sys.stat(path).await {
                Ok(st) if st.file_type() == wosix_abi::FileType::Regular => {
                    self.msg(&format!("cannot create {path}: File exists"))
                        .await;
                    return Err(RedirErr::Failed);
                }
                Ok(_) => (OFlags::WRONLY, true),
                Err(_) => (OFlags::WRONLY | OFlags::CREAT | OFlags::EXCL, true),
            },
            RedirOp::Out | RedirOp::Clobber => {
                (OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC, true)
            }
            RedirOp::Append => (OFlags::WRONLY | OFlags::CREAT | OFlags::APPEND, true),
            _ => (OFlags::RDWR | OFlags::CREAT, true),
        };
        match self.sys.open(path, flags | cx, 0o666).await {
            Ok(fd) => Ok(fd),
            Err(e) => {
                let what = if create { "create" } else { "open" };
                self.msg(&format!("cannot {what} {path}: {}", open_errmsg(e, create)))
                    .await;
                Err(RedirErr::Failed)
            }
        }
    }

    /// The contents of a here-document.
    async fn heredoc_text(&mut self, body: &HereBody) -> Result<String, RedirErr> {
        match body {
            HereBody::Literal(s) => Ok(s.clone()),
            HereBody::Expand(parts) => self.expand_quoted(parts).await.map_err(RedirErr::Fatal),
        }
    }

    /// A pipe read end from which `data` can be read.
    pub async fn data_fd(&mut self, data: &[u8]) -> Result<Fd, Errno> {
        let (r, w) = self.sys.pipe(OFlags::CLOEXEC).await?;
        let _ = self.sys.fcntl(w, FcntlCmd::SetFl(OFlags::NONBLOCK)).await;
        let mut rest = data;
        while !rest.is_empty() {
            match self.sys.write(w, rest).await {
                Ok(0) | Err(_) => break,
                Ok(n) => rest = &rest[n..],
            }
        }
        if !rest.is_empty() {
            let _ = self.sys.fcntl(w, FcntlCmd::SetFl(OFlags::empty())).await;
            let _ = self.spawn_feeder(rest, w).await;
        }
        let _ = self.sys.close(w).await;
        Ok(r)
    }

    /// The descriptor number a `>&word` target names.
    async fn dup_target(&mut self, t: &str) -> Result<Option<i32>, RedirErr> {
        if t == "-" {
            return Ok(None);
        }
        match t.parse::<i32>() {
            Ok(n) if n >= 0 && t.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(n)),
            _ => Err(RedirErr::Fatal(
                self.fatal("Syntax error: Bad fd number").await,
            )),
        }
    }

    /// Apply redirections to the shell itself; with `save`, remember how to undo them.
    pub async fn apply_redirs(
        &mut self,
        redirs: &[Redir],
        save: bool,
    ) -> Result<Vec<SavedFd>, RedirErr> {
        self.flush_out().await;
        let mut saved = Vec::new();
        for r in redirs {
            if let Err(e) = self.apply_one(r, save, &mut saved).await {
                self.restore_redirs(saved).await;
                return Err(e);
            }
        }
        Ok(saved)
    }

    async fn apply_one(
        &mut self,
        r: &Redir,
        save: bool,
        saved: &mut Vec<SavedFd>,
    ) -> Result<(), RedirErr> {
        let target = Fd(r.fd as u32);
        // Work out the new descriptor before touching the old one.
        let new: Option<Fd> = match &r.op {
            RedirOp::DupIn | RedirOp::DupOut => {
                let t = self.expand_one(&r.target).await.map_err(RedirErr::Fatal)?;
                match self.dup_target(&t).await? {
                    None => None,
                    Some(n) if n == r.fd => {
                        if self.sys.fcntl(target, FcntlCmd::GetFd).await.is_err() {
                            self.msg(&format!("{n}: Bad file descriptor")).await;
                            return Err(RedirErr::Failed);
                        }
                        return Ok(());
                    }
                    Some(n) => match self
                        .sys
                        .fcntl(Fd(n as u32), FcntlCmd::DupFdCloexec(Fd(10)))
                        .await
                    {
                        Ok(f) => Some(Fd(f as u32)),
                        Err(_) => {
                            self.msg(&format!("{n}: Bad file descriptor")).await;
                            return Err(RedirErr::Failed);
                        }
                    },
                }
            }
            RedirOp::Here { body, .. } => {
                let text = self.heredoc_text(body).await?;
                match self.data_fd(text.as_bytes()).await {
                    Ok(f) => Some(f),
                    Err(e) => {
                        self.msg(&format!("cannot create here-document: {}", e.message()))
                            .await;
                        return Err(RedirErr::Failed);
                    }
                }
            }
            _ => {
                let path = self.expand_one(&r.target).await.map_err(RedirErr::Fatal)?;
                Some(self.open_target(r, &path).await?)
            }
        };
        if save && !saved.iter().any(|s| s.fd == r.fd) {
            let s = match self.sys.fcntl(target, FcntlCmd::DupFdCloexec(Fd(10))).await {
                Ok(f) => Some(Fd(f as u32)),
                Err(_) => None,
            };
            saved.push(SavedFd { fd: r.fd, saved: s });
        }
        match new {
            None => {
                let _ = self.sys.close(target).await;
            }
            Some(f) if f == target => {
                let _ = self.sys.fcntl(f, FcntlCmd::SetFd(0)).await;
            }
            Some(f) => {
                let _ = self.sys.dup2(f, target).await;
                let _ = self.sys.close(f).await;
            }
        }
        Ok(())
    }

    /// Undo redirections.
    pub async fn restore_redirs(&mut self, saved: Vec<SavedFd>) {
        if saved.is_empty() {
            return;
        }
        self.flush_out().await;
        for s in saved.into_iter().rev() {
            match s.saved {
                Some(f) => {
                    let _ = self.sys.dup2(f, Fd(s.fd as u32)).await;
                    let _ = self.sys.close(f).await;
                }
                None => {
                    let _ = self.sys.close(Fd(s.fd as u32)).await;
                }
            }
        }
        self.reap_feeders().await;
    }

    /// Turn redirections into spawn file actions (files opened here).
    pub async fn redir_actions(
        &mut self,
        redirs: &[Redir],
        fds: &mut SpawnFds,
    ) -> Result<(), RedirErr> {
        let mut opened: Vec<i32> = Vec::new();
        for r in redirs {
            let to = Fd(r.fd as u32);
            match &r.op {
                RedirOp::DupIn | RedirOp::DupOut => {
                    let t = self.expand_one(&r.target).await.map_err(RedirErr::Fatal)?;
                    match self.dup_target(&t).await? {
                        None => {
                            fds.actions.push(FileAction::Close(to));
                            opened.retain(|&o| o != r.fd);
                        }
                        Some(n) => {
                            let ok = opened.contains(&n)
                                || self.sys.fcntl(Fd(n as u32), FcntlCmd::GetFd).await.is_ok();
                            if !ok {
                                self.msg(&format!("{n}: Bad file descriptor")).await;
                                return Err(RedirErr::Failed);
                            }
                            fds.actions.push(FileAction::Dup2 {
                                from: Fd(n as u32),
                                to,
                            });
                            opened.push(r.fd);
                        }
                    }
                }
                RedirOp::Here { body, .. } => {
                    let text = self.heredoc_text(body).await?;
                    match self.data_fd(text.as_bytes()).await {
                        Ok(f) => {
                            fds.actions.push(FileAction::Dup2 { from: f, to });
                            fds.close.push(f);
                            opened.push(r.fd);
                        }
                        Err(e) => {
                            self.msg(&format!("cannot create here-document: {}", e.message()))
                                .await;
                            return Err(RedirErr::Failed);
                        }
                    }
                }
                _ => {
                    let path = self.expand_one(&r.target).await.map_err(RedirErr::Fatal)?;
                    let f = self.open_target(r, &path).await?;
                    fds.actions.push(FileAction::Dup2 { from: f, to });
                    fds.close.push(f);
                    opened.push(r.fd);
                }
            }
        }
        Ok(())
    }

    /// Close the parent's copies after a spawn.
    pub async fn close_spawn_fds(&mut self, fds: &SpawnFds) {
        for f in &fds.close {
            let _ = self.sys.close(*f).await;
        }
    }
}
