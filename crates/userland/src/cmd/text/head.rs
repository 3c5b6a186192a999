//! head(1): the first (or all but the last) lines or bytes of each file, with `==> f <==`
//! headers when several files are shown. Stops reading as soon as it has what it needs.

use super::common::{self, Input, parse_size, quote};
use crate::Ctx;
use crate::args;
use std::collections::VecDeque;
use wosix_abi::Errno;

const HELP: &str = "Usage: head [OPTION]... [FILE]...
Print the first 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.

With no FILE, or when FILE is -, read standard input.

  -c, --bytes=[-]NUM       print the first NUM bytes of each file;
                             with the leading '-', print all but the last
                             NUM bytes of each file
  -n, --lines=[-]NUM       print the first NUM lines instead of the first 10;
                             with the leading '-', print all but the last
                             NUM lines of each file
  -q, --quiet, --silent    never print headers giving file names
  -v, --verbose            always print headers giving file names
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
    Lines(u64),
    AllButLines(u64),
    Bytes(u64),
    AllButBytes(u64),
}

/// Parse a `[-]NUM` count for `-n` (lines) or `-c` (bytes).
fn parse_amount(s: &str, lines: bool) -> Option<Amount> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let n = parse_size(body)?;
    Some(match (lines, neg) {
        (true, false) => Amount::Lines(n),
        (true, true) => Amount::AllButLines(n),
        (false, false) => Amount::Bytes(n),
        (false, true) => Amount::AllButBytes(n),
    })
}

/// Rewrite the obsolete first argument `-NUM[bcklm][qv]` into ordinary options.
fn obsolete(args: &mut Vec<String>) {
    let Some(first) = args.first() else { return };
    let Some(body) = first.strip_prefix('-') else {
        return;
    };
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return;
    }
    let digits: String = body.chars().take_while(|c| c.is_ascii_digit()).collect();
    let mut rest = &body[digits.len()..];
    let mut count = digits.clone();
    let mut opt = "-n";
    if let Some(c) = rest.chars().next() {
        match c {
            'b' | 'k' | 'm' => {
                count.push(if c == 'k' {
                    'K'
                } else if c == 'm' {
                    'M'
                } else {
                    'b'
                });
                opt = "-c";
                rest = &rest[1..];
            }
            'c' => {
                opt = "-c";
                rest = &rest[1..];
            }
            'l' => rest = &rest[1..],
            _ => {}
        }
    }
    if !rest.chars().all(|c| c == 'q' || c == 'v' || c == 'z') {
        return;
    }
    let mut new = vec![format!("{opt}{count}")];
    for c in rest.chars() {
        new.push(format!("-{c}"));
    }
    args.splice(0..1, new);
}

/// head(1).
pub async fn head(ctx: &mut Ctx) -> i32 {
    let mut argv: Vec<String> = ctx.argv[1..].to_vec();
    obsolete(&mut argv);
    let p = match args::parse(
        &argv,
        "c:n:qvz",
        &[
            "bytes=",
            "lines=",
            "quiet",
            "silent",
            "verbose",
            "zero-terminated",
            "help",
            "version",
        ],
        true,
    ) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let mut amount = Amount::Lines(10);
    let mut headers: Option<bool> = None;
    let mut delim = b'\n';
    let map = [
        ('c', "bytes"),
        ('n', "lines"),
        ('q', "quiet"),
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
            "quiet" | "silent" => headers = Some(false),
            "verbose" => headers = Some(true),
            _ => delim = b'\0',
        }
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let show = headers.unwrap_or(files.len() > 1);
    let tty = common::stdout_tty(ctx).await;
    let mut status = 0;
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
        let r = copy(ctx, &mut inp, amount, delim, tty).await;
        inp.close(&ctx.sys).await;
        if let Err(e) = r {
            if ctx.out.error.is_some() {
                return 1;
            }
            ctx.error(&format!("error reading {}: {}", quote(&name), e.message()));
            status = 1;
        }
        if ctx.out.flush(&ctx.sys).await.is_err() {
            return 1;
        }
    }
    status
}

async fn copy(
    ctx: &mut Ctx,
    inp: &mut Input,
    amount: Amount,
    delim: u8,
    tty: bool,
) -> Result<(), Errno> {
    let sys = ctx.sys.clone();
    match amount {
        Amount::Lines(n) => {
            let mut left = n;
            while left > 0 {
                let Some(rec) = inp.next_record(&sys, delim).await? else {
                    break;
                };
                ctx.out.bytes(&rec);
                left -= 1;
                if tty {
                    ctx.out.flush(&sys).await?;
                } else {
                    ctx.out.maybe_flush(&sys).await?;
                }
            }
        }
        Amount::Bytes(n) => {
            let mut left = n;
            while left > 0 {
                let chunk = inp.chunk(&sys).await?;
                if chunk.is_empty() {
                    break;
                }
                let take = (chunk.len() as u64).min(left) as usize;
                ctx.out.bytes(&chunk[..take]);
                left -= take as u64;
                ctx.out.flush(&sys).await?;
            }
        }
        Amount::AllButLines(n) => {
            let mut ring: VecDeque<Vec<u8>> = VecDeque::new();
            while let Some(rec) = inp.next_record(&sys, delim).await? {
                ring.push_back(rec);
                if ring.len() as u64 > n {
                    if let Some(r) = ring.pop_front() {
                        ctx.out.bytes(&r);
                    }
                    ctx.out.maybe_flush(&sys).await?;
                }
            }
        }
        Amount::AllButBytes(n) => {
            let mut keep: VecDeque<u8> = VecDeque::new();
            loop {
                let chunk = inp.chunk(&sys).await?;
                if chunk.is_empty() {
                    break;
                }
                keep.extend(chunk);
                if keep.len() as u64 > n {
                    let emit = keep.len() - n as usize;
                    let out: Vec<u8> = keep.drain(..emit).collect();
                    ctx.out.bytes(&out);
                    ctx.out.maybe_flush(&sys).await?;
                }
            }
        }
    }
    Ok(())
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
        assert_eq!(parse_amount("5", true), Some(Amount::Lines(5)));
        assert_eq!(parse_amount("-5", true), Some(Amount::AllButLines(5)));
        assert_eq!(parse_amount("1K", false), Some(Amount::Bytes(1024)));
        assert_eq!(parse_amount("x", false), None);
    }

    #[test]
    fn obsolete_forms() {
        let mut a = v(&["-5", "f"]);
        obsolete(&mut a);
        assert_eq!(a, v(&["-n5", "f"]));
        let mut a = v(&["-3cv"]);
        obsolete(&mut a);
        assert_eq!(a, v(&["-c3", "-v"]));
        let mut a = v(&["-n", "3"]);
        obsolete(&mut a);
        assert_eq!(a, v(&["-n", "3"]));
    }
}
