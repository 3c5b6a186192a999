//! The descriptor (`fd_*`) and path (`path_*`) functions: reads and writes, seeking, stat,
//! directories and links, all through the kernel's `*at` calls so permissions, ownership and
//! errors are exactly the kernel's.

use crate::errno::WasiErrno;
use crate::fdtable::{Base, Entry};
use crate::mem::GuestMemory;
use crate::types::*;
use crate::{R, Wasi};
use wosix_abi::call::TimeArg;
use wosix_abi::{AtFlags, Call, Dirent, Errno, FcntlCmd, Fd, OFlags, Ret, Stat, Timespec, Whence};

/// The kernel's answer to a call that returns nothing of interest.
fn unit(r: Result<Ret, Errno>) -> R {
    r.map(|_| ()).map_err(Into::into)
}

/// utimensat arguments from WASI `fstflags`.
fn time_args(atim: u64, mtim: u64, flags: u16) -> R<(TimeArg, TimeArg)> {
    let one = |t: u64, set: u16, now: u16| -> R<TimeArg> {
        match (flags & set != 0, flags & now != 0) {
            (true, true) => Err(WasiErrno::INVAL.into()),
            (true, false) => Ok(TimeArg::Set(Timespec::from_nanos(t))),
            (false, true) => Ok(TimeArg::Now),
            (false, false) => Ok(TimeArg::Omit),
        }
    };
    Ok((
        one(atim, fstflags::ATIM, fstflags::ATIM_NOW)?,
        one(mtim, fstflags::MTIM, fstflags::MTIM_NOW)?,
    ))
}

impl Wasi {
    /// The Wosix descriptor behind guest descriptor `fd` (EBADF for unknown descriptors and
    /// for preopened directories, which have none).
    fn os(&self, fd: u32) -> R<Fd> {
        self.fds.os_fd(fd).ok_or_else(|| WasiErrno::BADF.into())
    }

    /// A path argument: UTF-8 bytes at `ptr`.
    fn path_arg<M: GuestMemory + ?Sized>(&self, mem: &M, ptr: u32, len: u32) -> R<String> {
        let bytes = mem.read(ptr, len)?;
        String::from_utf8(bytes).map_err(|_| WasiErrno::ILSEQ.into())
    }

    /// Directory descriptor and path for an `*at` call on `path` relative to guest `fd`.
    fn at<M: GuestMemory + ?Sized>(
        &self,
        mem: &M,
        fd: u32,
        ptr: u32,
        len: u32,
    ) -> R<(Option<Fd>, String)> {
        let path = self.path_arg(mem, ptr, len)?;
        self.fds.at(fd, &path).ok_or_else(|| WasiErrno::BADF.into())
    }

    /// stat of guest `fd`, preopens included.
    async fn fd_stat(&self, fd: u32) -> R<Stat> {
        match self.fds.get(fd) {
            Some(Entry::Os { fd, .. }) => Ok(self.sys.fstat(*fd).await?),
            Some(Entry::Preopen { base, .. }) => {
                let p = match base {
                    Base::Cwd => ".",
                    Base::Path(p) => p.as_str(),
                };
                Ok(self.sys.stat(p).await?)
            }
            None => Err(WasiErrno::BADF.into()),
        }
    }

    /// `fd_advise`: advice is accepted and ignored (the VFS is in memory).
    pub(crate) fn fd_advise(&self, fd: u32) -> R {
        if self.fds.contains(fd) {
            Ok(())
        } else {
            Err(WasiErrno::BADF.into())
        }
    }

    /// `fd_allocate`: make the file at least `offset + len` bytes long.
    pub(crate) async fn fd_allocate(&self, fd: u32, offset: u64, len: u64) -> R {
        let os = self.os(fd)?;
        let end = offset
            .checked_add(len)
            .ok_or(WasiErrno(crate::errno::codes::FBIG))?;
        let st = self.sys.fstat(os).await?;
        if st.size < end {
            self.sys.ftruncate(os, end).await?;
        }
        Ok(())
    }

    /// `fd_close`.
    pub(crate) async fn fd_close(&mut self, fd: u32) -> R {
        match self.fds.remove(fd) {
            Some(Entry::Os { fd, .. }) => Ok(self.sys.close(fd).await?),
            Some(Entry::Preopen { .. }) => Ok(()),
            None => Err(WasiErrno::BADF.into()),
        }
    }

    /// `fd_sync` and `fd_datasync`.
    pub(crate) async fn fd_sync(&self, fd: u32) -> R {
        match self.fds.get(fd) {
            Some(Entry::Os { fd, .. }) => unit(self.sys.call(Call::Fsync { fd: *fd }).await),
            Some(Entry::Preopen { .. }) => Ok(()),
            None => Err(WasiErrno::BADF.into()),
        }
    }

    /// `fd_fdstat_get`: type, flags, and the rights the access mode allows.
    pub(crate) async fn fd_fdstat_get<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        out: u32,
    ) -> R {
        let b = match self.fds.get(fd) {
            Some(Entry::Preopen { .. }) => {
                encode_fdstat(filetype::DIRECTORY, 0, rights::ALL, rights::ALL)
            }
            Some(Entry::Os { fd: os, .. }) => {
                let st = self.sys.fstat(*os).await?;
                let fl =
                    OFlags::from_bits_truncate(self.sys.fcntl(*os, FcntlCmd::GetFl).await? as u32);
                let mut flags = 0;
                if fl.contains(OFlags::APPEND) {
                    flags |= fdflags::APPEND;
                }
                if fl.contains(OFlags::NONBLOCK) {
                    flags |= fdflags::NONBLOCK;
                }
                let mut base = rights::ALL;
                if !fl.readable() {
                    base &= !rights::READING;
                }
                if !fl.writable() {
                    base &= !rights::WRITING;
                }
                encode_fdstat(filetype_of(st.file_type()), flags, base, rights::ALL)
            }
            None => return Err(WasiErrno::BADF.into()),
        };
        mem.write(out, &b)?;
        Ok(())
    }

    /// `fd_fdstat_set_flags`: append and non-blocking mode.
    pub(crate) async fn fd_fdstat_set_flags(&self, fd: u32, flags: u16) -> R {
        let os = self.os(fd)?;
        let mut fl = OFlags::empty();
        if flags & fdflags::APPEND != 0 {
            fl |= OFlags::APPEND;
        }
        if flags & fdflags::NONBLOCK != 0 {
            fl |= OFlags::NONBLOCK;
        }
        self.sys.fcntl(os, FcntlCmd::SetFl(fl)).await?;
        Ok(())
    }

    /// `fd_fdstat_set_rights`: rights are not enforced (Unix permissions are), so dropping
    /// them succeeds.
    pub(crate) fn fd_fdstat_set_rights(&self, fd: u32) -> R {
        self.fd_advise(fd)
    }

    /// `fd_filestat_get`.
    pub(crate) async fn fd_filestat_get<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        out: u32,
    ) -> R {
        let st = self.fd_stat(fd).await?;
        mem.write(out, &encode_filestat(&st))?;
        Ok(())
    }

    /// `fd_filestat_set_size`.
    pub(crate) async fn fd_filestat_set_size(&self, fd: u32, size: u64) -> R {
        let os = self.os(fd)?;
        Ok(self.sys.ftruncate(os, size).await?)
    }

    /// `fd_filestat_set_times`.
    pub(crate) async fn fd_filestat_set_times(
        &self,
        fd: u32,
        atim: u64,
        mtim: u64,
        flags: u16,
    ) -> R {
        let (atime, mtime) = time_args(atim, mtim, flags)?;
        match self.fds.get(fd) {
            Some(Entry::Os { fd, .. }) => unit(
                self.sys
                    .call(Call::Futimes {
                        fd: *fd,
                        atime,
                        mtime,
                    })
                    .await,
            ),
            Some(Entry::Preopen { .. }) => {
                let (dir, path) = self.fds.at(fd, ".").ok_or(WasiErrno::BADF)?;
                unit(
                    self.sys
                        .call(Call::Utimes {
                            dir,
                            path,
                            atime,
                            mtime,
                            flags: AtFlags::empty(),
                        })
                        .await,
                )
            }
            None => Err(WasiErrno::BADF.into()),
        }
    }

    /// `fd_read` (no offset) and `fd_pread`: one kernel read, scattered over the iovecs.
    pub(crate) async fn fd_pread<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        iovs: u32,
        n: u32,
        offset: Option<u64>,
        out: u32,
    ) -> R {
        let iov = mem.iovecs(iovs, n)?;
        let os = match self.fds.get(fd) {
            Some(Entry::Os { fd, .. }) => *fd,
            Some(Entry::Preopen { .. }) => return Err(Errno::EISDIR.into()),
            None => return Err(WasiErrno::BADF.into()),
        };
        let total: usize = iov
            .iter()
            .map(|&(_, l)| l as usize)
            .sum::<usize>()
            .min(1 << 30);
        let data = match offset {
            Some(off) => self.sys.pread(os, total, off).await?,
            None => self.sys.read_vec(os, total).await?,
        };
        let mut at = 0;
        for (ptr, len) in iov {
            if at >= data.len() {
                break;
            }
            let k = (len as usize).min(data.len() - at);
            mem.write(ptr, &data[at..at + k])?;
            at += k;
        }
        mem.write_u32(out, at as u32)?;
        Ok(())
    }

    /// `fd_write` (no offset) and `fd_pwrite`: the iovecs gathered into one kernel write.
    pub(crate) async fn fd_pwrite<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        iovs: u32,
        n: u32,
        offset: Option<u64>,
        out: u32,
    ) -> R {
        let iov = mem.iovecs(iovs, n)?;
        let mut data = Vec::new();
        for (ptr, len) in iov {
            data.extend_from_slice(&mem.read(ptr, len)?);
        }
        let os = match self.fds.get(fd) {
            Some(Entry::Os { fd, .. }) => *fd,
            Some(Entry::Preopen { .. }) => return Err(Errno::EISDIR.into()),
            None => return Err(WasiErrno::BADF.into()),
        };
        let written = match offset {
            Some(off) => self.sys.pwrite(os, &data, off).await?,
            None => self.sys.write(os, &data).await?,
        };
        mem.write_u32(out, written as u32)?;
        Ok(())
    }

    /// `fd_prestat_get`: preopens are descriptors 3, 4, …; anything else is EBADF, which is
    /// how wasi-libc finds the end of the list.
    pub(crate) fn fd_prestat_get<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        out: u32,
    ) -> R {
        match self.fds.get(fd) {
            Some(Entry::Preopen { name, .. }) => {
                mem.write_u8(out, PREOPENTYPE_DIR)?;
                mem.write_u32(out + 4, name.len() as u32)?;
                Ok(())
            }
            _ => Err(WasiErrno::BADF.into()),
        }
    }

    /// `fd_prestat_dir_name`.
    pub(crate) fn fd_prestat_dir_name<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        ptr: u32,
        len: u32,
    ) -> R {
        match self.fds.get(fd) {
            Some(Entry::Preopen { name, .. }) => {
                if (len as usize) < name.len() {
                    return Err(WasiErrno::NAMETOOLONG.into());
                }
                mem.write(ptr, name.as_bytes())?;
                Ok(())
            }
            _ => Err(WasiErrno::BADF.into()),
        }
    }

    /// Every entry of the directory behind guest `fd`, `.` and `..` included.
    async fn list_dir(&self, fd: u32) -> R<Vec<Dirent>> {
        let (dir, path) = match self.fds.get(fd) {
            Some(Entry::Os { fd, .. }) => (Some(*fd), ".".to_string()),
            Some(Entry::Preopen { .. }) => self.fds.at(fd, ".").ok_or(WasiErrno::BADF)?,
            None => return Err(WasiErrno::BADF.into()),
        };
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let dfd = self.sys.openat(dir, &path, flags, 0).await?;
        let mut out = Vec::new();
        let r = loop {
            match self.sys.getdents(dfd, 4096).await {
                Ok(batch) if batch.is_empty() => break Ok(()),
                Ok(batch) => out.extend(batch),
                Err(e) => break Err(e),
            }
        };
        let _ = self.sys.close(dfd).await;
        r?;
        Ok(out)
    }

    /// `fd_readdir`: entries from index `cookie` on, as many as fit; a full buffer tells the
    /// guest to call again. The listing is read once at cookie 0 and served from a cache.
    pub(crate) async fn fd_readdir<M: GuestMemory + ?Sized>(
        &mut self,
        mem: &mut M,
        fd: u32,
        buf: u32,
        len: u32,
        cookie: u64,
        out: u32,
    ) -> R {
        let cached = match self.fds.get(fd) {
            Some(Entry::Os { dir_cache, .. }) | Some(Entry::Preopen { dir_cache, .. }) => {
                dir_cache.is_some()
            }
            None => return Err(WasiErrno::BADF.into()),
        };
        if cookie == 0 || !cached {
            let list = self.list_dir(fd).await?;
            if let Some(Entry::Os { dir_cache, .. }) | Some(Entry::Preopen { dir_cache, .. }) =
                self.fds.get_mut(fd)
            {
                *dir_cache = Some(list);
            }
        }
        let list = match self.fds.get(fd) {
            Some(Entry::Os {
                dir_cache: Some(l), ..
            })
            | Some(Entry::Preopen {
                dir_cache: Some(l), ..
            }) => l,
            _ => return Err(WasiErrno::BADF.into()),
        };
        let mut bytes = Vec::new();
        for (i, d) in list
            .iter()
            .enumerate()
            .skip(cookie.min(usize::MAX as u64) as usize)
        {
            if bytes.len() >= len as usize {
                break;
            }
            bytes.extend(encode_dirent(
                i as u64 + 1,
                d.ino.0,
                filetype_of(d.ftype),
                &d.name,
            ));
        }
        bytes.truncate(len as usize);
        mem.write(buf, &bytes)?;
        mem.write_u32(out, bytes.len() as u32)?;
        Ok(())
    }

    /// `fd_renumber`: move `from` onto `to` (which must be open), closing what `to` was.
    pub(crate) async fn fd_renumber(&mut self, from: u32, to: u32) -> R {
        if !self.fds.contains(from) || !self.fds.contains(to) {
            return Err(WasiErrno::BADF.into());
        }
        if from == to {
            return Ok(());
        }
        // The standard streams keep their kernel numbers, so children and the terminal see
        // the redirection too.
        if let (Some(src), Some(dst)) = (self.fds.os_fd(from), self.fds.os_fd(to))
            && to < 3
            && dst.0 == to
        {
            self.sys.dup2(src, dst).await?;
            self.fds.remove(from);
            let _ = self.sys.close(src).await;
            self.fds.set(to, Entry::os(dst));
            return Ok(());
        }
        let moved = self.fds.remove(from).ok_or(WasiErrno::BADF)?;
        let moved_os = match &moved {
            Entry::Os { fd, .. } => Some(*fd),
            Entry::Preopen { .. } => None,
        };
        if let Some(Entry::Os { fd, .. }) = self.fds.set(to, moved)
            && Some(fd) != moved_os
        {
            let _ = self.sys.close(fd).await;
        }
        Ok(())
    }

    /// `fd_seek` (and `fd_tell`, a seek by 0 from the current offset).
    pub(crate) async fn fd_seek<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        offset: i64,
        whence: u32,
        out: u32,
    ) -> R {
        let whence = match whence {
            0 => Whence::Set,
            1 => Whence::Cur,
            2 => Whence::End,
            _ => return Err(WasiErrno::INVAL.into()),
        };
        let os = self.os(fd)?;
        let pos = self.sys.lseek(os, offset, whence).await?;
        mem.write_u64(out, pos)?;
        Ok(())
    }

    /// `path_create_directory`.
    pub(crate) async fn path_create_directory<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        p: u32,
        l: u32,
    ) -> R {
        let (dir, path) = self.at(mem, fd, p, l)?;
        unit(
            self.sys
                .call(Call::Mkdir {
                    dir,
                    path,
                    mode: 0o777,
                })
                .await,
        )
    }

    /// `path_filestat_get`.
    pub(crate) async fn path_filestat_get<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        lookup: u32,
        p: u32,
        l: u32,
        out: u32,
    ) -> R {
        let (dir, path) = self.at(mem, fd, p, l)?;
        let flags = if lookup & LOOKUP_SYMLINK_FOLLOW != 0 {
            AtFlags::empty()
        } else {
            AtFlags::SYMLINK_NOFOLLOW
        };
        let st = match self.sys.call(Call::Stat { dir, path, flags }).await? {
            Ret::Stat(s) => s,
            _ => return Err(Errno::EIO.into()),
        };
        mem.write(out, &encode_filestat(&st))?;
        Ok(())
    }

    /// `path_filestat_set_times`.
    pub(crate) async fn path_filestat_set_times<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        lookup: u32,
        p: u32,
        l: u32,
        atim: u64,
        mtim: u64,
        fst: u16,
    ) -> R {
        let (dir, path) = self.at(mem, fd, p, l)?;
        let (atime, mtime) = time_args(atim, mtim, fst)?;
        let flags = if lookup & LOOKUP_SYMLINK_FOLLOW != 0 {
            AtFlags::empty()
        } else {
            AtFlags::SYMLINK_NOFOLLOW
        };
        unit(
            self.sys
                .call(Call::Utimes {
                    dir,
                    path,
                    atime,
                    mtime,
                    flags,
                })
                .await,
        )
    }

    /// `path_link`.
    pub(crate) async fn path_link<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        ofd: u32,
        lookup: u32,
        op: u32,
        ol: u32,
        nfd: u32,
        np: u32,
        nl: u32,
    ) -> R {
        let (olddir, old) = self.at(mem, ofd, op, ol)?;
        let (newdir, new) = self.at(mem, nfd, np, nl)?;
        let flags = if lookup & LOOKUP_SYMLINK_FOLLOW != 0 {
            AtFlags::SYMLINK_FOLLOW
        } else {
            AtFlags::empty()
        };
        unit(
            self.sys
                .call(Call::Link {
                    olddir,
                    old,
                    newdir,
                    new,
                    flags,
                })
                .await,
        )
    }

    /// `path_open`: the access mode comes from the requested rights.
    pub(crate) async fn path_open<M: GuestMemory + ?Sized>(
        &mut self,
        mem: &mut M,
        fd: u32,
        lookup: u32,
        p: u32,
        l: u32,
        of: u16,
        base: u64,
        fdf: u16,
        out: u32,
    ) -> R {
        let (dir, path) = self.at(mem, fd, p, l)?;
        let read = base & rights::READING != 0;
        let write = base & rights::WRITING != 0;
        let mut flags = match (read, write) {
            (_, false) => OFlags::RDONLY,
            (false, true) => OFlags::WRONLY,
            (true, true) => OFlags::RDWR,
        };
        for (bit, f) in [
            (oflags::CREAT, OFlags::CREAT),
            (oflags::DIRECTORY, OFlags::DIRECTORY),
            (oflags::EXCL, OFlags::EXCL),
            (oflags::TRUNC, OFlags::TRUNC),
        ] {
            if of & bit != 0 {
                flags |= f;
            }
        }
        if fdf & fdflags::APPEND != 0 {
            flags |= OFlags::APPEND;
        }
        if fdf & fdflags::NONBLOCK != 0 {
            flags |= OFlags::NONBLOCK;
        }
        if lookup & LOOKUP_SYMLINK_FOLLOW == 0 {
            flags |= OFlags::NOFOLLOW;
        }
        let os = self.sys.openat(dir, &path, flags, 0o666).await?;
        let n = self.fds.insert(Entry::os(os));
        if let Err(t) = mem.write_u32(out, n) {
            self.fds.remove(n);
            let _ = self.sys.close(os).await;
            return Err(t.into());
        }
        Ok(())
    }

    /// `path_readlink`: the target, truncated to the buffer.
    pub(crate) async fn path_readlink<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        p: u32,
        l: u32,
        buf: u32,
        len: u32,
        out: u32,
    ) -> R {
        let (dir, path) = self.at(mem, fd, p, l)?;
        let target = match self.sys.call(Call::Readlink { dir, path }).await? {
            Ret::Str(s) => s,
            _ => return Err(Errno::EIO.into()),
        };
        let b = target.as_bytes();
        let n = b.len().min(len as usize);
        mem.write(buf, &b[..n])?;
        mem.write_u32(out, n as u32)?;
        Ok(())
    }

    /// `path_unlink_file` and `path_remove_directory`.
    pub(crate) async fn path_unlink<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        fd: u32,
        p: u32,
        l: u32,
        dir_only: bool,
    ) -> R {
        let (dir, path) = self.at(mem, fd, p, l)?;
        let flags = if dir_only {
            AtFlags::REMOVEDIR
        } else {
            AtFlags::empty()
        };
        unit(self.sys.call(Call::Unlink { dir, path, flags }).await)
    }

    /// `path_rename`.
    pub(crate) async fn path_rename<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        ofd: u32,
        op: u32,
        ol: u32,
        nfd: u32,
        np: u32,
        nl: u32,
    ) -> R {
        let (olddir, old) = self.at(mem, ofd, op, ol)?;
        let (newdir, new) = self.at(mem, nfd, np, nl)?;
        unit(
            self.sys
                .call(Call::Rename {
                    olddir,
                    old,
                    newdir,
                    new,
                })
                .await,
        )
    }

    /// `path_symlink`: create `new` pointing at `old` (taken verbatim).
    pub(crate) async fn path_symlink<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        op: u32,
        ol: u32,
        fd: u32,
        np: u32,
        nl: u32,
    ) -> R {
        let target = self.path_arg(mem, op, ol)?;
        let (dir, path) = self.at(mem, fd, np, nl)?;
        unit(self.sys.call(Call::Symlink { target, dir, path }).await)
    }
}
