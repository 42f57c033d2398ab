//! Publish: the site-wide files that hosts, search engines and old links need, written beside
//! the pages at the end of a build.
//!
//! It takes the rendering context (graph, configuration, URL builder) and the output being
//! written, and gives `.nojekyll`, `CNAME` (when configured), `robots.txt`, `sitemap.xml`,
//! `feed.xml` (Atom, when `feed = true`) and `_static/legacy-routes.json` (the old publish-spa
//! `#/page/<name>` → new URL map that the theme's script reads), plus the diagnostics of what
//! could not be written. Files that must hold absolute URLs (sitemap, feed) are only written
//! when the site's address is known (`base_url` is `http(s)://…`); it never guesses a host.
//! It never renders page HTML of its own except through `render::page` for feed summaries.

pub mod feed;
pub mod hosting;
pub mod lastmod;
pub mod legacy;
pub mod sitemap;

use crate::diagnostics::{Diagnostic, Kind};
use crate::render::context::Site;
use crate::write::Output;
use anyhow::Result;

/// The site's absolute address (`https://user.github.io/innbok/`), when the (validated)
/// `base_url` is one.
pub fn site_url(base_url: &str) -> Option<&str> {
    (base_url.starts_with("http://") || base_url.starts_with("https://")).then_some(base_url)
}

/// Write every publishing file of the site; returns what could not be written and why.
pub fn write(site: &Site, out: &Output) -> Result<Vec<Diagnostic>> {
    let cfg = site.config;
    let mut diagnostics = Vec::new();
    hosting::write(out, cfg.cname.as_deref(), site_url(&cfg.base_url))?;
    out.write(
        legacy::ROUTES_PATH,
        legacy::routes_json(site.graph, &site.urls).as_bytes(),
    )?;
    let Some(base) = site_url(&cfg.base_url) else {
        diagnostics.push(no_site_url(cfg.feed));
        return Ok(diagnostics);
    };
    let dates = lastmod::Dates::read(&cfg.content);
    let map = sitemap::Sitemap::of(site, &dates);
    if map.urls.len() > sitemap::MAX_URLS {
        let msg = format!(
            "sitemap.xml lists {} URLs, more than the {} search engines read",
            map.urls.len(),
            sitemap::MAX_URLS
        );
        diagnostics.push(Diagnostic::warning(Kind::Config, "", None, msg));
    }
    out.write(sitemap::PATH, map.to_xml().as_bytes())?;
    if cfg.feed {
        out.write(feed::PATH, feed::atom(site, &dates, base).as_bytes())?;
    }
    Ok(diagnostics)
}

/// XML-escape text for element content and attribute values. Hand-written: the five XML
/// entities are all it takes, and the HTML escaper (`render::links::escape`) also rewrites `/`
/// as `&#x2F;`, which is valid XML but makes every URL of a sitemap unreadable.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids other control characters even as references.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Why the sitemap (and the feed, when asked for) were not written.
fn no_site_url(feed: bool) -> Diagnostic {
    let what = if feed {
        "sitemap.xml and feed.xml were"
    } else {
        "sitemap.xml was"
    };
    let msg = format!(
        "{what} not written: they need the site's absolute address (set base_url = \"https://…/\" in site.toml, or build with --base-url)"
    );
    if feed {
        Diagnostic::warning(Kind::Config, "", None, msg)
    } else {
        Diagnostic::info(Kind::Config, "", None, msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_base_urls_are_site_urls() {
        assert_eq!(
            site_url("https://user.github.io/innbok/"),
            Some("https://user.github.io/innbok/")
        );
        assert_eq!(site_url("/innbok/"), None);
        assert_eq!(site_url("/"), None);
    }
}
