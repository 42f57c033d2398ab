//! Live reload in a real browser: a page open in headless Chromium reloads by itself when its
//! file is saved, and shows the edit (the `innsite serve` acceptance of the README's first
//! command).

mod common;

use common::browser::Browser;
use common::serving::{sample_copy, start};
use std::time::Duration;

#[test]
fn an_open_page_reloads_itself_after_an_edit() {
    let dir = sample_copy();
    let server = start(dir.path(), &["--port", "0"]);
    let browser = Browser::start();
    browser.goto(&format!("http://127.0.0.1:{}/pivot/", server.port));
    assert!(
        browser.wait_until("document.querySelector('h1')", Duration::from_secs(10)),
        "the page loads"
    );
    // Wait for the live-reload channel to be open before the edit.
    assert!(
        browser.wait_until(
            "document.documentElement.getAttribute('data-innsite-live') === 'connected'",
            Duration::from_secs(10)
        ),
        "the page opens the live-reload channel"
    );
    // A mark that only this load of the page carries: a reload drops it.
    browser.eval("window.innsiteTestMark = 1; return null;");
    let page = dir.path().join("content/pages/Pivot.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text}\n- Written while the page was open 5521\n"),
    )
    .unwrap();
    let reloaded = browser.wait_until(
        "window.innsiteTestMark === undefined && document.body && document.body.innerText.includes('Written while the page was open 5521')",
        Duration::from_secs(30),
    );
    browser.screenshot("live-reload-after-edit");
    assert!(
        reloaded,
        "the page did not reload with the edit; it shows:\n{}",
        browser.eval("return document.body.innerText")
    );
}
