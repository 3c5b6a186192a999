//! Boot: an empty root tmpfs with /proc and /dev mounted, and process 1 (init, root).
//! Everything else of the base image is installed by init through ordinary system calls.

use crate::file::DEFAULT_NOFILE;
use crate::fs::tmpfs::{Body, ROOT_INO, Tmpfs};
use crate::fs::{Filesystem, FsKind};
use crate::proc::{Accounting, Process, RunState, SigState};
use crate::vfs::mount::{Mount, Vfs};
use crate::vfs::perm::Cred;
use crate::vfs::{FsId, VNode};
use crate::{Clock, Kernel};
use std::collections::BTreeMap;
use wosix_abi::{FileType, Gid, Pid, Resource, Rlimit, Timespec, Uid};

impl Kernel {
    /// A kernel with no file systems and no processes (for restore and tests).
    pub fn new() -> Kernel {
        Kernel {
            clock: Clock::default(),
            rng: [
                0x243f_6a88_85a3_08d3,
                0x1319_8a2e_0370_7344,
                0xa409_3822_299f_31d0,
                0x082e_fa98_ec4e_6c89,
            ],
            hostname: "wosix".into(),
            vfs: Vfs::default(),
            files: BTreeMap::new(),
            next_file: 0,
            procs: BTreeMap::new(),
            next_pid: 1,
            pipes: BTreeMap::new(),
            next_pipe: 0,
            ptys: BTreeMap::new(),
            net: Default::default(),
            events: Vec::new(),
        }
    }

    /// A booted kernel: an empty root file system with /proc and /dev mounted, and process 1
    /// (init, running as root) in it.
    pub fn boot(hostname: &str) -> Kernel {
        let mut k = Kernel::new();
        k.hostname = hostname.to_string();
        let now = Timespec::default();
        let mut root = Tmpfs::new(0o755, Uid(0), Gid(0), now);
        let mut points = Vec::new();
        for name in ["dev", "proc"] {
            let perm = if name == "proc" { 0o555 } else { 0o755 };
            if let Ok(ino) = root.create(
                ROOT_INO,
                name,
                FileType::Directory,
                perm,
                Uid(0),
                Gid(0),
                now,
                Body::File(Vec::new()),
            ) {
                points.push((name, ino));
            }
        }
        let rootfs = k.vfs.add_fs(Filesystem {
            kind: FsKind::Tmp(root),
            source: "rootfs".into(),
            readonly: false,
        });
        k.vfs.mounts.push(Mount {
            fs: rootfs,
            point: None,
            target: "/".into(),
        });
        for (name, ino) in points {
            let (kind, source) = if name == "proc" {
                (FsKind::Proc, "proc")
            } else {
                (FsKind::Dev, "udev")
            };
            let id = k.vfs.add_fs(Filesystem {
                kind,
                source: source.into(),
                readonly: false,
            });
            k.vfs.mounts.push(Mount {
                fs: id,
                point: Some(VNode { fs: rootfs, ino }),
                target: format!("/{name}"),
            });
        }
        let mut rlimits = BTreeMap::new();
        rlimits.insert(
            Resource::Nofile,
            Rlimit {
                soft: DEFAULT_NOFILE,
                hard: DEFAULT_NOFILE * 1024,
            },
        );
        rlimits.insert(
            Resource::Stack,
            Rlimit {
                soft: 8 << 20,
                hard: u64::MAX,
            },
        );
        rlimits.insert(
            Resource::Core,
            Rlimit {
                soft: 0,
                hard: u64::MAX,
            },
        );
        let init = Process {
            pid: Pid::INIT,
            ppid: Pid(0),
            pgid: Pid::INIT,
            sid: Pid::INIT,
            cred: Cred::root(),
            cwd: VNode {
                fs: FsId(rootfs.0),
                ino: ROOT_INO,
            },
            umask: 0o022,
            fds: Default::default(),
            state: RunState::Running,
            sig: SigState::default(),
            rlimits,
            argv: vec!["init".into()],
            envp: vec!["PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin".into()],
            exe: "/sbin/init".into(),
            ctty: None,
            acct: Accounting::default(),
            timer: None,
            report: None,
            exec_done: true,
            polling: Vec::new(),
        };
        k.procs.insert(Pid::INIT, init);
        k.next_pid = 2;
        k
    }
}
