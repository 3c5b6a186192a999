//! Open flags, `*at` flags, `lseek` whence and `fcntl` commands, with Linux's values
//! (asm-generic/fcntl.h). See open(2), fcntl(2), lseek(2).

use crate::ids::Fd;
use serde::{Deserialize, Serialize};

bitflags::bitflags! {
    /// Flags of open(2). The access mode is the low two bits (see [`OFlags::access`]).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
    #[serde(transparent)]
    pub struct OFlags: u32 {
        /// Open for writing only.
        const WRONLY = 0o1;
        /// Open for reading and writing.
        const RDWR = 0o2;
        /// Create the file if it does not exist.
        const CREAT = 0o100;
        /// With `CREAT`: fail with EEXIST if the file exists.
        const EXCL = 0o200;
        /// Do not make a terminal the controlling terminal.
        const NOCTTY = 0o400;
        /// Truncate a regular file to length 0.
        const TRUNC = 0o1000;
        /// Every write appends.
        const APPEND = 0o2000;
        /// Reads and writes never block; they fail with EAGAIN.
        const NONBLOCK = 0o4000;
        /// Fail with ENOTDIR unless the path names a directory.
        const DIRECTORY = 0o200000;
        /// Fail with ELOOP if the last component is a symbolic link.
        const NOFOLLOW = 0o400000;
        /// Close the descriptor on exec/spawn.
        const CLOEXEC = 0o2000000;
    }
}

impl OFlags {
    /// Open for reading only (the zero access mode).
    pub const RDONLY: OFlags = OFlags::empty();

    /// Whether the access mode permits reading.
    pub fn readable(self) -> bool {
        !self.contains(OFlags::WRONLY) || self.contains(OFlags::RDWR)
    }

    /// Whether the access mode permits writing.
    pub fn writable(self) -> bool {
        self.intersects(OFlags::WRONLY | OFlags::RDWR)
    }

    /// The access mode bits alone (`O_ACCMODE`).
    pub fn access(self) -> u32 {
        self.bits() & 0o3
    }

    /// The flags `F_SETFL` may change (Linux: O_APPEND, O_NONBLOCK among those we know).
    pub fn settable() -> OFlags {
        OFlags::APPEND | OFlags::NONBLOCK
    }
}

bitflags::bitflags! {
    /// Flags of the `*at` calls (fstatat(2), unlinkat(2), linkat(2)).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
    #[serde(transparent)]
    pub struct AtFlags: u32 {
        /// Do not follow a final symbolic link.
        const SYMLINK_NOFOLLOW = 0x100;
        /// unlinkat: remove a directory (rmdir).
        const REMOVEDIR = 0x200;
        /// linkat: follow a final symbolic link.
        const SYMLINK_FOLLOW = 0x400;
        /// faccessat: check with effective ids.
        const EACCESS = 0x200;
    }
}

/// Origin of lseek(2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Whence {
    /// From the start of the file (`SEEK_SET`).
    Set,
    /// From the current offset (`SEEK_CUR`).
    Cur,
    /// From the end of the file (`SEEK_END`).
    End,
}

/// The commands of fcntl(2) we support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FcntlCmd {
    /// Duplicate onto the lowest free descriptor `>= min` (`F_DUPFD`).
    DupFd(Fd),
    /// As `DupFd`, with close-on-exec set (`F_DUPFD_CLOEXEC`).
    DupFdCloexec(Fd),
    /// Read the descriptor flags; the result is 1 if close-on-exec is set (`F_GETFD`).
    GetFd,
    /// Set the descriptor flags; 1 sets close-on-exec (`F_SETFD`).
    SetFd(u32),
    /// Read the status flags and access mode (`F_GETFL`).
    GetFl,
    /// Set the changeable status flags (`F_SETFL`).
    SetFl(OFlags),
}

/// Mode bits of access(2).
pub mod access {
    /// Test for existence.
    pub const F_OK: u32 = 0;
    /// Test for execute (search) permission.
    pub const X_OK: u32 = 1;
    /// Test for write permission.
    pub const W_OK: u32 = 2;
    /// Test for read permission.
    pub const R_OK: u32 = 4;
}
