//! Snapshots of the `<main>` of representative pages of the sample site: a change of the
//! rendered markup shows up as a reviewable diff (`cargo insta review`).

mod common;

use scraper::{Html, Selector};

/// `<main>` of a page, one tag per line so diffs are readable.
fn main_of(root: &std::path::Path, slug: &str) -> String {
    let path = if slug.is_empty() {
        root.join("index.html")
    } else {
        root.join(slug).join("index.html")
    };
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = Html::parse_document(&html);
    let main = doc
        .select(&Selector::parse("main").unwrap())
        .next()
        .expect("page has a <main>");
    main.html().replace("><", ">\n<")
}

#[test]
fn sample_pages() {
    let out = tempfile::tempdir().unwrap();
    common::build_site(&common::sample(), out.path(), None, 2);
    for (name, slug) in [
        ("quick_start", "quick-start"),
        ("customer_profile", "artifact/customer-profile/info"),
        ("interviews_topic", "topic/discovery/interviews"),
        ("launch_checklist", "launch-checklist"),
        ("loose_ends", "loose-ends"),
        ("stub_unit", "unit"),
        ("namespace_parent", "topic/discovery"),
    ] {
        insta::assert_snapshot!(name, main_of(out.path(), slug));
    }
}
