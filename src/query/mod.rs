//! Build-time queries (LOGSEQ.md §7): takes the text of a `{{query …}}` or a `#+BEGIN_QUERY`
//! body and gives either a [`Spec`] to evaluate over the graph or the reason it cannot be
//! (invalid → Logseq's "Invalid query" box; unsupported → a visible notice). It never writes
//! files; rendering the results is [`view`]'s job and happens inside a page render.
//!
//! `reader` (query text → forms) → `dsl` (forms → typed [`dsl::Query`]) or `advanced` (the
//! `#+BEGIN_QUERY` map, including datalog) → `eval` (the query over an [`eval::Index`] of the
//! graph) → `view` (HTML, honouring `query-table::`, `query-properties::`, `query-sort-by::`,
//! `query-sort-desc::`).

pub mod advanced;
pub mod days;
pub mod dsl;
pub mod eval;
pub mod reader;
pub mod view;

pub use dsl::{DslError, Query, SortBy};
pub use eval::{Index, Results};

use crate::graph::Graph;
use std::sync::OnceLock;

/// A query ready to evaluate, with the view options of an advanced query.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// None: the query holds only `sort-by` (no results).
    pub filter: Option<Query>,
    pub sort: Option<SortBy>,
    /// `:title` (plain text).
    pub title: Option<String>,
    /// `:collapsed? true`: results folded under the header.
    pub collapsed: bool,
    /// `:breadcrumb-show?` (default true).
    pub breadcrumb: bool,
    /// `:group-by-page?` (default true).
    pub group_by_page: bool,
    /// `:table-view?`, when given.
    pub table: Option<bool>,
    /// Result blocks are shown with their children (`:remove-block-children?` false).
    pub children: bool,
    /// A `:result-transform` was present and ignored.
    pub ignored_transform: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            filter: None,
            sort: None,
            title: None,
            collapsed: false,
            breadcrumb: true,
            group_by_page: true,
            table: None,
            children: true,
            ignored_transform: false,
        }
    }
}

/// What a query's text amounts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Prepared {
    /// Blank query: renders nothing.
    Blank,
    Ready(Spec),
    /// Logseq shows "Invalid query".
    Invalid(String),
    /// Valid but not evaluated at build time.
    Unsupported(String),
}

/// Parse a simple (`advanced` false) or advanced query.
pub fn prepare(text: &str, advanced: bool) -> Prepared {
    let parsed = if advanced {
        advanced::parse(text)
    } else {
        dsl::parse(text).map(|p| {
            p.map(|p| Spec {
                filter: p.filter,
                sort: p.sort,
                ..Spec::default()
            })
        })
    };
    match parsed {
        Ok(None) => Prepared::Blank,
        Ok(Some(spec)) => Prepared::Ready(spec),
        Err(DslError::Invalid(m)) => Prepared::Invalid(m),
        Err(DslError::Unsupported(m)) => Prepared::Unsupported(m),
    }
}

/// Evaluate a prepared query: no filter gives no results.
pub fn run(graph: &Graph, index: &Index, spec: &Spec) -> Results {
    match &spec.filter {
        Some(q) => eval::evaluate(graph, index, q, spec.sort.as_ref()),
        None => Results::Blocks(Vec::new()),
    }
}

/// The priority of a block (`[#A]` in its first line), upper-case.
pub fn priority_of(content: &str) -> Option<char> {
    let first = content.lines().next().unwrap_or("");
    let at = first.find("[#")?;
    let mut rest = first[at + 2..].chars();
    let p = rest.next()?.to_ascii_uppercase();
    (matches!(p, 'A'..='C') && rest.next() == Some(']')).then_some(p)
}

/// The graph's query index, built on first use and shared by every page render.
#[derive(Debug, Default)]
pub struct Cache(OnceLock<Index>);

impl Cache {
    pub fn get(&self, graph: &Graph) -> &Index {
        self.0.get_or_init(|| Index::new(graph))
    }
}

#[cfg(test)]
pub(crate) mod tests;
