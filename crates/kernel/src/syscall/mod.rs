//! The system-call layer: the table (data: name, Linux number, support level, handler) and
//! the one dispatch function every call goes through. Handlers are thin: they decode the
//! [`Call`], resolve descriptors and paths, and call one subsystem (DESIGN.md, principle 4).
//!
//! Dispatch also implements what is common to all calls: a stopped process makes no progress
//! (its call blocks until SIGCONT), and a call that would block while a caught signal is
//! waiting fails with EINTR instead (SA_RESTART is not offered).

mod fs;
mod fsproc;
mod io;
mod misc;
mod net;
mod proc;
mod table;
mod tty;

pub(crate) use fs::{chdir, open_file};
pub use table::{Support, SyscallDef, TABLE, lookup, render_markdown};

use crate::proc::RunState;
use crate::{KResult, Kernel, SysError, WaitOn};
use wosix_abi::{Call, Errno, Pid, Ret};

/// Decode a call's arguments or fail with EINVAL (a table row pointing at the wrong handler).
macro_rules! args {
    ($call:expr, $pat:pat) => {
        let $pat = $call else {
            return Err($crate::SysError::Errno(wosix_abi::Errno::EINVAL));
        };
    };
}
pub(crate) use args;

/// Run `call` for `pid`.
pub fn dispatch(k: &mut Kernel, pid: Pid, call: &Call) -> KResult<Ret> {
    let p = k.procs.get(&pid).ok_or(Errno::ESRCH)?;
    match p.state {
        RunState::Zombie(_) => return Err(Errno::ESRCH.into()),
        RunState::Stopped(_) => return Err(SysError::Block(WaitOn::Signal(pid))),
        _ => {}
    }
    let def = lookup(call.name()).ok_or(Errno::ENOSYS)?;
    if let Support::Unsupported(e) = def.support {
        return Err(e.into());
    }
    let r = (def.handler)(k, pid, call);
    if let Some(p) = k.procs.get_mut(&pid) {
        match r {
            Err(SysError::Block(on)) if !p.is_zombie() => {
                if !p.sig.caught.is_empty() && !matches!(call, Call::TakeSignal) {
                    p.timer = None;
                    p.state = RunState::Running;
                    p.polling.clear();
                    return Err(Errno::EINTR.into());
                }
                if !matches!(p.state, RunState::Stopped(_)) {
                    p.state = RunState::Blocked(on);
                }
            }
            _ => {
                if matches!(p.state, RunState::Blocked(_)) {
                    p.state = RunState::Running;
                }
            }
        }
    }
    r
}
