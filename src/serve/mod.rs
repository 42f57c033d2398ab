//! `innsite serve`: build the site in memory, serve it on 127.0.0.1, watch the graph, the
//! configuration and the theme, rebuild what a change touches and reload open pages.
//!
//! Takes the command-line options; gives a running server until the process is stopped. It
//! never writes the output folder (the site lives in memory) and never panics on a busy
//! port: a port the user chose gives a clear error, the default one moves to the next free
//! port. A rebuild that fails keeps the last good site and shows the error in the browser.
//!
//! `watch` turns raw events into changes, `incremental` rebuilds (using `affected`), `http`
//! serves, `reload` is the live-reload channel and script.

pub mod affected;
pub mod http;
pub mod incremental;
pub mod reload;
pub mod watch;

use anyhow::{bail, Context, Result};
use http::App;
use incremental::{Outcome, Source, State};
use notify_debouncer_full::DebounceEventResult;
use std::collections::BTreeSet;
use std::io::{ErrorKind, Write};
use std::net::{IpAddr, TcpListener};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, RwLock};
use std::time::Instant;

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 1111;

/// What `innsite serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub source: Source,
    /// The port; `None`: 1111 or the next free one.
    pub port: Option<u16>,
    pub bind: IpAddr,
    /// Open the site in the default browser.
    pub open: bool,
    /// Poll the file system instead of using native notifications.
    pub poll: bool,
    /// Print the stage timings of every build.
    pub timings: bool,
}

/// Build, serve and watch until the process is stopped.
pub fn run(options: Options) -> Result<i32> {
    let started = Instant::now();
    let (state, outcome) = State::full(options.source.clone())?;
    log_build(&outcome, &state, started, options.timings);
    let listener = bind(options.bind, options.port)?;
    let port = listener.local_addr()?.port();
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the preview reachable from other machines; \
             use the default 127.0.0.1 unless you mean that",
            options.bind
        );
    }
    let app = Arc::new(App {
        files: RwLock::new(Arc::new(state.files.clone())),
        channel: reload::Channel::default(),
        bind: options.bind,
        port,
    });
    let known = reload::known(&state.diagnostics());
    app.channel.rebuilt(
        0,
        reload::problems(&state.diagnostics(), &BTreeSet::new(), &known),
    );
    let (watch_tx, watch_rx) = std::sync::mpsc::channel();
    let (_watcher, note) = watch::start(&watch_paths(&state), options.poll, watch_tx)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let forward = tx.clone();
    std::thread::spawn(move || {
        for batch in watch_rx {
            if forward.send(Msg::Watch(batch)).is_err() {
                return;
            }
        }
    });
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    let url = format!("http://{}/", url_host(options.bind, port));
    println!("serving {url} (Ctrl+C to stop)");
    let _ = std::io::stdout().flush();
    let loop_app = app.clone();
    let timings = options.timings;
    std::thread::spawn(move || rebuild_loop(state, (tx, rx), &loop_app, &known, timings));
    if options.open {
        if let Err(e) = webbrowser::open(&url) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }
    serve(listener, app)?;
    Ok(0)
}

fn serve(listener: TcpListener, app: Arc<App>) -> Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, http::router(app)).await
    })?;
    Ok(())
}

/// Bind `addr:port`; without a port, 1111 or the next free one.
fn bind(addr: IpAddr, port: Option<u16>) -> Result<TcpListener> {
    if let Some(p) = port {
        return TcpListener::bind((addr, p)).map_err(|e| match e.kind() {
            ErrorKind::AddrInUse => anyhow::anyhow!(
                "port {p} on {addr} is already in use: stop the program using it, or choose \
                 another port with --port"
            ),
            _ => anyhow::Error::new(e).context(format!("cannot listen on {addr} port {p}")),
        });
    }
    for p in DEFAULT_PORT..DEFAULT_PORT.saturating_add(100) {
        match TcpListener::bind((addr, p)) {
            Ok(l) => {
                if p != DEFAULT_PORT {
                    eprintln!("port {DEFAULT_PORT} is busy; using port {p}");
                }
                return Ok(l);
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse => continue,
            Err(e) => return Err(e).context(format!("cannot listen on {addr} port {p}")),
        }
    }
    bail!(
        "ports {DEFAULT_PORT}-{} on {addr} are all in use; choose one with --port",
        DEFAULT_PORT + 99
    )
}

fn url_host(bind: IpAddr, port: u16) -> String {
    match bind {
        IpAddr::V4(v4) if v4.is_unspecified() => format!("127.0.0.1:{port}"),
        IpAddr::V6(v6) if v6.is_unspecified() => format!("[::1]:{port}"),
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
        IpAddr::V4(v4) => format!("{v4}:{port}"),
    }
}

/// The graph folder, then the configuration files and theme folder.
fn watch_paths(state: &State) -> Vec<std::path::PathBuf> {
    let mut paths = vec![state.config.content.clone()];
    paths.extend(state.config_paths());
    paths
}

fn roots(state: &State) -> watch::Roots {
    watch::Roots {
        content: state.config.content.clone(),
        output: state.config.output.clone(),
        config: state.config_paths(),
    }
}

/// What the rebuild loop waits for: a burst of file events, or a finished search index
/// (for the site version it was made from).
enum Msg {
    Watch(DebounceEventResult),
    Search(u64, Result<Vec<(String, crate::write::Stored)>>),
}

/// The search index made off the rebuild path: at most one indexer at a time; a rebuild
/// while one runs marks the index stale, and a new indexer starts when that one ends.
struct Indexer {
    running: bool,
    stale: bool,
}

impl Indexer {
    /// Start indexing `state` (site version `version`) unless an indexer runs already.
    fn start(&mut self, state: &State, version: u64, tx: &Sender<Msg>) {
        if self.running {
            self.stale = true;
            return;
        }
        let Some(job) = state.search_job() else {
            return;
        };
        self.running = true;
        self.stale = false;
        let tx = tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(Msg::Search(version, job.run()));
        });
    }
}

/// Rebuild on every burst of changes until the watcher goes away. Changes of a failed
/// rebuild are kept and retried with the next one. The pages are reloaded as soon as they
/// are rebuilt; the search index follows when it is ready (no second reload).
fn rebuild_loop(
    mut state: State,
    (tx, rx): (Sender<Msg>, Receiver<Msg>),
    app: &App,
    known: &reload::Known,
    timings: bool,
) {
    let mut version = 0u64;
    let mut pending = watch::Changes::default();
    let mut touched = BTreeSet::new();
    let mut roots = roots(&state);
    let mut indexer = Indexer {
        running: false,
        stale: false,
    };
    while let Ok(first) = rx.recv() {
        let mut events = Vec::new();
        for msg in std::iter::once(first).chain(rx.try_iter()) {
            match msg {
                Msg::Watch(Ok(list)) => events.extend(list.into_iter().map(|d| d.event)),
                Msg::Watch(Err(errors)) => {
                    errors.iter().for_each(|e| eprintln!("watch error: {e}"))
                }
                Msg::Search(made_for, result) => {
                    indexer.running = false;
                    match result {
                        Ok(files) if made_for == version => {
                            state.set_search(files);
                            publish(app, &state);
                            eprintln!("search index updated");
                        }
                        Ok(_) => indexer.stale = true,
                        Err(e) => eprintln!("error: the search index failed: {e:#}"),
                    }
                    if indexer.stale {
                        indexer.start(&state, version, &tx);
                    }
                }
            }
        }
        let changes = watch::changes(&events, &roots);
        if changes.is_empty() {
            continue;
        }
        pending.full |= changes.full;
        pending.files.extend(changes.files);
        let started = Instant::now();
        let result = if pending.full {
            State::full_with(state.source.clone(), false).map(|(mut s, o)| {
                s.set_search(state.search_files());
                state = s;
                o
            })
        } else {
            state.update(&pending.files)
        };
        match result {
            Ok(mut outcome) => {
                let at = Instant::now();
                publish(app, &state);
                outcome.stages.push(("publish", at.elapsed()));
                version += 1;
                touched.extend(pending.files.iter().cloned());
                let at = Instant::now();
                let problems = reload::problems(&state.diagnostics(), &touched, known);
                outcome.stages.push(("problems", at.elapsed()));
                app.channel.rebuilt(version, problems);
                log_build(&outcome, &state, started, timings);
                roots = self::roots(&state);
                pending = watch::Changes::default();
                indexer.start(&state, version, &tx);
            }
            Err(e) => {
                let message = format!("{e:#}");
                eprintln!("error: {message}\n(still serving the last good site)");
                app.channel.failed(message);
            }
        }
    }
}

/// Serve `state`'s files from now on.
fn publish(app: &App, state: &State) {
    *app.files.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(state.files.clone());
}

fn log_build(outcome: &Outcome, state: &State, started: Instant, timings: bool) {
    let errors = state
        .diagnostics()
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .count();
    eprintln!(
        "{} {} of {} pages in {:.1} ms ({errors} errors)",
        if outcome.full { "built" } else { "rebuilt" },
        outcome.rendered,
        outcome.pages,
        started.elapsed().as_secs_f64() * 1000.0
    );
    if timings {
        for (stage, took) in &outcome.stages {
            eprintln!("  {stage:<16} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
}
