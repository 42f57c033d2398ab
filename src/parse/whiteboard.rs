//! Whiteboards: a tldraw `whiteboards/*.edn` file → a page listing its shapes (LOGSEQ.md §5.10).
//!
//! It takes the file's bytes and gives a [`ParsedPage`] of kind `Whiteboard`: named by the
//! `:block/original-name` of the file's page entry (else by its file name, §2.1 rule 5), with
//! one top-level block per shape worth showing, in shape order (see the `board` submodule): a
//! page portal is the block `[[Page]]`, a block portal `((uuid))`, a text or labelled shape its
//! text. A block portal whose block lives in the whiteboard file itself (blocks made on the
//! canvas) becomes that block, parsed like markdown, with its uuid, so references to it
//! resolve. It never draws the canvas and never fails: invalid EDN gives an `InvalidEdn`
//! warning (file, line, column) and an empty page named from the file, which is what Logseq
//! shows.

mod board;

#[cfg(test)]
mod tests;

use crate::config::edn;
use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{Block, BlockIx, PageRefKind, ParsedPage, Ref, SourceFile};
use crate::name::{page_name_from_file, NameFormat};
use crate::parse::outline::parse_outline;
use board::{Board, InFileBlock, ShapeKind};
use std::collections::BTreeSet;

/// Parse a whiteboard file into a page whose blocks are its portals, in shape order.
/// The file-name fallback for the page name reads `___` as `/` (`:triple-lowbar`).
pub fn parse_whiteboard(file: &SourceFile, bytes: &[u8]) -> ParsedPage {
    parse_whiteboard_with(file, bytes, NameFormat::TripleLowbar)
}

/// [`parse_whiteboard`] with the graph's `:file/name-format` for the file-name fallback.
pub fn parse_whiteboard_with(file: &SourceFile, bytes: &[u8], format: NameFormat) -> ParsedPage {
    let path = file.rel_path.as_str();
    let mut page = ParsedPage {
        file: file.rel_path.clone(),
        kind: file.kind,
        name: page_name_from_file(path, format),
        properties: Default::default(),
        blocks: Vec::new(),
        roots: Vec::new(),
        blank: false,
        diagnostics: Vec::new(),
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            let at = e.valid_up_to();
            let msg = format!("not valid UTF-8 at byte {at}: the whiteboard is shown empty");
            page.diagnostics
                .push(Diagnostic::warning(Kind::InvalidUtf8, path, None, msg));
            return page;
        }
    };
    let root = match edn::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let msg = format!("{e}: the whiteboard is shown empty, as in Logseq");
            page.diagnostics.push(Diagnostic::warning(
                Kind::InvalidEdn,
                path,
                Some(e.line),
                msg,
            ));
            return page;
        }
    };
    let board = Board::read(&root, text, path, &mut page.diagnostics);
    if let Some(name) = board.name.clone() {
        page.name = name;
    }
    Emitter {
        page: &mut page,
        board: &board,
        shown: BTreeSet::new(),
    }
    .emit_all();
    page
}

/// Appends the blocks of the shapes to the page.
struct Emitter<'a> {
    page: &'a mut ParsedPage,
    board: &'a Board,
    /// In-file blocks already placed (a uuid must appear once).
    shown: BTreeSet<String>,
}

impl Emitter<'_> {
    fn emit_all(&mut self) {
        let board = self.board;
        for shape in board.shapes_in_order() {
            let line = shape.line;
            match &shape.kind {
                ShapeKind::PagePortal(name) => {
                    let refs = vec![Ref::Page {
                        name: name.clone(),
                        kind: PageRefKind::Link,
                        line,
                    }];
                    self.push(None, plain(line, format!("[[{name}]]"), refs));
                }
                ShapeKind::BlockPortal(uuid) => {
                    if board.in_file(uuid).is_some() && !self.shown.contains(uuid) {
                        self.emit_in_file(uuid, line);
                    } else {
                        let refs = vec![Ref::Block {
                            uuid: uuid.clone(),
                            line,
                        }];
                        self.push(None, plain(line, format!("(({uuid}))"), refs));
                    }
                }
                ShapeKind::Text(text) => {
                    self.push(None, plain(line, text.clone(), Vec::new()));
                }
            }
        }
    }

    /// Add `block` under `parent` (or as a root); gives its index.
    fn push(&mut self, parent: Option<BlockIx>, mut block: Block) -> BlockIx {
        let ix = self.page.blocks.len();
        block.parent = parent;
        match parent.and_then(|p| self.page.blocks.get_mut(p)) {
            Some(p) => p.children.push(ix),
            None => self.page.roots.push(ix),
        }
        self.page.blocks.push(block);
        ix
    }

    /// Place an in-file block and its in-file descendants (file order), iteratively.
    fn emit_in_file(&mut self, uuid: &str, line: u32) {
        let board = self.board;
        let mut stack: Vec<(String, Option<BlockIx>)> = vec![(uuid.to_string(), None)];
        while let Some((uuid, parent)) = stack.pop() {
            let Some(block) = board.in_file(&uuid) else {
                continue;
            };
            if !self.shown.insert(uuid.clone()) {
                continue;
            }
            let ix = self.emit_content(block, parent, line);
            for child in board.children_of(&uuid).iter().rev() {
                stack.push((child.clone(), Some(ix)));
            }
        }
    }

    /// The block's content parsed as one markdown bullet; gives the index that carries its uuid.
    fn emit_content(&mut self, block: &InFileBlock, parent: Option<BlockIx>, line: u32) -> BlockIx {
        let outline = parse_outline(&self.page.file, &as_bullet(&block.content));
        for mut d in outline.diagnostics {
            d.line = Some(line);
            self.page.diagnostics.push(d);
        }
        let offset = self.page.blocks.len();
        let mut first = None;
        for (i, mut b) in outline.blocks.into_iter().enumerate() {
            relocate(&mut b, offset, line);
            let parent_here = match b.parent {
                Some(p) => Some(p),
                None => parent,
            };
            if b.parent.is_none() {
                if let Some(p) = parent.and_then(|p| self.page.blocks.get_mut(p)) {
                    p.children.push(offset + i);
                } else {
                    self.page.roots.push(offset + i);
                }
                first.get_or_insert(offset + i);
            }
            b.parent = parent_here;
            self.page.blocks.push(b);
        }
        let ix = match first {
            Some(ix) => ix,
            None => self.push(parent, plain(line, String::new(), Vec::new())),
        };
        if let Some(b) = self.page.blocks.get_mut(ix) {
            b.uuid = Some(block.uuid.clone());
        }
        ix
    }
}

/// The content as a markdown bullet: `- first line`, continuation lines indented by two spaces.
fn as_bullet(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + 16);
    for (i, l) in content.split('\n').enumerate() {
        out.push_str(if i == 0 { "- " } else { "\n  " });
        out.push_str(l.strip_suffix('\r').unwrap_or(l));
    }
    out
}

/// Shift a parsed block's indices by `offset` and point all its lines at the shape's line.
fn relocate(b: &mut Block, offset: usize, line: u32) {
    b.parent = b.parent.map(|p| p + offset);
    for c in &mut b.children {
        *c += offset;
    }
    b.line = line;
    for p in &mut b.properties.0 {
        p.line = line;
    }
    for r in &mut b.refs {
        set_line(r, line);
    }
}

fn set_line(r: &mut Ref, to: u32) {
    match r {
        Ref::Page { line, .. }
        | Ref::Block { line, .. }
        | Ref::EmbedBlock { line, .. }
        | Ref::EmbedEmpty { line }
        | Ref::Query { line, .. }
        | Ref::Macro { line, .. }
        | Ref::Asset { line, .. } => *line = to,
    }
}

/// A block with just content and refs.
fn plain(line: u32, content: String, refs: Vec<Ref>) -> Block {
    Block {
        line,
        parent: None,
        children: Vec::new(),
        heading: None,
        marker: None,
        content,
        properties: Default::default(),
        uuid: None,
        collapsed: false,
        pre_block: false,
        refs,
    }
}
