//! Headless-browser tests of the reader's side (issue 8): with JavaScript off, the home page
//! and content pages of the sample and the real graph render fully and their links resolve;
//! with JavaScript on, the search box finds pages, highlights excerpts, is driven by the
//! keyboard, works under a sub-path, downloads little per query and fails visibly from
//! `file://`. Screenshots go to `target/browser-screenshots/`.

mod common;

use common::browser::{key, Browser, Options};
use common::server::{self, Served};
use fantoccini::key::Key;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long to wait for the page's scripts and the search index.
const WAIT: Duration = Duration::from_secs(40);

/// A site built into a temporary folder and served at `prefix` on a local port.
struct Site {
    dir: tempfile::TempDir,
    served: Served,
    /// `http://127.0.0.1:<port>/<prefix>` without the final `/`.
    root: String,
    prefix: String,
}

impl Site {
    /// Build `content` for `public_base` (or the local address when `None`) and serve it at
    /// `prefix` (`/` or `/innbok/`).
    fn build(content: &Path, public_base: Option<&str>, prefix: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let bound = server::bind();
        let origin = bound.origin.clone();
        let local_base = format!("{origin}{prefix}");
        common::build_site(content, &out, Some(public_base.unwrap_or(&local_base)), 2);
        let served = bound.serve(&out, prefix);
        Site {
            dir,
            served,
            root: format!("{origin}{}", prefix.trim_end_matches('/')),
            prefix: prefix.to_string(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}", self.root, path.trim_start_matches('/'))
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

fn real_graph() -> std::path::PathBuf {
    common::innbok().expect("the innbok graph is beside the repository (../shared/corpus/innbok)")
}

/// What a page shows without scripts: title, heading, main text, navigation and links.
struct Rendered {
    title: String,
    h1: String,
    main_text_len: usize,
    nav_links: usize,
    links: Vec<String>,
    search_box_hidden: bool,
    /// Outline lists (`ul.blocks`, embedded ones included) drawn with list markers on top
    /// of the outline's own bullets.
    marked_outlines: usize,
}

fn rendered(b: &Browser) -> Rendered {
    let v = b.eval(
        "const main = document.querySelector('main#content');
         const h1 = document.querySelector('main h1');
         return {
           title: document.title,
           h1: h1 ? h1.textContent.trim() : '',
           main: main ? main.innerText.trim().length : 0,
           nav: document.querySelectorAll('nav.site-nav a[href]').length,
           links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
           search: (() => { const s = document.querySelector('.site-search'); return s ? s.hidden : 'missing'; })(),
           marked: Array.from(document.querySelectorAll('ul.blocks'))
             .filter(u => getComputedStyle(u).listStyleType !== 'none').length,
         };",
    );
    Rendered {
        title: v["title"].as_str().unwrap_or_default().to_string(),
        h1: v["h1"].as_str().unwrap_or_default().to_string(),
        main_text_len: v["main"].as_u64().unwrap_or(0) as usize,
        nav_links: v["nav"].as_u64().unwrap_or(0) as usize,
        links: v["links"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| l.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        search_box_hidden: v["search"] == Value::Bool(true),
        marked_outlines: v["marked"].as_u64().unwrap_or(u64::MAX) as usize,
    }
}

/// The same-site links of a page that do not answer 200 (after one redirect).
fn broken_links(site: &Site, links: &[String]) -> Vec<String> {
    let origin = site
        .root
        .trim_end_matches(site.prefix.trim_end_matches('/'));
    links
        .iter()
        .filter_map(|l| l.strip_prefix(origin))
        .map(|p| p.split('#').next().unwrap_or("").to_string())
        .filter(|p| !p.is_empty())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|p| site.served.fetch(p).status != 200)
        .collect()
}

/// Load each page with JavaScript off and check it renders fully with working links.
fn check_without_js(site: &Site, pages: &[&str], shot_prefix: &str) {
    let b = Browser::with(Options {
        javascript: false,
        ..Options::default()
    });
    for (i, page) in pages.iter().enumerate() {
        b.goto(&site.url(page));
        let r = rendered(&b);
        assert!(!r.title.is_empty(), "{page}: no <title>");
        assert!(!r.h1.is_empty(), "{page}: no <h1> in main");
        assert!(r.main_text_len > 40, "{page}: main content is nearly empty");
        assert!(
            r.nav_links > 2,
            "{page}: the navigation has {} links",
            r.nav_links
        );
        // The search box needs scripts: without them it stays hidden (and this shows that
        // scripts really are off).
        assert!(
            r.search_box_hidden,
            "{page}: the search box shows without JavaScript"
        );
        assert_eq!(
            r.marked_outlines, 0,
            "{page}: outline lists drawn with list markers (a double bullet)"
        );
        let broken = broken_links(site, &r.links);
        assert!(broken.is_empty(), "{page}: broken links {broken:?}");
        b.screenshot(&format!("{shot_prefix}-nojs-{i}"));
    }
}

#[test]
fn pages_render_fully_without_javascript_sample() {
    let site = Site::build(&common::sample(), None, "/");
    check_without_js(
        &site,
        &[
            "/",
            "/quick-start/",
            "/artifact/customer-profile/info/",
            "/pivot/",
        ],
        "sample",
    );
}

#[test]
fn pages_render_fully_without_javascript_innbok() {
    let site = Site::build(&real_graph(), None, "/");
    check_without_js(
        &site,
        &[
            "/",
            "/profile-id/persona-info/",
            "/topic/validation/identify-the-risks/",
            "/key-console/",
            "/goal/",
        ],
        "innbok",
    );
}

/// The results listed for the query in the search box: (href, title, excerpt HTML).
fn results(b: &Browser) -> Vec<(String, String, String)> {
    let v = b.eval(
        "return Array.from(document.querySelectorAll('.search-results .search-result')).map(a =>
           [a.href, a.querySelector('.search-result-title').textContent,
            a.querySelector('.search-result-excerpt').innerHTML]);",
    );
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |i: usize| r[i].as_str().unwrap_or_default().to_string();
            (s(0), s(1), s(2))
        })
        .collect()
}

/// Wait until the search box is ready (its script ran), focus it with `/` and type `query`;
/// wait for results.
fn search(b: &Browser, query: &str) -> Vec<(String, String, String)> {
    assert!(
        b.wait_until("!document.querySelector('.site-search').hidden", WAIT),
        "the search box never showed"
    );
    b.type_keys("/");
    assert!(
        b.wait_until(
            "document.activeElement.classList.contains('search-input')",
            WAIT
        ),
        "'/' did not focus the search box"
    );
    b.type_keys(query);
    let ready = b.wait_until(
        "document.querySelectorAll('.search-results .search-result').length > 0",
        WAIT,
    );
    let status = b.eval("return document.querySelector('.search-status').textContent");
    let state = b.eval(
        "return [document.querySelector('.search-input').value, document.activeElement.className,
                 performance.getEntriesByType('resource').filter(e => e.name.includes('/_search/')).map(e => e.name.split('/_search/')[1])];",
    );
    assert!(
        ready,
        "no results for {query:?}; status: {status}; input, focus, fetched: {state}"
    );
    results(b)
}

/// Bytes the browser fetched from `_search/`: (transferred, encoded body, requests).
fn search_traffic(b: &Browser) -> (u64, u64, u64) {
    let v = b.eval(
        "const r = performance.getEntriesByType('resource').filter(e => e.name.includes('/_search/'));
         return [r.reduce((s, e) => s + e.transferSize, 0),
                 r.reduce((s, e) => s + e.encodedBodySize, 0), r.length];",
    );
    let n = |i: usize| v[i].as_u64().unwrap_or(0);
    (n(0), n(1), n(2))
}

/// Total size of the files under `dir`.
fn size_on_disk(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

/// Press ArrowDown until the selected result's href ends with `path` (at most `max` times);
/// whether it got there.
fn arrow_to(b: &Browser, path: &str, max: usize) -> bool {
    let selected = "const a = document.querySelector('.search-result[aria-selected=\"true\"]'); \
                    return a ? a.getAttribute('href') : ''";
    for _ in 0..=max {
        let href = b.eval(selected);
        if href.as_str().is_some_and(|h| h.ends_with(path)) {
            return true;
        }
        b.type_keys(&key(Key::Down));
    }
    false
}

#[test]
fn search_finds_the_persona_page_in_the_real_graph() {
    let site = Site::build(&real_graph(), None, "/");
    assert!(
        site.out().join("persona/index.html").is_file(),
        "no persona page"
    );
    let b = Browser::start();
    b.goto(&site.url("/"));
    let found = search(&b, "persona");
    b.screenshot("innbok-search-persona");
    let hrefs: Vec<&str> = found.iter().map(|r| r.0.as_str()).collect();
    let at = hrefs.iter().position(|h| h.ends_with("/persona/"));
    assert!(
        matches!(at, Some(0..=2)),
        "persona is not among the first results: {hrefs:?}"
    );
    assert!(
        found
            .iter()
            .any(|r| r.2.to_lowercase().contains("<mark>persona")),
        "no highlighted excerpt: {found:?}"
    );
    let (transferred, encoded, requests) = search_traffic(&b);
    let on_disk = size_on_disk(&site.out().join("_search"));
    println!(
        "innbok search: index {on_disk} bytes on disk; query 'persona' fetched {requests} files, \
         {transferred} bytes transferred ({encoded} bytes encoded)"
    );
    assert!(requests > 0 && transferred > 0, "no index file was fetched");
    assert!(
        transferred < 300_000,
        "one query downloaded {transferred} bytes"
    );

    // Keyboard: arrows select the persona result, Enter opens it.
    assert!(
        arrow_to(&b, "/persona/", found.len()),
        "arrows never selected persona"
    );
    b.type_keys(&key(Key::Enter));
    assert!(
        b.wait_until("location.pathname === '/persona/'", WAIT),
        "Enter did not open the persona page"
    );
    assert_eq!(
        b.eval("return document.querySelector('main h1').textContent.trim()")
            .as_str()
            .map(|t| t.contains("persona")),
        Some(true)
    );
    b.screenshot("innbok-search-persona-opened");
}

#[test]
fn search_works_under_a_sub_path() {
    let site = Site::build(&common::sample(), Some("/innbok/"), "/innbok/");
    let b = Browser::start();
    b.goto(&site.url("/quick-start/"));
    let found = search(&b, "interview");
    b.screenshot("sample-search-sub-path");
    let first = &found[0].0;
    assert!(
        first.starts_with(&format!("{}/", site.root)),
        "result outside the sub-path: {first}"
    );
    assert!(
        found.iter().any(|r| r.1 == "Customer Interview"),
        "Customer Interview not found: {found:?}"
    );
    // ArrowUp from the first result wraps to the last; Enter opens the selected page.
    b.type_keys(&key(Key::Up));
    let last =
        b.eval("return document.querySelector('.search-result[aria-selected=\"true\"]').href");
    assert_eq!(last.as_str(), found.last().map(|r| r.0.as_str()));
    b.type_keys(&key(Key::Enter));
    let target = found.last().unwrap().0.clone();
    assert!(
        b.wait_until(
            &format!(
                "location.href === {}",
                serde_json::to_string(&target).unwrap()
            ),
            WAIT
        ),
        "Enter did not open {target}"
    );
    let path = target
        .strip_prefix(&site.root.replace("/innbok", ""))
        .unwrap()
        .to_string();
    assert_eq!(site.served.fetch(&path).status, 200, "{path}");
}

#[test]
fn search_from_a_file_url_says_it_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    // A path base lets the pages find their files from file:// too.
    let base = format!("{}/", out.display());
    common::build_site(&common::sample(), &out, Some(&base), 2);
    let b = Browser::start();
    b.goto(&format!("file://{}/quick-start/index.html", out.display()));
    assert!(
        b.wait_until("!document.querySelector('.site-search').hidden", WAIT),
        "the search box never showed"
    );
    b.type_keys("/");
    b.type_keys("interview");
    assert!(
        b.wait_until("!document.querySelector('.search-status').hidden", WAIT),
        "no message from file://"
    );
    let status = b.eval("return document.querySelector('.search-status').textContent");
    assert!(
        status
            .as_str()
            .is_some_and(|s| s.contains("cannot run from a file")),
        "{status}"
    );
    let link = b.eval("return document.querySelector('.search-status a').href");
    assert!(
        link.as_str().is_some_and(|l| l.ends_with("/_pages/")),
        "{link}"
    );
    assert!(
        b.eval("return document.querySelector('main h1').textContent.trim()")
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "the page did not render"
    );
    b.screenshot("sample-search-file-url");
}
