//! Path resolution (path_resolution(7)): start at `/`, the working directory or a directory
//! descriptor; check search permission on every directory passed; follow symbolic links (at
//! most 40 per resolution, ELOOP after); cross mount points both ways; honour a trailing `/`
//! as "must be a directory".

use super::perm::{self, Cred};
use super::{MAX_SYMLINKS, NAME_MAX, PATH_MAX, VNode};
use crate::Kernel;
use crate::fs::LinkTarget;
use std::collections::VecDeque;
use wosix_abi::{Errno, Fd, FileType, Pid, SysResult};

/// What a resolution of all but the last component gives: the directory, the last name, and
/// whether the path ended in `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parent {
    /// The directory that holds (or would hold) the last component.
    pub dir: VNode,
    /// The last component; `.` or `..` or empty (for `/`) are possible and the caller decides.
    pub name: String,
    /// The path ended with `/`.
    pub trailing_slash: bool,
}

fn split(path: &str) -> VecDeque<String> {
    path.split('/')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

impl Kernel {
    /// The starting directory for a relative path: `dir` or the caller's working directory.
    pub(crate) fn start_dir(&self, pid: Pid, dir: Option<Fd>) -> SysResult<VNode> {
        match dir {
            None => Ok(self.proc(pid)?.cwd),
            Some(fd) => {
                let f = self.file_of(pid, fd)?;
                match f.obj {
                    crate::file::FileObj::Node(v) => Ok(v),
                    _ => Err(Errno::ENOTDIR),
                }
            }
        }
    }

    fn check_path(path: &str) -> SysResult<()> {
        if path.is_empty() {
            return Err(Errno::ENOENT);
        }
        if path.len() >= PATH_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        if path.split('/').any(|c| c.len() > NAME_MAX) {
            return Err(Errno::ENAMETOOLONG);
        }
        if path.contains('\0') {
            return Err(Errno::EINVAL);
        }
        Ok(())
    }

    /// Step from directory `cur` to `..`, crossing mount points upwards.
    fn dotdot(&self, cur: VNode) -> SysResult<VNode> {
        let root = self.vfs.root();
        if cur == root {
            return Ok(root);
        }
        let mut at = cur;
        while let Some(covered) = self.vfs.covered_by(at) {
            at = covered;
            if at == root {
                return Ok(root);
            }
        }
        let p = self.parent_in(at)?;
        Ok(self.vfs.mounted_on(p).unwrap_or(p))
    }

    /// Resolve `comps` from `cur`. `follow_last` follows a final symbolic link.
    fn walk(
        &self,
        pid: Pid,
        cred: &Cred,
        mut cur: VNode,
        mut comps: VecDeque<String>,
        follow_last: bool,
        must_dir: bool,
    ) -> SysResult<VNode> {
        let mut links = 0u32;
        while let Some(c) = comps.pop_front() {
            let m = self.meta(cur)?;
            if m.ftype != FileType::Directory {
                return Err(Errno::ENOTDIR);
            }
            if !perm::allowed(cred, &m, perm::X, false) {
                return Err(Errno::EACCES);
            }
            if c == "." {
                continue;
            }
            if c == ".." {
                cur = self.dotdot(cur)?;
                continue;
            }
            let mut child = self.lookup_in(cur, &c, pid)?;
            while let Some(r) = self.vfs.mounted_on(child) {
                child = r;
            }
            let cm = self.meta(child)?;
            let last = comps.is_empty();
            if cm.ftype == FileType::Symlink && (!last || follow_last || must_dir) {
                links += 1;
                if links > MAX_SYMLINKS {
                    return Err(Errno::ELOOP);
                }
                match self.link_target(child, pid)? {
                    LinkTarget::Path(t) => {
                        if t.is_empty() {
                            return Err(Errno::ENOENT);
                        }
                        if t.starts_with('/') {
                            cur = self.vfs.root();
                        }
                        let mut new = split(&t);
                        new.extend(comps.drain(..));
                        comps = new;
                    }
                    LinkTarget::Node(v, _) => cur = v,
                    LinkTarget::Object(_) => {
                        if last {
                            return Ok(child);
                        }
                        return Err(Errno::ENOTDIR);
                    }
                }
                continue;
            }
            cur = child;
        }
        if must_dir && self.meta(cur)?.ftype != FileType::Directory {
            return Err(Errno::ENOTDIR);
        }
        Ok(cur)
    }

    /// Resolve `path` for process `pid`, relative to `dir` (or its cwd).
    pub(crate) fn resolve(
        &self,
        pid: Pid,
        dir: Option<Fd>,
        path: &str,
        follow_last: bool,
    ) -> SysResult<VNode> {
        Self::check_path(path)?;
        let cred = self.proc(pid)?.cred.clone();
        let start = if path.starts_with('/') {
            self.vfs.root()
        } else {
            self.start_dir(pid, dir)?
        };
        let must_dir = path.ends_with('/');
        self.walk(pid, &cred, start, split(path), follow_last, must_dir)
    }

    /// Resolve all but the last component of `path`.
    pub(crate) fn resolve_parent(
        &self,
        pid: Pid,
        dir: Option<Fd>,
        path: &str,
    ) -> SysResult<Parent> {
        Self::check_path(path)?;
        let cred = self.proc(pid)?.cred.clone();
        let start = if path.starts_with('/') {
            self.vfs.root()
        } else {
            self.start_dir(pid, dir)?
        };
        let trailing_slash = path.len() > 1 && path.ends_with('/');
        let mut comps = split(path);
        let name = comps.pop_back().unwrap_or_default();
        let d = self.walk(pid, &cred, start, comps, true, false)?;
        let m = self.meta(d)?;
        if m.ftype != FileType::Directory {
            return Err(Errno::ENOTDIR);
        }
        Ok(Parent {
            dir: d,
            name,
            trailing_slash,
        })
    }

    /// The absolute path of directory `v` (getcwd(3)), walking `..` to the root.
    pub(crate) fn path_of(&self, v: VNode, pid: Pid) -> SysResult<String> {
        let root = self.vfs.root();
        let mut parts = Vec::new();
        let mut cur = v;
        for _ in 0..4096 {
            if cur == root {
                parts.reverse();
                return Ok(format!("/{}", parts.join("/")));
            }
            let mut at = cur;
            while let Some(c) = self.vfs.covered_by(at) {
                at = c;
            }
            if at == root {
                parts.reverse();
                return Ok(format!("/{}", parts.join("/")));
            }
            let parent = self.parent_in(at)?;
            let name = self.name_in(parent, at, pid).ok_or(Errno::ENOENT)?;
            parts.push(name);
            cur = self
                .vfs
                .mounted_on(parent)
                .map(|_| parent)
                .unwrap_or(parent);
        }
        Err(Errno::ENAMETOOLONG)
    }
}
