//! End-to-end checks of the text utilities on a booted machine: the sample files are put in
//! the user's home by process 1, and each program runs as the user with the given stdin. The
//! expected outputs were produced by the GNU tools (`LC_ALL=C`) on the same files.

use crate::testing::{Output, machine, run_on};
use wosix_abi::OFlags;
use wosix_runtime::Machine;

/// The sample files, relative to /home/user.
const FILES: &[(&str, &str)] = &[
    ("f", "b\na\nc\n"),
    ("n", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n"),
    ("words", "the quick brown fox\njumps over the lazy dog\nThe end\n"),
    ("tab", "a\tb\tc\n1\t2\t3\nno tabs here\n"),
    ("csv", "name,age,city\nbob,25,NYC\nalice,30,LA\ncarol,25,SF\n"),
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
];

fn setup() -> Machine {
    let m = machine();
    let sys = m.init();
    m.block_on(async move {
        for (name, data) in FILES {
            let path = format!("/home/user/{name}");
            let mut dir = String::new();
            for part in name.split('/').collect::<Vec<_>>().split_last().map(|x| x.1).unwrap_or(&[]) {
                dir = if dir.is_empty() { format!("/home/user/{part}") } else { format!("{dir}/{part}") };
                let _ = sys.mkdir(&dir, 0o755).await;
            }
            let fd = sys.open(&path, OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC, 0o644).await.expect("open");
            sys.write_all(fd, data.as_bytes()).await.expect("write");
            sys.close(fd).await.expect("close");
        }
    });
    m
}

/// Run one case; a mismatch is recorded rather than panicking so all are reported at once.
fn case(m: &Machine, argv: &[&str], stdin: &str, stdout: &str, stderr: &str, status: i32) -> Option<String> {
    let o: Output = run_on(m, argv, 1000, stdin.as_bytes());
    if (o.stdout.as_str(), o.stderr.as_str(), o.status) == (stdout, stderr, status) {
        None
    } else {
        Some(format!("{argv:?} <<< {stdin:?}\n  want {stdout:?} {stderr:?} {status}\n  got  {:?} {:?} {}", o.stdout, o.stderr, o.status))
    }
}

fn check(fails: Vec<Option<String>>) {
    let fails: Vec<String> = fails.into_iter().flatten().collect();
    assert!(fails.is_empty(), "{} failures:\n{}", fails.len(), fails.join("\n"));
}


#[test]
fn head_tail_wc_grep_sort_uniq_tr_cut() {
    let m = setup();
    check(vec![
        case(&m, &["head", "-n", "2", "n"], "", "1\n2\n", "", 0),
        case(&m, &["head", "-3", "n", "f"], "", "==> n <==\n1\n2\n3\n\n==> f <==\nb\na\nc\n", "", 0),
        case(&m, &["head", "-c", "5", "words"], "", "the q", "", 0),
        case(&m, &["head", "-n", "-17", "n"], "", "1\n2\n3\n", "", 0),
        case(&m, &["head", "-c", "-30", "words"], "", "the quick brown fox\nju", "", 0),
        case(&m, &["head", "-q", "f", "f"], "", "b\na\nc\nb\na\nc\n", "", 0),
        case(&m, &["head", "-v", "f"], "", "==> f <==\nb\na\nc\n", "", 0),
        case(&m, &["head", "nofile", "f"], "", "==> f <==\nb\na\nc\n", "head: cannot open 'nofile' for reading: No such file or directory\n", 1),
        case(&m, &["head", "-n", "x", "f"], "", "", "head: invalid number of lines: 'x'\n", 1),
        case(&m, &["head", "d"], "", "", "head: error reading 'd': Is a directory\n", 1),
        case(&m, &["head", "-n", "1"], "hello\nworld\n", "hello\n", "", 0),
        case(&m, &["tail", "-n", "3", "n"], "", "18\n19\n20\n", "", 0),
        case(&m, &["tail", "-n", "+18", "n"], "", "18\n19\n20\n", "", 0),
        case(&m, &["tail", "-c", "5", "n"], "", "9\n20\n", "", 0),
        case(&m, &["tail", "-c", "+45", "n"], "", "\n19\n20\n", "", 0),
        case(&m, &["tail", "-2", "n"], "", "19\n20\n", "", 0),
        case(&m, &["tail", "f", "noeol"], "", "==> f <==\nb\na\nc\n\n==> noeol <==\none\ntwo", "", 0),
        case(&m, &["tail", "-n", "1", "noeol"], "", "two", "", 0),
        case(&m, &["tail", "-n", "2"], "a\nb\nc\n", "b\nc\n", "", 0),
        case(&m, &["tail", "-n", "+2"], "a\nb\nc\n", "b\nc\n", "", 0),
        case(&m, &["tail", "-c", "3"], "abcdef", "def", "", 0),
        case(&m, &["tail", "nofile"], "", "", "tail: cannot open 'nofile' for reading: No such file or directory\n", 1),
        case(&m, &["wc", "f"], "", "3 3 6 f\n", "", 0),
        case(&m, &["wc", "f", "words", "noeol"], "", " 3  3  6 f\n 3 11 52 words\n 1  2  7 noeol\n 7 16 65 total\n", "", 0),
        case(&m, &["wc", "-l", "n"], "", "20 n\n", "", 0),
        case(&m, &["wc", "-w", "words", "sp"], "", "11 words\n 6 sp\n17 total\n", "", 0),
        case(&m, &["wc", "-c", "-l", "words"], "", " 3 52 words\n", "", 0),
        case(&m, &["wc", "-m", "words"], "", "52 words\n", "", 0),
        case(&m, &["wc", "-L", "words", "tab"], "", "23 words\n17 tab\n23 total\n", "", 0),
        case(&m, &["wc", "nofile", "f"], "", "3 3 6 f\n3 3 6 total\n", "wc: nofile: No such file or directory\n", 1),
        case(&m, &["wc"], "one two\nthree\n", "      2       3      14\n", "", 0),
        case(&m, &["wc", "-l"], "one two\nthree\n", "2\n", "", 0),
        case(&m, &["wc", "d"], "", "      0       0       0 d\n", "wc: d: Is a directory\n", 1),
        case(&m, &["grep", "the", "words"], "", "the quick brown fox\njumps over the lazy dog\n", "", 0),
        case(&m, &["grep", "-i", "the", "words"], "", "the quick brown fox\njumps over the lazy dog\nThe end\n", "", 0),
        case(&m, &["grep", "-v", "the", "words"], "", "The end\n", "", 0),
        case(&m, &["grep", "-c", "o", "words", "f"], "", "words:2\nf:0\n", "", 0),
        case(&m, &["grep", "-n", "-w", "the", "words"], "", "1:the quick brown fox\n2:jumps over the lazy dog\n", "", 0),
        case(&m, &["grep", "-x", "a", "f"], "", "a\n", "", 0),
        case(&m, &["grep", "-o", "o[a-z]", "words"], "", "ow\nox\nov\nog\n", "", 0),
        case(&m, &["grep", "-E", "fox|dog", "words"], "", "the quick brown fox\njumps over the lazy dog\n", "", 0),
        case(&m, &["grep", "fox\\|dog", "words"], "", "the quick brown fox\njumps over the lazy dog\n", "", 0),
        case(&m, &["grep", "-F", "a.b", "f"], "", "", "", 1),
        case(&m, &["grep", "-e", "a", "-e", "c", "f"], "", "a\nc\n", "", 0),
        case(&m, &["grep", "-l", "a", "f", "words", "n"], "", "f\nwords\n", "", 0),
        case(&m, &["grep", "-L", "a", "f", "words", "n"], "", "n\n", "", 0),
        case(&m, &["grep", "-q", "a", "f"], "", "", "", 0),
        case(&m, &["grep", "-s", "a", "nofile"], "", "", "", 2),
        case(&m, &["grep", "a", "nofile"], "", "", "grep: nofile: No such file or directory\n", 2),
        case(&m, &["grep", "-h", "a", "f", "words"], "", "a\njumps over the lazy dog\n", "", 0),
        case(&m, &["grep", "-H", "a", "f"], "", "f:a\n", "", 0),
        case(&m, &["grep", "-A", "1", "5", "n"], "", "5\n6\n--\n15\n16\n", "", 0),
        case(&m, &["grep", "-B", "2", "-n", "1[05]", "n"], "", "8-8\n9-9\n10:10\n--\n13-13\n14-14\n15:15\n", "", 0),
        case(&m, &["grep", "-C1", "-e", "5", "-e", "9", "n"], "", "4\n5\n6\n--\n8\n9\n10\n--\n14\n15\n16\n--\n18\n19\n20\n", "", 0),
        case(&m, &["grep", "-2", "10", "n"], "", "8\n9\n10\n11\n12\n", "", 0),
        case(&m, &["grep", "-m", "2", "1", "n"], "", "1\n10\n", "", 0),
        case(&m, &["grep", "-r", "hi", "d/e"], "", "d/e/b:hi there\n", "", 0),
        case(&m, &["grep", "-rl", "there", "d", "f"], "", "d/e/b\n", "", 0),
        case(&m, &["grep", "hi", "d"], "", "", "grep: d: Is a directory\n", 2),
        case(&m, &["grep", "a", "bin"], "", "", "grep: bin: binary file matches\n", 0),
        case(&m, &["grep", "-c", "a", "bin"], "", "1\n", "", 0),
        case(&m, &["grep", "-b", "c", "f"], "", "4:c\n", "", 0),
        case(&m, &["grep", "-ob", "o", "words"], "", "12:o\n17:o\n26:o\n41:o\n", "", 0),
        case(&m, &["grep", "\\(o\\).*\\1", "words"], "", "the quick brown fox\njumps over the lazy dog\n", "", 0),
        case(&m, &["grep", "-E", "(o)\\1", "words"], "", "", "", 1),
        case(&m, &["grep", "["], "", "", "grep: Invalid regular expression\n", 2),
        case(&m, &["grep", "-E", "a{1,2}", "f"], "", "a\n", "", 0),
        case(&m, &["grep", "^[[:upper:]]", "words"], "", "The end\n", "", 0),
        case(&m, &["grep", "-w", "o", "words"], "", "", "", 1),
        case(&m, &["grep", "x"], "a\nx\n", "x\n", "", 0),
        case(&m, &["grep", "-z", "b", "bin"], "", "b\nc\n\u{0}", "", 0),
        case(&m, &["grep", "--count", "--invert-match", "a", "f"], "", "2\n", "", 0),
        case(&m, &["grep", "-f", "f", "words"], "", "the quick brown fox\njumps over the lazy dog\n", "", 0),
        case(&m, &["grep"], "", "", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2),
        case(&m, &["grep", "-y"], "", "", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2),
        case(&m, &["sort", "f"], "", "a\nb\nc\n", "", 0),
        case(&m, &["sort", "-r", "f"], "", "c\nb\na\n", "", 0),
        case(&m, &["sort", "-n", "nums"], "", "-1\n0\nabc\n1M\n1e3\n2K\n2.5\n9\n10\n", "", 0),
        case(&m, &["sort", "-g", "nums"], "", "abc\n-1\n0\n1M\n2K\n2.5\n9\n10\n1e3\n", "", 0),
        case(&m, &["sort", "-h", "nums"], "", "-1\n0\nabc\n1e3\n2.5\n9\n10\n2K\n1M\n", "", 0),
        case(&m, &["sort", "-t", ",", "-k", "2,2n", "-k", "1,1", "csv"], "", "name,age,city\nbob,25,NYC\ncarol,25,SF\nalice,30,LA\n", "", 0),
        case(&m, &["sort", "-t", ",", "-k2n", "-s", "csv"], "", "name,age,city\nbob,25,NYC\ncarol,25,SF\nalice,30,LA\n", "", 0),
        case(&m, &["sort", "-u", "dup"], "", "B\na\nb\nc\n", "", 0),
        case(&m, &["sort", "-f", "dup"], "", "a\na\nB\nb\nb\nc\nc\nc\n", "", 0),
        case(&m, &["sort", "-fu", "dup"], "", "a\nb\nc\n", "", 0),
        case(&m, &["sort", "-k", "2", "words"], "", "The end\njumps over the lazy dog\nthe quick brown fox\n", "", 0),
        case(&m, &["sort", "-k", "1.2,1.3", "words"], "", "The end\nthe quick brown fox\njumps over the lazy dog\n", "", 0),
        case(&m, &["sort", "-c", "f"], "", "", "sort: f:2: disorder: a\n", 1),
        case(&m, &["sort", "-c", "n"], "", "", "sort: n:10: disorder: 10\n", 1),
        case(&m, &["sort", "-C", "f"], "", "", "", 1),
        case(&m, &["sort", "-n", "-c", "n"], "", "", "", 0),
        case(&m, &["sort", "nofile"], "", "", "sort: cannot read: nofile: No such file or directory\n", 2),
        case(&m, &["sort", "-k", "0", "f"], "", "", "sort: field number is zero: invalid field specification '0'\n", 2),
        case(&m, &["sort", "-t", "ab", "f"], "", "", "sort: multi-character tab 'ab'\n", 2),
        case(&m, &["sort", "-b", "sp"], "", "\n last \n  lead\ttab\nx  y   z\n", "", 0),
        case(&m, &["sort", "sp"], "", "\n  lead\ttab\n last \nx  y   z\n", "", 0),
        case(&m, &["sort", "-d", "sp"], "", "\n  lead\ttab\n last \nx  y   z\n", "", 0),
        case(&m, &["sort", "-rn", "n"], "", "20\n19\n18\n17\n16\n15\n14\n13\n12\n11\n10\n9\n8\n7\n6\n5\n4\n3\n2\n1\n", "", 0),
        case(&m, &["sort", "-nr", "-k", "1,1"], "3 a\n1 b\n3 c\n2 d\n", "3 c\n3 a\n2 d\n1 b\n", "", 0),
        case(&m, &["sort", "-M"], "mar\nJan\nfoo\nFeb\n", "foo\nJan\nFeb\nmar\n", "", 0),
        case(&m, &["sort", "-V"], "a-1.10\na-1.9\na-1.2\n", "a-1.2\na-1.9\na-1.10\n", "", 0),
        case(&m, &["sort", "-z"], "b\u{0}a\u{0}", "a\u{0}b\u{0}", "", 0),
        case(&m, &["sort", "f", "s1"], "", "a\napple\nb\nbanana\nc\ncherry\n", "", 0),
        case(&m, &["sort", "-m", "s1", "s2"], "", "apple\nbanana\nbanana\ncherry\ncherry\ndate\n", "", 0),
        case(&m, &["uniq", "dup"], "", "a\nb\nB\nb\nc\n", "", 0),
        case(&m, &["uniq", "-c", "dup"], "", "      2 a\n      1 b\n      1 B\n      1 b\n      3 c\n", "", 0),
        case(&m, &["uniq", "-d", "dup"], "", "a\nc\n", "", 0),
        case(&m, &["uniq", "-u", "dup"], "", "b\nB\nb\n", "", 0),
        case(&m, &["uniq", "-i", "dup"], "", "a\nb\nc\n", "", 0),
        case(&m, &["uniq", "-ic", "dup"], "", "      2 a\n      3 b\n      3 c\n", "", 0),
        case(&m, &["uniq", "-D", "dup"], "", "a\na\nc\nc\nc\n", "", 0),
        case(&m, &["uniq", "--all-repeated=separate", "dup"], "", "a\na\n\nc\nc\nc\n", "", 0),
        case(&m, &["uniq", "--group", "dup"], "", "a\na\n\nb\n\nB\n\nb\n\nc\nc\nc\n", "", 0),
        case(&m, &["uniq", "-f", "1"], "x a\ny a\nz b\n", "x a\nz b\n", "", 0),
        case(&m, &["uniq", "-s", "1"], "xa\nya\nzb\n", "xa\nzb\n", "", 0),
        case(&m, &["uniq", "-w", "1"], "ab\nac\nbd\n", "ab\nbd\n", "", 0),
        case(&m, &["uniq", "nofile"], "", "", "uniq: nofile: No such file or directory\n", 1),
        case(&m, &["uniq", "-c"], "a\na\n", "      2 a\n", "", 0),
        case(&m, &["tr", "a-z", "A-Z"], "hello world\n", "HELLO WORLD\n", "", 0),
        case(&m, &["tr", "-d", "aeiou"], "hello world\n", "hll wrld\n", "", 0),
        case(&m, &["tr", "-s", " "], "a   b    c\n", "a b c\n", "", 0),
        case(&m, &["tr", "-cs", "[:alpha:]", "\\n"], "hello, big world!\n", "hello\nbig\nworld\n", "", 0),
        case(&m, &["tr", "[:upper:]", "[:lower:]"], "HeLLo\n", "hello\n", "", 0),
        case(&m, &["tr", "-d"], "x", "", "tr: missing operand\nTry 'tr --help' for more information.\n", 1),
        case(&m, &["tr", "a"], "x", "", "tr: missing operand after 'a'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n", 1),
        case(&m, &["tr", "a", "b", "c"], "x", "", "tr: extra operand 'c'\nTry 'tr --help' for more information.\n", 1),
        case(&m, &["tr", "z-a", "x"], "x", "", "tr: range-endpoints of 'z-a' are in reverse collating sequence order\n", 1),
        case(&m, &["tr", "abc", "x"], "aabbcc\n", "xxxxxx\n", "", 0),
        case(&m, &["tr", "-t", "abc", "xy"], "abc\n", "xyc\n", "", 0),
        case(&m, &["tr", "-d", "a", "b"], "x", "", "tr: extra operand 'b'\nOnly one string may be given when deleting without squeezing repeats.\nTry 'tr --help' for more information.\n", 1),
        case(&m, &["tr", "[:foo:]", "x"], "x", "", "tr: invalid character class 'foo'\n", 1),
        case(&m, &["cut", "-f", "2", "tab"], "", "b\n2\nno tabs here\n", "", 0),
        case(&m, &["cut", "-f", "1,3", "tab"], "", "a\tc\n1\t3\nno tabs here\n", "", 0),
        case(&m, &["cut", "-s", "-f", "2", "tab"], "", "b\n2\n", "", 0),
        case(&m, &["cut", "-d", ",", "-f", "2-", "csv"], "", "age,city\n25,NYC\n30,LA\n25,SF\n", "", 0),
        case(&m, &["cut", "-d", ",", "-f", "1", "--complement", "csv"], "", "age,city\n25,NYC\n30,LA\n25,SF\n", "", 0),
        case(&m, &["cut", "-d", ",", "-f", "1,3", "--output-delimiter=|", "csv"], "", "name|city\nbob|NYC\nalice|LA\ncarol|SF\n", "", 0),
        case(&m, &["cut", "-c", "2-4", "words"], "", "he \nump\nhe \n", "", 0),
        case(&m, &["cut", "-b", "-3", "words"], "", "the\njum\nThe\n", "", 0),
        case(&m, &["cut", "-c", "1,3-", "f"], "", "b\na\nc\n", "", 0),
        case(&m, &["cut", "f"], "", "", "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n", 1),
        case(&m, &["cut", "-f", "0", "f"], "", "", "cut: fields are numbered from 1\nTry 'cut --help' for more information.\n", 1),
        case(&m, &["cut", "-d", "ab", "-f", "1", "f"], "", "", "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n", 1),
        case(&m, &["cut", "-b", "1", "-f", "1", "f"], "", "", "cut: only one list may be specified\nTry 'cut --help' for more information.\n", 1),
        case(&m, &["cut", "-f", "1", "nofile"], "", "", "cut: nofile: No such file or directory\n", 1),
        case(&m, &["cut", "-c", "3-1", "f"], "", "", "cut: invalid decreasing range\nTry 'cut --help' for more information.\n", 1),
        case(&m, &["cut", "-d", ":", "-f", "1"], "a:b\nc\n", "a\nc\n", "", 0),
    ]);
}

#[test]
fn sed_xargs() {
    let m = setup();
    check(vec![
        case(&m, &["sed", "s/a/X/", "f"], "", "b\nX\nc\n", "", 0),
        case(&m, &["sed", "-n", "2p", "n"], "", "2\n", "", 0),
        case(&m, &["sed", "-n", "$p", "n", "f"], "", "c\n", "", 0),
        case(&m, &["sed", "-s", "-n", "$p", "n", "f"], "", "20\nc\n", "", 0),
        case(&m, &["sed", "2,18d", "n"], "", "1\n19\n20\n", "", 0),
        case(&m, &["sed", "-n", "/5/,/8/p", "n"], "", "5\n6\n7\n8\n15\n16\n17\n18\n", "", 0),
        case(&m, &["sed", "-n", "/1/{/2/p}", "n"], "", "12\n", "", 0),
        case(&m, &["sed", "1!G;h;$!d", "f"], "", "c\na\nb\n", "", 0),
        case(&m, &["sed", ":a;N;$!ba;s/\\n/,/g", "f"], "", "b,a,c\n", "", 0),
        case(&m, &["sed", "-E", "s/(o+)/[\\1]/g", "words"], "", "the quick br[o]wn f[o]x\njumps [o]ver the lazy d[o]g\nThe end\n", "", 0),
        case(&m, &["sed", "s/\\(the\\) \\([a-z]*\\)/\\2 \\1/", "words"], "", "quick the brown fox\njumps over lazy the dog\nThe end\n", "", 0),
        case(&m, &["sed", "s/o/0/2", "words"], "", "the quick brown f0x\njumps over the lazy d0g\nThe end\n", "", 0),
        case(&m, &["sed", "s/the/THE/gI", "words"], "", "THE quick brown fox\njumps over THE lazy dog\nTHE end\n", "", 0),
        case(&m, &["sed", "y/abc/xyz/", "f"], "", "y\nx\nz\n", "", 0),
        case(&m, &["sed", "=", "f"], "", "1\nb\n2\na\n3\nc\n", "", 0),
        case(&m, &["sed", "-n", "l", "tab"], "", "a\\tb\\tc$\n1\\t2\\t3$\nno tabs here$\n", "", 0),
        case(&m, &["sed", "1i\\\nheader", "f"], "", "header\nb\na\nc\n", "", 0),
        case(&m, &["sed", "$a footer", "f"], "", "b\na\nc\nfooter\n", "", 0),
        case(&m, &["sed", "2c\\\nchanged", "f"], "", "b\nchanged\nc\n", "", 0),
        case(&m, &["sed", "2q", "n"], "", "1\n2\n", "", 0),
        case(&m, &["sed", "3Q", "n"], "", "1\n2\n", "", 0),
        case(&m, &["sed", "n;d", "n"], "", "1\n3\n5\n7\n9\n11\n13\n15\n17\n19\n", "", 0),
        case(&m, &["sed", "$!N;P;D", "f"], "", "b\na\nc\n", "", 0),
        case(&m, &["sed", "-n", "/fox/=", "words"], "", "1\n", "", 0),
        case(&m, &["sed", "s/x/y/;t;s/$/!/", "f"], "", "b!\na!\nc!\n", "", 0),
        case(&m, &["sed", "-e", "s/a/b/", "-e", "s/b/c/", "f"], "", "c\nc\nc\n", "", 0),
        case(&m, &["sed", "p", "noeol"], "", "one\none\ntwo\ntwo", "", 0),
        case(&m, &["sed", "-n", "$=", "noeol", "f"], "", "5\n", "", 0),
        case(&m, &["sed", "s/[[:space:]]\\+/ /g", "sp"], "", " lead tab\nx y z\n\n last \n", "", 0),
        case(&m, &["sed", "s/^[ \\t]*//", "sp"], "", "lead\ttab\nx  y   z\n\nlast \n", "", 0),
        case(&m, &["sed", "-n", "2{p;q}", "n"], "", "2\n", "", 0),
        case(&m, &["sed", "0,/1/s//X/", "n"], "", "X\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n", "", 0),
        case(&m, &["sed", "5,+2!d", "n"], "", "5\n6\n7\n", "", 0),
        case(&m, &["sed", "0~5!d", "n"], "", "5\n10\n15\n20\n", "", 0),
        case(&m, &["sed", "s/.*/\\U&/", "f"], "", "B\nA\nC\n", "", 0),
        case(&m, &["sed", "s/\\w\\+/\\u&/g", "words"], "", "The Quick Brown Fox\nJumps Over The Lazy Dog\nThe End\n", "", 0),
        case(&m, &["sed", "-z", "s/\\n/,/g", "f"], "", "b,a,c,", "", 0),
        case(&m, &["sed", "k", "f"], "", "", "sed: -e expression #1, char 1: unknown command: `k'\n", 1),
        case(&m, &["sed", "s/a/b", "f"], "", "", "sed: -e expression #1, char 5: unterminated `s' command\n", 1),
        case(&m, &["sed", "p", "nofile", "f"], "", "b\nb\na\na\nc\nc\n", "sed: can't read nofile: No such file or directory\n", 2),
        case(&m, &["sed", "-n", "/[0-9]\\{2\\}/p", "n"], "", "10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n", "", 0),
        case(&m, &["sed", "-E", "/^(1|2)$/d", "n"], "", "3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n", "", 0),
        case(&m, &["sed", "s/\\(.\\)\\1/<&>/", "dup"], "", "a\na\nb\nB\nb\nc\nc\nc\n", "", 0),
        case(&m, &["sed", "-n", "/a/,/b/{=;p}", "dup"], "", "1\na\n2\na\n3\nb\n", "", 0),
        case(&m, &["sed", "G", "f"], "", "b\n\na\n\nc\n\n", "", 0),
        case(&m, &["sed", "-n", "h;n;G;p", "n"], "", "2\n1\n4\n3\n6\n5\n8\n7\n10\n9\n12\n11\n14\n13\n16\n15\n18\n17\n20\n19\n", "", 0),
        case(&m, &["sed", "x;1d;$!d;x", "f"], "", "c\n", "", 0),
        case(&m, &["sed", "1d;s/,/ /g", "csv"], "", "bob 25 NYC\nalice 30 LA\ncarol 25 SF\n", "", 0),
        case(&m, &["sed", "-n", "s/,.*//p", "csv"], "", "name\nbob\nalice\ncarol\n", "", 0),
        case(&m, &["sed", "s/e/E/3g", "words"], "", "the quick brown fox\njumps over the lazy dog\nThe end\n", "", 0),
        case(&m, &["sed", "s#/#|#g"], "a/b/c\n", "a|b|c\n", "", 0),
        case(&m, &["sed", "s/b*/x/g"], "abc\n", "xaxcx\n", "", 0),
        case(&m, &["sed", "/^$/d", "sp"], "", "  lead\ttab\nx  y   z\n last \n", "", 0),
        case(&m, &["sed", "-n", "/the/!p", "words"], "", "The end\n", "", 0),
        case(&m, &["sed", "--expression=1d", "f"], "", "a\nc\n", "", 0),
        case(&m, &["sed", "-f", "nofile"], "", "", "sed: couldn't open file nofile: No such file or directory\n", 4),
        case(&m, &["sed", "y/ab/c/", "f"], "", "", "sed: -e expression #1, char 7: strings for `y' command are different lengths\n", 1),
        case(&m, &["sed", "2{", "f"], "", "", "sed: -e expression #1, char 0: unmatched `{'\n", 1),
        case(&m, &["sed", "-n", "1~3p"], "a\nb\nc\nd\ne\n", "a\nd\n", "", 0),
        case(&m, &["xargs"], "a b\nc\n", "a b c\n", "", 0),
        case(&m, &["xargs", "-n", "1"], "a b c\n", "a\nb\nc\n", "", 0),
        case(&m, &["xargs", "-n", "2", "echo", "x"], "a b c\n", "x a b\nx c\n", "", 0),
        case(&m, &["xargs", "-I", "{}", "echo", "[{}]"], "a b\nc\n", "[a b]\n[c]\n", "", 0),
        case(&m, &["xargs", "-0", "echo"], "a b\u{0}c\u{0}", "a b c\n", "", 0),
        case(&m, &["xargs", "-d", ",", "echo"], "a,b,c", "a b c\n", "", 0),
        case(&m, &["xargs", "-L", "1", "echo"], "a b\nc d\n", "a b\nc d\n", "", 0),
        case(&m, &["xargs", "-t", "echo"], "a b\n", "a b\n", "echo a b\n", 0),
        case(&m, &["xargs", "echo"], "'a b' \"c d\" e\\ f\n", "a b c d e f\n", "", 0),
        case(&m, &["xargs", "-r", "echo", "x"], "", "", "", 0),
        case(&m, &["xargs", "echo", "x"], "", "x\n", "", 0),
        case(&m, &["xargs", "false"], "a\n", "", "", 123),
        case(&m, &["xargs", "nonexistent-cmd"], "a\n", "", "xargs: nonexistent-cmd: No such file or directory\n", 127),
        case(&m, &["xargs", "echo"], "'abc\n", "", "xargs: unmatched single quote; by default quotes are special to xargs unless you use the -0 option\n", 1),
        case(&m, &["xargs", "-E", "stop", "echo"], "a stop b\n", "a\n", "", 0),
        case(&m, &["xargs", "-s", "12", "echo"], "aaa bbb ccc\n", "aaa\nbbb\nccc\n", "", 0),
        case(&m, &["xargs", "-P", "2", "-n", "1", "echo"], "a\n", "a\n", "", 0),
        case(&m, &["xargs", "-a", "f", "echo"], "", "b a c\n", "", 0),
        case(&m, &["xargs", "cat"], "f noeol\n", "b\na\nc\none\ntwo", "", 0),
    ]);
}
