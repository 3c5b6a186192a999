//! Calendar arithmetic and strftime(3) for programs that print dates (`ls -l`, `stat`, `date`,
//! `find -printf`). Wosix has no time-zone database: local time is UTC, as with `TZ=UTC`.
//! The civil-from-days algorithm is Howard Hinnant's (proleptic Gregorian calendar).

/// English month abbreviations, January first (C locale `%b`).
pub const MONTHS_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// English month names, January first (C locale `%B`).
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English weekday abbreviations, Sunday first (C locale `%a`).
pub const DAYS_SHORT: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// English weekday names, Sunday first (C locale `%A`).
pub const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The abbreviated name of month `m` (1–12); `???` when out of range.
pub fn month_short(m: u32) -> &'static str {
    MONTHS_SHORT
        .get((m as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("???")
}

/// The full name of month `m` (1–12); `?` when out of range.
pub fn month_name(m: u32) -> &'static str {
    MONTHS
        .get((m as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// The abbreviated name of weekday `w` (0 = Sunday).
pub fn day_short(w: u32) -> &'static str {
    DAYS_SHORT.get(w as usize).copied().unwrap_or("???")
}

/// The full name of weekday `w` (0 = Sunday).
pub fn day_name(w: u32) -> &'static str {
    DAYS.get(w as usize).copied().unwrap_or("?")
}

/// `(year, month 1–12, day 1–31)` of the day `days` after 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 of the civil date `y-m-d` (month 1–12; out-of-range days carry over).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether `y` is a leap year.
pub fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Number of days in month `m` (1–12) of year `y`.
pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Broken-down UTC time of `secs` since the epoch:
/// `(year, month 1–12, day 1–31, hour, minute, second, weekday 0 = Sunday)`.
pub fn ymdhms(secs: i64) -> (i64, u32, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400) as u32;
    let (y, m, d) = civil_from_days(days);
    let wday = (days + 4).rem_euclid(7) as u32;
    (y, m, d, rem / 3600, rem / 60 % 60, rem % 60, wday)
}

/// Seconds since the epoch of the UTC time `y-m-d H:M:S`.
pub fn to_epoch(y: i64, m: u32, d: u32, h: u32, min: u32, s: u32) -> i64 {
    days_from_civil(y, m, d) * 86_400 + h as i64 * 3600 + min as i64 * 60 + s as i64
}

/// Day of the year, 1–366.
fn yday(y: i64, m: u32, d: u32) -> u32 {
    (days_from_civil(y, m, d) - days_from_civil(y, 1, 1)) as u32 + 1
}

/// ISO 8601 week-based year and week number of a date.
fn iso_week(y: i64, m: u32, d: u32, wday: u32) -> (i64, u32) {
    let yd = yday(y, m, d) as i64;
    let wd = if wday == 0 { 7 } else { wday as i64 };
    let week = (yd - wd + 10) / 7;
    let weeks_in = |yr: i64| -> i64 {
        let jan1 = (days_from_civil(yr, 1, 1) + 4).rem_euclid(7);
        if jan1 == 4 || (jan1 == 3 && is_leap(yr)) {
            53
        } else {
            52
        }
    };
    if week < 1 {
        (y - 1, weeks_in(y - 1) as u32)
    } else if week > weeks_in(y) {
        (y + 1, 1)
    } else {
        (y, week as u32)
    }
}

/// Format `secs` (UTC) as strftime(3) does in the C locale. See [`strftime_ns`].
pub fn strftime(fmt: &str, secs: i64) -> String {
    strftime_ns(fmt, secs, 0)
}

/// Format `secs` + `nsec` (UTC) as strftime(3) in the C locale, with GNU `date` extensions:
/// `%N` (nanoseconds) and the padding flags `-` (none), `_` (spaces), `0` (zeros), `^`
/// (upper case) and a field width, e.g. `%-d`, `%_H`, `%3N`. Supported conversions:
/// `%a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %n %N %p %P %r %R %s %S %t
/// %T %u %U %V %w %W %x %X %y %Y %z %Z %%`; others are copied unchanged.
pub fn strftime_ns(fmt: &str, secs: i64, nsec: u32) -> String {
    let (y, mo, d, h, mi, s, wd) = ymdhms(secs);
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' || i >= chars.len() {
            out.push(c);
            continue;
        }
        let start = i - 1;
        let mut flag: Option<char> = None;
        let mut upper = false;
        while i < chars.len() && matches!(chars[i], '-' | '_' | '0' | '^' | '#') {
            match chars[i] {
                '^' => upper = true,
                '#' => {}
                f => flag = Some(f),
            }
            i += 1;
        }
        let mut width: Option<usize> = None;
        while i < chars.len() && chars[i].is_ascii_digit() {
            let v = chars[i].to_digit(10).unwrap_or(0) as usize;
            width = Some(
                width
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(v)
                    .min(4096),
            );
            i += 1;
        }
        // E and O modifiers are accepted and ignored, as in the C locale.
        while i < chars.len() && matches!(chars[i], 'E' | 'O') {
            i += 1;
        }
        let Some(&conv) = chars.get(i) else {
            out.extend(&chars[start..]);
            break;
        };
        i += 1;
        // Numbers: (value, default width, default pad char).
        let num = |v: i64, w: usize, pad: char| Field::Num(v, w, pad);
        let h12 = if h % 12 == 0 { 12 } else { h % 12 };
        let field = match conv {
            'a' => Field::Text(day_short(wd).to_string()),
            'A' => Field::Text(day_name(wd).to_string()),
            'b' | 'h' => Field::Text(month_short(mo).to_string()),
            'B' => Field::Text(month_name(mo).to_string()),
            'c' => Field::Text(strftime_ns("%a %b %e %H:%M:%S %Y", secs, nsec)),
            'C' => num(y.div_euclid(100), 2, '0'),
            'd' => num(d as i64, 2, '0'),
            'D' => Field::Text(strftime_ns("%m/%d/%y", secs, nsec)),
            'e' => num(d as i64, 2, ' '),
            'F' => Field::Text(format!("{y:04}-{mo:02}-{d:02}")),
            'g' => num(iso_week(y, mo, d, wd).0.rem_euclid(100), 2, '0'),
            'G' => num(iso_week(y, mo, d, wd).0, 4, '0'),
            'H' => num(h as i64, 2, '0'),
            'I' => num(h12 as i64, 2, '0'),
            'j' => num(yday(y, mo, d) as i64, 3, '0'),
            'k' => num(h as i64, 2, ' '),
            'l' => num(h12 as i64, 2, ' '),
            'm' => num(mo as i64, 2, '0'),
            'M' => num(mi as i64, 2, '0'),
            'n' => Field::Text("\n".into()),
            'N' => {
                let digits = format!("{nsec:09}");
                let w = width.unwrap_or(9).clamp(1, 9);
                width = None;
                Field::Text(digits[..w].to_string())
            }
            'p' => Field::Text(if h < 12 { "AM" } else { "PM" }.into()),
            'P' => Field::Text(if h < 12 { "am" } else { "pm" }.into()),
            'r' => Field::Text(strftime_ns("%I:%M:%S %p", secs, nsec)),
            'R' => Field::Text(format!("{h:02}:{mi:02}")),
            's' => num(secs, 1, '0'),
            'S' => num(s as i64, 2, '0'),
            't' => Field::Text("\t".into()),
            'T' => Field::Text(format!("{h:02}:{mi:02}:{s:02}")),
            'u' => num(if wd == 0 { 7 } else { wd as i64 }, 1, '0'),
            'U' => num((yday(y, mo, d) as i64 + 6 - wd as i64) / 7, 2, '0'),
            'V' => num(iso_week(y, mo, d, wd).1 as i64, 2, '0'),
            'w' => num(wd as i64, 1, '0'),
            'W' => num(
                (yday(y, mo, d) as i64 + 6 - (wd as i64 + 6) % 7) / 7,
                2,
                '0',
            ),
            'x' => Field::Text(strftime_ns("%m/%d/%y", secs, nsec)),
            'X' => Field::Text(format!("{h:02}:{mi:02}:{s:02}")),
            'y' => num(y.rem_euclid(100), 2, '0'),
            'Y' => num(y, 1, '0'),
            'z' => Field::Text("+0000".into()),
            'Z' => Field::Text("UTC".into()),
            '%' => Field::Text("%".into()),
            _ => {
                out.extend(&chars[start..i]);
                continue;
            }
        };
        let text = match field {
            Field::Num(v, w, pad) => {
                let pad = match flag {
                    Some('-') => None,
                    Some('_') => Some(' '),
                    Some('0') => Some('0'),
                    _ => Some(pad),
                };
                let digits = v.unsigned_abs().to_string();
                let sign = if v < 0 { "-" } else { "" };
                let w = width.unwrap_or(w);
                match pad {
                    None => format!("{sign}{digits}"),
                    Some('0') => format!("{sign}{digits:0>w$}", w = w.saturating_sub(sign.len())),
                    Some(_) => format!("{:>w$}", format!("{sign}{digits}")),
                }
            }
            Field::Text(t) => match (width, flag) {
                (Some(w), Some('0')) => format!("{t:0>w$}"),
                (Some(w), _) => format!("{t:>w$}"),
                _ => t,
            },
        };
        if upper {
            out.push_str(&text.to_uppercase())
        } else {
            out.push_str(&text)
        }
    }
    out
}

/// One expanded conversion before padding.
enum Field {
    /// A number with its natural width and padding character.
    Num(i64, usize, char),
    /// Text, padded only with an explicit width.
    Text(String),
}

/// Parse a date as `touch -d`/`date -d` accept its simple forms (UTC): `@SECS`, `now`,
/// `today`, `yesterday`, `tomorrow`, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.frac]]` (also with
/// `T`), optionally followed by `Z`/`UTC`/`+0000`, `HH:MM[:SS]` (today), and relative forms
/// `N day(s)|hour(s)|minute(s)|second(s)|week(s) [ago]`. Returns `(secs, nsec)`.
pub fn parse_date(s: &str, now: i64) -> Option<(i64, u32)> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = s.strip_prefix('@') {
        let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
        let secs: i64 = int.parse().ok()?;
        return Some((secs, parse_frac(frac)?));
    }
    let today = now.div_euclid(86_400) * 86_400;
    match lower.as_str() {
        "now" | "" => return Some((now, 0)),
        "today" => return Some((now, 0)),
        "yesterday" => return Some((now - 86_400, 0)),
        "tomorrow" => return Some((now + 86_400, 0)),
        _ => {}
    }
    if let Some(rel) = parse_relative(&lower) {
        return Some((now + rel, 0));
    }
    let mut body = s;
    for suffix in [" UTC", "UTC", " utc", "Z", " +0000", "+0000", " GMT"] {
        if let Some(b) = body.strip_suffix(suffix) {
            body = b;
            break;
        }
    }
    let (date, time) = match body.find(['T', ' ']) {
        Some(i) => (&body[..i], Some(body[i + 1..].trim())),
        None if body.contains(':') => ("", Some(body)),
        None => (body, None),
    };
    let (y, m, d) = if date.is_empty() {
        let (y, m, d) = civil_from_days(today / 86_400);
        (y, m, d)
    } else {
        let parts: Vec<&str> = date.split('-').collect();
        if parts.len() != 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let y: i64 = parts[0].parse().ok()?;
        let m: u32 = parts[1].parse().ok()?;
        let d: u32 = parts[2].parse().ok()?;
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        (y, m, d)
    };
    let (h, mi, sec, ns) = match time {
        None => (0, 0, 0, 0),
        Some(t) => {
            let (hms, frac) = t.split_once('.').unwrap_or((t, ""));
            let p: Vec<&str> = hms.split(':').collect();
            if p.len() < 2
                || p.len() > 3
                || p.iter()
                    .any(|x| x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()))
            {
                return None;
            }
            let h: u32 = p[0].parse().ok()?;
            let mi: u32 = p[1].parse().ok()?;
            let sec: u32 = if p.len() == 3 { p[2].parse().ok()? } else { 0 };
            if h > 23 || mi > 59 || sec > 60 {
                return None;
            }
            (h, mi, sec, parse_frac(frac)?)
        }
    };
    Some((to_epoch(y, m, d, h, mi, sec), ns))
}

/// Nanoseconds from the digits after a decimal point (`""` is 0).
fn parse_frac(frac: &str) -> Option<u32> {
    if frac.is_empty() {
        return Some(0);
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits: String = frac.chars().take(9).collect();
    while digits.len() < 9 {
        digits.push('0');
    }
    digits.parse().ok()
}

/// `N unit [ago]` in seconds (`1 day ago`, `+2 hours`, `-3 weeks`).
fn parse_relative(s: &str) -> Option<i64> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let (n, unit, ago) = match words.as_slice() {
        [n, unit] => (*n, *unit, false),
        [n, unit, "ago"] => (*n, *unit, true),
        _ => return None,
    };
    let n: i64 = n.trim_start_matches('+').parse().ok()?;
    let unit = unit.trim_end_matches('s');
    let mult = match unit {
        "sec" | "second" => 1,
        "min" | "minute" => 60,
        "hour" => 3600,
        "day" => 86_400,
        "week" => 7 * 86_400,
        _ => return None,
    };
    let v = n.checked_mul(mult)?;
    Some(if ago { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(19_683), (2023, 11, 22));
        for d in [-800_000i64, -1, 0, 59, 60, 11_016, 19_000, 2_932_896] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }

    #[test]
    fn broken_down() {
        // 2023-11-22 03:07:09 UTC, a Wednesday.
        assert_eq!(ymdhms(1_700_622_429), (2023, 11, 22, 3, 7, 9, 3));
        assert_eq!(ymdhms(0), (1970, 1, 1, 0, 0, 0, 4));
        assert_eq!(ymdhms(-1), (1969, 12, 31, 23, 59, 59, 3));
    }

    #[test]
    fn formats() {
        let t = 1_700_622_429;
        assert_eq!(strftime("%Y-%m-%d %H:%M:%S", t), "2023-11-22 03:07:09");
        assert_eq!(
            strftime("%a %A %b %B %e", t),
            "Wed Wednesday Nov November 22"
        );
        assert_eq!(
            strftime("%F %T %D %R", t),
            "2023-11-22 03:07:09 11/22/23 03:07"
        );
        assert_eq!(
            strftime("%j %s %y %Z %z %%", t),
            "326 1700622429 23 UTC +0000 %"
        );
        assert_eq!(strftime("%I %p %n%t", t), "03 AM \n\t");
        assert_eq!(strftime("%b %e %H:%M", 1_699_142_400), "Nov  5 00:00");
        assert_eq!(strftime("%-d %_d %^a %-m", 1_699_142_400), "5  5 SUN 11");
        assert_eq!(strftime("%c", t), "Wed Nov 22 03:07:09 2023");
        assert_eq!(
            strftime_ns("%s.%N %3N", t, 5_000_000),
            "1700622429.005000000 005"
        );
        assert_eq!(strftime("%Q", t), "%Q");
        assert_eq!(strftime("%u %w %V %G", t), "3 3 47 2023");
        assert_eq!(strftime("%V %G", to_epoch(2021, 1, 1, 0, 0, 0)), "53 2020");
        assert_eq!(strftime("%U %W", to_epoch(2023, 1, 1, 0, 0, 0)), "01 00");
    }

    #[test]
    fn dates_parse() {
        let now = 1_700_622_429;
        assert_eq!(parse_date("@5", now), Some((5, 0)));
        assert_eq!(parse_date("2023-11-22", now), Some((1_700_611_200, 0)));
        assert_eq!(parse_date("2023-11-22 03:07:09", now), Some((now, 0)));
        assert_eq!(
            parse_date("2023-11-22T03:07:09.5Z", now),
            Some((now, 500_000_000))
        );
        assert_eq!(parse_date("03:07", now), Some((now - 9, 0)));
        assert_eq!(parse_date("1 day ago", now), Some((now - 86_400, 0)));
        assert_eq!(parse_date("2023-02-30", now), None);
        assert_eq!(parse_date("bogus", now), None);
    }
}
