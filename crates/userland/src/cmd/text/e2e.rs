//! End-to-end checks of the text utilities on a booted machine: files are put in place
//! by process 1, and each program runs as the user with given stdin.

use crate::testing::{Output, machine, run_on};
use wosix_abi::OFlags;
use wosix_runtime::Machine;

fn put(m: &Machine, path: &str, data: &str) {
    let sys = m.init();
    let data = data.as_bytes().to_vec();
    let path = path.to_string();
    m.block_on(async move {
        let fd = sys.open(&path, OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC, 0o666).await.expect("open");
        sys.write_all(fd, &data).await.expect("write");
        sys.close(fd).await.expect("close");
    });
}

fn run(m: &Machine, argv: &[&str], stdin: &str) -> Output {
    run_on(m, argv, 1000, stdin.as_bytes())
}

fn ok(o: &Output, stdout: &str) {
    assert_eq!((o.stdout.as_str(), o.stderr.as_str(), o.status), (stdout, "", 0), "{o:?}");
}

#[test]
fn smoke() {
    let m = machine();
    eprintln!("start");
    ok(&run(&m, &["/bin/echo", "hi"], ""), "hi\n");
    eprintln!("echo done");
    put(&m, "/tmp/f", "b\na\nc\n");
    eprintln!("put done");
    ok(&run(&m, &["sort", "/tmp/f"], ""), "a\nb\nc\n");
    ok(&run(&m, &["head", "-n1", "/tmp/f"], ""), "b\n");
    ok(&run(&m, &["tail", "-n1", "/tmp/f"], ""), "c\n");
    ok(&run(&m, &["wc", "/tmp/f"], ""), "3 3 6 /tmp/f\n");
    ok(&run(&m, &["wc"], "x\n"), "      1       1       2\n");
    ok(&run(&m, &["grep", "-n", "a", "/tmp/f"], ""), "2:a\n");
}
