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
use crate::byteset::ByteSet;

/// The inert ASCII characters: letters, digits, the space and the punctuation with no markdown
/// meaning in the middle of a one-line paragraph (with smart punctuation, autolinks of
/// `www.`/`http:`/emails and every inline rule ruled out by the other characters being absent).
const ASCII_INERT: ByteSet = crate::byteset::of(
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:?!()'\"-/%+=",
);

/// The HTML of `md` when it is plain text, else `None`.
pub(crate) fn render(md: &str, mode: Mode, slots: &Slots<'_>) -> Option<String> {
    let text = match mode {
        Mode::Block => md,
        Mode::Inline => md.trim(),
    };
    if mode == Mode::Block && text.trim().is_empty() {
        // Blank block text (the body under most one-line blocks and headings): no paragraph.
        return Some(String::new());
    }
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
    if text.ends_with(' ') || text.starts_with(' ') {
        return false;
    }
    inert(text) && (!super::slots::has_block_token(text, slots) || is_one_token(text))
}

/// Whether `text` is one slot token and nothing else (an embed or query alone in its block):
/// comrak makes it a paragraph of its own, as the split around block tokens would.
fn is_one_token(text: &str) -> bool {
    matches!(super::slots::tokens(text).as_slice(), [(range, _)] if range.len() == text.len())
}

/// Whether a character beyond ASCII is inert: letters, digits and symbols (emoji, `¿`, `“`)
/// are, as none of comrak's rules is written with one and the emphasis rules that look at
/// Unicode punctuation need `*` or `_`, which are not inert. White space is not (a paragraph's
/// ends are trimmed), nor are control characters and the inline mark; the other reserved
/// token characters are.
fn inert_beyond_ascii(c: char) -> bool {
    c != INLINE_MARK && !c.is_whitespace() && !c.is_control()
}

/// Whether every character of `text` is inert and no two-character sequence means something:
/// `  ` (a hard break), `==` (highlight), `--`, `www` and `://` (autolinks). One pass, by
/// byte through ASCII (most of a graph's text; a table lookup each) and by character beyond.
fn inert(text: &str) -> bool {
    let b = text.as_bytes();
    let mut prev = 0u8;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x >= 0x80 {
            let Some(c) = text[i..].chars().next() else {
                return false;
            };
            if !inert_beyond_ascii(c) {
                return false;
            }
            i += c.len_utf8();
            prev = 0;
            continue;
        }
        if !ASCII_INERT[x as usize] {
            return false;
        }
        let pair = matches!(x, b' ' | b'=' | b'-') && prev == x;
        let www = x == b'w' && i >= 2 && &b[i - 2..i] == b"ww";
        let scheme = x == b':' && b[i + 1..].starts_with(b"//");
        if pair || www || scheme {
            return false;
        }
        prev = x;
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests;
