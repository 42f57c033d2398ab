//! The local graph of one page: the page and its nearest neighbours (links, backlinks and
//! namespace parent or children, one hop), laid out at build time and written as a small inline
//! SVG whose nodes are plain links, so it works without JavaScript.
//!
//! It stays small on purpose: at most [`MAX_NODES`] nodes (neighbours in name order), integer
//! coordinates, one `<path>` for all edges, short labels. It is drawn from the page's own
//! links, backlinks and namespace neighbours only (a star: no edges among the neighbours, no
//! choice by their degree), so it changes exactly when the page's linked references or
//! hierarchy change, and `innsite serve` re-renders the pages it must (an edit elsewhere never
//! leaves a stale local graph behind).

use super::data::Index;
use super::layout::{self, Params};
use crate::graph::PageId;
use crate::render::context::Site;
use crate::theme::escape_html as escape;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The page plus at most this many minus one neighbours.
pub const MAX_NODES: usize = 10;
/// The SVG's coordinate box.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 180.0;
/// Room kept free around the layout for the labels under the nodes.
const MARGIN_X: f64 = 48.0;
const MARGIN_Y: f64 = 14.0;
/// Labels longer than this many characters are cut with `…`.
const LABEL_CHARS: usize = 18;

/// The SVG of page `id`'s local graph, or an empty string when the page has no neighbour.
pub fn svg(site: &Site, index: &Index, id: PageId) -> String {
    let Some(centre) = index.node_of[id] else {
        return String::new();
    };
    let nodes = pick(index, centre);
    if nodes.len() < 2 {
        return String::new();
    }
    let shape = star_shape(nodes.len());
    let mut out = String::with_capacity(shape.edges.len() + nodes.len() * 140);
    out.push_str(&shape.edges);
    for (i, &node) in nodes.iter().enumerate() {
        node_markup(&mut out, site, index, node, &shape.nodes[i], i == 0);
    }
    out.push_str("</svg>");
    out
}

/// The markup of a star of one size that is the same on every page: the opening of the SVG
/// with the path of all edges, and each node's circle and label attributes.
struct StarShape {
    edges: String,
    nodes: Vec<NodeShape>,
}

/// `<circle cx=".." cy=".." r=".."` and `<text x=".." y="..">` of one node of a star.
struct NodeShape {
    circle: String,
    text: String,
}

/// The [`StarShape`] of `n` nodes, made once per size and process (its numbers were a fifth
/// of a local graph's markup, written again on every page).
fn star_shape(n: usize) -> &'static StarShape {
    static SHAPES: [OnceLock<StarShape>; MAX_NODES + 1] =
        [const { OnceLock::new() }; MAX_NODES + 1];
    SHAPES[n].get_or_init(|| {
        let pos = star_positions(n);
        let mut edges = format!(
            r#"<svg class="local-graph" viewBox="0 0 {WIDTH} {HEIGHT}"><path class="lg-e" d=""#
        );
        for (a, b) in star(n) {
            let (p, q) = (pos[a as usize], pos[b as usize]);
            let _ = write!(edges, "M{} {}L{} {}", p.0, p.1, q.0, q.1);
        }
        edges.push_str(r#""/>"#);
        let nodes = pos
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| NodeShape {
                circle: format!(
                    r#"<circle cx="{x}" cy="{y}" r="{}""#,
                    if i == 0 { 6 } else { 4 }
                ),
                text: format!(r#"<text x="{x}" y="{}">"#, y + 14),
            })
            .collect();
        StarShape { edges, nodes }
    })
}

/// The centre node first, then its neighbours by key: the first of its neighbour list, which is
/// sorted by node, and nodes are numbered in page order, which is key order.
fn pick(index: &Index, centre: u32) -> Vec<u32> {
    let around = &index.neighbours[centre as usize];
    debug_assert!(around.windows(2).all(|w| w[0] < w[1]));
    let mut nodes = Vec::with_capacity(MAX_NODES);
    nodes.push(centre);
    nodes.extend(around.iter().take(MAX_NODES - 1));
    nodes
}

/// The laid-out and fitted positions of a star of `n` nodes (`n` ≤ [`MAX_NODES`]).
///
/// A local graph is always a star, whose layout depends on its size alone: each size is laid
/// out once per process and then shared by every page (laying out every page's star again was
/// a tenth of page rendering).
fn star_positions(n: usize) -> &'static [(i32, i32)] {
    static STARS: [OnceLock<Vec<(i32, i32)>>; MAX_NODES + 1] =
        [const { OnceLock::new() }; MAX_NODES + 1];
    STARS[n].get_or_init(|| {
        let params = Params {
            iterations: 60,
            ..Params::default()
        };
        fit(&layout::layout(n, &star(n), &params))
    })
}

/// The edges from the centre (local index 0) to each of the `n - 1` neighbours.
fn star(n: usize) -> Vec<(u32, u32)> {
    (1..n as u32).map(|i| (0, i)).collect()
}

/// Scale and centre the layout into the box, keeping its aspect ratio; integer coordinates.
fn fit(pos: &[[f64; 2]]) -> Vec<(i32, i32)> {
    let (x0, y0, x1, y1) = layout::bounds(pos);
    let (w, h) = (WIDTH - 2.0 * MARGIN_X, HEIGHT - 2.0 * MARGIN_Y - 10.0);
    let scale = (w / (x1 - x0).max(1e-9)).min(h / (y1 - y0).max(1e-9));
    let (ox, oy) = (
        (WIDTH - (x1 - x0) * scale) / 2.0,
        (HEIGHT - 10.0 - (y1 - y0) * scale) / 2.0,
    );
    pos.iter()
        .map(|p| {
            (
                ((p[0] - x0) * scale + ox).round() as i32,
                ((p[1] - y0) * scale + oy).round() as i32,
            )
        })
        .collect()
}

/// One node: a link (circle and label) to its page, or, for the page itself, a marked circle.
fn node_markup(
    out: &mut String,
    site: &Site,
    index: &Index,
    node: u32,
    shape: &NodeShape,
    here: bool,
) {
    let id = index.pages[node as usize];
    let label = index.local_labels[node as usize]
        .get_or_init(|| escape(&short_label(&site.graph.pages[id].name)));
    // Written straight into `out` (no intermediate strings: one of these per neighbour on
    // every page).
    if here {
        out.push_str(r#"<g class="lg-here">"#);
    } else {
        out.push_str(r#"<a href=""#);
        out.push_str(&site.urls.page_attr(site.graph, id));
        out.push_str(r#"">"#);
    }
    out.push_str(&shape.circle);
    out.push_str(r#" class="g"#);
    let _ = write!(out, "{}", index.group[node as usize]);
    out.push_str(r#""/>"#);
    out.push_str(&shape.text);
    out.push_str(label);
    out.push_str("</text>");
    out.push_str(if here { "</g>" } else { "</a>" });
}

/// The last namespace segment, cut to [`LABEL_CHARS`] characters.
fn short_label(name: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or(name).trim();
    if last.chars().count() <= LABEL_CHARS {
        return last.to_string();
    }
    let mut cut: String = last.chars().take(LABEL_CHARS - 1).collect();
    cut = cut.trim_end().to_string();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_last_segment_and_short() {
        assert_eq!(
            short_label("topic/Business/Business model"),
            "Business model"
        );
        assert_eq!(short_label("plain"), "plain");
        let long = short_label("a/This is a rather long page name indeed");
        assert_eq!(
            long, "This is a rather…",
            "cut, without a space before the ellipsis"
        );
        assert!(short_label("b/abcdefghijklmnopqrstuvwxyz").chars().count() == LABEL_CHARS);
    }

    #[test]
    fn star_positions_are_the_layout_of_a_star_of_that_size() {
        for n in 2..=MAX_NODES {
            let params = Params {
                iterations: 60,
                ..Params::default()
            };
            let fresh = fit(&layout::layout(n, &star(n), &params));
            assert_eq!(star_positions(n), fresh.as_slice(), "{n} nodes");
            assert_eq!(star_positions(n).len(), n);
        }
    }

    #[test]
    fn fit_stays_inside_the_box() {
        let pos = [[-50.0, 3.0], [10.0, 80.0], [400.0, -2.0]];
        for (x, y) in fit(&pos) {
            assert!((0..=WIDTH as i32).contains(&x), "x {x}");
            assert!((0..=HEIGHT as i32 - 14).contains(&y), "y {y}");
        }
    }
}
