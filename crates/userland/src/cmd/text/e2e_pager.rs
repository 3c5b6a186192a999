//! End-to-end checks of the pagers on a real pseudo-terminal: `more` pauses at `--More--`
//! and pages on space, `less` jumps to the end with `G` and quits with `q`.

use super::e2e::setup;
use wosix_abi::{Fd, FileAction, Gid, OFlags, SpawnAttrs, SpawnCreds, SpawnRequest, Uid};
use wosix_runtime::Machine;

/// Run `argv` as the user on a new pty; whenever the screen output so far ends with the next
/// trigger of `script`, type its reply. Returns everything the terminal showed.
fn run_pty(m: &Machine, argv: &[&str], script: &[(&str, &str)]) -> String {
    let sys = m.init();
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let script: Vec<(String, String)> = script
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    m.block_on(async move {
        let flags = OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC;
        let master = sys.open("/dev/ptmx", flags, 0).await.expect("ptmx");
        let name = sys.ptsname(master).await.expect("ptsname");
        let slave = sys.open(&name, flags, 0).await.expect("slave");
        let req = SpawnRequest {
            path: argv[0].clone(),
            argv,
            envp: vec![
                "HOME=/home/user".into(),
                "PATH=/usr/bin:/bin".into(),
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
                FileAction::Chdir("/home/user".into()),
            ],
            attrs: SpawnAttrs {
                setsid: true,
                ctty: Some(Fd(0)),
                foreground: true,
                creds: Some(SpawnCreds {
                    uid: Uid(1000),
                    gid: Gid(1000),
                    groups: vec![Gid(1000)],
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

fn numbers(m: &Machine) {
    let sys = m.init();
    m.block_on(async move {
        let data: String = (1..=50).map(|i| format!("{i}\n")).collect();
        let fd = sys
            .open(
                "/home/user/n50",
                OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC,
                0o644,
            )
            .await
            .expect("open");
        sys.write_all(fd, data.as_bytes()).await.expect("write");
        let _ = sys.close(fd).await;
    });
}

#[test]
fn more_pages_on_a_terminal() {
    let m = setup();
    numbers(&m);
    let out = run_pty(
        &m,
        &["more", "n50"],
        &[("\x1b[27m", " "), ("\x1b[27m", "q")],
    );
    let first = out.find("--More--").expect("a prompt");
    assert!(
        out[..first].contains("23\r\n") && !out[..first].contains("24\r\n"),
        "{out:?}"
    );
    assert!(out.contains("46\r\n") && !out.contains("47\r\n"), "{out:?}");
}

#[test]
fn less_moves_and_quits() {
    let m = setup();
    numbers(&m);
    let out = run_pty(
        &m,
        &["less", "n50"],
        &[("n50\x1b[27m", "G"), ("(END)\x1b[27m", "q")],
    );
    assert!(out.contains("(END)"), "{out:?}");
    let end = out.rfind("(END)").unwrap_or(0);
    assert!(out[..end].contains("\r\n50\r\n"), "{out:?}");
}
