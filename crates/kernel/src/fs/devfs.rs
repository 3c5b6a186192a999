//! devfs (/dev): a fixed table of devices plus one node per live pty slave. Nothing here is
//! stored; the table is the file system (DESIGN.md, principle 6). Device numbers follow
//! Linux's devices.txt (1,3 null; 1,5 zero; 1,7 full; 1,8 random; 1,9 urandom; 5,0 tty; 5,2
//! ptmx; 136,N pts/N).

use crate::Kernel;
use crate::file::{DevKind, FileObj};
use crate::fs::LinkTarget;
use crate::vfs::meta::Meta;
use wosix_abi::{Errno, FileType, Gid, Ino, SysResult, Uid};

/// One entry of the device table.
struct Dev {
    ino: u64,
    name: &'static str,
    ftype: FileType,
    perm: u32,
    major: u64,
    minor: u64,
    link: &'static str,
}

const ROOT: u64 = 1;
const PTS: u64 = 2;
const PTS_BASE: u64 = 1000;
/// Group `tty` owns pty slaves (Debian's gid 5).
pub const TTY_GID: u32 = 5;

const TABLE: &[Dev] = &[
    Dev {
        ino: 3,
        name: "null",
        ftype: FileType::CharDevice,
        perm: 0o666,
        major: 1,
        minor: 3,
        link: "",
    },
    Dev {
        ino: 4,
        name: "zero",
        ftype: FileType::CharDevice,
        perm: 0o666,
        major: 1,
        minor: 5,
        link: "",
    },
    Dev {
        ino: 5,
        name: "full",
        ftype: FileType::CharDevice,
        perm: 0o666,
        major: 1,
        minor: 7,
        link: "",
    },
    Dev {
        ino: 6,
        name: "random",
        ftype: FileType::CharDevice,
        perm: 0o666,
        major: 1,
        minor: 8,
        link: "",
    },
    Dev {
        ino: 7,
        name: "urandom",
        ftype: FileType::CharDevice,
        perm: 0o666,
        major: 1,
        minor: 9,
        link: "",
    },
    Dev {
        ino: 8,
        name: "tty",
        ftype: FileType::CharDevice,
        perm: 0o666,
        major: 5,
        minor: 0,
        link: "",
    },
    Dev {
        ino: 9,
        name: "ptmx",
        ftype: FileType::CharDevice,
        perm: 0o666,
        major: 5,
        minor: 2,
        link: "",
    },
    Dev {
        ino: 10,
        name: "stdin",
        ftype: FileType::Symlink,
        perm: 0o777,
        major: 0,
        minor: 0,
        link: "/proc/self/fd/0",
    },
    Dev {
        ino: 11,
        name: "stdout",
        ftype: FileType::Symlink,
        perm: 0o777,
        major: 0,
        minor: 0,
        link: "/proc/self/fd/1",
    },
    Dev {
        ino: 12,
        name: "stderr",
        ftype: FileType::Symlink,
        perm: 0o777,
        major: 0,
        minor: 0,
        link: "/proc/self/fd/2",
    },
    Dev {
        ino: 13,
        name: "fd",
        ftype: FileType::Symlink,
        perm: 0o777,
        major: 0,
        minor: 0,
        link: "/proc/self/fd",
    },
];

fn rdev(major: u64, minor: u64) -> u64 {
    (major << 8) | minor
}

fn dir_meta(k: &Kernel, nlink: u32) -> Meta {
    let t = k.boot_time();
    Meta {
        ftype: FileType::Directory,
        perm: 0o755,
        uid: Uid(0),
        gid: Gid(0),
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
    let t = k.boot_time();
    match ino.0 {
        ROOT => Ok(dir_meta(k, 3)),
        PTS => Ok(dir_meta(k, 2)),
        n if n >= PTS_BASE => {
            let pty = k.ptys.get(&((n - PTS_BASE) as u32)).ok_or(Errno::ENOENT)?;
            Ok(Meta {
                ftype: FileType::CharDevice,
                perm: 0o620,
                uid: pty.owner,
                gid: Gid(TTY_GID),
                nlink: 1,
                size: 0,
                rdev: rdev(136, n - PTS_BASE),
                atime: t,
                mtime: t,
                ctime: t,
            })
        }
        n => {
            let d = TABLE.iter().find(|d| d.ino == n).ok_or(Errno::ENOENT)?;
            Ok(Meta {
                ftype: d.ftype,
                perm: d.perm,
                uid: Uid(0),
                gid: Gid(if d.name == "tty" || d.name == "ptmx" {
                    TTY_GID
                } else {
                    0
                }),
                nlink: 1,
                size: d.link.len() as u64,
                rdev: rdev(d.major, d.minor),
                atime: t,
                mtime: t,
                ctime: t,
            })
        }
    }
}

/// Look `name` up in directory `dir`.
pub fn lookup(k: &Kernel, dir: Ino, name: &str) -> SysResult<Ino> {
    match dir.0 {
        ROOT if name == "pts" => Ok(Ino(PTS)),
        ROOT => TABLE
            .iter()
            .find(|d| d.name == name)
            .map(|d| Ino(d.ino))
            .ok_or(Errno::ENOENT),
        PTS => {
            let n: u32 = name.parse().map_err(|_| Errno::ENOENT)?;
            if k.ptys.contains_key(&n) {
                Ok(Ino(PTS_BASE + n as u64))
            } else {
                Err(Errno::ENOENT)
            }
        }
        _ => Err(Errno::ENOTDIR),
    }
}

/// The parent of directory `dir`.
pub fn parent(dir: Ino) -> Ino {
    let _ = dir;
    Ino(ROOT)
}

/// Entries of directory `dir`.
pub fn list(k: &Kernel, dir: Ino) -> SysResult<Vec<(String, Ino, FileType)>> {
    match dir.0 {
        ROOT => {
            let mut v: Vec<_> = TABLE
                .iter()
                .map(|d| (d.name.to_string(), Ino(d.ino), d.ftype))
                .collect();
            v.push(("pts".into(), Ino(PTS), FileType::Directory));
            v.sort();
            Ok(v)
        }
        PTS => Ok(k
            .ptys
            .keys()
            .map(|n| {
                (
                    n.to_string(),
                    Ino(PTS_BASE + *n as u64),
                    FileType::CharDevice,
                )
            })
            .collect()),
        _ => Err(Errno::ENOTDIR),
    }
}

/// Where symlink `ino` leads.
pub fn link_target(ino: Ino) -> SysResult<LinkTarget> {
    let d = TABLE.iter().find(|d| d.ino == ino.0).ok_or(Errno::ENOENT)?;
    if d.link.is_empty() {
        return Err(Errno::EINVAL);
    }
    Ok(LinkTarget::Path(d.link.to_string()))
}

/// What opening device `ino` gives: the object, or which pty to open.
pub enum Opened {
    /// A plain device or an existing pty side.
    Obj(FileObj),
    /// /dev/ptmx: allocate a new pty and open its master.
    NewPty,
    /// /dev/tty: the caller's controlling terminal.
    Ctty,
}

/// Open device node `ino`.
pub fn open(ino: Ino) -> SysResult<Opened> {
    Ok(match ino.0 {
        3 => Opened::Obj(FileObj::Dev(DevKind::Null)),
        4 => Opened::Obj(FileObj::Dev(DevKind::Zero)),
        5 => Opened::Obj(FileObj::Dev(DevKind::Full)),
        6 | 7 => Opened::Obj(FileObj::Dev(DevKind::Random)),
        8 => Opened::Ctty,
        9 => Opened::NewPty,
        n if n >= PTS_BASE => Opened::Obj(FileObj::PtySlave((n - PTS_BASE) as u32)),
        ROOT | PTS => return Err(Errno::EISDIR),
        _ => return Err(Errno::ENXIO),
    })
}
