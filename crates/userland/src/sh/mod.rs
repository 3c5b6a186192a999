//! The POSIX shell, /bin/sh (behaving like dash).

use crate::Program;

/// Programs of the shell module.
pub const PROGRAMS: &[Program] = &[];
