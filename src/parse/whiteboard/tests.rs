//! Tests of whiteboard parsing: small literal EDN, then the 5 real files (when the corpus exists).

use super::*;
use crate::model::SourceKind;
use std::path::{Path, PathBuf};

fn source(rel: &str) -> SourceFile {
    SourceFile {
        rel_path: rel.to_string(),
        abs_path: PathBuf::from(rel),
        kind: SourceKind::Whiteboard,
    }
}

fn parse(rel: &str, text: &str) -> ParsedPage {
    parse_whiteboard(&source(rel), text.as_bytes())
}

fn contents(page: &ParsedPage) -> Vec<&str> {
    page.roots
        .iter()
        .map(|&i| page.blocks[i].content.as_str())
        .collect()
}

const PAGE: &str = r#":pages ({:block/uuid #uuid "652f85f7-ced6-45a0-9292-688c101b74fd"
 :block/type "whiteboard" :block/name "my board" :block/original-name " My Board "})"#;

fn shape(fields: &str) -> String {
    format!(
        "{{:block/properties {{:ls-type :whiteboard-shape :logseq.tldraw.shape {{{fields}}}}}}}"
    )
}

#[test]
fn page_portals_in_index_order_with_link_refs() {
    let text = format!(
        "{{:blocks ({}\n{}\n{})\n{PAGE}}}",
        shape(r#":type "logseq-portal" :blockType "P" :index 2 :pageId "Second" :id "s2""#),
        shape(r#":type "logseq-portal" :blockType "P" :index 1 :pageId " First " :id "s1""#),
        shape(r#":type "line" :index 0 :label "" :id "l""#),
    );
    let page = parse("whiteboards/x.edn", &text);
    assert_eq!(page.name, "My Board");
    assert_eq!(page.kind, SourceKind::Whiteboard);
    assert!(!page.blank);
    assert_eq!(contents(&page), ["[[First]]", "[[Second]]"]);
    let first = &page.blocks[page.roots[0]];
    let expected = Ref::Page {
        name: "First".into(),
        kind: PageRefKind::Link,
        line: 2,
    };
    assert_eq!(first.refs, [expected]);
    assert_eq!(first.line, 2);
    assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
}

#[test]
fn block_portal_to_another_file_is_a_block_ref() {
    let text = format!(
        "{{:blocks ({})}}",
        shape(
            r#":type "logseq-portal" :blockType "B" :pageId "6525869C-B421-4F6D-9D03-41902C06692D" :id "b""#
        )
    );
    let page = parse("whiteboards/x.edn", &text);
    let uuid = "6525869c-b421-4f6d-9d03-41902c06692d";
    assert_eq!(contents(&page), [format!("(({uuid}))")]);
    assert_eq!(
        page.blocks[0].refs,
        [Ref::Block {
            uuid: uuid.into(),
            line: 1
        }]
    );
}

#[test]
fn shapes_with_text_become_blocks_and_others_nothing() {
    let text = format!(
        "{{:blocks ({} {} {} {})}}",
        shape(r#":type "text" :index 0 :text " Note " :id "t""#),
        shape(r#":type "box" :index 1 :label "Boxed" :id "x""#),
        shape(r#":type "pencil" :index 2 :id "p""#),
        shape(r#":type "box" :index 3 :label "  " :id "e""#),
    );
    let page = parse("whiteboards/x.edn", &text);
    assert_eq!(contents(&page), ["Note", "Boxed"]);
    assert!(page.blocks.iter().all(|b| b.refs.is_empty()));
}

#[test]
fn shape_written_as_a_string_is_read() {
    let inner =
        r#"{:type \"logseq-portal\", :blockType \"P\", :index 0, :pageId \"a/b\", :id \"q\"}"#;
    let text = format!("{{:blocks ({{:block/properties {{:logseq.tldraw.shape \"{inner}\" :ls-type \":whiteboard-shape\"}}}})}}");
    let page = parse("whiteboards/x.edn", &text);
    assert_eq!(contents(&page), ["[[a/b]]"]);
}

#[test]
fn block_portal_to_a_block_of_the_file_is_that_block() {
    let text = format!(
        "{{:blocks ({{:block/content \"### [[x]]\\nquery-table:: true\"\n :block/uuid #uuid \"64f1a4aa-1408-4201-9be1-7c754810ace1\"}}\n\
         {{:block/content \"child\" :block/parent {{:block/uuid #uuid \"64f1a4aa-1408-4201-9be1-7c754810ace1\"}}\n :block/uuid #uuid \"64f1a626-a0e4-4446-b788-a4de5804bea5\"}}\n\
         {} {})}}",
        shape(r#":type "logseq-portal" :blockType "B" :index 0 :pageId "64f1a4aa-1408-4201-9be1-7c754810ace1" :id "b1""#),
        shape(r#":type "logseq-portal" :blockType "B" :index 1 :pageId "64f1a4aa-1408-4201-9be1-7c754810ace1" :id "b2""#),
    );
    let page = parse("whiteboards/x.edn", &text);
    assert_eq!(page.roots.len(), 2, "{:#?}", page.blocks);
    let b = &page.blocks[page.roots[0]];
    assert_eq!(
        b.uuid.as_deref(),
        Some("64f1a4aa-1408-4201-9be1-7c754810ace1")
    );
    assert!(b.content.contains("[[x]]"), "{:?}", b.content);
    assert_eq!(b.line, 5);
    assert_eq!(b.children.len(), 1);
    let child = &page.blocks[b.children[0]];
    assert_eq!(child.content, "child");
    assert_eq!(child.parent, Some(page.roots[0]));
    assert_eq!(
        child.uuid.as_deref(),
        Some("64f1a626-a0e4-4446-b788-a4de5804bea5")
    );
    // The second portal of the same block refers to it instead of repeating its uuid.
    let second = &page.blocks[page.roots[1]];
    assert_eq!(second.content, "((64f1a4aa-1408-4201-9be1-7c754810ace1))");
}

#[test]
fn invalid_edn_gives_an_empty_page_named_from_the_file_and_a_warning() {
    let page = parse(
        "whiteboards/a___b board.edn",
        "{:blocks ({:stroke \"\n:index 31}\n)}",
    );
    assert_eq!(page.name, "a/b board");
    assert!(page.blocks.is_empty() && page.roots.is_empty() && !page.blank);
    assert_eq!(page.diagnostics.len(), 1);
    let d = &page.diagnostics[0];
    assert_eq!(
        (d.kind, d.file.as_str()),
        (Kind::InvalidEdn, "whiteboards/a___b board.edn")
    );
    assert!(d.line.is_some() && d.message.contains("line"), "{d:?}");
}

#[test]
fn no_original_name_falls_back_to_the_file_name() {
    let page = parse(
        "whiteboards/plain board.edn",
        "{:blocks () :pages ({:block/name \"x\"})}",
    );
    assert_eq!(page.name, "plain board");
    assert!(page.blocks.is_empty());
}

#[test]
fn bad_portals_warn_and_are_skipped() {
    let text = format!(
        "{{:blocks ({} {})}}",
        shape(r#":type "logseq-portal" :blockType "B" :pageId "not-a-uuid" :id "b""#),
        shape(r#":type "logseq-portal" :blockType "P" :pageId "" :id "p""#),
    );
    let page = parse("whiteboards/x.edn", &text);
    assert!(page.blocks.is_empty());
    assert_eq!(page.diagnostics.len(), 2);
}

#[test]
fn hostile_input_does_not_panic() {
    for text in [
        "",
        "[",
        "{:blocks 1}",
        "nil",
        "{:blocks (1 \"x\" {:block/properties 3})}",
        "\u{feff}{}",
    ] {
        let page = parse("whiteboards/x.edn", text);
        assert!(page.blocks.is_empty(), "{text:?}");
    }
    let deep = "(".repeat(200_000);
    assert_eq!(
        parse("whiteboards/x.edn", &deep).diagnostics[0].kind,
        Kind::InvalidEdn
    );
    let bad_utf8 = parse_whiteboard(&source("whiteboards/x.edn"), b"{:a \xff}");
    assert_eq!(bad_utf8.diagnostics[0].kind, Kind::InvalidUtf8);
}

fn real(name: &str) -> Option<ParsedPage> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/innbok/whiteboards");
    let bytes = std::fs::read(dir.join(name)).ok()?;
    Some(parse_whiteboard(
        &source(&format!("whiteboards/{name}")),
        &bytes,
    ))
}

#[test]
fn real_lean_canvas_whiteboard() {
    let Some(page) = real("Lean Canvas whiteboard.edn") else {
        return;
    };
    assert_eq!(page.name, "Lean Canvas whiteboard");
    assert_eq!(
        contents(&page),
        [
            "((6525869c-b421-4f6d-9d03-41902c06692d))",
            "((6525869c-b4f6-4025-b755-0f8cdfcd43bb))",
            "[[test segment/profile 1/value/content]]"
        ]
    );
    assert!(page.diagnostics.is_empty());
}

#[test]
fn real_important_and_uncertain_chart() {
    let Some(page) = real("important and uncertain chart.edn") else {
        return;
    };
    assert_eq!(page.name, "important and uncertain chart");
    assert_eq!(page.roots.len(), 2);
    let portal = &page.blocks[page.roots[0]];
    assert_eq!(
        portal.uuid.as_deref(),
        Some("64f1a4aa-1408-4201-9be1-7c754810ace1")
    );
    assert!(
        portal.content.contains("[[*****]] [[?????]]"),
        "{:?}",
        portal.content
    );
    assert_eq!(
        page.blocks[page.roots[1]].content,
        "[[innbok/marker/weight]]"
    );
}

#[test]
fn real_metamodel_whiteboard() {
    let Some(page) = real("innBoK metamodel whiteboard.edn") else {
        return;
    };
    assert_eq!(page.name, "innBoK metamodel whiteboard");
    let names =
        "artifact key risk experiment weight uncertainty positive negative priority insight";
    let expected: Vec<String> = names.split(' ').map(|n| format!("[[{n}]]")).collect();
    assert_eq!(contents(&page), expected);
}

#[test]
fn real_segment_profile_whiteboard_with_string_shapes() {
    let Some(page) = real("segment 1___profile 1 whiteboard.edn") else {
        return;
    };
    assert_eq!(page.name, "segment 1/profile 1 whiteboard");
    assert_eq!(
        contents(&page),
        [
            "[[Lean Canvas]]",
            "[[Lean Canvas image]]",
            "[[segment 1/profile 1/content]]",
            "[[segment 1/profile 1/channels/content]]"
        ]
    );
}

#[test]
fn real_invalid_whiteboard_is_empty() {
    let Some(page) = real("main segment end user whiteboard.edn") else {
        return;
    };
    assert_eq!(page.name, "main segment end user whiteboard");
    assert!(page.blocks.is_empty());
    assert_eq!(page.diagnostics.len(), 1);
    assert_eq!(page.diagnostics[0].kind, Kind::InvalidEdn);
    assert!(page.diagnostics[0].line.is_some());
}
