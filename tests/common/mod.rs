//! Shared helpers of the integration tests: load a graph or build a site the way the CLI
//! does, from a graph folder, into a temporary output folder.

#![allow(dead_code)]

pub mod browser;
pub mod server;
pub mod serving;

use innsite::config::{self, Config, Overrides};
use innsite::{load, LoadOptions, Loaded};
use std::path::{Path, PathBuf};

/// The real innbok graph, when it is beside the repository.
pub fn innbok() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/innbok");
    p.exists().then_some(p)
}

/// The repository's sample graph.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The configuration of the repository's site.toml with the given overrides.
pub fn config(content: &Path, output: Option<&Path>, base_url: Option<&str>) -> Config {
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("site.toml");
    let overrides = Overrides {
        content: Some(content.to_path_buf()),
        output: output.map(Path::to_path_buf),
        base_url: base_url.map(str::to_string),
    };
    let (cfg, _) = config::load(Some(&site), &overrides).expect("site.toml loads");
    cfg
}

/// Write a graph of `pages` (file name under `pages/`, text) into a temporary folder.
pub fn graph_of(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in pages {
        let path = dir.path().join("pages").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Load a graph with `threads` worker threads.
pub fn load_graph(content: &Path, threads: usize) -> Loaded {
    let cfg = config(content, None, None);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    pool.install(|| load(&LoadOptions::from_config(&cfg), vec![]).expect("graph loads"))
}

/// Build a site into `output` with `threads` worker threads.
pub fn build_site(
    content: &Path,
    output: &Path,
    base_url: Option<&str>,
    threads: usize,
) -> innsite::build::BuildReport {
    let cfg = config(content, Some(output), base_url);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    pool.install(|| {
        let loaded = load(&LoadOptions::from_config(&cfg), vec![]).expect("graph loads");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        innsite::build::build(&cfg, &loaded, dir, &innsite::timings::Timings::new())
            .expect("site builds")
    })
}

/// Every file of a folder with its bytes, by path relative to it.
pub fn tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}
