//! Tests of `load`: `site.toml` keys, defaults, errors, overrides and `config.edn` merging.

use super::*;
use crate::diagnostics::Kind;
use crate::name::NameFormat;
use std::fs;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn load_text(text: &str) -> Result<Config> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site.toml", text);
    load_in(dir.path(), None, &Overrides::default()).map(|(c, _)| c)
}

fn error_of(text: &str) -> String {
    format!("{:#}", load_text(text).unwrap_err())
}

#[test]
fn defaults_without_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let (c, diags) = load_in(dir.path(), None, &Overrides::default()).unwrap();
    assert!(diags.is_empty());
    assert_eq!(c.config_file, None);
    assert_eq!(c.title, "content");
    assert_eq!(c.description, None);
    assert_eq!(c.base_url, "/");
    assert_eq!(c.language, "en");
    assert_eq!(c.content, dir.path().join("content"));
    assert_eq!(c.output, dir.path().join("public"));
    assert_eq!(c.theme, "default");
    assert_eq!(c.home, None);
    assert_eq!(c.navigation.order.len(), 1);
    assert_eq!(c.navigation.order[0].property, "weight");
    assert_eq!(c.navigation.order[0].direction, Direction::Desc);
    assert!(c.hidden_properties.is_empty() && c.show_properties.is_empty());
    assert_eq!(c.raw_html, RawHtml::Sanitize);
    assert!(c.search && c.resolve_slug_twins);
    assert_eq!((c.cname, c.custom_css, c.old_site_url), (None, None, None));
    assert!(!c.logseq_attributes);
    assert_eq!(c.graph, GraphConfig::default());
}

#[test]
fn every_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site/style.css", "a{}");
    write(
        dir.path(),
        "site/site.toml",
        r#"
title = " Lean Loop Handbook "
description = "A handbook"
base_url = "https://user.github.io/innbok"
language = "es"
content = "../graph"
output = "out"
theme = "dark"
home = "Start here"
hidden_properties = ["Metamodel_ID", ":relations"]
show_properties = ["key-weight"]
raw_html = "escape"
search = false
cname = "Innbok.com"
resolve_slug_twins = false
custom_css = "style.css"
old_site_url = "https://go.innbok.com"
logseq_attributes = false

[navigation]
order = [{ property = "weight", direction = "desc" }, { property = "Key Weight" }]
"#,
    );
    let file = dir.path().join("site/site.toml");
    let (c, _) = load_in(dir.path(), Some(&file), &Overrides::default()).unwrap();
    assert_eq!(c.config_file.as_deref(), Some(file.as_path()));
    assert_eq!(c.title, "Lean Loop Handbook");
    assert_eq!(c.description.as_deref(), Some("A handbook"));
    assert_eq!(c.base_url, "https://user.github.io/innbok/");
    assert_eq!(c.language, "es");
    assert_eq!(c.content, dir.path().join("graph"));
    assert_eq!(c.output, dir.path().join("site/out"));
    assert_eq!(c.theme, "dark");
    assert_eq!(c.home.as_deref(), Some("Start here"));
    let order: Vec<_> = c
        .navigation
        .order
        .iter()
        .map(|k| (k.property.as_str(), k.direction))
        .collect();
    assert_eq!(
        order,
        [("weight", Direction::Desc), ("key-weight", Direction::Asc)]
    );
    assert_eq!(
        c.hidden_properties,
        ["metamodel-id", "relations"].map(String::from).into()
    );
    assert_eq!(c.show_properties, ["key-weight"].map(String::from).into());
    assert_eq!(c.raw_html, RawHtml::Escape);
    assert!(!c.search && !c.resolve_slug_twins);
    assert_eq!(c.cname.as_deref(), Some("innbok.com"));
    assert_eq!(c.custom_css, Some(dir.path().join("site/style.css")));
    assert_eq!(c.old_site_url.as_deref(), Some("https://go.innbok.com/"));
    assert!(
        !c.logseq_attributes,
        "said false: custom_css and the theme do not decide"
    );
}

#[test]
fn logseq_attributes_follow_a_stylesheet_of_the_authors_unless_set() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "custom.css",
        ".ls-block[data-refs-self*='\"todo\"'] {}",
    );
    let attrs = |text: &str| {
        write(dir.path(), "site.toml", text);
        let (c, _) = load_in(dir.path(), None, &Overrides::default()).unwrap();
        c.logseq_attributes
    };
    assert!(!attrs(""), "the built-in theme reads none");
    assert!(!attrs("theme = \"default\""));
    assert!(attrs("custom_css = \"custom.css\""));
    assert!(
        attrs("theme = \"mine\""),
        "a theme of one's own may read them"
    );
    assert!(attrs("logseq_attributes = true"));
    assert!(!attrs(
        "custom_css = \"custom.css\"\nlogseq_attributes = false"
    ));
}

#[test]
fn unknown_key_names_file_line_and_choices() {
    let e = error_of("title = \"x\"\n\ntitel = \"y\"\n");
    assert!(
        e.starts_with(
            "site.toml:3: unknown key 'titel' (expected one of: title, description, base_url"
        ),
        "{e}"
    );
    let e = error_of("[navigation]\nordre = []\n");
    assert!(
        e.starts_with("site.toml:2: unknown key 'ordre' (expected one of: order)"),
        "{e}"
    );
}

#[test]
fn type_errors_name_the_key_and_line() {
    let e = error_of("title = \"x\"\nsearch = \"yes\"\n");
    assert!(
        e.starts_with("site.toml:2: key 'search': invalid type: string \"yes\""),
        "{e}"
    );
    let e = error_of("raw_html = \"allow\"\n");
    assert!(
        e.starts_with("site.toml:1: key 'raw_html': unknown variant `allow`"),
        "{e}"
    );
    let e = error_of("[navigation]\norder = [{ property = \"weight\", direction = \"down\" }]\n");
    assert!(
        e.starts_with("site.toml:2: key 'direction': unknown variant `down`"),
        "{e}"
    );
}

#[test]
fn syntax_errors_name_the_line() {
    let e = error_of("title = \"x\"\nsearch = \n");
    assert!(e.starts_with("site.toml:2: "), "{e}");
}

#[test]
fn bad_base_url() {
    let e = error_of("\nbase_url = \"ftp://example.com\"\n");
    assert!(
        e.starts_with("site.toml:2: key 'base_url': 'ftp://example.com' must start with '/'"),
        "{e}"
    );
    for bad in [
        "",
        "innbok",
        "https://",
        "/a b/",
        "//cdn.example.com/",
        "/x?y",
    ] {
        assert!(normalize_base_url(bad).is_err(), "{bad:?}");
    }
    assert_eq!(normalize_base_url("/innbok").unwrap(), "/innbok/");
    assert_eq!(
        normalize_base_url("HTTPS://u.github.io/").unwrap(),
        "https://u.github.io/"
    );
    assert_eq!(
        normalize_base_url(" http://localhost:8080 ").unwrap(),
        "http://localhost:8080/"
    );
}

#[test]
fn other_invalid_values_are_errors_with_lines() {
    assert!(error_of("title = \" \"").starts_with("site.toml:1: key 'title'"));
    assert!(error_of("language = \"en us\"").starts_with("site.toml:1: key 'language'"));
    assert!(error_of("theme = \"../x\"").starts_with("site.toml:1: key 'theme'"));
    assert!(error_of("cname = \"https://innbok.com\"").starts_with("site.toml:1: key 'cname'"));
    assert!(error_of("custom_css = \"nope.css\"").starts_with("site.toml:1: key 'custom_css'"));
    assert!(
        error_of("old_site_url = \"go.innbok.com\"").starts_with("site.toml:1: key 'old_site_url'")
    );
    assert!(error_of("hidden_properties = [\"a\", \" \"]")
        .starts_with("site.toml:1: key 'hidden_properties'"));
    assert!(error_of("output = \".\"").contains("would contain the graph folder"));
}

#[test]
fn explicit_missing_config_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let e = load_in(
        dir.path(),
        Some(Path::new("conf/site.toml")),
        &Overrides::default(),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "config file conf/site.toml not found");
}

#[test]
fn overrides_win_and_are_relative_to_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "site/site.toml",
        "content = \"graph\"\noutput = \"out\"\nbase_url = \"/a/\"\n",
    );
    let overrides = Overrides {
        content: Some(PathBuf::from("other/g")),
        output: Some(PathBuf::from("/tmp/innsite-out")),
        base_url: Some("https://x.org/b".to_string()),
    };
    let file = dir.path().join("site/site.toml");
    let (c, _) = load_in(dir.path(), Some(&file), &overrides).unwrap();
    assert_eq!(c.content, dir.path().join("other/g"));
    assert_eq!(c.title, "g");
    assert_eq!(c.output, PathBuf::from("/tmp/innsite-out"));
    assert_eq!(c.base_url, "https://x.org/b/");
    let bad = Overrides {
        base_url: Some("x".into()),
        ..Overrides::default()
    };
    let e = load_in(dir.path(), Some(&file), &bad)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("--base-url: 'x' must start with '/'"), "{e}");
}

#[test]
fn config_edn_gives_home_and_graph_settings() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "content/logseq/config.edn",
        "{:default-home {:page \"dashboard\"} :file/name-format :triple-lowbar :favorites [\"a\"]}",
    );
    let (c, diags) = load_in(dir.path(), None, &Overrides::default()).unwrap();
    assert!(diags.is_empty());
    assert_eq!(c.home.as_deref(), Some("dashboard"));
    assert_eq!(c.graph.favorites, ["a"]);
    assert_eq!(c.graph.name_format, NameFormat::TripleLowbar);
    // site.toml's `home` wins over config.edn's.
    write(dir.path(), "site.toml", "home = \"start\"");
    let (c, _) = load_in(dir.path(), None, &Overrides::default()).unwrap();
    assert_eq!(c.home.as_deref(), Some("start"));
}

#[test]
fn invalid_config_edn_is_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "content/logseq/config.edn",
        "{:favorites [\"a\"",
    );
    let (c, diags) = load_in(dir.path(), None, &Overrides::default()).unwrap();
    assert_eq!(c.graph, GraphConfig::default());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].kind, Kind::InvalidEdn);
    assert_eq!(diags[0].file, "logseq/config.edn");
}

#[test]
fn repository_site_toml_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("site.toml").is_file() {
        return;
    }
    let (c, _) = load_in(root, None, &Overrides::default()).unwrap();
    assert_eq!(c.title, "Lean Loop Handbook");
    assert_eq!(c.content, root.join("content"));
    assert_eq!(c.output, root.join("public"));
    assert_eq!(c.navigation.order[0].direction, Direction::Desc);
}
