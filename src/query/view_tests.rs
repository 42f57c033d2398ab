//! Rendering of query results inside a page: tables, groups, counts, empty, invalid,
//! unsupported, blank and nested queries, with their diagnostics.

use crate::config::{self, Overrides};
use crate::diagnostics::Kind;
use crate::graph::of_files as graph_of;
use crate::graph::{BlockAddr, Graph};
use crate::query::tests::FIXTURE;
use crate::render::context::Site;
use crate::render::outline::PageContext;

const DASH: &str = "\
- {{query (property :rating)}}
  query-table:: true
- {{query [[question]]}}
- {{query (page-property :type [[key]])}}
  query-properties:: [:page :rating]
  query-sort-by:: rating
  query-sort-desc:: true
- {{query [[nothing]]}}
- {{query (and \"x]]}}
- {{query }}
- {{query (sample 3)}}
- #+BEGIN_QUERY
  {:title [:b \"Marked\"] :query [:find (pull ?b [*]) :where [?p :block/name \"!!!\"] [?b :block/refs ?p]] :collapsed? true}
  #+END_QUERY
";

/// The HTML of each top-level block of the dash page, and the diagnostics of rendering them.
fn render_dash() -> (Vec<String>, Vec<crate::diagnostics::Diagnostic>) {
    let mut files = FIXTURE.to_vec();
    files.push(("pages/dash.md", DASH));
    files.push((
        "pages/nested.md",
        "- holds {{query [[pricing]]}} #question\n",
    ));
    let graph: Graph = graph_of(&files);
    let dir = tempfile::tempdir().expect("tempdir");
    let overrides = Overrides {
        content: Some(dir.path().to_path_buf()),
        ..Overrides::default()
    };
    let (cfg, _) = config::load(None, &overrides).expect("config");
    let site = Site::new(&graph, &cfg);
    let id = graph.page_by_name("dash").expect("dash");
    let ctx = PageContext::new(&site, id);
    let roots = graph.source(id).expect("source").roots.clone();
    let html = roots
        .iter()
        .map(|&block| ctx.block(BlockAddr { page: id, block }))
        .collect();
    let diags = ctx.diagnostics.take();
    (html, diags)
}

#[test]
fn block_table_with_property_columns() {
    let (s, _) = render_dash();
    let s = &s[0];
    assert!(
        s.contains("<span class=\"query-count\">3 results</span>"),
        "{s}"
    );
    assert!(
        s.contains("<th>block</th><th>page</th><th>rating</th><th>type</th>"),
        "{s}"
    );
    assert!(s.contains("<td>80</td>"));
}

#[test]
fn block_results_grouped_by_page_with_breadcrumbs_and_no_repeats() {
    let (s, _) = render_dash();
    let s = &s[1];
    assert!(s.contains("6 results"), "{s}");
    assert_eq!(
        s.matches("class=\"query-group\"").count(),
        3,
        "pricing, reach, nested: {s}"
    );
    // "Will they pay?" is a child of the "Questions" result: shown once, inside it.
    assert_eq!(s.matches("Will they pay?").count(), 1);
    assert!(
        !s.contains("class=\"breadcrumb\""),
        "top-level results have no breadcrumb"
    );
    // The nested page's own query is shown, not evaluated.
    assert!(s.contains("class=\"query query-nested\""), "{s}");
}

#[test]
fn page_table_with_chosen_columns_and_sort() {
    let (s, _) = render_dash();
    let s = &s[2];
    assert!(s.contains("data-results=\"pages\""));
    assert!(s.contains("<th>page</th><th>rating</th></tr>"), "{s}");
    let pricing = s.find(">pricing<").expect("pricing");
    let reach = s.find(">reach<").expect("reach");
    assert!(pricing < reach, "80 before 33.6 when descending");
}

#[test]
fn empty_invalid_blank_and_unsupported() {
    let (s, diags) = render_dash();
    assert!(s[3].contains("No matched result"));
    assert!(
        s[4].contains("<p class=\"warning\">Invalid query</p>"),
        "{}",
        s[4]
    );
    assert!(
        !s[5].contains("query"),
        "a blank query renders nothing: {}",
        s[5]
    );
    assert!(
        s[6].contains("not supported in the static site"),
        "{}",
        s[6]
    );
    let queries: Vec<_> = diags.iter().filter(|d| d.kind == Kind::Query).collect();
    assert_eq!(queries.len(), 2, "{diags:?}");
    assert!(queries
        .iter()
        .all(|d| d.file == "pages/dash.md" && d.line.is_some()));
}

#[test]
fn advanced_query_title_and_collapsed() {
    let (s, _) = render_dash();
    let s = &s[7];
    assert!(s.contains("<details class=\"query\""), "{s}");
    assert!(s.contains("<span class=\"query-title\">Marked</span>"));
    assert!(s.contains("1 result<"));
    assert!(!s.contains("#+BEGIN") && !s.contains("{{query"));
}

#[test]
fn file_links_are_text_with_a_warning() {
    let graph = graph_of(&[(
        "pages/docs.md",
        "- [Open export](file:///S:/Logseq/x.html)\n",
    )]);
    let dir = tempfile::tempdir().expect("tempdir");
    let overrides = Overrides {
        content: Some(dir.path().to_path_buf()),
        ..Overrides::default()
    };
    let (cfg, _) = config::load(None, &overrides).expect("config");
    let site = Site::new(&graph, &cfg);
    let ctx = PageContext::new(&site, graph.page_by_name("docs").expect("docs"));
    let html = ctx.page_outline();
    assert!(
        html.contains("Open export") && !html.contains("file:"),
        "{html}"
    );
    let diags = ctx.diagnostics.take();
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.kind == Kind::UnpublishableLink && d.line == Some(1))
            .count(),
        1,
        "{diags:?}"
    );
}
