//! Helpers shared by the guest test suites (wasi.rs, wasix.rs, sqlite.rs): where the repository
//! and the guest build folder are, a machine booted with the native WebAssembly executor, and
//! installing files into it and running shell commands as a user.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

#[path = "../../src/wasm/mod.rs"]
#[allow(dead_code)]
pub mod wasm;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use wosix_abi::OFlags;
use wosix_runtime::{Machine, StdHost};
use wosix_userland::Userland;
use wosix_userland::testing::{Output, run_on};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where guests are built (under the cargo target dir, which may be outside the clone).
pub fn guest_target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d).join("wasi-guests"),
        None => repo().join("target/wasi-guests"),
    }
}

/// A machine booted with the native WebAssembly executor.
pub fn boot() -> Machine {
    wosix_userland::boot(
        Arc::new(StdHost::new()),
        Userland {
            wasm: wasm::executor(),
        },
    )
}

/// Write `data` to `path` in the machine as root, with `mode`.
pub fn install(m: &Machine, path: &str, data: Vec<u8>, mode: u32) {
    let sys = m.init();
    let path = path.to_string();
    let r = m.block_on(async move {
        let fd = sys
            .open(&path, OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC, mode)
            .await?;
        let w = sys.write_all(fd, &data).await;
        sys.close(fd).await?;
        w?;
        sys.chmod(&path, mode).await
    });
    r.expect("install into the VFS");
}

/// `argv` as user 1000 with `stdin`.
pub fn run(m: &Machine, argv: &[&str], stdin: &[u8]) -> Output {
    run_on(m, argv, 1000, stdin)
}

/// `sh -c cmd` as user 1000 in /home/user.
pub fn sh(m: &Machine, cmd: &str) -> Output {
    run_on(m, &["/bin/sh", "-c", cmd], 1000, b"")
}

/// `sh -c cmd` as root.
pub fn sh_root(m: &Machine, cmd: &str) -> Output {
    run_on(m, &["/bin/sh", "-c", cmd], 0, b"")
}
