//! The sed executor: pattern and hold space, address ranges, the append queue and every
//! command, as a resumable state machine. It never does I/O itself: the driver in
//! [`super::sed`] feeds it lines (one ahead, so `$` is known) and carries out the events it
//! emits (output, `r`/`R` reads, `w` writes). That keeps it testable on plain strings.

use super::re::Re;
use super::sedast::{Addr, Addr2, Case, Kind, Repl, Script, Subst};

/// Something for the driver to do, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ev {
    /// Bytes for standard output (or the in-place file).
    Out(Vec<u8>),
    /// `r`: copy this file to the output.
    ReadFile(String),
    /// `R`: copy the next line of this file to the output.
    ReadLine(String),
    /// `w`: bytes for the `w` file with this index.
    Write(usize, Vec<u8>),
}

/// Why [`Engine::run`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The cycle ended; `reread: false` means start the next cycle without reading (`D`).
    EndCycle {
        /// Whether the next cycle reads a new line.
        reread: bool,
    },
    /// `n`/`N` need the next line: call [`Engine::resume`].
    NeedLine,
    /// Stop with this exit status.
    Quit(i32),
}

/// One input line as the driver hands it over.
#[derive(Clone, Debug, Default)]
pub struct Line {
    /// Contents without the delimiter.
    pub data: Vec<u8>,
    /// Whether the delimiter was present.
    pub chomped: bool,
    /// Whether it is the last line (of the file with `-s`).
    pub last: bool,
    /// Whether it starts a new file (line numbers restart with `-s`).
    pub new_file: bool,
    /// The file name (`-` for standard input).
    pub file: String,
}

enum Pending {
    Text(Vec<u8>),
    File(String),
    LineOf(String),
}

/// The executor.
pub struct Engine<'s> {
    script: &'s Script,
    /// `-n`.
    pub quiet: bool,
    /// `-s`/`-i`: line numbers restart for each file.
    pub separate: bool,
    /// Line delimiter (`\n`, or NUL with `-z`).
    pub delim: u8,
    /// Wrap width of `l`.
    pub wrap: usize,
    ps: Vec<u8>,
    hs: Vec<u8>,
    pc: usize,
    lineno: u64,
    last: bool,
    chomped: bool,
    file: String,
    tflag: bool,
    last_re: Option<usize>,
    ranges: Vec<Option<u64>>,
    active: Vec<bool>,
    append: Vec<Pending>,
    events: Vec<Ev>,
    missing_nl: bool,
    waiting: Option<bool>,
    /// A run-time error (`no previous regular expression`).
    pub error: Option<String>,
}

impl<'s> Engine<'s> {
    /// An executor for `script`.
    pub fn new(script: &'s Script) -> Engine<'s> {
        let n = script.cmds.len();
        Engine {
            script,
            quiet: script.quiet,
            separate: false,
            delim: b'\n',
            wrap: 70,
            ps: Vec::new(),
            hs: Vec::new(),
            pc: 0,
            lineno: 0,
            last: false,
            chomped: true,
            file: "-".into(),
            tflag: false,
            last_re: None,
            ranges: vec![None; n],
            active: vec![false; n],
            append: Vec::new(),
            events: Vec::new(),
            missing_nl: false,
            waiting: None,
            error: None,
        }
    }

    /// Take the events emitted so far.
    pub fn take_events(&mut self) -> Vec<Ev> {
        std::mem::take(&mut self.events)
    }

    fn load(&mut self, l: Line) {
        if l.new_file && self.separate {
            self.lineno = 0;
        }
        self.lineno += 1;
        self.last = l.last;
        self.chomped = l.chomped;
        self.file = l.file;
        self.ps = l.data;
    }

    /// Start a cycle with a new line.
    pub fn begin(&mut self, l: Line) {
        self.load(l);
        self.pc = 0;
        self.tflag = false;
    }

    /// Start a cycle on the current pattern space (after `D`).
    pub fn begin_again(&mut self) {
        self.pc = 0;
    }

    /// Give the line `n`/`N` asked for, then [`Engine::run`] again.
    pub fn resume(&mut self, l: Line) {
        let append = self.waiting.take().unwrap_or(false);
        if append {
            let old = std::mem::take(&mut self.ps);
            self.load(l);
            let mut ps = old;
            ps.push(self.delim);
            ps.extend_from_slice(&self.ps);
            self.ps = ps;
        } else {
            self.load(l);
        }
        self.pc += 1;
    }

    fn raw(&mut self, b: &[u8]) {
        if self.missing_nl {
            self.push_out(&[self.delim]);
            self.missing_nl = false;
        }
        self.push_out(b);
    }

    fn push_out(&mut self, b: &[u8]) {
        if let Some(Ev::Out(v)) = self.events.last_mut() {
            v.extend_from_slice(b);
        } else {
            self.events.push(Ev::Out(b.to_vec()));
        }
    }

    /// Output a pattern-space line, with the delimiter only if the input line had one.
    fn emit_line(&mut self, b: &[u8]) {
        self.raw(b);
        if self.chomped {
            self.push_out(&[self.delim]);
        } else {
            self.missing_nl = true;
        }
    }

    fn flush_append(&mut self) {
        for p in std::mem::take(&mut self.append) {
            match p {
                Pending::Text(t) => {
                    self.raw(&t);
                    self.push_out(b"\n");
                }
                Pending::File(f) => {
                    if self.missing_nl {
                        self.raw(b"");
                    }
                    self.events.push(Ev::ReadFile(f));
                }
                Pending::LineOf(f) => {
                    if self.missing_nl {
                        self.raw(b"");
                    }
                    self.events.push(Ev::ReadLine(f));
                }
            }
        }
    }

    fn end_cycle(&mut self, print: bool) {
        if print && !self.quiet {
            let ps = std::mem::take(&mut self.ps);
            self.emit_line(&ps);
            self.ps = ps;
        }
        self.flush_append();
    }

    fn regex(&mut self, idx: Option<usize>) -> Option<&'s Re> {
        let script = self.script;
        match idx.or(self.last_re) {
            Some(k) => {
                self.last_re = Some(k);
                script.regexes.get(k)
            }
            None => {
                self.error = Some("no previous regular expression".into());
                None
            }
        }
    }

    fn match_addr(&mut self, a: &Addr) -> bool {
        match a {
            Addr::Line(n) => self.lineno == *n,
            Addr::Last => self.last,
            Addr::Zero => false,
            Addr::Step(first, step) => {
                if *step == 0 {
                    self.lineno == *first
                } else {
                    self.lineno >= *first && (self.lineno - *first).is_multiple_of(*step)
                }
            }
            Addr::Re(idx) => {
                let ps = std::mem::take(&mut self.ps);
                let m = self.regex(*idx).is_some_and(|r| r.is_match(&ps));
                self.ps = ps;
                m
            }
        }
    }

    /// Whether command `k` applies to this line; the second value says whether a range
    /// ended (or a single address matched) on it.
    fn selected(&mut self, k: usize) -> (bool, bool) {
        let cmd = &self.script.cmds[k];
        let (a1, a2) = (cmd.a1.clone(), cmd.a2.clone());
        let (m, end) = match (&a1, &a2) {
            (None, _) => (true, true),
            (Some(a), None) => {
                let m = self.match_addr(a);
                (m, m)
            }
            (Some(a1), Some(a2)) => {
                if !self.active[k] {
                    let start = if *a1 == Addr::Zero {
                        self.lineno == 1
                    } else {
                        self.match_addr(a1)
                    };
                    if !start {
                        (false, false)
                    } else {
                        let single = match a2 {
                            Addr2::At(Addr::Line(n)) => {
                                self.ranges[k] = Some(*n);
                                *n <= self.lineno
                            }
                            Addr2::Plus(n) => {
                                self.ranges[k] = Some(self.lineno + n);
                                *n == 0
                            }
                            Addr2::Tilde(m) => {
                                let end = if *m == 0 {
                                    self.lineno
                                } else {
                                    self.lineno.div_ceil(*m) * m
                                };
                                self.ranges[k] = Some(end);
                                end <= self.lineno
                            }
                            Addr2::At(Addr::Last) => self.last,
                            Addr2::At(Addr::Re(idx)) if *a1 == Addr::Zero => {
                                self.match_addr(&Addr::Re(*idx))
                            }
                            _ => false,
                        };
                        self.active[k] = !single;
                        (true, single)
                    }
                } else {
                    match a2 {
                        Addr2::At(Addr::Re(idx)) => {
                            let e = self.match_addr(&Addr::Re(*idx));
                            self.active[k] = !e;
                            (true, e)
                        }
                        Addr2::At(Addr::Last) => {
                            self.active[k] = !self.last;
                            (true, self.last)
                        }
                        _ => {
                            let end = self.ranges[k].unwrap_or(0);
                            if self.lineno >= end {
                                self.active[k] = false;
                                let m = self.lineno == end || self.match_addr(a1);
                                (m, true)
                            } else {
                                (true, false)
                            }
                        }
                    }
                }
            }
        };
        if self.script.cmds[k].negate {
            (!m, !m)
        } else {
            (m, end)
        }
    }

    /// Run commands from the current position.
    pub fn run(&mut self) -> Step {
        let script = self.script;
        while self.pc < script.cmds.len() {
            let k = self.pc;
            let cmd = &script.cmds[k];
            if matches!(cmd.kind, Kind::EndBlock | Kind::Label(_) | Kind::Nop) {
                self.pc += 1;
                continue;
            }
            let (sel, range_end) = self.selected(k);
            if let Some(e) = self.error.take() {
                self.error = Some(e);
                return Step::Quit(1);
            }
            if !sel {
                self.pc = match cmd.kind {
                    Kind::Block(end) => end + 1,
                    _ => k + 1,
                };
                continue;
            }
            self.pc += 1;
            match &cmd.kind {
                Kind::Block(_) | Kind::EndBlock | Kind::Label(_) | Kind::Nop => {}
                Kind::LineNo => {
                    let s = format!("{}\n", self.lineno);
                    self.raw(s.as_bytes());
                }
                Kind::Append(t) => self.append.push(Pending::Text(t.clone())),
                Kind::Insert(t) => {
                    self.raw(t);
                    self.push_out(b"\n");
                }
                Kind::Change(t) => {
                    if cmd.a2.is_none() || cmd.negate || range_end {
                        self.raw(t);
                        self.push_out(b"\n");
                    }
                    self.end_cycle(false);
                    return Step::EndCycle { reread: true };
                }
                Kind::Branch(kind, target) => {
                    let jump = match kind {
                        't' => std::mem::replace(&mut self.tflag, false),
                        'T' => !std::mem::replace(&mut self.tflag, false),
                        _ => true,
                    };
                    if jump {
                        self.pc = target.unwrap_or(script.cmds.len());
                    }
                }
                Kind::Delete => {
                    self.end_cycle(false);
                    return Step::EndCycle { reread: true };
                }
                Kind::DeleteFirst => match self.ps.iter().position(|&b| b == self.delim) {
                    None => {
                        self.end_cycle(false);
                        return Step::EndCycle { reread: true };
                    }
                    Some(i) => {
                        self.ps.drain(..=i);
                        self.end_cycle(false);
                        return Step::EndCycle { reread: false };
                    }
                },
                Kind::Get => self.ps = self.hs.clone(),
                Kind::GetAppend => {
                    self.ps.push(self.delim);
                    let h = self.hs.clone();
                    self.ps.extend_from_slice(&h);
                }
                Kind::Hold => self.hs = self.ps.clone(),
                Kind::HoldAppend => {
                    self.hs.push(self.delim);
                    let p = self.ps.clone();
                    self.hs.extend_from_slice(&p);
                }
                Kind::Exchange => std::mem::swap(&mut self.ps, &mut self.hs),
                Kind::List(w) => {
                    let s = list(&self.ps, w.unwrap_or(self.wrap));
                    self.raw(&s);
                }
                Kind::Next | Kind::NextAppend => {
                    let append = matches!(cmd.kind, Kind::NextAppend);
                    if self.last {
                        // No next line: GNU prints the pattern space and exits.
                        self.end_cycle(true);
                        return Step::Quit(0);
                    }
                    if !append && !self.quiet {
                        let ps = std::mem::take(&mut self.ps);
                        self.emit_line(&ps);
                        self.ps = ps;
                    }
                    self.flush_append();
                    self.pc = k;
                    self.waiting = Some(append);
                    return Step::NeedLine;
                }
                Kind::Print => {
                    let ps = self.ps.clone();
                    self.emit_line(&ps);
                }
                Kind::PrintFirst => {
                    let end = self
                        .ps
                        .iter()
                        .position(|&b| b == self.delim)
                        .unwrap_or(self.ps.len());
                    let first = self.ps[..end].to_vec();
                    self.raw(&first);
                    self.push_out(&[self.delim]);
                }
                Kind::Quit(code) => {
                    self.end_cycle(true);
                    return Step::Quit(*code);
                }
                Kind::QuitSilent(code) => return Step::Quit(*code),
                Kind::ReadFile(f) => self.append.push(Pending::File(f.clone())),
                Kind::ReadLine(f) => self.append.push(Pending::LineOf(f.clone())),
                Kind::Subst(s) => {
                    if self.subst(s) {
                        self.tflag = true;
                        if s.print {
                            let ps = self.ps.clone();
                            self.emit_line(&ps);
                        }
                        if let Some(w) = s.write {
                            let mut v = self.ps.clone();
                            v.push(self.delim);
                            self.events.push(Ev::Write(w, v));
                        }
                    }
                    if self.error.is_some() {
                        return Step::Quit(1);
                    }
                }
                Kind::Write(w) => {
                    let mut v = self.ps.clone();
                    v.push(self.delim);
                    self.events.push(Ev::Write(*w, v));
                }
                Kind::WriteFirst(w) => {
                    let end = self
                        .ps
                        .iter()
                        .position(|&b| b == self.delim)
                        .unwrap_or(self.ps.len());
                    let mut v = self.ps[..end].to_vec();
                    v.push(self.delim);
                    self.events.push(Ev::Write(*w, v));
                }
                Kind::Translate(map) => {
                    for b in &mut self.ps {
                        *b = map[*b as usize];
                    }
                }
                Kind::Zap => self.ps.clear(),
                Kind::FileName => {
                    let f = format!("{}\n", self.file);
                    self.raw(f.as_bytes());
                }
            }
        }
        self.end_cycle(true);
        Step::EndCycle { reread: true }
    }

    /// Run `s`; whether a replacement was made.
    fn subst(&mut self, s: &Subst) -> bool {
        let Some(re) = self.regex(s.re) else {
            return false;
        };
        let ps = &self.ps;
        let mut out = Vec::with_capacity(ps.len());
        let mut pos = 0;
        let mut copied = 0;
        let mut count = 0u64;
        let mut did = false;
        let mut prev_end: Option<usize> = None;
        while pos <= ps.len() {
            let Some(caps) = re.captures_at(ps, pos) else {
                break;
            };
            let Some((ms, me)) = caps[0] else { break };
            if ms == me && prev_end == Some(ms) {
                if ms >= ps.len() {
                    break;
                }
                pos = ms + 1;
                continue;
            }
            count += 1;
            if count >= s.nth {
                out.extend_from_slice(&ps[copied..ms]);
                expand(&s.repl, ps, &caps, &mut out);
                copied = me;
                did = true;
                if !s.global {
                    break;
                }
            }
            prev_end = Some(me);
            if ms == me {
                if me >= ps.len() {
                    break;
                }
                pos = me + 1;
            } else {
                pos = me;
            }
        }
        if did {
            out.extend_from_slice(&ps[copied..]);
            self.ps = out;
        }
        did
    }
}

/// Append the replacement for one match.
fn expand(repl: &[Repl], hay: &[u8], caps: &[Option<(usize, usize)>], out: &mut Vec<u8>) {
    let mut mode: Option<Case> = None;
    let mut one: Option<Case> = None;
    let put = |bytes: &[u8], out: &mut Vec<u8>, mode: Option<Case>, one: &mut Option<Case>| {
        for &b in bytes {
            let mut c = match mode {
                Some(Case::Upper) => b.to_ascii_uppercase(),
                Some(Case::Lower) => b.to_ascii_lowercase(),
                _ => b,
            };
            if let Some(o) = one.take() {
                c = if o == Case::UpperOne {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                };
            }
            out.push(c);
        }
    };
    for r in repl {
        match r {
            Repl::Lit(b) => put(b, out, mode, &mut one),
            Repl::Group(g) => {
                if let Some(Some((s, e))) = caps.get(*g) {
                    put(&hay[*s..*e], out, mode, &mut one);
                }
            }
            Repl::Case(c) => match c {
                Case::Upper | Case::Lower => {
                    mode = Some(*c);
                    one = None;
                }
                Case::End => {
                    mode = None;
                    one = None;
                }
                _ => one = Some(*c),
            },
        }
    }
}

/// The `l` command's unambiguous form, wrapped at `width` (0 or 1: no wrapping).
pub fn list(ps: &[u8], width: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut col = 0;
    for &b in ps {
        let piece: Vec<u8> = match b {
            b'\\' => b"\\\\".to_vec(),
            7 => b"\\a".to_vec(),
            8 => b"\\b".to_vec(),
            12 => b"\\f".to_vec(),
            b'\n' => b"\\n".to_vec(),
            b'\r' => b"\\r".to_vec(),
            b'\t' => b"\\t".to_vec(),
            11 => b"\\v".to_vec(),
            0x20..=0x7e => vec![b],
            _ => format!("\\{b:03o}").into_bytes(),
        };
        if width > 1 && col + piece.len() > width - 1 {
            out.extend_from_slice(b"\\\n");
            col = 0;
        }
        col += piece.len();
        out.extend_from_slice(&piece);
    }
    out.extend_from_slice(b"$\n");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::sedparse::{Source, Text, parse};
    use super::*;

    /// Run a script over `input` lines, returning stdout (r/R/w events ignored).
    fn sed(script: &str, input: &str, quiet: bool, ere: bool) -> String {
        let mut t = Text::default();
        t.add(script.as_bytes(), Source::Expr(1));
        let s = parse(&t, ere).unwrap();
        let mut e = Engine::new(&s);
        e.quiet |= quiet;
        let mut lines: Vec<Line> = Vec::new();
        let parts: Vec<&str> = input.split_inclusive('\n').collect();
        for (i, p) in parts.iter().enumerate() {
            let chomped = p.ends_with('\n');
            let data = p.strip_suffix('\n').unwrap_or(p).as_bytes().to_vec();
            lines.push(Line {
                data,
                chomped,
                last: i + 1 == parts.len(),
                new_file: i == 0,
                file: "-".into(),
            });
        }
        let mut it = lines.into_iter();
        let mut out = Vec::new();
        let mut reread = true;
        'outer: loop {
            if reread {
                let Some(l) = it.next() else { break };
                e.begin(l);
            } else {
                e.begin_again();
            }
            loop {
                let st = e.run();
                for ev in e.take_events() {
                    if let Ev::Out(b) = ev {
                        out.extend(b);
                    }
                }
                match st {
                    Step::EndCycle { reread: r } => {
                        reread = r;
                        break;
                    }
                    Step::NeedLine => match it.next() {
                        Some(l) => e.resume(l),
                        None => break 'outer,
                    },
                    Step::Quit(_) => break 'outer,
                }
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn substitution() {
        assert_eq!(sed("s/a/x/", "aaa\n", false, false), "xaa\n");
        assert_eq!(sed("s/a/x/g", "aaa\n", false, false), "xxx\n");
        assert_eq!(sed("s/a/x/2", "aaa\n", false, false), "axa\n");
        assert_eq!(sed("s/a/x/2g", "aaaa\n", false, false), "axxx\n");
        assert_eq!(sed("s/b*/-/g", "abc\n", false, false), "-a-c-\n");
        assert_eq!(sed("s/x*/-/g", "abc\n", false, false), "-a-b-c-\n");
        assert_eq!(
            sed("s/\\(.\\)\\(.\\)/\\2\\1/", "abcd\n", false, false),
            "bacd\n"
        );
        assert_eq!(sed("s/(a|b)+/[&]/", "xabay\n", false, true), "x[aba]y\n");
        assert_eq!(
            sed("s/\\w\\+/\\u&/g", "hello world\n", false, false),
            "Hello World\n"
        );
        assert_eq!(sed("s/.*/\\U&/", "abc\n", false, false), "ABC\n");
        assert_eq!(
            sed("s/\\(a\\)\\(b\\)/\\U\\1\\E\\2/", "ab\n", false, false),
            "Ab\n"
        );
        assert_eq!(sed("s/a/\\n/", "bab\n", false, false), "b\nb\n");
        assert_eq!(sed("s/^/> /", "x\ny\n", false, false), "> x\n> y\n");
        assert_eq!(sed("s/x/y/p", "x\nz\n", true, false), "y\n");
        assert_eq!(sed("s/A/b/I", "aA\n", false, false), "bA\n");
    }

    #[test]
    fn addresses() {
        let input = "1\n2\n3\n4\n5\n6\n";
        assert_eq!(sed("2,4d", input, false, false), "1\n5\n6\n");
        assert_eq!(sed("2,4!d", input, false, false), "2\n3\n4\n");
        assert_eq!(sed("$!d", input, false, false), "6\n");
        assert_eq!(sed("1~2d", input, false, false), "2\n4\n6\n");
        assert_eq!(sed("0~3p", input, true, false), "3\n6\n");
        assert_eq!(sed("/2/,/4/p", input, true, false), "2\n3\n4\n");
        assert_eq!(sed("/2/,+1p", input, true, false), "2\n3\n");
        assert_eq!(sed("2,~4p", input, true, false), "2\n3\n4\n");
        assert_eq!(sed("0,/1/p", input, true, false), "1\n");
        assert_eq!(sed("1,/1/p", input, true, false), "1\n2\n3\n4\n5\n6\n");
        assert_eq!(sed("4,2p", input, true, false), "4\n");
        assert_eq!(sed("/3/,$d", input, false, false), "1\n2\n");
        assert_eq!(sed("2{p;p}", "a\nb\n", true, false), "b\nb\n");
        assert_eq!(sed("/b/!s/./X/", "a\nb\n", false, false), "X\nb\n");
    }

    #[test]
    fn commands() {
        assert_eq!(sed("1!G;h;$!d", "1\n2\n3\n", false, false), "3\n2\n1\n");
        assert_eq!(
            sed(":a;N;$!ba;s/\\n/,/g", "1\n2\n3\n", false, false),
            "1,2,3\n"
        );
        assert_eq!(sed("n;d", "1\n2\n3\n", false, false), "1\n3\n");
        assert_eq!(sed("$!N;P;D", "1\n2\n3\n", false, false), "1\n2\n3\n");
        assert_eq!(
            sed("N;N;s/\\n/+/g", "1\n2\n3\n4\n", false, false),
            "1+2+3\n4\n"
        );
        assert_eq!(sed("=", "a\nb\n", false, false), "1\na\n2\nb\n");
        assert_eq!(
            sed("1i\\\nhead\n$a tail", "a\nb\n", false, false),
            "head\na\nb\ntail\n"
        );
        assert_eq!(sed("2c\\\nnew", "a\nb\nc\n", false, false), "a\nnew\nc\n");
        assert_eq!(sed("1,2c\\\nX", "a\nb\nc\n", false, false), "X\nc\n");
        assert_eq!(sed("2q", "a\nb\nc\n", false, false), "a\nb\n");
        assert_eq!(sed("2Q", "a\nb\nc\n", false, false), "a\n");
        assert_eq!(sed("y/abc/xyz/", "aabbcc\n", false, false), "xxyyzz\n");
        assert_eq!(
            sed("s/a/b/;ta;s/$/!/;:a", "a\nc\n", false, false),
            "b\nc!\n"
        );
        assert_eq!(
            sed("s/a/b/;Ta;s/$/!/;:a", "a\nc\n", false, false),
            "b!\nc\n"
        );
        assert_eq!(sed("x;$!d;x;G", "a\nb\n", false, false), "b\na\n");
        assert_eq!(sed("l", "a\tb\\\n", true, false), "a\\tb\\\\$\n");
        assert_eq!(sed("p", "a", false, false), "a\na");
        assert_eq!(sed("$=", "a\nb", true, false), "2\n");
        assert_eq!(sed("z;s/^$/E/", "abc\n", false, false), "E\n");
        assert_eq!(sed("P;d", "ab\n", false, false), "ab\n");
    }

    #[test]
    fn listing() {
        assert_eq!(list(b"\x01\xff", 70), b"\\001\\377$\n".to_vec());
        let long = vec![b'a'; 100];
        let l = list(&long, 70);
        assert!(l.starts_with(&[b'a'; 69]) && l[69..71] == *b"\\\n");
    }
}
