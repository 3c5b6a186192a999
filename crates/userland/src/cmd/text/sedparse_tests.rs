//! Tests of the sed script parser.
#![allow(clippy::unwrap_used)]

use super::*;

fn script(s: &str) -> Result<Script, String> {
    let mut t = Text::default();
    t.add(s.as_bytes(), Source::Expr(1));
    parse(&t, false)
}

#[test]
fn addresses_and_commands() {
    let s = script("1,/x/!{p;d}\n$=\n2~3s/a\\/b/[&]/gp").unwrap();
    assert_eq!(s.cmds.len(), 6);
    assert_eq!(s.cmds[0].a1, Some(Addr::Line(1)));
    assert_eq!(s.cmds[0].a2, Some(Addr2::At(Addr::Re(Some(0)))));
    assert!(s.cmds[0].negate);
    assert_eq!(s.cmds[0].kind, Kind::Block(3));
    assert_eq!(s.cmds[5].a1, Some(Addr::Step(2, 3)));
    let Kind::Subst(sub) = &s.cmds[5].kind else {
        panic!("not s")
    };
    assert!(sub.global && sub.print);
    assert_eq!(
        sub.repl,
        vec![
            Repl::Lit(b"[".to_vec()),
            Repl::Group(0),
            Repl::Lit(b"]".to_vec())
        ]
    );
    let s = script("0,/a/p;5,+2d;3,~4p;\\,x,p").unwrap();
    assert_eq!(s.cmds[1].a2, Some(Addr2::Plus(2)));
    assert_eq!(s.cmds[2].a2, Some(Addr2::Tilde(4)));
    assert_eq!(s.cmds[3].a1, Some(Addr::Re(Some(1))));
}

#[test]
fn labels_and_text() {
    let s = script(":a\nN\n$!ba\ns/\\n/ /g").unwrap();
    assert_eq!(s.cmds[2].kind, Kind::Branch('b', Some(0)));
    let s = script("1a\\   foo\n2i bar\n3c\\\nbaz\\\nqux").unwrap();
    assert_eq!(s.cmds[0].kind, Kind::Append(b"   foo".to_vec()));
    assert_eq!(s.cmds[1].kind, Kind::Insert(b"bar".to_vec()));
    assert_eq!(s.cmds[2].kind, Kind::Change(b"baz\nqux".to_vec()));
    assert!(script("#n\np").unwrap().quiet);
}

#[test]
fn errors() {
    let e = |s: &str| script(s).err().unwrap_or_default();
    assert_eq!(e("k"), "-e expression #1, char 1: unknown command: `k'");
    assert_eq!(
        e("s/a/b"),
        "-e expression #1, char 5: unterminated `s' command"
    );
    assert_eq!(e("{p"), "-e expression #1, char 0: unmatched `{'");
    assert_eq!(e("p}"), "-e expression #1, char 2: unexpected `}'");
    assert_eq!(e("bfoo"), "can't find label for jump to `foo'");
    assert_eq!(
        e("1,2=x"),
        "-e expression #1, char 5: extra characters after command"
    );
    assert_eq!(
        e("y/abc/de/"),
        "-e expression #1, char 9: strings for `y' command are different lengths"
    );
    assert_eq!(
        e("s/x/y/w"),
        "-e expression #1, char 7: missing filename in r/R/w/W commands"
    );
    assert_eq!(
        e("s/\\(a\\)/\\2/"),
        "-e expression #1, char 11: invalid reference \\2 on `s' command's RHS"
    );
    assert_eq!(e(": "), "-e expression #1, char 2: \":\" lacks a label");
    assert_eq!(
        e("1,2q"),
        "-e expression #1, char 4: command only uses one address"
    );
    assert_eq!(
        e("s/a/b/q"),
        "-e expression #1, char 7: unknown option to `s'"
    );
    assert_eq!(
        e("0p"),
        "-e expression #1, char 2: invalid usage of line address 0"
    );
    assert_eq!(
        e("a"),
        "-e expression #1, char 1: expected \\ after `a', `c' or `i'"
    );
    assert_eq!(
        e("/x"),
        "-e expression #1, char 2: unterminated address regex"
    );
}
