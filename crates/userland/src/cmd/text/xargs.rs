//! xargs(1): build and run command lines from standard input. Items are split as GNU
//! findutils does (blanks and newlines, with quotes and backslashes; or `-0`/`-d` exact
//! delimiters; or whole lines with `-I`), grouped by `-n`/`-L`/`-s`, and each command is
//! started with `spawn` (PATH searched) and waited for; `-P` runs several at once.

use super::common::{self, Input};
use crate::Ctx;
use crate::args;
use wosix_abi::{Errno, Fd, FileAction, OFlags, SpawnRequest, WaitOptions, WaitStatus};

const HELP: &str = "Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...
Run COMMAND with arguments INITIAL-ARGS and more arguments read from input.

Mandatory and optional arguments to long options are also
mandatory or optional for the corresponding short option.
  -0, --null                   items are separated by a null, not whitespace;
                                 disables quote and backslash processing and
                                 logical EOF processing
  -a, --arg-file=FILE          read arguments from FILE, not standard input
  -d, --delimiter=CHARACTER    items in input stream are separated by CHARACTER,
                                 not by whitespace; disables quote and backslash
                                 processing and logical EOF processing
  -E END                       set logical EOF string; if END occurs as a line
                                 of input, the rest of the input is ignored
  -e, --eof[=END]              equivalent to -E END if END is specified;
                                 otherwise, there is no end-of-file string
  -I R                         same as --replace=R
  -i, --replace[=R]            replace R in INITIAL-ARGS with names read
                                 from standard input, split at newlines;
                                 if R is unspecified, assume {}
  -L, --max-lines=MAX-LINES    use at most MAX-LINES non-blank input lines per
                                 command line
  -l[MAX-LINES]                similar to -L but defaults to at most one non-
                                 blank input line if MAX-LINES is not specified
  -n, --max-args=MAX-ARGS      use at most MAX-ARGS arguments per command line
  -o, --open-tty               Reopen stdin as /dev/tty in the child process
                                 before executing the command
  -P, --max-procs=MAX-PROCS    run at most MAX-PROCS processes at a time
  -r, --no-run-if-empty        if there are no arguments, then do not run COMMAND;
                                 if this option is not given, COMMAND will be
                                 run at least once
  -s, --max-chars=MAX-CHARS    limit length of command line to MAX-CHARS
      --show-limits            show limits on command-line length
  -t, --verbose                print commands before executing them
  -x, --exit                   exit if the size (see -s) is exceeded
      --help                   display this help and exit
      --version                output version information and exit
";

/// Default and maximum command-line length.
const MAX_CHARS: usize = 131_072;

/// How input is split into items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Split {
    /// Blanks and newlines, with quote and backslash processing.
    Blanks,
    /// Exactly this delimiter, no quoting.
    Delim(u8),
    /// Whole lines (`-I`), leading blanks stripped, quotes processed.
    Lines,
}

/// One input item and whether it ended an input line (for `-L`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The argument.
    pub arg: String,
    /// Whether a (logical) input line ended after it.
    pub eol: bool,
}

/// Split `input` into items. Errors carry GNU's message.
pub fn split_items(input: &[u8], how: &Split, eof: Option<&str>) -> Result<Vec<Item>, String> {
    split_until_eof(input, how, eof).map(|(items, _)| items)
}

/// Split `input` into items; the flag says whether the logical end-of-file string was met.
pub fn split_until_eof(
    input: &[u8],
    how: &Split,
    eof: Option<&str>,
) -> Result<(Vec<Item>, bool), String> {
    let mut items = Vec::new();
    match how {
        Split::Delim(d) => {
            let body = if input.last() == Some(d) {
                &input[..input.len() - 1]
            } else {
                input
            };
            if !input.is_empty() {
                for part in body.split(|b| b == d) {
                    items.push(Item {
                        arg: String::from_utf8_lossy(part).into_owned(),
                        eol: true,
                    });
                }
            }
        }
        Split::Blanks | Split::Lines => {
            let lines = *how == Split::Lines;
            let mut cur: Vec<u8> = Vec::new();
            let mut have = false;
            let mut i = 0;
            let mut quote: Option<u8> = None;
            while i < input.len() {
                let c = input[i];
                i += 1;
                if let Some(q) = quote {
                    if c == q {
                        quote = None;
                    } else if c == b'\n' {
                        let kind = if q == b'"' { "double" } else { "single" };
                        return Err(format!(
                            "unmatched {kind} quote; by default quotes are special to xargs unless you use the -0 option"
                        ));
                    } else {
                        cur.push(c);
                    }
                    continue;
                }
                match c {
                    b'\n' => {
                        if have {
                            let arg = String::from_utf8_lossy(&cur).into_owned();
                            if eof.is_some_and(|e| e == arg) {
                                return Ok((items, true));
                            }
                            items.push(Item { arg, eol: true });
                        } else if let Some(last) = items.last_mut() {
                            last.eol = true;
                        }
                        cur.clear();
                        have = false;
                    }
                    b' ' | b'\t' if !lines || !have => {
                        if have && !lines {
                            let arg = String::from_utf8_lossy(&cur).into_owned();
                            if eof.is_some_and(|e| e == arg) {
                                return Ok((items, true));
                            }
                            items.push(Item { arg, eol: false });
                            cur.clear();
                            have = false;
                        }
                    }
                    b'\'' | b'"' => {
                        quote = Some(c);
                        have = true;
                    }
                    b'\\' if i < input.len() => {
                        cur.push(input[i]);
                        i += 1;
                        have = true;
                    }
                    _ => {
                        cur.push(c);
                        have = true;
                    }
                }
            }
            if let Some(q) = quote {
                let kind = if q == b'"' { "double" } else { "single" };
                return Err(format!(
                    "unmatched {kind} quote; by default quotes are special to xargs unless you use the -0 option"
                ));
            }
            if have {
                let arg = String::from_utf8_lossy(&cur).into_owned();
                if eof.is_none_or(|e| e != arg) {
                    items.push(Item { arg, eol: true });
                }
            }
            if lines {
                for it in &mut items {
                    let t = it.arg.trim_end_matches([' ', '\t']).len();
                    it.arg.truncate(t);
                }
            }
        }
    }
    Ok((items, false))
}

/// Limits on one command line.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// `-n`.
    pub max_args: Option<usize>,
    /// `-L`.
    pub max_lines: Option<usize>,
    /// `-s`.
    pub max_chars: usize,
}

/// Groups items into argument lists as they arrive.
pub struct Batcher {
    base_len: usize,
    limits: Limits,
    cur: Vec<String>,
    len: usize,
    lines: usize,
}

impl Batcher {
    /// A batcher for a command whose fixed part is `base_len` bytes long.
    pub fn new(base_len: usize, limits: Limits) -> Batcher {
        Batcher {
            base_len,
            limits,
            cur: Vec::new(),
            len: base_len,
            lines: 0,
        }
    }

    /// Add an item; returns the lists that became complete. Errors if it cannot fit.
    pub fn push(&mut self, it: &Item) -> Result<Vec<Vec<String>>, String> {
        let mut out = Vec::new();
        let need = it.arg.len() + 1;
        if self.base_len + need > self.limits.max_chars {
            return Err("argument line too long".into());
        }
        if !self.cur.is_empty() && self.len + need > self.limits.max_chars {
            out.push(self.take());
        }
        self.cur.push(it.arg.clone());
        self.len += need;
        if it.eol {
            self.lines += 1;
        }
        let l = &self.limits;
        if l.max_args.is_some_and(|n| self.cur.len() >= n)
            || l.max_lines.is_some_and(|n| self.lines >= n)
        {
            out.push(self.take());
        }
        Ok(out)
    }

    fn take(&mut self) -> Vec<String> {
        self.len = self.base_len;
        self.lines = 0;
        std::mem::take(&mut self.cur)
    }

    /// The last, partial list.
    pub fn finish(&mut self) -> Option<Vec<String>> {
        if self.cur.is_empty() {
            None
        } else {
            Some(self.take())
        }
    }
}

/// Group all `items` into argument lists (see [`Batcher`]).
pub fn batches(items: &[Item], base_len: usize, l: Limits) -> Result<Vec<Vec<String>>, String> {
    let mut b = Batcher::new(base_len, l);
    let mut out = Vec::new();
    for it in items {
        out.extend(b.push(it)?);
    }
    out.extend(b.finish());
    Ok(out)
}

/// Rewrite the optional-argument forms `-i[R]`, `-l[N]`, `-e[END]`, `--replace[=R]`,
/// `--eof[=END]` into forms the option parser takes; stop at the first operand.
fn normalize(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut takes_next = false;
    for (k, a) in args.iter().enumerate() {
        if takes_next {
            out.push(a.clone());
            takes_next = false;
            continue;
        }
        if a == "--" || !a.starts_with('-') || a == "-" {
            out.extend(args[k..].iter().cloned());
            break;
        }
        let r = match a.as_str() {
            "-i" | "--replace" => "-I{}".to_string(),
            "-l" => "-L1".to_string(),
            "-e" | "--eof" => "--no-eof".to_string(),
            _ if a.starts_with("-i") => format!("-I{}", &a[2..]),
            _ if a.starts_with("-l") => format!("-L{}", &a[2..]),
            _ if a.starts_with("-e") => format!("-E{}", &a[2..]),
            _ if a.starts_with("--replace=") => format!("-I{}", &a[10..]),
            _ if a.starts_with("--eof=") => format!("-E{}", &a[6..]),
            _ => a.clone(),
        };
        if matches!(
            a.as_str(),
            "-a" | "-d" | "-E" | "-I" | "-L" | "-n" | "-P" | "-s"
        ) {
            takes_next = true;
        }
        out.push(r);
    }
    out
}

/// xargs(1).
pub async fn xargs(ctx: &mut Ctx) -> i32 {
    let argv = normalize(&ctx.argv[1..]);
    let long = [
        "null",
        "arg-file=",
        "delimiter=",
        "no-eof",
        "max-lines=",
        "max-args=",
        "open-tty",
        "max-procs=",
        "no-run-if-empty",
        "max-chars=",
        "show-limits",
        "verbose",
        "exit",
        "interactive",
        "process-slot-var=",
        "help",
        "version",
    ];
    let p = match args::parse(&argv, "0a:d:E:I:L:n:oP:rs:txp", &long, false) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let map = [
        ('0', "null"),
        ('a', "arg-file"),
        ('d', "delimiter"),
        ('L', "max-lines"),
        ('n', "max-args"),
        ('o', "open-tty"),
        ('P', "max-procs"),
        ('r', "no-run-if-empty"),
        ('s', "max-chars"),
        ('t', "verbose"),
        ('x', "exit"),
        ('p', "interactive"),
    ];
    let mut split = Split::Blanks;
    let mut arg_file: Option<String> = None;
    let mut eof: Option<String> = None;
    let mut replace: Option<String> = None;
    let mut lim = Limits {
        max_args: None,
        max_lines: None,
        max_chars: MAX_CHARS,
    };
    let mut procs = 1usize;
    let mut no_empty = false;
    let mut verbose = false;
    let mut interactive = false;
    let mut open_tty = false;
    let mut show_limits = false;
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        let num = |ctx: &mut Ctx, opt: &str, min: usize| -> Option<usize> {
            match v.parse::<usize>() {
                Ok(n) if n >= min => Some(n),
                Ok(_) => {
                    ctx.error(&format!("value {v} for -{opt} option should be >= {min}"));
                    None
                }
                Err(_) => {
                    ctx.error(&format!("invalid number \"{v}\" for -{opt} option"));
                    None
                }
            }
        };
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "null" => split = Split::Delim(0),
            "arg-file" => arg_file = Some(v),
            "delimiter" => {
                let d = common::c_escapes(&v);
                if d.len() != 1 {
                    ctx.error(&format!("invalid input delimiter specification {v}: the delimiter must be either a single character or an escape sequence starting with \\."));
                    return 1;
                }
                split = Split::Delim(d[0]);
            }
            "E" => eof = if v.is_empty() { None } else { Some(v) },
            "no-eof" => eof = None,
            "I" => {
                replace = Some(v);
                lim.max_lines = Some(1);
            }
            "max-lines" => {
                let Some(n) = num(ctx, "L", 1) else { return 1 };
                lim.max_lines = Some(n);
                lim.max_args = None;
            }
            "max-args" => {
                let Some(n) = num(ctx, "n", 1) else { return 1 };
                lim.max_args = Some(n);
                lim.max_lines = None;
            }
            "max-procs" => {
                let Some(n) = num(ctx, "P", 0) else { return 1 };
                procs = if n == 0 { 64 } else { n };
            }
            "max-chars" => {
                let Some(n) = num(ctx, "s", 1) else { return 1 };
                lim.max_chars = n.min(MAX_CHARS);
            }
            "no-run-if-empty" => no_empty = true,
            "verbose" => verbose = true,
            "interactive" => interactive = true,
            "open-tty" => open_tty = true,
            "show-limits" => show_limits = true,
            _ => {}
        }
    }
    let mut cmd: Vec<String> = p.operands.clone();
    if cmd.is_empty() {
        cmd.push("echo".into());
    }
    if show_limits {
        ctx.err.str(&format!(
            "Your environment variables take up {} bytes\nPOSIX upper limit on argument length (this system): {MAX_CHARS}\nMaximum length of command we could actually use: {}\nSize of command buffer we are actually using: {}\nMaximum parallelism (--max-procs must be no greater): 64\n",
            ctx.envp().iter().map(|e| e.len() + 1).sum::<usize>(),
            MAX_CHARS,
            lim.max_chars
        ));
    }
    if replace.is_some() && split == Split::Blanks {
        split = Split::Lines;
    }
    let sys = ctx.sys.clone();
    let mut src = match &arg_file {
        Some(f) => match Input::open(&sys, f).await {
            Ok(i) => i,
            Err(e) => {
                ctx.error(&format!(
                    "Cannot open input file {}: {}",
                    common::quote(f),
                    e.message()
                ));
                return 1;
            }
        },
        None => Input::stdin(),
    };
    let stdin_path = if open_tty {
        Some("/dev/tty")
    } else if arg_file.is_none() {
        Some("/dev/null")
    } else {
        None
    };
    let mut runner = Runner {
        running: Vec::new(),
        status: 0,
        procs,
        stdin_action: stdin_path.map(|path| FileAction::Open {
            fd: Fd::STDIN,
            path: path.into(),
            flags: OFlags::RDONLY,
            mode: 0,
        }),
        verbose,
        prompt: None,
        ran: false,
    };
    if interactive {
        runner.prompt = sys
            .open("/dev/tty", OFlags::RDONLY | OFlags::CLOEXEC, 0)
            .await
            .ok();
        runner.verbose = true;
    }
    let base_len: usize = cmd.iter().map(|a| a.len() + 1).sum();
    let mut batcher = Batcher::new(base_len, lim);
    let read_delim = if let Split::Delim(d) = split {
        d
    } else {
        b'\n'
    };
    let eof = if matches!(split, Split::Delim(_)) {
        None
    } else {
        eof
    };
    loop {
        let rec = match src.next_record(&sys, read_delim).await {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                ctx.error(&format!("read error: {}", e.message()));
                return 1;
            }
        };
        let (items, stop) = match split_until_eof(&rec, &split, eof.as_deref()) {
            Ok(x) => x,
            Err(e) => {
                ctx.error(&e);
                return 1;
            }
        };
        for it in &items {
            let lists = match &replace {
                Some(r) if !it.arg.is_empty() || split != Split::Lines => {
                    vec![cmd.iter().map(|a| a.replace(r.as_str(), &it.arg)).collect()]
                }
                Some(_) => Vec::new(),
                None => match batcher.push(it) {
                    Ok(b) => b
                        .into_iter()
                        .map(|extra| cmd.iter().cloned().chain(extra).collect())
                        .collect(),
                    Err(e) => {
                        ctx.error(&e);
                        return 1;
                    }
                },
            };
            for argv in lists {
                if let Some(code) = runner.run(ctx, argv).await {
                    return code;
                }
            }
        }
        if stop {
            break;
        }
    }
    src.close(&sys).await;
    if let Some(extra) = batcher.finish()
        && let Some(code) = runner
            .run(ctx, cmd.iter().cloned().chain(extra).collect())
            .await
    {
        return code;
    }
    if !runner.ran
        && !no_empty
        && replace.is_none()
        && let Some(code) = runner.run(ctx, cmd.clone()).await
    {
        return code;
    }
    runner.finish(ctx).await
}

/// Starts commands, at most `procs` at a time, and collects their statuses.
struct Runner {
    running: Vec<(u32, String)>,
    status: i32,
    procs: usize,
    stdin_action: Option<FileAction>,
    verbose: bool,
    prompt: Option<Fd>,
    ran: bool,
}

impl Runner {
    /// Run one command line; `Some(code)` when xargs must stop.
    async fn run(&mut self, ctx: &mut Ctx, argv: Vec<String>) -> Option<i32> {
        self.ran = true;
        while self.running.len() >= self.procs {
            if let Some(code) = reap(ctx, &mut self.running, &mut self.status).await {
                return Some(code);
            }
        }
        if self.verbose {
            let ask = if self.prompt.is_some() { " ?..." } else { "" };
            ctx.err.str(&format!("{}{ask}\n", argv.join(" ")));
        }
        ctx.flush().await;
        if let Some(tty) = self.prompt {
            let mut answer = Vec::new();
            while let Ok(b) = ctx.sys.read_vec(tty, 1).await {
                if b.is_empty() || b[0] == b'\n' {
                    break;
                }
                answer.extend(b);
            }
            if !matches!(answer.first(), Some(b'y' | b'Y')) {
                return None;
            }
        }
        let req = SpawnRequest {
            path: argv[0].clone(),
            argv: argv.clone(),
            envp: ctx.envp(),
            file_actions: self.stdin_action.iter().cloned().collect(),
            attrs: Default::default(),
        };
        match ctx.sys.spawn(req).await {
            Ok(pid) => {
                self.running.push((pid.0, argv[0].clone()));
                None
            }
            Err(e) => {
                ctx.error(&format!("{}: {}", argv[0], e.message()));
                self.finish(ctx).await;
                Some(if e == Errno::ENOENT { 127 } else { 126 })
            }
        }
    }

    /// Wait for every child; the final status.
    async fn finish(&mut self, ctx: &mut Ctx) -> i32 {
        while !self.running.is_empty() {
            if let Some(code) = reap(ctx, &mut self.running, &mut self.status).await {
                return code;
            }
        }
        self.status
    }
}

/// Wait for one child; `Some(code)` when xargs must stop with that status.
async fn reap(ctx: &mut Ctx, running: &mut Vec<(u32, String)>, status: &mut i32) -> Option<i32> {
    let r = ctx.sys.waitpid(-1, WaitOptions::empty()).await;
    let (pid, ws) = match r {
        Ok(Some(x)) => x,
        Ok(None) => return None,
        Err(Errno::EINTR) => return None,
        Err(_) => {
            running.clear();
            return None;
        }
    };
    let k = running.iter().position(|(p, _)| *p == pid.0)?;
    let (_, name) = running.remove(k);
    match ws {
        WaitStatus::Exited(0) => None,
        WaitStatus::Exited(255) => {
            ctx.error(&format!("{name}: exited with status 255; aborting"));
            Some(124)
        }
        WaitStatus::Exited(_) => {
            *status = 123;
            None
        }
        WaitStatus::Signaled(sig, _) => {
            ctx.error(&format!("{name}: terminated by signal {}", sig as u32));
            Some(125)
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn args(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.arg.as_str()).collect()
    }

    #[test]
    fn splitting() {
        let i = split_items(b"a b\n 'c d' \"e\"\\ f\n", &Split::Blanks, None).unwrap();
        assert_eq!(args(&i), vec!["a", "b", "c d", "e f"]);
        assert!(i[1].eol && !i[0].eol);
        assert!(
            split_items(b"'abc\n", &Split::Blanks, None)
                .unwrap_err()
                .starts_with("unmatched single quote")
        );
        let i = split_items(b"a\0b c\0", &Split::Delim(0), None).unwrap();
        assert_eq!(args(&i), vec!["a", "b c"]);
        let i = split_items(b"  one two \nthree\n", &Split::Lines, None).unwrap();
        assert_eq!(args(&i), vec!["one two", "three"]);
        let i = split_items(b"a b STOP c\n", &Split::Blanks, Some("STOP")).unwrap();
        assert_eq!(args(&i), vec!["a", "b"]);
    }

    #[test]
    fn grouping() {
        let items = split_items(b"1 2 3\n4 5\n", &Split::Blanks, None).unwrap();
        let l = Limits {
            max_args: Some(2),
            max_lines: None,
            max_chars: MAX_CHARS,
        };
        assert_eq!(
            batches(&items, 5, l).unwrap(),
            vec![vec!["1", "2"], vec!["3", "4"], vec!["5"]]
        );
        let l = Limits {
            max_args: None,
            max_lines: Some(1),
            max_chars: MAX_CHARS,
        };
        assert_eq!(
            batches(&items, 5, l).unwrap(),
            vec![vec!["1", "2", "3"], vec!["4", "5"]]
        );
        let l = Limits {
            max_args: None,
            max_lines: None,
            max_chars: 10,
        };
        assert_eq!(
            batches(&items, 5, l).unwrap(),
            vec![vec!["1", "2"], vec!["3", "4"], vec!["5"]]
        );
        let l = Limits {
            max_args: None,
            max_lines: None,
            max_chars: 6,
        };
        assert!(batches(&split_items(b"long", &Split::Blanks, None).unwrap(), 5, l).is_err());
    }

    #[test]
    fn option_forms() {
        let v: Vec<String> = ["-i", "-l2", "-n", "3", "echo", "-i"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(normalize(&v), vec!["-I{}", "-L2", "-n", "3", "echo", "-i"]);
    }
}
