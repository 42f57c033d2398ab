//! The search index written to `_search/` (issue 8): it covers exactly the published pages
//! with a file (no stubs, aliases or generated indexes), never holds a private or hidden
//! page's text (the privacy canaries of the sample graph), carries titles, aliases and tags,
//! and is left out when `search = false`.

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
