//! Small programs of the text family: `yes` (repeat a line until the reader goes away) and
//! `sleep` (sum of durations with `s`/`m`/`h`/`d` suffixes, fractions and `inf`).

use super::common;
use crate::Ctx;
use wosix_abi::Fd;
use wosix_abi::call::ClockId;

const YES_HELP: &str = "Usage: yes [STRING]...
  or:  yes OPTION
Repeatedly output a line with all specified STRING(s), or 'y'.

      --help        display this help and exit
      --version     output version information and exit
";

const SLEEP_HELP: &str = "Usage: sleep NUMBER[SUFFIX]...
  or:  sleep OPTION
Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),
'm' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an
integer.  Given two or more arguments, pause for the amount of time
specified by the sum of their values.

      --help        display this help and exit
      --version     output version information and exit
";

/// yes(1).
pub async fn yes(ctx: &mut Ctx) -> i32 {
    let args: Vec<String> = ctx.argv[1..].to_vec();
    match args.first().map(String::as_str) {
        Some("--help") => return common::help(ctx, YES_HELP),
        Some("--version") => return common::version(ctx),
        Some(a) if a.starts_with("--") && a.len() > 2 => {
            return common::usage(ctx, &format!("unrecognized option '{a}'"), 1);
        }
        _ => {}
    }
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .skip_while(|a| *a == "--")
        .collect();
    let line = if words.is_empty() {
        "y\n".to_string()
    } else {
        format!("{}\n", words.join(" "))
    };
    let mut block = Vec::with_capacity(16384);
    while block.len() < 8192 {
        block.extend_from_slice(line.as_bytes());
    }
    loop {
        if let Err(e) = ctx.sys.write_all(Fd::STDOUT, &block).await {
            ctx.error(&format!("standard output: {}", e.message()));
            return 1;
        }
    }
}

/// Parse one `sleep` operand into nanoseconds (`None` if invalid; `u64::MAX` for infinity).
pub fn parse_duration(s: &str) -> Option<u64> {
    let (num, mult) = match s.char_indices().last() {
        Some((i, 's')) => (&s[..i], 1.0),
        Some((i, 'm')) => (&s[..i], 60.0),
        Some((i, 'h')) => (&s[..i], 3600.0),
        Some((i, 'd')) => (&s[..i], 86400.0),
        _ => (s, 1.0),
    };
    let lower = num.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(u64::MAX);
    }
    if num.is_empty()
        || !num.bytes().all(|b| {
            b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E' || b == b'+' || b == b'-'
        })
    {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    if v.is_nan() || v < 0.0 {
        return None;
    }
    let ns = v * mult * 1e9;
    Some(if ns >= u64::MAX as f64 {
        u64::MAX
    } else {
        ns.ceil() as u64
    })
}

/// sleep(1).
pub async fn sleep(ctx: &mut Ctx) -> i32 {
    let args: Vec<String> = ctx.argv[1..].to_vec();
    let mut total: u64 = 0;
    let mut ops = Vec::new();
    for (k, a) in args.iter().enumerate() {
        match a.as_str() {
            "--help" => return common::help(ctx, SLEEP_HELP),
            "--version" => return common::version(ctx),
            "--" => {
                ops.extend(args[k + 1..].iter().cloned());
                break;
            }
            _ => ops.push(a.clone()),
        }
    }
    if ops.is_empty() {
        return common::usage(ctx, "missing operand", 1);
    }
    let mut bad = false;
    for o in &ops {
        match parse_duration(o) {
            Some(n) => total = total.saturating_add(n),
            None => {
                ctx.error(&format!("invalid time interval {}", common::quote(o)));
                bad = true;
            }
        }
    }
    if bad {
        return common::usage(ctx, "", 1);
    }
    let sys = ctx.sys.clone();
    let start = match sys.clock_gettime(ClockId::Monotonic).await {
        Ok(t) => t.as_nanos(),
        Err(_) => 0,
    };
    let deadline = start.saturating_add(total);
    loop {
        let now = match sys.clock_gettime(ClockId::Monotonic).await {
            Ok(t) => t.as_nanos(),
            Err(_) => deadline,
        };
        if now >= deadline {
            return 0;
        }
        // Sleep in slices of at most a day so `sleep inf` never overflows the kernel's clock.
        let left = (deadline - now).min(86_400_000_000_000);
        match sys.sleep_ns(left).await {
            Ok(()) | Err(wosix_abi::Errno::EINTR) => {}
            Err(e) => {
                ctx.error(&format!("cannot read realtime clock: {}", e.message()));
                return 1;
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1"), Some(1_000_000_000));
        assert_eq!(parse_duration("0.5"), Some(500_000_000));
        assert_eq!(parse_duration("2m"), Some(120_000_000_000));
        assert_eq!(parse_duration("1.5h"), Some(5_400_000_000_000));
        assert_eq!(parse_duration("1d"), Some(86_400_000_000_000));
        assert_eq!(parse_duration("inf"), Some(u64::MAX));
        assert_eq!(parse_duration("x"), None);
        assert_eq!(parse_duration("-1"), None);
        assert_eq!(parse_duration("1x"), None);
    }
}
