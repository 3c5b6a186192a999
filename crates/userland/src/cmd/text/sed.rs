//! sed(1), the stream editor: option handling, reading input one line ahead (so `$` is
//! known), `-s`/`-i` per-file processing with in-place replacement through a temporary file,
//! and carrying out the executor's events (`r`, `R`, `w` files). Parsing lives in
//! [`super::sedparse`], execution in [`super::sedexec`].

use super::common::{self, Input};
use super::sedexec::{Engine, Ev, Line, Step};
use super::sedparse::{self, Source, Text};
use crate::Ctx;
use crate::args;
use std::collections::HashMap;
use wosix_abi::{Errno, Fd, OFlags};

const HELP: &str = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the `l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.
";

/// Split `-i[SUFFIX]` out of short-option bundles and give `--in-place` an explicit value.
fn normalize(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut takes_next = false;
    for a in args {
        if takes_next {
            out.push(a.clone());
            takes_next = false;
            continue;
        }
        if a == "--" {
            out.push(a.clone());
            continue;
        }
        if a == "--in-place" {
            out.push("--in-place=".into());
            continue;
        }
        if a.len() > 1 && a.starts_with('-') && !a.starts_with("--") {
            let body = &a[1..];
            let mut kept = String::new();
            let mut rest: Option<String> = None;
            for (i, c) in body.char_indices() {
                if "efl".contains(c) {
                    kept.push_str(&body[i..]);
                    if i + 1 == body.len() {
                        takes_next = true;
                    }
                    break;
                }
                if c == 'i' {
                    rest = Some(body[i + 1..].to_string());
                    break;
                }
                kept.push(c);
            }
            if !kept.is_empty() {
                out.push(format!("-{kept}"));
            }
            if let Some(suffix) = rest {
                out.push(format!("--in-place={suffix}"));
            }
            continue;
        }
        out.push(a.clone());
    }
    out
}

/// Input lines, read one ahead.
struct Feed {
    files: Vec<String>,
    next_file: usize,
    cur: Option<(Input, String)>,
    ahead: Option<Line>,
    separate: bool,
    delim: u8,
    status: i32,
    started: bool,
}

impl Feed {
    fn new(files: Vec<String>, separate: bool, delim: u8) -> Feed {
        Feed {
            files,
            next_file: 0,
            cur: None,
            ahead: None,
            separate,
            delim,
            status: 0,
            started: false,
        }
    }

    async fn raw(&mut self, ctx: &mut Ctx) -> Option<Line> {
        let sys = ctx.sys.clone();
        let mut new_file = false;
        loop {
            if self.cur.is_none() {
                let f = self.files.get(self.next_file)?.clone();
                self.next_file += 1;
                match Input::open(&sys, &f).await {
                    Ok(i) => {
                        self.cur = Some((i, f));
                        new_file = true;
                    }
                    Err(e) => {
                        ctx.error(&format!("can't read {f}: {}", e.message()));
                        self.status = 2;
                        continue;
                    }
                }
            }
            let (inp, name) = self.cur.as_mut()?;
            match inp.next_record(&sys, self.delim).await {
                Ok(Some(mut rec)) => {
                    let chomped = rec.last() == Some(&self.delim);
                    if chomped {
                        rec.pop();
                    }
                    return Some(Line {
                        data: rec,
                        chomped,
                        last: false,
                        new_file,
                        file: name.clone(),
                    });
                }
                Ok(None) => {}
                Err(e) => {
                    ctx.error(&format!("read error on {name}: {}", e.message()));
                    self.status = 2;
                }
            }
            if let Some((inp, _)) = self.cur.take() {
                inp.close(&sys).await;
            }
        }
    }

    async fn next(&mut self, ctx: &mut Ctx) -> Option<Line> {
        let mut cur = match self.ahead.take() {
            Some(l) => l,
            None if !self.started => {
                self.started = true;
                self.raw(ctx).await?
            }
            None => return None,
        };
        self.started = true;
        let nxt = self.raw(ctx).await;
        cur.last = match &nxt {
            None => true,
            Some(n) => self.separate && n.new_file,
        };
        self.ahead = nxt;
        Some(cur)
    }
}

/// Where output goes and the files the script writes.
struct Sink {
    wfds: Vec<Option<Fd>>,
    rfiles: HashMap<String, Input>,
    buffer: Option<Vec<u8>>,
    flush_each: bool,
}

impl Sink {
    async fn handle(&mut self, ctx: &mut Ctx, evs: Vec<Ev>) -> Result<(), Errno> {
        let sys = ctx.sys.clone();
        for ev in evs {
            match ev {
                Ev::Out(b) => self.out(ctx, &b),
                Ev::ReadFile(f) => {
                    if let Ok(data) = common::read_path(&sys, &f).await {
                        self.out(ctx, &data);
                    }
                }
                Ev::ReadLine(f) => {
                    if !self.rfiles.contains_key(&f)
                        && let Ok(i) = Input::open(&sys, &f).await
                    {
                        self.rfiles.insert(f.clone(), i);
                    }
                    if let Some(inp) = self.rfiles.get_mut(&f)
                        && let Ok(Some(mut rec)) = inp.next_record(&sys, b'\n').await
                    {
                        if rec.last() != Some(&b'\n') {
                            rec.push(b'\n');
                        }
                        self.out(ctx, &rec);
                    }
                }
                Ev::Write(k, b) => match self.wfds.get(k).copied().flatten() {
                    Some(Fd::STDERR) => ctx.err.bytes(&b),
                    Some(fd) => {
                        let _ = sys.write_all(fd, &b).await;
                    }
                    None => self.out(ctx, &b),
                },
            }
        }
        if self.flush_each {
            ctx.out.flush(&sys).await?;
            let _ = ctx.err.flush(&sys).await;
        } else {
            ctx.out.maybe_flush(&sys).await?;
        }
        Ok(())
    }

    fn out(&mut self, ctx: &mut Ctx, b: &[u8]) {
        match &mut self.buffer {
            Some(v) => v.extend_from_slice(b),
            None => ctx.out.bytes(b),
        }
    }
}

/// Run the engine over a feed; `Some(code)` if the script quit.
async fn run(
    ctx: &mut Ctx,
    e: &mut Engine<'_>,
    feed: &mut Feed,
    sink: &mut Sink,
) -> Result<Option<i32>, Errno> {
    let mut reread = true;
    loop {
        if reread {
            let Some(l) = feed.next(ctx).await else {
                return Ok(None);
            };
            e.begin(l);
        } else {
            e.begin_again();
        }
        loop {
            let st = e.run();
            let evs = e.take_events();
            sink.handle(ctx, evs).await?;
            match st {
                Step::EndCycle { reread: r } => {
                    reread = r;
                    break;
                }
                Step::NeedLine => match feed.next(ctx).await {
                    Some(l) => e.resume(l),
                    None => return Ok(None),
                },
                Step::Quit(code) => {
                    if let Some(msg) = e.error.take() {
                        ctx.error(&msg);
                        return Ok(Some(4));
                    }
                    return Ok(Some(code));
                }
            }
        }
    }
}

/// sed(1).
pub async fn sed(ctx: &mut Ctx) -> i32 {
    let argv = normalize(&ctx.argv[1..]);
    let long = [
        "quiet",
        "silent",
        "expression=",
        "file=",
        "in-place=",
        "line-length=",
        "posix",
        "regexp-extended",
        "separate",
        "unbuffered",
        "null-data",
        "zero-terminated",
        "sandbox",
        "follow-symlinks",
        "help",
        "version",
    ];
    let usage_line = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n";
    let p = match args::parse(&argv, "ne:f:l:ErsuzV", &long, true) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            ctx.err.str(usage_line);
            return 1;
        }
    };
    let map = [
        ('n', "quiet"),
        ('e', "expression"),
        ('f', "file"),
        ('l', "line-length"),
        ('E', "regexp-extended"),
        ('r', "regexp-extended"),
        ('s', "separate"),
        ('u', "unbuffered"),
        ('z', "null-data"),
    ];
    let mut text = Text::default();
    let mut nexpr = 0;
    let (mut quiet, mut ere, mut separate, mut unbuffered) = (false, false, false, false);
    let mut in_place: Option<String> = None;
    let mut delim = b'\n';
    let mut wrap = 70usize;
    let (mut sandbox, mut follow) = (false, false);
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" | "V" => return common::version(ctx),
            "quiet" | "silent" => quiet = true,
            "expression" => {
                nexpr += 1;
                text.add(v.as_bytes(), Source::Expr(nexpr));
            }
            "file" => match common::read_path(&ctx.sys, &v).await {
                Ok(d) => text.add(&d, Source::File(v)),
                Err(e) => {
                    ctx.error(&format!("couldn't open file {v}: {}", e.message()));
                    return 4;
                }
            },
            "line-length" => match v.parse::<usize>() {
                Ok(n) => wrap = n,
                Err(_) => {
                    ctx.error(&format!("invalid line length: {v}"));
                    return 1;
                }
            },
            "regexp-extended" => ere = true,
            "separate" => separate = true,
            "unbuffered" => unbuffered = true,
            "null-data" | "zero-terminated" => delim = 0,
            "sandbox" => sandbox = true,
            "follow-symlinks" => follow = true,
            "in-place" => {
                in_place = Some(v);
                separate = true;
            }
            _ => {}
        }
    }
    let mut files = p.operands.clone();
    if text.is_empty() {
        if files.is_empty() {
            ctx.err.str(HELP);
            return 1;
        }
        let s = files.remove(0);
        text.add(s.as_bytes(), Source::Expr(1));
    }
    let script = match sedparse::parse(&text, ere) {
        Ok(s) => s,
        Err(e) => {
            ctx.error(&e);
            return 1;
        }
    };
    if sandbox {
        use super::sedast::Kind;
        let io = script.cmds.iter().any(|c| match &c.kind {
            Kind::ReadFile(_) | Kind::ReadLine(_) | Kind::Write(_) | Kind::WriteFirst(_) => true,
            Kind::Subst(s) => s.write.is_some(),
            _ => false,
        });
        if io {
            ctx.error("-e expression #1, char 0: e/r/w commands disabled in sandbox mode");
            return 1;
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let sys = ctx.sys.clone();
    let mut wfds = Vec::new();
    for f in &script.wfiles {
        let fd = match f.as_str() {
            "/dev/stdout" => None,
            "/dev/stderr" => Some(Fd::STDERR),
            _ => match sys
                .open(
                    f,
                    OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC | OFlags::CLOEXEC,
                    0o666,
                )
                .await
            {
                Ok(fd) => Some(fd),
                Err(e) => {
                    ctx.error(&format!("couldn't open file {f}: {}", e.message()));
                    return 4;
                }
            },
        };
        wfds.push(fd);
    }
    let mut engine = Engine::new(&script);
    engine.quiet |= quiet;
    engine.separate = separate;
    engine.delim = delim;
    engine.wrap = wrap;
    let flush_each = unbuffered || common::stdout_tty(ctx).await;
    let mut sink = Sink {
        wfds,
        rfiles: HashMap::new(),
        buffer: None,
        flush_each,
    };
    let mut status = 0;
    let result = match &in_place {
        None => {
            let mut feed = Feed::new(files, separate, delim);
            let r = run(ctx, &mut engine, &mut feed, &mut sink).await;
            status = feed.status;
            r
        }
        Some(suffix) => {
            let mut r = Ok(None);
            for f in &files {
                let target = if follow {
                    resolve_links(&sys, f).await
                } else {
                    f.clone()
                };
                let f = &target;
                let st = match sys.stat(f).await {
                    Ok(st) => st,
                    Err(e) => {
                        ctx.error(&format!("can't read {f}: {}", e.message()));
                        status = 2;
                        continue;
                    }
                };
                if f == "-" || st.file_type() != wosix_abi::FileType::Regular {
                    ctx.error(&format!("couldn't edit {f}: not a regular file"));
                    status = 4;
                    continue;
                }
                sink.buffer = Some(Vec::new());
                let mut feed = Feed::new(vec![f.clone()], true, delim);
                r = run(ctx, &mut engine, &mut feed, &mut sink).await;
                status = status.max(feed.status);
                let data = sink.buffer.take().unwrap_or_default();
                if let Err(e) = replace_file(ctx, f, &data, suffix, st.mode & 0o7777).await {
                    ctx.error(&format!("couldn't edit {f}: {}", e.message()));
                    status = 4;
                }
                if !matches!(r, Ok(None)) {
                    break;
                }
            }
            r
        }
    };
    for fd in sink.wfds.iter().flatten() {
        if *fd != Fd::STDERR {
            let _ = sys.close(*fd).await;
        }
    }
    for (_, i) in sink.rfiles.drain() {
        i.close(&sys).await;
    }
    match result {
        Ok(Some(code)) => code,
        Ok(None) => status,
        Err(_) => 4,
    }
}

/// Follow symbolic links from `path` to the file they finally name (`--follow-symlinks`).
async fn resolve_links(sys: &wosix_runtime::Sys, path: &str) -> String {
    let mut p = path.to_string();
    for _ in 0..40 {
        match sys.lstat(&p).await {
            Ok(st) if st.file_type() == wosix_abi::FileType::Symlink => {}
            _ => return p,
        }
        let Ok(t) = sys.readlink(&p).await else {
            return p;
        };
        p = if t.starts_with('/') {
            t
        } else {
            match p.rfind('/') {
                Some(i) => format!("{}{t}", &p[..=i]),
                None => t,
            }
        };
    }
    p
}

/// Write `data` to a temporary file beside `path`, keep a backup if `suffix` is set, and
/// rename the temporary file over `path`.
async fn replace_file(
    ctx: &mut Ctx,
    path: &str,
    data: &[u8],
    suffix: &str,
    mode: u32,
) -> Result<(), Errno> {
    let sys = ctx.sys.clone();
    let (dir, base) = match path.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    };
    let rnd = sys.getrandom(4).await.unwrap_or_default();
    let tag: String = rnd.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = format!("{dir}sed{tag}");
    let fd = sys
        .open(
            &tmp,
            OFlags::WRONLY | OFlags::CREAT | OFlags::EXCL | OFlags::CLOEXEC,
            0o600,
        )
        .await?;
    let w = sys.write_all(fd, data).await;
    let _ = sys.fchmod(fd, mode).await;
    let _ = sys.close(fd).await;
    if let Err(e) = w {
        let _ = sys.unlink(&tmp).await;
        return Err(e);
    }
    if !suffix.is_empty() {
        let backup = if suffix.contains('*') {
            let b = suffix.replace('*', base);
            if b.contains('/') {
                b
            } else {
                format!("{dir}{b}")
            }
        } else {
            format!("{path}{suffix}")
        };
        sys.rename(path, &backup).await?;
    }
    sys.rename(&tmp, path).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn in_place_forms() {
        assert_eq!(
            normalize(&v(&["-i", "s/a/b/"])),
            v(&["--in-place=", "s/a/b/"])
        );
        assert_eq!(
            normalize(&v(&["-i.bak", "f"])),
            v(&["--in-place=.bak", "f"])
        );
        assert_eq!(normalize(&v(&["-ni", "p"])), v(&["-n", "--in-place=", "p"]));
        assert_eq!(normalize(&v(&["-ne", "p"])), v(&["-ne", "p"]));
        assert_eq!(normalize(&v(&["-e", "-i"])), v(&["-e", "-i"]));
        assert_eq!(
            normalize(&v(&["--in-place", "x"])),
            v(&["--in-place=", "x"])
        );
    }
}
