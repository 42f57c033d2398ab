//! Links: URLs of pages and assets under the site's base URL, and the HTML of page
//! references and tags (LOGSEQ.md §5.3).
//!
//! Every internal URL the site contains is made here, so `base_url` (including a sub-path
//! such as `/innbok/`) is honoured everywhere. Text is always escaped; names never become
//! markup.

use crate::graph::{Graph, PageId};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Characters escaped in URL paths: controls, space and the URL delimiters; Unicode letters
/// are kept as UTF-8 (percent-encoded by the encoder), so slugs like `diseño` work.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\'')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// Builds URLs under the base URL.
#[derive(Debug, Clone)]
pub struct Urls {
    /// Always ends with `/` (`/`, `/innbok/`, `https://example.org/sub/`).
    pub base: String,
    /// The home page (site.toml `home`), whose one URL is the site's root.
    pub home: Option<PageId>,
    /// Every page's URL, made on first use ([`Urls::with_pages`]): a page is linked from many
    /// others, and formatting its URL anew for each link was 3% of a 10,000-page build.
    pages: Vec<OnceLock<PageUrl>>,
}

/// A page's URL, as is and escaped for an HTML attribute.
#[derive(Debug, Clone)]
struct PageUrl {
    url: String,
    attr: String,
}

impl Urls {
    pub fn new(base: &str) -> Urls {
        let mut base = base.trim().to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        Urls {
            base,
            home: None,
            pages: Vec::new(),
        }
    }

    /// The same URLs, with `home` published at the root.
    pub fn with_home(mut self, home: Option<PageId>) -> Urls {
        self.home = home;
        self
    }

    /// The same URLs, each page's made once for `graph` (the graph every later call passes),
    /// when first asked for (a preview rebuild renders a few pages only).
    pub fn with_pages(mut self, graph: &Graph) -> Urls {
        self.pages = (0..graph.pages.len()).map(|_| OnceLock::new()).collect();
        self
    }

    /// URL of a page: `<base><slug>/`, or `<base>` for the home page (one URL per page).
    pub fn page(&self, graph: &Graph, id: PageId) -> String {
        match self.cached(graph, id) {
            Some(p) => p.url.clone(),
            None => self.make_page(graph, id),
        }
    }

    /// [`Urls::page`], borrowed from the page URLs made on first use.
    pub fn page_cow(&self, graph: &Graph, id: PageId) -> Cow<'_, str> {
        match self.cached(graph, id) {
            Some(p) => Cow::Borrowed(&p.url),
            None => Cow::Owned(self.make_page(graph, id)),
        }
    }

    /// [`Urls::page`] escaped for an HTML attribute value.
    pub fn page_attr(&self, graph: &Graph, id: PageId) -> Cow<'_, str> {
        match self.cached(graph, id) {
            Some(p) => Cow::Borrowed(&p.attr),
            None => Cow::Owned(escape(&self.make_page(graph, id))),
        }
    }

    fn cached(&self, graph: &Graph, id: PageId) -> Option<&PageUrl> {
        let cell = self.pages.get(id)?;
        Some(cell.get_or_init(|| {
            let url = self.make_page(graph, id);
            let attr = escape(&url);
            PageUrl { url, attr }
        }))
    }

    fn make_page(&self, graph: &Graph, id: PageId) -> String {
        if self.home == Some(id) {
            return self.base.clone();
        }
        self.path(&format!("{}/", graph.pages[id].slug))
    }

    /// URL of a site path (no leading `/`), percent-encoded.
    pub fn path(&self, rel: &str) -> String {
        format!("{}{}", self.base, utf8_percent_encode(rel, PATH))
    }

    /// URL of a graph asset copied to `_assets/`.
    pub fn asset(&self, name: &str) -> String {
        self.path(&format!("_assets/{name}"))
    }
}

/// HTML-escape text for element content and attribute values (`/` stays as it is).
pub fn escape(text: &str) -> String {
    crate::theme::escape_html(text)
}

/// How a site marks its page links up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Markup {
    /// `:ui/show-brackets?`: the theme draws `[[`/`]]` around the link.
    pub brackets: bool,
    /// site.toml `logseq_attributes`: the link carries Logseq's `data-ref` (the target's key).
    pub data_ref: bool,
}

/// `<a class="page-ref">` for `[[name]]` / `[label]([[name]])` as Logseq shows it: the text as
/// written, or the page's display name when written entirely in lower case (§2.2).
pub fn page_ref(
    graph: &Graph,
    urls: &Urls,
    name: &str,
    label: Option<&str>,
    markup: Markup,
) -> String {
    let name = crate::name::clean_ref_name(name);
    // The name's key is made once (it used to be made three times per link).
    let key = crate::name::lookup_key(name);
    let Some(named) = graph.by_key.get(key.as_ref()).copied() else {
        // Not published (or no page at all): the text, without a link.
        return format!(
            "<span class=\"page-ref-text\">{}</span>",
            escape(label.unwrap_or(name))
        );
    };
    let id = graph.follow_alias(named);
    let shown = match label {
        Some(l) => l,
        // Written in lower case: the page's display name (that of the page named, an alias
        // page's own name included).
        None if is_lower_case(name) => graph.pages[named].name.as_str(),
        None => name,
    };
    // Logseq's `:ui/show-brackets?` draws `[[`/`]]` around the link; here the theme draws
    // them with CSS (`.page-ref.brackets::before`), so the page text never reads `[[name]]`.
    let class = if markup.brackets && label.is_none() {
        "page-ref brackets"
    } else {
        "page-ref"
    };
    // Pushed piece by piece: the most frequent markup of a page (format! and two escaped
    // copies cost twice as much).
    let href = urls.page_attr(graph, id);
    let mut out = String::with_capacity(48 + class.len() + key.len() + href.len() + shown.len());
    out.push_str("<a class=\"");
    out.push_str(class);
    push_data_ref(&mut out, markup.data_ref, &key);
    out.push_str("\" href=\"");
    out.push_str(&href);
    out.push_str("\">");
    crate::theme::escape_html_into(shown, &mut out);
    out.push_str("</a>");
    out
}

/// True when lower-casing `name` leaves it unchanged.
fn is_lower_case(name: &str) -> bool {
    if name.is_ascii() {
        return !name.bytes().any(|b| b.is_ascii_uppercase());
    }
    name == name.to_lowercase()
}

/// `" data-ref="<key>` inside an element's opening tag, after a value in double quotes, when
/// the site writes Logseq's attributes.
fn push_data_ref(out: &mut String, data_ref: bool, key: &str) {
    if data_ref {
        out.push_str("\" data-ref=\"");
        crate::theme::escape_html_into(key, out);
    }
}

/// `<a class="tag">#name</a>` (`markup.brackets` does not apply to tags).
pub fn tag(graph: &Graph, urls: &Urls, name: &str, markup: Markup) -> String {
    let name = crate::name::clean_ref_name(name);
    let key = crate::name::lookup_key(name);
    let Some(id) = graph
        .by_key
        .get(key.as_ref())
        .map(|&id| graph.follow_alias(id))
    else {
        return escape(&format!("#{name}"));
    };
    let mut out = String::from("<a class=\"tag");
    push_data_ref(&mut out, markup.data_ref, &key);
    out.push_str("\" href=\"");
    out.push_str(&urls.page_attr(graph, id));
    out.push_str("\">#");
    crate::theme::escape_html_into(name, &mut out);
    out.push_str("</a>");
    out
}

/// A plain link to a page, for lists (`markup.brackets` does not apply).
pub fn page_link(graph: &Graph, urls: &Urls, id: PageId, markup: Markup) -> String {
    let page = &graph.pages[id];
    let mut out = String::from("<a class=\"page-ref");
    push_data_ref(&mut out, markup.data_ref, &page.key);
    out.push_str("\" href=\"");
    out.push_str(&urls.page_attr(graph, id));
    out.push_str("\">");
    crate::theme::escape_html_into(&page.name, &mut out);
    out.push_str("</a>");
    out
}
