//! The data types of `wasi_snapshot_preview1` (witx): flag values, enums, and the byte layout of
//! the structures guests pass in and get back, with conversions from Wosix's ABI types.

use wosix_abi::{FileType, Signal, Stat};

/// `filetype` values.
#[allow(missing_docs)]
pub mod filetype {
    pub const UNKNOWN: u8 = 0;
    pub const BLOCK_DEVICE: u8 = 1;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    pub const SOCKET_DGRAM: u8 = 5;
    pub const SOCKET_STREAM: u8 = 6;
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// `fdflags` bits.
#[allow(missing_docs)]
pub mod fdflags {
    pub const APPEND: u16 = 1;
    pub const DSYNC: u16 = 2;
    pub const NONBLOCK: u16 = 4;
    pub const RSYNC: u16 = 8;
    pub const SYNC: u16 = 16;
}

/// `oflags` bits of `path_open`.
#[allow(missing_docs)]
pub mod oflags {
    pub const CREAT: u16 = 1;
    pub const DIRECTORY: u16 = 2;
    pub const EXCL: u16 = 4;
    pub const TRUNC: u16 = 8;
}

/// `lookupflags`: follow a final symbolic link.
pub const LOOKUP_SYMLINK_FOLLOW: u32 = 1;

/// `fstflags` bits of the `*_set_times` calls.
#[allow(missing_docs)]
pub mod fstflags {
    pub const ATIM: u16 = 1;
    pub const ATIM_NOW: u16 = 2;
    pub const MTIM: u16 = 4;
    pub const MTIM_NOW: u16 = 8;
}

/// `rights` bits.
#[allow(missing_docs)]
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    /// Every right there is (bits 0..=29).
    pub const ALL: u64 = (1 << 30) - 1;
    /// Rights that only make sense on a readable descriptor.
    pub const READING: u64 = FD_READ | FD_READDIR;
    /// Rights that only make sense on a writable descriptor.
    pub const WRITING: u64 = FD_WRITE | FD_DATASYNC | FD_ALLOCATE | FD_FILESTAT_SET_SIZE;
}

/// `clockid` values.
#[allow(missing_docs)]
pub mod clockid {
    pub const REALTIME: u32 = 0;
    pub const MONOTONIC: u32 = 1;
    pub const PROCESS_CPUTIME: u32 = 2;
    pub const THREAD_CPUTIME: u32 = 3;
}

/// `eventtype` values of `poll_oneoff`.
#[allow(missing_docs)]
pub mod eventtype {
    pub const CLOCK: u8 = 0;
    pub const FD_READ: u8 = 1;
    pub const FD_WRITE: u8 = 2;
}

/// `subclockflags`: the timeout is an absolute time.
pub const SUBSCRIPTION_CLOCK_ABSTIME: u16 = 1;
/// `eventrwflags`: the peer hung up.
pub const EVENT_FD_READWRITE_HANGUP: u16 = 1;
/// `preopentype`: a directory.
pub const PREOPENTYPE_DIR: u8 = 0;

/// Size of a `filestat`.
pub const FILESTAT_SIZE: usize = 64;
/// Size of a `fdstat`.
pub const FDSTAT_SIZE: usize = 24;
/// Size of a `dirent` header (the name follows it).
pub const DIRENT_SIZE: usize = 24;
/// Size of a `subscription`.
pub const SUBSCRIPTION_SIZE: u32 = 48;
/// Size of an `event`.
pub const EVENT_SIZE: u32 = 32;

/// WASI's `filetype` for a Wosix file type.
pub fn filetype_of(t: FileType) -> u8 {
    match t {
        FileType::Regular => filetype::REGULAR_FILE,
        FileType::Directory => filetype::DIRECTORY,
        FileType::Symlink => filetype::SYMBOLIC_LINK,
        FileType::CharDevice => filetype::CHARACTER_DEVICE,
        FileType::BlockDevice => filetype::BLOCK_DEVICE,
        FileType::Socket => filetype::SOCKET_STREAM,
        // WASI has no FIFO type; wasmtime reports pipes as unknown too.
        FileType::Fifo => filetype::UNKNOWN,
    }
}

/// The 64-byte `filestat` of `st`.
pub fn encode_filestat(st: &Stat) -> [u8; FILESTAT_SIZE] {
    let mut b = [0u8; FILESTAT_SIZE];
    b[0..8].copy_from_slice(&st.dev.to_le_bytes());
    b[8..16].copy_from_slice(&st.ino.0.to_le_bytes());
    b[16] = filetype_of(st.file_type());
    b[24..32].copy_from_slice(&u64::from(st.nlink).to_le_bytes());
    b[32..40].copy_from_slice(&st.size.to_le_bytes());
    b[40..48].copy_from_slice(&st.atime.as_nanos().to_le_bytes());
    b[48..56].copy_from_slice(&st.mtime.as_nanos().to_le_bytes());
    b[56..64].copy_from_slice(&st.ctime.as_nanos().to_le_bytes());
    b
}

/// The 24-byte `fdstat`.
pub fn encode_fdstat(ftype: u8, flags: u16, base: u64, inheriting: u64) -> [u8; FDSTAT_SIZE] {
    let mut b = [0u8; FDSTAT_SIZE];
    b[0] = ftype;
    b[2..4].copy_from_slice(&flags.to_le_bytes());
    b[8..16].copy_from_slice(&base.to_le_bytes());
    b[16..24].copy_from_slice(&inheriting.to_le_bytes());
    b
}

/// A `dirent` header followed by the name.
pub fn encode_dirent(next: u64, ino: u64, ftype: u8, name: &str) -> Vec<u8> {
    let mut b = vec![0u8; DIRENT_SIZE];
    b[0..8].copy_from_slice(&next.to_le_bytes());
    b[8..16].copy_from_slice(&ino.to_le_bytes());
    b[16..20].copy_from_slice(&(name.len() as u32).to_le_bytes());
    b[20] = ftype;
    b.extend_from_slice(name.as_bytes());
    b
}

/// The Wosix signal for a WASI `signal` number. WASI numbers follow Linux up to SIGTERM (15)
/// and then skip Linux's SIGSTKFLT, so 16 and up are one less than Linux's.
pub fn signal_of(wasi: u32) -> Option<Signal> {
    match wasi {
        1..=15 => Signal::from_number(wasi),
        16..=30 => Signal::from_number(wasi + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_numbers_skip_stkflt() {
        assert_eq!(signal_of(2), Some(Signal::SIGINT));
        assert_eq!(signal_of(15), Some(Signal::SIGTERM));
        assert_eq!(signal_of(16), Some(Signal::SIGCHLD));
        assert_eq!(signal_of(23), Some(Signal::SIGXCPU));
        assert_eq!(signal_of(0), None);
    }

    #[test]
    fn dirent_layout() {
        let d = encode_dirent(2, 7, filetype::DIRECTORY, "ab");
        assert_eq!(d.len(), 26);
        assert_eq!(&d[0..8], &2u64.to_le_bytes());
        assert_eq!(&d[16..20], &2u32.to_le_bytes());
        assert_eq!(d[20], 3);
        assert_eq!(&d[24..], b"ab");
    }
}
