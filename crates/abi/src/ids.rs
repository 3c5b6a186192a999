//! Newtype identifiers. A `Pid` can never be passed where an `Fd` is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id {
    ($(#[$m:meta])* $name:ident, $t:ty) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub $t);
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id!(
    /// A process id (also used for process-group and session ids, as on Linux).
    Pid, u32
);
id!(
    /// A file descriptor number in one process's descriptor table.
    Fd, u32
);
id!(
    /// A user id. `Uid(0)` is root.
    Uid, u32
);
id!(
    /// A group id.
    Gid, u32
);
id!(
    /// An inode number, unique within one file system.
    Ino, u64
);

impl Uid {
    /// The superuser.
    pub const ROOT: Uid = Uid(0);
    /// Whether this is the superuser.
    pub fn is_root(self) -> bool {
        self.0 == 0
    }
}

impl Fd {
    /// Standard input.
    pub const STDIN: Fd = Fd(0);
    /// Standard output.
    pub const STDOUT: Fd = Fd(1);
    /// Standard error.
    pub const STDERR: Fd = Fd(2);
}

impl Pid {
    /// The init process.
    pub const INIT: Pid = Pid(1);
}
