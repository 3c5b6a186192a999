//! Development aid (ignored test): run the cases in `$SH_CASES` (separated by lines `----`)
//! in Wosix and in the host's dash, and print every difference. A case starting with
//! `#!stdin` is fed to the shell on standard input instead of `-c`.

use crate::testing;
use std::io::Write;

fn run_dash(cmd: &str, stdin_mode: bool) -> testing::Output {
    use std::os::unix::process::CommandExt;
    let dir = std::env::temp_dir().join("wosix-sh-dash");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let mut c = std::process::Command::new("dash");
    c.arg0("/bin/sh");
    if !stdin_mode {
        c.arg("-c").arg(cmd);
    }
    c.current_dir(&dir)
        .env("HOME", &dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let Ok(mut child) = c.spawn() else {
        return testing::Output {
            stdout: String::new(),
            stderr: "spawn".into(),
            status: -1,
        };
    };
    if let Some(mut i) = child.stdin.take()
        && stdin_mode
    {
        let _ = i.write_all(cmd.as_bytes());
    }
    match child.wait_with_output() {
        Ok(o) => testing::Output {
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            status: o.status.code().unwrap_or(-1),
        },
        Err(e) => testing::Output {
            stdout: String::new(),
            stderr: e.to_string(),
            status: -1,
        },
    }
}

#[test]
#[ignore]
fn compare_with_dash() {
    let Ok(path) = std::env::var("SH_CASES") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut bad = 0;
    for case in text
        .split("\n----\n")
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let m = testing::machine();
        let (stdin_mode, body) = match case.strip_prefix("#!stdin\n") {
            Some(b) => (true, format!("{b}\n")),
            None => (false, case.to_string()),
        };
        let t0 = std::time::Instant::now();
        let ours = if stdin_mode {
            testing::run_on(&m, &["/bin/sh"], 1000, body.as_bytes())
        } else {
            testing::run_on(&m, &["/bin/sh", "-c", &body], 1000, b"")
        };
        let dt = t0.elapsed();
        let theirs = run_dash(&body, stdin_mode);
        if ours != theirs {
            bad += 1;
            println!("=== CASE:\n{case}\n--- wosix: {ours:?}\n--- dash:  {theirs:?}");
        }
        if dt.as_millis() > 2000 || std::env::var("SH_TIMES").is_ok() {
            println!("=== TIME ({} ms): {case}", dt.as_millis());
        }
    }
    println!("{bad} differences");
}

/// Run the golden cases of tests/shell (filter with `$GOLDEN_FILTER`) and print failures.
#[test]
#[ignore]
fn golden_dev() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/shell/cases");
    let filter = std::env::var("GOLDEN_FILTER").unwrap_or_default();
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut names: Vec<String> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sh") && n.contains(&filter))
        .collect();
    names.sort();
    let (mut bad, mut total) = (0, 0);
    for n in names {
        let stem = n.trim_end_matches(".sh");
        let read = |ext: &str| {
            std::fs::read_to_string(dir.join(format!("{stem}.{ext}"))).unwrap_or_default()
        };
        let script = read("sh");
        let want = testing::Output {
            stdout: read("stdout"),
            stderr: read("stderr"),
            status: read("status").trim().parse().unwrap_or(-1),
        };
        let m = testing::machine();
        let t0 = std::time::Instant::now();
        let got = testing::run_on(&m, &["sh", "-c", script.trim_end_matches('\n')], 1000, b"");
        total += 1;
        if got != want {
            bad += 1;
            println!("=== {stem}\n{script}--- got:  {got:?}\n--- want: {want:?}");
        }
        if t0.elapsed().as_millis() > 2000 {
            println!("=== SLOW {stem}: {} ms", t0.elapsed().as_millis());
        }
    }
    println!("{bad} of {total} golden cases differ");
}

/// Drive an interactive shell on a pty with the keystrokes in `$SH_KEYS` (`\n`, `\x03`…
/// escapes allowed; `|` separates chunks sent 200 ms apart) and print the terminal output.
#[test]
#[ignore]
fn interactive_dev() {
    let Ok(keys) = std::env::var("SH_KEYS") else {
        return;
    };
    let m = testing::machine();
    let sys = m.init();
    let m2 = m.clone();
    let out = m.block_on(async move { drive_pty(&m2, &sys, &keys).await });
    println!(
        "----- terminal output -----\n{}\n----- end -----",
        out.replace('\x1b', "<ESC>").replace('\r', "<CR>")
    );
}

fn unescape(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            match b[i + 1] {
                b'n' => out.push(b'\r'),
                b'e' => out.push(0x1b),
                b'x' if i + 3 < b.len() => {
                    let h = std::str::from_utf8(&b[i + 2..i + 4])
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                        .unwrap_or(b'?');
                    out.push(h);
                    i += 2;
                }
                c => out.push(c),
            }
            i += 2;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Spawn `sh -i` as user on a new pty and type `keys`; returns everything the terminal showed.
pub async fn drive_pty(m: &wosix_runtime::Machine, sys: &wosix_runtime::Sys, keys: &str) -> String {
    use std::sync::{Arc, Mutex};
    use wosix_abi::*;
    let Ok(master) = sys
        .open("/dev/ptmx", OFlags::RDWR | OFlags::CLOEXEC, 0)
        .await
    else {
        return "no ptmx".into();
    };
    let Ok(slave) = sys.ptsname(master).await else {
        return "no ptsname".into();
    };
    let _ = sys.chown(&slave, Some(Uid(1000)), None).await;
    let req = SpawnRequest {
        path: "/bin/sh".into(),
        argv: vec!["-sh".into()],
        envp: vec![
            "HOME=/home/user".into(),
            "PATH=/usr/local/bin:/usr/bin:/bin".into(),
            "USER=user".into(),
            "TERM=xterm".into(),
        ],
        file_actions: vec![
            FileAction::Open {
                fd: Fd(0),
                path: slave.clone(),
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
            FileAction::Chdir("/home/user".into()),
        ],
        attrs: SpawnAttrs {
            setsid: true,
            ctty: Some(Fd(0)),
            ..SpawnAttrs::default()
        },
    };
    let pid = match sys.spawn(req).await {
        Ok(p) => p,
        Err(e) => return format!("spawn failed: {e:?}"),
    };
    let watch = m.watch_exit(pid);
    let buf = Arc::new(Mutex::new(Vec::new()));
    {
        let (s, b) = (sys.clone(), buf.clone());
        m.spawn_task(async move {
            while let Ok(chunk) = s.read_vec(master, 4096).await {
                if chunk.is_empty() {
                    break;
                }
                b.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend_from_slice(&chunk);
            }
            0
        });
    }
    let _ = sys.sleep_ns(300_000_000).await;
    for chunk in keys.split('|') {
        let _ = sys.write_all(master, &unescape(chunk)).await;
        let _ = sys.sleep_ns(300_000_000).await;
    }
    let _ = sys.write_all(master, b"\x04").await;
    let _ = sys.sleep_ns(300_000_000).await;
    let st = if watch.try_pop().is_some() {
        "exited"
    } else {
        "still running"
    };
    let text = String::from_utf8_lossy(&buf.lock().unwrap_or_else(|e| e.into_inner())).into_owned();
    format!("{text}\n[shell {st}]")
}
