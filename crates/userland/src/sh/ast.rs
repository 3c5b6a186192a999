//! The shell's syntax tree. Everything derives serde so that a subshell (which is a new
//! process in Wosix — there is no fork) can be handed the command it must run as JSON.

use serde::{Deserialize, Serialize};

/// A sequence of and-or lists separated by `;`, `&` or newlines.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct List {
    /// The items, in order.
    pub items: Vec<Item>,
}

/// One and-or list and whether it runs in the background (`&`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The and-or list.
    pub cmd: AndOr,
    /// Terminated by `&`.
    pub bg: bool,
}

/// `p1 && p2 || p3`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AndOr {
    /// The first pipeline.
    pub first: Pipeline,
    /// The following pipelines with their connectors.
    pub rest: Vec<(Conn, Pipeline)>,
}

/// The connector between pipelines of an and-or list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conn {
    /// `&&`.
    And,
    /// `||`.
    Or,
}

/// `[!] c1 | c2 | …`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// Negated with `!`.
    pub bang: bool,
    /// The commands (at least one).
    pub cmds: Vec<Command>,
}

/// One command of a pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Assignments, words and redirections.
    Simple(Simple),
    /// A compound command with its redirections.
    Compound {
        /// The command.
        body: Compound,
        /// Redirections after it.
        redirs: Vec<Redir>,
        /// Line it starts on.
        line: u32,
    },
    /// `name() body`.
    FuncDef {
        /// Function name.
        name: String,
        /// The body (any command).
        body: Box<Command>,
        /// Line of the definition.
        line: u32,
    },
}

/// A simple command.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Simple {
    /// `NAME=value` prefixes.
    pub assigns: Vec<Assign>,
    /// The command name and arguments.
    pub words: Vec<Word>,
    /// Redirections, in order.
    pub redirs: Vec<Redir>,
    /// Line number.
    pub line: u32,
}

/// `NAME=value`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assign {
    /// Variable name.
    pub name: String,
    /// Value word (tilde-expanded after `=` and `:`).
    pub value: Word,
}

/// Compound commands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Compound {
    /// `{ list; }`.
    Brace(List),
    /// `( list )`.
    Subshell(List),
    /// `if … then … elif … else … fi`.
    If {
        /// Condition/body pairs (`if` and each `elif`).
        arms: Vec<(List, List)>,
        /// The `else` body.
        els: Option<List>,
    },
    /// `while`/`until` loops.
    Loop {
        /// `until` rather than `while`.
        until: bool,
        /// The condition.
        cond: List,
        /// The body.
        body: List,
    },
    /// `for var [in words]; do body; done`.
    For {
        /// Loop variable.
        var: String,
        /// The words; `None` means `"$@"`.
        words: Option<Vec<Word>>,
        /// The body.
        body: List,
    },
    /// `case word in pat|pat) body;; esac`.
    Case {
        /// The subject.
        word: Word,
        /// The arms.
        arms: Vec<CaseArm>,
    },
}

/// One arm of a `case`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseArm {
    /// Patterns separated by `|`.
    pub pats: Vec<Word>,
    /// The body.
    pub body: List,
}

/// A redirection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Redir {
    /// The descriptor redirected.
    pub fd: i32,
    /// What is done.
    pub op: RedirOp,
    /// The target word (file name or descriptor); empty for here-documents.
    pub target: Word,
}

/// Kinds of redirection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RedirOp {
    /// `<`.
    In,
    /// `>`.
    Out,
    /// `>|`.
    Clobber,
    /// `>>`.
    Append,
    /// `<>`.
    InOut,
    /// `<&`.
    DupIn,
    /// `>&`.
    DupOut,
    /// `<<` / `<<-`.
    Here {
        /// `<<-`: leading tabs stripped.
        strip: bool,
        /// Slot filled when the body is read.
        slot: u32,
        /// The body.
        body: HereBody,
    },
}

/// A here-document body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum HereBody {
    /// Quoted delimiter: the text as is.
    Literal(String),
    /// Unquoted delimiter: parameter, command and arithmetic expansion apply.
    Expand(Vec<Part>),
}

/// A word: a sequence of parts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// The parts, in order.
    pub parts: Vec<Part>,
}

/// Part of a word.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Part {
    /// Unquoted literal text.
    Lit(String),
    /// Quoted literal text (single quotes, backslash escapes, double-quoted text).
    Quoted(String),
    /// A double-quoted region.
    DQ(Vec<Part>),
    /// A parameter expansion.
    Param(Box<Param>),
    /// Command substitution `$(…)` or backquotes.
    Cmd(Box<List>),
    /// Arithmetic expansion `$((…))`.
    Arith(Vec<Part>),
}

/// `${name op word}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Parameter name: identifier, digits, or one of `@*#?-$!`.
    pub name: String,
    /// The operation.
    pub op: ParamOp,
    /// With `:` (test for null as well as unset).
    pub colon: bool,
    /// The word operand.
    pub word: Vec<Part>,
}

/// Parameter expansion operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamOp {
    /// `$x`, `${x}`.
    Plain,
    /// `${#x}`.
    Len,
    /// `${x-w}`.
    Default,
    /// `${x=w}`.
    Assign,
    /// `${x?w}`.
    Error,
    /// `${x+w}`.
    Alt,
    /// `${x%w}` (`true`: `%%`).
    TrimSuffix(bool),
    /// `${x#w}` (`true`: `##`).
    TrimPrefix(bool),
    /// A malformed expansion; reported as "Bad substitution" when expanded.
    Bad,
}

impl Word {
    /// A word of one literal.
    pub fn lit(s: &str) -> Word {
        Word {
            parts: vec![Part::Lit(s.to_string())],
        }
    }
    /// The text if the word has no quoting and no expansions.
    pub fn as_plain(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(t) => s.push_str(t),
                _ => return None,
            }
        }
        Some(s)
    }
    /// Whether any part is quoted.
    pub fn has_quotes(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Quoted(_) | Part::DQ(_)))
    }
}
