//! Task details around a block's title (LOGSEQ.md §5.7): the priority `[#A]` and the planning
//! lines `SCHEDULED: <2024-01-05 Fri>` / `DEADLINE: <…>`.
//!
//! - Priority: `[#` + one ASCII letter + `]` at the very start of the scanned text (the block's
//!   title, after the task marker, which the parse layer has already removed), followed by
//!   whitespace or the end. Logseq's parser reads it only there (mldoc `heading0.ml`: level,
//!   marker, priority, title); anywhere else `[#A]` stays text. innsite accepts letters only
//!   (mldoc takes any character) so that `[#1]` or `[#]` stay text.
//! - Planning line: a line that is `SCHEDULED:` or `DEADLINE:` (upper case, as Logseq writes
//!   them) then `<…>` and nothing else but whitespace. The stamp between the angle brackets is
//!   kept as written; [`Stamp::parse`] reads its date, time and repeater for the renderer.

use super::out::Out;
use super::Inline;

/// Push a priority when the text starts with one; returns where line scanning goes on.
pub(super) fn priority(out: &mut Out<'_>) -> usize {
    let b = out.bytes();
    let ok = b.len() >= 4
        && b.starts_with(b"[#")
        && b[2].is_ascii_alphabetic()
        && b[3] == b']'
        && b.get(4).is_none_or(|c| c.is_ascii_whitespace());
    if !ok {
        return 0;
    }
    let level = out.slice(2, 3);
    let raw = out.slice(0, 4);
    out.push(0, 4, Inline::Priority { level, raw });
    4
}

/// Push the planning line `start..end` when it is one; true when pushed.
pub(super) fn planning(out: &mut Out<'_>, start: usize, end: usize) -> bool {
    let line = out.slice(start, end);
    let indent = line.len() - line.trim_start().len();
    let t = line.trim();
    let Some((kind, rest)) = ["SCHEDULED", "DEADLINE"]
        .into_iter()
        .find_map(|k| Some((k, t.strip_prefix(k)?.strip_prefix(':')?)))
    else {
        return false;
    };
    let rest = rest.trim_start();
    let Some(stamp) = rest.strip_prefix('<').and_then(|r| r.strip_suffix('>')) else {
        return false;
    };
    if stamp.contains(['<', '>']) || Stamp::parse(stamp).is_none() {
        return false;
    }
    let kind = out.slice(start + indent, start + indent + kind.len());
    let at = start + indent + (t.len() - stamp.len() - 1);
    let stamp = out.slice(at, at + stamp.len());
    let raw = out.slice(start + indent, start + indent + t.len());
    out.push(
        start + indent,
        start + indent + t.len(),
        Inline::Planning { kind, stamp, raw },
    );
    true
}

/// The parts of an org-style time stamp `2024-01-05 Fri 10:30 .+1w`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp<'a> {
    /// `yyyy-MM-dd`, checked to be a real day.
    pub date: &'a str,
    /// `HH:MM` when given.
    pub time: Option<&'a str>,
    /// What follows (day name, repeater such as `.+1d`), as written.
    pub rest: Vec<&'a str>,
}

impl<'a> Stamp<'a> {
    /// Read a stamp; `None` when it does not start with a valid `yyyy-MM-dd` day.
    pub fn parse(stamp: &'a str) -> Option<Stamp<'a>> {
        let mut words = stamp.split_whitespace();
        let date = words.next()?;
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let mut time = None;
        let mut rest = Vec::new();
        for w in words {
            let is_time = chrono::NaiveTime::parse_from_str(w, "%H:%M").is_ok();
            if is_time && time.is_none() {
                time = Some(w);
            } else {
                rest.push(w);
            }
        }
        Some(Stamp { date, time, rest })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{scan, Inline};
    use super::Stamp;

    #[test]
    fn priority_only_at_the_start() {
        assert_eq!(
            scan("[#A] ship it"),
            vec![
                Inline::Priority {
                    level: "A",
                    raw: "[#A]"
                },
                Inline::Text(" ship it")
            ]
        );
        assert_eq!(
            scan("[#b]"),
            vec![Inline::Priority {
                level: "b",
                raw: "[#b]"
            }]
        );
        for text in ["see [#A] later", "[#AB] x", "[#1] x", "[#A]x", " [#A] x"] {
            assert!(
                !scan(text)
                    .iter()
                    .any(|p| matches!(p, Inline::Priority { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn planning_lines() {
        let pieces = scan(
            "call the bank\nSCHEDULED: <2024-01-05 Fri>\n  DEADLINE: <2024-01-09 Tue 10:00 .+1w>",
        );
        let found: Vec<(&str, &str)> = pieces
            .iter()
            .filter_map(|p| match p {
                Inline::Planning { kind, stamp, .. } => Some((*kind, *stamp)),
                _ => None,
            })
            .collect();
        assert_eq!(
            found,
            vec![
                ("SCHEDULED", "2024-01-05 Fri"),
                ("DEADLINE", "2024-01-09 Tue 10:00 .+1w")
            ]
        );
        for text in [
            "SCHEDULED: <2024-02-30 Fri>",
            "SCHEDULED: <soon>",
            "SCHEDULED: <2024-01-05 Fri> and more",
            "scheduled: <2024-01-05 Fri>",
            "the SCHEDULED: <2024-01-05> line",
            "`SCHEDULED: <2024-01-05>`",
        ] {
            assert!(
                !scan(text)
                    .iter()
                    .any(|p| matches!(p, Inline::Planning { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn stamps() {
        assert_eq!(
            Stamp::parse("2024-01-09 Tue 10:00 .+1w"),
            Some(Stamp {
                date: "2024-01-09",
                time: Some("10:00"),
                rest: vec!["Tue", ".+1w"]
            })
        );
        assert_eq!(Stamp::parse("2024-13-01"), None);
        assert_eq!(Stamp::parse(""), None);
    }
}
