//! How `ls` lays out what it found: GNU's long format (`-l`), columns sized to the terminal
//! (`-C`, `-x`), comma lists (`-m`), one per line, type indicators (`-F`, `-p`) and
//! `LS_COLORS` colouring. Everything here is pure, so it is tested without a kernel.

use super::common::{human, shell_quote};
pub use super::ls_color::Colors;
use crate::cmd::timefmt::strftime_ns;
use crate::cmd::users::UserDb;
use wosix_abi::{FileType, Mode, Stat, Timespec};

/// One file to show.
#[derive(Clone, Debug)]
pub struct Item {
    /// The name as shown (a directory entry name or a command-line operand).
    pub name: String,
    /// Its status (lstat, or stat when following links); `None` if it could not be read.
    pub st: Option<Stat>,
    /// The target of a symbolic link.
    pub target: Option<String>,
    /// The status of a symbolic link's target, if the target exists.
    pub target_st: Option<Stat>,
}

/// Output layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `-l`.
    Long,
    /// `-1`.
    OnePerLine,
    /// `-C`: columns, sorted down.
    Columns,
    /// `-x`: columns, sorted across.
    Across,
    /// `-m`: comma-separated.
    Commas,
}

/// Which indicator characters follow names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indicator {
    /// None.
    None,
    /// `-p`: `/` after directories.
    Slash,
    /// `--file-type`: `/`, `@`, `|`, `=`.
    FileType,
    /// `-F`: as `FileType` plus `*` after executables.
    Classify,
}

/// Which timestamp `-l` shows and `-t` sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeField {
    /// Modification (default).
    Mtime,
    /// Access (`-u`).
    Atime,
    /// Status change (`-c`).
    Ctime,
}

impl TimeField {
    /// This timestamp of `st`.
    pub fn of(self, st: &Stat) -> Timespec {
        match self {
            TimeField::Mtime => st.mtime,
            TimeField::Atime => st.atime,
            TimeField::Ctime => st.ctime,
        }
    }
}

/// How `-l` prints times (`--time-style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeStyle {
    /// `Nov 22 03:07` / `Nov 22  2023`.
    Locale,
    /// `--full-time`: `2023-11-22 03:07:09.000000000 +0000`.
    FullIso,
    /// `2023-11-22 03:07`.
    LongIso,
    /// `11-22 03:07` / `2023-11-22`.
    Iso,
}

/// Everything that decides how items look.
#[derive(Clone, Debug)]
pub struct Style {
    /// Layout.
    pub layout: Layout,
    /// `-i`.
    pub inode: bool,
    /// `-s`: allocated size in 1 KiB blocks.
    pub blocks: bool,
    /// `-h`.
    pub human: bool,
    /// `-n`: numeric ids.
    pub numeric: bool,
    /// Show the owner column (not `-g`).
    pub owner: bool,
    /// Show the group column (not `-o`/`-G`).
    pub group: bool,
    /// Indicator style.
    pub indicator: Indicator,
    /// Colours, when colouring.
    pub colors: Option<Colors>,
    /// Quote names in shell-escape style (on a terminal).
    pub quote: bool,
    /// The timestamp shown.
    pub time: TimeField,
    /// How it is shown.
    pub time_style: TimeStyle,
    /// The current time (seconds), to choose between `HH:MM` and the year.
    pub now: i64,
    /// Line width for column layouts.
    pub width: usize,
}

/// State that lasts across calls: whether colour has been used yet (the first colour
/// sequence is preceded by a reset, as GNU ls does).
#[derive(Clone, Copy, Debug, Default)]
pub struct ColorState {
    /// A colour sequence has been written.
    pub used: bool,
}

/// The indicator character for a file of mode `mode`.
pub fn indicator_char(style: Indicator, mode: u32) -> Option<char> {
    let ft = FileType::from_mode(mode)?;
    match (style, ft) {
        (Indicator::None, _) => None,
        (_, FileType::Directory) => Some('/'),
        (Indicator::Slash, _) => None,
        (_, FileType::Symlink) => Some('@'),
        (_, FileType::Fifo) => Some('|'),
        (_, FileType::Socket) => Some('='),
        (Indicator::Classify, FileType::Regular) if mode & 0o111 != 0 => Some('*'),
        _ => None,
    }
}

/// Blocks of 1 KiB (rounded up) for `st.blocks` 512-byte blocks.
pub fn kib(blocks: u64) -> u64 {
    blocks.div_ceil(2)
}

/// The size column text of `-s`.
fn blocks_text(style: &Style, st: Option<&Stat>) -> String {
    match st {
        None => "?".into(),
        Some(st) if style.human => human(st.blocks.saturating_mul(512)),
        Some(st) => kib(st.blocks).to_string(),
    }
}

/// The time column of `-l`.
pub fn format_time(style: &Style, t: Timespec) -> String {
    match style.time_style {
        TimeStyle::FullIso => strftime_ns("%Y-%m-%d %H:%M:%S.%N %z", t.sec, t.nsec),
        TimeStyle::LongIso => strftime_ns("%Y-%m-%d %H:%M", t.sec, 0),
        TimeStyle::Iso | TimeStyle::Locale => {
            const HALF_YEAR: i64 = 31_556_952 / 2;
            let recent = t.sec > style.now - HALF_YEAR && t.sec <= style.now;
            let fmt = match (style.time_style, recent) {
                (TimeStyle::Iso, true) => "%m-%d %H:%M",
                (TimeStyle::Iso, false) => "%Y-%m-%d ",
                (_, true) => "%b %e %H:%M",
                (_, false) => "%b %e  %Y",
            };
            strftime_ns(fmt, t.sec, 0)
        }
    }
}

/// Display width of a string (characters; names are assumed to be single-width).
fn width(s: &str) -> usize {
    s.chars().count()
}

/// A name as printed (quoted when `style.quote`), its width, and whether it was quoted.
fn shown_name(style: &Style, name: &str) -> (String, bool) {
    if style.quote {
        let q = shell_quote(name);
        let quoted = q != name;
        (q, quoted)
    } else {
        (name.to_string(), false)
    }
}

/// Wrap `text` in the colour sequence `seq`.
fn colored(cs: &mut ColorState, seq: Option<&str>, text: &str) -> String {
    match seq {
        Some(seq) => {
            let mut s = String::new();
            if !cs.used {
                cs.used = true;
                s.push_str("\x1b[0m");
            }
            s.push_str(&format!("\x1b[{seq}m{text}\x1b[0m"));
            s
        }
        None => text.to_string(),
    }
}

/// The name part of an item: colour, quoting, indicator; in long format also ` -> target`.
/// Returns the text and its display width.
fn name_part(style: &Style, item: &Item, cs: &mut ColorState, pad_quote: bool) -> (String, usize) {
    let (shown, quoted) = shown_name(style, &item.name);
    let mut w = width(&shown);
    let mut out = String::new();
    if pad_quote && !quoted {
        out.push(' ');
        w += 1;
    }
    let link_ok = item.target_st.is_some();
    let seq = style
        .colors
        .as_ref()
        .and_then(|c| c.for_file(&item.name, item.st.as_ref(), link_ok));
    out.push_str(&colored(cs, seq, &shown));
    let is_link = item
        .st
        .as_ref()
        .map(|s| s.file_type() == FileType::Symlink)
        .unwrap_or(false);
    if style.layout == Layout::Long && is_link {
        if let Some(t) = &item.target {
            let (ts, _) = shown_name(style, t);
            out.push_str(" -> ");
            w += 4 + width(&ts);
            let tseq = style.colors.as_ref().and_then(|c| match &item.target_st {
                Some(tst) => c.for_file(t, Some(tst), true),
                None => c.key("or").or_else(|| c.key("mi")),
            });
            out.push_str(&colored(cs, tseq, &ts));
            if let Some(ch) = item
                .target_st
                .as_ref()
                .and_then(|s| indicator_char(style.indicator, s.mode))
            {
                out.push(ch);
                w += 1;
            }
        }
        return (out, w);
    }
    if let Some(ch) = item
        .st
        .as_ref()
        .and_then(|s| indicator_char(style.indicator, s.mode))
    {
        out.push(ch);
        w += 1;
    }
    (out, w)
}

/// Right-align `s` in `w` columns.
fn right(s: &str, w: usize) -> String {
    format!("{s:>w$}")
}

/// Left-align `s` in `w` columns.
fn left(s: &str, w: usize) -> String {
    format!("{s:<w$}")
}

/// Render a group of items (one directory's contents, or the file operands) as `ls` prints
/// it, each line ending in a newline. The `total` line is the caller's.
pub fn render(items: &[Item], style: &Style, db: &UserDb, cs: &mut ColorState) -> String {
    if items.is_empty() {
        return String::new();
    }
    let pad_quote = style.quote
        && matches!(
            style.layout,
            Layout::Long | Layout::Columns | Layout::Across
        )
        && items.iter().any(|i| shown_name(style, &i.name).1);
    match style.layout {
        Layout::Long => render_long(items, style, db, cs, pad_quote),
        _ => render_short(items, style, cs, pad_quote),
    }
}

/// The cells of one long-format line, before alignment.
struct LongRow {
    inode: String,
    blocks: String,
    mode: String,
    nlink: String,
    owner: String,
    group: String,
    size: String,
    major: Option<(String, String)>,
    time: String,
}

fn long_row(item: &Item, style: &Style, db: &UserDb) -> LongRow {
    let Some(st) = item.st.as_ref() else {
        let q = "?".to_string();
        return LongRow {
            inode: q.clone(),
            blocks: q.clone(),
            mode: "l?????????".into(),
            nlink: q.clone(),
            owner: q.clone(),
            group: q.clone(),
            size: q.clone(),
            major: None,
            time: q,
        };
    };
    let (owner, group) = if style.numeric {
        (st.uid.0.to_string(), st.gid.0.to_string())
    } else {
        (db.user_label(st.uid.0), db.group_label(st.gid.0))
    };
    let dev = matches!(st.file_type(), FileType::CharDevice | FileType::BlockDevice);
    let major = dev.then(|| ((st.rdev >> 8).to_string(), (st.rdev & 0xff).to_string()));
    LongRow {
        inode: st.ino.0.to_string(),
        blocks: blocks_text(style, Some(st)),
        mode: Mode::render(st.mode),
        nlink: st.nlink.to_string(),
        owner,
        group,
        size: if style.human {
            human(st.size)
        } else {
            st.size.to_string()
        },
        major,
        time: format_time(style, style.time.of(st)),
    }
}

fn render_long(
    items: &[Item],
    style: &Style,
    db: &UserDb,
    cs: &mut ColorState,
    pad_quote: bool,
) -> String {
    let rows: Vec<LongRow> = items.iter().map(|i| long_row(i, style, db)).collect();
    let w = |f: &dyn Fn(&LongRow) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let inode_w = w(&|r| width(&r.inode));
    let blocks_w = w(&|r| width(&r.blocks));
    let nlink_w = w(&|r| width(&r.nlink));
    let owner_w = w(&|r| width(&r.owner));
    let group_w = w(&|r| width(&r.group));
    let major_w = w(&|r| r.major.as_ref().map(|m| width(&m.0)).unwrap_or(0));
    let minor_w = w(&|r| r.major.as_ref().map(|m| width(&m.1)).unwrap_or(0));
    let mut size_w = w(&|r| if r.major.is_some() { 0 } else { width(&r.size) });
    if rows.iter().any(|r| r.major.is_some()) {
        size_w = size_w.max(major_w + 2 + minor_w);
    }
    let mut out = String::new();
    for (item, r) in items.iter().zip(&rows) {
        if style.inode {
            out.push_str(&right(&r.inode, inode_w));
            out.push(' ');
        }
        if style.blocks {
            out.push_str(&right(&r.blocks, blocks_w));
            out.push(' ');
        }
        out.push_str(&r.mode);
        out.push(' ');
        out.push_str(&right(&r.nlink, nlink_w));
        out.push(' ');
        if style.owner {
            out.push_str(&left(&r.owner, owner_w));
            out.push(' ');
        }
        if style.group {
            out.push_str(&left(&r.group, group_w));
            out.push(' ');
        }
        match &r.major {
            Some((ma, mi)) => {
                out.push_str(&right(ma, size_w.saturating_sub(minor_w + 2)));
                out.push_str(", ");
                out.push_str(&right(mi, minor_w));
            }
            None => out.push_str(&right(&r.size, size_w)),
        }
        out.push(' ');
        out.push_str(&r.time);
        out.push(' ');
        out.push_str(&name_part(style, item, cs, pad_quote).0);
        out.push('\n');
    }
    out
}

/// One cell of a short layout: prefix columns (`-i`, `-s`) and the name.
fn short_cells(
    items: &[Item],
    style: &Style,
    cs: &mut ColorState,
    pad_quote: bool,
) -> Vec<(String, usize)> {
    let inode_w = if style.inode {
        items
            .iter()
            .map(|i| {
                i.st.as_ref()
                    .map(|s| width(&s.ino.0.to_string()))
                    .unwrap_or(1)
            })
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    let blocks_w = if style.blocks {
        items
            .iter()
            .map(|i| width(&blocks_text(style, i.st.as_ref())))
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    items
        .iter()
        .map(|item| {
            let mut s = String::new();
            let mut w = 0;
            if style.inode {
                let ino = item
                    .st
                    .as_ref()
                    .map(|s| s.ino.0.to_string())
                    .unwrap_or_else(|| "?".into());
                s.push_str(&right(&ino, inode_w));
                s.push(' ');
                w += inode_w + 1;
            }
            if style.blocks {
                s.push_str(&right(&blocks_text(style, item.st.as_ref()), blocks_w));
                s.push(' ');
                w += blocks_w + 1;
            }
            let (n, nw) = name_part(style, item, cs, pad_quote);
            s.push_str(&n);
            (s, w + nw)
        })
        .collect()
}

fn render_short(items: &[Item], style: &Style, cs: &mut ColorState, pad_quote: bool) -> String {
    let cells = short_cells(items, style, cs, pad_quote);
    let mut out = String::new();
    match style.layout {
        Layout::Commas => {
            let mut pos = 0;
            for (i, (s, w)) in cells.iter().enumerate() {
                let last = i + 1 == cells.len();
                let extra = if last { 0 } else { 1 };
                if pos > 0 && style.width > 0 && pos + 1 + w + extra > style.width {
                    out.push('\n');
                    pos = 0;
                } else if pos > 0 {
                    out.push(' ');
                    pos += 1;
                }
                out.push_str(s);
                pos += w;
                if !last {
                    out.push(',');
                    pos += 1;
                }
            }
            out.push('\n');
        }
        Layout::Columns | Layout::Across => {
            let widths: Vec<usize> = cells.iter().map(|c| c.1).collect();
            let across = style.layout == Layout::Across;
            let (cols, col_w) = plan_columns(&widths, style.width, across);
            let n = cells.len();
            let rows = n.div_ceil(cols);
            for r in 0..rows {
                let mut pos = 0;
                for (c, cw) in col_w.iter().enumerate() {
                    let idx = if across { r * cols + c } else { c * rows + r };
                    if idx >= n {
                        break;
                    }
                    let (s, w) = &cells[idx];
                    out.push_str(s);
                    let next = if across {
                        idx + 1 < n && c + 1 < cols
                    } else {
                        idx + rows < n
                    };
                    if !next {
                        break;
                    }
                    let target = pos + cw;
                    out.push_str(&" ".repeat(target.saturating_sub(pos + w)));
                    pos = target;
                }
                out.push('\n');
            }
        }
        _ => {
            for (s, _) in cells {
                out.push_str(&s);
                out.push('\n');
            }
        }
    }
    out
}

/// GNU ls's column planner: the most columns whose total width stays under `line`;
/// every column but the last is its widest entry plus two spaces. Returns the column count
/// and the widths.
pub fn plan_columns(widths: &[usize], line: usize, across: bool) -> (usize, Vec<usize>) {
    let n = widths.len();
    if n == 0 {
        return (1, vec![0]);
    }
    let max_cols = if line == 0 {
        n
    } else {
        (line / 3).max(1).min(n)
    };
    let mut best = (1, vec![widths.iter().copied().max().unwrap_or(0)]);
    for cols in 1..=max_cols {
        let rows = n.div_ceil(cols);
        let mut col_w = vec![0usize; cols];
        for (i, &w) in widths.iter().enumerate() {
            let c = if across { i % cols } else { i / rows };
            let real = w + if c == cols - 1 { 0 } else { 2 };
            col_w[c] = col_w[c].max(real);
        }
        let total: usize = col_w.iter().sum();
        if line == 0 || total < line {
            best = (cols, col_w);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use wosix_abi::{Gid, Ino, Uid};

    fn st(mode: u32, size: u64, mtime: i64) -> Stat {
        Stat {
            dev: 1,
            ino: Ino(42),
            mode,
            nlink: if mode & 0o040000 != 0 { 2 } else { 1 },
            uid: Uid(1000),
            gid: Gid(1000),
            rdev: 0,
            size,
            blksize: 4096,
            blocks: size.div_ceil(4096) * 8,
            atime: Timespec {
                sec: mtime,
                nsec: 0,
            },
            mtime: Timespec {
                sec: mtime,
                nsec: 0,
            },
            ctime: Timespec {
                sec: mtime,
                nsec: 0,
            },
        }
    }

    fn item(name: &str, st: Stat) -> Item {
        Item {
            name: name.into(),
            st: Some(st),
            target: None,
            target_st: None,
        }
    }

    fn style(layout: Layout) -> Style {
        Style {
            layout,
            inode: false,
            blocks: false,
            human: false,
            numeric: false,
            owner: true,
            group: true,
            indicator: Indicator::None,
            colors: None,
            quote: false,
            time: TimeField::Mtime,
            time_style: TimeStyle::Locale,
            now: 1_700_622_429,
            width: 80,
        }
    }

    fn db() -> UserDb {
        UserDb::parse(
            "root:x:0:0::/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n",
            "root:x:0:\nuser:x:1000:\n",
        )
    }

    #[test]
    fn long_format_like_gnu() {
        let now = 1_700_622_429;
        let mut big = st(0o100644, 12345, 1_600_000_000);
        big.uid = Uid(0);
        big.gid = Gid(0);
        let mut link = st(0o120777, 3, now - 60);
        link.nlink = 1;
        let items = vec![
            item("dir", st(0o040755, 4096, now)),
            item("big", big),
            Item {
                name: "ln".into(),
                st: Some(link),
                target: Some("dir".into()),
                target_st: None,
            },
        ];
        let out = render(
            &items,
            &style(Layout::Long),
            &db(),
            &mut ColorState::default(),
        );
        assert_eq!(
            out,
            "drwxr-xr-x 2 user user  4096 Nov 22 03:07 dir\n\
             -rw-r--r-- 1 root root 12345 Sep 13  2020 big\n\
             lrwxrwxrwx 1 user user     3 Nov 22 03:06 ln -> dir\n"
        );
    }

    #[test]
    fn devices_and_human() {
        let mut tty = st(0o020620, 0, 1_700_000_000);
        tty.rdev = (136 << 8) | 3;
        let mut s = style(Layout::Long);
        s.human = true;
        s.numeric = true;
        let items = vec![
            item("pts3", tty),
            item("f", st(0o100644, 2048, 1_700_000_000)),
        ];
        let out = render(&items, &s, &db(), &mut ColorState::default());
        assert_eq!(
            out,
            "crw--w---- 1 1000 1000 136, 3 Nov 14 22:13 pts3\n\
             -rw-r--r-- 1 1000 1000   2.0K Nov 14 22:13 f\n"
        );
    }

    #[test]
    fn columns_fit_width() {
        let names = [
            "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
        ];
        let items: Vec<Item> = names.iter().map(|n| item(n, st(0o100644, 1, 0))).collect();
        let mut s = style(Layout::Columns);
        s.width = 30;
        let out = render(&items, &s, &db(), &mut ColorState::default());
        assert_eq!(
            out,
            "alpha  gamma  epsilon  eta\nbeta   delta  zeta     theta\n"
        );
        s.layout = Layout::Across;
        let out = render(&items, &s, &db(), &mut ColorState::default());
        assert_eq!(
            out,
            "alpha    beta  gamma  delta\nepsilon  zeta  eta    theta\n"
        );
        s.width = 20;
        let out = render(&items, &s, &db(), &mut ColorState::default());
        assert_eq!(
            out,
            "alpha    beta\ngamma    delta\nepsilon  zeta\neta      theta\n"
        );
        s.width = 80;
        s.layout = Layout::Columns;
        let out = render(&items, &s, &db(), &mut ColorState::default());
        assert_eq!(
            out,
            "alpha  beta  gamma  delta  epsilon  zeta  eta  theta\n"
        );
        s.layout = Layout::Commas;
        let out = render(&items[..3], &s, &db(), &mut ColorState::default());
        assert_eq!(out, "alpha, beta, gamma\n");
    }

    #[test]
    fn colors_and_indicators() {
        let mut s = style(Layout::OnePerLine);
        s.colors = Some(Colors::defaults());
        s.indicator = Indicator::Classify;
        let items = vec![
            item("d", st(0o040755, 0, 0)),
            item("x", st(0o100755, 0, 0)),
            item("f", st(0o100644, 0, 0)),
            item("p", st(0o010644, 0, 0)),
        ];
        let out = render(&items, &s, &db(), &mut ColorState::default());
        assert_eq!(
            out,
            "\x1b[0m\x1b[01;34md\x1b[0m/\n\x1b[01;32mx\x1b[0m*\nf\n\x1b[33mp\x1b[0m|\n"
        );
        let c = Colors::parse("di=01;31:*.tar=01;31:ex=");
        assert_eq!(
            c.for_file("d", Some(&st(0o040755, 0, 0)), true),
            Some("01;31")
        );
        assert_eq!(
            c.for_file("a.tar", Some(&st(0o100644, 0, 0)), true),
            Some("01;31")
        );
        assert_eq!(c.for_file("x", Some(&st(0o100755, 0, 0)), true), None);
        assert_eq!(indicator_char(Indicator::Slash, 0o120777), None);
        assert_eq!(indicator_char(Indicator::FileType, 0o120777), Some('@'));
    }

    #[test]
    fn quoting_pads_unquoted_names() {
        let mut s = style(Layout::Columns);
        s.quote = true;
        let items = vec![
            item("a b", st(0o100644, 0, 0)),
            item("c", st(0o100644, 0, 0)),
        ];
        let out = render(&items, &s, &db(), &mut ColorState::default());
        assert_eq!(out, "'a b'   c\n");
    }
}
