//! WASI guest used by Wosix's tests (crates/host-native/tests/wasi.rs). Each subcommand
//! exercises one area of WASI preview1 through Rust's std and prints deterministic results,
//! compared to golden files; failures print the error (its errno text) rather than panic.

use std::io::{Read, Write};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cmd = args.get(1).map(String::as_str).unwrap_or("");
    let rest = &args[args.len().min(2)..];
    let code = match cmd {
        "args" => cmd_args(&args),
        "env" => cmd_env(rest),
        "files" => cmd_files(),
        "perm" => cmd_perm(),
        "clock" => cmd_clock(),
        "random" => cmd_random(),
        "stdin" => cmd_stdin(),
        "exit" => std::process::exit(rest.first().and_then(|s| s.parse().ok()).unwrap_or(0)),
        "fault" => cmd_fault(),
        "panic" => panic!("deliberate panic"),
        "spin" => cmd_spin(rest),
        "grow" => cmd_grow(),
        "cat" => cmd_cat(rest),
        "write" => cmd_write(rest),
        "ls" => cmd_ls(rest),
        "bigout" => cmd_bigout(rest),
        _ => {
            eprintln!(
                "usage: wasitest args|env|files|perm|clock|random|stdin|exit N|fault|panic|spin|grow|cat F|write F TEXT|ls D|bigout N"
            );
            2
        }
    };
    std::process::exit(code);
}

fn cmd_args(args: &[String]) -> i32 {
    println!("argc={}", args.len());
    for (i, a) in args.iter().enumerate() {
        println!("argv[{i}]={a}");
    }
    0
}

fn cmd_env(names: &[String]) -> i32 {
    for n in names {
        match std::env::var(n) {
            Ok(v) => println!("{n}={v}"),
            Err(_) => println!("{n} unset"),
        }
    }
    0
}

/// Print `what: ok` or `what: <strerror text>` (without Rust's ` (os error N)`, whose numbers
/// differ between WASI and Linux), so the output is the same on both.
fn show<T>(what: &str, r: std::io::Result<T>) -> Option<T> {
    match r {
        Ok(v) => {
            println!("{what}: ok");
            Some(v)
        }
        Err(e) => {
            let msg = e.to_string();
            let msg = msg.split(" (os error").next().unwrap_or_default();
            println!("{what}: {msg}");
            None
        }
    }
}

fn cmd_files() -> i32 {
    use std::fs;
    let _ = show("mkdir work", fs::create_dir("work"));
    let _ = show("mkdir work again", fs::create_dir("work"));
    let _ = show(
        "write work/a.txt",
        fs::write("work/a.txt", "hello from wasi\n"),
    );
    let _ = show("write work/b.txt", fs::write("work/b.txt", "second\n"));
    if let Some(s) = show("read work/a.txt", fs::read_to_string("work/a.txt")) {
        print!("content: {s}");
    }
    {
        let f = fs::OpenOptions::new().append(true).open("work/a.txt");
        if let Some(mut f) = show("open append", f) {
            let _ = show("append", f.write_all(b"more\n"));
        }
    }
    if let Some(m) = show("stat work/a.txt", fs::metadata("work/a.txt")) {
        println!("size={} file={} dir={}", m.len(), m.is_file(), m.is_dir());
    }
    if let Some(m) = show("stat work", fs::metadata("work")) {
        println!("dir={}", m.is_dir());
    }
    if let Some(rd) = show("readdir work", fs::read_dir("work")) {
        let mut names: Vec<String> = rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        println!("entries: {}", names.join(" "));
    }
    let _ = show("rename", fs::rename("work/b.txt", "work/c.txt"));
    let _ = show("read old name", fs::read("work/b.txt"));
    let _ = show("read new name", fs::read("work/c.txt"));
    let _ = show("rmdir non-empty", fs::remove_dir("work"));
    let _ = show("unlink c", fs::remove_file("work/c.txt"));
    let _ = show("unlink missing", fs::remove_file("work/c.txt"));
    {
        let f = fs::File::options()
            .read(true)
            .write(true)
            .open("work/a.txt");
        if let Some(mut f) = show("open rw", f) {
            use std::io::Seek;
            let _ = show("seek", f.seek(std::io::SeekFrom::Start(6)));
            let mut buf = String::new();
            let _ = show("read rest", f.read_to_string(&mut buf));
            print!("rest: {buf}");
            let _ = show("truncate", f.set_len(5));
        }
    }
    if let Some(s) = show("read truncated", fs::read_to_string("work/a.txt")) {
        println!("now: {s:?}");
    }
    let _ = show("hard link", fs::hard_link("work/a.txt", "work/hard"));
    if let Some(s) = show("read hard", fs::read_to_string("work/hard")) {
        println!("hard: {s:?}");
    }
    let _ = show("remove all", fs::remove_dir_all("work"));
    let _ = show("stat removed", fs::metadata("work"));
    0
}

fn cmd_perm() -> i32 {
    match std::fs::read("/etc/shadow") {
        Ok(_) => println!("read /etc/shadow: ok"),
        Err(e) => println!("read /etc/shadow: {:?}: {e}", e.kind()),
    }
    match std::fs::write("/etc/passwd", "x") {
        Ok(_) => println!("write /etc/passwd: ok"),
        Err(e) => println!("write /etc/passwd: {:?}: {e}", e.kind()),
    }
    match std::fs::read_to_string("/etc/hostname") {
        Ok(s) => println!("read /etc/hostname: {}", s.trim()),
        Err(e) => println!("read /etc/hostname: {:?}: {e}", e.kind()),
    }
    match std::fs::read("/nonexistent/file") {
        Ok(_) => println!("read /nonexistent/file: ok"),
        Err(e) => println!("read /nonexistent/file: {:?}: {e}", e.kind()),
    }
    0
}

fn cmd_clock() -> i32 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    println!("realtime after 2024: {}", now > 1_704_067_200);
    let t0 = Instant::now();
    std::thread::sleep(Duration::from_millis(20));
    let dt = t0.elapsed();
    println!("slept at least 20ms: {}", dt >= Duration::from_millis(20));
    println!("slept under 2s: {}", dt < Duration::from_secs(2));
    let t1 = Instant::now();
    println!("monotonic: {}", t1 >= t0);
    0
}

fn cmd_random() -> i32 {
    // std's HashMap keys come from random_get; two RandomStates must differ.
    use std::hash::{BuildHasher, Hasher};
    let h = |s: &std::collections::hash_map::RandomState| {
        let mut h = s.build_hasher();
        h.write_u32(1);
        h.finish()
    };
    let a = std::collections::hash_map::RandomState::new();
    let b = std::collections::hash_map::RandomState::new();
    println!("random states differ: {}", h(&a) != h(&b));
    0
}

fn cmd_stdin() -> i32 {
    let mut s = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut s) {
        eprintln!("stdin: {e}");
        return 1;
    }
    println!("lines={} bytes={}", s.lines().count(), s.len());
    for l in s.lines() {
        println!("{}", l.to_uppercase());
    }
    0
}

fn cmd_fault() -> i32 {
    let p = 0xffff_fff0usize as *mut u64;
    // SAFETY: deliberately not safe — the guest writes outside its linear memory to test
    // that the executor turns the trap into SIGSEGV.
    unsafe { std::ptr::write_volatile(p, 1) };
    0
}

fn cmd_spin(rest: &[String]) -> i32 {
    let limit: u64 = rest
        .first()
        .and_then(|s| s.parse().ok())
        .unwrap_or(u64::MAX);
    let mut x: u64 = 0;
    let mut i: u64 = 0;
    while i < limit {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        i += 1;
        std::hint::black_box(x);
    }
    println!("spun {i}");
    0
}

fn cmd_grow() -> i32 {
    let mut keep: Vec<Vec<u8>> = Vec::new();
    for i in 0.. {
        let mut v = Vec::new();
        if v.try_reserve_exact(1 << 20).is_err() {
            println!("allocation failed after {i} MiB");
            return 1;
        }
        v.resize(1 << 20, 1u8);
        keep.push(v);
        if i >= 4096 {
            println!("no limit reached");
            return 0;
        }
    }
    0
}

fn cmd_cat(rest: &[String]) -> i32 {
    let mut out = std::io::stdout().lock();
    for f in rest {
        match std::fs::read(f) {
            Ok(b) => {
                let _ = out.write_all(&b);
            }
            Err(e) => {
                eprintln!("cat: {f}: {e}");
                return 1;
            }
        }
    }
    0
}

fn cmd_write(rest: &[String]) -> i32 {
    let (Some(f), Some(text)) = (rest.first(), rest.get(1)) else {
        return 2;
    };
    match std::fs::write(f, format!("{text}\n")) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("write: {f}: {e}");
            1
        }
    }
}

fn cmd_ls(rest: &[String]) -> i32 {
    let d = rest.first().map(String::as_str).unwrap_or(".");
    match std::fs::read_dir(d) {
        Ok(rd) => {
            let mut names: Vec<String> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            for n in names {
                println!("{n}");
            }
            0
        }
        Err(e) => {
            eprintln!("ls: {d}: {e}");
            1
        }
    }
}

fn cmd_bigout(rest: &[String]) -> i32 {
    let n: usize = rest.first().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for i in 0..n {
        if writeln!(out, "line {i}").is_err() {
            return 1;
        }
    }
    0
}
