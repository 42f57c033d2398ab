//! Theme: the Tera templates and static files (CSS, JS) a site is rendered with. It takes the site
//! folder and a theme name and gives a [`Theme`] whose templates are compiled once. The default
//! theme is embedded in the binary; a site's `themes/<name>/templates/*.html` and
//! `themes/<name>/static/**` override it file by file (same relative name replaces, new names add).
//! Templates ending in `.html` are autoescaped. It must never render note text as a template: only
//! [`crate::render::view`] values go through Tera (RELIABILITY.md case 8).

use crate::render::view::Template;
use anyhow::{bail, Context as _, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::{ErrorKind, Tera};

/// The embedded default theme's templates: (name under `templates/`, text).
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "alias.html",
        include_str!("../themes/default/templates/alias.html"),
    ),
    (
        "all-pages.html",
        include_str!("../themes/default/templates/all-pages.html"),
    ),
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "components.html",
        include_str!("../themes/default/templates/components.html"),
    ),
    (
        "graph.html",
        include_str!("../themes/default/templates/graph.html"),
    ),
    (
        "home.html",
        include_str!("../themes/default/templates/home.html"),
    ),
    (
        "journals.html",
        include_str!("../themes/default/templates/journals.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "stub.html",
        include_str!("../themes/default/templates/stub.html"),
    ),
    (
        "tags.html",
        include_str!("../themes/default/templates/tags.html"),
    ),
];

/// The embedded default theme's static files: (path under `static/`, bytes), in file-name order.
const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "favicon.svg",
        include_bytes!("../themes/default/static/favicon.svg"),
    ),
    (
        "graph.js",
        include_bytes!("../themes/default/static/graph.js"),
    ),
    (
        "innsite-search.js",
        include_bytes!("../themes/default/static/innsite-search.js"),
    ),
    (
        "innsite.css",
        include_bytes!("../themes/default/static/innsite.css"),
    ),
    (
        "innsite.js",
        include_bytes!("../themes/default/static/innsite.js"),
    ),
    (
        "preview.js",
        include_bytes!("../themes/default/static/preview.js"),
    ),
];

/// Compiled templates plus the static files to copy to `_static/`.
#[derive(Debug)]
pub struct Theme {
    tera: Tera,
    static_files: Vec<(String, Vec<u8>)>,
}

/// A template's text and where it came from, for error messages.
struct TemplateSource {
    origin: String,
    text: String,
}

impl Theme {
    /// The default theme, overridden by `<site_dir>/themes/<name>/` when that folder exists.
    /// A name other than `default` whose folder is missing is an error, as is a template that
    /// does not compile (the message names the file and gives Tera's reason).
    pub fn load(site_dir: &Path, name: &str) -> Result<Theme> {
        let mut templates: BTreeMap<String, TemplateSource> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, text)| {
                let origin = format!("built-in theme template templates/{n}");
                (
                    n.to_string(),
                    TemplateSource {
                        origin,
                        text: text.to_string(),
                    },
                )
            })
            .collect();
        let mut statics: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
            .iter()
            .map(|(n, bytes)| (n.to_string(), bytes.to_vec()))
            .collect();
        if let Some(dir) = theme_dir(site_dir, name)? {
            for (rel, path) in files_under(&dir.join("templates"))? {
                if !rel.ends_with(".html") {
                    continue;
                }
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read theme template {}", path.display()))?;
                templates.insert(
                    rel,
                    TemplateSource {
                        origin: path.display().to_string(),
                        text,
                    },
                );
            }
            for (rel, path) in files_under(&dir.join("static"))? {
                let bytes = std::fs::read(&path)
                    .with_context(|| format!("cannot read theme file {}", path.display()))?;
                statics.insert(rel, bytes);
            }
        }
        Ok(Theme {
            tera: compile(&templates)?,
            static_files: statics.into_iter().collect(),
        })
    }

    /// Render one template; the error names the template and gives Tera's reason.
    pub fn render(&self, template: &str, ctx: &tera::Context) -> Result<String> {
        self.tera
            .render(template, ctx)
            .map_err(|e| render_error(template, &e))
    }

    /// Render one of innsite's own templates.
    pub fn render_view(&self, template: Template, ctx: &tera::Context) -> Result<String> {
        self.render(template.file(), ctx)
    }

    /// Render one of innsite's own templates into bytes, in a buffer of `capacity` bytes to
    /// begin with: a page whose size is known about in advance is written without the buffer
    /// growing (and being copied) as it fills, and without a text check of the result.
    pub fn render_view_bytes(
        &self,
        template: Template,
        ctx: &tera::Context,
        capacity: usize,
    ) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(capacity);
        self.tera
            .render_to(template.file(), ctx, &mut out)
            .map_err(|e| render_error(template.file(), &e))?;
        Ok(out)
    }

    /// The static files to write under `_static/`: (relative path with `/`, bytes), sorted by path.
    pub fn static_files(&self) -> &[(String, Vec<u8>)] {
        &self.static_files
    }
}

/// The site's theme folder, if it has one; an error for a named theme that does not exist.
fn theme_dir(site_dir: &Path, name: &str) -> Result<Option<PathBuf>> {
    let valid = !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\']);
    if !valid {
        bail!("theme name '{name}' is not a folder name (set `theme` in site.toml to a name under themes/)");
    }
    let dir = site_dir.join("themes").join(name);
    if dir.is_dir() {
        Ok(Some(dir))
    } else if name == crate::config::DEFAULT_THEME {
        Ok(None)
    } else {
        bail!(
            "theme '{name}' not found: {} is not a folder",
            dir.display()
        )
    }
}

/// Every regular file below `dir` as (relative path joined with `/`, full path), skipping names
/// that start with `.`; nothing when `dir` does not exist.
fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in
        walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.with_context(|| format!("cannot list theme folder {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let Some(parts) = parts else {
            bail!("theme file name is not UTF-8: {}", entry.path().display());
        };
        out.push((parts.join("/"), entry.path().to_path_buf()));
    }
    Ok(out)
}

/// Compile the templates together (inheritance, components). A syntax error names the file it is
/// in; an error between templates (a missing parent, a circular extend) names the templates.
fn compile(templates: &BTreeMap<String, TemplateSource>) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on([".html"]);
    tera.set_escape_fn(escape_html_to);
    tera.register_filter("safe", safe);
    tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.text.as_str())))
        .map_err(|e| match e.kind() {
            ErrorKind::SyntaxError(report) => match templates.get(report.filename()) {
                Some(source) => anyhow::anyhow!(
                    "{}: template syntax error\n{}",
                    source.origin,
                    tera_message(&e)
                ),
                None => anyhow::anyhow!("theme template syntax error: {}", tera_message(&e)),
            },
            _ => anyhow::anyhow!("theme templates do not fit together: {}", tera_message(&e)),
        })?;
    for t in Template::ALL {
        if !tera.contains_template(t.file()) {
            bail!("theme has no template {}", t.file());
        }
    }
    Ok(tera)
}

/// Tera's `safe` filter without a copy: a string is marked safe and keeps sharing its text;
/// anything else is written out as Tera's own filter does. Tera's copies the whole string,
/// and templates pass every fragment a page inserts whole through it (outline, linked
/// references, navigation): most of a page's bytes, copied once more on every page.
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.is_string() {
        value.clone().mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// [`escape_html`] as Tera's escape function, writing to its output.
fn escape_html_to(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        if let Some(entity) = entity(b) {
            out.write_all(&input.as_bytes()[start..i])?;
            out.write_all(entity.as_bytes())?;
            start = i + 1;
        }
    }
    out.write_all(&input.as_bytes()[start..])
}

/// The entity that stands for `b` in HTML text and quoted attributes, if it needs one.
fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Escape text for HTML element content and quoted attribute values. Unlike Tera's default it
/// leaves `/` alone, so URLs stay readable (`/sub/a/`, not `&#x2F;sub&#x2F;a&#x2F;`).
pub(crate) fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    escape_html_into(input, &mut out);
    out
}

/// [`escape_html`] appended to `out`: runs of plain text are copied whole (the five escaped
/// characters are ASCII, so every cut falls on a character boundary).
pub(crate) fn escape_html_into(input: &str, out: &mut String) {
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        let Some(entity) = entity(b) else { continue };
        out.push_str(&input[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&input[start..]);
}

/// The error of rendering `template`: names it and gives Tera's reason.
fn render_error(template: &str, e: &tera::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "cannot render theme template '{template}': {}",
        tera_message(e)
    )
}

/// Tera's error with its causes, which hold the useful part (line, column, expected token).
fn tera_message(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests;
