//! grep's search: walking paths (recursing into directories with `-r`/`-R`), reading each
//! input line by line, and printing selected and context lines, counts and file names in
//! GNU's formats (with `--color`). The options are decided in [`super::grep`].

use super::common::{Input, glob_match};
use super::re::Re;
use crate::Ctx;
use std::collections::VecDeque;
use wosix_abi::{Errno, FileType};

const SGR_MATCH: &str = "\x1b[01;31m\x1b[K";
const SGR_NAME: &str = "\x1b[35m\x1b[K";
const SGR_NUM: &str = "\x1b[32m\x1b[K";
const SGR_SEP: &str = "\x1b[36m\x1b[K";
const SGR_END: &str = "\x1b[m\x1b[K";

#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // named after --binary-files=binary
pub(super) enum Binary {
    Binary,
    Text,
    WithoutMatch,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Dirs {
    Read,
    Skip,
    Recurse,
    RecurseAll,
}

/// Everything the options decide.
pub(super) struct Cfg {
    pub(super) re: Option<Re>,
    pub(super) invert: bool,
    pub(super) count: bool,
    pub(super) list: Option<bool>,
    pub(super) only: bool,
    pub(super) quiet: bool,
    pub(super) no_msgs: bool,
    pub(super) line_num: bool,
    pub(super) byte_off: bool,
    pub(super) with_name: Option<bool>,
    pub(super) after: u64,
    pub(super) before: u64,
    pub(super) max: Option<u64>,
    pub(super) color: bool,
    pub(super) null_name: bool,
    pub(super) label: String,
    pub(super) delim: u8,
    pub(super) binary: Binary,
    pub(super) dirs: Dirs,
    pub(super) line_buf: bool,
    pub(super) tab: bool,
    pub(super) include: Vec<String>,
    pub(super) exclude: Vec<String>,
    pub(super) exclude_dir: Vec<String>,
}

/// Non-empty matches of `re` in `line`, left to right.
pub(super) fn matches(re: &Re, line: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos <= line.len() {
        let Some((s, e)) = re.find_at(line, pos) else {
            break;
        };
        if e == s {
            pos = s + 1;
            continue;
        }
        out.push((s, e));
        pos = e;
    }
    out
}

/// Totals across all inputs.
pub(super) struct Run {
    pub(super) selected_any: bool,
    pub(super) error: bool,
}

/// Search one path (recursing into directories as configured). Returns true to stop
/// everything (`-q` found a match, or output failed).
pub(super) async fn search_path(
    ctx: &mut Ctx,
    cfg: &Cfg,
    run: &mut Run,
    path: &str,
    display: &str,
    show: Option<bool>,
    top: bool,
) -> bool {
    let sys = ctx.sys.clone();
    if path != "-" {
        let recursive = matches!(cfg.dirs, Dirs::Recurse | Dirs::RecurseAll);
        let st = if top || cfg.dirs == Dirs::RecurseAll {
            sys.stat(path).await
        } else {
            sys.lstat(path).await
        };
        match st {
            Ok(st) if st.is_dir() => {
                if cfg.dirs == Dirs::Skip {
                    return false;
                }
                if recursive {
                    let base = path.rsplit('/').next().unwrap_or(path);
                    if !top
                        && cfg
                            .exclude_dir
                            .iter()
                            .any(|g| glob_match(g.as_bytes(), base.as_bytes()))
                    {
                        return false;
                    }
                    let entries = match sys.read_dir(path).await {
                        Ok(e) => e,
                        Err(e) => {
                            if !cfg.no_msgs {
                                ctx.error_path(path, e);
                            }
                            run.error = true;
                            return false;
                        }
                    };
                    let mut names: Vec<String> = entries.into_iter().map(|d| d.name).collect();
                    names.sort();
                    for n in names {
                        let child = if path.ends_with('/') {
                            format!("{path}{n}")
                        } else {
                            format!("{path}/{n}")
                        };
                        let child_display = if display.is_empty() {
                            n.clone()
                        } else if display.ends_with('/') {
                            format!("{display}{n}")
                        } else {
                            format!("{display}/{n}")
                        };
                        let show = Some(show.unwrap_or(true));
                        if Box::pin(search_path(
                            ctx,
                            cfg,
                            run,
                            &child,
                            &child_display,
                            show,
                            false,
                        ))
                        .await
                        {
                            return true;
                        }
                    }
                    return false;
                }
            }
            Ok(st) if !top => {
                let ft = st.file_type();
                if ft == FileType::Symlink || !matches!(ft, FileType::Regular) {
                    return false;
                }
            }
            _ => {}
        }
        let base = path.rsplit('/').next().unwrap_or(path);
        if !top || recursive {
            if !cfg.include.is_empty()
                && !cfg
                    .include
                    .iter()
                    .any(|g| glob_match(g.as_bytes(), base.as_bytes()))
            {
                return false;
            }
            if cfg
                .exclude
                .iter()
                .any(|g| glob_match(g.as_bytes(), base.as_bytes()))
            {
                return false;
            }
        }
    }
    let name = if path == "-" {
        cfg.label.clone()
    } else {
        display.to_string()
    };
    let mut inp = match Input::open(&sys, path).await {
        Ok(i) => i,
        Err(e) => {
            if !cfg.no_msgs {
                ctx.error_path(&name, e);
            }
            run.error = true;
            return false;
        }
    };
    let show_name = show.unwrap_or(false);
    let r = search_file(ctx, cfg, run, &mut inp, &name, show_name).await;
    inp.close(&sys).await;
    match r {
        Ok(stop) => stop,
        Err(e) => {
            if ctx.out.error.is_some() {
                return true;
            }
            if !cfg.no_msgs {
                ctx.error_path(&name, e);
            }
            run.error = true;
            false
        }
    }
}

/// Output state of one file.
struct Printer<'a> {
    cfg: &'a Cfg,
    name: &'a str,
    show_name: bool,
    last_printed: Option<u64>,
    printed_any: bool,
}

impl Printer<'_> {
    fn sep(&self, ctx: &mut Ctx, c: char) {
        if self.cfg.color {
            ctx.out.str(&format!("{SGR_SEP}{c}{SGR_END}"));
        } else {
            ctx.out.str(&c.to_string());
        }
    }

    fn prefix(&self, ctx: &mut Ctx, lineno: u64, offset: u64, sep: char) {
        if self.show_name {
            if self.cfg.color {
                ctx.out.str(&format!("{SGR_NAME}{}{SGR_END}", self.name));
            } else {
                ctx.out.str(self.name);
            }
            if self.cfg.null_name {
                ctx.out.bytes(b"\0");
            } else {
                self.sep(ctx, sep);
            }
        }
        if self.cfg.line_num {
            let n = if self.cfg.tab {
                format!("{lineno:>4}")
            } else {
                lineno.to_string()
            };
            if self.cfg.color {
                ctx.out.str(&format!("{SGR_NUM}{n}{SGR_END}"));
            } else {
                ctx.out.str(&n);
            }
            self.sep(ctx, sep);
        }
        if self.cfg.byte_off {
            let n = if self.cfg.tab {
                format!("{offset:>9}")
            } else {
                offset.to_string()
            };
            ctx.out.str(&n);
            self.sep(ctx, sep);
        }
        if self.cfg.tab && (self.show_name || self.cfg.line_num || self.cfg.byte_off) {
            ctx.out.str("\t");
        }
    }

    /// Print one line: selected (`:`) or context (`-`).
    fn line(&mut self, ctx: &mut Ctx, lineno: u64, offset: u64, text: &[u8], selected: bool) {
        let ctx_lines = self.cfg.after > 0 || self.cfg.before > 0;
        if ctx_lines && self.printed_any && self.last_printed.is_some_and(|l| l + 1 < lineno) {
            if self.cfg.color {
                ctx.out.str(&format!("{SGR_SEP}--{SGR_END}\n"));
            } else {
                ctx.out.str("--\n");
            }
        }
        self.last_printed = Some(lineno);
        self.printed_any = true;
        let d = self.cfg.delim;
        if self.cfg.only {
            if !selected || self.cfg.invert {
                return;
            }
            let Some(re) = &self.cfg.re else { return };
            for (s, e) in matches(re, text) {
                self.prefix(ctx, lineno, offset + s as u64, ':');
                if self.cfg.color {
                    ctx.out.str(SGR_MATCH);
                    ctx.out.bytes(&text[s..e]);
                    ctx.out.str(SGR_END);
                } else {
                    ctx.out.bytes(&text[s..e]);
                }
                ctx.out.bytes(&[d]);
            }
            return;
        }
        self.prefix(ctx, lineno, offset, if selected { ':' } else { '-' });
        match (&self.cfg.re, self.cfg.color && selected && !self.cfg.invert) {
            (Some(re), true) => {
                let mut at = 0;
                for (s, e) in matches(re, text) {
                    ctx.out.bytes(&text[at..s]);
                    ctx.out.str(SGR_MATCH);
                    ctx.out.bytes(&text[s..e]);
                    ctx.out.str(SGR_END);
                    at = e;
                }
                ctx.out.bytes(&text[at..]);
            }
            _ => ctx.out.bytes(text),
        }
        ctx.out.bytes(&[d]);
    }
}

/// Search one open input. Returns true to stop everything.
async fn search_file(
    ctx: &mut Ctx,
    cfg: &Cfg,
    run: &mut Run,
    inp: &mut Input,
    name: &str,
    show_name: bool,
) -> Result<bool, Errno> {
    let sys = ctx.sys.clone();
    let mut pr = Printer {
        cfg,
        name,
        show_name,
        last_printed: None,
        printed_any: false,
    };
    let listing = cfg.quiet || cfg.list.is_some() || cfg.count;
    let mut before: VecDeque<(u64, u64, Vec<u8>)> = VecDeque::new();
    let mut after_left = 0u64;
    let mut count = 0u64;
    let mut lineno = 0u64;
    let mut offset = 0u64;
    let mut binary = false;
    let limit = cfg.max;
    if limit == Some(0) {
        return Ok(false);
    }
    while let Some(mut rec) = inp.next_record(&sys, cfg.delim).await? {
        lineno += 1;
        let rec_len = rec.len() as u64;
        if rec.last() == Some(&cfg.delim) {
            rec.pop();
        }
        if !binary && cfg.binary != Binary::Text && cfg.delim != 0 && rec.contains(&0) {
            binary = true;
            if cfg.binary == Binary::WithoutMatch {
                return Ok(false);
            }
        }
        let hit = cfg.re.as_ref().is_some_and(|r| r.is_match(&rec));
        let selected = hit != cfg.invert;
        if selected && limit.is_none_or(|m| count < m) {
            count += 1;
            run.selected_any = true;
            if cfg.quiet {
                return Ok(true);
            }
            if cfg.list.is_some() {
                break;
            }
            if !listing {
                if binary {
                    ctx.out.flush(&sys).await?;
                    ctx.error(&format!("{name}: binary file matches"));
                    return Ok(false);
                }
                while let Some((l, o, t)) = before.pop_front() {
                    pr.line(ctx, l, o, &t, false);
                }
                pr.line(ctx, lineno, offset, &rec, true);
                after_left = cfg.after;
            }
        } else if !listing {
            if limit.is_some_and(|m| count >= m) && after_left == 0 {
                break;
            }
            if after_left > 0 {
                after_left -= 1;
                pr.line(ctx, lineno, offset, &rec, false);
            } else if cfg.before > 0 {
                before.push_back((lineno, offset, rec));
                if before.len() as u64 > cfg.before {
                    before.pop_front();
                }
            }
        } else if limit.is_some_and(|m| count >= m) {
            break;
        }
        offset += rec_len;
        if cfg.line_buf {
            ctx.out.flush(&sys).await?;
        } else {
            ctx.out.maybe_flush(&sys).await?;
        }
    }
    if cfg.count {
        if show_name {
            pr.sep_name(ctx);
        }
        ctx.out.str(&format!("{count}\n"));
    }
    match cfg.list {
        Some(true) if count > 0 => pr.list_name(ctx),
        Some(false) if count == 0 => pr.list_name(ctx),
        _ => {}
    }
    if cfg.line_buf {
        ctx.out.flush(&sys).await?;
    }
    Ok(false)
}

impl Printer<'_> {
    fn sep_name(&self, ctx: &mut Ctx) {
        if self.cfg.color {
            ctx.out.str(&format!("{SGR_NAME}{}{SGR_END}", self.name));
        } else {
            ctx.out.str(self.name);
        }
        if self.cfg.null_name {
            ctx.out.bytes(b"\0");
        } else {
            self.sep(ctx, ':');
        }
    }
    fn list_name(&self, ctx: &mut Ctx) {
        if self.cfg.color {
            ctx.out.str(&format!("{SGR_NAME}{}{SGR_END}", self.name));
        } else {
            ctx.out.str(self.name);
        }
        ctx.out
            .bytes(if self.cfg.null_name { b"\0" } else { b"\n" });
    }
}
