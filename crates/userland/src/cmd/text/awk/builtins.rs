//! awk's built-in functions (XCU awk, "Functions"): arithmetic (`sin cos atan2 exp log sqrt
//! int rand srand`), string (`length substr index split sub gsub match sprintf tolower
//! toupper`) and I/O (`close system fflush`). Positions and lengths count characters.

use super::ast::{Builtin, Expr, Special};
use super::interp::{Flow, Interp, fatal};
use super::re::Re;
use super::value::Value;
use super::{eval::bool_val, printf};

/// Characters in the first `n` bytes of `b`.
fn chars_in(b: &[u8], n: usize) -> usize {
    String::from_utf8_lossy(&b[..n.min(b.len())])
        .chars()
        .count()
}

/// Replace the first (or every, when `global`) match of `re` in `s` by `repl`, where `&`
/// is the matched text and `\&` a literal `&`. The result and the number of replacements.
pub fn substitute(re: &Re, s: &str, repl: &str, global: bool) -> (String, usize) {
    let b = s.as_bytes();
    let r = repl.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut n = 0;
    let mut last_end = None;
    while i <= b.len() {
        let Some((ms, me)) = re.find_at(b, i) else {
            break;
        };
        if ms == me && last_end == Some(ms) {
            if ms < b.len() {
                out.extend_from_slice(&b[i..=ms]);
            }
            i = ms + 1;
            continue;
        }
        out.extend_from_slice(&b[i..ms]);
        let mut k = 0;
        while k < r.len() {
            match (r[k], r.get(k + 1)) {
                (b'\\', Some(b'&')) => {
                    out.push(b'&');
                    k += 2;
                }
                (b'\\', Some(b'\\')) => {
                    out.push(b'\\');
                    k += 2;
                }
                (b'&', _) => {
                    out.extend_from_slice(&b[ms..me]);
                    k += 1;
                }
                (c, _) => {
                    out.push(c);
                    k += 1;
                }
            }
        }
        n += 1;
        if ms == me {
            if ms < b.len() {
                out.push(b[ms]);
            }
            i = ms + 1;
        } else {
            i = me;
            last_end = Some(me);
        }
        if !global {
            break;
        }
    }
    if i < b.len() {
        out.extend_from_slice(&b[i..]);
    }
    (String::from_utf8_lossy(&out).into_owned(), n)
}

/// substr(s, m, n) with POSIX's rounding and clipping.
pub fn substr(s: &str, m: f64, n: Option<f64>) -> String {
    let len = s.chars().count() as f64;
    let m = m.round_ties_even();
    let start = m.max(1.0);
    let end = match n {
        Some(n) => (m + n.round_ties_even()).min(len + 1.0),
        None => len + 1.0,
    };
    if end.is_nan() || start.is_nan() || end <= start {
        return String::new();
    }
    s.chars()
        .skip(start as usize - 1)
        .take((end - start) as usize)
        .collect()
}

impl Interp {
    async fn arg(&mut self, args: &[Expr], i: usize) -> Result<Value, Flow> {
        match args.get(i) {
            Some(e) => self.eval(e).await,
            None => Ok(Value::Uninit),
        }
    }

    async fn arg_str(&mut self, args: &[Expr], i: usize) -> Result<String, Flow> {
        let v = self.arg(args, i).await?;
        Ok(v.str(&self.convfmt()))
    }

    async fn arg_num(&mut self, args: &[Expr], i: usize) -> Result<f64, Flow> {
        Ok(self.arg(args, i).await?.num())
    }

    /// Call built-in `b`.
    pub async fn builtin(&mut self, b: Builtin, args: &[Expr]) -> Result<Value, Flow> {
        use Builtin::*;
        let (min, max) = match b {
            Length | Srand | Fflush => (0, 1),
            Rand => (0, 0),
            Substr => (2, 3),
            Index | Atan2 => (2, 2),
            Split => (2, 3),
            Sub | Gsub => (2, 3),
            Match => (2, 2),
            Sprintf => (1, usize::MAX),
            _ => (1, 1),
        };
        if args.len() < min || args.len() > max {
            return fatal(format!("wrong number of arguments to {b:?}").to_lowercase());
        }
        let num = |x: f64| Ok(Value::Num(x));
        match b {
            Length => {
                if let Some(Expr::Var(v)) = args.first() {
                    let loc = self.loc(*v);
                    if let super::interp::Cell::Arr(a) = self.cell(loc)? {
                        return num(a.len() as f64);
                    }
                }
                let s = match args.first() {
                    Some(_) => self.arg_str(args, 0).await?,
                    None => {
                        let ofs = self.special_str(Special::Ofs);
                        self.rec.text(&ofs).to_string()
                    }
                };
                num(s.chars().count() as f64)
            }
            Substr => {
                let s = self.arg_str(args, 0).await?;
                let m = self.arg_num(args, 1).await?;
                let n = match args.get(2) {
                    Some(_) => Some(self.arg_num(args, 2).await?),
                    None => None,
                };
                Ok(Value::Str(substr(&s, m, n)))
            }
            Index => {
                let s = self.arg_str(args, 0).await?;
                let t = self.arg_str(args, 1).await?;
                num(s.find(&t).map_or(0, |k| chars_in(s.as_bytes(), k) + 1) as f64)
            }
            Split => {
                let s = self.arg_str(args, 0).await?;
                let Some(Expr::Var(a)) = args.get(1) else {
                    return fatal("split: second argument is not an array");
                };
                let parts = match args.get(2) {
                    None => {
                        let sp = self.splitter()?;
                        sp.split(&s, false)
                    }
                    Some(Expr::Regex(r)) => {
                        let sp = super::fields::Splitter::Re(
                            super::fields::compile(r).map_err(Flow::Err)?,
                        );
                        sp.split(&s, false)
                    }
                    Some(_) => {
                        let fs = self.arg_str(args, 2).await?;
                        super::fields::Splitter::new(&fs)
                            .map_err(Flow::Err)?
                            .split(&s, false)
                    }
                };
                let arr = self.array(*a)?;
                arr.clear();
                let n = parts.len();
                for (i, p) in parts.into_iter().enumerate() {
                    arr.insert((i + 1).to_string(), Value::input(p));
                }
                num(n as f64)
            }
            Sub | Gsub => {
                let re = self.regex(&args[0]).await?;
                let repl = self.arg_str(args, 1).await?;
                let dollar0 = Expr::Field(Box::new(Expr::Num(0.0)));
                let target = args.get(2).unwrap_or(&dollar0);
                let lv = if super::parse_expr::is_lvalue(target) {
                    Some(self.lref(target).await?)
                } else {
                    None
                };
                let cur = match &lv {
                    Some(l) => self.load(l)?,
                    None => self.eval(target).await?,
                };
                let (out, n) = substitute(&re, &cur.str(&self.convfmt()), &repl, b == Gsub);
                if n > 0
                    && let Some(l) = lv
                {
                    self.store(&l, Value::Str(out))?;
                }
                num(n as f64)
            }
            Match => {
                let s = self.arg_str(args, 0).await?;
                let re = self.regex(&args[1]).await?;
                let (start, len) = match re.find_at(s.as_bytes(), 0) {
                    Some((ms, me)) => {
                        let st = chars_in(s.as_bytes(), ms) + 1;
                        let l = chars_in(s.as_bytes(), me) + 1 - st;
                        (st as f64, l as f64)
                    }
                    None => (0.0, -1.0),
                };
                self.set_special(Special::Rstart, Value::Num(start));
                self.set_special(Special::Rlength, Value::Num(len));
                num(start)
            }
            Sprintf => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.eval(a).await?);
                }
                let conv = self.convfmt();
                let fmt = vals[0].str(&conv);
                Ok(Value::Str(printf::format(&fmt, &vals[1..], &conv)))
            }
            Sin => num(self.arg_num(args, 0).await?.sin()),
            Cos => num(self.arg_num(args, 0).await?.cos()),
            Atan2 => {
                let y = self.arg_num(args, 0).await?;
                let x = self.arg_num(args, 1).await?;
                num(y.atan2(x))
            }
            Exp => num(self.arg_num(args, 0).await?.exp()),
            Log => num(self.arg_num(args, 0).await?.ln()),
            Sqrt => num(self.arg_num(args, 0).await?.sqrt()),
            Int => num(self.arg_num(args, 0).await?.trunc()),
            Rand => {
                // xorshift64*: deterministic for a given seed, as POSIX allows.
                let mut x = self.rand.0;
                x ^= x >> 12;
                x ^= x << 25;
                x ^= x >> 27;
                self.rand.0 = x;
                let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
                num(r as f64 / (1u64 << 53) as f64)
            }
            Srand => {
                let seed = match args.first() {
                    Some(_) => self.arg_num(args, 0).await?,
                    None => match self
                        .sys
                        .clock_gettime(wosix_abi::call::ClockId::Realtime)
                        .await
                    {
                        Ok(t) => t.sec as f64,
                        Err(_) => 0.0,
                    },
                };
                let prev = self.rand.1;
                self.rand = (seed_state(seed), seed);
                num(prev)
            }
            Tolower => Ok(Value::Str(
                self.arg_str(args, 0).await?.to_ascii_lowercase(),
            )),
            Toupper => Ok(Value::Str(
                self.arg_str(args, 0).await?.to_ascii_uppercase(),
            )),
            System => {
                let cmd = self.arg_str(args, 0).await?;
                num(self.system(&cmd).await?)
            }
            Close => {
                let name = self.arg_str(args, 0).await?;
                num(f64::from(self.files.close(&self.sys, &name).await))
            }
            Fflush => {
                let _ = self.out.flush(&self.sys).await;
                self.files.flush_all(&self.sys).await;
                Ok(bool_val(false))
            }
        }
    }
}

/// The random state for seed `s`.
pub fn seed_state(s: f64) -> u64 {
    (s.to_bits() ^ 0x9E37_79B9_7F4A_7C15) | 1
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn subs() {
        let re = super::super::fields::compile("o").unwrap();
        assert_eq!(substitute(&re, "foo boo", "0", true), ("f00 b00".into(), 4));
        assert_eq!(substitute(&re, "foo", "[&]", false), ("f[o]o".into(), 1));
        assert_eq!(substitute(&re, "foo", "\\&", false), ("f&o".into(), 1));
        let e = super::super::fields::compile("x*").unwrap();
        assert_eq!(substitute(&e, "abc", "-", true), ("-a-b-c-".into(), 4));
        let b = super::super::fields::compile("b*").unwrap();
        assert_eq!(substitute(&b, "abc", "-", true).0, "-a-c-");
        let a = super::super::fields::compile("^").unwrap();
        assert_eq!(substitute(&a, "ab", ">", true).0, ">ab");
    }

    #[test]
    fn substrings() {
        assert_eq!(substr("hello", 2.0, Some(3.0)), "ell");
        assert_eq!(substr("hello", 0.0, Some(2.0)), "h");
        assert_eq!(substr("hello", -1.0, None), "hello");
        assert_eq!(substr("hello", 4.0, Some(100.0)), "lo");
        assert_eq!(substr("hello", 1.5, Some(1.0)), "e");
        assert_eq!(substr("hello", 2.5, Some(2.0)), "el");
        assert_eq!(substr("héllo", 2.0, Some(1.0)), "é");
        assert_eq!(substr("hello", 9.0, None), "");
    }
}
