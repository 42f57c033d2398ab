//! The evaluator on a small fixture graph: path-refs, text, properties, page filters,
//! combinations, sorting and the datalog forms.

use super::*;
use crate::graph::BlockAddr;

/// The fixture pages: keys with ratings, questions, tasks, a journal, a namespace.
pub(super) const FIXTURE: [(&str, &str); 7] = [
        (
            "pages/keys.md",
            "- {{query (property :rating)}}\n  query-table:: true\n",
        ),
        (
            "pages/pricing.md",
            "rating:: 80\ntype:: [[key]]\n\n- ### Questions #question\n  - Will they pay? ***\n  - TODO Ask ten buyers\n- Risks [[risk]] \n  - #[[!!!]] nobody pays\n",
        ),
        (
            "pages/reach.md",
            "rating:: 33.6\ntype:: [[key]]\nexclude:: true\n\n- Can we reach them? #question\n  weight:: 5\n  - DONE list channels [#A]\n",
        ),
        (
            "pages/team.md",
            "rating:: 100\ntype:: [[class]]\n\n- #comment the team page\n",
        ),
        ("pages/topic___a.md", "- child of topic #comment\n"),
        ("pages/topic___a___b.md", "- grandchild of [[topic/a]]\n"),
        ("journals/2023_01_05.md", "- met [[pricing]] buyers\n"),
    ];

fn fixture() -> Graph {
    crate::graph::of_files(&FIXTURE)
}

/// Run a query; blocks as "page: first line", pages as names.
fn run_text(g: &Graph, text: &str, advanced: bool) -> Vec<String> {
    let Prepared::Ready(spec) = prepare(text, advanced) else {
        panic!("{text} does not prepare");
    };
    let ix = Index::new(g);
    match run(g, &ix, &spec) {
        Results::Blocks(v) => v.iter().map(|a| describe(g, *a)).collect(),
        Results::Pages(v) => v.iter().map(|&p| g.pages[p].name.clone()).collect(),
    }
}

fn describe(g: &Graph, a: BlockAddr) -> String {
    let b = g.block(a).expect("block");
    let first = b.content.lines().next().unwrap_or("").trim().to_string();
    let first = if b.pre_block {
        "(properties)".to_string()
    } else {
        first
    };
    format!("{}: {first}", g.pages[a.page].name)
}

fn q(g: &Graph, text: &str) -> Vec<String> {
    run_text(g, text, false)
}

#[test]
fn page_ref_matches_path_refs_and_own_page() {
    let g = fixture();
    assert_eq!(
        q(&g, "[[question]]"),
        vec![
            "pricing: Questions #question",
            "pricing: Will they pay? ***",
            "pricing: Ask ten buyers",
            "reach: Can we reach them? #question",
            "reach: list channels [#A]",
        ]
    );
    assert_eq!(
        q(&g, "[[pricing]]").len(),
        7,
        "the page-properties block, 5 blocks and the journal"
    );
    assert_eq!(
        q(&g, "[[topic]]"),
        vec!["topic/a/b: grandchild of [[topic/a]]"],
        "the namespace prefixes of a ref are refs; a page's own namespace is not"
    );
    assert!(q(&g, "[[nothing here]]").is_empty());
}

#[test]
fn full_text_is_a_case_sensitive_substring_of_raw_content() {
    let g = fixture();
    assert_eq!(q(&g, "\"***\""), vec!["pricing: Will they pay? ***"]);
    assert_eq!(q(&g, "\"#comment\"").len(), 2);
    assert!(q(&g, "\"#COMMENT\"").is_empty());
    assert_eq!(q(&g, "\"rating:: 80\""), vec!["pricing: (properties)"]);
}

#[test]
fn property_queries_include_page_property_blocks() {
    let g = fixture();
    assert_eq!(q(&g, "(property :rating)").len(), 3);
    assert_eq!(q(&g, "(property rating 80)"), vec!["pricing: (properties)"]);
    assert_eq!(
        q(&g, "(property :rating \"33.6\")"),
        vec!["reach: (properties)"]
    );
    assert_eq!(q(&g, "(property type [[key]])").len(), 2);
    assert_eq!(
        q(&g, "(property :weight 5)"),
        vec!["reach: Can we reach them? #question"]
    );
}

#[test]
fn page_filters_give_pages_and_constrain_blocks() {
    let g = fixture();
    assert_eq!(
        q(&g, "(page-property :type [[key]])"),
        vec!["pricing", "reach"]
    );
    assert_eq!(q(&g, "(page-property :exclude true)"), vec!["reach"]);
    assert_eq!(q(&g, "(page-property :exclude \"true\")"), vec!["reach"]);
    assert_eq!(q(&g, "(namespace [[topic]])"), vec!["topic/a"]);
    assert_eq!(
        q(
            &g,
            "(and [[question]] (page-property :type [[key]]) (not (page [[pricing]])))"
        ),
        vec![
            "reach: Can we reach them? #question",
            "reach: list channels [#A]"
        ]
    );
    assert_eq!(
        q(
            &g,
            "(and \"#comment\" (not (page-property :type [[class]])))"
        ),
        vec!["topic/a: child of topic #comment"]
    );
}

#[test]
fn tasks_priorities_pages_and_journal_days() {
    let g = fixture();
    assert_eq!(q(&g, "(task TODO DOING)"), vec!["pricing: Ask ten buyers"]);
    assert_eq!(q(&g, "(task done)"), vec!["reach: list channels [#A]"]);
    assert_eq!(q(&g, "(priority a)"), vec!["reach: list channels [#A]"]);
    assert_eq!(
        q(&g, "(page [[team]])"),
        vec!["team: (properties)", "team: #comment the team page"]
    );
    assert_eq!(
        q(&g, "(between [[2023-01-01]] [[2023-01-31]])"),
        vec!["Jan 5th, 2023: met [[pricing]] buyers"]
    );
    assert!(q(&g, "(between [[2023-02-01]] [[2023-02-28]])").is_empty());
}

#[test]
fn or_and_sorting() {
    let g = fixture();
    assert_eq!(q(&g, "(or [[risk]] (task TODO))").len(), 3);
    assert_eq!(
        q(&g, "(and (property :rating) (sort-by rating asc))"),
        vec![
            "reach: (properties)",
            "pricing: (properties)",
            "team: (properties)"
        ],
        "decimals sort numerically"
    );
    assert_eq!(
        q(&g, "(and (page-property :rating) (sort-by rating))"),
        vec!["team", "pricing", "reach"]
    );
}

#[test]
fn datalog_marker_query_uses_direct_refs_only() {
    let g = fixture();
    let body = "{:query [:find (pull ?b [*]) :where [?p :block/name \"!!!\"] [?b :block/refs ?p]]}";
    assert_eq!(
        run_text(&g, body, true),
        vec!["pricing: #[[!!!]] nobody pays"]
    );
    let body =
        "{:query [:find (pull ?b [*]) :where [?p :block/name \"risk\"] [?b :block/refs ?p]]}";
    assert_eq!(
        run_text(&g, body, true),
        vec!["pricing: Risks [[risk]]"],
        "children are not direct refs"
    );
}

#[test]
fn priority_parsing() {
    assert_eq!(priority_of("[#A] x"), Some('A'));
    assert_eq!(priority_of("x [#b]"), Some('B'));
    assert_eq!(priority_of("x [#D]"), None);
    assert_eq!(priority_of("line\n[#A]"), None);
}

#[test]
fn the_index_of_some_pages_finds_on_them_what_the_whole_index_finds() {
    // Reference, property and text filters read the index's block lists: an index of two
    // pages must give, on those pages, exactly the whole index's results.
    let g = fixture();
    let whole = Index::new(&g);
    let pages = ["pricing", "reach"].map(|n| g.page_by_name(n).expect("page"));
    let part = Index::of_pages(&g, pages);
    for text in [
        "[[question]]",
        "[[key]]",
        "(property :rating)",
        "(property :weight 5)",
        "(property :no-such-key)",
        "\"pay\"",
        "(and [[key]] (not (property :exclude)))",
        "(or [[risk]] (task DONE))",
    ] {
        let Prepared::Ready(spec) = prepare(text, false) else {
            panic!("{text} does not prepare");
        };
        let on_pages = |r: Results| match r {
            Results::Blocks(v) => v
                .into_iter()
                .filter(|a| pages.contains(&a.page))
                .map(|a| describe(&g, a))
                .collect::<Vec<_>>(),
            Results::Pages(v) => v.into_iter().map(|p| g.pages[p].name.clone()).collect(),
        };
        let expected = on_pages(run(&g, &whole, &spec));
        assert_eq!(on_pages(run(&g, &part, &spec)), expected, "{text}");
        if text.contains("no-such-key") {
            assert!(expected.is_empty());
        } else {
            assert!(!expected.is_empty(), "{text} finds something on the pages");
        }
    }
}
