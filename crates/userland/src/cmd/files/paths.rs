//! Path-name programs: pwd(1), basename(1), dirname(1), realpath(1) and readlink(1), as in
//! GNU coreutils. Canonicalisation is [`super::common::canonicalize`].

use super::common::{self, Canon, quote};
use crate::Ctx;
use crate::args::Opt;

const PWD_HELP: &str = "\
Usage: {prog} [OPTION]...
Print the full filename of the current working directory.

  -L, --logical   use PWD from environment, even if it contains symlinks
  -P, --physical  avoid all symlinks (the default)
      --help      display this help and exit
";

const BASENAME_HELP: &str = "\
Usage: {prog} NAME [SUFFIX]
  or:  {prog} OPTION... NAME...
Print NAME with any leading directory components removed.
If specified, also remove a trailing SUFFIX.

  -a, --multiple       support multiple arguments and treat each as a NAME
  -s, --suffix=SUFFIX  remove a trailing SUFFIX; implies -a
  -z, --zero           end each output line with NUL, not newline
      --help           display this help and exit
";

const DIRNAME_HELP: &str = "\
Usage: {prog} [OPTION] NAME...
Output each NAME with its last non-slash component and trailing slashes
removed; if NAME contains no /'s, output '.' (meaning the current directory).

  -z, --zero     end each output line with NUL, not newline
      --help     display this help and exit
";

const REALPATH_HELP: &str = "\
Usage: {prog} [OPTION]... FILE...
Print the resolved absolute file name;
all but the last component must exist

  -e, --canonicalize-existing  all components of the path must exist
  -m, --canonicalize-missing   no path components need exist or be a directory
  -L, --logical                resolve '..' components before symlinks
  -P, --physical               resolve symlinks as encountered (default)
  -q, --quiet                  suppress most error messages
      --relative-to=DIR        print the resolved path relative to DIR
      --relative-base=DIR      print absolute paths unless paths below DIR
  -s, --strip, --no-symlinks   don't expand symlinks
  -z, --zero                   end each output line with NUL, not newline
      --help                   display this help and exit
";

const READLINK_HELP: &str = "\
Usage: {prog} [OPTION]... FILE...
Print value of a symbolic link or canonical file name

  -f, --canonicalize            canonicalize by following every symlink in
                                every component of the given name recursively;
                                all but the last component must exist
  -e, --canonicalize-existing   canonicalize by following every symlink in
                                every component of the given name recursively,
                                all components must exist
  -m, --canonicalize-missing    canonicalize by following every symlink in
                                every component of the given name recursively,
                                without requirements on components existence
  -n, --no-newline              do not output the trailing delimiter
  -q, --quiet                   suppress most error messages (on by default)
  -s, --silent                  suppress most error messages (on by default)
  -v, --verbose                 report error messages
  -z, --zero                    end each output line with NUL, not newline
      --help                    display this help and exit
";

/// pwd(1).
pub async fn pwd(ctx: &mut Ctx) -> i32 {
    let p = match common::parse(ctx, "LP", &["logical", "physical", "help"], 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, PWD_HELP);
    }
    let mut logical = false;
    for o in &p.opts {
        match o {
            Opt::Short('L', _) => logical = true,
            Opt::Long(n, _) if n == "logical" => logical = true,
            Opt::Short('P', _) => logical = false,
            Opt::Long(n, _) if n == "physical" => logical = false,
            _ => {}
        }
    }
    if !p.operands.is_empty() {
        ctx.error("ignoring non-option arguments");
    }
    if logical && let Some(env) = ctx.getenv("PWD").map(str::to_string) {
        let clean = env.starts_with('/') && !env.split('/').any(|c| c == "." || c == "..");
        if clean
            && let (Ok(a), Ok(b)) = (ctx.sys.stat(&env).await, ctx.sys.stat(".").await)
            && a.dev == b.dev
            && a.ino == b.ino
        {
            ctx.out.line(&env);
            return 0;
        }
    }
    match ctx.sys.getcwd().await {
        Ok(d) => {
            ctx.out.line(&d);
            0
        }
        Err(e) => {
            ctx.error(&format!(
                "couldn't find directory entry in '..' with matching i-node: {}",
                e.message()
            ));
            1
        }
    }
}

/// basename(1).
pub async fn basename(ctx: &mut Ctx) -> i32 {
    let p = match common::parse(ctx, "as:z", &["multiple", "suffix=", "zero", "help"], 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, BASENAME_HELP);
    }
    let mut suffix = p.value('s').or(p.long_value("suffix")).map(str::to_string);
    let multiple = suffix.is_some() || p.has('a') || p.has_long("multiple");
    let end = if p.has('z') || p.has_long("zero") {
        "\0"
    } else {
        "\n"
    };
    let mut names = p.operands.clone();
    if names.is_empty() {
        return common::usage_error(ctx, "missing operand", 1);
    }
    if !multiple {
        if names.len() > 2 {
            let m = format!("extra operand {}", quote(&names[2]));
            return common::usage_error(ctx, &m, 1);
        }
        if names.len() == 2 {
            suffix = names.pop();
        }
    }
    for n in &names {
        let mut b = common::base_name(n);
        if let Some(s) = &suffix
            && !s.is_empty()
            && b.len() > s.len()
            && b.ends_with(s.as_str())
        {
            b.truncate(b.len() - s.len());
        }
        ctx.out.str(&b);
        ctx.out.str(end);
    }
    0
}

/// dirname(1).
pub async fn dirname(ctx: &mut Ctx) -> i32 {
    let p = match common::parse(ctx, "z", &["zero", "help"], 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, DIRNAME_HELP);
    }
    if p.operands.is_empty() {
        return common::usage_error(ctx, "missing operand", 1);
    }
    let end = if p.has('z') || p.has_long("zero") {
        "\0"
    } else {
        "\n"
    };
    for n in &p.operands {
        ctx.out.str(&common::dir_name(n));
        ctx.out.str(end);
    }
    0
}

/// realpath(1).
pub async fn realpath(ctx: &mut Ctx) -> i32 {
    let long = [
        "canonicalize-existing",
        "canonicalize-missing",
        "logical",
        "physical",
        "quiet",
        "relative-to=",
        "relative-base=",
        "strip",
        "no-symlinks",
        "zero",
        "help",
    ];
    let p = match common::parse(ctx, "emLPqsz", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, REALPATH_HELP);
    }
    let mut mode = Canon::AllButLast;
    let mut follow = true;
    for o in &p.opts {
        let n = match o {
            Opt::Short(c, _) => c.to_string(),
            Opt::Long(n, _) => n.clone(),
        };
        match n.as_str() {
            "e" | "canonicalize-existing" => mode = Canon::Existing,
            "m" | "canonicalize-missing" => mode = Canon::Missing,
            "s" | "strip" | "no-symlinks" => follow = false,
            _ => {}
        }
    }
    let quiet = p.has('q') || p.has_long("quiet");
    let end = if p.has('z') || p.has_long("zero") {
        "\0"
    } else {
        "\n"
    };
    if p.operands.is_empty() {
        return common::usage_error(ctx, "missing operand", 1);
    }
    let mut base_dirs = Vec::new();
    for opt in ["relative-to", "relative-base"] {
        match p.long_value(opt) {
            None => base_dirs.push(None),
            Some(d) => match common::canonicalize(&ctx.sys, d, mode, follow).await {
                Ok(c) => base_dirs.push(Some(c)),
                Err(e) => {
                    ctx.error(&format!("{d}: {}", e.message()));
                    return 1;
                }
            },
        }
    }
    let (rel_to, rel_base) = (base_dirs[0].clone(), base_dirs[1].clone());
    let rel_to = rel_to.or(rel_base.clone());
    let mut status = 0;
    for f in &p.operands {
        match common::canonicalize(&ctx.sys, f, mode, follow).await {
            Ok(c) => {
                let below =
                    |base: &str| c == base || base == "/" || c.starts_with(&format!("{base}/"));
                let shown = match (&rel_to, &rel_base) {
                    (Some(to), Some(base)) if below(base) && below_all(to, base) => {
                        super::ln::relative_to(&c, to)
                    }
                    (Some(_), Some(_)) => c.clone(),
                    (Some(to), None) => super::ln::relative_to(&c, to),
                    _ => c.clone(),
                };
                ctx.out.str(&shown);
                ctx.out.str(end);
            }
            Err(e) => {
                if !quiet {
                    ctx.error(&format!("{f}: {}", e.message()));
                }
                status = 1;
            }
        }
    }
    status
}

/// Whether `dir` is `base` or below it.
fn below_all(dir: &str, base: &str) -> bool {
    dir == base || base == "/" || dir.starts_with(&format!("{base}/"))
}

/// readlink(1).
pub async fn readlink(ctx: &mut Ctx) -> i32 {
    let long = [
        "canonicalize",
        "canonicalize-existing",
        "canonicalize-missing",
        "no-newline",
        "quiet",
        "silent",
        "verbose",
        "zero",
        "help",
    ];
    let p = match common::parse(ctx, "femnqsvz", &long, 1) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has_long("help") {
        return common::help(ctx, READLINK_HELP);
    }
    let mut mode = None;
    let mut verbose = false;
    for o in &p.opts {
        let n = match o {
            Opt::Short(c, _) => c.to_string(),
            Opt::Long(n, _) => n.clone(),
        };
        match n.as_str() {
            "f" | "canonicalize" => mode = Some(Canon::AllButLast),
            "e" | "canonicalize-existing" => mode = Some(Canon::Existing),
            "m" | "canonicalize-missing" => mode = Some(Canon::Missing),
            "v" | "verbose" => verbose = true,
            "q" | "quiet" | "s" | "silent" => verbose = false,
            _ => {}
        }
    }
    let mut no_newline = p.has('n') || p.has_long("no-newline");
    let end = if p.has('z') || p.has_long("zero") {
        "\0"
    } else {
        "\n"
    };
    if p.operands.is_empty() {
        return common::usage_error(ctx, "missing operand", 1);
    }
    if no_newline && p.operands.len() > 1 {
        ctx.error("ignoring --no-newline with multiple arguments");
        no_newline = false;
    }
    let mut status = 0;
    for f in &p.operands {
        let r = match mode {
            Some(m) => common::canonicalize(&ctx.sys, f, m, true).await,
            None => ctx.sys.readlink(f).await,
        };
        match r {
            Ok(v) => {
                ctx.out.str(&v);
                if !no_newline {
                    ctx.out.str(end);
                }
            }
            Err(e) => {
                if verbose {
                    ctx.error(&format!("{f}: {}", e.message()));
                }
                status = 1;
            }
        }
    }
    status
}
