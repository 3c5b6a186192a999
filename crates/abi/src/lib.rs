//! # wosix-abi — the system-call ABI of Wosix
//!
//! Everything that crosses the boundary between a program and the kernel lives here, and only
//! here: the one [`Errno`] (Linux numbering), open flags, file modes, `stat`/`dirent`, signals,
//! wait statuses, termios and window sizes, spawn requests, and the [`Call`]/[`Ret`] pair that
//! *is* the system call. Kernel, userland, WASI layer and hosts all depend on this crate and on
//! nothing of each other's internals, so a change of wire shape is a change in one place.
//!
//! Numbering follows Linux (x86_64 for syscall numbers, asm-generic for errno and signals) so
//! that values shown to users and guests match what they would see on Linux.
#![forbid(unsafe_code)]

pub mod call;
pub mod errno;
pub mod fcntl;
pub mod ids;
pub mod limits;
pub mod net;
pub mod signal;
pub mod spawn;
pub mod stat;
pub mod termios;
pub mod wait;

pub use call::{Call, Ret};
pub use errno::{Errno, SysResult};
pub use fcntl::{AtFlags, FcntlCmd, OFlags, Whence};
pub use ids::{Fd, Gid, Ino, Pid, Uid};
pub use limits::{RLIM_INFINITY, Resource, Rlimit};
pub use net::{Port, ShutdownHow, SockAddr};
pub use signal::{SigAction, SigHow, SigSet, Signal};
pub use spawn::{FileAction, SpawnAttrs, SpawnCreds, SpawnRequest};
pub use stat::{Dirent, FileType, Mode, Stat, Timespec};
pub use termios::{Termios, Winsize};
pub use wait::{WaitOptions, WaitStatus};
