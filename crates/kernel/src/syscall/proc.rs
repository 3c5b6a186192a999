//! Process calls: spawn, exit, waitpid, ids and credentials (credentials(7)), process
//! groups and sessions (setpgid(2), setsid(2)), kill and signal dispositions, limits, usage.

use super::args;
use crate::vfs::perm::Cred;
use crate::{KResult, Kernel, SysError, WaitOn};
use wosix_abi::call::Rusage;
use wosix_abi::{
    Call, Errno, Gid, Pid, Ret, Rlimit, SigAction, SigHow, SigSet, Signal, SysResult, Uid,
    WaitStatus,
};

pub(super) fn spawn(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Spawn(req));
    Ok(Ret::Pid(k.spawn(pid, req)?))
}

pub(super) fn exit(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Exit { status });
    k.terminate(pid, WaitStatus::Exited(*status));
    Ok(Ret::Unit)
}

pub(super) fn waitpid(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Waitpid { pid: sel, options });
    Ok(Ret::Wait(k.waitpid(pid, *sel, *options)?))
}

pub(super) fn getpid(_k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    Ok(Ret::Pid(pid))
}

pub(super) fn getppid(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    Ok(Ret::Pid(k.proc(pid)?.ppid))
}

fn target(k: &Kernel, caller: Pid, pid: Pid) -> SysResult<&crate::proc::Process> {
    k.proc(if pid.0 == 0 { caller } else { pid })
}

pub(super) fn getpgid(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Getpgid { pid: who });
    Ok(Ret::Pid(target(k, pid, *who)?.pgid))
}

pub(super) fn getsid(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Getsid { pid: who });
    Ok(Ret::Pid(target(k, pid, *who)?.sid))
}

impl Kernel {
    /// setpgid(2) as `caller` on `pid` (0 = caller) to `pgid` (0 = pid's own id).
    pub(crate) fn setpgid(
        &mut self,
        caller: Pid,
        pid: Pid,
        pgid: Pid,
        _from_spawn: bool,
    ) -> SysResult<()> {
        let pid = if pid.0 == 0 { caller } else { pid };
        let pgid = if pgid.0 == 0 { pid } else { pgid };
        let csid = self.proc(caller)?.sid;
        let t = self.proc(pid)?;
        if pid != caller && t.ppid != caller {
            return Err(Errno::ESRCH);
        }
        if t.sid != csid {
            return Err(Errno::EPERM);
        }
        if t.sid == pid {
            return Err(Errno::EPERM);
        }
        if pgid != pid
            && !self
                .procs
                .values()
                .any(|p| p.pgid == pgid && p.sid == csid && !p.is_zombie())
        {
            return Err(Errno::EPERM);
        }
        self.proc_mut(pid)?.pgid = pgid;
        Ok(())
    }

    /// Make the terminal on `fd` the controlling terminal of session leader `pid`.
    pub(crate) fn set_ctty(&mut self, pid: Pid, fd: wosix_abi::Fd) -> SysResult<()> {
        let n = match self.file_of(pid, fd)?.obj {
            crate::file::FileObj::PtySlave(n) => n,
            _ => return Err(Errno::ENOTTY),
        };
        let p = self.proc(pid)?;
        if p.sid != pid || p.ctty.is_some_and(|c| c != n) {
            return Err(Errno::EPERM);
        }
        let pgid = p.pgid;
        let t = self.ptys.get_mut(&n).ok_or(Errno::EIO)?;
        if t.session.is_some_and(|s| s != pid) {
            return Err(Errno::EPERM);
        }
        t.session = Some(pid);
        t.fg = Some(pgid);
        self.proc_mut(pid)?.ctty = Some(n);
        Ok(())
    }
}

pub(super) fn setpgid(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Setpgid { pid: who, pgid });
    k.setpgid(pid, *who, *pgid, false)?;
    Ok(Ret::Unit)
}

pub(super) fn setsid(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    if k.procs.values().any(|p| p.pgid == pid && !p.is_zombie()) {
        return Err(Errno::EPERM.into());
    }
    let p = k.proc_mut(pid)?;
    p.sid = pid;
    p.pgid = pid;
    p.ctty = None;
    Ok(Ret::Pid(pid))
}

fn id_ret(k: &Kernel, pid: Pid, f: impl Fn(&Cred) -> u32) -> KResult<Ret> {
    Ok(Ret::Int(f(&k.proc(pid)?.cred) as i64))
}

pub(super) fn getuid(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    id_ret(k, pid, |c| c.ruid.0)
}
pub(super) fn geteuid(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    id_ret(k, pid, |c| c.euid.0)
}
pub(super) fn getgid(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    id_ret(k, pid, |c| c.rgid.0)
}
pub(super) fn getegid(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    id_ret(k, pid, |c| c.egid.0)
}

pub(super) fn getgroups(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    Ok(Ret::Groups(k.proc(pid)?.cred.groups.clone()))
}

pub(super) fn setuid(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Setuid { uid });
    let cr = &mut k.proc_mut(pid)?.cred;
    if cr.is_root() {
        cr.ruid = *uid;
        cr.euid = *uid;
        cr.suid = *uid;
    } else if *uid == cr.ruid || *uid == cr.suid {
        cr.euid = *uid;
    } else {
        return Err(Errno::EPERM.into());
    }
    Ok(Ret::Unit)
}

pub(super) fn setgid(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Setgid { gid });
    let cr = &mut k.proc_mut(pid)?.cred;
    if cr.is_root() {
        cr.rgid = *gid;
        cr.egid = *gid;
        cr.sgid = *gid;
    } else if *gid == cr.rgid || *gid == cr.sgid {
        cr.egid = *gid;
    } else {
        return Err(Errno::EPERM.into());
    }
    Ok(Ret::Unit)
}

pub(super) fn setresuid(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Setresuid { ruid, euid, suid });
    let cr = &mut k.proc_mut(pid)?.cred;
    let ok = |u: &Option<Uid>| u.is_none_or(|u| u == cr.ruid || u == cr.euid || u == cr.suid);
    let allowed = cr.is_root() || (ok(ruid) && ok(euid) && ok(suid));
    if !allowed {
        return Err(Errno::EPERM.into());
    }
    if let Some(u) = ruid {
        cr.ruid = *u;
    }
    if let Some(u) = euid {
        cr.euid = *u;
    }
    if let Some(u) = suid {
        cr.suid = *u;
    }
    Ok(Ret::Unit)
}

pub(super) fn setresgid(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Setresgid { rgid, egid, sgid });
    let cr = &mut k.proc_mut(pid)?.cred;
    let ok = |g: &Option<Gid>| g.is_none_or(|g| g == cr.rgid || g == cr.egid || g == cr.sgid);
    let allowed = cr.is_root() || (ok(rgid) && ok(egid) && ok(sgid));
    if !allowed {
        return Err(Errno::EPERM.into());
    }
    if let Some(g) = rgid {
        cr.rgid = *g;
    }
    if let Some(g) = egid {
        cr.egid = *g;
    }
    if let Some(g) = sgid {
        cr.sgid = *g;
    }
    Ok(Ret::Unit)
}

pub(super) fn setgroups(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Setgroups { groups });
    if groups.len() > 65536 {
        return Err(Errno::EINVAL.into());
    }
    let cr = &mut k.proc_mut(pid)?.cred;
    if !cr.is_root() {
        return Err(Errno::EPERM.into());
    }
    cr.groups = groups.clone();
    Ok(Ret::Unit)
}

/// kill(2) permission: root, or the sender's real or effective uid is the target's real or
/// saved uid; SIGCONT within one session is always allowed.
fn may_signal(k: &Kernel, from: Pid, to: Pid, sig: Option<Signal>) -> bool {
    let (Some(a), Some(b)) = (k.procs.get(&from), k.procs.get(&to)) else {
        return false;
    };
    a.cred.is_root()
        || a.cred.ruid == b.cred.ruid
        || a.cred.ruid == b.cred.suid
        || a.cred.euid == b.cred.ruid
        || a.cred.euid == b.cred.suid
        || (sig == Some(Signal::SIGCONT) && a.sid == b.sid)
}

pub(super) fn kill(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Kill { pid: sel, sig });
    let my_pgid = k.proc(pid)?.pgid;
    let targets: Vec<Pid> = match *sel {
        s if s > 0 => k
            .procs
            .get(&Pid(s as u32))
            .filter(|p| !p.is_zombie() || sig.is_none())
            .map(|p| vec![p.pid])
            .unwrap_or_default(),
        0 => k
            .procs
            .values()
            .filter(|p| p.pgid == my_pgid && !p.is_zombie())
            .map(|p| p.pid)
            .collect(),
        -1 => k
            .procs
            .values()
            .filter(|p| p.pid != Pid::INIT && p.pid != pid && !p.is_zombie())
            .map(|p| p.pid)
            .collect(),
        s => k
            .procs
            .values()
            .filter(|p| p.pgid.0 == s.unsigned_abs() && !p.is_zombie())
            .map(|p| p.pid)
            .collect(),
    };
    if targets.is_empty() {
        return Err(Errno::ESRCH.into());
    }
    let allowed: Vec<Pid> = targets
        .into_iter()
        .filter(|t| may_signal(k, pid, *t, *sig))
        .collect();
    if allowed.is_empty() {
        return Err(Errno::EPERM.into());
    }
    if let Some(s) = sig {
        for t in allowed {
            k.post_signal(t, *s);
        }
    }
    Ok(Ret::Unit)
}

pub(super) fn sigaction(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Sigaction { sig, action });
    if !sig.catchable() && *action != SigAction::Default {
        return Err(Errno::EINVAL.into());
    }
    let p = k.proc_mut(pid)?;
    let old = p.sig.action(*sig);
    if *action == SigAction::Default {
        p.sig.actions.remove(&sig.number());
    } else {
        p.sig.actions.insert(sig.number(), *action);
    }
    // Setting SIG_IGN discards a pending instance (XSH 2.4.3); so does SIG_DFL for a signal
    // whose default is to ignore.
    let ignored = *action == SigAction::Ignore
        || (*action == SigAction::Default
            && sig.default_action() == wosix_abi::signal::DefaultAction::Ign);
    if ignored {
        p.sig.pending.remove(*sig);
        p.sig.caught.remove(*sig);
    }
    if *action == SigAction::Default && p.sig.caught.contains(*sig) {
        p.sig.caught.remove(*sig);
    }
    Ok(Ret::SigAction(old))
}

pub(super) fn sigprocmask(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Sigprocmask { how, set });
    let mut set = *set;
    set.remove(Signal::SIGKILL);
    set.remove(Signal::SIGSTOP);
    let p = k.proc_mut(pid)?;
    let old = p.sig.mask;
    p.sig.mask = match how {
        SigHow::Block => SigSet(old.0 | set.0),
        SigHow::Unblock => SigSet(old.0 & !set.0),
        SigHow::SetMask => set,
    };
    k.deliver_unblocked(pid);
    Ok(Ret::SigSet(old))
}

pub(super) fn sigpending(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    let p = k.proc(pid)?;
    Ok(Ret::SigSet(SigSet(p.sig.pending.0 | p.sig.caught.0)))
}

pub(super) fn take_signal(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    let p = k.proc_mut(pid)?;
    let s = p.sig.caught.first();
    if let Some(s) = s {
        p.sig.caught.remove(s);
    }
    Ok(Ret::Signal(s))
}

pub(super) fn pause(_k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    Err(SysError::Block(WaitOn::Signal(pid)))
}

pub(super) fn getrlimit(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Getrlimit { resource });
    Ok(Ret::Rlimit(
        k.proc(pid)?
            .rlimits
            .get(resource)
            .copied()
            .unwrap_or(Rlimit::INFINITE),
    ))
}

pub(super) fn setrlimit(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Setrlimit { resource, limit });
    if limit.soft > limit.hard {
        return Err(Errno::EINVAL.into());
    }
    let p = k.proc_mut(pid)?;
    let old = p.rlimits.get(resource).copied().unwrap_or(Rlimit::INFINITE);
    if limit.hard > old.hard && !p.cred.is_root() {
        return Err(Errno::EPERM.into());
    }
    p.rlimits.insert(*resource, *limit);
    Ok(Ret::Unit)
}

pub(super) fn getrusage(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    let a = &k.proc(pid)?.acct;
    Ok(Ret::Rusage(Rusage {
        self_cpu_us: a.cpu_ns / 1000,
        children_cpu_us: a.children_cpu_ns / 1000,
        max_rss: a.max_mem_bytes,
    }))
}
