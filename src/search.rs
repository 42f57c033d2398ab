//! Search: the static, chunked full-text index of the published file pages, written to
//! `_search/` by `build` (and `serve`) when `site.toml` has `search = true` (the default).
//!
//! The index is made with pagefind's indexing API (`pagefind::api::PagefindIndex`): no Node,
//! and the reader's browser downloads only the index chunks and page fragments a query needs,
//! plus pagefind's search client (`pagefind.js` and its WebAssembly, about 75 KB compressed).
//! The theme's `innsite-search.js` drives that client.
//!
//! What is indexed: every page with a file (markdown or whiteboard) in the graph, which holds
//! only published pages (private ones are withheld before the graph is built, see
//! `graph::publish`); stubs, alias redirects and the generated indexes are not. Each page is
//! given to pagefind as a small synthetic HTML document built from its source blocks, not from
//! the rendered page, so embeds, block references and macros (which can show other pages'
//! text) are left out, as are hidden and other block properties. The title is the `<h1>`
//! (pagefind weights it highest and matches it as metadata), aliases and tags follow with a
//! raised weight, then the
//! block text with headings kept as headings. Documents are built in parallel; pagefind then
//! indexes them one after another.

use crate::graph::{PageId, PageKind};
use crate::model::{Block, ParsedPage};
use crate::render::context::Site;
use crate::render::links::escape;
use crate::write::Output;
use anyhow::{anyhow, Context, Result};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The output folder of the index (a reserved name no page slug can take).
pub const DIR: &str = "_search";

/// pagefind's files that innsite ships: its search client and the index itself (not its own
/// UIs, which the theme replaces).
fn keep(rel: &str) -> bool {
    rel == "pagefind.js"
        || rel == "pagefind-entry.json"
        || rel.starts_with("wasm.")
        || rel.starts_with("pagefind.") && rel.ends_with(".pf_meta")
        || rel.starts_with("index/")
        || rel.starts_with("fragment/")
        || rel.starts_with("filter/")
}

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
/// home page) and its synthetic HTML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub url: String,
    pub html: String,
}

/// Build the index of `site` and write it under `_search/`.
pub fn write(site: &Site, out: &Output) -> Result<Stats> {
    let docs = documents(site);
    let mut stats = Stats {
        pages: docs.len(),
        files: 0,
        bytes: 0,
    };
    let files = index(docs, &site.config.language)?;
    for (rel, bytes) in files {
        out.write(&format!("{DIR}/{rel}"), &bytes)?;
        stats.files += 1;
        stats.bytes += bytes.len();
    }
    Ok(stats)
}

/// The documents of every page with a file, in page order (built in parallel).
pub fn documents(site: &Site) -> Vec<Document> {
    let graph = site.graph;
    (0..graph.pages.len())
        .into_par_iter()
        .filter(|&id| matches!(graph.pages[id].kind, PageKind::File | PageKind::Whiteboard))
        .filter_map(|id| {
            let src = graph.source(id)?;
            Some(Document {
                url: root_relative(site, id),
                html: document_html(site, id, src),
            })
        })
        .collect()
}

/// The page's URL relative to the site root, with a leading `/`.
fn root_relative(site: &Site, id: PageId) -> String {
    let url = site.urls.page(site.graph, id);
    let rest = url.strip_prefix(site.urls.base.as_str()).unwrap_or(&url);
    format!("/{rest}")
}

/// The synthetic HTML document pagefind indexes for one page.
fn document_html(site: &Site, id: PageId, src: &ParsedPage) -> String {
    let graph = site.graph;
    let page = &graph.pages[id];
    let lang = escape(&site.config.language);
    let mut html = format!("<html lang=\"{lang}\"><body>");
    // The title shown in results is the page's name; the indexed heading has namespace
    // separators and `_`/`-` as spaces, so `profile-(id)/persona_info` is found by `persona`.
    html.push_str(&format!(
        "<h1 data-pagefind-meta=\"title[data-title]\" data-title=\"{}\">{}</h1>",
        escape(&page.name),
        escape(&title_words(&page.name))
    ));
    let names = |ids: &[PageId]| -> Vec<String> {
        ids.iter()
            .map(|&a| escape(&graph.pages[a].name))
            .collect::<Vec<_>>()
    };
    let aliases = names(&page.aliases);
    if !aliases.is_empty() {
        html.push_str(&format!(
            "<p data-pagefind-weight=\"5\">{}</p>",
            aliases.join(", ")
        ));
    }
    let tags = page_tags(site, src);
    if !tags.is_empty() {
        html.push_str(&format!(
            "<p data-pagefind-weight=\"3\">{}</p>",
            escape(&tags.join(", "))
        ));
    }
    for block in src.blocks.iter().filter(|b| !b.pre_block) {
        push_block(&mut html, block);
    }
    html.push_str("</body></html>");
    html
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

/// One block as a heading or paragraph of plain text (nothing when it has no text).
fn push_block(html: &mut String, block: &Block) {
    let text = plain_text(&block.content);
    if text.is_empty() {
        return;
    }
    let tag = match block.heading {
        Some(level @ 1..=5) => format!("h{}", level + 1),
        Some(_) => "h6".to_string(),
        None => "p".to_string(),
    };
    html.push_str(&format!("<{tag}>{}</{tag}>", escape(&text)));
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
/// (`#+BEGIN_QUERY`), HTML tags and markdown emphasis are dropped.
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
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Append the text of one line of markdown to `out` (see [`plain_text`]).
fn strip_line(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
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

/// Index the documents with pagefind; the files to write, by path relative to `_search/`.
///
/// pagefind's API is async (tokio); it runs on a thread of its own with its own runtime, so
/// this works from `build` and from inside `serve`'s runtime alike. pagefind spreads some of
/// its work over rayon threads: it gets a pool of its own, because this function is called
/// from rayon's global pool and waits there. Were pagefind to use that pool too, builds
/// running at once (as many as the pool has threads) would each hold a thread while waiting
/// for one, and none would go on.
pub fn index(docs: Vec<Document>, language: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("search-index-{i}"))
        .build()
        .context("cannot start the search indexer's threads")?;
    std::thread::scope(|s| {
        s.spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("cannot start the search indexer's runtime")?;
            pool.install(|| rt.block_on(index_async(docs, language)))
        })
        .join()
        .map_err(|_| anyhow!("the search indexer panicked"))?
    })
}

async fn index_async(docs: Vec<Document>, language: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .keep_index_url(true)
        .build();
    let mut index = pagefind::api::PagefindIndex::new(Some(options))
        .map_err(|e| anyhow!("cannot set up the search index: {e}"))?;
    for Document { url, html } in docs {
        let what = format!("cannot index {url}");
        index
            .add_html_file(None, Some(url), html)
            .await
            .map_err(|e| anyhow!("{what}: {e}"))?;
    }
    let files = index
        .get_files()
        .await
        .map_err(|e| anyhow!("cannot build the search index: {e}"))?;
    let files: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|f| (f.filename, f.contents))
        .collect();
    bundle_files(files)
}

/// pagefind's files relative to its bundle folder (the folder of `pagefind.js`), keeping
/// only those innsite ships, sorted by path.
fn bundle_files(files: Vec<(PathBuf, Vec<u8>)>) -> Result<Vec<(String, Vec<u8>)>> {
    let root = files
        .iter()
        .find(|(p, _)| p.file_name().is_some_and(|n| n == "pagefind.js"))
        .and_then(|(p, _)| p.parent())
        .map(Path::to_path_buf)
        .ok_or_else(|| anyhow!("the search indexer wrote no pagefind.js"))?;
    let mut kept: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (path, bytes) in files {
        let Ok(rel) = path.strip_prefix(&root) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if keep(&rel) {
            kept.insert(rel, bytes);
        }
    }
    Ok(kept.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_words_and_drops_what_shows_other_text() {
        let md = "See [[Customer Interview]] and #risk, a [guide](https://x.org) \
                  **bold** {{embed [[Secret]]}} ((6a1b)) <b>x</b>";
        assert_eq!(
            plain_text(md),
            "See Customer Interview and risk, a guide bold x"
        );
        assert_eq!(plain_text("#[[two words]] ![alt](a.png)"), "two words alt");
        let query = "Open tasks\n#+BEGIN_QUERY\n{:query [:find ?b]}\n#+END_QUERY\nafter";
        assert_eq!(plain_text(query), "Open tasks after");
        assert_eq!(plain_text("a # b and C# [x"), "a # b and C# [x");
    }

    #[test]
    fn title_words_split_namespaces_and_punctuation() {
        assert_eq!(
            title_words("profile-(id)/persona_info"),
            "profile id persona info"
        );
        assert_eq!(title_words("persona"), "persona");
    }

    #[test]
    fn only_the_search_client_and_index_are_kept() {
        for name in [
            "pagefind.js",
            "pagefind-entry.json",
            "wasm.en.pagefind",
            "pagefind.en_1a2b.pf_meta",
            "index/en_1.pf_index",
            "fragment/en_2.pf_fragment",
        ] {
            assert!(keep(name), "{name}");
        }
        for name in [
            "pagefind-ui.js",
            "pagefind-ui.css",
            "pagefind-highlight.js",
            "playground/x",
        ] {
            assert!(!keep(name), "{name}");
        }
    }

    #[test]
    fn bundle_files_are_relative_to_the_folder_of_pagefind_js() {
        let files = vec![
            (
                PathBuf::from("/w/site/pagefind/pagefind.js"),
                b"js".to_vec(),
            ),
            (
                PathBuf::from("/w/site/pagefind/index/a.pf_index"),
                b"i".to_vec(),
            ),
            (
                PathBuf::from("/w/site/pagefind/pagefind-ui.js"),
                b"ui".to_vec(),
            ),
        ];
        let kept = bundle_files(files).unwrap();
        let names: Vec<&str> = kept.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["index/a.pf_index", "pagefind.js"]);
        assert!(bundle_files(vec![]).is_err());
    }
}
