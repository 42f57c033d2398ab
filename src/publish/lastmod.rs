//! Last-modified times of the graph's files, for `sitemap.xml` `<lastmod>` and the Atom feed.
//!
//! It takes the graph folder and gives, per graph-relative file path, the time of the file's
//! last change in seconds since the Unix epoch: the date of the newest git commit that touched
//! it when the graph is inside a git work tree (a fresh clone, as in CI, gives every file the
//! clone's time as modification time, so git is the better witness), else the file system's
//! modification time. It never fails: a file with neither is simply left out.
//!
//! Git is asked once for the whole history (`git log --name-only`), not once per file, so a
//! graph of thousands of files costs one process. A git library (git2, gix) would add a large
//! native or pure-Rust dependency for this one read-only query; the `git` command is what CI
//! and authors have anyway, and its absence only means falling back to modification times.

use chrono::{DateTime, SecondsFormat, Utc};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::UNIX_EPOCH;

/// Change times by graph-relative path (`/`-separated, as `ParsedPage::file`).
#[derive(Debug, Clone, Default)]
pub struct Dates {
    git: HashMap<String, i64>,
}

impl Dates {
    /// Read the git history of `content` when there is one.
    pub fn read(content: &Path) -> Dates {
        Dates {
            git: git_dates(content).unwrap_or_default(),
        }
    }

    /// When `rel` (relative to `content`) last changed: git's date, else the file's mtime.
    pub fn of(&self, content: &Path, rel: &str) -> Option<i64> {
        self.git
            .get(rel)
            .copied()
            .or_else(|| mtime(&content.join(rel)))
    }

    /// The newest change among several files (a page merged from duplicates).
    pub fn newest<'a>(
        &self,
        content: &Path,
        files: impl IntoIterator<Item = &'a String>,
    ) -> Option<i64> {
        files.into_iter().filter_map(|f| self.of(content, f)).max()
    }
}

/// `2024-05-01T10:20:30Z`: a W3C datetime (sitemaps) and an RFC 3339 date (Atom).
pub fn w3c(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A file's modification time in seconds since the epoch.
fn mtime(path: &Path) -> Option<i64> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = t.duration_since(UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok()
}

/// Newest commit date of every file git knows under `content`; `None` outside a work tree or
/// without git.
fn git_dates(content: &Path) -> Option<HashMap<String, i64>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(content)
        .args([
            "log",
            "-z",
            "--format=%x01%ct",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            ".",
        ])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| parse_log(&String::from_utf8_lossy(&out.stdout)))
}

/// Parse `git log -z --format=%x01%ct --name-only`: NUL-separated tokens, a `\x01<secs>` token
/// before the names of each commit, newest commit first (so the first date seen wins).
fn parse_log(text: &str) -> HashMap<String, i64> {
    let mut dates = HashMap::new();
    let mut current: Option<i64> = None;
    for token in text.split('\0') {
        let token = token.trim_start_matches('\n');
        if let Some(secs) = token.strip_prefix('\u{1}') {
            current = secs.trim().parse().ok();
        } else if let (Some(t), false) = (current, token.is_empty()) {
            dates.entry(token.to_string()).or_insert(t);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_output_gives_the_newest_date_per_file() {
        let log = "\u{1}200\0\na.md\0b c.md\0\0\u{1}100\0\na.md\0d/é.md\0";
        let d = parse_log(log);
        assert_eq!(d["a.md"], 200);
        assert_eq!(d["b c.md"], 200);
        assert_eq!(d["d/é.md"], 100);
        assert_eq!(d.len(), 3);
    }

    #[test]
    fn dates_are_w3c_utc() {
        assert_eq!(w3c(0), "1970-01-01T00:00:00Z");
        assert_eq!(w3c(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn git_history_wins_over_modification_time() {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| {
            let ok = Command::new("git")
                .arg("-C")
                .arg(dir.path())
                .args(args)
                .env("GIT_AUTHOR_DATE", "@1600000000 +0000")
                .env("GIT_COMMITTER_DATE", "@1600000000 +0000")
                .output()
                .expect("git runs")
                .status
                .success();
            assert!(ok, "git {args:?}");
        };
        git(&["init", "-q"]);
        std::fs::create_dir(dir.path().join("pages")).unwrap();
        std::fs::write(dir.path().join("pages/a b.md"), "- a").unwrap();
        std::fs::write(dir.path().join("pages/new.md"), "- n").unwrap();
        git(&["add", "pages/a b.md"]);
        git(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-q",
            "-m",
            "a",
        ]);
        let dates = Dates::read(dir.path());
        assert_eq!(dates.of(dir.path(), "pages/a b.md"), Some(1_600_000_000));
        let fresh = dates.of(dir.path(), "pages/new.md").expect("mtime");
        assert!(fresh > 1_600_000_000, "an uncommitted file uses its mtime");
        assert_eq!(dates.of(dir.path(), "pages/missing.md"), None);
    }
}
