//! `innsite init [DIR]`: a graph folder → a commented `site.toml` and a GitHub Pages workflow
//! (`.github/workflows/pages.yml`) for it.
//!
//! It takes the folder (the root of the repository that holds the graph, or the graph itself)
//! and gives the two files, filled from what the folder says: where the graph is (the folder,
//! or its one sub-folder with `logseq/config.edn`), the home page (`:default-home` of
//! `config.edn`), the title (Logseq's `config.edn` has no title key, so the folder's name) and
//! the branch to publish (the checked-out branch of `.git/HEAD`, else `main`). It never
//! overwrites an existing file without `force`, and checks both files before writing either.
//! The workflow uses only GitHub's own actions and innsite, which it builds from innsite's git
//! repository ([`Source`]: this build's `repository` and the `main` branch unless told
//! otherwise), pinned to the commit the branch points at when the workflow runs.

use crate::config::read_graph_config;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

const SITE_TEMPLATE: &str = include_str!("init/site.toml.tmpl");
const WORKFLOW_TEMPLATE: &str = include_str!("init/pages.yml.tmpl");

/// Where the workflow goes, relative to the folder.
pub const WORKFLOW_PATH: &str = ".github/workflows/pages.yml";

/// What the two files are made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The site's title.
    pub title: String,
    /// The graph folder relative to the folder (`.` or a sub-folder name).
    pub content: String,
    /// `:default-home` of `config.edn`.
    pub home: Option<String>,
    /// The graph's `logseq/custom.css` relative to the folder, when it holds any rule
    /// (Logseq makes it empty in every graph).
    pub custom_css: Option<String>,
    /// The branch whose pushes publish the site.
    pub branch: String,
    /// Where the workflow installs innsite from.
    pub source: Source,
}

/// Where the workflow gets innsite from: a git repository and a branch, tag or commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub git: String,
    pub reference: String,
}

impl Default for Source {
    /// The repository this innsite was built from (Cargo.toml `repository`), branch `main`.
    fn default() -> Source {
        Source {
            git: env!("CARGO_PKG_REPOSITORY").to_string(),
            reference: "main".to_string(),
        }
    }
}

/// Write `site.toml` and the workflow into `dir`; returns the files written.
pub fn init(dir: &Path, force: bool, source: &Source) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    if source.git.trim().is_empty() || source.reference.trim().is_empty() {
        bail!("--innsite-git and --innsite-ref must not be empty");
    }
    let mut plan = plan(dir)?;
    plan.source = source.clone();
    let files = [
        (dir.join(crate::config::SITE_TOML), site_toml(&plan)),
        (dir.join(WORKFLOW_PATH), workflow(&plan)),
    ];
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !force && !existing.is_empty() {
        bail!(
            "refusing to overwrite {} (use --force to replace)",
            existing.join(" and ")
        );
    }
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// Read what the folder says about the site.
pub fn plan(dir: &Path) -> Result<Plan> {
    let content = graph_folder(dir)?;
    let (graph, _) = read_graph_config(&dir.join(&content));
    let named = if content == "." {
        dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
    } else {
        dir.join(&content)
    };
    let title = named
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Site".to_string());
    let custom_css = graph_stylesheet(dir, &content);
    Ok(Plan {
        title,
        content,
        home: graph.default_home,
        custom_css,
        branch: current_branch(dir).unwrap_or_else(|| "main".to_string()),
        source: Source::default(),
    })
}

/// `<content>/logseq/custom.css` relative to `dir`, when it is not blank.
fn graph_stylesheet(dir: &Path, content: &str) -> Option<String> {
    let rel = if content == "." {
        "logseq/custom.css".to_string()
    } else {
        format!("{content}/logseq/custom.css")
    };
    let text = std::fs::read_to_string(dir.join(&rel)).ok()?;
    (!text.trim().is_empty()).then_some(rel)
}

/// `.` when `dir` is a graph, else its one sub-folder that is (first by name when several).
fn graph_folder(dir: &Path) -> Result<String> {
    if is_graph(dir) {
        return Ok(".".to_string());
    }
    let mut subs: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .flatten()
        .filter(|e| e.path().join("logseq").join("config.edn").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    subs.sort();
    subs.into_iter().next().with_context(|| {
        format!(
            "no Logseq graph in {}: expected logseq/config.edn or pages/ there or in a sub-folder",
            dir.display()
        )
    })
}

fn is_graph(dir: &Path) -> bool {
    dir.join("logseq").join("config.edn").is_file() || dir.join("pages").is_dir()
}

/// The branch `.git/HEAD` names, if the folder is a git checkout on a branch.
fn current_branch(dir: &Path) -> Option<String> {
    let head = std::fs::read_to_string(dir.join(".git").join("HEAD")).ok()?;
    let branch = head.trim().strip_prefix("ref: refs/heads/")?;
    let safe = !branch.is_empty()
        && branch
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    safe.then(|| branch.to_string())
}

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The commented `site.toml`.
pub fn site_toml(plan: &Plan) -> String {
    let home = match &plan.home {
        Some(h) => format!("home = {}", toml_string(h)),
        None => "# home = \"Start here\"".to_string(),
    };
    let custom_css = match &plan.custom_css {
        Some(css) => format!("custom_css = {}", toml_string(css)),
        None => "# custom_css = \"logseq/custom.css\"".to_string(),
    };
    SITE_TEMPLATE
        .replace("@TITLE@", &toml_string(&plan.title))
        .replace("@CONTENT@", &toml_string(&plan.content))
        .replace("@HOME@", &home)
        .replace("@CUSTOM_CSS@", &custom_css)
}

/// The GitHub Pages workflow.
pub fn workflow(plan: &Plan) -> String {
    WORKFLOW_TEMPLATE
        .replace("@BRANCH@", &plan.branch)
        .replace("@GIT@", &yaml_string(&plan.source.git))
        .replace("@REF@", &yaml_string(&plan.source.reference))
}

/// A YAML double-quoted scalar holding `text` (JSON strings are valid YAML).
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(dir: &Path, config: &str) {
        std::fs::create_dir_all(dir.join("logseq")).unwrap();
        std::fs::write(dir.join("logseq/config.edn"), config).unwrap();
    }

    #[test]
    fn site_toml_is_valid_config_with_home_and_title() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("my \"graph\"");
        graph(&root, "{:default-home {:page \"Start \\\"here\\\"\"}}");
        let plan = plan(&root).unwrap();
        assert_eq!(plan.content, ".");
        assert_eq!(plan.home.as_deref(), Some("Start \"here\""));
        let text = site_toml(&plan);
        let raw: crate::config::RawSiteConfig = toml::from_str(&text).expect("valid site.toml");
        assert_eq!(raw.title.unwrap().into_inner(), "my \"graph\"");
        assert_eq!(raw.home.unwrap().into_inner(), "Start \"here\"");
        assert_eq!(raw.feed, Some(false));
        assert!(raw.custom_css.is_none(), "the graph has no stylesheet");
    }

    #[test]
    fn the_graphs_own_stylesheet_is_added_unless_blank() {
        let dir = tempfile::tempdir().unwrap();
        graph(&dir.path().join("notes"), "{}");
        std::fs::write(dir.path().join("notes/logseq/custom.css"), "\n  \n").unwrap();
        assert_eq!(
            plan(dir.path()).unwrap().custom_css,
            None,
            "Logseq's empty file"
        );
        let css = "a.tag[data-ref=\"key\"]::before { content: \"🔑\" }\n";
        std::fs::write(dir.path().join("notes/logseq/custom.css"), css).unwrap();
        let plan = plan(dir.path()).unwrap();
        assert_eq!(plan.custom_css.as_deref(), Some("notes/logseq/custom.css"));
        let raw: crate::config::RawSiteConfig =
            toml::from_str(&site_toml(&plan)).expect("valid site.toml");
        let css_key = raw.custom_css.expect("custom_css set").into_inner();
        assert_eq!(css_key, std::path::PathBuf::from("notes/logseq/custom.css"));
        std::fs::write(dir.path().join("site.toml"), site_toml(&plan)).unwrap();
        let site = dir.path().join("site.toml");
        let (cfg, _) = crate::config::load(Some(&site), &Default::default()).expect("loads");
        assert!(cfg.logseq_attributes, "the graph's CSS may select on them");
    }

    #[test]
    fn a_graph_in_a_sub_folder_is_found() {
        let dir = tempfile::tempdir().unwrap();
        graph(&dir.path().join("notes"), "{}");
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(".git/HEAD"), "ref: refs/heads/trunk\n").unwrap();
        let plan = plan(dir.path()).unwrap();
        assert_eq!(
            (plan.content.as_str(), plan.title.as_str()),
            ("notes", "notes")
        );
        assert_eq!(plan.home, None);
        assert!(workflow(&plan).contains("branches: [trunk]"));
        let mut forked = plan.clone();
        forked.source.git = "https://example.org/me/innsite \"fork\"".to_string();
        let text = workflow(&forked);
        let yaml = &yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML")[0];
        assert_eq!(
            yaml["env"]["INNSITE_GIT"].as_str(),
            Some(forked.source.git.as_str())
        );
        assert_eq!(yaml["env"]["INNSITE_REF"].as_str(), Some("main"));
        assert!(site_toml(&plan).contains("# home = "));
    }

    #[test]
    fn no_graph_is_an_error_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let e = init(dir.path(), false, &Source::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("no Logseq graph"), "{e}");
        graph(dir.path(), "{}");
        std::fs::write(dir.path().join("site.toml"), "title = \"mine\"\n").unwrap();
        let e = init(dir.path(), false, &Source::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("refusing to overwrite") && e.contains("site.toml"),
            "{e}"
        );
        assert!(!dir.path().join(WORKFLOW_PATH).exists(), "nothing written");
        let written = init(dir.path(), true, &Source::default()).unwrap();
        assert_eq!(written.len(), 2);
        assert!(std::fs::read_to_string(dir.path().join("site.toml"))
            .unwrap()
            .contains("innsite init"));
    }
}
