//! Discover: the graph folder → its page files and assets (LOGSEQ.md §2.7, §5.8, §5.10, §11.1).
//!
//! Takes the graph root and the `:hidden` patterns / excluded folders, and gives the sorted
//! list of page sources (markdown files anywhere, whiteboards under `whiteboards/`) and of
//! `assets/` files, with a diagnostic for every file it leaves out that someone might expect
//! to see published. It only reads metadata: it never opens a file, never follows a symlink,
//! and fails only when the root itself cannot be read.

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{Asset, SourceFile, SourceKind};
use anyhow::{bail, Context};
use std::path::{Component, Path, PathBuf};
use walkdir::{DirEntry, WalkDir};

/// What to leave out besides Logseq's fixed rules.
#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// `:hidden` of `config.edn` (LOGSEQ.md §2.7), e.g. `"/archived"`.
    pub hidden: Vec<String>,
    /// Absolute folders to skip, e.g. the output folder when it lies inside the graph.
    pub exclude: Vec<PathBuf>,
}

/// The files of a graph.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// Markdown pages and whiteboards, sorted by `rel_path`.
    pub pages: Vec<SourceFile>,
    /// Files under `<root>/assets/`, sorted by name.
    pub assets: Vec<Asset>,
    /// Skipped and unreadable files, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Files left out by `:hidden`.
    pub skipped: usize,
}

/// Walk `root` and list its pages and assets.
///
/// Rules (LOGSEQ.md §2.7, §11.1): symlinks are never followed (each gives a `SkippedFile`
/// warning); files and folders whose name starts with `.` are skipped (`.git`, `.recycle`, the
/// dot-named pages `inn/LogSeq/.md` …: one `SkippedFile` info per dot-named page file); the
/// root `logseq/` folder (config, `bak/`), every `node_modules` and `version-files` folder, and
/// the `exclude` folders are skipped silently; `:hidden` patterns hide files by string prefix
/// of `"/" + rel_path` (counted in `skipped`). Pages are `*.md`/`*.markdown` (any case)
/// anywhere outside `assets/`; whiteboards are `whiteboards/*.edn` at the root; every other
/// file outside `assets/` is ignored. Walk errors become `UnreadableFile` warnings.
///
/// Errors only when `root` is unreadable or not a directory.
pub fn discover(root: &Path, options: &DiscoverOptions) -> anyhow::Result<Discovery> {
    let root = open_root(root)?;
    let mut walker = Walker {
        excludes: options.exclude.iter().map(|p| resolve(p)).collect(),
        hidden: hidden_patterns(&options.hidden),
        out: Discovery::default(),
        root,
    };
    // Walked in the file system's order (sorting each folder's entries by name takes the
    // name apart from the path at every comparison): what is found is sorted below.
    let mut it = WalkDir::new(&walker.root)
        .follow_links(false)
        .min_depth(1)
        .into_iter();
    while let Some(next) = it.next() {
        match next {
            Ok(entry) => {
                if walker.visit(&entry) {
                    it.skip_current_dir();
                }
            }
            Err(e) => walker.walk_error(&e),
        }
    }
    let mut out = walker.out;
    out.pages.sort();
    out.assets.sort();
    out.diagnostics.sort();
    Ok(out)
}

/// The root, canonicalized, after checking it is a readable directory.
fn open_root(root: &Path) -> anyhow::Result<PathBuf> {
    let meta = std::fs::metadata(root)
        .with_context(|| format!("cannot read the graph folder {}", root.display()))?;
    if !meta.is_dir() {
        bail!("the graph folder {} is not a directory", root.display());
    }
    std::fs::read_dir(root)
        .with_context(|| format!("cannot list the graph folder {}", root.display()))?;
    std::fs::canonicalize(root)
        .with_context(|| format!("cannot resolve the graph folder {}", root.display()))
}

/// Canonical form of an excluded folder, or its absolute form when it does not exist yet.
fn resolve(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Logseq's `hidden?` (`deps/common/.../config.cljs`): a pattern without a leading `/` gets
/// one. Blank patterns are dropped (they would hide the whole graph).
fn hidden_patterns(patterns: &[String]) -> Vec<String> {
    patterns
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            if p.starts_with('/') {
                p.clone()
            } else {
                format!("/{p}")
            }
        })
        .collect()
}

struct Walker {
    root: PathBuf,
    excludes: Vec<PathBuf>,
    hidden: Vec<String>,
    out: Discovery,
}

impl Walker {
    /// Handle one entry; true when it is a directory whose contents must be skipped.
    fn visit(&mut self, entry: &DirEntry) -> bool {
        let is_dir = entry.file_type().is_dir();
        if self.excludes.iter().any(|ex| entry.path().starts_with(ex)) {
            return is_dir;
        }
        let Some(rel) = rel_path(&self.root, entry.path()) else {
            let lossy = entry
                .path()
                .strip_prefix(&self.root)
                .unwrap_or(entry.path());
            let file = lossy.to_string_lossy().replace('\\', "/");
            let msg = "skipped: the name is not valid UTF-8";
            self.out
                .diagnostics
                .push(Diagnostic::warning(Kind::SkippedFile, &file, None, msg));
            return is_dir;
        };
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if name.starts_with('.') {
            if !is_dir && has_page_ext(name) {
                let msg = "skipped: Logseq never reads files whose name starts with `.`";
                self.out
                    .diagnostics
                    .push(Diagnostic::info(Kind::SkippedFile, &rel, None, msg));
            }
            return is_dir;
        }
        if entry.path_is_symlink() {
            let msg = "skipped: symbolic links are not followed";
            self.out
                .diagnostics
                .push(Diagnostic::warning(Kind::SkippedFile, &rel, None, msg));
            return false;
        }
        if is_dir {
            return is_ignored_dir(name, entry.depth());
        }
        if !entry.file_type().is_file() {
            return false;
        }
        if self.is_hidden(&rel) {
            self.out.skipped += 1;
            return false;
        }
        self.add_file(entry, rel);
        false
    }

    /// `:hidden` test (LOGSEQ.md §2.7): string prefix of `"/" + rel_path`.
    fn is_hidden(&self, rel: &str) -> bool {
        let slashed = format!("/{rel}");
        self.hidden.iter().any(|p| slashed.starts_with(p.as_str()))
    }

    /// Record a regular file as an asset, a page, a whiteboard, or nothing.
    fn add_file(&mut self, entry: &DirEntry, rel: String) {
        let abs_path = entry.path().to_path_buf();
        if let Some(name) = rel.strip_prefix("assets/") {
            match entry.metadata() {
                Ok(meta) => self.out.assets.push(Asset {
                    name: name.to_string(),
                    abs_path,
                    size: meta.len(),
                }),
                Err(e) => self.unreadable(&rel, &e.to_string()),
            }
            return;
        }
        let kind = if has_page_ext(&rel) {
            SourceKind::Markdown
        } else if is_whiteboard(&rel) {
            SourceKind::Whiteboard
        } else {
            return;
        };
        self.out.pages.push(SourceFile {
            rel_path: rel,
            abs_path,
            kind,
        });
    }

    fn walk_error(&mut self, e: &walkdir::Error) {
        let file = e
            .path()
            .map(|p| p.strip_prefix(&self.root).unwrap_or(p))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        self.unreadable(&file, &e.to_string());
    }

    fn unreadable(&mut self, file: &str, why: &str) {
        let msg = format!("cannot read: {why}");
        self.out
            .diagnostics
            .push(Diagnostic::warning(Kind::UnreadableFile, file, None, msg));
    }
}

/// `path` relative to `root`, `/`-separated; `None` if not under root or not UTF-8.
fn rel_path(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Folders Logseq never reads: `logseq/` at the root (config, `bak/`), `node_modules`,
/// `version-files` (LOGSEQ.md §2.7).
fn is_ignored_dir(name: &str, depth: usize) -> bool {
    (depth == 1 && name == "logseq") || name == "node_modules" || name == "version-files"
}

/// `*.md` or `*.markdown`, any case.
fn has_page_ext(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown")
    })
}

/// `whiteboards/<name>.edn` directly under the root's `whiteboards/` (LOGSEQ.md §5.10).
fn is_whiteboard(rel: &str) -> bool {
    rel.strip_prefix("whiteboards/").is_some_and(|name| {
        !name.contains('/')
            && name
                .rsplit_once('.')
                .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("edn"))
    })
}

#[cfg(test)]
mod tests;
