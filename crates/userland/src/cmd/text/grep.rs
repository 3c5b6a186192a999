//! grep(1): print lines matching patterns. Basic, extended and fixed-string patterns (several
//! via `-e`/`-f`), `-i -v -w -x`, counts and file lists, `-o`, context lines, `-r`/`-R`
//! directory walks, binary-file detection and `--color`, with GNU's exit statuses
//! (0 a line was selected, 1 none, 2 trouble).

use super::common::{self, Input, glob_match};
use super::re::{ByteSet, Node, Opts, Re, parse};
use crate::Ctx;
use crate::args;
use std::collections::VecDeque;
use wosix_abi::{Errno, FileType};

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

const SGR_MATCH: &str = "\x1b[01;31m\x1b[K";
const SGR_NAME: &str = "\x1b[35m\x1b[K";
const SGR_NUM: &str = "\x1b[32m\x1b[K";
const SGR_SEP: &str = "\x1b[36m\x1b[K";
const SGR_END: &str = "\x1b[m\x1b[K";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Binary {
    Binary,
    Text,
    WithoutMatch,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dirs {
    Read,
    Skip,
    Recurse,
    RecurseAll,
}

/// Everything the options decide.
struct Cfg {
    re: Option<Re>,
    invert: bool,
    count: bool,
    list: Option<bool>,
    only: bool,
    quiet: bool,
    no_msgs: bool,
    line_num: bool,
    byte_off: bool,
    with_name: Option<bool>,
    after: u64,
    before: u64,
    max: Option<u64>,
    color: bool,
    null_name: bool,
    label: String,
    delim: u8,
    binary: Binary,
    dirs: Dirs,
    line_buf: bool,
    tab: bool,
    include: Vec<String>,
    exclude: Vec<String>,
    exclude_dir: Vec<String>,
}

/// Build the matcher for `patterns`. `-x` and `-w` wrap the alternation; `-w` reports the
/// inner group as the match.
fn build(patterns: &[Vec<u8>], mode: char, icase: bool, word: bool, line: bool) -> Result<Option<Re>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let o = Opts { ere: mode == 'E', icase, multiline: false, sed: false };
    let mut alts = Vec::new();
    let mut groups = 0;
    for p in patterns {
        let (mut n, g) = if mode == 'F' { (Node::literal(p), 0) } else { parse(p, o)? };
        n.shift_groups(groups);
        groups += g;
        alts.push(n);
    }
    let mut tree = if alts.len() == 1 { alts.pop().unwrap_or(Node::Empty) } else { Node::Alt(alts) };
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

/// Non-empty matches of `re` in `line`, left to right.
fn matches(re: &Re, line: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos <= line.len() {
        let Some((s, e)) = re.find_at(line, pos) else { break };
        if e == s {
            pos = s + 1;
            continue;
        }
        out.push((s, e));
        pos = e;
    }
    out
}

/// Turn `-NUM` arguments into `--context=NUM`.
fn context_digits(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut done = false;
    for a in args {
        if !done && a.len() > 1 && a.starts_with('-') && a[1..].bytes().all(|b| b.is_ascii_digit()) {
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

struct Run {
    selected_any: bool,
    error: bool,
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
        "extended-regexp", "fixed-strings", "basic-regexp", "perl-regexp", "regexp=", "file=", "ignore-case", "no-ignore-case",
        "word-regexp", "line-regexp", "null-data", "no-messages", "invert-match", "version", "help", "max-count=", "byte-offset",
        "line-number", "no-line-number", "line-buffered", "with-filename", "no-filename", "label=", "only-matching", "quiet",
        "silent", "binary-files=", "text", "directories=", "devices=", "recursive", "dereference-recursive", "include=",
        "exclude=", "exclude-dir=", "files-without-match", "files-with-matches", "count", "initial-tab", "null", "context=",
        "before-context=", "after-context=", "color=", "colour=",
    ];
    let p = match args::parse(&argv, "EFGPe:f:iyvwxzsVm:bnHhoqaIdrRLlcTZUA:B:C:D:", &long, true) {
        Ok(p) => p,
        Err(e) => {
            let prog = ctx.prog();
            ctx.err.str(&format!("{prog}: {e}\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"));
            return common::usage(ctx, "", 2);
        }
    };
    let map = [
        ('E', "extended-regexp"), ('F', "fixed-strings"), ('G', "basic-regexp"), ('P', "perl-regexp"), ('e', "regexp"),
        ('f', "file"), ('i', "ignore-case"), ('y', "ignore-case"), ('v', "invert-match"), ('w', "word-regexp"),
        ('x', "line-regexp"), ('z', "null-data"), ('s', "no-messages"), ('V', "version"), ('m', "max-count"),
        ('b', "byte-offset"), ('n', "line-number"), ('H', "with-filename"), ('h', "no-filename"), ('o', "only-matching"),
        ('q', "quiet"), ('a', "text"), ('I', "I"), ('d', "directories"), ('r', "recursive"), ('R', "dereference-recursive"),
        ('L', "files-without-match"), ('l', "files-with-matches"), ('c', "count"), ('T', "initial-tab"), ('Z', "null"),
        ('A', "after-context"), ('B', "before-context"), ('C', "context"), ('D', "devices"),
    ];
    let mut cfg = Cfg {
        re: None, invert: false, count: false, list: None, only: false, quiet: false, no_msgs: false, line_num: false,
        byte_off: false, with_name: None, after: 0, before: 0, max: None, color: false, null_name: false,
        label: "(standard input)".into(), delim: b'\n', binary: Binary::Binary, dirs: Dirs::Read, line_buf: false,
        tab: false, include: Vec::new(), exclude: Vec::new(), exclude_dir: Vec::new(),
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
            "regexp" => patterns.get_or_insert_with(Vec::new).extend(v.as_bytes().split(|&b| b == b'\n').map(<[u8]>::to_vec)),
            "file" => match common::read_path(&ctx.sys, &v).await {
                Ok(data) => patterns.get_or_insert_with(Vec::new).extend(common::split_records(&data, b'\n').into_iter().map(<[u8]>::to_vec)),
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
                        ctx.error(&format!("invalid argument {} for '--directories'", common::quote(&v)));
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
                let Some(n) = num(ctx, &v, "context length") else { return 2 };
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
            pat.as_bytes().split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
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
            ctx.error(&format!("invalid argument {} for '--color'", common::quote(&color_when)));
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
    let show_names = cfg.with_name.or(if operands.len() > 1 { Some(true) } else { None });
    let mut run = Run { selected_any: false, error: false };
    for op in &operands {
        let display = if implicit_dot { String::new() } else { op.clone() };
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

/// Search one path (recursing into directories as configured). Returns true to stop
/// everything (`-q` found a match, or output failed).
async fn search_path(ctx: &mut Ctx, cfg: &Cfg, run: &mut Run, path: &str, display: &str, show: Option<bool>, top: bool) -> bool {
    let sys = ctx.sys.clone();
    if path != "-" {
        let recursive = matches!(cfg.dirs, Dirs::Recurse | Dirs::RecurseAll);
        let st = if top || cfg.dirs == Dirs::RecurseAll { sys.stat(path).await } else { sys.lstat(path).await };
        match st {
            Ok(st) if st.is_dir() => {
                if cfg.dirs == Dirs::Skip {
                    return false;
                }
                if recursive {
                    let base = path.rsplit('/').next().unwrap_or(path);
                    if !top && cfg.exclude_dir.iter().any(|g| glob_match(g.as_bytes(), base.as_bytes())) {
                        return false;
                    }
                    let entries = match sys.read_dir(path).await {
                        Ok(e) => e,
                        Err(e) => {
                            if !cfg.no_msgs {
                                ctx.error_path(path, e);
                            }
                            run.error = true;
                            return false;
                        }
                    };
                    let mut names: Vec<String> = entries.into_iter().map(|d| d.name).collect();
                    names.sort();
                    for n in names {
                        let child = if path.ends_with('/') { format!("{path}{n}") } else { format!("{path}/{n}") };
                        let child_display = if display.is_empty() {
                            n.clone()
                        } else if display.ends_with('/') {
                            format!("{display}{n}")
                        } else {
                            format!("{display}/{n}")
                        };
                        let show = Some(show.unwrap_or(true));
                        if Box::pin(search_path(ctx, cfg, run, &child, &child_display, show, false)).await {
                            return true;
                        }
                    }
                    return false;
                }
            }
            Ok(st) if !top => {
                let ft = st.file_type();
                if ft == FileType::Symlink || !matches!(ft, FileType::Regular) {
                    return false;
                }
            }
            _ => {}
        }
        let base = path.rsplit('/').next().unwrap_or(path);
        if !top || recursive {
            if !cfg.include.is_empty() && !cfg.include.iter().any(|g| glob_match(g.as_bytes(), base.as_bytes())) {
                return false;
            }
            if cfg.exclude.iter().any(|g| glob_match(g.as_bytes(), base.as_bytes())) {
                return false;
            }
        }
    }
    let name = if path == "-" { cfg.label.clone() } else { display.to_string() };
    let mut inp = match Input::open(&sys, path).await {
        Ok(i) => i,
        Err(e) => {
            if !cfg.no_msgs {
                ctx.error_path(&name, e);
            }
            run.error = true;
            return false;
        }
    };
    let show_name = show.unwrap_or(false);
    let r = search_file(ctx, cfg, run, &mut inp, &name, show_name).await;
    inp.close(&sys).await;
    match r {
        Ok(stop) => stop,
        Err(e) => {
            if ctx.out.error.is_some() {
                return true;
            }
            if !cfg.no_msgs {
                ctx.error_path(&name, e);
            }
            run.error = true;
            false
        }
    }
}

/// Output state of one file.
struct Printer<'a> {
    cfg: &'a Cfg,
    name: &'a str,
    show_name: bool,
    last_printed: Option<u64>,
    printed_any: bool,
}

impl Printer<'_> {
    fn sep(&self, ctx: &mut Ctx, c: char) {
        if self.cfg.color {
            ctx.out.str(&format!("{SGR_SEP}{c}{SGR_END}"));
        } else {
            ctx.out.str(&c.to_string());
        }
    }

    fn prefix(&self, ctx: &mut Ctx, lineno: u64, offset: u64, sep: char) {
        if self.show_name {
            if self.cfg.color {
                ctx.out.str(&format!("{SGR_NAME}{}{SGR_END}", self.name));
            } else {
                ctx.out.str(self.name);
            }
            if self.cfg.null_name {
                ctx.out.bytes(b"\0");
            } else {
                self.sep(ctx, sep);
            }
        }
        if self.cfg.line_num {
            let n = if self.cfg.tab { format!("{lineno:>4}") } else { lineno.to_string() };
            if self.cfg.color {
                ctx.out.str(&format!("{SGR_NUM}{n}{SGR_END}"));
            } else {
                ctx.out.str(&n);
            }
            self.sep(ctx, sep);
        }
        if self.cfg.byte_off {
            let n = if self.cfg.tab { format!("{offset:>9}") } else { offset.to_string() };
            ctx.out.str(&n);
            self.sep(ctx, sep);
        }
        if self.cfg.tab && (self.show_name || self.cfg.line_num || self.cfg.byte_off) {
            ctx.out.str("\t");
        }
    }

    /// Print one line: selected (`:`) or context (`-`).
    fn line(&mut self, ctx: &mut Ctx, lineno: u64, offset: u64, text: &[u8], selected: bool) {
        let ctx_lines = self.cfg.after > 0 || self.cfg.before > 0;
        if ctx_lines && self.printed_any && self.last_printed.is_some_and(|l| l + 1 < lineno) {
            if self.cfg.color {
                ctx.out.str(&format!("{SGR_SEP}--{SGR_END}\n"));
            } else {
                ctx.out.str("--\n");
            }
        }
        self.last_printed = Some(lineno);
        self.printed_any = true;
        let d = self.cfg.delim;
        if self.cfg.only {
            if !selected || self.cfg.invert {
                return;
            }
            let Some(re) = &self.cfg.re else { return };
            for (s, e) in matches(re, text) {
                self.prefix(ctx, lineno, offset + s as u64, ':');
                if self.cfg.color {
                    ctx.out.str(SGR_MATCH);
                    ctx.out.bytes(&text[s..e]);
                    ctx.out.str(SGR_END);
                } else {
                    ctx.out.bytes(&text[s..e]);
                }
                ctx.out.bytes(&[d]);
            }
            return;
        }
        self.prefix(ctx, lineno, offset, if selected { ':' } else { '-' });
        match (&self.cfg.re, self.cfg.color && selected && !self.cfg.invert) {
            (Some(re), true) => {
                let mut at = 0;
                for (s, e) in matches(re, text) {
                    ctx.out.bytes(&text[at..s]);
                    ctx.out.str(SGR_MATCH);
                    ctx.out.bytes(&text[s..e]);
                    ctx.out.str(SGR_END);
                    at = e;
                }
                ctx.out.bytes(&text[at..]);
            }
            _ => ctx.out.bytes(text),
        }
        ctx.out.bytes(&[d]);
    }
}

/// Search one open input. Returns true to stop everything.
async fn search_file(ctx: &mut Ctx, cfg: &Cfg, run: &mut Run, inp: &mut Input, name: &str, show_name: bool) -> Result<bool, Errno> {
    let sys = ctx.sys.clone();
    let mut pr = Printer { cfg, name, show_name, last_printed: None, printed_any: false };
    let listing = cfg.quiet || cfg.list.is_some() || cfg.count;
    let mut before: VecDeque<(u64, u64, Vec<u8>)> = VecDeque::new();
    let mut after_left = 0u64;
    let mut count = 0u64;
    let mut lineno = 0u64;
    let mut offset = 0u64;
    let mut binary = false;
    let limit = cfg.max;
    if limit == Some(0) {
        return Ok(false);
    }
    while let Some(mut rec) = inp.next_record(&sys, cfg.delim).await? {
        lineno += 1;
        let rec_len = rec.len() as u64;
        if rec.last() == Some(&cfg.delim) {
            rec.pop();
        }
        if !binary && cfg.binary != Binary::Text && cfg.delim != 0 && rec.contains(&0) {
            binary = true;
            if cfg.binary == Binary::WithoutMatch {
                return Ok(false);
            }
        }
        let hit = cfg.re.as_ref().is_some_and(|r| r.is_match(&rec));
        let selected = hit != cfg.invert;
        if selected && limit.is_none_or(|m| count < m) {
            count += 1;
            run.selected_any = true;
            if cfg.quiet {
                return Ok(true);
            }
            if cfg.list.is_some() {
                break;
            }
            if !listing {
                if binary {
                    ctx.out.flush(&sys).await?;
                    ctx.error(&format!("{name}: binary file matches"));
                    return Ok(false);
                }
                while let Some((l, o, t)) = before.pop_front() {
                    pr.line(ctx, l, o, &t, false);
                }
                pr.line(ctx, lineno, offset, &rec, true);
                after_left = cfg.after;
            }
        } else if !listing {
            if limit.is_some_and(|m| count >= m) && after_left == 0 {
                break;
            }
            if after_left > 0 {
                after_left -= 1;
                pr.line(ctx, lineno, offset, &rec, false);
            } else if cfg.before > 0 {
                before.push_back((lineno, offset, rec));
                if before.len() as u64 > cfg.before {
                    before.pop_front();
                }
            }
        } else if limit.is_some_and(|m| count >= m) {
            break;
        }
        offset += rec_len;
        if cfg.line_buf {
            ctx.out.flush(&sys).await?;
        } else {
            ctx.out.maybe_flush(&sys).await?;
        }
    }
    if cfg.count {
        if show_name {
            pr.sep_name(ctx);
        }
        ctx.out.str(&format!("{count}\n"));
    }
    match cfg.list {
        Some(true) if count > 0 => pr.list_name(ctx),
        Some(false) if count == 0 => pr.list_name(ctx),
        _ => {}
    }
    if cfg.line_buf {
        ctx.out.flush(&sys).await?;
    }
    Ok(false)
}

impl Printer<'_> {
    fn sep_name(&self, ctx: &mut Ctx) {
        if self.cfg.color {
            ctx.out.str(&format!("{SGR_NAME}{}{SGR_END}", self.name));
        } else {
            ctx.out.str(self.name);
        }
        if self.cfg.null_name {
            ctx.out.bytes(b"\0");
        } else {
            self.sep(ctx, ':');
        }
    }
    fn list_name(&self, ctx: &mut Ctx) {
        if self.cfg.color {
            ctx.out.str(&format!("{SGR_NAME}{}{SGR_END}", self.name));
        } else {
            ctx.out.str(self.name);
        }
        ctx.out.bytes(if self.cfg.null_name { b"\0" } else { b"\n" });
    }
}

#[cfg(test)]
mod tests {
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
        let a: Vec<String> = ["-2", "x", "--color", "--", "-3"].iter().map(|s| s.to_string()).collect();
        assert_eq!(context_digits(&a), vec!["--context=2", "x", "--color=auto", "--", "-3"]);
    }
}
