//! The interactive line editor as a pure state machine: bytes from the terminal go in,
//! terminal output and a finished line come out. Emacs-style keys: arrows, Home/End,
//! Backspace, Delete, Ctrl-A/E/B/F/U/K/W/L, Ctrl-D (end of input on an empty line), Ctrl-C
//! (cancel the line), up/down through history. Redrawing is one line: carriage return,
//! prompt, text, clear to end of line, cursor back.

/// What a key did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Keep editing.
    More,
    /// The line is complete (without newline).
    Line(String),
    /// End of input (Ctrl-D on an empty line).
    Eof,
    /// The line was cancelled (Ctrl-C).
    Cancel,
}

/// Editor state for one line.
pub struct Editor {
    prompt: String,
    buf: Vec<char>,
    cursor: usize,
    history: Vec<String>,
    /// Index into history while browsing (`history.len()` = the line being edited).
    hidx: usize,
    /// The line being edited, kept while browsing history.
    draft: Vec<char>,
    /// Undecoded bytes of an escape sequence or UTF-8 character.
    pending: Vec<u8>,
    /// Terminal output to write.
    pub out: Vec<u8>,
    /// Input bytes after a finished line (typed ahead or pasted), for the next line.
    pub rest: Vec<u8>,
}

fn visible_width(s: &str) -> usize {
    let mut w = 0;
    let mut esc = false;
    for c in s.chars() {
        if esc {
            if c.is_ascii_alphabetic() {
                esc = false;
            }
            continue;
        }
        if c == '\x1b' {
            esc = true;
            continue;
        }
        if c == '\n' {
            w = 0;
            continue;
        }
        w += 1;
    }
    w
}

impl Editor {
    /// Start editing after printing `prompt`.
    pub fn new(prompt: &str, history: Vec<String>) -> Editor {
        let hidx = history.len();
        let mut e = Editor {
            prompt: prompt.to_string(),
            buf: Vec::new(),
            cursor: 0,
            history,
            hidx,
            draft: Vec::new(),
            pending: Vec::new(),
            out: Vec::new(),
            rest: Vec::new(),
        };
        e.out.extend_from_slice(prompt.as_bytes());
        e
    }

    /// The current text.
    pub fn text(&self) -> String {
        self.buf.iter().collect()
    }

    fn redraw(&mut self) {
        let last_line = self.prompt.rsplit('\n').next().unwrap_or("").to_string();
        self.out.extend_from_slice(b"\r");
        self.out.extend_from_slice(last_line.as_bytes());
        let t: String = self.buf.iter().collect();
        self.out.extend_from_slice(t.as_bytes());
        self.out.extend_from_slice(b"\x1b[K");
        let back = self.buf.len() - self.cursor;
        if back > 0 {
            self.out
                .extend_from_slice(format!("\x1b[{back}D").as_bytes());
        }
        let _ = visible_width(&last_line);
    }

    fn insert(&mut self, c: char) {
        self.buf.insert(self.cursor, c);
        self.cursor += 1;
        if self.cursor == self.buf.len() {
            let mut b = [0u8; 4];
            self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
        } else {
            self.redraw();
        }
    }

    fn set_line(&mut self, chars: Vec<char>) {
        self.buf = chars;
        self.cursor = self.buf.len();
        self.redraw();
    }

    fn history_move(&mut self, up: bool) {
        if up {
            if self.hidx == 0 {
                self.out.push(7);
                return;
            }
            if self.hidx == self.history.len() {
                self.draft = self.buf.clone();
            }
            self.hidx -= 1;
            let l = self.history[self.hidx].chars().collect();
            self.set_line(l);
        } else {
            if self.hidx >= self.history.len() {
                self.out.push(7);
                return;
            }
            self.hidx += 1;
            let l = if self.hidx == self.history.len() {
                self.draft.clone()
            } else {
                self.history[self.hidx].chars().collect()
            };
            self.set_line(l);
        }
    }

    fn word_start(&self) -> usize {
        let mut i = self.cursor;
        while i > 0 && self.buf[i - 1] == ' ' {
            i -= 1;
        }
        while i > 0 && self.buf[i - 1] != ' ' {
            i -= 1;
        }
        i
    }

    fn escape(&mut self, seq: &[u8]) {
        match seq {
            b"[A" | b"OA" => self.history_move(true),
            b"[B" | b"OB" => self.history_move(false),
            b"[C" | b"OC" if self.cursor < self.buf.len() => {
                self.cursor += 1;
                self.out.extend_from_slice(b"\x1b[C");
            }
            b"[D" | b"OD" if self.cursor > 0 => {
                self.cursor -= 1;
                self.out.extend_from_slice(b"\x1b[D");
            }
            b"[H" | b"OH" | b"[1~" | b"[7~" => {
                self.cursor = 0;
                self.redraw();
            }
            b"[F" | b"OF" | b"[4~" | b"[8~" => {
                self.cursor = self.buf.len();
                self.redraw();
            }
            b"[3~" if self.cursor < self.buf.len() => {
                self.buf.remove(self.cursor);
                self.redraw();
            }
            _ => {}
        }
    }

    /// Whether an escape sequence in `pending` is complete.
    fn escape_complete(seq: &[u8]) -> bool {
        match seq.first() {
            None => false,
            Some(b'[') => {
                seq.len() >= 2
                    && (seq[seq.len() - 1].is_ascii_alphabetic() || seq[seq.len() - 1] == b'~')
            }
            Some(b'O') => seq.len() >= 2,
            Some(_) => true,
        }
    }

    /// Feed input bytes; stops at the first outcome other than `More`, keeping the bytes
    /// after it in `rest`.
    pub fn feed(&mut self, bytes: &[u8]) -> Outcome {
        for (i, &b) in bytes.iter().enumerate() {
            let o = self.byte(b);
            if o != Outcome::More {
                self.rest = bytes[i + 1..].to_vec();
                return o;
            }
        }
        Outcome::More
    }

    fn byte(&mut self, b: u8) -> Outcome {
        {
            if !self.pending.is_empty() {
                if self.pending[0] == 0x1b {
                    self.pending.push(b);
                    let seq = self.pending[1..].to_vec();
                    if Self::escape_complete(&seq) || seq.len() > 8 {
                        self.pending.clear();
                        self.escape(&seq);
                    }
                    return Outcome::More;
                }
                self.pending.push(b);
                if let Ok(s) = std::str::from_utf8(&self.pending) {
                    let chars: Vec<char> = s.chars().collect();
                    self.pending.clear();
                    for c in chars {
                        self.insert(c);
                    }
                } else if self.pending.len() >= 4 {
                    self.pending.clear();
                }
                return Outcome::More;
            }
            match b {
                b'\r' | b'\n' => {
                    self.out.extend_from_slice(b"\n");
                    return Outcome::Line(self.text());
                }
                0x03 => {
                    self.out.extend_from_slice(b"^C\n");
                    return Outcome::Cancel;
                }
                0x04 => {
                    if self.buf.is_empty() {
                        return Outcome::Eof;
                    }
                    if self.cursor < self.buf.len() {
                        self.buf.remove(self.cursor);
                        self.redraw();
                    }
                }
                0x01 => {
                    self.cursor = 0;
                    self.redraw();
                }
                0x05 => {
                    self.cursor = self.buf.len();
                    self.redraw();
                }
                0x02 => self.escape(b"[D"),
                0x06 => self.escape(b"[C"),
                0x10 => self.history_move(true),
                0x0e => self.history_move(false),
                0x08 | 0x7f => {
                    if self.cursor > 0 {
                        self.cursor -= 1;
                        self.buf.remove(self.cursor);
                        if self.cursor == self.buf.len() {
                            self.out.extend_from_slice(b"\x08 \x08");
                        } else {
                            self.redraw();
                        }
                    }
                }
                0x15 => {
                    self.buf.drain(..self.cursor);
                    self.cursor = 0;
                    self.redraw();
                }
                0x0b => {
                    self.buf.truncate(self.cursor);
                    self.redraw();
                }
                0x17 => {
                    let st = self.word_start();
                    self.buf.drain(st..self.cursor);
                    self.cursor = st;
                    self.redraw();
                }
                0x0c => {
                    self.out.extend_from_slice(b"\x1b[H\x1b[2J");
                    self.out.extend_from_slice(self.prompt.as_bytes());
                    self.redraw();
                }
                0x1b => self.pending.push(b),
                b'\t' => self.insert(' '),
                b if b < 0x20 => {}
                b if b < 0x80 => self.insert(b as char),
                b => self.pending.push(b),
            }
        }
        Outcome::More
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(keys: &[u8], hist: &[&str]) -> (Outcome, String) {
        let mut e = Editor::new("$ ", hist.iter().map(|s| s.to_string()).collect());
        let o = e.feed(keys);
        (o, e.text())
    }

    #[test]
    fn editing_keys() {
        assert_eq!(run(b"echo hi\r", &[]).0, Outcome::Line("echo hi".into()));
        assert_eq!(run(b"ab\x1b[Dc\r", &[]).0, Outcome::Line("acb".into()));
        assert_eq!(run(b"abc\x01x\r", &[]).0, Outcome::Line("xabc".into()));
        assert_eq!(run(b"abc\x7f\r", &[]).0, Outcome::Line("ab".into()));
        assert_eq!(run(b"abc\x01\x1b[3~\r", &[]).0, Outcome::Line("bc".into()));
        assert_eq!(run(b"one two\x17\r", &[]).0, Outcome::Line("one ".into()));
        assert_eq!(
            run(b"abc\x1b[D\x1b[D\x0b\r", &[]).0,
            Outcome::Line("a".into())
        );
        assert_eq!(run(b"abc\x1b[D\x15\r", &[]).0, Outcome::Line("c".into()));
        assert_eq!(run(b"\x04", &[]).0, Outcome::Eof);
        assert_eq!(run(b"ab\x03", &[]).0, Outcome::Cancel);
        assert_eq!(run("é\r".as_bytes(), &[]).0, Outcome::Line("é".into()));
    }

    #[test]
    fn history_browsing() {
        assert_eq!(
            run(b"\x1b[A\r", &["first", "second"]).0,
            Outcome::Line("second".into())
        );
        assert_eq!(
            run(b"\x1b[A\x1b[A\r", &["first", "second"]).0,
            Outcome::Line("first".into())
        );
        assert_eq!(
            run(b"dr\x1b[A\x1b[B\r", &["first"]).0,
            Outcome::Line("dr".into())
        );
    }
}
