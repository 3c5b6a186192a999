//! Terminal calls (termios(3), tty_ioctl(4)): attributes, window size, foreground process
//! group, controlling terminal.

use super::args;
use crate::file::FileObj;
use crate::{KResult, Kernel, SysError, WaitOn};
use wosix_abi::call::SetWhen;
use wosix_abi::{Call, Errno, Fd, Pid, Ret, SigAction, Signal, SysResult};

/// The pty behind `fd`, either side.
fn pty_of(k: &Kernel, pid: Pid, fd: Fd) -> SysResult<u32> {
    match k.file_of(pid, fd)?.obj {
        FileObj::PtySlave(n) | FileObj::PtyMaster(n) => Ok(n),
        _ => Err(Errno::ENOTTY),
    }
}

/// A background process changing its terminal gets SIGTTOU unless it ignores or blocks it.
fn ttou_check(k: &mut Kernel, pid: Pid, n: u32) -> KResult<()> {
    let p = k.proc(pid)?;
    let t = k.ptys.get(&n).ok_or(Errno::EIO)?;
    if p.ctty == Some(n) && t.fg.is_some_and(|g| g != p.pgid) {
        let exempt = p.sig.action(Signal::SIGTTOU) == SigAction::Ignore
            || p.sig.mask.contains(Signal::SIGTTOU);
        if !exempt && !k.orphaned_group(p.pgid) {
            let g = p.pgid;
            k.signal_group(g, Signal::SIGTTOU);
            return Err(SysError::Block(WaitOn::Signal(pid)));
        }
    }
    Ok(())
}

pub(super) fn tcgetattr(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Tcgetattr { fd });
    let n = pty_of(k, pid, *fd)?;
    Ok(Ret::Termios(
        k.ptys.get(&n).ok_or(Errno::EIO)?.ldisc.termios(),
    ))
}

pub(super) fn tcsetattr(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Tcsetattr { fd, when, termios });
    let n = pty_of(k, pid, *fd)?;
    ttou_check(k, pid, n)?;
    k.ptys
        .get_mut(&n)
        .ok_or(Errno::EIO)?
        .ldisc
        .set_termios(*termios, *when == SetWhen::Flush);
    k.ready(WaitOn::PtySlaveReadable(n));
    Ok(Ret::Unit)
}

pub(super) fn tcgetwinsize(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Tcgetwinsize { fd });
    let n = pty_of(k, pid, *fd)?;
    Ok(Ret::Winsize(
        k.ptys.get(&n).ok_or(Errno::EIO)?.ldisc.winsize(),
    ))
}

pub(super) fn tcsetwinsize(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Tcsetwinsize { fd, size });
    let n = pty_of(k, pid, *fd)?;
    let t = k.ptys.get_mut(&n).ok_or(Errno::EIO)?;
    let changed = t.ldisc.set_winsize(*size);
    let fg = t.fg;
    if changed && let Some(g) = fg {
        k.signal_group(g, Signal::SIGWINCH);
    }
    Ok(Ret::Unit)
}

pub(super) fn tcgetpgrp(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Tcgetpgrp { fd });
    let n = pty_of(k, pid, *fd)?;
    let p = k.proc(pid)?;
    let t = k.ptys.get(&n).ok_or(Errno::EIO)?;
    let master = matches!(k.file_of(pid, *fd)?.obj, FileObj::PtyMaster(_));
    if !master && p.ctty != Some(n) {
        return Err(Errno::ENOTTY.into());
    }
    Ok(Ret::Pid(t.fg.unwrap_or(Pid(0))))
}

pub(super) fn tcsetpgrp(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Tcsetpgrp { fd, pgrp });
    let n = pty_of(k, pid, *fd)?;
    let p = k.proc(pid)?;
    if p.ctty != Some(n) {
        return Err(Errno::ENOTTY.into());
    }
    let sid = p.sid;
    if !k
        .procs
        .values()
        .any(|q| q.pgid == *pgrp && q.sid == sid && !q.is_zombie())
    {
        return Err(Errno::EPERM.into());
    }
    ttou_check(k, pid, n)?;
    k.ptys.get_mut(&n).ok_or(Errno::EIO)?.fg = Some(*pgrp);
    Ok(Ret::Unit)
}

pub(super) fn setctty(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Setctty { fd });
    k.set_ctty(pid, *fd)?;
    Ok(Ret::Unit)
}

pub(super) fn ptsname(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Ptsname { fd });
    match k.file_of(pid, *fd)?.obj {
        FileObj::PtyMaster(n) => Ok(Ret::Int(n as i64)),
        _ => Err(Errno::ENOTTY.into()),
    }
}

pub(super) fn ttyname(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Ttyname { fd });
    match k.file_of(pid, *fd)?.obj {
        FileObj::PtySlave(n) => Ok(Ret::Str(format!("/dev/pts/{n}"))),
        FileObj::PtyMaster(_) => Ok(Ret::Str("/dev/ptmx".into())),
        _ => Err(Errno::ENOTTY.into()),
    }
}
