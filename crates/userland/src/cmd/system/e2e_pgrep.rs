//! End-to-end cases for pgrep and pkill on a booted machine: background processes are found
//! by name, command line, user and parent, signalled, and the statuses and messages are
//! procps-ng's.

use crate::testing::{machine, run_on, sh_case};

#[test]
fn pgrep_pkill() {
    let m = machine();
    // The shell reports background jobs killed by a signal ("Terminated"), as dash does.
    let rows: &[(&str, &str, &str, i32)] = &[
        (
            "sleep 5 & p=$!; [ \"$(pgrep -x sleep)\" = \"$p\" ] && echo same; pgrep -l -x sleep | sed 's/^[0-9]* //'; pkill -x sleep; wait $p; echo $?",
            "same\nsleep\n143\n",
            "Terminated\n",
            0,
        ),
        (
            "sleep 5 & p=$!; pgrep -f 'sleep 5' >/dev/null && echo full; pgrep -a sle | sed 's/^[0-9]* //'; pgrep -c '^sl.ep$'; pkill -KILL sleep; wait $p; echo $?",
            "full\nsleep 5\n1\n137\n",
            "Killed\n",
            0,
        ),
        (
            "sleep 5 & p=$!; pkill -e -x sleep | sed 's/[0-9][0-9]*/N/'; wait $p; echo $?; pkill -x sleep",
            "sleep killed (pid N)\n143\n",
            "Terminated\n",
            1,
        ),
        (
            "sleep 5 & sleep 5 & pgrep -d, -x sleep | tr -d 0-9; pgrep -n -x sleep | wc -l; pgrep -P $$ -x sleep | wc -l; pkill --signal 9 -u user -x sleep; wait",
            ",\n1\n2\n",
            "Killed\nKilled\n",
            0,
        ),
        ("pgrep -x nosuchprog; echo $?", "1\n", "", 0),
        ("pgrep -x -i SH >/dev/null; echo $?", "0\n", "", 0),
        (
            "pgrep -v -x nosuchprog | wc -l | tr -d ' ' | grep -qv '^0$'; echo $?",
            "0\n",
            "",
            0,
        ),
        ("pgrep -u root -x nosuchprog; echo $?", "1\n", "", 0),
        (
            "pgrep",
            "",
            "pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n",
            2,
        ),
        (
            "pgrep -u nosuchuser x",
            "",
            "pgrep: invalid user name: nosuchuser\n",
            2,
        ),
        (
            "pkill a b",
            "",
            "pkill: only one pattern can be provided\nTry `pkill --help' for more information.\n",
            2,
        ),
    ];
    let fails: Vec<String> = rows
        .iter()
        .filter_map(|(script, out, err, st)| sh_case(&m, script, out, err, *st))
        .collect();
    let o = run_on(&m, &["/bin/sh", "-c", "pgrep -z"], 1000, b"");
    assert!(
        o.stderr
            .starts_with("pgrep: invalid option -- 'z'\n\nUsage:\n pgrep [options] <pattern>\n"),
        "{o:?}"
    );
    assert_eq!(o.status, 2);
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}
