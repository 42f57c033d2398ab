//! The reader of Logseq query text: takes the text of a `{{query …}}` or of a
//! `#+BEGIN_QUERY` body and gives a tree of [`Sexp`] forms, or a [`ReadError`] with the
//! character offset where reading failed. It never panics and never recurses deeper than
//! [`MAX_NESTING`].
//!
//! Hand-written rather than `edn-format` because Logseq's query text is not EDN: it reads
//! `[[page name with spaces]]` and `[[profile-(id)/goals]]` as page references and `#tag` as a
//! tag before its EDN reader runs (`query_dsl.cljs` `pre-transform`), which an EDN parser
//! rejects or misreads. What stays an error here is what made Logseq show "Invalid query": an
//! unterminated string (`#artifact #content" [[X]]`, LOGSEQ.md §7.2 form 9) or unbalanced
//! brackets.

use std::fmt;

/// Deepest nesting of lists, vectors and maps that is read.
pub const MAX_NESTING: usize = 64;

/// One form of query text.
#[derive(Debug, Clone, PartialEq)]
pub enum Sexp {
    List(Vec<Sexp>),
    Vector(Vec<Sexp>),
    /// `{k v …}`, entries flat in order.
    Map(Vec<Sexp>),
    Set(Vec<Sexp>),
    Str(String),
    /// `:name` without the colon.
    Keyword(String),
    /// Any other token (`and`, `TRUE`, `80`, `?b`, `*`, `-7d`).
    Symbol(String),
    /// `[[name]]`, trimmed.
    PageRef(String),
    /// `#name` or `#[[name]]`.
    Tag(String),
}

impl Sexp {
    /// The head symbol of a list (`and` of `(and …)`), lower-cased.
    pub fn head(&self) -> Option<String> {
        match self {
            Sexp::List(items) => match items.first() {
                Some(Sexp::Symbol(s)) => Some(s.to_lowercase()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The text of a name-like form: symbol, keyword, string, page ref or tag.
    pub fn name(&self) -> Option<&str> {
        match self {
            Sexp::Symbol(s) | Sexp::Keyword(s) | Sexp::Str(s) | Sexp::PageRef(s) | Sexp::Tag(s) => {
                Some(s)
            }
            _ => None,
        }
    }
}

/// Why query text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Character offset in the text.
    pub at: usize,
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.at)
    }
}

/// Read every top-level form of `text`.
pub fn read_all(text: &str) -> Result<Vec<Sexp>, ReadError> {
    let mut r = Reader {
        chars: text.chars().collect(),
        pos: 0,
    };
    let mut forms = Vec::new();
    loop {
        r.skip_blank();
        if r.pos >= r.chars.len() {
            return Ok(forms);
        }
        forms.push(r.form(0)?);
    }
}

struct Reader {
    chars: Vec<char>,
    pos: usize,
}

/// Characters that end a symbol or tag token.
fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '"' | ',' | ';')
}

impl Reader {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, ReadError> {
        Err(ReadError {
            at: self.pos,
            message: message.into(),
        })
    }

    /// Skip whitespace, commas and `;` comments.
    fn skip_blank(&mut self) {
        while let Some(c) = self.peek(0) {
            if c == ';' {
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.pos += 1;
                }
            } else if c.is_whitespace() || c == ',' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn form(&mut self, depth: usize) -> Result<Sexp, ReadError> {
        if depth > MAX_NESTING {
            return self.error("query nested too deeply");
        }
        let Some(c) = self.peek(0) else {
            return self.error("unexpected end of query");
        };
        match c {
            '(' => self.seq(')', depth).map(Sexp::List),
            '[' => match self.page_ref() {
                Some(name) => Ok(Sexp::PageRef(name)),
                None => self.seq(']', depth).map(Sexp::Vector),
            },
            '{' => self.seq('}', depth).map(Sexp::Map),
            '"' => self.string(),
            '#' => self.hash(depth),
            ')' | ']' | '}' => self.error(format!("unbalanced '{c}'")),
            ':' => {
                self.pos += 1;
                Ok(Sexp::Keyword(self.token()))
            }
            _ => Ok(Sexp::Symbol(self.token())),
        }
    }

    /// Forms up to the closing bracket (the opening one is at `pos`).
    fn seq(&mut self, close: char, depth: usize) -> Result<Vec<Sexp>, ReadError> {
        let open_at = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            match self.peek(0) {
                None => {
                    return Err(ReadError {
                        at: open_at,
                        message: format!("missing '{close}'"),
                    })
                }
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some(_) => items.push(self.form(depth + 1)?),
            }
        }
    }

    /// `[[name]]` at `pos`: a page reference when the text up to the first `]]` holds no
    /// bracket or quote and does not start like a datalog clause (`[[?p …]]`, `[[:find`).
    fn page_ref(&mut self) -> Option<String> {
        if self.peek(1) != Some('[') {
            return None;
        }
        let start = self.pos + 2;
        let mut end = start;
        while end + 1 < self.chars.len() && !(self.chars[end] == ']' && self.chars[end + 1] == ']')
        {
            if matches!(self.chars[end], '[' | '"' | '\n') {
                return None;
            }
            end += 1;
        }
        if end + 1 >= self.chars.len() {
            return None;
        }
        let name: String = self.chars[start..end].iter().collect();
        if name.starts_with(['?', ':']) {
            return None;
        }
        self.pos = end + 2;
        Some(name.trim().to_string())
    }

    /// `"…"` with backslash escapes.
    fn string(&mut self) -> Result<Sexp, ReadError> {
        let open_at = self.pos;
        self.pos += 1;
        let mut s = String::new();
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            match c {
                '"' => return Ok(Sexp::Str(s)),
                '\\' => {
                    if let Some(n) = self.peek(0) {
                        self.pos += 1;
                        s.push(match n {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                }
                other => s.push(other),
            }
        }
        Err(ReadError {
            at: open_at,
            message: "unterminated string".into(),
        })
    }

    /// `#{…}` set, `#[[name]]` / `#name` tag, `#_ form` discard.
    fn hash(&mut self, depth: usize) -> Result<Sexp, ReadError> {
        match self.peek(1) {
            Some('{') => {
                self.pos += 1;
                self.seq('}', depth).map(Sexp::Set)
            }
            Some('[') => {
                self.pos += 1;
                match self.page_ref() {
                    Some(name) => Ok(Sexp::Tag(name)),
                    None => self.error("'#' must start a tag"),
                }
            }
            Some('_') => {
                self.pos += 2;
                self.skip_blank();
                self.form(depth)?;
                self.skip_blank();
                if self.peek(0).is_none() || matches!(self.peek(0), Some(')' | ']' | '}')) {
                    return Ok(Sexp::List(Vec::new()));
                }
                self.form(depth)
            }
            Some(c) if !is_delimiter(c) => {
                self.pos += 1;
                Ok(Sexp::Tag(self.token()))
            }
            _ => self.error("'#' must start a tag"),
        }
    }

    /// A symbol-like token up to a delimiter.
    fn token(&mut self) -> String {
        let start = self.pos;
        while self.peek(0).is_some_and(|c| !is_delimiter(c)) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Sexp {
        let mut v = read_all(text).expect("reads");
        assert_eq!(v.len(), 1, "{text}");
        v.remove(0)
    }

    #[test]
    fn page_refs_with_punctuation_are_one_token() {
        assert_eq!(
            one("(and [[artifact]] [[profile-(id)/goals]])"),
            Sexp::List(vec![
                Sexp::Symbol("and".into()),
                Sexp::PageRef("artifact".into()),
                Sexp::PageRef("profile-(id)/goals".into()),
            ])
        );
    }

    #[test]
    fn datalog_vectors_are_not_page_refs() {
        let s = one("[:find (pull ?b [*]) :where [?p :block/name \"*\"] [?b :block/refs ?p]]");
        let Sexp::Vector(items) = s else {
            panic!("vector")
        };
        assert_eq!(items[0], Sexp::Keyword("find".into()));
        assert_eq!(items.len(), 5);
        assert_eq!(
            items[3],
            Sexp::Vector(vec![
                Sexp::Symbol("?p".into()),
                Sexp::Keyword("block/name".into()),
                Sexp::Str("*".into())
            ])
        );
    }

    #[test]
    fn tags_sets_and_strings() {
        assert_eq!(one("#[[multi word]]"), Sexp::Tag("multi word".into()));
        assert_eq!(one("#goal"), Sexp::Tag("goal".into()));
        assert_eq!(
            one("#{\"TODO\" \"DOING\"}"),
            Sexp::Set(vec![Sexp::Str("TODO".into()), Sexp::Str("DOING".into())])
        );
        assert_eq!(one("\"a \\\"b\\\"\""), Sexp::Str("a \"b\"".into()));
    }

    #[test]
    fn unterminated_string_and_unbalanced_brackets_fail() {
        let e = read_all("(and #artifact #content\" [[X]]))").unwrap_err();
        assert_eq!(e.message, "unterminated string");
        assert_eq!(read_all("(and [[a]]").unwrap_err().message, "missing ')'");
        assert_eq!(
            read_all("(and [[a]]))").unwrap_err().message,
            "unbalanced ')'"
        );
        assert!(read_all("#").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "(".repeat(10_000);
        assert!(read_all(&text).is_err());
    }

    #[test]
    fn comments_and_commas_are_blank() {
        assert_eq!(read_all("; c\n a, b").unwrap().len(), 2);
        assert!(read_all("  \n ").unwrap().is_empty());
    }
}
