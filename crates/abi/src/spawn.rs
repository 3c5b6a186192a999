//! posix_spawn(3)-style process creation: there is no fork in Wosix. A spawn names the program,
//! its arguments and environment, file actions applied in order in the child, and attributes.

use crate::fcntl::OFlags;
use crate::ids::{Fd, Pid};
use crate::signal::SigSet;
use serde::{Deserialize, Serialize};

/// One file action, applied in the child before the program starts
/// (posix_spawn_file_actions_adddup2(3) and friends).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileAction {
    /// `dup2(from, to)`; clears close-on-exec on `to` even when `from == to`.
    Dup2 {
        /// Source descriptor.
        from: Fd,
        /// Target descriptor.
        to: Fd,
    },
    /// `close(fd)`.
    Close(Fd),
    /// `open(path, flags, mode)` onto descriptor `fd`.
    Open {
        /// The descriptor the file ends up on.
        fd: Fd,
        /// Path, relative to the child's cwd.
        path: String,
        /// Open flags.
        flags: OFlags,
        /// Creation mode (before umask).
        mode: u32,
    },
    /// `chdir(path)` (posix_spawn_file_actions_addchdir_np).
    Chdir(String),
}

/// Spawn attributes (posix_spawnattr_*).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpawnAttrs {
    /// `POSIX_SPAWN_SETPGROUP`: `Some(Pid(0))` makes the child lead a new group.
    pub pgroup: Option<Pid>,
    /// `POSIX_SPAWN_SETSID`: the child leads a new session.
    pub setsid: bool,
    /// `POSIX_SPAWN_SETSIGMASK`: the child's signal mask.
    pub sigmask: Option<SigSet>,
    /// `POSIX_SPAWN_SETSIGDEF`: signals reset to the default action in the child.
    pub sigdefault: SigSet,
    /// After `setsid`, make this descriptor (a terminal) the controlling tty (TIOCSCTTY).
    pub ctty: Option<Fd>,
    /// Make the child's group the foreground group of its controlling terminal (tcsetpgrp).
    pub foreground: bool,
    /// Run the child with these credentials (real, effective and saved ids, groups). Only a
    /// caller with effective uid 0 may set this (EPERM otherwise); hosts use it to start
    /// sessions as a user, as login(1) would after setuid.
    pub creds: Option<SpawnCreds>,
}

/// Credentials for [`SpawnAttrs::creds`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpawnCreds {
    /// User id (real, effective and saved).
    pub uid: crate::ids::Uid,
    /// Group id (real, effective and saved).
    pub gid: crate::ids::Gid,
    /// Supplementary groups.
    pub groups: Vec<crate::ids::Gid>,
}

/// A request to start a program.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpawnRequest {
    /// Path of the file to run. Without a `/`, `PATH` from `envp` is searched (posix_spawnp).
    pub path: String,
    /// Arguments, `argv[0]` first.
    pub argv: Vec<String>,
    /// Environment, `NAME=value` strings.
    pub envp: Vec<String>,
    /// File actions, in order.
    pub file_actions: Vec<FileAction>,
    /// Attributes.
    pub attrs: SpawnAttrs,
}

/// The first bytes of a file in /bin that marks it as a built-in program; the program's name
/// follows on the same line (`#!wosix-builtin ls`).
pub const BUILTIN_MAGIC: &[u8] = b"#!wosix-builtin ";

/// The first bytes of a WebAssembly module.
pub const WASM_MAGIC: &[u8] = b"\0asm";
