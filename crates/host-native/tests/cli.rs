//! End-to-end tests of the `wosix` binary: each test starts the real binary as a host process,
//! so argument parsing, booting, credentials, stream bridging and exit statuses are all
//! exercised together. The interactive test drives it through a real host pty
//! (tests/interactive.py).
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_wosix");

/// How long one run may take before the test fails as hung.
const DEADLINE: Duration = Duration::from_secs(90);

/// Run `wosix ARGS` with `stdin` on its standard input; (stdout, stderr, status).
fn wosix(args: &[&str], stdin: &str) -> (String, String, i32) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start wosix");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.as_bytes().to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let e = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let status = wait_with_deadline(&mut child, args);
    let _ = feeder.join();
    let out = String::from_utf8_lossy(&o.join().unwrap()).into_owned();
    let err = String::from_utf8_lossy(&e.join().unwrap()).into_owned();
    (out, err, status)
}

fn wait_with_deadline(child: &mut std::process::Child, what: &[&str]) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            return st.code().unwrap_or(-1);
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("wosix {what:?} did not finish within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn command_prints() {
    assert_eq!(
        wosix(&["-c", "echo hi"], ""),
        ("hi\n".into(), String::new(), 0)
    );
}

#[test]
fn command_positional_parameters() {
    let (out, _, st) = wosix(&["-c", "echo \"$0|$1|$2\"", "name", "a", "b c"], "");
    assert_eq!((out.as_str(), st), ("name|a|b c\n", 0));
}

#[test]
fn exit_status_is_the_shells() {
    assert_eq!(wosix(&["-c", "exit 3"], "").2, 3);
    assert_eq!(wosix(&["-c", "false"], "").2, 1);
}

#[test]
fn killed_by_signal_is_128_plus_n() {
    assert_eq!(wosix(&["-c", "kill -9 $$"], "").2, 137);
}

#[test]
fn stdin_is_bridged() {
    assert_eq!(
        wosix(&["-c", "sort"], "b\na\n"),
        ("a\nb\n".into(), String::new(), 0)
    );
}

#[test]
fn stdin_end_of_file_reaches_the_shell() {
    let (out, _, st) = wosix(&["-c", "cat; echo done"], "x\n");
    assert_eq!((out.as_str(), st), ("x\ndone\n", 0));
}

#[test]
fn stderr_is_bridged_separately() {
    let (out, err, st) = wosix(&["-c", "echo out; echo err >&2; exit 5"], "");
    assert_eq!((out.as_str(), err.as_str(), st), ("out\n", "err\n", 5));
}

#[test]
fn pipelines() {
    let (out, _, st) = wosix(&["-c", "echo a b c | tr ' ' '\\n' | sort -r"], "");
    assert_eq!((out.as_str(), st), ("c\nb\na\n", 0));
}

#[test]
fn large_output_arrives_whole() {
    let (out, _, st) = wosix(&["-c", "yes | head -n 100000"], "");
    assert_eq!(st, 0);
    assert_eq!(out.len(), 200_000);
    assert!(out.lines().all(|l| l == "y"));
}

#[test]
fn script_on_stdin() {
    let (out, _, st) = wosix(&[], "echo one\necho two\nexit 4\n");
    assert_eq!((out.as_str(), st), ("one\ntwo\n", 4));
}

#[test]
fn run_host_script_with_args() {
    let dir = std::env::temp_dir().join(format!("wosix-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("greet.sh");
    std::fs::write(&path, "echo \"hello $1 and $2\"\nid -u\nexit 6\n").unwrap();
    let (out, err, st) = wosix(&["run", path.to_str().unwrap(), "x", "y z"], "");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        (out.as_str(), err.as_str(), st),
        ("hello x and y z\n1000\n", "", 6)
    );
}

/// A WASI command, hand-assembled: `_start` calls `proc_exit(7)`.
const EXIT_SEVEN_WASM: &[u8] = &[
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00, // types (i32)->(), ()->()
    0x02, 0x24, 0x01, 0x16, b'w', b'a', b's', b'i', b'_', b's', b'n', b'a', b'p', b's', b'h', b'o',
    b't', b'_', b'p', b'r', b'e', b'v', b'i', b'e', b'w', b'1', 0x09, b'p', b'r', b'o', b'c', b'_',
    b'e', b'x', b'i', b't', 0x00, 0x00, // import proc_exit: type 0
    0x03, 0x02, 0x01, 0x01, // one function of type 1
    0x05, 0x03, 0x01, 0x00, 0x01, // one memory of one page
    0x07, 0x13, 0x02, 0x06, b'_', b's', b't', b'a', b'r', b't', 0x00, 0x01, 0x06, b'm', b'e', b'm',
    b'o', b'r', b'y', 0x02, 0x00, // exports _start, memory
    0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x07, 0x10, 0x00, 0x0b, // i32.const 7; call 0
];

#[test]
fn install_host_files_before_the_session() {
    let dir = std::env::temp_dir().join(format!("wosix-cli-install-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wasm = dir.join("seven.wasm");
    std::fs::write(&wasm, EXIT_SEVEN_WASM).unwrap();
    let script = dir.join("hello.sh");
    std::fs::write(&script, "echo hello from $0\n").unwrap();
    let spec_wasm = format!("{}:/usr/bin/seven", wasm.display());
    let spec_script = format!("--install={}:/opt/tools/hello", script.display());
    let (out, err, st) = wosix(
        &[
            "--install",
            &spec_wasm,
            &spec_script,
            "-c",
            "ls -l /usr/bin/seven /opt/tools/hello | cut -c1-22; seven; echo $?; sh /opt/tools/hello",
        ],
        "",
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(err, "");
    assert_eq!(
        (out.as_str(), st),
        (
            "-rwxr-xr-x 1 root root\n-rwxr-xr-x 1 root root\n7\nhello from /opt/tools/hello\n",
            0
        )
    );
    let (out, err, st) = wosix(&["--install", "/nonexistent/f:/x", "-c", "echo no"], "");
    assert_eq!(
        (out.as_str(), err.as_str(), st),
        ("", "wosix: /nonexistent/f: No such file or directory\n", 2)
    );
}

#[test]
fn run_missing_script() {
    let (out, err, st) = wosix(&["run", "/nonexistent/script.sh"], "");
    assert_eq!(out, "");
    assert_eq!(
        err,
        "wosix: /nonexistent/script.sh: No such file or directory\n"
    );
    assert_eq!(st, 2);
}

#[test]
fn default_user_and_root() {
    assert_eq!(wosix(&["-c", "id -u"], "").0, "1000\n");
    assert_eq!(wosix(&["--user", "root", "-c", "id -u"], "").0, "0\n");
    assert_eq!(wosix(&["-u", "root", "-c", "id -u"], "").0, "0\n");
}

#[test]
fn session_environment_and_home() {
    let (out, _, st) = wosix(
        &["-c", "pwd; echo $HOME $USER $LOGNAME $SHELL; echo $PATH"],
        "",
    );
    assert_eq!(st, 0);
    assert_eq!(
        out,
        "/home/user\n/home/user user user /bin/sh\n/usr/local/bin:/usr/bin:/bin\n"
    );
    let (out, _, _) = wosix(&["--user=root", "-c", "pwd; echo $PATH"], "");
    assert_eq!(out, "/root\n/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin\n");
}

#[test]
fn unknown_user() {
    let (out, err, st) = wosix(&["-u", "nosuch", "-c", "true"], "");
    assert_eq!(
        (out.as_str(), err.as_str(), st),
        ("", "wosix: unknown user: nosuch\n", 1)
    );
}

#[test]
fn shadow_is_root_only() {
    let (out, err, st) = wosix(&["-c", "cat /etc/shadow"], "");
    assert_eq!(out, "");
    assert_eq!(err, "cat: /etc/shadow: Permission denied\n");
    assert_eq!(st, 1);
    let (out, _, st) = wosix(&["-u", "root", "-c", "cat /etc/shadow"], "");
    assert_eq!(st, 0);
    assert!(out.starts_with("root:$6$"), "{out}");
}

#[test]
fn help_version_and_usage_errors() {
    let (out, err, st) = wosix(&["--help"], "");
    assert!(out.starts_with("Usage: wosix"), "{out}");
    assert_eq!((err.as_str(), st), ("", 0));
    let (out, _, st) = wosix(&["--version"], "");
    assert_eq!(
        (out, st),
        (format!("wosix {}\n", env!("CARGO_PKG_VERSION")), 0)
    );
    let (out, err, st) = wosix(&["--frobnicate"], "");
    assert_eq!((out.as_str(), st), ("", 2));
    assert!(
        err.starts_with("wosix: unrecognized option '--frobnicate'\nUsage: wosix"),
        "{err}"
    );
}

#[test]
fn closed_host_stdout_ends_the_session() {
    let mut child = Command::new(BIN)
        .args(["-c", "yes"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut buf = [0u8; 4];
    out.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"y\ny\n");
    drop(out);
    // yes(1) dies of SIGPIPE once the host side of its stdout is gone.
    assert_eq!(wait_with_deadline(&mut child, &["-c", "yes"]), 141);
}

/// A WASI command, hand-assembled: `_start` loops forever (`loop br 0 end`).
const BUSY_WASM: &[u8] = &[
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type () -> ()
    0x03, 0x02, 0x01, 0x00, // one function of type 0
    0x05, 0x03, 0x01, 0x00, 0x01, // one memory of one page
    0x07, 0x13, 0x02, 0x06, b'_', b's', b't', b'a', b'r', b't', 0x00, 0x00, 0x06, b'm', b'e', b'm',
    b'o', b'r', b'y', 0x02, 0x00, // exports _start, memory
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, // loop br 0 end
];

#[test]
fn interactive_job_control_through_a_host_pty() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interactive.py");
    let dir = std::env::temp_dir().join(format!("wosix-cli-busy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let busy = dir.join("busy.wasm");
    std::fs::write(&busy, BUSY_WASM).unwrap();
    let mut child = Command::new("python3")
        .args([script, BIN])
        .arg(&busy)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is needed for the interactive test");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let e = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let st = wait_with_deadline(&mut child, &["(interactive)"]);
    let (out, err) = (o.join().unwrap(), e.join().unwrap());
    assert_eq!(
        st, 0,
        "interactive session failed\n--- stdout\n{out}\n--- stderr\n{err}"
    );
}

#[test]
fn built_in_programs_report_their_heap_as_memory() {
    // sort holds 200 000 lines while it waits to write them into a full pipe; the shell's own
    // heap is small but not zero.
    let (out, err, st) = wosix(
        &[
            "-c",
            "seq 1 200000 | sort -n | (sleep 0.3; ps -o rss= -o comm=; ps -o rss= -p $$)",
        ],
        "",
    );
    assert_eq!((st, err.as_str()), (0, ""), "{out}");
    let rss_of = |name: &str| -> u64 {
        out.lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|f| f.len() == 2 && f[1] == name)
            .and_then(|f| f[0].parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {out:?}"))
    };
    let sort_kb = rss_of("sort");
    assert!(sort_kb > 1000, "sort holds its input: {sort_kb} kB\n{out}");
    let shell_kb: u64 = out
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    assert!(
        shell_kb > 0 && shell_kb < sort_kb,
        "shell: {shell_kb} kB\n{out}"
    );
}
