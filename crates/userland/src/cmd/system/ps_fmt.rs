//! ps(1) output columns as procps-ng defines them (format.c): the `-o` keywords, their headers,
//! widths and alignment, and how each value is rendered from a process record. Pure code:
//! the records come from /proc through `procfs`, the clock and memory size from the caller.

use super::procfs::{HZ, PAGE_SIZE, ProcInfo, tty_name};
use crate::cmd::timefmt::strftime;
use crate::cmd::users::UserDb;
use std::cmp::Ordering;

/// One process as ps sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// Process id.
    pub pid: u32,
    /// Parent pid.
    pub ppid: u32,
    /// Process group.
    pub pgid: u32,
    /// Session.
    pub sid: u32,
    /// Foreground group of its terminal (-1 = none).
    pub tpgid: i64,
    /// Terminal device number (0 = none).
    pub tty_nr: u64,
    /// State letter.
    pub state: char,
    /// Command name.
    pub comm: String,
    /// Arguments.
    pub cmdline: Vec<String>,
    /// Real user id.
    pub ruid: u32,
    /// Effective user id.
    pub euid: u32,
    /// Real group id.
    pub rgid: u32,
    /// Effective group id.
    pub egid: u32,
    /// CPU time (user + system), ticks.
    pub cpu_ticks: u64,
    /// Start time after boot, ticks.
    pub start_ticks: u64,
    /// Virtual size, bytes.
    pub vsize: u64,
    /// Resident size, pages.
    pub rss_pages: u64,
    /// Nice value.
    pub nice: i64,
    /// Kernel priority (20 for normal processes).
    pub priority: i64,
    /// Threads.
    pub threads: u64,
    /// Kernel flags.
    pub flags: u64,
}

impl Row {
    /// The record of a process read from /proc.
    pub fn from_info(p: &ProcInfo) -> Row {
        let s = &p.stat;
        Row {
            pid: s.pid,
            ppid: s.ppid,
            pgid: s.pgrp,
            sid: s.session,
            tpgid: s.tpgid,
            tty_nr: s.tty_nr,
            state: s.state,
            comm: s.comm.clone(),
            cmdline: p.cmdline.clone(),
            ruid: p.status.uid[0],
            euid: p.status.uid[1],
            rgid: p.status.gid[0],
            egid: p.status.gid[1],
            cpu_ticks: s.utime + s.stime,
            start_ticks: s.starttime,
            vsize: s.vsize,
            rss_pages: s.rss,
            nice: s.nice,
            priority: s.priority,
            threads: s.num_threads,
            flags: s.flags,
        }
    }
}

/// What values depend on besides the process: the clock, memory size and account names.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// Uptime, hundredths of a second.
    pub uptime_centis: u64,
    /// Wall-clock time, seconds since the epoch.
    pub now: i64,
    /// Installed memory, KiB.
    pub mem_total_kb: u64,
    /// Accounts, for names.
    pub db: UserDb,
}

impl Env {
    /// Seconds the process has been running.
    fn elapsed(&self, r: &Row) -> u64 {
        (self.uptime_centis / 100).saturating_sub(r.start_ticks / HZ)
    }
    /// Start time, seconds since the epoch.
    fn started(&self, r: &Row) -> i64 {
        let boot = self.now - (self.uptime_centis / 100) as i64;
        boot + (r.start_ticks / HZ) as i64
    }
    /// CPU use in tenths of a percent of its lifetime (procps `pcpu`).
    fn pcpu(&self, r: &Row) -> u64 {
        let secs = self.elapsed(r);
        (r.cpu_ticks * 1000 / HZ).checked_div(secs).unwrap_or(0)
    }
}

/// What a column shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Process id.
    Pid,
    /// Parent pid.
    Ppid,
    /// Process group.
    Pgid,
    /// Session.
    Sid,
    /// Terminal's foreground group.
    Tpgid,
    /// Terminal name.
    Tty,
    /// Multi-character state (`Ss+`).
    Stat,
    /// One-letter state.
    State,
    /// Effective user name.
    User,
    /// Real user name.
    Ruser,
    /// Effective uid.
    Uid,
    /// Real uid.
    Ruid,
    /// Effective group name.
    Group,
    /// Real group name.
    Rgroup,
    /// Effective gid.
    Gid,
    /// Real gid.
    Rgid,
    /// Command name.
    Comm,
    /// Command with arguments.
    Args,
    /// Elapsed time `[[dd-]hh:]mm:ss`.
    Etime,
    /// Elapsed seconds.
    Etimes,
    /// CPU time `[dd-]hh:mm:ss`.
    Time,
    /// CPU time `m:ss` (BSD).
    BsdTime,
    /// CPU seconds.
    Times,
    /// CPU percentage.
    Pcpu,
    /// Memory percentage.
    Pmem,
    /// Resident KiB.
    Rss,
    /// Virtual KiB.
    Vsz,
    /// Virtual pages.
    Sz,
    /// Start time, 5 columns.
    Stime,
    /// Start time, 8 columns.
    Start,
    /// Full start time.
    Lstart,
    /// Nice value.
    Ni,
    /// Priority, 39 to 0.
    Pri,
    /// Priority, 80 for normal processes (`ps -l`).
    Opri,
    /// Integer CPU percentage.
    C,
    /// Threads.
    Nlwp,
    /// Flags.
    F,
    /// Memory address (always `-`).
    Addr,
    /// Wait channel (always `-`).
    Wchan,
    /// Processor.
    Psr,
}

/// A format keyword: names, header, width, right-aligned.
struct Keyword(&'static [&'static str], &'static str, usize, bool, Kind);

const KEYWORDS: &[Keyword] = &[
    Keyword(&["pid", "tgid"], "PID", 7, true, Kind::Pid),
    Keyword(&["ppid"], "PPID", 7, true, Kind::Ppid),
    Keyword(&["pgid", "pgrp"], "PGID", 7, true, Kind::Pgid),
    Keyword(&["sid", "sess", "session"], "SID", 7, true, Kind::Sid),
    Keyword(&["tpgid"], "TPGID", 7, true, Kind::Tpgid),
    Keyword(&["tty", "tt"], "TT", 8, false, Kind::Tty),
    Keyword(&["tname"], "TTY", 8, false, Kind::Tty),
    Keyword(&["stat"], "STAT", 4, false, Kind::Stat),
    Keyword(&["s", "state"], "S", 1, false, Kind::State),
    Keyword(&["user", "euser", "uname"], "USER", 8, false, Kind::User),
    Keyword(&["ruser"], "RUSER", 8, false, Kind::Ruser),
    Keyword(&["uid", "euid"], "UID", 5, true, Kind::Uid),
    Keyword(&["ruid"], "RUID", 5, true, Kind::Ruid),
    Keyword(&["group", "egroup"], "GROUP", 8, false, Kind::Group),
    Keyword(&["rgroup"], "RGROUP", 8, false, Kind::Rgroup),
    Keyword(&["gid", "egid"], "GID", 5, true, Kind::Gid),
    Keyword(&["rgid"], "RGID", 5, true, Kind::Rgid),
    Keyword(&["comm", "ucomm"], "COMMAND", 15, false, Kind::Comm),
    Keyword(&["ucmd"], "CMD", 15, false, Kind::Comm),
    Keyword(&["args", "command"], "COMMAND", 27, false, Kind::Args),
    Keyword(&["cmd"], "CMD", 27, false, Kind::Args),
    Keyword(&["etime"], "ELAPSED", 11, true, Kind::Etime),
    Keyword(&["etimes"], "ELAPSED", 7, true, Kind::Etimes),
    Keyword(&["time", "cputime"], "TIME", 8, true, Kind::Time),
    Keyword(&["bsdtime"], "TIME", 6, true, Kind::BsdTime),
    Keyword(&["times", "cputimes"], "TIME", 8, true, Kind::Times),
    Keyword(&["%cpu", "pcpu"], "%CPU", 4, true, Kind::Pcpu),
    Keyword(&["%mem", "pmem"], "%MEM", 4, true, Kind::Pmem),
    Keyword(&["rss", "rssize"], "RSS", 5, true, Kind::Rss),
    Keyword(&["rsz"], "RSZ", 5, true, Kind::Rss),
    Keyword(&["vsz", "vsize"], "VSZ", 6, true, Kind::Vsz),
    Keyword(&["sz"], "SZ", 5, true, Kind::Sz),
    Keyword(&["stime"], "STIME", 5, false, Kind::Stime),
    Keyword(&["start_time"], "START", 5, false, Kind::Stime),
    Keyword(&["start"], "STARTED", 8, true, Kind::Start),
    Keyword(&["lstart"], "STARTED", 24, false, Kind::Lstart),
    Keyword(&["ni", "nice"], "NI", 3, true, Kind::Ni),
    Keyword(&["pri"], "PRI", 3, true, Kind::Pri),
    Keyword(&["opri"], "PRI", 3, true, Kind::Opri),
    Keyword(&["c"], "C", 2, true, Kind::C),
    Keyword(&["nlwp", "thcount"], "NLWP", 4, true, Kind::Nlwp),
    Keyword(&["f", "flag", "flags"], "F", 1, true, Kind::F),
    Keyword(&["addr"], "ADDR", 4, true, Kind::Addr),
    Keyword(&["wchan"], "WCHAN", 6, false, Kind::Wchan),
    Keyword(&["psr"], "PSR", 3, true, Kind::Psr),
];

/// One output column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// What it shows.
    pub kind: Kind,
    /// Header text (empty = none).
    pub header: String,
    /// Minimum width.
    pub width: usize,
    /// Right-aligned.
    pub right: bool,
}

/// The column for keyword `name` (with its default header), if there is one.
pub fn column(name: &str) -> Option<Column> {
    let k = KEYWORDS.iter().find(|k| k.0.contains(&name))?;
    Some(Column {
        kind: k.4,
        header: k.1.to_string(),
        width: k.2,
        right: k.3,
    })
}

/// The kind a `--sort` key names.
pub fn sort_kind(name: &str) -> Option<Kind> {
    column(name).map(|c| c.kind)
}

/// Parse one `-o` argument: keywords separated by commas or blanks; `name=header` renames a
/// column, the header running to the end of the argument.
///
/// # Errors
/// The unknown keyword.
pub fn parse_format(spec: &str) -> Result<Vec<Column>, String> {
    let mut out = Vec::new();
    let mut rest = spec.trim_start_matches([',', ' ']);
    while !rest.is_empty() {
        let end = rest.find([',', ' ', '=']).unwrap_or(rest.len());
        let name = &rest[..end];
        let mut col = column(name).ok_or_else(|| name.to_string())?;
        if rest[end..].starts_with('=') {
            col.header = rest[end + 1..].to_string();
            col.width = col.width.max(col.header.chars().count());
            out.push(col);
            break;
        }
        col.width = col.width.max(col.header.chars().count());
        out.push(col);
        rest = rest[end..].trim_start_matches([',', ' ']);
    }
    Ok(out)
}

/// `[dd-]hh:mm:ss`, as procps prints CPU time.
pub fn fmt_time(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}-{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// `[[dd-]hh:]mm:ss`, as procps prints elapsed time.
pub fn fmt_etime(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (d, h) {
        (0, 0) => format!("{m:02}:{s:02}"),
        (0, _) => format!("{h:02}:{m:02}:{s:02}"),
        _ => format!("{d}-{h:02}:{m:02}:{s:02}"),
    }
}

/// `m:ss`, the BSD TIME column.
pub fn fmt_bsdtime(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Tenths as procps shows percentages: `0.5`, `12.0`, `105` beyond 99.9.
fn fmt_tenths(v: u64) -> String {
    if v > 999 {
        format!("{}", v / 10)
    } else {
        format!("{}.{}", v / 10, v % 10)
    }
}

/// The STAT column: state, then `<`/`N` for nice, `s` session leader, `l` threads, `+`
/// foreground group.
pub fn stat_string(r: &Row) -> String {
    let mut s = String::new();
    s.push(r.state);
    if r.nice < 0 {
        s.push('<');
    } else if r.nice > 0 {
        s.push('N');
    }
    if r.pid == r.sid {
        s.push('s');
    }
    if r.threads > 1 {
        s.push('l');
    }
    if r.tpgid >= 0 && r.pgid as i64 == r.tpgid {
        s.push('+');
    }
    s
}

/// The command with its arguments (`[comm]` when it has none), `<defunct>` for zombies.
pub fn args_string(r: &Row) -> String {
    let mut s = if r.cmdline.is_empty() {
        format!("[{}]", r.comm)
    } else {
        r.cmdline.join(" ")
    };
    if r.state == 'Z' {
        s.push_str(" <defunct>");
    }
    s
}

fn name_or_id(name: Option<&str>, id: u32) -> String {
    name.map(str::to_string).unwrap_or_else(|| id.to_string())
}

/// The text of `kind` for row `r`.
pub fn render(kind: Kind, r: &Row, env: &Env) -> String {
    let cpu_secs = r.cpu_ticks / HZ;
    match kind {
        Kind::Pid => r.pid.to_string(),
        Kind::Ppid => r.ppid.to_string(),
        Kind::Pgid => r.pgid.to_string(),
        Kind::Sid => r.sid.to_string(),
        Kind::Tpgid => r.tpgid.to_string(),
        Kind::Tty => tty_name(r.tty_nr).unwrap_or_else(|| "?".into()),
        Kind::Stat => stat_string(r),
        Kind::State => r.state.to_string(),
        Kind::User => name_or_id(env.db.user_name(r.euid), r.euid),
        Kind::Ruser => name_or_id(env.db.user_name(r.ruid), r.ruid),
        Kind::Uid => r.euid.to_string(),
        Kind::Ruid => r.ruid.to_string(),
        Kind::Group => name_or_id(env.db.group_name(r.egid), r.egid),
        Kind::Rgroup => name_or_id(env.db.group_name(r.rgid), r.rgid),
        Kind::Gid => r.egid.to_string(),
        Kind::Rgid => r.rgid.to_string(),
        Kind::Comm => {
            if r.state == 'Z' {
                format!("{} <defunct>", r.comm)
            } else {
                r.comm.clone()
            }
        }
        Kind::Args => args_string(r),
        Kind::Etime => fmt_etime(env.elapsed(r)),
        Kind::Etimes => env.elapsed(r).to_string(),
        Kind::Time => fmt_time(cpu_secs),
        Kind::BsdTime => fmt_bsdtime(cpu_secs),
        Kind::Times => cpu_secs.to_string(),
        Kind::Pcpu => fmt_tenths(env.pcpu(r)),
        Kind::Pmem => {
            let rss_kb = r.rss_pages * PAGE_SIZE / 1024;
            let v = (rss_kb * 1000).checked_div(env.mem_total_kb).unwrap_or(0);
            fmt_tenths(v)
        }
        Kind::Rss => (r.rss_pages * PAGE_SIZE / 1024).to_string(),
        Kind::Vsz => (r.vsize / 1024).to_string(),
        Kind::Sz => r.vsize.div_ceil(PAGE_SIZE).to_string(),
        Kind::Stime => {
            let t = env.started(r);
            let (now_y, now_d) = (strftime("%Y", env.now), strftime("%j", env.now));
            let fmt = if strftime("%Y", t) != now_y {
                "%Y"
            } else if strftime("%j", t) != now_d {
                "%b%d"
            } else {
                "%H:%M"
            };
            strftime(fmt, t)
        }
        Kind::Start => {
            let t = env.started(r);
            strftime(
                if env.now - t > 86_400 {
                    "%b %e"
                } else {
                    "%H:%M:%S"
                },
                t,
            )
        }
        Kind::Lstart => strftime("%a %b %e %H:%M:%S %Y", env.started(r)),
        Kind::Ni => r.nice.to_string(),
        Kind::Pri => (39 - r.priority).to_string(),
        Kind::Opri => (60 + r.priority).to_string(),
        Kind::C => (env.pcpu(r) / 10).min(99).to_string(),
        Kind::Nlwp => r.threads.to_string(),
        Kind::F => format!("{:x}", (r.flags >> 6) & 7),
        Kind::Addr | Kind::Wchan => "-".to_string(),
        Kind::Psr => "0".to_string(),
    }
}

/// Order two rows by `kind` (numbers numerically, names as text).
pub fn compare(kind: Kind, a: &Row, b: &Row, env: &Env) -> Ordering {
    let num = |r: &Row| -> Option<i128> {
        Some(match kind {
            Kind::Pid => r.pid as i128,
            Kind::Ppid => r.ppid as i128,
            Kind::Pgid => r.pgid as i128,
            Kind::Sid => r.sid as i128,
            Kind::Tpgid => r.tpgid as i128,
            Kind::Tty => r.tty_nr as i128,
            Kind::Uid => r.euid as i128,
            Kind::Ruid => r.ruid as i128,
            Kind::Gid => r.egid as i128,
            Kind::Rgid => r.rgid as i128,
            Kind::Etime | Kind::Etimes => env.elapsed(r) as i128,
            Kind::Time | Kind::BsdTime | Kind::Times => r.cpu_ticks as i128,
            Kind::Pcpu | Kind::C => env.pcpu(r) as i128,
            Kind::Pmem | Kind::Rss => r.rss_pages as i128,
            Kind::Vsz | Kind::Sz => r.vsize as i128,
            Kind::Stime | Kind::Start | Kind::Lstart => r.start_ticks as i128,
            Kind::Ni => r.nice as i128,
            Kind::Pri | Kind::Opri => r.priority as i128,
            Kind::Nlwp => r.threads as i128,
            Kind::F => r.flags as i128,
            _ => return None,
        })
    };
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => render(kind, a, env).cmp(&render(kind, b, env)),
    }
}

/// Lay out one line: each column padded to its width and separated by a space; a left-aligned
/// last column is not padded, and command columns that are not last are cut to their width.
pub fn layout(cols: &[Column], cells: &[String]) -> String {
    let mut line = String::new();
    for (i, (c, cell)) in cols.iter().zip(cells).enumerate() {
        if i > 0 {
            line.push(' ');
        }
        let last = i + 1 == cols.len();
        let mut text = cell.clone();
        if !last && matches!(c.kind, Kind::Comm | Kind::Args) && text.chars().count() > c.width {
            text = text.chars().take(c.width).collect();
        }
        let n = text.chars().count();
        let pad = c.width.saturating_sub(n);
        if c.right {
            line.extend(std::iter::repeat_n(' ', pad));
            line.push_str(&text);
        } else {
            line.push_str(&text);
            if !last {
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Row {
        Row {
            pid: 42,
            ppid: 1,
            pgid: 42,
            sid: 42,
            tpgid: 42,
            tty_nr: 136 << 8,
            state: 'S',
            comm: "sh".into(),
            cmdline: vec!["-sh".into()],
            ruid: 1000,
            euid: 1000,
            rgid: 1000,
            egid: 1000,
            cpu_ticks: 6_150,
            start_ticks: 1_000,
            vsize: 8_192_000,
            rss_pages: 300,
            priority: 20,
            threads: 1,
            ..Row::default()
        }
    }

    fn env() -> Env {
        let db = UserDb::parse(
            "root:x:0:0::/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n",
            "user:x:1000:\n",
        );
        // Booted at 2023-11-22 00:00:00; now 2 hours later.
        Env {
            uptime_centis: 720_000,
            now: 1_700_611_200 + 7200,
            mem_total_kb: 4_194_304,
            db,
        }
    }

    #[test]
    fn time_formats() {
        assert_eq!(fmt_time(0), "00:00:00");
        assert_eq!(fmt_time(61), "00:01:01");
        assert_eq!(fmt_time(90_061), "1-01:01:01");
        assert_eq!(fmt_etime(5), "00:05");
        assert_eq!(fmt_etime(3_725), "01:02:05");
        assert_eq!(fmt_etime(2 * 86_400 + 5), "2-00:00:05");
        assert_eq!(fmt_bsdtime(0), "0:00");
        assert_eq!(fmt_bsdtime(7_265), "121:05");
    }

    #[test]
    fn values() {
        let (r, e) = (row(), env());
        assert_eq!(render(Kind::Stat, &r, &e), "Ss+");
        assert_eq!(render(Kind::Tty, &r, &e), "pts/0");
        assert_eq!(render(Kind::User, &r, &e), "user");
        assert_eq!(render(Kind::Group, &r, &e), "user");
        assert_eq!(render(Kind::Time, &r, &e), "00:01:01");
        assert_eq!(render(Kind::BsdTime, &r, &e), "1:01");
        // 61.5 s of CPU over 7190 s of life.
        assert_eq!(render(Kind::Pcpu, &r, &e), "0.8");
        assert_eq!(render(Kind::C, &r, &e), "0");
        assert_eq!(render(Kind::Rss, &r, &e), "1200");
        assert_eq!(render(Kind::Vsz, &r, &e), "8000");
        assert_eq!(render(Kind::Pmem, &r, &e), "0.0");
        assert_eq!(render(Kind::Etime, &r, &e), "01:59:50");
        assert_eq!(render(Kind::Stime, &r, &e), "00:00");
        assert_eq!(render(Kind::Start, &r, &e), "00:00:10");
        assert_eq!(render(Kind::Opri, &r, &e), "80");
        assert_eq!(render(Kind::Args, &r, &e), "-sh");
        let z = Row {
            state: 'Z',
            cmdline: vec![],
            pgid: 7,
            ..row()
        };
        assert_eq!(render(Kind::Args, &z, &e), "[sh] <defunct>");
        assert_eq!(render(Kind::Comm, &z, &e), "sh <defunct>");
        assert_eq!(stat_string(&z), "Zs");
        let old = Row {
            start_ticks: 0,
            ..row()
        };
        let e2 = Env {
            uptime_centis: 100 * 86_400 * 3,
            ..env()
        };
        assert_eq!(render(Kind::Stime, &old, &e2), "Nov19");
        assert_eq!(render(Kind::Start, &old, &e2), "Nov 19");
        assert_eq!(fmt_tenths(1234), "123");
    }

    #[test]
    fn formats_and_layout() {
        let cols = parse_format("pid,tname time,cmd").expect("valid");
        let hdr: Vec<String> = cols.iter().map(|c| c.header.clone()).collect();
        assert_eq!(layout(&cols, &hdr), "    PID TTY          TIME CMD");
        let (r, e) = (row(), env());
        let cells: Vec<String> = cols.iter().map(|c| render(c.kind, &r, &e)).collect();
        assert_eq!(layout(&cols, &cells), "     42 pts/0    00:01:01 -sh");
        let renamed = parse_format("pid,comm=Name,x").expect("valid");
        assert_eq!(renamed.len(), 2);
        assert_eq!(renamed[1].header, "Name,x");
        let blank = parse_format("pid=,comm=").expect("valid");
        assert_eq!(blank.len(), 1);
        assert_eq!(blank[0].header, ",comm=");
        assert_eq!(parse_format("pid,bogus"), Err("bogus".to_string()));
        let cut = parse_format("comm,pid").expect("valid");
        let cells = vec!["a-very-long-command-name".to_string(), "1".to_string()];
        assert_eq!(layout(&cut, &cells), "a-very-long-com       1");
    }

    #[test]
    fn sorting() {
        let e = env();
        let a = row();
        let b = Row {
            pid: 7,
            rss_pages: 900,
            comm: "zz".into(),
            ..row()
        };
        assert_eq!(compare(Kind::Pid, &a, &b, &e), Ordering::Greater);
        assert_eq!(compare(Kind::Rss, &a, &b, &e), Ordering::Less);
        assert_eq!(compare(Kind::Comm, &a, &b, &e), Ordering::Less);
    }
}
