//! diff(1): compare files line by line and print the differences in normal, unified (`-u`)
//! or context (`-c`) format, or just report whether they differ (`-q`). Directories are
//! compared entry by entry (`-r` recursing, `-N` treating absent files as empty). Exit
//! status 0 same, 1 different, 2 trouble. The algorithm is in [`super::difflcs`].

use super::common::{self, quote};
use super::date;
use super::difflcs::{Change, diff as lcs_diff, hunks, intern};
use crate::Ctx;
use crate::args;
use wosix_abi::{Errno, Fd, Stat};

const HELP: &str = "Usage: diff [OPTION]... FILES
Compare FILES line by line.

  -q, --brief                   report only when files differ
  -s, --report-identical-files  report when two files are the same
  -c, -C NUM, --context[=NUM]   output NUM (default 3) lines of copied context
  -u, -U NUM, --unified[=NUM]   output NUM (default 3) lines of unified context
  -r, --recursive                 recursively compare any subdirectories found
  -N, --new-file                  treat absent files as empty
  -i, --ignore-case               ignore case differences in file contents
  -b, --ignore-space-change       ignore changes in the amount of white space
  -w, --ignore-all-space          ignore all white space
  -B, --ignore-blank-lines        ignore changes where lines are all blank
      --strip-trailing-cr         strip trailing carriage return on input
  -a, --text                      treat all files as text
      --label LABEL             use LABEL instead of file name and timestamp
                                  (can be repeated)
      --help               display this help and exit
  -v, --version            output version information and exit

FILES are 'FILE1 FILE2' or 'DIR1 DIR2' or 'DIR FILE' or 'FILE DIR'.
If a FILE is '-', read standard input.
Exit status is 0 if inputs are the same, 1 if different, 2 if trouble.
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Normal,
    Unified(usize),
    Context(usize),
}

struct Opts {
    format: Format,
    brief: bool,
    report_same: bool,
    recursive: bool,
    new_file: bool,
    icase: bool,
    space_change: bool,
    all_space: bool,
    blank_lines: bool,
    strip_cr: bool,
    text: bool,
    labels: Vec<String>,
    argv_opts: Vec<String>,
}

/// A file's lines and whether its last line lacked a newline.
struct Lines {
    lines: Vec<Vec<u8>>,
    no_eol: bool,
}

fn split(data: &[u8]) -> Lines {
    let no_eol = !data.is_empty() && data.last() != Some(&b'\n');
    Lines {
        lines: common::split_records(data, b'\n')
            .into_iter()
            .map(<[u8]>::to_vec)
            .collect(),
        no_eol,
    }
}

fn key(o: &Opts, l: &[u8]) -> Vec<u8> {
    let mut l = l.to_vec();
    if o.strip_cr && l.last() == Some(&b'\r') {
        l.pop();
    }
    if o.all_space {
        l.retain(|b| !common::is_space(*b));
    } else if o.space_change {
        let mut out = Vec::with_capacity(l.len());
        let mut in_space = false;
        for &b in &l {
            if common::is_space(b) {
                in_space = true;
            } else {
                if in_space && !out.is_empty() {
                    out.push(b' ');
                }
                in_space = false;
                out.push(b);
            }
        }
        l = out;
    }
    if o.icase {
        l.make_ascii_lowercase();
    }
    l
}

/// `l` or `l,m` for a 1-based range of `n` lines starting after line `start` (0-based).
fn range_normal(start: usize, n: usize) -> String {
    match n {
        0 => start.to_string(),
        1 => (start + 1).to_string(),
        _ => format!("{},{}", start + 1, start + n),
    }
}

fn range_unified(start: usize, n: usize) -> String {
    match n {
        0 => format!("{start},0"),
        1 => (start + 1).to_string(),
        _ => format!("{},{n}", start + 1),
    }
}

fn range_context(start: usize, n: usize) -> String {
    match n {
        0 => start.to_string(),
        1 => (start + 1).to_string(),
        _ => format!("{},{}", start + 1, start + n),
    }
}

/// Render the differences between `a` and `b` (without file headers).
fn render(o: &Opts, a: &Lines, b: &Lines, changes: &[Change]) -> Vec<u8> {
    let mut out = Vec::new();
    let line = |out: &mut Vec<u8>, prefix: &[u8], f: &Lines, i: usize| {
        out.extend_from_slice(prefix);
        out.extend_from_slice(&f.lines[i]);
        out.push(b'\n');
        if f.no_eol && i + 1 == f.lines.len() {
            out.extend_from_slice(b"\\ No newline at end of file\n");
        }
    };
    match o.format {
        Format::Normal => {
            for c in changes {
                let kind = match (c.alen, c.blen) {
                    (_, 0) => 'd',
                    (0, _) => 'a',
                    _ => 'c',
                };
                let ar = if kind == 'a' {
                    c.a0.to_string()
                } else {
                    range_normal(c.a0, c.alen)
                };
                let br = if kind == 'd' {
                    c.b0.to_string()
                } else {
                    range_normal(c.b0, c.blen)
                };
                out.extend_from_slice(format!("{ar}{kind}{br}\n").as_bytes());
                for i in c.a0..c.a0 + c.alen {
                    line(&mut out, b"< ", a, i);
                }
                if kind == 'c' {
                    out.extend_from_slice(b"---\n");
                }
                for j in c.b0..c.b0 + c.blen {
                    line(&mut out, b"> ", b, j);
                }
            }
        }
        Format::Unified(ctx) => {
            for h in hunks(changes, ctx) {
                let (first, last) = (h[0], h[h.len() - 1]);
                let a_start = first.a0.saturating_sub(ctx);
                let b_start = first.b0.saturating_sub(first.a0 - a_start);
                let a_end = (last.a0 + last.alen + ctx).min(a.lines.len());
                let b_end =
                    (last.b0 + last.blen + (a_end - (last.a0 + last.alen))).min(b.lines.len());
                out.extend_from_slice(
                    format!(
                        "@@ -{} +{} @@\n",
                        range_unified(a_start, a_end - a_start),
                        range_unified(b_start, b_end - b_start)
                    )
                    .as_bytes(),
                );
                let mut i = a_start;
                for c in &h {
                    while i < c.a0 {
                        line(&mut out, b" ", a, i);
                        i += 1;
                    }
                    for k in c.a0..c.a0 + c.alen {
                        line(&mut out, b"-", a, k);
                    }
                    for k in c.b0..c.b0 + c.blen {
                        line(&mut out, b"+", b, k);
                    }
                    i = c.a0 + c.alen;
                }
                while i < a_end {
                    line(&mut out, b" ", a, i);
                    i += 1;
                }
            }
        }
        Format::Context(ctx) => {
            for h in hunks(changes, ctx) {
                let (first, last) = (h[0], h[h.len() - 1]);
                let a_start = first.a0.saturating_sub(ctx);
                let b_start = first.b0.saturating_sub(first.a0 - a_start);
                let a_end = (last.a0 + last.alen + ctx).min(a.lines.len());
                let b_end =
                    (last.b0 + last.blen + (a_end - (last.a0 + last.alen))).min(b.lines.len());
                out.extend_from_slice(b"***************\n");
                out.extend_from_slice(
                    format!("*** {} ****\n", range_context(a_start, a_end - a_start)).as_bytes(),
                );
                if h.iter().any(|c| c.alen > 0) {
                    let mut i = a_start;
                    for c in &h {
                        while i < c.a0 {
                            line(&mut out, b"  ", a, i);
                            i += 1;
                        }
                        let mark: &[u8] = if c.blen > 0 { b"! " } else { b"- " };
                        for k in c.a0..c.a0 + c.alen {
                            line(&mut out, mark, a, k);
                        }
                        i = c.a0 + c.alen;
                    }
                    while i < a_end {
                        line(&mut out, b"  ", a, i);
                        i += 1;
                    }
                }
                out.extend_from_slice(
                    format!("--- {} ----\n", range_context(b_start, b_end - b_start)).as_bytes(),
                );
                if h.iter().any(|c| c.blen > 0) {
                    let mut j = b_start;
                    for c in &h {
                        while j < c.b0 {
                            line(&mut out, b"  ", b, j);
                            j += 1;
                        }
                        let mark: &[u8] = if c.alen > 0 { b"! " } else { b"+ " };
                        for k in c.b0..c.b0 + c.blen {
                            line(&mut out, mark, b, k);
                        }
                        j = c.b0 + c.blen;
                    }
                    while j < b_end {
                        line(&mut out, b"  ", b, j);
                        j += 1;
                    }
                }
            }
        }
    }
    out
}

/// Compute the changes between two texts under the options.
fn changes(o: &Opts, a: &Lines, b: &Lines) -> Vec<Change> {
    let (ia, ib) = intern(&a.lines, &b.lines, |l| key(o, l));
    let mut ch = lcs_diff(&ia, &ib);
    // A last line differing only by its missing newline is a change.
    if a.no_eol != b.no_eol && !a.lines.is_empty() && !b.lines.is_empty() {
        let (la, lb) = (a.lines.len() - 1, b.lines.len() - 1);
        let covered = ch.iter().any(|c| c.a0 + c.alen > la || c.b0 + c.blen > lb);
        if !covered {
            ch.push(Change {
                a0: la,
                alen: 1,
                b0: lb,
                blen: 1,
            });
        }
    }
    if o.blank_lines {
        ch.retain(|c| {
            let blank = |f: &Lines, s: usize, n: usize| {
                f.lines[s..s + n]
                    .iter()
                    .all(|l| l.iter().all(|b| common::is_space(*b)))
            };
            !(blank(a, c.a0, c.alen) && blank(b, c.b0, c.blen))
        });
    }
    ch
}

fn header_time(st: Option<&Stat>) -> String {
    match st {
        Some(s) => date::render("%Y-%m-%d %H:%M:%S.%N %z", s.mtime.sec, s.mtime.nsec),
        None => date::render("%Y-%m-%d %H:%M:%S.%N %z", 0, 0),
    }
}

/// Compare two regular files (or stdin); returns the status (0, 1, 2).
async fn diff_files(ctx: &mut Ctx, o: &Opts, pa: &str, pb: &str, dir_mode: bool) -> i32 {
    let sys = ctx.sys.clone();
    let mut datas = Vec::new();
    let mut stats = Vec::new();
    for p in [pa, pb] {
        let st = if p == "-" {
            sys.fstat(Fd::STDIN).await.ok()
        } else {
            sys.stat(p).await.ok()
        };
        let d = match common::read_path(&sys, p).await {
            Ok(d) => d,
            Err(Errno::ENOENT) if o.new_file && p != "-" => Vec::new(),
            Err(e) => {
                ctx.error_path(p, e);
                return 2;
            }
        };
        datas.push(d);
        stats.push(st);
    }
    if datas[0] == datas[1] {
        if o.report_same {
            ctx.out.str(&format!("Files {pa} and {pb} are identical\n"));
        }
        return 0;
    }
    let binary = !o.text && datas.iter().any(|d| d[..d.len().min(4096)].contains(&0));
    if o.brief || binary {
        let kind = if binary && !o.brief {
            "Binary files"
        } else {
            "Files"
        };
        ctx.out.str(&format!("{kind} {pa} and {pb} differ\n"));
        return 1;
    }
    let a = split(&datas[0]);
    let b = split(&datas[1]);
    let ch = changes(o, &a, &b);
    if ch.is_empty() {
        if o.report_same {
            ctx.out.str(&format!("Files {pa} and {pb} are identical\n"));
        }
        return 0;
    }
    if dir_mode {
        ctx.out.str(&format!(
            "diff{} {pa} {pb}\n",
            o.argv_opts
                .iter()
                .map(|s| format!(" {s}"))
                .collect::<String>()
        ));
    }
    let label = |k: usize, p: &str| -> String {
        match o.labels.get(k) {
            Some(l) => l.clone(),
            None => format!("{p}\t{}", header_time(stats[k].as_ref())),
        }
    };
    match o.format {
        Format::Unified(_) => ctx
            .out
            .str(&format!("--- {}\n+++ {}\n", label(0, pa), label(1, pb))),
        Format::Context(_) => ctx
            .out
            .str(&format!("*** {}\n--- {}\n", label(0, pa), label(1, pb))),
        Format::Normal => {}
    }
    let text = render(o, &a, &b, &ch);
    ctx.out.bytes(&text);
    1
}

/// Compare two paths, handling directories.
async fn diff_paths(ctx: &mut Ctx, o: &Opts, pa: &str, pb: &str, top: bool) -> i32 {
    let sys = ctx.sys.clone();
    let sa = if pa == "-" {
        None
    } else {
        sys.stat(pa).await.ok()
    };
    let sb = if pb == "-" {
        None
    } else {
        sys.stat(pb).await.ok()
    };
    if let (Some(x), Some(y)) = (&sa, &sb)
        && (x.dev, x.ino) == (y.dev, y.ino)
    {
        // The same file (or directory) on both sides: identical.
        if o.report_same && !x.is_dir() {
            ctx.out.str(&format!("Files {pa} and {pb} are identical\n"));
        }
        return 0;
    }
    let da = sa.as_ref().is_some_and(Stat::is_dir);
    let db = sb.as_ref().is_some_and(Stat::is_dir);
    match (da, db) {
        (false, false) => diff_files(ctx, o, pa, pb, !top).await,
        (true, false) | (false, true) => {
            if !top {
                let (d, f) = if da { (pa, pb) } else { (pb, pa) };
                ctx.out.str(&format!(
                    "File {} is a directory while file {} is a regular file\n",
                    d, f
                ));
                return 1;
            }
            let (dir, file) = if da { (pa, pb) } else { (pb, pa) };
            if file == "-" {
                ctx.error("cannot compare '-' to a directory");
                return 2;
            }
            let base = file
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(file);
            let inner = format!("{}/{base}", dir.trim_end_matches('/'));
            if da {
                diff_files(ctx, o, &inner, pb, false).await
            } else {
                diff_files(ctx, o, pa, &inner, false).await
            }
        }
        (true, true) => {
            let list = |r: Result<Vec<wosix_abi::Dirent>, Errno>| -> Result<Vec<String>, Errno> {
                let mut v: Vec<String> = r?.into_iter().map(|d| d.name).collect();
                v.sort();
                Ok(v)
            };
            let ea = match list(sys.read_dir(pa).await) {
                Ok(v) => v,
                Err(e) => {
                    ctx.error_path(pa, e);
                    return 2;
                }
            };
            let eb = match list(sys.read_dir(pb).await) {
                Ok(v) => v,
                Err(e) => {
                    ctx.error_path(pb, e);
                    return 2;
                }
            };
            let mut names: Vec<&String> = ea.iter().chain(eb.iter()).collect();
            names.sort();
            names.dedup();
            let mut status = 0;
            let join = |d: &str, n: &str| format!("{}/{n}", d.trim_end_matches('/'));
            for n in names {
                let (ina, inb) = (ea.contains(n), eb.contains(n));
                let (ca, cb) = (join(pa, n), join(pb, n));
                let s = if ina && inb {
                    let a_dir = sys.stat(&ca).await.is_ok_and(|s| s.is_dir());
                    let b_dir = sys.stat(&cb).await.is_ok_and(|s| s.is_dir());
                    if a_dir && b_dir && !o.recursive {
                        ctx.out
                            .str(&format!("Common subdirectories: {ca} and {cb}\n"));
                        0
                    } else {
                        Box::pin(diff_paths(ctx, o, &ca, &cb, false)).await
                    }
                } else if o.new_file {
                    Box::pin(diff_paths(ctx, o, &ca, &cb, false)).await
                } else {
                    let d = if ina { pa } else { pb };
                    ctx.out
                        .str(&format!("Only in {}: {n}\n", d.trim_end_matches('/')));
                    1
                };
                status = status.max(s);
                let _ = ctx.out.maybe_flush(&sys).await;
            }
            status
        }
    }
}

/// diff(1).
pub async fn diff(ctx: &mut Ctx) -> i32 {
    // `--context` and `--unified` take optional arguments; `-NUM` sets the context size.
    let mut argv = Vec::new();
    for a in &ctx.argv[1..] {
        match a.as_str() {
            "--context" => argv.push("--context=3".to_string()),
            "--unified" => argv.push("--unified=3".to_string()),
            _ => argv.push(a.clone()),
        }
    }
    let long = [
        "brief",
        "report-identical-files",
        "context=",
        "unified=",
        "recursive",
        "new-file",
        "ignore-case",
        "ignore-space-change",
        "ignore-all-space",
        "ignore-blank-lines",
        "strip-trailing-cr",
        "text",
        "label=",
        "normal",
        "help",
        "version",
    ];
    let p = match args::parse(&argv, "qscC:uU:rNibwBav", &long, true) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            ctx.error("Try 'diff --help' for more information.");
            return 2;
        }
    };
    let mut o = Opts {
        format: Format::Normal,
        brief: false,
        report_same: false,
        recursive: false,
        new_file: false,
        icase: false,
        space_change: false,
        all_space: false,
        blank_lines: false,
        strip_cr: false,
        text: false,
        labels: Vec::new(),
        argv_opts: Vec::new(),
    };
    let map = [
        ('q', "brief"),
        ('s', "report-identical-files"),
        ('C', "context"),
        ('U', "unified"),
        ('r', "recursive"),
        ('N', "new-file"),
        ('i', "ignore-case"),
        ('b', "ignore-space-change"),
        ('w', "ignore-all-space"),
        ('B', "ignore-blank-lines"),
        ('a', "text"),
        ('v', "version"),
    ];
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        let num = |ctx: &mut Ctx| -> Option<usize> {
            match v.parse::<usize>() {
                Ok(n) => Some(n),
                Err(_) => {
                    ctx.error(&format!("invalid context length {}", quote(&v)));
                    None
                }
            }
        };
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "brief" => o.brief = true,
            "report-identical-files" => o.report_same = true,
            "c" => o.format = Format::Context(3),
            "u" => o.format = Format::Unified(3),
            "context" => match num(ctx) {
                Some(n) => o.format = Format::Context(n),
                None => {
                    ctx.error("Try 'diff --help' for more information.");
                    return 2;
                }
            },
            "unified" => match num(ctx) {
                Some(n) => o.format = Format::Unified(n),
                None => {
                    ctx.error("Try 'diff --help' for more information.");
                    return 2;
                }
            },
            "normal" => o.format = Format::Normal,
            "recursive" => o.recursive = true,
            "new-file" => o.new_file = true,
            "ignore-case" => o.icase = true,
            "ignore-space-change" => o.space_change = true,
            "ignore-all-space" => o.all_space = true,
            "ignore-blank-lines" => o.blank_lines = true,
            "strip-trailing-cr" => o.strip_cr = true,
            "text" => o.text = true,
            "label" => o.labels.push(v),
            _ => {}
        }
    }
    o.argv_opts = argv
        .iter()
        .take_while(|a| *a != "--")
        .filter(|a| a.starts_with('-') && a.len() > 1)
        .cloned()
        .collect();
    let msg = match p.operands.len() {
        0 => Some("missing operand after 'diff'".to_string()),
        1 => Some(format!("missing operand after {}", quote(&p.operands[0]))),
        2 => None,
        _ => Some(format!("extra operand {}", quote(&p.operands[2]))),
    };
    if let Some(m) = msg {
        ctx.error(&m);
        ctx.error("Try 'diff --help' for more information.");
        return 2;
    }
    let (a, b) = (p.operands[0].clone(), p.operands[1].clone());
    diff_paths(ctx, &o, &a, &b, true).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn opts(format: Format) -> Opts {
        Opts {
            format,
            brief: false,
            report_same: false,
            recursive: false,
            new_file: false,
            icase: false,
            space_change: false,
            all_space: false,
            blank_lines: false,
            strip_cr: false,
            text: false,
            labels: Vec::new(),
            argv_opts: Vec::new(),
        }
    }

    fn run(format: Format, a: &str, b: &str) -> String {
        let o = opts(format);
        let (a, b) = (split(a.as_bytes()), split(b.as_bytes()));
        let ch = changes(&o, &a, &b);
        String::from_utf8(render(&o, &a, &b, &ch)).unwrap()
    }

    #[test]
    fn normal_format() {
        assert_eq!(run(Format::Normal, "a\n", "b\n"), "1c1\n< a\n---\n> b\n");
        assert_eq!(run(Format::Normal, "a\nb\nc\n", "a\nc\n"), "2d1\n< b\n");
        assert_eq!(run(Format::Normal, "a\nc\n", "a\nb\nc\n"), "1a2\n> b\n");
        assert_eq!(
            run(Format::Normal, "a\nb\n", "x\ny\n"),
            "1,2c1,2\n< a\n< b\n---\n> x\n> y\n"
        );
        assert_eq!(
            run(Format::Normal, "a", "a\n"),
            "1c1\n< a\n\\ No newline at end of file\n---\n> a\n"
        );
    }

    #[test]
    fn unified_format() {
        let a = "line1\nline2\nline3\nline4\n";
        let b = "line1\nline2 changed\nline3\nline5\n";
        assert_eq!(
            run(Format::Unified(3), a, b),
            "@@ -1,4 +1,4 @@\n line1\n-line2\n+line2 changed\n line3\n-line4\n+line5\n"
        );
        assert_eq!(run(Format::Unified(3), "", "x\n"), "@@ -0,0 +1 @@\n+x\n");
        let a: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let b: String = (1..=20)
            .map(|i| match i {
                2 => "two\n".to_string(),
                18 => "eighteen\n".to_string(),
                _ => format!("{i}\n"),
            })
            .collect();
        let out = run(Format::Unified(1), &a, &b);
        assert!(
            out.starts_with("@@ -1,3 +1,3 @@\n 1\n-2\n+two\n 3\n@@ -17,3 +17,3 @@\n"),
            "{out}"
        );
    }

    #[test]
    fn context_format() {
        let out = run(Format::Context(1), "a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(
            out,
            "***************\n*** 1,3 ****\n  a\n! b\n  c\n--- 1,3 ----\n  a\n! B\n  c\n"
        );
        let out = run(Format::Context(0), "a\nb\n", "a\n");
        assert_eq!(out, "***************\n*** 2 ****\n- b\n--- 1 ----\n");
    }
}
