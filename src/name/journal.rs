//! Journal pages: `journals/2024_01_05.md` → the page `Jan 5th, 2024`.
//!
//! Logseq names a journal file's page after its day, written with `:journal/page-title-format`
//! of `config.edn` (default `MMM do, yyyy`), and reads the day from the file name with
//! `:journal/file-name-format` (default `yyyy_MM_dd`), for files in `:journals-directory`
//! (default `journals`). Links such as `[[Jan 5th, 2024]]` then name that page. Both formats use
//! the date-fns letters Logseq uses: `yyyy`/`yy` year, `MMMM` January, `MMM` Jan, `MM`/`M`
//! month number, `dd`/`d` day, `do` 5th, `EEEE` Friday, `EEE`/`E` Fri; text between single
//! quotes and every other character is literal. Dates come from `chrono`; the format letters are
//! read here by hand because no crate reads date-fns patterns (the set Logseq offers is small).
//! Pure functions: never fails, never panics, whatever the format.

use chrono::{Datelike, NaiveDate};

/// How journal files are found and named (`config.edn`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct JournalFormat {
    /// `:journals-directory`, graph-relative, without surrounding `/`.
    pub directory: String,
    /// `:journal/file-name-format`.
    pub file_name: String,
    /// `:journal/page-title-format`.
    pub page_title: String,
}

impl Default for JournalFormat {
    /// Logseq 0.9.8's defaults.
    fn default() -> Self {
        JournalFormat {
            directory: "journals".to_string(),
            file_name: "yyyy_MM_dd".to_string(),
            page_title: "MMM do, yyyy".to_string(),
        }
    }
}

impl JournalFormat {
    /// The day of a journal file: `rel_path` is `<directory>/<name>.<ext>` (no sub-folder) and
    /// `<name>` is a day in the file-name format.
    pub fn file_day(&self, rel_path: &str) -> Option<NaiveDate> {
        let dir = self.directory.trim_matches('/');
        let base = rel_path.strip_prefix(dir)?.strip_prefix('/')?;
        if base.contains('/') {
            return None;
        }
        let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
        parse(stem, &self.file_name)
    }

    /// The page title of a day.
    pub fn title(&self, day: NaiveDate) -> String {
        format(day, &self.page_title)
    }

    /// The day a page name stands for in the title format (`Jan 5th, 2024`), if any.
    pub fn title_day(&self, name: &str) -> Option<NaiveDate> {
        parse(name.trim(), &self.page_title)
    }
}

/// `yyyymmdd` of a day, as Logseq stores `:block/journal-day`.
pub fn day_number(day: NaiveDate) -> u32 {
    day.year().max(0) as u32 * 10_000 + day.month() * 100 + day.day()
}

/// One piece of a date-fns pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// A run of one format letter and its length (`MMM` → ('M', 3)); `do` is ('o', 1).
    Field(char, usize),
    Literal(String),
}

/// Split a pattern into fields and literal text.
fn pieces(pattern: &str) -> Vec<Piece> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            let end = chars[i + 1..]
                .iter()
                .position(|&q| q == '\'')
                .map_or(chars.len(), |k| i + 1 + k);
            out.push(Piece::Literal(chars[i + 1..end].iter().collect()));
            i = end + 1;
            continue;
        }
        if matches!(c, 'y' | 'M' | 'd' | 'E') {
            let run = chars[i..].iter().take_while(|&&x| x == c).count();
            let ordinal = c == 'd' && run == 1 && chars.get(i + 1) == Some(&'o');
            out.push(if ordinal {
                Piece::Field('o', 1)
            } else {
                Piece::Field(c, run)
            });
            i += run + usize::from(ordinal);
            continue;
        }
        out.push(Piece::Literal(c.to_string()));
        i += 1;
    }
    out
}

/// A day written with a date-fns pattern.
pub fn format(day: NaiveDate, pattern: &str) -> String {
    let mut out = String::new();
    for piece in pieces(pattern) {
        match piece {
            Piece::Literal(t) => out.push_str(&t),
            Piece::Field('y', 2) => out.push_str(&format!("{:02}", day.year().rem_euclid(100))),
            Piece::Field('y', _) => out.push_str(&format!("{:04}", day.year())),
            Piece::Field('M', 1) => out.push_str(&day.month().to_string()),
            Piece::Field('M', 2) => out.push_str(&format!("{:02}", day.month())),
            Piece::Field('M', 3) => out.push_str(&day.format("%b").to_string()),
            Piece::Field('M', _) => out.push_str(&day.format("%B").to_string()),
            Piece::Field('d', 1) => out.push_str(&day.day().to_string()),
            Piece::Field('d', _) => out.push_str(&format!("{:02}", day.day())),
            Piece::Field('o', _) => out.push_str(&ordinal(day.day())),
            Piece::Field('E', n) if n >= 4 => out.push_str(&day.format("%A").to_string()),
            Piece::Field(_, _) => out.push_str(&day.format("%a").to_string()),
        }
    }
    out
}

/// `1` → `1st`, `12` → `12th`, `22` → `22nd`.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Read a day written with a date-fns pattern: the pattern becomes a `chrono` format (the
/// ordinal suffix is checked, then dropped), and the day must format back to the same text,
/// so `Jan 5th, 2024` is a day and `Jan 5nd, 2024` or `2024_1_5` (for `yyyy_MM_dd`) are not.
pub fn parse(text: &str, pattern: &str) -> Option<NaiveDate> {
    let mut chrono_fmt = String::new();
    let pieces = pieces(pattern);
    for piece in pieces.iter().cloned() {
        let spec = match piece {
            Piece::Literal(t) => t.replace('%', "%%"),
            Piece::Field('y', 2) => return None,
            Piece::Field('y', _) => "%Y".into(),
            Piece::Field('M', n) if n <= 2 => "%m".into(),
            Piece::Field('M', 3) => "%b".into(),
            Piece::Field('M', _) => "%B".into(),
            Piece::Field('d', _) | Piece::Field('o', _) => "%d".into(),
            Piece::Field('E', n) if n >= 4 => "%A".into(),
            Piece::Field(_, _) => "%a".into(),
        };
        chrono_fmt.push_str(&spec);
    }
    let plain = if pieces.contains(&Piece::Field('o', 1)) {
        strip_ordinals(text)
    } else {
        text.to_string()
    };
    let day = NaiveDate::parse_from_str(&plain, &chrono_fmt).ok()?;
    (format(day, pattern) == text).then_some(day)
}

/// `Jan 5th, 2024` → `Jan 5, 2024`.
fn strip_ordinals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut prev_digit = false;
    while let Some(c) = chars.next() {
        if prev_digit && c.is_ascii_alphabetic() {
            let next = chars.peek().copied().unwrap_or(' ');
            let pair: String = [c, next].iter().collect();
            if matches!(pair.as_str(), "st" | "nd" | "rd" | "th") {
                chars.next();
                prev_digit = false;
                continue;
            }
        }
        prev_digit = c.is_ascii_digit();
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid day")
    }

    #[test]
    fn default_title_and_file_name() {
        let j = JournalFormat::default();
        assert_eq!(j.file_day("journals/2024_01_05.md"), Some(day(2024, 1, 5)));
        assert_eq!(j.title(day(2024, 1, 5)), "Jan 5th, 2024");
        assert_eq!(j.title(day(2023, 12, 22)), "Dec 22nd, 2023");
        assert_eq!(j.title(day(2023, 3, 11)), "Mar 11th, 2023");
        assert_eq!(j.title_day("Jan 5th, 2024"), Some(day(2024, 1, 5)));
        for path in [
            "pages/2024_01_05.md",
            "journals/sub/2024_01_05.md",
            "journals/2024_02_30.md",
            "journals/2024_1_5.md",
            "journals/notes.md",
        ] {
            assert_eq!(j.file_day(path), None, "{path}");
        }
        assert_eq!(j.title_day("Jan 5nd, 2024"), None);
        assert_eq!(j.title_day("key"), None);
    }

    #[test]
    fn other_formats_logseq_offers() {
        let d = day(2024, 1, 5);
        for (pattern, text) in [
            ("yyyy-MM-dd", "2024-01-05"),
            ("EEE, dd.MM.yyyy", "Fri, 05.01.2024"),
            ("EEEE, MM/dd/yyyy", "Friday, 01/05/2024"),
            ("do MMMM yyyy", "5th January 2024"),
            ("MMM_do_yyyy", "Jan_5th_2024"),
            ("yyyyMMdd", "20240105"),
            ("yyyy年MM月dd日", "2024年01月05日"),
            ("'week of' yyyy-MM-dd", "week of 2024-01-05"),
        ] {
            assert_eq!(format(d, pattern), text, "{pattern}");
            assert_eq!(parse(text, pattern), Some(d), "{pattern}");
        }
        assert_eq!(day_number(d), 20240105);
    }

    #[test]
    fn odd_patterns_never_panic() {
        for pattern in ["", "'", "%Y", "yy", "''''", "dddddd o E"] {
            let _ = format(day(2024, 1, 5), pattern);
            let _ = parse("2024", pattern);
        }
    }
}
