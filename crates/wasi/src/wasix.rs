//! WASIX process extensions (import module `wasix_32v1`) over the Wosix syscall API, so a WASI
//! guest can be a full citizen: spawn with file actions, wait, pipes, dup, signals, pids, the
//! working directory and the terminal.
//!
//! Names, signatures and memory layouts follow WASIX (`wasix_v1.witx`, as shipped in
//! wasix-libc's `wasi/api_wasix.h` and the `wasix` crate's `wasix_32v1` bindings). Every
//! function returns an `errno` (`i32`); results go through out-pointers. Functions of
//! `wasix_32v1` that are not listed in [`WASIX_IMPORTS`] resolve to ENOSYS stubs in executors.
//! Support levels are documented in docs/wasix.md.
//!
//! Descriptors: guest numbers are mapped through the guest's [`crate::FdTable`]; new kernel
//! descriptors (pipes, dups) get table entries. In `proc_spawn2`/`proc_spawn3` file actions, a
//! *source* descriptor (dup2 source, close) is a guest number and is translated to the kernel's;
//! a *target* descriptor (dup2 target, open target) is the child's own number, used as is — a
//! WASI child sees its kernel descriptors 0–2 as its standard streams.

use crate::errno::{WasiErrno, codes};
use crate::fdtable::{Base, Entry};
use crate::mem::{GuestMemory, WasiResult};
use crate::types::signal_of;
use crate::{Fail, R, Ty, Wasi};

mod layout;
pub use layout::{
    FD_OP_SIZE, RawFdOp, Tty, encode_join, open_flags, parse_fd_ops, split_lines, wasi_signal,
};
use wosix_abi::call::SetWhen;
use wosix_abi::termios::{iflag, lflag};
use wosix_abi::{
    FcntlCmd, Fd, FileAction, OFlags, Pid, SigSet, SpawnAttrs, SpawnRequest, WaitOptions, Winsize,
};

/// The WASIX import module name for 32-bit memories (WASIX `wasix_32v1`).
pub const WASIX_MODULE: &str = "wasix_32v1";

macro_rules! wasix_imports {
    ($($variant:ident ($($ty:ident),*);)*) => {
        /// A `wasix_32v1` function implemented by Wosix (names from WASIX `wasix_v1.witx`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs, non_camel_case_types)]
        pub enum WasixFunc { $($variant),* }

        /// Every implemented `wasix_32v1` function with its core-wasm parameters (WASIX
        /// `wasix_v1.witx` lowered to wasm32); each returns an `i32` errno.
        pub const WASIX_IMPORTS: &[WasixImport] = &[
            $(WasixImport { func: WasixFunc::$variant, name: stringify!($variant), params: &[$(Ty::$ty),*] }),*
        ];
    };
}

/// Name and signature of one implemented `wasix_32v1` function (WASIX `wasix_v1.witx`).
#[derive(Clone, Copy, Debug)]
pub struct WasixImport {
    /// Which function.
    pub func: WasixFunc,
    /// Its import name.
    pub name: &'static str,
    /// Parameter types (the result is always an `i32` errno).
    pub params: &'static [Ty],
}

wasix_imports! {
    fd_dup (I32, I32);
    fd_dup2 (I32, I32, I32, I32);
    fd_pipe (I32, I32);
    getcwd (I32, I32);
    chdir (I32, I32);
    tty_get (I32);
    tty_set (I32);
    thread_sleep (I64);
    proc_id (I32);
    proc_parent (I32, I32);
    proc_signal (I32, I32);
    proc_join (I32, I32, I32);
    proc_fork (I32, I32);
    proc_spawn2 (I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32);
    proc_spawn3 (I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32);
}

/// Look a `wasix_32v1` function up by import name (WASIX `wasix_v1.witx` names).
pub fn lookup_wasix(name: &str) -> Option<&'static WasixImport> {
    WASIX_IMPORTS.iter().find(|i| i.name == name)
}

/// At most this many file actions or signal dispositions per spawn.
const MAX_SPAWN_ITEMS: u32 = 4096;

/// Longest NUL-terminated string read from the guest (`proc_spawn3` argv/envp entries).
const MAX_CSTR: usize = 1 << 20;

/// Argument-list encodings of the two spawn calls.
#[derive(Clone, Copy)]
enum Lists {
    /// `proc_spawn2`: line-feed separated strings.
    Lines,
    /// `proc_spawn3`: arrays of pointers to NUL-terminated strings.
    Pointers,
}

impl Wasi {
    /// Run WASIX function `func` with raw argument values (`i32` zero-extended). Returns the
    /// errno for the guest or the trap that ends it (WASIX `wasix_32v1`).
    pub async fn call_wasix<M: GuestMemory + ?Sized + Send>(
        &mut self,
        mem: &mut M,
        func: WasixFunc,
        a: &[u64],
    ) -> WasiResult<u16> {
        let arg = |i: usize| a.get(i).copied().unwrap_or(0);
        let w = |i: usize| arg(i) as u32;
        let r: R = match func {
            WasixFunc::fd_dup => self.x_fd_dup(mem, w(0), 0, false, w(1)).await,
            WasixFunc::fd_dup2 => self.x_fd_dup(mem, w(0), w(1), w(2) != 0, w(3)).await,
            WasixFunc::fd_pipe => self.x_fd_pipe(mem, w(0), w(1)).await,
            WasixFunc::getcwd => self.x_getcwd(mem, w(0), w(1)).await,
            WasixFunc::chdir => self.x_chdir(mem, w(0), w(1)).await,
            WasixFunc::tty_get => self.x_tty_get(mem, w(0)).await,
            WasixFunc::tty_set => self.x_tty_set(mem, w(0)).await,
            WasixFunc::thread_sleep => self.sys.sleep_ns(arg(0)).await.map_err(Fail::from),
            WasixFunc::proc_id => self.x_proc_id(mem, w(0)).await,
            WasixFunc::proc_parent => self.x_proc_parent(mem, w(0), w(1)).await,
            WasixFunc::proc_signal => self.x_proc_signal(w(0), w(1)).await,
            WasixFunc::proc_join => self.x_proc_join(mem, w(0), w(1), w(2)).await,
            WasixFunc::proc_fork => Err(WasiErrno(codes::NOTSUP).into()),
            WasixFunc::proc_spawn2 | WasixFunc::proc_spawn3 => {
                let lists = if func == WasixFunc::proc_spawn2 {
                    Lists::Lines
                } else {
                    Lists::Pointers
                };
                let v: Vec<u32> = (0..14).map(w).collect();
                self.x_proc_spawn(mem, lists, &v).await
            }
        };
        match r {
            Ok(()) => Ok(0),
            Err(Fail::Errno(e)) => Ok(e.0),
            Err(Fail::Trap(t)) => Err(t),
        }
    }

    /// Put `e` at the lowest free guest number at or above `min`.
    fn insert_at_least(&mut self, min: u32, e: Entry) -> u32 {
        let mut n = min;
        while self.fds.contains(n) {
            n += 1;
        }
        self.fds.set(n, e);
        n
    }

    /// `fd_dup(fd, *ret)` and `fd_dup2(fd, min_result_fd, cloexec, *ret)` (WASIX).
    async fn x_fd_dup<M: GuestMemory + ?Sized>(
        &mut self,
        mem: &mut M,
        fd: u32,
        min: u32,
        cloexec: bool,
        out: u32,
    ) -> R {
        let entry = match self.fds.get(fd) {
            Some(Entry::Os { fd: k, .. }) => {
                let cmd = if cloexec {
                    FcntlCmd::DupFdCloexec(Fd(0))
                } else {
                    FcntlCmd::DupFd(Fd(0))
                };
                let n = self.sys.fcntl(*k, cmd).await?;
                Entry::os(Fd(u32::try_from(n).map_err(|_| WasiErrno::BADF)?))
            }
            Some(Entry::Preopen { name, base, .. }) => Entry::Preopen {
                name: name.clone(),
                base: base.clone(),
                dir_cache: None,
            },
            None => return Err(WasiErrno::BADF.into()),
        };
        let n = self.insert_at_least(min, entry);
        if let Err(t) = mem.write_u32(out, n) {
            if let Some(Entry::Os { fd, .. }) = self.fds.remove(n) {
                let _ = self.sys.close(fd).await;
            }
            return Err(t.into());
        }
        Ok(())
    }

    /// `fd_pipe(*ro_fd1, *ro_fd2)`: read end, write end (WASIX; Wosix pipes are one-way).
    async fn x_fd_pipe<M: GuestMemory + ?Sized>(&mut self, mem: &mut M, r: u32, w: u32) -> R {
        // Check both out-pointers first so a bad one leaks nothing.
        mem.read(r, 4)?;
        mem.read(w, 4)?;
        let (kr, kw) = self.sys.pipe(OFlags::empty()).await?;
        let gr = self.fds.insert(Entry::os(kr));
        let gw = self.fds.insert(Entry::os(kw));
        mem.write_u32(r, gr)?;
        mem.write_u32(w, gw)?;
        Ok(())
    }

    /// `getcwd(path, *path_len)`: writes the NUL-terminated directory and its length; a buffer
    /// too small gets the needed length and OVERFLOW (WASIX).
    async fn x_getcwd<M: GuestMemory + ?Sized>(&self, mem: &mut M, buf: u32, len_ptr: u32) -> R {
        let cap = mem.read_u32(len_ptr)?;
        let cwd = self.sys.getcwd().await?;
        let n = u32::try_from(cwd.len()).map_err(|_| WasiErrno::OVERFLOW)?;
        mem.write_u32(len_ptr, n)?;
        if n >= cap {
            return Err(WasiErrno::OVERFLOW.into());
        }
        let mut bytes = cwd.into_bytes();
        bytes.push(0);
        mem.write(buf, &bytes)?;
        Ok(())
    }

    /// `chdir(path)` (WASIX): the kernel's working directory, which the `.` preopen follows.
    async fn x_chdir<M: GuestMemory + ?Sized>(&mut self, mem: &M, ptr: u32, len: u32) -> R {
        let path = self.guest_str(mem, ptr, len)?;
        self.sys.chdir(&path).await?;
        for fd in 3..5 {
            if let Some(Entry::Preopen {
                base: Base::Cwd,
                dir_cache,
                ..
            }) = self.fds.get_mut(fd)
            {
                *dir_cache = None;
            }
        }
        Ok(())
    }

    /// UTF-8 string at `ptr`.
    fn guest_str<M: GuestMemory + ?Sized>(&self, mem: &M, ptr: u32, len: u32) -> R<String> {
        String::from_utf8(mem.read(ptr, len)?).map_err(|_| WasiErrno::ILSEQ.into())
    }

    /// NUL-terminated string at `ptr`, read in small steps so it never runs past memory.
    fn guest_cstr<M: GuestMemory + ?Sized>(&self, mem: &M, ptr: u32) -> R<String> {
        let mut out = Vec::new();
        let mut at = ptr as usize;
        loop {
            let left = mem.size().saturating_sub(at);
            if left == 0 || out.len() > MAX_CSTR {
                return Err(WasiErrno::INVAL.into());
            }
            let chunk = mem.read(at as u32, left.min(256) as u32)?;
            match chunk.iter().position(|b| *b == 0) {
                Some(i) => {
                    out.extend_from_slice(&chunk[..i]);
                    break;
                }
                None => out.extend_from_slice(&chunk),
            }
            at += chunk.len();
        }
        String::from_utf8(out).map_err(|_| WasiErrno::ILSEQ.into())
    }

    /// The guest's standard streams as kernel descriptors, and which of them are terminals.
    async fn stdio_ttys(&self) -> ([bool; 3], Option<Fd>) {
        let mut ttys = [false; 3];
        let mut first = None;
        for (i, t) in ttys.iter_mut().enumerate() {
            if let Some(k) = self.fds.os_fd(i as u32) {
                *t = self.sys.isatty(k).await;
                if *t && first.is_none() {
                    first = Some(k);
                }
            }
        }
        (ttys, first)
    }

    /// `tty_get(*tty)` (WASIX): size and modes of the terminal on the standard streams;
    /// NOTTY when none of them is a terminal.
    async fn x_tty_get<M: GuestMemory + ?Sized>(&self, mem: &mut M, out: u32) -> R {
        mem.read(out, 24)?;
        let (stdio_tty, fd) = self.stdio_ttys().await;
        let fd = fd.ok_or(WasiErrno(codes::NOTTY))?;
        let t = self.sys.tcgetattr(fd).await?;
        let ws = self.sys.get_winsize(fd).await.unwrap_or_default();
        let tty = Tty {
            cols: ws.cols.into(),
            rows: ws.rows.into(),
            width: ws.xpixel.into(),
            height: ws.ypixel.into(),
            stdio_tty,
            echo: t.lflag & lflag::ECHO != 0,
            line_buffered: t.lflag & lflag::ICANON != 0,
            line_feeds: t.iflag & iflag::ICRNL != 0,
        };
        mem.write(out, &tty.encode())?;
        Ok(())
    }

    /// `tty_set(*tty)` (WASIX): echo, line buffering (raw mode when both are off), line-feed
    /// translation and the window size of the terminal on the standard streams.
    async fn x_tty_set<M: GuestMemory + ?Sized>(&self, mem: &mut M, ptr: u32) -> R {
        let want = Tty::decode(&mem.read(ptr, 24)?);
        let (_, fd) = self.stdio_ttys().await;
        let fd = fd.ok_or(WasiErrno(codes::NOTTY))?;
        let t = self.sys.tcgetattr(fd).await?;
        let new = want.apply(t);
        if new != t {
            self.sys.tcsetattr(fd, SetWhen::Now, new).await?;
        }
        let ws = self.sys.get_winsize(fd).await.unwrap_or_default();
        let size = |v: u32| u16::try_from(v).map_err(|_| Fail::from(WasiErrno::INVAL));
        let new_ws = Winsize {
            cols: size(want.cols)?,
            rows: size(want.rows)?,
            xpixel: size(want.width)?,
            ypixel: size(want.height)?,
        };
        if want.cols != 0 && want.rows != 0 && new_ws != ws {
            self.sys.set_winsize(fd, new_ws).await?;
        }
        Ok(())
    }

    /// `proc_id(*pid)` (WASIX): getpid.
    async fn x_proc_id<M: GuestMemory + ?Sized>(&self, mem: &mut M, out: u32) -> R {
        let pid = self.sys.getpid().await?;
        mem.write_u32(out, pid.0)?;
        Ok(())
    }

    /// `proc_parent(pid, *parent)` (WASIX): getppid for this process; other processes' parents
    /// are not visible (SRCH).
    async fn x_proc_parent<M: GuestMemory + ?Sized>(&self, mem: &mut M, pid: u32, out: u32) -> R {
        let me = self.sys.getpid().await?;
        if pid != me.0 && pid != 0 {
            return Err(WasiErrno(codes::SRCH).into());
        }
        let ppid = self.sys.getppid().await?;
        mem.write_u32(out, ppid.0)?;
        Ok(())
    }

    /// `proc_signal(pid, sig)` (WASIX): kill(2); signal 0 only checks that `pid` exists.
    async fn x_proc_signal(&self, pid: u32, sig: u32) -> R {
        let sig = match sig {
            0 => None,
            n => Some(signal_of(n).ok_or(WasiErrno::INVAL)?),
        };
        self.sys.kill(pid as i32, sig).await?;
        Ok(())
    }

    /// `proc_join(*option_pid, flags, *join_status)` (WASIX): waitpid. `option_pid` none
    /// waits for any child and is filled in with the one that changed.
    async fn x_proc_join<M: GuestMemory + ?Sized>(
        &self,
        mem: &mut M,
        opt: u32,
        flags: u32,
        out: u32,
    ) -> R {
        mem.read(out, 6)?;
        let tag = mem.read(opt, 1)?.first().copied().unwrap_or(0);
        let pid = if tag == 1 {
            mem.read_u32(opt + 4)? as i32
        } else {
            -1
        };
        let mut options = WaitOptions::empty();
        if flags & 1 != 0 {
            options |= WaitOptions::WNOHANG;
        }
        if flags & 2 != 0 {
            options |= WaitOptions::WUNTRACED;
        }
        match self.sys.waitpid(pid, options).await {
            Ok(Some((p, st))) => {
                mem.write_u8(opt, 1)?;
                mem.write_u32(opt + 4, p.0)?;
                mem.write(out, &encode_join(Some(st)))?;
                Ok(())
            }
            Ok(None) => {
                mem.write(out, &encode_join(None))?;
                Ok(())
            }
            Err(e) => {
                mem.write(out, &encode_join(None))?;
                Err(e.into())
            }
        }
    }

    /// A spawn argument list: line-feed separated (`proc_spawn2`) or a pointer array
    /// (`proc_spawn3`); `None` when absent (length 0 / null pointer).
    fn spawn_list<M: GuestMemory + ?Sized>(
        &self,
        mem: &M,
        lists: Lists,
        ptr: u32,
        len: u32,
    ) -> R<Option<Vec<String>>> {
        match lists {
            Lists::Lines if len == 0 => Ok(None),
            Lists::Lines => Ok(Some(split_lines(&self.guest_str(mem, ptr, len)?))),
            Lists::Pointers if ptr == 0 => Ok(None),
            Lists::Pointers => {
                if len > MAX_SPAWN_ITEMS * 16 {
                    return Err(WasiErrno(codes::TOOBIG).into());
                }
                let raw = mem.read(ptr, len.saturating_mul(4))?;
                raw.chunks_exact(4)
                    .map(|c| self.guest_cstr(mem, u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
                    .collect::<R<Vec<_>>>()
                    .map(Some)
            }
        }
    }

    /// Kernel file actions for the guest's `proc_spawn_fd_op` records.
    fn file_actions<M: GuestMemory + ?Sized>(
        &self,
        mem: &M,
        ops: &[RawFdOp],
    ) -> R<Vec<FileAction>> {
        let mut out = Vec::with_capacity(ops.len());
        for op in ops {
            let a = match op.cmd {
                0 => match self.fds.get(op.fd) {
                    Some(Entry::Os { fd, .. }) => FileAction::Close(*fd),
                    Some(Entry::Preopen { .. }) => continue,
                    None => FileAction::Close(Fd(op.fd)),
                },
                1 => FileAction::Dup2 {
                    from: self.fds.os_fd(op.src_fd).ok_or(WasiErrno::BADF)?,
                    to: Fd(op.fd),
                },
                2 => FileAction::Open {
                    fd: Fd(op.fd),
                    path: self.guest_str(mem, op.path.0, op.path.1)?,
                    flags: open_flags(op.oflags, op.fdflags, op.rights),
                    mode: 0o666,
                },
                3 => FileAction::Chdir(self.guest_str(mem, op.path.0, op.path.1)?),
                4 => match self.fds.get(op.fd) {
                    Some(Entry::Preopen {
                        base: Base::Path(p),
                        ..
                    }) => FileAction::Chdir(p.clone()),
                    Some(Entry::Preopen { .. }) => continue,
                    Some(Entry::Os { .. }) => return Err(WasiErrno(codes::NOTSUP).into()),
                    None => return Err(WasiErrno::BADF.into()),
                },
                _ => return Err(WasiErrno::INVAL.into()),
            };
            out.push(a);
        }
        Ok(out)
    }

    /// `proc_spawn2` / `proc_spawn3(name, args, envs, fd_ops, signal_actions, search_path,
    /// path, *pid)` (WASIX): posix_spawn with file actions; `Default` signal dispositions reset
    /// those signals in the child. An absent environment inherits the guest's.
    async fn x_proc_spawn<M: GuestMemory + ?Sized>(
        &mut self,
        mem: &mut M,
        lists: Lists,
        a: &[u32],
    ) -> R {
        let at = |i: usize| a.get(i).copied().unwrap_or(0);
        let out = at(13);
        mem.read(out, 4)?;
        let name = self.guest_str(mem, at(0), at(1))?;
        if name.is_empty() {
            return Err(WasiErrno(codes::NOENT).into());
        }
        let argv = self
            .spawn_list(mem, lists, at(2), at(3))?
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| vec![name.clone()]);
        let envp = self
            .spawn_list(mem, lists, at(4), at(5))?
            .unwrap_or_else(|| self.env.clone());
        if at(7) > MAX_SPAWN_ITEMS || at(9) > MAX_SPAWN_ITEMS {
            return Err(WasiErrno(codes::TOOBIG).into());
        }
        let ops = parse_fd_ops(&mem.read(at(6), at(7) * FD_OP_SIZE)?);
        let file_actions = self.file_actions(mem, &ops)?;
        let mut sigdefault = SigSet::EMPTY;
        for d in mem.read(at(8), at(9) * 2)?.chunks_exact(2) {
            // Disposition 0 is Default; Ignore (1) has no spawn attribute in Wosix.
            if d[1] == 0
                && let Some(s) = signal_of(d[0].into())
            {
                sigdefault.insert(s);
            }
        }
        let path = if name.contains('/') {
            name.clone()
        } else if at(10) != 0 {
            let dirs = self.guest_str(mem, at(11), at(12))?;
            self.search(&dirs, &name)
                .await
                .unwrap_or_else(|| name.clone())
        } else {
            format!("./{name}")
        };
        let req = SpawnRequest {
            path,
            argv,
            envp,
            file_actions,
            attrs: SpawnAttrs {
                sigdefault,
                ..SpawnAttrs::default()
            },
        };
        let pid: Pid = self.sys.spawn(req).await?;
        mem.write_u32(out, pid.0)?;
        Ok(())
    }

    /// The first `dir/name` in the colon-separated `dirs` that is a file (an empty `dirs`
    /// leaves the search to the kernel's PATH lookup).
    async fn search(&self, dirs: &str, name: &str) -> Option<String> {
        for d in dirs.split(':').filter(|d| !d.is_empty()) {
            let p = crate::fdtable::join(d, name);
            if self.sys.stat(&p).await.is_ok_and(|s| !s.is_dir()) {
                return Some(p);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_table_is_unique_and_well_formed() {
        let mut names: Vec<_> = WASIX_IMPORTS.iter().map(|i| i.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), WASIX_IMPORTS.len());
        assert_eq!(
            lookup_wasix("proc_spawn2").map(|i| i.params.len()),
            Some(14)
        );
        assert_eq!(
            lookup_wasix("thread_sleep").map(|i| i.params),
            Some(&[Ty::I64][..])
        );
        assert!(lookup_wasix("proc_exec").is_none());
    }
}
