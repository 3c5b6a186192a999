//! Process termination (_exit(2), fatal signals): release resources, hang up the terminal of
//! a session leader, re-parent children to init, turn into a zombie and tell the parent.

use super::RunState;
use crate::{Event, Kernel, WaitOn};
use wosix_abi::{Pid, SigAction, Signal, WaitStatus};

impl Kernel {
    /// End process `pid` with `status`.
    pub(crate) fn terminate(&mut self, pid: Pid, status: WaitStatus) {
        let Some(p) = self.procs.get_mut(&pid) else {
            return;
        };
        if p.is_zombie() {
            return;
        }
        let fds: Vec<_> = std::mem::take(&mut p.fds).into_values().collect();
        p.state = RunState::Zombie(status);
        p.timer = None;
        p.sig.caught = Default::default();
        let (ppid, sid, pgid, ctty) = (p.ppid, p.sid, p.pgid, p.ctty);
        for e in fds {
            self.release_file(e.file);
        }
        // A session leader's exit hangs up its controlling terminal (credentials(7)).
        if sid == pid
            && let Some(n) = ctty
        {
            let fg = self.ptys.get(&n).and_then(|t| t.fg);
            if let Some(t) = self.ptys.get_mut(&n) {
                t.session = None;
                t.fg = None;
            }
            if let Some(g) = fg {
                self.signal_group(g, Signal::SIGHUP);
                self.signal_group(g, Signal::SIGCONT);
            }
            for q in self.procs.values_mut() {
                if q.sid == sid {
                    q.ctty = None;
                }
            }
        }
        // Children go to init.
        let children: Vec<Pid> = self
            .procs
            .values()
            .filter(|c| c.ppid == pid)
            .map(|c| c.pid)
            .collect();
        let mut groups = vec![pgid];
        for c in &children {
            if let Some(cp) = self.procs.get_mut(c) {
                cp.ppid = Pid::INIT;
                groups.push(cp.pgid);
                if cp.is_zombie() {
                    self.ready(WaitOn::Child(Pid::INIT));
                }
            }
        }
        if !children.is_empty() {
            self.post_signal(Pid::INIT, Signal::SIGCHLD);
        }
        // POSIX: a group newly orphaned with a stopped member gets SIGHUP then SIGCONT.
        groups.sort();
        groups.dedup();
        for g in groups {
            let stopped = self
                .procs
                .values()
                .any(|q| q.pgid == g && matches!(q.state, RunState::Stopped(_)));
            if stopped && self.orphaned_group(g) {
                self.signal_group(g, Signal::SIGHUP);
                self.signal_group(g, Signal::SIGCONT);
            }
        }
        self.events.push(Event::Exited(pid));
        self.ready(WaitOn::Signal(pid));
        // A parent that ignores SIGCHLD never sees zombies (XSH wait, SA_NOCLDWAIT).
        let auto_reap = self
            .procs
            .get(&ppid)
            .is_some_and(|pp| pp.sig.action(Signal::SIGCHLD) == SigAction::Ignore);
        if auto_reap {
            self.reap(pid);
            self.ready(WaitOn::Child(ppid));
        } else {
            self.notify_parent(ppid);
        }
    }

    /// Remove zombie `pid` from the table, adding its CPU time to its parent's children time.
    pub(crate) fn reap(&mut self, pid: Pid) -> Option<WaitStatus> {
        let p = self.procs.remove(&pid)?;
        let RunState::Zombie(st) = p.state else {
            self.procs.insert(pid, p);
            return None;
        };
        if let Some(parent) = self.procs.get_mut(&p.ppid) {
            parent.acct.children_cpu_ns += p.acct.cpu_ns + p.acct.children_cpu_ns;
        }
        Some(st)
    }
}
