//! Linked references on small graphs, as a reader meets them on the built page: every
//! referring block once (one inside another referring block's subtree shows among its
//! children, not again on its own), grouped by page, the count naming every referring block.

mod common;

use scraper::{Html, Selector};

/// The built page `slug` of the graph of `pages`, parsed.
fn built_page(pages: &[(&str, &str)], slug: &str) -> Html {
    built_page_with(pages, "{:publishing/all-pages-public? true}", slug)
}

/// [`built_page`] with `config_edn` as the graph's `logseq/config.edn` (which publishes
/// only `public:: true` pages unless it says `:publishing/all-pages-public? true`).
fn built_page_with(pages: &[(&str, &str)], config_edn: &str, slug: &str) -> Html {
    let graph = common::graph_of(pages);
    std::fs::create_dir_all(graph.path().join("logseq")).unwrap();
    std::fs::write(graph.path().join("logseq/config.edn"), config_edn).unwrap();
    let out = tempfile::tempdir().unwrap();
    common::build_site(graph.path(), out.path(), None, 2);
    let html = std::fs::read_to_string(out.path().join(slug).join("index.html")).unwrap();
    Html::parse_document(&html)
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn a_referring_block_inside_another_is_shown_once() {
    let doc = built_page(
        &[
            (
                "notes.md",
                "- parent about [[Topic]]\n  - middle\n    - deep child on [[Topic]]\n  - plain child\n- second root on [[Topic]]\n  - its child\n",
            ),
            ("other.md", "- elsewhere [[Topic]]\n  - nested [[Topic]] too\n"),
        ],
        "topic",
    );
    let html = doc.root_element().html();
    assert_eq!(html.matches("deep child on").count(), 1, "{html}");
    assert_eq!(html.matches("nested").count(), 1, "{html}");
    // Each group lists its outermost referring blocks, their subtrees inside them.
    let listed = texts(
        &doc,
        ".references-blocks > ul.blocks > li.ls-block > .block-content",
    );
    assert_eq!(
        listed,
        [
            "parent about Topic",
            "second root on Topic",
            "elsewhere Topic"
        ],
        "{html}"
    );
    let nested = texts(&doc, ".references-blocks .block-children .block-content");
    assert!(
        nested.contains(&"deep child on Topic".to_string()),
        "{nested:?}"
    );
    assert!(
        nested.contains(&"nested Topic too".to_string()),
        "{nested:?}"
    );
    // The count still names every block that refers to the page.
    assert_eq!(texts(&doc, "#references-title .count"), ["5"]);
}

#[test]
fn sibling_referring_blocks_are_all_listed() {
    let doc = built_page(
        &[(
            "notes.md",
            "- one [[Topic]]\n- two [[Topic]]\n  - under two\n",
        )],
        "topic",
    );
    let listed = texts(
        &doc,
        ".references-blocks > ul.blocks > li.ls-block > .block-content",
    );
    assert_eq!(listed, ["one Topic", "two Topic"]);
    assert_eq!(texts(&doc, "#references-title .count"), ["2"]);
}

#[test]
fn beyond_the_cap_every_referring_page_is_still_linked() {
    // 70 pages with one referring block each, and one with two: more than the 60 listed.
    let mut files: Vec<(String, String)> = (0..70)
        .map(|i| {
            (
                format!("ref {i:02}.md"),
                format!("- note {i} on [[Topic]]\n"),
            )
        })
        .collect();
    files.push(("zz.md".into(), "- a [[Topic]]\n- b [[Topic]]\n".into()));
    let pages: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let doc = built_page(&pages, "topic");
    assert_eq!(texts(&doc, "#references-title .count"), ["72"]);
    let grouped = texts(&doc, ".references-group > summary");
    let more = texts(&doc, ".references-more li");
    assert_eq!(grouped.len(), 60, "{grouped:?}");
    assert_eq!(
        texts(&doc, ".references-more-note"),
        ["11 more pages refer to Topic:"]
    );
    let mut linked: Vec<String> = grouped.into_iter().chain(more).collect();
    linked.sort();
    let mut expected: Vec<String> = (0..70).map(|i| format!("ref {i:02}")).collect();
    expected.push("zz".into());
    assert_eq!(linked, expected);
}

#[test]
fn a_page_property_reference_shows_the_properties() {
    let doc = built_page(
        &[
            (
                "plan.md",
                "relations:: [[Topic]], [[Budget]]\nalias:: blueprint\n\n- body\n",
            ),
            ("topic.md", "- the topic\n"),
        ],
        "topic",
    );
    let props = texts(&doc, ".references-blocks .pre-block dl.page-properties dt");
    assert_eq!(
        props,
        ["relations", "alias"],
        "{}",
        doc.root_element().html()
    );
    let linked = texts(&doc, ".references-blocks .pre-block dd a");
    assert_eq!(linked, ["Topic", "Budget", "blueprint"]);
}

#[test]
fn references_made_only_by_hidden_properties_are_links_not_empty_boxes() {
    let doc = built_page_with(
        &[
            ("quiet.md", "secret:: [[Topic]]\n\n- text\n"),
            ("loud.md", "- says [[Topic]]\n"),
        ],
        "{:publishing/all-pages-public? true :block-hidden-properties #{:secret}}",
        "topic",
    );
    let html = doc.root_element().html();
    assert_eq!(
        texts(&doc, ".references-group > summary"),
        ["loud"],
        "{html}"
    );
    assert_eq!(
        texts(&doc, ".references-more-note"),
        ["1 more page refers to Topic:"]
    );
    assert_eq!(texts(&doc, ".references-more li"), ["quiet"]);
    assert!(
        !html.contains("<div class=\"references-blocks\">\n\n</div>"),
        "{html}"
    );
    // With no group at all the list stands alone.
    let alone = built_page_with(
        &[("quiet.md", "secret:: [[Topic]]\n\n- text\n")],
        "{:publishing/all-pages-public? true :block-hidden-properties #{:secret}}",
        "topic",
    );
    assert_eq!(
        texts(&alone, ".references-more-note"),
        ["1 page refers to Topic:"]
    );
}

#[test]
fn an_embed_is_expanded_in_references_shown_on_another_page() {
    let pages = [
        ("notes.md", "- about [[Topic]]\n  - {{embed [[Recipe]]}}\n"),
        ("recipe.md", "- flour and water\n"),
    ];
    // On Topic's page the block is shown for its link: the recipe is shown too.
    let topic = built_page(&pages, "topic");
    let embedded = texts(&topic, ".references-blocks .embed.embed-page ul.blocks");
    assert_eq!(
        embedded,
        ["flour and water"],
        "{}",
        topic.root_element().html()
    );
    // On Recipe's page it is shown for the embed itself: a link to the page, not its text
    // again.
    let recipe = built_page(&pages, "recipe");
    let refs = texts(&recipe, ".references-blocks");
    assert_eq!(refs.len(), 1);
    assert!(!refs[0].contains("flour"), "{refs:?}");
    assert_eq!(
        texts(&recipe, ".references-blocks .embed-folded"),
        ["Embeds Recipe"]
    );
}
