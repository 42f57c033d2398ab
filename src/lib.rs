//! innsite publishes a Logseq graph as a fast, themed, fully static website.
//!
//! The pipeline, one module per stage, each taking and giving plain values:
//!
//! ```text
//! site.toml + logseq/config.edn ──config──► Config
//! graph folder ──discover──► SourceFile list + assets
//!              ──parse─────► ParsedPage per file        (parallel, pure)
//!              ──graph─────► Graph                      (names, stubs, aliases, backlinks)
//!              ──resolve───► embed rules and diagnostics
//! ```
//!
//! [`load`] runs the stages up to a checked graph; `check` reports on it.

pub mod build;
pub mod byteset;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod graph;
pub mod graphview;
pub mod init;
pub mod math;
pub mod memo;
pub mod model;
pub mod name;
pub mod parse;
pub mod publish;
pub mod query;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod theme;
pub mod timings;
pub mod write;

use anyhow::Result;
use diagnostics::{Diagnostic, Diagnostics, Kind};
use graph::{Graph, GraphOptions};
use model::{ParsedPage, SourceFile, SourceKind};
use rayon::prelude::*;
use std::path::PathBuf;

/// What loading a graph needs to know.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The graph folder.
    pub content: PathBuf,
    /// Folders inside the graph to leave out (the output folder).
    pub exclude: Vec<PathBuf>,
    /// `config.edn` `:hidden`.
    pub hidden: Vec<String>,
    pub name_format: name::NameFormat,
    pub graph: GraphOptions,
    /// `config.edn` `:favorites`, checked for existence.
    pub favorites: Vec<String>,
    /// Process-wide caches to make beside the graph index.
    pub warm_up: WarmUp,
}

/// Process-wide caches a build will need, made while the graph is indexed: the index keeps
/// one core busy for much of its time (its serial steps), and the other would otherwise make
/// them later, beside the pages or alone at the start of the search index. `innsite check`
/// leaves them out; in `innsite serve` they are made once, by the first build.
#[derive(Debug, Clone, Default)]
pub struct WarmUp {
    /// The language of the search client to make (`None`: no search index).
    pub search_client: Option<String>,
    /// Load the code highlighter's syntaxes when a block of the graph holds a code fence.
    pub highlighter: bool,
}

impl WarmUp {
    /// Make what `self` names, the highlighter only when the graph `has_code`; never fails:
    /// a cache that cannot be made here is made, and its error reported, where it is used.
    fn run(&self, has_code: bool) {
        rayon::join(
            || {
                if let Some(language) = &self.search_client {
                    search::warm_up(language);
                }
            },
            || {
                if self.highlighter && has_code {
                    render::markdown::warm_up();
                }
            },
        );
    }
}

/// Whether a block of `page` may hold fenced or `#+BEGIN_SRC` code (a cheap byte search; a
/// false positive only loads the highlighter early).
fn has_code_fence(page: &ParsedPage) -> bool {
    static FENCE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("```"));
    page.blocks.iter().any(|b| {
        let text = b.content.as_bytes();
        FENCE.find(text).is_some() || memchr::memmem::find(text, b"#+BEGIN_SRC").is_some()
    })
}

/// A loaded, indexed and checked graph.
#[derive(Debug)]
pub struct Loaded {
    pub graph: Graph,
    /// Every diagnostic of every stage, sorted.
    pub diagnostics: Diagnostics,
    pub files_read: usize,
    pub skipped_files: usize,
    /// Embeds, block refs and queries written in the files (duplicate files included).
    pub written: check::RefCounts,
    /// The files the graph was read from.
    pub discovery: discover::Discovery,
}

/// Discover, parse (in parallel) and index the graph; collect every diagnostic.
pub fn load(options: &LoadOptions, diagnostics: Vec<Diagnostic>) -> Result<Loaded> {
    load_timed(options, diagnostics, &timings::Timings::new())
}

/// [`load`], recording its stages in `timings`.
pub fn load_timed(
    options: &LoadOptions,
    diagnostics: Vec<Diagnostic>,
    timings: &timings::Timings,
) -> Result<Loaded> {
    load_with(
        options,
        diagnostics,
        &|f| parse_file(f, options.name_format),
        timings,
        None,
    )
}

/// Threads that read and parse the graph's files: more than the cores, so that a graph not
/// in the page cache (a first build, or one after other large programs ran) has that many
/// reads waiting on the disk at once instead of one per core. 10,000 pages read cold: the
/// parse stage took 1.7 s with two threads, 0.7 s with eight (sixteen were no faster), 0.3 s
/// warm.
const READERS: usize = 8;

/// Each file parsed by `parse`, in order, on the [`READERS`] threads (made once per process;
/// on the global pool should they fail to start).
fn parse_all(
    pages: &[SourceFile],
    parse: &(dyn Fn(&SourceFile) -> ParsedPage + Sync),
) -> Vec<ParsedPage> {
    static READING: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = READING.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(READERS.max(rayon::current_num_threads()))
            .thread_name(|i| format!("innsite-read-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(|| pages.par_iter().map(parse).collect()),
        None => pages.par_iter().map(parse).collect(),
    }
}

/// [`load`] with the parsing of one file supplied by the caller (`innsite serve` reuses the
/// pages of files that did not change) and, when given, the files of an earlier scan instead
/// of a new one (`innsite serve`, when only existing pages changed).
pub fn load_with(
    options: &LoadOptions,
    mut diagnostics: Vec<Diagnostic>,
    parse: &(dyn Fn(&SourceFile) -> ParsedPage + Sync),
    timings: &timings::Timings,
    scanned: Option<&discover::Discovery>,
) -> Result<Loaded> {
    let discover_opts = discover::DiscoverOptions {
        hidden: options.hidden.clone(),
        exclude: options.exclude.clone(),
    };
    let found = match scanned {
        Some(found) => found.clone(),
        None => timings.time("scan", || {
            discover::discover(&options.content, &discover_opts)
        })?,
    };
    let discovery = found.clone();
    let skipped_files = found.skipped
        + found
            .diagnostics
            .iter()
            .filter(|d| d.kind == Kind::SkippedFile)
            .count();
    diagnostics.extend(found.diagnostics);
    let parsed: Vec<ParsedPage> = timings.time("parse", || parse_all(&found.pages, parse));
    let files_read = parsed.len();
    let written = check::RefCounts::of(parsed.iter().flat_map(|p| &p.blocks));
    // The warm-up reads the parsed pages, which the graph index takes: it looks for code
    // first (stopping at the first fence), then runs beside the index.
    let code = options.warm_up.highlighter && parsed.par_iter().any(has_code_fence);
    let (mut graph, ()) = rayon::join(
        || {
            timings.time("graph", || {
                graph::build(parsed, found.assets, &options.graph)
            })
        },
        || timings.time("warm-up", || options.warm_up.run(code)),
    );
    diagnostics.append(&mut graph.diagnostics);
    diagnostics.extend(timings.time("check embeds", || resolve::embed::check(&graph)));
    diagnostics.extend(check_favorites(&graph, &options.favorites));
    Ok(Loaded {
        graph,
        diagnostics: check::sorted(diagnostics),
        files_read,
        skipped_files,
        written,
        discovery,
    })
}

/// Read and parse one file; an unreadable file becomes an empty page with a diagnostic.
pub fn parse_file(file: &SourceFile, format: name::NameFormat) -> ParsedPage {
    match std::fs::read(&file.abs_path) {
        Ok(bytes) => match file.kind {
            SourceKind::Markdown => parse::parse_page(file, &bytes, format),
            SourceKind::Whiteboard => parse::whiteboard::parse_whiteboard(file, &bytes),
        },
        Err(e) => {
            let mut page = parse::parse_page(file, b"", format);
            page.diagnostics.push(Diagnostic::error(
                Kind::UnreadableFile,
                &file.rel_path,
                None,
                format!("cannot read: {e}"),
            ));
            page
        }
    }
}

/// Favorites that name no page (Logseq silently leaves them out of the sidebar).
fn check_favorites(graph: &Graph, favorites: &[String]) -> Vec<Diagnostic> {
    favorites
        .iter()
        .filter(|f| {
            graph
                .page_by_name(f)
                .is_none_or(|id| graph.pages[id].kind == graph::PageKind::Stub)
        })
        .map(|f| {
            let msg = format!("favorite '{f}' names no page; it is left out of the navigation");
            Diagnostic::warning(Kind::MissingFavorite, "logseq/config.edn", None, msg)
        })
        .collect()
}

impl LoadOptions {
    /// The loading options a site configuration implies. The output folder is excluded from
    /// discovery when it lies inside the graph.
    pub fn from_config(cfg: &config::Config) -> LoadOptions {
        let keys = cfg
            .navigation
            .order
            .iter()
            .map(|k| graph::OrderKey {
                property: k.property.clone(),
                descending: k.direction == config::Direction::Desc,
            })
            .collect();
        LoadOptions {
            content: cfg.content.clone(),
            exclude: vec![cfg.output.clone()],
            hidden: cfg.graph.hidden.clone(),
            name_format: cfg.graph.name_format,
            graph: GraphOptions {
                ordering: graph::Ordering { keys },
                resolve_slug_twins: cfg.resolve_slug_twins,
                all_pages_public: cfg.graph.all_pages_public,
                journals: cfg.graph.journals.clone(),
            },
            favorites: cfg.graph.favorites.clone(),
            warm_up: WarmUp {
                search_client: cfg.search.then(|| cfg.language.clone()),
                highlighter: true,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::sync::Mutex;

    #[test]
    fn files_are_parsed_in_their_order_by_the_reading_threads() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<SourceFile> = (0..300)
            .map(|i| {
                let rel_path = format!("pages/p{i:03}.md");
                let abs_path = dir.path().join(format!("p{i:03}.md"));
                std::fs::write(&abs_path, format!("- block {i}\n")).unwrap();
                SourceFile {
                    rel_path,
                    abs_path,
                    kind: SourceKind::Markdown,
                }
            })
            .collect();
        let threads = Mutex::new(BTreeSet::new());
        let parsed = parse_all(&files, &|f| {
            let name = std::thread::current().name().unwrap_or("").to_string();
            threads.lock().unwrap().insert(name);
            parse_file(f, name::NameFormat::default())
        });
        let names: Vec<String> = parsed.iter().map(|p| p.name.clone()).collect();
        let expected: Vec<String> = (0..300).map(|i| format!("p{i:03}")).collect();
        assert_eq!(names, expected, "in file order");
        assert!(parsed
            .iter()
            .enumerate()
            .all(|(i, p)| p.blocks[0].content == format!("block {i}")));
        let threads = threads.into_inner().unwrap();
        assert!(
            threads.iter().all(|t| t.starts_with("innsite-read-")),
            "{threads:?}"
        );
    }

    fn parsed(text: &str) -> ParsedPage {
        let file = SourceFile {
            rel_path: "pages/p.md".into(),
            abs_path: "pages/p.md".into(),
            kind: SourceKind::Markdown,
        };
        parse::parse_page(&file, text.as_bytes(), name::NameFormat::default())
    }

    #[test]
    fn code_is_found_in_any_block_fenced_or_begin_src() {
        assert!(has_code_fence(&parsed(
            "- a\n- ```rust\n  fn f() {}\n  ```\n"
        )));
        assert!(has_code_fence(&parsed(
            "- a\n  - b\n    - #+BEGIN_SRC sh\n      ls\n      #+END_SRC\n"
        )));
        assert!(!has_code_fence(&parsed("- a `code` span\n- b [[link]]\n")));
    }

    #[test]
    fn a_build_warms_its_caches_up_beside_the_graph_index() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pages")).unwrap();
        std::fs::write(
            dir.path().join("pages/a.md"),
            "- ```rust\n  fn f() {}\n  ```\n",
        )
        .unwrap();
        let config = config::Config {
            content: dir.path().to_path_buf(),
            ..config::Config::defaults_in(dir.path())
        };
        let options = LoadOptions::from_config(&config);
        assert_eq!(options.warm_up.search_client.as_deref(), Some("en"));
        assert!(options.warm_up.highlighter);
        let timings = timings::Timings::new();
        let loaded = load_timed(&options, Vec::new(), &timings).unwrap();
        assert_eq!(loaded.graph.sources.len(), 1);
        let table = timings.table();
        assert!(
            table.contains("warm-up") && table.contains("graph"),
            "{table}"
        );
        let without_search = config::Config {
            search: false,
            ..config
        };
        assert_eq!(
            LoadOptions::from_config(&without_search)
                .warm_up
                .search_client,
            None
        );
    }
}
