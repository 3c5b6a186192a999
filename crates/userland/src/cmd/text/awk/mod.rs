//! awk(1), the POSIX pattern scanning and processing language
//! (<https://pubs.opengroup.org/onlinepubs/9699919799/utilities/awk.html>).
//!
//! This file holds the command line (`-F`, `-v`, `-f`, `--`, program text, operands) and
//! the setup of the special variables; the language itself is split by concern: lexer,
//! parser to an AST, interpreter, values and printf, built-ins, fields and I/O.

pub mod ast;
pub mod builtins;
pub mod eval;
pub mod fields;
pub mod interp;
pub mod io;
pub mod lexer;
pub mod parse;
pub mod parse_expr;
pub mod printf;
pub mod value;

use super::re;
use crate::Ctx;
use ast::{Special, Var};
use interp::{Array, Cell, Interp};
use std::collections::HashMap;
use std::sync::Arc;
use value::Value;

const USAGE: &str = "usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n";

const HELP: &str = "Usage: awk [-F sepstring] [-v assignment]... program [argument...]
   or: awk [-F sepstring] -f progfile [-f progfile]... [-v assignment]... [argument...]
Scan each input file (standard input when there is none, or for -) for records
matching the patterns of the program, and run their actions (POSIX awk).

  -F sepstring    use sepstring as the input field separator (FS)
  -v var=value    assign value to var before the program starts
  -f progfile     read the program from progfile (may be repeated)
      --help      display this help and exit
      --version   output version information and exit

An argument of the form var=value assigns when it is reached among the files.
";

/// Process awk's escapes in a command-line assignment value or -F value.
pub fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            let (c, n) = lexer::escape(&b[i + 1..]);
            match c {
                Some(c) => out.push(c),
                None => {
                    out.push(b'\\');
                    out.push(b[i + 1]);
                }
            }
            i += 1 + n;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Split an operand of the form `name=value` (name a valid identifier, not a keyword).
pub fn assignment(arg: &str) -> Option<(String, String)> {
    let (name, val) = arg.split_once('=')?;
    let mut cs = name.chars();
    let first = cs.next()?;
    if !(first.is_ascii_alphabetic() || first == '_')
        || !cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
        || lexer::BUILTINS.contains(&name)
    {
        return None;
    }
    Some((name.to_string(), val.to_string()))
}

/// Perform a command-line assignment (escapes processed, value a strnum if numeric).
pub fn assign_var(it: &mut Interp, name: &str, val: &str) {
    let Some(slot) = it.prog.globals.iter().position(|g| g == name) else {
        return;
    };
    let v = Value::input(unescape(val));
    if slot == Special::Nf as usize {
        let _ = it.store(&eval::LRef::Var(Var::Global(slot)), v);
    } else if let Some(c) = it.globals.get_mut(slot)
        && !matches!(c, Cell::Arr(_))
    {
        *c = Cell::Val(v);
    }
}

/// Report a syntax error in the onetrue-awk style: status 2.
fn syntax_error(ctx: &mut Ctx, src: &str, msg: &str, line: usize) -> i32 {
    let text = src.lines().nth(line.saturating_sub(1)).unwrap_or("");
    ctx.err.str(&format!(
        "awk: syntax error at source line {line}\n context is\n\t{text}\n"
    ));
    if msg != "syntax error" {
        ctx.err.str(&format!("awk: {msg}\n"));
    }
    2
}

/// awk(1).
pub async fn awk(ctx: &mut Ctx) -> i32 {
    let argv = ctx.argv.clone();
    match argv.get(1).map(String::as_str) {
        Some("--help") => return super::common::help(ctx, HELP),
        Some("--version") => return super::common::version(ctx),
        _ => {}
    }
    let mut fs: Option<String> = None;
    let mut assigns = Vec::new();
    let mut progfiles = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        if a == "--" {
            i += 1;
            break;
        }
        if a == "-" || !a.starts_with('-') {
            break;
        }
        let Some((opt, rest)) = a.get(..2).zip(a.get(2..)) else {
            ctx.err.str(&format!("awk: unknown option {a}\n{USAGE}"));
            return 2;
        };
        let val = if !rest.is_empty() {
            rest.to_string()
        } else if i + 1 < argv.len() && matches!(opt, "-F" | "-v" | "-f") {
            i += 1;
            argv[i].clone()
        } else {
            ctx.err
                .str(&format!("awk: option {opt} requires an argument\n{USAGE}"));
            return 2;
        };
        match opt {
            "-F" => {
                fs = Some(if val == "t" {
                    "\t".into()
                } else {
                    unescape(&val)
                })
            }
            "-v" => match assignment(&val) {
                Some(kv) => assigns.push(kv),
                None => {
                    ctx.err.str(&format!("awk: invalid -v argument: {val}\n"));
                    return 2;
                }
            },
            "-f" => progfiles.push(val),
            _ => {
                ctx.err.str(&format!("awk: unknown option {a}\n{USAGE}"));
                return 2;
            }
        }
        i += 1;
    }
    let src = if progfiles.is_empty() {
        let Some(p) = argv.get(i) else {
            ctx.err.str(USAGE);
            return 2;
        };
        i += 1;
        p.clone()
    } else {
        let mut s = String::new();
        for f in &progfiles {
            match super::common::read_path(&ctx.sys, f).await {
                Ok(b) => {
                    s.push_str(&String::from_utf8_lossy(&b));
                    s.push('\n');
                }
                Err(e) => {
                    ctx.err
                        .str(&format!("awk: can't open file {f} ({})\n", e.message()));
                    return 2;
                }
            }
        }
        s
    };
    let prog = match parse::parse(&src) {
        Ok(p) => p,
        Err((msg, line)) => return syntax_error(ctx, &src, &msg, line),
    };
    let operands = &argv[i..];
    let mut globals = vec![Cell::Val(Value::Uninit); prog.globals.len()];
    let s = |x: &str| Cell::Val(Value::Str(x.into()));
    globals[Special::Fs as usize] = s(" ");
    globals[Special::Ofs as usize] = s(" ");
    globals[Special::Ors as usize] = s("\n");
    globals[Special::Rs as usize] = s("\n");
    globals[Special::Subsep as usize] = s("\x1c");
    globals[Special::Convfmt as usize] = s("%.6g");
    globals[Special::Ofmt as usize] = s("%.6g");
    globals[Special::Filename as usize] = s("");
    for k in [Special::Nr, Special::Fnr, Special::Rstart] {
        globals[k as usize] = Cell::Val(Value::Num(0.0));
    }
    globals[Special::Rlength as usize] = Cell::Val(Value::Num(-1.0));
    let env: Array = ctx
        .env
        .iter()
        .map(|(k, v)| (k.clone(), Value::input(v.clone())))
        .collect();
    globals[Special::Environ as usize] = Cell::Arr(env);
    let mut av = Array::new();
    av.insert("0".into(), Value::Str("awk".into()));
    for (k, o) in operands.iter().enumerate() {
        av.insert((k + 1).to_string(), Value::input(o.clone()));
    }
    globals[Special::Argv as usize] = Cell::Arr(av);
    globals[Special::Argc as usize] = Cell::Val(Value::Num((operands.len() + 1) as f64));
    let ranges = vec![false; prog.ranges];
    let sys = ctx.sys.clone();
    let mut it = Interp {
        prog: Arc::new(prog),
        globals,
        frames: Vec::new(),
        rec: Default::default(),
        splitter: (" ".into(), Arc::new(fields::Splitter::Blank)),
        regexes: HashMap::new(),
        sys,
        out: std::mem::replace(&mut ctx.out, crate::Out::new(wosix_abi::Fd::STDOUT)),
        err: std::mem::replace(&mut ctx.err, crate::Out::new(wosix_abi::Fd::STDERR)),
        envp: ctx.envp(),
        files: Default::default(),
        main: Default::default(),
        ranges,
        rand: (builtins::seed_state(0.0), 0.0),
        status: 0,
        stack_base: 0,
        ticks: 0,
    };
    if let Some(f) = fs {
        it.set_special(Special::Fs, Value::Str(f));
    }
    for (k, v) in &assigns {
        assign_var(&mut it, k, v);
    }
    let status = it.run().await;
    ctx.out = it.out;
    ctx.err = it.err;
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operands() {
        assert_eq!(assignment("x=1"), Some(("x".into(), "1".into())));
        assert_eq!(assignment("_a2=b=c"), Some(("_a2".into(), "b=c".into())));
        assert_eq!(assignment("1x=1"), None);
        assert_eq!(assignment("a.b=1"), None);
        assert_eq!(assignment("file"), None);
        assert_eq!(unescape("a\\tb\\\\c\\q"), "a\tb\\c\\q");
    }
}
