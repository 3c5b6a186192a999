//! Path-based file calls: open, stat, access, chmod, chown, utimes, mkdir, unlink/rmdir,
//! link, symlink, readlink, rename, truncate, mkfifo (the working directory, umask and mounts
//! are in `fsproc`).
//! Errors follow the Linux man pages of each call.

use super::args;
use crate::file::{FileId, FileObj};
use crate::fs::tmpfs::Body;
use crate::fs::{FsKind, LinkTarget, devfs, procfs};
use crate::vfs::meta::Meta;
use crate::vfs::perm::{self, Cred};
use crate::vfs::{FsId, VNode};
use crate::{KResult, Kernel};
use wosix_abi::call::TimeArg;
use wosix_abi::{
    AtFlags, Call, Errno, Fd, FileType, Gid, Mode, OFlags, Pid, Ret, Stat, SysResult, Timespec, Uid,
};

/// `struct stat` of node `v`.
pub(crate) fn stat_of(k: &Kernel, v: VNode) -> SysResult<Stat> {
    let m = k.meta(v)?;
    let size = if m.ftype == FileType::Directory
        && matches!(k.vfs.fs.get(&v.fs).map(|f| &f.kind), Some(FsKind::Tmp(_)))
    {
        4096
    } else {
        m.size
    };
    Ok(Stat {
        dev: v.fs.0 as u64,
        ino: v.ino,
        mode: m.mode(),
        nlink: m.nlink,
        uid: m.uid,
        gid: m.gid,
        rdev: m.rdev,
        size,
        blksize: 4096,
        blocks: size.div_ceil(4096) * 8,
        atime: m.atime,
        mtime: m.mtime,
        ctime: m.ctime,
    })
}

fn cred(k: &Kernel, pid: Pid) -> SysResult<Cred> {
    Ok(k.proc(pid)?.cred.clone())
}

/// Check `want` permission on `v` for `pid`.
pub(super) fn check(k: &Kernel, pid: Pid, v: VNode, want: u32) -> SysResult<Meta> {
    let m = k.meta(v)?;
    if !perm::allowed(&k.proc(pid)?.cred, &m, want, false) {
        return Err(Errno::EACCES);
    }
    Ok(m)
}

/// The absolute form of `path` for `pid` (for /proc/N/fd), without resolving links.
fn absolute(k: &Kernel, pid: Pid, dir: Option<Fd>, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    let base = match dir {
        None => k.proc(pid).ok().and_then(|p| k.path_of(p.cwd, pid).ok()),
        Some(fd) => k.file_of(pid, fd).ok().map(|f| f.path.clone()),
    }
    .unwrap_or_else(|| "/".into());
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Group of a new node in `dir`: the directory's group if it is set-group-id, else the egid.
fn new_gid(c: &Cred, dir: &Meta) -> Gid {
    if dir.perm & Mode::S_ISGID != 0 {
        dir.gid
    } else {
        c.egid
    }
}

/// Create a node named by `path` for `pid`.
fn create_node(
    k: &mut Kernel,
    pid: Pid,
    dir: Option<Fd>,
    path: &str,
    ftype: FileType,
    perm_bits: u32,
    body: Body,
) -> SysResult<VNode> {
    let par = k.resolve_parent(pid, dir, path)?;
    if par.name.is_empty() || par.name == "." || par.name == ".." {
        return Err(Errno::EEXIST);
    }
    if par.trailing_slash && ftype != FileType::Directory {
        return Err(Errno::EISDIR);
    }
    let dm = check(k, pid, par.dir, perm::W | perm::X)?;
    if k.lookup_in(par.dir, &par.name, pid).is_ok() {
        return Err(Errno::EEXIST);
    }
    let c = cred(k, pid)?;
    let umask = k.proc(pid)?.umask;
    let mut bits = perm_bits & !umask & 0o7777;
    if ftype == FileType::Directory && dm.perm & Mode::S_ISGID != 0 {
        bits |= Mode::S_ISGID;
    }
    let gid = new_gid(&c, &dm);
    let now = k.now();
    let ino = k.tmpfs_mut(par.dir.fs)?.create(
        par.dir.ino,
        &par.name,
        ftype,
        bits,
        c.euid,
        gid,
        now,
        body,
    )?;
    Ok(VNode {
        fs: par.dir.fs,
        ino,
    })
}

/// open(2) for `pid`: returns a new description (not yet on a descriptor).
pub(crate) fn open_file(
    k: &mut Kernel,
    pid: Pid,
    dir: Option<Fd>,
    path: &str,
    flags: OFlags,
    mode: u32,
) -> SysResult<FileId> {
    let follow = !flags.contains(OFlags::NOFOLLOW);
    let v = match k.resolve(pid, dir, path, follow) {
        Ok(v) => {
            if flags.contains(OFlags::CREAT | OFlags::EXCL) {
                return Err(Errno::EEXIST);
            }
            v
        }
        Err(Errno::ENOENT) if flags.contains(OFlags::CREAT) => {
            let v = create_node(
                k,
                pid,
                dir,
                path,
                FileType::Regular,
                mode,
                Body::File(Vec::new()),
            )?;
            let abs = absolute(k, pid, dir, path);
            return Ok(k.alloc_file(FileObj::Node(v), keep_flags(flags), abs));
        }
        Err(e) => return Err(e),
    };
    let m = k.meta(v)?;
    if m.ftype == FileType::Symlink {
        if let (FsKind::Proc, Some(src)) = (fs_kind(k, v.fs)?, procfs::fd_file(k, v.ino)) {
            return reopen(k, pid, v, src, flags);
        }
        return Err(Errno::ELOOP);
    }
    if flags.contains(OFlags::DIRECTORY) && m.ftype != FileType::Directory {
        return Err(Errno::ENOTDIR);
    }
    if m.ftype == FileType::Directory && flags.writable() {
        return Err(Errno::EISDIR);
    }
    let mut want = 0;
    if flags.readable() {
        want |= perm::R;
    }
    if flags.writable() || flags.contains(OFlags::TRUNC) {
        want |= perm::W;
    }
    check(k, pid, v, want)?;
    let abs = absolute(k, pid, dir, path);
    let obj = match fs_kind(k, v.fs)? {
        _ if m.ftype == FileType::Directory => FileObj::Node(v),
        FsKind::Tmp(_) => match m.ftype {
            FileType::Regular => {
                if flags.contains(OFlags::TRUNC) && flags.writable() && m.size > 0 {
                    let now = k.now();
                    k.tmpfs_mut(v.fs)?.truncate(v.ino, 0, now)?;
                }
                FileObj::Node(v)
            }
            FileType::Fifo => return open_fifo(k, v, flags, abs),
            _ => return Err(Errno::ENXIO),
        },
        FsKind::Proc => {
            if flags.writable() {
                return Err(Errno::EACCES);
            }
            FileObj::Generated {
                node: v,
                data: procfs::render(k, v.ino, pid)?,
            }
        }
        FsKind::Dev => match devfs::open(v.ino)? {
            devfs::Opened::Obj(o) => o,
            devfs::Opened::NewPty => {
                let owner = k.proc(pid)?.cred.euid;
                let n = k.pty_new(owner);
                return Ok(k.alloc_file(
                    FileObj::PtyMaster(n),
                    keep_flags(flags),
                    "/dev/ptmx".into(),
                ));
            }
            devfs::Opened::Ctty => FileObj::PtySlave(k.proc(pid)?.ctty.ok_or(Errno::ENXIO)?),
        },
    };
    if let FileObj::PtySlave(n) = obj {
        let (sid, pgid, has_ctty) = {
            let p = k.proc(pid)?;
            (p.sid, p.pgid, p.ctty.is_some())
        };
        let t = k.ptys.get_mut(&n).ok_or(Errno::EIO)?;
        if t.masters == 0 {
            return Err(Errno::EIO);
        }
        t.slaves += 1;
        t.slave_seen = true;
        // A session leader without a terminal acquires the first one it opens (tty(4)).
        if !flags.contains(OFlags::NOCTTY) && sid == pid && !has_ctty && t.session.is_none() {
            t.session = Some(pid);
            t.fg = Some(pgid);
            k.proc_mut(pid)?.ctty = Some(n);
        }
        return Ok(k.alloc_file(obj, keep_flags(flags), format!("/dev/pts/{n}")));
    }
    Ok(k.alloc_file(obj, keep_flags(flags), abs))
}

fn keep_flags(f: OFlags) -> OFlags {
    f & (OFlags::WRONLY | OFlags::RDWR | OFlags::APPEND | OFlags::NONBLOCK)
}

fn fs_kind(k: &Kernel, fs: FsId) -> SysResult<&FsKind> {
    k.vfs.fs.get(&fs).map(|f| &f.kind).ok_or(Errno::ENOENT)
}

/// Open /proc/N/fd/M of a pipe or terminal: a new description of the same object.
fn reopen(k: &mut Kernel, pid: Pid, v: VNode, src: FileId, flags: OFlags) -> SysResult<FileId> {
    let m = k.meta(v)?;
    let _ = (m, pid);
    let f = k.files.get(&src).ok_or(Errno::ENOENT)?.clone();
    let obj = match f.obj {
        FileObj::PipeRead(id) | FileObj::PipeWrite(id) => {
            let p = k.pipes.get_mut(&id).ok_or(Errno::ENOENT)?;
            if flags.writable() {
                p.writers += 1;
                FileObj::PipeWrite(id)
            } else {
                p.readers += 1;
                FileObj::PipeRead(id)
            }
        }
        FileObj::PtySlave(n) => {
            k.ptys.get_mut(&n).ok_or(Errno::EIO)?.slaves += 1;
            FileObj::PtySlave(n)
        }
        FileObj::PtyMaster(n) => {
            k.ptys.get_mut(&n).ok_or(Errno::EIO)?.masters += 1;
            FileObj::PtyMaster(n)
        }
        // Linux refuses to open a socket through /proc (ENXIO).
        FileObj::Socket(_) => return Err(Errno::ENXIO),
        other => other,
    };
    Ok(k.alloc_file(obj, keep_flags(flags), f.path))
}

/// Open a FIFO: attach (or create) its pipe and count this end.
fn open_fifo(k: &mut Kernel, v: VNode, flags: OFlags, path: String) -> SysResult<FileId> {
    let existing = match &k.tmpfs(v.fs)?.get(v.ino)?.body {
        Body::Fifo(p) => *p,
        _ => return Err(Errno::ENXIO),
    };
    let id = match existing.filter(|id| k.pipes.contains_key(id)) {
        Some(id) => id,
        None => {
            let id = k.pipe_new();
            if let Some(p) = k.pipes.get_mut(&id) {
                *p = crate::ipc::pipe::Pipe {
                    fifo: true,
                    ..Default::default()
                };
            }
            if let Ok(n) = k.tmpfs_mut(v.fs).and_then(|t| t.get_mut(v.ino)) {
                n.body = Body::Fifo(Some(id));
            }
            id
        }
    };
    let p = k.pipes.get_mut(&id).ok_or(Errno::EIO)?;
    let obj = if flags.writable() {
        p.writers += 1;
        p.had_writer = true;
        FileObj::PipeWrite(id)
    } else {
        p.readers += 1;
        p.had_reader = true;
        FileObj::PipeRead(id)
    };
    k.ready(crate::WaitOn::PipeReadable(id));
    k.ready(crate::WaitOn::PipeWritable(id));
    Ok(k.alloc_file(obj, keep_flags(flags), path))
}

pub(super) fn open(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(
        c,
        Call::Open {
            dir,
            path,
            flags,
            mode
        }
    );
    let f = open_file(k, pid, *dir, path, *flags, *mode)?;
    Ok(Ret::Fd(k.install_fd(
        pid,
        f,
        flags.contains(OFlags::CLOEXEC),
        0,
    )?))
}

pub(super) fn mkfifo(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Mkfifo { dir, path, mode });
    create_node(k, pid, *dir, path, FileType::Fifo, *mode, Body::Fifo(None))?;
    Ok(Ret::Unit)
}

pub(super) fn stat(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Stat { dir, path, flags });
    let v = k.resolve(pid, *dir, path, !flags.contains(AtFlags::SYMLINK_NOFOLLOW))?;
    Ok(Ret::Stat(Box::new(stat_of(k, v)?)))
}

pub(super) fn access(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(
        c,
        Call::Access {
            dir,
            path,
            mode,
            flags
        }
    );
    let v = k.resolve(pid, *dir, path, !flags.contains(AtFlags::SYMLINK_NOFOLLOW))?;
    if *mode & 7 == 0 {
        return Ok(Ret::Unit);
    }
    let m = k.meta(v)?;
    let real = !flags.contains(AtFlags::EACCESS);
    if !perm::allowed(&k.proc(pid)?.cred, &m, *mode & 7, real) {
        return Err(Errno::EACCES.into());
    }
    if *mode & perm::W != 0 && k.vfs.fs.get(&v.fs).is_some_and(|f| f.readonly) {
        return Err(Errno::EROFS.into());
    }
    Ok(Ret::Unit)
}

/// chmod on node `v` for `pid`.
pub(crate) fn chmod_node(k: &mut Kernel, pid: Pid, v: VNode, mode: u32) -> SysResult<()> {
    let m = k.meta(v)?;
    let c = cred(k, pid)?;
    if !perm::owner_or_root(&c, &m) {
        return Err(Errno::EPERM);
    }
    let mut bits = mode & 0o7777;
    // Linux: a non-root owner outside the file's group cannot set S_ISGID (it is dropped).
    if !c.is_root() && !c.in_group(m.gid) && m.ftype != FileType::Directory {
        bits &= !Mode::S_ISGID;
    }
    let now = k.now();
    let n = k.tmpfs_mut(v.fs)?.get_mut(v.ino)?;
    n.meta.perm = bits;
    n.meta.ctime = now;
    Ok(())
}

pub(super) fn chmod(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Chmod { dir, path, mode });
    let v = k.resolve(pid, *dir, path, true)?;
    chmod_node(k, pid, v, *mode)?;
    Ok(Ret::Unit)
}

/// chown on node `v` for `pid` (chown(2): root changes anything; the owner may change the
/// group to one of its groups; set-id bits of non-directories are cleared).
pub(crate) fn chown_node(
    k: &mut Kernel,
    pid: Pid,
    v: VNode,
    uid: Option<Uid>,
    gid: Option<Gid>,
) -> SysResult<()> {
    let m = k.meta(v)?;
    let c = cred(k, pid)?;
    if !c.is_root() {
        if uid.is_some_and(|u| u != m.uid) {
            return Err(Errno::EPERM);
        }
        if c.euid != m.uid {
            return Err(Errno::EPERM);
        }
        if gid.is_some_and(|g| !c.in_group(g)) {
            return Err(Errno::EPERM);
        }
    }
    let now = k.now();
    let n = k.tmpfs_mut(v.fs)?.get_mut(v.ino)?;
    if let Some(u) = uid {
        n.meta.uid = u;
    }
    if let Some(g) = gid {
        n.meta.gid = g;
    }
    if (uid.is_some() || gid.is_some()) && n.meta.ftype != FileType::Directory {
        n.meta.perm &= !Mode::S_ISUID;
        if n.meta.perm & 0o010 != 0 {
            n.meta.perm &= !Mode::S_ISGID;
        }
    }
    n.meta.ctime = now;
    Ok(())
}

pub(super) fn chown(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(
        c,
        Call::Chown {
            dir,
            path,
            uid,
            gid,
            flags
        }
    );
    let v = k.resolve(pid, *dir, path, !flags.contains(AtFlags::SYMLINK_NOFOLLOW))?;
    chown_node(k, pid, v, *uid, *gid)?;
    Ok(Ret::Unit)
}

/// utimensat on node `v` for `pid`.
pub(crate) fn utimes_node(
    k: &mut Kernel,
    pid: Pid,
    v: VNode,
    atime: TimeArg,
    mtime: TimeArg,
) -> SysResult<()> {
    let m = k.meta(v)?;
    let c = cred(k, pid)?;
    let explicit = matches!(atime, TimeArg::Set(_)) || matches!(mtime, TimeArg::Set(_));
    if !perm::owner_or_root(&c, &m) {
        if explicit {
            return Err(Errno::EPERM);
        }
        if !perm::allowed(&c, &m, perm::W, false) {
            return Err(Errno::EACCES);
        }
    }
    let now = k.now();
    let pick = |t: TimeArg, old: Timespec| match t {
        TimeArg::Omit => old,
        TimeArg::Now => now,
        TimeArg::Set(ts) => ts,
    };
    let n = k.tmpfs_mut(v.fs)?.get_mut(v.ino)?;
    n.meta.atime = pick(atime, n.meta.atime);
    n.meta.mtime = pick(mtime, n.meta.mtime);
    n.meta.ctime = now;
    Ok(())
}

pub(super) fn utimes(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(
        c,
        Call::Utimes {
            dir,
            path,
            atime,
            mtime,
            flags
        }
    );
    let v = k.resolve(pid, *dir, path, !flags.contains(AtFlags::SYMLINK_NOFOLLOW))?;
    utimes_node(k, pid, v, *atime, *mtime)?;
    Ok(Ret::Unit)
}

pub(super) fn mkdir(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Mkdir { dir, path, mode });
    create_node(
        k,
        pid,
        *dir,
        path,
        FileType::Directory,
        *mode & 0o1777,
        Body::File(Vec::new()),
    )?;
    Ok(Ret::Unit)
}

pub(super) fn unlink(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Unlink { dir, path, flags });
    let rmdir = flags.contains(AtFlags::REMOVEDIR);
    let par = k.resolve_parent(pid, *dir, path)?;
    match par.name.as_str() {
        "" => return Err(Errno::EBUSY.into()),
        "." if rmdir => return Err(Errno::EINVAL.into()),
        ".." if rmdir => return Err(Errno::ENOTEMPTY.into()),
        "." | ".." => return Err(Errno::EISDIR.into()),
        _ => {}
    }
    let dm = check(k, pid, par.dir, perm::W | perm::X)?;
    let child = k.lookup_in(par.dir, &par.name, pid)?;
    let cm = k.meta(child)?;
    if rmdir {
        if cm.ftype != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
    } else if cm.ftype == FileType::Directory {
        return Err(Errno::EISDIR.into());
    } else if par.trailing_slash {
        return Err(Errno::ENOTDIR.into());
    }
    if k.vfs.is_mount_point(child) {
        return Err(Errno::EBUSY.into());
    }
    if !perm::sticky_allows(&k.proc(pid)?.cred, &dm, &cm) {
        return Err(Errno::EPERM.into());
    }
    let now = k.now();
    let t = k.tmpfs_mut(par.dir.fs)?;
    if rmdir && !t.is_empty_dir(child.ino)? {
        return Err(Errno::ENOTEMPTY.into());
    }
    t.remove_entry(par.dir.ino, &par.name, now)?;
    let held = k.node_open(child) || k.procs.values().any(|p| p.cwd == child);
    k.tmpfs_mut(par.dir.fs)?.maybe_free(child.ino, held);
    Ok(Ret::Unit)
}

pub(super) fn link(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(
        c,
        Call::Link {
            olddir,
            old,
            newdir,
            new,
            flags
        }
    );
    let src = k.resolve(pid, *olddir, old, flags.contains(AtFlags::SYMLINK_FOLLOW))?;
    let sm = k.meta(src)?;
    if sm.ftype == FileType::Directory {
        return Err(Errno::EPERM.into());
    }
    let par = k.resolve_parent(pid, *newdir, new)?;
    if par.name.is_empty() || par.name == "." || par.name == ".." {
        return Err(Errno::EEXIST.into());
    }
    check(k, pid, par.dir, perm::W | perm::X)?;
    if par.dir.fs != src.fs {
        return Err(Errno::EXDEV.into());
    }
    if k.lookup_in(par.dir, &par.name, pid).is_ok() {
        return Err(Errno::EEXIST.into());
    }
    if sm.nlink >= 65000 {
        return Err(Errno::EMLINK.into());
    }
    let now = k.now();
    k.tmpfs_mut(src.fs)?
        .link(par.dir.ino, &par.name, src.ino, now)?;
    Ok(Ret::Unit)
}

pub(super) fn symlink(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Symlink { target, dir, path });
    if target.is_empty() {
        return Err(Errno::ENOENT.into());
    }
    if target.len() >= crate::vfs::PATH_MAX {
        return Err(Errno::ENAMETOOLONG.into());
    }
    create_node(
        k,
        pid,
        *dir,
        path,
        FileType::Symlink,
        0o777,
        Body::Symlink(target.clone()),
    )?;
    // Symlinks are always 0777 whatever the umask (symlink(7)).
    let v = k.resolve(pid, *dir, path, false)?;
    if let Ok(n) = k.tmpfs_mut(v.fs).and_then(|t| t.get_mut(v.ino)) {
        n.meta.perm = 0o777;
    }
    Ok(Ret::Unit)
}

pub(super) fn readlink(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Readlink { dir, path });
    let v = k.resolve(pid, *dir, path, false)?;
    if k.meta(v)?.ftype != FileType::Symlink {
        return Err(Errno::EINVAL.into());
    }
    Ok(Ret::Str(match k.link_target(v, pid)? {
        LinkTarget::Path(s) | LinkTarget::Node(_, s) | LinkTarget::Object(s) => s,
    }))
}

pub(super) fn rename(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(
        c,
        Call::Rename {
            olddir,
            old,
            newdir,
            new
        }
    );
    let op = k.resolve_parent(pid, *olddir, old)?;
    let np = k.resolve_parent(pid, *newdir, new)?;
    for n in [&op.name, &np.name] {
        if n.is_empty() || n == "." || n == ".." {
            return Err(Errno::EBUSY.into());
        }
    }
    let src = k.lookup_in(op.dir, &op.name, pid)?;
    let sm = k.meta(src)?;
    if (op.trailing_slash || np.trailing_slash) && sm.ftype != FileType::Directory {
        return Err(Errno::ENOTDIR.into());
    }
    let c = cred(k, pid)?;
    let odm = check(k, pid, op.dir, perm::W | perm::X)?;
    let ndm = check(k, pid, np.dir, perm::W | perm::X)?;
    if !perm::sticky_allows(&c, &odm, &sm) {
        return Err(Errno::EPERM.into());
    }
    if op.dir.fs != np.dir.fs {
        return Err(Errno::EXDEV.into());
    }
    if k.vfs.is_mount_point(src) {
        return Err(Errno::EBUSY.into());
    }
    let is_dir = sm.ftype == FileType::Directory;
    if is_dir {
        // Moving a directory into itself or a descendant is EINVAL (rename(2)).
        if k.tmpfs(src.fs)?.is_ancestor(src.ino, np.dir.ino) {
            return Err(Errno::EINVAL.into());
        }
        if op.dir != np.dir && !perm::allowed(&c, &sm, perm::W, false) {
            return Err(Errno::EACCES.into());
        }
    }
    let dst = k.lookup_in(np.dir, &np.name, pid).ok();
    if let Some(d) = dst {
        if d == src {
            return Ok(Ret::Unit);
        }
        let dm = k.meta(d)?;
        if !perm::sticky_allows(&c, &ndm, &dm) {
            return Err(Errno::EPERM.into());
        }
        if k.vfs.is_mount_point(d) {
            return Err(Errno::EBUSY.into());
        }
        match (is_dir, dm.ftype == FileType::Directory) {
            (true, false) => return Err(Errno::ENOTDIR.into()),
            (false, true) => return Err(Errno::EISDIR.into()),
            (true, true) if !k.tmpfs(d.fs)?.is_empty_dir(d.ino)? => {
                return Err(Errno::ENOTEMPTY.into());
            }
            _ => {}
        }
    }
    let now = k.now();
    let t = k.tmpfs_mut(src.fs)?;
    if let Some(d) = dst {
        t.remove_entry(np.dir.ino, &np.name, now)?;
        let _ = d;
    }
    t.remove_entry(op.dir.ino, &op.name, now)?;
    t.insert_entry(np.dir.ino, &np.name, src.ino, now)?;
    if let Some(d) = dst {
        let held = k.node_open(d) || k.procs.values().any(|p| p.cwd == d);
        k.tmpfs_mut(d.fs)?.maybe_free(d.ino, held);
    }
    Ok(Ret::Unit)
}

/// Truncate node `v` to `len` for `pid` (write permission checked by the caller).
pub(crate) fn truncate_node(k: &mut Kernel, pid: Pid, v: VNode, len: u64) -> SysResult<()> {
    if len > k.proc(pid)?.limit(wosix_abi::Resource::Fsize) {
        k.post_signal(pid, wosix_abi::Signal::SIGXFSZ);
        return Err(Errno::EFBIG);
    }
    let now = k.now();
    k.tmpfs_mut(v.fs)?.truncate(v.ino, len, now)
}

pub(super) fn truncate(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Truncate { path, len });
    let v = k.resolve(pid, None, path, true)?;
    let m = check(k, pid, v, perm::W)?;
    if m.ftype == FileType::Directory {
        return Err(Errno::EISDIR.into());
    }
    truncate_node(k, pid, v, *len)?;
    Ok(Ret::Unit)
}

/// chdir for `pid` (used by spawn's Chdir file action too).
pub(crate) fn chdir(k: &mut Kernel, pid: Pid, path: &str) -> SysResult<()> {
    let v = k.resolve(pid, None, path, true)?;
    if k.meta(v)?.ftype != FileType::Directory {
        return Err(Errno::ENOTDIR);
    }
    check(k, pid, v, perm::X)?;
    k.proc_mut(pid)?.cwd = v;
    Ok(())
}
