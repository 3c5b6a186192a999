//! Credentials and the permission check of POSIX (XBD 4.5 "File Access Permissions") with
//! Linux's root rules (capabilities(7): CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
//! root may read and write anything, search any directory, and execute a file only if at
//! least one execute bit is set.

use super::meta::Meta;
use serde::{Deserialize, Serialize};
use wosix_abi::{FileType, Gid, Uid};

/// A process's credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cred {
    /// Real user id.
    pub ruid: Uid,
    /// Effective user id (used for access checks).
    pub euid: Uid,
    /// Saved set-user-id.
    pub suid: Uid,
    /// Real group id.
    pub rgid: Gid,
    /// Effective group id.
    pub egid: Gid,
    /// Saved set-group-id.
    pub sgid: Gid,
    /// Supplementary groups.
    pub groups: Vec<Gid>,
}

impl Cred {
    /// Root's credentials.
    pub fn root() -> Cred {
        Cred {
            ruid: Uid(0),
            euid: Uid(0),
            suid: Uid(0),
            rgid: Gid(0),
            egid: Gid(0),
            sgid: Gid(0),
            groups: vec![Gid(0)],
        }
    }
    /// Credentials of `uid`/`gid` with `groups`.
    pub fn user(uid: Uid, gid: Gid, groups: Vec<Gid>) -> Cred {
        Cred {
            ruid: uid,
            euid: uid,
            suid: uid,
            rgid: gid,
            egid: gid,
            sgid: gid,
            groups,
        }
    }
    /// Whether the effective user is root.
    pub fn is_root(&self) -> bool {
        self.euid.is_root()
    }
    /// Whether `gid` is the effective group or a supplementary group.
    pub fn in_group(&self, gid: Gid) -> bool {
        self.egid == gid || self.groups.contains(&gid)
    }
}

/// Read permission bit.
pub const R: u32 = 4;
/// Write permission bit.
pub const W: u32 = 2;
/// Execute/search permission bit.
pub const X: u32 = 1;

/// Whether `cred` may access a node with metadata `m` for `want` (a mask of R, W, X).
/// With `real`, use the real ids (access(2) without AT_EACCESS).
pub fn allowed(cred: &Cred, m: &Meta, want: u32, real: bool) -> bool {
    let (uid, in_group) = if real {
        (
            cred.ruid,
            cred.rgid == m.gid || cred.groups.contains(&m.gid),
        )
    } else {
        (cred.euid, cred.in_group(m.gid))
    };
    if uid.is_root() {
        if want & X == 0 || m.ftype == FileType::Directory {
            return true;
        }
        return m.perm & 0o111 != 0;
    }
    let bits = if uid == m.uid {
        (m.perm >> 6) & 7
    } else if in_group {
        (m.perm >> 3) & 7
    } else {
        m.perm & 7
    };
    bits & want == want
}

/// Whether `cred` owns the node or is root (CAP_FOWNER): may chmod, utimes to arbitrary
/// times, and so on.
pub fn owner_or_root(cred: &Cred, m: &Meta) -> bool {
    cred.is_root() || cred.euid == m.uid
}

/// The sticky-directory rule (XBD 4.5, unlink(2) EPERM): in a directory with `S_ISVTX`, only
/// the owner of the entry, the owner of the directory, or root may remove or rename it.
pub fn sticky_allows(cred: &Cred, dir: &Meta, victim: &Meta) -> bool {
    dir.perm & 0o1000 == 0 || cred.is_root() || cred.euid == victim.uid || cred.euid == dir.uid
}

#[cfg(test)]
mod tests {
    use super::*;
    use wosix_abi::Timespec;

    fn meta(ft: FileType, perm: u32, uid: u32, gid: u32) -> Meta {
        Meta {
            ftype: ft,
            perm,
            uid: Uid(uid),
            gid: Gid(gid),
            nlink: 1,
            size: 0,
            rdev: 0,
            atime: Timespec::default(),
            mtime: Timespec::default(),
            ctime: Timespec::default(),
        }
    }

    /// The permission matrix: owner/group/other × r/w/x, for files and directories, and root.
    #[test]
    fn permission_matrix() {
        let owner = Cred::user(Uid(1000), Gid(1000), vec![Gid(1000)]);
        let member = Cred::user(Uid(1001), Gid(2000), vec![Gid(2000), Gid(1000)]);
        let other = Cred::user(Uid(1002), Gid(3000), vec![Gid(3000)]);
        let root = Cred::root();
        for ft in [FileType::Regular, FileType::Directory] {
            for class in 0..3 {
                for bit in [R, W, X] {
                    let perm = bit << (3 * (2 - class));
                    let m = meta(ft, perm, 1000, 1000);
                    let creds = [&owner, &member, &other];
                    for (i, c) in creds.iter().enumerate() {
                        assert_eq!(
                            allowed(c, &m, bit, false),
                            i == class,
                            "{ft:?} perm {perm:o} cred {i} bit {bit}"
                        );
                    }
                    // Root reads and writes anything, searches any directory.
                    assert!(allowed(&root, &m, R | W, false));
                    if ft == FileType::Directory {
                        assert!(allowed(&root, &m, X, false));
                    } else {
                        assert_eq!(allowed(&root, &m, X, false), perm & 0o111 != 0);
                    }
                }
            }
            // Root cannot execute a regular file with no x bit at all.
            let m = meta(FileType::Regular, 0o666, 0, 0);
            assert!(!allowed(&root, &m, X, false));
        }
        // The owner class decides even if group/other would allow more.
        let m = meta(FileType::Regular, 0o077, 1000, 1000);
        assert!(!allowed(&owner, &m, R, false));
        assert!(allowed(&member, &m, R, false) && allowed(&other, &m, R, false));
    }

    #[test]
    fn sticky_rule() {
        let dir = meta(FileType::Directory, 0o1777, 0, 0);
        let victim = meta(FileType::Regular, 0o644, 1000, 1000);
        assert!(sticky_allows(
            &Cred::user(Uid(1000), Gid(1000), vec![]),
            &dir,
            &victim
        ));
        assert!(!sticky_allows(
            &Cred::user(Uid(1001), Gid(1001), vec![]),
            &dir,
            &victim
        ));
        assert!(sticky_allows(&Cred::root(), &dir, &victim));
        let plain = meta(FileType::Directory, 0o777, 0, 0);
        assert!(sticky_allows(
            &Cred::user(Uid(1001), Gid(1001), vec![]),
            &plain,
            &victim
        ));
    }
}
