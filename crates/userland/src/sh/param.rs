//! Parameter expansion (XCU 2.6.2): `$x`, `${x}`, `${#x}`, the default/assign/error/alternative
//! operators with and without `:`, and prefix/suffix removal — with dash's messages for unset
//! parameters under `set -u`, `${x?}` errors and bad variable names.

use super::ast::{Param, ParamOp};
use super::expand::{Acc, PCtx};
use super::parser::is_name;
use super::pattern::{trim_prefix, trim_suffix};
use super::shell::Shell;
use super::state::Ctl;

impl Shell {
    /// Expand one parameter expansion into `acc`.
    pub async fn expand_param(&mut self, p: &Param, ctx: PCtx, acc: &mut Acc) -> Result<(), Ctl> {
        if p.op == ParamOp::Bad {
            return Err(self.fatal("Bad substitution").await);
        }
        let multi = p.name == "@" || p.name == "*";
        let val = self.param(&p.name);
        let unset_err = |s: &Self| -> bool { val.is_none() && !multi && s.opts.get('u') };
        match p.op {
            ParamOp::Plain => {
                if unset_err(self) {
                    return Err(self.fatal(&format!("{}: parameter not set", p.name)).await);
                }
                self.emit_value(&p.name, val, ctx, acc);
            }
            ParamOp::Len => {
                if unset_err(self) {
                    return Err(self.fatal(&format!("{}: parameter not set", p.name)).await);
                }
                let n = if multi {
                    self.params.len()
                } else {
                    val.map_or(0, |v| v.chars().count())
                };
                acc.exp(&n.to_string(), ctx.quoted);
            }
            ParamOp::Default | ParamOp::Assign | ParamOp::Error | ParamOp::Alt => {
                let set = match &val {
                    None => false,
                    Some(v) => !(p.colon && v.is_empty()),
                };
                let word_ctx = PCtx {
                    quoted: ctx.quoted,
                    lit_is_exp: !ctx.quoted,
                };
                match p.op {
                    ParamOp::Default if !set => self.expand_parts(&p.word, word_ctx, acc).await?,
                    ParamOp::Alt if set => self.expand_parts(&p.word, word_ctx, acc).await?,
                    ParamOp::Alt => {}
                    ParamOp::Assign if !set => {
                        if !is_name(&p.name) {
                            return Err(self
                                .fatal(&format!("{}: bad variable name", p.name))
                                .await);
                        }
                        let mut a = Acc::new(None);
                        self.expand_parts(
                            &p.word,
                            PCtx {
                                quoted: true,
                                lit_is_exp: false,
                            },
                            &mut a,
                        )
                        .await?;
                        let v = a.finish_one().text;
                        if let Err(m) = self.setvar(&p.name, &v) {
                            return Err(self.fatal(&m).await);
                        }
                        acc.exp(&v, ctx.quoted);
                    }
                    ParamOp::Error if !set => {
                        let msg = if p.word.is_empty() {
                            if p.colon {
                                "parameter not set or null".to_string()
                            } else {
                                "parameter not set".to_string()
                            }
                        } else {
                            let mut a = Acc::new(None);
                            self.expand_parts(
                                &p.word,
                                PCtx {
                                    quoted: true,
                                    lit_is_exp: false,
                                },
                                &mut a,
                            )
                            .await?;
                            a.finish_one().text
                        };
                        return Err(self.fatal(&format!("{}: {msg}", p.name)).await);
                    }
                    _ => self.emit_value(&p.name, val, ctx, acc),
                }
            }
            ParamOp::TrimPrefix(long) | ParamOp::TrimSuffix(long) => {
                if unset_err(self) {
                    return Err(self.fatal(&format!("{}: parameter not set", p.name)).await);
                }
                let pat = self
                    .pattern_of(
                        &p.word,
                        PCtx {
                            quoted: false,
                            lit_is_exp: false,
                        },
                    )
                    .await?;
                let trim = |s: &str| {
                    if matches!(p.op, ParamOp::TrimPrefix(_)) {
                        trim_prefix(s, &pat, long)
                    } else {
                        trim_suffix(s, &pat, long)
                    }
                };
                if multi {
                    let vals: Vec<String> = self.params.iter().map(|s| trim(s)).collect();
                    self.emit_list(&p.name, &vals, ctx, acc);
                } else {
                    let v = trim(val.as_deref().unwrap_or(""));
                    acc.exp(&v, ctx.quoted);
                }
            }
            ParamOp::Bad => {}
        }
        Ok(())
    }

    /// Emit a parameter's value (`$@` and `$*` give one word per positional parameter).
    fn emit_value(&mut self, name: &str, val: Option<String>, ctx: PCtx, acc: &mut Acc) {
        if name == "@" || name == "*" {
            let params = self.params.clone();
            self.emit_list(name, &params, ctx, acc);
        } else if let Some(v) = val {
            acc.exp(&v, ctx.quoted);
        }
    }

    fn emit_list(&mut self, name: &str, vals: &[String], ctx: PCtx, acc: &mut Acc) {
        if ctx.quoted && name == "*" {
            let sep = self
                .ifs()
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default();
            acc.quoted(&vals.join(&sep));
            return;
        }
        for (i, v) in vals.iter().enumerate() {
            if i > 0 {
                if ctx.quoted {
                    acc.hard_break()
                } else {
                    acc.soft_break()
                }
            }
            acc.exp(v, ctx.quoted);
        }
    }
}
