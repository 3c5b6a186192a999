//! Helpers for kernel integration tests: a booted kernel driven directly through
//! `Kernel::syscall`, with processes created by spawn (their programs never run; the tests
//! act on their behalf).
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use wosix_abi::spawn::BUILTIN_MAGIC;
use wosix_abi::{
    AtFlags, Call, Errno, Fd, Gid, OFlags, Pid, Ret, SpawnAttrs, SpawnCreds, SpawnRequest, Uid,
};
use wosix_kernel::{Kernel, SysError};

/// A test machine.
pub struct T {
    pub k: Kernel,
    pub now: u64,
}

pub const ROOT: Pid = Pid(1);

impl T {
    pub fn new() -> T {
        let mut k = Kernel::boot("test");
        k.set_time(1_000_000, 1_700_000_000_000_000_000);
        let mut t = T { k, now: 1_000_000 };
        t.ok(
            ROOT,
            Call::Mkdir {
                dir: None,
                path: "/bin".into(),
                mode: 0o755,
            },
        );
        t.ok(
            ROOT,
            Call::Mkdir {
                dir: None,
                path: "/tmp".into(),
                mode: 0o777,
            },
        );
        t.ok(
            ROOT,
            Call::Chmod {
                dir: None,
                path: "/tmp".into(),
                mode: 0o1777,
            },
        );
        t.ok(
            ROOT,
            Call::Mkdir {
                dir: None,
                path: "/home".into(),
                mode: 0o755,
            },
        );
        t.write_file(
            ROOT,
            "/bin/prog",
            &[BUILTIN_MAGIC, b"prog\n"].concat(),
            0o755,
        );
        t
    }

    pub fn advance(&mut self, ns: u64) {
        self.now += ns;
        self.k
            .set_time(self.now, 1_700_000_000_000_000_000 + self.now);
    }

    pub fn call(&mut self, pid: Pid, c: Call) -> Result<Ret, SysError> {
        self.k.syscall(pid, &c)
    }

    pub fn ok(&mut self, pid: Pid, c: Call) -> Ret {
        let name = c.name();
        match self.call(pid, c) {
            Ok(r) => r,
            Err(e) => panic!("{name} failed: {e:?}"),
        }
    }

    pub fn err(&mut self, pid: Pid, c: Call) -> Errno {
        match self.call(pid, c) {
            Err(SysError::Errno(e)) => e,
            other => panic!("expected an errno, got {other:?}"),
        }
    }

    pub fn open(&mut self, pid: Pid, path: &str, flags: OFlags, mode: u32) -> Result<Fd, Errno> {
        match self.call(
            pid,
            Call::Open {
                dir: None,
                path: path.into(),
                flags,
                mode,
            },
        ) {
            Ok(Ret::Fd(fd)) => Ok(fd),
            Err(SysError::Errno(e)) => Err(e),
            other => panic!("open: {other:?}"),
        }
    }

    pub fn write_file(&mut self, pid: Pid, path: &str, data: &[u8], mode: u32) {
        let fd = self
            .open(
                pid,
                path,
                OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC,
                mode,
            )
            .expect("create");
        self.ok(
            pid,
            Call::Write {
                fd,
                data: data.to_vec(),
            },
        );
        self.ok(pid, Call::Close { fd });
        self.ok(
            pid,
            Call::Chmod {
                dir: None,
                path: path.into(),
                mode,
            },
        );
    }

    pub fn read_file(&mut self, pid: Pid, path: &str) -> Result<Vec<u8>, Errno> {
        let fd = self.open(pid, path, OFlags::RDONLY, 0)?;
        let mut out = Vec::new();
        loop {
            match self.call(pid, Call::Read { fd, len: 4096 }) {
                Ok(Ret::Bytes(b)) if b.is_empty() => break,
                Ok(Ret::Bytes(b)) => out.extend(b),
                Err(SysError::Errno(e)) => return Err(e),
                other => panic!("read: {other:?}"),
            }
        }
        self.ok(pid, Call::Close { fd });
        Ok(out)
    }

    /// Spawn a process as `uid` (child of `parent`).
    pub fn spawn_as(&mut self, parent: Pid, uid: u32, attrs: SpawnAttrs) -> Pid {
        let mut attrs = attrs;
        if uid != 0 && parent == ROOT {
            attrs.creds = Some(SpawnCreds {
                uid: Uid(uid),
                gid: Gid(uid),
                groups: vec![Gid(uid)],
            });
        }
        let req = SpawnRequest {
            path: "/bin/prog".into(),
            argv: vec!["prog".into()],
            envp: vec![],
            file_actions: vec![],
            attrs,
        };
        match self.call(parent, Call::Spawn(req)) {
            Ok(Ret::Pid(p)) => p,
            other => panic!("spawn: {other:?}"),
        }
    }

    pub fn user(&mut self, uid: u32) -> Pid {
        self.spawn_as(ROOT, uid, SpawnAttrs::default())
    }

    pub fn stat(&mut self, pid: Pid, path: &str) -> Result<wosix_abi::Stat, Errno> {
        match self.call(
            pid,
            Call::Stat {
                dir: None,
                path: path.into(),
                flags: AtFlags::SYMLINK_NOFOLLOW,
            },
        ) {
            Ok(Ret::Stat(s)) => Ok(*s),
            Err(SysError::Errno(e)) => Err(e),
            other => panic!("stat: {other:?}"),
        }
    }
}
