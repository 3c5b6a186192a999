//! The syntax tree a parsed awk program becomes (XCU awk, "Grammar"): rules of pattern and
//! action, function definitions, statements and expressions, with variables already
//! resolved to global or local slots so the interpreter never looks names up.

/// Where a variable lives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Var {
    /// A global, by slot (the special variables come first, see [`Special`]).
    Global(usize),
    /// A function parameter or local, by position.
    Local(usize),
}

/// Slots of the special variables among the globals, in the order of [`SPECIALS`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Special {
    /// NR
    Nr,
    /// FNR
    Fnr,
    /// NF
    Nf,
    /// FS
    Fs,
    /// OFS
    Ofs,
    /// ORS
    Ors,
    /// RS
    Rs,
    /// FILENAME
    Filename,
    /// SUBSEP
    Subsep,
    /// CONVFMT
    Convfmt,
    /// OFMT
    Ofmt,
    /// RSTART
    Rstart,
    /// RLENGTH
    Rlength,
    /// ENVIRON
    Environ,
    /// ARGC
    Argc,
    /// ARGV
    Argv,
}

/// Names of the special variables, in slot order.
pub const SPECIALS: &[&str] = &[
    "NR", "FNR", "NF", "FS", "OFS", "ORS", "RS", "FILENAME", "SUBSEP", "CONVFMT", "OFMT", "RSTART",
    "RLENGTH", "ENVIRON", "ARGC", "ARGV",
];

/// Built-in functions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Builtin {
    /// length
    Length,
    /// substr
    Substr,
    /// index
    Index,
    /// split
    Split,
    /// sub
    Sub,
    /// gsub
    Gsub,
    /// match
    Match,
    /// sprintf
    Sprintf,
    /// sin
    Sin,
    /// cos
    Cos,
    /// atan2
    Atan2,
    /// exp
    Exp,
    /// log
    Log,
    /// sqrt
    Sqrt,
    /// int
    Int,
    /// rand
    Rand,
    /// srand
    Srand,
    /// tolower
    Tolower,
    /// toupper
    Toupper,
    /// system
    System,
    /// close
    Close,
    /// fflush
    Fflush,
}

/// Binary arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// +
    Add,
    /// -
    Sub,
    /// *
    Mul,
    /// /
    Div,
    /// %
    Mod,
    /// ^
    Pow,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cmp {
    /// <
    Lt,
    /// <=
    Le,
    /// ==
    Eq,
    /// !=
    Ne,
    /// >
    Gt,
    /// >=
    Ge,
}

/// Where `getline` reads from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// The main input.
    Main,
    /// `< file`
    File(Box<Expr>),
    /// `cmd |`
    Cmd(Box<Expr>),
}

/// Expressions.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A numeric constant.
    Num(f64),
    /// A string constant.
    Str(String),
    /// `/re/`: alone, a match against $0; as an operand of `~` or a function, the regex.
    Regex(String),
    /// `$e`
    Field(Box<Expr>),
    /// A variable.
    Var(Var),
    /// `a[i, j]`
    Index(Var, Vec<Expr>),
    /// Assignment, plain or with an operator.
    Assign(Option<Op>, Box<Expr>, Box<Expr>),
    /// `c ? a : b`
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `a && b`
    And(Box<Expr>, Box<Expr>),
    /// `a || b`
    Or(Box<Expr>, Box<Expr>),
    /// `!a`
    Not(Box<Expr>),
    /// `-a`
    Neg(Box<Expr>),
    /// `+a`
    Plus(Box<Expr>),
    /// Arithmetic.
    Bin(Op, Box<Expr>, Box<Expr>),
    /// Comparison.
    Cmp(Cmp, Box<Expr>, Box<Expr>),
    /// Juxtaposition.
    Concat(Box<Expr>, Box<Expr>),
    /// `a ~ b` (or `!~` when the flag is set).
    Match(bool, Box<Expr>, Box<Expr>),
    /// `(i, j) in a`
    In(Vec<Expr>, Var),
    /// `++x`, `x--`…: (is prefix, delta, lvalue).
    Incr(bool, f64, Box<Expr>),
    /// A user function call, by function index.
    Call(usize, Vec<Expr>),
    /// A built-in function call.
    Builtin(Builtin, Vec<Expr>),
    /// getline: source and optional target lvalue.
    Getline(Source, Option<Box<Expr>>),
    /// A parenthesised expression (kept so `print (a)(b) > f` parses right).
    Group(Box<Expr>),
}

/// Output redirection of print and printf.
#[derive(Clone, Debug, PartialEq)]
pub enum Redir {
    /// `> file`
    Write(Expr),
    /// `>> file`
    Append(Expr),
    /// `| cmd`
    Pipe(Expr),
}

/// Statements.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// An expression for its effect.
    Expr(Expr),
    /// print (printf when the flag is set) with arguments and redirection.
    Print(bool, Vec<Expr>, Option<Redir>),
    /// if / else
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    /// while
    While(Expr, Box<Stmt>),
    /// do … while
    Do(Box<Stmt>, Expr),
    /// for (init; cond; step)
    For(Option<Expr>, Option<Expr>, Option<Expr>, Box<Stmt>),
    /// for (k in a)
    ForIn(Box<Expr>, Var, Box<Stmt>),
    /// `{ … }`
    Block(Vec<Stmt>),
    /// next
    Next,
    /// exit [e]
    Exit(Option<Expr>),
    /// return [e]
    Return(Option<Expr>),
    /// break
    Break,
    /// continue
    Continue,
    /// delete a[i] / delete a
    Delete(Var, Option<Vec<Expr>>),
    /// getline-free empty statement
    Nop,
}

/// A rule's pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// BEGIN
    Begin,
    /// END
    End,
    /// Every record.
    All,
    /// An expression.
    Expr(Expr),
    /// `p1, p2`, with the rule's index among range rules.
    Range(Expr, Expr, usize),
}

/// One pattern-action rule; no action means print $0.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The pattern.
    pub pattern: Pattern,
    /// The action.
    pub action: Option<Vec<Stmt>>,
}

/// A user function.
#[derive(Clone, Debug, PartialEq)]
pub struct Func {
    /// Its name.
    pub name: String,
    /// Number of parameters (locals included).
    pub nparams: usize,
    /// Its body.
    pub body: Vec<Stmt>,
}

/// A whole program.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    /// Rules in source order.
    pub rules: Vec<Rule>,
    /// Functions by index.
    pub funcs: Vec<Func>,
    /// Global names by slot.
    pub globals: Vec<String>,
    /// Number of range rules.
    pub ranges: usize,
}
