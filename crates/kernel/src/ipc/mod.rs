//! Inter-process communication: pipes (and the FIFOs of tmpfs that are backed by them).

pub mod pipe;
