//! Line-level pass: what is never scanned for inline constructs.
//!
//! Takes the whole text and cuts out, line by line, fenced code blocks (→ `Code`),
//! `#+BEGIN_QUERY … #+END_QUERY` blocks (→ `AdvancedQuery`) and display math (→ `Math`), then
//! inline code spans inside each remaining line (→ `Code`); what is left goes to the inline
//! scanner ([`super::segment`]).
//! It never looks inside code, and every search remembers its failures so that the pass stays
//! linear (an unterminated `#+BEGIN_QUERY` repeated 50,000 times is read once).
//!
//! Rules:
//! - Fence (LOGSEQ.md §4 "code fence"): a line of optional whitespace then 3+ `` ` `` or `~`
//!   (a backtick fence's info string has no backtick). It closes at a line of optional
//!   whitespace, at least as many of the same character and nothing else, or at the end of the
//!   text. The piece runs from the opening line's start to the end of the closing line.
//! - Advanced query (§7): a line that is `#+BEGIN_QUERY` (any case, surrounding whitespace)
//!   up to the next `#+END_QUERY` line; `body` is the lines between, without the newline
//!   before the end line. Without an end line the `#+BEGIN_QUERY` line is ordinary text.
//!   Other `#+BEGIN_X` blocks stay text: their content counts (refs inside admonitions).
//! - Display math over several lines: a line starting with `$$` (after whitespace) and holding no
//!   second `$$`, up to the next line ending with `$$`; without such a line it is ordinary text.
//!   A blank formula is still math here (two `$$` lines): it renders as an empty formula.
//! - Priority and planning lines: [`super::task`] (a whole line, never inside fences).
//! - Code span: a run of N backticks closes at the next run of exactly N backticks on the same
//!   line (CommonMark's matching; kept to one line like mldoc's inline code). A run without a
//!   closer is literal text, and the next run is tried.

use super::out::Out;
use super::{segment, task, Inline};
use std::collections::HashMap;

/// Scan `text` into pieces.
pub(super) fn scan(text: &str) -> Vec<Inline<'_>> {
    if !may_hold_constructs(text) {
        // Most lines of a graph are words: no piece but the text itself (or none).
        return Out::new(text).finish();
    }
    scan_all(text)
}

/// Whether `text` holds a byte some piece but text needs: `[` (references, links,
/// priorities), `#` (tags, `#+BEGIN_QUERY`), `(` (block references), `{` (macros), `$`
/// (math), `<` (planning stamps), `` ` `` or `~` (code spans and fences). Without one, the
/// whole text is one text piece. One pass with a byte table.
pub(super) fn may_hold_constructs(text: &str) -> bool {
    const NEEDED: crate::byteset::ByteSet = crate::byteset::of(b"[#({$<`~");
    text.bytes().any(|b| NEEDED[b as usize])
}

/// [`scan`] without the shortcut for text that holds no construct.
pub(super) fn scan_all(text: &str) -> Vec<Inline<'_>> {
    let mut out = Out::new(text);
    let b = out.bytes();
    let after_priority = task::priority(&mut out);
    let mut pos = 0;
    let mut no_query_end = false;
    let mut no_math_end = false;
    while pos < b.len() {
        let line_end = line_end(b, pos);
        if let Some(fence) = fence_open(b, pos, line_end) {
            let end = fence_close(b, line_end, fence);
            out.push(pos, end, Inline::Code(out.slice(pos, end)));
            pos = end + 1;
            continue;
        }
        if !no_query_end && is_marker_line(b, pos, line_end, b"#+begin_query") {
            if let Some(end) = advanced_query(&mut out, pos, line_end) {
                pos = end + 1;
                continue;
            }
            no_query_end = true;
        }
        if !no_math_end && math_open(b, pos, line_end).is_some() {
            if let Some(end) = display_math(&mut out, pos, line_end) {
                pos = end + 1;
                continue;
            }
            no_math_end = true;
        }
        if !task::planning(&mut out, pos, line_end) {
            scan_line(&mut out, pos.max(after_priority), line_end);
        }
        pos = line_end + 1;
    }
    out.finish()
}

/// End (exclusive, the `\n` position or the text length) of the line starting at `start`.
fn line_end(b: &[u8], start: usize) -> usize {
    memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |k| start + k)
}

/// First non-space/tab position in `start..end`.
fn skip_ws(b: &[u8], start: usize, end: usize) -> usize {
    (start..end)
        .find(|&i| b[i] != b' ' && b[i] != b'\t')
        .unwrap_or(end)
}

/// `(fence char, run length)` when the line `start..end` opens a fenced code block.
fn fence_open(b: &[u8], start: usize, end: usize) -> Option<(u8, usize)> {
    let i = skip_ws(b, start, end);
    let c = *b.get(i).filter(|&&c| c == b'`' || c == b'~')?;
    let run = b[i..end].iter().take_while(|&&x| x == c).count();
    let info_ok = c == b'~' || !b[i + run..end].contains(&b'`');
    (run >= 3 && info_ok).then_some((c, run))
}

/// End of the closing fence line after the opening line ending at `open_end`, or the text end.
fn fence_close(b: &[u8], open_end: usize, (c, len): (u8, usize)) -> usize {
    let mut pos = open_end + 1;
    while pos < b.len() {
        let end = line_end(b, pos);
        let i = skip_ws(b, pos, end);
        let run = b[i..end].iter().take_while(|&&x| x == c).count();
        if run >= len && b[i + run..end].iter().all(u8::is_ascii_whitespace) {
            return end;
        }
        pos = end + 1;
    }
    b.len()
}

/// True when the line is `marker` (ASCII case-insensitive) between optional whitespace.
fn is_marker_line(b: &[u8], start: usize, end: usize, marker: &[u8]) -> bool {
    let i = skip_ws(b, start, end);
    let Some(word) = b
        .get(i..i + marker.len())
        .filter(|_| i + marker.len() <= end)
    else {
        return false;
    };
    word.eq_ignore_ascii_case(marker)
        && b[i + marker.len()..end].iter().all(u8::is_ascii_whitespace)
}

/// Push the advanced query opening at the line `start..line_end`; its end offset, or `None`
/// when no `#+END_QUERY` line follows.
fn advanced_query(out: &mut Out<'_>, start: usize, line_end: usize) -> Option<usize> {
    let b = out.bytes();
    let body_start = (line_end + 1).min(b.len());
    let mut pos = body_start;
    while pos < b.len() {
        let end = self::line_end(b, pos);
        if is_marker_line(b, pos, end, b"#+end_query") {
            let body = out.slice(body_start, (pos.saturating_sub(1)).max(body_start));
            let raw = out.slice(start, end);
            out.push(start, end, Inline::AdvancedQuery { body, raw });
            return Some(end);
        }
        pos = end + 1;
    }
    None
}

/// Position of the `$$` that opens display math over several lines: the line starts with `$$`
/// (after whitespace) and has no other `$$` (a one-line `$$x$$` is the inline scanner's).
fn math_open(b: &[u8], start: usize, end: usize) -> Option<usize> {
    let i = skip_ws(b, start, end);
    let opens = b[i..end].starts_with(b"$$") && !b[i + 2..end].windows(2).any(|w| w == b"$$");
    opens.then_some(i)
}

/// Push the display math opening on the line `start..line_end`, closed by the first later line
/// that ends with `$$`; its end offset, or `None` when no line closes it.
fn display_math(out: &mut Out<'_>, start: usize, line_end: usize) -> Option<usize> {
    let b = out.bytes();
    let open = math_open(b, start, line_end)?;
    let mut pos = line_end + 1;
    while pos < b.len() {
        let end = self::line_end(b, pos);
        let last = (pos..end).rev().find(|&k| !b[k].is_ascii_whitespace());
        if let Some(close) = last.filter(|&k| k > pos && b[k - 1] == b'$' && b[k] == b'$') {
            let tex = out.slice(open + 2, close - 1);
            let raw = out.slice(start, end);
            out.push(
                start,
                end,
                Inline::Math {
                    tex,
                    display: true,
                    raw,
                },
            );
            return Some(end);
        }
        pos = end + 1;
    }
    None
}

/// Cut the code spans out of the line `start..end` and scan the rest.
fn scan_line(out: &mut Out<'_>, start: usize, end: usize) {
    let b = out.bytes();
    let runs = backtick_runs(b, start, end);
    let closer = closers(&runs);
    let mut cursor = start;
    let mut k = 0;
    while k < runs.len() {
        let Some(m) = closer[k] else {
            k += 1;
            continue;
        };
        let (open, _) = runs[k];
        let (close, len) = runs[m];
        segment::scan(out, cursor, open);
        out.push(
            open,
            close + len,
            Inline::Code(out.slice(open, close + len)),
        );
        cursor = close + len;
        k = m + 1;
    }
    segment::scan(out, cursor, end);
}

/// `(start, length)` of every backtick run in `start..end`.
fn backtick_runs(b: &[u8], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = start;
    while let Some(k) = memchr::memchr(b'`', &b[i..end]) {
        let at = i + k;
        let len = b[at..end].iter().take_while(|&&c| c == b'`').count();
        runs.push((at, len));
        i = at + len;
    }
    runs
}

/// For each run, the index of the next run of the same length (its closer), if any.
fn closers(runs: &[(usize, usize)]) -> Vec<Option<usize>> {
    let mut next: HashMap<usize, usize> = HashMap::new();
    let mut closer = vec![None; runs.len()];
    for (k, &(_, len)) in runs.iter().enumerate().rev() {
        closer[k] = next.insert(len, k);
    }
    closer
}
