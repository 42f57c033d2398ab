//! Unit tests of the inline scanner: one per rule, with the real graph's examples (LOGSEQ.md
//! §4, §5.3–§5.8, §7), the round-trip property, and linear-time checks on hostile input.

use super::{refs, scan, EmbedTarget, Inline};
use crate::model::{PageRefKind, Ref};

const UUID: &str = "644776aa-dd69-4c31-b66d-183979c4716f";

/// Scan, check the round trip and the piece invariants, return the pieces.
pub(super) fn pieces(text: &str) -> Vec<Inline<'_>> {
    let p = scan(text);
    let joined: String = p.iter().map(|x| x.source()).collect();
    assert_eq!(joined, text, "round trip of {text:?}");
    assert!(
        p.iter().all(|x| !x.source().is_empty()),
        "empty piece in {p:?}"
    );
    for w in p.windows(2) {
        let both_text = matches!(w, [Inline::Text(_), Inline::Text(_)]);
        assert!(!both_text, "adjacent text pieces in {p:?}");
    }
    p
}

/// Only the non-text pieces.
fn constructs(text: &str) -> Vec<Inline<'_>> {
    pieces(text)
        .into_iter()
        .filter(|p| !matches!(p, Inline::Text(_)))
        .collect()
}

fn tag(name: &str) -> Vec<String> {
    vec![name.to_string()]
}

/// Names of the tags in `text`.
fn tags(text: &str) -> Vec<String> {
    constructs(text)
        .into_iter()
        .filter_map(|p| match p {
            Inline::Tag { name, .. } => Some(name.to_string()),
            _ => None,
        })
        .collect()
}

fn page(name: &str, kind: PageRefKind, line: u32) -> Ref {
    Ref::Page {
        name: name.to_string(),
        kind,
        line,
    }
}

fn asset(name: &str, line: u32) -> Ref {
    Ref::Asset {
        name: name.to_string(),
        line,
    }
}

#[test]
fn plain_text_is_one_piece() {
    assert_eq!(
        pieces("just words, no refs."),
        vec![Inline::Text("just words, no refs.")]
    );
    assert!(pieces("").is_empty());
}

#[test]
fn code_spans_are_not_scanned() {
    let p = pieces("see `[[x]]` and ``a ` #b`` then [[y]]");
    assert_eq!(p[1], Inline::Code("`[[x]]`"));
    assert_eq!(p[3], Inline::Code("``a ` #b``"));
    assert_eq!(
        refs("see `[[x]]` and ``a ` #b`` then [[y]]", 1),
        vec![page("y", PageRefKind::Link, 1)]
    );
    // An unmatched run is literal; the next run of the same length closes the second.
    assert_eq!(
        constructs("`` [[a]] ` b `"),
        vec![
            Inline::PageRef {
                name: "a",
                raw: "[[a]]"
            },
            Inline::Code("` b `"),
        ]
    );
    // Code spans stay on one line.
    assert_eq!(constructs("`a\n[[b]]`").len(), 1);
}

#[test]
fn fenced_code_blocks_are_not_scanned() {
    let text = "```jsx\n((p) => [[x]] #y\n``{ !\n```\n[[z]]";
    let p = pieces(text);
    assert_eq!(p[0], Inline::Code("```jsx\n((p) => [[x]] #y\n``{ !\n```"));
    assert_eq!(refs(text, 14), vec![page("z", PageRefKind::Link, 18)]);
    assert_eq!(
        pieces("  ~~~\n#a\n  ~~~~ \nb")[0],
        Inline::Code("  ~~~\n#a\n  ~~~~ ")
    );
    // Unterminated: code to the end; an info string with a backtick is no fence.
    assert_eq!(pieces("```\n[[x]]"), vec![Inline::Code("```\n[[x]]")]);
    assert_eq!(tags("``` a`b` #t"), tag("t"));
    // CRLF line ends close a fence too.
    assert_eq!(
        pieces("```\r\n#a\r\n```\r\n#b")[0],
        Inline::Code("```\r\n#a\r\n```\r")
    );
}

#[test]
fn advanced_queries() {
    let text = "#+BEGIN_QUERY\n{:query [:find (pull ?b [*])\n  :where [?p :block/name \"!!!!!\"]]}\n  #+END_QUERY\n#x";
    let p = pieces(text);
    let body = "{:query [:find (pull ?b [*])\n  :where [?p :block/name \"!!!!!\"]]}";
    assert_eq!(
        p[0],
        Inline::AdvancedQuery {
            body,
            raw: &text[..text.len() - 3]
        }
    );
    let r = refs(text, 6);
    assert_eq!(
        r[0],
        Ref::Query {
            text: body.to_string(),
            advanced: true,
            line: 6
        }
    );
    assert_eq!(r[1], page("x", PageRefKind::Tag, 10));
    assert_eq!(r.len(), 2, "no refs inside the query body");
    let lower = pieces("#+begin_query\n#+end_query");
    assert_eq!(
        lower,
        vec![Inline::AdvancedQuery {
            body: "",
            raw: "#+begin_query\n#+end_query"
        }]
    );
    // Unterminated: the marker line is text, and later lines are scanned.
    assert_eq!(tags("#+BEGIN_QUERY\n{:title #x }"), tag("x"));
}

#[test]
fn other_begin_blocks_are_content() {
    let text = "#+BEGIN_TIP\nUse [[markers]] #here\n#+END_TIP";
    assert_eq!(
        refs(text, 12),
        vec![
            page("markers", PageRefKind::Link, 13),
            page("here", PageRefKind::Tag, 13),
        ]
    );
}

#[test]
fn page_refs() {
    assert_eq!(
        constructs("[[innBoK/keys]]"),
        vec![Inline::PageRef {
            name: "innBoK/keys",
            raw: "[[innBoK/keys]]"
        }]
    );
    // Names are kept as written; refs trims (§2.4).
    let text = "[[business-idea/Business Model Innovation ]]";
    assert_eq!(
        constructs(text),
        vec![Inline::PageRef {
            name: "business-idea/Business Model Innovation ",
            raw: text
        }]
    );
    assert_eq!(
        refs(text, 37),
        vec![page(
            "business-idea/Business Model Innovation",
            PageRefKind::Link,
            37
        )]
    );
    // Empty, blank, nested, unclosed: text.
    for t in ["[[]]", "[[ ]]", "[[a [[b]]]]", "[[a", "a]] b"] {
        assert_eq!(pieces(t), vec![Inline::Text(t)], "{t}");
    }
    assert_eq!(
        constructs("[[[x]]]"),
        vec![Inline::PageRef {
            name: "x",
            raw: "[[x]]"
        }]
    );
    assert_eq!(constructs("[[a]] [[b").len(), 1);
}

#[test]
fn labelled_refs() {
    let text = "- ### [Apprise the success chance of my business]([[keys (weight)]])";
    assert_eq!(
        constructs(text),
        vec![Inline::LabelledRef {
            label: "Apprise the success chance of my business",
            name: "keys (weight)",
            raw: &text[6..],
        }]
    );
    let search = "[Define my business step by step](master guide)";
    assert_eq!(
        constructs(search),
        vec![Inline::LabelledRef {
            label: "Define my business step by step",
            name: "master guide",
            raw: search,
        }]
    );
    assert_eq!(
        refs("[Getting started with innCoPilot](innCoPilot/docs)", 3),
        vec![page("innCoPilot/docs", PageRefKind::Labelled, 3)]
    );
    // Ordinary markdown stays text, and nothing inside it is scanned.
    for t in [
        "([help](https://go.innbok.com/#/page/solution-%28id%29%2Finfo))",
        "[x](#anchor)",
        "[index.html](../assets/index_1697710770214_0.html)",
        "[#x [[y]]](https://example.com)",
        "[Open](file:///S:/Logseq/inn%20V0.10.02/export/index.html#/page/dashboard)",
        "[a](mailto:x@y)",
        "[a b] c",
        "[a](b",
        "[a]([[b]] c)",
        "[a]({{embed x}})",
    ] {
        assert_eq!(pieces(t), vec![Inline::Text(t)], "{t}");
    }
    // A `[` inside a label means the label starts later (CommonMark).
    assert_eq!(constructs("[a [b]([[c]])").len(), 1);
}

#[test]
fn tags_follow_mldoc() {
    assert_eq!(tags("#questions"), tag("questions"));
    assert_eq!(tags("- ### #[[goal]] x"), tag("goal"));
    assert_eq!(tags("#artifact: the list"), tag("artifact"));
    assert_eq!(
        tags("#.kanban #.grid"),
        vec![".kanban".to_string(), ".grid".to_string()]
    );
    assert_eq!(tags("#20"), tag("20"));
    assert_eq!(tags("tema #20."), tag("20"));
    assert_eq!(
        tags("#🔖 #pending"),
        vec!["🔖".to_string(), "pending".to_string()]
    );
    assert_eq!(tags("#a.b;c,d"), tag("a.b;c"));
    assert_eq!(tags("#tag..."), tag("tag"));
    assert_eq!(tags("#{\"{\"}"), tag("{"));
    assert_eq!(tags("#{\"artifact\"}"), tag("{"));
    assert_eq!(tags("a#b"), tag("b"));
    assert_eq!(tags("(C#)"), tag(")"));
    assert_eq!(
        tags("#x[[y]] #p[q"),
        vec!["x[[y]]".to_string(), "p".to_string()]
    );
    assert_eq!(
        pieces("#[[goal]]")[0],
        Inline::Tag {
            name: "goal",
            raw: "#[[goal]]"
        }
    );
}

#[test]
fn things_that_are_not_tags() {
    for t in [
        "&#39;",
        "# heading",
        "## x",
        "###",
        "#",
        "#, x",
        "#+BEGIN_TIP",
        "\\#escaped",
        "#[[]]",
        "#[x",
        "https://stackedit.io/app#",
        "see https://go.innbok.com/#/page/x, ok",
        "(www.example.com/#top)",
        "<a href=\"#top\">",
        "</div#x>",
    ] {
        assert!(tags(t).is_empty(), "{t}: {:?}", tags(t));
    }
    assert_eq!(tags("https://x.com/#a #b"), tag("b"));
}

#[test]
fn block_refs() {
    let text = format!("see (({UUID})) and (({}))", UUID.to_uppercase());
    let c = constructs(&text);
    assert_eq!(c.len(), 2);
    assert_eq!(
        c[0],
        Inline::BlockRef {
            uuid: UUID,
            raw: &text[4..44]
        }
    );
    assert_eq!(
        refs(&text, 4)[0],
        Ref::Block {
            uuid: UUID.to_string(),
            line: 4
        }
    );
    for t in [
        "((p) => `<li>`)",
        "((abc))",
        "(( 644776aa-dd69-4c31-b66d-183979c4716f))",
    ] {
        assert!(
            constructs(t).iter().all(|p| matches!(p, Inline::Code(_))),
            "{t}"
        );
    }
}

#[test]
fn embeds() {
    let c = constructs("{{embed [[artifact/list]]}}");
    assert_eq!(
        c,
        vec![Inline::Embed {
            target: EmbedTarget::Page("artifact/list"),
            raw: "{{embed [[artifact/list]]}}"
        }]
    );
    for t in [
        "{{embed [[]]}}",
        "{{embed}}",
        "{{embed }}",
        "{{embed foo}}",
        "{{embed [[a]] [[b]]}}",
    ] {
        assert_eq!(
            constructs(t),
            vec![Inline::Embed {
                target: EmbedTarget::Empty,
                raw: t
            }],
            "{t}"
        );
        assert_eq!(refs(t, 20), vec![Ref::EmbedEmpty { line: 20 }]);
    }
    let block = format!("{{{{embed (({UUID}))}}}}");
    assert_eq!(
        refs(&block, 1),
        vec![Ref::EmbedBlock {
            uuid: UUID.to_string(),
            line: 1
        }]
    );
    assert_eq!(
        refs("{{embed [[analysis/examples/Space X]]}}", 14),
        vec![page("analysis/examples/Space X", PageRefKind::Embed, 14)]
    );
    // Unterminated: text, and the page ref inside is an ordinary ref.
    assert_eq!(
        refs("{{embed [[x]]", 1),
        vec![page("x", PageRefKind::Link, 1)]
    );
}

#[test]
fn queries_and_macros() {
    let q = "{{query (property :innbok-key-rating)}}";
    assert_eq!(
        constructs(q),
        vec![Inline::Query {
            text: "(property :innbok-key-rating)",
            raw: q
        }]
    );
    assert_eq!(
        constructs("{{query }}"),
        vec![Inline::Query {
            text: "",
            raw: "{{query }}"
        }]
    );
    let m = "{{renderer :tocgen2, [[business info]], calc(100vh - 135px)}}";
    assert_eq!(
        constructs(m),
        vec![Inline::Macro {
            name: "renderer",
            args: ":tocgen2, [[business info]], calc(100vh - 135px)",
            raw: m,
        }]
    );
    assert_eq!(
        refs(m, 1),
        vec![
            Ref::Macro {
                name: "renderer".into(),
                args: ":tocgen2, [[business info]], calc(100vh - 135px)".into(),
                line: 1
            },
            page("business info", PageRefKind::Link, 1),
        ]
    );
    assert_eq!(
        refs("{{query \"#artifact\" [[x]]}}", 1),
        vec![Ref::Query {
            text: "\"#artifact\" [[x]]".into(),
            advanced: false,
            line: 1
        }]
    );
    for t in ["{{}}", "{{ x}}", "{{x", "{x}}", "{{a}b}}"] {
        assert!(constructs(t).is_empty(), "{t}");
    }
    assert_eq!(
        constructs("{{{x}}}"),
        vec![Inline::Macro {
            name: "x",
            args: "",
            raw: "{{{x}}}"
        }]
    );
}

#[test]
fn ref_lines_and_assets() {
    let text = "a\n[[b]]\n#c ![lean canvas.png](../assets/lean_canvas_1684397221410_0.png)\n`../assets/x.png`";
    assert_eq!(
        refs(text, 10),
        vec![
            page("b", PageRefKind::Link, 11),
            page("c", PageRefKind::Tag, 12),
            asset("lean_canvas_1684397221410_0.png", 12),
        ]
    );
    let deep = "![v](../../../../assets/value_proposition_designer_draft_1680993099071_0.jpg)";
    assert_eq!(
        refs(deep, 1),
        vec![asset(
            "value_proposition_designer_draft_1680993099071_0.jpg",
            1
        )]
    );
    let more =
        "x\n[i](./assets/a%20b.png \"t\") [j](/assets/c.gif) [k](assets/d) [l](../pages/assets/e)";
    let names: Vec<_> = refs(more, 1)
        .into_iter()
        .map(|r| match r {
            Ref::Asset { name, line } => (name, line),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        vec![("a b.png".into(), 2), ("c.gif".into(), 2), ("d".into(), 2)]
    );
    let brackets = "a ] b ]] [c] ![p](../assets/p.png) ]";
    assert_eq!(refs(brackets, 3), vec![asset("p.png", 3)]);
}
