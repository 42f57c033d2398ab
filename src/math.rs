//! LaTeX math → MathML, at build time (LOGSEQ.md §4 "math").
//!
//! Takes the TeX source between `$…$` (inline) or `$$…$$` (display) delimiters, as the inline
//! scanner found it, and gives a `<math>` element that browsers render natively: the published
//! page needs no script and no font download. The conversion is `pulldown-latex`'s; this module
//! only decides what counts as an error and how a formula that cannot be converted is shown.
//!
//! A formula is bad when the LaTeX parser reports any error (an unknown command, an unbalanced
//! group…): [`check`] gives the parser's message (the parse layer reports it with file and line),
//! and [`html`] then shows the escaped source in `<span class="math-error">` instead of a
//! half-rendered formula. Nothing here panics on any input, and nothing is cached: formulas are
//! rare and short.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Event, Parser, ParserError, RenderConfig, Storage};

/// `<math>` for a formula, or the escaped source in an error box when it is bad.
pub fn html(tex: &str, display: bool) -> String {
    match mathml(tex, display) {
        Ok(math) => math,
        Err(message) => error_box(tex, display, &message),
    }
}

/// The parser's message when `tex` is not a formula innsite can convert, else `None`.
pub fn check(tex: &str) -> Option<String> {
    too_complex(tex).or_else(|| events(tex, &Storage::new()).err())
}

/// Longest formula converted, in bytes.
const MAX_LEN: usize = 20_000;
/// Deepest nesting of groups (`{`, `\left`, `\begin`) converted.
const MAX_DEPTH: usize = 100;

/// Why a formula is not converted at all: the converter's time grows with the square of the
/// nesting depth (4,000 nested `\frac{` take a second), so a pathological page could stall
/// the build. Real formulas are far below both limits.
fn too_complex(tex: &str) -> Option<String> {
    if tex.len() > MAX_LEN {
        return Some(format!("longer than {MAX_LEN} bytes"));
    }
    let (mut depth, mut deepest) = (0usize, 0usize);
    let b = tex.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        let step = match b[i] {
            b'\\' if rest.starts_with(b"\\left") || rest.starts_with(b"\\begin") => {
                depth += 1;
                5
            }
            b'\\' if rest.starts_with(b"\\right") || rest.starts_with(b"\\end") => {
                depth = depth.saturating_sub(1);
                4
            }
            b'\\' => 2,
            b'{' => {
                depth += 1;
                1
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                1
            }
            _ => 1,
        };
        deepest = deepest.max(depth);
        i += step;
    }
    (deepest > MAX_DEPTH).then(|| format!("nested more than {MAX_DEPTH} levels deep"))
}

/// `tex` → MathML, or the first parser error (its first line, without the source excerpt the
/// parser appends on the following lines).
fn mathml(tex: &str, display: bool) -> Result<String, String> {
    if let Some(why) = too_complex(tex) {
        return Err(why);
    }
    let storage = Storage::new();
    let events = events(tex, &storage)?;
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut out = String::new();
    push_mathml(
        &mut out,
        events.into_iter().map(Ok::<_, ParserError>),
        config,
    )
    .map_err(|e| e.to_string())?;
    Ok(escape_operators(&out))
}

/// The converter escapes text (`\text{a<b}`) but writes one-character operators as they are
/// (`<mo><</mo>`, `<mo>&</mo>`), and would copy an annotation unescaped (so none is asked for).
/// Every `<` that does not open a tag (a letter or `/` follows) and every `&` that does not start
/// an entity is escaped here, so the page stays well-formed and no formula can inject markup.
fn escape_operators(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len() + 8);
    let mut rest = mathml;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let kept = if rest.as_bytes()[at] == b'<' {
            let next = after.trim_start_matches('/').bytes().next();
            next.is_some_and(|c| c.is_ascii_alphabetic())
        } else {
            let name = after.find(';').map(|end| &after[..end]);
            name.is_some_and(|n| {
                !n.is_empty() && n.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'#')
            })
        };
        match (kept, rest.as_bytes()[at]) {
            (true, b'<') => out.push('<'),
            (true, _) => out.push('&'),
            (false, b'<') => out.push_str("&lt;"),
            (false, _) => out.push_str("&amp;"),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Every event of the formula, or the first error's message.
fn events<'s>(tex: &'s str, storage: &'s Storage) -> Result<Vec<Event<'s>>, String> {
    Parser::new(tex, storage)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| first_line(&e.to_string()))
}

fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    line.strip_prefix("parsing error: ")
        .unwrap_or(line)
        .to_string()
}

/// The source as written, escaped, in a box the theme marks as an error.
fn error_box(tex: &str, display: bool, message: &str) -> String {
    let delim = if display { "$$" } else { "$" };
    format!(
        "<span class=\"math-error\" title=\"{}\"><code>{}</code></span>",
        crate::theme::escape_html(&format!("LaTeX error: {message}")),
        crate::theme::escape_html(&format!("{delim}{tex}{delim}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_display_formulas_become_mathml() {
        let inline = html(r"x^2 + \alpha", false);
        assert!(inline.starts_with("<math"), "{inline}");
        assert!(
            inline.contains("<msup>") && inline.contains('α'),
            "{inline}"
        );
        assert!(!inline.contains("display=\"block\""), "{inline}");
        let display = html(r"\frac{a}{b}", true);
        assert!(display.contains("display=\"block\""), "{display}");
        assert!(display.contains("<mfrac>"), "{display}");
    }

    #[test]
    fn operators_are_escaped() {
        let m = html("a<b \\& c > d", false);
        assert!(
            m.contains("<mo>&lt;</mo>") && m.contains("<mi>&amp;</mi>"),
            "{m}"
        );
        assert!(!m.contains("<<") && !m.contains("annotation"), "{m}");
        let t = html("\\text{<script>x</script>}", false);
        assert!(
            !t.contains("<script") && t.contains("&lt;script&gt;"),
            "{t}"
        );
        assert_eq!(
            escape_operators("<mo>&nbsp;&#x2061;&</mo>"),
            "<mo>&nbsp;&#x2061;&amp;</mo>"
        );
    }

    #[test]
    fn bad_latex_is_shown_as_escaped_source() {
        assert!(check(r"\frac{a}{b}").is_none());
        let message = check(r"\frac{a").expect("an unbalanced group is an error");
        assert!(!message.is_empty() && !message.contains('\n'), "{message}");
        let box_ = html(r"\frac{<a", true);
        assert!(box_.starts_with("<span class=\"math-error\""), "{box_}");
        assert!(box_.contains("<code>$$\\frac{&lt;a$$</code>"), "{box_}");
        assert!(check(r"\nosuchcommand x").is_some());
    }

    #[test]
    fn hostile_input_never_panics() {
        for tex in [
            "{".repeat(10_000),
            "}".repeat(100),
            r"\begin{matrix}".to_string(),
            r"\\\\\\".to_string(),
            "^_^_".to_string(),
            "\u{0}\u{FFFD}é🔖".to_string(),
            r"\left(".to_string(),
            "#1".to_string(),
            "\\left(".repeat(5_000),
            "x^".repeat(5_000) + "y",
            "\\é\\🔖{\\".to_string(),
        ] {
            let _ = html(&tex, false);
            let _ = html(&tex, true);
        }
    }

    #[test]
    fn deep_or_huge_formulas_are_not_converted() {
        let t = std::time::Instant::now();
        for tex in [
            "{".repeat(50_000) + &"}".repeat(50_000),
            "\\sqrt{".repeat(20_000) + &"}".repeat(20_000),
            "\\frac{".repeat(101) + &"}{x}".repeat(101),
            "\\left(".repeat(200) + &"\\right)".repeat(200),
            "x+".repeat(20_000),
        ] {
            assert!(check(&tex).is_some(), "{}", &tex[..20]);
            assert!(html(&tex, true).starts_with("<span class=\"math-error\""));
        }
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        let ok = "\\frac{".repeat(100) + &"}{x}".repeat(100);
        assert!(check(&ok).is_none());
    }
}
