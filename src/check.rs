//! Check report: what `innsite check` prints — figures about the graph and every diagnostic.
//!
//! Takes a loaded graph and gives a [`Report`] that prints as text for people or as stable
//! JSON for editors and CI (`format_version` 1; fields are only ever added). It never
//! changes the graph.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::graph::PageKind;
use crate::model::{Block, PageRefKind, Ref};
use crate::Loaded;
use serde::Serialize;
use std::collections::BTreeMap;

/// Figures about the graph.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Page files read (markdown and whiteboards, blank ones included).
    pub files_read: usize,
    /// Files that are empty or whitespace only (no page of their own).
    pub blank_files: usize,
    /// Files Logseq never reads (dot-files, `:hidden`, symlinks).
    pub skipped_files: usize,
    /// Pages with a markdown file (duplicate files count once).
    pub file_pages: usize,
    pub whiteboards: usize,
    /// Pages that exist only as reference targets or namespace parents.
    pub stub_pages: usize,
    /// `alias::` names without a file of their own.
    pub alias_pages: usize,
    pub pages: usize,
    pub blocks: usize,
    /// `{{embed ...}}` macros written in the files (copies of duplicate pages included),
    /// empty ones included.
    pub embeds: usize,
    /// `((uuid))` references.
    pub block_refs: usize,
    /// `{{query}}` and `#+BEGIN_QUERY` instances.
    pub queries: usize,
    /// Files in the graph's `assets/` folder.
    pub assets: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Diagnostics counted by kind.
    pub diagnostics_by_kind: BTreeMap<&'static str, usize>,
}

/// The whole check result.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub format_version: u32,
    pub summary: Summary,
    pub diagnostics: Diagnostics,
}

impl Report {
    /// Build the report of a loaded graph.
    pub fn new(loaded: &Loaded) -> Report {
        let g = &loaded.graph;
        let d = &loaded.diagnostics;
        let RefCounts {
            embeds,
            block_refs,
            queries,
        } = loaded.written;
        let summary = Summary {
            files_read: loaded.files_read,
            blank_files: g.blank_files.len(),
            skipped_files: loaded.skipped_files,
            file_pages: g.count(PageKind::File),
            whiteboards: g.count(PageKind::Whiteboard),
            stub_pages: g.count(PageKind::Stub),
            alias_pages: g.count(PageKind::Alias),
            pages: g.pages.len(),
            blocks: g.sources.iter().map(|s| s.blocks.len()).sum(),
            embeds,
            block_refs,
            queries,
            assets: g.assets.len(),
            errors: d.count(Severity::Error),
            warnings: d.count(Severity::Warning),
            diagnostics_by_kind: d.by_kind(),
        };
        Report {
            format_version: 1,
            summary,
            diagnostics: d.clone(),
        }
    }

    /// Exit status: 1 with any error, or with any warning when `strict`.
    pub fn failed(&self, strict: bool) -> bool {
        self.summary.errors > 0 || (strict && self.summary.warnings > 0)
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The report as text: one line per diagnostic (info only when `verbose`), then figures.
    pub fn to_text(&self, verbose: bool) -> String {
        let mut out = String::new();
        for d in self
            .diagnostics
            .iter()
            .filter(|d| verbose || d.severity != Severity::Info)
        {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        let s = &self.summary;
        out.push_str(&format!(
            "\n{} files read ({} blank, {} skipped)\n{} pages: {} with a file, {} whiteboards, {} stubs, {} aliases\n{} blocks, {} embeds, {} block refs, {} queries, {} assets\n",
            s.files_read, s.blank_files, s.skipped_files, s.pages, s.file_pages, s.whiteboards, s.stub_pages,
            s.alias_pages, s.blocks, s.embeds, s.block_refs, s.queries, s.assets
        ));
        let kinds: Vec<String> = s
            .diagnostics_by_kind
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        out.push_str(&format!(
            "{} errors, {} warnings, {} diagnostics in all{}\n",
            s.errors,
            s.warnings,
            self.diagnostics.len(),
            if kinds.is_empty() {
                String::new()
            } else {
                format!(": {}", kinds.join(", "))
            }
        ));
        out
    }
}

/// How many embeds, block refs and queries some blocks make.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RefCounts {
    pub embeds: usize,
    pub block_refs: usize,
    pub queries: usize,
}

impl RefCounts {
    pub fn of<'a>(blocks: impl Iterator<Item = &'a Block>) -> RefCounts {
        let mut c = RefCounts::default();
        for r in blocks.flat_map(|b| b.refs.iter()) {
            match r {
                Ref::Page {
                    kind: PageRefKind::Embed,
                    ..
                }
                | Ref::EmbedBlock { .. }
                | Ref::EmbedEmpty { .. } => c.embeds += 1,
                Ref::Block { .. } => c.block_refs += 1,
                Ref::Query { .. } => c.queries += 1,
                _ => {}
            }
        }
        c
    }
}

/// Diagnostics sorted for output.
pub fn sorted(mut ds: Vec<Diagnostic>) -> Diagnostics {
    let mut d = Diagnostics::default();
    ds.sort();
    ds.dedup();
    d.extend(ds);
    d
}
