//! File utilities: ls, cp, mv, rm, chmod, find and friends.

use crate::Program;

/// Programs of this file.
pub const PROGRAMS: &[Program] = &[];
