//! WASIX process extensions end to end: the guest of tests/wasi/wasix (which declares the
//! `wasix_32v1` imports itself) is built for wasm32-wasip1 at test time, installed into a
//! booted machine and run as user 1000 by the native executor: pids, the working directory,
//! pipes and spawn with file actions, join, signals, and the terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;
use std::sync::OnceLock;
use wosix_abi::{Fd, FileAction, OFlags, SpawnAttrs, SpawnRequest, Winsize};

/// poll(2)'s POLLIN.
const POLLIN: u16 = 1;
use common::{boot, guest_target_dir, install, repo, sh};
use wosix_runtime::Machine;
use wosix_userland::testing::{Output, run_on};

/// The WASIX guest, built once per test binary.
fn guest_wasm() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = repo().join("tests/wasi/wasix");
        let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--release", "--quiet", "--target", "wasm32-wasip1"])
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", guest_target_dir())
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .status()
            .expect("cargo runs");
        assert!(
            st.success(),
            "building the WASIX guest failed (`rustup target add wasm32-wasip1`?)"
        );
        let wasm = guest_target_dir().join("wasm32-wasip1/release/wasixtest.wasm");
        std::fs::read(wasm).expect("guest built")
    })
}

/// A booted machine with the WASI executor and the guest as /usr/bin/wasixtest.
fn machine() -> Machine {
    let m = boot();
    install(&m, "/usr/bin/wasixtest", guest_wasm().to_vec(), 0o755);
    m
}

fn guest(m: &Machine, sub: &str) -> Output {
    let o = run_on(m, &["/usr/bin/wasixtest", sub], 1000, b"");
    assert_eq!((o.status, o.stderr.as_str()), (0, ""), "{}", o.stdout);
    o
}

#[test]
fn pids_match_the_shell() {
    let m = machine();
    let o = sh(&m, "echo $$; wasixtest ids; true");
    assert_eq!(o.status, 0, "{}", o.stderr);
    let mut lines = o.stdout.lines();
    let shell = lines.next().unwrap_or_default();
    let ids = lines.next().unwrap_or_default();
    let (pid, ppid) = ids
        .strip_prefix("pid=")
        .and_then(|r| r.strip_suffix(" errno=0"))
        .and_then(|r| r.split_once(" ppid="))
        .unwrap_or_else(|| panic!("unexpected: {ids:?}"));
    assert_eq!(ppid, shell, "the guest's parent is the shell");
    assert_ne!(pid, ppid);
    assert!(pid.parse::<u32>().is_ok_and(|p| p > 1), "{pid}");
}

#[test]
fn getcwd_and_chdir() {
    let m = machine();
    let o = guest(&m, "cwd");
    assert_eq!(
        o.stdout,
        "cwd=/home/user\n\
         chdir /tmp: 0\n\
         cwd=/tmp\n\
         relative file in /tmp: true\n\
         small buffer: errno 61, needs 4\n\
         chdir /nonexistent: 44\n\
         cwd=/tmp\n"
    );
}

#[test]
fn pipes_spawn_with_file_actions_and_join() {
    let m = machine();
    let o = guest(&m, "spawn");
    assert_eq!(
        o.stdout,
        "spawn echo: errno 0, pid>0 true\n\
         fd_dup: errno 0, new fd differs true, write ok true\n\
         join echo: errno 0, same pid true, exit 0\n\
         pipe carried: [\"hi\", \"via dup\"]\n\
         spawn3 sh: errno 0; join any: errno 0, same pid true, exit 3\n\
         spawn with open: errno 0, exit 0, file has \"to a file\\n\"\n\
         missing program: errno 44\n\
         bad dup2 source: errno 8\n\
         join with no children: errno 12, nothing\n\
         proc_fork: errno 58\n"
    );
}

#[test]
fn kill_a_child_and_see_the_signal() {
    let m = machine();
    let o = guest(&m, "kill");
    assert_eq!(
        o.stdout,
        "spawn sleep: errno 0\n\
         non-blocking join: errno 0, nothing\n\
         probe: errno 0\n\
         SIGTERM: errno 0\n\
         join: errno 0, same pid true, signal 15 (code 143)\n\
         signal a reaped pid: errno 71\n"
    );
}

#[test]
fn tty_calls_without_a_terminal_fail_with_notty() {
    let m = machine();
    let o = guest(&m, "tty");
    assert_eq!(o.stdout, "tty_get: errno 59\ntty_set: errno 59\n");
}

#[test]
fn tty_size_and_raw_mode_on_a_pty() {
    let m = machine();
    let sys = m.init();
    let m2 = m.clone();
    let out = m.block_on(async move {
        let master = sys
            .open("/dev/ptmx", OFlags::RDWR | OFlags::CLOEXEC, 0)
            .await
            .expect("ptmx");
        let slave = sys.ptsname(master).await.expect("ptsname");
        let req = SpawnRequest {
            path: "/usr/bin/wasixtest".into(),
            argv: vec!["wasixtest".into(), "tty".into()],
            envp: vec![],
            file_actions: vec![
                FileAction::Open {
                    fd: Fd(0),
                    path: slave,
                    flags: OFlags::RDWR,
                    mode: 0,
                },
                FileAction::Dup2 {
                    from: Fd(0),
                    to: Fd(1),
                },
                FileAction::Dup2 {
                    from: Fd(0),
                    to: Fd(2),
                },
            ],
            attrs: SpawnAttrs {
                setsid: true,
                ctty: Some(Fd(0)),
                ..SpawnAttrs::default()
            },
        };
        let size = Winsize {
            rows: 30,
            cols: 100,
            xpixel: 0,
            ypixel: 0,
        };
        sys.set_winsize(master, size).await.expect("winsize");
        let pid = sys.spawn(req).await.expect("spawn");
        // Init reaps its children; the machine reports the exit status to a watcher.
        let status = m2.watch_exit(pid).pop().await;
        let mut out = Vec::new();
        while sys
            .poll(vec![(master, POLLIN)], Some(50))
            .await
            .is_ok_and(|r| r.first().is_some_and(|e| e & POLLIN != 0))
        {
            match sys.read_vec(master, 4096).await {
                Ok(b) if !b.is_empty() => out.extend_from_slice(&b),
                _ => break,
            }
        }
        (status, String::from_utf8_lossy(&out).replace('\r', ""))
    });
    assert_eq!(out.0, Some(wosix_abi::WaitStatus::Exited(0)), "{}", out.1);
    assert_eq!(
        out.1,
        "tty 100x30 stdio [1, 1, 1] echo 1 line_buffered 1\n\
         raw: set 0 get 0 echo 0 line_buffered 0\n\
         restored: set 0 echo 1 line_buffered 1\n"
    );
}
