//! Parser tests: round trips through the printer, and a table of syntax errors with dash's
//! exact wording.

use super::fmt;
use super::parser::*;

fn parse(s: &str) -> Result<String, ParseError> {
    let chars: Vec<char> = s.chars().collect();
    let aliases = Aliases::new();
    let mut p = Parser::new(&chars, 1, true, &aliases);
    p.parse_all().map(|l| fmt::list(&l))
}

fn err(s: &str) -> String {
    match parse(s) {
        Err(ParseError::Syntax { msg, line }) => format!("{line}: {msg}"),
        other => format!("no error: {other:?}"),
    }
}

#[test]
fn round_trips() {
    let cases = [
        ("echo hi", "echo hi"),
        ("a|b&&c||d;e&", "a | b && c || d; e &"),
        ("! a | b", "! a | b"),
        (
            "if a; then b; elif c; then d; else e; fi",
            "if a; then b; elif c; then d; else e; fi",
        ),
        ("while a\ndo b\ndone", "while a; do b; done"),
        (
            "for i in 1 2; do echo $i; done",
            "for i in 1 2; do echo ${i}; done",
        ),
        ("for i do :; done", "for i; do :; done"),
        (
            "case $x in a|b) echo;; (c) ;; esac",
            "case ${x} in a | b) echo;; c) ;; esac",
        ),
        ("f() { echo; }", "f() { echo; }"),
        ("(a; b) > f 2>&1", "(a; b) >f 2>&1"),
        ("x=1 y=$2 cmd a=b", "x=1 y=${2} cmd a=b"),
        ("echo 'a b' \"c $d\" \\e", "echo 'a b' \"c ${d}\" 'e'"),
        (
            "echo ${x:-a b} ${#y} ${z%%.*}",
            "echo ${x:-a b} ${#y} ${z%%.*}",
        ),
        ("echo $(ls) `pwd` $((1+2))", "echo $(ls) $(pwd) $((1+2))"),
        ("echo a\\\nb", "echo ab"),
        ("echo 2>x 12>y", "echo 12 2>x >y"),
        ("echo }", "echo }"),
        ("{ a & }", "{ a & }"),
        ("case a in esac", "case a in esac"),
        (
            "echo $(case x in x) echo y;; esac)",
            "echo $(case x in x) echo y;; esac)",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(parse(src).as_deref(), Ok(want), "source: {src:?}");
    }
}

#[test]
fn heredocs() {
    let chars: Vec<char> = "cat <<E; cat <<-'F'\nhello $x\nE\n\tlit $y\n\tF\necho done\n"
        .chars()
        .collect();
    let aliases = Aliases::new();
    let mut p = Parser::new(&chars, 1, true, &aliases);
    let Ok(Parsed::Cmd(l)) = p.parse_one() else {
        panic!("parse failed")
    };
    let dbg = format!("{l:?}");
    assert!(dbg.contains("Expand([Quoted(\"hello \"), Param"), "{dbg}");
    assert!(dbg.contains("Literal(\"lit $y\\n\")"), "{dbg}");
    let Ok(Parsed::Cmd(l)) = p.parse_one() else {
        panic!("second command")
    };
    assert_eq!(fmt::list(&l), "echo done");
}

#[test]
fn incomplete_input() {
    let aliases = Aliases::new();
    for src in [
        "if true\n",
        "echo 'abc\n",
        "cat <<E\nabc\n",
        "echo \\\n",
        "a &&\n",
        "f() {\n",
    ] {
        let chars: Vec<char> = src.chars().collect();
        let mut p = Parser::new(&chars, 1, false, &aliases);
        assert_eq!(p.parse_one(), Err(ParseError::Incomplete), "{src:?}");
    }
    let chars: Vec<char> = "echo a\necho b\n".chars().collect();
    let mut p = Parser::new(&chars, 1, false, &aliases);
    assert!(matches!(p.parse_one(), Ok(Parsed::Cmd(_))));
    assert_eq!(p.consumed(), 7);
}

#[test]
fn aliases_expand() {
    let mut aliases = Aliases::new();
    aliases.insert("ll".into(), "ls -l ".into());
    aliases.insert("x".into(), "echo".into());
    aliases.insert("a".into(), "b".into());
    aliases.insert("b".into(), "a".into());
    let run = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        let mut p = Parser::new(&chars, 1, true, &aliases);
        p.parse_all().map(|l| fmt::list(&l))
    };
    assert_eq!(run("ll x").as_deref(), Ok("ls -l echo"));
    assert_eq!(run("x ll").as_deref(), Ok("echo ll"));
    assert_eq!(run("a").as_deref(), Ok("a"));
}

#[test]
fn syntax_errors() {
    let table = [
        ("fi", "1: \"fi\" unexpected"),
        ("if true; then echo; fi fi", "1: \"fi\" unexpected"),
        ("(a) b", "1: word unexpected"),
        ("if true", "1: end of file unexpected (expecting \"then\")"),
        (
            "if true; then",
            "1: end of file unexpected (expecting \"fi\")",
        ),
        ("echo \"abc", "1: Unterminated quoted string"),
        ("echo 'abc", "1: Unterminated quoted string"),
        ("echo ${x", "1: Missing '}'"),
        ("case a in", "1: end of file unexpected (expecting \")\")"),
        ("for 1 in a; do :; done", "1: Bad for loop variable"),
        ("1x() { :; }", "1: Bad function name"),
        ("echo a |", "1: end of file unexpected"),
        ("a && ;", "1: \";\" unexpected"),
        (";", "1: \";\" unexpected"),
        ("echo `echo", "1: EOF in backquote substitution"),
        ("echo $(echo", "1: end of file unexpected (expecting \")\")"),
        ("echo $((1+2)", "1: Missing '))'"),
        ("cat <<", "1: end of file unexpected"),
        ("echo a > ;", "1: \";\" unexpected"),
        (
            "while true; do",
            "1: end of file unexpected (expecting \"done\")",
        ),
        ("{ echo", "1: end of file unexpected (expecting \"}\")"),
        ("done", "1: \"done\" unexpected"),
        (")", "1: \")\" unexpected"),
        ("echo a ;;", "1: \";;\" unexpected"),
        (
            "case a in a) ;; b",
            "1: end of file unexpected (expecting \")\")",
        ),
        ("echo 2>&a", "1: Bad fd number"),
        ("! ! true", "1: \"!\" unexpected"),
        ("echo a\n\n  fi\n", "3: \"fi\" unexpected"),
        ("if then fi", "1: \"then\" unexpected"),
        ("shift() { :; }", "1: Bad function name"),
        ("echo (", "1: end of file unexpected (expecting \")\")"),
        ("echo a (", "1: \"(\" unexpected"),
        ("echo ( )", "1: end of file unexpected"),
    ];
    for (src, want) in table {
        assert_eq!(err(src), want, "source: {src:?}");
    }
}

#[test]
fn fuzz_inputs_do_not_panic() {
    for s in [
        "${", "$((", "`", "<<", "${#", "${x:", "$(", "case", "for", "\\", "'", "\"$(", "${x#",
        "a<<-", "$(((", "))",
    ] {
        let _ = parse(s);
    }
}
