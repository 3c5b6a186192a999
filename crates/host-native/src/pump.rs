//! Byte pumps between the host's standard streams and descriptors of process 1 (pipe ends or
//! a pty master). The machine runs on one thread, so host input is read by a plain thread
//! into a [`HostQueue`] and written into the machine by a host task; output is read by host
//! tasks and written straight to the host's stdout/stderr, flushed per chunk.
//!
//! Host input is bounded by a [`Window`] so that `yes | wosix -c 'sleep 9'` does not buffer the
//! host's stdin without limit: the reader thread waits while too many bytes are in flight.

use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex};
use wosix_abi::Fd;
use wosix_abi::call::poll::{POLLERR, POLLHUP, POLLIN};
use wosix_runtime::{HostQueue, Sys};

/// Bytes read per system call.
const CHUNK: usize = 64 * 1024;

/// The default VEOF character (^D) of a terminal.
const EOF_CHAR: u8 = 0x04;

/// Bytes of host input that may wait in the queue before the reader thread pauses.
const WINDOW: usize = 1024 * 1024;

/// A host output stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostOut {
    /// The host's standard output.
    Stdout,
    /// The host's standard error.
    Stderr,
}

impl HostOut {
    /// Write all of `data` and flush. `Err` when the host side is gone (EPIPE and the like).
    pub fn write(self, data: &[u8]) -> std::io::Result<()> {
        match self {
            HostOut::Stdout => {
                let mut o = std::io::stdout().lock();
                o.write_all(data)?;
                o.flush()
            }
            HostOut::Stderr => {
                let mut o = std::io::stderr().lock();
                o.write_all(data)?;
                o.flush()
            }
        }
    }
}

/// Flow control between the reader thread and the task that consumes its queue.
#[derive(Default)]
pub struct Window {
    state: Mutex<(usize, bool)>,
    cv: Condvar,
}

impl Window {
    /// Record `n` bytes queued, first waiting while the window is full. `false` once stopped.
    fn acquire(&self, n: usize) -> bool {
        let mut g = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while g.0 >= WINDOW && !g.1 {
            g = self.cv.wait(g).unwrap_or_else(|e| e.into_inner());
        }
        g.0 += n;
        !g.1
    }

    /// Record `n` bytes consumed.
    fn release(&self, n: usize) {
        let mut g = self.state.lock().unwrap_or_else(|e| e.into_inner());
        g.0 = g.0.saturating_sub(n);
        self.cv.notify_all();
    }

    /// The consumer is gone: the reader thread stops at its next chunk.
    fn stop(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.cv.notify_all();
    }
}

/// Host input on its way into the machine.
pub struct HostInput {
    /// Chunks read from the host; closed at the host's end of file.
    pub queue: Arc<HostQueue<Vec<u8>>>,
    /// Flow control shared with the reader thread.
    pub window: Arc<Window>,
}

/// Start a thread copying the host's stdin into a queue until end of file or a read error.
pub fn read_host_stdin() -> HostInput {
    let queue: Arc<HostQueue<Vec<u8>>> = HostQueue::new();
    let window = Arc::new(Window::default());
    let (q, w) = (queue.clone(), window.clone());
    let spawned = std::thread::Builder::new()
        .name("host-stdin".into())
        .spawn(move || {
            let mut stdin = std::io::stdin().lock();
            let mut buf = vec![0u8; CHUNK];
            loop {
                match stdin.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        if !w.acquire(n) {
                            break;
                        }
                        q.push(buf[..n].to_vec());
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
            q.close();
        });
    if spawned.is_err() {
        queue.close();
    }
    HostInput { queue, window }
}

/// What [`feed`] does at the host's end of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtEof {
    /// Close the descriptor: the reader of a pipe sees end of file.
    Close,
    /// Type the terminal's end-of-file character (^D) into a pty master: a shell reading the
    /// terminal sees end of input (`wosix shell < commands`).
    SendEof,
}

/// Write host input into `fd` (a pipe's write end or a pty master) until the host's end of
/// file, then act as `at_eof` says. Stops early when the machine side is gone (EPIPE, EIO).
pub async fn feed(sys: Sys, fd: Fd, input: HostInput, at_eof: AtEof) -> i32 {
    while let Some(chunk) = input.queue.pop().await {
        let n = chunk.len();
        let r = sys.write_all(fd, &chunk).await;
        input.window.release(n);
        if r.is_err() {
            input.window.stop();
            if at_eof == AtEof::Close {
                let _ = sys.close(fd).await;
            }
            return 1;
        }
    }
    match at_eof {
        AtEof::Close => {
            let _ = sys.close(fd).await;
        }
        AtEof::SendEof => {
            let _ = sys.write_all(fd, &[EOF_CHAR]).await;
        }
    }
    0
}

/// Copy `fd` to the host stream until end of file or an error (EIO from a pty master whose
/// slave side is gone counts as end). If the host stream fails, `fd` is closed so that the
/// writers get EPIPE/SIGPIPE, as they would writing into a closed host pipe.
pub async fn copy_out(sys: Sys, fd: Fd, to: HostOut) -> i32 {
    loop {
        match sys.read_vec(fd, CHUNK).await {
            Ok(data) if data.is_empty() => return 0,
            Ok(data) => {
                if to.write(&data).is_err() {
                    let _ = sys.close(fd).await;
                    return 1;
                }
            }
            Err(_) => return 0,
        }
    }
}

/// Copy to the host whatever `fd` holds right now, without waiting for more: used once the
/// session's shell has ended, when only its orphans could still write.
pub async fn drain_ready(sys: &Sys, fd: Fd, to: HostOut) {
    loop {
        let ready = match sys.poll(vec![(fd, POLLIN)], Some(0)).await {
            Ok(r) => r.first().copied().unwrap_or(0),
            Err(_) => return,
        };
        if ready & (POLLIN | POLLHUP | POLLERR) == 0 {
            return;
        }
        match sys.read_vec(fd, CHUNK).await {
            Ok(data) if !data.is_empty() => {
                if to.write(&data).is_err() {
                    return;
                }
            }
            _ => return,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn window_blocks_when_full_and_stops() {
        let w = Arc::new(Window::default());
        assert!(w.acquire(WINDOW));
        let w2 = w.clone();
        let t = std::thread::spawn(move || w2.acquire(1));
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(!t.is_finished(), "a full window must make the reader wait");
        w.release(WINDOW);
        assert!(t.join().unwrap());
        w.stop();
        assert!(!w.acquire(1));
    }
}
