//! kill(1) as procps-ng ships it: `kill [-s SIG | -SIG] pid…` (negative pids are process
//! groups, `0` is the caller's group), `kill -l [SIG]` listing or converting signal names and
//! `kill -L` printing them as a table.

use crate::Ctx;
use wosix_abi::Signal;

/// The names procps prints for signals 1–31 (29 is `POLL`, its alias of `IO`).
fn name(sig: Signal) -> &'static str {
    if sig == Signal::SIGIO {
        "POLL"
    } else {
        sig.short_name()
    }
}

/// `kill -l`: all names on lines wrapped after column 73.
pub fn list_line() -> String {
    let mut out = String::new();
    let mut pos = 0;
    for (i, sig) in Signal::ALL.iter().enumerate() {
        if i > 0 {
            if pos > 73 {
                out.push('\n');
                pos = 0;
            } else {
                out.push(' ');
                pos += 1;
            }
        }
        out.push_str(name(*sig));
        pos += name(*sig).len();
    }
    out.push('\n');
    out
}

/// `kill -L`: `NN NAME` cells of 11 columns, seven to a line.
pub fn list_table() -> String {
    let mut out = String::new();
    for sig in Signal::ALL {
        let n = sig.number();
        let cell = format!("{n:2} {}", name(sig));
        out.push_str(&cell);
        if n % 7 != 0 {
            out.push_str(&" ".repeat(11usize.saturating_sub(cell.len())));
        } else {
            out.push('\n');
        }
    }
    if !Signal::ALL.len().is_multiple_of(7) {
        out.push('\n');
    }
    out
}

/// A signal argument: a name (`TERM`, `SIGTERM`, case-insensitive), a number, or `0` for the
/// existence check (`Some(None)`).
pub fn parse_signal(s: &str) -> Option<Option<Signal>> {
    if s == "0" || s.eq_ignore_ascii_case("SIG0") {
        return Some(None);
    }
    Signal::parse(s).map(Some)
}

/// `kill -l ARG`: a number (or exit status above 128) gives the name, a name its number.
pub fn convert(arg: &str) -> Option<String> {
    if let Ok(n) = arg.parse::<u32>() {
        let n = if n > 128 { n - 128 } else { n };
        return Signal::from_number(n).map(|s| name(s).to_string());
    }
    Signal::parse(arg).map(|s| s.number().to_string())
}

const USAGE: &str = "
Usage:
 kill [options] <pid> [...]

Options:
 <pid> [...]            send signal to every <pid> listed
 -<signal>, -s, --signal <signal>
                        specify the <signal> to be sent
 -l, --list=[<signal>]  list all signal names, or convert one to a name
 -L, --table            list all signal names in a nice table

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see kill(1).
";

/// kill(1).
pub async fn kill(ctx: &mut Ctx) -> i32 {
    let args: Vec<String> = ctx.argv[1..].to_vec();
    let mut sig: Option<Signal> = Some(Signal::SIGTERM);
    let mut pids: Vec<String> = Vec::new();
    let mut i = 0;
    let mut options_done = false;
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        if options_done || !a.starts_with('-') || a == "-" {
            pids.push(a);
            continue;
        }
        match a.as_str() {
            "--" => options_done = true,
            "-h" | "--help" => {
                ctx.out.str(USAGE);
                return 0;
            }
            "-V" | "--version" => {
                ctx.out.line(&format!(
                    "kill from wosix procps {}",
                    env!("CARGO_PKG_VERSION")
                ));
                return 0;
            }
            "-L" | "--table" => {
                ctx.out.str(&list_table());
                return 0;
            }
            "-l" | "--list" => {
                let Some(arg) = args.get(i) else {
                    ctx.out.str(&list_line());
                    return 0;
                };
                return match convert(arg) {
                    Some(s) => {
                        ctx.out.line(&s);
                        0
                    }
                    None => {
                        ctx.error(&format!("unknown signal name {arg}"));
                        1
                    }
                };
            }
            "-s" | "--signal" | "-n" => {
                let Some(v) = args.get(i) else {
                    ctx.error(&format!(
                        "option requires an argument -- '{}'",
                        a.trim_start_matches('-')
                    ));
                    ctx.err.str(USAGE);
                    return 1;
                };
                i += 1;
                match parse_signal(v) {
                    Some(s) => sig = s,
                    None => {
                        ctx.error(&format!("unknown signal name {v}"));
                        return 1;
                    }
                }
            }
            _ => {
                if let Some(v) = a.strip_prefix("--list=") {
                    return match convert(v) {
                        Some(s) => {
                            ctx.out.line(&s);
                            0
                        }
                        None => {
                            ctx.error(&format!("unknown signal name {v}"));
                            1
                        }
                    };
                }
                if let Some(v) = a.strip_prefix("--signal=") {
                    match parse_signal(v) {
                        Some(s) => sig = s,
                        None => {
                            ctx.error(&format!("unknown signal name {v}"));
                            return 1;
                        }
                    }
                    continue;
                }
                let body = &a[1..];
                let numeric = body.bytes().all(|b| b.is_ascii_digit());
                // `-9` and `-KILL` name a signal when they come first; `-123` that is no signal,
                // or a number after the signal, is a process group.
                if pids.is_empty()
                    && i == 1
                    && let Some(s) = parse_signal(body)
                {
                    sig = s;
                    continue;
                }
                if numeric {
                    pids.push(a);
                    continue;
                }
                if i == 1 {
                    ctx.error(&format!("unknown signal name {body}"));
                } else {
                    ctx.error(&format!(
                        "invalid argument {}",
                        body.chars().next().unwrap_or('-')
                    ));
                    ctx.err.str(USAGE);
                }
                return 1;
            }
        }
    }
    if pids.is_empty() {
        ctx.err.str(USAGE);
        return 1;
    }
    let mut status = 0;
    for p in pids {
        let Ok(pid) = p.parse::<i32>() else {
            ctx.error(&format!("failed to parse argument: '{p}'"));
            status = 1;
            continue;
        };
        if let Err(e) = ctx.sys.kill(pid, sig).await {
            ctx.error(&format!("({pid}) - {}", e.message()));
            status = 1;
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert_eq!(
            list_line(),
            "HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\n\
             CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n"
        );
        let table = list_table();
        let first = table.lines().next().expect("a line");
        assert_eq!(
            first,
            " 1 HUP      2 INT      3 QUIT     4 ILL      5 TRAP     6 ABRT     7 BUS"
        );
        assert_eq!(table.lines().count(), 5);
        assert!(table.ends_with("31 SYS     \n"));
    }

    #[test]
    fn conversions() {
        assert_eq!(convert("9").as_deref(), Some("KILL"));
        assert_eq!(convert("137").as_deref(), Some("KILL"));
        assert_eq!(convert("KILL").as_deref(), Some("9"));
        assert_eq!(convert("sigterm").as_deref(), Some("15"));
        assert_eq!(convert("99"), None);
        assert_eq!(parse_signal("0"), Some(None));
        assert_eq!(parse_signal("HUP"), Some(Some(Signal::SIGHUP)));
        assert_eq!(parse_signal("nope"), None);
    }
}
