//! Walking the syntax tree: visiting every redirection of a command list (used to attach
//! here-document bodies once they have been read).

use super::ast::*;

/// Call `f` on every redirection of `list`, nested compound commands and function bodies
/// included (command substitutions inside words are not visited: they attach their own).
pub fn for_each_redir(list: &mut List, f: &mut dyn FnMut(&mut Redir)) {
    for item in &mut list.items {
        let ao = &mut item.cmd;
        pipeline(&mut ao.first, f);
        for (_, p) in &mut ao.rest {
            pipeline(p, f);
        }
    }
}

fn pipeline(p: &mut Pipeline, f: &mut dyn FnMut(&mut Redir)) {
    for c in &mut p.cmds {
        command(c, f);
    }
}

fn command(c: &mut Command, f: &mut dyn FnMut(&mut Redir)) {
    match c {
        Command::Simple(s) => s.redirs.iter_mut().for_each(&mut *f),
        Command::Compound { body, redirs, .. } => {
            match body {
                Compound::Brace(l) | Compound::Subshell(l) => for_each_redir(l, f),
                Compound::If { arms, els } => {
                    for (c, b) in arms {
                        for_each_redir(c, f);
                        for_each_redir(b, f);
                    }
                    if let Some(e) = els {
                        for_each_redir(e, f);
                    }
                }
                Compound::Loop { cond, body, .. } => {
                    for_each_redir(cond, f);
                    for_each_redir(body, f);
                }
                Compound::For { body, .. } => for_each_redir(body, f),
                Compound::Case { arms, .. } => {
                    arms.iter_mut().for_each(|a| for_each_redir(&mut a.body, f))
                }
            }
            redirs.iter_mut().for_each(&mut *f);
        }
        Command::FuncDef { body, .. } => command(body, f),
    }
}
