//! passwd(1) as shadow-utils with PAM behaves: a user changes their own password after giving
//! the current one; root changes anyone's without, and may also delete (`-d`), lock (`-l`) or
//! unlock (`-u`) it. `-S` shows the status. Installed set-uid root; /etc/shadow is rewritten
//! whole with a fresh SHA-512 hash and a random salt.

use super::auth::{self, PassError, ShadowEntry};
use crate::Ctx;
use crate::args;
use crate::cmd::timefmt::strftime;
use crate::cmd::users::UserDb;
use crate::image;
use wosix_abi::call::ClockId;

/// Exit status of PAM failures (shadow-utils uses 10).
const PAM_FAILURE: i32 = 10;

/// The `passwd -S` line: name, status (L, NP, P), last change, min, max, warn, inactive.
pub fn status_line(e: &ShadowEntry) -> String {
    let st = if e.hash.starts_with('!') {
        "L"
    } else if e.hash.is_empty() {
        "NP"
    } else {
        "P"
    };
    let field = |i: usize, default: &str| -> String {
        e.rest
            .get(i)
            .filter(|v| !v.is_empty())
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let changed = match e.rest.first().and_then(|d| d.parse::<i64>().ok()) {
        Some(0) => "never".to_string(),
        Some(d) => strftime("%m/%d/%Y", d * 86_400),
        None => "never".to_string(),
    };
    format!(
        "{} {st} {changed} {} {} {} {}",
        e.name,
        field(1, "0"),
        field(2, "99999"),
        field(3, "7"),
        field(4, "-1")
    )
}

fn unchanged(ctx: &mut Ctx, why: &str) -> i32 {
    ctx.err.line(&format!("passwd: {why}"));
    ctx.err.line("passwd: password unchanged");
    PAM_FAILURE
}

/// passwd(1).
pub async fn passwd(ctx: &mut Ctx) -> i32 {
    let long = ["delete", "lock", "unlock", "status", "all", "help"];
    let p = match args::parse(&ctx.argv[1..], "dluSah", &long, true) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(&e);
            ctx.err.line("Try 'passwd --help' for more information.");
            return 2;
        }
    };
    if p.has('h') || p.has_long("help") {
        ctx.out.str("Usage: passwd [options] [LOGIN]\n\nOptions:\n  -a, --all                     report password status on all accounts\n  -d, --delete                  delete the password for the named account\n  -h, --help                    display this help message and exit\n  -l, --lock                    lock the password of the named account\n  -S, --status                  report password status on the named account\n  -u, --unlock                  unlock the password of the named account\n\n");
        return 0;
    }
    if p.operands.len() > 1 {
        ctx.err.line("Usage: passwd [options] [LOGIN]");
        return 2;
    }
    let flag = |c: char, l: &str| p.has(c) || p.has_long(l);
    let (delete, lock, unlock, status) = (
        flag('d', "delete"),
        flag('l', "lock"),
        flag('u', "unlock"),
        flag('S', "status"),
    );
    let db = UserDb::load(&ctx.sys).await;
    let ruid = ctx.sys.getuid().await.map(|u| u.0).unwrap_or(u32::MAX);
    let me = db.user_name(ruid).map(str::to_string);
    let name = match (p.operands.first(), &me) {
        (Some(n), _) => n.clone(),
        (None, Some(m)) => m.clone(),
        (None, None) => {
            ctx.error("Cannot determine your user name.");
            return 1;
        }
    };
    let Some(user) = db.user_by_name(&name).cloned() else {
        ctx.error(&format!("user '{name}' does not exist"));
        return 1;
    };
    if ruid != 0 && user.uid != ruid {
        ctx.error(&format!(
            "You may not view or modify password information for {name}."
        ));
        return 1;
    }
    if ruid != 0 && (delete || lock || unlock || flag('a', "all")) {
        ctx.error("Permission denied.");
        return 1;
    }
    let mut entries = match auth::read_shadow(&ctx.sys).await {
        Ok(e) => e,
        Err(e) => {
            ctx.error(&format!("cannot open /etc/shadow: {}", e.message()));
            return 1;
        }
    };
    if status {
        let all = flag('a', "all");
        for e in entries.iter().filter(|e| all || e.name == name) {
            ctx.out.line(&status_line(e));
        }
        return 0;
    }
    let today = ctx
        .sys
        .clock_gettime(ClockId::Realtime)
        .await
        .map(|t| t.sec / 86_400)
        .unwrap_or(0);
    let current = entries
        .iter()
        .find(|e| e.name == name)
        .map(|e| e.hash.clone())
        .unwrap_or_default();
    if delete || lock || unlock {
        let hash = if delete {
            String::new()
        } else if lock {
            if current.starts_with('!') {
                current.clone()
            } else {
                format!("!{current}")
            }
        } else {
            let h = current.trim_start_matches('!').to_string();
            if h.is_empty() {
                ctx.error("unlocking the password would result in a passwordless account.\nYou should set a password with usermod -p to unlock the password of this account.");
                return 3;
            }
            h
        };
        auth::set_hash(&mut entries, &name, &hash, today);
        if let Err(e) = auth::write_shadow(&ctx.sys, &entries).await {
            ctx.error(&format!("cannot write /etc/shadow: {}", e.message()));
            return 1;
        }
        ctx.out.line("passwd: password changed.");
        return 0;
    }
    if ruid != 0 {
        ctx.out.line(&format!("Changing password for {name}."));
        ctx.flush().await;
        if !current.is_empty() {
            match auth::getpass(&ctx.sys, "Current password: ").await {
                Ok(pw) if auth::check(&pw, &current) => {}
                Ok(_) => return unchanged(ctx, "Authentication token manipulation error"),
                Err(PassError::Interrupted) => return 130,
                Err(_) => return unchanged(ctx, "Authentication token manipulation error"),
            }
        }
    }
    let new = match auth::getpass(&ctx.sys, "New password: ").await {
        Ok(pw) => pw,
        Err(PassError::Interrupted) => return 130,
        Err(_) => return unchanged(ctx, "Authentication token manipulation error"),
    };
    if new.is_empty() {
        ctx.err.line("No password has been supplied.");
        return unchanged(ctx, "Authentication token manipulation error");
    }
    let again = match auth::getpass(&ctx.sys, "Retype new password: ").await {
        Ok(pw) => pw,
        Err(PassError::Interrupted) => return 130,
        Err(_) => return unchanged(ctx, "Authentication token manipulation error"),
    };
    if again != new {
        ctx.err.line("Sorry, passwords do not match.");
        return unchanged(ctx, "Authentication token manipulation error");
    }
    let salt = match ctx.sys.getrandom(16).await {
        Ok(s) => s,
        Err(e) => {
            ctx.error(&format!("cannot get random salt: {}", e.message()));
            return 1;
        }
    };
    auth::set_hash(
        &mut entries,
        &name,
        &image::hash_password(&new, &salt),
        today,
    );
    if let Err(e) = auth::write_shadow(&ctx.sys, &entries).await {
        return unchanged(
            ctx,
            &format!("Authentication token manipulation error ({})", e.message()),
        );
    }
    ctx.err.line("passwd: password updated successfully");
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines() {
        let e = auth::parse_shadow(
            "user:$6$a$b:19683:0:99999:7:::\nroot:!x:0:0:99999:7:::\nnp::19683::::::\n",
        );
        assert_eq!(status_line(&e[0]), "user P 11/22/2023 0 99999 7 -1");
        assert_eq!(status_line(&e[1]), "root L never 0 99999 7 -1");
        assert_eq!(status_line(&e[2]), "np NP 11/22/2023 0 99999 7 -1");
    }
}
