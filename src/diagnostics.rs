//! Diagnostics: typed problems found in the graph, each with a file and (where known) a line.
//!
//! Every stage collects diagnostics instead of failing fast; the check command prints them and
//! counts them by kind. This module never decides what is a problem: stages do. It only gives the
//! vocabulary (`Kind`, `Severity`) and a stable ordering so output is deterministic.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How bad a diagnostic is. `Error` makes `innsite check` exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// What kind of problem a diagnostic reports. The serialized names are part of the stable JSON
/// format of `innsite check --format json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A file could not be read (I/O error).
    UnreadableFile,
    /// A file is not valid UTF-8; it is parsed with the invalid bytes replaced (U+FFFD).
    InvalidUtf8,
    /// A file contains NUL bytes; they are dropped.
    NulBytes,
    /// A file Logseq never reads (name starts with `.`, hidden by `:hidden`, a symlink).
    SkippedFile,
    /// A file that is empty or only whitespace: it gives no page.
    BlankFile,
    /// Two or more files give the same page name.
    DuplicatePage,
    /// The outline is nested deeper than innsite keeps; deeper blocks are flattened.
    OutlineTooDeep,
    /// A second run of page properties after a blank line (Logseq ignores it).
    IgnoredProperties,
    /// `{{embed [[x]]}}` or `{{embed ((uuid))}}` whose target does not exist or has no content.
    EmbedMissing,
    /// An embed that would expand a page or block that is already being expanded.
    EmbedCycle,
    /// An embed chain deeper than the depth limit.
    EmbedTooDeep,
    /// A page whose embeds would expand beyond the expansion budget.
    EmbedBudget,
    /// `((uuid))` that names no block.
    DanglingBlockRef,
    /// Two blocks declare the same `id::`.
    DuplicateBlockId,
    /// A referenced asset is not in the graph's `assets/` folder.
    MissingAsset,
    /// Two pages would be published at the same URL; one got a suffixed slug.
    SlugCollision,
    /// An alias claimed by several pages.
    SharedAlias,
    /// A favorite in `config.edn` names a page that does not exist.
    MissingFavorite,
    /// `config.edn` or a whiteboard is not valid EDN, or has unexpected values.
    InvalidEdn,
    /// `site.toml` problems that do not stop the build.
    Config,
    /// A macro innsite does not know.
    UnknownMacro,
    /// A query that is invalid or not supported at build time.
    Query,
    /// A link innsite cannot publish (e.g. `file://`).
    UnpublishableLink,
    /// Property-value junk such as `#{"x"}`.
    PropertyValue,
    /// A page left out by the publishing rules (`public:: false`).
    Withheld,
    /// A `$…$` / `$$…$$` formula that is not valid LaTeX; shown as its source.
    Math,
}

impl Kind {
    /// The stable kebab-case name used in text and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::UnreadableFile => "unreadable-file",
            Kind::InvalidUtf8 => "invalid-utf8",
            Kind::NulBytes => "nul-bytes",
            Kind::SkippedFile => "skipped-file",
            Kind::BlankFile => "blank-file",
            Kind::DuplicatePage => "duplicate-page",
            Kind::OutlineTooDeep => "outline-too-deep",
            Kind::IgnoredProperties => "ignored-properties",
            Kind::EmbedMissing => "embed-missing",
            Kind::EmbedCycle => "embed-cycle",
            Kind::EmbedTooDeep => "embed-too-deep",
            Kind::EmbedBudget => "embed-budget",
            Kind::DanglingBlockRef => "dangling-block-ref",
            Kind::DuplicateBlockId => "duplicate-block-id",
            Kind::MissingAsset => "missing-asset",
            Kind::SlugCollision => "slug-collision",
            Kind::SharedAlias => "shared-alias",
            Kind::MissingFavorite => "missing-favorite",
            Kind::InvalidEdn => "invalid-edn",
            Kind::Config => "config",
            Kind::UnknownMacro => "unknown-macro",
            Kind::Query => "query",
            Kind::UnpublishableLink => "unpublishable-link",
            Kind::PropertyValue => "property-value",
            Kind::Withheld => "withheld",
            Kind::Math => "math",
        }
    }
}

/// One problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    /// Graph-relative path with `/` separators; empty for graph-wide problems.
    pub file: String,
    /// 1-based line, when the problem has one.
    pub line: Option<u32>,
    pub severity: Severity,
    pub kind: Kind,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        kind: Kind,
        severity: Severity,
        file: &str,
        line: Option<u32>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_string(),
            line,
            severity,
            kind,
            message: message.into(),
        }
    }
    pub fn warning(kind: Kind, file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(kind, Severity::Warning, file, line, message)
    }
    pub fn error(kind: Kind, file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(kind, Severity::Error, file, line, message)
    }
    pub fn info(kind: Kind, file: &str, line: Option<u32>, message: impl Into<String>) -> Self {
        Self::new(kind, Severity::Info, file, line, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        match (self.file.is_empty(), self.line) {
            (true, _) => write!(f, "{sev}[{}]: {}", self.kind.as_str(), self.message),
            (false, Some(line)) => {
                write!(
                    f,
                    "{}:{line}: {sev}[{}]: {}",
                    self.file,
                    self.kind.as_str(),
                    self.message
                )
            }
            (false, None) => write!(
                f,
                "{}: {sev}[{}]: {}",
                self.file,
                self.kind.as_str(),
                self.message
            ),
        }
    }
}

/// A collection of diagnostics from all stages.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }
    /// Sort by file, line, kind, message: the order is independent of thread scheduling.
    pub fn sort(&mut self) {
        self.0.sort();
        self.0.dedup();
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }
    /// Diagnostics counted by kind name, in name order.
    pub fn by_kind(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for d in &self.0 {
            *m.entry(d.kind.as_str()).or_insert(0) += 1;
        }
        m
    }
}
