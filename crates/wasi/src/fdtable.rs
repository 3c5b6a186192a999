//! The guest's descriptor table: WASI descriptor numbers mapped to Wosix descriptors, plus the
//! preopened directories.
//!
//! Preopens are not open descriptors but names: wasi-libc turns every path into "preopen +
//! relative path" by longest prefix match after stripping leading `/` (and treats `/` and `.`
//! alike, as the empty prefix, the last one registered winning). So that absolute paths mean
//! the root and relative paths the working directory, we register, in this order:
//! `/` (fd 3), `.` (fd 4, the working directory — it wins for relative paths), then every
//! directory at the top of the root (`/etc`, `/home`, `/tmp`…), which win for absolute paths by
//! their longer prefix. Paths through a preopen go to the kernel as absolute paths (or, for `.`,
//! relative to the process's working directory), so permissions and errors are the kernel's.

use std::collections::BTreeMap;
use wosix_abi::{Dirent, Fd};

/// Where a preopened directory's paths are resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// The process's working directory (follows chdir).
    Cwd,
    /// An absolute directory path.
    Path(String),
}

/// One entry of the guest's descriptor table.
#[derive(Debug)]
pub enum Entry {
    /// An open Wosix descriptor.
    Os {
        /// The kernel's descriptor.
        fd: Fd,
        /// Directory entries read by `fd_readdir`, served by cookie (index).
        dir_cache: Option<Vec<Dirent>>,
    },
    /// A preopened directory.
    Preopen {
        /// The name the guest sees (`fd_prestat_dir_name`).
        name: String,
        /// Where its paths go.
        base: Base,
        /// Directory entries read by `fd_readdir`.
        dir_cache: Option<Vec<Dirent>>,
    },
}

impl Entry {
    /// A plain open descriptor.
    pub fn os(fd: Fd) -> Entry {
        Entry::Os {
            fd,
            dir_cache: None,
        }
    }
}

/// The table.
#[derive(Debug, Default)]
pub struct FdTable {
    entries: BTreeMap<u32, Entry>,
}

impl FdTable {
    /// Standard streams 0–2, then the preopens named by `dirs` (absolute paths other than `/`).
    pub fn new(top_dirs: &[String]) -> FdTable {
        let mut t = FdTable::default();
        for i in 0..3 {
            t.entries.insert(i, Entry::os(Fd(i)));
        }
        t.entries.insert(
            3,
            Entry::Preopen {
                name: "/".into(),
                base: Base::Path("/".into()),
                dir_cache: None,
            },
        );
        t.entries.insert(
            4,
            Entry::Preopen {
                name: ".".into(),
                base: Base::Cwd,
                dir_cache: None,
            },
        );
        for (i, d) in top_dirs.iter().enumerate() {
            let e = Entry::Preopen {
                name: d.clone(),
                base: Base::Path(d.clone()),
                dir_cache: None,
            };
            t.entries.insert(5 + i as u32, e);
        }
        t
    }

    /// The entry of `fd`.
    pub fn get(&self, fd: u32) -> Option<&Entry> {
        self.entries.get(&fd)
    }

    /// The entry of `fd`, mutably.
    pub fn get_mut(&mut self, fd: u32) -> Option<&mut Entry> {
        self.entries.get_mut(&fd)
    }

    /// The Wosix descriptor behind `fd`, if it is an open descriptor (not a preopen).
    pub fn os_fd(&self, fd: u32) -> Option<Fd> {
        match self.entries.get(&fd) {
            Some(Entry::Os { fd, .. }) => Some(*fd),
            _ => None,
        }
    }

    /// Add `e` at the lowest free number.
    pub fn insert(&mut self, e: Entry) -> u32 {
        let mut n = 0;
        while self.entries.contains_key(&n) {
            n += 1;
        }
        self.entries.insert(n, e);
        n
    }

    /// Put `e` at `fd`, returning what was there.
    pub fn set(&mut self, fd: u32, e: Entry) -> Option<Entry> {
        self.entries.insert(fd, e)
    }

    /// Remove `fd`.
    pub fn remove(&mut self, fd: u32) -> Option<Entry> {
        self.entries.remove(&fd)
    }

    /// Whether `fd` is in the table.
    pub fn contains(&self, fd: u32) -> bool {
        self.entries.contains_key(&fd)
    }

    /// Resolve `path` relative to `fd` for an `*at` call: the directory descriptor to pass
    /// (`None` = the working directory) and the path.
    pub fn at(&self, fd: u32, path: &str) -> Option<(Option<Fd>, String)> {
        match self.entries.get(&fd)? {
            Entry::Os { fd, .. } => Some((Some(*fd), path.to_string())),
            Entry::Preopen {
                base: Base::Cwd, ..
            } => Some((None, path.to_string())),
            Entry::Preopen {
                base: Base::Path(p),
                ..
            } => Some((None, join(p, path))),
        }
    }
}

/// `dir/path`, or `path` alone when it is absolute.
pub fn join(dir: &str, path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else if path.is_empty() || path == "." {
        dir.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{path}")
    } else {
        format!("{dir}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preopens_resolve_to_absolute_or_cwd_paths() {
        let t = FdTable::new(&["/etc".to_string(), "/tmp".to_string()]);
        assert_eq!(t.at(3, "etc/passwd"), Some((None, "/etc/passwd".into())));
        assert_eq!(t.at(4, "notes.txt"), Some((None, "notes.txt".into())));
        assert_eq!(t.at(5, "shadow"), Some((None, "/etc/shadow".into())));
        assert_eq!(t.at(6, "."), Some((None, "/tmp".into())));
        assert_eq!(t.at(1, "x"), Some((Some(Fd(1)), "x".into())));
        assert_eq!(t.at(9, "x"), None);
    }

    #[test]
    fn insert_takes_the_lowest_free_number() {
        let mut t = FdTable::new(&[]);
        assert_eq!(t.insert(Entry::os(Fd(3))), 5);
        t.remove(1);
        assert_eq!(t.insert(Entry::os(Fd(7))), 1);
        assert_eq!(t.os_fd(1), Some(Fd(7)));
    }
}
