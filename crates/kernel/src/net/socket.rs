//! One socket's state: where it is in its life (unbound → bound → listening, or connected)
//! and, once connected, the bytes that arrived for it.

use super::SocketId;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use wosix_abi::SockAddr;

/// Where a socket is in its life (tcp(7) states, reduced to what a loopback needs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SockState {
    /// Fresh from socket(2), or bound with bind(2) but neither listening nor connected.
    Idle,
    /// Accepting connections (listen(2)).
    Listening {
        /// Most connections waiting for accept(2) (`backlog + 1`, as Linux).
        backlog: u32,
        /// Established connections not yet accepted, oldest first.
        pending: VecDeque<SocketId>,
    },
    /// One end of a connection; `peer` is `None` once the other end closed.
    Connected {
        /// The other end.
        peer: Option<SocketId>,
    },
}

/// A socket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Socket {
    /// Its state.
    pub state: SockState,
    /// Local address (bind(2), or chosen by listen/connect); `None` while unbound.
    pub local: Option<SockAddr>,
    /// It holds its local port against other binds (see [`super::Net::port_in_use`]).
    pub owns_port: bool,
    /// The peer's address once connected (getpeername(2)).
    pub peer_addr: Option<SockAddr>,
    /// Bytes received and not yet read.
    #[serde(with = "crate::snapshot::deque")]
    pub rx: VecDeque<u8>,
    /// No more bytes will arrive: the peer shut down writing or closed.
    pub rx_eof: bool,
    /// shutdown(SHUT_RD) was called: reads give end of file.
    pub rd_shut: bool,
    /// shutdown(SHUT_WR) was called: writes fail with EPIPE.
    pub wr_shut: bool,
}

impl Socket {
    /// A fresh, unbound socket.
    pub fn new() -> Socket {
        Socket {
            state: SockState::Idle,
            local: None,
            owns_port: false,
            peer_addr: None,
            rx: VecDeque::new(),
            rx_eof: false,
            rd_shut: false,
            wr_shut: false,
        }
    }

    /// Whether it is connected (its peer may have closed since).
    pub fn connected(&self) -> bool {
        matches!(self.state, SockState::Connected { .. })
    }

    /// The other end, while it is open.
    pub fn peer(&self) -> Option<SocketId> {
        match self.state {
            SockState::Connected { peer } => peer,
            _ => None,
        }
    }
}

impl Default for Socket {
    fn default() -> Self {
        Socket::new()
    }
}
