//! The POSIX shell, /bin/sh, behaving like dash: parser, word expansion, execution through
//! spawn (subshells are new `sh` processes that receive their state as JSON), built-ins,
//! job control and an interactive line editor. Also the standalone `test`, `[` and `printf`
//! programs, which share the built-ins' code.

use crate::{Ctx, Program, program};

pub mod arith;
pub mod ast;
pub mod builtins;
pub mod exec;
pub mod expand;
pub mod fmt;
pub mod fuzz_api;
pub mod glob;
pub mod heredoc;
pub mod input;
pub mod interactive;
pub mod jobs;
pub mod lexer;
pub mod lineedit;
pub mod param;
pub mod parser;
pub mod pattern;
pub mod printf;
pub mod redir;
pub mod run;
pub mod shell;
pub mod simple;
pub mod spawn;
pub mod state;
pub mod test;
pub mod walk;

#[cfg(test)]
mod parser_tests;

/// Programs of the shell module.
pub const PROGRAMS: &[Program] = &[
    program!("sh", "/bin", sh_main),
    program!("test", "/usr/bin", test_main),
    program!("[", "/usr/bin", test_main),
    program!("printf", "/usr/bin", printf_main),
];

async fn sh_main(ctx: &mut Ctx) -> i32 {
    run::sh_main(ctx).await
}

const TEST_HELP: &str = "Usage: test EXPRESSION\n  or:  [ EXPRESSION ]\nEvaluate EXPRESSION and exit with status 0 (true) or 1 (false).\n";

/// /usr/bin/test and /usr/bin/[.
async fn test_main(ctx: &mut Ctx) -> i32 {
    if ctx.argv.len() == 2 && ctx.argv[1] == "--help" {
        ctx.out.str(TEST_HELP);
        return 0;
    }
    let sys = ctx.sys.clone();
    let argv = ctx.argv.clone();
    let name = ctx.prog();
    let mut args = argv.clone();
    if let Some(a) = args.first_mut() {
        *a = name.clone();
    }
    let (st, err) = test::test(&sys, &args).await;
    if let Some(m) = err {
        ctx.error(&m);
    }
    st
}

/// /usr/bin/printf.
async fn printf_main(ctx: &mut Ctx) -> i32 {
    if ctx.argv.len() == 2 && ctx.argv[1] == "--help" {
        ctx.out
            .str("Usage: printf FORMAT [ARGUMENT]...\nPrint ARGUMENT(s) according to FORMAT.\n");
        return 0;
    }
    let r = printf::printf(&ctx.argv[1..]);
    ctx.out.bytes(&r.out);
    for e in &r.errors {
        ctx.error(e);
    }
    r.status
}

#[cfg(test)]
mod e2e_dev;
