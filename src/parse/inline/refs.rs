//! References made by a block's text: the scanner's pieces mapped to [`Ref`]s with line numbers.
//!
//! Takes a text and the file line of its first line, gives its references in source order (one
//! per occurrence; the graph deduplicates). Code pieces give nothing; names are trimmed (§2.4:
//! `[[x ]]` is page `x`) and a blank name gives nothing. It never resolves anything.
//!
//! Mapping: `PageRef` → page `Link`; `LabelledRef` → page `Labelled`; `Tag` → page `Tag`;
//! embed page → page `Embed`, embed block → `EmbedBlock`, empty embed → `EmbedEmpty`;
//! `BlockRef` → `Block`; `Query`/`AdvancedQuery` → `Query`; `Math` and `Planning` → nothing;
//! `Priority` → page `Marker` (`[#A]` refs the page `A`: Logseq's `with-page-refs` adds the
//! priority to the block's refs, as it does the marker); `Macro` → `Macro` plus a page
//! `Link` for each `[[name]]` in its arguments (`{{renderer :tocgen2, [[X]], …}}` refs `X`).
//! In text pieces, every markdown link or image target `](target)` naming an asset —
//! `assets/<name>` after any number of `../`, or `./assets/…`, or `/assets/…` (§5.8) — gives
//! `Asset` with the name percent-decoded (an optional `"title"` and `<…>` are removed).
//!
//! Two choices here go beyond Logseq 0.9.8's own `:block/refs` (`gp/block.cljs`
//! `get-page-reference`): it ignores `[[…]]` inside macro arguments and markdown "Search" links
//! (`[label](page name)`); innsite counts both, as asked, so the pages they show link back.

use super::{scan, EmbedTarget, Inline};
use crate::model::{PageRefKind, Ref};
use percent_encoding::percent_decode_str;

/// The references made by `text`, whose first line is line `first_line` of the file.
pub fn refs(text: &str, first_line: u32) -> Vec<Ref> {
    let mut out = Vec::new();
    let mut line = first_line;
    for piece in scan(text) {
        piece_refs(&piece, line, &mut out);
        line = line.saturating_add(newlines(piece.source()));
    }
    out
}

/// The formulas of `text` that cannot be converted to MathML, as `(line, message)`, for the
/// parse layer's diagnostics (the renderer shows them as escaped source).
pub fn math_errors(text: &str, first_line: u32) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    if !text.contains('$') {
        return out;
    }
    let mut line = first_line;
    for piece in scan(text) {
        if let Inline::Math { tex, .. } = piece {
            if let Some(message) = crate::math::check(tex) {
                out.push((line, message));
            }
        }
        line = line.saturating_add(newlines(piece.source()));
    }
    out
}

/// Number of `\n` in `s`, saturated to `u32`.
fn newlines(s: &str) -> u32 {
    u32::try_from(s.bytes().filter(|&c| c == b'\n').count()).unwrap_or(u32::MAX)
}

fn page(name: &str, kind: PageRefKind, line: u32, out: &mut Vec<Ref>) {
    let name = name.trim();
    if !name.is_empty() {
        out.push(Ref::Page {
            name: name.to_string(),
            kind,
            line,
        });
    }
}

/// The refs of one piece starting at `line`.
fn piece_refs(piece: &Inline<'_>, line: u32, out: &mut Vec<Ref>) {
    match piece {
        Inline::Text(t) => assets(t, line, out),
        Inline::Code(_) | Inline::Math { .. } | Inline::Planning { .. } => {}
        Inline::Priority { level, .. } => page(level, PageRefKind::Marker, line, out),
        Inline::PageRef { name, .. } => page(name, PageRefKind::Link, line, out),
        Inline::LabelledRef { name, .. } => page(name, PageRefKind::Labelled, line, out),
        Inline::Tag { name, .. } => page(name, PageRefKind::Tag, line, out),
        Inline::BlockRef { uuid, .. } => out.push(Ref::Block {
            uuid: uuid.to_string(),
            line,
        }),
        Inline::Embed { target, .. } => embed(*target, line, out),
        Inline::Query { text, .. } => out.push(Ref::Query {
            text: text.to_string(),
            advanced: false,
            line,
        }),
        Inline::AdvancedQuery { body, .. } => out.push(Ref::Query {
            text: body.to_string(),
            advanced: true,
            line,
        }),
        Inline::Macro { name, args, .. } => {
            out.push(Ref::Macro {
                name: name.to_string(),
                args: args.to_string(),
                line,
            });
            for name in bracketed_names(args) {
                page(name, PageRefKind::Link, line, out);
            }
        }
    }
}

fn embed(target: EmbedTarget<'_>, line: u32, out: &mut Vec<Ref>) {
    match target {
        EmbedTarget::Page(name) if !name.trim().is_empty() => {
            page(name, PageRefKind::Embed, line, out)
        }
        EmbedTarget::Block(uuid) => out.push(Ref::EmbedBlock {
            uuid: uuid.to_string(),
            line,
        }),
        _ => out.push(Ref::EmbedEmpty { line }),
    }
}

/// The names of the `[[name]]`s in `s`, left to right (a name containing `[[` is skipped).
fn bracketed_names(s: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find("[[") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("]]") else {
            break;
        };
        let name = &after[..close];
        if !name.contains("[[") {
            names.push(name);
        }
        rest = &after[close + 2..];
    }
    names
}

/// Asset refs of the link/image targets in the text piece `t` starting at `line`.
fn assets(t: &str, line: u32, out: &mut Vec<Ref>) {
    let b = t.as_bytes();
    let mut from = 0;
    let mut counted = 0;
    let mut line = line;
    let mut close: Option<usize> = None;
    while let Some(k) = link_target_at(&b[from..]) {
        let start = from + k + 2;
        from = start;
        // First `)` or `\n` at or after `start` (`b.len()` for none), cached while ahead.
        if !matches!(close, Some(c) if c >= start) {
            close = Some(
                b[start..]
                    .iter()
                    .position(|&c| c == b')' || c == b'\n')
                    .map_or(b.len(), |p| start + p),
            );
        }
        let Some(end) = close.filter(|&c| b.get(c) == Some(&b')')) else {
            continue;
        };
        if let Some(name) = asset_name(&t[start..end]) {
            line = line.saturating_add(newlines(&t[counted..start]));
            counted = start;
            out.push(Ref::Asset { name, line });
        }
    }
}

/// Where the first `](` of `b` is: a search for `]` (memchr; most text has none) then a look
/// at the byte after it, instead of a substring search set up for every piece of text.
fn link_target_at(b: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b']', b).find(|&i| b.get(i + 1) == Some(&b'('))
}

/// The asset name a link target points at, percent-decoded.
pub(crate) fn asset_name(target: &str) -> Option<String> {
    let mut t = target.trim();
    if let Some(k) = t.find(" \"") {
        t = t[..k].trim_end();
    }
    t = t
        .strip_prefix('<')
        .and_then(|r| r.strip_suffix('>'))
        .unwrap_or(t);
    let rest = if let Some(r) = t.strip_prefix("./") {
        r
    } else if let Some(r) = t.strip_prefix('/') {
        r
    } else {
        let mut r = t;
        while let Some(x) = r.strip_prefix("../") {
            r = x;
        }
        r
    };
    let name = rest.strip_prefix("assets/").filter(|n| !n.is_empty())?;
    Some(percent_decode_str(name).decode_utf8_lossy().into_owned())
}
