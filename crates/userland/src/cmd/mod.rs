//! The built-in programs, grouped by concern; each group file registers its programs in a
//! `PROGRAMS` list, and [`ALL`] joins the lists.

use crate::Program;

pub mod basic;
pub mod files;
pub mod system;
pub mod text;
pub mod timefmt;
pub mod users;

/// Every registration list.
pub const ALL: &[&[Program]] = &[
    basic::PROGRAMS,
    files::PROGRAMS,
    text::PROGRAMS,
    system::PROGRAMS,
    crate::sh::PROGRAMS,
];
