//! du(1) as in GNU coreutils: disk usage of each argument, directories after their
//! contents, hard links counted once, in 1 KiB blocks by default (`-h`, `-m`, `-b`,
//! `--apparent-size`), limited with `-s`/`-d N`, all files with `-a`, a total with `-c`.

use super::common::{self, join, quote};
use crate::Ctx;
use crate::args::Opt;
use std::collections::HashSet;
use wosix_abi::{FileType, Stat};

const HELP: &str = "\
Usage: {prog} [OPTION]... [FILE]...
Summarize device usage of the set of FILEs, recursively for directories.

  -0, --null            end each output line with NUL, not newline
  -a, --all             write counts for all files, not just directories
      --apparent-size   print apparent sizes rather than device usage
  -b, --bytes           equivalent to '--apparent-size --block-size=1'
  -c, --total           produce a grand total
  -d, --max-depth=N     print the total for a directory (or file, with --all)
                          only if it is N or fewer levels below the command
                          line argument;  --max-depth=0 is the same as
                          --summarize
  -h, --human-readable  print sizes in human readable format (e.g., 1K 234M 2G)
  -k                    like --block-size=1K
  -L, --dereference     dereference all symbolic links
  -m                    like --block-size=1M
  -P, --no-dereference  don't follow any symbolic links (this is the default)
  -s, --summarize       display only a total for each argument
  -S, --separate-dirs   for directories do not include size of subdirectories
  -x, --one-file-system    skip directories on different file systems
      --help            display this help and exit
";

/// How sizes are printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Human,
    Bytes(u64),
}

struct Du {
    all: bool,
    apparent: bool,
    max_depth: Option<usize>,
    unit: Unit,
    deref: bool,
    separate: bool,
    xdev: bool,
    end: &'static str,
    seen: HashSet<(u64, u64)>,
    /// Several operands: every file is counted once (GNU du).
    hash_all: bool,
    status: i32,
}

/// du(1).
pub async fn du(ctx: &mut Ctx) -> i32 {
    let long = [
        "null",
        "all",
        "apparent-size",
        "bytes",
        "total",
        "max-depth=",
        "human-readable",
        "dereference",
        "no-dereference",
        "summarize",
        "separate-dirs",
        "one-file-system",
        "help",
        "block-size=",
    ];
    let p = match common::parse(ctx, "0abcd:hkLmPsSxB:", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    let mut d = Du {
        all: false,
        apparent: false,
        max_depth: None,
        unit: Unit::Bytes(1024),
        deref: false,
        separate: false,
        xdev: false,
        end: "\n",
        seen: HashSet::new(),
        hash_all: false,
        status: 0,
    };
    let (mut total, mut summarize) = (false, false);
    for o in &p.opts {
        let (n, v) = match o {
            Opt::Short(c, v) => (c.to_string(), v.clone()),
            Opt::Long(n, v) => (n.clone(), v.clone()),
        };
        match n.as_str() {
            "0" | "null" => d.end = "\0",
            "a" | "all" => d.all = true,
            "apparent-size" => d.apparent = true,
            "b" | "bytes" => {
                d.apparent = true;
                d.unit = Unit::Bytes(1);
            }
            "c" | "total" => total = true,
            "d" | "max-depth" => {
                let v = v.unwrap_or_default();
                match v.parse() {
                    Ok(n) => d.max_depth = Some(n),
                    Err(_) => {
                        ctx.error(&format!("invalid maximum depth {}", quote(&v)));
                        return 1;
                    }
                }
            }
            "h" | "human-readable" => d.unit = Unit::Human,
            "k" => d.unit = Unit::Bytes(1024),
            "m" => d.unit = Unit::Bytes(1 << 20),
            "B" | "block-size" => {
                let v = v.unwrap_or_default();
                match parse_block_size(&v) {
                    Some(b) => d.unit = Unit::Bytes(b),
                    None => {
                        ctx.error(&format!("invalid --block-size argument {}", quote(&v)));
                        return 1;
                    }
                }
            }
            "L" | "dereference" => d.deref = true,
            "P" | "no-dereference" => d.deref = false,
            "s" | "summarize" => summarize = true,
            "S" | "separate-dirs" => d.separate = true,
            "x" | "one-file-system" => d.xdev = true,
            _ => {}
        }
    }
    if summarize && d.all {
        ctx.error("cannot both summarize and show all entries");
        common::try_help(ctx);
        return 1;
    }
    if summarize {
        if d.max_depth.is_some_and(|m| m != 0) {
            ctx.error("warning: summarizing conflicts with --max-depth=N");
            common::try_help(ctx);
            return 1;
        }
        d.max_depth = Some(0);
    }
    let operands = if p.operands.is_empty() {
        vec![".".to_string()]
    } else {
        p.operands.clone()
    };
    d.hash_all = operands.len() > 1;
    let mut grand = 0u64;
    for op in &operands {
        if let Some(size) = d.walk(ctx, op, 0, None).await {
            grand += size;
        }
    }
    if total {
        let t = d.fmt(grand);
        let end = d.end;
        ctx.out.str(&format!("{t}\ttotal{end}"));
    }
    d.status
}

/// Parse `--block-size` (`1K`, `1M`, `512`, `KB`).
fn parse_block_size(s: &str) -> Option<u64> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: u64 = if digits.is_empty() {
        1
    } else {
        digits.parse().ok()?
    };
    let mult = match &s[digits.len()..] {
        "" => 1,
        "K" | "KiB" | "k" => 1024,
        "M" | "MiB" => 1 << 20,
        "G" | "GiB" => 1 << 30,
        "KB" | "kB" => 1000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        _ => return None,
    };
    n.checked_mul(mult).filter(|v| *v > 0)
}

impl Du {
    /// Bytes a file counts for.
    fn size_of(&self, st: &Stat) -> u64 {
        if self.apparent {
            if st.is_dir() { 0 } else { st.size }
        } else {
            st.blocks.saturating_mul(512)
        }
    }

    fn fmt(&self, bytes: u64) -> String {
        match self.unit {
            Unit::Human => common::human(bytes),
            Unit::Bytes(b) => bytes.div_ceil(b).to_string(),
        }
    }

    fn print(&self, ctx: &mut Ctx, bytes: u64, path: &str) {
        let s = self.fmt(bytes);
        ctx.out.str(&format!("{s}\t{path}{}", self.end));
    }

    /// Total of `path` and everything below it (what it adds to its parent).
    async fn walk(
        &mut self,
        ctx: &mut Ctx,
        path: &str,
        depth: usize,
        dev: Option<u64>,
    ) -> Option<u64> {
        let st = if self.deref {
            ctx.sys.stat(path).await
        } else {
            ctx.sys.lstat(path).await
        };
        let st = match st {
            Ok(s) => s,
            Err(e) => {
                ctx.error(&format!("cannot access {}: {}", quote(path), e.message()));
                self.status = 1;
                return None;
            }
        };
        if self.xdev && dev.is_some_and(|d| d != st.dev) {
            return Some(0);
        }
        if (self.hash_all || !st.is_dir() && st.nlink > 1) && !self.seen.insert((st.dev, st.ino.0))
        {
            return Some(0);
        }
        let own = self.size_of(&st);
        let shown = self.max_depth.is_none_or(|m| depth <= m);
        if st.file_type() != FileType::Directory {
            if depth == 0 || (self.all && shown) {
                self.print(ctx, own, path);
            }
            return Some(own);
        }
        let mut total = own;
        let mut sub_total = 0;
        match ctx.sys.read_dir(path).await {
            Ok(entries) => {
                for e in entries {
                    let child = join(path, &e.name);
                    if let Some(sz) =
                        Box::pin(self.walk(ctx, &child, depth + 1, Some(st.dev))).await
                    {
                        let is_dir = e.ftype == FileType::Directory;
                        if is_dir {
                            sub_total += sz;
                        } else {
                            total += sz;
                        }
                    }
                }
                let _ = ctx.out.maybe_flush(&ctx.sys).await;
            }
            Err(e) => {
                ctx.error(&format!(
                    "cannot read directory {}: {}",
                    quote(path),
                    e.message()
                ));
                self.status = 1;
            }
        }
        let shown_size = if self.separate {
            total
        } else {
            total + sub_total
        };
        if shown {
            self.print(ctx, shown_size, path);
        }
        Some(total + sub_total)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_block_size;

    #[test]
    fn block_sizes() {
        assert_eq!(parse_block_size("1K"), Some(1024));
        assert_eq!(parse_block_size("M"), Some(1 << 20));
        assert_eq!(parse_block_size("512"), Some(512));
        assert_eq!(parse_block_size("1kB"), Some(1000));
        assert_eq!(parse_block_size("x"), None);
        assert_eq!(parse_block_size("0"), None);
    }
}
