//! The graph: every page of the site (file pages, whiteboards, stubs, aliases) with its
//! identity, URL slug, namespace place, aliases, backlinks and block ids.
//!
//! Takes the parsed files and gives an immutable index. Building it is sequential and
//! deterministic (pages are ordered by identity key), so the same graph gives the same index
//! whatever the thread count. It never renders and never touches the file system.

mod build;
pub mod journal;
mod links;
pub mod order;
pub mod patch;
pub mod publish;

pub use build::{build, GraphOptions};
pub use order::{OrderKey, Ordering};

/// The graph of markdown files given as (path, text), every page public: the small graphs of
/// unit tests.
#[cfg(test)]
pub(crate) fn of_files(files: &[(&str, &str)]) -> Graph {
    let parsed = files
        .iter()
        .map(|(path, text)| {
            let file = crate::model::SourceFile {
                rel_path: path.to_string(),
                abs_path: std::path::PathBuf::from(path),
                kind: crate::model::SourceKind::Markdown,
            };
            crate::parse::parse_page(&file, text.as_bytes(), Default::default())
        })
        .collect();
    let options = GraphOptions {
        all_pages_public: true,
        ..GraphOptions::default()
    };
    build(parsed, Vec::new(), &options)
}

use crate::diagnostics::Diagnostic;
use crate::model::{Asset, Block, BlockIx, ParsedPage};
use serde::Serialize;
use std::collections::HashMap;

/// Index of a page in [`Graph::pages`].
pub type PageId = usize;

/// A block of a page: (page, index in that page's arena).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct BlockAddr {
    pub page: PageId,
    pub block: BlockIx,
}

/// What a page is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    /// A markdown file (or several merged, see [`Page::files`]).
    File,
    /// A whiteboard `.edn` file.
    Whiteboard,
    /// A name that is referenced (or a namespace parent) but has no file: title,
    /// hierarchy and backlinks only.
    Stub,
    /// An `alias::` name without a file of its own: redirects to its owner, or lists its
    /// owners when several pages claim it.
    Alias,
}

/// One page of the site.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// Identity key (`name::page_key`): lower-case, NFC, trimmed.
    pub key: String,
    /// Display name: the file's name, else the most frequent casing among references.
    pub name: String,
    /// URL path without leading or trailing `/` (`topic/business`).
    pub slug: String,
    pub kind: PageKind,
    /// Source files, in path order (several when duplicates were merged).
    pub files: Vec<String>,
    /// Index into [`Graph::sources`] for file and whiteboard pages.
    #[serde(skip)]
    pub source: Option<usize>,
    /// Direct namespace parent (`a/b` for `a/b/c`).
    pub parent: Option<PageId>,
    /// Namespace children, in navigation order.
    pub children: Vec<PageId>,
    /// Pages this page names in `alias::` (both alias pages and pages with files).
    pub aliases: Vec<PageId>,
    /// For an alias page: the pages that claim it. For a file page named by another page's
    /// `alias::`: those pages too ("alias of").
    pub alias_of: Vec<PageId>,
    /// Pages whose `tags::` name this page.
    pub tagged: Vec<PageId>,
    /// For a page made from a journal file: its day, `yyyymmdd` ([`journal`]).
    pub journal_day: Option<u32>,
}

/// A block that references a page: a linked reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Backlink {
    pub from: BlockAddr,
}

/// The whole resolved graph.
/// The hash map of the graph's lookups by name and uuid: foldhash, seeded per process (so
/// no output can depend on its order), several times quicker than the standard SipHash on
/// the short keys looked up for every link of every page.
pub type Lookup<V> = std::collections::HashMap<String, V, foldhash::fast::RandomState>;

#[derive(Debug)]
pub struct Graph {
    /// Pages in identity-key order; [`PageId`] indexes this.
    pub pages: Vec<Page>,
    /// Parsed sources of file and whiteboard pages (duplicates merged into one).
    pub sources: Vec<ParsedPage>,
    /// Identity key → page.
    pub by_key: Lookup<PageId>,
    /// Block uuid → block.
    pub by_uuid: Lookup<BlockAddr>,
    /// Per page: blocks that reference it (directly, by link, tag, property, embed or marker),
    /// sorted by source page order then block order.
    pub backlinks: Vec<Vec<Backlink>>,
    /// The graph's assets by name.
    pub assets: HashMap<String, Asset>,
    pub ordering: Ordering,
    /// Problems found while indexing.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that were blank (no page unless referenced).
    pub blank_files: Vec<String>,
    /// Pages left out by the publishing rules: they exist nowhere in the graph.
    pub withheld: publish::Withheld,
    /// Each page's place in [`Graph::ordering`], made on first use ([`Graph::order_rank`]).
    pub rank: std::sync::OnceLock<Vec<u32>>,
}

impl Graph {
    /// The page a name refers to, without following aliases.
    pub fn page_by_name(&self, name: &str) -> Option<PageId> {
        self.by_key
            .get(crate::name::lookup_key(name).as_ref())
            .copied()
    }

    /// Where a link to `name` goes: an alias page with a single owner redirects to the owner.
    pub fn link_target(&self, name: &str) -> Option<PageId> {
        let id = self.page_by_name(name)?;
        Some(self.follow_alias(id))
    }

    /// An alias page with one owner → the owner; any other page → itself.
    pub fn follow_alias(&self, id: PageId) -> PageId {
        let page = &self.pages[id];
        match (page.kind, page.alias_of.as_slice()) {
            (PageKind::Alias, [owner]) => *owner,
            _ => id,
        }
    }

    /// The parsed source of a file or whiteboard page.
    pub fn source(&self, id: PageId) -> Option<&ParsedPage> {
        self.pages[id].source.map(|s| &self.sources[s])
    }

    /// A block by address.
    pub fn block(&self, addr: BlockAddr) -> Option<&Block> {
        self.source(addr.page)?.blocks.get(addr.block)
    }

    /// True when the page has blocks an embed would show.
    pub fn has_content(&self, id: PageId) -> bool {
        self.source(id).is_some_and(|s| s.has_content())
    }

    /// The linked references of a page: blocks referencing it or one of its aliases,
    /// grouped by source page (groups in navigation order, blocks in document order), but
    /// those inside another one's subtree (shown among its children); and the number of
    /// referring blocks.
    pub fn linked_references(&self, id: PageId) -> (Vec<(PageId, Vec<BlockIx>)>, usize) {
        links::linked_references(self, id)
    }

    /// Each page's place in the navigation order ([`Graph::ordering`]), by page id. Made
    /// once the pages' names, files and properties are set, on first use; what a wording
    /// patch ([`patch`]) changes does not move it.
    pub fn order_rank(&self) -> &[u32] {
        self.rank.get_or_init(|| self.ordering.ranks(self))
    }

    /// Sort pages in place by the navigation order: by their place in it
    /// ([`Graph::order_rank`]), so a sort compares integers, not property values and titles.
    pub fn sort_pages(&self, ids: &mut [PageId]) {
        let rank = self.order_rank();
        ids.sort_unstable_by_key(|&id| rank[id]);
    }

    /// Pages that are namespace roots (no parent), in navigation order.
    pub fn roots(&self) -> Vec<PageId> {
        let mut roots: Vec<PageId> = (0..self.pages.len())
            .filter(|&i| self.pages[i].parent.is_none())
            .collect();
        self.sort_pages(&mut roots);
        roots
    }

    /// Count of pages by kind.
    pub fn count(&self, kind: PageKind) -> usize {
        self.pages.iter().filter(|p| p.kind == kind).count()
    }
}

/// A stable, complete text dump of the index (pages with their relations, backlinks, block
/// ids), for comparing builds: identical graphs give identical dumps.
pub fn dump(graph: &Graph) -> String {
    #[derive(Serialize)]
    struct PageDump<'a> {
        page: &'a Page,
        backlinks: &'a [Backlink],
        source: Option<&'a ParsedPage>,
    }
    let pages: Vec<PageDump> = graph
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| PageDump {
            page: p,
            backlinks: &graph.backlinks[i],
            source: graph.source(i),
        })
        .collect();
    let mut uuids: Vec<(&String, &BlockAddr)> = graph.by_uuid.iter().collect();
    uuids.sort();
    let value =
        serde_json::json!({ "pages": pages, "uuids": uuids, "diagnostics": graph.diagnostics });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
