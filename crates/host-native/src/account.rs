//! Who a session runs as: the account is looked up in the machine's own /etc/passwd and
//! /etc/group (passwd(5), group(5)), as login(1) would, and turned into spawn credentials and
//! the login environment (HOME, USER, LOGNAME, SHELL, PATH, TERM, PWD).

use wosix_abi::{Gid, SpawnCreds, Uid};

/// One account, with its groups resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// Login name.
    pub name: String,
    /// User id.
    pub uid: u32,
    /// Primary group id.
    pub gid: u32,
    /// Home directory.
    pub home: String,
    /// Login shell (`/bin/sh` when the field is empty).
    pub shell: String,
    /// Supplementary groups: the primary group, then every group listing the user.
    pub groups: Vec<u32>,
}

/// PATH for ordinary users.
pub const USER_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// PATH for root.
pub const ROOT_PATH: &str = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";

/// Find `name` (or a numeric uid) in the text of /etc/passwd and resolve its groups from the
/// text of /etc/group. Malformed lines are skipped.
pub fn lookup(passwd: &str, group: &str, name: &str) -> Option<Account> {
    let numeric: Option<u32> = name.parse().ok();
    let entry = passwd.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() < 7 {
            return None;
        }
        let uid: u32 = f[2].parse().ok()?;
        let gid: u32 = f[3].parse().ok()?;
        (f[0] == name || numeric == Some(uid)).then(|| (f[0].to_string(), uid, gid, f[5], f[6]))
    })?;
    let (name, uid, gid, home, shell) = entry;
    let mut groups = vec![gid];
    for line in group.lines() {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() < 4 {
            continue;
        }
        let Ok(g) = f[2].parse::<u32>() else { continue };
        if f[3].split(',').any(|m| m == name) && !groups.contains(&g) {
            groups.push(g);
        }
    }
    Some(Account {
        name,
        uid,
        gid,
        home: if home.is_empty() {
            "/".to_string()
        } else {
            home.to_string()
        },
        shell: if shell.is_empty() {
            "/bin/sh".to_string()
        } else {
            shell.to_string()
        },
        groups,
    })
}

impl Account {
    /// The credentials a spawn gives the session's shell.
    pub fn creds(&self) -> SpawnCreds {
        SpawnCreds {
            uid: Uid(self.uid),
            gid: Gid(self.gid),
            groups: self.groups.iter().map(|g| Gid(*g)).collect(),
        }
    }

    /// The login environment, `NAME=value` strings; `term` is the host's TERM, if any, and
    /// `cwd` the directory the session starts in.
    pub fn env(&self, term: Option<&str>, cwd: &str) -> Vec<String> {
        let path = if self.uid == 0 { ROOT_PATH } else { USER_PATH };
        let term = term.filter(|t| !t.is_empty()).unwrap_or("xterm-256color");
        vec![
            format!("HOME={}", self.home),
            format!("USER={}", self.name),
            format!("LOGNAME={}", self.name),
            "SHELL=/bin/sh".to_string(),
            format!("PATH={path}"),
            format!("TERM={term}"),
            format!("PWD={cwd}"),
        ]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\nbroken line\n\
                          user:x:1000:1000:user:/home/user:/bin/sh\nodd:x:7:7::::\n";
    const GROUP: &str = "root:x:0:\nwheel:x:10:user\nusers:x:100:alice,user\nuser:x:1000:\n";

    #[test]
    fn finds_user_and_groups() {
        let a = lookup(PASSWD, GROUP, "user").unwrap();
        assert_eq!((a.uid, a.gid, a.home.as_str()), (1000, 1000, "/home/user"));
        assert_eq!(a.groups, vec![1000, 10, 100]);
        let r = lookup(PASSWD, GROUP, "0").unwrap();
        assert_eq!(r.name, "root");
        assert_eq!(r.groups, vec![0]);
    }

    #[test]
    fn empty_fields_default() {
        let a = lookup(PASSWD, GROUP, "odd").unwrap();
        assert_eq!((a.home.as_str(), a.shell.as_str()), ("/", "/bin/sh"));
        assert!(lookup(PASSWD, GROUP, "nobody").is_none());
        assert!(lookup(PASSWD, GROUP, "broken line").is_none());
    }

    #[test]
    fn env_paths() {
        let r = lookup(PASSWD, GROUP, "root").unwrap();
        assert!(r.env(None, "/root").contains(&format!("PATH={ROOT_PATH}")));
        let u = lookup(PASSWD, GROUP, "user").unwrap();
        let env = u.env(Some("vt100"), "/home/user");
        assert!(env.contains(&format!("PATH={USER_PATH}")));
        assert!(env.contains(&"TERM=vt100".to_string()));
        assert!(env.contains(&"PWD=/home/user".to_string()));
    }
}
