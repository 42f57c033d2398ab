//! Page: one page of the graph → the [`PageView`] its template sees (LOGSEQ.md §5.1).
//!
//! Assembles the title, breadcrumb, properties, outline, table of contents, linked
//! references, hierarchy and tagged pages of one page. Linked references are capped so a
//! page like `TODO` (1,000+ references) stays small; the cap is shown to the reader.

use super::context::Site;
use super::nav;
use super::outline::PageContext;
use super::properties::page_properties;
use super::view::{BacklinkGroup, LinkView, PageView, TocEntry, ViewKind};
use crate::diagnostics::Diagnostic;
use crate::graph::{BlockAddr, Graph, PageId, PageKind};
use crate::model::BlockIx;
use crate::model::{Block, PageRefKind, Ref};
use crate::name;
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
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
    let url = site.urls.page_cow(site.graph, id);
    let link = LinkView::new(page.name.as_str(), url).with_icon(icon(site, id));
    match site.links.get(id) {
        Some(cell) => link.shared_in(cell),
        None => link,
    }
}

/// The page's `icon::` value.
pub fn icon<'a>(site: &'a Site<'a>, id: PageId) -> Option<&'a str> {
    site.icons.get(id).copied().flatten()
}

/// The `icon::` property of page `id` in `graph` (what [`Site`] keeps for [`icon`]).
pub(crate) fn icon_property(graph: &Graph, id: PageId) -> Option<&str> {
    let p = graph.source(id)?.properties.get("icon")?;
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
    let references = backlinks(site, id);
    let mut diagnostics = ctx.diagnostics.take();
    diagnostics.extend(references.diagnostics);
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
        backlinks: references.groups,
        backlinks_more: references.more,
        backlink_count: references.count,
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

/// A page's linked references as shown: the groups of referring blocks, each rendered with
/// its children (no nested embeds; a referring block among another's children is not listed
/// again), up to [`MAX_BACKLINK_BLOCKS`] listed blocks; then the other referring pages, as
/// links (those beyond the cap, and those whose references show nothing, made only by hidden
/// properties), so that every page referring to this one is reachable from it.
struct References<'a> {
    groups: Vec<BacklinkGroup<'a>>,
    more: Vec<LinkView<'a>>,
    /// The number of referring blocks, those not listed included.
    count: usize,
    diagnostics: Vec<Diagnostic>,
}

fn backlinks<'a>(site: &'a Site<'a>, id: PageId) -> References<'a> {
    let (refs, count) = site.graph.linked_references(id);
    let (shown, rest) = capped(refs);
    let (mut groups, mut unshown) = (Vec::new(), Vec::new());
    let mut diagnostics = Vec::new();
    for (page, blocks) in shown {
        let ctx = PageContext::excerpt(site, page);
        let items: Vec<Cow<str>> = blocks
            .iter()
            .map(|&block| {
                let addr = BlockAddr { page, block };
                if site.excerpts.embeds_another_page(site.graph, addr, id) {
                    // Shown here for another reference than its embed: the embedded
                    // outline is shown too, as Logseq does (rendered for this page only).
                    let expanding = PageContext::excerpt_with_embeds(site, page);
                    let html = expanding.block(addr);
                    diagnostics.extend(expanding.diagnostics.take());
                    Cow::Owned(html)
                } else {
                    excerpt(site, &ctx, addr)
                }
            })
            .collect();
        let html = block_list(&items);
        diagnostics.extend(ctx.diagnostics.take());
        if html.is_empty() {
            // Its references show nothing (hidden properties): a link, not an empty box.
            unshown.push(page);
            continue;
        }
        groups.push(BacklinkGroup {
            page: link(site, page),
            blocks_html: html,
        });
    }
    References {
        groups,
        more: unshown
            .into_iter()
            .chain(rest)
            .map(|p| link(site, p))
            .collect(),
        count,
        diagnostics,
    }
}

/// Rendered blocks as one list (nothing when they show nothing), in a string of the size it
/// needs: the excerpts are a large part of a page, and appending them and then wrapping the
/// result copied them twice.
fn block_list(items: &[Cow<str>]) -> String {
    const OPEN: &str = "<ul class=\"blocks\">";
    const CLOSE: &str = "</ul>";
    let len: usize = items.iter().map(|i| i.len()).sum();
    if len == 0 {
        return String::new();
    }
    let mut html = String::with_capacity(OPEN.len() + len + CLOSE.len());
    html.push_str(OPEN);
    items.iter().for_each(|i| html.push_str(i));
    html.push_str(CLOSE);
    html
}

/// Blocks rendered as linked-reference excerpts, each made once per build with its
/// diagnostics: a block linking to ten pages is shown under each of them (rendering it anew
/// every time was 29% of a 10,000-page build). A block whose subtree renders the same on its own
/// page as in an excerpt ([`renders_alike`]) is also taken from here by its own page, by the
/// pages embedding it and by its parents' excerpts, so most referring blocks are rendered
/// once, not two or three times.
#[derive(Debug, Default)]
pub struct Excerpts {
    /// Per source, per block.
    cells: Vec<Vec<OnceLock<Excerpt>>>,
    /// Per source, per block: shown as an excerpt, and rendered alike in both places. Made by
    /// [`Excerpts::share`] for a whole build; unset (nothing shared) in a preview rebuild,
    /// which renders a few pages and would spend more finding them than it saves.
    shared: OnceLock<Vec<Vec<bool>>>,
    /// Per source, per block: it or a descendant embeds a page or a block. Few blocks do, so
    /// most linked references need no look at their subtree. Made for a source when one of
    /// its blocks is first shown (one pass over its blocks, no rayon inside).
    embedding: Vec<OnceLock<Vec<bool>>>,
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
        Excerpts {
            cells,
            shared: OnceLock::new(),
            embedding: graph.sources.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Whether the block or one of its descendants embeds a page (or a block of a page)
    /// other than `shown_on`. On the embedded page itself an embed stays folded: the
    /// embedding block is one of its linked references because of the embed (innbok writes
    /// `[[goal]]` and `{{embed [[goal]]}}` under it on many pages), and its content is the
    /// page's own. Only the subtrees that hold an embed are walked.
    fn embeds_another_page(&self, graph: &Graph, addr: BlockAddr, shown_on: PageId) -> bool {
        let Some(source) = graph.pages[addr.page].source else {
            return false;
        };
        let (Some(cell), Some(src)) = (self.embedding.get(source), graph.sources.get(source))
        else {
            return false;
        };
        let flags = cell.get_or_init(|| subtrees_embedding(&src.blocks));
        let holds_embed = |b: usize| flags.get(b).copied().unwrap_or(false);
        let elsewhere = |r: &Ref| match r {
            Ref::Page {
                name,
                kind: PageRefKind::Embed,
                ..
            } => graph.link_target(name) != Some(shown_on),
            Ref::EmbedBlock { uuid, .. } => {
                graph.by_uuid.get(uuid).map(|a| a.page) != Some(shown_on)
            }
            _ => false,
        };
        let mut todo: Vec<usize> = Some(addr.block)
            .filter(|&b| holds_embed(b))
            .into_iter()
            .collect();
        while let Some(b) = todo.pop() {
            if src.blocks[b].refs.iter().any(elsewhere) {
                return true;
            }
            // Children after their parent only, as the flags were made: the walk ends.
            let children = src.blocks[b].children.iter().copied();
            todo.extend(children.filter(|&c| c > b && holds_embed(c)));
        }
        false
    }

    /// Let every page take those of its blocks that others show and that render alike from
    /// here (see [`shared_blocks`]); for a build of every page.
    pub fn share(&self, graph: &Graph, old_site_url: Option<&str>) {
        self.shared
            .get_or_init(|| shared_blocks(graph, old_site_url));
    }

    fn cell(&self, graph: &Graph, addr: BlockAddr) -> Option<&OnceLock<Excerpt>> {
        let source = graph.pages[addr.page].source?;
        self.cells.get(source)?.get(addr.block)
    }

    fn is_shared(&self, graph: &Graph, addr: BlockAddr) -> bool {
        let Some(shared) = self.shared.get() else {
            return false;
        };
        graph.pages[addr.page]
            .source
            .and_then(|s| shared.get(s)?.get(addr.block).copied())
            .unwrap_or(false)
    }
}

/// Per source, per block: whether the block is shown as an excerpt (under the linked
/// references of a page it refers to, within [`MAX_BACKLINK_BLOCKS`]) and its subtree
/// [`renders_alike`]. Blocks shown nowhere are left out, so their HTML is not kept.
fn shared_blocks(graph: &Graph, old_site_url: Option<&str>) -> Vec<Vec<bool>> {
    let shown: Vec<Vec<AtomicBool>> = graph
        .sources
        .iter()
        .map(|s| s.blocks.iter().map(|_| AtomicBool::new(false)).collect())
        .collect();
    (0..graph.pages.len()).into_par_iter().for_each(|id| {
        for addr in shown_excerpts(graph, id) {
            if let Some(flag) = graph.pages[addr.page]
                .source
                .and_then(|s| shown.get(s)?.get(addr.block))
            {
                flag.store(true, Ordering::Relaxed);
            }
        }
    });
    graph
        .sources
        .par_iter()
        .zip(shown)
        .map(|(src, shown)| {
            let alike = subtrees_alike(&src.blocks, old_site_url);
            shown
                .iter()
                .zip(alike)
                .map(|(s, a)| s.load(Ordering::Relaxed) && a)
                .collect()
        })
        .collect()
}

/// The blocks [`backlinks`] shows on page `id`.
fn shown_excerpts(graph: &Graph, id: PageId) -> Vec<BlockAddr> {
    let page = &graph.pages[id];
    let targets = || std::iter::once(id).chain(page.aliases.iter().copied());
    let referring = targets().map(|t| graph.backlinks[t].len()).sum::<usize>();
    if referring <= MAX_BACKLINK_BLOCKS {
        // Every referring block is shown: no need to group and order them.
        return targets()
            .flat_map(|t| graph.backlinks[t].iter().map(|b| b.from))
            .filter(|from| from.page != id)
            .collect();
    }
    capped(graph.linked_references(id).0)
        .0
        .into_iter()
        .flat_map(|(page, blocks)| {
            blocks
                .into_iter()
                .map(move |block| BlockAddr { page, block })
        })
        .collect()
}

/// The linked-reference groups shown: in order, until [`MAX_BACKLINK_BLOCKS`] blocks (the last
/// group shown cut to fit); and the pages of the groups left out.
fn capped(refs: Vec<(PageId, Vec<BlockIx>)>) -> (Vec<(PageId, Vec<BlockIx>)>, Vec<PageId>) {
    let mut left = MAX_BACKLINK_BLOCKS;
    let (mut shown, mut rest) = (Vec::new(), Vec::new());
    for (page, mut blocks) in refs {
        if left == 0 {
            rest.push(page);
            continue;
        }
        blocks.truncate(left);
        left -= blocks.len();
        shown.push((page, blocks));
    }
    (shown, rest)
}

/// For each block, whether it or a descendant has an embed (children follow their parent in
/// a page's block list, so one backward pass sees every child first).
fn subtrees_embedding(blocks: &[Block]) -> Vec<bool> {
    let mut embedding: Vec<bool> = blocks.iter().map(|b| b.refs.iter().any(is_embed)).collect();
    for ix in (0..blocks.len()).rev() {
        let below = blocks[ix]
            .children
            .iter()
            .any(|&c| c > ix && embedding.get(c).copied().unwrap_or(false));
        embedding[ix] |= below;
    }
    embedding
}

fn is_embed(r: &Ref) -> bool {
    matches!(
        r,
        Ref::Page {
            kind: PageRefKind::Embed,
            ..
        } | Ref::EmbedBlock { .. }
    )
}

/// For each block, whether it and all its descendants render alike (children follow their
/// parent in a page's block list, so one backward pass sees every child first).
fn subtrees_alike(blocks: &[Block], old_site_url: Option<&str>) -> Vec<bool> {
    let mut alike: Vec<bool> = blocks
        .iter()
        .map(|b| renders_alike(b, old_site_url))
        .collect();
    for ix in (0..blocks.len()).rev() {
        let children_alike = blocks[ix]
            .children
            .iter()
            .all(|&c| c > ix && alike.get(c).copied().unwrap_or(false));
        alike[ix] &= children_alike;
    }
    alike
}

/// Whether a block renders the same in its page as in an excerpt: it has no anchor (no uuid, not
/// a heading), and its text holds nothing rendered by context (embeds, queries and other
/// macros, block refs) and no link whose warning only its own page reports (`file:`, links to
/// the old site).
fn renders_alike(block: &Block, old_site_url: Option<&str>) -> bool {
    let text_alike = |text: &str| {
        !(has_double_brace_or_paren(text)
            || contains_ignoring_case(text, b"#+begin_query")
            || contains_ignoring_case(text, b"file:")
            || old_site_url.is_some_and(|u| text.contains(u)))
    };
    block.uuid.is_none()
        && block.heading.is_none()
        && !block.pre_block
        && text_alike(&block.content)
        && block.properties.0.iter().all(|p| text_alike(&p.raw))
}

/// Whether `text` contains `{{` or `((` (one memchr pass, rather than two substring searches
/// set up for every block of the site).
fn has_double_brace_or_paren(text: &str) -> bool {
    let hay = text.as_bytes();
    memchr::memchr2_iter(b'{', b'(', hay).any(|i| hay.get(i + 1) == Some(&hay[i]))
}

/// Whether `text` contains `needle` (ASCII, lower case) in any letter case, without copying
/// the text.
fn contains_ignoring_case(text: &str, needle: &[u8]) -> bool {
    let (hay, first) = (text.as_bytes(), needle[0]);
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay).any(|i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// A block of another page as an excerpt, rendered in `ctx` (an excerpt context of that page)
/// the first time and taken from the cache after; its diagnostics are added to `ctx` each time.
/// Linked references and query results show blocks this way.
pub(crate) fn excerpt<'s>(
    site: &'s Site<'s>,
    ctx: &PageContext<'s>,
    addr: BlockAddr,
) -> Cow<'s, str> {
    let Some(cell) = site.excerpts.cell(site.graph, addr) else {
        return Cow::Owned(ctx.block(addr));
    };
    Cow::Borrowed(cached(ctx, cell, addr))
}

/// A block `ctx` renders (on its own page, in an embed, or among an excerpt's children), from
/// the excerpt cache when it is shown as an excerpt and renders alike everywhere (rendered by
/// `ctx` when nothing has needed it yet); `None` for any other block.
pub(crate) fn shared_block<'s>(
    site: &'s Site<'s>,
    ctx: &PageContext<'s>,
    addr: BlockAddr,
) -> Option<&'s str> {
    if !site.excerpts.is_shared(site.graph, addr) {
        return None;
    }
    let cell = site.excerpts.cell(site.graph, addr)?;
    Some(cached(ctx, cell, addr))
}

/// The cell's HTML, made by `ctx` if it is empty; its diagnostics are added to `ctx`.
fn cached<'s>(ctx: &PageContext<'_>, cell: &'s OnceLock<Excerpt>, addr: BlockAddr) -> &'s str {
    let (html, diags) = cell.get_or_init(|| {
        let before = ctx.diagnostics.take();
        let mut html = ctx.fresh_block(addr);
        // Kept for the whole build (a fifth of the memory of a 50,000-page build): no spare
        // capacity.
        html.shrink_to_fit();
        (html, ctx.diagnostics.replace(before))
    });
    ctx.diagnostics.borrow_mut().extend(diags.iter().cloned());
    html
}

/// Text of an HTML fragment without tags (for the table of contents and the description):
/// link tags dropped, other tags read as white space, white space runs as one space, and the
/// escapes innsite's markdown emits undone, so the template escapes the text once. One pass:
/// this runs for every heading and every page.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut gap = false;
    let mut rest = html;
    while !rest.is_empty() {
        let tag = rest.find('<').unwrap_or(rest.len());
        push_words(&mut out, &rest[..tag], &mut gap);
        rest = &rest[tag..];
        if rest.is_empty() {
            break;
        }
        // A link's tags go without a trace, so the link's text joins what is around it.
        gap |= !(rest.starts_with("<a ") || rest.starts_with("</a>"));
        rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
    }
    out
}

/// The escapes innsite's markdown emits, and what they stand for.
const ESCAPES: [(&str, char); 6] = [
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#39;", '\''),
    ("&#x27;", '\''),
    ("&amp;", '&'),
];

/// Append the words of `text` (no tags) to `out` with one space between words, and before
/// the first when `gap` says white space or a tag came before it; escapes undone.
fn push_words(out: &mut String, text: &str, gap: &mut bool) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            *gap = true;
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if std::mem::take(gap) && !out.is_empty() {
            out.push(' ');
        }
        let escape = (c == '&')
            .then(|| ESCAPES.iter().find(|(e, _)| rest.starts_with(e)))
            .flatten();
        let (c, len) = escape.map_or((c, c.len_utf8()), |(e, c)| (*c, e.len()));
        out.push(c);
        rest = &rest[len..];
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_joins_links_and_undoes_escapes() {
        let html = "  The <strong>key</strong> of <a class=\"page-ref\" href=\"/x/\">risk</a>s\n\
                    &amp;lt; &lt;b&gt; &quot;q&quot; &#39;s&#x27; &amp;amp; &copy; <br />end<em";
        assert_eq!(
            plain_text(html),
            "The key of risks &lt; <b> \"q\" 's' &amp; &copy; end"
        );
        assert_eq!(plain_text("<a href=\"/a/\">only</a>"), "only");
        assert_eq!(plain_text(" <p> </p> "), "");
        assert_eq!(plain_text("x<a href=\"/y/\""), "x");
    }

    fn block(content: &str, children: Vec<usize>) -> Block {
        Block {
            line: 1,
            parent: None,
            children,
            heading: None,
            marker: None,
            content: content.to_string(),
            properties: Default::default(),
            uuid: None,
            collapsed: false,
            pre_block: false,
            refs: vec![],
        }
    }

    #[test]
    fn double_braces_and_parens_are_found_anywhere() {
        for text in ["{{x}}", "a ((uuid))", "({ {( (( ", "end{{"] {
            assert!(has_double_brace_or_paren(text), "{text}");
        }
        for text in ["", "{ ( } )", "({", "a {b} (c) {(}"] {
            assert!(!has_double_brace_or_paren(text), "{text}");
        }
    }

    #[test]
    fn only_blocks_without_context_render_alike() {
        let old = Some("https://old.example.org/");
        assert!(renders_alike(
            &block("see [[Persona]] and #tag", vec![]),
            old
        ));
        for text in [
            "{{embed [[Persona]]}}",
            "{{query [[x]]}}",
            "as said in ((6500a1b2-0000-4000-8000-000000000001))",
            "#+BEGIN_QUERY\n{}\n#+END_QUERY",
            "[notes](FILE:///home/notes.md)",
            "[old](https://old.example.org/#/page/persona)",
        ] {
            assert!(!renders_alike(&block(text, vec![]), old), "{text}");
        }
        let mut heading = block("Keys", vec![]);
        heading.heading = Some(2);
        assert!(!renders_alike(&heading, old), "a heading has an anchor");
        let mut with_id = block("Keys", vec![]);
        with_id.uuid = Some("6500a1b2-0000-4000-8000-000000000001".into());
        assert!(
            !renders_alike(&with_id, old),
            "a block with an id has an anchor"
        );
    }

    #[test]
    fn a_subtree_renders_alike_only_when_every_descendant_does() {
        let blocks = vec![
            block("parent [[a]]", vec![1, 3]),
            block("child", vec![2]),
            block("{{embed [[b]]}}", vec![]),
            block("sibling", vec![]),
        ];
        assert_eq!(
            subtrees_alike(&blocks, None),
            vec![false, false, false, true]
        );
    }
}
