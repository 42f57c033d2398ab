//! Names: file name → page name → identity key → URL slug (skeleton).

/// `:file/name-format` of `config.edn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum NameFormat {
    /// `a___b.md` is the page `a/b` (Logseq ≥ 0.8.9 with `:file/name-format :triple-lowbar`).
    #[default]
    TripleLowbar,
    /// Older graphs: `a.b.md` or `a%2Fb.md` is `a/b`.
    Legacy,
}

/// The page name a file gives (LOGSEQ.md §2.1), trimmed.
pub fn page_name_from_file(rel_path: &str, _format: NameFormat) -> String {
    rel_path.to_string()
}

/// The identity key of a page name: NFC(lowercase(trim(name))) without surrounding `/`.
pub fn page_key(name: &str) -> String {
    name.trim().to_lowercase()
}
