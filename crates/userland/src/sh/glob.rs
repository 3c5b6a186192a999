//! Pathname expansion (XCU 2.13.3): a pattern is matched one `/`-separated component at a
//! time against directory listings; names starting with `.` need an explicit dot; the result
//! is sorted. A pattern that matches nothing is left to the caller to keep as it is.

use super::pattern::Pattern;
use wosix_runtime::Sys;

/// The paths matching `pat` (characters with their "active" flags), sorted; empty if none.
pub async fn glob(sys: &Sys, pat: &[(char, bool)]) -> Vec<String> {
    let mut comps: Vec<Vec<(char, bool)>> = vec![Vec::new()];
    for &(c, a) in pat {
        if c == '/' {
            comps.push(Vec::new());
        } else if let Some(last) = comps.last_mut() {
            last.push((c, a));
        }
    }
    let absolute = pat.first().map(|x| x.0) == Some('/');
    let mut paths: Vec<String> = vec![if absolute {
        "/".to_string()
    } else {
        String::new()
    }];
    let start = if absolute { 1 } else { 0 };
    let n = comps.len();
    let mut any_meta = false;
    for (i, comp) in comps.iter().enumerate().skip(start) {
        let last = i + 1 == n;
        let p = Pattern::new(comp);
        let mut next = Vec::new();
        if comp.is_empty() {
            // A trailing or doubled slash: keep directories only.
            for base in paths {
                if last {
                    if sys.stat(&base).await.is_ok_and(|s| s.is_dir()) {
                        next.push(format!("{base}/"));
                    }
                } else {
                    next.push(format!("{base}/"));
                }
            }
        } else if !p.has_meta() {
            let name = p.literal();
            for base in paths {
                let full = join(&base, &name);
                if !any_meta || sys.lstat(&full).await.is_ok() {
                    next.push(full);
                }
            }
        } else {
            any_meta = true;
            for base in paths {
                let dir = if base.is_empty() {
                    ".".to_string()
                } else {
                    base.clone()
                };
                let Ok(entries) = sys.read_dir(&dir).await else {
                    continue;
                };
                let mut all: Vec<String> = entries.into_iter().map(|d| d.name).collect();
                if comp.first() == Some(&('.', false)) || comp.first() == Some(&('.', true)) {
                    all.push(".".into());
                    all.push("..".into());
                }
                let mut names: Vec<String> =
                    all.into_iter().filter(|nm| p.matches_name(nm)).collect();
                names.sort();
                for nm in names {
                    next.push(join(&base, &nm));
                }
            }
        }
        paths = next;
        if paths.is_empty() {
            return paths;
        }
    }
    if !any_meta {
        return Vec::new();
    }
    paths.sort();
    paths
}

fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else if base.ends_with('/') {
        format!("{base}{name}")
    } else {
        format!("{base}/{name}")
    }
}
