//! date(1): print the time (UTC; Wosix has no time-zone database) in the default GNU form,
//! `+FORMAT`, `-R`, `-I[TIMESPEC]` or `--rfc-3339`, for now, `-d STRING` or a file's
//! modification time. Formatting is [`crate::cmd::timefmt`]'s strftime.

use super::common;
use crate::Ctx;
use crate::args;
use crate::cmd::timefmt;
use wosix_abi::call::ClockId;

const HELP: &str = "Usage: date [OPTION]... [+FORMAT]
  or:  date [-u|--utc|--universal] [MMDDhhmm[[CC]YY][.ss]]
Display date and time in the given FORMAT.

  -d, --date=STRING          display time described by STRING, not 'now'
  -I[FMT], --iso-8601[=FMT]  output date/time in ISO 8601 format.
                               FMT='date' for date only (the default),
                               'hours', 'minutes', 'seconds', or 'ns'
                               for date and time to the indicated precision.
                               Example: 2006-08-14T02:34:56-06:00
  -R, --rfc-email            output date and time in RFC 5322 format.
                               Example: Mon, 14 Aug 2006 02:34:56 -0600
      --rfc-3339=FMT         output date/time in RFC 3339 format.
                               FMT='date', 'seconds', or 'ns'
  -r, --reference=FILE       display the last modification time of FILE
  -s, --set=STRING           set time described by STRING
  -u, --utc, --universal     print or set Coordinated Universal Time (UTC)
      --help     display this help and exit
      --version  output version information and exit

FORMAT controls the output.  Interpreted sequences are:

  %%   a literal %
  %a   locale's abbreviated weekday name (e.g., Sun)
  %A   locale's full weekday name (e.g., Sunday)
  %b   locale's abbreviated month name (e.g., Jan)
  %B   locale's full month name (e.g., January)
  %c   locale's date and time (e.g., Thu Mar  3 23:05:25 2005)
  %C   century; like %Y, except omit last two digits (e.g., 20)
  %d   day of month (e.g., 01)
  %D   date; same as %m/%d/%y
  %e   day of month, space padded; same as %_d
  %F   full date; like %+4Y-%m-%d
  %g   last two digits of year of ISO week number (see %G)
  %G   year of ISO week number (see %V); normally useful only with %V
  %h   same as %b
  %H   hour (00..23)
  %I   hour (01..12)
  %j   day of year (001..366)
  %k   hour, space padded ( 0..23); same as %_H
  %l   hour, space padded ( 1..12); same as %_I
  %m   month (01..12)
  %M   minute (00..59)
  %n   a newline
  %N   nanoseconds (000000000..999999999)
  %p   locale's equivalent of either AM or PM; blank if not known
  %P   like %p, but lower case
  %r   locale's 12-hour clock time (e.g., 11:11:04 PM)
  %R   24-hour hour and minute; same as %H:%M
  %s   seconds since the Epoch (1970-01-01 00:00 UTC)
  %S   second (00..60)
  %t   a tab
  %T   time; same as %H:%M:%S
  %u   day of week (1..7); 1 is Monday
  %U   week number of year, with Sunday as first day of week (00..53)
  %V   ISO week number, with Monday as first day of week (01..53)
  %w   day of week (0..6); 0 is Sunday
  %W   week number of year, with Monday as first day of week (00..53)
  %x   locale's date representation (e.g., 12/31/99)
  %X   locale's time representation (e.g., 23:13:48)
  %y   last two digits of year (00..99)
  %Y   year
  %z   +hhmm numeric time zone (e.g., -0400)
  %:z  +hh:mm numeric time zone (e.g., -04:00)
  %::z  +hh:mm:ss numeric time zone (e.g., -04:00:00)
  %Z   alphabetic time zone abbreviation (e.g., EDT)

By default, date pads numeric fields with zeroes.
The following optional flags may follow '%':

  -  (hyphen) do not pad the field
  _  (underscore) pad with spaces
  0  (zero) pad with zeros
  ^  use upper case if possible
";

/// The default output format.
pub const DEFAULT_FORMAT: &str = "%a %b %e %H:%M:%S %Z %Y";

/// Replace the `%:z` family (UTC only) before handing the format to strftime.
fn colon_zones(fmt: &str) -> String {
    let mut out = String::with_capacity(fmt.len());
    let mut rest = fmt;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (rep, len) = if tail.starts_with("%%") {
            ("%%", 2)
        } else if tail.starts_with("%:::z") {
            ("+00", 5)
        } else if tail.starts_with("%::z") {
            ("+00:00:00", 4)
        } else if tail.starts_with("%:z") {
            ("+00:00", 3)
        } else {
            ("%", 1)
        };
        out.push_str(rep);
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

/// Render `secs.nsec` with a date(1) format.
pub fn render(fmt: &str, secs: i64, nsec: u32) -> String {
    timefmt::strftime_ns(&colon_zones(fmt), secs, nsec)
}

/// The format of `-I[TIMESPEC]`.
fn iso_format(spec: &str) -> Option<&'static str> {
    Some(match spec {
        "" | "date" => "%Y-%m-%d",
        "hours" => "%Y-%m-%dT%H%:z",
        "minutes" => "%Y-%m-%dT%H:%M%:z",
        "seconds" => "%Y-%m-%dT%H:%M:%S%:z",
        "ns" => "%Y-%m-%dT%H:%M:%S,%N%:z",
        _ => return None,
    })
}

/// date(1).
pub async fn date(ctx: &mut Ctx) -> i32 {
    // `-I` and `--iso-8601` take an optional argument.
    let argv: Vec<String> = ctx.argv[1..]
        .iter()
        .map(|a| match a.as_str() {
            "-I" | "--iso-8601" => "--iso-8601=date".to_string(),
            _ if a.starts_with("-I") => format!("--iso-8601={}", &a[2..]),
            _ => a.clone(),
        })
        .collect();
    let long = [
        "date=",
        "iso-8601=",
        "rfc-email",
        "rfc-822",
        "rfc-2822",
        "rfc-3339=",
        "reference=",
        "set=",
        "utc",
        "universal",
        "help",
        "version",
    ];
    let p = match args::parse(&argv, "d:Rr:s:u", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let map = [
        ('d', "date"),
        ('R', "rfc-email"),
        ('r', "reference"),
        ('s', "set"),
        ('u', "utc"),
    ];
    let mut when: Option<String> = None;
    let mut reference: Option<String> = None;
    let mut fmt: Option<String> = None;
    let mut set: Option<String> = None;
    let mut formats = 0;
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "date" => when = Some(v),
            "reference" => reference = Some(v),
            "set" => set = Some(v),
            "utc" | "universal" => {}
            "rfc-email" | "rfc-822" | "rfc-2822" => {
                formats += 1;
                fmt = Some("%a, %d %b %Y %H:%M:%S %z".into());
            }
            "iso-8601" => {
                formats += 1;
                match iso_format(&v) {
                    Some(f) => fmt = Some(f.into()),
                    None => {
                        ctx.error(&format!(
                            "invalid argument {} for '--iso-8601'",
                            common::quote(&v)
                        ));
                        ctx.err.str("Valid arguments are:\n  - 'hours'\n  - 'minutes'\n  - 'date'\n  - 'seconds'\n  - 'ns'\n");
                        return common::usage(ctx, "", 1);
                    }
                }
            }
            "rfc-3339" => {
                formats += 1;
                fmt = Some(
                    match v.as_str() {
                        "date" => "%Y-%m-%d",
                        "seconds" => "%Y-%m-%d %H:%M:%S%:z",
                        "ns" => "%Y-%m-%d %H:%M:%S.%N%:z",
                        _ => {
                            ctx.error(&format!(
                                "invalid argument {} for '--rfc-3339'",
                                common::quote(&v)
                            ));
                            ctx.err
                                .str("Valid arguments are:\n  - 'date'\n  - 'seconds'\n  - 'ns'\n");
                            return common::usage(ctx, "", 1);
                        }
                    }
                    .into(),
                );
            }
            _ => {}
        }
    }
    let mut ops = p.operands.clone();
    if let Some(first) = ops.first() {
        if let Some(f) = first.strip_prefix('+') {
            formats += 1;
            fmt = Some(f.to_string());
            ops.remove(0);
        } else if set.is_none() && ops.len() == 1 {
            set = Some(first.clone());
            ops.remove(0);
        }
    }
    if let Some(extra) = ops.first() {
        return common::usage(ctx, &format!("extra operand {}", common::quote(extra)), 1);
    }
    if formats > 1 {
        ctx.error("multiple output formats specified");
        return 1;
    }
    if when.is_some() && reference.is_some() {
        ctx.error("the options to specify dates for printing are mutually exclusive");
        return common::usage(ctx, "", 1);
    }
    let sys = ctx.sys.clone();
    let now = match sys.clock_gettime(ClockId::Realtime).await {
        Ok(t) => t,
        Err(e) => {
            ctx.error(&format!("cannot read the clock: {}", e.message()));
            return 1;
        }
    };
    let (secs, nsec) = if let Some(s) = set {
        if timefmt::parse_date(&s, now.sec).is_none() {
            ctx.error(&format!("invalid date {}", common::quote(&s)));
            return 1;
        }
        ctx.error("cannot set date: Operation not permitted");
        return 1;
    } else if let Some(d) = &when {
        match timefmt::parse_date(d, now.sec) {
            Some(t) => t,
            None => {
                ctx.error(&format!("invalid date {}", common::quote(d)));
                return 1;
            }
        }
    } else if let Some(r) = &reference {
        match sys.stat(r).await {
            Ok(st) => (st.mtime.sec, st.mtime.nsec),
            Err(e) => {
                ctx.error_path(r, e);
                return 1;
            }
        }
    } else {
        (now.sec, now.nsec)
    };
    let f = fmt.unwrap_or_else(|| DEFAULT_FORMAT.to_string());
    let text = render(&f, secs, nsec);
    ctx.out.str(&text);
    ctx.out.str("\n");
    0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        // 2026-11-22 03:07:40 UTC is a Sunday.
        let t = timefmt::to_epoch(2026, 11, 22, 3, 7, 40);
        assert_eq!(render(DEFAULT_FORMAT, t, 0), "Sun Nov 22 03:07:40 UTC 2026");
        assert_eq!(
            render("%a, %d %b %Y %H:%M:%S %z", t, 0),
            "Sun, 22 Nov 2026 03:07:40 +0000"
        );
        assert_eq!(
            render(iso_format("seconds").unwrap_or(""), t, 0),
            "2026-11-22T03:07:40+00:00"
        );
        assert_eq!(render("%%:z %::z", t, 0), "%:z +00:00:00");
        assert_eq!(render("%s", 0, 0), "0");
    }
}
