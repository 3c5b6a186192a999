//! System utilities: ps, kill, id, su, passwd, stty and friends.

use crate::Program;

/// Programs of this file.
pub const PROGRAMS: &[Program] = &[];
