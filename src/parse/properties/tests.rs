//! Property lines and values: one test per form of LOGSEQ.md §3.7's table, with the graph's
//! own lines, plus the key rules of §3.6.

use super::{is_ref_excluded_key, parse_value, split_property_line};
use crate::model::PropertyValue::{self, *};

/// Split a real property line and parse its value.
fn parse(line: &str) -> (String, PropertyValue) {
    let (key, raw) = split_property_line(line).unwrap_or_else(|| panic!("not a property: {line}"));
    let value = parse_value(&key, raw);
    (key, value)
}

fn value(line: &str) -> PropertyValue {
    parse(line).1
}

fn refs(names: &[&str]) -> PropertyValue {
    Refs(names.iter().map(|n| n.to_string()).collect())
}

fn text(s: &str) -> PropertyValue {
    Text(s.to_string())
}

#[test]
fn one_ref() {
    assert_eq!(
        parse("page-type:: [[topic]]"),
        ("page-type".into(), refs(&["topic"]))
    );
    assert_eq!(
        value("metamodel-id:: [[segment (id)]]"),
        refs(&["segment (id)"])
    );
}

#[test]
fn several_refs_deduplicated_and_trimmed() {
    let v = value("plastilinn-type:: [[unit]] [[guide-item]]");
    assert_eq!(v, refs(&["unit", "guide-item"]));
    assert_eq!(
        value("relations:: [[segment (id)]] [[]]"),
        refs(&["segment (id)"])
    );
    assert_eq!(value("x:: [[a ]] [[a]] #a"), refs(&["a"]));
}

#[test]
fn empty_ref_alone_is_text() {
    assert_eq!(value("relations:: [[]]"), text("[[]]"));
    assert_eq!(value("innbok-artifact:: [[]]"), text("[[]]"));
}

#[test]
fn tags_and_labelled_refs() {
    assert_eq!(value("tag:: #innbok-tag"), refs(&["innbok-tag"]));
    assert_eq!(value("item-classes:: #[[person]]"), refs(&["person"]));
    assert_eq!(
        value("see:: [l]([[keys (weight)]]) and [m](master guide)"),
        refs(&["keys (weight)", "master guide"])
    );
    assert_eq!(
        value("link:: [x](https://example.com/#/page/y)"),
        text("[x](https://example.com/#/page/y)")
    );
}

#[test]
fn edn_set_junk_is_tag_brace() {
    assert_eq!(value("page-type:: #{\"artifact\"}"), refs(&["{"]));
    assert_eq!(value("inn-block-type:: #{\"{\"}"), refs(&["{"]));
}

#[test]
fn integers() {
    assert_eq!(value("weight:: 80"), Integer(80));
    assert_eq!(value("innbok-key-rating:: 45"), Integer(45));
    assert_eq!(value("key-weight:: 65"), Integer(65));
    assert_eq!(
        value("n:: 99999999999999999999999"),
        text("99999999999999999999999")
    );
    assert_eq!(value("n:: -3"), text("-3"));
}

#[test]
fn decimals_stay_text() {
    assert_eq!(value("weight:: 33.6"), text("33.6"));
}

#[test]
fn comma_lists_for_alias_and_tags() {
    assert_eq!(
        value("alias:: values, value proposition"),
        refs(&["values", "value proposition"])
    );
    assert_eq!(value("alias::  prompts"), refs(&["prompts"]));
    assert_eq!(
        value("tags:: a, [[b]], #c,, d，e"),
        refs(&["a", "b", "c", "d", "e"])
    );
    assert_eq!(value("alias:: phase"), refs(&["phase"]));
    // Other keys are not comma lists.
    assert_eq!(value("color:: blue, red"), text("blue, red"));
}

#[test]
fn booleans() {
    assert_eq!(value("collapsed:: true"), Bool(true));
    assert_eq!(value("exclude-from-graph-view:: true"), Bool(true));
    assert_eq!(value("query-table:: false"), Bool(false));
    assert_eq!(value("public:: true"), Bool(true));
    assert_eq!(value("inn-block-card:: TRUE"), text("TRUE"));
}

#[test]
fn plain_text() {
    assert_eq!(value("color:: blue"), text("blue"));
    assert_eq!(value("icon:: 🧿"), text("🧿"));
    assert_eq!(value("innbok-type:: internal"), text("internal"));
    assert_eq!(value("background-color:: red"), text("red"));
    assert_eq!(value("inn-is-child-of:: team"), text("team"));
}

#[test]
fn edn_vector_and_image_are_text() {
    assert_eq!(
        value("query-properties:: [:page :icon :alias]"),
        text("[:page :icon :alias]")
    );
    let img = "![DALL·E 2023-11-03](../assets/DALL·E_2023-11-03_08.37.15_x.png)";
    assert_eq!(value(&format!("image:: {img}")), text(img));
}

#[test]
fn empty_values() {
    assert_eq!(parse("alias:: "), ("alias".into(), Empty));
    assert_eq!(value("weight:: "), Empty);
    assert_eq!(
        parse("innbok-key-rating::"),
        ("innbok-key-rating".into(), Empty)
    );
}

#[test]
fn quoted_values() {
    assert_eq!(value("x:: \"hello [[y]]\""), Quoted("hello [[y]]".into()));
    assert_eq!(value("x:: \""), text("\""));
}

#[test]
fn built_ins_kept_raw() {
    assert_eq!(value("title:: [[x]]"), text("[[x]]"));
    assert_eq!(
        value("id:: 6525869c-b421-4f6d-9d03-41902c06692d"),
        text("6525869c-b421-4f6d-9d03-41902c06692d")
    );
    assert_eq!(
        value("template:: pages-tagged-with"),
        text("pages-tagged-with")
    );
    assert_eq!(value("query-sort-by:: priority"), text("priority"));
    assert_eq!(value("icon:: #x"), text("#x"));
    assert_eq!(value("heading:: 2"), Integer(2));
}

#[test]
fn keys_are_normalised() {
    assert_eq!(
        split_property_line("Background_Color:: red"),
        Some(("background-color".into(), "red"))
    );
    assert_eq!(
        split_property_line("custom_id:: x"),
        Some(("id".into(), "x"))
    );
    assert_eq!(
        split_property_line("key::value"),
        Some(("key".into(), "value"))
    );
    assert_eq!(
        split_property_line("ключ:: значение "),
        Some(("ключ".into(), "значение"))
    );
    assert_eq!(
        split_property_line("a/b.c?:: v::w"),
        Some(("a/b.c?".into(), "v::w"))
    );
}

#[test]
fn lines_that_are_not_properties() {
    for line in [
        "a line with http://x:: y",
        "http://x:: y",
        "#tag:: x",
        ":: x",
        " key:: v",
        "key(1):: v",
        "a:b:: c",
        "k\"q:: v",
        "{x}:: v",
        "key: value",
        "no colons",
        "",
    ] {
        assert_eq!(split_property_line(line), None, "{line}");
    }
}

#[test]
fn ref_excluded_keys() {
    for k in [
        "id",
        "collapsed",
        "heading",
        "background-color",
        "Background_Color",
        "created-at",
        "updated-at",
        "query-table",
        "query-properties",
        "query-sort-by",
        "query-sort-desc",
        "title",
        "icon",
        "public",
        "filters",
        "template",
        "template-including-parent",
        "exclude-from-graph-view",
        "hl-page",
        "logseq.order-list-type",
        "ls-type",
        "todo",
    ] {
        assert!(is_ref_excluded_key(k), "{k}");
    }
    for k in [
        "alias",
        "aliases",
        "tags",
        "page-type",
        "relations",
        "tag",
        "innbok-type",
    ] {
        assert!(!is_ref_excluded_key(k), "{k}");
    }
}
