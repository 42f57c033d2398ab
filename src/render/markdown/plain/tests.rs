//! The plain-text shortcut gives exactly what comrak gives, on every line of the sample graph
//! and of the real graph, with page references standing in as slot tokens.

use super::super::slots::Slots;
use super::super::{AsWritten, Markdown, Mode};
use std::path::Path;

/// Every line of the graph's markdown files, without bullet and indentation.
fn lines(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.path().extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for line in text.lines() {
                let line = line.trim_start();
                out.push(line.strip_prefix("- ").unwrap_or(line).to_string());
            }
        }
    }
    out
}

/// `line` with each `[[…]]` replaced by an inline slot's token.
fn with_tokens(line: &str, slots: &Slots<'_>) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("[[") {
        let Some(len) = rest[start..].find("]]") else {
            break;
        };
        out.push_str(&rest[..start]);
        let raw = &rest[start..start + len + 2];
        out.push_str(&slots.ready(format!("<a>{raw}</a>"), raw, false));
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Lines rendered both ways; returns (lines the shortcut took, lines seen).
fn agree_on(dir: &Path) -> (usize, usize) {
    let md = Markdown::default();
    let (mut taken, mut seen) = (0, 0);
    for line in lines(dir) {
        for mode in [Mode::Block, Mode::Inline] {
            let slots = Slots::new();
            let text = with_tokens(&super::super::slots::scrub(&line), &slots);
            seen += 1;
            if let Some(fast) = super::render(&text, mode, &slots) {
                taken += 1;
                let full = md.render_tree(&text, mode, &slots, &AsWritten);
                // As pages get them: slots filled, reserved marks gone.
                let (fast, full) = (slots.substitute(&fast), slots.substitute(&full));
                assert_eq!(fast, full, "{mode:?} {line:?}");
            }
        }
    }
    (taken, seen)
}

#[test]
fn shortcut_agrees_with_comrak_on_the_sample_graph() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let (taken, seen) = agree_on(&dir);
    assert!(taken * 5 > seen, "the shortcut took {taken} of {seen}");
}

#[test]
fn shortcut_agrees_with_comrak_on_the_real_graph() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/innbok");
    assert!(dir.is_dir(), "../shared/corpus/innbok is missing");
    let (taken, seen) = agree_on(&dir);
    assert!(taken * 5 > seen, "the shortcut took {taken} of {seen}");
}

#[test]
fn markdown_is_left_to_comrak() {
    let slots = Slots::new();
    for text in [
        "1. one",
        "# title",
        "a *b*",
        "a_b_",
        "see www.example.org",
        "http://example.org",
        "a  b",
        "a ==b==",
        "a | b",
        "a <b>",
        "a & b",
        "- item",
        "> quote",
        " lead",
    ] {
        assert_eq!(super::render(text, Mode::Block, &slots), None, "{text:?}");
    }
    assert_eq!(
        super::render("Plain words, (really).", Mode::Block, &slots).as_deref(),
        Some("<p>Plain words, (really).</p>\n")
    );
    assert_eq!(
        super::render("say \"hi\"", Mode::Inline, &slots).as_deref(),
        Some("say &quot;hi&quot;")
    );
}

#[test]
fn blank_block_text_is_no_html_as_with_comrak() {
    let md = Markdown::default();
    let slots = Slots::new();
    for text in ["", " ", "\n", "\n\n", " \t\n  \n"] {
        let fast = super::render(text, Mode::Block, &slots);
        assert_eq!(fast.as_deref(), Some(""), "{text:?}");
        let full = md.render_tree(text, Mode::Block, &slots, &AsWritten);
        assert_eq!(full, "", "{text:?}");
    }
    assert_eq!(super::render("", Mode::Inline, &slots), None);
}

#[test]
fn a_block_slot_alone_is_taken_and_agrees_with_comrak() {
    let md = Markdown::default();
    let slots = Slots::new();
    let token = slots.ready("<div>embed</div>".into(), "{{embed [[x]]}}", true);
    let fast = super::render(&token, Mode::Block, &slots).expect("taken");
    let full = md.render_tree(&token, Mode::Block, &slots, &AsWritten);
    assert_eq!(slots.substitute(&fast), slots.substitute(&full));
    assert_eq!(slots.substitute(&fast), "<div>embed</div>\n");
    let beside = format!("see {token}");
    assert_eq!(super::render(&beside, Mode::Block, &slots), None);
    let twice = format!("{token}{token}");
    assert_eq!(super::render(&twice, Mode::Block, &slots), None);
}

#[test]
fn exclamations_and_symbols_are_plain_and_agree_with_comrak() {
    let md = Markdown::default();
    let slots = Slots::new();
    for text in [
        "Market! Go",
        "Ready? Yes!",
        "Budget 💰 and ⭐ ¿Qué? “quoted”",
        "end!",
    ] {
        for mode in [Mode::Block, Mode::Inline] {
            let fast = super::render(text, mode, &slots).expect("taken");
            let full = md.render_tree(text, mode, &slots, &AsWritten);
            // As pages get them: reserved marks gone.
            let (fast, full) = (slots.substitute(&fast), slots.substitute(&full));
            assert_eq!(fast, full, "{mode:?} {text:?}");
        }
    }
    for text in ["![alt](x.png)", "a\u{a0}", "\u{a0}a", "a\u{2003}b"] {
        let fast = super::render(text, Mode::Block, &slots);
        let full = md.render_tree(text, Mode::Block, &slots, &AsWritten);
        assert!(
            fast.is_none() || fast.as_deref() == Some(full.as_str()),
            "{text:?}"
        );
    }
}
