//! The shell's state: variables (with export/readonly flags and function-local scopes),
//! options, positional parameters, functions, aliases, traps — all plain serde data, since a
//! subshell is a new process that receives a copy of it — plus the control-flow signals
//! (`break`, `return`, `exit`, fatal errors) that unwind execution.

use super::ast::Command;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One shell variable.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Var {
    /// The value; `None` for a variable that is declared (exported/readonly) but unset.
    pub value: Option<String>,
    /// Passed to commands in their environment.
    pub exported: bool,
    /// Cannot be changed or unset.
    pub readonly: bool,
}

/// The variable table with function-local scopes.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Vars {
    /// Current variables.
    pub map: BTreeMap<String, Var>,
    /// For each active function call that used `local`: the saved outer variables.
    pub frames: Vec<Vec<(String, Option<Var>)>>,
}

impl Vars {
    /// The value of a set variable.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.map.get(name).and_then(|v| v.value.as_deref())
    }

    /// Set a value. Fails (returning the message) when read-only.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let v = self.map.entry(name.to_string()).or_default();
        if v.readonly {
            return Err(format!("{name}: is read only"));
        }
        v.value = Some(value.to_string());
        Ok(())
    }

    /// Unset a variable (not read-only ones).
    pub fn unset(&mut self, name: &str) -> Result<(), String> {
        if let Some(v) = self.map.get(name) {
            if v.readonly {
                return Err(format!("{name}: is read only"));
            }
            self.map.remove(name);
        }
        Ok(())
    }

    /// Make `name` local to the innermost function frame.
    pub fn make_local(&mut self, name: &str) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        if frame.iter().any(|(n, _)| n == name) {
            return;
        }
        frame.push((name.to_string(), self.map.get(name).cloned()));
    }

    /// Restore the variables saved by the innermost frame.
    pub fn pop_frame(&mut self) {
        if let Some(frame) = self.frames.pop() {
            for (name, saved) in frame.into_iter().rev() {
                match saved {
                    Some(v) => {
                        self.map.insert(name, v);
                    }
                    None => {
                        self.map.remove(&name);
                    }
                }
            }
        }
    }

    /// `NAME=value` for every exported, set variable.
    pub fn environ(&self) -> Vec<String> {
        self.map
            .iter()
            .filter(|(_, v)| v.exported)
            .filter_map(|(k, v)| v.value.as_ref().map(|val| format!("{k}={val}")))
            .collect()
    }
}

/// Shell options (`set -o`), in dash's order.
pub const OPTION_NAMES: &[(&str, Option<char>)] = &[
    ("errexit", Some('e')),
    ("noglob", Some('f')),
    ("ignoreeof", Some('I')),
    ("interactive", Some('i')),
    ("monitor", Some('m')),
    ("noexec", Some('n')),
    ("stdin", Some('s')),
    ("xtrace", Some('x')),
    ("verbose", Some('v')),
    ("vi", Some('V')),
    ("emacs", Some('E')),
    ("noclobber", Some('C')),
    ("allexport", Some('a')),
    ("notify", Some('b')),
    ("nounset", Some('u')),
    ("privileged", Some('p')),
    ("nolog", None),
    ("debug", None),
];

/// The option flags, indexed like [`OPTION_NAMES`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opts {
    /// One flag per entry of [`OPTION_NAMES`].
    pub on: Vec<bool>,
}

impl Opts {
    /// All options off.
    pub fn new() -> Opts {
        Opts {
            on: vec![false; OPTION_NAMES.len()],
        }
    }
    fn index_of_letter(c: char) -> Option<usize> {
        OPTION_NAMES.iter().position(|(_, l)| *l == Some(c))
    }
    /// The index of a long option name.
    pub fn index_of_name(name: &str) -> Option<usize> {
        OPTION_NAMES.iter().position(|(n, _)| *n == name)
    }
    /// Whether the option with letter `c` is on.
    pub fn get(&self, c: char) -> bool {
        Self::index_of_letter(c)
            .and_then(|i| self.on.get(i).copied())
            .unwrap_or(false)
    }
    /// Set the option with letter `c`; false if there is no such option.
    pub fn set(&mut self, c: char, on: bool) -> bool {
        match Self::index_of_letter(c) {
            Some(i) => {
                self.on[i] = on;
                true
            }
            None => false,
        }
    }
    /// `$-`: the letters of the options that are on (dash lists them in reverse table order).
    pub fn dollar_dash(&self) -> String {
        OPTION_NAMES
            .iter()
            .zip(&self.on)
            .rev()
            .filter_map(|((_, l), on)| if *on { *l } else { None })
            .collect()
    }
}

/// How execution unwinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ctl {
    /// `break n` (levels remaining).
    Break(u32),
    /// `continue n`.
    Continue(u32),
    /// `return` from a function or dot script.
    Return(i32),
    /// `exit` the shell (or subshell).
    Exit(i32),
    /// A fatal shell error already reported: a non-interactive shell exits with the status.
    Error(i32),
}

/// Result of running something: an exit status or an unwinding.
pub type R = Result<i32, Ctl>;

/// The state a subshell inherits (sent to the child process as JSON).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Snapshot {
    /// Variables.
    pub vars: Vars,
    /// Positional parameters.
    pub params: Vec<String>,
    /// `$0`.
    pub arg0: String,
    /// Functions.
    pub funcs: BTreeMap<String, Command>,
    /// Aliases.
    pub aliases: BTreeMap<String, String>,
    /// Options.
    pub opts: Opts,
    /// `$?`.
    pub status: i32,
    /// `$!`.
    pub last_bg: Option<i32>,
    /// `$$`.
    pub pid: i32,
    /// Line number.
    pub lineno: u32,
    /// Traps: signal number (0 = EXIT) to action; a subshell keeps only ignored ones.
    pub traps: BTreeMap<u32, String>,
    /// The command hash table.
    pub hash: BTreeMap<String, String>,
    /// Function nesting (so `return` works in a subshell inside a function).
    pub func_depth: u32,
    /// Loop nesting.
    pub loop_depth: u32,
    /// `set -e` is being ignored (the subshell runs in a tested context).
    pub no_errexit: bool,
}
