//! Who am I: `id`, `whoami`, `groups` and `logname` as GNU coreutils print them, and
//! `getent passwd|group` as glibc's getent does, over the /etc account files.

use crate::Ctx;
use crate::args;
use crate::cmd::users::{Group, Passwd, UserDb};

/// The ids `id` reports for one subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ids {
    /// Real uid.
    pub ruid: u32,
    /// Effective uid.
    pub euid: u32,
    /// Real gid.
    pub rgid: u32,
    /// Effective gid.
    pub egid: u32,
    /// Groups, the effective (or login) group first, without repeats.
    pub groups: Vec<u32>,
}

impl Ids {
    /// The ids of a user as `id USER` computes them (initgroups(3)).
    pub fn of_user(db: &UserDb, u: &Passwd) -> Ids {
        Ids {
            ruid: u.uid,
            euid: u.uid,
            rgid: u.gid,
            egid: u.gid,
            groups: db.groups_of(&u.name),
        }
    }
}

/// The ids of the calling process: its groups with the effective gid first.
async fn my_ids(ctx: &Ctx) -> Ids {
    let s = &ctx.sys;
    let ruid = s.getuid().await.map(|u| u.0).unwrap_or(0);
    let euid = s.geteuid().await.map(|u| u.0).unwrap_or(ruid);
    let rgid = s.getgid().await.map(|g| g.0).unwrap_or(0);
    let egid = s.getegid().await.map(|g| g.0).unwrap_or(rgid);
    let mut groups = vec![egid];
    for g in s.getgroups().await.unwrap_or_default() {
        if !groups.contains(&g.0) {
            groups.push(g.0);
        }
    }
    Ids {
        ruid,
        euid,
        rgid,
        egid,
        groups,
    }
}

fn with_name(id: u32, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{id}({n})"),
        None => id.to_string(),
    }
}

/// The default `id` line: `uid=1000(user) gid=1000(user) groups=1000(user),10(wheel)`.
pub fn id_line(db: &UserDb, ids: &Ids) -> String {
    let mut s = format!(
        "uid={} gid={}",
        with_name(ids.ruid, db.user_name(ids.ruid)),
        with_name(ids.rgid, db.group_name(ids.rgid))
    );
    if ids.euid != ids.ruid {
        s.push_str(&format!(
            " euid={}",
            with_name(ids.euid, db.user_name(ids.euid))
        ));
    }
    if ids.egid != ids.rgid {
        s.push_str(&format!(
            " egid={}",
            with_name(ids.egid, db.group_name(ids.egid))
        ));
    }
    let groups: Vec<String> = ids
        .groups
        .iter()
        .map(|g| with_name(*g, db.group_name(*g)))
        .collect();
    s.push_str(&format!(" groups={}", groups.join(",")));
    s
}

fn try_help(ctx: &mut Ctx) -> i32 {
    let p = ctx.prog();
    ctx.err
        .line(&format!("Try '{p} --help' for more information."));
    1
}

/// id(1).
pub async fn id(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(
        &ctx.argv[1..],
        "agGnruzZ",
        &[
            "group", "groups", "name", "real", "user", "zero", "context", "help", "version",
        ],
        true,
    ) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            return try_help(ctx);
        }
    };
    if p.has_long("help") {
        ctx.out.str(
            "Usage: id [OPTION]... [USER]...\nPrint user and group information for each specified USER,\nor (when USER omitted) for the current process.\n\n  -a             ignore, for compatibility with other versions\n  -Z, --context  print only the security context of the process\n  -g, --group    print only the effective group ID\n  -G, --groups   print all group IDs\n  -n, --name     print a name instead of a number, for -u,-g,-G\n  -r, --real     print the real ID instead of the effective ID, with -u,-g,-G\n  -u, --user     print only the effective user ID\n  -z, --zero     delimit entries with NUL characters, not whitespace;\n                   not permitted in default format\n      --help        display this help and exit\n      --version     output version information and exit\n\nWithout any OPTION, print some useful set of identified information.\n",
        );
        return 0;
    }
    if p.has_long("version") {
        ctx.out.line("id (Wosix coreutils) 0.1");
        return 0;
    }
    let flag = |c: char, l: &str| p.has(c) || p.has_long(l);
    if flag('Z', "context") {
        ctx.error("--context (-Z) works only on an SELinux-enabled kernel");
        return 1;
    }
    let (u, g, gg) = (flag('u', "user"), flag('g', "group"), flag('G', "groups"));
    let (name, real, zero) = (flag('n', "name"), flag('r', "real"), flag('z', "zero"));
    if [u, g, gg].iter().filter(|x| **x).count() > 1 {
        ctx.error("cannot print \"only\" of more than one choice");
        return 1;
    }
    let only = u || g || gg;
    if !only && (name || real) {
        ctx.error("cannot print only names or real IDs in default format");
        return 1;
    }
    if !only && zero {
        ctx.error("option --zero not permitted in default format");
        return 1;
    }
    let db = UserDb::load(&ctx.sys).await;
    let mut subjects: Vec<Ids> = Vec::new();
    let mut status = 0;
    if p.operands.is_empty() {
        subjects.push(my_ids(ctx).await);
    }
    for user in &p.operands {
        match db.user(user) {
            Some(pw) => subjects.push(Ids::of_user(&db, pw)),
            None => {
                ctx.error(&format!("'{user}': no such user"));
                status = 1;
            }
        }
    }
    let end = if zero { "\0" } else { "\n" };
    for ids in subjects {
        if !only {
            ctx.out.line(&id_line(&db, &ids));
            continue;
        }
        let (values, user_ids): (Vec<u32>, bool) = if u {
            (vec![if real { ids.ruid } else { ids.euid }], true)
        } else if g {
            (vec![if real { ids.rgid } else { ids.egid }], false)
        } else {
            (ids.groups.clone(), false)
        };
        let mut words = Vec::new();
        for v in values {
            let n = if user_ids {
                db.user_name(v)
            } else {
                db.group_name(v)
            };
            match (name, n) {
                (true, Some(n)) => words.push(n.to_string()),
                (true, None) => {
                    let what = if user_ids { "user" } else { "group" };
                    ctx.error(&format!("cannot find name for {what} ID {v}"));
                    status = 1;
                    words.push(v.to_string());
                }
                (false, _) => words.push(v.to_string()),
            }
        }
        let sep = if zero { "\0" } else { " " };
        ctx.out.str(&words.join(sep));
        ctx.out.str(end);
    }
    status
}

/// whoami(1).
pub async fn whoami(ctx: &mut Ctx) -> i32 {
    match ctx.argv.get(1).map(String::as_str) {
        Some("--help") => {
            ctx.out.str("Usage: whoami [OPTION]...\nPrint the user name associated with the current effective user ID.\nSame as id -un.\n\n      --help        display this help and exit\n      --version     output version information and exit\n");
            return 0;
        }
        Some("--version") => {
            ctx.out.line("whoami (Wosix coreutils) 0.1");
            return 0;
        }
        Some(a) if a.starts_with('-') && a.len() > 1 && a != "--" => {
            let msg = if a.starts_with("--") {
                format!("unrecognized option '{a}'")
            } else {
                format!("invalid option -- '{}'", &a[1..2])
            };
            ctx.error(&msg);
            return try_help(ctx);
        }
        Some(a) => {
            let a = a.to_string();
            if a != "--" || ctx.argv.len() > 2 {
                let extra = if a == "--" { ctx.argv[2].clone() } else { a };
                ctx.error(&format!("extra operand '{extra}'"));
                return try_help(ctx);
            }
        }
        None => {}
    }
    let euid = ctx.sys.geteuid().await.map(|u| u.0).unwrap_or(0);
    match UserDb::load(&ctx.sys).await.user_name(euid) {
        Some(n) => {
            ctx.out.line(n);
            0
        }
        None => {
            ctx.error(&format!("cannot find name for user ID {euid}"));
            1
        }
    }
}

/// groups(1).
pub async fn groups(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(&ctx.argv[1..], "", &["help", "version"], true) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            return try_help(ctx);
        }
    };
    if p.has_long("help") {
        ctx.out.str("Usage: groups [OPTION]... [USERNAME]...\nPrint group memberships for each USERNAME or, if no USERNAME is specified, for\nthe current process (which may differ if the groups database has changed).\n      --help        display this help and exit\n      --version     output version information and exit\n");
        return 0;
    }
    if p.has_long("version") {
        ctx.out.line("groups (Wosix coreutils) 0.1");
        return 0;
    }
    let db = UserDb::load(&ctx.sys).await;
    let mut status = 0;
    if p.operands.is_empty() {
        let ids = my_ids(ctx).await;
        status |= show_groups(ctx, &db, String::new(), &ids.groups);
    }
    for user in &p.operands {
        if db.user_by_name(user).is_none() {
            ctx.error(&format!("'{user}': no such user"));
            status = 1;
            continue;
        }
        let gids = db.groups_of(user);
        status |= show_groups(ctx, &db, format!("{user} : "), &gids);
    }
    status
}

/// Print group names after `prefix`; 1 if a group has no name.
fn show_groups(ctx: &mut Ctx, db: &UserDb, prefix: String, gids: &[u32]) -> i32 {
    let mut status = 0;
    let mut names = Vec::new();
    for g in gids {
        match db.group_name(*g) {
            Some(n) => names.push(n.to_string()),
            None => {
                ctx.error(&format!("cannot find name for group ID {g}"));
                status = 1;
                names.push(g.to_string());
            }
        }
    }
    ctx.out.line(&format!("{prefix}{}", names.join(" ")));
    status
}

/// logname(1): the login name (LOGNAME as login(1) and su(1) set it).
pub async fn logname(ctx: &mut Ctx) -> i32 {
    match ctx.argv.get(1).map(String::as_str) {
        Some("--help") => {
            ctx.out.str("Usage: logname [OPTION]\nPrint the user's login name.\n\n      --help        display this help and exit\n      --version     output version information and exit\n");
            return 0;
        }
        Some("--version") => {
            ctx.out.line("logname (Wosix coreutils) 0.1");
            return 0;
        }
        Some(a) => {
            let a = a.to_string();
            ctx.error(&format!("extra operand '{a}'"));
            return try_help(ctx);
        }
        None => {}
    }
    let name = ctx
        .getenv("LOGNAME")
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let db = UserDb::load(&ctx.sys).await;
    match name.filter(|n| db.user_by_name(n).is_some()) {
        Some(n) => {
            ctx.out.line(&n);
            0
        }
        None => {
            ctx.error("no login name");
            1
        }
    }
}

/// A passwd(5) line.
pub fn passwd_line(u: &Passwd) -> String {
    format!(
        "{}:{}:{}:{}:{}:{}:{}",
        u.name, u.passwd, u.uid, u.gid, u.gecos, u.dir, u.shell
    )
}

/// A group(5) line.
pub fn group_line(g: &Group) -> String {
    format!("{}:{}:{}:{}", g.name, g.passwd, g.gid, g.members.join(","))
}

/// getent(1) for the `passwd` and `group` databases (and `shadow` for root, `hosts` from
/// /etc/hosts). Exit status 2 when a key is not found, as glibc's.
pub async fn getent(ctx: &mut Ctx) -> i32 {
    let argv: Vec<String> = ctx.argv[1..].to_vec();
    if argv.iter().any(|a| a == "--help" || a == "-?") {
        ctx.out.str("Usage: getent [OPTION...] database [key ...]\nGet entries from administrative database.\n\n  -?, --help                 Give this help list\n  -V, --version              Print program version\n\nSupported databases:\ngroup hosts passwd shadow\n");
        return 0;
    }
    let Some(dbname) = argv.first() else {
        ctx.err.line("getent: wrong number of arguments\nTry `getent --help' or `getent --usage' for more information.");
        return 1;
    };
    let keys = &argv[1..];
    let db = UserDb::load(&ctx.sys).await;
    let lines: Vec<(Vec<String>, String)> = match dbname.as_str() {
        "passwd" => db
            .users
            .iter()
            .map(|u| (vec![u.name.clone(), u.uid.to_string()], passwd_line(u)))
            .collect(),
        "group" => db
            .groups
            .iter()
            .map(|g| (vec![g.name.clone(), g.gid.to_string()], group_line(g)))
            .collect(),
        "shadow" | "hosts" => {
            let path = if dbname == "shadow" {
                "/etc/shadow"
            } else {
                "/etc/hosts"
            };
            let text = super::procfs::read_text(&ctx.sys, path)
                .await
                .unwrap_or_default();
            text.lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .map(|l| {
                    let keys = if dbname == "shadow" {
                        vec![l.split(':').next().unwrap_or("").to_string()]
                    } else {
                        l.split_whitespace().map(str::to_string).collect()
                    };
                    (keys, l.to_string())
                })
                .collect()
        }
        other => {
            ctx.err.line(&format!("Unknown database: {other}\nTry `getent --help' or `getent --usage' for more information."));
            return 1;
        }
    };
    if keys.is_empty() {
        for (_, l) in &lines {
            ctx.out.line(l);
        }
        return 0;
    }
    let mut status = 0;
    for k in keys {
        match lines.iter().find(|(ks, _)| ks.contains(k)) {
            Some((_, l)) => ctx.out.line(l),
            None => status = 2,
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lines() {
        let db = UserDb::parse(
            "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n",
            "root:x:0:\nwheel:x:10:user\nusers:x:100:user\nuser:x:1000:\n",
        );
        let user = db.user("user").cloned().expect("exists");
        let ids = Ids::of_user(&db, &user);
        assert_eq!(
            id_line(&db, &ids),
            "uid=1000(user) gid=1000(user) groups=1000(user),10(wheel),100(users)"
        );
        let setuid = Ids {
            euid: 0,
            groups: vec![1000, 4242],
            ..ids
        };
        assert_eq!(
            id_line(&db, &setuid),
            "uid=1000(user) gid=1000(user) euid=0(root) groups=1000(user),4242"
        );
        assert_eq!(
            passwd_line(&user),
            "user:x:1000:1000:user:/home/user:/bin/sh"
        );
        assert_eq!(
            group_line(db.group("wheel").expect("exists")),
            "wheel:x:10:user"
        );
    }
}
