//! Interactive shells: job control set-up (own process group, terminal foreground, stop
//! signals ignored), prompts (`PS1` with bash-style `\u \h \w \$` escapes plus parameter
//! expansion), the line editor on a raw-mode terminal, and history kept in
//! `$HOME/.sh_history` (`HISTSIZE` lines, default 500).

use super::lineedit::{Editor, Outcome};
use super::shell::Shell;
use wosix_abi::call::SetWhen;
use wosix_abi::termios::lflag;
use wosix_abi::{FcntlCmd, Fd, OFlags, Pid, SigAction, Signal};

/// The default interactive prompt.
pub const DEFAULT_PS1: &str = "\\u@\\h:\\w\\$ ";

impl Shell {
    /// Prepare an interactive shell.
    pub async fn setup_interactive(&mut self) {
        if self.var("PS1").is_none() {
            let _ = self.vars.set("PS1", DEFAULT_PS1);
        }
        let _ = self.sys.sigaction(Signal::SIGINT, SigAction::Catch).await;
        self.caught.insert(Signal::SIGINT);
        let _ = self.sys.sigaction(Signal::SIGQUIT, SigAction::Ignore).await;
        let _ = self.sys.sigaction(Signal::SIGTERM, SigAction::Ignore).await;
        if !self.monitor_off_explicitly {
            self.opts.set('m', true);
        }
        if self.opts.get('m') {
            self.set_job_control(true).await;
        }
        self.load_history().await;
    }

    /// Turn job control on or off.
    pub async fn set_job_control(&mut self, on: bool) {
        if !on {
            if self.job_control {
                for s in [Signal::SIGTSTP, Signal::SIGTTIN, Signal::SIGTTOU] {
                    let _ = self.sys.sigaction(s, SigAction::Default).await;
                }
            }
            self.job_control = false;
            return;
        }
        if self.job_control {
            return;
        }
        let tty = if self.sys.isatty(Fd::STDERR).await {
            Fd::STDERR
        } else if self.sys.isatty(Fd::STDIN).await {
            Fd::STDIN
        } else {
            self.lineno = 0;
            self.msg("can't access tty; job control turned off").await;
            self.opts.set('m', false);
            return;
        };
        let fd = match self.sys.fcntl(tty, FcntlCmd::DupFdCloexec(Fd(10))).await {
            Ok(f) => Fd(f as u32),
            Err(_) => tty,
        };
        for s in [Signal::SIGTSTP, Signal::SIGTTIN, Signal::SIGTTOU] {
            let _ = self.sys.sigaction(s, SigAction::Ignore).await;
        }
        let me = Pid(self.sys.getpid().await.map_or(0, |p| p.0));
        if self.orig_pgrp.is_none() {
            self.orig_pgrp = self.sys.tcgetpgrp(fd).await.ok().map(|p| p.0 as i32);
        }
        if self.sys.getpgid(Pid(0)).await.ok() != Some(me) {
            let _ = self.sys.setpgid(Pid(0), Pid(0)).await;
        }
        if self.sys.tcsetpgrp(fd, me).await.is_err() {
            self.lineno = 0;
            self.msg("can't access tty; job control turned off").await;
            self.opts.set('m', false);
            return;
        }
        self.pgid = me.0 as i32;
        self.tty = Some(fd);
        self.job_control = true;
    }

    /// Give the terminal back to the group that had it when the shell started.
    pub async fn restore_terminal(&mut self) {
        if let (true, Some(tty), Some(pg)) = (self.job_control, self.tty, self.orig_pgrp)
            && pg != self.pgid
            && pg > 0
        {
            let _ = self.sys.tcsetpgrp(tty, Pid(pg as u32)).await;
        }
    }

    /// The expanded prompt `PS1`/`PS2`.
    pub async fn prompt(&mut self, which: &str) -> String {
        let raw = self
            .var(which)
            .unwrap_or(if which == "PS1" { DEFAULT_PS1 } else { "> " })
            .to_string();
        let mut out = String::new();
        let mut seg = String::new();
        let mut it = raw.chars().peekable();
        while let Some(c) = it.next() {
            if c != '\\' {
                seg.push(c);
                continue;
            }
            let Some(e) = it.next() else {
                seg.push('\\');
                break;
            };
            let val = match e {
                'u' => Some(self.user_name().await),
                'h' | 'H' => {
                    let n = self
                        .sys
                        .uname()
                        .await
                        .map(|u| u.nodename)
                        .unwrap_or_else(|_| "wosix".into());
                    Some(if e == 'h' {
                        n.split('.').next().unwrap_or("").to_string()
                    } else {
                        n
                    })
                }
                'w' | 'W' => {
                    let pwd = match self.var("PWD") {
                        Some(p) => p.to_string(),
                        None => self.sys.getcwd().await.unwrap_or_default(),
                    };
                    let home = self.var("HOME").unwrap_or("").to_string();
                    let shown = if !home.is_empty()
                        && home != "/"
                        && (pwd == home || pwd.starts_with(&format!("{home}/")))
                    {
                        format!("~{}", &pwd[home.len()..])
                    } else {
                        pwd.clone()
                    };
                    Some(if e == 'w' || shown == "~" {
                        shown
                    } else {
                        pwd.rsplit('/')
                            .next()
                            .filter(|s| !s.is_empty())
                            .unwrap_or("/")
                            .to_string()
                    })
                }
                '$' => Some(if self.sys.geteuid().await.is_ok_and(|u| u.is_root()) {
                    "#".into()
                } else {
                    "$".into()
                }),
                's' => Some("sh".into()),
                'n' => Some("\n".into()),
                'e' => Some("\x1b".into()),
                '\\' => Some("\\".into()),
                '[' | ']' => Some(String::new()),
                other => {
                    seg.push('\\');
                    seg.push(other);
                    None
                }
            };
            if let Some(v) = val {
                out.push_str(&self.expand_text(&seg).await.unwrap_or_else(|_| seg.clone()));
                seg.clear();
                out.push_str(&v);
            }
        }
        out.push_str(&self.expand_text(&seg).await.unwrap_or(seg));
        out
    }

    async fn user_name(&mut self) -> String {
        let uid = self.sys.geteuid().await.map_or(0, |u| u.0);
        let data = super::expand::read_small(&self.sys, "/etc/passwd")
            .await
            .unwrap_or_default();
        data.lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.len() > 2 && f[2].parse::<u32>().ok() == Some(uid)).then(|| f[0].to_string())
            })
            .unwrap_or_else(|| uid.to_string())
    }

    /// Read one line with the editor (the terminal in raw mode meanwhile). `None` at end of
    /// input. The line includes its newline.
    pub async fn edit_line(&mut self, prompt: &str) -> Option<String> {
        let _ = self.flush_out().await;
        let saved = self.sys.tcgetattr(Fd::STDIN).await.ok();
        if let Some(t) = saved {
            let mut raw = t;
            raw.lflag &= !(lflag::ICANON | lflag::ECHO | lflag::ISIG | lflag::IEXTEN);
            raw.cc[wosix_abi::termios::VMIN] = 1;
            raw.cc[wosix_abi::termios::VTIME] = 0;
            let _ = self.sys.tcsetattr(Fd::STDIN, SetWhen::Drain, raw).await;
        }
        let mut ed = Editor::new(prompt, self.history.clone());
        let leftover = std::mem::take(&mut self.edit_leftover);
        let mut outcome = if leftover.is_empty() {
            Outcome::More
        } else {
            ed.feed(&leftover)
        };
        while outcome == Outcome::More {
            if !ed.out.is_empty() {
                let o = std::mem::take(&mut ed.out);
                let _ = self.sys.write_all(Fd::STDERR, &o).await;
            }
            match self.sys.read_vec(Fd::STDIN, 256).await {
                Ok(b) if b.is_empty() => {
                    outcome = Outcome::Eof;
                }
                Ok(b) => outcome = ed.feed(&b),
                Err(wosix_abi::Errno::EINTR) => {
                    self.collect_signals().await;
                    self.pending_sigs.retain(|s| *s != Signal::SIGINT);
                }
                Err(_) => outcome = Outcome::Eof,
            }
        }
        if !ed.out.is_empty() {
            let _ = self.sys.write_all(Fd::STDERR, &ed.out).await;
        }
        self.edit_leftover = std::mem::take(&mut ed.rest);
        if let Some(t) = saved {
            let _ = self.sys.tcsetattr(Fd::STDIN, SetWhen::Drain, t).await;
        }
        match outcome {
            Outcome::Line(l) => Some(format!("{l}\n")),
            Outcome::Cancel => {
                self.status = 130;
                Some("\n".into())
            }
            _ => None,
        }
    }

    fn history_file(&self) -> Option<String> {
        self.var("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| format!("{}/.sh_history", h.trim_end_matches('/')))
    }

    fn history_size(&self) -> usize {
        self.var("HISTSIZE")
            .and_then(|v| v.parse().ok())
            .unwrap_or(500)
    }

    async fn load_history(&mut self) {
        let Some(path) = self.history_file() else {
            return;
        };
        if let Some(text) = super::expand::read_small(&self.sys, &path).await {
            self.history = text
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            let max = self.history_size();
            if self.history.len() > max {
                let cut = self.history.len() - max;
                self.history.drain(..cut);
            }
        }
    }

    /// Remember a command line and append it to the history file.
    pub async fn history_add(&mut self, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        self.history.push(line.to_string());
        let max = self.history_size();
        if self.history.len() > max {
            let cut = self.history.len() - max;
            self.history.drain(..cut);
        }
        let Some(path) = self.history_file() else {
            return;
        };
        let flags = OFlags::WRONLY | OFlags::CREAT | OFlags::APPEND | OFlags::CLOEXEC;
        if let Ok(fd) = self.sys.open(&path, flags, 0o600).await {
            let _ = self.sys.write_all(fd, format!("{line}\n").as_bytes()).await;
            let _ = self.sys.close(fd).await;
        }
    }
}
