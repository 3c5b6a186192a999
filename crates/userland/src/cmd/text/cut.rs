//! cut(1): print selected bytes, characters or fields of each line, with GNU's list syntax
//! (`1,3-5,7-`), `--complement`, `-s` and `--output-delimiter`.

use super::common::{self, Input};
use crate::Ctx;
use crate::args;

const HELP: &str = "Usage: cut OPTION... [FILE]...
Print selected parts of lines from each FILE to standard output.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
  -b, --bytes=LIST        select only these bytes
  -c, --characters=LIST   select only these characters
  -d, --delimiter=DELIM   use DELIM instead of TAB for field delimiter
  -f, --fields=LIST       select only these fields;  also print any line
                            that contains no delimiter character, unless
                            the -s option is specified
  -n                      (ignored)
      --complement        complement the set of selected bytes, characters
                            or fields
  -s, --only-delimited    do not print lines not containing delimiters
      --output-delimiter=STRING  use STRING as the output delimiter
                            the default is to use the input delimiter
  -z, --zero-terminated   line delimiter is NUL, not newline
      --help        display this help and exit
      --version     output version information and exit

Use one, and only one of -b, -c or -f.  Each LIST is made up of one
range, or many ranges separated by commas.  Selected input is written
in the same order that it is read, and is written exactly once.
Each range is one of:

  N     N'th byte, character or field, counted from 1
  N-    from N'th byte, character or field, to end of line
  N-M   from N'th to M'th (included) byte, character or field
  -M    from first to M'th (included) byte, character or field
";

/// A set of 1-based positions: sorted, merged inclusive ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List(pub Vec<(usize, usize)>);

/// Parse a LIST; `fields` chooses the wording of errors.
pub fn parse_list(s: &str, fields: bool) -> Result<List, String> {
    let what = if fields {
        "field value"
    } else {
        "byte/character position"
    };
    let zero = if fields {
        "fields are numbered from 1"
    } else {
        "byte/character positions are numbered from 1"
    };
    let mut v = Vec::new();
    for part in s.split([',', ' ', '\t']) {
        if part.is_empty() {
            return Err(format!("invalid {what} {}", common::quote(s)));
        }
        let num = |t: &str| -> Result<usize, String> {
            if !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("invalid {what} {}", common::quote(t)));
            }
            let n = t.parse::<usize>().unwrap_or(usize::MAX);
            if n == 0 {
                return Err(zero.to_string());
            }
            Ok(n)
        };
        match part.split_once('-') {
            None => {
                let n = num(part)?;
                v.push((n, n));
            }
            Some(("", "")) => return Err("invalid range with no endpoint: -".into()),
            Some(("", hi)) => v.push((1, num(hi)?)),
            Some((lo, "")) => v.push((num(lo)?, usize::MAX)),
            Some((lo, hi)) => {
                let (a, b) = (num(lo)?, num(hi)?);
                if b < a {
                    return Err("invalid decreasing range".into());
                }
                v.push((a, b));
            }
        }
    }
    v.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in v {
        match merged.last_mut() {
            Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    Ok(List(merged))
}

impl List {
    /// Whether position `i` (1-based) is selected.
    pub fn has(&self, i: usize) -> bool {
        self.0.iter().any(|&(a, b)| a <= i && i <= b)
    }
    /// The complement within 1..=usize::MAX.
    pub fn complement(&self) -> List {
        let mut out = Vec::new();
        let mut next = 1usize;
        for &(a, b) in &self.0 {
            if a > next {
                out.push((next, a - 1));
            }
            next = b.saturating_add(1);
            if b == usize::MAX {
                return List(out);
            }
        }
        out.push((next, usize::MAX));
        List(out)
    }
}

/// What to cut.
pub enum Mode {
    /// Bytes (and characters, as GNU does).
    Bytes,
    /// Fields separated by the delimiter.
    Fields {
        /// Input delimiter.
        delim: u8,
        /// Suppress lines without a delimiter.
        only_delimited: bool,
    },
}

/// Cut one line (without its terminator) into `out`.
pub fn cut_line(
    line: &[u8],
    list: &List,
    mode: &Mode,
    out_delim: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> bool {
    match mode {
        Mode::Bytes => {
            for (k, &(a, b)) in list.0.iter().enumerate() {
                if a > line.len() {
                    break;
                }
                let end = b.min(line.len());
                if let (Some(d), true) = (out_delim, k > 0) {
                    out.extend_from_slice(d);
                }
                out.extend_from_slice(&line[a - 1..end]);
            }
            true
        }
        Mode::Fields {
            delim,
            only_delimited,
        } => {
            if !line.contains(delim) {
                if *only_delimited {
                    return false;
                }
                out.extend_from_slice(line);
                return true;
            }
            let d = out_delim.unwrap_or(std::slice::from_ref(delim));
            let mut first = true;
            for (i, f) in line.split(|b| b == delim).enumerate() {
                if list.has(i + 1) {
                    if !first {
                        out.extend_from_slice(d);
                    }
                    first = false;
                    out.extend_from_slice(f);
                }
            }
            true
        }
    }
}

/// cut(1).
pub async fn cut(ctx: &mut Ctx) -> i32 {
    let long = [
        "bytes=",
        "characters=",
        "delimiter=",
        "fields=",
        "complement",
        "only-delimited",
        "output-delimiter=",
        "zero-terminated",
        "help",
        "version",
    ];
    let p = match args::parse(&ctx.argv[1..], "b:c:d:f:nsz", &long, true) {
        Ok(p) => p,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    let map = [
        ('b', "bytes"),
        ('c', "characters"),
        ('d', "delimiter"),
        ('f', "fields"),
        ('s', "only-delimited"),
        ('z', "zero-terminated"),
    ];
    let mut list: Option<(String, bool)> = None;
    let mut delim: Option<String> = None;
    let mut complement = false;
    let mut only = false;
    let mut out_delim: Option<Vec<u8>> = None;
    let mut term = b'\n';
    for (name, val) in common::named(&p, &map) {
        let v = val.unwrap_or_default();
        match name.as_str() {
            "help" => return common::help(ctx, HELP),
            "version" => return common::version(ctx),
            "bytes" | "characters" | "fields" => {
                if list.is_some() {
                    return common::usage(ctx, "only one list may be specified", 1);
                }
                list = Some((v, name == "fields"));
            }
            "delimiter" => delim = Some(v),
            "complement" => complement = true,
            "only-delimited" => only = true,
            "output-delimiter" => out_delim = Some(v.into_bytes()),
            "zero-terminated" => term = 0,
            _ => {}
        }
    }
    let Some((spec, fields)) = list else {
        return common::usage(
            ctx,
            "you must specify a list of bytes, characters, or fields",
            1,
        );
    };
    if !fields && delim.is_some() {
        return common::usage(
            ctx,
            "an input delimiter may be specified only when operating on fields",
            1,
        );
    }
    if !fields && only {
        return common::usage(
            ctx,
            "suppressing non-delimited lines makes sense\n\tonly when operating on fields",
            1,
        );
    }
    let d = match delim.as_deref() {
        None => b'\t',
        Some("") => 0,
        Some(s) if s.len() == 1 => s.as_bytes()[0],
        Some(_) => return common::usage(ctx, "the delimiter must be a single character", 1),
    };
    let mut l = match parse_list(&spec, fields) {
        Ok(l) => l,
        Err(e) => return common::usage(ctx, &e, 1),
    };
    if complement {
        l = l.complement();
    }
    let mode = if fields {
        Mode::Fields {
            delim: d,
            only_delimited: only,
        }
    } else {
        Mode::Bytes
    };
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let tty = common::stdout_tty(ctx).await;
    let sys = ctx.sys.clone();
    let mut status = 0;
    let mut buf = Vec::new();
    for f in &files {
        let mut inp = match Input::open(&sys, f).await {
            Ok(i) => i,
            Err(e) => {
                ctx.error_path(f, e);
                status = 1;
                continue;
            }
        };
        loop {
            match inp.next_record(&sys, term).await {
                Ok(Some(mut rec)) => {
                    if rec.last() == Some(&term) {
                        rec.pop();
                    }
                    buf.clear();
                    if cut_line(&rec, &l, &mode, out_delim.as_deref(), &mut buf) {
                        buf.push(term);
                        ctx.out.bytes(&buf);
                    }
                    let r = if tty {
                        ctx.out.flush(&sys).await
                    } else {
                        ctx.out.maybe_flush(&sys).await
                    };
                    if r.is_err() {
                        return 1;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    ctx.error_path(f, e);
                    status = 1;
                    break;
                }
            }
        }
        inp.close(&sys).await;
    }
    status
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn cut_s(line: &str, spec: &str, mode: Mode, od: Option<&str>, comp: bool) -> Option<String> {
        let mut l = parse_list(spec, matches!(mode, Mode::Fields { .. })).unwrap();
        if comp {
            l = l.complement();
        }
        let mut out = Vec::new();
        cut_line(line.as_bytes(), &l, &mode, od.map(str::as_bytes), &mut out)
            .then(|| String::from_utf8(out).unwrap())
    }

    #[test]
    fn lists() {
        assert_eq!(
            parse_list("3,1-2,5-", false).unwrap().0,
            vec![(1, 3), (5, usize::MAX)]
        );
        assert_eq!(parse_list("-2", true).unwrap().0, vec![(1, 2)]);
        assert_eq!(
            parse_list("0", true).unwrap_err(),
            "fields are numbered from 1"
        );
        assert_eq!(
            parse_list("3-1", true).unwrap_err(),
            "invalid decreasing range"
        );
        assert_eq!(
            parse_list("-", true).unwrap_err(),
            "invalid range with no endpoint: -"
        );
        assert!(parse_list("x", true).is_err());
        assert_eq!(
            List(vec![(2, 3)]).complement().0,
            vec![(1, 1), (4, usize::MAX)]
        );
    }

    #[test]
    fn cutting() {
        let f = |d: u8, s: bool| Mode::Fields {
            delim: d,
            only_delimited: s,
        };
        assert_eq!(
            cut_s("a:b:c", "2", f(b':', false), None, false).unwrap(),
            "b"
        );
        assert_eq!(
            cut_s("a:b:c", "1,3", f(b':', false), Some("-"), false).unwrap(),
            "a-c"
        );
        assert_eq!(
            cut_s("abc", "2", f(b':', false), None, false).unwrap(),
            "abc"
        );
        assert_eq!(cut_s("abc", "2", f(b':', true), None, false), None);
        assert_eq!(
            cut_s("a:b:c", "2", f(b':', false), None, true).unwrap(),
            "a:c"
        );
        assert_eq!(
            cut_s("abcdef", "2-3,5", Mode::Bytes, None, false).unwrap(),
            "bce"
        );
        assert_eq!(
            cut_s("abcdef", "2-3,5", Mode::Bytes, Some(":"), false).unwrap(),
            "bc:e"
        );
        assert_eq!(cut_s("ab", "5", Mode::Bytes, None, false).unwrap(), "");
    }
}
