//! SQLite inside Wosix: SQLite's amalgamation (from the `libsqlite3-sys` crate on crates.io,
//! fetched with cargo into ~/.cache/wosix at test time, never committed) is compiled with
//! Debian's clang + wasi-libc together with the small shell of tests/wasi/c/sqlite_shell.c,
//! installed as /usr/bin/sqlite3 in a booted machine, and run by user 1000 through the shell.
//! The database lives in the kernel's VFS; SQLite uses its own unix VFS over WASI ("unix-none":
//! WASI has no file locks, see [`CFLAGS`]).
//!
//! The compiled module is cached in ~/.cache/wosix/sqlite, keyed by the SQLite version, the
//! shell's source and the compiler flags, so only a cold cache pays for the compile.

mod common;

use common::{boot, install, repo, sh, sh_root};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use wosix_runtime::Machine;

/// The crates.io crate that bundles the amalgamation, and its pinned version.
const CRATE: &str = "libsqlite3-sys";
const CRATE_VERSION: &str = "0.35.0";

/// Flags for wasm32-wasi: no threads, no extension loading, no WAL (it needs shared memory),
/// temporary tables in memory; wasi-libc's emulations for the few POSIX calls SQLite names.
/// WASI has no fcntl locks, and SQLite's WASI default (dot-file locks: a `DB.lock` directory)
/// fails in directories the user cannot write and leaves a stale lock when the guest is killed,
/// so the VFS is "unix-none": no locking between processes, like SQLite on embedded systems.
const CFLAGS: &[&str] = &[
    "--target=wasm32-wasi",
    "--sysroot=/usr",
    "-O2",
    "-w",
    "-DSQLITE_THREADSAFE=0",
    "-DSQLITE_OMIT_LOAD_EXTENSION",
    "-DSQLITE_OMIT_WAL",
    "-DSQLITE_OMIT_SHARED_CACHE",
    "-DSQLITE_TEMP_STORE=3",
    "-DSQLITE_DEFAULT_FOREIGN_KEYS=1",
    "-DSQLITE_DEFAULT_UNIX_VFS=\"unix-none\"",
    "-DLONGDOUBLE_TYPE=double",
    "-D_WASI_EMULATED_MMAN",
    "-D_WASI_EMULATED_GETPID",
    "-D_WASI_EMULATED_SIGNAL",
    "-D_WASI_EMULATED_PROCESS_CLOCKS",
];
const LIBS: &[&str] = &[
    "-lwasi-emulated-mman",
    "-lwasi-emulated-getpid",
    "-lwasi-emulated-signal",
    "-lwasi-emulated-process-clocks",
];

fn cache_dir() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    home.join(".cache/wosix/sqlite")
}

/// A path beside `path` that is unique to this process, for write-then-rename.
fn part(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(format!(".part{}", std::process::id()));
    PathBuf::from(p)
}

/// The directory holding sqlite3.c and sqlite3.h: the `sqlite3/` folder of the crate, vendored
/// with cargo (the registry's ordinary client) into the cache on first use.
fn amalgamation() -> PathBuf {
    let base = cache_dir().join("fetch");
    let src = base
        .join("vendor")
        .join(format!("{CRATE}-{CRATE_VERSION}"))
        .join("sqlite3");
    if src.join("sqlite3.c").exists() && src.join("sqlite3.h").exists() {
        return src;
    }
    std::fs::create_dir_all(base.join("src")).expect("cache dir");
    std::fs::write(
        base.join("Cargo.toml"),
        format!(
            "[package]\nname = \"wosix-sqlite-fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
             [workspace]\n\n[dependencies]\n{CRATE} = {{ version = \"={CRATE_VERSION}\", default-features = false }}\n"
        ),
    )
    .expect("write fetch manifest");
    std::fs::write(base.join("src/lib.rs"), "").expect("write fetch lib.rs");
    let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["vendor", "--quiet", "--versioned-dirs", "--manifest-path"])
        .arg(base.join("Cargo.toml"))
        .arg(base.join("vendor"))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("cargo runs");
    assert!(
        st.success(),
        "cargo vendor {CRATE} {CRATE_VERSION} failed (crates.io reachable?)"
    );
    assert!(
        src.join("sqlite3.c").exists(),
        "{} has no sqlite3.c",
        src.display()
    );
    src
}

/// The SQLite version string from sqlite3.h.
fn sqlite_version(src: &Path) -> String {
    let h = std::fs::read_to_string(src.join("sqlite3.h")).expect("sqlite3.h");
    h.lines()
        .find_map(|l| l.strip_prefix("#define SQLITE_VERSION "))
        .map(|v| v.trim().trim_matches('"').to_string())
        .expect("SQLITE_VERSION in sqlite3.h")
}

/// sqlite3.wasm: the amalgamation plus tests/wasi/c/sqlite_shell.c, compiled once per cache key.
fn sqlite_wasm() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let src = amalgamation();
        let version = sqlite_version(&src);
        let shell = repo().join("tests/wasi/c/sqlite_shell.c");
        let mut key = Sha256::new();
        key.update(std::fs::read(&shell).expect("sqlite_shell.c"));
        for f in CFLAGS.iter().chain(LIBS) {
            key.update(f.as_bytes());
            key.update([0]);
        }
        let key: String = key.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let out = cache_dir().join(format!("sqlite3-{version}-{key}.wasm"));
        if !out.exists() {
            let tmp = part(&out);
            let st = Command::new("clang")
                .args(CFLAGS)
                .arg("-I")
                .arg(&src)
                .arg("-o")
                .arg(&tmp)
                .arg(src.join("sqlite3.c"))
                .arg(&shell)
                .args(LIBS)
                .status()
                .expect(
                    "clang runs (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32)",
                );
            assert!(st.success(), "compiling SQLite for wasm32-wasi failed");
            std::fs::rename(&tmp, &out).expect("rename compiled module");
        }
        std::fs::read(&out).expect("read sqlite3.wasm")
    })
}

/// A booted machine with sqlite3 installed as /usr/bin/sqlite3.
fn machine() -> Machine {
    let m = boot();
    install(&m, "/usr/bin/sqlite3", sqlite_wasm().to_vec(), 0o755);
    m
}

#[test]
fn sqlite_creates_and_queries_a_database_in_the_vfs() {
    let m = machine();
    let create = "CREATE TABLE fruit(name TEXT PRIMARY KEY, color TEXT, price REAL, qty INTEGER);\n\
        INSERT INTO fruit VALUES ('banana', 'yellow', 0.25, 12), ('apple', 'red', 0.5, 7),\n\
          ('cherry', 'red', 0.1, 200), ('lime', 'green', 0.3, NULL);\n\
        CREATE INDEX fruit_color ON fruit(color);\n\
        SELECT name, qty FROM fruit ORDER BY name;";
    let o = sh(&m, &format!("sqlite3 shop.db \"{create}\""));
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("apple|7\nbanana|12\ncherry|200\nlime|\n", "", 0)
    );

    // A second process reopens the file: the rows persisted in the VFS.
    let o = sh(
        &m,
        "sqlite3 -header shop.db 'SELECT color, count(*) AS n, sum(qty) AS total, \
         printf(\"%.2f\", avg(price)) AS avg FROM fruit GROUP BY color ORDER BY n DESC, color;'",
    );
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        (
            "color|n|total|avg\nred|2|207|0.30\ngreen|1||0.30\nyellow|1|12|0.25\n",
            "",
            0
        )
    );

    // A transaction that updates, deletes and commits, then a join and a subquery.
    let o = sh(
        &m,
        "sqlite3 shop.db 'BEGIN; UPDATE fruit SET qty = qty - 2 WHERE color = \"red\"; \
         DELETE FROM fruit WHERE name = \"lime\"; \
         CREATE TABLE orders(id INTEGER PRIMARY KEY, fruit TEXT REFERENCES fruit(name), n INT); \
         INSERT INTO orders(fruit, n) VALUES (\"apple\", 3), (\"apple\", 1), (\"cherry\", 50); COMMIT;' \
         && sqlite3 shop.db 'SELECT f.name, f.qty, sum(o.n) FROM fruit f JOIN orders o ON o.fruit = f.name \
         GROUP BY f.name ORDER BY 3 DESC; SELECT count(*) FROM fruit WHERE qty > (SELECT avg(qty) FROM fruit);'",
    );
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("cherry|198|50\napple|5|4\n1\n", "", 0)
    );

    // The database is a file of the user's, with SQLite's header; no journal is left behind.
    let o = sh(&m, "ls -l shop.db && ls -a && head -c 15 shop.db; echo");
    assert_eq!(o.status, 0, "{}", o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert!(
        lines[0].starts_with("-rw-r--r-- 1 user user ") && lines[0].ends_with(" shop.db"),
        "{}",
        o.stdout
    );
    assert_eq!(
        &lines[1..],
        [".", "..", ".profile", "shop.db", "SQLite format 3"]
    );
}

#[test]
fn sqlite_reads_sql_from_a_pipe_and_reports_errors() {
    let m = machine();
    let o = sh(&m, "echo 'select 1+1;' | sqlite3 db");
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("2\n", "", 0)
    );
    let o = sh(
        &m,
        "printf 'create table t(x);\\ninsert into t values (3),(1),(2);\\nselect group_concat(x) from (select x from t order by x);\\n' > q.sql \
         && sqlite3 db < q.sql && echo \"select sqlite_version() = '$(sqlite3 -version)';\" | sqlite3 db",
    );
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("1,2,3\n1\n", "", 0)
    );
    let o = sh(&m, "sqlite3 db 'select * from missing'; echo status $?");
    assert_eq!(o.stdout, "status 1\n");
    assert_eq!(o.stderr, "Error: no such table: missing\n");
    let o = sh(&m, "sqlite3 db 'insert into t values (1'; echo status $?");
    assert_eq!(o.stdout, "status 1\n");
    assert!(o.stderr.starts_with("Error: "), "{}", o.stderr);
}

#[test]
fn sqlite_cannot_open_roots_private_database() {
    let m = machine();
    let o = sh_root(
        &m,
        "sqlite3 /root/secret.db 'create table s(v); insert into s values (42);' \
         && chmod 600 /root/secret.db && cp /root/secret.db /tmp/secret.db && chmod 600 /tmp/secret.db \
         && sqlite3 /tmp/secret.db 'select v from s'",
    );
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("42\n", "", 0)
    );
    let o = sh(&m, "sqlite3 /tmp/secret.db 'select v from s'");
    assert_eq!(o.stdout, "");
    assert_eq!(
        o.stderr,
        "Error: unable to open database \"/tmp/secret.db\": unable to open database file (Permission denied)\n"
    );
    assert_eq!(o.status, 1);
    // A database the user may only read: queries work, changes are refused.
    let o = sh_root(
        &m,
        "cp /tmp/secret.db /tmp/public.db && chmod 644 /tmp/public.db",
    );
    assert_eq!(o.status, 0, "{}", o.stderr);
    let o = sh(
        &m,
        "sqlite3 /tmp/public.db 'select v * 2 from s'; sqlite3 /tmp/public.db 'insert into s values (1)'; echo status $?",
    );
    assert_eq!(o.stdout, "84\nstatus 1\n");
    assert_eq!(o.stderr, "Error: attempt to write a readonly database\n");
    // Nor can the user create a database in root's home directory.
    let o = sh(
        &m,
        "sqlite3 /root/mine.db 'create table x(y)'; echo status $?",
    );
    assert_eq!(o.stdout, "status 1\n");
    assert_eq!(
        o.stderr,
        "Error: unable to open database \"/root/mine.db\": unable to open database file (Permission denied)\n"
    );
}

#[test]
fn sqlite_reads_a_database_in_a_read_only_directory() {
    let m = machine();
    let o = sh_root(
        &m,
        "mkdir -p /usr/share/dict && sqlite3 /usr/share/dict/words.db \
         'create table w(word); insert into w values (\"alpha\"), (\"beta\")' && ls -ld /usr/share/dict",
    );
    assert_eq!(o.status, 0, "{}", o.stderr);
    let o = sh(
        &m,
        "sqlite3 /usr/share/dict/words.db 'select group_concat(word, \" \") from w'",
    );
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("alpha beta\n", "", 0)
    );
}

/// Size in bytes of `path` in the machine, from `wc -c`.
fn size(m: &Machine, path: &str) -> u64 {
    let o = sh(m, &format!("wc -c < {path}"));
    o.stdout
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("wc: {o:?}"))
}

#[test]
fn sqlite_grows_shrinks_and_checks_a_bigger_database() {
    let m = machine();
    let o = sh(
        &m,
        "sqlite3 big.db 'PRAGMA page_size = 1024; \
         CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) \
         INSERT INTO t SELECT i, printf(\"row %05d %s\", i, hex(randomblob(16))) FROM n; \
         CREATE INDEX t_v ON t(v); SELECT count(*), max(id) FROM t;'",
    );
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("20000|20000\n", "", 0)
    );
    let full = size(&m, "big.db");
    assert!(full > 2_000_000, "{full}");
    // Truncating journals, a rollback, then deleting most rows and VACUUM shrink the file.
    let o = sh(
        &m,
        "sqlite3 big.db 'PRAGMA journal_mode = TRUNCATE; \
         BEGIN; DELETE FROM t; ROLLBACK; SELECT count(*) FROM t; \
         DELETE FROM t WHERE id % 10 != 0; VACUUM; PRAGMA integrity_check; \
         SELECT count(*), sum(id) FROM t; SELECT v FROM t WHERE id = 5000;' \
         && ls big.db*",
    );
    assert_eq!(o.status, 0, "{}", o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(
        lines[..4],
        ["truncate", "20000", "ok", "2000|20010000"],
        "{}",
        o.stdout
    );
    assert!(lines[4].starts_with("row 05000 "), "{}", o.stdout);
    assert_eq!(lines[5..], ["big.db", "big.db-journal"]);
    assert_eq!(size(&m, "big.db-journal"), 0);
    let small = size(&m, "big.db");
    assert!(small < full / 5, "{small} vs {full}");
    // The default journal mode deletes its journal; the data is intact in a new process.
    let o = sh(
        &m,
        "sqlite3 big.db 'PRAGMA journal_mode = DELETE; UPDATE t SET v = upper(v) WHERE id = 10;' \
         && sqlite3 big.db 'SELECT substr(v, 1, 9) FROM t WHERE id = 10; PRAGMA integrity_check;' && ls big.db*",
    );
    assert_eq!(
        (o.stdout.as_str(), o.stderr.as_str(), o.status),
        ("delete\nROW 00010\nok\nbig.db\n", "", 0)
    );
}
