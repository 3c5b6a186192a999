//! File utilities: ls, cp, mv, rm, chmod, find and friends, one submodule per program or
//! small family, registered here.

use crate::{Program, program};

pub mod cat;
pub mod chmod;
pub mod chown;
pub mod common;
pub mod copy;
pub mod cp;
pub mod dd;
pub mod dd_opts;
pub mod dd_stats;
pub mod dirs;
pub mod du;
#[cfg(test)]
mod e2e;
pub mod exec;
pub mod find;
pub mod find_expr;
pub mod glob;
pub mod install;
pub mod ln;
pub mod ls;
pub mod ls_color;
pub mod ls_fmt;
pub mod mkfifo;
pub mod mktemp;
pub mod mode;
pub mod mounts;
pub mod paths;
pub mod rm;
pub mod stat;
pub mod tee;
pub mod touch;
pub mod truncate;

/// Programs of this file.
pub const PROGRAMS: &[Program] = &[
    program!("ls", "/bin", ls::ls),
    program!("cat", "/bin", cat::cat),
    program!("mkdir", "/bin", dirs::mkdir),
    program!("rmdir", "/bin", dirs::rmdir),
    program!("rm", "/bin", rm::rm),
    program!("cp", "/bin", cp::cp),
    program!("mv", "/bin", cp::mv),
    program!("ln", "/bin", ln::ln),
    program!("touch", "/bin", touch::touch),
    program!("chmod", "/bin", chmod::chmod),
    program!("chown", "/bin", chown::chown),
    program!("chgrp", "/bin", chown::chgrp),
    program!("stat", "/bin", stat::stat),
    program!("pwd", "/bin", paths::pwd),
    program!("basename", "/bin", paths::basename),
    program!("dirname", "/bin", paths::dirname),
    program!("realpath", "/bin", paths::realpath),
    program!("readlink", "/bin", paths::readlink),
    program!("find", "/bin", find::find),
    program!("du", "/bin", du::du),
    program!("df", "/bin", mounts::df),
    program!("mount", "/bin", mounts::mount),
    program!("umount", "/bin", mounts::umount),
    program!("tee", "/bin", tee::tee),
    program!("which", "/bin", exec::which),
    program!("env", "/bin", exec::env),
    program!("mktemp", "/bin", mktemp::mktemp),
    program!("install", "/bin", install::install),
    program!("truncate", "/usr/bin", truncate::truncate),
    program!("mkfifo", "/usr/bin", mkfifo::mkfifo),
    program!("dd", "/bin", dd::dd),
];
