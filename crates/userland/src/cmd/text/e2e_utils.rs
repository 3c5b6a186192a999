//! End-to-end cases for base64, cmp, truncate, mkfifo, dd and timeout; the expected outputs
//! come from GNU coreutils run on the host (`LC_ALL=C`) with the same inputs.

use super::e2e::{case, check, setup};
use crate::testing::{Output, run_on, sh_case};
use wosix_runtime::Machine;

fn sh(m: &Machine, script: &str) -> Output {
    run_on(m, &["/bin/sh", "-c", script], 1000, b"")
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

/// Run each `(script, stdout, stderr, status)` in directory `dir` of `m`.
fn table(m: &Machine, dir: &str, rows: &[(&str, &str, &str, i32)]) {
    check(
        rows.iter()
            .map(|(s, o, e, st)| sh_case(m, &format!("cd {dir} && {s}"), o, e, *st))
            .collect(),
    );
}

#[test]
fn cmp() {
    let m = setup();
    let o = sh(
        &m,
        r"mkdir cm && cd cm && printf 'abc\n' > a && printf 'abd\n' > b && printf ab > c &&
          printf 'x\nabc\nz' > d && printf 'x\nabX\nz' > e && printf 'x\n' > g && : > empty &&
          printf '\000\200\377' > bin1 && printf '\001\201\n' > bin2 && seq 1000 > s1 &&
          seq 1000 | sed s/5/x/ > s2",
    );
    assert_eq!(o.status, 0, "{o:?}");
    let try_help = "cmp: Try 'cmp --help' for more information.\n";
    table(
        &m,
        "cm",
        &[
            ("cmp a b", "a b differ: byte 3, line 1\n", "", 1),
            ("cmp a c", "", "cmp: EOF on c after byte 2, in line 1\n", 1),
            ("cmp c a", "", "cmp: EOF on c after byte 2, in line 1\n", 1),
            ("cmp d g", "", "cmp: EOF on g after byte 2, line 1\n", 1),
            ("cmp -s a b", "", "", 1),
            ("cmp -s a c", "", "", 1),
            ("cmp -l a b", "3 143 144\n", "", 1),
            (
                "cmp -b a b",
                "a b differ: byte 3, line 1 is 143 c 144 d\n",
                "",
                1,
            ),
            ("cmp -lb a b", "3 143 c    144 d\n", "", 1),
            ("cmp d e", "d e differ: byte 5, line 2\n", "", 1),
            ("cmp -n 2 a b", "", "", 0),
            ("cmp --bytes=3 a b", "a b differ: byte 3, line 1\n", "", 1),
            ("cmp -i 1 a b", "a b differ: byte 2, line 1\n", "", 1),
            ("cmp a b 1 1", "a b differ: byte 2, line 1\n", "", 1),
            ("cmp -i 1:2 a b", "a b differ: byte 1, line 1\n", "", 1),
            ("cmp a a", "", "", 0),
            ("cmp empty a", "", "cmp: EOF on empty which is empty\n", 1),
            ("cmp -l a c", "", "cmp: EOF on c after byte 2\n", 1),
            (
                "cmp -lb bin1 bin2",
                "1   0 ^@     1 ^A\n2 200 M-^@ 201 M-^A\n3 377 M-^?  12 ^J\n",
                "",
                1,
            ),
            (
                "cmp -b bin1 bin2",
                "bin1 bin2 differ: byte 1, line 1 is   0 ^@   1 ^A\n",
                "",
                1,
            ),
            ("cmp -n 1K s1 s2", "s1 s2 differ: byte 9, line 5\n", "", 1),
            ("cmp -i 1K s1 s2", "s1 s2 differ: byte 7, line 2\n", "", 1),
            (
                "cmp -l s1 s2 | sed -n '1p;$p'; cmp -l s1 s2 | wc -l",
                "   9  65 170\n3871  65 170\n271\n",
                "",
                0,
            ),
            (
                "cat s1 | cmp -l - s2 | head -2; cat s1 | cmp - s2",
                "   9  65 170\n  35  65 170\n- s2 differ: byte 9, line 5\n",
                "",
                1,
            ),
            ("cat a | cmp - -", "", "", 0),
            (
                "head -c 3000 /dev/urandom > u; cat u | cmp - u && echo same",
                "same\n",
                "",
                0,
            ),
            ("cat a | cmp b", "b - differ: byte 3, line 1\n", "", 1),
            (
                "cmp a nosuch",
                "",
                "cmp: nosuch: No such file or directory\n",
                2,
            ),
            ("cmp -s a nosuch", "", "", 2),
            ("cmp a /tmp", "", "cmp: /tmp: Is a directory\n", 2),
            (
                "cmp",
                "",
                &format!("cmp: missing operand after 'cmp'\n{try_help}"),
                2,
            ),
            (
                "cmp a b c d e",
                "",
                &format!("cmp: invalid --ignore-initial value 'c'\n{try_help}"),
                2,
            ),
            (
                "cmp a b 1 1 x",
                "",
                &format!("cmp: extra operand 'x'\n{try_help}"),
                2,
            ),
            (
                "cmp -l -s a b",
                "",
                &format!("cmp: options -l and -s are incompatible\n{try_help}"),
                2,
            ),
            (
                "cmp -i 1:x a b",
                "",
                &format!("cmp: invalid --ignore-initial value 'x'\n{try_help}"),
                2,
            ),
            (
                "cmp -n x a b",
                "",
                &format!("cmp: invalid --bytes value 'x'\n{try_help}"),
                2,
            ),
            (
                "cmp -z a b",
                "",
                &format!("cmp: invalid option -- 'z'\n{try_help}"),
                2,
            ),
            (
                "seq 2000 > r; cp r r2; cmp r r2 && echo same; printf x >> r2; cmp r r2",
                "same\n",
                "cmp: EOF on r after byte 8893, line 2000\n",
                1,
            ),
        ],
    );
}

#[test]
fn truncate() {
    let m = setup();
    assert_eq!(sh(&m, "mkdir tr").status, 0);
    let hint = "Try 'truncate --help' for more information.\n";
    table(
        &m,
        "tr",
        &[
            (
                r"printf 'hello world\n' > f; truncate -s 5 f; cat f; echo; truncate -s +3 f; od -An -c f; truncate -s -2 f; stat -c %s f",
                "hello\n   h   e   l   l   o  \\0  \\0  \\0\n6\n",
                "",
                0,
            ),
            (
                "truncate -s 10 f; truncate -s '<4' f; stat -c %s f; truncate -s '<10' f; stat -c %s f; truncate -s '>10' f; truncate -s '>3' f; stat -c %s f",
                "4\n4\n10\n",
                "",
                0,
            ),
            (
                "truncate -s 10 f; truncate -s /4 f; stat -c %s f; truncate -s %6 f; stat -c %s f; truncate -s 1K f; truncate -s 1KB g; truncate -s 1KiB h; truncate --size=1k i; stat -c %s f g h i",
                "8\n12\n1024\n1000\n1024\n1024\n",
                "",
                0,
            ),
            (
                "rm -f g; truncate -c -s 5 g; ls g; truncate --no-create -s 5 f g; stat -c %s f",
                "5\n",
                "ls: cannot access 'g': No such file or directory\n",
                0,
            ),
            (
                "truncate -s 3 f; truncate -r f h; stat -c %s h; truncate -r f -s +1 h; stat -c %s h; truncate --reference=f -s -9 h; stat -c %s h",
                "3\n4\n0\n",
                "",
                0,
            ),
            (
                "truncate -s 0 f g; printf abcdefgh > f; truncate -s -20 f; stat -c %s f",
                "0\n",
                "",
                0,
            ),
            (
                "umask 022; rm -f n; truncate -s 2 n; stat -c '%a %s' n",
                "644 2\n",
                "",
                0,
            ),
            (
                r"seq 10 > s; truncate -s 6 s; cat s | wc -l; truncate -s +4 s; tr '\0' z < s",
                "3\n1\n2\n3\nzzzz",
                "",
                0,
            ),
            (
                "truncate f",
                "",
                &format!("truncate: you must specify either '--size' or '--reference'\n{hint}"),
                1,
            ),
            ("truncate -s x f", "", "truncate: Invalid number: 'x'\n", 1),
            (
                "truncate -s 5",
                "",
                &format!("truncate: missing file operand\n{hint}"),
                1,
            ),
            ("truncate -s /0 f", "", "truncate: division by zero\n", 1),
            (
                "truncate -s 5 nosuchdir/x",
                "",
                "truncate: cannot open 'nosuchdir/x' for writing: No such file or directory\n",
                1,
            ),
            (
                "truncate -s 5 /tmp",
                "",
                "truncate: cannot open '/tmp' for writing: Is a directory\n",
                1,
            ),
            (
                "truncate -r nosuch f",
                "",
                "truncate: cannot stat 'nosuch': No such file or directory\n",
                1,
            ),
            (
                "truncate -s 1b f",
                "",
                "truncate: Invalid number: '1b'\n",
                1,
            ),
            (
                "truncate -s +-3 f",
                "",
                "truncate: Invalid number: '+-3'\n",
                1,
            ),
            (
                "truncate -s '<-3' f",
                "",
                &format!("truncate: multiple relative modifiers specified\n{hint}"),
                1,
            ),
            (
                "truncate -r f -s 5 h",
                "",
                &format!(
                    "truncate: you must specify a relative '--size' with '--reference'\n{hint}"
                ),
                1,
            ),
            ("truncate -s '' f", "", "truncate: Invalid number: ''\n", 1),
            (
                "truncate -s 99999999999999999999 f",
                "",
                "truncate: Invalid number: '99999999999999999999': Value too large for defined data type\n",
                1,
            ),
            (
                "truncate -s 1KB5 f",
                "",
                "truncate: Invalid number: '1KB5'\n",
                1,
            ),
            (
                "truncate -x",
                "",
                &format!("truncate: invalid option -- 'x'\n{hint}"),
                1,
            ),
        ],
    );
}

#[test]
fn mkfifo() {
    let m = setup();
    assert_eq!(sh(&m, "mkdir ff").status, 0);
    let hint = "Try 'mkfifo --help' for more information.\n";
    table(
        &m,
        "ff",
        &[
            (
                "umask 022; mkfifo p; stat -c '%a %F' p",
                "644 fifo\n",
                "",
                0,
            ),
            (
                "umask 022; mkfifo -m 600 q; stat -c '%a %F' q",
                "600 fifo\n",
                "",
                0,
            ),
            (
                "umask 022; mkfifo -m a=rw r2; stat -c %a r2",
                "666\n",
                "",
                0,
            ),
            ("umask 077; mkfifo -m u+x r3; stat -c %a r3", "766\n", "", 0),
            ("mkfifo --mode=640 s t; stat -c %a s t", "640\n640\n", "", 0),
            ("mkfifo -Z z && test -p z", "", "", 0),
            (
                "mkfifo p",
                "",
                "mkfifo: cannot create fifo 'p': File exists\n",
                1,
            ),
            ("mkfifo", "", &format!("mkfifo: missing operand\n{hint}"), 1),
            (
                "mkfifo -m 1777 x",
                "",
                "mkfifo: mode must specify only file permission bits\n",
                1,
            ),
            ("mkfifo -m bad x", "", "mkfifo: invalid mode\n", 1),
            (
                "mkfifo nodir/p",
                "",
                "mkfifo: cannot create fifo 'nodir/p': No such file or directory\n",
                1,
            ),
            (
                "mkfifo -x z",
                "",
                &format!("mkfifo: invalid option -- 'x'\n{hint}"),
                1,
            ),
            (
                "mkfifo --context=x c; test -p c",
                "",
                "mkfifo: warning: ignoring --context; it requires an SELinux/SMACK-enabled kernel\n",
                0,
            ),
            (
                "mkfifo pipe; seq 3 > pipe & tr 1-3 a-c < pipe; wait; rm pipe; test -e pipe",
                "a\nb\nc\n",
                "",
                1,
            ),
        ],
    );
}

#[test]
fn dd() {
    let m = setup();
    assert_eq!(sh(&m, "mkdir dd && seq 1000 > dd/s").status, 0);
    let hint = "Try 'dd --help' for more information.\n";
    table(
        &m,
        "dd",
        &[
            (
                "dd if=s of=o bs=1k count=2 2>&1 | sed -n 1,2p; wc -c < o",
                "2+0 records in\n2+0 records out\n2048\n",
                "",
                0,
            ),
            (
                "dd if=s of=o bs=1k count=2 2>&1 | sed 1,2d | cut -d, -f1",
                "2048 bytes (2.0 kB\n",
                "",
                0,
            ),
            (
                "printf abc | dd bs=1 count=1 2>&1 >/dev/null | sed 1,2d | cut -d, -f1",
                "1 byte copied\n",
                "",
                0,
            ),
            (
                "dd if=s of=o bs=1k count=2 2>&1 | sed 1,2d | grep -c '^2048 bytes (2.0 kB, 2.0 KiB) copied, [0-9.e-]* s, [0-9.]* [kMGT]*B/s$'",
                "1\n",
                "",
                0,
            ),
            (
                "dd if=/dev/zero bs=1k count=3 status=none | wc -c",
                "3072\n",
                "",
                0,
            ),
            (
                "dd if=s bs=100 count=3 skip=1 status=noxfer | head -c 20",
                "7\n38\n39\n40\n41\n42\n43\n",
                "3+0 records in\n3+0 records out\n",
                0,
            ),
            (
                "dd if=s bs=1 skip=5000 count=1 status=noxfer",
                "",
                "dd: s: cannot skip to specified offset\n0+0 records in\n0+0 records out\n",
                0,
            ),
            (
                "printf abcdefgh | dd ibs=3 obs=2 status=noxfer | od -c",
                "0000000   a   b   c   d   e   f   g   h\n0000010\n",
                "2+1 records in\n4+0 records out\n",
                0,
            ),
            (
                "printf '' | dd status=noxfer",
                "",
                "0+0 records in\n0+0 records out\n",
                0,
            ),
            (
                "printf 0123456789 | dd bs=3 skip=1 count=2 status=noxfer",
                "345678",
                "2+0 records in\n2+0 records out\n",
                0,
            ),
            (
                "dd if=/tmp status=noxfer",
                "",
                "dd: error reading '/tmp': Is a directory\n0+0 records in\n0+0 records out\n",
                1,
            ),
            (
                "printf ab | dd conv=sync bs=4 status=none | od -An -c",
                "   a   b  \\0  \\0\n",
                "",
                0,
            ),
            (
                r"printf 'a\nb\n' | dd ibs=1 obs=10 status=noxfer",
                "a\nb\n",
                "4+0 records in\n0+1 records out\n",
                0,
            ),
            (
                "seq 100 | dd bs=7 skip=2 count=3 status=noxfer",
                "8\n9\n10\n11\n12\n13\n14\n15",
                "3+0 records in\n3+0 records out\n",
                0,
            ),
            (
                "printf abcde | dd conv=swab,ucase status=noxfer",
                "BADCE",
                "0+1 records in\n0+1 records out\n",
                0,
            ),
            ("echo HeLLo | dd conv=lcase 2>/dev/null", "hello\n", "", 0),
            (
                "printf abcde | dd conv=sync,noerror ibs=3 obs=4 status=noxfer | od -An -c",
                "   a   b   c   d   e  \\0\n",
                "1+1 records in\n1+1 records out\n",
                0,
            ),
            (
                "printf 0123456789 > t; printf ab | dd of=t seek=3 bs=1 conv=notrunc status=none; cat t; echo; printf ab | dd of=t seek=3 bs=1 status=none; cat t; echo",
                "012ab56789\n012ab\n",
                "",
                0,
            ),
            (
                "dd if=/dev/zero bs=1000 count=1 status=none seek=2 of=u; wc -c < u",
                "3000\n",
                "",
                0,
            ),
            ("dd if=s bs=2x3 count=1 status=none", "1\n2\n3\n", "", 0),
            ("dd if=s bs=1w count=1 status=none", "1\n", "", 0),
            ("dd if=s ibs=1b count=1 status=none | wc -c", "512\n", "", 0),
            (
                "printf abcdef | dd iflag=count_bytes count=4 status=none; printf abcdef | dd iflag=skip_bytes skip=2 bs=3 status=none",
                "abcdcdef",
                "",
                0,
            ),
            (
                "printf abcdefgh | dd count=3B status=none; echo; printf abcdefgh | dd bs=2 skip=1B count=2 status=none",
                "abc\nbcde",
                "",
                0,
            ),
            (
                "printf ab | dd of=t2 oflag=seek_bytes seek=3 status=none; od -An -c t2",
                "  \\0  \\0  \\0   a   b\n",
                "",
                0,
            ),
            (
                "head -c 5000 /dev/urandom > r; dd if=r bs=64 status=none | cmp - r && dd if=r ibs=7 obs=13 status=none | cmp - r && echo same",
                "same\n",
                "",
                0,
            ),
            (
                "dd if=nosuch",
                "",
                "dd: failed to open 'nosuch': No such file or directory\n",
                1,
            ),
            (
                "dd foo=1",
                "",
                &format!("dd: unrecognized operand 'foo=1'\n{hint}"),
                1,
            ),
            (
                "dd if",
                "",
                &format!("dd: unrecognized operand 'if'\n{hint}"),
                1,
            ),
            ("dd bs=x", "", "dd: invalid number: 'x'\n", 1),
            ("dd bs=0", "", "dd: invalid number: '0'\n", 1),
            ("dd count=-1", "", "dd: invalid number: '-1'\n", 1),
            (
                "dd conv=foo",
                "",
                &format!("dd: invalid conversion: 'foo'\n{hint}"),
                1,
            ),
            (
                "dd iflag=foo",
                "",
                &format!("dd: invalid input flag: 'foo'\n{hint}"),
                1,
            ),
            (
                "dd status=foo",
                "",
                &format!("dd: invalid status level: 'foo'\n{hint}"),
                1,
            ),
            (
                "dd conv=ucase,lcase",
                "",
                "dd: cannot combine lcase and ucase\n",
                1,
            ),
            (
                "dd -x",
                "",
                &format!("dd: invalid option -- 'x'\n{hint}"),
                1,
            ),
            (
                "printf abc | dd conv=nocreat of=newf",
                "",
                "dd: failed to open 'newf': No such file or directory\n",
                1,
            ),
            (
                "printf abc | dd conv=excl of=t2",
                "",
                "dd: failed to open 't2': File exists\n",
                1,
            ),
        ],
    );
}

/// Growth past what tmpfs can hold fails with the errno Linux gives (EFBIG for one file past
/// the file-size limit, ENOSPC when the file system is full) instead of exhausting the host;
/// a failed write of standard output is reported like gnulib's close_stdout.
#[test]
fn no_space_and_write_errors() {
    let m = setup();
    assert_eq!(sh(&m, "mkdir ns").status, 0);
    table(
        &m,
        "ns",
        &[
            (
                "truncate -s 1T f; echo $?; stat -c %s f",
                "1\n0\n",
                "truncate: failed to truncate 'f' at 1099511627776 bytes: File too large\n",
                0,
            ),
            (
                "dd if=/dev/zero of=g bs=1 count=1 seek=3G status=none",
                "",
                "dd: failed to truncate to 3221225472 bytes in output file 'g': File too large\n",
                1,
            ),
            (
                "truncate -s 1500M a && truncate -s 1500M b; echo $?; rm a",
                "1\n",
                "truncate: failed to truncate 'b' at 1572864000 bytes: No space left on device\n",
                0,
            ),
            (
                "head -c 10 /dev/zero > /dev/full",
                "",
                "head: write error: No space left on device\n",
                1,
            ),
            (
                "seq 3 > /dev/full",
                "",
                "seq: write error: No space left on device\n",
                1,
            ),
            ("seq 3 | head -1", "1\n", "", 0),
            (
                "ls / > /dev/full",
                "",
                "ls: write error: No space left on device\n",
                2,
            ),
            (
                "sed p /etc/passwd > /dev/full",
                "",
                "sed: couldn't flush stdout: No space left on device\n",
                4,
            ),
            (
                "expr 1 + 1 > /dev/full",
                "",
                "expr: write error: No space left on device\n",
                3,
            ),
            (
                "diff /etc/passwd /etc/group > /dev/full",
                "",
                "diff: standard output: No space left on device\n",
                2,
            ),
        ],
    );
}
