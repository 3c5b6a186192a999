//! A small getopt(3)-style parser for built-in programs: bundled short flags (`-la`), option
//! arguments attached or separate (`-n5`, `-n 5`), long options (`--help`, `--lines=5`), and
//! `--` ending options. Unknown options are errors the caller reports as the program would.

/// One parsed option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opt {
    /// A short option, with its argument if it takes one.
    Short(char, Option<String>),
    /// A long option (without `--`), with its `=value` or separate argument if it takes one.
    Long(String, Option<String>),
}

/// Result of parsing: options in order and the remaining operands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Options in the order given.
    pub opts: Vec<Opt>,
    /// Operands (non-option arguments).
    pub operands: Vec<String>,
}

impl Parsed {
    /// Whether short option `c` was given.
    pub fn has(&self, c: char) -> bool {
        self.opts
            .iter()
            .any(|o| matches!(o, Opt::Short(x, _) if *x == c))
    }
    /// Whether long option `name` was given.
    pub fn has_long(&self, name: &str) -> bool {
        self.opts
            .iter()
            .any(|o| matches!(o, Opt::Long(x, _) if x == name))
    }
    /// The last argument of short option `c`.
    pub fn value(&self, c: char) -> Option<&str> {
        self.opts.iter().rev().find_map(|o| match o {
            Opt::Short(x, v) if *x == c => v.as_deref(),
            _ => None,
        })
    }
    /// The last argument of long option `name`.
    pub fn long_value(&self, name: &str) -> Option<&str> {
        self.opts.iter().rev().find_map(|o| match o {
            Opt::Long(x, v) if x == name => v.as_deref(),
            _ => None,
        })
    }
}

/// Parse `args` (without `argv[0]`). `short` lists option letters, a letter followed by `:`
/// takes an argument (getopt syntax). `long` lists long names, `name=` takes an argument.
/// With `permute`, operands and options may be mixed (GNU style); otherwise the first operand
/// ends option parsing (POSIX style).
///
/// # Errors
/// The message the program should print after its name, e.g. `invalid option -- 'z'`.
pub fn parse(args: &[String], short: &str, long: &[&str], permute: bool) -> Result<Parsed, String> {
    let mut p = Parsed::default();
    let takes = |c: char| -> Option<bool> {
        let i = short.find(c)?;
        Some(short[i + c.len_utf8()..].starts_with(':'))
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            p.operands.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, val) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let matches: Vec<&&str> = long
                .iter()
                .filter(|l| l.trim_end_matches('=').starts_with(name))
                .collect();
            let exact = long.iter().find(|l| l.trim_end_matches('=') == name);
            let spec = match (exact, matches.as_slice()) {
                (Some(e), _) => *e,
                (None, [one]) => **one,
                (None, []) => return Err(format!("unrecognized option '--{name}'")),
                (None, _) => return Err(format!("option '--{name}' is ambiguous")),
            };
            let full = spec.trim_end_matches('=').to_string();
            if spec.ends_with('=') {
                let v = match val {
                    Some(v) => v,
                    None if i < args.len() => {
                        i += 1;
                        args[i - 1].clone()
                    }
                    None => return Err(format!("option '--{full}' requires an argument")),
                };
                p.opts.push(Opt::Long(full, Some(v)));
            } else if val.is_some() {
                return Err(format!("option '--{full}' doesn't allow an argument"));
            } else {
                p.opts.push(Opt::Long(full, None));
            }
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                j += 1;
                match takes(c) {
                    None => return Err(format!("invalid option -- '{c}'")),
                    Some(false) => p.opts.push(Opt::Short(c, None)),
                    Some(true) => {
                        let rest: String = chars[j..].iter().collect();
                        let v = if !rest.is_empty() {
                            rest
                        } else if i < args.len() {
                            i += 1;
                            args[i - 1].clone()
                        } else {
                            return Err(format!("option requires an argument -- '{c}'"));
                        };
                        p.opts.push(Opt::Short(c, Some(v)));
                        break;
                    }
                }
            }
            continue;
        }
        p.operands.push(a.clone());
        if !permute {
            p.operands.extend(args[i..].iter().cloned());
            break;
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }
    #[test]
    fn bundles_and_arguments() {
        let p = parse(
            &v(&["-la", "-n5", "x", "-k", "2", "--lines=3", "--", "-z"]),
            "laln:k:",
            &["lines="],
            true,
        )
        .unwrap();
        assert!(p.has('l') && p.has('a'));
        assert_eq!(p.value('n'), Some("5"));
        assert_eq!(p.value('k'), Some("2"));
        assert_eq!(p.long_value("lines"), Some("3"));
        assert_eq!(p.operands, v(&["x", "-z"]));
    }
    #[test]
    fn errors() {
        assert_eq!(
            parse(&v(&["-z"]), "a", &[], true).unwrap_err(),
            "invalid option -- 'z'"
        );
        assert_eq!(
            parse(&v(&["-n"]), "n:", &[], true).unwrap_err(),
            "option requires an argument -- 'n'"
        );
        assert!(parse(&v(&["--bogus"]), "", &["help"], true).is_err());
    }
    #[test]
    fn posix_stops_at_operand() {
        let p = parse(&v(&["a", "-l"]), "l", &[], false).unwrap();
        assert_eq!(p.operands, v(&["a", "-l"]));
    }
}
