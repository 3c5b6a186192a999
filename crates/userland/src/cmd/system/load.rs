//! `uptime` and `free` as procps-ng prints them, from /proc/uptime, /proc/loadavg and
//! /proc/meminfo.

use super::procfs::{self, meminfo_get};
use crate::Ctx;
use crate::args;
use crate::cmd::timefmt::strftime;
use wosix_abi::call::ClockId;

/// The classic `uptime` line: ` 10:15:32 up 3 days,  2:01,  1 user,  load average: …`.
pub fn uptime_line(now: i64, up_secs: u64, users: usize, load: [f64; 3]) -> String {
    let mut s = format!(" {} up ", strftime("%H:%M:%S", now));
    let days = up_secs / 86_400;
    if days > 0 {
        s.push_str(&format!("{days} day{}, ", if days != 1 { "s" } else { "" }));
    }
    let (hours, mins) = (up_secs / 3600 % 24, up_secs / 60 % 60);
    if hours > 0 {
        s.push_str(&format!("{hours:2}:{mins:02}, "));
    } else {
        s.push_str(&format!("{mins} min, "));
    }
    s.push_str(&format!(
        "{users:2} user{}, ",
        if users == 1 { "" } else { "s" }
    ));
    s.push_str(&format!(
        " load average: {:.2}, {:.2}, {:.2}",
        load[0], load[1], load[2]
    ));
    s
}

/// `uptime -p`: `up 2 hours, 5 minutes`.
pub fn uptime_pretty(up_secs: u64) -> String {
    let units = [
        (up_secs / (86_400 * 365), "year"),
        (up_secs / (86_400 * 7) % 52, "week"),
        (up_secs / 86_400 % 7, "day"),
        (up_secs / 3600 % 24, "hour"),
        (up_secs / 60 % 60, "minute"),
    ];
    let parts: Vec<String> = units
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| format!("{n} {u}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    if parts.is_empty() {
        "up 0 minutes".to_string()
    } else {
        format!("up {}", parts.join(", "))
    }
}

/// uptime(1).
pub async fn uptime(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(
        &ctx.argv[1..],
        "pshV",
        &["pretty", "since", "help", "version"],
        true,
    ) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            ctx.err.str("\nUsage:\n uptime [options]\n");
            return 1;
        }
    };
    if p.has('h') || p.has_long("help") {
        ctx.out.str("\nUsage:\n uptime [options]\n\nOptions:\n -p, --pretty   show uptime in pretty format\n -h, --help     display this help and exit\n -s, --since    system up since\n -V, --version  output version information and exit\n\nFor more details see uptime(1).\n");
        return 0;
    }
    if p.has('V') || p.has_long("version") {
        ctx.out.line("uptime from wosix procps 0.1");
        return 0;
    }
    if !p.operands.is_empty() {
        ctx.err
            .str("\nUsage:\n uptime [options]\n\nFor more details see uptime(1).\n");
        return 1;
    }
    let up = procfs::uptime_centis(&ctx.sys).await / 100;
    let now = ctx
        .sys
        .clock_gettime(ClockId::Realtime)
        .await
        .map(|t| t.sec)
        .unwrap_or(0);
    if p.has('s') || p.has_long("since") {
        ctx.out
            .line(&strftime("%Y-%m-%d %H:%M:%S", now - up as i64));
        return 0;
    }
    if p.has('p') || p.has_long("pretty") {
        ctx.out.line(&uptime_pretty(up));
        return 0;
    }
    let load = procfs::parse_loadavg(
        &procfs::read_text(&ctx.sys, "/proc/loadavg")
            .await
            .unwrap_or_default(),
    );
    // Without utmp, a user is a terminal some session leads.
    let mut ttys: Vec<u64> = procfs::load_all(&ctx.sys)
        .await
        .iter()
        .filter(|p| p.stat.tty_nr != 0 && p.stat.pid == p.stat.session)
        .map(|p| p.stat.tty_nr)
        .collect();
    ttys.sort_unstable();
    ttys.dedup();
    ctx.out.line(&uptime_line(now, up, ttys.len(), load));
    0
}

/// How `free` scales KiB values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A power of 1024 (0 = bytes, 1 = KiB, …).
    Binary(u32),
    /// A power of 1000 (`--kilo`, `--mega`, …).
    Decimal(u32),
    /// `-h`: the shortest readable form; `si` uses powers of 1000.
    Human {
        /// Powers of 1000 instead of 1024.
        si: bool,
    },
}

/// Render `kib` KiB in `unit` as procps's free does.
pub fn scale(kib: u64, unit: Unit) -> String {
    let bytes = kib as f64 * 1024.0;
    match unit {
        Unit::Binary(p) => ((kib as u128 * 1024) / 1024u128.pow(p)).to_string(),
        Unit::Decimal(p) => ((kib as u128 * 1024) / 1000u128.pow(p)).to_string(),
        Unit::Human { si } => {
            let base: f64 = if si { 1000.0 } else { 1024.0 };
            if bytes < base {
                return format!("{}B", kib * 1024);
            }
            let letters = ['K', 'M', 'G', 'T', 'P', 'E'];
            for (i, l) in letters.iter().enumerate() {
                let v = bytes / base.powi(i as i32 + 1);
                let suffix = if si { l.to_string() } else { format!("{l}i") };
                let one = format!("{v:.1}{l}");
                if one.len() <= 4 {
                    return format!("{v:.1}{suffix}");
                }
                let whole = format!("{}{l}", v as u64);
                if whole.len() <= 4 {
                    return format!("{}{suffix}", v as u64);
                }
            }
            format!("{kib}K")
        }
    }
}

/// The `free` table from parsed meminfo.
pub fn free_table(info: &[(String, u64)], unit: Unit, wide: bool, total: bool) -> String {
    let g = |k: &str| meminfo_get(info, k);
    let mem_total = g("MemTotal");
    let mem_free = g("MemFree");
    let buffers = g("Buffers");
    let cache = g("Cached") + g("SReclaimable");
    let available = if info.iter().any(|(k, _)| k == "MemAvailable") {
        g("MemAvailable")
    } else {
        mem_free
    };
    let used = mem_total.saturating_sub(available);
    let (swap_total, swap_free) = (g("SwapTotal"), g("SwapFree"));
    let swap_used = swap_total.saturating_sub(swap_free);
    let cell = |v: u64| format!("{:>12}", scale(v, unit));
    let mut out = String::new();
    if wide {
        out.push_str("               total        used        free      shared     buffers       cache   available\n");
    } else {
        out.push_str(
            "               total        used        free      shared  buff/cache   available\n",
        );
    }
    let mut mem = format!(
        "{:<8}{}{}{}{}",
        "Mem:",
        cell(mem_total),
        cell(used),
        cell(mem_free),
        cell(g("Shmem"))
    );
    if wide {
        mem.push_str(&cell(buffers));
        mem.push_str(&cell(cache));
    } else {
        mem.push_str(&cell(buffers + cache));
    }
    mem.push_str(&cell(available));
    out.push_str(&mem);
    out.push('\n');
    out.push_str(&format!(
        "{:<8}{}{}{}\n",
        "Swap:",
        cell(swap_total),
        cell(swap_used),
        cell(swap_free)
    ));
    if total {
        out.push_str(&format!(
            "{:<8}{}{}{}\n",
            "Total:",
            cell(mem_total + swap_total),
            cell(used + swap_used),
            cell(mem_free + swap_free)
        ));
    }
    out
}

/// free(1).
pub async fn free(ctx: &mut Ctx) -> i32 {
    let long = [
        "bytes", "kibi", "mebi", "gibi", "tebi", "pebi", "kilo", "mega", "giga", "tera", "peta",
        "human", "si", "wide", "total", "seconds=", "count=", "help", "version",
    ];
    let p = match args::parse(&ctx.argv[1..], "bkmghwts:c:V", &long, true) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            ctx.err
                .str("\nUsage:\n free [options]\n\nFor more details see free(1).\n");
            return 1;
        }
    };
    if p.has_long("help") {
        ctx.out.str("\nUsage:\n free [options]\n\nOptions:\n -b, --bytes         show output in bytes\n     --kilo          show output in kilobytes\n     --mega          show output in megabytes\n     --giga          show output in gigabytes\n     --tera          show output in terabytes\n     --peta          show output in petabytes\n -k, --kibi          show output in kibibytes\n -m, --mebi          show output in mebibytes\n -g, --gibi          show output in gibibytes\n     --tebi          show output in tebibytes\n     --pebi          show output in pebibytes\n -h, --human         show human-readable output\n     --si            use powers of 1000 not 1024\n -w, --wide          wide output\n -t, --total         show total for RAM + swap\n -s N, --seconds N   repeat printing every N seconds\n -c N, --count N     repeat printing N times, then exit\n\n     --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see free(1).\n");
        return 0;
    }
    if p.has('V') || p.has_long("version") {
        ctx.out.line("free from wosix procps 0.1");
        return 0;
    }
    if !p.operands.is_empty() {
        ctx.err
            .str("\nUsage:\n free [options]\n\nFor more details see free(1).\n");
        return 1;
    }
    let si = p.has_long("si");
    let mut unit = Unit::Binary(1);
    for o in &p.opts {
        let (name, short) = match o {
            args::Opt::Long(n, _) => (n.as_str(), None),
            args::Opt::Short(c, _) => ("", Some(*c)),
        };
        unit = match (name, short) {
            ("bytes", _) | (_, Some('b')) => Unit::Binary(0),
            ("kibi", _) | (_, Some('k')) => Unit::Binary(1),
            ("mebi", _) | (_, Some('m')) => Unit::Binary(2),
            ("gibi", _) | (_, Some('g')) => Unit::Binary(3),
            ("tebi", _) => Unit::Binary(4),
            ("pebi", _) => Unit::Binary(5),
            ("kilo", _) => Unit::Decimal(1),
            ("mega", _) => Unit::Decimal(2),
            ("giga", _) => Unit::Decimal(3),
            ("tera", _) => Unit::Decimal(4),
            ("peta", _) => Unit::Decimal(5),
            ("human", _) | (_, Some('h')) => Unit::Human { si },
            _ => unit,
        };
    }
    if let Unit::Human { .. } = unit {
        unit = Unit::Human { si };
    }
    let number = |v: Option<&str>, what: &str| -> Result<Option<f64>, String> {
        match v {
            None => Ok(None),
            Some(s) => match s.parse::<f64>() {
                Ok(n) if n >= 0.0 && n.is_finite() => Ok(Some(n)),
                _ => Err(format!("{what} argument '{s}' failed")),
            },
        }
    };
    let delay = match number(p.value('s').or(p.long_value("seconds")), "seconds") {
        Ok(d) => d,
        Err(m) => {
            ctx.error(&m);
            return 1;
        }
    };
    let count = match p
        .value('c')
        .or(p.long_value("count"))
        .map(|c| c.parse::<u64>())
    {
        None => None,
        Some(Ok(n)) if n > 0 => Some(n),
        Some(_) => {
            ctx.error("count argument failed");
            return 1;
        }
    };
    let repeat = delay.is_some() || count.is_some();
    let delay_ns = (delay.unwrap_or(1.0) * 1e9) as u64;
    let wide = p.has('w') || p.has_long("wide");
    let total = p.has('t') || p.has_long("total");
    let mut n = 0u64;
    loop {
        let info = procfs::meminfo(&ctx.sys).await;
        ctx.out.str(&free_table(&info, unit, wide, total));
        n += 1;
        if !repeat || count.is_some_and(|c| n >= c) {
            break;
        }
        ctx.out.str("\n");
        if ctx.out.flush(&ctx.sys).await.is_err() {
            return 1;
        }
        if ctx.sys.sleep_ns(delay_ns).await.is_err() {
            break;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uptime_lines() {
        let now = 1_700_622_429; // 03:07:09
        assert_eq!(
            uptime_line(now, 300, 1, [0.0, 0.0, 0.0]),
            " 03:07:09 up 5 min,  1 user,  load average: 0.00, 0.00, 0.00"
        );
        assert_eq!(
            uptime_line(now, 3 * 86_400 + 2 * 3600 + 60, 2, [0.5, 0.25, 1.0]),
            " 03:07:09 up 3 days,  2:01,  2 users,  load average: 0.50, 0.25, 1.00"
        );
        assert_eq!(uptime_pretty(0), "up 0 minutes");
        assert_eq!(uptime_pretty(3600 + 300), "up 1 hour, 5 minutes");
        assert_eq!(uptime_pretty(8 * 86_400 + 60), "up 1 week, 1 day, 1 minute");
    }

    #[test]
    fn human_sizes() {
        let h = Unit::Human { si: false };
        assert_eq!(scale(0, h), "0B");
        assert_eq!(scale(4 * 1024 * 1024, h), "4.0Gi");
        assert_eq!(scale(600 * 1024, h), "600Mi");
        assert_eq!(scale(1023 * 1024, h), "1.0Gi");
        assert_eq!(scale(100, h), "100Ki");
        assert_eq!(scale(5, h), "5.0Ki");
        assert_eq!(scale(15 * 1024 * 1024, h), "15Gi");
        assert_eq!(scale(2048, Unit::Binary(2)), "2");
        assert_eq!(scale(1, Unit::Binary(0)), "1024");
        assert_eq!(scale(1000, Unit::Decimal(1)), "1024");
    }

    #[test]
    fn free_layout() {
        let info = procfs::parse_meminfo(
            "MemTotal:        4194304 kB\nMemFree:         4000000 kB\nMemAvailable:    4000000 kB\nBuffers:               0 kB\nCached:            70000 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\nShmem:              1234 kB\n",
        );
        assert_eq!(
            free_table(&info, Unit::Binary(1), false, true),
            "               total        used        free      shared  buff/cache   available\n\
             Mem:         4194304      194304     4000000        1234       70000     4000000\n\
             Swap:              0           0           0\n\
             Total:       4194304      194304     4000000\n"
        );
    }
}
