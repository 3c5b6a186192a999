//! tmpfs: the in-memory file system that holds every stored file. Inodes live in a table keyed
//! by inode number; directories map names to inode numbers and remember their parent (for
//! `..` and getcwd). Link counts follow Linux: a directory has 2 + its subdirectories.

use crate::vfs::meta::Meta;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wosix_abi::{Errno, FileType, Gid, Ino, SysResult, Timespec, Uid};

/// What an inode holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    /// A regular file's bytes.
    File(#[serde(with = "crate::snapshot::bytes")] Vec<u8>),
    /// A directory's entries (without `.` and `..`) and its parent.
    Dir {
        /// Name → inode.
        entries: BTreeMap<String, Ino>,
        /// The parent directory (itself for the root).
        parent: Ino,
    },
    /// A symbolic link's target.
    Symlink(String),
    /// A named pipe; the kernel pipe backing it while it is open.
    Fifo(Option<u64>),
}

/// One inode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inode {
    /// Metadata (the size field is kept in step with the body).
    pub meta: Meta,
    /// Content.
    pub body: Body,
}

/// A tmpfs instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tmpfs {
    inodes: BTreeMap<Ino, Inode>,
    next_ino: u64,
    /// Bytes stored in regular files and symlinks.
    pub used_bytes: u64,
    /// Counts mutations (every change goes through [`Tmpfs::get_mut`]): hosts compare it to
    /// skip re-scanning an unchanged tree (the browser's `fs.watch`).
    #[serde(default)]
    pub changes: u64,
}

/// The root directory's inode number.
pub const ROOT_INO: Ino = Ino(1);

/// Bytes one tmpfs holds at most, and so the largest file it can hold: half the machine's
/// memory, Linux's default `size=` for tmpfs (tmpfs(5)). Files here are not sparse, so a write
/// or truncate past it must fail (EFBIG for one file, ENOSPC for the whole) instead of asking
/// the host for more memory than it has.
pub const CAPACITY: u64 = crate::fs::procfs::MEM_TOTAL / 2;

impl Tmpfs {
    /// A tmpfs with an empty root directory owned by `uid`/`gid` with mode `perm`.
    pub fn new(perm: u32, uid: Uid, gid: Gid, now: Timespec) -> Tmpfs {
        let mut inodes = BTreeMap::new();
        inodes.insert(
            ROOT_INO,
            Inode {
                meta: Meta {
                    ftype: FileType::Directory,
                    perm,
                    uid,
                    gid,
                    nlink: 2,
                    size: 0,
                    rdev: 0,
                    atime: now,
                    mtime: now,
                    ctime: now,
                },
                body: Body::Dir {
                    entries: BTreeMap::new(),
                    parent: ROOT_INO,
                },
            },
        );
        Tmpfs {
            inodes,
            next_ino: 2,
            used_bytes: 0,
            changes: 0,
        }
    }

    /// Number of inodes.
    pub fn inode_count(&self) -> usize {
        self.inodes.len()
    }

    /// The inode `ino`.
    pub fn get(&self, ino: Ino) -> SysResult<&Inode> {
        self.inodes.get(&ino).ok_or(Errno::ENOENT)
    }

    /// The inode `ino`, mutably.
    pub fn get_mut(&mut self, ino: Ino) -> SysResult<&mut Inode> {
        self.changes = self.changes.wrapping_add(1);
        self.inodes.get_mut(&ino).ok_or(Errno::ENOENT)
    }

    /// Look `name` up in directory `dir`.
    pub fn lookup(&self, dir: Ino, name: &str) -> SysResult<Ino> {
        match &self.get(dir)?.body {
            Body::Dir { entries, parent } => match name {
                "." => Ok(dir),
                ".." => Ok(*parent),
                _ => entries.get(name).copied().ok_or(Errno::ENOENT),
            },
            _ => Err(Errno::ENOTDIR),
        }
    }

    /// Entries of directory `dir` (without `.` and `..`), in name order.
    pub fn entries(&self, dir: Ino) -> SysResult<Vec<(String, Ino, FileType)>> {
        match &self.get(dir)?.body {
            Body::Dir { entries, .. } => Ok(entries
                .iter()
                .map(|(n, i)| {
                    (
                        n.clone(),
                        *i,
                        self.inodes
                            .get(i)
                            .map(|x| x.meta.ftype)
                            .unwrap_or(FileType::Regular),
                    )
                })
                .collect()),
            _ => Err(Errno::ENOTDIR),
        }
    }

    /// The parent of directory `dir`.
    pub fn parent(&self, dir: Ino) -> SysResult<Ino> {
        match &self.get(dir)?.body {
            Body::Dir { parent, .. } => Ok(*parent),
            _ => Err(Errno::ENOTDIR),
        }
    }

    /// The name of `child` in directory `dir`.
    pub fn name_in(&self, dir: Ino, child: Ino) -> Option<String> {
        match &self.inodes.get(&dir)?.body {
            Body::Dir { entries, .. } => entries
                .iter()
                .find(|(_, i)| **i == child)
                .map(|(n, _)| n.clone()),
            _ => None,
        }
    }

    /// Create a new inode named `name` in `dir`. The caller checked permissions.
    ///
    /// # Errors
    /// EEXIST if the name is taken; ENOTDIR if `dir` is not a directory.
    pub fn create(
        &mut self,
        dir: Ino,
        name: &str,
        ftype: FileType,
        perm: u32,
        uid: Uid,
        gid: Gid,
        now: Timespec,
        body: Body,
    ) -> SysResult<Ino> {
        let ino = Ino(self.next_ino);
        match &mut self.get_mut(dir)?.body {
            Body::Dir { entries, .. } => {
                if entries.contains_key(name) {
                    return Err(Errno::EEXIST);
                }
                entries.insert(name.to_string(), ino);
            }
            _ => return Err(Errno::ENOTDIR),
        }
        self.next_ino += 1;
        let (nlink, body) = match ftype {
            FileType::Directory => (
                2,
                Body::Dir {
                    entries: BTreeMap::new(),
                    parent: dir,
                },
            ),
            _ => (1, body),
        };
        let size = match &body {
            Body::File(d) => d.len() as u64,
            Body::Symlink(t) => t.len() as u64,
            _ => 0,
        };
        self.used_bytes += size;
        self.inodes.insert(
            ino,
            Inode {
                meta: Meta {
                    ftype,
                    perm,
                    uid,
                    gid,
                    nlink,
                    size,
                    rdev: 0,
                    atime: now,
                    mtime: now,
                    ctime: now,
                },
                body,
            },
        );
        let d = self.get_mut(dir)?;
        d.meta.mtime = now;
        d.meta.ctime = now;
        if ftype == FileType::Directory {
            d.meta.nlink += 1;
        }
        Ok(ino)
    }

    /// Add a hard link `name` in `dir` to the existing non-directory `target`.
    pub fn link(&mut self, dir: Ino, name: &str, target: Ino, now: Timespec) -> SysResult<()> {
        match &mut self.get_mut(dir)?.body {
            Body::Dir { entries, .. } => {
                if entries.contains_key(name) {
                    return Err(Errno::EEXIST);
                }
                entries.insert(name.to_string(), target);
            }
            _ => return Err(Errno::ENOTDIR),
        }
        let t = self.get_mut(target)?;
        t.meta.nlink += 1;
        t.meta.ctime = now;
        let d = self.get_mut(dir)?;
        d.meta.mtime = now;
        d.meta.ctime = now;
        Ok(())
    }

    /// Remove the entry `name` from `dir`, dropping the inode when its last link goes and
    /// `open` says no descriptor holds it. Returns the inode number removed.
    pub fn remove_entry(&mut self, dir: Ino, name: &str, now: Timespec) -> SysResult<Ino> {
        let ino = match &mut self.get_mut(dir)?.body {
            Body::Dir { entries, .. } => entries.remove(name).ok_or(Errno::ENOENT)?,
            _ => return Err(Errno::ENOTDIR),
        };
        let is_dir = self.get(ino)?.meta.ftype == FileType::Directory;
        let d = self.get_mut(dir)?;
        d.meta.mtime = now;
        d.meta.ctime = now;
        if is_dir {
            d.meta.nlink = d.meta.nlink.saturating_sub(1);
        }
        let n = self.get_mut(ino)?;
        n.meta.ctime = now;
        n.meta.nlink = if is_dir {
            0
        } else {
            n.meta.nlink.saturating_sub(1)
        };
        Ok(ino)
    }

    /// Insert an existing inode under `name` in `dir` (the second half of a rename).
    pub fn insert_entry(&mut self, dir: Ino, name: &str, ino: Ino, now: Timespec) -> SysResult<()> {
        let is_dir = self.get(ino)?.meta.ftype == FileType::Directory;
        match &mut self.get_mut(dir)?.body {
            Body::Dir { entries, .. } => {
                entries.insert(name.to_string(), ino);
            }
            _ => return Err(Errno::ENOTDIR),
        }
        let d = self.get_mut(dir)?;
        d.meta.mtime = now;
        d.meta.ctime = now;
        if is_dir {
            d.meta.nlink += 1;
        }
        let n = self.get_mut(ino)?;
        n.meta.ctime = now;
        if is_dir {
            if let Body::Dir { parent, .. } = &mut n.body {
                *parent = dir;
            }
            let subdirs = self
                .entries(ino)?
                .iter()
                .filter(|e| e.2 == FileType::Directory)
                .count() as u32;
            self.get_mut(ino)?.meta.nlink = 2 + subdirs;
        } else {
            n.meta.nlink += 1;
        }
        Ok(())
    }

    /// Free `ino` if it has no links left and `held` (open descriptors) is false.
    pub fn maybe_free(&mut self, ino: Ino, held: bool) {
        if held {
            return;
        }
        if let Some(n) = self.inodes.get(&ino)
            && n.meta.nlink == 0
            && ino != ROOT_INO
        {
            let size = n.meta.size;
            self.used_bytes = self.used_bytes.saturating_sub(size);
            self.inodes.remove(&ino);
        }
    }

    /// Clear FIFO inodes that refer to pipe `id` (it was destroyed).
    pub fn forget_pipe(&mut self, id: u64) {
        for n in self.inodes.values_mut() {
            if n.body == Body::Fifo(Some(id)) {
                n.body = Body::Fifo(None);
            }
        }
    }

    /// Whether directory `dir` has no entries.
    pub fn is_empty_dir(&self, dir: Ino) -> SysResult<bool> {
        match &self.get(dir)?.body {
            Body::Dir { entries, .. } => Ok(entries.is_empty()),
            _ => Err(Errno::ENOTDIR),
        }
    }

    /// Whether `anc` is `node` or one of its ancestors.
    pub fn is_ancestor(&self, anc: Ino, mut node: Ino) -> bool {
        for _ in 0..100_000 {
            if node == anc {
                return true;
            }
            match self.parent(node) {
                Ok(p) if p != node => node = p,
                _ => return false,
            }
        }
        false
    }

    /// Read up to `len` bytes at `off` of a regular file.
    pub fn read(&self, ino: Ino, off: u64, len: usize) -> SysResult<Vec<u8>> {
        match &self.get(ino)?.body {
            Body::File(d) => {
                let start = (off.min(d.len() as u64)) as usize;
                let end = start.saturating_add(len).min(d.len());
                Ok(d[start..end].to_vec())
            }
            Body::Dir { .. } => Err(Errno::EISDIR),
            _ => Err(Errno::EINVAL),
        }
    }

    /// Write `data` at `off` of a regular file, growing it (holes read as zeros).
    pub fn write(&mut self, ino: Ino, off: u64, data: &[u8], now: Timespec) -> SysResult<usize> {
        let used = self.used_bytes;
        let n = self.get_mut(ino)?;
        let Body::File(d) = &mut n.body else {
            return Err(Errno::EINVAL);
        };
        let off = usize::try_from(off).map_err(|_| Errno::EFBIG)?;
        let end = off.checked_add(data.len()).ok_or(Errno::EFBIG)?;
        let before = d.len();
        reserve(d, end, used)?;
        if off == d.len() {
            // Appending (the common case): no zero-fill pass over the new bytes.
            d.extend_from_slice(data);
        } else {
            if end > d.len() {
                d.resize(end, 0);
            }
            d[off..end].copy_from_slice(data);
        }
        let after = d.len();
        n.meta.size = after as u64;
        n.meta.mtime = now;
        n.meta.ctime = now;
        self.used_bytes = self.used_bytes + after as u64 - before as u64;
        Ok(data.len())
    }

    /// Set a regular file's length.
    pub fn truncate(&mut self, ino: Ino, len: u64, now: Timespec) -> SysResult<()> {
        let used = self.used_bytes;
        let n = self.get_mut(ino)?;
        let Body::File(d) = &mut n.body else {
            return Err(if n.meta.ftype == FileType::Directory {
                Errno::EISDIR
            } else {
                Errno::EINVAL
            });
        };
        let len = usize::try_from(len).map_err(|_| Errno::EFBIG)?;
        let before = d.len();
        reserve(d, len, used)?;
        d.resize(len, 0);
        n.meta.size = len as u64;
        n.meta.mtime = now;
        n.meta.ctime = now;
        self.used_bytes = self.used_bytes + len as u64 - before as u64;
        Ok(())
    }
}

/// Make room for a file body `d` to grow to `len` bytes in a tmpfs already holding `used`:
/// EFBIG past [`CAPACITY`] for one file, ENOSPC when the file system would overflow or the host
/// cannot give the memory (a failed reservation, not an abort).
fn reserve(d: &mut Vec<u8>, len: usize, used: u64) -> SysResult<()> {
    let Some(growth) = len.checked_sub(d.len()).filter(|g| *g > 0) else {
        return Ok(());
    };
    if len as u64 > CAPACITY {
        return Err(Errno::EFBIG);
    }
    if used.saturating_add(growth as u64) > CAPACITY {
        return Err(Errno::ENOSPC);
    }
    d.try_reserve(growth).map_err(|_| Errno::ENOSPC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fs() -> Tmpfs {
        Tmpfs::new(0o755, Uid(0), Gid(0), Timespec::default())
    }

    #[test]
    fn link_counts_follow_linux() {
        let mut t = fs();
        let now = Timespec::default();
        let d = t
            .create(
                ROOT_INO,
                "d",
                FileType::Directory,
                0o755,
                Uid(0),
                Gid(0),
                now,
                Body::File(vec![]),
            )
            .unwrap();
        assert_eq!(t.get(ROOT_INO).unwrap().meta.nlink, 3);
        assert_eq!(t.get(d).unwrap().meta.nlink, 2);
        let f = t
            .create(
                d,
                "f",
                FileType::Regular,
                0o644,
                Uid(0),
                Gid(0),
                now,
                Body::File(b"hi".to_vec()),
            )
            .unwrap();
        t.link(ROOT_INO, "g", f, now).unwrap();
        assert_eq!(t.get(f).unwrap().meta.nlink, 2);
        t.remove_entry(d, "f", now).unwrap();
        t.maybe_free(f, false);
        assert_eq!(t.read(f, 0, 10).unwrap(), b"hi");
        t.remove_entry(ROOT_INO, "g", now).unwrap();
        t.maybe_free(f, false);
        assert!(t.get(f).is_err());
        assert_eq!(t.used_bytes, 0);
    }

    #[test]
    fn sparse_writes_and_truncate() {
        let mut t = fs();
        let now = Timespec::default();
        let f = t
            .create(
                ROOT_INO,
                "f",
                FileType::Regular,
                0o644,
                Uid(0),
                Gid(0),
                now,
                Body::File(vec![]),
            )
            .unwrap();
        t.write(f, 4, b"ab", now).unwrap();
        assert_eq!(t.read(f, 0, 100).unwrap(), b"\0\0\0\0ab");
        t.truncate(f, 2, now).unwrap();
        assert_eq!(t.get(f).unwrap().meta.size, 2);
        assert_eq!(t.used_bytes, 2);
        assert_eq!(t.read(f, 10, 5).unwrap(), b"");
    }

    #[test]
    fn growth_past_the_capacity_fails_cleanly() {
        let mut t = fs();
        let now = Timespec::default();
        let f = t
            .create(
                ROOT_INO,
                "f",
                FileType::Regular,
                0o644,
                Uid(0),
                Gid(0),
                now,
                Body::File(vec![]),
            )
            .unwrap();
        assert_eq!(t.truncate(f, 1 << 40, now), Err(Errno::EFBIG));
        assert_eq!(t.write(f, CAPACITY, b"x", now), Err(Errno::EFBIG));
        // Near-full: the file system, not the file, is out of room.
        t.used_bytes = CAPACITY - 10;
        assert_eq!(t.write(f, 0, &[1; 11], now), Err(Errno::ENOSPC));
        assert_eq!(t.truncate(f, 11, now), Err(Errno::ENOSPC));
        assert_eq!(t.write(f, 0, &[1; 10], now), Ok(10));
        assert_eq!(t.used_bytes, CAPACITY);
        // Shrinking and rewriting in place need no room.
        assert_eq!(t.write(f, 0, &[2; 10], now), Ok(10));
        assert_eq!(t.truncate(f, 4, now), Ok(()));
        assert_eq!(t.used_bytes, CAPACITY - 6);
        assert_eq!(t.get(f).unwrap().meta.size, 4);
    }
}
