//! The programs the browser host adds to the userland: the file system agent, through which
//! every `fs.*` call of the facade runs as an ordinary process with the workdir owner's
//! credentials (so permissions, ownership and umask are the kernel's own), and
//! `/usr/bin/xdg-open`, which hands its argument to the page as an `xdg-open` event.
//!
//! Both are installed as built-in marker files (`#!wosix-builtin NAME`) and started through
//! [`WebSource`], which passes every other image on to the userland.

use crate::engine::State;
use serde_json::json;
use std::sync::Arc;
use wosix_abi::{Errno, Fd, SigAction, Signal};
use wosix_runtime::kernel::ExecImage;
use wosix_runtime::{ProgramFuture, ProgramSource, Sys};
use wosix_userland::Userland;

/// Built-in name of the file system agent.
pub const AGENT: &str = "wosix-fsd";
/// Where the agent is installed.
pub const AGENT_PATH: &str = "/usr/libexec/wosix-fsd";
/// Built-in name (and file name in /usr/bin) of xdg-open.
pub const XDG_OPEN: &str = "xdg-open";

/// The program source of a browser machine: the userland plus the host's own programs.
pub struct WebSource {
    /// Built-in programs and WebAssembly images.
    pub userland: Userland,
    /// Where the agent registers and events go.
    pub state: Arc<State>,
}

impl ProgramSource for WebSource {
    fn start(
        &self,
        sys: Sys,
        image: &ExecImage,
        argv: Vec<String>,
        envp: Vec<String>,
    ) -> Result<ProgramFuture, Errno> {
        match image {
            ExecImage::Builtin(name) if name == AGENT => {
                Ok(Box::pin(agent(sys, self.state.clone())))
            }
            ExecImage::Builtin(name) if name == XDG_OPEN => {
                Ok(Box::pin(xdg_open(sys, argv, self.state.clone())))
            }
            _ => self.userland.start(sys, image, argv, envp),
        }
    }
}

/// The agent: register this process's handle for the facade's file system calls, then sleep.
/// Host tasks make the calls as this process; it ignores the signals a stray `kill` sends.
async fn agent(sys: Sys, state: Arc<State>) -> i32 {
    for sig in [
        Signal::SIGINT,
        Signal::SIGTERM,
        Signal::SIGHUP,
        Signal::SIGQUIT,
        Signal::SIGPIPE,
    ] {
        let _ = sys.sigaction(sig, SigAction::Ignore).await;
    }
    state.set_agent(Some(sys.clone()));
    loop {
        if sys.pause().await.is_err_and(|e| e != Errno::EINTR) {
            return 1;
        }
    }
}

/// xdg-open(1): ask the page to open a file or URL.
async fn xdg_open(sys: Sys, argv: Vec<String>, state: Arc<State>) -> i32 {
    let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
    let usage = "Usage: xdg-open { file | URL }\n";
    match args.as_slice() {
        ["--help"] => {
            let text = format!(
                "{usage}\nOpens a file or URL in the user's preferred application: the page embedding this\nmachine receives an 'xdg-open' event with the argument.\n"
            );
            let _ = sys.write_all(Fd::STDOUT, text.as_bytes()).await;
            0
        }
        ["--version"] => {
            let _ = sys.write_all(Fd::STDOUT, b"xdg-open 1.2.1 (wosix)\n").await;
            0
        }
        [target] if !target.starts_with('-') => {
            state.emit(json!({"ev": "xdg-open", "text": target}), None);
            0
        }
        [] => {
            let _ = sys.write_all(Fd::STDERR, format!("xdg-open: file or URL argument missing\n{usage}Try 'xdg-open --help' for more information.\n").as_bytes()).await;
            1
        }
        _ => {
            let _ = sys.write_all(Fd::STDERR, format!("xdg-open: unexpected argument\n{usage}Try 'xdg-open --help' for more information.\n").as_bytes()).await;
            1
        }
    }
}
