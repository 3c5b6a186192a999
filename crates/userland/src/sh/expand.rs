//! Word expansion (XCU 2.6): tilde expansion, parameter expansion, command substitution,
//! arithmetic expansion, field splitting with IFS, pathname expansion and quote removal.
//!
//! Expansion appends text to an [`Acc`], which remembers for every field which characters
//! may still act as pattern characters (unquoted ones) and splits the results of unquoted
//! expansions at IFS characters the way dash's `ifsbreakup` does.

use super::ast::{Part, Word};
use super::pattern::Pattern;
use super::shell::Shell;
use super::state::Ctl;
use std::future::Future;
use std::pin::Pin;

/// A boxed future borrowing the shell.
pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Build a boxed future in a stack frame of its own. Awaiting `boxed(|| Box::pin(f()))`
/// instead of `f()` keeps `f`'s (large) state machine out of the caller's poll frame, so the
/// recursion of functions calling functions costs little native stack per level.
#[inline(never)]
pub fn boxed<'a, T: 'a>(make: impl FnOnce() -> BoxFut<'a, T>) -> BoxFut<'a, T> {
    make()
}

/// `bx!(self.method(args))`: an await-able boxed call made through [`boxed`]. The arguments
/// are evaluated first, in the caller.
#[macro_export]
#[doc(hidden)]
macro_rules! bx {
    ($s:ident . $m:ident ( )) => {{
        let me = &mut *$s;
        $crate::sh::expand::boxed(move || Box::pin(me.$m()))
    }};
    ($s:ident . $m:ident ( $a:expr $(,)? )) => {{
        let a = $a;
        let me = &mut *$s;
        $crate::sh::expand::boxed(move || Box::pin(me.$m(a)))
    }};
    ($s:ident . $m:ident ( $a:expr, $b:expr $(,)? )) => {{
        let (a, b) = ($a, $b);
        let me = &mut *$s;
        $crate::sh::expand::boxed(move || Box::pin(me.$m(a, b)))
    }};
    ($s:ident . $m:ident ( $a:expr, $b:expr, $c:expr $(,)? )) => {{
        let (a, b, c) = ($a, $b, $c);
        let me = &mut *$s;
        $crate::sh::expand::boxed(move || Box::pin(me.$m(a, b, c)))
    }};
    ($s:ident . $m:ident ( $a:expr, $b:expr, $c:expr, $d:expr $(,)? )) => {{
        let (a, b, c, d) = ($a, $b, $c, $d);
        let me = &mut *$s;
        $crate::sh::expand::boxed(move || Box::pin(me.$m(a, b, c, d)))
    }};
}

/// One field being built.
#[derive(Clone, Debug, Default)]
pub struct Field {
    /// The text.
    pub text: String,
    /// Byte offsets of unquoted characters that are special in patterns.
    pub active: Vec<usize>,
    /// Some of the field was quoted (an empty quoted field is kept).
    pub quoted: bool,
}

impl Field {
    fn started(&self) -> bool {
        !self.text.is_empty() || self.quoted
    }
    /// Whether pathname expansion applies (an unquoted `*`, `?` or `[`).
    pub fn has_glob(&self) -> bool {
        self.active
            .iter()
            .any(|&i| matches!(self.text.as_bytes()[i], b'*' | b'?' | b'['))
    }
    /// The text as pattern characters with their "active" flags.
    pub fn pattern_chars(&self) -> Vec<(char, bool)> {
        let mut k = 0;
        self.text
            .char_indices()
            .map(|(i, c)| {
                while k < self.active.len() && self.active[k] < i {
                    k += 1;
                }
                (c, k < self.active.len() && self.active[k] == i)
            })
            .collect()
    }
}

fn is_pat_char(c: char) -> bool {
    matches!(c, '*' | '?' | '[' | ']' | '\\' | '!' | '^' | '-' | ':')
}

/// The accumulator of fields.
pub struct Acc {
    fields: Vec<Field>,
    cur: Field,
    /// IFS when splitting; `None` when the context does not split.
    ifs: Option<String>,
}

impl Acc {
    /// An accumulator; `ifs` is `None` where no field splitting happens.
    pub fn new(ifs: Option<String>) -> Acc {
        Acc {
            fields: Vec::new(),
            cur: Field::default(),
            ifs,
        }
    }

    fn push_active(&mut self, s: &str) {
        let base = self.cur.text.len();
        for (i, c) in s.char_indices() {
            if is_pat_char(c) {
                self.cur.active.push(base + i);
            }
        }
        self.cur.text.push_str(s);
    }

    /// Unquoted literal text (pattern characters active, never split).
    pub fn lit(&mut self, s: &str) {
        self.push_active(s);
    }

    /// Quoted text.
    pub fn quoted(&mut self, s: &str) {
        self.cur.text.push_str(s);
        self.cur.quoted = true;
    }

    /// Mark the current field as containing quotes.
    pub fn mark_quoted(&mut self) {
        self.cur.quoted = true;
    }

    /// The result of an expansion: quoted, or unquoted (split and globbed).
    pub fn exp(&mut self, s: &str, quoted: bool) {
        if quoted {
            self.quoted(s);
            return;
        }
        let Some(ifs) = self.ifs.clone() else {
            self.push_active(s);
            return;
        };
        if ifs.is_empty() {
            self.push_active(s);
            return;
        }
        let is_ws = |c: char| matches!(c, ' ' | '\t' | '\n');
        let chars: Vec<char> = s.chars().collect();
        let mut i = 0;
        let mut run = String::new();
        while i < chars.len() {
            let c = chars[i];
            if !ifs.contains(c) {
                run.push(c);
                i += 1;
                continue;
            }
            if !run.is_empty() {
                let r = std::mem::take(&mut run);
                self.push_active(&r);
            }
            let ws = is_ws(c);
            i += 1;
            if ws && !self.cur.started() {
                continue;
            }
            let f = std::mem::take(&mut self.cur);
            self.fields.push(f);
            let mut ifsspc = ws;
            while i < chars.len() && ifs.contains(chars[i]) {
                if !is_ws(chars[i]) {
                    if ifsspc {
                        ifsspc = false;
                    } else {
                        break;
                    }
                }
                i += 1;
            }
        }
        if !run.is_empty() {
            self.push_active(&run);
        }
    }

    /// A field boundary that is always kept (between the words of `"$@"`).
    pub fn hard_break(&mut self) {
        if self.ifs.is_none() {
            self.cur.text.push(' ');
            return;
        }
        let f = std::mem::take(&mut self.cur);
        self.fields.push(f);
    }

    /// A field boundary that drops an empty field (between the words of unquoted `$@`).
    pub fn soft_break(&mut self) {
        if self.ifs.is_none() {
            self.cur.text.push(' ');
            return;
        }
        if self.cur.started() {
            let f = std::mem::take(&mut self.cur);
            self.fields.push(f);
        }
    }

    /// The finished fields.
    pub fn finish(mut self) -> Vec<Field> {
        if self.cur.started() {
            self.fields.push(self.cur);
        }
        self.fields
    }

    /// Everything as one field (contexts without splitting).
    pub fn finish_one(self) -> Field {
        let mut fs = self.finish();
        if fs.len() <= 1 {
            return fs.pop().unwrap_or_default();
        }
        let mut out = Field::default();
        for (i, f) in fs.into_iter().enumerate() {
            if i > 0 {
                out.text.push(' ');
            }
            let base = out.text.len();
            out.active.extend(f.active.iter().map(|a| a + base));
            out.text.push_str(&f.text);
            out.quoted |= f.quoted;
        }
        out
    }
}

/// How the parts of a word are treated.
#[derive(Clone, Copy, Debug)]
pub struct PCtx {
    /// Inside double quotes.
    pub quoted: bool,
    /// Unquoted literal text counts as expansion output (inside `${x:-word}`).
    pub lit_is_exp: bool,
}

impl Shell {
    /// Expand the parts of a word into `acc`.
    pub fn expand_parts<'a>(
        &'a mut self,
        parts: &'a [Part],
        ctx: PCtx,
        acc: &'a mut Acc,
    ) -> BoxFut<'a, Result<(), Ctl>> {
        Box::pin(async move {
            for p in parts {
                match p {
                    Part::Lit(s) => {
                        if ctx.quoted {
                            acc.quoted(s)
                        } else if ctx.lit_is_exp {
                            acc.exp(s, false)
                        } else {
                            acc.lit(s)
                        }
                    }
                    Part::Quoted(s) => acc.quoted(s),
                    Part::DQ(inner) => {
                        let only_at = inner.iter().all(|p| matches!(p, Part::Param(pe) if pe.name == "@" && pe.op == super::ast::ParamOp::Plain));
                        if !(only_at && !inner.is_empty() && self.params.is_empty()) {
                            acc.mark_quoted();
                        }
                        self.expand_parts(
                            inner,
                            PCtx {
                                quoted: true,
                                lit_is_exp: false,
                            },
                            acc,
                        )
                        .await?;
                    }
                    Part::Param(pe) => self.expand_param(pe, ctx, acc).await?,
                    Part::Cmd(list) => {
                        let out = self.command_subst(list).await?;
                        acc.exp(out.trim_end_matches('\n'), ctx.quoted);
                    }
                    Part::Arith(inner) => {
                        let v = self.arith(inner).await?;
                        acc.exp(&v.to_string(), ctx.quoted);
                    }
                }
            }
            Ok(())
        })
    }

    /// Evaluate `$((…))`.
    pub async fn arith(&mut self, parts: &[Part]) -> Result<i64, Ctl> {
        let mut acc = Acc::new(None);
        self.expand_parts(
            parts,
            PCtx {
                quoted: true,
                lit_is_exp: false,
            },
            &mut acc,
        )
        .await?;
        let text = acc.finish_one().text;
        let mut vars = ArithShell(self);
        match super::arith::eval(&text, &mut vars) {
            Ok(v) => Ok(v),
            Err(super::arith::ArithError::Expr(m)) => Err(self
                .fatal(&format!("arithmetic expression: {m}: \"{text}\""))
                .await),
            Err(super::arith::ArithError::Other(m)) => Err(self.fatal(&m).await),
        }
    }

    /// Expand words into fields, with field splitting and pathname expansion.
    pub async fn expand_words(&mut self, words: &[Word]) -> Result<Vec<String>, Ctl> {
        let mut out = Vec::new();
        for w in words {
            let parts = self.tilde(&w.parts, false).await;
            let mut acc = Acc::new(Some(self.ifs()));
            self.expand_parts(
                &parts,
                PCtx {
                    quoted: false,
                    lit_is_exp: false,
                },
                &mut acc,
            )
            .await?;
            for f in acc.finish() {
                if !self.opts.get('f') && f.has_glob() {
                    let matches = super::glob::glob(&self.sys, &f.pattern_chars()).await;
                    if !matches.is_empty() {
                        out.extend(matches);
                        continue;
                    }
                }
                out.push(f.text);
            }
        }
        Ok(out)
    }

    /// Expand a word to one string: no field splitting, no pathname expansion.
    pub async fn expand_one(&mut self, w: &Word) -> Result<String, Ctl> {
        let parts = self.tilde(&w.parts, false).await;
        let mut acc = Acc::new(None);
        self.expand_parts(
            &parts,
            PCtx {
                quoted: false,
                lit_is_exp: false,
            },
            &mut acc,
        )
        .await?;
        Ok(acc.finish_one().text)
    }

    /// Expand the value of an assignment (tilde expansion after `=` and each `:`).
    pub async fn expand_assign(&mut self, w: &Word) -> Result<String, Ctl> {
        let parts = self.tilde(&w.parts, true).await;
        let mut acc = Acc::new(None);
        self.expand_parts(
            &parts,
            PCtx {
                quoted: false,
                lit_is_exp: false,
            },
            &mut acc,
        )
        .await?;
        Ok(acc.finish_one().text)
    }

    /// Expand a word into a pattern (quoted characters match literally).
    pub async fn expand_pattern(&mut self, w: &Word) -> Result<Pattern, Ctl> {
        let parts = self.tilde(&w.parts, false).await;
        self.pattern_of(
            &parts,
            PCtx {
                quoted: false,
                lit_is_exp: false,
            },
        )
        .await
    }

    /// A pattern from parts in a context.
    pub async fn pattern_of(&mut self, parts: &[Part], ctx: PCtx) -> Result<Pattern, Ctl> {
        let mut acc = Acc::new(None);
        self.expand_parts(parts, ctx, &mut acc).await?;
        Ok(Pattern::new(&acc.finish_one().pattern_chars()))
    }

    /// Expand parts as if double-quoted (here-document bodies).
    pub async fn expand_quoted(&mut self, parts: &[Part]) -> Result<String, Ctl> {
        let mut acc = Acc::new(None);
        self.expand_parts(
            parts,
            PCtx {
                quoted: true,
                lit_is_exp: false,
            },
            &mut acc,
        )
        .await?;
        Ok(acc.finish_one().text)
    }

    /// Tilde expansion on the leading literal (and, in assignments, after each `:`).
    async fn tilde(&mut self, parts: &[Part], assign: bool) -> Vec<Part> {
        let first_tilde = matches!(parts.first(), Some(Part::Lit(s)) if s.starts_with('~'));
        let in_assign = assign
            && parts
                .iter()
                .any(|p| matches!(p, Part::Lit(s) if s.contains(":~")));
        if !first_tilde && !in_assign {
            return parts.to_vec();
        }
        let mut out = Vec::new();
        for (idx, p) in parts.iter().enumerate() {
            let Part::Lit(s) = p else {
                out.push(p.clone());
                continue;
            };
            let last = idx + 1 == parts.len();
            let mut segs: Vec<&str> = if assign {
                s.split(':').collect()
            } else {
                vec![s.as_str()]
            };
            if !assign {
                segs.truncate(1);
            }
            let nseg = segs.len();
            for (k, seg) in segs.into_iter().enumerate() {
                if k > 0 {
                    out.push(Part::Lit(":".into()));
                }
                let eligible = (k > 0 || idx == 0) && seg.starts_with('~');
                let end = seg.find('/').unwrap_or(seg.len());
                let terminated = end < seg.len() || k + 1 < nseg || last;
                if eligible && terminated {
                    let user = &seg[1..end];
                    if let Some(home) = self.home_of(user).await {
                        out.push(Part::Quoted(home));
                        if end < seg.len() {
                            out.push(Part::Lit(seg[end..].to_string()));
                        }
                        continue;
                    }
                }
                out.push(Part::Lit(seg.to_string()));
            }
        }
        out
    }

    /// The home directory for `~` (empty user: `$HOME`) or `~user`.
    pub async fn home_of(&mut self, user: &str) -> Option<String> {
        if user.is_empty() {
            return self.var("HOME").map(str::to_string);
        }
        let data = read_small(&self.sys, "/etc/passwd").await?;
        data.lines().find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.len() >= 6 && f[0] == user).then(|| f[5].to_string())
        })
    }
}

/// Read a whole (small) file as text.
pub async fn read_small(sys: &wosix_runtime::Sys, path: &str) -> Option<String> {
    let fd = sys
        .open(
            path,
            wosix_abi::OFlags::RDONLY | wosix_abi::OFlags::CLOEXEC,
            0,
        )
        .await
        .ok()?;
    let r = sys.read_to_end(fd).await;
    let _ = sys.close(fd).await;
    r.ok().map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Variable access for arithmetic.
struct ArithShell<'a>(&'a mut Shell);

impl super::arith::ArithVars for ArithShell<'_> {
    fn get(&self, name: &str) -> Option<String> {
        self.0.var(name).map(str::to_string)
    }
    fn set(&mut self, name: &str, value: i64) -> Result<(), String> {
        self.0.setvar(name, &value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(ifs: &str, pieces: &[(&str, u8)]) -> Vec<String> {
        let mut a = Acc::new(Some(ifs.to_string()));
        for (s, kind) in pieces {
            match kind {
                0 => a.lit(s),
                1 => a.quoted(s),
                _ => a.exp(s, false),
            }
        }
        a.finish().into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn ifs_splitting() {
        let d = " \t\n";
        assert_eq!(
            split(d, &[("a", 0), (" 1  2 ", 2), ("b", 0)]),
            ["a", "1", "2", "b"]
        );
        assert_eq!(split(d, &[("", 1), (" a ", 2)]), ["", "a"]);
        assert_eq!(split(d, &[("a ", 2), ("", 1)]), ["a", ""]);
        assert_eq!(split(":", &[(":b", 2)]), ["", "b"]);
        assert_eq!(split(":", &[("b:", 2)]), ["b"]);
        assert_eq!(split(": ", &[("a : b", 2)]), ["a", "b"]);
        assert_eq!(split(": ", &[("a :: b", 2)]), ["a", "", "b"]);
        assert_eq!(split(d, &[("  ", 2)]), Vec::<String>::new());
        assert_eq!(split("", &[("a b", 2)]), ["a b"]);
        assert_eq!(split(d, &[("*", 0)]), ["*"]);
    }

    #[test]
    fn active_chars() {
        let mut a = Acc::new(None);
        a.lit("*");
        a.quoted("?");
        a.exp("[x]", false);
        let f = a.finish_one();
        assert_eq!(
            f.pattern_chars(),
            vec![
                ('*', true),
                ('?', false),
                ('[', true),
                ('x', false),
                (']', true)
            ]
        );
        assert!(f.has_glob());
    }
}
