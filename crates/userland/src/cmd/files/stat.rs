//! stat(1) as in GNU coreutils 9: the default report, `-t` terse, `-c`/`--printf` formats
//! with printf-style flags and widths (`%-10s`, `%04a`), `-L` to follow links, and `-f` for
//! file-system status.

use super::common::{self, quote, shell_quote, type_name};
use crate::Ctx;
use crate::cmd::timefmt::strftime_ns;
use crate::cmd::users::UserDb;
use wosix_abi::call::StatFs;
use wosix_abi::{FileType, Mode, Stat, Timespec};

const HELP: &str = "\
Usage: {prog} [OPTION]... FILE...
Display file or file system status.

  -L, --dereference     follow links
  -f, --file-system     display file system status instead of file status
  -c  --format=FORMAT   use the specified FORMAT instead of the default;
                          output a newline after each use of FORMAT
      --printf=FORMAT   like --format, but interpret backslash escapes,
                          and do not output a mandatory trailing newline
  -t, --terse           print the information in terse form
      --help            display this help and exit

The valid format sequences for files (without --file-system):

  %a   permission bits in octal      %A   permission bits and file type
  %b   number of blocks allocated    %B   the size in bytes of each block
  %d   device number in decimal      %D   device number in hex
  %f   raw mode in hex               %F   file type
  %g   group ID of owner             %G   group name of owner
  %h   number of hard links          %i   inode number
  %m   mount point                   %n   file name
  %N   quoted file name with dereference if symbolic link
  %o   optimal I/O transfer size     %s   total size, in bytes
  %t   major device type in hex      %T   minor device type in hex
  %u   user ID of owner              %U   user name of owner
  %w   time of file birth            %W   time of file birth, seconds
  %x   time of last access           %X   time of last access, seconds
  %y   time of last data modification  %Y   ... seconds since Epoch
  %z   time of last status change    %Z   ... seconds since Epoch

Valid format sequences for file systems:

  %a   free blocks available to non-superuser
  %b   total data blocks in file system
  %c   total file nodes in file system
  %d   free file nodes in file system
  %f   free blocks in file system
  %i   file system ID in hex         %l   maximum length of filenames
  %n   file name                     %s   block size
  %S   fundamental block size        %t   file system type in hex
  %T   file system type in human readable form
";

const DEFAULT: &str = "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n";
const DEVICE_LINE: &str = "Device: %Hd,%Ld\tInode: %-10i  Links: %h\n";
const DEVICE_LINE_DEV: &str = "Device: %Hd,%Ld\tInode: %-10i  Links: %-5h Device type: %Hr,%Lr\n";
const TAIL: &str = "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n\
                    Access: %x\nModify: %y\nChange: %z\n Birth: %w\n";
const TERSE: &str = "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n";
const FS_DEFAULT: &str = "  File: \"%n\"\n    ID: %-8i Namelen: %-7l Type: %T\n\
                          Block size: %-10s Fundamental block size: %S\n\
                          Blocks: Total: %-10b Free: %-10f Available: %a\n\
                          Inodes: Total: %-10c Free: %d\n";
const FS_TERSE: &str = "%n %i %l %t %s %S %b %f %a %c %d\n";

/// What a file directive may show.
pub struct FileInfo<'a> {
    /// The name as given.
    pub name: &'a str,
    /// Its status.
    pub st: &'a Stat,
    /// The link target, for `%N` on a symbolic link.
    pub target: Option<&'a str>,
    /// Owner name.
    pub user: String,
    /// Group name.
    pub group: String,
    /// Mount point (`%m`).
    pub mount: String,
}

/// A value before padding.
enum Val {
    Str(String),
    Dec(u64),
    Oct(u64),
    Hex(u64),
    Int(i64),
}

/// Apply printf flags, width and precision to a value.
fn pad(v: Val, flags: &str, width: usize, prec: Option<usize>) -> String {
    let left = flags.contains('-');
    let zero = flags.contains('0') && !left;
    let alt = flags.contains('#');
    let (sign, body, numeric) = match v {
        Val::Str(s) => {
            let s = match prec {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            };
            (String::new(), s, false)
        }
        Val::Dec(n) => (
            if flags.contains('+') {
                "+"
            } else if flags.contains(' ') {
                " "
            } else {
                ""
            }
            .to_string(),
            n.to_string(),
            true,
        ),
        Val::Int(n) => {
            let sign = if n < 0 {
                "-"
            } else if flags.contains('+') {
                "+"
            } else if flags.contains(' ') {
                " "
            } else {
                ""
            };
            (sign.to_string(), n.unsigned_abs().to_string(), true)
        }
        Val::Oct(n) => (
            String::new(),
            if alt && n != 0 {
                format!("0{n:o}")
            } else {
                format!("{n:o}")
            },
            true,
        ),
        Val::Hex(n) => (
            String::new(),
            if alt && n != 0 {
                format!("0x{n:x}")
            } else {
                format!("{n:x}")
            },
            true,
        ),
    };
    let body = match (numeric, prec) {
        (true, Some(p)) if body.len() < p => format!("{}{body}", "0".repeat(p - body.len())),
        _ => body,
    };
    let len = sign.chars().count() + body.chars().count();
    if len >= width {
        return format!("{sign}{body}");
    }
    let fill = width - len;
    if left {
        format!("{sign}{body}{}", " ".repeat(fill))
    } else if zero && numeric && prec.is_none() {
        format!("{sign}{}{body}", "0".repeat(fill))
    } else {
        format!("{}{sign}{body}", " ".repeat(fill))
    }
}

/// The full time as `%x`/`%y`/`%z` print it.
pub fn full_time(t: Timespec) -> String {
    strftime_ns("%Y-%m-%d %H:%M:%S.%N %z", t.sec, t.nsec)
}

/// Expand one format for a file.
pub fn render_file(fmt: &str, f: &FileInfo<'_>) -> String {
    expand(fmt, |conv, prefix| {
        let st = f.st;
        Some(match (prefix, conv) {
            (Some('H'), 'd') => Val::Dec(st.dev >> 8),
            (Some('L'), 'd') => Val::Dec(st.dev & 0xff),
            (Some('H'), 'r') => Val::Dec(st.rdev >> 8),
            (Some('L'), 'r') => Val::Dec(st.rdev & 0xff),
            (Some(_), _) => return None,
            (None, c) => match c {
                'a' => Val::Oct((st.mode & 0o7777) as u64),
                'A' => Val::Str(Mode::render(st.mode)),
                'b' => Val::Dec(st.blocks),
                'B' => Val::Dec(512),
                'C' => Val::Str("?".into()),
                'd' => Val::Dec(st.dev),
                'D' => Val::Hex(st.dev),
                'f' => Val::Hex(st.mode as u64),
                'F' => Val::Str(type_name(st.mode, st.size).into()),
                'g' => Val::Dec(st.gid.0 as u64),
                'G' => Val::Str(f.group.clone()),
                'h' => Val::Dec(st.nlink as u64),
                'i' => Val::Dec(st.ino.0),
                'm' => Val::Str(f.mount.clone()),
                'n' => Val::Str(f.name.to_string()),
                'N' => {
                    let mut s = shell_quote(f.name);
                    if let (Some(t), FileType::Symlink) = (f.target, st.file_type()) {
                        s.push_str(" -> ");
                        s.push_str(&shell_quote(t));
                    }
                    Val::Str(s)
                }
                'o' => Val::Dec(st.blksize as u64),
                's' => Val::Dec(st.size),
                't' => Val::Hex(st.rdev >> 8),
                'T' => Val::Hex(st.rdev & 0xff),
                'u' => Val::Dec(st.uid.0 as u64),
                'U' => Val::Str(f.user.clone()),
                'w' => Val::Str("-".into()),
                'W' => Val::Int(0),
                'x' => Val::Str(full_time(st.atime)),
                'X' => Val::Int(st.atime.sec),
                'y' => Val::Str(full_time(st.mtime)),
                'Y' => Val::Int(st.mtime.sec),
                'z' => Val::Str(full_time(st.ctime)),
                'Z' => Val::Int(st.ctime.sec),
                _ => return None,
            },
        })
    })
}

/// The type magic number `stat -f %t` shows for a file-system type name.
fn fs_magic(name: &str) -> u64 {
    match name {
        "tmpfs" | "devtmpfs" => 0x0102_1994,
        "proc" => 0x9fa0,
        "devpts" => 0x1cd1,
        "sysfs" => 0x6265_6572,
        "ext2" | "ext3" | "ext4" => 0xef53,
        "overlay" => 0x794c_7630,
        _ => 0,
    }
}

/// Expand one format for a file system.
pub fn render_fs(fmt: &str, name: &str, fs: &StatFs) -> String {
    expand(fmt, |conv, prefix| {
        if prefix.is_some() {
            return None;
        }
        Some(match conv {
            'a' | 'f' => Val::Dec(fs.bfree),
            'b' => Val::Dec(fs.blocks),
            'c' => Val::Dec(fs.files),
            'd' => Val::Dec(fs.ffree),
            'i' => Val::Hex(0),
            'l' => Val::Dec(255),
            'n' => Val::Str(name.to_string()),
            's' | 'S' => Val::Dec(fs.bsize),
            't' => Val::Hex(fs_magic(&fs.fstype)),
            'T' => Val::Str(fs.fstype.clone()),
            _ => return None,
        })
    })
}

/// Walk a format, expanding `%[flags][width][.prec][H|L]conv` through `get`; unknown
/// directives are copied as they are.
fn expand(fmt: &str, get: impl Fn(char, Option<char>) -> Option<Val>) -> String {
    let c: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] != '%' {
            out.push(c[i]);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        if c.get(i) == Some(&'%') {
            out.push('%');
            i += 1;
            continue;
        }
        let mut flags = String::new();
        while i < c.len() && "-+ #0'".contains(c[i]) {
            flags.push(c[i]);
            i += 1;
        }
        let mut width = 0usize;
        while i < c.len() && c[i].is_ascii_digit() {
            width = width
                .saturating_mul(10)
                .saturating_add(c[i].to_digit(10).unwrap_or(0) as usize)
                .min(4096);
            i += 1;
        }
        let mut prec = None;
        if c.get(i) == Some(&'.') {
            i += 1;
            let mut p = 0usize;
            while i < c.len() && c[i].is_ascii_digit() {
                p = p
                    .saturating_mul(10)
                    .saturating_add(c[i].to_digit(10).unwrap_or(0) as usize)
                    .min(4096);
                i += 1;
            }
            prec = Some(p);
        }
        let mut prefix = None;
        if matches!(c.get(i), Some('H' | 'L')) && matches!(c.get(i + 1), Some('d' | 'r')) {
            prefix = c.get(i).copied();
            i += 1;
        }
        let Some(&conv) = c.get(i) else {
            out.extend(&c[start..]);
            break;
        };
        i += 1;
        match get(conv, prefix) {
            Some(v) => out.push_str(&pad(v, &flags, width, prec)),
            None => out.extend(&c[start..i]),
        }
    }
    out
}

/// Interpret `--printf` backslash escapes.
pub fn unescape(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] != '\\' || i + 1 == c.len() {
            out.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        let e = c[i];
        i += 1;
        match e {
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'e' => out.push('\x1b'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                let mut n = 1;
                while n < 3 && i < c.len() && c[i].is_digit(8) {
                    v = v * 8 + c[i].to_digit(8).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                out.push(char::from_u32(v & 0xff).unwrap_or('?'));
            }
            'x' => {
                let mut v = 0;
                let mut n = 0;
                while n < 2 && i < c.len() && c[i].is_ascii_hexdigit() {
                    v = v * 16 + c[i].to_digit(16).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                if n == 0 {
                    out.push_str("\\x");
                } else {
                    out.push(char::from_u32(v).unwrap_or('?'));
                }
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

/// The mount point holding `path`: the longest mount target that prefixes its canonical path.
async fn mount_point(ctx: &Ctx, path: &str) -> String {
    let canon = common::canonicalize(&ctx.sys, path, common::Canon::Missing, true)
        .await
        .unwrap_or_else(|_| path.into());
    let mounts = ctx.sys.mounts().await.unwrap_or_default();
    mounts
        .iter()
        .map(|m| m.target.as_str())
        .filter(|t| *t == "/" || canon == *t || canon.starts_with(&format!("{t}/")))
        .max_by_key(|t| t.len())
        .unwrap_or("/")
        .to_string()
}

/// stat(1).
pub async fn stat(ctx: &mut Ctx) -> i32 {
    let long = [
        "dereference",
        "file-system",
        "format=",
        "printf=",
        "terse",
        "help",
        "cached=",
    ];
    let p = match common::parse(ctx, "Lfc:t", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    if p.operands.is_empty() {
        return common::usage_error(ctx, "missing operand", 1);
    }
    let follow = p.has('L') || p.has_long("dereference");
    let fs_mode = p.has('f') || p.has_long("file-system");
    let terse = p.has('t') || p.has_long("terse");
    let user_fmt: Option<String> = match (
        p.value('c').or(p.long_value("format")),
        p.long_value("printf"),
    ) {
        (_, Some(pf)) => Some(unescape(pf)),
        (Some(f), None) => Some(format!("{f}\n")),
        _ => None,
    };
    let db = UserDb::load(&ctx.sys).await;
    let mut status = 0;
    for name in &p.operands {
        if fs_mode {
            match ctx.sys.statfs(name).await {
                Ok(fs) => {
                    let fmt =
                        user_fmt
                            .as_deref()
                            .unwrap_or(if terse { FS_TERSE } else { FS_DEFAULT });
                    ctx.out.str(&render_fs(fmt, name, &fs));
                }
                Err(e) => {
                    ctx.error(&format!(
                        "cannot read file system information for {}: {}",
                        quote(name),
                        e.message()
                    ));
                    status = 1;
                }
            }
            continue;
        }
        let st = if follow {
            ctx.sys.stat(name).await
        } else {
            ctx.sys.lstat(name).await
        };
        let st = match st {
            Ok(s) => s,
            Err(e) => {
                ctx.error(&format!("cannot stat {}: {}", quote(name), e.message()));
                status = 1;
                continue;
            }
        };
        let target = if st.file_type() == FileType::Symlink {
            ctx.sys.readlink(name).await.ok()
        } else {
            None
        };
        let default;
        let fmt = match &user_fmt {
            Some(f) => f.as_str(),
            None if terse => TERSE,
            None => {
                let dev = matches!(st.file_type(), FileType::CharDevice | FileType::BlockDevice);
                default = format!(
                    "{DEFAULT}{}{TAIL}",
                    if dev { DEVICE_LINE_DEV } else { DEVICE_LINE }
                );
                default.as_str()
            }
        };
        let mount = if fmt.contains("%m") {
            mount_point(ctx, name).await
        } else {
            String::new()
        };
        let info = FileInfo {
            name,
            st: &st,
            target: target.as_deref(),
            user: db.user_name(st.uid.0).unwrap_or("UNKNOWN").to_string(),
            group: db.group_name(st.gid.0).unwrap_or("UNKNOWN").to_string(),
            mount,
        };
        ctx.out.str(&render_file(fmt, &info));
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use wosix_abi::{Gid, Ino, Uid};

    fn sample() -> Stat {
        let t = Timespec {
            sec: 1_700_622_429,
            nsec: 5,
        };
        Stat {
            dev: 44,
            ino: Ino(1234),
            mode: 0o100644,
            nlink: 1,
            uid: Uid(1000),
            gid: Gid(1000),
            rdev: 0,
            size: 6,
            blksize: 4096,
            blocks: 8,
            atime: t,
            mtime: t,
            ctime: t,
        }
    }

    #[test]
    fn default_report() {
        let st = sample();
        let info = FileInfo {
            name: "a.txt",
            st: &st,
            target: None,
            user: "user".into(),
            group: "user".into(),
            mount: "/".into(),
        };
        let fmt = format!("{DEFAULT}{DEVICE_LINE}{TAIL}");
        assert_eq!(
            render_file(&fmt, &info),
            "  File: a.txt\n  Size: 6         \tBlocks: 8          IO Block: 4096   regular file\n\
             Device: 0,44\tInode: 1234        Links: 1\n\
             Access: (0644/-rw-r--r--)  Uid: ( 1000/    user)   Gid: ( 1000/    user)\n\
             Access: 2023-11-22 03:07:09.000000005 +0000\n\
             Modify: 2023-11-22 03:07:09.000000005 +0000\n\
             Change: 2023-11-22 03:07:09.000000005 +0000\n Birth: -\n"
        );
    }

    #[test]
    fn directives() {
        let st = sample();
        let info = FileInfo {
            name: "a b",
            st: &st,
            target: None,
            user: "user".into(),
            group: "user".into(),
            mount: "/".into(),
        };
        assert_eq!(
            render_file("%n|%N|%s|%a|%#a|%A|%U:%G|%Y|%f|%q|%%|%5.2s", &info),
            "a b|'a b'|6|644|0644|-rw-r--r--|user:user|1700622429|81a4|%q|%|   06"
        );
        assert_eq!(
            render_file(TERSE, &info),
            "a b 6 8 81a4 1000 1000 2c 1234 1 0 0 1700622429 1700622429 1700622429 0 4096\n"
        );
        assert_eq!(unescape("a\\tb\\n\\101"), "a\tb\nA");
    }
}
