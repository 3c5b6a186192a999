//! Parser for awk expressions (XCU awk, "Expressions in awk" table of precedence, and the
//! `expr`/`unary_expr`/`non_unary_expr` productions of "Grammar"): from assignment down to
//! grouping, with `>` left to print redirection where the grammar says so, concatenation by
//! juxtaposition, and the getline forms.

use super::ast::{Builtin, Cmp, Expr, Op, Source};
use super::lexer::{BUILTINS, Tok};
use super::parse::{PErr, Parser};

type R = Result<Expr, PErr>;

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// Whether `e` can be assigned to.
pub fn is_lvalue(e: &Expr) -> bool {
    matches!(e, Expr::Var(_) | Expr::Index(..) | Expr::Field(_))
}

fn builtin(name: &str) -> Builtin {
    use Builtin::*;
    const ALL: &[Builtin] = &[
        Length, Substr, Index, Split, Sub, Gsub, Match, Sprintf, Sin, Cos, Atan2, Exp, Log, Sqrt,
        Int, Rand, Srand, Tolower, Toupper, System, Close, Fflush,
    ];
    let k = BUILTINS.iter().position(|b| *b == name).unwrap_or(0);
    ALL.get(k).copied().unwrap_or(Length)
}

impl Parser {
    fn skip_nls(&mut self) {
        while self.peek() == &Tok::Nl {
            self.next();
        }
    }

    /// An expression; `no_gt` leaves an unparenthesised `>` to print redirection,
    /// `allow_in` permits the `in` operator at the top level.
    pub fn expr(&mut self, no_gt: bool, allow_in: bool) -> R {
        self.guard()?;
        let lhs = self.ternary(no_gt, allow_in)?;
        let op = match self.peek() {
            Tok::P("=") => None,
            Tok::P("+=") => Some(Op::Add),
            Tok::P("-=") => Some(Op::Sub),
            Tok::P("*=") => Some(Op::Mul),
            Tok::P("/=") => Some(Op::Div),
            Tok::P("%=") => Some(Op::Mod),
            Tok::P("^=") => Some(Op::Pow),
            _ => return Ok(lhs),
        };
        if !is_lvalue(&lhs) {
            return Err(self.err());
        }
        self.next();
        self.skip_nls();
        let rhs = self.expr(no_gt, allow_in)?;
        Ok(Expr::Assign(op, bx(lhs), bx(rhs)))
    }

    fn ternary(&mut self, no_gt: bool, allow_in: bool) -> R {
        let c = self.or(no_gt, allow_in)?;
        if !self.eat("?") {
            return Ok(c);
        }
        self.skip_nls();
        let a = self.expr(no_gt, allow_in)?;
        self.skip_nls();
        self.expect(":")?;
        self.skip_nls();
        let b = self.expr(no_gt, allow_in)?;
        Ok(Expr::Cond(bx(c), bx(a), bx(b)))
    }

    fn or(&mut self, no_gt: bool, allow_in: bool) -> R {
        let mut l = self.and(no_gt, allow_in)?;
        let mut n = 0;
        while self.eat("||") {
            self.chain(&mut n)?;
            self.skip_nls();
            let r = self.and(no_gt, allow_in)?;
            l = Expr::Or(bx(l), bx(r));
        }
        Ok(l)
    }

    fn and(&mut self, no_gt: bool, allow_in: bool) -> R {
        let mut l = self.in_expr(no_gt, allow_in)?;
        let mut n = 0;
        while self.eat("&&") {
            self.chain(&mut n)?;
            self.skip_nls();
            let r = self.in_expr(no_gt, allow_in)?;
            l = Expr::And(bx(l), bx(r));
        }
        Ok(l)
    }

    fn in_expr(&mut self, no_gt: bool, allow_in: bool) -> R {
        let mut l = self.matching(no_gt)?;
        while allow_in && self.peek() == &Tok::Kw("in") {
            self.next();
            let Tok::Name(a) = self.next() else {
                self.pos -= 1;
                return Err(self.err());
            };
            let v = self.var(&a);
            let subs = match l {
                Expr::Group(e) => vec![*e],
                other => vec![other],
            };
            l = Expr::In(subs, v);
        }
        Ok(l)
    }

    fn matching(&mut self, no_gt: bool) -> R {
        let mut l = self.comparison(no_gt)?;
        let mut n = 0;
        loop {
            self.chain(&mut n)?;
            let neg = match self.peek() {
                Tok::P("~") => false,
                Tok::P("!~") => true,
                _ => return Ok(l),
            };
            self.next();
            let r = self.comparison(no_gt)?;
            l = Expr::Match(neg, bx(l), bx(r));
        }
    }

    fn comparison(&mut self, no_gt: bool) -> R {
        let l = self.pipe_getline()?;
        let op = match self.peek() {
            Tok::P("<") => Cmp::Lt,
            Tok::P("<=") => Cmp::Le,
            Tok::P("==") => Cmp::Eq,
            Tok::P("!=") => Cmp::Ne,
            Tok::P(">") if !no_gt => Cmp::Gt,
            Tok::P(">=") => Cmp::Ge,
            _ => return Ok(l),
        };
        self.next();
        let r = self.pipe_getline()?;
        Ok(Expr::Cmp(op, bx(l), bx(r)))
    }

    fn pipe_getline(&mut self) -> R {
        let mut l = self.concat()?;
        while self.peek() == &Tok::P("|") && self.peek2() == &Tok::Kw("getline") {
            self.pos += 2;
            let var = self.getline_target()?;
            l = Expr::Getline(Source::Cmd(bx(l)), var);
        }
        Ok(l)
    }

    fn starts_operand(&self) -> bool {
        match self.peek() {
            Tok::Num(_)
            | Tok::Str(_)
            | Tok::Ere(_)
            | Tok::Name(_)
            | Tok::FuncName(_)
            | Tok::Builtin(_) => true,
            Tok::P(p) => matches!(*p, "$" | "(" | "!" | "++" | "--" | "-" | "+"),
            Tok::Kw(k) => *k == "getline",
            _ => false,
        }
    }

    /// Concatenation by juxtaposition (also the target of output redirection).
    pub fn concat(&mut self) -> R {
        let mut l = self.additive()?;
        let mut n = 0;
        while self.starts_operand() && !matches!(self.peek(), Tok::P("-" | "+" | "!")) {
            if self.peek() == &Tok::Kw("getline") && !matches!(l, Expr::Group(_)) {
                break;
            }
            self.chain(&mut n)?;
            let r = self.additive()?;
            l = Expr::Concat(bx(l), bx(r));
        }
        Ok(l)
    }

    fn additive(&mut self) -> R {
        let mut l = self.multiplicative()?;
        let mut n = 0;
        loop {
            self.chain(&mut n)?;
            let op = match self.peek() {
                Tok::P("+") => Op::Add,
                Tok::P("-") => Op::Sub,
                _ => return Ok(l),
            };
            self.next();
            let r = self.multiplicative()?;
            l = Expr::Bin(op, bx(l), bx(r));
        }
    }

    fn multiplicative(&mut self) -> R {
        let mut l = self.unary()?;
        let mut n = 0;
        loop {
            self.chain(&mut n)?;
            let op = match self.peek() {
                Tok::P("*") => Op::Mul,
                Tok::P("/") => Op::Div,
                Tok::P("%") => Op::Mod,
                _ => return Ok(l),
            };
            self.next();
            let r = self.unary()?;
            l = Expr::Bin(op, bx(l), bx(r));
        }
    }

    fn unary(&mut self) -> R {
        self.guard()?;
        match self.peek() {
            Tok::P("!") => {
                self.next();
                Ok(Expr::Not(bx(self.unary()?)))
            }
            Tok::P("-") => {
                self.next();
                Ok(Expr::Neg(bx(self.unary()?)))
            }
            Tok::P("+") => {
                self.next();
                Ok(Expr::Plus(bx(self.unary()?)))
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> R {
        let base = self.postfix()?;
        if !self.eat("^") {
            return Ok(base);
        }
        let e = self.exponent()?;
        Ok(Expr::Bin(Op::Pow, bx(base), bx(e)))
    }

    fn exponent(&mut self) -> R {
        self.guard()?;
        match self.peek() {
            Tok::P("-") => {
                self.next();
                Ok(Expr::Neg(bx(self.exponent()?)))
            }
            Tok::P("+") => {
                self.next();
                Ok(Expr::Plus(bx(self.exponent()?)))
            }
            Tok::P("!") => {
                self.next();
                Ok(Expr::Not(bx(self.exponent()?)))
            }
            _ => self.power(),
        }
    }

    fn postfix(&mut self) -> R {
        let e = self.primary()?;
        if is_lvalue(&e) {
            if self.eat("++") {
                return Ok(Expr::Incr(false, 1.0, bx(e)));
            }
            if self.eat("--") {
                return Ok(Expr::Incr(false, -1.0, bx(e)));
            }
        }
        Ok(e)
    }

    /// An lvalue after `getline`, if one follows.
    fn getline_target(&mut self) -> Result<Option<Box<Expr>>, PErr> {
        match self.peek() {
            Tok::Name(_) | Tok::P("$") => Ok(Some(bx(self.primary()?))),
            _ => Ok(None),
        }
    }

    fn args(&mut self) -> Result<Vec<Expr>, PErr> {
        self.expect("(")?;
        self.skip_nls();
        if self.eat(")") {
            return Ok(Vec::new());
        }
        let a = self.expr_list()?;
        self.skip_nls();
        self.expect(")")?;
        Ok(a)
    }

    fn primary(&mut self) -> R {
        self.guard()?;
        let line = self.line();
        match self.next() {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Ere(s) => Ok(Expr::Regex(s)),
            Tok::P("(") => {
                self.skip_nls();
                let l = self.expr_list()?;
                self.skip_nls();
                self.expect(")")?;
                if l.len() > 1 {
                    if self.next() != Tok::Kw("in") {
                        self.pos -= 1;
                        return Err(self.err());
                    }
                    let Tok::Name(a) = self.next() else {
                        self.pos -= 1;
                        return Err(self.err());
                    };
                    return Ok(Expr::In(l, self.var(&a)));
                }
                Ok(Expr::Group(bx(l
                    .into_iter()
                    .next()
                    .unwrap_or(Expr::Num(0.0)))))
            }
            Tok::P("$") => {
                let e = match self.peek() {
                    Tok::P("++" | "--" | "-" | "+" | "!") => self.unary_or_incr()?,
                    _ => self.primary()?,
                };
                Ok(Expr::Field(bx(e)))
            }
            Tok::P(p @ ("++" | "--")) => {
                let e = self.primary()?;
                if !is_lvalue(&e) {
                    return Err((format!("syntax error near {p}"), line));
                }
                Ok(Expr::Incr(true, if p == "++" { 1.0 } else { -1.0 }, bx(e)))
            }
            Tok::P("-") => Ok(Expr::Neg(bx(self.primary()?))),
            Tok::Name(n) => {
                let v = self.var(&n);
                if self.eat("[") {
                    self.skip_nls();
                    let idx = self.expr_list()?;
                    self.expect("]")?;
                    return Ok(Expr::Index(v, idx));
                }
                Ok(Expr::Var(v))
            }
            Tok::FuncName(n) => {
                let f = self.func_index(&n, true);
                Ok(Expr::Call(f, self.args()?))
            }
            Tok::Builtin(b) => {
                let f = builtin(&b);
                if f == Builtin::Length && self.peek() != &Tok::P("(") {
                    return Ok(Expr::Builtin(f, Vec::new()));
                }
                let a = self.args()?;
                Ok(Expr::Builtin(f, a))
            }
            Tok::Kw("getline") => {
                let var = self.getline_target()?;
                if self.eat("<") {
                    let f = self.primary()?;
                    return Ok(Expr::Getline(Source::File(bx(f)), var));
                }
                Ok(Expr::Getline(Source::Main, var))
            }
            _ => {
                self.pos -= 1;
                Err(self.err())
            }
        }
    }

    fn unary_or_incr(&mut self) -> R {
        match self.peek() {
            Tok::P("++" | "--") => self.primary(),
            _ => self.unary(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::ast::{Expr, Stmt};
    use super::super::parse::parse;

    /// The expression of a `BEGIN { e }` program.
    fn e(src: &str) -> Expr {
        let p = parse(&format!("BEGIN {{ {src} }}")).unwrap();
        match &p.rules[0].action.as_ref().unwrap()[0] {
            Stmt::Expr(e) => e.clone(),
            s => panic!("{s:?}"),
        }
    }

    #[test]
    fn precedence() {
        use Expr::*;
        assert!(matches!(e("1 + 2 * 3"), Bin(super::Op::Add, _, _)));
        assert!(matches!(e("-2 ^ 2"), Neg(_)));
        assert!(
            matches!(e("2 ^ 3 ^ 2"), Bin(super::Op::Pow, _, r) if matches!(*r, Bin(super::Op::Pow, _, _)))
        );
        assert!(matches!(e("a b < c"), Cmp(_, l, _) if matches!(*l, Concat(..))));
        assert!(matches!(e("a 1 + 2"), Concat(_, r) if matches!(*r, Bin(..))));
        assert!(matches!(e("a = b = 1"), Assign(None, _, r) if matches!(*r, Assign(..))));
        assert!(matches!(e("!a && b"), And(..)));
        assert!(matches!(e("x ~ y || z"), Or(..)));
        assert!(matches!(e("$i++"), Incr(false, _, f) if matches!(*f, Field(_))));
        assert!(matches!(e("(1, 2) in a"), In(v, _) if v.len() == 2));
        assert!(matches!(e("\"cmd\" | getline x"), Getline(..)));
        assert!(matches!(e("a ? b : c ? d : e"), Cond(_, _, r) if matches!(*r, Cond(..))));
        assert!(matches!(e("a - 1"), Bin(super::Op::Sub, _, _)));
    }

    #[test]
    fn errors() {
        for bad in [
            "BEGIN { 1 + }",
            "{ print ( }",
            "BEGIN",
            "function f(a, a) {}",
            "{ f(1) }",
            "BEGIN { break }",
            "{ return }",
            "{ x = }",
            "BEGIN { getline < }",
            "1 +",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        for good in [
            "",
            "{ print $1, $2 > \"f\" }",
            "/a/,/b/",
            "BEGIN { printf(\"%d\\n\", 1) }",
            "function f(a,  b) { return a }\n{ f(1) }",
            "NR==1 { next } ; END { print NR }",
            "{ if (x) print; else print 2 }",
            "{ for (k in a) delete a[k] }",
            "{ print length }",
            "{ a[$1]++ } END { for (k in a) print k, a[k] }",
            "BEGIN { while ((getline l < \"f\") > 0) n++ }",
        ] {
            assert!(parse(good).is_ok(), "{good}: {:?}", parse(good));
        }
    }

    #[test]
    fn never_panics() {
        // Deep nesting and long chains are refused, not a stack overflow.
        for deep in [
            "(".repeat(100_000),
            "!".repeat(100_000),
            "$".repeat(100_000),
            "-".repeat(100_000),
            "{".repeat(100_000),
            format!("{{ x = {}1 }}", "1+".repeat(5000)),
        ] {
            assert!(parse(&format!("BEGIN {{ {deep} }}")).is_err());
        }
        // Random soups of awk tokens: parse returns, whatever it returns.
        let atoms = [
            "(", ")", "{", "}", "[", "]", "$", "!", "-", "+", "*", "/", "x", "1", "\"\\\"", ",",
            ";", "\n", "in", "getline", "<", ">", "|", "print", "if", "else", "for", "while",
            "function", "f(", "length", "~", "/a/", "?", ":", "=", "++", "BEGIN", "delete", "a[1]",
        ];
        let mut seed: u64 = 0x1234_5678;
        for _ in 0..3000 {
            let mut src = String::new();
            for _ in 0..(seed % 12 + 1) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                src.push_str(atoms[(seed >> 33) as usize % atoms.len()]);
                src.push(' ');
            }
            let _ = parse(&src);
        }
    }
}
