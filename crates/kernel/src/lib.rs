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
//! devfs) → `ipc` (pipes), `net` (loopback sockets) and `tty` (pty pairs, line discipline) →
//! `proc` (processes, signals, wait, spawn) → `syscall` (the table and thin handlers) →
//! `snapshot` (versioned JSON).
#![forbid(unsafe_code)]

pub mod events;
pub mod file;
pub mod fs;
pub mod ipc;
pub mod net;
pub mod proc;
pub mod snapshot;
pub mod syscall;
pub mod tty;
pub mod vfs;

mod boot;
mod clock;
#[cfg(test)]
mod proptests;

pub use clock::Clock;
pub use events::{Event, ExecImage, WaitOn};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wosix_abi::{Call, Errno, Pid, Ret, SysResult, Timespec};

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

/// The kernel: every table of the machine.
#[derive(Debug, Serialize, Deserialize)]
pub struct Kernel {
    /// Time, as the host last told it.
    pub(crate) clock: Clock,
    /// State of the kernel's random generator (xoshiro256**), seeded by host entropy.
    pub(crate) rng: [u64; 4],
    /// The host name (uname nodename).
    pub(crate) hostname: String,
    /// File systems and mounts.
    pub(crate) vfs: vfs::mount::Vfs,
    /// Open file descriptions.
    pub(crate) files: BTreeMap<file::FileId, file::OpenFile>,
    pub(crate) next_file: u64,
    /// Processes, zombies included.
    pub(crate) procs: BTreeMap<Pid, proc::Process>,
    pub(crate) next_pid: u32,
    /// Pipes.
    pub(crate) pipes: BTreeMap<u64, ipc::pipe::Pipe>,
    pub(crate) next_pipe: u64,
    /// Pseudo-terminals by number.
    pub(crate) ptys: BTreeMap<u32, tty::pty::Pty>,
    /// Sockets.
    #[serde(default)]
    pub(crate) net: net::Net,
    /// Events not yet taken by the runtime (never part of a snapshot).
    #[serde(skip)]
    pub(crate) events: Vec<Event>,
}

impl Kernel {
    /// Perform `call` on behalf of process `pid`. Never blocks: see [`SysError::Block`].
    pub fn syscall(&mut self, pid: Pid, call: &Call) -> KResult<Ret> {
        syscall::dispatch(self, pid, call)
    }

    /// Set the current time: the host's monotonic clock (any origin) and the wall clock, both
    /// in nanoseconds. Timers that expire are reported as ready.
    pub fn set_time(&mut self, monotonic_ns: u64, realtime_ns: u64) {
        self.clock.set(monotonic_ns, realtime_ns);
        let now = self.clock.uptime_ns;
        let due: Vec<Pid> = self
            .procs
            .values()
            .filter(|p| p.timer.is_some_and(|d| d <= now))
            .map(|p| p.pid)
            .collect();
        for pid in due {
            self.ready(WaitOn::Timer(pid));
        }
    }

    /// Mix host entropy into the kernel's generator.
    pub fn add_entropy(&mut self, bytes: &[u8]) {
        for (i, chunk) in bytes.chunks(8).enumerate() {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.rng[i % 4] ^= u64::from_le_bytes(w);
        }
        if self.rng.iter().all(|w| *w == 0) {
            self.rng[0] = 0x9e37_79b9_7f4a_7c15;
        }
    }

    /// Next pseudo-random word (xoshiro256**).
    pub(crate) fn random_u64(&mut self) -> u64 {
        let s = &mut self.rng;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Take the events recorded since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// The earliest monotonic time (host clock) at which a timer expires, if any.
    pub fn next_deadline(&self) -> Option<u64> {
        let up = self.procs.values().filter_map(|p| p.timer).min()?;
        Some(self.clock.host_time_of(up))
    }

    /// Whether `pid` exists and has not ended.
    pub fn process_alive(&self, pid: Pid) -> bool {
        self.procs.get(&pid).is_some_and(|p| !p.is_zombie())
    }

    /// Charge `cpu_ns` of CPU time to `pid`; a non-zero `mem_bytes` records its memory size.
    /// Exceeding RLIMIT_CPU raises SIGXCPU (setrlimit(2)).
    pub fn account(&mut self, pid: Pid, cpu_ns: u64, mem_bytes: u64) {
        let Some(p) = self.procs.get_mut(&pid) else {
            return;
        };
        p.acct.cpu_ns += cpu_ns;
        if mem_bytes > 0 {
            p.acct.mem_bytes = mem_bytes;
            p.acct.max_mem_bytes = p.acct.max_mem_bytes.max(mem_bytes);
        }
        let limit = p.limit(wosix_abi::Resource::Cpu);
        if limit != u64::MAX && p.acct.cpu_ns / 1_000_000_000 >= limit && !p.is_zombie() {
            self.post_signal(pid, wosix_abi::Signal::SIGXCPU);
        }
    }

    /// Record that `on` may have become ready.
    pub(crate) fn ready(&mut self, on: WaitOn) {
        self.events.push(Event::Ready(on));
        let pollers: Vec<Pid> = self
            .procs
            .values()
            .filter(|p| p.polling.contains(&on))
            .map(|p| p.pid)
            .collect();
        for pid in pollers {
            self.events.push(Event::Ready(WaitOn::Timer(pid)));
        }
    }

    /// Process `pid`.
    pub(crate) fn proc(&self, pid: Pid) -> SysResult<&proc::Process> {
        self.procs.get(&pid).ok_or(Errno::ESRCH)
    }

    /// Process `pid`, mutably.
    pub(crate) fn proc_mut(&mut self, pid: Pid) -> SysResult<&mut proc::Process> {
        self.procs.get_mut(&pid).ok_or(Errno::ESRCH)
    }

    /// The current wall-clock time.
    pub(crate) fn now(&self) -> Timespec {
        Timespec::from_nanos(self.clock.real_ns)
    }

    /// Wall-clock time of the boot.
    pub(crate) fn boot_time(&self) -> Timespec {
        Timespec::from_nanos(self.clock.real_ns.saturating_sub(self.clock.uptime_ns))
    }

    /// Wall-clock time at `uptime_ns` after boot.
    pub(crate) fn realtime_at(&self, uptime_ns: u64) -> Timespec {
        Timespec::from_nanos(
            self.clock
                .real_ns
                .saturating_sub(self.clock.uptime_ns)
                .saturating_add(uptime_ns),
        )
    }

    /// A number that changes whenever a file, directory or its metadata changes in any tmpfs
    /// (a sum of per-instance mutation counters; hosts compare it, its value means nothing).
    pub fn fs_changes(&self) -> u64 {
        self.vfs
            .fs
            .values()
            .map(|f| match &f.kind {
                fs::FsKind::Tmp(t) => t.changes,
                _ => 0,
            })
            .fold(0u64, u64::wrapping_add)
    }

    /// Bytes held in tmpfs instances.
    pub(crate) fn tmpfs_bytes(&self) -> u64 {
        self.vfs
            .fs
            .values()
            .map(|f| {
                if let fs::FsKind::Tmp(t) = &f.kind {
                    t.used_bytes
                } else {
                    0
                }
            })
            .sum()
    }

    /// Memory in use: stored files, pipe buffers and process memory.
    pub(crate) fn memory_used(&self) -> u64 {
        self.tmpfs_bytes()
            + self.pipes.values().map(|p| p.buf.len() as u64).sum::<u64>()
            + self.net.buffered_bytes()
            + self.procs.values().map(|p| p.acct.mem_bytes).sum::<u64>()
    }

    /// The mount table as /proc/mounts prints it.
    pub(crate) fn mounts_text(&self) -> String {
        self.mount_list()
            .iter()
            .map(|m| format!("{} {} {} {} 0 0\n", m.source, m.target, m.fstype, m.options))
            .collect()
    }

    /// The mount table.
    pub(crate) fn mount_list(&self) -> Vec<wosix_abi::call::MountInfo> {
        self.vfs
            .mounts
            .iter()
            .filter_map(|m| {
                let f = self.vfs.fs.get(&m.fs)?;
                Some(wosix_abi::call::MountInfo {
                    source: f.source.clone(),
                    target: m.target.clone(),
                    fstype: f.fstype().to_string(),
                    options: if f.readonly { "ro".into() } else { "rw".into() },
                })
            })
            .collect()
    }

    /// Serialise the whole kernel (see [`snapshot`]).
    pub fn snapshot(&self) -> Vec<u8> {
        snapshot::save(self)
    }

    /// Restore a kernel from [`Kernel::snapshot`] bytes.
    ///
    /// # Errors
    /// EINVAL if the bytes are not a snapshot this version reads.
    pub fn restore(bytes: &[u8]) -> SysResult<Kernel> {
        snapshot::load(bytes)
    }

    /// TCP ports with a listening socket (a host restoring a snapshot announces them again).
    pub fn listening_ports(&self) -> Vec<u16> {
        self.net.listening_ports()
    }

    /// Pids of every process, zombies included.
    pub fn pids(&self) -> Vec<Pid> {
        self.procs.keys().copied().collect()
    }
}
