//! Logseq's simple query language (`{{query …}}`, and the `:query` list of an advanced query)
//! → a typed [`Query`]. Takes the forms of [`super::reader`], gives the filter tree and the
//! `sort-by` found in it, or a [`DslError`]: `Invalid` for what made Logseq 0.9.8 show
//! "Invalid query", `Unsupported` for valid forms the static site does not evaluate. It never
//! evaluates anything and never panics on input.
//!
//! Forms (`fe/db/query_dsl.cljs`, LOGSEQ.md §7.1): `and`, `or`, `not`, `[[page]]` / `#tag`,
//! `"full text"`, `(property k)`, `(property k v)`, `(page-property k [v])`,
//! `(namespace [[p]])`, `(task M …)` (alias `todo`), `(priority A …)`, `(page [[p]] …)`,
//! `(page-tags [[t]] …)`, `(between a b)`, `(sort-by k [asc|desc])`. Several top-level forms
//! mean `and` (Logseq wraps them). A bare word is a full-text search, as in Logseq.

use super::reader::{read_all, ReadError, Sexp};
use crate::model::Marker;
use std::fmt;

/// A filter of blocks or pages.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    And(Vec<Query>),
    Or(Vec<Query>),
    Not(Box<Query>),
    /// Blocks whose path-refs (own refs, ancestors' refs, own page) include the page.
    PageRef(String),
    /// Blocks whose direct refs include the page (datalog `[?b :block/refs ?p]`).
    DirectRef(String),
    /// Case-sensitive substring of the block's text.
    Text(String),
    /// Blocks (and page-property blocks) having the key, with the value when given.
    Property {
        key: String,
        value: Option<Value>,
    },
    /// Pages whose page properties have the key (and value).
    PageProperty {
        key: String,
        value: Option<Value>,
    },
    /// Pages whose direct namespace parent is the page.
    Namespace(String),
    Task(Vec<Marker>),
    /// `[#A]` priorities, upper-case letters.
    Priority(Vec<char>),
    /// Blocks on one of the pages.
    Page(Vec<String>),
    /// Pages tagged (`tags::`) with one of the names.
    PageTags(Vec<String>),
    /// Blocks on journal pages whose day is in the range (yyyymmdd, inclusive).
    Between(DayBound, DayBound),
}

/// One end of a `between` range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayBound {
    /// A fixed day, `yyyymmdd`.
    Day(u32),
    /// Days relative to the build day (`today` 0, `yesterday` -1, `-7d`, `+1w`).
    Relative(i64),
}

/// A property value to match, parsed as Logseq parses property text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A page name (`[[x]]`, `#x`).
    Ref(String),
    Text(String),
    Int(i64),
    Bool(bool),
}

/// `(sort-by key [asc|desc])`; Logseq's default is descending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortBy {
    pub key: String,
    pub descending: bool,
}

/// A parsed query: the filter (None when the query holds only `sort-by`) and its sort.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub filter: Option<Query>,
    pub sort: Option<SortBy>,
}

/// Why a query is not evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DslError {
    /// Logseq shows "Invalid query".
    Invalid(String),
    /// Valid, but not evaluated by the static site.
    Unsupported(String),
}

impl fmt::Display for DslError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DslError::Invalid(m) => write!(f, "invalid query: {m}"),
            DslError::Unsupported(m) => write!(f, "not supported in the static site: {m}"),
        }
    }
}

impl From<ReadError> for DslError {
    fn from(e: ReadError) -> Self {
        DslError::Invalid(e.to_string())
    }
}

/// Parse simple-query text. `Ok(None)` for a blank query (Logseq renders nothing).
pub fn parse(text: &str) -> Result<Option<Parsed>, DslError> {
    let forms = read_all(text)?;
    match forms.len() {
        0 => Ok(None),
        1 => parse_form(&forms[0]).map(Some),
        _ => {
            let mut items = vec![Sexp::Symbol("and".into())];
            items.extend(forms);
            parse_form(&Sexp::List(items)).map(Some)
        }
    }
}

/// Parse one already-read form (the `:query` of an advanced query).
pub fn parse_form(form: &Sexp) -> Result<Parsed, DslError> {
    let mut sort = None;
    let filter = convert(form, &mut sort, 0)?;
    Ok(Parsed { filter, sort })
}

fn invalid<T>(message: impl Into<String>) -> Result<T, DslError> {
    Err(DslError::Invalid(message.into()))
}

/// A form → a filter; `sort-by` is taken out into `sort` (and gives no filter).
fn convert(
    form: &Sexp,
    sort: &mut Option<SortBy>,
    depth: usize,
) -> Result<Option<Query>, DslError> {
    match form {
        Sexp::Str(s) => Ok(Some(Query::Text(s.clone()))),
        Sexp::Symbol(s) => Ok(Some(Query::Text(s.clone()))),
        Sexp::PageRef(n) | Sexp::Tag(n) => Ok(Some(Query::PageRef(n.clone()))),
        Sexp::List(items) => list(items, sort, depth),
        Sexp::Keyword(k) => invalid(format!("unexpected keyword :{k}")),
        Sexp::Vector(_) => invalid("unexpected vector"),
        Sexp::Map(_) | Sexp::Set(_) => invalid("unexpected map or set"),
    }
}

fn list(
    items: &[Sexp],
    sort: &mut Option<SortBy>,
    depth: usize,
) -> Result<Option<Query>, DslError> {
    let Some(head) = items.first() else {
        return invalid("empty list ()");
    };
    let Sexp::Symbol(name) = head else {
        return invalid("a list must start with an operator such as and, or, property");
    };
    let args = &items[1..];
    let op = name.to_lowercase();
    let q = match op.as_str() {
        "and" | "or" | "not" => return combine(&op, args, sort, depth),
        "property" => property(args, false)?,
        "page-property" => property(args, true)?,
        "namespace" => Query::Namespace(one_name(&op, args)?),
        "task" | "todo" => Query::Task(markers(args)?),
        "priority" => Query::Priority(priorities(args)?),
        "page" => Query::Page(names(&op, args)?),
        "page-tags" | "page-tag" => Query::PageTags(names(&op, args)?),
        "between" => between(args)?,
        "sort-by" => {
            *sort = Some(sort_by(args)?);
            return Ok(None);
        }
        other => {
            return Err(DslError::Unsupported(format!("the query form ({other} …)")));
        }
    };
    Ok(Some(q))
}

fn combine(
    op: &str,
    args: &[Sexp],
    sort: &mut Option<SortBy>,
    depth: usize,
) -> Result<Option<Query>, DslError> {
    if depth > super::reader::MAX_NESTING {
        return invalid("query nested too deeply");
    }
    let mut parts = Vec::new();
    for a in args {
        if let Some(q) = convert(a, sort, depth + 1)? {
            parts.push(q);
        }
    }
    Ok(match (op, parts.len()) {
        (_, 0) => None,
        ("not", 1) => Some(Query::Not(Box::new(parts.remove(0)))),
        ("not", _) => Some(Query::Not(Box::new(Query::And(parts)))),
        (_, 1) => Some(parts.remove(0)),
        ("or", _) => Some(Query::Or(parts)),
        _ => Some(Query::And(parts)),
    })
}

/// `(property k)` / `(property k v)` and the page-property variants.
fn property(args: &[Sexp], page: bool) -> Result<Query, DslError> {
    let form = if page { "page-property" } else { "property" };
    let (key, value) = match args {
        [k] => (k, None),
        [k, v] => (k, Some(value(v)?)),
        _ => return invalid(format!("({form} …) takes a key and an optional value")),
    };
    let Some(key) = key.name().filter(|k| !k.trim().is_empty()) else {
        return invalid(format!("({form} …) needs a property key"));
    };
    let key = crate::parse::properties::normalise_key(key.trim_start_matches(':'));
    Ok(if page {
        Query::PageProperty { key, value }
    } else {
        Query::Property { key, value }
    })
}

/// A value as Logseq parses it: `"…"` stays text (`"TRUE"`, `"true"`), refs are refs, bare
/// `true`/`false` are booleans, digits are integers, other words are text.
fn value(v: &Sexp) -> Result<Value, DslError> {
    Ok(match v {
        Sexp::Str(s) => Value::Text(s.clone()),
        Sexp::PageRef(n) | Sexp::Tag(n) => Value::Ref(n.clone()),
        Sexp::Keyword(k) => Value::Text(k.clone()),
        Sexp::Symbol(s) => match s.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => s
                .parse::<i64>()
                .map_or_else(|_| Value::Text(s.clone()), Value::Int),
        },
        _ => return invalid("a property value must be a word, a string or a page reference"),
    })
}

fn one_name(op: &str, args: &[Sexp]) -> Result<String, DslError> {
    match args {
        [a] => a
            .name()
            .map(str::to_string)
            .map_or_else(|| invalid(format!("({op} …) needs a page name")), Ok),
        _ => invalid(format!("({op} …) takes one page")),
    }
}

fn names(op: &str, args: &[Sexp]) -> Result<Vec<String>, DslError> {
    if args.is_empty() {
        return invalid(format!("({op} …) needs at least one page"));
    }
    args.iter()
        .map(|a| {
            a.name()
                .map(str::to_string)
                .map_or_else(|| invalid(format!("({op} …) takes page names")), Ok)
        })
        .collect()
}

/// `(task NOW LATER …)`: markers in any case; a set or vector of them also works.
fn markers(args: &[Sexp]) -> Result<Vec<Marker>, DslError> {
    let words = flatten_words(args);
    if words.is_empty() {
        return invalid("(task …) needs at least one marker");
    }
    words
        .iter()
        .map(|w| {
            Marker::parse(&w.to_uppercase())
                .map_or_else(|| invalid(format!("unknown task marker {w}")), Ok)
        })
        .collect()
}

fn priorities(args: &[Sexp]) -> Result<Vec<char>, DslError> {
    let words = flatten_words(args);
    if words.is_empty() {
        return invalid("(priority …) needs at least one of A, B, C");
    }
    words
        .iter()
        .map(|w| match w.to_uppercase().as_str() {
            p @ ("A" | "B" | "C") => Ok(p.chars().next().unwrap_or('A')),
            _ => invalid(format!("unknown priority {w}")),
        })
        .collect()
}

fn flatten_words(args: &[Sexp]) -> Vec<String> {
    args.iter()
        .flat_map(|a| match a {
            Sexp::Set(v) | Sexp::Vector(v) | Sexp::List(v) => flatten_words(v),
            other => other
                .name()
                .map(|s| vec![s.to_string()])
                .unwrap_or_default(),
        })
        .collect()
}

/// `(sort-by key)`, `(sort-by key asc|desc)`.
fn sort_by(args: &[Sexp]) -> Result<SortBy, DslError> {
    let (key, dir) = match args {
        [k] => (k, None),
        [k, d] => (k, d.name()),
        _ => return invalid("(sort-by …) takes a key and an optional asc or desc"),
    };
    let Some(key) = key.name() else {
        return invalid("(sort-by …) needs a property key");
    };
    let descending = match dir.map(str::to_lowercase).as_deref() {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(other) => return invalid(format!("sort direction must be asc or desc, not {other}")),
    };
    Ok(SortBy {
        key: crate::parse::properties::normalise_key(key.trim_start_matches(':')),
        descending,
    })
}

/// `(between -7d today)`, `(between [[2023-01-01]] [[2023-12-31]])`.
fn between(args: &[Sexp]) -> Result<Query, DslError> {
    let [a, b] = args else {
        return invalid("(between …) takes two days");
    };
    Ok(Query::Between(day_bound(a)?, day_bound(b)?))
}

fn day_bound(form: &Sexp) -> Result<DayBound, DslError> {
    let Some(text) = form.name() else {
        return invalid("a day must be a word or a [[journal page]]");
    };
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "today" => return Ok(DayBound::Relative(0)),
        "yesterday" => return Ok(DayBound::Relative(-1)),
        "tomorrow" => return Ok(DayBound::Relative(1)),
        _ => {}
    }
    if let Some(n) = relative_days(&t) {
        return Ok(DayBound::Relative(n));
    }
    if let Some(day) = super::days::parse_day(text) {
        return Ok(DayBound::Day(day));
    }
    invalid(format!(
        "'{text}' is not a day (use today, -7d, or a [[yyyy-MM-dd]] journal)"
    ))
}

/// `-7d`, `+2w`, `-1m`, `-1y` → days (a month is 30 days, a year 365, as Logseq's `between`).
fn relative_days(t: &str) -> Option<i64> {
    let (sign, rest) = match t.as_bytes().first()? {
        b'-' => (-1, &t[1..]),
        b'+' => (1, &t[1..]),
        _ => (1, t),
    };
    let unit = rest.chars().last()?;
    let n: i64 = rest[..rest.len() - unit.len_utf8()].parse().ok()?;
    let per = match unit {
        'd' => 1,
        'w' => 7,
        'm' => 30,
        'y' => 365,
        _ => return None,
    };
    Some(sign * n * per)
}

#[cfg(test)]
#[path = "dsl_tests.rs"]
mod tests;
