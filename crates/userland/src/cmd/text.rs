//! Text utilities: grep, sed, sort, head, tail and friends.

use crate::Program;

/// Programs of this file.
pub const PROGRAMS: &[Program] = &[];
