//! Resource limits (getrlimit(2)).

use serde::{Deserialize, Serialize};

/// "No limit".
pub const RLIM_INFINITY: u64 = u64::MAX;

/// A resource that can be limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Resource {
    /// CPU time in seconds (`RLIMIT_CPU`); SIGXCPU when exceeded.
    Cpu,
    /// Largest file size in bytes (`RLIMIT_FSIZE`); SIGXFSZ when exceeded.
    Fsize,
    /// Data segment size in bytes (`RLIMIT_DATA`).
    Data,
    /// Core file size (`RLIMIT_CORE`).
    Core,
    /// Number of open files (`RLIMIT_NOFILE`).
    Nofile,
    /// Address space in bytes (`RLIMIT_AS`); for guests, their linear memory.
    As,
    /// Number of processes of the real user (`RLIMIT_NPROC`).
    Nproc,
    /// Stack size (`RLIMIT_STACK`).
    Stack,
}

impl Resource {
    /// Every resource.
    pub const ALL: [Resource; 8] = [
        Resource::Cpu,
        Resource::Fsize,
        Resource::Data,
        Resource::Core,
        Resource::Nofile,
        Resource::As,
        Resource::Nproc,
        Resource::Stack,
    ];
}

/// A soft and a hard limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rlimit {
    /// The limit enforced.
    pub soft: u64,
    /// The ceiling for `soft`; only root may raise it.
    pub hard: u64,
}

impl Rlimit {
    /// No limit at all.
    pub const INFINITE: Rlimit = Rlimit {
        soft: RLIM_INFINITY,
        hard: RLIM_INFINITY,
    };
}
