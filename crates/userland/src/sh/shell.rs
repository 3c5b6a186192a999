//! The running shell: its state plus the process-facing parts (the `Sys` handle, buffered
//! standard output and error, the job table). Helpers here print dash-style diagnostics
//! (`sh: 3: msg`), read and write variables, and copy the state to and from a [`Snapshot`]
//! for subshells.

use super::jobs::Jobs;
use super::state::*;
use crate::Out;
use std::collections::BTreeMap;
use std::sync::Arc;
use wosix_abi::{Fd, SigSet, Signal};
use wosix_runtime::Sys;

use super::ast::Command;

/// The shell.
pub struct Shell {
    /// System calls.
    pub sys: Sys,
    /// Variables.
    pub vars: Vars,
    /// `$1`…
    pub params: Vec<String>,
    /// `$0`.
    pub arg0: String,
    /// Functions.
    pub funcs: BTreeMap<String, Arc<Command>>,
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
    /// Current line number (for messages).
    pub lineno: u32,
    /// Traps by signal number (0 = EXIT).
    pub traps: BTreeMap<u32, String>,
    /// Remembered command locations.
    pub hash: BTreeMap<String, String>,
    /// Function call depth.
    pub func_depth: u32,
    /// Loop nesting depth.
    pub loop_depth: u32,
    /// Dot-script depth.
    pub dot_depth: u32,
    /// Buffered standard output of built-ins.
    pub out: Out,
    /// Buffered standard error.
    pub err: Out,
    /// Jobs.
    pub jobs: Jobs,
    /// Status of the last command substitution of the current command.
    pub subst_status: Option<i32>,
    /// Depth of contexts in which `set -e` is ignored.
    pub no_errexit: u32,
    /// Signals caught and not yet handled.
    pub pending_sigs: Vec<Signal>,
    /// Signals currently set to be caught (for traps or the interactive shell).
    pub caught: SigSet,
    /// Signals that were ignored when the shell started (cannot be trapped).
    pub ignored_on_entry: SigSet,
    /// Running a trap action.
    pub in_trap: bool,
    /// Job control is active.
    pub job_control: bool,
    /// The terminal descriptor used for job control.
    pub tty: Option<Fd>,
    /// The shell's process group.
    pub pgid: i32,
    /// This process is a subshell child.
    pub is_subshell: bool,
    /// The EXIT trap already ran.
    pub exit_trap_done: bool,
    /// Interactive shell.
    pub interactive: bool,
    /// The next `( … )` is the one this subshell process was started for: run it here.
    pub is_subshell_tail: bool,
    /// Here-document helper processes not yet collected.
    pub feeders: Vec<i32>,
    /// Command history (interactive).
    pub history: Vec<String>,
    /// Terminal input typed ahead of the line being edited.
    pub edit_leftover: Vec<u8>,
    /// The terminal's foreground group when job control started.
    pub orig_pgrp: Option<i32>,
    /// `+m` was given on the command line.
    pub monitor_off_explicitly: bool,
    /// getopts: position inside a bundled option argument (OPTIND, index).
    pub optpos: Option<(usize, usize)>,
    /// Nesting of function calls, `eval`, `.` and traps (bounded by `exec::MAX_NEST`).
    pub nest: u32,
}

impl Shell {
    /// A shell with empty state.
    pub fn new(sys: Sys) -> Shell {
        Shell {
            sys,
            vars: Vars::default(),
            params: Vec::new(),
            arg0: "sh".into(),
            funcs: BTreeMap::new(),
            aliases: BTreeMap::new(),
            opts: Opts::new(),
            status: 0,
            last_bg: None,
            pid: 0,
            lineno: 0,
            traps: BTreeMap::new(),
            hash: BTreeMap::new(),
            func_depth: 0,
            loop_depth: 0,
            dot_depth: 0,
            out: Out::new(Fd::STDOUT),
            err: Out::new(Fd::STDERR),
            jobs: Jobs::default(),
            subst_status: None,
            no_errexit: 0,
            pending_sigs: Vec::new(),
            caught: SigSet::EMPTY,
            ignored_on_entry: SigSet::EMPTY,
            in_trap: false,
            job_control: false,
            tty: None,
            pgid: 0,
            is_subshell: false,
            exit_trap_done: false,
            interactive: false,
            is_subshell_tail: false,
            feeders: Vec::new(),
            history: Vec::new(),
            edit_leftover: Vec::new(),
            orig_pgrp: None,
            monitor_off_explicitly: false,
            optpos: None,
            nest: 0,
        }
    }

    /// Print `$0: LINE: msg` on standard error and flush.
    pub async fn msg(&mut self, m: &str) {
        let _ = self.out.flush(&self.sys).await;
        let text = format!("{}: {}: {m}\n", self.arg0, self.lineno);
        self.err.str(&text);
        self.flush_err().await;
    }

    /// Report an error and unwind with [`Ctl::Error`] (status 2).
    pub async fn fatal(&mut self, m: &str) -> Ctl {
        self.msg(m).await;
        Ctl::Error(2)
    }

    /// Flush standard error; a write error resets the buffer so later messages still go out.
    pub async fn flush_err(&mut self) {
        if self.err.flush(&self.sys).await.is_err() {
            self.err = Out::new(Fd::STDERR);
        }
    }

    /// Flush standard output; errors reset the buffer.
    pub async fn flush_out(&mut self) -> bool {
        let ok = self.out.flush(&self.sys).await.is_ok();
        if !ok {
            self.out = Out::new(Fd::STDOUT);
        }
        ok
    }

    /// The value of a variable.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name)
    }

    /// Set a variable (exporting it under `set -a`).
    pub fn setvar(&mut self, name: &str, value: &str) -> Result<(), String> {
        self.vars.set(name, value)?;
        if self.opts.get('a')
            && let Some(v) = self.vars.map.get_mut(name)
        {
            v.exported = true;
        }
        Ok(())
    }

    /// IFS (default space, tab, newline when unset).
    pub fn ifs(&self) -> String {
        self.var("IFS").unwrap_or(" \t\n").to_string()
    }

    /// The value of a special or positional parameter, or variable.
    pub fn param(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.status.to_string()),
            "$" => Some(self.pid.to_string()),
            "!" => self.last_bg.map(|p| p.to_string()),
            "#" => Some(self.params.len().to_string()),
            "-" => Some(self.opts.dollar_dash()),
            "0" => Some(self.arg0.clone()),
            "@" | "*" => {
                if self.params.is_empty() {
                    None
                } else {
                    let sep = self
                        .ifs()
                        .chars()
                        .next()
                        .map(String::from)
                        .unwrap_or_default();
                    Some(self.params.join(&sep))
                }
            }
            n if n.bytes().all(|b| b.is_ascii_digit()) => {
                let i: usize = n.parse().ok()?;
                self.params.get(i.checked_sub(1)?).cloned()
            }
            n => self.var(n).map(str::to_string),
        }
    }

    /// Copy the state for a subshell.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            vars: self.vars.clone(),
            params: self.params.clone(),
            arg0: self.arg0.clone(),
            funcs: self
                .funcs
                .iter()
                .map(|(k, v)| (k.clone(), (**v).clone()))
                .collect(),
            aliases: self.aliases.clone(),
            opts: self.opts.clone(),
            status: self.status,
            last_bg: self.last_bg,
            pid: self.pid,
            lineno: self.lineno,
            traps: self
                .traps
                .iter()
                .filter(|(_, a)| a.is_empty())
                .map(|(k, v)| (*k, v.clone()))
                .collect(),
            hash: self.hash.clone(),
            func_depth: self.func_depth,
            loop_depth: self.loop_depth,
            no_errexit: self.no_errexit > 0,
        }
    }

    /// Take over a parent's state (in a subshell child).
    pub fn restore(&mut self, s: Snapshot) {
        self.vars = s.vars;
        self.params = s.params;
        self.arg0 = s.arg0;
        self.funcs = s.funcs.into_iter().map(|(k, v)| (k, Arc::new(v))).collect();
        self.aliases = s.aliases;
        self.opts = s.opts;
        self.status = s.status;
        self.last_bg = s.last_bg;
        self.pid = s.pid;
        self.lineno = s.lineno;
        self.traps = s.traps;
        self.hash = s.hash;
        self.func_depth = s.func_depth;
        self.loop_depth = s.loop_depth;
        self.no_errexit = s.no_errexit as u32;
        self.is_subshell = true;
    }
}
