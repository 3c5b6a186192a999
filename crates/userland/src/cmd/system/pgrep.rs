//! pgrep(1) and pkill(1): find or signal processes by name, as procps-ng does (`man 1 pgrep`).
//! The pattern is an extended regular expression matched against the process name from
//! /proc/PID/stat (`-f`: the whole command line; `-x`: the whole name), with `-i`, `-v`,
//! `-u`/`-U` users, `-P` parents, `-n`/`-o` newest/oldest; pgrep lists pids (`-l` with the
//! name, `-a` with the command line, `-c` a count, `-d` a delimiter) and pkill sends a
//! signal (`-SIGNAL` or `--signal`, TERM by default; `-e` echoes). Neither ever selects
//! itself. Status 0 if something matched, 1 if nothing did, 2 for a usage error.

use super::procfs::{self, ProcInfo};
use crate::Ctx;
use crate::cmd::text::re::{Opts, Re};
use crate::cmd::users::UserDb;
use wosix_abi::Signal;

const OPTIONS: &str = " -c, --count               count of matching processes
 -f, --full                use full process name to match
 -i, --ignore-case         match case insensitively
 -n, --newest              select most recently started
 -o, --oldest              select least recently started
 -P, --parent <PPID,...>   match only child processes of the given parent
 -u, --euid <ID,...>       match by effective IDs
 -U, --uid <ID,...>        match by real IDs
 -x, --exact               match exactly with the command name
";

fn usage_text(pkill: bool) -> String {
    let (name, head) = if pkill {
        (
            "pkill",
            " -<sig>, --signal <sig>    signal to send (either number or name)
 -e, --echo                display what is killed
",
        )
    } else {
        (
            "pgrep",
            " -d, --delimiter <string>  specify output delimiter
 -l, --list-name           list PID and process name
 -a, --list-full           list PID and full command line
 -v, --inverse             negates the matching
",
        )
    };
    format!(
        "\nUsage:\n {name} [options] <pattern>\n\nOptions:\n{head}{OPTIONS}\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see pgrep(1).\n"
    )
}

/// The selection criteria.
struct Select {
    re: Option<Re>,
    full: bool,
    exact: bool,
    invert: bool,
    euids: Vec<u32>,
    ruids: Vec<u32>,
    parents: Vec<u32>,
}

impl Select {
    fn matches(&self, p: &ProcInfo) -> bool {
        let name = if self.full && !p.cmdline.is_empty() {
            p.cmdline.join(" ")
        } else {
            p.stat.comm.clone()
        };
        let mut ok = match &self.re {
            None => true,
            Some(re) => re.is_match(name.as_bytes()),
        };
        if !self.euids.is_empty() && !self.euids.contains(&p.status.uid[1]) {
            ok = false;
        }
        if !self.ruids.is_empty() && !self.ruids.contains(&p.status.uid[0]) {
            ok = false;
        }
        if !self.parents.is_empty() && !self.parents.contains(&p.stat.ppid) {
            ok = false;
        }
        ok != self.invert
    }
}

/// Parse a comma-separated list of users (names or ids).
fn users(db: &UserDb, list: &str) -> Result<Vec<u32>, String> {
    list.split(',')
        .map(|u| match db.user(u) {
            Some(p) => Ok(p.uid),
            None => u.parse().map_err(|_| format!("invalid user name: {u}")),
        })
        .collect()
}

/// pgrep(1).
pub async fn pgrep(ctx: &mut Ctx) -> i32 {
    run(ctx, false).await
}

/// pkill(1).
pub async fn pkill(ctx: &mut Ctx) -> i32 {
    run(ctx, true).await
}

async fn run(ctx: &mut Ctx, pkill: bool) -> i32 {
    let prog = if pkill { "pkill" } else { "pgrep" };
    let mut args: Vec<String> = ctx.argv[1..].to_vec();
    let mut sig = Signal::SIGTERM;
    if pkill
        && let Some(s) = args
            .first()
            .and_then(|a| a.strip_prefix('-'))
            .and_then(Signal::parse)
    {
        sig = s;
        args.remove(0);
    }
    let (short, long): (&str, &[&str]) = if pkill {
        (
            "cefinoP:u:U:xhV",
            &[
                "signal=",
                "echo",
                "count",
                "full",
                "ignore-case",
                "newest",
                "oldest",
                "parent=",
                "euid=",
                "uid=",
                "exact",
                "help",
                "version",
            ],
        )
    } else {
        (
            "d:lavcfinoP:u:U:xhV",
            &[
                "delimiter=",
                "list-name",
                "list-full",
                "inverse",
                "count",
                "full",
                "ignore-case",
                "newest",
                "oldest",
                "parent=",
                "euid=",
                "uid=",
                "exact",
                "help",
                "version",
            ],
        )
    };
    let p = match crate::args::parse(&args, short, long, true) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            ctx.err.str(&usage_text(pkill));
            return 2;
        }
    };
    let map = [
        ('d', "delimiter"),
        ('l', "list-name"),
        ('a', "list-full"),
        ('v', "inverse"),
        ('c', "count"),
        ('e', "echo"),
        ('f', "full"),
        ('i', "ignore-case"),
        ('n', "newest"),
        ('o', "oldest"),
        ('P', "parent"),
        ('u', "euid"),
        ('U', "uid"),
        ('x', "exact"),
        ('h', "help"),
        ('V', "version"),
    ];
    let db = UserDb::load(&ctx.sys).await;
    let mut sel = Select {
        re: None,
        full: false,
        exact: false,
        invert: false,
        euids: Vec::new(),
        ruids: Vec::new(),
        parents: Vec::new(),
    };
    let (mut delim, mut list_name, mut list_full, mut count, mut echo) =
        ("\n".to_string(), false, false, false, false);
    let (mut icase, mut newest, mut oldest) = (false, false, false);
    for (name, val) in crate::cmd::text::common::named(&p, &map) {
        let v = val.unwrap_or_default();
        match name.as_str() {
            "help" => {
                ctx.out.str(&usage_text(pkill));
                return 0;
            }
            "version" => {
                ctx.out
                    .str(&format!("{prog} (Wosix) {}\n", env!("CARGO_PKG_VERSION")));
                return 0;
            }
            "signal" => match Signal::parse(&v) {
                Some(s) => sig = s,
                None => {
                    ctx.error(&format!("Unknown signal \"{v}\"."));
                    return 2;
                }
            },
            "delimiter" => delim = v,
            "list-name" => list_name = true,
            "list-full" => list_full = true,
            "inverse" => sel.invert = true,
            "count" => count = true,
            "echo" => echo = true,
            "full" => sel.full = true,
            "ignore-case" => icase = true,
            "newest" => newest = true,
            "oldest" => oldest = true,
            "exact" => sel.exact = true,
            "parent" => match v
                .split(',')
                .map(str::parse)
                .collect::<Result<Vec<u32>, _>>()
            {
                Ok(l) => sel.parents.extend(l),
                Err(_) => {
                    ctx.error(&format!("invalid argument for -P: {v}"));
                    return 2;
                }
            },
            "euid" | "uid" => match users(&db, &v) {
                Ok(l) if name == "euid" => sel.euids.extend(l),
                Ok(l) => sel.ruids.extend(l),
                Err(e) => {
                    ctx.error(&e);
                    return 2;
                }
            },
            _ => {}
        }
    }
    if p.operands.len() > 1 {
        ctx.error("only one pattern can be provided");
        ctx.err
            .str(&format!("Try `{prog} --help' for more information.\n"));
        return 2;
    }
    if newest && oldest {
        ctx.error("-n and -o are mutually exclusive");
        return 2;
    }
    match p.operands.first() {
        Some(pat) => {
            let pat = if sel.exact {
                format!("^({pat})$")
            } else {
                pat.clone()
            };
            let o = Opts {
                ere: true,
                icase,
                ..Opts::default()
            };
            match Re::new(pat.as_bytes(), o) {
                Ok(re) => sel.re = Some(re),
                Err(e) => {
                    ctx.error(&format!("regex error: {e}"));
                    return 2;
                }
            }
        }
        None if sel.euids.is_empty() && sel.ruids.is_empty() && sel.parents.is_empty() => {
            ctx.error("no matching criteria specified");
            ctx.err
                .str(&format!("Try `{prog} --help' for more information.\n"));
            return 2;
        }
        None => {}
    }
    let me = ctx.sys.getpid().await.map(|p| p.0).unwrap_or(0);
    let mut found: Vec<ProcInfo> = procfs::load_all(&ctx.sys)
        .await
        .into_iter()
        .filter(|p| p.stat.pid != me && sel.matches(p))
        .collect();
    if newest || oldest {
        let pick = if newest {
            found
                .iter()
                .max_by_key(|p| (p.stat.starttime, p.stat.pid))
                .cloned()
        } else {
            found
                .iter()
                .min_by_key(|p| (p.stat.starttime, p.stat.pid))
                .cloned()
        };
        found = pick.into_iter().collect();
    }
    if pkill {
        let mut n = 0;
        for p in &found {
            match ctx.sys.kill(p.stat.pid as i32, Some(sig)).await {
                Ok(()) => {
                    n += 1;
                    if echo {
                        ctx.out
                            .str(&format!("{} killed (pid {})\n", p.stat.comm, p.stat.pid));
                    }
                }
                Err(e) => ctx.error(&format!(
                    "killing pid {} failed: {}",
                    p.stat.pid,
                    e.message()
                )),
            }
        }
        if count {
            ctx.out.str(&format!("{n}\n"));
        }
        return if n > 0 { 0 } else { 1 };
    }
    if count {
        ctx.out.str(&format!("{}\n", found.len()));
    } else {
        let items: Vec<String> = found
            .iter()
            .map(|p| {
                if list_full && !p.cmdline.is_empty() {
                    format!("{} {}", p.stat.pid, p.cmdline.join(" "))
                } else if list_name || list_full {
                    format!("{} {}", p.stat.pid, p.stat.comm)
                } else {
                    p.stat.pid.to_string()
                }
            })
            .collect();
        if !items.is_empty() {
            ctx.out.str(&items.join(&delim));
            ctx.out.str("\n");
        }
    }
    if found.is_empty() { 1 } else { 0 }
}
