//! Properties as readers see them: `<dl class="page-properties">` / `<dl class="block-properties">`
//! with hidden keys left out and values rendered as Logseq does (LOGSEQ.md §6).
//!
//! Values: `alias`/`tags` → comma-separated page links; anything else → the original text
//! rendered as inline markdown (so links, tags and images work); empty values are omitted.

use super::inline::title_html;
use super::links::{self, escape};
use super::outline::PageContext;
use crate::model::{Block, Properties, Property, PropertyValue};

/// The visible block properties of a block, or "" when none.
pub fn block_properties(ctx: &PageContext, block: &Block) -> String {
    dl(ctx, &block.properties, false, "block-properties")
}

/// The visible page properties, or "" when every key is hidden. `alias` is shown by the
/// page header as "Also known as", so it is left out here (but in an excerpt, where no
/// header shows it).
pub fn page_properties(ctx: &PageContext, props: &Properties) -> String {
    dl(ctx, props, true, "page-properties")
}

fn dl(ctx: &PageContext, props: &Properties, page_level: bool, class: &str) -> String {
    let cfg = ctx.site.config;
    let mut out = String::new();
    for p in props.iter() {
        let in_header = page_level && p.key == "alias" && !ctx.is_excerpt();
        let hidden = cfg.is_hidden_property(&p.key, page_level) || in_header;
        if hidden || p.raw.trim().is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>",
            escape(&p.key),
            value_html(ctx, p)
        ));
    }
    if out.is_empty() {
        return out;
    }
    format!("<dl class=\"{class}\">{out}</dl>")
}

/// One property value as Logseq shows it (also used by query tables).
pub fn value_html(ctx: &PageContext, p: &Property) -> String {
    match &p.value {
        PropertyValue::Refs(names) if p.key == "alias" || p.key == "tags" => {
            let site = ctx.site;
            let links: Vec<String> = names
                .iter()
                .map(|n| links::page_ref(site.graph, &site.urls, n, None, site.plain_markup()))
                .collect();
            links.join(", ")
        }
        PropertyValue::Quoted(s) => escape(s),
        _ => title_html(&ctx.site.markdown, &p.raw, ctx),
    }
}
