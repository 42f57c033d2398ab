//! The output folder is replaced atomically and only when innsite wrote it (RELIABILITY.md
//! cases 9 and 11): a failed build leaves the previous site byte-identical with no staging
//! folder behind; folders that are not innsite's are never replaced.

mod common;

use std::path::Path;
use std::process::Command;

fn innsite(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_innsite"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("innsite runs")
}

/// A site folder with a tiny graph and no site.toml.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/pages")).unwrap();
    std::fs::write(
        dir.path().join("content/pages/home.md"),
        "- hello [[world]]\n",
    )
    .unwrap();
    dir
}

#[test]
fn failed_build_keeps_the_previous_site() {
    let dir = site();
    let ok = innsite(&["build"], dir.path());
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = common::tree(&dir.path().join("public"));
    assert!(before.contains_key("home/index.html") && before.contains_key("world/index.html"));

    // A theme override that fails while pages are being written (a template that compiles
    // but fails at render time) makes the next build fail half-way through.
    let templates = dir.path().join("themes/broken/templates");
    std::fs::create_dir_all(&templates).unwrap();
    // The default page template with a lookup of a field pages do not have: it keeps the
    // blocks that the templates extending it fill, so it compiles.
    let default_page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .unwrap();
    let broken = default_page.replacen(
        "{%- block outline %}",
        "{{ page.no_such_field.deeper }}{%- block outline %}",
        1,
    );
    assert_ne!(broken, default_page);
    std::fs::write(templates.join("page.html"), broken).unwrap();
    std::fs::write(dir.path().join("site.toml"), "theme = \"broken\"\n").unwrap();
    std::fs::write(dir.path().join("content/pages/home.md"), "- changed\n").unwrap();
    let failed = innsite(&["build"], dir.path());
    assert!(!failed.status.success());
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(
        err.contains("page.html"),
        "the error names the template: {err}"
    );

    assert_eq!(
        common::tree(&dir.path().join("public")),
        before,
        "previous output unchanged"
    );
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.ends_with(".old"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary folders left: {leftovers:?}"
    );
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let dir = site();
    let foreign = dir.path().join("public");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.txt"), "irreplaceable").unwrap();
    let out = innsite(&["build"], dir.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not written by innsite"));
    assert_eq!(
        std::fs::read_to_string(foreign.join("thesis.txt")).unwrap(),
        "irreplaceable"
    );
}

#[test]
fn refuses_the_graph_or_its_parent_as_output() {
    let dir = site();
    for target in ["content", "."] {
        let out = innsite(&["build", "--output", target], dir.path());
        assert!(!out.status.success(), "--output {target} must be refused");
        assert!(dir.path().join("content/pages/home.md").exists());
    }
}

#[test]
fn rebuild_replaces_its_own_output() {
    let dir = site();
    assert!(innsite(&["build"], dir.path()).status.success());
    std::fs::write(dir.path().join("content/pages/home.md"), "- hello again\n").unwrap();
    assert!(innsite(&["build"], dir.path()).status.success());
    let html = std::fs::read_to_string(dir.path().join("public/home/index.html")).unwrap();
    assert!(html.contains("hello again"));
    assert!(
        !dir.path().join("public/world/index.html").exists(),
        "pages no longer referenced are gone"
    );
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.ends_with(".old"))
        .collect();
    assert!(
        left.is_empty(),
        "the previous site was not removed: {left:?}"
    );
}

#[test]
fn hostile_names_stay_inside_the_output() {
    let dir = site();
    let pages = dir.path().join("content/pages");
    std::fs::write(pages.join("..___..___x.md"), "- escape attempt\n").unwrap();
    std::fs::write(pages.join("t.md"), "title:: ../../y\n\n- titled escape\n").unwrap();
    std::fs::write(
        pages.join("c.md"),
        "- [[a\\b:c*d?e\"f<g>h|i]] [[con]] [[..]]\n",
    )
    .unwrap();
    let sentinel = dir.path().join("sentinel");
    std::fs::create_dir_all(&sentinel).unwrap();
    let out = innsite(&["build"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_dir(&sentinel).unwrap().count(), 0);
    for (path, _) in common::tree(&dir.path().join("public")) {
        for seg in path.split('/') {
            assert!(
                seg.len() <= 255 && seg != ".." && seg != ".",
                "unsafe segment in {path}"
            );
            assert!(
                !seg.contains(['\\', ':', '*', '?', '"', '<', '>', '|']),
                "Windows-invalid {path}"
            );
        }
    }
}
