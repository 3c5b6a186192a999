//! dd(1): copy a file block by block, converting, as GNU coreutils does (POSIX.1-2017 `dd`;
//! `man 1 dd`). Operands `if= of= bs= ibs= obs= count= skip=/iseek= seek=/oseek=`,
//! `conv=notrunc,noerror,sync,ucase,lcase,swab,excl,nocreat,fsync,fdatasync`,
//! `iflag=fullblock,count_bytes,skip_bytes`, `oflag=seek_bytes,append` and
//! `status=none|noxfer|progress`; numbers take `c w b k K kB KiB M…` suffixes, `AxB` products
//! and a trailing `B` for bytes. The records and transfer statistics go to standard error,
//! the rate from the monotonic clock. Not supported: `cbs=`, `conv=block,unblock,ascii,
//! ebcdic,ibm,sparse` and the I/O flags the kernel has no notion of.

use super::dd_opts::{Level, Opts, parse_operands};
use super::dd_stats::{self, Counts};
use crate::Ctx;
use crate::cmd::text::common;
use wosix_abi::call::ClockId;
use wosix_abi::{Errno, Fd, FileType, OFlags, Whence};
use wosix_runtime::Sys;

const HELP: &str = "Usage: dd [OPERAND]...
  or:  dd OPTION
Copy a file, converting and formatting according to the operands.

  bs=BYTES        read and write up to BYTES bytes at a time (default: 512);
                  overrides ibs and obs
  conv=CONVS      convert the file as per the comma separated symbol list
  count=N         copy only N input blocks
  ibs=BYTES       read up to BYTES bytes at a time (default: 512)
  if=FILE         read from FILE instead of stdin
  iflag=FLAGS     read as per the comma separated symbol list
  obs=BYTES       write BYTES bytes at a time (default: 512)
  of=FILE         write to FILE instead of stdout
  oflag=FLAGS     write as per the comma separated symbol list
  seek=N          (or oseek=N) skip N obs-sized output blocks
  skip=N          (or iseek=N) skip N ibs-sized input blocks
  status=LEVEL    The LEVEL of information to print to stderr;
                  'none' suppresses everything but error messages,
                  'noxfer' suppresses the final transfer statistics,
                  'progress' shows periodic transfer statistics

N and BYTES may be followed by the following multiplicative suffixes:
c=1, w=2, b=512, kB=1000, K=1024, MB=1000*1000, M=1024*1024, xM=M,
GB=1000*1000*1000, G=1024*1024*1024, and so on for T, P, E, Z, Y.
Binary prefixes can be used, too: KiB=K, MiB=M, and so on.
If N ends in 'B', it counts bytes not blocks.

Each CONV symbol may be:

  lcase     change upper case to lower case
  ucase     change lower case to upper case
  swab      swap every pair of input bytes
  sync      pad every input block with NULs to ibs-size
  excl      fail if the output file already exists
  nocreat   do not create the output file
  notrunc   do not truncate the output file
  noerror   continue after read errors
  fdatasync  physically write output file data before finishing
  fsync     likewise, but also write metadata

Each FLAG symbol may be:

  append    append mode (makes sense only for output; conv=notrunc suggested)
  fullblock  accumulate full blocks of input (iflag only)
  count_bytes  treat 'count=N' as a byte count (iflag only)
  skip_bytes  treat 'skip=N' as a byte count (iflag only)
  seek_bytes  treat 'seek=N' as a byte count (oflag only)

Options are:

      --help        display this help and exit
      --version     output version information and exit
";

/// The state of a copy in progress.
struct Copy {
    sys: Sys,
    ifd: Fd,
    ofd: Fd,
    in_name: String,
    out_name: String,
    level: Level,
    counts: Counts,
    start: u128,
    last_progress: u128,
    progress_shown: bool,
}

async fn now_ns(sys: &Sys) -> u128 {
    match sys.clock_gettime(ClockId::Monotonic).await {
        Ok(t) => t.sec.max(0) as u128 * 1_000_000_000 + u128::from(t.nsec),
        Err(_) => 0,
    }
}

impl Copy {
    /// Print the statistics (unless `status=none`).
    async fn stats(&mut self, ctx: &mut Ctx) {
        if self.level == Level::None {
            return;
        }
        let mut s = String::new();
        if self.progress_shown {
            s.push('\n');
            self.progress_shown = false;
        }
        s.push_str(&dd_stats::records(&self.counts));
        if self.level != Level::Noxfer {
            let el = now_ns(&self.sys).await.saturating_sub(self.start);
            s.push_str(&dd_stats::xfer(&self.counts, el, false));
            s.push('\n');
        }
        ctx.err.str(&s);
    }

    /// With `status=progress`, show the transfer line once a second.
    async fn progress(&mut self, ctx: &mut Ctx) {
        if self.level != Level::Progress {
            return;
        }
        let now = now_ns(&self.sys).await;
        if now.saturating_sub(self.last_progress) >= 1_000_000_000 {
            self.last_progress = now;
            let line = dd_stats::xfer(&self.counts, now.saturating_sub(self.start), true);
            ctx.err.str(&format!("\r{line}"));
            let _ = ctx.err.flush(&self.sys).await;
            self.progress_shown = true;
        }
    }

    /// One read of up to `n` bytes (several with `fullblock`).
    async fn read(&self, n: usize, full: bool) -> Result<Vec<u8>, Errno> {
        let mut buf = self.sys.read_vec(self.ifd, n).await?;
        while full && !buf.is_empty() && buf.len() < n {
            let more = self.sys.read_vec(self.ifd, n - buf.len()).await?;
            if more.is_empty() {
                break;
            }
            buf.extend_from_slice(&more);
        }
        Ok(buf)
    }

    /// Write one output block, counting it.
    async fn write(&mut self, ctx: &mut Ctx, data: &[u8], obs: usize) -> Result<(), ()> {
        if let Err(e) = self.sys.write_all(self.ofd, data).await {
            let q = common::quote(&self.out_name);
            ctx.error(&format!("error writing {q}: {}", e.message()));
            return Err(());
        }
        self.counts.w_bytes += data.len() as u64;
        if data.len() == obs {
            self.counts.w_full += 1;
        } else {
            self.counts.w_partial += 1;
        }
        Ok(())
    }
}

/// dd(1).
pub async fn dd(ctx: &mut Ctx) -> i32 {
    let p = match crate::args::parse(&ctx.argv[1..], "", &["help", "version"], true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    if p.has_long("version") {
        return common::version(ctx);
    }
    let o = match parse_operands(ctx, &p.operands) {
        Ok(o) => o,
        Err(s) => return s,
    };
    let has = |c: &str| o.convs.iter().any(|x| x == c);
    // fsync/fdatasync need nothing: the kernel's files are written through at once.
    let ibs = o.bs.or(o.ibs).unwrap_or(512);
    let obs = o.bs.or(o.obs).unwrap_or(512);
    let (ucase, lcase, swab) = (has("ucase"), has("lcase"), has("swab"));
    // Without bs= (or with a conversion), output is gathered into obs-sized blocks.
    let two_bufs = o.bs.is_none() || ucase || lcase || swab;
    let sys = ctx.sys.clone();
    let (ifd, in_name) = match &o.input {
        Some(f) => match sys.open(f, OFlags::RDONLY | OFlags::CLOEXEC, 0).await {
            Ok(fd) => (fd, f.clone()),
            Err(e) => {
                let q = common::quote(f);
                ctx.error(&format!("failed to open {q}: {}", e.message()));
                return 1;
            }
        },
        None => (Fd::STDIN, "standard input".to_string()),
    };
    let seek_total = if o.seek_bytes {
        o.seek
    } else {
        o.seek.saturating_mul(obs as u64)
    };
    let notrunc = has("notrunc");
    let (ofd, out_name) = match &o.output {
        Some(f) => {
            let mut fl = OFlags::WRONLY | OFlags::CLOEXEC;
            if !has("nocreat") {
                fl |= OFlags::CREAT;
            }
            if has("excl") {
                fl |= OFlags::EXCL;
            }
            if o.seek == 0 && !notrunc {
                fl |= OFlags::TRUNC;
            }
            if o.append {
                fl |= OFlags::APPEND;
            }
            match sys.open(f, fl, 0o666).await {
                Ok(fd) => {
                    if o.seek > 0 && !notrunc {
                        let r = sys.ftruncate(fd, seek_total).await;
                        let regular = matches!(sys.fstat(fd).await,
                            Ok(st) if st.file_type() == FileType::Regular);
                        if let Err(e) = r
                            && regular
                        {
                            ctx.error(&format!(
                                "failed to truncate to {seek_total} bytes in output file {}: {}",
                                common::quote(f),
                                e.message()
                            ));
                            return 1;
                        }
                    }
                    (fd, f.clone())
                }
                Err(e) => {
                    let q = common::quote(f);
                    ctx.error(&format!("failed to open {q}: {}", e.message()));
                    return 1;
                }
            }
        }
        None => (Fd::STDOUT, "standard output".to_string()),
    };
    let start = now_ns(&sys).await;
    let mut c = Copy {
        sys: sys.clone(),
        ifd,
        ofd,
        in_name,
        out_name,
        level: o.level.unwrap_or(Level::Default),
        counts: Counts::default(),
        start,
        last_progress: start,
        progress_shown: false,
    };
    let status = run(ctx, &mut c, &o, ibs, obs, two_bufs, seek_total).await;
    c.stats(ctx).await;
    for fd in [ifd, ofd] {
        if fd != Fd::STDIN && fd != Fd::STDOUT {
            let _ = sys.close(fd).await;
        }
    }
    status
}

/// Skip the input, position the output, then copy; returns the exit status.
async fn run(
    ctx: &mut Ctx,
    c: &mut Copy,
    o: &Opts,
    ibs: usize,
    obs: usize,
    two_bufs: bool,
    seek_total: u64,
) -> i32 {
    let sys = c.sys.clone();
    let has = |x: &str| o.convs.iter().any(|y| y == x);
    // Skip input: seek when possible, else read and discard.
    let skip_total = if o.skip_bytes {
        o.skip
    } else {
        o.skip.saturating_mul(ibs as u64)
    };
    if skip_total > 0 {
        let st = sys.fstat(c.ifd).await.ok();
        let seekable = st
            .as_ref()
            .is_some_and(|s| s.file_type() == FileType::Regular)
            && sys.lseek(c.ifd, 0, Whence::Cur).await.is_ok();
        let short = if seekable {
            let pos = sys.lseek(c.ifd, 0, Whence::Cur).await.unwrap_or(0);
            let size = st.map(|s| s.size).unwrap_or(0);
            let target = pos.saturating_add(skip_total).min(size.max(pos));
            let _ = sys.lseek(c.ifd, target as i64, Whence::Set).await;
            pos.saturating_add(skip_total) > size
        } else {
            let mut left = skip_total;
            let mut short = false;
            while left > 0 {
                let n = (left.min(ibs as u64)) as usize;
                match c.read(n, o.fullblock).await {
                    Ok(b) if b.is_empty() => {
                        short = true;
                        break;
                    }
                    Ok(b) => {
                        left -= if o.fullblock {
                            b.len() as u64
                        } else {
                            n as u64
                        }
                    }
                    Err(e) => {
                        let q = common::quote(&c.in_name);
                        ctx.error(&format!("error reading {q}: {}", e.message()));
                        return 1;
                    }
                }
            }
            short
        };
        if short && c.level != Level::None {
            ctx.error(&format!("{}: cannot skip to specified offset", c.in_name));
        }
    }
    // Position the output: seek, or write zeros where seeking is impossible.
    if seek_total > 0
        && sys
            .lseek(c.ofd, seek_total as i64, Whence::Cur)
            .await
            .is_err()
    {
        let mut left = seek_total;
        while left > 0 {
            let n = left.min(obs as u64) as usize;
            if let Err(e) = sys.write_all(c.ofd, &vec![0u8; n]).await {
                let q = common::quote(&c.out_name);
                ctx.error(&format!("writing to {q}: {}", e.message()));
                return 1;
            }
            left -= n as u64;
        }
    }
    let (max_records, max_bytes) = match o.count {
        None => (u64::MAX, 0usize),
        Some(n) if o.count_bytes => (n / ibs as u64, (n % ibs as u64) as usize),
        Some(n) => (n, 0),
    };
    let warn_partial = !two_bufs && !o.fullblock && (o.skip > 0 || o.count.is_some());
    let mut warned = false;
    let mut prev_partial: Option<usize> = None;
    let (sync, noerror) = (has("sync"), has("noerror"));
    let (ucase, lcase, swab) = (has("ucase"), has("lcase"), has("swab"));
    let mut saved: Option<u8> = None; // swab: an odd byte held back
    let mut obuf: Vec<u8> = Vec::new();
    let mut status = 0;
    loop {
        let done = c.counts.r_full + c.counts.r_partial;
        if done >= max_records.saturating_add(u64::from(max_bytes > 0)) {
            break;
        }
        let want = if done >= max_records { max_bytes } else { ibs };
        let mut block = match c.read(want, o.fullblock).await {
            Ok(b) if b.is_empty() => break,
            Ok(b) => b,
            Err(e) => {
                let q = common::quote(&c.in_name);
                if !noerror || c.level != Level::None {
                    ctx.error(&format!("error reading {q}: {}", e.message()));
                }
                if noerror && e != Errno::EISDIR {
                    c.stats(ctx).await;
                    if sync {
                        c.counts.r_partial += 1;
                        vec![0u8; ibs]
                    } else {
                        continue;
                    }
                } else {
                    status = 1;
                    break;
                }
            }
        };
        if warn_partial && !warned {
            if let Some(n) = prev_partial
                && c.level != Level::None
            {
                let unit = if n == 1 { "byte" } else { "bytes" };
                ctx.error(&format!(
                    "warning: partial read ({n} {unit}); suggest iflag=fullblock"
                ));
                warned = true;
            }
            prev_partial = (block.len() < want).then_some(block.len());
        }
        if block.len() < ibs {
            c.counts.r_partial += 1;
            if sync {
                block.resize(ibs, 0);
            }
        } else {
            c.counts.r_full += 1;
        }
        if !two_bufs {
            if c.write(ctx, &block, ibs).await.is_err() {
                return 1;
            }
            c.progress(ctx).await;
            continue;
        }
        if ucase {
            block.make_ascii_uppercase();
        } else if lcase {
            block.make_ascii_lowercase();
        }
        if swab {
            if let Some(b) = saved.take() {
                block.insert(0, b);
            }
            if block.len() % 2 == 1 {
                saved = block.pop();
            }
            for pair in block.chunks_exact_mut(2) {
                pair.swap(0, 1);
            }
        }
        obuf.extend_from_slice(&block);
        while obuf.len() >= obs {
            let rest = obuf.split_off(obs);
            if c.write(ctx, &obuf, obs).await.is_err() {
                return 1;
            }
            obuf = rest;
        }
        c.progress(ctx).await;
    }
    if let Some(b) = saved {
        obuf.push(b);
    }
    if !obuf.is_empty() && c.write(ctx, &obuf, obs).await.is_err() {
        return 1;
    }
    status
}
