//! Journal pages in the graph: naming journal files after their day, and the journals list.
//!
//! Takes the parsed files before they are indexed and gives each journal file
//! (`journals/2024_01_05.md`, see [`crate::name::journal`]) the page name Logseq gives it, the
//! day in the configured title format (`Jan 5th, 2024`), unless the file sets `title::`. A
//! journal day whose title format cannot be read back (a format without a year, say) keeps the
//! file's name, so two files never get one name by accident.

use super::{Graph, PageId, PageKind};
use crate::model::ParsedPage;
use crate::name::journal::{day_number, JournalFormat};

/// Rename journal files' pages after their day.
pub fn name_journals(parsed: &mut [ParsedPage], format: &JournalFormat) {
    for page in parsed.iter_mut() {
        if page.properties.get("title").is_some() {
            continue;
        }
        let Some(day) = format.file_day(&page.file) else {
            continue;
        };
        let title = format.title(day);
        if format.title_day(&title) == Some(day) {
            page.name = title;
        }
    }
}

/// The day (`yyyymmdd`) of a page made from a journal file.
pub fn journal_day(files: &[String], format: &JournalFormat) -> Option<u32> {
    files
        .iter()
        .find_map(|f| format.file_day(f))
        .map(day_number)
}

/// Journal pages with a file, newest first.
pub fn journals(graph: &Graph) -> Vec<PageId> {
    let mut days: Vec<(u32, PageId)> = graph
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::File)
        .filter_map(|(id, p)| Some((p.journal_day?, id)))
        .collect();
    days.sort_by(|a, b| b.cmp(a));
    days.into_iter().map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{build, GraphOptions};

    use crate::parse::parse_markdown as parsed;

    #[test]
    fn journal_files_are_named_and_listed_newest_first() {
        let pages = vec![
            parsed("journals/2024_01_05.md", "- met [[Ana]]\n"),
            parsed("journals/2023_12_22.md", "- kickoff\n"),
            parsed(
                "journals/2024_01_06.md",
                "title:: Launch day\n\n- shipped\n",
            ),
            parsed("pages/notes.md", "- see [[jan 5th, 2024]]\n"),
            parsed("pages/2024_01_07.md", "- not a journal\n"),
        ];
        let options = GraphOptions {
            all_pages_public: true,
            ..GraphOptions::default()
        };
        let g = build(pages, Vec::new(), &options);
        let names: Vec<&str> = journals(&g)
            .iter()
            .map(|&id| g.pages[id].name.as_str())
            .collect();
        assert_eq!(names, ["Launch day", "Jan 5th, 2024", "Dec 22nd, 2023"]);
        let jan5 = g.page_by_name("Jan 5th, 2024").expect("journal page");
        assert_eq!(g.pages[jan5].kind, PageKind::File);
        assert_eq!(g.pages[jan5].journal_day, Some(20240105));
        assert_eq!(g.pages[jan5].slug, "jan-5th-2024");
        assert_eq!(g.link_target("jan 5th, 2024"), Some(jan5));
        assert!(g.page_by_name("2024_01_07").is_some());
    }

    #[test]
    fn title_format_from_config() {
        let format = JournalFormat {
            page_title: "yyyy-MM-dd".to_string(),
            ..JournalFormat::default()
        };
        let mut pages = vec![parsed("journals/2024_01_05.md", "- x\n")];
        name_journals(&mut pages, &format);
        assert_eq!(pages[0].name, "2024-01-05");
        let no_year = JournalFormat {
            page_title: "MMM do".to_string(),
            ..JournalFormat::default()
        };
        let mut pages = vec![parsed("journals/2024_01_05.md", "- x\n")];
        name_journals(&mut pages, &no_year);
        assert_eq!(pages[0].name, "2024_01_05");
    }
}
