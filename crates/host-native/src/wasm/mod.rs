//! The native executor of WebAssembly guests: the kernel's exec hands it `ExecImage::Wasm(path)`
//! (a file starting with `\0asm` with the x bit), and it runs the module with wasmtime as an
//! ordinary Wosix process.
//!
//! - The module's bytes are read through the kernel (the process's own `open`/`read`), never
//!   from the host's file system, and compiled once per content hash ([`engine`]).
//! - Every `wasi_snapshot_preview1` import is `wosix_wasi` over the process's `Sys`; blocking
//!   calls await the kernel, so a guest waiting on a pipe parks like any program.
//! - Epoch interruption makes a busy guest yield every few milliseconds, so it never starves
//!   the other processes; the runtime charges the time it runs to the process (cpuMs,
//!   RLIMIT_CPU → SIGXCPU).
//! - Linear memory is limited by RLIMIT_AS and reported as the process's memory.
//! - A trap or a bad pointer ends the guest with a message on stderr and a fatal signal.

mod diskcache;
mod engine;
mod fault;

use engine::{FileIdent, Runtime};
use std::sync::Arc;
use wasmtime::{Module, ResourceLimiter, Store};
use wosix_abi::{Errno, Fd, OFlags, Resource};
use wosix_runtime::kernel::ExecImage;
use wosix_runtime::{ProgramFuture, ProgramSource, Sys};
use wosix_wasi::Wasi;

/// The data of one guest's wasmtime store.
pub struct State {
    /// WASI state: the `Sys` handle, arguments, environment, descriptor table.
    pub wasi: Wasi,
    /// Memory limits from the process's rlimits.
    limits: Limits,
}

/// Refuses linear-memory growth beyond RLIMIT_AS and reports the size to the kernel.
struct Limits {
    sys: Sys,
    max_bytes: u64,
}

impl ResourceLimiter for Limits {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired as u64 > self.max_bytes {
            return Ok(false);
        }
        self.sys.account_memory(desired as u64);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        // Each element costs a pointer; hold tables to the same budget as memory.
        Ok((desired as u64).saturating_mul(8) <= self.max_bytes)
    }
}

/// The [`ProgramSource`] for WebAssembly images.
pub struct WasmExecutor {
    rt: Arc<Runtime>,
}

/// The executor to put in `Userland { wasm: … }`, or `None` (with a message on the host's
/// stderr) when the engine cannot be set up.
pub fn executor() -> Option<Arc<dyn ProgramSource>> {
    match Runtime::get() {
        Ok(rt) => Some(Arc::new(WasmExecutor { rt })),
        Err(msg) => {
            eprintln!("wosix: {msg}; WebAssembly programs are disabled");
            None
        }
    }
}

impl ProgramSource for WasmExecutor {
    fn start(
        &self,
        sys: Sys,
        image: &ExecImage,
        argv: Vec<String>,
        envp: Vec<String>,
    ) -> Result<ProgramFuture, Errno> {
        let ExecImage::Wasm(path) = image else {
            return Err(Errno::ENOEXEC);
        };
        let rt = self.rt.clone();
        let path = path.clone();
        Ok(Box::pin(
            async move { run(rt, sys, path, argv, envp).await },
        ))
    }
}

/// `prog: msg` on the process's stderr.
async fn complain(sys: &Sys, prog: &str, msg: &str) {
    let _ = sys
        .write_all(Fd::STDERR, format!("{prog}: {msg}\n").as_bytes())
        .await;
}

/// The module in the file at `path`, opened as the process itself (so permissions apply):
/// from the runtime's cache when this version of the file was compiled before, else read,
/// hashed and compiled (or found by content). Errors: the open or read failure, or the
/// compiler's message.
async fn load_module(rt: &Arc<Runtime>, sys: &Sys, path: &str) -> Result<Module, LoadError> {
    let fd = sys
        .open(path, OFlags::RDONLY | OFlags::CLOEXEC, 0)
        .await
        .map_err(LoadError::Io)?;
    let ident = sys.fstat(fd).await.ok().map(|st| FileIdent {
        machine: sys.machine_token(),
        node: (st.dev, st.ino.0),
        size: st.size,
        times: (st.mtime, st.ctime),
    });
    if let Some(m) = ident.as_ref().and_then(|id| rt.module_by_ident(id)) {
        let _ = sys.close(fd).await;
        return Ok(m);
    }
    let r = sys.read_to_end(fd).await;
    let _ = sys.close(fd).await;
    let bytes = r.map_err(LoadError::Io)?;
    rt.module(bytes, ident).await.map_err(LoadError::Invalid)
}

/// Why a module could not be loaded.
enum LoadError {
    /// Opening or reading the file failed.
    Io(Errno),
    /// The bytes are not a valid module (the compiler's message).
    Invalid(String),
}

/// Load, instantiate and run a guest; the result is its exit status.
async fn run(
    rt: Arc<Runtime>,
    sys: Sys,
    path: String,
    argv: Vec<String>,
    envp: Vec<String>,
) -> i32 {
    let prog = argv.first().cloned().unwrap_or_else(|| path.clone());
    let module = match load_module(&rt, &sys, &path).await {
        Ok(m) => m,
        Err(LoadError::Io(e)) => {
            complain(&sys, &prog, &format!("{path}: {}", e.message())).await;
            return 126;
        }
        Err(LoadError::Invalid(e)) => {
            complain(
                &sys,
                &prog,
                &format!("{path}: invalid WebAssembly module: {e}"),
            )
            .await;
            return 126;
        }
    };
    let max_bytes = sys
        .getrlimit(Resource::As)
        .await
        .map(|r| r.soft)
        .unwrap_or(u64::MAX);
    let wasi = Wasi::new(sys.clone(), argv, envp).await;
    let mut store = Store::new(
        &rt.engine,
        State {
            wasi,
            limits: Limits {
                sys: sys.clone(),
                max_bytes,
            },
        },
    );
    store.limiter(|s| &mut s.limits);
    store.epoch_deadline_async_yield_and_update(1);
    let linker = match rt.linker_for(&module) {
        Ok(l) => l,
        Err(e) => {
            complain(&sys, &prog, &format!("cannot link: {e}")).await;
            return 126;
        }
    };
    let instance = match linker.instantiate_async(&mut store, &module).await {
        Ok(i) => i,
        Err(e) => return fault::report(&sys, &prog, e).await,
    };
    if let Some(mem) = instance.get_memory(&mut store, "memory") {
        sys.account_memory(mem.data_size(&store) as u64);
    }
    let start = match instance.get_typed_func::<(), ()>(&mut store, "_start") {
        Ok(f) => f,
        Err(_) => {
            complain(
                &sys,
                &prog,
                &format!("{path}: no _start function (not a WASI command)"),
            )
            .await;
            return 126;
        }
    };
    match start.call_async(&mut store, ()).await {
        Ok(()) => 0,
        Err(e) => fault::report(&sys, &prog, e).await,
    }
}
