//! System utilities: process inspection and signalling (ps, kill), identity and accounts (id,
//! su, login, passwd…), the terminal (stty, tty, clear) and machine information (uname,
//! uptime, free…) and the network (nc). Each program or small family has a submodule; this file registers them.

use crate::{Program, program};

pub mod auth;
pub mod ident;
pub mod kill;
pub mod load;
pub mod misc;
pub mod nc;
pub mod passwd;
pub mod pgrep;
pub mod procfs;
pub mod ps;
pub mod ps_fmt;
pub mod stty;
pub mod stty_modes;
pub mod su;
pub mod timeout;

/// Programs of this file.
pub const PROGRAMS: &[Program] = &[
    program!("ps", "/bin", ps::ps),
    program!("kill", "/bin", kill::kill),
    program!("id", "/usr/bin", ident::id),
    program!("whoami", "/usr/bin", ident::whoami),
    program!("groups", "/usr/bin", ident::groups),
    program!("logname", "/usr/bin", ident::logname),
    program!("getent", "/usr/bin", ident::getent),
    program!("su", "/bin", 0o4755, su::su),
    program!("login", "/bin", su::login),
    program!("passwd", "/usr/bin", 0o4755, passwd::passwd),
    program!("uname", "/bin", misc::uname),
    program!("hostname", "/bin", misc::hostname),
    program!("tty", "/usr/bin", misc::tty),
    program!("clear", "/usr/bin", misc::clear),
    program!("nproc", "/usr/bin", misc::nproc),
    program!("printenv", "/usr/bin", misc::printenv),
    program!("sync", "/bin", misc::sync),
    program!("stty", "/bin", stty::stty),
    program!("uptime", "/usr/bin", load::uptime),
    program!("free", "/usr/bin", load::free),
    program!("nc", "/usr/bin", nc::nc),
    program!("timeout", "/usr/bin", timeout::timeout),
    program!("pgrep", "/usr/bin", pgrep::pgrep),
    program!("pkill", "/usr/bin", pgrep::pkill),
];

#[cfg(test)]
mod e2e_net;
#[cfg(test)]
mod e2e_pgrep;
#[cfg(test)]
mod e2e_tests;
#[cfg(test)]
mod e2e_timeout;
