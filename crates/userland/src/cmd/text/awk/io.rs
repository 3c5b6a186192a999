//! awk's input and output (XCU awk, "Input", "Output Statements" and "Input/Output and
//! General Functions"): the main input walking ARGV (files, `-`, `var=value` operands),
//! getline in its forms, print/printf to stdout, files and commands (kept open until
//! `close()`), and `system()`. Commands run as `/bin/sh -c cmd` through `Sys::spawn`.

use super::ast::{Expr, Redir, Source, Special};
use super::fields::read_record;
use super::interp::{Cell, Flow, Interp, fatal};
use super::value::{Value, num_to_str};
use crate::{LineReader, Out};
use std::collections::HashMap;
use wosix_abi::{Errno, Fd, FileAction, OFlags, SpawnRequest, WaitOptions, WaitStatus};
use wosix_runtime::Sys;

/// An input opened by getline: a file or a command's output.
pub struct Reader {
    lr: LineReader,
    fd: Fd,
    pid: Option<i32>,
}

/// An output opened by print: a file or a command's input.
pub struct Writer {
    out: Out,
    fd: Fd,
    pid: Option<i32>,
}

/// Open files and commands, by the name awk used for them.
#[derive(Default)]
pub struct Files {
    readers: HashMap<String, Reader>,
    writers: HashMap<String, Writer>,
}

/// Progress through the main input.
#[derive(Default)]
pub struct MainInput {
    /// Next ARGV index to look at.
    pub argi: usize,
    /// The open input, if any.
    pub cur: Option<Reader>,
    /// Whether a file operand was seen (else stdin is read).
    pub used_file: bool,
    /// Whether the input is exhausted.
    pub done: bool,
}

/// Wait for `pid`; its exit status as awk reports it.
async fn wait(sys: &Sys, pid: i32) -> i32 {
    loop {
        match sys.waitpid(pid, WaitOptions::empty()).await {
            Ok(Some((_, WaitStatus::Exited(n)))) => return n as i32,
            Ok(Some((_, WaitStatus::Signaled(s, _)))) => return 256 + s as i32,
            Err(Errno::EINTR) | Ok(Some(_)) => continue,
            _ => return -1,
        }
    }
}

/// Start `/bin/sh -c cmd` with `fd` dup'ed onto `target`.
async fn spawn_sh(
    sys: &Sys,
    envp: &[String],
    cmd: &str,
    dup: Option<(Fd, Fd)>,
) -> Result<i32, Flow> {
    let req = SpawnRequest {
        path: "/bin/sh".into(),
        argv: vec!["sh".into(), "-c".into(), cmd.to_string()],
        envp: envp.to_vec(),
        file_actions: dup
            .map(|(from, to)| FileAction::Dup2 { from, to })
            .into_iter()
            .collect(),
        attrs: Default::default(),
    };
    match sys.spawn(req).await {
        Ok(p) => Ok(p.0 as i32),
        Err(e) => fatal(format!("cannot run \"{cmd}\" ({})", e.message())),
    }
}

impl Files {
    /// Flush and close everything (at exit).
    pub async fn close_all(&mut self, sys: &Sys, out: &mut Out) -> Result<(), Flow> {
        let _ = out.flush(sys).await;
        let names: Vec<String> = self
            .writers
            .keys()
            .chain(self.readers.keys())
            .cloned()
            .collect();
        for n in names {
            self.close(sys, &n).await;
        }
        Ok(())
    }

    /// close(name): the status, -1 when nothing of that name is open.
    pub async fn close(&mut self, sys: &Sys, name: &str) -> i32 {
        let mut r = -1;
        if let Some(mut w) = self.writers.remove(name) {
            r = if w.out.flush(sys).await.is_ok() {
                0
            } else {
                -1
            };
            let _ = sys.close(w.fd).await;
            if let Some(p) = w.pid {
                r = wait(sys, p).await;
            }
        }
        if let Some(rd) = self.readers.remove(name) {
            if rd.fd != Fd::STDIN {
                let _ = sys.close(rd.fd).await;
            }
            r = 0;
            if let Some(p) = rd.pid {
                r = wait(sys, p).await;
            }
        }
        r
    }

    /// Flush every output.
    pub async fn flush_all(&mut self, sys: &Sys) {
        for w in self.writers.values_mut() {
            let _ = w.out.flush(sys).await;
        }
    }
}

impl Interp {
    /// Write `s` to standard output or a redirection target.
    pub async fn write(&mut self, to: Option<(&Redir, String)>, s: &str) -> Result<(), Flow> {
        let Some((r, name)) = to else {
            self.out.str(s);
            if self.out.maybe_flush(&self.sys).await.is_err() {
                return fatal("write error on standard output");
            }
            return Ok(());
        };
        match name.as_str() {
            "/dev/stdout" | "-" => return Box::pin(self.write(None, s)).await,
            "/dev/stderr" => {
                self.err.str(s);
                let _ = self.err.flush(&self.sys).await;
                return Ok(());
            }
            _ => {}
        }
        if !self.files.writers.contains_key(&name) {
            let w = match r {
                Redir::Pipe(_) => {
                    let _ = self.out.flush(&self.sys).await;
                    let (rd, wr) =
                        self.sys.pipe(OFlags::CLOEXEC).await.map_err(|e| {
                            Flow::Err(format!("cannot make a pipe ({})", e.message()))
                        })?;
                    let pid = spawn_sh(&self.sys, &self.envp, &name, Some((rd, Fd::STDIN))).await;
                    let _ = self.sys.close(rd).await;
                    Writer {
                        out: Out::new(wr),
                        fd: wr,
                        pid: Some(pid?),
                    }
                }
                _ => {
                    let mode = if matches!(r, Redir::Append(_)) {
                        OFlags::APPEND
                    } else {
                        OFlags::TRUNC
                    };
                    let flags = OFlags::WRONLY | OFlags::CREAT | OFlags::CLOEXEC | mode;
                    let fd = self.sys.open(&name, flags, 0o666).await.map_err(|e| {
                        Flow::Err(format!("can't redirect to \"{name}\" ({})", e.message()))
                    })?;
                    Writer {
                        out: Out::new(fd),
                        fd,
                        pid: None,
                    }
                }
            };
            self.files.writers.insert(name.clone(), w);
        }
        if let Some(w) = self.files.writers.get_mut(&name) {
            w.out.str(s);
            if w.out.maybe_flush(&self.sys).await.is_err() {
                return fatal(format!("write error on \"{name}\""));
            }
        }
        Ok(())
    }

    /// print / printf.
    pub async fn print(
        &mut self,
        f: bool,
        args: &[Expr],
        redir: Option<&Redir>,
    ) -> Result<(), Flow> {
        let conv = self.convfmt();
        let s = if f {
            let mut vals = Vec::with_capacity(args.len());
            for a in args {
                vals.push(self.eval(a).await?);
            }
            let fmt = vals.first().map_or(String::new(), |v| v.str(&conv));
            super::printf::format(&fmt, vals.get(1..).unwrap_or(&[]), &conv)
        } else {
            let ofs = self.special_str(Special::Ofs);
            let ofmt = self.special_str(Special::Ofmt);
            let mut s = String::new();
            if args.is_empty() {
                s.push_str(self.rec.text(&ofs));
            }
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    s.push_str(&ofs);
                }
                match self.eval(a).await? {
                    Value::Num(n) => s.push_str(&num_to_str(n, &ofmt)),
                    v => s.push_str(&v.str(&conv)),
                }
            }
            s.push_str(&self.special_str(Special::Ors));
            s
        };
        let to = match redir {
            None => None,
            Some(r) => {
                let (Redir::Write(e) | Redir::Append(e) | Redir::Pipe(e)) = r;
                Some((r, self.eval(e).await?.str(&conv)))
            }
        };
        self.write(to, &s).await
    }

    /// ARGV[i] as a string ("" when unset).
    fn argv(&mut self, i: usize) -> String {
        let conv = self.convfmt();
        match self.globals.get(Special::Argv as usize) {
            Some(Cell::Arr(a)) => a
                .get(&i.to_string())
                .map_or(String::new(), |v| v.str(&conv)),
            _ => String::new(),
        }
    }

    /// The next record of the main input, moving through ARGV operands.
    pub async fn next_main_record(&mut self) -> Result<Option<String>, Flow> {
        loop {
            if self.main.done {
                return Ok(None);
            }
            let rs = self.special_str(Special::Rs);
            if let Some(r) = self.main.cur.as_mut() {
                match read_record(&self.sys, &mut r.lr, &rs).await {
                    Ok(Some(line)) => {
                        for s in [Special::Nr, Special::Fnr] {
                            let n = self.special(s).num();
                            self.set_special(s, Value::Num(n + 1.0));
                        }
                        return Ok(Some(line));
                    }
                    Ok(None) => {}
                    Err(e) => {
                        let name = self.special_str(Special::Filename);
                        self.err.str(&format!(
                            "awk: read error on \"{name}\" ({})\n",
                            e.message()
                        ));
                        self.status = 2;
                    }
                }
                if let Some(r) = self.main.cur.take()
                    && r.fd != Fd::STDIN
                {
                    let _ = self.sys.close(r.fd).await;
                }
                continue;
            }
            let argc = self.special(Special::Argc).num().max(0.0) as usize;
            if self.main.argi == 0 {
                self.main.argi = 1;
            }
            if self.main.argi >= argc {
                if self.main.used_file {
                    self.main.done = true;
                    return Ok(None);
                }
                self.main.used_file = true;
                self.open_main("-".into()).await?;
                continue;
            }
            let arg = self.argv(self.main.argi);
            self.main.argi += 1;
            if arg.is_empty() {
                continue;
            }
            if let Some((name, val)) = super::assignment(&arg) {
                super::assign_var(self, &name, &val);
                continue;
            }
            self.main.used_file = true;
            self.open_main(arg).await?;
        }
    }

    async fn open_main(&mut self, name: String) -> Result<(), Flow> {
        let fd = if name == "-" || name == "/dev/stdin" {
            Fd::STDIN
        } else {
            match self
                .sys
                .open(&name, OFlags::RDONLY | OFlags::CLOEXEC, 0)
                .await
            {
                Ok(fd) => fd,
                Err(e) => {
                    let _ = self.out.flush(&self.sys).await;
                    self.err
                        .str(&format!("awk: cannot open \"{name}\" ({})\n", e.message()));
                    let _ = self.err.flush(&self.sys).await;
                    self.status = 2;
                    return Ok(());
                }
            }
        };
        self.main.cur = Some(Reader {
            lr: LineReader::new(fd),
            fd,
            pid: None,
        });
        self.set_special(Special::Filename, Value::Str(name));
        self.set_special(Special::Fnr, Value::Num(0.0));
        Ok(())
    }

    /// getline in all its forms: 1 for a record, 0 at end, -1 on error.
    pub async fn getline(&mut self, src: &Source, var: Option<&Expr>) -> Result<Value, Flow> {
        let target = match var {
            Some(v) => Some(self.lref(v).await?),
            None => None,
        };
        let line = match src {
            Source::Main => {
                let Some(l) = self.next_main_record().await? else {
                    return Ok(Value::Num(0.0));
                };
                l
            }
            Source::File(e) | Source::Cmd(e) => {
                let name = self.eval(e).await?.str(&self.convfmt());
                if !self.files.readers.contains_key(&name) {
                    let r = if let Source::Cmd(_) = src {
                        self.out.flush(&self.sys).await.ok();
                        self.files.flush_all(&self.sys).await;
                        let (rd, wr) = self.sys.pipe(OFlags::CLOEXEC).await.map_err(|e| {
                            Flow::Err(format!("cannot make a pipe ({})", e.message()))
                        })?;
                        let pid =
                            spawn_sh(&self.sys, &self.envp, &name, Some((wr, Fd::STDOUT))).await;
                        let _ = self.sys.close(wr).await;
                        Reader {
                            lr: LineReader::new(rd),
                            fd: rd,
                            pid: Some(pid?),
                        }
                    } else {
                        let fd = if name == "-" || name == "/dev/stdin" {
                            Ok(Fd::STDIN)
                        } else {
                            self.sys
                                .open(&name, OFlags::RDONLY | OFlags::CLOEXEC, 0)
                                .await
                        };
                        match fd {
                            Ok(fd) => Reader {
                                lr: LineReader::new(fd),
                                fd,
                                pid: None,
                            },
                            Err(_) => return Ok(Value::Num(-1.0)),
                        }
                    };
                    self.files.readers.insert(name.clone(), r);
                }
                let rs = self.special_str(Special::Rs);
                let Some(r) = self.files.readers.get_mut(&name) else {
                    return Ok(Value::Num(-1.0));
                };
                match read_record(&self.sys, &mut r.lr, &rs).await {
                    Ok(Some(l)) => {
                        if let Source::Cmd(_) = src {
                            let n = self.special(Special::Nr).num();
                            self.set_special(Special::Nr, Value::Num(n + 1.0));
                        }
                        l
                    }
                    Ok(None) => return Ok(Value::Num(0.0)),
                    Err(_) => return Ok(Value::Num(-1.0)),
                }
            }
        };
        match target {
            Some(t) => self.store(&t, Value::input(line))?,
            None => {
                self.rec.set(line);
            }
        }
        Ok(Value::Num(1.0))
    }

    /// system(cmd): run it with output flushed first; its exit status.
    pub async fn system(&mut self, cmd: &str) -> Result<f64, Flow> {
        let _ = self.out.flush(&self.sys).await;
        self.files.flush_all(&self.sys).await;
        let pid = spawn_sh(&self.sys, &self.envp, cmd, None).await?;
        Ok(f64::from(wait(&self.sys, pid).await))
    }
}
