//! `set`: listing variables, turning options on and off by letter or `-o name`, listing them
//! (`set -o`, `set +o`), and replacing the positional parameters (`set -- args`).

use super::shell_quote;
use crate::sh::shell::Shell;
use crate::sh::state::{OPTION_NAMES, Opts, R};

/// Apply option arguments (`-ex`, `+o name`…) starting at `args[0]`; returns how many were
/// used and whether `--`/`-` ended them. Errors carry dash's message.
pub fn parse_options(
    opts: &mut Opts,
    args: &[String],
    allow_special: bool,
) -> Result<(usize, bool, Vec<char>), String> {
    let mut i = 0;
    let mut ended = false;
    let mut listed = Vec::new();
    while i < args.len() {
        let a = &args[i];
        let on = match a.as_bytes().first() {
            Some(b'-') => true,
            Some(b'+') => false,
            _ => break,
        };
        if a == "--" {
            i += 1;
            ended = true;
            break;
        }
        if a == "-" {
            opts.set('x', false);
            opts.set('v', false);
            i += 1;
            ended = true;
            break;
        }
        if a == "+" {
            i += 1;
            break;
        }
        for c in a[1..].chars() {
            if c == 'o' {
                match args.get(i + 1) {
                    Some(name) => {
                        i += 1;
                        match Opts::index_of_name(name) {
                            Some(k) => opts.on[k] = on,
                            None => return Err(format!("Illegal option -o {name}")),
                        }
                    }
                    None => listed.push(if on { 'o' } else { 'O' }),
                }
                continue;
            }
            if allow_special && matches!(c, 'c' | 's' | 'l') {
                listed.push(c);
                continue;
            }
            if !opts.set(c, on) {
                return Err(format!("Illegal option {}{c}", if on { '-' } else { '+' }));
            }
        }
        i += 1;
    }
    Ok((i, ended, listed))
}

/// The `set -o` listing.
pub fn option_listing(opts: &Opts, reusable: bool) -> String {
    let mut s = String::new();
    if !reusable {
        s.push_str("Current option settings\n");
    }
    for ((name, _), on) in OPTION_NAMES.iter().zip(&opts.on) {
        if reusable {
            s.push_str(&format!("set {}o {name}\n", if *on { '-' } else { '+' }));
        } else {
            s.push_str(&format!("{name:<16}{}\n", if *on { "on" } else { "off" }));
        }
    }
    s
}

/// The set built-in.
pub async fn set(sh: &mut Shell, argv: &[String]) -> R {
    let args = &argv[1..];
    if args.is_empty() {
        let mut text = String::new();
        for (k, v) in &sh.vars.map {
            if let Some(val) = &v.value {
                text.push_str(&format!("{k}={}\n", shell_quote(val)));
            }
        }
        sh.out.str(&text);
        return Ok(0);
    }
    let was_monitor = sh.opts.get('m');
    let mut opts = sh.opts.clone();
    let (used, ended, listed) = match parse_options(&mut opts, args, false) {
        Ok(x) => x,
        Err(m) => return Err(sh.bi_error("set", &m).await),
    };
    // `-i` cannot be changed after start-up.
    opts.set('i', sh.opts.get('i'));
    sh.opts = opts;
    for l in listed {
        let text = option_listing(&sh.opts, l == 'O');
        sh.out.str(&text);
    }
    if used < args.len() || ended {
        sh.params = args[used..].to_vec();
    }
    if sh.opts.get('m') != was_monitor {
        sh.set_job_control(sh.opts.get('m')).await;
    }
    Ok(0)
}
