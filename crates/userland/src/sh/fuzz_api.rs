//! An entry point for fuzzing the parser: parse arbitrary text, never panic.

use super::parser::{Aliases, Parser};

/// Parse `src` completely (as a `-c` string would be), discarding the result.
pub fn parse_for_fuzz(src: &str) {
    let chars: Vec<char> = src.chars().collect();
    let mut aliases = Aliases::new();
    aliases.insert("ll".into(), "ls -l ".into());
    let mut p = Parser::new(&chars, 1, true, &aliases);
    let _ = p.parse_all();
    let mut p = Parser::new(&chars, 1, false, &aliases);
    let _ = p.parse_one();
}
