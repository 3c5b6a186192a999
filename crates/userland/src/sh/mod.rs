//! The POSIX shell, /bin/sh (behaving like dash).

use crate::Program;

pub mod arith;
pub mod ast;
pub mod lexer;
pub mod parser;
pub mod pattern;
pub mod walk;

/// Programs of the shell module.
pub const PROGRAMS: &[Program] = &[];
pub mod fmt;

#[cfg(test)]
mod parser_tests;
