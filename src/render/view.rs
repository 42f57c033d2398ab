//! The view: what theme templates see. It takes values the renderer has already computed (names,
//! URLs, pre-rendered HTML fragments) and gives small `serde::Serialize` structs, mostly borrowing
//! from the graph, plus one [`tera::Context`] builder per template. It must never hold note text
//! that a template would evaluate: every text field is inserted by Tera *escaped* (templates end in
//! `.html`, autoescape on); only fields whose name ends in `_html` are inserted with `| safe`, and
//! they hold HTML innsite made (RELIABILITY.md case 8).
//!
//! # The context each template gets
//!
//! | Template ([`Template`]) | Variables |
//! |---|---|
//! | `page.html`, `home.html`, `stub.html` | `site` ([`SiteView`]), `page` ([`PageView`]), `graph_html` (the page's local graph, may be empty; see [`crate::graphview`]) |
//! | `all-pages.html`, `tags.html` | `site`, `list` ([`ListView`]), `nav_html` (string, may be empty) |
//! | `alias.html` | `site`, and `redirect` ([`RedirectView`]) for one owner, or `list` ([`ListView`]) of the owners with `page_url` (the alias page's own URL) |
//! | `404.html` | `site`, `nav_html` |
//! | `graph.html` (the site graph, `_graph/`) | `site`, `nav_html` (empty), `page_url`, `graph` (`data_url`, `nodes`, `edges`, `legend`: `group`, `name`, `count`) |
//!
//! # URLs
//! Every URL a view holds is ready to put in `href`: already prefixed with [`SiteView::base_url`]
//! (so `"/innbok/topic/business/"`, or absolute when `base_url` is). Templates build the URLs of
//! their own files the same way: `{{ site.base_url }}_static/innsite.css` (LOGSEQ.md §8.1 reserves
//! `_static/` and `_assets/`).
//!
//! # The navigation fragments (`nav_html`, `_static/nav.html`)
//! The sidebar shows a small per-page branch ([`PageView::nav_html`]); the whole tree lives once in
//! `_static/nav.html`, which `innsite.js` fetches into `#nav-full` on request. Both use the markup
//! the default CSS styles:
//! ```html
//! <ul class="nav-tree">
//!   <li><details open><summary><a href="/topic/">topic</a></summary>
//!     <ul class="nav-tree">…</ul></details></li>
//!   <li><a href="/topic/business/" aria-current="page"><span class="page-icon">🧿</span>Business</a></li>
//! </ul>
//! ```

use crate::theme::escape_html_into;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;
use tera::Context;

/// The theme templates innsite renders, one per kind of output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// A page with a file (markdown or whiteboard).
    Page,
    /// The home page (`:default-home` of `config.edn`).
    Home,
    /// A page without a file (LOGSEQ.md §2.3): title, hierarchy, backlinks; `noindex`.
    Stub,
    /// The index of every published page.
    AllPages,
    /// An alias page (LOGSEQ.md §2.5): a redirect, or a choice when several pages own the alias.
    Alias,
    /// The index of tag pages.
    Tags,
    /// `404.html`, served at any depth.
    NotFound,
}

impl Template {
    /// Every template, in a fixed order.
    pub const ALL: [Template; 7] = [
        Template::Page,
        Template::Home,
        Template::Stub,
        Template::AllPages,
        Template::Alias,
        Template::Tags,
        Template::NotFound,
    ];

    /// The template's file name under `templates/`.
    pub fn file(self) -> &'static str {
        match self {
            Template::Page => "page.html",
            Template::Home => "home.html",
            Template::Stub => "stub.html",
            Template::AllPages => "all-pages.html",
            Template::Alias => "alias.html",
            Template::Tags => "tags.html",
            Template::NotFound => "404.html",
        }
    }
}

/// The site: the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    /// The site title (`site.toml` `title`), in the sidebar and every `<title>`.
    pub title: &'a str,
    /// One sentence about the site: the home page's meta description and subtitle.
    pub description: &'a str,
    /// Where the site lives; always ends with `/`: `"/"`, `"/innbok/"` or
    /// `"https://example.org/sub/"`. Absolute only when the site's URL is known; then templates add
    /// `<link rel="canonical">` and OpenGraph URLs.
    pub base_url: &'a str,
    /// BCP 47 language tag for `<html lang>`, e.g. `"en"`, `"es"`.
    pub language: &'a str,
    /// `config.edn` `:favorites` that name a published page, in config order (with their icons).
    /// Set [`LinkView::current`] on the page being rendered, or leave it: templates also compare URLs.
    pub favorites: Vec<LinkView<'a>>,
    /// The sidebar's favorites section made from [`SiteView::favorites`] with no link marked
    /// current (see [`favorites_html`]); empty without favorites. A favorite page's own context
    /// also has a top-level `favorites_html` with its link marked.
    pub favorites_html: String,
    /// URL of the all-pages index (a reserved name, never a page slug).
    pub all_pages_url: Cow<'a, str>,
    /// URL of the tag index, when the site has one.
    pub tags_url: Option<Cow<'a, str>>,
    /// URL of the journals index, when the graph has journal pages.
    pub journals_url: Option<Cow<'a, str>>,
    /// Extra stylesheet URLs linked after the theme's own, e.g. the author's `custom.css`
    /// (LOGSEQ.md §5.1: Logseq class names are kept so it works unchanged).
    pub stylesheets: Vec<Cow<'a, str>>,
    /// innsite's version, for the footer and `<meta name="generator">`.
    pub generator_version: &'a str,
    /// URL of the site's Atom feed (`feed.xml`) when one is written, for
    /// `<link rel="alternate" type="application/atom+xml">`.
    pub feed_url: Option<Cow<'a, str>>,
    /// URL of the search index folder (`_search/`) when the site has search (`search = true`):
    /// templates then add the search box and its script.
    pub search_url: Option<Cow<'a, str>>,
    /// A template context holding only `site`, made on first use (see [`SiteView::context`]).
    #[serde(skip)]
    pub context: std::sync::OnceLock<Context>,
}

impl SiteView<'_> {
    /// A new template context holding `site`: the view is serialized once, on first use, and
    /// each page's context starts from a copy (serializing it for every page, with its links'
    /// markup, was 2.6% of building innbok). Change no field after the first call.
    pub fn context(&self) -> Context {
        self.context
            .get_or_init(|| {
                let mut ctx = Context::new();
                ctx.insert("site", self);
                ctx
            })
            .clone()
    }
}

/// A link to a page: sidebar entries, breadcrumbs, backlink groups, lists. Templates see its
/// fields and `html`, the link as the default theme's `link` macro draws it, made in Rust
/// because sites have thousands of links per build and a template macro call per link was a
/// tenth of a build.
#[derive(Debug, Clone)]
pub struct LinkView<'a> {
    /// The text shown: the page's original name (or a namespace segment in a breadcrumb).
    pub title: Cow<'a, str>,
    /// The page's URL (see the module doc: already prefixed with the base URL). Empty when there
    /// is no page to link to (a namespace prefix that is not published): templates show the text.
    pub url: Cow<'a, str>,
    /// The page's `icon::` (an emoji or short text), shown in `span.page-icon` before the title.
    pub icon: Option<&'a str>,
    /// This link points at the page being rendered (`aria-current="page"`, not clickable in a
    /// breadcrumb).
    pub current: bool,
    /// Where the link as templates see it is kept for the whole build, for a page's standard
    /// link (see [`LinkView::shared_in`]); cleared by any change made through a method.
    shared: Option<&'a SharedLink>,
}

/// A page's standard link as a template value, made the first time a page shows it and
/// taken by every other page that does (as an `Arc` clone: Tera passes a ready value
/// through). A link is shown on many pages (in linked references, lists, previous/next):
/// serializing it anew each time was 2% of building 10,000 pages.
pub type SharedLink = std::sync::OnceLock<tera::Value>;

/// Links are equal when they show the same; where they keep their template value does not
/// matter.
impl PartialEq for LinkView<'_> {
    fn eq(&self, other: &Self) -> bool {
        (&self.title, &self.url, self.icon, self.current)
            == (&other.title, &other.url, other.icon, other.current)
    }
}

impl Eq for LinkView<'_> {}

impl<'a> LinkView<'a> {
    /// A plain link without icon, not current.
    pub fn new(title: impl Into<Cow<'a, str>>, url: impl Into<Cow<'a, str>>) -> Self {
        LinkView {
            title: title.into(),
            url: url.into(),
            icon: None,
            current: false,
            shared: None,
        }
    }

    /// The same link with the page's `icon::`.
    pub fn with_icon(mut self, icon: Option<&'a str>) -> Self {
        self.icon = icon;
        self.shared = None;
        self
    }

    /// The same link marked as the page being rendered.
    pub fn as_current(mut self) -> Self {
        self.current = true;
        self.shared = None;
        self
    }

    /// The same link, its template value kept in `cell` for every page that shows it: only
    /// for the one link all pages show for a page, and not to be changed after (a field set
    /// directly would not reach the value kept).
    pub fn shared_in(mut self, cell: &'a SharedLink) -> Self {
        self.shared = Some(cell);
        self
    }

    /// The link's fields as templates see them.
    fn fields(&self) -> LinkFields<'_> {
        LinkFields {
            title: &self.title,
            url: &self.url,
            icon: self.icon,
            current: self.current,
            html: self.html(),
        }
    }

    /// The value kept in `cell`, made from this link if it is empty (`None` if it cannot be
    /// made: the link is then serialized as it is).
    fn value_in<'c>(&self, cell: &'c SharedLink) -> Option<&'c tera::Value> {
        if let Some(value) = cell.get() {
            return Some(value);
        }
        let value = tera::Value::try_from_serializable(&self.fields()).ok()?;
        Some(cell.get_or_init(|| value))
    }

    /// `<a href="…">` (with `aria-current` and the icon), or a `span.no-page` without URL.
    pub fn html(&self) -> String {
        let mut out = String::with_capacity(self.url.len() + self.title.len() + 48);
        if self.url.is_empty() {
            out.push_str("<span class=\"no-page\">");
        } else {
            out.push_str("<a href=\"");
            escape_html_into(&self.url, &mut out);
            out.push('"');
            if self.current {
                out.push_str(" aria-current=\"page\"");
            }
            out.push('>');
        }
        if let Some(icon) = self.icon {
            out.push_str("<span class=\"page-icon\" aria-hidden=\"true\">");
            escape_html_into(icon, &mut out);
            out.push_str("</span>");
        }
        escape_html_into(&self.title, &mut out);
        out.push_str(if self.url.is_empty() {
            "</span>"
        } else {
            "</a>"
        });
        out
    }
}

/// What templates see of a link.
#[derive(Serialize)]
#[serde(rename = "LinkView")]
struct LinkFields<'l> {
    title: &'l str,
    url: &'l str,
    icon: Option<&'l str>,
    current: bool,
    html: String,
}

impl Serialize for LinkView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.shared.and_then(|cell| self.value_in(cell)) {
            Some(value) => value.serialize(serializer),
            None => self.fields().serialize(serializer),
        }
    }
}

/// What kind of page a [`PageView`] is; serialized lower-case (`page.kind == "stub"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ViewKind {
    /// A markdown file.
    File,
    /// A whiteboard (`.edn`), shown as its portals (LOGSEQ.md §5.10).
    Whiteboard,
    /// A name that is only referenced (LOGSEQ.md §2.3).
    Stub,
    /// An alias name (LOGSEQ.md §2.5); normally rendered with `alias.html` instead.
    Alias,
}

/// One heading of the page, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The heading's level as written (`#` count, 1–6); templates indent by it.
    pub level: u8,
    /// The heading as plain text (no markup), shortened by the renderer if very long.
    pub title: String,
    /// The heading block's `id` attribute, without `#`.
    pub anchor: String,
}

/// The items of the table of contents (see [`PageView::toc_html`]).
pub fn toc_html(toc: &[TocEntry]) -> String {
    let Some(top) = toc.iter().map(|e| e.level).min() else {
        return String::new();
    };
    let mut out = String::with_capacity(toc.len() * 80);
    for e in toc {
        let _ = write!(
            out,
            "\n<li class=\"toc-l{} toc-d{}\"><a href=\"#{}\">{}</a></li>",
            e.level,
            e.level - top,
            crate::theme::escape_html(&e.anchor),
            crate::theme::escape_html(&e.title)
        );
    }
    out
}

/// The blocks of one page that refer to the page being rendered (Logseq's "Linked references").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BacklinkGroup<'a> {
    /// The referring page.
    pub page: LinkView<'a>,
    /// The referring blocks with their children, rendered as `ul.blocks` (LOGSEQ.md §5.1).
    pub blocks_html: String,
}

/// One page to render with `page.html`, `home.html` or `stub.html` (LOGSEQ.md §5.1).
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    /// The lookup key (NFC lower-case name, LOGSEQ.md §8.3) for `article[data-page]`.
    pub key: &'a str,
    /// The page's name as written (the full namespaced name, e.g. `topic/Business/Business model`).
    pub title: &'a str,
    /// The page's `icon::`.
    pub icon: Option<&'a str>,
    /// The page's own URL.
    pub url: Cow<'a, str>,
    /// What the page is.
    pub kind: ViewKind,
    /// Namespace path: one link per prefix (`topic`, `topic/Business`), then the page itself with
    /// `current = true` and its last segment as title. Empty for a page outside any namespace.
    pub breadcrumb: Vec<LinkView<'a>>,
    /// The visible page properties as a `<dl class="page-properties">`; `None` when all are hidden.
    pub properties_html: Option<String>,
    /// The page's aliases (`alias::`), linked to their redirect pages.
    pub also_known_as: Vec<LinkView<'a>>,
    /// For an alias rendered as a page: the pages that own the name.
    pub alias_of: Vec<LinkView<'a>>,
    /// The outline (`ul.blocks`, LOGSEQ.md §5.2); empty for a stub.
    pub content_html: String,
    /// The page's headings, in document order; the theme shows a table of contents from 2 entries.
    pub toc: Vec<TocEntry>,
    /// [`PageView::toc`] as the items of an `<ol>`, each on its own line:
    /// `<li class="toc-l{level} toc-d{depth}"><a href="#{anchor}">{title}</a></li>`, where depth
    /// counts from the shallowest heading of the page. Made here rather than by a template loop,
    /// which looked up five values per entry on every page.
    pub toc_html: String,
    /// Linked references grouped by referring page, in navigation order, up to a cap.
    pub backlinks: Vec<BacklinkGroup<'a>>,
    /// The other referring pages, as links: those whose references show nothing (made by
    /// hidden properties only), then those beyond the cap of [`PageView::backlinks`].
    pub backlinks_more: Vec<LinkView<'a>>,
    /// The number of referring blocks (shown next to "Linked references").
    pub backlink_count: usize,
    /// The namespace children (`topic/Business/*`), ordered like the navigation.
    pub hierarchy: Vec<LinkView<'a>>,
    /// Pages with `tags::` naming this page.
    pub tagged: Vec<LinkView<'a>>,
    /// The previous page in navigation order, if any.
    pub prev: Option<LinkView<'a>>,
    /// The next page in navigation order, if any.
    pub next: Option<LinkView<'a>>,
    /// Ask search engines not to index the page (stubs, drafts).
    pub noindex: bool,
    /// The sidebar branch of the navigation tree around this page (see the module doc); keep it
    /// small, the whole tree is `_static/nav.html`.
    pub nav_html: String,
    /// Plain text for `<meta name="description">` (from the first text block), may be empty.
    pub description: String,
}

impl PageView<'_> {
    /// The bytes of the HTML fragments the page's template inserts whole (outline, linked
    /// references, navigation, tables): most of a rendered page, to size its buffer.
    pub fn html_len(&self) -> usize {
        let links = |l: &[LinkView]| {
            l.iter()
                .map(|l| l.title.len() + l.url.len() + 40)
                .sum::<usize>()
        };
        self.content_html.len()
            + self.toc_html.len()
            + self.nav_html.len()
            + self.properties_html.as_ref().map_or(0, String::len)
            + self
                .backlinks
                .iter()
                .map(|g| g.blocks_html.len() + g.page.title.len() + g.page.url.len() + 120)
                .sum::<usize>()
            + links(&self.hierarchy)
            + links(&self.tagged)
    }
}

/// A list of links: the all-pages index, the tag index, the choice of an alias with several owners.
#[derive(Debug, Clone, Serialize)]
pub struct ListView<'a> {
    /// The heading and `<title>`.
    pub title: Cow<'a, str>,
    /// A sentence under the heading, e.g. "“assets” may mean one of these pages:".
    pub intro: Option<Cow<'a, str>>,
    /// The links, in the order to show them.
    pub items: Vec<LinkView<'a>>,
    /// The all-pages index only: every ranked page (navigation order), which page sidebars
    /// show only the first of.
    pub ranked: Vec<LinkView<'a>>,
}

/// An alias name that sends the reader to its one owner (LOGSEQ.md §2.5).
#[derive(Debug, Clone, Serialize)]
pub struct RedirectView<'a> {
    /// The alias name as written.
    pub title: &'a str,
    /// The owner page's name, shown in the visible link.
    pub target_title: &'a str,
    /// The owner page's URL.
    pub target_url: Cow<'a, str>,
    /// The page is the site's home page, published at the site's root: its own URL only
    /// points there.
    pub home: bool,
}

/// The context of `page.html`, `home.html` and `stub.html`; a favorite page also gets
/// `favorites_html` with its own link marked.
pub fn page_context(site: &SiteView, page: &PageView) -> Context {
    let mut ctx = site.context();
    ctx.insert("page", page);
    if site.favorites.iter().any(|f| f.url == page.url) {
        ctx.insert(
            "favorites_html",
            &favorites_html(&site.favorites, &page.url),
        );
    }
    ctx
}

/// The sidebar's favorites section: a `nav-section` with one link per favorite, the one to
/// `current_url` (or already [`LinkView::current`]) marked `aria-current`; empty without
/// favorites. Starts with a line break, as the section does in the page.
///
/// Made in Rust rather than by a template loop: the loop's variable lookups on every page were
/// a tenth of building innbok (13 published favorites on each of its 4,465 pages).
pub fn favorites_html(favorites: &[LinkView], current_url: &str) -> String {
    if favorites.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\n<section class=\"nav-section nav-favorites\">\n<h2 class=\"nav-heading\">Favorites</h2>\n<ul class=\"nav-list\">",
    );
    for f in favorites {
        let mut link = f.clone();
        link.current |= !f.url.is_empty() && f.url == current_url;
        out.push_str("\n<li>");
        out.push_str(&link.html());
        out.push_str("</li>");
    }
    out.push_str("\n</ul>\n</section>");
    out
}

/// The context of `all-pages.html`, `tags.html`, and `alias.html` for an alias with several owners.
pub fn list_context(site: &SiteView, list: &ListView, nav_html: &str) -> Context {
    let mut ctx = site.context();
    ctx.insert("list", list);
    ctx.insert("nav_html", nav_html);
    ctx
}

/// The context of `alias.html` for an alias with one owner.
pub fn redirect_context(site: &SiteView, redirect: &RedirectView) -> Context {
    let mut ctx = site.context();
    ctx.insert("redirect", redirect);
    ctx
}

/// The context of `404.html`.
pub fn not_found_context(site: &SiteView, nav_html: &str) -> Context {
    let mut ctx = site.context();
    ctx.insert("nav_html", nav_html);
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_items_are_indented_from_the_shallowest_heading_and_escaped() {
        let entry = |level: u8, title: &str, anchor: &str| TocEntry {
            level,
            title: title.to_string(),
            anchor: anchor.to_string(),
        };
        let html = toc_html(&[
            entry(3, "Keys", "h-1"),
            entry(2, "Risks & <costs>", "h-4"),
            entry(4, "Notes", "b-\"x"),
        ]);
        assert_eq!(
            html,
            "\n<li class=\"toc-l3 toc-d1\"><a href=\"#h-1\">Keys</a></li>\
             \n<li class=\"toc-l2 toc-d0\"><a href=\"#h-4\">Risks &amp; &lt;costs&gt;</a></li>\
             \n<li class=\"toc-l4 toc-d2\"><a href=\"#b-&quot;x\">Notes</a></li>"
        );
        assert_eq!(toc_html(&[]), "");
    }

    #[test]
    fn kind_serializes_lower_case() {
        assert_eq!(
            serde_json::to_string(&ViewKind::Whiteboard).unwrap(),
            "\"whiteboard\""
        );
        assert_eq!(serde_json::to_string(&ViewKind::Stub).unwrap(), "\"stub\"");
    }

    /// A link as a template value, inside a context as pages get it.
    fn as_template_value(link: &LinkView) -> tera::Value {
        let mut ctx = Context::new();
        ctx.insert("l", link);
        ctx.get("l").cloned().expect("inserted")
    }

    #[test]
    fn a_shared_link_is_made_once_and_is_what_the_link_serializes_to() {
        let cell = SharedLink::new();
        let plain = LinkView::new("artifact", String::from("/artifact/")).with_icon(Some("🧿"));
        let shared = plain.clone().shared_in(&cell);
        assert_eq!(as_template_value(&shared), as_template_value(&plain));
        assert_eq!(cell.get(), Some(&as_template_value(&plain)));
        // Another page's copy of the link takes the value kept, whatever it holds.
        let other = LinkView::new("changed", String::from("/x/")).shared_in(&cell);
        assert_eq!(as_template_value(&other), as_template_value(&plain));
        // Changed through a method, the link no longer takes it.
        let current = shared.as_current();
        let value = serde_json::to_value(as_template_value(&current)).unwrap();
        assert_eq!(value["current"], true);
        // Outside Tera (JSON), a shared link serializes its fields.
        let json = serde_json::to_value(&other).unwrap();
        assert_eq!(json["title"], "artifact");
    }

    #[test]
    fn link_builders_set_fields() {
        let link = LinkView::new("artifact", String::from("/artifact/"))
            .with_icon(Some("🧿"))
            .as_current();
        let json = serde_json::to_value(&link).unwrap();
        assert_eq!(json["title"], "artifact");
        assert_eq!(json["url"], "/artifact/");
        assert_eq!(json["icon"], "🧿");
        assert_eq!(json["current"], true);
    }

    #[test]
    fn template_files_are_distinct() {
        let mut files: Vec<_> = Template::ALL.iter().map(|t| t.file()).collect();
        files.sort_unstable();
        files.dedup();
        assert_eq!(files.len(), Template::ALL.len());
        assert!(files.iter().all(|f| f.ends_with(".html")));
    }
}
