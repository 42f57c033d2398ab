//! `innsite serve`: incremental rebuilds equal full builds after random edits; the server
//! shows edits, reloads, shows and clears problems; raw requests cannot leave the site.

use innsite::config::Overrides;
use innsite::serve::incremental::{Source, State};
use innsite::write::Stored;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

mod common;

use common::serving::{sample_copy, start};

fn source(dir: &Path) -> Source {
    Source {
        cwd: dir.to_path_buf(),
        config_file: Some(dir.join("site.toml")),
        overrides: Overrides {
            base_url: Some("/".into()),
            ..Default::default()
        },
    }
}

/// Every file of a full `innsite build` of `dir` (marker file left out).
fn full_build(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let src = source(dir);
    let out = dir.join("public");
    let overrides = Overrides {
        output: Some(out.clone()),
        ..src.overrides.clone()
    };
    let (cfg, diags) =
        innsite::config::load_in(dir, src.config_file.as_deref(), &overrides).unwrap();
    let loaded = innsite::load(&innsite::LoadOptions::from_config(&cfg), diags).unwrap();
    innsite::build::build(&cfg, &loaded, dir, &innsite::timings::Timings::new()).unwrap();
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel != innsite::write::MARKER {
                files.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    files
}

fn served(state: &State) -> BTreeMap<String, Vec<u8>> {
    state
        .files
        .iter()
        .map(|(k, v)| {
            let bytes = match v {
                Stored::Bytes(b) => b.to_vec(),
                Stored::Copy(p) => std::fs::read(p).unwrap(),
            };
            (k.clone(), bytes)
        })
        .collect()
}

fn assert_same(
    step: usize,
    what: &str,
    served: &BTreeMap<String, Vec<u8>>,
    built: &BTreeMap<String, Vec<u8>>,
) {
    let a: BTreeSet<&String> = served.keys().collect();
    let b: BTreeSet<&String> = built.keys().collect();
    assert_eq!(
        a, b,
        "step {step} ({what}): served and built file sets differ"
    );
    for (k, v) in built {
        if served[k] != *v {
            let (a, b) = (
                String::from_utf8_lossy(&served[k]),
                String::from_utf8_lossy(v),
            );
            let first = a
                .lines()
                .zip(b.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            panic!(
                "step {step} ({what}): {k} differs at line {first}\n--- served\n{}\n--- built\n{}",
                a.lines().nth(first).unwrap_or(""),
                b.lines().nth(first).unwrap_or("")
            );
        }
    }
}

/// The graph's page files, graph-relative.
fn pages(content: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(content)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|r| r.ends_with(".md") && !r.starts_with("logseq/"))
        .collect();
    v.sort();
    v
}

fn name_of(rel: &str) -> String {
    let stem = rel.rsplit('/').next().unwrap().trim_end_matches(".md");
    stem.replace("___", "/")
}

/// One random edit of the graph; gives what it did and the files it touched.
fn random_edit(rng: &mut fastrand::Rng, content: &Path, n: usize) -> (String, Vec<String>) {
    let files = pages(content);
    let pick = |rng: &mut fastrand::Rng| files[rng.usize(..files.len())].clone();
    let other = name_of(&pick(rng));
    match rng.u8(..10) {
        8 | 9 => {
            let word = if rng.bool() { "assumption" } else { "zebra" };
            let rel = pick(rng);
            let what = format!("wording {rel}");
            (
                what,
                vec![reword(content, &rel, rng.usize(..), &format!("{word} {n}"))],
            )
        }
        0 => {
            let rel = format!("pages/new page {n}.md");
            let text = format!(
                "weight:: {}\ntags:: {}\n\n- Links to [[{other}]] and #[[{}]]\n- {{{{embed [[{}]]}}}}\n",
                rng.u8(..60),
                name_of(&pick(rng)),
                name_of(&pick(rng)),
                name_of(&pick(rng))
            );
            std::fs::write(content.join(&rel), text).unwrap();
            ("add".into(), vec![rel])
        }
        1 => {
            let rel = pick(rng);
            std::fs::remove_file(content.join(&rel)).unwrap();
            ("delete".into(), vec![rel])
        }
        2 => {
            let rel = pick(rng);
            let to = format!("pages/renamed {n}.md");
            std::fs::rename(content.join(&rel), content.join(&to)).unwrap();
            ("rename".into(), vec![rel, to])
        }
        3 => edit(
            content,
            &pick(rng),
            |t| set_property(t, "weight", &rng.u8(..99).to_string()),
            "weight",
        ),
        4 => edit(
            content,
            &pick(rng),
            |t| set_property(t, "alias", &format!("alias {n}")),
            "alias",
        ),
        5 => edit(
            content,
            &pick(rng),
            |t| format!("{t}\n- {{{{embed [[{other}]]}}}}\n"),
            "embed",
        ),
        6 => edit(
            content,
            &pick(rng),
            |t| format!("{t}\n- edit {n} mentions [[{other}]]\n"),
            "text+link",
        ),
        _ => edit(
            content,
            &pick(rng),
            |t| t.lines().take(3).collect::<Vec<_>>().join("\n"),
            "truncate",
        ),
    }
}

fn edit(
    content: &Path,
    rel: &str,
    f: impl FnOnce(&str) -> String,
    what: &str,
) -> (String, Vec<String>) {
    let path = content.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, f(&text)).unwrap();
    (format!("{what} {rel}"), vec![rel.to_string()])
}

/// Append `words` to one bullet line of `rel` (the `pick`-th of those with plain text; the
/// file is left as it is when it has none): an edit of wording only. Gives `rel`.
fn reword(content: &Path, rel: &str, pick: usize, words: &str) -> String {
    let path = content.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let plain: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let l = lines[i].trim_start();
            let body = l.strip_prefix("- ").unwrap_or("").trim_start_matches('#');
            body.trim().len() > 2 && !body.contains(['{', '#', ':', '`', '<', '$', '|'])
        })
        .collect();
    if let Some(&i) = plain.get(pick % plain.len().max(1)) {
        lines[i] = format!("{} {words}", lines[i]);
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    rel.to_string()
}

/// Set a page property in the first lines (prepended when absent).
fn set_property(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}::");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match lines.iter().take(10).position(|l| l.starts_with(&prefix)) {
        Some(i) => lines[i] = format!("{prefix} {value}"),
        None => lines.insert(0, format!("{prefix} {value}")),
    }
    lines.join("\n") + "\n"
}

#[test]
fn random_edits_give_the_same_site_as_a_full_build() {
    let steps: usize = std::env::var("INNSITE_SERVE_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let dir = sample_copy();
    let content = dir.path().join("content");
    let (mut state, _) = State::full(source(dir.path())).unwrap();
    assert_same(0, "initial", &served(&state), &full_build(dir.path()));
    let mut rng = fastrand::Rng::with_seed(4);
    let mut partial = 0;
    for step in 1..=steps {
        let (what, touched) = random_edit(&mut rng, &content, step);
        let outcome = state.update(&touched.into_iter().collect()).unwrap();
        partial += usize::from(!outcome.full && outcome.rendered < outcome.pages);
        // The pages are right at once; the search index follows (as `serve` does it).
        let built = full_build(dir.path());
        let pages = |files: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
            let search = format!("{}/", innsite::search::DIR);
            files
                .iter()
                .filter(|(k, _)| !k.starts_with(&search))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        assert_same(step, &what, &pages(&served(&state)), &pages(&built));
        if let Some(job) = state.search_job() {
            state.set_search(job.run().unwrap());
        }
        assert_same(step, &what, &served(&state), &built);
    }
    assert!(
        partial > steps / 4,
        "only {partial} of {steps} rebuilds were partial"
    );
}

/// The pages showing an edited page's words, each kind of them: after each edit of wording
/// only, the graph is patched (not indexed again), few pages are rendered, and the site equals
/// a full build.
#[test]
fn wording_edits_patch_the_graph_and_redo_every_page_showing_the_words() {
    let dir = sample_copy();
    let content = dir.path().join("content");
    let (mut state, _) = State::full(source(dir.path())).unwrap();
    let handbook = "pages/Lean Loop Handbook.md";
    type Edit = Box<dyn Fn(&str) -> String>;
    // (what, file, edit, wording only)
    let edits: [(&str, &str, Edit, bool); 9] = [
        // The handbook stops linking to `contents`, which lists its headings (tocgen): from
        // then on only the table of contents ties them.
        (
            "unlink",
            handbook,
            Box::new(|t: &str| t.replacen("[[Contents]] is", "Contents is", 1)),
            false,
        ),
        (
            "heading",
            handbook,
            Box::new(|t: &str| t.replacen("## The loop rule", "## The loop law", 1)),
            true,
        ),
        // The block `Quick start` references and the handbook embeds.
        (
            "referenced block",
            handbook,
            Box::new(|t: &str| t.replacen("stubbornly", "doggedly", 1)),
            true,
        ),
        // The home page (`index.html`).
        (
            "home",
            "pages/dashboard.md",
            Box::new(|t: &str| t.replacen("## Core team", "## Core team members", 1)),
            true,
        ),
        // A block that matches the full-text query of `topic/Testing` (a new block: indexed
        // again), then its wording stops matching.
        (
            "query hit",
            "pages/Pivot.md",
            Box::new(|t: &str| format!("{t}- a new assumption\n")),
            false,
        ),
        (
            "query miss",
            "pages/Pivot.md",
            Box::new(|t: &str| t.replacen("a new assumption", "a new belief", 1)),
            true,
        ),
        // A page embedded by another (Persevere embeds Pivot).
        (
            "embedded",
            "pages/Pivot.md",
            Box::new(|t: &str| t.replacen("a new belief", "a new hunch", 1)),
            true,
        ),
        // A block referring to `customer-segment` embeds the interview script: the segment's
        // linked references show the script, so its wording shows there too.
        (
            "embed in a reference",
            "pages/Loose ends.md",
            Box::new(|t: &str| {
                format!(
                    "{t}- about [[customer-segment]]\n  - {{{{embed [[Customer Interview]]}}}}\n"
                )
            }),
            false,
        ),
        (
            "embedded in a reference",
            "pages/Customer Interview.md",
            Box::new(|t: &str| t.replacen("three questions", "four questions", 1)),
            true,
        ),
    ];
    for (step, (what, rel, change, wording)) in edits.iter().enumerate() {
        let path = content.join(rel);
        let before = std::fs::read_to_string(&path).unwrap();
        let after = change(&before);
        assert_ne!(before, after, "{what}: the edit changes nothing");
        std::fs::write(&path, after).unwrap();
        let outcome = state.update(&BTreeSet::from([rel.to_string()])).unwrap();
        assert_eq!(outcome.patched, *wording, "{what}");
        assert!(
            outcome.rendered < outcome.pages / 2,
            "{what}: {} of {} pages rendered",
            outcome.rendered,
            outcome.pages
        );
        if let Some(job) = state.search_job() {
            state.set_search(job.run().unwrap());
        }
        assert_same(step, what, &served(&state), &full_build(dir.path()));
    }
}

/// A raw HTTP/1.1 request; gives the whole response as text.
fn raw(port: u16, request: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The body of a raw HTTP response.
fn body(response: &str) -> String {
    response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

fn get(port: u16, path: &str) -> String {
    raw(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
}

/// A listener on the live-reload channel: collects `event: name` / `data:` pairs.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let req = format!(
            "GET /_innsite/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\r\n"
        );
        s.write_all(req.as_bytes()).unwrap();
        Events {
            reader: BufReader::new(s),
        }
    }

    /// The next event named `name` (others skipped); its data.
    fn next(&mut self, name: &str) -> String {
        let mut current = String::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("event within 20 s");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end();
            if let Some(ev) = line.strip_prefix("event: ") {
                current = ev.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if current == name {
                    return data.to_string();
                }
            }
        }
    }
}

#[test]
fn serve_shows_edits_reloads_and_shows_then_clears_problems() {
    let dir = sample_copy();
    let server = start(dir.path(), &["--port", "0"]);
    let port = server.port;
    let page = dir.path().join("content/pages/Pivot.md");
    let before = get(port, "/pivot/");
    assert!(before.starts_with("HTTP/1.1 200"), "{before}");
    assert!(before.contains("/_innsite/reload.js"), "no reload script");
    let mut events = Events::open(port);
    assert_eq!(events.next("problems"), "[]");

    let entry = |port| body(&get(port, "/_search/pagefind-entry.json"));
    let index_before = entry(port);
    assert!(index_before.contains("\"languages\""), "{index_before}");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n- Freshly written line 7319\n")).unwrap();
    events.next("reload");
    assert!(get(port, "/pivot/").contains("Freshly written line 7319"));
    // The search index follows the reload: its entry file names a new index.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while entry(port) == index_before {
        assert!(
            std::time::Instant::now() < deadline,
            "the search index was not updated"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    std::fs::write(
        &page,
        format!("{text}\n- Broken ((00000000-0000-0000-0000-00000000dead))\n"),
    )
    .unwrap();
    let problems = events.next("problems");
    assert!(problems.contains("pages/Pivot.md:"), "{problems}");
    assert!(problems.contains("dangling-block-ref"), "{problems}");
    std::fs::write(&page, &text).unwrap();
    assert_eq!(events.next("problems"), "[]");

    let toml = dir.path().join("site.toml");
    let good = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{good}\nno_such_key = 1\n")).unwrap();
    let problems = events.next("problems");
    assert!(problems.contains("no_such_key"), "{problems}");
    assert!(
        get(port, "/pivot/").starts_with("HTTP/1.1 200"),
        "last good site kept"
    );
    std::fs::write(&toml, good).unwrap();
    assert_eq!(events.next("problems"), "[]");
    events.next("reload");
}

#[test]
fn raw_requests_cannot_leave_the_site_and_foreigners_are_refused() {
    let dir = sample_copy();
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let server = start(dir.path(), &["--port", "0"]);
    let port = server.port;
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e%2fsecret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/index.html%00.css",
        "/_static/..%2f..%2fsecret.txt",
    ] {
        let r = get(port, path);
        assert!(
            r.starts_with("HTTP/1.1 404") || r.starts_with("HTTP/1.1 400"),
            "{path}: {}",
            r.lines().next().unwrap_or("")
        );
        assert!(!r.contains("top secret") && !r.contains("root:"), "{path}");
    }
    let foreign = raw(
        port,
        "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    let cross = raw(
        port,
        &format!("GET /_innsite/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n"),
    );
    assert!(cross.starts_with("HTTP/1.1 403"), "{cross}");
    let home = get(port, "/");
    assert!(home.starts_with("HTTP/1.1 200"));
    assert!(!home
        .to_ascii_lowercase()
        .contains("access-control-allow-origin"));
}

#[test]
fn a_busy_port_the_user_chose_is_a_clear_error() {
    let dir = sample_copy();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_innsite"))
        .args(["serve", "--port", &port])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("port {port}")) && err.contains("in use"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
