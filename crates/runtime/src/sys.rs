//! `Sys`: a program's handle on the kernel, one async method per system call.
//!
//! Each method builds a [`Call`], runs it through the kernel, and parks the calling task when
//! the kernel answers "would block". Programs never see the kernel itself (DESIGN.md,
//! principle 2). A program that makes system calls for longer than one time slice yields at
//! its next call, so a busy program cannot starve the others.

use crate::machine::{SLICE_NS, Shared};
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use wosix_abi::call::{ClockId, MountInfo, Rusage, SetWhen, StatFs, TimeArg, Utsname};
use wosix_abi::{
    AtFlags, Call, Dirent, Errno, FcntlCmd, Fd, Gid, OFlags, Pid, Resource, Ret, Rlimit, SigAction,
    SigHow, SigSet, Signal, SpawnRequest, Stat, SysResult, Termios, Timespec, Uid, WaitOptions,
    WaitStatus, Whence, Winsize,
};
use wosix_kernel::{SysError, WaitOn};

/// The future that runs a program; its output is the exit status.
pub type ProgramFuture = Pin<Box<dyn Future<Output = i32> + Send + 'static>>;

/// A process's handle on the kernel.
#[derive(Clone)]
pub struct Sys {
    pid: Pid,
    shared: Arc<Shared>,
}

/// Names one machine: equal for every process of that machine, and never equal to a token of
/// another machine, even after this one is gone (it keeps the machine's allocation, not its
/// state, alive), so host caches keyed by it never mistake one machine's files for another's.
#[derive(Clone, Debug)]
pub struct MachineToken(std::sync::Weak<Shared>);

impl PartialEq for MachineToken {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Weak::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for MachineToken {}

impl std::hash::Hash for MachineToken {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.0.as_ptr() as usize).hash(h);
    }
}

macro_rules! expect {
    ($e:expr, $pat:pat => $v:expr) => {
        match $e? {
            $pat => Ok($v),
            _ => Err(Errno::EIO),
        }
    };
}

impl Sys {
    pub(crate) fn new(pid: Pid, shared: Arc<Shared>) -> Sys {
        Sys { pid, shared }
    }

    /// The process this handle acts for (no system call needed).
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The same machine, acting as another process (for hosts and tests).
    pub fn as_pid(&self, pid: Pid) -> Sys {
        Sys {
            pid,
            shared: self.shared.clone(),
        }
    }

    /// A token naming this process's machine, for host-side caches keyed by machine state.
    pub fn machine_token(&self) -> MachineToken {
        MachineToken(Arc::downgrade(&self.shared))
    }

    /// Record the memory the process's executor holds for it (a guest's linear memory), for
    /// accounting (`memBytes`, /proc, ps). This is host bookkeeping, not a system call.
    pub fn account_memory(&self, bytes: u64) {
        self.shared
            .linear
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(self.pid, bytes);
        let total = self.shared.memory_of(self.pid);
        self.shared.kernel().account(self.pid, 0, total);
    }

    /// Run one system call, waiting while it would block.
    pub async fn call(&self, call: Call) -> SysResult<Ret> {
        self.maybe_yield().await;
        poll_fn(|cx| {
            // What the kernel allocates is the kernel's, not this process's heap.
            let owner = crate::meter::set_owner(0);
            let mem = self.shared.memory_of(self.pid);
            let (r, events, alive) = {
                let mut k = self.shared.kernel();
                // Keep memBytes current for calls that read it (ps, /proc) mid time slice.
                k.account(self.pid, 0, mem);
                k.set_time(
                    self.shared.host.monotonic_ns(),
                    self.shared.host.realtime_ns(),
                );
                let r = k.syscall(self.pid, &call);
                if std::env::var_os("WOSIX_TRACE").is_some() {
                    eprintln!(
                        "[{}] {} -> {:?}",
                        self.pid,
                        call.name(),
                        r.as_ref().map(|_| ())
                    );
                }
                (r, k.take_events(), k.process_alive(self.pid))
            };
            if !events.is_empty() {
                self.shared.handle_events(events);
            }
            crate::meter::set_owner(owner);
            if !alive {
                // The process ended (exit, or a fatal signal during this call): its task is
                // dropped by the executor and must not run on.
                return Poll::Pending;
            }
            match r {
                Ok(v) => Poll::Ready(Ok(v)),
                Err(SysError::Errno(e)) => Poll::Ready(Err(e)),
                Err(SysError::Block(on)) => {
                    let mut s = self.shared.exec.lock();
                    s.park(on, cx.waker());
                    s.park(WaitOn::Signal(self.pid), cx.waker());
                    Poll::Pending
                }
            }
        })
        .await
    }

    /// Yield to other tasks if this one has used up its time slice.
    async fn maybe_yield(&self) {
        let over = {
            let mut s = self.shared.exec.lock();
            s.slice_calls += 1;
            s.slice_calls.is_multiple_of(64)
                && self
                    .shared
                    .host
                    .monotonic_ns()
                    .saturating_sub(s.slice_start)
                    > SLICE_NS
        };
        if over {
            let mut yielded = false;
            poll_fn(|cx| {
                if yielded {
                    Poll::Ready(())
                } else {
                    yielded = true;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
            })
            .await
        }
    }

    // ---------------------------------------------------------------- files

    /// open(2) relative to the working directory.
    pub async fn open(&self, path: &str, flags: OFlags, mode: u32) -> SysResult<Fd> {
        self.openat(None, path, flags, mode).await
    }
    /// openat(2).
    pub async fn openat(
        &self,
        dir: Option<Fd>,
        path: &str,
        flags: OFlags,
        mode: u32,
    ) -> SysResult<Fd> {
        expect!(self.call(Call::Open { dir, path: path.into(), flags, mode }).await, Ret::Fd(fd) => fd)
    }
    /// close(2).
    pub async fn close(&self, fd: Fd) -> SysResult<()> {
        self.call(Call::Close { fd }).await.map(|_| ())
    }
    /// read(2) into `buf`; returns the count (0 at end of file).
    pub async fn read(&self, fd: Fd, buf: &mut [u8]) -> SysResult<usize> {
        let data = expect!(self.call(Call::Read { fd, len: buf.len() }).await, Ret::Bytes(b) => b)?;
        let n = data.len().min(buf.len());
        buf[..n].copy_from_slice(&data[..n]);
        Ok(n)
    }
    /// read(2) of up to `len` bytes, returned as a vector.
    pub async fn read_vec(&self, fd: Fd, len: usize) -> SysResult<Vec<u8>> {
        expect!(self.call(Call::Read { fd, len }).await, Ret::Bytes(b) => b)
    }
    /// Read until end of file.
    pub async fn read_to_end(&self, fd: Fd) -> SysResult<Vec<u8>> {
        let mut out = Vec::new();
        loop {
            let chunk = self.read_vec(fd, 65536).await?;
            if chunk.is_empty() {
                return Ok(out);
            }
            out.extend_from_slice(&chunk);
        }
    }
    /// write(2); may write less than `data` (pipes, terminals).
    pub async fn write(&self, fd: Fd, data: &[u8]) -> SysResult<usize> {
        expect!(self.call(Call::Write { fd, data: data.to_vec() }).await, Ret::Int(n) => n as usize)
    }
    /// write(2) of a buffer the caller gives up, saving a copy of big writes.
    pub async fn write_vec(&self, fd: Fd, data: Vec<u8>) -> SysResult<usize> {
        expect!(self.call(Call::Write { fd, data }).await, Ret::Int(n) => n as usize)
    }
    /// Write all of `data`, looping over short writes.
    pub async fn write_all(&self, fd: Fd, mut data: &[u8]) -> SysResult<()> {
        while !data.is_empty() {
            let n = self.write(fd, data).await?;
            if n == 0 {
                return Err(Errno::EIO);
            }
            data = &data[n..];
        }
        Ok(())
    }
    /// pread(2).
    pub async fn pread(&self, fd: Fd, len: usize, offset: u64) -> SysResult<Vec<u8>> {
        expect!(self.call(Call::Pread { fd, len, offset }).await, Ret::Bytes(b) => b)
    }
    /// pwrite(2).
    pub async fn pwrite(&self, fd: Fd, data: &[u8], offset: u64) -> SysResult<usize> {
        expect!(self.call(Call::Pwrite { fd, data: data.to_vec(), offset }).await, Ret::Int(n) => n as usize)
    }
    /// lseek(2); returns the new offset.
    pub async fn lseek(&self, fd: Fd, offset: i64, whence: Whence) -> SysResult<u64> {
        expect!(self.call(Call::Lseek { fd, offset, whence }).await, Ret::Int(n) => n as u64)
    }
    /// dup(2).
    pub async fn dup(&self, fd: Fd) -> SysResult<Fd> {
        expect!(self.call(Call::Dup { fd }).await, Ret::Fd(fd) => fd)
    }
    /// dup2(2).
    pub async fn dup2(&self, from: Fd, to: Fd) -> SysResult<Fd> {
        expect!(self.call(Call::Dup3 { from, to, flags: OFlags::empty() }).await, Ret::Fd(fd) => fd)
    }
    /// dup3(2).
    pub async fn dup3(&self, from: Fd, to: Fd, flags: OFlags) -> SysResult<Fd> {
        expect!(self.call(Call::Dup3 { from, to, flags }).await, Ret::Fd(fd) => fd)
    }
    /// fcntl(2); the result's meaning depends on `cmd`.
    pub async fn fcntl(&self, fd: Fd, cmd: FcntlCmd) -> SysResult<i64> {
        match self.call(Call::Fcntl { fd, cmd }).await? {
            Ret::Int(n) => Ok(n),
            Ret::Fd(f) => Ok(f.0 as i64),
            _ => Err(Errno::EIO),
        }
    }
    /// pipe2(2): `(read end, write end)`.
    pub async fn pipe(&self, flags: OFlags) -> SysResult<(Fd, Fd)> {
        expect!(self.call(Call::Pipe { flags }).await, Ret::FdPair(r, w) => (r, w))
    }
    /// mkfifo(3).
    pub async fn mkfifo(&self, path: &str, mode: u32) -> SysResult<()> {
        self.call(Call::Mkfifo {
            dir: None,
            path: path.into(),
            mode,
        })
        .await
        .map(|_| ())
    }
    /// stat(2).
    pub async fn stat(&self, path: &str) -> SysResult<Stat> {
        expect!(self.call(Call::Stat { dir: None, path: path.into(), flags: AtFlags::empty() }).await, Ret::Stat(s) => *s)
    }
    /// lstat(2).
    pub async fn lstat(&self, path: &str) -> SysResult<Stat> {
        expect!(self.call(Call::Stat { dir: None, path: path.into(), flags: AtFlags::SYMLINK_NOFOLLOW }).await, Ret::Stat(s) => *s)
    }
    /// fstatat(2).
    pub async fn statat(&self, dir: Option<Fd>, path: &str, flags: AtFlags) -> SysResult<Stat> {
        expect!(self.call(Call::Stat { dir, path: path.into(), flags }).await, Ret::Stat(s) => *s)
    }
    /// fstat(2).
    pub async fn fstat(&self, fd: Fd) -> SysResult<Stat> {
        expect!(self.call(Call::Fstat { fd }).await, Ret::Stat(s) => *s)
    }
    /// access(2) with `wosix_abi::fcntl::access` bits.
    pub async fn access(&self, path: &str, mode: u32) -> SysResult<()> {
        self.call(Call::Access {
            dir: None,
            path: path.into(),
            mode,
            flags: AtFlags::empty(),
        })
        .await
        .map(|_| ())
    }
    /// chmod(2).
    pub async fn chmod(&self, path: &str, mode: u32) -> SysResult<()> {
        self.call(Call::Chmod {
            dir: None,
            path: path.into(),
            mode,
        })
        .await
        .map(|_| ())
    }
    /// fchmod(2).
    pub async fn fchmod(&self, fd: Fd, mode: u32) -> SysResult<()> {
        self.call(Call::Fchmod { fd, mode }).await.map(|_| ())
    }
    /// chown(2); `None` leaves an id unchanged.
    pub async fn chown(&self, path: &str, uid: Option<Uid>, gid: Option<Gid>) -> SysResult<()> {
        self.call(Call::Chown {
            dir: None,
            path: path.into(),
            uid,
            gid,
            flags: AtFlags::empty(),
        })
        .await
        .map(|_| ())
    }
    /// lchown(2).
    pub async fn lchown(&self, path: &str, uid: Option<Uid>, gid: Option<Gid>) -> SysResult<()> {
        self.call(Call::Chown {
            dir: None,
            path: path.into(),
            uid,
            gid,
            flags: AtFlags::SYMLINK_NOFOLLOW,
        })
        .await
        .map(|_| ())
    }
    /// utimensat(2) on a path.
    pub async fn utimes(&self, path: &str, atime: TimeArg, mtime: TimeArg) -> SysResult<()> {
        self.call(Call::Utimes {
            dir: None,
            path: path.into(),
            atime,
            mtime,
            flags: AtFlags::empty(),
        })
        .await
        .map(|_| ())
    }
    /// mkdir(2).
    pub async fn mkdir(&self, path: &str, mode: u32) -> SysResult<()> {
        self.call(Call::Mkdir {
            dir: None,
            path: path.into(),
            mode,
        })
        .await
        .map(|_| ())
    }
    /// rmdir(2).
    pub async fn rmdir(&self, path: &str) -> SysResult<()> {
        self.call(Call::Unlink {
            dir: None,
            path: path.into(),
            flags: AtFlags::REMOVEDIR,
        })
        .await
        .map(|_| ())
    }
    /// unlink(2).
    pub async fn unlink(&self, path: &str) -> SysResult<()> {
        self.call(Call::Unlink {
            dir: None,
            path: path.into(),
            flags: AtFlags::empty(),
        })
        .await
        .map(|_| ())
    }
    /// link(2).
    pub async fn link(&self, old: &str, new: &str) -> SysResult<()> {
        self.call(Call::Link {
            olddir: None,
            old: old.into(),
            newdir: None,
            new: new.into(),
            flags: AtFlags::empty(),
        })
        .await
        .map(|_| ())
    }
    /// symlink(2): create `path` pointing at `target`.
    pub async fn symlink(&self, target: &str, path: &str) -> SysResult<()> {
        self.call(Call::Symlink {
            target: target.into(),
            dir: None,
            path: path.into(),
        })
        .await
        .map(|_| ())
    }
    /// readlink(2).
    pub async fn readlink(&self, path: &str) -> SysResult<String> {
        expect!(self.call(Call::Readlink { dir: None, path: path.into() }).await, Ret::Str(s) => s)
    }
    /// rename(2).
    pub async fn rename(&self, old: &str, new: &str) -> SysResult<()> {
        self.call(Call::Rename {
            olddir: None,
            old: old.into(),
            newdir: None,
            new: new.into(),
        })
        .await
        .map(|_| ())
    }
    /// truncate(2).
    pub async fn truncate(&self, path: &str, len: u64) -> SysResult<()> {
        self.call(Call::Truncate {
            path: path.into(),
            len,
        })
        .await
        .map(|_| ())
    }
    /// ftruncate(2).
    pub async fn ftruncate(&self, fd: Fd, len: u64) -> SysResult<()> {
        self.call(Call::Ftruncate { fd, len }).await.map(|_| ())
    }
    /// getdents(2): up to `max` entries; empty at the end. Includes `.` and `..`.
    pub async fn getdents(&self, fd: Fd, max: usize) -> SysResult<Vec<Dirent>> {
        expect!(self.call(Call::Getdents { fd, max }).await, Ret::Dirents(d) => d)
    }
    /// All entries of the directory at `path`, without `.` and `..`, in directory order.
    pub async fn read_dir(&self, path: &str) -> SysResult<Vec<Dirent>> {
        let fd = self
            .open(
                path,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                0,
            )
            .await?;
        let mut out = Vec::new();
        let r = loop {
            match self.getdents(fd, 1024).await {
                Ok(batch) if batch.is_empty() => break Ok(()),
                Ok(batch) => out.extend(
                    batch
                        .into_iter()
                        .filter(|d| d.name != "." && d.name != ".."),
                ),
                Err(e) => break Err(e),
            }
        };
        let _ = self.close(fd).await;
        r.map(|_| out)
    }
    /// chdir(2).
    pub async fn chdir(&self, path: &str) -> SysResult<()> {
        self.call(Call::Chdir { path: path.into() })
            .await
            .map(|_| ())
    }
    /// fchdir(2).
    pub async fn fchdir(&self, fd: Fd) -> SysResult<()> {
        self.call(Call::Fchdir { fd }).await.map(|_| ())
    }
    /// getcwd(3).
    pub async fn getcwd(&self) -> SysResult<String> {
        expect!(self.call(Call::Getcwd).await, Ret::Str(s) => s)
    }
    /// umask(2): set `mask`, return the previous one.
    pub async fn umask(&self, mask: u32) -> SysResult<u32> {
        expect!(self.call(Call::Umask { mask }).await, Ret::Int(n) => n as u32)
    }
    /// poll(2): `revents` for each `(fd, events)`; `timeout_ms: None` waits forever.
    pub async fn poll(&self, fds: Vec<(Fd, u16)>, timeout_ms: Option<u64>) -> SysResult<Vec<u16>> {
        expect!(self.call(Call::Poll { fds, timeout_ms }).await, Ret::Poll(v) => v)
    }
    /// mount(2).
    pub async fn mount(
        &self,
        source: &str,
        target: &str,
        fstype: &str,
        readonly: bool,
    ) -> SysResult<()> {
        self.call(Call::Mount {
            source: source.into(),
            target: target.into(),
            fstype: fstype.into(),
            readonly,
        })
        .await
        .map(|_| ())
    }
    /// umount(2).
    pub async fn umount(&self, target: &str) -> SysResult<()> {
        self.call(Call::Umount {
            target: target.into(),
        })
        .await
        .map(|_| ())
    }
    /// The mount table.
    pub async fn mounts(&self) -> SysResult<Vec<MountInfo>> {
        expect!(self.call(Call::Mounts).await, Ret::Mounts(m) => m)
    }
    /// statfs(2).
    pub async fn statfs(&self, path: &str) -> SysResult<StatFs> {
        expect!(self.call(Call::Statfs { path: path.into() }).await, Ret::StatFs(s) => *s)
    }

    // ------------------------------------------------------------ processes

    /// posix_spawn(3): start a program; returns the child's pid.
    pub async fn spawn(&self, req: SpawnRequest) -> SysResult<Pid> {
        expect!(self.call(Call::Spawn(req)).await, Ret::Pid(p) => p)
    }
    /// _exit(2). The task stops at this call.
    pub async fn exit(&self, status: u8) -> ! {
        let _ = self.call(Call::Exit { status }).await;
        // The process is gone; `call` never completes for a dead process.
        std::future::pending::<()>().await;
        unreachable!("a dead process is never polled again")
    }
    /// waitpid(2); `None` with WNOHANG when nothing changed.
    pub async fn waitpid(
        &self,
        pid: i32,
        options: WaitOptions,
    ) -> SysResult<Option<(Pid, WaitStatus)>> {
        expect!(self.call(Call::Waitpid { pid, options }).await, Ret::Wait(w) => w)
    }
    /// getpid(2).
    pub async fn getpid(&self) -> SysResult<Pid> {
        expect!(self.call(Call::Getpid).await, Ret::Pid(p) => p)
    }
    /// getppid(2).
    pub async fn getppid(&self) -> SysResult<Pid> {
        expect!(self.call(Call::Getppid).await, Ret::Pid(p) => p)
    }
    /// getpgid(2).
    pub async fn getpgid(&self, pid: Pid) -> SysResult<Pid> {
        expect!(self.call(Call::Getpgid { pid }).await, Ret::Pid(p) => p)
    }
    /// setpgid(2).
    pub async fn setpgid(&self, pid: Pid, pgid: Pid) -> SysResult<()> {
        self.call(Call::Setpgid { pid, pgid }).await.map(|_| ())
    }
    /// getsid(2).
    pub async fn getsid(&self, pid: Pid) -> SysResult<Pid> {
        expect!(self.call(Call::Getsid { pid }).await, Ret::Pid(p) => p)
    }
    /// setsid(2).
    pub async fn setsid(&self) -> SysResult<Pid> {
        expect!(self.call(Call::Setsid).await, Ret::Pid(p) => p)
    }
    /// getuid(2).
    pub async fn getuid(&self) -> SysResult<Uid> {
        expect!(self.call(Call::Getuid).await, Ret::Int(n) => Uid(n as u32))
    }
    /// geteuid(2).
    pub async fn geteuid(&self) -> SysResult<Uid> {
        expect!(self.call(Call::Geteuid).await, Ret::Int(n) => Uid(n as u32))
    }
    /// getgid(2).
    pub async fn getgid(&self) -> SysResult<Gid> {
        expect!(self.call(Call::Getgid).await, Ret::Int(n) => Gid(n as u32))
    }
    /// getegid(2).
    pub async fn getegid(&self) -> SysResult<Gid> {
        expect!(self.call(Call::Getegid).await, Ret::Int(n) => Gid(n as u32))
    }
    /// getgroups(2).
    pub async fn getgroups(&self) -> SysResult<Vec<Gid>> {
        expect!(self.call(Call::Getgroups).await, Ret::Groups(g) => g)
    }
    /// setuid(2).
    pub async fn setuid(&self, uid: Uid) -> SysResult<()> {
        self.call(Call::Setuid { uid }).await.map(|_| ())
    }
    /// setgid(2).
    pub async fn setgid(&self, gid: Gid) -> SysResult<()> {
        self.call(Call::Setgid { gid }).await.map(|_| ())
    }
    /// setresuid(2).
    pub async fn setresuid(
        &self,
        ruid: Option<Uid>,
        euid: Option<Uid>,
        suid: Option<Uid>,
    ) -> SysResult<()> {
        self.call(Call::Setresuid { ruid, euid, suid })
            .await
            .map(|_| ())
    }
    /// setresgid(2).
    pub async fn setresgid(
        &self,
        rgid: Option<Gid>,
        egid: Option<Gid>,
        sgid: Option<Gid>,
    ) -> SysResult<()> {
        self.call(Call::Setresgid { rgid, egid, sgid })
            .await
            .map(|_| ())
    }
    /// setgroups(2).
    pub async fn setgroups(&self, groups: Vec<Gid>) -> SysResult<()> {
        self.call(Call::Setgroups { groups }).await.map(|_| ())
    }
    /// kill(2); `sig: None` checks existence and permission only.
    pub async fn kill(&self, pid: i32, sig: Option<Signal>) -> SysResult<()> {
        self.call(Call::Kill { pid, sig }).await.map(|_| ())
    }
    /// sigaction(2); returns the previous disposition.
    pub async fn sigaction(&self, sig: Signal, action: SigAction) -> SysResult<SigAction> {
        expect!(self.call(Call::Sigaction { sig, action }).await, Ret::SigAction(a) => a)
    }
    /// sigprocmask(2); returns the previous mask.
    pub async fn sigprocmask(&self, how: SigHow, set: SigSet) -> SysResult<SigSet> {
        expect!(self.call(Call::Sigprocmask { how, set }).await, Ret::SigSet(s) => s)
    }
    /// sigpending(2).
    pub async fn sigpending(&self) -> SysResult<SigSet> {
        expect!(self.call(Call::Sigpending).await, Ret::SigSet(s) => s)
    }
    /// Take a caught, unblocked pending signal, if any, to run its handler.
    pub async fn take_signal(&self) -> SysResult<Option<Signal>> {
        expect!(self.call(Call::TakeSignal).await, Ret::Signal(s) => s)
    }
    /// pause(2): wait for a caught signal; always ends with EINTR.
    pub async fn pause(&self) -> SysResult<()> {
        self.call(Call::Pause).await.map(|_| ())
    }
    /// getrlimit(2).
    pub async fn getrlimit(&self, resource: Resource) -> SysResult<Rlimit> {
        expect!(self.call(Call::Getrlimit { resource }).await, Ret::Rlimit(r) => r)
    }
    /// setrlimit(2).
    pub async fn setrlimit(&self, resource: Resource, limit: Rlimit) -> SysResult<()> {
        self.call(Call::Setrlimit { resource, limit })
            .await
            .map(|_| ())
    }
    /// getrusage(2) for self and children.
    pub async fn getrusage(&self) -> SysResult<Rusage> {
        expect!(self.call(Call::Getrusage).await, Ret::Rusage(r) => r)
    }
    /// uname(2).
    pub async fn uname(&self) -> SysResult<Utsname> {
        expect!(self.call(Call::Uname).await, Ret::Utsname(u) => *u)
    }
    /// sethostname(2).
    pub async fn sethostname(&self, name: &str) -> SysResult<()> {
        self.call(Call::Sethostname { name: name.into() })
            .await
            .map(|_| ())
    }
    /// clock_gettime(2).
    pub async fn clock_gettime(&self, clock: ClockId) -> SysResult<Timespec> {
        expect!(self.call(Call::ClockGettime { clock }).await, Ret::Time(t) => t)
    }
    /// nanosleep(2); EINTR if a caught signal arrives first.
    pub async fn sleep_ns(&self, nanos: u64) -> SysResult<()> {
        self.call(Call::Nanosleep { nanos }).await.map(|_| ())
    }
    /// getrandom(2).
    pub async fn getrandom(&self, len: usize) -> SysResult<Vec<u8>> {
        expect!(self.call(Call::Getrandom { len }).await, Ret::Bytes(b) => b)
    }

    // ------------------------------------------------------------ terminals

    /// tcgetattr(3).
    pub async fn tcgetattr(&self, fd: Fd) -> SysResult<Termios> {
        expect!(self.call(Call::Tcgetattr { fd }).await, Ret::Termios(t) => t)
    }
    /// tcsetattr(3).
    pub async fn tcsetattr(&self, fd: Fd, when: SetWhen, termios: Termios) -> SysResult<()> {
        self.call(Call::Tcsetattr { fd, when, termios })
            .await
            .map(|_| ())
    }
    /// isatty(3).
    pub async fn isatty(&self, fd: Fd) -> bool {
        self.tcgetattr(fd).await.is_ok()
    }
    /// ioctl TIOCGWINSZ.
    pub async fn get_winsize(&self, fd: Fd) -> SysResult<Winsize> {
        expect!(self.call(Call::Tcgetwinsize { fd }).await, Ret::Winsize(w) => w)
    }
    /// ioctl TIOCSWINSZ.
    pub async fn set_winsize(&self, fd: Fd, size: Winsize) -> SysResult<()> {
        self.call(Call::Tcsetwinsize { fd, size }).await.map(|_| ())
    }
    /// tcgetpgrp(3).
    pub async fn tcgetpgrp(&self, fd: Fd) -> SysResult<Pid> {
        expect!(self.call(Call::Tcgetpgrp { fd }).await, Ret::Pid(p) => p)
    }
    /// tcsetpgrp(3).
    pub async fn tcsetpgrp(&self, fd: Fd, pgrp: Pid) -> SysResult<()> {
        self.call(Call::Tcsetpgrp { fd, pgrp }).await.map(|_| ())
    }
    /// ioctl TIOCSCTTY.
    pub async fn setctty(&self, fd: Fd) -> SysResult<()> {
        self.call(Call::Setctty { fd }).await.map(|_| ())
    }
    /// ptsname(3): the slave's path for a pty master.
    pub async fn ptsname(&self, fd: Fd) -> SysResult<String> {
        expect!(self.call(Call::Ptsname { fd }).await, Ret::Int(n) => format!("/dev/pts/{n}"))
    }
    /// ttyname(3).
    pub async fn ttyname(&self, fd: Fd) -> SysResult<String> {
        expect!(self.call(Call::Ttyname { fd }).await, Ret::Str(s) => s)
    }
}
