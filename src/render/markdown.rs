//! The markdown engine, configured once per build and shared by every rendering thread. It takes
//! markdown text (block content, or one title line) and gives an HTML fragment: comrak with GFM
//! tables, strikethrough, bare-URL autolinks, footnotes and `==highlight==`; hard line breaks (mldoc
//! keeps line breaks, LOGSEQ.md §3.4); no smart punctuation; no math (`($$$$$)` stays text, §11.24);
//! no indented code blocks (mldoc has none, §3.4: they are turned back into text, see `tree`);
//! fenced code highlighted at build time with CSS classes. Raw HTML (§5.9) is sanitized with an
//! allow-list ([`RawHtml::Sanitize`]) or shown as text ([`RawHtml::Escape`]).
//!
//! It never sees Logseq syntax: `super::inline` replaces refs, tags, embeds and macros by
//! placeholder tokens first (see [`slots`]). It must never return unsanitized user HTML, nor panic
//! on any input.
//!
//! Deviation from a plain comrak setup, on purpose: GFM's tagfilter is off (it would escape the
//! YouTube `<iframe>`s the graph uses; the sanitizer decides instead), and fences are highlighted by
//! [`highlight`] into placeholder slots rather than by comrak's syntect plugin, so highlighting
//! classes never have to pass the sanitizer and unknown languages stay plain escaped code.

mod highlight;
mod plain;
mod sanitize;
pub(crate) mod slots;
mod tree;

pub use highlight::theme_css;
pub(crate) use highlight::{code_block, escape};

use comrak::nodes::NodeValue;
use comrak::{create_formatter, parse_document, Arena, Options};
use sanitize::Sanitizer;
use slots::{Slots, INLINE_MARK};
use std::fmt::Write;

/// What to do with raw HTML in notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Render it, then clean it with an allow-list (Logseq renders it through DOMPurify).
    #[default]
    Sanitize,
    /// Show it as text.
    Escape,
}

/// Where a link or image destination leads.
pub(crate) enum Dest {
    /// This URL (checked for safety afterwards).
    Url(String),
    /// A graph asset that does not exist; the string is its name.
    Missing(String),
}

/// Resolves link and image destinations while a text is rendered.
pub(crate) trait LinkTargets {
    fn link(&self, url: &str) -> Dest;
    fn image(&self, url: &str) -> Dest;
}

/// Destinations kept as written (plain markdown, no graph).
struct AsWritten;

impl LinkTargets for AsWritten {
    fn link(&self, url: &str) -> Dest {
        Dest::Url(url.to_string())
    }
    fn image(&self, url: &str) -> Dest {
        Dest::Url(url.to_string())
    }
}

/// Whether a text is block content or one line of inline text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Block,
    Inline,
}

/// The engine: comrak options and the sanitizer, built once.
pub struct Markdown {
    options: Options<'static>,
    sanitizer: Option<Sanitizer>,
}

impl Markdown {
    pub fn new(policy: RawHtml) -> Self {
        let mut options = Options::default();
        options.extension.strikethrough = true;
        options.extension.table = true;
        options.extension.autolink = true;
        options.extension.footnotes = true;
        options.extension.highlight = true;
        options.parse.smart = false;
        options.render.hardbreaks = true;
        options.render.r#unsafe = policy == RawHtml::Sanitize;
        options.render.escape = policy == RawHtml::Escape;
        let sanitizer = (policy == RawHtml::Sanitize).then(Sanitizer::new);
        Markdown { options, sanitizer }
    }

    /// Block markdown → HTML.
    pub fn block(&self, md: &str) -> String {
        let slots = Slots::new();
        slots.substitute(&self.render(&slots::scrub(md), Mode::Block, &slots, &AsWritten))
    }

    /// One line of markdown (a heading or title) → inline HTML, without a wrapping `<p>`. Block
    /// syntax at the start of the line (`#`, `>`, `1.`, `-`, `<ul>`) is not interpreted as a block.
    pub fn inline(&self, md: &str) -> String {
        let slots = Slots::new();
        slots.substitute(&self.render(&slots::scrub(md), Mode::Inline, &slots, &AsWritten))
    }

    /// Render `md` (already scrubbed of reserved characters) to sanitized HTML in which `slots`'
    /// tokens are still present; the caller substitutes them.
    pub(crate) fn render(
        &self,
        md: &str,
        mode: Mode,
        slots: &Slots<'_>,
        links: &dyn LinkTargets,
    ) -> String {
        match plain::render(md, mode, slots) {
            Some(html) => html,
            None => self.render_tree(md, mode, slots, links),
        }
    }

    /// [`Markdown::render`] through comrak's document tree, for any text.
    fn render_tree(
        &self,
        md: &str,
        mode: Mode,
        slots: &Slots<'_>,
        links: &dyn LinkTargets,
    ) -> String {
        let arena = Arena::new();
        let root = match mode {
            Mode::Block => parse_document(&arena, md, &self.options),
            Mode::Inline => parse_document(
                &arena,
                &format!("{INLINE_MARK}{}", md.trim()),
                &self.options,
            ),
        };
        tree::unindent_code(&arena, root, &self.options);
        tree::rewrite(&arena, root, slots, links);
        if mode == Mode::Block {
            tree::split_paragraphs(&arena, root, slots);
        }
        let sanitizer = self.sanitizer.as_ref().filter(|_| tree::has_raw_html(root));
        let mut html = self.format(root, md, mode);
        let Some(sanitizer) = sanitizer else {
            // No raw HTML: comrak's output is safe by construction (links and images were
            // checked by `tree`), so the (costly) sanitizer is skipped.
            return html;
        };
        if sanitize::nesting_depth(&html) > sanitize::MAX_DEPTH {
            // html5ever is quadratic in nesting depth (RELIABILITY.md case 3): show raw HTML
            // as text instead of parsing a pathological tree.
            tree::raw_html_to_text(&arena, root);
            html = self.format(root, md, mode);
            return html;
        }
        sanitizer.clean(&html)
    }

    fn format<'a>(&self, root: &'a comrak::nodes::AstNode<'a>, md: &str, mode: Mode) -> String {
        let mut html = String::with_capacity(md.len() * 2);
        if SiteHtml::format_document(root, &self.options, &mut html).is_err() {
            html = escape(md);
        }
        match mode {
            Mode::Inline => unwrap_paragraph(&html).to_string(),
            Mode::Block => html,
        }
    }
}

impl Default for Markdown {
    fn default() -> Self {
        Markdown::new(RawHtml::default())
    }
}

/// The content of a document made of one paragraph (what an inline line gives).
fn unwrap_paragraph(html: &str) -> &str {
    let inner = html
        .strip_prefix("<p>")
        .and_then(|h| h.trim_end().strip_suffix("</p>"));
    match inner {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => html,
    }
}

create_formatter!(SiteHtml, {
    // Links: percent-encoded `href`; external ones get `class="external" rel="noopener"` (LOGSEQ.md §4).
    NodeValue::Link(ref nl) => |context, entering| {
        if entering {
            context.write_str("<a href=\"")?;
            comrak::html::escape_href(context, &nl.url, false)?;
            context.write_str("\"")?;
            if !nl.title.is_empty() {
                context.write_str(" title=\"")?;
                comrak::html::escape(context, &nl.title)?;
                context.write_str("\"")?;
            }
            if is_external(&nl.url) {
                context.write_str(" class=\"external\" rel=\"noopener\"")?;
            }
            context.write_str(">")?;
        } else {
            context.write_str("</a>")?;
        }
    },
});

fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Load the code highlighter's syntaxes now rather than at the first code block (see
/// [`crate::WarmUp`]).
pub fn warm_up() {
    highlight::warm_up();
}

#[cfg(test)]
mod tests;
