//! Tokens of the awk language (XCU awk, "Lexical Conventions"): numbers, strings with their
//! escapes, `/ERE/` tokens (told apart from division by the previous token), names,
//! keywords, built-in function names and `FUNC_NAME` (a name directly followed by `(`).
//! Comments and backslash-newline vanish; newlines after `{ && || , do else ;` too.

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A number.
    Num(f64),
    /// A string literal, escapes processed.
    Str(String),
    /// An ERE literal, as written between the slashes (with `\/` made `/`).
    Ere(String),
    /// A name.
    Name(String),
    /// A name directly followed by `(`.
    FuncName(String),
    /// A built-in function name.
    Builtin(String),
    /// A keyword (`BEGIN`, `if`, `getline`…).
    Kw(&'static str),
    /// Punctuation or operator.
    P(&'static str),
    /// A newline (statement terminator).
    Nl,
    /// End of the program text.
    Eof,
}

const KEYWORDS: &[&str] = &[
    "BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue",
    "next", "exit", "return", "delete", "in", "getline", "print", "printf",
];

/// Names of the built-in functions.
pub const BUILTINS: &[&str] = &[
    "length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "sin", "cos", "atan2",
    "exp", "log", "sqrt", "int", "rand", "srand", "tolower", "toupper", "system", "close",
    "fflush",
];

const PUNCT: &[&str] = &[
    "+=", "-=", "*=", "/=", "%=", "^=", "**=", "**", "==", "<=", ">=", "!=", "++", "--", "&&",
    "||", ">>", "!~", "{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!",
    ">", "<", "|", "?", ":", "~", "$", "=",
];

/// Whether a `/` after this token is division (else it starts an ERE).
fn divides_after(t: Option<&Tok>) -> bool {
    matches!(
        t,
        Some(Tok::Num(_) | Tok::Str(_) | Tok::Name(_) | Tok::Builtin(_) | Tok::Ere(_))
            | Some(Tok::P(")" | "]" | "$" | "++" | "--"))
    )
}

/// Split `src` into tokens with their line numbers.
pub fn lex(src: &str) -> Result<Vec<(Tok, usize)>, (String, usize)> {
    let b = src.as_bytes();
    let mut out: Vec<(Tok, usize)> = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' => i += 1,
            b'\\' if b.get(i + 1) == Some(&b'\n') => {
                i += 2;
                line += 1;
            }
            b'\\' if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') => {
                i += 3;
                line += 1;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\n' => {
                let skip = matches!(
                    out.last(),
                    Some((
                        Tok::P("{" | "&&" | "||" | "," | ";") | Tok::Kw("do" | "else"),
                        _
                    ))
                );
                if !skip {
                    out.push((Tok::Nl, line));
                }
                line += 1;
                i += 1;
            }
            b'"' => {
                let (s, n) =
                    string(&b[i + 1..]).ok_or(("non-terminated string".to_string(), line))?;
                line += b[i..i + 1 + n].iter().filter(|&&c| c == b'\n').count();
                out.push((Tok::Str(s), line));
                i += 1 + n;
            }
            b'/' if !divides_after(out.last().map(|t| &t.0)) => {
                let mut j = i + 1;
                let mut re = Vec::new();
                let mut bracket = false;
                loop {
                    match b.get(j) {
                        None | Some(b'\n') => {
                            return Err(("non-terminated regular expression".into(), line));
                        }
                        Some(b'\\') if b.get(j + 1) == Some(&b'/') => {
                            re.push(b'/');
                            j += 2;
                        }
                        Some(b'\\') => {
                            re.push(b'\\');
                            if let Some(&n) = b.get(j + 1) {
                                re.push(n);
                            }
                            j += 2;
                        }
                        Some(b'[') if !bracket => {
                            bracket = true;
                            re.push(b'[');
                            j += 1;
                            if b.get(j) == Some(&b'^') {
                                re.push(b'^');
                                j += 1;
                            }
                            if b.get(j) == Some(&b']') {
                                re.push(b']');
                                j += 1;
                            }
                        }
                        Some(b']') if bracket => {
                            bracket = false;
                            re.push(b']');
                            j += 1;
                        }
                        Some(b'/') if !bracket => break,
                        Some(&x) => {
                            re.push(x);
                            j += 1;
                        }
                    }
                }
                out.push((Tok::Ere(String::from_utf8_lossy(&re).into_owned()), line));
                i = j + 1;
            }
            b'0'..=b'9' | b'.' if c != b'.' || b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.') {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'e' || b[j] == b'E') {
                    let mut k = j + 1;
                    if k < b.len() && (b[k] == b'+' || b[k] == b'-') {
                        k += 1;
                    }
                    if k < b.len() && b[k].is_ascii_digit() {
                        while k < b.len() && b[k].is_ascii_digit() {
                            k += 1;
                        }
                        j = k;
                    }
                }
                let text = &src[i..j];
                let n = super::value::str_to_num(text);
                let used = text.len();
                out.push((Tok::Num(n), line));
                i += used;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                let w = &src[i..j];
                let t = if let Some(k) = KEYWORDS.iter().find(|k| **k == w) {
                    Tok::Kw(if *k == "func" { "function" } else { k })
                } else if BUILTINS.contains(&w) {
                    Tok::Builtin(w.to_string())
                } else if b.get(j) == Some(&b'(') {
                    Tok::FuncName(w.to_string())
                } else {
                    Tok::Name(w.to_string())
                };
                out.push((t, line));
                i = j;
            }
            _ => {
                let rest = &src[i..];
                let Some(p) = PUNCT.iter().find(|p| rest.starts_with(**p)) else {
                    let ch = rest.chars().next().unwrap_or('?');
                    return Err((format!("unexpected character '{ch}'"), line));
                };
                let p: &'static str = match *p {
                    "**" => "^",
                    "**=" => "^=",
                    other => other,
                };
                i += if p == "^=" && rest.starts_with("**=") {
                    3
                } else if p == "^" && rest.starts_with("**") {
                    2
                } else {
                    p.len()
                };
                out.push((Tok::P(p), line));
            }
        }
    }
    out.push((Tok::Nl, line));
    out.push((Tok::Eof, line));
    Ok(out)
}

/// Read a string body after the opening quote: the text and the bytes used (closing quote
/// included); `None` when unterminated.
fn string(b: &[u8]) -> Option<(String, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        match *b.get(i)? {
            b'"' => return Some((String::from_utf8_lossy(&out).into_owned(), i + 1)),
            b'\n' => return None,
            b'\\' if b.get(i + 1) == Some(&b'\n') => i += 2,
            b'\\' => {
                i += 1;
                let (c, n) = escape(&b[i..]);
                if let Some(c) = c {
                    out.push(c);
                } else {
                    out.push(b'\\');
                    if let Some(&x) = b.get(i) {
                        out.push(x);
                    }
                }
                i += n.max(1);
            }
            x => {
                out.push(x);
                i += 1;
            }
        }
    }
}

/// Decode the escape after a backslash: the byte (None when the escape is not one of
/// awk's, so the backslash stays) and the bytes used.
pub fn escape(b: &[u8]) -> (Option<u8>, usize) {
    match b.first() {
        Some(b'n') => (Some(b'\n'), 1),
        Some(b't') => (Some(b'\t'), 1),
        Some(b'r') => (Some(b'\r'), 1),
        Some(b'\\') => (Some(b'\\'), 1),
        Some(b'"') => (Some(b'"'), 1),
        Some(b'/') => (Some(b'/'), 1),
        Some(b'a') => (Some(7), 1),
        Some(b'b') => (Some(8), 1),
        Some(b'f') => (Some(12), 1),
        Some(b'v') => (Some(11), 1),
        Some(b'0'..=b'7') => {
            let mut v: u32 = 0;
            let mut n = 0;
            while n < 3 && matches!(b.get(n), Some(b'0'..=b'7')) {
                v = v * 8 + u32::from(b[n] - b'0');
                n += 1;
            }
            (Some(v as u8), n)
        }
        _ => (None, 1),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        lex(s).unwrap().into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn tokens() {
        assert_eq!(
            toks("a / 2 / b"),
            vec![
                Tok::Name("a".into()),
                Tok::P("/"),
                Tok::Num(2.0),
                Tok::P("/"),
                Tok::Name("b".into()),
                Tok::Nl,
                Tok::Eof
            ]
        );
        assert_eq!(toks("/a\\/b/")[0], Tok::Ere("a/b".into()));
        assert_eq!(toks("/[/]/")[0], Tok::Ere("[/]".into()));
        assert_eq!(toks("\"a\\tb\\\"\\101\"")[0], Tok::Str("a\tb\"A".into()));
        assert_eq!(toks("f(x)")[0], Tok::FuncName("f".into()));
        assert_eq!(toks("f (x)")[0], Tok::Name("f".into()));
        assert_eq!(toks("x**2")[1], Tok::P("^"));
        assert_eq!(toks("1e3 .5")[..2], [Tok::Num(1000.0), Tok::Num(0.5)]);
        assert_eq!(toks("a &&\n b").len(), 5);
        assert_eq!(toks("a \\\n b").len(), 4);
        assert_eq!(toks("# c\nx")[..2], [Tok::Nl, Tok::Name("x".into())]);
        assert!(lex("\"abc").is_err());
        assert!(lex("/abc").is_err());
        assert!(lex("a @ b").is_err());
    }
}
