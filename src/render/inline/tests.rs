//! Tests of Logseq constructs in block text, with a host that returns recognisable HTML.

use super::*;
use crate::render::markdown::{escape, RawHtml};
use scraper::{Html, Selector};
use std::cell::RefCell;

#[derive(Default)]
struct Host {
    calls: RefCell<Vec<String>>,
}

impl Host {
    fn log(&self, call: String) {
        self.calls.borrow_mut().push(call);
    }
}

impl InlineHost for Host {
    fn page_ref(&self, name: &str, label: Option<&str>) -> String {
        self.log(format!("page_ref {name}"));
        format!(
            "<a class=\"page-ref\" data-ref=\"{}\">{}</a>",
            escape(&name.to_lowercase()),
            escape(label.unwrap_or(name))
        )
    }
    fn tag(&self, name: &str) -> String {
        format!(
            "<a class=\"tag\" data-ref=\"{}\">#{}</a>",
            escape(&name.to_lowercase()),
            escape(name)
        )
    }
    fn block_ref(&self, uuid: &str) -> String {
        format!("<span class=\"block-ref\">{}</span>", escape(uuid))
    }
    fn embed(&self, target: EmbedTarget<'_>) -> String {
        match target {
            EmbedTarget::Page(name) => {
                format!("<div class=\"embed\" data-ref=\"{}\">E</div>", escape(name))
            }
            EmbedTarget::Block(uuid) => {
                format!("<div class=\"embed-block\">{}</div>", escape(uuid))
            }
            EmbedTarget::Empty => String::new(),
        }
    }
    fn query(&self, text: &str, advanced: bool) -> String {
        format!(
            "<div class=\"query\" data-advanced=\"{advanced}\">{}</div>",
            escape(text.trim())
        )
    }
    fn macro_call(&self, name: &str, args: &str) -> String {
        format!(
            "<div class=\"macro\">{}|{}</div>",
            escape(name),
            escape(args)
        )
    }
    fn asset_url(&self, name: &str) -> Option<String> {
        name.starts_with("present")
            .then(|| format!("/_assets/{name}"))
    }
    fn rewrite_link(&self, url: &str) -> Option<String> {
        self.log(format!("rewrite_link {url}"));
        url.contains("go.innbok.com/#/page/")
            .then(|| "/solution-id/info/".to_string())
    }
}

fn md() -> Markdown {
    Markdown::new(RawHtml::Sanitize)
}

/// Render a block and check the invariants every output must keep.
fn render(text: &str) -> String {
    let html = block_html(&md(), text, &Host::default());
    assert_clean(&html);
    html
}

fn assert_clean(html: &str) {
    assert!(
        !html.chars().any(|c| ('\u{E000}'..='\u{E01F}').contains(&c)),
        "placeholder leaked: {html:?}"
    );
    let doc = Html::parse_fragment(html);
    let nested = Selector::parse("p div, p aside, p pre, p blockquote, p ul").expect("selector");
    assert!(
        doc.select(&nested).next().is_none(),
        "block element inside <p>: {html}"
    );
}

#[test]
fn page_refs_labels_tags_and_block_refs() {
    let html = render("see [[Business]], [Apprise]([[keys (weight)]]) #questions #[[multi word]] ((644776aa-dd69-4c31-b66d-183979c4716f))");
    assert!(
        html.contains("<a class=\"page-ref\" data-ref=\"business\">Business</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a class=\"page-ref\" data-ref=\"keys (weight)\">Apprise</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a class=\"tag\" data-ref=\"questions\">#questions</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a class=\"tag\" data-ref=\"multi word\">#multi word</a>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"block-ref\">644776aa-dd69-4c31-b66d-183979c4716f</span>"),
        "{html}"
    );
    assert!(!html.contains("[["), "{html}");
}

#[test]
fn refs_inside_markdown_emphasis() {
    let html = render("**[[goal]] matters**");
    assert_eq!(
        html,
        "<p><strong><a class=\"page-ref\" data-ref=\"goal\">goal</a> matters</strong></p>\n"
    );
}

#[test]
fn code_keeps_logseq_syntax_literal_and_skips_the_host() {
    let host = Host::default();
    let html = block_html(&md(), "`[[x]]` and\n```\n{{embed [[y]]}} #tag\n```", &host);
    assert_clean(&html);
    assert!(html.contains("<code>[[x]]</code>"), "{html}");
    assert!(html.contains("{{embed [[y]]}} #tag"), "{html}");
    assert!(host.calls.borrow().is_empty(), "{:?}", host.calls.borrow());
}

#[test]
fn embed_alone_replaces_its_paragraph() {
    let html = render("{{embed [[artifact/list]]}}");
    assert_eq!(
        html,
        "<div class=\"embed\" data-ref=\"artifact/list\">E</div>\n"
    );
}

#[test]
fn embed_between_lines_splits_the_paragraph() {
    let html = render("before\n{{embed [[x]]}}\nafter **b**");
    assert_eq!(html, "<p>before</p>\n<div class=\"embed\" data-ref=\"x\">E</div>\n<p>after <strong>b</strong></p>\n");
}

#[test]
fn empty_embed_renders_nothing() {
    assert_eq!(render("{{embed [[]]}}").trim(), "");
}

#[test]
fn queries_and_macros_are_block_level() {
    let html = render("{{query (property :innbok-key-rating)}}");
    assert_eq!(
        html,
        "<div class=\"query\" data-advanced=\"false\">(property :innbok-key-rating)</div>\n"
    );
    let html = render("#+BEGIN_QUERY\n{:query [:find (pull ?b [*]) :where [?b :block/marker \"TODO\"]]}\n#+END_QUERY");
    assert!(
        html.starts_with(
            "<div class=\"query\" data-advanced=\"true\">{:query [:find (pull ?b [*])"
        ),
        "{html}"
    );
    let html = render("{{renderer :tocgen2, [[business info]], calc(100vh - 135px)}}");
    assert!(html.starts_with("<div class=\"macro\">renderer|"), "{html}");
}

#[test]
fn admonition_renders_inner_markdown() {
    let html = render("#+BEGIN_TIP\nUse **this** with [[x]]\n#+END_TIP");
    assert_eq!(
        html,
        "<aside class=\"admonition tip\" role=\"note\"><p class=\"admonition-title\">Tip</p><p>Use <strong>this</strong> with <a class=\"page-ref\" data-ref=\"x\">x</a></p>\n</aside>\n"
    );
}

#[test]
fn admonition_after_text_and_nested_quote() {
    let html = render("intro\n#+begin_note\n#+BEGIN_QUOTE\nq\n#+END_QUOTE\n#+end_note\nouter");
    assert!(html.starts_with("<p>intro</p>\n<aside class=\"admonition note\" role=\"note\"><p class=\"admonition-title\">Note</p><blockquote><p>q</p>\n</blockquote>\n</aside>"), "{html}");
    assert!(html.ends_with("<p>outer</p>\n"), "{html}");
}

#[test]
fn example_src_and_unknown_blocks() {
    let html = render("#+BEGIN_EXAMPLE\n  <b>[[x]]</b>\n#+END_EXAMPLE");
    assert_eq!(
        html,
        "<pre class=\"example\"><code>&lt;b&gt;[[x]]&lt;/b&gt;\n</code></pre>\n"
    );
    let html = render("#+BEGIN_SRC rust\nfn main() {}\n#+END_SRC");
    assert!(
        html.starts_with("<pre class=\"code highlighted\"><code class=\"language-rust\">"),
        "{html}"
    );
    let html = render("#+BEGIN_CENTER\n*c*\n#+END_CENTER");
    assert_eq!(
        html,
        "<div class=\"block-center\"><p><em>c</em></p>\n</div>\n"
    );
}

#[test]
fn unclosed_begin_stays_text() {
    assert_eq!(
        render("#+BEGIN_TIP\nno end"),
        "<p>#+BEGIN_TIP<br />\nno end</p>\n"
    );
}

#[test]
fn hostile_input_is_neutralised() {
    let text = "<script>alert(1)</script>\n\n<img src=\"https://e.com/x.png\" onerror=\"alert(1)\"> [j](javascript:alert(1)) <a href=\"javascript:alert(2)\">k</a>\n\n<iframe src=\"https://evil.example/\"></iframe> <a href=\"[[x \\\" onclick=y]]\">q</a>";
    let html = render(text);
    let doc = Html::parse_fragment(&html);
    let all = Selector::parse("*").expect("selector");
    for el in doc.select(&all) {
        let name = el.value().name();
        assert!(name != "script" && name != "iframe", "{name} in {html}");
        for (attr, value) in el.value().attrs() {
            assert!(!attr.starts_with("on"), "{attr} in {html}");
            assert!(
                !value.to_ascii_lowercase().contains("javascript:"),
                "{value} in {html}"
            );
        }
    }
}

#[test]
fn assets_resolve_or_are_marked_missing() {
    let html = render("![lean canvas.png](../assets/present_x·y,z+1.png) ![v](../../../../assets/value_proposition_designer_draft_1680993099071_0.jpg) [index.html](../assets/index_1697710770214_0.html)");
    assert!(html.contains("<img src=\"/_assets/present_x%C2%B7y,z+1.png\" alt=\"lean canvas.png\" loading=\"lazy\" decoding=\"async\">"), "{html}");
    assert!(
        html.contains("<span class=\"asset-missing\" title=\"missing asset: value_proposition_designer_draft_1680993099071_0.jpg\">v</span>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"asset-missing\" title=\"missing asset: index_1697710770214_0.html\">index.html</span>"), "{html}");
}

#[test]
fn old_site_links_are_rewritten_and_file_links_dropped() {
    let host = Host::default();
    let text = "[help](https://go.innbok.com/#/page/solution-%28id%29%2Finfo) [Open exported graph](file:///S:/Logseq/inn%20V0.10.02/export/)";
    let html = block_html(&md(), text, &host);
    assert_clean(&html);
    assert!(
        html.contains("<a href=\"/solution-id/info/\">help</a>"),
        "{html}"
    );
    assert!(
        html.contains("Open exported graph") && !html.contains("file:"),
        "{html}"
    );
    assert!(
        host.calls
            .borrow()
            .iter()
            .any(|c| c.starts_with("rewrite_link file:///")),
        "the host sees the dropped link"
    );
}

#[test]
fn url_with_spaces_is_percent_encoded() {
    // LOGSEQ.md §11.23, inn/plastilinn/innBoK/artifacts/web___examples___Space X.md
    let html =
        render("[### Space X](https://www.Space X.com/) [deck](https://e.com/Space X deck.pdf)");
    // The host name itself holds the space: no browser can open it, so the text stays, unlinked.
    assert!(html.starts_with("<p>### Space X "), "{html}");
    assert!(html.contains("<a href=\"https://e.com/Space%20X%20deck.pdf\" class=\"external\" rel=\"noopener\">deck</a>"), "{html}");
    assert_eq!(
        bracket_spaced_urls("[a](https://x.com \"title\")"),
        "[a](https://x.com \"title\")"
    );
}

#[test]
fn title_html_is_inline() {
    let host = Host::default();
    let html = title_html(&md(), "[[Lean Canvas whiteboard]] and **b**", &host);
    assert_eq!(html, "<a class=\"page-ref\" data-ref=\"lean canvas whiteboard\">Lean Canvas whiteboard</a> and <strong>b</strong>");
    let iframe = title_html(&md(), "<iframe src=\"https://docs.google.com/spreadsheets/d/1/edit?usp=sharing\" height=\"800px\"></iframe>", &host);
    assert!(
        iframe.starts_with("<iframe ") && iframe.contains("docs.google.com"),
        "{iframe}"
    );
}

#[test]
fn page_ref_inside_a_link_label_does_not_nest_anchors() {
    let html = render("[see [[x]]](https://e.com)");
    let doc = Html::parse_fragment(&html);
    let nested = Selector::parse("a a").expect("selector");
    assert!(doc.select(&nested).next().is_none(), "{html}");
}

/// LOGSEQ.md §11.25/§11.26: the essay heading of
/// `inn/plastilinn/innBoK/topics/topic___Validation___Identify the risks.md:2` with its malformed
/// `<ul><li>…</li></ul><li>…</li></ul>` lists comes out well-formed.
#[test]
fn essay_heading_with_malformed_lists_is_well_formed() {
    let path = "/work/shared/corpus/innbok/inn/plastilinn/innBoK/topics/topic___Validation___Identify the risks.md";
    let Ok(file) = std::fs::read_to_string(path) else {
        eprintln!("corpus not available; skipped");
        return;
    };
    let line = file.lines().nth(1).expect("line 2");
    let title = line.trim_start_matches("- ").trim_start_matches("### ");
    let html = title_html(&md(), title, &Host::default());
    assert_clean(&html);
    // Balanced: re-parsing and re-serializing changes nothing.
    let doc = Html::parse_fragment(&html);
    assert_eq!(doc.root_element().inner_html(), html);
    assert_eq!(html.matches("<ul>").count(), html.matches("</ul>").count());
    assert_eq!(html.matches("<li>").count(), html.matches("</li>").count());
    assert!(html.matches("<li>").count() >= 6, "{html}");
    // Inside the heading the view wraps it in, all the text stays in the heading.
    let page = Html::parse_fragment(&format!("<h4 class=\"block-heading\">{html}</h4>"));
    let h4 = page
        .select(&Selector::parse("h4").expect("selector"))
        .next()
        .expect("h4");
    assert!(h4.text().collect::<String>().contains("Steve Blank"));
    assert_eq!(
        page.select(&Selector::parse("h4").expect("selector"))
            .count(),
        1
    );
}

#[test]
fn snapshot_logseq_block() {
    let text = "Key **questions** for #[[goal]]:\n1. Who is the [[customer]]?\n2. What is the price? ==important==\n{{embed [[goal/list]]}}\n#+BEGIN_TIP\nStart with [risk list](risk list).\n#+END_TIP";
    insta::assert_snapshot!(render(text));
}

#[test]
fn math_becomes_mathml_and_money_stays_text() {
    let html = render("area $\\pi r^2$, and $$\\frac{a}{b}$$ too");
    let doc = Html::parse_fragment(&html);
    let math = Selector::parse("p math").expect("selector");
    let found: Vec<_> = doc.select(&math).collect();
    assert_eq!(found.len(), 2, "{html}");
    assert_eq!(found[0].value().attr("display"), Some("inline"), "{html}");
    assert_eq!(found[1].value().attr("display"), Some("block"), "{html}");
    assert!(
        html.contains("<mi>π</mi>") && html.contains("<mfrac>"),
        "{html}"
    );
    let multi = render("$$\n\\sum_i x_i\n$$");
    assert!(
        multi.contains("<math display=\"block\">") && multi.contains("<munder>")
            || multi.contains("<msub>"),
        "{multi}"
    );
    assert_eq!(
        render("prioritize ($$$$$)? It costs $5 and $10."),
        "<p>prioritize ($$$$$)? It costs $5 and $10.</p>\n"
    );
}

#[test]
fn bad_latex_is_an_escaped_source_box() {
    let html = render("broken $\\frac{a<b$ here");
    let doc = Html::parse_fragment(&html);
    let boxes = Selector::parse("p span.math-error code").expect("selector");
    let code: Vec<String> = doc.select(&boxes).map(|c| c.text().collect()).collect();
    assert_eq!(code, vec!["$\\frac{a<b$".to_string()], "{html}");
    assert!(!html.contains("<math"), "{html}");
}

#[test]
fn priority_badge_links_its_page() {
    let host = Host::default();
    let html = title_html(&md(), "[#A] ship the [[pricing]] page", &host);
    let doc = Html::parse_fragment(&html);
    let badge =
        Selector::parse("span.priority.priority-a > a.page-ref[data-ref=\"a\"]").expect("selector");
    assert_eq!(doc.select(&badge).count(), 1, "{html}");
    assert!(
        !html.contains("[#A]") && !html.contains("class=\"tag\""),
        "{html}"
    );
    assert!(html.contains("data-ref=\"pricing\""), "{html}");
    // Not at the start of the title: text, as in Logseq (and never the tag `A]`).
    let mid = title_html(&md(), "see [#A] later", &Host::default());
    assert!(mid.contains("[#A]") && !mid.contains("priority"), "{mid}");
}

#[test]
fn planning_lines_are_dated_lines() {
    let html = render("SCHEDULED: <2024-01-05 Fri>\nDEADLINE: <2024-01-09 Tue 10:00>\nnotes");
    let doc = Html::parse_fragment(&html);
    let times = Selector::parse("div.timestamp > time").expect("selector");
    let found: Vec<(String, String)> = doc
        .select(&times)
        .map(|t| {
            (
                t.value().attr("datetime").unwrap_or("").to_string(),
                t.text().collect(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("2024-01-05".to_string(), "2024-01-05 Fri".to_string()),
            (
                "2024-01-09T10:00".to_string(),
                "2024-01-09 Tue 10:00".to_string()
            )
        ],
        "{html}"
    );
    assert!(
        !html.contains("SCHEDULED:") && !html.contains("&lt;2024"),
        "{html}"
    );
    assert!(html.contains("<p>notes</p>"), "{html}");
}
