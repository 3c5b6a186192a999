//! wc(1): newline, word, character and byte counts and the longest line, with GNU's column
//! widths (wide enough for the total size of the regular files, at least 7 when a pipe or
//! terminal is counted, and unpadded for a single count of a single file).

use super::common::{self, Input, quote};
use crate::Ctx;
use crate::args;
use wosix_abi::{Fd, FileType};

const HELP: &str = "Usage: wc [OPTION]... [FILE]...
  or:  wc [OPTION]... --files0-from=F
Print newline, word, and byte counts for each FILE, and a total line if
more than one FILE is specified.  A word is a non-zero-length sequence of
printable characters delimited by white space.

With no FILE, or when FILE is -, read standard input.

The options below may be used to select which counts are printed, always in
the following order: newline, word, character, byte, maximum line length.
  -c, --bytes            print the byte counts
  -m, --chars            print the character counts
  -l, --lines            print the newline counts
      --files0-from=F    read input from the files specified by
                           NUL-terminated names in file F;
                           If F is - then read names from standard input
  -L, --max-line-length  print the maximum display width
  -w, --words            print the word counts
      --total=WHEN       when to print a line with total counts;
                           WHEN can be: auto, always, only, never
      --help     display this help and exit
      --version  output version information and exit
";

/// The counts of one input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Newlines.
    pub lines: u64,
    /// Words.
    pub words: u64,
    /// Characters (UTF-8 sequences).
    pub chars: u64,
    /// Bytes.
    pub bytes: u64,
    /// Display width of the longest line.
    pub max_len: u64,
}

/// Incremental counter fed with chunks.
#[derive(Default)]
pub struct Counter {
    /// Counts so far.
    pub c: Counts,
    in_word: bool,
    col: u64,
}

impl Counter {
    /// Count one chunk.
    pub fn feed(&mut self, data: &[u8]) {
        let c = &mut self.c;
        c.bytes += data.len() as u64;
        for &b in data {
            if b & 0xC0 != 0x80 {
                c.chars += 1;
            }
            match b {
                b'\n' => {
                    c.lines += 1;
                    c.max_len = c.max_len.max(self.col);
                    self.col = 0;
                }
                b'\r' | 0x0c => {
                    c.max_len = c.max_len.max(self.col);
                    self.col = 0;
                }
                b'\t' => self.col = (self.col / 8 + 1) * 8,
                0x20..=0x7e => self.col += 1,
                0xC0..=0xFF => self.col += 1,
                _ => {}
            }
            if common::is_space(b) {
                self.in_word = false;
            } else if !self.in_word {
                self.in_word = true;
                c.words += 1;
            }
        }
    }
    /// The final counts.
    pub fn finish(mut self) -> Counts {
        self.c.max_len = self.c.max_len.max(self.col);
        self.c
    }
}

/// Which counts to print.
#[derive(Clone, Copy)]
struct Which {
    lines: bool,
    words: bool,
    chars: bool,
    bytes: bool,
    max_len: bool,
}

impl Which {
    fn count(&self) -> usize {
        [self.lines, self.words, self.chars, self.bytes, self.max_len]
            .iter()
            .filter(|&&x| x)
            .count()
    }
}

/// Format one output line.
fn render(c: &Counts, w: Which, width: usize, name: Option<&str>) -> String {
    let mut fields = Vec::new();
    if w.lines {
        fields.push(c.lines);
    }
    if w.words {
        fields.push(c.words);
    }
    if w.chars {
        fields.push(c.chars);
    }
    if w.bytes {
        fields.push(c.bytes);
    }
    if w.max_len {
        fields.push(c.max_len);
    }
    let mut s = fields
        .iter()
        .map(|n| format!("{n:>width$}"))
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(n) = name {
        s.push(' ');
        s.push_str(n);
    }
    s.push('\n');
    s
}

/// GNU's `compute_number_width`: digits of the total size of regular files, at least 7 if
/// anything else is counted.
fn number_width(stats: &[Option<(bool, u64)>]) -> usize {
    let mut min = 1;
    let mut total: u64 = 0;
    for (regular, size) in stats.iter().flatten() {
        if *regular {
            total = total.saturating_add(*size);
        } else {
            min = 7;
        }
    }
    let mut width = 1;
    while total >= 10 {
        total /= 10;
        width += 1;
    }
    width.max(min)
}

/// wc(1).
pub async fn wc(ctx: &mut Ctx) -> i32 {
    let long = [
        "bytes",
        "chars",
        "lines",
        "files0-from=",
        "max-line-length",
        "words",
        "total=",
        "help",
        "version",
    ];
    let p = match args::parse(&ctx.argv[1..], "cmlLw", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let mut w = Which {
        lines: false,
        words: false,
        chars: false,
        bytes: false,
        max_len: false,
    };
    let mut files0: Option<String> = None;
    let mut total_when = "auto".to_string();
    let map = [
        ('c', "bytes"),
        ('m', "chars"),
        ('l', "lines"),
        ('L', "max-line-length"),
        ('w', "words"),
    ];
    for (name, val) in common::named(&p, &map) {
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "bytes" => w.bytes = true,
            "chars" => w.chars = true,
            "lines" => w.lines = true,
            "words" => w.words = true,
            "max-line-length" => w.max_len = true,
            "files0-from" => files0 = val,
            _ => {
                let v = val.unwrap_or_default();
                if !["auto", "always", "only", "never"].contains(&v.as_str()) {
                    ctx.error(&format!("invalid argument {} for '--total'", quote(&v)));
                    ctx.err.str(
                        "Valid arguments are:\n  - 'auto'\n  - 'always'\n  - 'only'\n  - 'never'\n",
                    );
                    return common::usage(ctx, "", 1);
                }
                total_when = v;
            }
        }
    }
    if w.count() == 0 {
        w.lines = true;
        w.words = true;
        w.bytes = true;
    }
    let mut status = 0;
    let mut names: Vec<Option<String>> = p.operands.iter().map(|s| Some(s.clone())).collect();
    if let Some(f) = files0 {
        if !p.operands.is_empty() {
            ctx.error(&format!("extra operand {}", quote(&p.operands[0])));
            ctx.err
                .str("file operands cannot be combined with --files0-from\n");
            return common::usage(ctx, "", 1);
        }
        match common::read_path(&ctx.sys, &f).await {
            Ok(data) => {
                names = common::split_records(&data, 0)
                    .iter()
                    .map(|n| Some(String::from_utf8_lossy(n).into_owned()))
                    .collect()
            }
            Err(e) => {
                ctx.error(&format!(
                    "cannot open {} for reading: {}",
                    quote(&f),
                    e.message()
                ));
                return 1;
            }
        }
    }
    if names.is_empty() {
        names.push(None);
    }
    let mut stats = Vec::new();
    for n in &names {
        let st = match n.as_deref() {
            None | Some("-") => ctx.sys.fstat(Fd::STDIN).await,
            Some(path) => ctx.sys.stat(path).await,
        };
        stats.push(
            st.ok()
                .map(|s| (s.file_type() == FileType::Regular, s.size)),
        );
    }
    let width = if names.len() == 1 && w.count() == 1 {
        1
    } else {
        number_width(&stats)
    };
    let mut total = Counts::default();
    let only = total_when == "only";
    for n in &names {
        let path = n.as_deref().unwrap_or("-");
        if path.is_empty() {
            ctx.error("invalid zero-length file name");
            status = 1;
            continue;
        }
        let mut inp = match Input::open(&ctx.sys, path).await {
            Ok(i) => i,
            Err(e) => {
                ctx.error_path(path, e);
                status = 1;
                continue;
            }
        };
        let mut counter = Counter::default();
        loop {
            match inp.chunk(&ctx.sys).await {
                Ok(c) if c.is_empty() => break,
                Ok(c) => counter.feed(&c),
                Err(e) => {
                    ctx.error_path(path, e);
                    status = 1;
                    break;
                }
            }
        }
        inp.close(&ctx.sys).await;
        let c = counter.finish();
        total.lines += c.lines;
        total.words += c.words;
        total.chars += c.chars;
        total.bytes += c.bytes;
        total.max_len = total.max_len.max(c.max_len);
        if !only {
            let line = render(&c, w, width, n.as_deref());
            ctx.out.str(&line);
            let _ = ctx.out.maybe_flush(&ctx.sys).await;
        }
    }
    let show_total = match total_when.as_str() {
        "always" | "only" => true,
        "never" => false,
        _ => names.len() > 1,
    };
    if show_total {
        let label = if only { None } else { Some("total") };
        let line = render(&total, w, if only { 1 } else { width }, label);
        ctx.out.str(&line);
    }
    status
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn count(s: &str) -> Counts {
        let mut c = Counter::default();
        for part in s.as_bytes().chunks(3) {
            c.feed(part);
        }
        c.finish()
    }

    #[test]
    fn counting() {
        let c = count("hello world\nfoo  bar baz\n");
        assert_eq!((c.lines, c.words, c.bytes), (2, 5, 25));
        assert_eq!(c.max_len, 12);
        let c = count("héllo");
        assert_eq!((c.chars, c.bytes, c.lines), (5, 6, 0));
        assert_eq!(count("a\tb\n").max_len, 9);
    }

    #[test]
    fn widths() {
        assert_eq!(number_width(&[Some((true, 4))]), 1);
        assert_eq!(number_width(&[Some((true, 4)), Some((true, 12))]), 2);
        assert_eq!(number_width(&[Some((false, 0))]), 7);
        let w = Which {
            lines: true,
            words: true,
            chars: false,
            bytes: true,
            max_len: false,
        };
        let c = Counts {
            lines: 1,
            words: 1,
            chars: 3,
            bytes: 3,
            max_len: 2,
        };
        assert_eq!(render(&c, w, 7, None), "      1       1       3\n");
        assert_eq!(render(&c, w, 1, Some("f")), "1 1 3 f\n");
    }
}
