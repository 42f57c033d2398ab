//! The graph model on the sample graph and, when present, on the real innbok graph
//! (`../shared/corpus/innbok`): counts, exact facts, determinism across thread counts.

mod common;

use innsite::check::Report;
use innsite::graph::{self, PageKind};
use innsite::model::{PageRefKind, Ref};

#[test]
fn real_graph_counts_match_logseq() {
    let Some(dir) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing: the real-graph tests need it beside the repository");
    };
    let loaded = common::load_graph(&dir, 4);
    let s = Report::new(&loaded).summary;
    // 1,561 .md files − 6 dot-files = 1,555 markdown files + 5 whiteboards.
    assert_eq!(s.files_read, 1_560);
    assert_eq!(s.blank_files, 74, "LOGSEQ.md §1: 74 blank files");
    // LOGSEQ.md §1: 1,424 distinct page names from 1,481 non-blank markdown files.
    assert_eq!(s.file_pages, 1_424);
    assert_eq!(s.whiteboards, 5);
    // Logseq counts 3,050 pages without a file, including 14 built-ins (NOW, LATER, A, B, C,
    // card, Favorites, Contents ...) that exist in its database whether referenced or not;
    // innsite creates a page only for names the graph references, and treats an `alias::`
    // name without a file as an alias page rather than a stub.
    let without_file = s.stub_pages + s.alias_pages;
    assert!(
        (2_950..=3_060).contains(&without_file),
        "pages without a file: {without_file}"
    );
    assert_eq!(s.embeds, 878, "LOGSEQ.md §4: 878 embed macros");
    // LOGSEQ.md §5.5: two `((uuid))` in markdown, both dangling; the whiteboards add two
    // block portals, which are block references too.
    assert_eq!(s.block_refs, 4);
    assert_eq!(s.assets, 8);
}

#[test]
fn real_graph_reports_its_real_problems() {
    let Some(dir) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing")
    };
    let loaded = common::load_graph(&dir, 4);
    let has = |kind: &str, file: &str| {
        loaded
            .diagnostics
            .iter()
            .any(|d| d.kind.as_str() == kind && d.file == file)
    };
    assert!(has("dangling-block-ref", "inn/LogSeq/innBoK design.md"));
    assert!(has("dangling-block-ref", "inn/LogSeq/innBoK validation.md"));
    assert!(has("missing-asset", "inn/LogSeq/Lean Canvas image.md"));
    assert!(has("duplicate-page", "inn/LogSeq/contents.md"));
    assert!(has("skipped-file", "inn/LogSeq/.md"));
    assert!(has(
        "invalid-edn",
        "whiteboards/main segment end user whiteboard.edn"
    ));
    let dangling = loaded
        .diagnostics
        .iter()
        .filter(|d| d.kind.as_str() == "dangling-block-ref")
        .count();
    assert_eq!(dangling, 2);
    for d in loaded
        .diagnostics
        .iter()
        .filter(|d| d.kind.as_str() != "missing-favorite" && d.kind.as_str() != "slug-collision")
    {
        assert!(
            !d.file.is_empty(),
            "every content diagnostic names its file: {d}"
        );
    }
}

#[test]
fn persona_page_facts() {
    let Some(dir) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing")
    };
    let loaded = common::load_graph(&dir, 4);
    let g = &loaded.graph;
    let id = g
        .page_by_name("profile-(id)/persona_info")
        .expect("persona page exists");
    assert_eq!(g.pages[id].kind, PageKind::File);
    let src = g.source(id).expect("has a file");
    for key in ["metamodel-id", "relations", "weight"] {
        assert!(src.properties.get(key).is_some(), "property {key}");
    }
    assert_eq!(
        src.properties.get("weight").and_then(|p| p.number()),
        Some(40.0)
    );
    let embeds: Vec<&str> = src
        .blocks
        .iter()
        .flat_map(|b| &b.refs)
        .filter_map(|r| match r {
            Ref::Page {
                name,
                kind: PageRefKind::Embed,
                ..
            } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(embeds.len(), 5, "five example embeds: {embeds:?}");
    let without_file = embeds
        .iter()
        .filter(|n| {
            g.page_by_name(n)
                .is_none_or(|p| g.pages[p].kind != PageKind::File)
        })
        .count();
    assert_eq!(without_file, 2, "two embedded pages have no file");
    assert_eq!(g.pages[id].parent, g.page_by_name("profile-(id)"));
}

#[test]
fn aliases_as_logseq_resolves_them() {
    let Some(dir) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing")
    };
    let loaded = common::load_graph(&dir, 4);
    let g = &loaded.graph;
    let key = g.page_by_name("key").unwrap();
    let keys = g.page_by_name("keys").unwrap();
    assert!(
        g.pages[key].aliases.contains(&keys),
        "key lists keys as an alias"
    );
    assert_eq!(g.pages[keys].kind, PageKind::File, "keys has its own file");
    assert_eq!(
        g.link_target("keys"),
        Some(keys),
        "[[keys]] goes to the keys page"
    );
    let roles = g.page_by_name("roles").unwrap();
    assert_eq!(g.pages[roles].kind, PageKind::Alias);
    let owners: Vec<&str> = g.pages[roles]
        .alias_of
        .iter()
        .map(|&o| g.pages[o].key.as_str())
        .collect();
    assert_eq!(
        owners.len(),
        3,
        "roles is shared by three pages: {owners:?}"
    );
    for o in ["role", "stakeholder", "persona"] {
        assert!(owners.contains(&o), "{o} owns roles");
    }
}

#[test]
fn real_graph_model_is_identical_with_1_and_8_threads() {
    let Some(dir) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing")
    };
    let one = graph::dump(&common::load_graph(&dir, 1).graph);
    let eight = graph::dump(&common::load_graph(&dir, 8).graph);
    assert!(one.len() > 1_000_000);
    assert!(one == eight, "the model differs between 1 and 8 threads");
}

#[test]
fn sample_graph_model() {
    let loaded = common::load_graph(&common::sample(), 2);
    let g = &loaded.graph;
    let s = Report::new(&loaded).summary;
    assert!(s.file_pages >= 25, "sample has {} file pages", s.file_pages);
    // Artifacts ordered by weight, heaviest first; equal weights by title.
    let mut ids: Vec<usize> = [
        "artifact/problem-statement/info",
        "artifact/experiment-log/info",
        "artifact/customer-profile/info",
    ]
    .iter()
    .map(|n| g.page_by_name(n).unwrap())
    .collect();
    g.sort_pages(&mut ids);
    let names: Vec<&str> = ids.iter().map(|&i| g.pages[i].name.as_str()).collect();
    assert_eq!(
        names,
        [
            "artifact/problem-statement/info",
            "artifact/customer-profile/info",
            "artifact/experiment-log/info"
        ]
    );
    // The hidden draft is not read; the private page is (publishing rules are applied later).
    assert!(g.page_by_name("secret plan").is_none());
    // A cycle, a missing embed and a dangling block ref are reported, never fatal.
    let kinds: Vec<&str> = loaded.diagnostics.iter().map(|d| d.kind.as_str()).collect();
    for k in [
        "embed-cycle",
        "embed-missing",
        "dangling-block-ref",
        "missing-asset",
        "missing-favorite",
    ] {
        assert!(kinds.contains(&k), "sample reports {k}: {kinds:?}");
    }
}
