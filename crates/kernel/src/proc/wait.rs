//! waitpid(2): report children that ended (reaping them), stopped (WUNTRACED) or continued
//! (WCONTINUED).

use super::RunState;
use crate::{KResult, Kernel, SysError, WaitOn};
use wosix_abi::{Errno, Pid, WaitOptions, WaitStatus};

impl Kernel {
    /// waitpid for `caller`: `sel` > 0 one child, -1 any, 0 the caller's group, < -1 a group.
    pub(crate) fn waitpid(
        &mut self,
        caller: Pid,
        sel: i32,
        opts: WaitOptions,
    ) -> KResult<Option<(Pid, WaitStatus)>> {
        let my_pgid = self.proc(caller)?.pgid;
        let matches = |p: &crate::proc::Process| -> bool {
            p.ppid == caller
                && match sel {
                    -1 => true,
                    0 => p.pgid == my_pgid,
                    s if s > 0 => p.pid.0 == s as u32,
                    s => p.pgid.0 == s.unsigned_abs(),
                }
        };
        let kids: Vec<(Pid, RunState, Option<WaitStatus>)> = self
            .procs
            .values()
            .filter(|p| matches(p))
            .map(|p| (p.pid, p.state, p.report))
            .collect();
        if kids.is_empty() {
            // Init (the runtime's reaper) never runs out of children: it waits for the next.
            if caller == Pid::INIT && !opts.contains(WaitOptions::WNOHANG) {
                return Err(SysError::Block(WaitOn::Child(caller)));
            }
            return Err(Errno::ECHILD.into());
        }
        if let Some((pid, _, _)) = kids.iter().find(|k| matches!(k.1, RunState::Zombie(_))) {
            let st = self.reap(*pid).ok_or(Errno::ECHILD)?;
            return Ok(Some((*pid, st)));
        }
        for (pid, _, report) in &kids {
            let want = match report {
                Some(WaitStatus::Stopped(_)) => opts.contains(WaitOptions::WUNTRACED),
                Some(WaitStatus::Continued) => opts.contains(WaitOptions::WCONTINUED),
                _ => false,
            };
            if want {
                let st = report.ok_or(Errno::ECHILD)?;
                if let Some(p) = self.procs.get_mut(pid) {
                    p.report = None;
                }
                return Ok(Some((*pid, st)));
            }
        }
        if opts.contains(WaitOptions::WNOHANG) {
            return Ok(None);
        }
        Err(SysError::Block(WaitOn::Child(caller)))
    }
}
