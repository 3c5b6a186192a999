//! Signals with Linux numbering and default actions (signal(7)).

use serde::{Deserialize, Serialize};

/// A signal. Numbers follow Linux on x86_64 / asm-generic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
#[allow(clippy::upper_case_acronyms)]
pub enum Signal {
    /// Hangup of the controlling terminal.
    SIGHUP = 1,
    /// Interrupt from the keyboard (^C).
    SIGINT = 2,
    /// Quit from the keyboard (^\).
    SIGQUIT = 3,
    /// Illegal instruction.
    SIGILL = 4,
    /// Trace/breakpoint trap.
    SIGTRAP = 5,
    /// Abort.
    SIGABRT = 6,
    /// Bus error.
    SIGBUS = 7,
    /// Floating-point exception.
    SIGFPE = 8,
    /// Kill (cannot be caught or ignored).
    SIGKILL = 9,
    /// User-defined signal 1.
    SIGUSR1 = 10,
    /// Invalid memory reference.
    SIGSEGV = 11,
    /// User-defined signal 2.
    SIGUSR2 = 12,
    /// Write to a pipe with no readers.
    SIGPIPE = 13,
    /// Timer signal from alarm(2).
    SIGALRM = 14,
    /// Termination request.
    SIGTERM = 15,
    /// Stack fault on coprocessor.
    SIGSTKFLT = 16,
    /// Child stopped or terminated.
    SIGCHLD = 17,
    /// Continue if stopped.
    SIGCONT = 18,
    /// Stop (cannot be caught or ignored).
    SIGSTOP = 19,
    /// Stop typed at the terminal (^Z).
    SIGTSTP = 20,
    /// Terminal input for a background process.
    SIGTTIN = 21,
    /// Terminal output for a background process.
    SIGTTOU = 22,
    /// Urgent condition on a socket.
    SIGURG = 23,
    /// CPU time limit exceeded.
    SIGXCPU = 24,
    /// File size limit exceeded.
    SIGXFSZ = 25,
    /// Virtual alarm clock.
    SIGVTALRM = 26,
    /// Profiling timer expired.
    SIGPROF = 27,
    /// Window resize.
    SIGWINCH = 28,
    /// I/O now possible.
    SIGIO = 29,
    /// Power failure.
    SIGPWR = 30,
    /// Bad system call.
    SIGSYS = 31,
}

/// What happens to a process when a signal with the default disposition arrives (signal(7)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DefaultAction {
    /// Terminate the process.
    Term,
    /// Terminate the process and dump core.
    Core,
    /// Ignore the signal.
    Ign,
    /// Stop the process.
    Stop,
    /// Continue the process if it is stopped.
    Cont,
}

impl Signal {
    /// All signals in numeric order.
    pub const ALL: [Signal; 31] = [
        Signal::SIGHUP,
        Signal::SIGINT,
        Signal::SIGQUIT,
        Signal::SIGILL,
        Signal::SIGTRAP,
        Signal::SIGABRT,
        Signal::SIGBUS,
        Signal::SIGFPE,
        Signal::SIGKILL,
        Signal::SIGUSR1,
        Signal::SIGSEGV,
        Signal::SIGUSR2,
        Signal::SIGPIPE,
        Signal::SIGALRM,
        Signal::SIGTERM,
        Signal::SIGSTKFLT,
        Signal::SIGCHLD,
        Signal::SIGCONT,
        Signal::SIGSTOP,
        Signal::SIGTSTP,
        Signal::SIGTTIN,
        Signal::SIGTTOU,
        Signal::SIGURG,
        Signal::SIGXCPU,
        Signal::SIGXFSZ,
        Signal::SIGVTALRM,
        Signal::SIGPROF,
        Signal::SIGWINCH,
        Signal::SIGIO,
        Signal::SIGPWR,
        Signal::SIGSYS,
    ];

    /// The Linux number.
    pub fn number(self) -> u32 {
        self as u32
    }

    /// The signal with Linux number `n`.
    pub fn from_number(n: u32) -> Option<Signal> {
        Self::ALL.get((n as usize).checked_sub(1)?).copied()
    }

    /// The name with the `SIG` prefix, e.g. `"SIGINT"`.
    pub fn name(self) -> &'static str {
        const NAMES: [&str; 31] = [
            "SIGHUP",
            "SIGINT",
            "SIGQUIT",
            "SIGILL",
            "SIGTRAP",
            "SIGABRT",
            "SIGBUS",
            "SIGFPE",
            "SIGKILL",
            "SIGUSR1",
            "SIGSEGV",
            "SIGUSR2",
            "SIGPIPE",
            "SIGALRM",
            "SIGTERM",
            "SIGSTKFLT",
            "SIGCHLD",
            "SIGCONT",
            "SIGSTOP",
            "SIGTSTP",
            "SIGTTIN",
            "SIGTTOU",
            "SIGURG",
            "SIGXCPU",
            "SIGXFSZ",
            "SIGVTALRM",
            "SIGPROF",
            "SIGWINCH",
            "SIGIO",
            "SIGPWR",
            "SIGSYS",
        ];
        NAMES[self as usize - 1]
    }

    /// The name without `SIG`, e.g. `"INT"`.
    pub fn short_name(self) -> &'static str {
        &self.name()[3..]
    }

    /// Parse `"INT"`, `"SIGINT"`, `"int"` or `"2"`.
    pub fn parse(s: &str) -> Option<Signal> {
        if let Ok(n) = s.parse::<u32>() {
            return Signal::from_number(n);
        }
        let up = s.to_ascii_uppercase();
        let bare = up.strip_prefix("SIG").unwrap_or(&up);
        match bare {
            "IOT" => return Some(Signal::SIGABRT),
            "POLL" => return Some(Signal::SIGIO),
            "CLD" => return Some(Signal::SIGCHLD),
            _ => {}
        }
        Self::ALL
            .iter()
            .copied()
            .find(|sig| sig.short_name() == bare)
    }

    /// The default action (signal(7)).
    pub fn default_action(self) -> DefaultAction {
        use Signal::*;
        match self {
            SIGQUIT | SIGILL | SIGTRAP | SIGABRT | SIGBUS | SIGFPE | SIGSEGV | SIGXCPU
            | SIGXFSZ | SIGSYS => DefaultAction::Core,
            SIGCHLD | SIGURG | SIGWINCH => DefaultAction::Ign,
            SIGSTOP | SIGTSTP | SIGTTIN | SIGTTOU => DefaultAction::Stop,
            SIGCONT => DefaultAction::Cont,
            _ => DefaultAction::Term,
        }
    }

    /// Whether the signal's disposition can be changed or the signal blocked.
    pub fn catchable(self) -> bool {
        !matches!(self, Signal::SIGKILL | Signal::SIGSTOP)
    }

    /// The description `strsignal(3)` gives, as shells print for a killed job.
    pub fn description(self) -> &'static str {
        use Signal::*;
        match self {
            SIGHUP => "Hangup",
            SIGINT => "Interrupt",
            SIGQUIT => "Quit",
            SIGILL => "Illegal instruction",
            SIGTRAP => "Trace/breakpoint trap",
            SIGABRT => "Aborted",
            SIGBUS => "Bus error",
            SIGFPE => "Floating point exception",
            SIGKILL => "Killed",
            SIGUSR1 => "User defined signal 1",
            SIGSEGV => "Segmentation fault",
            SIGUSR2 => "User defined signal 2",
            SIGPIPE => "Broken pipe",
            SIGALRM => "Alarm clock",
            SIGTERM => "Terminated",
            SIGSTKFLT => "Stack fault",
            SIGCHLD => "Child exited",
            SIGCONT => "Continued",
            SIGSTOP => "Stopped (signal)",
            SIGTSTP => "Stopped",
            SIGTTIN => "Stopped (tty input)",
            SIGTTOU => "Stopped (tty output)",
            SIGURG => "Urgent I/O condition",
            SIGXCPU => "CPU time limit exceeded",
            SIGXFSZ => "File size limit exceeded",
            SIGVTALRM => "Virtual timer expired",
            SIGPROF => "Profiling timer expired",
            SIGWINCH => "Window changed",
            SIGIO => "I/O possible",
            SIGPWR => "Power failure",
            SIGSYS => "Bad system call",
        }
    }
}

/// A set of signals (bit `n-1` for signal `n`), as `sigset_t`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SigSet(pub u64);

impl SigSet {
    /// The empty set.
    pub const EMPTY: SigSet = SigSet(0);
    /// Whether `sig` is in the set.
    pub fn contains(self, sig: Signal) -> bool {
        self.0 & (1 << (sig as u32 - 1)) != 0
    }
    /// Add `sig`.
    pub fn insert(&mut self, sig: Signal) {
        self.0 |= 1 << (sig as u32 - 1);
    }
    /// Remove `sig`.
    pub fn remove(&mut self, sig: Signal) {
        self.0 &= !(1 << (sig as u32 - 1));
    }
    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The lowest-numbered signal in the set.
    pub fn first(self) -> Option<Signal> {
        if self.0 == 0 {
            None
        } else {
            Signal::from_number(self.0.trailing_zeros() + 1)
        }
    }
    /// A set with one signal.
    pub fn of(sig: Signal) -> SigSet {
        let mut s = SigSet::EMPTY;
        s.insert(sig);
        s
    }
    /// The signals in the set, in order.
    pub fn iter(self) -> impl Iterator<Item = Signal> {
        Signal::ALL.into_iter().filter(move |s| self.contains(*s))
    }
}

/// Disposition of a signal (sigaction(2)), as a program sets it.
///
/// Wosix programs are not interrupted asynchronously: a *caught* signal is queued on the
/// process, any blocking call returns EINTR, and the program collects it with
/// [`Call::TakeSignal`](crate::Call::TakeSignal) and runs its handler itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SigAction {
    /// `SIG_DFL`: the default action.
    #[default]
    Default,
    /// `SIG_IGN`: discard the signal.
    Ignore,
    /// A handler: queue the signal for the program.
    Catch,
}

/// How sigprocmask(2) combines the new set with the mask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SigHow {
    /// Add the set to the mask (`SIG_BLOCK`).
    Block,
    /// Remove the set from the mask (`SIG_UNBLOCK`).
    Unblock,
    /// Replace the mask (`SIG_SETMASK`).
    SetMask,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn numbering_and_names() {
        for s in Signal::ALL {
            assert_eq!(Signal::from_number(s.number()), Some(s));
            assert_eq!(Signal::parse(s.name()), Some(s));
            assert_eq!(Signal::parse(s.short_name()), Some(s));
        }
        assert_eq!(Signal::SIGKILL.number(), 9);
        assert_eq!(Signal::SIGCHLD.number(), 17);
        assert_eq!(Signal::parse("15"), Some(Signal::SIGTERM));
        assert_eq!(Signal::parse("bogus"), None);
        assert_eq!(Signal::from_number(0), None);
        assert_eq!(Signal::from_number(32), None);
    }
    #[test]
    fn sigset_ops() {
        let mut s = SigSet::EMPTY;
        s.insert(Signal::SIGTERM);
        s.insert(Signal::SIGHUP);
        assert_eq!(s.first(), Some(Signal::SIGHUP));
        s.remove(Signal::SIGHUP);
        assert!(s.contains(Signal::SIGTERM) && !s.contains(Signal::SIGHUP));
    }
}
