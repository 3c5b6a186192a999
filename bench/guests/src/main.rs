//! `wbench`, the WASI guest of bench/wasi.py. The same module runs inside Wosix and under
//! plain wasmtime; each subcommand times its own work with the monotonic clock
//! (`clock_time_get`) and prints `key=value` pairs, so start-up and compilation never count.
//!
//!   wbench compute ROUNDS     SHA-256 over a 64 KiB buffer plus a prime sieve, ROUNDS times
//!   wbench write MIB          write MIB MiB of zeros to stdout in 64 KiB writes
//!   wbench count              read stdin to the end in 64 KiB reads; print the byte count
//!   wbench files N DIR        create N empty files in DIR, list DIR, stat each, unlink each

use std::io::{Read, Write};
use std::time::Instant;

const CHUNK: usize = 64 << 10;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let num = |i: usize| -> u64 {
        args.get(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| usage())
    };
    match args.get(1).map(String::as_str) {
        Some("compute") => compute(num(2)),
        Some("write") => write(num(2)),
        Some("count") => count(),
        Some("files") => files(num(2), args.get(3).map_or_else(|| usage(), String::as_str)),
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!("usage: wbench compute ROUNDS | write MIB | count | files N DIR");
    std::process::exit(2)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// SHA-256 compression function (FIPS 180-4) over whole 64-byte blocks.
fn sha256_blocks(state: &mut [u32; 8], data: &[u8]) {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    for block in data.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, c) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = h
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            h = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = s.wrapping_add(v);
        }
    }
}

/// Number of primes below `n` (sieve of Eratosthenes).
fn sieve(n: usize) -> u64 {
    let mut composite = vec![false; n];
    let mut count = 0;
    for i in 2..n {
        if !composite[i] {
            count += 1;
            let mut j = i * i;
            while j < n {
                composite[j] = true;
                j += i;
            }
        }
    }
    count
}

fn compute(rounds: u64) {
    let t = Instant::now();
    let mut buf = vec![0u8; CHUNK];
    for (i, b) in buf.iter_mut().enumerate() {
        *b = (i * 31 % 251) as u8;
    }
    let mut state: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut primes = 0;
    for r in 0..rounds {
        sha256_blocks(&mut state, &buf);
        buf[(r as usize) % CHUNK] ^= state[0] as u8;
        if r % 16 == 0 {
            primes += sieve(200_000);
        }
    }
    println!(
        "compute_ms={:.3} checksum={:08x}{:08x} primes={primes}",
        ms(t),
        state[0],
        state[7]
    );
}

fn write(mib: u64) {
    let buf = vec![0u8; CHUNK];
    let out = std::io::stdout();
    let mut out = out.lock();
    for _ in 0..(mib << 20) / CHUNK as u64 {
        if out.write_all(&buf).is_err() {
            std::process::exit(1);
        }
    }
}

fn count() {
    let t = Instant::now();
    let mut buf = vec![0u8; CHUNK];
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut total: u64 = 0;
    loop {
        match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => total += n as u64,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                eprintln!("wbench count: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("bytes={total} count_ms={:.3}", ms(t));
}

fn files(n: u64, dir: &str) {
    let fail = |what: &str, e: std::io::Error| -> ! {
        eprintln!("wbench files: {what}: {e}");
        std::process::exit(1)
    };
    let name = |i: u64| format!("{dir}/f{i}");
    let t = Instant::now();
    for i in 0..n {
        if let Err(e) = std::fs::File::create(name(i)) {
            fail("create", e);
        }
    }
    let create = ms(t);
    let t = Instant::now();
    let listed = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter(|e| e.is_ok()).count(),
        Err(e) => fail("readdir", e),
    };
    let readdir = ms(t);
    let t = Instant::now();
    let mut bytes = 0;
    for i in 0..n {
        match std::fs::metadata(name(i)) {
            Ok(m) => bytes += m.len(),
            Err(e) => fail("stat", e),
        }
    }
    let stat = ms(t);
    let t = Instant::now();
    for i in 0..n {
        if let Err(e) = std::fs::remove_file(name(i)) {
            fail("unlink", e);
        }
    }
    let unlink = ms(t);
    println!(
        "files={n} listed={listed} bytes={bytes} create_ms={create:.3} readdir_ms={readdir:.3} \
         stat_ms={stat:.3} unlink_ms={unlink:.3}"
    );
}
