//! The `sh` program: command-line options (`-c`, `-s`, `-i`, `-l`, option letters, `-o`),
//! the initial variables, the read–parse–execute loop with dash's error handling (a syntax
//! error ends a non-interactive shell with status 2), the EXIT trap, and the entry point of
//! subshell children (`sh --wosix-subshell FD`).

use super::input::{Input, Kind, read_script};
use super::parser::{ParseError, Parsed, Parser};
use super::shell::Shell;
use super::spawn::Payload;
use super::state::Ctl;
use crate::Ctx;
use wosix_abi::Fd;

const USAGE: &str = "Usage: sh [-abCefhimnuvx] [-o option] [-c command_string [name [arg...]]]\n          sh [-abCefhimnuvx] [-o option] [-s] [arg...]\n          sh [-abCefhimnuvx] [-o option] file [arg...]\n";

/// Entry point of /bin/sh.
pub async fn sh_main(ctx: &mut Ctx) -> i32 {
    let mut sh = Shell::new(ctx.sys.clone());
    let argv = ctx.argv.clone();
    if argv.get(1).map(String::as_str) == Some("--wosix-subshell") {
        return subshell_main(sh, &argv).await;
    }
    sh.pid = ctx.sys.getpid().await.map_or(0, |p| p.0 as i32);
    sh.arg0 = argv.first().cloned().unwrap_or_else(|| "sh".into());
    init_vars(&mut sh, ctx).await;

    let mut i = 1;
    let (mut cflag, mut sflag, mut login) = (false, false, sh.arg0.starts_with('-'));
    while i < argv.len() {
        let a = &argv[i];
        if a == "--help" {
            sh.out.str(USAGE);
            sh.flush_out().await;
            return 0;
        }
        if a == "--" || a == "-" {
            i += 1;
            break;
        }
        if a.len() < 2 || !(a.starts_with('-') || a.starts_with('+')) {
            break;
        }
        let on = a.starts_with('-');
        for c in a[1..].chars() {
            match c {
                'c' => cflag = true,
                's' => sflag = true,
                'l' => login = true,
                'i' => {
                    sh.opts.set('i', on);
                }
                'o' => {
                    i += 1;
                    let name = argv.get(i).cloned().unwrap_or_default();
                    match super::state::Opts::index_of_name(&name) {
                        Some(k) => sh.opts.on[k] = on,
                        None => {
                            return early_error(&mut sh, &format!("Illegal option -o {name}"))
                                .await;
                        }
                    }
                }
                c => {
                    if c == 'm' && !on {
                        sh.monitor_off_explicitly = true;
                    }
                    if !sh.opts.set(c, on) {
                        return early_error(
                            &mut sh,
                            &format!("Illegal option {}{c}", if on { '-' } else { '+' }),
                        )
                        .await;
                    }
                }
            }
        }
        i += 1;
    }
    let mut input;
    if cflag {
        let Some(cmd) = argv.get(i) else {
            return early_error(&mut sh, "-c requires an argument").await;
        };
        input = Input::from_text(cmd);
        i += 1;
        if let Some(name) = argv.get(i) {
            sh.arg0 = name.clone();
            i += 1;
        }
        sh.params = argv[i.min(argv.len())..].to_vec();
    } else if !sflag && i < argv.len() {
        let path = argv[i].clone();
        sh.arg0 = path.clone();
        sh.params = argv[i + 1..].to_vec();
        match read_script(&sh.sys, &path).await {
            Ok(text) => input = Input::from_text(&text),
            Err(e) => {
                let st = if e == wosix_abi::Errno::ENOENT {
                    127
                } else {
                    126
                };
                let m = super::redir::open_errmsg(e, false);
                sh.lineno = 0;
                sh.arg0 = argv.first().cloned().unwrap_or_else(|| "sh".into());
                sh.msg(&format!("cannot open {path}: {m}")).await;
                return if st == 127 { 2 } else { st };
            }
        }
    } else {
        sh.params = argv[i.min(argv.len())..].to_vec();
        sh.opts.set('s', true);
        let tty = sh.sys.isatty(Fd::STDIN).await && sh.sys.isatty(Fd::STDERR).await;
        if tty && !sh.opts.get('i') {
            sh.opts.set('i', true);
        }
        let editor = sh.opts.get('i') && sh.sys.isatty(Fd::STDIN).await;
        input = Input::from_fd(&sh.sys, Fd::STDIN, editor).await;
    }
    if sh.opts.get('i') {
        sh.interactive = true;
        sh.setup_interactive().await;
        if login {
            sh.source_if_exists("/etc/profile").await;
            if let Some(home) = sh.var("HOME").map(str::to_string) {
                sh.source_if_exists(&format!("{home}/.profile")).await;
            }
        }
        if let Some(env) = sh.var("ENV").map(str::to_string)
            && let Ok(path) = sh.expand_text(&env).await
        {
            sh.source_if_exists(&path).await;
        }
    } else if login {
        sh.source_if_exists("/etc/profile").await;
        if let Some(home) = sh.var("HOME").map(str::to_string) {
            sh.source_if_exists(&format!("{home}/.profile")).await;
        }
    }
    let st = sh.main_loop(&mut input).await;
    sh.finish(st).await
}

async fn early_error(sh: &mut Shell, m: &str) -> i32 {
    sh.lineno = 0;
    sh.msg(m).await;
    2
}

/// Set the initial variables: the environment (exported) and dash's defaults.
async fn init_vars(sh: &mut Shell, ctx: &Ctx) {
    for (k, v) in &ctx.env {
        if super::parser::is_name(k) {
            let var = sh.vars.map.entry(k.clone()).or_default();
            var.value = Some(v.clone());
            var.exported = true;
        }
    }
    let defaults = [
        ("IFS", " \t\n"),
        ("PS2", "> "),
        ("PS4", "+ "),
        ("OPTIND", "1"),
    ];
    for (k, v) in defaults {
        let _ = sh.vars.set(k, v);
    }
    if sh.var("PATH").is_none() {
        let _ = sh.vars.set(
            "PATH",
            "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin",
        );
    }
    if let Ok(pp) = sh.sys.getppid().await {
        let _ = sh.vars.set("PPID", &pp.0.to_string());
    }
    let cwd = sh.sys.getcwd().await.unwrap_or_else(|_| "/".into());
    let keep = match sh.var("PWD") {
        Some(p) if p.starts_with('/') => match (sh.sys.stat(p).await, sh.sys.stat(".").await) {
            (Ok(a), Ok(b)) => a.dev == b.dev && a.ino == b.ino,
            _ => false,
        },
        _ => false,
    };
    if !keep {
        let _ = sh.vars.set("PWD", &cwd);
    }
}

impl Shell {
    /// Read, parse and run commands until the input ends; returns the last status.
    pub async fn main_loop(&mut self, input: &mut Input) -> i32 {
        loop {
            if self.interactive && input.buf.is_empty() {
                self.notify_jobs().await;
            }
            let aliases = self.aliases.clone();
            let final_ = input.eof || input.kind == Kind::Whole;
            let mut p = Parser::new(&input.buf, input.line, final_, &aliases);
            let parsed = p.parse_one();
            let (consumed, end_line) = (p.consumed(), p.line);
            match parsed {
                Err(ParseError::Incomplete) => {
                    let prompt = if self.interactive {
                        let which = if input.buf.is_empty() { "PS1" } else { "PS2" };
                        Some(self.prompt(which).await)
                    } else {
                        None
                    };
                    if !input.fill(self, prompt).await && self.interactive && input.buf.is_empty() {
                        if self.opts.get('I') {
                            self.err.str("Use \"exit\" to leave shell.\n");
                            self.flush_err().await;
                            input.eof = false;
                            continue;
                        }
                        self.err.str("\n");
                        self.flush_err().await;
                        return self.status;
                    }
                }
                Err(ParseError::Syntax { msg, line }) => {
                    self.lineno = line;
                    self.msg(&format!("Syntax error: {msg}")).await;
                    self.status = 2;
                    if !self.interactive {
                        return 2;
                    }
                    input.buf.clear();
                    input.line = line + 1;
                }
                Ok(Parsed::Eof) => return self.status,
                Ok(Parsed::Empty) => {
                    input.consume(consumed, end_line);
                }
                Ok(Parsed::Cmd(list)) => {
                    if self.interactive {
                        let text: String = input.buf[..consumed].iter().collect();
                        self.history_add(text.trim_end_matches('\n')).await;
                    }
                    input.consume(consumed, end_line);
                    let before = input.before_exec(&self.sys).await;
                    let r = self.run_list(&list).await;
                    input.after_exec(&self.sys, before).await;
                    match r {
                        Ok(st) => self.status = st,
                        Err(Ctl::Exit(st)) => return st,
                        Err(Ctl::Error(st)) => {
                            self.status = st;
                            if !self.interactive {
                                return st;
                            }
                        }
                        Err(Ctl::Return(st)) => {
                            if !self.interactive {
                                return st;
                            }
                            self.status = st;
                        }
                        Err(Ctl::Break(_)) | Err(Ctl::Continue(_)) => {}
                    }
                    let _ = self.flush_out().await;
                }
            }
        }
    }

    /// Run the EXIT trap and flush; the final status.
    pub async fn finish(&mut self, st: i32) -> i32 {
        let st = self.run_exit_trap(st).await;
        self.flush_out().await;
        self.flush_err().await;
        self.restore_terminal().await;
        st & 0xff
    }

    /// Source a file if it exists (profile files).
    pub async fn source_if_exists(&mut self, path: &str) {
        if self.sys.stat(path).await.is_err() {
            return;
        }
        if let Ok(text) = read_script(&self.sys, path).await {
            let saved = self.lineno;
            self.lineno = 1;
            let r = self.eval_text(&text, None).await;
            self.lineno = saved;
            if let Ok(st) = r {
                self.status = st;
            }
        }
    }

    /// Expand a string as if double-quoted (`$ENV`, prompts).
    pub async fn expand_text(&mut self, text: &str) -> Result<String, Ctl> {
        let chars: Vec<char> = text.chars().collect();
        let aliases = Default::default();
        let mut p = Parser::new(&chars, self.lineno, true, &aliases);
        match p.heredoc_parts() {
            Ok(parts) => self.expand_quoted(&parts).await,
            Err(_) => Ok(text.to_string()),
        }
    }
}

/// A subshell child: receive the state and command, run it, exit.
async fn subshell_main(mut sh: Shell, argv: &[String]) -> i32 {
    let Some(fd) = argv.get(2).and_then(|s| s.parse::<u32>().ok()).map(Fd) else {
        return 2;
    };
    let data = sh.sys.read_to_end(fd).await.unwrap_or_default();
    let _ = sh.sys.close(fd).await;
    let payload: Payload = match serde_json::from_slice(&data) {
        Ok(p) => p,
        Err(_) => return 2,
    };
    match payload {
        Payload::Feed(bytes) => {
            let _ = sh.sys.write_all(Fd::STDOUT, &bytes).await;
            0
        }
        Payload::Run(snap, cmd) => {
            sh.restore(*snap);
            sh.opts.set('i', false);
            sh.opts.set('m', false);
            sh.is_subshell_tail = true;
            let r = sh.run_command(&cmd).await;
            let st = match r {
                Ok(s) => s,
                Err(Ctl::Exit(s)) | Err(Ctl::Error(s)) | Err(Ctl::Return(s)) => s,
                Err(_) => sh.status,
            };
            sh.finish(st).await
        }
    }
}
