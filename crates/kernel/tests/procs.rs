//! Processes, pipes, signals and job control through system calls, including a scripted
//! terminal driving a pty.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{ROOT, T};
use wosix_abi::call::poll::POLLIN;
use wosix_abi::termios::lflag;
use wosix_abi::{
    Call, Errno, Fd, FileAction, OFlags, Pid, Ret, SigAction, SigHow, SigSet, Signal, SpawnAttrs,
    WaitOptions, WaitStatus,
};
use wosix_kernel::{SysError, WaitOn};

fn pipe(t: &mut T, pid: Pid) -> (Fd, Fd) {
    match t.ok(
        pid,
        Call::Pipe {
            flags: OFlags::empty(),
        },
    ) {
        Ret::FdPair(r, w) => (r, w),
        other => panic!("{other:?}"),
    }
}

#[test]
fn pipe_eof_capacity_and_epipe() {
    let mut t = T::new();
    let p = t.user(1000);
    let (r, w) = pipe(&mut t, p);
    assert_eq!(
        t.call(p, Call::Read { fd: r, len: 10 }),
        Err(SysError::Block(WaitOn::PipeReadable(1)))
    );
    // Fill to exactly 64 KiB; the next write blocks.
    let mut total = 0;
    while let Ok(Ret::Int(n)) = t.call(
        p,
        Call::Write {
            fd: w,
            data: vec![7; 10000],
        },
    ) {
        total += n as usize;
    }
    assert_eq!(total, 65536);
    assert!(matches!(
        t.call(
            p,
            Call::Write {
                fd: w,
                data: vec![1]
            }
        ),
        Err(SysError::Block(WaitOn::PipeWritable(_)))
    ));
    // Drain and close the writer: data then end of file.
    let mut got = 0;
    t.ok(p, Call::Close { fd: w });
    loop {
        match t.ok(p, Call::Read { fd: r, len: 65536 }) {
            Ret::Bytes(b) if b.is_empty() => break,
            Ret::Bytes(b) => got += b.len(),
            _ => panic!(),
        }
    }
    assert_eq!(got, 65536);
    // Writing with no reader: EPIPE and SIGPIPE (which kills by default).
    let (r, w) = pipe(&mut t, p);
    t.ok(p, Call::Close { fd: r });
    assert_eq!(
        t.err(
            p,
            Call::Write {
                fd: w,
                data: b"x".to_vec()
            }
        ),
        Errno::EPIPE
    );
    assert!(!t.k.process_alive(p));
    assert_eq!(
        t.ok(
            ROOT,
            Call::Waitpid {
                pid: p.0 as i32,
                options: WaitOptions::empty()
            }
        ),
        Ret::Wait(Some((p, WaitStatus::Signaled(Signal::SIGPIPE, false))))
    );
}

#[test]
fn sigpipe_ignored_gives_only_epipe() {
    let mut t = T::new();
    let p = t.user(1000);
    t.ok(
        p,
        Call::Sigaction {
            sig: Signal::SIGPIPE,
            action: SigAction::Ignore,
        },
    );
    let (r, w) = pipe(&mut t, p);
    t.ok(p, Call::Close { fd: r });
    assert_eq!(
        t.err(
            p,
            Call::Write {
                fd: w,
                data: b"x".to_vec()
            }
        ),
        Errno::EPIPE
    );
    assert!(t.k.process_alive(p));
}

#[test]
fn wait_reports_exit_stop_continue_and_reaps() {
    let mut t = T::new();
    let parent = t.user(1000);
    let child = t.spawn_as(parent, 1000, SpawnAttrs::default());
    let all = WaitOptions::WUNTRACED | WaitOptions::WCONTINUED | WaitOptions::WNOHANG;
    assert_eq!(
        t.ok(
            parent,
            Call::Waitpid {
                pid: -1,
                options: all
            }
        ),
        Ret::Wait(None)
    );
    t.ok(
        parent,
        Call::Kill {
            pid: child.0 as i32,
            sig: Some(Signal::SIGSTOP),
        },
    );
    assert_eq!(
        t.ok(
            parent,
            Call::Waitpid {
                pid: -1,
                options: all
            }
        ),
        Ret::Wait(Some((child, WaitStatus::Stopped(Signal::SIGSTOP))))
    );
    // A stopped process's calls block until SIGCONT.
    assert_eq!(
        t.call(child, Call::Getpid),
        Err(SysError::Block(WaitOn::Signal(child)))
    );
    t.ok(
        parent,
        Call::Kill {
            pid: child.0 as i32,
            sig: Some(Signal::SIGCONT),
        },
    );
    assert_eq!(
        t.ok(
            parent,
            Call::Waitpid {
                pid: -1,
                options: all
            }
        ),
        Ret::Wait(Some((child, WaitStatus::Continued)))
    );
    t.ok(child, Call::Exit { status: 3 });
    assert_eq!(
        t.ok(
            parent,
            Call::Waitpid {
                pid: child.0 as i32,
                options: WaitOptions::empty()
            }
        ),
        Ret::Wait(Some((child, WaitStatus::Exited(3))))
    );
    assert_eq!(
        t.err(
            parent,
            Call::Waitpid {
                pid: -1,
                options: WaitOptions::empty()
            }
        ),
        Errno::ECHILD
    );
    assert!(
        t.call(
            parent,
            Call::Waitpid {
                pid: -1,
                options: WaitOptions::empty()
            }
        )
        .is_err()
    );
}

#[test]
fn orphans_go_to_init() {
    let mut t = T::new();
    let a = t.user(1000);
    let b = t.spawn_as(a, 1000, SpawnAttrs::default());
    t.ok(a, Call::Exit { status: 0 });
    assert_eq!(t.ok(b, Call::Getppid), Ret::Pid(ROOT));
}

#[test]
fn kill_permission() {
    let mut t = T::new();
    let a = t.user(1000);
    let b = t.user(1001);
    assert_eq!(
        t.err(
            a,
            Call::Kill {
                pid: b.0 as i32,
                sig: Some(Signal::SIGTERM)
            }
        ),
        Errno::EPERM
    );
    assert_eq!(
        t.err(
            a,
            Call::Kill {
                pid: 9999,
                sig: None
            }
        ),
        Errno::ESRCH
    );
    t.ok(
        ROOT,
        Call::Kill {
            pid: b.0 as i32,
            sig: Some(Signal::SIGTERM),
        },
    );
    assert!(!t.k.process_alive(b));
    assert!(t.k.process_alive(a));
}

#[test]
fn caught_signals_interrupt_blocking_calls() {
    let mut t = T::new();
    let p = t.user(1000);
    t.ok(
        p,
        Call::Sigaction {
            sig: Signal::SIGINT,
            action: SigAction::Catch,
        },
    );
    assert!(matches!(
        t.call(
            p,
            Call::Nanosleep {
                nanos: 1_000_000_000
            }
        ),
        Err(SysError::Block(_))
    ));
    t.ok(
        ROOT,
        Call::Kill {
            pid: p.0 as i32,
            sig: Some(Signal::SIGINT),
        },
    );
    assert_eq!(
        t.err(
            p,
            Call::Nanosleep {
                nanos: 1_000_000_000
            }
        ),
        Errno::EINTR
    );
    assert_eq!(t.ok(p, Call::TakeSignal), Ret::Signal(Some(Signal::SIGINT)));
    // Blocked signals stay pending until unblocked.
    t.ok(
        p,
        Call::Sigprocmask {
            how: SigHow::Block,
            set: SigSet::of(Signal::SIGTERM),
        },
    );
    t.ok(
        ROOT,
        Call::Kill {
            pid: p.0 as i32,
            sig: Some(Signal::SIGTERM),
        },
    );
    assert!(t.k.process_alive(p));
    t.ok(
        p,
        Call::Sigprocmask {
            how: SigHow::Unblock,
            set: SigSet::of(Signal::SIGTERM),
        },
    );
    assert!(!t.k.process_alive(p));
}

#[test]
fn nanosleep_and_poll_timeouts_follow_the_clock() {
    let mut t = T::new();
    let p = t.user(1000);
    assert!(matches!(
        t.call(p, Call::Nanosleep { nanos: 5_000_000 }),
        Err(SysError::Block(WaitOn::Timer(_)))
    ));
    t.advance(4_000_000);
    assert!(t.call(p, Call::Nanosleep { nanos: 5_000_000 }).is_err());
    t.advance(2_000_000);
    assert_eq!(t.ok(p, Call::Nanosleep { nanos: 5_000_000 }), Ret::Unit);
    let (r, _w) = pipe(&mut t, p);
    assert!(
        t.call(
            p,
            Call::Poll {
                fds: vec![(r, POLLIN)],
                timeout_ms: Some(10)
            }
        )
        .is_err()
    );
    t.advance(11_000_000);
    assert_eq!(
        t.ok(
            p,
            Call::Poll {
                fds: vec![(r, POLLIN)],
                timeout_ms: Some(10)
            }
        ),
        Ret::Poll(vec![0])
    );
}

/// A scripted terminal: a session on a pty, a foreground job, ^C, ^Z, bg/fg, SIGTTIN.
#[test]
fn job_control_through_a_pty() {
    let mut t = T::new();
    let Ret::Fd(m) = t.ok(
        ROOT,
        Call::Open {
            dir: None,
            path: "/dev/ptmx".into(),
            flags: OFlags::RDWR,
            mode: 0,
        },
    ) else {
        panic!()
    };
    let Ret::Int(n) = t.ok(ROOT, Call::Ptsname { fd: m }) else {
        panic!()
    };
    let slave = format!("/dev/pts/{n}");
    // The shell: session leader with the pty as controlling terminal.
    let req = wosix_abi::SpawnRequest {
        path: "/bin/prog".into(),
        argv: vec!["sh".into()],
        envp: vec![],
        file_actions: vec![
            FileAction::Open {
                fd: Fd(0),
                path: slave.clone(),
                flags: OFlags::RDWR,
                mode: 0,
            },
            FileAction::Dup2 {
                from: Fd(0),
                to: Fd(1),
            },
        ],
        attrs: SpawnAttrs {
            setsid: true,
            ctty: Some(Fd(0)),
            ..Default::default()
        },
    };
    let Ret::Pid(sh) = t.ok(ROOT, Call::Spawn(req)) else {
        panic!()
    };
    assert_eq!(
        t.ok(sh, Call::Ttyname { fd: Fd(0) }),
        Ret::Str(slave.clone())
    );
    t.ok(
        sh,
        Call::Sigaction {
            sig: Signal::SIGTTOU,
            action: SigAction::Ignore,
        },
    );
    t.ok(
        sh,
        Call::Sigaction {
            sig: Signal::SIGINT,
            action: SigAction::Ignore,
        },
    );
    // Canonical input with echo and erase.
    t.ok(
        ROOT,
        Call::Write {
            fd: m,
            data: b"ls -x\x7fl\r".to_vec(),
        },
    );
    assert_eq!(
        t.ok(
            sh,
            Call::Read {
                fd: Fd(0),
                len: 100
            }
        ),
        Ret::Bytes(b"ls -l\n".to_vec())
    );
    let Ret::Bytes(echo) = t.ok(ROOT, Call::Read { fd: m, len: 100 }) else {
        panic!()
    };
    assert_eq!(echo, b"ls -x\x08 \x08l\r\n");
    // A foreground job in its own group.
    // The shell resets the signals it ignores to their defaults in the job (sigdefault).
    let mut dfl = SigSet::of(Signal::SIGINT);
    dfl.insert(Signal::SIGTTOU);
    let job = t.spawn_as(
        sh,
        0,
        SpawnAttrs {
            pgroup: Some(Pid(0)),
            foreground: true,
            sigdefault: dfl,
            ..Default::default()
        },
    );
    assert_eq!(t.ok(sh, Call::Tcgetpgrp { fd: Fd(0) }), Ret::Pid(job));
    // ^Z stops it and the shell sees it stopped.
    t.ok(
        ROOT,
        Call::Write {
            fd: m,
            data: vec![0x1a],
        },
    );
    assert_eq!(
        t.ok(
            sh,
            Call::Waitpid {
                pid: -1,
                options: WaitOptions::WUNTRACED
            }
        ),
        Ret::Wait(Some((job, WaitStatus::Stopped(Signal::SIGTSTP))))
    );
    assert!(t.k.process_alive(sh));
    // The shell takes the terminal back and continues the job in the background (bg).
    t.ok(
        sh,
        Call::Tcsetpgrp {
            fd: Fd(0),
            pgrp: sh,
        },
    );
    t.ok(
        sh,
        Call::Kill {
            pid: -(job.0 as i32),
            sig: Some(Signal::SIGCONT),
        },
    );
    // A background read of the terminal stops the job with SIGTTIN.
    let r = t.call(job, Call::Read { fd: Fd(0), len: 10 });
    assert!(r.is_err());
    assert_eq!(
        t.ok(
            sh,
            Call::Waitpid {
                pid: -1,
                options: WaitOptions::WUNTRACED
            }
        ),
        Ret::Wait(Some((job, WaitStatus::Stopped(Signal::SIGTTIN))))
    );
    // fg: give it the terminal, continue, ^C kills it; the shell (ignoring SIGINT) lives.
    t.ok(
        sh,
        Call::Tcsetpgrp {
            fd: Fd(0),
            pgrp: job,
        },
    );
    t.ok(
        sh,
        Call::Kill {
            pid: -(job.0 as i32),
            sig: Some(Signal::SIGCONT),
        },
    );
    t.ok(
        ROOT,
        Call::Write {
            fd: m,
            data: vec![0x03],
        },
    );
    assert_eq!(
        t.ok(
            sh,
            Call::Waitpid {
                pid: job.0 as i32,
                options: WaitOptions::empty()
            }
        ),
        Ret::Wait(Some((job, WaitStatus::Signaled(Signal::SIGINT, false))))
    );
    assert!(t.k.process_alive(sh));
    t.ok(
        sh,
        Call::Tcsetpgrp {
            fd: Fd(0),
            pgrp: sh,
        },
    );
    // Window size changes reach the foreground group as SIGWINCH; raw mode passes bytes through.
    let Ret::Termios(mut tio) = t.ok(sh, Call::Tcgetattr { fd: Fd(0) }) else {
        panic!()
    };
    tio.make_raw();
    t.ok(
        sh,
        Call::Tcsetattr {
            fd: Fd(0),
            when: wosix_abi::call::SetWhen::Now,
            termios: tio,
        },
    );
    t.ok(
        ROOT,
        Call::Write {
            fd: m,
            data: b"a\x03".to_vec(),
        },
    );
    assert_eq!(
        t.ok(sh, Call::Read { fd: Fd(0), len: 10 }),
        Ret::Bytes(b"a\x03".to_vec())
    );
    assert_eq!(tio.lflag & lflag::ICANON, 0);
    // ^D on an empty canonical line is end of file.
    let Ret::Termios(mut tio) = t.ok(sh, Call::Tcgetattr { fd: Fd(0) }) else {
        panic!()
    };
    tio = wosix_abi::Termios {
        lflag: tio.lflag | lflag::ICANON | lflag::ISIG,
        ..wosix_abi::Termios::default()
    };
    t.ok(
        sh,
        Call::Tcsetattr {
            fd: Fd(0),
            when: wosix_abi::call::SetWhen::Now,
            termios: tio,
        },
    );
    t.ok(
        ROOT,
        Call::Write {
            fd: m,
            data: vec![0x04],
        },
    );
    assert_eq!(
        t.ok(sh, Call::Read { fd: Fd(0), len: 10 }),
        Ret::Bytes(vec![])
    );
    // Closing the master hangs up the session.
    t.ok(ROOT, Call::Close { fd: m });
    assert!(!t.k.process_alive(sh));
}

#[test]
fn setuid_programs_run_as_their_owner() {
    let mut t = T::new();
    t.write_file(
        ROOT,
        "/bin/su",
        &[wosix_abi::spawn::BUILTIN_MAGIC, b"su\n"].concat(),
        0o4755,
    );
    let u = t.user(1000);
    let req = wosix_abi::SpawnRequest {
        path: "/bin/su".into(),
        argv: vec!["su".into()],
        ..Default::default()
    };
    let Ret::Pid(p) = t.ok(u, Call::Spawn(req)) else {
        panic!()
    };
    assert_eq!(t.ok(p, Call::Geteuid), Ret::Int(0));
    assert_eq!(t.ok(p, Call::Getuid), Ret::Int(1000));
    // Not executable: EACCES; not a program: ENOEXEC; missing: ENOENT.
    t.write_file(ROOT, "/tmp/noexec", b"#!wosix-builtin prog\n", 0o644);
    t.write_file(ROOT, "/tmp/data", b"just text", 0o755);
    for (path, e) in [
        ("/tmp/noexec", Errno::EACCES),
        ("/tmp/data", Errno::ENOEXEC),
        ("/tmp/missing", Errno::ENOENT),
        ("nosuchprog", Errno::ENOENT),
    ] {
        let req = wosix_abi::SpawnRequest {
            path: path.into(),
            argv: vec![path.into()],
            envp: vec!["PATH=/bin".into()],
            ..Default::default()
        };
        assert_eq!(t.err(u, Call::Spawn(req)), e, "{path}");
    }
}
