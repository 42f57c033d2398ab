//! Publishing rules (Logseq's, RELIABILITY.md case 10): which pages are published.
//!
//! `public:: false` pages are never published; with `:publishing/all-pages-public? false`
//! only `public:: true` pages are. Withheld pages are removed before the graph is indexed,
//! so nothing built from the graph (pages, links, embeds, block refs, backlinks, tags,
//! namespaces, queries, navigation, search, sitemap) can contain them; the graph keeps only
//! their names and block ids, so references to them render as plain text and are not
//! reported as dangling. Names referenced only by withheld pages get no stub.

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{ParsedPage, PropertyValue};
use crate::name;

/// What was withheld.
#[derive(Debug, Clone, Default)]
pub struct Withheld {
    /// Identity keys of withheld pages.
    pub keys: foldhash::HashSet<String>,
    /// Block uuids declared on withheld pages.
    pub uuids: foldhash::HashSet<String>,
    /// Files withheld, in path order.
    pub files: Vec<String>,
}

impl Withheld {
    /// True when `name` is a withheld page.
    pub fn has_name(&self, name: &str) -> bool {
        self.keys.contains(&name::page_key(name))
    }
}

/// Is this file published under the rules?
pub fn is_public(page: &ParsedPage, all_pages_public: bool) -> bool {
    let flag = page.properties.get("public").map(|p| match &p.value {
        PropertyValue::Bool(b) => *b,
        _ => !p.raw.trim().eq_ignore_ascii_case("false"),
    });
    match flag {
        Some(value) => value,
        None => all_pages_public,
    }
}

/// Split the parsed files, each with its page key, into published ones and what is withheld
/// (with an info diagnostic per withheld file). A name stays published when any of its files
/// is.
pub fn withhold(
    parsed: Vec<(String, ParsedPage)>,
    all_pages_public: bool,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<(String, ParsedPage)>, Withheld) {
    let keep: Vec<bool> = {
        let public_keys: foldhash::HashSet<&str> = parsed
            .iter()
            .filter(|(_, p)| !p.blank && is_public(p, all_pages_public))
            .map(|(key, _)| key.as_str())
            .collect();
        parsed
            .iter()
            .map(|(key, p)| p.blank || public_keys.contains(key.as_str()))
            .collect()
    };
    let mut withheld = Withheld::default();
    let mut kept = Vec::with_capacity(parsed.len());
    for ((key, p), keep) in parsed.into_iter().zip(keep) {
        if keep {
            kept.push((key, p));
            continue;
        }
        let why = if p.properties.get("public").is_some() {
            "public:: false"
        } else {
            "not marked public:: true"
        };
        let msg = format!("page '{}' is not published ({why})", p.name);
        diags.push(Diagnostic::info(Kind::Withheld, &p.file, None, msg));
        withheld
            .uuids
            .extend(p.blocks.iter().filter_map(|b| b.uuid.clone()));
        withheld.files.push(p.file.clone());
        withheld.keys.insert(key);
    }
    if !withheld.files.is_empty() && kept.iter().all(|(_, p)| p.blank) {
        let why = if all_pages_public {
            "every page has public:: false"
        } else {
            "config.edn's :publishing/all-pages-public? is false (Logseq's default) and no page has public:: true"
        };
        diags.push(Diagnostic::warning(
            Kind::Withheld,
            "logseq/config.edn",
            None,
            format!("no page is published: {why}"),
        ));
    }
    (kept, withheld)
}
