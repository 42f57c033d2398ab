//! Raw event bursts of real editors' saves → changes.

use super::*;
use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, RemoveKind, RenameMode};

fn roots() -> Roots {
    Roots {
        content: PathBuf::from("/site/content"),
        output: PathBuf::from("/site/public"),
        config: vec![
            PathBuf::from("/site/site.toml"),
            PathBuf::from("/site/themes/default"),
            PathBuf::from("/site/content/logseq/config.edn"),
        ],
    }
}

fn ev(kind: EventKind, paths: &[&str]) -> Event {
    let mut e = Event::new(kind);
    for p in paths {
        e = e.add_path(PathBuf::from(p));
    }
    e
}

fn create(p: &str) -> Event {
    ev(EventKind::Create(CreateKind::File), &[p])
}
fn remove(p: &str) -> Event {
    ev(EventKind::Remove(RemoveKind::File), &[p])
}
fn write(p: &str) -> Event {
    ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &[p])
}
fn rename(from: &str, to: &str) -> Event {
    ev(
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
        &[from, to],
    )
}

fn files(c: &Changes) -> Vec<&str> {
    c.files.iter().map(String::as_str).collect()
}

#[test]
fn vim_save_is_one_change_of_the_page() {
    let page = "/site/content/pages/a.md";
    let burst = [
        create("/site/content/pages/4913"),
        remove("/site/content/pages/4913"),
        rename(page, "/site/content/pages/a.md~"),
        create(page),
        write(page),
        write("/site/content/pages/.a.md.swp"),
        remove("/site/content/pages/a.md~"),
    ];
    let c = changes(&burst, &roots());
    assert!(!c.full);
    assert_eq!(files(&c), ["pages/a.md"]);
}

#[test]
fn jetbrains_and_helix_saves_ignore_their_temp_files() {
    let burst = [
        create("/site/content/pages/b.md___jb_tmp___"),
        write("/site/content/pages/b.md___jb_tmp___"),
        rename(
            "/site/content/pages/b.md",
            "/site/content/pages/b.md___jb_old___",
        ),
        rename(
            "/site/content/pages/b.md___jb_tmp___",
            "/site/content/pages/b.md",
        ),
        remove("/site/content/pages/b.md___jb_old___"),
        create("/site/content/pages/c.md.bck"),
        write("/site/content/pages/c.md"),
        remove("/site/content/pages/c.md.bck"),
    ];
    let c = changes(&burst, &roots());
    assert_eq!(files(&c), ["pages/b.md", "pages/c.md"]);
}

#[test]
fn logseq_backups_git_and_output_are_ignored() {
    let burst = [
        create("/site/content/logseq/bak/pages/a/2024-01-01.md"),
        write("/site/content/.git/index"),
        create("/site/content/logseq/.recycle/x.md"),
        write("/site/public/a/index.html"),
        write("/site/content/pages/#a.md#"),
        create("/site/content/pages/.#a.md"),
        write("/elsewhere/x.md"),
    ];
    assert!(changes(&burst, &roots()).is_empty());
}

#[test]
fn reads_and_metadata_changes_are_not_changes() {
    let burst = [
        ev(
            EventKind::Access(AccessKind::Any),
            &["/site/content/pages/a.md"],
        ),
        ev(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)),
            &["/site/content/pages/a.md"],
        ),
    ];
    assert!(changes(&burst, &roots()).is_empty());
}

#[test]
fn config_theme_and_config_edn_redo_everything() {
    for p in [
        "/site/site.toml",
        "/site/themes/default/templates/page.html",
        "/site/content/logseq/config.edn",
    ] {
        let c = changes(&[write(p)], &roots());
        assert!(c.full, "{p}");
    }
    assert!(!changes(&[write("/site/README.md")], &roots()).full);
}

#[test]
fn renames_give_both_names_and_assets_existence_redoes_everything() {
    let c = changes(
        &[rename(
            "/site/content/pages/a.md",
            "/site/content/pages/b.md",
        )],
        &roots(),
    );
    assert_eq!(files(&c), ["pages/a.md", "pages/b.md"]);
    assert!(changes(&[create("/site/content/assets/x.png")], &roots()).full);
    assert!(!changes(&[write("/site/content/assets/x.png")], &roots()).full);
    let moved = changes(
        &[rename("/site/content/pages/ns", "/site/content/pages/ns2")],
        &roots(),
    );
    assert_eq!(files(&moved), ["pages/ns", "pages/ns2"]);
}
