//! Query results as HTML, as Logseq shows them (`fe/components/query.cljs`, LOGSEQ.md §7.1):
//! takes the page being rendered and the query text, gives a `<section class="query">` (block
//! results grouped by page with breadcrumbs, page results and `query-table::` results as a
//! table, "No matched result" for none, a count and a cap for long lists), Logseq's "Invalid
//! query" box, or a "not supported in the static site" notice; problems become diagnostics.
//! Blank queries give nothing. Inside results and backlink excerpts queries are not evaluated
//! again (Logseq does not nest live queries): they show as a plain query box.

use super::dsl::SortBy;
use super::eval::{compare_values, Results};
use super::reader::{read_all, Sexp};
use super::{prepare, Prepared, Spec};
use crate::diagnostics::{Kind, Severity};
use crate::graph::{BlockAddr, PageId};
use crate::model::{Block, Properties, PropertyValue};
use crate::render::links::{self, escape};
use crate::render::outline::{strip_links, PageContext};
use std::collections::HashSet;

/// At most this many results are shown; the header keeps the full count.
pub const MAX_SHOWN: usize = 200;

/// Built-in keys never offered as table columns (Logseq's `query-table` `get-keys`).
const NOT_COLUMNS: [&str; 14] = [
    "id",
    "custom-id",
    "heading",
    "collapsed",
    "created-at",
    "updated-at",
    "background-color",
    "query-table",
    "query-properties",
    "query-sort-by",
    "query-sort-desc",
    "template",
    "template-including-parent",
    "filters",
];

/// HTML for a query met while rendering `ctx`'s page.
pub fn render(ctx: &PageContext, text: &str, advanced: bool) -> String {
    if ctx.is_excerpt() {
        return plain_box(ctx, text, "query query-nested", "Query");
    }
    match prepare(text, advanced) {
        Prepared::Blank => String::new(),
        Prepared::Invalid(why) => {
            ctx.report(
                Severity::Warning,
                Kind::Query,
                format!("invalid query: {why}"),
            );
            let body = plain_box(ctx, text, "query-text", "");
            format!("<section class=\"query query-invalid\"><p class=\"warning\">Invalid query</p><p class=\"query-error\">{}</p>{body}</section>", escape(&why))
        }
        Prepared::Unsupported(why) => {
            ctx.report(
                Severity::Warning,
                Kind::Query,
                format!("query not supported in the static site: {why}"),
            );
            let body = plain_box(ctx, text, "query-text", "");
            format!("<section class=\"query query-unsupported\"><p class=\"warning\">This query is not supported in the static site: {}</p>{body}</section>", escape(&why))
        }
        Prepared::Ready(spec) => {
            if spec.ignored_transform {
                ctx.report(
                    Severity::Info,
                    Kind::Query,
                    "query :result-transform ignored (functions do not run at build time)".into(),
                );
            }
            results_html(ctx, &spec)
        }
    }
}

/// A query shown, not evaluated: its text with page references as links.
fn plain_box(ctx: &PageContext, text: &str, class: &str, label: &str) -> String {
    let label = if label.is_empty() {
        String::new()
    } else {
        format!("<span class=\"query-label\">{label}</span> ")
    };
    format!(
        "<div class=\"{class}\">{label}<code>{}</code></div>",
        text_with_links(ctx, text.trim())
    )
}

/// Escape query text, turning `[[name]]` into page links (so no raw `[[…]]` reaches a page).
fn text_with_links(ctx: &PageContext, text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        let Some(len) = rest[start + 2..].find("]]") else {
            break;
        };
        let name = &rest[start + 2..start + 2 + len];
        out.push_str(&escape(&rest[..start]));
        if name.trim().is_empty() || name.contains('[') {
            out.push_str(&escape(name));
        } else {
            let site = ctx.site;
            out.push_str(&links::page_ref(
                site.graph,
                &site.urls,
                name,
                None,
                site.markup(),
            ));
        }
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(&escape(rest));
    out
}

/// View options read from the query's block (`query-table::` …) over the query's own.
struct View {
    table: bool,
    columns: Option<Vec<String>>,
    sort: Option<SortBy>,
}

fn view_options(ctx: &PageContext, spec: &Spec, pages: bool) -> View {
    let props = ctx
        .current_block()
        .and_then(|a| ctx.site.graph.block(a))
        .map(|b| b.properties.clone())
        .unwrap_or_default();
    let flag = |k: &str| match props.get(k).map(|p| &p.value) {
        Some(PropertyValue::Bool(b)) => Some(*b),
        _ => None,
    };
    let table = flag("query-table").or(spec.table).unwrap_or(pages);
    let columns = props.get("query-properties").map(|p| column_list(&p.raw));
    let sort = props
        .get("query-sort-by")
        .map(|p| p.raw.trim())
        .filter(|k| !k.is_empty())
        .map(|k| SortBy {
            key: crate::parse::properties::normalise_key(k.trim_start_matches(':')),
            descending: flag("query-sort-desc").unwrap_or(false),
        });
    View {
        table,
        columns,
        sort,
    }
}

/// `[:page :icon :alias]` → `page`, `icon`, `alias`.
fn column_list(raw: &str) -> Vec<String> {
    let forms = read_all(raw).unwrap_or_default();
    let items = match forms.as_slice() {
        [Sexp::Vector(v)] => v.clone(),
        other => other.to_vec(),
    };
    items
        .iter()
        .filter_map(Sexp::name)
        .map(|k| crate::parse::properties::normalise_key(k.trim_start_matches(':')))
        .collect()
}

fn results_html(ctx: &PageContext, spec: &Spec) -> String {
    let graph = ctx.site.graph;
    let index = ctx.site.queries.get(graph);
    let mut results = super::run(graph, index, spec);
    let pages = matches!(results, Results::Pages(_));
    let view = view_options(ctx, spec, pages);
    if let Some(s) = &view.sort {
        sort_by_view(ctx, &mut results, s);
    }
    let count = results.len();
    let body = if count == 0 {
        "<p class=\"query-empty\">No matched result</p>".to_string()
    } else {
        match (&results, view.table) {
            (Results::Pages(ids), _) => page_table(ctx, ids, view.columns.as_deref()),
            (Results::Blocks(addrs), true) => block_table(ctx, addrs, view.columns.as_deref()),
            (Results::Blocks(addrs), false) => block_list(ctx, addrs, spec),
        }
    };
    let more = if count > MAX_SHOWN {
        format!("<p class=\"query-more\">Showing the first {MAX_SHOWN} of {count} results.</p>")
    } else {
        String::new()
    };
    let title = spec
        .title
        .clone()
        .unwrap_or_else(|| if pages { "Query for pages" } else { "Query" }.to_string());
    let unit = if count == 1 { "result" } else { "results" };
    let header = format!(
        "<span class=\"query-title\">{}</span> <span class=\"query-count\">{count} {unit}</span>",
        escape(&title)
    );
    let kind = if pages { "pages" } else { "blocks" };
    if spec.collapsed {
        format!("<details class=\"query\" data-results=\"{kind}\"><summary class=\"query-header\">{header}</summary>{body}{more}</details>")
    } else {
        format!("<section class=\"query\" data-results=\"{kind}\"><header class=\"query-header\">{header}</header>{body}{more}</section>")
    }
}

/// `query-sort-by::` over the results (`page` sorts by page title).
fn sort_by_view(ctx: &PageContext, results: &mut Results, s: &SortBy) {
    let graph = ctx.site.graph;
    let title = |id: PageId| crate::name::page_key(&graph.pages[id].name);
    let flip = |o: std::cmp::Ordering| if s.descending { o.reverse() } else { o };
    match results {
        Results::Pages(ids) if s.key == "page" => {
            ids.sort_by(|&a, &b| flip(title(a).cmp(&title(b))))
        }
        Results::Pages(ids) => ids.sort_by(|&a, &b| {
            let pa = graph.source(a).map(|x| &x.properties);
            let pb = graph.source(b).map(|x| &x.properties);
            compare_values(pa, pb, s)
        }),
        Results::Blocks(addrs) if s.key == "page" => {
            addrs.sort_by(|a, b| flip(title(a.page).cmp(&title(b.page))))
        }
        Results::Blocks(addrs) => addrs.sort_by(|a, b| {
            let pa = graph.block(*a).map(|x| &x.properties);
            let pb = graph.block(*b).map(|x| &x.properties);
            compare_values(pa, pb, s)
        }),
    }
}

/// Block results grouped by page (in result order), each with its breadcrumb and children;
/// a result already shown inside an earlier result's children is not repeated.
fn block_list(ctx: &PageContext, addrs: &[BlockAddr], spec: &Spec) -> String {
    let graph = ctx.site.graph;
    let shown: Vec<BlockAddr> = addrs.iter().take(MAX_SHOWN).copied().collect();
    let set: HashSet<BlockAddr> = shown.iter().copied().collect();
    let mut groups: Vec<(PageId, Vec<BlockAddr>)> = Vec::new();
    for a in shown {
        if spec.children && has_ancestor_in(ctx, a, &set) {
            continue;
        }
        match groups
            .iter_mut()
            .find(|(p, _)| *p == a.page && spec.group_by_page)
        {
            Some((_, v)) => v.push(a),
            None => groups.push((a.page, vec![a])),
        }
    }
    let mut out = String::new();
    for (page, blocks) in groups {
        let excerpt = PageContext::excerpt(ctx.site, page);
        let mut items = String::new();
        for a in blocks {
            let crumb = if spec.breadcrumb {
                breadcrumb(&excerpt, a)
            } else {
                String::new()
            };
            let html = if spec.children {
                // The block as its page's linked references show it: most results (those of
                // a reference filter) are rendered there already.
                crate::render::page::excerpt(ctx.site, &excerpt, a).into_owned()
            } else {
                single_block(&excerpt, a)
            };
            items.push_str(&format!(
                "<div class=\"query-result\">{crumb}<ul class=\"blocks\">{html}</ul></div>"
            ));
        }
        out.push_str(&format!(
            "<div class=\"query-group\"><div class=\"query-page\">{}</div>{items}</div>",
            links::page_link(graph, &ctx.site.urls, page, ctx.site.markup())
        ));
    }
    out
}

fn has_ancestor_in(ctx: &PageContext, a: BlockAddr, set: &HashSet<BlockAddr>) -> bool {
    let graph = ctx.site.graph;
    let mut up = graph.block(a).and_then(|b| b.parent);
    let mut steps = 0;
    while let Some(p) = up {
        let addr = BlockAddr {
            page: a.page,
            block: p,
        };
        if set.contains(&addr) || steps > 10_000 {
            return set.contains(&addr);
        }
        up = graph.block(addr).and_then(|b| b.parent);
        steps += 1;
    }
    false
}

/// A block without its children.
fn single_block(ctx: &PageContext, a: BlockAddr) -> String {
    format!("<li class=\"ls-block\">{}</li>", block_title(ctx, a))
}

/// Ancestors' titles, outermost first.
fn breadcrumb(ctx: &PageContext, a: BlockAddr) -> String {
    let graph = ctx.site.graph;
    let mut titles = Vec::new();
    let mut up = graph.block(a).and_then(|b| b.parent);
    while let Some(p) = up {
        let addr = BlockAddr {
            page: a.page,
            block: p,
        };
        let t = block_title(ctx, addr);
        if !t.trim().is_empty() {
            titles.push(t);
        }
        up = graph.block(addr).and_then(|b| b.parent);
        if titles.len() > 16 {
            break;
        }
    }
    if titles.is_empty() {
        return String::new();
    }
    titles.reverse();
    format!(
        "<div class=\"breadcrumb\">{}</div>",
        titles.join(" <span class=\"crumb-sep\">›</span> ")
    )
}

/// The first line of a block as inline HTML without links.
fn block_title(ctx: &PageContext, a: BlockAddr) -> String {
    let Some(block) = ctx.site.graph.block(a) else {
        return String::new();
    };
    let line = block.content.lines().next().unwrap_or("");
    let marker = block
        .marker
        .map(|m| format!("{} ", m.as_str()))
        .unwrap_or_default();
    let md = &ctx.site.markdown;
    // A `#+BEGIN_…` first line is not a title: the whole block is shown.
    let html = if line.trim_start().starts_with("#+") {
        crate::render::inline::block_html(md, &block.content, ctx)
    } else {
        crate::render::inline::title_html(md, line, ctx)
    };
    format!("{}{}", escape(&marker), strip_links(&html))
}

/// Table columns: the given ones, else `block`/`page` and every property key of the results.
fn columns<'a>(
    given: Option<&[String]>,
    lead: &[&str],
    props: impl Iterator<Item = &'a Properties>,
) -> Vec<String> {
    if let Some(g) = given.filter(|g| !g.is_empty()) {
        return g.to_vec();
    }
    let mut cols: Vec<String> = lead.iter().map(|s| s.to_string()).collect();
    for p in props {
        for prop in p.iter() {
            if !NOT_COLUMNS.contains(&prop.key.as_str()) && !cols.contains(&prop.key) {
                cols.push(prop.key.clone());
            }
        }
    }
    cols
}

fn table(cols: &[String], rows: Vec<String>) -> String {
    let head: String = cols
        .iter()
        .map(|c| format!("<th>{}</th>", escape(c)))
        .collect();
    format!(
        "<div class=\"table-wrapper\"><table class=\"query-table\"><thead><tr>{head}</tr></thead><tbody>{}</tbody></table></div>",
        rows.concat()
    )
}

fn page_table(ctx: &PageContext, ids: &[PageId], given: Option<&[String]>) -> String {
    let graph = ctx.site.graph;
    let shown = &ids[..ids.len().min(MAX_SHOWN)];
    let cols = columns(
        given,
        &["page"],
        shown
            .iter()
            .filter_map(|&i| graph.source(i))
            .map(|s| &s.properties),
    );
    let rows = shown
        .iter()
        .map(|&id| {
            let props = graph.source(id).map(|s| &s.properties);
            let cells: String = cols
                .iter()
                .map(|c| match c.as_str() {
                    "page" => format!("<td>{}</td>", page_cell(ctx, id)),
                    key => format!("<td>{}</td>", prop_cell(ctx, props, key)),
                })
                .collect();
            format!("<tr>{cells}</tr>")
        })
        .collect();
    table(&cols, rows)
}

fn block_table(ctx: &PageContext, addrs: &[BlockAddr], given: Option<&[String]>) -> String {
    let graph = ctx.site.graph;
    let shown = &addrs[..addrs.len().min(MAX_SHOWN)];
    let blocks: Vec<&Block> = shown.iter().filter_map(|&a| graph.block(a)).collect();
    let cols = columns(
        given,
        &["block", "page"],
        blocks.iter().map(|b| &b.properties),
    );
    let rows = shown
        .iter()
        .map(|&a| {
            let props = graph.block(a).map(|b| &b.properties);
            let excerpt = PageContext::excerpt(ctx.site, a.page);
            let cells: String = cols
                .iter()
                .map(|c| match c.as_str() {
                    "block" => format!("<td>{}</td>", block_title(&excerpt, a)),
                    "page" => format!("<td>{}</td>", page_cell(ctx, a.page)),
                    key => format!("<td>{}</td>", prop_cell(&excerpt, props, key)),
                })
                .collect();
            format!("<tr>{cells}</tr>")
        })
        .collect();
    table(&cols, rows)
}

/// A page link with the page's `icon::`.
fn page_cell(ctx: &PageContext, id: PageId) -> String {
    let graph = ctx.site.graph;
    let icon = graph
        .source(id)
        .and_then(|s| s.properties.get("icon"))
        .map(|p| format!("<span class=\"page-icon\">{}</span> ", escape(p.raw.trim())))
        .unwrap_or_default();
    format!(
        "{icon}{}",
        links::page_link(graph, &ctx.site.urls, id, ctx.site.markup())
    )
}

fn prop_cell(ctx: &PageContext, props: Option<&Properties>, key: &str) -> String {
    match props.and_then(|p| p.get(key)) {
        Some(p) if !p.raw.trim().is_empty() => crate::render::properties::value_html(ctx, p),
        _ => String::new(),
    }
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
