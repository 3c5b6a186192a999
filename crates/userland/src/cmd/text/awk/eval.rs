//! Expression evaluation (XCU awk, "Expressions in awk"): arithmetic on doubles, string
//! concatenation, numeric-or-string comparison, regex matching, lvalues (variables, array
//! elements, fields, NF) with assignment and increment, and user function calls with
//! scalars by value and arrays by reference.

use super::ast::{Builtin, Cmp, Expr, Op, Source, Special, Var};
use super::fields::compile;
use super::interp::{Cell, Flow, Fut, Interp, Loc, MAX_DEPTH, fatal};
use super::re::Re;
use super::value::{Value, compare, num_to_str};
use std::sync::Arc;

/// Most fields a record may be given by assignment.
const MAX_FIELD: f64 = 1_000_000.0;

/// A resolved lvalue.
pub enum LRef {
    /// A variable.
    Var(Var),
    /// An array element.
    Elem(Var, String),
    /// A field, by number.
    Field(usize),
}

impl Interp {
    /// Evaluate an expression.
    #[inline(never)]
    pub fn eval<'a>(&'a mut self, e: &'a Expr) -> Fut<'a, Value> {
        Box::pin(async move {
            if self.stack_base.abs_diff(stack_addr()) > STACK_BUDGET {
                return fatal("expression or function calls nested too deeply");
            }
            Ok(match e {
                Expr::Num(n) => Value::Num(*n),
                Expr::Str(s) => Value::Str(s.clone()),
                Expr::Regex(r) => {
                    let re = self.regex_str(r)?;
                    let ofs = self.special_str(Special::Ofs);
                    bool_val(re.is_match(self.rec.text(&ofs).as_bytes()))
                }
                Expr::Group(e) => self.eval(e).await?,
                Expr::Field(_) | Expr::Var(_) | Expr::Index(..) => {
                    let r = self.lref_boxed(e).await?;
                    self.load(&r)?
                }
                Expr::Assign(op, lv, rhs) => {
                    let r = self.lref_boxed(lv).await?;
                    let v = self.eval(rhs).await?;
                    let v = match op {
                        None => match v {
                            Value::Uninit => Value::Uninit,
                            other => other,
                        },
                        Some(op) => {
                            let cur = self.load(&r)?;
                            Value::Num(arith(*op, cur.num(), v.num())?)
                        }
                    };
                    self.store(&r, v.clone())?;
                    v
                }
                Expr::Cond(c, a, b) => {
                    if self.eval(c).await?.truthy() {
                        self.eval(a).await?
                    } else {
                        self.eval(b).await?
                    }
                }
                Expr::And(a, b) => {
                    bool_val(self.eval(a).await?.truthy() && self.eval(b).await?.truthy())
                }
                Expr::Or(a, b) => {
                    bool_val(self.eval(a).await?.truthy() || self.eval(b).await?.truthy())
                }
                Expr::Not(a) => bool_val(!self.eval(a).await?.truthy()),
                Expr::Neg(a) => Value::Num(-self.eval(a).await?.num()),
                Expr::Plus(a) => Value::Num(self.eval(a).await?.num()),
                Expr::Bin(..) => {
                    // Walk the left spine iteratively: long `1+2+3…` chains must not recurse.
                    let mut rights = Vec::new();
                    let mut cur = e;
                    while let Expr::Bin(op, a, b) = cur {
                        rights.push((*op, &**b));
                        cur = a;
                    }
                    let mut x = self.eval(cur).await?.num();
                    for (op, b) in rights.into_iter().rev() {
                        let y = self.eval(b).await?.num();
                        x = arith(op, x, y)?;
                    }
                    Value::Num(x)
                }
                Expr::Cmp(op, a, b) => {
                    let x = self.eval(a).await?;
                    let y = self.eval(b).await?;
                    let o = compare(&x, &y, &self.convfmt());
                    use std::cmp::Ordering::*;
                    bool_val(match op {
                        Cmp::Lt => o == Less,
                        Cmp::Le => o != Greater,
                        Cmp::Eq => o == Equal,
                        Cmp::Ne => o != Equal,
                        Cmp::Gt => o == Greater,
                        Cmp::Ge => o != Less,
                    })
                }
                Expr::Concat(..) => {
                    let conv = self.convfmt();
                    let mut rights = Vec::new();
                    let mut cur = e;
                    while let Expr::Concat(a, b) = cur {
                        rights.push(&**b);
                        cur = a;
                    }
                    let mut s = self.eval(cur).await?.str(&conv);
                    for b in rights.into_iter().rev() {
                        s.push_str(&self.eval(b).await?.str(&conv));
                    }
                    Value::Str(s)
                }
                Expr::Match(neg, a, b) => {
                    let s = self.eval(a).await?.str(&self.convfmt());
                    let re = self.regex_boxed(b).await?;
                    bool_val(re.is_match(s.as_bytes()) != *neg)
                }
                Expr::In(idx, a) => {
                    let k = self.subscript_boxed(idx).await?;
                    bool_val(self.array(*a)?.contains_key(&k))
                }
                Expr::Incr(pre, d, lv) => {
                    let r = self.lref_boxed(lv).await?;
                    let old = self.load(&r)?.num();
                    self.store(&r, Value::Num(old + d))?;
                    Value::Num(if *pre { old + d } else { old })
                }
                // Boxed (out of line) so their state and locals stay out of every eval frame.
                Expr::Call(f, args) => self.call_boxed(*f, args).await?,
                Expr::Builtin(b, args) => self.builtin_boxed(*b, args).await?,
                Expr::Getline(src, var) => self.getline_boxed(src, var.as_deref()).await?,
            })
        })
    }

    /// [`Interp::call`], boxed out of line: the future is built in a frame of its own, so
    /// its size does not weigh on every level of recursion.
    #[inline(never)]
    fn call_boxed<'a>(&'a mut self, f: usize, args: &'a [Expr]) -> Fut<'a, Value> {
        Box::pin(self.call(f, args))
    }

    /// [`Interp::builtin`], boxed out of line.
    #[inline(never)]
    fn builtin_boxed<'a>(&'a mut self, b: Builtin, args: &'a [Expr]) -> Fut<'a, Value> {
        Box::pin(self.builtin(b, args))
    }

    /// [`Interp::getline`], boxed out of line.
    #[inline(never)]
    fn getline_boxed<'a>(&'a mut self, src: &'a Source, var: Option<&'a Expr>) -> Fut<'a, Value> {
        Box::pin(self.getline(src, var))
    }

    /// [`Interp::lref`], boxed out of line.
    #[inline(never)]
    pub fn lref_boxed<'a>(&'a mut self, e: &'a Expr) -> Fut<'a, LRef> {
        Box::pin(self.lref(e))
    }

    /// [`Interp::regex`], boxed out of line.
    #[inline(never)]
    fn regex_boxed<'a>(&'a mut self, e: &'a Expr) -> Fut<'a, Arc<Re>> {
        Box::pin(self.regex(e))
    }

    /// [`Interp::subscript`], boxed out of line.
    #[inline(never)]
    pub fn subscript_boxed<'a>(&'a mut self, idx: &'a [Expr]) -> Fut<'a, String> {
        Box::pin(self.subscript(idx))
    }

    /// The regex an operand denotes: a literal `/re/` or the string value of an expression.
    pub async fn regex(&mut self, e: &Expr) -> Result<Arc<Re>, Flow> {
        match e {
            Expr::Regex(r) => self.regex_str(r),
            other => {
                let s = self.eval(other).await?.str(&self.convfmt());
                self.regex_str(&s)
            }
        }
    }

    /// Compile (or reuse) the regex `pat`.
    pub fn regex_str(&mut self, pat: &str) -> Result<Arc<Re>, Flow> {
        if let Some(r) = self.regexes.get(pat) {
            return Ok(r.clone());
        }
        let re = Arc::new(compile(pat).map_err(Flow::Err)?);
        if self.regexes.len() > 500 {
            self.regexes.clear();
        }
        self.regexes.insert(pat.to_string(), re.clone());
        Ok(re)
    }

    /// Resolve an lvalue expression (evaluating subscripts and field numbers once).
    pub async fn lref(&mut self, e: &Expr) -> Result<LRef, Flow> {
        match e {
            Expr::Var(v) => Ok(LRef::Var(*v)),
            Expr::Index(v, idx) => Ok(LRef::Elem(*v, self.subscript(idx).await?)),
            Expr::Field(i) => {
                let n = self.eval(i).await?.num();
                if !(0.0..=MAX_FIELD).contains(&n) {
                    return fatal(format!(
                        "trying to access out of range field {}",
                        num_to_str(n, "%.6g")
                    ));
                }
                Ok(LRef::Field(n as usize))
            }
            Expr::Group(e) => Box::pin(self.lref(e)).await,
            _ => fatal("assignment to a non-lvalue"),
        }
    }

    /// Read an lvalue.
    pub fn load(&mut self, r: &LRef) -> Result<Value, Flow> {
        match r {
            LRef::Var(Var::Global(i)) if *i == Special::Nf as usize => {
                self.ensure_split()?;
                Ok(Value::Num(self.rec.fields.len() as f64))
            }
            LRef::Var(v) => {
                let loc = self.loc(*v);
                match self.cell(loc)? {
                    Cell::Val(v) => Ok(v.clone()),
                    Cell::Arr(_) => fatal("can't use array in scalar context"),
                    Cell::Ref(_) => Ok(Value::Uninit),
                }
            }
            LRef::Elem(v, k) => {
                let a = self.array(*v)?;
                Ok(a.entry(k.clone()).or_insert(Value::Uninit).clone())
            }
            LRef::Field(0) => {
                let ofs = self.special_str(Special::Ofs);
                Ok(Value::input(self.rec.text(&ofs).to_string()))
            }
            LRef::Field(i) => {
                self.ensure_split()?;
                Ok(self
                    .rec
                    .fields
                    .get(i - 1)
                    .map_or(Value::Uninit, |f| Value::input(f.clone())))
            }
        }
    }

    /// Assign to an lvalue.
    pub fn store(&mut self, r: &LRef, val: Value) -> Result<(), Flow> {
        match r {
            LRef::Var(Var::Global(i)) if *i == Special::Nf as usize => {
                let n = val.num();
                if !(0.0..=MAX_FIELD).contains(&n) {
                    return fatal("NF set to an out of range value");
                }
                self.ensure_split()?;
                self.rec.fields.resize(n as usize, String::new());
                self.rec.rebuild = true;
                Ok(())
            }
            LRef::Var(v) => {
                let loc = match v {
                    Var::Local(i) => Loc::Local(self.frames.len().saturating_sub(1), *i),
                    Var::Global(i) => Loc::Global(*i),
                };
                let cell = self.cell(loc)?;
                if let Cell::Arr(_) = cell {
                    return fatal("can't assign to an array name");
                }
                *cell = Cell::Val(val);
                Ok(())
            }
            LRef::Elem(v, k) => {
                self.array(*v)?.insert(k.clone(), val);
                Ok(())
            }
            LRef::Field(0) => {
                let s = val.str(&self.convfmt());
                self.rec.set(s);
                Ok(())
            }
            LRef::Field(i) => {
                self.ensure_split()?;
                let s = val.str(&self.convfmt());
                if self.rec.fields.len() < *i {
                    self.rec.fields.resize(*i, String::new());
                }
                self.rec.fields[i - 1] = s;
                self.rec.rebuild = true;
                Ok(())
            }
        }
    }

    /// Call user function `f`.
    async fn call(&mut self, f: usize, args: &[Expr]) -> Result<Value, Flow> {
        let prog = self.prog.clone();
        let Some(func) = prog.funcs.get(f) else {
            return fatal("internal error: bad function");
        };
        // Each level of awk call costs a few KiB of host stack (the futures are nested), so
        // the stack used is bounded as well as the depth: programs share the host's stack.
        if self.frames.len() >= MAX_DEPTH
            || self.stack_base.abs_diff(stack_addr()) > STACK_BUDGET - (64 << 10)
        {
            return fatal(format!("function call nesting too deep in {}", func.name));
        }
        if args.len() > func.nparams {
            return fatal(format!(
                "function {} called with {} args, accepts only {}",
                func.name,
                args.len(),
                func.nparams
            ));
        }
        self.tick().await;
        let mut frame = Vec::with_capacity(func.nparams);
        for a in args {
            let by_ref = match a {
                Expr::Var(v) if *v != Var::Global(Special::Nf as usize) => {
                    let loc = self.loc(*v);
                    match self.cell(loc)? {
                        Cell::Arr(_) | Cell::Val(Value::Uninit) => Some(loc),
                        Cell::Ref(l) => Some(*l),
                        Cell::Val(_) => None,
                    }
                }
                _ => None,
            };
            frame.push(match by_ref {
                Some(l) => Cell::Ref(l),
                None => Cell::Val(self.eval(a).await?),
            });
        }
        frame.resize(func.nparams, Cell::Val(Value::Uninit));
        self.frames.push(frame);
        let r = self.block(&func.body).await;
        self.frames.pop();
        match r {
            Ok(()) => Ok(Value::Uninit),
            Err(Flow::Return(v)) => Ok(v),
            Err(e) => Err(e),
        }
    }
}

/// 1 or 0.
pub fn bool_val(b: bool) -> Value {
    Value::Num(if b { 1.0 } else { 0.0 })
}

/// Arithmetic, with awk's fatal division by zero.
pub fn arith(op: Op, x: f64, y: f64) -> Result<f64, Flow> {
    Ok(match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => x * y,
        Op::Div => {
            if y == 0.0 {
                return fatal("division by zero");
            }
            x / y
        }
        Op::Mod => {
            if y == 0.0 {
                return fatal("division by zero in %");
            }
            x % y
        }
        Op::Pow => x.powf(y),
    })
}

/// Most host stack (bytes) the nesting of evaluation and user function calls may use: the
/// browser's wasm stack is small, native threads have at least 2 MiB.
const STACK_BUDGET: usize = if cfg!(target_arch = "wasm32") {
    384 << 10
} else {
    1 << 20
};

/// Roughly where the host stack is now (the address of a local).
#[inline(never)]
pub fn stack_addr() -> usize {
    let x = 0u8;
    std::hint::black_box(&x) as *const u8 as usize
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic() {
        assert_eq!(arith(Op::Add, 1.0, 2.0).unwrap(), 3.0);
        assert_eq!(arith(Op::Mod, -7.0, 3.0).unwrap(), -1.0);
        assert_eq!(arith(Op::Pow, 2.0, -1.0).unwrap(), 0.5);
        assert!(matches!(arith(Op::Div, 1.0, 0.0), Err(Flow::Err(m)) if m == "division by zero"));
        assert!(matches!(arith(Op::Mod, 1.0, 0.0), Err(Flow::Err(_))));
        assert_eq!(bool_val(true), Value::Num(1.0));
        // An uninitialized value is 0 and "" at once.
        assert_eq!(Value::Uninit.num() + 1.0, 1.0);
        assert_eq!(Value::Uninit.str("%.6g"), "");
    }
}
