//! The virtual file system: what every file system has in common. A node is named by a
//! [`VNode`] (file system id + inode number); the mount table stitches file systems into one
//! tree; [`walk`] resolves paths with POSIX semantics (search permission on every directory,
//! symbolic links with ELOOP after 40, `..` across mount points); [`perm`] decides access.
//!
//! Mechanism lives here; the file systems themselves (tmpfs, procfs, devfs) are in `crate::fs`.

pub mod meta;
pub mod mount;
pub mod perm;
pub mod walk;

use serde::{Deserialize, Serialize};
use wosix_abi::Ino;

/// Identifies one mounted file system instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FsId(pub u32);

/// A node in the file tree: an inode of one file system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VNode {
    /// The file system.
    pub fs: FsId,
    /// The inode within it.
    pub ino: Ino,
}

/// Longest path accepted (PATH_MAX).
pub const PATH_MAX: usize = 4096;
/// Longest file name accepted (NAME_MAX).
pub const NAME_MAX: usize = 255;
/// Symbolic links followed in one resolution before ELOOP (Linux's MAXSYMLINKS).
pub const MAX_SYMLINKS: u32 = 40;
