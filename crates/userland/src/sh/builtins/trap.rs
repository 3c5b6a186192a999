//! `trap` and signal handling. A trapped signal is caught (the kernel queues it and blocking
//! calls return EINTR); the shell collects queued signals between commands and runs their
//! actions itself. `trap '' SIG` ignores, `trap - SIG` restores the default (for an
//! interactive shell: its own handling of SIGINT, SIGQUIT, SIGTERM and the stop signals).

use super::shell_quote;
use crate::sh::shell::Shell;
use crate::sh::state::{Ctl, R};
use wosix_abi::{SigAction, Signal};

/// Parse a trap condition: `EXIT`/`0`, a signal name with or without `SIG`, or a number.
pub fn signal_by_spec(s: &str) -> Option<u32> {
    if s == "EXIT" || s == "0" {
        return Some(0);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse()
            .ok()
            .and_then(Signal::from_number)
            .map(|x| x as u32);
    }
    if s.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let bare = s.strip_prefix("SIG").unwrap_or(s);
    Signal::ALL
        .iter()
        .find(|x| x.short_name() == bare)
        .map(|x| *x as u32)
}

fn trap_name(n: u32) -> String {
    if n == 0 {
        "EXIT".into()
    } else {
        Signal::from_number(n).map_or(n.to_string(), |s| s.short_name().to_string())
    }
}

impl Shell {
    /// The disposition the shell itself wants for `sig` when no trap is set.
    fn base_action(&self, sig: Signal) -> SigAction {
        if self.interactive {
            match sig {
                Signal::SIGINT => return SigAction::Catch,
                Signal::SIGQUIT | Signal::SIGTERM => return SigAction::Ignore,
                Signal::SIGTSTP | Signal::SIGTTIN | Signal::SIGTTOU if self.job_control => {
                    return SigAction::Ignore;
                }
                _ => {}
            }
        }
        SigAction::Default
    }

    /// Set (`Some`) or reset (`None`) the trap for condition `n`.
    pub async fn set_trap(&mut self, n: u32, action: Option<String>) {
        match &action {
            Some(a) => {
                self.traps.insert(n, a.clone());
            }
            None => {
                self.traps.remove(&n);
            }
        }
        let Some(sig) = Signal::from_number(n) else {
            return;
        };
        if !sig.catchable() {
            return;
        }
        let disp = match &action {
            Some(a) if a.is_empty() => SigAction::Ignore,
            Some(_) => SigAction::Catch,
            None => self.base_action(sig),
        };
        if disp == SigAction::Catch {
            self.caught.insert(sig);
        } else {
            self.caught.remove(sig);
        }
        let _ = self.sys.sigaction(sig, disp).await;
    }

    /// Move queued signals into `pending_sigs`.
    pub async fn collect_signals(&mut self) {
        if self.caught.is_empty() {
            return;
        }
        while let Ok(Some(s)) = self.sys.take_signal().await {
            self.pending_sigs.push(s);
        }
    }

    /// Run the actions of signals that arrived. An interrupt of an interactive shell without a
    /// trap abandons the current command line.
    pub async fn run_traps(&mut self) -> Result<(), Ctl> {
        self.collect_signals().await;
        if self.in_trap {
            return Ok(());
        }
        while !self.pending_sigs.is_empty() {
            let sig = self.pending_sigs.remove(0);
            match self.traps.get(&(sig as u32)).cloned() {
                Some(action) if !action.is_empty() => {
                    let saved = self.status;
                    self.in_trap = true;
                    let r = self.eval_text(&action, None).await;
                    self.in_trap = false;
                    match r {
                        Err(Ctl::Exit(s)) => return Err(Ctl::Exit(s)),
                        Err(Ctl::Error(s)) if !self.interactive => return Err(Ctl::Error(s)),
                        _ => {}
                    }
                    self.status = saved;
                }
                Some(_) => {}
                None => {
                    if sig == Signal::SIGINT && self.interactive {
                        self.pending_sigs.clear();
                        return Err(Ctl::Error(130));
                    }
                }
            }
        }
        Ok(())
    }

    /// Run the EXIT trap once; returns the exit status to use.
    pub async fn run_exit_trap(&mut self, status: i32) -> i32 {
        if self.exit_trap_done {
            return status;
        }
        self.exit_trap_done = true;
        let Some(action) = self.traps.get(&0).cloned() else {
            return status;
        };
        if action.is_empty() {
            return status;
        }
        self.status = status;
        self.in_trap = true;
        let r = self.eval_text(&action, None).await;
        self.in_trap = false;
        match r {
            Err(Ctl::Exit(s)) => s,
            _ => status,
        }
    }
}

/// The trap built-in.
pub async fn trap(sh: &mut Shell, argv: &[String]) -> R {
    let mut args = &argv[1..];
    if args.first().map(String::as_str) == Some("--") {
        args = &args[1..];
    }
    if args.is_empty() {
        let text: String = sh
            .traps
            .iter()
            .map(|(n, a)| format!("trap -- {} {}\n", shell_quote(a), trap_name(*n)))
            .collect();
        sh.out.str(&text);
        return Ok(0);
    }
    let (action, sigs) =
        if signal_by_spec(&args[0]).is_some() && args[0].bytes().all(|b| b.is_ascii_digit()) {
            (None, args)
        } else if args[0] == "-" {
            (None, &args[1..])
        } else {
            (Some(args[0].clone()), &args[1..])
        };
    let mut st = 0;
    for s in sigs {
        match signal_by_spec(s) {
            Some(n) => sh.set_trap(n, action.clone()).await,
            None => {
                sh.err.str(&format!("trap: {s}: bad trap\n"));
                sh.flush_err().await;
                st = 1;
            }
        }
    }
    Ok(st)
}
