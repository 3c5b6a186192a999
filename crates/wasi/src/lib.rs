//! # wosix-wasi — WASI preview1 over the Wosix syscall API
//!
//! A WebAssembly guest built for WASI (`wasm32-wasip1`) imports the functions of
//! `wasi_snapshot_preview1`. This crate implements every one of them as async code against a
//! process's [`Sys`] handle — never the host's file system — so a guest is an ordinary Wosix
//! process: its files, permissions, pipes, terminal and signals are the kernel's.
//!
//! Executors (the native wasmtime one, the web one) plug in with two things:
//! - [`IMPORTS`], the name and core-wasm signature of every function, to define them generically;
//! - [`Wasi::call`], which runs one function given the guest's memory as a [`GuestMemory`] and
//!   the raw argument values, and returns the errno for the guest or a [`Trap`] (`proc_exit`,
//!   bad pointer) that ends it.
//!
//! The WASIX process extensions (module `wasix_32v1`) plug in the same way through
//! [`WASIX_IMPORTS`] and [`Wasi::call_wasix`] (see [`wasix`]).
#![forbid(unsafe_code)]

pub mod errno;
mod fdtable;
mod fs;
pub mod mem;
mod misc;
mod poll;
pub mod types;
pub mod wasix;

pub use errno::{WasiErrno, wasi_errno};
pub use fdtable::{Base, Entry, FdTable};
pub use mem::{GuestMemory, Trap, WasiResult};
pub use wasix::{WASIX_IMPORTS, WASIX_MODULE, WasixFunc, WasixImport, lookup_wasix};
use wosix_abi::Errno;
use wosix_runtime::Sys;

/// The import module name of WASI preview1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// A core-wasm value type of a WASI function's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `i32` (pointers, sizes, descriptors, flags).
    I32,
    /// `i64` (offsets, timestamps, rights).
    I64,
}

macro_rules! imports {
    ($($variant:ident $name:literal ($($ty:ident),*) -> $ret:literal;)*) => {
        /// A WASI preview1 function.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs, non_camel_case_types)]
        pub enum Func { $($variant),* }

        /// Every function of `wasi_snapshot_preview1`, in witx order.
        pub const IMPORTS: &[Import] = &[
            $(Import { func: Func::$variant, name: $name, params: &[$(Ty::$ty),*], returns_errno: $ret }),*
        ];
    };
}

/// Name and signature of one WASI function.
#[derive(Clone, Copy, Debug)]
pub struct Import {
    /// Which function.
    pub func: Func,
    /// Its import name.
    pub name: &'static str,
    /// Parameter types.
    pub params: &'static [Ty],
    /// Whether it returns an `i32` errno (all but `proc_exit`).
    pub returns_errno: bool,
}

imports! {
    args_get "args_get" (I32, I32) -> true;
    args_sizes_get "args_sizes_get" (I32, I32) -> true;
    environ_get "environ_get" (I32, I32) -> true;
    environ_sizes_get "environ_sizes_get" (I32, I32) -> true;
    clock_res_get "clock_res_get" (I32, I32) -> true;
    clock_time_get "clock_time_get" (I32, I64, I32) -> true;
    fd_advise "fd_advise" (I32, I64, I64, I32) -> true;
    fd_allocate "fd_allocate" (I32, I64, I64) -> true;
    fd_close "fd_close" (I32) -> true;
    fd_datasync "fd_datasync" (I32) -> true;
    fd_fdstat_get "fd_fdstat_get" (I32, I32) -> true;
    fd_fdstat_set_flags "fd_fdstat_set_flags" (I32, I32) -> true;
    fd_fdstat_set_rights "fd_fdstat_set_rights" (I32, I64, I64) -> true;
    fd_filestat_get "fd_filestat_get" (I32, I32) -> true;
    fd_filestat_set_size "fd_filestat_set_size" (I32, I64) -> true;
    fd_filestat_set_times "fd_filestat_set_times" (I32, I64, I64, I32) -> true;
    fd_pread "fd_pread" (I32, I32, I32, I64, I32) -> true;
    fd_prestat_get "fd_prestat_get" (I32, I32) -> true;
    fd_prestat_dir_name "fd_prestat_dir_name" (I32, I32, I32) -> true;
    fd_pwrite "fd_pwrite" (I32, I32, I32, I64, I32) -> true;
    fd_read "fd_read" (I32, I32, I32, I32) -> true;
    fd_readdir "fd_readdir" (I32, I32, I32, I64, I32) -> true;
    fd_renumber "fd_renumber" (I32, I32) -> true;
    fd_seek "fd_seek" (I32, I64, I32, I32) -> true;
    fd_sync "fd_sync" (I32) -> true;
    fd_tell "fd_tell" (I32, I32) -> true;
    fd_write "fd_write" (I32, I32, I32, I32) -> true;
    path_create_directory "path_create_directory" (I32, I32, I32) -> true;
    path_filestat_get "path_filestat_get" (I32, I32, I32, I32, I32) -> true;
    path_filestat_set_times "path_filestat_set_times" (I32, I32, I32, I32, I64, I64, I32) -> true;
    path_link "path_link" (I32, I32, I32, I32, I32, I32, I32) -> true;
    path_open "path_open" (I32, I32, I32, I32, I32, I64, I64, I32, I32) -> true;
    path_readlink "path_readlink" (I32, I32, I32, I32, I32, I32) -> true;
    path_remove_directory "path_remove_directory" (I32, I32, I32) -> true;
    path_rename "path_rename" (I32, I32, I32, I32, I32, I32) -> true;
    path_symlink "path_symlink" (I32, I32, I32, I32, I32) -> true;
    path_unlink_file "path_unlink_file" (I32, I32, I32) -> true;
    poll_oneoff "poll_oneoff" (I32, I32, I32, I32) -> true;
    proc_exit "proc_exit" (I32) -> false;
    proc_raise "proc_raise" (I32) -> true;
    sched_yield "sched_yield" () -> true;
    random_get "random_get" (I32, I32) -> true;
    sock_accept "sock_accept" (I32, I32, I32) -> true;
    sock_recv "sock_recv" (I32, I32, I32, I32, I32, I32) -> true;
    sock_send "sock_send" (I32, I32, I32, I32, I32) -> true;
    sock_shutdown "sock_shutdown" (I32, I32) -> true;
}

/// Look a function up by import name.
pub fn lookup(name: &str) -> Option<&'static Import> {
    IMPORTS.iter().find(|i| i.name == name)
}

/// The WASI state of one guest process: its `Sys` handle, arguments, environment and
/// descriptor table.
pub struct Wasi {
    sys: Sys,
    args: Vec<String>,
    env: Vec<String>,
    fds: FdTable,
}

/// Why a WASI function body stopped early: an errno for the guest, or a trap.
#[derive(Debug)]
pub(crate) enum Fail {
    /// Return this errno to the guest.
    Errno(WasiErrno),
    /// End the guest.
    Trap(Trap),
}

impl From<Errno> for Fail {
    fn from(e: Errno) -> Fail {
        Fail::Errno(e.into())
    }
}

impl From<WasiErrno> for Fail {
    fn from(e: WasiErrno) -> Fail {
        Fail::Errno(e)
    }
}

impl From<Trap> for Fail {
    fn from(t: Trap) -> Fail {
        Fail::Trap(t)
    }
}

/// Result of one WASI function body.
pub(crate) type R<T = ()> = Result<T, Fail>;

impl Wasi {
    /// Set up a guest: preopens for `/`, the working directory and each top-level directory.
    pub async fn new(sys: Sys, args: Vec<String>, env: Vec<String>) -> Wasi {
        let mut tops: Vec<String> = Vec::new();
        if let Ok(list) = sys.read_dir("/").await {
            for d in list {
                let p = format!("/{}", d.name);
                if sys.stat(&p).await.is_ok_and(|s| s.is_dir()) {
                    tops.push(p);
                }
            }
        }
        Wasi {
            fds: FdTable::new(&tops),
            sys,
            args,
            env,
        }
    }

    /// The process's system-call handle.
    pub fn sys(&self) -> &Sys {
        &self.sys
    }

    /// The descriptor table (WASIX-style extensions map guest descriptors through it).
    pub fn fds(&mut self) -> &mut FdTable {
        &mut self.fds
    }

    /// Run `func` with raw argument values (`i32` arguments zero-extended). Returns the errno
    /// for the guest (0 = success), or the trap that ends it.
    pub async fn call<M: GuestMemory + ?Sized + Send>(
        &mut self,
        mem: &mut M,
        func: Func,
        a: &[u64],
    ) -> WasiResult<u16> {
        let arg = |i: usize| a.get(i).copied().unwrap_or(0);
        let w = |i: usize| arg(i) as u32;
        let r: R = match func {
            Func::args_get => self.strings_get(mem, false, w(0), w(1)),
            Func::args_sizes_get => self.strings_sizes(mem, false, w(0), w(1)),
            Func::environ_get => self.strings_get(mem, true, w(0), w(1)),
            Func::environ_sizes_get => self.strings_sizes(mem, true, w(0), w(1)),
            Func::clock_res_get => self.clock_res_get(mem, w(0), w(1)),
            Func::clock_time_get => self.clock_time_get(mem, w(0), w(2)).await,
            Func::fd_advise => self.fd_advise(w(0)),
            Func::fd_allocate => self.fd_allocate(w(0), arg(1), arg(2)).await,
            Func::fd_close => self.fd_close(w(0)).await,
            Func::fd_datasync | Func::fd_sync => self.fd_sync(w(0)).await,
            Func::fd_fdstat_get => self.fd_fdstat_get(mem, w(0), w(1)).await,
            Func::fd_fdstat_set_flags => self.fd_fdstat_set_flags(w(0), w(1) as u16).await,
            Func::fd_fdstat_set_rights => self.fd_fdstat_set_rights(w(0)),
            Func::fd_filestat_get => self.fd_filestat_get(mem, w(0), w(1)).await,
            Func::fd_filestat_set_size => self.fd_filestat_set_size(w(0), arg(1)).await,
            Func::fd_filestat_set_times => {
                self.fd_filestat_set_times(w(0), arg(1), arg(2), w(3) as u16)
                    .await
            }
            Func::fd_pread => {
                self.fd_pread(mem, w(0), w(1), w(2), Some(arg(3)), w(4))
                    .await
            }
            Func::fd_prestat_get => self.fd_prestat_get(mem, w(0), w(1)),
            Func::fd_prestat_dir_name => self.fd_prestat_dir_name(mem, w(0), w(1), w(2)),
            Func::fd_pwrite => {
                self.fd_pwrite(mem, w(0), w(1), w(2), Some(arg(3)), w(4))
                    .await
            }
            Func::fd_read => self.fd_pread(mem, w(0), w(1), w(2), None, w(3)).await,
            Func::fd_readdir => self.fd_readdir(mem, w(0), w(1), w(2), arg(3), w(4)).await,
            Func::fd_renumber => self.fd_renumber(w(0), w(1)).await,
            Func::fd_seek => self.fd_seek(mem, w(0), arg(1) as i64, w(2), w(3)).await,
            Func::fd_tell => self.fd_seek(mem, w(0), 0, 1, w(1)).await,
            Func::fd_write => self.fd_pwrite(mem, w(0), w(1), w(2), None, w(3)).await,
            Func::path_create_directory => self.path_create_directory(mem, w(0), w(1), w(2)).await,
            Func::path_filestat_get => {
                self.path_filestat_get(mem, w(0), w(1), w(2), w(3), w(4))
                    .await
            }
            Func::path_filestat_set_times => {
                self.path_filestat_set_times(
                    mem,
                    w(0),
                    w(1),
                    w(2),
                    w(3),
                    arg(4),
                    arg(5),
                    w(6) as u16,
                )
                .await
            }
            Func::path_link => {
                self.path_link(mem, w(0), w(1), w(2), w(3), w(4), w(5), w(6))
                    .await
            }
            Func::path_open => {
                self.path_open(
                    mem,
                    w(0),
                    w(1),
                    w(2),
                    w(3),
                    w(4) as u16,
                    arg(5),
                    w(7) as u16,
                    w(8),
                )
                .await
            }
            Func::path_readlink => {
                self.path_readlink(mem, w(0), w(1), w(2), w(3), w(4), w(5))
                    .await
            }
            Func::path_remove_directory => self.path_unlink(mem, w(0), w(1), w(2), true).await,
            Func::path_rename => {
                self.path_rename(mem, w(0), w(1), w(2), w(3), w(4), w(5))
                    .await
            }
            Func::path_symlink => self.path_symlink(mem, w(0), w(1), w(2), w(3), w(4)).await,
            Func::path_unlink_file => self.path_unlink(mem, w(0), w(1), w(2), false).await,
            Func::poll_oneoff => self.poll_oneoff(mem, w(0), w(1), w(2), w(3)).await,
            Func::proc_exit => Err(Fail::Trap(Trap::Exit(w(0)))),
            Func::proc_raise => self.proc_raise(w(0)).await,
            Func::sched_yield => self.sched_yield().await,
            Func::random_get => self.random_get(mem, w(0), w(1)).await,
            Func::sock_accept | Func::sock_recv | Func::sock_send | Func::sock_shutdown => {
                self.sock(w(0))
            }
        };
        match r {
            Ok(()) => Ok(0),
            Err(Fail::Errno(e)) => Ok(e.0),
            Err(Fail::Trap(t)) => Err(t),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_table_is_complete_and_unique() {
        assert_eq!(IMPORTS.len(), 46);
        let mut names: Vec<_> = IMPORTS.iter().map(|i| i.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 46);
        assert_eq!(lookup("path_open").map(|i| i.params.len()), Some(9));
        assert!(lookup("proc_exit").is_some_and(|i| !i.returns_errno));
    }
}
