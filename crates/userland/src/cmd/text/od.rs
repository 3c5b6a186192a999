//! od(1): dump files in octal, hexadecimal, decimal, characters or named characters
//! (`-t a c d o u x` with sizes 1, 2, 4, 8, and the traditional `-b -c -d -o -s -x -i -l`),
//! with `-A` offsets, `-j`/`-N` ranges, `-w` widths and `*` for repeated lines unless `-v`.
//! Multi-byte values are little-endian, as on the machines Wosix runs on.

use super::common;
use crate::Ctx;
use crate::args;

const HELP: &str = "Usage: od [OPTION]... [FILE]...
Write an unambiguous representation, octal bytes by default,
of FILE to standard output.  With more than one FILE argument,
concatenate them in the listed order to form the input.

With no FILE, or when FILE is -, read standard input.

  -A, --address-radix=RADIX   output format for file offsets; RADIX is one
                                of [doxn], for Decimal, Octal, Hex or None
  -j, --skip-bytes=BYTES      skip BYTES input bytes first
  -N, --read-bytes=BYTES      limit dump to BYTES input bytes
  -t, --format=TYPE           select output format or formats
  -v, --output-duplicates     do not use * to mark line suppression
  -w[BYTES], --width[=BYTES]  output BYTES bytes per output line;
                                32 is implied when BYTES is not specified
      --help       display this help and exit
      --version    output version information and exit

Traditional format specifications may be intermixed; they accumulate:
  -a   same as -t a,  select named characters, ignoring high-order bit
  -b   same as -t o1, select octal bytes
  -c   same as -t c,  select printable characters or backslash escapes
  -d   same as -t u2, select unsigned decimal 2-byte units
  -f   same as -t fF, select floats
  -i   same as -t dI, select decimal ints
  -l   same as -t dL, select decimal longs
  -o   same as -t o2, select octal 2-byte units
  -s   same as -t d2, select decimal 2-byte units
  -x   same as -t x2, select hexadecimal 2-byte units

TYPE is made up of one or more of these specifications:
  a          named character, ignoring high-order bit
  c          printable character or backslash escape
  d[SIZE]    signed decimal, SIZE bytes per integer
  o[SIZE]    octal, SIZE bytes per integer
  u[SIZE]    unsigned decimal, SIZE bytes per integer
  x[SIZE]    hexadecimal, SIZE bytes per integer

SIZE is a number.  For TYPE in [doux], SIZE may also be C for
sizeof(char), S for sizeof(short), I for sizeof(int) or L for
sizeof(long).
";

/// One output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fmt {
    /// `a c d o u x`.
    pub kind: char,
    /// Bytes per value.
    pub size: usize,
}

impl Fmt {
    /// Characters of the widest value.
    pub fn width(&self) -> usize {
        match (self.kind, self.size) {
            ('a' | 'c', _) => 3,
            ('o', 1) => 3,
            ('o', 2) => 6,
            ('o', 4) => 11,
            ('o', _) => 22,
            ('x', s) => 2 * s,
            ('u', 1) => 3,
            ('u', 2) => 5,
            ('u', 4) => 10,
            ('u', _) => 20,
            ('d', 1) => 4,
            ('d', 2) => 6,
            ('d', 4) => 11,
            _ => 20,
        }
    }

    /// Format the value at the start of `b` (exactly `size` bytes).
    pub fn value(&self, b: &[u8]) -> String {
        let mut v: u64 = 0;
        for (i, &x) in b.iter().take(self.size).enumerate() {
            v |= (x as u64) << (8 * i);
        }
        match self.kind {
            'a' => {
                const NAMES: [&str; 33] = [
                    "nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "nl", "vt",
                    "ff", "cr", "so", "si", "dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb",
                    "can", "em", "sub", "esc", "fs", "gs", "rs", "us", "sp",
                ];
                let c = b[0] & 0x7f;
                match c {
                    0..=32 => NAMES[c as usize].to_string(),
                    0x7f => "del".into(),
                    _ => (c as char).to_string(),
                }
            }
            'c' => match b[0] {
                0 => "\\0".into(),
                7 => "\\a".into(),
                8 => "\\b".into(),
                12 => "\\f".into(),
                b'\n' => "\\n".into(),
                b'\r' => "\\r".into(),
                b'\t' => "\\t".into(),
                11 => "\\v".into(),
                c @ 0x20..=0x7e => (c as char).to_string(),
                c => format!("{c:03o}"),
            },
            'o' => format!("{v:0w$o}", w = self.width()),
            'x' => format!("{v:0w$x}", w = self.width()),
            'u' => v.to_string(),
            _ => {
                let bits = 8 * self.size as u32;
                let s = if bits == 64 {
                    v as i64
                } else {
                    ((v << (64 - bits)) as i64) >> (64 - bits)
                };
                s.to_string()
            }
        }
    }
}

/// Parse a `-t` TYPE string into formats.
pub fn parse_type(t: &str) -> Result<Vec<Fmt>, String> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let kind = b[i] as char;
        i += 1;
        match kind {
            'a' | 'c' => out.push(Fmt { kind, size: 1 }),
            'd' | 'o' | 'u' | 'x' => {
                let size = match b.get(i) {
                    Some(b'C') => {
                        i += 1;
                        1
                    }
                    Some(b'S') => {
                        i += 1;
                        2
                    }
                    Some(b'I') => {
                        i += 1;
                        4
                    }
                    Some(b'L') => {
                        i += 1;
                        8
                    }
                    Some(c) if c.is_ascii_digit() => {
                        let s = i;
                        while i < b.len() && b[i].is_ascii_digit() {
                            i += 1;
                        }
                        let n: usize = t[s..i].parse().unwrap_or(0);
                        if ![1, 2, 4, 8].contains(&n) {
                            return Err(format!(
                                "invalid type string {};\nthis system doesn't provide a {n}-byte integral type",
                                common::quote(t)
                            ));
                        }
                        n
                    }
                    _ => 4,
                };
                out.push(Fmt { kind, size });
            }
            _ => {
                return Err(format!(
                    "invalid character '{kind}' in type string {}",
                    common::quote(t)
                ));
            }
        }
    }
    Ok(out)
}

/// Render one line of `width` bytes (`data` may be shorter at the end) for every format.
pub fn render_line(
    fmts: &[Fmt],
    data: &[u8],
    width: usize,
    offset: Option<String>,
    offw: usize,
) -> String {
    // GNU's alignment: every format's block is padded to the widest block.
    let block = fmts
        .iter()
        .map(|f| (f.width() + 1) * (width / f.size))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (k, f) in fmts.iter().enumerate() {
        match (&offset, k) {
            (Some(o), 0) => out.push_str(o),
            _ => out.push_str(&" ".repeat(offw)),
        }
        let fields = width / f.size;
        let pad_total = block - f.width() * fields;
        let mut padded = Vec::with_capacity(f.size);
        let mut remaining = pad_total;
        for n in 0..fields {
            let start = n * f.size;
            if start >= data.len() {
                break;
            }
            padded.clear();
            padded.extend_from_slice(&data[start..(start + f.size).min(data.len())]);
            padded.resize(f.size, 0);
            let next = pad_total * (fields - n - 1) / fields;
            let w = f.width() + remaining - next;
            remaining = next;
            out.push_str(&format!("{:>w$}", f.value(&padded)));
        }
        out.push('\n');
    }
    out
}

/// od(1).
pub async fn od(ctx: &mut Ctx) -> i32 {
    let argv: Vec<String> = ctx.argv[1..]
        .iter()
        .map(|a| match a.as_str() {
            "-w" | "--width" => "--width=32".to_string(),
            _ if a.starts_with("-w") => format!("--width={}", &a[2..]),
            _ => a.clone(),
        })
        .collect();
    let long = [
        "address-radix=",
        "skip-bytes=",
        "read-bytes=",
        "format=",
        "output-duplicates",
        "width=",
        "help",
        "version",
    ];
    let p = match args::parse(&argv, "A:j:N:t:vabcdfilosx", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let map = [
        ('A', "address-radix"),
        ('j', "skip-bytes"),
        ('N', "read-bytes"),
        ('t', "format"),
        ('v', "output-duplicates"),
    ];
    let mut fmts: Vec<Fmt> = Vec::new();
    let mut radix = 'o';
    let mut skip = 0u64;
    let mut limit: Option<u64> = None;
    let mut dups = false;
    let mut width = 16usize;
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        let size = |ctx: &mut Ctx| -> Option<u64> {
            let r = if let Some(h) = v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
                u64::from_str_radix(h, 16).ok()
            } else if v.len() > 1 && v.starts_with('0') && v.bytes().all(|b| b.is_ascii_digit()) {
                u64::from_str_radix(&v[1..], 8).ok()
            } else {
                common::parse_size(&v)
            };
            if r.is_none() {
                ctx.error(&format!("invalid argument {}", common::quote(&v)));
            }
            r
        };
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "address-radix" => {
                match v.as_str() {
                    "d" | "o" | "x" | "n" => radix = v.chars().next().unwrap_or('o'),
                    _ => {
                        ctx.error(&format!("invalid output address radix '{v}'; it must be one character from [doxn]"));
                        return 1;
                    }
                }
            }
            "skip-bytes" => match size(ctx) {
                Some(n) => skip = n,
                None => return 1,
            },
            "read-bytes" => match size(ctx) {
                Some(n) => limit = Some(n),
                None => return 1,
            },
            "format" => match parse_type(&v) {
                Ok(f) => fmts.extend(f),
                Err(e) => {
                    ctx.error(&e);
                    return 1;
                }
            },
            "output-duplicates" => dups = true,
            "width" => match v.parse::<usize>() {
                Ok(n) if n > 0 => width = n,
                _ => {
                    ctx.error(&format!("invalid -w argument {}", common::quote(&v)));
                    return 1;
                }
            },
            "a" => fmts.push(Fmt { kind: 'a', size: 1 }),
            "b" => fmts.push(Fmt { kind: 'o', size: 1 }),
            "c" => fmts.push(Fmt { kind: 'c', size: 1 }),
            "d" => fmts.push(Fmt { kind: 'u', size: 2 }),
            "i" => fmts.push(Fmt { kind: 'd', size: 4 }),
            "l" => fmts.push(Fmt { kind: 'd', size: 8 }),
            "o" => fmts.push(Fmt { kind: 'o', size: 2 }),
            "s" => fmts.push(Fmt { kind: 'd', size: 2 }),
            "x" => fmts.push(Fmt { kind: 'x', size: 2 }),
            "f" => {
                ctx.error("floating-point formats are not supported");
                return 1;
            }
            _ => {}
        }
    }
    if fmts.is_empty() {
        fmts.push(Fmt { kind: 'o', size: 2 });
    }
    let lcm = fmts.iter().fold(1usize, |a, f| {
        if a % f.size == 0 {
            a
        } else {
            a * f.size / gcd(a, f.size)
        }
    });
    if !width.is_multiple_of(lcm) {
        ctx.error(&format!(
            "warning: invalid width {width}; using {lcm} instead"
        ));
        width = lcm;
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let sys = ctx.sys.clone();
    let mut data = Vec::new();
    let mut status = 0;
    for f in &files {
        match common::read_path(&sys, f).await {
            Ok(d) => data.extend(d),
            Err(e) => {
                ctx.error_path(f, e);
                status = 1;
            }
        }
    }
    if skip > data.len() as u64 {
        ctx.error("cannot skip past end of combined input");
        return 1;
    }
    let start = skip as usize;
    let end = match limit {
        Some(n) => (start as u64).saturating_add(n).min(data.len() as u64) as usize,
        None => data.len(),
    };
    let (offw, fmt_off): (usize, fn(u64) -> String) = match radix {
        'd' => (7, |o| format!("{o:07}")),
        'x' => (6, |o| format!("{o:06x}")),
        'n' => (0, |_| String::new()),
        _ => (7, |o| format!("{o:07o}")),
    };
    let mut prev: Option<&[u8]> = None;
    let mut starred = false;
    let mut pos = start;
    while pos < end {
        let line = &data[pos..(pos + width).min(end)];
        if !dups && line.len() == width && prev == Some(line) {
            if !starred {
                ctx.out.str("*\n");
                starred = true;
            }
        } else {
            starred = false;
            let text = render_line(&fmts, line, width, Some(fmt_off(pos as u64)), offw);
            ctx.out.str(&text);
        }
        prev = Some(line);
        pos += line.len();
        if ctx.out.maybe_flush(&sys).await.is_err() {
            return 1;
        }
    }
    if radix != 'n' {
        ctx.out.str(&format!("{}\n", fmt_off(end as u64)));
    }
    status
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn values_and_lines() {
        let o2 = Fmt { kind: 'o', size: 2 };
        assert_eq!(o2.value(&[0x68, 0x65]), "062550");
        assert_eq!(Fmt { kind: 'd', size: 1 }.value(&[0xff]), "-1");
        assert_eq!(Fmt { kind: 'c', size: 1 }.value(&[0]), "\\0");
        assert_eq!(Fmt { kind: 'a', size: 1 }.value(b"\n"), "nl");
        let data = b"hello\nworld\0\x01\xff";
        assert_eq!(
            render_line(&[o2], data, 16, Some("0000000".into()), 7),
            "0000000 062550 066154 005157 067567 066162 000144 177401\n"
        );
        let c = Fmt { kind: 'c', size: 1 };
        assert_eq!(
            render_line(&[c], b"h\n", 16, Some("0000000".into()), 7),
            "0000000   h  \\n\n"
        );
        let u4 = Fmt { kind: 'u', size: 4 };
        assert_eq!(
            render_line(&[u4], &data[12..], 16, Some("0000000".into()), 7),
            "0000000      65281\n"
        );
        assert_eq!(
            parse_type("x1c").unwrap(),
            vec![Fmt { kind: 'x', size: 1 }, c]
        );
        assert!(parse_type("x3").is_err());
        assert!(parse_type("q").is_err());
    }
}
