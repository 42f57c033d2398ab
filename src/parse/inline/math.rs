//! Math delimiters inside one line: `$…$` (inline) and `$$…$$` (display).
//!
//! Takes a position holding `$` and pushes a `Math` piece, or leaves the `$` as text. Logseq's
//! parser takes any `$…$` pair, so prices written in prose ("$5 and $10", "costs $100 million
//! and $30 million") and the accidental `($$$$$)` of `inn/plastilinn/innBoK/markers/risk.md:3`
//! (LOGSEQ.md §4, §11.24) come out as broken formulas there. innsite keeps such text literal
//! with the usual rules of markdown math (as in pandoc's `tex_math_dollars`):
//! - `$$…$$`: the content up to the next `$$` on the line must not be blank (`$$$$` is text);
//! - `$…$`: the opening `$` is not followed by whitespace or `$`; the closing `$` is the first
//!   later unescaped `$` that follows a non-whitespace character and is not followed by a digit,
//!   and the content is not blank.
//!
//! Candidate closers are found once per line ([`Closers`]), so the scan stays linear however
//! many `$` a line holds. Display math written over several lines is the line pass's
//! ([`super::blocks`]).

use super::out::Out;
use super::Inline;

/// Closing positions of one line, computed on the first `$`.
pub(super) struct Closers {
    /// Positions `k` with `b[k] == b'$'` that may close inline math, ascending.
    inline: Vec<usize>,
    /// Positions `k` with `b[k..k + 2] == "$$"`, ascending.
    display: Vec<usize>,
}

impl Closers {
    pub(super) fn new(b: &[u8], start: usize, end: usize) -> Closers {
        let mut inline = Vec::new();
        let mut display = Vec::new();
        for k in start..end {
            if b[k] != b'$' {
                continue;
            }
            if k + 1 < end && b[k + 1] == b'$' {
                display.push(k);
            }
            let after_text = k > start && !b[k - 1].is_ascii_whitespace() && b[k - 1] != b'\\';
            let before_digit = k + 1 < end && b[k + 1].is_ascii_digit();
            if after_text && !before_digit {
                inline.push(k);
            }
        }
        Closers { inline, display }
    }

    /// First position in `list` at or after `from`.
    fn first(list: &[usize], from: usize) -> Option<usize> {
        list.get(list.partition_point(|&k| k < from)).copied()
    }
}

/// At a `$` (not escaped, outside code): math, or a literal `$`. Returns where to go on.
pub(super) fn math(out: &mut Out<'_>, closers: &Closers, i: usize, end: usize) -> usize {
    let b = out.bytes();
    if i + 1 < end && b[i + 1] == b'$' {
        if let Some(close) = Closers::first(&closers.display, i + 2) {
            let tex = out.slice(i + 2, close);
            if !tex.trim().is_empty() {
                let raw = out.slice(i, close + 2);
                out.push(
                    i,
                    close + 2,
                    Inline::Math {
                        tex,
                        display: true,
                        raw,
                    },
                );
                return close + 2;
            }
        }
        return i + 1;
    }
    let opens = i + 1 < end && !b[i + 1].is_ascii_whitespace();
    if !opens {
        return i + 1;
    }
    match Closers::first(&closers.inline, i + 2) {
        Some(close) => {
            let tex = out.slice(i + 1, close);
            let raw = out.slice(i, close + 1);
            out.push(
                i,
                close + 1,
                Inline::Math {
                    tex,
                    display: false,
                    raw,
                },
            );
            close + 1
        }
        None => i + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{scan, Inline};

    fn math(text: &str) -> Vec<(String, bool)> {
        scan(text)
            .into_iter()
            .filter_map(|p| match p {
                Inline::Math { tex, display, .. } => Some((tex.to_string(), display)),
                _ => None,
            })
            .collect()
    }

    fn m(tex: &str, display: bool) -> (String, bool) {
        (tex.to_string(), display)
    }

    #[test]
    fn inline_and_display_math() {
        assert_eq!(math("area $\\pi r^2$ here"), vec![m("\\pi r^2", false)]);
        assert_eq!(math("$$\\frac{a}{b}$$"), vec![m("\\frac{a}{b}", true)]);
        assert_eq!(
            math("$a$ and $$b$$ and $c$"),
            vec![m("a", false), m("b", true), m("c", false)]
        );
        assert_eq!(
            math("$$\n\\sum_i x_i\n$$"),
            vec![m("\n\\sum_i x_i\n", true)]
        );
        assert_eq!(math("  $$ a\n  b $$"), vec![m(" a\n  b ", true)]);
    }

    #[test]
    fn money_and_accidents_stay_text() {
        for text in [
            "Is this something I should prioritize ($$$$$)?",
            "Is this something urgent but not the most urgent ($)?",
            "$5 and $10",
            "costs $100 million, saving $30 million per launch",
            "entre 20 y 100M$ (datos del MIT), 1M$ y",
            "$5/$10 a month",
            "$ x$",
            "$$$$",
            "$$ $$",
            "\\$x$",
            "a line with $$ and no end\nand another",
            "https://example.org/$a$b",
        ] {
            assert_eq!(math(text), vec![], "{text}");
            assert_eq!(scan(text).concat_sources(), text);
        }
    }

    #[test]
    fn code_is_not_math() {
        assert_eq!(math("`$a$` then $b$"), vec![m("b", false)]);
        assert_eq!(math("```\n$$\nx\n$$\n```"), vec![]);
    }

    #[test]
    fn many_dollars_stay_linear() {
        let text = "$a ".repeat(50_000);
        let t = std::time::Instant::now();
        assert_eq!(math(&text), vec![]);
        let lines = "$$\n".repeat(20_000) + "x";
        assert!(math(&lines).len() <= 10_000);
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
    }

    trait Concat {
        fn concat_sources(&self) -> String;
    }

    impl Concat for Vec<Inline<'_>> {
        fn concat_sources(&self) -> String {
            self.iter().map(Inline::source).collect()
        }
    }
}
