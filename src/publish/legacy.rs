//! Old links: the map from publish-spa page names to this site's URLs (LOGSEQ.md §8.4).
//!
//! The old site routed by fragment (`/#/page/<encodeURIComponent(lower-case name)>`), which
//! never reaches the server, so the redirect happens in the browser: the theme's `innsite.js`
//! decodes the fragment, lower-cases it and looks it up in `_static/legacy-routes.json`. This
//! module takes the graph and gives that JSON: every page's identity key (file pages,
//! whiteboards, stubs and aliases) → the URL a reader should land on (an alias with one owner
//! goes straight to the owner). It never lists a page the graph does not publish.

use crate::graph::Graph;
use crate::render::links::Urls;
use std::collections::BTreeMap;

/// Where the map is written; `innsite.js` fetches `<base>_static/legacy-routes.json`.
pub const ROUTES_PATH: &str = "_static/legacy-routes.json";

/// `{"lower-case name": "/url/", …}`, sorted by name so builds are reproducible.
pub fn routes_json(graph: &Graph, urls: &Urls) -> String {
    let routes: BTreeMap<&str, String> = graph
        .pages
        .iter()
        .enumerate()
        .map(|(id, page)| (page.key.as_str(), urls.page(graph, graph.follow_alias(id))))
        .collect();
    serde_json::to_string(&routes).unwrap_or_else(|_| "{}".to_string())
}
