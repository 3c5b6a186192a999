//! Checksums: cksum(1) (the POSIX CRC-32 with the length appended) and md5sum, sha1sum,
//! sha224sum, sha256sum, sha384sum, sha512sum, each able to `--check` a list of sums with
//! coreutils' messages. MD5 and SHA-1 are implemented here; the SHA-2 family comes from the
//! `sha2` crate.

use super::common::{self, Input};
use crate::Ctx;
use crate::args;
use sha2::Digest;

/// POSIX cksum CRC over `data` with its length appended.
pub fn posix_crc(data: &[u8]) -> u32 {
    let mut crc: u32 = 0;
    let mut feed = |b: u8| {
        crc ^= (b as u32) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04C1_1DB7
            } else {
                crc << 1
            };
        }
    };
    for &b in data {
        feed(b);
    }
    let mut len = data.len() as u64;
    while len > 0 {
        feed(len as u8);
        len >>= 8;
    }
    !crc
}

/// MD5 (RFC 1321).
pub fn md5(data: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5,
        9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10,
        15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];
    let k: Vec<u32> = (0..64)
        .map(|i| ((i as f64 + 1.0).sin().abs() * 4294967296.0) as u32)
        .collect();
    let mut h: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_le_bytes());
    for chunk in msg.chunks(64) {
        let m: Vec<u32> = chunk
            .chunks(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect();
        let [mut a, mut b, mut c, mut d] = h;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(S[i]));
        }
        h[0] = h[0].wrapping_add(a);
        h[1] = h[1].wrapping_add(b);
        h[2] = h[2].wrapping_add(c);
        h[3] = h[3].wrapping_add(d);
    }
    let mut out = [0u8; 16];
    for (i, w) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&w.to_le_bytes());
    }
    out
}

/// SHA-1 (FIPS 180-4).
pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                chunk[4 * i],
                chunk[4 * i + 1],
                chunk[4 * i + 2],
                chunk[4 * i + 3],
            ]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i / 20 {
                0 => ((b & c) | (!b & d), 0x5A827999),
                1 => (b ^ c ^ d, 0x6ED9EBA1),
                2 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6u32),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, w) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// A digest function.
type DigestFn = fn(&[u8]) -> Vec<u8>;

/// The digest named by a program (`md5sum` → MD5…): its tag and function.
fn algorithm(prog: &str) -> (&'static str, DigestFn) {
    match prog {
        "sha1sum" => ("SHA1", |d| sha1(d).to_vec()),
        "sha224sum" => ("SHA224", |d| sha2::Sha224::digest(d).to_vec()),
        "sha256sum" => ("SHA256", |d| sha2::Sha256::digest(d).to_vec()),
        "sha384sum" => ("SHA384", |d| sha2::Sha384::digest(d).to_vec()),
        "sha512sum" => ("SHA512", |d| sha2::Sha512::digest(d).to_vec()),
        _ => ("MD5", |d| md5(d).to_vec()),
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// cksum(1).
pub async fn cksum(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(&ctx.argv[1..], "", &["help", "version"], true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    if p.has_long("help") {
        return common::help(
            ctx,
            "Usage: cksum [FILE]...\nPrint CRC checksum and byte counts of each FILE.\n\n      --help     display this help and exit\n      --version  output version information and exit\n",
        );
    }
    if p.has_long("version") {
        return common::version(ctx);
    }
    let named = !p.operands.is_empty();
    let files = if named {
        p.operands.clone()
    } else {
        vec!["-".to_string()]
    };
    let mut status = 0;
    for f in &files {
        match common::read_path(&ctx.sys, f).await {
            Ok(d) => {
                let crc = posix_crc(&d);
                if named {
                    ctx.out.str(&format!("{crc} {} {f}\n", d.len()));
                } else {
                    ctx.out.str(&format!("{crc} {}\n", d.len()));
                }
            }
            Err(e) => {
                ctx.error_path(f, e);
                status = 1;
            }
        }
    }
    status
}

/// Parse one line of a checksum list: (hex digest, file name).
fn parse_check_line(line: &str, tag: &str, hexlen: usize) -> Option<(String, String)> {
    if let Some(rest) = line.strip_prefix(tag).and_then(|r| r.strip_prefix(" (")) {
        let (name, sum) = rest.rsplit_once(") = ")?;
        return (sum.len() == hexlen && sum.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| (sum.to_ascii_lowercase(), name.to_string()));
    }
    let (escaped, line) = match line.strip_prefix('\\') {
        Some(l) => (true, l),
        None => (false, line),
    };
    if line.len() < hexlen + 2 || !line.is_char_boundary(hexlen) {
        return None;
    }
    let (sum, rest) = line.split_at(hexlen);
    if !sum.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let name = rest
        .strip_prefix("  ")
        .or_else(|| rest.strip_prefix(" *"))
        .or_else(|| rest.strip_prefix(' '))?;
    let name = if escaped {
        name.replace("\\n", "\n").replace("\\\\", "\\")
    } else {
        name.to_string()
    };
    Some((sum.to_ascii_lowercase(), name))
}

/// md5sum(1), sha1sum(1), sha256sum(1) and friends (the program name picks the digest).
pub async fn digest(ctx: &mut Ctx) -> i32 {
    let prog = ctx.prog();
    let (tag, f) = algorithm(&prog);
    let long = [
        "binary",
        "check",
        "tag",
        "text",
        "zero",
        "ignore-missing",
        "quiet",
        "status",
        "strict",
        "warn",
        "help",
        "version",
    ];
    let p = match args::parse(&ctx.argv[1..], "bctzw", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let map = [
        ('b', "binary"),
        ('c', "check"),
        ('t', "text"),
        ('z', "zero"),
        ('w', "warn"),
    ];
    let (mut check, mut tagged, mut binary, mut zero) = (false, false, false, false);
    let (mut quiet, mut status_only, mut strict, mut warn, mut ignore_missing) =
        (false, false, false, false, false);
    for (name, _) in common::named(&p, &map) {
        match name.as_str() {
            "help" => {
                let text = format!(
                    "Usage: {prog} [OPTION]... [FILE]...\nPrint or check {tag} checksums.\n\nWith no FILE, or when FILE is -, read standard input.\n  -b, --binary          read in binary mode\n  -c, --check           read checksums from the FILEs and check them\n      --tag             create a BSD-style checksum\n  -t, --text            read in text mode (default)\n  -z, --zero            end each output line with NUL, not newline\n\nThe following five options are useful only when verifying checksums:\n      --ignore-missing  don't fail or report status for missing files\n      --quiet           don't print OK for each successfully verified file\n      --status          don't output anything, status code shows success\n      --strict          exit non-zero for improperly formatted checksum lines\n  -w, --warn            warn about improperly formatted checksum lines\n\n      --help        display this help and exit\n      --version     output version information and exit\n"
                );
                return common::help(ctx, &text);
            }
            "version" => return common::version(ctx),
            "binary" => binary = true,
            "text" => binary = false,
            "check" => check = true,
            "tag" => tagged = true,
            "zero" => zero = true,
            "quiet" => quiet = true,
            "status" => status_only = true,
            "strict" => strict = true,
            "warn" => warn = true,
            "ignore-missing" => ignore_missing = true,
            _ => {}
        }
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let sys = ctx.sys.clone();
    let mut status = 0;
    if !check {
        for name in &files {
            let data = match common::read_path(&sys, name).await {
                Ok(d) => d,
                Err(e) => {
                    ctx.error_path(name, e);
                    status = 1;
                    continue;
                }
            };
            let sum = hex(&f(&data));
            let escape = !zero && (name.contains('\n') || name.contains('\\'));
            let shown = if escape {
                name.replace('\\', "\\\\").replace('\n', "\\n")
            } else {
                name.clone()
            };
            let pre = if escape { "\\" } else { "" };
            let line = if tagged {
                format!("{pre}{tag} ({shown}) = {sum}")
            } else {
                format!("{pre}{sum} {}{shown}", if binary { '*' } else { ' ' })
            };
            ctx.out.str(&line);
            ctx.out.bytes(if zero { b"\0" } else { b"\n" });
        }
        return status;
    }
    let hexlen = f(b"").len() * 2;
    for list in &files {
        let mut inp = match Input::open(&sys, list).await {
            Ok(i) => i,
            Err(e) => {
                ctx.error_path(list, e);
                status = 1;
                continue;
            }
        };
        let (mut bad_lines, mut mismatched, mut unreadable, mut good_lines) =
            (0u64, 0u64, 0u64, 0u64);
        let mut lineno = 0u64;
        loop {
            let rec = match inp.next_record(&sys, b'\n').await {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err(e) => {
                    ctx.error_path(list, e);
                    status = 1;
                    break;
                }
            };
            lineno += 1;
            let text = String::from_utf8_lossy(&rec);
            let text = text.trim_end_matches('\n').trim_end_matches('\r');
            if text.starts_with('#') {
                continue;
            }
            let Some((want, name)) = parse_check_line(text, tag, hexlen) else {
                bad_lines += 1;
                if warn {
                    ctx.error(&format!(
                        "{list}: {lineno}: improperly formatted {tag} checksum line"
                    ));
                }
                continue;
            };
            good_lines += 1;
            match common::read_path(&sys, &name).await {
                Ok(d) => {
                    let ok = hex(&f(&d)) == want;
                    if !ok {
                        mismatched += 1;
                    }
                    if !status_only && (!ok || !quiet) {
                        ctx.out
                            .str(&format!("{name}: {}\n", if ok { "OK" } else { "FAILED" }));
                    }
                }
                Err(wosix_abi::Errno::ENOENT) if ignore_missing => {}
                Err(e) => {
                    unreadable += 1;
                    if !status_only {
                        ctx.error_path(&name, e);
                        ctx.out.str(&format!("{name}: FAILED open or read\n"));
                    }
                }
            }
        }
        inp.close(&sys).await;
        let _ = ctx.out.flush(&sys).await;
        if good_lines == 0 {
            ctx.error(&format!(
                "{list}: no properly formatted {tag} checksum lines found"
            ));
            status = 1;
            continue;
        }
        let plural = |n: u64, one: &str, many: &str| {
            if n == 1 {
                one.to_string()
            } else {
                many.to_string()
            }
        };
        if !status_only {
            if bad_lines > 0 {
                ctx.error(&format!(
                    "WARNING: {bad_lines} {} improperly formatted",
                    plural(bad_lines, "line is", "lines are")
                ));
            }
            if unreadable > 0 {
                ctx.error(&format!(
                    "WARNING: {unreadable} listed {} could not be read",
                    plural(unreadable, "file", "files")
                ));
            }
            if mismatched > 0 {
                ctx.error(&format!(
                    "WARNING: {mismatched} computed {} did NOT match",
                    plural(mismatched, "checksum", "checksums")
                ));
            }
        }
        if mismatched > 0 || unreadable > 0 || (strict && bad_lines > 0) {
            status = 1;
        }
    }
    status
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(hex(&md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(hex(&md5(b"hello\n")), "b1946ac92492d2347c6235b4d2611184");
        assert_eq!(
            hex(&sha1(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex(&sha2::Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(posix_crc(b""), 4294967295);
        assert_eq!(posix_crc(b"hello\n"), 3015617425);
    }

    #[test]
    fn check_lines() {
        let h = "d41d8cd98f00b204e9800998ecf8427e";
        assert_eq!(
            parse_check_line(&format!("{h}  a b"), "MD5", 32),
            Some((h.to_string(), "a b".to_string()))
        );
        assert_eq!(
            parse_check_line(&format!("{h} *f"), "MD5", 32),
            Some((h.to_string(), "f".to_string()))
        );
        assert_eq!(
            parse_check_line(&format!("MD5 (f) = {h}"), "MD5", 32),
            Some((h.to_string(), "f".to_string()))
        );
        assert_eq!(parse_check_line("junk", "MD5", 32), None);
    }
}
