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

impl Shell {
    /// Run built-in `argv[0]`.
    pub fn run_builtin<'a>(&'a mut self, argv: &'a [String]) -> super::expand::BoxFut<'a, R> {
        Box::pin(async move {
            let name = argv[0].as_str();
            match name {
                ":" | "true" => Ok(0),
                "false" => Ok(1),
                "echo" => core::echo(self, argv).await,
                "printf" => core::printf(self, argv).await,
                "test" | "[" => core::test(self, argv).await,
                "exit" => core::exit(self, argv).await,
                "return" => core::return_(self, argv).await,
                "break" | "continue" => core::break_(self, argv).await,
                "shift" => core::shift(self, argv).await,
                "eval" => core::eval(self, argv).await,
                "." => core::dot(self, argv).await,
                "exec" => core::exec(self, argv).await,
                "times" => core::times(self, argv).await,
                "export" | "readonly" => vars::export(self, argv).await,
                "unset" => vars::unset(self, argv).await,
                "local" => vars::local(self, argv).await,
                "getopts" => vars::getopts(self, argv).await,
                "read" => read::read(self, argv).await,
                "set" => set::set(self, argv).await,
                "cd" => cd::cd(self, argv).await,
                "pwd" => cd::pwd(self, argv).await,
                "umask" => cd::umask(self, argv).await,
                "alias" => cmds::alias(self, argv).await,
                "unalias" => cmds::unalias(self, argv).await,
                "type" => cmds::type_(self, argv).await,
                "command" => cmds::command(self, argv).await,
                "hash" => cmds::hash(self, argv).await,
                "ulimit" => ulimit::ulimit(self, argv).await,
                "trap" => trap::trap(self, argv).await,
                "jobs" => jobctl::jobs(self, argv).await,
                "fg" | "bg" => jobctl::fg_bg(self, argv).await,
                "wait" => jobctl::wait(self, argv).await,
                "kill" => jobctl::kill(self, argv).await,
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
