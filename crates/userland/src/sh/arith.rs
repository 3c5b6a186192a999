//! Arithmetic expansion `$((…))` (XCU 2.6.4): the C operators POSIX requires, on 64-bit
//! signed integers, with variables and assignment operators — evaluated the way dash's
//! arith_yacc.c does (same error wording, saturating number parsing, no `++`/`--`).

/// Access to shell variables from an expression.
pub trait ArithVars {
    /// The value of `name`, if set.
    fn get(&self, name: &str) -> Option<String>;
    /// Assign `name`; the error is a complete message (e.g. `x: is read only`).
    fn set(&mut self, name: &str, value: i64) -> Result<(), String>;
}

/// An arithmetic error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArithError {
    /// A syntax or evaluation error: dash prints `arithmetic expression: MSG: "EXPR"`.
    Expr(String),
    /// Any other error, printed as is (`Illegal number: abc`).
    Other(String),
}

#[derive(Clone, Debug, PartialEq)]
enum T {
    Num(i64),
    Name(String),
    Op(&'static str),
    End,
}

const OPS: &[&str] = &[
    "<<=", ">>=", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=", "%=",
    "&=", "^=", "|=", "+", "-", "*", "/", "%", "<", ">", "&", "^", "|", "!", "~", "?", ":", "=",
    "(", ")",
];

/// Parse an integer the way strtoimax(3) with base 0 does: optional sign, `0x` hex, leading
/// `0` octal, saturating on overflow. Returns the value and the bytes used (0 if none).
pub fn strtoimax(s: &str) -> (i64, usize) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let (radix, start) = if i + 1 < b.len()
        && b[i] == b'0'
        && (b[i + 1] | 0x20) == b'x'
        && i + 2 < b.len()
        && b[i + 2].is_ascii_hexdigit()
    {
        (16, i + 2)
    } else if i < b.len() && b[i] == b'0' {
        (8, i)
    } else {
        (10, i)
    };
    let mut j = start;
    let mut v: i128 = 0;
    while j < b.len() {
        let d = match (b[j] as char).to_digit(radix) {
            Some(d) => d,
            None => break,
        };
        v = (v * radix as i128 + d as i128).min(i64::MAX as i128 + 1);
        j += 1;
    }
    if j == start {
        return (0, 0);
    }
    let v = if neg {
        (-v).max(i64::MIN as i128)
    } else {
        v.min(i64::MAX as i128)
    };
    (v as i64, j)
}

/// The numeric value of a variable's text (empty is 0); `Illegal number: TEXT` otherwise.
pub fn var_number(text: &str) -> Result<i64, ArithError> {
    if text.trim().is_empty() {
        return Ok(0);
    }
    let (v, used) = strtoimax(text);
    if used == 0 || !text[used..].trim().is_empty() {
        return Err(ArithError::Other(format!("Illegal number: {text}")));
    }
    Ok(v)
}

fn lex(s: &str) -> Result<Vec<T>, ArithError> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let (v, used) = strtoimax(&s[i..]);
            let used = used.max(1);
            out.push(T::Num(v));
            i += used;
        } else if c == b'_' || c.is_ascii_alphabetic() {
            let st = i;
            while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            out.push(T::Name(s[st..i].to_string()));
        } else if let Some(op) = OPS.iter().find(|o| s[i..].starts_with(**o)) {
            out.push(T::Op(op));
            i += op.len();
        } else {
            // An unknown character: the parser reports it where it appears.
            out.push(T::Op("?bad"));
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push(T::End);
    Ok(out)
}

struct P<'a> {
    toks: Vec<T>,
    pos: usize,
    vars: &'a mut dyn ArithVars,
    noeval: u32,
}

fn err<T>(m: &str) -> Result<T, ArithError> {
    Err(ArithError::Expr(m.to_string()))
}

/// Evaluate `expr`.
pub fn eval(expr: &str, vars: &mut dyn ArithVars) -> Result<i64, ArithError> {
    let toks = lex(expr)?;
    let mut p = P {
        toks,
        pos: 0,
        vars,
        noeval: 0,
    };
    let v = p.assign()?;
    if p.peek() != &T::End {
        return err("expecting EOF");
    }
    Ok(v)
}

/// The binary operators by precedence level, lowest first.
const LEVELS: &[&[&str]] = &[
    &["||"],
    &["&&"],
    &["|"],
    &["^"],
    &["&"],
    &["==", "!="],
    &["<", "<=", ">", ">="],
    &["<<", ">>"],
    &["+", "-"],
    &["*", "/", "%"],
];

impl P<'_> {
    fn peek(&self) -> &T {
        self.toks.get(self.pos).unwrap_or(&T::End)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), T::Op(o) if *o == op)
    }

    fn value_of(&self, name: &str) -> Result<i64, ArithError> {
        match self.vars.get(name) {
            Some(v) => var_number(&v),
            None => Ok(0),
        }
    }

    fn assign(&mut self) -> Result<i64, ArithError> {
        if let (T::Name(n), Some(T::Op(op))) =
            (self.peek().clone(), self.toks.get(self.pos + 1).cloned())
            && op.ends_with('=')
            && !matches!(op, "==" | "!=" | "<=" | ">=")
        {
            self.pos += 2;
            let rhs = self.assign()?;
            if self.noeval > 0 {
                return Ok(rhs);
            }
            let v = if op == "=" {
                rhs
            } else {
                let cur = self.value_of(&n)?;
                binop(&op[..op.len() - 1], cur, rhs)?
            };
            self.vars.set(&n, v).map_err(ArithError::Other)?;
            return Ok(v);
        }
        self.ternary()
    }

    fn ternary(&mut self) -> Result<i64, ArithError> {
        let c = self.binary(0)?;
        if !self.is_op("?") {
            return Ok(c);
        }
        self.pos += 1;
        if c == 0 {
            self.noeval += 1;
        }
        let a = self.assign();
        if c == 0 {
            self.noeval -= 1;
        }
        let a = a?;
        if !self.is_op(":") {
            return err("expecting ':'");
        }
        self.pos += 1;
        if c != 0 {
            self.noeval += 1;
        }
        let b = self.ternary();
        if c != 0 {
            self.noeval -= 1;
        }
        let b = b?;
        Ok(if c != 0 { a } else { b })
    }

    fn binary(&mut self, level: usize) -> Result<i64, ArithError> {
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut l = self.binary(level + 1)?;
        loop {
            let op = match self.peek() {
                T::Op(o) if LEVELS[level].contains(o) => *o,
                _ => return Ok(l),
            };
            self.pos += 1;
            let short = (op == "&&" && l == 0) || (op == "||" && l != 0);
            if short {
                self.noeval += 1;
            }
            let r = self.binary(level + 1);
            if short {
                self.noeval -= 1;
            }
            let r = r?;
            l = match op {
                "&&" => (l != 0 && r != 0) as i64,
                "||" => (l != 0 || r != 0) as i64,
                _ if self.noeval > 0 && matches!(op, "/" | "%") && r == 0 => 0,
                _ => binop(op, l, r)?,
            };
        }
    }

    fn unary(&mut self) -> Result<i64, ArithError> {
        match self.peek().clone() {
            T::Op("-") => {
                self.pos += 1;
                Ok(self.unary()?.wrapping_neg())
            }
            T::Op("+") => {
                self.pos += 1;
                self.unary()
            }
            T::Op("!") => {
                self.pos += 1;
                Ok((self.unary()? == 0) as i64)
            }
            T::Op("~") => {
                self.pos += 1;
                Ok(!self.unary()?)
            }
            T::Op("(") => {
                self.pos += 1;
                let v = self.assign()?;
                if !self.is_op(")") {
                    return err("expecting ')'");
                }
                self.pos += 1;
                Ok(v)
            }
            T::Num(n) => {
                self.pos += 1;
                Ok(n)
            }
            T::Name(n) => {
                self.pos += 1;
                if self.noeval > 0 {
                    Ok(0)
                } else {
                    self.value_of(&n)
                }
            }
            _ => err("expecting primary"),
        }
    }
}

fn binop(op: &str, l: i64, r: i64) -> Result<i64, ArithError> {
    Ok(match op {
        "+" => l.wrapping_add(r),
        "-" => l.wrapping_sub(r),
        "*" => l.wrapping_mul(r),
        "/" | "%" if r == 0 => return err("division by zero"),
        "/" => l.wrapping_div(r),
        "%" => l.wrapping_rem(r),
        "<<" => l.wrapping_shl(r as u32),
        ">>" => l.wrapping_shr(r as u32),
        "<" => (l < r) as i64,
        "<=" => (l <= r) as i64,
        ">" => (l > r) as i64,
        ">=" => (l >= r) as i64,
        "==" => (l == r) as i64,
        "!=" => (l != r) as i64,
        "&" => l & r,
        "^" => l ^ r,
        "|" => l | r,
        _ => return err("expecting primary"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct V(BTreeMap<String, String>);
    impl ArithVars for V {
        fn get(&self, n: &str) -> Option<String> {
            self.0.get(n).cloned()
        }
        fn set(&mut self, n: &str, v: i64) -> Result<(), String> {
            self.0.insert(n.into(), v.to_string());
            Ok(())
        }
    }

    fn ev(s: &str) -> Result<i64, ArithError> {
        eval(s, &mut V::default())
    }

    #[test]
    fn operators() {
        assert_eq!(ev("1+2*3"), Ok(7));
        assert_eq!(ev("(1+2)*3"), Ok(9));
        assert_eq!(ev("0x1F + 010"), Ok(39));
        assert_eq!(ev("1<<65"), Ok(2));
        assert_eq!(ev("-9223372036854775807-1"), Ok(i64::MIN));
        assert_eq!(ev("9999999999999999999999"), Ok(i64::MAX));
        assert_eq!(ev(" -9223372036854775808 / -1 "), Ok(i64::MAX));
        assert_eq!(ev("3 > 2 && 0 || 5"), Ok(1));
        assert_eq!(ev("! 5"), Ok(0));
        assert_eq!(ev("~5"), Ok(-6));
        assert_eq!(ev("1 ? 0 ? 7 : 8 : 9"), Ok(8));
        assert_eq!(ev("--5"), Ok(5));
        assert_eq!(ev("7 % 3 ^ 1 | 8 & 12"), Ok(8));
        assert_eq!(ev("0 && 1/0"), Ok(0));
    }

    #[test]
    fn errors() {
        assert_eq!(ev("1/0"), Err(ArithError::Expr("division by zero".into())));
        assert_eq!(ev("1 2"), Err(ArithError::Expr("expecting EOF".into())));
        assert_eq!(ev("08"), Err(ArithError::Expr("expecting EOF".into())));
        assert_eq!(ev("1?2"), Err(ArithError::Expr("expecting ':'".into())));
        assert_eq!(ev("x++"), Err(ArithError::Expr("expecting primary".into())));
        assert_eq!(
            ev("2**3"),
            Err(ArithError::Expr("expecting primary".into()))
        );
        assert_eq!(ev("  "), Err(ArithError::Expr("expecting primary".into())));
        assert_eq!(
            ev("\"1\" + 2"),
            Err(ArithError::Expr("expecting primary".into()))
        );
    }

    #[test]
    fn variables() {
        let mut v = V::default();
        assert_eq!(eval("a=b=3", &mut v), Ok(3));
        assert_eq!(v.0.get("a").map(String::as_str), Some("3"));
        assert_eq!(
            eval("a+=4, 1", &mut v),
            Err(ArithError::Expr("expecting EOF".into()))
        );
        assert_eq!(eval("a*2", &mut v), Ok(14));
        v.0.insert("s".into(), " 12 ".into());
        assert_eq!(eval("s+1", &mut v), Ok(13));
        v.0.insert("o".into(), "011".into());
        assert_eq!(eval("o", &mut v), Ok(9));
        v.0.insert("bad".into(), "1+2".into());
        assert_eq!(
            eval("bad", &mut v),
            Err(ArithError::Other("Illegal number: 1+2".into()))
        );
        assert_eq!(eval("0 && (z=1)", &mut v), Ok(0));
        assert!(!v.0.contains_key("z"));
        assert_eq!(eval("unset_var + 1", &mut v), Ok(1));
    }
}
