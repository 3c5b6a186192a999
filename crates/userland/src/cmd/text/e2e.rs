//! End-to-end checks of the text utilities on a booted machine: the sample files are put in
//! the user's home by process 1, and each program runs as the user with the given stdin. The
//! expected outputs were produced by the GNU tools (`LC_ALL=C`) on the same files.

use crate::testing::{Output, machine, run_on};
use wosix_abi::OFlags;
use wosix_runtime::Machine;

/// The sample files, relative to /home/user.
const FILES: &[(&str, &str)] = &[
    ("f", "b\na\nc\n"),
    (
        "n",
        "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n",
    ),
    (
        "words",
        "the quick brown fox\njumps over the lazy dog\nThe end\n",
    ),
    ("tab", "a\tb\tc\n1\t2\t3\nno tabs here\n"),
    (
        "csv",
        "name,age,city\nbob,25,NYC\nalice,30,LA\ncarol,25,SF\n",
    ),
    ("dup", "a\na\nb\nB\nb\nc\nc\nc\n"),
    ("nums", "10\n9\n-1\n2.5\n1e3\n2K\n1M\nabc\n0\n"),
    ("sp", "  lead\ttab\nx  y   z\n\n last \n"),
    ("noeol", "one\ntwo"),
    ("bin", "a\u{0}b\nc\n"),
    ("d/a", "hi\n"),
    ("d/e/b", "hi there\n"),
    ("s1", "apple\nbanana\ncherry\n"),
    ("s2", "banana\ncherry\ndate\n"),
    ("a.txt", "line1\nline2\nline3\nline4\n"),
    ("b.txt", "line1\nline2 changed\nline3\nline5\n"),
    (
        "sums.md5",
        "c50b8a351c4f73c8f4faac01e26bcbff  f\nc50b8a351c4f73c8f4faac01e26bcbff  s1\nc50b8a351c4f73c8f4faac01e26bcbff  missing\njunk line\n",
    ),
];

pub(super) fn setup() -> Machine {
    let m = machine();
    let sys = m.init();
    m.block_on(async move {
        for (name, data) in FILES {
            let path = format!("/home/user/{name}");
            let mut dir = String::new();
            for part in name
                .split('/')
                .collect::<Vec<_>>()
                .split_last()
                .map(|x| x.1)
                .unwrap_or(&[])
            {
                dir = if dir.is_empty() {
                    format!("/home/user/{part}")
                } else {
                    format!("{dir}/{part}")
                };
                let _ = sys.mkdir(&dir, 0o755).await;
            }
            let fd = sys
                .open(&path, OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC, 0o644)
                .await
                .expect("open");
            sys.write_all(fd, data.as_bytes()).await.expect("write");
            sys.close(fd).await.expect("close");
        }
    });
    m
}

/// Run one case; a mismatch is recorded rather than panicking so all are reported at once.
pub(super) fn case(
    m: &Machine,
    argv: &[&str],
    stdin: &str,
    stdout: &str,
    stderr: &str,
    status: i32,
) -> Option<String> {
    let o: Output = run_on(m, argv, 1000, stdin.as_bytes());
    if (o.stdout.as_str(), o.stderr.as_str(), o.status) == (stdout, stderr, status) {
        None
    } else {
        Some(format!(
            "{argv:?} <<< {stdin:?}\n  want {stdout:?} {stderr:?} {status}\n  got  {:?} {:?} {}",
            o.stdout, o.stderr, o.status
        ))
    }
}

pub(super) fn check(fails: Vec<Option<String>>) {
    let fails: Vec<String> = fails.into_iter().flatten().collect();
    assert!(
        fails.is_empty(),
        "{} failures:\n{}",
        fails.len(),
        fails.join("\n")
    );
}
