//! Advanced queries (`#+BEGIN_QUERY … #+END_QUERY`): takes the body, an EDN-like map, and
//! gives a [`Spec`] (filter, sort and view options) or a [`DslError`]. The `:query` is either
//! a simple-query list (→ [`super::dsl`]) or a datalog vector; the datalog shapes that occur in
//! the real graph (LOGSEQ.md §7.2 forms 6 and 17) and a few close relatives are translated to
//! the same [`Query`] tree, anything else is `Unsupported`. `:inputs` (time-dependent) are
//! unsupported; `:result-transform` is ignored (a function cannot run at build time), so its
//! `sort-by` in the simple query is all that orders results, as LOGSEQ.md §7.2 form 19 asks.

use super::dsl::{self, DslError, Query, Value};
use super::reader::{read_all, Sexp};
use super::Spec;
use std::collections::HashMap;

/// Parse an advanced query body. `Ok(None)` for a blank body.
pub fn parse(body: &str) -> Result<Option<Spec>, DslError> {
    let forms = read_all(body)?;
    let entries = match forms.as_slice() {
        [] => return Ok(None),
        [Sexp::Map(entries)] => entries,
        _ => {
            return Err(DslError::Invalid(
                "an advanced query must be one {…} map".into(),
            ))
        }
    };
    let map = keyed(entries)?;
    let mut spec = Spec::default();
    if let Some(t) = map.get("title") {
        spec.title = Some(hiccup_text(t)).filter(|s| !s.trim().is_empty());
    }
    spec.collapsed = flag(&map, "collapsed?").unwrap_or(false);
    spec.breadcrumb = flag(&map, "breadcrumb-show?").unwrap_or(true);
    spec.group_by_page = flag(&map, "group-by-page?").unwrap_or(true);
    spec.table = flag(&map, "table-view?");
    spec.children = !flag(&map, "remove-block-children?").unwrap_or(false);
    spec.ignored_transform = map.contains_key("result-transform");
    let Some(query) = map.get("query") else {
        return Err(DslError::Invalid("the map has no :query".into()));
    };
    if map.contains_key("inputs") {
        return Err(DslError::Unsupported(
            "queries with :inputs (relative times such as :7d-before-ms) depend on the moment they run"
                .into(),
        ));
    }
    let parsed = match query {
        Sexp::Str(text) => match dsl::parse(text)? {
            Some(p) => p,
            None => return Ok(None),
        },
        Sexp::Vector(items) => dsl::Parsed {
            filter: Some(datalog(items)?),
            sort: None,
        },
        other => dsl::parse_form(other)?,
    };
    spec.filter = parsed.filter;
    spec.sort = parsed.sort;
    Ok(Some(spec))
}

/// `{:k v …}` → keyword name → value.
fn keyed(entries: &[Sexp]) -> Result<HashMap<String, &Sexp>, DslError> {
    if entries.len() % 2 != 0 {
        return Err(DslError::Invalid(
            "the map has a key without a value".into(),
        ));
    }
    let mut map = HashMap::new();
    for pair in entries.chunks(2) {
        if let Sexp::Keyword(k) = &pair[0] {
            map.insert(k.clone(), &pair[1]);
        }
    }
    Ok(map)
}

fn flag(map: &HashMap<String, &Sexp>, key: &str) -> Option<bool> {
    match map.get(key)? {
        Sexp::Symbol(s) if s == "true" => Some(true),
        Sexp::Symbol(s) if s == "false" || s == "nil" => Some(false),
        _ => None,
    }
}

/// The text of a `:title`: a string, or the strings inside hiccup (`[:b "Title"]`).
fn hiccup_text(form: &Sexp) -> String {
    match form {
        Sexp::Str(s) => s.clone(),
        Sexp::Vector(items) | Sexp::List(items) => items
            .iter()
            .map(hiccup_text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn unsupported<T>(what: impl Into<String>) -> Result<T, DslError> {
    Err(DslError::Unsupported(what.into()))
}

/// A datalog `[:find (pull ?b [*]) :where …]` → a block filter.
fn datalog(items: &[Sexp]) -> Result<Query, DslError> {
    let sections = sections(items)?;
    let find = sections.get("find").map(Vec::as_slice).unwrap_or_default();
    let var = match find {
        [Sexp::List(pull)] if pull.first() == Some(&Sexp::Symbol("pull".into())) => {
            match pull.get(1) {
                Some(Sexp::Symbol(v)) => v.clone(),
                _ => return unsupported("a :find without (pull ?var [*])"),
            }
        }
        _ => return unsupported("a :find other than (pull ?block [*])"),
    };
    if let Some(inputs) = sections.get("in") {
        if inputs.iter().any(|i| i != &Sexp::Symbol("$".into())) {
            return unsupported("datalog queries with :in inputs");
        }
    }
    let clauses = sections.get("where").map(Vec::as_slice).unwrap_or_default();
    if clauses.is_empty() {
        return unsupported("a datalog query without :where");
    }
    Datalog::new(&var, clauses).translate(clauses)
}

/// `:find …`, `:in …`, `:where …` sections of a datalog vector.
fn sections(items: &[Sexp]) -> Result<HashMap<String, Vec<Sexp>>, DslError> {
    let mut map: HashMap<String, Vec<Sexp>> = HashMap::new();
    let mut current: Option<String> = None;
    for item in items {
        match (item, &current) {
            (Sexp::Keyword(k), _) => {
                current = Some(k.clone());
                map.entry(k.clone()).or_default();
            }
            (other, Some(k)) => map.entry(k.clone()).or_default().push(other.clone()),
            (_, None) => {
                return Err(DslError::Invalid(
                    "a datalog query must start with :find".into(),
                ))
            }
        }
    }
    Ok(map)
}

/// The variables of a `:where` and what they are bound to.
struct Datalog {
    /// The pulled block variable.
    block: String,
    /// `[?p :block/name "x"]` → ?p = page x.
    names: HashMap<String, String>,
    /// `[?b :block/content ?c]` → ?c.
    content_vars: Vec<String>,
}

impl Datalog {
    fn new(block: &str, clauses: &[Sexp]) -> Datalog {
        let mut d = Datalog {
            block: block.to_string(),
            names: HashMap::new(),
            content_vars: Vec::new(),
        };
        for c in clauses {
            if let Sexp::Vector(v) = c {
                match v.as_slice() {
                    [Sexp::Symbol(p), Sexp::Keyword(a), Sexp::Str(n)]
                        if a == "block/name" || a == "block/original-name" =>
                    {
                        d.names.insert(p.clone(), n.clone());
                    }
                    [Sexp::Symbol(b), Sexp::Keyword(a), Sexp::Symbol(c)]
                        if b == block && a == "block/content" =>
                    {
                        d.content_vars.push(c.clone());
                    }
                    _ => {}
                }
            }
        }
        d
    }

    fn translate(&self, clauses: &[Sexp]) -> Result<Query, DslError> {
        let mut parts = Vec::new();
        for c in clauses {
            if let Some(q) = self.clause(c)? {
                parts.push(q);
            }
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Query::And(parts)
        })
    }

    /// One clause → a filter (None when it only binds variables).
    fn clause(&self, c: &Sexp) -> Result<Option<Query>, DslError> {
        let text = || format!("the datalog clause {}", show(c));
        match c {
            Sexp::Vector(v) => match v.as_slice() {
                [Sexp::Symbol(_), Sexp::Keyword(a), Sexp::Str(_)]
                    if a == "block/name" || a == "block/original-name" =>
                {
                    Ok(None)
                }
                [Sexp::Symbol(b), Sexp::Keyword(a), Sexp::Symbol(p)] if *b == self.block => self
                    .block_attr(a, p)
                    .map_or_else(|| unsupported(text()), Ok),
                [Sexp::Symbol(p), Sexp::Keyword(a), Sexp::Symbol(_)]
                    if a == "block/name" && *p != self.block =>
                {
                    Ok(None)
                }
                [Sexp::List(call)] => self.predicate(call).map_or_else(|| unsupported(text()), Ok),
                _ => unsupported(text()),
            },
            Sexp::List(call) => self
                .rule(call)
                .map_or_else(|| unsupported(text()), |q| Ok(Some(q))),
            _ => unsupported(text()),
        }
    }

    /// `[?b :block/refs ?p]`, `[?b :block/path-refs ?p]`, `[?b :block/page ?p]`,
    /// `[?b :block/content ?c]`.
    fn block_attr(&self, attr: &str, var: &str) -> Option<Option<Query>> {
        let page = self.names.get(var).cloned();
        match (attr, page) {
            ("block/refs", Some(p)) => Some(Some(Query::DirectRef(p))),
            ("block/path-refs", Some(p)) => Some(Some(Query::PageRef(p))),
            ("block/page", Some(p)) => Some(Some(Query::Page(vec![p]))),
            ("block/page", None) | ("block/content", None) => Some(None),
            _ => None,
        }
    }

    /// `[(clojure.string/includes? ?c "text")]` on the block's content.
    fn predicate(&self, call: &[Sexp]) -> Option<Option<Query>> {
        match call {
            [Sexp::Symbol(f), Sexp::Symbol(v), Sexp::Str(t)]
                if f.ends_with("includes?") && self.content_vars.contains(v) =>
            {
                Some(Some(Query::Text(t.clone())))
            }
            _ => None,
        }
    }

    /// Logseq's query rules: `(property ?b :k "v")`, `(page-ref ?b "x")`, `(task ?b #{…})`,
    /// `(page ?b "x")`.
    fn rule(&self, call: &[Sexp]) -> Option<Query> {
        let (Some(Sexp::Symbol(name)), Some(Sexp::Symbol(var))) = (call.first(), call.get(1))
        else {
            return None;
        };
        if *var != self.block {
            return None;
        }
        let args = &call[2..];
        match (name.as_str(), args) {
            ("property", [k]) => Some(Query::Property {
                key: key(k)?,
                value: None,
            }),
            ("property", [k, v]) => Some(Query::Property {
                key: key(k)?,
                value: Some(value(v)?),
            }),
            ("page-ref", [p]) => Some(Query::PageRef(p.name()?.to_string())),
            ("page", [p]) => Some(Query::Page(vec![p.name()?.to_string()])),
            ("task", [Sexp::Set(ms)]) => {
                let words: Vec<_> = ms.iter().filter_map(Sexp::name).collect();
                let markers: Option<Vec<_>> = words
                    .iter()
                    .map(|w| crate::model::Marker::parse(&w.to_uppercase()))
                    .collect();
                Some(Query::Task(markers?))
            }
            _ => None,
        }
    }
}

fn key(k: &Sexp) -> Option<String> {
    Some(crate::parse::properties::normalise_key(
        k.name()?.trim_start_matches(':'),
    ))
}

/// A datalog rule value: `"artifact"` is text, as the rule compares it.
fn value(v: &Sexp) -> Option<Value> {
    match v {
        Sexp::Str(s) | Sexp::Keyword(s) => Some(Value::Text(s.clone())),
        Sexp::PageRef(s) | Sexp::Tag(s) => Some(Value::Ref(s.clone())),
        Sexp::Symbol(s) => Some(
            s.parse()
                .map_or_else(|_| Value::Text(s.clone()), Value::Int),
        ),
        _ => None,
    }
}

/// A short rendering of a form for messages.
fn show(form: &Sexp) -> String {
    let join = |v: &[Sexp]| v.iter().map(show).collect::<Vec<_>>().join(" ");
    match form {
        Sexp::List(v) => format!("({})", join(v)),
        Sexp::Vector(v) => format!("[{}]", join(v)),
        Sexp::Map(v) => format!("{{{}}}", join(v)),
        Sexp::Set(v) => format!("#{{{}}}", join(v)),
        Sexp::Str(s) => format!("{s:?}"),
        Sexp::Keyword(k) => format!(":{k}"),
        Sexp::Symbol(s) => s.clone(),
        Sexp::PageRef(p) => format!("[[{p}]]"),
        Sexp::Tag(t) => format!("#{t}"),
    }
}

#[cfg(test)]
#[path = "advanced_tests.rs"]
mod tests;
