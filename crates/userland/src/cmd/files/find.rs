//! find(1) as in GNU findutils: walk each starting point (pre-order, or post-order with
//! `-depth`), evaluate the expression of [`super::find_expr`] on every file, run actions
//! (`-print`, `-exec`, `-delete`…). Exit status 1 if any file could not be reached or any
//! `-exec … +` command failed.

use super::common::{self, quote};
use super::find_expr::{self, Exec, Expr, PermKind, Query};
use super::glob::fnmatch;
use crate::Ctx;
use crate::cmd::timefmt::strftime_ns;
use crate::cmd::users::UserDb;
use std::collections::BTreeMap;
use wosix_abi::fcntl::access;
use wosix_abi::{FileType, Mode, Stat, Timespec};

const HELP: &str = "\
Usage: {prog} [-H] [-L] [-P] [starting-point...] [expression]

Default path is the current directory; default expression is -print.
Expression may consist of: operators, options, tests, and actions.

Operators (decreasing precedence; -and is implicit where no others are given):
      ( EXPR )   ! EXPR   -not EXPR   EXPR1 -a EXPR2   EXPR1 -and EXPR2
      EXPR1 -o EXPR2   EXPR1 -or EXPR2   EXPR1 , EXPR2

Positional options (always true):
      -follow -regextype -noleaf

Normal options (always true, specified before other expressions):
      -depth -maxdepth LEVELS -mindepth LEVELS -mount -xdev

Tests (N can be +N or -N or N):
      -amin N -anewer FILE -atime N -cmin N -cnewer FILE -ctime N
      -empty -executable -false -gid N -group NAME -iname PATTERN
      -inum N -ipath PATTERN -iregex PATTERN -links N -lname PATTERN
      -mmin N -mtime N -name PATTERN -newer FILE -nouser -nogroup
      -path PATTERN -perm [-/]MODE -readable -regex PATTERN -size N[bcwkMG]
      -true -type [bcdpfls] -uid N -user NAME -wholename PATTERN
      -writable -xtype [bcdpfls]

Actions:
      -delete -print0 -printf FORMAT -prune -print -quit -ls
      -exec COMMAND ; -exec COMMAND {} + -ok COMMAND ;
      -execdir COMMAND ; -execdir COMMAND {} + -okdir COMMAND ;
";

/// Which links are followed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Follow {
    Never,
    CommandLine,
    Always,
}

/// The file being evaluated.
struct File<'a> {
    path: &'a str,
    depth: usize,
    st: &'a Stat,
    start: &'a str,
    prune: bool,
}

/// Most files one `-exec … +` command gets.
const BATCH_MAX: usize = 512;

struct Find<'a> {
    ctx: &'a mut Ctx,
    q: Query,
    follow: Follow,
    db: UserDb,
    now: i64,
    status: i32,
    quit: bool,
    path_env: String,
    batches: BTreeMap<usize, (Exec, Option<String>, Vec<String>)>,
    ls_w: [usize; 7],
}

/// find(1).
pub async fn find(ctx: &mut Ctx) -> i32 {
    let args: Vec<String> = ctx.argv.iter().skip(1).cloned().collect();
    if args.iter().any(|a| a == "--help")
        && args
            .iter()
            .take_while(|a| *a != "--help")
            .all(|a| !a.starts_with('-') || a == "--help")
    {
        return common::help(ctx, HELP);
    }
    let mut i = 0;
    let mut follow = Follow::Never;
    while i < args.len() {
        match args[i].as_str() {
            "-H" => follow = Follow::CommandLine,
            "-L" => follow = Follow::Always,
            "-P" => follow = Follow::Never,
            "--" => {
                i += 1;
                break;
            }
            "--help" => return common::help(ctx, HELP),
            _ => break,
        }
        i += 1;
    }
    let mut paths = Vec::new();
    while i < args.len() {
        let a = &args[i];
        if (a.starts_with('-') && a.len() > 1) || a == "(" || a == "!" || a == ")" || a == "," {
            break;
        }
        paths.push(a.clone());
        i += 1;
    }
    let db = UserDb::load(&ctx.sys).await;
    let mut q = match find_expr::parse(&args[i..], &db) {
        Ok(q) => q,
        Err(m) => {
            ctx.error(&m);
            return 1;
        }
    };
    for w in std::mem::take(&mut q.warnings) {
        ctx.error(&w);
    }
    if q.follow {
        follow = Follow::Always;
    }
    if let Err(m) = resolve(ctx, &mut q.expr, follow).await {
        ctx.error(&m);
        return 1;
    }
    if paths.is_empty() {
        paths.push(".".into());
    }
    let now = common::now(&ctx.sys).await;
    let path_env = ctx
        .getenv("PATH")
        .unwrap_or("/usr/local/bin:/usr/bin:/bin")
        .to_string();
    let mut f = Find {
        ctx,
        q,
        follow,
        db,
        now,
        status: 0,
        quit: false,
        path_env,
        batches: BTreeMap::new(),
        ls_w: [9, 6, 3, 8, 8, 8, 0],
    };
    let expr = std::mem::replace(&mut f.q.expr, Expr::True);
    for p in &paths {
        if f.quit {
            break;
        }
        f.visit(&expr, p, p, 0, None, &mut Vec::new()).await;
    }
    f.flush_batches().await;
    f.status
}

/// Replace `-newer FILE` by the reference time (needs the file system).
async fn resolve(ctx: &Ctx, e: &mut Expr, follow: Follow) -> Result<(), String> {
    match e {
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Comma(a, b) => {
            Box::pin(resolve(ctx, a, follow)).await?;
            Box::pin(resolve(ctx, b, follow)).await
        }
        Expr::Not(a) => Box::pin(resolve(ctx, a, follow)).await,
        Expr::Newer(which, file) => {
            let st = if follow == Follow::Never {
                ctx.sys.lstat(file).await
            } else {
                ctx.sys.stat(file).await
            };
            let st = st.map_err(|e| format!("{}: {}", quote(file), e.message()))?;
            let t = st.mtime;
            *e = Expr::NewerThan(*which, t.sec, t.nsec);
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The `-type` letter of a mode.
fn type_letter(mode: u32) -> char {
    match FileType::from_mode(mode) {
        Some(FileType::Directory) => 'd',
        Some(FileType::Symlink) => 'l',
        Some(FileType::Fifo) => 'p',
        Some(FileType::CharDevice) => 'c',
        Some(FileType::BlockDevice) => 'b',
        Some(FileType::Socket) => 's',
        _ => 'f',
    }
}

/// The time of `st` selected by `a`, `c` or `m`.
fn time_of(st: &Stat, which: char) -> Timespec {
    match which {
        'a' => st.atime,
        'c' => st.ctime,
        _ => st.mtime,
    }
}

/// The base name find uses for `-name` (trailing slashes ignored; `/` for `/`).
fn find_name(path: &str) -> String {
    common::base_name(path)
}

impl Find<'_> {
    async fn stat_for(&self, path: &str, depth: usize) -> Result<Stat, wosix_abi::Errno> {
        let follow = match self.follow {
            Follow::Always => true,
            Follow::CommandLine => depth == 0,
            Follow::Never => false,
        };
        if follow {
            match self.ctx.sys.stat(path).await {
                Ok(s) => Ok(s),
                Err(_) => self.ctx.sys.lstat(path).await,
            }
        } else {
            self.ctx.sys.lstat(path).await
        }
    }

    /// Visit one file and, for directories, what is below.
    async fn visit(
        &mut self,
        expr: &Expr,
        path: &str,
        start: &str,
        depth: usize,
        root_dev: Option<u64>,
        ancestors: &mut Vec<(u64, u64, String)>,
    ) {
        let st = match self.stat_for(path, depth).await {
            Ok(s) => s,
            Err(e) => {
                self.ctx.error(&format!("{}: {}", quote(path), e.message()));
                self.status = 1;
                return;
            }
        };
        let min_ok = depth >= self.q.mindepth;
        let mut file = File {
            path,
            depth,
            st: &st,
            start,
            prune: false,
        };
        if min_ok && !self.q.depth_first {
            Box::pin(self.eval(expr, &mut file)).await;
        }
        let prune = file.prune && !self.q.depth_first;
        let descend = st.is_dir()
            && !prune
            && !self.quit
            && self.q.maxdepth.is_none_or(|m| depth < m)
            && !(self.q.xdev && root_dev.is_some_and(|d| d != st.dev));
        if descend {
            if let Some((_, _, first)) = ancestors
                .iter()
                .find(|(d, i, _)| *d == st.dev && *i == st.ino.0)
            {
                let first = first.clone();
                self.ctx.error(&format!(
                    "File system loop detected; {} is part of the same file system loop as {}.",
                    quote(path),
                    quote(&first)
                ));
                self.status = 1;
            } else {
                match self.ctx.sys.read_dir(path).await {
                    Ok(entries) => {
                        ancestors.push((st.dev, st.ino.0, path.to_string()));
                        for e in entries {
                            if self.quit {
                                break;
                            }
                            let child = common::join(path, &e.name);
                            Box::pin(self.visit(
                                expr,
                                &child,
                                start,
                                depth + 1,
                                Some(root_dev.unwrap_or(st.dev)),
                                ancestors,
                            ))
                            .await;
                            let _ = self.ctx.out.maybe_flush(&self.ctx.sys).await;
                        }
                        ancestors.pop();
                    }
                    Err(e) => {
                        self.ctx.error(&format!("{}: {}", quote(path), e.message()));
                        self.status = 1;
                    }
                }
            }
        }
        if min_ok && self.q.depth_first && !self.quit {
            let mut file = File {
                path,
                depth,
                st: &st,
                start,
                prune: false,
            };
            Box::pin(self.eval(expr, &mut file)).await;
        }
    }

    /// Evaluate the expression for one file.
    async fn eval(&mut self, e: &Expr, f: &mut File<'_>) -> bool {
        if self.quit {
            return false;
        }
        let st = f.st;
        match e {
            Expr::And(a, b) => Box::pin(self.eval(a, f)).await && Box::pin(self.eval(b, f)).await,
            Expr::Or(a, b) => Box::pin(self.eval(a, f)).await || Box::pin(self.eval(b, f)).await,
            Expr::Comma(a, b) => {
                Box::pin(self.eval(a, f)).await;
                Box::pin(self.eval(b, f)).await
            }
            Expr::Not(a) => !Box::pin(self.eval(a, f)).await,
            Expr::True => true,
            Expr::False => false,
            Expr::Name(p, fold) => fnmatch(p, &find_name(f.path), *fold),
            Expr::Path(p, fold) => fnmatch(p, f.path, *fold),
            Expr::Regex(re) => re.0.is_match(f.path),
            Expr::LName(p, fold) => {
                if st.file_type() != FileType::Symlink {
                    return false;
                }
                match self.ctx.sys.readlink(f.path).await {
                    Ok(t) => fnmatch(p, &t, *fold),
                    Err(_) => false,
                }
            }
            Expr::Type(ts) => ts.contains(&type_letter(st.mode)),
            Expr::XType(ts) => {
                let other = if self.follow == Follow::Always {
                    self.ctx.sys.lstat(f.path).await
                } else {
                    self.ctx.sys.stat(f.path).await
                };
                let m = other.map(|s| s.mode).unwrap_or(st.mode);
                ts.contains(&type_letter(m))
            }
            Expr::Size(cmp, unit) => cmp.test(st.size.div_ceil(*unit) as i64),
            Expr::Age(which, cmp, unit) => {
                let t = time_of(st, *which).sec;
                cmp.test((self.now - t).div_euclid(*unit))
            }
            Expr::NewerThan(which, sec, nsec) => {
                time_of(st, *which)
                    > Timespec {
                        sec: *sec,
                        nsec: *nsec,
                    }
            }
            Expr::Newer(..) => false,
            Expr::Perm(kind, m) => {
                let p = st.mode & 0o7777;
                match kind {
                    PermKind::Exact => p == *m,
                    PermKind::All => p & m == *m,
                    PermKind::Any => *m == 0 || p & m != 0,
                }
            }
            Expr::Uid(c) => c.test(st.uid.0 as i64),
            Expr::Gid(c) => c.test(st.gid.0 as i64),
            Expr::NoUser => self.db.user_by_uid(st.uid.0).is_none(),
            Expr::NoGroup => self.db.group_by_gid(st.gid.0).is_none(),
            Expr::Links(c) => c.test(st.nlink as i64),
            Expr::Inum(c) => c.test(st.ino.0 as i64),
            Expr::Empty => match st.file_type() {
                FileType::Regular => st.size == 0,
                FileType::Directory => self
                    .ctx
                    .sys
                    .read_dir(f.path)
                    .await
                    .is_ok_and(|e| e.is_empty()),
                _ => false,
            },
            Expr::Readable => self.ctx.sys.access(f.path, access::R_OK).await.is_ok(),
            Expr::Writable => self.ctx.sys.access(f.path, access::W_OK).await.is_ok(),
            Expr::Executable => self.ctx.sys.access(f.path, access::X_OK).await.is_ok(),
            Expr::Print => {
                self.ctx.out.line(f.path);
                true
            }
            Expr::Print0 => {
                self.ctx.out.str(f.path);
                self.ctx.out.bytes(b"\0");
                true
            }
            Expr::Printf(fmt) => {
                let s = self.printf(fmt, f).await;
                self.ctx.out.str(&s);
                true
            }
            Expr::Ls => {
                let s = self.ls_line(f).await;
                self.ctx.out.line(&s);
                true
            }
            Expr::Prune => {
                f.prune = true;
                true
            }
            Expr::Quit => {
                self.quit = true;
                true
            }
            Expr::Delete => {
                if f.path == "." {
                    return true;
                }
                let r = if st.is_dir() {
                    self.ctx.sys.rmdir(f.path).await
                } else {
                    self.ctx.sys.unlink(f.path).await
                };
                match r {
                    Ok(()) => true,
                    Err(e) => {
                        self.ctx.error(&format!(
                            "cannot delete {}: {}",
                            quote(f.path),
                            e.message()
                        ));
                        self.status = 1;
                        false
                    }
                }
            }
            Expr::Exec(x) => self.exec(x, f).await,
        }
    }

    /// The directory `-execdir` runs in and the name it passes.
    fn dir_and_name(path: &str) -> (String, String) {
        let name = find_name(path);
        let dir = common::dir_name(path);
        (
            dir,
            if name == "/" {
                name
            } else {
                format!("./{name}")
            },
        )
    }

    async fn exec(&mut self, x: &Exec, f: &File<'_>) -> bool {
        let (dir, arg) = if x.in_dir {
            let (d, n) = Self::dir_and_name(f.path);
            (Some(d), n)
        } else {
            (None, f.path.to_string())
        };
        if x.batch {
            let stale = match self.batches.get(&x.id) {
                Some((_, d, files)) => *d != dir || files.len() >= BATCH_MAX,
                None => false,
            };
            if stale && let Some((xx, d, files)) = self.batches.remove(&x.id) {
                self.run_batch(&xx, d.as_deref(), files).await;
            }
            self.batches
                .entry(x.id)
                .or_insert_with(|| (x.clone(), dir.clone(), Vec::new()))
                .2
                .push(arg);
            return true;
        }
        let argv: Vec<String> = x.argv.iter().map(|a| a.replace("{}", &arg)).collect();
        if x.ask {
            let q = format!("< {} > ? ", argv.join(" "));
            if !common::ask(self.ctx, &q).await {
                return false;
            }
        }
        matches!(self.spawn(argv, dir.as_deref()).await, Some(0))
    }

    /// Run a command and return its exit status (`None` if it could not start).
    async fn spawn(&mut self, argv: Vec<String>, dir: Option<&str>) -> Option<i32> {
        let cmd = argv.first()?.clone();
        let path = match common::find_in_path(&self.ctx.sys, &cmd, &self.path_env).await {
            Ok(p) => p,
            Err(e) => {
                self.ctx.error(&format!("{}: {}", quote(&cmd), e.message()));
                self.status = 1;
                return None;
            }
        };
        let envp = self.ctx.envp();
        match common::run(self.ctx, &path, argv, envp, dir).await {
            Ok(st) => Some(st.shell_status()),
            Err(e) => {
                self.ctx.error(&format!("{}: {}", quote(&cmd), e.message()));
                self.status = 1;
                None
            }
        }
    }

    async fn run_batch(&mut self, x: &Exec, dir: Option<&str>, files: Vec<String>) {
        if files.is_empty() {
            return;
        }
        let mut argv: Vec<String> = x.argv[..x.argv.len() - 1].to_vec();
        argv.extend(files);
        if self.spawn(argv, dir).await != Some(0) {
            self.status = 1;
        }
    }

    async fn flush_batches(&mut self) {
        let batches = std::mem::take(&mut self.batches);
        for (_, (x, dir, files)) in batches {
            self.run_batch(&x, dir.as_deref(), files).await;
        }
    }

    /// One `-ls` line (GNU's listfile format).
    async fn ls_line(&mut self, f: &File<'_>) -> String {
        let st = f.st;
        let fields = [
            st.ino.0.to_string(),
            st.blocks.div_ceil(2).to_string(),
            st.nlink.to_string(),
            self.db.user_label(st.uid.0),
            self.db.group_label(st.gid.0),
            if matches!(st.file_type(), FileType::CharDevice | FileType::BlockDevice) {
                format!("{}, {}", st.rdev >> 8, st.rdev & 0xff)
            } else {
                st.size.to_string()
            },
        ];
        for (w, v) in self.ls_w.iter_mut().zip(&fields) {
            *w = (*w).max(v.len());
        }
        let w = self.ls_w;
        let style = super::ls_fmt::Style {
            layout: super::ls_fmt::Layout::Long,
            inode: false,
            blocks: false,
            human: false,
            numeric: false,
            owner: true,
            group: true,
            indicator: super::ls_fmt::Indicator::None,
            colors: None,
            quote: false,
            time: super::ls_fmt::TimeField::Mtime,
            time_style: super::ls_fmt::TimeStyle::Locale,
            now: self.now,
            width: 0,
        };
        let date = super::ls_fmt::format_time(&style, st.mtime);
        let mut line = format!(
            "{:>w0$} {:>w1$} {} {:>w2$} {:<w3$} {:<w4$} {:>w5$} {date} {}",
            fields[0],
            fields[1],
            Mode::render(st.mode),
            fields[2],
            fields[3],
            fields[4],
            fields[5],
            f.path,
            w0 = w[0],
            w1 = w[1],
            w2 = w[2],
            w3 = w[3],
            w4 = w[4],
            w5 = w[5],
        );
        if st.file_type() == FileType::Symlink
            && let Ok(t) = self.ctx.sys.readlink(f.path).await
        {
            line.push_str(" -> ");
            line.push_str(&t);
        }
        line
    }

    /// Expand a `-printf` format.
    async fn printf(&mut self, fmt: &str, f: &File<'_>) -> String {
        let st = f.st;
        let c: Vec<char> = fmt.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < c.len() {
            match c[i] {
                '\\' if i + 1 < c.len() => {
                    i += 1;
                    match c[i] {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'a' => out.push('\x07'),
                        'b' => out.push('\x08'),
                        'f' => out.push('\x0c'),
                        'v' => out.push('\x0b'),
                        '0' => out.push('\0'),
                        '\\' => out.push('\\'),
                        'c' => return out,
                        d @ '1'..='7' => {
                            let mut v = d.to_digit(8).unwrap_or(0);
                            let mut n = 1;
                            while n < 3 && i + 1 < c.len() && c[i + 1].is_digit(8) {
                                i += 1;
                                v = v * 8 + c[i].to_digit(8).unwrap_or(0);
                                n += 1;
                            }
                            out.push(char::from_u32(v & 0xff).unwrap_or('?'));
                        }
                        other => {
                            out.push('\\');
                            out.push(other);
                        }
                    }
                    i += 1;
                }
                '%' if i + 1 < c.len() => {
                    i += 1;
                    let mut flags = String::new();
                    while i < c.len() && "-+ #0".contains(c[i]) {
                        flags.push(c[i]);
                        i += 1;
                    }
                    let mut width = 0usize;
                    while i < c.len() && c[i].is_ascii_digit() {
                        width = (width * 10 + c[i].to_digit(10).unwrap_or(0) as usize).min(4096);
                        i += 1;
                    }
                    let Some(&d) = c.get(i) else { break };
                    i += 1;
                    let v = match d {
                        '%' => "%".to_string(),
                        'p' => f.path.to_string(),
                        'f' => find_name(f.path),
                        'h' => {
                            let t = f.path.trim_end_matches('/');
                            match t.rfind('/') {
                                Some(0) => "/".to_string(),
                                Some(k) => t[..k].to_string(),
                                None => ".".to_string(),
                            }
                        }
                        'H' => f.start.to_string(),
                        'P' => f
                            .path
                            .strip_prefix(f.start)
                            .map(|r| r.trim_start_matches('/'))
                            .unwrap_or(f.path)
                            .to_string(),
                        'd' => f.depth.to_string(),
                        's' => st.size.to_string(),
                        'k' => st.blocks.div_ceil(2).to_string(),
                        'b' => st.blocks.to_string(),
                        'm' => format!("{:o}", st.mode & 0o7777),
                        'M' => Mode::render(st.mode),
                        'u' => self.db.user_label(st.uid.0),
                        'g' => self.db.group_label(st.gid.0),
                        'U' => st.uid.0.to_string(),
                        'G' => st.gid.0.to_string(),
                        'i' => st.ino.0.to_string(),
                        'n' => st.nlink.to_string(),
                        'D' => st.dev.to_string(),
                        'y' => type_letter(st.mode).to_string(),
                        'Y' => {
                            let m = self
                                .ctx
                                .sys
                                .stat(f.path)
                                .await
                                .map(|s| s.mode)
                                .unwrap_or(st.mode);
                            type_letter(m).to_string()
                        }
                        'l' => {
                            if st.file_type() == FileType::Symlink {
                                self.ctx.sys.readlink(f.path).await.unwrap_or_default()
                            } else {
                                String::new()
                            }
                        }
                        'a' | 'c' | 't' => {
                            let t = time_of(st, if d == 't' { 'm' } else { d });
                            strftime_ns("%a %b %e %H:%M:%S.%N0 %Y", t.sec, t.nsec)
                        }
                        'A' | 'C' | 'T' => {
                            let t = time_of(
                                st,
                                match d {
                                    'A' => 'a',
                                    'C' => 'c',
                                    _ => 'm',
                                },
                            );
                            let Some(&k) = c.get(i) else { break };
                            i += 1;
                            match k {
                                '@' => format!("{}.{:09}0", t.sec, t.nsec),
                                '+' => strftime_ns("%Y-%m-%d+%H:%M:%S.%N0", t.sec, t.nsec),
                                k => strftime_ns(&format!("%{k}"), t.sec, t.nsec),
                            }
                        }
                        other => format!("%{other}"),
                    };
                    if width > v.chars().count() {
                        let fill = " ".repeat(width - v.chars().count());
                        if flags.contains('-') {
                            out.push_str(&v);
                            out.push_str(&fill);
                        } else {
                            out.push_str(&fill);
                            out.push_str(&v);
                        }
                    } else {
                        out.push_str(&v);
                    }
                }
                ch => {
                    out.push(ch);
                    i += 1;
                }
            }
        }
        out
    }
}
