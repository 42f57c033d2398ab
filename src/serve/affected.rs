//! Affected pages: which pages of a new graph must be re-rendered after an edit, given the
//! graph before it. Takes two indexed graphs (with their navigation trees and [`Links`]) and
//! gives the keys of the pages whose HTML may differ, or `None` when everything must be
//! redone. It never renders and never touches the file system.
//!
//! The rule is conservative and symmetric (every relation is read in both graphs, so a
//! reference that appears and one that disappears count alike):
//! - a page whose own data differs (source, relations, backlinks, link data) is redone;
//! - a page whose *content* changed redoes the pages that show it: those embedding or
//!   block-referencing it (transitively), and those it references (its blocks appear in
//!   their linked references), also via block-reference and embed chains (a linked
//!   reference shows what its block embeds);
//! - a page whose *link data* (name, URL, icon, kind, order, content presence) changed
//!   redoes every page that links to it or shows a block that does, its namespace family
//!   (parent, siblings, descendants), its neighbours in the top-level order, and the pages
//!   it references (it heads a group of their linked references);
//! - pages that read other pages through the graph (and the pages showing them) are redone
//!   on any change of link data, and otherwise only when what they read changed: a `tocgen`
//!   table of contents when its page's content (or a page it shows) changed, a query when
//!   its results on the changed pages differ, an old-site link never;
//! - a change of the ranked navigation or favorites redoes all.
//!
//! [`text_edit`] is the same rule for an edit that changed only the words of some pages
//! (same graph otherwise, see [`crate::graph::patch`]): one side is enough.

use crate::graph::{Graph, PageId};
use crate::model::{PageRefKind, Ref};
use crate::render::macros::toc_target;
use crate::render::nav::Nav;
use std::collections::{BTreeSet, HashMap, VecDeque};

/// What the pages of one graph show of each other, by page id: owned, so that `innsite
/// serve` keeps it from one rebuild to the next (it changes only with the graph's links).
#[derive(Debug, Default)]
pub struct Links {
    /// Per page: the pages that embed it or reference one of its blocks, with `true` for an
    /// embed (page or block) and `false` for a plain block reference.
    shown_in: HashMap<PageId, Vec<(PageId, bool)>>,
    /// Pages with a `tocgen` table of contents, with the page it lists (when it is one).
    toc_readers: Vec<(PageId, Option<PageId>)>,
    /// Pages with links into the old site (rewritten to the pages' URLs).
    link_readers: Vec<PageId>,
    /// Pages with queries of their own blocks.
    query_readers: Vec<PageId>,
    /// The pages `config.edn` `:favorites` name (shown on every page).
    favorites: Vec<PageId>,
}

impl Links {
    pub fn new(graph: &Graph, config: &crate::config::Config) -> Links {
        let old_site_url = config.old_site_url.as_deref();
        let favorites = config
            .graph
            .favorites
            .iter()
            .filter_map(|f| graph.link_target(f))
            .collect();
        let mut links = Links {
            favorites,
            ..Links::default()
        };
        for (id, page) in graph.pages.iter().enumerate() {
            let Some(src) = page.source.map(|s| &graph.sources[s]) else {
                continue;
            };
            let mut old_links = false;
            let mut queries = false;
            for block in &src.blocks {
                old_links |= old_site_url.is_some() && block.content.contains("#/page/");
                for r in &block.refs {
                    let (target, embed) = match r {
                        Ref::Block { uuid, .. } => (graph.by_uuid.get(uuid).map(|a| a.page), false),
                        Ref::EmbedBlock { uuid, .. } => {
                            (graph.by_uuid.get(uuid).map(|a| a.page), true)
                        }
                        Ref::Page {
                            name,
                            kind: PageRefKind::Embed,
                            ..
                        } => (graph.link_target(name), true),
                        Ref::Query { .. } => {
                            queries = true;
                            continue;
                        }
                        Ref::Macro { name, args, .. } => {
                            if let Some(listed) = toc_target(name, args) {
                                let target = listed.and_then(|l| graph.link_target(l));
                                links.toc_readers.push((id, target));
                            }
                            continue;
                        }
                        _ => continue,
                    };
                    if let Some(t) = target {
                        links.shown_in.entry(t).or_default().push((id, embed));
                    }
                }
            }
            if old_links {
                links.link_readers.push(id);
            }
            if queries {
                links.query_readers.push(id);
            }
        }
        links
    }
}

/// One side (before or after) of a change: a graph, its navigation and its links.
pub struct Side<'a> {
    pub graph: &'a Graph,
    pub nav: &'a Nav,
    pub links: &'a Links,
}

impl<'a> Side<'a> {
    fn id(&self, key: &str) -> Option<PageId> {
        self.graph.by_key.get(key).copied()
    }

    fn key(&self, id: PageId) -> &'a str {
        &self.graph.pages[id].key
    }

    /// Pages showing `from`'s content, transitively (embeds and block refs; `embeds` false:
    /// block references only).
    fn showing(&self, from: PageId, embeds: bool) -> BTreeSet<PageId> {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([from]);
        while let Some(p) = queue.pop_front() {
            for &(by, is_embed) in self
                .links
                .shown_in
                .get(&p)
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                if (embeds || !is_embed) && seen.insert(by) {
                    queue.push_back(by);
                }
            }
        }
        seen
    }

    /// Pages whose blocks reference `id` or one of its aliases.
    fn referrers(&self, id: PageId) -> BTreeSet<PageId> {
        let page = &self.graph.pages[id];
        std::iter::once(id)
            .chain(page.aliases.iter().copied())
            .chain(page.alias_of.iter().copied())
            .flat_map(|p| self.graph.backlinks[p].iter().map(|b| b.from.page))
            .collect()
    }

    /// Pages `id`'s blocks reference (with alias owners), and pages of referenced blocks.
    fn targets(&self, id: PageId, out: &mut BTreeSet<String>) {
        let g = self.graph;
        let Some(src) = g.source(id) else { return };
        for r in src.blocks.iter().flat_map(|b| &b.refs) {
            let t = match r {
                Ref::Page { name, .. } => g.page_by_name(name),
                Ref::Block { uuid, .. } | Ref::EmbedBlock { uuid, .. } => {
                    g.by_uuid.get(uuid).map(|a| a.page)
                }
                _ => None,
            };
            if let Some(t) = t {
                out.insert(g.pages[t].key.clone());
                for &o in &g.pages[t].alias_of {
                    out.insert(g.pages[o].key.clone());
                }
            }
        }
    }

    /// Parent, siblings, descendants and top-level neighbours of `id`.
    fn family(&self, id: PageId, out: &mut BTreeSet<String>) {
        let g = self.graph;
        if let Some(parent) = g.pages[id].parent {
            out.insert(self.key(parent).to_string());
            out.extend(
                g.pages[parent]
                    .children
                    .iter()
                    .map(|&c| self.key(c).to_string()),
            );
        }
        let mut stack = g.pages[id].children.clone();
        while let Some(c) = stack.pop() {
            if out.insert(self.key(c).to_string()) {
                stack.extend(g.pages[c].children.iter().copied());
            }
        }
        if let Some(pos) = self.nav.roots.iter().position(|&r| r == id) {
            let lo = pos.saturating_sub(1);
            let hi = (pos + 2).min(self.nav.roots.len());
            out.extend(
                self.nav.roots[lo..hi]
                    .iter()
                    .map(|&r| self.key(r).to_string()),
            );
        }
        let page = &g.pages[id];
        for &p in page.aliases.iter().chain(&page.alias_of) {
            out.insert(self.key(p).to_string());
        }
    }

    /// Everything redone because `key`'s content changed.
    fn content_spread(&self, key: &str, out: &mut BTreeSet<String>) {
        let Some(id) = self.id(key) else { return };
        for p in self.showing(id, true) {
            out.insert(self.key(p).to_string());
        }
        self.targets(id, out);
        for p in self.showing(id, true) {
            self.targets(p, out);
        }
    }

    /// Everything redone because `key`'s link data changed.
    fn link_spread(&self, key: &str, out: &mut BTreeSet<String>) {
        let Some(id) = self.id(key) else { return };
        let mut linking = self.referrers(id);
        let direct: Vec<PageId> = linking.iter().copied().collect();
        for p in direct {
            linking.extend(self.showing(p, true));
        }
        for &p in &linking {
            out.insert(self.key(p).to_string());
            self.targets(p, out);
        }
        self.targets(id, out);
        self.family(id, out);
    }
}

/// The keys of the pages of `new` to re-render, or `None` for all of them. `changed`, when
/// given, holds every graph file (relative path) that changed between the two: a page made
/// from the same files, none of them changed, has the same content on both sides (it is the
/// same parse), which spares comparing every page's blocks.
pub fn affected(
    old: &Side,
    new: &Side,
    changed: Option<&BTreeSet<String>>,
) -> Option<BTreeSet<String>> {
    if !same_global(old, new) {
        return None;
    }
    let mut content = Vec::new();
    let mut link = Vec::new();
    let mut out = BTreeSet::new();
    let keys: BTreeSet<&str> = old
        .graph
        .pages
        .iter()
        .chain(&new.graph.pages)
        .map(|p| p.key.as_str())
        .collect();
    for key in keys {
        let (a, b) = (old.id(key), new.id(key));
        let (same_content, same_link, same_self) = match (a, b) {
            (Some(a), Some(b)) => (
                same_files(old.graph, a, new.graph, b, changed)
                    || old.graph.source(a) == new.graph.source(b),
                same_link(old, a, new, b),
                same_self(old, a, new, b),
            ),
            _ => (false, false, false),
        };
        if !(same_content && same_link && same_self) {
            out.insert(key.to_string());
        }
        if !same_content {
            content.push(key);
        }
        if !same_link {
            link.push(key);
        }
    }
    for side in [old, new] {
        for key in &content {
            side.content_spread(key, &mut out);
        }
        for key in &link {
            side.link_spread(key, &mut out);
        }
    }
    if !out.is_empty() {
        let changed: BTreeSet<&str> = content.iter().chain(&link).copied().collect();
        let mut hits = BTreeSet::new();
        for side in [old, new] {
            let touched = changed.iter().filter_map(|k| side.id(k)).collect();
            hits.extend(query_hits(side, &touched));
        }
        redo_readers(&[old, new], &content, !link.is_empty(), &hits, &mut out);
    }
    Some(out)
}

/// The keys of the pages to re-render after an edit that changed only the wording of the
/// `edited` pages (the graph is the same otherwise, so one side is both). `hits`: the query
/// pages with a result on an edited page before or after the edit ([`query_hits`]).
pub fn text_edit(
    side: &Side,
    edited: &BTreeSet<PageId>,
    hits: &BTreeSet<String>,
) -> BTreeSet<String> {
    let content: Vec<&str> = edited.iter().map(|&id| side.key(id)).collect();
    let mut out: BTreeSet<String> = content.iter().map(|k| k.to_string()).collect();
    for key in &content {
        side.content_spread(key, &mut out);
    }
    redo_readers(&[side], &content, false, hits, &mut out);
    out
}

/// Add to `out` the pages that read other pages and may read differently now, with the pages
/// showing them: all of them when link data changed (`any_link`); otherwise the tables of
/// contents of a page whose content changed (or that shows one that did), and the query pages
/// of `hits`. Old-site links read link data only.
fn redo_readers(
    sides: &[&Side],
    content: &[&str],
    any_link: bool,
    hits: &BTreeSet<String>,
    out: &mut BTreeSet<String>,
) {
    let mut redo: BTreeSet<&str> = hits.iter().map(String::as_str).collect();
    for side in sides {
        let links = side.links;
        let mut read: BTreeSet<PageId> = content.iter().filter_map(|k| side.id(k)).collect();
        let shown: Vec<PageId> = read.iter().flat_map(|&c| side.showing(c, true)).collect();
        read.extend(shown);
        let tocs = links
            .toc_readers
            .iter()
            .filter(|(_, listed)| any_link || listed.is_some_and(|t| read.contains(&t)));
        redo.extend(tocs.map(|&(r, _)| side.key(r)));
        if any_link {
            redo.extend(links.link_readers.iter().map(|&r| side.key(r)));
            redo.extend(links.query_readers.iter().map(|&r| side.key(r)));
        }
    }
    for side in sides {
        for key in &redo {
            out.insert(key.to_string());
            if let Some(r) = side.id(key) {
                out.extend(
                    side.showing(r, true)
                        .iter()
                        .map(|&p| side.key(p).to_string()),
                );
            }
        }
    }
}

/// The keys of the query pages of `side` with a query that has a result on one of the
/// `touched` pages. With link data unchanged, an edit can change a query's results only
/// through the edited pages' own blocks and properties, so a query without a result there,
/// before and after, shows the same.
pub fn query_hits<'a>(side: &Side<'a>, touched: &BTreeSet<PageId>) -> BTreeSet<String> {
    if touched.is_empty() || side.links.query_readers.is_empty() {
        return BTreeSet::new();
    }
    let g = side.graph;
    let ix = crate::query::Index::of_pages(g, touched.iter().copied());
    let hit = |id: PageId| {
        page_queries(g, id).into_iter().any(|(text, advanced)| {
            let crate::query::Prepared::Ready(spec) = crate::query::prepare(text, advanced) else {
                return false;
            };
            match crate::query::run(g, &ix, &spec) {
                crate::query::Results::Blocks(blocks) => {
                    blocks.iter().any(|b| touched.contains(&b.page))
                }
                crate::query::Results::Pages(pages) => pages.iter().any(|p| touched.contains(p)),
            }
        })
    };
    side.links
        .query_readers
        .iter()
        .filter(|&&q| hit(q))
        .map(|&q| side.key(q).to_string())
        .collect()
}

/// The queries of a page's blocks: text and whether it is an advanced one.
fn page_queries(g: &Graph, id: PageId) -> Vec<(&str, bool)> {
    g.source(id)
        .map(|src| {
            src.blocks
                .iter()
                .flat_map(|b| &b.refs)
                .filter_map(|r| match r {
                    Ref::Query { text, advanced, .. } => Some((text.as_str(), *advanced)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The page is made of the same files on both sides, none of them in `changed`.
fn same_files(
    ga: &Graph,
    a: PageId,
    gb: &Graph,
    b: PageId,
    changed: Option<&BTreeSet<String>>,
) -> bool {
    let (fa, fb) = (&ga.pages[a].files, &gb.pages[b].files);
    changed.is_some_and(|c| fa == fb && !fa.iter().any(|f| c.contains(f)))
}

/// What other pages show of a page: name, URL, icon, kind, order, whether it has content.
fn same_link(old: &Side, a: PageId, new: &Side, b: PageId) -> bool {
    let (ga, gb) = (old.graph, new.graph);
    let (pa, pb) = (&ga.pages[a], &gb.pages[b]);
    fn target(g: &Graph, id: PageId) -> &str {
        &g.pages[g.follow_alias(id)].slug
    }
    pa.name == pb.name
        && pa.slug == pb.slug
        && pa.kind == pb.kind
        && pa.files.first() == pb.files.first()
        && target(ga, a) == target(gb, b)
        && same_keys(ga, &pa.alias_of, gb, &pb.alias_of)
        && parent_key(ga, a) == parent_key(gb, b)
        && ga.has_content(a) == gb.has_content(b)
        && old.nav.in_nav.get(a) == new.nav.in_nav.get(b)
        && page_properties(ga, a) == page_properties(gb, b)
}

/// What only the page itself shows: relations and linked references.
fn same_self(old: &Side, a: PageId, new: &Side, b: PageId) -> bool {
    let (ga, gb) = (old.graph, new.graph);
    let (pa, pb) = (&ga.pages[a], &gb.pages[b]);
    fn backlinks(g: &Graph, id: PageId) -> impl Iterator<Item = (&str, usize)> {
        g.backlinks[id]
            .iter()
            .map(|l| (g.pages[l.from.page].key.as_str(), l.from.block))
    }
    let nav_children = match (old.nav.children.get(a), new.nav.children.get(b)) {
        (Some(x), Some(y)) => same_keys(ga, x, gb, y),
        (x, y) => x.is_none() && y.is_none(),
    };
    same_keys(ga, &pa.children, gb, &pb.children)
        && same_keys(ga, &pa.aliases, gb, &pb.aliases)
        && same_keys(ga, &pa.tagged, gb, &pb.tagged)
        && ga.backlinks[a].len() == gb.backlinks[b].len()
        && backlinks(ga, a).eq(backlinks(gb, b))
        && nav_children
}

/// The ranked pages shown on every page, and the favorites, are the same.
fn same_global(old: &Side, new: &Side) -> bool {
    let ranked =
        |s: &Side| -> Vec<String> { s.nav.ranked.iter().map(|&r| s.key(r).to_string()).collect() };
    if ranked(old) != ranked(new) {
        return false;
    }
    let favorites = |s: &Side| -> Vec<String> {
        s.links
            .favorites
            .iter()
            .map(|&f| s.key(f).to_string())
            .collect()
    };
    if favorites(old) != favorites(new) {
        return false;
    }
    let pairs =
        |a: &[PageId], b: &[PageId]| a.iter().zip(b).all(|(&a, &b)| same_link(old, a, new, b));
    pairs(&old.nav.ranked, &new.nav.ranked) && pairs(&old.links.favorites, &new.links.favorites)
}

/// The pages of `x` (in `ga`) and `y` (in `gb`) have the same keys, in order.
fn same_keys(ga: &Graph, x: &[PageId], gb: &Graph, y: &[PageId]) -> bool {
    x.len() == y.len()
        && x.iter()
            .zip(y)
            .all(|(&i, &j)| ga.pages[i].key == gb.pages[j].key)
}

fn parent_key(g: &Graph, id: PageId) -> Option<&str> {
    g.pages[id].parent.map(|p| g.pages[p].key.as_str())
}

/// The page-properties block's properties (icon, order values, tags, title...), if any.
fn page_properties(g: &Graph, id: PageId) -> Option<&crate::model::Properties> {
    g.source(id).map(|s| &s.properties)
}
