//! The file systems: tmpfs (stored), procfs and devfs (generated from kernel tables, never
//! stored). This module dispatches the per-node questions the VFS asks — metadata, lookup,
//! listing, link targets — to the file system that owns the node.

pub mod devfs;
pub mod procfs;
pub mod tmpfs;

use crate::Kernel;
use crate::vfs::meta::Meta;
use crate::vfs::{FsId, VNode};
use serde::{Deserialize, Serialize};
use wosix_abi::{Errno, FileType, Ino, Pid, SysResult};

/// The kind and state of a file system instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FsKind {
    /// Stored in memory.
    Tmp(tmpfs::Tmpfs),
    /// /proc, generated from the process table.
    Proc,
    /// /dev, generated from the device table and the ptys.
    Dev,
}

/// A file system instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filesystem {
    /// Kind and content.
    pub kind: FsKind,
    /// Source shown in /proc/mounts (`tmpfs`, `proc`, `udev`).
    pub source: String,
    /// Mounted read-only.
    pub readonly: bool,
}

impl Filesystem {
    /// The type name (`tmpfs`, `proc`, `devtmpfs`).
    pub fn fstype(&self) -> &'static str {
        match self.kind {
            FsKind::Tmp(_) => "tmpfs",
            FsKind::Proc => "proc",
            FsKind::Dev => "devtmpfs",
        }
    }
}

/// Where a symbolic link leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// A path to resolve (ordinary symlinks).
    Path(String),
    /// A node directly (procfs "magic" links such as /proc/self/cwd), with its display text.
    Node(VNode, String),
    /// An object with no path (a pipe or socket behind /proc/N/fd/M), with its display text.
    Object(String),
}

impl Kernel {
    /// The tmpfs with id `fs`.
    pub(crate) fn tmpfs(&self, fs: FsId) -> SysResult<&tmpfs::Tmpfs> {
        match self.vfs.fs.get(&fs).map(|f| &f.kind) {
            Some(FsKind::Tmp(t)) => Ok(t),
            Some(_) => Err(Errno::EPERM),
            None => Err(Errno::ENOENT),
        }
    }

    /// The tmpfs with id `fs`, mutably; EROFS if mounted read-only.
    pub(crate) fn tmpfs_mut(&mut self, fs: FsId) -> SysResult<&mut tmpfs::Tmpfs> {
        match self.vfs.fs.get_mut(&fs) {
            Some(Filesystem { readonly: true, .. }) => Err(Errno::EROFS),
            Some(Filesystem {
                kind: FsKind::Tmp(t),
                ..
            }) => Ok(t),
            Some(_) => Err(Errno::EPERM),
            None => Err(Errno::ENOENT),
        }
    }

    fn kind(&self, fs: FsId) -> SysResult<&FsKind> {
        self.vfs.fs.get(&fs).map(|f| &f.kind).ok_or(Errno::ENOENT)
    }

    /// Metadata of `v`.
    pub(crate) fn meta(&self, v: VNode) -> SysResult<Meta> {
        match self.kind(v.fs)? {
            FsKind::Tmp(t) => Ok(t.get(v.ino)?.meta.clone()),
            FsKind::Proc => procfs::meta(self, v.ino),
            FsKind::Dev => devfs::meta(self, v.ino),
        }
    }

    /// Look `name` (not `.`/`..`) up in directory `dir` of one file system (no mount crossing).
    pub(crate) fn lookup_in(&self, dir: VNode, name: &str, pid: Pid) -> SysResult<VNode> {
        let ino = match self.kind(dir.fs)? {
            FsKind::Tmp(t) => t.lookup(dir.ino, name)?,
            FsKind::Proc => procfs::lookup(self, dir.ino, name, pid)?,
            FsKind::Dev => devfs::lookup(self, dir.ino, name)?,
        };
        Ok(VNode { fs: dir.fs, ino })
    }

    /// The parent of directory `dir` within its file system (itself at the root).
    pub(crate) fn parent_in(&self, dir: VNode) -> SysResult<VNode> {
        let ino = match self.kind(dir.fs)? {
            FsKind::Tmp(t) => t.parent(dir.ino)?,
            FsKind::Proc => procfs::parent(dir.ino),
            FsKind::Dev => devfs::parent(dir.ino),
        };
        Ok(VNode { fs: dir.fs, ino })
    }

    /// Entries of directory `dir` (without `.` and `..`).
    pub(crate) fn list(&self, dir: VNode, pid: Pid) -> SysResult<Vec<(String, Ino, FileType)>> {
        match self.kind(dir.fs)? {
            FsKind::Tmp(t) => t.entries(dir.ino),
            FsKind::Proc => procfs::list(self, dir.ino, pid),
            FsKind::Dev => devfs::list(self, dir.ino),
        }
    }

    /// Where the symbolic link `v` leads.
    pub(crate) fn link_target(&self, v: VNode, pid: Pid) -> SysResult<LinkTarget> {
        match self.kind(v.fs)? {
            FsKind::Tmp(t) => match &t.get(v.ino)?.body {
                tmpfs::Body::Symlink(s) => Ok(LinkTarget::Path(s.clone())),
                _ => Err(Errno::EINVAL),
            },
            FsKind::Proc => procfs::link_target(self, v.ino, pid),
            FsKind::Dev => devfs::link_target(v.ino),
        }
    }

    /// The name of `child` inside directory `dir` of the same file system.
    pub(crate) fn name_in(&self, dir: VNode, child: VNode, pid: Pid) -> Option<String> {
        match self.kind(dir.fs).ok()? {
            FsKind::Tmp(t) => t.name_in(dir.ino, child.ino),
            _ => self
                .list(dir, pid)
                .ok()?
                .into_iter()
                .find(|e| e.1 == child.ino)
                .map(|e| e.0),
        }
    }
}
