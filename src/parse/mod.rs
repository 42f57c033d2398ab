//! Parse: one source file's bytes → a [`ParsedPage`](crate::model::ParsedPage).
//!
//! Pure and per file, so the caller runs it in parallel. It never looks at other pages, never
//! fails and never panics on any input: bad bytes, odd indentation and huge files give
//! diagnostics and a best-effort page.

pub mod inline;
pub mod outline;
pub mod properties;
pub mod whiteboard;

mod block;
mod segment;
mod text;

#[cfg(test)]
mod block_tests;
#[cfg(test)]
mod page_tests;

/// A markdown page at `path` with `text`, parsed with the default file-name format: the
/// fixture of the tests that need a parsed page (graph building, patching, journals).
#[cfg(test)]
pub(crate) fn parse_markdown(path: &str, text: &str) -> crate::model::ParsedPage {
    let file = crate::model::SourceFile {
        rel_path: path.to_string(),
        abs_path: path.into(),
        kind: crate::model::SourceKind::Markdown,
    };
    parse_page(&file, text.as_bytes(), Default::default())
}
#[cfg(test)]
mod robust_tests;

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{ParsedPage, SourceFile};
use crate::name::{page_name_from_file, NameFormat};

/// Parse one markdown page file: decode (§RELIABILITY 4), outline (LOGSEQ.md §3), name (§2.1).
///
/// A blank file (empty or whitespace only, after decoding) gives `blank: true`, no blocks and a
/// `BlankFile` info: Logseq makes no page for it (§1, §11 item 2).
pub fn parse_page(file: &SourceFile, bytes: &[u8], format: NameFormat) -> ParsedPage {
    let path = file.rel_path.as_str();
    let (text, mut diagnostics) = text::decode(path, bytes);
    let file_name = page_name_from_file(path, format);
    if text.trim().is_empty() {
        diagnostics.push(Diagnostic::info(
            Kind::BlankFile,
            path,
            None,
            "empty or whitespace-only file: Logseq makes no page for it",
        ));
        return ParsedPage {
            file: file.rel_path.clone(),
            kind: file.kind,
            name: file_name,
            properties: Default::default(),
            blocks: Vec::new(),
            roots: Vec::new(),
            blank: true,
            diagnostics,
        };
    }
    let outline = outline::parse_outline(path, &text);
    diagnostics.extend(outline.diagnostics);
    // §2.1 rule 2: a `title::` page property overrides the file name, trimmed.
    let name = outline
        .properties
        .get("title")
        .map(|p| p.raw.trim())
        .filter(|t| !t.is_empty())
        .map_or(file_name, str::to_string);
    ParsedPage {
        file: file.rel_path.clone(),
        kind: file.kind,
        name,
        properties: outline.properties,
        blocks: outline.blocks,
        roots: outline.roots,
        blank: false,
        diagnostics,
    }
}
