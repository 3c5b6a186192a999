//! End-to-end cases for base64, cmp, truncate, mkfifo, dd and timeout; the expected outputs
//! come from GNU coreutils run on the host (`LC_ALL=C`) with the same inputs.

use super::e2e::{case, check, setup};
use crate::testing::{Output, run_on};
use wosix_runtime::Machine;

fn sh(m: &Machine, script: &str) -> Output {
    run_on(m, &["/bin/sh", "-c", script], 1000, b"")
}

/// `sh -c script` must print `stdout` and `stderr` and exit with `status`.
fn sh_case(m: &Machine, script: &str, stdout: &str, stderr: &str, status: i32) -> Option<String> {
    let o = sh(m, script);
    if (o.stdout.as_str(), o.stderr.as_str(), o.status) == (stdout, stderr, status) {
        None
    } else {
        Some(format!(
            "sh -c {script:?}\n  want {stdout:?} {stderr:?} {status}\n  got  {:?} {:?} {}",
            o.stdout, o.stderr, o.status
        ))
    }
}

#[test]
fn base64() {
    let m = setup();
    check(vec![
        case(&m, &["base64"], "hello", "aGVsbG8=\n", "", 0),
        case(&m, &["base64", "f"], "", "YgphCmMK\n", "", 0),
        case(&m, &["base64"], "", "", "", 0),
        case(&m, &["base64", "-w", "2"], "abc", "YW\nJj\n", "", 0),
        case(&m, &["base64", "-w0"], "abc", "YWJj", "", 0),
        case(
            &m,
            &["base64", "--wrap=20"],
            "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n",
            "MQoyCjMKNAo1CjYKNwo4\nCjkKMTAKMTEKMTIKMTMK\nMTQKMTUKMTYKMTcKMTgK\nMTkKMjAKMjEKMjIKMjMK\nMjQKMjUKMjYKMjcKMjgK\nMjkKMzAK\n",
            "",
            0,
        ),
        case(&m, &["base64", "-d"], "aGVs\nbG8=\n", "hello", "", 0),
        case(
            &m,
            &["base64", "--decode"],
            "aGVsbG8=aGk=",
            "hellohi",
            "",
            0,
        ),
        case(
            &m,
            &["base64", "-d"],
            "aGVsbG8",
            "hello",
            "base64: invalid input\n",
            1,
        ),
        case(
            &m,
            &["base64", "-d"],
            "aGVs!bG8=",
            "hel",
            "base64: invalid input\n",
            1,
        ),
        case(&m, &["base64", "-di"], "aGVs!bG8=", "hello", "", 0),
        case(&m, &["base64", "-d", "-i"], "a!Gk=\r\n", "hi", "", 0),
        case(
            &m,
            &["base64", "-d"],
            "aGk=\r\n",
            "hi",
            "base64: invalid input\n",
            1,
        ),
        case(
            &m,
            &["base64", "-d"],
            "a\n",
            "",
            "base64: invalid input\n",
            1,
        ),
        case(
            &m,
            &["base64", "nosuch"],
            "",
            "",
            "base64: nosuch: No such file or directory\n",
            1,
        ),
        case(
            &m,
            &["base64", "d"],
            "",
            "",
            "base64: read error: Is a directory\n",
            1,
        ),
        case(
            &m,
            &["base64", "-w", "x"],
            "",
            "",
            "base64: invalid wrap size: 'x'\n",
            1,
        ),
        case(
            &m,
            &["base64", "-w", "-1"],
            "",
            "",
            "base64: invalid wrap size: '-1'\n",
            1,
        ),
        case(
            &m,
            &["base64", "a", "b"],
            "",
            "",
            "base64: extra operand 'b'\nTry 'base64 --help' for more information.\n",
            1,
        ),
        case(
            &m,
            &["base64", "-x"],
            "",
            "",
            "base64: invalid option -- 'x'\nTry 'base64 --help' for more information.\n",
            1,
        ),
        sh_case(
            &m,
            r"printf '\000\377\376\001' | base64; printf 'AP/+AQ==' | base64 -d | od -An -tx1",
            "AP/+AQ==\n 00 ff fe 01\n",
            "",
            0,
        ),
        sh_case(&m, "seq 100 | base64 -w0 | wc -c", "392\n", "", 0),
    ]);
    let o = sh(
        &m,
        "head -c 1000 /dev/urandom > r; base64 r | base64 -d | cksum; cksum < r; base64 -w 0 r | wc -c",
    );
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{o:?}");
    assert_eq!(lines[0], lines[1], "{o:?}");
    assert_eq!(lines[2], "1336", "{o:?}");
    let o = sh(&m, "seq 100 | base64 | base64 -d | cksum; seq 100 | cksum");
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{o:?}");
    assert_eq!(lines[0], lines[1], "{o:?}");
}
