//! cat(1): concatenate files to standard output, streaming (a chunk at a time, so `cat` on a
//! terminal or pipe shows lines as they come), with GNU's numbering (`-n`, `-b`), squeezing
//! (`-s`) and visible control characters (`-v`, `-E`, `-T`, `-A`, `-e`, `-t`).

use super::common;
use crate::Ctx;
use wosix_abi::Fd;

const HELP: &str = "\
Usage: {prog} [OPTION]... [FILE]...
Concatenate FILE(s) to standard output.

With no FILE, or when FILE is -, read standard input.

  -A, --show-all           equivalent to -vET
  -b, --number-nonblank    number nonempty output lines, overrides -n
  -e                       equivalent to -vE
  -E, --show-ends          display $ at end of each line
  -n, --number             number all output lines
  -s, --squeeze-blank      suppress repeated empty output lines
  -t                       equivalent to -vT
  -T, --show-tabs          display TAB characters as ^I
  -u                       (ignored)
  -v, --show-nonprinting   use ^ and M- notation, except for LFD and TAB
      --help               display this help and exit
";

/// What to do to the bytes on their way through.
#[derive(Clone, Copy, Default, Debug)]
pub struct CatOpts {
    /// `-n`.
    pub number: bool,
    /// `-b`.
    pub number_nonblank: bool,
    /// `-s`.
    pub squeeze: bool,
    /// `-E`.
    pub ends: bool,
    /// `-T`.
    pub tabs: bool,
    /// `-v`.
    pub nonprinting: bool,
}

impl CatOpts {
    fn plain(&self) -> bool {
        !(self.number
            || self.number_nonblank
            || self.squeeze
            || self.ends
            || self.tabs
            || self.nonprinting)
    }
}

/// Line state carried across chunks and files (GNU numbers lines across all files).
#[derive(Clone, Copy, Debug)]
pub struct CatState {
    line: u64,
    at_start: bool,
    blanks: u32,
}

impl Default for CatState {
    fn default() -> Self {
        CatState {
            line: 1,
            at_start: true,
            blanks: 0,
        }
    }
}

/// Transform one chunk of input.
pub fn process(o: &CatOpts, s: &mut CatState, input: &[u8], out: &mut Vec<u8>) {
    for &b in input {
        if s.at_start {
            if b == b'\n' {
                s.blanks += 1;
                if o.squeeze && s.blanks > 1 {
                    continue;
                }
            } else {
                s.blanks = 0;
            }
            let numbered = if o.number_nonblank {
                b != b'\n'
            } else {
                o.number
            };
            if numbered {
                out.extend_from_slice(format!("{:>6}\t", s.line).as_bytes());
                s.line += 1;
            }
        }
        if b == b'\n' {
            if o.ends {
                out.push(b'$');
            }
            out.push(b'\n');
            s.at_start = true;
            continue;
        }
        s.at_start = false;
        if b == b'\t' {
            if o.tabs {
                out.extend_from_slice(b"^I")
            } else {
                out.push(b'\t')
            }
        } else if o.nonprinting {
            let mut c = b;
            if c >= 128 {
                out.extend_from_slice(b"M-");
                c -= 128;
            }
            if c < 32 {
                out.push(b'^');
                out.push(c + 64);
            } else if c == 127 {
                out.extend_from_slice(b"^?");
            } else {
                out.push(c);
            }
        } else {
            out.push(b);
        }
    }
}

/// cat(1).
pub async fn cat(ctx: &mut Ctx) -> i32 {
    let long = [
        "show-all",
        "number-nonblank",
        "show-ends",
        "number",
        "squeeze-blank",
        "show-tabs",
        "show-nonprinting",
        "help",
    ];
    let p = match common::parse(ctx, "AbeEnstTuv", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    let mut o = CatOpts::default();
    use crate::args::Opt;
    for opt in &p.opts {
        let name = match opt {
            Opt::Short(c, _) => c.to_string(),
            Opt::Long(n, _) => n.clone(),
        };
        match name.as_str() {
            "A" | "show-all" => {
                o.nonprinting = true;
                o.ends = true;
                o.tabs = true;
            }
            "b" | "number-nonblank" => o.number_nonblank = true,
            "e" => {
                o.nonprinting = true;
                o.ends = true;
            }
            "E" | "show-ends" => o.ends = true,
            "n" | "number" => o.number = true,
            "s" | "squeeze-blank" => o.squeeze = true,
            "t" => {
                o.nonprinting = true;
                o.tabs = true;
            }
            "T" | "show-tabs" => o.tabs = true,
            "v" | "show-nonprinting" => o.nonprinting = true,
            _ => {}
        }
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let mut state = CatState::default();
    let mut status = 0;
    for f in files {
        let fd = match common::open_read(&ctx.sys, &f).await {
            Ok(fd) => fd,
            Err(e) => {
                ctx.error_path(&f, e);
                status = 1;
                continue;
            }
        };
        if fd != Fd::STDIN
            && let Ok(st) = ctx.sys.fstat(fd).await
            && st.is_dir()
        {
            ctx.error_path(&f, wosix_abi::Errno::EISDIR);
            status = 1;
            let _ = ctx.sys.close(fd).await;
            continue;
        }
        loop {
            let chunk = match ctx.sys.read_vec(fd, 65536).await {
                Ok(c) => c,
                Err(e) => {
                    ctx.error_path(&f, e);
                    status = 1;
                    break;
                }
            };
            if chunk.is_empty() {
                break;
            }
            if o.plain() {
                ctx.out.bytes(&chunk);
            } else {
                let mut buf = Vec::with_capacity(chunk.len() + 64);
                process(&o, &mut state, &chunk, &mut buf);
                ctx.out.bytes(&buf);
            }
            if let Err(e) = ctx.out.flush(&ctx.sys).await {
                let _ = e;
                if fd != Fd::STDIN {
                    let _ = ctx.sys.close(fd).await;
                }
                return 1;
            }
        }
        if fd != Fd::STDIN {
            let _ = ctx.sys.close(fd).await;
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(o: CatOpts, input: &[&[u8]]) -> String {
        let mut s = CatState::default();
        let mut out = Vec::new();
        for chunk in input {
            process(&o, &mut s, chunk, &mut out);
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn numbering_and_squeeze() {
        let n = CatOpts {
            number: true,
            ..Default::default()
        };
        assert_eq!(
            run(n, &[b"a\n\nb", b"c\n"]),
            "     1\ta\n     2\t\n     3\tbc\n"
        );
        let b = CatOpts {
            number_nonblank: true,
            ends: true,
            ..Default::default()
        };
        assert_eq!(run(b, &[b"a\n\nb\n"]), "     1\ta$\n$\n     2\tb$\n");
        let s = CatOpts {
            squeeze: true,
            ..Default::default()
        };
        assert_eq!(run(s, &[b"\n\n\na\n\n", b"\n\nb\n"]), "\na\n\nb\n");
    }

    #[test]
    fn visible() {
        let a = CatOpts {
            nonprinting: true,
            ends: true,
            tabs: true,
            ..Default::default()
        };
        assert_eq!(run(a, &[b"\x01\t\x7f\xe9x\n"]), "^A^I^?M-ix$\n");
    }
}
