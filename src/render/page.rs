//! Page: one page of the graph → the [`PageView`] its template sees (LOGSEQ.md §5.1).
//!
//! Assembles the title, breadcrumb, properties, outline, table of contents, linked
//! references, hierarchy and tagged pages of one page. Linked references are capped so a
//! page like `TODO` (1,000+ references) stays small; the cap is shown to the reader.

use super::context::Site;
use super::nav;
use super::outline::{strip_links, PageContext};
use super::properties::page_properties;
use super::view::{BacklinkGroup, LinkView, PageView, TocEntry, ViewKind};
use crate::diagnostics::Diagnostic;
use crate::graph::{BlockAddr, Graph, PageId, PageKind};
use crate::name;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Most referring blocks shown under "Linked references".
const MAX_BACKLINK_BLOCKS: usize = 60;

/// A rendered page view plus the diagnostics met while rendering it.
pub struct Rendered<'a> {
    pub view: PageView<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A link to a page with its icon.
pub fn link<'a>(site: &'a Site<'a>, id: PageId) -> LinkView<'a> {
    let page = &site.graph.pages[id];
    LinkView::new(page.name.as_str(), site.urls.page(site.graph, id)).with_icon(icon(site, id))
}

/// The page's `icon::` value.
pub fn icon<'a>(site: &'a Site<'a>, id: PageId) -> Option<&'a str> {
    let p = site.graph.source(id)?.properties.get("icon")?;
    let v = p.raw.trim();
    (!v.is_empty()).then_some(v)
}

/// Build the view of a file, whiteboard or stub page.
pub fn page_view<'a>(site: &'a Site<'a>, id: PageId) -> Rendered<'a> {
    let graph = site.graph;
    let page = &graph.pages[id];
    let ctx = PageContext::new(site, id);
    let content_html = ctx.page_outline();
    let properties_html = graph
        .source(id)
        .map(|s| page_properties(&ctx, &s.properties))
        .filter(|h| !h.is_empty());
    let toc: Vec<TocEntry> = ctx
        .headings
        .borrow()
        .iter()
        .map(|h| TocEntry {
            level: h.level,
            title: plain_text(&h.title_html),
            anchor: h.anchor.clone(),
        })
        .collect();
    let (backlinks, backlink_count) = backlinks(site, id);
    let mut diagnostics = ctx.diagnostics.take();
    diagnostics.extend(backlinks.1);
    let (prev, next) = nav::neighbours(site, id);
    let view = PageView {
        key: &page.key,
        title: &page.name,
        icon: icon(site, id),
        url: Cow::Owned(site.urls.page(graph, id)),
        kind: match page.kind {
            PageKind::File => ViewKind::File,
            PageKind::Whiteboard => ViewKind::Whiteboard,
            PageKind::Stub => ViewKind::Stub,
            PageKind::Alias => ViewKind::Alias,
        },
        breadcrumb: breadcrumb(site, id),
        properties_html,
        also_known_as: page
            .aliases
            .iter()
            .map(|&a| {
                LinkView::new(
                    graph.pages[a].name.as_str(),
                    site.urls.page(graph, graph.follow_alias(a)),
                )
            })
            .collect(),
        alias_of: page.alias_of.iter().map(|&o| link(site, o)).collect(),
        description: description(site, &ctx, id),
        content_html,
        toc_html: super::view::toc_html(&toc),
        toc,
        backlinks: backlinks.0,
        backlink_count,
        hierarchy: page.children.iter().map(|&c| link(site, c)).collect(),
        tagged: page.tagged.iter().map(|&t| link(site, t)).collect(),
        prev: prev.map(|p| link(site, p)),
        next: next.map(|p| link(site, p)),
        noindex: page.kind == PageKind::Stub,
        nav_html: nav::branch_html(site, id),
    };
    Rendered { view, diagnostics }
}

/// Namespace ancestors, each linked, then the page itself (not linked).
fn breadcrumb<'a>(site: &'a Site<'a>, id: PageId) -> Vec<LinkView<'a>> {
    let graph = site.graph;
    let page = &graph.pages[id];
    let mut crumbs: Vec<LinkView> = name::namespace_ancestors(&page.name)
        .into_iter()
        .map(|a| {
            let label = name::last_segment(a).to_string();
            match graph.page_by_name(a) {
                Some(pid) => LinkView::new(label, site.urls.page(graph, pid)),
                None => LinkView::new(label, String::new()),
            }
        })
        .collect();
    if !crumbs.is_empty() {
        crumbs.push(
            LinkView::new(name::last_segment(&page.name), site.urls.page(graph, id)).as_current(),
        );
    }
    crumbs
}

/// Linked references grouped by page, each referring block rendered with its children (no
/// nested embeds), capped at [`MAX_BACKLINK_BLOCKS`] blocks; also the total count.
type Groups<'a> = (Vec<BacklinkGroup<'a>>, Vec<Diagnostic>);

fn backlinks<'a>(site: &'a Site<'a>, id: PageId) -> (Groups<'a>, usize) {
    let refs = site.graph.linked_references(id);
    let total: usize = refs.iter().map(|(_, b)| b.len()).sum();
    let mut shown = 0;
    let mut groups = Vec::new();
    let mut diags = Vec::new();
    for (page, blocks) in refs {
        if shown >= MAX_BACKLINK_BLOCKS {
            break;
        }
        let ctx = PageContext::excerpt(site, page);
        let take = blocks.len().min(MAX_BACKLINK_BLOCKS - shown);
        shown += take;
        let mut items = String::new();
        for &b in &blocks[..take] {
            items.push_str(&excerpt(site, &ctx, BlockAddr { page, block: b }));
        }
        let html = if items.is_empty() {
            String::new()
        } else {
            format!("<ul class=\"blocks\">{items}</ul>")
        };
        diags.extend(ctx.diagnostics.take());
        groups.push(BacklinkGroup {
            page: link(site, page),
            blocks_html: html,
        });
    }
    ((groups, diags), total)
}

/// Blocks rendered as linked-reference excerpts, each made once per build with its
/// diagnostics: a block linking to ten pages is shown under each of them (rendering it anew
/// every time was 29% of a 10,000-page build).
#[derive(Debug, Default)]
pub struct Excerpts {
    /// Per source, per block.
    cells: Vec<Vec<OnceLock<Excerpt>>>,
}

/// A block's excerpt HTML and the diagnostics met rendering it.
type Excerpt = (String, Vec<Diagnostic>);

impl Excerpts {
    pub fn new(graph: &Graph) -> Excerpts {
        let cells = graph
            .sources
            .iter()
            .map(|s| s.blocks.iter().map(|_| OnceLock::new()).collect())
            .collect();
        Excerpts { cells }
    }
}

/// A block of another page as an excerpt, rendered in `ctx` (an excerpt context of that page)
/// the first time and taken from the cache after; its diagnostics are added to `ctx` each time.
fn excerpt<'s>(site: &'s Site<'s>, ctx: &PageContext<'s>, addr: BlockAddr) -> Cow<'s, str> {
    let source = site.graph.pages[addr.page].source;
    let Some(cell) = source.and_then(|s| site.excerpts.cells.get(s)?.get(addr.block)) else {
        return Cow::Owned(ctx.block(addr));
    };
    let (html, diags) = cell.get_or_init(|| {
        let before = ctx.diagnostics.take();
        let html = ctx.block(addr);
        (html, ctx.diagnostics.replace(before))
    });
    ctx.diagnostics.borrow_mut().extend(diags.iter().cloned());
    Cow::Borrowed(html)
}

/// Text of an HTML fragment without tags (for the table of contents).
fn plain_text(html: &str) -> String {
    let stripped = strip_links(html);
    let mut out = String::with_capacity(stripped.len());
    let mut in_tag = false;
    for c in stripped.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Undo the HTML escapes innsite's markdown emits, so text is escaped once by the template.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Meta description: the first ~160 characters of the page's first block with text
/// (properties, macros and embeds left out).
fn description(site: &Site, ctx: &PageContext, id: PageId) -> String {
    let Some(src) = site.graph.source(id) else {
        return String::new();
    };
    let text = src
        .blocks
        .iter()
        .filter(|b| !b.pre_block)
        // `#+BEGIN_QUERY` / `{{query …}}` lines are not prose (and must not be evaluated here).
        .filter(|b| {
            let first = b.content.trim_start();
            !first.starts_with("#+") && !first.starts_with("{{")
        })
        .map(|b| {
            plain_text(&super::inline::title_html(
                &site.markdown,
                b.content.lines().next().unwrap_or(""),
                ctx,
            ))
        })
        .find(|t| !t.trim().is_empty())
        .unwrap_or_default();
    let mut out = String::new();
    for w in text.split_whitespace() {
        if out.chars().count() + w.chars().count() > 160 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
