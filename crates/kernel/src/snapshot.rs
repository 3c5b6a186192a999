//! The versioned snapshot format: the whole kernel as JSON (`{"format":"wosix-kernel",
//! "version":N,"kernel":{…}}`). Every table is a `BTreeMap`, so the same state always gives the
//! same bytes; file contents are base64 strings. /proc and /dev are generated and so never
//! stored. Transient runtime links (program futures, wakers) live outside the kernel.

use crate::Kernel;
use serde::{Deserialize, Serialize};
use wosix_abi::Errno;

/// The current snapshot format version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Out<'a> {
    format: &'static str,
    version: u32,
    kernel: &'a Kernel,
}

#[derive(Deserialize)]
struct In {
    format: String,
    version: u32,
    kernel: Kernel,
}

/// Serialise `k` to versioned JSON.
pub fn save(k: &Kernel) -> Vec<u8> {
    serde_json::to_vec(&Out {
        format: "wosix-kernel",
        version: VERSION,
        kernel: k,
    })
    .unwrap_or_default()
}

/// Restore a kernel from [`save`]'s output.
///
/// # Errors
/// EINVAL if the bytes are not a Wosix snapshot of a version this kernel reads.
pub fn load(bytes: &[u8]) -> Result<Kernel, Errno> {
    let i: In = serde_json::from_slice(bytes).map_err(|_| Errno::EINVAL)?;
    if i.format != "wosix-kernel" || i.version != VERSION {
        return Err(Errno::EINVAL);
    }
    Ok(i.kernel)
}

/// Serde helper storing byte vectors as base64 strings.
pub mod bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serialise as base64.
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(v))
    }
    /// Deserialise from base64.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        STANDARD
            .decode(s.as_bytes())
            .map_err(serde::de::Error::custom)
    }
}

/// Serde helper for `VecDeque<u8>` as base64.
pub mod deque {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::VecDeque;

    /// Serialise as base64.
    pub fn serialize<S: Serializer>(v: &VecDeque<u8>, s: S) -> Result<S::Ok, S::Error> {
        let (a, b) = v.as_slices();
        let mut all = a.to_vec();
        all.extend_from_slice(b);
        s.serialize_str(&STANDARD.encode(all))
    }
    /// Deserialise from base64.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<VecDeque<u8>, D::Error> {
        let s = String::deserialize(d)?;
        STANDARD
            .decode(s.as_bytes())
            .map(VecDeque::from)
            .map_err(serde::de::Error::custom)
    }
}
