//! Wait statuses and options (wait(2), waitpid(2)).

use crate::signal::Signal;
use serde::{Deserialize, Serialize};

/// How a child changed state, as waitpid(2) reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitStatus {
    /// Exited normally with this status (`WIFEXITED`, `WEXITSTATUS`).
    Exited(u8),
    /// Terminated by a signal (`WIFSIGNALED`); `true` if it dumped core.
    Signaled(Signal, bool),
    /// Stopped by a signal (`WIFSTOPPED`).
    Stopped(Signal),
    /// Resumed by SIGCONT (`WIFCONTINUED`).
    Continued,
}

impl WaitStatus {
    /// The encoded `int` status as Linux lays it out.
    pub fn raw(self) -> i32 {
        match self {
            WaitStatus::Exited(c) => (c as i32) << 8,
            WaitStatus::Signaled(s, core) => s as i32 | if core { 0x80 } else { 0 },
            WaitStatus::Stopped(s) => ((s as i32) << 8) | 0x7f,
            WaitStatus::Continued => 0xffff,
        }
    }

    /// The shell's `$?` for this status: the exit code, or 128 + signal number.
    pub fn shell_status(self) -> i32 {
        match self {
            WaitStatus::Exited(c) => c as i32,
            WaitStatus::Signaled(s, _) | WaitStatus::Stopped(s) => 128 + s as i32,
            WaitStatus::Continued => 0,
        }
    }
}

bitflags::bitflags! {
    /// Options of waitpid(2).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
    #[serde(transparent)]
    pub struct WaitOptions: u32 {
        /// Return at once if no child has changed state.
        const WNOHANG = 1;
        /// Also report stopped children.
        const WUNTRACED = 2;
        /// Also report children resumed by SIGCONT.
        const WCONTINUED = 8;
    }
}
