//! Tags: `#name` and `#[[name]]`.
//!
//! Takes a position holding `#` and pushes a `Tag`, or leaves the `#` as text. It reads at most
//! the tag's own characters (one pass, no backtracking).
//!
//! Where a tag may start (LOGSEQ.md §5.3; Logseq 0.9.8 reads `(C#)` as tag `)`, so a `#` inside
//! a word starts a tag, `a#b` → `a` + tag `b`):
//! - anywhere in scanned text, except: right after `&` (HTML entities such as `&#39;`), right
//!   after another `#` (`##x`, heading hashes), before `+` (`#+BEGIN_…`), inside a no-tag zone
//!   (bare URL, HTML tag: see [`super::segment`]) or after a backslash (`\#x`). Link targets
//!   and code are never scanned at all.
//! - nor in a priority `[#A]` (one letter): at a title's start it is the block's priority
//!   ([`super::task`]); elsewhere Logseq would read the tag `A]`, a page nobody means, so innsite
//!   keeps the text.
//!
//! What the name is (mldoc 1.5.3 `hash_tag.ml` `hashtag_name`):
//! - `#[[name]]` → `name` (the pair must be matched and not nested; `#[[]]` is text). Unlike
//!   mldoc, the tag ends at `]]` (`#[[A]]-1` is tag `A` then `-1`; no such case in the graph).
//! - otherwise a run of non-whitespace characters. It stops before `#`, before a single `[`
//!   (a matched `[[…]]` pair is taken into the name), and at the punctuation `,;.!?'":`:
//!   a run of those followed by whitespace or the end is never part of the name
//!   (`#artifact:` → `artifact` + `:`, `#20.` → `20`); otherwise `.` and `;` continue the
//!   name (`#.kanban`, `#a.b`) and `,!?'":` end it. So `#{"{"}` and `#{"artifact"}` are both
//!   tag `{`, exactly what Logseq made of those property values (§3.7).
//! - other characters, including `(`, `)`, `]`, `{`, `}` and any non-ASCII character (`#🔖`),
//!   belong to the name. An empty name (lone `#`, `# heading`, `#,`) is not a tag.

use super::out::Out;
use super::segment::Seg;
use super::Inline;

/// Punctuation that never ends a name when followed by whitespace or the end.
const DELIMS: &[u8] = b",;.!?'\":";

/// At a `#`: a tag, or a literal `#`. Returns the offset to continue from.
pub(super) fn tag(out: &mut Out<'_>, seg: &mut Seg, i: usize) -> usize {
    let b = out.bytes();
    let prev = i.checked_sub(1).map(|k| b[k]);
    let next = b.get(i + 1).copied().filter(|_| i + 1 < seg.end);
    if i < seg.no_tag_until || matches!(prev, Some(b'&' | b'#')) || next == Some(b'+') {
        return i + 1;
    }
    if prev == Some(b'[') && is_priority_body(b, i + 1, seg.end) {
        return i + 1;
    }
    if next == Some(b'[') {
        if let Some((close, nested)) = seg.pairs.bracket_at(i + 1) {
            let name = out.slice(i + 3, close);
            if !nested && !name.trim().is_empty() {
                let raw = out.slice(i, close + 2);
                out.push(i, close + 2, Inline::Tag { name, raw });
            }
            return close + 2;
        }
        return i + 1;
    }
    let end = name_end(b, seg, i + 1);
    if end == i + 1 {
        return i + 1;
    }
    let name = out.slice(i + 1, end);
    let raw = out.slice(i, end);
    out.push(i, end, Inline::Tag { name, raw });
    end
}

/// True when `start..` is `X]` with `X` an ASCII letter: the rest of a priority `[#X]`.
fn is_priority_body(b: &[u8], start: usize, end: usize) -> bool {
    start + 1 < end && b[start].is_ascii_alphabetic() && b[start + 1] == b']'
}

/// End of the name starting at `start` (see the module rules).
fn name_end(b: &[u8], seg: &Seg, start: usize) -> usize {
    let mut j = start;
    while j < seg.end {
        let c = b[j];
        if c.is_ascii_whitespace() || c == b'#' {
            break;
        }
        if c == b'[' {
            match seg.pairs.bracket_at(j) {
                Some((close, _)) => j = close + 2,
                None => break,
            }
            continue;
        }
        if DELIMS.contains(&c) {
            let run_end = (j..seg.end)
                .find(|&k| !DELIMS.contains(&b[k]))
                .unwrap_or(seg.end);
            if run_end == seg.end || b[run_end].is_ascii_whitespace() {
                break;
            }
            while j < run_end && matches!(b[j], b'.' | b';') {
                j += 1;
            }
            if j < run_end {
                break;
            }
            continue;
        }
        j += 1;
    }
    j
}
