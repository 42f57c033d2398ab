//! Bad-input tests of `parse_page` (RELIABILITY.md cases 3 and 4) and a run over the real graph.

use super::outline::MAX_DEPTH;
use super::page_tests::{depths, parse, shape, source};
use super::parse_page;
use crate::diagnostics::Kind;
use crate::name::NameFormat;
use std::path::Path;

/// A page exercising properties, fences, queries, markers and nesting.
const SAMPLE: &str = "title:: Sample\nalias:: a, b\n\npage-type:: [[x]]\n\n- ### TODO #unit Head\n  collapsed:: true\n  text line\n\t- ```js\n\t  let x = 1;\n\t  ```\n  - #+BEGIN_QUERY\n    {:query (and)}\n    #+END_QUERY\n# Heading\n  - child\n";

fn parse_bytes(bytes: &[u8]) -> crate::model::ParsedPage {
    parse_page(&source("inn/x.md"), bytes, NameFormat::TripleLowbar)
}

#[test]
fn crlf_parses_like_lf() {
    let crlf = SAMPLE.replace('\n', "\r\n");
    assert_eq!(parse(&crlf), parse(SAMPLE));
    let cr = SAMPLE.replace('\n', "\r");
    assert_eq!(parse(&cr), parse(SAMPLE));
    assert_eq!(parse(SAMPLE).name, "Sample");
}

#[test]
fn bom_is_ignored() {
    assert_eq!(parse(&format!("\u{feff}{SAMPLE}")), parse(SAMPLE));
}

#[test]
fn nul_bytes_are_dropped_with_a_warning() {
    let p = parse("- a\n- b\0c\n");
    assert_eq!(shape(&p), ["1:a", "1:bc"]);
    let d: Vec<_> = p.diagnostics.iter().map(|d| (d.kind, d.line)).collect();
    assert_eq!(d, [(Kind::NulBytes, Some(2))]);
    assert_eq!(p.diagnostics[0].file, "inn/x.md");
}

#[test]
fn invalid_utf8_is_parsed_lossily() {
    let p = parse_bytes(b"- ok\n  - bad \xC3\x28 byte\n- last\n");
    assert_eq!(shape(&p), ["1:ok", "2:bad \u{FFFD}( byte", "1:last"]);
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].kind, Kind::InvalidUtf8);
    assert!(p.diagnostics[0].message.contains("offset 13"));
}

fn deep_outline(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&" ".repeat(i));
        s.push_str("- x\n");
    }
    s
}

#[test]
fn ten_thousand_deep_outline_on_a_small_stack() {
    let text = deep_outline(10_000);
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || parse(&text))
        .expect("spawn");
    let p = handle.join().expect("no stack overflow");
    assert_eq!(p.blocks.len(), 10_000);
    let d = depths(&p);
    assert_eq!(d.iter().max(), Some(&MAX_DEPTH));
    assert_eq!(d[MAX_DEPTH - 1], MAX_DEPTH);
    assert_eq!(d[9_999], MAX_DEPTH);
    let too_deep: Vec<_> = p
        .diagnostics
        .iter()
        .filter(|d| d.kind == Kind::OutlineTooDeep)
        .collect();
    assert_eq!(too_deep.len(), 1, "one warning per file");
    assert_eq!(
        too_deep[0].line,
        Some(u32::try_from(MAX_DEPTH).unwrap() + 1)
    );
}

#[test]
fn depth_cap_keeps_deeper_blocks_as_siblings_and_outdents_normally() {
    let mut text = deep_outline(MAX_DEPTH + 2);
    text.push_str("- top\n");
    let p = parse(&text);
    let d = depths(&p);
    assert_eq!(d[MAX_DEPTH - 1..], [MAX_DEPTH, MAX_DEPTH, MAX_DEPTH, 1]);
    let last_deep = &p.blocks[MAX_DEPTH + 1];
    assert_eq!(last_deep.parent, Some(MAX_DEPTH - 2));
}

#[test]
fn five_megabyte_line() {
    let mut text = String::from("- ");
    text.push_str(&"word [[x ".repeat(5 * 1024 * 1024 / 9));
    let p = parse(&text);
    assert_eq!(p.blocks.len(), 1);
    assert_eq!(p.blocks[0].content.len(), text.len() - 2 - 1);
}

#[test]
fn fifty_thousand_brackets_and_parens() {
    let text = format!(
        "- {}\n- {}\n  {}",
        "[".repeat(50_000),
        "((".repeat(50_000),
        "```a\n".repeat(50_000)
    );
    let p = parse(&text);
    assert_eq!(p.blocks.len(), 2);
}

#[test]
fn many_unclosed_openers_stay_linear() {
    // Each unclosed fence / BEGIN must not rescan the rest of the file.
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "- a\n  {}x\n  #+BEGIN_X{i}\n",
            "`".repeat(3 + i % 50)
        ));
    }
    let p = parse(&text);
    assert_eq!(p.blocks.len(), 20_000);
}

#[test]
fn sizes_n_and_2n_both_complete() {
    // RELIABILITY.md case 3: no timing assert (CI machines vary); printed for inspection.
    for n in [20_000, 40_000] {
        let text = "- a [[b]] #c\n  text ((x))\n  - d\n".repeat(n);
        let t = std::time::Instant::now();
        let p = parse(&text);
        eprintln!("{} bytes: {:?}", text.len(), t.elapsed());
        assert_eq!(p.blocks.len(), 2 * n);
    }
}

fn markdown_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// Every `.md` of the real graph parses. Measured: 1,555 files read (1,561 less the 6 dot-named
/// ones), 74 blank, 11,870 blocks of which 1,183 pre-blocks (1,141 with page properties, 42
/// with text only). Logseq's DB has 11,904 blocks and the same 1,183 pre-blocks; the 34 extra
/// blocks are not from markdown outlines: Logseq also stores whiteboard shapes as blocks (28 in
/// the 4 valid whiteboards, which innsite parses elsewhere) and merges the files of duplicate
/// page names (§2.6) into one page, whereas this test counts every block of every file.
#[test]
fn real_graph_parses() {
    let root = Path::new("../shared/corpus/innbok");
    if !root.exists() {
        eprintln!("skipped: {} not found", root.display());
        return;
    }
    let (mut blank, mut blocks, mut pre) = (0, 0, 0);
    let files = markdown_files(root);
    for path in &files {
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(path).expect("read corpus file");
        let p = parse_page(&source(&rel), &bytes, NameFormat::TripleLowbar);
        blank += usize::from(p.blank);
        blocks += p.blocks.len();
        pre += p.blocks.iter().filter(|b| b.pre_block).count();
        assert!(
            p.diagnostics.iter().all(|d| d.kind != Kind::InvalidUtf8),
            "{rel}"
        );
    }
    eprintln!(
        "{} files, {blank} blank, {blocks} blocks, {pre} pre-blocks",
        files.len()
    );
    assert_eq!(files.len(), 1_555);
    assert_eq!(blank, 74);
    assert!((11_500..=12_000).contains(&blocks), "{blocks} blocks");
    assert_eq!(pre, 1_183, "Logseq's pre-block count");
}
