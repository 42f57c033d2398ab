//! Publishing (issue 7): the sample site built for `https://example.org/innbok/` and served
//! under `/innbok/` by a local static server has no broken link, asset, sitemap, feed or
//! old-link route; the real graph has a title, description and canonical URL on every page,
//! a sitemap listing every published file page, and its old `#/page/<name>` links land on the
//! new pages in headless Chromium; `innsite init` writes a working GitHub Pages setup.

mod common;
#[path = "publish/links.rs"]
mod links;
#[path = "publish/xml.rs"]
mod xml;

use common::server;
use innsite::graph::PageKind;
use scraper::{Html, Selector};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const PUBLIC: &str = "https://example.org/innbok/";
const PREFIX: &str = "/innbok/";

/// Build `content` into `out` for `base`, with the feed on and a custom domain.
fn build(content: &Path, out: &Path, base: &str) -> innsite::build::BuildReport {
    let mut cfg = common::config(content, Some(out), Some(base));
    cfg.feed = true;
    cfg.cname = Some("handbook.example.org".to_string());
    let loaded = innsite::load(&innsite::LoadOptions::from_config(&cfg), vec![]).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    innsite::build::build(&cfg, &loaded, dir, &innsite::timings::Timings::new())
        .expect("site builds")
}

fn fail_on(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(40)].join("\n")
    );
}

#[test]
fn sample_site_served_under_a_sub_path_has_no_broken_link() {
    let out = tempfile::tempdir().unwrap();
    let report = build(&common::sample(), out.path(), PUBLIC);
    let served = server::bind().serve(out.path(), PREFIX);
    let mut checker = links::Checker::new(&served, PUBLIC, PREFIX);
    let mut problems = checker.check_site(out.path());
    // 404.html answers any missing path, at any depth, and its links work from there.
    problems.extend(checker.check_page("/innbok/no/such/deep/page/", 404));
    let body = served.get("/innbok/no/such/page").body;
    assert!(String::from_utf8_lossy(&body).contains("Page not found"));
    // The sitemap, the feed and the old-link routes point at pages that exist.
    let sitemap = String::from_utf8(served.fetch("/innbok/sitemap.xml").body).unwrap();
    let locs = xml::sitemap_locs(&sitemap, PUBLIC);
    for loc in &locs {
        problems.extend(checker.check_url("/innbok/sitemap.xml", loc));
    }
    problems.extend(xml::feed_problems(&mut checker, &served, PUBLIC));
    let routes: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&served.fetch("/innbok/_static/legacy-routes.json").body).unwrap();
    assert_eq!(routes.len(), report.pages, "one route per page");
    for url in routes.values() {
        problems
            .extend(checker.check_url("/innbok/_static/legacy-routes.json", url.as_str().unwrap()));
    }
    fail_on(problems);
    assert!(
        checker.checked_links > 2_000,
        "{} links checked",
        checker.checked_links
    );
    let robots = String::from_utf8(served.fetch("/innbok/robots.txt").body).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.org/innbok/sitemap.xml\n"),
        "{robots}"
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("CNAME")).unwrap(),
        "handbook.example.org\n"
    );
    assert!(out.path().join(".nojekyll").is_file());
    // In-graph links to the old site (site.toml `old_site_url`) point at the new pages.
    let handbook = String::from_utf8(served.fetch("/innbok/").body).unwrap();
    let doc = Html::parse_document(&handbook);
    let old_link = text_of(&doc, "main a[href*='customer-profile']", Some("href"));
    assert_eq!(
        old_link.as_deref(),
        Some(&*format!("{PUBLIC}artifact/customer-profile/info/"))
    );
    assert!(!handbook.contains("lean-loop.example.com"));
}

/// The home page has one address, the site's root: its own slug redirects there, links to it
/// point there, and the sitemap lists it once.
#[test]
fn home_page_has_one_address() {
    let out = tempfile::tempdir().unwrap();
    build(&common::sample(), out.path(), PUBLIC);
    let own = std::fs::read_to_string(out.path().join("lean-loop-handbook/index.html")).unwrap();
    let doc = Html::parse_document(&own);
    assert_eq!(
        text_of(&doc, "link[rel=canonical]", Some("href")).as_deref(),
        Some(PUBLIC)
    );
    assert!(own.contains(&format!(
        "<meta http-equiv=\"refresh\" content=\"0; url={PUBLIC}\">"
    )));
    assert!(own.contains("noindex") && !own.contains("customer-profile"));
    let root = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let doc = Html::parse_document(&root);
    assert_eq!(
        text_of(&doc, "link[rel=canonical]", Some("href")).as_deref(),
        Some(PUBLIC)
    );
    assert_eq!(
        text_of(&doc, "h1", None).as_deref(),
        Some("Lean Loop Handbook")
    );
    let mut linking = 0;
    for entry in walk_html(out.path()) {
        let html = std::fs::read_to_string(&entry).unwrap();
        assert!(
            !html.contains("href=\"https://example.org/innbok/lean-loop-handbook/\"")
                && !html.contains("href=\"/innbok/lean-loop-handbook/\""),
            "{} links to the home page's slug",
            entry.display()
        );
        linking += usize::from(html.contains(&format!("href=\"{PUBLIC}\"")));
    }
    assert!(linking > 30, "{linking} pages link to the root");
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    let locs = xml::sitemap_locs(&sitemap, PUBLIC);
    assert_eq!(locs.iter().filter(|l| l.as_str() == PUBLIC).count(), 1);
    assert!(
        !locs.iter().any(|l| l.contains("lean-loop-handbook")),
        "{locs:?}"
    );
}

/// Every `.html` file under `dir`.
fn walk_html(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect()
}

#[test]
fn sample_site_under_a_path_only_base_url() {
    let out = tempfile::tempdir().unwrap();
    let report = build(&common::sample(), out.path(), PREFIX);
    let served = server::bind().serve(out.path(), PREFIX);
    let mut checker = links::Checker::new(&served, PREFIX, PREFIX);
    let mut problems = checker.check_site(out.path());
    problems.extend(checker.check_page("/innbok/a/b/c/", 404));
    fail_on(problems);
    // Without the site's absolute address there is no sitemap or feed, and the build says so.
    assert!(!out.path().join("sitemap.xml").exists() && !out.path().join("feed.xml").exists());
    assert!(!std::fs::read_to_string(out.path().join("robots.txt"))
        .unwrap()
        .contains("Sitemap"));
    assert!(report.diagnostics.iter().any(|d| d
        .message
        .contains("sitemap.xml and feed.xml were not written")));
}

#[test]
fn the_link_checker_reports_what_is_broken() {
    let site = tempfile::tempdir().unwrap();
    let page = |rel: &str, body: &str| {
        let p = site.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(
            p,
            format!("<!DOCTYPE html><html><body>{body}</body></html>"),
        )
        .unwrap();
    };
    page("a/index.html", "<p id=\"here\">a</p><a href=\"../\">up</a>");
    page("404.html", "<a href=\"/innbok/\">home</a>");
    page(
        "index.html",
        "<a href=\"a/\">ok</a><a href=\"https://example.org/innbok/a/#here\">ok</a>\
         <a href=\"https://other.org/x\">external</a><img src=\"/innbok/missing.png\">\
         <a href=\"/elsewhere/\">outside</a><a href=\"a/#nope\">bad fragment</a>",
    );
    let served = server::bind().serve(site.path(), PREFIX);
    let mut checker = links::Checker::new(&served, PUBLIC, PREFIX);
    let problems = checker.check_site(site.path());
    assert_eq!(problems.len(), 3, "{problems:#?}");
    for expected in [
        "missing.png answers 404",
        "outside the site's path",
        "no element with id \"nope\"",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected}: {problems:#?}"
        );
    }
    assert_eq!(
        served.get("/innbok/a").status,
        301,
        "folders without / are redirected"
    );
}

fn text_of(doc: &Html, css: &str, attr: Option<&str>) -> Option<String> {
    let sel = Selector::parse(css).unwrap();
    let el = doc.select(&sel).next()?;
    Some(match attr {
        Some(a) => el.value().attr(a)?.to_string(),
        None => el.text().collect(),
    })
}

#[test]
fn real_graph_metadata_sitemap_and_old_links() {
    let Some(dir) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing")
    };
    let out = tempfile::tempdir().unwrap();
    let bound = server::bind();
    let base = format!("{}{PREFIX}", bound.origin);
    build(&dir, out.path(), &base);
    let loaded = common::load_graph(&dir, 2);
    let graph = &loaded.graph;
    // The home page (config.edn's :default-home) is published at the root; its slug redirects.
    let home = graph.link_target("dashboard");
    assert!(home.is_some());
    let mut problems = Vec::new();
    for (id, page) in graph.pages.iter().enumerate() {
        let html = std::fs::read_to_string(out.path().join(&page.slug).join("index.html")).unwrap();
        let doc = Html::parse_document(&html);
        let title = text_of(&doc, "title", None).unwrap_or_default();
        let desc = text_of(&doc, "meta[name=description]", Some("content")).unwrap_or_default();
        let canonical = text_of(&doc, "link[rel=canonical]", Some("href")).unwrap_or_default();
        if title.trim().is_empty() || desc.trim().is_empty() || !canonical.starts_with(&base) {
            problems.push(format!(
                "{}: title {title:?}, description {desc:?}, canonical {canonical:?}",
                page.slug
            ));
        }
        let noindex = html.contains("<meta name=\"robots\" content=\"noindex\">");
        let should = matches!(page.kind, PageKind::Stub | PageKind::Alias) || Some(id) == home;
        if noindex != should {
            problems.push(format!(
                "{}: noindex {noindex} on a {:?} page",
                page.slug, page.kind
            ));
        }
    }
    fail_on(problems);
    // The sitemap lists every published file page, and no stub or alias.
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    let locs: BTreeSet<String> = xml::sitemap_locs(&sitemap, &base).into_iter().collect();
    let urls = innsite::render::links::Urls::new(&base).with_home(home);
    for (id, page) in graph.pages.iter().enumerate() {
        let listed = locs.contains(&urls.page(graph, id));
        let file = matches!(page.kind, PageKind::File | PageKind::Whiteboard);
        assert_eq!(
            listed, file,
            "{} ({:?}) listed: {listed}",
            page.name, page.kind
        );
    }
    // Old publish-spa links land on the new page in a real browser.
    let served = bound.serve(out.path(), PREFIX);
    let dom = chromium_dom(&format!(
        "{base}index.html#/page/profile-(id)%2Fpersona_info"
    ));
    assert!(
        dom.contains("data-page=\"profile-(id)/persona_info\""),
        "not on the persona page: {}",
        &dom[..dom.len().min(600)]
    );
    drop(served);
}

/// The DOM of `url` after its scripts ran (and any redirect they made), in headless Chromium.
fn chromium_dom(url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let chromium = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok())
        .expect("chromium is installed (test.sh installs it)");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--virtual-time-budget=10000", "--dump-dom", url])
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Copy a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn innsite(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_innsite"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("innsite runs")
}

#[test]
fn init_writes_a_working_github_pages_setup_for_the_real_graph() {
    let Some(graph) = common::innbok() else {
        panic!("../shared/corpus/innbok is missing")
    };
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("innbok");
    copy_tree(&graph, &repo);
    let first = innsite(&repo, &["init"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let site = std::fs::read_to_string(repo.join("site.toml")).unwrap();
    assert!(
        site.contains("home = \"dashboard\"") && site.contains("title = \"innbok\""),
        "{site}"
    );
    let text = std::fs::read_to_string(repo.join(".github/workflows/pages.yml")).unwrap();
    let yaml = &yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML")[0];
    let steps: Vec<&yaml_rust2::Yaml> = yaml["jobs"]
        .as_hash()
        .expect("jobs")
        .values()
        .flat_map(|job| job["steps"].as_vec().expect("steps").iter())
        .collect();
    let official = [
        "checkout",
        "configure-pages",
        "cache",
        "upload-pages-artifact",
        "deploy-pages",
    ];
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    for u in &uses {
        let (name, version) = u.split_once('@').expect("pinned version");
        let ok = name
            .strip_prefix("actions/")
            .is_some_and(|n| official.contains(&n));
        assert!(
            ok && !version.is_empty(),
            "only GitHub's official actions: {u}"
        );
    }
    for needed in ["actions/upload-pages-artifact@", "actions/deploy-pages@"] {
        assert!(
            uses.iter().any(|u| u.starts_with(needed)),
            "{needed} in {uses:?}"
        );
    }
    // Besides the official actions, only innsite: its commit looked up, built from its git
    // repository, and run.
    let others: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        others.iter().all(|r| r.trim_start().starts_with("innsite ")
            || r.contains("cargo install --locked --git \"$INNSITE_GIT\"")
            || r.contains("git ls-remote \"$INNSITE_GIT\"")),
        "{others:?}"
    );
    assert_eq!(
        yaml["env"]["INNSITE_GIT"].as_str(),
        Some(env!("CARGO_PKG_REPOSITORY"))
    );
    // The build step, run here as the workflow runs it.
    let build = steps
        .iter()
        .find(|s| s["name"].as_str() == Some("Build the site"))
        .and_then(|s| s["run"].as_str())
        .expect("a build step");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_innsite")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = Command::new("bash")
        .args(["-euo", "pipefail", "-c", build])
        .current_dir(&repo)
        .env("PATH", path)
        .env("BASE_URL", "https://user.github.io/innbok")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
        })
        .and_then(|s| s["with"]["path"].as_str())
        .unwrap();
    let sitemap = std::fs::read_to_string(repo.join(upload).join("sitemap.xml")).unwrap();
    assert!(xml::sitemap_locs(&sitemap, "https://user.github.io/innbok/").len() > 1_000);
    // Existing files are kept unless --force.
    std::fs::write(repo.join("site.toml"), "title = \"mine\"\n").unwrap();
    let again = innsite(&repo, &["init"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("refusing to overwrite"));
    assert_eq!(
        std::fs::read_to_string(repo.join("site.toml")).unwrap(),
        "title = \"mine\"\n"
    );
    assert!(innsite(&repo, &["init", "--force"]).status.success());
    assert_eq!(
        std::fs::read_to_string(repo.join("site.toml")).unwrap(),
        site
    );
}
