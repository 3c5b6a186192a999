//! test(1) and `[` as dash implements them (shared by the built-ins and /usr/bin/test): the
//! POSIX rules for one to four arguments, then a recursive-descent parser for `!`, `-a`, `-o`
//! and parentheses; file tests through stat/lstat and permission tests through access(2).

use wosix_abi::{Fd, FileType, Mode, fcntl::access};
use wosix_runtime::Sys;

const UNARY: &[&str] = &[
    "-r", "-w", "-x", "-e", "-f", "-d", "-c", "-b", "-p", "-u", "-g", "-k", "-s", "-t", "-z", "-n",
    "-h", "-L", "-S", "-O", "-G",
];
const BINARY: &[&str] = &[
    "=", "!=", "<", ">", "-eq", "-ne", "-ge", "-gt", "-le", "-lt", "-nt", "-ot", "-ef",
];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Eoi,
    Operand,
    Unary,
    Binary,
    Not,
    And,
    Or,
    LParen,
    RParen,
}

#[derive(Debug, Clone)]
enum E {
    False,
    Str(String),
    Unary(String, String),
    Binary(String, String, String),
    Not(Box<E>),
    And(Vec<E>),
    Or(Vec<E>),
}

struct P<'a> {
    a: &'a [String],
    /// Index of the current word (dash's `t_wp`).
    wp: usize,
}

impl P<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        self.a.get(i).map(String::as_str)
    }
    fn lex(&self, i: usize) -> Tok {
        let Some(s) = self.word(i) else {
            return Tok::Eoi;
        };
        let kind = match s {
            "!" => Tok::Not,
            "-a" => Tok::And,
            "-o" => Tok::Or,
            "(" => Tok::LParen,
            ")" => Tok::RParen,
            s if UNARY.contains(&s) => Tok::Unary,
            s if BINARY.contains(&s) => Tok::Binary,
            _ => return Tok::Operand,
        };
        if kind == Tok::Unary {
            let next_binop = self.word(i + 1).is_none_or(|n| BINARY.contains(&n));
            if next_binop {
                return Tok::Operand;
            }
        }
        if kind == Tok::LParen && self.word(i + 1).is_none() {
            return Tok::Operand;
        }
        kind
    }
    fn oexpr(&mut self, n: Tok) -> Result<E, String> {
        let mut v = Vec::new();
        let mut n = n;
        loop {
            v.push(self.aexpr(n)?);
            if self.lex(self.wp + 1) != Tok::Or {
                break;
            }
            self.wp += 2;
            n = self.lex(self.wp);
        }
        Ok(if v.len() == 1 { v.remove(0) } else { E::Or(v) })
    }
    fn aexpr(&mut self, n: Tok) -> Result<E, String> {
        let mut v = Vec::new();
        let mut n = n;
        loop {
            v.push(self.nexpr(n)?);
            if self.lex(self.wp + 1) != Tok::And {
                break;
            }
            self.wp += 2;
            n = self.lex(self.wp);
        }
        Ok(if v.len() == 1 { v.remove(0) } else { E::And(v) })
    }
    fn nexpr(&mut self, n: Tok) -> Result<E, String> {
        if n == Tok::Not {
            self.wp += 1;
            let t = self.lex(self.wp);
            return Ok(E::Not(Box::new(self.nexpr(t)?)));
        }
        self.primary(n)
    }
    fn primary(&mut self, n: Tok) -> Result<E, String> {
        match n {
            Tok::Eoi => return Ok(E::False),
            Tok::LParen => {
                self.wp += 1;
                let nn = self.lex(self.wp);
                if nn == Tok::RParen {
                    return Ok(E::False);
                }
                let r = self.oexpr(nn)?;
                self.wp += 1;
                if self.lex(self.wp) != Tok::RParen {
                    return Err("closing paren expected".into());
                }
                return Ok(r);
            }
            Tok::Unary => {
                let op = self.word(self.wp).unwrap_or_default().to_string();
                self.wp += 1;
                let Some(arg) = self.word(self.wp) else {
                    return Err(format!("{op}: argument expected"));
                };
                return Ok(E::Unary(op, arg.to_string()));
            }
            _ => {}
        }
        let w = self.word(self.wp).unwrap_or_default().to_string();
        if self.lex(self.wp + 1) == Tok::Binary {
            self.wp += 1;
            let op = self.word(self.wp).unwrap_or_default().to_string();
            self.wp += 1;
            let Some(rhs) = self.word(self.wp) else {
                return Err(format!("{op}: argument expected"));
            };
            return Ok(E::Binary(w, op, rhs.to_string()));
        }
        Ok(E::Str(w))
    }
}

/// Parse test arguments (without the command name and closing `]`) into an expression and
/// whether the result is inverted.
fn parse(args: &[String]) -> Result<(E, bool), String> {
    let mut a: &[String] = args;
    let mut negate = false;
    loop {
        if a.is_empty() {
            return Ok((E::False, negate));
        }
        let mut p = P { a, wp: 0 };
        if a.len() == 3 && BINARY.contains(&a[1].as_str()) {
            return Ok((E::Binary(a[0].clone(), a[1].clone(), a[2].clone()), negate));
        }
        if a.len() == 3 || a.len() == 4 {
            if a[0] == "(" && a[a.len() - 1] == ")" {
                a = &a[1..a.len() - 1];
                p = P { a, wp: 0 };
            } else if a[0] == "!" {
                negate = !negate;
                a = &a[1..];
                continue;
            }
        }
        let n = p.lex(0);
        let e = p.oexpr(n)?;
        if p.word(p.wp).is_some() && p.word(p.wp + 1).is_some() {
            return Err(format!("{}: unexpected operator", p.a[p.wp]));
        }
        return Ok((e, negate));
    }
}

/// dash's `getn`: a decimal integer with optional sign and surrounding blanks.
fn number(s: &str) -> Result<i64, String> {
    let t = s.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\n');
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("Illegal number: {s}"));
    }
    t.parse::<i64>().map_err(|_| format!("Illegal number: {s}"))
}

fn eval<'a>(
    sys: &'a Sys,
    e: &'a E,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, String>> + Send + 'a>> {
    Box::pin(async move {
        Ok(match e {
            E::False => false,
            E::Str(s) => !s.is_empty(),
            E::Not(x) => !eval(sys, x).await?,
            E::And(v) => {
                let mut r = true;
                for x in v {
                    r &= eval(sys, x).await?;
                }
                r
            }
            E::Or(v) => {
                let mut r = false;
                for x in v {
                    r |= eval(sys, x).await?;
                }
                r
            }
            E::Unary(op, arg) => unary(sys, op, arg).await?,
            E::Binary(l, op, r) => binary(sys, l, op, r).await?,
        })
    })
}

async fn unary(sys: &Sys, op: &str, arg: &str) -> Result<bool, String> {
    Ok(match op {
        "-z" => arg.is_empty(),
        "-n" => !arg.is_empty(),
        "-t" => {
            let n = number(arg)?;
            n >= 0 && sys.isatty(Fd(n as u32)).await
        }
        "-r" => sys.access(arg, access::R_OK).await.is_ok(),
        "-w" => sys.access(arg, access::W_OK).await.is_ok(),
        "-x" => sys.access(arg, access::X_OK).await.is_ok(),
        "-h" | "-L" => sys
            .lstat(arg)
            .await
            .is_ok_and(|s| s.file_type() == FileType::Symlink),
        _ => {
            let Ok(st) = sys.stat(arg).await else {
                return Ok(false);
            };
            match op {
                "-e" => true,
                "-f" => st.file_type() == FileType::Regular,
                "-d" => st.file_type() == FileType::Directory,
                "-c" => st.file_type() == FileType::CharDevice,
                "-b" => st.file_type() == FileType::BlockDevice,
                "-p" => st.file_type() == FileType::Fifo,
                "-S" => st.file_type() == FileType::Socket,
                "-s" => st.size > 0,
                "-u" => st.mode & Mode::S_ISUID != 0,
                "-g" => st.mode & Mode::S_ISGID != 0,
                "-k" => st.mode & Mode::S_ISVTX != 0,
                "-O" => sys.geteuid().await.is_ok_and(|u| u == st.uid),
                "-G" => sys.getegid().await.is_ok_and(|g| g == st.gid),
                _ => false,
            }
        }
    })
}

async fn binary(sys: &Sys, l: &str, op: &str, r: &str) -> Result<bool, String> {
    Ok(match op {
        "=" => l == r,
        "!=" => l != r,
        "<" => l.as_bytes() < r.as_bytes(),
        ">" => l.as_bytes() > r.as_bytes(),
        "-eq" => number(l)? == number(r)?,
        "-ne" => number(l)? != number(r)?,
        "-gt" => number(l)? > number(r)?,
        "-ge" => number(l)? >= number(r)?,
        "-lt" => number(l)? < number(r)?,
        "-le" => number(l)? <= number(r)?,
        "-nt" | "-ot" => {
            let a = sys.stat(l).await.ok().map(|s| s.mtime.as_nanos());
            let b = sys.stat(r).await.ok().map(|s| s.mtime.as_nanos());
            match (a, b, op) {
                (Some(x), Some(y), "-nt") => x > y,
                (Some(_), None, "-nt") => true,
                (Some(x), Some(y), _) => x < y,
                (None, Some(_), "-ot") => true,
                _ => false,
            }
        }
        _ => match (sys.stat(l).await, sys.stat(r).await) {
            (Ok(a), Ok(b)) => a.dev == b.dev && a.ino == b.ino,
            _ => false,
        },
    })
}

/// Run test with `argv[0]` = `test` or `[`. Returns the status and an error message
/// (without the `test: ` prefix) for status 2.
pub async fn test(sys: &Sys, argv: &[String]) -> (i32, Option<String>) {
    let mut args = &argv[1..];
    if argv.first().map(String::as_str) == Some("[") {
        match args.last() {
            Some(l) if l == "]" => args = &args[..args.len() - 1],
            _ => return (2, Some("missing ]".into())),
        }
    }
    let (e, negate) = match parse(args) {
        Ok(x) => x,
        Err(m) => return (2, Some(m)),
    };
    match eval(sys, &e).await {
        Ok(v) => ((v == negate) as i32, None),
        Err(m) => (2, Some(m)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<String, String> {
        let v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse(&v).map(|(e, n)| format!("{}{e:?}", if n { "!" } else { "" }))
    }

    #[test]
    fn posix_argument_counts() {
        assert_eq!(p(&[]).as_deref(), Ok("False"));
        assert_eq!(p(&["-f"]).as_deref(), Ok("Str(\"-f\")"));
        assert_eq!(p(&["!", "x"]).as_deref(), Ok("Not(Str(\"x\"))"));
        assert_eq!(
            p(&["-n", "=", "-n"]).as_deref(),
            Ok("Binary(\"-n\", \"=\", \"-n\")")
        );
        assert_eq!(
            p(&["!", "=", "!"]).as_deref(),
            Ok("Binary(\"!\", \"=\", \"!\")")
        );
        assert_eq!(p(&["(", "a", ")"]).as_deref(), Ok("Str(\"a\")"));
        assert_eq!(p(&["a", "b"]), Err("a: unexpected operator".into()));
        assert_eq!(p(&["1", "-eq"]), Err("-eq: argument expected".into()));
        assert_eq!(
            p(&["1", "-eq", "1", "extra"]),
            Err("1: unexpected operator".into())
        );
        assert!(p(&["a", "-a"]).is_ok());
        assert!(p(&["(", "1", "=", "1", ")", "-a", "(", "2", "=", "2", ")"]).is_ok());
    }

    #[test]
    fn numbers() {
        assert_eq!(number(" 2 "), Ok(2));
        assert_eq!(number("-2"), Ok(-2));
        assert_eq!(number("+2"), Ok(2));
        assert!(number("0x10").is_err());
        assert!(number("").is_err());
    }
}
