//! File types, mode bits, `struct stat` and directory entries (inode(7), stat(2), getdents(2)).

use crate::ids::{Gid, Ino, Uid};
use serde::{Deserialize, Serialize};

/// A point in time: seconds and nanoseconds since the Unix epoch.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Timespec {
    /// Whole seconds.
    pub sec: i64,
    /// Nanoseconds, `0..1_000_000_000`.
    pub nsec: u32,
}

impl Timespec {
    /// From nanoseconds since the epoch.
    pub fn from_nanos(ns: u64) -> Timespec {
        Timespec {
            sec: (ns / 1_000_000_000) as i64,
            nsec: (ns % 1_000_000_000) as u32,
        }
    }
    /// As nanoseconds since the epoch (saturating at 0 for times before it).
    pub fn as_nanos(self) -> u64 {
        (self.sec.max(0) as u64)
            .saturating_mul(1_000_000_000)
            .saturating_add(self.nsec as u64)
    }
}

/// The type of a file (the `S_IFMT` part of a mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FileType {
    /// A regular file.
    Regular,
    /// A directory.
    Directory,
    /// A symbolic link.
    Symlink,
    /// A character device.
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A named pipe or anonymous pipe.
    Fifo,
    /// A socket.
    Socket,
}

impl FileType {
    /// The `S_IFMT` bits for this type.
    pub fn mode_bits(self) -> u32 {
        match self {
            FileType::Fifo => 0o010000,
            FileType::CharDevice => 0o020000,
            FileType::Directory => 0o040000,
            FileType::BlockDevice => 0o060000,
            FileType::Regular => 0o100000,
            FileType::Symlink => 0o120000,
            FileType::Socket => 0o140000,
        }
    }
    /// The type named by the `S_IFMT` bits of `mode`.
    pub fn from_mode(mode: u32) -> Option<FileType> {
        Some(match mode & Mode::S_IFMT {
            0o010000 => FileType::Fifo,
            0o020000 => FileType::CharDevice,
            0o040000 => FileType::Directory,
            0o060000 => FileType::BlockDevice,
            0o100000 => FileType::Regular,
            0o120000 => FileType::Symlink,
            0o140000 => FileType::Socket,
            _ => return None,
        })
    }
    /// The character `ls -l` shows for this type (`-`, `d`, `l`, `c`, `b`, `p`, `s`).
    pub fn ls_char(self) -> char {
        match self {
            FileType::Regular => '-',
            FileType::Directory => 'd',
            FileType::Symlink => 'l',
            FileType::CharDevice => 'c',
            FileType::BlockDevice => 'b',
            FileType::Fifo => 'p',
            FileType::Socket => 's',
        }
    }
}

/// Mode-bit constants (inode(7)).
pub struct Mode;

impl Mode {
    /// Mask of the file-type bits.
    pub const S_IFMT: u32 = 0o170000;
    /// Set-user-id on execution.
    pub const S_ISUID: u32 = 0o4000;
    /// Set-group-id on execution.
    pub const S_ISGID: u32 = 0o2000;
    /// Sticky bit (restricted deletion in directories).
    pub const S_ISVTX: u32 = 0o1000;
    /// Owner read.
    pub const S_IRUSR: u32 = 0o400;
    /// Owner write.
    pub const S_IWUSR: u32 = 0o200;
    /// Owner execute.
    pub const S_IXUSR: u32 = 0o100;
    /// All permission bits plus set-id and sticky.
    pub const PERM_MASK: u32 = 0o7777;

    /// Render a full mode as `ls -l` does, e.g. `drwxr-xr-x` or `-rwsr-xr-x`.
    pub fn render(mode: u32) -> String {
        let mut s = String::with_capacity(10);
        s.push(
            FileType::from_mode(mode)
                .map(FileType::ls_char)
                .unwrap_or('?'),
        );
        let bit = |m: u32, c: char| if mode & m != 0 { c } else { '-' };
        let special = |x: bool, s: bool, lower: char, upper: char| match (x, s) {
            (true, true) => lower,
            (false, true) => upper,
            (true, false) => 'x',
            (false, false) => '-',
        };
        s.push(bit(0o400, 'r'));
        s.push(bit(0o200, 'w'));
        s.push(special(mode & 0o100 != 0, mode & 0o4000 != 0, 's', 'S'));
        s.push(bit(0o040, 'r'));
        s.push(bit(0o020, 'w'));
        s.push(special(mode & 0o010 != 0, mode & 0o2000 != 0, 's', 'S'));
        s.push(bit(0o004, 'r'));
        s.push(bit(0o002, 'w'));
        s.push(special(mode & 0o001 != 0, mode & 0o1000 != 0, 't', 'T'));
        s
    }
}

/// What stat(2) returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    /// Id of the file system (mount) holding the file.
    pub dev: u64,
    /// Inode number.
    pub ino: Ino,
    /// Type and permission bits.
    pub mode: u32,
    /// Number of hard links.
    pub nlink: u32,
    /// Owner.
    pub uid: Uid,
    /// Group.
    pub gid: Gid,
    /// Device number for character/block devices (`major << 8 | minor`).
    pub rdev: u64,
    /// Size in bytes.
    pub size: u64,
    /// Preferred I/O block size.
    pub blksize: u32,
    /// Number of 512-byte blocks allocated.
    pub blocks: u64,
    /// Last access.
    pub atime: Timespec,
    /// Last modification of content.
    pub mtime: Timespec,
    /// Last status change.
    pub ctime: Timespec,
}

impl Stat {
    /// The file type from `mode`.
    pub fn file_type(&self) -> FileType {
        FileType::from_mode(self.mode).unwrap_or(FileType::Regular)
    }
    /// Permission bits alone (including set-id and sticky).
    pub fn perm(&self) -> u32 {
        self.mode & Mode::PERM_MASK
    }
    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        self.file_type() == FileType::Directory
    }
}

/// One entry from getdents(2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dirent {
    /// Inode number.
    pub ino: Ino,
    /// File type (`d_type`).
    pub ftype: FileType,
    /// Name within the directory.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn render_modes() {
        assert_eq!(Mode::render(0o040755), "drwxr-xr-x");
        assert_eq!(Mode::render(0o104755), "-rwsr-xr-x");
        assert_eq!(Mode::render(0o041777), "drwxrwxrwt");
        assert_eq!(Mode::render(0o100644 | 0o4000), "-rwSr--r--");
        assert_eq!(Mode::render(0o120777), "lrwxrwxrwx");
    }
}
