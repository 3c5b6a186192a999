//! Open file descriptions and descriptor tables (open(2) "open file description"). A
//! description is shared by `dup` and by spawn inheritance: it holds the offset and status
//! flags. Descriptors are per process and carry only close-on-exec.

use crate::Kernel;
use crate::fs::FsKind;
use crate::vfs::VNode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wosix_abi::{Errno, Fd, OFlags, Pid, Resource, SysResult};

/// Identifies an open file description.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FileId(pub u64);

/// A device of /dev with built-in behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DevKind {
    /// /dev/null: reads give end of file, writes vanish.
    Null,
    /// /dev/zero: reads give zeros.
    Zero,
    /// /dev/full: writes fail with ENOSPC.
    Full,
    /// /dev/random and /dev/urandom.
    Random,
}

/// What an open file description refers to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileObj {
    /// A regular file or directory of a stored file system.
    Node(VNode),
    /// The read end of a pipe.
    PipeRead(u64),
    /// The write end of a pipe.
    PipeWrite(u64),
    /// The master side of a pty.
    PtyMaster(u32),
    /// The slave side of a pty.
    PtySlave(u32),
    /// A device.
    Dev(DevKind),
    /// A socket (socket(7)).
    Socket(crate::net::SocketId),
    /// A generated file (procfs), rendered when opened; `node` is where it lives.
    Generated {
        /// The procfs node.
        node: VNode,
        /// Its content at open time.
        #[serde(with = "crate::snapshot::bytes")]
        data: Vec<u8>,
    },
}

/// An open file description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenFile {
    /// The object.
    pub obj: FileObj,
    /// Access mode and status flags.
    pub flags: OFlags,
    /// File offset (for directories: the index of the next entry).
    pub offset: u64,
    /// Descriptors (in all processes) referring to it.
    pub refs: u32,
    /// The path it was opened by (for /proc/N/fd).
    pub path: String,
}

/// One descriptor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FdEntry {
    /// The description.
    pub file: FileId,
    /// Close on exec/spawn.
    pub cloexec: bool,
}

/// A process's descriptor table.
pub type FdTable = BTreeMap<Fd, FdEntry>;

/// Default `RLIMIT_NOFILE`.
pub const DEFAULT_NOFILE: u64 = 1024;

impl Kernel {
    /// Create a description with one reference.
    pub(crate) fn alloc_file(&mut self, obj: FileObj, flags: OFlags, path: String) -> FileId {
        self.next_file += 1;
        let id = FileId(self.next_file);
        self.files.insert(
            id,
            OpenFile {
                obj,
                flags,
                offset: 0,
                refs: 1,
                path,
            },
        );
        id
    }

    /// Put `file` on the lowest free descriptor `>= min` of `pid` (the reference is moved in).
    pub(crate) fn install_fd(
        &mut self,
        pid: Pid,
        file: FileId,
        cloexec: bool,
        min: u32,
    ) -> SysResult<Fd> {
        let p = self.proc(pid)?;
        let limit = p.limit(Resource::Nofile).min(DEFAULT_NOFILE * 1024);
        let mut n = min;
        while p.fds.contains_key(&Fd(n)) {
            n += 1;
        }
        if n as u64 >= limit {
            self.release_file(file);
            return Err(Errno::EMFILE);
        }
        self.proc_mut(pid)?
            .fds
            .insert(Fd(n), FdEntry { file, cloexec });
        Ok(Fd(n))
    }

    /// The description behind `fd` of `pid`.
    pub(crate) fn file_of(&self, pid: Pid, fd: Fd) -> SysResult<&OpenFile> {
        let e = self.proc(pid)?.fds.get(&fd).ok_or(Errno::EBADF)?;
        self.files.get(&e.file).ok_or(Errno::EBADF)
    }

    /// The description id behind `fd` of `pid`.
    pub(crate) fn file_id(&self, pid: Pid, fd: Fd) -> SysResult<FileId> {
        self.proc(pid)?
            .fds
            .get(&fd)
            .map(|e| e.file)
            .ok_or(Errno::EBADF)
    }

    /// Add a reference to `file` (dup, inheritance).
    pub(crate) fn retain_file(&mut self, file: FileId) {
        if let Some(f) = self.files.get_mut(&file) {
            f.refs += 1;
        }
    }

    /// Drop a reference to `file`; the last one releases the object.
    pub(crate) fn release_file(&mut self, file: FileId) {
        let Some(f) = self.files.get_mut(&file) else {
            return;
        };
        f.refs = f.refs.saturating_sub(1);
        if f.refs > 0 {
            return;
        }
        let Some(f) = self.files.remove(&file) else {
            return;
        };
        match f.obj {
            FileObj::PipeRead(id) => self.pipe_close(id, true),
            FileObj::PipeWrite(id) => self.pipe_close(id, false),
            FileObj::PtyMaster(n) => self.pty_close(n, true),
            FileObj::PtySlave(n) => self.pty_close(n, false),
            FileObj::Socket(s) => self.sock_close(s),
            FileObj::Node(v) => {
                let held = self.files.values().any(|o| o.obj == FileObj::Node(v));
                if let Some(crate::fs::Filesystem {
                    kind: FsKind::Tmp(t),
                    ..
                }) = self.vfs.fs.get_mut(&v.fs)
                {
                    t.maybe_free(v.ino, held);
                }
            }
            FileObj::Dev(_) | FileObj::Generated { .. } => {}
        }
    }

    /// Close descriptor `fd` of `pid`.
    pub(crate) fn close_fd(&mut self, pid: Pid, fd: Fd) -> SysResult<()> {
        let e = self.proc_mut(pid)?.fds.remove(&fd).ok_or(Errno::EBADF)?;
        self.release_file(e.file);
        Ok(())
    }

    /// Whether any description refers to node `v`.
    pub(crate) fn node_open(&self, v: VNode) -> bool {
        self.files.values().any(|o| o.obj == FileObj::Node(v))
    }
}
