//! What every built-in program gets: its `Sys` handle, arguments, environment, and buffered
//! standard output and error. Programs write through [`Out`] and must `flush` before returning
//! (the registry wrapper flushes both streams after `main` returns).

use std::collections::BTreeMap;
use wosix_abi::{Errno, Fd, OFlags, SysResult};
use wosix_runtime::Sys;

/// Buffered writer onto one descriptor.
pub struct Out {
    fd: Fd,
    buf: Vec<u8>,
    /// The first write error seen (EPIPE, EBADF…); later writes are dropped.
    pub error: Option<Errno>,
}

impl Out {
    /// A writer onto `fd`.
    pub fn new(fd: Fd) -> Out {
        Out {
            fd,
            buf: Vec::with_capacity(8192),
            error: None,
        }
    }
    /// Queue bytes.
    pub fn bytes(&mut self, b: &[u8]) {
        if self.error.is_none() {
            self.buf.extend_from_slice(b);
        }
    }
    /// Queue a string.
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    /// Queue a string and a newline.
    pub fn line(&mut self, s: &str) {
        self.bytes(s.as_bytes());
        self.bytes(b"\n");
    }
    /// Bytes waiting to be written.
    pub fn pending(&self) -> usize {
        self.buf.len()
    }
    /// Write out everything queued.
    pub async fn flush(&mut self, sys: &Sys) -> SysResult<()> {
        if let Some(e) = self.error {
            self.buf.clear();
            return Err(e);
        }
        if self.buf.is_empty() {
            return Ok(());
        }
        let r = sys.write_all(self.fd, &self.buf).await;
        self.buf.clear();
        if let Err(e) = r {
            self.error = Some(e);
        }
        r
    }
    /// Flush if more than 64 KiB are queued (call in loops that print a lot).
    pub async fn maybe_flush(&mut self, sys: &Sys) -> SysResult<()> {
        if self.buf.len() >= 65536 {
            self.flush(sys).await
        } else {
            Ok(())
        }
    }
}

/// The status and message (after `prog: `) with which GNU's `prog` reports a failed write of
/// its standard output: gnulib's `write error: …` and the program's `exit_failure` (2 for the
/// programs whose status 1 means "no match" or "different", 3 for expr, 4 for sed, 125 for env).
fn write_failure(prog: &str, why: &str) -> (i32, String) {
    match prog {
        "diff" | "cmp" => (2, format!("standard output: {why}")),
        "sed" => (4, format!("couldn't flush stdout: {why}")),
        "sort" => (
            2,
            format!("fflush failed: 'standard output': {why}\n{prog}: write error"),
        ),
        "ls" | "grep" | "egrep" | "fgrep" => (2, format!("write error: {why}")),
        "expr" => (3, format!("write error: {why}")),
        "env" => (125, format!("write error: {why}")),
        _ => (1, format!("write error: {why}")),
    }
}

/// A running built-in program's context.
pub struct Ctx {
    /// The system-call handle.
    pub sys: Sys,
    /// Arguments, `argv[0]` first.
    pub argv: Vec<String>,
    /// Environment as given at spawn (`NAME=value`), parsed; later entries win.
    pub env: BTreeMap<String, String>,
    /// Standard output.
    pub out: Out,
    /// Standard error.
    pub err: Out,
}

impl Ctx {
    /// Build a context from spawn data.
    pub fn new(sys: Sys, argv: Vec<String>, envp: Vec<String>) -> Ctx {
        let env = envp
            .into_iter()
            .filter_map(|kv| {
                kv.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect();
        Ctx {
            sys,
            argv,
            env,
            out: Out::new(Fd::STDOUT),
            err: Out::new(Fd::STDERR),
        }
    }

    /// The program name for messages: the last component of `argv[0]`.
    pub fn prog(&self) -> String {
        let a0 = self.argv.first().map(String::as_str).unwrap_or("?");
        a0.rsplit('/').next().unwrap_or(a0).to_string()
    }

    /// The environment variable `name`.
    pub fn getenv(&self, name: &str) -> Option<&str> {
        self.env.get(name).map(String::as_str)
    }

    /// The environment as `NAME=value` strings.
    pub fn envp(&self) -> Vec<String> {
        self.env.iter().map(|(k, v)| format!("{k}={v}")).collect()
    }

    /// Print `prog: msg` on standard error.
    pub fn error(&mut self, msg: &str) {
        let p = self.prog();
        self.err.str(&format!("{p}: {msg}\n"));
    }

    /// Print `prog: path: strerror` on standard error (the coreutils form).
    pub fn error_path(&mut self, path: &str, e: Errno) {
        self.error(&format!("{path}: {}", e.message()));
    }

    /// Flush both streams.
    pub async fn flush(&mut self) {
        let _ = self.out.flush(&self.sys).await;
        let _ = self.err.flush(&self.sys).await;
    }

    /// Flush both streams as the program exits and return its status. A failed write to
    /// standard output (a full disk, /dev/full, a closed descriptor) is reported the way
    /// gnulib's `close_stdout` does, `prog: write error: strerror`, and the status becomes the
    /// program's failure status ([`write_failure`]), as `close_stdout` exits with it. EPIPE
    /// stays quiet: the writer of a closed pipe is normally gone by SIGPIPE.
    pub async fn finish(&mut self, status: i32) -> i32 {
        let _ = self.out.flush(&self.sys).await;
        let status = match self.out.error.filter(|e| *e != Errno::EPIPE) {
            Some(e) => {
                let (trouble, msg) = write_failure(&self.prog(), e.message());
                self.error(&msg);
                trouble
            }
            None => status,
        };
        let _ = self.err.flush(&self.sys).await;
        status
    }

    /// Read a whole file (path `-` is standard input).
    pub async fn read_file(&self, path: &str) -> SysResult<Vec<u8>> {
        if path == "-" {
            return self.sys.read_to_end(Fd::STDIN).await;
        }
        let fd = self
            .sys
            .open(path, OFlags::RDONLY | OFlags::CLOEXEC, 0)
            .await?;
        if let Ok(st) = self.sys.fstat(fd).await
            && st.is_dir()
        {
            let _ = self.sys.close(fd).await;
            return Err(Errno::EISDIR);
        }
        let r = self.sys.read_to_end(fd).await;
        let _ = self.sys.close(fd).await;
        r
    }
}

/// Reads lines (or records ending in any delimiter) from a descriptor.
pub struct LineReader {
    fd: Fd,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl LineReader {
    /// A reader on `fd`.
    pub fn new(fd: Fd) -> LineReader {
        LineReader {
            fd,
            buf: Vec::new(),
            pos: 0,
            eof: false,
        }
    }
    /// The next record including its delimiter (if present); `None` at end of input.
    pub async fn next_record(&mut self, sys: &Sys, delim: u8) -> SysResult<Option<Vec<u8>>> {
        loop {
            if let Some(i) = self.buf[self.pos..].iter().position(|&b| b == delim) {
                let rec = self.buf[self.pos..self.pos + i + 1].to_vec();
                self.pos += i + 1;
                return Ok(Some(rec));
            }
            if self.eof {
                if self.pos < self.buf.len() {
                    let rec = self.buf[self.pos..].to_vec();
                    self.pos = self.buf.len();
                    return Ok(Some(rec));
                }
                return Ok(None);
            }
            if self.pos > 0 {
                self.buf.drain(..self.pos);
                self.pos = 0;
            }
            let chunk = sys.read_vec(self.fd, 65536).await?;
            if chunk.is_empty() {
                self.eof = true;
            } else {
                self.buf.extend_from_slice(&chunk);
            }
        }
    }
    /// The next line without its newline.
    pub async fn next_line(&mut self, sys: &Sys) -> SysResult<Option<Vec<u8>>> {
        Ok(self.next_record(sys, b'\n').await?.map(|mut l| {
            if l.last() == Some(&b'\n') {
                l.pop();
            }
            l
        }))
    }
}
