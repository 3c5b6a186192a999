//! What the kernel tells the world outside it: which wait objects became ready, which processes
//! must start running a program, and which ended. The kernel only records these; the runtime
//! drains them after every call (principle 3: nothing blocks inside the kernel).

use serde::{Deserialize, Serialize};
use wosix_abi::Pid;

/// An object a blocked system call waits on. When its state changes the kernel reports it ready
/// and the runtime retries the calls parked on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WaitOn {
    /// Data, or end of file, may be readable from pipe `n`.
    PipeReadable(u64),
    /// Space may have appeared in pipe `n`, or its readers went away.
    PipeWritable(u64),
    /// Input may be readable on the slave side of pty `n`.
    PtySlaveReadable(u32),
    /// Output may be readable on the master side of pty `n`.
    PtyMasterReadable(u32),
    /// A child of this process changed state (waitpid).
    Child(Pid),
    /// A signal arrived for this process, or it was stopped or continued.
    Signal(Pid),
    /// This process's timer (nanosleep, poll timeout) may have expired.
    Timer(Pid),
    /// Something changed on socket `n`: data or a connection arrived, room appeared, or the
    /// peer went away.
    Socket(u64),
}

/// How the runtime should run a program the kernel has just exec'd.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExecImage {
    /// A built-in program of the userland registry, by name.
    Builtin(String),
    /// A WebAssembly module (`\0asm` magic) at this path; its bytes are read through the kernel.
    Wasm(String),
}

/// Something the runtime must act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// Start running `image` as process `pid` with these arguments and environment.
    Exec {
        /// The new process.
        pid: Pid,
        /// What to run.
        image: ExecImage,
        /// Arguments (after `#!` rewriting).
        argv: Vec<String>,
        /// Environment.
        envp: Vec<String>,
    },
    /// Process `pid` ended (exit or fatal signal): drop whatever runs it.
    Exited(Pid),
    /// A wait object became ready.
    Ready(WaitOn),
    /// A socket started (`open`) or stopped listening on TCP `port` of this machine; hosts
    /// turn it into their "port"/"server-ready" notifications (DESIGN.md, Preview).
    Port {
        /// The port.
        port: u16,
        /// Listening from now on (`true`) or no longer (`false`).
        open: bool,
    },
}
