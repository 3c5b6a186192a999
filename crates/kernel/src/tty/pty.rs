//! Pseudo-terminal pairs (pty(7)): a master (the terminal emulator's side: the host, the
//! browser's xterm, or a program that opened /dev/ptmx) and a slave (/dev/pts/N, the program's
//! terminal), joined by the line discipline. Also the job-control rules of the controlling
//! terminal (credentials(7), termios(3) "Controlling terminal"): a background process that
//! reads its terminal gets SIGTTIN, one that writes with TOSTOP set gets SIGTTOU.

use super::ldisc::{Ldisc, SlaveRead};
use crate::{KResult, Kernel, SysError, WaitOn};
use serde::{Deserialize, Serialize};
use wosix_abi::termios::lflag;
use wosix_abi::{Errno, Pid, SigAction, Signal, Uid};

/// A pty pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pty {
    /// Line discipline, termios and window size.
    pub ldisc: Ldisc,
    /// Owner of the slave device (whoever opened /dev/ptmx).
    pub owner: Uid,
    /// The session this is the controlling terminal of.
    pub session: Option<Pid>,
    /// The foreground process group.
    pub fg: Option<Pid>,
    /// Open master descriptions.
    pub masters: u32,
    /// Open slave descriptions.
    pub slaves: u32,
    /// The slave has been opened at least once.
    pub slave_seen: bool,
}

impl Kernel {
    /// Allocate a pty with its master open once; returns its number.
    pub(crate) fn pty_new(&mut self, owner: Uid) -> u32 {
        let n = (0..).find(|n| !self.ptys.contains_key(n)).unwrap_or(0);
        self.ptys.insert(
            n,
            Pty {
                ldisc: Ldisc::new(),
                owner,
                session: None,
                fg: None,
                masters: 1,
                slaves: 0,
                slave_seen: false,
            },
        );
        n
    }

    /// Drop one master or slave description of pty `n`.
    pub(crate) fn pty_close(&mut self, n: u32, master: bool) {
        let Some(t) = self.ptys.get_mut(&n) else {
            return;
        };
        if master {
            t.masters = t.masters.saturating_sub(1);
        } else {
            t.slaves = t.slaves.saturating_sub(1);
        }
        let (masters, slaves, session, fg) = (t.masters, t.slaves, t.session, t.fg);
        if master && masters == 0 {
            // Hangup (termios(3)): the session leader and foreground group get SIGHUP+SIGCONT.
            if let Some(s) = session {
                self.post_signal(s, Signal::SIGHUP);
                self.post_signal(s, Signal::SIGCONT);
            }
            if let Some(g) = fg {
                self.signal_group(g, Signal::SIGHUP);
                self.signal_group(g, Signal::SIGCONT);
            }
        }
        self.ready(WaitOn::PtySlaveReadable(n));
        self.ready(WaitOn::PtyMasterReadable(n));
        if masters == 0 && slaves == 0 {
            self.ptys.remove(&n);
            for p in self.procs.values_mut() {
                if p.ctty == Some(n) {
                    p.ctty = None;
                }
            }
        }
    }

    /// Read from the master of pty `n`: what the slave wrote (and echo).
    pub(crate) fn pty_master_read(
        &mut self,
        n: u32,
        len: usize,
        nonblock: bool,
    ) -> KResult<Vec<u8>> {
        let t = self.ptys.get_mut(&n).ok_or(Errno::EIO)?;
        if t.ldisc.master_readable() {
            let out = t.ldisc.master_read(len);
            self.ready(WaitOn::PtyMasterReadable(n));
            return Ok(out);
        }
        if t.slaves == 0 && t.slave_seen {
            return Err(Errno::EIO.into());
        }
        if nonblock {
            return Err(Errno::EAGAIN.into());
        }
        Err(SysError::Block(WaitOn::PtyMasterReadable(n)))
    }

    /// Type `data` at the master of pty `n`: input processing, echo, and terminal signals.
    pub(crate) fn pty_master_write(&mut self, n: u32, data: &[u8]) -> KResult<usize> {
        let t = self.ptys.get_mut(&n).ok_or(Errno::EIO)?;
        let sigs = t.ldisc.master_write(data);
        let fg = t.fg;
        if let Some(g) = fg {
            for s in sigs {
                self.signal_group(g, s);
            }
        }
        self.ready(WaitOn::PtySlaveReadable(n));
        self.ready(WaitOn::PtyMasterReadable(n));
        Ok(data.len())
    }

    /// Whether `sig` would be ignored or blocked by `pid` (then job-control reads fail EIO).
    fn sig_ignored_or_blocked(&self, pid: Pid, sig: Signal) -> bool {
        self.procs
            .get(&pid)
            .is_some_and(|p| p.sig.action(sig) == SigAction::Ignore || p.sig.mask.contains(sig))
    }

    /// Job control for an access by `pid` to pty `n`: `Some(sig)` if it is a background
    /// process of the terminal's session and must be stopped with `sig` first.
    fn background_access(&self, pid: Pid, n: u32) -> Option<Pid> {
        let p = self.procs.get(&pid)?;
        let t = self.ptys.get(&n)?;
        if p.ctty != Some(n) {
            return None;
        }
        match t.fg {
            Some(fg) if fg != p.pgid => Some(p.pgid),
            _ => None,
        }
    }

    /// Read from the slave of pty `n` as `pid`.
    pub(crate) fn pty_slave_read(
        &mut self,
        pid: Pid,
        n: u32,
        len: usize,
        nonblock: bool,
    ) -> KResult<Vec<u8>> {
        if let Some(pgid) = self.background_access(pid, n) {
            if self.sig_ignored_or_blocked(pid, Signal::SIGTTIN) || self.orphaned_group(pgid) {
                return Err(Errno::EIO.into());
            }
            self.signal_group(pgid, Signal::SIGTTIN);
            return Err(SysError::Block(WaitOn::Signal(pid)));
        }
        let t = self.ptys.get_mut(&n).ok_or(Errno::EIO)?;
        if t.masters == 0 {
            return Ok(Vec::new());
        }
        match t.ldisc.slave_read(len) {
            SlaveRead::Data(d) => {
                self.ready(WaitOn::PtySlaveReadable(n));
                Ok(d)
            }
            SlaveRead::Eof => Ok(Vec::new()),
            SlaveRead::WouldBlock if nonblock => Err(Errno::EAGAIN.into()),
            SlaveRead::WouldBlock => Err(SysError::Block(WaitOn::PtySlaveReadable(n))),
        }
    }

    /// Write to the slave of pty `n` as `pid` (output processing into the master queue).
    pub(crate) fn pty_slave_write(
        &mut self,
        pid: Pid,
        n: u32,
        data: &[u8],
        nonblock: bool,
    ) -> KResult<usize> {
        let tostop = self
            .ptys
            .get(&n)
            .is_some_and(|t| t.ldisc.termios().lflag & lflag::TOSTOP != 0);
        if tostop
            && let Some(pgid) = self.background_access(pid, n)
            && !self.sig_ignored_or_blocked(pid, Signal::SIGTTOU)
            && !self.orphaned_group(pgid)
        {
            self.signal_group(pgid, Signal::SIGTTOU);
            return Err(SysError::Block(WaitOn::Signal(pid)));
        }
        let t = self.ptys.get_mut(&n).ok_or(Errno::EIO)?;
        if t.masters == 0 {
            return Err(Errno::EIO.into());
        }
        let w = t.ldisc.slave_write(data);
        if w == 0 && !data.is_empty() {
            if nonblock {
                return Err(Errno::EAGAIN.into());
            }
            return Err(SysError::Block(WaitOn::PtyMasterReadable(n)));
        }
        self.ready(WaitOn::PtyMasterReadable(n));
        Ok(w)
    }
}
