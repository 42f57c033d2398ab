//! `sitemap.xml` (sitemaps.org protocol 0.9): the pages search engines should index.
//!
//! It takes the rendering context and the files' change dates and gives the sitemap: the home
//! page, the all-pages and tag indexes (the hub pages), and every published file and
//! whiteboard page, each with its absolute URL and, for pages with files, `<lastmod>`. Stubs
//! and aliases are left out (they are `noindex`); withheld (private) pages are not in the
//! graph at all. It never writes a relative `<loc>`: the caller only asks for a sitemap when
//! `base_url` is absolute, and every URL comes from the same URL builder as the pages' links.

use super::lastmod::{w3c, Dates};
use super::xml_escape;
use crate::graph::{PageId, PageKind};
use crate::render::context::Site;

/// Where the sitemap is written (a reserved root name, LOGSEQ.md §8.1).
pub const PATH: &str = "sitemap.xml";

/// The protocol's limit of URLs in one sitemap file.
pub const MAX_URLS: usize = 50_000;

/// One `<url>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Absolute URL, percent-encoded (not yet XML-escaped).
    pub loc: String,
    /// Seconds since the epoch of the page's last change.
    pub lastmod: Option<i64>,
}

/// The sitemap's entries, home first, then the indexes, then pages by URL.
#[derive(Debug, Clone, Default)]
pub struct Sitemap {
    pub urls: Vec<Entry>,
}

impl Sitemap {
    /// The entries of a site whose `base_url` is absolute.
    pub fn of(site: &Site, dates: &Dates) -> Sitemap {
        let graph = site.graph;
        let content = &site.config.content;
        let date = |id: PageId| dates.newest(content, &graph.pages[id].files);
        let home = site.urls.home;
        let mut urls = vec![Entry {
            loc: site.urls.base.clone(),
            lastmod: home.and_then(date),
        }];
        for hub in ["_pages/", "_tags/"] {
            urls.push(Entry {
                loc: site.urls.path(hub),
                lastmod: None,
            });
        }
        let mut pages: Vec<Entry> = (0..graph.pages.len())
            .filter(|&id| matches!(graph.pages[id].kind, PageKind::File | PageKind::Whiteboard))
            .filter(|&id| Some(id) != home)
            .map(|id| Entry {
                loc: site.urls.page(graph, id),
                lastmod: date(id),
            })
            .collect();
        pages.sort_by(|a, b| a.loc.cmp(&b.loc));
        urls.extend(pages);
        Sitemap { urls }
    }

    /// The XML text.
    pub fn to_xml(&self) -> String {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for e in &self.urls {
            xml.push_str("<url><loc>");
            xml.push_str(&xml_escape(&e.loc));
            xml.push_str("</loc>");
            if let Some(t) = e.lastmod {
                xml.push_str("<lastmod>");
                xml.push_str(&w3c(t));
                xml.push_str("</lastmod>");
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        xml
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_escaped_and_dated() {
        let map = Sitemap {
            urls: vec![
                Entry {
                    loc: "https://e.org/a/?x=1&y=2".into(),
                    lastmod: Some(0),
                },
                Entry {
                    loc: "https://e.org/b/".into(),
                    lastmod: None,
                },
            ],
        };
        let xml = map.to_xml();
        assert!(xml.contains("<url><loc>https://e.org/a/?x=1&amp;y=2</loc><lastmod>1970-01-01T00:00:00Z</lastmod></url>"), "{xml}");
        assert!(xml.ends_with("</urlset>\n"));
    }
}
