//! chown(1) and chgrp(1) as in GNU coreutils: `OWNER[:[GROUP]]`, `:GROUP`, numeric ids,
//! `-R` (links not followed), `-h`, `-v`/`-c` reports and `--reference`. Names are resolved
//! through [`crate::cmd::users`].

use super::common::{self, join, quote};
use crate::Ctx;
use crate::args::Opt;
use crate::cmd::users::UserDb;
use wosix_abi::{FileType, Gid, Uid};

const CHOWN_HELP: &str = "\
Usage: {prog} [OPTION]... [OWNER][:[GROUP]] FILE...
  or:  {prog} [OPTION]... --reference=RFILE FILE...
Change the owner and/or group of each FILE to OWNER and/or GROUP.
With --reference, change the owner and group of each FILE to those of RFILE.

  -c, --changes          like verbose but report only when a change is made
  -f, --silent, --quiet  suppress most error messages
  -v, --verbose          output a diagnostic for every file processed
  -h, --no-dereference   affect symbolic links instead of any referenced file
      --reference=RFILE  use RFILE's owner and group rather than
                         specifying OWNER:GROUP values
  -R, --recursive        operate on files and directories recursively
      --help             display this help and exit

Owner is unchanged if missing.  Group is unchanged if missing, but changed
to login group if implied by a ':' following a symbolic OWNER.
OWNER and GROUP may be numeric as well as symbolic.
";

const CHGRP_HELP: &str = "\
Usage: {prog} [OPTION]... GROUP FILE...
  or:  {prog} [OPTION]... --reference=RFILE FILE...
Change the group of each FILE to GROUP.
With --reference, change the group of each FILE to that of RFILE.

  -c, --changes          like verbose but report only when a change is made
  -f, --silent, --quiet  suppress most error messages
  -v, --verbose          output a diagnostic for every file processed
  -h, --no-dereference   affect symbolic links instead of any referenced file
      --reference=RFILE  use RFILE's group rather than specifying a GROUP value
  -R, --recursive        operate on files and directories recursively
      --help             display this help and exit
";

/// Parse `OWNER[:[GROUP]]` (or the old `OWNER.GROUP`) into ids; the error is the message
/// after `chown: ` (`invalid user: 'bob'`).
pub fn parse_spec(db: &UserDb, spec: &str) -> Result<(Option<u32>, Option<u32>), String> {
    let split = spec.find(':').or_else(|| {
        if db.user(spec).is_none() {
            spec.find('.')
        } else {
            None
        }
    });
    let (u, g) = match split {
        Some(i) => (&spec[..i], Some(&spec[i + 1..])),
        None => (spec, None),
    };
    let mut uid = None;
    let mut gid = None;
    if !u.is_empty() {
        match db.user_by_name(u) {
            Some(pw) => {
                uid = Some(pw.uid);
                if g == Some("") {
                    gid = Some(pw.gid);
                }
            }
            None => match u.parse::<u32>() {
                Ok(n) if u.bytes().all(|b| b.is_ascii_digit()) => {
                    uid = Some(n);
                    if g == Some("") {
                        match db.user_by_uid(n) {
                            Some(pw) => gid = Some(pw.gid),
                            None => return Err(format!("invalid spec: {}", quote(spec))),
                        }
                    }
                }
                _ => return Err(format!("invalid user: {}", quote(spec))),
            },
        }
    }
    if let Some(g) = g.filter(|g| !g.is_empty()) {
        match db.group_by_name(g) {
            Some(gr) => gid = Some(gr.gid),
            None => match g.parse::<u32>() {
                Ok(n) if g.bytes().all(|b| b.is_ascii_digit()) => gid = Some(n),
                _ => return Err(format!("invalid group: {}", quote(spec))),
            },
        }
    }
    Ok((uid, gid))
}

struct Chown {
    uid: Option<u32>,
    gid: Option<u32>,
    verbose: bool,
    changes: bool,
    quiet: bool,
    recursive: bool,
    no_deref: bool,
    chgrp: bool,
    db: UserDb,
}

/// chown(1).
pub async fn chown(ctx: &mut Ctx) -> i32 {
    run(ctx, false).await
}

/// chgrp(1).
pub async fn chgrp(ctx: &mut Ctx) -> i32 {
    run(ctx, true).await
}

async fn run(ctx: &mut Ctx, chgrp: bool) -> i32 {
    let long = [
        "changes",
        "silent",
        "quiet",
        "verbose",
        "no-dereference",
        "dereference",
        "reference=",
        "recursive",
        "preserve-root",
        "no-preserve-root",
        "help",
    ];
    let p = match common::parse(ctx, "cfvhRHLP", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, if chgrp { CHGRP_HELP } else { CHOWN_HELP });
    }
    let db = UserDb::load(&ctx.sys).await;
    let mut c = Chown {
        uid: None,
        gid: None,
        verbose: false,
        changes: false,
        quiet: false,
        recursive: false,
        no_deref: false,
        chgrp,
        db,
    };
    let mut deref_set = false;
    for opt in &p.opts {
        let name = match opt {
            Opt::Short(ch, _) => ch.to_string(),
            Opt::Long(n, _) => n.clone(),
        };
        match name.as_str() {
            "c" | "changes" => c.changes = true,
            "f" | "silent" | "quiet" => c.quiet = true,
            "v" | "verbose" => c.verbose = true,
            "h" | "no-dereference" => {
                c.no_deref = true;
                deref_set = true;
            }
            "dereference" => {
                c.no_deref = false;
                deref_set = true;
            }
            "R" | "recursive" => c.recursive = true,
            _ => {}
        }
    }
    if c.recursive && !deref_set {
        c.no_deref = true;
    }
    let mut operands = p.operands.clone();
    if let Some(r) = p.long_value("reference") {
        match ctx.sys.stat(r).await {
            Ok(st) => {
                c.gid = Some(st.gid.0);
                if !chgrp {
                    c.uid = Some(st.uid.0);
                }
            }
            Err(e) => {
                ctx.error(&format!(
                    "failed to get attributes of {}: {}",
                    quote(r),
                    e.message()
                ));
                return 1;
            }
        }
    } else {
        if operands.is_empty() {
            return common::usage_error(ctx, "missing operand", 1);
        }
        let spec = operands.remove(0);
        if operands.is_empty() {
            return common::usage_error(ctx, &format!("missing operand after {}", quote(&spec)), 1);
        }
        if chgrp {
            match c.db.group(&spec) {
                Some(g) => c.gid = Some(g.gid),
                None => {
                    ctx.error(&format!("invalid group: {}", quote(&spec)));
                    return 1;
                }
            }
        } else {
            match parse_spec(&c.db, &spec) {
                Ok((u, g)) => {
                    c.uid = u;
                    c.gid = g;
                }
                Err(m) => {
                    ctx.error(&m);
                    return 1;
                }
            }
        }
    }
    if operands.is_empty() {
        return common::usage_error(ctx, "missing operand", 1);
    }
    let mut status = 0;
    for f in &operands {
        if !c.change(ctx, f).await {
            status = 1;
        }
    }
    status
}

impl Chown {
    fn describe(&self, uid: Option<u32>, gid: Option<u32>) -> String {
        let u = uid.map(|u| self.db.user_label(u));
        let g = gid.map(|g| self.db.group_label(g));
        match (u, g) {
            (Some(u), Some(g)) => format!("{u}:{g}"),
            (Some(u), None) => u,
            (None, Some(g)) => g,
            (None, None) => String::new(),
        }
    }

    async fn change(&self, ctx: &mut Ctx, path: &str) -> bool {
        let st = if self.no_deref {
            ctx.sys.lstat(path).await
        } else {
            ctx.sys.stat(path).await
        };
        let st = match st {
            Ok(s) => s,
            Err(e) => {
                if !self.quiet {
                    ctx.error(&format!("cannot access {}: {}", quote(path), e.message()));
                }
                return false;
            }
        };
        let want_u = self.uid.filter(|_| !self.chgrp);
        let changed =
            want_u.is_some_and(|u| u != st.uid.0) || self.gid.is_some_and(|g| g != st.gid.0);
        let (uid, gid) = (want_u.map(Uid), self.gid.map(Gid));
        let r = if self.no_deref {
            ctx.sys.lchown(path, uid, gid).await
        } else {
            ctx.sys.chown(path, uid, gid).await
        };
        let mut ok = true;
        let what = if want_u.is_some() {
            "ownership"
        } else {
            "group"
        };
        let old = self.describe(want_u.map(|_| st.uid.0), self.gid.map(|_| st.gid.0));
        let new = self.describe(want_u, self.gid);
        match r {
            Err(e) => {
                if !self.quiet {
                    let verb = if want_u.is_some() {
                        "changing ownership of"
                    } else {
                        "changing group of"
                    };
                    ctx.error(&format!("{verb} {}: {}", quote(path), e.message()));
                }
                if self.verbose {
                    ctx.out.line(&format!(
                        "failed to change {what} of {} from {old} to {new}",
                        quote(path)
                    ));
                }
                ok = false;
            }
            Ok(()) => {
                if changed && (self.verbose || self.changes) {
                    let verb = if want_u.is_some() {
                        "changed ownership"
                    } else {
                        "changed group"
                    };
                    ctx.out
                        .line(&format!("{verb} of {} from {old} to {new}", quote(path)));
                } else if !changed && self.verbose {
                    ctx.out
                        .line(&format!("{what} of {} retained as {new}", quote(path)));
                }
            }
        }
        if self.recursive && st.is_dir() && st.file_type() != FileType::Symlink {
            match ctx.sys.read_dir(path).await {
                Ok(entries) => {
                    for e in entries {
                        if !Box::pin(self.change(ctx, &join(path, &e.name))).await {
                            ok = false;
                        }
                    }
                }
                Err(e) => {
                    if !self.quiet {
                        ctx.error(&format!(
                            "cannot read directory {}: {}",
                            quote(path),
                            e.message()
                        ));
                    }
                    ok = false;
                }
            }
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> UserDb {
        UserDb::parse(
            "root:x:0:0::/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n",
            "root:x:0:\nwheel:x:10:user\nuser:x:1000:\n",
        )
    }

    #[test]
    fn specs() {
        let d = db();
        assert_eq!(parse_spec(&d, "user"), Ok((Some(1000), None)));
        assert_eq!(parse_spec(&d, "user:wheel"), Ok((Some(1000), Some(10))));
        assert_eq!(parse_spec(&d, "user:"), Ok((Some(1000), Some(1000))));
        assert_eq!(parse_spec(&d, ":wheel"), Ok((None, Some(10))));
        assert_eq!(parse_spec(&d, "42:43"), Ok((Some(42), Some(43))));
        assert_eq!(parse_spec(&d, "root.wheel"), Ok((Some(0), Some(10))));
        assert_eq!(parse_spec(&d, "bob"), Err("invalid user: 'bob'".into()));
        assert_eq!(
            parse_spec(&d, "user:nope"),
            Err("invalid group: 'user:nope'".into())
        );
        assert_eq!(parse_spec(&d, ""), Ok((None, None)));
    }
}
