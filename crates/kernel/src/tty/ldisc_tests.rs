//! Unit tests of the N_TTY line discipline, kept apart from `ldisc.rs` to keep both short.

use super::*;
use wosix_abi::termios::{NCCS, VEOL};

fn typed(l: &mut Ldisc, s: &[u8]) -> Vec<Signal> {
    l.master_write(s)
}

fn screen(l: &mut Ldisc) -> Vec<u8> {
    l.master_read(usize::MAX)
}

fn read(l: &mut Ldisc) -> SlaveRead {
    l.slave_read(4096)
}

fn data(s: &[u8]) -> SlaveRead {
    SlaveRead::Data(s.to_vec())
}

fn raw() -> Ldisc {
    let mut l = Ldisc::new();
    let mut t = l.termios();
    t.make_raw();
    l.set_termios(t, false);
    l
}

#[test]
fn cooked_line_is_echoed_and_delivered_on_enter() {
    let mut l = Ldisc::new();
    typed(&mut l, b"hello");
    assert!(!l.slave_readable());
    assert_eq!(read(&mut l), SlaveRead::WouldBlock);
    typed(&mut l, b"\r");
    assert!(l.slave_readable());
    assert_eq!(screen(&mut l), b"hello\r\n");
    assert_eq!(read(&mut l), data(b"hello\n"));
    assert_eq!(read(&mut l), SlaveRead::WouldBlock);
}

#[test]
fn canonical_read_returns_one_line_at_a_time_and_partial_lines() {
    let mut l = Ldisc::new();
    typed(&mut l, b"one\ntwo\n");
    assert_eq!(l.slave_read(2), data(b"on"));
    assert_eq!(l.slave_read(100), data(b"e\n"));
    assert_eq!(l.slave_read(100), data(b"two\n"));
}

#[test]
fn erase_removes_characters_visually() {
    let mut l = Ldisc::new();
    typed(&mut l, b"abc\x7f\x7fd\r");
    assert_eq!(screen(&mut l), b"abc\x08 \x08\x08 \x08d\r\n");
    assert_eq!(read(&mut l), data(b"ad\n"));
    // Erase on an empty line does nothing at all.
    typed(&mut l, b"\x7f");
    assert_eq!(screen(&mut l), b"");
}

#[test]
fn erase_removes_whole_utf8_characters() {
    let mut l = Ldisc::new();
    typed(&mut l, "xé€".as_bytes());
    typed(&mut l, b"\x7f\x7f\n");
    assert_eq!(read(&mut l), data(b"x\n"));
    let out = screen(&mut l);
    assert_eq!(out, ["xé€".as_bytes(), b"\x08 \x08\x08 \x08\r\n"].concat());

    // Without IUTF8 each byte is a character.
    let mut t = l.termios();
    t.iflag &= !iflag::IUTF8;
    l.set_termios(t, false);
    typed(&mut l, "é".as_bytes());
    typed(&mut l, b"\x7f\n");
    assert_eq!(read(&mut l), data(b"\xc3\n"));
}

#[test]
fn erase_without_echoe_echoes_the_erase_character() {
    let mut l = Ldisc::new();
    let mut t = l.termios();
    t.lflag &= !lflag::ECHOE;
    l.set_termios(t, false);
    typed(&mut l, b"ab\x7f");
    assert_eq!(screen(&mut l), b"ab^?");
}

#[test]
fn erasing_control_characters_and_tabs() {
    let mut l = Ldisc::new();
    typed(&mut l, b"a\x01\x7f");
    assert_eq!(screen(&mut l), b"a^A\x08 \x08\x08 \x08");
    // "ab" then a tab: the tab covers columns 2..8, so erasing it backs up 6 columns.
    typed(&mut l, b"b\t\x7f");
    assert_eq!(screen(&mut l), b"b\t\x08\x08\x08\x08\x08\x08");
    // After a prompt of 3 columns, a tab at the start of the line covers 5 columns.
    typed(&mut l, b"\x15");
    screen(&mut l);
    l.slave_write(b"$ \n> ");
    screen(&mut l);
    typed(&mut l, b"\t\x7f");
    assert_eq!(screen(&mut l), b"\t\x08\x08\x08\x08\x08\x08");
}

#[test]
fn kill_erases_the_line_visually_or_echoes_kill_and_newline() {
    let mut l = Ldisc::new();
    typed(&mut l, b"abc\x15x\n");
    assert_eq!(screen(&mut l), b"abc\x08 \x08\x08 \x08\x08 \x08x\r\n");
    assert_eq!(read(&mut l), data(b"x\n"));

    let mut t = l.termios();
    t.lflag &= !lflag::ECHOKE;
    l.set_termios(t, false);
    typed(&mut l, b"abc\x15y\n");
    assert_eq!(screen(&mut l), b"abc^U\r\ny\r\n");
    assert_eq!(read(&mut l), data(b"y\n"));
}

#[test]
fn word_erase_removes_the_last_word_and_trailing_blanks() {
    let mut l = Ldisc::new();
    typed(&mut l, b"echo foo_bar  \x17\n");
    assert_eq!(read(&mut l), data(b"echo \n"));
    typed(&mut l, b"a b/c\x17\n");
    assert_eq!(read(&mut l), data(b"a b/\n"));
    // Without IEXTEN ^W is an ordinary character.
    let mut t = l.termios();
    t.lflag &= !lflag::IEXTEN;
    l.set_termios(t, false);
    typed(&mut l, b"a\x17\n");
    assert_eq!(read(&mut l), data(b"a\x17\n"));
}

#[test]
fn eof_on_an_empty_line_is_end_of_file_once() {
    let mut l = Ldisc::new();
    typed(&mut l, b"\x04");
    assert!(l.slave_readable());
    assert_eq!(read(&mut l), SlaveRead::Eof);
    assert_eq!(read(&mut l), SlaveRead::WouldBlock);
    // ^D is not echoed.
    assert_eq!(screen(&mut l), b"");
}

#[test]
fn eof_mid_line_delivers_the_line_without_it() {
    let mut l = Ldisc::new();
    typed(&mut l, b"ab\x04");
    assert_eq!(read(&mut l), data(b"ab"));
    assert_eq!(read(&mut l), SlaveRead::WouldBlock);
    typed(&mut l, b"ab\x04\x04");
    assert_eq!(read(&mut l), data(b"ab"));
    assert_eq!(read(&mut l), SlaveRead::Eof);
    assert_eq!(screen(&mut l), b"abab");
}

#[test]
fn interrupt_flushes_echoes_and_signals() {
    let mut l = Ldisc::new();
    typed(&mut l, b"ls\n");
    l.slave_write(b"pending output");
    typed(&mut l, b"partial");
    assert_eq!(typed(&mut l, b"\x03"), vec![Signal::SIGINT]);
    assert_eq!(screen(&mut l), b"^C");
    assert_eq!(read(&mut l), SlaveRead::WouldBlock);
    assert_eq!(typed(&mut l, b"\x1a"), vec![Signal::SIGTSTP]);
    assert_eq!(screen(&mut l), b"^Z");
    // Each signal character flushes unread output, earlier echoes included.
    assert_eq!(
        typed(&mut l, b"\x1a\x1c"),
        vec![Signal::SIGTSTP, Signal::SIGQUIT]
    );
    assert_eq!(screen(&mut l), b"^\\");
}

#[test]
fn noflsh_keeps_queues_on_interrupt() {
    let mut l = Ldisc::new();
    let mut t = l.termios();
    t.lflag |= lflag::NOFLSH;
    l.set_termios(t, false);
    typed(&mut l, b"ls\nab");
    assert_eq!(typed(&mut l, b"\x03"), vec![Signal::SIGINT]);
    assert_eq!(screen(&mut l), b"ls\r\nab^C");
    assert_eq!(read(&mut l), data(b"ls\n"));
    typed(&mut l, b"\n");
    assert_eq!(read(&mut l), data(b"ab\n"));
}

#[test]
fn isig_off_passes_signal_characters_through() {
    let mut l = Ldisc::new();
    let mut t = l.termios();
    t.lflag &= !lflag::ISIG;
    l.set_termios(t, false);
    assert!(typed(&mut l, b"\x03\n").is_empty());
    assert_eq!(read(&mut l), data(b"\x03\n"));
    assert_eq!(screen(&mut l), b"^C\r\n");
}

#[test]
fn echoctl_renders_control_characters_except_tab_and_newline() {
    let mut l = Ldisc::new();
    typed(&mut l, b"\x01\t\x1b\n");
    assert_eq!(screen(&mut l), b"^A\t^[\r\n");
    let mut t = l.termios();
    t.lflag &= !lflag::ECHOCTL;
    l.set_termios(t, false);
    typed(&mut l, b"\x01\n");
    assert_eq!(screen(&mut l), b"\x01\r\n");
}

#[test]
fn echo_off_and_echonl() {
    let mut l = Ldisc::new();
    let mut t = l.termios();
    t.lflag &= !lflag::ECHO;
    l.set_termios(t, false);
    typed(&mut l, b"secret\r");
    assert_eq!(screen(&mut l), b"");
    assert_eq!(read(&mut l), data(b"secret\n"));
    t.lflag |= lflag::ECHONL;
    l.set_termios(t, false);
    typed(&mut l, b"secret\r");
    assert_eq!(screen(&mut l), b"\r\n");
}

#[test]
fn literal_next_quotes_special_characters() {
    let mut l = Ldisc::new();
    assert!(typed(&mut l, b"\x16\x03\x16\x7f\r").is_empty());
    assert_eq!(screen(&mut l), b"^\x08^C^\x08^?\r\n");
    assert_eq!(read(&mut l), data(b"\x03\x7f\n"));
    // A quoted CR is not mapped to NL and does not end the line.
    typed(&mut l, b"\x16\ra\n");
    assert_eq!(read(&mut l), data(b"\ra\n"));
}

#[test]
fn reprint_redraws_the_line() {
    let mut l = Ldisc::new();
    typed(&mut l, b"ab\x12");
    assert_eq!(screen(&mut l), b"ab^R\r\nab");
    typed(&mut l, b"\n");
    assert_eq!(read(&mut l), data(b"ab\n"));
}

#[test]
fn eol_characters_end_a_line_and_are_kept() {
    let mut l = Ldisc::new();
    let mut t = l.termios();
    t.cc[VEOL] = b';';
    t.cc[VEOL2] = b'|';
    l.set_termios(t, false);
    typed(&mut l, b"a;b|");
    assert_eq!(read(&mut l), data(b"a;"));
    assert_eq!(read(&mut l), data(b"b|"));
    assert_eq!(screen(&mut l), b"a;b|");
    // A disabled (zero) control character never matches a NUL byte.
    typed(&mut l, b"\0\n");
    assert_eq!(read(&mut l), data(b"\0\n"));
}

#[test]
fn cr_and_nl_input_mapping() {
    let mut l = Ldisc::new();
    let mut t = l.termios();
    t.iflag = (t.iflag & !iflag::ICRNL) | iflag::IGNCR;
    l.set_termios(t, false);
    typed(&mut l, b"a\r\n");
    assert_eq!(read(&mut l), data(b"a\n"));
    t.iflag = (t.iflag & !iflag::IGNCR) | iflag::INLCR;
    l.set_termios(t, false);
    typed(&mut l, b"a\nb\r");
    assert!(!l.slave_readable());
    t.iflag |= iflag::ICRNL;
    l.set_termios(t, false);
    typed(&mut l, b"\r");
    assert_eq!(read(&mut l), data(b"a\rb\r\n"));
}

#[test]
fn canonical_lines_are_limited() {
    let mut l = Ldisc::new();
    typed(&mut l, &[b'x'; 5000]);
    typed(&mut l, b"\n");
    match l.slave_read(10_000) {
        SlaveRead::Data(d) => {
            assert_eq!(d.len(), MAX_CANON + 1);
            assert_eq!(d.last(), Some(&b'\n'));
        }
        other => panic!("{other:?}"),
    }
    assert!(screen(&mut l).contains(&BELL));
}

#[test]
fn raw_mode_passes_bytes_one_by_one_without_echo() {
    let mut l = raw();
    assert!(typed(&mut l, b"a").is_empty());
    assert_eq!(l.slave_read(1), data(b"a"));
    assert!(typed(&mut l, b"\r\x03\x7f\x04").is_empty());
    assert_eq!(read(&mut l), data(b"\r\x03\x7f\x04"));
    assert_eq!(read(&mut l), SlaveRead::WouldBlock);
    assert!(!l.slave_readable());
    assert_eq!(screen(&mut l), b"");
    // No output processing either.
    l.slave_write(b"a\nb");
    assert_eq!(screen(&mut l), b"a\nb");
}

#[test]
fn noncanonical_echo_uses_echoctl() {
    let mut l = Ldisc::new();
    let mut t = l.termios();
    t.lflag &= !lflag::ICANON;
    l.set_termios(t, false);
    typed(&mut l, b"a\x01\r");
    assert_eq!(screen(&mut l), b"a^A\r\n");
    assert_eq!(read(&mut l), data(b"a\x01\n"));
}

#[test]
fn vmin_zero_returns_immediately() {
    let mut l = raw();
    let mut t = l.termios();
    t.cc[VMIN] = 0;
    l.set_termios(t, false);
    assert_eq!(read(&mut l), SlaveRead::Data(vec![]));
    typed(&mut l, b"xy");
    assert_eq!(read(&mut l), data(b"xy"));
    assert_eq!(l.read_timeout_ns(), None);
}

#[test]
fn vmin_and_vtime() {
    let mut l = raw();
    let mut t = l.termios();
    t.cc[VMIN] = 3;
    l.set_termios(t, false);
    typed(&mut l, b"ab");
    assert!(!l.slave_readable());
    assert_eq!(read(&mut l), SlaveRead::WouldBlock);
    assert_eq!(l.slave_read(2), data(b"ab"));
    typed(&mut l, b"cde");
    assert!(l.slave_readable());
    assert_eq!(read(&mut l), data(b"cde"));

    t.cc[VMIN] = 0;
    t.cc[VTIME] = 5;
    l.set_termios(t, false);
    assert_eq!(l.read_timeout_ns(), Some(500_000_000));
    assert_eq!(read(&mut l), SlaveRead::WouldBlock);
    assert_eq!(l.slave_read_expired(10), SlaveRead::Data(vec![]));
    typed(&mut l, b"z");
    assert_eq!(read(&mut l), data(b"z"));

    t.cc[VMIN] = 4;
    l.set_termios(t, false);
    assert_eq!(l.slave_read_expired(10), SlaveRead::WouldBlock);
    typed(&mut l, b"q");
    assert!(l.slave_readable());
    assert_eq!(read(&mut l), SlaveRead::WouldBlock);
    assert_eq!(l.slave_read_expired(10), data(b"q"));
}

#[test]
fn output_processing() {
    let mut l = Ldisc::new();
    assert_eq!(l.slave_write(b"a\nb\r"), 4);
    assert_eq!(screen(&mut l), b"a\r\nb\r");
    let mut t = l.termios();
    t.oflag |= oflag::OCRNL;
    t.oflag &= !oflag::ONLCR;
    l.set_termios(t, false);
    l.slave_write(b"a\rb\n");
    assert_eq!(screen(&mut l), b"a\nb\n");
    t.oflag = 0;
    l.set_termios(t, false);
    l.slave_write(b"a\r\n");
    assert_eq!(screen(&mut l), b"a\r\n");
}

#[test]
fn output_queue_is_bounded() {
    let mut l = Ldisc::new();
    let big = vec![b'x'; OUTPUT_LIMIT + 10];
    assert_eq!(l.slave_write(&big), OUTPUT_LIMIT);
    assert!(!l.slave_writable());
    assert_eq!(l.slave_write(b"y"), 0);
    assert_eq!(l.master_read(10).len(), 10);
    assert!(l.slave_writable());
    assert!(l.master_readable());
}

#[test]
fn stop_and_start_characters() {
    let mut l = Ldisc::new();
    l.slave_write(b"out");
    typed(&mut l, b"\x13");
    assert!(!l.master_readable());
    assert_eq!(screen(&mut l), b"");
    typed(&mut l, b"\x11");
    assert_eq!(screen(&mut l), b"out");
    // Turning IXON off restarts stopped output.
    typed(&mut l, b"\x13");
    l.slave_write(b"more");
    let mut t = l.termios();
    t.iflag &= !iflag::IXON;
    l.set_termios(t, false);
    assert_eq!(screen(&mut l), b"more");
}

#[test]
fn mode_switches_keep_pending_input() {
    let mut l = Ldisc::new();
    typed(&mut l, b"half");
    let mut t = l.termios();
    t.lflag &= !lflag::ICANON;
    l.set_termios(t, false);
    assert_eq!(read(&mut l), data(b"half"));
    typed(&mut l, b"xy");
    t.lflag |= lflag::ICANON;
    l.set_termios(t, false);
    typed(&mut l, b"z\n");
    assert_eq!(read(&mut l), data(b"xy"));
    assert_eq!(read(&mut l), data(b"z\n"));
    // TCSAFLUSH discards what was typed.
    typed(&mut l, b"gone\n");
    l.set_termios(t, true);
    assert_eq!(read(&mut l), SlaveRead::WouldBlock);
}

#[test]
fn flush_and_winsize() {
    let mut l = Ldisc::new();
    typed(&mut l, b"in\n");
    l.flush(true, true);
    assert!(!l.slave_readable() && !l.master_readable());
    let w = Winsize {
        rows: 50,
        cols: 132,
        xpixel: 0,
        ypixel: 0,
    };
    assert!(l.set_winsize(w));
    assert!(!l.set_winsize(w));
    assert_eq!(l.winsize(), w);
}

#[test]
fn serde_round_trip() {
    let mut l = Ldisc::new();
    typed(&mut l, b"done\npart");
    let json = serde_json::to_string(&l).expect("serialise");
    let mut back: Ldisc = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, l);
    assert_eq!(read(&mut back), data(b"done\n"));
    assert_eq!(back.termios().cc.len(), NCCS);
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(
            input in proptest::collection::vec(any::<u8>(), 0..300),
            lflag_bits in any::<u32>(),
            iflag_bits in any::<u32>(),
            vmin in 0u8..4,
        ) {
            let mut l = Ldisc::new();
            let mut t = l.termios();
            t.lflag ^= lflag_bits & 0o107773;
            t.iflag ^= iflag_bits & 0o42740;
            t.cc[VMIN] = vmin;
            l.set_termios(t, false);
            for chunk in input.chunks(7) {
                l.master_write(chunk);
                l.slave_write(chunk);
                let _ = l.slave_read(3);
                let _ = l.master_read(5);
                prop_assert!(l.line.len() <= MAX_CANON);
            }
        }
    }
}
