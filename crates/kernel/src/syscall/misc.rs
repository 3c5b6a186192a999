//! Calls about the machine: uname, host name, clocks, sleeping, randomness.

use super::args;
use crate::{KResult, Kernel, SysError, WaitOn};
use wosix_abi::call::{ClockId, Utsname};
use wosix_abi::{Call, Errno, Pid, Ret, Timespec};

pub(super) fn uname(k: &mut Kernel, _pid: Pid, _c: &Call) -> KResult<Ret> {
    Ok(Ret::Utsname(Box::new(Utsname {
        sysname: "Wosix".into(),
        nodename: k.hostname.clone(),
        release: env!("CARGO_PKG_VERSION").into(),
        version: "#1 SMP Wosix".into(),
        machine: std::env::consts::ARCH.into(),
    })))
}

pub(super) fn sethostname(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Sethostname { name });
    if !k.proc(pid)?.cred.is_root() {
        return Err(Errno::EPERM.into());
    }
    if name.len() > 64 {
        return Err(Errno::EINVAL.into());
    }
    k.hostname = name.clone();
    Ok(Ret::Unit)
}

pub(super) fn clock_gettime(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::ClockGettime { clock });
    Ok(Ret::Time(match clock {
        ClockId::Realtime => k.now(),
        ClockId::Monotonic => Timespec::from_nanos(k.clock.uptime_ns),
        ClockId::ProcessCputime => Timespec::from_nanos(k.proc(pid)?.acct.cpu_ns),
    }))
}

pub(super) fn nanosleep(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Nanosleep { nanos });
    let now = k.clock.uptime_ns;
    let p = k.proc_mut(pid)?;
    match p.timer {
        None if *nanos == 0 => Ok(Ret::Unit),
        None => {
            p.timer = Some(now.saturating_add(*nanos));
            Err(SysError::Block(WaitOn::Timer(pid)))
        }
        Some(d) if d <= now => {
            p.timer = None;
            Ok(Ret::Unit)
        }
        Some(_) => Err(SysError::Block(WaitOn::Timer(pid))),
    }
}

pub(super) fn getrandom(k: &mut Kernel, _pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Getrandom { len });
    Ok(Ret::Bytes(super::io::random_bytes(
        k,
        (*len).min(33_554_431),
    )))
}
