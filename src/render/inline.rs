//! Logseq constructs inside block markdown. Takes a block's text (or one title line) and an
//! [`InlineHost`] that knows the graph; gives the block's HTML. Page refs, tags, block refs, embeds,
//! queries and macros found by [`crate::parse::inline::scan`] are replaced by placeholder slots
//! before the markdown engine runs, so comrak never sees Logseq syntax and the sanitizer never
//! touches the host's HTML; the host is called only for the slots that reach the page (a `[[x]]`
//! inside code stays literal). Math becomes MathML ([`crate::math`]), inline in the text even for
//! display formulas (`<math display="block">` is phrasing content, so it may sit in a `<p>`); a
//! title's priority and `SCHEDULED:`/`DEADLINE:` lines are [`super::task`]'s.
//! `#+BEGIN_…` blocks are handled here too ([`begin`]), as are asset
//! links (`(../)*assets/<name>` → [`InlineHost::asset_url`], LOGSEQ.md §5.8), other link targets
//! ([`InlineHost::rewrite_link`], §8.4) and URLs written with spaces (§11.23).
//!
//! It never emits a placeholder character, never nests a block element inside a `<p>` for a
//! construct alone on its line, and never panics on input.

mod begin;

use super::markdown::slots::{scrub, Slots};
use super::markdown::{Dest, LinkTargets, Markdown, Mode};
pub use crate::parse::inline::EmbedTarget;
use crate::parse::inline::{scan, Inline};
use percent_encoding::percent_decode_str;
use std::borrow::Cow;

/// What the renderer asks the graph while rendering block text. Every method returns finished,
/// escaped HTML (or a URL).
pub trait InlineHost {
    /// `[[name]]` (label None) or `[label]([[name]])`.
    fn page_ref(&self, name: &str, label: Option<&str>) -> String;
    fn tag(&self, name: &str) -> String;
    fn block_ref(&self, uuid: &str) -> String;
    /// Block-level HTML for an embed.
    fn embed(&self, target: EmbedTarget<'_>) -> String;
    /// Block-level HTML for `{{query …}}` (advanced = false) or `#+BEGIN_QUERY` (true).
    fn query(&self, text: &str, advanced: bool) -> String;
    /// Block-level HTML for any other `{{macro args}}`.
    fn macro_call(&self, name: &str, args: &str) -> String;
    /// URL for a graph asset named by `../assets/<name>` (None = missing).
    fn asset_url(&self, name: &str) -> Option<String>;
    /// A rewritten URL for a link target (old-site `#/page/` links → new URL), or None to keep it.
    /// Called for every link that is not an asset, including unsafe ones (`file:`, `javascript:`)
    /// that are then shown as plain text, so the host can report them.
    fn rewrite_link(&self, url: &str) -> Option<String>;
}

/// A block's content (markdown with Logseq constructs) → HTML.
pub fn block_html(md: &Markdown, content: &str, host: &dyn InlineHost) -> String {
    let content = scrub(content);
    let slots = Slots::new();
    let source = tokenize(&content, &slots, host);
    let ctx = Ctx {
        md,
        slots: &slots,
        host,
        targets: HostTargets { host },
    };
    ctx.render_block(&source, 0)
}

/// One line (a heading or block title) → inline HTML without a wrapping `<p>`.
pub fn title_html(md: &Markdown, line: &str, host: &dyn InlineHost) -> String {
    let line = scrub(line);
    let slots = Slots::new();
    let source = tokenize(&line, &slots, host);
    let html = md.render(&source, Mode::Inline, &slots, &HostTargets { host });
    slots.substitute(&html)
}

/// What one rendering call shares with the `#+BEGIN` handling.
struct Ctx<'c, 'h> {
    md: &'c Markdown,
    slots: &'c Slots<'h>,
    host: &'h dyn InlineHost,
    targets: HostTargets<'h>,
}

impl Ctx<'_, '_> {
    /// Tokenized block markdown at `#+BEGIN` nesting `depth` → final HTML.
    fn render_block(&self, source: &str, depth: u8) -> String {
        let expanded = begin::expand(source, depth, self);
        let html = self
            .md
            .render(&expanded, Mode::Block, self.slots, &self.targets);
        self.slots.substitute(&html)
    }
}

/// Replace every Logseq construct of `text` by a slot token; markdown and code pass unchanged
/// (except link destinations written with spaces, see [`bracket_spaced_urls`]).
fn tokenize<'h>(text: &'h str, slots: &Slots<'h>, host: &'h dyn InlineHost) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for piece in scan(text) {
        let token = match piece {
            Inline::Text(t) => {
                out.push_str(&bracket_spaced_urls(t));
                continue;
            }
            Inline::Code(c) => {
                out.push_str(c);
                continue;
            }
            Inline::PageRef { name, raw } => {
                slots.later(move || host.page_ref(name, None), raw, false)
            }
            Inline::LabelledRef { label, name, raw } => {
                slots.later(move || host.page_ref(name, Some(label)), raw, false)
            }
            Inline::Tag { name, raw } => slots.later(move || host.tag(name), raw, false),
            Inline::BlockRef { uuid, raw } => slots.later(move || host.block_ref(uuid), raw, false),
            Inline::Embed { target, raw } => slots.later(move || host.embed(target), raw, true),
            Inline::Query { text, raw } => slots.later(move || host.query(text, false), raw, true),
            Inline::AdvancedQuery { body, raw } => {
                slots.later(move || host.query(body, true), raw, true)
            }
            Inline::Macro { name, args, raw } => {
                slots.later(move || host.macro_call(name, args), raw, true)
            }
            Inline::Math { tex, display, raw } => {
                slots.ready(crate::math::html(tex, display), raw, false)
            }
            Inline::Priority { level, raw } => slots.later(
                move || super::task::priority_html(level, &host.page_ref(level, Some(level))),
                raw,
                false,
            ),
            Inline::Planning { kind, stamp, raw } => {
                slots.ready(super::task::planning_html(kind, stamp), raw, true)
            }
        };
        out.push_str(&token);
    }
    out
}

/// `[x](https://www.Space X.com/)` → `[x](<https://www.Space X.com/>)`: mldoc still makes a link of
/// a URL with spaces (LOGSEQ.md §11.23), CommonMark only in angle brackets; the engine then
/// percent-encodes the space. Only `http(s)://` destinations without quotes, brackets or parentheses
/// are touched, so link titles (`(url "title")`) keep working.
fn bracket_spaced_urls(text: &str) -> Cow<'_, str> {
    if !text.contains("](") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = 0;
    for (at, _) in text.match_indices("](") {
        let start = at + 2;
        let rest = &text[start..];
        let Some(end) = rest.find([')', '\n']) else {
            continue;
        };
        let dest = &rest[..end];
        let lower = dest.get(..8).unwrap_or(dest).to_ascii_lowercase();
        let http = lower.starts_with("http://") || lower.starts_with("https://");
        if rest[end..].starts_with(')')
            && http
            && dest.contains(' ')
            && !dest.contains(['<', '>', '"', '\'', '('])
        {
            out.push_str(&text[last..start]);
            out.push('<');
            out.push_str(dest);
            out.push('>');
            last = start + end;
        }
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// Link and image destinations seen through the host.
struct HostTargets<'h> {
    host: &'h dyn InlineHost,
}

impl HostTargets<'_> {
    fn asset(&self, name: String) -> Dest {
        match self.host.asset_url(&name) {
            Some(url) => Dest::Url(url),
            None => Dest::Missing(name),
        }
    }
}

impl LinkTargets for HostTargets<'_> {
    fn link(&self, url: &str) -> Dest {
        match asset_name(url) {
            Some(name) => self.asset(name),
            None => Dest::Url(
                self.host
                    .rewrite_link(url)
                    .unwrap_or_else(|| url.to_string()),
            ),
        }
    }

    fn image(&self, url: &str) -> Dest {
        match asset_name(url) {
            Some(name) => self.asset(name),
            None => Dest::Url(url.to_string()),
        }
    }
}

/// The asset named by a destination of the form `(../)*assets/<name>` (Logseq's publisher matches
/// `[./]*/assets/…`, so the depth does not matter, LOGSEQ.md §5.8), percent-decoded.
fn asset_name(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.trim_start_matches(['.', '/']);
    let prefix = &url[..url.len() - rest.len()];
    if !prefix.ends_with('/') {
        return None;
    }
    let name = rest.strip_prefix("assets/").filter(|n| !n.is_empty())?;
    Some(
        percent_decode_str(name)
            .decode_utf8()
            .map(Cow::into_owned)
            .unwrap_or_else(|_| name.to_string()),
    )
}

#[cfg(test)]
mod tests;
