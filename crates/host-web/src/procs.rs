//! Processes started by the facade's `spawn`. Process 1 starts them as the workdir's owner,
//! either on a fresh pseudo-terminal (with `terminal`: a new session with the pty as its
//! controlling terminal, its group in the foreground, so ^C and job control are the kernel's
//! line discipline at work) or with three pipes (stdout and stderr then reach the page
//! separately). Host tasks pump output out as events, feed input in, and report the exit.
//!
//! Descriptor ownership is strict, because descriptor numbers of process 1 are reused: output
//! pumps only read, the feeder alone writes and closes the stdin pipe, and the exit task closes
//! everything else after the other tasks are done. A control pipe wakes the pumps at exit.

use crate::engine::State;
use crate::paths::resolve_from;
use crate::proto::Size;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use wosix_abi::call::poll::{POLLERR, POLLHUP, POLLIN};
use wosix_abi::{
    Errno, FcntlCmd, Fd, FileAction, OFlags, Pid, SpawnAttrs, SpawnRequest, SysResult, Winsize,
};
use wosix_runtime::{HostQueue, Machine, Sys};

/// Bytes read per output chunk.
const CHUNK: usize = 64 * 1024;

/// Mode of a terminal a user is logged in on.
const TTY_MODE: u32 = 0o620;

/// Input to a running process, in order.
#[derive(Debug)]
pub enum Input {
    /// Bytes for its standard input.
    Data(Vec<u8>),
    /// End of input: close the stdin pipe, or type ^D on a terminal.
    Eof,
    /// A new terminal size.
    Resize(Size),
}

/// What the facade asked to start.
#[derive(Clone, Debug)]
pub struct SpawnSpec {
    /// Program name or path.
    pub command: String,
    /// Arguments after argv[0].
    pub args: Vec<String>,
    /// Absolute working directory.
    pub cwd: String,
    /// Extra environment (overrides the defaults).
    pub env: BTreeMap<String, String>,
    /// Pty size, if the process gets a terminal.
    pub terminal: Option<Size>,
    /// Whether output is forwarded.
    pub output: bool,
}

/// Move `fd` above the standard descriptors (close-on-exec), so `Dup2` actions onto 0–2 never
/// overwrite another action's source.
async fn above_stdio(sys: &Sys, fd: Fd) -> SysResult<Fd> {
    if fd.0 > 2 {
        return Ok(fd);
    }
    let high = sys.fcntl(fd, FcntlCmd::DupFdCloexec(Fd(3))).await?;
    let _ = sys.close(fd).await;
    u32::try_from(high).map(Fd).map_err(|_| Errno::EBADF)
}

/// Find `command` as sh(1) would: a name with a slash is a path (relative to `cwd`), anything
/// else is searched in `path`. `None` when no executable regular file is found.
pub async fn find_command(sys: &Sys, command: &str, path: &str, cwd: &str) -> Option<String> {
    let is_exec = |st: &wosix_abi::Stat| {
        st.file_type() == wosix_abi::FileType::Regular && st.mode & 0o111 != 0
    };
    if command.contains('/') {
        let p = resolve_from(cwd, command);
        return sys.stat(&p).await.ok().filter(is_exec).map(|_| p);
    }
    if command.is_empty() {
        return None;
    }
    for dir in path.split(':') {
        let dir = if dir.is_empty() { "." } else { dir };
        let p = resolve_from(cwd, &format!("{dir}/{command}"));
        if sys.stat(&p).await.ok().filter(is_exec).is_some() {
            return Some(p);
        }
    }
    None
}

/// Start `spec`; returns the pid once the process exists. Output, input and exit are then
/// handled by host tasks.
pub async fn spawn(machine: &Machine, state: &Arc<State>, spec: SpawnSpec) -> SysResult<u32> {
    let sys = machine.init();
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    let acct = &state.account;
    env.insert("HOME".into(), state.workdir.clone());
    env.insert("USER".into(), acct.name.clone());
    env.insert("LOGNAME".into(), acct.name.clone());
    env.insert("SHELL".into(), "/bin/sh".into());
    env.insert("PATH".into(), crate::engine::PATH.into());
    env.insert("PWD".into(), spec.cwd.clone());
    env.insert(
        "TERM".into(),
        if spec.terminal.is_some() {
            "xterm-256color"
        } else {
            "dumb"
        }
        .into(),
    );
    env.extend(spec.env.clone());
    let path_var = env.get("PATH").cloned().unwrap_or_default();
    let (path, argv) = match find_command(&sys, &spec.command, &path_var, &spec.cwd).await {
        Some(p) => (
            p,
            std::iter::once(spec.command.clone())
                .chain(spec.args.clone())
                .collect::<Vec<_>>(),
        ),
        // Let the shell say "not found" and exit 127, as it would for a typed command.
        None => {
            let mut a = vec![
                "sh".to_string(),
                "-c".into(),
                "exec \"$0\" \"$@\"".into(),
                spec.command.clone(),
            ];
            a.extend(spec.args.clone());
            ("/bin/sh".to_string(), a)
        }
    };
    let envp = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut req = SpawnRequest {
        path,
        argv,
        envp,
        file_actions: Vec::new(),
        attrs: SpawnAttrs::default(),
    };
    req.attrs.creds = Some(acct.creds());
    req.attrs.sigdefault.insert(wosix_abi::Signal::SIGPIPE);
    match spec.terminal {
        Some(size) => spawn_pty(machine, state, &sys, req, &spec, size).await,
        None => spawn_piped(machine, state, &sys, req, &spec).await,
    }
}

async fn spawn_pty(
    machine: &Machine,
    state: &Arc<State>,
    sys: &Sys,
    mut req: SpawnRequest,
    spec: &SpawnSpec,
    size: Size,
) -> SysResult<u32> {
    let master = above_stdio(
        sys,
        sys.open("/dev/ptmx", OFlags::RDWR | OFlags::CLOEXEC, 0)
            .await?,
    )
    .await?;
    let opened = async {
        let slave = sys.ptsname(master).await?;
        let _ = sys
            .chown(&slave, Some(wosix_abi::Uid(state.account.uid)), None)
            .await;
        let _ = sys.chmod(&slave, TTY_MODE).await;
        sys.set_winsize(master, winsize(size)).await?;
        let tty = sys
            .open(&slave, OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC, 0)
            .await?;
        above_stdio(sys, tty).await
    };
    let tty = match opened.await {
        Ok(t) => t,
        Err(e) => {
            let _ = sys.close(master).await;
            return Err(e);
        }
    };
    req.file_actions = vec![
        FileAction::Dup2 {
            from: tty,
            to: Fd::STDIN,
        },
        FileAction::Dup2 {
            from: tty,
            to: Fd::STDOUT,
        },
        FileAction::Dup2 {
            from: tty,
            to: Fd::STDERR,
        },
        FileAction::Chdir(spec.cwd.clone()),
    ];
    req.attrs.setsid = true;
    req.attrs.ctty = Some(Fd::STDIN);
    req.attrs.foreground = true;
    let spawned = sys.spawn(req).await;
    let _ = sys.close(tty).await;
    let pid = match spawned {
        Ok(p) => p,
        Err(e) => {
            let _ = sys.close(master).await;
            return Err(e);
        }
    };
    let exit = machine.watch_exit(pid);
    let io = Io {
        outputs: vec![(master, 0)],
        stdin: Some(master),
        stdin_is_pty: true,
        owned: vec![master],
    };
    start_tasks(machine, state, sys, pid, exit, io, spec.output).await
}

async fn spawn_piped(
    machine: &Machine,
    state: &Arc<State>,
    sys: &Sys,
    mut req: SpawnRequest,
    spec: &SpawnSpec,
) -> SysResult<u32> {
    let mut ends = Vec::new();
    for _ in 0..3 {
        match sys.pipe(OFlags::CLOEXEC).await {
            Ok((r, w)) => {
                let r = above_stdio(sys, r).await?;
                let w = above_stdio(sys, w).await?;
                ends.push((r, w));
            }
            Err(e) => {
                for (r, w) in ends {
                    let _ = sys.close(r).await;
                    let _ = sys.close(w).await;
                }
                return Err(e);
            }
        }
    }
    let ((in_r, in_w), (out_r, out_w), (err_r, err_w)) = (ends[0], ends[1], ends[2]);
    req.file_actions = vec![
        FileAction::Dup2 {
            from: in_r,
            to: Fd::STDIN,
        },
        FileAction::Dup2 {
            from: out_w,
            to: Fd::STDOUT,
        },
        FileAction::Dup2 {
            from: err_w,
            to: Fd::STDERR,
        },
        FileAction::Chdir(spec.cwd.clone()),
    ];
    // Its own process group, so that kill() reaches its children too.
    req.attrs.pgroup = Some(Pid(0));
    let spawned = sys.spawn(req).await;
    for fd in [in_r, out_w, err_w] {
        let _ = sys.close(fd).await;
    }
    let pid = match spawned {
        Ok(p) => p,
        Err(e) => {
            for fd in [in_w, out_r, err_r] {
                let _ = sys.close(fd).await;
            }
            return Err(e);
        }
    };
    let exit = machine.watch_exit(pid);
    let io = Io {
        outputs: vec![(out_r, 1), (err_r, 2)],
        stdin: Some(in_w),
        stdin_is_pty: false,
        owned: vec![out_r, err_r],
    };
    start_tasks(machine, state, sys, pid, exit, io, spec.output).await
}

fn winsize(s: Size) -> Winsize {
    Winsize {
        rows: s.rows,
        cols: s.cols,
        xpixel: 0,
        ypixel: 0,
    }
}

/// The descriptors of process 1 serving one process.
struct Io {
    /// Output descriptors and the stream number they report as.
    outputs: Vec<(Fd, u8)>,
    /// Where input goes.
    stdin: Option<Fd>,
    /// Whether `stdin` is the pty master (closed by the exit task, not the feeder).
    stdin_is_pty: bool,
    /// Descriptors the exit task closes.
    owned: Vec<Fd>,
}

async fn start_tasks(
    machine: &Machine,
    state: &Arc<State>,
    sys: &Sys,
    pid: Pid,
    exit: Arc<HostQueue<wosix_abi::WaitStatus>>,
    io: Io,
    forward: bool,
) -> SysResult<u32> {
    let (ctl_r, ctl_w) = sys.pipe(OFlags::CLOEXEC).await?;
    let input: Arc<HostQueue<Input>> = HostQueue::new();
    state.add_proc(pid.0, input.clone());
    let done: Arc<HostQueue<()>> = HostQueue::new();
    let mut tasks = 0;
    for &(fd, stream) in &io.outputs {
        let (s, st, d) = (sys.clone(), state.clone(), done.clone());
        machine.spawn_task(async move {
            pump(&s, fd, ctl_r, |data| {
                if forward {
                    st.emit(json!({"ev": "out", "pid": pid.0, "fd": stream}), Some(data));
                }
            })
            .await;
            d.push(());
            0
        });
        tasks += 1;
    }
    if let Some(fd) = io.stdin {
        let (s, q, d, pty) = (sys.clone(), input.clone(), done.clone(), io.stdin_is_pty);
        machine.spawn_task(async move {
            feed(&s, fd, &q, pty).await;
            d.push(());
            0
        });
    }
    let (s, st) = (sys.clone(), state.clone());
    machine.spawn_task(async move {
        let status = exit.pop().await.map(|w| w.shell_status()).unwrap_or(1);
        let _ = s.write_all(ctl_w, b"x").await;
        for _ in 0..tasks {
            done.pop().await;
        }
        input.close();
        if io.stdin.is_some() {
            done.pop().await;
        }
        for fd in io.owned.iter().copied().chain([ctl_r, ctl_w]) {
            let _ = s.close(fd).await;
        }
        st.remove_proc(pid.0);
        st.emit(json!({"ev": "exit", "pid": pid.0, "code": status}), None);
        0
    });
    Ok(pid.0)
}

/// Forward `fd`'s output until end of file, or until `ctl` is readable (the process ended),
/// then whatever is still buffered.
async fn pump(sys: &Sys, fd: Fd, ctl: Fd, mut emit: impl FnMut(Vec<u8>)) {
    let mut ended = false;
    loop {
        let timeout = if ended { Some(0) } else { None };
        let Ok(r) = sys.poll(vec![(fd, POLLIN), (ctl, POLLIN)], timeout).await else {
            return;
        };
        let ready = r.first().copied().unwrap_or(0);
        if ready & (POLLIN | POLLHUP | POLLERR) != 0 {
            match sys.read_vec(fd, CHUNK).await {
                Ok(d) if !d.is_empty() => {
                    emit(d);
                    continue;
                }
                _ => {
                    if ended {
                        return;
                    }
                    // End of file (or EIO: no slave left). Wait for the exit.
                    let _ = sys.poll(vec![(ctl, POLLIN)], None).await;
                    return;
                }
            }
        }
        if ended {
            return;
        }
        if r.get(1).copied().unwrap_or(0) & POLLIN != 0 {
            ended = true;
        }
    }
}

/// Write queued input into `fd` until the queue closes; the stdin pipe is closed at the end
/// (or at `Eof`), a pty master gets ^D for `Eof` and size changes.
async fn feed(sys: &Sys, fd: Fd, q: &HostQueue<Input>, pty: bool) {
    let mut open = true;
    while let Some(item) = q.pop().await {
        match item {
            Input::Data(d) if open => {
                let failed = sys.write_all(fd, &d).await.is_err();
                if failed && !pty {
                    let _ = sys.close(fd).await;
                    open = false;
                }
            }
            Input::Eof if open => {
                if pty {
                    let _ = sys.write_all(fd, &[0x04]).await;
                } else {
                    let _ = sys.close(fd).await;
                    open = false;
                }
            }
            Input::Resize(s) if pty => {
                let _ = sys.set_winsize(fd, winsize(s)).await;
            }
            _ => {}
        }
    }
    if open && !pty {
        let _ = sys.close(fd).await;
    }
}
