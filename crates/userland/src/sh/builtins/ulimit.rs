//! `ulimit [-HSa] [-tfdscnpv] [limit]` through getrlimit/setrlimit, with dash's units and
//! `-a` layout. Limits Wosix does not have (`-m`, `-l`, locks, rtprio) are not offered.

use crate::sh::shell::Shell;
use crate::sh::state::R;
use wosix_abi::{RLIM_INFINITY, Resource, Rlimit};

/// (option letter, `-a` label, resource, unit in bytes).
const LIMITS: &[(char, &str, Resource, u64)] = &[
    ('t', "time(seconds)", Resource::Cpu, 1),
    ('f', "file(blocks)", Resource::Fsize, 512),
    ('d', "data(kbytes)", Resource::Data, 1024),
    ('s', "stack(kbytes)", Resource::Stack, 1024),
    ('c', "coredump(blocks)", Resource::Core, 512),
    ('p', "process", Resource::Nproc, 1),
    ('n', "nofiles", Resource::Nofile, 1),
    ('v', "vmemory(kbytes)", Resource::As, 1024),
];

fn show(v: u64, unit: u64) -> String {
    if v == RLIM_INFINITY {
        "unlimited".into()
    } else {
        (v / unit).to_string()
    }
}

/// The ulimit built-in.
pub async fn ulimit(sh: &mut Shell, argv: &[String]) -> R {
    let (mut hard, mut soft, mut all) = (false, false, false);
    let mut which = 'f';
    let mut value: Option<&str> = None;
    for a in &argv[1..] {
        if let Some(opts) = a.strip_prefix('-').filter(|o| !o.is_empty()) {
            for c in opts.chars() {
                match c {
                    'H' => hard = true,
                    'S' => soft = true,
                    'a' => all = true,
                    c if LIMITS.iter().any(|l| l.0 == c) => which = c,
                    c => return Err(sh.bi_error("ulimit", &format!("Illegal option -{c}")).await),
                }
            }
        } else {
            value = Some(a);
        }
    }
    let show_hard = hard && !soft;
    if all {
        let mut text = String::new();
        for (_, label, res, unit) in LIMITS {
            let lim = sh.sys.getrlimit(*res).await.unwrap_or(Rlimit::INFINITE);
            let v = if show_hard { lim.hard } else { lim.soft };
            text.push_str(&format!("{label:<20} {}\n", show(v, *unit)));
        }
        sh.out.str(&text);
        return Ok(0);
    }
    let Some(&(_, _, res, unit)) = LIMITS.iter().find(|l| l.0 == which) else {
        return Ok(1);
    };
    let cur = sh.sys.getrlimit(res).await.unwrap_or(Rlimit::INFINITE);
    let Some(v) = value else {
        let text = show(if show_hard { cur.hard } else { cur.soft }, unit);
        sh.out.line(&text);
        return Ok(0);
    };
    let n = if v == "unlimited" {
        RLIM_INFINITY
    } else {
        match v.parse::<u64>() {
            Ok(n) => n.saturating_mul(unit),
            Err(_) => return Err(sh.bi_error("ulimit", "bad number").await),
        }
    };
    let (set_soft, set_hard) = if !hard && !soft {
        (true, true)
    } else {
        (soft, hard)
    };
    let new = Rlimit {
        soft: if set_soft { n } else { cur.soft },
        hard: if set_hard { n } else { cur.hard },
    };
    if let Err(e) = sh.sys.setrlimit(res, new).await {
        return Err(sh
            .bi_error("ulimit", &format!("error setting limit ({})", e.message()))
            .await);
    }
    Ok(0)
}
