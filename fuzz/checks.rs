//! The invariants the fuzz targets check, shared by path with `tests/fuzz_regressions.rs`, so the
//! kept corpora replay through exactly the same checks under plain `cargo test` (CI never fuzzes).
//!
//! Takes arbitrary bytes and gives `Err(what broke)` when an invariant of innsite's parser or of
//! its naming rules does not hold; a panic inside innsite is a failure by itself (libFuzzer and
//! the test harness both report it). It must never panic itself, and it knows nothing about
//! libFuzzer.
//!
//! - [`check_page`]: bytes → `parse_page` (markdown) and `parse_whiteboard`: a consistent
//!   block forest and a trimmed name; every block's text and the whole decoded text through the
//!   inline scanner, whose pieces must give the text back exactly.
//! - [`check_names`]: each line of the input is a file path and a `title::` value: file name →
//!   page name → key → slug, and all keys through `assign_slugs`: every slug is a safe relative
//!   path inside the output folder (see [`check_slug`]), distinct keys get distinct slugs, and
//!   the assignment does not depend on the input order.

#![allow(dead_code)] // each fuzz target uses one half

use innsite::model::{ParsedPage, SourceFile, SourceKind};
use innsite::name::{self, NameFormat, SlugRequest, MAX_SEGMENT_BYTES};
use innsite::parse::{inline, parse_page, whiteboard};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Folders the generator writes at the top of the output; no page may be published over them.
pub const RESERVED_TOP: [&str; 5] = ["_assets", "_static", "_search", "_pages", "_tags"];

/// Chars Windows refuses in a file name (with `/`, the separator, and control chars).
const FORBIDDEN: [char; 9] = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// At most this many names per input, so one input stays cheap.
const MAX_NAMES: usize = 64;

/// Parse `data` as a markdown page and as a whiteboard; scan every text with the inline scanner.
pub fn check_page(data: &[u8]) -> Result<(), String> {
    let md = source("pages/fuzz.md", SourceKind::Markdown);
    let page = parse_page(&md, data, NameFormat::TripleLowbar);
    check_forest(&page).map_err(|e| format!("markdown page: {e}"))?;
    check_scan(&String::from_utf8_lossy(data))?;
    for block in &page.blocks {
        check_scan(&block.content)?;
    }
    let wb = source("whiteboards/fuzz.edn", SourceKind::Whiteboard);
    let board = whiteboard::parse_whiteboard(&wb, data);
    check_forest(&board).map_err(|e| format!("whiteboard: {e}"))?;
    for block in &board.blocks {
        check_scan(&block.content)?;
    }
    Ok(())
}

fn source(rel_path: &str, kind: SourceKind) -> SourceFile {
    SourceFile {
        rel_path: rel_path.to_string(),
        abs_path: PathBuf::from(rel_path),
        kind,
    }
}

/// The block arena is a forest in document order: parent and child links agree, every parent
/// comes before its children, and the roots are exactly the blocks without a parent.
pub fn check_forest(page: &ParsedPage) -> Result<(), String> {
    if page.name != page.name.trim() {
        return Err(format!("name {:?} is not trimmed", page.name));
    }
    if page.blank && !page.blocks.is_empty() {
        return Err("a blank page has blocks".into());
    }
    let n = page.blocks.len();
    for (i, block) in page.blocks.iter().enumerate() {
        if let Some(p) = block.parent {
            if p >= i || !page.blocks[p].children.contains(&i) {
                return Err(format!(
                    "block {i}: parent {p} out of order or not linked back"
                ));
            }
        }
        for &c in &block.children {
            if c >= n || page.blocks[c].parent != Some(i) {
                return Err(format!(
                    "block {i}: child {c} out of range or not linked back"
                ));
            }
        }
        if block.uuid.as_ref().is_some_and(|u| *u != u.to_lowercase()) {
            return Err(format!("block {i}: uuid is not lower-cased"));
        }
    }
    let parentless: Vec<usize> = (0..n)
        .filter(|&i| page.blocks[i].parent.is_none())
        .collect();
    if parentless != page.roots {
        return Err(format!(
            "roots {:?} are not the parentless blocks {parentless:?}",
            page.roots
        ));
    }
    Ok(())
}

/// The scanner's pieces concatenate back to the text, none is empty, no two texts are adjacent.
pub fn check_scan(text: &str) -> Result<(), String> {
    let pieces = inline::scan(text);
    let joined: String = pieces.iter().map(|p| p.source()).collect();
    if joined != text {
        return Err(format!(
            "inline pieces do not give the text back: {pieces:?}"
        ));
    }
    if pieces.iter().any(|p| p.source().is_empty()) {
        return Err(format!("empty inline piece: {pieces:?}"));
    }
    let adjacent_text = pieces.windows(2).any(|w| {
        matches!(
            (&w[0], &w[1]),
            (inline::Inline::Text(_), inline::Inline::Text(_))
        )
    });
    if adjacent_text {
        return Err(format!("adjacent text pieces: {pieces:?}"));
    }
    let _ = inline::refs(text, 1);
    Ok(())
}

/// Every line of `data` is a file path (both name formats) and a `title::` value.
pub fn check_names(data: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(data);
    let mut requests = Vec::new();
    for (i, line) in text.split('\n').take(MAX_NAMES).enumerate() {
        for format in [NameFormat::TripleLowbar, NameFormat::Legacy] {
            let from_file = name::page_name_from_file(line, format);
            check_page_name(&from_file)?;
            requests.push(request(&from_file, i % 2 == 0)?);
        }
        requests.push(request(line.trim(), i % 3 == 0)?);
        check_slug(&name::segment_slug(line))
            .map_err(|e| format!("segment_slug({line:?}): {e}"))?;
    }
    check_assignment(&requests)
}

/// A page name from a file name is trimmed and has no empty namespace segment at its ends.
fn check_page_name(name: &str) -> Result<(), String> {
    let trimmed = name.trim() == name;
    let no_boundary_slash = !name.starts_with('/') && !name.ends_with('/');
    if trimmed && no_boundary_slash {
        Ok(())
    } else {
        Err(format!("page name {name:?} is not trimmed"))
    }
}

/// The slug request of a page name, after checking the plain slug of its key.
fn request(page_name: &str, has_file: bool) -> Result<SlugRequest, String> {
    let key = name::page_key(page_name);
    check_slug(&name::slug(&key)).map_err(|e| format!("slug of {key:?}: {e}"))?;
    Ok(SlugRequest { key, has_file })
}

/// All slugs safe, one per key, distinct even on a case-insensitive file system, and the same
/// whatever the order of the requests.
fn check_assignment(requests: &[SlugRequest]) -> Result<(), String> {
    let forward = by_key(requests)?;
    let reversed: Vec<SlugRequest> = requests.iter().rev().cloned().collect();
    if by_key(&reversed)? != forward {
        return Err("assign_slugs depends on the order of the requests".into());
    }
    let mut owners: BTreeMap<String, &str> = BTreeMap::new();
    for (key, slug) in &forward {
        check_slug(slug).map_err(|e| format!("assigned slug of {key:?}: {e}"))?;
        if let Some(other) = owners.insert(slug.to_lowercase(), key) {
            return Err(format!(
                "keys {other:?} and {key:?} share the slug {slug:?}"
            ));
        }
    }
    Ok(())
}

/// Key → assigned slug; a key must always get the same slug within one assignment.
fn by_key(requests: &[SlugRequest]) -> Result<BTreeMap<String, String>, String> {
    let assigned = name::assign_slugs(requests);
    if assigned.slugs.len() != requests.len() {
        return Err("assign_slugs gave a slug count unlike the request count".into());
    }
    let mut map = BTreeMap::new();
    for (req, slug) in requests.iter().zip(assigned.slugs) {
        if let Some(prev) = map.insert(req.key.clone(), slug.clone()) {
            if prev != slug {
                return Err(format!("key {:?} got two slugs", req.key));
            }
        }
    }
    Ok(map)
}

/// A slug is a relative path of safe folder names that stays inside the output folder.
pub fn check_slug(slug: &str) -> Result<(), String> {
    for segment in slug.split('/') {
        check_segment(segment)?;
    }
    let top = slug.split('/').next().unwrap_or_default();
    if RESERVED_TOP.iter().any(|r| r.eq_ignore_ascii_case(top)) {
        return Err(format!(
            "{slug:?} would overwrite the generator's own {top}/"
        ));
    }
    let root = Path::new("/srv/site");
    let joined = root.join(slug);
    let all_normal = joined
        .strip_prefix(root)
        .map(|rel| rel.components().all(|c| matches!(c, Component::Normal(_))));
    if all_normal != Ok(true) {
        return Err(format!("{slug:?} leaves the output folder"));
    }
    Ok(())
}

/// One folder name valid on Linux, macOS and Windows.
fn check_segment(segment: &str) -> Result<(), String> {
    let problem = if segment.is_empty() {
        "empty segment"
    } else if segment == "." || segment == ".." {
        "dot segment"
    } else if segment.len() > MAX_SEGMENT_BYTES {
        "segment longer than 255 bytes"
    } else if segment
        .chars()
        .any(|c| FORBIDDEN.contains(&c) || c.is_control())
    {
        "forbidden char"
    } else if segment.ends_with('.') || segment.ends_with(' ') {
        "segment ends in a dot or a space"
    } else if is_windows_device(segment) {
        "Windows device name"
    } else {
        return Ok(());
    };
    Err(format!("{problem} in {segment:?}"))
}

/// `CON`, `nul.txt`, `COM1`, `lpt²`…: names Windows reserves, in any case, with any extension.
fn is_windows_device(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or_default().to_lowercase();
    let stem = stem.trim_end();
    if ["con", "prn", "aux", "nul"].contains(&stem) {
        return true;
    }
    ["com", "lpt"].iter().any(|p| {
        stem.strip_prefix(p).is_some_and(|n| {
            let mut chars = n.chars();
            matches!(
                (chars.next(), chars.next()),
                (Some('0'..='9' | '¹' | '²' | '³'), None)
            )
        })
    })
}
