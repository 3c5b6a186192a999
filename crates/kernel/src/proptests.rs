//! The no-panic property: random system calls with random arguments from several processes
//! and users never panic, keep descriptor tables and link counts consistent, and never let a
//! user read root's private file.

use crate::file::FileObj;
use crate::fs::FsKind;
use crate::fs::tmpfs::Body;
use crate::{Kernel, SysError};
use proptest::prelude::*;
use std::collections::BTreeMap;
use wosix_abi::call::TimeArg;
use wosix_abi::spawn::BUILTIN_MAGIC;
use wosix_abi::*;

const PATHS: &[&str] = &[
    "/tmp/a",
    "/tmp/a/b",
    "/tmp/c",
    "a",
    "b/..",
    "../tmp/a",
    "/tmp/secret",
    "/root/secret",
    "/proc/self/fd/0",
    "/proc/1/status",
    "/proc/self/cwd",
    "/dev/null",
    "/dev/ptmx",
    "/dev/pts/0",
    "/",
    "",
    "/tmp/a/../c",
    "/tmp/l",
    "/tmp/fifo",
    "/bin/prog",
    "/tmp//a/",
];

#[derive(Clone, Debug)]
enum Op {
    Open(usize, u32, u32),
    Close(u32),
    Read(u32, usize),
    Write(u32, Vec<u8>),
    Dup2(u32, u32),
    Mkdir(usize),
    Unlink(usize, bool),
    Rename(usize, usize),
    Link(usize, usize),
    Symlink(usize, usize),
    Chmod(usize, u32),
    Chown(usize, u32, u32),
    Pipe,
    Kill(u32, u32),
    Chdir(usize),
    Spawn,
    Wait(i32, u32),
    Setuid(u32),
    Truncate(usize, u64),
    Lseek(u32, i64),
    Getdents(u32),
    Stat(usize, bool),
    Mkfifo(usize),
    Utimes(usize),
    Sigaction(u32, u8),
    Setpgid(u32, u32),
    Tcsetpgrp(u32, u32),
    Exit(u8),
    Socket(bool),
    Bind(u32, u16),
    Listen(u32),
    Connect(u32, u16),
    Accept(u32),
    Shutdown(u32, u8),
}

/// Ports the socket operations use: privileged, ordinary, ephemeral and 0.
const PORTS: [u16; 4] = [80, 3000, 32768, 0];

fn op() -> impl Strategy<Value = Op> {
    let p = 0..PATHS.len();
    prop_oneof![
        (p.clone(), any::<u32>(), 0u32..0o10000).prop_map(|(a, f, m)| Op::Open(
            a,
            f & 0o3_607_703,
            m
        )),
        (0u32..8).prop_map(Op::Close),
        (0u32..8, 0usize..5000).prop_map(|(a, b)| Op::Read(a, b)),
        (0u32..8, proptest::collection::vec(any::<u8>(), 0..300))
            .prop_map(|(a, b)| Op::Write(a, b)),
        (0u32..8, 0u32..8).prop_map(|(a, b)| Op::Dup2(a, b)),
        p.clone().prop_map(Op::Mkdir),
        (p.clone(), any::<bool>()).prop_map(|(a, b)| Op::Unlink(a, b)),
        (p.clone(), p.clone()).prop_map(|(a, b)| Op::Rename(a, b)),
        (p.clone(), p.clone()).prop_map(|(a, b)| Op::Link(a, b)),
        (p.clone(), p.clone()).prop_map(|(a, b)| Op::Symlink(a, b)),
        (p.clone(), 0u32..0o10000).prop_map(|(a, b)| Op::Chmod(a, b)),
        (p.clone(), 0u32..3, 0u32..3).prop_map(|(a, b, c)| Op::Chown(a, b, c)),
        Just(Op::Pipe),
        (0u32..8, 0u32..33).prop_map(|(a, b)| Op::Kill(a, b)),
        p.clone().prop_map(Op::Chdir),
        Just(Op::Spawn),
        (-3i32..8, 0u32..12).prop_map(|(a, b)| Op::Wait(a, b)),
        (0u32..3).prop_map(Op::Setuid),
        (p.clone(), 0u64..100_000).prop_map(|(a, b)| Op::Truncate(a, b)),
        (0u32..8, -10i64..1000).prop_map(|(a, b)| Op::Lseek(a, b)),
        (0u32..8).prop_map(Op::Getdents),
        (p.clone(), any::<bool>()).prop_map(|(a, b)| Op::Stat(a, b)),
        p.clone().prop_map(Op::Mkfifo),
        p.clone().prop_map(Op::Utimes),
        (1u32..32, 0u8..3).prop_map(|(a, b)| Op::Sigaction(a, b)),
        (0u32..8, 0u32..8).prop_map(|(a, b)| Op::Setpgid(a, b)),
        (0u32..8, 0u32..8).prop_map(|(a, b)| Op::Tcsetpgrp(a, b)),
        (0u8..3).prop_map(Op::Exit),
        any::<bool>().prop_map(Op::Socket),
        (0u32..8, 0u16..4).prop_map(|(a, b)| Op::Bind(a, b)),
        (0u32..8).prop_map(Op::Listen),
        (0u32..8, 0u16..4).prop_map(|(a, b)| Op::Connect(a, b)),
        (0u32..8).prop_map(Op::Accept),
        (0u32..8, 0u8..3).prop_map(|(a, b)| Op::Shutdown(a, b)),
    ]
}

const UIDS: [u32; 3] = [0, 1000, 1001];

fn call_of(op: &Op, pids: &[Pid]) -> Call {
    let path = |i: usize| PATHS[i].to_string();
    let pid_of = |i: u32| {
        pids.get(i as usize)
            .map(|p| p.0 as i32)
            .unwrap_or(i as i32 + 100)
    };
    match op {
        Op::Open(p, f, m) => Call::Open {
            dir: None,
            path: path(*p),
            flags: OFlags::from_bits_truncate(*f),
            mode: *m,
        },
        Op::Close(fd) => Call::Close { fd: Fd(*fd) },
        Op::Read(fd, n) => Call::Read {
            fd: Fd(*fd),
            len: *n,
        },
        Op::Write(fd, d) => Call::Write {
            fd: Fd(*fd),
            data: d.clone(),
        },
        Op::Dup2(a, b) => Call::Dup3 {
            from: Fd(*a),
            to: Fd(*b),
            flags: OFlags::empty(),
        },
        Op::Mkdir(p) => Call::Mkdir {
            dir: None,
            path: path(*p),
            mode: 0o755,
        },
        Op::Unlink(p, d) => Call::Unlink {
            dir: None,
            path: path(*p),
            flags: if *d {
                AtFlags::REMOVEDIR
            } else {
                AtFlags::empty()
            },
        },
        Op::Rename(a, b) => Call::Rename {
            olddir: None,
            old: path(*a),
            newdir: None,
            new: path(*b),
        },
        Op::Link(a, b) => Call::Link {
            olddir: None,
            old: path(*a),
            newdir: None,
            new: path(*b),
            flags: AtFlags::empty(),
        },
        Op::Symlink(a, b) => Call::Symlink {
            target: path(*a),
            dir: None,
            path: path(*b),
        },
        Op::Chmod(p, m) => Call::Chmod {
            dir: None,
            path: path(*p),
            mode: *m,
        },
        Op::Chown(p, u, g) => Call::Chown {
            dir: None,
            path: path(*p),
            uid: Some(Uid(UIDS[*u as usize])),
            gid: Some(Gid(UIDS[*g as usize])),
            flags: AtFlags::empty(),
        },
        Op::Pipe => Call::Pipe {
            flags: OFlags::empty(),
        },
        Op::Kill(t, s) => Call::Kill {
            pid: pid_of(*t),
            sig: Signal::from_number(*s),
        },
        Op::Chdir(p) => Call::Chdir { path: path(*p) },
        Op::Spawn => Call::Spawn(SpawnRequest {
            path: "/bin/prog".into(),
            argv: vec!["prog".into()],
            ..Default::default()
        }),
        Op::Wait(p, o) => Call::Waitpid {
            pid: *p,
            options: WaitOptions::from_bits_truncate(*o) | WaitOptions::WNOHANG,
        },
        Op::Setuid(u) => Call::Setuid {
            uid: Uid(UIDS[*u as usize]),
        },
        Op::Truncate(p, n) => Call::Truncate {
            path: path(*p),
            len: *n,
        },
        Op::Lseek(fd, o) => Call::Lseek {
            fd: Fd(*fd),
            offset: *o,
            whence: Whence::Set,
        },
        Op::Getdents(fd) => Call::Getdents {
            fd: Fd(*fd),
            max: 10,
        },
        Op::Stat(p, f) => Call::Stat {
            dir: None,
            path: path(*p),
            flags: if *f {
                AtFlags::SYMLINK_NOFOLLOW
            } else {
                AtFlags::empty()
            },
        },
        Op::Mkfifo(p) => Call::Mkfifo {
            dir: None,
            path: path(*p),
            mode: 0o644,
        },
        Op::Utimes(p) => Call::Utimes {
            dir: None,
            path: path(*p),
            atime: TimeArg::Now,
            mtime: TimeArg::Set(Timespec { sec: 5, nsec: 0 }),
            flags: AtFlags::empty(),
        },
        Op::Sigaction(s, a) => Call::Sigaction {
            sig: Signal::from_number(*s).unwrap_or(Signal::SIGHUP),
            action: [SigAction::Default, SigAction::Ignore, SigAction::Catch][*a as usize],
        },
        Op::Setpgid(a, b) => Call::Setpgid {
            pid: Pid(pid_of(*a) as u32),
            pgid: Pid(pid_of(*b) as u32),
        },
        Op::Tcsetpgrp(fd, g) => Call::Tcsetpgrp {
            fd: Fd(*fd),
            pgrp: Pid(pid_of(*g) as u32),
        },
        Op::Exit(s) => Call::Exit { status: *s },
        Op::Socket(nb) => Call::Socket {
            domain: wosix_abi::net::AF_INET,
            ty: wosix_abi::net::SOCK_STREAM,
            protocol: 0,
            flags: if *nb {
                OFlags::NONBLOCK
            } else {
                OFlags::empty()
            },
        },
        Op::Bind(fd, p) => Call::Bind {
            fd: Fd(*fd),
            addr: SockAddr::loopback(PORTS[*p as usize]),
        },
        Op::Listen(fd) => Call::Listen {
            fd: Fd(*fd),
            backlog: 1,
        },
        Op::Connect(fd, p) => Call::Connect {
            fd: Fd(*fd),
            addr: SockAddr::new([0, 0, 0, 0], PORTS[*p as usize]),
        },
        Op::Accept(fd) => Call::Accept {
            fd: Fd(*fd),
            flags: OFlags::empty(),
        },
        Op::Shutdown(fd, h) => Call::Shutdown {
            fd: Fd(*fd),
            how: [ShutdownHow::Read, ShutdownHow::Write, ShutdownHow::Both][*h as usize],
        },
    }
}

/// Connections are symmetric, and no two sockets own the same port.
fn check_sockets(k: &Kernel) {
    let mut owned = std::collections::BTreeSet::new();
    for (id, s) in &k.net.sockets {
        if let Some(p) = s.peer() {
            let ps = k.net.sockets.get(&p).expect("peer of a socket exists");
            assert_eq!(ps.peer(), Some(*id), "one-sided connection");
        }
        if s.owns_port
            && let Some(a) = s.local
        {
            assert!(owned.insert(a.port), "port {} owned twice", a.port);
        }
    }
}

/// Every descriptor points at a live description whose count matches.
fn check_fd_tables(k: &Kernel) {
    let mut refs: BTreeMap<crate::file::FileId, u32> = BTreeMap::new();
    for p in k.procs.values() {
        for e in p.fds.values() {
            assert!(k.files.contains_key(&e.file), "dangling fd in {}", p.pid);
            *refs.entry(e.file).or_default() += 1;
        }
    }
    for (id, f) in &k.files {
        assert_eq!(
            refs.get(id).copied().unwrap_or(0),
            f.refs,
            "refcount of {id:?} ({:?})",
            f.obj
        );
        match f.obj {
            FileObj::PipeRead(p) | FileObj::PipeWrite(p) => {
                assert!(k.pipes.contains_key(&p), "open end of a freed pipe")
            }
            FileObj::PtyMaster(n) | FileObj::PtySlave(n) => {
                assert!(k.ptys.contains_key(&n), "open end of a freed pty")
            }
            FileObj::Socket(s) => {
                assert!(
                    k.net.sockets.contains_key(&s),
                    "descriptor of a freed socket"
                )
            }
            _ => {}
        }
    }
    for (id, pipe) in &k.pipes {
        let r = k
            .files
            .values()
            .filter(|f| f.obj == FileObj::PipeRead(*id))
            .count() as u32;
        let w = k
            .files
            .values()
            .filter(|f| f.obj == FileObj::PipeWrite(*id))
            .count() as u32;
        assert_eq!((pipe.readers, pipe.writers), (r, w), "pipe {id} end counts");
    }
}

/// Link counts equal the directory entries naming each inode (plus `.`/`..` for directories).
fn check_links(k: &Kernel) {
    for f in k.vfs.fs.values() {
        let FsKind::Tmp(t) = &f.kind else { continue };
        let mut names: BTreeMap<Ino, u32> = BTreeMap::new();
        let mut subdirs: BTreeMap<Ino, u32> = BTreeMap::new();
        let mut ino = 0u64;
        let mut seen = 0;
        while seen < t.inode_count() && ino < 1_000_000 {
            ino += 1;
            let Ok(n) = t.get(Ino(ino)) else { continue };
            seen += 1;
            if let Body::Dir { entries, .. } = &n.body {
                for child in entries.values() {
                    *names.entry(*child).or_default() += 1;
                    if t.get(*child)
                        .is_ok_and(|c| c.meta.ftype == FileType::Directory)
                    {
                        *subdirs.entry(Ino(ino)).or_default() += 1;
                    }
                }
            }
        }
        for i in 1..=ino {
            let Ok(n) = t.get(Ino(i)) else { continue };
            let named = names.get(&Ino(i)).copied().unwrap_or(0);
            if n.meta.ftype == FileType::Directory {
                if named > 0 || i == 1 {
                    assert_eq!(
                        n.meta.nlink,
                        2 + subdirs.get(&Ino(i)).copied().unwrap_or(0),
                        "dir inode {i}"
                    );
                }
            } else {
                assert_eq!(n.meta.nlink, named, "inode {i}");
            }
        }
    }
}

fn setup() -> (Kernel, Vec<Pid>) {
    let mut k = Kernel::boot("prop");
    k.set_time(1, 1);
    let root = Pid::INIT;
    let mk = |k: &mut Kernel, c: Call| {
        let _ = k.syscall(root, &c);
    };
    mk(
        &mut k,
        Call::Mkdir {
            dir: None,
            path: "/tmp".into(),
            mode: 0o777,
        },
    );
    mk(
        &mut k,
        Call::Chmod {
            dir: None,
            path: "/tmp".into(),
            mode: 0o1777,
        },
    );
    mk(
        &mut k,
        Call::Mkdir {
            dir: None,
            path: "/root".into(),
            mode: 0o700,
        },
    );
    mk(
        &mut k,
        Call::Mkdir {
            dir: None,
            path: "/bin".into(),
            mode: 0o755,
        },
    );
    for (path, body, mode) in [
        ("/tmp/secret", b"SECRET".to_vec(), 0o600),
        ("/root/secret", b"SECRET".to_vec(), 0o600),
        ("/bin/prog", [BUILTIN_MAGIC, b"prog\n"].concat(), 0o755),
    ] {
        if let Ok(Ret::Fd(fd)) = k.syscall(
            root,
            &Call::Open {
                dir: None,
                path: path.into(),
                flags: OFlags::WRONLY | OFlags::CREAT,
                mode,
            },
        ) {
            let _ = k.syscall(root, &Call::Write { fd, data: body });
            let _ = k.syscall(root, &Call::Close { fd });
        }
    }
    let mut pids = vec![root];
    for uid in [1000, 1001, 1000] {
        let req = SpawnRequest {
            path: "/bin/prog".into(),
            argv: vec!["prog".into()],
            attrs: SpawnAttrs {
                creds: Some(SpawnCreds {
                    uid: Uid(uid),
                    gid: Gid(uid),
                    groups: vec![Gid(uid)],
                }),
                ..Default::default()
            },
            ..Default::default()
        };
        if let Ok(Ret::Pid(p)) = k.syscall(root, &Call::Spawn(req)) {
            pids.push(p);
        }
    }
    (k, pids)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("WOSIX_PROP_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(30_000)))]

    #[test]
    fn random_syscalls_keep_invariants(ops in proptest::collection::vec((0usize..4, op()), 1..120)) {
        let (mut k, pids) = setup();
        // Once root itself changed a mode or an owner, the secret may legitimately be shared.
        let mut root_shared = false;
        for (who, op) in &ops {
            let pid = pids[*who];
            let call = call_of(op, &pids);
            let r = k.syscall(pid, &call);
            let _ = k.take_events();
            if *who == 0 && r.is_ok() && matches!(op, Op::Chmod(..) | Op::Chown(..)) {
                root_shared = true;
            }
            // A process that never had euid 0 never reads the secret.
            if let (Ok(Ret::Bytes(b)), true) = (&r, *who != 0 && !root_shared) {
                let euid0 = k.procs.get(&pid).is_some_and(|p| p.cred.euid.is_root() || p.cred.suid.is_root());
                prop_assert!(euid0 || !b.windows(6).any(|w| w == b"SECRET"), "user read the secret");
            }
            if let Err(SysError::Block(_)) = r {
                continue;
            }
            check_fd_tables(&k);
            check_links(&k);
            check_sockets(&k);
        }
        // The state still serialises and restores identically.
        let a = k.snapshot();
        let b = Kernel::restore(&a).map(|k2| k2.snapshot());
        prop_assert_eq!(Some(a), b.ok());
    }
}
