//! The mount table (mount(2), umount(2), /proc/mounts): which file system instance covers
//! which directory. The first entry is the root file system.

use super::{FsId, VNode};
use crate::fs::Filesystem;
use crate::fs::tmpfs::ROOT_INO;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One mount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mount {
    /// The file system mounted.
    pub fs: FsId,
    /// The directory it covers (`None` for the root file system).
    pub point: Option<VNode>,
    /// The mount point's path, as /proc/mounts shows it.
    pub target: String,
}

/// File system instances and the mount table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vfs {
    /// File system instances.
    pub fs: BTreeMap<FsId, Filesystem>,
    /// Mounts, in mount order (later mounts on the same point hide earlier ones).
    pub mounts: Vec<Mount>,
    /// Next file system id.
    pub next_fs: u32,
}

impl Vfs {
    /// Add a file system instance; returns its id.
    pub fn add_fs(&mut self, f: Filesystem) -> FsId {
        self.next_fs += 1;
        let id = FsId(self.next_fs);
        self.fs.insert(id, f);
        id
    }

    /// The root directory of the whole tree.
    pub fn root(&self) -> VNode {
        let fs = self.mounts.first().map(|m| m.fs).unwrap_or(FsId(1));
        VNode { fs, ino: ROOT_INO }
    }

    /// The root of the file system mounted on `v`, if any (the topmost mount).
    pub fn mounted_on(&self, v: VNode) -> Option<VNode> {
        self.mounts
            .iter()
            .rev()
            .find(|m| m.point == Some(v))
            .map(|m| VNode {
                fs: m.fs,
                ino: ROOT_INO,
            })
    }

    /// If `v` is the root of a mounted file system, the directory it covers.
    pub fn covered_by(&self, v: VNode) -> Option<VNode> {
        if v.ino != ROOT_INO {
            return None;
        }
        self.mounts
            .iter()
            .rev()
            .find(|m| m.fs == v.fs)
            .and_then(|m| m.point)
    }

    /// Whether some file system is mounted on `v`, or `v` is a mounted root.
    pub fn is_mount_point(&self, v: VNode) -> bool {
        self.mounted_on(v).is_some()
            || (v.ino == ROOT_INO && self.mounts.iter().any(|m| m.fs == v.fs))
    }
}
