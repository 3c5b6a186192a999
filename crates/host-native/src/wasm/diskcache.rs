//! The on-disk cache of compiled modules, so that a big guest (CPython is 26 MB of wasm,
//! several seconds of Cranelift) is compiled once per host, not once per `wosix` run.
//!
//! Entries live in `$WOSIX_MODULE_CACHE` (default `$XDG_CACHE_HOME/wosix/modules`, else
//! `~/.cache/wosix/modules`; the value `off` disables the cache). An entry's name is the
//! SHA-256 of the module's bytes and the engine's compatibility hash (wasmtime version,
//! target, settings), so a different wasmtime or configuration never reads it. Its contents
//! are wasmtime's serialized module followed by the SHA-256 of those bytes; an entry whose
//! checksum does not match (a torn write, a full disk) is ignored and rewritten. Writes go to
//! a temporary file renamed into place, so concurrent `wosix` processes never see half an entry.

use sha2::{Digest, Sha256};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use wasmtime::{Engine, Module};

/// The cache directory, or `None` when caching is off or no home directory is known.
fn dir() -> Option<PathBuf> {
    match std::env::var_os("WOSIX_MODULE_CACHE") {
        Some(v) if v == "off" => None,
        Some(v) if !v.is_empty() => Some(PathBuf::from(v)),
        _ => {
            let base = std::env::var_os("XDG_CACHE_HOME")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?;
            Some(base.join("wosix").join("modules"))
        }
    }
}

/// The file of the entry for a module with content hash `key` on `engine`.
fn entry(dir: &Path, engine: &Engine, key: &[u8; 32]) -> PathBuf {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut h);
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    dir.join(format!("{hex}-{:016x}.cwasm", h.finish()))
}

/// The module for `bytes` (content hash `key`): from the disk cache when a valid entry exists,
/// else compiled and stored. Cache failures only cost the compilation.
pub fn load_or_compile(engine: &Engine, key: &[u8; 32], bytes: &[u8]) -> Result<Module, String> {
    let Some(dir) = dir() else {
        return Module::new(engine, bytes).map_err(|e| e.to_string());
    };
    let path = entry(&dir, engine, key);
    if let Some(m) = load(engine, &path) {
        return Ok(m);
    }
    let module = Module::new(engine, bytes).map_err(|e| e.to_string())?;
    if let Ok(ser) = module.serialize() {
        store(&dir, &path, &ser);
    }
    Ok(module)
}

/// A valid entry at `path`, deserialized.
fn load(engine: &Engine, path: &Path) -> Option<Module> {
    let data = std::fs::read(path).ok()?;
    let (body, sum) = data.split_at(data.len().checked_sub(32)?);
    if Sha256::digest(body).as_slice() != sum {
        return None;
    }
    // SAFETY: `body` is exactly what `Module::serialize` wrote for an engine with the same
    // compatibility hash (the file name says so), and its checksum matches, so it is not a
    // torn or foreign file. The cache directory belongs to the user running `wosix`; someone
    // able to write there can already replace the `wosix` binary's inputs.
    unsafe { Module::deserialize(engine, body) }.ok()
}

/// Write an entry atomically (temporary file, then rename); errors are ignored.
fn store(dir: &Path, path: &Path, ser: &[u8]) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut data = Vec::with_capacity(ser.len() + 32);
    data.extend_from_slice(ser);
    data.extend_from_slice(&Sha256::digest(ser));
    if std::fs::write(&tmp, &data).is_ok() && std::fs::rename(&tmp, path).is_ok() {
        return;
    }
    let _ = std::fs::remove_file(&tmp);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A tiny module exporting `answer() -> i32` (42).
    const WAT_BYTES: &[u8] = &[
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
        0x03, 0x02, 0x01, 0x00, // func 0 has type 0
        0x07, 0x0a, 0x01, 0x06, b'a', b'n', b's', b'w', b'e', b'r', 0x00, 0x00, // export
        0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b, // code: i32.const 42
    ];

    #[test]
    fn entries_round_trip_and_corruption_is_ignored() {
        let engine = Engine::default();
        let tmp = std::env::temp_dir().join(format!("wosix-modcache-{}", std::process::id()));
        let key: [u8; 32] = Sha256::digest(WAT_BYTES).into();
        let path = entry(&tmp, &engine, &key);
        let m = Module::new(&engine, WAT_BYTES).unwrap();
        store(&tmp, &path, &m.serialize().unwrap());
        let loaded = load(&engine, &path).expect("a valid entry loads");
        assert!(loaded.get_export("answer").is_some());
        // Flip one byte: the checksum no longer matches and the entry is ignored.
        let mut data = std::fs::read(&path).unwrap();
        data[10] ^= 0xff;
        std::fs::write(&path, &data).unwrap();
        assert!(load(&engine, &path).is_none());
        // Truncated to less than a checksum.
        std::fs::write(&path, b"short").unwrap();
        assert!(load(&engine, &path).is_none());
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
