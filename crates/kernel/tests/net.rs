//! Loopback TCP sockets through system calls: socket/bind/listen/connect/accept, data both
//! ways, end of file and EPIPE, the errors of the man pages, poll readiness, and the port
//! events hosts receive.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{ROOT, T};
use wosix_abi::call::poll::{POLLHUP, POLLIN, POLLOUT};
use wosix_abi::net::{AF_INET, AF_INET6, SOCK_DGRAM, SOCK_STREAM};
use wosix_abi::{
    Call, Errno, Fd, OFlags, Pid, Ret, ShutdownHow, SigAction, Signal, SockAddr, WaitOptions,
    WaitStatus,
};
use wosix_kernel::{Event, SysError, WaitOn};

fn socket(t: &mut T, pid: Pid, flags: OFlags) -> Fd {
    match t.ok(
        pid,
        Call::Socket {
            domain: AF_INET,
            ty: SOCK_STREAM,
            protocol: 0,
            flags,
        },
    ) {
        Ret::Fd(fd) => fd,
        other => panic!("{other:?}"),
    }
}

/// A listening socket of `pid` on `port`.
fn listener(t: &mut T, pid: Pid, port: u16) -> Fd {
    let s = socket(t, pid, OFlags::empty());
    t.ok(
        pid,
        Call::Bind {
            fd: s,
            addr: SockAddr::new([0, 0, 0, 0], port),
        },
    );
    t.ok(pid, Call::Listen { fd: s, backlog: 8 });
    s
}

fn connect(t: &mut T, pid: Pid, port: u16) -> Fd {
    let c = socket(t, pid, OFlags::empty());
    t.ok(
        pid,
        Call::Connect {
            fd: c,
            addr: SockAddr::loopback(port),
        },
    );
    c
}

fn accept(t: &mut T, pid: Pid, l: Fd) -> (Fd, SockAddr) {
    match t.ok(
        pid,
        Call::Accept {
            fd: l,
            flags: OFlags::empty(),
        },
    ) {
        Ret::Accept(fd, peer) => (fd, peer),
        other => panic!("{other:?}"),
    }
}

fn write(t: &mut T, pid: Pid, fd: Fd, data: &[u8]) -> Result<Ret, SysError> {
    t.call(
        pid,
        Call::Write {
            fd,
            data: data.to_vec(),
        },
    )
}

fn read(t: &mut T, pid: Pid, fd: Fd) -> Vec<u8> {
    match t.ok(pid, Call::Read { fd, len: 1 << 20 }) {
        Ret::Bytes(b) => b,
        other => panic!("{other:?}"),
    }
}

fn port_events(t: &mut T) -> Vec<(u16, bool)> {
    t.k.take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Port { port, open } => Some((port, open)),
            _ => None,
        })
        .collect()
}

fn poll(t: &mut T, pid: Pid, fd: Fd) -> u16 {
    match t.ok(
        pid,
        Call::Poll {
            fds: vec![(fd, POLLIN | POLLOUT)],
            timeout_ms: Some(0),
        },
    ) {
        Ret::Poll(r) => r[0],
        other => panic!("{other:?}"),
    }
}

#[test]
fn connect_accept_and_talk_both_ways() {
    let mut t = T::new();
    let srv = t.user(1000);
    let cli = t.user(1000);
    t.ok(
        cli,
        Call::Sigaction {
            sig: Signal::SIGPIPE,
            action: SigAction::Ignore,
        },
    );
    let l = listener(&mut t, srv, 3000);
    assert_eq!(poll(&mut t, srv, l), 0);
    assert_eq!(
        t.call(
            srv,
            Call::Accept {
                fd: l,
                flags: OFlags::empty()
            }
        ),
        Err(SysError::Block(WaitOn::Socket(1)))
    );
    let c = connect(&mut t, cli, 3000);
    assert_eq!(poll(&mut t, srv, l), POLLIN);
    let (a, peer) = accept(&mut t, srv, l);
    // The client got an ephemeral port; both ends agree on the addresses.
    assert_eq!(peer.ip, [127, 0, 0, 1]);
    assert!(peer.port.0 >= 32768);
    assert_eq!(t.ok(cli, Call::Getsockname { fd: c }), Ret::SockAddr(peer));
    assert_eq!(
        t.ok(cli, Call::Getpeername { fd: c }),
        Ret::SockAddr(SockAddr::loopback(3000))
    );
    assert_eq!(
        t.ok(srv, Call::Getsockname { fd: l }),
        Ret::SockAddr(SockAddr::new([0, 0, 0, 0], 3000))
    );
    // Data both ways.
    assert_eq!(poll(&mut t, srv, a), POLLOUT);
    assert_eq!(write(&mut t, cli, c, b"GET /\n"), Ok(Ret::Int(6)));
    assert_eq!(poll(&mut t, srv, a), POLLIN | POLLOUT);
    assert_eq!(read(&mut t, srv, a), b"GET /\n");
    assert_eq!(
        t.call(srv, Call::Read { fd: a, len: 10 }),
        Err(SysError::Block(WaitOn::Socket(3)))
    );
    write(&mut t, srv, a, b"200 OK\n").unwrap();
    assert_eq!(read(&mut t, cli, c), b"200 OK\n");
    // shutdown(SHUT_WR): the peer reads end of file but can still answer.
    t.ok(
        cli,
        Call::Shutdown {
            fd: c,
            how: ShutdownHow::Write,
        },
    );
    assert_eq!(read(&mut t, srv, a), b"");
    write(&mut t, srv, a, b"bye").unwrap();
    assert_eq!(read(&mut t, cli, c), b"bye");
    assert_eq!(
        t.err(
            cli,
            Call::Write {
                fd: c,
                data: b"x".to_vec()
            }
        ),
        Errno::EPIPE
    );
    // Closing the server's end: the client reads end of file and is hung up.
    t.ok(srv, Call::Close { fd: a });
    assert_eq!(read(&mut t, cli, c), b"");
    assert_eq!(poll(&mut t, cli, c) & POLLHUP, POLLHUP);
}

#[test]
fn write_to_closed_peer_is_epipe_and_sigpipe() {
    let mut t = T::new();
    let srv = t.user(1000);
    let cli = t.user(1000);
    let l = listener(&mut t, srv, 8080);
    let c = connect(&mut t, cli, 8080);
    let (a, _) = accept(&mut t, srv, l);
    t.ok(srv, Call::Close { fd: a });
    assert_eq!(
        t.err(
            cli,
            Call::Write {
                fd: c,
                data: b"x".to_vec()
            }
        ),
        Errno::EPIPE
    );
    assert!(!t.k.process_alive(cli));
    assert_eq!(
        t.ok(
            ROOT,
            Call::Waitpid {
                pid: cli.0 as i32,
                options: WaitOptions::empty()
            }
        ),
        Ret::Wait(Some((cli, WaitStatus::Signaled(Signal::SIGPIPE, false))))
    );
}

#[test]
fn errors_follow_the_man_pages() {
    let mut t = T::new();
    let u = t.user(1000);
    let sock = |domain, ty| Call::Socket {
        domain,
        ty,
        protocol: 0,
        flags: OFlags::empty(),
    };
    assert_eq!(t.err(u, sock(AF_INET6, SOCK_STREAM)), Errno::EAFNOSUPPORT);
    assert_eq!(t.err(u, sock(AF_INET, SOCK_DGRAM)), Errno::ESOCKTNOSUPPORT);
    assert_eq!(
        t.err(
            u,
            Call::Socket {
                domain: AF_INET,
                ty: SOCK_STREAM,
                protocol: 17,
                flags: OFlags::empty()
            }
        ),
        Errno::EPROTONOSUPPORT
    );
    // Nothing listens: ECONNREFUSED; another network: ENETUNREACH.
    let c = socket(&mut t, u, OFlags::empty());
    let to = |addr| Call::Connect { fd: c, addr };
    assert_eq!(t.err(u, to(SockAddr::loopback(3000))), Errno::ECONNREFUSED);
    assert_eq!(
        t.err(u, to(SockAddr::new([10, 0, 0, 1], 80))),
        Errno::ENETUNREACH
    );
    // Privileged ports need root; a taken port is EADDRINUSE; binding twice EINVAL.
    let b = |fd, port| Call::Bind {
        fd,
        addr: SockAddr::new([127, 0, 0, 1], port),
    };
    assert_eq!(t.err(u, b(c, 80)), Errno::EACCES);
    let root_sock = socket(&mut t, ROOT, OFlags::empty());
    t.ok(ROOT, b(root_sock, 80));
    t.ok(u, b(c, 3000));
    assert_eq!(t.err(u, b(c, 3001)), Errno::EINVAL);
    let d = socket(&mut t, u, OFlags::empty());
    assert_eq!(t.err(u, b(d, 3000)), Errno::EADDRINUSE);
    assert_eq!(
        t.err(
            u,
            Call::Bind {
                fd: d,
                addr: SockAddr::new([192, 168, 0, 1], 4000)
            }
        ),
        Errno::EADDRNOTAVAIL
    );
    // Not connected: ENOTCONN for read, getpeername and shutdown; accept on a non-listener
    // is EINVAL; socket calls on a pipe are ENOTSOCK.
    assert_eq!(t.err(u, Call::Read { fd: d, len: 1 }), Errno::ENOTCONN);
    assert_eq!(t.err(u, Call::Getpeername { fd: d }), Errno::ENOTCONN);
    assert_eq!(
        t.err(
            u,
            Call::Shutdown {
                fd: d,
                how: ShutdownHow::Both
            }
        ),
        Errno::ENOTCONN
    );
    assert_eq!(
        t.err(
            u,
            Call::Accept {
                fd: d,
                flags: OFlags::empty()
            }
        ),
        Errno::EINVAL
    );
    assert_eq!(
        t.ok(u, Call::Getsockname { fd: d }),
        Ret::SockAddr(SockAddr::UNSPECIFIED)
    );
    let Ret::FdPair(pr, _) = t.ok(
        u,
        Call::Pipe {
            flags: OFlags::empty(),
        },
    ) else {
        panic!()
    };
    assert_eq!(
        t.err(u, Call::Listen { fd: pr, backlog: 1 }),
        Errno::ENOTSOCK
    );
    // Connected twice: EISCONN.
    t.ok(u, Call::Listen { fd: c, backlog: 1 });
    let e = connect(&mut t, u, 3000);
    assert_eq!(
        t.err(
            u,
            Call::Connect {
                fd: e,
                addr: SockAddr::loopback(3000)
            }
        ),
        Errno::EISCONN
    );
}

#[test]
fn nonblocking_accept_and_full_backlog() {
    let mut t = T::new();
    let u = t.user(1000);
    let l = socket(&mut t, u, OFlags::NONBLOCK);
    t.ok(u, Call::Listen { fd: l, backlog: 1 });
    // listen(2) on an unbound socket picks an ephemeral port.
    let Ret::SockAddr(a) = t.ok(u, Call::Getsockname { fd: l }) else {
        panic!()
    };
    assert!(a.port.0 >= 32768);
    assert_eq!(
        t.err(
            u,
            Call::Accept {
                fd: l,
                flags: OFlags::empty()
            }
        ),
        Errno::EAGAIN
    );
    // backlog 1 holds two connections (Linux's backlog + 1); a third waits, or EAGAIN.
    connect(&mut t, u, a.port.0);
    connect(&mut t, u, a.port.0);
    let c = socket(&mut t, u, OFlags::empty());
    let to = Call::Connect {
        fd: c,
        addr: SockAddr::loopback(a.port.0),
    };
    assert!(matches!(
        t.call(u, to.clone()),
        Err(SysError::Block(WaitOn::Socket(_)))
    ));
    let (first, _) = accept(&mut t, u, l);
    t.ok(u, to);
    // The accepted descriptor does not inherit O_NONBLOCK (accept4(2)).
    assert!(matches!(
        t.call(u, Call::Read { fd: first, len: 1 }),
        Err(SysError::Block(_))
    ));
}

#[test]
fn port_events_on_listen_close_and_exit() {
    let mut t = T::new();
    let u = t.user(1000);
    t.k.take_events();
    let l = listener(&mut t, u, 3000);
    assert_eq!(port_events(&mut t), vec![(3000, true)]);
    assert_eq!(t.k.listening_ports(), vec![3000]);
    // Listening again only changes the backlog; a dup keeps the port open.
    t.ok(u, Call::Listen { fd: l, backlog: 2 });
    let d = match t.ok(u, Call::Dup { fd: l }) {
        Ret::Fd(d) => d,
        other => panic!("{other:?}"),
    };
    t.ok(u, Call::Close { fd: l });
    assert_eq!(port_events(&mut t), vec![]);
    t.ok(u, Call::Close { fd: d });
    assert_eq!(port_events(&mut t), vec![(3000, false)]);
    // The port is free again; a process that exits closes its listener.
    listener(&mut t, u, 3000);
    let s2 = t.user(1000);
    let c = connect(&mut t, s2, 3000);
    port_events(&mut t);
    t.ok(u, Call::Exit { status: 0 });
    assert_eq!(port_events(&mut t), vec![(3000, false)]);
    assert!(t.k.listening_ports().is_empty());
    // The connection nobody accepted is gone: its client reads end of file.
    assert_eq!(read(&mut t, s2, c), b"");
    // Ignoring SIGPIPE leaves only EPIPE.
    t.ok(
        s2,
        Call::Sigaction {
            sig: Signal::SIGPIPE,
            action: SigAction::Ignore,
        },
    );
    assert_eq!(
        t.err(
            s2,
            Call::Write {
                fd: c,
                data: b"x".to_vec()
            }
        ),
        Errno::EPIPE
    );
    assert!(t.k.process_alive(s2));
}

#[test]
fn sockets_survive_a_snapshot() {
    let mut t = T::new();
    let u = t.user(1000);
    let l = listener(&mut t, u, 5000);
    let c = connect(&mut t, u, 5000);
    write(&mut t, u, c, b"kept").unwrap();
    let bytes = t.k.snapshot();
    t.k = wosix_kernel::Kernel::restore(&bytes).expect("restore");
    let (a, _) = accept(&mut t, u, l);
    assert_eq!(read(&mut t, u, a), b"kept");
    assert_eq!(t.k.listening_ports(), vec![5000]);
}
