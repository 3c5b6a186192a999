//! The job table: background and stopped pipelines, waiting for them (`WUNTRACED` when job
//! control is on), job specifications (`%1`, `%%`, `%-`, `%name`, `%?text`), the listing
//! format of `jobs` and the notices shown before a prompt (`[1]+  Done    sleep 1`).

use super::shell::Shell;
use wosix_abi::{Errno, Pid, Signal, WaitOptions, WaitStatus};

/// One process of a job.
#[derive(Clone, Debug)]
pub struct Proc {
    /// Process id.
    pub pid: i32,
    /// Last status reported (None while running).
    pub status: Option<WaitStatus>,
}

impl Proc {
    fn done(&self) -> bool {
        matches!(
            self.status,
            Some(WaitStatus::Exited(_)) | Some(WaitStatus::Signaled(..))
        )
    }
    fn stopped(&self) -> bool {
        matches!(self.status, Some(WaitStatus::Stopped(_)))
    }
}

/// A job.
#[derive(Clone, Debug)]
pub struct Job {
    /// Job number.
    pub id: usize,
    /// Process group (0 without job control).
    pub pgid: i32,
    /// Its processes.
    pub procs: Vec<Proc>,
    /// Command text.
    pub text: String,
    /// Started in the background.
    pub bg: bool,
    /// A state change not yet reported to the user.
    pub changed: bool,
}

/// The state of a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    /// Some process still runs.
    Running,
    /// Stopped by a signal.
    Stopped(Signal),
    /// All processes ended; the status of the last.
    Done(WaitStatus),
}

impl Job {
    /// The job's state.
    pub fn state(&self) -> JobState {
        if let Some(p) = self.procs.iter().find(|p| p.stopped())
            && let Some(WaitStatus::Stopped(s)) = p.status
        {
            return JobState::Stopped(s);
        }
        if self.procs.iter().all(Proc::done) {
            return JobState::Done(
                self.procs
                    .last()
                    .and_then(|p| p.status)
                    .unwrap_or(WaitStatus::Exited(0)),
            );
        }
        JobState::Running
    }

    /// The shell status of the job.
    pub fn status(&self) -> i32 {
        match self.state() {
            JobState::Running => 0,
            JobState::Stopped(s) => 128 + s as i32,
            JobState::Done(w) => w.shell_status(),
        }
    }
}

/// The job table.
#[derive(Clone, Debug, Default)]
pub struct Jobs {
    /// Jobs by number.
    pub list: Vec<Job>,
    /// Most recent job numbers, current first.
    pub order: Vec<usize>,
}

impl Jobs {
    /// Add a job; returns its number.
    pub fn add(&mut self, pgid: i32, pids: &[i32], text: String, bg: bool) -> usize {
        let id = self.list.iter().map(|j| j.id).max().unwrap_or(0) + 1;
        let procs = pids.iter().map(|&pid| Proc { pid, status: None }).collect();
        self.list.push(Job {
            id,
            pgid,
            procs,
            text,
            bg,
            changed: false,
        });
        self.order.insert(0, id);
        id
    }
    /// The job with number `id`.
    pub fn get(&self, id: usize) -> Option<&Job> {
        self.list.iter().find(|j| j.id == id)
    }
    /// Mutable access by number.
    pub fn get_mut(&mut self, id: usize) -> Option<&mut Job> {
        self.list.iter_mut().find(|j| j.id == id)
    }
    /// Remove a job.
    pub fn remove(&mut self, id: usize) {
        self.list.retain(|j| j.id != id);
        self.order.retain(|&i| i != id);
    }
    /// Make `id` the current job.
    pub fn make_current(&mut self, id: usize) {
        self.order.retain(|&i| i != id);
        self.order.insert(0, id);
    }
    /// The current (`+`) job.
    pub fn current(&self) -> Option<usize> {
        self.order.first().copied()
    }
    /// The previous (`-`) job.
    pub fn previous(&self) -> Option<usize> {
        self.order.get(1).copied()
    }
    /// Record a status change of `pid`; returns the job number.
    pub fn update(&mut self, pid: i32, st: WaitStatus) -> Option<usize> {
        for j in &mut self.list {
            if let Some(p) = j.procs.iter_mut().find(|p| p.pid == pid) {
                p.status = if st == WaitStatus::Continued {
                    None
                } else {
                    Some(st)
                };
                j.changed = true;
                return Some(j.id);
            }
        }
        None
    }
    /// The job containing `pid`.
    pub fn by_pid(&self, pid: i32) -> Option<usize> {
        self.list
            .iter()
            .find(|j| j.procs.iter().any(|p| p.pid == pid))
            .map(|j| j.id)
    }
    /// Resolve a job specification (`%1`, `%%`, `%+`, `%-`, `%name`, `%?text`).
    pub fn find(&self, spec: &str) -> Result<usize, String> {
        let s = spec.strip_prefix('%').unwrap_or(spec);
        let found = match s {
            "" | "%" | "+" => self.current(),
            "-" => self.previous(),
            _ if s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse().ok().filter(|n| self.get(*n).is_some())
            }
            _ => {
                let hits: Vec<usize> = if let Some(t) = s.strip_prefix('?') {
                    self.list
                        .iter()
                        .filter(|j| j.text.contains(t))
                        .map(|j| j.id)
                        .collect()
                } else {
                    self.list
                        .iter()
                        .filter(|j| j.text.starts_with(s))
                        .map(|j| j.id)
                        .collect()
                };
                if hits.len() > 1 {
                    return Err(format!("{spec}: ambiguous"));
                }
                hits.first().copied()
            }
        };
        found.ok_or_else(|| format!("{spec}: no such job"))
    }
    /// The mark shown after the job number: `+`, `-` or a space.
    pub fn mark(&self, id: usize) -> char {
        if self.current() == Some(id) {
            '+'
        } else if self.previous() == Some(id) {
            '-'
        } else {
            ' '
        }
    }
}

/// The state text of a listing: `Running`, `Stopped`, `Done`, `Done(3)`, `Terminated`…
pub fn state_text(st: JobState) -> String {
    match st {
        JobState::Running => "Running".into(),
        JobState::Stopped(s) => match s {
            Signal::SIGSTOP => "Stopped (signal)".into(),
            Signal::SIGTTIN => "Stopped (tty input)".into(),
            Signal::SIGTTOU => "Stopped (tty output)".into(),
            _ => "Stopped".into(),
        },
        JobState::Done(WaitStatus::Exited(0)) => "Done".into(),
        JobState::Done(WaitStatus::Exited(c)) => format!("Done({c})"),
        JobState::Done(WaitStatus::Signaled(s, core)) => {
            format!(
                "{}{}",
                s.description(),
                if core { " (core dumped)" } else { "" }
            )
        }
        JobState::Done(_) => "Done".into(),
    }
}

/// One line of `jobs` output (bash's layout).
pub fn format_job(jobs: &Jobs, j: &Job, with_pid: bool) -> String {
    let st = j.state();
    let text = if st == JobState::Running {
        format!("{} &", j.text)
    } else {
        j.text.clone()
    };
    let pid = if with_pid {
        format!("{} ", j.procs.first().map_or(0, |p| p.pid))
    } else {
        String::new()
    };
    format!(
        "[{}]{}  {pid}{:<24}{text}",
        j.id,
        jobs.mark(j.id),
        state_text(st)
    )
}

impl Shell {
    /// Wait for job `id` until it ends (or stops, with job control). Returns its status.
    pub async fn wait_job(&mut self, id: usize) -> i32 {
        let opts = if self.job_control {
            WaitOptions::WUNTRACED
        } else {
            WaitOptions::empty()
        };
        loop {
            let Some(job) = self.jobs.get(id) else {
                return 0;
            };
            if !matches!(job.state(), JobState::Running) {
                break;
            }
            let Some(pid) = job
                .procs
                .iter()
                .find(|p| !p.done() && !p.stopped())
                .map(|p| p.pid)
            else {
                break;
            };
            match self.sys.waitpid(pid, opts).await {
                Ok(Some((p, st))) => {
                    self.jobs.update(p.0 as i32, st);
                    self.report_signal_death(st).await;
                }
                Ok(None) => {}
                Err(Errno::EINTR) => self.collect_signals().await,
                Err(_) => {
                    self.jobs.update(pid, WaitStatus::Exited(0));
                }
            }
        }
        let Some(job) = self.jobs.get(id) else {
            return 0;
        };
        let st = job.status();
        let state = job.state();
        if self.job_control
            && let Some(tty) = self.tty
        {
            let _ = self.sys.tcsetpgrp(tty, Pid(self.pgid as u32)).await;
        }
        if let JobState::Stopped(_) = state {
            self.jobs.make_current(id);
            if let Some(j) = self.jobs.get_mut(id) {
                j.bg = true;
                j.changed = false;
            }
            if let Some(j) = self.jobs.get(id) {
                let line = format!("\n{}\n", format_job(&self.jobs, j, false));
                self.err.str(&line);
                self.flush_err().await;
            }
        } else {
            self.jobs.remove(id);
        }
        st
    }

    /// Print the description of a fatal signal, as dash does for foreground jobs.
    async fn report_signal_death(&mut self, st: WaitStatus) {
        if let WaitStatus::Signaled(sig, core) = st {
            if sig == Signal::SIGINT {
                if self.interactive {
                    self.err.str("\n");
                    self.flush_err().await;
                }
                return;
            }
            if sig != Signal::SIGPIPE {
                let m = format!(
                    "{}{}\n",
                    sig.description(),
                    if core { " (core dumped)" } else { "" }
                );
                self.err.str(&m);
                self.flush_err().await;
            }
        }
    }

    /// Collect status changes of children without blocking.
    pub async fn reap(&mut self) {
        if self.jobs.list.is_empty() {
            return;
        }
        let opts = WaitOptions::WNOHANG | WaitOptions::WUNTRACED | WaitOptions::WCONTINUED;
        while let Ok(Some((p, st))) = self.sys.waitpid(-1, opts).await {
            self.jobs.update(p.0 as i32, st);
        }
    }

    /// Report finished and stopped background jobs (interactive shells, before a prompt).
    pub async fn notify_jobs(&mut self) {
        self.reap().await;
        let mut done = Vec::new();
        let mut text = String::new();
        for j in &self.jobs.list {
            if !j.changed {
                continue;
            }
            match j.state() {
                JobState::Done(_) => {
                    text.push_str(&format_job(&self.jobs, j, false));
                    text.push('\n');
                    done.push(j.id);
                }
                JobState::Stopped(_) => {
                    text.push_str(&format_job(&self.jobs, j, false));
                    text.push('\n');
                }
                JobState::Running => {}
            }
        }
        for j in &mut self.jobs.list {
            j.changed = false;
        }
        for id in done {
            self.jobs.remove(id);
        }
        if !text.is_empty() {
            self.err.str(&text);
            self.flush_err().await;
        }
    }
}
