//! Development aid (ignored test): run the cases in `$SH_CASES` (separated by lines `----`)
//! in Wosix and in the host's dash, and print every difference.

use crate::testing;

fn run_dash(cmd: &str) -> testing::Output {
    let dir = std::env::temp_dir().join("wosix-sh-dash");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    use std::os::unix::process::CommandExt;
    match std::process::Command::new("dash").arg0("/bin/sh").arg("-c").arg(cmd).current_dir(&dir).env("HOME", &dir).stdin(std::process::Stdio::null()).output() {
        Ok(o) => testing::Output {
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr),
            status: o.status.code().unwrap_or(-1),
        },
        Err(e) => testing::Output { stdout: String::new(), stderr: e.to_string(), status: -1 },
    }
}

#[test]
#[ignore]
fn compare_with_dash() {
    let Ok(path) = std::env::var("SH_CASES") else { return };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let m = testing::machine();
    let mut bad = 0;
    for case in text.split("\n----\n").map(str::trim).filter(|c| !c.is_empty()) {
        let ours = testing::run_on(&m, &["/bin/sh", "-c", case], 1000, b"");
        let theirs = run_dash(case);
        if ours != theirs {
            bad += 1;
            println!("=== CASE:\n{case}\n--- wosix: {ours:?}\n--- dash:  {theirs:?}");
        }
    }
    println!("{bad} differences");
}
