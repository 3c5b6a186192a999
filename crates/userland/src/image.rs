//! The base image: the directory tree, /etc account files and the program files of /bin and
//! /sbin, installed by process 1 through ordinary system calls at boot (DESIGN.md, "Boot").
//!
//! Accounts: `root` (password `root`) and `user` (uid 1000, password `user`, home
//! /home/user). /etc/shadow holds SHA-512 crypt hashes (`$6$`), readable by root only.

use wosix_abi::spawn::BUILTIN_MAGIC;
use wosix_abi::{Errno, Fd, Gid, OFlags, SysResult, Uid};
use wosix_runtime::Sys;

/// The machine's host name.
pub const HOSTNAME: &str = "wosix";

/// Uid and gid of the normal user.
pub const USER_ID: u32 = 1000;

/// The image's hash of root's password `root`. Like a distribution's cloud image, the base
/// image ships precomputed hashes: 5000 rounds of SHA-512 per account cost tens of
/// milliseconds of every boot in the browser. `passwd` writes a freshly salted hash.
const ROOT_HASH: &str = "$6$wosixImageRoot$eSWgMlrrhYhXPz7pRBdWv5Vh8XQ2aZmj838PrOnYdUU8jQTGY.kd5inAfaYvIZAs18AYJUX9iCae2HEEmwR1g0";

/// The image's hash of user's password `user` (see [`ROOT_HASH`]).
const USER_HASH: &str = "$6$wosixImageUser$AiMIl0l15w4DKRCafsW8QoBejukAcn5IVFEkt6.DXGiIuzXf75IHXtWyFxRthBEFPo8W93pBtuxJPDzKFp68A1";

/// Hash `password` as crypt(3) SHA-512 (`$6$salt$hash`) with 5000 rounds.
pub fn hash_password(password: &str, salt: &[u8]) -> String {
    const ALPHABET: &[u8] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let salt: String = salt
        .iter()
        .take(16)
        .map(|b| ALPHABET[(*b as usize) % 64] as char)
        .collect();
    use sha_crypt::PasswordHasher;
    sha_crypt::ShaCrypt::default()
        .hash_password_with_salt(password.as_bytes(), salt.as_bytes())
        .map(|h| h.as_str().to_string())
        .unwrap_or_else(|_| "!".to_string())
}

/// Whether `password` matches the crypt(3) `hash` (`$6$` or `$5$`).
pub fn verify_password(password: &str, hash: &str) -> bool {
    use sha_crypt::PasswordVerifier;
    sha_crypt::ShaCrypt::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

async fn write_file(
    sys: &Sys,
    path: &str,
    data: &[u8],
    mode: u32,
    uid: u32,
    gid: u32,
) -> SysResult<()> {
    let fd = sys
        .open(
            path,
            OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC | OFlags::CLOEXEC,
            mode,
        )
        .await?;
    let r = sys.write_all(fd, data).await;
    sys.close(fd).await?;
    r?;
    // chown first: it clears set-id bits (chown(2)), which chmod then sets.
    sys.chown(path, Some(Uid(uid)), Some(Gid(gid))).await?;
    sys.chmod(path, mode).await
}

async fn mkdir(sys: &Sys, path: &str, mode: u32, uid: u32, gid: u32) -> SysResult<()> {
    match sys.mkdir(path, mode).await {
        Ok(()) | Err(Errno::EEXIST) => {}
        Err(e) => return Err(e),
    }
    sys.chmod(path, mode).await?;
    sys.chown(path, Some(Uid(uid)), Some(Gid(gid))).await
}

/// Install the base image as the calling process (which must be root).
pub async fn install(sys: &Sys) -> SysResult<()> {
    let old = sys.umask(0o022).await?;
    let u = USER_ID;
    for (dir, mode) in [
        ("/bin", 0o755),
        ("/sbin", 0o755),
        ("/etc", 0o755),
        ("/home", 0o755),
        ("/root", 0o700),
        ("/tmp", 0o1777),
        ("/usr", 0o755),
        ("/usr/bin", 0o755),
        ("/usr/sbin", 0o755),
        ("/usr/local", 0o755),
        ("/usr/local/bin", 0o755),
        ("/usr/share", 0o755),
        ("/var", 0o755),
        ("/var/log", 0o755),
        ("/var/tmp", 0o1777),
        ("/mnt", 0o755),
    ] {
        mkdir(sys, dir, mode, 0, 0).await?;
    }
    mkdir(sys, "/home/user", 0o755, u, u).await?;

    let passwd = format!(
        "root:x:0:0:root:/root:/bin/sh\n\
         daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n\
         nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n\
         user:x:{u}:{u}:user:/home/user:/bin/sh\n"
    );
    let group = format!(
        "root:x:0:\ndaemon:x:1:\ntty:x:5:\nwheel:x:10:user\nusers:x:100:user\nnogroup:x:65534:\nuser:x:{u}:\n"
    );
    let shadow = format!(
        "root:{ROOT_HASH}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\nuser:{USER_HASH}:19000:0:99999:7:::\n"
    );
    write_file(sys, "/etc/passwd", passwd.as_bytes(), 0o644, 0, 0).await?;
    write_file(sys, "/etc/group", group.as_bytes(), 0o644, 0, 0).await?;
    write_file(sys, "/etc/shadow", shadow.as_bytes(), 0o600, 0, 0).await?;
    write_file(
        sys,
        "/etc/hostname",
        format!("{HOSTNAME}\n").as_bytes(),
        0o644,
        0,
        0,
    )
    .await?;
    write_file(
        sys,
        "/etc/hosts",
        format!("127.0.0.1\tlocalhost\n127.0.1.1\t{HOSTNAME}\n").as_bytes(),
        0o644,
        0,
        0,
    )
    .await?;
    write_file(sys, "/etc/shells", b"/bin/sh\n", 0o644, 0, 0).await?;
    write_file(
        sys,
        "/etc/profile",
        b"PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin\nexport PATH\n",
        0o644,
        0,
        0,
    )
    .await?;
    write_file(sys, "/etc/motd", b"Welcome to Wosix.\n", 0o644, 0, 0).await?;
    write_file(
        sys,
        "/etc/os-release",
        b"NAME=\"Wosix\"\nID=wosix\nPRETTY_NAME=\"Wosix\"\n",
        0o644,
        0,
        0,
    )
    .await?;
    write_file(sys, "/root/.profile", b"", 0o644, 0, 0).await?;
    write_file(sys, "/home/user/.profile", b"", 0o644, u, u).await?;

    for p in crate::programs() {
        let path = format!("{}/{}", p.dir, p.name);
        let body = format!("{}{}\n", String::from_utf8_lossy(BUILTIN_MAGIC), p.name);
        write_file(sys, &path, body.as_bytes(), p.mode, 0, 0).await?;
    }
    sys.umask(old).await?;
    let _ = Fd::STDIN;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn image_hashes_match_the_default_passwords() {
        assert!(verify_password("root", ROOT_HASH));
        assert!(verify_password("user", USER_HASH));
        assert!(!verify_password("user", ROOT_HASH));
    }

    #[test]
    fn password_hash_round_trip() {
        let h = hash_password("secret", b"0123456789abcdef");
        assert!(h.starts_with("$6$"));
        assert!(verify_password("secret", &h));
        assert!(!verify_password("wrong", &h));
    }
}
