//! Fuzz the shell's parser: any input must parse or give a syntax error, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let _ = wosix_userland::sh::fuzz_api::parse_for_fuzz(src);
    }
});
