//! The host terminal during an interactive session: raw mode (so that ^C, ^Z and every key
//! reach the machine's line discipline instead of the host's), restored on exit and on panic;
//! the host window size; SIGTERM/SIGHUP caught so the terminal is restored before exiting;
//! and SIGWINCH caught natively (signal-hook) and turned into resize
//! requests in a [`HostQueue`].

use std::io::IsTerminal;
use std::sync::{Arc, Once};
use wosix_abi::Winsize;
use wosix_runtime::HostQueue;

/// Raw mode on the host terminal while this guard lives.
pub struct RawMode {
    on: bool,
}

impl RawMode {
    /// Put the host terminal in raw mode if stdin is a terminal (otherwise do nothing).
    pub fn enable() -> RawMode {
        if !std::io::stdin().is_terminal() {
            return RawMode { on: false };
        }
        install_panic_hook();
        let on = crossterm::terminal::enable_raw_mode().is_ok();
        if on {
            restore_on_termination();
        }
        RawMode { on }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        if self.on {
            let _ = crossterm::terminal::disable_raw_mode();
        }
    }
}

/// Leave raw mode before a panic message is printed, so the message is readable and the
/// host shell usable afterwards.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::terminal::disable_raw_mode();
            prev(info);
        }));
    });
}

/// Leave raw mode when the host asks us to end (SIGTERM, SIGHUP): the process then exits with
/// 128+N, as the signal's default action would have, but leaves a usable terminal behind.
fn restore_on_termination() {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("host-term".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let _ = crossterm::terminal::disable_raw_mode();
                std::process::exit(128 + sig);
            }
        });
}

/// The host terminal's size, if stdout or stdin is a terminal.
pub fn host_size() -> Option<Winsize> {
    if !std::io::stdout().is_terminal() && !std::io::stdin().is_terminal() {
        return None;
    }
    let (cols, rows) = crossterm::terminal::size().ok()?;
    (cols > 0 && rows > 0).then_some(Winsize {
        rows,
        cols,
        xpixel: 0,
        ypixel: 0,
    })
}

/// Start a thread that pushes the new host size into the returned queue at every SIGWINCH.
/// The queue stays empty if the signal cannot be caught.
pub fn watch_resize() -> Arc<HostQueue<Winsize>> {
    let q: Arc<HostQueue<Winsize>> = HostQueue::new();
    let Ok(mut signals) = signal_hook::iterator::Signals::new([signal_hook::consts::SIGWINCH])
    else {
        return q;
    };
    let q2 = q.clone();
    let _ = std::thread::Builder::new()
        .name("host-winch".into())
        .spawn(move || {
            for _ in signals.forever() {
                if let Some(ws) = host_size() {
                    q2.push(ws);
                }
            }
        });
    q
}
