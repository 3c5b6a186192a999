//! The pure half of stty(1): GNU coreutils' mode and control-character tables with Linux bit
//! values, applying setting words (`-echo`, `raw`, `intr ^C`, `rows 40`, a `-g` string) to a
//! `Termios`, and rendering `stty`, `stty -a` and `stty -g` exactly as GNU stty does.

use wosix_abi::Termios;
use wosix_abi::termios::{NCCS, VMIN, VTIME};

/// Which flag word a mode lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// `c_cflag`.
    Control,
    /// `c_iflag`.
    Input,
    /// `c_oflag`.
    Output,
    /// `c_lflag`.
    Local,
}

const SANE_SET: u8 = 1;
const SANE_UNSET: u8 = 2;
const REV: u8 = 4;
const OMIT: u8 = 8;

/// One named mode: word, GNU flags, bits, mask (0 = the bits themselves).
struct Mode(&'static str, Word, u8, u32, u32);

use Word::{Control as C, Input as I, Local as L, Output as O};

const CSIZE: u32 = 0o60;
const CBAUD: u32 = 0o10017;

const MODES: &[Mode] = &[
    Mode("parenb", C, REV, 0o400, 0),
    Mode("parodd", C, REV, 0o1000, 0),
    Mode("cmspar", C, REV, 0o10000000000, 0),
    Mode("cs5", C, 0, 0, CSIZE),
    Mode("cs6", C, 0, 0o20, CSIZE),
    Mode("cs7", C, 0, 0o40, CSIZE),
    Mode("cs8", C, 0, 0o60, CSIZE),
    Mode("hupcl", C, REV, 0o2000, 0),
    Mode("hup", C, REV | OMIT, 0o2000, 0),
    Mode("cstopb", C, REV, 0o100, 0),
    Mode("cread", C, SANE_SET | REV, 0o200, 0),
    Mode("clocal", C, REV, 0o4000, 0),
    Mode("crtscts", C, REV, 0o20000000000, 0),
    Mode("ignbrk", I, SANE_UNSET | REV, 0o1, 0),
    Mode("brkint", I, SANE_SET | REV, 0o2, 0),
    Mode("ignpar", I, REV, 0o4, 0),
    Mode("parmrk", I, REV, 0o10, 0),
    Mode("inpck", I, REV, 0o20, 0),
    Mode("istrip", I, SANE_UNSET | REV, 0o40, 0),
    Mode("inlcr", I, SANE_UNSET | REV, 0o100, 0),
    Mode("igncr", I, SANE_UNSET | REV, 0o200, 0),
    Mode("icrnl", I, SANE_SET | REV, 0o400, 0),
    Mode("ixon", I, REV, 0o2000, 0),
    Mode("ixoff", I, SANE_UNSET | REV, 0o10000, 0),
    Mode("tandem", I, REV | OMIT, 0o10000, 0),
    Mode("iuclc", I, SANE_UNSET | REV, 0o1000, 0),
    Mode("ixany", I, SANE_UNSET | REV, 0o4000, 0),
    Mode("imaxbel", I, SANE_SET | REV, 0o20000, 0),
    Mode("iutf8", I, SANE_UNSET | REV, 0o40000, 0),
    Mode("opost", O, SANE_SET | REV, 0o1, 0),
    Mode("olcuc", O, SANE_UNSET | REV, 0o2, 0),
    Mode("ocrnl", O, SANE_UNSET | REV, 0o10, 0),
    Mode("onlcr", O, SANE_SET | REV, 0o4, 0),
    Mode("onocr", O, SANE_UNSET | REV, 0o20, 0),
    Mode("onlret", O, SANE_UNSET | REV, 0o40, 0),
    Mode("ofill", O, SANE_UNSET | REV, 0o100, 0),
    Mode("ofdel", O, SANE_UNSET | REV, 0o200, 0),
    Mode("nl1", O, SANE_UNSET, 0o400, 0o400),
    Mode("nl0", O, SANE_SET, 0, 0o400),
    Mode("cr3", O, SANE_UNSET, 0o3000, 0o3000),
    Mode("cr2", O, SANE_UNSET, 0o2000, 0o3000),
    Mode("cr1", O, SANE_UNSET, 0o1000, 0o3000),
    Mode("cr0", O, SANE_SET, 0, 0o3000),
    Mode("tab3", O, SANE_UNSET, 0o14000, 0o14000),
    Mode("tab2", O, SANE_UNSET, 0o10000, 0o14000),
    Mode("tab1", O, SANE_UNSET, 0o4000, 0o14000),
    Mode("tab0", O, SANE_SET, 0, 0o14000),
    Mode("bs1", O, SANE_UNSET, 0o20000, 0o20000),
    Mode("bs0", O, SANE_SET, 0, 0o20000),
    Mode("vt1", O, SANE_UNSET, 0o40000, 0o40000),
    Mode("vt0", O, SANE_SET, 0, 0o40000),
    Mode("ff1", O, SANE_UNSET, 0o100000, 0o100000),
    Mode("ff0", O, SANE_SET, 0, 0o100000),
    Mode("isig", L, SANE_SET | REV, 0o1, 0),
    Mode("icanon", L, SANE_SET | REV, 0o2, 0),
    Mode("iexten", L, SANE_SET | REV, 0o100000, 0),
    Mode("echo", L, SANE_SET | REV, 0o10, 0),
    Mode("echoe", L, SANE_SET | REV, 0o20, 0),
    Mode("crterase", L, REV | OMIT, 0o20, 0),
    Mode("echok", L, SANE_SET | REV, 0o40, 0),
    Mode("echonl", L, SANE_UNSET | REV, 0o100, 0),
    Mode("noflsh", L, SANE_UNSET | REV, 0o200, 0),
    Mode("xcase", L, SANE_UNSET | REV, 0o4, 0),
    Mode("tostop", L, SANE_UNSET | REV, 0o400, 0),
    Mode("echoprt", L, SANE_UNSET | REV, 0o2000, 0),
    Mode("prterase", L, REV | OMIT, 0o2000, 0),
    Mode("echoctl", L, SANE_SET | REV, 0o1000, 0),
    Mode("ctlecho", L, REV | OMIT, 0o1000, 0),
    Mode("echoke", L, SANE_SET | REV, 0o4000, 0),
    Mode("crtkill", L, REV | OMIT, 0o4000, 0),
    Mode("flusho", L, SANE_UNSET | REV, 0o10000, 0),
    Mode("extproc", L, SANE_UNSET | REV, 0o200000, 0),
];

/// Control characters: name, sane value, index into `cc`.
const CONTROLS: &[(&str, u8, usize)] = &[
    ("intr", 0x03, 0),
    ("quit", 0x1c, 1),
    ("erase", 0x7f, 2),
    ("kill", 0x15, 3),
    ("eof", 0x04, 4),
    ("eol", 0, 11),
    ("eol2", 0, 16),
    ("swtch", 0, 7),
    ("start", 0x11, 8),
    ("stop", 0x13, 9),
    ("susp", 0x1a, 10),
    ("rprnt", 0x12, 12),
    ("werase", 0x17, 14),
    ("lnext", 0x16, 15),
    ("discard", 0x0f, 13),
    ("min", 1, VMIN),
    ("time", 0, VTIME),
];

/// Baud rates and their `CBAUD` codes.
const SPEEDS: &[(u32, u32)] = &[
    (0, 0),
    (50, 1),
    (75, 2),
    (110, 3),
    (134, 4),
    (150, 5),
    (200, 6),
    (300, 7),
    (600, 8),
    (1200, 9),
    (1800, 10),
    (2400, 11),
    (4800, 12),
    (9600, 13),
    (19200, 14),
    (38400, 15),
    (57600, 0o10001),
    (115200, 0o10002),
    (230400, 0o10003),
    (460800, 0o10004),
    (500000, 0o10005),
    (576000, 0o10006),
    (921600, 0o10007),
    (1000000, 0o10010),
    (1152000, 0o10011),
    (1500000, 0o10012),
    (2000000, 0o10013),
    (2500000, 0o10014),
    (3000000, 0o10015),
    (3500000, 0o10016),
    (4000000, 0o10017),
];

/// The number of `cc` entries Linux's glibc shows in `stty -g`.
const G_NCCS: usize = 32;

fn word(t: &mut Termios, w: Word) -> &mut u32 {
    match w {
        Word::Control => &mut t.cflag,
        Word::Input => &mut t.iflag,
        Word::Output => &mut t.oflag,
        Word::Local => &mut t.lflag,
    }
}

fn word_of(t: &Termios, w: Word) -> u32 {
    match w {
        Word::Control => t.cflag,
        Word::Input => t.iflag,
        Word::Output => t.oflag,
        Word::Local => t.lflag,
    }
}

/// The baud rate in `cflag`.
pub fn speed(t: &Termios) -> u32 {
    SPEEDS
        .iter()
        .find(|s| s.1 == t.cflag & CBAUD)
        .map(|s| s.0)
        .unwrap_or(0)
}

/// How GNU stty shows a control character: `^C`, `^?`, `M-a`, `<undef>`.
pub fn visible(c: u8) -> String {
    match c {
        0 => "<undef>".into(),
        1..=31 => format!("^{}", (c + 64) as char),
        32..=126 => (c as char).to_string(),
        127 => "^?".into(),
        128..=159 => format!("M-^{}", (c - 128 + 64) as char),
        255 => "M-^?".into(),
        _ => format!("M-{}", (c - 128) as char),
    }
}

/// An unsigned number as strtoul with base 0 reads it (`0x1f`, `017`, `31`).
pub fn integer(s: &str) -> Option<u64> {
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()
    } else if s.len() > 1 && s.starts_with('0') {
        u64::from_str_radix(&s[1..], 8).ok()
    } else {
        s.parse().ok()
    }
}

/// A control-character value: one character, `^X`, `^?`, `^-`/`undef`, or a number.
fn cc_value(s: &str) -> Result<u8, StError> {
    let b = s.as_bytes();
    if b.len() <= 1 {
        return Ok(b.first().copied().unwrap_or(0));
    }
    if s == "^-" || s == "undef" {
        return Ok(0);
    }
    if b[0] == b'^' && b.len() == 2 {
        return Ok(if b[1] == b'?' { 127 } else { b[1] & !0o140 });
    }
    match integer(s) {
        Some(v) if v <= 255 => Ok(v as u8),
        _ => Err(StError::BadInteger(s.to_string())),
    }
}

/// A command-line error, in GNU's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StError {
    /// `invalid argument 'x'`.
    Invalid(String),
    /// `missing argument to 'x'`.
    Missing(String),
    /// `invalid integer argument: 'x'`.
    BadInteger(String),
}

impl StError {
    /// The message after `stty: `, and whether the "Try --help" line follows.
    pub fn message(&self) -> (String, bool) {
        match self {
            StError::Invalid(a) => (format!("invalid argument '{a}'"), true),
            StError::Missing(a) => (format!("missing argument to '{a}'"), true),
            StError::BadInteger(a) => (format!("invalid integer argument: '{a}'"), false),
        }
    }
}

/// Something stty must do besides changing attributes, in argument order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Set the window rows.
    Rows(u16),
    /// Set the window columns.
    Cols(u16),
    /// Print `rows cols`.
    PrintSize,
    /// Print the speed.
    PrintSpeed,
}

fn set_mode(t: &mut Termios, m: &Mode, on: bool) {
    let mask = if m.4 != 0 { m.4 } else { m.3 };
    let w = word(t, m.1);
    if on {
        *w = (*w & !mask) | m.3;
    } else {
        *w &= !mask;
    }
}

fn set_named(t: &mut Termios, spec: &str) {
    let (name, on) = match spec.strip_prefix('-') {
        Some(n) => (n, false),
        None => (spec, true),
    };
    if let Some(m) = MODES.iter().find(|m| m.0 == name) {
        set_mode(t, m, on);
    }
}

/// `stty sane`: sane control characters and every SANE_SET/SANE_UNSET mode.
pub fn sane(t: &mut Termios) {
    for (_, v, i) in CONTROLS {
        if *i < NCCS {
            t.cc[*i] = *v;
        }
    }
    for m in MODES {
        if m.2 & SANE_SET != 0 {
            set_mode(t, m, true);
        } else if m.2 & SANE_UNSET != 0 {
            let w = word(t, m.1);
            *w &= !(m.4 | m.3);
        }
    }
}

/// Apply a combination setting (GNU's `set_special_mode` cases); false if `name` is none.
fn combination(t: &mut Termios, name: &str, rev: bool) -> bool {
    let many = |t: &mut Termios, specs: &str| specs.split(' ').for_each(|s| set_named(t, s));
    match (name, rev) {
        ("evenp" | "parity", false) => many(t, "parenb -parodd cs7"),
        ("oddp", false) => many(t, "parenb parodd cs7"),
        ("evenp" | "parity" | "oddp", true) => many(t, "-parenb cs8"),
        ("nl", false) => many(t, "-icrnl -onlcr"),
        ("nl", true) => many(t, "icrnl -inlcr -igncr onlcr -ocrnl -onlret"),
        ("ek", false) => {
            t.cc[2] = 0x7f;
            t.cc[3] = 0x15;
        }
        ("sane", false) => sane(t),
        ("raw", false) | ("cooked", true) => {
            t.iflag = 0;
            t.oflag &= !0o1;
            t.lflag &= !(0o1 | 0o2 | 0o4);
            t.cc[VMIN] = 1;
            t.cc[VTIME] = 0;
        }
        ("raw", true) | ("cooked", false) => {
            many(t, "brkint ignpar istrip icrnl ixon opost isig icanon")
        }
        ("cbreak", false) => many(t, "-icanon"),
        ("cbreak", true) => many(t, "icanon"),
        ("pass8", false) => many(t, "-parenb -istrip cs8"),
        ("pass8", true) => many(t, "parenb istrip cs7"),
        ("litout", false) => many(t, "-parenb -istrip -opost cs8"),
        ("litout", true) => many(t, "parenb istrip opost cs7"),
        ("decctlq", false) => many(t, "-ixany"),
        ("decctlq", true) => many(t, "ixany"),
        ("tabs", false) => many(t, "tab0"),
        ("tabs", true) => many(t, "tab3"),
        ("lcase" | "LCASE", false) => many(t, "xcase iuclc olcuc"),
        ("lcase" | "LCASE", true) => many(t, "-xcase -iuclc -olcuc"),
        ("crt", false) => many(t, "echoe echoctl echoke"),
        ("dec", false) => {
            many(t, "echoe echoctl echoke -ixany");
            t.cc[0] = 0x03;
            t.cc[2] = 0x7f;
            t.cc[3] = 0x15;
        }
        _ => return false,
    }
    true
}

/// Parse a `stty -g` string back into attributes.
pub fn recover(s: &str, t: &Termios) -> Option<Termios> {
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() < 4 + 17 || parts.len() > 4 + G_NCCS {
        return None;
    }
    let hex = |p: &str| u32::from_str_radix(p, 16).ok();
    let mut out = *t;
    out.iflag = hex(parts[0])?;
    out.oflag = hex(parts[1])?;
    out.cflag = hex(parts[2])?;
    out.lflag = hex(parts[3])?;
    for (i, p) in parts[4..].iter().enumerate() {
        let v = u8::from_str_radix(p, 16).ok()?;
        if i < NCCS {
            out.cc[i] = v;
        }
    }
    Some(out)
}

/// The `stty -g` string.
pub fn save_string(t: &Termios) -> String {
    let mut s = format!("{:x}:{:x}:{:x}:{:x}", t.iflag, t.oflag, t.cflag, t.lflag);
    for i in 0..G_NCCS {
        s.push_str(&format!(":{:x}", t.cc.get(i).copied().unwrap_or(0)));
    }
    s
}

/// Apply setting words to `t`; returns the window and printing actions in order.
pub fn apply(args: &[String], t: &mut Termios) -> Result<Vec<Action>, StError> {
    let mut actions = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        i += 1;
        let mut value = |name: &str| -> Result<String, StError> {
            i += 1;
            args.get(i - 1)
                .cloned()
                .ok_or_else(|| StError::Missing(name.to_string()))
        };
        let (name, rev) = match arg.strip_prefix('-') {
            Some(n) => (n, true),
            None => (arg, false),
        };
        if let Some(m) = MODES.iter().find(|m| m.0 == name) {
            if rev && m.2 & REV == 0 {
                return Err(StError::Invalid(arg.to_string()));
            }
            set_mode(t, m, !rev);
            continue;
        }
        if combination(t, name, rev) {
            continue;
        }
        if rev {
            return Err(StError::Invalid(arg.to_string()));
        }
        if let Some((_, _, idx)) = CONTROLS.iter().find(|c| c.0 == name) {
            let v = value(name)?;
            if name == "min" || name == "time" {
                match integer(&v) {
                    Some(n) if n <= 255 => t.cc[*idx] = n as u8,
                    _ => return Err(StError::BadInteger(v)),
                }
            } else {
                t.cc[*idx] = cc_value(&v)?;
            }
            continue;
        }
        let dim = |v: &str| -> Result<u16, StError> {
            integer(v)
                .filter(|n| *n <= u16::MAX as u64)
                .map(|n| n as u16)
                .ok_or_else(|| StError::BadInteger(v.to_string()))
        };
        match name {
            "rows" => actions.push(Action::Rows(dim(&value(name)?)?)),
            "cols" | "columns" => actions.push(Action::Cols(dim(&value(name)?)?)),
            "size" => actions.push(Action::PrintSize),
            "speed" => actions.push(Action::PrintSpeed),
            "line" => {
                let v = value(name)?;
                if integer(&v).is_none() {
                    return Err(StError::BadInteger(v));
                }
            }
            "ispeed" | "ospeed" => {
                let v = value(name)?;
                set_speed(t, &v).ok_or(StError::Invalid(v))?;
            }
            _ if name.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty() => {
                set_speed(t, name).ok_or_else(|| StError::Invalid(arg.to_string()))?;
            }
            _ => match recover(arg, t) {
                Some(r) => *t = r,
                None => return Err(StError::Invalid(arg.to_string())),
            },
        }
    }
    Ok(actions)
}

fn set_speed(t: &mut Termios, v: &str) -> Option<()> {
    let baud: u32 = v.parse().ok()?;
    let code = SPEEDS.iter().find(|s| s.0 == baud)?.1;
    t.cflag = (t.cflag & !CBAUD) | code;
    Some(())
}

/// GNU stty's line filler: items separated by spaces, wrapped before `max_col`.
struct Wrap {
    out: String,
    col: usize,
    max: usize,
}

impl Wrap {
    fn item(&mut self, s: &str) {
        let len = s.chars().count();
        if self.col > 0 {
            if self.max.saturating_sub(self.col) < len {
                self.out.push('\n');
                self.col = 0;
            } else {
                self.out.push(' ');
                self.col += 1;
            }
        }
        self.out.push_str(s);
        self.col += len;
    }
    fn newline(&mut self) {
        self.out.push('\n');
        self.col = 0;
    }
}

/// `stty -a`.
pub fn display_all(t: &Termios, size: Option<(u16, u16)>, max_col: usize) -> String {
    let mut w = Wrap {
        out: String::new(),
        col: 0,
        max: max_col,
    };
    w.item(&format!("speed {} baud;", speed(t)));
    if let Some((r, c)) = size {
        w.item(&format!("rows {r}; columns {c};"));
    }
    w.item("line = 0;");
    w.newline();
    for (name, _, idx) in &CONTROLS[..CONTROLS.len() - 2] {
        w.item(&format!("{name} = {};", visible(t.cc[*idx])));
    }
    w.item(&format!("min = {}; time = {};", t.cc[VMIN], t.cc[VTIME]));
    if w.col != 0 {
        w.newline();
    }
    let mut prev = Word::Control;
    for m in MODES.iter().filter(|m| m.2 & OMIT == 0) {
        if m.1 != prev {
            w.newline();
            prev = m.1;
        }
        let mask = if m.4 != 0 { m.4 } else { m.3 };
        if word_of(t, m.1) & mask == m.3 {
            w.item(m.0);
        } else if m.2 & REV != 0 {
            w.item(&format!("-{}", m.0));
        }
    }
    w.newline();
    w.out
}

/// Plain `stty`: the speed and what differs from sane.
pub fn display_changed(t: &Termios, max_col: usize) -> String {
    let mut w = Wrap {
        out: String::new(),
        col: 0,
        max: max_col,
    };
    w.item(&format!("speed {} baud;", speed(t)));
    w.item("line = 0;");
    w.newline();
    let mut empty = true;
    for (name, sane, idx) in &CONTROLS[..CONTROLS.len() - 2] {
        if t.cc[*idx] == *sane {
            continue;
        }
        empty = false;
        w.item(&format!("{name} = {};", visible(t.cc[*idx])));
    }
    if t.lflag & 0o2 == 0 {
        w.item(&format!("min = {}; time = {};", t.cc[VMIN], t.cc[VTIME]));
        w.newline();
    } else if !empty {
        w.newline();
    }
    w.col = 0;
    let mut empty = true;
    let mut prev = Word::Control;
    for m in MODES.iter().filter(|m| m.2 & OMIT == 0) {
        if m.1 != prev {
            if !empty {
                w.newline();
                empty = true;
            }
            prev = m.1;
        }
        let mask = if m.4 != 0 { m.4 } else { m.3 };
        if word_of(t, m.1) & mask == m.3 {
            if m.2 & SANE_UNSET != 0 {
                w.item(m.0);
                empty = false;
            }
        } else if m.2 & (SANE_SET | REV) == (SANE_SET | REV) {
            w.item(&format!("-{}", m.0));
            empty = false;
        }
    }
    if !empty {
        w.newline();
    }
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    /// What Linux gives a new pty.
    fn linux_pty() -> Termios {
        Termios {
            iflag: 0o400 | 0o2000 | 0o40000,
            ..Termios::default()
        }
    }

    #[test]
    fn all_settings_display() {
        let out = display_all(&linux_pty(), Some((24, 80)), 80);
        let want = "speed 38400 baud; rows 24; columns 80; line = 0;
intr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>;
eol2 = <undef>; swtch = <undef>; start = ^Q; stop = ^S; susp = ^Z; rprnt = ^R;
werase = ^W; lnext = ^V; discard = ^O; min = 1; time = 0;
-parenb -parodd -cmspar cs8 -hupcl -cstopb cread -clocal -crtscts
-ignbrk -brkint -ignpar -parmrk -inpck -istrip -inlcr -igncr icrnl ixon -ixoff
-iuclc -ixany -imaxbel iutf8
opost -olcuc -ocrnl onlcr -onocr -onlret -ofill -ofdel nl0 cr0 tab0 bs0 vt0 ff0
isig icanon iexten echo echoe echok -echonl -noflsh -xcase -tostop -echoprt
echoctl echoke -flusho -extproc
";
        assert_eq!(out, want);
    }

    #[test]
    fn changed_display() {
        assert_eq!(
            display_changed(&linux_pty(), 80),
            "speed 38400 baud; line = 0;\n-brkint -imaxbel iutf8\n"
        );
        let mut t = linux_pty();
        apply(&v(&["raw", "intr", "^A"]), &mut t).expect("valid");
        assert_eq!(
            display_changed(&t, 80),
            "speed 38400 baud; line = 0;\nintr = ^A; min = 1; time = 0;\n-brkint -icrnl -imaxbel\n-opost\n-isig -icanon\n"
        );
    }

    #[test]
    fn settings() {
        let mut t = Termios::default();
        apply(&v(&["-echo", "-icanon", "min", "0", "time", "5"]), &mut t).expect("valid");
        assert_eq!(t.lflag & 0o12, 0);
        assert_eq!((t.cc[VMIN], t.cc[VTIME]), (0, 5));
        apply(&v(&["sane"]), &mut t).expect("valid");
        assert_eq!(t.lflag & 0o12, 0o12);
        assert_eq!(t.iflag & 0o40000, 0, "GNU's sane clears iutf8");
        apply(&v(&["raw"]), &mut t).expect("valid");
        assert_eq!((t.iflag, t.oflag & 1, t.lflag & 3), (0, 0, 0));
        assert_ne!(t.lflag & 0o10, 0, "raw keeps echo");
        apply(&v(&["-raw"]), &mut t).expect("valid");
        assert_eq!(t.lflag & 3, 3);
        apply(
            &v(&["intr", "^-", "erase", "^H", "kill", "0x15", "eof", "a"]),
            &mut t,
        )
        .expect("valid");
        assert_eq!(&t.cc[0..5], &[0, t.cc[1], 8, 0x15, b'a']);
        let acts =
            apply(&v(&["rows", "50", "cols", "132", "size", "speed"]), &mut t).expect("valid");
        assert_eq!(
            acts,
            vec![
                Action::Rows(50),
                Action::Cols(132),
                Action::PrintSize,
                Action::PrintSpeed
            ]
        );
        apply(&v(&["9600"]), &mut t).expect("valid");
        assert_eq!(speed(&t), 9600);
        assert_eq!(
            apply(&v(&["bogus"]), &mut t),
            Err(StError::Invalid("bogus".into()))
        );
        assert_eq!(
            apply(&v(&["-cs8"]), &mut t),
            Err(StError::Invalid("-cs8".into()))
        );
        assert_eq!(
            apply(&v(&["intr"]), &mut t),
            Err(StError::Missing("intr".into()))
        );
        assert_eq!(
            apply(&v(&["rows", "x"]), &mut t),
            Err(StError::BadInteger("x".into()))
        );
        assert_eq!(
            apply(&v(&["min", "300"]), &mut t),
            Err(StError::BadInteger("300".into()))
        );
    }

    #[test]
    fn save_and_restore() {
        let t = Termios::default();
        let s = save_string(&t);
        assert!(s.starts_with("6502:5:bf:8a3b:3:1c:7f:15:4:0:1:0:11:13:1a:0:12:f:17:16:0:0"));
        let mut other = Termios::default();
        other.make_raw();
        apply(&v(&[&s]), &mut other).expect("valid");
        assert_eq!(other, t);
        assert_eq!(recover("1:2:3", &t), None);
    }

    #[test]
    fn visible_chars() {
        assert_eq!(visible(0), "<undef>");
        assert_eq!(visible(3), "^C");
        assert_eq!(visible(b'a'), "a");
        assert_eq!(visible(127), "^?");
        assert_eq!(visible(0x81), "M-^A");
        assert_eq!(visible(0xe1), "M-a");
        assert_eq!(integer("017"), Some(15));
        assert_eq!(integer("0x1F"), Some(31));
    }
}
