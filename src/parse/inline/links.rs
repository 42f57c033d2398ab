//! Page references and markdown links: `[[name]]`, `[label](target)`, `![alt](target)`.
//!
//! Takes a position holding `[` or `!` and pushes a `PageRef` or `LabelledRef`, or leaves
//! ordinary markdown as text; it never scans inside a link label or target (mldoc reads labels
//! as plain text, so `[#x [[y]]](https://…)` refs nothing). Bracket and paren pairs are matched
//! once per segment with a stack ([`Pairs`]), so nothing here searches twice.
//!
//! Rules (LOGSEQ.md §4, §5.3):
//! - `[[` / `]]` are paired like parentheses (a run of an odd number of `[` starts with one
//!   literal `[`; a run of `]` closes pairs first). A pair is a `PageRef` whose `name` is the
//!   text between; a pair containing another pair (`[[a [[b]]]]`, "nested") is left as text
//!   as a whole, as is an empty or blank `[[]]` (not a ref).
//! - `[label](target)`: the label runs to the first `]` (skipping `[[…]]` pairs; another single
//!   `[` means this one is literal), `(` must follow and the target runs to its matching `)`.
//!   Target `[[name]]` → `LabelledRef`. A target with no `:` (no scheme, no `mailto:`), no `.`,
//!   not starting with `/`, `#` or `?`, none of `"<>[]{}` and not an `assets/` path is mldoc's
//!   "Search" link to a page (`[Define my business step by step](master guide)`) →
//!   `LabelledRef` too. Anything else (`https://…`, `../assets/x.png`, `#anchor`) is text.
//! - `![alt](target)` is an image: text, whatever its target.

use super::out::Out;
use super::segment::Seg;
use super::Inline;

/// Matched `[[…]]` and `(…)` pairs of one segment, sorted by opening offset.
pub(super) struct Pairs {
    /// `(open, close, nested)`: `[[` at `open`, its `]]` at `close`, contains another pair.
    brackets: Vec<(usize, usize, bool)>,
    /// `(open, close)` of `(` and its `)`.
    parens: Vec<(usize, usize)>,
}

impl Pairs {
    pub(super) fn new(b: &[u8], start: usize, end: usize) -> Self {
        Pairs {
            brackets: bracket_pairs(b, start, end),
            parens: paren_pairs(b, start, end),
        }
    }

    /// The `]]` closing the `[[` at `open`, and whether the pair is nested.
    pub(super) fn bracket_at(&self, open: usize) -> Option<(usize, bool)> {
        let k = self.brackets.partition_point(|p| p.0 < open);
        self.brackets
            .get(k)
            .filter(|p| p.0 == open)
            .map(|p| (p.1, p.2))
    }

    /// The `)` closing the `(` at `open`.
    pub(super) fn paren_at(&self, open: usize) -> Option<usize> {
        let k = self.parens.partition_point(|p| p.0 < open);
        self.parens.get(k).filter(|p| p.0 == open).map(|p| p.1)
    }
}

/// `[[`/`]]` pairs, sorted by opening offset.
fn bracket_pairs(b: &[u8], start: usize, end: usize) -> Vec<(usize, usize, bool)> {
    let mut pairs: Vec<(usize, usize, bool)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut i = start;
    // memchr: most of a line is neither bracket, so it is skipped a vector at a time.
    while let Some(k) = memchr::memchr2(b'[', b']', &b[i..end]) {
        i += k;
        let c = b[i];
        let run = b[i..end].iter().take_while(|&&x| x == c).count();
        if c == b'[' {
            let mut k = i + run % 2;
            while k + 1 < i + run {
                if let Some(&parent) = stack.last() {
                    pairs[parent].2 = true;
                }
                stack.push(pairs.len());
                pairs.push((k, usize::MAX, false));
                k += 2;
            }
        } else {
            for close in (0..run / 2).map(|n| i + 2 * n) {
                if let Some(open) = stack.pop() {
                    pairs[open].1 = close;
                }
            }
        }
        i += run;
    }
    pairs.retain(|p| p.1 != usize::MAX);
    pairs
}

/// `(`/`)` pairs, sorted by opening offset.
fn paren_pairs(b: &[u8], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for i in memchr::memchr2_iter(b'(', b')', &b[start..end]).map(|k| start + k) {
        match b[i] {
            b'(' => {
                stack.push(pairs.len());
                pairs.push((i, usize::MAX));
            }
            b')' => {
                if let Some(open) = stack.pop() {
                    pairs[open].1 = i;
                }
            }
            _ => {}
        }
    }
    pairs.retain(|p| p.1 != usize::MAX);
    pairs
}

/// At a `[`: a page ref, a labelled ref, an ordinary link (text) or a literal `[`.
/// Returns the offset to continue from.
pub(super) fn bracket(out: &mut Out<'_>, seg: &mut Seg, i: usize) -> usize {
    let Some((close, nested)) = seg.pairs.bracket_at(i) else {
        return link(out, seg, i);
    };
    let end = close + 2;
    let name = out.slice(i + 2, close);
    if !nested && !name.trim().is_empty() {
        let raw = out.slice(i, end);
        out.push(i, end, Inline::PageRef { name, raw });
    }
    end
}

/// End of the label starting after the `[` at `i`: the offset of its `]`, if this `[` opens one.
fn label_end(b: &[u8], seg: &Seg, i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < seg.end {
        match b[j] {
            b']' => return Some(j),
            b'[' => j = seg.pairs.bracket_at(j)?.0 + 2,
            _ => j += 1,
        }
    }
    None
}

/// At a single `[`: `[label](target)`.
fn link(out: &mut Out<'_>, seg: &mut Seg, i: usize) -> usize {
    let b = out.bytes();
    let Some(j) = label_end(b, seg, i) else {
        return i + 1;
    };
    if b.get(j + 1) != Some(&b'(') || j + 1 >= seg.end {
        return i + 1;
    }
    let Some(close) = seg.pairs.paren_at(j + 1) else {
        return i + 1;
    };
    let end = close + 1;
    if let Some(name) = page_target(out.slice(j + 2, close)) {
        let label = out.slice(i + 1, j);
        let raw = out.slice(i, end);
        out.push(i, end, Inline::LabelledRef { label, name, raw });
    }
    end
}

/// The page a link target names: `[[name]]` or a "Search" target (see the module rules).
fn page_target(target: &str) -> Option<&str> {
    let t = target.trim();
    if let Some(inner) = t.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
        let ok = !inner.trim().is_empty() && !inner.contains("[[") && !inner.contains("]]");
        return ok.then_some(inner);
    }
    let search = !t.is_empty()
        && !t.contains([':', '.', '"', '<', '>', '[', ']', '{', '}'])
        && !t.starts_with(['/', '#', '?'])
        && !t.starts_with("assets/");
    search.then_some(t)
}

/// At a `!`: skip a whole `![alt](target)` image (it stays text).
pub(super) fn image(seg: &mut Seg, b: &[u8], i: usize) -> usize {
    if b.get(i + 1) != Some(&b'[') || i + 1 >= seg.end {
        return i + 1;
    }
    let Some(j) = seg.next_rbracket.find(b, i + 2, seg.end) else {
        return i + 1;
    };
    if b.get(j + 1) != Some(&b'(') || j + 1 >= seg.end {
        return i + 1;
    }
    seg.pairs.paren_at(j + 1).map_or(i + 1, |close| close + 1)
}
