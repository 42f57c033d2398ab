//! Macros `{{name args}}` and block references `((uuid))`.
//!
//! Takes a position holding `{` or `(` and pushes an `Embed`, `Query`, `Macro` or `BlockRef`,
//! or leaves the character as text. It never looks past the current line and never searches
//! twice (the next `}` is a cached search).
//!
//! Rules (LOGSEQ.md §4, §5.4–§5.6, §7; mldoc `inline.ml` `macro`):
//! - `{{` then the macro text up to the first `}`, which must be followed by `}` (mldoc's macro
//!   body contains no `}`; `{{embed [[x]]}}` ends at `]]}}`). `{{{x}}}` is the org form of the
//!   same. The name runs to the first space or `(` and must not be empty (`{{ x}}`, `{{}}` and
//!   an unterminated `{{` are text); the args are the rest, trimmed.
//! - `embed`: args `[[name]]` → page (blank name → `Empty`), `((uuid))` → block (uuid-shaped,
//!   any case), anything else → `Empty`. `query`: `Query` with the args (may be empty). Any
//!   other name (`renderer`, `video`, …) → `Macro`. Names are case-sensitive, as in Logseq.
//! - `((` + a uuid (`8-4-4-4-12` hex, any case) + `))` → `BlockRef`; anything else is text.

use super::out::Out;
use super::segment::Seg;
use super::{is_uuid, EmbedTarget, Inline};

/// At a `{`: a macro, or a literal `{`. Returns the offset to continue from.
pub(super) fn macro_call(out: &mut Out<'_>, seg: &mut Seg, i: usize) -> usize {
    let b = out.bytes();
    let at = |k: usize| b.get(k).copied().filter(|_| k < seg.end);
    if at(i + 1) != Some(b'{') {
        return i + 1;
    }
    let braces = if at(i + 2) == Some(b'{') { 3 } else { 2 };
    let body_start = i + braces;
    let Some(j) = seg.next_rbrace.find(b, body_start, seg.end) else {
        return i + 1;
    };
    let end = j + braces;
    if end > seg.end || !b[j..end].iter().all(|&c| c == b'}') {
        return i + 1;
    }
    let raw = out.slice(i, end);
    match classify(out.slice(body_start, j), raw) {
        Some(piece) => {
            out.push(i, end, piece);
            end
        }
        None => i + 1,
    }
}

/// The piece for the macro text `body` (between the braces).
fn classify<'a>(body: &'a str, raw: &'a str) -> Option<Inline<'a>> {
    let name_end = body.find([' ', '(']).unwrap_or(body.len());
    let (name, rest) = body.split_at(name_end);
    if name.is_empty() {
        return None;
    }
    let args = rest.trim();
    Some(match name {
        "embed" => Inline::Embed {
            target: embed_target(args),
            raw,
        },
        "query" => Inline::Query { text: args, raw },
        _ => Inline::Macro { name, args, raw },
    })
}

/// What `{{embed args}}` points at.
fn embed_target(args: &str) -> EmbedTarget<'_> {
    if let Some(inner) = args.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
        if inner.trim().is_empty() || inner.contains("[[") || inner.contains("]]") {
            return EmbedTarget::Empty;
        }
        return EmbedTarget::Page(inner);
    }
    if let Some(inner) = args.strip_prefix("((").and_then(|r| r.strip_suffix("))")) {
        let uuid = inner.trim();
        if is_uuid(uuid) {
            return EmbedTarget::Block(uuid);
        }
    }
    EmbedTarget::Empty
}

/// At a `(`: a block ref `((uuid))`, or a literal `(`.
pub(super) fn block_ref(out: &mut Out<'_>, seg_end: usize, i: usize) -> usize {
    let b = out.bytes();
    let uuid_start = i + 2;
    let uuid_end = uuid_start + 36;
    let fits = uuid_end + 2 <= seg_end && b.get(i + 1) == Some(&b'(');
    if !fits || &b[uuid_end..uuid_end + 2] != b"))" {
        return i + 1;
    }
    if !b[uuid_start..uuid_end].is_ascii() {
        return i + 1;
    }
    let uuid = out.slice(uuid_start, uuid_end);
    if !is_uuid(uuid) {
        return i + 1;
    }
    let raw = out.slice(i, uuid_end + 2);
    out.push(i, uuid_end + 2, Inline::BlockRef { uuid, raw });
    uuid_end + 2
}
