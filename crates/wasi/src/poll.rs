//! `poll_oneoff`: wait for clock deadlines and descriptor readiness, through the kernel's
//! poll(2) (or a plain sleep when only clocks are involved).

use crate::errno::{WasiErrno, codes};
use crate::fdtable::Entry;
use crate::mem::GuestMemory;
use crate::types::*;
use crate::{R, Wasi};
use wosix_abi::call::poll::{POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT};
use wosix_abi::{Errno, FileType, Whence};

/// One event to report.
struct Event {
    userdata: u64,
    error: u16,
    kind: u8,
    nbytes: u64,
    flags: u16,
}

impl Event {
    fn encode(&self) -> [u8; EVENT_SIZE as usize] {
        let mut b = [0u8; EVENT_SIZE as usize];
        b[0..8].copy_from_slice(&self.userdata.to_le_bytes());
        b[8..10].copy_from_slice(&self.error.to_le_bytes());
        b[10] = self.kind;
        b[16..24].copy_from_slice(&self.nbytes.to_le_bytes());
        b[24..26].copy_from_slice(&self.flags.to_le_bytes());
        b
    }
}

impl Wasi {
    /// `poll_oneoff(in, out, nsubscriptions, nevents)`.
    pub(crate) async fn poll_oneoff<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        input: u32,
        output: u32,
        n: u32,
        nevents: u32,
    ) -> R {
        if n == 0 {
            return Err(WasiErrno::INVAL.into());
        }
        let raw = mem.read(input, n.saturating_mul(SUBSCRIPTION_SIZE))?;
        let mut events: Vec<Event> = Vec::new();
        // (userdata, nanoseconds from now)
        let mut clocks: Vec<(u64, u64)> = Vec::new();
        // (userdata, kind, kernel fd, events)
        let mut waits = Vec::new();
        for s in raw.chunks_exact(SUBSCRIPTION_SIZE as usize) {
            let u64_at = |o: usize| {
                u64::from_le_bytes([
                    s[o],
                    s[o + 1],
                    s[o + 2],
                    s[o + 3],
                    s[o + 4],
                    s[o + 5],
                    s[o + 6],
                    s[o + 7],
                ])
            };
            let u32_at = |o: usize| u32::from_le_bytes([s[o], s[o + 1], s[o + 2], s[o + 3]]);
            let userdata = u64_at(0);
            let kind = s[8];
            let ev = |error: u16| Event {
                userdata,
                error,
                kind,
                nbytes: 0,
                flags: 0,
            };
            match kind {
                eventtype::CLOCK => {
                    let id = u32_at(16);
                    let timeout = u64_at(24);
                    let flags = u16::from_le_bytes([s[40], s[41]]);
                    let rel = if flags & SUBSCRIPTION_CLOCK_ABSTIME != 0 {
                        match self.now(id).await {
                            Ok(now) => Ok(timeout.saturating_sub(now)),
                            Err(e) => Err(e),
                        }
                    } else if id > clockid::THREAD_CPUTIME {
                        Err(WasiErrno::INVAL.into())
                    } else {
                        Ok(timeout)
                    };
                    match rel {
                        Ok(rel) => clocks.push((userdata, rel)),
                        Err(crate::Fail::Errno(e)) => events.push(ev(e.0)),
                        Err(f) => return Err(f),
                    }
                }
                eventtype::FD_READ | eventtype::FD_WRITE => {
                    let fd = u32_at(16);
                    match self.fds.get(fd) {
                        Some(Entry::Os { fd, .. }) => {
                            let want = if kind == eventtype::FD_READ {
                                POLLIN
                            } else {
                                POLLOUT
                            };
                            waits.push((userdata, kind, *fd, want));
                        }
                        // Directories are always "ready" (reads fail at once).
                        Some(Entry::Preopen { .. }) => events.push(ev(0)),
                        None => events.push(ev(codes::BADF)),
                    }
                }
                _ => events.push(ev(codes::INVAL)),
            }
        }
        let soonest = clocks.iter().map(|&(_, rel)| rel).min();
        let wait_ns = if events.is_empty() { soonest } else { Some(0) };
        let mut fd_ready = false;
        if waits.is_empty() {
            if let Some(ns) = wait_ns
                && ns > 0
            {
                self.sys.sleep_ns(ns).await?;
            }
        } else {
            let fds = waits.iter().map(|&(_, _, fd, want)| (fd, want)).collect();
            let timeout_ms = wait_ns.map(|ns| ns.div_ceil(1_000_000));
            let revents = self.sys.poll(fds, timeout_ms).await?;
            for (&(userdata, kind, fd, _), &rev) in waits.iter().zip(revents.iter()) {
                if rev == 0 {
                    continue;
                }
                fd_ready = true;
                let mut e = Event {
                    userdata,
                    error: 0,
                    kind,
                    nbytes: 0,
                    flags: 0,
                };
                if rev & POLLNVAL != 0 {
                    e.error = codes::BADF;
                } else if rev & POLLHUP != 0 {
                    e.flags = EVENT_FD_READWRITE_HANGUP;
                } else if rev & POLLERR != 0 {
                    e.error = codes::IO;
                } else {
                    e.nbytes = self.available(fd, kind).await;
                }
                events.push(e);
            }
        }
        // Time that has certainly passed: the whole wait, unless a descriptor ended it early.
        let elapsed = if fd_ready { 0 } else { wait_ns.unwrap_or(0) };
        for &(userdata, rel) in &clocks {
            if rel <= elapsed {
                events.push(Event {
                    userdata,
                    error: 0,
                    kind: eventtype::CLOCK,
                    nbytes: 0,
                    flags: 0,
                });
            }
        }
        for (i, e) in events.iter().enumerate() {
            mem.write(output + i as u32 * EVENT_SIZE, &e.encode())?;
        }
        mem.write_u32(nevents, events.len() as u32)?;
        Ok(())
    }

    /// Bytes readable without blocking (regular files: to the end; others: at least one), or
    /// writable (1: "some").
    async fn available(&self, fd: wosix_abi::Fd, kind: u8) -> u64 {
        if kind != eventtype::FD_READ {
            return 1;
        }
        match self.sys.fstat(fd).await {
            Ok(st) if st.file_type() == FileType::Regular => {
                let pos: Result<u64, Errno> = self.sys.lseek(fd, 0, Whence::Cur).await;
                st.size.saturating_sub(pos.unwrap_or(0))
            }
            _ => 1,
        }
    }
}
