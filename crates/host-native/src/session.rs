//! Sessions with the host's standard streams bridged through pipes: `wosix -c`, `wosix run`
//! and a script on stdin. Process 1 creates three pipes, hands the child the far ends with
//! `Dup2` file actions, closes them in itself, and host tasks pump bytes both ways
//! (see [`crate::pump`]). The shell starts as the session's account, in its home directory.

use crate::account::{self, Account};
use crate::pump::{self, HostOut};
use std::sync::Arc;
use wosix_abi::{
    Errno, FcntlCmd, Fd, FileAction, Gid, OFlags, SigAction, Signal, SpawnAttrs, SpawnRequest,
    SysResult, Uid,
};
use wosix_runtime::{Machine, StdHost, Sys};
use wosix_userland::Userland;

/// The shell every session runs.
pub const SHELL: &str = "/bin/sh";

/// A booted machine and the account a session will run as.
pub struct Session {
    /// The machine.
    pub machine: Machine,
    /// The session's account.
    pub account: Account,
    /// Directory the shell starts in (the home directory, or `/` if it is missing).
    pub cwd: String,
}

/// Why a session could not start: the message (without the `wosix: ` prefix) and exit status.
pub type Failure = (String, i32);

/// Boot a machine, install the cached guest packages ([`crate::packages`]), and look `user`
/// up in its /etc/passwd.
pub fn boot(user: &str) -> Result<Session, Failure> {
    let machine = wosix_userland::boot(
        Arc::new(StdHost::new()),
        Userland {
            wasm: crate::wasm::executor(),
        },
    );
    let sys = machine.init();
    let name = user.to_string();
    let found = machine.block_on(async move {
        // Process 1 writes into pipes whose readers may be gone; it must live on (EPIPE).
        let _ = sys.sigaction(Signal::SIGPIPE, SigAction::Ignore).await;
        for (pkg, data) in crate::packages::cached() {
            if let Err(e) = crate::packages::install(&sys, pkg, data).await {
                eprintln!(
                    "wosix: warning: cannot install {}: {}",
                    pkg.path,
                    e.message()
                );
            }
        }
        let passwd = read_text(&sys, "/etc/passwd").await;
        let group = read_text(&sys, "/etc/group").await.unwrap_or_default();
        let passwd = passwd.map_err(|e| (format!("/etc/passwd: {}", e.message()), 1))?;
        let account = account::lookup(&passwd, &group, &name)
            .ok_or_else(|| (format!("unknown user: {name}"), 1))?;
        let cwd = match sys.stat(&account.home).await {
            Ok(st) if st.is_dir() => account.home.clone(),
            _ => {
                eprintln!(
                    "wosix: warning: no home directory {}, starting in /",
                    account.home
                );
                "/".to_string()
            }
        };
        Ok::<_, Failure>((account, cwd))
    });
    let (account, cwd) = found?;
    Ok(Session {
        machine,
        account,
        cwd,
    })
}

/// Read a whole file of the machine as process `sys`.
pub async fn read_text(sys: &Sys, path: &str) -> SysResult<String> {
    let fd = sys.open(path, OFlags::RDONLY | OFlags::CLOEXEC, 0).await?;
    let r = sys.read_to_end(fd).await;
    let _ = sys.close(fd).await;
    Ok(String::from_utf8_lossy(&r?).into_owned())
}

/// Move `fd` to a descriptor above 2 (close-on-exec), so that the `Dup2` file actions onto
/// 0, 1 and 2 never overwrite another action's source.
pub async fn above_stdio(sys: &Sys, fd: Fd) -> SysResult<Fd> {
    if fd.0 > 2 {
        return Ok(fd);
    }
    let high = sys.fcntl(fd, FcntlCmd::DupFdCloexec(Fd(3))).await?;
    let _ = sys.close(fd).await;
    u32::try_from(high).map(Fd).map_err(|_| Errno::EBADF)
}

impl Session {
    /// The spawn request for `argv` (argv[0] first) with the session's credentials, working
    /// directory and environment; `actions` come before the `Chdir`.
    pub fn request(
        &self,
        argv: Vec<String>,
        actions: Vec<FileAction>,
        attrs: SpawnAttrs,
    ) -> SpawnRequest {
        let term = std::env::var("TERM").ok();
        // Process 1 ignores SIGPIPE; ignored signals survive exec, so the session gets the
        // default back (POSIX_SPAWN_SETSIGDEF), as a shell started by login(1) would have.
        let mut sigdefault = attrs.sigdefault;
        sigdefault.insert(Signal::SIGPIPE);
        let mut file_actions = actions;
        file_actions.push(FileAction::Chdir(self.cwd.clone()));
        SpawnRequest {
            path: SHELL.to_string(),
            argv,
            envp: self.account.env(term.as_deref(), &self.cwd),
            file_actions,
            attrs: SpawnAttrs {
                creds: Some(self.account.creds()),
                sigdefault,
                ..attrs
            },
        }
    }

    /// Copy a host file into the machine's /tmp, owned by the session's account with mode
    /// 0755, under a free name derived from `name`. Returns the path in the machine.
    pub fn install(&self, name: &str, data: Vec<u8>) -> Result<String, Failure> {
        let sys = self.machine.init();
        let base = script_name(name);
        let (uid, gid) = (self.account.uid, self.account.gid);
        self.machine.block_on(async move {
            for n in 0..1000 {
                let path = if n == 0 {
                    format!("/tmp/{base}")
                } else {
                    format!("/tmp/{base}.{n}")
                };
                let flags = OFlags::WRONLY | OFlags::CREAT | OFlags::EXCL | OFlags::CLOEXEC;
                let fd = match sys.open(&path, flags, 0o755).await {
                    Ok(fd) => fd,
                    Err(Errno::EEXIST) => continue,
                    Err(e) => return Err((format!("{path}: {}", e.message()), 1)),
                };
                let w = sys.write_all(fd, &data).await;
                let c = sys.close(fd).await;
                let done = async {
                    w?;
                    c?;
                    sys.chmod(&path, 0o755).await?;
                    sys.chown(&path, Some(Uid(uid)), Some(Gid(gid))).await
                };
                return match done.await {
                    Ok(()) => Ok(path),
                    Err(e) => Err((format!("{path}: {}", e.message()), 1)),
                };
            }
            Err(("/tmp: no free name for the script".to_string(), 1))
        })
    }

    /// Run the shell with `argv`, its stdin/stdout/stderr bridged to the host's through
    /// pipes. Returns the shell's status (exit code, or 128+N for signal N).
    pub fn run_piped(&self, argv: Vec<String>) -> i32 {
        let sys = self.machine.init();
        let machine = self.machine.clone();
        let req_for = {
            let s = self.request(argv, Vec::new(), SpawnAttrs::default());
            move |actions: Vec<FileAction>| {
                let mut r = s.clone();
                let mut all = actions;
                all.append(&mut r.file_actions);
                r.file_actions = all;
                r
            }
        };
        let r = self.machine.block_on(async move {
            let mut ends = Vec::new();
            for _ in 0..3 {
                let (r, w) = sys.pipe(OFlags::CLOEXEC).await?;
                ends.push((above_stdio(&sys, r).await?, above_stdio(&sys, w).await?));
            }
            let (in_r, in_w) = ends[0];
            let (out_r, out_w) = ends[1];
            let (err_r, err_w) = ends[2];
            let req = req_for(vec![
                FileAction::Dup2 {
                    from: in_r,
                    to: Fd::STDIN,
                },
                FileAction::Dup2 {
                    from: out_w,
                    to: Fd::STDOUT,
                },
                FileAction::Dup2 {
                    from: err_w,
                    to: Fd::STDERR,
                },
            ]);
            let spawned = sys.spawn(req).await;
            // Nothing else runs before this line, so the exit cannot be missed.
            let exit = spawned.map(|pid| machine.watch_exit(pid));
            for fd in [in_r, out_w, err_w] {
                let _ = sys.close(fd).await;
            }
            let exit = exit?;
            machine.spawn_task(pump::copy_out(sys.clone(), out_r, HostOut::Stdout));
            machine.spawn_task(pump::copy_out(sys.clone(), err_r, HostOut::Stderr));
            machine.spawn_task(pump::feed(
                sys.clone(),
                in_w,
                pump::read_host_stdin(),
                pump::AtEof::Close,
            ));
            let status = exit.pop().await;
            pump::drain_ready(&sys, out_r, HostOut::Stdout).await;
            pump::drain_ready(&sys, err_r, HostOut::Stderr).await;
            Ok::<_, Errno>(status.map(|s| s.shell_status()).unwrap_or(1))
        });
        r.unwrap_or_else(|e| {
            let (msg, status) = spawn_failed(e);
            eprintln!("wosix: {msg}");
            status
        })
    }
}

/// A shell that could not be started; the status follows sh(1): 127 when the program is
/// missing, 126 otherwise.
pub fn spawn_failed(e: Errno) -> Failure {
    let status = if e == Errno::ENOENT { 127 } else { 126 };
    (format!("cannot start {SHELL}: {}", e.message()), status)
}

/// A safe file name for a script copied into /tmp: the host file's last component, with
/// anything but letters, digits, `.`, `_` and `-` replaced by `_`.
pub fn script_name(host_path: &str) -> String {
    let last = host_path.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
    let clean: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() || clean.chars().all(|c| c == '.') {
        "script".to_string()
    } else {
        clean
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn script_names() {
        assert_eq!(script_name("dir/x.sh"), "x.sh");
        assert_eq!(script_name("/a/b c$"), "b_c_");
        assert_eq!(script_name("dir/"), "dir");
        assert_eq!(script_name(".."), "script");
        assert_eq!(script_name(""), "script");
    }
}
