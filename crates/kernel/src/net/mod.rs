//! Sockets (socket(7)): so far the loopback TCP stack only — every address of 127.0.0.0/8 and
//! the wildcard 0.0.0.0 is this machine, and anything else is unreachable. A connection is a
//! pair of byte queues, one per direction, like two pipes; there are no packets, windows or
//! retransmissions because nothing can be lost. Sockets are plain data in a table keyed by
//! [`SocketId`] (DESIGN.md, principle 1), so they are part of a snapshot.
//!
//! A socket that starts listening on a port emits [`crate::Event::Port`], and another when it
//! stops (its last descriptor closes, or its process ends): that is how hosts learn that a
//! guest server is up (the facade's `port` and `server-ready` events).

pub mod conn;
pub mod socket;
pub mod stream;

pub use socket::{SockState, Socket};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wosix_abi::net::{EPHEMERAL_FIRST, EPHEMERAL_LAST};

/// Identifies a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SocketId(pub u64);

/// Bytes one direction of a connection holds before writers wait (the size of a pipe).
pub const SOCKET_BUFFER: usize = crate::ipc::pipe::PIPE_CAPACITY;

/// The socket table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Net {
    /// Every open socket.
    pub sockets: BTreeMap<SocketId, Socket>,
    /// The last id handed out.
    pub next_id: u64,
    /// Where the search for a free ephemeral port starts (0: at the start of the range).
    pub next_ephemeral: u16,
}

impl Net {
    /// Add `s` to the table.
    pub(crate) fn insert(&mut self, s: Socket) -> SocketId {
        self.next_id += 1;
        let id = SocketId(self.next_id);
        self.sockets.insert(id, s);
        id
    }

    /// Whether a socket holds `port` (bound, listening, or the local end of a connection it
    /// made); accepted connections share their listener's port and hold none.
    pub fn port_in_use(&self, port: u16) -> bool {
        self.sockets
            .values()
            .any(|s| s.owns_port && s.local.is_some_and(|a| a.port.0 == port))
    }

    /// A free port of the ephemeral range (ip(7) `ip_local_port_range`), taken round-robin.
    pub(crate) fn ephemeral_port(&mut self) -> Option<u16> {
        let span = (EPHEMERAL_LAST - EPHEMERAL_FIRST) as u32 + 1;
        let start = if (EPHEMERAL_FIRST..=EPHEMERAL_LAST).contains(&self.next_ephemeral) {
            self.next_ephemeral
        } else {
            EPHEMERAL_FIRST
        };
        for i in 0..span {
            let p =
                EPHEMERAL_FIRST + ((start - EPHEMERAL_FIRST) as u32 + i).rem_euclid(span) as u16;
            if !self.port_in_use(p) {
                self.next_ephemeral = if p == EPHEMERAL_LAST {
                    EPHEMERAL_FIRST
                } else {
                    p + 1
                };
                return Some(p);
            }
        }
        None
    }

    /// The socket listening on `port` that accepts connections to `ip`, if any.
    pub(crate) fn listener(&self, ip: [u8; 4], port: u16) -> Option<SocketId> {
        self.sockets.iter().find_map(|(id, s)| {
            let a = s.local?;
            let ok = matches!(s.state, SockState::Listening { .. })
                && a.port.0 == port
                && (a.ip == [0, 0, 0, 0] || a.ip == ip);
            ok.then_some(*id)
        })
    }

    /// Ports with a listening socket, ascending (for hosts restoring a snapshot).
    pub fn listening_ports(&self) -> Vec<u16> {
        let mut v: Vec<u16> = self
            .sockets
            .values()
            .filter(|s| matches!(s.state, SockState::Listening { .. }))
            .filter_map(|s| s.local.map(|a| a.port.0))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Bytes held in connection buffers.
    pub fn buffered_bytes(&self) -> u64 {
        self.sockets.values().map(|s| s.rx.len() as u64).sum()
    }
}
