//! Properties: `key:: value` lines and Logseq's value parsing (LOGSEQ.md §3.6, §3.7).
//!
//! Takes one line (or one key and raw value) and gives the normalised key, the trimmed value
//! and its [`PropertyValue`]; it also says which keys never make references. It knows nothing
//! about blocks or pages (which lines form a property run is the outline's business) and never
//! fails: a line that is not a property is `None`, a value always parses to something.
//!
//! Sources (Logseq 0.9.8): mldoc `markdown_property.ml` (key = non-space run without `:`, then
//! `::`), `gp/property.cljs` (`valid-property-name?`, the built-in property sets),
//! `gp/text.cljs` `parse-property`, `gp/block.cljs` `get-page-ref-names-from-properties`.

use super::inline::{scan, Inline};
use crate::model::PropertyValue;
use std::collections::HashSet;

/// Keys Logseq uses itself (hidden or editable built-ins, `gp/property.cljs`), except the
/// linkable `alias`, `aliases`, `tags`; with `hl-*` and `logseq.*` they make no references.
const BUILT_IN_NO_REFS: &[&str] = &[
    // editable built-ins
    "title",
    "icon",
    "template",
    "template-including-parent",
    "public",
    "filters",
    "exclude-from-graph-view",
    "macro",
    "filetags",
    // hidden built-ins (`_` forms normalise to these)
    "custom-id",
    "id",
    "background-color",
    "heading",
    "collapsed",
    "created-at",
    "updated-at",
    "last-modified-at",
    "query-table",
    "query-properties",
    "query-sort-by",
    "query-sort-desc",
    "ls-type",
    "todo",
    "doing",
    "now",
    "later",
    "done",
];

/// Built-ins whose value Logseq keeps as the raw string (`unparsed-built-in-properties`:
/// built-ins minus the linkable ones minus those typed boolean/integer).
const UNPARSED: &[&str] = &[
    "title",
    "icon",
    "template",
    "filters",
    "macro",
    "filetags",
    "custom-id",
    "id",
    "background-color",
    "query-properties",
    "query-sort-by",
    "ls-type",
    "hl-type",
    "hl-color",
    "hl-value",
    "logseq.macro-name",
    "logseq.macro-arguments",
    "logseq.order-list-type",
];

/// If `line` (already stripped of the block's structural indentation) is a property line,
/// its normalised key and the trimmed raw value.
///
/// The key is the text before the first `::`. It must be non-empty, must not start with `#`
/// (a tag, Logseq's `valid-property-name?`) and must not contain whitespace (so it cannot start
/// with it: prose like `a line with http://x:: y` is not a property), `:` (so a URL is never a
/// key) or any of `"^(){}[]|,;\` and backtick, which make no EDN keyword. Normalised:
/// lower-case, `_` → `-` (spaces cannot occur), and `custom-id` → `id` as Logseq does.
pub fn split_property_line(line: &str) -> Option<(String, &str)> {
    let k = line.find("::")?;
    let key = &line[..k];
    if !valid_key(key) {
        return None;
    }
    Some((normalise_key(key), line[k + 2..].trim()))
}

fn valid_key(key: &str) -> bool {
    const BAD: &[char] = &[
        ':', '"', '^', '(', ')', '{', '}', '[', ']', '|', ',', ';', '\\', '`',
    ];
    !key.is_empty()
        && !key.starts_with('#')
        && !key.contains(|c: char| c.is_whitespace() || BAD.contains(&c))
}

pub fn normalise_key(key: &str) -> String {
    let k = key.to_lowercase().replace([' ', '_'], "-");
    if k == "custom-id" {
        "id".to_string()
    } else {
        k
    }
}

/// True for keys whose values Logseq does NOT turn into page references: its built-in
/// hidden/editable properties except `alias`, `aliases` and `tags` (`id`, `collapsed`,
/// `heading`, `background-color`, `created-at`, `query-*`, `title`, `icon`, `public`,
/// `filters`, `template`, `exclude-from-graph-view`, the task-marker keys …) and every `hl-*`
/// and `logseq.*` key. Config-hidden keys (`page-type`, …) do make references (§3.7, §6).
pub fn is_ref_excluded_key(key: &str) -> bool {
    let key = normalise_key(key);
    BUILT_IN_NO_REFS.contains(&key.as_str()) || key.starts_with("hl-") || key.starts_with("logseq.")
}

/// Parse a property value as Logseq 0.9.8 does (LOGSEQ.md §3.7), in its order:
/// 1. empty → `Empty`; a built-in kept raw (`title`, `icon`, `id`, `template`,
///    `query-properties`, `query-sort-by`, `background-color` …) → `Text` as written;
/// 2. `"…"` → `Quoted` (without the quotes);
/// 3. the page refs of the value — `[[x]]`, `#x`, `#[[x]]`, `[l]([[x]])`, `[l](page name)`,
///    found by [`scan`] so they follow the same rules as block text — and, for `alias`,
///    `aliases` and `tags`, the comma-separated words of the plain text (`,` or `，`) →
///    `Refs` (trimmed, blank dropped, deduplicated in source order). `[[]]` is no ref, so
///    `relations:: [[]]` is `Text`. EDN-set junk `#{"artifact"}` and `#{"{"}` give tag `{`
///    (mldoc's reading, which made Logseq create a page `{`);
/// 4. `true` / `false` → `Bool`; `^\d+$` → `Integer` (too big for `i64` → `Text`);
/// 5. anything else, decimals included (`33.6`), → `Text`.
pub fn parse_value(key: &str, raw: &str) -> PropertyValue {
    let v = raw.trim();
    if v.is_empty() {
        return PropertyValue::Empty;
    }
    let key = normalise_key(key);
    if UNPARSED.contains(&key.as_str()) {
        return PropertyValue::Text(v.to_string());
    }
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        return PropertyValue::Quoted(v[1..v.len() - 1].to_string());
    }
    let comma = matches!(key.as_str(), "alias" | "aliases" | "tags");
    let refs = value_refs(v, comma);
    if !refs.is_empty() {
        return PropertyValue::Refs(refs);
    }
    match v {
        "true" => PropertyValue::Bool(true),
        "false" => PropertyValue::Bool(false),
        _ if v.bytes().all(|c| c.is_ascii_digit()) => v.parse::<i64>().map_or_else(
            |_| PropertyValue::Text(v.to_string()),
            PropertyValue::Integer,
        ),
        _ => PropertyValue::Text(v.to_string()),
    }
}

/// The page names a value refers to, in source order, deduplicated.
fn value_refs(v: &str, comma_separated: bool) -> Vec<String> {
    let mut names = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |name: &str| {
        let name = name.trim();
        if !name.is_empty() && name != "[[]]" && seen.insert(name.to_string()) {
            names.push(name.to_string());
        }
    };
    for piece in scan(v) {
        match piece {
            Inline::PageRef { name, .. }
            | Inline::LabelledRef { name, .. }
            | Inline::Tag { name, .. } => add(name),
            Inline::Text(t) if comma_separated => t.split([',', '，']).for_each(&mut add),
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests;
