//! What the default templates put on a page: frame, header, sections, the other templates.

use super::*;

#[test]
fn page_frame_has_title_breadcrumb_toc_and_landmarks() {
    let base = site("https://example.org/innbok/");
    let view = page(
        "https://example.org/innbok/",
        "topic/Business/Business model",
    );
    let out = default_theme()
        .render_view(Template::Page, &page_context(&base, &view))
        .unwrap();
    assert!(out.contains("<html lang=\"en\""));
    assert!(
        out.contains("<title>topic/Business/Business model — innBoK</title>"),
        "{out}"
    );
    assert!(out.contains("<link rel=\"canonical\" href=\"https://example.org/innbok/topic/business/business-model/\">"));
    assert!(
        out.contains("<span class=\"page-icon\" aria-hidden=\"true\">💼</span>Business model</h1>")
    );
    assert!(out
        .contains("<li><a href=\"https://example.org/innbok/topic/business/\">Business</a></li>"));
    assert!(out.contains("class=\"toc page-toc\"") && out.contains("href=\"#h-one\""));
    assert!(out.contains("<span class=\"count\">1</span>"));
    assert!(out.contains("<details class=\"references-group\" open>"));
    assert!(out.contains("class=\"page-hierarchy\"") && out.contains("Pages tagged with"));
    assert!(out.contains("rel=\"prev\"") && !out.contains("rel=\"next\""));
    assert!(out.contains("Also known as <a href=\"https://example.org/innbok/bm/\">BM</a>"));
    assert!(out.contains("<meta name=\"description\" content=\"How a business makes money\">"));
    assert!(!out.contains("noindex"));
    for landmark in [
        "<header",
        "<nav",
        "<main",
        "<aside",
        "<footer",
        "class=\"skip-link\"",
    ] {
        assert!(out.contains(landmark), "{landmark}");
    }
}

#[test]
fn toc_needs_two_entries_and_relative_base_has_no_canonical() {
    let base = site("/");
    let mut view = page("/", "x");
    view.toc.truncate(1);
    let out = default_theme()
        .render_view(Template::Page, &page_context(&base, &view))
        .unwrap();
    assert!(!out.contains("page-toc") && !out.contains("has-toc"));
    assert!(!out.contains("rel=\"canonical\""));
}

#[test]
fn stub_is_noindex_and_says_it_has_no_content() {
    let base = site("/");
    let mut view = page("/", "Rocket design");
    view.kind = ViewKind::Stub;
    view.content_html = "<p>never shown</p>".into();
    let out = default_theme()
        .render_view(Template::Stub, &page_context(&base, &view))
        .unwrap();
    assert!(out.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(out.contains("This page has no content of its own."));
    assert!(!out.contains("never shown"));
    assert!(out.contains("Linked references"));
}

#[test]
fn referring_pages_beyond_the_cap_are_linked_after_the_groups() {
    let base = site("/");
    let theme = default_theme();
    let render = |view: &PageView| {
        theme
            .render_view(Template::Page, &page_context(&base, view))
            .unwrap()
    };
    let mut view = page("/", "Rocket design");
    let none = render(&view);
    assert!(!none.contains("references-more"), "nothing beyond the cap");
    view.backlinks_more = vec![LinkView::new("Launch <plan>", "/launch-plan/")];
    let one = render(&view);
    assert!(
        one.contains("1 more page refers to Rocket design:"),
        "{one}"
    );
    assert!(one.contains("<li><a href=\"/launch-plan/\">Launch &lt;plan&gt;</a></li>"));
    view.backlinks_more
        .push(LinkView::new("Budget", "/budget/"));
    let two = render(&view);
    assert!(
        two.contains("2 more pages refer to Rocket design:"),
        "{two}"
    );
    // Inside the references section, after its groups.
    let section = two.find("<section class=\"references\"").unwrap();
    let end = section + two[section..].find("</section>").unwrap();
    let (groups, more) = (
        two.find("class=\"references-group\"").unwrap(),
        two.find("class=\"references-more\"").unwrap(),
    );
    assert!(section < groups && groups < more && more < end);
}

#[test]
fn home_uses_the_site_title() {
    let base = site("/");
    let out = default_theme()
        .render_view(
            Template::Home,
            &page_context(&base, &page("/", "dashboard")),
        )
        .unwrap();
    assert!(out.contains("<title>innBoK</title>"));
    assert!(out.contains("<h1 class=\"page-title site-heading\">innBoK</h1>"));
    assert!(out.contains("The innovation body of knowledge"));
}

#[test]
fn alias_redirects_or_lists_the_owners() {
    let base = site("/");
    let theme = default_theme();
    let redirect = RedirectView {
        title: "artifacts",
        target_title: "artifact",
        target_url: "/artifact/".into(),
        home: false,
    };
    let out = theme
        .render_view(Template::Alias, &redirect_context(&base, &redirect))
        .unwrap();
    assert!(
        out.contains("<meta http-equiv=\"refresh\" content=\"0; url=/artifact/\">"),
        "{out}"
    );
    assert!(out.contains("<link rel=\"canonical\" href=\"/artifact/\">"));
    assert!(out.contains("noindex") && out.contains(">artifact</a>"));
    let items = vec![
        LinkView::new("asset", "/asset/"),
        LinkView::new("assets (finance)", "/assets-finance/"),
    ];
    let list = ListView {
        title: "assets".into(),
        intro: None,
        items,
        ranked: vec![],
    };
    let out = theme
        .render_view(Template::Alias, &list_context(&base, &list, ""))
        .unwrap();
    assert!(!out.contains("http-equiv"));
    assert!(out.contains("Which page did you mean?") && out.contains("href=\"/assets-finance/\""));
}

#[test]
fn favorites_mark_the_current_page() {
    let base = site("/");
    let mut view = page("/", "artifact");
    view.url = Cow::Borrowed("/artifact/");
    let out = default_theme()
        .render_view(Template::Page, &page_context(&base, &view))
        .unwrap();
    assert!(
        out.contains("<a href=\"/artifact/\" aria-current=\"page\">"),
        "{out}"
    );
    let list = ListView {
        title: "All pages".into(),
        intro: None,
        items: vec![],
        ranked: vec![],
    };
    let out = default_theme()
        .render_view(Template::AllPages, &list_context(&base, &list, ""))
        .unwrap();
    assert!(!out.contains("aria-current"));
}

#[test]
fn a_link_without_url_is_plain_text() {
    let base = site("/");
    let mut view = page("/", "a/b/c");
    view.breadcrumb[0].url = Cow::Borrowed("");
    let out = default_theme()
        .render_view(Template::Page, &page_context(&base, &view))
        .unwrap();
    assert!(
        out.contains("<li><span class=\"no-page\">topic</span></li>"),
        "{out}"
    );
    assert!(!out.contains("href=\"\""));
}
