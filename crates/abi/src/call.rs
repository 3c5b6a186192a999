//! The system call as a value: [`Call`] is what a program asks, [`Ret`] what the kernel answers.
//!
//! Path arguments are relative to `dir` (an open directory) or, when `dir` is `None`, to the
//! caller's working directory — the `*at(2)` family, which WASI needs and the plain calls are a
//! special case of. The kernel's syscall table has one row per variant, keyed by [`Call::name`].

use crate::fcntl::{AtFlags, FcntlCmd, OFlags, Whence};
use crate::ids::{Fd, Gid, Pid, Uid};
use crate::limits::{Resource, Rlimit};
use crate::net::{ShutdownHow, SockAddr};
use crate::signal::{SigAction, SigHow, SigSet, Signal};
use crate::spawn::SpawnRequest;
use crate::stat::{Dirent, Stat, Timespec};
use crate::termios::{Termios, Winsize};
use crate::wait::{WaitOptions, WaitStatus};
use serde::{Deserialize, Serialize};

/// A time argument of utimensat(2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeArg {
    /// Leave this time unchanged (`UTIME_OMIT`).
    Omit,
    /// Set it to the current time (`UTIME_NOW`).
    Now,
    /// Set it to this time.
    Set(Timespec),
}

/// Which clock clock_gettime(2) reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockId {
    /// Wall-clock time since the epoch.
    Realtime,
    /// Time since boot, never going back.
    Monotonic,
    /// CPU time of the calling process.
    ProcessCputime,
}

/// When tcsetattr(3) applies the change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SetWhen {
    /// At once (`TCSANOW`).
    Now,
    /// After output drains (`TCSADRAIN`).
    Drain,
    /// After output drains, discarding pending input (`TCSAFLUSH`).
    Flush,
}

/// Events of poll(2).
pub mod poll {
    /// Data to read.
    pub const POLLIN: u16 = 0x1;
    /// Writing will not block.
    pub const POLLOUT: u16 = 0x4;
    /// Error condition.
    pub const POLLERR: u16 = 0x8;
    /// Hang up (the other end closed).
    pub const POLLHUP: u16 = 0x10;
    /// Invalid descriptor.
    pub const POLLNVAL: u16 = 0x20;
}

/// What uname(2) returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Utsname {
    /// Operating system name (`Wosix`).
    pub sysname: String,
    /// Host name.
    pub nodename: String,
    /// Kernel release.
    pub release: String,
    /// Kernel version string.
    pub version: String,
    /// Hardware name.
    pub machine: String,
}

/// What statfs(2) returns (enough for `df`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatFs {
    /// File system type name (`tmpfs`, `proc`, `devtmpfs`).
    pub fstype: String,
    /// Block size.
    pub bsize: u64,
    /// Total blocks.
    pub blocks: u64,
    /// Free blocks.
    pub bfree: u64,
    /// Total inodes.
    pub files: u64,
    /// Free inodes.
    pub ffree: u64,
}

/// Resource usage of a process and of its waited-for children (getrusage(2), times(2)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rusage {
    /// CPU time of the process, microseconds.
    pub self_cpu_us: u64,
    /// CPU time of reaped children, microseconds.
    pub children_cpu_us: u64,
    /// Peak memory of the process, bytes.
    pub max_rss: u64,
}

/// A mounted file system, as /proc/mounts lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountInfo {
    /// Source (device or name).
    pub source: String,
    /// Mount point.
    pub target: String,
    /// File system type.
    pub fstype: String,
    /// Options, e.g. `rw`.
    pub options: String,
}

/// A system call with its arguments (fields are named after the arguments in the man page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Call {
    // ---- files: open(2) read(2) write(2) and friends ----
    /// openat(2).
    Open {
        dir: Option<Fd>,
        path: String,
        flags: OFlags,
        mode: u32,
    },
    /// close(2).
    Close { fd: Fd },
    /// read(2): up to `len` bytes.
    Read { fd: Fd, len: usize },
    /// write(2).
    Write { fd: Fd, data: Vec<u8> },
    /// pread(2).
    Pread { fd: Fd, len: usize, offset: u64 },
    /// pwrite(2).
    Pwrite { fd: Fd, data: Vec<u8>, offset: u64 },
    /// lseek(2).
    Lseek { fd: Fd, offset: i64, whence: Whence },
    /// dup(2).
    Dup { fd: Fd },
    /// dup3(2); `dup2` is `flags` empty (and `from == to` is then a no-op check).
    Dup3 { from: Fd, to: Fd, flags: OFlags },
    /// fcntl(2).
    Fcntl { fd: Fd, cmd: FcntlCmd },
    /// pipe2(2).
    Pipe { flags: OFlags },
    /// mknodat(2) for FIFOs (mkfifo(3)).
    Mkfifo {
        dir: Option<Fd>,
        path: String,
        mode: u32,
    },
    /// fstatat(2) (`stat`, and `lstat` with `SYMLINK_NOFOLLOW`).
    Stat {
        dir: Option<Fd>,
        path: String,
        flags: AtFlags,
    },
    /// fstat(2).
    Fstat { fd: Fd },
    /// faccessat(2) with `F_OK`/`R_OK`/`W_OK`/`X_OK` bits.
    Access {
        dir: Option<Fd>,
        path: String,
        mode: u32,
        flags: AtFlags,
    },
    /// fchmodat(2).
    Chmod {
        dir: Option<Fd>,
        path: String,
        mode: u32,
    },
    /// fchmod(2).
    Fchmod { fd: Fd, mode: u32 },
    /// fchownat(2); `None` leaves an id unchanged.
    Chown {
        dir: Option<Fd>,
        path: String,
        uid: Option<Uid>,
        gid: Option<Gid>,
        flags: AtFlags,
    },
    /// fchown(2).
    Fchown {
        fd: Fd,
        uid: Option<Uid>,
        gid: Option<Gid>,
    },
    /// utimensat(2).
    Utimes {
        dir: Option<Fd>,
        path: String,
        atime: TimeArg,
        mtime: TimeArg,
        flags: AtFlags,
    },
    /// futimens(3).
    Futimes {
        fd: Fd,
        atime: TimeArg,
        mtime: TimeArg,
    },
    /// mkdirat(2).
    Mkdir {
        dir: Option<Fd>,
        path: String,
        mode: u32,
    },
    /// unlinkat(2); `REMOVEDIR` makes it rmdir(2).
    Unlink {
        dir: Option<Fd>,
        path: String,
        flags: AtFlags,
    },
    /// linkat(2).
    Link {
        olddir: Option<Fd>,
        old: String,
        newdir: Option<Fd>,
        new: String,
        flags: AtFlags,
    },
    /// symlinkat(2): create `path` pointing at `target`.
    Symlink {
        target: String,
        dir: Option<Fd>,
        path: String,
    },
    /// readlinkat(2).
    Readlink { dir: Option<Fd>, path: String },
    /// renameat(2).
    Rename {
        olddir: Option<Fd>,
        old: String,
        newdir: Option<Fd>,
        new: String,
    },
    /// truncate(2).
    Truncate { path: String, len: u64 },
    /// ftruncate(2).
    Ftruncate { fd: Fd, len: u64 },
    /// getdents64(2): at most `max` entries from the directory's current position.
    Getdents { fd: Fd, max: usize },
    /// fsync(2).
    Fsync { fd: Fd },
    /// chdir(2).
    Chdir { path: String },
    /// fchdir(2).
    Fchdir { fd: Fd },
    /// getcwd(3).
    Getcwd,
    /// umask(2): set the mask, return the old one.
    Umask { mask: u32 },
    /// poll(2): wait until one of `fds` is ready or `timeout_ms` passes (`None` = forever).
    Poll {
        fds: Vec<(Fd, u16)>,
        timeout_ms: Option<u64>,
    },
    /// mount(2) of a file system type (`tmpfs`, `proc`, `devtmpfs`) at `target`.
    Mount {
        source: String,
        target: String,
        fstype: String,
        readonly: bool,
    },
    /// umount(2).
    Umount { target: String },
    /// The mount table (what /proc/mounts shows).
    Mounts,
    /// statfs(2).
    Statfs { path: String },

    // ---- processes ----
    /// Start a program (posix_spawn(3)); there is no fork.
    Spawn(SpawnRequest),
    /// _exit(2).
    Exit { status: u8 },
    /// wait4(2): `pid` > 0 one child, -1 any, 0 the caller's group, < -1 group `-pid`.
    Waitpid { pid: i32, options: WaitOptions },
    /// getpid(2).
    Getpid,
    /// getppid(2).
    Getppid,
    /// getpgid(2); `Pid(0)` is the caller.
    Getpgid { pid: Pid },
    /// setpgid(2); zeros mean the caller.
    Setpgid { pid: Pid, pgid: Pid },
    /// getsid(2); `Pid(0)` is the caller.
    Getsid { pid: Pid },
    /// setsid(2).
    Setsid,
    /// getuid(2).
    Getuid,
    /// geteuid(2).
    Geteuid,
    /// getgid(2).
    Getgid,
    /// getegid(2).
    Getegid,
    /// getgroups(2).
    Getgroups,
    /// setuid(2).
    Setuid { uid: Uid },
    /// setgid(2).
    Setgid { gid: Gid },
    /// setresuid(2); `None` leaves an id unchanged.
    Setresuid {
        ruid: Option<Uid>,
        euid: Option<Uid>,
        suid: Option<Uid>,
    },
    /// setresgid(2).
    Setresgid {
        rgid: Option<Gid>,
        egid: Option<Gid>,
        sgid: Option<Gid>,
    },
    /// setgroups(2).
    Setgroups { groups: Vec<Gid> },
    /// kill(2); `sig: None` only checks that the target exists and may be signalled.
    Kill { pid: i32, sig: Option<Signal> },
    /// rt_sigaction(2): set the disposition, return the old one.
    Sigaction { sig: Signal, action: SigAction },
    /// rt_sigprocmask(2): return the old mask.
    Sigprocmask { how: SigHow, set: SigSet },
    /// rt_sigpending(2).
    Sigpending,
    /// Take one caught, unblocked pending signal so the program can run its handler.
    TakeSignal,
    /// pause(2): block until a caught signal is pending (returns EINTR then).
    Pause,
    /// getrlimit(2).
    Getrlimit { resource: Resource },
    /// setrlimit(2).
    Setrlimit { resource: Resource, limit: Rlimit },
    /// getrusage(2) of self and children.
    Getrusage,
    /// uname(2).
    Uname,
    /// sethostname(2).
    Sethostname { name: String },
    /// clock_gettime(2).
    ClockGettime { clock: ClockId },
    /// nanosleep(2).
    Nanosleep { nanos: u64 },
    /// getrandom(2).
    Getrandom { len: usize },

    // ---- terminals: termios(3), tty_ioctl(4) ----
    /// tcgetattr(3) (ioctl TCGETS); ENOTTY if `fd` is not a terminal (isatty(3)).
    Tcgetattr { fd: Fd },
    /// tcsetattr(3) (ioctl TCSETS*).
    Tcsetattr {
        fd: Fd,
        when: SetWhen,
        termios: Termios,
    },
    /// ioctl TIOCGWINSZ.
    Tcgetwinsize { fd: Fd },
    /// ioctl TIOCSWINSZ; sends SIGWINCH to the foreground group when the size changes.
    Tcsetwinsize { fd: Fd, size: Winsize },
    /// tcgetpgrp(3).
    Tcgetpgrp { fd: Fd },
    /// tcsetpgrp(3).
    Tcsetpgrp { fd: Fd, pgrp: Pid },
    /// ioctl TIOCSCTTY: make the terminal the caller's controlling tty (session leader only).
    Setctty { fd: Fd },
    /// ptsname(3) / ioctl TIOCGPTN on a pty master: the slave's number.
    Ptsname { fd: Fd },
    /// ttyname(3).
    Ttyname { fd: Fd },

    // ---- sockets: socket(7), ip(7), tcp(7) ----
    /// socket(2); `flags` may hold `NONBLOCK` and `CLOEXEC` (`SOCK_NONBLOCK`, `SOCK_CLOEXEC`).
    Socket {
        domain: u32,
        ty: u32,
        protocol: u32,
        flags: OFlags,
    },
    /// bind(2).
    Bind { fd: Fd, addr: SockAddr },
    /// listen(2).
    Listen { fd: Fd, backlog: u32 },
    /// accept4(2): the new descriptor and the peer's address.
    Accept { fd: Fd, flags: OFlags },
    /// connect(2).
    Connect { fd: Fd, addr: SockAddr },
    /// shutdown(2).
    Shutdown { fd: Fd, how: ShutdownHow },
    /// getsockname(2).
    Getsockname { fd: Fd },
    /// getpeername(2).
    Getpeername { fd: Fd },
}

/// The successful result of a [`Call`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Ret {
    /// No value.
    Unit,
    /// A number (byte counts, offsets, flags, ids).
    Int(i64),
    /// A new descriptor.
    Fd(Fd),
    /// A pipe's read and write ends.
    FdPair(Fd, Fd),
    /// A process id.
    Pid(Pid),
    /// Bytes read.
    Bytes(Vec<u8>),
    /// A string (cwd, link target, tty name).
    Str(String),
    /// File status.
    Stat(Box<Stat>),
    /// Directory entries.
    Dirents(Vec<Dirent>),
    /// A wait result; `None` for WNOHANG with nothing to report.
    Wait(Option<(Pid, WaitStatus)>),
    /// Terminal attributes.
    Termios(Termios),
    /// Window size.
    Winsize(Winsize),
    /// A resource limit.
    Rlimit(Rlimit),
    /// A signal disposition.
    SigAction(SigAction),
    /// A signal set.
    SigSet(SigSet),
    /// A signal, if any.
    Signal(Option<Signal>),
    /// Supplementary groups.
    Groups(Vec<Gid>),
    /// A time.
    Time(Timespec),
    /// uname(2) data.
    Utsname(Box<Utsname>),
    /// statfs(2) data.
    StatFs(Box<StatFs>),
    /// poll(2): `revents` for each requested descriptor.
    Poll(Vec<u16>),
    /// Resource usage.
    Rusage(Rusage),
    /// The mount table.
    Mounts(Vec<MountInfo>),
    /// A socket address (getsockname(2), getpeername(2)).
    SockAddr(SockAddr),
    /// accept4(2): the connection's descriptor and its peer.
    Accept(Fd, SockAddr),
}

impl Call {
    /// The name of the call, the key of its row in the syscall table.
    pub fn name(&self) -> &'static str {
        match self {
            Call::Open { .. } => "open",
            Call::Close { .. } => "close",
            Call::Read { .. } => "read",
            Call::Write { .. } => "write",
            Call::Pread { .. } => "pread",
            Call::Pwrite { .. } => "pwrite",
            Call::Lseek { .. } => "lseek",
            Call::Dup { .. } => "dup",
            Call::Dup3 { .. } => "dup3",
            Call::Fcntl { .. } => "fcntl",
            Call::Pipe { .. } => "pipe",
            Call::Mkfifo { .. } => "mkfifo",
            Call::Stat { .. } => "stat",
            Call::Fstat { .. } => "fstat",
            Call::Access { .. } => "access",
            Call::Chmod { .. } => "chmod",
            Call::Fchmod { .. } => "fchmod",
            Call::Chown { .. } => "chown",
            Call::Fchown { .. } => "fchown",
            Call::Utimes { .. } => "utimes",
            Call::Futimes { .. } => "futimes",
            Call::Mkdir { .. } => "mkdir",
            Call::Unlink { .. } => "unlink",
            Call::Link { .. } => "link",
            Call::Symlink { .. } => "symlink",
            Call::Readlink { .. } => "readlink",
            Call::Rename { .. } => "rename",
            Call::Truncate { .. } => "truncate",
            Call::Ftruncate { .. } => "ftruncate",
            Call::Getdents { .. } => "getdents",
            Call::Fsync { .. } => "fsync",
            Call::Chdir { .. } => "chdir",
            Call::Fchdir { .. } => "fchdir",
            Call::Getcwd => "getcwd",
            Call::Umask { .. } => "umask",
            Call::Poll { .. } => "poll",
            Call::Mount { .. } => "mount",
            Call::Umount { .. } => "umount",
            Call::Mounts => "mounts",
            Call::Statfs { .. } => "statfs",
            Call::Spawn(_) => "spawn",
            Call::Exit { .. } => "exit",
            Call::Waitpid { .. } => "waitpid",
            Call::Getpid => "getpid",
            Call::Getppid => "getppid",
            Call::Getpgid { .. } => "getpgid",
            Call::Setpgid { .. } => "setpgid",
            Call::Getsid { .. } => "getsid",
            Call::Setsid => "setsid",
            Call::Getuid => "getuid",
            Call::Geteuid => "geteuid",
            Call::Getgid => "getgid",
            Call::Getegid => "getegid",
            Call::Getgroups => "getgroups",
            Call::Setuid { .. } => "setuid",
            Call::Setgid { .. } => "setgid",
            Call::Setresuid { .. } => "setresuid",
            Call::Setresgid { .. } => "setresgid",
            Call::Setgroups { .. } => "setgroups",
            Call::Kill { .. } => "kill",
            Call::Sigaction { .. } => "sigaction",
            Call::Sigprocmask { .. } => "sigprocmask",
            Call::Sigpending => "sigpending",
            Call::TakeSignal => "take_signal",
            Call::Pause => "pause",
            Call::Getrlimit { .. } => "getrlimit",
            Call::Setrlimit { .. } => "setrlimit",
            Call::Getrusage => "getrusage",
            Call::Uname => "uname",
            Call::Sethostname { .. } => "sethostname",
            Call::ClockGettime { .. } => "clock_gettime",
            Call::Nanosleep { .. } => "nanosleep",
            Call::Getrandom { .. } => "getrandom",
            Call::Tcgetattr { .. } => "tcgetattr",
            Call::Tcsetattr { .. } => "tcsetattr",
            Call::Tcgetwinsize { .. } => "tcgetwinsize",
            Call::Tcsetwinsize { .. } => "tcsetwinsize",
            Call::Tcgetpgrp { .. } => "tcgetpgrp",
            Call::Tcsetpgrp { .. } => "tcsetpgrp",
            Call::Setctty { .. } => "setctty",
            Call::Ptsname { .. } => "ptsname",
            Call::Ttyname { .. } => "ttyname",
            Call::Socket { .. } => "socket",
            Call::Bind { .. } => "bind",
            Call::Listen { .. } => "listen",
            Call::Accept { .. } => "accept",
            Call::Connect { .. } => "connect",
            Call::Shutdown { .. } => "shutdown",
            Call::Getsockname { .. } => "getsockname",
            Call::Getpeername { .. } => "getpeername",
        }
    }
}
