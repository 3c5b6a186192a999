//! File system behaviour through system calls: permissions, ownership, rename and link edge
//! cases, symlinks, mounts, procfs and devfs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{ROOT, T};
use wosix_abi::{AtFlags, Call, Errno, FileType, Gid, OFlags, Ret, Uid};

#[test]
fn new_files_are_owned_by_caller_with_umask() {
    let mut t = T::new();
    let u = t.user(1000);
    t.ok(u, Call::Umask { mask: 0o027 });
    let fd = t
        .open(u, "/tmp/f", OFlags::WRONLY | OFlags::CREAT, 0o666)
        .unwrap();
    t.ok(u, Call::Close { fd });
    let st = t.stat(u, "/tmp/f").unwrap();
    assert_eq!((st.uid, st.gid, st.perm()), (Uid(1000), Gid(1000), 0o640));
    assert_eq!(st.file_type(), FileType::Regular);
}

#[test]
fn user_cannot_read_roots_private_file() {
    let mut t = T::new();
    t.write_file(ROOT, "/tmp/secret", b"s3cret", 0o600);
    let u = t.user(1000);
    assert_eq!(t.read_file(u, "/tmp/secret"), Err(Errno::EACCES));
    assert_eq!(t.read_file(ROOT, "/tmp/secret").unwrap(), b"s3cret");
    // Search permission on every component.
    t.ok(
        ROOT,
        Call::Mkdir {
            dir: None,
            path: "/tmp/locked".into(),
            mode: 0o700,
        },
    );
    t.write_file(ROOT, "/tmp/locked/open", b"x", 0o644);
    assert_eq!(t.read_file(u, "/tmp/locked/open"), Err(Errno::EACCES));
    assert_eq!(t.stat(u, "/tmp/locked/open"), Err(Errno::EACCES));
}

#[test]
fn sticky_tmp_protects_other_users_files() {
    let mut t = T::new();
    let a = t.user(1000);
    let b = t.user(1001);
    t.write_file(a, "/tmp/a", b"a", 0o666);
    assert_eq!(
        t.err(
            b,
            Call::Unlink {
                dir: None,
                path: "/tmp/a".into(),
                flags: AtFlags::empty()
            }
        ),
        Errno::EPERM
    );
    assert_eq!(
        t.err(
            b,
            Call::Rename {
                olddir: None,
                old: "/tmp/a".into(),
                newdir: None,
                new: "/tmp/b".into()
            }
        ),
        Errno::EPERM
    );
    t.ok(
        a,
        Call::Unlink {
            dir: None,
            path: "/tmp/a".into(),
            flags: AtFlags::empty(),
        },
    );
}

#[test]
fn chmod_and_chown_rules() {
    let mut t = T::new();
    let a = t.user(1000);
    let b = t.user(1001);
    t.write_file(a, "/tmp/f", b"", 0o644);
    assert_eq!(
        t.err(
            b,
            Call::Chmod {
                dir: None,
                path: "/tmp/f".into(),
                mode: 0o777
            }
        ),
        Errno::EPERM
    );
    t.ok(
        a,
        Call::Chmod {
            dir: None,
            path: "/tmp/f".into(),
            mode: 0o600,
        },
    );
    // Only root gives files away.
    assert_eq!(
        t.err(
            a,
            Call::Chown {
                dir: None,
                path: "/tmp/f".into(),
                uid: Some(Uid(1001)),
                gid: None,
                flags: AtFlags::empty()
            }
        ),
        Errno::EPERM
    );
    // The owner may change the group only to one of its groups.
    assert_eq!(
        t.err(
            a,
            Call::Chown {
                dir: None,
                path: "/tmp/f".into(),
                uid: None,
                gid: Some(Gid(0)),
                flags: AtFlags::empty()
            }
        ),
        Errno::EPERM
    );
    t.ok(
        a,
        Call::Chown {
            dir: None,
            path: "/tmp/f".into(),
            uid: None,
            gid: Some(Gid(1000)),
            flags: AtFlags::empty(),
        },
    );
    t.ok(
        ROOT,
        Call::Chown {
            dir: None,
            path: "/tmp/f".into(),
            uid: Some(Uid(1001)),
            gid: Some(Gid(1001)),
            flags: AtFlags::empty(),
        },
    );
    assert_eq!(t.stat(ROOT, "/tmp/f").unwrap().uid, Uid(1001));
}

#[test]
fn rename_follows_posix() {
    let mut t = T::new();
    let r = ROOT;
    for d in ["/tmp/d", "/tmp/d/sub", "/tmp/e", "/tmp/full"] {
        t.ok(
            r,
            Call::Mkdir {
                dir: None,
                path: d.into(),
                mode: 0o755,
            },
        );
    }
    t.write_file(r, "/tmp/full/x", b"", 0o644);
    t.write_file(r, "/tmp/f", b"one", 0o644);
    t.write_file(r, "/tmp/g", b"two", 0o644);
    let mv = |t: &mut T, a: &str, b: &str| {
        t.call(
            r,
            Call::Rename {
                olddir: None,
                old: a.into(),
                newdir: None,
                new: b.into(),
            },
        )
    };
    // Replace a file atomically.
    mv(&mut t, "/tmp/f", "/tmp/g").unwrap();
    assert_eq!(t.read_file(r, "/tmp/g").unwrap(), b"one");
    assert_eq!(t.stat(r, "/tmp/f"), Err(Errno::ENOENT));
    // A directory cannot move into itself.
    assert_eq!(
        mv(&mut t, "/tmp/d", "/tmp/d/sub/x").unwrap_err(),
        Errno::EINVAL.into()
    );
    // Over a non-empty directory: ENOTEMPTY; dir over file: ENOTDIR; file over dir: EISDIR.
    assert_eq!(
        mv(&mut t, "/tmp/e", "/tmp/full").unwrap_err(),
        Errno::ENOTEMPTY.into()
    );
    assert_eq!(
        mv(&mut t, "/tmp/e", "/tmp/g").unwrap_err(),
        Errno::ENOTDIR.into()
    );
    assert_eq!(
        mv(&mut t, "/tmp/g", "/tmp/e").unwrap_err(),
        Errno::EISDIR.into()
    );
    // Over an empty directory works, and link counts follow.
    mv(&mut t, "/tmp/d", "/tmp/e").unwrap();
    assert_eq!(t.stat(r, "/tmp/e").unwrap().nlink, 3);
    assert_eq!(t.stat(r, "/tmp/e/sub").unwrap().nlink, 2);
    // Renaming a file onto itself (a hard link) is a no-op.
    t.ok(
        r,
        Call::Link {
            olddir: None,
            old: "/tmp/g".into(),
            newdir: None,
            new: "/tmp/h".into(),
            flags: AtFlags::empty(),
        },
    );
    mv(&mut t, "/tmp/g", "/tmp/h").unwrap();
    assert_eq!(t.stat(r, "/tmp/g").unwrap().nlink, 2);
    // Across mounts: EXDEV.
    t.ok(
        r,
        Call::Mkdir {
            dir: None,
            path: "/mnt".into(),
            mode: 0o755,
        },
    );
    t.ok(
        r,
        Call::Mount {
            source: "tmpfs".into(),
            target: "/mnt".into(),
            fstype: "tmpfs".into(),
            readonly: false,
        },
    );
    assert_eq!(
        mv(&mut t, "/tmp/g", "/mnt/g").unwrap_err(),
        Errno::EXDEV.into()
    );
    assert_eq!(
        t.err(
            r,
            Call::Link {
                olddir: None,
                old: "/tmp/g".into(),
                newdir: None,
                new: "/mnt/g".into(),
                flags: AtFlags::empty()
            }
        ),
        Errno::EXDEV
    );
}

#[test]
fn links_and_unlinked_open_files() {
    let mut t = T::new();
    let r = ROOT;
    t.write_file(r, "/tmp/a", b"data", 0o644);
    t.ok(
        r,
        Call::Link {
            olddir: None,
            old: "/tmp/a".into(),
            newdir: None,
            new: "/tmp/b".into(),
            flags: AtFlags::empty(),
        },
    );
    assert_eq!(t.stat(r, "/tmp/a").unwrap().nlink, 2);
    assert_eq!(
        t.err(
            r,
            Call::Link {
                olddir: None,
                old: "/tmp".into(),
                newdir: None,
                new: "/tmp/c".into(),
                flags: AtFlags::empty()
            }
        ),
        Errno::EPERM
    );
    let fd = t.open(r, "/tmp/a", OFlags::RDONLY, 0).unwrap();
    t.ok(
        r,
        Call::Unlink {
            dir: None,
            path: "/tmp/a".into(),
            flags: AtFlags::empty(),
        },
    );
    t.ok(
        r,
        Call::Unlink {
            dir: None,
            path: "/tmp/b".into(),
            flags: AtFlags::empty(),
        },
    );
    // Still readable through the open descriptor.
    assert_eq!(
        t.ok(r, Call::Read { fd, len: 10 }),
        Ret::Bytes(b"data".to_vec())
    );
    t.ok(r, Call::Close { fd });
    assert_eq!(
        t.err(
            r,
            Call::Unlink {
                dir: None,
                path: "/tmp".into(),
                flags: AtFlags::empty()
            }
        ),
        Errno::EISDIR
    );
    assert_eq!(
        t.err(
            r,
            Call::Unlink {
                dir: None,
                path: "/".into(),
                flags: AtFlags::REMOVEDIR
            }
        ),
        Errno::EBUSY
    );
}

#[test]
fn symlinks_loop_and_resolve() {
    let mut t = T::new();
    let r = ROOT;
    t.ok(
        r,
        Call::Symlink {
            target: "loop2".into(),
            dir: None,
            path: "/tmp/loop1".into(),
        },
    );
    t.ok(
        r,
        Call::Symlink {
            target: "loop1".into(),
            dir: None,
            path: "/tmp/loop2".into(),
        },
    );
    assert_eq!(
        t.open(r, "/tmp/loop1", OFlags::RDONLY, 0),
        Err(Errno::ELOOP)
    );
    t.write_file(r, "/tmp/real", b"x", 0o644);
    t.ok(
        r,
        Call::Symlink {
            target: "/tmp/real".into(),
            dir: None,
            path: "/tmp/abs".into(),
        },
    );
    t.ok(
        r,
        Call::Symlink {
            target: "../tmp/./real".into(),
            dir: None,
            path: "/tmp/rel".into(),
        },
    );
    assert_eq!(t.read_file(r, "/tmp/abs").unwrap(), b"x");
    assert_eq!(t.read_file(r, "/tmp/rel").unwrap(), b"x");
    assert_eq!(
        t.ok(
            r,
            Call::Readlink {
                dir: None,
                path: "/tmp/rel".into()
            }
        ),
        Ret::Str("../tmp/./real".into())
    );
    assert_eq!(t.stat(r, "/tmp/abs").unwrap().perm(), 0o777);
    assert_eq!(
        t.open(r, "/tmp/abs", OFlags::RDONLY | OFlags::NOFOLLOW, 0),
        Err(Errno::ELOOP)
    );
    assert_eq!(t.stat(r, "/tmp/real/x"), Err(Errno::ENOTDIR));
}

#[test]
fn open_flags() {
    let mut t = T::new();
    let r = ROOT;
    t.write_file(r, "/tmp/f", b"hello", 0o644);
    assert_eq!(
        t.open(
            r,
            "/tmp/f",
            OFlags::WRONLY | OFlags::CREAT | OFlags::EXCL,
            0o644
        ),
        Err(Errno::EEXIST)
    );
    assert_eq!(
        t.open(r, "/tmp/f", OFlags::RDONLY | OFlags::DIRECTORY, 0),
        Err(Errno::ENOTDIR)
    );
    assert_eq!(t.open(r, "/tmp", OFlags::WRONLY, 0), Err(Errno::EISDIR));
    let fd = t
        .open(r, "/tmp/f", OFlags::WRONLY | OFlags::APPEND, 0)
        .unwrap();
    t.ok(
        r,
        Call::Write {
            fd,
            data: b" world".to_vec(),
        },
    );
    t.ok(r, Call::Close { fd });
    assert_eq!(t.read_file(r, "/tmp/f").unwrap(), b"hello world");
    let fd = t
        .open(r, "/tmp/f", OFlags::WRONLY | OFlags::TRUNC, 0)
        .unwrap();
    t.ok(r, Call::Close { fd });
    assert_eq!(t.read_file(r, "/tmp/f").unwrap(), b"");
}

#[test]
fn proc_and_dev() {
    let mut t = T::new();
    let u = t.user(1000);
    let status = String::from_utf8(t.read_file(u, "/proc/self/status").unwrap()).unwrap();
    assert!(status.contains(&format!("Pid:\t{}\n", u.0)), "{status}");
    assert!(
        status.contains("Uid:\t1000\t1000\t1000\t1000\n"),
        "{status}"
    );
    assert_eq!(t.read_file(u, "/proc/self/cmdline").unwrap(), b"prog\0");
    let stat = String::from_utf8(t.read_file(u, "/proc/self/stat").unwrap()).unwrap();
    assert!(
        stat.starts_with(&format!("{} (prog) R 1 1 1 0 -1", u.0)),
        "{stat}"
    );
    assert_eq!(stat.split(' ').count(), 52);
    assert!(
        String::from_utf8(t.read_file(u, "/proc/mounts").unwrap())
            .unwrap()
            .contains("proc /proc proc rw 0 0")
    );
    // Another user's fd directory is closed to us.
    assert_eq!(t.stat(u, "/proc/1/fd/0"), Err(Errno::EACCES));
    assert_eq!(t.read_file(u, "/dev/null").unwrap(), b"");
    let fd = t.open(u, "/dev/zero", OFlags::RDONLY, 0).unwrap();
    assert_eq!(t.ok(u, Call::Read { fd, len: 4 }), Ret::Bytes(vec![0; 4]));
    let fd = t.open(u, "/dev/full", OFlags::WRONLY, 0).unwrap();
    assert_eq!(
        t.err(
            u,
            Call::Write {
                fd,
                data: b"x".to_vec()
            }
        ),
        Errno::ENOSPC
    );
    assert_eq!(t.open(u, "/dev/tty", OFlags::RDWR, 0), Err(Errno::ENXIO));
    assert_eq!(t.stat(u, "/dev/null").unwrap().rdev, (1 << 8) | 3);
    assert_eq!(t.ok(u, Call::Getcwd), Ret::Str("/".into()));
    t.ok(
        u,
        Call::Chdir {
            path: "/proc/self".into(),
        },
    );
    assert_eq!(t.ok(u, Call::Getcwd), Ret::Str(format!("/proc/{}", u.0)));
}

#[test]
fn getdents_lists_dot_entries_and_children() {
    let mut t = T::new();
    let r = ROOT;
    t.write_file(r, "/tmp/b", b"", 0o644);
    t.write_file(r, "/tmp/a", b"", 0o644);
    let fd = t
        .open(r, "/tmp", OFlags::RDONLY | OFlags::DIRECTORY, 0)
        .unwrap();
    let Ret::Dirents(d) = t.ok(r, Call::Getdents { fd, max: 100 }) else {
        panic!()
    };
    let names: Vec<_> = d.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, [".", "..", "a", "b"]);
    assert_eq!(
        t.ok(r, Call::Getdents { fd, max: 100 }),
        Ret::Dirents(vec![])
    );
}

#[test]
fn fs_changes_moves_on_every_change_and_only_then() {
    let mut t = T::new();
    let u = t.user(1000);
    t.write_file(u, "/tmp/f", b"one", 0o644);
    let mut last = t.k.fs_changes();
    let mut changed = |t: &mut T, what: &str, expect: bool| {
        let now = t.k.fs_changes();
        assert_eq!(now != last, expect, "{what}");
        last = now;
    };
    t.read_file(u, "/tmp/f").unwrap();
    t.stat(u, "/tmp").unwrap();
    changed(&mut t, "read and stat", false);
    t.write_file(u, "/tmp/f", b"two", 0o644);
    changed(&mut t, "write", true);
    t.ok(
        u,
        Call::Mkdir {
            dir: None,
            path: "/tmp/d".into(),
            mode: 0o755,
        },
    );
    changed(&mut t, "mkdir", true);
    t.ok(
        u,
        Call::Rename {
            olddir: None,
            old: "/tmp/f".into(),
            newdir: None,
            new: "/tmp/d/f".into(),
        },
    );
    changed(&mut t, "rename", true);
    t.ok(
        u,
        Call::Chmod {
            dir: None,
            path: "/tmp/d/f".into(),
            mode: 0o600,
        },
    );
    changed(&mut t, "chmod", true);
    t.ok(
        u,
        Call::Unlink {
            dir: None,
            path: "/tmp/d/f".into(),
            flags: AtFlags::empty(),
        },
    );
    changed(&mut t, "unlink", true);
}
