//! Blocks: one block's lines → its content, heading, task marker, properties and references.
//!
//! Takes the lines [`super::segment`] grouped into a block (or the lines before the first
//! block) and gives a [`Block`] without parent or children (the outline links them). Rules:
//! LOGSEQ.md §3.4 (content and continuation lines), §3.5 (pre-block and page properties), §3.6
//! (block properties), §5.7 (task markers). Property syntax and value parsing are
//! [`super::properties`]'s, reference extraction is [`super::inline`]'s: this module only decides
//! which text is title, property or body. It never looks at other blocks.

use super::inline;
use super::properties::{is_ref_excluded_key, parse_value, split_property_line};
use super::segment::{indent_of, Line, RawBlock};
use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{Block, Marker, PageRefKind, Properties, Property, PropertyValue, Ref};

/// A block as read from its own lines, before it is placed in the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub block: Block,
    /// `heading:: true`: the size depends on the depth, known only once the block is placed.
    pub auto_heading: bool,
    /// Formulas that are not valid LaTeX: `(line, message)`, reported by the outline.
    pub math_errors: Vec<(u32, String)>,
}

/// Build the block made of `raw`'s lines.
pub fn build_block(raw: &RawBlock<'_>) -> Built {
    let start = raw.start;
    let first = raw.lines[0];
    let mut title = first.text.get(start.rest..).unwrap_or("");
    let marker = split_marker(title).map(|(m, after)| {
        title = after;
        m
    });
    let mut props = Vec::new();
    let mut content: Vec<(u32, String)> = Vec::new();
    let title_prop = if start.heading.is_none() && marker.is_none() && !first.verbatim {
        property(title, first.no)
    } else {
        None
    };
    match title_prop {
        Some(p) => props.push(p),
        None if first.verbatim => content.push((first.no, title.to_string())),
        None => content.push((first.no, title.trim_end().to_string())),
    }
    let mut rest = &raw.lines[1..];
    if !first.verbatim {
        let run = property_run(rest);
        props.extend(run.iter().filter_map(|l| property(trim_ws(l.text), l.no)));
        rest = &rest[run.len()..];
    }
    let mut body = BodyLines::new(start.indent + 2);
    content.extend(rest.iter().map(|l| (l.no, body.line(l))));
    finish(start.heading, marker, props, content, first.no)
}

/// Assemble the block from its parts (§3.6: `collapsed::`, `id::`, `heading::`).
fn finish(
    heading: Option<u8>,
    marker: Option<Marker>,
    mut props: Vec<Property>,
    content: Vec<(u32, String)>,
    line: u32,
) -> Built {
    let collapsed = props
        .iter()
        .any(|p| p.key == "collapsed" && p.raw.eq_ignore_ascii_case("true"));
    props.retain(|p| p.key != "collapsed");
    let uuid = props
        .iter()
        .find(|p| p.key == "id")
        .and_then(|p| valid_uuid(&p.raw));
    let prop_heading = props.iter().find(|p| p.key == "heading").map(|p| &p.raw);
    let auto_heading = heading.is_none() && prop_heading.is_some_and(|r| r == "true");
    let heading = heading.or_else(|| {
        prop_heading
            .and_then(|r| r.parse::<u8>().ok())
            .filter(|n| (1..=6).contains(n))
    });
    let (content, content_refs, math_errors) = content_and_refs(content);
    let mut refs: Vec<Ref> = marker
        .map(|m| Ref::Page {
            name: m.as_str().to_string(),
            kind: PageRefKind::Marker,
            line,
        })
        .into_iter()
        .collect();
    refs.extend(content_refs);
    refs.extend(props.iter().flat_map(property_refs));
    refs.sort_by_key(|r| r.line());
    // Kept for the whole build: no spare capacity.
    refs.shrink_to_fit();
    let block = Block {
        line,
        parent: None,
        children: Vec::new(),
        heading,
        marker,
        content,
        properties: Properties(props),
        uuid,
        collapsed,
        pre_block: false,
        refs,
    };
    Built {
        block,
        auto_heading,
        math_errors,
    }
}

/// Build the pre-block from the lines before the first block (§3.5), or `None` when they are
/// blank. Its properties are the page properties: the first run of property lines. A later
/// paragraph made only of property lines is ignored, as Logseq does: not a property, not a
/// reference, and kept out of the content (one `IgnoredProperties` info per paragraph).
pub fn build_pre_block(
    lines: &[Line<'_>],
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Block> {
    let lines = &lines[lines.iter().position(|l| !is_blank(l))?..];
    let line = lines[0].no;
    let run = property_run(lines);
    let props: Vec<Property> = run
        .iter()
        .filter_map(|l| property(trim_ws(l.text), l.no))
        .collect();
    let mut content = Vec::new();
    let mut body = BodyLines::new(0);
    let mut i = run.len();
    while i < lines.len() {
        let para = paragraph_len(&lines[i..]);
        if para > 0 && property_run(&lines[i..i + para]).len() == para {
            let keys: Vec<String> = lines[i..i + para]
                .iter()
                .filter_map(|l| split_property_line(trim_ws(l.text)).map(|(k, _)| k))
                .collect();
            diags.push(Diagnostic::info(
                Kind::IgnoredProperties,
                file,
                Some(lines[i].no),
                format!(
                    "{para} property line(s) after a blank line are ignored (Logseq reads only \
                     the first run of page properties): {}",
                    keys.join(" | ")
                ),
            ));
            i += para;
            continue;
        }
        let end = i + para.max(1);
        content.extend(lines[i..end].iter().map(|l| (l.no, body.line(l))));
        i = end;
    }
    let mut built = finish(None, None, props, content, line);
    diags.extend(math_diagnostics(file, &built.math_errors));
    built.block.pre_block = true;
    Some(built.block)
}

/// Length of the paragraph at the start of `lines`: non-blank lines up to a blank one.
fn paragraph_len(lines: &[Line<'_>]) -> usize {
    lines.iter().take_while(|l| !is_blank(l)).count()
}

fn is_blank(l: &Line<'_>) -> bool {
    !l.verbatim && trim_ws(l.text).is_empty()
}

fn trim_ws(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

/// The leading lines of `lines` that are property lines (outside verbatim environments).
fn property_run<'a, 'b>(lines: &'b [Line<'a>]) -> &'b [Line<'a>] {
    let n = lines
        .iter()
        .take_while(|l| !l.verbatim && split_property_line(trim_ws(l.text)).is_some())
        .count();
    &lines[..n]
}

fn property(text: &str, line: u32) -> Option<Property> {
    let (key, raw) = split_property_line(text)?;
    let value = parse_value(&key, raw);
    Some(Property {
        raw: raw.to_string(),
        key,
        value,
        line,
    })
}

/// A task marker as the first word of `title` (§5.7), and the text after it with the spaces
/// after the marker swallowed.
fn split_marker(title: &str) -> Option<(Marker, &str)> {
    let end = title.find([' ', '\t']).unwrap_or(title.len());
    let marker = Marker::parse(&title[..end])?;
    Some((marker, title[end..].trim_start_matches([' ', '\t'])))
}

/// An `id::` value when it is a UUID (`8-4-4-4-12` hex digits), lower-cased.
fn valid_uuid(raw: &str) -> Option<String> {
    let s = raw.trim();
    let ok = s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    ok.then(|| s.to_ascii_lowercase())
}

/// The references of a property value (§3.7): page refs are the names Logseq's value parsing
/// gives (so `alias:: a, b` refs `a` and `b`, and a quoted value refs nothing), other refs
/// (assets, macros, block refs) come from the inline scanner. Keys Logseq excludes from refs
/// (its built-ins except `alias`/`tags`, [`is_ref_excluded_key`]) give none.
fn property_refs(p: &Property) -> Vec<Ref> {
    if is_ref_excluded_key(&p.key) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let PropertyValue::Refs(names) = &p.value {
        out.extend(names.iter().map(|n| Ref::Page {
            name: n.clone(),
            kind: PageRefKind::Property,
            line: p.line,
        }));
    }
    let others = inline::refs(&p.raw, p.line);
    out.extend(
        others
            .into_iter()
            .filter(|r| !matches!(r, Ref::Page { .. })),
    );
    out
}

/// `Math` warnings for a block's bad formulas.
pub fn math_diagnostics(file: &str, errors: &[(u32, String)]) -> Vec<Diagnostic> {
    errors
        .iter()
        .map(|(line, message)| {
            let msg = format!("formula is not valid LaTeX ({message}); shown as its source");
            Diagnostic::warning(Kind::Math, file, Some(*line), msg)
        })
        .collect()
}

/// What [`content_and_refs`] gives: the content, its refs, its bad formulas.
type ContentRefs = (String, Vec<Ref>, Vec<(u32, String)>);

/// Join content lines (blank lines at both ends dropped) and read the refs (and bad formulas) of
/// each run of consecutive source lines, so every ref gets its own line number.
fn content_and_refs(mut lines: Vec<(u32, String)>) -> ContentRefs {
    let first = lines.iter().position(|(_, t)| !t.trim().is_empty());
    let last = lines.iter().rposition(|(_, t)| !t.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return (String::new(), Vec::new(), Vec::new());
    };
    lines.truncate(last + 1);
    let lines = &lines[first..];
    let mut refs = Vec::new();
    let mut math = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let mut end = k + 1;
        while end < lines.len() && lines[end - 1].0.checked_add(1) == Some(lines[end].0) {
            end += 1;
        }
        let run: Vec<&str> = lines[k..end].iter().map(|(_, t)| t.as_str()).collect();
        let run = run.join("\n");
        refs.extend(inline::refs(&run, lines[k].0));
        math.extend(inline::math_errors(&run, lines[k].0));
        k = end;
    }
    let text: Vec<&str> = lines.iter().map(|(_, t)| t.as_str()).collect();
    (text.join("\n"), refs, math)
}

/// Continuation lines → content lines (§3.4): the structural indent (`strip` whitespace
/// characters: bullet indent + 2, or fewer when fewer are there) is removed; ordinary lines are
/// then trimmed, so 4+ leading spaces never reach the markdown renderer as an indented code
/// block; lines inside verbatim environments keep their indentation relative to the opener.
struct BodyLines {
    strip: usize,
    /// Extra indentation of the current environment's opening line, removed from its body.
    env_indent: usize,
}

impl BodyLines {
    fn new(strip: usize) -> BodyLines {
        BodyLines {
            strip,
            env_indent: 0,
        }
    }

    fn line(&mut self, l: &Line<'_>) -> String {
        let t = l.text;
        let t = &t[indent_of(t).min(self.strip)..];
        if !l.verbatim || l.delim {
            if l.delim {
                self.env_indent = indent_of(t);
            }
            return trim_ws(t).to_string();
        }
        t[indent_of(t).min(self.env_indent)..].to_string()
    }
}
