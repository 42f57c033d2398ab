//! Private pages never leak, hostile content is harmless (RELIABILITY.md cases 6–10).

mod common;

use scraper::{Html, Selector};
use std::path::Path;

fn graph(pages: &[(&str, &str)], config_edn: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in pages {
        let path = dir.path().join("pages").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    if let Some(edn) = config_edn {
        std::fs::create_dir_all(dir.path().join("logseq")).unwrap();
        std::fs::write(dir.path().join("logseq/config.edn"), edn).unwrap();
    }
    dir
}

/// No output file contains any of the `(text, what it is)` pairs.
fn assert_nowhere(root: &Path, forbidden: &[(&str, &str)]) {
    for (file, text) in all_text(root) {
        for (needle, what) in forbidden {
            assert!(!text.contains(needle), "{what} in {file}");
        }
    }
}

/// Every file of the output as text (binary files lossily).
fn all_text(root: &Path) -> Vec<(String, String)> {
    common::tree(root)
        .into_iter()
        .map(|(rel, bytes)| (rel, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

#[test]
fn sample_private_page_appears_nowhere() {
    let out = tempfile::tempdir().unwrap();
    common::build_site(&common::sample(), out.path(), None, 2);
    assert_nowhere(
        out.path(),
        &[
            ("INNSITE-PRIVATE-CANARY", "private text"),
            ("INNSITE-HIDDEN-CANARY", "hidden draft text"),
            ("private-roadmap", "link or path to the private page"),
        ],
    );
    // The public page that names it shows the name as text, without a link.
    let dashboard = std::fs::read_to_string(out.path().join("dashboard/index.html")).unwrap();
    assert!(dashboard.contains("<span class=\"page-ref-text\">Private roadmap</span>"));
    // check lists what was withheld.
    let loaded = common::load_graph(&common::sample(), 2);
    assert!(loaded
        .diagnostics
        .iter()
        .any(|d| d.kind.as_str() == "withheld" && d.file == "pages/Private roadmap.md"));
}

#[test]
fn private_pages_leak_through_no_construct() {
    let secret = "SECRET-7f3a";
    let g = graph(
        &[
            (
                "private.md",
                &format!("public:: false\nalias:: hush\ntags:: public topic\n\n- {secret} [[only from private]] #private-tag\n  id:: 11111111-1111-1111-1111-111111111111\n- [[public page]]\n"),
            ),
            ("private___child.md", &format!("public:: false\n\n- {secret} child\n")),
            (
                "public page.md",
                "- see [[private]] and [[hush]] and #private\n- {{embed [[private]]}}\n- ((11111111-1111-1111-1111-111111111111))\n- {{embed ((11111111-1111-1111-1111-111111111111))}}\n",
            ),
        ],
        None,
    );
    let out = tempfile::tempdir().unwrap();
    common::build_site(g.path(), out.path(), None, 2);
    assert_nowhere(
        out.path(),
        &[
            (secret, "secret"),
            (
                "only from private",
                "stub referenced only by a private page",
            ),
            ("private-tag", "tag used only by a private page"),
            ("href=\"/private/", "link to the private page"),
        ],
    );
    assert!(!out.path().join("private").exists());
    // `hush` is an alias declared by the private page: the public page's [[hush]] is then an
    // ordinary name (a stub), never a redirect to the private page (checked above: no link).
    let page = std::fs::read_to_string(out.path().join("public-page/index.html")).unwrap();
    assert!(page.contains("This content is not published."));
    assert!(page.contains("unpublished block"));
    // The public page's own backlinks do not list the private page (which links to it).
    let doc = Html::parse_document(&page);
    let refs: String = doc
        .select(&Selector::parse("section.references").unwrap())
        .flat_map(|e| e.text())
        .collect();
    assert!(!refs.contains("private"), "backlinks: {refs}");
}

#[test]
fn only_public_true_pages_when_not_all_pages_are_public() {
    let g = graph(
        &[
            ("open.md", "public:: true\n\n- open text [[closed]]\n"),
            ("closed.md", "- closed text CLOSED-42\n"),
        ],
        Some("{:publishing/all-pages-public? false}"),
    );
    let out = tempfile::tempdir().unwrap();
    common::build_site(g.path(), out.path(), None, 2);
    assert!(out.path().join("open/index.html").exists());
    assert!(!out.path().join("closed").exists());
    for (file, text) in all_text(out.path()) {
        assert!(!text.contains("CLOSED-42"), "unpublished text in {file}");
    }
}

#[test]
fn hostile_content_is_inert() {
    let g = graph(
        &[
            (
                "xss.md",
                "title:: <img src=x onerror=alert(1)>\nicon:: \"><script>alert(2)</script>\nnote:: <svg onload=alert(3)>\n\n- <script>alert(4)</script>\n- <img src=\"https://x.example/a.png\" onerror=\"alert(5)\">\n- [click](javascript:alert(6)) [data](data:text/html,<script>alert(7)</script>) [vb](vbscript:msgbox)\n- <iframe src=\"https://evil.example/\"></iframe> <a href=\"javascript:alert(8)\">x</a>\n- #[[<b onmouseover=alert(9)>tag</b>]] [[</script><script>alert(10)</script>]]\n- {{ get_env(name=\"HOME\") }} {% raw %}\n- ```html\" onmouseover=\"alert(11)\n  code\n  ```\n",
            ),
            ("<script>alert(12)<___script>.md", "- hostile file name\n"),
        ],
        None,
    );
    let out = tempfile::tempdir().unwrap();
    common::build_site(g.path(), out.path(), None, 2);
    let script = Selector::parse("script").unwrap();
    let any = Selector::parse("*").unwrap();
    let mut pages = 0;
    for (file, text) in all_text(out.path())
        .into_iter()
        .filter(|(f, _)| f.ends_with(".html"))
    {
        pages += 1;
        let doc = Html::parse_document(&text);
        for s in doc.select(&script) {
            let src = s.value().attr("src").unwrap_or("");
            let inline: String = s.text().collect();
            assert!(
                ["innsite.js", "innsite-search.js", "preview.js", "graph.js"]
                    .iter()
                    .any(|f| src.ends_with(&format!("_static/{f}")))
                    || (src.is_empty() && !inline.contains("alert")),
                "foreign script in {file}: {}",
                s.html()
            );
        }
        for el in doc.select(&any) {
            for (name, value) in el.value().attrs() {
                assert!(!name.starts_with("on"), "event handler {name} in {file}");
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:")
                        && !v.starts_with("vbscript:")
                        && !v.starts_with("data:text"),
                    "dangerous URL {value} in {file}"
                );
            }
            if el.value().name() == "iframe" {
                panic!("iframe from an unknown host kept in {file}");
            }
        }
        assert!(
            !text.contains("/root") || !text.contains("get_env"),
            "note text evaluated as a template in {file}"
        );
    }
    assert!(pages > 3);
    let xss = std::fs::read_to_string(out.path().join("img-src-x-onerror-alert-1/index.html"))
        .unwrap_or_default();
    assert!(
        xss.contains("get_env(name=&quot;HOME&quot;)")
            || xss.contains("get_env(name=\"HOME\")")
            || xss.is_empty()
    );
}

/// Copy `tests/fixtures/hostile` into a fresh folder, optionally with
/// `:publishing/all-pages-public? false`.
fn hostile_copy(all_public: bool) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let dir = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(&src)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let to = dir
            .path()
            .join("graph")
            .join(e.path().strip_prefix(&src).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(e.path(), to).unwrap();
    }
    if !all_public {
        let edn = "{:publishing/all-pages-public? false :file/name-format :triple-lowbar}";
        std::fs::write(dir.path().join("graph/logseq/config.edn"), edn).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("sentinel")).unwrap();
    std::fs::write(dir.path().join("sentinel/keep.txt"), "keep").unwrap();
    dir
}

/// Build the hostile fixture with the command-line tool and check every output file.
fn check_hostile_build(all_public: bool) {
    let dir = hostile_copy(all_public);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_innsite"))
        .args(["build", "--content", "graph", "--output", "out"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = dir.path().join("out");
    let script = Selector::parse("script").unwrap();
    let any = Selector::parse("*").unwrap();
    for (file, text) in all_text(&root) {
        assert!(!text.contains("HOSTILE-SECRET-91c2"), "secret in {file}");
        assert!(
            !text.contains("only named in the vault") && !text.contains("vault-only-tag"),
            "private refs in {file}"
        );
        for seg in file.split('/') {
            assert!(
                seg.len() <= 255 && seg != ".." && seg != "." && !seg.eq_ignore_ascii_case("con"),
                "unsafe path {file}"
            );
        }
        if !file.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&text);
        for s in doc.select(&script) {
            let src = s.value().attr("src").unwrap_or("");
            let inline: String = s.text().collect();
            assert!(
                ["innsite.js", "innsite-search.js", "preview.js", "graph.js"]
                    .iter()
                    .any(|f| src.ends_with(&format!("_static/{f}")))
                    || (src.is_empty() && !inline.contains("alert")),
                "script in {file}"
            );
        }
        for el in doc.select(&any) {
            assert!(
                el.value().name() != "iframe",
                "iframe from an unknown host in {file}"
            );
            for (name, value) in el.value().attrs() {
                let v = value.trim().to_ascii_lowercase();
                assert!(!name.starts_with("on"), "{name} in {file}");
                assert!(
                    !v.starts_with("javascript:")
                        && !v.starts_with("vbscript:")
                        && !v.starts_with("data:text"),
                    "{value} in {file}"
                );
            }
        }
    }
    assert!(root.join("public-notes/index.html").exists());
    assert!(!root.join("vault").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sentinel/keep.txt")).unwrap(),
        "keep"
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("sentinel"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn hostile_fixture_all_pages_public() {
    check_hostile_build(true);
}

#[test]
fn hostile_fixture_only_public_true_pages() {
    check_hostile_build(false);
}
