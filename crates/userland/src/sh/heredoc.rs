//! Here-documents: after the newline that ends a command line, the bodies of its pending
//! `<<` redirections are read line by line up to their delimiters (tabs stripped for `<<-`,
//! backslash-newline joined in unquoted bodies), parsed for expansions unless the delimiter
//! was quoted, and attached to the redirections. Also the parsing of `$(…)` bodies, which
//! keep their own pending here-documents.

use super::ast::*;
use super::parser::{CHKALIAS, CHKKWD, CHKNL, Op, PResult, ParseError, Parser};

impl<'a> Parser<'a> {
    /// Read the bodies of pending here-documents (called after a newline).
    pub(crate) fn read_heredocs(&mut self) -> PResult<()> {
        let pending = std::mem::take(&mut self.pending);
        for h in pending {
            let mut body = String::new();
            loop {
                let (mut line, mut ended) = self.read_line();
                // Unquoted bodies join backslash-newline before the delimiter test.
                while !h.quoted && !ended && odd_trailing_backslashes(&line) {
                    line.pop();
                    let (more, e) = self.read_line();
                    line.push_str(&more);
                    ended = e;
                }
                if self.starved {
                    return Err(ParseError::Incomplete);
                }
                let text = if h.strip {
                    line.trim_start_matches('\t')
                } else {
                    line.as_str()
                };
                if text == h.delim {
                    break;
                }
                if ended && text.is_empty() {
                    break;
                }
                body.push_str(text);
                body.push('\n');
                if ended {
                    break;
                }
            }
            let b = if h.quoted {
                HereBody::Literal(body)
            } else {
                let chars: Vec<char> = body.chars().collect();
                let mut p = Parser::new(&chars, self.line, true, self.aliases);
                HereBody::Expand(p.heredoc_parts()?)
            };
            self.bodies.insert(h.slot, b);
        }
        Ok(())
    }

    /// Read up to a newline (consumed, not returned); `true` if input ended first.
    fn read_line(&mut self) -> (String, bool) {
        let mut line = String::new();
        loop {
            match self.next() {
                None => return (line, true),
                Some('\n') => return (line, false),
                Some(c) => line.push(c),
            }
        }
    }

    /// Put the bodies read into the here-document redirections of `list`.
    pub(crate) fn fill_heredocs(&mut self, list: &mut List) {
        if self.bodies.is_empty() {
            return;
        }
        let mut bodies = std::mem::take(&mut self.bodies);
        super::walk::for_each_redir(list, &mut |r| {
            if let RedirOp::Here { slot, body, .. } = &mut r.op
                && let Some(b) = bodies.remove(slot)
            {
                *body = b;
            }
        });
    }

    /// Parse a command substitution body after `$(` up to the closing `)`.
    pub(crate) fn subst_body(&mut self) -> PResult<List> {
        let saved = std::mem::take(&mut self.pending);
        let mut l = self.list(2)?;
        self.expect_op(Op::RParen, ")", CHKNL | CHKKWD | CHKALIAS)?;
        self.fill_heredocs(&mut l);
        self.pending = saved;
        Ok(l)
    }

    /// A parser for nested text (backquotes) sharing the aliases.
    pub(crate) fn nested<'b>(&self, chars: &'b [char]) -> Parser<'b>
    where
        'a: 'b,
    {
        Parser::new(chars, self.line, true, self.aliases)
    }
}

fn odd_trailing_backslashes(s: &str) -> bool {
    s.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

/// The delimiter of a here-document from its raw word, and whether any of it was quoted.
pub(crate) fn unquote_delim(raw: &str) -> (String, bool) {
    let mut out = String::new();
    let mut quoted = false;
    let mut it = raw.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\'' => {
                quoted = true;
                for d in it.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    out.push(d);
                }
            }
            '"' => {
                quoted = true;
                while let Some(d) = it.next() {
                    if d == '"' {
                        break;
                    }
                    if d == '\\' && matches!(it.peek(), Some('"' | '\\' | '$' | '`')) {
                        if let Some(e) = it.next() {
                            out.push(e);
                        }
                        continue;
                    }
                    out.push(d);
                }
            }
            '\\' => {
                quoted = true;
                if let Some(d) = it.next() {
                    out.push(d);
                }
            }
            c => out.push(c),
        }
    }
    (out, quoted)
}
