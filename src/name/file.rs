//! File name → page name (LOGSEQ.md §2.1, §2.4).
//!
//! Takes a graph-relative path (`/`-separated) and gives the page name Logseq derives from it,
//! trimmed as innsite wants it. Pure string work: never reads the file (`title::` overrides are
//! the parser's job), never fails; the result can be empty for names like `___.md`.

use super::NameFormat;

/// The page name a file gives (LOGSEQ.md §2.1, `gp/extract.cljc` `get-page-name`), trimmed.
///
/// 1. `pages/contents.<ext>` → `Contents`.
/// 2. Otherwise the base name (the folder never counts) up to the **last** `.`.
/// 3. [`NameFormat::TripleLowbar`]: every `___` becomes `/`; [`NameFormat::Legacy`]: `___` and
///    `.` stay literal.
/// 4. Every `%XX` escape is decoded (so `%2F` is a `/`). A run of escapes is decoded as UTF-8
///    (`%C3%B1` → `ñ`); any byte that is not part of valid UTF-8 stays as its `%XX` text.
/// 5. Split on `/`, drop empty segments, re-join (`make-valid-namespaces`); innsite also drops
///    whitespace-only segments at both ends and trims whitespace (§2.4), so the name never
///    starts or ends with `/` or whitespace.
///
/// Everything else is literal: single `_`, `(`, `,`, `+`, double spaces, a trailing `.`.
pub fn page_name_from_file(rel_path: &str, format: NameFormat) -> String {
    if let Some(ext) = rel_path.strip_prefix("pages/contents.") {
        if !ext.contains('/') {
            return "Contents".to_string();
        }
    }
    let base = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let body = match base.rfind('.') {
        Some(dot) => &base[..dot],
        None => base,
    };
    let replaced = match format {
        NameFormat::TripleLowbar => body.replace("___", "/"),
        NameFormat::Legacy => body.to_string(),
    };
    valid_namespaces(&percent_decode(&replaced))
}

/// Split on `/`, drop empty segments and blank segments at both ends, re-join, trim.
fn valid_namespaces(name: &str) -> String {
    let segments: Vec<&str> = name.split('/').filter(|s| !s.is_empty()).collect();
    let first = segments.iter().position(|s| !s.trim().is_empty());
    let last = segments.iter().rposition(|s| !s.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => segments[first..=last].join("/").trim().to_string(),
        _ => String::new(),
    }
}

/// Decode `%XX` escapes; bytes that do not form valid UTF-8 keep their escape text.
fn percent_decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('%') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let (bytes, consumed) = escape_run(rest);
        if bytes.is_empty() {
            out.push('%');
            rest = &rest[1..];
        } else {
            push_run(&mut out, &bytes, &rest[..consumed]);
            rest = &rest[consumed..];
        }
    }
    out.push_str(rest);
    out
}

/// The bytes of the consecutive `%XX` escapes at the start of `s`, and their text length.
fn escape_run(s: &str) -> (Vec<u8>, usize) {
    let b = s.as_bytes();
    let mut bytes = Vec::new();
    let mut i = 0;
    while i + 2 < b.len() && b[i] == b'%' {
        match (hex_val(b[i + 1]), hex_val(b[i + 2])) {
            (Some(hi), Some(lo)) => bytes.push(hi << 4 | lo),
            _ => break,
        }
        i += 3;
    }
    (bytes, i)
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Append the decoded `bytes`; `text` is their escape text (3 ASCII chars per byte).
fn push_run(out: &mut String, bytes: &[u8], text: &str) {
    let mut start = 0;
    while start < bytes.len() {
        match std::str::from_utf8(&bytes[start..]) {
            Ok(valid) => {
                out.push_str(valid);
                return;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                if let Ok(v) = std::str::from_utf8(&bytes[start..start + valid]) {
                    out.push_str(v);
                }
                let bad = e.error_len().unwrap_or(bytes.len() - start - valid);
                let from = (start + valid) * 3;
                let to = (start + valid + bad) * 3;
                out.push_str(text.get(from..to).unwrap_or_default());
                start += valid + bad;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(p: &str) -> String {
        page_name_from_file(p, NameFormat::TripleLowbar)
    }

    #[test]
    fn contents_file_is_contents() {
        assert_eq!(name("pages/contents.md"), "Contents");
        assert_eq!(name("pages/contents.markdown"), "Contents");
        assert_eq!(name("inn/LogSeq/contents.md"), "contents");
    }

    #[test]
    fn folder_ignored_and_body_up_to_last_dot() {
        assert_eq!(
            name("inn/plastilinn/innBoK/artifacts/activitiy-list_info.md"),
            "activitiy-list_info"
        );
        assert_eq!(name("readme.md"), "readme");
        let n = name("inn/plastilinn/innBoK/resources/10 The XYZ Hypothesisten minutes that will change how youll evaluate any business idea..md");
        assert!(n.ends_with("business idea."), "{n}");
        assert!(n.starts_with("10 The XYZ"), "{n}");
        assert_eq!(
            name("r/Wilson Airless Prototype. Could it be the future basketball.md"),
            "Wilson Airless Prototype. Could it be the future basketball"
        );
        assert_eq!(name("noext"), "noext");
    }

    #[test]
    fn triple_lowbar_is_namespace_separator() {
        assert_eq!(
            name("inn/plastilinn/innBoK/topics/topic___Business___Business model.md"),
            "topic/Business/Business model"
        );
        assert_eq!(name("a______b.md"), "a/b");
        assert_eq!(name("a_b__c.md"), "a_b__c");
        assert_eq!(name("___a___.md"), "a");
        assert_eq!(name("____a.md"), "_a");
    }

    #[test]
    fn percent_escapes_decoded() {
        assert_eq!(name("inn/LogSeq/%2A%2A%2A.md"), "***");
        assert_eq!(name("inn/LogSeq/%3F.md"), "?");
        assert_eq!(name("inn/LogSeq/%3F%3F%3F%3F%3F.md"), "?????");
        assert_eq!(name("x/dise%C3%B1o.md"), "diseño");
        assert_eq!(name("x/a%2fb.md"), "a/b");
        assert_eq!(name("x/100%.md"), "100%");
        assert_eq!(name("x/%zz%4.md"), "%zz%4");
    }

    #[test]
    fn invalid_utf8_escapes_stay_literal() {
        assert_eq!(name("x/%FF.md"), "%FF");
        assert_eq!(name("x/a%C3.md"), "a%C3");
        assert_eq!(name("x/%C3%B1%FF%41.md"), "ñ%FFA");
        assert_eq!(name("x/%E2%82.md"), "%E2%82");
        assert_eq!(name("x/%FF%C3%B1.md"), "%FFñ");
    }

    #[test]
    fn names_are_trimmed_and_empty_segments_dropped() {
        assert_eq!(name("x/ Business .md"), "Business");
        assert_eq!(name("x/a___ ___b.md"), "a/ /b");
        assert_eq!(name("x/ ___a.md"), "a");
        assert_eq!(name("x/%20___%20a%20.md"), "a");
        assert_eq!(
            name("r/How Startup Fundraising Works  Startup School.md"),
            "How Startup Fundraising Works  Startup School"
        );
        assert_eq!(name("x/___.md"), "");
        assert_eq!(name("x/.md"), "");
    }

    #[test]
    fn legacy_format_decodes_percent_only() {
        let legacy = |p| page_name_from_file(p, NameFormat::Legacy);
        assert_eq!(legacy("pages/a%2Fb.md"), "a/b");
        assert_eq!(legacy("pages/a.b.md"), "a.b");
        assert_eq!(legacy("pages/a___b.md"), "a___b");
        assert_eq!(legacy("pages/contents.md"), "Contents");
    }

    #[test]
    fn hostile_names_do_not_panic() {
        assert_eq!(name("x/..___..___x.md"), "../../x");
        assert_eq!(name("x/a\\b:c.md"), "a\\b:c");
        assert_eq!(name("x/a%00b.md"), "a\u{0}b");
        assert_eq!(name("x/...md"), "..");
        assert_eq!(name("x/..md"), ".");
        let long = format!("x/{}.md", "é%".repeat(500));
        assert_eq!(name(&long).chars().count(), 1000);
        assert_eq!(name("x/%"), "%");
        assert_eq!(name("x/%%.md"), "%%");
    }
}
