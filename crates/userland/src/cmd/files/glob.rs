//! fnmatch(3) without flags, as `find -name`/`-path` use it: `*` and `?` match any
//! character (slashes and leading dots included), `[...]` sets with `!`/`^` negation,
//! ranges and `[:class:]` names, and `\` quoting the next character.

/// Whether `name` matches the shell pattern `pat`; `fold` ignores ASCII case.
pub fn fnmatch(pat: &str, name: &str, fold: bool) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let s: Vec<char> = name.chars().collect();
    matches(&p, &s, fold)
}

fn eq(a: char, b: char, fold: bool) -> bool {
    if fold {
        a.to_lowercase().eq(b.to_lowercase())
    } else {
        a == b
    }
}

/// Iterative matcher with single-star backtracking (linear in practice).
fn matches(p: &[char], s: &[char], fold: bool) -> bool {
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    while pi < p.len() && p[pi] == '*' {
                        pi += 1;
                    }
                    if pi == p.len() {
                        return true;
                    }
                    star = Some((pi, si));
                    continue;
                }
                '?' => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                '[' => {
                    if let Some((ok, next)) = bracket(p, pi, s[si], fold) {
                        if ok {
                            pi = next;
                            si += 1;
                            continue;
                        }
                    } else if s[si] == '[' {
                        // An unterminated bracket is an ordinary character.
                        pi += 1;
                        si += 1;
                        continue;
                    }
                }
                '\\' if pi + 1 < p.len() => {
                    if eq(p[pi + 1], s[si], fold) {
                        pi += 2;
                        si += 1;
                        continue;
                    }
                }
                c => {
                    if eq(c, s[si], fold) {
                        pi += 1;
                        si += 1;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((sp, ss)) => {
                pi = sp;
                si = ss + 1;
                star = Some((sp, ss + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Match `c` against the bracket expression starting at `p[start] == '['`. Returns whether
/// it matched and the index after the closing `]`, or `None` if the bracket is unterminated.
fn bracket(p: &[char], start: usize, c: char, fold: bool) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let ch = *p.get(i)?;
        if ch == ']' && !first {
            i += 1;
            break;
        }
        first = false;
        if ch == '[' && p.get(i + 1) == Some(&':') {
            let rest: String = p[i + 2..].iter().collect();
            if let Some(end) = rest.find(":]") {
                let class = &rest[..end];
                let ok = match class {
                    "alpha" => c.is_alphabetic(),
                    "digit" => c.is_ascii_digit(),
                    "alnum" => c.is_alphanumeric(),
                    "upper" => c.is_uppercase() || (fold && c.is_lowercase()),
                    "lower" => c.is_lowercase() || (fold && c.is_uppercase()),
                    "space" => c.is_whitespace(),
                    "punct" => c.is_ascii_punctuation(),
                    "xdigit" => c.is_ascii_hexdigit(),
                    "cntrl" => c.is_control(),
                    "print" => !c.is_control(),
                    "graph" => !c.is_control() && c != ' ',
                    "blank" => c == ' ' || c == '\t',
                    _ => false,
                };
                matched |= ok;
                i += 2 + class.chars().count() + 2;
                continue;
            }
        }
        let lo = if ch == '\\' && i + 1 < p.len() {
            i += 1;
            p[i]
        } else {
            ch
        };
        i += 1;
        if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|&n| n != ']') {
            let mut hi = p[i + 1];
            i += 2;
            if hi == '\\' && i < p.len() {
                hi = p[i];
                i += 1;
            }
            let in_range = |x: char| lo <= x && x <= hi;
            if in_range(c)
                || (fold && (c.to_lowercase().any(in_range) || c.to_uppercase().any(in_range)))
            {
                matched = true;
            }
        } else if eq(lo, c, fold) {
            matched = true;
        }
    }
    Some((matched != negate, i))
}

#[cfg(test)]
mod tests {
    use super::fnmatch;

    #[test]
    fn patterns() {
        assert!(fnmatch("*.rs", "main.rs", false));
        assert!(fnmatch("*", ".hidden", false));
        assert!(!fnmatch("*.rs", "main.rc", false));
        assert!(fnmatch("a?c", "abc", false));
        assert!(fnmatch("[abc]x", "bx", false));
        assert!(fnmatch("[!abc]x", "dx", false));
        assert!(!fnmatch("[^abc]x", "ax", false));
        assert!(fnmatch("[a-c]*", "cat", false));
        assert!(fnmatch("[[:digit:]]*", "9lives", false));
        assert!(fnmatch("\\*", "*", false));
        assert!(!fnmatch("\\*", "a", false));
        assert!(fnmatch("*.TXT", "a.txt", true));
        assert!(fnmatch("./a/*", "./a/b/c", false));
        assert!(fnmatch("a*b*c", "aXXbYYbc", false));
        assert!(fnmatch("[]]", "]", false));
        assert!(fnmatch("[", "[", false));
        assert!(fnmatch("", "", false));
        assert!(!fnmatch("", "a", false));
    }
}
