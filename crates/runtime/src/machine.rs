//! `Machine`: the kernel plus the executor plus the host. Hosts drive it with
//! [`Machine::run_until_stalled`] (web: from the event loop) or [`Machine::run`] (native:
//! sleeping while nothing is ready). Process 1 is played by the runtime itself: it reaps
//! orphans and tells hosts when the processes they started end.

use crate::executor::{Exec, HostQueue, TaskFuture, TaskId};
use crate::sys::{ProgramFuture, Sys};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Duration;
use wosix_abi::{Call, Errno, Pid, WaitOptions, WaitStatus};
use wosix_kernel::{Event, ExecImage, Kernel};

/// What a host supplies: clocks and entropy (DESIGN.md, principle 7).
pub trait Host: Send + Sync {
    /// Nanoseconds since an arbitrary fixed point, never going back.
    fn monotonic_ns(&self) -> u64;
    /// Nanoseconds since the Unix epoch.
    fn realtime_ns(&self) -> u64;
    /// Fill `buf` with unpredictable bytes.
    fn entropy(&self, buf: &mut [u8]);
}

/// The native host's clocks (std::time) and entropy (the OS generator, via std's hasher keys).
pub struct StdHost {
    start: std::time::Instant,
}

impl StdHost {
    /// Clocks starting now.
    pub fn new() -> StdHost {
        StdHost {
            start: std::time::Instant::now(),
        }
    }
}

impl Host for StdHost {
    fn monotonic_ns(&self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }
    fn realtime_ns(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    }
    fn entropy(&self, buf: &mut [u8]) {
        use std::hash::{BuildHasher, Hasher};
        for chunk in buf.chunks_mut(8) {
            // RandomState is seeded from the OS generator once per thread and perturbed per
            // instance; hashing a counter through fresh instances yields unpredictable words.
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(self.monotonic_ns());
            let w = h.finish().to_le_bytes();
            chunk.copy_from_slice(&w[..chunk.len()]);
        }
    }
}

/// Where programs come from: given an exec event, produce the future that runs it.
pub trait ProgramSource: Send + Sync {
    /// Start `image` as the process behind `sys`. `Err(ENOENT)` for an unknown built-in.
    fn start(
        &self,
        sys: Sys,
        image: &ExecImage,
        argv: Vec<String>,
        envp: Vec<String>,
    ) -> Result<ProgramFuture, Errno>;
}

/// Told when a socket starts (`true`) or stops (`false`) listening on a TCP port.
pub type PortListener = Box<dyn Fn(u16, bool) + Send + Sync>;

pub(crate) struct Shared {
    pub kernel: Mutex<Kernel>,
    pub exec: Arc<Exec>,
    pub host: Arc<dyn Host>,
    pub programs: Arc<dyn ProgramSource>,
    /// Exit statuses of init's children that a host asked about.
    pub exits: Mutex<HashMap<Pid, Arc<HostQueue<WaitStatus>>>>,
    /// Who hears about ports opening and closing (see [`Machine::on_port`]).
    pub port_listener: Mutex<Option<Arc<PortListener>>>,
    /// Guests' linear memory by process (reported by their executors), added to the heap
    /// the process holds ([`crate::meter`]) to make its `memBytes`.
    pub linear: Mutex<HashMap<Pid, u64>>,
}

/// Longest time one `run_until_stalled` call keeps polling.
pub const STALL_BUDGET_NS: u64 = 10_000_000;

/// Time slice after which a program yields at its next system call.
pub(crate) const SLICE_NS: u64 = 4_000_000;

impl Shared {
    pub fn kernel(&self) -> std::sync::MutexGuard<'_, Kernel> {
        self.kernel.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Process `pid`'s memory: its heap (when the host meters allocations) plus a guest's
    /// linear memory.
    pub fn memory_of(&self, pid: Pid) -> u64 {
        let linear = self
            .linear
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&pid)
            .copied()
            .unwrap_or(0);
        crate::meter::heap_bytes(pid.0).saturating_add(linear)
    }

    /// Act on the kernel's events: wake parked tasks, start programs, drop dead ones.
    pub fn handle_events(self: &Arc<Self>, events: Vec<Event>) {
        for ev in events {
            match ev {
                Event::Ready(on) => {
                    let wakers = self.exec.lock().take_parked(on);
                    for w in wakers {
                        w.wake();
                    }
                }
                Event::Port { port, open } => {
                    let l = self
                        .port_listener
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .clone();
                    if let Some(l) = l {
                        l(port, open);
                    }
                }
                Event::Exited(pid) => {
                    self.linear
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .remove(&pid);
                    let mut s = self.exec.lock();
                    s.dead.insert(pid);
                    if let Some(id) = s.pid_task.get(&pid).copied() {
                        s.enqueue(id);
                    }
                    drop(s);
                    self.exec.cv.notify_all();
                }
                Event::Exec {
                    pid,
                    image,
                    argv,
                    envp,
                } => {
                    crate::meter::reset(pid.0);
                    let sys = Sys::new(pid, self.clone());
                    let name = argv.first().cloned().unwrap_or_default();
                    let fut: TaskFuture = match self.programs.start(sys.clone(), &image, argv, envp)
                    {
                        Ok(f) => f,
                        Err(e) => Box::pin(async move {
                            let msg = format!("{name}: cannot execute: {}\n", e.message());
                            let _ = sys.write_all(wosix_abi::Fd::STDERR, msg.as_bytes()).await;
                            if e == Errno::ENOENT { 127 } else { 126 }
                        }),
                    };
                    // A process that is already running a program (exec over itself) gets a
                    // new task; the old one is dropped.
                    let old = self.exec.lock().pid_task.get(&pid).copied();
                    if let Some(old) = old {
                        self.exec.remove(old);
                    }
                    self.exec.add(Some(pid), fut);
                }
            }
        }
    }

    /// Advance the kernel's clock and handle timers that fired.
    pub fn tick(self: &Arc<Self>) {
        let events = {
            let mut k = self.kernel();
            k.set_time(self.host.monotonic_ns(), self.host.realtime_ns());
            k.take_events()
        };
        if !events.is_empty() {
            self.handle_events(events);
        }
    }
}

/// A running Wosix machine.
#[derive(Clone)]
pub struct Machine {
    shared: Arc<Shared>,
}

impl Machine {
    /// Wrap a booted kernel (process 1 must exist) and start the init task.
    pub fn new(kernel: Kernel, host: Arc<dyn Host>, programs: Arc<dyn ProgramSource>) -> Machine {
        let shared = Arc::new(Shared {
            kernel: Mutex::new(kernel),
            exec: Exec::new(),
            host,
            programs,
            exits: Mutex::new(HashMap::new()),
            port_listener: Mutex::new(None),
            linear: Mutex::new(HashMap::new()),
        });
        let m = Machine { shared };
        m.start_init();
        m
    }

    /// A system-call handle acting as process `pid`.
    pub fn sys(&self, pid: Pid) -> Sys {
        Sys::new(pid, self.shared.clone())
    }

    /// The handle of process 1, which hosts use to open terminals and start sessions.
    pub fn init(&self) -> Sys {
        self.sys(Pid::INIT)
    }

    /// Run `f` with the kernel locked (snapshots, inspection), then handle its events.
    pub fn with_kernel<R>(&self, f: impl FnOnce(&mut Kernel) -> R) -> R {
        let (r, events) = {
            let mut k = self.shared.kernel();
            let r = f(&mut k);
            (r, k.take_events())
        };
        self.shared.handle_events(events);
        r
    }

    /// Call `f(port, open)` whenever a socket starts or stops listening on a TCP port (the
    /// kernel's [`Event::Port`]); replaces an earlier listener. Hosts turn this into their
    /// preview notifications. `f` runs with no machine lock held but must not block.
    pub fn on_port(&self, f: impl Fn(u16, bool) + Send + Sync + 'static) {
        *self
            .shared
            .port_listener
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(Box::new(f)));
    }

    /// Add a host task: a future that acts through `Sys` handles but is no process itself.
    pub fn spawn_task(&self, fut: impl Future<Output = i32> + Send + 'static) -> TaskId {
        self.shared.exec.add(None, Box::pin(fut))
    }

    /// A queue that will receive the exit status of `pid`, a child of process 1.
    pub fn watch_exit(&self, pid: Pid) -> Arc<HostQueue<WaitStatus>> {
        let q = HostQueue::new();
        self.shared
            .exits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(pid, q.clone());
        q
    }

    /// Poll every ready task until none is ready. Returns the monotonic time of the next timer,
    /// if any; the host should call again by then, or when it pushes host input.
    /// Returns after about [`STALL_BUDGET_NS`] even if tasks are still ready (check
    /// [`Machine::has_ready`]), so a busy program never starves the host's own event loop.
    pub fn run_until_stalled(&self) -> Option<u64> {
        let exec = &self.shared.exec;
        let start = self.shared.host.monotonic_ns();
        loop {
            if self.shared.host.monotonic_ns().saturating_sub(start) > STALL_BUDGET_NS {
                break;
            }
            self.shared.tick();
            let next = {
                let mut s = exec.lock();
                let id = s.ready.pop_front();
                if let Some(id) = id {
                    s.queued.remove(&id);
                    let pid = s.task_pid.get(&id).copied().flatten();
                    let dead = pid.is_some_and(|p| s.dead.contains(&p));
                    s.slice_start = self.shared.host.monotonic_ns();
                    s.slice_calls = 0;
                    Some((id, pid, dead))
                } else {
                    None
                }
            };
            let Some((id, pid, dead)) = next else { break };
            if dead {
                exec.remove(id);
                continue;
            }
            let t0 = self.shared.host.monotonic_ns();
            let prev = crate::meter::set_owner(pid.map_or(0, |p| p.0));
            let r = exec.poll_task(id);
            crate::meter::set_owner(prev);
            let dt = self.shared.host.monotonic_ns().saturating_sub(t0);
            if let Some(p) = pid {
                let mem = self.shared.memory_of(p);
                self.shared.kernel().account(p, dt, mem);
            }
            if let Some(Poll::Ready(status)) = r {
                exec.remove(id);
                if let Some(p) = pid {
                    let events = {
                        let mut k = self.shared.kernel();
                        let _ = k.syscall(
                            p,
                            &Call::Exit {
                                status: status.clamp(0, 255) as u8,
                            },
                        );
                        k.take_events()
                    };
                    self.shared.handle_events(events);
                }
            }
        }
        self.shared.kernel().next_deadline()
    }

    /// Whether any task is ready to run.
    pub fn has_ready(&self) -> bool {
        !self.shared.exec.lock().ready.is_empty()
    }

    /// Run until `done()` holds, sleeping while nothing is ready (native hosts only: this
    /// blocks the calling thread).
    pub fn run(&self, mut done: impl FnMut() -> bool) {
        loop {
            let deadline = self.run_until_stalled();
            if done() {
                return;
            }
            let exec = &self.shared.exec;
            let g = exec.lock();
            if !g.ready.is_empty() {
                continue;
            }
            let now = self.shared.host.monotonic_ns();
            let wait = match deadline {
                Some(d) if d <= now => continue,
                Some(d) => Duration::from_nanos(d - now),
                None => Duration::from_millis(100),
            };
            let _ = exec
                .cv
                .wait_timeout(g, wait.min(Duration::from_millis(100)));
        }
    }

    /// Run `fut` as a host task to completion, driving the machine meanwhile (native only).
    pub fn block_on<T: Send + 'static>(&self, fut: impl Future<Output = T> + Send + 'static) -> T {
        let slot: Arc<Mutex<Option<T>>> = Arc::new(Mutex::new(None));
        let s2 = slot.clone();
        self.spawn_task(async move {
            let v = fut.await;
            *s2.lock().unwrap_or_else(|e| e.into_inner()) = Some(v);
            0
        });
        self.run(|| slot.lock().unwrap_or_else(|e| e.into_inner()).is_some());
        let v = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
        v.expect("block_on: the task finished, so the slot is filled")
    }

    fn start_init(&self) {
        let sys = self.init();
        let shared = self.shared.clone();
        self.spawn_task(async move {
            // Init's waitpid never fails for lack of children (the kernel lets it wait for
            // the next one), so this loop reaps every child and orphan as it ends.
            loop {
                match sys.waitpid(-1, WaitOptions::empty()).await {
                    Ok(Some((pid, st))) => {
                        let q = shared
                            .exits
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .remove(&pid);
                        if let Some(q) = q {
                            q.push(st);
                        }
                    }
                    Ok(None) => {}
                    Err(_) => return 1,
                }
            }
        });
    }
}
