//! Whole-site builds: the sample graph always, the real innbok graph when it is beside the
//! repository. Every output page is parsed with an HTML parser (scraper) and checked as a
//! reader meets it: no raw Logseq syntax in the visible text, every internal link and asset
//! resolves to a file of the output (also under a sub-path), output independent of the
//! thread count.

mod common;

use scraper::{ElementRef, Html, Node, Selector};
use std::path::{Path, PathBuf};

/// Every `.html` file of the output, by path relative to the output root.
fn html_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(root).into_iter().flatten() {
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html") {
            out.push(e.path().to_path_buf());
        }
    }
    out.sort();
    out
}

/// Visible text of a document, outside code, pre, script, style and template.
fn visible_text(doc: &Html) -> String {
    let mut out = String::new();
    let mut stack: Vec<ElementRef> = vec![doc.root_element()];
    while let Some(el) = stack.pop() {
        if matches!(
            el.value().name(),
            "code" | "pre" | "script" | "style" | "template" | "noscript" | "textarea"
        ) {
            continue;
        }
        for child in el.children().rev() {
            match child.value() {
                Node::Text(t) => {
                    out.push_str(t);
                    out.push('\n');
                }
                Node::Element(_) => stack.extend(ElementRef::wrap(child)),
                _ => {}
            }
        }
    }
    out
}

const LEAKS: [&str; 7] = [
    "{{embed",
    "{{query",
    "{{renderer",
    "#+BEGIN_",
    "#+END_",
    "collapsed:: true",
    "}}",
];

/// Problems a reader would meet: leaked syntax and links that go nowhere.
fn audit(root: &Path, base_path: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let href = Selector::parse("a[href], link[href], img[src], script[src], iframe[src]").unwrap();
    let wikilink = regex_lite_wikilink;
    for file in html_files(root) {
        let rel = file.strip_prefix(root).unwrap().display().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let doc = Html::parse_document(&text);
        let visible = visible_text(&doc);
        for leak in LEAKS {
            if visible.contains(leak) {
                problems.push(format!("{rel}: visible '{leak}'"));
            }
        }
        if let Some(w) = wikilink(&visible) {
            problems.push(format!("{rel}: visible wikilink {w}"));
        }
        for line in visible.lines() {
            if is_property_line(line) {
                problems.push(format!("{rel}: visible property line {line:?}"));
            }
        }
        if visible.contains("((") && visible.contains("))") && uuid_ref(&visible) {
            problems.push(format!("{rel}: visible block ref"));
        }
        for el in doc.select(&href) {
            let url = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap_or("");
            if let Some(p) = internal_target(root, base_path, &file, url) {
                if !p.exists() {
                    problems.push(format!("{rel}: dangling link {url}"));
                }
            }
        }
    }
    problems
}

/// `[[…]]` in text.
fn regex_lite_wikilink(text: &str) -> Option<String> {
    let start = text.find("[[")?;
    let end = text[start..].find("]]")?;
    let inner = &text[start + 2..start + end];
    (!inner.is_empty() && !inner.contains('\n') && inner.len() < 200)
        .then(|| text[start..start + end + 2].to_string())
}

fn is_property_line(line: &str) -> bool {
    let t = line.trim();
    let Some((k, v)) = t.split_once(":: ") else {
        return false;
    };
    !k.is_empty()
        && !v.is_empty()
        && k.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

fn uuid_ref(text: &str) -> bool {
    text.match_indices("((").any(|(i, _)| {
        let rest = &text[i + 2..];
        rest.len() >= 38
            && rest[..36]
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == '-')
            && rest[36..].starts_with("))")
    })
}

/// The output file an internal URL points at, or None for external and fragment-only URLs.
fn internal_target(root: &Path, base_path: &str, from: &Path, url: &str) -> Option<PathBuf> {
    if url.is_empty()
        || url.starts_with('#')
        || url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("data:")
    {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?
        .into_owned();
    let rel: PathBuf = if let Some(p) = decoded.strip_prefix(base_path) {
        root.join(p)
    } else if decoded.starts_with('/') {
        // An absolute path outside the base path can never resolve on the host.
        return Some(root.join("__outside_base_path__"));
    } else {
        from.parent().unwrap().join(&decoded)
    };
    Some(if decoded.ends_with('/') || rel.is_dir() {
        rel.join("index.html")
    } else {
        rel
    })
}

#[test]
fn sample_site_has_no_leaks_and_no_dangling_links() {
    let out = tempfile::tempdir().unwrap();
    let report = common::build_site(&common::sample(), out.path(), None, 2);
    assert!(report.pages > 60, "{}", report.summary());
    let problems = audit(out.path(), "/");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn sample_site_under_a_sub_path() {
    let out = tempfile::tempdir().unwrap();
    common::build_site(
        &common::sample(),
        out.path(),
        Some("https://example.org/sub/"),
        2,
    );
    let problems = audit_absolute(out.path(), "https://example.org/sub/");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// With an absolute base URL every internal link starts with it: check those map to files.
fn audit_absolute(root: &Path, base: &str) -> Vec<String> {
    let sel = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut problems = Vec::new();
    for file in html_files(root) {
        let doc = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        for el in doc.select(&sel) {
            let url = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap_or("");
            if url.starts_with('/') {
                problems.push(format!(
                    "{}: root-relative link ignores the base URL: {url}",
                    file.display()
                ));
            }
            if let Some(rest) = url.strip_prefix(base) {
                if let Some(p) = internal_target(root, "/", &file, &format!("/{rest}")) {
                    if !p.exists() {
                        problems.push(format!("{}: dangling {url}", file.display()));
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn sample_site_is_identical_with_1_and_8_threads() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    common::build_site(&common::sample(), a.path(), None, 1);
    common::build_site(&common::sample(), b.path(), None, 8);
    assert_eq!(common::tree(a.path()), common::tree(b.path()));
}

#[test]
fn real_graph_site() {
    let Some(dir) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing")
    };
    let out = tempfile::tempdir().unwrap();
    let report = common::build_site(&dir, out.path(), None, 2);
    let loaded = common::load_graph(&dir, 2);
    // One output page per page of the model.
    for page in &loaded.graph.pages {
        assert!(
            out.path().join(&page.slug).join("index.html").exists(),
            "page {} has no output",
            page.name
        );
    }
    let problems = audit(out.path(), "/");
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(40)].join("\n")
    );
    // 95 % of pages stay under 60 KB.
    let mut sizes: Vec<u64> = html_files(out.path())
        .iter()
        .map(|f| f.metadata().unwrap().len())
        .collect();
    sizes.sort();
    let p95 = sizes[sizes.len() * 95 / 100];
    assert!(
        p95 < 60_000,
        "95th percentile page size {p95} bytes ({})",
        report.summary()
    );
}

#[test]
fn real_graph_persona_page() {
    let Some(dir) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing")
    };
    let out = tempfile::tempdir().unwrap();
    common::build_site(&dir, out.path(), None, 2);
    let html =
        std::fs::read_to_string(out.path().join("profile-id/persona-info/index.html")).unwrap();
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    let props: Vec<String> = doc
        .select(&sel("main dl.page-properties dt"))
        .map(|e| e.text().collect())
        .collect();
    for key in ["metamodel-id", "relations", "weight"] {
        assert!(
            props.iter().any(|p| p == key),
            "visible property {key}: {props:?}"
        );
    }
    let embeds: Vec<ElementRef> = doc.select(&sel("main article .embed-page")).collect();
    assert_eq!(embeds.len(), 5, "five example embeds");
    let empty = embeds
        .iter()
        .filter(|e| e.select(&sel(".embed-empty")).next().is_some())
        .count();
    assert!(empty >= 2, "embeds without content are marked empty");
    let text: String = doc.select(&sel("main")).flat_map(|e| e.text()).collect();
    assert!(
        text.contains("Sarah Johnson"),
        "the Space X example's content is embedded"
    );
    // Sidebar: the heaviest artifacts first, then a link to all of them in the same order.
    let nav: Vec<(String, String)> = doc
        .select(&sel("nav.site-nav a"))
        .map(|e| {
            let href = e.value().attr("href").unwrap_or_default().to_string();
            (e.text().collect::<String>(), href)
        })
        .collect();
    assert!(
        nav.iter().any(|(t, _)| t.contains("risk-list_info")),
        "the weight-90 artifact risk-list_info is in the sidebar: {nav:?}"
    );
    assert!(
        nav.iter()
            .any(|(t, h)| t.ends_with("more…") && h == "/_pages/#by-weight"),
        "the sidebar links to the rest: {nav:?}"
    );
    let index = std::fs::read_to_string(out.path().join("_pages/index.html")).unwrap();
    let index = Html::parse_document(&index);
    let ranked: Vec<String> = index
        .select(&sel("section[aria-labelledby=by-weight] a"))
        .map(|e| e.text().collect())
        .collect();
    let pos = |name: &str| ranked.iter().position(|n| n.contains(name));
    let heavy = pos("risk-list_info").expect("risk-list_info (weight 90) is ranked");
    let light = pos("storytelling_info").expect("storytelling_info (weight 10) is ranked");
    assert!(heavy < light, "heavier artifact listed first");
    // More than the sidebar's 20: innbok has 95 top-level weighted pages.
    assert_eq!(ranked.len(), 95, "every top-level weighted page");
}

#[test]
fn real_graph_site_is_identical_with_1_and_8_threads() {
    let Some(dir) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing")
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    common::build_site(&dir, a.path(), None, 1);
    common::build_site(&dir, b.path(), None, 8);
    let (ta, tb) = (common::tree(a.path()), common::tree(b.path()));
    assert_eq!(ta.len(), tb.len());
    let differing: Vec<&String> = ta
        .iter()
        .filter(|(k, v)| tb.get(*k) != Some(v))
        .map(|(k, _)| k)
        .take(5)
        .collect();
    assert!(
        differing.is_empty(),
        "files differ between 1 and 8 threads: {differing:?}"
    );
}

#[test]
fn real_graph_site_under_a_sub_path() {
    let Some(dir) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing")
    };
    let out = tempfile::tempdir().unwrap();
    common::build_site(&dir, out.path(), Some("https://example.org/sub/"), 2);
    let problems = audit_absolute(out.path(), "https://example.org/sub/");
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );
}
