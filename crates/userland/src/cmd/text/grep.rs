//! grep(1): print lines matching patterns. Basic, extended and fixed-string patterns (several
//! via `-e`/`-f`), `-i -v -w -x`, counts and file lists, `-o`, context lines, `-r`/`-R`
//! directory walks, binary-file detection and `--color`, with GNU's exit statuses
//! (0 a line was selected, 1 none, 2 trouble).

use super::common;
use super::grepsearch::{Binary, Cfg, Dirs, Run, search_path};
use super::re::{ByteSet, Node, Opts, Re, parse};
use crate::Ctx;
use crate::args;

const HELP: &str = "Usage: grep [OPTION]... PATTERNS [FILE]...
Search for PATTERNS in each FILE.
Example: grep -i 'hello world' menu.h main.c
PATTERNS can contain multiple patterns separated by newlines.

Pattern selection and interpretation:
  -E, --extended-regexp     PATTERNS are extended regular expressions
  -F, --fixed-strings       PATTERNS are strings
  -G, --basic-regexp        PATTERNS are basic regular expressions
  -e, --regexp=PATTERNS     use PATTERNS for matching
  -f, --file=FILE           take PATTERNS from FILE
  -i, --ignore-case         ignore case distinctions in patterns and data
      --no-ignore-case      do not ignore case distinctions (default)
  -w, --word-regexp         match only whole words
  -x, --line-regexp         match only whole lines
  -z, --null-data           a data line ends in 0 byte, not newline

Miscellaneous:
  -s, --no-messages         suppress error messages
  -v, --invert-match        select non-matching lines
  -V, --version             display version information and exit
      --help                display this help text and exit

Output control:
  -m, --max-count=NUM       stop after NUM selected lines
  -b, --byte-offset         print the byte offset with output lines
  -n, --line-number         print line number with output lines
      --line-buffered       flush output on every line
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output
      --label=LABEL         use LABEL as the standard input file name prefix
  -o, --only-matching       show only nonempty parts of lines that match
  -q, --quiet, --silent     suppress all normal output
      --binary-files=TYPE   assume that binary files are TYPE;
                            TYPE is 'binary', 'text', or 'without-match'
  -a, --text                equivalent to --binary-files=text
  -I                        equivalent to --binary-files=without-match
  -d, --directories=ACTION  how to handle directories;
                            ACTION is 'read', 'recurse', or 'skip'
  -r, --recursive           like --directories=recurse
  -R, --dereference-recursive  likewise, but follow all symlinks
      --include=GLOB        search only files that match GLOB (a file pattern)
      --exclude=GLOB        skip files that match GLOB
      --exclude-dir=GLOB    skip directories that match GLOB
  -L, --files-without-match  print only names of FILEs with no selected lines
  -l, --files-with-matches  print only names of FILEs with selected lines
  -c, --count               print only a count of selected lines per FILE
  -T, --initial-tab         make tabs line up (if needed)
  -Z, --null                print 0 byte after FILE name

Context control:
  -B, --before-context=NUM  print NUM lines of leading context
  -A, --after-context=NUM   print NUM lines of trailing context
  -C, --context=NUM         print NUM lines of output context
  -NUM                      same as --context=NUM
      --color[=WHEN],
      --colour[=WHEN]       use markers to highlight the matching strings;
                            WHEN is 'always', 'never', or 'auto'

When FILE is '-', read standard input.  With no FILE, read '.' if
recursive, '-' otherwise.  With fewer than two FILEs, assume -h.
Exit status is 0 if any line is selected, 1 otherwise;
if any error occurs and -q is not given, the exit status is 2.
";

/// Build the matcher for `patterns`. `-x` and `-w` wrap the alternation; `-w` reports the
/// inner group as the match.
fn build(
    patterns: &[Vec<u8>],
    mode: char,
    icase: bool,
    word: bool,
    line: bool,
) -> Result<Option<Re>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let o = Opts {
        ere: mode == 'E',
        icase,
        multiline: false,
        sed: false,
    };
    let mut alts = Vec::new();
    let mut groups = 0;
    for p in patterns {
        let (mut n, g) = if mode == 'F' {
            (Node::literal(p), 0)
        } else {
            parse(p, o)?
        };
        n.shift_groups(groups);
        groups += g;
        alts.push(n);
    }
    let mut tree = if alts.len() == 1 {
        alts.pop().unwrap_or(Node::Empty)
    } else {
        Node::Alt(alts)
    };
    let mut span = 0;
    if line {
        tree = Node::Concat(vec![Node::Start, tree, Node::End]);
    } else if word {
        tree.shift_groups(1);
        groups += 1;
        let mut nonword = ByteSet::word();
        nonword.negate();
        let nw = || Node::Set(Box::new(nonword.clone()));
        tree = Node::Concat(vec![
            Node::Alt(vec![Node::Start, nw()]),
            Node::Group(1, Box::new(tree)),
            Node::Alt(vec![Node::End, nw()]),
        ]);
        span = 1;
    }
    Re::from_tree(tree, groups, o, span).map(Some)
}

/// Turn `-NUM` arguments into `--context=NUM`.
fn context_digits(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut done = false;
    for a in args {
        if !done && a.len() > 1 && a.starts_with('-') && a[1..].bytes().all(|b| b.is_ascii_digit())
        {
            out.push(format!("--context={}", &a[1..]));
            continue;
        }
        if a == "--" {
            done = true;
        }
        let a = match a.as_str() {
            "--color" | "--colour" => "--color=auto".to_string(),
            _ => a.clone(),
        };
        out.push(a);
    }
    out
}

/// egrep: `grep -E`.
pub async fn egrep(ctx: &mut Ctx) -> i32 {
    ctx.argv.insert(1, "-E".into());
    grep(ctx).await
}

/// fgrep: `grep -F`.
pub async fn fgrep(ctx: &mut Ctx) -> i32 {
    ctx.argv.insert(1, "-F".into());
    grep(ctx).await
}

/// grep(1).
pub async fn grep(ctx: &mut Ctx) -> i32 {
    let argv = context_digits(&ctx.argv[1..]);
    let long = [
        "extended-regexp",
        "fixed-strings",
        "basic-regexp",
        "perl-regexp",
        "regexp=",
        "file=",
        "ignore-case",
        "no-ignore-case",
        "word-regexp",
        "line-regexp",
        "null-data",
        "no-messages",
        "invert-match",
        "version",
        "help",
        "max-count=",
        "byte-offset",
        "line-number",
        "no-line-number",
        "line-buffered",
        "with-filename",
        "no-filename",
        "label=",
        "only-matching",
        "quiet",
        "silent",
        "binary-files=",
        "text",
        "directories=",
        "devices=",
        "recursive",
        "dereference-recursive",
        "include=",
        "exclude=",
        "exclude-dir=",
        "files-without-match",
        "files-with-matches",
        "count",
        "initial-tab",
        "null",
        "context=",
        "before-context=",
        "after-context=",
        "color=",
        "colour=",
    ];
    let p = match args::parse(
        &argv,
        "EFGPe:f:iyvwxzsVm:bnHhoqaIdrRLlcTZUA:B:C:D:",
        &long,
        true,
    ) {
        Ok(p) => p,
        Err(e) => {
            let prog = ctx.prog();
            ctx.err.str(&format!(
                "{prog}: {e}\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"
            ));
            return common::usage(ctx, "", 2);
        }
    };
    let map = [
        ('E', "extended-regexp"),
        ('F', "fixed-strings"),
        ('G', "basic-regexp"),
        ('P', "perl-regexp"),
        ('e', "regexp"),
        ('f', "file"),
        ('i', "ignore-case"),
        ('y', "ignore-case"),
        ('v', "invert-match"),
        ('w', "word-regexp"),
        ('x', "line-regexp"),
        ('z', "null-data"),
        ('s', "no-messages"),
        ('V', "version"),
        ('m', "max-count"),
        ('b', "byte-offset"),
        ('n', "line-number"),
        ('H', "with-filename"),
        ('h', "no-filename"),
        ('o', "only-matching"),
        ('q', "quiet"),
        ('a', "text"),
        ('I', "I"),
        ('d', "directories"),
        ('r', "recursive"),
        ('R', "dereference-recursive"),
        ('L', "files-without-match"),
        ('l', "files-with-matches"),
        ('c', "count"),
        ('T', "initial-tab"),
        ('Z', "null"),
        ('A', "after-context"),
        ('B', "before-context"),
        ('C', "context"),
        ('D', "devices"),
    ];
    let mut cfg = Cfg {
        re: None,
        invert: false,
        count: false,
        list: None,
        only: false,
        quiet: false,
        no_msgs: false,
        line_num: false,
        byte_off: false,
        with_name: None,
        after: 0,
        before: 0,
        max: None,
        color: false,
        null_name: false,
        label: "(standard input)".into(),
        delim: b'\n',
        binary: Binary::Binary,
        dirs: Dirs::Read,
        line_buf: false,
        tab: false,
        include: Vec::new(),
        exclude: Vec::new(),
        exclude_dir: Vec::new(),
    };
    let mut mode = 'G';
    let mut icase = false;
    let mut word = false;
    let mut line = false;
    let mut patterns: Option<Vec<Vec<u8>>> = None;
    let mut color_when = "never".to_string();
    let num = |ctx: &mut Ctx, v: &str, what: &str| -> Option<u64> {
        match v.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                ctx.error(&format!("{v}: invalid {what} argument"));
                None
            }
        }
    };
    for (name, val) in common::named(&p, &map) {
        let v = val.clone().unwrap_or_default();
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "extended-regexp" => mode = 'E',
            "fixed-strings" => mode = 'F',
            "basic-regexp" => mode = 'G',
            "perl-regexp" => {
                ctx.error("Perl matching not supported in a --disable-perl-regexp build");
                return 2;
            }
            "regexp" => patterns
                .get_or_insert_with(Vec::new)
                .extend(v.as_bytes().split(|&b| b == b'\n').map(<[u8]>::to_vec)),
            "file" => match common::read_path(&ctx.sys, &v).await {
                Ok(data) => patterns.get_or_insert_with(Vec::new).extend(
                    common::split_records(&data, b'\n')
                        .into_iter()
                        .map(<[u8]>::to_vec),
                ),
                Err(e) => {
                    ctx.error_path(&v, e);
                    return 2;
                }
            },
            "ignore-case" => icase = true,
            "no-ignore-case" => icase = false,
            "word-regexp" => word = true,
            "line-regexp" => line = true,
            "null-data" => cfg.delim = 0,
            "no-messages" => cfg.no_msgs = true,
            "invert-match" => cfg.invert = true,
            "max-count" => match v.parse::<i64>() {
                Ok(n) => cfg.max = if n < 0 { None } else { Some(n as u64) },
                Err(_) => {
                    ctx.error("invalid max count");
                    return 2;
                }
            },
            "byte-offset" => cfg.byte_off = true,
            "line-number" => cfg.line_num = true,
            "no-line-number" => cfg.line_num = false,
            "line-buffered" => cfg.line_buf = true,
            "with-filename" => cfg.with_name = Some(true),
            "no-filename" => cfg.with_name = Some(false),
            "label" => cfg.label = v,
            "only-matching" => cfg.only = true,
            "quiet" | "silent" => cfg.quiet = true,
            "binary-files" => {
                cfg.binary = match v.as_str() {
                    "binary" => Binary::Binary,
                    "text" => Binary::Text,
                    "without-match" => Binary::WithoutMatch,
                    _ => {
                        ctx.error("unknown binary-files type");
                        return 2;
                    }
                }
            }
            "text" => cfg.binary = Binary::Text,
            "I" => cfg.binary = Binary::WithoutMatch,
            "directories" => {
                cfg.dirs = match v.as_str() {
                    "read" => Dirs::Read,
                    "skip" => Dirs::Skip,
                    "recurse" => Dirs::Recurse,
                    _ => {
                        ctx.error(&format!(
                            "invalid argument {} for '--directories'",
                            common::quote(&v)
                        ));
                        return common::usage(ctx, "", 2);
                    }
                }
            }
            "devices" => {}
            "recursive" => cfg.dirs = Dirs::Recurse,
            "dereference-recursive" => cfg.dirs = Dirs::RecurseAll,
            "include" => cfg.include.push(v),
            "exclude" => cfg.exclude.push(v),
            "exclude-dir" => cfg.exclude_dir.push(v),
            "files-without-match" => cfg.list = Some(false),
            "files-with-matches" => cfg.list = Some(true),
            "count" => cfg.count = true,
            "initial-tab" => cfg.tab = true,
            "null" => cfg.null_name = true,
            "after-context" | "before-context" | "context" => {
                let Some(n) = num(ctx, &v, "context length") else {
                    return 2;
                };
                match name.as_str() {
                    "after-context" => cfg.after = n,
                    "before-context" => cfg.before = n,
                    _ => {
                        cfg.after = n;
                        cfg.before = n;
                    }
                }
            }
            "color" | "colour" => color_when = v,
            _ => {}
        }
    }
    let mut operands = p.operands.clone();
    let patterns = match patterns {
        Some(p) => p,
        None => {
            if operands.is_empty() {
                ctx.err.str("Usage: grep [OPTION]... PATTERNS [FILE]...\n");
                return common::usage(ctx, "", 2);
            }
            let pat = operands.remove(0);
            pat.as_bytes()
                .split(|&b| b == b'\n')
                .map(<[u8]>::to_vec)
                .collect()
        }
    };
    cfg.re = match build(&patterns, mode, icase, word, line) {
        Ok(r) => r,
        Err(e) => {
            ctx.error(&e);
            return 2;
        }
    };
    let tty = common::stdout_tty(ctx).await;
    cfg.color = match color_when.as_str() {
        "always" | "yes" | "force" => true,
        "auto" | "tty" | "if-tty" => tty && ctx.getenv("TERM").is_some_and(|t| t != "dumb"),
        "never" | "no" | "none" => false,
        _ => {
            ctx.error(&format!(
                "invalid argument {} for '--color'",
                common::quote(&color_when)
            ));
            return common::usage(ctx, "", 2);
        }
    };
    cfg.line_buf |= tty;
    let recursive = matches!(cfg.dirs, Dirs::Recurse | Dirs::RecurseAll);
    let implicit_dot = operands.is_empty() && recursive;
    if operands.is_empty() {
        operands.push(if recursive { ".".into() } else { "-".into() });
    }
    // None: print names only for files found inside directories.
    let show_names = cfg
        .with_name
        .or(if operands.len() > 1 { Some(true) } else { None });
    let mut run = Run {
        selected_any: false,
        error: false,
    };
    for op in &operands {
        let display = if implicit_dot {
            String::new()
        } else {
            op.clone()
        };
        if search_path(ctx, &cfg, &mut run, op, &display, show_names, true).await {
            break;
        }
    }
    if run.error && !(cfg.quiet && run.selected_any) {
        2
    } else if run.selected_any {
        0
    } else {
        1
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::grepsearch::matches;
    use super::*;

    fn re(p: &[&str], mode: char, icase: bool, word: bool, line: bool) -> Re {
        let v: Vec<Vec<u8>> = p.iter().map(|s| s.as_bytes().to_vec()).collect();
        build(&v, mode, icase, word, line).unwrap().unwrap()
    }

    #[test]
    fn pattern_kinds() {
        assert!(re(&["a.c"], 'F', false, false, false).is_match(b"xa.cx"));
        assert!(!re(&["a.c"], 'F', false, false, false).is_match(b"abc"));
        assert!(re(&["x", "b+"], 'E', false, false, false).is_match(b"abb"));
        assert!(re(&["\\(a\\)\\1", "zz"], 'G', false, false, false).is_match(b"zz"));
        assert!(re(&["\\(a\\)\\1", "\\(b\\)\\1"], 'G', false, false, false).is_match(b"bb"));
        assert!(re(&["ABC"], 'G', true, false, false).is_match(b"abc"));
    }

    #[test]
    fn words_and_lines() {
        let w = re(&["o"], 'G', false, true, false);
        assert!(w.is_match(b"foo o-x"));
        assert!(!w.is_match(b"foo"));
        assert_eq!(matches(&w, b"o o"), vec![(0, 1), (2, 3)]);
        let x = re(&["a", "b"], 'G', false, false, true);
        assert!(x.is_match(b"b"));
        assert!(!x.is_match(b"ab"));
    }

    #[test]
    fn only_matching() {
        let r = re(&["o*"], 'G', false, false, false);
        assert_eq!(matches(&r, b"foo"), vec![(1, 3)]);
    }

    #[test]
    fn context_args() {
        let a: Vec<String> = ["-2", "x", "--color", "--", "-3"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            context_digits(&a),
            vec!["--context=2", "x", "--color=auto", "--", "-3"]
        );
    }
}
