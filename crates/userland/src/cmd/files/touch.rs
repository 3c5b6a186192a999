//! touch(1) as in GNU coreutils: create missing files, set access and/or modification times
//! to now, to `-d DATE`, to `-t [[CC]YY]MMDDhhmm[.ss]`, or to those of `-r FILE`.

use super::common::{self, quote};
use crate::Ctx;
use crate::cmd::timefmt;
use wosix_abi::call::TimeArg;
use wosix_abi::{AtFlags, Call, OFlags, Timespec};

const HELP: &str = "\
Usage: {prog} [OPTION]... FILE...
Update the access and modification times of each FILE to the current time.

A FILE argument that does not exist is created empty, unless -c or -h
is supplied.

  -a                     change only the access time
  -c, --no-create        do not create any files
  -d, --date=STRING      parse STRING and use it instead of current time
  -h, --no-dereference   affect each symbolic link instead of any referenced
                         file
  -m                     change only the modification time
  -r, --reference=FILE   use this file's times instead of current time
  -t STAMP               use [[CC]YY]MMDDhhmm[.ss] instead of current time
      --time=WORD        change the specified time:
                           WORD is access, atime, or use: equivalent to -a
                           WORD is modify or mtime: equivalent to -m
      --help             display this help and exit
";

/// Parse a `-t` stamp `[[CC]YY]MMDDhhmm[.ss]` (UTC); `year` fills in a missing year.
pub fn parse_stamp(s: &str, year: i64) -> Option<i64> {
    let (main, sec) = match s.split_once('.') {
        Some((m, ss)) if ss.len() == 2 && ss.bytes().all(|b| b.is_ascii_digit()) => {
            (m, ss.parse::<u32>().ok()?)
        }
        Some(_) => return None,
        None => (s, 0),
    };
    if !main.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match main.len() {
        8 => (year, main),
        10 => {
            let yy: i64 = main[..2].parse().ok()?;
            (if yy < 69 { 2000 + yy } else { 1900 + yy }, &main[2..])
        }
        12 => (main[..4].parse().ok()?, &main[4..]),
        _ => return None,
    };
    let n = |i: usize| rest[i..i + 2].parse::<u32>().ok();
    let (mo, d, h, mi) = (n(0)?, n(2)?, n(4)?, n(6)?);
    if !(1..=12).contains(&mo)
        || d == 0
        || d > timefmt::days_in_month(y, mo)
        || h > 23
        || mi > 59
        || sec > 60
    {
        return None;
    }
    Some(timefmt::to_epoch(y, mo, d, h, mi, sec))
}

/// touch(1).
pub async fn touch(ctx: &mut Ctx) -> i32 {
    let long = [
        "no-create",
        "date=",
        "no-dereference",
        "reference=",
        "time=",
        "help",
    ];
    let p = match common::parse(ctx, "acd:fhmr:t:", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    let mut only_a = p.has('a');
    let mut only_m = p.has('m');
    match p.long_value("time") {
        None => {}
        Some("access" | "atime" | "use") => only_a = true,
        Some("modify" | "mtime") => only_m = true,
        Some(other) => {
            let m = format!("invalid argument {} for '--time'", quote(other));
            return common::usage_error(ctx, &m, 1);
        }
    }
    let no_create = p.has('c') || p.has_long("no-create");
    let no_deref = p.has('h') || p.has_long("no-dereference");
    let now = common::now(&ctx.sys).await;
    let (mut atime, mut mtime) = (TimeArg::Now, TimeArg::Now);
    if let Some(r) = p.value('r').or(p.long_value("reference")) {
        match ctx.sys.stat(r).await {
            Ok(st) => {
                atime = TimeArg::Set(st.atime);
                mtime = TimeArg::Set(st.mtime);
            }
            Err(e) => {
                ctx.error(&format!(
                    "failed to get attributes of {}: {}",
                    quote(r),
                    e.message()
                ));
                return 1;
            }
        }
    }
    if let Some(d) = p.value('d').or(p.long_value("date")) {
        match timefmt::parse_date(d, now) {
            Some((sec, nsec)) => {
                atime = TimeArg::Set(Timespec { sec, nsec });
                mtime = atime;
            }
            None => {
                ctx.error(&format!("invalid date format {}", quote(d)));
                return 1;
            }
        }
    }
    if let Some(t) = p.value('t') {
        let year = timefmt::ymdhms(now).0;
        match parse_stamp(t, year) {
            Some(sec) => {
                atime = TimeArg::Set(Timespec { sec, nsec: 0 });
                mtime = atime;
            }
            None => {
                ctx.error(&format!("invalid date format {}", quote(t)));
                return 1;
            }
        }
    }
    if only_a && !only_m {
        mtime = TimeArg::Omit;
    }
    if only_m && !only_a {
        atime = TimeArg::Omit;
    }
    if p.operands.is_empty() {
        return common::usage_error(ctx, "missing file operand", 1);
    }
    let mut status = 0;
    for f in &p.operands {
        let exists = if no_deref {
            ctx.sys.lstat(f).await.is_ok()
        } else {
            ctx.sys.stat(f).await.is_ok()
        };
        if !exists {
            if no_create || no_deref {
                continue;
            }
            match ctx
                .sys
                .open(
                    f,
                    OFlags::WRONLY
                        | OFlags::CREAT
                        | OFlags::NONBLOCK
                        | OFlags::NOCTTY
                        | OFlags::CLOEXEC,
                    0o666,
                )
                .await
            {
                Ok(fd) => {
                    let _ = ctx.sys.close(fd).await;
                }
                Err(e) => {
                    ctx.error(&format!("cannot touch {}: {}", quote(f), e.message()));
                    status = 1;
                    continue;
                }
            }
        }
        let flags = if no_deref {
            AtFlags::SYMLINK_NOFOLLOW
        } else {
            AtFlags::empty()
        };
        let call = Call::Utimes {
            dir: None,
            path: f.clone(),
            atime,
            mtime,
            flags,
        };
        if let Err(e) = ctx.sys.call(call).await {
            ctx.error(&format!("setting times of {}: {}", quote(f), e.message()));
            status = 1;
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::parse_stamp;

    #[test]
    fn stamps() {
        assert_eq!(parse_stamp("202311220307.09", 0), Some(1_700_622_429));
        assert_eq!(parse_stamp("2311220307.09", 0), Some(1_700_622_429));
        assert_eq!(parse_stamp("11220307.09", 2023), Some(1_700_622_429));
        assert_eq!(parse_stamp("6901010000", 0), Some(-31_536_000));
        assert_eq!(parse_stamp("13010000", 2023), None);
        assert_eq!(parse_stamp("x", 2023), None);
        assert_eq!(parse_stamp("11220307.9", 2023), None);
    }
}
