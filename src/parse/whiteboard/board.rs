//! The whiteboard's EDN value → its page name, its shapes in order, and the blocks it holds.
//!
//! It takes the parsed `{:blocks (…) :pages (…)}` value and the file text (for line numbers)
//! and gives plain data; it never looks at other files. Structure (the 5 real files, §5.10): each
//! element of `:blocks` is either a shape — `:block/properties` holds `:logseq.tldraw.shape`, a
//! map, or (in `segment 1___profile 1 whiteboard.edn`) the same map written as an EDN *string* —
//! or a block made on the canvas (`:block/uuid`, `:block/content`, `:block/parent`).
//!
//! **Order.** Shapes are ordered by their `:index` (tldraw's stacking order, a number, or a
//! fractional-index string in newer tldraw), then by file position. In the 4 valid real files
//! file order and `:index` order agree; where they differ (the invalid `main segment end user
//! whiteboard.edn` lists 31, 0, 5, …) `:index` is the order the shapes were drawn in, which is
//! stable across saves while the file order is not.

use crate::config::edn;
use crate::diagnostics::{Diagnostic, Kind};
use edn_format::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// What a shape shows in the static page.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// A `logseq-portal` of a page (`:blockType "P"`): the page name, trimmed.
    PagePortal(String),
    /// A `logseq-portal` of a block (`:blockType "B"`): the uuid, lower-case.
    BlockPortal(String),
    /// Any other shape with a non-empty `:text` (text shapes) or `:label` (boxes, lines).
    Text(String),
}

/// One shape worth showing.
#[derive(Debug, Clone)]
pub struct Shape {
    /// 1-based line of the shape's `:id` in the file (1 when not found).
    pub line: u32,
    pub kind: ShapeKind,
    index: IndexKey,
    position: usize,
}

/// A block stored in the whiteboard file.
#[derive(Debug, Clone)]
pub struct InFileBlock {
    pub uuid: String,
    pub content: String,
}

/// The readable content of a whiteboard file.
#[derive(Debug, Default)]
pub struct Board {
    /// `:block/original-name` of the first entry of `:pages`, trimmed.
    pub name: Option<String>,
    shapes: Vec<Shape>,
    blocks: BTreeMap<String, InFileBlock>,
    children: BTreeMap<String, Vec<String>>,
}

impl Board {
    /// Read the value of a whole file; problems with single shapes go to `diags`.
    pub fn read(root: &Value, text: &str, path: &str, diags: &mut Vec<Diagnostic>) -> Board {
        let lines = id_lines(text);
        let mut board = Board {
            name: page_name(root),
            ..Board::default()
        };
        let entries = edn::get(root, ":blocks")
            .and_then(edn::as_seq)
            .unwrap_or(&[]);
        for (position, entry) in entries.iter().enumerate() {
            let props = edn::get(entry, ":block/properties");
            match props.and_then(|p| edn::get(p, ":logseq.tldraw.shape")) {
                Some(shape) => {
                    if let Some(s) = read_shape(shape, position, &lines, path, diags) {
                        board.shapes.push(s);
                    }
                }
                None => board.add_block(entry),
            }
        }
        board
            .shapes
            .sort_by(|a, b| a.index.cmp(&b.index).then(a.position.cmp(&b.position)));
        board
    }

    /// The shapes worth showing, in order.
    pub fn shapes_in_order(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.iter()
    }

    /// The in-file block with this (lower-case) uuid.
    pub fn in_file(&self, uuid: &str) -> Option<&InFileBlock> {
        self.blocks.get(uuid)
    }

    /// Uuids of the in-file blocks whose parent is `uuid`, in file order.
    pub fn children_of(&self, uuid: &str) -> &[String] {
        self.children.get(uuid).map_or(&[], Vec::as_slice)
    }

    fn add_block(&mut self, entry: &Value) {
        let uuid = edn::get(entry, ":block/uuid").and_then(uuid_text);
        let content = edn::get(entry, ":block/content").and_then(edn::as_str);
        let (Some(uuid), Some(content)) = (uuid, content) else {
            return;
        };
        let parent = edn::get(entry, ":block/parent")
            .and_then(|p| edn::get(p, ":block/uuid"))
            .and_then(uuid_text);
        if let Some(parent) = parent {
            self.children.entry(parent).or_default().push(uuid.clone());
        }
        let block = InFileBlock {
            uuid: uuid.clone(),
            content: content.to_string(),
        };
        self.blocks.entry(uuid).or_insert(block);
    }
}

/// `:block/original-name` of the first page entry that has one.
fn page_name(root: &Value) -> Option<String> {
    edn::get(root, ":pages")
        .and_then(edn::as_seq)?
        .iter()
        .filter_map(|p| edn::get(p, ":block/original-name").and_then(edn::as_str))
        .map(str::trim)
        .find(|n| !n.is_empty())
        .map(str::to_string)
}

/// Read one shape (a map, or a map written as an EDN string); `None` when it shows nothing.
fn read_shape(
    value: &Value,
    position: usize,
    lines: &BTreeMap<String, u32>,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Shape> {
    let parsed;
    let shape = match value {
        Value::String(s) => match edn::parse(s) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(e) => {
                let line = id_in(s).and_then(|id| lines.get(&id).copied());
                let msg = format!("a shape written as text is not valid EDN ({e}); skipped");
                diags.push(Diagnostic::warning(Kind::InvalidEdn, path, line, msg));
                return None;
            }
        },
        other => other,
    };
    let text_of = |key: &str| edn::get(shape, key).and_then(edn::as_str).map(str::trim);
    let line = text_of(":id")
        .and_then(|id| lines.get(id).copied())
        .unwrap_or(1);
    let kind = if text_of(":type") == Some("logseq-portal") {
        portal(
            text_of(":pageId")?,
            text_of(":blockType"),
            line,
            path,
            diags,
        )?
    } else {
        let text = text_of(":text")
            .filter(|t| !t.is_empty())
            .or(text_of(":label"))?;
        ShapeKind::Text(text.to_string())
    };
    if matches!(&kind, ShapeKind::Text(t) if t.is_empty()) {
        return None;
    }
    let index = IndexKey::of(edn::get(shape, ":index"));
    Some(Shape {
        line,
        kind,
        index,
        position,
    })
}

/// A portal's target. `:blockType` "B" is a block, "P" a page; without it, a uuid is a block.
fn portal(
    target: &str,
    block_type: Option<&str>,
    line: u32,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<ShapeKind> {
    let is_block = match block_type {
        Some("B") => true,
        Some(_) => false,
        None => is_uuid(target),
    };
    if target.is_empty() {
        let msg = "a portal without a target; skipped";
        diags.push(Diagnostic::warning(Kind::InvalidEdn, path, Some(line), msg));
        return None;
    }
    if !is_block {
        return Some(ShapeKind::PagePortal(target.to_string()));
    }
    if !is_uuid(target) {
        let msg = format!("a block portal whose target '{target}' is not a uuid; skipped");
        diags.push(Diagnostic::warning(Kind::InvalidEdn, path, Some(line), msg));
        return None;
    }
    Some(ShapeKind::BlockPortal(target.to_ascii_lowercase()))
}

/// `8-4-4-4-12` hexadecimal digits.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A uuid written `#uuid "…"` or as a string, lower-case.
fn uuid_text(value: &Value) -> Option<String> {
    match value {
        Value::Uuid(u) => Some(u.to_string().to_ascii_lowercase()),
        Value::String(s) if is_uuid(s.trim()) => Some(s.trim().to_ascii_lowercase()),
        _ => None,
    }
}

/// The line of every `:id "x"` (or `:id \"x\"` inside a string) in the file: one pass.
fn id_lines(text: &str) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    let (mut line, mut counted) = (1u32, 0usize);
    for (at, _) in text.match_indices(":id ") {
        line = line.saturating_add(
            text.as_bytes()[counted..at]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u32,
        );
        counted = at;
        if let Some(id) = id_in(&text[at..]) {
            out.entry(id).or_insert(line);
        }
    }
    out
}

/// The id after the first `:id "` (or `:id \"`) of `s`.
fn id_in(s: &str) -> Option<String> {
    let at = s.find(":id ")?;
    let rest = s[at + 4..].trim_start_matches('\\').strip_prefix('"')?;
    let end = rest.find(['"', '\\', '\n'])?;
    Some(rest[..end].to_string()).filter(|id| !id.is_empty())
}

/// A shape's `:index`: numbers before strings before none.
#[derive(Debug, Clone, PartialEq)]
enum IndexKey {
    Number(f64),
    Text(String),
    None,
}

impl IndexKey {
    fn of(value: Option<&Value>) -> IndexKey {
        match value {
            Some(Value::Integer(i)) => IndexKey::Number(*i as f64),
            Some(Value::Float(f)) => IndexKey::Number(f.0),
            Some(Value::String(s)) => IndexKey::Text(s.clone()),
            _ => IndexKey::None,
        }
    }

    fn rank(&self) -> u8 {
        match self {
            IndexKey::Number(_) => 0,
            IndexKey::Text(_) => 1,
            IndexKey::None => 2,
        }
    }

    fn cmp(&self, other: &IndexKey) -> Ordering {
        match (self, other) {
            (IndexKey::Number(a), IndexKey::Number(b)) => a.total_cmp(b),
            (IndexKey::Text(a), IndexKey::Text(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}
