//! Plumbing shared by the text utilities: opening and streaming inputs in big chunks, usage
//! and `--help` handling in the GNU style, size suffixes, C escapes and quoting of names in
//! messages. Kept here so each program file holds only its own behaviour.

use crate::Ctx;
use crate::args::{Opt, Parsed};
use wosix_abi::{Errno, Fd, OFlags, SysResult};
use wosix_runtime::Sys;

/// Size of one read from an input.
pub const CHUNK: usize = 65536;

/// An open input: a named file or standard input, read in big chunks.
pub struct Input {
    fd: Fd,
    owned: bool,
    is_dir: bool,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl Input {
    /// Standard input.
    pub fn stdin() -> Input {
        Input {
            fd: Fd::STDIN,
            owned: false,
            is_dir: false,
            buf: Vec::new(),
            pos: 0,
            eof: false,
        }
    }

    /// Open `path` (`-` is standard input). Opening a directory succeeds, but reading it
    /// fails with EISDIR, as read(2) does on Linux.
    pub async fn open(sys: &Sys, path: &str) -> SysResult<Input> {
        if path == "-" {
            return Ok(Input::stdin());
        }
        let fd = sys.open(path, OFlags::RDONLY | OFlags::CLOEXEC, 0).await?;
        let is_dir = matches!(sys.fstat(fd).await, Ok(st) if st.is_dir());
        Ok(Input {
            fd,
            owned: true,
            is_dir,
            buf: Vec::new(),
            pos: 0,
            eof: false,
        })
    }

    /// The descriptor being read.
    pub fn fd(&self) -> Fd {
        self.fd
    }

    /// Close the descriptor (not standard input).
    pub async fn close(self, sys: &Sys) {
        if self.owned {
            let _ = sys.close(self.fd).await;
        }
    }

    async fn fill(&mut self, sys: &Sys) -> SysResult<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.is_dir {
            return Err(Errno::EISDIR);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let chunk = sys.read_vec(self.fd, CHUNK).await?;
        if chunk.is_empty() {
            self.eof = true;
            return Ok(false);
        }
        if self.buf.is_empty() {
            self.buf = chunk;
        } else {
            self.buf.extend_from_slice(&chunk);
        }
        Ok(true)
    }

    /// The next record including its delimiter when present; `None` at end of input.
    pub async fn next_record(&mut self, sys: &Sys, delim: u8) -> SysResult<Option<Vec<u8>>> {
        let mut scanned = 0;
        loop {
            let avail = &self.buf[self.pos..];
            if let Some(i) = avail[scanned..].iter().position(|&b| b == delim) {
                let end = self.pos + scanned + i + 1;
                let rec = self.buf[self.pos..end].to_vec();
                self.pos = end;
                return Ok(Some(rec));
            }
            scanned = avail.len();
            if !self.fill(sys).await? {
                if self.pos < self.buf.len() {
                    let rec = self.buf[self.pos..].to_vec();
                    self.pos = self.buf.len();
                    return Ok(Some(rec));
                }
                return Ok(None);
            }
        }
    }

    /// The next chunk of raw bytes (whatever is buffered, else one read); empty at the end.
    pub async fn chunk(&mut self, sys: &Sys) -> SysResult<Vec<u8>> {
        if self.pos < self.buf.len() {
            let rest = self.buf.split_off(self.pos);
            self.buf.clear();
            self.pos = 0;
            return Ok(rest);
        }
        if !self.fill(sys).await? {
            return Ok(Vec::new());
        }
        let rest = std::mem::take(&mut self.buf);
        self.pos = 0;
        Ok(rest)
    }

    /// Everything left until end of input.
    pub async fn read_all(&mut self, sys: &Sys) -> SysResult<Vec<u8>> {
        while self.fill(sys).await? {}
        let rest = self.buf.split_off(self.pos);
        self.buf.clear();
        self.pos = 0;
        Ok(rest)
    }
}

/// Read the whole of `path` (`-` is standard input), directories failing with EISDIR.
pub async fn read_path(sys: &Sys, path: &str) -> SysResult<Vec<u8>> {
    let mut inp = Input::open(sys, path).await?;
    let r = inp.read_all(sys).await;
    inp.close(sys).await;
    r
}

/// Split `data` into records ending in `delim`; the last one may lack it. The delimiters are
/// not included.
pub fn split_records(data: &[u8], delim: u8) -> Vec<&[u8]> {
    if data.is_empty() {
        return Vec::new();
    }
    let body = if data.last() == Some(&delim) {
        &data[..data.len() - 1]
    } else {
        data
    };
    body.split(|&b| b == delim).collect()
}

/// Print a `--help` text on standard output; returns status 0.
pub fn help(ctx: &mut Ctx, text: &str) -> i32 {
    ctx.out.str(text);
    0
}

/// Print `prog: msg` and the `Try 'prog --help'` hint on standard error; returns `status`.
pub fn usage(ctx: &mut Ctx, msg: &str, status: i32) -> i32 {
    let p = ctx.prog();
    if !msg.is_empty() {
        ctx.err.str(&format!("{p}: {msg}\n"));
    }
    ctx.err
        .str(&format!("Try '{p} --help' for more information.\n"));
    status
}

/// Print a `--version` line on standard output; returns status 0.
pub fn version(ctx: &mut Ctx) -> i32 {
    let p = ctx.prog();
    ctx.out.str(&format!(
        "{p} (Wosix coreutils) {}\n",
        env!("CARGO_PKG_VERSION")
    ));
    0
}

/// Quote a file name for a message the way GNU's `quote()` does: `'name'`.
pub fn quote(name: &str) -> String {
    if name.contains('\'') {
        format!("\"{name}\"")
    } else {
        format!("'{name}'")
    }
}

/// Whether `b` is a blank (space or tab), as `isblank` in the C locale.
pub fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Whether `b` is white space, as `isspace` in the C locale.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Parse a count with an optional GNU size suffix (`b` 512, `K`/`KiB` 1024, `kB` 1000, `M`,
/// `MB`, `G`… up to `Y`). `None` if it is not a valid non-negative number.
pub fn parse_size(s: &str) -> Option<u64> {
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if digits_end == 0 {
        return None;
    }
    let n: u64 = s[..digits_end].parse().ok().or(Some(u64::MAX))?;
    let suffix = &s[digits_end..];
    let mult: u64 = match suffix {
        "" => 1,
        "b" => 512,
        "c" => 1,
        "w" => 2,
        _ => {
            let mut cs = suffix.chars();
            let letter = cs.next()?;
            let power = "KMGTPEZY".find(letter.to_ascii_uppercase())? as u32 + 1;
            if letter == 'k' && cs.as_str() != "B" {
                return None;
            }
            let base: u64 = match cs.as_str() {
                "" | "iB" => 1024,
                "B" => 1000,
                _ => return None,
            };
            base.checked_pow(power).unwrap_or(u64::MAX)
        }
    };
    Some(n.saturating_mul(mult))
}

/// Interpret C backslash escapes (`\n`, `\t`, `\\`, `\0NNN`, `\NNN`, `\xHH`…) as tr, paste
/// and xargs do. Unknown escapes keep the character.
pub fn c_escapes(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' || i + 1 == b.len() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = b[i];
        i += 1;
        match c {
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v: u32 = (c - b'0') as u32;
                let mut n = 1;
                while n < 3 && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                    v = v * 8 + (b[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            b'x' if i < b.len() && b[i].is_ascii_hexdigit() => {
                let mut v: u32 = 0;
                let mut n = 0;
                while n < 2 && i < b.len() && b[i].is_ascii_hexdigit() {
                    v = v * 16 + (b[i] as char).to_digit(16).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            other => out.push(other),
        }
    }
    out
}

/// The parsed options as `(long name, value)` pairs, short letters mapped through `map`
/// (letters not in `map` become their one-letter string).
pub fn named(p: &Parsed, map: &[(char, &str)]) -> Vec<(String, Option<String>)> {
    p.opts
        .iter()
        .map(|o| match o {
            Opt::Short(c, v) => {
                let name = map
                    .iter()
                    .find(|(m, _)| m == c)
                    .map(|(_, n)| n.to_string())
                    .unwrap_or_else(|| c.to_string());
                (name, v.clone())
            }
            Opt::Long(n, v) => (n.clone(), v.clone()),
        })
        .collect()
}

/// Whether standard output is a terminal (programs then flush after each line).
pub async fn stdout_tty(ctx: &Ctx) -> bool {
    ctx.sys.isatty(Fd::STDOUT).await
}

/// fnmatch(3) without flags: `*`, `?`, `[...]` (with `!`/`^` negation and ranges), `\` escapes.
pub fn glob_match(pat: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pat.len() {
            match pat[p] {
                b'*' => {
                    star = Some((p, n));
                    p += 1;
                    continue;
                }
                b'?' => {
                    p += 1;
                    n += 1;
                    continue;
                }
                b'[' => {
                    if let Some((ok, next)) = glob_class(pat, p, name[n]) {
                        if ok {
                            p = next;
                            n += 1;
                            continue;
                        }
                    } else if name[n] == b'[' {
                        p += 1;
                        n += 1;
                        continue;
                    }
                }
                b'\\' if p + 1 < pat.len() && pat[p + 1] == name[n] => {
                    p += 2;
                    n += 1;
                    continue;
                }
                c if c == name[n] => {
                    p += 1;
                    n += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, sn)) => {
                p = sp + 1;
                n = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    pat[p..].iter().all(|&c| c == b'*')
}

/// Match byte `c` against the bracket expression starting at `pat[p] == '['`: whether it
/// matched and the index after `]`, or `None` if the bracket is not closed.
fn glob_class(pat: &[u8], p: usize, c: u8) -> Option<(bool, usize)> {
    let mut i = p + 1;
    let negate = i < pat.len() && (pat[i] == b'!' || pat[i] == b'^');
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < pat.len() && (first || pat[i] != b']') {
        first = false;
        let lo = pat[i];
        if i + 2 < pat.len() && pat[i + 1] == b'-' && pat[i + 2] != b']' {
            if lo <= c && c <= pat[i + 2] {
                matched = true;
            }
            i += 3;
        } else {
            if lo == c {
                matched = true;
            }
            i += 1;
        }
    }
    if i >= pat.len() {
        return None;
    }
    Some((matched != negate, i + 1))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10"), Some(10));
        assert_eq!(parse_size("2K"), Some(2048));
        assert_eq!(parse_size("2kB"), Some(2000));
        assert_eq!(parse_size("1MiB"), Some(1 << 20));
        assert_eq!(parse_size("3b"), Some(1536));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size("1Q"), None);
    }

    #[test]
    fn escapes() {
        assert_eq!(c_escapes(r"a\tb\n\\\101\x41"), b"a\tb\n\\AA".to_vec());
        assert_eq!(c_escapes(r"\0"), vec![0]);
    }

    #[test]
    fn records() {
        assert_eq!(split_records(b"a\nb\n", b'\n'), vec![&b"a"[..], b"b"]);
        assert_eq!(split_records(b"a\n\nb", b'\n'), vec![&b"a"[..], b"", b"b"]);
        assert!(split_records(b"", b'\n').is_empty());
    }

    #[test]
    fn globs() {
        assert!(glob_match(b"*.rs", b"main.rs"));
        assert!(!glob_match(b"*.rs", b"main.c"));
        assert!(glob_match(b"a?c", b"abc"));
        assert!(glob_match(b"[a-c]x", b"bx"));
        assert!(!glob_match(b"[!a-c]x", b"bx"));
        assert!(glob_match(b"*", b""));
    }
}
