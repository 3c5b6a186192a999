//! Signal generation and delivery (signal(7), POSIX XSH 2.4). Wosix programs are not
//! interrupted asynchronously: default actions (terminate, stop, continue) are carried out by
//! the kernel at once; a caught signal is queued on the process (`SigState::caught`) and any
//! blocking call it makes returns EINTR until the program takes the signal.

use super::RunState;
use crate::{Kernel, WaitOn};
use wosix_abi::signal::DefaultAction;
use wosix_abi::{Pid, SigAction, Signal, WaitStatus};

fn is_stop(sig: Signal) -> bool {
    matches!(
        sig,
        Signal::SIGSTOP | Signal::SIGTSTP | Signal::SIGTTIN | Signal::SIGTTOU
    )
}

impl Kernel {
    /// Generate `sig` for process `pid` (no permission check: that is kill(2)'s job).
    pub(crate) fn post_signal(&mut self, pid: Pid, sig: Signal) {
        let Some(p) = self.procs.get_mut(&pid) else {
            return;
        };
        if p.is_zombie() {
            return;
        }
        match sig {
            Signal::SIGKILL => {
                self.terminate(pid, WaitStatus::Signaled(Signal::SIGKILL, false));
                return;
            }
            Signal::SIGSTOP => {
                p.sig.pending.remove(Signal::SIGCONT);
                self.stop_process(pid, Signal::SIGSTOP);
                return;
            }
            Signal::SIGCONT => {
                for s in [
                    Signal::SIGSTOP,
                    Signal::SIGTSTP,
                    Signal::SIGTTIN,
                    Signal::SIGTTOU,
                ] {
                    p.sig.pending.remove(s);
                }
                if matches!(p.state, RunState::Stopped(_)) {
                    self.continue_process(pid);
                }
            }
            s if is_stop(s) => p.sig.pending.remove(Signal::SIGCONT),
            _ => {}
        }
        let Some(p) = self.procs.get_mut(&pid) else {
            return;
        };
        let action = p.sig.action(sig);
        if action == SigAction::Ignore
            || (action == SigAction::Default
                && matches!(
                    sig.default_action(),
                    DefaultAction::Ign | DefaultAction::Cont
                ))
        {
            return;
        }
        if p.sig.mask.contains(sig) {
            p.sig.pending.insert(sig);
            return;
        }
        self.deliver(pid, sig);
    }

    /// Act on an unblocked signal.
    pub(crate) fn deliver(&mut self, pid: Pid, sig: Signal) {
        let Some(p) = self.procs.get_mut(&pid) else {
            return;
        };
        match p.sig.action(sig) {
            SigAction::Ignore => {}
            SigAction::Catch => {
                p.sig.caught.insert(sig);
                self.ready(WaitOn::Signal(pid));
            }
            SigAction::Default => match sig.default_action() {
                DefaultAction::Term => self.terminate(pid, WaitStatus::Signaled(sig, false)),
                DefaultAction::Core => self.terminate(pid, WaitStatus::Signaled(sig, true)),
                DefaultAction::Stop => {
                    // POSIX: terminal stop signals to an orphaned process group are discarded.
                    let pgid = p.pgid;
                    if sig == Signal::SIGSTOP || !self.orphaned_group(pgid) {
                        self.stop_process(pid, sig);
                    }
                }
                DefaultAction::Cont | DefaultAction::Ign => {}
            },
        }
    }

    /// Deliver pending signals that are no longer blocked.
    pub(crate) fn deliver_unblocked(&mut self, pid: Pid) {
        loop {
            let Some(p) = self.procs.get_mut(&pid) else {
                return;
            };
            let ready = wosix_abi::SigSet(p.sig.pending.0 & !p.sig.mask.0);
            let Some(sig) = ready.first() else { return };
            p.sig.pending.remove(sig);
            self.deliver(pid, sig);
        }
    }

    /// Stop `pid` with `sig` and tell its parent.
    pub(crate) fn stop_process(&mut self, pid: Pid, sig: Signal) {
        let Some(p) = self.procs.get_mut(&pid) else {
            return;
        };
        if p.is_zombie() || matches!(p.state, RunState::Stopped(_)) {
            return;
        }
        p.state = RunState::Stopped(sig);
        p.report = Some(WaitStatus::Stopped(sig));
        let ppid = p.ppid;
        self.ready(WaitOn::Signal(pid));
        self.notify_parent(ppid);
    }

    /// Resume a stopped `pid` and tell its parent.
    pub(crate) fn continue_process(&mut self, pid: Pid) {
        let Some(p) = self.procs.get_mut(&pid) else {
            return;
        };
        if !matches!(p.state, RunState::Stopped(_)) {
            return;
        }
        p.state = RunState::Running;
        p.report = Some(WaitStatus::Continued);
        let ppid = p.ppid;
        self.ready(WaitOn::Signal(pid));
        self.notify_parent(ppid);
    }

    /// SIGCHLD to `ppid` and wake its waitpid.
    pub(crate) fn notify_parent(&mut self, ppid: Pid) {
        self.ready(WaitOn::Child(ppid));
        self.post_signal(ppid, Signal::SIGCHLD);
    }

    /// Send `sig` to every live member of process group `pgid`.
    pub(crate) fn signal_group(&mut self, pgid: Pid, sig: Signal) -> usize {
        let members: Vec<Pid> = self
            .procs
            .values()
            .filter(|p| p.pgid == pgid && !p.is_zombie())
            .map(|p| p.pid)
            .collect();
        for m in &members {
            self.post_signal(*m, sig);
        }
        members.len()
    }

    /// POSIX "orphaned process group": no member has a parent in another group of the same
    /// session.
    pub(crate) fn orphaned_group(&self, pgid: Pid) -> bool {
        !self.procs.values().any(|p| {
            p.pgid == pgid
                && !p.is_zombie()
                && self
                    .procs
                    .get(&p.ppid)
                    .is_some_and(|parent| parent.pgid != pgid && parent.sid == p.sid)
        })
    }
}
