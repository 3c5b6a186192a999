//! The facade's file system operations (`fs.readFile`, `writeFile`, `readdir`, `mkdir`, `rm`,
//! `rename`), written as ordinary system calls of the file system agent process, and the one
//! place where an [`Errno`] becomes a Node.js-style error (`code`, `errno`, `syscall`, `path`
//! and the message `ENOENT: no such file or directory, open '/home/p/a'`), DESIGN.md
//! principle 5.

use serde_json::{Value, json};
use wosix_abi::{Errno, FileType, OFlags};
use wosix_runtime::Sys;

/// A failed file system operation, as Node.js reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FsError {
    /// The error number.
    pub errno: Errno,
    /// The system call Node names in the message (`open`, `scandir`, `rename`…).
    pub syscall: &'static str,
    /// The path involved, if any.
    pub path: Option<String>,
    /// The second path (rename, link).
    pub dest: Option<String>,
    /// A Node-specific code and full message replacing the errno form (`ERR_FS_EISDIR`).
    pub special: Option<(&'static str, String)>,
}

/// Result of a facade file system operation.
pub type FsResult<T> = Result<T, FsError>;

impl FsError {
    /// An error of `syscall` on `path`.
    pub fn new(errno: Errno, syscall: &'static str, path: Option<&str>) -> FsError {
        FsError {
            errno,
            syscall,
            path: path.map(str::to_string),
            dest: None,
            special: None,
        }
    }

    /// Node's message: `CODE: description, syscall 'path' -> 'dest'`.
    pub fn message(&self) -> String {
        if let Some((_, m)) = &self.special {
            return m.clone();
        }
        let mut m = format!(
            "{}: {}, {}",
            self.errno.name(),
            uv_message(self.errno),
            self.syscall
        );
        if let Some(p) = &self.path {
            m.push_str(&format!(" '{p}'"));
        }
        if let Some(d) = &self.dest {
            m.push_str(&format!(" -> '{d}'"));
        }
        m
    }

    /// The error as the protocol carries it.
    pub fn to_json(&self) -> Value {
        let code = self
            .special
            .as_ref()
            .map(|(c, _)| *c)
            .unwrap_or(self.errno.name());
        let mut v = json!({
            "code": code,
            "errno": -self.errno.code(),
            "syscall": self.syscall,
            "message": self.message(),
        });
        if let Some(p) = &self.path {
            v["path"] = json!(p);
        }
        if let Some(d) = &self.dest {
            v["dest"] = json!(d);
        }
        v
    }
}

/// libuv's description of an error (what Node prints), falling back to strerror in lower case.
pub fn uv_message(e: Errno) -> String {
    let s = match e {
        Errno::ENOENT => "no such file or directory",
        Errno::EEXIST => "file already exists",
        Errno::ENOTDIR => "not a directory",
        Errno::EISDIR => "illegal operation on a directory",
        Errno::ENOTEMPTY => "directory not empty",
        Errno::EACCES => "permission denied",
        Errno::EPERM => "operation not permitted",
        Errno::EINVAL => "invalid argument",
        Errno::ELOOP => "too many symbolic links encountered",
        Errno::ENAMETOOLONG => "name too long",
        Errno::EBADF => "bad file descriptor",
        Errno::EXDEV => "cross-device link not permitted",
        Errno::EBUSY => "resource busy or locked",
        Errno::ENOSPC => "no space left on device",
        Errno::EROFS => "read-only file system",
        Errno::EMFILE => "too many open files",
        Errno::EIO => "i/o error",
        _ => return e.message().to_lowercase(),
    };
    s.to_string()
}

/// Wrap an errno from `syscall` on `path`.
fn at<'a>(syscall: &'static str, path: &'a str) -> impl Fn(Errno) -> FsError + 'a {
    move |e| FsError::new(e, syscall, Some(path))
}

/// Read a whole file.
pub async fn read_file(sys: &Sys, path: &str) -> FsResult<Vec<u8>> {
    let fd = sys
        .open(path, OFlags::RDONLY | OFlags::CLOEXEC, 0)
        .await
        .map_err(at("open", path))?;
    let r = sys.read_to_end(fd).await;
    let _ = sys.close(fd).await;
    r.map_err(|e| FsError::new(e, "read", None))
}

/// Create or truncate a file and write `data` into it.
pub async fn write_file(sys: &Sys, path: &str, data: &[u8]) -> FsResult<()> {
    let flags = OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC | OFlags::CLOEXEC;
    let fd = sys
        .open(path, flags, 0o666)
        .await
        .map_err(at("open", path))?;
    let r = sys.write_all(fd, data).await;
    let c = sys.close(fd).await;
    r.and(c).map_err(|e| FsError::new(e, "write", None))
}

/// The entries of a directory, sorted by name as libuv's scandir sorts them, with the type
/// code of the protocol (see [`type_code`]).
pub async fn readdir(sys: &Sys, path: &str) -> FsResult<Vec<(String, u8)>> {
    let mut v: Vec<(String, u8)> = sys
        .read_dir(path)
        .await
        .map_err(at("scandir", path))?
        .into_iter()
        .map(|d| (d.name, type_code(d.ftype)))
        .collect();
    v.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    Ok(v)
}

/// The protocol's file type numbers (upstream's DirEnt wire codes: 1 file, 2 directory; the
/// rest are ours).
pub fn type_code(t: FileType) -> u8 {
    match t {
        FileType::Regular => 1,
        FileType::Directory => 2,
        FileType::Symlink => 3,
        FileType::CharDevice => 4,
        FileType::BlockDevice => 5,
        FileType::Fifo => 6,
        FileType::Socket => 7,
    }
}

/// mkdir; with `recursive`, create missing parents and return the first directory created
/// (`None` when it all existed), as Node does.
pub async fn mkdir(sys: &Sys, path: &str, recursive: bool) -> FsResult<Option<String>> {
    if !recursive {
        return sys
            .mkdir(path, 0o777)
            .await
            .map(|_| None)
            .map_err(at("mkdir", path));
    }
    let mut first = None;
    let mut cur = String::new();
    for comp in path.split('/').filter(|c| !c.is_empty()) {
        cur.push('/');
        cur.push_str(comp);
        match sys.stat(&cur).await {
            Ok(st) if st.is_dir() => continue,
            Ok(_) => {
                let e = if cur == path {
                    Errno::EEXIST
                } else {
                    Errno::ENOTDIR
                };
                return Err(FsError::new(e, "mkdir", Some(path)));
            }
            Err(Errno::ENOENT) => {}
            Err(e) => return Err(FsError::new(e, "mkdir", Some(path))),
        }
        match sys.mkdir(&cur, 0o777).await {
            Ok(()) => {
                if first.is_none() {
                    first = Some(cur.clone());
                }
            }
            Err(Errno::EEXIST) => {}
            Err(e) => return Err(FsError::new(e, "mkdir", Some(path))),
        }
    }
    Ok(first)
}

/// rm: files and symlinks are unlinked; directories need `recursive`; `force` ignores a
/// missing path.
pub async fn rm(sys: &Sys, path: &str, recursive: bool, force: bool) -> FsResult<()> {
    let st = match sys.lstat(path).await {
        Ok(st) => st,
        Err(Errno::ENOENT) if force => return Ok(()),
        Err(e) => return Err(FsError::new(e, "lstat", Some(path))),
    };
    if !st.is_dir() {
        return sys.unlink(path).await.map_err(at("unlink", path));
    }
    if !recursive {
        let mut e = FsError::new(Errno::EISDIR, "rm", Some(path));
        e.special = Some((
            "ERR_FS_EISDIR",
            format!("Path is a directory: rm returned EISDIR (is a directory) {path}"),
        ));
        return Err(e);
    }
    remove_tree(sys, path).await
}

/// Remove a directory and everything below it (no recursion in async code: an explicit stack).
pub async fn remove_tree(sys: &Sys, root: &str) -> FsResult<()> {
    // (path, children already queued)
    let mut stack: Vec<(String, bool)> = vec![(root.to_string(), false)];
    while let Some((dir, expanded)) = stack.pop() {
        if expanded {
            sys.rmdir(&dir).await.map_err(at("rmdir", &dir))?;
            continue;
        }
        stack.push((dir.clone(), true));
        for d in sys.read_dir(&dir).await.map_err(at("scandir", &dir))? {
            let p = crate::paths::join(&dir, &d.name);
            if d.ftype == FileType::Directory {
                stack.push((p, false));
            } else {
                sys.unlink(&p).await.map_err(at("unlink", &p))?;
            }
        }
    }
    Ok(())
}

/// rename(2), with Node's `rename 'a' -> 'b'` message.
pub async fn rename(sys: &Sys, from: &str, to: &str) -> FsResult<()> {
    sys.rename(from, to).await.map_err(|e| {
        let mut err = FsError::new(e, "rename", Some(from));
        err.dest = Some(to.to_string());
        err
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_style_messages() {
        let e = FsError::new(Errno::ENOENT, "open", Some("/home/x/a"));
        assert_eq!(
            e.message(),
            "ENOENT: no such file or directory, open '/home/x/a'"
        );
        let v = e.to_json();
        assert_eq!(v["code"], "ENOENT");
        assert_eq!(v["errno"], -2);
        assert_eq!(v["path"], "/home/x/a");
        let mut r = FsError::new(Errno::ENOENT, "rename", Some("/a"));
        r.dest = Some("/b".into());
        assert_eq!(
            r.message(),
            "ENOENT: no such file or directory, rename '/a' -> '/b'"
        );
        let e = FsError::new(Errno::EISDIR, "read", None);
        assert_eq!(
            e.message(),
            "EISDIR: illegal operation on a directory, read"
        );
    }
}
