//! Process creation: posix_spawn(3) semantics (there is no fork). The kernel finds the
//! program (PATH search as posix_spawnp), checks execute permission, decides how to run it
//! from its first bytes — the built-in marker, `\0asm`, or `#!interpreter` (execve(2)) — builds
//! the child from the parent (credentials with set-user-id applied, cwd, umask, limits,
//! inheritable descriptors, ignored signals), applies the file actions and attributes in
//! order, and emits `Event::Exec` for the runtime to start the program.

use super::{Accounting, Process, RunState, SigState};
use crate::fs::tmpfs::Body;
use crate::vfs::perm;
use crate::{Event, ExecImage, Kernel};
use wosix_abi::spawn::{BUILTIN_MAGIC, WASM_MAGIC};
use wosix_abi::{Errno, FileAction, FileType, Pid, SigAction, SpawnRequest, SysResult};

/// `#!` lines are followed at most this deep (Linux: 4 levels of interpreters).
const MAX_INTERP: u32 = 4;
/// Default search path when the environment has none (confstr _CS_PATH plus local dirs).
pub const DEFAULT_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

impl Kernel {
    /// Resolve the program: the path itself if it has a `/`, else a PATH search.
    fn find_program(&self, pid: Pid, req: &SpawnRequest) -> SysResult<String> {
        if req.path.contains('/') {
            return Ok(req.path.clone());
        }
        if req.path.is_empty() {
            return Err(Errno::ENOENT);
        }
        let path = req
            .envp
            .iter()
            .find_map(|e| e.strip_prefix("PATH="))
            .unwrap_or(DEFAULT_PATH);
        let mut err = Errno::ENOENT;
        for dir in path.split(':') {
            let dir = if dir.is_empty() { "." } else { dir };
            let cand = format!("{}/{}", dir.trim_end_matches('/'), req.path);
            match self.check_exec(pid, &cand) {
                Ok(_) => return Ok(cand),
                Err(Errno::EACCES) => err = Errno::EACCES,
                Err(_) => {}
            }
        }
        Err(err)
    }

    /// Check that `path` is an executable regular file for `pid`; return its first bytes.
    fn check_exec(&self, pid: Pid, path: &str) -> SysResult<(Vec<u8>, crate::vfs::meta::Meta)> {
        let v = self.resolve(pid, None, path, true)?;
        let m = self.meta(v)?;
        if m.ftype == FileType::Directory {
            return Err(Errno::EACCES);
        }
        if m.ftype != FileType::Regular {
            return Err(Errno::EACCES);
        }
        let cred = &self.proc(pid)?.cred;
        if !perm::allowed(cred, &m, perm::X, false) {
            return Err(Errno::EACCES);
        }
        let head = match &self.tmpfs(v.fs)?.get(v.ino)?.body {
            Body::File(d) => d[..d.len().min(256)].to_vec(),
            _ => return Err(Errno::EACCES),
        };
        Ok((head, m))
    }

    /// Decide how to run `path`, rewriting argv for `#!` scripts.
    fn exec_image(
        &self,
        pid: Pid,
        path: String,
        mut argv: Vec<String>,
    ) -> SysResult<(ExecImage, Vec<String>, String, crate::vfs::meta::Meta)> {
        let mut path = path;
        for _ in 0..=MAX_INTERP {
            let (head, m) = self.check_exec(pid, &path)?;
            if let Some(rest) = head.strip_prefix(BUILTIN_MAGIC) {
                let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                let name = String::from_utf8_lossy(&rest[..end]).trim().to_string();
                return Ok((ExecImage::Builtin(name), argv, path, m));
            }
            if head.starts_with(WASM_MAGIC) {
                return Ok((ExecImage::Wasm(path.clone()), argv, path, m));
            }
            if let Some(rest) = head.strip_prefix(b"#!") {
                let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                let line = String::from_utf8_lossy(&rest[..end]).trim().to_string();
                let (interp, arg) = match line.split_once([' ', '\t']) {
                    Some((i, a)) => (i.to_string(), Some(a.trim().to_string())),
                    None => (line.clone(), None),
                };
                if interp.is_empty() {
                    return Err(Errno::ENOEXEC);
                }
                let mut new = vec![interp.clone()];
                new.extend(arg);
                new.push(path.clone());
                new.extend(argv.into_iter().skip(1));
                argv = new;
                path = interp;
                continue;
            }
            return Err(Errno::ENOEXEC);
        }
        Err(Errno::ELOOP)
    }

    /// posix_spawn for `parent`.
    pub(crate) fn spawn(&mut self, parent: Pid, req: &SpawnRequest) -> SysResult<Pid> {
        let path = self.find_program(parent, req)?;
        let argv = if req.argv.is_empty() {
            vec![req.path.clone()]
        } else {
            req.argv.clone()
        };
        let pp = self.proc(parent)?.clone();
        if let Some(c) = &req.attrs.creds {
            if !pp.cred.is_root() {
                return Err(Errno::EPERM);
            }
            let _ = c;
        }
        let child_pid = Pid(self.next_pid);
        self.next_pid += 1;
        let mut cred = pp.cred.clone();
        if let Some(c) = &req.attrs.creds {
            cred = crate::vfs::perm::Cred::user(c.uid, c.gid, c.groups.clone());
        }
        let mut sig = SigState {
            mask: req.attrs.sigmask.unwrap_or(pp.sig.mask),
            ..SigState::default()
        };
        for (n, a) in &pp.sig.actions {
            if *a == SigAction::Ignore {
                sig.actions.insert(*n, SigAction::Ignore);
            }
        }
        for s in req.attrs.sigdefault.iter() {
            sig.actions.remove(&s.number());
        }
        // The child starts with every descriptor (as after fork); close-on-exec ones are
        // closed after the file actions, as exec would (posix_spawn(3)).
        let fds = pp.fds.clone();
        let files: Vec<_> = fds.values().map(|e| e.file).collect();
        for f in files {
            self.retain_file(f);
        }
        let child = Process {
            pid: child_pid,
            ppid: parent,
            pgid: pp.pgid,
            sid: pp.sid,
            cred,
            cwd: pp.cwd,
            umask: pp.umask,
            fds,
            state: RunState::Running,
            sig,
            rlimits: pp.rlimits.clone(),
            argv: argv.clone(),
            envp: req.envp.clone(),
            exe: path.clone(),
            ctty: pp.ctty,
            acct: Accounting {
                start_ns: self.clock.uptime_ns,
                ..Accounting::default()
            },
            timer: None,
            report: None,
            exec_done: false,
            polling: Vec::new(),
        };
        self.procs.insert(child_pid, child);
        match self.spawn_setup(child_pid, req, path, argv) {
            Ok(()) => Ok(child_pid),
            Err(e) => {
                self.discard_process(child_pid);
                Err(e)
            }
        }
    }

    /// Apply file actions and attributes to the new child, then decide what it runs.
    fn spawn_setup(
        &mut self,
        child: Pid,
        req: &SpawnRequest,
        path: String,
        argv: Vec<String>,
    ) -> SysResult<()> {
        for a in &req.file_actions {
            match a {
                FileAction::Dup2 { from, to } => {
                    let e = *self.proc(child)?.fds.get(from).ok_or(Errno::EBADF)?;
                    if from == to {
                        if let Some(x) = self.proc_mut(child)?.fds.get_mut(to) {
                            x.cloexec = false;
                        }
                    } else {
                        if self.proc(child)?.fds.contains_key(to) {
                            self.close_fd(child, *to)?;
                        }
                        self.retain_file(e.file);
                        self.proc_mut(child)?.fds.insert(
                            *to,
                            crate::file::FdEntry {
                                file: e.file,
                                cloexec: false,
                            },
                        );
                    }
                }
                FileAction::Close(fd) => {
                    let _ = self.close_fd(child, *fd);
                }
                FileAction::Open {
                    fd,
                    path,
                    flags,
                    mode,
                } => {
                    let file = crate::syscall::open_file(self, child, None, path, *flags, *mode)?;
                    if self.proc(child)?.fds.contains_key(fd) {
                        self.close_fd(child, *fd)?;
                    }
                    self.proc_mut(child)?.fds.insert(
                        *fd,
                        crate::file::FdEntry {
                            file,
                            cloexec: false,
                        },
                    );
                }
                FileAction::Chdir(p) => crate::syscall::chdir(self, child, p)?,
            }
        }
        let cloexec: Vec<_> = self
            .proc(child)?
            .fds
            .iter()
            .filter(|(_, e)| e.cloexec)
            .map(|(fd, _)| *fd)
            .collect();
        for fd in cloexec {
            self.close_fd(child, fd)?;
        }
        let at = &req.attrs;
        if at.setsid {
            let p = self.proc_mut(child)?;
            p.sid = child;
            p.pgid = child;
            p.ctty = None;
        }
        if let Some(g) = at.pgroup {
            self.setpgid(child, child, g, true)?;
        }
        if let Some(fd) = at.ctty {
            self.set_ctty(child, fd)?;
        }
        if at.foreground {
            let (ctty, pgid) = {
                let p = self.proc(child)?;
                (p.ctty, p.pgid)
            };
            if let Some(t) = ctty.and_then(|n| self.ptys.get_mut(&n)) {
                t.fg = Some(pgid);
            }
        }
        let (image, argv, exe, m) = self.exec_image(child, path, argv)?;
        let p = self.proc_mut(child)?;
        if m.perm & wosix_abi::Mode::S_ISUID != 0 {
            p.cred.euid = m.uid;
            p.cred.suid = m.uid;
        }
        if m.perm & wosix_abi::Mode::S_ISGID != 0 {
            p.cred.egid = m.gid;
            p.cred.sgid = m.gid;
        }
        p.argv = argv.clone();
        p.exe = exe;
        p.exec_done = true;
        let envp = p.envp.clone();
        self.events.push(Event::Exec {
            pid: child,
            image,
            argv,
            envp,
        });
        Ok(())
    }

    /// Remove a child that never started (spawn failed), releasing what it held.
    fn discard_process(&mut self, pid: Pid) {
        if let Some(p) = self.procs.remove(&pid) {
            for e in p.fds.into_values() {
                self.release_file(e.file);
            }
        }
    }
}
