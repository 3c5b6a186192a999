//! End-to-end checks that need several processes: pipelines built with `spawn` and pipes
//! (early exit of the reader, streaming), `tail -f` following a growing file, and in-place
//! edits (`sed -i`, `sort -o`).

use super::e2e::setup;
use crate::testing::run_on;
use wosix_abi::{
    FcntlCmd, Fd, FileAction, Gid, OFlags, Pid, SpawnAttrs, SpawnCreds, SpawnRequest, Uid,
};
use wosix_runtime::{Machine, Sys};

fn request(argv: &[&str], actions: Vec<FileAction>) -> SpawnRequest {
    let mut file_actions = actions;
    file_actions.push(FileAction::Chdir("/home/user".into()));
    SpawnRequest {
        path: argv[0].to_string(),
        argv: argv.iter().map(|s| s.to_string()).collect(),
        envp: vec!["PATH=/usr/bin:/bin".into(), "HOME=/home/user".into()],
        file_actions,
        attrs: SpawnAttrs {
            creds: Some(SpawnCreds {
                uid: Uid(1000),
                gid: Gid(1000),
                groups: vec![Gid(1000)],
            }),
            ..SpawnAttrs::default()
        },
    }
}

async fn drain(sys: &Sys, fd: Fd) -> Vec<u8> {
    let mut out = Vec::new();
    while let Ok(b) = sys.read_vec(fd, 65536).await {
        if b.is_empty() {
            break;
        }
        out.extend(b);
    }
    let _ = sys.close(fd).await;
    out
}

/// A pipe whose ends are above the standard descriptors (process 1 may have none open, so
/// a plain pipe could land on 0 and 1 and collide with the children's redirections).
async fn high_pipe(sys: &Sys) -> (Fd, Fd) {
    let (r, w) = sys.pipe(OFlags::CLOEXEC).await.expect("pipe");
    let mut ends = Vec::new();
    for fd in [r, w] {
        let n = sys
            .fcntl(fd, FcntlCmd::DupFdCloexec(Fd(10)))
            .await
            .expect("dup");
        let _ = sys.close(fd).await;
        ends.push(Fd(n as u32));
    }
    (ends[0], ends[1])
}

/// Run `stages` connected by pipes; returns the last stage's stdout and every status.
fn pipeline(m: &Machine, stages: &[&[&str]]) -> (String, Vec<i32>) {
    let sys = m.init();
    let m2 = m.clone();
    let stages: Vec<Vec<String>> = stages
        .iter()
        .map(|s| s.iter().map(|x| x.to_string()).collect())
        .collect();
    m.block_on(async move {
        let mut input = Fd(u32::MAX);
        let mut watches = Vec::new();
        let mut out_read = Fd(u32::MAX);
        let (er, ew) = high_pipe(&sys).await;
        for (k, st) in stages.iter().enumerate() {
            let (r, w) = high_pipe(&sys).await;
            let mut actions = vec![
                FileAction::Dup2 {
                    from: w,
                    to: Fd::STDOUT,
                },
                FileAction::Dup2 {
                    from: ew,
                    to: Fd::STDERR,
                },
            ];
            if k > 0 {
                actions.push(FileAction::Dup2 {
                    from: input,
                    to: Fd::STDIN,
                });
            }
            let argv: Vec<&str> = st.iter().map(String::as_str).collect();
            let pid = sys.spawn(request(&argv, actions)).await.expect("spawn");
            watches.push(m2.watch_exit(pid));
            let _ = sys.close(w).await;
            if k > 0 {
                let _ = sys.close(input).await;
            }
            input = r;
            out_read = r;
        }
        let _ = sys.close(ew).await;
        let out = drain(&sys, out_read).await;
        let err = drain(&sys, er).await;
        assert!(err.is_empty(), "stderr: {}", String::from_utf8_lossy(&err));
        let mut statuses = Vec::new();
        for w in watches {
            statuses.push(w.pop().await.map(|s| s.shell_status()).unwrap_or(-1));
        }
        (String::from_utf8_lossy(&out).into_owned(), statuses)
    })
}

fn write_file(m: &Machine, path: &str, data: &str, append: bool) {
    let sys = m.init();
    let (path, data) = (path.to_string(), data.as_bytes().to_vec());
    m.block_on(async move {
        let flags = OFlags::WRONLY
            | OFlags::CREAT
            | if append {
                OFlags::APPEND
            } else {
                OFlags::TRUNC
            };
        let fd = sys.open(&path, flags, 0o666).await.expect("open");
        sys.write_all(fd, &data).await.expect("write");
        let _ = sys.close(fd).await;
    });
}

#[test]
fn pipelines() {
    let m = setup();
    let (out, st) = pipeline(&m, &[&["yes"], &["head", "-n", "3"]]);
    assert_eq!(out, "y\ny\ny\n");
    assert_eq!(st[1], 0);
    assert!(
        st[0] != 0,
        "yes must stop when its reader goes away: {st:?}"
    );
    let (out, _) = pipeline(&m, &[&["seq", "100000"], &["tail", "-n", "2"]]);
    assert_eq!(out, "99999\n100000\n");
    let (out, _) = pipeline(&m, &[&["seq", "100000"], &["grep", "-c", "7"]]);
    assert_eq!(out, "40951\n");
    let (out, _) = pipeline(
        &m,
        &[
            &["cat", "dup"],
            &["sort"],
            &["uniq", "-c"],
            &["sort", "-rn"],
            &["head", "-n", "1"],
        ],
    );
    assert_eq!(out, "      3 c\n");
    let (out, _) = pipeline(
        &m,
        &[
            &["seq", "5"],
            &["xargs", "-n", "2", "-P", "2", "echo"],
            &["sort"],
        ],
    );
    assert_eq!(out, "1 2\n3 4\n5\n");
    let (out, _) = pipeline(
        &m,
        &[
            &["printf", "a.txt\\nb.txt\\n"],
            &["xargs", "diff", "-u", "--label", "x", "--label", "y"],
            &["wc", "-l"],
        ],
    );
    assert_eq!(out, "9\n");
}

#[test]
fn recursive_grep_in_cwd() {
    let m = setup();
    let o = run_on(&m, &["grep", "-r", "there"], 1000, b"");
    assert_eq!((o.stdout.as_str(), o.status), ("d/e/b:hi there\n", 0));
    let o = run_on(&m, &["grep", "-r", "there", "."], 1000, b"");
    assert_eq!(o.stdout, "./d/e/b:hi there\n");
}

#[test]
fn in_place_edits() {
    let m = setup();
    let o = run_on(&m, &["sed", "-i.bak", "s/a/X/", "f"], 1000, b"");
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("", "", 0)
    );
    assert_eq!(
        run_on(&m, &["sed", "-n", "p", "f"], 1000, b"").stdout,
        "b\nX\nc\n"
    );
    assert_eq!(
        run_on(&m, &["sed", "-n", "p", "f.bak"], 1000, b"").stdout,
        "b\na\nc\n"
    );
    assert_eq!(
        run_on(&m, &["sort", "-r", "-o", "sorted", "s1"], 1000, b"").status,
        0
    );
    let o = run_on(&m, &["sort", "-o", "sorted", "sorted", "s2"], 1000, b"");
    assert_eq!(o.status, 0, "{o:?}");
    assert_eq!(
        run_on(&m, &["head", "-n", "9", "sorted"], 1000, b"").stdout,
        "apple\nbanana\nbanana\ncherry\ncherry\ndate\n"
    );
    let o = run_on(
        &m,
        &["sed", "-n", "-e", "2w out.txt", "-e", "1r f.bak", "s1"],
        1000,
        b"",
    );
    assert_eq!(o.stdout, "b\na\nc\n");
    assert_eq!(
        run_on(&m, &["tail", "out.txt"], 1000, b"").stdout,
        "banana\n"
    );
}

#[test]
fn tail_follows_a_growing_file() {
    let m = setup();
    write_file(&m, "/home/user/log", "one\n", false);
    let sys = m.init();
    let m2 = m.clone();
    let got = m.block_on(async move {
        let (r, w) = high_pipe(&sys).await;
        let req = request(
            &["tail", "-f", "log"],
            vec![FileAction::Dup2 {
                from: w,
                to: Fd::STDOUT,
            }],
        );
        let pid: Pid = sys.spawn(req).await.expect("spawn");
        let exit = m2.watch_exit(pid);
        let _ = sys.close(w).await;
        let mut seen = sys.read_vec(r, 4096).await.expect("read");
        let fd = sys
            .open("/home/user/log", OFlags::WRONLY | OFlags::APPEND, 0)
            .await
            .expect("open");
        sys.write_all(fd, b"two\n").await.expect("append");
        let _ = sys.close(fd).await;
        seen.extend(sys.read_vec(r, 4096).await.expect("read"));
        let _ = sys
            .kill(pid.0 as i32, Some(wosix_abi::Signal::SIGTERM))
            .await;
        let _ = exit.pop().await;
        let _ = sys.close(r).await;
        String::from_utf8_lossy(&seen).into_owned()
    });
    assert_eq!(got, "one\ntwo\n");
}

#[test]
fn every_program_has_help() {
    let m = setup();
    for p in super::PROGRAMS {
        let o = run_on(&m, &[p.name, "--help"], 1000, b"");
        assert_eq!(o.status, 0, "{}: {o:?}", p.name);
        assert!(o.stdout.starts_with("Usage"), "{}: {o:?}", p.name);
        assert!(o.stderr.is_empty(), "{}: {o:?}", p.name);
        let o = run_on(&m, &[p.name, "--version"], 1000, b"");
        assert_eq!(o.status, 0, "{} --version: {o:?}", p.name);
    }
}
