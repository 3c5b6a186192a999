//! End-to-end tests of the file utilities: each test boots a machine and runs shell command
//! lines as the normal user (uid 1000, in /home/user), checking output, messages and
//! statuses against what GNU coreutils and findutils print.

use crate::testing::{Output, machine, run_on};
use wosix_runtime::Machine;

fn sh(m: &Machine, script: &str) -> Output {
    run_on(m, &["/bin/sh", "-c", script], 1000, b"")
}

/// Output lines after the first (skips `total N`, whose value is the kernel's).
fn after_total(s: &str) -> String {
    s.lines().skip(1).map(|l| format!("{l}\n")).collect()
}

#[test]
fn ls_listing_and_errors() {
    let m = machine();
    sh(
        &m,
        "mkdir d d/sub && echo hi > d/f && ln -s f d/l && touch -d 2020-01-02 d/f && touch -h -d 2020-01-02 d/l",
    );
    let o = sh(&m, "ls d");
    assert_eq!(o.stdout, "f\nl\nsub\n");
    let o = sh(&m, "ls -l d/f d/l");
    assert_eq!(
        o.stdout,
        "-rw-r--r-- 1 user user 3 Jan  2  2020 d/f\nlrwxrwxrwx 1 user user 1 Jan  2  2020 d/l -> f\n"
    );
    let o = sh(&m, "ls -l d");
    assert!(o.stdout.starts_with("total "), "{o:?}");
    assert!(
        after_total(&o.stdout).starts_with("-rw-r--r-- 1 user user    3 Jan  2  2020 f\n"),
        "{o:?}"
    );
    let o = sh(&m, "ls -F d; ls -a d/sub; ls -d d d/sub");
    assert_eq!(o.stdout, "f\nl@\nsub/\n.\n..\nd\nd/sub\n");
    let o = sh(&m, "ls -R d");
    assert_eq!(o.stdout, "d:\nf\nl\nsub\n\nd/sub:\n");
    let o = sh(&m, "ls d/f nosuch d/sub");
    assert_eq!(o.stdout, "d/f\n\nd/sub:\n");
    assert_eq!(
        o.stderr,
        "ls: cannot access 'nosuch': No such file or directory\n"
    );
    assert_eq!(o.status, 2);
    let o = sh(&m, "ls -Sr d; ls -z");
    assert_eq!(o.stdout, "l\nf\nsub\n");
    assert_eq!(
        o.stderr,
        "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n"
    );
    assert_eq!(o.status, 2);
    let o = sh(&m, "ls --color=always -F d");
    assert_eq!(
        o.stdout,
        "f\n\x1b[0m\x1b[01;36ml\x1b[0m@\n\x1b[01;34msub\x1b[0m/\n"
    );
    let o = sh(&m, "ls --help");
    assert!(o.stdout.starts_with("Usage: ls [OPTION]... [FILE]...\n") && o.status == 0);
}

#[test]
fn cat_mkdir_rmdir_touch() {
    let m = machine();
    let o = sh(
        &m,
        "printf 'a\\n\\n\\nb\\tc\\n' > f; cat -n f; cat -sA f; cat nosuch f; echo $?",
    );
    assert_eq!(
        o.stdout,
        "     1\ta\n     2\t\n     3\t\n     4\tb\tc\na$\n$\nb^Ic$\na\n\n\nb\tc\n1\n"
    );
    assert_eq!(o.stderr, "cat: nosuch: No such file or directory\n");
    let o = sh(
        &m,
        "mkdir -pv x/y; mkdir x; echo $?; mkdir -m 750 z && stat -c %a z; rmdir -pv x/y; rmdir nosuch",
    );
    assert_eq!(
        o.stdout,
        "mkdir: created directory 'x'\nmkdir: created directory 'x/y'\n1\n750\n\
         rmdir: removing directory, 'x/y'\nrmdir: removing directory, 'x'\n"
    );
    assert_eq!(
        o.stderr,
        "mkdir: cannot create directory 'x': File exists\nrmdir: failed to remove 'nosuch': No such file or directory\n"
    );
    let o = sh(
        &m,
        "touch -d '2021-03-04 05:06:07' t && stat -c '%Y %y' t; touch -t 200001010000.30 t; stat -c %Y t; touch -c none; ls none",
    );
    assert_eq!(
        o.stdout,
        "1614834367 2021-03-04 05:06:07.000000000 +0000\n946684830\n"
    );
    assert_eq!(
        o.stderr,
        "ls: cannot access 'none': No such file or directory\n"
    );
}

#[test]
fn cp_mv_rm_ln() {
    let m = machine();
    sh(&m, "mkdir src && echo one > src/a && ln -s a src/l");
    let o = sh(
        &m,
        "cp src dst; echo $?; cp -rv src dst; readlink dst/l; cat dst/a; cp src/a src/a",
    );
    assert_eq!(
        o.stdout,
        "1\n'src' -> 'dst'\n'src/a' -> 'dst/a'\n'src/l' -> 'dst/l'\na\none\n"
    );
    assert_eq!(
        o.stderr,
        "cp: -r not specified; omitting directory 'src'\ncp: 'src/a' and 'src/a' are the same file\n"
    );
    let o = sh(&m, "cp -r src src/in; cp nosuch x; cp a; cp a b c");
    assert_eq!(
        o.stderr,
        "cp: cannot copy a directory, 'src', into itself, 'src/in'\n\
         cp: cannot stat 'nosuch': No such file or directory\n\
         cp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\n\
         cp: target 'c': No such file or directory\n"
    );
    let o = sh(
        &m,
        "mv -v dst/a dst/b && ls dst && mv dst/b src/ && ls src; mv src src/x; mv nosuch y",
    );
    assert_eq!(o.stdout, "renamed 'dst/a' -> 'dst/b'\nb\nl\na\nb\nl\n");
    assert_eq!(
        o.stderr,
        "mv: cannot move 'src' to a subdirectory of itself, 'src/x'\nmv: cannot stat 'nosuch': No such file or directory\n"
    );
    let o = sh(
        &m,
        "rm dst; rm -rv dst; rm nosuch; echo $?; rm -f nosuch; echo $?; rm -r /; rm -r .",
    );
    assert_eq!(o.stdout, "removed 'dst/l'\nremoved directory 'dst'\n1\n0\n");
    assert_eq!(
        o.stderr,
        "rm: cannot remove 'dst': Is a directory\nrm: cannot remove 'nosuch': No such file or directory\n\
         rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n\
         rm: refusing to remove '.' or '..' directory: skipping '.'\n"
    );
    let o = sh(
        &m,
        "ln -sv src/a la; ln -s x la; ln src/a hard && stat -c %h src/a; ln -sf src/b la && readlink la",
    );
    assert_eq!(o.stdout, "'la' -> 'src/a'\n2\nsrc/b\n");
    assert_eq!(
        o.stderr,
        "ln: failed to create symbolic link 'la': File exists\n"
    );
}

#[test]
fn chmod_chown_stat() {
    let m = machine();
    let o = sh(
        &m,
        "touch f; chmod -v 755 f; chmod -c u-x,g=r,o= f; chmod -v a+X f; chmod =r f; stat -c '%a %A' f",
    );
    assert_eq!(
        o.stdout,
        "mode of 'f' changed from 0644 (rw-r--r--) to 0755 (rwxr-xr-x)\n\
         mode of 'f' changed from 0755 (rwxr-xr-x) to 0640 (rw-r-----)\n\
         mode of 'f' retained as 0640 (rw-r-----)\n444 -r--r--r--\n"
    );
    let o = sh(&m, "chmod xyz f; chmod 644; chmod 644 nosuch");
    assert_eq!(
        o.stderr,
        "chmod: invalid mode: 'xyz'\nTry 'chmod --help' for more information.\n\
         chmod: missing operand after '644'\nTry 'chmod --help' for more information.\n\
         chmod: cannot access 'nosuch': No such file or directory\n"
    );
    let o = sh(
        &m,
        "chgrp -v wheel f; chown -v :users f; chown root f; echo $?; chown bob f; chown user:bob f",
    );
    assert_eq!(
        o.stdout,
        "changed group of 'f' from user to wheel\nchanged group of 'f' from wheel to users\n1\n"
    );
    assert_eq!(
        o.stderr,
        "chown: changing ownership of 'f': Operation not permitted\nchown: invalid user: 'bob'\nchown: invalid group: 'user:bob'\n"
    );
    let o = sh(
        &m,
        "stat -c '%n|%s|%F|%U:%G|%u' f /tmp; stat nosuch; echo $?",
    );
    assert_eq!(
        o.stdout,
        "f|0|regular empty file|user:users|1000\n/tmp|4096|directory|root:root|0\n1\n"
    );
    assert_eq!(
        o.stderr,
        "stat: cannot stat 'nosuch': No such file or directory\n"
    );
    let o = sh(&m, "stat f");
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.first(), Some(&"  File: f"));
    assert!(
        lines
            .get(1)
            .is_some_and(|l| l.starts_with("  Size: 0         \tBlocks: ")),
        "{o:?}"
    );
    assert_eq!(
        lines.get(3),
        Some(&"Access: (0444/-r--r--r--)  Uid: ( 1000/    user)   Gid: (  100/   users)")
    );
    assert_eq!(lines.last(), Some(&" Birth: -"));
}

#[test]
fn find_expressions() {
    let m = machine();
    sh(
        &m,
        "mkdir -p t/a/b && touch t/x.c t/a/y.c t/a/b/z.txt && chmod +x t/x.c",
    );
    let o = sh(&m, "find t");
    assert_eq!(o.stdout, "t\nt/a\nt/a/b\nt/a/b/z.txt\nt/a/y.c\nt/x.c\n");
    let o = sh(
        &m,
        "find t -name '*.c' -type f; find t -maxdepth 1 -type d; find t -perm -u+x -type f",
    );
    assert_eq!(o.stdout, "t/a/y.c\nt/x.c\nt\nt/a\nt/x.c\n");
    let o = sh(
        &m,
        "find t -path t/a -prune -o -print; find t -name b -exec echo found {} \\; ; find t -name '*.c' -exec echo {} +",
    );
    assert_eq!(o.stdout, "t\nt/x.c\nfound t/a/b\nt/a/y.c t/x.c\n");
    let o = sh(
        &m,
        "find t ! -name '*.c' -type f -o -name x.c -printf '%f %d %y\\n'",
    );
    assert_eq!(o.stdout, "x.c 1 f\n");
    let o = sh(
        &m,
        "find t -name '*.txt' -delete; find t -empty; find t -type f -exec false {} \\; ; echo $?",
    );
    assert_eq!(o.stdout, "t/a/b\nt/a/y.c\nt/x.c\n0\n");
    let o = sh(
        &m,
        "find nosuch; echo $?; find t -bogus; find t -name; find t -type q; find t \\( -name x",
    );
    assert_eq!(o.stdout, "1\n");
    assert_eq!(
        o.stderr,
        "find: 'nosuch': No such file or directory\nfind: unknown predicate '-bogus'\n\
         find: missing argument to '-name'\nfind: Unknown argument to -type: q\n\
         find: invalid expression; I was expecting to find a ')' somewhere but did not see one.\n"
    );
    let o = sh(&m, "find t -name '*.c' -exec false {} + ; echo $?");
    assert_eq!(o.stdout, "1\n");
}

#[test]
fn paths_and_environment() {
    let m = machine();
    let o = sh(
        &m,
        "basename /a/b/c.txt .txt; basename -a x/y z/; dirname /a/b/ c /; pwd; cd /usr/bin && pwd",
    );
    assert_eq!(o.stdout, "c\ny\nz\n/a\n.\n/\n/home/user\n/usr/bin\n");
    let o = sh(
        &m,
        "ln -s /etc e; readlink e; readlink -f e/../tmp; realpath e/passwd; realpath -m no/../x; realpath no/x; echo $?",
    );
    assert_eq!(o.stdout, "/etc\n/tmp\n/etc/passwd\n/home/user/x\n1\n");
    assert_eq!(o.stderr, "realpath: no/x: No such file or directory\n");
    let o = sh(&m, "which ls sh; which -a nosuch; echo $?");
    assert_eq!(o.stdout, "/bin/ls\n/bin/sh\n1\n");
    let o = sh(
        &m,
        "env -i A=1 B=2 env; env -u HOME env | grep -c HOME; env nosuch; echo $?; env false; echo $?",
    );
    assert_eq!(o.stdout, "A=1\nB=2\n0\n127\n1\n");
    assert_eq!(o.stderr, "env: 'nosuch': No such file or directory\n");
    let o = sh(
        &m,
        "echo hi | tee a b; cat a b; echo more | tee -a a > /dev/null; cat a",
    );
    assert_eq!(o.stdout, "hi\nhi\nhi\nhi\nmore\n");
    let o = sh(
        &m,
        "t=$(mktemp) && test -f $t && stat -c %a $t; d=$(mktemp -d /tmp/dXXX) && stat -c %a $d; mktemp aXX",
    );
    assert_eq!(o.stdout, "600\n700\n");
    assert_eq!(o.stderr, "mktemp: too few X's in template 'aXX'\n");
}

#[test]
fn usage_and_mounts() {
    let m = machine();
    let o = sh(
        &m,
        "mkdir -p d/s && printf 12345 > d/f && du -s d; du d nosuch; echo $?",
    );
    assert!(
        o.stdout.lines().next().is_some_and(|l| l.ends_with("\td")),
        "{o:?}"
    );
    assert!(
        o.stdout.contains("\td/s\n") && o.stdout.ends_with("\td\n1\n"),
        "{o:?}"
    );
    assert_eq!(
        o.stderr,
        "du: cannot access 'nosuch': No such file or directory\n"
    );
    let o = sh(
        &m,
        "df / | head -1; df -h /tmp | head -1; df -T / | head -1",
    );
    assert_eq!(
        o.stdout,
        "Filesystem     1K-blocks  Used Available Use% Mounted on\n\
         Filesystem      Size  Used Avail Use% Mounted on\n\
         Filesystem     Type  1K-blocks  Used Available Use% Mounted on\n"
    );
    let o = sh(&m, "mount | head -1; mount -t tmpfs none /mnt; echo $?");
    assert!(
        o.stdout.starts_with("rootfs on / type tmpfs (rw)\n") || o.stdout.contains(" on / type "),
        "{o:?}"
    );
    assert_eq!(o.stderr, "mount: /mnt: must be superuser to use mount.\n");
    let root = run_on(
        &m,
        &[
            "/bin/sh",
            "-c",
            "mount -t tmpfs none /mnt && mount | grep -c /mnt && umount /mnt; umount /mnt",
        ],
        0,
        b"",
    );
    assert_eq!(root.stdout, "1\n");
    assert_eq!(root.stderr, "umount: /mnt: not mounted.\n");

    // Moving across file systems copies (keeping hard links and modes) and removes.
    let script = "mkdir -p /tmp/s/d && echo x > /tmp/s/d/f && ln /tmp/s/d/f /tmp/s/d/g && chmod 600 /tmp/s/d/f \
                  && mount -t tmpfs none /mnt && mv /tmp/s /mnt/ && stat -c '%h %a' /mnt/s/d/f && cat /mnt/s/d/g; ls /tmp/s";
    let root = run_on(&m, &["/bin/sh", "-c", script], 0, b"");
    assert_eq!(root.stdout, "2 600\nx\n");
    assert_eq!(
        root.stderr,
        "ls: cannot access '/tmp/s': No such file or directory\n"
    );
}
