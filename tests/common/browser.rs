//! Headless Chromium for the browser tests: Debian's `chromium` driven through
//! `chromedriver` (package `chromium-driver`) with fantoccini over WebDriver.
//!
//! [`Browser::start`] starts chromedriver on a free local port in its own process group,
//! opens a session of a headless Chromium with a fresh profile (optionally with JavaScript
//! disabled) and gives synchronous helpers (`goto`, `eval`, `wait_until`, `send_keys`,
//! `screenshot`) over fantoccini's async client; [`Browser::block_on`] and
//! [`Browser::client`] give the whole client for anything else. Dropping the browser closes
//! the session and kills chromedriver's process group, so no Chromium outlives a test, even
//! one that panicked. A missing chromium or chromedriver is a test failure naming the
//! packages to install (test.sh installs them), never a silent skip.
//!
//! Serve the site under test with [`super::server`] (a local static server with sub-path
//! support): `let bound = server::bind(); let served = bound.serve(dir, "/");`.

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Chromium's flags for a quiet, reproducible headless run (no network of its own).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
];

/// How a browser session is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// Run page scripts (`false` turns JavaScript off through Chromium's content settings).
    pub javascript: bool,
    /// Window size in CSS pixels.
    pub width: u32,
    pub height: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            javascript: true,
            width: 1280,
            height: 900,
        }
    }
}

/// A chromedriver process, killed with its whole process group (Chromium included) on drop.
struct Driver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver leads its own process group (see `spawn_driver`): kill every member.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session; see the module documentation.
pub struct Browser {
    client: Option<Client>,
    rt: tokio::runtime::Runtime,
    // Field order matters on drop: the session closes (in `Drop`), then chromedriver is
    // killed, then the profile folder is removed.
    driver: Driver,
    profile: tempfile::TempDir,
}

/// The first of `names` found as an executable on `PATH` or in `extra` folders.
fn find_program(names: &[&str], extra: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::env::split_paths(&path).chain(extra.iter().map(PathBuf::from));
    let dirs: Vec<PathBuf> = dirs.collect();
    names
        .iter()
        .flat_map(|n| dirs.iter().map(move |d| d.join(n)))
        .find(|p| p.is_file())
}

/// Paths of chromium and chromedriver, or a failure saying how to install them.
fn programs() -> (PathBuf, PathBuf) {
    let install = "the browser tests need Debian's chromium and chromium-driver packages: \
                   run `apt-get install chromium chromium-driver` (./test.sh installs them)";
    let chromium = find_program(&["chromium", "chromium-browser"], &["/usr/bin"])
        .unwrap_or_else(|| panic!("chromium is not installed; {install}"));
    let driver = find_program(&["chromedriver"], &["/usr/bin", "/usr/lib/chromium"])
        .unwrap_or_else(|| panic!("chromedriver is not installed; {install}"));
    (chromium, driver)
}

/// A local port that was free a moment ago.
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    l.local_addr().expect("local address").port()
}

/// Start chromedriver in a new process group, logging to `log`, and wait until it listens.
fn spawn_driver(program: &Path, log: PathBuf) -> Driver {
    let port = free_port();
    let out = std::fs::File::create(&log).expect("create the chromedriver log");
    let child = Command::new(program)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("log handle"))
        .stderr(out)
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    let mut driver = Driver { child, port, log };
    wait_listening(&mut driver);
    driver
}

/// Wait up to 20 s for chromedriver's port; fail with its log when it exits or never listens.
fn wait_listening(driver: &mut Driver) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if TcpStream::connect(("127.0.0.1", driver.port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = driver.child.try_wait() {
            panic!("chromedriver exited ({status}): {}", read_log(&driver.log));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "chromedriver did not listen within 20 s: {}",
        read_log(&driver.log)
    );
}

fn read_log(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

/// The WebDriver capabilities of a session.
fn capabilities(chromium: &Path, profile: &Path, opts: &Options) -> serde_json::Map<String, Value> {
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.push(format!("--window-size={},{}", opts.width, opts.height));
    let mut chrome = json!({ "binary": chromium, "args": args });
    if !opts.javascript {
        chrome["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
    }
    let caps = json!({ "browserName": "chrome", "goog:chromeOptions": chrome });
    caps.as_object().cloned().expect("an object")
}

impl Browser {
    /// A session with JavaScript on, 1280×900.
    pub fn start() -> Browser {
        Browser::with(Options::default())
    }

    /// A session set up as `opts` says.
    pub fn with(opts: Options) -> Browser {
        let (chromium, driver_program) = programs();
        let profile = tempfile::tempdir().expect("a profile folder");
        let driver = spawn_driver(&driver_program, profile.path().join("chromedriver.log"));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let caps = capabilities(&chromium, &profile.path().join("profile"), &opts);
        let url = format!("http://127.0.0.1:{}", driver.port);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = rt
            .block_on(
                ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&url),
            )
            .unwrap_or_else(|e| {
                panic!(
                    "cannot open a Chromium session: {e}\n{}",
                    read_log(&driver.log)
                )
            });
        Browser {
            client: Some(client),
            rt,
            driver,
            profile,
        }
    }

    /// The WebDriver client, for anything the helpers below do not cover.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("an open session")
    }

    /// Run a future (typically a call on [`Browser::client`]) to completion.
    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// Load `url` and wait for its `load` event.
    pub fn goto(&self, url: &str) {
        self.block_on(self.client().goto(url))
            .unwrap_or_else(|e| panic!("cannot load {url}: {e}"));
    }

    /// The value of a script body (`return document.title`) run in the page.
    pub fn eval(&self, script: &str) -> Value {
        self.block_on(self.client().execute(script, vec![]))
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Poll the expression `condition` every 50 ms until it is truthy or `timeout` passes;
    /// whether it became truthy.
    pub fn wait_until(&self, condition: &str, timeout: Duration) -> bool {
        let script = format!("return !!({condition});");
        let start = Instant::now();
        loop {
            if self.eval(&script) == Value::Bool(true) {
                return true;
            }
            if start.elapsed() > timeout {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> Element {
        self.block_on(self.client().find(Locator::Css(css)))
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Every element matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.block_on(self.client().find_all(Locator::Css(css)))
            .unwrap_or_else(|e| panic!("cannot look for {css}: {e}"))
    }

    /// Type `keys` into the element matching `css` (see [`key`] for special keys).
    pub fn send_keys(&self, css: &str, keys: &str) {
        let el = self.find(css);
        self.block_on(el.send_keys(keys))
            .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
    }

    /// Type `keys` into whatever element has the focus.
    pub fn type_keys(&self, keys: &str) {
        let el = self
            .block_on(self.client().active_element())
            .expect("a focused element");
        self.block_on(el.send_keys(keys))
            .unwrap_or_else(|e| panic!("cannot type into the focused element: {e}"));
    }

    /// Save a PNG of the viewport to `target/browser-screenshots/<name>.png`; its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let png = self
            .block_on(self.client().screenshot())
            .unwrap_or_else(|e| panic!("screenshot {name} failed: {e}"));
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("create the screenshot folder");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, &png).expect("write the screenshot");
        assert!(
            png.starts_with(b"\x89PNG"),
            "screenshot {name} is not a PNG"
        );
        path
    }

    /// The chromedriver log so far (for failure messages).
    pub fn driver_log(&self) -> String {
        read_log(&self.driver.log)
    }

    /// The profile folder of this session.
    pub fn profile_dir(&self) -> &Path {
        self.profile.path()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            // The timer must be made inside the runtime: outside it tokio panics, and a panic
            // in a destructor while a failing test unwinds aborts the whole test binary.
            let _ = self.rt.block_on(async {
                tokio::time::timeout(Duration::from_secs(5), client.close()).await
            });
        }
    }
}

/// Where screenshots go: `target/browser-screenshots/` of the repository.
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots")
}

/// A special key (arrows, Enter, Escape…) as text for `send_keys`.
pub fn key(k: Key) -> String {
    char::from(k).to_string()
}
