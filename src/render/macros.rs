//! Macros and queries inside blocks (LOGSEQ.md §5.6, §7, §8.4).
//!
//! `{{renderer :tocgen2, [[X]]}}` becomes a table of contents of X's heading blocks; other
//! macros are shown as marked placeholders with a diagnostic (queries are evaluated by
//! [`crate::query::view`]). Links into the old publish-spa site (`…/#/page/<name>`) are
//! rewritten to the page's new URL.

use super::context::Site;
use super::links::escape;
use super::outline::PageContext;
use crate::graph::PageId;

/// HTML for a `{{name args}}` macro.
pub fn macro_html(ctx: &PageContext, name: &str, args: &str) -> String {
    if name == "renderer" {
        let mut parts = args.split(',').map(str::trim);
        if parts.next() == Some(":tocgen2") {
            return parts
                .next()
                .map(|target| tocgen(ctx, target))
                .unwrap_or_default();
        }
    }
    ctx.unknown_macro(name);
    let raw = if args.trim().is_empty() {
        format!("{{{{{name}}}}}")
    } else {
        format!("{{{{{name} {}}}}}", args.trim())
    };
    format!(
        "<code class=\"macro-unknown\" title=\"macro not supported in the static site\">{}</code>",
        escape(&raw)
    )
}

/// `{{renderer :tocgen2, [[X]]}}`: X's heading blocks as a nested link list.
fn tocgen(ctx: &PageContext, target: &str) -> String {
    let name = target
        .trim()
        .trim_start_matches("[[")
        .trim_end_matches("]]");
    let graph = ctx.site.graph;
    let Some(id) = graph.link_target(name) else {
        return String::new();
    };
    let Some(src) = graph.source(id) else {
        return String::new();
    };
    let url = ctx.site.urls.page(graph, id);
    let items: Vec<String> = src
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let level = b.heading?;
            let line = b.content.lines().next().unwrap_or("");
            let anchor = b
                .uuid
                .as_ref()
                .map_or_else(|| format!("h-{i}"), |u| format!("b-{u}"));
            let title = super::outline::strip_links(&super::inline::title_html(
                &ctx.site.markdown,
                line,
                ctx,
            ));
            Some(format!(
                "<li class=\"toc-h{level}\"><a href=\"{}#{}\">{title}</a></li>",
                escape(&url),
                escape(&anchor)
            ))
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    format!(
        "<nav class=\"toc tocgen\" aria-label=\"Contents of {}\"><ul>{}</ul></nav>",
        escape(&graph.pages[id].name),
        items.concat()
    )
}

/// `https://old.site/#/page/<encoded name>` → the page's URL on this site (§8.4).
pub fn rewrite_old_link(site: &Site, url: &str) -> Option<String> {
    let old = site.config.old_site_url.as_deref()?;
    let rest = url.strip_prefix(old.trim_end_matches('/'))?;
    let encoded = rest.trim_start_matches('/').strip_prefix("#/page/")?;
    let name = percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .ok()?;
    let id: PageId = site.graph.link_target(&name)?;
    Some(site.urls.page(site.graph, id))
}
