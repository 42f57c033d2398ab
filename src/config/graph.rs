//! The graph's own settings: `<content>/logseq/config.edn` → [`GraphConfig`].
//!
//! It takes the text (or the path) of Logseq's `config.edn` and gives the handful of keys innsite
//! uses, with Logseq 0.9.8's defaults for absent keys. It never fails: a missing file gives the
//! defaults silently; an unreadable or invalid file, or a key of the wrong type, gives the defaults
//! for what could not be read plus an `InvalidEdn` warning naming `logseq/config.edn` and a line.

use super::edn;
use crate::diagnostics::{Diagnostic, Kind};
use crate::name::journal::JournalFormat;
use crate::name::NameFormat;
use edn_format::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Graph-relative path of the file, as diagnostics name it.
pub const CONFIG_EDN: &str = "logseq/config.edn";

/// What innsite reads from `logseq/config.edn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphConfig {
    /// `:hidden`: path prefixes Logseq does not read (LOGSEQ.md §2.7), as written.
    pub hidden: Vec<String>,
    /// `:block-hidden-properties`: a set of keywords → lower-case names without `:` (§6).
    pub block_hidden_properties: BTreeSet<String>,
    /// `:default-home {:page "x"}` → `x`. Only inside `:default-home`: a stray top-level `:page`
    /// (as in the real file, §9.2, §11.39) is ignored, as Logseq ignores it.
    pub default_home: Option<String>,
    /// `:favorites`, trimmed, in config order, without empty or repeated (case-insensitive) names.
    pub favorites: Vec<String>,
    /// `:file/name-format`. `:triple-lowbar` → `TripleLowbar`; a file *without* the key is a
    /// graph never upgraded, which Logseq 0.9.8 reads as `:legacy` (its built-in default in
    /// `state.cljs`).
    /// With no `config.edn` at all, Logseq writes its template for a new graph, which sets
    /// `:triple-lowbar` since 0.8.9: so a missing (or unreadable) file gives `TripleLowbar`.
    pub name_format: NameFormat,
    /// `:publishing/all-pages-public?` (Logseq default: false, then only `public:: true` pages
    /// are published; §10, RELIABILITY.md §10). A folder without any `config.edn` is not a
    /// Logseq graph with publishing settings: every page is published (true).
    pub all_pages_public: bool,
    /// `:ui/show-brackets?` (Logseq default: true; only an explicit `false` turns it off).
    pub show_brackets: bool,
    /// `:journals-directory`, `:journal/file-name-format` and `:journal/page-title-format`.
    pub journals: JournalFormat,
}

impl Default for GraphConfig {
    /// The settings of a graph with no `config.edn`.
    fn default() -> Self {
        GraphConfig {
            hidden: Vec::new(),
            block_hidden_properties: BTreeSet::new(),
            default_home: None,
            favorites: Vec::new(),
            name_format: NameFormat::TripleLowbar,
            all_pages_public: true,
            show_brackets: true,
            journals: JournalFormat::default(),
        }
    }
}

/// Read `<content>/logseq/config.edn`. A missing file gives the defaults and no diagnostic.
pub fn read_graph_config(content: &Path) -> (GraphConfig, Vec<Diagnostic>) {
    let path = content.join("logseq").join("config.edn");
    match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse_graph_config(&text),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let msg = format!("not valid UTF-8 at byte {at}; using Logseq's defaults");
                let d = Diagnostic::warning(Kind::InvalidUtf8, CONFIG_EDN, None, msg);
                (GraphConfig::default(), vec![d])
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (GraphConfig::default(), Vec::new()),
        Err(e) => {
            let msg = format!(
                "cannot read {}: {e}; using Logseq's defaults",
                path.display()
            );
            let d = Diagnostic::warning(Kind::UnreadableFile, CONFIG_EDN, None, msg);
            (GraphConfig::default(), vec![d])
        }
    }
}

/// Read the text of a `config.edn`.
pub fn parse_graph_config(text: &str) -> (GraphConfig, Vec<Diagnostic>) {
    let mut warnings = Warnings {
        text,
        list: Vec::new(),
    };
    let root = match edn::parse(text) {
        Ok(v @ Value::Map(_)) => v,
        Ok(other) => {
            let msg = format!("expected a map, found {}", edn::type_name(&other));
            warnings.at(None, format!("{msg}; using Logseq's defaults"));
            return (GraphConfig::default(), warnings.list);
        }
        Err(e) => {
            let msg = format!("{e}; using Logseq's defaults");
            warnings.at(Some(e.line), msg);
            return (GraphConfig::default(), warnings.list);
        }
    };
    let defaults = GraphConfig::default();
    let config = GraphConfig {
        hidden: strings(&root, ":hidden", &mut warnings),
        block_hidden_properties: hidden_properties(&root, &mut warnings),
        default_home: default_home(&root, &mut warnings),
        favorites: favorites(&root, &mut warnings),
        name_format: name_format(&root, &mut warnings),
        // A config.edn without the key: Logseq's own default, false.
        all_pages_public: boolean(&root, ":publishing/all-pages-public?", &mut warnings)
            .unwrap_or(false),
        show_brackets: boolean(&root, ":ui/show-brackets?", &mut warnings)
            .unwrap_or(defaults.show_brackets),
        journals: journal_format(&root, &mut warnings),
    };
    (config, warnings.list)
}

/// Collects `InvalidEdn` warnings, locating a key by its first uncommented occurrence.
struct Warnings<'a> {
    text: &'a str,
    list: Vec<Diagnostic>,
}

impl Warnings<'_> {
    fn at(&mut self, line: Option<u32>, message: String) {
        let d = Diagnostic::warning(Kind::InvalidEdn, CONFIG_EDN, line, message);
        self.list.push(d);
    }
    fn key(&mut self, key: &str, message: String) {
        let line = edn::line_of(self.text, key);
        self.at(line, format!("{key}: {message}"));
    }
}

/// A sequence of strings; other elements are skipped with a warning.
fn strings(root: &Value, key: &str, w: &mut Warnings) -> Vec<String> {
    let Some(value) = edn::get(root, key) else {
        return Vec::new();
    };
    let Some(items) = edn::as_seq(value) else {
        let found = edn::type_name(value);
        w.key(
            key,
            format!("expected a vector of strings, found {found}; ignored"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        match edn::as_str(item) {
            Some(s) => out.push(s.to_string()),
            None => {
                let found = edn::type_name(item);
                w.key(key, format!("expected a string, found {found}; skipped"));
            }
        }
    }
    out
}

fn hidden_properties(root: &Value, w: &mut Warnings) -> BTreeSet<String> {
    const KEY: &str = ":block-hidden-properties";
    let items: Vec<&Value> = match edn::get(root, KEY) {
        None | Some(Value::Nil) => return BTreeSet::new(),
        Some(Value::Set(s)) => s.iter().collect(),
        Some(v) => match edn::as_seq(v) {
            Some(seq) => seq.iter().collect(),
            None => {
                let found = edn::type_name(v);
                w.key(
                    KEY,
                    format!("expected a set of keywords, found {found}; ignored"),
                );
                return BTreeSet::new();
            }
        },
    };
    let mut out = BTreeSet::new();
    for item in items {
        match edn::keyword_text(item) {
            Some(k) => {
                out.insert(k.to_lowercase());
            }
            None => {
                let found = edn::type_name(item);
                w.key(KEY, format!("expected a keyword, found {found}; skipped"));
            }
        }
    }
    out
}

fn default_home(root: &Value, w: &mut Warnings) -> Option<String> {
    const KEY: &str = ":default-home";
    let home = edn::get(root, KEY)?;
    if !matches!(home, Value::Map(_)) {
        let found = edn::type_name(home);
        w.key(
            KEY,
            format!("expected a map like {{:page \"name\"}}, found {found}; ignored"),
        );
        return None;
    }
    match edn::get(home, ":page") {
        None | Some(Value::Nil) => None,
        Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Some(other) => {
            let found = edn::type_name(other);
            w.key(
                KEY,
                format!(":page: expected a string, found {found}; ignored"),
            );
            None
        }
    }
}

/// The journal settings; an absent, blank or non-string value keeps Logseq's default.
fn journal_format(root: &Value, w: &mut Warnings) -> JournalFormat {
    let mut j = JournalFormat::default();
    let fields = [
        (":journals-directory", &mut j.directory),
        (":journal/file-name-format", &mut j.file_name),
        (":journal/page-title-format", &mut j.page_title),
    ];
    for (key, field) in fields {
        match edn::get(root, key) {
            None | Some(Value::Nil) => {}
            Some(Value::String(s)) if !s.trim().is_empty() => {
                *field = s.trim().trim_matches('/').to_string();
            }
            Some(other) => {
                let found = edn::type_name(other);
                w.key(
                    key,
                    format!("expected a non-blank string, found {found}; using Logseq's default"),
                );
            }
        }
    }
    j
}

fn favorites(root: &Value, w: &mut Warnings) -> Vec<String> {
    let mut seen = BTreeSet::new();
    strings(root, ":favorites", w)
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && seen.insert(s.to_lowercase()))
        .collect()
}

fn name_format(root: &Value, w: &mut Warnings) -> NameFormat {
    const KEY: &str = ":file/name-format";
    let Some(value) = edn::get(root, KEY) else {
        return NameFormat::Legacy;
    };
    match edn::keyword_text(value).as_deref() {
        Some("triple-lowbar") => NameFormat::TripleLowbar,
        Some("legacy") => NameFormat::Legacy,
        _ => {
            let found = edn::emit(value);
            w.key(KEY, format!("unknown format {found} (expected :triple-lowbar or :legacy); Logseq reads it as :legacy"));
            NameFormat::Legacy
        }
    }
}

/// A boolean key; `nil` counts as absent, other types warn.
fn boolean(root: &Value, key: &str, w: &mut Warnings) -> Option<bool> {
    match edn::get(root, key)? {
        Value::Boolean(b) => Some(*b),
        Value::Nil => None,
        other => {
            let found = edn::type_name(other);
            w.key(
                key,
                format!("expected true or false, found {found}; ignored"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real_graph() -> Option<std::path::PathBuf> {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/innbok");
        p.join("logseq/config.edn").is_file().then_some(p)
    }

    #[test]
    fn real_config_edn() {
        let Some(graph) = real_graph() else {
            eprintln!("skipped: corpus absent");
            return;
        };
        let (c, diags) = read_graph_config(&graph);
        assert!(diags.is_empty(), "{diags:?}");
        // Only `:default-home {:page …}` counts, not the stray top-level `:page` (§9.2).
        assert_eq!(c.default_home.as_deref(), Some("dashboard"));
        assert_eq!(c.favorites.len(), 20);
        assert_eq!(
            c.favorites[..3],
            [
                "business info - contratos entendibles",
                "inncopilot map of contents",
                "keys (priority)"
            ]
        );
        assert_eq!(c.favorites[19], "inncopilot/community");
        assert_eq!(c.hidden, ["/archived", "../archived", "./archived"]);
        let expected = "page-type color innbok-type innbok-bm-id priority inncopilot-type \
            innbok-key-rating bm-id innbok-artifact artifact-class innbok-id parent inn-block-type \
            inn-block-title inn-block-parent artifact-page-type inn-block-bm-id content-type status \
            tree-parent inn-is-child-of inn-block-card tags innbok-item-type key-weight plastilinn-type";
        let expected: BTreeSet<String> = expected.split_whitespace().map(String::from).collect();
        assert_eq!(c.block_hidden_properties, expected);
        assert_eq!(c.name_format, NameFormat::TripleLowbar);
        assert!(c.all_pages_public);
        assert!(c.show_brackets);
        assert_eq!(c.journals.page_title, "yyyy-MM-dd");
        assert_eq!(c.journals.file_name, "yyyy_MM_dd");
        assert_eq!(c.journals.directory, "journals");
    }

    #[test]
    fn journal_settings() {
        let (c, diags) = parse_graph_config(
            "{:journal/page-title-format \"EEE, dd.MM.yyyy\"\n :journals-directory \"/daily/\"\n :journal/file-name-format 7}",
        );
        assert_eq!(c.journals.page_title, "EEE, dd.MM.yyyy");
        assert_eq!(c.journals.directory, "daily");
        assert_eq!(c.journals.file_name, "yyyy_MM_dd");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, Some(3));
        assert_eq!(
            parse_graph_config("{}").0.journals,
            JournalFormat::default()
        );
    }

    #[test]
    fn missing_file_gives_defaults_silently() {
        let dir = tempfile::tempdir().unwrap();
        let (c, diags) = read_graph_config(dir.path());
        assert_eq!(c, GraphConfig::default());
        assert_eq!(c.name_format, NameFormat::TripleLowbar);
        assert!(c.all_pages_public && c.show_brackets);
        assert!(diags.is_empty());
    }

    #[test]
    fn invalid_edn_warns_with_position_and_gives_defaults() {
        let (c, diags) = parse_graph_config("{:favorites [\"a\"]\n :hidden}");
        assert_eq!(c, GraphConfig::default());
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!(
            (d.kind, d.file.as_str(), d.line),
            (Kind::InvalidEdn, CONFIG_EDN, Some(2))
        );
        assert!(d.message.contains("line 2, column"), "{}", d.message);
    }

    #[test]
    fn invalid_file_on_disk_warns() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("logseq")).unwrap();
        std::fs::write(dir.path().join("logseq/config.edn"), "{:a \"unterminated}").unwrap();
        let (c, diags) = read_graph_config(dir.path());
        assert_eq!(c, GraphConfig::default());
        assert_eq!(diags[0].kind, Kind::InvalidEdn);
    }

    #[test]
    fn absent_name_format_in_an_existing_file_is_legacy() {
        let (c, _) = parse_graph_config("{:meta/version 1}");
        assert_eq!(c.name_format, NameFormat::Legacy);
        let (c, _) = parse_graph_config("{:file/name-format :legacy}");
        assert_eq!(c.name_format, NameFormat::Legacy);
        let (c, d) = parse_graph_config("{:file/name-format :dots}");
        assert_eq!(c.name_format, NameFormat::Legacy);
        assert!(d[0].message.contains(":dots"), "{d:?}");
    }

    #[test]
    fn stray_top_level_page_is_not_the_home() {
        let (c, _) = parse_graph_config("{:page \"x\" :sidebar \"y\"}");
        assert_eq!(c.default_home, None);
        let (c, _) = parse_graph_config("{:default-home {:page \" Home \" :sidebar \"y\"}}");
        assert_eq!(c.default_home.as_deref(), Some("Home"));
    }

    #[test]
    fn comments_odd_keys_and_functions_parse() {
        let text = ";; comment\n{:a 1 ; trailing\n property-pages/excludelist #{:x}\n \
            :query/views {:pprint (fn [r] [:pre.code (pprint r)])}\n :inputs [:14d :today]\n \
            :ui/show-brackets? false :publishing/all-pages-public? true}";
        let (c, d) = parse_graph_config(text);
        assert!(d.is_empty(), "{d:?}");
        assert!(!c.show_brackets);
        assert!(c.all_pages_public);
    }

    #[test]
    fn wrong_types_warn_at_the_key_line_and_keep_defaults() {
        let text =
            "{:favorites \"a\"\n :ui/show-brackets? \"no\"\n :block-hidden-properties #{:A \"b\"}}";
        let (c, d) = parse_graph_config(text);
        assert!(c.favorites.is_empty());
        assert!(c.show_brackets);
        assert_eq!(c.block_hidden_properties, BTreeSet::from(["a".to_string()]));
        let mut lines: Vec<_> = d.iter().map(|d| d.line).collect();
        lines.sort();
        assert_eq!(lines, [Some(1), Some(2), Some(3)], "{d:?}");
        assert!(d.iter().all(|d| d.kind == Kind::InvalidEdn));
    }

    #[test]
    fn favorites_are_trimmed_and_deduplicated_in_order() {
        let (c, _) = parse_graph_config("{:favorites [\" b \" \"a\" \"B\" \"\"]}");
        assert_eq!(c.favorites, ["b", "a"]);
    }
}
