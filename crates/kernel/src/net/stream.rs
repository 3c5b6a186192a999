//! Moving bytes on a connection: read(2) and write(2) on a connected socket, shutdown(2), and
//! readiness for poll(2). A write appends to the peer's receive queue; a read takes from the
//! socket's own. Like a pipe: end of file once the peer shut down writing or closed and the
//! queue is empty, EPIPE (and SIGPIPE) when writing after shutdown or to a closed peer.

use super::{SOCKET_BUFFER, SocketId};
use crate::{KResult, Kernel, SysError, WaitOn};
use wosix_abi::{Errno, Pid, ShutdownHow, Signal, SysResult};

impl Kernel {
    /// read(2) on socket `id`: ENOTCONN unless connected (tcp(7)).
    pub(crate) fn sock_read(
        &mut self,
        id: SocketId,
        len: usize,
        nonblock: bool,
    ) -> KResult<Vec<u8>> {
        let s = self.sock_mut(id)?;
        if !s.connected() {
            return Err(Errno::ENOTCONN.into());
        }
        if s.rd_shut || len == 0 {
            return Ok(Vec::new());
        }
        if s.rx.is_empty() {
            if s.rx_eof {
                return Ok(Vec::new());
            }
            if nonblock {
                return Err(Errno::EAGAIN.into());
            }
            return Err(SysError::Block(WaitOn::Socket(id.0)));
        }
        let out = crate::ipc::take_front(&mut s.rx, len);
        if let Some(p) = s.peer() {
            self.ready(WaitOn::Socket(p.0));
        }
        Ok(out)
    }

    /// write(2) on socket `id` for `pid`; may write part of `data`. EPIPE and SIGPIPE when
    /// not connected, after shutdown(SHUT_WR), or once the peer closed (send(2)).
    pub(crate) fn sock_write(
        &mut self,
        pid: Pid,
        id: SocketId,
        data: &[u8],
        nonblock: bool,
    ) -> KResult<usize> {
        let s = self.sock(id)?;
        let peer = match s.peer() {
            Some(p) if !s.wr_shut => p,
            _ => {
                self.post_signal(pid, Signal::SIGPIPE);
                return Err(Errno::EPIPE.into());
            }
        };
        let ps = self.sock_mut(peer)?;
        if ps.rd_shut {
            // The peer takes no more input: the bytes are dropped, as TCP does.
            return Ok(data.len());
        }
        if data.is_empty() {
            return Ok(0);
        }
        let free = SOCKET_BUFFER.saturating_sub(ps.rx.len());
        if free == 0 {
            if nonblock {
                return Err(Errno::EAGAIN.into());
            }
            return Err(SysError::Block(WaitOn::Socket(id.0)));
        }
        let n = free.min(data.len());
        ps.rx.extend(&data[..n]);
        self.ready(WaitOn::Socket(peer.0));
        Ok(n)
    }

    /// shutdown(2): ENOTCONN unless connected.
    pub(crate) fn sock_shutdown(&mut self, id: SocketId, how: ShutdownHow) -> SysResult<()> {
        let s = self.sock_mut(id)?;
        if !s.connected() {
            return Err(Errno::ENOTCONN);
        }
        if matches!(how, ShutdownHow::Read | ShutdownHow::Both) {
            s.rd_shut = true;
            s.rx.clear();
        }
        let write = matches!(how, ShutdownHow::Write | ShutdownHow::Both);
        if write {
            s.wr_shut = true;
        }
        let peer = s.peer();
        if let Some(p) = peer {
            if write && let Some(ps) = self.net.sockets.get_mut(&p) {
                ps.rx_eof = true;
            }
            self.ready(WaitOn::Socket(p.0));
        }
        self.ready(WaitOn::Socket(id.0));
        Ok(())
    }

    /// `(readable, writable, hung up)` of socket `id`, for poll(2): a listener is readable
    /// with a connection pending; a connection is readable with data or at end of file,
    /// writable while its peer has room, hung up once both directions are down.
    pub(crate) fn sock_poll(&self, id: SocketId) -> (bool, bool, bool) {
        let Some(s) = self.net.sockets.get(&id) else {
            return (false, false, true);
        };
        match &s.state {
            super::SockState::Listening { pending, .. } => (!pending.is_empty(), false, false),
            super::SockState::Idle => (false, false, true),
            super::SockState::Connected { peer } => {
                let room = peer
                    .and_then(|p| self.net.sockets.get(&p))
                    .is_some_and(|p| p.rx.len() < SOCKET_BUFFER);
                let readable = !s.rx.is_empty() || s.rx_eof || s.rd_shut;
                let hup = s.rx_eof && (s.wr_shut || peer.is_none());
                (readable, (room && !s.wr_shut) || peer.is_none(), hup)
            }
        }
    }
}
