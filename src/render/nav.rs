//! Navigation: the sidebar tree of published pages in navigation order (weight, then title).
//!
//! The tree holds file and whiteboard pages plus the namespace parents above them. It is
//! computed once per build ([`Nav`]). Each page carries only a small branch inline (the
//! ordered top-level pages that have an ordering property, the current page's ancestors,
//! siblings and children, each capped), and the whole tree is written once to
//! `_static/nav.html`, so total output grows linearly with the number of pages.

use super::context::Site;
use super::links::escape;
use crate::graph::{Graph, PageId, PageKind};
use std::sync::OnceLock;

/// Most entries of one list shown inline in a page's sidebar.
const INLINE_CAP: usize = 40;
/// Most ranked pages (those with an ordering property) shown on every page: the heaviest ones;
/// the rest are one click away ("N more…" → the all-pages index, in the same order, and the
/// full tree). Every page repeats this list, so it is kept short: at 200 entries it was 40 % of
/// a 10,000-page site's bytes.
const RANKED_CAP: usize = 20;
/// Deepest namespace level drawn in the full tree; deeper pages are listed flat.
const MAX_TREE_DEPTH: usize = 32;

/// The navigation tree.
#[derive(Debug, Default)]
pub struct Nav {
    /// Per page: is it in the tree.
    pub in_nav: Vec<bool>,
    /// Per page: its children in the tree, in navigation order.
    pub children: Vec<Vec<PageId>>,
    /// Top-level pages of the tree, in navigation order.
    pub roots: Vec<PageId>,
    /// Pages with a value for the first ordering property (innbok: the weighted artifacts
    /// and markers), in order: shown on every page.
    pub ranked: Vec<PageId>,
    /// Per page: its link's HTML around the `aria-current` spot, made once per build (the
    /// sidebar repeats the same links on every page; making them was 14% of a build).
    links: Vec<OnceLock<(String, String)>>,
    /// The ranked list as shown on pages that are not in it, made once per build.
    ranked_html: OnceLock<String>,
}

impl Nav {
    pub fn new(graph: &Graph) -> Nav {
        let n = graph.pages.len();
        let mut in_nav = vec![false; n];
        for (id, p) in graph.pages.iter().enumerate() {
            if matches!(p.kind, PageKind::File | PageKind::Whiteboard) {
                let mut cur = Some(id);
                while let Some(c) = cur {
                    if in_nav[c] {
                        break;
                    }
                    in_nav[c] = true;
                    cur = graph.pages[c].parent;
                }
            }
        }
        let children: Vec<Vec<PageId>> = graph
            .pages
            .iter()
            .map(|p| p.children.iter().copied().filter(|&c| in_nav[c]).collect())
            .collect();
        let roots: Vec<PageId> = graph.roots().into_iter().filter(|&r| in_nav[r]).collect();
        let first_key = graph.ordering.keys.first().map(|k| k.property.as_str());
        let ranked = roots
            .iter()
            .copied()
            .filter(|&r| {
                first_key.is_some_and(|k| crate::graph::order::number(graph, r, k).is_some())
            })
            .collect();
        Nav {
            links: (0..n).map(|_| OnceLock::new()).collect(),
            in_nav,
            children,
            roots,
            ranked,
            ranked_html: OnceLock::new(),
        }
    }
}

/// A link to a page labelled with its last namespace segment.
fn item(site: &Site, id: PageId, current: PageId) -> String {
    labelled_item(site, id, current, false)
}

/// A link to a page labelled with its last segment or, with `full`, its whole name.
fn labelled_item(site: &Site, id: PageId, current: PageId, full: bool) -> String {
    let cur = if id == current {
        " aria-current=\"page\""
    } else {
        ""
    };
    let joined = |(head, tail): &(String, String)| [head.as_str(), cur, tail.as_str()].concat();
    if full {
        return joined(&link_parts(site, id, true));
    }
    let parts = site
        .nav
        .links
        .get(id)
        .map(|l| l.get_or_init(|| link_parts(site, id, false)));
    match parts {
        Some(parts) => joined(parts),
        None => joined(&link_parts(site, id, false)),
    }
}

/// `<a href="…"` and `>{icon}{label}</a>` of a page's link: the `aria-current` goes between.
fn link_parts(site: &Site, id: PageId, full: bool) -> (String, String) {
    let graph = site.graph;
    let page = &graph.pages[id];
    let icon = super::page::icon(site, id)
        .map(|i| format!("<span class=\"page-icon\">{}</span>", escape(i)))
        .unwrap_or_default();
    let label = if full {
        &page.name
    } else {
        crate::name::last_segment(&page.name)
    };
    (
        format!("<a href=\"{}\"", site.urls.page_attr(graph, id)),
        format!(">{icon}{}</a>", escape(label)),
    )
}

/// A capped flat list of links, labelled with full names or last segments.
fn list(
    site: &Site,
    ids: &[PageId],
    current: PageId,
    more_url: Option<String>,
    cap: usize,
) -> String {
    let mut out = String::from("<ul class=\"nav-tree\">");
    for &id in ids.iter().take(cap) {
        out.push_str(&format!("<li>{}</li>", item(site, id, current)));
    }
    if ids.len() > cap {
        let more = ids.len() - cap;
        match more_url {
            Some(u) => out.push_str(&format!(
                "<li class=\"nav-more\"><a href=\"{}\">{more} more…</a></li>",
                escape(&u)
            )),
            None => out.push_str(&format!("<li class=\"nav-more\">{more} more…</li>")),
        }
    }
    out.push_str("</ul>");
    out
}

/// The sidebar branch of one page: ranked pages, then the page's place in its namespace.
pub fn branch_html(site: &Site, id: PageId) -> String {
    let nav = &site.nav;
    let graph = site.graph;
    let mut out = String::new();
    if !nav.ranked.is_empty() {
        out.push_str("<p class=\"nav-heading\">By weight</p>");
        let ranked = |current| {
            list(
                site,
                &nav.ranked,
                current,
                Some(format!("{}#by-weight", site.urls.path("_pages/"))),
                RANKED_CAP,
            )
        };
        if nav.ranked.iter().take(RANKED_CAP).any(|&r| r == id) {
            out.push_str(&ranked(id));
        } else {
            out.push_str(nav.ranked_html.get_or_init(|| ranked(PageId::MAX)));
        }
    }
    let mut chain = vec![id];
    let mut cur = graph.pages[id].parent;
    while let Some(c) = cur {
        chain.push(c);
        cur = graph.pages[c].parent;
        if chain.len() > MAX_TREE_DEPTH {
            break;
        }
    }
    chain.reverse();
    if chain.len() > 1 || !nav.children[id].is_empty() {
        out.push_str("<p class=\"nav-heading\">This section</p><ul class=\"nav-tree nav-branch\">");
        for &a in &chain[..chain.len() - 1] {
            out.push_str(&format!("<li>{}</li>", item(site, a, id)));
        }
        let parent_children = graph.pages[id]
            .parent
            .map(|p| nav.children[p].clone())
            .unwrap_or_default();
        let siblings: Vec<PageId> = if parent_children.is_empty() {
            vec![id]
        } else {
            parent_children
        };
        out.push_str("<li>");
        out.push_str(&siblings_with_children(site, &siblings, id));
        out.push_str("</li></ul>");
    }
    out
}

/// Siblings (capped, always including the current page) with the current page's children.
fn siblings_with_children(site: &Site, siblings: &[PageId], id: PageId) -> String {
    let pos = siblings.iter().position(|&s| s == id).unwrap_or(0);
    let start = pos.saturating_sub(INLINE_CAP / 2);
    let end = (start + INLINE_CAP).min(siblings.len());
    let mut out = String::from("<ul class=\"nav-tree\">");
    for &s in &siblings[start..end] {
        out.push_str("<li>");
        out.push_str(&item(site, s, id));
        if s == id && !site.nav.children[id].is_empty() {
            out.push_str(&list(
                site,
                &site.nav.children[id],
                id,
                Some(site.urls.page(site.graph, id)),
                INLINE_CAP,
            ));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// The whole tree, for `_static/nav.html`.
pub fn full_tree_html(site: &Site) -> String {
    let mut out = String::new();
    subtree(site, &site.nav.roots, 0, &mut out);
    out
}

fn subtree(site: &Site, ids: &[PageId], depth: usize, out: &mut String) {
    out.push_str("<ul class=\"nav-tree\">");
    for &id in ids {
        let kids = &site.nav.children[id];
        if kids.is_empty() || depth >= MAX_TREE_DEPTH {
            out.push_str(&format!("<li>{}</li>", item(site, id, usize::MAX)));
        } else {
            out.push_str(&format!(
                "<li><details><summary>{}</summary>",
                item(site, id, usize::MAX)
            ));
            subtree(site, kids, depth + 1, out);
            out.push_str("</details></li>");
        }
    }
    out.push_str("</ul>");
}

/// Previous and next page among the page's siblings in navigation order.
pub fn neighbours(site: &Site, id: PageId) -> (Option<PageId>, Option<PageId>) {
    let nav = &site.nav;
    if !nav.in_nav.get(id).copied().unwrap_or(false) {
        return (None, None);
    }
    let siblings = match site.graph.pages[id].parent {
        Some(p) => &nav.children[p],
        None => &nav.roots,
    };
    let Some(pos) = siblings.iter().position(|&s| s == id) else {
        return (None, None);
    };
    let prev = pos.checked_sub(1).map(|p| siblings[p]);
    let next = siblings.get(pos + 1).copied();
    (prev, next)
}
