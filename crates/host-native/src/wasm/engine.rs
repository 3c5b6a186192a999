//! The one wasmtime engine of this host process: its configuration (epoch interruption for
//! time slices), the thread that ticks the epoch, the linker holding every WASI function, and
//! the compiled-module cache keyed by the SHA-256 of the module's bytes (in memory here, on
//! disk in [`super::diskcache`]).

use super::State;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::future::poll_fn;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Poll, Waker};
use std::time::Duration;
use wasmtime::{Config, Engine, ExternType, FuncType, Linker, Module, Val, ValType};
use wosix_wasi::{Func, IMPORTS, MODULE, Ty, WASIX_IMPORTS, WASIX_MODULE, WasixFunc};

/// How often the epoch advances; a guest yields to the executor at the next epoch.
pub const EPOCH_TICK: Duration = Duration::from_millis(5);

/// Native stack available to a guest's WebAssembly frames.
const WASM_STACK: usize = 8 << 20;

/// Shared engine, linker and module cache.
pub struct Runtime {
    /// The engine every guest of this process runs on.
    pub engine: Engine,
    /// The WASI preview1 functions.
    linker: Linker<State>,
    /// Compiled modules (or compilations in progress) by content hash.
    cache: Mutex<HashMap<[u8; 32], Job>>,
    /// Content hashes of file versions already read, so a warm exec neither reads nor hashes
    /// the module again (hashing CPython's 26 MB was a quarter of its start-up).
    idents: Mutex<HashMap<FileIdent, [u8; 32]>>,
}

/// Most file versions [`Runtime`] remembers before it starts over.
const MAX_IDENTS: usize = 4096;

/// One version of a file in one machine: a write changes its size, mtime or ctime.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileIdent {
    /// The machine.
    pub machine: wosix_runtime::MachineToken,
    /// Device and inode.
    pub node: (u64, u64),
    /// Size in bytes.
    pub size: u64,
    /// Modification and status-change times.
    pub times: (wosix_abi::Timespec, wosix_abi::Timespec),
}

impl Runtime {
    /// The process-wide runtime, created (with its epoch thread) on first use.
    pub fn get() -> Result<Arc<Runtime>, String> {
        static RT: OnceLock<Result<Arc<Runtime>, String>> = OnceLock::new();
        RT.get_or_init(|| Runtime::new().map(Arc::new)).clone()
    }

    fn new() -> Result<Runtime, String> {
        let mut config = Config::new();
        config.epoch_interruption(true);
        // Deep recursion (CPython's evaluator) needs more than the 512 KiB default; fiber
        // stacks are reserved, not committed, so this costs address space only.
        config.max_wasm_stack(WASM_STACK);
        config.async_stack_size(WASM_STACK + (1 << 20));
        let engine = Engine::new(&config).map_err(|e| format!("wasm engine: {e}"))?;
        let linker = wasi_linker(&engine).map_err(|e| format!("wasm linker: {e}"))?;
        let ticker = engine.clone();
        std::thread::Builder::new()
            .name("wasm-epoch".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(EPOCH_TICK);
                    ticker.increment_epoch();
                }
            })
            .map_err(|e| format!("wasm epoch thread: {e}"))?;
        Ok(Runtime {
            engine,
            linker,
            cache: Mutex::new(HashMap::new()),
            idents: Mutex::new(HashMap::new()),
        })
    }

    /// A linker for `module`: the WASI functions, plus a stub returning ENOSYS for every
    /// other function it imports, so instantiation never fails on an unknown import.
    pub fn linker_for(&self, module: &Module) -> wasmtime::Result<Linker<State>> {
        let unknown: Vec<(String, String, FuncType)> = module
            .imports()
            .filter(|i| !is_known(i.module(), i.name()))
            .filter_map(|i| match i.ty() {
                ExternType::Func(ft) => Some((i.module().to_string(), i.name().to_string(), ft)),
                _ => None,
            })
            .collect();
        if unknown.is_empty() {
            return Ok(self.linker.clone());
        }
        let mut linker = self.linker.clone();
        for (m, n, ft) in unknown {
            linker.func_new(&m, &n, ft, |_caller, _params, results| {
                for r in results.iter_mut() {
                    *r = match r {
                        Val::I64(_) => Val::I64(i64::from(wosix_wasi::WasiErrno::NOSYS.0)),
                        Val::F32(_) => Val::F32(0),
                        Val::F64(_) => Val::F64(0),
                        _ => Val::I32(i32::from(wosix_wasi::WasiErrno::NOSYS.0)),
                    };
                }
                Ok(())
            })?;
        }
        Ok(linker)
    }

    /// The compiled module for `bytes`: from the cache, or compiled on a helper thread so the
    /// machine's other processes keep running meanwhile. Guests starting the same module at
    /// once share one compilation.
    pub async fn module(
        self: &Arc<Self>,
        bytes: Vec<u8>,
        ident: Option<FileIdent>,
    ) -> Result<Module, String> {
        let key: [u8; 32] = Sha256::digest(&bytes).into();
        if let Some(id) = ident {
            let mut idents = self.idents.lock().unwrap_or_else(|e| e.into_inner());
            if idents.len() >= MAX_IDENTS {
                idents.clear();
            }
            idents.insert(id, key);
        }
        let (job, fresh) = {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            match cache.get(&key) {
                Some(j) => (j.clone(), false),
                None => {
                    let j = Job::default();
                    cache.insert(key, j.clone());
                    (j, true)
                }
            }
        };
        if fresh {
            let (j2, engine) = (job.clone(), self.engine.clone());
            let spawned = std::thread::Builder::new()
                .name("wasm-compile".into())
                .spawn(move || {
                    let r = super::diskcache::load_or_compile(&engine, &key, &bytes);
                    finish(&j2, r);
                });
            if let Err(e) = spawned {
                self.cache
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&key);
                finish(&job, Err(format!("cannot start compiler thread: {e}")));
            }
        }
        poll_fn(|cx| {
            let mut g = job.lock().unwrap_or_else(|e| e.into_inner());
            match &g.result {
                Some(r) => Poll::Ready(r.clone()),
                None => {
                    g.waiters.push(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }
}

impl Runtime {
    /// The module compiled earlier from this very file version, if it compiled successfully.
    pub fn module_by_ident(&self, id: &FileIdent) -> Option<Module> {
        let key = *self
            .idents
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)?;
        let job = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)?
            .clone();
        let g = job.lock().unwrap_or_else(|e| e.into_inner());
        g.result.as_ref()?.as_ref().ok().cloned()
    }
}

/// A compilation, running or finished; guests waiting for it park their wakers here.
#[derive(Default)]
struct Compilation {
    result: Option<Result<Module, String>>,
    waiters: Vec<Waker>,
}

/// Shared handle on a [`Compilation`].
type Job = Arc<Mutex<Compilation>>;

/// Record the outcome of a compilation and wake everyone waiting for it.
fn finish(job: &Job, r: Result<Module, String>) {
    let waiters = {
        let mut g = job.lock().unwrap_or_else(|e| e.into_inner());
        g.result = Some(r);
        std::mem::take(&mut g.waiters)
    };
    for w in waiters {
        w.wake();
    }
}

fn val_type(t: Ty) -> ValType {
    match t {
        Ty::I32 => ValType::I32,
        Ty::I64 => ValType::I64,
    }
}

/// Whether `module.name` is a function this executor defines (preview1 or WASIX).
fn is_known(module: &str, name: &str) -> bool {
    (module == MODULE && wosix_wasi::lookup(name).is_some())
        || (module == WASIX_MODULE && wosix_wasi::lookup_wasix(name).is_some())
}

/// Which implementation a linked function calls.
#[derive(Clone, Copy)]
enum Callee {
    /// A `wasi_snapshot_preview1` function.
    Wasi(Func),
    /// A `wasix_32v1` function.
    Wasix(WasixFunc),
}

/// A linker defining every `wasi_snapshot_preview1` and implemented `wasix_32v1` function over
/// [`wosix_wasi::Wasi`].
fn wasi_linker(engine: &Engine) -> wasmtime::Result<Linker<State>> {
    let mut linker: Linker<State> = Linker::new(engine);
    for imp in IMPORTS {
        let callee = Callee::Wasi(imp.func);
        define(
            &mut linker,
            engine,
            MODULE,
            imp.name,
            imp.params,
            imp.returns_errno,
            callee,
        )?;
    }
    for imp in WASIX_IMPORTS {
        let callee = Callee::Wasix(imp.func);
        define(
            &mut linker,
            engine,
            WASIX_MODULE,
            imp.name,
            imp.params,
            true,
            callee,
        )?;
    }
    Ok(linker)
}

/// Define `module.name` as an async host function running `callee` on the guest's memory.
fn define(
    linker: &mut Linker<State>,
    engine: &Engine,
    module: &str,
    name: &str,
    params: &[Ty],
    returns_errno: bool,
    callee: Callee,
) -> wasmtime::Result<()> {
    let results: &[ValType] = if returns_errno { &[ValType::I32] } else { &[] };
    let ty = FuncType::new(
        engine,
        params.iter().map(|&t| val_type(t)),
        results.iter().cloned(),
    );
    linker.func_new_async(module, name, ty, move |mut caller, params, results| {
        Box::new(async move {
            let args: Vec<u64> = params
                .iter()
                .map(|v| match v {
                    Val::I32(x) => u64::from(*x as u32),
                    Val::I64(x) => *x as u64,
                    _ => 0,
                })
                .collect();
            let memory = caller.get_export("memory").and_then(|e| e.into_memory());
            let mut empty: [u8; 0] = [];
            let (data, state): (&mut [u8], &mut State) = match memory {
                Some(m) => m.data_and_store_mut(&mut caller),
                None => (&mut empty[..], caller.data_mut()),
            };
            let r = match callee {
                Callee::Wasi(f) => state.wasi.call(data, f, &args).await,
                Callee::Wasix(f) => state.wasi.call_wasix(data, f, &args).await,
            };
            match r {
                Ok(errno) => {
                    if let Some(slot) = results.first_mut() {
                        *slot = Val::I32(i32::from(errno));
                    }
                    Ok(())
                }
                Err(trap) => Err(wasmtime::Error::new(trap)),
            }
        })
    })?;
    Ok(())
}
