//! Making connections: bind(2), listen(2), connect(2), accept4(2), and closing a socket.
//! connect(2) on the loopback completes at once — the "handshake" is creating the server's
//! end and queueing it on the listener — so only accept(2) and a full backlog ever wait.

use super::{SockState, Socket, SocketId};
use crate::{Event, KResult, Kernel, SysError, WaitOn};
use wosix_abi::net::PRIVILEGED_BELOW;
use wosix_abi::{Errno, Pid, SockAddr, SysResult};

/// What 0.0.0.0 means as a destination: this machine (Linux connects to 127.0.0.1).
fn dest_ip(ip: [u8; 4]) -> [u8; 4] {
    if ip == [0, 0, 0, 0] {
        [127, 0, 0, 1]
    } else {
        ip
    }
}

impl Kernel {
    /// Create a socket.
    pub(crate) fn sock_new(&mut self) -> SocketId {
        self.net.insert(Socket::new())
    }

    pub(crate) fn sock(&self, id: SocketId) -> SysResult<&Socket> {
        self.net.sockets.get(&id).ok_or(Errno::EBADF)
    }

    pub(crate) fn sock_mut(&mut self, id: SocketId) -> SysResult<&mut Socket> {
        self.net.sockets.get_mut(&id).ok_or(Errno::EBADF)
    }

    /// Take a free ephemeral port or fail with EADDRINUSE (ip(7)).
    fn ephemeral(&mut self) -> SysResult<u16> {
        self.net.ephemeral_port().ok_or(Errno::EADDRINUSE)
    }

    /// bind(2) socket `id` to `addr` for `pid`: EINVAL if already bound, EADDRNOTAVAIL for
    /// an address not of this machine, EACCES for a port below 1024 unless root (ip(7)),
    /// EADDRINUSE for a port taken; port 0 picks an ephemeral port.
    pub(crate) fn sock_bind(&mut self, pid: Pid, id: SocketId, addr: SockAddr) -> SysResult<()> {
        let s = self.sock(id)?;
        if s.local.is_some() || s.state != SockState::Idle {
            return Err(Errno::EINVAL);
        }
        if !addr.is_local() {
            return Err(Errno::EADDRNOTAVAIL);
        }
        let port = match addr.port.0 {
            0 => self.ephemeral()?,
            p => {
                if p < PRIVILEGED_BELOW && !self.proc(pid)?.cred.euid.is_root() {
                    return Err(Errno::EACCES);
                }
                if self.net.port_in_use(p) {
                    return Err(Errno::EADDRINUSE);
                }
                p
            }
        };
        let s = self.sock_mut(id)?;
        s.local = Some(SockAddr::new(addr.ip, port));
        s.owns_port = true;
        Ok(())
    }

    /// listen(2): an unbound socket gets an ephemeral port first; a connected one gives
    /// EINVAL. The first listen emits [`Event::Port`] (open); listening again only changes
    /// the backlog.
    pub(crate) fn sock_listen(&mut self, id: SocketId, backlog: u32) -> SysResult<()> {
        let backlog = backlog.clamp(1, 4096);
        let s = self.sock(id)?;
        match &s.state {
            SockState::Connected { .. } => return Err(Errno::EINVAL),
            SockState::Listening { .. } => {
                if let SockState::Listening { backlog: b, .. } = &mut self.sock_mut(id)?.state {
                    *b = backlog;
                }
                return Ok(());
            }
            SockState::Idle => {}
        }
        if s.local.is_none() {
            let port = self.ephemeral()?;
            let s = self.sock_mut(id)?;
            s.local = Some(SockAddr::new([0, 0, 0, 0], port));
            s.owns_port = true;
        }
        let s = self.sock_mut(id)?;
        s.state = SockState::Listening {
            backlog,
            pending: Default::default(),
        };
        let port = s.local.map(|a| a.port.0).unwrap_or(0);
        self.events.push(Event::Port { port, open: true });
        Ok(())
    }

    /// connect(2) socket `id` to `addr`: EISCONN when connected or listening, ENETUNREACH
    /// for an address not of this machine, ECONNREFUSED when nothing listens there; waits
    /// (or EAGAIN) while the listener's backlog is full.
    pub(crate) fn sock_connect(
        &mut self,
        id: SocketId,
        addr: SockAddr,
        nonblock: bool,
    ) -> KResult<()> {
        let s = self.sock(id)?;
        if s.state != SockState::Idle {
            return Err(Errno::EISCONN.into());
        }
        if !addr.is_local() {
            return Err(Errno::ENETUNREACH.into());
        }
        let ip = dest_ip(addr.ip);
        let lid = self
            .net
            .listener(ip, addr.port.0)
            .ok_or(Errno::ECONNREFUSED)?;
        if let SockState::Listening { backlog, pending } = &self.sock(lid)?.state
            && pending.len() as u32 > *backlog
        {
            if nonblock {
                return Err(Errno::EAGAIN.into());
            }
            return Err(SysError::Block(WaitOn::Socket(lid.0)));
        }
        let local = match self.sock(id)?.local {
            Some(a) if a.ip == [0, 0, 0, 0] => SockAddr::new(ip, a.port.0),
            Some(a) => a,
            None => {
                let port = self.ephemeral()?;
                let s = self.sock_mut(id)?;
                s.owns_port = true;
                SockAddr::new(ip, port)
            }
        };
        let server = self.net.insert(Socket {
            state: SockState::Connected { peer: Some(id) },
            local: Some(SockAddr::new(ip, addr.port.0)),
            peer_addr: Some(local),
            ..Socket::new()
        });
        let s = self.sock_mut(id)?;
        s.local = Some(local);
        s.state = SockState::Connected { peer: Some(server) };
        s.peer_addr = Some(SockAddr::new(ip, addr.port.0));
        if let SockState::Listening { pending, .. } = &mut self.sock_mut(lid)?.state {
            pending.push_back(server);
        }
        self.ready(WaitOn::Socket(lid.0));
        Ok(())
    }

    /// accept4(2) on listening socket `id`: the oldest established connection and its peer's
    /// address. EINVAL when not listening; waits (or EAGAIN) while none is pending.
    pub(crate) fn sock_accept(
        &mut self,
        id: SocketId,
        nonblock: bool,
    ) -> KResult<(SocketId, SockAddr)> {
        let SockState::Listening { pending, .. } = &mut self.sock_mut(id)?.state else {
            return Err(Errno::EINVAL.into());
        };
        let Some(conn) = pending.pop_front() else {
            if nonblock {
                return Err(Errno::EAGAIN.into());
            }
            return Err(SysError::Block(WaitOn::Socket(id.0)));
        };
        self.ready(WaitOn::Socket(id.0));
        let peer = self.sock(conn)?.peer_addr.unwrap_or(SockAddr::UNSPECIFIED);
        Ok((conn, peer))
    }

    /// The last descriptor of socket `id` closed: a listener stops listening (emitting
    /// [`Event::Port`] closed) and drops the connections nobody accepted; a connected
    /// socket's peer reads end of file and gets EPIPE on writing.
    pub(crate) fn sock_close(&mut self, id: SocketId) {
        let Some(s) = self.net.sockets.remove(&id) else {
            return;
        };
        match s.state {
            SockState::Listening { pending, .. } => {
                let port = s.local.map(|a| a.port.0).unwrap_or(0);
                self.events.push(Event::Port { port, open: false });
                for c in pending {
                    self.sock_close(c);
                }
            }
            SockState::Connected { peer: Some(p) } => {
                if let Some(ps) = self.net.sockets.get_mut(&p) {
                    ps.rx_eof = true;
                    ps.state = SockState::Connected { peer: None };
                }
                self.ready(WaitOn::Socket(p.0));
            }
            _ => {}
        }
        self.ready(WaitOn::Socket(id.0));
    }
}
