//! How a guest that stops with an error ends: `proc_exit` is a normal exit with its code; a
//! trap (bad memory access, `unreachable`, division by zero…) or a bad pointer passed to WASI
//! prints `prog: fault: …` on the process's stderr and kills the process with the signal a
//! native program would get (SIGSEGV, SIGABRT, SIGFPE), so shells report it as usual.

use super::complain;
use wasmtime::Trap as WasmTrap;
use wosix_abi::{SigAction, SigHow, SigSet, Signal};
use wosix_runtime::Sys;
use wosix_wasi::Trap;

/// The signal a native process would die of for this trap.
fn signal_of(t: WasmTrap) -> Signal {
    match t {
        WasmTrap::IntegerOverflow
        | WasmTrap::IntegerDivisionByZero
        | WasmTrap::BadConversionToInteger => Signal::SIGFPE,
        // abort() in wasi-libc and Rust's panic=abort both end in `unreachable`.
        WasmTrap::UnreachableCodeReached => Signal::SIGABRT,
        _ => Signal::SIGSEGV,
    }
}

/// End the process for `err` (from instantiation or `_start`); returns the exit status to
/// use if the process is still alive afterwards.
pub async fn report(sys: &Sys, prog: &str, err: wasmtime::Error) -> i32 {
    if let Some(Trap::Exit(code)) = err.downcast_ref::<Trap>() {
        return (code & 0xff) as i32;
    }
    let (msg, sig) = if let Some(Trap::Fault(m)) = err.downcast_ref::<Trap>() {
        (m.clone(), Signal::SIGSEGV)
    } else if let Some(t) = err.downcast_ref::<WasmTrap>() {
        (format!("{t}"), signal_of(*t))
    } else {
        // Not a trap: instantiation failed (a missing export, a start function error).
        complain(sys, prog, &format!("cannot run: {err}")).await;
        return 126;
    };
    complain(sys, prog, &format!("fault: {msg}")).await;
    die(sys, sig).await
}

/// Kill the process with `sig` (default action, unblocked). Returns `128 + sig` only if the
/// kernel did not end it.
async fn die(sys: &Sys, sig: Signal) -> i32 {
    let _ = sys.sigaction(sig, SigAction::Default).await;
    let _ = sys.sigprocmask(SigHow::Unblock, SigSet::of(sig)).await;
    if let Ok(me) = sys.getpid().await {
        let _ = sys.kill(me.0 as i32, Some(sig)).await;
    }
    128 + sig.number() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traps_map_to_native_signals() {
        assert_eq!(signal_of(WasmTrap::MemoryOutOfBounds), Signal::SIGSEGV);
        assert_eq!(signal_of(WasmTrap::IntegerDivisionByZero), Signal::SIGFPE);
        assert_eq!(signal_of(WasmTrap::UnreachableCodeReached), Signal::SIGABRT);
    }
}
