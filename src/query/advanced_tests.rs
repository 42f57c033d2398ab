//! Advanced queries: map options, datalog translation, and every query of the real graph's
//! `query-forms.txt` parsing (or failing) as Logseq does.

use super::*;
use crate::query::{prepare, Prepared};

fn spec(body: &str) -> Spec {
    parse(body).expect("valid").expect("not blank")
}

#[test]
fn marker_datalog_is_a_direct_ref_query() {
    let s = spec(
        "{:query [:find (pull ?b [*]) :where [?p :block/name \"!!!\"] [?b :block/refs ?p]] :breadcrumb-show? false :table-view? false}",
    );
    assert_eq!(s.filter, Some(Query::DirectRef("!!!".into())));
    assert!(!s.breadcrumb);
    assert_eq!(s.table, Some(false));
    assert!(s.group_by_page);
}

#[test]
fn property_rule_datalog_with_hiccup_title() {
    let s = spec(
        "{ :title [:b \"select blocks\"] :query [:find (pull ?block [*]) :where [?block :block/content ?blockcontent] [?block :block/page ?page] [?page :block/name ?pagename] (property ?block :inncopilot-type \"artifact\") ] :collapsed? true :group-by-page? false :remove-block-children? true }",
    );
    assert_eq!(
        s.filter,
        Some(Query::Property {
            key: "inncopilot-type".into(),
            value: Some(Value::Text("artifact".into()))
        })
    );
    assert_eq!(s.title.as_deref(), Some("select blocks"));
    assert!(s.collapsed && !s.group_by_page && !s.children);
}

#[test]
fn dsl_list_with_ignored_transform() {
    let s = spec(
        "{ :query (and (property key-weight) (page [[business model]]) (sort-by key-weight desc)) :result-transform (fn [result] (sort-by (fn [d] (get d :block/key-weight)) ) ) }",
    );
    assert!(s.ignored_transform);
    assert_eq!(s.sort.as_ref().map(|x| x.key.as_str()), Some("key-weight"));
    assert!(matches!(s.filter, Some(Query::And(_))));
}

#[test]
fn text_content_predicate_and_page_clause() {
    let s = spec(
        "{:query [:find (pull ?b [*]) :where [?b :block/content ?c] [(clojure.string/includes? ?c \"x\")] [?p :block/name \"home\"] [?b :block/page ?p]]}",
    );
    assert_eq!(
        s.filter,
        Some(Query::And(vec![
            Query::Text("x".into()),
            Query::Page(vec!["home".into()])
        ]))
    );
}

#[test]
fn unsupported_and_invalid_bodies() {
    let unsupported = |b: &str| matches!(parse(b), Err(DslError::Unsupported(_)));
    let invalid = |b: &str| matches!(parse(b), Err(DslError::Invalid(_)));
    assert!(unsupported(
        "{:query [:find (pull ?p [*]) :in $ ?start ?today :where [?p :block/updated-at ?d] [(>= ?d ?start)] [(<= ?d ?today)] [?b :block/page ?p] ] :inputs [:7d-before-ms :end-of-today-ms]}"
    ));
    assert!(unsupported(
        "{:query [:find ?b :where [?b :block/marker _]]}"
    ));
    assert!(unsupported(
        "{:query [:find (pull ?b [*]) :where [?b :block/marker ?m] [(contains? #{\"NOW\"} ?m)]]}"
    ));
    assert!(invalid("{:title \"x\"}"));
    assert!(invalid("[:find ?b]"));
    assert!(invalid("{:query (and \"a\" }"));
    assert_eq!(parse("  "), Ok(None));
}

/// Every query of LOGSEQ.md §7.2 (`query-forms.txt`): 15 invalid (form 9), 1 unsupported
/// (form 21, time inputs), 3 blank, the other 79 evaluate.
#[test]
fn every_query_form_of_the_real_graph() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/docs/query-forms.txt"
    );
    let text = std::fs::read_to_string(path).expect("../shared/docs/query-forms.txt is required");
    let (mut ready, mut invalid, mut unsupported, mut blank) = (0, 0, 0, 0);
    for line in text.lines() {
        let (advanced, rest) = if let Some(r) = line.strip_prefix("[advanced] ") {
            (true, r)
        } else if let Some(r) = line.strip_prefix("[simple] ") {
            (false, r)
        } else {
            continue;
        };
        let (count, query) = rest.split_once("  ").unwrap_or((rest, ""));
        let n: usize = count.trim_start_matches('x').parse().expect("count");
        let outcome = prepare(query, advanced);
        match &outcome {
            Prepared::Ready(_) => ready += n,
            Prepared::Invalid(_) => {
                assert!(query.contains("#artifact #content\" [["), "{query}");
                invalid += n
            }
            Prepared::Unsupported(_) => {
                assert!(query.contains(":inputs"), "{query}");
                unsupported += n
            }
            Prepared::Blank => blank += n,
        }
    }
    assert_eq!((ready, invalid, unsupported, blank), (79, 15, 1, 3));
}
