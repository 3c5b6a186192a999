//! Leftmost-longest matching for [`super::re`]. POSIX says a regular expression matches the
//! longest of the leftmost matches (XBD 9.1, "Regular Expression Definitions"), so
//! `echo ab | sed -E 's/a|ab/X/'` prints `X` (GNU and every POSIX system agree), while the
//! `regex` crate reports the first alternative that matches (`Xb`). The leftmost start is the
//! same under both rules, so the crate's match gives it; this module then runs a lazy DFA with
//! "all matches" semantics anchored there to find the longest end, and, when that end is
//! further than the crate's, fills the capture groups from the pattern anchored at both ends
//! (`(?:re)\z` on the haystack cut at that end).

use regex::bytes::{Regex, RegexBuilder};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};
use std::sync::{Mutex, OnceLock};

/// How each flag of the pattern was compiled, so the extra automata read it the same way.
#[derive(Clone, Copy, Debug)]
pub struct Flags {
    /// Ignore ASCII case.
    pub icase: bool,
    /// `^` and `$` also match around newlines.
    pub multiline: bool,
    /// `.` matches a newline.
    pub dot_nl: bool,
}

/// The longest-end finder for one pattern.
pub struct Longest {
    src: String,
    flags: Flags,
    dfa: DFA,
    cache: Mutex<Cache>,
    /// `(?:src)\z`, built on first need.
    whole: OnceLock<Option<Regex>>,
}

impl Longest {
    /// Build the finder for `src` (the `regex` crate syntax [`super::re`] renders); None when
    /// the automaton cannot be built (too big), and matching stays leftmost-first.
    pub fn new(src: &str, flags: Flags) -> Option<Longest> {
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .syntax(
                syntax::Config::new()
                    .unicode(false)
                    .utf8(false)
                    .case_insensitive(flags.icase)
                    .multi_line(flags.multiline)
                    .dot_matches_new_line(flags.dot_nl),
            )
            .thompson(
                thompson::Config::new()
                    .utf8(false)
                    .nfa_size_limit(Some(64 << 20)),
            )
            .build(src)
            .ok()?;
        let cache = Mutex::new(dfa.create_cache());
        Some(Longest {
            src: src.to_string(),
            flags,
            dfa,
            cache,
            whole: OnceLock::new(),
        })
    }

    /// The end of the longest match of the pattern starting exactly at `start` in `h` (the
    /// bytes before `start` still count for `^` and `\b`); None if the search gave up.
    pub fn end_at(&self, h: &[u8], start: usize) -> Option<usize> {
        let mut cache = self.cache.lock().ok()?;
        let input = Input::new(h).range(start..).anchored(Anchored::Yes);
        self.dfa
            .try_search_fwd(&mut cache, &input)
            .ok()
            .flatten()
            .map(|m| m.offset())
    }

    /// Capture positions of a match spanning exactly `start..end` of `h`, `groups` groups.
    pub fn captures(
        &self,
        h: &[u8],
        start: usize,
        end: usize,
        groups: usize,
    ) -> Option<Vec<Option<(usize, usize)>>> {
        let whole = self.whole.get_or_init(|| {
            RegexBuilder::new(&format!("(?:{})\\z", self.src))
                .unicode(false)
                .case_insensitive(self.flags.icase)
                .multi_line(self.flags.multiline)
                .dot_matches_new_line(self.flags.dot_nl)
                .size_limit(64 << 20)
                .build()
                .ok()
        });
        let c = whole.as_ref()?.captures_at(h.get(..end)?, start)?;
        let m = c.get(0)?;
        if m.start() != start {
            return None;
        }
        Some(
            (0..=groups)
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect(),
        )
    }
}
