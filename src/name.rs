//! Names: file name → page name → identity key → URL slug, every naming rule in one place.
//!
//! Takes plain strings (graph-relative file paths, page names as written in references) and
//! gives page names (LOGSEQ.md §2.1, §2.4), identity keys (§2.1 item 4, §8.3), namespace
//! relations (§2.8) and collision-free URL slugs (§8.1, §8.2). Everything here is a pure,
//! deterministic function of its arguments: it never touches the file system, never fails and
//! never panics, whatever the input (hostile names included).
//!
//! Submodules by concept: [`file`] (file name → page name), [`journal`] (journal file → day →
//! page title), [`slug`] (key → URL path) and [`collide`] (one URL per page when slugs collide).

mod collide;
mod file;
pub mod journal;
mod slug;

pub use collide::{assign_slugs, assign_slugs_memo, SlugAssignment, SlugCollision, SlugRequest};
pub use file::page_name_from_file;
pub use slug::{segment_slug, slug, MAX_SEGMENT_BYTES};

use unicode_normalization::UnicodeNormalization;

/// `:file/name-format` of `config.edn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum NameFormat {
    /// `a___b.md` is the page `a/b` (Logseq ≥ 0.8.9 with `:file/name-format :triple-lowbar`).
    #[default]
    TripleLowbar,
    /// Older graphs: `a%2Fb.md` is `a/b`. innsite keeps this simple: `%XX` escapes are decoded
    /// (so `%2F` is the namespace separator) and `.` and `___` stay literal.
    Legacy,
}

/// The identity key of a page name (LOGSEQ.md §2.1 item 4, §8.3):
/// `NFC(lowercase(trim(name)))` with leading/trailing `/` removed.
///
/// Whitespace and `/` are removed together from both ends until neither remains, so
/// `" /a/ "` and `"a"` share a key. NFC and NFD spellings (`diseño` typed on Linux or macOS)
/// give the same key. Logseq itself does not trim; innsite does (§2.4).
pub fn page_key(name: &str) -> String {
    let trimmed = key_edges_trimmed(name);
    // Fast paths (this runs for every link of every page): ASCII is already NFC, and most
    // other names are NFC as written, which the quick check tells without normalizing.
    if trimmed.is_ascii() {
        return trimmed.to_ascii_lowercase();
    }
    non_ascii_key(trimmed)
}

/// The [`page_key`] of `name`, appended to `out`: for the renderer, which writes the keys of
/// every reference of every block it shows (a string for each was a percent of a build).
pub fn push_page_key(out: &mut String, name: &str) {
    let trimmed = key_edges_trimmed(name);
    if trimmed.is_ascii() {
        let start = out.len();
        out.push_str(trimmed);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&non_ascii_key(trimmed));
    }
}

/// `name` without the whitespace and `/` a key drops from both ends.
fn key_edges_trimmed(name: &str) -> &str {
    // Most names start and end with a letter or digit: nothing to trim, no char scan.
    let alnum_ends = |b: &[u8]| {
        b.first().is_some_and(u8::is_ascii_alphanumeric)
            && b.last().is_some_and(u8::is_ascii_alphanumeric)
    };
    if alnum_ends(name.as_bytes()) {
        name
    } else {
        name.trim_matches(|c: char| c.is_whitespace() || c == '/')
    }
}

/// The key of a trimmed name that is not all ASCII: lower case, NFC.
fn non_ascii_key(trimmed: &str) -> String {
    let lower = trimmed.to_lowercase();
    if unicode_normalization::is_nfc_quick(lower.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        return lower;
    }
    lower.nfc().collect()
}

/// `name` when it is already its own [`page_key`] (ASCII, no upper case, nothing to trim),
/// so a lookup by name needs no new string; `None` otherwise.
pub fn borrowed_key(name: &str) -> Option<&str> {
    let bytes = name.as_bytes();
    let edge = |b: &u8| b.is_ascii_whitespace() || *b == b'/';
    let plain = bytes
        .iter()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && *b != 0x0b && *b != 0x0c);
    let trimmed = !bytes.first().is_some_and(edge) && !bytes.last().is_some_and(edge);
    (plain && trimmed).then_some(name)
}

/// The [`page_key`] of `name`, borrowed when the name is already its own key
/// ([`borrowed_key`]): what every lookup by name uses.
pub fn lookup_key(name: &str) -> std::borrow::Cow<'_, str> {
    match borrowed_key(name) {
        Some(key) => std::borrow::Cow::Borrowed(key),
        None => std::borrow::Cow::Owned(page_key(name)),
    }
}

/// A page name as written inside `[[…]]`, `#[[…]]` or a property value, cleaned: surrounding
/// whitespace is dropped (LOGSEQ.md §2.4: `[[x ]]` is the page `x`, as Logseq renders it).
pub fn clean_ref_name(raw: &str) -> &str {
    raw.trim()
}

/// True when `name` is a namespaced page name (LOGSEQ.md §2.8): it contains `/`, but does not
/// start with `./` or `../` and does not contain `://` (relative paths and URLs are not
/// namespaces).
pub fn is_namespace(name: &str) -> bool {
    name.contains('/')
        && !name.starts_with("./")
        && !name.starts_with("../")
        && !name.contains("://")
}

/// Every namespace prefix of `name`, shortest first: `a/b/c` → `["a", "a/b"]` (LOGSEQ.md §2.3:
/// each prefix is a page). Empty for a name that is not a namespace. Empty segments never end
/// a prefix (`a//b` → `["a"]`), and trailing `/` are ignored (`a/b/` → `["a"]`).
pub fn namespace_ancestors(name: &str) -> Vec<&str> {
    if !is_namespace(name) {
        return Vec::new();
    }
    let base = name.trim_end_matches('/');
    base.match_indices('/')
        .map(|(i, _)| &base[..i])
        .filter(|prefix| !prefix.is_empty() && !prefix.ends_with('/'))
        .collect()
}

/// The direct namespace parent of `name`: `a/b/c` → `a/b`; `None` when `name` is not a
/// namespace (or has no non-empty prefix, like `/a`).
pub fn namespace_parent(name: &str) -> Option<&str> {
    namespace_ancestors(name).pop()
}

/// The last segment of a namespaced name, for display: `topic/Business/Business model` →
/// `Business model`. A name that is not a namespace (§2.8: `../x`, `https://…`) is returned
/// whole; trailing `/` are ignored.
pub fn last_segment(name: &str) -> &str {
    if !is_namespace(name) {
        return name;
    }
    let base = name.trim_end_matches('/');
    match base.rsplit_once('/') {
        Some((_, last)) if !last.is_empty() => last,
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_borrowed_key_is_the_page_key() {
        let chars: Vec<char> = (0u8..0x80)
            .map(char::from)
            .chain(['é', 'İ', '\u{a0}'])
            .collect();
        let mut rng = fastrand::Rng::with_seed(11);
        let mut borrowed = 0;
        for _ in 0..50_000 {
            let len = rng.usize(0..6);
            let name: String = (0..len).map(|_| chars[rng.usize(..chars.len())]).collect();
            if let Some(key) = borrowed_key(&name) {
                assert_eq!(key, page_key(&name), "{name:?}");
                borrowed += 1;
            }
        }
        assert!(borrowed > 1_000, "the fast path was taken {borrowed} times");
        assert_eq!(borrowed_key("persona"), Some("persona"));
        assert_eq!(borrowed_key("Persona"), None);
        assert_eq!(borrowed_key(" persona"), None);
        assert_eq!(borrowed_key("a/b/"), None);
    }

    #[test]
    fn key_is_lowercase_trimmed_nfc_without_boundary_slashes() {
        assert_eq!(page_key("AI"), "ai");
        assert_eq!(page_key("  Risks "), "risks");
        assert_eq!(page_key("/topic/Business/"), "topic/business");
        assert_eq!(page_key(" / a / "), "a");
        assert_eq!(page_key("Qué Es"), "qué es");
        // §2.4: a reference with a trailing space is the same page.
        assert_eq!(
            page_key("business-idea/Business Model Innovation "),
            page_key("business-idea/Business Model Innovation")
        );
    }

    #[test]
    fn key_unifies_nfc_and_nfd() {
        let nfc = "dise\u{00F1}o";
        let nfd = "disen\u{0303}o";
        assert_ne!(nfc, nfd);
        assert_eq!(page_key(nfc), page_key(nfd));
        assert_eq!(page_key(nfd), "dise\u{00F1}o");
        assert_eq!(page_key("DISEN\u{0303}O"), "dise\u{00F1}o");
    }

    #[test]
    fn a_pushed_key_is_the_key() {
        for name in [
            "a",
            " /A/b/ ",
            "DISEN\u{0303}O",
            "🤔  Curiosity",
            "",
            "x\u{00A0}",
        ] {
            let mut out = "before".to_string();
            push_page_key(&mut out, name);
            assert_eq!(out, format!("before{}", page_key(name)), "{name:?}");
        }
    }

    #[test]
    fn key_keeps_inner_structure() {
        assert_eq!(page_key("a//b"), "a//b");
        assert_eq!(page_key("A___B Testing"), "a___b testing");
        assert_eq!(page_key(""), "");
        assert_eq!(page_key("🤔  Curiosity"), "🤔  curiosity");
    }

    #[test]
    fn ref_names_are_trimmed() {
        assert_eq!(
            clean_ref_name(
                "topic/Modelo de negocio/Herramientas y artefactos de modelado de negocio "
            ),
            "topic/Modelo de negocio/Herramientas y artefactos de modelado de negocio"
        );
        assert_eq!(clean_ref_name("\t x \n"), "x");
        assert_eq!(clean_ref_name("   "), "");
    }

    #[test]
    fn namespace_detection() {
        assert!(is_namespace("topic/Business"));
        assert!(is_namespace("a/b/c"));
        assert!(!is_namespace("topic"));
        assert!(!is_namespace("./archived"));
        assert!(!is_namespace("../archived"));
        assert!(!is_namespace("https://example.com/x"));
        assert!(!is_namespace("A___B Testing"));
    }

    #[test]
    fn namespace_ancestors_and_parent() {
        assert_eq!(namespace_ancestors("a/b/c"), vec!["a", "a/b"]);
        assert_eq!(
            namespace_ancestors("topic/Business/Business model/x"),
            vec!["topic", "topic/Business", "topic/Business/Business model"]
        );
        assert_eq!(namespace_ancestors("a"), Vec::<&str>::new());
        assert_eq!(namespace_ancestors("../a/b"), Vec::<&str>::new());
        assert_eq!(namespace_ancestors("a//b"), vec!["a"]);
        assert_eq!(namespace_ancestors("a/b/"), vec!["a"]);
        assert_eq!(namespace_ancestors("/a"), Vec::<&str>::new());
        assert_eq!(namespace_parent("a/b/c"), Some("a/b"));
        assert_eq!(namespace_parent("a/b"), Some("a"));
        assert_eq!(namespace_parent("a"), None);
        assert_eq!(namespace_parent("/a"), None);
        assert_eq!(namespace_parent("http://x/y"), None);
    }

    #[test]
    fn last_segment_for_display() {
        assert_eq!(
            last_segment("topic/Business/Business model"),
            "Business model"
        );
        assert_eq!(last_segment("topic"), "topic");
        assert_eq!(last_segment("a/b/"), "b");
        assert_eq!(last_segment("../x/y"), "../x/y");
        assert_eq!(last_segment("https://a.b/c"), "https://a.b/c");
        assert_eq!(last_segment("/"), "");
    }
}
