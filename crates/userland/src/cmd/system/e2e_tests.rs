//! End-to-end tests of the system utilities on a booted machine.

use crate::testing::{machine, run_on};

#[test]
fn explore() {
    let m = machine();
    let cmds: &[&[&str]] = &[&["/bin/ps"], &["/bin/ps", "-ef"], &["/bin/ps", "aux"], &["/bin/ps", "-o", "pid,ppid,pgid,sid,tty,stat,user,uid,comm,args,etime,time,%cpu,%mem,rss,vsz"], &["/usr/bin/id"], &["/usr/bin/id", "root"], &["/usr/bin/groups"], &["/usr/bin/whoami"], &["/bin/uname", "-a"], &["/bin/hostname"], &["/usr/bin/tty"], &["/usr/bin/uptime"], &["/usr/bin/free"], &["/usr/bin/free", "-h"], &["/usr/bin/nproc"], &["/usr/bin/printenv", "HOME"], &["/usr/bin/getent", "passwd", "user"], &["/bin/stty"], &["/bin/kill", "-l"], &["/bin/kill", "9999"], &["/bin/ps", "-ef", "--forest"], &["/bin/cat", "/proc/self/stat"], &["/bin/cat", "/proc/self/status"], &["/bin/su", "-c", "/usr/bin/id"]];
    for cmd in cmds {
        let o = run_on(&m, cmd, 1000, b"user\n");
        println!("$ {}\n{}{}[{}]", cmd.join(" "), o.stdout, o.stderr, o.status);
    }
    for cmd in [&["/usr/bin/id"][..], &["/bin/hostname", "newname"], &["/bin/hostname"], &["/bin/su", "user", "-c", "/usr/bin/id"]] {
        let o = run_on(&m, cmd, 0, b"");
        println!("# {}\n{}{}[{}]", cmd.join(" "), o.stdout, o.stderr, o.status);
    }
}
