//! Text utilities: grep, sed, sort, head, tail and friends. Each program (or family) lives in
//! its own file under `text/`; this file declares them and registers them in [`PROGRAMS`].

use crate::{Program, program};

pub mod backtrack;
pub mod common;
pub mod cut;
pub mod date;
pub mod diff;
pub mod difflcs;
#[cfg(test)]
mod e2e;
pub mod expr;
pub mod grep;
pub mod head;
pub mod misc;
pub mod re;
pub mod sed;
pub mod sedexec;
pub mod sedparse;
pub mod seq;
pub mod sort;
pub mod sortkey;
pub mod tail;
pub mod tr;
pub mod uniq;
pub mod wc;
pub mod xargs;

/// Programs of this file.
pub const PROGRAMS: &[Program] = &[
    program!("cut", "/usr/bin", cut::cut),
    program!("grep", "/bin", grep::grep),
    program!("date", "/bin", date::date),
    program!("expr", "/usr/bin", expr::expr),
    program!("diff", "/usr/bin", diff::diff),
    program!("egrep", "/bin", grep::egrep),
    program!("fgrep", "/bin", grep::fgrep),
    program!("head", "/usr/bin", head::head),
    program!("tail", "/usr/bin", tail::tail),
    program!("sed", "/bin", sed::sed),
    program!("seq", "/usr/bin", seq::seq),
    program!("sleep", "/bin", misc::sleep),
    program!("sort", "/usr/bin", sort::sort),
    program!("tr", "/usr/bin", tr::tr),
    program!("uniq", "/usr/bin", uniq::uniq),
    program!("wc", "/usr/bin", wc::wc),
    program!("xargs", "/usr/bin", xargs::xargs),
    program!("yes", "/usr/bin", misc::yes),
];
