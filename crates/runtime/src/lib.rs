//! # wosix-runtime — running programs on the Wosix kernel
//!
//! The kernel is a state machine that never blocks; programs are straight-line code that wants
//! `read` to wait for data. This crate joins the two without threads, so the same code runs
//! natively and inside a browser Worker:
//!
//! - [`Sys`] is a program's handle on the kernel: one async method per system call. A call the
//!   kernel answers with "would block" parks the program's future on the named wait object;
//!   the kernel reports the object ready and the executor polls the program again, which
//!   retries the call (DESIGN.md, "Blocking read").
//! - [`Machine`] owns the kernel and the executor: one task per running program, plus host
//!   tasks (terminal pumps) that act through `Sys` handles of their own.
//! - [`ProgramSource`] is how userland and guest executors plug in: given an exec event it
//!   returns the future that runs the program.
//! - A [`PortListener`] set with [`Machine::on_port`] hears when a guest starts or stops
//!   listening on a TCP port (DESIGN.md, "Preview").
#![forbid(unsafe_code)]

mod executor;
mod machine;
pub mod meter;
mod sys;
mod sys_net;

pub use executor::{HostQueue, TaskId};
pub use machine::{Host, Machine, PortListener, ProgramSource, StdHost};
pub use sys::{MachineToken, ProgramFuture, Sys};
pub use wosix_abi as abi;
pub use wosix_kernel as kernel;
