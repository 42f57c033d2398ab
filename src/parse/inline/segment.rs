//! The inline scanner proper: one code-free part of one line, left to right.
//!
//! Takes a byte range of the text (no newline, no code span inside) and pushes the Logseq
//! constructs it finds; everything else stays text. Each construct is tried at its first
//! character and either consumed whole or left as one literal character, and the lookups it
//! needs (bracket/paren pairs, next `}` / `]` / `>`) are precomputed or cached, so the scan is
//! linear and never recurses.
//!
//! Besides constructs it tracks "no-tag zones" where a `#` is never a tag (LOGSEQ.md §4 "links
//! into the old SPA", §5.3): a bare URL from `scheme://` (or `www.`) to the next whitespace, and
//! an HTML tag `<a …>` / `</a>` up to its `>`. Markdown link and image targets are consumed with
//! their link, so `[help](https://go.innbok.com/#/page/x)` and `[x](#anchor)` give no tag.
//! A backslash before ASCII punctuation escapes it (`\#x`, `\[[x]]`, `\$` are text), as in mldoc
//! and CommonMark. `$` starts math ([`super::math`]) outside no-tag zones (a `$` in a URL is not).

use super::links::{self, Pairs};
use super::out::Out;
use super::{macros, math, tag};

/// Scan `start..end` of the text into `out`.
pub(super) fn scan(out: &mut Out<'_>, start: usize, end: usize) {
    if start >= end {
        return;
    }
    let mut seg = Seg::new(out.bytes(), start, end);
    let b = out.bytes();
    let mut i = start;
    while i < end {
        if !STARTS[b[i] as usize] {
            i += 1;
            continue;
        }
        let next = match b[i] {
            b'\\' if i + 1 < end && b[i + 1].is_ascii_punctuation() => i + 2,
            b'[' => links::bracket(out, &mut seg, i),
            b'!' => links::image(&mut seg, b, i),
            b'(' => macros::block_ref(out, end, i),
            b'{' => macros::macro_call(out, &mut seg, i),
            b'#' => tag::tag(out, &mut seg, i),
            b'$' if i >= seg.no_tag_until => {
                let closers = seg
                    .math
                    .get_or_insert_with(|| math::Closers::new(b, start, end));
                math::math(out, closers, i, end)
            }
            b':' | b'w' | b'W' | b'<' => {
                seg.zone(b, i);
                i + 1
            }
            _ => i + 1,
        };
        i = next.max(i + 1);
    }
}

/// The bytes [`scan`] looks at; any other byte is text (a table lookup rather than the
/// match below for each byte: most of a line is words).
const STARTS: crate::byteset::ByteSet = crate::byteset::of(b"\\[!({#$:wW<");

/// Per-segment state: bounds, pair tables, cached searches, current no-tag zone.
pub(super) struct Seg {
    pub(super) end: usize,
    pub(super) pairs: Pairs,
    pub(super) next_rbrace: NextByte,
    pub(super) next_rbracket: NextByte,
    next_gt: NextByte,
    /// Tags (and math) are not recognised before this offset.
    pub(super) no_tag_until: usize,
    /// Where `$` may close math, found on the first `$` of the segment.
    math: Option<math::Closers>,
}

impl Seg {
    fn new(b: &[u8], start: usize, end: usize) -> Self {
        Seg {
            end,
            pairs: Pairs::new(b, start, end),
            next_rbrace: NextByte::new(b'}'),
            next_rbracket: NextByte::new(b']'),
            next_gt: NextByte::new(b'>'),
            no_tag_until: start,
            math: None,
        }
    }

    /// Open a no-tag zone when a bare URL or an HTML tag starts at `i`.
    fn zone(&mut self, b: &[u8], i: usize) {
        if i < self.no_tag_until {
            return;
        }
        let end = self.end;
        let at = |k: usize| b.get(k).copied().filter(|_| k < end);
        let zone_end = match b[i] {
            b':' if b[i + 1..end].starts_with(b"//")
                && i > 0
                && b[i - 1].is_ascii_alphanumeric() =>
            {
                Some(ws_end(b, i, end))
            }
            b'w' | b'W'
                if b[i..end].len() >= 4
                    && b[i..i + 4].eq_ignore_ascii_case(b"www.")
                    && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) =>
            {
                Some(ws_end(b, i, end))
            }
            b'<' => {
                let first = at(i + 1);
                let name = if first == Some(b'/') {
                    at(i + 2)
                } else {
                    first
                };
                match name {
                    Some(c) if c.is_ascii_alphabetic() => {
                        self.next_gt.find(b, i + 1, end).map(|g| g + 1)
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(z) = zone_end {
            self.no_tag_until = z;
        }
    }
}

/// First ASCII whitespace at or after `i` in `..end`, or `end`.
fn ws_end(b: &[u8], i: usize, end: usize) -> usize {
    (i..end)
        .find(|&k| b[k].is_ascii_whitespace())
        .unwrap_or(end)
}

/// A cached forward search for one byte. Correct for any query; linear overall when the
/// queries move forward, as the scanner's do.
pub(super) struct NextByte {
    byte: u8,
    /// The last query's start and answer: no occurrence in `from..found`.
    from: usize,
    found: Option<usize>,
    valid: bool,
}

impl NextByte {
    pub(super) fn new(byte: u8) -> Self {
        NextByte {
            byte,
            from: 0,
            found: None,
            valid: false,
        }
    }

    /// First occurrence of the byte in `from..end`.
    pub(super) fn find(&mut self, b: &[u8], from: usize, end: usize) -> Option<usize> {
        let reusable =
            self.valid && self.from <= from && !matches!(self.found, Some(f) if f < from);
        if !reusable {
            self.from = from;
            self.found = b
                .get(from..end)
                .and_then(|hay| memchr::memchr(self.byte, hay))
                .map(|k| from + k);
            self.valid = true;
        }
        self.found
    }
}
