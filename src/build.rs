//! Build: a loaded graph → the site in the output folder.
//!
//! Renders every page in parallel (rayon) and streams each to the staging folder as soon as
//! it is rendered (no whole-site buffer), adds the indexes, theme files and referenced assets,
//! then swaps the staging folder in (see `write`). Any error leaves the previous output as it
//! was. Diagnostics met while rendering are added to the report.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::graph::{Graph, PageId, PageKind};
use crate::model::{PageRefKind, Ref};
use crate::render::context::Site;
use crate::render::nav;
use crate::render::page::{link, page_view};
use crate::render::view::{self, ListView, RedirectView, SiteView, Template};
use crate::theme::Theme;
use crate::timings::Timings;

/// Bytes of a rendered page besides its HTML fragments (head, sidebar, local graph, template
/// markup), for the size of its buffer: the default theme's frame is 4-7 KB.
const PAGE_FRAME_BYTES: usize = 8 * 1024;
use crate::write::Output;
use crate::Loaded;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub stubs: usize,
    pub aliases: usize,
    pub assets: usize,
    pub warnings: usize,
    pub errors: usize,
    pub seconds: f64,
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildReport {
    /// `built 1,481 pages (3,050 stubs, 75 aliases), 3 assets, 12 warnings in 0.84 s`.
    pub fn summary(&self) -> String {
        format!(
            "built {} pages ({} stubs, {} aliases), {} assets, {} warnings, {} errors in {:.2} s",
            self.pages,
            self.stubs,
            self.aliases,
            self.assets,
            self.warnings,
            self.errors,
            self.seconds
        )
    }
}

/// Build the site of `loaded` into `config.output`.
pub fn build(
    config: &Config,
    loaded: &Loaded,
    site_dir: &Path,
    timings: &Timings,
) -> Result<BuildReport> {
    // The site graph's layout needs only the graph and runs on one core: it starts first, so
    // that the other core is not idle while the site is set up, and goes on beside the pages.
    // The graph page is written from it after the pages, beside the search index.
    let graph_view = crate::graphview::Cache::default();
    let (pages, ()) = rayon::join(
        || render_site(config, loaded, site_dir, &graph_view, timings),
        || timings.time("graph layout", || graph_view.lay_out(&loaded.graph)),
    );
    let Rendered {
        theme,
        site,
        out,
        mut diagnostics,
        assets,
    } = pages?;
    let site_view = site_view(&site);
    let (graph_page, search) = rayon::join(
        || {
            timings.time("graph view", || {
                crate::graphview::write_global(&site, &site_view, &theme, &out)
            })
        },
        || -> Result<()> {
            if config.search {
                timings.time("search index", || crate::search::write(&site, &out))?;
            }
            Ok(())
        },
    );
    graph_page?;
    search?;
    timings.time("commit", || out.commit())?;
    diagnostics.extend(loaded.diagnostics.iter().cloned());
    diagnostics.sort();
    diagnostics.dedup();
    let g = &loaded.graph;
    Ok(BuildReport {
        pages: g.pages.len(),
        stubs: g.count(PageKind::Stub),
        aliases: g.count(PageKind::Alias),
        assets,
        warnings: diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
        errors: diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        seconds: timings.elapsed(),
        diagnostics,
    })
}

/// A site set up, its pages and site files (but the graph page) written, the memory the
/// pages shared let go.
struct Rendered<'a> {
    theme: Theme,
    site: Site<'a>,
    out: Output,
    /// The diagnostics met rendering.
    diagnostics: Vec<Diagnostic>,
    /// The number of assets copied.
    assets: usize,
}

/// Set the site up, then render the pages beside the site files (the graph page aside).
fn render_site<'a>(
    config: &'a Config,
    loaded: &'a Loaded,
    site_dir: &Path,
    graph_view: &crate::graphview::Cache,
    timings: &Timings,
) -> Result<Rendered<'a>> {
    // The templates are compiled beside the site's setup (both are serial).
    let (theme, mut site) = rayon::join(
        || timings.time("theme", || Theme::load(site_dir, &config.theme)),
        || {
            let site = timings.time("site", || {
                let mut site = Site::new(&loaded.graph, config);
                site.graph_view = graph_view.clone();
                site.excerpts
                    .share(&loaded.graph, config.old_site_url.as_deref());
                site
            });
            // Made before the pages, on both cores, rather than by the first page with a
            // query while the others with one wait for it.
            if loaded.written.queries > 0 {
                timings.time("query index", || site.queries.get(&loaded.graph));
            }
            site
        },
    );
    let theme = theme?;
    let out = Output::begin(&config.output, &config.content)?;
    let site_view = site_view(&site);
    let (pages, site_files) = rayon::join(
        || {
            timings.time("render pages", || {
                render_pages(&site, &site_view, &theme, &out)
            })
        },
        || write_site_files(&site, &site_view, &theme, &out, timings),
    );
    let mut diagnostics: Vec<Diagnostic> = pages?;
    let (site_diagnostics, assets) = site_files?;
    diagnostics.extend(site_diagnostics);
    drop(site_view);
    // The search index is made after the pages, on both cores, once the excerpts, embedded
    // outlines and links the pages shared are let go: the two would otherwise hold their
    // memory at the same time (a build's peak is in the indexing: kept, the links alone
    // raised 50,000 pages' peak by 40-80 MB). They are freed beside the indexing (tens of
    // milliseconds on a large site).
    let shared = (
        std::mem::take(&mut site.excerpts),
        std::mem::take(&mut site.embeds),
        std::mem::take(&mut site.links),
    );
    rayon::spawn(move || drop(shared));
    Ok(Rendered {
        theme,
        site,
        out,
        diagnostics,
        assets,
    })
}

/// Everything but the pages, the site graph page and the search index: indexes, site-wide
/// files, theme files, the navigation tree and the referenced assets. Gives the diagnostics
/// met and the number of assets copied.
pub fn write_site_files(
    site: &Site,
    site_view: &SiteView,
    theme: &Theme,
    out: &Output,
    timings: &Timings,
) -> Result<(Vec<Diagnostic>, usize)> {
    timings.time("indexes", || -> Result<()> {
        write_indexes(site, site_view, theme, out)?;
        crate::render::journals::write_index(site, site_view, theme, out)
    })?;
    let diagnostics = timings.time("publish files", || crate::publish::write(site, out))?;
    timings.time("theme files", || -> Result<()> {
        for (rel, bytes) in theme.static_files() {
            out.write(&format!("_static/{rel}"), bytes)?;
        }
        out.write("_static/nav.html", nav::full_tree_html(site).as_bytes())
    })?;
    let assets = timings.time("assets", || copy_assets(site.graph, out))?;
    Ok((diagnostics, assets))
}

/// What every template sees about the site.
pub fn site_view<'a>(site: &'a Site<'a>) -> SiteView<'a> {
    let cfg = site.config;
    let favorites = cfg
        .graph
        .favorites
        .iter()
        .filter_map(|f| site.graph.link_target(f))
        .filter(|&id| site.graph.pages[id].kind != PageKind::Stub)
        .map(|id| link(site, id))
        .collect::<Vec<_>>();
    SiteView {
        favorites_html: crate::render::view::favorites_html(&favorites, ""),
        title: &cfg.title,
        description: cfg.description.as_deref().unwrap_or(""),
        base_url: &cfg.base_url,
        language: &cfg.language,
        favorites,
        all_pages_url: Cow::Owned(site.urls.path("_pages/")),
        tags_url: Some(Cow::Owned(site.urls.path("_tags/"))),
        journals_url: crate::render::journals::url(site).map(Cow::Owned),
        stylesheets: if cfg.custom_css.is_some() {
            vec![Cow::Owned(site.urls.path("_static/custom.css"))]
        } else {
            vec![]
        },
        generator_version: env!("CARGO_PKG_VERSION"),
        feed_url: (cfg.feed && crate::publish::site_url(&cfg.base_url).is_some())
            .then(|| Cow::Owned(site.urls.path(crate::publish::feed::PATH))),
        search_url: cfg
            .search
            .then(|| Cow::Owned(site.urls.path(&format!("{}/", crate::search::DIR)))),
        context: Default::default(),
    }
}

/// Render and write every page, in parallel; returns the render diagnostics.
fn render_pages(
    site: &Site,
    sv: &SiteView,
    theme: &Theme,
    out: &Output,
) -> Result<Vec<Diagnostic>> {
    let total = site.graph.pages.len();
    let done = AtomicUsize::new(0);
    let tty = std::io::stderr().is_terminal();
    let results: Result<Vec<Vec<Diagnostic>>> = (0..total)
        .into_par_iter()
        .map(|id| {
            let diags = render_one(site, sv, theme, out, id)
                .with_context(|| format!("while rendering page '{}'", site.graph.pages[id].name))?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if tty && (n % 250 == 0 || n == total) {
                eprint!("\rrendering pages {n}/{total}");
                if n == total {
                    eprintln!();
                }
            }
            Ok(diags)
        })
        .collect();
    Ok(results?.into_iter().flatten().collect())
}

fn render_one(
    site: &Site,
    sv: &SiteView,
    theme: &Theme,
    out: &Output,
    id: PageId,
) -> Result<Vec<Diagnostic>> {
    let (path, html, diagnostics) = render_page(site, sv, theme, id)?;
    out.write(&path, &html)?;
    Ok(diagnostics)
}

/// One page of the graph: its site-relative path, its HTML and the diagnostics met.
pub fn render_page(
    site: &Site,
    sv: &SiteView,
    theme: &Theme,
    id: PageId,
) -> Result<(String, Vec<u8>, Vec<Diagnostic>)> {
    let graph = site.graph;
    let page = &graph.pages[id];
    let path = format!("{}/index.html", page.slug);
    if page.kind == PageKind::Alias {
        let html = alias_html(site, sv, theme, id)?;
        return Ok((path, html.into_bytes(), vec![]));
    }
    if site.urls.home == Some(id) {
        let html = home_redirect_html(site, sv, theme, id)?;
        return Ok((path, html.into_bytes(), vec![]));
    }
    let rendered = page_view(site, id);
    let template = if page.kind == PageKind::Stub {
        Template::Stub
    } else {
        Template::Page
    };
    let ctx = crate::graphview::page_context(site, sv, &rendered.view, id);
    // The template's own markup, the sidebar and the local graph come on top of the page's
    // fragments: a few kilobytes.
    let capacity = rendered.view.html_len() + PAGE_FRAME_BYTES;
    let html = theme.render_view_bytes(template, &ctx, capacity)?;
    Ok((path, html, rendered.diagnostics))
}

/// The home page's own slug: a redirect to the site's root, where its content is published.
fn home_redirect_html(site: &Site, sv: &SiteView, theme: &Theme, id: PageId) -> Result<String> {
    let page = &site.graph.pages[id];
    let rv = RedirectView {
        title: &page.name,
        target_title: &page.name,
        target_url: Cow::Owned(site.urls.page(site.graph, id)),
        home: true,
    };
    theme.render_view(Template::Alias, &view::redirect_context(sv, &rv))
}

/// An alias: a redirect to its one owner, or a list of its owners.
fn alias_html(site: &Site, sv: &SiteView, theme: &Theme, id: PageId) -> Result<String> {
    let graph = site.graph;
    let page = &graph.pages[id];
    if let [owner] = page.alias_of.as_slice() {
        let rv = RedirectView {
            title: &page.name,
            target_title: &graph.pages[*owner].name,
            target_url: Cow::Owned(site.urls.page(graph, *owner)),
            home: false,
        };
        return theme.render_view(Template::Alias, &view::redirect_context(sv, &rv));
    }
    let list = ListView {
        title: Cow::Borrowed(page.name.as_str()),
        intro: Some(Cow::Owned(format!(
            "“{}” is another name for several pages:",
            page.name
        ))),
        items: page.alias_of.iter().map(|&o| link(site, o)).collect(),
        ranked: vec![],
    };
    let mut ctx = view::list_context(sv, &list, "");
    ctx.insert("page_url", &site.urls.page(graph, id));
    theme.render_view(Template::Alias, &ctx)
}

/// Home page, all-pages index, tag index and 404.
fn write_indexes(site: &Site, sv: &SiteView, theme: &Theme, out: &Output) -> Result<()> {
    let nav_html = site
        .urls
        .home
        .map(|h| nav::branch_html(site, h))
        .unwrap_or_default();
    write_home(site, sv, theme, out)?;
    let all = theme.render_view(
        Template::AllPages,
        &view::list_context(sv, &all_pages(site), &nav_html),
    )?;
    out.write("_pages/index.html", all.as_bytes())?;
    let tags = theme.render_view(
        Template::Tags,
        &view::list_context(sv, &tag_pages(site), &nav_html),
    )?;
    out.write("_tags/index.html", tags.as_bytes())?;
    let not_found =
        theme.render_view(Template::NotFound, &view::not_found_context(sv, &nav_html))?;
    out.write("404.html", not_found.as_bytes())?;
    Ok(())
}

/// The site's front page: the home page's view, else the list of all pages.
fn write_home(site: &Site, sv: &SiteView, theme: &Theme, out: &Output) -> Result<()> {
    let home_html = match site.urls.home {
        Some(h) => {
            let rendered = page_view(site, h);
            let ctx = crate::graphview::page_context(site, sv, &rendered.view, h);
            theme.render_view(Template::Home, &ctx)?
        }
        None => {
            let nav_html = String::new();
            theme.render_view(
                Template::AllPages,
                &view::list_context(sv, &all_pages(site), &nav_html),
            )?
        }
    };
    out.write("index.html", home_html.as_bytes())
}

/// The site-wide files that show the pages' words, for an edit that changed only wording
/// (`innsite serve`, see `graph::patch`): the front page when the home page is among
/// `redone` (the pages rendered again), and the publishing files (feed summaries, sitemap
/// dates). Every other site-wide file shows names, links and order only. Gives the
/// publishing diagnostics.
pub fn write_wording_files(
    site: &Site,
    sv: &SiteView,
    theme: &Theme,
    out: &Output,
    redone: &std::collections::BTreeSet<String>,
) -> Result<Vec<Diagnostic>> {
    let home = site.urls.home.map(|h| &site.graph.pages[h].key);
    if home.is_some_and(|key| redone.contains(key)) {
        write_home(site, sv, theme, out)?;
    }
    crate::publish::write(site, out)
}

/// Every page with a file, in navigation order.
fn all_pages<'a>(site: &'a Site<'a>) -> ListView<'a> {
    let graph = site.graph;
    let mut ids: Vec<PageId> = (0..graph.pages.len())
        .filter(|&i| matches!(graph.pages[i].kind, PageKind::File | PageKind::Whiteboard))
        .collect();
    ids.sort_by(|&a, &b| graph.pages[a].key.cmp(&graph.pages[b].key));
    ListView {
        title: Cow::Borrowed("All pages"),
        intro: Some(Cow::Owned(format!("{} pages, alphabetically.", ids.len()))),
        items: ids.into_iter().map(|id| link(site, id)).collect(),
        ranked: site.nav.ranked.iter().map(|&id| link(site, id)).collect(),
    }
}

/// Pages used as `#tags`, alphabetically.
fn tag_pages<'a>(site: &'a Site<'a>) -> ListView<'a> {
    let graph = site.graph;
    let mut tags: BTreeSet<(String, PageId)> = BTreeSet::new();
    for r in graph
        .sources
        .iter()
        .flat_map(|s| &s.blocks)
        .flat_map(|b| &b.refs)
    {
        if let Ref::Page {
            name,
            kind: PageRefKind::Tag,
            ..
        } = r
        {
            if let Some(id) = graph.link_target(name) {
                tags.insert((graph.pages[id].key.clone(), id));
            }
        }
    }
    ListView {
        title: Cow::Borrowed("Tags"),
        intro: Some(Cow::Owned(format!(
            "{} tags used in the graph.",
            tags.len()
        ))),
        items: tags.into_iter().map(|(_, id)| link(site, id)).collect(),
        ranked: vec![],
    }
}

/// Copy the assets that pages reference into `_assets/`; returns how many.
fn copy_assets(graph: &Graph, out: &Output) -> Result<usize> {
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for r in graph
        .sources
        .iter()
        .flat_map(|s| &s.blocks)
        .flat_map(|b| &b.refs)
    {
        if let Ref::Asset { name, .. } = r {
            if graph.assets.contains_key(name) {
                names.insert(name);
            }
        }
    }
    for name in &names {
        out.copy(&format!("_assets/{name}"), &graph.assets[*name].abs_path)?;
    }
    Ok(names.len())
}
