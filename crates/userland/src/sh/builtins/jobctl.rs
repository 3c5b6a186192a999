//! Job built-ins: `jobs`, `fg`, `bg`, `wait` (all, a pid, or `%job`; interrupted by trapped
//! signals) and the shell's `kill` (signals by name or number, `%job` targets, `-l`).

use crate::sh::jobs::{JobState, format_job};
use crate::sh::shell::Shell;
use crate::sh::state::R;
use wosix_abi::{Errno, Pid, Signal, WaitOptions, WaitStatus};

/// jobs [-l|-p] [job…]
pub async fn jobs(sh: &mut Shell, argv: &[String]) -> R {
    sh.reap().await;
    let (mut long, mut pids) = (false, false);
    let mut specs = Vec::new();
    for a in &argv[1..] {
        match a.as_str() {
            "-l" => long = true,
            "-p" => pids = true,
            _ => specs.push(a.clone()),
        }
    }
    let ids: Vec<usize> = if specs.is_empty() {
        sh.jobs.list.iter().map(|j| j.id).collect()
    } else {
        let mut v = Vec::new();
        for s in &specs {
            match sh.jobs.find(s) {
                Ok(id) => v.push(id),
                Err(_) => return Err(sh.bi_error("jobs", &format!("No such job: {s}")).await),
            }
        }
        v
    };
    let mut text = String::new();
    let mut done = Vec::new();
    for id in ids {
        let Some(j) = sh.jobs.get(id) else { continue };
        if pids {
            text.push_str(&format!("{}\n", j.procs.first().map_or(0, |p| p.pid)));
        } else {
            text.push_str(&format_job(&sh.jobs, j, long));
            text.push('\n');
        }
        if matches!(j.state(), JobState::Done(_)) {
            done.push(id);
        }
    }
    for j in &mut sh.jobs.list {
        j.changed = false;
    }
    for id in done {
        sh.jobs.remove(id);
    }
    sh.out.str(&text);
    Ok(0)
}

/// fg [job] / bg [job…]
pub async fn fg_bg(sh: &mut Shell, argv: &[String]) -> R {
    let name = argv[0].clone();
    let spec = argv.get(1).cloned().unwrap_or_else(|| "%%".into());
    let id = match sh.jobs.find(&spec) {
        Ok(id) => id,
        Err(_) if argv.len() == 1 => return Err(sh.bi_error(&name, "No current job").await),
        Err(_) => return Err(sh.bi_error(&name, &format!("No such job: {spec}")).await),
    };
    if !sh.job_control {
        return Err(sh
            .bi_error(&name, &format!("job {spec} not created under job control"))
            .await);
    }
    let Some(job) = sh.jobs.get_mut(id) else {
        return Ok(1);
    };
    let pgid = job.pgid;
    let text = job.text.clone();
    for p in &mut job.procs {
        if matches!(p.status, Some(WaitStatus::Stopped(_))) {
            p.status = None;
        }
    }
    sh.jobs.make_current(id);
    if name == "fg" {
        if let Some(j) = sh.jobs.get_mut(id) {
            j.bg = false;
        }
        sh.out.line(&text);
        sh.flush_out().await;
        if let Some(tty) = sh.tty {
            let _ = sh.sys.tcsetpgrp(tty, Pid(pgid as u32)).await;
        }
        let _ = sh.sys.kill(-pgid, Some(Signal::SIGCONT)).await;
        return Ok(sh.wait_job(id).await);
    }
    let _ = sh.sys.kill(-pgid, Some(Signal::SIGCONT)).await;
    sh.out.line(&format!("[{id}] {text} &"));
    Ok(0)
}

/// Wait for a background job; `Err(sig)` when a trapped signal interrupts.
async fn wait_bg(sh: &mut Shell, id: usize) -> Result<i32, Signal> {
    loop {
        let Some(job) = sh.jobs.get(id) else {
            return Ok(127);
        };
        if !matches!(job.state(), JobState::Running) {
            let st = job.status();
            if matches!(job.state(), JobState::Done(_)) {
                sh.jobs.remove(id);
            }
            return Ok(st);
        }
        let Some(pid) = job.procs.iter().find(|p| p.status.is_none()).map(|p| p.pid) else {
            return Ok(0);
        };
        let opts = if sh.job_control {
            WaitOptions::WUNTRACED
        } else {
            WaitOptions::empty()
        };
        match sh.sys.waitpid(pid, opts).await {
            Ok(Some((p, st))) => {
                sh.jobs.update(p.0 as i32, st);
                if let WaitStatus::Signaled(sig, core) = st
                    && !sh.interactive
                    && sig != Signal::SIGINT
                    && sig != Signal::SIGPIPE
                {
                    let m = format!(
                        "{}{}\n",
                        sig.description(),
                        if core { " (core dumped)" } else { "" }
                    );
                    sh.err.str(&m);
                    sh.flush_err().await;
                }
            }
            Ok(None) => {}
            Err(Errno::EINTR) => {
                sh.collect_signals().await;
                if let Some(&s) = sh
                    .pending_sigs
                    .iter()
                    .find(|s| sh.traps.get(&(**s as u32)).is_some_and(|a| !a.is_empty()))
                {
                    return Err(s);
                }
            }
            Err(_) => {
                sh.jobs.update(pid, WaitStatus::Exited(127));
            }
        }
    }
}

/// wait [pid|job…]
pub async fn wait(sh: &mut Shell, argv: &[String]) -> R {
    if argv.len() == 1 {
        let ids: Vec<usize> = sh.jobs.list.iter().map(|j| j.id).collect();
        for id in ids {
            if let Err(s) = wait_bg(sh, id).await {
                return Ok(128 + s as i32);
            }
        }
        return Ok(0);
    }
    let mut st = 0;
    for a in &argv[1..] {
        let id = if a.starts_with('%') {
            match sh.jobs.find(a) {
                Ok(id) => Some(id),
                Err(_) => return Err(sh.bi_error("wait", &format!("No such job: {a}")).await),
            }
        } else {
            let pid: i32 = match a.parse() {
                Ok(p) => p,
                Err(_) => return Err(sh.bi_error("wait", &format!("Illegal number: {a}")).await),
            };
            match sh.jobs.by_pid(pid) {
                Some(id) => Some(id),
                None => {
                    st = match sh.sys.waitpid(pid, WaitOptions::empty()).await {
                        Ok(Some((_, w))) => w.shell_status(),
                        _ => 127,
                    };
                    None
                }
            }
        };
        if let Some(id) = id {
            st = match wait_bg(sh, id).await {
                Ok(s) => s,
                Err(s) => return Ok(128 + s as i32),
            };
        }
    }
    Ok(st)
}

const KILL_USAGE: &str =
    "Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]";

/// kill [-s sig | -sig | -n num] target… / kill -l [status]
pub async fn kill(sh: &mut Shell, argv: &[String]) -> R {
    let mut sig = Some(Signal::SIGTERM);
    let mut i = 1;
    let Some(first) = argv.get(1) else {
        return Err(sh.bi_error("kill", KILL_USAGE).await);
    };
    if first == "-l" || first == "-L" {
        let mut text = String::new();
        if let Some(a) = argv.get(2) {
            let n: u32 = match a.parse() {
                Ok(n) => n,
                Err(_) => {
                    return Err(sh
                        .bi_error(
                            "kill",
                            &format!("invalid signal number or exit status: {a}"),
                        )
                        .await);
                }
            };
            let n = if n > 128 { n - 128 } else { n };
            match Signal::from_number(n) {
                Some(s) => text.push_str(&format!("{}\n", s.short_name())),
                None => {
                    return Err(sh
                        .bi_error(
                            "kill",
                            &format!("invalid signal number or exit status: {a}"),
                        )
                        .await);
                }
            }
        } else {
            text.push_str("0\n");
            for s in Signal::ALL {
                text.push_str(&format!("{}\n", s.short_name()));
            }
        }
        sh.out.str(&text);
        return Ok(0);
    }
    if first == "-s" || first == "-n" {
        let Some(name) = argv.get(2) else {
            return Err(sh
                .bi_error("kill", &format!("No arg for {first} option"))
                .await);
        };
        sig = match parse_sig(name) {
            Some(s) => s,
            None => {
                return Err(sh
                    .bi_error("kill", &format!("invalid signal number or name: {name}"))
                    .await);
            }
        };
        i = 3;
    } else if let Some(spec) = first.strip_prefix('-') {
        if spec == "-" {
            i = 2;
        } else if !spec.is_empty() {
            sig = match parse_sig(spec) {
                Some(s) => s,
                None => {
                    let c = spec.chars().next().unwrap_or('?');
                    return Err(sh.bi_error("kill", &format!("Illegal option -{c}")).await);
                }
            };
            i = 2;
        }
    }
    if i >= argv.len() {
        return Err(sh.bi_error("kill", KILL_USAGE).await);
    }
    let mut st = 0;
    for t in &argv[i..] {
        let targets: Vec<i32> = if t.starts_with('%') {
            match sh.jobs.find(t) {
                Ok(id) => match sh.jobs.get(id) {
                    Some(j) if j.pgid > 0 => vec![-j.pgid],
                    Some(j) => j.procs.iter().map(|p| p.pid).collect(),
                    None => vec![],
                },
                Err(_) => return Err(sh.bi_error("kill", &format!("No such job: {t}")).await),
            }
        } else {
            match t.parse::<i32>() {
                Ok(p) => vec![p],
                Err(_) => return Err(sh.bi_error("kill", &format!("Illegal number: {t}")).await),
            }
        };
        for p in targets {
            if let Err(e) = sh.sys.kill(p, sig).await {
                sh.msg(&format!("kill: {}", e.message())).await;
                st = 1;
            }
        }
    }
    Ok(st)
}

/// A signal by name or number; `Some(None)` is signal 0.
fn parse_sig(s: &str) -> Option<Option<Signal>> {
    if s == "0" {
        return Some(None);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().and_then(Signal::from_number).map(Some);
    }
    Signal::parse(s).map(Some)
}
