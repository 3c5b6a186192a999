//! Fuzz the kernel's path walk: stat, open and mkdir with arbitrary paths, as root and as an
//! ordinary process, must answer with a result or an errno, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wosix_abi::{AtFlags, Call, OFlags, Pid};
use wosix_kernel::Kernel;

/// Open flags the fuzzer picks from (the first input byte selects a combination).
const FLAGS: [OFlags; 6] = [
    OFlags::RDONLY,
    OFlags::WRONLY,
    OFlags::RDWR,
    OFlags::DIRECTORY,
    OFlags::NOFOLLOW,
    OFlags::CREAT,
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let mut kernel = Kernel::boot("fuzz");
    let pid = Pid(1);
    // Several paths per input, separated by newlines, so the walk sees what earlier calls made.
    for (i, path) in text.split('\n').take(16).enumerate() {
        let path = path.to_string();
        let flags = FLAGS[(sel as usize + i) % FLAGS.len()];
        let stat_flags = if sel & 0x80 != 0 { AtFlags::SYMLINK_NOFOLLOW } else { AtFlags::empty() };
        let _ = kernel.syscall(pid, &Call::Stat { dir: None, path: path.clone(), flags: stat_flags });
        let _ = kernel.syscall(pid, &Call::Mkdir { dir: None, path: path.clone(), mode: 0o755 });
        if let Ok(wosix_abi::Ret::Fd(fd)) =
            kernel.syscall(pid, &Call::Open { dir: None, path: path.clone(), flags, mode: 0o644 })
        {
            let _ = kernel.syscall(pid, &Call::Close { fd });
        }
        if sel & 0x40 != 0 {
            let _ = kernel.syscall(pid, &Call::Symlink { target: path.clone(), dir: None, path: format!("/tmp/l{i}") });
        }
        let _ = kernel.take_events();
    }
});
