//! Reading /proc as procps does: the per-process `stat`, `status` and `cmdline` files and the
//! global `meminfo`, `uptime` and `loadavg`, parsed from their Linux formats (proc(5)). `ps`,
//! `free`, `uptime` and `kill`'s neighbours use this; nothing here knows about the kernel.

use wosix_abi::OFlags;
use wosix_runtime::Sys;

/// Clock ticks per second of the times in /proc (USER_HZ).
pub const HZ: u64 = 100;
/// Size of a page, the unit of `rss` in /proc/<pid>/stat.
pub const PAGE_SIZE: u64 = 4096;

/// The fields of /proc/<pid>/stat that procps uses (proc(5) numbering in the comments).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcStat {
    /// (1) Process id.
    pub pid: u32,
    /// (2) Command name, without the parentheses.
    pub comm: String,
    /// (3) State letter: R S D T t Z X I.
    pub state: char,
    /// (4) Parent pid.
    pub ppid: u32,
    /// (5) Process group.
    pub pgrp: u32,
    /// (6) Session.
    pub session: u32,
    /// (7) Controlling terminal device number (0 = none).
    pub tty_nr: u64,
    /// (8) Foreground process group of the terminal (-1 = none).
    pub tpgid: i64,
    /// (9) Kernel flags.
    pub flags: u64,
    /// (14) User-mode CPU time, ticks.
    pub utime: u64,
    /// (15) Kernel-mode CPU time, ticks.
    pub stime: u64,
    /// (16) Waited-for children's user time, ticks.
    pub cutime: u64,
    /// (17) Waited-for children's kernel time, ticks.
    pub cstime: u64,
    /// (18) Priority as the kernel shows it.
    pub priority: i64,
    /// (19) Nice value.
    pub nice: i64,
    /// (20) Number of threads.
    pub num_threads: u64,
    /// (22) Start time after boot, ticks.
    pub starttime: u64,
    /// (23) Virtual memory size, bytes.
    pub vsize: u64,
    /// (24) Resident set size, pages.
    pub rss: u64,
}

/// Parse a /proc/<pid>/stat line. The command name may hold spaces and parentheses, so it
/// runs to the last `)`.
pub fn parse_stat(line: &str) -> Option<ProcStat> {
    let open = line.find('(')?;
    let close = line.rfind(')')?;
    if close < open {
        return None;
    }
    let pid = line[..open].trim().parse().ok()?;
    let comm = line[open + 1..close].to_string();
    let rest: Vec<&str> = line[close + 1..].split_whitespace().collect();
    // rest[0] is field 3.
    let f = |n: usize| rest.get(n - 3).copied();
    let num = |n: usize| f(n).and_then(|s| s.parse::<u64>().ok());
    let int = |n: usize| f(n).and_then(|s| s.parse::<i64>().ok());
    Some(ProcStat {
        pid,
        comm,
        state: f(3)?.chars().next()?,
        ppid: num(4)? as u32,
        pgrp: num(5)? as u32,
        session: num(6)? as u32,
        tty_nr: num(7)?,
        tpgid: int(8)?,
        flags: num(9).unwrap_or(0),
        utime: num(14).unwrap_or(0),
        stime: num(15).unwrap_or(0),
        cutime: num(16).unwrap_or(0),
        cstime: num(17).unwrap_or(0),
        priority: int(18).unwrap_or(20),
        nice: int(19).unwrap_or(0),
        num_threads: num(20).unwrap_or(1),
        starttime: num(22).unwrap_or(0),
        vsize: num(23).unwrap_or(0),
        rss: num(24).unwrap_or(0),
    })
}

/// The fields of /proc/<pid>/status that procps uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcStatus {
    /// `Name:`.
    pub name: String,
    /// `Uid:` real, effective, saved, file-system.
    pub uid: [u32; 4],
    /// `Gid:` real, effective, saved, file-system.
    pub gid: [u32; 4],
    /// `Groups:`.
    pub groups: Vec<u32>,
    /// `VmRSS:` in KiB.
    pub vm_rss_kb: u64,
    /// `VmSize:` in KiB.
    pub vm_size_kb: u64,
    /// `CpuMs:` (Wosix): CPU time in milliseconds.
    pub cpu_ms: Option<u64>,
    /// `MemBytes:` (Wosix): memory in bytes.
    pub mem_bytes: Option<u64>,
}

/// Parse /proc/<pid>/status (`Key:\tvalue` lines); unknown keys are ignored.
pub fn parse_status(text: &str) -> ProcStatus {
    let mut st = ProcStatus::default();
    let ids = |v: &str| -> [u32; 4] {
        let mut out = [0; 4];
        for (i, x) in v.split_whitespace().take(4).enumerate() {
            out[i] = x.parse().unwrap_or(0);
        }
        out
    };
    let kb = |v: &str| {
        v.split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key {
            "Name" => st.name = value.to_string(),
            "Uid" => st.uid = ids(value),
            "Gid" => st.gid = ids(value),
            "Groups" => {
                st.groups = value
                    .split_whitespace()
                    .filter_map(|g| g.parse().ok())
                    .collect()
            }
            "VmRSS" => st.vm_rss_kb = kb(value),
            "VmSize" => st.vm_size_kb = kb(value),
            "CpuMs" => st.cpu_ms = value.parse().ok(),
            "MemBytes" => st.mem_bytes = value.parse().ok(),
            _ => {}
        }
    }
    st
}

/// Split /proc/<pid>/cmdline (NUL-terminated arguments) into arguments.
pub fn parse_cmdline(bytes: &[u8]) -> Vec<String> {
    let body = bytes.strip_suffix(b"\0").unwrap_or(bytes);
    if body.is_empty() {
        return Vec::new();
    }
    body.split(|&b| b == 0)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect()
}

/// /proc/meminfo as `(key, KiB)` pairs.
pub fn parse_meminfo(text: &str) -> Vec<(String, u64)> {
    text.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            let n = v.split_whitespace().next()?.parse().ok()?;
            Some((k.trim().to_string(), n))
        })
        .collect()
}

/// The value of `key` in parsed meminfo, KiB (0 when absent).
pub fn meminfo_get(info: &[(String, u64)], key: &str) -> u64 {
    info.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| *v)
        .unwrap_or(0)
}

/// Seconds of uptime in /proc/uptime, in hundredths of a second.
pub fn parse_uptime(text: &str) -> Option<u64> {
    let first = text.split_whitespace().next()?;
    let (int, frac) = first.split_once('.').unwrap_or((first, "0"));
    let secs: u64 = int.parse().ok()?;
    let mut frac: String = frac.chars().take(2).collect();
    while frac.len() < 2 {
        frac.push('0');
    }
    Some(secs * 100 + frac.parse::<u64>().ok()?)
}

/// The three load averages of /proc/loadavg.
pub fn parse_loadavg(text: &str) -> [f64; 3] {
    let mut out = [0.0; 3];
    for (i, v) in text.split_whitespace().take(3).enumerate() {
        out[i] = v.parse().unwrap_or(0.0);
    }
    out
}

/// The name procps shows for terminal device `tty_nr` (`pts/3`, `tty1`), or `None` for none.
pub fn tty_name(tty_nr: u64) -> Option<String> {
    if tty_nr == 0 {
        return None;
    }
    let major = (tty_nr >> 8) & 0xfff;
    let minor = (tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00);
    Some(match major {
        136..=143 => format!("pts/{}", minor + (major - 136) * 256),
        4 if minor < 64 => format!("tty{minor}"),
        4 => format!("ttyS{}", minor - 64),
        5 if minor == 0 => "tty".to_string(),
        5 if minor == 1 => "console".to_string(),
        _ => format!("{major},{minor}"),
    })
}

/// The device number of a terminal named like `pts/3`, `/dev/pts/3` or `tty1`.
pub fn tty_number(name: &str) -> Option<u64> {
    let name = name.strip_prefix("/dev/").unwrap_or(name);
    let dev = |major: u64, minor: u64| (major << 8) | (minor & 0xff) | ((minor & !0xff) << 12);
    if let Some(n) = name.strip_prefix("pts/") {
        let n: u64 = n.parse().ok()?;
        return Some(dev(136 + n / 256, n % 256));
    }
    if let Some(n) = name.strip_prefix("ttyS") {
        return Some(dev(4, 64 + n.parse::<u64>().ok()?));
    }
    if let Some(n) = name.strip_prefix("tty") {
        if n.is_empty() {
            return Some(dev(5, 0));
        }
        return Some(dev(4, n.parse().ok()?));
    }
    if name == "console" {
        return Some(dev(5, 1));
    }
    None
}

/// Everything known about one process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcInfo {
    /// /proc/<pid>/stat.
    pub stat: ProcStat,
    /// /proc/<pid>/status.
    pub status: ProcStatus,
    /// /proc/<pid>/cmdline.
    pub cmdline: Vec<String>,
}

/// Read a whole file, or `None`.
pub async fn read_text(sys: &Sys, path: &str) -> Option<String> {
    let fd = sys
        .open(path, OFlags::RDONLY | OFlags::CLOEXEC, 0)
        .await
        .ok()?;
    let r = sys.read_to_end(fd).await;
    let _ = sys.close(fd).await;
    r.ok().map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Read a whole file as bytes, or `None`.
async fn read_bytes(sys: &Sys, path: &str) -> Option<Vec<u8>> {
    let fd = sys
        .open(path, OFlags::RDONLY | OFlags::CLOEXEC, 0)
        .await
        .ok()?;
    let r = sys.read_to_end(fd).await;
    let _ = sys.close(fd).await;
    r.ok()
}

/// The pids listed in /proc, in increasing order.
pub async fn list_pids(sys: &Sys) -> Vec<u32> {
    let mut pids: Vec<u32> = match sys.read_dir("/proc").await {
        Ok(entries) => entries.iter().filter_map(|e| e.name.parse().ok()).collect(),
        Err(_) => Vec::new(),
    };
    pids.sort_unstable();
    pids
}

/// Load one process (`self` works too); `None` if it vanished or is unreadable.
pub async fn load(sys: &Sys, pid: &str) -> Option<ProcInfo> {
    let stat = parse_stat(&read_text(sys, &format!("/proc/{pid}/stat")).await?)?;
    let status = parse_status(
        &read_text(sys, &format!("/proc/{pid}/status"))
            .await
            .unwrap_or_default(),
    );
    let cmdline = parse_cmdline(
        &read_bytes(sys, &format!("/proc/{pid}/cmdline"))
            .await
            .unwrap_or_default(),
    );
    Some(ProcInfo {
        stat,
        status,
        cmdline,
    })
}

/// Every process in /proc.
pub async fn load_all(sys: &Sys) -> Vec<ProcInfo> {
    let mut out = Vec::new();
    for pid in list_pids(sys).await {
        if let Some(p) = load(sys, &pid.to_string()).await {
            out.push(p);
        }
    }
    out
}

/// Uptime in hundredths of a second, from /proc/uptime (0 if unreadable).
pub async fn uptime_centis(sys: &Sys) -> u64 {
    read_text(sys, "/proc/uptime")
        .await
        .and_then(|t| parse_uptime(&t))
        .unwrap_or(0)
}

/// /proc/meminfo, parsed (empty if unreadable).
pub async fn meminfo(sys: &Sys) -> Vec<(String, u64)> {
    read_text(sys, "/proc/meminfo")
        .await
        .map(|t| parse_meminfo(&t))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAT: &str = "42 (my (odd) prog) S 1 42 42 34816 42 4194560 0 0 0 0 150 30 2 1 20 0 1 0 \
                        1234 8192000 300 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

    #[test]
    fn stat_line() {
        let s = parse_stat(STAT).expect("parses");
        assert_eq!(s.pid, 42);
        assert_eq!(s.comm, "my (odd) prog");
        assert_eq!(s.state, 'S');
        assert_eq!((s.ppid, s.pgrp, s.session), (1, 42, 42));
        assert_eq!(s.tty_nr, 34816);
        assert_eq!(s.tpgid, 42);
        assert_eq!((s.utime, s.stime, s.cutime, s.cstime), (150, 30, 2, 1));
        assert_eq!((s.priority, s.nice, s.num_threads), (20, 0, 1));
        assert_eq!((s.starttime, s.vsize, s.rss), (1234, 8_192_000, 300));
        assert_eq!(parse_stat("garbage"), None);
        assert_eq!(parse_stat("1 (x"), None);
        assert_eq!(parse_stat("1 (x) S"), None);
    }

    #[test]
    fn status_file() {
        let st = parse_status(
            "Name:\tsh\nState:\tS (sleeping)\nUid:\t1000\t0\t0\t0\nGid:\t100\t100\t100\t100\n\
             Groups:\t10 100 \nVmSize:\t    1024 kB\nVmRSS:\t     512 kB\nCpuMs:\t17\nMemBytes:\t524288\n",
        );
        assert_eq!(st.name, "sh");
        assert_eq!(st.uid, [1000, 0, 0, 0]);
        assert_eq!(st.gid[1], 100);
        assert_eq!(st.groups, vec![10, 100]);
        assert_eq!((st.vm_rss_kb, st.vm_size_kb), (512, 1024));
        assert_eq!((st.cpu_ms, st.mem_bytes), (Some(17), Some(524_288)));
    }

    #[test]
    fn small_files() {
        assert_eq!(parse_cmdline(b"ls\0-l\0"), vec!["ls", "-l"]);
        assert!(parse_cmdline(b"").is_empty());
        let m = parse_meminfo("MemTotal:        4194304 kB\nMemFree:  100 kB\n");
        assert_eq!(meminfo_get(&m, "MemTotal"), 4_194_304);
        assert_eq!(meminfo_get(&m, "Nope"), 0);
        assert_eq!(parse_uptime("123.45 100.00\n"), Some(12_345));
        assert_eq!(parse_uptime("7.5 1"), Some(750));
        assert_eq!(parse_uptime(""), None);
        assert_eq!(parse_loadavg("0.50 0.25 1.00 1/3 9\n"), [0.5, 0.25, 1.0]);
    }

    #[test]
    fn tty_names() {
        assert_eq!(tty_name(0), None);
        assert_eq!(tty_name((136 << 8) | 3).as_deref(), Some("pts/3"));
        assert_eq!(tty_name((4 << 8) | 1).as_deref(), Some("tty1"));
        for name in ["pts/0", "pts/300", "tty2", "ttyS1", "tty", "console"] {
            assert_eq!(
                tty_name(tty_number(name).expect("known")).as_deref(),
                Some(name)
            );
        }
        assert_eq!(tty_number("/dev/pts/7"), Some((136 << 8) | 7));
        assert_eq!(tty_number("bogus"), None);
    }
}
