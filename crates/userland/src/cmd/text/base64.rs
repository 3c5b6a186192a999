//! base64(1): encode or decode RFC 4648 base64, as GNU coreutils does (see `man 1 base64`;
//! the alphabet and padding are RFC 4648 §4). Encoding wraps lines at 76 columns (`-w COLS`,
//! `-w 0` for none); decoding ignores newlines, with `-i` any byte outside the alphabet, and
//! stops with `invalid input` (status 1) after writing what decoded before the bad group —
//! the same partial output gnulib's `base64_decode_ctx` gives.

use super::common::{self, Input};
use crate::Ctx;

const HELP: &str = "Usage: base64 [OPTION]... [FILE]
Base64 encode or decode FILE, or standard input, to standard output.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
  -d, --decode          decode data
  -i, --ignore-garbage  when decoding, ignore non-alphabet characters
  -w, --wrap=COLS       wrap encoded lines after COLS character (default 76).
                          Use 0 to disable line wrapping
      --help        display this help and exit
      --version     output version information and exit

The data are encoded as described for the base64 alphabet in RFC 4648.
When decoding, the input may contain newlines in addition to the bytes of
the formal base64 alphabet.  Use --ignore-garbage to attempt to recover
from any other non-alphabet bytes in the encoded stream.
";

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The value of a base64 alphabet byte, or `None` for any other byte.
pub fn value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Encode whole groups of three bytes of `data` (the caller keeps the remainder unless it is
/// the end of input, where padding is added).
pub fn encode(data: &[u8], out: &mut Vec<u8>) {
    for g in data.chunks(3) {
        let b = [
            g[0],
            g.get(1).copied().unwrap_or(0),
            g.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63]);
        out.push(ALPHABET[(n >> 12) as usize & 63]);
        out.push(if g.len() > 1 {
            ALPHABET[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if g.len() > 2 {
            ALPHABET[n as usize & 63]
        } else {
            b'='
        });
    }
}

/// Streaming decoder: collects the input's significant bytes in groups of four.
#[derive(Default)]
pub struct Decoder {
    group: Vec<u8>,
    ignore_garbage: bool,
}

impl Decoder {
    /// A decoder; with `ignore_garbage`, bytes outside the alphabet (and `=`) are dropped.
    pub fn new(ignore_garbage: bool) -> Decoder {
        Decoder {
            group: Vec::with_capacity(4),
            ignore_garbage,
        }
    }

    /// Decode `data` onto `out`. `Err(())` after the bytes that decoded before a bad group.
    #[allow(clippy::result_unit_err)]
    pub fn feed(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), ()> {
        for &b in data {
            if b == b'\n' || (self.ignore_garbage && b != b'=' && value(b).is_none()) {
                continue;
            }
            self.group.push(b);
            if self.group.len() == 4 {
                let ok = decode_group(&self.group, out);
                self.group.clear();
                if !ok {
                    return Err(());
                }
            }
        }
        Ok(())
    }

    /// End of input: a partial group left over is an error (after its decodable bytes).
    #[allow(clippy::result_unit_err)]
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), ()> {
        if self.group.is_empty() {
            return Ok(());
        }
        decode_group(&self.group, out);
        self.group.clear();
        Err(())
    }
}

/// Decode one group of up to four bytes the way gnulib's `decode_4` does: bytes are output as
/// far as the group is valid; `true` only for a complete valid group (padding allowed).
fn decode_group(g: &[u8], out: &mut Vec<u8>) -> bool {
    let v = |i: usize| g.get(i).copied().and_then(value);
    let (Some(a), Some(b)) = (v(0), v(1)) else {
        return false;
    };
    out.push((a << 2) | (b >> 4));
    if g.len() == 2 {
        return false;
    }
    if g[2] == b'=' {
        return g.len() == 4 && g[3] == b'=';
    }
    let Some(c) = v(2) else {
        return false;
    };
    out.push((b << 4) | (c >> 2));
    if g.len() == 3 {
        return false;
    }
    if g[3] == b'=' {
        return true;
    }
    let Some(d) = v(3) else {
        return false;
    };
    out.push((c << 6) | d);
    true
}

/// Insert a newline every `wrap` columns into `enc`, `col` being the current column.
fn wrap_into(enc: &[u8], wrap: usize, col: &mut usize, out: &mut Vec<u8>) {
    if wrap == 0 {
        out.extend_from_slice(enc);
        return;
    }
    let mut rest = enc;
    while !rest.is_empty() {
        let n = (wrap - *col).min(rest.len());
        out.extend_from_slice(&rest[..n]);
        rest = &rest[n..];
        *col += n;
        if *col == wrap {
            out.push(b'\n');
            *col = 0;
        }
    }
}

/// base64(1).
pub async fn base64(ctx: &mut Ctx) -> i32 {
    let long = ["decode", "ignore-garbage", "wrap=", "help", "version"];
    let p = match crate::args::parse(&ctx.argv[1..], "diw:", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let map = [('d', "decode"), ('i', "ignore-garbage"), ('w', "wrap")];
    let (mut decode, mut garbage, mut wrap) = (false, false, 76usize);
    for (name, val) in common::named(&p, &map) {
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "decode" => decode = true,
            "ignore-garbage" => garbage = true,
            "wrap" => {
                let v = val.unwrap_or_default();
                match v.parse::<usize>() {
                    Ok(n) => wrap = n,
                    Err(_) => {
                        ctx.error(&format!("invalid wrap size: {}", common::quote(&v)));
                        return 1;
                    }
                }
            }
            _ => {}
        }
    }
    if p.operands.len() > 1 {
        let extra = common::quote(&p.operands[1]);
        return common::usage(ctx, &format!("extra operand {extra}"), 1);
    }
    let file = p.operands.first().cloned().unwrap_or_else(|| "-".into());
    let sys = ctx.sys.clone();
    let mut inp = match Input::open(&sys, &file).await {
        Ok(i) => i,
        Err(e) => {
            ctx.error_path(&file, e);
            return 1;
        }
    };
    let mut dec = Decoder::new(garbage);
    let mut pending: Vec<u8> = Vec::new(); // encoding: bytes not yet a multiple of 3
    let mut col = 0usize;
    let mut buf = Vec::new();
    let status = loop {
        let chunk = match inp.chunk(&sys).await {
            Ok(c) => c,
            Err(e) => {
                ctx.error(&format!("read error: {}", e.message()));
                break 1;
            }
        };
        let end = chunk.is_empty();
        buf.clear();
        let bad = if decode {
            let r = if end {
                dec.finish(&mut buf)
            } else {
                dec.feed(&chunk, &mut buf)
            };
            ctx.out.bytes(&buf);
            r.is_err()
        } else {
            pending.extend_from_slice(&chunk);
            let whole = if end {
                pending.len()
            } else {
                pending.len() / 3 * 3
            };
            let mut enc = Vec::with_capacity(whole / 3 * 4 + 4);
            encode(&pending[..whole], &mut enc);
            pending.drain(..whole);
            wrap_into(&enc, wrap, &mut col, &mut buf);
            if end && col > 0 {
                buf.push(b'\n');
            }
            ctx.out.bytes(&buf);
            false
        };
        if bad {
            ctx.error("invalid input");
            break 1;
        }
        if ctx.out.maybe_flush(&sys).await.is_err() {
            break 1;
        }
        if end {
            break 0;
        }
    };
    inp.close(&sys).await;
    status
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn dec(s: &str, garbage: bool) -> (Vec<u8>, bool) {
        let mut d = Decoder::new(garbage);
        let mut out = Vec::new();
        let ok = d.feed(s.as_bytes(), &mut out).is_ok() && d.finish(&mut out).is_ok();
        (out, ok)
    }

    #[test]
    fn round_trip_and_errors() {
        let mut e = Vec::new();
        encode(b"hello", &mut e);
        assert_eq!(e, b"aGVsbG8=");
        assert_eq!(dec("aGVs\nbG8=\n", false), (b"hello".to_vec(), true));
        assert_eq!(dec("aGVsbG8", false), (b"hello".to_vec(), false));
        assert_eq!(dec("aGVs!bG8=", false), (b"hel".to_vec(), false));
        assert_eq!(dec("aGVs!bG8=", true), (b"hello".to_vec(), true));
        assert_eq!(dec("aGk=aGk=", false), (b"hihi".to_vec(), true));
        assert_eq!(dec("aG==", false), (b"h".to_vec(), true));
        let mut out = Vec::new();
        let mut col = 0;
        wrap_into(b"YWJj", 3, &mut col, &mut out);
        assert_eq!((out, col), (b"YWJ\nj".to_vec(), 1));
    }
}
