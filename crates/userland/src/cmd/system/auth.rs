//! What `su`, `login` and `passwd` share: reading a password with echo off (getpass(3)),
//! /etc/shadow lookups and rewrites (shadow(5)), switching credentials to a user, and running
//! the user's shell as a child while relaying its stops (there is no exec in Wosix, so these
//! programs wait for the shell and exit with its status).

use crate::cmd::users::{Passwd, UserDb};
use crate::image;
use wosix_abi::call::SetWhen;
use wosix_abi::termios::lflag;
use wosix_abi::{
    Errno, Fd, Gid, OFlags, SigAction, SigSet, Signal, SpawnAttrs, SpawnRequest, SysResult, Uid,
    WaitOptions, WaitStatus,
};
use wosix_runtime::Sys;

/// PATH for ordinary users (login.defs ENV_PATH).
pub const USER_PATH: &str = "/usr/local/bin:/usr/bin:/bin";
/// PATH for root (login.defs ENV_SUPATH).
pub const ROOT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Why no password was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassError {
    /// End of input before a newline and with nothing typed.
    Eof,
    /// ^C (or another caught signal) interrupted the prompt.
    Interrupted,
    /// Reading failed.
    Io(Errno),
}

/// Read a line with echo off, as getpass(3): on /dev/tty when there is one, else prompting on
/// standard error and reading standard input. The prompt's line is ended after input.
pub async fn getpass(sys: &Sys, prompt: &str) -> Result<String, PassError> {
    let tty = sys
        .open(
            "/dev/tty",
            OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
            0,
        )
        .await
        .ok();
    let (rfd, wfd) = match tty {
        Some(fd) => (fd, fd),
        None => (Fd::STDIN, Fd::STDERR),
    };
    let saved = sys.tcgetattr(rfd).await.ok();
    if let Some(t) = saved {
        let mut quiet = t;
        quiet.lflag &= !(lflag::ECHO | lflag::ECHOE | lflag::ECHOK);
        quiet.lflag |= lflag::ECHONL;
        let _ = sys.tcsetattr(rfd, SetWhen::Flush, quiet).await;
    }
    // Catch ^C so the terminal gets its echo back.
    let old_int = sys.sigaction(Signal::SIGINT, SigAction::Catch).await.ok();
    let old_quit = sys.sigaction(Signal::SIGQUIT, SigAction::Catch).await.ok();
    let _ = sys.write_all(wfd, prompt.as_bytes()).await;
    let r = read_line(sys, rfd).await;
    if let Some(t) = saved {
        let _ = sys.tcsetattr(rfd, SetWhen::Flush, t).await;
    }
    if r == Err(PassError::Interrupted) {
        let _ = sys.take_signal().await;
        if saved.is_some() {
            let _ = sys.write_all(wfd, b"\n").await;
        }
    }
    if let Some(a) = old_int {
        let _ = sys.sigaction(Signal::SIGINT, a).await;
    }
    if let Some(a) = old_quit {
        let _ = sys.sigaction(Signal::SIGQUIT, a).await;
    }
    if let Some(fd) = tty {
        let _ = sys.close(fd).await;
    }
    r
}

/// Read up to a newline one byte at a time, so nothing after it is consumed.
pub async fn read_line(sys: &Sys, fd: Fd) -> Result<String, PassError> {
    let mut line = Vec::new();
    loop {
        match sys.read_vec(fd, 1).await {
            Ok(b) if b.is_empty() => {
                if line.is_empty() {
                    return Err(PassError::Eof);
                }
                break;
            }
            Ok(b) if b[0] == b'\n' => break,
            Ok(b) => line.push(b[0]),
            Err(Errno::EINTR) => return Err(PassError::Interrupted),
            Err(e) => return Err(PassError::Io(e)),
        }
        if line.len() > 4096 {
            break;
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

/// One /etc/shadow entry: the name, the hash and the other fields as they were.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShadowEntry {
    /// Login name.
    pub name: String,
    /// Password hash (`!`-prefixed when locked, empty when none).
    pub hash: String,
    /// Fields 3.. (last change, min, max, warn, inactive, expire, reserved).
    pub rest: Vec<String>,
}

impl ShadowEntry {
    /// The entry as a shadow(5) line.
    pub fn line(&self) -> String {
        let mut f = vec![self.name.clone(), self.hash.clone()];
        f.extend(self.rest.iter().cloned());
        f.join(":")
    }
}

/// Parse /etc/shadow; lines without a `:` are kept out.
pub fn parse_shadow(text: &str) -> Vec<ShadowEntry> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.split(':');
            let name = f.next()?.to_string();
            let hash = f.next()?.to_string();
            Some(ShadowEntry {
                name,
                hash,
                rest: f.map(str::to_string).collect(),
            })
        })
        .collect()
}

/// Replace (or add) `user`'s hash, setting the last-change day.
pub fn set_hash(entries: &mut Vec<ShadowEntry>, user: &str, hash: &str, today: i64) {
    let day = today.to_string();
    match entries.iter_mut().find(|e| e.name == user) {
        Some(e) => {
            e.hash = hash.to_string();
            if e.rest.is_empty() {
                e.rest = vec![
                    day,
                    "0".into(),
                    "99999".into(),
                    "7".into(),
                    String::new(),
                    String::new(),
                    String::new(),
                ];
            } else {
                e.rest[0] = day;
            }
        }
        None => entries.push(ShadowEntry {
            name: user.to_string(),
            hash: hash.to_string(),
            rest: vec![
                day,
                "0".into(),
                "99999".into(),
                "7".into(),
                String::new(),
                String::new(),
                String::new(),
            ],
        }),
    }
}

/// The shadow file's entries (needs root).
pub async fn read_shadow(sys: &Sys) -> SysResult<Vec<ShadowEntry>> {
    let fd = sys
        .open("/etc/shadow", OFlags::RDONLY | OFlags::CLOEXEC, 0)
        .await?;
    let r = sys.read_to_end(fd).await;
    let _ = sys.close(fd).await;
    Ok(parse_shadow(&String::from_utf8_lossy(&r?)))
}

/// Replace /etc/shadow with `entries`: write a new file (0600, root) and rename it over.
pub async fn write_shadow(sys: &Sys, entries: &[ShadowEntry]) -> SysResult<()> {
    let tmp = "/etc/nshadow";
    let mut text = String::new();
    for e in entries {
        text.push_str(&e.line());
        text.push('\n');
    }
    let fd = sys
        .open(
            tmp,
            OFlags::WRONLY | OFlags::CREAT | OFlags::TRUNC | OFlags::CLOEXEC,
            0o600,
        )
        .await?;
    let w = sys.write_all(fd, text.as_bytes()).await;
    let _ = sys.close(fd).await;
    let done = async {
        w?;
        sys.chmod(tmp, 0o600).await?;
        sys.chown(tmp, Some(Uid(0)), Some(Gid(0))).await?;
        sys.rename(tmp, "/etc/shadow").await
    };
    let r = done.await;
    if r.is_err() {
        let _ = sys.unlink(tmp).await;
    }
    r
}

/// The hash `user` logs in with: /etc/shadow's, or the passwd field when it is not `x`.
pub async fn hash_of(sys: &Sys, user: &Passwd) -> Option<String> {
    if user.passwd != "x" {
        return Some(user.passwd.clone());
    }
    let entries = read_shadow(sys).await.ok()?;
    entries
        .into_iter()
        .find(|e| e.name == user.name)
        .map(|e| e.hash)
}

/// Whether `password` opens `hash` (an empty hash needs an empty password; `!`/`*` never).
pub fn check(password: &str, hash: &str) -> bool {
    if hash.is_empty() {
        return password.is_empty();
    }
    if hash.starts_with('!') || hash.starts_with('*') {
        return false;
    }
    image::verify_password(password, hash)
}

/// Become `user`: supplementary groups, then group, then user ids.
pub async fn become_user(
    sys: &Sys,
    db: &UserDb,
    user: &Passwd,
) -> Result<(), (&'static str, Errno)> {
    let groups: Vec<Gid> = db.groups_of(&user.name).into_iter().map(Gid).collect();
    sys.setgroups(groups)
        .await
        .map_err(|e| ("cannot set groups", e))?;
    sys.setgid(Gid(user.gid))
        .await
        .map_err(|e| ("cannot set group id", e))?;
    sys.setuid(Uid(user.uid))
        .await
        .map_err(|e| ("cannot set user id", e))?;
    Ok(())
}

/// The user's shell (`/bin/sh` when the field is empty).
pub fn shell_of(user: &Passwd) -> String {
    if user.shell.is_empty() {
        "/bin/sh".to_string()
    } else {
        user.shell.clone()
    }
}

/// The clean environment of a login session.
pub fn login_env(user: &Passwd, shell: &str, term: Option<&str>) -> Vec<String> {
    let mut env = vec![
        format!("HOME={}", user.dir),
        format!("SHELL={shell}"),
        format!("USER={}", user.name),
        format!("LOGNAME={}", user.name),
        format!("PATH={}", if user.uid == 0 { ROOT_PATH } else { USER_PATH }),
    ];
    if let Some(t) = term {
        env.push(format!("TERM={t}"));
    }
    env
}

/// `-sh` for `/bin/sh`: the argv[0] that makes a shell a login shell.
pub fn login_argv0(shell: &str) -> String {
    format!("-{}", shell.rsplit('/').next().unwrap_or(shell))
}

/// Run `argv` from `shell` in `cwd` (if any) with `env`, wait for it, and return the status
/// the caller should exit with. SIGINT and SIGQUIT are ignored meanwhile (the child gets the
/// defaults back); when the child stops, the caller stops too and resumes it when continued.
pub async fn run_shell(
    sys: &Sys,
    shell: &str,
    argv: Vec<String>,
    env: Vec<String>,
    cwd: Option<String>,
) -> Result<i32, Errno> {
    let mut sigdefault = SigSet::EMPTY;
    for s in [
        Signal::SIGINT,
        Signal::SIGQUIT,
        Signal::SIGTSTP,
        Signal::SIGTTIN,
        Signal::SIGTTOU,
    ] {
        sigdefault.insert(s);
    }
    let old_int = sys.sigaction(Signal::SIGINT, SigAction::Ignore).await.ok();
    let old_quit = sys.sigaction(Signal::SIGQUIT, SigAction::Ignore).await.ok();
    let mut file_actions = Vec::new();
    if let Some(dir) = cwd {
        file_actions.push(wosix_abi::FileAction::Chdir(dir));
    }
    let req = SpawnRequest {
        path: shell.to_string(),
        argv,
        envp: env,
        file_actions,
        attrs: SpawnAttrs {
            sigdefault,
            ..SpawnAttrs::default()
        },
    };
    let child = sys.spawn(req).await?;
    let me = sys.getpid().await.map(|p| p.0 as i32).unwrap_or(0);
    let status = loop {
        match sys.waitpid(child.0 as i32, WaitOptions::WUNTRACED).await {
            Ok(Some((_, WaitStatus::Exited(c)))) => break c as i32,
            Ok(Some((_, WaitStatus::Signaled(s, _)))) => break 128 + s.number() as i32,
            Ok(Some((_, WaitStatus::Stopped(_)))) => {
                let _ = sys.kill(me, Some(Signal::SIGSTOP)).await;
                let _ = sys.kill(child.0 as i32, Some(Signal::SIGCONT)).await;
            }
            Ok(_) | Err(Errno::EINTR) => {}
            Err(_) => break 1,
        }
    };
    if let Some(a) = old_int {
        let _ = sys.sigaction(Signal::SIGINT, a).await;
    }
    if let Some(a) = old_quit {
        let _ = sys.sigaction(Signal::SIGQUIT, a).await;
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shadow_round_trip() {
        let text = "root:$6$x$y:19000:0:99999:7:::\nuser:!:19000:0:99999:7:::\n";
        let mut e = parse_shadow(text);
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].hash, "!");
        assert_eq!(
            e.iter()
                .map(ShadowEntry::line)
                .collect::<Vec<_>>()
                .join("\n")
                + "\n",
            text
        );
        set_hash(&mut e, "user", "$6$a$b", 19_500);
        assert_eq!(e[1].line(), "user:$6$a$b:19500:0:99999:7:::");
        set_hash(&mut e, "new", "", 1);
        assert_eq!(e[2].line(), "new::1:0:99999:7:::");
    }

    #[test]
    fn password_checks() {
        let h = image::hash_password("pw", b"salt");
        assert!(check("pw", &h));
        assert!(!check("nope", &h));
        assert!(!check("pw", &format!("!{h}")));
        assert!(check("", ""));
        assert!(!check("x", ""));
        assert!(!check("", "*"));
    }

    #[test]
    fn login_environment() {
        let u = Passwd {
            name: "user".into(),
            passwd: "x".into(),
            uid: 1000,
            gid: 1000,
            gecos: String::new(),
            dir: "/home/user".into(),
            shell: "/bin/sh".into(),
        };
        assert_eq!(login_argv0(&shell_of(&u)), "-sh");
        let env = login_env(&u, "/bin/sh", Some("xterm"));
        assert!(env.contains(&"PATH=/usr/local/bin:/usr/bin:/bin".to_string()));
        assert!(env.contains(&"TERM=xterm".to_string()));
        assert!(env.contains(&"LOGNAME=user".to_string()));
    }
}
