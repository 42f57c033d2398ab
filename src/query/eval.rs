//! Evaluation of a [`Query`] over the graph (LOGSEQ.md §7.1). Takes the graph's [`Index`]
//! (built once per site: every block's searchable text, and per page the blocks whose direct
//! refs or path-refs hold it, per property key the blocks that have it) and
//! gives [`Results`]: blocks or pages, in a deterministic order. It never renders and never
//! changes the graph.
//!
//! Semantics of Logseq 0.9.8 (`query_dsl.cljs`, `rules.cljc`): a block's refs are its page
//! refs, tags, property-value refs, embed targets and marker page, plus every namespace
//! prefix of those (`with-page-refs`); its path-refs are its refs, its ancestors' refs and its
//! own page. `and` intersects; filters that give pages (`page-property`, `namespace`,
//! `page-tags`) constrain the page of the blocks they are combined with; `not` subtracts.

use super::days;
use super::dsl::{DayBound, Query, SortBy, Value};
use crate::graph::{BlockAddr, Graph, PageId};
use crate::model::{Block, ParsedPage, Properties, PropertyValue, Ref};
use crate::name::{lookup_key, page_key};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What a query found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Results {
    Blocks(Vec<BlockAddr>),
    Pages(Vec<PageId>),
}

impl Results {
    pub fn len(&self) -> usize {
        match self {
            Results::Blocks(b) => b.len(),
            Results::Pages(p) => p.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The distinct pages the results come from, in result order: what a page showing this
    /// query depends on for incremental rebuilds.
    pub fn pages(&self) -> Vec<PageId> {
        let mut seen = HashSet::new();
        let ids: Vec<PageId> = match self {
            Results::Blocks(b) => b.iter().map(|a| a.page).collect(),
            Results::Pages(p) => p.clone(),
        };
        ids.into_iter().filter(|p| seen.insert(*p)).collect()
    }
}

/// Every block of the graph with what queries test, built once.
#[derive(Debug)]
pub struct Index {
    blocks: Vec<BlockAddr>,
    text: Vec<String>,
    /// Per page: its block positions in `blocks`, in document order.
    by_page: HashMap<PageId, Vec<usize>>,
    /// Per page: the page's position in title order.
    title_rank: Vec<usize>,
    /// Per page: the journal day (`yyyymmdd`) of journal pages.
    journal_day: HashMap<PageId, u32>,
    /// By page id: the blocks (ascending positions) whose direct refs, or path-refs, hold
    /// the page; and per property key: the blocks that have it. A reference or property
    /// filter reads its blocks here instead of testing every block of the graph (innbok's 120
    /// query evaluations each tested its ~11,900 blocks).
    direct_of: Vec<Vec<usize>>,
    path_of: Vec<Vec<usize>>,
    with_key: foldhash::HashMap<String, Vec<usize>>,
}

impl Index {
    /// Index every block of every file and whiteboard page.
    pub fn new(graph: &Graph) -> Index {
        Self::of_pages(graph, 0..graph.pages.len())
    }

    /// Index the blocks of `pages` only (the title order still covers the whole graph): a
    /// query evaluated on it gives, among its results on those pages, exactly the full
    /// index's (block conditions read only the block, its parents and its page; page
    /// conditions read the graph). `innsite serve` uses it to see whether an edit of those
    /// pages can touch a query's results.
    pub fn of_pages(graph: &Graph, pages: impl IntoIterator<Item = PageId>) -> Index {
        let pages: Vec<PageId> = pages.into_iter().collect();
        // Each page's blocks are indexed on their own, in parallel (the whole graph's took
        // 20 ms on one thread for innbok, while the other pages needing it waited), then put
        // together in page order.
        let (title_rank, indexed) = rayon::join(
            || title_ranks(graph),
            || {
                pages
                    .par_iter()
                    .filter_map(|&id| PageBlocks::of(graph, id).map(|p| (id, p)))
                    .collect::<Vec<_>>()
            },
        );
        let mut ix = Index {
            blocks: Vec::new(),
            text: Vec::new(),
            by_page: HashMap::new(),
            title_rank,
            journal_day: HashMap::new(),
            direct_of: Vec::new(),
            path_of: Vec::new(),
            with_key: foldhash::HashMap::default(),
        };
        let (mut direct, mut path) = (Vec::new(), Vec::new());
        for (id, page) in indexed {
            direct.extend(page.direct);
            path.extend(page.path);
            ix.add_page(id, page.journal_day, page.text);
        }
        let ((direct_of, path_of), with_key) = rayon::join(
            || {
                let pages = graph.pages.len();
                rayon::join(|| invert(&direct, pages), || invert(&path, pages))
            },
            || key_postings(graph, &ix.blocks),
        );
        (ix.direct_of, ix.path_of, ix.with_key) = (direct_of, path_of, with_key);
        ix
    }

    /// Add page `id`'s blocks (their searchable text) after those added before.
    fn add_page(&mut self, id: PageId, journal_day: Option<u32>, text: Vec<String>) {
        if let Some(day) = journal_day {
            self.journal_day.insert(id, day);
        }
        let first = self.blocks.len();
        let count = text.len();
        if count > 0 {
            self.by_page
                .entry(id)
                .or_default()
                .extend(first..first + count);
        }
        self.blocks
            .extend((0..count).map(|block| BlockAddr { page: id, block }));
        self.text.extend(text);
    }

    /// Number of indexed blocks.
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }
}

/// What the index holds of one page's blocks (in block order).
struct PageBlocks {
    journal_day: Option<u32>,
    direct: Vec<Vec<PageId>>,
    path: Vec<Vec<PageId>>,
    text: Vec<String>,
}

impl PageBlocks {
    /// The blocks of page `id`; `None` for a page without a source.
    fn of(graph: &Graph, id: PageId) -> Option<PageBlocks> {
        let page = &graph.pages[id];
        let src = graph.source(id)?;
        // On a whiteboard Logseq 0.9.8 gives refs to page portals (`[[key]]` counts the
        // portal of `innBoK metamodel whiteboard`) but not to blocks stored in the `.edn`
        // (their `:block/refs` are not extracted), which carry a uuid: LOGSEQ.md §7.2
        // form 6 does not count `important and uncertain chart`'s `[[*****]]` block.
        let whiteboard = page.kind == crate::graph::PageKind::Whiteboard;
        let direct: Vec<Vec<PageId>> = src
            .blocks
            .iter()
            .map(|b| {
                let stored = whiteboard && (b.uuid.is_some() || b.parent.is_some());
                if stored {
                    Vec::new()
                } else {
                    direct_refs(graph, b)
                }
            })
            .collect();
        let path = path_refs(id, src, &direct);
        Some(PageBlocks {
            journal_day: journal_day(&page.name, &page.files),
            direct,
            path,
            text: src.blocks.iter().map(search_text).collect(),
        })
    }
}

/// Per page (of `pages`), the blocks (ascending positions) whose list in `refs` holds it.
fn invert(refs: &[Vec<PageId>], pages: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); pages];
    for (i, ids) in refs.iter().enumerate() {
        for &p in ids {
            out[p].push(i);
        }
    }
    out
}

/// Per property key, the blocks (ascending positions) that have it.
fn key_postings(graph: &Graph, blocks: &[BlockAddr]) -> foldhash::HashMap<String, Vec<usize>> {
    let mut out = foldhash::HashMap::<String, Vec<usize>>::default();
    for (i, addr) in blocks.iter().enumerate() {
        let Some(block) = graph.block(*addr) else {
            continue;
        };
        for (n, prop) in block.properties.iter().enumerate() {
            // Once per block, for a key written twice.
            if block.properties.iter().position(|q| q.key == prop.key) != Some(n) {
                continue;
            }
            match out.get_mut(prop.key.as_str()) {
                Some(list) => list.push(i),
                None => {
                    out.insert(prop.key.clone(), vec![i]);
                }
            }
        }
    }
    out
}

/// Page ids in title order (case-insensitive, then id).
fn title_ranks(graph: &Graph) -> Vec<usize> {
    let mut ids: Vec<PageId> = (0..graph.pages.len()).collect();
    ids.sort_by_cached_key(|&i| (page_key(&graph.pages[i].name), i));
    let mut rank = vec![0; ids.len()];
    for (r, id) in ids.into_iter().enumerate() {
        rank[id] = r;
    }
    rank
}

/// `journals/2023_01_05.md`, or a page named like a day.
fn journal_day(name: &str, files: &[String]) -> Option<u32> {
    let from_file = files.iter().find_map(|f| {
        let stem = f.strip_prefix("journals/")?.rsplit_once('.')?.0;
        days::parse_day(stem)
    });
    from_file.or_else(|| days::parse_day(name))
}

/// The pages a block refers to, with namespace prefixes, sorted and deduplicated.
fn direct_refs(graph: &Graph, block: &Block) -> Vec<PageId> {
    let mut out = Vec::new();
    for r in &block.refs {
        let Ref::Page { name, .. } = r else { continue };
        let key = lookup_key(name);
        for prefix in crate::name::namespace_ancestors(&key) {
            out.extend(graph.page_by_name(prefix));
        }
        out.extend(graph.page_by_name(&key));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Each block's path-refs (ascending, once each): its page, its direct refs and those of its
/// ancestors. A parent comes before its children in the page's block list, so each block's
/// list is its parent's merged with its own refs, not gathered again up to the root.
fn path_refs(page: PageId, src: &ParsedPage, direct: &[Vec<PageId>]) -> Vec<Vec<PageId>> {
    let mut path: Vec<Vec<PageId>> = Vec::with_capacity(src.blocks.len());
    for (b, block) in src.blocks.iter().enumerate() {
        let mut mine = Vec::new();
        match block.parent {
            Some(p) if p < b => mine.extend_from_slice(&path[p]),
            // A parent after its child (never so in a parsed page): its refs gathered up to
            // the root, a step per block at most.
            Some(_) => {
                let mut up = block.parent;
                for _ in 0..src.blocks.len() {
                    let Some(p) = up else { break };
                    mine.extend_from_slice(&direct[p]);
                    up = src.blocks[p].parent;
                }
            }
            None => {}
        }
        mine.extend_from_slice(&direct[b]);
        mine.push(page);
        mine.sort_unstable();
        mine.dedup();
        path.push(mine);
    }
    path
}

/// The text full-text search looks at: Logseq's raw `:block/content`, i.e. the block text
/// with its heading hashes, marker and property lines.
fn search_text(block: &Block) -> String {
    let mut s = String::new();
    if let Some(h) = block.heading {
        s.push_str(&"#".repeat(h as usize));
        s.push(' ');
    }
    if let Some(m) = block.marker {
        s.push_str(m.as_str());
        s.push(' ');
    }
    s.push_str(&block.content);
    for p in block.properties.iter() {
        s.push('\n');
        s.push_str(&p.key);
        s.push_str(":: ");
        s.push_str(&p.raw);
    }
    s
}

/// A set of blocks (positions in the index) or pages.
enum Set {
    Blocks(BTreeSet<usize>),
    Pages(BTreeSet<PageId>),
}

/// Evaluate a filter and sort the results.
pub fn evaluate(graph: &Graph, ix: &Index, query: &Query, sort: Option<&SortBy>) -> Results {
    match eval(graph, ix, query) {
        Set::Blocks(b) => {
            let mut v: Vec<usize> = b.into_iter().collect();
            sort_blocks(graph, ix, &mut v, sort);
            Results::Blocks(v.into_iter().map(|i| ix.blocks[i]).collect())
        }
        Set::Pages(p) => {
            let mut v: Vec<PageId> = p.into_iter().collect();
            sort_pages(graph, ix, &mut v, sort);
            Results::Pages(v)
        }
    }
}

fn eval(graph: &Graph, ix: &Index, q: &Query) -> Set {
    match q {
        Query::And(parts) => and(graph, ix, parts),
        Query::Or(parts) => or(graph, ix, parts),
        Query::Not(inner) => match eval(graph, ix, inner) {
            Set::Blocks(b) => {
                Set::Blocks((0..ix.blocks.len()).filter(|i| !b.contains(i)).collect())
            }
            Set::Pages(p) => {
                Set::Pages((0..graph.pages.len()).filter(|i| !p.contains(i)).collect())
            }
        },
        Query::PageRef(name) => refs_filter(graph, &ix.path_of, name),
        Query::DirectRef(name) => refs_filter(graph, &ix.direct_of, name),
        Query::Text(t) => {
            let finder = memchr::memmem::Finder::new(t.as_bytes());
            blocks_where(ix, |i| finder.find(ix.text[i].as_bytes()).is_some())
        }
        Query::Property { key, value } => Set::Blocks(
            ix.with_key
                .get(key.as_str())
                .into_iter()
                .flatten()
                .copied()
                .filter(|&i| {
                    let block = graph.block(ix.blocks[i]);
                    block.is_some_and(|b| has_property(&b.properties, key, value.as_ref()))
                })
                .collect(),
        ),
        Query::PageProperty { key, value } => Set::Pages(
            (0..graph.pages.len())
                .filter(|&id| {
                    graph
                        .source(id)
                        .is_some_and(|s| has_property(&s.properties, key, value.as_ref()))
                })
                .collect(),
        ),
        Query::Namespace(name) => {
            let parent = graph.page_by_name(name);
            Set::Pages(
                (0..graph.pages.len())
                    .filter(|&id| parent.is_some() && graph.pages[id].parent == parent)
                    .collect(),
            )
        }
        Query::Task(markers) => blocks_where(ix, |i| {
            graph
                .block(ix.blocks[i])
                .and_then(|b| b.marker)
                .is_some_and(|m| markers.contains(&m))
        }),
        Query::Priority(ps) => blocks_where(ix, |i| {
            graph
                .block(ix.blocks[i])
                .and_then(|b| super::priority_of(&b.content))
                .is_some_and(|p| ps.contains(&p))
        }),
        Query::Page(names) => {
            let pages: HashSet<PageId> =
                names.iter().filter_map(|n| graph.page_by_name(n)).collect();
            blocks_where(ix, |i| pages.contains(&ix.blocks[i].page))
        }
        Query::PageTags(names) => Set::Pages(
            names
                .iter()
                .filter_map(|n| graph.page_by_name(n))
                .flat_map(|t| graph.pages[t].tagged.iter().copied())
                .collect(),
        ),
        Query::Between(a, b) => {
            let (lo, hi) = (bound(a), bound(b));
            let (lo, hi) = (lo.min(hi), lo.max(hi));
            blocks_where(ix, |i| {
                ix.journal_day
                    .get(&ix.blocks[i].page)
                    .is_some_and(|d| (lo..=hi).contains(d))
            })
        }
    }
}

fn bound(b: &DayBound) -> u32 {
    match b {
        DayBound::Day(d) => *d,
        DayBound::Relative(n) => days::today(*n),
    }
}

fn blocks_where(ix: &Index, keep: impl Fn(usize) -> bool) -> Set {
    Set::Blocks((0..ix.blocks.len()).filter(|&i| keep(i)).collect())
}

/// The blocks whose refs (direct or path, per `postings`) hold page `name`.
fn refs_filter(graph: &Graph, postings: &[Vec<usize>], name: &str) -> Set {
    match graph.page_by_name(name) {
        Some(p) => Set::Blocks(postings.get(p).into_iter().flatten().copied().collect()),
        None => Set::Blocks(BTreeSet::new()),
    }
}

/// `and`: positive parts intersect (page sets constrain the blocks' pages), `not` parts
/// subtract; with no positive part the base is every block.
fn and(graph: &Graph, ix: &Index, parts: &[Query]) -> Set {
    let mut blocks: Option<BTreeSet<usize>> = None;
    let mut pages: Option<BTreeSet<PageId>> = None;
    let mut minus: Vec<Set> = Vec::new();
    for part in parts {
        if let Query::Not(inner) = part {
            minus.push(eval(graph, ix, inner));
            continue;
        }
        match eval(graph, ix, part) {
            Set::Blocks(b) => blocks = Some(intersect(blocks, b)),
            Set::Pages(p) => pages = Some(intersect(pages, p)),
        }
    }
    let mut result = match (blocks, pages) {
        (Some(b), Some(p)) => Set::Blocks(
            b.into_iter()
                .filter(|&i| p.contains(&ix.blocks[i].page))
                .collect(),
        ),
        (Some(b), None) => Set::Blocks(b),
        (None, Some(p)) => Set::Pages(p),
        (None, None) => Set::Blocks((0..ix.blocks.len()).collect()),
    };
    for m in minus {
        result = subtract(ix, result, m);
    }
    result
}

fn intersect<T: Ord>(acc: Option<BTreeSet<T>>, next: BTreeSet<T>) -> BTreeSet<T> {
    match acc {
        None => next,
        Some(a) => a.into_iter().filter(|x| next.contains(x)).collect(),
    }
}

fn subtract(ix: &Index, from: Set, minus: Set) -> Set {
    match (from, minus) {
        (Set::Blocks(b), Set::Blocks(m)) => Set::Blocks(&b - &m),
        (Set::Blocks(b), Set::Pages(m)) => Set::Blocks(
            b.into_iter()
                .filter(|&i| !m.contains(&ix.blocks[i].page))
                .collect(),
        ),
        (Set::Pages(p), Set::Pages(m)) => Set::Pages(&p - &m),
        (Set::Pages(p), Set::Blocks(m)) => {
            let hit: HashSet<PageId> = m.iter().map(|&i| ix.blocks[i].page).collect();
            Set::Pages(p.into_iter().filter(|x| !hit.contains(x)).collect())
        }
    }
}

/// `or`: union; when blocks and pages mix, the pages count as all their blocks.
fn or(graph: &Graph, ix: &Index, parts: &[Query]) -> Set {
    let sets: Vec<Set> = parts.iter().map(|p| eval(graph, ix, p)).collect();
    if sets.iter().all(|s| matches!(s, Set::Pages(_))) {
        return Set::Pages(
            sets.into_iter()
                .flat_map(|s| match s {
                    Set::Pages(p) => p,
                    Set::Blocks(_) => BTreeSet::new(),
                })
                .collect(),
        );
    }
    let mut out = BTreeSet::new();
    for s in sets {
        match s {
            Set::Blocks(b) => out.extend(b),
            Set::Pages(p) => {
                for id in p {
                    out.extend(ix.by_page.get(&id).into_iter().flatten().copied());
                }
            }
        }
    }
    Set::Blocks(out)
}

/// Whether properties have `key` (any value, even empty) or `key` with a matching value.
pub fn has_property(props: &Properties, key: &str, value: Option<&Value>) -> bool {
    let Some(p) = props.get(key) else {
        return false;
    };
    let Some(want) = value else {
        return true;
    };
    match (&p.value, want) {
        (PropertyValue::Refs(names), Value::Ref(n) | Value::Text(n)) => {
            let k = page_key(n);
            names.iter().any(|x| page_key(x) == k)
        }
        (PropertyValue::Text(t) | PropertyValue::Quoted(t), Value::Ref(n) | Value::Text(n)) => {
            t.trim() == n.trim()
        }
        (PropertyValue::Text(t) | PropertyValue::Quoted(t), Value::Int(i)) => {
            t.trim() == i.to_string()
        }
        (PropertyValue::Text(t) | PropertyValue::Quoted(t), Value::Bool(b)) => {
            t.trim() == b.to_string()
        }
        (PropertyValue::Integer(i), Value::Int(j)) => i == j,
        (PropertyValue::Integer(i), Value::Text(t)) => t.trim() == i.to_string(),
        (PropertyValue::Bool(b), Value::Bool(c)) => b == c,
        (PropertyValue::Bool(b), Value::Text(t)) => t.trim() == b.to_string(),
        _ => false,
    }
}

/// Default: pages in title order, blocks in document order; `sort-by` first when given.
fn sort_blocks(graph: &Graph, ix: &Index, v: &mut [usize], sort: Option<&SortBy>) {
    let default = |a: &usize, b: &usize| {
        let (x, y) = (ix.blocks[*a], ix.blocks[*b]);
        ix.title_rank[x.page]
            .cmp(&ix.title_rank[y.page])
            .then(x.block.cmp(&y.block))
    };
    match sort {
        None => v.sort_by(default),
        Some(s) => v.sort_by(|a, b| {
            let pa = graph.block(ix.blocks[*a]).map(|b| &b.properties);
            let pb = graph.block(ix.blocks[*b]).map(|b| &b.properties);
            compare_values(pa, pb, s).then_with(|| default(a, b))
        }),
    }
}

fn sort_pages(graph: &Graph, ix: &Index, v: &mut [PageId], sort: Option<&SortBy>) {
    let default = |a: &PageId, b: &PageId| ix.title_rank[*a].cmp(&ix.title_rank[*b]);
    match sort {
        None => v.sort_by(default),
        Some(s) => v.sort_by(|a, b| {
            let pa = graph.source(*a).map(|x| &x.properties);
            let pb = graph.source(*b).map(|x| &x.properties);
            compare_values(pa, pb, s).then_with(|| default(a, b))
        }),
    }
}

/// Compare two property values for `sort-by`: numbers numerically (`33.6` too), other text
/// case-insensitively; a missing or empty value sorts last in both directions.
pub fn compare_values(a: Option<&Properties>, b: Option<&Properties>, s: &SortBy) -> Ordering {
    let get = |p: Option<&Properties>| {
        p.and_then(|p| p.get(&s.key))
            .filter(|x| !x.raw.trim().is_empty())
            .map(|x| (x.number(), x.raw.trim().to_lowercase()))
    };
    match (get(a), get(b)) {
        (None, None) => Ordering::Equal,
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (Some(x), Some(y)) => {
            let c = match (x.0, y.0) {
                (Some(m), Some(n)) => m.partial_cmp(&n).unwrap_or(Ordering::Equal),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => x.1.cmp(&y.1),
            };
            if s.descending {
                c.reverse()
            } else {
                c
            }
        }
    }
}
