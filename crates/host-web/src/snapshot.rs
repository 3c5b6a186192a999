//! Wosix's binary snapshot of a file tree: what `export(path, { format: 'binary' })` produces
//! and `mount(Uint8Array | ArrayBuffer)` accepts. Compact and trivially streamable:
//!
//! ```text
//! "WSXSNAP1"                                  magic and version
//! then per entry, parents before children:
//!   kind u8 (0 directory, 1 file, 2 symlink)
//!   mode u16 LE (permission bits; 0xFFFF = default)
//!   path length u32 LE, path (UTF-8, relative, '/'-separated)
//!   data length u64 LE, data (file contents, or the symlink target)
//! ```

use crate::tree::{Entry, Kind};

/// The first bytes of every snapshot.
pub const MAGIC: &[u8; 8] = b"WSXSNAP1";

/// Whether `bytes` look like a snapshot.
pub fn is_snapshot(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Encode a tree.
pub fn encode(entries: &[Entry]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    for e in entries {
        let (kind, data): (u8, &[u8]) = match &e.kind {
            Kind::Dir => (0, &[]),
            Kind::File(d) => (1, d),
            Kind::Symlink(t) => (2, t.as_bytes()),
        };
        out.push(kind);
        out.extend_from_slice(
            &e.mode
                .map(|m| (m & 0o7777) as u16)
                .unwrap_or(0xFFFF)
                .to_le_bytes(),
        );
        out.extend_from_slice(&(e.rel.len() as u32).to_le_bytes());
        out.extend_from_slice(e.rel.as_bytes());
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// Decode a snapshot; every path must be relative and free of `.` and `..`.
pub fn decode(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let mut r = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("not a wosix snapshot (bad magic)")?;
    let mut out = Vec::new();
    let short = || "truncated snapshot".to_string();
    while !r.is_empty() {
        let (&kind, rest) = r.split_first().ok_or_else(short)?;
        let (mode, rest) = take(rest, 2).ok_or_else(short)?;
        let mode = u16::from_le_bytes([mode[0], mode[1]]);
        let (len, rest) = take(rest, 4).ok_or_else(short)?;
        let plen = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let (path, rest) = take(rest, plen).ok_or_else(short)?;
        let (len, rest) = take(rest, 8).ok_or_else(short)?;
        let mut l8 = [0u8; 8];
        l8.copy_from_slice(len);
        let dlen = usize::try_from(u64::from_le_bytes(l8)).map_err(|_| short())?;
        let (data, rest) = take(rest, dlen).ok_or_else(short)?;
        r = rest;
        let rel =
            std::str::from_utf8(path).map_err(|_| "snapshot: path is not UTF-8".to_string())?;
        if rel.is_empty()
            || rel.starts_with('/')
            || rel
                .split('/')
                .any(|c| c.is_empty() || c == "." || c == "..")
        {
            return Err(format!("snapshot: bad path {rel:?}"));
        }
        let kind = match kind {
            0 => Kind::Dir,
            1 => Kind::File(data.to_vec()),
            2 => Kind::Symlink(String::from_utf8_lossy(data).into_owned()),
            k => return Err(format!("snapshot: unknown entry kind {k}")),
        };
        out.push(Entry {
            rel: rel.to_string(),
            mode: (mode != 0xFFFF).then_some(u32::from(mode)),
            kind,
        });
    }
    Ok(out)
}

fn take(b: &[u8], n: usize) -> Option<(&[u8], &[u8])> {
    (b.len() >= n).then(|| b.split_at(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejects() {
        let e = vec![
            Entry {
                rel: "d".into(),
                mode: Some(0o755),
                kind: Kind::Dir,
            },
            Entry {
                rel: "d/f".into(),
                mode: None,
                kind: Kind::File(vec![1, 2, 3]),
            },
            Entry {
                rel: "l".into(),
                mode: Some(0o777),
                kind: Kind::Symlink("d/f".into()),
            },
        ];
        let b = encode(&e);
        assert!(is_snapshot(&b));
        assert_eq!(decode(&b).expect("decodes"), e);
        assert!(decode(&b[..b.len() - 1]).is_err());
        assert!(decode(b"nope").is_err());
        let bad = encode(&[Entry {
            rel: "../x".into(),
            mode: None,
            kind: Kind::Dir,
        }]);
        assert!(decode(&bad).is_err());
    }
}
