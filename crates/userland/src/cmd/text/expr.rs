//! expr(1): evaluate an expression given as separate arguments — `|`, `&`, comparisons,
//! arithmetic, `:` regex matching (an anchored BRE) and the `match`, `substr`, `index`,
//! `length` and `+ TOKEN` forms — with GNU's messages and exit statuses (1 for a null or
//! zero result, 2 for invalid expressions, 3 for other failures).

use super::common;
use super::re::{Node, Opts, Re, parse};
use crate::Ctx;
use std::cmp::Ordering;

const HELP: &str = "Usage: expr EXPRESSION
  or:  expr OPTION

      --help        display this help and exit
      --version     output version information and exit

Print the value of EXPRESSION to standard output.  A blank line below
separates increasing precedence groups.  EXPRESSION may be:

  ARG1 | ARG2       ARG1 if it is neither null nor 0, otherwise ARG2

  ARG1 & ARG2       ARG1 if neither argument is null or 0, otherwise 0

  ARG1 < ARG2       ARG1 is less than ARG2
  ARG1 <= ARG2      ARG1 is less than or equal to ARG2
  ARG1 = ARG2       ARG1 is equal to ARG2
  ARG1 != ARG2      ARG1 is unequal to ARG2
  ARG1 >= ARG2      ARG1 is greater than or equal to ARG2
  ARG1 > ARG2       ARG1 is greater than ARG2

  ARG1 + ARG2       arithmetic sum of ARG1 and ARG2
  ARG1 - ARG2       arithmetic difference of ARG1 and ARG2

  ARG1 * ARG2       arithmetic product of ARG1 and ARG2
  ARG1 / ARG2       arithmetic quotient of ARG1 divided by ARG2
  ARG1 % ARG2       arithmetic remainder of ARG1 divided by ARG2

  STRING : REGEXP   anchored pattern match of REGEXP in STRING

  match STRING REGEXP        same as STRING : REGEXP
  substr STRING POS LENGTH   substring of STRING, POS counted from 1
  index STRING CHARS         index in STRING where any CHARS is found, or 0
  length STRING              length of STRING
  + TOKEN                    interpret TOKEN as a string, even if it is a
                               keyword like 'match' or an operator like '/'

  ( EXPRESSION )             value of EXPRESSION

Beware that many operators need to be escaped or quoted for shells.
Comparisons are arithmetic if both ARGs are numbers, else lexicographical.
Pattern matches return the string matched between \\( and \\) or null; if
\\( and \\) are not used, they return the number of characters matched or 0.

Exit status is 0 if EXPRESSION is neither null nor 0, 1 if EXPRESSION is null
or 0, 2 if EXPRESSION is syntactically invalid, and 3 if an error occurred.
";

/// A value: an integer or a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Val {
    /// An integer.
    Int(i128),
    /// A string.
    Str(String),
}

/// An error with its exit status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The message after `expr: `.
    pub msg: String,
    /// The exit status.
    pub status: i32,
}

fn invalid(msg: impl Into<String>) -> Error {
    Error {
        msg: msg.into(),
        status: 2,
    }
}

fn syntax(msg: impl Into<String>) -> Error {
    invalid(format!("syntax error: {}", msg.into()))
}

impl Val {
    fn text(&self) -> String {
        match self {
            Val::Int(n) => n.to_string(),
            Val::Str(s) => s.clone(),
        }
    }
    fn int(&self) -> Option<i128> {
        match self {
            Val::Int(n) => Some(*n),
            Val::Str(s) => looks_int(s),
        }
    }
    /// Null: the empty string or zero.
    pub fn is_null(&self) -> bool {
        match self {
            Val::Int(n) => *n == 0,
            Val::Str(s) => {
                let t = s.strip_prefix('-').unwrap_or(s);
                s.is_empty() || (!t.is_empty() && t.bytes().all(|b| b == b'0'))
            }
        }
    }
}

fn looks_int(s: &str) -> Option<i128> {
    let t = s.strip_prefix('-').unwrap_or(s);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

struct P<'a> {
    a: &'a [String],
    i: usize,
}

impl P<'_> {
    fn peek(&self) -> Option<&str> {
        self.a.get(self.i).map(String::as_str)
    }
    fn take(&mut self, op: &str) -> bool {
        if self.peek() == Some(op) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn arg(&mut self) -> Result<String, Error> {
        match self.a.get(self.i) {
            Some(s) => {
                self.i += 1;
                Ok(s.clone())
            }
            None => Err(syntax(format!(
                "missing argument after {}",
                common::quote(&self.a[self.i - 1])
            ))),
        }
    }

    fn or(&mut self, ev: bool) -> Result<Val, Error> {
        let mut l = self.and(ev)?;
        while self.take("|") {
            let r = self.and(ev && l.is_null())?;
            if l.is_null() {
                l = if r.is_null() { Val::Int(0) } else { r };
            }
        }
        Ok(l)
    }

    fn and(&mut self, ev: bool) -> Result<Val, Error> {
        let mut l = self.cmp(ev)?;
        while self.take("&") {
            let r = self.cmp(ev && !l.is_null())?;
            if l.is_null() || r.is_null() {
                l = Val::Int(0);
            }
        }
        Ok(l)
    }

    fn cmp(&mut self, ev: bool) -> Result<Val, Error> {
        let mut l = self.sum(ev)?;
        loop {
            let op = match self.peek() {
                Some(o @ ("<" | "<=" | "=" | "==" | "!=" | ">=" | ">")) => o.to_string(),
                _ => return Ok(l),
            };
            self.i += 1;
            let r = self.sum(ev)?;
            let ord = match (l.int(), r.int()) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => l.text().as_bytes().cmp(r.text().as_bytes()),
            };
            let t = match op.as_str() {
                "<" => ord == Ordering::Less,
                "<=" => ord != Ordering::Greater,
                "=" | "==" => ord == Ordering::Equal,
                "!=" => ord != Ordering::Equal,
                ">=" => ord != Ordering::Less,
                _ => ord == Ordering::Greater,
            };
            l = Val::Int(t as i128);
        }
    }

    fn arith(&self, op: &str, l: &Val, r: &Val, ev: bool) -> Result<Val, Error> {
        if !ev {
            return Ok(Val::Int(0));
        }
        let (Some(a), Some(b)) = (l.int(), r.int()) else {
            return Err(invalid("non-integer argument"));
        };
        let v = match op {
            "+" => a.checked_add(b),
            "-" => a.checked_sub(b),
            "*" => a.checked_mul(b),
            "/" | "%" if b == 0 => return Err(invalid("division by zero")),
            "/" => a.checked_div(b),
            _ => a.checked_rem(b),
        };
        v.map(Val::Int).ok_or(Error {
            msg: "integer result too large".into(),
            status: 3,
        })
    }

    fn sum(&mut self, ev: bool) -> Result<Val, Error> {
        let mut l = self.prod(ev)?;
        while let Some(op @ ("+" | "-")) = self.peek() {
            let op = op.to_string();
            self.i += 1;
            let r = self.prod(ev)?;
            l = self.arith(&op, &l, &r, ev)?;
        }
        Ok(l)
    }

    fn prod(&mut self, ev: bool) -> Result<Val, Error> {
        let mut l = self.colon(ev)?;
        while let Some(op @ ("*" | "/" | "%")) = self.peek() {
            let op = op.to_string();
            self.i += 1;
            let r = self.colon(ev)?;
            l = self.arith(&op, &l, &r, ev)?;
        }
        Ok(l)
    }

    fn colon(&mut self, ev: bool) -> Result<Val, Error> {
        let mut l = self.unary(ev)?;
        while self.take(":") {
            let r = self.unary(ev)?;
            l = if ev {
                matches(&l.text(), &r.text())?
            } else {
                Val::Int(0)
            };
        }
        Ok(l)
    }

    fn unary(&mut self, ev: bool) -> Result<Val, Error> {
        match self.peek() {
            Some("+") => {
                self.i += 1;
                Ok(Val::Str(self.arg()?))
            }
            Some("length") => {
                self.i += 1;
                let s = self.unary(ev)?;
                Ok(Val::Int(s.text().chars().count() as i128))
            }
            Some("match") => {
                self.i += 1;
                let s = self.unary(ev)?;
                let r = self.unary(ev)?;
                if ev {
                    matches(&s.text(), &r.text())
                } else {
                    Ok(Val::Int(0))
                }
            }
            Some("substr") => {
                self.i += 1;
                let s = self.unary(ev)?;
                let pos = self.unary(ev)?;
                let len = self.unary(ev)?;
                let chars: Vec<char> = s.text().chars().collect();
                let out = match (pos.int(), len.int()) {
                    (Some(p), Some(n)) if p >= 1 && n >= 1 && (p as usize) <= chars.len() => {
                        let start = p as usize - 1;
                        let end = start
                            .saturating_add(n.min(usize::MAX as i128) as usize)
                            .min(chars.len());
                        chars[start..end].iter().collect()
                    }
                    _ => String::new(),
                };
                Ok(Val::Str(out))
            }
            Some("index") => {
                self.i += 1;
                let s = self.unary(ev)?.text();
                let set = self.unary(ev)?.text();
                let pos = s.chars().position(|c| set.contains(c)).map_or(0, |p| p + 1);
                Ok(Val::Int(pos as i128))
            }
            _ => self.primary(ev),
        }
    }

    fn primary(&mut self, ev: bool) -> Result<Val, Error> {
        match self.peek() {
            None => Err(syntax(format!(
                "missing argument after {}",
                common::quote(&self.a[self.i.saturating_sub(1)])
            ))),
            Some("(") => {
                self.i += 1;
                let v = self.or(ev)?;
                match self.peek() {
                    Some(")") => {
                        self.i += 1;
                        Ok(v)
                    }
                    Some(other) => Err(syntax(format!(
                        "expecting ')' instead of {}",
                        common::quote(other)
                    ))),
                    None => Err(syntax(format!(
                        "expecting ')' after {}",
                        common::quote(&self.a[self.i - 1])
                    ))),
                }
            }
            Some(")") => Err(syntax("unexpected ')'")),
            Some(s) => {
                let s = s.to_string();
                self.i += 1;
                Ok(Val::Str(s))
            }
        }
    }
}

/// `STRING : REGEXP`.
fn matches(s: &str, pat: &str) -> Result<Val, Error> {
    let (tree, groups) = parse(pat.as_bytes(), Opts::default()).map_err(invalid)?;
    let anchored = Node::Concat(vec![Node::BufStart, tree]);
    let re = Re::from_tree(anchored, groups, Opts::default(), 0).map_err(invalid)?;
    let caps = re.captures_at(s.as_bytes(), 0);
    if groups > 0 {
        let text = caps
            .and_then(|c| c.get(1).copied().flatten())
            .map(|(a, b)| String::from_utf8_lossy(&s.as_bytes()[a..b]).into_owned());
        return Ok(Val::Str(text.unwrap_or_default()));
    }
    let n = caps.and_then(|c| c[0]).map_or(0, |(_, e)| {
        String::from_utf8_lossy(&s.as_bytes()[..e]).chars().count()
    });
    Ok(Val::Int(n as i128))
}

/// Evaluate an expression given as arguments.
pub fn eval(args: &[String]) -> Result<Val, Error> {
    let mut p = P { a: args, i: 0 };
    let v = p.or(true)?;
    if let Some(extra) = p.peek() {
        if extra == ")" {
            return Err(syntax("unexpected ')'"));
        }
        return Err(syntax(format!(
            "unexpected argument {}",
            common::quote(extra)
        )));
    }
    Ok(v)
}

/// expr(1).
pub async fn expr(ctx: &mut Ctx) -> i32 {
    let mut args: Vec<String> = ctx.argv[1..].to_vec();
    match args.first().map(String::as_str) {
        Some("--help") if args.len() == 1 => return common::help(ctx, HELP),
        Some("--version") if args.len() == 1 => return common::version(ctx),
        Some("--") => {
            args.remove(0);
        }
        _ => {}
    }
    if args.is_empty() {
        return common::usage(ctx, "missing operand", 2);
    }
    match eval(&args) {
        Ok(v) => {
            ctx.out.line(&v.text());
            if v.is_null() { 1 } else { 0 }
        }
        Err(e) => {
            ctx.error(&e.msg);
            e.status
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ev(s: &str) -> Result<String, String> {
        let a: Vec<String> = s.split(' ').map(String::from).collect();
        eval(&a).map(|v| v.text()).map_err(|e| e.msg)
    }

    #[test]
    fn arithmetic_and_logic() {
        assert_eq!(ev("1 + 2 * 3"), Ok("7".into()));
        assert_eq!(ev("( 1 + 2 ) * 3"), Ok("9".into()));
        assert_eq!(ev("-7 / 2"), Ok("-3".into()));
        assert_eq!(ev("10 % 3"), Ok("1".into()));
        assert_eq!(ev("1 - -1"), Ok("2".into()));
        assert_eq!(ev("0 | 5"), Ok("5".into()));
        assert_eq!(ev("0 | 0"), Ok("0".into()));
        assert_eq!(ev("3 & 0"), Ok("0".into()));
        assert_eq!(ev("3 & 4"), Ok("3".into()));
        assert_eq!(ev("1 | 1 / 0"), Ok("1".into()));
        assert_eq!(ev("10 < 9"), Ok("0".into()));
        assert_eq!(ev("abc < abd"), Ok("1".into()));
        assert_eq!(ev("1 = 01"), Ok("1".into()));
    }

    #[test]
    fn strings() {
        assert_eq!(ev("abc : a\\(.\\)"), Ok("b".into()));
        assert_eq!(ev("abc : a."), Ok("2".into()));
        assert_eq!(ev("abc : x"), Ok("0".into()));
        assert_eq!(ev("abc : b"), Ok("0".into()));
        assert_eq!(ev("length abc"), Ok("3".into()));
        assert_eq!(ev("substr hello 2 3"), Ok("ell".into()));
        assert_eq!(ev("substr abc 0 1"), Ok("".into()));
        assert_eq!(ev("index hello lo"), Ok("3".into()));
        assert_eq!(ev("match abc a"), Ok("1".into()));
        assert_eq!(ev("+ length"), Ok("length".into()));
    }

    #[test]
    fn errors() {
        assert_eq!(
            ev("1 +"),
            Err("syntax error: missing argument after '+'".into())
        );
        assert_eq!(
            ev("1 2"),
            Err("syntax error: unexpected argument '2'".into())
        );
        assert_eq!(
            ev("( 1"),
            Err("syntax error: expecting ')' after '1'".into())
        );
        assert_eq!(
            ev("( 1 2"),
            Err("syntax error: expecting ')' instead of '2'".into())
        );
        assert_eq!(ev(")"), Err("syntax error: unexpected ')'".into()));
        assert_eq!(ev("a + 1"), Err("non-integer argument".into()));
        assert_eq!(ev("1 / 0"), Err("division by zero".into()));
        assert_eq!(
            ev("length"),
            Err("syntax error: missing argument after 'length'".into())
        );
        assert_eq!(ev("abc : \\("), Err("Unmatched ( or \\(".into()));
        assert!(Val::Str("-00".into()).is_null());
    }
}
