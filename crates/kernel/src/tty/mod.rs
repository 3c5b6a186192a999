//! Terminals: pty pairs and the line discipline.

pub mod ldisc;
pub mod pty;
