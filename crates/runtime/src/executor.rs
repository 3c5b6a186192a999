//! The cooperative executor: a table of tasks (program futures), a ready queue, and the wakers
//! parked on kernel wait objects. No threads of its own and no async runtime dependency, so it
//! runs unchanged in a browser Worker; natively, `Machine::run` sleeps on a condition variable
//! when nothing is ready.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::task::{Context, Poll, Wake, Waker};
use wosix_abi::Pid;
use wosix_kernel::WaitOn;

/// Identifies one task of the executor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(pub u64);

/// A boxed task future.
pub(crate) type TaskFuture = Pin<Box<dyn Future<Output = i32> + Send + 'static>>;

/// Scheduling state, behind one mutex.
#[derive(Default)]
pub(crate) struct Sched {
    pub ready: VecDeque<TaskId>,
    pub queued: HashSet<TaskId>,
    pub parked: HashMap<WaitOn, Vec<Waker>>,
    pub task_pid: HashMap<TaskId, Option<Pid>>,
    pub pid_task: HashMap<Pid, TaskId>,
    pub dead: HashSet<Pid>,
    pub next: u64,
    /// Monotonic time at which the running task's slice started.
    pub slice_start: u64,
    /// Syscalls made in the running task's slice.
    pub slice_calls: u32,
}

impl Sched {
    pub fn enqueue(&mut self, id: TaskId) {
        if self.task_pid.contains_key(&id) && self.queued.insert(id) {
            self.ready.push_back(id);
        }
    }

    pub fn park(&mut self, on: WaitOn, waker: &Waker) {
        let list = self.parked.entry(on).or_default();
        if !list.iter().any(|w| w.will_wake(waker)) {
            list.push(waker.clone());
        }
    }

    /// Take the wakers parked on `on`; the caller wakes them after releasing the lock.
    pub fn take_parked(&mut self, on: WaitOn) -> Vec<Waker> {
        self.parked.remove(&on).unwrap_or_default()
    }
}

/// The executor core shared by `Machine` and every waker.
pub(crate) struct Exec {
    pub sched: Mutex<Sched>,
    pub futures: Mutex<HashMap<TaskId, TaskFuture>>,
    pub cv: Condvar,
}

impl Exec {
    pub fn new() -> Arc<Exec> {
        Arc::new(Exec {
            sched: Mutex::new(Sched::default()),
            futures: Mutex::new(HashMap::new()),
            cv: Condvar::new(),
        })
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, Sched> {
        self.sched.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn add(&self, pid: Option<Pid>, fut: TaskFuture) -> TaskId {
        let id = {
            let mut s = self.lock();
            s.next += 1;
            let id = TaskId(s.next);
            s.task_pid.insert(id, pid);
            if let Some(p) = pid {
                s.pid_task.insert(p, id);
            }
            id
        };
        self.futures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, fut);
        self.lock().enqueue(id);
        self.cv.notify_all();
        id
    }

    pub fn waker(self: &Arc<Self>, id: TaskId) -> Waker {
        Waker::from(Arc::new(TaskWaker {
            id,
            exec: Arc::downgrade(self),
        }))
    }

    /// Remove a task and its future.
    pub fn remove(&self, id: TaskId) {
        let mut s = self.lock();
        if let Some(Some(pid)) = s.task_pid.remove(&id) {
            if s.pid_task.get(&pid) == Some(&id) {
                s.pid_task.remove(&pid);
            }
            s.dead.remove(&pid);
        }
        s.queued.remove(&id);
        drop(s);
        self.futures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
    }

    /// Poll one task; returns its result if it finished.
    pub fn poll_task(self: &Arc<Self>, id: TaskId) -> Option<Poll<i32>> {
        let mut fut = self
            .futures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id)?;
        let waker = self.waker(id);
        let mut cx = Context::from_waker(&waker);
        let r = fut.as_mut().poll(&mut cx);
        if r.is_pending() {
            self.futures
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id, fut);
        }
        Some(r)
    }
}

struct TaskWaker {
    id: TaskId,
    exec: Weak<Exec>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        if let Some(exec) = self.exec.upgrade() {
            exec.lock().enqueue(self.id);
            exec.cv.notify_all();
        }
    }
}

/// A queue from the host (another thread, or JavaScript) into a host task: `push` never
/// blocks, `pop` waits. Used for terminal input and similar host-side streams.
pub struct HostQueue<T> {
    inner: Mutex<HostQueueInner<T>>,
}

struct HostQueueInner<T> {
    items: VecDeque<T>,
    waker: Option<Waker>,
    closed: bool,
}

impl<T> Default for HostQueue<T> {
    fn default() -> Self {
        HostQueue {
            inner: Mutex::new(HostQueueInner {
                items: VecDeque::new(),
                waker: None,
                closed: false,
            }),
        }
    }
}

impl<T> HostQueue<T> {
    /// An empty, open queue.
    pub fn new() -> Arc<HostQueue<T>> {
        Arc::new(HostQueue::default())
    }

    /// Add an item and wake the task waiting in `pop`.
    pub fn push(&self, item: T) {
        let w = {
            let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            g.items.push_back(item);
            g.waker.take()
        };
        if let Some(w) = w {
            w.wake();
        }
    }

    /// Mark the end of the stream: `pop` returns `None` once the queue is empty.
    pub fn close(&self) {
        let w = {
            let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            g.closed = true;
            g.waker.take()
        };
        if let Some(w) = w {
            w.wake();
        }
    }

    /// Wait for the next item; `None` after `close` and the queue is drained.
    pub async fn pop(&self) -> Option<T> {
        std::future::poll_fn(|cx| {
            let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(x) = g.items.pop_front() {
                Poll::Ready(Some(x))
            } else if g.closed {
                Poll::Ready(None)
            } else {
                g.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }

    /// Take an item if one is there, without waiting.
    pub fn try_pop(&self) -> Option<T> {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .items
            .pop_front()
    }
}
