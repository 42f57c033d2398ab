//! The search index written to `_search/` (issue 8): it covers exactly the published pages
//! with a file (no stubs, aliases or generated indexes), never holds a private or hidden
//! page's text (the privacy canaries of the sample graph), carries titles, aliases and tags,
//! is read by the search client's rules to the position of every word of every page, and is
//! left out when `search = false`.

mod common;

use flate2::read::GzDecoder;
use innsite::graph::PageKind;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

/// Every file under `_search/` as (path, bytes), gzip-compressed ones decompressed.
fn index_files(site: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = site.join("_search");
    common::tree(&dir)
        .into_iter()
        .map(|(rel, bytes)| {
            if bytes.starts_with(&[0x1f, 0x8b]) {
                let mut plain = Vec::new();
                GzDecoder::new(&bytes[..])
                    .read_to_end(&mut plain)
                    .unwrap_or_else(|e| panic!("{rel} does not decompress: {e}"));
                (rel, plain)
            } else {
                (rel, bytes)
            }
        })
        .collect()
}

/// The JSON documents of the page fragments (`fragment/*.pf_fragment`).
fn fragments(files: &[(String, Vec<u8>)]) -> Vec<serde_json::Value> {
    files
        .iter()
        .filter(|(rel, _)| rel.starts_with("fragment/"))
        .map(|(rel, bytes)| {
            let json = bytes.strip_prefix(b"pagefind_dcd").unwrap_or(bytes);
            serde_json::from_slice(json).unwrap_or_else(|e| panic!("{rel}: {e}"))
        })
        .collect()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn the_index_covers_published_file_pages_only_and_never_private_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    common::build_site(&common::sample(), &out, None, 2);
    let files = index_files(&out);
    assert!(
        files.iter().any(|(r, _)| r == "pagefind.js"),
        "no search client"
    );
    assert!(
        files.iter().any(|(r, _)| r.starts_with("index/")),
        "no index chunk"
    );
    for (rel, bytes) in &files {
        for canary in ["INNSITE-PRIVATE-CANARY", "INNSITE-HIDDEN-CANARY"] {
            assert!(!contains(bytes, canary), "{canary} in _search/{rel}");
        }
    }
    let frags = fragments(&files);
    let urls: BTreeSet<String> = frags
        .iter()
        .map(|f| f["url"].as_str().unwrap().to_string())
        .collect();
    let loaded = common::load_graph(&common::sample(), 2);
    let g = &loaded.graph;
    let cfg = common::config(&common::sample(), None, None);
    let home = innsite::render::context::home_page(g, &cfg);
    let url_of = |id: usize| match home == Some(id) {
        true => "/".to_string(),
        false => format!("/{}/", g.pages[id].slug),
    };
    let file_pages: Vec<usize> = (0..g.pages.len())
        .filter(|&id| matches!(g.pages[id].kind, PageKind::File | PageKind::Whiteboard))
        .collect();
    let all: BTreeSet<String> = file_pages.iter().map(|&id| url_of(id)).collect();
    // A page without a single word (the marker page `?`, only properties) has nothing to find.
    let worded: BTreeSet<String> = file_pages
        .iter()
        .filter(|&&id| g.pages[id].name.chars().any(char::is_alphanumeric))
        .map(|&id| url_of(id))
        .collect();
    assert!(
        urls.is_subset(&all),
        "not file pages: {:?}",
        urls.difference(&all)
    );
    assert!(
        worded.is_subset(&urls),
        "not indexed: {:?}",
        worded.difference(&urls)
    );
    assert!(urls.len() > 30, "{urls:?}");
    assert!(!urls.iter().any(|u| u.contains("private")), "{urls:?}");

    // Titles are the pages' names; aliases and tags are searchable text.
    let frag = |url: &str| frags.iter().find(|f| f["url"] == url).unwrap();
    let ci = frag("/customer-interview/");
    assert_eq!(ci["meta"]["title"], "Customer Interview");
    let text = |f: &serde_json::Value| f["content"].as_str().unwrap().to_string();
    let with_alias = (0..g.pages.len())
        .find(|&id| g.pages[id].kind == PageKind::File && !g.pages[id].aliases.is_empty())
        .expect("the sample has a page with an alias");
    let alias = &g.pages[g.pages[with_alias].aliases[0]].name;
    let url = url_of(with_alias);
    assert!(
        text(frag(&url)).contains(alias.as_str()),
        "alias {alias} not in {url}"
    );
}

#[test]
fn search_false_writes_no_index_and_no_search_box() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut cfg = common::config(&common::sample(), Some(&out), None);
    cfg.search = false;
    let loaded = innsite::load(&innsite::LoadOptions::from_config(&cfg), vec![]).unwrap();
    let site_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    innsite::build::build(&cfg, &loaded, site_dir, &innsite::timings::Timings::new()).unwrap();
    assert!(!out.join("_search").exists());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("site-search") && !home.contains("innsite-search.js"));
    assert!(
        out.join("_static/innsite.css").is_file(),
        "the site was not built"
    );
}

/// The index as the search client reads it: the pages' fragments and every word's postings.
mod client {
    use minicbor::Decode;
    use std::collections::BTreeMap;

    #[derive(Decode)]
    pub struct Meta {
        #[n(0)]
        pub version: String,
        #[n(1)]
        pub pages: Vec<MetaPage>,
        #[n(2)]
        pub chunks: Vec<Chunk>,
        #[n(5)]
        pub meta_fields: Vec<String>,
    }

    #[derive(Decode)]
    pub struct MetaPage {
        #[n(0)]
        pub hash: String,
        #[n(1)]
        pub word_count: u32,
    }

    #[derive(Decode)]
    pub struct Chunk {
        #[n(0)]
        pub from: String,
        #[n(1)]
        pub to: String,
        #[n(2)]
        pub hash: String,
    }

    #[derive(Decode)]
    pub struct Words {
        #[n(0)]
        pub words: Vec<Word>,
    }

    #[derive(Decode)]
    pub struct Word {
        #[n(0)]
        pub word: String,
        #[n(1)]
        pub pages: Vec<Page>,
    }

    #[derive(Decode)]
    pub struct Page {
        #[n(0)]
        pub page: usize,
        #[n(1)]
        pub locs: Vec<i64>,
        #[n(2)]
        pub meta_locs: Vec<i64>,
    }

    /// Positions of a `locs` list (weight markers dropped, deltas added up).
    pub fn positions(locs: &[i64]) -> Vec<i64> {
        let (mut out, mut last, mut absolute) = (Vec::new(), 0, false);
        for &l in locs {
            if l < 0 {
                absolute = true;
                continue;
            }
            let p = if absolute { l } else { last + l };
            absolute = false;
            out.push(p);
            last = p;
        }
        out
    }

    /// word → (page number → (positions in the text, positions in the title)), page numbers
    /// un-delta-ed.
    pub type Postings<'a> = BTreeMap<&'a str, BTreeMap<usize, (Vec<i64>, Vec<i64>)>>;

    pub fn postings(chunk: &Words) -> Postings<'_> {
        let mut out = BTreeMap::new();
        for w in &chunk.words {
            let mut page = 0;
            let mut pages = BTreeMap::new();
            for p in &w.pages {
                page += p.page;
                pages.insert(page, (positions(&p.locs), positions(&p.meta_locs)));
            }
            out.insert(w.word.as_str(), pages);
        }
        out
    }
}

/// What the search client makes of one typed word: lower-cased, punctuation other than
/// connectors dropped, diacritics stripped, stemmed (pagefind's client does this in
/// JavaScript and WebAssembly; this is an independent restatement to check the index against).
fn client_term(word: &str) -> String {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let kept: String = word
        .chars()
        .filter(|&c| {
            !matches!(
                get_general_category(c),
                G::DashPunctuation
                    | G::ClosePunctuation
                    | G::FinalPunctuation
                    | G::InitialPunctuation
                    | G::OtherPunctuation
                    | G::OpenPunctuation
            )
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .collect();
    let stemmer = pagefind_stem::Stemmer::create(pagefind_stem::Algorithm::English);
    stemmer.stem(&kept).into_owned()
}

/// Every word of every indexed page, typed into the search box as the client would treat it,
/// leads to an index chunk by the chunk ranges (strict, else with term and bounds cut to the
/// shorter, as the client falls back to) holding a key that starts with it, lists the page and the word's position (for
/// the excerpt's highlight). Words with symbols (`c++`, `€5`) are skipped: the client keeps
/// symbols in a query, the index (like pagefind's own) holds letters and digits only.
fn every_word_is_found_on_its_page(site: &Path) -> usize {
    let files = index_files(site);
    let file = |name: &str| -> &[u8] {
        let bytes = &files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .1;
        bytes.strip_prefix(b"pagefind_dcd").unwrap_or(bytes)
    };
    let entry: serde_json::Value = serde_json::from_slice(file("pagefind-entry.json")).unwrap();
    let meta_hash = entry["languages"]["en"]["hash"].as_str().unwrap();
    let meta: client::Meta =
        minicbor::decode(file(&format!("pagefind.{meta_hash}.pf_meta"))).unwrap();
    assert_eq!(meta.version, entry["version"].as_str().unwrap());
    assert_eq!(meta.meta_fields, ["title"]);
    assert_eq!(entry["languages"]["en"]["page_count"], meta.pages.len());
    let chunks: Vec<client::Words> = meta
        .chunks
        .iter()
        .map(|c| minicbor::decode(file(&format!("index/{}.pf_index", c.hash))).unwrap())
        .collect();
    let postings: Vec<_> = chunks.iter().map(client::postings).collect();
    let mut checked = 0;
    for (number, page) in meta.pages.iter().enumerate() {
        let frag: serde_json::Value =
            serde_json::from_slice(file(&format!("fragment/{}.pf_fragment", page.hash))).unwrap();
        let words: Vec<&str> = frag["content"].as_str().unwrap().split(' ').collect();
        assert_eq!(words.len() as u32, page.word_count, "{}", frag["url"]);
        for (position, word) in words.iter().enumerate() {
            let term = client_term(word);
            if term.is_empty() || has_symbols(word) {
                continue;
            }
            let found = found_at(&meta.chunks, &postings, &term, number, position, false);
            assert!(
                found,
                "{:?} ({term:?}) at {position} of {} is not found",
                word, frag["url"]
            );
            checked += 1;
        }
        let title = frag["meta"]["title"].as_str().unwrap();
        for (position, word) in title.split_whitespace().enumerate() {
            let term = client_term(word);
            if term.is_empty() || has_symbols(word) {
                continue;
            }
            let found = found_at(&meta.chunks, &postings, &term, number, position, true);
            assert!(found, "title word {word:?} of {} is not found", frag["url"]);
        }
    }
    checked
}

/// Whether the client, looking `term` up, reaches a key that starts with it and lists page
/// `page` with the word at `position` of its text (or of its title).
fn found_at(
    chunks: &[client::Chunk],
    postings: &[client::Postings],
    term: &str,
    page: usize,
    position: usize,
    in_title: bool,
) -> bool {
    chunks_for(chunks, term).iter().any(|&i| {
        postings[i]
            .range(term..)
            .take_while(|(k, _)| k.starts_with(term))
            .any(|(_, pages)| {
                pages.get(&page).is_some_and(|(text, title)| {
                    let at = if in_title { title } else { text };
                    at.contains(&(position as i64))
                })
            })
    })
}

/// Words with symbols other than punctuation (see [`every_word_is_found_on_its_page`]).
fn has_symbols(word: &str) -> bool {
    word.chars()
        .any(|c| !c.is_alphanumeric() && !c.is_ascii_punctuation() && !"“”‘’–—…«»¿¡".contains(c))
        || word.contains(['+', '$', '<', '>', '=', '|', '~', '^', '`'])
}

/// The chunks the client loads for a term: those whose range holds it, else those whose
/// range holds it with term and bounds cut to the shorter of the two.
fn chunks_for(chunks: &[client::Chunk], term: &str) -> Vec<usize> {
    let strict: Vec<usize> = (0..chunks.len())
        .filter(|&i| term >= chunks[i].from.as_str() && term <= chunks[i].to.as_str())
        .collect();
    if !strict.is_empty() {
        return strict;
    }
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let n = |b: &str| term.chars().count().min(b.chars().count());
    (0..chunks.len())
        .filter(|&i| {
            let c = &chunks[i];
            cut(term, n(&c.from)) >= cut(&c.from, n(&c.from))
                && cut(term, n(&c.to)) <= cut(&c.to, n(&c.to))
        })
        .collect()
}

#[test]
fn every_word_of_the_sample_and_the_real_graph_is_found_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample");
    common::build_site(&common::sample(), &out, None, 2);
    let sample = every_word_is_found_on_its_page(&out);
    assert!(sample > 2_000, "{sample} words checked");
    let innbok = common::innbok().expect("the innbok graph beside the repository");
    let out = dir.path().join("innbok");
    common::build_site(&innbok, &out, None, 2);
    let real = every_word_is_found_on_its_page(&out);
    eprintln!("words found where they are: sample {sample}, innbok {real}");
    assert!(real > 100_000, "{real} words checked");
}
