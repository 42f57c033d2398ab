//! Headless-browser tests of link previews and the graph view (issue 8): hovering or
//! focusing an internal link shows the target page's first block in a popover that Escape
//! hides (under a sub-path); the site graph of the real innbok graph draws its ~4,400 nodes,
//! stays responsive while zooming (the frame rate is printed) and a click on a node opens
//! that page; the local graph's nodes are plain links that work without JavaScript.
//! Screenshots go to `target/browser-screenshots/graph-*.png`.

mod common;

use common::browser::{key, Browser, Options};
use common::server::{self, Served};
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::key::Key;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// How long to wait for scripts, fetches and navigation.
const WAIT: Duration = Duration::from_secs(20);

/// A site built into a temporary folder and served at `prefix` on a local port.
struct Site {
    _dir: tempfile::TempDir,
    _served: Served,
    /// `http://127.0.0.1:<port>` followed by the prefix without its final `/`.
    root: String,
}

impl Site {
    fn build(content: &Path, prefix: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let bound = server::bind();
        let origin = bound.origin.clone();
        common::build_site(content, &out, Some(prefix), 2);
        let served = bound.serve(&out, prefix);
        Site {
            _dir: dir,
            _served: served,
            root: format!("{origin}{}", prefix.trim_end_matches('/')),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}", self.root, path.trim_start_matches('/'))
    }
}

/// Move the mouse onto the first element matching `css` (a real pointer move, so the page
/// gets `mouseover` as from a reader).
fn hover(b: &Browser, css: &str) {
    let element = b.find(css);
    let moves = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element,
        duration: Some(Duration::from_millis(50)),
        x: 0.0,
        y: 0.0,
    });
    b.block_on(b.client().perform_actions(moves))
        .unwrap_or_else(|e| panic!("cannot hover {css}: {e}"));
}

/// Click the centre of the first element matching `css` with the mouse.
fn click_centre(b: &Browser, css: &str) {
    let element = b.find(css);
    let click = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    b.block_on(b.client().perform_actions(click))
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

fn popover_text(b: &Browser) -> String {
    let v = b.eval(
        "const p = document.querySelector('.innsite-preview'); return p ? p.textContent : '';",
    );
    v.as_str()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const VISIBLE_POPOVER: &str = "document.querySelector('.innsite-preview:not([hidden])')";

#[test]
fn hovering_a_link_previews_its_first_block_and_escape_hides_it() {
    let site = Site::build(&common::sample(), "/sub/");
    let b = Browser::start();
    b.goto(&site.url("dashboard/"));
    let link = r#"main a[href="/sub/persevere/"]"#;
    hover(&b, link);
    assert!(b.wait_until(VISIBLE_POPOVER, WAIT), "no preview appeared");
    let parts = b.eval(
        "const p = document.querySelector('.innsite-preview');
         return [p.querySelector('.preview-title').textContent,
                 p.querySelector('.preview-block').textContent.replace(/\\s+/g, ' ').trim()];",
    );
    assert!(
        parts[0].as_str().unwrap_or_default().ends_with("Persevere"),
        "preview title: {parts}"
    );
    assert!(
        parts[1].as_str().unwrap_or_default().starts_with(
            "Persevering means running the next loop on the same idea because the last test met its success line."
        ),
        "preview is not the first block of Persevere: {parts}"
    );
    let described = b.eval(&format!(
        "const a = document.querySelector('{}'); const p = document.getElementById(a.getAttribute('aria-describedby')); \
         return p ? p.getAttribute('role') : null;",
        link.replace('\'', "\\'")
    ));
    assert_eq!(
        described,
        Value::from("tooltip"),
        "link is not described by the popover"
    );
    b.screenshot("graph-preview-hover");
    b.eval("document.documentElement.setAttribute('data-theme', 'dark'); return 1;");
    b.screenshot("graph-preview-hover-dark");

    b.type_keys(&key(Key::Escape));
    assert!(
        b.wait_until(&format!("!{VISIBLE_POPOVER}"), WAIT),
        "Escape did not hide the preview"
    );

    // Keyboard focus previews too; a link to the page itself or outside the site never does.
    b.eval(r#"document.querySelector('main a[href="/sub/pivot/"]').focus(); return 1;"#);
    assert!(
        b.wait_until(VISIBLE_POPOVER, WAIT),
        "focus shows no preview"
    );
    assert!(
        popover_text(&b).contains("A pivot keeps what the loop has proven"),
        "{}",
        popover_text(&b)
    );
    b.type_keys(&key(Key::Escape));
    assert!(b.wait_until(&format!("!{VISIBLE_POPOVER}"), WAIT));
    let external = b.eval(
        "const a = document.createElement('a'); a.href = 'https://example.org/x/'; a.className = 'external'; \
         a.textContent = 'out'; document.querySelector('main').appendChild(a); a.focus(); return 1;",
    );
    assert_eq!(external, Value::from(1));
    std::thread::sleep(Duration::from_millis(900));
    assert_eq!(
        b.eval(&format!("return !!{VISIBLE_POPOVER};")),
        Value::Bool(false)
    );
}

#[test]
fn site_graph_of_the_real_graph_draws_stays_responsive_and_opens_pages() {
    let innbok = common::innbok().expect("the innbok graph beside the repository");
    let site = Site::build(&innbok, "/");
    let b = Browser::start();
    b.goto(&site.url("_graph/"));
    assert!(
        b.wait_until(
            "document.querySelector('.graph-canvas').getAttribute('data-draws') >= 1",
            WAIT
        ),
        "the site graph was never drawn"
    );
    let status = b.eval("return document.querySelector('.graph-status').textContent;");
    let drawn: usize = status
        .as_str()
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("status: {status}"));
    assert!(drawn > 4_000, "only {drawn} nodes drawn");
    let painted = b.eval(
        "const c = document.querySelector('.graph-canvas'), x = c.getContext('2d');
         const d = x.getImageData(0, 0, c.width, c.height).data; let n = 0;
         for (let i = 3; i < d.length; i += 4 * 7) if (d[i] > 0) n++;
         return n;",
    );
    assert!(
        painted.as_u64().unwrap_or(0) > 2_000,
        "canvas nearly empty: {painted}"
    );
    b.screenshot("graph-site-real");

    let (fps, draw_ms) = zoom_frame_rate(&b);
    eprintln!(
        "site graph, {drawn} nodes: {fps:.1} frames/s while zooming, {draw_ms:.1} ms per draw"
    );
    assert!(fps >= 20.0, "{fps:.1} frames per second while zooming");
    assert!(draw_ms < 50.0, "{draw_ms:.1} ms per draw");
    b.screenshot("graph-site-real-zoomed");
    b.eval("document.documentElement.setAttribute('data-theme', 'dark'); return 1;");
    std::thread::sleep(Duration::from_millis(300));
    b.screenshot("graph-site-real-dark");

    // The page's own URL after `#` centres the graph on it; a click there opens the page.
    b.goto(&site.url("_graph/#persona/"));
    assert!(b.wait_until(
        "document.querySelector('.graph-canvas').getAttribute('data-draws') >= 1",
        WAIT
    ));
    b.screenshot("graph-site-real-persona");
    click_centre(&b, ".graph-canvas");
    assert!(
        b.wait_until("location.pathname === '/persona/'", WAIT),
        "clicking the persona node did not open its page: {}",
        b.eval("return location.href;")
    );
    b.eval("document.querySelector('.page-graph').scrollIntoView(); return 1;");
    b.screenshot("graph-local-persona");
}

/// Zoom in and out for 120 animation frames with wheel events; gives the frames drawn per
/// second and the mean milliseconds one draw takes.
fn zoom_frame_rate(b: &Browser) -> (f64, f64) {
    let script = "const done = arguments[arguments.length - 1];
        const c = document.querySelector('.graph-canvas'), r = c.getBoundingClientRect();
        const d0 = +c.getAttribute('data-draws'), ms0 = +c.getAttribute('data-draw-ms');
        let frames = 0; const t0 = performance.now();
        function step() {
          c.dispatchEvent(new WheelEvent('wheel', { deltaY: frames < 60 ? -25 : 25,
            clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
          frames++;
          if (frames < 120) { requestAnimationFrame(step); return; }
          requestAnimationFrame(() => requestAnimationFrame(() => done({
            seconds: (performance.now() - t0) / 1000,
            draws: +c.getAttribute('data-draws') - d0,
            ms: +c.getAttribute('data-draw-ms') - ms0 })));
        }
        requestAnimationFrame(step);";
    let v = b
        .block_on(b.client().execute_async(script, vec![]))
        .expect("the frame-rate script runs");
    let draws = v["draws"].as_f64().unwrap_or(0.0);
    let seconds = v["seconds"].as_f64().unwrap_or(f64::INFINITY);
    assert!(
        draws >= 100.0,
        "only {draws} draws for 120 frames of zooming: {v}"
    );
    (
        draws / seconds,
        v["ms"].as_f64().unwrap_or(f64::INFINITY) / draws,
    )
}

#[test]
fn local_graph_links_work_without_javascript() {
    let site = Site::build(&common::sample(), "/");
    let b = Browser::with(Options {
        javascript: false,
        ..Options::default()
    });
    b.goto(&site.url("pivot/"));
    let nodes = b.eval(
        "return Array.from(document.querySelectorAll('svg.local-graph a')).map(a => a.getAttribute('href'));",
    );
    let nodes = nodes.as_array().cloned().unwrap_or_default();
    assert!(nodes.len() >= 2, "local graph links: {nodes:?}");
    assert!(nodes.contains(&Value::from("/persevere/")), "{nodes:?}");
    b.eval("document.querySelector('.page-graph').scrollIntoView(); return 1;");
    b.screenshot("graph-local-nojs");
    b.find(r#"svg.local-graph a[href="/persevere/"]"#);
    b.block_on(async {
        let a = b
            .client()
            .find(fantoccini::Locator::Css(
                r#"svg.local-graph a[href="/persevere/"] circle"#,
            ))
            .await?;
        a.click().await
    })
    .expect("click the Persevere node");
    assert!(b.wait_until("location.pathname === '/persevere/'", WAIT));

    b.goto(&site.url("_graph/"));
    let note = b.eval("return document.querySelector('.graph-status').textContent;");
    assert!(
        note.as_str()
            .unwrap_or_default()
            .contains("needs JavaScript"),
        "{note}"
    );
}
