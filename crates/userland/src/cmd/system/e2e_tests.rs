//! End-to-end tests of the system utilities on a booted machine.

use crate::testing::{machine, run_on};

#[test]
fn explore() {
    let m = machine();
    let list = std::env::var("CMDS").unwrap_or_default();
    for line in list.split(';') {
        let (uid, line) = match line.strip_prefix('#') { Some(l) => (0, l), None => (1000, line) };
        let cmd: Vec<&str> = line.split_whitespace().collect();
        if cmd.is_empty() { continue; }
        eprintln!("$ {}", cmd.join(" "));
        let o = run_on(&m, &cmd, uid, b"user\n");
        eprintln!("{}{}[{}]", o.stdout, o.stderr, o.status);
    }
}
