//! Tests of one block's content rules: task markers (§5.7), headings, `heading::`, code
//! fences and indentation (§3.4), properties (§3.6), empty bullets, blank files, and the order
//! and lines of references.

use super::page_tests::{keys, kinds, parse, shape};
use crate::diagnostics::Kind;
use crate::model::{Marker, PageRefKind, Ref};

#[test]
fn task_markers() {
    // §5.7: `…/keys/legal___Protectability.md:16-19` (double spaces swallowed).
    let p = parse("- #TODOs\n  - TODO Assess\n  - TODO  Determine if it can be patented\n  - DONE\n  - TODOS not a marker\n  - todo lower case\n  - IN-PROGRESS x\n");
    let m: Vec<_> = p.blocks.iter().map(|b| b.marker).collect();
    assert_eq!(
        m,
        [
            None,
            Some(Marker::Todo),
            Some(Marker::Todo),
            Some(Marker::Done),
            None,
            None,
            Some(Marker::InProgress)
        ]
    );
    assert_eq!(p.blocks[2].content, "Determine if it can be patented");
    assert_eq!(p.blocks[3].content, "");
    assert_eq!(p.blocks[4].content, "TODOS not a marker");
    let r = &p.blocks[6].refs[0];
    assert_eq!(
        r,
        &Ref::Page {
            name: "IN-PROGRESS".into(),
            kind: PageRefKind::Marker,
            line: 7
        }
    );
    assert!(p.blocks[0].marker.is_none() && p.blocks[0].heading.is_none());
}

#[test]
fn headings_and_non_headings() {
    let p = parse("- ### x\n- #tag y\n- ###### six\n- ####### seven\n- #\n-\tx\n");
    let h: Vec<_> = p.blocks.iter().map(|b| b.heading).collect();
    assert_eq!(h, [Some(3), None, Some(6), None, Some(1), None]);
    assert_eq!(
        shape(&p),
        ["1:x", "1:#tag y", "1:six", "1:####### seven", "1:", "1:x"]
    );
}

#[test]
fn heading_property() {
    let p = parse("- a\n  heading:: 2\n- b\n  heading:: true\n  - c\n    heading:: true\n- ## d\n  heading:: true\n");
    let h: Vec<_> = p.blocks.iter().map(|b| b.heading).collect();
    assert_eq!(h, [Some(2), Some(2), Some(3), Some(2)]);
}

#[test]
fn code_fences_keep_their_indentation() {
    // `inn/LogSeq/Full house plugin___templates.md:13-20`.
    let p = parse("- template:: pages-tagged-with\n\t- ```jsx\n\t  ``{ !\n\t  /** view v1\n\t   *  required\n\t   */\n\t  - not a bullet\n\t  ```\n\t- after\n");
    assert_eq!(
        shape(&p),
        [
            "1:",
            "2:```jsx\n``{ !\n/** view v1\n *  required\n */\n- not a bullet\n```",
            "2:after",
        ]
    );
    let p = parse("- a\n  text\n      ```\n        indented code\n      ```\n");
    assert_eq!(p.blocks[0].content, "a\ntext\n```\n  indented code\n```");
}

#[test]
fn four_space_lines_never_stay_indented() {
    // §3.4: 3,509 continuation lines start with 4+ spaces.
    let p = parse("- a\n        deep text\n\n        more\n  - b\n            x\n");
    assert_eq!(shape(&p), ["1:a\ndeep text\n\nmore", "2:b\nx"]);
    for b in &p.blocks {
        assert!(b.content.lines().all(|l| !l.starts_with(' ')));
    }
}

#[test]
fn properties_only_directly_after_the_first_line() {
    let p = parse("- a\n  k1:: v1\n  k2::\n  text\n  k3:: v3\n");
    let b = &p.blocks[0];
    assert_eq!(keys(&b.properties), ["k1", "k2"]);
    assert_eq!(b.content, "a\ntext\nk3:: v3");
    let p = parse("- ```\n  k:: v\n  ```\n");
    assert!(
        p.blocks[0].properties.is_empty(),
        "no properties inside a fence"
    );
    // A blank line ends the page-property run; text after it is content.
    let p = parse("a:: 1\nb:: 2\nprose\n- x\n");
    assert_eq!(keys(&p.properties), ["a", "b"]);
    assert_eq!(p.blocks[0].content, "prose");
}

#[test]
fn empty_bullets_are_blocks() {
    // §11.3: `inn/LogSeq/!.md`-style pages: properties and empty bullets.
    let p = parse("icon:: !\n\n-\n-\n- \n");
    assert_eq!(shape(&p), ["1:", "1:", "1:", "1:"]);
    assert!(!p.has_content());
}

#[test]
fn blank_files_give_no_blocks() {
    // §11.2: `inn/LogSeq/pages-tagged-with.md` (0 bytes), `inn/LogSeq/innBoK analysis.md` (BOM).
    for text in ["", "  \n\n\t\n", "\u{feff}\n \n"] {
        let p = parse(text);
        assert!(
            p.blank && p.blocks.is_empty() && p.roots.is_empty(),
            "{text:?}"
        );
        assert_eq!(kinds(&p), [Kind::BlankFile]);
    }
    assert!(!parse("-").blank);
}

#[test]
fn refs_in_source_order_with_their_lines() {
    // §3.7: refs of the marker, the title, each property value (excluded keys skipped) and the
    // body, each with its own line; property page refs come from the parsed value.
    let p = parse("alias:: a, b\nicon:: [[no]]\n\n- ### TODO #unit How [[x]]\n  plastilinn-type:: [[unit]]\n  id:: 6525869c-b421-4f6d-9d03-41902c06692d\n  body {{embed [[e]]}}\n- ```\n  [[in code]]\n  ```\n");
    let page = |name: &str, kind, line| Ref::Page {
        name: name.into(),
        kind,
        line,
    };
    assert_eq!(
        p.blocks[0].refs,
        [
            page("a", PageRefKind::Property, 1),
            page("b", PageRefKind::Property, 1)
        ]
    );
    assert_eq!(
        p.blocks[1].refs,
        [
            page("TODO", PageRefKind::Marker, 4),
            page("unit", PageRefKind::Tag, 4),
            page("x", PageRefKind::Link, 4),
            page("unit", PageRefKind::Property, 5),
            page("e", PageRefKind::Embed, 7),
        ]
    );
    assert!(p.blocks[2].refs.is_empty());
}
