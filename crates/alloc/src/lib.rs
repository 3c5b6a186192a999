//! # wosix-alloc — per-process heap accounting for the hosts
//!
//! The global allocator of the native `wosix` binary and of the browser build: the system
//! allocator (glibc's malloc natively, std's dlmalloc on wasm32) with a 16-byte header in front
//! of every block naming the process whose code allocated it ([`wosix_runtime::meter`]), so
//! built-in programs' heap shows as their memory in `ps` and /proc, and a block is credited back
//! to its allocator whoever frees it. It is a crate of its own because it is the one place that
//! needs `unsafe` (the `GlobalAlloc` contract); the hosts only name it.
//!
//! The header sits just before the returned pointer, inside an offset of `max(align, 16)`
//! bytes, so every alignment is kept; `realloc` moves the whole block (header included) with the
//! system's realloc, so the header survives it.

use std::alloc::{GlobalAlloc, Layout, System};
use wosix_runtime::meter;

/// Bytes reserved before each block for the owner tag.
const HEADER: usize = 16;

/// The metering allocator (see the crate documentation).
pub struct Metered;

/// The system layout of a block for `l`, and the offset of the caller's pointer in it.
fn outer(l: Layout) -> Option<(Layout, usize)> {
    let off = l.align().max(HEADER);
    let size = l.size().checked_add(off)?;
    Layout::from_size_align(size, off).ok().map(|o| (o, off))
}

/// Signed byte count of a size (sizes of live blocks always fit).
fn signed(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Metered {
    /// Tag the block at `base` (from the system allocator) and return the caller's pointer.
    ///
    /// # Safety
    /// `base` is null or a live block of at least `off + l.size()` bytes aligned to `off`.
    unsafe fn finish(base: *mut u8, l: Layout, off: usize) -> *mut u8 {
        if base.is_null() {
            return base;
        }
        let owner = meter::owner();
        // SAFETY: `off >= HEADER`, so `base + off - HEADER` lies inside the block and is aligned
        // to 16 (both `base` and `off` are multiples of 16), enough for a u32.
        unsafe {
            let user = base.add(off);
            user.sub(HEADER).cast::<u32>().write(owner);
            meter::charge(owner, signed(l.size()));
            user
        }
    }
}

// SAFETY: every method forwards to `System` with a layout derived from the caller's by `outer`,
// and hands back pointers `off` bytes into those blocks; `dealloc` and `realloc` recompute the
// same `outer` from the caller's layout, as the GlobalAlloc contract guarantees they receive the
// layout the block was allocated with.
unsafe impl GlobalAlloc for Metered {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let Some((o, off)) = outer(l) else {
            return std::ptr::null_mut();
        };
        // SAFETY: `o` has non-zero size (it includes the header).
        unsafe { Self::finish(System.alloc(o), l, off) }
    }

    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let Some((o, off)) = outer(l) else {
            return std::ptr::null_mut();
        };
        // SAFETY: as in `alloc`.
        unsafe { Self::finish(System.alloc_zeroed(o), l, off) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, l: Layout) {
        let Some((o, off)) = outer(l) else {
            return;
        };
        // SAFETY: `ptr` came from `alloc`/`realloc` with this layout, so the tag is at
        // `ptr - HEADER` and the system block starts at `ptr - off`.
        unsafe {
            let owner = ptr.sub(HEADER).cast::<u32>().read();
            meter::charge(owner, -signed(l.size()));
            System.dealloc(ptr.sub(off), o);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        let Some((o, off)) = outer(l) else {
            return std::ptr::null_mut();
        };
        let Some(total) = new_size.checked_add(off) else {
            return std::ptr::null_mut();
        };
        // SAFETY: as in `dealloc`; the system realloc keeps the first `min(old, new)` bytes of
        // the block, the tag among them, and on failure leaves the old block untouched.
        unsafe {
            let owner = ptr.sub(HEADER).cast::<u32>().read();
            let base = System.realloc(ptr.sub(off), o, total);
            if base.is_null() {
                return base;
            }
            meter::charge(owner, signed(new_size) - signed(l.size()));
            base.add(off)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_round_trip_with_every_alignment() {
        let a = Metered;
        for align in [1usize, 2, 8, 16, 64, 4096] {
            for size in [1usize, 7, 100, 5000] {
                let l = Layout::from_size_align(size, align).unwrap_or_else(|_| unreachable!());
                // SAFETY: a non-zero layout; the block is written within bounds, grown with
                // realloc (same alignment) and freed with the matching layout.
                unsafe {
                    let p = a.alloc(l);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0);
                    p.write_bytes(0xab, size);
                    let q = a.realloc(p, l, size * 3);
                    assert!(!q.is_null());
                    assert_eq!(q as usize % align, 0);
                    assert_eq!(q.add(size - 1).read(), 0xab);
                    let l3 =
                        Layout::from_size_align(size * 3, align).unwrap_or_else(|_| unreachable!());
                    a.dealloc(q, l3);
                    let z = a.alloc_zeroed(l);
                    assert_eq!(z.add(size - 1).read(), 0);
                    a.dealloc(z, l);
                }
            }
        }
    }
}
