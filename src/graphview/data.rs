//! The graph view's data: which pages are nodes, which relations are edges, which colour
//! group each node has, and the global graph file the browser draws (`_graph/graph.json`).
//!
//! Nodes are the published pages a reader can open: file pages, whiteboards and stubs (an
//! alias is folded into its owner). Edges join a page to the pages its blocks reference
//! (links, tags, properties, embeds: the graph's backlinks read the other way) and to its
//! namespace parent. Private pages never reach the graph (`graph::publish` removes them
//! before indexing); the index also skips any withheld name, so no graph file can hold one.

use super::layout::{self, Params};
use crate::graph::{Graph, PageId, PageKind};
use crate::render::context::Site;
use serde::Serialize;
use std::sync::OnceLock;

/// How many namespace roots get a colour of their own; the rest share one.
pub const NAMED_ROOTS: usize = 8;
/// Group of pages inside a namespace whose root has no colour of its own.
pub const OTHER_NAMESPACES: u8 = NAMED_ROOTS as u8;
/// Group of file pages and whiteboards outside any namespace.
pub const PLAIN_PAGES: u8 = OTHER_NAMESPACES + 1;
/// Group of stubs outside any namespace.
pub const STUBS: u8 = PLAIN_PAGES + 1;

/// The nodes and edges of the whole site, built once per build.
#[derive(Debug, Clone)]
pub struct Index {
    /// Page id → node, `None` for pages that are not nodes (aliases).
    pub node_of: Vec<Option<u32>>,
    /// Node → page id, in page id order.
    pub pages: Vec<PageId>,
    /// Node → neighbour nodes, sorted, without repeats or the node itself.
    pub neighbours: Vec<Vec<u32>>,
    /// Node → colour group (`g<group>` in the CSS).
    pub group: Vec<u8>,
    /// Group → its name for the legend (empty for groups no node has).
    pub group_names: Vec<String>,
    /// Node → its label in local graphs, made when a local graph first shows the node (a page
    /// is shown in the local graph of each of its neighbours).
    pub local_labels: Vec<OnceLock<String>>,
}

impl Index {
    /// Index the published pages of `graph`.
    pub fn new(graph: &Graph) -> Index {
        let mut node_of = vec![None; graph.pages.len()];
        let mut pages = Vec::new();
        for (id, page) in graph.pages.iter().enumerate() {
            if page.kind != PageKind::Alias && !graph.withheld.keys.contains(&page.key) {
                node_of[id] = Some(pages.len() as u32);
                pages.push(id);
            }
        }
        let neighbours = neighbours(graph, &node_of, pages.len());
        let (group, group_names) = groups(graph, &pages);
        let local_labels = pages.iter().map(|_| OnceLock::new()).collect();
        Index {
            node_of,
            pages,
            neighbours,
            group,
            group_names,
            local_labels,
        }
    }

    /// Every edge once, as (smaller node, larger node), in order.
    pub fn edges(&self) -> Vec<(u32, u32)> {
        self.neighbours
            .iter()
            .enumerate()
            .flat_map(|(a, list)| {
                list.iter()
                    .filter(move |&&b| b > a as u32)
                    .map(move |&b| (a as u32, b))
            })
            .collect()
    }
}

/// Undirected adjacency from backlinks and namespace parents.
fn neighbours(graph: &Graph, node_of: &[Option<u32>], n: usize) -> Vec<Vec<u32>> {
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n];
    let node = |id: PageId| node_of[graph.follow_alias(id)];
    let mut join = |a: Option<u32>, b: Option<u32>| {
        if let (Some(a), Some(b)) = (a, b) {
            if a != b {
                adj[a as usize].push(b);
                adj[b as usize].push(a);
            }
        }
    };
    for (target, list) in graph.backlinks.iter().enumerate() {
        for b in list {
            join(node(b.from.page), node(target));
        }
    }
    for (id, page) in graph.pages.iter().enumerate() {
        if let Some(parent) = page.parent {
            join(node(id), node(parent));
        }
    }
    for list in &mut adj {
        list.sort_unstable();
        list.dedup();
    }
    adj
}

/// Colour group of every node and the groups' names: the [`NAMED_ROOTS`] largest namespace
/// roots by node count (ties by name), then other namespaces, plain pages and stubs.
fn groups(graph: &Graph, pages: &[PageId]) -> (Vec<u8>, Vec<String>) {
    let root_of = |id: PageId| -> Option<PageId> {
        let page = &graph.pages[id];
        if page.parent.is_none() && page.children.is_empty() {
            return None;
        }
        let mut r = id;
        while let Some(p) = graph.pages[r].parent {
            r = p;
        }
        Some(r)
    };
    let roots: Vec<Option<PageId>> = pages.iter().map(|&id| root_of(id)).collect();
    let mut count: std::collections::HashMap<PageId, usize> = std::collections::HashMap::new();
    for r in roots.iter().flatten() {
        *count.entry(*r).or_default() += 1;
    }
    let mut ranked: Vec<(PageId, usize)> = count.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| graph.pages[a.0].key.cmp(&graph.pages[b.0].key))
    });
    ranked.truncate(NAMED_ROOTS);
    let mut names = vec![String::new(); STUBS as usize + 1];
    for (i, (r, _)) in ranked.iter().enumerate() {
        names[i] = graph.pages[*r].name.clone();
    }
    let group: Vec<u8> = pages
        .iter()
        .zip(&roots)
        .map(|(&id, root)| match root {
            Some(r) => ranked
                .iter()
                .position(|(x, _)| x == r)
                .map_or(OTHER_NAMESPACES, |i| i as u8),
            None if graph.pages[id].kind == PageKind::Stub => STUBS,
            None => PLAIN_PAGES,
        })
        .collect();
    for (g, label) in [
        (OTHER_NAMESPACES, "other namespaces"),
        (PLAIN_PAGES, "pages"),
        (STUBS, "pages without content"),
    ] {
        if group.contains(&g) {
            names[g as usize] = label.to_string();
        }
    }
    (group, names)
}

/// The global graph as the browser reads it: `nodes` are `[x, y, group, title, url]` (x and y
/// in layout units, url relative to the site's base URL), `edges` are pairs of node indices
/// flattened (`[a0, b0, a1, b1, …]`), `groups` name the colour groups.
#[derive(Debug, Serialize)]
pub struct GlobalData<'a> {
    pub groups: &'a [String],
    pub nodes: Vec<(i32, i32, u8, &'a str, String)>,
    pub edges: Vec<u32>,
}

/// The layout of every node of `index`, in node order.
pub fn positions(index: &Index) -> Vec<[f64; 2]> {
    positions_of(index, &index.edges())
}

fn positions_of(index: &Index, edges: &[(u32, u32)]) -> Vec<[f64; 2]> {
    layout::layout_memo(index.pages.len(), edges, &Params::default())
}

/// Lay the whole site out and give the data of `_graph/graph.json`.
pub fn global<'a>(site: &'a Site, index: &'a Index) -> GlobalData<'a> {
    let graph = site.graph;
    let edges = index.edges();
    let pos = positions_of(index, &edges);
    let base = &site.urls.base;
    let nodes = index
        .pages
        .iter()
        .zip(&pos)
        .zip(&index.group)
        .map(|((&id, p), &g)| {
            let url = site.urls.page(graph, id);
            let rel = url.strip_prefix(base.as_str()).unwrap_or(&url).to_string();
            let name = graph.pages[id].name.as_str();
            (p[0].round() as i32, p[1].round() as i32, g, name, rel)
        })
        .collect();
    GlobalData {
        groups: &index.group_names,
        nodes,
        edges: edges.into_iter().flat_map(|(a, b)| [a, b]).collect(),
    }
}
