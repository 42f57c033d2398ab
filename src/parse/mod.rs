//! Parse: one source file's bytes → a [`ParsedPage`](crate::model::ParsedPage).
//!
//! Pure and per file, so the caller runs it in parallel. It never looks at other pages.

pub mod inline;
pub mod outline;
pub mod properties;
pub mod whiteboard;

use crate::model::{ParsedPage, SourceFile};
use crate::name::NameFormat;

/// Parse one markdown page file.
pub fn parse_page(file: &SourceFile, bytes: &[u8], format: NameFormat) -> ParsedPage {
    let _ = (bytes, format);
    ParsedPage {
        file: file.rel_path.clone(),
        kind: file.kind,
        name: file.rel_path.clone(),
        properties: Default::default(),
        blocks: Vec::new(),
        roots: Vec::new(),
        blank: true,
        diagnostics: Vec::new(),
    }
}
