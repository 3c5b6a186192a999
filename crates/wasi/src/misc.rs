//! Arguments and environment, clocks, randomness, signals, yielding and the socket calls
//! (which report "not a socket" until Wosix has sockets).

use crate::errno::WasiErrno;
use crate::mem::GuestMemory;
use crate::types::{clockid, signal_of};
use crate::{R, Wasi};
use std::task::Poll;
use wosix_abi::call::ClockId;

impl Wasi {
    fn strings(&self, env: bool) -> &[String] {
        if env { &self.env } else { &self.args }
    }

    /// `args_sizes_get` / `environ_sizes_get`: count and total size with NUL terminators.
    pub(crate) fn strings_sizes<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        env: bool,
        count_ptr: u32,
        size_ptr: u32,
    ) -> R {
        let list = self.strings(env);
        let size: usize = list.iter().map(|s| s.len() + 1).sum();
        mem.write_u32(count_ptr, list.len() as u32)?;
        mem.write_u32(size_ptr, size as u32)?;
        Ok(())
    }

    /// `args_get` / `environ_get`: the pointer array and the NUL-terminated strings.
    pub(crate) fn strings_get<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        env: bool,
        ptrs: u32,
        buf: u32,
    ) -> R {
        let mut at = buf;
        for (i, s) in self.strings(env).iter().enumerate() {
            mem.write_u32(ptrs.wrapping_add(4 * i as u32), at)?;
            let mut bytes = s.as_bytes().to_vec();
            bytes.push(0);
            mem.write(at, &bytes)?;
            at = at.wrapping_add(bytes.len() as u32);
        }
        Ok(())
    }

    /// `clock_res_get`.
    pub(crate) fn clock_res_get<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        id: u32,
        out: u32,
    ) -> R {
        let res = match id {
            clockid::REALTIME | clockid::MONOTONIC => 1,
            clockid::PROCESS_CPUTIME | clockid::THREAD_CPUTIME => 1_000,
            _ => return Err(WasiErrno::INVAL.into()),
        };
        mem.write_u64(out, res)?;
        Ok(())
    }

    /// `clock_time_get`.
    pub(crate) async fn clock_time_get<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        id: u32,
        out: u32,
    ) -> R {
        let t = self.now(id).await?;
        mem.write_u64(out, t)?;
        Ok(())
    }

    /// The time of WASI clock `id`, in nanoseconds.
    pub(crate) async fn now(&self, id: u32) -> R<u64> {
        let clock = match id {
            clockid::REALTIME => ClockId::Realtime,
            clockid::MONOTONIC => ClockId::Monotonic,
            clockid::PROCESS_CPUTIME | clockid::THREAD_CPUTIME => ClockId::ProcessCputime,
            _ => return Err(WasiErrno::INVAL.into()),
        };
        Ok(self.sys.clock_gettime(clock).await?.as_nanos())
    }

    /// `random_get`: the kernel's random bytes (host entropy).
    pub(crate) async fn random_get<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        buf: u32,
        len: u32,
    ) -> R {
        // Check the whole range first, so a bad buffer faults before any work.
        mem.read(buf, len)?;
        let mut done = 0u32;
        while done < len {
            let n = (len - done).min(65536);
            let bytes = self.sys.getrandom(n as usize).await?;
            if bytes.is_empty() {
                return Err(WasiErrno(crate::errno::codes::IO).into());
            }
            mem.write(buf + done, &bytes)?;
            done += bytes.len() as u32;
        }
        Ok(())
    }

    /// `proc_raise`: send the signal to this process (its default action applies).
    pub(crate) async fn proc_raise(&self, sig: u32) -> R {
        let sig = signal_of(sig).ok_or(WasiErrno::INVAL)?;
        let me = self.sys.getpid().await?;
        self.sys.kill(me.0 as i32, Some(sig)).await?;
        Ok(())
    }

    /// `sched_yield`: let every other ready process run once.
    pub(crate) async fn sched_yield(&self) -> R {
        let mut yielded = false;
        std::future::poll_fn(|cx| {
            if yielded {
                Poll::Ready(())
            } else {
                yielded = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await;
        Ok(())
    }

    /// `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown`: Wosix has no sockets yet, so
    /// any open descriptor is "not a socket".
    pub(crate) fn sock(&self, fd: u32) -> R {
        if self.fds.contains(fd) {
            Err(WasiErrno::NOTSOCK.into())
        } else {
            Err(WasiErrno::BADF.into())
        }
    }
}
