//! The operands of dd(1) (see dd.rs): `name=value` pairs, numbers with GNU's multiplier
//! suffixes (`c w b k K kB KiB M…`), `AxB` products and a trailing `B` for byte counts, and
//! the `conv=`, `iflag=`, `oflag=` and `status=` symbol lists.

use crate::Ctx;
use crate::cmd::text::common;

/// How much dd reports on standard error.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Records and transfer lines.
    Default,
    /// Nothing but errors (`status=none`).
    None,
    /// No transfer line (`status=noxfer`).
    Noxfer,
    /// A transfer line every second too (`status=progress`).
    Progress,
}

/// The parsed operands.
#[derive(Default)]
pub struct Opts {
    /// `if=`: the input file (standard input if unset).
    pub input: Option<String>,
    /// `of=`: the output file (standard output if unset).
    pub output: Option<String>,
    /// `ibs=`.
    pub ibs: Option<usize>,
    /// `obs=`.
    pub obs: Option<usize>,
    /// `bs=`: both block sizes, and blocks are written as read.
    pub bs: Option<usize>,
    /// `count=`: input blocks (or bytes) to copy.
    pub count: Option<u64>,
    /// `skip=`: input blocks (or bytes) to skip.
    pub skip: u64,
    /// `seek=`: output blocks (or bytes) to seek over.
    pub seek: u64,
    /// `count=` counts bytes.
    pub count_bytes: bool,
    /// `skip=` counts bytes.
    pub skip_bytes: bool,
    /// `seek=` counts bytes.
    pub seek_bytes: bool,
    /// The `conv=` symbols.
    pub convs: Vec<String>,
    /// `iflag=fullblock`: read until a block is full.
    pub fullblock: bool,
    /// `oflag=append`.
    pub append: bool,
    /// `status=`.
    pub level: Option<Level>,
}

/// Parse a dd number: digits with an optional multiplier suffix, `AxB` products, and a
/// trailing `B` (the second value says it was there). `None` if invalid.
pub fn parse_number(s: &str) -> Option<(u64, bool)> {
    if let Some((a, b)) = s.split_once('x') {
        let (x, bx) = parse_number(a)?;
        let (y, by) = parse_number(b)?;
        return Some((x.checked_mul(y)?, bx || by));
    }
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    let n: u64 = s[..end].parse().ok()?;
    let suffix = &s[end..];
    let (mult, has_b): (u64, bool) = match suffix {
        "" => (1, false),
        "B" => (1, true),
        "c" => (1, false),
        "w" => (2, false),
        "b" => (512, false),
        _ => {
            let mut cs = suffix.chars();
            let letter = cs.next()?;
            let power = "KMGTPEZY".find(letter.to_ascii_uppercase())? as u32 + 1;
            let (base, b) = match cs.as_str() {
                "" => (1024u64, false),
                "iB" => (1024, true),
                "B" => (1000, true),
                _ => return None,
            };
            (base.checked_pow(power)?, b)
        }
    };
    Some((n.checked_mul(mult)?, has_b))
}

/// Parse the `name=value` operands, reporting errors as GNU dd does.
///
/// # Errors
/// The exit status after the message was printed.
pub fn parse_operands(ctx: &mut Ctx, ops: &[String]) -> Result<Opts, i32> {
    let mut o = Opts::default();
    for op in ops {
        let Some((name, val)) = op.split_once('=') else {
            return Err(common::usage(
                ctx,
                &format!("unrecognized operand {}", common::quote(op)),
                1,
            ));
        };
        let num = |ctx: &mut Ctx, positive: bool| match parse_number(val) {
            Some((n, b)) if !positive || n > 0 => Ok((n, b)),
            _ => {
                ctx.error(&format!("invalid number: {}", common::quote(val)));
                Err(1)
            }
        };
        let size = |ctx: &mut Ctx| {
            num(ctx, true).and_then(|(n, _)| {
                usize::try_from(n)
                    .ok()
                    .filter(|&n| n <= 1 << 31)
                    .ok_or_else(|| {
                        ctx.error(&format!("invalid number: {}", common::quote(val)));
                        1
                    })
            })
        };
        match name {
            "if" => o.input = Some(val.to_string()),
            "of" => o.output = Some(val.to_string()),
            "bs" => o.bs = Some(size(ctx)?),
            "ibs" => o.ibs = Some(size(ctx)?),
            "obs" => o.obs = Some(size(ctx)?),
            "count" => {
                let (n, b) = num(ctx, false)?;
                o.count = Some(n);
                o.count_bytes |= b;
            }
            "skip" | "iseek" => {
                let (n, b) = num(ctx, false)?;
                o.skip = n;
                o.skip_bytes |= b;
            }
            "seek" | "oseek" => {
                let (n, b) = num(ctx, false)?;
                o.seek = n;
                o.seek_bytes |= b;
            }
            "conv" => {
                for c in val.split(',').filter(|c| !c.is_empty()) {
                    let known = [
                        "notrunc",
                        "noerror",
                        "sync",
                        "ucase",
                        "lcase",
                        "swab",
                        "excl",
                        "nocreat",
                        "fsync",
                        "fdatasync",
                    ];
                    if !known.contains(&c) {
                        let msg = format!("invalid conversion: {}", common::quote(c));
                        return Err(common::usage(ctx, &msg, 1));
                    }
                    o.convs.push(c.to_string());
                }
            }
            "iflag" | "oflag" => {
                for f in val.split(',').filter(|f| !f.is_empty()) {
                    match (name, f) {
                        ("iflag", "fullblock") => o.fullblock = true,
                        ("iflag", "count_bytes") => o.count_bytes = true,
                        ("iflag", "skip_bytes") => o.skip_bytes = true,
                        ("oflag", "seek_bytes") => o.seek_bytes = true,
                        ("oflag", "append") => o.append = true,
                        _ => {
                            let which = if name == "iflag" { "input" } else { "output" };
                            let msg = format!("invalid {which} flag: {}", common::quote(f));
                            return Err(common::usage(ctx, &msg, 1));
                        }
                    }
                }
            }
            "status" => {
                o.level = Some(match val {
                    "none" => Level::None,
                    "noxfer" => Level::Noxfer,
                    "progress" => Level::Progress,
                    _ => {
                        let msg = format!("invalid status level: {}", common::quote(val));
                        return Err(common::usage(ctx, &msg, 1));
                    }
                });
            }
            _ => {
                let msg = format!("unrecognized operand {}", common::quote(op));
                return Err(common::usage(ctx, &msg, 1));
            }
        }
    }
    let has = |c: &str| o.convs.iter().any(|x| x == c);
    if has("ucase") && has("lcase") {
        ctx.error("cannot combine lcase and ucase");
        return Err(1);
    }
    if has("excl") && has("nocreat") {
        ctx.error("cannot combine excl and nocreat");
        return Err(1);
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("10"), Some((10, false)));
        assert_eq!(parse_number("1k"), Some((1024, false)));
        assert_eq!(parse_number("1kB"), Some((1000, true)));
        assert_eq!(parse_number("1KiB"), Some((1024, true)));
        assert_eq!(parse_number("2x3"), Some((6, false)));
        assert_eq!(parse_number("1b"), Some((512, false)));
        assert_eq!(parse_number("3w"), Some((6, false)));
        assert_eq!(parse_number("4B"), Some((4, true)));
        assert_eq!(parse_number("4BB"), None);
        assert_eq!(parse_number("1x"), None);
        assert_eq!(parse_number("-1"), None);
    }
}
