//! Config: `site.toml` + the graph's `logseq/config.edn` + command-line overrides → [`Config`].
//!
//! It takes the path of `site.toml` (or looks for one in the current folder) and the CLI
//! overrides, and gives one validated `Config` with every default applied and every path
//! absolute, plus the diagnostics found in `config.edn`. It reads in two steps (ARCHITECTURE.md
//! "Config in two steps"): `site.toml` into a serde [`RawSiteConfig`] that refuses unknown keys,
//! then a validation that destructures every raw field. It never guesses at a broken `site.toml`
//! (an error naming file, line and key stops the build) and never fails on a broken `config.edn`
//! (Logseq's defaults plus a warning).

pub mod edn;
mod graph;
mod hidden;
mod site;
mod url;

pub use graph::{parse_graph_config, read_graph_config, GraphConfig, CONFIG_EDN};
pub use hidden::{BUILTIN_HIDDEN_PROPERTIES, PAGE_HIDDEN_PROPERTIES};
pub use site::{normalize_key, RawNavigation, RawOrderKey, RawSiteConfig, DEFAULT_THEME};
pub use url::normalize_base_url;

use crate::diagnostics::Diagnostic;
use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The file looked for in the current folder when no path is given.
pub const SITE_TOML: &str = "site.toml";

/// Values given on the command line; each wins over `site.toml`. Paths are relative to the
/// current folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub content: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
}

/// The validated site configuration (PRODUCT.md "Configuration").
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The `site.toml` read, absolute; `None` when the site has none.
    pub config_file: Option<PathBuf>,
    /// `title`: the site's name. Default: the graph folder's name.
    pub title: String,
    /// `description`: the site's meta description. Default: none.
    pub description: Option<String>,
    /// `base_url`: where the site is served, `/…` or `http(s)://…/`, always ending with `/`.
    /// Default `/`. `https://user.github.io/innbok` is accepted and becomes `…/innbok/`.
    pub base_url: String,
    /// `language`: the `<html lang>` tag. Default `en`.
    pub language: String,
    /// `content`: the graph folder. Default `content` beside `site.toml`.
    pub content: PathBuf,
    /// `output`: the folder the site is written to (replaced on each build). Default `public`.
    pub output: PathBuf,
    /// `theme`: a folder name under `themes/`; `default` is built in.
    pub theme: String,
    /// `home`: the page shown at `/`. Default: `config.edn`'s `:default-home {:page …}`; `None`
    /// when neither says (the site then shows an index of pages).
    pub home: Option<String>,
    /// `[navigation]`: how lists of pages are ordered.
    pub navigation: Navigation,
    /// `hidden_properties`: property keys to hide besides Logseq's (normalised keys).
    pub hidden_properties: BTreeSet<String>,
    /// `show_properties`: property keys to show even though Logseq hides them.
    pub show_properties: BTreeSet<String>,
    /// `raw_html`: what to do with raw HTML in pages. Default `sanitize`.
    pub raw_html: RawHtml,
    /// `search`: build the search index. Default true.
    pub search: bool,
    /// `cname`: write a `CNAME` file with this host. Default: none.
    pub cname: Option<String>,
    /// `resolve_slug_twins`: send a link that misses a page only by punctuation (LOGSEQ.md §8.2,
    /// `segment (id)` → `segment-(id)`) to that page. Default true.
    pub resolve_slug_twins: bool,
    /// `custom_css`: a stylesheet added after the theme's, absolute. Default: none.
    pub custom_css: Option<PathBuf>,
    /// `old_site_url`: the address of the old publish-spa site, ending with `/`, whose
    /// `#/page/<name>` links are rewritten (§8.4). Default: none.
    pub old_site_url: Option<String>,
    /// `feed`: write an Atom feed (`feed.xml`) of the pages changed most recently; it needs an
    /// absolute `base_url`. Default false.
    pub feed: bool,
    /// `logseq_attributes`: give blocks Logseq's `data-refs-self` and `data-level` and page
    /// links `data-ref`, which Logseq custom CSS selects on (LOGSEQ.md §5.1). Default: true
    /// when `custom_css` is set or the theme is not the built-in one, else false (no
    /// stylesheet of the site could read them, and they are an eighth of a page).
    pub logseq_attributes: bool,
    /// What `logseq/config.edn` says.
    pub graph: GraphConfig,
}

/// `[navigation]` of `site.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Navigation {
    /// Keys tried in turn; pages without a property come after those with it. Ties after the
    /// last key are broken by title, then path (the graph's job). Default: `weight` descending
    /// (innbok reads heavier = more important, LOGSEQ.md §9.1).
    pub order: Vec<OrderKey>,
}

impl Default for Navigation {
    fn default() -> Self {
        Navigation {
            order: vec![OrderKey {
                property: "weight".to_string(),
                direction: Direction::Desc,
            }],
        }
    }
}

/// One ordering property with its direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderKey {
    /// Normalised property key (`weight`); values compare as decimal numbers when both are.
    pub property: String,
    pub direction: Direction,
}

/// Sort direction; `asc` when not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Asc,
    Desc,
}

/// The raw-HTML policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep safe HTML (iframes of known video hosts, formatting), drop scripts and handlers.
    #[default]
    Sanitize,
    /// Show raw HTML as text.
    Escape,
}

impl Config {
    /// The configuration of a site without `site.toml` whose relative paths start at `dir`,
    /// before `config.edn` is read (useful for tests and `init`).
    pub fn defaults_in(dir: &Path) -> Config {
        let source = site::Source {
            name: SITE_TOML,
            text: "",
        };
        let overrides = Overrides::default();
        let ctx = site::Context {
            base_dir: dir,
            cwd: dir,
            overrides: &overrides,
        };
        // An empty site.toml only fails validation when the output folder contains the graph,
        // which `dir/public` and `dir/content` cannot.
        site::validate(RawSiteConfig::default(), &source, &ctx)
            .expect("the defaults are valid in any folder")
    }
}

/// Load the configuration: `config_file` (or `./site.toml` when `None`; absent → defaults),
/// the overrides, then `<content>/logseq/config.edn`.
pub fn load(
    config_file: Option<&Path>,
    overrides: &Overrides,
) -> Result<(Config, Vec<Diagnostic>)> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    load_in(&cwd, config_file, overrides)
}

/// [`load`] with an explicit current folder.
pub fn load_in(
    cwd: &Path,
    config_file: Option<&Path>,
    overrides: &Overrides,
) -> Result<(Config, Vec<Diagnostic>)> {
    let (path, name) = match config_file {
        Some(p) => {
            let abs = site::absolute(cwd, p);
            if !abs.is_file() {
                anyhow::bail!("config file {} not found", p.display());
            }
            (Some(abs), p.display().to_string())
        }
        None => {
            let p = cwd.join(SITE_TOML);
            (p.is_file().then_some(p), SITE_TOML.to_string())
        }
    };
    let text = match &path {
        Some(p) => std::fs::read_to_string(p).with_context(|| format!("cannot read {name}"))?,
        None => String::new(),
    };
    let base_dir = path.as_deref().and_then(Path::parent).unwrap_or(cwd);
    let source = site::Source {
        name: &name,
        text: &text,
    };
    let raw = site::parse(&source)?;
    let ctx = site::Context {
        base_dir,
        cwd,
        overrides,
    };
    let mut config = site::validate(raw, &source, &ctx)?;
    config.config_file = path.clone();
    let (graph, diagnostics) = read_graph_config(&config.content);
    if config.home.is_none() {
        config.home = graph.default_home.clone();
    }
    config.graph = graph;
    Ok((config, diagnostics))
}

#[cfg(test)]
mod tests;
