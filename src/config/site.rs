//! `site.toml`: text → [`RawSiteConfig`] (serde, every key optional, unknown keys refused) →
//! the checked site settings of a [`Config`].
//!
//! It takes the file's text and name, the folder paths are relative to, and the command-line
//! overrides; it gives a `Config` whose `graph` part is still the default (the caller reads
//! `config.edn` next). Every error names the file, the line and the key, and says what is
//! expected. It never reads other files, except to check that `custom_css` exists.

use super::url::{absolute_url, normalize_base_url};
use super::{Config, Direction, Navigation, OrderKey, Overrides, RawHtml};
use anyhow::{anyhow, bail, Result};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// The theme built into innsite (`theme = "default"`, the default).
pub const DEFAULT_THEME: &str = "default";

/// `site.toml` as written. See `Config` for what each key means and its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSiteConfig {
    pub title: Option<Spanned<String>>,
    pub description: Option<String>,
    pub base_url: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    pub content: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub theme: Option<Spanned<String>>,
    pub home: Option<Spanned<String>>,
    pub navigation: Option<RawNavigation>,
    pub hidden_properties: Option<Vec<Spanned<String>>>,
    pub show_properties: Option<Vec<Spanned<String>>>,
    pub raw_html: Option<RawHtml>,
    pub search: Option<bool>,
    pub cname: Option<Spanned<String>>,
    pub resolve_slug_twins: Option<bool>,
    pub custom_css: Option<Spanned<PathBuf>>,
    pub old_site_url: Option<Spanned<String>>,
    pub feed: Option<bool>,
    pub logseq_attributes: Option<bool>,
}

/// The `[navigation]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNavigation {
    pub order: Option<Vec<RawOrderKey>>,
}

/// One `{ property = "weight", direction = "desc" }` of `[navigation] order`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrderKey {
    pub property: Spanned<String>,
    pub direction: Option<Direction>,
}

/// The file being validated, for error messages.
pub struct Source<'a> {
    /// The path as the user knows it (`site.toml`, or the `--config` argument).
    pub name: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    /// 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    /// An error at a spanned value: `site.toml:3: key 'base_url': …`.
    fn error<T>(&self, key: &str, value: &Spanned<T>, msg: &str) -> anyhow::Error {
        let line = self.line(value.span().start);
        anyhow!("{}:{line}: key '{key}': {msg}", self.name)
    }
}

/// Read `site.toml` text. Syntax errors, unknown keys and wrong types name the line.
pub fn parse(source: &Source) -> Result<RawSiteConfig> {
    toml::from_str(source.text).map_err(|e| {
        let line = e.span().map(|s| source.line(s.start));
        let message = describe(e.message(), e.span().map(|s| s.start), source.text);
        match line {
            Some(line) => anyhow!("{}:{line}: {message}", source.name),
            None => anyhow!("{}: {message}", source.name),
        }
    })
}

/// Rewrite serde's messages in the house form: `unknown key 'titel' (expected one of: …)`, and
/// name the key of a type error (found before the offending value).
fn describe(message: &str, offset: Option<usize>, text: &str) -> String {
    let joined = message.trim().replace('\n', "; ");
    let message = joined.as_str();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((key, expected)) = rest.split_once('`') {
            let expected = expected
                .trim_start_matches(", ")
                .trim_start_matches("expected one of ")
                .trim_start_matches("expected ")
                .replace('`', "");
            return format!("unknown key '{key}' (expected one of: {expected})");
        }
    }
    if message.starts_with("invalid type") || message.starts_with("unknown variant") {
        if let Some(key) = offset.and_then(|o| key_before(text, o)) {
            return format!("key '{key}': {message}");
        }
    }
    message.to_string()
}

/// The bare key of the last `key =` before `offset`: the key a value error belongs to.
fn key_before(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset.min(text.len()))?;
    let eq = before.rfind('=')?;
    let key: String = before[..eq]
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    Some(key.chars().rev().collect()).filter(|k: &String| !k.is_empty())
}

/// Where relative paths start and what the command line overrides.
pub struct Context<'a> {
    /// The folder of `site.toml` (or the current folder when there is none).
    pub base_dir: &'a Path,
    /// The current folder: command-line paths are relative to it.
    pub cwd: &'a Path,
    pub overrides: &'a Overrides,
}

/// Check every key and resolve defaults and paths. Destructures the whole raw config so that a
/// new key cannot be forgotten here.
pub fn validate(raw: RawSiteConfig, src: &Source, ctx: &Context) -> Result<Config> {
    let RawSiteConfig {
        title,
        description,
        base_url,
        language,
        content,
        output,
        theme,
        home,
        navigation,
        hidden_properties,
        show_properties,
        raw_html,
        search,
        cname,
        resolve_slug_twins,
        custom_css,
        old_site_url,
        feed,
        logseq_attributes,
    } = raw;
    let content = resolve_dir(ctx, ctx.overrides.content.as_deref(), content, "content");
    let output = resolve_dir(ctx, ctx.overrides.output.as_deref(), output, "public");
    check_output(&content, &output)?;
    let theme = checked_theme(theme, src)?;
    let custom_css = checked_css(custom_css, ctx.base_dir, src)?;
    // No stylesheet of the built-in theme reads Logseq's attributes: by default they are
    // written only when a stylesheet of the author's own may.
    let logseq_attributes =
        logseq_attributes.unwrap_or(custom_css.is_some() || theme != DEFAULT_THEME);
    Ok(Config {
        config_file: None,
        title: checked_title(title, &content, src)?,
        description: description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        base_url: checked_base_url(base_url, ctx.overrides.base_url.as_deref(), src)?,
        language: checked_language(language, src)?,
        content,
        output,
        theme,
        home: optional_text(home, "home", src)?,
        navigation: checked_navigation(navigation, src)?,
        hidden_properties: property_keys(hidden_properties, "hidden_properties", src)?,
        show_properties: property_keys(show_properties, "show_properties", src)?,
        raw_html: raw_html.unwrap_or_default(),
        search: search.unwrap_or(true),
        cname: checked_cname(cname, src)?,
        resolve_slug_twins: resolve_slug_twins.unwrap_or(true),
        custom_css,
        old_site_url: checked_old_url(old_site_url, src)?,
        feed: feed.unwrap_or(false),
        logseq_attributes,
        graph: Default::default(),
    })
}

/// A folder: the command-line value (relative to the current folder), else the file's value
/// (relative to the file's folder), else the default name in the file's folder.
fn resolve_dir(ctx: &Context, flag: Option<&Path>, key: Option<PathBuf>, default: &str) -> PathBuf {
    match (flag, key) {
        (Some(flag), _) => absolute(ctx.cwd, flag),
        (None, Some(p)) => absolute(ctx.base_dir, &p),
        (None, None) => absolute(ctx.base_dir, Path::new(default)),
    }
}

/// `path` made absolute against `base`, with `.` and `..` removed lexically.
pub fn absolute(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The output folder is cleaned on every build: it must not be, or contain, the graph.
fn check_output(content: &Path, output: &Path) -> Result<()> {
    if content.starts_with(output) {
        bail!(
            "output folder {} would contain the graph folder {}: choose another `output`",
            output.display(),
            content.display()
        );
    }
    Ok(())
}

fn checked_title(title: Option<Spanned<String>>, content: &Path, src: &Source) -> Result<String> {
    match title {
        Some(t) if t.get_ref().trim().is_empty() => Err(src.error(
            "title",
            &t,
            "must not be empty (remove it to use the folder name)",
        )),
        Some(t) => Ok(t.into_inner().trim().to_string()),
        None => Ok(content
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Site".to_string())),
    }
}

fn checked_base_url(
    key: Option<Spanned<String>>,
    flag: Option<&str>,
    src: &Source,
) -> Result<String> {
    if let Some(flag) = flag {
        return normalize_base_url(flag).map_err(|e| anyhow!("--base-url: {e}"));
    }
    match key {
        Some(v) => normalize_base_url(v.get_ref()).map_err(|e| src.error("base_url", &v, &e)),
        None => Ok("/".to_string()),
    }
}

fn checked_language(key: Option<Spanned<String>>, src: &Source) -> Result<String> {
    let Some(v) = key else {
        return Ok("en".to_string());
    };
    let lang = v.get_ref().trim();
    let ok = !lang.is_empty()
        && lang.len() <= 35
        && !lang.starts_with('-')
        && !lang.ends_with('-')
        && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !ok {
        let msg = format!("'{lang}' is not a language tag (e.g. \"en\", \"es\", \"pt-BR\")");
        return Err(src.error("language", &v, &msg));
    }
    Ok(lang.to_string())
}

fn checked_theme(key: Option<Spanned<String>>, src: &Source) -> Result<String> {
    let Some(v) = key else {
        return Ok(DEFAULT_THEME.to_string());
    };
    let name = v.get_ref().trim();
    if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\']) {
        let msg = format!("'{name}' is not a theme name (a folder name under themes/)");
        return Err(src.error("theme", &v, &msg));
    }
    Ok(name.to_string())
}

/// A trimmed, non-empty text value.
fn optional_text(key: Option<Spanned<String>>, name: &str, src: &Source) -> Result<Option<String>> {
    match key {
        None => Ok(None),
        Some(v) if v.get_ref().trim().is_empty() => Err(src.error(
            name,
            &v,
            "must not be empty (remove the key for the default)",
        )),
        Some(v) => Ok(Some(v.into_inner().trim().to_string())),
    }
}

fn checked_navigation(nav: Option<RawNavigation>, src: &Source) -> Result<Navigation> {
    let Some(RawNavigation { order }) = nav else {
        return Ok(Navigation::default());
    };
    let Some(order) = order else {
        return Ok(Navigation::default());
    };
    let mut keys = Vec::new();
    for RawOrderKey {
        property,
        direction,
    } in order
    {
        let key = normalize_key(property.get_ref());
        if key.is_empty() {
            return Err(src.error("navigation.order", &property, "property must not be empty"));
        }
        keys.push(OrderKey {
            property: key,
            direction: direction.unwrap_or(Direction::Asc),
        });
    }
    Ok(Navigation { order: keys })
}

/// Property keys normalised like `Property::key`: trimmed, leading `:` dropped, lower-case,
/// spaces and `_` → `-`.
pub fn normalize_key(key: &str) -> String {
    let key = key.trim();
    let key = key.strip_prefix(':').unwrap_or(key);
    key.to_lowercase().replace([' ', '_'], "-")
}

fn property_keys(
    keys: Option<Vec<Spanned<String>>>,
    name: &str,
    src: &Source,
) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for k in keys.unwrap_or_default() {
        let key = normalize_key(k.get_ref());
        if key.is_empty() {
            return Err(src.error(name, &k, "property names must not be empty"));
        }
        out.insert(key);
    }
    Ok(out)
}

fn checked_cname(key: Option<Spanned<String>>, src: &Source) -> Result<Option<String>> {
    let Some(v) = key else {
        return Ok(None);
    };
    let host = v.get_ref().trim();
    let ok = !host.is_empty()
        && !host.starts_with(['.', '-'])
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !ok {
        let msg = format!("'{host}' is not a host name (write it like \"innbok.com\": no scheme, no path; punycode for non-ASCII)");
        return Err(src.error("cname", &v, &msg));
    }
    Ok(Some(host.to_ascii_lowercase()))
}

fn checked_css(
    key: Option<Spanned<PathBuf>>,
    base: &Path,
    src: &Source,
) -> Result<Option<PathBuf>> {
    let Some(v) = key else {
        return Ok(None);
    };
    let path = absolute(base, v.get_ref());
    if !path.is_file() {
        let msg = format!("file {} not found", path.display());
        return Err(src.error("custom_css", &v, &msg));
    }
    Ok(Some(path))
}

fn checked_old_url(key: Option<Spanned<String>>, src: &Source) -> Result<Option<String>> {
    let Some(v) = key else {
        return Ok(None);
    };
    let url = v.get_ref().trim();
    match absolute_url(url).filter(|_| !url.contains(char::is_whitespace)) {
        Some(u) => Ok(Some(if u.ends_with('/') { u } else { format!("{u}/") })),
        None => {
            let msg = format!("'{url}' must be an http(s) URL like \"https://go.innbok.com/\"");
            Err(src.error("old_site_url", &v, &msg))
        }
    }
}
