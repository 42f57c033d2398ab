//! `#+BEGIN_X … #+END_X` blocks inside block content (mldoc's org-style blocks). Takes tokenized
//! block markdown, gives the same text with each complete block replaced by a block slot:
//! `NOTE|TIP|WARNING|IMPORTANT|CAUTION|PINNED` → `<aside class="admonition note" role="note">` with a
//! title and the rendered inner markdown (LOGSEQ.md §4: `#+BEGIN_TIP`, `inn/LogSeq/markers.md:12`);
//! `QUOTE` → `<blockquote>`; `EXAMPLE` → escaped `<pre>`; `SRC lang` → highlighted code; `QUERY` →
//! the host's advanced query (when the scanner left it); any other `X` → `<div class="block-x">`.
//! Markers are case-insensitive; markers inside code fences or inside a verbatim block do not count;
//! an unclosed block stays text. Nesting is followed to a fixed depth, beyond which markers stay
//! text; finding the pairs is one pass over the lines, so the work stays linear per level.

use super::Ctx;
use crate::render::markdown::{code_block, escape};
use std::borrow::Cow;

/// Deepest `#+BEGIN` nesting that is interpreted.
const MAX_DEPTH: u8 = 8;
/// How far down the stack of open blocks an `#+END_X` looks for its `#+BEGIN_X`.
const MAX_SEARCH: usize = 64;

const ADMONITIONS: [(&str, &str); 6] = [
    ("NOTE", "Note"),
    ("TIP", "Tip"),
    ("WARNING", "Warning"),
    ("IMPORTANT", "Important"),
    ("CAUTION", "Caution"),
    ("PINNED", "Pinned"),
];

/// Blocks whose body is not markdown.
fn is_verbatim(name: &str) -> bool {
    matches!(name, "SRC" | "EXAMPLE" | "QUERY")
}

/// `source` with every complete top-level `#+BEGIN` block replaced by a block slot token.
pub(super) fn expand<'s>(source: &'s str, depth: u8, ctx: &Ctx<'_, '_>) -> Cow<'s, str> {
    if depth >= MAX_DEPTH || !source.to_ascii_lowercase().contains("#+begin_") {
        return Cow::Borrowed(source);
    }
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let pairs = pair_lines(&lines);
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < lines.len() {
        let Some(end) = pairs[i] else {
            out.push_str(lines[i]);
            i += 1;
            continue;
        };
        let (name, args) = begin_marker(lines[i]).unwrap_or(("", ""));
        let html = render(name, args, &lines[i + 1..end].concat(), depth, ctx);
        let raw = ctx.slots.restore_raw(&lines[i..=end].concat()).into_owned();
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
        }
        out.push_str(&ctx.slots.ready(html, &raw, true));
        out.push_str("\n\n");
        i = end + 1;
    }
    Cow::Owned(out)
}

/// For each line that opens a complete block, the index of its closing line.
fn pair_lines(lines: &[&str]) -> Vec<Option<usize>> {
    let mut pairs = vec![None; lines.len()];
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        let verbatim = open.last().is_some_and(|(n, _)| is_verbatim(n));
        if !verbatim {
            if let Some((ch, len, rest)) = fence_run(line) {
                fence = match fence {
                    None => Some((ch, len)),
                    Some((c, n)) if c == ch && len >= n && rest.trim().is_empty() => None,
                    keep => keep,
                };
                continue;
            }
            if fence.is_some() {
                continue;
            }
            if let Some((name, _)) = begin_marker(line) {
                open.push((name.to_ascii_uppercase(), i));
                continue;
            }
        }
        let Some(name) = end_marker(line).map(|n| n.to_ascii_uppercase()) else {
            continue;
        };
        if verbatim && open.last().is_some_and(|(n, _)| *n != name) {
            continue;
        }
        let found = open
            .iter()
            .rev()
            .take(MAX_SEARCH)
            .position(|(n, _)| *n == name);
        if let Some(from_top) = found {
            let at = open.len() - 1 - from_top;
            pairs[open[at].1] = Some(i);
            open.truncate(at);
        }
    }
    pairs
}

/// A code fence line: its character, run length and what follows the run.
fn fence_run(line: &str) -> Option<(u8, usize, &str)> {
    let t = line.trim();
    let ch = *t.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = t.bytes().take_while(|b| *b == ch).count();
    (len >= 3).then(|| (ch, len, &t[len..]))
}

/// `#+BEGIN_NAME args` → (NAME, args).
fn begin_marker(line: &str) -> Option<(&str, &str)> {
    let rest = marker_rest(line, "#+begin_")?;
    let (name, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    (!name.is_empty()).then_some((name, args.trim()))
}

/// `#+END_NAME` → NAME.
fn end_marker(line: &str) -> Option<&str> {
    let rest = marker_rest(line, "#+end_")?;
    let name = rest.split(char::is_whitespace).next().unwrap_or("");
    (!name.is_empty()).then_some(name)
}

fn marker_rest<'l>(line: &'l str, marker: &str) -> Option<&'l str> {
    let t = line.trim();
    let head = t.get(..marker.len())?;
    head.eq_ignore_ascii_case(marker)
        .then(|| &t[marker.len()..])
}

/// The HTML of one block.
fn render(name: &str, args: &str, body: &str, depth: u8, ctx: &Ctx<'_, '_>) -> String {
    let upper = name.to_ascii_uppercase();
    let verbatim = || dedent(&ctx.slots.restore_raw(body)).into_owned();
    if let Some((_, title)) = ADMONITIONS.iter().find(|(n, _)| *n == upper) {
        let class = upper.to_ascii_lowercase();
        let inner = ctx.render_block(&dedent(body), depth + 1);
        return format!("<aside class=\"admonition {class}\" role=\"note\"><p class=\"admonition-title\">{title}</p>{inner}</aside>");
    }
    match upper.as_str() {
        "QUOTE" => format!(
            "<blockquote>{}</blockquote>",
            ctx.render_block(&dedent(body), depth + 1)
        ),
        "EXAMPLE" => format!(
            "<pre class=\"example\"><code>{}</code></pre>",
            escape(&verbatim())
        ),
        "SRC" => code_block(args, &verbatim()),
        "QUERY" => ctx.host.query(&ctx.slots.restore_raw(body), true),
        _ => format!(
            "<div class=\"block-{}\">{}</div>",
            class_name(name),
            ctx.render_block(&dedent(body), depth + 1)
        ),
    }
}

/// A block name as a CSS class: lowercase ASCII letters, digits, `-` and `_`.
fn class_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Remove the indentation common to every non-blank line (spaces and tabs).
fn dedent(text: &str) -> Cow<'_, str> {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(indent)
        .min()
        .unwrap_or(0);
    if common == 0 {
        return Cow::Borrowed(text);
    }
    let lines = text
        .split_inclusive('\n')
        .map(|l| &l[indent(l).min(common)..]);
    Cow::Owned(lines.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_follow_nesting_fences_and_case() {
        let lines: Vec<&str> =
            "#+BEGIN_NOTE\n#+begin_quote\nq\n#+END_QUOTE\n```\n#+END_NOTE\n```\n#+end_note\n"
                .split_inclusive('\n')
                .collect();
        let pairs = pair_lines(&lines);
        assert_eq!(pairs[0], Some(7));
        assert_eq!(pairs[1], Some(3));
    }

    #[test]
    fn unclosed_block_is_not_paired() {
        let lines: Vec<&str> = "#+BEGIN_TIP\ntext\n".split_inclusive('\n').collect();
        assert_eq!(pair_lines(&lines), vec![None, None]);
    }

    #[test]
    fn verbatim_body_hides_markers() {
        let lines: Vec<&str> = "#+BEGIN_SRC md\n```\n#+BEGIN_NOTE\n#+END_SRC\n"
            .split_inclusive('\n')
            .collect();
        assert_eq!(pair_lines(&lines), vec![Some(3), None, None, None]);
        let lines: Vec<&str> = "#+BEGIN_NOTE\n#+BEGIN_SRC\n#+END_NOTE\n#+END_SRC\n#+END_NOTE\n"
            .split_inclusive('\n')
            .collect();
        assert_eq!(pair_lines(&lines), vec![Some(4), Some(3), None, None, None]);
    }

    #[test]
    fn dedent_keeps_relative_indent() {
        assert_eq!(dedent("  a\n    b\n\n  c"), "a\n  b\n\nc");
        assert_eq!(dedent("a\n  b"), "a\n  b");
    }

    #[test]
    fn markers() {
        assert_eq!(
            begin_marker("  #+BEGIN_SRC rust  \n"),
            Some(("SRC", "rust"))
        );
        assert_eq!(begin_marker("#+BEGIN_"), None);
        assert_eq!(end_marker("#+end_tip"), Some("tip"));
        assert_eq!(begin_marker("#+BÉGIN_X"), None);
    }
}
