//! Terminal attributes and window size (termios(3), tty_ioctl(4)), with Linux's bit values
//! (asm-generic/termbits.h) so `stty -a` shows what it would on Linux.

use serde::{Deserialize, Serialize};

/// Number of control characters kept.
pub const NCCS: usize = 19;

/// Index of the interrupt character in `cc` (^C).
pub const VINTR: usize = 0;
/// Index of the quit character (^\).
pub const VQUIT: usize = 1;
/// Index of the erase character (DEL).
pub const VERASE: usize = 2;
/// Index of the kill-line character (^U).
pub const VKILL: usize = 3;
/// Index of the end-of-file character (^D).
pub const VEOF: usize = 4;
/// Index of the non-canonical read timeout, in tenths of a second.
pub const VTIME: usize = 5;
/// Index of the non-canonical minimum byte count.
pub const VMIN: usize = 6;
/// Index of the start character (^Q).
pub const VSTART: usize = 8;
/// Index of the stop character (^S).
pub const VSTOP: usize = 9;
/// Index of the suspend character (^Z).
pub const VSUSP: usize = 10;
/// Index of the extra end-of-line character.
pub const VEOL: usize = 11;
/// Index of the reprint character (^R).
pub const VREPRINT: usize = 12;
/// Index of the discard character (^O).
pub const VDISCARD: usize = 13;
/// Index of the word-erase character (^W).
pub const VWERASE: usize = 14;
/// Index of the literal-next character (^V).
pub const VLNEXT: usize = 15;
/// Index of the second extra end-of-line character.
pub const VEOL2: usize = 16;

/// Input flags (`c_iflag`).
pub mod iflag {
    /// Ignore BREAK.
    pub const IGNBRK: u32 = 0o1;
    /// BREAK sends SIGINT.
    pub const BRKINT: u32 = 0o2;
    /// Strip the eighth bit.
    pub const ISTRIP: u32 = 0o40;
    /// Translate NL to CR on input.
    pub const INLCR: u32 = 0o100;
    /// Ignore CR on input.
    pub const IGNCR: u32 = 0o200;
    /// Translate CR to NL on input.
    pub const ICRNL: u32 = 0o400;
    /// XON/XOFF flow control on output.
    pub const IXON: u32 = 0o2000;
    /// Ring the bell when the input queue is full.
    pub const IMAXBEL: u32 = 0o20000;
    /// Input is UTF-8 (erase removes whole characters).
    pub const IUTF8: u32 = 0o40000;
}

/// Output flags (`c_oflag`).
pub mod oflag {
    /// Post-process output.
    pub const OPOST: u32 = 0o1;
    /// Map NL to CR-NL on output.
    pub const ONLCR: u32 = 0o4;
    /// Map CR to NL on output.
    pub const OCRNL: u32 = 0o10;
}

/// Control flags (`c_cflag`).
pub mod cflag {
    /// 38400 baud.
    pub const B38400: u32 = 0o17;
    /// Eight-bit characters.
    pub const CS8: u32 = 0o60;
    /// Enable the receiver.
    pub const CREAD: u32 = 0o200;
}

/// Local flags (`c_lflag`).
pub mod lflag {
    /// INTR, QUIT and SUSP generate signals.
    pub const ISIG: u32 = 0o1;
    /// Canonical (line-by-line) input.
    pub const ICANON: u32 = 0o2;
    /// Echo input characters.
    pub const ECHO: u32 = 0o10;
    /// ERASE erases the previous character visually.
    pub const ECHOE: u32 = 0o20;
    /// KILL erases the line (newline after it).
    pub const ECHOK: u32 = 0o40;
    /// Echo NL even without ECHO.
    pub const ECHONL: u32 = 0o100;
    /// Do not flush queues on INTR/QUIT/SUSP.
    pub const NOFLSH: u32 = 0o200;
    /// Background writes send SIGTTOU.
    pub const TOSTOP: u32 = 0o400;
    /// Echo control characters as `^X`.
    pub const ECHOCTL: u32 = 0o1000;
    /// KILL erases the line visually.
    pub const ECHOKE: u32 = 0o4000;
    /// Implementation-defined input processing (WERASE, LNEXT, REPRINT).
    pub const IEXTEN: u32 = 0o100000;
}

/// Terminal attributes (`struct termios`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Termios {
    /// Input modes.
    pub iflag: u32,
    /// Output modes.
    pub oflag: u32,
    /// Control modes.
    pub cflag: u32,
    /// Local modes.
    pub lflag: u32,
    /// Control characters, indexed by `VINTR`…`VEOL2`.
    pub cc: [u8; NCCS],
}

impl Default for Termios {
    /// The attributes Linux gives a new pty (`stty sane`).
    fn default() -> Self {
        let mut cc = [0u8; NCCS];
        cc[VINTR] = 0x03;
        cc[VQUIT] = 0x1c;
        cc[VERASE] = 0x7f;
        cc[VKILL] = 0x15;
        cc[VEOF] = 0x04;
        cc[VTIME] = 0;
        cc[VMIN] = 1;
        cc[VSTART] = 0x11;
        cc[VSTOP] = 0x13;
        cc[VSUSP] = 0x1a;
        cc[VREPRINT] = 0x12;
        cc[VDISCARD] = 0x0f;
        cc[VWERASE] = 0x17;
        cc[VLNEXT] = 0x16;
        Termios {
            iflag: iflag::ICRNL | iflag::IXON | iflag::IMAXBEL | iflag::IUTF8 | iflag::BRKINT,
            oflag: oflag::OPOST | oflag::ONLCR,
            cflag: cflag::B38400 | cflag::CS8 | cflag::CREAD,
            lflag: lflag::ISIG
                | lflag::ICANON
                | lflag::ECHO
                | lflag::ECHOE
                | lflag::ECHOK
                | lflag::ECHOCTL
                | lflag::ECHOKE
                | lflag::IEXTEN,
            cc,
        }
    }
}

impl Termios {
    /// Whether canonical mode is on.
    pub fn canonical(&self) -> bool {
        self.lflag & lflag::ICANON != 0
    }
    /// Whether echo is on.
    pub fn echo(&self) -> bool {
        self.lflag & lflag::ECHO != 0
    }
    /// Whether signal characters are active.
    pub fn isig(&self) -> bool {
        self.lflag & lflag::ISIG != 0
    }
    /// cfmakeraw(3): no echo, no canonical mode, no signals, no output processing.
    pub fn make_raw(&mut self) {
        self.iflag &= !(iflag::IGNBRK
            | iflag::BRKINT
            | iflag::ISTRIP
            | iflag::INLCR
            | iflag::IGNCR
            | iflag::ICRNL
            | iflag::IXON);
        self.oflag &= !oflag::OPOST;
        self.lflag &= !(lflag::ECHO | lflag::ECHONL | lflag::ICANON | lflag::ISIG | lflag::IEXTEN);
        self.cc[VMIN] = 1;
        self.cc[VTIME] = 0;
    }
}

/// Terminal window size (`struct winsize`, TIOCGWINSZ).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Winsize {
    /// Rows of characters.
    pub rows: u16,
    /// Columns of characters.
    pub cols: u16,
    /// Width in pixels (unused).
    pub xpixel: u16,
    /// Height in pixels (unused).
    pub ypixel: u16,
}

impl Default for Winsize {
    fn default() -> Self {
        Winsize {
            rows: 24,
            cols: 80,
            xpixel: 0,
            ypixel: 0,
        }
    }
}
