//! `read [-r] [-p prompt] name…`: one line from standard input split with IFS into variables,
//! the last taking the rest of the line. Standard input is read without consuming more than
//! the line (one byte at a time, or a block and a seek back on seekable files), so the next
//! command sees the following line.

use crate::sh::parser::is_name;
use crate::sh::shell::Shell;
use crate::sh::state::R;
use wosix_abi::{Errno, Fd, Whence};

/// Read one line (without its newline) from standard input; `true` if input ended first.
async fn read_line(sh: &mut Shell) -> Result<(Vec<u8>, bool), Errno> {
    let sys = sh.sys.clone();
    let mut line = Vec::new();
    if sys.lseek(Fd::STDIN, 0, Whence::Cur).await.is_ok() {
        loop {
            let chunk = match sys.read_vec(Fd::STDIN, 4096).await {
                Ok(c) => c,
                Err(Errno::EINTR) => {
                    sh.collect_signals().await;
                    continue;
                }
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok((line, true));
            }
            if let Some(i) = chunk.iter().position(|&b| b == b'\n') {
                line.extend_from_slice(&chunk[..i]);
                let back = (chunk.len() - i - 1) as i64;
                if back > 0 {
                    let _ = sys.lseek(Fd::STDIN, -back, Whence::Cur).await;
                }
                return Ok((line, false));
            }
            line.extend_from_slice(&chunk);
        }
    }
    loop {
        let b = match sys.read_vec(Fd::STDIN, 1).await {
            Ok(b) => b,
            Err(Errno::EINTR) => {
                sh.collect_signals().await;
                if sh
                    .pending_sigs
                    .iter()
                    .any(|s| sh.traps.contains_key(&(*s as u32)))
                {
                    return Err(Errno::EINTR);
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        match b.first() {
            None => return Ok((line, true)),
            Some(b'\n') => return Ok((line, false)),
            Some(&c) => line.push(c),
        }
    }
}

/// Split `rest` like field splitting and say whether it is one field (then returned).
fn single_field(rest: &[(char, bool)], ifs: &str) -> Option<String> {
    let is_ifs = |c: &(char, bool)| !c.1 && ifs.contains(c.0);
    let is_ws = |c: &(char, bool)| is_ifs(c) && matches!(c.0, ' ' | '\t' | '\n');
    let mut fields = 0;
    let mut i = 0;
    let mut first = String::new();
    while i < rest.len() && is_ws(&rest[i]) {
        i += 1;
    }
    while i < rest.len() {
        let mut f = String::new();
        while i < rest.len() && !is_ifs(&rest[i]) {
            f.push(rest[i].0);
            i += 1;
        }
        fields += 1;
        if fields == 1 {
            first = f;
        }
        // Skip one delimiter with surrounding whitespace.
        while i < rest.len() && is_ws(&rest[i]) {
            i += 1;
        }
        if i < rest.len() && is_ifs(&rest[i]) {
            i += 1;
            while i < rest.len() && is_ws(&rest[i]) {
                i += 1;
            }
        }
    }
    (fields <= 1).then_some(first)
}

/// Assign the words of `line` to `names`.
pub fn split_read(line: &[(char, bool)], ifs: &str, n: usize) -> Vec<String> {
    let is_ifs = |c: &(char, bool)| !c.1 && ifs.contains(c.0);
    let is_ws = |c: &(char, bool)| is_ifs(c) && matches!(c.0, ' ' | '\t' | '\n');
    let mut out = Vec::new();
    let mut i = 0;
    while i < line.len() && is_ws(&line[i]) {
        i += 1;
    }
    for k in 0..n {
        if k + 1 == n {
            let rest = &line[i.min(line.len())..];
            let v = match single_field(rest, ifs) {
                Some(f) => f,
                None => {
                    let mut end = rest.len();
                    while end > 0 && is_ws(&rest[end - 1]) {
                        end -= 1;
                    }
                    rest[..end].iter().map(|c| c.0).collect()
                }
            };
            out.push(v);
            break;
        }
        let mut f = String::new();
        while i < line.len() && !is_ifs(&line[i]) {
            f.push(line[i].0);
            i += 1;
        }
        out.push(f);
        while i < line.len() && is_ws(&line[i]) {
            i += 1;
        }
        if i < line.len() && is_ifs(&line[i]) {
            i += 1;
            while i < line.len() && is_ws(&line[i]) {
                i += 1;
            }
        }
    }
    out
}

/// The read built-in.
pub async fn read(sh: &mut Shell, argv: &[String]) -> R {
    let mut raw = false;
    let mut prompt = None;
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        if a == "--" {
            i += 1;
            break;
        }
        if !a.starts_with('-') || a == "-" {
            break;
        }
        let mut chars = a[1..].chars();
        while let Some(c) = chars.next() {
            match c {
                'r' => raw = true,
                'p' => {
                    let rest: String = chars.by_ref().collect();
                    if !rest.is_empty() {
                        prompt = Some(rest);
                    } else {
                        i += 1;
                        match argv.get(i) {
                            Some(p) => prompt = Some(p.clone()),
                            None => return Err(sh.bi_error("read", "No arg for -p option").await),
                        }
                    }
                }
                c => return Err(sh.bi_error("read", &format!("Illegal option -{c}")).await),
            }
        }
        i += 1;
    }
    let names = &argv[i..];
    if names.is_empty() {
        return Err(sh.bi_error("read", "arg count").await);
    }
    for n in names {
        if !is_name(n) {
            return Err(sh
                .bi_error("read", &format!("{n}: bad variable name"))
                .await);
        }
    }
    if let Some(p) = prompt
        && sh.sys.isatty(Fd::STDIN).await
    {
        sh.err.str(&p);
        sh.flush_err().await;
    }
    sh.flush_out().await;
    let mut chars: Vec<(char, bool)> = Vec::new();
    let mut eof;
    loop {
        let (bytes, e) = match read_line(sh).await {
            Ok(x) => x,
            Err(Errno::EINTR) => return Ok(128 + sh.pending_sigs.first().map_or(2, |s| *s as i32)),
            Err(_) => (Vec::new(), true),
        };
        eof = e;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut it = text.chars().peekable();
        let mut continued = false;
        while let Some(c) = it.next() {
            if c == '\\' && !raw {
                match it.next() {
                    Some(d) => chars.push((d, true)),
                    None => continued = true,
                }
            } else {
                chars.push((c, false));
            }
        }
        if !continued || eof {
            break;
        }
    }
    let ifs = sh.ifs();
    let vals = split_read(&chars, &ifs, names.len());
    for (k, n) in names.iter().enumerate() {
        let v = vals.get(k).cloned().unwrap_or_default();
        if let Err(m) = sh.setvar(n, &v) {
            return Err(sh.bi_error("read", &m).await);
        }
    }
    Ok(eof as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(s: &str, ifs: &str, n: usize) -> Vec<String> {
        let v: Vec<(char, bool)> = s.chars().map(|c| (c, false)).collect();
        split_read(&v, ifs, n)
    }

    #[test]
    fn splitting_like_dash() {
        assert_eq!(sp("1:2:", ": ", 2), ["1", "2"]);
        assert_eq!(sp("1:2:3:", ": ", 2), ["1", "2:3:"]);
        assert_eq!(sp(" a  b  c ", ": ", 2), ["a", "b  c"]);
        assert_eq!(sp("1::2", ": ", 2), ["1", ":2"]);
        assert_eq!(sp("a", " ", 3), ["a", "", ""]);
        assert_eq!(sp("  x  ", " \t\n", 1), ["x"]);
    }
}
