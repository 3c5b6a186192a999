//! WASI's error numbers and the one mapping from Wosix's [`Errno`] (Linux numbering) to them.
//! WASI numbers its errors alphabetically (`wasi_snapshot_preview1` witx, type `errno`), so every
//! value a guest sees passes through [`wasi_errno`] and nowhere else.

use wosix_abi::Errno;

/// A WASI error number (`errno` of `wasi_snapshot_preview1`); 0 is success.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WasiErrno(pub u16);

/// WASI error numbers by name (the witx `errno` enum, in its order).
#[allow(missing_docs)]
pub mod codes {
    pub const SUCCESS: u16 = 0;
    pub const TOOBIG: u16 = 1;
    pub const ACCES: u16 = 2;
    pub const ADDRINUSE: u16 = 3;
    pub const ADDRNOTAVAIL: u16 = 4;
    pub const AFNOSUPPORT: u16 = 5;
    pub const AGAIN: u16 = 6;
    pub const ALREADY: u16 = 7;
    pub const BADF: u16 = 8;
    pub const BADMSG: u16 = 9;
    pub const BUSY: u16 = 10;
    pub const CANCELED: u16 = 11;
    pub const CHILD: u16 = 12;
    pub const CONNABORTED: u16 = 13;
    pub const CONNREFUSED: u16 = 14;
    pub const CONNRESET: u16 = 15;
    pub const DEADLK: u16 = 16;
    pub const DESTADDRREQ: u16 = 17;
    pub const DOM: u16 = 18;
    pub const DQUOT: u16 = 19;
    pub const EXIST: u16 = 20;
    pub const FAULT: u16 = 21;
    pub const FBIG: u16 = 22;
    pub const HOSTUNREACH: u16 = 23;
    pub const IDRM: u16 = 24;
    pub const ILSEQ: u16 = 25;
    pub const INPROGRESS: u16 = 26;
    pub const INTR: u16 = 27;
    pub const INVAL: u16 = 28;
    pub const IO: u16 = 29;
    pub const ISCONN: u16 = 30;
    pub const ISDIR: u16 = 31;
    pub const LOOP: u16 = 32;
    pub const MFILE: u16 = 33;
    pub const MLINK: u16 = 34;
    pub const MSGSIZE: u16 = 35;
    pub const MULTIHOP: u16 = 36;
    pub const NAMETOOLONG: u16 = 37;
    pub const NETDOWN: u16 = 38;
    pub const NETRESET: u16 = 39;
    pub const NETUNREACH: u16 = 40;
    pub const NFILE: u16 = 41;
    pub const NOBUFS: u16 = 42;
    pub const NODEV: u16 = 43;
    pub const NOENT: u16 = 44;
    pub const NOEXEC: u16 = 45;
    pub const NOLCK: u16 = 46;
    pub const NOLINK: u16 = 47;
    pub const NOMEM: u16 = 48;
    pub const NOMSG: u16 = 49;
    pub const NOPROTOOPT: u16 = 50;
    pub const NOSPC: u16 = 51;
    pub const NOSYS: u16 = 52;
    pub const NOTCONN: u16 = 53;
    pub const NOTDIR: u16 = 54;
    pub const NOTEMPTY: u16 = 55;
    pub const NOTRECOVERABLE: u16 = 56;
    pub const NOTSOCK: u16 = 57;
    pub const NOTSUP: u16 = 58;
    pub const NOTTY: u16 = 59;
    pub const NXIO: u16 = 60;
    pub const OVERFLOW: u16 = 61;
    pub const OWNERDEAD: u16 = 62;
    pub const PERM: u16 = 63;
    pub const PIPE: u16 = 64;
    pub const PROTO: u16 = 65;
    pub const PROTONOSUPPORT: u16 = 66;
    pub const PROTOTYPE: u16 = 67;
    pub const RANGE: u16 = 68;
    pub const ROFS: u16 = 69;
    pub const SPIPE: u16 = 70;
    pub const SRCH: u16 = 71;
    pub const STALE: u16 = 72;
    pub const TIMEDOUT: u16 = 73;
    pub const TXTBSY: u16 = 74;
    pub const XDEV: u16 = 75;
    pub const NOTCAPABLE: u16 = 76;
}

impl WasiErrno {
    /// Success.
    pub const SUCCESS: WasiErrno = WasiErrno(codes::SUCCESS);
    /// Bad file descriptor.
    pub const BADF: WasiErrno = WasiErrno(codes::BADF);
    /// Invalid argument.
    pub const INVAL: WasiErrno = WasiErrno(codes::INVAL);
    /// Function not implemented (what unknown imports return).
    pub const NOSYS: WasiErrno = WasiErrno(codes::NOSYS);
    /// Not a socket.
    pub const NOTSOCK: WasiErrno = WasiErrno(codes::NOTSOCK);
    /// Value too large (a result does not fit the guest's type).
    pub const OVERFLOW: WasiErrno = WasiErrno(codes::OVERFLOW);
    /// Name too long (a buffer too small for a name).
    pub const NAMETOOLONG: WasiErrno = WasiErrno(codes::NAMETOOLONG);
    /// Illegal byte sequence (a path that is not UTF-8).
    pub const ILSEQ: WasiErrno = WasiErrno(codes::ILSEQ);
}

impl From<Errno> for WasiErrno {
    fn from(e: Errno) -> WasiErrno {
        WasiErrno(wasi_errno(e))
    }
}

/// The WASI number of a Wosix error.
pub fn wasi_errno(e: Errno) -> u16 {
    use codes::*;
    match e {
        Errno::EPERM => PERM,
        Errno::ENOENT => NOENT,
        Errno::ESRCH => SRCH,
        Errno::EINTR => INTR,
        Errno::EIO => IO,
        Errno::ENXIO => NXIO,
        Errno::E2BIG => TOOBIG,
        Errno::ENOEXEC => NOEXEC,
        Errno::EBADF => BADF,
        Errno::ECHILD => CHILD,
        Errno::EAGAIN => AGAIN,
        Errno::ENOMEM => NOMEM,
        Errno::EACCES => ACCES,
        Errno::EFAULT => FAULT,
        Errno::ENOTBLK => NODEV,
        Errno::EBUSY => BUSY,
        Errno::EEXIST => EXIST,
        Errno::EXDEV => XDEV,
        Errno::ENODEV => NODEV,
        Errno::ENOTDIR => NOTDIR,
        Errno::EISDIR => ISDIR,
        Errno::EINVAL => INVAL,
        Errno::ENFILE => NFILE,
        Errno::EMFILE => MFILE,
        Errno::ENOTTY => NOTTY,
        Errno::ETXTBSY => TXTBSY,
        Errno::EFBIG => FBIG,
        Errno::ENOSPC => NOSPC,
        Errno::ESPIPE => SPIPE,
        Errno::EROFS => ROFS,
        Errno::EMLINK => MLINK,
        Errno::EPIPE => PIPE,
        Errno::EDOM => DOM,
        Errno::ERANGE => RANGE,
        Errno::EDEADLK => DEADLK,
        Errno::ENAMETOOLONG => NAMETOOLONG,
        Errno::ENOLCK => NOLCK,
        Errno::ENOSYS => NOSYS,
        Errno::ENOTEMPTY => NOTEMPTY,
        Errno::ELOOP => LOOP,
        Errno::ENOMSG => NOMSG,
        Errno::EIDRM => IDRM,
        Errno::ENOSTR => NOTSUP,
        Errno::ENODATA => NOMSG,
        Errno::ETIME => TIMEDOUT,
        Errno::ENOLINK => NOLINK,
        Errno::EPROTO => PROTO,
        Errno::EMULTIHOP => MULTIHOP,
        Errno::EBADMSG => BADMSG,
        Errno::EOVERFLOW => OVERFLOW,
        Errno::EILSEQ => ILSEQ,
        Errno::ENOTSOCK => NOTSOCK,
        Errno::EDESTADDRREQ => DESTADDRREQ,
        Errno::EMSGSIZE => MSGSIZE,
        Errno::EPROTOTYPE => PROTOTYPE,
        Errno::ENOPROTOOPT => NOPROTOOPT,
        Errno::EPROTONOSUPPORT => PROTONOSUPPORT,
        Errno::ESOCKTNOSUPPORT => NOTSUP,
        Errno::EOPNOTSUPP => NOTSUP,
        Errno::EAFNOSUPPORT => AFNOSUPPORT,
        Errno::EADDRINUSE => ADDRINUSE,
        Errno::EADDRNOTAVAIL => ADDRNOTAVAIL,
        Errno::ENETDOWN => NETDOWN,
        Errno::ENETUNREACH => NETUNREACH,
        Errno::ENETRESET => NETRESET,
        Errno::ECONNABORTED => CONNABORTED,
        Errno::ECONNRESET => CONNRESET,
        Errno::ENOBUFS => NOBUFS,
        Errno::EISCONN => ISCONN,
        Errno::ENOTCONN => NOTCONN,
        Errno::ETIMEDOUT => TIMEDOUT,
        Errno::ECONNREFUSED => CONNREFUSED,
        Errno::EHOSTUNREACH => HOSTUNREACH,
        Errno::EALREADY => ALREADY,
        Errno::EINPROGRESS => INPROGRESS,
        Errno::ESTALE => STALE,
        Errno::EDQUOT => DQUOT,
        Errno::ECANCELED => CANCELED,
        Errno::EOWNERDEAD => OWNERDEAD,
        Errno::ENOTRECOVERABLE => NOTRECOVERABLE,
        #[allow(unreachable_patterns)]
        _ => IO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_errors_map_to_their_wasi_names() {
        assert_eq!(wasi_errno(Errno::ENOENT), 44);
        assert_eq!(wasi_errno(Errno::EACCES), 2);
        assert_eq!(wasi_errno(Errno::EBADF), 8);
        assert_eq!(wasi_errno(Errno::ENOSYS), 52);
        assert_eq!(wasi_errno(Errno::EEXIST), 20);
        assert_eq!(wasi_errno(Errno::ENOTEMPTY), 55);
        assert_eq!(WasiErrno::from(Errno::EISDIR), WasiErrno(31));
    }
}
