use super::*;
use crate::render::view::*;
use std::borrow::Cow;

fn site(base: &str) -> SiteView<'_> {
    let favorites =
        vec![LinkView::new("artifact", format!("{base}artifact/")).with_icon(Some("🧿"))];
    SiteView {
        title: "innBoK",
        description: "The innovation body of knowledge",
        base_url: base,
        language: "en",
        favorites_html: favorites_html(&favorites, ""),
        favorites,
        all_pages_url: Cow::Owned(format!("{base}_all/")),
        tags_url: Some(Cow::Owned(format!("{base}_tags/"))),
        journals_url: None,
        stylesheets: vec![],
        generator_version: "0.1.0",
        feed_url: None,
        search_url: None,
        context: Default::default(),
    }
}

fn page<'a>(base: &str, title: &'a str) -> PageView<'a> {
    let toc = |n: &str| TocEntry {
        level: 2,
        title: n.to_string(),
        anchor: format!("h-{n}"),
    };
    PageView {
        key: "topic/business/business model",
        title,
        icon: Some("💼"),
        url: Cow::Owned(format!("{base}topic/business/business-model/")),
        kind: ViewKind::File,
        breadcrumb: vec![
            LinkView::new("topic", format!("{base}topic/")),
            LinkView::new("Business", format!("{base}topic/business/")),
            LinkView::new(
                "Business model",
                format!("{base}topic/business/business-model/"),
            )
            .as_current(),
        ],
        properties_html: Some(
            "<dl class=\"page-properties\"><dt>weight</dt><dd>70</dd></dl>".into(),
        ),
        also_known_as: vec![LinkView::new("BM", format!("{base}bm/"))],
        alias_of: vec![],
        content_html:
            "<ul class=\"blocks\"><li class=\"ls-block\">{{ get_env(name=\"HOME\") }}</li></ul>"
                .into(),
        toc_html: crate::render::view::toc_html(&[toc("one"), toc("two")]),
        toc: vec![toc("one"), toc("two")],
        backlinks: vec![BacklinkGroup {
            page: LinkView::new("key console", format!("{base}key-console/")),
            blocks_html: "<ul class=\"blocks\"><li class=\"ls-block\">ref</li></ul>".into(),
        }],
        backlinks_more: vec![],
        backlink_count: 1,
        hierarchy: vec![LinkView::new(
            "topic/Business/Business model/Canvas",
            format!("{base}topic/c/"),
        )],
        tagged: vec![LinkView::new("Lean Canvas", format!("{base}lean-canvas/"))],
        prev: Some(LinkView::new("Business", format!("{base}topic/business/"))),
        next: None,
        noindex: false,
        nav_html: format!(
            "<ul class=\"nav-tree\"><li><a href=\"{base}topic/\">topic</a></li></ul>"
        ),
        description: "How a business makes money".into(),
    }
}

fn default_theme() -> Theme {
    let dir = tempfile::tempdir().unwrap();
    Theme::load(dir.path(), "default").unwrap()
}

/// Every `href`, `src`, `data-src` and refresh URL in the output.
fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " data-src=\"", "; url="] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].to_string());
        }
    }
    out
}

#[test]
fn embedded_theme_loads_with_static_files() {
    let theme = default_theme();
    let names: Vec<&str> = theme
        .static_files()
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "favicon.svg",
            "graph.js",
            "innsite-search.js",
            "innsite.css",
            "innsite.js",
            "preview.js"
        ]
    );
    for t in Template::ALL {
        assert!(theme.tera.contains_template(t.file()), "{}", t.file());
    }
}

#[test]
fn every_file_of_the_default_theme_is_embedded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let templates: Vec<String> = files_under(&dir.join("templates"))
        .unwrap()
        .into_iter()
        .map(|f| f.0)
        .collect();
    let embedded: Vec<&str> = DEFAULT_TEMPLATES.iter().map(|t| t.0).collect();
    assert_eq!(templates, embedded);
    let statics: Vec<String> = files_under(&dir.join("static"))
        .unwrap()
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(
        statics,
        DEFAULT_STATIC.iter().map(|t| t.0).collect::<Vec<_>>()
    );
}

#[test]
fn static_files_stay_small() {
    for (name, bytes) in DEFAULT_STATIC {
        // The stylesheet and innsite.js load on every page; the site graph's script
        // (graph.js) only on `_graph/`.
        let limit = match *name {
            n if n.ends_with(".css") => 36_000,
            "graph.js" => 12_000,
            _ => 8_000,
        };
        assert!(bytes.len() < limit, "{name} is {} bytes", bytes.len());
    }
}

#[test]
fn site_theme_overrides_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let theme_dir = dir.path().join("themes/mine");
    std::fs::create_dir_all(theme_dir.join("templates")).unwrap();
    std::fs::create_dir_all(theme_dir.join("static/img")).unwrap();
    std::fs::write(
        theme_dir.join("templates/404.html"),
        "custom 404 for {{ site.title }}",
    )
    .unwrap();
    std::fs::write(theme_dir.join("static/innsite.css"), "body{}").unwrap();
    std::fs::write(theme_dir.join("static/img/logo.svg"), "<svg/>").unwrap();
    std::fs::write(theme_dir.join("static/.DS_Store"), "x").unwrap();
    let theme = Theme::load(dir.path(), "mine").unwrap();
    let out = theme
        .render_view(Template::NotFound, &not_found_context(&site("/"), ""))
        .unwrap();
    assert_eq!(out, "custom 404 for innBoK");
    let files = theme.static_files();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"img/logo.svg"), "{names:?}");
    let css = names.iter().position(|n| *n == "innsite.css").unwrap();
    assert_eq!(files[css].1, b"body{}");
    // The other templates are still the embedded ones.
    assert!(theme
        .render_view(Template::Page, &page_context(&site("/"), &page("/", "x")))
        .is_ok());
}

#[test]
fn favorites_are_in_the_sidebar_and_a_favorite_page_marks_its_own_link() {
    let theme = default_theme();
    let site = site("/");
    let favorites = |html: &str| -> Vec<(String, bool)> {
        let doc = scraper::Html::parse_document(html);
        let sel = scraper::Selector::parse("nav.site-nav .nav-favorites li a").unwrap();
        doc.select(&sel)
            .map(|a| {
                let text = a.text().collect::<String>();
                (text, a.value().attr("aria-current") == Some("page"))
            })
            .collect()
    };
    let other = theme
        .render_view(Template::Page, &page_context(&site, &page("/", "x")))
        .unwrap();
    assert_eq!(favorites(&other), [("🧿artifact".to_string(), false)]);
    let mut own = page("/", "artifact");
    own.url = Cow::Borrowed("/artifact/");
    let own = theme
        .render_view(Template::Page, &page_context(&site, &own))
        .unwrap();
    assert_eq!(favorites(&own), [("🧿artifact".to_string(), true)]);
    let none = theme
        .render_view(Template::NotFound, &not_found_context(&site, ""))
        .unwrap();
    assert_eq!(favorites(&none), [("🧿artifact".to_string(), false)]);
}

#[test]
fn broken_override_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("page.html"), "{% if %}").unwrap();
    let err = format!("{:#}", Theme::load(dir.path(), "default").unwrap_err());
    assert!(
        err.contains(&templates.join("page.html").display().to_string()),
        "{err}"
    );
    assert!(err.contains("template syntax error"), "{err}");
    assert!(err.contains("1:"), "Tera's position is kept: {err}");
}

#[test]
fn missing_or_odd_theme_names_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let err = Theme::load(dir.path(), "nope").unwrap_err().to_string();
    assert!(err.contains("theme 'nope' not found"), "{err}");
    assert!(Theme::load(dir.path(), "../etc").is_err());
    assert!(Theme::load(dir.path(), "").is_err());
}

#[test]
fn render_error_names_the_template() {
    let err = default_theme()
        .render("page.html", &tera::Context::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("'page.html'"), "{err}");
    assert!(default_theme()
        .render("nope.html", &tera::Context::new())
        .is_err());
}

#[test]
fn text_is_escaped_and_note_html_is_not_a_template() {
    let base = site("/");
    let view = page("/", "<script>alert(1)</script>");
    let out = default_theme()
        .render_view(Template::Page, &page_context(&base, &view))
        .unwrap();
    assert!(!out.contains("<script>alert"), "title must be escaped");
    assert!(
        out.contains("&lt;script&gt;alert(1)&lt;/script&gt; — innBoK</title>"),
        "{out}"
    );
    assert!(
        out.contains("{{ get_env(name=\"HOME\") }}"),
        "note text printed literally"
    );
    assert!(
        out.contains("<dl class=\"page-properties\">"),
        "*_html inserted as HTML"
    );
}

#[test]
fn every_internal_url_starts_with_a_sub_path_base() {
    let base = site("/sub/");
    let theme = default_theme();
    let view = page("/sub/", "topic/Business/Business model");
    let list = ListView {
        title: "All pages".into(),
        intro: None,
        items: vec![LinkView::new("a", "/sub/a/")],
        ranked: vec![],
    };
    let redirect = RedirectView {
        title: "bm",
        target_title: "Business model",
        target_url: "/sub/b/".into(),
        home: false,
    };
    let outputs = [
        theme
            .render_view(Template::Page, &page_context(&base, &view))
            .unwrap(),
        theme
            .render_view(Template::Stub, &page_context(&base, &view))
            .unwrap(),
        theme
            .render_view(Template::Home, &page_context(&base, &view))
            .unwrap(),
        theme
            .render_view(Template::AllPages, &list_context(&base, &list, ""))
            .unwrap(),
        theme
            .render_view(Template::Tags, &list_context(&base, &list, ""))
            .unwrap(),
        theme
            .render_view(Template::Alias, &redirect_context(&base, &redirect))
            .unwrap(),
        theme
            .render_view(Template::NotFound, &not_found_context(&base, ""))
            .unwrap(),
    ];
    for out in &outputs {
        let found = urls(out);
        assert!(found.len() >= 4, "{found:?}");
        for url in found {
            assert!(
                url.starts_with("/sub/") || url.starts_with('#'),
                "{url} in {out}"
            );
        }
        assert!(out.contains("data-base=\"/sub/\""));
        assert!(out.contains("href=\"/sub/_static/innsite.css\""));
    }
}

#[test]
fn escape_keeps_slashes_and_escapes_markup() {
    assert_eq!(
        escape_html("/a/b?x=1&y=\"2\" <i>'"),
        "/a/b?x=1&amp;y=&quot;2&quot; &lt;i&gt;&#39;"
    );
}

mod pages;

#[test]
fn safe_inserts_strings_as_written_and_other_values_as_tera_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("themes/mine/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("404.html"),
        "{{ html | safe }}|{{ html }}|{{ n | safe }}|{{ list | safe }}|{{ short | safe | upper }}|{% if html | safe %}yes{% endif %}",
    )
    .unwrap();
    let theme = Theme::load(dir.path(), "mine").unwrap();
    let mut ctx = tera::Context::new();
    ctx.insert(
        "html",
        "<b>bold</b> & more than a short string's inline bytes",
    );
    ctx.insert("n", &3.5);
    ctx.insert("list", &["<i>", "b"]);
    ctx.insert("short", "<p>");
    let out = theme.render_view(Template::NotFound, &ctx).unwrap();
    assert_eq!(
        out,
        "<b>bold</b> & more than a short string's inline bytes|&lt;b&gt;bold&lt;/b&gt; &amp; more than a short string&#39;s inline bytes|3.5|[\"<i>\", \"b\"]|<P>|yes"
    );
}
