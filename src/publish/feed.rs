//! `feed.xml`: an Atom feed (RFC 4287) of the pages changed most recently.
//!
//! It takes the rendering context, the files' change dates and the site's absolute address
//! and gives the feed: the [`ENTRIES`] file and whiteboard pages with the newest change dates
//! (ties by name), each with its title, absolute URL (also its `<id>`), change date and the
//! page's meta description as summary. It is off by default (`feed = true` in `site.toml`)
//! and only written when the address is absolute (Atom ids and links must be). It never
//! includes stubs, aliases or withheld pages, and never page bodies (the site is the reader).

use super::lastmod::{w3c, Dates};
use super::xml_escape;
use crate::graph::{PageId, PageKind};
use crate::render::context::Site;
use crate::render::page::page_view;

/// Where the feed is written (a root name no page slug can take: slugs have no `.`).
pub const PATH: &str = "feed.xml";

/// How many recently changed pages the feed lists.
pub const ENTRIES: usize = 20;

/// The pages of the feed, newest first: (page, change time).
pub fn recent(site: &Site, dates: &Dates) -> Vec<(PageId, i64)> {
    let graph = site.graph;
    let mut dated: Vec<(PageId, i64)> = (0..graph.pages.len())
        .filter(|&id| matches!(graph.pages[id].kind, PageKind::File | PageKind::Whiteboard))
        .filter_map(|id| {
            Some((
                id,
                dates.newest(&site.config.content, &graph.pages[id].files)?,
            ))
        })
        .collect();
    dated.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| graph.pages[a.0].key.cmp(&graph.pages[b.0].key))
    });
    dated.truncate(ENTRIES);
    dated
}

/// The Atom document of a site served at `base` (absolute, ending with `/`).
pub fn atom(site: &Site, dates: &Dates, base: &str) -> String {
    let cfg = site.config;
    let entries = recent(site, dates);
    let updated = entries.first().map_or(0, |e| e.1);
    let title = xml_escape(&cfg.title);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{title}</title>\n",
        xml_escape(&cfg.language)
    );
    if let Some(d) = &cfg.description {
        xml.push_str(&format!("<subtitle>{}</subtitle>\n", xml_escape(d)));
    }
    let base = xml_escape(base);
    xml.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{base}{PATH}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}\"/>\n<id>{base}</id>\n<updated>{}</updated>\n<author><name>{title}</name></author>\n<generator version=\"{}\">innsite</generator>\n",
        w3c(updated),
        env!("CARGO_PKG_VERSION")
    ));
    for (id, time) in entries {
        xml.push_str(&entry(site, id, time));
    }
    xml.push_str("</feed>\n");
    xml
}

/// One `<entry>`.
fn entry(site: &Site, id: PageId, time: i64) -> String {
    let page = &site.graph.pages[id];
    let url = xml_escape(&site.urls.page(site.graph, id));
    let summary = page_view(site, id).view.description;
    let mut xml = format!(
        "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n<id>{url}</id>\n<updated>{}</updated>\n",
        xml_escape(&page.name),
        w3c(time)
    );
    if !summary.is_empty() {
        xml.push_str(&format!("<summary>{}</summary>\n", xml_escape(&summary)));
    }
    xml.push_str("</entry>\n");
    xml
}
