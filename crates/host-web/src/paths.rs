//! Path arithmetic for the facade's file system API, whose paths are rooted at the workdir:
//! `fs.readFile('/a')` and `fs.readFile('a')` both name `<workdir>/a`, and `..` never leaves
//! the workdir (as with `@webcontainer/api`). Spawned processes see the whole machine.

/// Lexically normalise `path` (`.`, `..`, repeated slashes) below `root`, never escaping it.
/// The result is absolute and has no trailing slash (except `/` itself).
pub fn resolve_in(root: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    join(root, &parts.join("/"))
}

/// Resolve `path` the way a process with working directory `cwd` would (lexically): absolute
/// paths stay, relative ones are joined to `cwd`.
pub fn resolve_from(cwd: &str, path: &str) -> String {
    if path.starts_with('/') {
        resolve_in("/", path)
    } else {
        resolve_in("/", &format!("{cwd}/{path}"))
    }
}

/// `root` joined with the relative path `rel` (which may be empty).
pub fn join(root: &str, rel: &str) -> String {
    let root = root.trim_end_matches('/');
    match (root.is_empty(), rel.is_empty()) {
        (true, true) => "/".to_string(),
        (true, false) => format!("/{rel}"),
        (false, true) => root.to_string(),
        (false, false) => format!("{root}/{rel}"),
    }
}

/// The last component of `path` (`/` for the root).
pub fn basename(path: &str) -> &str {
    let t = path.trim_end_matches('/');
    if t.is_empty() {
        return "/";
    }
    t.rsplit('/').next().unwrap_or(t)
}

/// The parent directory of an absolute, normalised path (`/` for `/x` and for `/`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// Whether `name` is a valid single path component for a workdir name (upstream's rule: no
/// slash, not `.` or `..`, not empty).
pub fn valid_folder_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains('/') && !name.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooted_resolution_never_escapes() {
        assert_eq!(resolve_in("/home/p", "/a/b"), "/home/p/a/b");
        assert_eq!(resolve_in("/home/p", "a/./b/"), "/home/p/a/b");
        assert_eq!(
            resolve_in("/home/p", "../../etc/passwd"),
            "/home/p/etc/passwd"
        );
        assert_eq!(resolve_in("/home/p", ""), "/home/p");
        assert_eq!(resolve_in("/home/p", "/"), "/home/p");
        assert_eq!(resolve_in("/", "x/../y"), "/y");
    }

    #[test]
    fn cwd_resolution_and_components() {
        assert_eq!(resolve_from("/home/p", "src"), "/home/p/src");
        assert_eq!(resolve_from("/home/p", "/tmp/../bin"), "/bin");
        assert_eq!(basename("/a/b"), "b");
        assert_eq!(basename("/"), "/");
        assert_eq!(parent("/a/b"), "/a");
        assert_eq!(parent("/a"), "/");
        assert!(valid_folder_name("project"));
        assert!(!valid_folder_name("a/b"));
        assert!(!valid_folder_name(".."));
    }
}
