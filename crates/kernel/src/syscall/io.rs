//! Descriptor calls: read, write, pread/pwrite, lseek, close, dup/dup3, fcntl, pipe,
//! getdents, fstat and the f* variants of the path calls, poll.

use super::args;
use super::fs::{chmod_node, chown_node, stat_of, truncate_node, utimes_node};
use crate::file::{DevKind, FdEntry, FileObj};
use crate::fs::FsKind;
use crate::vfs::VNode;
use crate::{KResult, Kernel, SysError, WaitOn};
use wosix_abi::call::poll::{POLLHUP, POLLIN, POLLNVAL, POLLOUT};
use wosix_abi::{
    Call, Errno, FcntlCmd, Fd, FileType, Gid, Ino, OFlags, Pid, Resource, Ret, Stat, SysResult,
    Timespec, Uid, Whence,
};

/// Largest single read or write (Linux caps at 0x7ffff000).
const MAX_IO: usize = 0x7fff_f000;

pub(super) fn close(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Close { fd });
    k.close_fd(pid, *fd)?;
    Ok(Ret::Unit)
}

fn node_read(k: &Kernel, v: VNode, off: u64, len: usize) -> SysResult<Vec<u8>> {
    match k.vfs.fs.get(&v.fs).map(|f| &f.kind) {
        Some(FsKind::Tmp(t)) => t.read(v.ino, off, len),
        _ => Err(Errno::EISDIR),
    }
}

fn node_write(k: &mut Kernel, pid: Pid, v: VNode, off: u64, data: &[u8]) -> SysResult<usize> {
    let limit = k.proc(pid)?.limit(Resource::Fsize);
    let end = off.saturating_add(data.len() as u64);
    let mut data = data;
    if end > limit {
        if off >= limit {
            k.post_signal(pid, wosix_abi::Signal::SIGXFSZ);
            return Err(Errno::EFBIG);
        }
        data = &data[..(limit - off) as usize];
    }
    let now = k.now();
    k.tmpfs_mut(v.fs)?.write(v.ino, off, data, now)
}

pub(super) fn read(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Read { fd, len });
    let id = k.file_id(pid, *fd)?;
    let f = k.files.get(&id).ok_or(Errno::EBADF)?;
    if !f.flags.readable() {
        return Err(Errno::EBADF.into());
    }
    let len = (*len).min(MAX_IO);
    let nonblock = f.flags.contains(OFlags::NONBLOCK);
    let (obj, off) = (f.obj.clone(), f.offset);
    let data = match obj {
        FileObj::Node(v) => {
            let d = node_read(k, v, off, len)?;
            if let Some(f) = k.files.get_mut(&id) {
                f.offset += d.len() as u64;
            }
            d
        }
        FileObj::Generated { data, .. } => {
            let start = (off as usize).min(data.len());
            let end = start.saturating_add(len).min(data.len());
            if let Some(f) = k.files.get_mut(&id) {
                f.offset = end as u64;
            }
            data[start..end].to_vec()
        }
        FileObj::PipeRead(p) => k.pipe_read(p, len, nonblock)?,
        FileObj::PipeWrite(_) => return Err(Errno::EBADF.into()),
        FileObj::PtyMaster(n) => k.pty_master_read(n, len, nonblock)?,
        FileObj::PtySlave(n) => k.pty_slave_read(pid, n, len, nonblock)?,
        FileObj::Socket(s) => k.sock_read(s, len, nonblock)?,
        FileObj::Dev(DevKind::Null) => Vec::new(),
        FileObj::Dev(DevKind::Zero | DevKind::Full) => vec![0; len.min(1 << 20)],
        FileObj::Dev(DevKind::Random) => random_bytes(k, len.min(1 << 20)),
    };
    Ok(Ret::Bytes(data))
}

/// `len` bytes from the kernel's generator.
pub(crate) fn random_bytes(k: &mut Kernel, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&k.random_u64().to_le_bytes());
    }
    out.truncate(len);
    out
}

pub(super) fn write(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Write { fd, data });
    let id = k.file_id(pid, *fd)?;
    let f = k.files.get(&id).ok_or(Errno::EBADF)?;
    if !f.flags.writable() {
        return Err(Errno::EBADF.into());
    }
    let nonblock = f.flags.contains(OFlags::NONBLOCK);
    let append = f.flags.contains(OFlags::APPEND);
    let (obj, off) = (f.obj.clone(), f.offset);
    let data = &data[..data.len().min(MAX_IO)];
    let n = match obj {
        FileObj::Node(v) => {
            let off = if append { k.meta(v)?.size } else { off };
            let n = node_write(k, pid, v, off, data)?;
            if let Some(f) = k.files.get_mut(&id) {
                f.offset = off + n as u64;
            }
            n
        }
        FileObj::PipeWrite(p) => k.pipe_write(pid, p, data, nonblock)?,
        FileObj::PipeRead(_) | FileObj::Generated { .. } => return Err(Errno::EBADF.into()),
        FileObj::PtyMaster(n) => k.pty_master_write(n, data)?,
        FileObj::PtySlave(n) => k.pty_slave_write(pid, n, data, nonblock)?,
        FileObj::Socket(s) => k.sock_write(pid, s, data, nonblock)?,
        FileObj::Dev(DevKind::Full) => return Err(Errno::ENOSPC.into()),
        FileObj::Dev(_) => data.len(),
    };
    Ok(Ret::Int(n as i64))
}

fn seekable_node(k: &Kernel, pid: Pid, fd: Fd) -> SysResult<VNode> {
    match k.file_of(pid, fd)?.obj {
        FileObj::Node(v) => Ok(v),
        FileObj::PipeRead(_)
        | FileObj::PipeWrite(_)
        | FileObj::PtyMaster(_)
        | FileObj::PtySlave(_) => Err(Errno::ESPIPE),
        _ => Err(Errno::ESPIPE),
    }
}

pub(super) fn pread(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Pread { fd, len, offset });
    if !k.file_of(pid, *fd)?.flags.readable() {
        return Err(Errno::EBADF.into());
    }
    let v = seekable_node(k, pid, *fd)?;
    Ok(Ret::Bytes(node_read(k, v, *offset, (*len).min(MAX_IO))?))
}

pub(super) fn pwrite(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Pwrite { fd, data, offset });
    if !k.file_of(pid, *fd)?.flags.writable() {
        return Err(Errno::EBADF.into());
    }
    let v = seekable_node(k, pid, *fd)?;
    Ok(Ret::Int(node_write(k, pid, v, *offset, data)? as i64))
}

pub(super) fn lseek(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Lseek { fd, offset, whence });
    let id = k.file_id(pid, *fd)?;
    let f = k.files.get(&id).ok_or(Errno::EBADF)?;
    let size = match &f.obj {
        FileObj::Node(v) => k.meta(*v)?.size as i64,
        FileObj::Generated { data, .. } => data.len() as i64,
        FileObj::Dev(_) => 0,
        _ => return Err(Errno::ESPIPE.into()),
    };
    let base = match whence {
        Whence::Set => 0,
        Whence::Cur => f.offset as i64,
        Whence::End => size,
    };
    let new = base.checked_add(*offset).ok_or(Errno::EOVERFLOW)?;
    if new < 0 {
        return Err(Errno::EINVAL.into());
    }
    if let Some(f) = k.files.get_mut(&id) {
        f.offset = new as u64;
    }
    Ok(Ret::Int(new))
}

pub(super) fn dup(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Dup { fd });
    let id = k.file_id(pid, *fd)?;
    k.retain_file(id);
    Ok(Ret::Fd(k.install_fd(pid, id, false, 0)?))
}

pub(super) fn dup3(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Dup3 { from, to, flags });
    let id = k.file_id(pid, *from)?;
    if from == to {
        // dup2 with equal descriptors just checks `from`; dup3 refuses (dup(2)).
        return if flags.is_empty() {
            Ok(Ret::Fd(*to))
        } else {
            Err(Errno::EINVAL.into())
        };
    }
    if !(*flags & !OFlags::CLOEXEC).is_empty() {
        return Err(Errno::EINVAL.into());
    }
    if to.0 as u64 >= k.proc(pid)?.limit(Resource::Nofile) {
        return Err(Errno::EBADF.into());
    }
    k.retain_file(id);
    if k.proc(pid)?.fds.contains_key(to) {
        k.close_fd(pid, *to)?;
    }
    k.proc_mut(pid)?.fds.insert(
        *to,
        FdEntry {
            file: id,
            cloexec: flags.contains(OFlags::CLOEXEC),
        },
    );
    Ok(Ret::Fd(*to))
}

pub(super) fn fcntl(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Fcntl { fd, cmd });
    let id = k.file_id(pid, *fd)?;
    match cmd {
        FcntlCmd::DupFd(min) | FcntlCmd::DupFdCloexec(min) => {
            if min.0 as u64 >= k.proc(pid)?.limit(Resource::Nofile) {
                return Err(Errno::EINVAL.into());
            }
            k.retain_file(id);
            let cloexec = matches!(cmd, FcntlCmd::DupFdCloexec(_));
            Ok(Ret::Fd(k.install_fd(pid, id, cloexec, min.0)?))
        }
        FcntlCmd::GetFd => Ok(Ret::Int(
            k.proc(pid)?
                .fds
                .get(fd)
                .map(|e| e.cloexec as i64)
                .unwrap_or(0),
        )),
        FcntlCmd::SetFd(v) => {
            if let Some(e) = k.proc_mut(pid)?.fds.get_mut(fd) {
                e.cloexec = v & 1 != 0;
            }
            Ok(Ret::Int(0))
        }
        FcntlCmd::GetFl => Ok(Ret::Int(
            k.files.get(&id).map(|f| f.flags.bits() as i64).unwrap_or(0),
        )),
        FcntlCmd::SetFl(fl) => {
            if let Some(f) = k.files.get_mut(&id) {
                f.flags = (f.flags & !OFlags::settable()) | (*fl & OFlags::settable());
            }
            Ok(Ret::Int(0))
        }
    }
}

pub(super) fn pipe(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Pipe { flags });
    if !(*flags & !(OFlags::CLOEXEC | OFlags::NONBLOCK)).is_empty() {
        return Err(Errno::EINVAL.into());
    }
    let id = k.pipe_new();
    let nb = *flags & OFlags::NONBLOCK;
    let cloexec = flags.contains(OFlags::CLOEXEC);
    let name = format!("pipe:[{id}]");
    let r = k.alloc_file(FileObj::PipeRead(id), nb, name.clone());
    let w = k.alloc_file(FileObj::PipeWrite(id), OFlags::WRONLY | nb, name);
    let rfd = match k.install_fd(pid, r, cloexec, 0) {
        Ok(fd) => fd,
        Err(e) => {
            k.release_file(w);
            return Err(e.into());
        }
    };
    match k.install_fd(pid, w, cloexec, 0) {
        Ok(wfd) => Ok(Ret::FdPair(rfd, wfd)),
        Err(e) => {
            let _ = k.close_fd(pid, rfd);
            Err(e.into())
        }
    }
}

pub(super) fn getdents(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Getdents { fd, max });
    let id = k.file_id(pid, *fd)?;
    let f = k.files.get(&id).ok_or(Errno::EBADF)?;
    let (v, off) = match f.obj {
        FileObj::Node(v) => (v, f.offset as usize),
        _ => return Err(Errno::ENOTDIR.into()),
    };
    if k.meta(v)?.ftype != FileType::Directory {
        return Err(Errno::ENOTDIR.into());
    }
    let parent = k.path_parent(v);
    let mut all = vec![
        wosix_abi::Dirent {
            ino: v.ino,
            ftype: FileType::Directory,
            name: ".".into(),
        },
        wosix_abi::Dirent {
            ino: parent.ino,
            ftype: FileType::Directory,
            name: "..".into(),
        },
    ];
    all.extend(
        k.list(v, pid)?
            .into_iter()
            .map(|(name, ino, ftype)| wosix_abi::Dirent { ino, ftype, name }),
    );
    let batch: Vec<_> = all.into_iter().skip(off).take((*max).max(1)).collect();
    if let Some(f) = k.files.get_mut(&id) {
        f.offset += batch.len() as u64;
    }
    Ok(Ret::Dirents(batch))
}

pub(super) fn fsync(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Fsync { fd });
    k.file_id(pid, *fd)?;
    Ok(Ret::Unit)
}

fn node_of(k: &Kernel, pid: Pid, fd: Fd) -> SysResult<VNode> {
    match k.file_of(pid, fd)?.obj {
        FileObj::Node(v) | FileObj::Generated { node: v, .. } => Ok(v),
        _ => Err(Errno::EINVAL),
    }
}

pub(super) fn ftruncate(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Ftruncate { fd, len });
    let f = k.file_of(pid, *fd)?;
    if !f.flags.writable() {
        return Err(Errno::EINVAL.into());
    }
    let v = node_of(k, pid, *fd)?;
    if k.meta(v)?.ftype != FileType::Regular {
        return Err(Errno::EINVAL.into());
    }
    truncate_node(k, pid, v, *len)?;
    Ok(Ret::Unit)
}

fn synthetic(mode: u32, ino: u64, uid: Uid, gid: Gid, rdev: u64, t: Timespec) -> Stat {
    Stat {
        dev: 0,
        ino: Ino(ino),
        mode,
        nlink: 1,
        uid,
        gid,
        rdev,
        size: 0,
        blksize: 4096,
        blocks: 0,
        atime: t,
        mtime: t,
        ctime: t,
    }
}

pub(super) fn fstat(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Fstat { fd });
    let f = k.file_of(pid, *fd)?.clone();
    let cred = k.proc(pid)?.cred.clone();
    let t = k.now();
    let st = match f.obj {
        FileObj::Node(v) | FileObj::Generated { node: v, .. } => stat_of(k, v)?,
        FileObj::PipeRead(id) | FileObj::PipeWrite(id) => synthetic(
            FileType::Fifo.mode_bits() | 0o600,
            id,
            cred.euid,
            cred.egid,
            0,
            t,
        ),
        FileObj::PtySlave(n) => {
            let owner = k.ptys.get(&n).map(|p| p.owner).unwrap_or(Uid(0));
            synthetic(
                FileType::CharDevice.mode_bits() | 0o620,
                1000 + n as u64,
                owner,
                Gid(crate::fs::devfs::TTY_GID),
                (136 << 8) | n as u64,
                t,
            )
        }
        FileObj::PtyMaster(_) => synthetic(
            FileType::CharDevice.mode_bits() | 0o666,
            9,
            Uid(0),
            Gid(crate::fs::devfs::TTY_GID),
            (5 << 8) | 2,
            t,
        ),
        FileObj::Socket(s) => synthetic(
            FileType::Socket.mode_bits() | 0o777,
            s.0,
            cred.euid,
            cred.egid,
            0,
            t,
        ),
        FileObj::Dev(d) => {
            let (ino, minor) = match d {
                DevKind::Null => (3, 3),
                DevKind::Zero => (4, 5),
                DevKind::Full => (5, 7),
                DevKind::Random => (7, 9),
            };
            synthetic(
                FileType::CharDevice.mode_bits() | 0o666,
                ino,
                Uid(0),
                Gid(0),
                (1 << 8) | minor,
                t,
            )
        }
    };
    Ok(Ret::Stat(Box::new(st)))
}

pub(super) fn fchmod(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Fchmod { fd, mode });
    let v = node_of(k, pid, *fd)?;
    chmod_node(k, pid, v, *mode)?;
    Ok(Ret::Unit)
}

pub(super) fn fchown(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Fchown { fd, uid, gid });
    let v = node_of(k, pid, *fd)?;
    chown_node(k, pid, v, *uid, *gid)?;
    Ok(Ret::Unit)
}

pub(super) fn futimes(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Futimes { fd, atime, mtime });
    let v = node_of(k, pid, *fd)?;
    utimes_node(k, pid, v, *atime, *mtime)?;
    Ok(Ret::Unit)
}

/// Readiness of one descriptor: `(revents, what to wait on)`.
fn poll_one(k: &Kernel, pid: Pid, fd: Fd, events: u16) -> (u16, Option<WaitOn>) {
    let Ok(f) = k.file_of(pid, fd) else {
        return (POLLNVAL, None);
    };
    let (r, w, hup, on) = match f.obj {
        FileObj::PipeRead(id) => {
            let (r, w, h) = k.pipe_poll(id, true);
            (r, w, h, Some(WaitOn::PipeReadable(id)))
        }
        FileObj::PipeWrite(id) => {
            let (r, w, h) = k.pipe_poll(id, false);
            (r, w, h, Some(WaitOn::PipeWritable(id)))
        }
        FileObj::PtyMaster(n) => match k.ptys.get(&n) {
            Some(t) => (
                t.ldisc.master_readable(),
                true,
                t.slaves == 0 && t.slave_seen,
                Some(WaitOn::PtyMasterReadable(n)),
            ),
            None => (false, false, true, None),
        },
        FileObj::PtySlave(n) => match k.ptys.get(&n) {
            Some(t) => (
                t.ldisc.slave_readable(),
                t.ldisc.slave_writable(),
                t.masters == 0,
                Some(WaitOn::PtySlaveReadable(n)),
            ),
            None => (false, false, true, None),
        },
        FileObj::Socket(s) => {
            let (r, w, h) = k.sock_poll(s);
            (r, w, h, Some(WaitOn::Socket(s.0)))
        }
        _ => (true, true, false, None),
    };
    let mut rev = 0;
    if r && events & POLLIN != 0 {
        rev |= POLLIN;
    }
    if w && events & POLLOUT != 0 {
        rev |= POLLOUT;
    }
    if hup {
        rev |= POLLHUP;
    }
    (rev, on)
}

pub(super) fn poll(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Poll { fds, timeout_ms });
    let mut out = Vec::with_capacity(fds.len());
    let mut waits = Vec::new();
    for (fd, ev) in fds {
        let (rev, on) = poll_one(k, pid, *fd, *ev);
        out.push(rev);
        waits.extend(on);
    }
    let now = k.clock.uptime_ns;
    let p = k.proc_mut(pid)?;
    let expired = p.timer.is_some_and(|d| d <= now);
    if out.iter().any(|r| *r != 0) || *timeout_ms == Some(0) || expired {
        p.timer = None;
        p.polling.clear();
        return Ok(Ret::Poll(out));
    }
    if let Some(ms) = timeout_ms
        && p.timer.is_none()
    {
        p.timer = Some(now.saturating_add(ms.saturating_mul(1_000_000)));
    }
    p.polling = waits;
    Err(SysError::Block(WaitOn::Timer(pid)))
}

impl Kernel {
    /// The `..` of directory `v`, crossing mounts (for getdents).
    pub(crate) fn path_parent(&self, v: VNode) -> VNode {
        let mut at = v;
        while let Some(c) = self.vfs.covered_by(at) {
            at = c;
        }
        self.parent_in(at).unwrap_or(v)
    }
}
