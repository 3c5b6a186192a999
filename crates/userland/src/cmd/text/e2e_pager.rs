//! End-to-end checks of the pagers on a real pseudo-terminal: `more` pauses at `--More--`
//! and pages on space, `less` jumps to the end with `G` and quits with `q`.

use super::e2e::setup;
use wosix_abi::OFlags;
use wosix_runtime::Machine;

/// Run `argv` as the user on a new pty (see [`crate::testing::run_pty`]).
fn run_pty(m: &Machine, argv: &[&str], script: &[(&str, &str)]) -> String {
    crate::testing::run_pty(m, argv, 1000, script)
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
