//! Placeholder slots: how HTML that markdown must not touch crosses the markdown engine and the
//! sanitizer. A slot holds a piece of HTML (ready, or made later by a closure) and the source text
//! it stands for; its token is made only of Unicode private-use characters, which comrak and
//! ammonia pass through as plain text. After rendering and sanitizing, [`Slots::substitute`] puts
//! the HTML back: tokens in text become the slot's HTML; tokens that ended up inside a tag (an
//! attribute value) become the escaped source text; a block slot alone in `<p>…</p>` replaces the
//! paragraph. It never lets a token character reach the output, and never inserts HTML inside a tag.

use std::borrow::Cow;
use std::cell::RefCell;

/// First character of a token.
const OPEN: char = '\u{E000}';
/// Last character of a token.
const CLOSE: char = '\u{E001}';
/// Marks the start of a line rendered as inline text (see `Markdown::inline`).
pub const INLINE_MARK: char = '\u{E002}';
/// Digit `d` of a slot index is written as `DIGIT0 + d`.
const DIGIT0: u32 = 0xE010;
/// Every character innsite reserves; input text has them replaced by U+FFFD ([`scrub`]).
const RESERVED: std::ops::RangeInclusive<char> = '\u{E000}'..='\u{E01F}';

/// HTML made when the slot is substituted (host callbacks run only for slots that reach the page).
type Later<'h> = Box<dyn Fn() -> String + 'h>;

enum Html<'h> {
    Ready(String),
    Later(Later<'h>),
}

struct Slot<'h> {
    raw: String,
    block: bool,
    html: Html<'h>,
}

/// The slots of one rendering call (one block, one title). Not shared between threads.
#[derive(Default)]
pub struct Slots<'h> {
    slots: RefCell<Vec<Slot<'h>>>,
}

impl<'h> Slots<'h> {
    pub fn new() -> Self {
        Slots::default()
    }

    /// A slot holding finished HTML; returns its token.
    pub fn ready(&self, html: String, raw: &str, block: bool) -> String {
        self.push(Slot {
            raw: raw.to_string(),
            block,
            html: Html::Ready(html),
        })
    }

    /// A slot whose HTML `make` produces at substitution time; returns its token.
    pub fn later(&self, make: impl Fn() -> String + 'h, raw: &str, block: bool) -> String {
        self.push(Slot {
            raw: raw.to_string(),
            block,
            html: Html::Later(Box::new(make)),
        })
    }

    fn push(&self, slot: Slot<'h>) -> String {
        let mut slots = self.slots.borrow_mut();
        slots.push(slot);
        token(slots.len() - 1)
    }

    /// Whether slot `index` holds block-level HTML.
    pub fn is_block(&self, index: usize) -> bool {
        self.slots.borrow().get(index).is_some_and(|s| s.block)
    }

    /// `text` with every token replaced by the source text it stands for (for code, URLs, alt text).
    pub fn restore_raw<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if !text.contains(OPEN) {
            return Cow::Borrowed(text);
        }
        let slots = self.slots.borrow();
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (range, index) in tokens(text) {
            out.push_str(&text[last..range.start]);
            if let Some(slot) = slots.get(index) {
                out.push_str(&slot.raw);
            }
            last = range.end;
        }
        out.push_str(&text[last..]);
        Cow::Owned(strip_reserved(&out).into_owned())
    }

    /// Put the slots' HTML into rendered (and sanitized) `html`.
    pub fn substitute(&self, html: &str) -> String {
        let slots = self.slots.borrow();
        let mut out = String::with_capacity(html.len() + 64);
        let mut scan = TagScan::default();
        let mut last = 0;
        let mut i = 0;
        let mut marks = Marks::new(html.as_bytes());
        while let Some(at) = marks.next(i) {
            i = at;
            if html.as_bytes()[i] != 0xEE || !html[i..].starts_with(OPEN) {
                scan.step(html, i);
                i += 1;
                continue;
            }
            out.push_str(&html[last..i]);
            let Some((index, len)) = parse_token(&html[i..]) else {
                i += OPEN.len_utf8();
                last = i;
                continue;
            };
            let slot = slots.get(index);
            i += len;
            match slot {
                Some(slot) if scan.in_tag => out.push_str(&escape_attr(&slot.raw)),
                Some(slot)
                    if slot.block && out.ends_with("<p>") && html[i..].starts_with("</p>") =>
                {
                    out.truncate(out.len() - "<p>".len());
                    out.push_str(&slot_html(slot));
                    i += "</p>".len();
                }
                Some(slot) if scan.anchors > 0 => out.push_str(&strip_anchors(&slot_html(slot))),
                Some(slot) => out.push_str(&slot_html(slot)),
                None => {}
            }
            last = i;
        }
        out.push_str(&html[last..]);
        strip_reserved(&out).into_owned()
    }
}

/// The bytes [`Slots::substitute`] stops at: the first byte of a token and the bytes a
/// [`TagScan`] reacts to; the rest of the HTML is skipped with memchr.
struct Marks<'b> {
    bytes: &'b [u8],
    /// The next token byte found by the last search.
    token: Option<usize>,
    /// No token byte is left after the last search.
    done: bool,
}

impl<'b> Marks<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        Marks {
            bytes,
            token: None,
            done: false,
        }
    }

    /// The first mark at or after `from` (`from` never decreases between calls).
    fn next(&mut self, from: usize) -> Option<usize> {
        let rest = self.bytes.get(from..)?;
        let stale = match self.token {
            Some(t) => t < from,
            None => !self.done,
        };
        if stale {
            self.token = memchr::memchr(0xEE, rest).map(|k| from + k);
            self.done = self.token.is_none();
        }
        let tag = memchr::memchr3(b'<', b'"', b'>', rest).map(|k| from + k);
        match (tag, self.token) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

fn slot_html(slot: &Slot<'_>) -> String {
    match &slot.html {
        Html::Ready(html) => html.clone(),
        Html::Later(make) => make(),
    }
}

/// The token of slot `index`.
fn token(index: usize) -> String {
    let mut t = String::with_capacity(24);
    t.push(OPEN);
    for d in index.to_string().bytes() {
        t.push(char::from_u32(DIGIT0 + u32::from(d - b'0')).unwrap_or(CLOSE));
    }
    t.push(CLOSE);
    t
}

/// The slot index and byte length of the token at the start of `s`, if one is there.
fn parse_token(s: &str) -> Option<(usize, usize)> {
    let mut chars = s.char_indices();
    if chars.next()?.1 != OPEN {
        return None;
    }
    let mut index: usize = 0;
    for (at, c) in chars {
        if c == CLOSE {
            return (at > OPEN.len_utf8()).then_some((index, at + CLOSE.len_utf8()));
        }
        let digit = (c as u32).checked_sub(DIGIT0).filter(|d| *d < 10)?;
        index = index.checked_mul(10)?.checked_add(digit as usize)?;
    }
    None
}

/// Whether `c` is one of the characters tokens are made of.
pub fn is_token_char(c: char) -> bool {
    RESERVED.contains(&c)
}

/// Whether `text` holds the token of a block slot.
pub fn has_block_token(text: &str, slots: &Slots<'_>) -> bool {
    text.contains(OPEN) && tokens(text).iter().any(|(_, i)| slots.is_block(*i))
}

/// Every token in `text`: its byte range and slot index.
pub fn tokens(text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
    let mut found = Vec::new();
    for (start, _) in text.match_indices(OPEN) {
        if let Some((index, len)) = parse_token(&text[start..]) {
            found.push((start..start + len, index));
        }
    }
    found
}

/// Input text with innsite's reserved private-use characters replaced by U+FFFD, so no user text
/// can forge a token.
pub fn scrub(text: &str) -> Cow<'_, str> {
    replace_reserved(text, "\u{FFFD}")
}

/// Whether the UTF-8 bytes at `i` are a reserved character. They are U+E000–U+E01F, UTF-8
/// `EE 80 80`–`EE 80 9F`, so a byte search for `EE` finds every candidate (most texts have none).
fn is_reserved_at(b: &[u8], i: usize) -> bool {
    b.get(i) == Some(&0xEE)
        && b.get(i + 1) == Some(&0x80)
        && b.get(i + 2).is_some_and(|x| (0x80..=0x9F).contains(x))
}

/// `text` with each reserved character replaced by `with` (borrowed when it has none). Done on
/// bytes: a reserved character is three bytes led by `EE`, found with memchr.
fn replace_reserved<'t>(text: &'t str, with: &str) -> Cow<'t, str> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    for i in memchr::memchr_iter(0xEE, b) {
        if i >= copied && is_reserved_at(b, i) {
            out.push_str(&text[copied..i]);
            out.push_str(with);
            copied = i + 3;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// `text` without reserved characters (what is left of a damaged token).
pub fn strip_reserved(text: &str) -> Cow<'_, str> {
    replace_reserved(text, "")
}

/// Where a scan of serialized HTML is: inside a tag (and a quoted attribute value), and how many
/// `<a>` elements are open. Serialized HTML (comrak's or html5ever's) escapes `<` in text and
/// double-quotes every attribute value, which is all this relies on.
#[derive(Default)]
struct TagScan {
    in_tag: bool,
    quoted: bool,
    anchors: usize,
}

impl TagScan {
    fn step(&mut self, html: &str, i: usize) {
        match html.as_bytes()[i] {
            b'<' if !self.in_tag => {
                self.in_tag = true;
                let rest = &html.as_bytes()[i + 1..];
                if rest.starts_with(b"/a>") {
                    self.anchors = self.anchors.saturating_sub(1);
                } else if rest.first() == Some(&b'a') && matches!(rest.get(1), Some(b' ' | b'>')) {
                    self.anchors += 1;
                }
            }
            b'"' if self.in_tag => self.quoted = !self.quoted,
            b'>' if self.in_tag && !self.quoted => self.in_tag = false,
            _ => {}
        }
    }
}

/// `html` without its `<a …>` and `</a>` tags (a link inside a link is not allowed).
pub fn strip_anchors(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut scan = TagScan::default();
    let mut skipping = false;
    let mut last = 0;
    for i in 0..html.len() {
        let was_in_tag = scan.in_tag;
        scan.step(html, i);
        if !was_in_tag && scan.in_tag {
            let rest = &html.as_bytes()[i + 1..];
            skipping = rest.starts_with(b"/a>")
                || (rest.first() == Some(&b'a') && matches!(rest.get(1), Some(b' ' | b'>')));
            if skipping {
                out.push_str(&html[last..i]);
            }
        } else if was_in_tag && !scan.in_tag && skipping {
            skipping = false;
            last = i + 1;
        }
    }
    if !skipping {
        out.push_str(&html[last..]);
    }
    out
}

/// Escape text for a double-quoted attribute value.
fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_round_trip() {
        for index in [0, 7, 10, 123_456] {
            let t = token(index);
            assert!(t.chars().all(|c| RESERVED.contains(&c)));
            assert_eq!(parse_token(&t), Some((index, t.len())));
        }
        assert_eq!(parse_token("\u{E000}\u{E001}"), None);
        assert_eq!(parse_token("\u{E000}x\u{E001}"), None);
    }

    #[test]
    fn substitute_in_text_and_in_attribute() {
        let slots = Slots::new();
        let t = slots.ready("<b>X</b>".into(), "[[x \"y\"]]", false);
        let html = format!("<p>a {t}</p><img alt=\"{t}\">");
        assert_eq!(
            slots.substitute(&html),
            "<p>a <b>X</b></p><img alt=\"[[x &quot;y&quot;]]\">"
        );
    }

    #[test]
    fn block_slot_alone_in_paragraph_replaces_it() {
        let slots = Slots::new();
        let t = slots.ready("<div>E</div>".into(), "{{embed}}", true);
        assert_eq!(slots.substitute(&format!("<p>{t}</p>\n")), "<div>E</div>\n");
        assert_eq!(
            slots.substitute(&format!("<li>{t}</li>")),
            "<li><div>E</div></li>"
        );
    }

    #[test]
    fn html_inside_a_link_loses_its_anchors() {
        let slots = Slots::new();
        let t = slots.ready(
            "<a class=\"page-ref\" href=\"/x\">x</a>".into(),
            "[[x]]",
            false,
        );
        let html = format!("<a href=\"https://e.com\">see {t}</a> {t}");
        let out = slots.substitute(&html);
        assert_eq!(
            out,
            "<a href=\"https://e.com\">see x</a> <a class=\"page-ref\" href=\"/x\">x</a>"
        );
    }

    #[test]
    fn later_slots_are_made_at_substitution() {
        let slots = Slots::new();
        let t = slots.later(|| "<i>late</i>".to_string(), "raw", false);
        assert_eq!(slots.substitute(&t), "<i>late</i>");
        assert_eq!(slots.restore_raw(&format!("`{t}`")), "`raw`");
    }

    #[test]
    fn damaged_and_forged_tokens_never_leak() {
        let slots = Slots::new();
        let out = slots.substitute("a\u{E000}\u{E010}b\u{E001}\u{E000}\u{E019}\u{E001}c");
        assert_eq!(out, "abc");
        assert_eq!(
            scrub("x\u{E000}\u{E010}\u{E001}"),
            "x\u{FFFD}\u{FFFD}\u{FFFD}"
        );
    }

    #[test]
    fn strip_anchors_keeps_text_and_other_tags() {
        assert_eq!(
            strip_anchors("<a href=\"a>b\">t<b>u</b></a><abbr>v</abbr>"),
            "t<b>u</b><abbr>v</abbr>"
        );
    }
}
