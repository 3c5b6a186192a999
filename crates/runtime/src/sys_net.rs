//! The socket calls of [`Sys`] (socket(7)), kept apart from the file and process calls of
//! `sys.rs` so that each file stays one concern.

use crate::sys::Sys;
use wosix_abi::net::{AF_INET, SOCK_STREAM};
use wosix_abi::{Call, Errno, Fd, OFlags, Ret, ShutdownHow, SockAddr, SysResult};

/// The answer's value, or EIO for a result of the wrong shape (a kernel bug).
fn unit(r: SysResult<Ret>) -> SysResult<()> {
    r.map(|_| ())
}

impl Sys {
    /// socket(2) with any domain and type (the kernel refuses what it lacks).
    pub async fn socket_raw(
        &self,
        domain: u32,
        ty: u32,
        protocol: u32,
        flags: OFlags,
    ) -> SysResult<Fd> {
        match self
            .call(Call::Socket {
                domain,
                ty,
                protocol,
                flags,
            })
            .await?
        {
            Ret::Fd(fd) => Ok(fd),
            _ => Err(Errno::EIO),
        }
    }
    /// socket(AF_INET, SOCK_STREAM, 0): a TCP socket; `flags` may hold NONBLOCK and CLOEXEC.
    pub async fn socket(&self, flags: OFlags) -> SysResult<Fd> {
        self.socket_raw(AF_INET, SOCK_STREAM, 0, flags).await
    }
    /// bind(2).
    pub async fn bind(&self, fd: Fd, addr: SockAddr) -> SysResult<()> {
        unit(self.call(Call::Bind { fd, addr }).await)
    }
    /// listen(2).
    pub async fn listen(&self, fd: Fd, backlog: u32) -> SysResult<()> {
        unit(self.call(Call::Listen { fd, backlog }).await)
    }
    /// accept4(2): the connection's descriptor and the peer's address.
    pub async fn accept(&self, fd: Fd, flags: OFlags) -> SysResult<(Fd, SockAddr)> {
        match self.call(Call::Accept { fd, flags }).await? {
            Ret::Accept(fd, peer) => Ok((fd, peer)),
            _ => Err(Errno::EIO),
        }
    }
    /// connect(2).
    pub async fn connect(&self, fd: Fd, addr: SockAddr) -> SysResult<()> {
        unit(self.call(Call::Connect { fd, addr }).await)
    }
    /// shutdown(2).
    pub async fn shutdown(&self, fd: Fd, how: ShutdownHow) -> SysResult<()> {
        unit(self.call(Call::Shutdown { fd, how }).await)
    }
    /// getsockname(2).
    pub async fn getsockname(&self, fd: Fd) -> SysResult<SockAddr> {
        match self.call(Call::Getsockname { fd }).await? {
            Ret::SockAddr(a) => Ok(a),
            _ => Err(Errno::EIO),
        }
    }
    /// getpeername(2).
    pub async fn getpeername(&self, fd: Fd) -> SysResult<SockAddr> {
        match self.call(Call::Getpeername { fd }).await? {
            Ret::SockAddr(a) => Ok(a),
            _ => Err(Errno::EIO),
        }
    }
}
