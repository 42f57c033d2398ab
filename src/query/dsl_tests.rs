//! The simple-query parser: AST shapes, sort-by extraction, and errors.

use super::*;

fn q(text: &str) -> Parsed {
    parse(text).expect("valid").expect("not blank")
}

fn r(name: &str) -> Query {
    Query::PageRef(name.into())
}

#[test]
fn page_refs_tags_and_text() {
    assert_eq!(q("[[key]]").filter, Some(r("key")));
    assert_eq!(q("#goal").filter, Some(r("goal")));
    assert_eq!(q("\"***\"").filter, Some(Query::Text("***".into())));
    assert_eq!(
        q("\"#card #artifact\"").filter,
        Some(Query::Text("#card #artifact".into())),
        "tags inside quotes are text"
    );
}

#[test]
fn and_or_not() {
    assert_eq!(
        q("(and [[TODO]] [[A]])").filter,
        Some(Query::And(vec![r("TODO"), r("A")]))
    );
    assert_eq!(
        q("(or [[a]] (not [[b]]))").filter,
        Some(Query::Or(vec![r("a"), Query::Not(Box::new(r("b")))]))
    );
    assert_eq!(q("(and [[a]])").filter, Some(r("a")), "one operand");
    assert_eq!(
        q("[[a]] [[b]]").filter,
        Some(Query::And(vec![r("a"), r("b")])),
        "several top-level forms are an and"
    );
}

#[test]
fn properties_one_and_two_arguments() {
    assert_eq!(
        q("(property :innbok-key-rating)").filter,
        Some(Query::Property {
            key: "innbok-key-rating".into(),
            value: None
        })
    );
    assert_eq!(
        q("(property key_weight)").filter,
        Some(Query::Property {
            key: "key-weight".into(),
            value: None
        }),
        "keys normalise like property keys"
    );
    let two = |t: &str| match q(t).filter {
        Some(Query::Property { value, .. }) | Some(Query::PageProperty { value, .. }) => value,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        two("(property :c \"TRUE\")"),
        Some(Value::Text("TRUE".into()))
    );
    assert_eq!(two("(property :c TRUE)"), Some(Value::Text("TRUE".into())));
    assert_eq!(two("(property :c true)"), Some(Value::Bool(true)));
    assert_eq!(two("(property :c 80)"), Some(Value::Int(80)));
    assert_eq!(
        two("(page-property :innbok-type [[class]])"),
        Some(Value::Ref("class".into()))
    );
    assert!(matches!(
        q("(page-property :status \"draft\")").filter,
        Some(Query::PageProperty { .. })
    ));
}

#[test]
fn namespace_task_page_tags_priority() {
    assert_eq!(
        q("(namespace [[innbok/marker]])").filter,
        Some(Query::Namespace("innbok/marker".into()))
    );
    assert_eq!(
        q("(task NOW later TODO)").filter,
        Some(Query::Task(vec![Marker::Now, Marker::Later, Marker::Todo]))
    );
    assert_eq!(
        q("(page [[business model]])").filter,
        Some(Query::Page(vec!["business model".into()]))
    );
    assert_eq!(
        q("(page-tags [[a]] #b)").filter,
        Some(Query::PageTags(vec!["a".into(), "b".into()]))
    );
    assert_eq!(
        q("(priority a b)").filter,
        Some(Query::Priority(vec!['A', 'B']))
    );
}

#[test]
fn sort_by_is_taken_out_of_the_filter() {
    let p = q("(and (property key-weight) (page [[business model]]) (sort-by key-weight desc))");
    assert_eq!(
        p.sort,
        Some(SortBy {
            key: "key-weight".into(),
            descending: true
        })
    );
    assert!(matches!(p.filter, Some(Query::And(ref v)) if v.len() == 2));
    let only = q("(sort-by rating asc)");
    assert_eq!(only.filter, None);
    assert_eq!(only.sort.map(|s| s.descending), Some(false));
    assert_eq!(q("(sort-by rating)").sort.map(|s| s.descending), Some(true));
}

#[test]
fn between_days() {
    assert_eq!(
        q("(between [[2023-01-01]] [[2023-12-31]])").filter,
        Some(Query::Between(
            DayBound::Day(20230101),
            DayBound::Day(20231231)
        ))
    );
    assert_eq!(
        q("(between -7d today)").filter,
        Some(Query::Between(
            DayBound::Relative(-7),
            DayBound::Relative(0)
        ))
    );
    assert_eq!(
        q("(between -2w +1m)").filter,
        Some(Query::Between(
            DayBound::Relative(-14),
            DayBound::Relative(30)
        ))
    );
    assert!(matches!(
        parse("(between someday today)"),
        Err(DslError::Invalid(_))
    ));
}

#[test]
fn blank_queries_are_none() {
    assert_eq!(parse(""), Ok(None));
    assert_eq!(parse("   "), Ok(None));
}

#[test]
fn invalid_queries() {
    let invalid = |t: &str| matches!(parse(t), Err(DslError::Invalid(_)));
    // LOGSEQ.md §7.2 form 9: unbalanced quote.
    assert!(invalid(
        "(and (property :inn-block-card \"TRUE\") (and #artifact #content\" [[analysis]]))"
    ));
    assert!(invalid("(and [[a]]"));
    assert!(invalid("(and \"unbalanced)"));
    assert!(invalid("()"));
    assert!(invalid("(property)"));
    assert!(invalid("(property a b c)"));
    assert!(invalid("(task FOO)"));
    assert!(invalid("(sort-by x sideways)"));
    assert!(invalid("([[a]])"));
}

#[test]
fn unknown_forms_are_unsupported_not_invalid() {
    assert!(matches!(parse("(sample 5)"), Err(DslError::Unsupported(_))));
    assert!(matches!(
        parse("(and [[a]] (full-text-search \"x\"))"),
        Err(DslError::Unsupported(_))
    ));
}
