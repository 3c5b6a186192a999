//! File trees moving between JavaScript and the machine: `mount(tree)` writes one, `export`
//! reads one. A tree is a flat list of [`Entry`]s, parents before children, that converts to
//! and from the facade's wire JSON (`{"d":{name:node}}` with `{"d":…}` directories,
//! `{"f":{"c":text}}` files, `{"f":{"c":base64,"b":true}}` binary files and `{"f":{"l":target}}`
//! symlinks — upstream's shape, with base64 instead of latin-1 strings), our binary snapshot
//! ([`crate::snapshot`]) and zip ([`crate::zip`]).

use crate::fsops::{self, FsError, FsResult};
use crate::glob::GlobSet;
use crate::paths::join;
use base64::Engine as _;
use serde_json::{Map, Value};
use wosix_abi::{Errno, FileType};
use wosix_runtime::Sys;

/// What an entry is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A directory.
    Dir,
    /// A regular file and its contents.
    File(Vec<u8>),
    /// A symbolic link and its target.
    Symlink(String),
}

/// One node of a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the tree's root, `/`-separated, never empty.
    pub rel: String,
    /// Permission bits (`None`: the default for the kind, after umask).
    pub mode: Option<u32>,
    /// The node.
    pub kind: Kind,
}

/// Whether `name` may be a tree node's name.
fn valid_name(name: &str) -> bool {
    crate::paths::valid_folder_name(name)
}

/// Parse the wire JSON of a tree (the root object is either `{"d":{…}}` or the bare map).
pub fn from_wire_json(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("invalid tree: {e}"))?;
    let root = match v.get("d") {
        Some(d) => d,
        None => &v,
    };
    let map = root
        .as_object()
        .ok_or("invalid tree: the root must be an object")?;
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Map<String, Value>)> = vec![(String::new(), map)];
    while let Some((prefix, map)) = stack.pop() {
        for (name, node) in map {
            if !valid_name(name) {
                return Err(format!("invalid tree: bad file name {name:?}"));
            }
            let rel = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            let mode = node
                .get("m")
                .and_then(Value::as_u64)
                .map(|m| (m & 0o7777) as u32);
            if let Some(d) = node.get("d") {
                let sub = d
                    .as_object()
                    .ok_or_else(|| format!("invalid tree: {rel}: directory must be an object"))?;
                out.push(Entry {
                    rel: rel.clone(),
                    mode,
                    kind: Kind::Dir,
                });
                stack.push((rel, sub));
            } else if let Some(f) = node.get("f") {
                let kind = if let Some(l) = f.get("l").and_then(Value::as_str) {
                    Kind::Symlink(l.to_string())
                } else {
                    let c = f.get("c").and_then(Value::as_str).unwrap_or("");
                    if f.get("b").and_then(Value::as_bool).unwrap_or(false) {
                        let data = base64::engine::general_purpose::STANDARD
                            .decode(c)
                            .map_err(|e| format!("invalid tree: {rel}: {e}"))?;
                        Kind::File(data)
                    } else {
                        Kind::File(c.as_bytes().to_vec())
                    }
                };
                out.push(Entry { rel, mode, kind });
            } else {
                return Err(format!(
                    "invalid tree: {rel}: neither a file nor a directory"
                ));
            }
        }
    }
    Ok(out)
}

/// Encode entries as wire JSON (`{"d":{…}}`); file contents that are valid UTF-8 travel as
/// text, others as base64.
pub fn to_wire_json(entries: &[Entry]) -> Vec<u8> {
    let mut root = Map::new();
    for e in entries {
        let parts: Vec<&str> = e.rel.split('/').collect();
        let node = match &e.kind {
            Kind::Dir => serde_json::json!({"d": {}}),
            Kind::Symlink(t) => serde_json::json!({"f": {"l": t}}),
            Kind::File(data) => match std::str::from_utf8(data) {
                Ok(s) => serde_json::json!({"f": {"c": s}}),
                Err(_) => {
                    serde_json::json!({"f": {"c": base64::engine::general_purpose::STANDARD.encode(data), "b": true}})
                }
            },
        };
        insert(&mut root, &parts, node, e.kind == Kind::Dir);
    }
    serde_json::to_vec(&serde_json::json!({ "d": root })).unwrap_or_else(|_| b"{\"d\":{}}".to_vec())
}

/// Put `node` at `parts` below `map`, creating directories on the way; an existing directory
/// is kept when `node` is a directory too.
fn insert(map: &mut Map<String, Value>, parts: &[&str], node: Value, is_dir: bool) {
    match parts {
        [] => {}
        [last] => {
            if !(is_dir && map.contains_key(*last)) {
                map.insert(last.to_string(), node);
            }
        }
        [first, rest @ ..] => {
            let sub = map
                .entry(first.to_string())
                .or_insert_with(|| serde_json::json!({"d": {}}));
            if let Some(m) = sub.get_mut("d").and_then(Value::as_object_mut) {
                insert(m, rest, node, is_dir);
            }
        }
    }
}

/// Write `entries` below the directory `root` (created with parents if missing). Existing
/// files are overwritten; existing directories are kept.
pub async fn write_tree(sys: &Sys, root: &str, entries: &[Entry]) -> FsResult<()> {
    fsops::mkdir(sys, root, true).await?;
    for e in entries {
        let path = join(root, &e.rel);
        match &e.kind {
            Kind::Dir => match sys.mkdir(&path, e.mode.unwrap_or(0o777)).await {
                Ok(()) => {}
                Err(Errno::EEXIST) if sys.stat(&path).await.is_ok_and(|s| s.is_dir()) => {}
                Err(err) => return Err(FsError::new(err, "mkdir", Some(&path))),
            },
            Kind::File(data) => {
                fsops::write_file(sys, &path, data).await?;
                if let Some(m) = e.mode {
                    sys.chmod(&path, m)
                        .await
                        .map_err(|err| FsError::new(err, "chmod", Some(&path)))?;
                }
            }
            Kind::Symlink(target) => {
                if let Ok(st) = sys.lstat(&path).await
                    && !st.is_dir()
                {
                    let _ = sys.unlink(&path).await;
                }
                sys.symlink(target, &path)
                    .await
                    .map_err(|err| FsError::new(err, "symlink", Some(&path)))?;
            }
        }
    }
    Ok(())
}

/// Read the tree at `root` (a directory, or a single file which becomes one entry named after
/// it). Entries matching `excludes` are left out unless they match `includes`; other special
/// files (devices, FIFOs, sockets) are skipped.
pub async fn read_tree(
    sys: &Sys,
    root: &str,
    includes: &GlobSet,
    excludes: &GlobSet,
) -> FsResult<Vec<Entry>> {
    let st = sys
        .lstat(root)
        .await
        .map_err(|e| FsError::new(e, "lstat", Some(root)))?;
    if !st.is_dir() {
        let name = crate::paths::basename(root).to_string();
        return Ok(read_entry(sys, root, &name, st.file_type(), st.perm())
            .await?
            .into_iter()
            .collect());
    }
    let mut out = Vec::new();
    let mut stack: Vec<String> = vec![String::new()];
    while let Some(rel_dir) = stack.pop() {
        let dir = join(root, &rel_dir);
        let names = fsops::readdir(sys, &dir).await?;
        let mut subdirs = Vec::new();
        for (name, _) in names {
            let rel = if rel_dir.is_empty() {
                name.clone()
            } else {
                format!("{rel_dir}/{name}")
            };
            let excluded = excludes.matches(&rel) && !includes.matches(&rel);
            let path = join(root, &rel);
            let Ok(st) = sys.lstat(&path).await else {
                continue;
            };
            if st.is_dir() {
                // An excluded folder is still searched when includes may re-admit files in it.
                if !excluded {
                    out.push(Entry {
                        rel: rel.clone(),
                        mode: Some(st.perm()),
                        kind: Kind::Dir,
                    });
                    subdirs.push(rel);
                } else if !includes.is_empty() {
                    subdirs.push(rel);
                }
                continue;
            }
            if excluded {
                continue;
            }
            if let Some(e) = read_entry(sys, &path, &rel, st.file_type(), st.perm()).await? {
                ensure_parents(&mut out, &rel);
                out.push(e);
            }
        }
        for s in subdirs.into_iter().rev() {
            stack.push(s);
        }
    }
    Ok(out)
}

/// Add directory entries for the parents of `rel` that an exclusion left out.
fn ensure_parents(out: &mut Vec<Entry>, rel: &str) {
    let mut idx = 0;
    while let Some(i) = rel[idx..].find('/') {
        let parent = &rel[..idx + i];
        if !out.iter().any(|e| e.rel == parent) {
            out.push(Entry {
                rel: parent.to_string(),
                mode: None,
                kind: Kind::Dir,
            });
        }
        idx += i + 1;
    }
}

async fn read_entry(
    sys: &Sys,
    path: &str,
    rel: &str,
    ft: FileType,
    perm: u32,
) -> FsResult<Option<Entry>> {
    let kind = match ft {
        FileType::Regular => Kind::File(fsops::read_file(sys, path).await?),
        FileType::Symlink => Kind::Symlink(
            sys.readlink(path)
                .await
                .map_err(|e| FsError::new(e, "readlink", Some(path)))?,
        ),
        _ => return Ok(None),
    };
    Ok(Some(Entry {
        rel: rel.to_string(),
        mode: Some(perm),
        kind,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_json_round_trip() {
        let src = br#"{"d":{"a.txt":{"f":{"c":"hi"}},"src":{"d":{"b.bin":{"f":{"c":"AP8=","b":true}},"l":{"f":{"l":"../a.txt"}}}}}}"#;
        let mut e = from_wire_json(src).expect("parses");
        e.sort_by(|a, b| a.rel.cmp(&b.rel));
        assert_eq!(
            e[0],
            Entry {
                rel: "a.txt".into(),
                mode: None,
                kind: Kind::File(b"hi".to_vec())
            }
        );
        assert_eq!(e[1].kind, Kind::Dir);
        assert_eq!(
            e[2],
            Entry {
                rel: "src/b.bin".into(),
                mode: None,
                kind: Kind::File(vec![0, 255])
            }
        );
        assert_eq!(e[3].kind, Kind::Symlink("../a.txt".into()));
        let back = to_wire_json(&e);
        let v: Value = serde_json::from_slice(&back).expect("json");
        assert_eq!(v["d"]["src"]["d"]["b.bin"]["f"]["b"], true);
        assert_eq!(v["d"]["a.txt"]["f"]["c"], "hi");
    }

    #[test]
    fn bad_trees_are_errors() {
        assert!(from_wire_json(b"[").is_err());
        assert!(from_wire_json(br#"{"d":{"..":{"d":{}}}}"#).is_err());
        assert!(from_wire_json(br#"{"d":{"x":{"q":1}}}"#).is_err());
        assert!(from_wire_json(br#"{"d":{"x":{"f":{"c":"!!","b":true}}}}"#).is_err());
    }
}
