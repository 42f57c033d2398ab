//! XML checks: a sitemap against the sitemaps.org protocol's rules (well-formed, the
//! `urlset` namespace, one absolute `<loc>` under the base per `<url>`, W3C dates, at most
//! 50,000 URLs, none twice) and an Atom feed (well-formed, absolute entry links under the
//! base that resolve, newest first), parsed with roxmltree.

use super::links::Checker;
use super::server::Served;
use std::collections::BTreeSet;

/// The `<loc>`s of a sitemap, after checking it against the protocol's rules.
pub fn sitemap_locs(xml: &str, base: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("sitemap.xml is well-formed XML");
    let root = doc.root_element();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert_eq!(
        (root.tag_name().namespace(), root.tag_name().name()),
        (Some(ns), "urlset")
    );
    let mut locs = Vec::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url");
        let mut loc = None;
        for child in url.children().filter(|n| n.is_element()) {
            let text = child.text().unwrap_or("");
            match child.tag_name().name() {
                "loc" => {
                    assert!(loc.is_none(), "one <loc> per <url>");
                    loc = Some(text.to_string());
                }
                "lastmod" => assert!(
                    chrono::DateTime::parse_from_rfc3339(text).is_ok(),
                    "W3C datetime: {text}"
                ),
                other => panic!("unexpected <{other}> in <url>"),
            }
        }
        let loc = loc.expect("every <url> has a <loc>");
        assert!(
            loc.starts_with(base) && loc.len() < 2048,
            "absolute URL under the base: {loc}"
        );
        assert!(
            loc.is_ascii() && !loc.contains(' '),
            "percent-encoded: {loc}"
        );
        locs.push(loc);
    }
    assert!(!locs.is_empty() && locs.len() <= 50_000);
    let unique: BTreeSet<&String> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "no URL listed twice");
    locs
}

/// The Atom feed: well-formed, absolute links under the base, newest first.
pub fn feed_problems(checker: &mut Checker, served: &Served, base: &str) -> Vec<String> {
    let xml = String::from_utf8(served.fetch("/innbok/feed.xml").body).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("feed.xml is well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(atom));
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((atom, "entry")))
        .collect();
    assert!(
        !entries.is_empty() && entries.len() <= 20,
        "{} entries",
        entries.len()
    );
    let mut problems = Vec::new();
    let mut dates = Vec::new();
    for e in &entries {
        let child = |name: &str| e.children().find(|n| n.has_tag_name((atom, name)));
        let href = child("link")
            .and_then(|l| l.attribute("href"))
            .expect("entry link");
        assert!(href.starts_with(base), "{href}");
        assert_eq!(child("id").and_then(|i| i.text()), Some(href));
        assert!(!child("title")
            .and_then(|t| t.text())
            .unwrap_or("")
            .is_empty());
        dates.push(child("updated").and_then(|u| u.text()).unwrap().to_string());
        problems.extend(checker.check_url("/innbok/feed.xml", href));
    }
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    problems
}
