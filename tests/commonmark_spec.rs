//! The CommonMark 0.31.2 and GFM 0.29 spec examples (`tests/spec/*.txt`, CC-BY-SA 4.0) run
//! against innsite's markdown layer, `Markdown::block` with the options innsite ships (raw HTML
//! sanitized, the default).
//!
//! Takes every example of the three spec files; gives the number that pass per section, compared
//! with the rates recorded in `tests/spec/pass-rates.tsv`: a section that passes fewer examples
//! than recorded fails the test (a regression), so does a spec file with a different example
//! count. `INNSITE_SPEC_RECORD=1 cargo test --test commonmark_spec` rewrites the record after an
//! intended change. innsite differs from plain CommonMark on purpose (README, "Markdown
//! conformance"): hard line breaks, sanitized raw HTML, no indented code blocks, and its own
//! link attributes; the comparison normalises HTML only lightly (see [`normalise`]).

use innsite::render::markdown::Markdown;
use scraper::Html;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The spec files, by suite name.
const SUITES: [(&str, &str); 2] = [("commonmark", "commonmark.txt"), ("gfm", "gfm.txt")];

/// The line that opens an example (an extension name may follow) and the one that closes it.
const FENCE: &str = "````````````````````````````````";

struct Example {
    section: String,
    markdown: String,
    html: String,
}

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec")
}

/// The examples of a spec file, in order (the format of commonmark-spec's `spec_tests.py`).
fn examples(text: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.starts_with('#') {
            section = line.trim_start_matches('#').trim().to_string();
        } else if line.starts_with(FENCE) && line[FENCE.len()..].trim_start().starts_with("example")
        {
            let (markdown, html) = example_body(&mut lines);
            let section = section.clone();
            out.push(Example {
                section,
                markdown,
                html,
            });
        }
    }
    out
}

/// The markdown (up to a line `.`) and the HTML (up to the closing fence); `→` stands for a tab.
fn example_body<'a>(lines: &mut impl Iterator<Item = &'a str>) -> (String, String) {
    let (mut markdown, mut html) = (String::new(), String::new());
    let mut in_html = false;
    for line in lines.by_ref() {
        if line == FENCE {
            break;
        } else if line == "." && !in_html {
            in_html = true;
        } else {
            let target = if in_html { &mut html } else { &mut markdown };
            target.push_str(&line.replace('→', "\t"));
            target.push('\n');
        }
    }
    (markdown, html)
}

/// innsite's own presentation attributes, as html5ever serialises them, and what they stand for:
/// outgoing links are marked, images load lazily, code blocks carry the theme's class.
const INNSITE_ATTRIBUTES: [(&str, &str); 5] = [
    (" class=\"external\"", ""),
    (" rel=\"noopener\"", ""),
    (" decoding=\"async\"", ""),
    (" loading=\"lazy\"", ""),
    ("<pre class=\"code\">", "<pre>"),
];

/// Light normalisation of an HTML fragment: parse and re-serialise it with html5ever (so entity
/// spelling, attribute quoting and `<br />` vs `<br>` do not matter), drop innsite's own
/// presentation attributes ([`INNSITE_ATTRIBUTES`]), then remove the whitespace between tags
/// and at both ends. Everything else must match.
fn normalise(html: &str) -> String {
    let serialised = Html::parse_fragment(html).root_element().inner_html();
    let mut own = serialised;
    for (attr, with) in INNSITE_ATTRIBUTES {
        own = own.replace(attr, with);
    }
    collapse_between_tags(own.trim())
}

/// `>  \n <` → `><`.
fn collapse_between_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut pending = String::new();
    let mut after_tag = false;
    for c in html.chars() {
        if after_tag && c.is_whitespace() {
            pending.push(c);
            continue;
        }
        if c != '<' {
            out.push_str(&pending);
        }
        pending.clear();
        out.push(c);
        after_tag = c == '>';
    }
    out
}

/// Passed and total examples per section, for one suite.
fn run_suite(md: &Markdown, file: &str) -> BTreeMap<String, (usize, usize)> {
    let text = std::fs::read_to_string(spec_dir().join(file)).expect("spec file is readable");
    let mut rates: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    // `INNSITE_SPEC_SHOW=<section text>` prints the failing examples of matching sections.
    let show = std::env::var("INNSITE_SPEC_SHOW").ok();
    for ex in examples(&text) {
        let got = normalise(&md.block(&ex.markdown));
        let passed = ex.html.trim() == "<IGNORE>" || got == normalise(&ex.html);
        if !passed && show.as_deref().is_some_and(|s| ex.section.contains(s)) {
            eprintln!(
                "--- {}\n{}+++ want {}\n+++ got  {got}\n",
                ex.section,
                ex.markdown,
                normalise(&ex.html)
            );
        }
        let entry = rates.entry(ex.section).or_default();
        entry.0 += usize::from(passed);
        entry.1 += 1;
    }
    rates
}

type Rates = BTreeMap<(String, String), (usize, usize)>;

fn current_rates() -> Rates {
    let md = Markdown::default();
    let mut all = Rates::new();
    for (suite, file) in SUITES {
        for (section, rate) in run_suite(&md, file) {
            all.insert((suite.to_string(), section), rate);
        }
    }
    all
}

/// `suite \t section \t passed \t total` lines.
fn format_rates(rates: &Rates) -> String {
    let mut out = String::from("# suite\tsection\tpassed\ttotal (tests/commonmark_spec.rs)\n");
    for ((suite, section), (passed, total)) in rates {
        let _ = writeln!(out, "{suite}\t{section}\t{passed}\t{total}");
    }
    out
}

fn parse_rates(text: &str) -> Rates {
    let mut rates = Rates::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "bad line in pass-rates.tsv: {line:?}");
        let n = |s: &str| s.parse::<usize>().expect("a count");
        rates.insert((f[0].into(), f[1].into()), (n(f[2]), n(f[3])));
    }
    rates
}

fn totals(rates: &Rates, suite: &str) -> (usize, usize) {
    rates
        .iter()
        .filter(|((s, _), _)| s == suite)
        .fold((0, 0), |(p, t), (_, (rp, rt))| (p + rp, t + rt))
}

#[test]
fn spec_examples_do_not_regress() {
    let record_path = spec_dir().join("pass-rates.tsv");
    let current = current_rates();
    if std::env::var_os("INNSITE_SPEC_RECORD").is_some() {
        std::fs::write(&record_path, format_rates(&current)).expect("record is writable");
    }
    let recorded = parse_rates(&std::fs::read_to_string(&record_path).expect("pass-rates.tsv"));
    let mut regressions = Vec::new();
    for (key, &(passed, total)) in &recorded {
        match current.get(key) {
            Some(&(now, now_total)) if now_total == total && now >= passed => {}
            Some(&(now, now_total)) => regressions.push(format!(
                "{key:?}: {now}/{now_total} passed, recorded {passed}/{total}"
            )),
            None => regressions.push(format!("{key:?}: section no longer found")),
        }
    }
    for suite in SUITES.map(|(s, _)| s) {
        let (p, t) = totals(&current, suite);
        eprintln!(
            "{suite}: {p}/{t} examples pass ({:.1}%)",
            100.0 * p as f64 / t as f64
        );
    }
    assert_eq!(
        recorded.len(),
        current.len(),
        "sections differ from the record"
    );
    assert!(
        regressions.is_empty(),
        "spec regressions:\n{}",
        regressions.join("\n")
    );
}

#[test]
fn spec_files_hold_every_example() {
    let count = |file: &str| {
        examples(&std::fs::read_to_string(spec_dir().join(file)).expect("spec file")).len()
    };
    // The example counts of the upstream files (CommonMark 0.31.2, cmark-gfm's GFM 0.29 spec).
    assert_eq!(count("commonmark.txt"), 652);
    assert_eq!(count("gfm.txt"), 672);
}

#[test]
fn normalisation_is_light() {
    assert_eq!(
        normalise("<p>a<br />\nb</p>\n"),
        normalise("<p>a<br>\nb</p>")
    );
    assert_eq!(normalise("<p>&quot;x&quot;</p>"), normalise("<p>\"x\"</p>"));
    // Differences of text, structure and attributes still count.
    assert_ne!(normalise("<p>a b</p>"), normalise("<p>a  b</p>"));
    assert_ne!(normalise("<p><em>a</em></p>"), normalise("<p>a</p>"));
    assert_ne!(
        normalise("<a href=\"x\">a</a>"),
        normalise("<a href=\"y\">a</a>")
    );
}
