//! The shell's built-in commands: the table of names (special built-ins per XCU 2.14 and
//! dash's regular built-ins) and the dispatcher. Each built-in is
//! `async fn(&mut Shell, &[String]) -> R` with `argv[0]` its name; a shell error is returned
//! as [`Ctl::Error`], which is fatal only for special built-ins.

mod cd;
mod cmds;
mod core;
mod jobctl;
mod read;
mod set;
mod trap;
mod ulimit;
mod vars;

use super::shell::Shell;
use super::state::{Ctl, R};

pub use trap::signal_by_spec;

/// Special built-ins (XCU 2.14).
const SPECIAL: &[&str] = super::parser::SPECIAL_BUILTINS;

/// Regular built-ins.
const REGULAR: &[&str] = &[
    "alias", "bg", "cd", "command", "echo", "false", "fg", "getopts", "hash", "jobs", "kill",
    "local", "printf", "pwd", "read", "test", "[", "true", "type", "ulimit", "umask", "unalias",
    "wait",
];

/// Whether `name` is a special built-in.
pub fn is_special(name: &str) -> bool {
    SPECIAL.contains(&name)
}

/// Whether `name` is a regular built-in.
pub fn is_builtin(name: &str) -> bool {
    REGULAR.contains(&name)
}

/// Start a built-in as a boxed future built in its own stack frame (see
/// [`super::expand::boxed`]).
#[inline(never)]
fn call<'a, F, Fut>(sh: &'a mut Shell, argv: &'a [String], f: F) -> super::expand::BoxFut<'a, R>
where
    F: FnOnce(&'a mut Shell, &'a [String]) -> Fut,
    Fut: std::future::Future<Output = R> + Send + 'a,
{
    Box::pin(f(sh, argv))
}

impl Shell {
    /// Run built-in `argv[0]`.
    pub fn run_builtin<'a>(&'a mut self, argv: &'a [String]) -> super::expand::BoxFut<'a, R> {
        Box::pin(async move {
            let name = argv[0].as_str();
            match name {
                ":" | "true" => Ok(0),
                "false" => Ok(1),
                "echo" => call(self, argv, core::echo).await,
                "printf" => call(self, argv, core::printf).await,
                "test" | "[" => call(self, argv, core::test).await,
                "exit" => call(self, argv, core::exit).await,
                "return" => call(self, argv, core::return_).await,
                "break" | "continue" => call(self, argv, core::break_).await,
                "shift" => call(self, argv, core::shift).await,
                "eval" => call(self, argv, core::eval).await,
                "." => call(self, argv, core::dot).await,
                "exec" => call(self, argv, core::exec).await,
                "times" => call(self, argv, core::times).await,
                "export" | "readonly" => call(self, argv, vars::export).await,
                "unset" => call(self, argv, vars::unset).await,
                "local" => call(self, argv, vars::local).await,
                "getopts" => call(self, argv, vars::getopts).await,
                "read" => call(self, argv, read::read).await,
                "set" => call(self, argv, set::set).await,
                "cd" => call(self, argv, cd::cd).await,
                "pwd" => call(self, argv, cd::pwd).await,
                "umask" => call(self, argv, cd::umask).await,
                "alias" => call(self, argv, cmds::alias).await,
                "unalias" => call(self, argv, cmds::unalias).await,
                "type" => call(self, argv, cmds::type_).await,
                "command" => call(self, argv, cmds::command).await,
                "hash" => call(self, argv, cmds::hash).await,
                "ulimit" => call(self, argv, ulimit::ulimit).await,
                "trap" => call(self, argv, trap::trap).await,
                "jobs" => call(self, argv, jobctl::jobs).await,
                "fg" | "bg" => call(self, argv, jobctl::fg_bg).await,
                "wait" => call(self, argv, jobctl::wait).await,
                "kill" => call(self, argv, jobctl::kill).await,
                _ => Ok(127),
            }
        })
    }

    /// Report `name: msg` and fail with status 2 (fatal in special built-ins).
    pub async fn bi_error(&mut self, name: &str, msg: &str) -> Ctl {
        self.fatal(&format!("{name}: {msg}")).await
    }

    /// Parse a non-negative decimal number argument (`name: Illegal number: s`).
    pub async fn bi_number(&mut self, name: &str, s: &str) -> Result<i64, Ctl> {
        if !s.is_empty()
            && s.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = s.parse::<i64>()
        {
            return Ok(n);
        }
        Err(self.bi_error(name, &format!("Illegal number: {s}")).await)
    }
}

/// Quote a value for re-input to the shell the way dash's `export -p` and `set` do: in
/// single quotes, with `'` written as `'"'"'`.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}
