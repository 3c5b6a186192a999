//! Inode metadata shared by every file system: type, permission bits, owner, link count and
//! times. Generated nodes (procfs, devfs) synthesise one; tmpfs stores one per inode.

use serde::{Deserialize, Serialize};
use wosix_abi::{FileType, Gid, Timespec, Uid};

/// Metadata of one inode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// File type.
    pub ftype: FileType,
    /// Permission bits including set-id and sticky (`0o7777`).
    pub perm: u32,
    /// Owner.
    pub uid: Uid,
    /// Group.
    pub gid: Gid,
    /// Hard links.
    pub nlink: u32,
    /// Size in bytes.
    pub size: u64,
    /// Device number for device files.
    pub rdev: u64,
    /// Last access.
    pub atime: Timespec,
    /// Last modification.
    pub mtime: Timespec,
    /// Last status change.
    pub ctime: Timespec,
}

impl Meta {
    /// The full `st_mode` (type bits plus permission bits).
    pub fn mode(&self) -> u32 {
        self.ftype.mode_bits() | self.perm
    }
}
