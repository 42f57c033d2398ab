//! Page key → URL slug (LOGSEQ.md §8.1): one safe folder name per namespace segment.
//!
//! Takes an identity key (or any page name) and gives the `/`-joined path the page is published
//! at. Pure and deterministic; it must never produce a segment that is unsafe as a folder name
//! on Linux, macOS or Windows, nor one of the generator's own top-level names.

use sha1::{Digest, Sha1};
use unicode_general_category::{get_general_category, GeneralCategory as G};
use unicode_normalization::UnicodeNormalization;

/// The longest slug segment, in bytes: the common file-name limit of ext4, APFS and NTFS.
pub const MAX_SEGMENT_BYTES: usize = 255;

/// Hex digits of sha1 used by the `~` suffixes (long segments here, collisions in `collide`).
pub(super) const HASH_HEX: usize = 6;

/// The slug of a page key: each `/`-separated segment through [`segment_slug`], re-joined with
/// `/` so namespaces become nested folders (`topic/Business model` → `topic/business-model`).
/// Never empty: an empty segment gives `_`.
pub fn slug(key: &str) -> String {
    key.split('/')
        .map(segment_slug)
        .collect::<Vec<_>>()
        .join("/")
}

/// The slug of one namespace segment (LOGSEQ.md §8.1):
///
/// - `NFC(lowercase(segment))`; Unicode letters (L*), numbers (N*) and the marks (Mn, and Mc
///   for scripts such as Devanagari) that follow one are kept (`diseño`, `método-científico`);
///   variation selectors are dropped; every other char becomes `-`, runs of `-` are collapsed
///   and `-` trimmed at both ends (`🤔  Curiosity` → `curiosity`).
///
///   Deviation from the letter of §8.1 ("marks (Mn) kept"): a mark is kept only when attached
///   to a kept char. U+FE0F is itself Mn, so the literal rule would turn the real stub
///   `❤️  Compassion` into the invisible `\u{FE0F}-compassion`; here it is `compassion`;
/// - if nothing is left: `_` + the `-`-joined lower-case hex code points of its non-space
///   chars, skipping U+FE0F and U+200D (`!` → `_21`, `-+` → `_2d-2b`, `🔖` → `_1f516`); a
///   segment of only spaces (or empty) gives `_`;
/// - Windows device names (`con`, `nul`, `com1`, …) get a `_` prefix (see [`windows_safe`]);
/// - longer than [`MAX_SEGMENT_BYTES`]: cut at a char boundary and suffixed with `~` and 6 hex
///   of sha1 of the full segment slug.
///
/// Safety: the result only holds letters, numbers, Mn marks, `-`, `_` + hex digits, and `~` +
/// hex digits, so it never contains `/ \ : * ? " < > |`, `.`, spaces or control chars, is never
/// `.` or `..`, and never ends in `.` or a space (all forbidden or trouble on Windows).
///
/// Reserved names: the generator writes its own files under `_assets/`, `_static/` and
/// `_search/`. A segment starting with `_` is always `_` + hex digits and `-` (or a `_`-prefixed
/// Windows device name, which contains letters beyond `a`–`f`), and a letter slug never
/// contains `_` (it is punctuation), so no page can ever be published over those folders.
/// Root files (`404.html`, `sitemap.xml`, `robots.txt`) contain `.`, which no slug has.
pub fn segment_slug(segment: &str) -> String {
    // ASCII (most names) is its own NFC and has no marks or selectors: a faster path to the
    // same result (`ascii_and_general_paths_agree`).
    let (lowered, mut out) = if segment.is_ascii() {
        let lowered = segment.to_ascii_lowercase();
        let out = ascii_words(&lowered);
        (lowered, out)
    } else {
        let lowered: String = segment.to_lowercase().nfc().collect();
        let out = words(&lowered);
        (lowered, out)
    };
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out = hex_slug(&lowered);
    }
    fit_length(windows_safe(out))
}

/// The kept chars of a lower-cased NFC segment, every run of other chars as one `-` (none
/// at the start).
fn words(lowered: &str) -> String {
    let mut out = String::with_capacity(lowered.len());
    let mut attached = false; // the previous char was kept: a mark may follow
    for c in lowered.chars() {
        if is_variation_selector(c) {
            continue;
        }
        let keep = match get_general_category(c) {
            G::NonspacingMark | G::SpacingMark => attached,
            _ => is_word_char(c),
        };
        if keep {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        attached = keep;
    }
    out
}

/// [`words`] for an ASCII segment: letters and digits are the word chars.
fn ascii_words(lowered: &str) -> String {
    let mut out = String::with_capacity(lowered.len());
    for c in lowered.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

/// Letters (L*) and numbers (N*) are kept in slugs.
fn is_word_char(c: char) -> bool {
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
    )
}

/// Emoji/text presentation selectors (U+FE00–FE0F, U+E0100–E01EF): category Mn, but they
/// only style the char before them; they are dropped.
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// `_` + `-`-joined hex code points of the non-space chars, without emoji joiners/selectors.
fn hex_slug(s: &str) -> String {
    let codes: Vec<String> = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{FE0F}' && *c != '\u{200D}')
        .map(|c| format!("{:x}", u32::from(c)))
        .collect();
    format!("_{}", codes.join("-"))
}

/// Windows refuses files and folders named like devices (`CON`, `NUL`, `COM1`, `LPT¹`, …), in
/// any case. A `_` prefix makes them safe, and cannot clash: `_` + letters other than `a`–`f`
/// is produced by no other rule.
fn windows_safe(segment: String) -> String {
    const DEVICES: [&str; 4] = ["con", "prn", "aux", "nul"];
    let numbered = ["com", "lpt"].iter().any(|p| {
        segment.strip_prefix(p).is_some_and(|n| {
            let mut chars = n.chars();
            matches!(
                (chars.next(), chars.next()),
                (Some('0'..='9' | '¹' | '²' | '³'), None)
            )
        })
    });
    if numbered || DEVICES.contains(&segment.as_str()) {
        format!("_{segment}")
    } else {
        segment
    }
}

/// Cut a segment longer than [`MAX_SEGMENT_BYTES`] to `<prefix>~<6 hex of sha1(segment)>`.
fn fit_length(segment: String) -> String {
    if segment.len() <= MAX_SEGMENT_BYTES {
        return segment;
    }
    let hash = sha1_hex(&segment);
    let prefix = truncate_at_char(&segment, MAX_SEGMENT_BYTES - 1 - HASH_HEX).trim_end_matches('-');
    format!("{prefix}~{}", &hash[..HASH_HEX])
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
pub(super) fn truncate_at_char(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    &s[..cut]
}

/// Lower-case hex sha1 of `s` (40 chars).
pub(super) fn sha1_hex(s: &str) -> String {
    Sha1::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_numbers_marks_kept_rest_dashed() {
        assert_eq!(segment_slug("Business model"), "business-model");
        assert_eq!(segment_slug("my-business"), "my-business");
        assert_eq!(segment_slug("segment (id)"), "segment-id");
        assert_eq!(segment_slug("profile_id"), "profile-id");
        assert_eq!(segment_slug("**Price Sensitivity"), "price-sensitivity");
        assert_eq!(segment_slug("🤔  Curiosity"), "curiosity");
        assert_eq!(segment_slug("¿Qué es un negocio?"), "qué-es-un-negocio");
        assert_eq!(segment_slug("Método Científico"), "método-científico");
        assert_eq!(segment_slug("idea."), "idea");
        assert_eq!(segment_slug("111"), "111");
    }

    #[test]
    fn marks_kept_only_on_letters_and_selectors_dropped() {
        assert_eq!(segment_slug("❤\u{FE0F}  Compassion"), "compassion");
        assert_eq!(segment_slug("🕰\u{FE0F}  Nostalgia"), "nostalgia");
        assert_eq!(segment_slug("q\u{0303}x"), "q\u{0303}x");
        assert_eq!(segment_slug("\u{0303}x"), "x");
        assert_eq!(segment_slug("a \u{0301}b"), "a-b");
        assert_eq!(segment_slug("1\u{FE0F}\u{20E3}"), "1");
        assert_eq!(segment_slug("हिंदी"), "हिंदी");
        assert_eq!(segment_slug("\u{E0100}"), "_e0100");
    }

    #[test]
    fn unicode_is_nfc() {
        assert_eq!(segment_slug("diseño"), "diseño");
        assert_eq!(segment_slug("disen\u{0303}o"), "dise\u{00F1}o");
        assert_eq!(segment_slug("DISEÑO"), "diseño");
    }

    #[test]
    fn punctuation_only_gets_hex() {
        assert_eq!(segment_slug("!"), "_21");
        assert_eq!(segment_slug("!!!"), "_21-21-21");
        assert_eq!(segment_slug("*"), "_2a");
        assert_eq!(segment_slug("?"), "_3f");
        assert_eq!(segment_slug("+"), "_2b");
        assert_eq!(segment_slug("-"), "_2d");
        assert_eq!(segment_slug("@"), "_40");
        assert_eq!(segment_slug("{"), "_7b");
        assert_eq!(segment_slug("-+"), "_2d-2b");
        assert_eq!(segment_slug("🔖"), "_1f516");
        assert_eq!(segment_slug("❤\u{FE0F}"), "_2764");
        assert_eq!(segment_slug("👩\u{200D}💼"), "_1f469-1f4bc");
        assert_eq!(segment_slug("! !"), "_21-21");
        assert_eq!(segment_slug(""), "_");
        assert_eq!(segment_slug("   "), "_");
    }

    #[test]
    fn namespaces_nest() {
        assert_eq!(
            slug("topic/business/business model"),
            "topic/business/business-model"
        );
        assert_eq!(slug("topic"), "topic");
        assert_eq!(slug("a/!/b"), "a/_21/b");
        assert_eq!(slug(""), "_");
        assert_eq!(slug("a//b"), "a/_/b");
    }

    #[test]
    fn dot_names_never_dot_segments() {
        assert_eq!(segment_slug("."), "_2e");
        assert_eq!(segment_slug(".."), "_2e-2e");
        assert_eq!(slug("..___..___x"), "x");
        assert_eq!(slug("../../x"), "_2e-2e/_2e-2e/x");
    }

    #[test]
    fn windows_device_names_prefixed() {
        assert_eq!(segment_slug("CON"), "_con");
        assert_eq!(segment_slug("nul"), "_nul");
        assert_eq!(segment_slug("Com1"), "_com1");
        assert_eq!(segment_slug("lpt²"), "_lpt²");
        assert_eq!(segment_slug("con.txt"), "con-txt");
        assert_eq!(segment_slug("com10"), "com10");
        assert_eq!(segment_slug("console"), "console");
    }

    #[test]
    fn long_segments_cut_with_hash() {
        let long = "é".repeat(1000);
        let s = segment_slug(&long);
        assert!(s.len() <= MAX_SEGMENT_BYTES, "{}", s.len());
        assert!(s.starts_with("ééé"));
        let hash = &sha1_hex(&long)[..HASH_HEX];
        assert!(s.ends_with(&format!("~{hash}")), "{s}");
        assert_eq!(s, segment_slug(&long), "deterministic");
        assert_ne!(s, segment_slug(&"é".repeat(999)));
        let exact = "a".repeat(255);
        assert_eq!(segment_slug(&exact), exact);
        let over = segment_slug(&"a".repeat(256));
        assert_eq!(over.len(), 255);
        let dashes = format!("{}-{}", "a".repeat(247), "b".repeat(20));
        assert!(!segment_slug(&dashes).contains("-~"));
        let punct = segment_slug(&"!".repeat(1000));
        assert!(punct.len() <= MAX_SEGMENT_BYTES && punct.starts_with("_21-21"));
    }

    fn assert_safe(segment: &str, from: &str) {
        const FORBIDDEN: [char; 9] = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];
        assert!(!segment.is_empty(), "empty segment from {from:?}");
        assert!(
            segment != "." && segment != "..",
            "{segment:?} from {from:?}"
        );
        assert!(!segment.contains(FORBIDDEN), "{segment:?} from {from:?}");
        assert!(
            !segment.chars().any(char::is_control),
            "{segment:?} from {from:?}"
        );
        assert!(!segment.contains(['.', ' ']), "{segment:?} from {from:?}");
        assert!(
            segment.len() <= MAX_SEGMENT_BYTES,
            "{} bytes from {from:?}",
            segment.len()
        );
        for reserved in [
            "_assets", "_static", "_search", "con", "nul", "aux", "prn", "com1",
        ] {
            assert_ne!(segment, reserved, "from {from:?}");
        }
    }

    #[test]
    fn every_segment_is_a_safe_path_segment() {
        let mut names: Vec<String> = (0u32..0x250)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        for a in (0u8..128).map(char::from) {
            names.push(format!("{a}{a}"));
            names.push(format!("x{a}y"));
        }
        let hostile = [
            "..",
            ".",
            "..___..___x",
            "a\\b",
            "c:\\windows",
            "a:b",
            "nul\0byte",
            "\0",
            "\u{1}\u{7f}",
            "con",
            "AUX",
            " . ",
            "...",
            "x.",
            "x ",
            "_assets",
            "_static",
            "_search",
            "assets",
            "__assets",
            "_ASSETS",
            "\u{200D}",
            "\u{FE0F}",
            "\u{202E}evil",
            "a\u{0}b/c",
        ];
        names.extend(hostile.iter().map(|s| s.to_string()));
        names.push("x".repeat(1000));
        names.push("🤔".repeat(1000));
        names.push(". ".repeat(1000));
        for name in &names {
            for segment in slug(name).split('/') {
                assert_safe(segment, name);
            }
        }
    }

    #[test]
    fn reserved_generator_folders_unreachable() {
        for name in [
            "_assets", "_static", "_search", "_Assets", "__static", "_search_", "_ assets",
        ] {
            let s = slug(name);
            assert!(
                !["_assets", "_static", "_search"].contains(&s.as_str()),
                "{name} → {s}"
            );
        }
        assert_eq!(slug("_assets"), "assets");
        assert_eq!(slug("assets"), "assets");
    }

    #[test]
    fn ascii_and_general_paths_agree() {
        let chars: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..20_000 {
            let len = rng.usize(0..12);
            let text: String = (0..len).map(|_| chars[rng.usize(..chars.len())]).collect();
            let lowered = text.to_ascii_lowercase();
            assert_eq!(ascii_words(&lowered), words(&lowered), "{text:?}");
        }
    }
}
