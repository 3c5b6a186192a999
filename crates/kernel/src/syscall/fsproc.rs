//! Per-process file-system state and the mount table: chdir, fchdir, getcwd, umask, mount,
//! umount, the mount list and statfs. Errors follow the Linux man pages of each call.

use super::args;
use super::fs::{chdir, check};
use crate::file::FileObj;
use crate::fs::FsKind;
use crate::vfs::perm;
use crate::{KResult, Kernel};
use wosix_abi::call::StatFs;
use wosix_abi::{Call, Errno, FileType, Gid, Pid, Ret, Uid};

pub(super) fn chdir_call(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Chdir { path });
    chdir(k, pid, path)?;
    Ok(Ret::Unit)
}

pub(super) fn fchdir(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Fchdir { fd });
    let v = match k.file_of(pid, *fd)?.obj {
        FileObj::Node(v) => v,
        _ => return Err(Errno::ENOTDIR.into()),
    };
    if k.meta(v)?.ftype != FileType::Directory {
        return Err(Errno::ENOTDIR.into());
    }
    check(k, pid, v, perm::X)?;
    k.proc_mut(pid)?.cwd = v;
    Ok(Ret::Unit)
}

pub(super) fn getcwd(k: &mut Kernel, pid: Pid, _c: &Call) -> KResult<Ret> {
    let cwd = k.proc(pid)?.cwd;
    k.meta(cwd)?;
    Ok(Ret::Str(k.path_of(cwd, pid)?))
}

pub(super) fn umask(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Umask { mask });
    let p = k.proc_mut(pid)?;
    let old = p.umask;
    p.umask = *mask & 0o777;
    Ok(Ret::Int(old as i64))
}

pub(super) fn mount(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(
        c,
        Call::Mount {
            source,
            target,
            fstype,
            readonly
        }
    );
    if !k.proc(pid)?.cred.is_root() {
        return Err(Errno::EPERM.into());
    }
    let v = k.resolve(pid, None, target, true)?;
    if k.meta(v)?.ftype != FileType::Directory {
        return Err(Errno::ENOTDIR.into());
    }
    let kind = match fstype.as_str() {
        "tmpfs" => FsKind::Tmp(crate::fs::tmpfs::Tmpfs::new(
            0o1777,
            Uid(0),
            Gid(0),
            k.now(),
        )),
        "proc" => FsKind::Proc,
        "devtmpfs" => FsKind::Dev,
        _ => return Err(Errno::ENODEV.into()),
    };
    let path = k.path_of(v, pid)?;
    let id = k.vfs.add_fs(crate::fs::Filesystem {
        kind,
        source: source.clone(),
        readonly: *readonly,
    });
    k.vfs.mounts.push(crate::vfs::mount::Mount {
        fs: id,
        point: Some(v),
        target: path,
    });
    Ok(Ret::Unit)
}

pub(super) fn umount(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Umount { target });
    if !k.proc(pid)?.cred.is_root() {
        return Err(Errno::EPERM.into());
    }
    let v = k.resolve(pid, None, target, true)?;
    let idx = k
        .vfs
        .mounts
        .iter()
        .rposition(|m| m.point.is_some() && m.fs == v.fs && v.ino == crate::fs::tmpfs::ROOT_INO)
        .ok_or(Errno::EINVAL)?;
    let fs = k.vfs.mounts[idx].fs;
    let busy = k.procs.values().any(|p| p.cwd.fs == fs && !p.is_zombie())
        || k.files
            .values()
            .any(|f| matches!(f.obj, FileObj::Node(n) if n.fs == fs))
        || k.vfs
            .mounts
            .iter()
            .any(|m| m.point.is_some_and(|p| p.fs == fs));
    if busy {
        return Err(Errno::EBUSY.into());
    }
    k.vfs.mounts.remove(idx);
    if !k.vfs.mounts.iter().any(|m| m.fs == fs) {
        k.vfs.fs.remove(&fs);
    }
    Ok(Ret::Unit)
}

pub(super) fn mounts(k: &mut Kernel, _pid: Pid, _c: &Call) -> KResult<Ret> {
    Ok(Ret::Mounts(k.mount_list()))
}

pub(super) fn statfs(k: &mut Kernel, pid: Pid, c: &Call) -> KResult<Ret> {
    args!(c, Call::Statfs { path });
    let v = k.resolve(pid, None, path, true)?;
    let f = k.vfs.fs.get(&v.fs).ok_or(Errno::ENOENT)?;
    let s = match &f.kind {
        FsKind::Tmp(t) => {
            let blocks = crate::fs::tmpfs::CAPACITY / 4096;
            let files = 1 << 20;
            StatFs {
                fstype: "tmpfs".into(),
                bsize: 4096,
                blocks,
                bfree: blocks.saturating_sub(t.used_bytes.div_ceil(4096)),
                files,
                ffree: files.saturating_sub(t.inode_count() as u64),
            }
        }
        _ => StatFs {
            fstype: f.fstype().into(),
            bsize: 4096,
            blocks: 0,
            bfree: 0,
            files: 0,
            ffree: 0,
        },
    };
    Ok(Ret::StatFs(Box::new(s)))
}
