//! Which property keys a page shows: Logseq's hidden set, the graph's, and the site's choices.
//!
//! It takes a normalised property key (as [`crate::model::Property::key`] holds it) and says
//! whether Logseq 0.9.8 would hide it (LOGSEQ.md §6), after `site.toml`'s `hidden_properties`
//! and `show_properties`. It never allocates for a key that is already normalised. Entries
//! ending in `*` (`hl-*`, `logseq.*`) are prefixes.

use super::Config;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Logseq's built-in hidden properties (`fe/util/property.cljs` `hidden-properties`, §6).
pub const BUILTIN_HIDDEN_PROPERTIES: &[&str] = &[
    "id",
    "custom-id",
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
    "hl-*",
    "logseq.*",
    "todo",
    "doing",
    "now",
    "later",
    "done",
];

/// Hidden on page properties only (`fe/block.cljs` `properties-cp`, §6): `title` is the page
/// name, `icon` is drawn beside the title.
pub const PAGE_HIDDEN_PROPERTIES: &[&str] = &["title", "filters", "icon"];

impl Config {
    /// Logseq's built-in hidden keys ∪ `:block-hidden-properties` ∪ `hidden_properties`, minus
    /// `show_properties`. Entries ending in `*` are prefixes.
    pub fn hidden_property_keys(&self) -> BTreeSet<String> {
        BUILTIN_HIDDEN_PROPERTIES
            .iter()
            .map(|k| k.to_string())
            .chain(self.graph.block_hidden_properties.iter().cloned())
            .chain(self.hidden_properties.iter().cloned())
            .filter(|k| !self.show_properties.contains(k))
            .collect()
    }

    /// Whether a property is hidden; `page_level` for page properties (which also hide
    /// `title`, `filters` and `icon`). `show_properties` wins over every hiding rule.
    pub fn is_hidden_property(&self, key: &str, page_level: bool) -> bool {
        let key = normalized(key);
        let key = key.as_ref();
        if self.show_properties.contains(key) {
            return false;
        }
        (page_level && PAGE_HIDDEN_PROPERTIES.contains(&key))
            || BUILTIN_HIDDEN_PROPERTIES.iter().any(|p| matches(p, key))
            || self
                .graph
                .block_hidden_properties
                .iter()
                .any(|p| matches(p, key))
            || self.hidden_properties.iter().any(|p| matches(p, key))
    }
}

/// `pattern` equals `key`, or ends in `*` and is a prefix of it.
fn matches(pattern: &str, key: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => key.starts_with(prefix),
        None => pattern == key,
    }
}

/// The key as `Property::key` normalises it; borrowed when it already is.
fn normalized(key: &str) -> Cow<'_, str> {
    let clean = !key.starts_with(':')
        && key == key.trim()
        && !key
            .chars()
            .any(|c| c.is_uppercase() || c == '_' || c == ' ');
    if clean {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(super::normalize_key(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> Config {
        let mut c = Config::defaults_in(Path::new("/site"));
        c.graph.block_hidden_properties = ["page-type", "key-weight"].map(String::from).into();
        c
    }

    #[test]
    fn builtin_keys_are_hidden_on_blocks_and_pages() {
        let c = config();
        for key in [
            "id",
            "collapsed",
            "background-color",
            "query-table",
            "done",
            "ls-type",
        ] {
            assert!(c.is_hidden_property(key, false), "{key}");
            assert!(c.is_hidden_property(key, true), "{key}");
        }
        assert!(!c.is_hidden_property("weight", true));
        assert!(!c.is_hidden_property("alias", true));
    }

    #[test]
    fn prefixes_hide_hl_and_logseq_keys() {
        let c = config();
        assert!(c.is_hidden_property("hl-page", false));
        assert!(c.is_hidden_property("logseq.order-list-type", false));
        assert!(!c.is_hidden_property("hlx", false));
        assert!(!c.is_hidden_property("logseq", false));
    }

    #[test]
    fn title_filters_icon_are_hidden_on_pages_only() {
        let c = config();
        for key in ["title", "filters", "icon"] {
            assert!(c.is_hidden_property(key, true), "{key}");
            assert!(!c.is_hidden_property(key, false), "{key}");
        }
    }

    #[test]
    fn graph_and_site_keys_are_hidden_and_show_wins() {
        let mut c = config();
        c.hidden_properties.insert("metamodel-id".into());
        c.show_properties.insert("key-weight".into());
        c.show_properties.insert("hl-page".into());
        assert!(c.is_hidden_property("page-type", true));
        assert!(c.is_hidden_property("metamodel-id", false));
        assert!(!c.is_hidden_property("key-weight", false));
        assert!(!c.is_hidden_property("hl-page", false));
        assert!(c.is_hidden_property("hl-color", false));
        let keys = c.hidden_property_keys();
        assert!(keys.contains("page-type") && keys.contains("metamodel-id"));
        assert!(keys.contains("hl-*") && keys.contains("id"));
        assert!(!keys.contains("key-weight"));
        assert!(!keys.contains("title"), "page-only keys are not in the set");
    }

    #[test]
    fn keys_are_normalised_before_matching() {
        let c = config();
        assert!(c.is_hidden_property("Page_Type", false));
        assert!(c.is_hidden_property(":key-weight", false));
        assert!(c.is_hidden_property("Background Color", false));
    }
}
