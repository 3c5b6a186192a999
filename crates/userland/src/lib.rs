//! # wosix-userland — the programs of /bin and /sbin, and the base image
//!
//! Every program here is ordinary code against the [`Sys`](wosix_runtime::Sys) API: it has its
//! own pid, descriptors and credentials, and never touches kernel internals (DESIGN.md,
//! principle 2). /bin and /sbin hold real files whose first line is
//! [`wosix_abi::spawn::BUILTIN_MAGIC`] followed by the program name; the kernel's exec turns
//! that into `ExecImage::Builtin`, and [`Userland`] looks the name up in [`programs`].
#![forbid(unsafe_code)]

pub mod args;
pub mod cmd;
pub mod ctx;
pub mod image;
pub mod sh;
pub mod testing;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use wosix_abi::Errno;
use wosix_kernel::ExecImage;
use wosix_runtime::{Host, Machine, ProgramFuture, ProgramSource, Sys};

pub use ctx::{Ctx, LineReader, Out};

/// The entry point of a built-in program.
pub type Main = fn(Ctx) -> Pin<Box<dyn Future<Output = i32> + Send + 'static>>;

/// One built-in program and where it is installed.
pub struct Program {
    /// Name (the file name in `dir`).
    pub name: &'static str,
    /// Directory it is installed in (`/bin`, `/sbin`, `/usr/bin`).
    pub dir: &'static str,
    /// Mode of the installed file (0o4755 for set-user-id programs).
    pub mode: u32,
    /// Entry point.
    pub main: Main,
}

/// Register `async fn main(ctx: &mut Ctx) -> i32` as a program; both streams are flushed
/// after it returns, and a failed write of its output is reported ([`Ctx::finish`]).
#[macro_export]
macro_rules! program {
    ($name:literal, $dir:literal, $f:path) => {
        $crate::program!($name, $dir, 0o755, $f)
    };
    ($name:literal, $dir:literal, $mode:literal, $f:path) => {
        $crate::Program {
            name: $name,
            dir: $dir,
            mode: $mode,
            main: |c| {
                Box::pin(async move {
                    let mut c = c;
                    let s = $f(&mut c).await;
                    c.finish(s).await
                })
            },
        }
    };
}

/// Every built-in program.
pub fn programs() -> impl Iterator<Item = &'static Program> {
    cmd::ALL.iter().flat_map(|list| list.iter())
}

/// Look a program up by name.
pub fn find(name: &str) -> Option<&'static Program> {
    programs().find(|p| p.name == name)
}

/// The [`ProgramSource`] of built-in programs. WebAssembly images are handed to `wasm`, if set.
#[derive(Default)]
pub struct Userland {
    /// Runs `ExecImage::Wasm`; without it such images fail with ENOEXEC.
    pub wasm: Option<Arc<dyn ProgramSource>>,
}

impl ProgramSource for Userland {
    fn start(
        &self,
        sys: Sys,
        image: &ExecImage,
        argv: Vec<String>,
        envp: Vec<String>,
    ) -> Result<ProgramFuture, Errno> {
        match image {
            ExecImage::Builtin(name) => {
                let p = find(name).ok_or(Errno::ENOENT)?;
                Ok((p.main)(Ctx::new(sys, argv, envp)))
            }
            ExecImage::Wasm(_) => match &self.wasm {
                Some(w) => w.start(sys, image, argv, envp),
                None => Err(Errno::ENOEXEC),
            },
        }
    }
}

/// Boot a machine: a fresh kernel, the base image installed by process 1, and the userland
/// programs. Works on any host (installing never blocks).
pub fn boot(host: Arc<dyn Host>, source: Userland) -> Machine {
    let kernel = wosix_kernel::Kernel::boot(image::HOSTNAME);
    let m = Machine::new(kernel, host.clone(), Arc::new(source));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let d2 = done.clone();
    let sys = m.init();
    m.spawn_task(async move {
        let r = image::install(&sys).await;
        d2.store(true, std::sync::atomic::Ordering::SeqCst);
        if r.is_ok() { 0 } else { 1 }
    });
    while !done.load(std::sync::atomic::Ordering::SeqCst) {
        m.run_until_stalled();
    }
    m
}
