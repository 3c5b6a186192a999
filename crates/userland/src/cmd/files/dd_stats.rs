//! The transfer statistics of dd(1): the `N+M records in/out` lines and the
//! `X bytes (1.1 kB, 1.0 KiB) copied, S s, R/s` line, with sizes rounded as gnulib's
//! `human_readable` does (autoscale, round to nearest, SI and IEC prefixes).

/// Counters of one dd run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Full input blocks read.
    pub r_full: u64,
    /// Partial input blocks read.
    pub r_partial: u64,
    /// Full output blocks written.
    pub w_full: u64,
    /// Partial output blocks written.
    pub w_partial: u64,
    /// Bytes written.
    pub w_bytes: u64,
}

/// The two records lines.
pub fn records(c: &Counts) -> String {
    format!(
        "{}+{} records in\n{}+{} records out\n",
        c.r_full, c.r_partial, c.w_full, c.w_partial
    )
}

/// `n` bytes with an SI (`kB`, base 1000) or IEC (`KiB`, base 1024) prefix, gnulib-style:
/// one decimal below 10, else a whole number; no prefix (`N B`) below the base.
pub fn human_bytes(n: u64, iec: bool) -> String {
    let base: u128 = if iec { 1024 } else { 1000 };
    let mut amt = u128::from(n);
    if amt < base {
        return format!("{n} B");
    }
    let mut exp = 0usize;
    let mut div: u128 = 1;
    while amt / div >= base && exp < 8 {
        div *= base;
        exp += 1;
    }
    let q = amt / div;
    let r = amt % div;
    let mut tenths = r * 10 / div;
    let rest2 = (r * 10 % div) * 2; // compare with div: < half, = half, > half
    let round_up = |last_odd: bool, rest2: u128| rest2 > div || (rest2 == div && last_odd);
    let text = if q < 10 {
        amt = q;
        if round_up(tenths % 2 == 1, rest2) {
            tenths += 1;
            if tenths == 10 {
                amt += 1;
                tenths = 0;
            }
        }
        if amt < 10 {
            format!("{amt}.{tenths}")
        } else {
            format!("{amt}")
        }
    } else {
        amt = q;
        let frac2 = r * 2;
        if frac2 > div || (frac2 == div && amt % 2 == 1) {
            amt += 1;
        }
        if amt == base && exp < 8 {
            exp += 1;
            "1.0".to_string()
        } else {
            format!("{amt}")
        }
    };
    format!("{text} {}", prefix(exp, iec))
}

fn prefix(exp: usize, iec: bool) -> String {
    let letters = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
    let l = letters.get(exp.saturating_sub(1)).copied().unwrap_or('Y');
    if iec {
        format!("{}iB", l.to_ascii_uppercase())
    } else {
        format!("{l}B")
    }
}

/// The rate `bytes` per `nanos` nanoseconds in SI units, as dd prints it (`37.8 GB/s`).
pub fn rate(bytes: u64, nanos: u128) -> String {
    if nanos == 0 {
        return "Infinity B/s".into();
    }
    let mut v = bytes as f64 * 1e9 / nanos as f64;
    let mut e = 1000.0;
    let mut exp = 1;
    while e * 1000.0 <= v && exp < 8 {
        e *= 1000.0;
        exp += 1;
    }
    v /= e;
    let mut s = format!("{v:.1}");
    if s.len() > 4 {
        s = format!("{v:.0}");
    }
    format!("{s} {}/s", prefix(exp, false))
}

/// The transfer line (without newline): bytes, sizes, elapsed seconds (`%g`, or whole seconds
/// for a progress line) and rate.
pub fn xfer(c: &Counts, nanos: u128, progress: bool) -> String {
    let secs = nanos as f64 / 1e9;
    let t = if progress {
        format!("{secs:.0} s")
    } else {
        format!("{} s", crate::sh::printf::fmt_g(secs, 6, false, false))
    };
    let r = rate(c.w_bytes, nanos);
    let n = c.w_bytes;
    let si = human_bytes(n, false);
    let iec = human_bytes(n, true);
    if si.ends_with(" B") {
        let unit = if n == 1 { "byte" } else { "bytes" };
        format!("{n} {unit} copied, {t}, {r}")
    } else if iec.ends_with(" B") {
        format!("{n} bytes ({si}) copied, {t}, {r}")
    } else {
        format!("{n} bytes ({si}, {iec}) copied, {t}, {r}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human() {
        assert_eq!(human_bytes(512, false), "512 B");
        assert_eq!(human_bytes(1000, false), "1.0 kB");
        assert_eq!(human_bytes(1000, true), "1000 B");
        assert_eq!(human_bytes(1092, false), "1.1 kB");
        assert_eq!(human_bytes(2048, true), "2.0 KiB");
        assert_eq!(human_bytes(104857600, false), "105 MB");
        assert_eq!(human_bytes(104857600, true), "100 MiB");
        assert_eq!(human_bytes(1048576, false), "1.0 MB");
        assert_eq!(rate(0, 28476), "0.0 kB/s");
        assert_eq!(rate(1, 22258), "44.9 kB/s");
        assert_eq!(rate(104857600, 2773610), "37.8 GB/s");
        let c = Counts {
            w_bytes: 2048,
            ..Counts::default()
        };
        assert_eq!(
            xfer(&c, 28967, false),
            "2048 bytes (2.0 kB, 2.0 KiB) copied, 2.8967e-05 s, 70.7 MB/s"
        );
    }
}
