//! Tests of the markdown engine on plain markdown (no Logseq constructs).

use super::*;

fn md() -> Markdown {
    Markdown::new(RawHtml::Sanitize)
}

fn block(text: &str) -> String {
    md().block(text)
}

#[test]
fn engine_is_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Markdown>();
}

#[test]
fn gfm_table() {
    let html = block("| Riesgo | Descripción |\n|---|:-:|\n| a | **b** |");
    assert!(
        html.contains("<table>") && html.contains("<th>Riesgo</th>"),
        "{html}"
    );
    assert!(
        html.contains("<td align=\"center\"><strong>b</strong></td>"),
        "{html}"
    );
}

#[test]
fn footnote() {
    let html = block("Text[^1].\n\n[^1]: The note.");
    assert!(
        html.contains("<sup class=\"footnote-ref\"><a href=\"#fn-1\""),
        "{html}"
    );
    assert!(html.contains("<section class=\"footnotes\""), "{html}");
    assert!(html.contains("The note."), "{html}");
}

#[test]
fn strikethrough_and_highlight() {
    assert_eq!(
        block("~~gone~~ ==marked=="),
        "<p><del>gone</del> <mark>marked</mark></p>\n"
    );
}

#[test]
fn bare_url_is_autolinked() {
    let html = block("see https://stackedit.io/app# now");
    assert_eq!(html, "<p>see <a href=\"https://stackedit.io/app#\" class=\"external\" rel=\"noopener\">https://stackedit.io/app#</a> now</p>\n");
}

#[test]
fn line_breaks_are_kept() {
    assert_eq!(block("one\ntwo"), "<p>one<br />\ntwo</p>\n");
}

#[test]
fn indented_continuation_is_not_code() {
    // LOGSEQ.md §3.4: 3,509 continuation lines start with 4+ spaces.
    let html = block("Title\n\n     Fundraising and capital **raised**\n        more");
    assert!(!html.contains("<pre") && !html.contains("<code"), "{html}");
    assert!(
        html.contains("<p>Fundraising and capital <strong>raised</strong><br />\nmore</p>"),
        "{html}"
    );
}

#[test]
fn nested_list_indentation_still_nests() {
    let html = block("- a\n    - b");
    assert!(html.contains("<li>a\n<ul>\n<li>b</li>"), "{html}");
}

#[test]
fn no_smart_punctuation() {
    assert_eq!(
        block("\"quoted\" -- it's"),
        "<p>&quot;quoted&quot; -- it's</p>\n"
    );
}

#[test]
fn accidental_display_math_stays_literal() {
    // LOGSEQ.md §11.24, inn/plastilinn/innBoK/markers/risk.md:3
    assert_eq!(block("prioritize ($$$$$)?"), "<p>prioritize ($$$$$)?</p>\n");
}

#[test]
fn find_replace_damage_stays_verbatim() {
    // LOGSEQ.md §11.22: ` inform` became `_inform` in 124 files.
    let html = block(
        "to make_informed decisions and_inform them\n_information and Decision-Making Preferences:",
    );
    assert_eq!(html, "<p>to make_informed decisions and_inform them<br />\n_information and Decision-Making Preferences:</p>\n");
}

#[test]
fn fences_are_highlighted_and_keep_text_literal() {
    let html = block("```rust\nlet x = \"[[x]]\";\n```");
    assert!(
        html.starts_with("<pre class=\"code highlighted\"><code class=\"language-rust\">"),
        "{html}"
    );
    assert!(html.contains("[[x]]") && !html.contains("<p>"), "{html}");
    let plain = block("```jsx\n<b>x</b>\n```");
    assert_eq!(
        plain,
        "<pre class=\"code\"><code class=\"language-jsx\">&lt;b&gt;x&lt;/b&gt;\n</code></pre>\n"
    );
}

#[test]
fn inline_has_no_paragraph_and_no_block_syntax() {
    let m = md();
    assert_eq!(
        m.inline("**Customer** Segments"),
        "<strong>Customer</strong> Segments"
    );
    assert_eq!(m.inline("1. first"), "1. first");
    assert_eq!(m.inline("> not a quote"), "&gt; not a quote");
    assert_eq!(m.inline("    indented"), "indented");
}

#[test]
fn links_are_marked_external_and_encoded() {
    let html = block("[a](<https://e.com/x y·z>) [b](<https://www.Space X.com/>) [c](/local)");
    assert!(
        html.contains(
            "<a href=\"https://e.com/x%20y%C2%B7z\" class=\"external\" rel=\"noopener\">a</a>"
        ),
        "{html}"
    );
    // A space in the host name cannot be reached by any browser: the text stays, not the link.
    assert!(html.contains(" b "), "{html}");
    assert!(html.contains("<a href=\"/local\">c</a>"), "{html}");
}

#[test]
fn unsafe_markdown_links_become_text() {
    let html = block("[x](javascript:alert(1)) [f](file:///S:/Logseq/x) <vbscript:y>");
    assert!(!html.contains("<a"), "{html}");
    assert!(html.contains("x") && html.contains("f"), "{html}");
}

#[test]
fn markdown_image_is_lazy() {
    let html = block("![a \"b\"](https://e.com/a b.png)");
    assert!(html.contains("https://e.com/a"), "{html}");
    let html = block("![a](<https://e.com/a b.png> \"t\")");
    assert_eq!(html, "<p><img src=\"https://e.com/a%20b.png\" alt=\"a\" title=\"t\" loading=\"lazy\" decoding=\"async\"></p>\n");
    assert_eq!(block("![x](javascript:alert(1))"), "<p>x</p>\n");
}

#[test]
fn hostile_raw_html_is_cleaned() {
    let html = block("<script>alert(1)</script>\n\nok <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">j</a>\n\n<iframe src=\"https://evil.example/\"></iframe>");
    for bad in ["<script", "onerror", "javascript:", "<iframe", "evil"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(html.contains("ok "), "{html}");
}

#[test]
fn youtube_iframe_survives() {
    let html = block("<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/6DTK9yDP6p0\" title=\"YouTube video player\" frameborder=\"0\" allowfullscreen></iframe>");
    assert!(
        html.contains("<iframe ") && html.contains("loading=\"lazy\""),
        "{html}"
    );
}

#[test]
fn escape_policy_shows_raw_html_as_text() {
    let m = Markdown::new(RawHtml::Escape);
    assert_eq!(
        m.block("a <b>bold</b>"),
        "<p>a &lt;b&gt;bold&lt;/b&gt;</p>\n"
    );
    assert!(!m.block("<script>x</script>").contains("<script"));
}

#[test]
fn reserved_characters_in_input_never_reach_the_output() {
    let html = block("a \u{E000}\u{E010}\u{E001} b\u{E002}");
    assert!(
        !html.chars().any(|c| ('\u{E000}'..='\u{E01F}').contains(&c)),
        "{html:?}"
    );
}

#[test]
fn deep_nesting_does_not_overflow_a_small_stack() {
    let quotes = ">".repeat(5_000) + " deep";
    let html_tags = "<ul><li>".repeat(5_000);
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let m = md();
            (m.block(&quotes).len(), m.block(&html_tags).len())
        })
        .expect("spawn");
    let (a, b) = handle.join().expect("no stack overflow");
    assert!(a > 0 && b > 0);
}

#[test]
fn pathologically_nested_raw_html_is_shown_as_text() {
    let html = block(&"<ul><li>".repeat(600));
    assert!(
        html.starts_with("<p>&lt;ul&gt;&lt;li&gt;"),
        "{}",
        &html[..80.min(html.len())]
    );
}

/// RELIABILITY.md case 3: doubling a pathological input at most ~doubles the time.
#[test]
fn pathological_inputs_stay_near_linear() {
    let m = md();
    type Make = fn(usize) -> String;
    let inputs: [(usize, Make); 4] = [
        (4_000, |n| ">".repeat(n) + " deep"),
        (4_000, |n| "<ul><li>".repeat(n)),
        (4_000, |n| "[".repeat(n) + &"((".repeat(n)),
        (1_000, |n| "a [[b]] **c** <b>d</b>\n".repeat(n)),
    ];
    let timed = |text: &str| {
        let t = std::time::Instant::now();
        m.block(text);
        t.elapsed()
    };
    for (i, (n, make)) in inputs.iter().enumerate() {
        let (a, b) = (make(*n), make(2 * n));
        // Interleaved, best of five: noise from other tests hits both sizes alike.
        let (mut small, mut large) = (std::time::Duration::MAX, std::time::Duration::MAX);
        for _ in 0..5 {
            small = small.min(timed(&a));
            large = large.min(timed(&b));
        }
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        assert!(
            ratio < 2.5 || large.as_millis() < 50,
            "input {i}: {small:?} → {large:?}"
        );
    }
}

#[test]
fn snapshot_representative_block() {
    let text =
        "**beneficio** and *x*\n\n1. first\n2. second\n\n> quoted\n\n* item [link](https://e.com)";
    insta::assert_snapshot!(block(text));
}
