//! Links between pages: block ids, backlinks, tags, namespace children, slug collisions,
//! and the reference problems found on the way (dangling block refs, missing assets).
//!
//! Runs once over every block of every source after the pages exist; it only adds indexes
//! and diagnostics to the graph, never pages.

use super::{Backlink, BlockAddr, Graph, Page, PageId, PageKind};
use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{BlockIx, PropertyValue, Ref};
use crate::name::SlugCollision;
use rayon::prelude::*;
use std::collections::HashMap;

/// Build `by_uuid`, `backlinks`, `tagged` and sorted `children`; report dangling refs.
pub(super) fn index(graph: &mut Graph, diags: &mut Vec<Diagnostic>) {
    index_uuids(graph, diags);
    let page_of_source = source_pages(graph);
    // Resolved source by source on all cores, gathered in source order.
    let found: Vec<Found> = graph
        .sources
        .par_iter()
        .enumerate()
        .map(|(s, src)| {
            let mut found = Found::default();
            let page = page_of_source[s];
            for (b, block) in src.blocks.iter().enumerate() {
                let from = BlockAddr { page, block: b };
                for r in &block.refs {
                    check_ref(graph, &src.file, r, from, &mut found);
                }
            }
            found
        })
        .collect();
    let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); graph.pages.len()];
    for found in found {
        for (target, link) in found.links {
            backlinks[target].push(link);
        }
        diags.extend(found.diags);
    }
    for list in &mut backlinks {
        list.sort();
        list.dedup();
    }
    graph.backlinks = backlinks;
    // The navigation order is made here, while nothing else holds the graph: it is made on
    // all cores, and made lazily inside other parallel work a thread could wait on itself.
    graph.order_rank();
    index_tags(graph, &page_of_source);
    index_children(graph);
}

/// For each source index, the page it belongs to.
fn source_pages(graph: &Graph) -> Vec<PageId> {
    let mut v = vec![0; graph.sources.len()];
    for (id, p) in graph.pages.iter().enumerate() {
        if let Some(s) = p.source {
            v[s] = id;
        }
    }
    v
}

/// Block uuids (`id::`): the first in path order wins a duplicate (RELIABILITY.md case 2).
fn index_uuids(graph: &mut Graph, diags: &mut Vec<Diagnostic>) {
    let page_of_source = source_pages(graph);
    let mut by_uuid: super::Lookup<BlockAddr> = super::Lookup::default();
    let mut order: Vec<usize> = (0..graph.sources.len()).collect();
    order.sort_by(|&a, &b| graph.sources[a].file.cmp(&graph.sources[b].file));
    for s in order {
        let src = &graph.sources[s];
        for (b, block) in src.blocks.iter().enumerate() {
            let Some(uuid) = &block.uuid else { continue };
            let addr = BlockAddr {
                page: page_of_source[s],
                block: b,
            };
            if let Some(first) = by_uuid.get(uuid) {
                let first_page = &graph.pages[first.page];
                let msg = format!(
                    "block id {uuid} is also declared on page '{}'; references go to that block",
                    first_page.name
                );
                diags.push(Diagnostic::warning(
                    Kind::DuplicateBlockId,
                    &src.file,
                    Some(block.line),
                    msg,
                ));
            } else {
                by_uuid.insert(uuid.clone(), addr);
            }
        }
    }
    graph.by_uuid = by_uuid;
}

/// What the references of one source lead to.
#[derive(Default)]
struct Found {
    /// Backlinks, by the page linked to.
    links: Vec<(PageId, Backlink)>,
    diags: Vec<Diagnostic>,
}

/// Record one reference: a backlink for page refs, a diagnostic for what does not resolve.
fn check_ref(graph: &Graph, file: &str, r: &Ref, from: BlockAddr, found: &mut Found) {
    let diags = &mut found.diags;
    match r {
        Ref::Page { name, .. } => {
            if let Some(target) = graph.page_by_name(name) {
                found.links.push((target, Backlink { from }));
            }
        }
        Ref::Block { uuid, line } | Ref::EmbedBlock { uuid, line }
            if !graph.by_uuid.contains_key(&uuid.to_lowercase())
                && !graph.withheld.uuids.contains(&uuid.to_lowercase()) =>
        {
            let msg = format!("block reference (({uuid})) names no block in the graph");
            diags.push(Diagnostic::warning(
                Kind::DanglingBlockRef,
                file,
                Some(*line),
                msg,
            ));
        }
        Ref::Asset { name, line } if !graph.assets.contains_key(name) => {
            let msg = format!("asset '{name}' is not in the graph's assets/ folder");
            diags.push(Diagnostic::warning(
                Kind::MissingAsset,
                file,
                Some(*line),
                msg,
            ));
        }
        _ => {}
    }
}

/// `tags::` page property → the tagged pages of each tag page.
fn index_tags(graph: &mut Graph, page_of_source: &[PageId]) {
    let mut tagged: Vec<Vec<PageId>> = vec![Vec::new(); graph.pages.len()];
    for (s, src) in graph.sources.iter().enumerate() {
        if let Some(PropertyValue::Refs(names)) = src.properties.get("tags").map(|p| &p.value) {
            for n in names {
                if let Some(t) = graph.page_by_name(n) {
                    tagged[t].push(page_of_source[s]);
                }
            }
        }
    }
    for (id, mut list) in tagged.into_iter().enumerate() {
        list.dedup();
        graph.sort_pages(&mut list);
        graph.pages[id].tagged = list;
    }
}

/// Namespace children of every page, in navigation order.
fn index_children(graph: &mut Graph) {
    let mut children: Vec<Vec<PageId>> = vec![Vec::new(); graph.pages.len()];
    for (id, p) in graph.pages.iter().enumerate() {
        if let Some(parent) = p.parent {
            children[parent].push(id);
        }
    }
    for (id, mut list) in children.into_iter().enumerate() {
        graph.sort_pages(&mut list);
        graph.pages[id].children = list;
    }
}

/// Report slug collisions; with `resolve_twins`, a stub whose slug twin is exactly one file
/// page becomes an alias of that page (LOGSEQ.md §8.2).
pub(super) fn slug_collisions(
    pages: &mut [Page],
    collisions: &[SlugCollision],
    by_key: &super::Lookup<PageId>,
    resolve_twins: bool,
    diags: &mut Vec<Diagnostic>,
) {
    for c in collisions {
        let ids: Vec<PageId> = c
            .keys
            .iter()
            .filter_map(|k| by_key.get(k).copied())
            .collect();
        let with_file: Vec<PageId> = ids
            .iter()
            .copied()
            .filter(|&i| !pages[i].files.is_empty())
            .collect();
        let names: Vec<String> = ids
            .iter()
            .map(|&i| format!("'{}'", pages[i].name))
            .collect();
        let file = with_file
            .first()
            .and_then(|&i| pages[i].files.first().cloned())
            .unwrap_or_default();
        if resolve_twins && with_file.len() == 1 {
            let owner = with_file[0];
            for &i in &ids {
                if i != owner && pages[i].kind == PageKind::Stub {
                    pages[i].kind = PageKind::Alias;
                    pages[i].alias_of = vec![owner];
                }
            }
            let msg = format!(
                "links to {} differ only in punctuation; they lead to '{}'",
                names.join(", "),
                pages[owner].name
            );
            diags.push(Diagnostic::info(Kind::SlugCollision, &file, None, msg));
        } else {
            let msg = format!(
                "pages {} share the URL /{}/; all but the first get a suffixed URL",
                names.join(", "),
                c.slug
            );
            diags.push(Diagnostic::info(Kind::SlugCollision, &file, None, msg));
        }
    }
}

/// Blocks referencing `id` or one of its aliases, grouped by source page in navigation
/// order; a page's own blocks are not its backlinks. A block inside the subtree of another
/// referring block of its page is left out of the group: it is shown there, among that
/// block's children (Logseq lists it twice, which its users report as a bug, logseq#5614).
/// Also the number of referring blocks, those left out included.
pub(super) fn linked_references(graph: &Graph, id: PageId) -> (Vec<(PageId, Vec<BlockIx>)>, usize) {
    let mut targets = vec![id];
    targets.extend(graph.pages[id].aliases.iter().copied());
    let mut groups: HashMap<PageId, Vec<BlockIx>> = HashMap::new();
    for t in targets {
        for bl in &graph.backlinks[t] {
            if bl.from.page != id {
                groups.entry(bl.from.page).or_default().push(bl.from.block);
            }
        }
    }
    let mut pages: Vec<PageId> = groups.keys().copied().collect();
    graph.sort_pages(&mut pages);
    let mut referring = 0;
    let shown = pages
        .into_iter()
        .map(|p| {
            let mut blocks = groups.remove(&p).unwrap_or_default();
            blocks.sort_unstable();
            blocks.dedup();
            referring += blocks.len();
            (p, outermost(graph, p, blocks))
        })
        .collect();
    (shown, referring)
}

/// The blocks of `page` (ascending, distinct) that have none of the others among their
/// ancestors.
fn outermost(graph: &Graph, page: PageId, blocks: Vec<BlockIx>) -> Vec<BlockIx> {
    let Some(src) = graph.source(page).filter(|_| blocks.len() > 1) else {
        return blocks;
    };
    let nested = |b: BlockIx| {
        let mut up = src.blocks.get(b).and_then(|blk| blk.parent);
        // At most a step per block of the page: a parent chain never loops in a parsed
        // page, and the bound keeps a malformed one finite.
        for _ in 0..src.blocks.len() {
            let Some(p) = up else { return false };
            if blocks.binary_search(&p).is_ok() {
                return true;
            }
            up = src.blocks.get(p).and_then(|blk| blk.parent);
        }
        false
    };
    blocks.iter().copied().filter(|&b| !nested(b)).collect()
}
