//! Inline scanner: finds Logseq's inline constructs in a block's markdown.
//!
//! (skeleton: the full scanner is being written)

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

/// Split `text` into inline pieces. Concatenating every piece's source text gives `text` back.
pub fn scan(text: &str) -> Vec<Inline<'_>> {
    vec![Inline::Text(text)]
}

/// The references made by `text`, whose first line is line `first_line` of the file.
pub fn refs(_text: &str, _first_line: u32) -> Vec<crate::model::Ref> {
    Vec::new()
}
