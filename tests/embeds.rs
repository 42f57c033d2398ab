//! Embed expansion on small graphs (RELIABILITY.md case 1): self-embed, A↔B, A→B→C→A, a
//! diamond, a chain deeper than the limit, a missing target, a block embedding its parent.
//! Each must be reported (file:line) and rendered finitely, never hang or overflow.

mod common;

use innsite::diagnostics::Diagnostic;
use std::path::Path;

use common::graph_of as graph;

fn diagnostics(dir: &Path) -> Vec<Diagnostic> {
    common::load_graph(dir, 2).diagnostics.0
}

fn kinds<'a>(ds: &'a [Diagnostic], kind: &str) -> Vec<&'a Diagnostic> {
    ds.iter().filter(|d| d.kind.as_str() == kind).collect()
}

/// Build the site and return the HTML of one page's outline (its `article`).
fn page_html(dir: &Path, slug: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    common::build_site(dir, out.path(), None, 2);
    let html = std::fs::read_to_string(out.path().join(slug).join("index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("main ul.blocks").unwrap();
    doc.select(&sel)
        .next()
        .map(|e| e.html())
        .unwrap_or_default()
}

#[test]
fn self_embed_is_a_cycle() {
    let g = graph(&[("a.md", "- intro\n- {{embed [[a]]}}\n")]);
    let ds = diagnostics(g.path());
    let cycles = kinds(&ds, "embed-cycle");
    assert_eq!(cycles.len(), 1, "{ds:#?}");
    assert_eq!(
        (cycles[0].file.as_str(), cycles[0].line),
        ("pages/a.md", Some(2))
    );
    let html = page_html(g.path(), "a");
    assert!(html.contains("embed-cycle"));
    assert_eq!(
        html.matches("intro").count(),
        1,
        "the page is not repeated inside itself"
    );
}

#[test]
fn two_page_cycle() {
    let g = graph(&[
        ("a.md", "- A text\n- {{embed [[b]]}}\n"),
        ("b.md", "- B text\n- {{embed [[a]]}}\n"),
    ]);
    let ds = diagnostics(g.path());
    let cycles = kinds(&ds, "embed-cycle");
    assert_eq!(cycles.len(), 2, "reported on both pages: {ds:#?}");
    assert!(cycles[0].message.contains("a → b → a") || cycles[1].message.contains("a → b → a"));
    let html = page_html(g.path(), "a");
    assert_eq!(html.matches("B text").count(), 1);
    assert_eq!(html.matches("A text").count(), 1);
}

#[test]
fn three_page_cycle_shows_the_chain() {
    let g = graph(&[
        ("a.md", "- {{embed [[b]]}}\n"),
        ("b.md", "- {{embed [[c]]}}\n"),
        ("c.md", "- C text\n- {{embed [[a]]}}\n"),
    ]);
    let ds = diagnostics(g.path());
    let on_a: Vec<_> = kinds(&ds, "embed-cycle")
        .into_iter()
        .filter(|d| d.file == "pages/a.md")
        .collect();
    assert_eq!(on_a.len(), 1);
    assert!(
        on_a[0].message.contains("a → b → c → a"),
        "{}",
        on_a[0].message
    );
}

#[test]
fn diamond_stays_within_budget() {
    // Each level embeds the next twice: 2^25 expansions without a budget.
    let mut pages = Vec::new();
    for i in 0..25 {
        pages.push((
            format!("p{i}.md"),
            format!(
                "- level {i}\n- {{{{embed [[p{}]]}}}}\n- {{{{embed [[p{}]]}}}}\n",
                i + 1,
                i + 1
            ),
        ));
    }
    pages.push(("p25.md".to_string(), "- bottom\n".to_string()));
    let refs: Vec<(&str, &str)> = pages
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let g = graph(&refs);
    let started = std::time::Instant::now();
    let ds = diagnostics(g.path());
    let html = page_html(g.path(), "p0");
    // Depth limit first: level 0 shows at most 5 nested levels.
    assert!(!kinds(&ds, "embed-too-deep").is_empty(), "{ds:#?}");
    assert!(
        html.len() < 2_000_000,
        "diamond output is bounded: {} bytes",
        html.len()
    );
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn chain_deeper_than_the_limit() {
    let mut pages = Vec::new();
    for i in 0..8 {
        pages.push((
            format!("c{i}.md"),
            format!("- step {i}\n  - {{{{embed [[c{}]]}}}}\n", i + 1),
        ));
    }
    pages.push(("c8.md".to_string(), "- end\n".to_string()));
    let refs: Vec<(&str, &str)> = pages
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let g = graph(&refs);
    let ds = diagnostics(g.path());
    let deep: Vec<_> = kinds(&ds, "embed-too-deep")
        .into_iter()
        .filter(|d| d.file == "pages/c0.md")
        .collect();
    assert_eq!(deep.len(), 1, "{ds:#?}");
    assert_eq!(deep[0].line, Some(2));
    let html = page_html(g.path(), "c0");
    assert!(
        html.contains("step 5") && !html.contains("step 6"),
        "expanded to the limit only"
    );
    assert!(html.contains("Embed depth is too deep"));
}

#[test]
fn missing_and_empty_targets() {
    let g = graph(&[
        ("a.md", "- {{embed [[nowhere]]}}\n- {{embed [[empty]]}}\n- {{embed [[]]}}\n- {{embed ((00000000-0000-0000-0000-000000000000))}}\n"),
        ("empty.md", "alias:: vide\n"),
    ]);
    let ds = diagnostics(g.path());
    let missing = kinds(&ds, "embed-missing");
    assert_eq!(
        missing.iter().map(|d| d.line).collect::<Vec<_>>(),
        [Some(1), Some(2)],
        "{ds:#?}"
    );
    assert_eq!(kinds(&ds, "dangling-block-ref").len(), 1);
    let html = page_html(g.path(), "a");
    assert_eq!(html.matches("embed-empty").count(), 2);
    assert!(html.contains("Embedded block not found"));
}

#[test]
fn block_embedding_its_parent_terminates() {
    let g = graph(&[(
        "a.md",
        "- parent\n  id:: 11111111-2222-3333-4444-555555555555\n  - child {{embed ((11111111-2222-3333-4444-555555555555))}}\n",
    )]);
    let ds = diagnostics(g.path());
    assert_eq!(kinds(&ds, "embed-cycle").len(), 1, "{ds:#?}");
    let html = page_html(g.path(), "a");
    assert!(html.contains("embed-cycle"));
    assert_eq!(
        html.matches(">parent<").count(),
        2,
        "the parent, once more inside its child, then the cycle mark"
    );
}

#[test]
fn an_embedded_page_is_expanded_alike_where_it_fits_and_stopped_where_it_does_not() {
    // x (embedding y) is embedded by p and q, and at the end of a chain z1 → z2 → z3 → z4 →
    // z5 → x, where y would be a sixth nested embed, one beyond the limit. On one thread the
    // pages render in name order, so x's expansion made for p is there when z1 meets x, and
    // must not be taken.
    let g = graph(&[
        ("x.md", "- X text\n- {{embed [[y]]}}\n"),
        ("y.md", "- Y text\n"),
        ("p.md", "- {{embed [[x]]}}\n"),
        ("q.md", "- {{embed [[x]]}}\n"),
        ("z1.md", "- {{embed [[z2]]}}\n"),
        ("z2.md", "- {{embed [[z3]]}}\n"),
        ("z3.md", "- {{embed [[z4]]}}\n"),
        ("z4.md", "- {{embed [[z5]]}}\n"),
        ("z5.md", "- {{embed [[x]]}}\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    common::build_site(g.path(), out.path(), None, 1);
    let outline = |slug: &str| {
        let html = std::fs::read_to_string(out.path().join(slug).join("index.html")).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("main ul.blocks").unwrap();
        doc.select(&sel).next().map(|e| e.html()).unwrap()
    };
    let p = outline("p");
    assert_eq!(p.matches("X text").count(), 1, "{p}");
    assert_eq!(p.matches("Y text").count(), 1, "{p}");
    assert_eq!(outline("q"), p.clone(), "the same expansion in q");
    let z1 = outline("z1");
    assert!(z1.contains("X text") && !z1.contains("Y text"), "{z1}");
    assert!(z1.contains("Embed depth is too deep"), "{z1}");
    let z2 = outline("z2");
    assert!(z2.contains("X text") && z2.contains("Y text"), "{z2}");
}
