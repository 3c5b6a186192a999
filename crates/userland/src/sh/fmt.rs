//! Turning syntax trees back into shell text, as dash's `cmdtxt` does for job listings
//! (`[1]+  Running    sleep 100 &`) and as tests use to check what the parser built.

use super::ast::*;

/// Render a list.
pub fn list(l: &List) -> String {
    let mut out = String::new();
    for (i, it) in l.items.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&and_or(&it.cmd));
        if it.bg {
            out.push_str(" &");
        }
    }
    out
}

/// Render an and-or list.
pub fn and_or(a: &AndOr) -> String {
    let mut out = pipeline(&a.first);
    for (c, p) in &a.rest {
        out.push_str(if *c == Conn::And { " && " } else { " || " });
        out.push_str(&pipeline(p));
    }
    out
}

/// Render a pipeline.
pub fn pipeline(p: &Pipeline) -> String {
    let cmds: Vec<String> = p.cmds.iter().map(command).collect();
    let s = cmds.join(" | ");
    if p.bang { format!("! {s}") } else { s }
}

fn body(l: &List) -> String {
    let s = list(l);
    if l.items.last().is_some_and(|i| i.bg) {
        format!("{s} ")
    } else {
        format!("{s}; ")
    }
}

/// Render one command.
pub fn command(c: &Command) -> String {
    match c {
        Command::Simple(s) => {
            let mut v: Vec<String> = Vec::new();
            for a in &s.assigns {
                v.push(format!("{}={}", a.name, word(&a.value)));
            }
            v.extend(s.words.iter().map(word));
            v.extend(s.redirs.iter().map(redir));
            v.join(" ")
        }
        Command::Compound {
            body: b, redirs, ..
        } => {
            let mut s = compound(b);
            for r in redirs {
                s.push(' ');
                s.push_str(&redir(r));
            }
            s
        }
        Command::FuncDef { name, body, .. } => format!("{name}() {}", command(body)),
    }
}

fn compound(c: &Compound) -> String {
    match c {
        Compound::Brace(l) => format!("{{ {}}}", body(l)),
        Compound::Subshell(l) => format!("({})", list(l)),
        Compound::If { arms, els } => {
            let mut s = String::new();
            for (i, (c, b)) in arms.iter().enumerate() {
                s.push_str(if i == 0 { "if " } else { "elif " });
                s.push_str(&body(c));
                s.push_str("then ");
                s.push_str(&body(b));
            }
            if let Some(e) = els {
                s.push_str("else ");
                s.push_str(&body(e));
            }
            s.push_str("fi");
            s
        }
        Compound::Loop {
            until,
            cond,
            body: b,
        } => {
            format!(
                "{} {}do {}done",
                if *until { "until" } else { "while" },
                body(cond),
                body(b)
            )
        }
        Compound::For {
            var,
            words,
            body: b,
        } => match words {
            Some(ws) => {
                let w: Vec<String> = ws.iter().map(word).collect();
                format!("for {var} in {}; do {}done", w.join(" "), body(b))
            }
            None => format!("for {var}; do {}done", body(b)),
        },
        Compound::Case { word: w, arms } => {
            let mut s = format!("case {} in ", word(w));
            for a in arms {
                let p: Vec<String> = a.pats.iter().map(word).collect();
                s.push_str(&format!("{}) {};; ", p.join(" | "), list(&a.body)));
            }
            s.push_str("esac");
            s
        }
    }
}

/// Render a redirection.
pub fn redir(r: &Redir) -> String {
    let (op, dflt) = match &r.op {
        RedirOp::In => ("<", 0),
        RedirOp::Out => (">", 1),
        RedirOp::Clobber => (">|", 1),
        RedirOp::Append => (">>", 1),
        RedirOp::InOut => ("<>", 0),
        RedirOp::DupIn => ("<&", 0),
        RedirOp::DupOut => (">&", 1),
        RedirOp::Here { strip, .. } => (if *strip { "<<-" } else { "<<" }, 0),
    };
    let fd = if r.fd == dflt {
        String::new()
    } else {
        r.fd.to_string()
    };
    if let RedirOp::Here { .. } = r.op {
        return format!("{fd}{op}...");
    }
    format!("{fd}{op}{}", word(&r.target))
}

/// Render a word with its quoting.
pub fn word(w: &Word) -> String {
    parts(&w.parts, false)
}

fn parts(ps: &[Part], in_dq: bool) -> String {
    let mut s = String::new();
    for p in ps {
        match p {
            Part::Lit(t) => s.push_str(t),
            Part::Quoted(t) if in_dq => s.push_str(t),
            Part::Quoted(t) => {
                if t.contains('\'') {
                    for c in t.chars() {
                        s.push('\\');
                        s.push(c);
                    }
                } else {
                    s.push('\'');
                    s.push_str(t);
                    s.push('\'');
                }
            }
            Part::DQ(inner) => {
                s.push('"');
                s.push_str(&parts(inner, true));
                s.push('"');
            }
            Part::Param(pe) => s.push_str(&param(pe)),
            Part::Cmd(l) => s.push_str(&format!("$({})", list(l))),
            Part::Arith(inner) => s.push_str(&format!("$(({}))", parts(inner, true))),
        }
    }
    s
}

fn param(p: &Param) -> String {
    let c = if p.colon { ":" } else { "" };
    let w = parts(&p.word, false);
    match p.op {
        ParamOp::Plain => format!("${{{}}}", p.name),
        ParamOp::Len => format!("${{#{}}}", p.name),
        ParamOp::Default => format!("${{{}{c}-{w}}}", p.name),
        ParamOp::Assign => format!("${{{}{c}={w}}}", p.name),
        ParamOp::Error => format!("${{{}{c}?{w}}}", p.name),
        ParamOp::Alt => format!("${{{}{c}+{w}}}", p.name),
        ParamOp::TrimSuffix(l) => format!("${{{}{}{w}}}", p.name, if l { "%%" } else { "%" }),
        ParamOp::TrimPrefix(l) => format!("${{{}{}{w}}}", p.name, if l { "##" } else { "#" }),
        ParamOp::Bad => format!("${{{}...}}", p.name),
    }
}
