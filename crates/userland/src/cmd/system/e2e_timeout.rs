//! End-to-end cases for timeout: deadlines, signals, `-k`, `--preserve-status`,
//! `--foreground`, and the 124–127 statuses; the expected outputs come from GNU coreutils'
//! timeout run on the host with the same command lines.

use crate::testing::{machine, run_on};

#[test]
fn timeout() {
    let m = machine();
    let hint = "Try 'timeout --help' for more information.\n";
    // `None` for stderr: the shell may report a job killed by a signal ("Killed"), which
    // is the shell's business, not timeout's.
    let rows: &[(&str, &str, Option<&str>)] = &[
        ("timeout 0.2 sleep 5; echo $?", "124\n", Some("")),
        ("timeout 1 true; echo $?", "0\n", Some("")),
        ("timeout 1 false; echo $?", "1\n", Some("")),
        ("timeout 10 sleep 0.1; echo $?", "0\n", Some("")),
        ("timeout 1 sh -c 'exit 3'; echo $?", "3\n", Some("")),
        ("timeout 0 true; echo $?", "0\n", Some("")),
        ("timeout 1e-1 sleep 1; echo $?", "124\n", Some("")),
        ("timeout -- 0.1 sleep 1; echo $?", "124\n", Some("")),
        ("timeout 0.1s sleep 1; echo $?", "124\n", Some("")),
        (
            "timeout 1m true && timeout 1d true && timeout inf true; echo $?",
            "0\n",
            Some(""),
        ),
        ("timeout -s term 0.1 sleep 1; echo $?", "124\n", Some("")),
        ("timeout -s SIGINT 0.1 sleep 1; echo $?", "124\n", Some("")),
        (
            "timeout --preserve-status 0.2 sleep 5; echo $?",
            "143\n",
            Some(""),
        ),
        (
            "timeout -s KILL 0.2 sleep 5 2>/dev/null; echo $?",
            "137\n",
            None,
        ),
        (
            "timeout -s 9 0.2 sleep 5 2>/dev/null; echo $?",
            "137\n",
            None,
        ),
        (
            "timeout -k 0.2 0.2 sh -c 'trap \"\" TERM; sleep 5' 2>/dev/null; echo $?",
            "137\n",
            None,
        ),
        (
            "timeout --foreground -k 0.2 0.2 sh -c 'trap \"\" TERM; sleep 5'; echo $?",
            "137\n",
            Some(""),
        ),
        (
            "timeout -s TERM 0.2 sh -c 'trap \"echo got; exit 7\" TERM; sleep 3 & wait'; echo $?",
            "got\n124\n",
            None,
        ),
        (
            "timeout --foreground 0.2 sleep 5; echo $?",
            "124\n",
            Some(""),
        ),
        (
            "timeout -v 0.2 sleep 1; echo $?",
            "124\n",
            Some("timeout: sending signal TERM to command 'sleep'\n"),
        ),
        ("echo hi | timeout 1 cat; echo $?", "hi\n0\n", Some("")),
        ("seq 3 | timeout 2 sort -r | head -1", "3\n", Some("")),
        (
            "timeout 1 nosuch; echo $?",
            "127\n",
            Some("timeout: failed to run command 'nosuch': No such file or directory\n"),
        ),
        (
            "timeout 1 /etc/passwd; echo $?",
            "126\n",
            Some("timeout: failed to run command '/etc/passwd': Permission denied\n"),
        ),
        (
            "timeout x sleep 1; echo $?",
            "125\n",
            Some(
                "timeout: invalid time interval 'x'\nTry 'timeout --help' for more information.\n",
            ),
        ),
        (
            "timeout -k x 1 true; echo $?",
            "125\n",
            Some(
                "timeout: invalid time interval 'x'\nTry 'timeout --help' for more information.\n",
            ),
        ),
        (
            "timeout -s FOO 1 sleep 1; echo $?",
            "125\n",
            Some("timeout: 'FOO': invalid signal\nTry 'timeout --help' for more information.\n"),
        ),
        ("timeout; echo $?", "125\n", Some(hint)),
        ("timeout 1; echo $?", "125\n", Some(hint)),
        (
            "timeout -x; echo $?",
            "125\n",
            Some("timeout: invalid option -- 'x'\nTry 'timeout --help' for more information.\n"),
        ),
    ];
    let mut fails = Vec::new();
    for (script, out, err) in rows {
        let o = run_on(&m, &["/bin/sh", "-c", script], 1000, b"");
        if o.stdout != *out || err.is_some_and(|e| e != o.stderr) {
            fails.push(format!(
                "{script}\n  want {out:?} {err:?}\n  got  {:?} {:?}",
                o.stdout, o.stderr
            ));
        }
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
    // The command's own signal is re-raised: the shell sees 128 + USR1.
    let o = run_on(
        &m,
        &["/bin/sh", "-c", "timeout 1 sh -c 'kill -USR1 $$'"],
        1000,
        b"",
    );
    assert_eq!(o.status, 138, "{o:?}");
}
