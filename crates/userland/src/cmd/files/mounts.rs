//! Mount-table programs: df(1) (GNU coreutils' columns and rounding), and mount(8) and
//! umount(8) in util-linux style, over the `mounts`, `statfs`, `mount` and `umount` calls.

use super::common::{self, quote};
use crate::Ctx;
use crate::args::Opt;
use wosix_abi::Errno;
use wosix_abi::call::{MountInfo, StatFs};

const DF_HELP: &str = "\
Usage: {prog} [OPTION]... [FILE]...
Show information about the file system on which each FILE resides,
or all file systems by default.

  -a, --all             include pseudo, duplicate, inaccessible file systems
  -h, --human-readable  print sizes in powers of 1024 (e.g., 1023M)
  -i, --inodes          list inode information instead of block usage
  -k                    like --block-size=1K
  -P, --portability     use the POSIX output format
  -t, --type=TYPE       limit listing to file systems of type TYPE
  -T, --print-type      print file system type
  -x, --exclude-type=TYPE   limit listing to file systems not of type TYPE
      --total           elide all entries insignificant to available space,
                          and produce a grand total
      --help            display this help and exit
";

const MOUNT_HELP: &str = "\
Usage:
 {prog} [-l] [-t <type>]
 {prog} [options] <source> <directory>
 {prog} [options] -t <type> <source> <directory>

Mount a filesystem.

Options:
 -l, --show-labels       show also filesystem labels
 -o, --options <list>    comma-separated list of mount options (ro, rw)
 -r, --read-only         mount the filesystem read-only (same as -o ro)
 -t, --types <list>      limit the set of filesystem types
 -w, --rw, --read-write  mount the filesystem read-write (default)
 -h, --help              display this help
";

const UMOUNT_HELP: &str = "\
Usage:
 {prog} [-flv] <source> | <directory>...

Unmount filesystems.

Options:
 -f, --force             force unmount (ignored)
 -l, --lazy              detach the filesystem now (ignored)
 -v, --verbose           say what is being done
 -h, --help              display this help
";

/// Lay out df's table: left-aligned text columns, right-aligned numbers, the last column
/// unpadded; minimum widths as in GNU df.
pub fn table(header: &[&str], rows: &[Vec<String>], left: &[bool], min: &[usize]) -> String {
    let n = header.len();
    let mut w: Vec<usize> = (0..n)
        .map(|i| {
            min.get(i)
                .copied()
                .unwrap_or(0)
                .max(header[i].chars().count())
        })
        .collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    let all = std::iter::once(header.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        .chain(rows.iter().cloned());
    for r in all {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate().take(n) {
            if i > 0 {
                line.push(' ');
            }
            if i + 1 == n {
                line.push_str(c);
            } else if left[i] {
                line.push_str(&format!("{c:<w$}", w = w[i]));
            } else {
                line.push_str(&format!("{c:>w$}", w = w[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The mount holding `path` (longest target prefix of its canonical path).
async fn mount_of(ctx: &Ctx, mounts: &[MountInfo], path: &str) -> Result<MountInfo, Errno> {
    ctx.sys.stat(path).await?;
    let canon = common::canonicalize(&ctx.sys, path, common::Canon::Existing, true).await?;
    mounts
        .iter()
        .filter(|m| {
            m.target == "/" || canon == m.target || canon.starts_with(&format!("{}/", m.target))
        })
        .max_by_key(|m| m.target.len())
        .cloned()
        .ok_or(Errno::ENOENT)
}

/// Percentage as df prints it: rounded up, `-` when nothing is known.
fn percent(used: u64, avail: u64) -> String {
    let total = used + avail;
    if total == 0 {
        return "-".into();
    }
    format!("{}%", (used * 100).div_ceil(total))
}

/// df(1).
pub async fn df(ctx: &mut Ctx) -> i32 {
    let long = [
        "all",
        "human-readable",
        "inodes",
        "portability",
        "type=",
        "print-type",
        "exclude-type=",
        "total",
        "help",
        "local",
    ];
    let p = match common::parse(ctx, "ahiklPt:Tx:", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, DF_HELP);
    }
    let (mut all, mut human, mut inodes, mut print_type, mut posix) =
        (false, false, false, false, false);
    let (mut only, mut exclude) = (Vec::new(), Vec::new());
    for o in &p.opts {
        let (n, v) = match o {
            Opt::Short(c, v) => (c.to_string(), v.clone()),
            Opt::Long(n, v) => (n.clone(), v.clone()),
        };
        match n.as_str() {
            "a" | "all" => all = true,
            "h" | "human-readable" => human = true,
            "i" | "inodes" => inodes = true,
            "k" => human = false,
            "P" | "portability" => posix = true,
            "t" | "type" => only.push(v.unwrap_or_default()),
            "T" | "print-type" => print_type = true,
            "x" | "exclude-type" => exclude.push(v.unwrap_or_default()),
            _ => {}
        }
    }
    let total_row = p.has_long("total");
    let mounts = match ctx.sys.mounts().await {
        Ok(m) => m,
        Err(e) => {
            ctx.error(&format!(
                "cannot read table of mounted file systems: {}",
                e.message()
            ));
            return 1;
        }
    };
    let mut status = 0;
    let mut chosen: Vec<MountInfo> = Vec::new();
    let explicit = !p.operands.is_empty();
    if explicit {
        for f in &p.operands {
            match mount_of(ctx, &mounts, f).await {
                Ok(m) => chosen.push(m),
                Err(e) => {
                    ctx.error(&format!("{}: {}", quote(f), e.message()));
                    status = 1;
                }
            }
        }
    } else {
        chosen = mounts.clone();
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut sums = [0u64; 3];
    for m in &chosen {
        if !only.is_empty() && !only.contains(&m.fstype) || exclude.contains(&m.fstype) {
            continue;
        }
        let fs: StatFs = match ctx.sys.statfs(&m.target).await {
            Ok(f) => f,
            Err(e) => {
                if explicit || all {
                    ctx.error(&format!("{}: {}", quote(&m.target), e.message()));
                    status = 1;
                }
                continue;
            }
        };
        if !all && !explicit && fs.blocks == 0 {
            continue;
        }
        let (total, used, avail) = if inodes {
            (fs.files, fs.files.saturating_sub(fs.ffree), fs.ffree)
        } else {
            let b = fs.bsize.max(1);
            (
                fs.blocks * b,
                fs.blocks.saturating_sub(fs.bfree) * b,
                fs.bfree * b,
            )
        };
        sums[0] += total;
        sums[1] += used;
        sums[2] += avail;
        let num = |v: u64| {
            if inodes {
                if human {
                    common::human(v)
                } else {
                    v.to_string()
                }
            } else if human {
                common::human(v)
            } else {
                v.div_ceil(1024).to_string()
            }
        };
        let mut cells = vec![m.source.clone()];
        if print_type {
            cells.push(m.fstype.clone());
        }
        cells.extend([
            num(total),
            num(used),
            num(avail),
            percent(used, avail),
            m.target.clone(),
        ]);
        rows.push(cells);
    }
    if total_row {
        let num = |v: u64| {
            if human {
                common::human(v)
            } else if inodes {
                v.to_string()
            } else {
                v.div_ceil(1024).to_string()
            }
        };
        let mut cells = vec!["total".to_string()];
        if print_type {
            cells.push("-".into());
        }
        cells.extend([
            num(sums[0]),
            num(sums[1]),
            num(sums[2]),
            percent(sums[1], sums[2]),
            "-".into(),
        ]);
        rows.push(cells);
    }
    let mut header: Vec<&str> = vec!["Filesystem"];
    let mut left = vec![true];
    let mut min = vec![14];
    if print_type {
        header.push("Type");
        left.push(true);
        min.push(4);
    }
    let size_hdr = if inodes {
        ["Inodes", "IUsed", "IFree", "IUse%"]
    } else if human {
        ["Size", "Used", "Avail", "Use%"]
    } else if posix {
        ["1024-blocks", "Used", "Available", "Capacity"]
    } else {
        ["1K-blocks", "Used", "Available", "Use%"]
    };
    header.extend(size_hdr);
    left.extend([false, false, false, false]);
    min.extend([5, 5, 5, 4]);
    header.push("Mounted on");
    left.push(true);
    min.push(0);
    ctx.out.str(&table(&header, &rows, &left, &min));
    status
}

/// The util-linux style explanation of a mount(2)/umount(2) failure.
fn mount_error(e: Errno, umount: bool, fstype: &str) -> String {
    match (e, umount) {
        (Errno::EPERM | Errno::EACCES, false) => "must be superuser to use mount.".into(),
        (Errno::EPERM | Errno::EACCES, true) => "must be superuser to unmount.".into(),
        (Errno::ENOENT, false) => "mount point does not exist.".into(),
        (Errno::ENOENT, true) => "no mount point specified.".into(),
        (Errno::ENOTDIR, _) => "mount point is not a directory.".into(),
        (Errno::ENODEV, _) => format!("unknown filesystem type '{fstype}'."),
        (Errno::EBUSY, true) => "target is busy.".into(),
        (Errno::EBUSY, false) => "mount point is busy.".into(),
        (Errno::EINVAL, true) => "not mounted.".into(),
        (e, _) => format!("{}.", e.message().to_lowercase()),
    }
}

/// mount(8).
pub async fn mount(ctx: &mut Ctx) -> i32 {
    let long = [
        "show-labels",
        "options=",
        "read-only",
        "types=",
        "rw",
        "read-write",
        "help",
        "verbose",
    ];
    let p = match common::parse(ctx, "lo:rt:wvh", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") || p.has('h') {
        return common::help(ctx, MOUNT_HELP);
    }
    let types = p.value('t').or(p.long_value("types")).map(str::to_string);
    let mut readonly = p.has('r') || p.has_long("read-only");
    for o in p.opts.iter() {
        match o {
            Opt::Short('w', _) => readonly = false,
            Opt::Long(n, _) if n == "rw" || n == "read-write" => readonly = false,
            _ => {}
        }
    }
    if let Some(opts) = p.value('o').or(p.long_value("options")) {
        for o in opts.split(',') {
            match o {
                "ro" => readonly = true,
                "rw" => readonly = false,
                _ => {}
            }
        }
    }
    match p.operands.as_slice() {
        [] => {
            let mounts = match ctx.sys.mounts().await {
                Ok(m) => m,
                Err(e) => {
                    ctx.error(&format!("cannot read the mount table: {}", e.message()));
                    return 1;
                }
            };
            let wanted: Option<Vec<&str>> = types.as_deref().map(|t| t.split(',').collect());
            for m in mounts {
                if wanted
                    .as_ref()
                    .is_some_and(|w| !w.contains(&m.fstype.as_str()))
                {
                    continue;
                }
                ctx.out.line(&format!(
                    "{} on {} type {} ({})",
                    m.source, m.target, m.fstype, m.options
                ));
            }
            0
        }
        [one] => {
            ctx.error(&format!("{one}: can't find in /etc/fstab."));
            1
        }
        [source, target] => {
            let fstype = types.unwrap_or_else(|| source.clone());
            match ctx.sys.mount(source, target, &fstype, readonly).await {
                Ok(()) => {
                    if p.has('v') || p.has_long("verbose") {
                        ctx.out
                            .line(&format!("mount: {source} mounted on {target}."));
                    }
                    0
                }
                Err(e) => {
                    ctx.error(&format!("{target}: {}", mount_error(e, false, &fstype)));
                    if e == Errno::EPERM || e == Errno::EACCES {
                        1
                    } else {
                        32
                    }
                }
            }
        }
        [_, _, extra, ..] => {
            common::usage_error(ctx, &format!("bad usage: unexpected argument '{extra}'"), 1)
        }
    }
}

/// umount(8).
pub async fn umount(ctx: &mut Ctx) -> i32 {
    let p = match common::parse(
        ctx,
        "flvhR",
        &["force", "lazy", "verbose", "help", "recursive"],
        1,
    ) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") || p.has('h') {
        return common::help(ctx, UMOUNT_HELP);
    }
    if p.operands.is_empty() {
        ctx.error("bad usage");
        common::try_help(ctx);
        return 1;
    }
    let verbose = p.has('v') || p.has_long("verbose");
    let mut status = 0;
    for t in &p.operands {
        match ctx.sys.umount(t).await {
            Ok(()) => {
                if verbose {
                    ctx.out.line(&format!("umount: {t} unmounted"));
                }
            }
            Err(e) => {
                ctx.error(&format!("{t}: {}", mount_error(e, true, "")));
                status = 32;
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn df_layout() {
        let rows = vec![vec![
            "tmpfs".to_string(),
            "65536".to_string(),
            "12".to_string(),
            "65524".to_string(),
            percent(12, 65524),
            "/".to_string(),
        ]];
        let out = table(
            &[
                "Filesystem",
                "1K-blocks",
                "Used",
                "Available",
                "Use%",
                "Mounted on",
            ],
            &rows,
            &[true, false, false, false, false, true],
            &[14, 5, 5, 5, 4, 0],
        );
        assert_eq!(
            out,
            "Filesystem     1K-blocks  Used Available Use% Mounted on\n\
             tmpfs              65536    12     65524   1% /\n"
        );
        assert_eq!(percent(0, 0), "-");
        assert_eq!(percent(50, 50), "50%");
    }
}
