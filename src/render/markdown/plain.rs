//! Plain text: the shortcut for text that has no markdown in it. It takes a text (scrubbed, with
//! slot tokens) and gives the HTML comrak would give, without building a document tree, or `None`
//! when the text might hold any markdown at all.
//!
//! Most blocks of a graph are one line of words and page references ("Growth budget for
//! [[Persona]]"): for them parsing, rewriting and formatting a comrak tree was most of the
//! markdown cost. The test is deliberately narrow (letters, digits, spaces, a few punctuation
//! marks that no markdown rule gives a meaning inside a line, and inline slot tokens), so anything
//! else still goes through comrak; `tests` checks that both paths agree on every block of the
//! sample graph and on the real graph when it is present.

use super::slots::{Slots, INLINE_MARK};
use super::Mode;

/// Punctuation with no markdown meaning in the middle of a one-line paragraph (with smart
/// punctuation, autolinks of `www.`/`http:`/emails and every inline rule ruled out by the other
/// characters being absent).
const INERT: &[char] = &[
    ',', '.', ';', ':', '?', '(', ')', '\'', '"', '-', '/', '%', '+', '=',
];

/// The HTML of `md` when it is plain text, else `None`.
pub(crate) fn render(md: &str, mode: Mode, slots: &Slots<'_>) -> Option<String> {
    let text = match mode {
        Mode::Block => md,
        Mode::Inline => md.trim(),
    };
    if !is_plain(text, mode, slots) {
        return None;
    }
    let mut html = String::with_capacity(text.len() + 8);
    if mode == Mode::Block {
        html.push_str("<p>");
    }
    comrak::html::escape(&mut html, text).ok()?;
    if mode == Mode::Block {
        html.push_str("</p>\n");
    }
    Some(html)
}

/// Whether comrak would make `text` one paragraph of its characters, unchanged.
fn is_plain(text: &str, mode: Mode, slots: &Slots<'_>) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    // A paragraph's first character decides whether it is a list, heading, quote, code…
    let starts_plain = first.is_alphabetic() || super::slots::is_token_char(first);
    if mode == Mode::Block && !starts_plain {
        return false;
    }
    if text.ends_with(' ') || text.starts_with(' ') || text.contains("  ") {
        return false;
    }
    if text.contains("www") || text.contains("://") || text.contains("==") || text.contains("--") {
        return false;
    }
    let chars_ok = text.chars().all(|c| {
        c.is_alphanumeric()
            || c == ' '
            || INERT.contains(&c)
            || (super::slots::is_token_char(c) && c != INLINE_MARK)
    });
    chars_ok && !super::slots::has_block_token(text, slots)
}

#[cfg(test)]
mod tests;
