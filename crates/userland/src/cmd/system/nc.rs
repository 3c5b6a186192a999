//! nc(1), after OpenBSD netcat: `nc -l [-p] PORT` listens and serves one connection, `nc HOST
//! PORT` connects; either way standard input goes to the socket and the socket to standard
//! output. On end of input the socket's sending half is shut down (the peer reads end of
//! file, like `nc -N`), and nc ends once the peer's side has ended too. `-z` only checks
//! whether something listens (ports may be a range `LO-HI`). The network is the kernel's
//! loopback, so HOST is `localhost` or an IPv4 address.

use crate::Ctx;
use crate::args;
use wosix_abi::call::poll::{POLLERR, POLLHUP, POLLIN};
use wosix_abi::{Errno, Fd, OFlags, ShutdownHow, SigAction, Signal, SockAddr};

const USAGE: &str = "usage: nc [-hklNvz] [-p source_port] [-s sourceaddr] [destination] [port]
\tCommand Summary:
\t\t-h\t\tThis help text
\t\t-k\t\tKeep inbound sockets open for multiple connects
\t\t-l\t\tListen mode, for inbound connects
\t\t-N\t\tShutdown the network socket after EOF on stdin (always on)
\t\t-p port\t\tSpecify local port for remote connects
\t\t-s sourceaddr\tLocal source address
\t\t-v\t\tVerbose
\t\t-z\t\tZero-I/O mode [used for scanning]
\tPort numbers can be individual or ranges: lo-hi [inclusive]
";

/// What the options asked for.
struct Opts {
    listen: bool,
    keep: bool,
    verbose: bool,
    zero: bool,
    source: Option<String>,
    source_port: Option<String>,
}

/// The address of `host`: `localhost` or a dotted quad; `None` if it cannot be resolved.
pub fn resolve(host: &str) -> Option<[u8; 4]> {
    if host.eq_ignore_ascii_case("localhost") || host.eq_ignore_ascii_case("localhost.localdomain")
    {
        return Some([127, 0, 0, 1]);
    }
    SockAddr::parse_ip(host)
}

/// A port operand: `N` or, with `range`, `LO-HI`.
pub fn parse_ports(s: &str, range: bool) -> Result<Vec<u16>, String> {
    let one = |p: &str| -> Result<u16, String> {
        match p.parse::<u16>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("port number invalid: {p}")),
        }
    };
    match s.split_once('-') {
        Some((lo, hi)) if range => {
            let (lo, hi) = (one(lo)?, one(hi)?);
            let (lo, hi) = (lo.min(hi), lo.max(hi));
            Ok((lo..=hi).collect())
        }
        Some(_) => Err("port range not valid".into()),
        None => Ok(vec![one(s)?]),
    }
}

/// nc(1).
pub async fn nc(ctx: &mut Ctx) -> i32 {
    let p = match args::parse(&ctx.argv[1..], "hklNvznp:s:w:", &["help"], true) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            ctx.err.str(USAGE);
            return 1;
        }
    };
    if p.has('h') || p.has_long("help") {
        ctx.out.str(USAGE);
        return 0;
    }
    let o = Opts {
        listen: p.has('l'),
        keep: p.has('k'),
        verbose: p.has('v'),
        zero: p.has('z'),
        source: p.value('s').map(str::to_string),
        source_port: p.value('p').map(str::to_string),
    };
    // A peer that goes away must not kill us with SIGPIPE: EPIPE ends the copy instead.
    let _ = ctx.sys.sigaction(Signal::SIGPIPE, SigAction::Ignore).await;
    if o.listen {
        listen(ctx, &o, &p.operands).await
    } else {
        connect(ctx, &o, &p.operands).await
    }
}

async fn listen(ctx: &mut Ctx, o: &Opts, operands: &[String]) -> i32 {
    // `nc -l PORT`, `nc -l HOST PORT`, `nc -l -p PORT` (traditional netcat).
    let (host, port) = match (operands, &o.source_port) {
        ([], Some(p)) => (o.source.clone(), p.clone()),
        ([p], None) => (o.source.clone(), p.clone()),
        ([h, p], None) => (Some(h.clone()), p.clone()),
        _ => {
            ctx.err.str(USAGE);
            return 1;
        }
    };
    let port = match parse_ports(&port, false) {
        Ok(v) => v[0],
        Err(e) => {
            ctx.error(&e);
            return 1;
        }
    };
    let ip = match host.as_deref().map(|h| (h, resolve(h))) {
        None => [0, 0, 0, 0],
        Some((_, Some(ip))) => ip,
        Some((h, None)) => {
            ctx.error(&format!(
                "getaddrinfo for host \"{h}\" port {port}: Name or service not known"
            ));
            return 1;
        }
    };
    let sys = ctx.sys.clone();
    let s = match sys.socket(OFlags::CLOEXEC).await {
        Ok(s) => s,
        Err(e) => {
            ctx.error(e.message());
            return 1;
        }
    };
    let setup = async {
        sys.bind(s, SockAddr::new(ip, port)).await?;
        sys.listen(s, 1).await
    };
    if let Err(e) = setup.await {
        ctx.error(e.message());
        return 1;
    }
    if o.verbose {
        let [a, b, c, d] = ip;
        ctx.err
            .line(&format!("Listening on {a}.{b}.{c}.{d} {port}"));
        ctx.flush().await;
    }
    loop {
        let (conn, peer) = match sys.accept(s, OFlags::CLOEXEC).await {
            Ok(c) => c,
            Err(e) => {
                ctx.error(e.message());
                return 1;
            }
        };
        if o.verbose {
            let [a, b, c, d] = peer.ip;
            let name = if peer.ip == [127, 0, 0, 1] {
                "localhost".to_string()
            } else {
                format!("{a}.{b}.{c}.{d}")
            };
            ctx.err
                .line(&format!("Connection received on {name} {}", peer.port));
            ctx.flush().await;
        }
        let r = copy(ctx, conn).await;
        let _ = sys.close(conn).await;
        if !o.keep || r != 0 {
            return r;
        }
    }
}

async fn connect(ctx: &mut Ctx, o: &Opts, operands: &[String]) -> i32 {
    let [host, port] = operands else {
        ctx.err.str(USAGE);
        return 1;
    };
    let ports = match parse_ports(port, true) {
        Ok(v) if v.len() == 1 || o.zero => v,
        Ok(_) => {
            ctx.error("port range not valid");
            return 1;
        }
        Err(e) => {
            ctx.error(&e);
            return 1;
        }
    };
    let Some(ip) = resolve(host) else {
        ctx.error(&format!(
            "getaddrinfo for host \"{host}\" port {port}: Name or service not known"
        ));
        return 1;
    };
    let sys = ctx.sys.clone();
    let mut status = 1;
    for port in ports {
        let s = match sys.socket(OFlags::CLOEXEC).await {
            Ok(s) => s,
            Err(e) => {
                ctx.error(e.message());
                return 1;
            }
        };
        let r = async {
            if o.source.is_some() || o.source_port.is_some() {
                let sip = match &o.source {
                    Some(h) => resolve(h).ok_or(Errno::EADDRNOTAVAIL)?,
                    None => [0, 0, 0, 0],
                };
                let sport = match &o.source_port {
                    Some(p) => p.parse::<u16>().map_err(|_| Errno::EINVAL)?,
                    None => 0,
                };
                sys.bind(s, SockAddr::new(sip, sport)).await?;
            }
            sys.connect(s, SockAddr::new(ip, port)).await
        }
        .await;
        match r {
            Err(e) => {
                if !o.zero || o.verbose {
                    ctx.error(&format!(
                        "connect to {host} port {port} (tcp) failed: {}",
                        e.message()
                    ));
                }
            }
            Ok(()) => {
                if o.verbose {
                    let [a, b, c, d] = ip;
                    ctx.err.line(&format!(
                        "Connection to {host} ({a}.{b}.{c}.{d}) {port} port [tcp/*] succeeded!"
                    ));
                    ctx.flush().await;
                }
                status = if o.zero { 0 } else { copy(ctx, s).await };
            }
        }
        let _ = sys.close(s).await;
    }
    status
}

/// Copy standard input to `sock` and `sock` to standard output until both directions ended:
/// end of input shuts down the socket's sending half; the peer's end of file (or EPIPE)
/// ends the other direction.
async fn copy(ctx: &mut Ctx, sock: Fd) -> i32 {
    let sys = ctx.sys.clone();
    let (mut input_done, mut net_done) = (false, false);
    while !(input_done && net_done) {
        let mut fds = Vec::new();
        if !input_done {
            fds.push((Fd::STDIN, POLLIN));
        }
        if !net_done {
            fds.push((sock, POLLIN));
        }
        let rev = match sys.poll(fds.clone(), None).await {
            Ok(r) => r,
            Err(Errno::EINTR) => continue,
            Err(e) => {
                ctx.error(e.message());
                return 1;
            }
        };
        for ((fd, _), r) in fds.into_iter().zip(rev) {
            if r & (POLLIN | POLLHUP | POLLERR) == 0 {
                continue;
            }
            if fd == sock {
                match sys.read_vec(sock, 65536).await {
                    Ok(b) if !b.is_empty() => {
                        if sys.write_all(Fd::STDOUT, &b).await.is_err() {
                            return 1;
                        }
                    }
                    _ => net_done = true,
                }
            } else {
                match sys.read_vec(Fd::STDIN, 65536).await {
                    Ok(b) if !b.is_empty() => match sys.write_all(sock, &b).await {
                        Ok(()) => {}
                        Err(_) => input_done = true,
                    },
                    _ => {
                        input_done = true;
                        let _ = sys.shutdown(sock, ShutdownHow::Write).await;
                    }
                }
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_ports() {
        assert_eq!(resolve("localhost"), Some([127, 0, 0, 1]));
        assert_eq!(resolve("0.0.0.0"), Some([0, 0, 0, 0]));
        assert_eq!(resolve("example.com"), None);
        assert_eq!(parse_ports("3000", false), Ok(vec![3000]));
        assert_eq!(parse_ports("5-3", true), Ok(vec![3, 4, 5]));
        assert!(parse_ports("0", false).is_err());
        assert!(parse_ports("1-2", false).is_err());
        assert!(parse_ports("x", true).is_err());
    }
}
