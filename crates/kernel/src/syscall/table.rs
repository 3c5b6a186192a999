//! The syscall table as data (DESIGN.md, principle 4): one row per call with its Linux
//! number, support level and handler. docs/syscalls.md is generated from it by
//! [`render_markdown`]; a test fails when the two disagree.

use super::{fs, fsproc, io, misc, net, proc, tty};
use crate::{KResult, Kernel};
use std::collections::HashMap;
use std::sync::OnceLock;
use wosix_abi::{Call, Errno, Pid, Ret};

/// How completely a call is implemented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    /// As the man page says.
    Full,
    /// Implemented with the noted differences.
    Partial(&'static str),
    /// Always fails with this errno.
    Unsupported(Errno),
}

/// A handler: decode the call, act, encode the result.
pub type Handler = fn(&mut Kernel, Pid, &Call) -> KResult<Ret>;

/// One row of the table.
pub struct SyscallDef {
    /// Name (the key of [`Call::name`]).
    pub name: &'static str,
    /// Linux x86_64 number of the corresponding call, if any.
    pub linux_nr: Option<u32>,
    /// Support level.
    pub support: Support,
    /// Handler.
    pub handler: Handler,
    /// One line saying what it does.
    pub summary: &'static str,
}

macro_rules! row {
    ($name:literal, $nr:expr, $sup:expr, $h:path, $sum:literal) => {
        SyscallDef {
            name: $name,
            linux_nr: $nr,
            support: $sup,
            handler: $h,
            summary: $sum,
        }
    };
}

use Support::{Full, Partial};

/// Every system call.
pub static TABLE: &[SyscallDef] = &[
    row!(
        "open",
        Some(257),
        Partial("FIFO opens do not block waiting for the other end"),
        fs::open,
        "openat(2): open or create a file"
    ),
    row!("close", Some(3), Full, io::close, "close(2)"),
    row!("read", Some(0), Full, io::read, "read(2)"),
    row!("write", Some(1), Full, io::write, "write(2)"),
    row!("pread", Some(17), Full, io::pread, "pread64(2)"),
    row!("pwrite", Some(18), Full, io::pwrite, "pwrite64(2)"),
    row!("lseek", Some(8), Full, io::lseek, "lseek(2)"),
    row!("dup", Some(32), Full, io::dup, "dup(2)"),
    row!("dup3", Some(292), Full, io::dup3, "dup2(2)/dup3(2)"),
    row!(
        "fcntl",
        Some(72),
        Partial("F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL only; no locks"),
        io::fcntl,
        "fcntl(2)"
    ),
    row!("pipe", Some(293), Full, io::pipe, "pipe2(2): 64 KiB pipes"),
    row!(
        "mkfifo",
        Some(259),
        Partial("FIFOs only (mknodat(2) with S_IFIFO)"),
        fs::mkfifo,
        "mknodat(2)"
    ),
    row!(
        "stat",
        Some(262),
        Full,
        fs::stat,
        "newfstatat(2): stat and lstat"
    ),
    row!("fstat", Some(5), Full, io::fstat, "fstat(2)"),
    row!("access", Some(269), Full, fs::access, "faccessat2(2)"),
    row!("chmod", Some(268), Full, fs::chmod, "fchmodat(2)"),
    row!("fchmod", Some(91), Full, io::fchmod, "fchmod(2)"),
    row!("chown", Some(260), Full, fs::chown, "fchownat(2)"),
    row!("fchown", Some(93), Full, io::fchown, "fchown(2)"),
    row!("utimes", Some(280), Full, fs::utimes, "utimensat(2)"),
    row!("futimes", Some(280), Full, io::futimes, "futimens(3)"),
    row!("mkdir", Some(258), Full, fs::mkdir, "mkdirat(2)"),
    row!(
        "unlink",
        Some(263),
        Full,
        fs::unlink,
        "unlinkat(2): unlink and rmdir"
    ),
    row!("link", Some(265), Full, fs::link, "linkat(2)"),
    row!("symlink", Some(266), Full, fs::symlink, "symlinkat(2)"),
    row!("readlink", Some(267), Full, fs::readlink, "readlinkat(2)"),
    row!("rename", Some(264), Full, fs::rename, "renameat(2)"),
    row!("truncate", Some(76), Full, fs::truncate, "truncate(2)"),
    row!("ftruncate", Some(77), Full, io::ftruncate, "ftruncate(2)"),
    row!(
        "getdents",
        Some(217),
        Full,
        io::getdents,
        "getdents64(2), as a list of entries"
    ),
    row!(
        "fsync",
        Some(74),
        Full,
        io::fsync,
        "fsync(2): a no-op on memory file systems"
    ),
    row!("chdir", Some(80), Full, fsproc::chdir_call, "chdir(2)"),
    row!("fchdir", Some(81), Full, fsproc::fchdir, "fchdir(2)"),
    row!("getcwd", Some(79), Full, fsproc::getcwd, "getcwd(3)"),
    row!("umask", Some(95), Full, fsproc::umask, "umask(2)"),
    row!("poll", Some(7), Full, io::poll, "poll(2)"),
    row!(
        "mount",
        Some(165),
        Partial("tmpfs, proc and devtmpfs only; no bind mounts"),
        fsproc::mount,
        "mount(2)"
    ),
    row!("umount", Some(166), Full, fsproc::umount, "umount2(2)"),
    row!(
        "mounts",
        None,
        Full,
        fsproc::mounts,
        "the mount table (/proc/mounts as data)"
    ),
    row!("statfs", Some(137), Full, fsproc::statfs, "statfs(2)"),
    row!(
        "spawn",
        None,
        Full,
        proc::spawn,
        "posix_spawn(3)/posix_spawnp(3): there is no fork"
    ),
    row!("exit", Some(231), Full, proc::exit, "exit_group(2)"),
    row!(
        "waitpid",
        Some(61),
        Partial("no rusage"),
        proc::waitpid,
        "wait4(2)"
    ),
    row!("getpid", Some(39), Full, proc::getpid, "getpid(2)"),
    row!("getppid", Some(110), Full, proc::getppid, "getppid(2)"),
    row!("getpgid", Some(121), Full, proc::getpgid, "getpgid(2)"),
    row!("setpgid", Some(109), Full, proc::setpgid, "setpgid(2)"),
    row!("getsid", Some(124), Full, proc::getsid, "getsid(2)"),
    row!("setsid", Some(112), Full, proc::setsid, "setsid(2)"),
    row!("getuid", Some(102), Full, proc::getuid, "getuid(2)"),
    row!("geteuid", Some(107), Full, proc::geteuid, "geteuid(2)"),
    row!("getgid", Some(104), Full, proc::getgid, "getgid(2)"),
    row!("getegid", Some(108), Full, proc::getegid, "getegid(2)"),
    row!(
        "getgroups",
        Some(115),
        Full,
        proc::getgroups,
        "getgroups(2)"
    ),
    row!("setuid", Some(105), Full, proc::setuid, "setuid(2)"),
    row!("setgid", Some(106), Full, proc::setgid, "setgid(2)"),
    row!(
        "setresuid",
        Some(117),
        Full,
        proc::setresuid,
        "setresuid(2)"
    ),
    row!(
        "setresgid",
        Some(119),
        Full,
        proc::setresgid,
        "setresgid(2)"
    ),
    row!(
        "setgroups",
        Some(116),
        Full,
        proc::setgroups,
        "setgroups(2)"
    ),
    row!("kill", Some(62), Full, proc::kill, "kill(2)"),
    row!(
        "sigaction",
        Some(13),
        Partial("handlers run when the program takes the signal; no SA_RESTART"),
        proc::sigaction,
        "rt_sigaction(2)"
    ),
    row!(
        "sigprocmask",
        Some(14),
        Full,
        proc::sigprocmask,
        "rt_sigprocmask(2)"
    ),
    row!(
        "sigpending",
        Some(127),
        Full,
        proc::sigpending,
        "rt_sigpending(2)"
    ),
    row!(
        "take_signal",
        None,
        Full,
        proc::take_signal,
        "take a caught signal to run its handler"
    ),
    row!("pause", Some(34), Full, proc::pause, "pause(2)"),
    row!("getrlimit", Some(97), Full, proc::getrlimit, "getrlimit(2)"),
    row!(
        "setrlimit",
        Some(160),
        Partial("enforced: CPU, FSIZE, NOFILE; AS for guests"),
        proc::setrlimit,
        "setrlimit(2)"
    ),
    row!(
        "getrusage",
        Some(98),
        Partial("CPU time and peak memory only"),
        proc::getrusage,
        "getrusage(2)"
    ),
    row!("uname", Some(63), Full, misc::uname, "uname(2)"),
    row!(
        "sethostname",
        Some(170),
        Full,
        misc::sethostname,
        "sethostname(2)"
    ),
    row!(
        "clock_gettime",
        Some(228),
        Full,
        misc::clock_gettime,
        "clock_gettime(2)"
    ),
    row!("nanosleep", Some(35), Full, misc::nanosleep, "nanosleep(2)"),
    row!(
        "getrandom",
        Some(318),
        Full,
        misc::getrandom,
        "getrandom(2)"
    ),
    row!(
        "tcgetattr",
        Some(16),
        Full,
        tty::tcgetattr,
        "ioctl(TCGETS), isatty(3)"
    ),
    row!(
        "tcsetattr",
        Some(16),
        Full,
        tty::tcsetattr,
        "ioctl(TCSETS, TCSETSW, TCSETSF)"
    ),
    row!(
        "tcgetwinsize",
        Some(16),
        Full,
        tty::tcgetwinsize,
        "ioctl(TIOCGWINSZ)"
    ),
    row!(
        "tcsetwinsize",
        Some(16),
        Full,
        tty::tcsetwinsize,
        "ioctl(TIOCSWINSZ): SIGWINCH to the foreground group"
    ),
    row!("tcgetpgrp", Some(16), Full, tty::tcgetpgrp, "tcgetpgrp(3)"),
    row!("tcsetpgrp", Some(16), Full, tty::tcsetpgrp, "tcsetpgrp(3)"),
    row!("setctty", Some(16), Full, tty::setctty, "ioctl(TIOCSCTTY)"),
    row!("ptsname", Some(16), Full, tty::ptsname, "ioctl(TIOCGPTN)"),
    row!("ttyname", None, Full, tty::ttyname, "ttyname(3)"),
    row!(
        "socket",
        Some(41),
        Partial(LOOPBACK),
        net::socket,
        "socket(2): AF_INET stream sockets"
    ),
    row!("bind", Some(49), Partial(LOOPBACK), net::bind, "bind(2)"),
    row!(
        "listen",
        Some(50),
        Partial(LOOPBACK),
        net::listen,
        "listen(2): hosts are told the port opened"
    ),
    row!(
        "accept",
        Some(288),
        Partial(LOOPBACK),
        net::accept,
        "accept4(2)"
    ),
    row!(
        "connect",
        Some(42),
        Partial(LOOPBACK),
        net::connect,
        "connect(2): completes at once on the loopback"
    ),
    row!(
        "shutdown",
        Some(48),
        Partial(LOOPBACK),
        net::shutdown,
        "shutdown(2)"
    ),
    row!(
        "getsockname",
        Some(51),
        Partial(LOOPBACK),
        net::getsockname,
        "getsockname(2)"
    ),
    row!(
        "getpeername",
        Some(52),
        Partial(LOOPBACK),
        net::getpeername,
        "getpeername(2)"
    ),
];

/// The support note of the socket calls.
const LOOPBACK: &str = "loopback only (127.0.0.0/8 and 0.0.0.0); TCP streams, no UDP yet";

/// The row for `name`.
pub fn lookup(name: &str) -> Option<&'static SyscallDef> {
    static INDEX: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    let idx = INDEX.get_or_init(|| TABLE.iter().enumerate().map(|(i, d)| (d.name, i)).collect());
    idx.get(name).map(|i| &TABLE[*i])
}

/// docs/syscalls.md, generated from the table.
pub fn render_markdown() -> String {
    let mut s = String::from(
        "# Wosix system calls\n\nGenerated from `crates/kernel/src/syscall/table.rs` (do not edit by hand: \
         `WOSIX_BLESS=1 cargo test -p wosix-kernel syscall_doc` rewrites it).\n\n\
         | call | Linux nr | support | what |\n|---|---|---|---|\n",
    );
    for d in TABLE {
        let nr = d
            .linux_nr
            .map(|n| n.to_string())
            .unwrap_or_else(|| "—".into());
        let sup = match d.support {
            Support::Full => "full".to_string(),
            Support::Partial(n) => format!("partial: {n}"),
            Support::Unsupported(e) => format!("unsupported ({})", e.name()),
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            d.name, nr, sup, d.summary
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = TABLE.iter().map(|d| d.name).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len());
    }

    /// Every variant of `Call` has a row (names are read from `Call::name`'s source).
    #[test]
    fn every_call_has_a_row() {
        let src = include_str!("../../../abi/src/call.rs");
        let start = src.find("pub fn name(&self)").expect("Call::name exists");
        let mut n = 0;
        for line in src[start..].lines().take_while(|l| !l.starts_with("    }")) {
            if let Some(i) = line.find("=> \"") {
                let name = &line[i + 4..line.len() - 2];
                assert!(lookup(name).is_some(), "no syscall table row for {name}");
                n += 1;
            }
        }
        assert_eq!(n, TABLE.len(), "the table and Call disagree in size");
    }

    #[test]
    fn syscall_doc_matches_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/syscalls.md");
        let want = render_markdown();
        if std::env::var_os("WOSIX_BLESS").is_some() {
            std::fs::write(path, &want).expect("write docs/syscalls.md");
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "docs/syscalls.md is out of date: run WOSIX_BLESS=1 cargo test -p wosix-kernel syscall_doc"
        );
    }
}
