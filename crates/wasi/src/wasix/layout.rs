//! Memory layouts of the WASIX records the process extensions read and write
//! (`proc_spawn_fd_op`, `join_status`, `tty`, `signal`), as pure functions so they are tested
//! without a guest (WASIX `wasix_v1.witx`, wasm32).

use wosix_abi::termios::{VMIN, VTIME, iflag, lflag};
use wosix_abi::{OFlags, Signal, Termios, WaitStatus};

/// Size of WASIX `proc_spawn_fd_op` on wasm32 (cmd u8 @0, fd @4, src_fd @8, path @12,
/// path_len @16, dirflags @20, oflags u16 @24, rights_base u64 @32, rights_inheriting u64 @40,
/// fdflags u16 @48, fdflagsext u16 @50).
pub const FD_OP_SIZE: u32 = 56;

/// One decoded WASIX `proc_spawn_fd_op` (WASIX `wasix_v1.witx`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFdOp {
    /// 0 close, 1 dup2, 2 open, 3 chdir, 4 fchdir (`proc_spawn_fd_op_name`).
    pub cmd: u8,
    /// Target descriptor (in the child).
    pub fd: u32,
    /// Source descriptor (in the parent, for dup2).
    pub src_fd: u32,
    /// Guest address and length of the path (open, chdir).
    pub path: (u32, u32),
    /// WASI `oflags` (open).
    pub oflags: u16,
    /// WASI base rights (open: read and write decide the access mode).
    pub rights: u64,
    /// WASI `fdflags` (open).
    pub fdflags: u16,
}

/// Decode an array of WASIX `proc_spawn_fd_op` records.
pub fn parse_fd_ops(raw: &[u8]) -> Vec<RawFdOp> {
    let u32_at = |c: &[u8], o: usize| u32::from_le_bytes([c[o], c[o + 1], c[o + 2], c[o + 3]]);
    let u16_at = |c: &[u8], o: usize| u16::from_le_bytes([c[o], c[o + 1]]);
    raw.chunks_exact(FD_OP_SIZE as usize)
        .map(|c| {
            let mut rights = [0u8; 8];
            rights.copy_from_slice(&c[32..40]);
            RawFdOp {
                cmd: c[0],
                fd: u32_at(c, 4),
                src_fd: u32_at(c, 8),
                path: (u32_at(c, 12), u32_at(c, 16)),
                oflags: u16_at(c, 24),
                rights: u64::from_le_bytes(rights),
                fdflags: u16_at(c, 48),
            }
        })
        .collect()
}

/// Kernel open flags for a WASI `oflags`/`fdflags`/rights triple (WASIX `proc_spawn_fd_op`).
pub fn open_flags(oflags: u16, fdflags: u16, rights: u64) -> OFlags {
    const READ: u64 = 1 << 1;
    const WRITE: u64 = 1 << 6;
    let mut f = match (rights & READ != 0, rights & WRITE != 0) {
        (_, false) => OFlags::RDONLY,
        (false, true) => OFlags::WRONLY,
        (true, true) => OFlags::RDWR,
    };
    for (bit, flag) in [
        (1, OFlags::CREAT),
        (2, OFlags::DIRECTORY),
        (4, OFlags::EXCL),
        (8, OFlags::TRUNC),
    ] {
        if oflags & bit != 0 {
            f |= flag;
        }
    }
    if fdflags & 1 != 0 {
        f |= OFlags::APPEND;
    }
    if fdflags & 4 != 0 {
        f |= OFlags::NONBLOCK;
    }
    f
}

/// The WASI `signal` number of a Wosix signal (inverse of [`crate::types::signal_of`]; 0 if
/// none).
pub fn wasi_signal(sig: Signal) -> u8 {
    let n = sig.number();
    match n {
        1..=15 => n as u8,
        17..=31 => (n - 1) as u8,
        _ => 0,
    }
}

/// WASIX `join_status` (6 bytes: tag u8, then at offset 2 the payload) for a wait result.
pub fn encode_join(status: Option<WaitStatus>) -> [u8; 6] {
    let mut b = [0u8; 6];
    match status {
        None | Some(WaitStatus::Continued) => {}
        Some(WaitStatus::Exited(code)) => {
            b[0] = 1;
            b[2..4].copy_from_slice(&u16::from(code).to_le_bytes());
        }
        Some(WaitStatus::Signaled(sig, _)) => {
            b[0] = 2;
            let code = 128 + sig.number() as u16;
            b[2..4].copy_from_slice(&code.to_le_bytes());
            b[4] = wasi_signal(sig);
        }
        Some(WaitStatus::Stopped(sig)) => {
            b[0] = 3;
            b[2] = wasi_signal(sig);
        }
    }
    b
}

/// WASIX `tty` (24 bytes) as Wosix sees a terminal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tty {
    /// Columns.
    pub cols: u32,
    /// Rows.
    pub rows: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Whether descriptors 0, 1, 2 are terminals.
    pub stdio_tty: [bool; 3],
    /// ECHO.
    pub echo: bool,
    /// ICANON (line-buffered input).
    pub line_buffered: bool,
    /// ICRNL (Enter arrives as a line feed).
    pub line_feeds: bool,
}

impl Tty {
    /// The WASIX memory layout.
    pub fn encode(&self) -> [u8; 24] {
        let mut b = [0u8; 24];
        for (i, v) in [self.cols, self.rows, self.width, self.height]
            .iter()
            .enumerate()
        {
            b[i * 4..i * 4 + 4].copy_from_slice(&v.to_le_bytes());
        }
        let flags = [
            self.stdio_tty[0],
            self.stdio_tty[1],
            self.stdio_tty[2],
            self.echo,
            self.line_buffered,
            self.line_feeds,
        ];
        for (i, f) in flags.iter().enumerate() {
            b[16 + i] = u8::from(*f);
        }
        b
    }

    /// Read the WASIX memory layout (`raw` is at least 22 bytes).
    pub fn decode(raw: &[u8]) -> Tty {
        let u = |o: usize| {
            raw.get(o..o + 4)
                .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
                .unwrap_or(0)
        };
        let f = |o: usize| raw.get(o).is_some_and(|b| *b != 0);
        Tty {
            cols: u(0),
            rows: u(4),
            width: u(8),
            height: u(12),
            stdio_tty: [f(16), f(17), f(18)],
            echo: f(19),
            line_buffered: f(20),
            line_feeds: f(21),
        }
    }

    /// Apply the echo / line-buffered / line-feed switches to `t` (raw mode is
    /// `echo = line_buffered = false`; signals stay on).
    pub fn apply(&self, mut t: Termios) -> Termios {
        let set = |v: &mut u32, bit: u32, on: bool| {
            if on { *v |= bit } else { *v &= !bit }
        };
        set(&mut t.lflag, lflag::ECHO, self.echo);
        set(&mut t.lflag, lflag::ICANON, self.line_buffered);
        set(&mut t.iflag, iflag::ICRNL, self.line_feeds);
        if !self.line_buffered {
            t.cc[VMIN] = 1;
            t.cc[VTIME] = 0;
        }
        t
    }
}

/// Split a WASIX line-feed separated list (`proc_spawn2` args/envs); a trailing line feed does
/// not add an empty entry.
pub fn split_lines(s: &str) -> Vec<String> {
    if s.is_empty() {
        return Vec::new();
    }
    let s = s.strip_suffix('\n').unwrap_or(s);
    s.split('\n').map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::signal_of;
    use wosix_abi::termios::{VMIN, VTIME, lflag};

    #[test]
    fn fd_ops_decode_the_wasix_layout() {
        let mut raw = vec![0u8; 2 * FD_OP_SIZE as usize];
        raw[0] = 1;
        raw[4..8].copy_from_slice(&1u32.to_le_bytes());
        raw[8..12].copy_from_slice(&12u32.to_le_bytes());
        let o = &mut raw[FD_OP_SIZE as usize..];
        o[0] = 2;
        o[4] = 5;
        o[12..16].copy_from_slice(&0x100u32.to_le_bytes());
        o[16..20].copy_from_slice(&7u32.to_le_bytes());
        o[24..26].copy_from_slice(&9u16.to_le_bytes());
        o[32..40].copy_from_slice(&(1u64 << 6).to_le_bytes());
        o[48..50].copy_from_slice(&1u16.to_le_bytes());
        let ops = parse_fd_ops(&raw);
        assert_eq!((ops[0].cmd, ops[0].fd, ops[0].src_fd), (1, 1, 12));
        assert_eq!((ops[1].cmd, ops[1].fd, ops[1].path), (2, 5, (0x100, 7)));
        let f = open_flags(ops[1].oflags, ops[1].fdflags, ops[1].rights);
        assert_eq!(
            f,
            OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC | OFlags::APPEND
        );
        assert_eq!(open_flags(0, 0, 1 << 1), OFlags::RDONLY);
        assert_eq!(open_flags(0, 0, (1 << 1) | (1 << 6)), OFlags::RDWR);
    }

    #[test]
    fn signals_round_trip_through_wasi_numbers() {
        for n in 1..=30 {
            let s = signal_of(n).expect("valid WASI signal");
            assert_eq!(u32::from(wasi_signal(s)), n);
        }
        assert_eq!(wasi_signal(Signal::SIGTERM), 15);
        assert_eq!(wasi_signal(Signal::SIGSTKFLT), 0);
    }

    #[test]
    fn join_status_layout() {
        assert_eq!(encode_join(None), [0; 6]);
        assert_eq!(encode_join(Some(WaitStatus::Exited(7))), [1, 0, 7, 0, 0, 0]);
        assert_eq!(
            encode_join(Some(WaitStatus::Signaled(Signal::SIGTERM, false))),
            [2, 0, 143, 0, 15, 0]
        );
        assert_eq!(
            encode_join(Some(WaitStatus::Stopped(Signal::SIGTSTP))),
            [3, 0, 19, 0, 0, 0]
        );
    }

    #[test]
    fn tty_round_trips_and_raw_mode_clears_echo_and_icanon() {
        let t = Tty {
            cols: 80,
            rows: 24,
            width: 0,
            height: 0,
            stdio_tty: [true, true, false],
            echo: false,
            line_buffered: false,
            line_feeds: true,
        };
        let b = t.encode();
        assert_eq!(&b[0..4], &80u32.to_le_bytes());
        assert_eq!(&b[16..22], &[1, 1, 0, 0, 0, 1]);
        assert_eq!(Tty::decode(&b), t);
        let raw = t.apply(Termios::default());
        assert_eq!(raw.lflag & (lflag::ECHO | lflag::ICANON), 0);
        assert_ne!(raw.lflag & lflag::ISIG, 0);
        assert_eq!((raw.cc[VMIN], raw.cc[VTIME]), (1, 0));
        let cooked = Tty {
            echo: true,
            line_buffered: true,
            ..t
        }
        .apply(raw);
        assert_ne!(cooked.lflag & lflag::ECHO, 0);
        assert_ne!(cooked.lflag & lflag::ICANON, 0);
    }

    #[test]
    fn line_lists_split_on_line_feeds() {
        assert_eq!(split_lines(""), Vec::<String>::new());
        assert_eq!(split_lines("echo\nhi\n"), ["echo", "hi"]);
        assert_eq!(split_lines("a\n\nb"), ["a", "", "b"]);
    }
}
