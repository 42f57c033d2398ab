//! The parsed form of one source file: what `parse` gives and `graph` indexes.
//!
//! These are plain data: a page with its properties and a flat arena of blocks (parents and
//! children by index, so no recursion is needed to build or walk very deep outlines), and the
//! references found in them. Nothing here knows about other pages; resolution is the graph's job.

use crate::diagnostics::Diagnostic;
use serde::Serialize;
use std::path::PathBuf;

/// What kind of source a discovered file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A Logseq markdown page (`.md`).
    Markdown,
    /// A tldraw whiteboard (`whiteboards/*.edn`).
    Whiteboard,
}

/// A file of the graph that becomes a page, before parsing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceFile {
    /// Path relative to the graph root, `/`-separated. Sorting by it gives "path order".
    pub rel_path: String,
    pub abs_path: PathBuf,
    pub kind: SourceKind,
}

/// A file of the graph's `assets/` folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Asset {
    /// Path relative to the `assets/` folder, `/`-separated (what `../assets/<name>` names).
    pub name: String,
    #[serde(skip)]
    pub abs_path: PathBuf,
    pub size: u64,
}

/// Task markers Logseq recognises at the start of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING-KEBAB-CASE")]
pub enum Marker {
    Todo,
    Doing,
    Done,
    Later,
    Now,
    Wait,
    Waiting,
    InProgress,
    Canceled,
    Cancelled,
    /// A marker for Logseq's parser (so not part of the title), with no checkbox.
    Started,
}

impl Marker {
    /// Every marker with the exact text Logseq matches.
    pub const ALL: [(Marker, &'static str); 11] = [
        (Marker::Todo, "TODO"),
        (Marker::Doing, "DOING"),
        (Marker::Done, "DONE"),
        (Marker::Later, "LATER"),
        (Marker::Now, "NOW"),
        (Marker::Wait, "WAIT"),
        (Marker::Waiting, "WAITING"),
        (Marker::InProgress, "IN-PROGRESS"),
        (Marker::Canceled, "CANCELED"),
        (Marker::Cancelled, "CANCELLED"),
        (Marker::Started, "STARTED"),
    ];

    /// The marker as written (`TODO`).
    pub fn as_str(self) -> &'static str {
        Marker::ALL
            .iter()
            .find(|(m, _)| *m == self)
            .map(|(_, s)| *s)
            .unwrap_or("TODO")
    }

    /// The marker starting `text`, if any: the word must be followed by whitespace or end.
    pub fn parse(word: &str) -> Option<Marker> {
        Marker::ALL
            .iter()
            .find(|(_, s)| *s == word)
            .map(|(m, _)| *m)
    }
}

/// A parsed property value (LOGSEQ.md §3.7). `raw` on [`Property`] keeps the text for display.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum PropertyValue {
    /// `key::` with nothing after it.
    Empty,
    /// `"quoted"`: the text without quotes.
    Quoted(String),
    /// Page references found in the value (`[[x]]`, `#x`, `#[[x]]`, `[l]([[x]])`, and for
    /// `alias`/`tags` comma-separated words), as written (trimmed), in order, deduplicated.
    Refs(Vec<String>),
    Bool(bool),
    /// `^\d+$` only; decimals stay `Text` as in Logseq (use [`Property::number`] to order).
    Integer(i64),
    Text(String),
}

/// One `key:: value` line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Property {
    /// Normalised key: lower-case, spaces and `_` replaced by `-`.
    pub key: String,
    /// The value text as written, trimmed.
    pub raw: String,
    pub value: PropertyValue,
    /// 1-based line in the file.
    pub line: u32,
}

impl Property {
    /// The value as a decimal number, for ordering (`33.6`, `80`); `None` when not numeric.
    pub fn number(&self) -> Option<f64> {
        let t = self.raw.trim();
        if t.is_empty() {
            return None;
        }
        t.parse::<f64>().ok().filter(|n| n.is_finite())
    }
}

/// Properties in file order. Lookup is linear: blocks have a handful.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Properties(pub Vec<Property>);

impl Properties {
    pub fn get(&self, key: &str) -> Option<&Property> {
        self.0.iter().find(|p| p.key == key)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Property> {
        self.0.iter()
    }
}

/// How a page reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageRefKind {
    /// `[[name]]`
    Link,
    /// `[label]([[name]])` or `[label](page name)`
    Labelled,
    /// `#name` or `#[[name]]`
    Tag,
    /// A reference inside a property value.
    Property,
    /// `{{embed [[name]]}}`
    Embed,
    /// A task marker (`TODO` refs the page `todo`) or a priority (`[#A]` refs the page `a`).
    Marker,
}

/// One reference made by a block (or by the page properties), in source order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Ref {
    /// A reference to a page by name (as written, trimmed).
    Page {
        name: String,
        kind: PageRefKind,
        line: u32,
    },
    /// `((uuid))`
    Block { uuid: String, line: u32 },
    /// `{{embed ((uuid))}}`
    EmbedBlock { uuid: String, line: u32 },
    /// `{{embed [[]]}}` or `{{embed}}` with nothing usable: renders nothing.
    EmbedEmpty { line: u32 },
    /// `{{query ...}}` (the text between `query` and `}}`) or a `#+BEGIN_QUERY` body.
    Query {
        text: String,
        advanced: bool,
        line: u32,
    },
    /// `{{name args}}` for any other macro (`renderer`, `video`, ...).
    Macro {
        name: String,
        args: String,
        line: u32,
    },
    /// `../assets/<name>` (any number of `../`), the asset name as written, percent-decoded.
    Asset { name: String, line: u32 },
}

impl Ref {
    pub fn line(&self) -> u32 {
        match self {
            Ref::Page { line, .. }
            | Ref::Block { line, .. }
            | Ref::EmbedBlock { line, .. }
            | Ref::EmbedEmpty { line }
            | Ref::Query { line, .. }
            | Ref::Macro { line, .. }
            | Ref::Asset { line, .. } => *line,
        }
    }
}

/// Index of a block in its page's arena.
pub type BlockIx = usize;

/// One block of the outline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// 1-based line of the block's first line.
    pub line: u32,
    pub parent: Option<BlockIx>,
    pub children: Vec<BlockIx>,
    /// `#` count of a heading block (`- ### x` → 3), or from `heading::`.
    pub heading: Option<u8>,
    pub marker: Option<Marker>,
    /// The block's markdown: first line without bullet, heading hashes and marker, then the
    /// continuation lines with the structural indentation removed; property lines removed.
    pub content: String,
    pub properties: Properties,
    /// `id::` value, lower-cased.
    pub uuid: Option<String>,
    /// `collapsed:: true`
    pub collapsed: bool,
    /// The page-properties block (or text before the first bullet).
    pub pre_block: bool,
    /// References in content and property values, in source order.
    pub refs: Vec<Ref>,
}

/// One parsed source file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedPage {
    /// Graph-relative path of the file.
    pub file: String,
    pub kind: SourceKind,
    /// Display name: `title::`, else from the file name (LOGSEQ.md §2.1), trimmed.
    pub name: String,
    /// Page properties (the pre-block's properties), in file order.
    pub properties: Properties,
    /// All blocks in document order; the pre-block, when present, is first.
    pub blocks: Vec<Block>,
    /// Top-level blocks in order.
    pub roots: Vec<BlockIx>,
    /// Empty or whitespace-only file: no page unless referenced.
    pub blank: bool,
    /// Problems found while parsing this file.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedPage {
    /// True when the page has at least one block with content or children (besides the
    /// page-properties block): what an embed shows.
    pub fn has_content(&self) -> bool {
        self.blocks
            .iter()
            .any(|b| !b.content.trim().is_empty() || (!b.pre_block && !b.children.is_empty()))
    }
}
