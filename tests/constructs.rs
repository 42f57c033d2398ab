//! The sample site's journals, math and task details, read back from the built HTML
//! (LOGSEQ.md §4, §5.7; issue 5 "What to build" item 4).

mod common;

use scraper::{ElementRef, Html, Selector};
use std::path::Path;
use std::sync::OnceLock;

/// The sample site, built once for every test of this file.
fn site() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir");
        common::build_site(&common::sample(), out.path(), None, 2);
        out
    })
    .path()
}

fn page(rel: &str) -> Html {
    let path = site().join(rel).join("index.html");
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&html)
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn text(e: &ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

#[test]
fn journal_pages_are_named_after_their_day() {
    for (slug, title) in [
        ("jan-5th-2024", "Jan 5th, 2024"),
        ("jan-12th-2024", "Jan 12th, 2024"),
    ] {
        let doc = page(slug);
        let h1 = select(&doc, "h1.page-title");
        assert_eq!(h1.iter().map(text).collect::<Vec<_>>(), [title], "{slug}");
    }
    // `[[Jan 5th, 2024]]` in a journal and in a page resolve to the journal page.
    for from in ["jan-12th-2024", "launch-checklist"] {
        let doc = page(from);
        let links = select(&doc, "main a.page-ref[data-ref=\"jan 5th, 2024\"]");
        assert!(!links.is_empty(), "{from}");
        assert!(
            links
                .iter()
                .all(|a| a.value().attr("href") == Some("/jan-5th-2024/")),
            "{from}"
        );
    }
}

#[test]
fn journals_index_lists_newest_first_and_is_linked() {
    let doc = page("_journals");
    let items: Vec<(String, String)> = select(&doc, "main ul.journal-list a")
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        items,
        [
            ("Jan 12th, 2024".to_string(), "/jan-12th-2024/".to_string()),
            ("Jan 5th, 2024".to_string(), "/jan-5th-2024/".to_string())
        ]
    );
    let home = page("");
    let nav = select(&home, "nav a[href=\"/_journals/\"]");
    assert_eq!(nav.iter().map(text).collect::<Vec<_>>(), ["Journals"]);
}

#[test]
fn math_is_mathml_and_prices_stay_text() {
    let doc = page("jan-5th-2024");
    let inline = select(&doc, "main math[display=\"inline\"]");
    assert_eq!(inline.len(), 1);
    assert!(select(&doc, "main math mfrac").len() == 1);
    let budget: Vec<String> = select(&doc, "main .block-title")
        .iter()
        .map(text)
        .filter(|t| t.starts_with("Budget"))
        .collect();
    assert_eq!(
        budget,
        ["Budget: the ads test costs $5 and $10 a day; both stay under the pilot's limit."]
    );
    let later = page("jan-12th-2024");
    assert_eq!(select(&later, "main math[display=\"block\"]").len(), 1);
}

#[test]
fn task_markers_priorities_and_planning_lines() {
    let doc = page("launch-checklist");
    let markers: Vec<String> = select(&doc, "main .task-marker")
        .iter()
        .map(|e| e.value().attr("class").unwrap_or("").to_string())
        .collect();
    for class in [
        "task-marker todo",
        "task-marker done",
        "task-marker doing",
        "task-marker now",
        "task-marker task-status waiting",
        "task-marker later",
        "task-marker canceled",
    ] {
        assert!(markers.iter().any(|m| m == class), "{class}: {markers:?}");
    }
    let badge = select(
        &doc,
        "main .block-title.todo span.priority.priority-a > a.page-ref",
    );
    assert_eq!(badge.len(), 1);
    assert_eq!(badge[0].value().attr("href"), Some("/a/"));
    let html = doc.root_element().html();
    assert!(!html.contains("[#A]") && !html.contains("data-ref=\"a]\""));
    let stamps: Vec<(String, String)> = select(&doc, "main div.timestamp.scheduled time")
        .iter()
        .map(|t| {
            (
                t.value().attr("datetime").unwrap_or("").to_string(),
                text(t),
            )
        })
        .collect();
    assert_eq!(
        stamps,
        [("2024-01-15".to_string(), "2024-01-15 Mon".to_string())]
    );
    assert!(!html.contains("SCHEDULED:"));
    let journal = page("jan-12th-2024");
    let deadline = select(
        &journal,
        "main div.timestamp.deadline time[datetime=\"2024-01-19\"]",
    );
    assert_eq!(deadline.len(), 1);
}

/// `html` without Logseq's `data-refs-self='…'`, `data-level="…"` and `data-ref="…"`.
fn without_logseq_attributes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let next = [
            (" data-refs-self='", '\''),
            (" data-level=\"", '"'),
            (" data-ref=\"", '"'),
        ]
        .into_iter()
        .filter_map(|(open, close)| rest.find(open).map(|at| (at, open, close)))
        .min_by_key(|(at, ..)| *at);
        let Some((at, open, close)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        let value = &rest[at + open.len()..];
        let end = value.find(close).expect("attribute closed");
        rest = &value[end + 1..];
    }
}

#[test]
fn without_logseq_attributes_pages_are_the_same_but_for_them() {
    let off = tempfile::tempdir().expect("temp dir");
    let mut cfg = common::config(&common::sample(), Some(off.path()), None);
    assert!(cfg.logseq_attributes, "the sample site.toml asks for them");
    cfg.logseq_attributes = false;
    let loaded = innsite::load(&innsite::LoadOptions::from_config(&cfg), vec![]).expect("loads");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    innsite::build::build(&cfg, &loaded, dir, &innsite::timings::Timings::new()).expect("builds");
    let (on, off) = (common::tree(site()), common::tree(off.path()));
    assert_eq!(
        on.keys().collect::<Vec<_>>(),
        off.keys().collect::<Vec<_>>()
    );
    let mut with_attributes = 0;
    for (rel, bytes) in &on {
        if !rel.ends_with(".html") {
            continue;
        }
        let (on_html, off_html) = (
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&off[rel]),
        );
        let doc = Html::parse_document(&off_html);
        assert!(
            select(&doc, "[data-ref], [data-refs-self], [data-level]").is_empty(),
            "{rel}"
        );
        assert_eq!(without_logseq_attributes(&on_html), off_html, "{rel}");
        with_attributes += usize::from(on_html.contains(" data-refs-self='"));
    }
    assert!(
        with_attributes > 20,
        "{with_attributes} pages with data-refs-self"
    );
    let doc = page("launch-checklist");
    assert!(!select(&doc, "li.ls-block[data-refs-self][data-level]").is_empty());
    assert!(!select(&doc, "a.page-ref[data-ref]").is_empty());
}
