//! Socket arguments (socket(2), ip(7), tcp(7)): address families, socket types, IPv4 socket
//! addresses and shutdown directions. Wosix has one network stack so far, the loopback: every
//! address of 127.0.0.0/8 and the wildcard 0.0.0.0 name this machine.

use serde::{Deserialize, Serialize};
use std::fmt;

/// `AF_UNIX` (address_families(7)); not offered yet.
pub const AF_UNIX: u32 = 1;
/// `AF_INET`: IPv4 (ip(7)).
pub const AF_INET: u32 = 2;
/// `AF_INET6` (ipv6(7)); not offered yet.
pub const AF_INET6: u32 = 10;
/// `SOCK_STREAM`: a reliable byte stream (TCP for AF_INET).
pub const SOCK_STREAM: u32 = 1;
/// `SOCK_DGRAM`: datagrams (UDP for AF_INET); not offered yet.
pub const SOCK_DGRAM: u32 = 2;
/// `IPPROTO_TCP` (tcp(7)).
pub const IPPROTO_TCP: u32 = 6;
/// First port of the ephemeral range (Linux `ip_local_port_range` starts at 32768).
pub const EPHEMERAL_FIRST: u16 = 32768;
/// Last port of the ephemeral range (Linux: 60999).
pub const EPHEMERAL_LAST: u16 = 60999;
/// Ports below this need root to bind (ip(7): "privileged ports").
pub const PRIVILEGED_BELOW: u16 = 1024;

/// A TCP port number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Port(pub u16);

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An IPv4 socket address (`struct sockaddr_in`, ip(7)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SockAddr {
    /// The IPv4 address, most significant byte first.
    pub ip: [u8; 4],
    /// The port.
    pub port: Port,
}

impl SockAddr {
    /// `INADDR_ANY` (0.0.0.0) with port 0: "unbound" for getsockname(2).
    pub const UNSPECIFIED: SockAddr = SockAddr {
        ip: [0, 0, 0, 0],
        port: Port(0),
    };

    /// `ip:port`.
    pub fn new(ip: [u8; 4], port: u16) -> SockAddr {
        SockAddr {
            ip,
            port: Port(port),
        }
    }

    /// 127.0.0.1:`port`.
    pub fn loopback(port: u16) -> SockAddr {
        SockAddr::new([127, 0, 0, 1], port)
    }

    /// Whether the address names this machine: 127.0.0.0/8 (loopback) or 0.0.0.0 (any).
    pub fn is_local(&self) -> bool {
        self.ip[0] == 127 || self.ip == [0, 0, 0, 0]
    }

    /// Parse a dotted quad (`127.0.0.1`); `None` for anything else.
    pub fn parse_ip(s: &str) -> Option<[u8; 4]> {
        let mut ip = [0u8; 4];
        let mut parts = s.split('.');
        for b in &mut ip {
            let p = parts.next()?;
            if p.is_empty() || p.len() > 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            *b = p.parse().ok()?;
        }
        parts.next().is_none().then_some(ip)
    }
}

impl fmt::Display for SockAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.ip;
        write!(f, "{a}.{b}.{c}.{d}:{}", self.port)
    }
}

/// Which directions shutdown(2) closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShutdownHow {
    /// `SHUT_RD`: no more receptions.
    Read,
    /// `SHUT_WR`: no more transmissions (the peer reads end of file).
    Write,
    /// `SHUT_RDWR`: both.
    Both,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(SockAddr::parse_ip("127.0.0.1"), Some([127, 0, 0, 1]));
        assert_eq!(SockAddr::parse_ip("10.1.2"), None);
        assert_eq!(SockAddr::parse_ip("1.2.3.256"), None);
        assert_eq!(SockAddr::parse_ip("1.2.3.4.5"), None);
        assert!(SockAddr::new([127, 9, 9, 9], 1).is_local());
        assert!(SockAddr::UNSPECIFIED.is_local());
        assert!(!SockAddr::new([10, 0, 0, 1], 80).is_local());
        assert_eq!(SockAddr::loopback(3000).to_string(), "127.0.0.1:3000");
    }
}
