//! The graph view's data on real builds: private pages appear in no graph data (site graph
//! file, local graphs), the local graph stays small and links to pages that exist, and the
//! site graph of the real innbok graph lays out quickly, and the layout a build makes ahead
//! of the pages serves the pages' local graphs and the site graph page alike.

mod common;

use innsite::graphview::{data, layout, local, Cache};
use innsite::render::context::Site;
use std::path::Path;
use std::time::Instant;

const CANARY: &str = "INNSITE-PRIVATE-CANARY";

/// The `<svg class="local-graph">…</svg>` of a page, if it has one.
fn local_svg(html: &str) -> Option<&str> {
    let start = html.find(r#"<svg class="local-graph""#)?;
    let end = html[start..].find("</svg>")? + start + "</svg>".len();
    Some(&html[start..end])
}

#[test]
fn private_pages_are_in_no_graph_data() {
    let sample = common::sample();
    let loaded = common::load_graph(&sample, 2);
    assert!(
        loaded.graph.withheld.has_name("Private roadmap"),
        "the sample graph's private page is withheld"
    );
    let cfg = common::config(&sample, None, None);
    let site = Site::new(&loaded.graph, &cfg);
    let index = data::Index::new(&loaded.graph);
    for &id in &index.pages {
        let page = &loaded.graph.pages[id];
        assert_ne!(page.key, "private roadmap", "private page is a graph node");
        assert!(!loaded.graph.withheld.keys.contains(&page.key));
    }
    let json = serde_json::to_string(&data::global(&site, &index)).unwrap();
    assert!(!json.to_lowercase().contains("private roadmap"));
    assert!(!json.contains(CANARY));

    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("public");
    common::build_site(&sample, &dir, None, 2);
    let written = std::fs::read_to_string(dir.join("_graph/graph.json")).unwrap();
    assert!(
        written.contains("Launch checklist"),
        "graph file lists pages"
    );
    assert!(!written.to_lowercase().contains("private roadmap"));
    let mut graphs = 0;
    for (rel, bytes) in common::tree(&dir) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(CANARY), "{rel} holds private text");
        if let Some(svg) = local_svg(&text) {
            graphs += 1;
            assert!(!svg.to_lowercase().contains("private"), "{rel}: {svg}");
        }
    }
    assert!(graphs > 20, "only {graphs} pages have a local graph");
}

#[test]
fn local_graphs_are_small_and_link_to_pages_that_exist() {
    let sample = common::sample();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("public");
    common::build_site(&sample, &dir, Some("/sub/"), 2);
    let html = std::fs::read_to_string(dir.join("pivot/index.html")).unwrap();
    let svg = local_svg(&html).expect("the Pivot page has a local graph");
    let links: Vec<&str> = svg
        .split(r#"<a href=""#)
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(!links.is_empty());
    assert!(
        links.len() < local::MAX_NODES,
        "{} linked nodes",
        links.len()
    );
    assert!(
        svg.contains(r#"class="lg-here""#),
        "the page itself is marked"
    );
    for url in links {
        let rel = url.strip_prefix("/sub/").expect("links carry the base URL");
        let file = dir.join(percent_decode(rel)).join("index.html");
        assert!(file.is_file(), "{url} leads nowhere");
    }
    assert!(svg.len() < 2_500, "local graph of {} bytes", svg.len());
}

/// CPU time of the calling thread (Linux `schedstat`: nanoseconds on a CPU), so the figure
/// holds on a busy machine.
fn thread_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").expect("Linux schedstat");
    let ns: u64 = stat.split_whitespace().next().unwrap().parse().unwrap();
    ns as f64 / 1e9
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if bytes[i] == b'%' {
            if let Some(Ok(b)) = hex.map(|h| u8::from_str_radix(h, 16)) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn real_graph_lays_out_in_well_under_a_second() {
    let innbok = common::innbok().expect("the innbok graph beside the repository");
    let loaded = common::load_graph(&innbok, 2);
    let cfg = common::config(&innbok, Some(Path::new("/tmp/unused")), None);
    let site = Site::new(&loaded.graph, &cfg);
    let index = data::Index::new(&loaded.graph);
    assert!(index.pages.len() > 4_000, "{} nodes", index.pages.len());
    let (started, cpu_start) = (Instant::now(), thread_cpu_seconds());
    let global = data::global(&site, &index);
    let cpu = thread_cpu_seconds() - cpu_start;
    let wall = started.elapsed().as_secs_f64();
    eprintln!(
        "site graph layout: {} nodes, {} edges in {cpu:.3} s of CPU (one thread), {wall:.3} s wall",
        global.nodes.len(),
        global.edges.len() / 2
    );
    assert!(cpu < 0.8, "layout took {cpu:.2} s of CPU");
    let (mut x0, mut x1) = (i32::MAX, i32::MIN);
    for n in &global.nodes {
        x0 = x0.min(n.0);
        x1 = x1.max(n.0);
    }
    let spread = f64::from(x1 - x0);
    let expected = (global.nodes.len() as f64).sqrt() * 10.0;
    assert!(
        spread < expected * 6.0,
        "layout {spread} wide for {expected:.0}: outliers flung away"
    );
}

#[test]
fn the_layout_made_ahead_shares_its_index_with_the_site_and_is_the_site_graph_layout() {
    let sample = common::sample();
    let loaded = common::load_graph(&sample, 2);
    let cfg = common::config(&sample, None, None);
    // What a build does: one cache, laid out on one core while the site is set up.
    let ahead = Cache::default();
    ahead.lay_out(&loaded.graph);
    let mut site = Site::new(&loaded.graph, &cfg);
    site.graph_view = ahead.clone();
    let index = site.graph_view.get(&site);
    assert!(
        std::ptr::eq(index, ahead.of_graph(&loaded.graph)),
        "the site indexes the graph a second time"
    );
    let fresh = layout::layout(
        index.pages.len(),
        &index.edges(),
        &layout::Params::default(),
    );
    assert!(fresh.len() > 20);
    assert_eq!(data::positions(index), fresh);
    let global = data::global(&site, index);
    let placed: Vec<(i32, i32)> = global.nodes.iter().map(|n| (n.0, n.1)).collect();
    let rounded: Vec<(i32, i32)> = fresh
        .iter()
        .map(|p| (p[0].round() as i32, p[1].round() as i32))
        .collect();
    assert_eq!(placed, rounded);
}
