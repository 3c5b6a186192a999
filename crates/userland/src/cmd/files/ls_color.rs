//! `LS_COLORS` for `ls`: GNU's built-in default colours (directories `01;34`, links
//! `01;36`, executables `01;32`, fifos, devices, set-id and sticky variants), overridable by
//! the environment variable's `key=sequence` and `*.ext=sequence` entries.

use std::collections::BTreeMap;
use wosix_abi::{FileType, Mode, Stat};

/// Colour sequences by `LS_COLORS` key (`di`, `ln`, `ex`…, and `*.ext`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colors {
    keys: BTreeMap<String, String>,
    exts: Vec<(String, String)>,
}

impl Colors {
    /// GNU ls's built-in defaults (used when `LS_COLORS` is unset).
    pub fn defaults() -> Colors {
        let keys = [
            ("rs", "0"),
            ("di", "01;34"),
            ("ln", "01;36"),
            ("pi", "33"),
            ("so", "01;35"),
            ("bd", "01;33"),
            ("cd", "01;33"),
            ("ex", "01;32"),
            ("do", "01;35"),
            ("su", "37;41"),
            ("sg", "30;43"),
            ("st", "37;44"),
            ("ow", "34;42"),
            ("tw", "30;42"),
        ];
        Colors {
            keys: keys
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            exts: Vec::new(),
        }
    }

    /// The defaults overridden by an `LS_COLORS` value (`di=01;34:*.tar=01;31:…`).
    pub fn parse(spec: &str) -> Colors {
        let mut c = Colors::defaults();
        for item in spec.split(':') {
            let Some((k, v)) = item.split_once('=') else {
                continue;
            };
            if let Some(ext) = k.strip_prefix('*') {
                c.exts.push((ext.to_string(), v.to_string()));
            } else if v.is_empty() || v == "0" || v == "00" {
                c.keys.remove(k);
            } else {
                c.keys.insert(k.to_string(), v.to_string());
            }
        }
        c
    }

    /// The sequence for key `k`, if set.
    pub fn key(&self, k: &str) -> Option<&str> {
        self.keys.get(k).map(String::as_str)
    }

    /// The sequence for a file, or `None` when it is shown uncoloured.
    pub fn for_file(&self, name: &str, st: Option<&Stat>, link_ok: bool) -> Option<&str> {
        let Some(st) = st else { return self.key("mi") };
        let m = st.mode;
        let key = match st.file_type() {
            FileType::Directory => {
                let sticky = m & Mode::S_ISVTX != 0;
                let ow = m & 0o002 != 0;
                match (sticky, ow) {
                    (true, true) if self.key("tw").is_some() => "tw",
                    (false, true) if self.key("ow").is_some() => "ow",
                    (true, false) if self.key("st").is_some() => "st",
                    _ => "di",
                }
            }
            FileType::Symlink => {
                if !link_ok && self.key("or").is_some() {
                    "or"
                } else {
                    "ln"
                }
            }
            FileType::Fifo => "pi",
            FileType::Socket => "so",
            FileType::BlockDevice => "bd",
            FileType::CharDevice => "cd",
            FileType::Regular => {
                if m & Mode::S_ISUID != 0 && self.key("su").is_some() {
                    "su"
                } else if m & Mode::S_ISGID != 0 && self.key("sg").is_some() {
                    "sg"
                } else if m & 0o111 != 0 && self.key("ex").is_some() {
                    "ex"
                } else {
                    if let Some((_, v)) = self.exts.iter().find(|(e, _)| name.ends_with(e.as_str()))
                    {
                        return Some(v);
                    }
                    "fi"
                }
            }
        };
        self.key(key)
    }
}
