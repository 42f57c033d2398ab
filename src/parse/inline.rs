//! Inline scanner: finds Logseq's inline constructs in a block's markdown text.
//!
//! Takes the text of one block (possibly several lines) and gives [`Inline`] pieces whose source
//! texts concatenate back to the input exactly: ordinary markdown stays [`Inline::Text`] for the
//! renderer's markdown engine, code stays [`Inline::Code`] verbatim, and every Logseq construct
//! (page refs, labelled refs, tags, block refs, embeds, queries, macros) becomes its own piece.
//! [`refs`] maps the pieces to the [`Ref`](crate::model::Ref)s the graph indexes. It must never
//! panic, recurse on nesting or backtrack: every pass is linear in the input (a 5 MB line, 50,000
//! `[` or `((` are ordinary input), and it knows nothing about other pages.
//!
//! Order of recognition (LOGSEQ.md §4, §5.3–§5.6, §7): fenced code blocks and
//! `#+BEGIN_QUERY … #+END_QUERY` and display math between `$$` lines are found line by line
//! ([`blocks`]); inside a line, inline code spans are cut out first ([`blocks`]); the rest is
//! scanned left to right ([`segment`]), where `[[…]]`, `[label](target)`, `![alt](target)`,
//! `((uuid))`, `{{macro}}`, `#tag` and `$math$` ([`math`]) are tried at their first character.
//! A priority `[#A]` is read only at the very start of the text and planning lines
//! (`SCHEDULED:`/`DEADLINE:`) only as whole lines ([`task`]).
//! Other constructs never span lines (mldoc's inline parsers stop at line ends).

mod blocks;
mod links;
mod macros;
mod math;
mod out;
mod refs;
mod segment;
mod tag;
mod task;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod robust_tests;
#[cfg(test)]
mod tests;

pub use refs::{math_errors, refs};
pub use task::Stamp;

/// One piece of a block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline<'a> {
    /// Ordinary markdown text, passed to the markdown renderer as is.
    Text(&'a str),
    /// Text that must not be scanned: inline code spans and fenced code blocks, verbatim
    /// (including the backticks / fence lines).
    Code(&'a str),
    /// `[[name]]`; `raw` is the whole source text.
    PageRef { name: &'a str, raw: &'a str },
    /// `[label]([[name]])` or `[label](page name)`.
    LabelledRef {
        label: &'a str,
        name: &'a str,
        raw: &'a str,
    },
    /// `#name` / `#[[name]]`; `name` without `#` and brackets.
    Tag { name: &'a str, raw: &'a str },
    /// `((uuid))`
    BlockRef { uuid: &'a str, raw: &'a str },
    /// `{{embed [[name]]}}` (name may be empty) or `{{embed ((uuid))}}`.
    Embed {
        target: EmbedTarget<'a>,
        raw: &'a str,
    },
    /// `{{query text}}`
    Query { text: &'a str, raw: &'a str },
    /// `#+BEGIN_QUERY ... #+END_QUERY`: `body` is the text between the marker lines.
    AdvancedQuery { body: &'a str, raw: &'a str },
    /// `$tex$` (display false) or `$$tex$$` (display true), also `$$` lines around a formula
    /// written over several lines; `tex` is the text between the delimiters.
    Math {
        tex: &'a str,
        display: bool,
        raw: &'a str,
    },
    /// `[#A]` at the start of the text (a block title's priority); `level` is the letter.
    Priority { level: &'a str, raw: &'a str },
    /// A `SCHEDULED: <stamp>` / `DEADLINE: <stamp>` line; `kind` is the keyword, `stamp` the text
    /// between the angle brackets (read it with [`Stamp::parse`]).
    Planning {
        kind: &'a str,
        stamp: &'a str,
        raw: &'a str,
    },
    /// Any other `{{name args}}` macro.
    Macro {
        name: &'a str,
        args: &'a str,
        raw: &'a str,
    },
}

/// What an embed macro points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedTarget<'a> {
    Page(&'a str),
    Block(&'a str),
    /// `{{embed [[]]}}`, `{{embed }}` or an argument innsite cannot read.
    Empty,
}

impl<'a> Inline<'a> {
    /// The exact source text of the piece (`Text`/`Code` content, or `raw`).
    pub fn source(&self) -> &'a str {
        match self {
            Inline::Text(s) | Inline::Code(s) => s,
            Inline::PageRef { raw, .. }
            | Inline::LabelledRef { raw, .. }
            | Inline::Tag { raw, .. }
            | Inline::BlockRef { raw, .. }
            | Inline::Embed { raw, .. }
            | Inline::Query { raw, .. }
            | Inline::AdvancedQuery { raw, .. }
            | Inline::Math { raw, .. }
            | Inline::Priority { raw, .. }
            | Inline::Planning { raw, .. }
            | Inline::Macro { raw, .. } => raw,
        }
    }
}

/// Split `text` into inline pieces. Concatenating every piece's source text gives `text` back;
/// adjacent text is always merged into one `Text` piece, and no piece is empty.
pub fn scan(text: &str) -> Vec<Inline<'_>> {
    blocks::scan(text)
}

/// True when `s` is shaped like a block uuid: `8-4-4-4-12` hex digits, any case.
pub(crate) fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}
