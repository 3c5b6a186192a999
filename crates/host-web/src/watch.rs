//! `fs.watch` by comparison: each watcher keeps the last seen state of its path (type, inode,
//! size and modification time of every entry, down the tree when recursive), and a scan —
//! after each mutating facade call, and periodically while watchers exist — reports what
//! changed with Node's vocabulary: `rename` when a name appeared or vanished (or now names
//! another inode), `change` when a file's contents changed. Filenames are relative to the
//! watched directory; a watched file reports its own name.
//!
//! The periodic scan is skipped while the kernel's `fs_changes` counter stands still, so an
//! idle machine costs nothing however big the watched tree. Per-path change events from the
//! kernel (DESIGN.md principle 7) would let scans look only where something changed.

use crate::paths::{basename, join};
use std::collections::BTreeMap;
use wosix_abi::FileType;
use wosix_runtime::Sys;

/// Most entries one watcher looks at per scan (bounds the cost of watching a huge tree).
pub const MAX_ENTRIES: usize = 20_000;

/// What a scan remembers about one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    /// Inode number.
    pub ino: u64,
    /// Whether it is a directory.
    pub dir: bool,
    /// Size in bytes.
    pub size: u64,
    /// Modification time (seconds, nanoseconds).
    pub mtime: (i64, u32),
}

/// The state of a watched path: relative name → metadata (`""` is the path itself).
pub type Snap = BTreeMap<String, Meta>;

/// One watcher.
#[derive(Clone, Debug)]
pub struct Watcher {
    /// Absolute path watched.
    pub root: String,
    /// Whether the subtree is watched.
    pub recursive: bool,
    /// The last state seen.
    pub snap: Snap,
}

/// Take the current state of `root`. A missing root gives an empty state.
pub async fn snapshot(sys: &Sys, root: &str, recursive: bool) -> Snap {
    let mut snap = Snap::new();
    let Ok(st) = sys.lstat(root).await else {
        return snap;
    };
    let meta = |st: &wosix_abi::Stat| Meta {
        ino: st.ino.0,
        dir: st.file_type() == FileType::Directory,
        size: st.size,
        mtime: (st.mtime.sec, st.mtime.nsec),
    };
    snap.insert(String::new(), meta(&st));
    if !st.is_dir() {
        return snap;
    }
    let mut stack = vec![String::new()];
    while let Some(rel_dir) = stack.pop() {
        let Ok(entries) = sys.read_dir(&join(root, &rel_dir)).await else {
            continue;
        };
        for d in entries {
            if snap.len() >= MAX_ENTRIES {
                return snap;
            }
            let rel = if rel_dir.is_empty() {
                d.name.clone()
            } else {
                format!("{rel_dir}/{}", d.name)
            };
            let Ok(st) = sys.lstat(&join(root, &rel)).await else {
                continue;
            };
            let m = meta(&st);
            if m.dir && recursive {
                stack.push(rel.clone());
            }
            snap.insert(rel, m);
        }
    }
    snap
}

/// The events between two states of the watched path `root`, in name order.
pub fn diff(root: &str, old: &Snap, new: &Snap) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let root_is_file = old.get("").or(new.get("")).is_some_and(|m| !m.dir);
    let name = |rel: &str| {
        if rel.is_empty() {
            basename(root).to_string()
        } else {
            rel.to_string()
        }
    };
    for (rel, m) in old {
        match new.get(rel) {
            None => {
                if !rel.is_empty() || root_is_file {
                    out.push(("rename", name(rel)));
                }
            }
            Some(n) if n.ino != m.ino || n.dir != m.dir => out.push(("rename", name(rel))),
            Some(n) if !n.dir && (n.size != m.size || n.mtime != m.mtime) => {
                out.push(("change", name(rel)))
            }
            Some(_) => {}
        }
    }
    for rel in new.keys() {
        if !old.contains_key(rel) && (!rel.is_empty() || root_is_file) {
            out.push(("rename", name(rel)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(ino: u64, dir: bool, size: u64, t: i64) -> Meta {
        Meta {
            ino,
            dir,
            size,
            mtime: (t, 0),
        }
    }

    #[test]
    fn directory_events() {
        let mut a = Snap::new();
        a.insert(String::new(), m(1, true, 0, 0));
        a.insert("x".into(), m(2, false, 1, 0));
        a.insert("gone".into(), m(3, false, 1, 0));
        let mut b = a.clone();
        b.remove("gone");
        b.insert("x".into(), m(2, false, 5, 1));
        b.insert("new".into(), m(4, false, 0, 1));
        b.insert(String::new(), m(1, true, 0, 1));
        assert_eq!(
            diff("/w", &a, &b),
            vec![
                ("rename", "gone".to_string()),
                ("change", "x".to_string()),
                ("rename", "new".to_string())
            ]
        );
    }

    #[test]
    fn file_events_use_its_name() {
        let mut a = Snap::new();
        a.insert(String::new(), m(7, false, 1, 0));
        let mut b = Snap::new();
        b.insert(String::new(), m(7, false, 2, 0));
        assert_eq!(
            diff("/w/f.txt", &a, &b),
            vec![("change", "f.txt".to_string())]
        );
        assert_eq!(
            diff("/w/f.txt", &a, &Snap::new()),
            vec![("rename", "f.txt".to_string())]
        );
    }
}
