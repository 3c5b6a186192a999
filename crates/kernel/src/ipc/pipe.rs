//! Pipes (pipe(7)): a 64 KiB byte queue with reader and writer counts. Reads block while the
//! queue is empty and a writer exists, and give end of file once no writer is left; writes
//! block while full, are atomic up to PIPE_BUF (4096) bytes, and fail with EPIPE (and raise
//! SIGPIPE) when no reader is left.

use crate::{KResult, Kernel, SysError, WaitOn};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use wosix_abi::{Errno, Pid, Signal};

/// Capacity of a pipe (Linux's default, pipe(7)).
pub const PIPE_CAPACITY: usize = 65536;
/// Writes up to this size are atomic (POSIX PIPE_BUF).
pub const PIPE_BUF: usize = 4096;

/// A pipe.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pipe {
    /// Bytes written and not yet read.
    #[serde(with = "crate::snapshot::deque")]
    pub buf: VecDeque<u8>,
    /// Open read ends.
    pub readers: u32,
    /// Open write ends.
    pub writers: u32,
    /// A writer has opened it at some point (FIFOs: no EOF before the first writer).
    pub had_writer: bool,
    /// A reader has opened it at some point (FIFOs: no EPIPE before the first reader).
    pub had_reader: bool,
    /// It backs a FIFO inode.
    pub fifo: bool,
}

impl Kernel {
    /// Create a pipe with one reader and one writer.
    pub(crate) fn pipe_new(&mut self) -> u64 {
        self.next_pipe += 1;
        let id = self.next_pipe;
        self.pipes.insert(
            id,
            Pipe {
                buf: VecDeque::new(),
                readers: 1,
                writers: 1,
                had_writer: true,
                had_reader: true,
                fifo: false,
            },
        );
        id
    }

    /// Read up to `len` bytes from pipe `id`.
    pub(crate) fn pipe_read(&mut self, id: u64, len: usize, nonblock: bool) -> KResult<Vec<u8>> {
        let p = self.pipes.get_mut(&id).ok_or(Errno::EBADF)?;
        if p.buf.is_empty() {
            if p.writers == 0 && p.had_writer {
                return Ok(Vec::new());
            }
            if nonblock {
                return Err(Errno::EAGAIN.into());
            }
            return Err(SysError::Block(WaitOn::PipeReadable(id)));
        }
        let n = len.min(p.buf.len());
        let out = super::take_front(&mut p.buf, n);
        self.ready(WaitOn::PipeWritable(id));
        Ok(out)
    }

    /// Write `data` into pipe `id` on behalf of `pid`; may write part of it.
    pub(crate) fn pipe_write(
        &mut self,
        pid: Pid,
        id: u64,
        data: &[u8],
        nonblock: bool,
    ) -> KResult<usize> {
        let p = self.pipes.get_mut(&id).ok_or(Errno::EBADF)?;
        if p.readers == 0 && p.had_reader {
            self.post_signal(pid, Signal::SIGPIPE);
            return Err(Errno::EPIPE.into());
        }
        if data.is_empty() {
            return Ok(0);
        }
        let free = PIPE_CAPACITY - p.buf.len().min(PIPE_CAPACITY);
        if free == 0 || (data.len() <= PIPE_BUF && free < data.len()) || !p.had_reader {
            if nonblock {
                return Err(Errno::EAGAIN.into());
            }
            return Err(SysError::Block(WaitOn::PipeWritable(id)));
        }
        let n = free.min(data.len());
        p.buf.extend(&data[..n]);
        self.ready(WaitOn::PipeReadable(id));
        Ok(n)
    }

    /// Drop one reader (`read_end`) or writer of pipe `id`.
    pub(crate) fn pipe_close(&mut self, id: u64, read_end: bool) {
        let Some(p) = self.pipes.get_mut(&id) else {
            return;
        };
        if read_end {
            p.readers = p.readers.saturating_sub(1);
        } else {
            p.writers = p.writers.saturating_sub(1);
        }
        let gone = p.readers == 0 && p.writers == 0;
        let fifo = p.fifo;
        self.ready(WaitOn::PipeReadable(id));
        self.ready(WaitOn::PipeWritable(id));
        if gone {
            self.pipes.remove(&id);
            // A FIFO inode that pointed at it opens a fresh pipe next time.
            for f in self.vfs.fs.values_mut().filter(|_| fifo) {
                if let crate::fs::FsKind::Tmp(t) = &mut f.kind {
                    t.forget_pipe(id);
                }
            }
        }
    }
    /// `(readable, writable, hung up)` of a pipe end, for poll(2).
    pub(crate) fn pipe_poll(&self, id: u64, read_end: bool) -> (bool, bool, bool) {
        match self.pipes.get(&id) {
            None => (read_end, false, true),
            Some(p) if read_end => (
                !p.buf.is_empty() || (p.writers == 0 && p.had_writer),
                false,
                p.writers == 0 && p.had_writer,
            ),
            Some(p) => (
                false,
                p.readers > 0 && p.buf.len() < PIPE_CAPACITY,
                p.readers == 0 && p.had_reader,
            ),
        }
    }
}
