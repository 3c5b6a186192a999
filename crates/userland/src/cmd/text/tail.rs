//! tail(1): the last lines or bytes of each file (or everything from line/byte N on), and
//! `-f`/`-F` following files as they grow, polling every 200 ms with `sleep_ns`. Regular
//! files are read backwards from the end with `pread`, so a short tail of a big file is cheap.

use super::common::{self, Input, parse_size, quote};
use crate::Ctx;
use crate::args;
use std::collections::VecDeque;
use wosix_abi::{Errno, Fd, FileType, OFlags, Stat, Whence};

const HELP: &str = "Usage: tail [OPTION]... [FILE]...
Print the last 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.

With no FILE, or when FILE is -, read standard input.

  -c, --bytes=[+]NUM       output the last NUM bytes; or use -c +NUM to
                             output starting with byte NUM of each file
  -f, --follow[={name|descriptor}]
                           output appended data as the file grows;
                             an absent option argument means 'descriptor'
  -F                       same as --follow=name --retry
  -n, --lines=[+]NUM       output the last NUM lines, instead of the last 10;
                             or use -n +NUM to skip NUM-1 lines at the start
      --pid=PID            with -f, terminate after process ID, PID dies
  -q, --quiet, --silent    never output headers giving file names
      --retry              keep trying to open a file if it is inaccessible
  -s, --sleep-interval=N   with -f, sleep for approximately N seconds
                             (default 1.0) between iterations
  -v, --verbose            always output headers giving file names
  -z, --zero-terminated    line delimiter is NUL, not newline
      --help               display this help and exit
      --version            output version information and exit

NUM may have a multiplier suffix:
b 512, kB 1000, K 1024, MB 1000*1000, M 1024*1024,
GB 1000*1000*1000, G 1024*1024*1024, and so on for T, P, E, Z, Y.
";

/// What to print of each file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Amount {
    LastLines(u64),
    FromLine(u64),
    LastBytes(u64),
    FromByte(u64),
}

fn parse_amount(s: &str, lines: bool) -> Option<Amount> {
    let (from, body) = match s.strip_prefix('+') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('-').unwrap_or(s)),
    };
    let n = parse_size(body)?;
    Some(match (lines, from) {
        (true, false) => Amount::LastLines(n),
        (true, true) => Amount::FromLine(n),
        (false, false) => Amount::LastBytes(n),
        (false, true) => Amount::FromByte(n),
    })
}

/// Rewrite an obsolete first argument (`-5`, `+5`, `-3c`, `-5f`) into ordinary options.
fn obsolete(args: &mut Vec<String>) {
    let Some(first) = args.first() else { return };
    let sign = match first.chars().next() {
        Some(c @ ('-' | '+')) => c,
        _ => return,
    };
    let body = &first[1..];
    let digits: String = body.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &body[digits.len()..];
    if digits.is_empty() && (sign == '-' || rest.is_empty()) {
        return;
    }
    let (unit, follow) = match rest {
        "" => ('l', false),
        "f" => ('l', true),
        "l" | "c" | "b" => (rest.chars().next().unwrap_or('l'), false),
        "lf" | "cf" | "bf" => (rest.chars().next().unwrap_or('l'), true),
        _ => return,
    };
    let count = if digits.is_empty() {
        "10".to_string()
    } else {
        digits
    };
    let count = if unit == 'b' {
        format!("{count}b")
    } else {
        count
    };
    let opt = if unit == 'l' { "-n" } else { "-c" };
    let prefix = if sign == '+' { "+" } else { "" };
    let mut new = vec![opt.to_string(), format!("{prefix}{count}")];
    if follow {
        new.push("-f".into());
    }
    args.splice(0..1, new);
}

/// One file being followed.
struct Followed {
    arg: String,
    name: String,
    fd: Option<Fd>,
    pos: u64,
    id: Option<(u64, u64)>,
}

/// tail(1).
pub async fn tail(ctx: &mut Ctx) -> i32 {
    let mut argv: Vec<String> = ctx.argv[1..].to_vec();
    obsolete(&mut argv);
    let long = [
        "bytes=",
        "lines=",
        "follow=",
        "pid=",
        "quiet",
        "silent",
        "retry",
        "sleep-interval=",
        "verbose",
        "zero-terminated",
        "max-unchanged-stats=",
        "help",
        "version",
    ];
    // `--follow` takes an optional argument: only in the `--follow=how` form.
    let argv: Vec<String> = argv
        .into_iter()
        .map(|a| {
            if a == "--follow" {
                "--follow=descriptor".into()
            } else {
                a
            }
        })
        .collect();
    let p = match args::parse(&argv, "c:n:fFqs:vz", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let mut amount = Amount::LastLines(10);
    let mut headers: Option<bool> = None;
    let mut delim = b'\n';
    let mut follow: Option<bool> = None; // Some(by_name)
    let mut retry = false;
    let mut interval_ns: u64 = 1_000_000_000;
    let mut pid: Option<i32> = None;
    let map = [
        ('c', "bytes"),
        ('n', "lines"),
        ('f', "follow"),
        ('q', "quiet"),
        ('s', "sleep-interval"),
        ('v', "verbose"),
        ('z', "zero-terminated"),
    ];
    for (name, val) in common::named(&p, &map) {
        let val = val.unwrap_or_default();
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "lines" | "bytes" => match parse_amount(&val, name == "lines") {
                Some(a) => amount = a,
                None => {
                    ctx.error(&format!("invalid number of {name}: {}", quote(&val)));
                    return 1;
                }
            },
            "follow" => match val.as_str() {
                "" | "descriptor" => follow = Some(false),
                "name" => follow = Some(true),
                _ => {
                    ctx.error(&format!("invalid argument {} for '--follow'", quote(&val)));
                    return 1;
                }
            },
            "F" => {
                follow = Some(true);
                retry = true;
            }
            "retry" => retry = true,
            "quiet" | "silent" => headers = Some(false),
            "verbose" => headers = Some(true),
            "zero-terminated" => delim = b'\0',
            "sleep-interval" => match val.parse::<f64>() {
                Ok(s) if s >= 0.0 && s.is_finite() => interval_ns = (s * 1e9) as u64,
                _ => {
                    ctx.error(&format!("invalid number of seconds: {}", quote(&val)));
                    return 1;
                }
            },
            "pid" => match val.parse::<i32>() {
                Ok(n) if n >= 0 => pid = Some(n),
                _ => {
                    ctx.error(&format!("invalid PID: {}", quote(&val)));
                    return 1;
                }
            },
            _ => {}
        }
    }
    if !p.has('s') && !p.has_long("sleep-interval") {
        interval_ns = 200_000_000;
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let show = headers.unwrap_or(files.len() > 1);
    let mut status = 0;
    let mut followed: Vec<Followed> = Vec::new();
    let mut first = true;
    for f in &files {
        let name = if f == "-" {
            "standard input".to_string()
        } else {
            f.clone()
        };
        let mut inp = match Input::open(&ctx.sys, f).await {
            Ok(x) => x,
            Err(e) => {
                ctx.error(&format!(
                    "cannot open {} for reading: {}",
                    quote(f),
                    e.message()
                ));
                status = 1;
                if follow == Some(true) && retry && f != "-" {
                    followed.push(Followed {
                        arg: f.clone(),
                        name,
                        fd: None,
                        pos: 0,
                        id: None,
                    });
                }
                continue;
            }
        };
        if show {
            if !first {
                ctx.out.str("\n");
            }
            ctx.out.str(&format!("==> {name} <==\n"));
        }
        first = false;
        let st = ctx.sys.fstat(inp.fd()).await.ok();
        let regular = st
            .as_ref()
            .is_some_and(|s| s.file_type() == FileType::Regular);
        let r = if regular {
            tail_regular(ctx, &inp, amount, delim, st.as_ref().map_or(0, |s| s.size)).await
        } else {
            tail_stream(ctx, &mut inp, amount, delim).await
        };
        match r {
            Ok(pos) => {
                if follow.is_some() && regular {
                    let _ = ctx.sys.lseek(inp.fd(), pos as i64, Whence::Set).await;
                    let id = st.as_ref().map(|s| (s.dev, s.ino.0));
                    followed.push(Followed {
                        arg: f.clone(),
                        name,
                        fd: Some(inp.fd()),
                        pos,
                        id,
                    });
                    if ctx.out.flush(&ctx.sys).await.is_err() {
                        return 1;
                    }
                    continue;
                }
            }
            Err(e) => {
                if ctx.out.error.is_some() {
                    return 1;
                }
                ctx.error(&format!("error reading {}: {}", quote(&name), e.message()));
                status = 1;
            }
        }
        inp.close(&ctx.sys).await;
        if ctx.out.flush(&ctx.sys).await.is_err() {
            return 1;
        }
    }
    if follow.is_none() {
        return status;
    }
    if followed.is_empty() {
        if files.iter().any(|f| f != "-") {
            ctx.error("no files remaining");
            return 1;
        }
        return status;
    }
    follow_loop(ctx, followed, follow == Some(true), show, interval_ns, pid).await
}

/// Print the wanted part of a regular file of `size` bytes; returns the offset reached.
async fn tail_regular(
    ctx: &mut Ctx,
    inp: &Input,
    amount: Amount,
    delim: u8,
    size: u64,
) -> Result<u64, Errno> {
    let sys = ctx.sys.clone();
    let fd = inp.fd();
    let start = match amount {
        Amount::LastBytes(n) => size.saturating_sub(n),
        Amount::FromByte(n) => n.saturating_sub(1).min(size),
        Amount::LastLines(n) => {
            // Scan backwards for the start of the last n records.
            let mut pos = size;
            let mut found = 0u64;
            let mut start = 0;
            let mut first_block = true;
            'scan: while pos > 0 && n > 0 {
                let len = pos.min(common::CHUNK as u64);
                let block = sys.pread(fd, len as usize, pos - len).await?;
                let mut end = block.len();
                if first_block && block.last() == Some(&delim) {
                    end -= 1; // the final delimiter ends the last record
                }
                first_block = false;
                for i in (0..end).rev() {
                    if block[i] == delim {
                        found += 1;
                        if found == n {
                            start = pos - len + i as u64 + 1;
                            break 'scan;
                        }
                    }
                }
                pos -= len;
            }
            if n == 0 { size } else { start }
        }
        Amount::FromLine(n) => {
            let mut skip = n.saturating_sub(1);
            let mut pos = 0u64;
            while skip > 0 && pos < size {
                let block = sys.pread(fd, common::CHUNK, pos).await?;
                if block.is_empty() {
                    break;
                }
                let mut advanced = block.len() as u64;
                for (i, &b) in block.iter().enumerate() {
                    if b == delim {
                        skip -= 1;
                        if skip == 0 {
                            advanced = i as u64 + 1;
                            break;
                        }
                    }
                }
                pos += advanced;
            }
            if skip > 0 { size } else { pos }
        }
    };
    let mut pos = start;
    loop {
        let block = sys.pread(fd, common::CHUNK, pos).await?;
        if block.is_empty() {
            break;
        }
        pos += block.len() as u64;
        ctx.out.bytes(&block);
        ctx.out.maybe_flush(&sys).await?;
    }
    Ok(pos)
}

/// Print the wanted part of a pipe or terminal, reading it to the end.
async fn tail_stream(
    ctx: &mut Ctx,
    inp: &mut Input,
    amount: Amount,
    delim: u8,
) -> Result<u64, Errno> {
    let sys = ctx.sys.clone();
    let mut total = 0u64;
    match amount {
        Amount::LastLines(n) => {
            let mut ring: VecDeque<Vec<u8>> = VecDeque::new();
            while let Some(rec) = inp.next_record(&sys, delim).await? {
                total += rec.len() as u64;
                if n > 0 {
                    ring.push_back(rec);
                    if ring.len() as u64 > n {
                        ring.pop_front();
                    }
                }
            }
            for r in ring {
                ctx.out.bytes(&r);
            }
        }
        Amount::LastBytes(n) => {
            let mut keep: VecDeque<u8> = VecDeque::new();
            loop {
                let chunk = inp.chunk(&sys).await?;
                if chunk.is_empty() {
                    break;
                }
                total += chunk.len() as u64;
                keep.extend(chunk);
                while keep.len() as u64 > n {
                    let extra = keep.len() - n as usize;
                    keep.drain(..extra);
                }
            }
            let v: Vec<u8> = keep.into_iter().collect();
            ctx.out.bytes(&v);
        }
        Amount::FromLine(n) => {
            let mut line = 1u64;
            while let Some(rec) = inp.next_record(&sys, delim).await? {
                total += rec.len() as u64;
                if line >= n {
                    ctx.out.bytes(&rec);
                    ctx.out.maybe_flush(&sys).await?;
                }
                line += 1;
            }
        }
        Amount::FromByte(n) => {
            let skip = n.saturating_sub(1);
            loop {
                let chunk = inp.chunk(&sys).await?;
                if chunk.is_empty() {
                    break;
                }
                let before = total;
                total += chunk.len() as u64;
                if total > skip {
                    let from = skip.saturating_sub(before) as usize;
                    ctx.out.bytes(&chunk[from..]);
                    ctx.out.maybe_flush(&sys).await?;
                }
            }
        }
    }
    Ok(total)
}

/// Poll the followed files for new data until output fails or `pid` dies.
async fn follow_loop(
    ctx: &mut Ctx,
    mut files: Vec<Followed>,
    by_name: bool,
    show: bool,
    interval_ns: u64,
    pid: Option<i32>,
) -> i32 {
    let sys = ctx.sys.clone();
    let mut last_shown = files.len().saturating_sub(1);
    loop {
        if let Some(p) = pid
            && sys.kill(p, None).await == Err(Errno::ESRCH)
        {
            return 0;
        }
        if sys.sleep_ns(interval_ns.max(1)).await == Err(Errno::EINTR) {
            continue;
        }
        #[allow(clippy::needless_range_loop)] // `files[idx]` is re-borrowed after awaits.
        for idx in 0..files.len() {
            if by_name {
                check_name(ctx, &mut files[idx]).await;
            }
            let f = &mut files[idx];
            let Some(fd) = f.fd else { continue };
            let st: Stat = match sys.fstat(fd).await {
                Ok(s) => s,
                Err(_) => continue,
            };
            if st.size < f.pos {
                let n = f.name.clone();
                ctx.error(&format!("{n}: file truncated"));
                f.pos = 0;
                let _ = sys.lseek(fd, 0, Whence::Set).await;
            }
            if st.size == f.pos {
                continue;
            }
            let _ = sys.lseek(fd, f.pos as i64, Whence::Set).await;
            let mut printed = false;
            loop {
                let chunk = match sys.read_vec(fd, common::CHUNK).await {
                    Ok(c) => c,
                    Err(_) => break,
                };
                if chunk.is_empty() {
                    break;
                }
                if show && last_shown != idx && !printed {
                    ctx.out.str(&format!("\n==> {} <==\n", files[idx].name));
                }
                printed = true;
                files[idx].pos += chunk.len() as u64;
                ctx.out.bytes(&chunk);
                if ctx.out.maybe_flush(&sys).await.is_err() {
                    return 1;
                }
            }
            if printed {
                last_shown = idx;
            }
        }
        let _ = ctx.err.flush(&sys).await;
        if ctx.out.flush(&sys).await.is_err() {
            return 1;
        }
    }
}

/// `-F`: notice a followed name disappearing, appearing or being replaced.
async fn check_name(ctx: &mut Ctx, f: &mut Followed) {
    let sys = ctx.sys.clone();
    match sys.stat(&f.arg).await {
        Err(e) => {
            if f.fd.is_some() || f.id.is_some() {
                ctx.error(&format!(
                    "{} has become inaccessible: {}",
                    quote(&f.arg),
                    e.message()
                ));
                if let Some(fd) = f.fd.take() {
                    let _ = sys.close(fd).await;
                }
                f.id = None;
            }
        }
        Ok(st) => {
            let id = Some((st.dev, st.ino.0));
            if f.fd.is_some() && id == f.id {
                return;
            }
            let Ok(fd) = sys.open(&f.arg, OFlags::RDONLY | OFlags::CLOEXEC, 0).await else {
                return;
            };
            let msg = if f.fd.is_some() {
                "has been replaced"
            } else {
                "has appeared"
            };
            ctx.error(&format!("{} {msg};  following new file", quote(&f.arg)));
            if let Some(old) = f.fd.replace(fd) {
                let _ = sys.close(old).await;
            }
            f.id = id;
            f.pos = 0;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("+3", true), Some(Amount::FromLine(3)));
        assert_eq!(parse_amount("3", false), Some(Amount::LastBytes(3)));
        assert_eq!(parse_amount("-3", true), Some(Amount::LastLines(3)));
        assert_eq!(parse_amount("z", true), None);
    }

    #[test]
    fn obsolete_forms() {
        let mut a = v(&["-3", "f"]);
        obsolete(&mut a);
        assert_eq!(a, v(&["-n", "3", "f"]));
        let mut a = v(&["+2"]);
        obsolete(&mut a);
        assert_eq!(a, v(&["-n", "+2"]));
        let mut a = v(&["-5cf"]);
        obsolete(&mut a);
        assert_eq!(a, v(&["-c", "5", "-f"]));
        let mut a = v(&["-f"]);
        obsolete(&mut a);
        assert_eq!(a, v(&["-f"]));
    }
}
