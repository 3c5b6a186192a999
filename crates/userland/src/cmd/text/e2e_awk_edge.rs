//! Edge cases of awk: strnum comparisons, number to string, FS changes, field and NF
//! assignment, sub/gsub escapes, printf corners, arrays passed to functions. Expected
//! outputs come from mawk on the host unless a comment says otherwise.

use super::e2e::{case, check, setup};

/// Corner cases checked against a real awk.
#[test]
fn awk_edge_cases() {
    let m = setup();
    check(vec![
        case(
            &m,
            &["awk", "{ FS = \":\" } { print $1 }"],
            "a:b c\nd:e f\n",
            "a:b\nd\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { x = \"3.0\"; print x + 0, 3.0, 0.1, 1e-300 * 0, -0 \"\" }",
            ],
            "",
            "3 3 0.1 0 0\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { printf \"%s %d %.0f %.0f %5.1e|%i\\n\", 0.1 + 0.2, -0.5, 2.5, 3.5, 12345, 7.9 }",
            ],
            "",
            "0.3 0 2 4 1.2e+04|7\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { print index(\"abc\", \"\"), substr(\"hello\", 2, -1) \"|\", length(12.50), toupper(123), substr(12345, 2, 3) }",
            ],
            "",
            "1 | 4 123 234\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "-v",
                "x=010",
                "BEGIN { print (x == 10), (x < 9), x }",
            ],
            "",
            "1 0 010\n",
            "",
            0,
        ),
        case(
            &m,
            &["awk", "{ print ($1 == 0), ($1 < 1), ($1 == \"0\") }"],
            "0.0\n0\n-0\n abc\n",
            "1 1 0\n1 1 1\n1 1 0\n0 0 0\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { a = \"10\"; b = 9; print (a < b), (\"\" < 1), (x < 1), (x \"\" < 1) }",
            ],
            "",
            "1 1 1 1\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { a[0.1 + 0.2] = 1; a[1] = 2; print a[\"0.3\"], a[\"1\"], ((1) in a), (\"01\" in a) }",
            ],
            "",
            "1 2 1 0\n",
            "",
            0,
        ),
        case(
            &m,
            &["awk", "{ sub(/a/, \"X\", $2); print; print NF }"],
            "aa ba ca\n",
            "aa bX ca\n3\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "{ gsub(/^/, \">\"); print } { if (match($0, /[0-9]+/)) print substr($0, RSTART, RLENGTH) }",
            ],
            "ab123cd45\n",
            ">ab123cd45\n123\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "$0 ~ $1 { print \"self-match\", NR } { x = $2; if (x ~ \"^[0-9]+$\") print \"num\", x }",
            ],
            "a.c abc\nb 12\n",
            "self-match 1\nself-match 2\nnum 12\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "/a|b/ { print \"ab:\" $0 } /^[[:alpha:]]+$/ { print \"alpha:\" $0 } /\\$/ { print \"dollar:\" $0 }",
            ],
            "xbz\nabc\nq$\n",
            "ab:xbz\nalpha:xbz\nab:abc\nalpha:abc\ndollar:q$\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { n = split(\" a b \", arr, / /); print n, \"[\" arr[1] \"]\", \"[\" arr[2] \"]\"; print split(\"a.b.c\", d, \".\"), d[2] }",
            ],
            "",
            "4 [] [a]\n3 b\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { x = y = 3; i = 1; print x, y, i++ + ++i, i }",
            ],
            "",
            "3 3 4 3\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "function f() { exit 5 } { f() } END { print \"end\", NR }",
            ],
            "a\nb\n",
            "end 1\n",
            "",
            5,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { a[1]; a[2]; a[3]; for (k in a) delete a[k]; print length(a) }",
            ],
            "",
            "0\n",
            "",
            0,
        ),
        case(
            &m,
            &["awk", "BEGIN { while ((getline l) > 0) n += l; print n }"],
            "1\n2\n3\n",
            "6\n",
            "",
            0,
        ),
        // In paragraph mode newline separates fields whatever FS is (POSIX, gawk); mawk
        // leaves "b\nc" as one field.
        case(
            &m,
            &[
                "awk",
                "BEGIN { RS = \"\"; FS = \":\" } { for (i = 1; i <= NF; i++) printf \"%s|\", $i; print \"\" }",
            ],
            "a:b\nc:d\n\ne\n",
            "a|b|c|d|\ne|\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { OFS = \"-\" } { print; $1 = $1; print; NF = 5; print; $7 = \"z\"; print NF, $0 }",
            ],
            "a b c\n",
            "a b c\na-b-c\na-b-c--\n7-a-b-c----z\n",
            "",
            0,
        ),
        case(
            &m,
            &["awk", "{ $3 = \"\"; print; print NF }"],
            "a\n",
            "a  \n3\n",
            "",
            0,
        ),
        case(
            &m,
            &["awk", "BEGIN { printf \"%s|%s|%s\\n\", \"a\" }"],
            "",
            "a||\n",
            "",
            0,
        ),
        case(&m, &["awk", "BEGIN { print length() }"], "", "0\n", "", 0),
        case(
            &m,
            &[
                "awk",
                "NR==1, /c/ { print \"in:\", $0 } /b/, /b/ { print \"bb:\", $0 }",
            ],
            "a\nb\nc\nd\nb\n",
            "in: a\nin: b\nbb: b\nin: c\nbb: b\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { print substr(\"hello\", 2.5, 2), substr(\"hello\", 1, 2.5) }",
            ],
            "",
            "el he\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { CONVFMT = \"%d\"; a = 3.9; b = a \"\"; print b; OFMT = \"%.2f\"; print 3.14159, 3.14159 \"\" }",
            ],
            "",
            "3\n3.14 3\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { printf \"%-5s|%5s|%05.1f|%+.2e|%x|%X|%#o|%c\\n\", \"ab\", \"cd\", 3.14159, -1234.5, 255, 255, 0, 65 }",
            ],
            "",
            "ab   |   cd|003.1|-1.23e+03|ff|FF|0|A\n",
            "",
            0,
        ),
        case(
            &m,
            &["awk", "{ print $NF; $NF = \"\"; print $0 \"|\" }"],
            "a b c\n",
            "c\na b |\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { s = \"foo.bar.baz\"; n = gsub(\".\", \"-\", s); print n, s; t = \"a\\\\b\"; gsub(/\\\\/, \"/\", t); print t }",
            ],
            "",
            "11 -----------\na/b\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { s = \"hello\"; gsub(/l/, \"[\\\\\\\\&]\", s); print s }",
            ],
            "",
            "he[\\l][\\l]o\n",
            "",
            0,
        ),
        case(
            &m,
            &["awk", "{ print NR \": \" length }", "sp"],
            "",
            "1: 10\n2: 8\n3: 0\n4: 6\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { x[\"a\"] = 1; f(x); print x[\"a\"], x[\"b\"] } function f(arr) { arr[\"b\"] = 2; arr[\"a\"]++ }",
            ],
            "",
            "2 2\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "function g(a) { a[1] = 5 } BEGIN { g(u); print u[1], length(u) }",
            ],
            "",
            "5 1\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { \"pwd\" | getline d; print d; print ENVIRON[\"USER\"] != \"\" }",
            ],
            "",
            "/home/user\n1\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { print 1 > \"o\"; print 2 > \"o\"; close(\"o\"); print 3 >> \"o\"; close(\"o\"); while ((getline x < \"o\") > 0) print \"o:\" x; print close(\"o\"), close(\"nothing\") }",
            ],
            "",
            "o:1\no:2\no:3\n0 -1\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { printf \"%d %d %d\\n\", \"3abc\", \"\", \"-2.7\" }",
            ],
            "",
            "3 0 -2\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { x = 5; x ^= 2; print x, 2 ^ 3, -3 % 2, 2 ^ -1 }",
            ],
            "",
            "25 8 -1 0.5\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { print (1, 2) in a; a[1, 2]; print ((1, 2) in a) }",
            ],
            "",
            "0\n1\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { if (!(3 in a)) print \"no\"; if (a[3] == \"\") print \"empty\"; print (3 in a) }",
            ],
            "",
            "no\nempty\n1\n",
            "",
            0,
        ),
        case(
            &m,
            &["awk", "{ print; getline; print \"->\", $0 }"],
            "1\n2\n3\n",
            "1\n-> 2\n3\n-> 3\n",
            "",
            0,
        ),
        case(
            &m,
            &["awk", "BEGIN { printf \"no newline\" } END { }"],
            "",
            "no newline",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { print \"a\" \"b\", \"c\" > \"/dev/stdout\" }",
            ],
            "",
            "ab c\n",
            "",
            0,
        ),
        case(
            &m,
            &[
                "awk",
                "BEGIN { print -1 \" \" 2, 1 - 1 \"x\", \"a\" (1 < 2) }",
            ],
            "",
            "-1 2 0x a1\n",
            "",
            0,
        ),
        // Recursion a hundred deep is fine (the limit is host stack, see eval.rs).
        case(
            &m,
            &[
                "awk",
                "function d(n) { return n ? 1 + d(n - 1) : 0 } BEGIN { print d(100) }",
            ],
            "",
            "100\n",
            "",
            0,
        ),
    ]);
}
