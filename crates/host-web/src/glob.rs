//! Glob patterns for `export(path, { includes, excludes })`: `*` and `?` stay within one path
//! component, `**` crosses components, and a pattern without a slash matches a name at any
//! depth (as in .gitignore). A path matches when it or one of its ancestors matches, so
//! `node_modules` and `node_modules/**` both exclude the folder's whole content.

/// A set of patterns.
#[derive(Clone, Debug, Default)]
pub struct GlobSet {
    patterns: Vec<String>,
}

impl GlobSet {
    /// Compile `patterns` (leading `./` and `/` are ignored; empty patterns are dropped).
    pub fn new(patterns: &[String]) -> GlobSet {
        let patterns = patterns
            .iter()
            .map(|p| {
                p.trim_start_matches("./")
                    .trim_start_matches('/')
                    .trim_end_matches('/')
                    .to_string()
            })
            .filter(|p| !p.is_empty())
            .collect();
        GlobSet { patterns }
    }

    /// Whether the set has no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether `rel` (a `/`-separated path relative to the export root) or an ancestor of it
    /// matches a pattern.
    pub fn matches(&self, rel: &str) -> bool {
        let mut end = 0;
        let bytes = rel.as_bytes();
        loop {
            while end < bytes.len() && bytes[end] != b'/' {
                end += 1;
            }
            if self.matches_exact(&rel[..end]) {
                return true;
            }
            if end >= bytes.len() {
                return false;
            }
            end += 1;
        }
    }

    fn matches_exact(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.patterns.iter().any(|p| {
            if p.contains('/') {
                glob_match(p.as_bytes(), path.as_bytes())
            } else {
                glob_match(p.as_bytes(), name.as_bytes())
            }
        })
    }
}

/// Match `text` against `pat` with `*`, `**` and `?` (patterns are short; plain recursion).
pub fn glob_match(pat: &[u8], text: &[u8]) -> bool {
    match pat.first() {
        None => text.is_empty(),
        Some(b'*') if pat.get(1) == Some(&b'*') => {
            let rest = &pat[2..];
            if let Some(after) = rest.strip_prefix(b"/") {
                // `**/` matches zero or more whole directories.
                glob_match(after, text)
                    || text
                        .iter()
                        .enumerate()
                        .any(|(i, &c)| c == b'/' && glob_match(after, &text[i + 1..]))
            } else {
                (0..=text.len()).any(|i| glob_match(rest, &text[i..]))
            }
        }
        Some(b'*') => {
            let rest = &pat[1..];
            for i in 0..=text.len() {
                if glob_match(rest, &text[i..]) {
                    return true;
                }
                if i < text.len() && text[i] == b'/' {
                    break;
                }
            }
            false
        }
        Some(b'?') => !text.is_empty() && text[0] != b'/' && glob_match(&pat[1..], &text[1..]),
        Some(c) => text.first() == Some(c) && glob_match(&pat[1..], &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(p: &[&str]) -> GlobSet {
        GlobSet::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn components_and_depth() {
        assert!(glob_match(b"*.js", b"a.js"));
        assert!(!glob_match(b"*.js", b"d/a.js"));
        assert!(glob_match(b"**/*.js", b"d/e/a.js"));
        assert!(glob_match(b"**/*.js", b"a.js"));
        assert!(glob_match(b"src/?.rs", b"src/a.rs"));
        assert!(!glob_match(b"src/?.rs", b"src/ab.rs"));
        assert!(glob_match(b"a/**", b"a/b/c"));
    }

    #[test]
    fn sets_match_ancestors_and_names() {
        let s = set(&["node_modules"]);
        assert!(s.matches("node_modules"));
        assert!(s.matches("node_modules/x/y.js"));
        assert!(s.matches("pkg/node_modules/z"));
        assert!(!s.matches("src/a.js"));
        let s = set(&["./dist/**"]);
        assert!(s.matches("dist/a"));
        assert!(!s.matches("src/dist.txt"));
        assert!(set(&[]).is_empty());
    }
}
