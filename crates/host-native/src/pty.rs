//! The interactive session: a login shell (`-sh`) on a pseudo-terminal of the machine, with
//! the host terminal in raw mode relaying keys to the pty master and the master's output to
//! the host screen. The shell leads a new session with the slave as its controlling terminal
//! and its group in the foreground, so job control (^C, ^Z, `fg`, `bg`) is the machine's own
//! line discipline at work (DESIGN.md, "Terminal").

use crate::pump::{self, HostOut};
use crate::session::{Failure, Session, above_stdio, spawn_failed};
use crate::terminal::{self, RawMode};
use std::sync::Arc;
use wosix_abi::{Errno, Fd, FileAction, OFlags, SpawnAttrs, Winsize};
use wosix_runtime::{HostQueue, Sys};

/// Mode of a terminal a user is logged in on (login(1): owner rw, group w).
const TTY_MODE: u32 = 0o620;

impl Session {
    /// Run an interactive login shell on a pty of the machine; returns its status.
    pub fn run_interactive(&self) -> i32 {
        let raw = RawMode::enable();
        let size = terminal::host_size().unwrap_or_default();
        let resize = terminal::watch_resize();
        let sys = self.machine.init();
        let machine = self.machine.clone();
        let req = self.request(
            vec!["-sh".to_string()],
            Vec::new(),
            SpawnAttrs {
                setsid: true,
                ctty: Some(Fd::STDIN),
                foreground: true,
                ..SpawnAttrs::default()
            },
        );
        let uid = self.account.uid;
        let r = self.machine.block_on(async move {
            let ptmx = sys
                .open("/dev/ptmx", OFlags::RDWR | OFlags::CLOEXEC, 0)
                .await;
            let master = above_stdio(&sys, ptmx.map_err(no_pty)?)
                .await
                .map_err(no_pty)?;
            let slave = sys.ptsname(master).await.map_err(no_pty)?;
            // As login(1) does: the user owns the terminal they are logged in on (where the
            // file system allows it; the session works either way).
            let _ = sys.chown(&slave, Some(wosix_abi::Uid(uid)), None).await;
            let _ = sys.chmod(&slave, TTY_MODE).await;
            let _ = sys.set_winsize(master, size).await;
            // Process 1 opens the slave (openpty(3)-style) and hands it over, so the session
            // gets it whatever the slave's owner and mode.
            let flags = OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC;
            let opened = sys.open(&slave, flags, 0).await;
            let tty = above_stdio(&sys, opened.map_err(no_pty)?)
                .await
                .map_err(no_pty)?;
            let mut req = req;
            let mut actions = vec![
                FileAction::Dup2 {
                    from: tty,
                    to: Fd::STDIN,
                },
                FileAction::Dup2 {
                    from: tty,
                    to: Fd::STDOUT,
                },
                FileAction::Dup2 {
                    from: tty,
                    to: Fd::STDERR,
                },
            ];
            actions.append(&mut req.file_actions);
            req.file_actions = actions;
            let spawned = sys.spawn(req).await;
            let _ = sys.close(tty).await;
            let exit = spawned
                .map(|pid| machine.watch_exit(pid))
                .map_err(spawn_failed)?;
            machine.spawn_task(pump::copy_out(sys.clone(), master, HostOut::Stdout));
            machine.spawn_task(pump::feed(
                sys.clone(),
                master,
                pump::read_host_stdin(),
                pump::AtEof::SendEof,
            ));
            machine.spawn_task(apply_resizes(sys.clone(), master, resize));
            let status = exit.pop().await;
            pump::drain_ready(&sys, master, HostOut::Stdout).await;
            let _ = sys.close(master).await;
            Ok::<_, Failure>(status.map(|s| s.shell_status()).unwrap_or(1))
        });
        drop(raw);
        r.unwrap_or_else(|(msg, status)| {
            eprintln!("wosix: {msg}");
            status
        })
    }
}

/// The failure to open a pseudo-terminal.
fn no_pty(e: Errno) -> Failure {
    (format!("/dev/ptmx: {}", e.message()), 1)
}

/// Set the pty's window size at every host resize; the kernel sends SIGWINCH to the
/// terminal's foreground process group.
async fn apply_resizes(sys: Sys, master: Fd, q: Arc<HostQueue<Winsize>>) -> i32 {
    while let Some(ws) = q.pop().await {
        if sys.set_winsize(master, ws).await.is_err() {
            return 1;
        }
    }
    0
}
