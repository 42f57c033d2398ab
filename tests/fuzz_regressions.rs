//! The fuzz corpora as ordinary tests: every file of `fuzz/corpus/<target>/` (inputs libFuzzer
//! found interesting, minimised) and of `fuzz/regressions/<target>/` (inputs that once crashed
//! or hung) goes through the same checks as the fuzz targets (`fuzz/checks.rs`, included by
//! path), so CI exercises them with plain `cargo test` and never fuzzes.
//!
//! Takes the files in those folders; fails on a broken invariant, a panic, an input slower than
//! [`MAX_PER_INPUT`], or an empty corpus (so the test cannot pass by finding nothing).

#[path = "../fuzz/checks.rs"]
mod checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Every corpus input is at most a few KB; the slowest takes milliseconds in a release build.
/// The bound is generous for debug builds on a loaded machine, and still catches a super-linear
/// (hanging) input.
const MAX_PER_INPUT: Duration = Duration::from_secs(5);

/// The files of the corpus and regression folders of a target, sorted.
fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files: Vec<PathBuf> = ["corpus", "regressions"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(fuzz.join(dir).join(target)).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Run `check` on every input of `target`; report every failure at once.
fn replay(target: &str, check: fn(&[u8]) -> Result<(), String>) {
    let files = inputs(target);
    assert!(
        files.len() >= 20,
        "fuzz/corpus/{target}/ holds only {} inputs",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let data = std::fs::read(file).expect("corpus file is readable");
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| check(&data)));
        let took = start.elapsed();
        let name = file.display();
        match outcome {
            Ok(Ok(())) if took <= MAX_PER_INPUT => {}
            Ok(Ok(())) => failures.push(format!("{name}: took {took:?}")),
            Ok(Err(e)) => failures.push(format!("{name}: {e}")),
            Err(_) => failures.push(format!("{name}: panicked")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn parse_page_corpus_replays() {
    replay("parse_page", checks::check_page);
}

#[test]
fn name_path_corpus_replays() {
    replay("name_path", checks::check_names);
}

/// The checks themselves reject what they must (so a replay that passes means something).
#[test]
fn checks_reject_unsafe_slugs() {
    for bad in [
        "",
        "a//b",
        "..",
        "a/./b",
        "_assets",
        "_static/x",
        "_search",
        "_pages",
        "_tags",
        "con",
        "a/nul.txt",
        "com1",
        "a:b",
        "a\\b",
        "a?b",
        "a*b",
        "a\"b",
        "a<b",
        "a>b",
        "a|b",
        "a\u{1}b",
        "trailing.",
        "trailing ",
        "/abs",
    ] {
        assert!(checks::check_slug(bad).is_err(), "{bad:?} was accepted");
    }
    let long = "é".repeat(128);
    assert!(
        checks::check_slug(&long).is_err(),
        "a 256-byte segment was accepted"
    );
    for good in [
        "a",
        "topic/business-model",
        "_21",
        "_con",
        "qué-es",
        "a~0f3a9c",
    ] {
        assert!(checks::check_slug(good).is_ok(), "{good:?} was refused");
    }
}
