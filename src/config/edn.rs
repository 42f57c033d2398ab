//! EDN reading shared by `logseq/config.edn` and whiteboards: text → [`Value`] or an error
//! with its position.
//!
//! It takes the text of an EDN file and gives the `edn-format` value tree, or an [`EdnError`] with
//! the 1-based line and column where reading stopped, plus small lookup helpers for keyword-keyed
//! maps. It never panics on input and never lets the (recursive) `edn-format` parser nest deeper
//! than [`MAX_DEPTH`]: a cheap iterative pre-scan rejects deeper input first.

use edn_format::{Keyword, Value};
use std::fmt;

/// Deepest nesting of `( [ {` accepted. Logseq's files nest under 10 levels (the real
/// `config.edn` and whiteboards: 7). The parser recurses once per level, about 10 KB of stack
/// per level in a debug build, so 32 levels stay far inside a 2 MB worker-thread stack.
pub const MAX_DEPTH: usize = 32;

/// Why an EDN text could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdnError {
    /// 1-based line where reading stopped.
    pub line: u32,
    /// 1-based column (in characters) where reading stopped.
    pub column: u32,
    pub message: String,
}

impl fmt::Display for EdnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid EDN at line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Read the first EDN value of `text` (like Clojure's `edn/read-string`, trailing text is ignored).
pub fn parse(text: &str) -> Result<Value, EdnError> {
    check_depth(text)?;
    edn_format::parse_str(text).map_err(|e| EdnError {
        // edn-format counts lines in `col` and columns in `row` (see its `RowCol::chomp`).
        line: clamp(e.col.max(1)),
        column: clamp(e.row.max(1)),
        message: e.error.to_string(),
    })
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reject text that nests deeper than [`MAX_DEPTH`], skipping strings, comments and characters.
fn check_depth(text: &str) -> Result<(), EdnError> {
    let (mut depth, mut line, mut column) = (0usize, 1u32, 0u32);
    let (mut in_string, mut in_comment, mut escaped) = (false, false, false);
    for c in text.chars() {
        if c == '\n' {
            line = line.saturating_add(1);
            column = 0;
            in_comment = false;
        } else {
            column = column.saturating_add(1);
        }
        if in_comment {
            continue;
        }
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => in_string = !in_string,
            _ if in_string => {}
            ';' => in_comment = true,
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(EdnError {
                        line,
                        column,
                        message: format!("nested deeper than {MAX_DEPTH} levels"),
                    });
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The keyword value written `:name` or `:ns/name`.
pub fn keyword(written: &str) -> Value {
    let name = written.strip_prefix(':').unwrap_or(written);
    match name.split_once('/') {
        Some((ns, n)) if !ns.is_empty() && !n.is_empty() => {
            Value::Keyword(Keyword::from_namespace_and_name(ns, n))
        }
        _ => Value::Keyword(Keyword::from_name(name)),
    }
}

/// `map[:key]` when `map` is a map; `None` otherwise.
pub fn get<'a>(map: &'a Value, key: &str) -> Option<&'a Value> {
    match map {
        Value::Map(m) => m.get(&keyword(key)),
        _ => None,
    }
}

/// A string value.
pub fn as_str(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// The elements of a vector or a list (both are sequences to Clojure).
pub fn as_seq(value: &Value) -> Option<&[Value]> {
    match value {
        Value::Vector(v) | Value::List(v) => Some(v),
        _ => None,
    }
}

/// A keyword's text without the leading `:` (`ns/name` when namespaced).
pub fn keyword_text(value: &Value) -> Option<String> {
    match value {
        Value::Keyword(k) => Some(match k.namespace() {
            Some(ns) => format!("{ns}/{}", k.name()),
            None => k.name().to_string(),
        }),
        _ => None,
    }
}

/// A short description of a value's type, for messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Nil => "nil",
        Value::Boolean(_) => "a boolean",
        Value::Character(_) => "a character",
        Value::String(_) => "a string",
        Value::Symbol(_) => "a symbol",
        Value::Keyword(_) => "a keyword",
        Value::Integer(_) | Value::BigInt(_) => "an integer",
        Value::Float(_) | Value::BigDec(_) => "a number",
        Value::List(_) => "a list",
        Value::Vector(_) => "a vector",
        Value::Map(_) => "a map",
        Value::Set(_) => "a set",
        Value::Inst(_) => "an instant",
        Value::Uuid(_) => "a uuid",
        Value::TaggedElement(..) => "a tagged element",
    }
}

/// A value as EDN text, cut to about 60 characters, for messages.
pub fn emit(value: &Value) -> String {
    let text = edn_format::emit_str(value);
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// 1-based line of the first occurrence of `needle` in `text` that is not on a comment line
/// (a line whose first non-blank character is `;`). Used to point warnings at a key.
pub fn line_of(text: &str, needle: &str) -> Option<u32> {
    if needle.is_empty() {
        return None;
    }
    text.split('\n')
        .enumerate()
        .find(|(_, l)| !l.trim_start().starts_with(';') && l.contains(needle))
        .map(|(i, _)| clamp(i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_map_and_looks_up_namespaced_keywords() {
        let v = parse("{:file/name-format :triple-lowbar :hidden [\"a\"]}").unwrap();
        let f = get(&v, ":file/name-format").unwrap();
        assert_eq!(keyword_text(f).as_deref(), Some("triple-lowbar"));
        assert_eq!(as_seq(get(&v, "hidden").unwrap()).unwrap().len(), 1);
        assert!(get(&v, ":missing").is_none());
    }

    #[test]
    fn error_has_line_and_column() {
        let e = parse("{:a 1\n :b}").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.column >= 3, "{e:?}");
        assert!(e.message.contains("even number"), "{e:?}");
    }

    #[test]
    fn depth_guard_rejects_deep_nesting_without_recursing() {
        let deep = "[".repeat(100_000);
        let e = parse(&deep).unwrap_err();
        assert_eq!(e.line, 1);
        assert_eq!(e.column, MAX_DEPTH as u32 + 1);
        // Brackets inside strings, comments and character literals do not count.
        let ok = format!(
            "{{:a \"{}\" :b \\[ }} ; {}",
            "[".repeat(500),
            "(".repeat(500)
        );
        assert!(parse(&ok).is_ok(), "{:?}", parse(&ok));
    }

    #[test]
    fn depth_at_the_limit_parses() {
        let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let handle = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || parse(&text).is_ok())
            .unwrap();
        assert!(handle.join().unwrap());
    }

    #[test]
    fn line_of_skips_comment_lines() {
        let text = ";; :favorites old\n :favorites [\"a\"]";
        assert_eq!(line_of(text, ":favorites"), Some(2));
        assert_eq!(line_of(text, ":nope"), None);
    }
}
