//! WASIX guest used by Wosix's tests (crates/host-native/tests/wasix.rs). It declares the
//! `wasix_32v1` imports itself (signatures and layouts of WASIX `wasix_v1.witx`, as in the
//! `wasix` crate) and prints one line per check, so the test can compare exact output.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::FromRawFd;

mod sys {
    #[link(wasm_import_module = "wasix_32v1")]
    unsafe extern "C" {
        pub fn fd_dup(fd: u32, ret: *mut u32) -> u16;
        pub fn fd_pipe(r: *mut u32, w: *mut u32) -> u16;
        pub fn getcwd(buf: *mut u8, len: *mut u32) -> u16;
        pub fn chdir(path: *const u8, len: u32) -> u16;
        pub fn tty_get(tty: *mut u8) -> u16;
        pub fn tty_set(tty: *const u8) -> u16;
        pub fn proc_id(ret: *mut u32) -> u16;
        pub fn proc_parent(pid: u32, ret: *mut u32) -> u16;
        pub fn proc_signal(pid: u32, sig: u32) -> u16;
        pub fn proc_join(pid: *mut OptionPid, flags: u32, status: *mut JoinStatus) -> u16;
        pub fn proc_fork(copy_memory: u32, ret: *mut u32) -> u16;
        pub fn proc_spawn2(
            name: *const u8,
            name_len: u32,
            args: *const u8,
            args_len: u32,
            envs: *const u8,
            envs_len: u32,
            fd_ops: *const FdOp,
            fd_ops_len: u32,
            signals: *const u8,
            signals_len: u32,
            search_path: u32,
            path: *const u8,
            path_len: u32,
            ret: *mut u32,
        ) -> u16;
        pub fn proc_spawn3(
            name: *const u8,
            name_len: u32,
            args: *const *const u8,
            args_len: u32,
            envs: *const *const u8,
            envs_len: u32,
            fd_ops: *const FdOp,
            fd_ops_len: u32,
            signals: *const u8,
            signals_len: u32,
            search_path: u32,
            path: *const u8,
            path_len: u32,
            ret: *mut u32,
        ) -> u16;
    }

    /// `option_pid`: tag (1 = some), then the pid.
    #[repr(C)]
    #[derive(Default)]
    pub struct OptionPid {
        pub tag: u8,
        pub pid: u32,
    }

    /// `join_status`: tag (0 nothing, 1 exit, 2 signal, 3 stopped), then the payload.
    #[repr(C)]
    #[derive(Default)]
    pub struct JoinStatus {
        pub tag: u8,
        pub code: u16,
        pub signal: u8,
    }

    /// `proc_spawn_fd_op` (56 bytes).
    #[repr(C)]
    #[derive(Default, Clone, Copy)]
    pub struct FdOp {
        pub cmd: u8,
        pub fd: u32,
        pub src_fd: u32,
        pub path: u32,
        pub path_len: u32,
        pub dirflags: u32,
        pub oflags: u16,
        pub rights_base: u64,
        pub rights_inheriting: u64,
        pub fdflags: u16,
        pub fdflagsext: u16,
    }
}

use sys::{FdOp, JoinStatus, OptionPid};

const CLOSE: u8 = 0;
const DUP2: u8 = 1;
const OPEN: u8 = 2;
const SIGTERM: u32 = 15;

fn main() {
    assert_eq!(std::mem::size_of::<FdOp>(), 56);
    assert_eq!(std::mem::size_of::<JoinStatus>(), 6);
    let args: Vec<String> = std::env::args().collect();
    let code = match args.get(1).map(String::as_str).unwrap_or("") {
        "ids" => cmd_ids(),
        "cwd" => cmd_cwd(),
        "spawn" => cmd_spawn(),
        "kill" => cmd_kill(),
        "tty" => cmd_tty(),
        _ => {
            eprintln!("usage: wasixtest ids|cwd|spawn|kill|tty");
            2
        }
    };
    std::process::exit(code);
}

fn my_pid() -> u32 {
    let mut pid = 0;
    let e = unsafe { sys::proc_id(&mut pid) };
    assert_eq!(e, 0, "proc_id");
    pid
}

fn cmd_ids() -> i32 {
    let pid = my_pid();
    let mut ppid = 0;
    let e = unsafe { sys::proc_parent(pid, &mut ppid) };
    println!("pid={pid} ppid={ppid} errno={e}");
    0
}

fn cwd() -> String {
    let mut buf = [0u8; 256];
    let mut len = buf.len() as u32;
    let e = unsafe { sys::getcwd(buf.as_mut_ptr(), &mut len) };
    if e != 0 {
        return format!("errno {e}");
    }
    String::from_utf8_lossy(&buf[..len as usize]).into_owned()
}

fn chdir(p: &str) -> u16 {
    unsafe { sys::chdir(p.as_ptr(), p.len() as u32) }
}

fn cmd_cwd() -> i32 {
    println!("cwd={}", cwd());
    println!("chdir /tmp: {}", chdir("/tmp"));
    println!("cwd={}", cwd());
    // Relative paths now go to /tmp (the `.` preopen follows the working directory).
    let w = std::fs::write("wasix-rel.txt", b"x").is_ok();
    println!(
        "relative file in /tmp: {}",
        w && std::fs::metadata("/tmp/wasix-rel.txt").is_ok()
    );
    let mut small = [0u8; 2];
    let mut len = small.len() as u32;
    let e = unsafe { sys::getcwd(small.as_mut_ptr(), &mut len) };
    println!("small buffer: errno {e}, needs {len}");
    println!("chdir /nonexistent: {}", chdir("/nonexistent"));
    println!("cwd={}", cwd());
    0
}

/// `proc_spawn2(name, args...)` with `ops`; returns (errno, pid).
fn spawn2(name: &str, args: &str, ops: &[FdOp], search: bool) -> (u16, u32) {
    let mut pid = 0;
    let path = "/bin:/usr/bin";
    let e = unsafe {
        sys::proc_spawn2(
            name.as_ptr(),
            name.len() as u32,
            args.as_ptr(),
            args.len() as u32,
            std::ptr::null(),
            0,
            ops.as_ptr(),
            ops.len() as u32,
            std::ptr::null(),
            0,
            u32::from(search),
            path.as_ptr(),
            path.len() as u32,
            &mut pid,
        )
    };
    (e, pid)
}

/// `proc_join` on `pid` (None = any child); returns (errno, pid, status text).
fn join(pid: Option<u32>, flags: u32) -> (u16, u32, String) {
    let mut opt = OptionPid {
        tag: u8::from(pid.is_some()),
        pid: pid.unwrap_or(0),
    };
    let mut st = JoinStatus::default();
    let e = unsafe { sys::proc_join(&mut opt, flags, &mut st) };
    let text = match st.tag {
        0 => "nothing".to_string(),
        1 => format!("exit {}", st.code),
        2 => format!("signal {} (code {})", st.signal, st.code),
        3 => format!("stopped {}", st.code & 0xff),
        t => format!("tag {t}"),
    };
    (e, if opt.tag == 1 { opt.pid } else { 0 }, text)
}

fn pipe() -> (u32, u32) {
    let (mut r, mut w) = (0, 0);
    let e = unsafe { sys::fd_pipe(&mut r, &mut w) };
    assert_eq!(e, 0, "fd_pipe");
    (r, w)
}

fn cmd_spawn() -> i32 {
    // echo's stdout goes to the write end of a pipe; the read end is closed in the child.
    let (r, w) = pipe();
    let ops = [
        FdOp {
            cmd: DUP2,
            fd: 1,
            src_fd: w,
            ..FdOp::default()
        },
        FdOp {
            cmd: CLOSE,
            fd: r,
            ..FdOp::default()
        },
    ];
    let (e, pid) = spawn2("/bin/echo", "echo\nhi", &ops, false);
    println!("spawn echo: errno {e}, pid>0 {}", pid > 0);
    // A dup of the write end also writes into the pipe.
    let mut d = 0;
    let de = unsafe { sys::fd_dup(w, &mut d) };
    let mut dup = unsafe { File::from_raw_fd(d as i32) };
    let wrote = dup.write_all(b"via dup\n").is_ok();
    println!(
        "fd_dup: errno {de}, new fd differs {}, write ok {wrote}",
        d != w
    );
    drop(dup);
    drop(unsafe { File::from_raw_fd(w as i32) });
    let (je, jpid, st) = join(Some(pid), 0);
    println!("join echo: errno {je}, same pid {}, {st}", jpid == pid);
    let mut out = String::new();
    let mut rf = unsafe { File::from_raw_fd(r as i32) };
    let _ = rf.read_to_string(&mut out);
    let mut lines: Vec<&str> = out.lines().collect();
    lines.sort();
    println!("pipe carried: {lines:?}");

    // proc_spawn3 (pointer arrays), PATH search, an exit status, any-child join.
    let argv: [&[u8]; 3] = [b"sh\0", b"-c\0", b"exit 3\0"];
    let ptrs: Vec<*const u8> = argv.iter().map(|a| a.as_ptr()).collect();
    let mut pid3 = 0;
    let path = "/bin";
    let e3 = unsafe {
        sys::proc_spawn3(
            b"sh".as_ptr(),
            2,
            ptrs.as_ptr(),
            ptrs.len() as u32,
            std::ptr::null(),
            0,
            std::ptr::null(),
            0,
            std::ptr::null(),
            0,
            1,
            path.as_ptr(),
            path.len() as u32,
            &mut pid3,
        )
    };
    let (je, jpid, st) = join(None, 0);
    println!(
        "spawn3 sh: errno {e3}; join any: errno {je}, same pid {}, {st}",
        jpid == pid3
    );

    // An open file action: the child's stdout is a file.
    let file = "/tmp/wasix-spawn-out.txt";
    let ops = [FdOp {
        cmd: OPEN,
        fd: 1,
        path: file.as_ptr() as u32,
        path_len: file.len() as u32,
        oflags: 1 | 8,
        rights_base: 1 << 6,
        ..FdOp::default()
    }];
    let (e, pid) = spawn2("echo", "echo\nto a file", &ops, true);
    let (_, _, st) = join(Some(pid), 0);
    let got = std::fs::read_to_string(file).unwrap_or_default();
    println!("spawn with open: errno {e}, {st}, file has {got:?}");

    // Errors: a missing program, a bad source descriptor, no children left.
    let (e, _) = spawn2("/bin/no-such-program", "", &[], false);
    println!("missing program: errno {e}");
    let bad = [FdOp {
        cmd: DUP2,
        fd: 1,
        src_fd: 999,
        ..FdOp::default()
    }];
    println!(
        "bad dup2 source: errno {}",
        spawn2("/bin/echo", "", &bad, false).0
    );
    let (je, _, st) = join(None, 0);
    println!("join with no children: errno {je}, {st}");
    let mut p = 0;
    println!("proc_fork: errno {}", unsafe { sys::proc_fork(1, &mut p) });
    0
}

fn cmd_kill() -> i32 {
    let (e, pid) = spawn2("sleep", "sleep\n100", &[], true);
    println!("spawn sleep: errno {e}");
    let (je, _, st) = join(Some(pid), 1);
    println!("non-blocking join: errno {je}, {st}");
    println!("probe: errno {}", unsafe { sys::proc_signal(pid, 0) });
    println!("SIGTERM: errno {}", unsafe {
        sys::proc_signal(pid, SIGTERM)
    });
    let (je, jpid, st) = join(Some(pid), 0);
    println!("join: errno {je}, same pid {}, {st}", jpid == pid);
    println!("signal a reaped pid: errno {}", unsafe {
        sys::proc_signal(pid, SIGTERM)
    });
    0
}

fn cmd_tty() -> i32 {
    let mut buf = [0u8; 24];
    let e = unsafe { sys::tty_get(buf.as_mut_ptr()) };
    if e != 0 {
        println!("tty_get: errno {e}");
        println!("tty_set: errno {}", unsafe { sys::tty_set(buf.as_ptr()) });
        return 0;
    }
    let u = |o: usize| u32::from_le_bytes([buf[o], buf[o + 1], buf[o + 2], buf[o + 3]]);
    println!(
        "tty {}x{} stdio {:?} echo {} line_buffered {}",
        u(0),
        u(4),
        &buf[16..19],
        buf[19],
        buf[20]
    );
    // Raw mode (no echo, no line buffering), read it back, then restore.
    let mut raw = buf;
    raw[19] = 0;
    raw[20] = 0;
    let se = unsafe { sys::tty_set(raw.as_ptr()) };
    let mut now = [0u8; 24];
    let ge = unsafe { sys::tty_get(now.as_mut_ptr()) };
    println!(
        "raw: set {se} get {ge} echo {} line_buffered {}",
        now[19], now[20]
    );
    let re = unsafe { sys::tty_set(buf.as_ptr()) };
    let _ = unsafe { sys::tty_get(now.as_mut_ptr()) };
    println!(
        "restored: set {re} echo {} line_buffered {}",
        now[19], now[20]
    );
    0
}
