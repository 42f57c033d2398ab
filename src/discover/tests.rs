//! Tests of `discover` on temporary graph folders and on the real graph.

use super::*;
use crate::diagnostics::Severity;
use std::fs;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create dirs");
    }
    fs::write(path, text).expect("write file");
}

fn rels(d: &Discovery) -> Vec<&str> {
    d.pages.iter().map(|p| p.rel_path.as_str()).collect()
}

fn skipped_files(d: &Discovery) -> Vec<&str> {
    d.diagnostics
        .iter()
        .filter(|x| x.kind == Kind::SkippedFile)
        .map(|x| x.file.as_str())
        .collect()
}

#[test]
fn nested_pages_sorted_with_slash_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "inn/b/z.md", "- z");
    write(dir.path(), "readme.md", "- r");
    write(dir.path(), "pages/Upper.MD", "- u");
    write(dir.path(), "pages/long.markdown", "- l");
    write(dir.path(), "inn/config/config.edn", "{}");
    write(dir.path(), "inn/notes.org", "* x");
    let d = discover(dir.path(), &DiscoverOptions::default()).expect("discover");
    assert_eq!(
        rels(&d),
        vec![
            "inn/b/z.md",
            "pages/Upper.MD",
            "pages/long.markdown",
            "readme.md"
        ]
    );
    assert!(d.pages.iter().all(|p| p.kind == SourceKind::Markdown));
    assert!(d
        .pages
        .iter()
        .all(|p| p.abs_path.is_absolute() && p.abs_path.is_file()));
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    assert_eq!(d.skipped, 0);
}

#[test]
fn dot_files_and_folders_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "inn/LogSeq/.md", "- dot");
    write(dir.path(), "inn/LogSeq/...md", "- dots");
    write(dir.path(), "inn/LogSeq/..md", "- dots");
    write(dir.path(), "inn/LogSeq/ok.md", "- ok");
    write(dir.path(), ".DS_Store", "x");
    write(dir.path(), ".git/HEAD.md", "x");
    write(dir.path(), ".recycle/old.md", "x");
    let d = discover(dir.path(), &DiscoverOptions::default()).expect("discover");
    assert_eq!(rels(&d), vec!["inn/LogSeq/ok.md"]);
    assert_eq!(
        skipped_files(&d),
        vec!["inn/LogSeq/...md", "inn/LogSeq/..md", "inn/LogSeq/.md"]
    );
    assert!(d.diagnostics.iter().all(|x| x.severity == Severity::Info));
}

#[test]
fn hidden_is_a_string_prefix() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "archived/a.md", "- a");
    write(dir.path(), "archivedX.md", "- x");
    write(dir.path(), "inn/LogSeq/archived.md", "- kept");
    write(dir.path(), "private/p.md", "- p");
    let options = DiscoverOptions {
        hidden: vec![
            "/archived".into(),
            "../archived".into(),
            "./archived".into(),
            "private".into(),
            "".into(),
        ],
        exclude: vec![],
    };
    let d = discover(dir.path(), &options).expect("discover");
    assert_eq!(rels(&d), vec!["inn/LogSeq/archived.md"]);
    assert_eq!(d.skipped, 3);
}

#[test]
fn assets_and_whiteboards() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "assets/img.png", "12345");
    write(dir.path(), "assets/sub/DALL·E 'x'.png", "1");
    write(dir.path(), "assets/note.md", "- not a page");
    write(dir.path(), "whiteboards/Lean Canvas whiteboard.edn", "{}");
    write(dir.path(), "whiteboards/Upper.EDN", "{}");
    write(dir.path(), "whiteboards/nested/x.edn", "{}");
    write(dir.path(), "other/whiteboards/y.edn", "{}");
    let d = discover(dir.path(), &DiscoverOptions::default()).expect("discover");
    let names: Vec<(&str, u64)> = d.assets.iter().map(|a| (a.name.as_str(), a.size)).collect();
    assert_eq!(
        names,
        vec![("img.png", 5), ("note.md", 12), ("sub/DALL·E 'x'.png", 1)]
    );
    assert_eq!(
        rels(&d),
        vec![
            "whiteboards/Lean Canvas whiteboard.edn",
            "whiteboards/Upper.EDN"
        ]
    );
    assert!(d.pages.iter().all(|p| p.kind == SourceKind::Whiteboard));
}

#[test]
fn logseq_folder_and_tool_folders_ignored() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "logseq/config.edn", "{}");
    write(dir.path(), "logseq/bak/pages/a.md", "- old");
    write(dir.path(), "logseq/custom.css", "");
    write(dir.path(), "node_modules/pkg/readme.md", "x");
    write(dir.path(), "inn/version-files/a.md", "x");
    write(
        dir.path(),
        "inn/logseq/kept.md",
        "- nested logseq folder is a normal folder",
    );
    let d = discover(dir.path(), &DiscoverOptions::default()).expect("discover");
    assert_eq!(rels(&d), vec!["inn/logseq/kept.md"]);
    assert!(d.diagnostics.is_empty());
}

#[test]
fn exclude_folder_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "site/index.md", "- generated");
    write(dir.path(), "site2/a.md", "- kept: not under site/");
    write(dir.path(), "a.md", "- a");
    let options = DiscoverOptions {
        hidden: vec![],
        exclude: vec![dir.path().join("site")],
    };
    let d = discover(dir.path(), &options).expect("discover");
    assert_eq!(rels(&d), vec!["a.md", "site2/a.md"]);
    // A folder that does not exist yet (output not built) is harmless.
    let options = DiscoverOptions {
        hidden: vec![],
        exclude: vec![dir.path().join("nope")],
    };
    assert_eq!(
        discover(dir.path(), &options)
            .expect("discover")
            .pages
            .len(),
        3
    );
}

#[cfg(unix)]
#[test]
fn symlinks_skipped_with_diagnostic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    write(outside.path(), "secret.md", "- secret");
    write(dir.path(), "real.md", "- real");
    std::os::unix::fs::symlink(dir.path().join("real.md"), dir.path().join("link.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked-dir")).expect("symlink");
    let d = discover(dir.path(), &DiscoverOptions::default()).expect("discover");
    assert_eq!(rels(&d), vec!["real.md"]);
    assert_eq!(skipped_files(&d), vec!["link.md", "linked-dir"]);
    assert!(d
        .diagnostics
        .iter()
        .all(|x| x.severity == Severity::Warning));
}

#[cfg(unix)]
#[test]
fn unreadable_folder_is_a_diagnostic() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "locked/a.md", "- a");
    write(dir.path(), "b.md", "- b");
    let locked = dir.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    let enforced = fs::read_dir(&locked).is_err(); // not enforced when running as root
    let result = discover(dir.path(), &DiscoverOptions::default());
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod back");
    let d = result.expect("discover");
    if !enforced {
        eprintln!("skipping: permissions are not enforced for this user");
        return;
    }
    assert_eq!(rels(&d), vec!["b.md"]);
    assert_eq!(d.diagnostics.len(), 1);
    assert_eq!(d.diagnostics[0].kind, Kind::UnreadableFile);
    assert_eq!(d.diagnostics[0].file, "locked");
}

#[test]
fn bad_root_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-graph");
    let err = discover(&missing, &DiscoverOptions::default()).expect_err("missing root");
    assert!(format!("{err:#}").contains("no-such-graph"), "{err:#}");
    write(dir.path(), "file.md", "- x");
    let err =
        discover(&dir.path().join("file.md"), &DiscoverOptions::default()).expect_err("file root");
    assert!(format!("{err:#}").contains("file.md"), "{err:#}");
}

#[test]
fn real_graph() {
    let root = Path::new("../shared/corpus/innbok");
    if !root.exists() {
        eprintln!("skipping: {} not found", root.display());
        return;
    }
    let d = discover(root, &DiscoverOptions::default()).expect("discover innbok");
    let markdown = d
        .pages
        .iter()
        .filter(|p| p.kind == SourceKind::Markdown)
        .count();
    let whiteboards = d
        .pages
        .iter()
        .filter(|p| p.kind == SourceKind::Whiteboard)
        .count();
    // 1,561 `.md` files minus the six dot-named pages `inn/LogSeq/.md` … `......md` (§1).
    assert_eq!(markdown, 1555);
    assert_eq!(whiteboards, 5);
    assert_eq!(d.assets.len(), 8);
    assert_eq!(
        skipped_files(&d),
        // Diagnostics sort by file, byte order: "......md" < ".md".
        vec![
            "inn/LogSeq/......md",
            "inn/LogSeq/.....md",
            "inn/LogSeq/....md",
            "inn/LogSeq/...md",
            "inn/LogSeq/..md",
            "inn/LogSeq/.md"
        ]
    );
    assert_eq!(d.diagnostics.len(), 6);
    assert_eq!(d.skipped, 0);
    let hidden = DiscoverOptions {
        hidden: vec![
            "/archived".into(),
            "../archived".into(),
            "./archived".into(),
        ],
        exclude: vec![],
    };
    // §2.7: the graph's own `:hidden` hides nothing.
    assert_eq!(discover(root, &hidden).expect("discover").skipped, 0);
    assert!(d.pages.windows(2).all(|w| w[0].rel_path < w[1].rel_path));
    assert!(d
        .pages
        .iter()
        .any(|p| p.rel_path == "inn/LogSeq/%2A%2A%2A.md"));
    assert!(!d.pages.iter().any(|p| p.rel_path.starts_with("logseq/")));
}
