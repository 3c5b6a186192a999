//! Golden shell tests: every `tests/shell/cases/NNN-topic.sh` is a small script whose stdout,
//! stderr and exit status were recorded from the real `dash`. This runner exists to keep both
//! sides honest: `golden_cases_match_dash` checks the recorded files are still what dash does
//! (or rewrites them with `GOLDEN_BLESS=1`), and `golden_cases_match_wosix` runs each script
//! through `wosix -c` and compares byte for byte.
//!
//! Environment: `GOLDEN_FILTER=substr` runs only the cases whose file name contains `substr`;
//! `GOLDEN_BLESS=1` rewrites the expected files from dash; `GOLDEN_JOBS=n` sets the number of
//! cases run at once (default: the number of cores). See tests/shell/README.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How long one case may run before its process group is killed.
const TIMEOUT: Duration = Duration::from_secs(10);
/// At most this many diff lines are printed per stream.
const MAX_DIFF_LINES: usize = 120;

/// One script and the name it is reported under.
struct Case {
    /// File stem, e.g. `045-redir-noclobber`.
    name: String,
    /// The `.sh` file.
    path: PathBuf,
    /// Script text with trailing newlines removed, exactly as `"$(cat case.sh)"` gives it.
    script: String,
}

impl Case {
    /// Path of the expected file with extension `ext` (`stdout`, `stderr`, `status`).
    fn expected_path(&self, ext: &str) -> PathBuf {
        self.path.with_extension(ext)
    }
}

/// What one run produced (or what a case expects).
#[derive(Clone, PartialEq, Eq)]
struct Outcome {
    /// Bytes written to stdout.
    stdout: Vec<u8>,
    /// Bytes written to stderr.
    stderr: Vec<u8>,
    /// Exit status: the exit code, or 128 + signal number when killed by a signal.
    status: i32,
}

/// The directory holding the case scripts.
fn cases_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/shell/cases");
    dir.canonicalize().unwrap_or(dir)
}

/// All cases, sorted by name, restricted by `GOLDEN_FILTER` when it is set.
fn load_cases() -> Vec<Case> {
    let dir = cases_dir();
    let filter = std::env::var("GOLDEN_FILTER").unwrap_or_default();
    let entries = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read case directory {}: {e}", dir.display()));
    let mut cases = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("sh") {
            continue;
        }
        let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        if !filter.is_empty() && !name.contains(&filter) {
            continue;
        }
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let script = text.trim_end_matches('\n').to_owned();
        cases.push(Case { name, path, script });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// The recorded outcome of `case`, or a message saying which file is missing or malformed.
fn expected(case: &Case) -> Result<Outcome, String> {
    let read = |ext: &str| {
        let p = case.expected_path(ext);
        fs::read(&p).map_err(|e| {
            format!(
                "cannot read {}: {e} (record it with GOLDEN_BLESS=1)",
                p.display()
            )
        })
    };
    let stdout = read("stdout")?;
    let stderr = read("stderr")?;
    let status_text = read("status")?;
    let status = String::from_utf8_lossy(&status_text)
        .trim()
        .parse::<i32>()
        .map_err(|e| format!("{}.status is not a number: {e}", case.name))?;
    Ok(Outcome {
        stdout,
        stderr,
        status,
    })
}

/// Write `outcome` as the expected files of `case`.
fn bless(case: &Case, outcome: &Outcome) -> std::io::Result<()> {
    fs::write(case.expected_path("stdout"), &outcome.stdout)?;
    fs::write(case.expected_path("stderr"), &outcome.stderr)?;
    fs::write(
        case.expected_path("status"),
        format!("{}\n", outcome.status),
    )
}

/// A fresh, empty, canonical scratch directory for one run.
fn scratch_dir(tag: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("wosix-golden-{}-{tag}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir.canonicalize().unwrap_or(dir)
}

/// Exit code of `status`, with death by signal N reported as 128 + N like a shell does.
fn shell_status(status: ExitStatus) -> i32 {
    status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0))
}

/// Kill the whole process group led by `child` (the case runs in its own group).
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
}

/// Spawn a thread that reads `stream` to its end and sends the bytes on a channel.
fn drain(stream: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut s) = stream {
            let _ = s.read_to_end(&mut buf);
        }
        let _ = tx.send(buf);
    });
    rx
}

/// Run `cmd` (stdin /dev/null, own process group) for at most [`TIMEOUT`]. The deadline also
/// covers background children that keep stdout or stderr open after the shell exits.
fn run_with_timeout(mut cmd: Command) -> Result<Outcome, String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let out_rx = drain(child.stdout.take());
    let err_rx = drain(child.stderr.take());
    let deadline = start + TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                kill_group(&mut child);
                let _ = child.wait();
                let partial = |rx: &mpsc::Receiver<Vec<u8>>| {
                    let bytes = rx.recv_timeout(Duration::from_secs(1)).unwrap_or_default();
                    indent(&String::from_utf8_lossy(&bytes))
                };
                return Err(format!(
                    "timed out after {} s (process group killed)\n  stdout so far:\n{}  stderr so far:\n{}",
                    TIMEOUT.as_secs(),
                    partial(&out_rx),
                    partial(&err_rx)
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for the process failed: {e}")),
        }
    };
    let collect = |rx: &mpsc::Receiver<Vec<u8>>| {
        let left = deadline.saturating_duration_since(Instant::now()) + Duration::from_millis(200);
        rx.recv_timeout(left).ok()
    };
    let stdout = collect(&out_rx);
    let stderr = collect(&err_rx);
    match (stdout, stderr) {
        (Some(stdout), Some(stderr)) => Ok(Outcome {
            stdout,
            stderr,
            status: shell_status(status),
        }),
        _ => {
            kill_group(&mut child);
            Err(format!(
                "the shell exited (status {}) but a background process kept its output open past \
                 the {} s deadline",
                shell_status(status),
                TIMEOUT.as_secs()
            ))
        }
    }
}

/// `text` with every line indented for a report.
fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    | {l}\n")).collect()
}

/// Run `case` under the host's dash the way the expected files were recorded:
/// `cd "$(mktemp -d)" && dash -c "$(cat case.sh)" sh`, HOME set to that directory.
fn run_dash(case: &Case) -> Result<Outcome, String> {
    let dir = scratch_dir("dash");
    let mut cmd = Command::new("dash");
    cmd.arg("-c")
        .arg(&case.script)
        .arg("sh")
        .current_dir(&dir)
        .env_clear();
    cmd.env("HOME", &dir)
        .env(
            "PATH",
            std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into()),
        )
        .env("LC_ALL", "C");
    let result = run_with_timeout(cmd);
    let _ = fs::remove_dir_all(&dir);
    result
}

/// Run `case` under Wosix: `wosix -c "$(cat case.sh)"`. Wosix itself starts the shell as
/// `user` in its empty home directory; the host side gets a scratch directory and HOME so that
/// any host-side state of one case cannot leak into another.
fn run_wosix(case: &Case) -> Result<Outcome, String> {
    let dir = scratch_dir("wosix");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wosix"));
    cmd.arg("-c")
        .arg(&case.script)
        .current_dir(&dir)
        .env("HOME", &dir)
        .env("LC_ALL", "C");
    let result = run_with_timeout(cmd);
    let _ = fs::remove_dir_all(&dir);
    result
}

/// Number of cases run at once: `GOLDEN_JOBS`, else the number of cores.
fn jobs() -> usize {
    std::env::var("GOLDEN_JOBS")
        .ok()
        .and_then(|j| j.parse::<usize>().ok())
        .filter(|&j| j > 0)
        .unwrap_or_else(|| {
            thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        })
}

/// Run `check` on every case in parallel; returns `(case name, failure report)` pairs, sorted.
fn for_all_cases(
    cases: &[Case],
    check: impl Fn(&Case) -> Option<String> + Sync,
) -> Vec<(String, String)> {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    thread::scope(|s| {
        for _ in 0..jobs().min(cases.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    if let Some(report) = check(case) {
                        failures
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((case.name.clone(), report));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort();
    failures
}

/// Compare `got` with `want`; `None` when equal, else a readable per-stream report.
fn compare(case: &Case, want: &Outcome, got: &Outcome) -> Option<String> {
    if want == got {
        return None;
    }
    let mut report = String::new();
    let _ = writeln!(report, "script ({}):", case.path.display());
    for line in case.script.lines() {
        let _ = writeln!(report, "    | {line}");
    }
    if want.status != got.status {
        let _ = writeln!(
            report,
            "status: expected {}, got {}",
            want.status, got.status
        );
    }
    for (stream, w, g) in [
        ("stdout", &want.stdout, &got.stdout),
        ("stderr", &want.stderr, &got.stderr),
    ] {
        if w != g {
            let _ = writeln!(report, "{stream} differs (- expected, + got):");
            report.push_str(&line_diff(w, g));
        }
    }
    Some(report)
}

/// Split `bytes` into lines for display, marking a missing final newline.
fn display_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<String> = text.split_inclusive('\n').map(|l| l.to_owned()).collect();
    for line in &mut lines {
        if line.ends_with('\n') {
            line.pop();
        } else {
            line.push_str("  \\ (no newline at end)");
        }
    }
    lines
}

/// A minimal LCS line diff: ` ` common, `-` only expected, `+` only got.
fn line_diff(want: &[u8], got: &[u8]) -> String {
    let a = display_lines(want);
    let b = display_lines(got);
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j, mut shown) = (0, 0, 0);
    let mut push = |out: &mut String, mark: char, line: &str| {
        shown += 1;
        if shown <= MAX_DIFF_LINES {
            let _ = writeln!(out, "    {mark}{line}");
        } else if shown == MAX_DIFF_LINES + 1 {
            let _ = writeln!(out, "    … (diff truncated)");
        }
    };
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            push(&mut out, ' ', &a[i]);
            i += 1;
            j += 1;
        } else if i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            push(&mut out, '-', &a[i]);
            i += 1;
        } else {
            push(&mut out, '+', &b[j]);
            j += 1;
        }
    }
    out
}

/// Failing cases grouped by topic (the first word after the number: `redir`, `heredoc`, …).
fn failing_areas(failures: &[(String, String)]) -> String {
    let mut areas: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, _) in failures {
        let topic = name.split_once('-').map_or(name.as_str(), |(_, t)| t);
        let area = topic.split('-').next().unwrap_or(topic);
        areas.entry(area).or_default().push(name);
    }
    let mut out = String::new();
    for (area, names) in areas {
        let _ = writeln!(out, "  {area} ({}): {}", names.len(), names.join(" "));
    }
    out
}

/// Print every failure, a summary line and the failing areas; panic if anything failed.
fn finish(half: &str, total: usize, failures: &[(String, String)]) {
    for (name, report) in failures {
        eprintln!("\n===== {half}: {name} FAILED =====\n{report}");
    }
    eprintln!("\n{half}: {}/{total} cases passed", total - failures.len());
    if !failures.is_empty() {
        eprintln!("failing areas:\n{}", failing_areas(failures));
        panic!(
            "{half}: {} of {total} golden cases failed (see the reports above)",
            failures.len()
        );
    }
}

/// Whether `dash` can be run on this machine.
fn have_dash() -> bool {
    Command::new("dash")
        .args(["-c", "exit 0"])
        .stdin(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether `GOLDEN_BLESS` asks for the expected files to be rewritten.
fn blessing() -> bool {
    std::env::var("GOLDEN_BLESS").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The expected files still describe what the real dash does (or, with `GOLDEN_BLESS=1`,
/// are rewritten from it).
#[test]
fn golden_cases_match_dash() {
    if !have_dash() {
        eprintln!("note: `dash` is not installed; skipping the dash half of the golden tests");
        return;
    }
    let cases = load_cases();
    let bless_mode = blessing();
    let failures = for_all_cases(&cases, |case| {
        let got = match run_dash(case) {
            Ok(got) => got,
            Err(e) => return Some(format!("dash: {e}")),
        };
        if bless_mode {
            return bless(case, &got)
                .err()
                .map(|e| format!("cannot write expected files: {e}"));
        }
        match expected(case) {
            Ok(want) => compare(case, &want, &got),
            Err(e) => Some(e),
        }
    });
    if bless_mode {
        eprintln!("blessed {} cases from dash", cases.len() - failures.len());
    }
    finish("dash", cases.len(), &failures);
}

/// Every case gives exactly the recorded stdout, stderr and status under Wosix.
#[test]
fn golden_cases_match_wosix() {
    if blessing() {
        eprintln!(
            "note: GOLDEN_BLESS is set; skipping the Wosix half while expected files are rewritten"
        );
        return;
    }
    let cases = load_cases();
    let failures = for_all_cases(&cases, |case| {
        let want = match expected(case) {
            Ok(want) => want,
            Err(e) => return Some(e),
        };
        match run_wosix(case) {
            Ok(got) => compare(case, &want, &got),
            Err(e) => Some(format!("wosix: {e}")),
        }
    });
    // Cases listed in tests/shell/known-failures.txt are reported but tolerated; a listed case
    // that passes fails the run, so the list only ever shrinks.
    let known = known_failures();
    let failed: BTreeSet<&str> = failures.iter().map(|(n, _)| n.as_str()).collect();
    let fixed: Vec<&String> = known
        .iter()
        .filter(|k| cases.iter().any(|c| &c.name == *k) && !failed.contains(k.as_str()))
        .collect();
    let (tolerated, real): (Vec<_>, Vec<_>) =
        failures.into_iter().partition(|(n, _)| known.contains(n));
    for (name, _) in &tolerated {
        eprintln!("known failure (tests/shell/known-failures.txt): {name}");
    }
    assert!(
        fixed.is_empty(),
        "these cases pass now; remove them from tests/shell/known-failures.txt: {fixed:?}"
    );
    finish("wosix", cases.len() - tolerated.len(), &real);
}

/// Case names listed in tests/shell/known-failures.txt (one per line, `#` comments).
fn known_failures() -> BTreeSet<String> {
    let path = cases_dir().join("../known-failures.txt");
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Every case has its three expected files and no expected file lacks its script.
#[test]
fn golden_cases_are_complete() {
    let dir = cases_dir();
    let mut stems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let (Some(stem), Some(ext)) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|e| e.to_str()),
        ) else {
            continue;
        };
        stems
            .entry(stem.to_owned())
            .or_default()
            .push(ext.to_owned());
    }
    let mut problems = Vec::new();
    let mut numbers: BTreeMap<String, String> = BTreeMap::new();
    for (stem, mut exts) in stems {
        exts.sort();
        if exts != ["sh", "status", "stderr", "stdout"] {
            problems.push(format!(
                "{stem}: has {exts:?}, wants sh/stdout/stderr/status"
            ));
        }
        if !valid_case_name(&stem) {
            problems.push(format!(
                "{stem}: name is not NNN-topic (three digits, lowercase words)"
            ));
        } else if let Some(previous) = numbers.insert(stem[..3].to_owned(), stem.clone()) {
            problems.push(format!("{stem}: number already used by {previous}"));
        }
    }
    assert!(
        problems.is_empty(),
        "incomplete golden cases in {}:\n{}",
        dir.display(),
        problems.join("\n")
    );
}

/// `NNN-topic`: three digits, a dash, then lowercase letters, digits and dashes.
fn valid_case_name(stem: &str) -> bool {
    let bytes = stem.as_bytes();
    bytes.len() > 4
        && bytes[..3].iter().all(u8::is_ascii_digit)
        && bytes[3] == b'-'
        && bytes[4..]
            .iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}
