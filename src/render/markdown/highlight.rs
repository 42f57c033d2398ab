//! Code highlighting: takes a code block's language and text, gives a complete `<pre><code>` element.
//! Known languages are highlighted at build time by syntect with CSS classes (prefix `hl-`, coloured
//! by the theme's stylesheet, see [`theme_css`]); unknown or missing languages, and code too large to
//! highlight quickly, give plain escaped code. It never emits inline styles and never lets the
//! language string or the code out unescaped (Hugo's code-fence advisories, RELIABILITY.md case 6).

use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix of every highlighting span.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Code larger than this is not highlighted (syntect is roughly linear but slow per byte).
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

/// syntect's default syntaxes; loading them takes tens of milliseconds, so it happens once, on
/// first use, for the whole process.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Load the syntaxes (a no-op once loaded).
pub fn warm_up() {
    syntaxes();
}

/// `<pre class="code"><code class="language-<lang>">…</code></pre>` for `code` written in `lang`
/// (the first word of a fence info string or of `#+BEGIN_SRC`'s argument; may be empty).
pub fn code_block(lang: &str, code: &str) -> String {
    let lang = lang.split_whitespace().next().unwrap_or("");
    let lang = lang.split(',').next().unwrap_or("");
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    match highlighted(lang, code) {
        Some(spans) => format!("<pre class=\"code highlighted\"><code{class}>{spans}</code></pre>"),
        None => format!(
            "<pre class=\"code\"><code{class}>{}</code></pre>",
            escape(code)
        ),
    }
}

/// The highlighted spans, or `None` when the language is unknown, the code too large, or syntect
/// fails on it.
fn highlighted(lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() || code.len() > MAX_HIGHLIGHT_BYTES {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet that colours highlighted code with one of syntect's bundled themes
/// (`InspiredGitHub`, `Solarized (light)`, `base16-ocean.dark`, …); `None` for an unknown name.
pub fn theme_css(theme: &str) -> Option<String> {
    let themes = ThemeSet::load_defaults();
    let theme = themes.themes.get(theme)?;
    css_for_theme_with_class_style(theme, CLASS_STYLE).ok()
}

/// Escape text for an HTML element body or a double-quoted attribute (the theme's escaper,
/// so innsite escapes text one way everywhere).
pub fn escape(text: &str) -> String {
    crate::theme::escape_html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_is_highlighted_with_classes() {
        let html = code_block("rust", "fn main() {}\n");
        assert!(
            html.starts_with("<pre class=\"code highlighted\"><code class=\"language-rust\">"),
            "{html}"
        );
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_language_is_plain_escaped() {
        let html = code_block("jsx-unknown", "<b>[[x]]</b>\n");
        assert_eq!(html, "<pre class=\"code\"><code class=\"language-jsx-unknown\">&lt;b&gt;[[x]]&lt;/b&gt;\n</code></pre>");
    }

    #[test]
    fn hostile_info_string_is_escaped() {
        let html = code_block("\"><script>alert(1)</script>", "x");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("language-&quot;&gt;&lt;script&gt;"), "{html}");
    }

    #[test]
    fn no_language_gives_plain_code() {
        assert_eq!(
            code_block("", "a < b"),
            "<pre class=\"code\"><code>a &lt; b</code></pre>"
        );
    }

    #[test]
    fn theme_css_uses_the_class_prefix() {
        let css = theme_css("InspiredGitHub").expect("bundled theme");
        assert!(css.contains(".hl-"), "{}", &css[..200.min(css.len())]);
        assert!(theme_css("no such theme").is_none());
    }
}
