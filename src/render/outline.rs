//! Outline: a page's block tree → HTML, with embeds expanded (LOGSEQ.md §5.2, §5.4–§5.7).
//!
//! One [`PageContext`] renders one page on one thread. It is the [`InlineHost`] of the
//! markdown layer: links, tags, block refs, embeds and macros met in block text call back
//! here. Embeds go through the shared [`Expansion`] rules, so recursion is bounded by the
//! embed depth limit and the outline depth cap of the parser. Problems met while rendering
//! are collected as diagnostics.

use super::context::Site;
use super::inline::{block_html, title_html, InlineHost};
use super::links::{self, escape};
use super::properties;
use super::task::{marker_class, marker_html};
use crate::diagnostics::{Diagnostic, Kind};
use crate::graph::{BlockAddr, PageId};
use crate::model::{Block, BlockIx, PageRefKind, Ref};
use crate::parse::inline::EmbedTarget;
use crate::resolve::embed::{Expansion, Outcome, Trace, MAX_DEPTH};
use std::cell::RefCell;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Headings longer than this get `data-long="true"` (LOGSEQ.md §5.11).
const LONG_HEADING: usize = 200;

/// A heading of the page, for the table of contents.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub title_html: String,
    pub anchor: String,
}

/// Embedded pages' outlines, each kept from the first expansion that depended on the
/// embedded page alone (no cycle, depth limit or budget met inside it, no diagnostic) with the
/// [`Trace`] that tells where it may be reused: a page embedded by several pages, or nested
/// in embeds of embeds, is rendered once per build instead of once per place (innbok's 878
/// embed macros name 660 targets; a build expanded an embed 1,807 times).
#[derive(Debug, Default)]
pub struct Embeds(Vec<OnceLock<(String, Trace)>>);

impl Embeds {
    pub fn new(graph: &crate::graph::Graph) -> Embeds {
        Embeds(graph.pages.iter().map(|_| OnceLock::new()).collect())
    }
}

/// Rendering state of one page.
pub struct PageContext<'s> {
    pub site: &'s Site<'s>,
    pub page: PageId,
    expansion: RefCell<Expansion<'s>>,
    /// The page whose blocks are being rendered (changes inside embeds).
    current: RefCell<Vec<PageId>>,
    pub diagnostics: RefCell<Vec<Diagnostic>>,
    pub headings: RefCell<Vec<Heading>>,
    /// When false, embeds render as a link only (backlink excerpts on the embedded page,
    /// query results).
    expand_embeds: bool,
    /// The blocks belong to another page than the one rendered (linked references, query
    /// results): no anchors, no live queries.
    excerpt: bool,
    /// The blocks being rendered, innermost last (queries read their block's properties).
    block_stack: RefCell<Vec<BlockAddr>>,
}

impl<'s> PageContext<'s> {
    pub fn new(site: &'s Site<'s>, page: PageId) -> Self {
        Self::with(site, page, true, false)
    }

    /// A context for rendering excerpts of `page` inside another page (no nested embeds).
    pub fn excerpt(site: &'s Site<'s>, page: PageId) -> Self {
        Self::with(site, page, false, true)
    }

    /// A context for rendering excerpts of `page` inside another page, their embeds
    /// expanded (a linked reference shown on a page other than the one it embeds).
    pub fn excerpt_with_embeds(site: &'s Site<'s>, page: PageId) -> Self {
        Self::with(site, page, true, true)
    }

    fn with(site: &'s Site<'s>, page: PageId, expand_embeds: bool, excerpt: bool) -> Self {
        PageContext {
            site,
            page,
            expansion: RefCell::new(Expansion::new(site.graph, page)),
            current: RefCell::new(vec![page]),
            diagnostics: RefCell::new(Vec::new()),
            headings: RefCell::new(Vec::new()),
            expand_embeds,
            excerpt,
            block_stack: RefCell::new(Vec::new()),
        }
    }

    /// The page's whole outline.
    pub fn page_outline(&self) -> String {
        let Some(src) = self.site.graph.source(self.page) else {
            return String::new();
        };
        self.blocks(self.page, &src.roots)
    }

    /// `<ul class="blocks">` of the given sibling blocks of `page`.
    pub fn blocks(&self, page: PageId, ixs: &[BlockIx]) -> String {
        let mut out = String::new();
        self.write_blocks(&mut out, page, ixs);
        out
    }

    /// [`PageContext::blocks`] written at the end of `out`. The whole outline is written into
    /// one buffer: a block's HTML is not copied into its parent's, level after level.
    fn write_blocks(&self, out: &mut String, page: PageId, ixs: &[BlockIx]) {
        const OPEN: &str = "<ul class=\"blocks\">";
        let start = out.len();
        out.push_str(OPEN);
        let items = out.len();
        for &b in ixs {
            self.write_block(out, BlockAddr { page, block: b });
        }
        if out.len() == items {
            out.truncate(start);
        } else {
            out.push_str("</ul>");
        }
    }

    /// One block with its children; empty leaf blocks render as nothing.
    pub fn block(&self, addr: BlockAddr) -> String {
        let mut out = String::new();
        self.write_block(&mut out, addr);
        out
    }

    /// [`PageContext::block`] written at the end of `out`. A block also shown as an excerpt
    /// elsewhere is rendered once for all the places that show it: its own page, embeds of
    /// it, and the excerpts of its parents.
    fn write_block(&self, out: &mut String, addr: BlockAddr) {
        if let Some(html) = super::page::shared_block(self.site, self, addr) {
            out.push_str(html);
            return;
        }
        self.write_fresh_block(out, addr);
    }

    /// [`PageContext::block`], rendered here and now.
    pub(crate) fn fresh_block(&self, addr: BlockAddr) -> String {
        let mut out = String::new();
        self.write_fresh_block(&mut out, addr);
        out
    }

    fn write_fresh_block(&self, out: &mut String, addr: BlockAddr) {
        let Some(block) = self.site.graph.block(addr) else {
            return;
        };
        if block.pre_block {
            self.block_stack.borrow_mut().push(addr);
            out.push_str(&self.pre_block(addr.page, block));
            self.block_stack.borrow_mut().pop();
            return;
        }
        let blank = block.content.trim().is_empty() && block.marker.is_none();
        let props = properties::block_properties(self, block);
        if blank && block.children.is_empty() && props.is_empty() {
            return;
        }
        // The block before its children, so headings are noted in document order.
        self.current.borrow_mut().push(addr.page);
        self.block_stack.borrow_mut().push(addr);
        let content = self.block_content(addr, block, &props);
        self.block_stack.borrow_mut().pop();
        self.current.borrow_mut().pop();
        out.push_str("<li class=\"ls-block");
        if blank {
            out.push_str(" is-blank");
        }
        out.push('"');
        if let Some(id) = self.anchor(addr, block) {
            out.push_str(" id=\"");
            out.push_str(&escape(&id));
            out.push('"');
        }
        if self.site.config.logseq_attributes {
            out.push_str(" data-refs-self='");
            write_refs_self(out, block);
            let _ = write!(out, "' data-level=\"{}\"", depth(self, addr) + 1);
        }
        out.push('>');
        if block.collapsed && !block.children.is_empty() {
            let children = self.blocks(addr.page, &block.children);
            if !children.is_empty() {
                let _ = write!(out, "<details class=\"collapsed\"><summary>{content}</summary><div class=\"block-children\">{children}</div></details></li>");
                return;
            }
            out.push_str(&content);
            out.push_str("</li>");
            return;
        }
        out.push_str(&content);
        // Children are written in place; their wrapper is dropped when none renders.
        let kids = out.len();
        out.push_str("<div class=\"block-children\">");
        let inner = out.len();
        self.write_blocks(out, addr.page, &block.children);
        if out.len() == inner {
            out.truncate(kids);
        } else {
            out.push_str("</div>");
        }
        out.push_str("</li>");
    }

    /// The page-properties block: text before the first bullet (raw HTML, queries) is shown
    /// as an ordinary block body. On its own page the properties are shown by the page
    /// header; shown elsewhere (a linked reference made by a page property, `relations::
    /// [[x]]`) they are shown with it, as Logseq shows the properties block, or the
    /// reference would show nothing.
    fn pre_block(&self, page: PageId, block: &Block) -> String {
        let props = if self.excerpt {
            properties::page_properties(self, &block.properties)
        } else {
            String::new()
        };
        if block.content.trim().is_empty() && props.is_empty() {
            return String::new();
        }
        self.current.borrow_mut().push(page);
        let body = if block.content.trim().is_empty() {
            String::new()
        } else {
            let html = block_html(&self.site.markdown, &block.content, self);
            format!("<div class=\"block-body\">{html}</div>")
        };
        self.current.borrow_mut().pop();
        format!("<li class=\"ls-block pre-block\"><div class=\"block-content\">{body}{props}</div></li>")
    }

    /// Title (heading or first line), properties, body.
    fn block_content(&self, addr: BlockAddr, block: &Block, props: &str) -> String {
        let (first, rest) = split_title(&block.content);
        let marker = block.marker.map(marker_html).unwrap_or_default();
        let state = block.marker.map(marker_class).unwrap_or("");
        let bg = background_class(block);
        let mut out = String::with_capacity(block.content.len() * 2 + 64);
        out.push_str("<div class=\"block-content");
        out.push_str(&bg);
        out.push_str("\">");
        match (block.heading, first) {
            (Some(level), Some(line)) => {
                let title = title_html(&self.site.markdown, line, self);
                let n = (level + 1).min(6);
                let long = if line.chars().count() > LONG_HEADING {
                    " data-long=\"true\""
                } else {
                    ""
                };
                let _ = write!(
                    out,
                    "<h{n} class=\"block-heading h{level} {state}\"{long}>{marker}{title}</h{n}>"
                );
                self.note_heading(addr, block, level, title);
                out.push_str(props);
                push_body(&mut out, block_html(&self.site.markdown, rest, self));
            }
            (None, Some(line)) => {
                let title = title_html(&self.site.markdown, line, self);
                out.push_str("<div class=\"block-title ");
                out.push_str(state);
                out.push_str("\">");
                out.push_str(&marker);
                out.push_str(&title);
                out.push_str("</div>");
                out.push_str(props);
                push_body(&mut out, block_html(&self.site.markdown, rest, self));
            }
            (_, None) => {
                if !marker.is_empty() {
                    out.push_str(&format!(
                        "<div class=\"block-title {state}\">{marker}</div>"
                    ));
                }
                out.push_str(props);
                push_body(
                    &mut out,
                    block_html(&self.site.markdown, &block.content, self),
                );
            }
        }
        out.push_str("</div>");
        out
    }

    fn anchor(&self, addr: BlockAddr, block: &Block) -> Option<String> {
        if self.embedded() || self.is_excerpt() {
            return None;
        }
        match (&block.uuid, block.heading) {
            (Some(u), _) => Some(format!("b-{u}")),
            (None, Some(_)) => Some(format!("h-{}", addr.block)),
            _ => None,
        }
    }

    fn note_heading(&self, addr: BlockAddr, block: &Block, level: u8, title_html: String) {
        if let Some(anchor) = self.anchor(addr, block) {
            self.headings.borrow_mut().push(Heading {
                level,
                title_html,
                anchor,
            });
        }
    }

    /// True while rendering an embedded page or block.
    fn embedded(&self) -> bool {
        self.current.borrow().len() > 2 || self.expansion.borrow().depth() > 0
    }

    fn warn(&self, kind: Kind, message: String) {
        let file = self.site.graph.pages[self.page]
            .files
            .first()
            .cloned()
            .unwrap_or_default();
        self.diagnostics
            .borrow_mut()
            .push(Diagnostic::warning(kind, &file, None, message));
    }

    fn embed_page(&self, name: &str) -> String {
        let graph = self.site.graph;
        let header_link =
            links::page_ref(graph, &self.site.urls, name, None, self.site.plain_markup());
        if !self.expand_embeds {
            // Not expanded here (a linked reference shown on the embedded page itself, a query
            // result): one line naming the page, not a box with nothing in it.
            return format!("<div class=\"embed embed-page embed-folded\"><span class=\"embed-folded-label\">Embeds</span> {header_link}</div>");
        }
        let outcome = self.expansion.borrow_mut().enter_page(name);
        let body = match outcome {
            Outcome::Page(id) => {
                let html = self.embedded_page(id);
                self.expansion.borrow_mut().leave();
                html
            }
            other => self.stopped(other),
        };
        let data_ref = if self.site.config.logseq_attributes {
            format!(" data-ref=\"{}\"", escape(&crate::name::page_key(name)))
        } else {
            String::new()
        };
        format!("<div class=\"embed embed-page\"{data_ref}><div class=\"embed-header\">{header_link}</div>{body}</div>")
    }

    /// The outline of page `id`, entered as an embed: reused when an earlier expansion of it
    /// fits here (see [`Embeds`]), else rendered (and kept when it may be reused).
    fn embedded_page(&self, id: PageId) -> String {
        // Outlines expanded inside an excerpt render as excerpts (no live queries) and are
        // rendered as few times as excerpts are: they neither take from the pages' shared
        // expansions nor add to them, so neither depends on which thread came first.
        let cell = (!self.excerpt)
            .then(|| self.site.embeds.0.get(id))
            .flatten();
        if let Some((html, trace)) = cell.and_then(OnceLock::get) {
            let mut expansion = self.expansion.borrow_mut();
            if expansion.fits(trace) {
                expansion.replay(trace);
                return html.clone();
            }
        }
        let mark = self.expansion.borrow().mark();
        let reported = self.diagnostics.borrow().len();
        let roots = self
            .site
            .graph
            .source(id)
            .map(|s| s.roots.as_slice())
            .unwrap_or_default();
        let html = self.blocks(id, roots);
        let trace = self.expansion.borrow().trace(mark);
        if let (Some(cell), Some(trace)) = (cell, trace) {
            if self.diagnostics.borrow().len() == reported && cell.get().is_none() {
                let _ = cell.set((html.clone(), trace));
            }
        }
        html
    }

    fn embed_block(&self, uuid: &str) -> String {
        if !self.expand_embeds {
            return self.block_ref(uuid);
        }
        let outcome = self.expansion.borrow_mut().enter_block(uuid);
        let body = match outcome {
            Outcome::Block(addr) => {
                let html = format!("<ul class=\"blocks\">{}</ul>", self.block(addr));
                self.expansion.borrow_mut().leave();
                html
            }
            other => self.stopped(other),
        };
        format!("<div class=\"embed embed-block\">{body}</div>")
    }

    /// The marker shown where an embed is not expanded.
    fn stopped(&self, outcome: Outcome) -> String {
        match outcome {
            Outcome::Empty(_) => {
                "<p class=\"embed-empty\">This page has no content yet.</p>".to_string()
            }
            Outcome::Withheld => {
                "<p class=\"embed-private\">This content is not published.</p>".to_string()
            }
            Outcome::MissingBlock => {
                "<p class=\"warning\">Embedded block not found.</p>".to_string()
            }
            Outcome::Cycle(chain) => format!(
                "<p class=\"warning embed-cycle\">Embed cycle: {} (not expanded again)</p>",
                escape(&chain.join(" → "))
            ),
            Outcome::TooDeep => format!(
                "<p class=\"warning\">Embed depth is too deep (more than {MAX_DEPTH} levels)</p>"
            ),
            Outcome::OverBudget => {
                "<p class=\"warning\">Embed not expanded: this page embeds too much content.</p>"
                    .to_string()
            }
            Outcome::Page(_) | Outcome::Block(_) => String::new(),
        }
    }
}

impl InlineHost for PageContext<'_> {
    fn page_ref(&self, name: &str, label: Option<&str>) -> String {
        links::page_ref(
            self.site.graph,
            &self.site.urls,
            name,
            label,
            self.site.markup(),
        )
    }

    fn tag(&self, name: &str) -> String {
        links::tag(self.site.graph, &self.site.urls, name, self.site.markup())
    }

    fn block_ref(&self, uuid: &str) -> String {
        let graph = self.site.graph;
        let Some(&addr) = graph.by_uuid.get(&uuid.to_lowercase()) else {
            if graph.withheld.uuids.contains(&uuid.to_lowercase()) {
                return "<span class=\"block-ref-private\">unpublished block</span>".to_string();
            }
            let title = format!("Block ref invalid: (({uuid})) names no block");
            return format!(
                "<span class=\"warning block-ref-missing\" title=\"{}\">missing block</span>",
                escape(&title)
            );
        };
        let text = graph
            .block(addr)
            .map(|b| split_title(&b.content).0.unwrap_or(""))
            .unwrap_or("");
        let title = self.site.markdown.inline(text);
        let href = format!(
            "{}#b-{}",
            self.site.urls.page(graph, addr.page),
            uuid.to_lowercase()
        );
        format!(
            "<a class=\"block-ref\" href=\"{}\">{}</a>",
            escape(&href),
            strip_links(&title)
        )
    }

    fn embed(&self, target: EmbedTarget<'_>) -> String {
        match target {
            EmbedTarget::Page(name) if !name.trim().is_empty() => self.embed_page(name),
            EmbedTarget::Block(uuid) => self.embed_block(uuid),
            _ => String::new(),
        }
    }

    fn query(&self, text: &str, advanced: bool) -> String {
        crate::query::view::render(self, text, advanced)
    }

    fn macro_call(&self, name: &str, args: &str) -> String {
        super::macros::macro_html(self, name, args)
    }

    fn asset_url(&self, name: &str) -> Option<String> {
        self.site
            .graph
            .assets
            .contains_key(name)
            .then(|| self.site.urls.asset(name))
    }

    fn rewrite_link(&self, url: &str) -> Option<String> {
        if url.trim_start().to_ascii_lowercase().starts_with("file:") && !self.is_excerpt() {
            let msg = format!("local file link {url} cannot be published; shown as text");
            self.report(
                crate::diagnostics::Severity::Warning,
                Kind::UnpublishableLink,
                msg,
            );
        }
        super::macros::rewrite_old_link(self, url)
    }
}

impl PageContext<'_> {
    /// True for excerpt contexts (backlinks, query results): no live queries, no anchors
    /// (the blocks belong to another page), embeds expanded only when made by
    /// [`PageContext::excerpt_with_embeds`].
    pub fn is_excerpt(&self) -> bool {
        self.excerpt
    }

    /// The block being rendered (the innermost one).
    pub fn current_block(&self) -> Option<BlockAddr> {
        self.block_stack.borrow().last().copied()
    }

    /// Record a diagnostic at the current block's line.
    pub fn report(&self, severity: crate::diagnostics::Severity, kind: Kind, message: String) {
        let graph = self.site.graph;
        let at = self.current_block();
        let file = graph.pages[at.map_or(self.page, |a| a.page)]
            .files
            .first()
            .cloned()
            .unwrap_or_default();
        let line = at.and_then(|a| graph.block(a)).map(|b| b.line);
        let d = crate::diagnostics::Diagnostic::new(kind, severity, &file, line, message);
        self.diagnostics.borrow_mut().push(d);
    }

    /// Record a diagnostic for an unknown macro.
    pub fn unknown_macro(&self, name: &str) {
        self.warn(
            Kind::UnknownMacro,
            format!("macro {{{{{name}}}}} is not supported; shown as text"),
        );
    }
}

/// The first line as title when it is ordinary text, and the rest as body.
fn split_title(content: &str) -> (Option<&str>, &str) {
    let (first, rest) = content.split_once('\n').unwrap_or((content, ""));
    let t = first.trim_start();
    let blocky = t.is_empty()
        || t.starts_with('|')
        || t.starts_with("```")
        || t.starts_with("~~~")
        || t.starts_with('>')
        || t.starts_with('<')
        || t.starts_with("#+")
        || t.starts_with("{{")
        || t.starts_with("$$")
        || t.starts_with("* ")
        || t.starts_with("- ")
        || t.starts_with("[^")
        || starts_ordered_item(t);
    if blocky {
        (None, content)
    } else {
        (Some(first), rest)
    }
}

/// True when `line` starts an ordered list item (`12. …`): digits, then `. `. Read from the
/// front (a search for `. ` went through every block's first line).
fn starts_ordered_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(". ")
}

fn push_body(out: &mut String, body: String) {
    if !body.trim().is_empty() {
        out.push_str("<div class=\"block-body\">");
        out.push_str(&body);
        out.push_str("</div>");
    }
}

/// `background-color:: red` → ` bg-red` (named colours only; others ignored).
fn background_class(block: &Block) -> String {
    const NAMED: [&str; 8] = [
        "yellow", "red", "pink", "green", "blue", "purple", "gray", "grey",
    ];
    match block
        .properties
        .get("background-color")
        .map(|p| p.raw.trim().to_lowercase())
    {
        Some(c) if NAMED.contains(&c.as_str()) => format!(" bg-{c}"),
        _ => String::new(),
    }
}

/// Logseq's `data-refs-self`: `["a", "b"]` of the block's lower-case page refs, markers and
/// namespace prefixes (`text-util/build-data-value`), written at the end of `out` for a
/// single-quoted attribute value (its `"` need no escape there; Logseq writes it the same way).
fn write_refs_self(out: &mut String, block: &Block) {
    // The keys of the block's page refs one after another in one buffer, and the names (each
    // key's namespace prefixes, then the key) as ranges of it: no string per name (this runs
    // for every block shown, 150,000 times on 10,000 pages).
    let mut keys = String::new();
    let mut names: Vec<std::ops::Range<usize>> = Vec::new();
    for r in &block.refs {
        let Ref::Page { name, kind, .. } = r else {
            continue;
        };
        if *kind == PageRefKind::Embed {
            continue;
        }
        let start = keys.len();
        crate::name::push_page_key(&mut keys, name);
        let key = &keys[start..];
        let prefixes = crate::name::namespace_ancestors(key).into_iter();
        names.extend(prefixes.map(|p| start..start + p.len()));
        names.push(start..keys.len());
    }
    // Each name once, in the order first met, the empty key left out. Few names per block:
    // a linear check; a set once there are many (a block may hold thousands of refs).
    let mut shown: Vec<&str> = Vec::new();
    let mut seen: std::collections::HashSet<&str, foldhash::fast::RandomState> = Default::default();
    for n in names.into_iter().map(|r| &keys[r]) {
        let new = if shown.len() < 16 {
            !shown.contains(&n)
        } else {
            if seen.is_empty() {
                seen.extend(shown.iter().copied());
            }
            seen.insert(n)
        };
        if !n.is_empty() && new {
            shown.push(n);
        }
    }
    out.push('[');
    for (i, n) in shown.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('"');
        push_single_quoted(out, n);
        out.push('"');
    }
    out.push(']');
}

/// The characters [`push_single_quoted`] escapes (all ASCII, so the text between them is whole
/// characters).
const SINGLE_QUOTED_SPECIAL: crate::byteset::ByteSet = crate::byteset::of(b"&<'");

/// `text` escaped for a single-quoted attribute value, at the end of `out`.
fn push_single_quoted(out: &mut String, mut text: &str) {
    while let Some(at) = text
        .bytes()
        .position(|b| SINGLE_QUOTED_SPECIAL[usize::from(b)])
    {
        out.push_str(&text[..at]);
        out.push_str(match text.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&#39;",
        });
        text = &text[at + 1..];
    }
    out.push_str(text);
}

/// Nesting depth of a block in its page.
fn depth(ctx: &PageContext, addr: BlockAddr) -> usize {
    let Some(src) = ctx.site.graph.source(addr.page) else {
        return 0;
    };
    let mut d = 0;
    let mut b = addr.block;
    while let Some(p) = src.blocks.get(b).and_then(|x| x.parent) {
        d += 1;
        b = p;
        if d > src.blocks.len() {
            break;
        }
    }
    d
}

/// Remove `<a …>`/`</a>` tags from inline HTML so it can sit inside another link.
pub fn strip_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = [rest.find("<a "), rest.find("</a>")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_line_is_a_title_unless_it_starts_markdown_of_its_own() {
        assert_eq!(split_title("Keys\nbody"), (Some("Keys"), "body"));
        assert_eq!(
            split_title("Step 2. then 3. more"),
            (Some("Step 2. then 3. more"), "")
        );
        for blocky in [
            "12. twelfth",
            "1. first\nsecond",
            "- item",
            "```rust",
            "{{query x}}",
        ] {
            assert_eq!(split_title(blocky), (None, blocky), "{blocky}");
        }
        for not_a_list in ["12.5. x", "12 . x", ". x", "1.x", "a1. x"] {
            assert!(!starts_ordered_item(not_a_list), "{not_a_list}");
        }
    }

    fn refs_self(refs: &[(&str, PageRefKind)]) -> String {
        let block = Block {
            line: 1,
            parent: None,
            children: vec![],
            heading: None,
            marker: None,
            content: String::new(),
            properties: Default::default(),
            uuid: None,
            collapsed: false,
            pre_block: false,
            refs: refs
                .iter()
                .map(|&(name, kind)| Ref::Page {
                    name: name.to_string(),
                    kind,
                    line: 1,
                })
                .collect(),
        };
        let mut out = String::new();
        write_refs_self(&mut out, &block);
        out
    }

    #[test]
    fn refs_self_lists_keys_and_prefixes_once_in_order() {
        use PageRefKind::*;
        assert_eq!(refs_self(&[]), "[]");
        assert_eq!(
            refs_self(&[
                ("Topic/Business Model", Link),
                ("Other", Embed),
                ("topic", Tag),
                (" ", Link),
                ("TODO", Marker),
                ("Q&A <it's>", Property),
                ("Diseño/Ñ", Labelled),
            ]),
            r#"["topic", "topic/business model", "todo", "q&amp;a &lt;it&#39;s>", "diseño", "diseño/ñ"]"#
        );
        // Past 16 names, still each once.
        let many: Vec<String> = (0..40).map(|i| format!("p{}", i % 20)).collect();
        let refs: Vec<(&str, PageRefKind)> = many.iter().map(|n| (n.as_str(), Link)).collect();
        let expected: Vec<String> = (0..20).map(|i| format!("\"p{i}\"")).collect();
        assert_eq!(refs_self(&refs), format!("[{}]", expected.join(", ")));
    }
}
