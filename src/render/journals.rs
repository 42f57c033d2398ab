//! The journals index (`/_journals/`): every journal page, newest first (LOGSEQ.md §4
//! "journals"), linked from the sidebar when the graph has journal pages.
//!
//! Takes the graph's journal pages ([`crate::graph::journal::journals`]) and gives the index
//! page, rendered with the theme's `journals.html` (an `all-pages.html` list with its own
//! canonical URL). A graph without journal files gets no index and no sidebar link.

use super::context::Site;
use super::page::link;
use super::view::{list_context, ListView, SiteView};
use crate::graph::journal::journals;
use crate::theme::Theme;
use crate::write::Output;
use anyhow::Result;
use std::borrow::Cow;

/// Site path of the index (a reserved name: slugs never start with `_`).
pub const PATH: &str = "_journals/";

/// The theme template of the index.
pub const TEMPLATE: &str = "journals.html";

/// URL of the index when the graph has journal pages.
pub fn url(site: &Site) -> Option<String> {
    (!journals(site.graph).is_empty()).then(|| site.urls.path(PATH))
}

/// The index's list: journal pages, newest first.
pub fn list<'a>(site: &'a Site<'a>) -> ListView<'a> {
    let ids = journals(site.graph);
    let count = ids.len();
    ListView {
        title: Cow::Borrowed("Journals"),
        intro: Some(Cow::Owned(format!(
            "{count} journal {}, newest first.",
            if count == 1 { "page" } else { "pages" }
        ))),
        items: ids.into_iter().map(|id| link(site, id)).collect(),
        ranked: vec![],
    }
}

/// Write the index when the graph has journal pages.
pub fn write_index(site: &Site, sv: &SiteView, theme: &Theme, out: &Output) -> Result<()> {
    if url(site).is_none() {
        return Ok(());
    }
    let html = theme.render(TEMPLATE, &list_context(sv, &list(site), ""))?;
    out.write(&format!("{PATH}index.html"), html.as_bytes())
}
