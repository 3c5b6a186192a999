//! The account database as programs see it: /etc/passwd and /etc/group parsed in userland,
//! as getpwnam(3)/getgrgid(3) do in libc. Used by `ls -l`, `stat`, `chown`, `find -user`,
//! `id`, `su` and friends. A missing or unreadable file is an empty database.

use wosix_runtime::Sys;

/// One /etc/passwd entry (passwd(5)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passwd {
    /// Login name.
    pub name: String,
    /// Password field (`x` when the hash is in /etc/shadow).
    pub passwd: String,
    /// User id.
    pub uid: u32,
    /// Login group id.
    pub gid: u32,
    /// Comment (GECOS) field.
    pub gecos: String,
    /// Home directory.
    pub dir: String,
    /// Login shell.
    pub shell: String,
}

/// One /etc/group entry (group(5)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Group name.
    pub name: String,
    /// Password field.
    pub passwd: String,
    /// Group id.
    pub gid: u32,
    /// Names of the supplementary members.
    pub members: Vec<String>,
}

/// Both account files, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserDb {
    /// Entries of /etc/passwd in file order.
    pub users: Vec<Passwd>,
    /// Entries of /etc/group in file order.
    pub groups: Vec<Group>,
}

/// Parse the text of /etc/passwd; malformed lines are skipped.
pub fn parse_passwd(text: &str) -> Vec<Passwd> {
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            if f.len() < 7 {
                return None;
            }
            Some(Passwd {
                name: f[0].to_string(),
                passwd: f[1].to_string(),
                uid: f[2].parse().ok()?,
                gid: f[3].parse().ok()?,
                gecos: f[4].to_string(),
                dir: f[5].to_string(),
                shell: f[6..].join(":"),
            })
        })
        .collect()
}

/// Parse the text of /etc/group; malformed lines are skipped.
pub fn parse_group(text: &str) -> Vec<Group> {
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            if f.len() < 4 {
                return None;
            }
            Some(Group {
                name: f[0].to_string(),
                passwd: f[1].to_string(),
                gid: f[2].parse().ok()?,
                members: f[3]
                    .split(',')
                    .filter(|m| !m.is_empty())
                    .map(str::to_string)
                    .collect(),
            })
        })
        .collect()
}

/// Read a whole file, or `None`.
async fn slurp(sys: &Sys, path: &str) -> Option<String> {
    use wosix_abi::OFlags;
    let fd = sys
        .open(path, OFlags::RDONLY | OFlags::CLOEXEC, 0)
        .await
        .ok()?;
    let r = sys.read_to_end(fd).await;
    let _ = sys.close(fd).await;
    r.ok().map(|b| String::from_utf8_lossy(&b).into_owned())
}

impl UserDb {
    /// Read /etc/passwd and /etc/group.
    pub async fn load(sys: &Sys) -> UserDb {
        let users = slurp(sys, "/etc/passwd")
            .await
            .map(|t| parse_passwd(&t))
            .unwrap_or_default();
        let groups = slurp(sys, "/etc/group")
            .await
            .map(|t| parse_group(&t))
            .unwrap_or_default();
        UserDb { users, groups }
    }

    /// A database from the texts of both files.
    pub fn parse(passwd: &str, group: &str) -> UserDb {
        UserDb {
            users: parse_passwd(passwd),
            groups: parse_group(group),
        }
    }

    /// The user with this login name.
    pub fn user_by_name(&self, name: &str) -> Option<&Passwd> {
        self.users.iter().find(|u| u.name == name)
    }

    /// The first user with this uid.
    pub fn user_by_uid(&self, uid: u32) -> Option<&Passwd> {
        self.users.iter().find(|u| u.uid == uid)
    }

    /// A user by name, or failing that by decimal uid (as chown(1) resolves `OWNER`).
    pub fn user(&self, name_or_id: &str) -> Option<&Passwd> {
        self.user_by_name(name_or_id)
            .or_else(|| self.user_by_uid(name_or_id.parse().ok()?))
    }

    /// The group with this name.
    pub fn group_by_name(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// The first group with this gid.
    pub fn group_by_gid(&self, gid: u32) -> Option<&Group> {
        self.groups.iter().find(|g| g.gid == gid)
    }

    /// A group by name, or failing that by decimal gid.
    pub fn group(&self, name_or_id: &str) -> Option<&Group> {
        self.group_by_name(name_or_id)
            .or_else(|| self.group_by_gid(name_or_id.parse().ok()?))
    }

    /// The login name of `uid`.
    pub fn user_name(&self, uid: u32) -> Option<&str> {
        self.user_by_uid(uid).map(|u| u.name.as_str())
    }

    /// The name of group `gid`.
    pub fn group_name(&self, gid: u32) -> Option<&str> {
        self.group_by_gid(gid).map(|g| g.name.as_str())
    }

    /// The login name of `uid`, or the number when it has none (as `ls -l` shows it).
    pub fn user_label(&self, uid: u32) -> String {
        self.user_name(uid)
            .map(str::to_string)
            .unwrap_or_else(|| uid.to_string())
    }

    /// The name of group `gid`, or the number when it has none.
    pub fn group_label(&self, gid: u32) -> String {
        self.group_name(gid)
            .map(str::to_string)
            .unwrap_or_else(|| gid.to_string())
    }

    /// The groups of login `user`: the login group first, then every group listing it as a
    /// member (initgroups(3)); empty if there is no such user.
    pub fn groups_of(&self, user: &str) -> Vec<u32> {
        let Some(u) = self.user_by_name(user) else {
            return Vec::new();
        };
        let mut out = vec![u.gid];
        for g in &self.groups {
            if g.members.iter().any(|m| m == user) && !out.contains(&g.gid) {
                out.push(g.gid);
            }
        }
        out
    }
}

/// Look a user up by login name or, failing that, by numeric uid.
pub async fn lookup_user(sys: &Sys, name_or_id: &str) -> Option<Passwd> {
    UserDb::load(sys).await.user(name_or_id).cloned()
}

/// Look a group up by name or, failing that, by numeric gid.
pub async fn lookup_group(sys: &Sys, name_or_id: &str) -> Option<Group> {
    UserDb::load(sys).await.group(name_or_id).cloned()
}

/// The login name of `uid`, if /etc/passwd has one.
pub async fn user_name(sys: &Sys, uid: u32) -> Option<String> {
    UserDb::load(sys).await.user_name(uid).map(str::to_string)
}

/// The name of group `gid`, if /etc/group has one.
pub async fn group_name(sys: &Sys, gid: u32) -> Option<String> {
    UserDb::load(sys).await.group_name(gid).map(str::to_string)
}

/// The group ids of login `user` (login group first), as initgroups(3) computes them.
pub async fn groups_of(sys: &Sys, user: &str) -> Vec<u32> {
    UserDb::load(sys).await.groups_of(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWD: &str =
        "root:x:0:0:root:/root:/bin/sh\nbad line\nuser:x:1000:1000:user:/home/user:/bin/sh\n";
    const GROUP: &str = "root:x:0:\nwheel:x:10:user\nusers:x:100:user,other\nuser:x:1000:\n";

    #[test]
    fn lookups() {
        let db = UserDb::parse(PASSWD, GROUP);
        assert_eq!(db.users.len(), 2);
        assert_eq!(db.user("user").map(|u| u.uid), Some(1000));
        assert_eq!(db.user("0").map(|u| u.name.as_str()), Some("root"));
        assert_eq!(db.user("nobody"), None);
        assert_eq!(db.group("wheel").map(|g| g.gid), Some(10));
        assert_eq!(db.group_name(100), Some("users"));
        assert_eq!(db.user_label(4242), "4242");
        assert_eq!(db.groups_of("user"), vec![1000, 10, 100]);
        assert_eq!(db.groups_of("root"), vec![0]);
        assert!(db.groups_of("ghost").is_empty());
    }
}
