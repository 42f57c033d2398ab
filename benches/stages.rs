//! In-process stage benchmarks (criterion): parse, load (discover + parse + index), the site
//! graph's layout and build (render + write) of a synthetic innbok-shaped graph.
//!
//! Takes the graph size from `INNSITE_BENCH_PAGES` (default 1,000) and generates the graph once
//! with `../shared/bench/gen_corpus.py` (seed 42) under the system temp folder; gives criterion's
//! timings per stage. Whole-process builds side by side with Hugo are `scripts/bench.sh`. It never
//! writes outside the temp folder and fails (does not skip) when the generator is missing.
//!
//! `cargo bench --bench stages` runs it; `cargo bench --bench stages -- --test` runs each stage
//! once (the smoke check of `scripts/bench.sh --smoke`).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use innsite::config::{self, Config, Overrides};
use innsite::discover::{discover, DiscoverOptions};
use innsite::{load, LoadOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Pages of the generated graph.
fn pages() -> usize {
    std::env::var("INNSITE_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

/// The synthetic graph of `n` pages, generated on first use.
fn corpus(n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("innsite-bench/logseq-{n}-s42"));
    if dir.join("manifest.tsv").is_file() {
        return dir;
    }
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generator = crate_dir.join("../shared/bench/gen_corpus.py");
    assert!(
        generator.is_file(),
        "the corpus generator {} is missing",
        generator.display()
    );
    let status = Command::new("python3")
        .arg(&generator)
        .args([
            "--pages",
            &n.to_string(),
            "--seed",
            "42",
            "--flavor",
            "logseq",
        ])
        .arg("--out")
        .arg(&dir)
        .arg("--force")
        .status()
        .expect("python3 runs");
    assert!(status.success(), "gen_corpus.py failed: {status}");
    dir
}

/// The site configuration the CLI would use for `content`, writing to `output`.
fn site_config(content: &Path, output: &Path) -> Config {
    let overrides = Overrides {
        content: Some(content.to_path_buf()),
        output: Some(output.to_path_buf()),
        base_url: None,
    };
    let (cfg, _) = config::load(None, &overrides).expect("configuration loads");
    cfg
}

/// Every markdown file of the graph, read into memory once.
fn sources(content: &Path) -> Vec<(innsite::model::SourceFile, Vec<u8>)> {
    let found = discover(content, &DiscoverOptions::default()).expect("graph is discovered");
    found
        .pages
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f.abs_path).expect("file reads");
            (f, bytes)
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let n = pages();
    let content = corpus(n);
    let scratch = tempfile::tempdir().expect("temp dir");
    let output = scratch.path().join("public");
    let cfg = site_config(&content, &output);
    let options = LoadOptions::from_config(&cfg);
    let files = sources(&content);
    let format = cfg.graph.name_format;

    let mut group = c.benchmark_group(format!("{n} pages"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements(n as u64));
    group.bench_function("parse (one thread, in memory)", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(f, bytes)| innsite::parse::parse_page(f, bytes, format).blocks.len())
                .sum::<usize>()
        })
    });
    group.bench_function("load (discover, parse, index)", |b| {
        b.iter(|| {
            load(&options, vec![])
                .expect("graph loads")
                .graph
                .pages
                .len()
        })
    });
    let loaded = load(&options, vec![]).expect("graph loads");
    let nodes = innsite::graphview::data::Index::new(&loaded.graph);
    let edges = nodes.edges();
    group.bench_function("site graph layout (one thread)", |b| {
        b.iter(|| {
            innsite::graphview::layout::layout(nodes.pages.len(), &edges, &Default::default()).len()
        })
    });
    let site_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    group.bench_function("build (render, write)", |b| {
        b.iter_batched(
            || std::fs::remove_dir_all(&output).ok(),
            |_| {
                innsite::build::build(&cfg, &loaded, site_dir, &innsite::timings::Timings::new())
                    .expect("site builds")
                    .pages
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
