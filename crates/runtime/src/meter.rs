//! Heap accounting per process, for `memBytes` (ps's RSS, /proc/<pid>/status) of built-in
//! programs, whose memory is ordinary heap in the host process rather than a guest's linear
//! memory.
//!
//! The runtime says whose code is running: [`Machine`](crate::Machine) sets the *owner* to a
//! process's pid while it polls that process's task, and [`Sys`](crate::Sys) sets it to 0 (the
//! kernel and the host) while a system call runs inside the kernel. A host that wants the
//! accounting installs a global allocator that tags every allocation with [`owner`] and calls
//! [`charge`] on allocation (+size, to the current owner) and deallocation (−size, to the owner
//! the block was tagged with), so a buffer a program hands to the kernel and the kernel frees is
//! still credited back to the program. Without such an allocator every count stays 0.
//!
//! Counters live in a fixed table indexed by pid modulo its size, so charging never allocates;
//! a slot is cleared when a process starts ([`reset`]), and reads clamp at 0 (memory a previous
//! holder of the slot frees later must not make a count negative).

use std::cell::Cell;
use std::sync::atomic::{AtomicI64, Ordering::Relaxed};

/// Number of counter slots.
const SLOTS: usize = 4096;

static HEAP: [AtomicI64; SLOTS] = [const { AtomicI64::new(0) }; SLOTS];

thread_local! {
    static OWNER: Cell<u32> = const { Cell::new(0) };
}

/// The pid whose code runs on this thread now (0: the kernel or the host). Safe to call from a
/// global allocator: it never allocates.
pub fn owner() -> u32 {
    OWNER.try_with(Cell::get).unwrap_or(0)
}

/// Make `pid` the owner of this thread's allocations; returns the previous owner.
pub(crate) fn set_owner(pid: u32) -> u32 {
    OWNER.try_with(|o| o.replace(pid)).unwrap_or(0)
}

/// Add `delta` bytes to `owner`'s count (0 is not counted). Never allocates.
pub fn charge(owner: u32, delta: i64) {
    if owner != 0 {
        HEAP[owner as usize % SLOTS].fetch_add(delta, Relaxed);
    }
}

/// Heap bytes held by `pid` (0 unless a metering allocator is installed).
pub fn heap_bytes(pid: u32) -> u64 {
    u64::try_from(HEAP[pid as usize % SLOTS].load(Relaxed)).unwrap_or(0)
}

/// Start `pid`'s count afresh.
pub(crate) fn reset(pid: u32) {
    HEAP[pid as usize % SLOTS].store(0, Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_and_counts() {
        assert_eq!(owner(), 0);
        let prev = set_owner(4000);
        assert_eq!((prev, owner()), (0, 4000));
        reset(4000);
        charge(4000, 100);
        charge(4000, -30);
        charge(0, 1 << 20);
        assert_eq!(heap_bytes(4000), 70);
        charge(4000, -500);
        assert_eq!(heap_bytes(4000), 0, "clamped at 0");
        reset(4000);
        assert_eq!(heap_bytes(4000), 0);
        set_owner(prev);
        assert_eq!(owner(), 0);
    }
}
