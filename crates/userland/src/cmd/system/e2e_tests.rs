//! End-to-end tests of the system utilities on a booted machine: through pipes with
//! `testing::run_on`, and on a real pty pair (line discipline included) with `run_pty`.

use crate::testing::{Output, machine, run_on, run_pty};
use wosix_runtime::Machine;

fn run(m: &Machine, argv: &[&str], uid: u32, stdin: &str) -> Output {
    run_on(m, argv, uid, stdin.as_bytes())
}

/// su and passwd are set-uid root in the base image (as on Linux), so a normal user can run
/// them for real.
fn assert_setuid(m: &Machine) {
    let o = run(
        m,
        &["/bin/ls", "-l", "/bin/su", "/usr/bin/passwd"],
        1000,
        "",
    );
    assert_eq!(o.status, 0, "{o:?}");
    for line in o.stdout.lines() {
        assert!(line.starts_with("-rwsr-xr-x 1 root root "), "{line}");
    }
}

#[test]
fn ps_lists_processes() {
    let m = machine();
    let o = run(&m, &["/bin/ps", "-ef"], 1000, "");
    assert_eq!(o.status, 0, "{o:?}");
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "UID          PID    PPID  C STIME TTY          TIME CMD"
    );
    assert!(
        lines[1].starts_with("root           1       0  0 "),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("user ") && l.ends_with(" ?        00:00:00 /bin/ps -ef")),
        "{lines:?}"
    );
    let o = run(&m, &["/bin/ps", "aux"], 1000, "");
    assert!(o.stdout.starts_with(
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
    ));
    assert!(o.stdout.contains(" ?        Ss   "), "{o:?}");
    let o = run(
        &m,
        &["/bin/ps", "-p", "1", "-o", "pid=", "-o", "comm="],
        1000,
        "",
    );
    assert_eq!(o.stdout, "      1 init\n");
    let o = run(&m, &["/bin/ps", "-p", "4242"], 1000, "");
    assert_eq!(
        (o.stdout.as_str(), o.status),
        ("    PID TTY          TIME CMD\n", 1)
    );
    let o = run(&m, &["/bin/ps", "--bogus"], 1000, "");
    assert!(
        o.stderr.starts_with("error: unknown gnu long option\n"),
        "{o:?}"
    );
    assert_eq!(o.status, 1);
}

#[test]
fn kill_reports_and_lists() {
    let m = machine();
    let o = run(&m, &["/bin/kill", "9999"], 1000, "");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        ("kill: (9999) - No such process\n", 1)
    );
    let o = run(&m, &["/bin/kill", "-0", "1"], 1000, "");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        ("kill: (1) - Operation not permitted\n", 1)
    );
    assert_eq!(
        run(&m, &["/bin/kill", "-l", "9"], 1000, "").stdout,
        "KILL\n"
    );
    assert_eq!(
        run(&m, &["/bin/kill", "-l", "TERM"], 1000, "").stdout,
        "15\n"
    );
    assert!(
        run(&m, &["/bin/kill", "-l"], 1000, "")
            .stdout
            .starts_with("HUP INT QUIT ILL")
    );
    assert_eq!(run(&m, &["/bin/kill"], 1000, "").status, 1);
}

#[test]
fn identity() {
    let m = machine();
    let out = |argv: &[&str], uid| run(&m, argv, uid, "").stdout;
    assert_eq!(
        out(&["/usr/bin/id"], 1000),
        "uid=1000(user) gid=1000(user) groups=1000(user),10(wheel),100(users)\n"
    );
    assert_eq!(
        out(&["/usr/bin/id"], 0),
        "uid=0(root) gid=0(root) groups=0(root)\n"
    );
    assert_eq!(
        out(&["/usr/bin/id", "-Gn", "user"], 0),
        "user wheel users\n"
    );
    assert_eq!(out(&["/usr/bin/id", "-u"], 1000), "1000\n");
    assert_eq!(out(&["/usr/bin/whoami"], 1000), "user\n");
    assert_eq!(out(&["/usr/bin/groups"], 1000), "user wheel users\n");
    assert_eq!(out(&["/usr/bin/groups", "root"], 1000), "root : root\n");
    assert_eq!(
        out(&["/usr/bin/getent", "passwd", "0"], 1000),
        "root:x:0:0:root:/root:/bin/sh\n"
    );
    assert_eq!(
        out(&["/usr/bin/getent", "group", "wheel"], 1000),
        "wheel:x:10:user\n"
    );
    let o = run(&m, &["/usr/bin/id", "ghost"], 1000, "");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        ("id: 'ghost': no such user\n", 1)
    );
    assert_eq!(
        run(&m, &["/usr/bin/getent", "passwd", "ghost"], 1000, "").status,
        2
    );
    assert_eq!(run(&m, &["/usr/bin/id", "-n"], 1000, "").status, 1);
}

#[test]
fn machine_information() {
    let m = machine();
    let out = |argv: &[&str], uid| run(&m, argv, uid, "");
    assert_eq!(out(&["/bin/uname"], 1000).stdout, "Wosix\n");
    assert!(
        out(&["/bin/uname", "-a"], 1000)
            .stdout
            .starts_with("Wosix wosix ")
    );
    assert_eq!(out(&["/bin/hostname"], 1000).stdout, "wosix\n");
    let o = out(&["/bin/hostname", "other"], 1000);
    assert_eq!(
        (o.stderr.as_str(), o.status),
        ("hostname: you must be root to change the host name\n", 1)
    );
    assert_eq!(out(&["/bin/hostname", "box.example"], 0).status, 0);
    assert_eq!(out(&["/bin/hostname", "-s"], 1000).stdout, "box\n");
    assert_eq!(out(&["/usr/bin/nproc"], 1000).stdout, "1\n");
    assert_eq!(
        out(&["/usr/bin/printenv", "HOME"], 1000).stdout,
        "/home/user\n"
    );
    assert_eq!(out(&["/usr/bin/printenv", "NOPE"], 1000).status, 1);
    let o = out(&["/usr/bin/tty"], 1000);
    assert_eq!((o.stdout.as_str(), o.status), ("not a tty\n", 1));
    let o = out(&["/bin/stty"], 1000);
    assert_eq!(
        (o.stderr.as_str(), o.status),
        (
            "stty: 'standard input': Inappropriate ioctl for device\n",
            1
        )
    );
    let free = out(&["/usr/bin/free"], 1000).stdout;
    assert!(free.starts_with("               total        used        free      shared  buff/cache   available\nMem:         4194304 "), "{free}");
    assert!(free.contains("\nSwap:              0           0           0\n"));
    let up = out(&["/usr/bin/uptime"], 1000).stdout;
    assert!(
        up.contains(" up ") && up.ends_with("load average: 0.00, 0.00, 0.00\n"),
        "{up}"
    );
    assert_eq!(
        out(&["/usr/bin/clear"], 1000).stdout,
        "\x1b[H\x1b[2J\x1b[3J"
    );
}

#[test]
fn su_and_passwd_through_pipes() {
    let m = machine();
    assert_setuid(&m);
    let o = run(&m, &["/bin/su", "-s", "/usr/bin/id"], 1000, "root\n");
    assert_eq!(
        (o.stdout.as_str(), o.status),
        ("uid=0(root) gid=0(root) groups=0(root)\n", 0),
        "{o:?}"
    );
    let o = run(&m, &["/bin/su", "-s", "/usr/bin/id"], 1000, "wrong\n");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        ("Password: su: Authentication failure\n", 1)
    );
    let o = run(&m, &["/bin/su", "-s", "/usr/bin/id", "user"], 0, "");
    assert_eq!(
        o.stdout,
        "uid=1000(user) gid=1000(user) groups=1000(user),10(wheel),100(users)\n"
    );
    let o = run(&m, &["/bin/su", "ghost"], 1000, "");
    assert_eq!(o.status, 1);
    let o = run(&m, &["/usr/bin/passwd"], 1000, "user\nnew-pw\nnew-pw\n");
    assert_eq!(o.stdout, "Changing password for user.\n");
    assert!(
        o.stderr
            .ends_with("passwd: password updated successfully\n"),
        "{o:?}"
    );
    let o = run(&m, &["/usr/bin/passwd"], 1000, "user\n");
    assert_eq!(o.status, 10, "the old password no longer works");
    let o = run(&m, &["/usr/bin/passwd"], 1000, "new-pw\na\nb\n");
    assert!(o.stderr.contains("Sorry, passwords do not match.\n"));
    assert_eq!(o.status, 10);
    let o = run(&m, &["/usr/bin/passwd", "root"], 1000, "");
    assert_eq!(
        o.stderr,
        "passwd: You may not view or modify password information for root.\n"
    );
    assert_eq!(run(&m, &["/usr/bin/passwd", "-l", "user"], 0, "").status, 0);
    assert!(
        run(&m, &["/usr/bin/passwd", "-S", "user"], 0, "")
            .stdout
            .starts_with("user L ")
    );
    let o = run(&m, &["/bin/su", "-s", "/usr/bin/id", "user"], 0, "");
    assert_eq!(
        o.status, 0,
        "root needs no password, even for a locked account"
    );
}

#[test]
fn stty_on_a_terminal() {
    let m = machine();
    let all = run_pty(&m, &["/bin/stty", "-a"], 1000, &[]);
    assert!(
        all.starts_with(
            "speed 38400 baud; rows 24; columns 80; line = 0;\r\nintr = ^C; quit = ^\\; erase = ^?;"
        ),
        "{all:?}"
    );
    assert!(all.contains(
        "\r\nisig icanon iexten echo echoe echok -echonl -noflsh -xcase -tostop -echoprt\r\n"
    ));
    assert_eq!(run_pty(&m, &["/bin/stty", "size"], 1000, &[]), "24 80\r\n");
    assert_eq!(
        run_pty(
            &m,
            &["/bin/stty", "rows", "50", "cols", "100", "size"],
            1000,
            &[]
        ),
        "50 100\r\n"
    );
    let tty = run_pty(&m, &["/usr/bin/tty"], 1000, &[]);
    assert!(
        tty.starts_with("/dev/pts/") && tty.ends_with("\r\n"),
        "{tty:?}"
    );
    // raw mode turns output processing off: the newline comes out bare.
    assert_eq!(
        run_pty(&m, &["/bin/stty", "raw", "speed"], 1000, &[]),
        "38400\n"
    );
    let bad = run_pty(&m, &["/bin/stty", "bogus"], 1000, &[]);
    assert_eq!(
        bad,
        "stty: invalid argument 'bogus'\r\nTry 'stty --help' for more information.\r\n"
    );
    let ps = run_pty(&m, &["/bin/ps"], 1000, &[]);
    assert!(
        ps.starts_with("    PID TTY          TIME CMD\r\n")
            && ps.contains(" pts/")
            && ps.ends_with(" 00:00:00 ps\r\n"),
        "{ps:?}"
    );
}

#[test]
fn passwords_are_not_echoed() {
    let m = machine();
    assert_setuid(&m);
    let out = run_pty(
        &m,
        &["/bin/su", "-s", "/usr/bin/id"],
        1000,
        &[("Password: ", "root\r")],
    );
    assert_eq!(
        out,
        "Password: \r\nuid=0(root) gid=0(root) groups=0(root)\r\n"
    );
    let out = run_pty(
        &m,
        &["/usr/bin/passwd"],
        0,
        &[("password: ", "s3cret\r"), ("password: ", "s3cret\r")],
    );
    assert_eq!(
        out,
        "New password: \r\nRetype new password: \r\npasswd: password updated successfully\r\n"
    );
    let out = run_pty(
        &m,
        &["/bin/su", "-s", "/usr/bin/id"],
        1000,
        &[("Password: ", "nope\r")],
    );
    assert_eq!(out, "Password: \r\nsu: Authentication failure\r\n");
}

#[test]
fn login_runs_a_login_shell() {
    let m = machine();
    let script = [
        ("login: ", "user\r"),
        ("Password: ", "user\r"),
        ("$ ", "ps -o pid,sid,tty,stat,comm; exit 3\r"),
    ];
    let out = run_pty(&m, &["/bin/login"], 0, &script);
    assert!(
        out.starts_with("wosix login: user\r\nPassword: \r\nWelcome to Wosix.\r\n"),
        "{out:?}"
    );
    assert!(out.contains("pts/0    Ss   login\r\n"), "{out:?}");
    let bad = run_pty(
        &m,
        &["/bin/login"],
        0,
        &[
            ("login: ", "user\r"),
            ("Password: ", "x\r"),
            ("login: ", "\x04"),
        ],
    );
    assert!(bad.contains("\r\nLogin incorrect\r\n"), "{bad:?}");
    let o = run(&m, &["/bin/login"], 1000, "");
    assert_eq!(
        o.stderr,
        "login: Cannot possibly work without effective root\n"
    );
}
