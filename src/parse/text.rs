//! Decoding: a page file's raw bytes → clean text with `\n` line ends, plus diagnostics.
//!
//! Takes the bytes as read from disk and gives a `String` that the outline parser can split on
//! `\n` (RELIABILITY.md case 4): a UTF-8 byte-order mark is dropped, CRLF and lone CR become LF,
//! NUL bytes are removed (one `NulBytes` warning naming the first line), and invalid UTF-8 gives
//! one `InvalidUtf8` warning naming the byte offset of the first bad sequence.
//!
//! Invalid UTF-8 is decoded **lossily** (each bad sequence becomes U+FFFD) rather than skipping
//! the file: the page and every valid line of it are still published, so no content is silently
//! dropped, and the warning says exactly where the damage is. It must never fail or panic.

use crate::diagnostics::{Diagnostic, Kind};

/// The UTF-8 encoding of U+FEFF.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decode `bytes` (the file `file`, for diagnostics) into `\n`-separated text.
pub fn decode(file: &str, bytes: &[u8]) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (body, skipped) = match bytes.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (bytes, 0),
    };
    let text = match std::str::from_utf8(body) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let bad = e.valid_up_to();
            let offset = bad + skipped;
            let line = line_of_offset(body, bad);
            diags.push(Diagnostic::warning(
                Kind::InvalidUtf8,
                file,
                Some(line),
                format!(
                    "invalid UTF-8 at byte offset {offset}; the file is decoded lossily \
                     (bad bytes shown as U+FFFD)"
                ),
            ));
            String::from_utf8_lossy(body).into_owned()
        }
    };
    let text = normalise_line_ends(&text);
    let text = remove_nuls(file, text, &mut diags);
    (text, diags)
}

/// 1-based line of byte `offset` in `bytes`, counting LF, CRLF and lone CR as line ends.
fn line_of_offset(bytes: &[u8], offset: usize) -> u32 {
    let head = bytes.get(..offset).unwrap_or(bytes);
    let mut line: u32 = 1;
    let mut prev_cr = false;
    for &b in head {
        match b {
            b'\n' if prev_cr => {}
            b'\n' | b'\r' => line = line.saturating_add(1),
            _ => {}
        }
        prev_cr = b == b'\r';
    }
    line
}

/// CRLF → LF and lone CR → LF, in one pass.
fn normalise_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Drop NUL characters, with one warning giving their count and the first line holding one.
fn remove_nuls(file: &str, text: String, diags: &mut Vec<Diagnostic>) -> String {
    let Some(first) = text.find('\0') else {
        return text;
    };
    let line = 1 + text[..first].matches('\n').count();
    let count = text.matches('\0').count();
    diags.push(Diagnostic::warning(
        Kind::NulBytes,
        file,
        Some(u32::try_from(line).unwrap_or(u32::MAX)),
        format!("{count} NUL byte(s) removed"),
    ));
    text.replace('\0', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom() {
        let (t, d) = decode("a.md", b"\xEF\xBB\xBF- a\n");
        assert_eq!(t, "- a\n");
        assert!(d.is_empty());
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        let (t, _) = decode("a.md", b"a\r\nb\rc\r\r\nd");
        assert_eq!(t, "a\nb\nc\n\nd");
    }

    #[test]
    fn nul_bytes_removed_with_warning_on_first_line() {
        let (t, d) = decode("a.md", b"x\n- a\0b\n- c\0");
        assert_eq!(t, "x\n- ab\n- c");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, Kind::NulBytes);
        assert_eq!(d[0].line, Some(2));
        assert!(d[0].message.starts_with("2 NUL"));
    }

    #[test]
    fn invalid_utf8_is_lossy_with_offset() {
        let (t, d) = decode("a.md", b"- ok\n- bad \xFF here\n- fine");
        assert_eq!(t, "- ok\n- bad \u{FFFD} here\n- fine");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, Kind::InvalidUtf8);
        assert_eq!(d[0].line, Some(2));
        assert!(d[0].message.contains("offset 11"), "{}", d[0].message);
    }

    #[test]
    fn invalid_utf8_offset_counts_the_bom() {
        let (_, d) = decode("a.md", b"\xEF\xBB\xBFab\xC3");
        assert!(d[0].message.contains("offset 5"), "{}", d[0].message);
    }
}
