//! timeout(1): run a command with a time limit, as GNU coreutils does (`man 1 timeout`).
//! The command runs in its own process group (unless `--foreground`); at the deadline the
//! group gets the signal (`-s`, TERM by default) and SIGCONT, and `-k DURATION` later SIGKILL.
//! Exit status: 124 on timeout (the command's with `--preserve-status`), 125 if timeout
//! itself fails, 126/127 if the command cannot run or is not found, else the command's.
//!
//! Nothing blocks: timeout catches SIGCHLD and sleeps until the deadline with `sleep_ns`,
//! which a child's exit interrupts (EINTR); `waitpid(WNOHANG)` then collects it. Signals
//! sent to timeout itself (INT, QUIT, HUP, TERM) are passed on to the command.

use crate::Ctx;
use crate::cmd::files::common as fcommon;
use crate::cmd::text::common;
use crate::cmd::text::misc::parse_duration;
use wosix_abi::call::ClockId;
use wosix_abi::{Errno, Pid, SigAction, Signal, SpawnAttrs, SpawnRequest, WaitOptions, WaitStatus};
use wosix_runtime::Sys;

const HELP: &str = "Usage: timeout [OPTION] DURATION COMMAND [ARG]...
  or:  timeout [OPTION]
Start COMMAND, and kill it if still running after DURATION.

Mandatory arguments to long options are mandatory for short options too.
      --preserve-status
                 exit with the same status as COMMAND, even when the
                   command times out
      --foreground
                 when not running timeout directly from a shell prompt,
                   allow COMMAND to read from the TTY and get TTY signals;
                   in this mode, children of COMMAND will not be timed out
  -k, --kill-after=DURATION
                 also send a KILL signal if COMMAND is still running
                   this long after the initial signal was sent
  -s, --signal=SIGNAL
                 specify the signal to be sent on timeout;
                   SIGNAL may be a name like 'HUP' or a number;
                   see 'kill -l' for a list of signals
  -v, --verbose  diagnose to stderr any signal sent upon timeout
      --help        display this help and exit
      --version     output version information and exit

DURATION is a floating point number with an optional suffix:
's' for seconds (the default), 'm' for minutes, 'h' for hours or 'd' for days.
A duration of 0 disables the associated timeout.

Upon timeout, send the TERM signal to COMMAND, if no other SIGNAL specified.
The TERM signal kills any process that does not block or catch that signal.
It may be necessary to use the KILL signal, since this signal can't be caught.

EXIT status:
  124  if COMMAND times out, and --preserve-status is not specified
  125  if the timeout command itself fails
  126  if COMMAND is found but cannot be invoked
  127  if COMMAND cannot be found
  137  if COMMAND (or timeout itself) is sent the KILL (9) signal (128+9)
  -    the exit status of COMMAND otherwise
";

/// Exit status when timeout itself fails.
const CANCELED: i32 = 125;
/// Exit status on timeout.
const TIMED_OUT: i32 = 124;
/// Longest single sleep, so a missed wake-up costs little.
const SLICE_NS: u64 = 200_000_000;

/// Signals passed on to the command.
const FORWARD: [Signal; 4] = [
    Signal::SIGINT,
    Signal::SIGQUIT,
    Signal::SIGHUP,
    Signal::SIGTERM,
];

async fn now(sys: &Sys) -> u64 {
    match sys.clock_gettime(ClockId::Monotonic).await {
        Ok(t) => t.as_nanos(),
        Err(_) => 0,
    }
}

/// What a run needs to signal the command.
struct Target {
    pid: Pid,
    foreground: bool,
    verbose: bool,
    name: String,
}

impl Target {
    /// Send `sig` to the command (its whole group unless `--foreground`), then SIGCONT.
    async fn send(&self, ctx: &mut Ctx, sig: Signal) {
        if self.verbose {
            let q = common::quote(&self.name);
            ctx.error(&format!(
                "sending signal {} to command {q}",
                sig.short_name()
            ));
            let _ = ctx.err.flush(&ctx.sys).await;
        }
        let target = if self.foreground {
            self.pid.0 as i32
        } else {
            -(self.pid.0 as i32)
        };
        let _ = ctx.sys.kill(target, Some(sig)).await;
        if sig != Signal::SIGKILL && sig != Signal::SIGCONT {
            let _ = ctx.sys.kill(target, Some(Signal::SIGCONT)).await;
        }
    }
}

/// timeout(1).
pub async fn timeout(ctx: &mut Ctx) -> i32 {
    let long = [
        "preserve-status",
        "foreground",
        "kill-after=",
        "signal=",
        "verbose",
        "help",
        "version",
    ];
    let p = match crate::args::parse(&ctx.argv[1..], "k:s:v", &long, false) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, CANCELED),
    };
    let map = [('k', "kill-after"), ('s', "signal"), ('v', "verbose")];
    let (mut preserve, mut foreground, mut verbose) = (false, false, false);
    let mut kill_after = 0u64;
    let mut sig = Signal::SIGTERM;
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "preserve-status" => preserve = true,
            "foreground" => foreground = true,
            "verbose" => verbose = true,
            "kill-after" => match parse_duration(&v) {
                Some(n) => kill_after = n,
                None => {
                    let msg = format!("invalid time interval {}", common::quote(&v));
                    return common::usage(ctx, &msg, CANCELED);
                }
            },
            "signal" => match Signal::parse(&v) {
                Some(s) => sig = s,
                None => {
                    let msg = format!("{}: invalid signal", common::quote(&v));
                    return common::usage(ctx, &msg, CANCELED);
                }
            },
            _ => {}
        }
    }
    if p.operands.len() < 2 {
        return common::usage(ctx, "", CANCELED);
    }
    let Some(duration) = parse_duration(&p.operands[0]) else {
        let msg = format!("invalid time interval {}", common::quote(&p.operands[0]));
        return common::usage(ctx, &msg, CANCELED);
    };
    let argv: Vec<String> = p.operands[1..].to_vec();
    let sys = ctx.sys.clone();
    // Catch SIGCHLD so the sleep below ends when the command does; catch the signals to pass on.
    let _ = sys.sigaction(Signal::SIGCHLD, SigAction::Catch).await;
    for s in FORWARD {
        if sys.sigaction(s, SigAction::Catch).await == Ok(SigAction::Ignore) {
            let _ = sys.sigaction(s, SigAction::Ignore).await;
        }
    }
    let path_var = ctx
        .getenv("PATH")
        .unwrap_or("/usr/local/bin:/usr/bin:/bin")
        .to_string();
    let failed = |ctx: &mut Ctx, e: Errno| {
        let q = common::quote(&argv[0]);
        ctx.error(&format!("failed to run command {q}: {}", e.message()));
        if e == Errno::ENOENT { 127 } else { 126 }
    };
    let path = match fcommon::find_in_path(&sys, &argv[0], &path_var).await {
        Ok(p) => p,
        Err(e) => return failed(ctx, e),
    };
    let _ = ctx.out.flush(&sys).await;
    let _ = ctx.err.flush(&sys).await;
    let mut sigdefault = wosix_abi::SigSet::default();
    for s in FORWARD.into_iter().chain([Signal::SIGCHLD]) {
        sigdefault.insert(s);
    }
    let req = SpawnRequest {
        path,
        argv: argv.clone(),
        envp: ctx.envp(),
        file_actions: Vec::new(),
        attrs: SpawnAttrs {
            pgroup: if foreground { None } else { Some(Pid(0)) },
            sigdefault,
            ..SpawnAttrs::default()
        },
    };
    let pid = match sys.spawn(req).await {
        Ok(pid) => pid,
        Err(e) => return failed(ctx, e),
    };
    let target = Target {
        pid,
        foreground,
        verbose,
        name: argv[0].clone(),
    };
    let start = now(&sys).await;
    let mut deadline = (duration > 0).then(|| start.saturating_add(duration));
    let mut next_sig = sig;
    let mut timed_out = false;
    let status = loop {
        match sys.waitpid(pid.0 as i32, WaitOptions::WNOHANG).await {
            Ok(Some((_, st))) => break st,
            Ok(None) | Err(Errno::EINTR) => {}
            Err(e) => {
                ctx.error(&format!("error waiting for command: {}", e.message()));
                return CANCELED;
            }
        }
        while let Ok(Some(s)) = sys.take_signal().await {
            if s != Signal::SIGCHLD {
                target.send(ctx, s).await;
            }
        }
        let t = now(&sys).await;
        if let Some(d) = deadline
            && t >= d
        {
            timed_out = true;
            target.send(ctx, next_sig).await;
            if next_sig == Signal::SIGKILL && !foreground {
                // GNU's timeout is in the group it kills, and dies with it.
                if let Ok(me) = sys.getpid().await {
                    let _ = sys.sigaction(Signal::SIGKILL, SigAction::Default).await;
                    let _ = sys.kill(me.0 as i32, Some(Signal::SIGKILL)).await;
                }
            }
            deadline = (kill_after > 0).then(|| t.saturating_add(kill_after));
            next_sig = Signal::SIGKILL;
            kill_after = 0;
            continue;
        }
        let left = deadline.map_or(SLICE_NS, |d| (d - t).min(SLICE_NS));
        match sys.sleep_ns(left).await {
            Ok(()) | Err(Errno::EINTR) => {}
            Err(e) => {
                ctx.error(&format!("error waiting for command: {}", e.message()));
                return CANCELED;
            }
        }
    };
    finish(ctx, status, timed_out, preserve).await
}

/// The exit status for the command's `status`, re-raising its signal when it was not ours.
async fn finish(ctx: &mut Ctx, status: WaitStatus, timed_out: bool, preserve: bool) -> i32 {
    let mut preserve = preserve;
    let code = match status {
        WaitStatus::Exited(c) => i32::from(c),
        WaitStatus::Signaled(s, core) => {
            if core {
                ctx.error("the monitored command dumped core");
            }
            if !timed_out && s.catchable() {
                // Die the same way, as the command did.
                ctx.flush().await;
                let _ = ctx.sys.sigaction(s, SigAction::Default).await;
                if let Ok(me) = ctx.sys.getpid().await {
                    let _ = ctx.sys.kill(me.0 as i32, Some(s)).await;
                }
            }
            if timed_out && s == Signal::SIGKILL {
                preserve = true;
            }
            128 + s.number() as i32
        }
        _ => 1,
    };
    if timed_out && !preserve {
        TIMED_OUT
    } else {
        code
    }
}
