//! End-to-end tests of nc(1) over the kernel's loopback: a listener and a client in one shell
//! script, and the messages of the failure cases.

use crate::testing::sh;

#[test]
fn nc_carries_a_line_from_client_to_listener() {
    let o = sh("nc -l 3000 > out & sleep 0.1; echo hi | nc localhost 3000; wait; cat out");
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("hi\n", "", 0)
    );
}

#[test]
fn nc_carries_data_both_ways() {
    let o = sh("echo pong | nc -l -p 4000 > got & sleep 0.1; \
                echo ping | nc 127.0.0.1 4000; wait; cat got");
    assert_eq!((o.stdout.as_str(), o.status), ("pong\nping\n", 0), "{o:?}");
}

#[test]
fn nc_failures() {
    let o = sh("nc localhost 3000");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        (
            "nc: connect to localhost port 3000 (tcp) failed: Connection refused\n",
            1
        )
    );
    let o = sh("nc -l 80");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        ("nc: Permission denied\n", 1)
    );
    let o = sh("nc 10.0.0.1 80");
    assert_eq!(
        (o.stderr.as_str(), o.status),
        (
            "nc: connect to 10.0.0.1 port 80 (tcp) failed: Network is unreachable\n",
            1
        )
    );
    let o = sh("nc -z localhost 3000; echo $?; nc -zv localhost 3000-3001");
    assert_eq!(o.stdout, "1\n");
    assert_eq!(
        o.stderr,
        "nc: connect to localhost port 3000 (tcp) failed: Connection refused\n\
         nc: connect to localhost port 3001 (tcp) failed: Connection refused\n"
    );
    // The zero-I/O connection is the one the listener serves; it ends with it.
    let o = sh("nc -l 5000 & sleep 0.1; nc -zv localhost 5000; echo $?; wait");
    assert_eq!(o.stdout, "0\n", "{o:?}");
    assert_eq!(
        o.stderr,
        "Connection to localhost (127.0.0.1) 5000 port [tcp/*] succeeded!\n"
    );
    let o = sh("nc --help");
    assert!(o.stdout.starts_with("usage: nc "), "{o:?}");
    assert_eq!(o.status, 0);
}
