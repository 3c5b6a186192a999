//! Processes: identity (pid, parent, process group, session), credentials, working directory,
//! descriptors, signal state, limits and accounting, and the run state machine.
//!
//! ```text
//!            spawn                       signal (stop)
//!   (new) ─────────▶ Running ◀──────────────────────┐
//!                    │   ▲  ╲ would block            │
//!                    │   │   ╲──────▶ Blocked(on) ───┤ SIGCONT / ready
//!          exit/kill │   │ SIGCONT                   ▼
//!                    │   └───────────────────── Stopped(sig)
//!                    ▼
//!                 Zombie(status) ──waitpid──▶ (reaped: removed from the table)
//! ```

pub mod exit;
pub mod signal;
pub mod spawn;
pub mod wait;

use crate::WaitOn;
use crate::file::FdTable;
use crate::vfs::VNode;
use crate::vfs::perm::Cred;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wosix_abi::{Pid, Resource, Rlimit, SigAction, SigSet, Signal, WaitStatus};

/// Where a process is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunState {
    /// Runnable (or running).
    Running,
    /// Waiting in a system call.
    Blocked(WaitOn),
    /// Stopped by a signal.
    Stopped(Signal),
    /// Ended; waiting to be reaped by its parent.
    Zombie(WaitStatus),
}

impl RunState {
    /// The letter `ps` shows (R, S, T, Z).
    pub fn letter(self) -> char {
        match self {
            RunState::Running => 'R',
            RunState::Blocked(_) => 'S',
            RunState::Stopped(_) => 'T',
            RunState::Zombie(_) => 'Z',
        }
    }
}

/// Signal state of a process.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigState {
    /// Dispositions by signal number (absent = default).
    pub actions: BTreeMap<u32, SigAction>,
    /// Blocked signals.
    pub mask: SigSet,
    /// Signals generated while blocked, awaiting delivery.
    pub pending: SigSet,
    /// Caught signals delivered and waiting for the program to take them.
    pub caught: SigSet,
}

impl SigState {
    /// The disposition of `sig`.
    pub fn action(&self, sig: Signal) -> SigAction {
        self.actions.get(&sig.number()).copied().unwrap_or_default()
    }
}

/// Resource accounting of a process.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounting {
    /// Monotonic time it started, ns since boot.
    pub start_ns: u64,
    /// CPU time used, ns.
    pub cpu_ns: u64,
    /// CPU time of reaped children, ns.
    pub children_cpu_ns: u64,
    /// Current memory size, bytes.
    pub mem_bytes: u64,
    /// Peak memory size, bytes.
    pub max_mem_bytes: u64,
}

/// A process.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Process {
    /// Process id.
    pub pid: Pid,
    /// Parent.
    pub ppid: Pid,
    /// Process group.
    pub pgid: Pid,
    /// Session.
    pub sid: Pid,
    /// Credentials.
    pub cred: Cred,
    /// Working directory.
    pub cwd: VNode,
    /// File mode creation mask.
    pub umask: u32,
    /// Descriptor table.
    pub fds: FdTable,
    /// Run state.
    pub state: RunState,
    /// Signals.
    pub sig: SigState,
    /// Resource limits (absent = unlimited).
    pub rlimits: BTreeMap<Resource, Rlimit>,
    /// Arguments of the program it runs.
    pub argv: Vec<String>,
    /// Environment it was started with.
    pub envp: Vec<String>,
    /// Path of the program file.
    pub exe: String,
    /// Controlling terminal (pty number).
    pub ctty: Option<u32>,
    /// Accounting.
    pub acct: Accounting,
    /// Deadline of the running nanosleep/poll, monotonic ns.
    pub timer: Option<u64>,
    /// A stop or continue not yet reported to the parent by waitpid.
    pub report: Option<WaitStatus>,
    /// The program has started (posix_spawn's setup is over).
    pub exec_done: bool,
    /// Wait objects of a blocked poll(2); readiness of any wakes the process's timer key.
    pub polling: Vec<WaitOn>,
}

impl Process {
    /// The command name (`comm`): the last component of argv[0] or the exe, 15 bytes at most.
    pub fn comm(&self) -> String {
        let base = self.argv.first().map(String::as_str).unwrap_or(&self.exe);
        let base = base.rsplit('/').next().unwrap_or(base);
        let base = base.strip_prefix('-').unwrap_or(base);
        base.chars().take(15).collect()
    }

    /// The soft limit of `r` (u64::MAX if none).
    pub fn limit(&self, r: Resource) -> u64 {
        self.rlimits.get(&r).map(|l| l.soft).unwrap_or(u64::MAX)
    }

    /// Whether the process has ended.
    pub fn is_zombie(&self) -> bool {
        matches!(self.state, RunState::Zombie(_))
    }
}
