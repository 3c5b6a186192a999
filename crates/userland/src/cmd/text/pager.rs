//! The pagers more(1) and less(1). When standard output is not a terminal both behave like
//! cat (more adds `::::::::::::::` headers between several files). On a terminal, `more`
//! shows a screenful at a time with a `--More--` prompt (space, enter, `d`, `q`…), and `less`
//! redraws a window that moves both ways (`b`, `g`, `G`, `/pattern`, `n`…). Keys are read
//! from /dev/tty in non-canonical mode, so the data itself may come from a pipe.

use super::common::{self, Input};
use super::re::{Opts, Re};
use crate::Ctx;
use crate::args;
use wosix_abi::call::SetWhen;
use wosix_abi::termios::{VMIN, VTIME, lflag};
use wosix_abi::{Errno, Fd, OFlags, SigAction, Signal, Termios};

const MORE_HELP: &str = "Usage:
 more [options] <file>...

A file perusal filter for CRT viewing.

Options:
 -d, --silent          display help instead of ringing bell
 -s, --squeeze         squeeze multiple blank lines into one
 -n, --lines <number>  the number of lines per screenful
     --help            display this help
 -V, --version         display version

Commands at the --More-- prompt: SPACE next page, RETURN next line,
d next half page, = line number, q quit.
";

const LESS_HELP: &str = "Usage: less [options] [file]...
A pager that moves forward and backward through its input.

Options:
  -F, --quit-if-one-screen  exit if the whole input fits on one screen
  -X, --no-init             do not clear the screen on start and exit
  -N, --LINE-NUMBERS        show line numbers
  -S, --chop-long-lines     cut long lines instead of wrapping them
  -E, --QUIT-AT-EOF         exit the first time the end is reached
  -R, --RAW-CONTROL-CHARS   pass ANSI color sequences through
      --help                display this help and exit

Commands:
  SPACE f ^F ^V   forward one window      b ^B         backward one window
  RETURN j e ^N   forward one line        k y ^P       backward one line
  d ^D            forward half a window   u ^U         backward half a window
  g <             go to the first line    G >          go to the last line
  /pattern        search forward          ?pattern     search backward
  n               repeat search           N            repeat search backwards
  q Q             quit
";

/// Copy files to standard output (the non-terminal case).
async fn cat(ctx: &mut Ctx, files: &[String], headers: bool) -> i32 {
    let sys = ctx.sys.clone();
    let mut status = 0;
    for f in files {
        let mut inp = match Input::open(&sys, f).await {
            Ok(i) => i,
            Err(e) => {
                ctx.error_path(f, e);
                status = 1;
                continue;
            }
        };
        if headers && f != "-" {
            ctx.out
                .str(&format!("::::::::::::::\n{f}\n::::::::::::::\n"));
        }
        loop {
            match inp.chunk(&sys).await {
                Ok(c) if c.is_empty() => break,
                Ok(c) => {
                    ctx.out.bytes(&c);
                    if ctx.out.flush(&sys).await.is_err() {
                        return 1;
                    }
                }
                Err(e) => {
                    ctx.error_path(f, e);
                    status = 1;
                    break;
                }
            }
        }
        inp.close(&sys).await;
    }
    status
}

/// The terminal the pager reads keys from, in non-canonical mode until dropped by `restore`.
struct Keys {
    fd: Fd,
    owned: bool,
    saved: Option<Termios>,
    pending: Vec<u8>,
}

impl Keys {
    async fn open(ctx: &Ctx) -> Option<Keys> {
        let sys = &ctx.sys;
        let (fd, owned) = match sys
            .open("/dev/tty", OFlags::RDONLY | OFlags::CLOEXEC, 0)
            .await
        {
            Ok(fd) => (fd, true),
            Err(_) if sys.isatty(Fd::STDERR).await => (Fd::STDERR, false),
            Err(_) => return None,
        };
        let saved = sys.tcgetattr(fd).await.ok();
        if let Some(t) = saved {
            let mut raw = t;
            raw.lflag &= !(lflag::ICANON | lflag::ECHO);
            raw.cc[VMIN] = 1;
            raw.cc[VTIME] = 0;
            let _ = sys.tcsetattr(fd, SetWhen::Now, raw).await;
        }
        let _ = sys.sigaction(Signal::SIGINT, SigAction::Catch).await;
        let _ = sys.sigaction(Signal::SIGQUIT, SigAction::Catch).await;
        Some(Keys {
            fd,
            owned,
            saved,
            pending: Vec::new(),
        })
    }

    /// The next key (escape sequences for arrows and page keys are returned whole);
    /// `None` when interrupted or at end of input.
    async fn key(&mut self, ctx: &Ctx) -> Option<Vec<u8>> {
        if self.pending.is_empty() {
            match ctx.sys.read_vec(self.fd, 64).await {
                Ok(b) if !b.is_empty() => self.pending = b,
                Err(Errno::EINTR) => {
                    let _ = ctx.sys.take_signal().await;
                    return None;
                }
                _ => return None,
            }
        }
        let n = if self.pending[0] == 0x1b && self.pending.len() > 1 {
            let mut n = 2;
            if self.pending[1] == b'[' {
                while n < self.pending.len() && !(0x40..=0x7e).contains(&self.pending[n]) {
                    n += 1;
                }
                n = (n + 1).min(self.pending.len());
            }
            n
        } else {
            1
        };
        Some(self.pending.drain(..n).collect())
    }

    /// Read a line of text typed at the prompt (echoing it), for `/pattern`.
    async fn line(&mut self, ctx: &mut Ctx, prompt: &str) -> Option<String> {
        let mut s = String::new();
        ctx.out.str(&format!("\r\x1b[K{prompt}"));
        let _ = ctx.out.flush(&ctx.sys).await;
        loop {
            let k = self.key(ctx).await?;
            match k.as_slice() {
                b"\r" | b"\n" => return Some(s),
                [0x1b] | [3] => return None,
                [0x7f] | [8] => {
                    s.pop()?;
                    ctx.out.str("\x08 \x08");
                }
                _ => {
                    let t = String::from_utf8_lossy(&k).into_owned();
                    if !t.starts_with('\x1b') {
                        ctx.out.str(&t);
                        s.push_str(&t);
                    }
                }
            }
            let _ = ctx.out.flush(&ctx.sys).await;
        }
    }

    async fn restore(self, ctx: &Ctx) {
        if let Some(t) = self.saved {
            let _ = ctx.sys.tcsetattr(self.fd, SetWhen::Now, t).await;
        }
        if self.owned {
            let _ = ctx.sys.close(self.fd).await;
        }
    }
}

/// Screen size from the terminal, `LINES`/`COLUMNS`, or 24x80.
async fn screen(ctx: &Ctx) -> (usize, usize) {
    let ws = ctx
        .sys
        .get_winsize(Fd::STDOUT)
        .await
        .ok()
        .filter(|w| w.rows > 0 && w.cols > 0);
    let env = |k: &str| {
        ctx.getenv(k)
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0)
    };
    let rows = env("LINES").or(ws.map(|w| w.rows as usize)).unwrap_or(24);
    let cols = env("COLUMNS").or(ws.map(|w| w.cols as usize)).unwrap_or(80);
    (rows.max(2), cols.max(10))
}

/// Screen rows a line occupies at `cols` columns.
fn rows_of(line: &[u8], cols: usize) -> usize {
    let mut col = 0usize;
    for &b in line {
        match b {
            b'\t' => col = (col / 8 + 1) * 8,
            0x80..=0xBF => {}
            _ => col += 1,
        }
    }
    col.div_ceil(cols).max(1)
}

/// more(1).
pub async fn more(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(
        &ctx.argv[1..],
        "dsn:V",
        &["silent", "squeeze", "lines=", "help", "version"],
        true,
    ) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let mut squeeze = false;
    let mut lines: Option<usize> = None;
    for (name, val) in common::named(
        &p,
        &[
            ('d', "silent"),
            ('s', "squeeze"),
            ('n', "lines"),
            ('V', "version"),
        ],
    ) {
        match name.as_str() {
            "help" => return common::help(ctx, MORE_HELP),
            "version" => return common::version(ctx),
            "squeeze" => squeeze = true,
            "lines" => lines = val.and_then(|v| v.parse().ok()).filter(|&n: &usize| n > 0),
            _ => {}
        }
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    if !common::stdout_tty(ctx).await {
        return cat(ctx, &files, true).await;
    }
    let Some(mut keys) = Keys::open(ctx).await else {
        return cat(ctx, &files, true).await;
    };
    let (rows, cols) = screen(ctx).await;
    let page = lines.unwrap_or(rows - 1);
    let sys = ctx.sys.clone();
    let mut status = 0;
    'files: for (k, f) in files.iter().enumerate() {
        let mut inp = match Input::open(&sys, f).await {
            Ok(i) => i,
            Err(e) => {
                ctx.error_path(f, e);
                status = 1;
                continue;
            }
        };
        let size = sys
            .fstat(inp.fd())
            .await
            .ok()
            .filter(|s| s.file_type() == wosix_abi::FileType::Regular)
            .map(|s| s.size);
        let mut shown: u64 = 0;
        let mut budget = page;
        let mut lineno = 0u64;
        let mut last_blank = false;
        if files.len() > 1 {
            ctx.out
                .str(&format!("::::::::::::::\n{f}\n::::::::::::::\n"));
            budget = budget.saturating_sub(3);
        }
        loop {
            let rec = match inp.next_record(&sys, b'\n').await {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err(e) => {
                    ctx.error_path(f, e);
                    status = 1;
                    break;
                }
            };
            shown += rec.len() as u64;
            lineno += 1;
            let body = rec.strip_suffix(b"\n").unwrap_or(&rec);
            let blank = body.is_empty();
            if squeeze && blank && last_blank {
                continue;
            }
            last_blank = blank;
            let need = rows_of(body, cols);
            while budget < need {
                let pct = size
                    .filter(|&s| s > 0)
                    .map(|s| format!("({}%)", shown.min(s) * 100 / s))
                    .unwrap_or_default();
                ctx.out.str(&format!("\x1b[7m--More--{pct}\x1b[27m"));
                if ctx.out.flush(&sys).await.is_err() {
                    break 'files;
                }
                let Some(key) = keys.key(ctx).await else {
                    break 'files;
                };
                ctx.out.str("\r\x1b[K");
                match key.as_slice() {
                    b" " | b"f" | b"z" => budget = page,
                    b"\r" | b"\n" | b"j" | b"\x1b[B" => budget = 1,
                    b"d" | [4] => budget = page / 2,
                    b"q" | b"Q" => break 'files,
                    b"=" => ctx.out.str(&format!("{}\n", lineno - 1)),
                    b"h" | b"?" => ctx.out.str(
                        "SPACE next page, RETURN next line, d half page, = line number, q quit\n",
                    ),
                    _ => ctx.out.str("\x07"),
                }
            }
            budget -= need;
            ctx.out.bytes(&rec);
        }
        inp.close(&sys).await;
        if k + 1 < files.len() {
            ctx.out.str(&format!(
                "\x1b[7m--More--(Next file: {})\x1b[27m",
                files[k + 1]
            ));
            let _ = ctx.out.flush(&sys).await;
            let key = keys.key(ctx).await;
            ctx.out.str("\r\x1b[K");
            if matches!(key.as_deref(), None | Some(b"q") | Some(b"Q")) {
                break;
            }
        }
    }
    let _ = ctx.out.flush(&sys).await;
    keys.restore(ctx).await;
    status
}

/// Screen rows of a text for less: each entry is (line index, text of the row).
fn layout(lines: &[Vec<u8>], cols: usize, chop: bool, numbers: bool) -> Vec<(usize, Vec<u8>)> {
    let mut out = Vec::new();
    let width = if numbers {
        cols.saturating_sub(8).max(1)
    } else {
        cols
    };
    for (i, l) in lines.iter().enumerate() {
        let mut row = Vec::new();
        let mut col = 0;
        let mut first = true;
        let mut push_row = |row: &mut Vec<u8>, first: &mut bool| {
            let mut r = Vec::new();
            if numbers {
                if *first {
                    r.extend_from_slice(format!("{:>7} ", i + 1).as_bytes());
                } else {
                    r.extend_from_slice(b"        ");
                }
            }
            r.append(row);
            out.push((i, r));
            *first = false;
        };
        for &b in l {
            let (text, w): (Vec<u8>, usize) = match b {
                b'\t' => {
                    let n = 8 - col % 8;
                    (vec![b' '; n], n)
                }
                0x1b => (vec![b], 0),
                0..=0x1f | 0x7f => (vec![b'^', b ^ 0x40], 2),
                0x80..=0xBF => (vec![b], 0),
                _ => (vec![b], 1),
            };
            if col + w > width {
                if chop {
                    continue;
                }
                push_row(&mut row, &mut first);
                col = 0;
            }
            row.extend_from_slice(&text);
            col += w;
        }
        push_row(&mut row, &mut first);
    }
    out
}

/// less(1).
pub async fn less(ctx: &mut Ctx) -> i32 {
    let long = [
        "quit-if-one-screen",
        "no-init",
        "LINE-NUMBERS",
        "chop-long-lines",
        "QUIT-AT-EOF",
        "RAW-CONTROL-CHARS",
        "help",
        "version",
    ];
    let p = match args::parse(&ctx.argv[1..], "FXNSERrei", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let map = [
        ('F', "quit-if-one-screen"),
        ('X', "no-init"),
        ('N', "LINE-NUMBERS"),
        ('S', "chop-long-lines"),
        ('E', "QUIT-AT-EOF"),
        ('e', "QUIT-AT-EOF"),
    ];
    let (mut one_screen, mut no_init, mut numbers, mut chop, mut quit_eof) =
        (false, false, false, false, false);
    for (name, _) in common::named(&p, &map) {
        match name.as_str() {
            "help" => return common::help(ctx, LESS_HELP),
            "version" => return common::version(ctx),
            "quit-if-one-screen" => one_screen = true,
            "no-init" => no_init = true,
            "LINE-NUMBERS" => numbers = true,
            "chop-long-lines" => chop = true,
            "QUIT-AT-EOF" => quit_eof = true,
            _ => {}
        }
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    if !common::stdout_tty(ctx).await {
        return cat(ctx, &files, false).await;
    }
    let sys = ctx.sys.clone();
    let mut data = Vec::new();
    let mut status = 0;
    for f in &files {
        match common::read_path(&sys, f).await {
            Ok(d) => data.extend(d),
            Err(e) => {
                ctx.error_path(f, e);
                status = 1;
            }
        }
    }
    let lines: Vec<Vec<u8>> = common::split_records(&data, b'\n')
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect();
    let (rows, cols) = screen(ctx).await;
    let view = rows - 1;
    let screen_rows = layout(&lines, cols, chop, numbers);
    if one_screen && screen_rows.len() <= view {
        for (_, r) in &screen_rows {
            ctx.out.bytes(r);
            ctx.out.str("\n");
        }
        return status;
    }
    let Some(mut keys) = Keys::open(ctx).await else {
        return cat(ctx, &files, false).await;
    };
    let last_top = screen_rows.len().saturating_sub(view);
    let mut top = 0usize;
    let mut search: Option<(Re, bool)> = None;
    let mut message: Option<String> = None;
    if !no_init {
        ctx.out.str("\x1b[?1049h");
    }
    loop {
        ctx.out.str("\x1b[H\x1b[2J");
        for i in 0..view {
            match screen_rows.get(top + i) {
                Some((_, r)) => ctx.out.bytes(r),
                None => ctx.out.str("~"),
            }
            ctx.out.str("\n");
        }
        let at_end = top >= last_top;
        let status_line = match message.take() {
            Some(m) => m,
            None if at_end => "(END)".to_string(),
            None if top == 0 && files.len() == 1 && files[0] != "-" => files[0].clone(),
            None => ":".to_string(),
        };
        ctx.out.str(&format!("\x1b[7m{status_line}\x1b[27m"));
        if ctx.out.flush(&sys).await.is_err() {
            break;
        }
        if at_end && quit_eof {
            break;
        }
        let Some(key) = keys.key(ctx).await else {
            break;
        };
        let half = (view / 2).max(1);
        match key.as_slice() {
            b"q" | b"Q" | b"Z" => break,
            b" " | b"f" | [6] | [0x16] | b"\x1b[6~" | b"z" => top = (top + view).min(last_top),
            b"b" | [2] | b"\x1bv" | b"\x1b[5~" | b"w" => top = top.saturating_sub(view),
            b"\r" | b"\n" | b"j" | b"e" | [5] | [0x0e] | b"\x1b[B" => top = (top + 1).min(last_top),
            b"k" | b"y" | [0x19] | [0x10] | [0x0b] | b"\x1b[A" => top = top.saturating_sub(1),
            b"d" | [4] => top = (top + half).min(last_top),
            b"u" | [0x15] => top = top.saturating_sub(half),
            b"g" | b"<" | b"\x1b<" | b"\x1b[H" => top = 0,
            b"G" | b">" | b"\x1b>" | b"\x1b[F" => top = last_top,
            b"/" | b"?" => {
                let back = key == b"?";
                let Some(pat) = keys.line(ctx, if back { "?" } else { "/" }).await else {
                    continue;
                };
                if !pat.is_empty() {
                    match Re::new(
                        pat.as_bytes(),
                        Opts {
                            ere: true,
                            ..Opts::default()
                        },
                    ) {
                        Ok(r) => search = Some((r, back)),
                        Err(e) => {
                            message = Some(e);
                            continue;
                        }
                    }
                }
                match find(&lines, &screen_rows, &search, top, false) {
                    Some(t) => top = t.min(last_top),
                    None => message = Some("Pattern not found".into()),
                }
            }
            b"n" | b"N" => match find(&lines, &screen_rows, &search, top, key == b"N") {
                Some(t) => top = t.min(last_top),
                None => message = Some("Pattern not found".into()),
            },
            _ => {}
        }
    }
    ctx.out.str("\r\x1b[K");
    if !no_init {
        ctx.out.str("\x1b[?1049l");
    }
    let _ = ctx.out.flush(&sys).await;
    keys.restore(ctx).await;
    status
}

/// The screen row to show for the next match of the current search after row `top`.
fn find(
    lines: &[Vec<u8>],
    rows: &[(usize, Vec<u8>)],
    search: &Option<(Re, bool)>,
    top: usize,
    reverse: bool,
) -> Option<usize> {
    let (re, back) = search.as_ref()?;
    let backwards = *back != reverse;
    let cur = rows.get(top).map_or(0, |r| r.0);
    let hit = if backwards {
        (0..cur).rev().find(|&i| re.is_match(&lines[i]))
    } else {
        (cur + 1..lines.len()).find(|&i| re.is_match(&lines[i]))
    }?;
    rows.iter().position(|r| r.0 == hit)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn layout_rows() {
        assert_eq!(rows_of(b"", 80), 1);
        assert_eq!(rows_of(&[b'a'; 81], 80), 2);
        assert_eq!(rows_of(b"\tx", 8), 2);
        let lines = vec![b"abcdef".to_vec(), b"x\x01".to_vec()];
        let l = layout(&lines, 4, false, false);
        assert_eq!(
            l,
            vec![
                (0, b"abcd".to_vec()),
                (0, b"ef".to_vec()),
                (1, b"x^A".to_vec())
            ]
        );
        let l = layout(&lines, 4, true, false);
        assert_eq!(l[0], (0, b"abcd".to_vec()));
        assert_eq!(l.len(), 2);
    }
}
