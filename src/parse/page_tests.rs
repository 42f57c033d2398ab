//! Tests of `parse_page` against LOGSEQ.md §3.1–§3.6 and §11 items 13–21, each input modelled
//! on the cited file of the real graph (quoted path in the test's comment).

use super::parse_page;
use crate::diagnostics::Kind;
use crate::model::{Marker, PageRefKind, ParsedPage, Ref, SourceFile, SourceKind};
use crate::name::NameFormat;
use std::path::PathBuf;

pub(super) fn source(path: &str) -> SourceFile {
    SourceFile {
        rel_path: path.to_string(),
        abs_path: PathBuf::from(path),
        kind: SourceKind::Markdown,
    }
}

pub(super) fn parse(text: &str) -> ParsedPage {
    parse_page(
        &source("inn/x.md"),
        text.as_bytes(),
        NameFormat::TripleLowbar,
    )
}

/// Depth of each block (roots are 1), walking parents (no recursion).
pub(super) fn depths(p: &ParsedPage) -> Vec<usize> {
    (0..p.blocks.len())
        .map(|mut i| {
            let mut d = 1;
            while let Some(parent) = p.blocks[i].parent {
                d += 1;
                i = parent;
            }
            d
        })
        .collect()
}

/// `depth:content` for each block in document order.
pub(super) fn shape(p: &ParsedPage) -> Vec<String> {
    depths(p)
        .iter()
        .zip(&p.blocks)
        .map(|(d, b)| format!("{d}:{}", b.content))
        .collect()
}

pub(super) fn keys(p: &crate::model::Properties) -> Vec<&str> {
    p.iter().map(|p| p.key.as_str()).collect()
}

pub(super) fn kinds(p: &ParsedPage) -> Vec<Kind> {
    p.diagnostics.iter().map(|d| d.kind).collect()
}

#[test]
fn first_bullet_indented_gives_top_level_blocks() {
    // §3.3 row 1, §11.14: `…/activitiy-list___examples___Space X.md:1` (6 spaces, continuation
    // lines at bullet + 1 space) and `…/person-(id)___skills___examples___Space X.md:1` (10).
    let p = parse(
        "      - #work [[Rocket design]]\n       Space X must design rockets.\n       #work [[Launch]]\n\n\n",
    );
    assert_eq!(
        shape(&p),
        ["1:#work [[Rocket design]]\nSpace X must design rockets.\n#work [[Launch]]"]
    );
    assert_eq!(p.roots, vec![0]);
    let p = parse(
        "          - #skill [[Leadership]]\n           Musk leads.\n                - deeper\n",
    );
    assert_eq!(
        shape(&p),
        ["1:#skill [[Leadership]]\nMusk leads.", "2:deeper"]
    );
}

#[test]
fn page_properties_never_swallow_an_indented_outline() {
    // §3.3 row 2, §11.13: `…/experiment/Problem Interviews.md:1-9`.
    let p = parse(
        "page-type:: [[experiment]]\n\n\n\n  - ### #[[goal]]\n    - #goal [[Validate]]\n    - #goal [[Understand]]\n  - ### Hypothesis:\n     - By conducting interviews\n  - ### Related items\n    - \n",
    );
    assert_eq!(
        shape(&p),
        [
            "1:",
            "1:#[[goal]]",
            "2:#goal [[Validate]]",
            "2:#goal [[Understand]]",
            "1:Hypothesis:",
            "2:By conducting interviews",
            "1:Related items",
            "2:",
        ]
    );
    assert!(p.blocks[0].pre_block && p.blocks[0].children.is_empty());
    assert_eq!(p.roots, vec![0, 1, 4, 6]);
    assert_eq!(keys(&p.properties), ["page-type"]);
    assert_eq!(p.blocks[0].properties, p.properties);
    assert_eq!(p.blocks[1].heading, Some(3));
}

#[test]
fn five_space_bullet_between_four_and_six_is_a_child_of_the_four() {
    // §3.3 row 4, §11.15: `…/experiment/Problem Interviews.md:9` (rule 2 then rule 3).
    let p = parse("  - ### Hypothesis:\n    - a\n     - b\n      - c\n    - d\n");
    assert_eq!(shape(&p), ["1:Hypothesis:", "2:a", "3:b", "4:c", "2:d"]);
}

#[test]
fn child_two_steps_deeper_is_one_level_down() {
    // §3.3 row 3, §11.15: `…/artifacts/opportunity___info.md:33-37`.
    let p = parse(
        "- ## Topics\n    - ### TODO #topic topic/What is a business?\n      plastilinn-type:: [[topic]] [[guide-item]]\n      innbok-artifact:: [[opportunity]]\n      - {{embed [[topic/What is a business?]]}}\n  \n",
    );
    assert_eq!(
        shape(&p),
        [
            "1:Topics",
            "2:#topic topic/What is a business?",
            "3:{{embed [[topic/What is a business?]]}}",
        ]
    );
    let b = &p.blocks[1];
    assert_eq!((b.heading, b.marker), (Some(3), Some(Marker::Todo)));
    assert_eq!(keys(&b.properties), ["plastilinn-type", "innbok-artifact"]);
    assert_eq!(b.properties.0[1].line, 4);
}

#[test]
fn outdent_without_matching_level_takes_over_the_popped_level() {
    // §3.2 rule 4: `c` (level 3) pops `b` (level 5), becomes its next sibling and takes level 5,
    // so `d` (level 5) is c's sibling and `e` (level 4) is again a sibling at that depth.
    let p = parse("- a\n    - b\n  - c\n    - d\n   - e\n- f\n");
    assert_eq!(shape(&p), ["1:a", "2:b", "2:c", "2:d", "2:e", "1:f"]);
    // Rule 3 pops several entries at once.
    let p = parse("- a\n  - b\n    - c\n  - d\n");
    assert_eq!(shape(&p), ["1:a", "2:b", "3:c", "2:d"]);
}

#[test]
fn indented_heading_line_splits_the_block() {
    // §3.3 row 5, §11.16: `…/artifacts/web___examples___Space X.md:1-5`.
    let p = parse(
        "      - [### Space X](https://www.Space X.com/)\n       Space X\u{a0}designs rockets.\n       ### [Launches](https://www.Space X.com/launches/)\n       Space X designs ...|\n       ### [Mission](https://www.Space X.com/mission/)\n",
    );
    assert_eq!(
        shape(&p),
        [
            "1:[### Space X](https://www.Space X.com/)\nSpace X\u{a0}designs rockets.",
            "1:[Launches](https://www.Space X.com/launches/)\nSpace X designs ...|",
            "1:[Mission](https://www.Space X.com/mission/)",
        ]
    );
    let h: Vec<_> = p.blocks.iter().map(|b| b.heading).collect();
    assert_eq!(h, [None, Some(3), Some(3)]);
}

#[test]
fn non_bullet_heading_with_marker_properties_and_tab_children() {
    // §3.3 row 6, §11.20, §5.7: `pages/Master guide.md:1-7`.
    let p = parse(
        "### TODO #unit How to use this guide\nplastilinn-type:: [[unit]] [[guide-item]]\ncollapsed:: true\n\t- ### TODO #unit Understand the basics\n\t  plastilinn-type:: [[unit]]\n\t  collapsed:: true\n\t\t- ### TODO #resource: download LogSeq\n\t- ### TODO #unit Getting started\n",
    );
    assert_eq!(
        shape(&p),
        [
            "1:#unit How to use this guide",
            "2:#unit Understand the basics",
            "3:#resource: download LogSeq",
            "2:#unit Getting started",
        ]
    );
    assert!(p.properties.is_empty(), "a heading is not a pre-block");
    let b = &p.blocks[0];
    assert!(!b.pre_block && b.collapsed);
    assert_eq!((b.heading, b.marker), (Some(3), Some(Marker::Todo)));
    assert_eq!(keys(&b.properties), ["plastilinn-type"]);
    assert_eq!(
        b.refs[0],
        Ref::Page {
            name: "TODO".into(),
            kind: PageRefKind::Marker,
            line: 1
        }
    );
}

#[test]
fn lone_and_indented_markdown_headings_are_level_one() {
    // §11.20: `inn/LogSeq/InnMoDeler___guide___SHIF+click example page.md:1` (no final newline),
    // `inn/LogSeq/Lean Canvas.md:1-3`, `inn/LogSeq/innCoPilot Map of Contents.md:1`.
    let p = parse("# Opened at the right panel!!!");
    assert_eq!(shape(&p), ["1:Opened at the right panel!!!"]);
    assert_eq!(p.blocks[0].heading, Some(1));
    let p = parse("# [[Lean Canvas whiteboard]]\n\t- {{embed [[Lean Canvas whiteboard]]}}\n- ## Customer Segments\n  id:: 6525869C-B421-4f6d-9d03-41902c06692d\n  collapsed:: true\n\t- Define\n");
    assert_eq!(
        shape(&p),
        [
            "1:[[Lean Canvas whiteboard]]",
            "2:{{embed [[Lean Canvas whiteboard]]}}",
            "1:Customer Segments",
            "2:Define",
        ]
    );
    let cs = &p.blocks[2];
    assert_eq!(
        cs.uuid.as_deref(),
        Some("6525869c-b421-4f6d-9d03-41902c06692d")
    );
    assert!(cs.collapsed);
    assert_eq!(keys(&cs.properties), ["id"], "id kept, collapsed removed");
    let p = parse("- a\n      ## deep heading\n  - b\n");
    assert_eq!(shape(&p), ["1:a", "1:deep heading", "2:b"]);
}

#[test]
fn continuation_lines_at_column_zero_stay_in_the_block() {
    // §11.17: `…/topics/topic___Business.md:1-3`, `…/classes/segmentation.md:6-9`.
    let p = parse("page-type:: [[topic]]\n- ### Un negocio es **beneficio**.\nUn negocio es una actividad.\n\n\n");
    assert_eq!(
        shape(&p),
        [
            "1:",
            "1:Un negocio es **beneficio**.\nUn negocio es una actividad."
        ]
    );
    let p = parse("- ### Definition \n  - segmentation refers to\n\nSegmentation is important\n- ### Sample list\n");
    assert_eq!(
        shape(&p),
        [
            "1:Definition",
            "2:segmentation refers to\n\nSegmentation is important",
            "1:Sample list"
        ]
    );
}

#[test]
fn second_property_run_is_ignored() {
    // §3.5, §11.18: `…/experiment/Landing Pages and Lead Capture.md:1-5`.
    let p = parse("page-type:: [[experiment]]\n\npage-type:: [[task]]\n\n  - ### #[[goal]]\n");
    assert_eq!(shape(&p), ["1:", "1:#[[goal]]"]);
    assert_eq!(p.properties.0.len(), 1);
    assert_eq!(p.properties.0[0].raw, "[[experiment]]");
    assert_eq!(kinds(&p), [Kind::IgnoredProperties]);
    assert_eq!(p.diagnostics[0].line, Some(3));
    assert!(p.blocks[0].refs.iter().all(|r| r.line() != 3));
}

#[test]
fn bullet_whose_first_line_is_a_property() {
    // §3.5, §11.19: `inn/LogSeq/innBoK___innBoK guide___artifacts.md:1-4` (no page properties)
    // and `inn/LogSeq/markers.md:1-10` (page properties, then `- query-properties::` blocks).
    let p = parse("-\n- query-table:: false\n  collapsed:: true\n  #+BEGIN_QUERY\n  {\n  :title [:b \"x\"]\n  }\n  #+END_QUERY\n-\n");
    assert!(p.properties.is_empty());
    assert_eq!(
        shape(&p),
        [
            "1:",
            "1:#+BEGIN_QUERY\n{\n:title [:b \"x\"]\n}\n#+END_QUERY",
            "1:"
        ]
    );
    assert_eq!(keys(&p.blocks[1].properties), ["query-table"]);
    assert!(p.blocks[1].collapsed);
    let p = parse("color:: red\nicon:: M\n\n- query-properties:: [:alias :icon]\n  #+BEGIN_QUERY\n  { :query (namespace [[innbok/markers]])\n  }\n  #+END_QUERY\n- query-properties:: [:page :icon :alias]\n- {{embed [[innBoK/markers]]}}\n- #+BEGIN_TIP\n  [[shiftclick on any marker]]\n  #+END_TIP\n-");
    assert_eq!(keys(&p.properties), ["color", "icon"]);
    assert_eq!(
        shape(&p)[1..],
        [
            "1:#+BEGIN_QUERY\n{ :query (namespace [[innbok/markers]])\n}\n#+END_QUERY",
            "1:",
            "1:{{embed [[innBoK/markers]]}}",
            "1:#+BEGIN_TIP\n[[shiftclick on any marker]]\n#+END_TIP",
            "1:",
        ]
    );
    assert_eq!(p.blocks[2].properties.0[0].raw, "[:page :icon :alias]");
}

#[test]
fn no_final_newline_changes_nothing() {
    // §11.21: 97 files lack a final newline.
    let a = "title:: x\n- a\n  b\n\t- c";
    assert_eq!(parse(a), parse(&format!("{a}\n")));
}

#[test]
fn pre_block_text_before_the_first_bullet() {
    // §3.5: `…/resources/*.md:1` (raw iframe), `inn/LogSeq/Items modified by me.md:1-4`
    // (blank line, property, query), `…/markers/markers.md:3` (renderer), and the `1.` list of
    // `…/artifacts/analysis___examples___extinguished animals meat.md:1`.
    let p = parse("<iframe width=\"560\" src=\"https://www.youtube.com/embed/x\"></iframe>\n\n- [Video](https://youtu.be/x)\n");
    assert_eq!(
        shape(&p),
        [
            "1:<iframe width=\"560\" src=\"https://www.youtube.com/embed/x\"></iframe>",
            "1:[Video](https://youtu.be/x)"
        ]
    );
    assert!(p.blocks[0].pre_block && p.properties.is_empty());
    let p = parse("\nquery-properties:: [:page :updated-at]\n#+BEGIN_QUERY\n{ :query [:find (pull ?p [*])\n         :in $ ?start]\n}\n#+END_QUERY\n");
    assert_eq!(keys(&p.properties), ["query-properties"]);
    assert_eq!(p.blocks[0].line, 2);
    assert_eq!(
        p.blocks[0].content,
        "#+BEGIN_QUERY\n{ :query [:find (pull ?p [*])\n         :in $ ?start]\n}\n#+END_QUERY"
    );
    let p =
        parse("\n\n{{renderer :tocgen2, [[markers]], calc(100vh - 135px)}}\n- ### [[weight]]\n");
    assert_eq!(
        shape(&p),
        [
            "1:{{renderer :tocgen2, [[markers]], calc(100vh - 135px)}}",
            "1:[[weight]]"
        ]
    );
    let p = parse("    1. Financial analysis: \n     Evaluate the costs.\n   \n2. Market analysis: \n     Conduct research.\n");
    assert_eq!(p.blocks.len(), 1);
    assert_eq!(
        p.blocks[0].content,
        "1. Financial analysis:\nEvaluate the costs.\n\n2. Market analysis:\nConduct research."
    );
}

#[test]
fn title_property_overrides_the_file_name() {
    let p = parse("title::   My Page  \n- a\n");
    assert_eq!(p.name, "My Page");
    let p = parse("- title:: not a page property\n");
    assert_ne!(p.name, "not a page property");
}

#[test]
fn tasks_keep_priority_and_planning_in_content_and_ref_the_priority() {
    let p = parse("- TODO [#A] call the bank\n  SCHEDULED: <2024-01-05 Fri>\n- STARTED draft\n");
    let b = &p.blocks[0];
    assert_eq!(b.marker, Some(Marker::Todo));
    assert_eq!(b.content, "[#A] call the bank\nSCHEDULED: <2024-01-05 Fri>");
    let names: Vec<(&str, PageRefKind)> = b
        .refs
        .iter()
        .filter_map(|r| match r {
            Ref::Page { name, kind, .. } => Some((name.as_str(), *kind)),
            _ => None,
        })
        .collect();
    assert_eq!(
        names,
        vec![("TODO", PageRefKind::Marker), ("A", PageRefKind::Marker)]
    );
    assert_eq!(
        (p.blocks[1].marker, p.blocks[1].content.as_str()),
        (Some(Marker::Started), "draft")
    );
}

#[test]
fn bad_latex_is_reported_with_its_line() {
    let p = parse("- fine $x^2$\n- prices $5 and $10\n- title\n  bad $\\frac{a$ here\n");
    let math: Vec<(Option<u32>, &str)> = p
        .diagnostics
        .iter()
        .filter(|d| d.kind == Kind::Math)
        .map(|d| (d.line, d.file.as_str()))
        .collect();
    assert_eq!(math, vec![(Some(4), "inn/x.md")]);
}
