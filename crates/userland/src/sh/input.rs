//! Where commands come from: a `-c` string, a script file (read whole), or standard input
//! read line by line without reading ahead (POSIX XCU 2 "Shell Introduction": a command that
//! reads standard input must find the lines after the one being executed). A pipe is read a
//! byte at a time; a seekable file is read in blocks and the offset put back before each
//! command runs; a terminal goes through the line editor.

use super::shell::Shell;
use wosix_abi::{Errno, Fd, OFlags, Whence};
use wosix_runtime::Sys;

/// Read a script file as text.
pub async fn read_script(sys: &Sys, path: &str) -> Result<String, Errno> {
    let fd = sys.open(path, OFlags::RDONLY | OFlags::CLOEXEC, 0).await?;
    let r = sys.read_to_end(fd).await;
    let _ = sys.close(fd).await;
    match r {
        Ok(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
        Err(Errno::EISDIR) => Ok(String::new()),
        Err(e) => Err(e),
    }
}

/// The kind of input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Everything is already in the buffer.
    Whole,
    /// A pipe or similar: one byte per read.
    Bytes,
    /// A seekable file on standard input: blocks, with the offset restored before commands.
    Seekable,
    /// A terminal with the line editor.
    Editor,
}

/// Input of the command reader.
pub struct Input {
    /// Text not yet parsed.
    pub buf: Vec<char>,
    /// Line number of the first character of `buf`.
    pub line: u32,
    /// No more input will come.
    pub eof: bool,
    /// The source kind.
    pub kind: Kind,
    fd: Fd,
    /// Seekable input: bytes read but not yet turned into lines.
    pending: Vec<u8>,
    /// Seekable input: file offset just after the data read so far.
    end_offset: u64,
}

impl Input {
    /// Input from a string.
    pub fn from_text(s: &str) -> Input {
        Input {
            buf: s.chars().collect(),
            line: 1,
            eof: true,
            kind: Kind::Whole,
            fd: Fd::STDIN,
            pending: Vec::new(),
            end_offset: 0,
        }
    }

    /// Input from a descriptor.
    pub async fn from_fd(sys: &Sys, fd: Fd, editor: bool) -> Input {
        let kind = if editor {
            Kind::Editor
        } else if sys.lseek(fd, 0, Whence::Cur).await.is_ok()
            && sys
                .fstat(fd)
                .await
                .is_ok_and(|s| s.file_type() == wosix_abi::FileType::Regular)
        {
            Kind::Seekable
        } else {
            Kind::Bytes
        };
        let end_offset = if kind == Kind::Seekable {
            sys.lseek(fd, 0, Whence::Cur).await.unwrap_or(0)
        } else {
            0
        };
        Input {
            buf: Vec::new(),
            line: 1,
            eof: false,
            kind,
            fd,
            pending: Vec::new(),
            end_offset,
        }
    }

    /// Drop `n` parsed characters; `lines` is the line number after them.
    pub fn consume(&mut self, n: usize, line: u32) {
        let n = n.min(self.buf.len());
        self.buf.drain(..n);
        self.line = line;
    }

    /// Read one more line into the buffer (printing `prompt` first for interactive input).
    /// Returns false at end of input.
    pub async fn fill(&mut self, sh: &mut Shell, prompt: Option<String>) -> bool {
        if self.eof {
            return false;
        }
        let line: Option<Vec<u8>> = match self.kind {
            Kind::Whole => None,
            Kind::Editor => sh
                .edit_line(prompt.as_deref().unwrap_or(""))
                .await
                .map(|l| l.into_bytes()),
            Kind::Bytes => {
                if let Some(p) = &prompt {
                    sh.err.str(p);
                    sh.flush_err().await;
                }
                self.read_bytes_line(sh).await
            }
            Kind::Seekable => self.read_block_line(sh).await,
        };
        match line {
            Some(l) => {
                let text = String::from_utf8_lossy(&l).into_owned();
                if sh.opts.get('v') {
                    sh.err.str(&text);
                    sh.flush_err().await;
                }
                self.buf.extend(text.chars());
                true
            }
            None => {
                self.eof = true;
                false
            }
        }
    }

    async fn read_bytes_line(&mut self, sh: &mut Shell) -> Option<Vec<u8>> {
        let mut line = Vec::new();
        loop {
            match sh.sys.read_vec(self.fd, 1).await {
                Ok(b) if b.is_empty() => return if line.is_empty() { None } else { Some(line) },
                Ok(b) => {
                    line.push(b[0]);
                    if b[0] == b'\n' {
                        return Some(line);
                    }
                }
                Err(Errno::EINTR) => {
                    sh.collect_signals().await;
                    if sh.interactive && sh.pending_sigs.contains(&wosix_abi::Signal::SIGINT) {
                        sh.pending_sigs.retain(|s| *s != wosix_abi::Signal::SIGINT);
                        sh.err.str("\n");
                        sh.flush_err().await;
                        return Some(b"\n".to_vec());
                    }
                }
                Err(_) => return if line.is_empty() { None } else { Some(line) },
            }
        }
    }

    async fn read_block_line(&mut self, sh: &mut Shell) -> Option<Vec<u8>> {
        loop {
            if let Some(i) = self.pending.iter().position(|&b| b == b'\n') {
                let rest = self.pending.split_off(i + 1);
                return Some(std::mem::replace(&mut self.pending, rest));
            }
            let _ = sh
                .sys
                .lseek(self.fd, self.end_offset as i64, Whence::Set)
                .await;
            match sh.sys.read_vec(self.fd, 8192).await {
                Ok(b) if b.is_empty() => {
                    return if self.pending.is_empty() {
                        None
                    } else {
                        Some(std::mem::take(&mut self.pending))
                    };
                }
                Ok(b) => {
                    self.end_offset += b.len() as u64;
                    self.pending.extend_from_slice(&b);
                }
                Err(Errno::EINTR) => sh.collect_signals().await,
                Err(_) => {
                    return if self.pending.is_empty() {
                        None
                    } else {
                        Some(std::mem::take(&mut self.pending))
                    };
                }
            }
        }
    }

    /// Seekable input: the file offset just after the text parsed so far.
    fn parsed_offset(&self) -> u64 {
        let unparsed: usize =
            self.buf.iter().map(|c| c.len_utf8()).sum::<usize>() + self.pending.len();
        self.end_offset.saturating_sub(unparsed as u64)
    }

    /// Before running a command: put the descriptor's offset after the command.
    pub async fn before_exec(&mut self, sys: &Sys) -> Option<u64> {
        if self.kind != Kind::Seekable {
            return None;
        }
        let off = self.parsed_offset();
        let _ = sys.lseek(self.fd, off as i64, Whence::Set).await;
        Some(off)
    }

    /// After running a command: if something read our input, continue from where it stopped.
    pub async fn after_exec(&mut self, sys: &Sys, before: Option<u64>) {
        let Some(off) = before else { return };
        match sys.lseek(self.fd, 0, Whence::Cur).await {
            Ok(now) if now != off => {
                self.buf.clear();
                self.pending.clear();
                self.end_offset = now;
            }
            _ => {}
        }
    }
}
