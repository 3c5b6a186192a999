//! The copy engine of `cp` (and of `mv` across file systems): regular files by content,
//! directories recursively, symbolic links and fifos recreated, optional preservation of
//! mode, ownership, timestamps and hard links, with GNU cp's checks and messages.

use super::common::{self, join, quote};
use crate::Ctx;
use std::collections::HashMap;
use wosix_abi::call::TimeArg;
use wosix_abi::{Errno, FileType, OFlags, Stat};

/// Which symbolic links are followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deref {
    /// `-P`: copy links as links.
    Never,
    /// `-L`: always follow.
    Always,
    /// `-H`: follow links named on the command line only.
    CommandLine,
}

/// Options of a copy.
#[derive(Clone, Debug)]
pub struct CopyOpts {
    /// `-R`.
    pub recursive: bool,
    /// Link following.
    pub deref: Deref,
    /// Keep permission bits (including set-id).
    pub preserve_mode: bool,
    /// Keep owner and group (silently skipped when not permitted).
    pub preserve_owner: bool,
    /// Keep access and modification times.
    pub preserve_times: bool,
    /// Recreate hard links among the copied files.
    pub preserve_links: bool,
    /// `-f`: remove a destination that cannot be opened, then retry.
    pub force: bool,
    /// `-i`: ask before overwriting.
    pub interactive: bool,
    /// `-n`: never overwrite.
    pub no_clobber: bool,
    /// `-u`: copy only when the source is newer.
    pub update: bool,
    /// `-v`.
    pub verbose: bool,
    /// `-l`: hard-link files instead of copying.
    pub hard_link: bool,
    /// `-s`: make symbolic links instead of copying.
    pub symbolic: bool,
}

impl Default for CopyOpts {
    fn default() -> Self {
        CopyOpts {
            recursive: false,
            deref: Deref::Always,
            preserve_mode: false,
            preserve_owner: false,
            preserve_times: false,
            preserve_links: false,
            force: false,
            interactive: false,
            no_clobber: false,
            update: false,
            verbose: false,
            hard_link: false,
            symbolic: false,
        }
    }
}

/// A copy in progress (remembers hard links seen).
pub struct Copier {
    /// Options.
    pub o: CopyOpts,
    /// The process umask, for the modes of new files.
    pub umask: u32,
    seen: HashMap<(u64, u64), String>,
}

impl Copier {
    /// A copier; reads the umask.
    pub async fn new(ctx: &Ctx, o: CopyOpts) -> Copier {
        let umask = ctx.sys.umask(0o022).await.unwrap_or(0o022);
        let _ = ctx.sys.umask(umask).await;
        Copier {
            o,
            umask,
            seen: HashMap::new(),
        }
    }

    fn fail(ctx: &mut Ctx, msg: String) -> bool {
        ctx.error(&msg);
        false
    }

    /// Copy `src` to `dst` (the final name, not a directory to copy into). `top` marks a
    /// command-line operand. False if anything failed (already reported).
    pub async fn copy(&mut self, ctx: &mut Ctx, src: &str, dst: &str, top: bool) -> bool {
        let follow = match self.o.deref {
            Deref::Always => true,
            Deref::CommandLine => top,
            Deref::Never => false,
        };
        let sst = if follow {
            ctx.sys.stat(src).await
        } else {
            ctx.sys.lstat(src).await
        };
        let sst = match sst {
            Ok(s) => s,
            Err(e) => {
                return Self::fail(ctx, format!("cannot stat {}: {}", quote(src), e.message()));
            }
        };
        let dst_lst = ctx.sys.lstat(dst).await.ok();
        let dst_st = match &dst_lst {
            Some(l) if l.file_type() == FileType::Symlink => ctx.sys.stat(dst).await.ok(),
            other => other.clone(),
        };
        if let Some(d) = &dst_st
            && d.dev == sst.dev
            && d.ino == sst.ino
            && !(self.o.symbolic || self.o.hard_link && self.o.force)
        {
            return Self::fail(
                ctx,
                format!("{} and {} are the same file", quote(src), quote(dst)),
            );
        }
        if sst.is_dir() {
            return self
                .copy_dir(ctx, src, dst, &sst, dst_st.as_ref(), top)
                .await;
        }
        if let Some(d) = &dst_st
            && d.is_dir()
        {
            return Self::fail(
                ctx,
                format!(
                    "cannot overwrite directory {} with non-directory",
                    quote(dst)
                ),
            );
        }
        if dst_lst.is_some() {
            if self.o.no_clobber {
                return true;
            }
            if self.o.update
                && let Some(d) = &dst_st
                && d.mtime >= sst.mtime
            {
                return true;
            }
            if self.o.interactive {
                let q = format!("{}: overwrite {}? ", ctx.prog(), quote(dst));
                if !common::ask(ctx, &q).await {
                    return true;
                }
            }
        }
        if self.o.preserve_links && sst.nlink > 1 && !sst.is_dir() {
            if let Some(first) = self.seen.get(&(sst.dev, sst.ino.0)).cloned() {
                if dst_lst.is_some() {
                    let _ = ctx.sys.unlink(dst).await;
                }
                return match ctx.sys.link(&first, dst).await {
                    Ok(()) => {
                        self.report(ctx, src, dst);
                        true
                    }
                    Err(e) => Self::fail(
                        ctx,
                        format!(
                            "cannot create hard link {} to {}: {}",
                            quote(dst),
                            quote(&first),
                            e.message()
                        ),
                    ),
                };
            }
            self.seen.insert((sst.dev, sst.ino.0), dst.to_string());
        }
        if self.o.symbolic || self.o.hard_link {
            if dst_lst.is_some() && (self.o.force || self.o.interactive) {
                let _ = ctx.sys.unlink(dst).await;
            }
            let r = if self.o.symbolic {
                ctx.sys.symlink(src, dst).await
            } else {
                ctx.sys.link(src, dst).await
            };
            return match r {
                Ok(()) => {
                    self.report(ctx, src, dst);
                    true
                }
                Err(e) if self.o.symbolic => Self::fail(
                    ctx,
                    format!(
                        "cannot create symbolic link {}: {}",
                        quote(dst),
                        e.message()
                    ),
                ),
                Err(e) => Self::fail(
                    ctx,
                    format!(
                        "cannot create hard link {} to {}: {}",
                        quote(dst),
                        quote(src),
                        e.message()
                    ),
                ),
            };
        }
        let ok = match sst.file_type() {
            FileType::Symlink => self.copy_symlink(ctx, src, dst, dst_lst.is_some()).await,
            FileType::Fifo if self.o.recursive => {
                if dst_lst.is_some() {
                    let _ = ctx.sys.unlink(dst).await;
                }
                match ctx.sys.mkfifo(dst, sst.mode & 0o777).await {
                    Ok(()) => true,
                    Err(e) => Self::fail(
                        ctx,
                        format!("cannot create fifo {}: {}", quote(dst), e.message()),
                    ),
                }
            }
            FileType::CharDevice | FileType::BlockDevice | FileType::Socket if self.o.recursive => {
                Self::fail(
                    ctx,
                    format!(
                        "cannot create special file {}: {}",
                        quote(dst),
                        Errno::EPERM.message()
                    ),
                )
            }
            _ => {
                self.copy_contents(ctx, src, dst, &sst, dst_lst.is_some())
                    .await
            }
        };
        if ok {
            self.report(ctx, src, dst);
            self.preserve(ctx, dst, &sst).await;
        }
        ok
    }

    fn report(&self, ctx: &mut Ctx, src: &str, dst: &str) {
        if self.o.verbose {
            ctx.out.line(&format!("{} -> {}", quote(src), quote(dst)));
        }
    }

    async fn copy_symlink(&mut self, ctx: &mut Ctx, src: &str, dst: &str, exists: bool) -> bool {
        let target = match ctx.sys.readlink(src).await {
            Ok(t) => t,
            Err(e) => {
                return Self::fail(
                    ctx,
                    format!("cannot read symbolic link {}: {}", quote(src), e.message()),
                );
            }
        };
        if exists {
            let _ = ctx.sys.unlink(dst).await;
        }
        match ctx.sys.symlink(&target, dst).await {
            Ok(()) => true,
            Err(e) => Self::fail(
                ctx,
                format!(
                    "cannot create symbolic link {}: {}",
                    quote(dst),
                    e.message()
                ),
            ),
        }
    }

    async fn copy_contents(
        &mut self,
        ctx: &mut Ctx,
        src: &str,
        dst: &str,
        sst: &Stat,
        exists: bool,
    ) -> bool {
        let sys = ctx.sys.clone();
        let input = match sys.open(src, OFlags::RDONLY | OFlags::CLOEXEC, 0).await {
            Ok(fd) => fd,
            Err(e) => {
                return Self::fail(
                    ctx,
                    format!("cannot open {} for reading: {}", quote(src), e.message()),
                );
            }
        };
        let create = OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC | OFlags::CLOEXEC;
        let mut out = sys.open(dst, create, sst.mode & 0o777).await;
        if out.is_err() && exists && self.o.force {
            let _ = sys.unlink(dst).await;
            out = sys.open(dst, create, sst.mode & 0o777).await;
        }
        let output = match out {
            Ok(fd) => fd,
            Err(e) => {
                let _ = sys.close(input).await;
                let what = if exists {
                    "cannot open"
                } else {
                    "cannot create regular file"
                };
                let tail = if exists { " for writing" } else { "" };
                return Self::fail(ctx, format!("{what} {}{tail}: {}", quote(dst), e.message()));
            }
        };
        let mut ok = true;
        loop {
            let chunk = match sys.read_vec(input, 65536).await {
                Ok(c) => c,
                Err(e) => {
                    ok = Self::fail(
                        ctx,
                        format!("error reading {}: {}", quote(src), e.message()),
                    );
                    break;
                }
            };
            if chunk.is_empty() {
                break;
            }
            if let Err(e) = sys.write_all(output, &chunk).await {
                ok = Self::fail(
                    ctx,
                    format!("error writing {}: {}", quote(dst), e.message()),
                );
                break;
            }
        }
        let _ = sys.close(input).await;
        let _ = sys.close(output).await;
        ok
    }

    async fn copy_dir(
        &mut self,
        ctx: &mut Ctx,
        src: &str,
        dst: &str,
        sst: &Stat,
        dst_st: Option<&Stat>,
        top: bool,
    ) -> bool {
        if !self.o.recursive {
            return Self::fail(
                ctx,
                format!("-r not specified; omitting directory {}", quote(src)),
            );
        }
        if let Some(d) = dst_st
            && !d.is_dir()
        {
            return Self::fail(
                ctx,
                format!(
                    "cannot overwrite non-directory {} with directory {}",
                    quote(dst),
                    quote(src)
                ),
            );
        }
        if top {
            let cs = common::canonicalize(&ctx.sys, src, common::Canon::Missing, true).await;
            let cd = common::canonicalize(&ctx.sys, dst, common::Canon::Missing, true).await;
            if let (Ok(cs), Ok(cd)) = (cs, cd)
                && (cd == cs || cd.starts_with(&format!("{}/", cs.trim_end_matches('/'))))
            {
                return Self::fail(
                    ctx,
                    format!(
                        "cannot copy a directory, {}, into itself, {}",
                        quote(src),
                        quote(dst)
                    ),
                );
            }
        }
        let created = dst_st.is_none();
        if created {
            if let Err(e) = ctx.sys.mkdir(dst, (sst.mode & 0o777) | 0o700).await {
                return Self::fail(
                    ctx,
                    format!("cannot create directory {}: {}", quote(dst), e.message()),
                );
            }
            self.report(ctx, src, dst);
        }
        let entries = match ctx.sys.read_dir(src).await {
            Ok(e) => e,
            Err(e) => {
                return Self::fail(
                    ctx,
                    format!("cannot access {}: {}", quote(src), e.message()),
                );
            }
        };
        let mut ok = true;
        for e in entries {
            let (s, d) = (join(src, &e.name), join(dst, &e.name));
            if !Box::pin(self.copy(ctx, &s, &d, false)).await {
                ok = false;
            }
            let _ = ctx.out.maybe_flush(&ctx.sys).await;
        }
        if created && !self.o.preserve_mode {
            let _ = ctx.sys.chmod(dst, sst.mode & 0o777 & !self.umask).await;
        }
        self.preserve(ctx, dst, sst).await;
        ok
    }

    /// Apply the preserved attributes to `dst`.
    async fn preserve(&self, ctx: &mut Ctx, dst: &str, sst: &Stat) {
        let link = sst.file_type() == FileType::Symlink;
        if self.o.preserve_owner {
            let r = if link {
                ctx.sys.lchown(dst, Some(sst.uid), Some(sst.gid)).await
            } else {
                ctx.sys.chown(dst, Some(sst.uid), Some(sst.gid)).await
            };
            if r.is_err() && !link {
                // As GNU cp: keep at least the group when the owner cannot be kept.
                let _ = ctx.sys.chown(dst, None, Some(sst.gid)).await;
            }
        }
        if link {
            return;
        }
        if self.o.preserve_mode
            && let Err(e) = ctx.sys.chmod(dst, sst.mode & 0o7777).await
        {
            ctx.error(&format!(
                "preserving permissions for {}: {}",
                quote(dst),
                e.message()
            ));
        }
        if self.o.preserve_times
            && let Err(e) = ctx
                .sys
                .utimes(dst, TimeArg::Set(sst.atime), TimeArg::Set(sst.mtime))
                .await
        {
            ctx.error(&format!(
                "preserving times for {}: {}",
                quote(dst),
                e.message()
            ));
        }
    }
}
