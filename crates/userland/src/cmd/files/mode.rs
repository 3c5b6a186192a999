//! Mode strings as chmod(1) accepts them — octal (`755`) or symbolic (`u+x,g-w,o=r,a+X`,
//! `g=u`, `=rw`) — compiled once and applied to each file's old mode. Shared by `chmod`,
//! `mkdir -m`, `install -m`, `mktemp` and `find -perm`. Semantics follow gnulib's modechange.c.

/// Every bit chmod may change.
pub const MODE_BITS: u32 = 0o7777;
const USR: u32 = 0o4700;
const GRP: u32 = 0o2070;
const OTH: u32 = 0o1007;
const SET_ID: u32 = 0o6000;
const ALL_R: u32 = 0o444;
const ALL_W: u32 = 0o222;
const ALL_X: u32 = 0o111;

/// How the value of a change is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Fixed bits.
    Ordinary,
    /// `X`: execute bits only if some execute bit is set or the file is a directory.
    XIfAnyX,
    /// `u`, `g` or `o` after the operator: copy those bits of the old mode.
    Copy,
}

/// One compiled `who op perms` step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    op: char,
    kind: Kind,
    /// Bits named by `who`; 0 when `who` was omitted (the umask then applies).
    affected: u32,
    value: u32,
    /// Bits the mode string mentions explicitly (set-id bits of directories are kept
    /// unless mentioned).
    mentioned: u32,
}

/// A compiled mode string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModeSpec {
    changes: Vec<Change>,
    /// Whether the string was octal.
    pub octal: bool,
}

/// Compile a mode string; `None` when it is invalid (`chmod: invalid mode: 'x'`).
pub fn compile(s: &str) -> Option<ModeSpec> {
    if !s.is_empty() && s.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let v = u32::from_str_radix(s, 8).ok()?;
        if v > MODE_BITS {
            return None;
        }
        let mentioned = if s.len() < 5 {
            (v & SET_ID) | 0o1777
        } else {
            MODE_BITS
        };
        let c = Change {
            op: '=',
            kind: Kind::Ordinary,
            affected: MODE_BITS,
            value: v,
            mentioned,
        };
        return Some(ModeSpec {
            changes: vec![c],
            octal: true,
        });
    }
    let b = s.as_bytes();
    let mut i = 0;
    let mut changes = Vec::new();
    loop {
        let mut affected = 0;
        while i < b.len() {
            affected |= match b[i] {
                b'u' => USR,
                b'g' => GRP,
                b'o' => OTH,
                b'a' => MODE_BITS,
                _ => break,
            };
            i += 1;
        }
        if i >= b.len() || !matches!(b[i], b'=' | b'+' | b'-') {
            return None;
        }
        while i < b.len() && matches!(b[i], b'=' | b'+' | b'-') {
            let op = b[i] as char;
            i += 1;
            // `+755`-style octal after an operator.
            if i < b.len() && b[i].is_ascii_digit() {
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let digits = &s[start..i];
                if !digits.bytes().all(|d| d <= b'7') || affected != 0 {
                    return None;
                }
                let v = u32::from_str_radix(digits, 8)
                    .ok()
                    .filter(|v| *v <= MODE_BITS)?;
                changes.push(Change {
                    op,
                    kind: Kind::Ordinary,
                    affected: MODE_BITS,
                    value: v,
                    mentioned: MODE_BITS,
                });
                continue;
            }
            let mut value = 0;
            let mut kind = Kind::Ordinary;
            if i < b.len() && matches!(b[i], b'u' | b'g' | b'o') {
                value = match b[i] {
                    b'u' => 0o700,
                    b'g' => 0o070,
                    _ => 0o007,
                };
                kind = Kind::Copy;
                i += 1;
            } else {
                while i < b.len() {
                    match b[i] {
                        b'r' => value |= ALL_R,
                        b'w' => value |= ALL_W,
                        b'x' => value |= ALL_X,
                        b'X' => kind = Kind::XIfAnyX,
                        b's' => value |= SET_ID,
                        b't' => value |= 0o1000,
                        _ => break,
                    }
                    i += 1;
                }
            }
            let eff = if affected == 0 { MODE_BITS } else { affected };
            let mentioned = if op == '=' { eff } else { value & eff };
            changes.push(Change {
                op,
                kind,
                affected,
                value,
                mentioned,
            });
        }
        if i == b.len() {
            break;
        }
        if b[i] != b',' {
            return None;
        }
        i += 1;
    }
    if changes.is_empty() {
        return None;
    }
    Some(ModeSpec {
        changes,
        octal: false,
    })
}

impl ModeSpec {
    /// The new permission bits for a file whose mode is `old` (mode_adjust). `umask` limits
    /// changes that named no `who`. Returns the new bits and the bits the string touched.
    pub fn apply(&self, old: u32, is_dir: bool, umask: u32) -> (u32, u32) {
        let mut new = old & MODE_BITS;
        let mut touched = 0;
        for c in &self.changes {
            let omit = if is_dir { SET_ID & !c.mentioned } else { 0 };
            let mut value = c.value;
            match c.kind {
                Kind::Ordinary => {}
                Kind::Copy => {
                    value &= new;
                    value |= (if value & ALL_R != 0 { ALL_R } else { 0 })
                        | (if value & ALL_W != 0 { ALL_W } else { 0 })
                        | (if value & ALL_X != 0 { ALL_X } else { 0 });
                }
                Kind::XIfAnyX => {
                    if new & ALL_X != 0 || is_dir {
                        value |= ALL_X;
                    }
                }
            }
            let affected = if c.affected != 0 {
                c.affected
            } else {
                MODE_BITS & !umask
            };
            value &= affected & !omit;
            match c.op {
                '=' => {
                    let preserved = (if c.affected != 0 { !c.affected } else { 0 }) | omit;
                    touched |= !preserved & MODE_BITS;
                    new = (new & preserved) | value;
                }
                '+' => {
                    touched |= value;
                    new |= value;
                }
                _ => {
                    touched |= value;
                    new &= !value;
                }
            }
        }
        (new & MODE_BITS, touched)
    }

    /// Whether every change named its `who` (so the umask never matters).
    pub fn fully_specified(&self) -> bool {
        self.changes.iter().all(|c| c.affected != 0)
    }
}

/// The nine `rwx` characters of a mode (without the file-type letter).
pub fn perm_string(mode: u32) -> String {
    wosix_abi::Mode::render(0o100000 | (mode & MODE_BITS))[1..].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ap(s: &str, old: u32, dir: bool, umask: u32) -> u32 {
        compile(s)
            .map(|m| m.apply(old, dir, umask).0)
            .unwrap_or(0o177777)
    }

    #[test]
    fn octal() {
        assert_eq!(ap("755", 0o644, false, 0o022), 0o755);
        assert_eq!(ap("0", 0o777, false, 0), 0);
        assert_eq!(ap("4755", 0o644, false, 0), 0o4755);
        assert_eq!(
            ap("755", 0o2755, true, 0),
            0o2755,
            "set-gid kept on directories"
        );
        assert_eq!(ap("00755", 0o2755, true, 0), 0o755);
        assert!(compile("8").is_none());
        assert!(compile("77777").is_none());
    }

    #[test]
    fn symbolic() {
        assert_eq!(ap("u+x", 0o644, false, 0o022), 0o744);
        assert_eq!(ap("g-w", 0o664, false, 0), 0o644);
        assert_eq!(ap("o=r", 0o640, false, 0), 0o644);
        assert_eq!(ap("a+X", 0o644, false, 0), 0o644);
        assert_eq!(ap("a+X", 0o744, false, 0), 0o755);
        assert_eq!(ap("a+X", 0o644, true, 0), 0o755);
        assert_eq!(ap("u+x,g-w,o=r", 0o666, false, 0), 0o744);
        assert_eq!(ap("+x", 0o644, false, 0o022), 0o755);
        assert_eq!(
            ap("+w", 0o444, false, 0o022),
            0o644,
            "umask limits who-less changes"
        );
        assert_eq!(ap("=r", 0o777, false, 0o022), 0o444);
        assert_eq!(ap("g=u", 0o750, false, 0), 0o770);
        assert_eq!(ap("go=", 0o777, false, 0), 0o700);
        assert_eq!(ap("u+s", 0o755, false, 0), 0o4755);
        assert_eq!(ap("+t", 0o777, true, 0), 0o1777);
        assert_eq!(ap("a-rwx", 0o777, false, 0), 0);
        assert_eq!(ap("u=rwx,go=rx", 0, false, 0), 0o755);
        assert_eq!(ap("u+r-w", 0o200, false, 0), 0o400);
    }

    #[test]
    fn invalid() {
        for s in [
            "", "x", "u", "u+q", "z+x", "u+x,", ",u+x", "a+755", "u=rw y",
        ] {
            assert!(compile(s).is_none(), "{s}");
        }
        assert!(compile("+755").is_some());
    }

    #[test]
    fn touched_bits() {
        let (_, t) = compile("u+x")
            .map(|m| m.apply(0o644, false, 0))
            .unwrap_or((0, 0));
        assert_eq!(t, 0o100);
        assert_eq!(perm_string(0o4755), "rwsr-xr-x");
    }
}
