//! Building the index: parsed files → pages (file, stub, alias), slugs and ids.
//!
//! Follows LOGSEQ.md §2: one page per identity key; duplicate files merged (§2.6); a stub
//! for every referenced name and every namespace prefix (§2.3); aliases (§2.5); slugs with
//! deterministic collision handling (§8.2). The result is ordered by key, so it does not
//! depend on the order parsing finished in.

use super::links;
use super::publish::{self, Withheld};
use super::{Graph, Page, PageId, PageKind};
use crate::diagnostics::{Diagnostic, Kind};
use crate::graph::order::Ordering;
use crate::model::{Asset, ParsedPage, PropertyValue, Ref, SourceKind};
use crate::name::{self, SlugRequest};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// What the index needs from the configuration.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    pub ordering: Ordering,
    /// Treat a stub whose slug equals exactly one file page's slug as an alias of it (§8.2).
    pub resolve_slug_twins: bool,
    /// `:publishing/all-pages-public?`: when false only `public:: true` pages are published.
    pub all_pages_public: bool,
    /// Where journal files are and how their pages are named (`config.edn`).
    pub journals: crate::name::journal::JournalFormat,
}

/// A page being assembled, before ids are assigned.
struct Draft {
    name: String,
    kind: PageKind,
    files: Vec<String>,
    source: Option<usize>,
    alias_owners: Vec<String>,
}

/// How often a casing of a referenced name is used, and where first: (count, (source, nth
/// page reference in it)).
type Counted = (usize, (usize, usize));

/// Each casing of a referenced name: (count, first occurrence).
type Uses<'a> = foldhash::HashMap<&'a str, Counted>;

/// Count `n` more uses of `casing`, first seen at `first`.
fn count_use<'a>(uses: &mut Uses<'a>, casing: &'a str, n: usize, first: (usize, usize)) {
    let e = uses.entry(casing).or_insert((0, first));
    *e = (e.0 + n, e.1.min(first));
}

/// Build the graph from parsed files (any order) and assets.
pub fn build(mut parsed: Vec<ParsedPage>, assets: Vec<Asset>, options: &GraphOptions) -> Graph {
    parsed.sort_by(|a, b| a.file.cmp(&b.file));
    super::journal::name_journals(&mut parsed, &options.journals);
    let mut diagnostics: Vec<Diagnostic> = parsed
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.diagnostics))
        .collect();
    let blank_files: Vec<String> = parsed
        .iter()
        .filter(|p| p.blank)
        .map(|p| p.file.clone())
        .collect();
    // Each file's page key, made once and on both cores (the rest of indexing is on one).
    let keyed: Vec<(String, ParsedPage)> = parsed
        .into_par_iter()
        .map(|p| (name::page_key(&p.name), p))
        .collect();
    let (keyed, withheld) = publish::withhold(keyed, options.all_pages_public, &mut diagnostics);
    let mut sources = Vec::new();
    let mut drafts: BTreeMap<String, Draft> = BTreeMap::new();
    let merged = merge_duplicates(keyed.into_iter().filter(|(_, p)| !p.blank).collect());
    for (i, merged) in merged.into_iter().enumerate() {
        let Merged {
            key,
            page: src,
            diagnostic,
            files,
        } = merged;
        diagnostics.extend(diagnostic);
        let kind = if src.kind == SourceKind::Whiteboard {
            PageKind::Whiteboard
        } else {
            PageKind::File
        };
        drafts.insert(
            key,
            Draft {
                name: src.name.clone(),
                kind,
                files,
                source: Some(i),
                alias_owners: vec![],
            },
        );
        sources.push(src);
    }
    add_referenced(&sources, &mut drafts, &withheld);
    add_aliases(&sources, &mut drafts, &withheld);
    add_namespace_parents(&mut drafts);
    let mut graph = finish(drafts, sources, assets, options, diagnostics, blank_files);
    graph.withheld = withheld;
    graph
}

/// Group files by page key (in key order); identical copies collapse to one, differing
/// ones are merged (see [`Merged`]).
fn merge_duplicates(mut keyed: Vec<(String, ParsedPage)>) -> Vec<Merged> {
    // Stable: a key's files stay in path order.
    keyed.par_sort_by(|a, b| a.0.cmp(&b.0));
    let mut groups: Vec<(String, Vec<ParsedPage>)> = Vec::with_capacity(keyed.len());
    for (key, page) in keyed {
        match groups.last_mut() {
            Some((last, group)) if *last == key => group.push(page),
            _ => groups.push((key, vec![page])),
        }
    }
    groups
        .into_par_iter()
        .map(|(key, group)| merge_group(key, group))
        .collect()
}

/// One page made from its files.
struct Merged {
    key: String,
    page: ParsedPage,
    /// About its copies, when it had several files.
    diagnostic: Option<Diagnostic>,
    /// The files it was made from, in path order.
    files: Vec<String>,
}

fn merge_group(key: String, mut group: Vec<ParsedPage>) -> Merged {
    if group.len() == 1 {
        let page = group.remove(0);
        let files = vec![page.file.clone()];
        return Merged {
            key,
            page,
            diagnostic: None,
            files,
        };
    }
    let all_files: Vec<String> = group.iter().map(|p| p.file.clone()).collect();
    // Keep one of each set of identical copies: the shortest path, then path order.
    group.sort_by(|a, b| a.file.len().cmp(&b.file.len()).then(a.file.cmp(&b.file)));
    let mut unique: Vec<ParsedPage> = Vec::new();
    for p in group {
        if !unique
            .iter()
            .any(|u| u.blocks == p.blocks && u.properties == p.properties)
        {
            unique.push(p);
        }
    }
    unique.sort_by(|a, b| a.file.cmp(&b.file));
    let kept: Vec<&str> = unique.iter().map(|p| p.file.as_str()).collect();
    let name = unique[0].name.clone();
    if unique.len() == 1 {
        let msg = format!(
            "page '{name}' has identical copies in {}; publishing {}",
            all_files.join(", "),
            kept[0]
        );
        return Merged {
            key,
            diagnostic: Some(Diagnostic::info(Kind::DuplicatePage, kept[0], None, msg)),
            page: unique.remove(0),
            files: all_files,
        };
    }
    let msg = format!("page '{name}' comes from {} differing files ({}); their blocks are concatenated in path order", kept.len(), kept.join(", "));
    let diagnostic = Diagnostic::warning(Kind::DuplicatePage, kept[0], None, msg);
    let mut iter = unique.into_iter();
    let mut merged = iter.next().expect("group has at least two pages");
    for other in iter {
        append_page(&mut merged, other);
    }
    Merged {
        key,
        page: merged,
        diagnostic: Some(diagnostic),
        files: all_files,
    }
}

/// Append `other`'s blocks after `into`'s; page properties: the first file wins per key.
fn append_page(into: &mut ParsedPage, other: ParsedPage) {
    let offset = into.blocks.len();
    for mut b in other.blocks {
        b.parent = b.parent.map(|p| p + offset);
        b.children.iter_mut().for_each(|c| *c += offset);
        // A second file's page-properties block becomes an ordinary block.
        into.blocks.push(b);
    }
    into.roots.extend(other.roots.iter().map(|r| r + offset));
    for p in other.properties.0 {
        if into.properties.get(&p.key).is_none() {
            into.properties.0.push(p);
        }
    }
}

/// Every name referenced by a block or page property becomes a page (a stub when it has no
/// file). The display name of a stub is its most frequent casing, ties to the first seen.
fn add_referenced(
    sources: &[ParsedPage],
    drafts: &mut BTreeMap<String, Draft>,
    withheld: &Withheld,
) {
    // Counted by casing first (no key made per reference: most name a page many times), on
    // all cores, each through its share of the sources (walking every block's references is
    // bound by memory); then each casing's key made once.
    let share = sources.len().div_ceil(rayon::current_num_threads()).max(1);
    let uses = sources
        .par_chunks(share)
        .enumerate()
        .map(|(c, chunk)| {
            let mut uses = Uses::default();
            for (s, src) in chunk.iter().enumerate() {
                let refs = src.blocks.iter().flat_map(|block| &block.refs);
                let names = refs.filter_map(|r| match r {
                    Ref::Page { name, .. } => {
                        Some(name::clean_ref_name(name)).filter(|c| !c.is_empty())
                    }
                    _ => None,
                });
                for (i, clean) in names.enumerate() {
                    count_use(&mut uses, clean, 1, (c * share + s, i));
                }
            }
            uses
        })
        .reduce(Uses::default, |a, b| {
            let (mut into, from) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            for (clean, (n, first)) in from {
                count_use(&mut into, clean, n, first);
            }
            into
        });
    // Each casing's key on all cores, the casings of one key side by side; a key's stub takes
    // its most frequent casing, ties to the first seen (no two casings are first seen at one
    // place).
    let mut keyed: Vec<(String, &str, Counted)> = uses
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(clean, counted)| (name::page_key(clean), clean, counted))
        .collect();
    keyed.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let stubs: Vec<(&str, &str)> = keyed
        .par_chunk_by(|a, b| a.0 == b.0)
        .filter(|forms| {
            let key = &forms[0].0;
            !key.is_empty() && !drafts.contains_key(key) && !withheld.keys.contains(key)
        })
        .filter_map(|forms| {
            let best = forms
                .iter()
                .max_by(|a, b| a.2 .0.cmp(&b.2 .0).then(b.2 .1.cmp(&a.2 .1)))?;
            Some((forms[0].0.as_str(), best.1))
        })
        .collect();
    for (key, name) in stubs {
        drafts.insert(key.to_string(), stub(name));
    }
}

fn stub(name: &str) -> Draft {
    Draft {
        name: name.to_string(),
        kind: PageKind::Stub,
        files: vec![],
        source: None,
        alias_owners: vec![],
    }
}

/// `alias::` names (§2.5): a name without a file becomes an alias page of its owners.
fn add_aliases(sources: &[ParsedPage], drafts: &mut BTreeMap<String, Draft>, withheld: &Withheld) {
    for src in sources {
        let owner_key = name::page_key(&src.name);
        for alias in alias_names(src) {
            let key = name::page_key(&alias);
            if key.is_empty() || key == owner_key || withheld.keys.contains(&key) {
                continue;
            }
            let draft = drafts.entry(key).or_insert_with(|| stub(&alias));
            if draft.kind == PageKind::Stub {
                draft.kind = PageKind::Alias;
            }
            if !draft.alias_owners.contains(&owner_key) {
                draft.alias_owners.push(owner_key.clone());
            }
        }
    }
}

/// The alias names a page declares.
pub(super) fn alias_names(src: &ParsedPage) -> Vec<String> {
    match src.properties.get("alias").map(|p| &p.value) {
        Some(PropertyValue::Refs(names)) => names
            .iter()
            .map(|n| name::clean_ref_name(n).to_string())
            .collect(),
        Some(PropertyValue::Text(t)) => t
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        _ => vec![],
    }
}

/// Every namespace prefix of every page is a page (§2.3).
fn add_namespace_parents(drafts: &mut BTreeMap<String, Draft>) {
    let names: Vec<String> = drafts.values().map(|d| d.name.clone()).collect();
    for n in names {
        for ancestor in name::namespace_ancestors(&n) {
            let key = name::page_key(ancestor);
            if !key.is_empty() {
                drafts.entry(key).or_insert_with(|| stub(ancestor));
            }
        }
    }
}

/// Assign ids (key order), slugs, parents, aliases; then the link indexes.
fn finish(
    drafts: BTreeMap<String, Draft>,
    sources: Vec<ParsedPage>,
    assets: Vec<Asset>,
    options: &GraphOptions,
    mut diagnostics: Vec<Diagnostic>,
    blank_files: Vec<String>,
) -> Graph {
    let by_key: super::Lookup<PageId> = drafts
        .keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    let requests: Vec<SlugRequest> = drafts
        .iter()
        .map(|(k, d)| SlugRequest {
            key: k.clone(),
            has_file: d.source.is_some(),
        })
        .collect();
    let assignment = name::assign_slugs_memo(&requests);
    let mut pages: Vec<Page> = Vec::with_capacity(drafts.len());
    let mut owners: Vec<Vec<String>> = Vec::with_capacity(drafts.len());
    for ((key, d), slug) in drafts.into_iter().zip(assignment.slugs) {
        owners.push(d.alias_owners);
        pages.push(Page {
            parent: name::namespace_parent(&d.name)
                .and_then(|p| by_key.get(&name::page_key(p)).copied()),
            key,
            name: d.name,
            slug,
            kind: d.kind,
            journal_day: match d.kind {
                PageKind::File => super::journal::journal_day(&d.files, &options.journals),
                _ => None,
            },
            files: d.files,
            source: d.source,
            children: vec![],
            aliases: vec![],
            alias_of: vec![],
            tagged: vec![],
        });
    }
    link_aliases(&mut pages, &owners, &by_key, &mut diagnostics);
    links::slug_collisions(
        &mut pages,
        &assignment.collisions,
        &by_key,
        options.resolve_slug_twins,
        &mut diagnostics,
    );
    let mut graph = Graph {
        pages,
        sources,
        by_key,
        by_uuid: super::Lookup::default(),
        backlinks: vec![],
        assets: assets.into_iter().map(|a| (a.name.clone(), a)).collect(),
        ordering: options.ordering.clone(),
        diagnostics: vec![],
        blank_files,
        withheld: Withheld::default(),
        rank: std::sync::OnceLock::new(),
    };
    links::index(&mut graph, &mut diagnostics);
    diagnostics.sort();
    graph.diagnostics = diagnostics;
    graph
}

/// Fill `aliases` / `alias_of` both ways; report aliases claimed by several pages.
fn link_aliases(
    pages: &mut [Page],
    owners: &[Vec<String>],
    by_key: &super::Lookup<PageId>,
    diags: &mut Vec<Diagnostic>,
) {
    for (alias_id, owner_keys) in owners.iter().enumerate() {
        let mut ids: Vec<PageId> = owner_keys
            .iter()
            .filter_map(|k| by_key.get(k).copied())
            .collect();
        ids.sort();
        for &o in &ids {
            pages[o].aliases.push(alias_id);
        }
        if ids.len() > 1 && pages[alias_id].kind == PageKind::Alias {
            let names: Vec<&str> = ids.iter().map(|&o| pages[o].name.as_str()).collect();
            let file = pages[ids[0]].files.first().cloned().unwrap_or_default();
            let msg = format!(
                "alias '{}' is claimed by {} pages ({}); its page lists them",
                pages[alias_id].name,
                ids.len(),
                names.join(", ")
            );
            diags.push(Diagnostic::info(Kind::SharedAlias, &file, None, msg));
        }
        pages[alias_id].alias_of = ids;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_markdown as parse;

    fn stub_name(pages: &[(&str, &str)], key: &str) -> String {
        let parsed = pages.iter().map(|(r, t)| parse(r, t)).collect();
        let options = GraphOptions {
            all_pages_public: true,
            ..GraphOptions::default()
        };
        let graph = build(parsed, vec![], &options);
        let id = graph.by_key[key];
        assert_eq!(graph.pages[id].kind, PageKind::Stub);
        graph.pages[id].name.clone()
    }

    /// Enough pages that the references are counted on several threads.
    fn many(first: &str, later: &str, later_uses: usize) -> Vec<(String, String)> {
        let mut pages = vec![("pages/a000.md".to_string(), format!("- {first}\n"))];
        for i in 1..=200 {
            let text = if i <= later_uses {
                format!("- see {later}\n")
            } else {
                "- nothing\n".to_string()
            };
            pages.push((format!("pages/a{i:03}.md"), text));
        }
        pages
    }

    #[test]
    fn a_stub_takes_its_most_used_casing_then_the_first_seen() {
        let name = |pages: Vec<(String, String)>| -> String {
            let pages: Vec<(&str, &str)> = pages
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            stub_name(&pages, "market fit")
        };
        // Used more often, even far from the first use.
        assert_eq!(
            name(many("[[market fit]]", "[[Market Fit]]", 2)),
            "Market Fit"
        );
        // A tie goes to the casing seen first, in path order then in the page.
        assert_eq!(
            name(many(
                "[[market fit]] and [[Market Fit]]",
                "[[MARKET FIT]]",
                0
            )),
            "market fit"
        );
        assert_eq!(
            name(many("nothing", "[[Market Fit]] [[market fit]]", 1)),
            "Market Fit"
        );
    }
}
