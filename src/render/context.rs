//! The site-wide rendering context: the graph, the configuration, the markdown engine and
//! the URL builder, shared read-only by every page render on every thread.

use super::links::Urls;
use super::markdown::Markdown;
use super::nav::Nav;
use crate::config::Config;
use crate::graph::Graph;

/// Everything a page render reads.
pub struct Site<'a> {
    pub graph: &'a Graph,
    pub config: &'a Config,
    pub markdown: Markdown,
    pub urls: Urls,
    /// `:ui/show-brackets?`: print `[[`/`]]` around page references.
    pub show_brackets: bool,
    /// The navigation tree, computed once.
    pub nav: Nav,
    /// Linked-reference excerpts, each rendered once per build.
    pub excerpts: super::page::Excerpts,
    /// Embedded pages' outlines, each rendered once where it may be reused.
    pub embeds: super::outline::Embeds,
    /// The query index, built when the first query is evaluated.
    pub queries: crate::query::Cache,
    /// The graph view's index, built when the first page's local graph is drawn.
    pub graph_view: crate::graphview::Cache,
    /// Each page's standard link as a template value, made when first shown.
    pub links: Vec<super::view::SharedLink>,
    /// Each page's `icon::` value (see [`super::page::icon`]), looked up once: every link to
    /// a page shows it.
    pub icons: Vec<Option<&'a str>>,
}

/// The page site.toml's `home` names, when it exists as a page with a file.
pub fn home_page(graph: &Graph, config: &Config) -> Option<crate::graph::PageId> {
    let id = graph.link_target(config.home.as_deref()?)?;
    (graph.pages[id].kind == crate::graph::PageKind::File).then_some(id)
}

impl<'a> Site<'a> {
    pub fn new(graph: &'a Graph, config: &'a Config) -> Site<'a> {
        Site {
            graph,
            config,
            markdown: Markdown::new(match config.raw_html {
                crate::config::RawHtml::Sanitize => super::markdown::RawHtml::Sanitize,
                crate::config::RawHtml::Escape => super::markdown::RawHtml::Escape,
            }),
            urls: Urls::new(&config.base_url)
                .with_home(home_page(graph, config))
                .with_pages(graph),
            show_brackets: config.graph.show_brackets,
            nav: Nav::new(graph),
            excerpts: super::page::Excerpts::new(graph),
            embeds: super::outline::Embeds::new(graph),
            queries: crate::query::Cache::default(),
            graph_view: crate::graphview::Cache::default(),
            links: graph.pages.iter().map(|_| Default::default()).collect(),
            icons: (0..graph.pages.len())
                .map(|id| super::page::icon_property(graph, id))
                .collect(),
        }
    }

    /// How the site's page links are marked up (see [`super::links::Markup`]).
    pub fn markup(&self) -> super::links::Markup {
        super::links::Markup {
            brackets: self.show_brackets,
            data_ref: self.config.logseq_attributes,
        }
    }

    /// [`Site::markup`] without the brackets (links in property values and embed headers).
    pub fn plain_markup(&self) -> super::links::Markup {
        super::links::Markup {
            brackets: false,
            ..self.markup()
        }
    }
}
