//! The engine: one booted machine and the state the facade's requests share (outbox, the file
//! system agent's handle, running processes, watchers). Requests become host tasks; their
//! replies and all events go to an outbox that the worker drains after [`Engine::run`].

use crate::fsops::{self, FsError};
use crate::paths::{resolve_from, resolve_in};
use crate::procs::{self, Input, SpawnSpec};
use crate::programs::{AGENT, AGENT_PATH, WebSource, XDG_OPEN};
use crate::proto::{Op, Size};
use crate::watch::{self, Watcher};
use crate::{snapshot, tree, zip};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use wosix_abi::{
    Errno, FileAction, Gid, OFlags, SigAction, Signal, SpawnAttrs, SpawnCreds, SpawnRequest, Uid,
};
use wosix_runtime::{Host, HostQueue, Machine, Sys};
use wosix_userland::Userland;

/// The PATH of spawned processes (also `WebContainer.path`).
pub const PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// One message for the page: JSON text and an optional payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutMsg {
    /// The JSON message.
    pub json: String,
    /// Bytes travelling with it (transferred, not copied, by the worker).
    pub data: Option<Vec<u8>>,
}

/// The account processes and file system calls run as.
#[derive(Clone, Debug)]
pub struct Account {
    /// Login name.
    pub name: String,
    /// User id.
    pub uid: u32,
    /// Primary group.
    pub gid: u32,
    /// Supplementary groups.
    pub groups: Vec<u32>,
}

impl Account {
    /// Spawn credentials for the account.
    pub fn creds(&self) -> SpawnCreds {
        SpawnCreds {
            uid: Uid(self.uid),
            gid: Gid(self.gid),
            groups: self.groups.iter().map(|g| Gid(*g)).collect(),
        }
    }
}

/// State shared by the engine, its host tasks and the host's programs.
pub struct State {
    outbox: Mutex<VecDeque<OutMsg>>,
    agent: Mutex<Option<Sys>>,
    procs: Mutex<HashMap<u32, Arc<HostQueue<Input>>>>,
    watchers: Mutex<(BTreeMap<u32, Watcher>, bool)>,
    /// The kernel's [`fs_changes`](wosix_runtime::kernel::Kernel::fs_changes) when the last
    /// periodic scan started: an unchanged tree is not scanned again.
    scanned: std::sync::atomic::AtomicU64,
    /// Scans performed (observability for tests).
    scans: std::sync::atomic::AtomicU64,
    /// The workdir (`/home/<workdirName>`).
    pub workdir: String,
    /// Who processes run as.
    pub account: Account,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    /// Queue an event (or reply) for the page.
    pub fn emit(&self, v: Value, data: Option<Vec<u8>>) {
        lock(&self.outbox).push_back(OutMsg {
            json: v.to_string(),
            data,
        });
    }

    fn reply(&self, id: &Value, r: Result<Value, Value>, data: Option<Vec<u8>>) {
        match r {
            Ok(v) => self.emit(json!({"re": id, "ok": v}), data),
            Err(e) => self.emit(json!({"re": id, "err": e}), None),
        }
    }

    /// Register (or forget) the file system agent's handle.
    pub fn set_agent(&self, sys: Option<Sys>) {
        *lock(&self.agent) = sys;
    }

    fn agent(&self) -> Option<Sys> {
        lock(&self.agent).clone()
    }

    /// Track a running process's input queue.
    pub fn add_proc(&self, pid: u32, q: Arc<HostQueue<Input>>) {
        lock(&self.procs).insert(pid, q);
    }

    /// Forget a process that ended.
    pub fn remove_proc(&self, pid: u32) {
        lock(&self.procs).remove(&pid);
    }

    fn proc_input(&self, pid: u32) -> Option<Arc<HostQueue<Input>>> {
        lock(&self.procs).get(&pid).cloned()
    }
}

/// A booted machine serving one facade instance.
pub struct Engine {
    machine: Machine,
    state: Arc<State>,
}

fn plain_err(code: &str, message: impl Into<String>) -> Value {
    json!({"code": code, "message": message.into()})
}

fn errno_err(e: Errno, what: &str) -> Value {
    json!({"code": e.name(), "errno": -e.code(), "message": format!("{what}: {}", e.message())})
}

impl Engine {
    /// How many watcher scans ran (tests check that an unchanged tree is not re-scanned).
    #[cfg(test)]
    pub fn scans(&self) -> u64 {
        self.state.scans.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Boot a machine with the base image, the workdir `/home/<workdir_name>` owned by the
    /// user account, and the host's programs; start the file system agent.
    pub fn boot(host: Arc<dyn Host>, workdir_name: &str) -> Result<Engine, String> {
        if !crate::paths::valid_folder_name(workdir_name) {
            return Err("workdirName should be a valid folder name".into());
        }
        let account = Account {
            name: "user".into(),
            uid: 1000,
            gid: 1000,
            groups: vec![1000, 10, 100],
        };
        let state = Arc::new(State {
            outbox: Mutex::new(VecDeque::new()),
            agent: Mutex::new(None),
            procs: Mutex::new(HashMap::new()),
            watchers: Mutex::new((BTreeMap::new(), false)),
            scanned: std::sync::atomic::AtomicU64::new(u64::MAX),
            scans: std::sync::atomic::AtomicU64::new(0),
            workdir: format!("/home/{workdir_name}"),
            account,
        });
        let kernel = wosix_runtime::kernel::Kernel::boot(wosix_userland::image::HOSTNAME);
        let source = WebSource {
            userland: Userland::default(),
            state: state.clone(),
        };
        let machine = Machine::new(kernel, host, Arc::new(source));
        // A guest listening on a port becomes the facade's `port` and `server-ready` events.
        let st = state.clone();
        machine.on_port(move |port, open| {
            let kind = if open { "open" } else { "close" };
            st.emit(json!({"ev": "port", "port": port, "type": kind}), None);
        });
        let sys = machine.init();
        let result: Arc<Mutex<Option<Result<(), String>>>> = Arc::new(Mutex::new(None));
        let (r2, st) = (result.clone(), state.clone());
        machine.spawn_task(async move {
            let r = install(&sys, &st).await;
            *lock(&r2) = Some(r);
            0
        });
        let engine = Engine { machine, state };
        for _ in 0..100_000 {
            engine.machine.run_until_stalled();
            if lock(&result).is_some() {
                break;
            }
        }
        match lock(&result).take() {
            Some(Ok(())) => {}
            Some(Err(e)) => return Err(e),
            None => return Err("boot did not finish".into()),
        }
        engine.start_agent();
        for _ in 0..100_000 {
            if engine.state.agent().is_some() {
                return Ok(engine);
            }
            engine.machine.run_until_stalled();
        }
        Err("the file system agent did not start".into())
    }

    /// Keep the file system agent running: start it, and start it again if it dies.
    fn start_agent(&self) {
        let (m, st) = (self.machine.clone(), self.state.clone());
        self.machine.spawn_task(async move {
            let sys = m.init();
            loop {
                let req = SpawnRequest {
                    path: AGENT_PATH.into(),
                    argv: vec![AGENT.into()],
                    envp: vec![format!("HOME={}", st.workdir), format!("PATH={PATH}")],
                    file_actions: vec![FileAction::Chdir(st.workdir.clone())],
                    attrs: SpawnAttrs {
                        creds: Some(st.account.creds()),
                        ..SpawnAttrs::default()
                    },
                };
                let Ok(pid) = sys.spawn(req).await else {
                    return 1;
                };
                let exit = m.watch_exit(pid);
                exit.pop().await;
                st.set_agent(None);
            }
        });
    }

    /// The workdir.
    pub fn workdir(&self) -> &str {
        &self.state.workdir
    }

    /// The machine (for tests and inspection).
    pub fn machine(&self) -> &Machine {
        &self.machine
    }

    /// Run every ready task; returns the monotonic time (ns) of the next timer, if any.
    pub fn run(&self) -> Option<u64> {
        self.machine.run_until_stalled()
    }

    /// Take the next message for the page.
    pub fn take(&self) -> Option<OutMsg> {
        lock(&self.state.outbox).pop_front()
    }

    /// Whether any watcher is active (the worker then sends `scan` periodically).
    pub fn watching(&self) -> bool {
        !lock(&self.state.watchers).0.is_empty()
    }

    /// Handle one request. Never panics: a malformed request gets an error reply.
    pub fn request(&self, json_text: &str, data: Option<Vec<u8>>) {
        let v: Value = match serde_json::from_str(json_text) {
            Ok(v) => v,
            Err(e) => {
                return self.state.reply(
                    &Value::Null,
                    Err(plain_err("EINVAL", format!("bad request: {e}"))),
                    None,
                );
            }
        };
        let id = v.get("id").cloned().unwrap_or(Value::Null);
        let op: Op = match serde_json::from_value(v) {
            Ok(op) => op,
            Err(e) => {
                return self.state.reply(
                    &id,
                    Err(plain_err("EINVAL", format!("bad request: {e}"))),
                    None,
                );
            }
        };
        let st = self.state.clone();
        let data = data.unwrap_or_default();
        let root = |p: &str| resolve_in(&st.workdir, p);
        match op {
            Op::Input { pid } => return self.to_proc(&id, pid, Input::Data(data)),
            Op::CloseInput { pid } => return self.to_proc(&id, pid, Input::Eof),
            Op::Resize { pid, cols, rows } => {
                return self.to_proc(&id, pid, Input::Resize(Size { cols, rows }));
            }
            Op::Unwatch { wid } => {
                lock(&st.watchers).0.remove(&wid);
                return st.reply(&id, Ok(Value::Null), None);
            }
            Op::Spawn {
                command,
                args,
                cwd,
                env,
                terminal,
                output,
            } => {
                let cwd = cwd
                    .map(|c| resolve_from(&st.workdir, &c))
                    .unwrap_or_else(|| st.workdir.clone());
                let spec = SpawnSpec {
                    command,
                    args,
                    cwd,
                    env,
                    terminal,
                    output,
                };
                let m = self.machine.clone();
                self.machine.spawn_task(async move {
                    let r = procs::spawn(&m, &st, spec).await;
                    st.reply(
                        &id,
                        r.map(|pid| json!({"pid": pid}))
                            .map_err(|e| errno_err(e, "spawn")),
                        None,
                    );
                    0
                });
                return;
            }
            Op::Kill { pid, signal } => {
                let sig = match signal.as_deref().map(Signal::parse) {
                    None => Signal::SIGTERM,
                    Some(Some(s)) => s,
                    Some(None) => {
                        return st.reply(&id, Err(plain_err("EINVAL", "unknown signal")), None);
                    }
                };
                let sys = self.machine.init();
                self.machine.spawn_task(async move {
                    let r = match sys.kill(-(pid as i32), Some(sig)).await {
                        Err(Errno::ESRCH) => sys.kill(pid as i32, Some(sig)).await,
                        r => r,
                    };
                    st.reply(
                        &id,
                        r.map(|_| Value::Null).map_err(|e| errno_err(e, "kill")),
                        None,
                    );
                    0
                });
                return;
            }
            _ => {}
        }
        let Some(sys) = st.agent() else {
            return st.reply(
                &id,
                Err(errno_err(Errno::EAGAIN, "file system agent")),
                None,
            );
        };
        let workdir = st.workdir.clone();
        let op = match op {
            Op::ReadFile { path } => Fs::Read(root(&path)),
            Op::WriteFile { path } => Fs::Write(root(&path), data),
            Op::Readdir { path } => Fs::Readdir(root(&path)),
            Op::Mkdir { path, recursive } => Fs::Mkdir(root(&path), recursive),
            Op::Rm {
                path,
                recursive,
                force,
            } => Fs::Rm(root(&path), recursive, force),
            Op::Rename { from, to } => Fs::Rename(root(&from), root(&to)),
            Op::Stat { path, lstat } => Fs::Stat(root(&path), lstat),
            Op::Mount { mount_point } => {
                Fs::Mount(mount_point.map(|p| root(&p)).unwrap_or(workdir), data)
            }
            Op::Export {
                path,
                format,
                includes,
                excludes,
            } => Fs::Export(root(&path), format, includes, excludes),
            Op::Watch {
                wid,
                path,
                recursive,
            } => Fs::Watch(wid, root(&path), recursive),
            Op::Scan => {
                // The periodic scan: nothing to compare when no file changed since the last.
                use std::sync::atomic::Ordering::Relaxed;
                let now = self.machine.with_kernel(|k| k.fs_changes());
                if st.scanned.swap(now, Relaxed) == now {
                    return st.reply(&id, Ok(Value::Null), None);
                }
                Fs::Scan
            }
            _ => return,
        };
        self.machine.spawn_task(async move {
            let mutates = op.mutates();
            let (r, payload) = run_fs(&sys, &st, op).await;
            st.reply(&id, r, payload);
            if mutates {
                scan(&sys, &st).await;
            }
            0
        });
    }

    fn to_proc(&self, id: &Value, pid: u32, input: Input) {
        match self.state.proc_input(pid) {
            Some(q) => {
                q.push(input);
                self.state.reply(id, Ok(Value::Null), None);
            }
            None => self
                .state
                .reply(id, Err(errno_err(Errno::ESRCH, "process")), None),
        }
    }
}

/// A file system request, with paths resolved.
enum Fs {
    Read(String),
    Write(String, Vec<u8>),
    Readdir(String),
    Mkdir(String, bool),
    Rm(String, bool, bool),
    Rename(String, String),
    Stat(String, bool),
    Mount(String, Vec<u8>),
    Export(String, Option<String>, Vec<String>, Vec<String>),
    Watch(u32, String, bool),
    Scan,
}

impl Fs {
    fn mutates(&self) -> bool {
        matches!(
            self,
            Fs::Write(..) | Fs::Mkdir(..) | Fs::Rm(..) | Fs::Rename(..) | Fs::Mount(..)
        )
    }
}

async fn run_fs(sys: &Sys, st: &Arc<State>, op: Fs) -> (Result<Value, Value>, Option<Vec<u8>>) {
    let e = |e: FsError| e.to_json();
    match op {
        Fs::Read(p) => match fsops::read_file(sys, &p).await {
            Ok(d) => (Ok(Value::Null), Some(d)),
            Err(err) => (Err(e(err)), None),
        },
        Fs::Write(p, d) => (
            fsops::write_file(sys, &p, &d)
                .await
                .map(|_| Value::Null)
                .map_err(e),
            None,
        ),
        Fs::Readdir(p) => (
            fsops::readdir(sys, &p)
                .await
                .map(|v| json!({"entries": v}))
                .map_err(e),
            None,
        ),
        Fs::Mkdir(p, rec) => (
            fsops::mkdir(sys, &p, rec)
                .await
                .map(|f| json!({"first": f}))
                .map_err(e),
            None,
        ),
        Fs::Rm(p, rec, force) => (
            fsops::rm(sys, &p, rec, force)
                .await
                .map(|_| Value::Null)
                .map_err(e),
            None,
        ),
        Fs::Rename(a, b) => (
            fsops::rename(sys, &a, &b)
                .await
                .map(|_| Value::Null)
                .map_err(e),
            None,
        ),
        Fs::Stat(p, l) => {
            let r = if l {
                sys.lstat(&p).await
            } else {
                sys.stat(&p).await
            };
            let r = r.map_err(|err| {
                e(FsError::new(
                    err,
                    if l { "lstat" } else { "stat" },
                    Some(&p),
                ))
            });
            (
                r.map(|s| {
                    json!({"type": fsops::type_code(s.file_type()), "size": s.size, "mode": s.mode, "uid": s.uid.0, "gid": s.gid.0,
                           "ino": s.ino.0, "nlink": s.nlink, "mtimeMs": s.mtime.sec as f64 * 1000.0 + f64::from(s.mtime.nsec) / 1e6})
                }),
                None,
            )
        }
        Fs::Mount(root, data) => {
            let entries = if snapshot::is_snapshot(&data) {
                snapshot::decode(&data)
            } else {
                tree::from_wire_json(&data)
            };
            match entries {
                Ok(entries) => (
                    tree::write_tree(sys, &root, &entries)
                        .await
                        .map(|_| Value::Null)
                        .map_err(e),
                    None,
                ),
                Err(msg) => (Err(plain_err("EINVAL", msg)), None),
            }
        }
        Fs::Export(p, format, inc, exc) => {
            let format = format.unwrap_or_else(|| "json".into());
            if !matches!(format.as_str(), "json" | "binary" | "zip") {
                return (
                    Err(plain_err(
                        "EINVAL",
                        format!("Unsupported export format: {format}"),
                    )),
                    None,
                );
            }
            if format == "json" && sys.stat(&p).await.is_ok_and(|s| !s.is_dir()) {
                return (
                    Err(plain_err(
                        "EINVAL",
                        "It is not possible to export a single file in the JSON format.",
                    )),
                    None,
                );
            }
            let (inc, exc) = (
                crate::glob::GlobSet::new(&inc),
                crate::glob::GlobSet::new(&exc),
            );
            match tree::read_tree(sys, &p, &inc, &exc).await {
                Ok(entries) => {
                    let bytes = match format.as_str() {
                        "binary" => snapshot::encode(&entries),
                        "zip" => zip::encode(&entries),
                        _ => tree::to_wire_json(&entries),
                    };
                    (Ok(json!({"format": format})), Some(bytes))
                }
                Err(err) => (Err(e(err)), None),
            }
        }
        Fs::Watch(wid, p, recursive) => {
            if let Err(err) = sys.lstat(&p).await {
                return (Err(e(FsError::new(err, "watch", Some(&p)))), None);
            }
            let snap = watch::snapshot(sys, &p, recursive).await;
            lock(&st.watchers).0.insert(
                wid,
                Watcher {
                    root: p,
                    recursive,
                    snap,
                },
            );
            (Ok(Value::Null), None)
        }
        Fs::Scan => {
            scan(sys, st).await;
            (Ok(Value::Null), None)
        }
    }
}

/// Compare every watcher's path with its last state and emit the differences. Scans do not
/// overlap; one requested during a scan is skipped (the periodic scan catches up).
async fn scan(sys: &Sys, st: &Arc<State>) {
    let list: Vec<(u32, Watcher)> = {
        let mut g = lock(&st.watchers);
        if g.1 || g.0.is_empty() {
            return;
        }
        g.1 = true;
        g.0.iter().map(|(k, v)| (*k, v.clone())).collect()
    };
    st.scans.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    for (wid, w) in list {
        let new = watch::snapshot(sys, &w.root, w.recursive).await;
        for (event, filename) in watch::diff(&w.root, &w.snap, &new) {
            st.emit(
                json!({"ev": "watch", "wid": wid, "event": event, "filename": filename}),
                None,
            );
        }
        if let Some(x) = lock(&st.watchers).0.get_mut(&wid) {
            x.snap = new;
        }
    }
    lock(&st.watchers).1 = false;
}

/// Install the base image, the workdir and the host's programs (as process 1).
async fn install(sys: &Sys, st: &State) -> Result<(), String> {
    let fail = |what: &str, e: Errno| format!("boot: {what}: {}", e.message());
    wosix_userland::image::install(sys)
        .await
        .map_err(|e| fail("base image", e))?;
    // Process 1 writes into pipes whose readers may be gone; it must live on (EPIPE).
    let _ = sys.sigaction(Signal::SIGPIPE, SigAction::Ignore).await;
    let acct = &st.account;
    match sys.mkdir(&st.workdir, 0o755).await {
        Ok(()) | Err(Errno::EEXIST) => {}
        Err(e) => return Err(fail(&st.workdir, e)),
    }
    sys.chown(&st.workdir, Some(Uid(acct.uid)), Some(Gid(acct.gid)))
        .await
        .map_err(|e| fail(&st.workdir, e))?;
    match sys.mkdir("/usr/libexec", 0o755).await {
        Ok(()) | Err(Errno::EEXIST) => {}
        Err(e) => return Err(fail("/usr/libexec", e)),
    }
    for (path, name) in [
        (AGENT_PATH.to_string(), AGENT),
        (format!("/usr/bin/{XDG_OPEN}"), XDG_OPEN),
    ] {
        let mut body = wosix_abi::spawn::BUILTIN_MAGIC.to_vec();
        body.extend_from_slice(name.as_bytes());
        body.push(b'\n');
        let flags = OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC | OFlags::CLOEXEC;
        let fd = sys
            .open(&path, flags, 0o755)
            .await
            .map_err(|e| fail(&path, e))?;
        let w = sys.write_all(fd, &body).await;
        let _ = sys.close(fd).await;
        w.map_err(|e| fail(&path, e))?;
        sys.chmod(&path, 0o755).await.map_err(|e| fail(&path, e))?;
    }
    Ok(())
}
