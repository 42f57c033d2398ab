//! Graph view: a map of how pages connect, laid out at build time so the browser only draws.
//!
//! Two outputs, from one [`data::Index`] built once per build ([`Cache`], kept in
//! [`Site`]):
//! - on every page, a small inline SVG of the page and its neighbours ([`local::svg`]), given
//!   to the page templates as `graph_html` (see [`page_context`]); its nodes are links, so it
//!   works without JavaScript;
//! - the site graph page `_graph/` (template `graph.html`) and its data `_graph/graph.json`
//!   (every page with its build-time position, colour group, title and URL, and the edges),
//!   drawn on a canvas by the theme's `graph.js` ([`write_global`]).
//!
//! The site graph lives under a reserved `_` name like `_pages/` and `_tags/`, so no page
//! slug can take its URL.

pub mod data;
pub mod layout;
pub mod local;
mod multilevel;
mod quadtree;

use crate::graph::{Graph, PageId};
use crate::render::context::Site;
use crate::render::view::{self, PageView, SiteView};
use crate::theme::Theme;
use crate::write::Output;
use anyhow::Result;
use serde::Serialize;
use std::sync::{Arc, OnceLock};

/// Where the site graph page and its data are written, under the base URL.
pub const PAGE_PATH: &str = "_graph/";
/// The data file of the site graph.
pub const DATA_PATH: &str = "_graph/graph.json";
/// The template of the site graph page.
pub const TEMPLATE: &str = "graph.html";

/// The graph index of one build, made on first use by whichever needs it first: the build's
/// early layout ([`Cache::lay_out`]) or a page's local graph. Clones share one index.
#[derive(Debug, Default, Clone)]
pub struct Cache(Arc<OnceLock<data::Index>>);

impl Cache {
    /// The index of `site`'s graph.
    pub fn get(&self, site: &Site) -> &data::Index {
        self.of_graph(site.graph)
    }

    /// The index of `graph` (the graph of every site sharing this cache).
    pub fn of_graph(&self, graph: &Graph) -> &data::Index {
        self.0.get_or_init(|| data::Index::new(graph))
    }

    /// Lay the site graph out ahead of [`write_global`], which then finds the layout made
    /// (the layout's last call is remembered, see [`layout::layout_memo`]). Needs only the
    /// graph, so a build runs it on one core while it sets the site up and renders pages.
    pub fn lay_out(&self, graph: &Graph) {
        data::positions(self.of_graph(graph));
    }
}

/// The context of `page.html`, `home.html` and `stub.html`: [`view::page_context`] plus
/// `graph_html`, the page's local graph (an empty string when the page links nowhere).
pub fn page_context(site: &Site, sv: &SiteView, page: &PageView, id: PageId) -> tera::Context {
    let mut ctx = view::page_context(sv, page);
    let index = site.graph_view.get(site);
    ctx.insert("graph_html", &local::svg(site, index, id));
    ctx
}

/// One legend entry of the site graph page.
#[derive(Debug, Serialize)]
struct LegendEntry<'a> {
    /// The colour group's number (CSS class `g<group>`).
    group: usize,
    name: &'a str,
    count: usize,
}

/// What `graph.html` sees besides `site` and `nav_html`.
#[derive(Debug, Serialize)]
struct GraphPageView<'a> {
    /// URL of `_graph/graph.json`.
    data_url: String,
    nodes: usize,
    edges: usize,
    legend: Vec<LegendEntry<'a>>,
}

/// Lay out the whole site (unless [`Cache::lay_out`] did) and write `_graph/index.html` and
/// `_graph/graph.json`.
pub fn write_global(site: &Site, sv: &SiteView, theme: &Theme, out: &Output) -> Result<()> {
    let index = site.graph_view.get(site);
    let data = data::global(site, index);
    out.write(DATA_PATH, serde_json::to_string(&data)?.as_bytes())?;
    let legend = index
        .group_names
        .iter()
        .enumerate()
        .filter(|(_, name)| !name.is_empty())
        .map(|(group, name)| LegendEntry {
            group,
            name,
            count: index
                .group
                .iter()
                .filter(|&&g| usize::from(g) == group)
                .count(),
        })
        .collect();
    let page = GraphPageView {
        data_url: site.urls.path(DATA_PATH),
        nodes: data.nodes.len(),
        edges: data.edges.len() / 2,
        legend,
    };
    let mut ctx = sv.context();
    ctx.insert("nav_html", "");
    ctx.insert("graph", &page);
    ctx.insert("page_url", &site.urls.path(PAGE_PATH));
    let html = theme.render(TEMPLATE, &ctx)?;
    out.write(&format!("{PAGE_PATH}index.html"), html.as_bytes())?;
    Ok(())
}
