//! Small system programs: `uname`, `hostname`, `tty`, `clear`, `nproc`, `printenv` and `sync`,
//! each with its GNU (or net-tools/ncurses) options and messages.

use crate::Ctx;
use crate::args;
use wosix_abi::call::Utsname;
use wosix_abi::{Call, Errno, Fd, OFlags};

fn try_help(ctx: &mut Ctx, status: i32) -> i32 {
    let p = ctx.prog();
    ctx.err
        .line(&format!("Try '{p} --help' for more information."));
    status
}

/// Parse with GNU-style errors; `None` means the caller should return `status`.
fn parse_or_report(ctx: &mut Ctx, short: &str, long: &[&str]) -> Result<args::Parsed, i32> {
    match args::parse(&ctx.argv[1..], short, long, true) {
        Ok(p) => Ok(p),
        Err(e) => {
            ctx.error(&e);
            Err(try_help(ctx, 1))
        }
    }
}

/// The fields `uname` prints for the selected letters, in GNU's order.
pub fn uname_fields(u: &Utsname, sel: &str, all: bool) -> Vec<String> {
    let mut out = Vec::new();
    let on = |c: char| all || sel.contains(c);
    if on('s') {
        out.push(u.sysname.clone());
    }
    if on('n') {
        out.push(u.nodename.clone());
    }
    if on('r') {
        out.push(u.release.clone());
    }
    if on('v') {
        out.push(u.version.clone());
    }
    if on('m') {
        out.push(u.machine.clone());
    }
    // Unknown processor and platform types are left out of -a, as GNU does.
    if !all && sel.contains('p') {
        out.push("unknown".into());
    }
    if !all && sel.contains('i') {
        out.push("unknown".into());
    }
    if on('o') {
        out.push(u.sysname.clone());
    }
    out
}

/// uname(1).
pub async fn uname(ctx: &mut Ctx) -> i32 {
    let long = [
        "all",
        "kernel-name",
        "nodename",
        "kernel-release",
        "kernel-version",
        "machine",
        "processor",
        "hardware-platform",
        "operating-system",
        "help",
        "version",
    ];
    let p = match parse_or_report(ctx, "asnrvmpio", &long) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        ctx.out.str("Usage: uname [OPTION]...\nPrint certain system information.  With no OPTION, same as -s.\n\n  -a, --all                print all information, in the following order,\n                             except omit -p and -i if unknown:\n  -s, --kernel-name        print the kernel name\n  -n, --nodename           print the network node hostname\n  -r, --kernel-release     print the kernel release\n  -v, --kernel-version     print the kernel version\n  -m, --machine            print the machine hardware name\n  -p, --processor          print the processor type (non-portable)\n  -i, --hardware-platform  print the hardware platform (non-portable)\n  -o, --operating-system   print the operating system\n      --help        display this help and exit\n      --version     output version information and exit\n");
        return 0;
    }
    if p.has_long("version") {
        ctx.out.line("uname (Wosix coreutils) 0.1");
        return 0;
    }
    if let Some(extra) = p.operands.first() {
        let extra = extra.clone();
        ctx.error(&format!("extra operand '{extra}'"));
        return try_help(ctx, 1);
    }
    let mut sel = String::new();
    let longs = [
        ("kernel-name", 's'),
        ("nodename", 'n'),
        ("kernel-release", 'r'),
        ("kernel-version", 'v'),
        ("machine", 'm'),
        ("processor", 'p'),
        ("hardware-platform", 'i'),
        ("operating-system", 'o'),
    ];
    for c in "snrvmpio".chars() {
        if p.has(c) || longs.iter().any(|(l, x)| *x == c && p.has_long(l)) {
            sel.push(c);
        }
    }
    let all = p.has('a') || p.has_long("all");
    if sel.is_empty() && !all {
        sel.push('s');
    }
    match ctx.sys.uname().await {
        Ok(u) => {
            ctx.out.line(&uname_fields(&u, &sel, all).join(" "));
            0
        }
        Err(e) => {
            ctx.error(&format!("cannot get system name: {}", e.message()));
            1
        }
    }
}

/// hostname(1) (net-tools): print the host name, or set it as root.
pub async fn hostname(ctx: &mut Ctx) -> i32 {
    let long = [
        "short",
        "fqdn",
        "long",
        "domain",
        "ip-address",
        "all-ip-addresses",
        "file=",
        "help",
        "version",
    ];
    let p = match parse_or_report(ctx, "sfdiIF:hV", &long) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has('h') || p.has_long("help") {
        ctx.out.str("Usage: hostname [-s|--short] [-f|--fqdn] [-d|--domain] [-i|--ip-address]\n       hostname [-F|--file filename] | hostname name\n\n    -s, --short           short host name\n    -f, --fqdn, --long    long host name (FQDN)\n    -d, --domain          DNS domain name\n    -i, --ip-address      addresses for the host name\n    -F, --file            read host name from given file\n    -h, --help            display this help and exit\n    -V, --version         output version information and exit\n");
        return 0;
    }
    if p.has('V') || p.has_long("version") {
        ctx.out.line("hostname (Wosix net-tools) 0.1");
        return 0;
    }
    let new_name = match p.value('F').or(p.long_value("file")) {
        Some(file) => match ctx.read_file(file).await {
            Ok(b) => {
                let text = String::from_utf8_lossy(&b).into_owned();
                text.lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string)
            }
            Err(e) => {
                ctx.error_path(file, e);
                return 1;
            }
        },
        None => p.operands.first().cloned(),
    };
    if let Some(name) = new_name {
        return match ctx.sys.sethostname(&name).await {
            Ok(()) => 0,
            Err(Errno::EPERM) => {
                ctx.error("you must be root to change the host name");
                1
            }
            Err(e) => {
                ctx.error(e.message());
                1
            }
        };
    }
    let name = match ctx.sys.uname().await {
        Ok(u) => u.nodename,
        Err(e) => {
            ctx.error(e.message());
            return 1;
        }
    };
    if p.has('i') || p.has('I') || p.has_long("ip-address") || p.has_long("all-ip-addresses") {
        let hosts = super::procfs::read_text(&ctx.sys, "/etc/hosts")
            .await
            .unwrap_or_default();
        let addrs: Vec<&str> = hosts
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split_whitespace();
                let addr = f.next()?;
                f.any(|n| n == name || n.split('.').next() == Some(name.as_str()))
                    .then_some(addr)
            })
            .collect();
        if addrs.is_empty() {
            ctx.error("Name or service not known");
            return 1;
        }
        ctx.out.line(&format!("{} ", addrs.join(" ")));
        return 0;
    }
    let short = name.split('.').next().unwrap_or(&name).to_string();
    if p.has('s') || p.has_long("short") {
        ctx.out.line(&short);
    } else if p.has('d') || p.has_long("domain") {
        ctx.out
            .line(name.split_once('.').map(|(_, d)| d).unwrap_or(""));
    } else {
        ctx.out.line(&name);
    }
    0
}

/// tty(1).
pub async fn tty(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(
        &ctx.argv[1..],
        "s",
        &["silent", "quiet", "help", "version"],
        true,
    ) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            return try_help(ctx, 2);
        }
    };
    if p.has_long("help") {
        ctx.out.str("Usage: tty [OPTION]...\nPrint the file name of the terminal connected to standard input.\n\n  -s, --silent, --quiet   print nothing, only return an exit status\n      --help        display this help and exit\n      --version     output version information and exit\n");
        return 0;
    }
    if p.has_long("version") {
        ctx.out.line("tty (Wosix coreutils) 0.1");
        return 0;
    }
    if let Some(extra) = p.operands.first() {
        let extra = extra.clone();
        ctx.error(&format!("extra operand '{extra}'"));
        return try_help(ctx, 2);
    }
    let silent = p.has('s') || p.has_long("silent") || p.has_long("quiet");
    match ctx.sys.ttyname(Fd::STDIN).await {
        Ok(name) => {
            if !silent {
                ctx.out.line(&name);
            }
            0
        }
        Err(_) => {
            if !silent {
                ctx.out.line("not a tty");
            }
            1
        }
    }
}

/// clear(1): home the cursor, clear the screen and (unless `-x`) the scrollback.
pub async fn clear(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(&ctx.argv[1..], "xT:V", &["help"], true) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            ctx.err.line("Usage: clear [options]\n\nOptions:\n  -T TERM     use this instead of $TERM\n  -V          print curses-version\n  -x          do not try to clear scrollback");
            return 2;
        }
    };
    if p.has_long("help") {
        ctx.out.line("Usage: clear [options]\n\nOptions:\n  -T TERM     use this instead of $TERM\n  -V          print curses-version\n  -x          do not try to clear scrollback");
        return 0;
    }
    if p.has('V') {
        ctx.out.line("ncurses 6.4 (Wosix)");
        return 0;
    }
    ctx.out.str("\x1b[H\x1b[2J");
    if !p.has('x') {
        ctx.out.str("\x1b[3J");
    }
    0
}

/// nproc(1).
pub async fn nproc(ctx: &mut Ctx) -> i32 {
    let p = match parse_or_report(ctx, "", &["all", "ignore=", "help", "version"]) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        ctx.out.str("Usage: nproc [OPTION]...\nPrint the number of processing units available to the current process,\nwhich may be less than the number of online processors\n\n      --all      print the number of installed processors\n      --ignore=N  if possible, exclude N processing units\n      --help        display this help and exit\n      --version     output version information and exit\n");
        return 0;
    }
    if p.has_long("version") {
        ctx.out.line("nproc (Wosix coreutils) 0.1");
        return 0;
    }
    if let Some(extra) = p.operands.first() {
        let extra = extra.clone();
        ctx.error(&format!("extra operand '{extra}'"));
        return try_help(ctx, 1);
    }
    let ignore = match p.long_value("ignore") {
        Some(v) => match v.parse::<u64>() {
            Ok(n) => n,
            Err(_) => {
                ctx.error(&format!("invalid number: '{v}'"));
                return 1;
            }
        },
        None => 0,
    };
    let cpuinfo = super::procfs::read_text(&ctx.sys, "/proc/cpuinfo")
        .await
        .unwrap_or_default();
    let mut n = (cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count() as u64)
        .max(1);
    if !p.has_long("all") {
        let omp = ctx
            .getenv("OMP_NUM_THREADS")
            .and_then(|v| v.split(',').next()?.trim().parse::<u64>().ok());
        if let Some(omp) = omp.filter(|n| *n > 0) {
            n = omp;
        }
        let limit = ctx
            .getenv("OMP_THREAD_LIMIT")
            .and_then(|v| v.trim().parse::<u64>().ok());
        if let Some(limit) = limit.filter(|n| *n > 0) {
            n = n.min(limit);
        }
    }
    ctx.out.line(&n.saturating_sub(ignore).max(1).to_string());
    0
}

/// printenv(1).
pub async fn printenv(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(&ctx.argv[1..], "0", &["null", "help", "version"], true) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            return try_help(ctx, 2);
        }
    };
    if p.has_long("help") {
        ctx.out.str("Usage: printenv [OPTION]... [VARIABLE]...\nPrint the values of the specified environment VARIABLE(s).\nIf no VARIABLE is specified, print name and value pairs for them all.\n\n  -0, --null     end each output line with NUL, not newline\n      --help        display this help and exit\n      --version     output version information and exit\n");
        return 0;
    }
    if p.has_long("version") {
        ctx.out.line("printenv (Wosix coreutils) 0.1");
        return 0;
    }
    let end = if p.has('0') || p.has_long("null") {
        "\0"
    } else {
        "\n"
    };
    if p.operands.is_empty() {
        let all: Vec<String> = ctx.envp();
        for kv in all {
            ctx.out.str(&kv);
            ctx.out.str(end);
        }
        return 0;
    }
    let mut status = 0;
    for name in p.operands.clone() {
        match ctx.env.get(&name).cloned() {
            Some(v) if !name.contains('=') => {
                ctx.out.str(&v);
                ctx.out.str(end);
            }
            _ => status = 1,
        }
    }
    status
}

/// sync(1): everything lives in memory, so only named files are checked and flushed.
pub async fn sync(ctx: &mut Ctx) -> i32 {
    let p = match parse_or_report(ctx, "df", &["data", "file-system", "help", "version"]) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        ctx.out.str("Usage: sync [OPTION] [FILE]...\nSynchronize cached writes to persistent storage\n\nIf one or more files are specified, sync only them,\nor their containing file systems.\n\n  -d, --data             sync only file data, no unneeded metadata\n  -f, --file-system      sync the file systems that contain the files\n      --help        display this help and exit\n      --version     output version information and exit\n");
        return 0;
    }
    if p.has_long("version") {
        ctx.out.line("sync (Wosix coreutils) 0.1");
        return 0;
    }
    let data = p.has('d') || p.has_long("data");
    let fs = p.has('f') || p.has_long("file-system");
    if data && fs {
        ctx.error("cannot specify both --data and --file-system");
        return try_help(ctx, 1);
    }
    if data && p.operands.is_empty() {
        ctx.error("--data needs at least one argument");
        return try_help(ctx, 1);
    }
    let mut status = 0;
    for f in p.operands.clone() {
        match ctx
            .sys
            .open(&f, OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC, 0)
            .await
        {
            Ok(fd) => {
                if let Err(e) = ctx.sys.call(Call::Fsync { fd }).await
                    && e != Errno::EINVAL
                    && e != Errno::ENOSYS
                {
                    ctx.error(&format!("error syncing '{f}': {}", e.message()));
                    status = 1;
                }
                let _ = ctx.sys.close(fd).await;
            }
            Err(e) => {
                ctx.error(&format!("error opening '{f}': {}", e.message()));
                status = 1;
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uname_selection() {
        let u = Utsname {
            sysname: "Wosix".into(),
            nodename: "box".into(),
            release: "0.1.0".into(),
            version: "#1 SMP Wosix".into(),
            machine: "x86_64".into(),
        };
        assert_eq!(uname_fields(&u, "s", false), ["Wosix"]);
        assert_eq!(
            uname_fields(&u, "", true).join(" "),
            "Wosix box 0.1.0 #1 SMP Wosix x86_64 Wosix"
        );
        assert_eq!(uname_fields(&u, "mnp", false), ["box", "x86_64", "unknown"]);
    }
}
