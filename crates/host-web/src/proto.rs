//! The message protocol between the facade (main thread) and the kernel worker.
//!
//! Requests are JSON objects `{"id": n, "op": "...", ...}`, each with an optional byte
//! payload transferred alongside (file contents, trees). Every request gets exactly one reply:
//! `{"re": n, "ok": value}` or `{"re": n, "err": {code, errno, syscall, path, message}}`,
//! again with an optional payload (file contents, exports). Events carry no `re`:
//!
//! - `{"ev":"out","pid":p,"fd":0|1|2}` + bytes: output of a spawned process (0 = pty);
//! - `{"ev":"exit","pid":p,"code":c}`: the process ended (128 + signal when killed);
//! - `{"ev":"watch","wid":w,"event":"rename"|"change","filename":name}`;
//! - `{"ev":"xdg-open","text":t}`: a process ran `xdg-open t`;
//! - `{"ev":"port","port":n,"type":"open"|"close"}`: a socket started or stopped listening.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A terminal size.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub struct Size {
    /// Columns.
    pub cols: u16,
    /// Rows.
    pub rows: u16,
}

/// One request from the facade.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Op {
    /// Read a file; the reply's payload is its contents.
    ReadFile {
        /// Path (rooted at the workdir).
        path: String,
    },
    /// Write the payload to a file.
    WriteFile {
        /// Path (rooted at the workdir).
        path: String,
    },
    /// List a directory: `{"entries": [[name, type], …]}`.
    Readdir {
        /// Path (rooted at the workdir).
        path: String,
    },
    /// Make a directory: `{"first": path|null}`.
    Mkdir {
        /// Path (rooted at the workdir).
        path: String,
        /// Create parents; reply with the first directory created.
        #[serde(default)]
        recursive: bool,
    },
    /// Remove a file or directory.
    Rm {
        /// Path (rooted at the workdir).
        path: String,
        /// Remove directories and their contents.
        #[serde(default)]
        recursive: bool,
        /// Ignore a missing path.
        #[serde(default)]
        force: bool,
    },
    /// Rename `from` to `to`.
    Rename {
        /// Old path.
        from: String,
        /// New path.
        to: String,
    },
    /// stat: `{"type", "size", "mode", "mtimeMs", "ino"}` (an extension of upstream's API).
    Stat {
        /// Path (rooted at the workdir).
        path: String,
        /// Do not follow a final symlink.
        #[serde(default)]
        lstat: bool,
    },
    /// Write the payload (wire JSON tree or binary snapshot) below `mountPoint`.
    Mount {
        /// Directory (rooted at the workdir); the workdir itself when absent.
        #[serde(default, rename = "mountPoint")]
        mount_point: Option<String>,
    },
    /// Serialise a folder; the payload is JSON, a snapshot or a zip archive.
    Export {
        /// Path (rooted at the workdir).
        path: String,
        /// `json`, `binary` or `zip`.
        #[serde(default)]
        format: Option<String>,
        /// Globs re-including excluded files.
        #[serde(default)]
        includes: Vec<String>,
        /// Globs excluding files.
        #[serde(default)]
        excludes: Vec<String>,
    },
    /// Start a process: reply `{"pid": p}`.
    Spawn {
        /// Program name (looked up in PATH) or path.
        command: String,
        /// Arguments after argv[0].
        #[serde(default)]
        args: Vec<String>,
        /// Working directory (relative to the workdir).
        #[serde(default)]
        cwd: Option<String>,
        /// Extra environment.
        #[serde(default)]
        env: BTreeMap<String, String>,
        /// Give the process a pty of this size.
        #[serde(default)]
        terminal: Option<Size>,
        /// Forward output (false: read and discard it).
        #[serde(default = "yes")]
        output: bool,
    },
    /// Write the payload to a process's standard input (pty or pipe).
    Input {
        /// The process.
        pid: u32,
    },
    /// Close a process's standard input pipe (end of file); on a pty, type ^D.
    CloseInput {
        /// The process.
        pid: u32,
    },
    /// Resize a process's pty (SIGWINCH to its foreground group).
    Resize {
        /// The process.
        pid: u32,
        /// Columns.
        cols: u16,
        /// Rows.
        rows: u16,
    },
    /// Send a signal (default SIGTERM) to a process's group.
    Kill {
        /// The process.
        pid: u32,
        /// Signal name (`TERM`, `SIGKILL`, `9`…).
        #[serde(default)]
        signal: Option<String>,
    },
    /// Start watching a path; events carry `wid`.
    Watch {
        /// Watcher id chosen by the facade.
        wid: u32,
        /// Path (rooted at the workdir).
        path: String,
        /// Watch the whole subtree.
        #[serde(default)]
        recursive: bool,
    },
    /// Stop a watcher.
    Unwatch {
        /// Watcher id.
        wid: u32,
    },
    /// Compare watched trees with their last state and emit events (sent periodically).
    Scan,
}

fn yes() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_parse() {
        let o: Op = serde_json::from_str(r#"{"id":1,"op":"spawn","command":"ls","args":["-l"],"terminal":{"cols":80,"rows":24}}"#).expect("spawn");
        match o {
            Op::Spawn {
                command,
                args,
                terminal,
                output,
                ..
            } => {
                assert_eq!(command, "ls");
                assert_eq!(args, vec!["-l"]);
                assert_eq!(terminal, Some(Size { cols: 80, rows: 24 }));
                assert!(output);
            }
            _ => panic!("wrong op"),
        }
        let o: Op = serde_json::from_str(r#"{"op":"mount","mountPoint":"x"}"#).expect("mount");
        assert!(matches!(
            o,
            Op::Mount {
                mount_point: Some(_)
            }
        ));
        assert!(serde_json::from_str::<Op>(r#"{"op":"nope"}"#).is_err());
    }
}
