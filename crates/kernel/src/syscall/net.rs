//! Socket calls: socket, bind, listen, accept4, connect, shutdown, getsockname, getpeername.
//! Thin: resolve the descriptor to its socket and call the `net` subsystem.

use super::args;
use crate::file::FileObj;
use crate::net::SocketId;
use crate::{KResult, Kernel};
use wosix_abi::net::{AF_INET, IPPROTO_TCP, SOCK_STREAM};
use wosix_abi::{Call, Errno, Fd, OFlags, Pid, Ret, SockAddr, SysResult};

/// The socket behind `fd` and whether its description is non-blocking; ENOTSOCK for other
/// files (socket(7)).
fn socket_of(k: &Kernel, pid: Pid, fd: Fd) -> SysResult<(SocketId, bool)> {
    let f = k.file_of(pid, fd)?;
    match f.obj {
        FileObj::Socket(s) => Ok((s, f.flags.contains(OFlags::NONBLOCK))),
        _ => Err(Errno::ENOTSOCK),
    }
}

/// Install a description of socket `s` on the lowest free descriptor.
fn install(k: &mut Kernel, pid: Pid, s: SocketId, flags: OFlags) -> SysResult<Fd> {
    let file = k.alloc_file(
        FileObj::Socket(s),
        OFlags::RDWR | (flags & OFlags::NONBLOCK),
        format!("socket:[{}]", s.0),
    );
    k.install_fd(pid, file, flags.contains(OFlags::CLOEXEC), 0)
}

pub(super) fn socket(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(
        c,
        Call::Socket {
            domain,
            ty,
            protocol,
            flags
        }
    );
    if *domain != AF_INET {
        return Err(Errno::EAFNOSUPPORT.into());
    }
    if *ty != SOCK_STREAM {
        return Err(Errno::ESOCKTNOSUPPORT.into());
    }
    if *protocol != 0 && *protocol != IPPROTO_TCP {
        return Err(Errno::EPROTONOSUPPORT.into());
    }
    if !(*flags & !(OFlags::NONBLOCK | OFlags::CLOEXEC)).is_empty() {
        return Err(Errno::EINVAL.into());
    }
    let s = k.sock_new();
    Ok(Ret::Fd(install(k, pid, s, *flags)?))
}

pub(super) fn bind(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Bind { fd, addr });
    let (s, _) = socket_of(k, pid, *fd)?;
    k.sock_bind(pid, s, *addr)?;
    Ok(Ret::Unit)
}

pub(super) fn listen(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Listen { fd, backlog });
    let (s, _) = socket_of(k, pid, *fd)?;
    k.sock_listen(s, *backlog)?;
    Ok(Ret::Unit)
}

pub(super) fn accept(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Accept { fd, flags });
    if !(*flags & !(OFlags::NONBLOCK | OFlags::CLOEXEC)).is_empty() {
        return Err(Errno::EINVAL.into());
    }
    let (s, nonblock) = socket_of(k, pid, *fd)?;
    let (conn, peer) = k.sock_accept(s, nonblock)?;
    Ok(Ret::Accept(install(k, pid, conn, *flags)?, peer))
}

pub(super) fn connect(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Connect { fd, addr });
    let (s, nonblock) = socket_of(k, pid, *fd)?;
    k.sock_connect(s, *addr, nonblock)?;
    Ok(Ret::Unit)
}

pub(super) fn shutdown(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Shutdown { fd, how });
    let (s, _) = socket_of(k, pid, *fd)?;
    k.sock_shutdown(s, *how)?;
    Ok(Ret::Unit)
}

pub(super) fn getsockname(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Getsockname { fd });
    let (s, _) = socket_of(k, pid, *fd)?;
    let local = k.sock(s)?.local.unwrap_or(SockAddr::UNSPECIFIED);
    Ok(Ret::SockAddr(local))
}

pub(super) fn getpeername(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Getpeername { fd });
    let (s, _) = socket_of(k, pid, *fd)?;
    let so = k.sock(s)?;
    match so.peer_addr {
        Some(a) if so.connected() => Ok(Ret::SockAddr(a)),
        _ => Err(Errno::ENOTCONN.into()),
    }
}
