//! mktemp(1) as in GNU coreutils: create a uniquely named file (mode 0600) or directory
//! (`-d`, mode 0700) from a template whose trailing `X`s are replaced by random letters and
//! digits; `tmp.XXXXXXXXXX` in `$TMPDIR` or /tmp by default.

use super::common::{self, quote};
use crate::Ctx;
use wosix_abi::{Errno, OFlags};

const HELP: &str = "\
Usage: {prog} [OPTION]... [TEMPLATE]
Create a temporary file or directory, safely, and print its name.
TEMPLATE must contain at least 3 consecutive 'X's in last component.
If TEMPLATE is not specified, use tmp.XXXXXXXXXX, and --tmpdir is implied.
Files are created u+rw, and directories u+rwx, minus umask restrictions.

  -d, --directory     create a directory, not a file
  -u, --dry-run       do not create anything; merely print a name (unsafe)
  -q, --quiet         suppress diagnostics about file/dir-creation failure
      --suffix=SUFF   append SUFF to TEMPLATE; SUFF must not contain a slash.
                        This option is implied if TEMPLATE does not end in X
  -p DIR, --tmpdir[=DIR]  interpret TEMPLATE relative to DIR; if DIR is not
                        specified, use $TMPDIR if set, else /tmp.
  -t                  interpret TEMPLATE as a single file name component,
                        relative to a directory: $TMPDIR, if set; else the
                        directory specified via -p; else /tmp [deprecated]
      --help          display this help and exit
";

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Split a template into (prefix, number of X's, suffix); the suffix is what follows the
/// last run of X's (or `--suffix`).
pub fn split_template(template: &str, suffix: Option<&str>) -> (String, usize, String) {
    let (body, suf) = match suffix {
        Some(s) => (template.to_string(), s.to_string()),
        None => {
            let end = template.rfind('X').map(|i| i + 1).unwrap_or(template.len());
            (template[..end].to_string(), template[end..].to_string())
        }
    };
    let xs = body.len() - body.trim_end_matches('X').len();
    (body[..body.len() - xs].to_string(), xs, suf)
}

/// mktemp(1).
pub async fn mktemp(ctx: &mut Ctx) -> i32 {
    let argv: Vec<String> = ctx
        .argv
        .iter()
        .skip(1)
        .map(|a| {
            if a == "--tmpdir" {
                "--tmpdir=".to_string()
            } else {
                a.clone()
            }
        })
        .collect();
    let p = match crate::args::parse(
        &argv,
        "duqp:t",
        &[
            "directory",
            "dry-run",
            "quiet",
            "suffix=",
            "tmpdir=",
            "help",
        ],
        true,
    ) {
        Ok(p) => p,
        Err(m) => return common::usage_error(ctx, &m, 1),
    };
    if p.has_long("help") {
        return common::help(ctx, HELP);
    }
    let dir_mode = p.has('d') || p.has_long("directory");
    let dry = p.has('u') || p.has_long("dry-run");
    let quiet = p.has('q') || p.has_long("quiet");
    let suffix = p.long_value("suffix");
    if suffix.is_some_and(|s| s.contains('/')) {
        ctx.error(&format!(
            "invalid suffix {}, contains directory separator",
            quote(suffix.unwrap_or(""))
        ));
        return 1;
    }
    if p.operands.len() > 1 {
        return common::usage_error(ctx, "too many templates", 1);
    }
    let tmpdir_env = ctx
        .getenv("TMPDIR")
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let explicit_dir = p.value('p').map(str::to_string).or_else(|| {
        p.long_value("tmpdir")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    });
    let use_dir = p.has('p') || p.has_long("tmpdir") || p.has('t') || p.operands.is_empty();
    let template = p
        .operands
        .first()
        .cloned()
        .unwrap_or_else(|| "tmp.XXXXXXXXXX".to_string());
    let full = if use_dir {
        if template.contains('/') {
            ctx.error(&format!(
                "invalid template, {}, contains directory separator",
                quote(&template)
            ));
            return 1;
        }
        let dir = if p.has('t') {
            tmpdir_env.or(explicit_dir).unwrap_or_else(|| "/tmp".into())
        } else {
            explicit_dir.or(tmpdir_env).unwrap_or_else(|| "/tmp".into())
        };
        common::join(&dir, &template)
    } else {
        template.clone()
    };
    let (prefix, xs, suf) = split_template(&full, suffix);
    if xs < 3 {
        ctx.error(&format!(
            "too few X's in template {}",
            quote(&format!("{}{}", &full, suffix.unwrap_or("")))
        ));
        return 1;
    }
    for _ in 0..100 {
        let rnd = match ctx.sys.getrandom(xs).await {
            Ok(r) => r,
            Err(e) => {
                ctx.error(&format!("cannot get random bytes: {}", e.message()));
                return 1;
            }
        };
        let middle: String = rnd
            .iter()
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect();
        let name = format!("{prefix}{middle}{suf}");
        if dry {
            if ctx.sys.lstat(&name).await.is_ok() {
                continue;
            }
            ctx.out.line(&name);
            return 0;
        }
        let r = if dir_mode {
            ctx.sys.mkdir(&name, 0o700).await
        } else {
            let flags = OFlags::RDWR | OFlags::CREAT | OFlags::EXCL | OFlags::CLOEXEC;
            match ctx.sys.open(&name, flags, 0o600).await {
                Ok(fd) => {
                    let _ = ctx.sys.close(fd).await;
                    Ok(())
                }
                Err(e) => Err(e),
            }
        };
        match r {
            Ok(()) => {
                ctx.out.line(&name);
                return 0;
            }
            Err(Errno::EEXIST) => continue,
            Err(e) => {
                if !quiet {
                    let what = if dir_mode { "directory" } else { "file" };
                    ctx.error(&format!(
                        "failed to create {what} via template {}: {}",
                        quote(&full),
                        e.message()
                    ));
                }
                return 1;
            }
        }
    }
    if !quiet {
        let what = if dir_mode { "directory" } else { "file" };
        ctx.error(&format!(
            "failed to create {what} via template {}: {}",
            quote(&full),
            Errno::EEXIST.message()
        ));
    }
    1
}

#[cfg(test)]
mod tests {
    use super::split_template;

    #[test]
    fn templates() {
        assert_eq!(
            split_template("/tmp/tmp.XXXXXXXXXX", None),
            ("/tmp/tmp.".into(), 10, "".into())
        );
        assert_eq!(
            split_template("fooXXX.txt", None),
            ("foo".into(), 3, ".txt".into())
        );
        assert_eq!(split_template("fooXX", None), ("foo".into(), 2, "".into()));
        assert_eq!(
            split_template("fooXXX", Some(".c")),
            ("foo".into(), 3, ".c".into())
        );
        assert_eq!(split_template("foo", None), ("foo".into(), 0, "".into()));
    }
}
