//! A machine after real work serialises to versioned JSON, restores, and serialises again to
//! identical bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{ROOT, T};
use wosix_abi::{Call, OFlags, Ret, SpawnAttrs};
use wosix_kernel::Kernel;

#[test]
fn snapshot_round_trip_is_byte_identical() {
    let mut t = T::new();
    let u = t.user(1000);
    t.write_file(u, "/tmp/file", &(0..=255u8).collect::<Vec<_>>(), 0o640);
    t.ok(
        u,
        Call::Symlink {
            target: "/tmp/file".into(),
            dir: None,
            path: "/tmp/link".into(),
        },
    );
    t.ok(
        u,
        Call::Mkfifo {
            dir: None,
            path: "/tmp/fifo".into(),
            mode: 0o600,
        },
    );
    let Ret::FdPair(_r, w) = t.ok(
        u,
        Call::Pipe {
            flags: OFlags::empty(),
        },
    ) else {
        panic!()
    };
    t.ok(
        u,
        Call::Write {
            fd: w,
            data: b"in flight".to_vec(),
        },
    );
    let Ret::Fd(_m) = t.ok(
        ROOT,
        Call::Open {
            dir: None,
            path: "/dev/ptmx".into(),
            flags: OFlags::RDWR,
            mode: 0,
        },
    ) else {
        panic!()
    };
    let _child = t.spawn_as(u, 1000, SpawnAttrs::default());
    let a = t.k.snapshot();
    let text = String::from_utf8(a.clone()).unwrap();
    assert!(
        text.starts_with("{\"format\":\"wosix-kernel\",\"version\":1,"),
        "{}",
        &text[..80]
    );
    let k2 = Kernel::restore(&a).unwrap();
    let b = k2.snapshot();
    assert_eq!(a, b);
    // The restored machine works: the pipe still holds its bytes, files their content.
    let mut t2 = T { k: k2, now: 0 };
    t2.advance(1);
    assert_eq!(
        t2.read_file(u, "/tmp/link").unwrap(),
        (0..=255u8).collect::<Vec<_>>()
    );
    assert!(Kernel::restore(b"{\"format\":\"other\"}").is_err());
    assert!(Kernel::restore(b"garbage").is_err());
}
