//! A backtracking matcher for the patterns the `regex` crate cannot run: those with back
//! references (`\(a*\)b\1`). It walks the tree from [`super::re`] with continuations, trying
//! alternatives and longer repetitions first, as glibc's matcher does for such patterns.

use super::re::{ByteSet, Caps, Node};

/// A pattern ready for backtracking search.
pub struct Matcher {
    root: Node,
    groups: usize,
    icase: bool,
    multiline: bool,
    word: ByteSet,
}

/// Deepest recursion allowed (a frame or three per byte of the subject); beyond it the
/// attempt fails rather than overflowing the stack of the executor thread.
const MAX_DEPTH: usize = 6000;

/// Most steps one search may take; programs run cooperatively, so a pathological pattern
/// must not monopolise the machine.
const MAX_STEPS: u64 = 20_000_000;

struct State<'h> {
    h: &'h [u8],
    caps: Caps,
    depth: usize,
    steps: u64,
}

type Cont<'k> = &'k mut dyn FnMut(&mut State<'_>, usize) -> bool;

impl Matcher {
    /// Prepare `root` (with `groups` groups) for matching.
    pub fn new(root: Node, groups: usize, icase: bool, multiline: bool) -> Matcher {
        Matcher {
            root,
            groups,
            icase,
            multiline,
            word: ByteSet::word(),
        }
    }

    /// The leftmost match at or after `start`: slot 0 is the whole match, then the groups.
    pub fn search(&self, h: &[u8], start: usize) -> Option<Caps> {
        let mut st = State {
            h,
            caps: vec![None; self.groups + 1],
            depth: 0,
            steps: 0,
        };
        for s in start..=h.len() {
            st.caps.iter_mut().for_each(|c| *c = None);
            let mut end = None;
            let found = self.m(&self.root, &mut st, s, &mut |_, p| {
                end = Some(p);
                true
            });
            if found {
                st.caps[0] = end.map(|e| (s, e));
                return Some(st.caps);
            }
            if st.steps > MAX_STEPS {
                return None;
            }
        }
        None
    }

    fn is_word(&self, h: &[u8], i: Option<usize>) -> bool {
        match i {
            Some(i) if i < h.len() => self.word.has(h[i]),
            _ => false,
        }
    }

    fn eq(&self, a: u8, b: u8) -> bool {
        a == b || (self.icase && a.eq_ignore_ascii_case(&b))
    }

    fn m(&self, n: &Node, st: &mut State<'_>, pos: usize, k: Cont<'_>) -> bool {
        st.steps += 1;
        if st.depth >= MAX_DEPTH || st.steps > MAX_STEPS {
            return false;
        }
        st.depth += 1;
        let r = self.step(n, st, pos, k);
        st.depth -= 1;
        r
    }

    fn step(&self, n: &Node, st: &mut State<'_>, pos: usize, k: Cont<'_>) -> bool {
        let h = st.h;
        let len = h.len();
        match n {
            Node::Empty => k(st, pos),
            Node::Byte(b) => pos < len && self.eq(h[pos], *b) && k(st, pos + 1),
            Node::Any => pos < len && k(st, pos + 1),
            Node::Set(s) => pos < len && s.has(h[pos]) && k(st, pos + 1),
            Node::Start => (pos == 0 || (self.multiline && h[pos - 1] == b'\n')) && k(st, pos),
            Node::End => (pos == len || (self.multiline && h[pos] == b'\n')) && k(st, pos),
            Node::BufStart => pos == 0 && k(st, pos),
            Node::BufEnd => pos == len && k(st, pos),
            Node::WordB | Node::NotWordB | Node::WordStart | Node::WordEnd => {
                let before = self.is_word(h, pos.checked_sub(1));
                let after = self.is_word(h, Some(pos));
                let ok = match n {
                    Node::WordB => before != after,
                    Node::NotWordB => before == after,
                    Node::WordStart => !before && after,
                    _ => before && !after,
                };
                ok && k(st, pos)
            }
            Node::Group(i, inner) => {
                let i = *i;
                self.m(inner, st, pos, &mut |st, p| {
                    let old = st.caps[i];
                    st.caps[i] = Some((pos, p));
                    if k(st, p) {
                        return true;
                    }
                    st.caps[i] = old;
                    false
                })
            }
            Node::Backref(i) => match st.caps.get(*i).copied().flatten() {
                Some((s, e)) => {
                    let l = e - s;
                    pos + l <= len
                        && (0..l).all(|j| self.eq(h[s + j], h[pos + j]))
                        && k(st, pos + l)
                }
                None => false,
            },
            Node::Repeat(inner, min, max) => self.rep(inner, *min, *max, 0, st, pos, k),
            Node::Concat(v) => self.seq(v, st, pos, k),
            Node::Alt(v) => {
                for x in v {
                    if self.m(x, st, pos, k) {
                        return true;
                    }
                }
                false
            }
        }
    }

    fn seq(&self, v: &[Node], st: &mut State<'_>, pos: usize, k: Cont<'_>) -> bool {
        match v.split_first() {
            None => k(st, pos),
            Some((first, rest)) => self.m(first, st, pos, &mut |st, p| self.seq(rest, st, p, k)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn rep(
        &self,
        inner: &Node,
        min: u32,
        max: Option<u32>,
        count: u32,
        st: &mut State<'_>,
        pos: usize,
        k: Cont<'_>,
    ) -> bool {
        if max.is_none_or(|mx| count < mx) {
            let more = self.m(inner, st, pos, &mut |st, p| {
                if p == pos && count >= min {
                    return false;
                }
                self.rep(inner, min, max, count + 1, st, p, k)
            });
            if more {
                return true;
            }
        }
        count >= min && k(st, pos)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::re::{Opts, parse};
    use super::*;

    fn search(p: &str, h: &str) -> Option<Caps> {
        let (n, g) = parse(p.as_bytes(), Opts::default()).unwrap();
        Matcher::new(n, g, false, false).search(h.as_bytes(), 0)
    }

    #[test]
    fn pathological_inputs_terminate() {
        let long = "a".repeat(100_000);
        assert!(search("\\(a*\\)*b\\1", &long[..40]).is_none());
        assert!(search("\\(.\\)\\1", &long).is_some());
        let _ = search("\\(.*\\)x\\1", &long);
    }

    #[test]
    fn greedy_and_backrefs() {
        assert_eq!(search("a*", "aaa").unwrap()[0], Some((0, 3)));
        assert_eq!(search("\\(a\\|ab\\)c", "abc").unwrap()[0], Some((0, 3)));
        assert_eq!(search("\\(.*\\)-\\1", "xab-ab").unwrap()[1], Some((1, 3)));
        assert!(search("^\\(.*\\)\\1$", "abcabc").is_some());
        assert!(search("^\\(.*\\)\\1$", "abcab").is_none());
        assert_eq!(search("\\(a*\\)*b", "aab").unwrap()[0], Some((0, 3)));
        assert_eq!(search("x\\{2,3\\}", "xxxx").unwrap()[0], Some((0, 3)));
    }
}
