//! The raw-HTML sanitizer (LOGSEQ.md §5.9, RELIABILITY.md case 6): takes the HTML comrak rendered
//! from a text that may hold raw HTML, gives well-formed HTML (html5ever re-serializes it, repairing
//! malformed nesting such as `<ul><li>…</li></ul><li>…</li></ul>`, §11.25) that keeps only an
//! allow-list of elements and attributes. Scripts, styles, `on*` attributes and URLs other than
//! `http:`, `https:`, `mailto:` and relative ones never survive; iframes survive only when they show
//! YouTube or Google Docs. It never sees the HTML innsite makes itself (that is put in afterwards
//! through placeholder slots).

use ammonia::Builder;
use std::borrow::Cow;
use std::collections::HashSet;

/// Iframe sources that are kept (LOGSEQ.md §5.9: 29 YouTube embeds, 1 Google Sheet).
const IFRAME_SOURCES: [&str; 3] = [
    "https://www.youtube.com/embed/",
    "https://www.youtube-nocookie.com/embed/",
    "https://docs.google.com/",
];

/// Elements kept: what Logseq content uses (§5.9) plus everything comrak emits with our options.
const TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "iframe",
    "img",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "section",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Attributes kept, per element (`class` is handled by [`CLASSES`]).
const ATTRIBUTES: &[(&str, &[&str])] = &[
    (
        "a",
        &[
            "href",
            "title",
            "rel",
            "id",
            "aria-label",
            "data-footnote-ref",
            "data-footnote-backref",
            "data-footnote-backref-idx",
        ],
    ),
    ("img", &["src", "alt", "title", "width", "height"]),
    (
        "iframe",
        &["src", "title", "width", "height", "allowfullscreen"],
    ),
    ("ol", &["start"]),
    ("li", &["id"]),
    ("th", &["align"]),
    ("td", &["align"]),
    ("section", &["data-footnotes"]),
];

/// Classes kept: those innsite's formatter and comrak's footnotes emit.
const CLASSES: &[(&str, &[&str])] = &[
    ("a", &["external", "footnote-backref"]),
    ("sup", &["footnote-ref"]),
    ("section", &["footnotes"]),
];

/// Attributes every kept iframe gets.
const IFRAME_SET: &[(&str, &str)] = &[
    ("loading", "lazy"),
    ("referrerpolicy", "strict-origin-when-cross-origin"),
    ("allow", "encrypted-media; picture-in-picture; fullscreen"),
];

/// The configured sanitizer; built once per build, shared by every thread.
pub struct Sanitizer {
    builder: Builder<'static>,
}

impl Sanitizer {
    pub fn new() -> Self {
        let mut builder = Builder::empty();
        builder.tags(TAGS.iter().copied().collect());
        builder.tag_attributes(
            ATTRIBUTES
                .iter()
                .map(|(t, a)| (*t, a.iter().copied().collect()))
                .collect(),
        );
        builder.allowed_classes(
            CLASSES
                .iter()
                .map(|(t, c)| (*t, c.iter().copied().collect()))
                .collect(),
        );
        builder.url_schemes(HashSet::from(["http", "https", "mailto"]));
        builder.link_rel(None);
        builder.strip_comments(true);
        builder.clean_content_tags(HashSet::from(["script", "style"]));
        builder.attribute_filter(filter_attribute);
        Sanitizer { builder }
    }

    /// Sanitize `html` (a fragment, as inside a `<div>`).
    pub fn clean(&self, html: &str) -> String {
        let cleaned = self.builder.clean(html).to_string();
        drop_bad_iframes(&cleaned).into_owned()
    }
}

impl Default for Sanitizer {
    fn default() -> Self {
        Sanitizer::new()
    }
}

/// Per-attribute rules ammonia's allow-lists cannot express.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        // Set by innsite after cleaning, in a fixed order (ammonia's own setter iterates a
        // HashMap, which would make the output differ from build to build).
        ("iframe", "loading" | "referrerpolicy" | "allow") => None,
        ("iframe", "src") => IFRAME_SOURCES
            .iter()
            .any(|p| value.starts_with(p))
            .then_some(Cow::Borrowed(value)),
        // A raw `<img>` pointing at a relative path names nothing innsite publishes
        // (`<img src='files/mark-zuckerberg-harvard.jpg'>`, §5.9): drop the source.
        ("img", "src") => is_absolute_http(value).then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

fn is_absolute_http(url: &str) -> bool {
    let lower = url.trim_start().get(..8).unwrap_or("").to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Element nesting beyond which raw HTML is not parsed (see [`nesting_depth`]).
pub const MAX_DEPTH: usize = 512;

/// An upper bound of the element nesting depth of `html`: every start tag that is not void or
/// self-closed opens a level, every end tag closes one. Linear; over-counts unclosed `<li>`/`<p>`.
pub fn nesting_depth(html: &str) -> usize {
    const VOID: [&str; 8] = ["br", "hr", "img", "input", "wbr", "col", "area", "source"];
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            continue;
        }
        let self_closed = rest
            .bytes()
            .take(4096)
            .position(|b| b == b'>')
            .is_some_and(|end| end > 0 && rest.as_bytes()[end - 1] == b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.to_ascii_lowercase().as_str()) && !self_closed {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Remove iframes that lost their `src` (not an allowed source) and empty the ones kept (their
/// content is fallback text that browsers never show). Relies on html5ever's serialization:
/// lowercase tag names, double-quoted attributes, and an iframe's text never containing `</iframe`.
fn drop_bad_iframes(html: &str) -> Cow<'_, str> {
    if !html.contains("<iframe") {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<iframe") {
        out.push_str(&rest[..start]);
        let tag_end = start + start_tag_len(&rest[start..]);
        let close = rest[tag_end..]
            .find("</iframe>")
            .map(|i| tag_end + i + "</iframe>".len())
            .unwrap_or(rest.len());
        let tag = &rest[start..tag_end];
        if tag.contains(" src=\"") {
            out.push_str(tag.trim_end_matches('>'));
            for (name, value) in IFRAME_SET {
                out.push_str(&format!(" {name}=\"{value}\""));
            }
            out.push_str("></iframe>");
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Byte length of the start tag at the beginning of `html` (up to the `>` outside quotes).
fn start_tag_len(html: &str) -> usize {
    let mut quoted = false;
    for (i, b) in html.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return i + 1,
            _ => {}
        }
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        Sanitizer::new().clean(html)
    }

    #[test]
    fn scripts_and_event_handlers_are_removed() {
        assert_eq!(clean("<p>a<script>alert(1)</script></p>"), "<p>a</p>");
        assert_eq!(
            clean("<img src=\"https://e.com/x.png\" onerror=\"alert(1)\">"),
            "<img src=\"https://e.com/x.png\">"
        );
        assert_eq!(
            clean("<b onclick=\"x()\">b</b><style>p{}</style>"),
            "<b>b</b>"
        );
    }

    #[test]
    fn dangerous_urls_are_removed() {
        assert_eq!(clean("<a href=\"javascript:alert(1)\">x</a>"), "<a>x</a>");
        assert_eq!(clean("<a href=\"JaVaScRiPt:alert(1)\">x</a>"), "<a>x</a>");
        assert_eq!(clean("<a href=\"vbscript:x\">x</a>"), "<a>x</a>");
        assert_eq!(clean("<a href=\"data:text/html,x\">x</a>"), "<a>x</a>");
        assert_eq!(clean("<a href=\"file:///S:/x\">x</a>"), "<a>x</a>");
        assert_eq!(clean("<a href=\"/ok\">x</a>"), "<a href=\"/ok\">x</a>");
    }

    #[test]
    fn youtube_iframe_is_kept_with_safe_attributes() {
        let raw = "<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/afI25nIf9q0\" title=\"YouTube video player\" frameborder=\"0\" allow=\"accelerometer; autoplay; clipboard-write\" allowfullscreen onload=\"x()\"></iframe>";
        let out = clean(raw);
        assert!(out.starts_with("<iframe "), "{out}");
        for part in [
            "src=\"https://www.youtube.com/embed/afI25nIf9q0\"",
            "loading=\"lazy\"",
            "title=\"YouTube video player\"",
            "allowfullscreen",
            "referrerpolicy=",
        ] {
            assert!(out.contains(part), "{part} missing in {out}");
        }
        assert!(
            !out.contains("onload") && !out.contains("autoplay") && !out.contains("frameborder"),
            "{out}"
        );
        assert!(out.ends_with("></iframe>"), "{out}");
    }

    #[test]
    fn other_iframes_are_dropped() {
        assert_eq!(
            clean("a<iframe src=\"https://evil.example/embed/\"></iframe>b"),
            "ab"
        );
        assert_eq!(
            clean("a<iframe src=\"https://www.youtube.com.evil.example/embed/x\"></iframe>b"),
            "ab"
        );
        assert_eq!(
            clean("a<iframe srcdoc=\"<script>x</script>\"></iframe>b"),
            "ab"
        );
        let sheet = clean("<iframe src=\"https://docs.google.com/spreadsheets/d/1/edit?usp=sharing\" height=\"800px\">fallback</iframe>");
        assert!(
            sheet.contains("src=\"https://docs.google.com/spreadsheets/d/1/edit?usp=sharing\""),
            "{sheet}"
        );
        assert!(!sheet.contains("fallback"), "{sheet}");
    }

    #[test]
    fn relative_raw_image_loses_its_source() {
        assert_eq!(
            clean("<img src='files/mark-zuckerberg-harvard.jpg'>"),
            "<img>"
        );
    }

    #[test]
    fn malformed_lists_are_repaired() {
        let out = clean("<ul><li>a</li></ul><li>b</li></ul>c");
        assert_eq!(out, "<ul><li>a</li></ul><li>b</li>c");
    }

    #[test]
    fn nesting_depth_counts_open_elements() {
        assert_eq!(
            nesting_depth("<p>a<br />b<img src=\"x\"></p><ul><li><b>x</b></li></ul>"),
            3
        );
        assert_eq!(nesting_depth(&"<ul><li>".repeat(300)), 600);
        assert_eq!(nesting_depth("a < b"), 0);
    }

    #[test]
    fn unknown_classes_are_dropped() {
        assert_eq!(
            clean("<a class=\"external evil\" href=\"https://e.com\">x</a>"),
            "<a class=\"external\" href=\"https://e.com\">x</a>"
        );
    }
}
