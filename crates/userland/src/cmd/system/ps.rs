//! ps(1), procps-ng compatible: UNIX options (`-e -A -a -d -N -f -F -l -j -H -o -p -u -U -g
//! -G -s -t -C`), BSD options (`a x u j l f h w r T c o p U t`, as in `ps aux`), GNU long
//! options (`--pid --ppid --user --sort --forest --no-headers …`), and the default selection:
//! the caller's processes on the caller's terminal. Values come from /proc only.

use super::procfs::{self, tty_number};
use super::ps_fmt::{self, Column, Env, Kind, Row};
use crate::Ctx;
use crate::cmd::users::UserDb;
use wosix_abi::Fd;
use wosix_abi::call::ClockId;

/// What the command line asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opts {
    /// `-e`/`-A`: every process.
    pub all: bool,
    /// `-a`: all with a terminal, except session leaders.
    pub tty_non_leaders: bool,
    /// `-d`: all except session leaders.
    pub non_leaders: bool,
    /// `-N`/`--deselect`: invert the selection.
    pub deselect: bool,
    /// BSD syntax was used.
    pub bsd: bool,
    /// BSD `a`: other users' processes too.
    pub bsd_a: bool,
    /// BSD `x`: processes without a terminal too.
    pub bsd_x: bool,
    /// BSD `T`: processes on this terminal.
    pub bsd_t: bool,
    /// BSD `r`: running processes only.
    pub running: bool,
    /// `-p`, `p`, `--pid`, bare numbers.
    pub pids: Vec<u32>,
    /// `--ppid`.
    pub ppids: Vec<u32>,
    /// `-u`, `U`, `--user` (effective), as names or numbers.
    pub euids: Vec<String>,
    /// `-U`, `--User` (real).
    pub ruids: Vec<String>,
    /// `-G`, `--Group` (real group).
    pub rgids: Vec<String>,
    /// `-g`, `--group`: session, process group or effective group.
    pub groups: Vec<String>,
    /// `-s`, `--sid`.
    pub sids: Vec<u32>,
    /// `-t`, `t`, `--tty`.
    pub ttys: Vec<String>,
    /// `-C`: command names.
    pub cmds: Vec<String>,
    /// The output format: `None` until a format option picks one.
    pub format: Option<Vec<Column>>,
    /// Format family letters seen (`f`, `F`, `l`, `j`, BSD `u`, `j`, `l`).
    pub style: Style,
    /// `--sort` keys, `-` for descending.
    pub sort: Vec<(Kind, bool)>,
    /// `--forest`, BSD `f`: ASCII-art tree.
    pub forest: bool,
    /// `-H`: indent children.
    pub hierarchy: bool,
    /// `--no-headers`, BSD `h`.
    pub no_headers: bool,
    /// `-w`/`w` count (wider output).
    pub wide: u32,
    /// BSD `c`: command name instead of arguments.
    pub bsd_c: bool,
    /// `--help`.
    pub help: bool,
    /// `--version`.
    pub version: bool,
}

/// Which predefined format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// `-f`.
    pub full: bool,
    /// `-F`.
    pub extra: bool,
    /// `-l`.
    pub long: bool,
    /// `-j`.
    pub jobs: bool,
    /// BSD `u`.
    pub bsd_u: bool,
    /// BSD `j`.
    pub bsd_j: bool,
    /// BSD `l`.
    pub bsd_l: bool,
}

/// A command-line error, with procps's wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PsError {
    /// Bad UNIX option letter.
    SysV,
    /// Bad BSD option letter.
    Bsd,
    /// Bad long option.
    Gnu,
    /// Bad argument to an option (message).
    Bad(String),
}

fn list(v: &str) -> impl Iterator<Item = &str> {
    v.split([',', ' ']).filter(|s| !s.is_empty())
}

fn pids(v: &str) -> Result<Vec<u32>, PsError> {
    list(v)
        .map(|p| {
            p.parse()
                .map_err(|_| PsError::Bad("process ID list syntax error".into()))
        })
        .collect()
}

fn format(v: &str) -> Result<Vec<Column>, PsError> {
    ps_fmt::parse_format(v)
        .map_err(|k| PsError::Bad(format!("unknown user-defined format specifier \"{k}\"")))
}

fn sort_keys(v: &str) -> Result<Vec<(Kind, bool)>, PsError> {
    list(v)
        .map(|k| {
            let (desc, name) = match k.as_bytes().first() {
                Some(b'-') => (true, &k[1..]),
                Some(b'+') => (false, &k[1..]),
                _ => (false, k),
            };
            ps_fmt::sort_kind(name)
                .map(|kind| (kind, desc))
                .ok_or_else(|| PsError::Bad("unknown sort specifier".into()))
        })
        .collect()
}

/// Parse ps's arguments (without `argv[0]`).
pub fn parse(args: &[String]) -> Result<Opts, PsError> {
    let mut o = Opts::default();
    let mut i = 0;
    let take = |i: &mut usize, attached: &str| -> Result<String, PsError> {
        if !attached.is_empty() {
            return Ok(attached.to_string());
        }
        *i += 1;
        args.get(*i - 1)
            .cloned()
            .ok_or_else(|| PsError::Bad("list of process IDs must follow".into()))
    };
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        if let Some(long) = a.strip_prefix("--") {
            let (name, val) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let mut value =
                || -> Result<String, PsError> { val.clone().map_or_else(|| take(&mut i, ""), Ok) };
            match name {
                "pid" => o.pids.extend(pids(&value()?)?),
                "ppid" => o.ppids.extend(pids(&value()?)?),
                "user" => o.euids.extend(list(&value()?).map(str::to_string)),
                "User" => o.ruids.extend(list(&value()?).map(str::to_string)),
                "group" => o.groups.extend(list(&value()?).map(str::to_string)),
                "Group" => o.rgids.extend(list(&value()?).map(str::to_string)),
                "sid" => o.sids.extend(pids(&value()?)?),
                "tty" => o.ttys.extend(list(&value()?).map(str::to_string)),
                "format" => o
                    .format
                    .get_or_insert_with(Vec::new)
                    .extend(format(&value()?)?),
                "sort" => o.sort.extend(sort_keys(&value()?)?),
                "forest" => o.forest = true,
                "no-headers" | "no-heading" => o.no_headers = true,
                "deselect" => o.deselect = true,
                "width" | "cols" | "columns" => {
                    value()?;
                    o.wide = 2;
                }
                "help" => o.help = true,
                "version" => o.version = true,
                _ => return Err(PsError::Gnu),
            }
            continue;
        }
        if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            let chars: Vec<char> = flags.chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                j += 1;
                let rest: String = chars[j..].iter().collect();
                match c {
                    'e' | 'A' => o.all = true,
                    'a' => o.tty_non_leaders = true,
                    'd' => o.non_leaders = true,
                    'N' => o.deselect = true,
                    'f' => o.style.full = true,
                    'F' => o.style.extra = true,
                    'l' => o.style.long = true,
                    'j' => o.style.jobs = true,
                    'H' => o.hierarchy = true,
                    'w' => o.wide += 1,
                    'V' => o.version = true,
                    'o' | 'p' | 'q' | 'u' | 'U' | 'g' | 'G' | 's' | 't' | 'C' => {
                        let v = take(&mut i, &rest)?;
                        match c {
                            'o' => o.format.get_or_insert_with(Vec::new).extend(format(&v)?),
                            'p' | 'q' => o.pids.extend(pids(&v)?),
                            'u' => o.euids.extend(list(&v).map(str::to_string)),
                            'U' => o.ruids.extend(list(&v).map(str::to_string)),
                            'g' => o.groups.extend(list(&v).map(str::to_string)),
                            'G' => o.rgids.extend(list(&v).map(str::to_string)),
                            's' => o.sids.extend(pids(&v)?),
                            't' => o.ttys.extend(list(&v).map(str::to_string)),
                            _ => o.cmds.extend(list(&v).map(str::to_string)),
                        }
                        break;
                    }
                    _ => return Err(PsError::SysV),
                }
            }
            continue;
        }
        if !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit() || b == b',') {
            o.pids.extend(pids(&a)?);
            continue;
        }
        o.bsd = true;
        let chars: Vec<char> = a.chars().collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            j += 1;
            let rest: String = chars[j..].iter().collect();
            match c {
                'a' => o.bsd_a = true,
                'x' => o.bsd_x = true,
                'u' => o.style.bsd_u = true,
                'j' => o.style.bsd_j = true,
                'l' => o.style.bsd_l = true,
                'f' => o.forest = true,
                'h' => o.no_headers = true,
                'w' => o.wide += 1,
                'r' => o.running = true,
                'T' => o.bsd_t = true,
                'c' => o.bsd_c = true,
                'e' | 'g' | 'n' | 'S' => {}
                'o' | 'O' | 'k' | 'p' | 'U' | 't' => {
                    let v = take(&mut i, &rest)?;
                    match c {
                        'o' => o.format.get_or_insert_with(Vec::new).extend(format(&v)?),
                        'O' | 'k' => o.sort.extend(sort_keys(&v)?),
                        'p' => o.pids.extend(pids(&v)?),
                        'U' => o.euids.extend(list(&v).map(str::to_string)),
                        _ => o.ttys.extend(list(&v).map(str::to_string)),
                    }
                    break;
                }
                _ => return Err(PsError::Bsd),
            }
        }
    }
    Ok(o)
}

/// Columns of a built-in format: comma-separated keywords, each may be renamed `kw=HEADER`.
fn cols(spec: &str) -> Vec<Column> {
    spec.split(',')
        .filter_map(|item| ps_fmt::parse_format(item).ok())
        .flatten()
        .collect()
}

/// The columns to print.
pub fn columns(o: &Opts) -> Vec<Column> {
    if let Some(f) = &o.format {
        return f.clone();
    }
    let s = o.style;
    let cmd = if o.bsd_c {
        "comm=COMMAND"
    } else {
        "args=COMMAND"
    };
    if s.bsd_u {
        return cols(&format!(
            "user,pid,%cpu,%mem,vsz,rss,tname,stat,start_time,bsdtime,{cmd}"
        ));
    }
    if s.bsd_j {
        return cols(&format!(
            "ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,{cmd}"
        ));
    }
    if s.bsd_l {
        return cols(&format!(
            "f,uid,pid,ppid,opri,ni,vsz,rss,wchan,stat,tname,bsdtime,{cmd}"
        ));
    }
    if s.long {
        let mut v = cols("f,s");
        v.extend(cols(if s.full { "user=UID" } else { "uid" }));
        v.extend(cols("pid,ppid,c,opri,ni,addr,sz,wchan"));
        if s.full {
            v.extend(cols("stime"));
        }
        v.extend(cols(if s.full {
            "tname,time,args=CMD"
        } else {
            "tname,time,ucmd"
        }));
        return v;
    }
    if s.extra {
        return cols("user=UID,pid,ppid,c,sz,rss,psr,stime,tname,time,args=CMD");
    }
    if s.full {
        return if s.jobs {
            cols("user=UID,pid,ppid,pgid,sid,c,stime,tname,time,args=CMD")
        } else {
            cols("user=UID,pid,ppid,c,stime,tname,time,args=CMD")
        };
    }
    if s.jobs {
        return cols("pid,pgid,sid,tname,time,ucmd");
    }
    if o.bsd {
        return cols(&format!("pid,tname,stat,bsdtime,{cmd}"));
    }
    cols("pid,tname,time,ucmd")
}

/// Who is asking: effective uid and terminal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Me {
    /// Effective uid.
    pub euid: u32,
    /// Terminal device number (0 = none).
    pub tty_nr: u64,
}

fn user_matches(db: &UserDb, names: &[String], uid: u32) -> bool {
    names
        .iter()
        .any(|n| db.user(n).map(|u| u.uid) == Some(uid) || n.parse() == Ok(uid))
}

fn group_matches(db: &UserDb, names: &[String], gid: u32) -> bool {
    names
        .iter()
        .any(|n| db.group(n).map(|g| g.gid) == Some(gid) || n.parse() == Ok(gid))
}

fn tty_matches(ttys: &[String], tty_nr: u64) -> bool {
    ttys.iter().any(|t| match t.as_str() {
        "-" | "?" => tty_nr == 0,
        t if t.bytes().all(|b| b.is_ascii_digit()) => {
            tty_number(&format!("pts/{t}")) == Some(tty_nr)
        }
        t => tty_number(t) == Some(tty_nr),
    })
}

/// Whether row `r` is selected.
pub fn selected(o: &Opts, r: &Row, me: Me, db: &UserDb) -> bool {
    let hit = (|| {
        if o.all || (o.bsd_a && o.bsd_x) {
            return true;
        }
        let mut any = false;
        let mut hit = false;
        let mut check = |given: bool, ok: bool| {
            any |= given;
            hit |= given && ok;
        };
        check(!o.pids.is_empty(), o.pids.contains(&r.pid));
        check(!o.ppids.is_empty(), o.ppids.contains(&r.ppid));
        check(!o.sids.is_empty(), o.sids.contains(&r.sid));
        check(!o.euids.is_empty(), user_matches(db, &o.euids, r.euid));
        check(!o.ruids.is_empty(), user_matches(db, &o.ruids, r.ruid));
        check(!o.rgids.is_empty(), group_matches(db, &o.rgids, r.rgid));
        check(
            !o.groups.is_empty(),
            group_matches(db, &o.groups, r.egid)
                || o.groups
                    .iter()
                    .any(|g| g.parse() == Ok(r.sid) || g.parse() == Ok(r.pgid)),
        );
        check(!o.ttys.is_empty(), tty_matches(&o.ttys, r.tty_nr));
        check(!o.cmds.is_empty(), o.cmds.contains(&r.comm));
        check(o.tty_non_leaders, r.tty_nr != 0 && r.pid != r.sid);
        check(o.non_leaders, r.pid != r.sid);
        if any {
            return hit;
        }
        if o.bsd_t {
            return r.tty_nr == me.tty_nr;
        }
        if o.bsd {
            return (o.bsd_a || r.euid == me.euid) && (o.bsd_x || r.tty_nr != 0);
        }
        r.euid == me.euid && r.tty_nr == me.tty_nr
    })();
    let hit = hit && (!o.running || r.state == 'R');
    hit != o.deselect
}

/// Order rows for output: by the sort keys (pid by default), then as a tree when asked; each
/// row comes with its depth in the tree.
pub fn order(o: &Opts, mut rows: Vec<Row>, env: &Env) -> Vec<(Row, usize)> {
    rows.sort_by(|a, b| {
        for (kind, desc) in &o.sort {
            let c = ps_fmt::compare(*kind, a, b, env);
            if c.is_ne() {
                return if *desc { c.reverse() } else { c };
            }
        }
        a.pid.cmp(&b.pid)
    });
    if !(o.forest || o.hierarchy) {
        return rows.into_iter().map(|r| (r, 0)).collect();
    }
    let pids: Vec<u32> = rows.iter().map(|r| r.pid).collect();
    let mut out = Vec::with_capacity(rows.len());
    let mut done = vec![false; rows.len()];
    fn walk(i: usize, depth: usize, rows: &[Row], done: &mut [bool], out: &mut Vec<(Row, usize)>) {
        if done[i] {
            return;
        }
        done[i] = true;
        out.push((rows[i].clone(), depth));
        for k in 0..rows.len() {
            if rows[k].ppid == rows[i].pid && rows[k].pid != rows[i].pid {
                walk(k, depth + 1, rows, done, out);
            }
        }
    }
    for i in 0..rows.len() {
        let r = &rows[i];
        if r.pid == r.ppid || !pids.contains(&r.ppid) {
            walk(i, 0, &rows, &mut done, &mut out);
        }
    }
    for i in 0..rows.len() {
        walk(i, 0, &rows, &mut done, &mut out);
    }
    out
}

/// The text of every line, header first (unless suppressed).
pub fn render(o: &Opts, rows: &[(Row, usize)], env: &Env) -> Vec<String> {
    let cols = columns(o);
    let mut lines = Vec::new();
    if !o.no_headers && cols.iter().any(|c| !c.header.is_empty()) {
        let hdr: Vec<String> = cols.iter().map(|c| c.header.clone()).collect();
        lines.push(ps_fmt::layout(&cols, &hdr));
    }
    for (r, depth) in rows {
        let cells: Vec<String> = cols
            .iter()
            .map(|c| {
                let v = ps_fmt::render(c.kind, r, env);
                if *depth > 0 && matches!(c.kind, Kind::Comm | Kind::Args) {
                    if o.forest {
                        format!("{} \\_ {v}", "    ".repeat(depth - 1))
                    } else {
                        format!("{}{v}", "  ".repeat(*depth))
                    }
                } else {
                    v
                }
            })
            .collect();
        lines.push(ps_fmt::layout(&cols, &cells));
    }
    lines
}

const HELP: &str = "\
Usage:
 ps [options]

Basic options:
 -A, -e               all processes
 -a                   all with tty, except session leaders
  a                   all with tty, including other users
 -d                   all except session leaders
 -N, --deselect       negate selection
  r                   only running processes
  T                   all processes on this terminal
  x                   processes without controlling ttys

Selection by list:
 -C <command>         command name
 -G, --Group <GID>    real group id or name
 -g, --group <group>  session or effective group name
 -p, p, --pid <PID>   process id
        --ppid <PID>  parent process id
 -q, q, --quick-pid <PID>
                      process id (quick mode)
 -s, --sid <session>  session id
 -t, t, --tty <tty>   terminal
 -u, U, --user <UID>  effective user id or name
 -U, --User <UID>     real user id or name

Output formats:
 -F                   extra full
 -f                   full-format, including command lines
  f, --forest         ascii art process tree
 -H                   show process hierarchy
 -j                   jobs format
  j                   BSD job control format
 -l                   long format
  l                   BSD long format
 -o, o, --format <format>
                      user-defined format
  u                   user-oriented format
  c                   show true command name
  h, --no-headers     do not print header
  k, --sort           specify sort order
 -w, w                unlimited output width

 --help               display this help and exit
 -V, --version        output version information and exit

For more details see ps(1).
";

/// ps(1).
pub async fn ps(ctx: &mut Ctx) -> i32 {
    let o = match parse(&ctx.argv[1..]) {
        Ok(o) => o,
        Err(e) => {
            let msg = match e {
                PsError::SysV => "unsupported SysV option".to_string(),
                PsError::Bsd => "unsupported option (BSD syntax)".to_string(),
                PsError::Gnu => "unknown gnu long option".to_string(),
                PsError::Bad(m) => m,
            };
            ctx.err.str(&format!(
                "error: {msg}\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n"
            ));
            return 1;
        }
    };
    if o.help {
        ctx.out.str(HELP);
        return 0;
    }
    if o.version {
        ctx.out.line(&format!(
            "ps from wosix procps {}",
            env!("CARGO_PKG_VERSION")
        ));
        return 0;
    }
    let db = UserDb::load(&ctx.sys).await;
    for u in o.euids.iter().chain(&o.ruids) {
        if db.user(u).is_none() && u.parse::<u32>().is_err() {
            ctx.err.line("error: user name does not exist");
            return 1;
        }
    }
    for g in &o.rgids {
        if db.group(g).is_none() && g.parse::<u32>().is_err() {
            ctx.err.line("error: group name does not exist");
            return 1;
        }
    }
    let euid = ctx.sys.geteuid().await.map(|u| u.0).unwrap_or(0);
    let tty_nr = procfs::load(&ctx.sys, "self")
        .await
        .map(|p| p.stat.tty_nr)
        .unwrap_or(0);
    let me = Me { euid, tty_nr };
    let now = ctx
        .sys
        .clock_gettime(ClockId::Realtime)
        .await
        .map(|t| t.sec)
        .unwrap_or(0);
    let mem = procfs::meminfo(&ctx.sys).await;
    let env = Env {
        uptime_centis: procfs::uptime_centis(&ctx.sys).await,
        now,
        mem_total_kb: procfs::meminfo_get(&mem, "MemTotal"),
        db,
    };
    let rows: Vec<Row> = procfs::load_all(&ctx.sys)
        .await
        .iter()
        .map(Row::from_info)
        .filter(|r| selected(&o, r, me, &env.db))
        .collect();
    let empty = rows.is_empty();
    let ordered = order(&o, rows, &env);
    let limit = if o.wide >= 2 || !ctx.sys.isatty(Fd::STDOUT).await {
        usize::MAX
    } else {
        let cols = match ctx.sys.get_winsize(Fd::STDOUT).await {
            Ok(w) if w.cols > 0 => w.cols as usize,
            _ => ctx
                .getenv("COLUMNS")
                .and_then(|c| c.parse().ok())
                .unwrap_or(80),
        };
        if o.wide == 1 { cols.max(132) } else { cols }
    };
    for line in render(&o, &ordered, &env) {
        if line.chars().count() > limit {
            let cut: String = line.chars().take(limit).collect();
            ctx.out.line(&cut);
        } else {
            ctx.out.line(&line);
        }
        let _ = ctx.out.maybe_flush(&ctx.sys).await;
    }
    // procps exits 1 when nothing matched an explicit selection.
    if empty { 1 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    fn row(pid: u32, ppid: u32, sid: u32, euid: u32, tty: u64) -> Row {
        Row {
            pid,
            ppid,
            pgid: pid,
            sid,
            euid,
            ruid: euid,
            tty_nr: tty,
            state: 'S',
            comm: format!("p{pid}"),
            tpgid: -1,
            ..Row::default()
        }
    }

    fn names(o: &Opts) -> Vec<String> {
        columns(o).iter().map(|c| c.header.clone()).collect()
    }

    #[test]
    fn option_styles() {
        let o = parse(&v(&["aux"])).expect("ok");
        assert!(o.bsd && o.bsd_a && o.bsd_x && o.style.bsd_u);
        assert_eq!(
            names(&o),
            [
                "USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME",
                "COMMAND"
            ]
        );
        let o = parse(&v(&["-ef"])).expect("ok");
        assert!(o.all && o.style.full);
        assert_eq!(
            names(&o),
            ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
        );
        assert_eq!(
            names(&parse(&[]).expect("ok")),
            ["PID", "TTY", "TIME", "CMD"]
        );
        assert_eq!(
            names(&parse(&v(&["ax"])).expect("ok")),
            ["PID", "TTY", "STAT", "TIME", "COMMAND"]
        );
        let o = parse(&v(&[
            "-o",
            "pid,ppid",
            "-o",
            "comm=NAME",
            "-p1,2",
            "--sort=-rss",
        ]))
        .expect("ok");
        assert_eq!(names(&o), ["PID", "PPID", "NAME"]);
        assert_eq!(o.pids, vec![1, 2]);
        assert_eq!(o.sort, vec![(Kind::Rss, true)]);
        assert_eq!(
            names(&parse(&v(&["-l"])).expect("ok")),
            [
                "F", "S", "UID", "PID", "PPID", "C", "PRI", "NI", "ADDR", "SZ", "WCHAN", "TTY",
                "TIME", "CMD"
            ]
        );
        assert_eq!(parse(&v(&["-Z"])), Err(PsError::SysV));
        assert_eq!(parse(&v(&["aZ"])), Err(PsError::Bsd));
        assert_eq!(parse(&v(&["--bogus"])), Err(PsError::Gnu));
        assert!(matches!(parse(&v(&["-o", "nope"])), Err(PsError::Bad(_))));
        assert!(matches!(parse(&v(&["-p"])), Err(PsError::Bad(_))));
        assert_eq!(parse(&v(&["42"])).expect("ok").pids, vec![42]);
    }

    #[test]
    fn selection() {
        let db = UserDb::parse("root:x:0:0::/:/bin/sh\nuser:x:1000:1000::/:/bin/sh\n", "");
        let me = Me {
            euid: 1000,
            tty_nr: (136 << 8) | 1,
        };
        let rows = [
            row(1, 0, 1, 0, 0),
            row(10, 1, 10, 1000, me.tty_nr),
            row(11, 10, 10, 1000, me.tty_nr),
            row(12, 1, 12, 1000, 0),
            row(13, 1, 13, 0, me.tty_nr),
        ];
        let pick = |args: &[&str]| -> Vec<u32> {
            let o = parse(&v(args)).expect("ok");
            rows.iter()
                .filter(|r| selected(&o, r, me, &db))
                .map(|r| r.pid)
                .collect()
        };
        assert_eq!(pick(&[]), vec![10, 11]);
        assert_eq!(pick(&["-e"]), vec![1, 10, 11, 12, 13]);
        assert_eq!(pick(&["ax"]), vec![1, 10, 11, 12, 13]);
        assert_eq!(pick(&["x"]), vec![10, 11, 12]);
        assert_eq!(pick(&["a"]), vec![10, 11, 13]);
        assert_eq!(pick(&["-a"]), vec![11]);
        assert_eq!(pick(&["-d"]), vec![11]);
        assert_eq!(pick(&["-u", "root"]), vec![1, 13]);
        assert_eq!(pick(&["-p", "12", "--ppid", "10"]), vec![11, 12]);
        assert_eq!(pick(&["-t", "pts/1"]), vec![10, 11, 13]);
        assert_eq!(pick(&["-t", "-"]), vec![1, 12]);
        assert_eq!(pick(&["-N", "-u", "user"]), vec![1, 13]);
        assert_eq!(pick(&["-C", "p12"]), vec![12]);
        assert_eq!(pick(&["-s", "10"]), vec![10, 11]);
    }

    #[test]
    fn forest_output() {
        let env = Env::default();
        let rows = vec![
            row(1, 0, 1, 0, 0),
            row(5, 1, 5, 0, 0),
            row(7, 5, 5, 0, 0),
            row(6, 1, 6, 0, 0),
        ];
        let o = parse(&v(&["-e", "--forest", "-o", "pid,comm"])).expect("ok");
        let lines = render(&o, &order(&o, rows.clone(), &env), &env);
        assert_eq!(
            lines,
            [
                "    PID COMMAND",
                "      1 p1",
                "      5  \\_ p5",
                "      7      \\_ p7",
                "      6  \\_ p6"
            ]
        );
        let o = parse(&v(&["-e", "-H", "-o", "pid=", "-o", "comm="])).expect("ok");
        let lines = render(&o, &order(&o, rows, &env), &env);
        assert_eq!(
            lines,
            [
                "      1 p1",
                "      5   p5",
                "      7     p7",
                "      6   p6"
            ]
        );
    }
}
