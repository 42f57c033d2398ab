//! Whiteboards: a tldraw `.edn` file → a page listing its portals (skeleton).

use crate::model::{ParsedPage, SourceFile};

/// Parse a whiteboard file into a page whose blocks are its portals, in shape order.
pub fn parse_whiteboard(file: &SourceFile, bytes: &[u8]) -> ParsedPage {
    let _ = bytes;
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
