//! Test support: boot a machine, run a command line (or an argv) as a user with stdin given
//! and stdout/stderr captured, and return what happened. Used by unit and integration tests
//! across the workspace; the native CLI has its own, real-terminal host.

use crate::Userland;
use std::sync::{Arc, Mutex};
use wosix_abi::{Fd, FileAction, Gid, OFlags, SpawnAttrs, SpawnCreds, SpawnRequest, Uid};
use wosix_runtime::{Machine, StdHost, Sys};

/// What a finished command produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit status as the shell reports it (128 + signal for a killed process).
    pub status: i32,
}

/// A booted machine for tests.
pub fn machine() -> Machine {
    crate::boot(Arc::new(StdHost::new()), Userland::default())
}

/// Run `sh -c cmd` as `user` (uid 1000) in /home/user with empty stdin.
pub fn sh(cmd: &str) -> Output {
    run_on(&machine(), &["/bin/sh", "-c", cmd], 1000, b"")
}

/// Run `sh -c cmd` as root in /root.
pub fn sh_root(cmd: &str) -> Output {
    run_on(&machine(), &["/bin/sh", "-c", cmd], 0, b"")
}

/// Run `argv` on `m` as `uid` (0 or 1000) with `stdin`.
pub fn run_on(m: &Machine, argv: &[&str], uid: u32, stdin: &[u8]) -> Output {
    let sys = m.init();
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let stdin = stdin.to_vec();
    let m2 = m.clone();
    m.block_on(async move { run_in(&m2, &sys, argv, uid, stdin).await })
}

/// Run `sh -c script` on `m` as the user (uid 1000); None when it prints `stdout` and `stderr`
/// and exits with `status`, else a report of what it did instead (for tables of cases).
pub fn sh_case(
    m: &Machine,
    script: &str,
    stdout: &str,
    stderr: &str,
    status: i32,
) -> Option<String> {
    let o = run_on(m, &["/bin/sh", "-c", script], 1000, b"");
    if (o.stdout.as_str(), o.stderr.as_str(), o.status) == (stdout, stderr, status) {
        None
    } else {
        Some(format!(
            "sh -c {script:?}\n  want {stdout:?} {stderr:?} {status}\n  got  {:?} {:?} {}",
            o.stdout, o.stderr, o.status
        ))
    }
}

async fn drain(sys: Sys, fd: Fd, sink: Arc<Mutex<Vec<u8>>>) {
    loop {
        match sys.read_vec(fd, 65536).await {
            Ok(b) if !b.is_empty() => sink
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend_from_slice(&b),
            _ => break,
        }
    }
    let _ = sys.close(fd).await;
}

/// Spawn `argv` as `uid` with pipes for its standard streams, feed `stdin`, collect output.
pub async fn run_in(m: &Machine, sys: &Sys, argv: Vec<String>, uid: u32, stdin: Vec<u8>) -> Output {
    let (home, user, groups) = if uid == 0 {
        ("/root", "root", vec![Gid(0)])
    } else {
        ("/home/user", "user", vec![Gid(uid), Gid(10), Gid(100)])
    };
    let pipes = async {
        let i = sys.pipe(OFlags::CLOEXEC).await?;
        let o = sys.pipe(OFlags::CLOEXEC).await?;
        let e = sys.pipe(OFlags::CLOEXEC).await?;
        Ok::<_, wosix_abi::Errno>((i, o, e))
    };
    let Ok((i, o, e)) = pipes.await else {
        return Output {
            stdout: String::new(),
            stderr: "pipe failed".into(),
            status: 126,
        };
    };
    let path = if uid == 0 {
        "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
    } else {
        "/usr/local/bin:/usr/bin:/bin"
    };
    let req = SpawnRequest {
        path: argv.first().cloned().unwrap_or_default(),
        argv,
        envp: vec![
            format!("HOME={home}"),
            format!("USER={user}"),
            format!("LOGNAME={user}"),
            format!("PATH={path}"),
            "SHELL=/bin/sh".into(),
            format!("PWD={home}"),
        ],
        file_actions: vec![
            FileAction::Dup2 {
                from: i.0,
                to: Fd(0),
            },
            FileAction::Dup2 {
                from: o.1,
                to: Fd(1),
            },
            FileAction::Dup2 {
                from: e.1,
                to: Fd(2),
            },
            FileAction::Chdir(home.into()),
        ],
        attrs: SpawnAttrs {
            creds: Some(SpawnCreds {
                uid: Uid(uid),
                gid: Gid(uid),
                groups,
            }),
            ..SpawnAttrs::default()
        },
    };
    let spawned = sys.spawn(req).await;
    let watch = spawned.as_ref().ok().map(|pid| m.watch_exit(*pid));
    for fd in [i.0, o.1, e.1] {
        let _ = sys.close(fd).await;
    }
    let out = Arc::new(Mutex::new(Vec::new()));
    let err = Arc::new(Mutex::new(Vec::new()));
    let done = Arc::new(wosix_runtime::HostQueue::<()>::default());
    {
        let (s, o2, e2, d) = (sys.clone(), out.clone(), err.clone(), done.clone());
        let fd = e.0;
        m.spawn_task(async move {
            drain(s, fd, e2).await;
            d.push(());
            let _ = o2;
            0
        });
    }
    let _ = sys.write_all(i.1, &stdin).await;
    let _ = sys.close(i.1).await;
    drain(sys.clone(), o.0, out.clone()).await;
    done.pop().await;
    let status = match (spawned, watch) {
        (Ok(_), Some(w)) => w.pop().await.map(|s| s.shell_status()).unwrap_or(-1),
        (Err(e), _) => {
            err.lock()
                .unwrap_or_else(|x| x.into_inner())
                .extend_from_slice(format!("spawn: {}\n", e.message()).as_bytes());
            if e == wosix_abi::Errno::ENOENT {
                127
            } else {
                126
            }
        }
        _ => -1,
    };
    let s = |v: &Arc<Mutex<Vec<u8>>>| {
        String::from_utf8_lossy(&v.lock().unwrap_or_else(|x| x.into_inner())).into_owned()
    };
    Output {
        stdout: s(&out),
        stderr: s(&err),
        status,
    }
}

/// Run `argv` as `uid` (a login-like session: its own session, the pty as controlling
/// terminal, in the home directory) on a new pty of machine `m`; each time the terminal output so far ends
/// with the next trigger of `script`, type its reply. Returns everything the terminal showed.
pub fn run_pty(m: &Machine, argv: &[&str], uid: u32, script: &[(&str, &str)]) -> String {
    use wosix_abi::{Fd, FileAction, Gid, OFlags, SpawnAttrs, SpawnCreds, SpawnRequest, Uid};
    let sys = m.init();
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let script: Vec<(String, String)> = script
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    m.block_on(async move {
        let master = sys
            .open(
                "/dev/ptmx",
                OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
                0,
            )
            .await
            .expect("ptmx");
        let name = sys.ptsname(master).await.expect("ptsname");
        let slave = sys
            .open(&name, OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC, 0)
            .await
            .expect("slave");
        let (home, groups) = if uid == 0 {
            ("/root", vec![Gid(0)])
        } else {
            ("/home/user", vec![Gid(uid), Gid(10), Gid(100)])
        };
        let req = SpawnRequest {
            path: argv[0].clone(),
            argv,
            envp: vec![
                format!("HOME={home}"),
                "PATH=/usr/local/bin:/usr/bin:/bin".into(),
                "TERM=xterm".into(),
            ],
            file_actions: vec![
                FileAction::Dup2 {
                    from: slave,
                    to: Fd(0),
                },
                FileAction::Dup2 {
                    from: slave,
                    to: Fd(1),
                },
                FileAction::Dup2 {
                    from: slave,
                    to: Fd(2),
                },
                FileAction::Chdir(home.into()),
            ],
            attrs: SpawnAttrs {
                setsid: true,
                ctty: Some(Fd(0)),
                foreground: true,
                creds: Some(SpawnCreds {
                    uid: Uid(uid),
                    gid: Gid(uid),
                    groups,
                }),
                ..SpawnAttrs::default()
            },
        };
        sys.spawn(req).await.expect("spawn");
        let _ = sys.close(slave).await;
        let mut out = String::new();
        let mut step = 0;
        loop {
            match sys.read_vec(master, 4096).await {
                Ok(b) if !b.is_empty() => out.push_str(&String::from_utf8_lossy(&b)),
                _ => break,
            }
            if let Some((trigger, reply)) = script.get(step)
                && out.ends_with(trigger.as_str())
            {
                let _ = sys.write_all(master, reply.as_bytes()).await;
                step += 1;
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_runs_as_a_process() {
        let m = machine();
        let o = run_on(&m, &["/bin/echo", "hello", "world"], 1000, b"");
        assert_eq!(
            o,
            Output {
                stdout: "hello world\n".into(),
                stderr: String::new(),
                status: 0
            }
        );
        let o = run_on(&m, &["/bin/false"], 1000, b"");
        assert_eq!(o.status, 1);
        let o = run_on(&m, &["/bin/nonexistent"], 1000, b"");
        assert_eq!(o.status, 127);
    }
}
