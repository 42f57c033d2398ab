//! Macros and queries inside blocks (LOGSEQ.md §5.6, §7, §8.4).
//!
//! `{{renderer :tocgen2, [[X]]}}` becomes a table of contents of X's heading blocks; other
//! macros are shown as marked placeholders with a diagnostic (queries are evaluated by
//! [`crate::query::view`]). Links into the old publish-spa site (`…/#/page/<name>`) are
//! rewritten to the page's new URL.

use super::context::Site;
use super::links::escape;
use super::outline::PageContext;
use crate::diagnostics::{Kind, Severity};

/// HTML for a `{{name args}}` macro.
pub fn macro_html(ctx: &PageContext, name: &str, args: &str) -> String {
    if let Some(listed) = toc_target(name, args) {
        return listed.map(|page| tocgen(ctx, page)).unwrap_or_default();
    }
    ctx.unknown_macro(name);
    // The macro as written, without its `{{ }}`: a reader sees what was not published, and
    // no raw macro syntax reaches a page.
    let raw = if args.trim().is_empty() {
        name.to_string()
    } else {
        format!("{name} {}", args.trim())
    };
    format!(
        "<code class=\"macro-unknown\" title=\"macro not supported in the static site\">{}</code>",
        escape(&raw)
    )
}

/// For a `{{renderer :tocgen2, [[X]], …}}` macro, the name of the page it lists (`X`; `None`
/// when the macro names none); `None` for any other macro. `innsite serve` reads it too, to
/// know which page a table of contents depends on.
pub fn toc_target<'a>(name: &str, args: &'a str) -> Option<Option<&'a str>> {
    let mut parts = args.split(',').map(str::trim);
    (name == "renderer" && parts.next() == Some(":tocgen2")).then(|| {
        parts
            .next()
            .map(|target| target.trim_start_matches("[[").trim_end_matches("]]"))
    })
}

/// `{{renderer :tocgen2, [[X]]}}`: X's heading blocks as a nested link list.
fn tocgen(ctx: &PageContext, name: &str) -> String {
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

/// `https://old.site/#/page/<encoded name>` → the page's URL on this site (§8.4). A name that
/// is no page of the graph keeps the old link, with a warning (the old site goes away).
pub fn rewrite_old_link(ctx: &PageContext, url: &str) -> Option<String> {
    let site: &Site = ctx.site;
    let old = site.config.old_site_url.as_deref()?;
    let rest = url.strip_prefix(old.trim_end_matches('/'))?;
    let encoded = rest.trim_start_matches('/').strip_prefix("#/page/")?;
    let name = percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .ok()?;
    let Some(id) = site.graph.link_target(&name) else {
        if !ctx.is_excerpt() {
            let msg =
                format!("link to the old site names no page '{name}' of this graph; kept as it is");
            ctx.report(Severity::Warning, Kind::UnpublishableLink, msg);
        }
        return None;
    };
    Some(site.urls.page(site.graph, id))
}

#[cfg(test)]
mod tests {
    use crate::config::{self, Overrides};
    use crate::diagnostics::Kind;
    use crate::render::context::Site;
    use crate::render::outline::PageContext;

    #[test]
    fn old_site_links_are_rewritten_or_reported() {
        let files = [
            ("pages/solution-(id)___info.md", "- the solution\n"),
            (
                "pages/templates.md",
                "- [help](https://go.innbok.com/#/page/solution-%28id%29%2Finfo)\n- [gone](https://go.innbok.com/#/page/solution-%28id%29%2Fcategory%2Finfo)\n",
            ),
        ];
        let graph = crate::graph::of_files(&files);
        let dir = tempfile::tempdir().expect("tempdir");
        let overrides = Overrides {
            content: Some(dir.path().to_path_buf()),
            ..Overrides::default()
        };
        let (mut cfg, _) = config::load(None, &overrides).expect("config");
        cfg.old_site_url = Some("https://go.innbok.com/".to_string());
        let site = Site::new(&graph, &cfg);
        let ctx = PageContext::new(&site, graph.page_by_name("templates").expect("page"));
        let html = ctx.page_outline();
        assert!(html.contains("href=\"/solution-id/info/\""), "{html}");
        assert!(html.contains("category%2Finfo"), "{html}");
        let diags = ctx.diagnostics.take();
        let lines: Vec<Option<u32>> = diags
            .iter()
            .filter(|d| d.kind == Kind::UnpublishableLink && d.file == "pages/templates.md")
            .map(|d| d.line)
            .collect();
        assert_eq!(lines, [Some(2)], "{diags:?}");
    }
}
