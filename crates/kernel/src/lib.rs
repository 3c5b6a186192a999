//! # wosix-kernel — the Wosix kernel as a deterministic state machine
//!
//! The kernel owns every piece of machine state — inodes, mounts, open file descriptions,
//! processes, pipes, ptys — as plain data in tables keyed by newtype ids, and nothing else: it
//! has no clock, no randomness, no threads and no I/O of its own (DESIGN.md, principle 1). The
//! host passes time in with [`Kernel::set_time`] and entropy with [`Kernel::add_entropy`].
//!
//! Programs reach it only through [`Kernel::syscall`], which never blocks: a call either
//! completes or answers [`SysError::Block`] naming the object it waits on; the runtime parks the
//! program and retries when the kernel reports that object ready (see [`events`]).
//!
//! Layering, bottom up: `vfs` (inodes, path walk, permissions, mounts) and `fs` (tmpfs, procfs,
//! devfs) → `ipc` (pipes) and `tty` (pty pairs, line discipline) → `proc` (processes, signals,
//! wait, spawn) → `syscall` (the table and thin handlers) → `snapshot` (versioned JSON).
#![forbid(unsafe_code)]

pub mod events;

pub use events::{Event, ExecImage, WaitOn};

use serde::{Deserialize, Serialize};
use wosix_abi::{Call, Errno, Pid, Ret};

/// Why a system call did not complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SysError {
    /// It failed with this errno.
    Errno(Errno),
    /// It would block until `WaitOn` becomes ready; retry the same call then.
    Block(WaitOn),
}

impl From<Errno> for SysError {
    fn from(e: Errno) -> Self {
        SysError::Errno(e)
    }
}

/// Result of a kernel operation that may block.
pub type KResult<T> = Result<T, SysError>;

/// The kernel.
#[derive(Debug, Serialize, Deserialize)]
pub struct Kernel {}

impl Kernel {
    /// A kernel with nothing in it.
    pub fn new() -> Kernel {
        Kernel {}
    }

    /// A booted kernel: an empty root file system with /proc and /dev mounted, and process 1
    /// (init, running as root) in it.
    pub fn boot(hostname: &str) -> Kernel {
        let _ = hostname;
        Kernel::new()
    }

    /// Perform `call` on behalf of process `pid`.
    pub fn syscall(&mut self, pid: Pid, call: &Call) -> KResult<Ret> {
        let _ = (pid, call);
        Err(SysError::Errno(Errno::ENOSYS))
    }

    /// Set the current time: nanoseconds since boot (monotonic) and since the epoch.
    pub fn set_time(&mut self, monotonic_ns: u64, realtime_ns: u64) {
        let _ = (monotonic_ns, realtime_ns);
    }

    /// Mix host entropy into the kernel's generator.
    pub fn add_entropy(&mut self, bytes: &[u8]) {
        let _ = bytes;
    }

    /// Take the events recorded since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        Vec::new()
    }

    /// The earliest monotonic time at which a timer expires, if any.
    pub fn next_deadline(&self) -> Option<u64> {
        None
    }

    /// Whether `pid` exists and has not ended (a zombie has ended).
    pub fn process_alive(&self, pid: Pid) -> bool {
        let _ = pid;
        true
    }

    /// Charge `cpu_ns` of CPU time to `pid` and record its current memory size.
    pub fn account(&mut self, pid: Pid, cpu_ns: u64, mem_bytes: u64) {
        let _ = (pid, cpu_ns, mem_bytes);
    }
}
