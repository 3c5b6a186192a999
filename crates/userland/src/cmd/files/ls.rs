//! ls(1) as GNU coreutils behaves: operands sorted with files before directories, `dir:`
//! headers, `-R` depth-first, `total` lines, terminal-aware defaults (columns, colour and
//! quoting only on a tty). Layout is in [`super::ls_fmt`]. Exit status: 0, 1 for minor
//! trouble (an unreadable subdirectory), 2 for serious trouble (a missing operand).

use super::common::{self, join, quote};
use super::ls_fmt::{
    self, ColorState, Colors, Indicator, Item, Layout, Style, TimeField, TimeStyle,
};
use crate::Ctx;
use crate::cmd::users::UserDb;
use wosix_abi::{Errno, Fd, FileType, Stat};

const HELP: &str = "\
Usage: {prog} [OPTION]... [FILE]...
List information about the FILEs (the current directory by default).
Sort entries alphabetically if none of -cftuvSUX nor --sort is specified.

  -a, --all                  do not ignore entries starting with .
  -A, --almost-all           do not list implied . and ..
  -c                         with -lt: sort by, and show, ctime
  -C                         list entries by columns
      --color[=WHEN]         color the output; WHEN is 'always', 'auto' or 'never'
  -d, --directory            list directories themselves, not their contents
  -f                         do not sort, enable -aU
  -F, --classify             append indicator (one of */=@|) to entries
      --file-type            likewise, except do not append '*'
      --full-time            like -l --time-style=full-iso
  -g                         like -l, but do not list owner
      --group-directories-first  group directories before files
  -G, --no-group             in a long listing, don't print group names
  -h, --human-readable       with -l and -s, print sizes like 1K 234M 2G etc.
  -H, --dereference-command-line  follow symbolic links listed on the command line
  -i, --inode                print the index number of each file
  -l                         use a long listing format
  -L, --dereference          show information for the file a symbolic link references
  -m                         fill width with a comma separated list of entries
  -n, --numeric-uid-gid      like -l, but list numeric user and group IDs
  -N, --literal              print entry names without quoting
  -o                         like -l, but do not list group information
  -p                         append / indicator to directories
  -r, --reverse              reverse order while sorting
  -R, --recursive            list subdirectories recursively
  -s, --size                 print the allocated size of each file, in blocks
  -S                         sort by file size, largest first
      --time-style=STYLE     full-iso, long-iso, iso or locale
  -t                         sort by time, newest first
  -u                         with -lt: sort by, and show, access time
  -U                         do not sort; list entries in directory order
  -w, --width=COLS           set output width to COLS; 0 means no limit
  -x                         list entries by lines instead of by columns
  -X                         sort alphabetically by entry extension
  -1                         list one file per line
      --help                 display this help and exit

Exit status:
 0  if OK,
 1  if minor problems (e.g., cannot access subdirectory),
 2  if serious trouble (e.g., cannot access command-line argument).
";

/// Sort order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sort {
    Name,
    Time,
    Size,
    Extension,
    None,
}

/// Options beyond the display style.
struct Opts {
    all: bool,
    almost_all: bool,
    dirs_only: bool,
    recursive: bool,
    sort: Sort,
    reverse: bool,
    dirs_first: bool,
    deref_all: bool,
    deref_args: bool,
}

struct Ls<'a> {
    ctx: &'a mut Ctx,
    o: Opts,
    style: Style,
    db: UserDb,
    cs: ColorState,
    status: i32,
    /// Something has been printed (a blank line precedes later directory headers).
    printed: bool,
    /// Print `dir:` headers.
    headers: bool,
}

/// ls(1).
pub async fn ls(ctx: &mut Ctx) -> i32 {
    let long = [
        "all",
        "almost-all",
        "color=",
        "directory",
        "classify",
        "file-type",
        "full-time",
        "group-directories-first",
        "no-group",
        "human-readable",
        "dereference-command-line",
        "inode",
        "dereference",
        "numeric-uid-gid",
        "literal",
        "reverse",
        "recursive",
        "size",
        "time-style=",
        "width=",
        "help",
    ];
    let argv: Vec<String> = ctx.argv.iter().skip(1).cloned().collect();
    // `--color` alone means `always`; the parser needs it as a separate flag.
    let argv: Vec<String> = argv
        .into_iter()
        .map(|a| {
            if a == "--color" {
                "--color=always".into()
            } else {
                a
            }
        })
        .collect();
    let p = match crate::args::parse(&argv, "aAcCdfFgGhHilLmnNoprRsStuUw:xX1", &long, true) {
        Ok(p) => p,
        Err(m) => return common::usage_error(ctx, &m, 2),
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    let tty = ctx.sys.isatty(Fd::STDOUT).await;
    let mut layout = if tty {
        Layout::Columns
    } else {
        Layout::OnePerLine
    };
    let mut o = Opts {
        all: false,
        almost_all: false,
        dirs_only: false,
        recursive: false,
        sort: Sort::Name,
        reverse: false,
        dirs_first: false,
        deref_all: false,
        deref_args: false,
    };
    let mut indicator = Indicator::None;
    let (mut inode, mut blocks, mut human, mut numeric, mut owner, mut group) =
        (false, false, false, false, true, true);
    let mut time = TimeField::Mtime;
    let mut time_style = TimeStyle::Locale;
    let mut color_when = "never".to_string();
    let mut quoting = tty;
    let mut width: Option<usize> = None;
    let mut sort_time = false;
    use crate::args::Opt;
    for opt in &p.opts {
        match opt {
            Opt::Short(c, v) => match c {
                'a' => o.all = true,
                'A' => o.almost_all = true,
                'c' => time = TimeField::Ctime,
                'u' => time = TimeField::Atime,
                'C' => layout = Layout::Columns,
                'd' => o.dirs_only = true,
                'f' => {
                    o.all = true;
                    o.sort = Sort::None;
                }
                'F' => indicator = Indicator::Classify,
                'p' => indicator = Indicator::Slash,
                'g' => {
                    layout = Layout::Long;
                    owner = false;
                }
                'o' => {
                    layout = Layout::Long;
                    group = false;
                }
                'G' => group = false,
                'h' => human = true,
                'H' => o.deref_args = true,
                'i' => inode = true,
                'l' => layout = Layout::Long,
                'L' => o.deref_all = true,
                'm' => layout = Layout::Commas,
                'n' => {
                    layout = Layout::Long;
                    numeric = true;
                }
                'N' => quoting = false,
                'r' => o.reverse = true,
                'R' => o.recursive = true,
                's' => blocks = true,
                'S' => o.sort = Sort::Size,
                't' => sort_time = true,
                'U' => o.sort = Sort::None,
                'w' => {
                    width = v
                        .as_deref()
                        .and_then(|v| v.parse().ok())
                        .or(Some(usize::MAX))
                }
                'x' => layout = Layout::Across,
                'X' => o.sort = Sort::Extension,
                '1' => layout = Layout::OnePerLine,
                _ => {}
            },
            Opt::Long(name, v) => match name.as_str() {
                "all" => o.all = true,
                "almost-all" => o.almost_all = true,
                "color" => color_when = v.clone().unwrap_or_else(|| "always".into()),
                "directory" => o.dirs_only = true,
                "classify" => indicator = Indicator::Classify,
                "file-type" => indicator = Indicator::FileType,
                "full-time" => {
                    layout = Layout::Long;
                    time_style = TimeStyle::FullIso;
                }
                "group-directories-first" => o.dirs_first = true,
                "no-group" => group = false,
                "human-readable" => human = true,
                "dereference-command-line" => o.deref_args = true,
                "inode" => inode = true,
                "dereference" => o.deref_all = true,
                "numeric-uid-gid" => {
                    layout = Layout::Long;
                    numeric = true;
                }
                "literal" => quoting = false,
                "reverse" => o.reverse = true,
                "recursive" => o.recursive = true,
                "size" => blocks = true,
                "time-style" => {
                    let s = v.as_deref().unwrap_or("");
                    time_style = match s.trim_start_matches("posix-") {
                        "full-iso" => TimeStyle::FullIso,
                        "long-iso" => TimeStyle::LongIso,
                        "iso" => TimeStyle::Iso,
                        "locale" => TimeStyle::Locale,
                        _ => {
                            let m = format!("invalid argument {} for '--time-style'", quote(s));
                            return common::usage_error(ctx, &m, 2);
                        }
                    }
                }
                "width" => {
                    width = v
                        .as_deref()
                        .and_then(|v| v.parse().ok())
                        .or(Some(usize::MAX))
                }
                _ => {}
            },
        }
    }
    if width == Some(usize::MAX) {
        let bad = p.value('w').or(p.long_value("width")).unwrap_or("");
        return common::usage_error(ctx, &format!("invalid line width: {}", quote(bad)), 2);
    }
    if sort_time && o.sort != Sort::None {
        o.sort = Sort::Time;
    }
    let color = match color_when.as_str() {
        "always" | "yes" | "force" => true,
        "never" | "no" | "none" => false,
        "auto" | "tty" | "if-tty" => tty,
        other => {
            let m = format!("invalid argument {} for '--color'", quote(other));
            return common::usage_error(ctx, &m, 2);
        }
    };
    let width = match width {
        Some(w) => w,
        None => match ctx
            .getenv("COLUMNS")
            .and_then(|c| c.parse::<usize>().ok())
            .filter(|c| *c > 0)
        {
            Some(c) => c,
            None if tty => ctx
                .sys
                .get_winsize(Fd::STDOUT)
                .await
                .map(|w| w.cols as usize)
                .unwrap_or(80)
                .max(1),
            None => 80,
        },
    };
    let colors = color.then(|| match ctx.getenv("LS_COLORS") {
        Some(spec) if !spec.is_empty() => Colors::parse(spec),
        _ => Colors::defaults(),
    });
    let now = common::now(&ctx.sys).await;
    let style = Style {
        layout,
        inode,
        blocks,
        human,
        numeric,
        owner,
        group,
        indicator,
        colors,
        quote: quoting,
        time,
        time_style,
        now,
        width,
    };
    let db = if layout == Layout::Long && !numeric {
        UserDb::load(&ctx.sys).await
    } else {
        UserDb::default()
    };
    let mut operands = p.operands.clone();
    if operands.is_empty() {
        operands.push(".".into());
    }
    let mut ls = Ls {
        ctx,
        o,
        style,
        db,
        cs: ColorState::default(),
        status: 0,
        printed: false,
        headers: false,
    };
    ls.run(operands).await;
    ls.status
}

impl Ls<'_> {
    fn fail(&mut self, msg: &str, serious: bool) {
        self.ctx.error(msg);
        self.status = self.status.max(if serious { 2 } else { 1 });
    }

    /// Build the item for `path` shown as `name`.
    async fn item(&mut self, path: &str, name: &str, follow: bool) -> Result<Item, Errno> {
        let sys = &self.ctx.sys;
        let st = if follow {
            sys.stat(path).await.or(sys.lstat(path).await)?
        } else {
            sys.lstat(path).await?
        };
        let mut it = Item {
            name: name.to_string(),
            st: Some(st),
            target: None,
            target_st: None,
        };
        if it.st.as_ref().map(Stat::file_type) == Some(FileType::Symlink) {
            it.target = sys.readlink(path).await.ok();
            it.target_st = sys.stat(path).await.ok();
        }
        Ok(it)
    }

    async fn run(&mut self, operands: Vec<String>) {
        let n_operands = operands.len();
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        let follow_args = self.o.deref_all || self.o.deref_args;
        // GNU: without -d, -F or -l, a command-line symlink to a directory is followed.
        let follow_dir_links = !(self.o.dirs_only
            || self.style.indicator == Indicator::Classify
            || self.style.layout == Layout::Long);
        for op in &operands {
            match self.item(op, op, follow_args).await {
                Ok(mut it) => {
                    let is_link = it.st.as_ref().map(Stat::file_type) == Some(FileType::Symlink);
                    if is_link
                        && follow_dir_links
                        && it.target_st.as_ref().is_some_and(Stat::is_dir)
                    {
                        it.st = it.target_st.clone();
                    }
                    let is_dir = it.st.as_ref().is_some_and(Stat::is_dir);
                    if is_dir && !self.o.dirs_only {
                        dirs.push(it);
                    } else {
                        files.push(it);
                    }
                }
                Err(e) => self.fail(
                    &format!("cannot access {}: {}", quote(op), e.message()),
                    true,
                ),
            }
        }
        self.sort(&mut files);
        self.sort(&mut dirs);
        self.headers = self.o.recursive || n_operands > 1 || !files.is_empty();
        if !files.is_empty() {
            let out = ls_fmt::render(&files, &self.style, &self.db, &mut self.cs);
            self.ctx.out.str(&out);
            self.printed = true;
        }
        for d in dirs {
            let path = d.name.clone();
            self.list_dir(&path, true).await;
        }
    }

    /// List one directory and, with -R, its subdirectories.
    async fn list_dir(&mut self, path: &str, command_line: bool) {
        let entries = match self.ctx.sys.read_dir(path).await {
            Ok(e) => e,
            Err(e) => {
                self.fail(
                    &format!("cannot open directory {}: {}", quote(path), e.message()),
                    command_line,
                );
                return;
            }
        };
        if self.headers {
            if self.printed {
                self.ctx.out.str("\n");
            }
            let shown = if self.style.quote {
                common::shell_quote(path)
            } else {
                path.to_string()
            };
            self.ctx.out.str(&format!("{shown}:\n"));
        }
        self.printed = true;
        let mut items = Vec::new();
        let mut names: Vec<String> = Vec::new();
        if self.o.all {
            names.push(".".into());
            names.push("..".into());
        }
        for e in entries {
            if e.name.starts_with('.') && !(self.o.all || self.o.almost_all) {
                continue;
            }
            names.push(e.name);
        }
        for name in names {
            let p = join(path, &name);
            match self.item(&p, &name, self.o.deref_all).await {
                Ok(it) => items.push(it),
                Err(e) => {
                    self.fail(
                        &format!("cannot access {}: {}", quote(&p), e.message()),
                        false,
                    );
                    items.push(Item {
                        name,
                        st: None,
                        target: None,
                        target_st: None,
                    });
                }
            }
        }
        self.sort(&mut items);
        if matches!(self.style.layout, Layout::Long) || self.style.blocks {
            let total: u64 = items
                .iter()
                .filter_map(|i| i.st.as_ref())
                .map(|s| s.blocks)
                .sum();
            let t = if self.style.human {
                common::human(total * 512)
            } else {
                ls_fmt::kib(total).to_string()
            };
            self.ctx.out.str(&format!("total {t}\n"));
        }
        let out = ls_fmt::render(&items, &self.style, &self.db, &mut self.cs);
        self.ctx.out.str(&out);
        let _ = self.ctx.out.maybe_flush(&self.ctx.sys).await;
        if self.o.recursive {
            for it in items {
                let is_dir = it.st.as_ref().is_some_and(Stat::is_dir);
                if is_dir && it.name != "." && it.name != ".." {
                    let sub = join(path, &it.name);
                    Box::pin(self.list_dir(&sub, false)).await;
                }
            }
        }
    }

    fn sort(&self, items: &mut [Item]) {
        let key_dir = |i: &Item| !i.st.as_ref().is_some_and(Stat::is_dir);
        let sort = self.o.sort;
        let time = self.style.time;
        let rev = self.o.reverse;
        items.sort_by(|a, b| {
            let name = || a.name.as_bytes().cmp(b.name.as_bytes());
            let ord = match sort {
                Sort::None => std::cmp::Ordering::Equal,
                Sort::Name => name(),
                Sort::Time => {
                    let ta = a.st.as_ref().map(|s| time.of(s));
                    let tb = b.st.as_ref().map(|s| time.of(s));
                    tb.cmp(&ta).then_with(name)
                }
                Sort::Size => {
                    let sa = a.st.as_ref().map(|s| s.size);
                    let sb = b.st.as_ref().map(|s| s.size);
                    sb.cmp(&sa).then_with(name)
                }
                Sort::Extension => {
                    let ext = |n: &str| {
                        n.rfind('.')
                            .filter(|&i| i > 0)
                            .map(|i| n[i..].to_string())
                            .unwrap_or_default()
                    };
                    ext(&a.name).cmp(&ext(&b.name)).then_with(name)
                }
            };
            if rev && sort != Sort::None {
                ord.reverse()
            } else {
                ord
            }
        });
        if self.o.dirs_first {
            items.sort_by_key(key_dir);
        }
    }
}
