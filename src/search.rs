//! Search: the static, chunked full-text index of the published file pages, written to
//! `_search/` by `build` (and `serve`) when `site.toml` has `search = true` (the default).
//!
//! The reader's browser runs pagefind's search client (`pagefind.js` and its WebAssembly,
//! about 75 KB compressed, see [`client`]) and downloads only the index chunks and page
//! fragments a query needs. innsite writes the index itself in the client's format
//! ([`bundle`]), from the words of [`words`]; the theme's `innsite-search.js` drives the client.
//!
//! What is indexed: every page with a file (markdown or whiteboard) in the graph, which holds
//! only published pages (private ones are withheld before the graph is built, see
//! `graph::publish`); stubs, alias redirects and the generated indexes are not. Each page's
//! text is taken from its source blocks, not from the rendered page, so embeds, block
//! references and macros (which can show other pages' text) are left out, as are hidden and
//! other block properties. The title is weighted highest (and is also the result's title and
//! a metadata field the client ranks by), aliases and tags follow with a raised weight, then
//! the block text with headings weighted by level. Pages are indexed in parallel.

use crate::graph::{PageId, PageKind};
use crate::model::{Block, ParsedPage};
use crate::render::context::Site;
use crate::write::Output;
use anyhow::Result;
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

mod bundle;
mod cbor;
mod client;
mod words;

/// The output folder of the index (a reserved name no page slug can take).
pub const DIR: &str = "_search";

/// What the index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Pages indexed.
    pub pages: usize,
    /// Files written under `_search/`.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: usize,
}

/// One page to index: its URL relative to the site root (`/topic/business/`, `/` for the
/// home page), its title (shown in results) and its text in sections of one weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub url: String,
    pub title: String,
    pub sections: Vec<Section>,
}

/// Text of one weight, on the search client's scale: 24 for body text, up to 168 for a title.
/// Its words are what whitespace separates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub text: String,
    pub weight: u8,
}

/// Files to write, by path relative to `_search/`, with their bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// Where the index's files go as they are made: each one's path relative to `_search/` and
/// its bytes.
pub type Sink<'a> = &'a (dyn Fn(String, Vec<u8>) -> Result<()> + Sync);

/// Weight of ordinary text.
const TEXT: u8 = 24;

/// Build the index of `site` and write it under `_search/`.
///
/// Each page's document is made as it is indexed (in parallel, batch by batch, see
/// `bundle::files`), so the site's text is never held whole.
pub fn write(site: &Site, out: &Output) -> Result<Stats> {
    let (files, bytes) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let write = |rel: String, data: Vec<u8>| -> Result<()> {
        out.write(&format!("{DIR}/{rel}"), &data)?;
        files.fetch_add(1, Ordering::Relaxed);
        bytes.fetch_add(data.len(), Ordering::Relaxed);
        Ok(())
    };
    let doc = |id: PageId| page_document(site, id).map(Cow::Owned);
    let pages = index(site.graph.pages.len(), &doc, &site.config.language, &write)?;
    Ok(Stats {
        pages,
        files: files.into_inner(),
        bytes: bytes.into_inner(),
    })
}

/// The documents of every page with a file, in page order (built in parallel).
pub fn documents(site: &Site) -> Vec<Document> {
    (0..site.graph.pages.len())
        .into_par_iter()
        .filter_map(|id| page_document(site, id))
        .collect()
}

/// The document of a page with a file; `None` for the other pages.
fn page_document(site: &Site, id: PageId) -> Option<Document> {
    let graph = site.graph;
    if !matches!(graph.pages[id].kind, PageKind::File | PageKind::Whiteboard) {
        return None;
    }
    Some(document(site, id, graph.source(id)?))
}

/// The page's URL relative to the site root, with a leading `/`.
fn root_relative(site: &Site, id: PageId) -> String {
    let url = site.urls.page(site.graph, id);
    let rest = url.strip_prefix(site.urls.base.as_str()).unwrap_or(&url);
    format!("/{rest}")
}

/// What is indexed of one page: the title (its name with namespace separators and `_`/`-` as
/// spaces, so `profile-(id)/persona_info` is found by `persona`) weighted highest, aliases
/// and tags raised, then each block with text, headings by their level.
fn document(site: &Site, id: PageId, src: &ParsedPage) -> Document {
    let graph = site.graph;
    let page = &graph.pages[id];
    let mut sections = vec![Section {
        text: title_words(&page.name),
        weight: 7 * TEXT,
    }];
    let aliases: Vec<&str> = page
        .aliases
        .iter()
        .map(|&a| graph.pages[a].name.as_str())
        .collect();
    if !aliases.is_empty() {
        sections.push(Section {
            text: aliases.join(", "),
            weight: 5 * TEXT,
        });
    }
    let tags = page_tags(site, src);
    if !tags.is_empty() {
        sections.push(Section {
            text: tags.join(", "),
            weight: 3 * TEXT,
        });
    }
    sections.extend(
        src.blocks
            .iter()
            .filter(|b| !b.pre_block)
            .filter_map(block_section),
    );
    Document {
        url: root_relative(site, id),
        title: page.name.clone(),
        sections,
    }
}

/// The page's `tags::` values that name published pages.
fn page_tags(site: &Site, src: &ParsedPage) -> Vec<String> {
    let Some(tags) = src.properties.get("tags") else {
        return vec![];
    };
    tags.raw
        .split(',')
        .map(|t| t.trim().trim_start_matches('#'))
        .map(|t| t.trim_start_matches("[[").trim_end_matches("]]").trim())
        .filter(|t| !t.is_empty())
        .filter_map(|t| site.graph.link_target(t))
        .map(|id| site.graph.pages[id].name.clone())
        .collect()
}

/// One block's plain text, weighted as a heading of its level (`#` = 6 × body text, down to 2
/// ×) or as body text; nothing when it has no text.
fn block_section(block: &Block) -> Option<Section> {
    let text = plain_text(&block.content);
    if text.trim().is_empty() {
        return None;
    }
    let weight = match block.heading {
        Some(level) => (7 - level.clamp(1, 5)) * TEXT,
        None => TEXT,
    };
    Some(Section { text, weight })
}

/// A page name as words: `a/b-c_d` → `a b c d`.
fn title_words(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if "/_-()".contains(c) { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A block's markdown as plain text: links keep their text, page references their name and
/// tags their word; macros (`{{embed …}}`, `{{query …}}`), block references, query blocks
/// (`#+BEGIN_QUERY`), HTML tags and markdown emphasis are dropped. Words stay apart as in the
/// source, lines by a space: the index splits the text at whitespace, so collapsing it here
/// as well was work done twice (2% of building 1,000 pages).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_query = false;
    for line in markdown.lines() {
        let t = line.trim();
        if t.starts_with("#+BEGIN_") {
            in_query = true;
        }
        if in_query {
            in_query = !t.starts_with("#+END_");
            continue;
        }
        if t.starts_with("```") {
            continue;
        }
        strip_line(t, &mut out);
        out.push(' ');
    }
    out
}

/// The characters that can begin something [`strip_line`] drops or rewrites (all ASCII, so
/// a run of other bytes is whole characters), as a table by byte: looked up for every byte of
/// the site's text (a search of the list per byte was a twentieth of indexing).
const SPECIAL: crate::byteset::ByteSet = crate::byteset::of(b"{(<[#!*_~^=`");

/// Append the text of one line of markdown to `out` (see [`plain_text`]).
fn strip_line(line: &str, out: &mut String) {
    let mut rest = line;
    loop {
        let plain = rest
            .bytes()
            .position(|b| SPECIAL[usize::from(b)])
            .unwrap_or(rest.len());
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else {
            return;
        };
        if let Some(skip) = skipped(rest) {
            rest = &rest[skip..];
            continue;
        }
        if let Some((text, len)) = reference(rest) {
            out.push_str(text);
            rest = &rest[len..];
            continue;
        }
        if !"*_~^=`".contains(c) {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// Length of a construct at the start of `s` that shows no text of this block: a macro
/// `{{…}}`, a block reference `((…))` or an HTML tag.
fn skipped(s: &str) -> Option<usize> {
    let close = |open: &str, close: &str| -> Option<usize> {
        let inner = s.strip_prefix(open)?;
        inner.find(close).map(|i| open.len() + i + close.len())
    };
    close("{{", "}}").or_else(|| close("((", "))")).or_else(|| {
        let inner = s.strip_prefix('<')?;
        let first = inner.chars().next()?;
        (first.is_ascii_alphabetic() || first == '/')
            .then(|| inner.find('>').map(|i| i + 2))
            .flatten()
    })
}

/// The text and length of a reference at the start of `s`: `[[name]]`, `#[[name]]`,
/// `#tag`, `[label](url)`, `![alt](url)`.
fn reference(s: &str) -> Option<(&str, usize)> {
    if let Some(inner) = s.strip_prefix("#[[").or_else(|| s.strip_prefix("[[")) {
        let end = inner.find("]]")?;
        let open = s.len() - inner.len();
        return Some((&inner[..end], open + end + 2));
    }
    if let Some(inner) = s.strip_prefix('#') {
        let end = inner
            .find(|c: char| c.is_whitespace() || ",.;:!?)".contains(c))
            .unwrap_or(inner.len());
        return (end > 0).then(|| (&inner[..end], end + 1));
    }
    let inner = s.strip_prefix("![").or_else(|| s.strip_prefix('['))?;
    let open = s.len() - inner.len();
    let label_end = inner.find("](")?;
    let target_end = inner[label_end..].find(')')? + label_end;
    Some((&inner[..label_end], open + target_end + 1))
}

/// Make the search client of `language` ahead of [`write`] (see [`crate::WarmUp`]); an error
/// is left for `write` to meet again and report.
pub fn warm_up(language: &str) {
    let _ = client::client(language);
}

/// Index the documents `0..count` (`doc` gives each, `None` for a number without one),
/// giving `sink` the files to write (the index and pagefind's search client) as they are
/// ready; the number of documents.
pub fn index<'d>(
    count: usize,
    doc: &(dyn Fn(usize) -> Option<Cow<'d, Document>> + Sync),
    language: &str,
    sink: Sink,
) -> Result<usize> {
    let client = client::client(language)?;
    for (rel, bytes) in &client.files {
        sink(rel.clone(), bytes.clone())?;
    }
    bundle::files(count, doc, &client.language, client.wasm.as_deref(), sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_words_and_drops_what_shows_other_text() {
        let words = |md: &str| {
            plain_text(md)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let md = "See [[Customer Interview]] and #risk, a [guide](https://x.org) \
                  **bold** {{embed [[Secret]]}} ((6a1b)) <b>x</b>";
        assert_eq!(words(md), "See Customer Interview and risk, a guide bold x");
        assert_eq!(words("#[[two words]] ![alt](a.png)"), "two words alt");
        let query = "Open tasks\n#+BEGIN_QUERY\n{:query [:find ?b]}\n#+END_QUERY\nafter";
        assert_eq!(words(query), "Open tasks after");
        assert_eq!(words("a # b and C# [x"), "a # b and C# [x");
        assert_eq!(plain_text("two\nlines"), "two lines ", "lines apart");
    }

    #[test]
    fn title_words_split_namespaces_and_punctuation() {
        assert_eq!(
            title_words("profile-(id)/persona_info"),
            "profile id persona info"
        );
        assert_eq!(title_words("persona"), "persona");
    }
}
