//! Guest memory as the WASI layer sees it: a byte array it reads arguments from and writes
//! results into. Executors supply it — the native one a slice of wasmtime's linear memory, the
//! web one a view of a `WebAssembly.Memory` — so one implementation of every WASI function
//! serves both. A pointer outside the memory is a [`Trap::Fault`], never an errno.

use std::fmt;

/// Why a WASI call ends the guest instead of returning an errno.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trap {
    /// `proc_exit(code)`.
    Exit(u32),
    /// A bad guest pointer or similar misuse; the text says what.
    Fault(String),
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trap::Exit(code) => write!(f, "exit({code})"),
            Trap::Fault(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for Trap {}

/// Result of a WASI function: an errno value for the guest, or a [`Trap`].
pub type WasiResult<T> = Result<T, Trap>;

fn fault(ptr: u32, len: usize, size: usize) -> Trap {
    Trap::Fault(format!(
        "bad address 0x{ptr:x} (+{len} bytes) outside linear memory of {size} bytes"
    ))
}

/// Byte-addressed guest linear memory.
pub trait GuestMemory {
    /// Size in bytes.
    fn size(&self) -> usize;
    /// Copy `buf.len()` bytes at `ptr` into `buf`.
    fn read_into(&self, ptr: u32, buf: &mut [u8]) -> WasiResult<()>;
    /// Copy `data` to `ptr`.
    fn write(&mut self, ptr: u32, data: &[u8]) -> WasiResult<()>;

    /// `len` bytes at `ptr`.
    fn read(&self, ptr: u32, len: u32) -> WasiResult<Vec<u8>> {
        let len = len as usize;
        if (ptr as usize).saturating_add(len) > self.size() {
            return Err(fault(ptr, len, self.size()));
        }
        let mut v = vec![0; len];
        self.read_into(ptr, &mut v)?;
        Ok(v)
    }
    /// A little-endian u16 at `ptr`.
    fn read_u16(&self, ptr: u32) -> WasiResult<u16> {
        let mut b = [0; 2];
        self.read_into(ptr, &mut b)?;
        Ok(u16::from_le_bytes(b))
    }
    /// A little-endian u32 at `ptr`.
    fn read_u32(&self, ptr: u32) -> WasiResult<u32> {
        let mut b = [0; 4];
        self.read_into(ptr, &mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    /// A little-endian u64 at `ptr`.
    fn read_u64(&self, ptr: u32) -> WasiResult<u64> {
        let mut b = [0; 8];
        self.read_into(ptr, &mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    /// Write a byte.
    fn write_u8(&mut self, ptr: u32, v: u8) -> WasiResult<()> {
        self.write(ptr, &[v])
    }
    /// Write a little-endian u16.
    fn write_u16(&mut self, ptr: u32, v: u16) -> WasiResult<()> {
        self.write(ptr, &v.to_le_bytes())
    }
    /// Write a little-endian u32.
    fn write_u32(&mut self, ptr: u32, v: u32) -> WasiResult<()> {
        self.write(ptr, &v.to_le_bytes())
    }
    /// Write a little-endian u64.
    fn write_u64(&mut self, ptr: u32, v: u64) -> WasiResult<()> {
        self.write(ptr, &v.to_le_bytes())
    }
    /// The `(buf, buf_len)` pairs of an iovec array.
    fn iovecs(&self, ptr: u32, count: u32) -> WasiResult<Vec<(u32, u32)>> {
        let raw = self.read(ptr, count.saturating_mul(8))?;
        Ok(raw
            .chunks_exact(8)
            .map(|c| {
                let b = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                let l = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
                (b, l)
            })
            .collect())
    }
}

impl GuestMemory for [u8] {
    fn size(&self) -> usize {
        self.len()
    }
    fn read_into(&self, ptr: u32, buf: &mut [u8]) -> WasiResult<()> {
        let start = ptr as usize;
        let src = start
            .checked_add(buf.len())
            .and_then(|end| self.get(start..end));
        match src {
            Some(s) => {
                buf.copy_from_slice(s);
                Ok(())
            }
            None => Err(fault(ptr, buf.len(), self.len())),
        }
    }
    fn write(&mut self, ptr: u32, data: &[u8]) -> WasiResult<()> {
        let size = self.len();
        let start = ptr as usize;
        let dst = start
            .checked_add(data.len())
            .and_then(|end| self.get_mut(start..end));
        match dst {
            Some(d) => {
                d.copy_from_slice(data);
                Ok(())
            }
            None => Err(fault(ptr, data.len(), size)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_little_endian_and_faults_outside() {
        let mut m = vec![0u8; 16];
        let mem: &mut [u8] = &mut m;
        mem.write_u32(4, 0x0102_0304).expect("in bounds");
        assert_eq!(mem.read_u32(4), Ok(0x0102_0304));
        mem.write_u64(8, u64::MAX).expect("in bounds");
        assert_eq!(mem.read_u64(8), Ok(u64::MAX));
        assert!(matches!(mem.write_u64(12, 1), Err(Trap::Fault(_))));
        assert!(matches!(mem.read(u32::MAX, 2), Err(Trap::Fault(_))));
        mem.write(0, &[8, 0, 0, 0, 3, 0, 0, 0]).expect("in bounds");
        assert_eq!(mem.iovecs(0, 1), Ok(vec![(8, 3)]));
    }
}
