//! Text utilities: grep, sed, sort, head, tail and friends. Each program (or family) lives in
//! its own file under `text/`; this file declares them and registers them in [`PROGRAMS`].

use crate::{Program, program};

pub mod awk;
pub mod backtrack;
pub mod base64;
pub mod cmp;
pub mod columns;
pub mod common;
pub mod cut;
pub mod date;
pub mod diff;
pub mod difflcs;
#[cfg(test)]
mod e2e;
#[cfg(test)]
mod e2e_awk;
#[cfg(test)]
mod e2e_awk_edge;
#[cfg(test)]
mod e2e_awk_more;
#[cfg(test)]
mod e2e_edge;
#[cfg(test)]
mod e2e_edit;
#[cfg(test)]
mod e2e_misc;
#[cfg(test)]
mod e2e_pager;
#[cfg(test)]
mod e2e_pipes;
#[cfg(test)]
mod e2e_search;
#[cfg(test)]
mod e2e_sort;
#[cfg(test)]
mod e2e_utils;
pub mod expr;
pub mod grep;
pub mod grepsearch;
pub mod head;
pub mod lines;
pub mod misc;
pub mod nl;
pub mod od;
pub mod pager;
pub mod re;
pub mod relong;
pub mod reparse;
pub mod sed;
pub mod sedast;
pub mod sedexec;
pub mod sedparse;
pub mod seq;
pub mod sort;
pub mod sortkey;
pub mod sums;
pub mod tail;
pub mod tr;
pub mod uniq;
pub mod wc;
pub mod xargs;

/// Programs of this file.
pub const PROGRAMS: &[Program] = &[
    program!("awk", "/usr/bin", awk::awk),
    program!("base64", "/usr/bin", base64::base64),
    program!("cksum", "/usr/bin", sums::cksum),
    program!("cmp", "/usr/bin", cmp::cmp),
    program!("comm", "/usr/bin", columns::comm),
    program!("cut", "/usr/bin", cut::cut),
    program!("date", "/bin", date::date),
    program!("diff", "/usr/bin", diff::diff),
    program!("egrep", "/bin", grep::egrep),
    program!("expr", "/usr/bin", expr::expr),
    program!("fgrep", "/bin", grep::fgrep),
    program!("fold", "/usr/bin", lines::fold),
    program!("grep", "/bin", grep::grep),
    program!("head", "/usr/bin", head::head),
    program!("less", "/usr/bin", pager::less),
    program!("md5sum", "/usr/bin", sums::digest),
    program!("more", "/bin", pager::more),
    program!("nl", "/usr/bin", nl::nl),
    program!("od", "/usr/bin", od::od),
    program!("paste", "/usr/bin", columns::paste),
    program!("rev", "/usr/bin", lines::rev),
    program!("sed", "/bin", sed::sed),
    program!("seq", "/usr/bin", seq::seq),
    program!("sha1sum", "/usr/bin", sums::digest),
    program!("sha224sum", "/usr/bin", sums::digest),
    program!("sha256sum", "/usr/bin", sums::digest),
    program!("sha384sum", "/usr/bin", sums::digest),
    program!("sha512sum", "/usr/bin", sums::digest),
    program!("sleep", "/bin", misc::sleep),
    program!("sort", "/usr/bin", sort::sort),
    program!("tac", "/usr/bin", lines::tac),
    program!("tail", "/usr/bin", tail::tail),
    program!("tr", "/usr/bin", tr::tr),
    program!("uniq", "/usr/bin", uniq::uniq),
    program!("wc", "/usr/bin", wc::wc),
    program!("xargs", "/usr/bin", xargs::xargs),
    program!("yes", "/usr/bin", misc::yes),
];
