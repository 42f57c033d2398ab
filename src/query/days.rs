//! Journal days for `(between …)`: takes a day as written in a query (`[[2023-01-05]]`,
//! `20230105`, `2023_01_05`) or a page name, gives the day as the number `yyyymmdd` Logseq
//! stores in `:block/journal-day`; and today's day for relative bounds. Dates come from
//! `chrono`; nothing here reads the clock except [`today`].

use chrono::{Datelike, Days, Local, NaiveDate};

/// The formats a day may be written in, most common first.
const FORMATS: [&str; 5] = ["%Y-%m-%d", "%Y_%m_%d", "%Y%m%d", "%Y/%m/%d", "%b %d, %Y"];

/// A written day → `yyyymmdd`.
pub fn parse_day(text: &str) -> Option<u32> {
    let t = text.trim();
    // Every format needs a digit for the day and one for the year (chrono reads years of any
    // length); most page names have none, and this runs for every page when queries are
    // indexed.
    t.bytes().filter(u8::is_ascii_digit).nth(1)?;
    let t = strip_ordinal(t);
    FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&t, f).ok())
        .map(number)
}

/// `Jan 5th, 2023` → `Jan 5, 2023` (Logseq's default journal title uses ordinals).
fn strip_ordinal(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    // The character before `rest` in `t` (not in `out`: a suffix dropped is still "before").
    let mut before = None;
    while let Some(c) = rest.chars().next() {
        let after_digit = before.is_some_and(|d: char| d.is_ascii_digit());
        let suffix = ["st", "nd", "rd", "th"]
            .into_iter()
            .find(|s| rest.starts_with(s))
            .filter(|_| after_digit);
        let taken = suffix.map_or(c.len_utf8(), str::len);
        if suffix.is_none() {
            out.push(c);
        }
        before = rest[..taken].chars().last();
        rest = &rest[taken..];
    }
    out
}

/// `yyyymmdd` of a date.
pub fn number(d: NaiveDate) -> u32 {
    d.year().max(0) as u32 * 10_000 + d.month() * 100 + d.day()
}

/// Today (local time) moved by `offset` days, as `yyyymmdd`.
pub fn today(offset: i64) -> u32 {
    let day = Local::now().date_naive();
    let moved = if offset >= 0 {
        day.checked_add_days(Days::new(offset.unsigned_abs()))
    } else {
        day.checked_sub_days(Days::new(offset.unsigned_abs()))
    };
    number(moved.unwrap_or(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_days() {
        assert_eq!(parse_day("2023-01-05"), Some(20230105));
        assert_eq!(parse_day("2023_12_31"), Some(20231231));
        assert_eq!(parse_day("20230105"), Some(20230105));
        assert_eq!(parse_day("Jan 5th, 2023"), Some(20230105));
        assert_eq!(parse_day("2023-02-30"), None);
        assert_eq!(parse_day("key"), None);
        assert_eq!(parse_day("Mar 1st, 2024"), Some(20240301));
        assert_eq!(parse_day("Aug 22nd, 2023"), Some(20230822));
        assert_eq!(parse_day("May 3rd, 2021"), Some(20210503));
        assert_eq!(parse_day("2nd thoughts 1234"), None);
        assert_eq!(
            parse_day("Jan 5, 23"),
            Some(230105),
            "a short year, as chrono reads it"
        );
        assert_eq!(parse_day("Jan 5"), None);
    }

    #[test]
    fn today_moves_by_days() {
        let t = today(0);
        assert!(t > 20240000);
        assert!(today(-1) < t && today(1) > t);
    }
}
