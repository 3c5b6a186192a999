//! The parsed form of a sed script: addresses, commands and the `s` replacement pieces,
//! shared by the parser ([`super::sedparse`]) and the executor ([`super::sedexec`]).

use super::re::Re;

/// An address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Addr {
    /// A line number.
    Line(u64),
    /// `$`.
    Last,
    /// `/re/`: an index into [`Script::regexes`], `None` for the empty regex (the last one used).
    Re(Option<usize>),
    /// `first~step`.
    Step(u64, u64),
    /// `0` (only as `0,/re/`).
    Zero,
}

/// The second address of a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Addr2 {
    /// An ordinary address.
    At(Addr),
    /// `+N`.
    Plus(u64),
    /// `~N`.
    Tilde(u64),
}

/// Case conversion in a replacement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `\U`.
    Upper,
    /// `\L`.
    Lower,
    /// `\u`.
    UpperOne,
    /// `\l`.
    LowerOne,
    /// `\E`.
    End,
}

/// A piece of an `s` replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repl {
    /// Literal bytes.
    Lit(Vec<u8>),
    /// `&` (0) or `\1`..`\9`.
    Group(usize),
    /// A case conversion.
    Case(Case),
}

/// An `s` command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subst {
    /// Regex index (`None` = the last regex used).
    pub re: Option<usize>,
    /// The replacement.
    pub repl: Vec<Repl>,
    /// `g`.
    pub global: bool,
    /// `N`: replace from the Nth match (1 by default).
    pub nth: u64,
    /// `p`.
    pub print: bool,
    /// `w file`: index into [`Script::wfiles`].
    pub write: Option<usize>,
}

/// A command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `{`, with the index of its `}`.
    Block(usize),
    /// `}`.
    EndBlock,
    /// `=`.
    LineNo,
    /// `a text`.
    Append(Vec<u8>),
    /// `i text`.
    Insert(Vec<u8>),
    /// `c text`.
    Change(Vec<u8>),
    /// `b`, `t`, `T` with the resolved target (`None` = end of script).
    Branch(char, Option<usize>),
    /// `:label`.
    Label(String),
    /// `d`.
    Delete,
    /// `D`.
    DeleteFirst,
    /// `g`.
    Get,
    /// `G`.
    GetAppend,
    /// `h`.
    Hold,
    /// `H`.
    HoldAppend,
    /// `l [N]`.
    List(Option<usize>),
    /// `n`.
    Next,
    /// `N`.
    NextAppend,
    /// `p`.
    Print,
    /// `P`.
    PrintFirst,
    /// `q [code]`.
    Quit(i32),
    /// `Q [code]`.
    QuitSilent(i32),
    /// `r file`.
    ReadFile(String),
    /// `R file`.
    ReadLine(String),
    /// `s`.
    Subst(Box<Subst>),
    /// `w file` (index into [`Script::wfiles`]).
    Write(usize),
    /// `W file`.
    WriteFirst(usize),
    /// `x`.
    Exchange,
    /// `y/src/dst/` as a byte map.
    Translate(Box<[u8; 256]>),
    /// `z`.
    Zap,
    /// `F`.
    FileName,
    /// `#` comment or `v`: nothing.
    Nop,
}

/// A command with its addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cmd {
    /// First address.
    pub a1: Option<Addr>,
    /// Second address.
    pub a2: Option<Addr2>,
    /// `!`.
    pub negate: bool,
    /// What to do.
    pub kind: Kind,
}

/// A parsed script.
pub struct Script {
    /// Commands in order.
    pub cmds: Vec<Cmd>,
    /// Compiled regexes.
    pub regexes: Vec<Re>,
    /// Files of `w` commands and flags, opened before input is read.
    pub wfiles: Vec<String>,
    /// The script started with `#n` (as `-n`).
    pub quiet: bool,
}
