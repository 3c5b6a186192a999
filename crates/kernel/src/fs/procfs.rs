//! procfs (/proc): a table of generators over the process table (proc(5) formats), never
//! stored. Inode numbers encode the node: small numbers are the global files, and
//! `pid << 20 | entry` the per-process ones. Files are rendered when opened, so one open sees
//! one consistent snapshot.

use crate::Kernel;
use crate::file::FileObj;
use crate::fs::LinkTarget;
use crate::proc::{Process, RunState};
use crate::vfs::meta::Meta;
use wosix_abi::{Errno, FileType, Gid, Ino, Pid, SysResult, Timespec, Uid};

const ROOT: u64 = 1;
const SELF: u64 = 2;
const GLOBAL: &[(u64, &str)] = &[
    (3, "meminfo"),
    (4, "uptime"),
    (5, "mounts"),
    (6, "version"),
    (7, "loadavg"),
    (8, "cpuinfo"),
    (9, "filesystems"),
];

/// Per-process entries: (code, name, type, mode).
const PER_PID: &[(u64, &str, FileType, u32)] = &[
    (2, "status", FileType::Regular, 0o444),
    (3, "cmdline", FileType::Regular, 0o444),
    (4, "fd", FileType::Directory, 0o500),
    (5, "cwd", FileType::Symlink, 0o777),
    (6, "environ", FileType::Regular, 0o400),
    (7, "exe", FileType::Symlink, 0o777),
    (8, "stat", FileType::Regular, 0o444),
    (9, "comm", FileType::Regular, 0o644),
    (10, "mounts", FileType::Regular, 0o444),
];
const PID_DIR: u64 = 1;
const FD_BASE: u64 = 0x1000;
const SHIFT: u32 = 20;

/// Clock ticks per second in /proc (USER_HZ).
pub const HZ: u64 = 100;
/// Memory the machine reports as installed, bytes.
pub const MEM_TOTAL: u64 = 4 << 30;

fn split(ino: Ino) -> (u32, u64) {
    ((ino.0 >> SHIFT) as u32, ino.0 & ((1 << SHIFT) - 1))
}

fn node(pid: Pid, code: u64) -> Ino {
    Ino(((pid.0 as u64) << SHIFT) | code)
}

fn proc_for(k: &Kernel, ino: Ino) -> SysResult<&Process> {
    let (pid, _) = split(ino);
    k.procs.get(&Pid(pid)).ok_or(Errno::ENOENT)
}

fn plain(ftype: FileType, perm: u32, uid: Uid, gid: Gid, t: Timespec, nlink: u32) -> Meta {
    Meta {
        ftype,
        perm,
        uid,
        gid,
        nlink,
        size: 0,
        rdev: 0,
        atime: t,
        mtime: t,
        ctime: t,
    }
}

/// Metadata of node `ino`.
pub fn meta(k: &Kernel, ino: Ino) -> SysResult<Meta> {
    let bt = k.boot_time();
    let root = (Uid(0), Gid(0));
    match ino.0 {
        ROOT => {
            return Ok(plain(
                FileType::Directory,
                0o555,
                root.0,
                root.1,
                bt,
                2 + k.procs.len() as u32,
            ));
        }
        SELF => return Ok(plain(FileType::Symlink, 0o777, root.0, root.1, bt, 1)),
        n if GLOBAL.iter().any(|g| g.0 == n) => {
            return Ok(plain(FileType::Regular, 0o444, root.0, root.1, bt, 1));
        }
        _ => {}
    }
    let p = proc_for(k, ino)?;
    let (_, code) = split(ino);
    let t = k.realtime_at(p.acct.start_ns);
    let (uid, gid) = (p.cred.euid, p.cred.egid);
    if code == PID_DIR {
        return Ok(plain(FileType::Directory, 0o555, uid, gid, t, 9));
    }
    if code >= FD_BASE {
        let fd = wosix_abi::Fd((code - FD_BASE) as u32);
        let e = p.fds.get(&fd).ok_or(Errno::ENOENT)?;
        let mode = match k.files.get(&e.file).map(|f| f.flags) {
            Some(fl) if fl.readable() && fl.writable() => 0o700,
            Some(fl) if fl.writable() => 0o300,
            _ => 0o500,
        };
        return Ok(plain(FileType::Symlink, mode, uid, gid, t, 1));
    }
    let (_, _, ft, perm) = PER_PID.iter().find(|e| e.0 == code).ok_or(Errno::ENOENT)?;
    Ok(plain(
        *ft,
        *perm,
        uid,
        gid,
        t,
        if *ft == FileType::Directory { 2 } else { 1 },
    ))
}

/// Look `name` up in directory `dir`.
pub fn lookup(k: &Kernel, dir: Ino, name: &str, _caller: Pid) -> SysResult<Ino> {
    if dir.0 == ROOT {
        if name == "self" {
            return Ok(Ino(SELF));
        }
        if let Some(g) = GLOBAL.iter().find(|g| g.1 == name) {
            return Ok(Ino(g.0));
        }
        let pid: u32 = name.parse().map_err(|_| Errno::ENOENT)?;
        if name.starts_with('0') || !k.procs.contains_key(&Pid(pid)) {
            return Err(Errno::ENOENT);
        }
        return Ok(node(Pid(pid), PID_DIR));
    }
    let p = proc_for(k, dir)?;
    match split(dir).1 {
        PID_DIR => PER_PID
            .iter()
            .find(|e| e.1 == name)
            .map(|e| node(p.pid, e.0))
            .ok_or(Errno::ENOENT),
        4 => {
            let fd: u32 = name.parse().map_err(|_| Errno::ENOENT)?;
            if p.fds.contains_key(&wosix_abi::Fd(fd)) {
                Ok(node(p.pid, FD_BASE + fd as u64))
            } else {
                Err(Errno::ENOENT)
            }
        }
        _ => Err(Errno::ENOTDIR),
    }
}

/// The parent of directory `dir`.
pub fn parent(dir: Ino) -> Ino {
    let (pid, code) = split(dir);
    match code {
        4 => Ino(((pid as u64) << SHIFT) | PID_DIR),
        _ => Ino(ROOT),
    }
}

/// Entries of directory `dir`.
pub fn list(k: &Kernel, dir: Ino, _caller: Pid) -> SysResult<Vec<(String, Ino, FileType)>> {
    if dir.0 == ROOT {
        let mut v: Vec<_> = GLOBAL
            .iter()
            .map(|g| (g.1.to_string(), Ino(g.0), FileType::Regular))
            .collect();
        v.push(("self".into(), Ino(SELF), FileType::Symlink));
        v.extend(
            k.procs
                .keys()
                .map(|p| (p.0.to_string(), node(*p, PID_DIR), FileType::Directory)),
        );
        return Ok(v);
    }
    let p = proc_for(k, dir)?;
    match split(dir).1 {
        PID_DIR => Ok(PER_PID
            .iter()
            .map(|e| (e.1.to_string(), node(p.pid, e.0), e.2))
            .collect()),
        4 => Ok(p
            .fds
            .keys()
            .map(|fd| {
                (
                    fd.0.to_string(),
                    node(p.pid, FD_BASE + fd.0 as u64),
                    FileType::Symlink,
                )
            })
            .collect()),
        _ => Err(Errno::ENOTDIR),
    }
}

/// Where link `ino` leads. The magic links of another user's process need that user or root.
pub fn link_target(k: &Kernel, ino: Ino, caller: Pid) -> SysResult<LinkTarget> {
    if ino.0 == SELF {
        return Ok(LinkTarget::Path(caller.0.to_string()));
    }
    let p = proc_for(k, ino)?;
    let c = k.procs.get(&caller).ok_or(Errno::ESRCH)?;
    if !c.cred.is_root() && c.cred.euid != p.cred.euid {
        return Err(Errno::EACCES);
    }
    let code = split(ino).1;
    match code {
        5 => Ok(LinkTarget::Node(
            p.cwd,
            k.path_of(p.cwd, caller).unwrap_or_else(|_| "/".into()),
        )),
        7 => Ok(LinkTarget::Path(p.exe.clone())),
        c if c >= FD_BASE => {
            let fd = wosix_abi::Fd((c - FD_BASE) as u32);
            let e = p.fds.get(&fd).ok_or(Errno::ENOENT)?;
            let f = k.files.get(&e.file).ok_or(Errno::ENOENT)?;
            Ok(match &f.obj {
                FileObj::Node(v) => LinkTarget::Node(*v, f.path.clone()),
                FileObj::PipeRead(id) | FileObj::PipeWrite(id) => {
                    LinkTarget::Object(format!("pipe:[{id}]"))
                }
                FileObj::PtySlave(n) => LinkTarget::Path(format!("/dev/pts/{n}")),
                FileObj::PtyMaster(_) => LinkTarget::Path("/dev/ptmx".into()),
                FileObj::Socket(s) => LinkTarget::Object(format!("socket:[{}]", s.0)),
                FileObj::Dev(_) | FileObj::Generated { .. } => LinkTarget::Path(f.path.clone()),
            })
        }
        _ => Err(Errno::EINVAL),
    }
}

/// The file id behind a /proc/N/fd/M node, for reopening pipes through it.
pub fn fd_file(k: &Kernel, ino: Ino) -> Option<crate::file::FileId> {
    let (pid, code) = split(ino);
    if code < FD_BASE {
        return None;
    }
    let p = k.procs.get(&Pid(pid))?;
    p.fds
        .get(&wosix_abi::Fd((code - FD_BASE) as u32))
        .map(|e| e.file)
}

fn state_name(s: RunState) -> &'static str {
    match s {
        RunState::Running => "R (running)",
        RunState::Blocked(_) => "S (sleeping)",
        RunState::Stopped(_) => "T (stopped)",
        RunState::Zombie(_) => "Z (zombie)",
    }
}

fn kb(bytes: u64) -> u64 {
    bytes.div_ceil(1024)
}

/// Render file `ino` for `caller`.
pub fn render(k: &Kernel, ino: Ino, caller: Pid) -> SysResult<Vec<u8>> {
    let text = match ino.0 {
        3 => {
            let used = k.memory_used();
            let free = MEM_TOTAL.saturating_sub(used);
            let rows = [("MemTotal:", MEM_TOTAL), ("MemFree:", free), ("MemAvailable:", free), ("Buffers:", 0), ("Cached:", k.tmpfs_bytes()), ("SwapTotal:", 0), ("SwapFree:", 0), ("Shmem:", k.tmpfs_bytes())];
            rows.iter().map(|(n, v)| format!("{n:<16}{:>8} kB\n", kb(*v))).collect()
        }
        4 => {
            let up = k.clock.uptime_ns;
            format!("{}.{:02} {}.{:02}\n", up / 1_000_000_000, (up / 10_000_000) % 100, up / 1_000_000_000, (up / 10_000_000) % 100)
        }
        5 => k.mounts_text(),
        6 => format!("Wosix version {} (wosix@wosix) (rustc) #1 SMP\n", env!("CARGO_PKG_VERSION")),
        7 => {
            let running = k.procs.values().filter(|p| p.state == RunState::Running).count();
            let last = k.next_pid.saturating_sub(1);
            format!("0.00 0.00 0.00 {running}/{} {last}\n", k.procs.len())
        }
        8 => "processor\t: 0\nvendor_id\t: Wosix\nmodel name\t: Wosix virtual CPU\ncpu MHz\t\t: 1000.000\n\n".to_string(),
        9 => "nodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n".to_string(),
        _ => return render_pid(k, ino, caller),
    };
    Ok(text.into_bytes())
}

fn render_pid(k: &Kernel, ino: Ino, _caller: Pid) -> SysResult<Vec<u8>> {
    let p = proc_for(k, ino)?;
    let c = &p.cred;
    let tty = p
        .ctty
        .map(|n| format!("/dev/pts/{n}"))
        .unwrap_or_else(|| "?".into());
    let out = match split(ino).1 {
        2 => {
            let sig = |s: wosix_abi::SigSet| format!("{:016x}", s.0);
            let mut ign = wosix_abi::SigSet::EMPTY;
            let mut cgt = wosix_abi::SigSet::EMPTY;
            for (n, a) in &p.sig.actions {
                if let Some(s) = wosix_abi::Signal::from_number(*n) {
                    match a {
                        wosix_abi::SigAction::Ignore => ign.insert(s),
                        wosix_abi::SigAction::Catch => cgt.insert(s),
                        wosix_abi::SigAction::Default => {}
                    }
                }
            }
            let groups: Vec<String> = c.groups.iter().map(|g| g.0.to_string()).collect();
            let mem = kb(p.acct.mem_bytes);
            format!(
                "Name:\t{}\nUmask:\t{:04o}\nState:\t{}\nTgid:\t{pid}\nNgid:\t0\nPid:\t{pid}\nPPid:\t{}\nTracerPid:\t0\n\
                 Uid:\t{}\t{}\t{}\t{}\nGid:\t{}\t{}\t{}\t{}\nFDSize:\t64\nGroups:\t{} \n\
                 VmPeak:\t{:>8} kB\nVmSize:\t{:>8} kB\nVmRSS:\t{:>8} kB\nThreads:\t1\n\
                 SigQ:\t0/63\nSigPnd:\t{}\nShdPnd:\t{}\nSigBlk:\t{}\nSigIgn:\t{}\nSigCgt:\t{}\n\
                 CpuMs:\t{}\nMemBytes:\t{}\nTty:\t{tty}\n",
                p.comm(),
                p.umask,
                state_name(p.state),
                p.ppid,
                c.ruid,
                c.euid,
                c.suid,
                c.euid,
                c.rgid,
                c.egid,
                c.sgid,
                c.egid,
                groups.join(" "),
                kb(p.acct.max_mem_bytes),
                mem,
                mem,
                sig(p.sig.pending),
                sig(wosix_abi::SigSet::EMPTY),
                sig(p.sig.mask),
                sig(ign),
                sig(cgt),
                p.acct.cpu_ns / 1_000_000,
                p.acct.mem_bytes,
                pid = p.pid,
            )
        }
        3 => return Ok(nul_join(&p.argv)),
        6 => return Ok(nul_join(&p.envp)),
        8 => stat_line(k, p),
        9 => format!("{}\n", p.comm()),
        10 => k.mounts_text(),
        _ => return Err(Errno::EINVAL),
    };
    Ok(out.into_bytes())
}

fn nul_join(v: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for s in v {
        out.extend_from_slice(s.as_bytes());
        out.push(0);
    }
    out
}

/// The /proc/N/stat line (proc(5): 52 fields).
fn stat_line(k: &Kernel, p: &Process) -> String {
    let tty_nr = p.ctty.map(|n| (136u64 << 8) | n as u64).unwrap_or(0);
    let tpgid = p
        .ctty
        .and_then(|n| k.ptys.get(&n))
        .and_then(|t| t.fg)
        .map(|g| g.0 as i64)
        .unwrap_or(-1);
    let ticks = |ns: u64| ns / (1_000_000_000 / HZ);
    let vsize = p.acct.mem_bytes;
    let rss = p.acct.mem_bytes.div_ceil(4096);
    let mut f = format!(
        "{} ({}) {} {} {} {} {} {} 4194560 0 0 0 0 {} 0 {} 0 20 0 1 0 {} {} {}",
        p.pid,
        p.comm(),
        p.state.letter(),
        p.ppid,
        p.pgid,
        p.sid,
        tty_nr,
        tpgid,
        ticks(p.acct.cpu_ns),
        ticks(p.acct.children_cpu_ns),
        ticks(p.acct.start_ns),
        vsize,
        rss
    );
    // Fields 25..52 carry no information here.
    for _ in 25..=52 {
        f.push_str(" 0");
    }
    f.push('\n');
    f
}
