//! The line discipline of one pty pair: Linux's N_TTY (drivers/tty/n_tty.c, termios(3)) as
//! plain, serialisable data.
//!
//! Bytes typed at the master go through input processing (ISTRIP, IXON flow control, ISIG
//! signal characters, ICRNL/INLCR/IGNCR), then either canonical line editing (ERASE, KILL,
//! WERASE, LNEXT, REPRINT, EOF, EOL, EOL2) or straight into the slave's read queue, with echo.
//! Bytes the slave writes, and all echo, go through output processing (OPOST, ONLCR, OCRNL) into
//! the queue the master reads. The kernel owns one `Ldisc` per pty pair and turns "would block"
//! answers into waits; this module has no notion of processes, time or wake-ups.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use wosix_abi::termios::{
    VEOF, VEOL, VEOL2, VERASE, VINTR, VKILL, VLNEXT, VMIN, VQUIT, VREPRINT, VSTART, VSTOP, VSUSP,
    VTIME, VWERASE, iflag, lflag, oflag,
};
use wosix_abi::{Signal, Termios, Winsize};

/// Longest canonical line in bytes, not counting its terminator (Linux: N_TTY_BUF_SIZE - 1).
pub const MAX_CANON: usize = 4095;
/// Most unread input kept for the slave; further typed bytes are discarded.
pub const INPUT_LIMIT: usize = 64 * 1024;
/// Most unread output kept for the master; the slave's writes block beyond it.
pub const OUTPUT_LIMIT: usize = 64 * 1024;

const BACKSPACE: u8 = 0x08;
const BELL: u8 = 0x07;

/// Outcome of a read on the slave side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlaveRead {
    /// Nothing can be returned yet: the reader waits (or fails with EAGAIN if non-blocking).
    WouldBlock,
    /// End of file: EOF typed on an empty canonical line. Each one is reported once.
    Eof,
    /// These bytes; empty only for a zero-length read or a non-canonical read that may return
    /// nothing (VMIN = 0, or its VTIME timer expired).
    Data(Vec<u8>),
}

/// Which of the canonical erase characters is at work.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Erase {
    /// VERASE: one character.
    Char,
    /// VWERASE: one word.
    Word,
    /// VKILL: the whole line.
    Line,
}

/// The N_TTY line discipline state of one pty pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ldisc {
    /// The terminal attributes.
    termios: Termios,
    /// The window size.
    winsize: Winsize,
    /// The canonical line being edited (not yet readable).
    line: Vec<u8>,
    /// Input the slave may read: in canonical mode each record is one line (ending with its
    /// terminator, or without one when ended by VEOF); an empty record is an end-of-file mark.
    ready: VecDeque<Vec<u8>>,
    /// Whether the last record of `ready` is raw input that later raw input may extend.
    open_back: bool,
    /// Output waiting for the master to read it.
    output: VecDeque<u8>,
    /// Output column, tracked by output processing (for erasing tabs).
    column: u32,
    /// Column where the canonical line being edited began.
    canon_column: u32,
    /// VLNEXT was typed: the next character is taken literally.
    lnext: bool,
    /// Output stopped by VSTOP (IXON) until VSTART.
    stopped: bool,
}

impl Default for Ldisc {
    fn default() -> Self {
        Ldisc::new()
    }
}

/// iscntrl(3) in the C locale, as Linux's kernel ctype has it.
fn is_cntrl(c: u8) -> bool {
    c < 0x20 || c == 0x7f
}

impl Ldisc {
    /// A line discipline with Linux's default pty attributes and a 24x80 window.
    pub fn new() -> Ldisc {
        Ldisc {
            termios: Termios::default(),
            winsize: Winsize::default(),
            line: Vec::new(),
            ready: VecDeque::new(),
            open_back: false,
            output: VecDeque::new(),
            column: 0,
            canon_column: 0,
            lnext: false,
            stopped: false,
        }
    }

    /// The terminal attributes (tcgetattr).
    pub fn termios(&self) -> Termios {
        self.termios
    }

    /// Set the terminal attributes (tcsetattr); `flush_input` discards unread input first
    /// (TCSAFLUSH). Leaving canonical mode makes the line being edited readable; entering it
    /// turns pending raw input into a line.
    pub fn set_termios(&mut self, t: Termios, flush_input: bool) {
        if flush_input {
            self.flush(true, false);
        }
        let old = self.termios;
        self.termios = t;
        if old.canonical() && !t.canonical() {
            let line = std::mem::take(&mut self.line);
            self.push_raw(&line);
            self.lnext = false;
        } else if !old.canonical() && t.canonical() {
            self.open_back = false;
        }
        if old.iflag & iflag::IXON != 0 && t.iflag & iflag::IXON == 0 {
            self.stopped = false;
        }
    }

    /// The window size (TIOCGWINSZ).
    pub fn winsize(&self) -> Winsize {
        self.winsize
    }

    /// Set the window size (TIOCSWINSZ); returns whether it changed (the kernel then sends
    /// SIGWINCH to the foreground process group).
    pub fn set_winsize(&mut self, w: Winsize) -> bool {
        let changed = self.winsize != w;
        self.winsize = w;
        changed
    }

    /// Bytes typed at the master. Returns the signals to send to the foreground process group,
    /// in order (ISIG: VINTR → SIGINT, VQUIT → SIGQUIT, VSUSP → SIGTSTP).
    pub fn master_write(&mut self, data: &[u8]) -> Vec<Signal> {
        let mut signals = Vec::new();
        for &c in data {
            if let Some(sig) = self.receive(c) {
                signals.push(sig);
            }
        }
        signals
    }

    /// Whether the slave's input queue has room for more typed bytes (the kernel may make a
    /// master writer wait while it has none; bytes written anyway are discarded).
    pub fn master_writable(&self) -> bool {
        self.pending_input() < INPUT_LIMIT
    }

    /// A slave read of at most `max` bytes. Canonical mode returns at most one line; an empty
    /// line ended by VEOF is end of file. Non-canonical mode follows VMIN/VTIME (termios(3)):
    /// with VMIN > 0 the read waits for min(VMIN, max) bytes; with VMIN = 0 and VTIME = 0 it
    /// returns what is there, possibly nothing; with VMIN = 0 and VTIME > 0 it waits for one byte
    /// or for [`Ldisc::read_timeout_ns`], after which the kernel calls
    /// [`Ldisc::slave_read_expired`].
    pub fn slave_read(&mut self, max: usize) -> SlaveRead {
        if self.termios.canonical() {
            return self.canonical_read(max);
        }
        let avail = self.raw_available();
        let vmin = self.termios.cc[VMIN] as usize;
        let vtime = self.termios.cc[VTIME];
        let enough = if vmin == 0 {
            vtime == 0 || avail > 0
        } else {
            avail >= vmin.min(max)
        };
        if enough {
            SlaveRead::Data(self.take_raw(max))
        } else {
            SlaveRead::WouldBlock
        }
    }

    /// The slave read after its VTIME timer ran out: whatever input there is, even none when
    /// VMIN = 0 (with VMIN > 0 the timer only runs once a byte has arrived).
    pub fn slave_read_expired(&mut self, max: usize) -> SlaveRead {
        if self.termios.canonical() {
            return self.canonical_read(max);
        }
        if self.termios.cc[VMIN] > 0 && self.raw_available() == 0 {
            return SlaveRead::WouldBlock;
        }
        SlaveRead::Data(self.take_raw(max))
    }

    /// The VTIME timeout of a non-canonical read, in nanoseconds, if one applies.
    pub fn read_timeout_ns(&self) -> Option<u64> {
        let vtime = self.termios.cc[VTIME];
        (!self.termios.canonical() && vtime > 0).then_some(vtime as u64 * 100_000_000)
    }

    /// Whether the slave is readable in the sense of poll(2) POLLIN: a line (or end of file) in
    /// canonical mode; otherwise VMIN bytes (one if VMIN = 0 or VTIME > 0).
    pub fn slave_readable(&self) -> bool {
        if self.termios.canonical() {
            return !self.ready.is_empty();
        }
        let vmin = self.termios.cc[VMIN] as usize;
        let need = if self.termios.cc[VTIME] == 0 && vmin > 0 {
            vmin
        } else {
            1
        };
        self.raw_available() >= need
    }

    /// Output by the slave: OPOST processing into the master's queue. Returns how many bytes of
    /// `data` were accepted: all of them unless the queue fills (0 = the writer must wait).
    pub fn slave_write(&mut self, data: &[u8]) -> usize {
        let mut n = 0;
        for &c in data {
            if self.output.len() >= OUTPUT_LIMIT {
                break;
            }
            self.output_char(c);
            n += 1;
        }
        n
    }

    /// Whether the slave can write (the master's queue has room).
    pub fn slave_writable(&self) -> bool {
        self.output.len() < OUTPUT_LIMIT
    }

    /// Read at most `max` bytes of output at the master (nothing while stopped by VSTOP).
    pub fn master_read(&mut self, max: usize) -> Vec<u8> {
        if self.stopped {
            return Vec::new();
        }
        crate::ipc::take_front(&mut self.output, max)
    }

    /// Whether the master has output to read.
    pub fn master_readable(&self) -> bool {
        !self.stopped && !self.output.is_empty()
    }

    /// Discard unread input (with the line being edited) and/or unread output (tcflush).
    pub fn flush(&mut self, input: bool, output: bool) {
        if input {
            self.line.clear();
            self.ready.clear();
            self.open_back = false;
            self.lnext = false;
        }
        if output {
            self.output.clear();
        }
    }

    // ------------------------------------------------------------------ input

    fn lflag(&self, f: u32) -> bool {
        self.termios.lflag & f != 0
    }

    fn iflag(&self, f: u32) -> bool {
        self.termios.iflag & f != 0
    }

    fn oflag(&self, f: u32) -> bool {
        self.termios.oflag & f != 0
    }

    /// Whether `c` is the control character at `idx` (a zero entry is disabled).
    fn is(&self, c: u8, idx: usize) -> bool {
        let v = self.termios.cc[idx];
        v != 0 && c == v
    }

    /// Whether `c` continues a UTF-8 sequence and IUTF8 is on.
    fn is_continuation(&self, c: u8) -> bool {
        self.iflag(iflag::IUTF8) && c & 0xc0 == 0x80
    }

    /// Unread input, the line being edited included.
    fn pending_input(&self) -> usize {
        self.ready.iter().map(Vec::len).sum::<usize>() + self.line.len()
    }

    /// Process one typed byte (n_tty_receive_char_special).
    fn receive(&mut self, mut c: u8) -> Option<Signal> {
        if self.iflag(iflag::ISTRIP) {
            c &= 0x7f;
        }
        if self.lnext {
            self.lnext = false;
            self.receive_normal(c, true);
            return None;
        }
        if self.iflag(iflag::IXON) {
            if self.is(c, VSTART) {
                self.stopped = false;
                return None;
            }
            if self.is(c, VSTOP) {
                self.stopped = true;
                return None;
            }
        }
        if self.lflag(lflag::ISIG) {
            let sig = if self.is(c, VINTR) {
                Some(Signal::SIGINT)
            } else if self.is(c, VQUIT) {
                Some(Signal::SIGQUIT)
            } else if self.is(c, VSUSP) {
                Some(Signal::SIGTSTP)
            } else {
                None
            };
            if let Some(sig) = sig {
                if !self.lflag(lflag::NOFLSH) {
                    self.flush(true, true);
                }
                if self.iflag(iflag::IXON) {
                    self.stopped = false;
                }
                if self.lflag(lflag::ECHO) {
                    self.echo_char(c);
                }
                return Some(sig);
            }
        }
        if c == b'\r' {
            if self.iflag(iflag::IGNCR) {
                return None;
            }
            if self.iflag(iflag::ICRNL) {
                c = b'\n';
            }
        } else if c == b'\n' && self.iflag(iflag::INLCR) {
            c = b'\r';
        }
        if self.termios.canonical() && self.receive_canonical_special(c) {
            return None;
        }
        self.receive_normal(c, false);
        None
    }

    /// Canonical-mode special characters; returns whether `c` was one.
    fn receive_canonical_special(&mut self, c: u8) -> bool {
        let iexten = self.lflag(lflag::IEXTEN);
        let echo = self.lflag(lflag::ECHO);
        if self.is(c, VERASE) {
            self.erase(Erase::Char);
        } else if iexten && self.is(c, VWERASE) {
            self.erase(Erase::Word);
        } else if self.is(c, VKILL) {
            self.erase(Erase::Line);
        } else if iexten && self.is(c, VLNEXT) {
            self.lnext = true;
            if echo && self.lflag(lflag::ECHOCTL) {
                self.echo_raw(b'^');
                self.echo_raw(BACKSPACE);
            }
        } else if iexten && echo && self.is(c, VREPRINT) {
            self.echo_char(c);
            self.echo_raw(b'\n');
            let line = self.line.clone();
            for b in line {
                self.echo_char(b);
            }
        } else if c == b'\n' {
            if echo || self.lflag(lflag::ECHONL) {
                self.echo_raw(b'\n');
            }
            self.end_line(Some(c));
        } else if self.is(c, VEOF) {
            self.end_line(None);
        } else if self.is(c, VEOL) || (iexten && self.is(c, VEOL2)) {
            if echo {
                if self.line.is_empty() {
                    self.canon_column = self.column;
                }
                self.echo_char(c);
            }
            self.end_line(Some(c));
        } else {
            return false;
        }
        true
    }

    /// Make the line being edited readable, with its terminator (none for VEOF).
    fn end_line(&mut self, terminator: Option<u8>) {
        if self.pending_input() >= INPUT_LIMIT {
            return;
        }
        let mut line = std::mem::take(&mut self.line);
        line.extend(terminator);
        self.ready.push_back(line);
        self.open_back = false;
    }

    /// An ordinary character (or a literal one after VLNEXT): echo it and queue it.
    fn receive_normal(&mut self, c: u8, literal: bool) {
        let canonical = self.termios.canonical();
        let echo = self.lflag(lflag::ECHO);
        let full = self.pending_input() >= INPUT_LIMIT;
        if full || (canonical && self.line.len() >= MAX_CANON) {
            if echo {
                self.echo_raw(BELL);
            }
            return;
        }
        if echo {
            if c == b'\n' && !literal {
                self.echo_raw(b'\n');
            } else {
                if canonical && self.line.is_empty() {
                    self.canon_column = self.column;
                }
                self.echo_char(c);
            }
        }
        if canonical {
            self.line.push(c);
        } else {
            self.push_raw(&[c]);
        }
    }

    /// Append raw input to the read queue.
    fn push_raw(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        match self.ready.back_mut() {
            Some(back) if self.open_back => back.extend_from_slice(bytes),
            _ => {
                self.ready.push_back(bytes.to_vec());
                self.open_back = true;
            }
        }
    }

    /// ERASE, WERASE and KILL on the line being edited (n_tty's `eraser`).
    fn erase(&mut self, kind: Erase) {
        if self.line.is_empty() {
            return;
        }
        let echo = self.lflag(lflag::ECHO);
        let echoe = self.lflag(lflag::ECHOE);
        if kind == Erase::Line {
            if !echo {
                self.line.clear();
                return;
            }
            if !(self.lflag(lflag::ECHOK) && self.lflag(lflag::ECHOKE) && echoe) {
                self.line.clear();
                self.echo_char(self.termios.cc[VKILL]);
                if self.lflag(lflag::ECHOK) {
                    self.echo_raw(b'\n');
                }
                return;
            }
        }
        let mut seen_alnums = 0;
        while !self.line.is_empty() {
            // One possibly multi-byte character, never half of one.
            let mut head = self.line.len();
            let mut c;
            loop {
                head -= 1;
                c = self.line[head];
                if !(self.is_continuation(c) && head > 0) {
                    break;
                }
            }
            if self.is_continuation(c) {
                break;
            }
            if kind == Erase::Word {
                // BSD's ALTWERASE: skip separators, then erase the word before them.
                if c.is_ascii_alphanumeric() || c == b'_' || c >= 0xc0 {
                    seen_alnums += 1;
                } else if seen_alnums > 0 {
                    break;
                }
            }
            self.line.truncate(head);
            if echo {
                if kind == Erase::Char && !echoe {
                    self.echo_char(self.termios.cc[VERASE]);
                } else if c == b'\t' {
                    self.erase_tab();
                } else {
                    let wide = is_cntrl(c) && self.lflag(lflag::ECHOCTL);
                    for _ in 0..if wide { 2 } else { 1 } {
                        self.echo_raw(BACKSPACE);
                        self.echo_raw(b' ');
                        self.echo_raw(BACKSPACE);
                    }
                }
            }
            if kind == Erase::Char {
                break;
            }
        }
    }

    /// Back up over a tab just removed from the end of the line: count the columns used since
    /// the previous tab (or the start of the line) to know where the tab began.
    fn erase_tab(&mut self) {
        let ctl = self.lflag(lflag::ECHOCTL);
        let mut cols: u32 = 0;
        let mut after_tab = false;
        for &p in self.line.iter().rev() {
            if p == b'\t' {
                after_tab = true;
                break;
            } else if is_cntrl(p) {
                if ctl {
                    cols += 2;
                }
            } else if !self.is_continuation(p) {
                cols += 1;
            }
        }
        if !after_tab {
            cols = cols.wrapping_add(self.canon_column);
        }
        for _ in 0..8 - (cols & 7) {
            self.output.push_back(BACKSPACE);
            self.column = self.column.saturating_sub(1);
        }
    }

    /// Take up to `max` bytes of input in non-canonical mode (end-of-file marks left from
    /// canonical mode are dropped).
    fn take_raw(&mut self, max: usize) -> Vec<u8> {
        let mut out = Vec::new();
        while out.len() < max {
            let Some(front) = self.ready.front_mut() else {
                break;
            };
            let want = max - out.len();
            if front.len() <= want {
                out.extend_from_slice(front);
                self.ready.pop_front();
            } else {
                out.extend(front.drain(..want));
            }
        }
        if self.ready.is_empty() {
            self.open_back = false;
        }
        out
    }

    /// Bytes readable in non-canonical mode.
    fn raw_available(&self) -> usize {
        self.ready.iter().map(Vec::len).sum()
    }

    /// A canonical read: the rest of the first line, up to `max` bytes.
    fn canonical_read(&mut self, max: usize) -> SlaveRead {
        let Some(front) = self.ready.front_mut() else {
            return SlaveRead::WouldBlock;
        };
        if front.is_empty() {
            self.ready.pop_front();
            if self.ready.is_empty() {
                self.open_back = false;
            }
            return SlaveRead::Eof;
        }
        if max == 0 {
            return SlaveRead::Data(Vec::new());
        }
        let data = if front.len() <= max {
            let line = std::mem::take(front);
            self.ready.pop_front();
            line
        } else {
            let rest = front.split_off(max);
            std::mem::replace(front, rest)
        };
        if self.ready.is_empty() {
            self.open_back = false;
        }
        SlaveRead::Data(data)
    }

    // ----------------------------------------------------------------- output

    /// Echo a character, as `^X` for control characters (but TAB) under ECHOCTL.
    fn echo_char(&mut self, c: u8) {
        if self.lflag(lflag::ECHOCTL) && is_cntrl(c) && c != b'\t' {
            self.output.push_back(b'^');
            self.output.push_back(c ^ 0o100);
            self.column = self.column.wrapping_add(2);
        } else {
            self.output_char(c);
        }
    }

    /// Echo a character as itself (through output processing).
    fn echo_raw(&mut self, c: u8) {
        self.output_char(c);
    }

    /// One output byte with OPOST processing (n_tty's `do_output_char`), tracking the column.
    fn output_char(&mut self, c: u8) {
        if !self.oflag(oflag::OPOST) {
            self.output.push_back(c);
            return;
        }
        let mut out = c;
        match c {
            b'\n' => {
                if self.oflag(oflag::ONLCR) {
                    self.column = 0;
                    self.canon_column = 0;
                    self.output.push_back(b'\r');
                } else {
                    self.canon_column = self.column;
                }
            }
            b'\r' => {
                if self.oflag(oflag::OCRNL) {
                    out = b'\n';
                } else {
                    self.column = 0;
                    self.canon_column = 0;
                }
            }
            b'\t' => self.column = self.column.wrapping_add(8 - (self.column & 7)),
            BACKSPACE => self.column = self.column.saturating_sub(1),
            _ => {
                if !is_cntrl(c) && !self.is_continuation(c) {
                    self.column = self.column.wrapping_add(1);
                }
            }
        }
        self.output.push_back(out);
    }
}

#[cfg(test)]
#[path = "ldisc_tests.rs"]
mod tests;
