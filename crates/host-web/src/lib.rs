//! # wosix-host-web — the browser host
//!
//! The kernel, the userland and the executor run inside one dedicated Web Worker (or a Node.js
//! `worker_threads` worker, for fast tests). This crate is what that worker instantiates: an
//! [`Engine`] that boots a machine, takes requests from the JavaScript facade (`js/wosix`) as
//! JSON plus an optional byte payload, runs them through the kernel as host tasks and system
//! calls of real processes, and queues replies and events (process output, exits, file watch
//! events, `xdg-open`) for the worker to post back with transferable buffers.
//!
//! Nothing here blocks: the worker calls [`Engine::run`] after every message and again at the
//! timer deadline it returns (DESIGN.md, principle 7: hosts are thin). The protocol is
//! described in [`proto`]; the wasm-bindgen surface (the `WosixKernel` class) lives in the
//! `wasm` module, compiled only for `wasm32`.
#![forbid(unsafe_code)]

pub mod engine;
pub mod fsops;
pub mod glob;
pub mod paths;
pub mod procs;
pub mod programs;
pub mod proto;
pub mod snapshot;
pub mod tree;
pub mod watch;
pub mod zip;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use engine::{Engine, OutMsg};

/// Every allocation in the worker is tagged with the process that made it, so built-in
/// programs' heap counts in their `memBytes` (ps, /proc) here as in the native host.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: wosix_alloc::Metered = wosix_alloc::Metered;

#[cfg(test)]
mod tests;
