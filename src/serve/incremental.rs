//! Incremental rebuilds: the site kept in memory, and a rebuild that redoes only what a change
//! touches. Takes where the configuration comes from and the changed files; gives the site's
//! files (path → bytes) equal to what a full `innsite build` would write, with the
//! diagnostics. A rebuild that fails leaves the previous site as it was; nothing is written
//! to disk.
//!
//! Unchanged files keep their parsed form; the graph is indexed again (it is cheap next to
//! rendering); `affected` says which pages to render; the site-wide files (indexes, feeds,
//! navigation tree) are redone on every rebuild. The search index is made apart
//! ([`State::search_job`]) so that a rebuild does not wait for it.

use super::affected::{self, Links, Side};
use crate::build::{render_page, site_view, write_site_files, write_wording_files};
use crate::config::{self, Config, Overrides};
use crate::diagnostics::Diagnostic;
use crate::model::{ParsedPage, SourceFile};
use crate::render::context::Site;
use crate::render::nav::Nav;
use crate::theme::Theme;
use crate::timings::Timings;
use crate::write::{Output, Stored};
use crate::{LoadOptions, Loaded};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where the configuration comes from, as on the command line.
#[derive(Debug, Clone)]
pub struct Source {
    pub cwd: PathBuf,
    pub config_file: Option<PathBuf>,
    pub overrides: Overrides,
}

/// The site's files by site-relative path (`a/index.html`).
pub type Files = BTreeMap<String, Stored>;

/// What a rebuild redid, for the log and the benchmark.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Pages rendered.
    pub rendered: usize,
    /// Pages of the site.
    pub pages: usize,
    /// True when everything was redone.
    pub full: bool,
    /// True when the edit changed only wording and the graph was patched, not indexed again
    /// (see [`crate::graph::patch`]).
    pub patched: bool,
    /// How long each stage took (`innsite serve --timings` prints them).
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

/// The built site and what the next rebuild needs to know.
pub struct State {
    pub source: Source,
    pub config: Config,
    config_diagnostics: Vec<Diagnostic>,
    theme: Theme,
    /// Parsed files by graph-relative path.
    parsed: HashMap<String, (SourceFile, ParsedPage)>,
    pub loaded: Loaded,
    nav: Nav,
    /// What the pages of `loaded` show of each other (kept until the links change).
    links: Links,
    /// Per page key: its output path and render diagnostics.
    pages: HashMap<String, (String, Vec<Diagnostic>)>,
    site_files: BTreeSet<String>,
    /// The search index's files (made apart from the rebuild, see [`State::search_job`]).
    search_files: BTreeSet<String>,
    site_diagnostics: Vec<Diagnostic>,
    pub files: Files,
}

/// Making the search index of one state of the site: the documents are taken at once, the
/// indexing (the slow part) runs wherever the caller likes, off the rebuild path.
pub struct SearchJob {
    docs: Vec<crate::search::Document>,
    language: String,
}

impl SearchJob {
    /// Index the documents; the files by site-relative path (`_search/…`).
    pub fn run(self) -> Result<Vec<(String, Stored)>> {
        let files = std::sync::Mutex::new(Vec::new());
        let keep = |rel: String, bytes: Vec<u8>| -> Result<()> {
            let path = format!("{}/{rel}", crate::search::DIR);
            let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
            files.push((path, Stored::Bytes(bytes.into())));
            Ok(())
        };
        let doc = |i: usize| self.docs.get(i).map(std::borrow::Cow::Borrowed);
        crate::search::index(self.docs.len(), &doc, &self.language, &keep)?;
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    }
}

impl State {
    /// Load everything and render the whole site, search index included.
    pub fn full(source: Source) -> Result<(State, Outcome)> {
        Self::full_with(source, true)
    }

    /// [`State::full`]; without `search`, the site has no search index until
    /// [`State::set_search`].
    pub fn full_with(source: Source, search: bool) -> Result<(State, Outcome)> {
        let (config, config_diagnostics) = config::load_in(
            &source.cwd,
            source.config_file.as_deref(),
            &source.overrides,
        )?;
        let theme = Theme::load(&site_dir(&source, &config), &config.theme)?;
        let timings = Timings::new();
        let parsed = Mutex::new(HashMap::new());
        let loaded = crate::load_with(
            &LoadOptions::from_config(&config),
            config_diagnostics.clone(),
            &|f: &SourceFile| {
                let page = crate::parse_file(f, config.graph.name_format);
                let mut map = parsed.lock().unwrap_or_else(|e| e.into_inner());
                map.insert(f.rel_path.clone(), (f.clone(), page.clone()));
                page
            },
            &timings,
            None,
        )?;
        let mut state = State {
            source,
            config,
            config_diagnostics,
            theme,
            parsed: parsed.into_inner().unwrap_or_else(|e| e.into_inner()),
            loaded,
            nav: Nav::default(),
            links: Links::default(),
            pages: HashMap::new(),
            site_files: BTreeSet::new(),
            search_files: BTreeSet::new(),
            site_diagnostics: Vec::new(),
            files: Files::new(),
        };
        let n = state.loaded.graph.pages.len();
        let rendered = Rendered::new(
            &state.loaded,
            &state.config,
            &state.theme,
            Plan::All,
            &timings,
        )?;
        timings.time("apply", || state.apply(rendered));
        if let Some(job) = state.search_job().filter(|_| search) {
            let files = timings.time("search index", || job.run())?;
            state.set_search(files);
        }
        Ok((
            state,
            Outcome {
                rendered: n,
                pages: n,
                full: true,
                patched: false,
                stages: timings.stages(),
            },
        ))
    }

    /// Take in changed graph files (graph-relative paths; added, changed or removed).
    pub fn update(&mut self, changed: &BTreeSet<String>) -> Result<Outcome> {
        let timings = Timings::new();
        if let Some(outcome) = self.update_wording(changed, &timings)? {
            return Ok(outcome);
        }
        let name_format = self.config.graph.name_format;
        let parsed_before = &self.parsed;
        let fresh = Mutex::new(HashMap::new());
        let loaded = crate::load_with(
            &LoadOptions::from_config(&self.config),
            self.config_diagnostics.clone(),
            &|f: &SourceFile| match parsed_before.get(&f.rel_path) {
                Some((sf, page)) if sf == f && !changed.contains(&f.rel_path) => page.clone(),
                _ => {
                    let page = crate::parse_file(f, name_format);
                    let mut map = fresh.lock().unwrap_or_else(|e| e.into_inner());
                    map.insert(f.rel_path.clone(), (f.clone(), page.clone()));
                    page
                }
            },
            &timings,
            self.same_files(changed).then_some(&self.loaded.discovery),
        )?;
        let fresh = fresh.into_inner().unwrap_or_else(|e| e.into_inner());
        let started = std::time::Instant::now();
        let rendered = Rendered::new(
            &loaded,
            &self.config,
            &self.theme,
            Plan::Compare {
                before: self,
                changed,
            },
            &timings,
        )?;
        timings.record("render (total)", started.elapsed());
        let mut outcome = Outcome {
            rendered: rendered.pages.len(),
            pages: loaded.graph.pages.len(),
            full: rendered.full,
            patched: false,
            stages: vec![],
        };
        self.parsed.retain(|rel, _| !changed.contains(rel));
        self.parsed.extend(fresh);
        // Freeing the old graph takes a few milliseconds; it need not delay the reload.
        let old = std::mem::replace(&mut self.loaded, loaded);
        std::thread::spawn(move || drop(old));
        timings.time("apply", || self.apply(rendered));
        outcome.stages = timings.stages();
        Ok(outcome)
    }

    /// The rebuild of an edit that changed only the wording of existing pages (see
    /// [`crate::graph::patch`]): the new parses are swapped into the graph, and the pages
    /// showing the edited words are rendered again. `None` (nothing changed) when the edit is
    /// of another kind. A failed rendering leaves the state as it was.
    fn update_wording(
        &mut self,
        changed: &BTreeSet<String>,
        timings: &Timings,
    ) -> Result<Option<Outcome>> {
        let Some(fresh) = timings.time("parse", || self.reparse_wording(changed)) else {
            return Ok(None);
        };
        let edited: BTreeSet<usize> = fresh.iter().map(|(id, _, _)| *id).collect();
        let old = Side {
            graph: &self.loaded.graph,
            nav: &self.nav,
            links: &self.links,
        };
        let mut hits = timings.time("queries", || affected::query_hits(&old, &edited));
        let mut patched = Vec::new();
        for (id, file, page) in fresh {
            let before = &self.parsed[&file.rel_path].1;
            // Checked by `reparse_wording`: it cannot refuse.
            if self
                .loaded
                .graph
                .patch_text(id, before, page.clone())
                .is_some()
            {
                patched.push((id, file, page));
            }
        }
        let new = Side {
            graph: &self.loaded.graph,
            nav: &self.nav,
            links: &self.links,
        };
        hits.extend(timings.time("queries", || affected::query_hits(&new, &edited)));
        let keys = timings.time("affected", || affected::text_edit(&new, &edited, &hits));
        let started = std::time::Instant::now();
        let plan = Plan::Wording(keys);
        let rendered = match Rendered::new(&self.loaded, &self.config, &self.theme, plan, timings) {
            Ok(rendered) => rendered,
            Err(e) => {
                // The previous site stays: so does the graph it was made from.
                for (id, file, page) in patched {
                    let before = self.parsed[&file.rel_path].1.clone();
                    self.loaded.graph.patch_text(id, &page, before);
                }
                return Err(e);
            }
        };
        for (_, file, page) in patched {
            self.parsed.insert(file.rel_path.clone(), (file, page));
        }
        timings.record("render (total)", started.elapsed());
        let outcome = Outcome {
            rendered: rendered.pages.len(),
            pages: self.loaded.graph.pages.len(),
            full: false,
            patched: true,
            stages: vec![],
        };
        timings.time("apply", || self.apply(rendered));
        Ok(Some(Outcome {
            stages: timings.stages(),
            ..outcome
        }))
    }

    /// Parse the changed files again when each is the one file of a page and its edit
    /// changed only wording: (page, file, new parse) per file; `None` otherwise.
    fn reparse_wording(
        &self,
        changed: &BTreeSet<String>,
    ) -> Option<Vec<(usize, SourceFile, ParsedPage)>> {
        if !self.same_files(changed) {
            return None;
        }
        let format = self.config.graph.name_format;
        changed
            .iter()
            .map(|rel| {
                let (file, before) = self.parsed.get(rel)?;
                if file.kind != crate::model::SourceKind::Markdown {
                    return None;
                }
                let id = self.loaded.graph.page_of_file(rel)?;
                let page = crate::parse_file(file, format);
                crate::graph::patch::same_but_text(before, &page).then(|| (id, file.clone(), page))
            })
            .collect()
    }

    /// True when every changed path is a page file that was there before and still is a
    /// file: the folder need not be walked again (the list of files is the same).
    fn same_files(&self, changed: &BTreeSet<String>) -> bool {
        let pages = &self.loaded.discovery.pages;
        changed.iter().all(|rel| {
            pages
                .binary_search_by(|f| f.rel_path.as_str().cmp(rel))
                .is_ok_and(|i| {
                    // Not followed: a page replaced by a symbolic link is scanned again (and
                    // skipped, as a scan skips links).
                    std::fs::symlink_metadata(&pages[i].abs_path).is_ok_and(|m| m.is_file())
                })
        })
    }

    /// The search index of the current site, to make and hand back with [`State::set_search`]
    /// (`None` when `site.toml` turns search off). Until then the site keeps the index of an
    /// earlier state: `innsite serve` reloads the pages first and swaps the index in after.
    pub fn search_job(&self) -> Option<SearchJob> {
        if !self.config.search {
            return None;
        }
        let site = Site::new(&self.loaded.graph, &self.config);
        Some(SearchJob {
            docs: crate::search::documents(&site),
            language: self.config.language.clone(),
        })
    }

    /// Replace the search index's files with those of a [`SearchJob`].
    pub fn set_search(&mut self, files: Vec<(String, Stored)>) {
        for path in std::mem::take(&mut self.search_files) {
            self.files.remove(&path);
        }
        for (path, stored) in files {
            self.search_files.insert(path.clone());
            self.files.insert(path, stored);
        }
    }

    /// The search index's files as they are now.
    pub fn search_files(&self) -> Vec<(String, Stored)> {
        self.search_files
            .iter()
            .filter_map(|p| Some((p.clone(), self.files.get(p)?.clone())))
            .collect()
    }

    /// Every diagnostic of the current site, sorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.loaded.diagnostics.iter().cloned().collect();
        all.extend(self.pages.values().flat_map(|(_, d)| d.iter().cloned()));
        all.extend(self.site_diagnostics.iter().cloned());
        all.sort();
        all.dedup();
        all
    }

    /// The folders and files whose change calls for a full rebuild (configuration, theme).
    pub fn config_paths(&self) -> Vec<PathBuf> {
        let dir = site_dir(&self.source, &self.config);
        let mut paths = vec![
            self.config
                .config_file
                .clone()
                .unwrap_or_else(|| dir.join("site.toml")),
            dir.join("themes").join(&self.config.theme),
            self.config.content.join("logseq").join("config.edn"),
        ];
        paths.extend(self.config.custom_css.iter().map(|c| dir.join(c)));
        paths
    }

    /// Replace the site's files with a new rendering (pages rendered again and site files).
    fn apply(&mut self, r: Rendered) {
        let graph = &self.loaded.graph;
        if r.full {
            self.files
                .retain(|path, _| self.search_files.contains(path));
            self.pages.clear();
        }
        let live: HashSet<&str> = graph.pages.iter().map(|p| p.key.as_str()).collect();
        let gone: Vec<String> = self
            .pages
            .keys()
            .filter(|k| !live.contains(k.as_str()) || r.pages.contains_key(k.as_str()))
            .cloned()
            .collect();
        for key in gone {
            if let Some((path, _)) = self.pages.remove(&key) {
                self.files.remove(&path);
            }
        }
        if r.all_site_files {
            for path in std::mem::take(&mut self.site_files) {
                self.files.remove(&path);
            }
        }
        for (key, (path, html, diags)) in r.pages {
            self.files.insert(path.clone(), Stored::Bytes(html.into()));
            self.pages.insert(key, (path, diags));
        }
        for (path, stored) in r.site_files {
            self.site_files.insert(path.clone());
            self.files.insert(path, stored);
        }
        self.site_diagnostics = r.site_diagnostics;
        self.nav = r.nav;
        if let Some(links) = r.links {
            self.links = links;
        }
    }
}

/// Which pages a rendering pass renders.
enum Plan<'a> {
    /// Every page, and every site-wide file.
    All,
    /// The pages that differ from the site `before`, which `changed` files were edited since
    /// (all when that cannot be told), and every site-wide file.
    Compare {
        before: &'a State,
        changed: &'a BTreeSet<String>,
    },
    /// These pages (by key) after an edit of wording only, and the site-wide files showing
    /// wording.
    Wording(BTreeSet<String>),
}

/// The output of one rendering pass.
struct Rendered {
    full: bool,
    /// Page key → (path, html, diagnostics).
    pages: HashMap<String, (String, Vec<u8>, Vec<Diagnostic>)>,
    site_files: Files,
    /// False when `site_files` holds only the files an edit of wording changes.
    all_site_files: bool,
    site_diagnostics: Vec<Diagnostic>,
    nav: Nav,
    /// The links of the new graph, when they may differ from the previous one's.
    links: Option<Links>,
}

impl Rendered {
    /// Render the pages of `loaded` that `plan` names, and the site-wide files.
    fn new(
        loaded: &Loaded,
        config: &Config,
        theme: &Theme,
        plan: Plan,
        timings: &Timings,
    ) -> Result<Rendered> {
        let graph = &loaded.graph;
        let mut site = timings.time("site", || Site::new(graph, config));
        let wording = matches!(plan, Plan::Wording(_));
        // The graph-view index (every page's local graph needs it) is made beside `affected`,
        // which runs on one core. The query index is not: most edits render no query page.
        let ((keys, links), ()) = rayon::join(
            || {
                timings.time("affected", || match plan {
                    Plan::All => (None, Some(Links::new(graph, config))),
                    Plan::Compare { before, changed } => {
                        let links = Links::new(graph, config);
                        let old = Side {
                            graph: &before.loaded.graph,
                            nav: &before.nav,
                            links: &before.links,
                        };
                        let new = Side {
                            graph,
                            nav: &site.nav,
                            links: &links,
                        };
                        let keys = affected::affected(&old, &new, Some(changed));
                        (keys, Some(links))
                    }
                    Plan::Wording(keys) => (Some(keys), None),
                })
            },
            || {
                site.graph_view.get(&site);
            },
        );
        let ids: Vec<usize> = match &keys {
            Some(keys) => keys
                .iter()
                .filter_map(|k| graph.by_key.get(k).copied())
                .collect(),
            None => (0..graph.pages.len()).collect(),
        };
        let sv = site_view(&site);
        let out = Output::in_memory();
        let (pages, site_diagnostics) = rayon::join(
            || {
                timings.time("render pages", || {
                    ids.par_iter()
                        .map(|&id| {
                            let (path, html, diags) = render_page(&site, &sv, theme, id)
                                .with_context(|| {
                                    format!("while rendering page '{}'", graph.pages[id].name)
                                })?;
                            Ok((graph.pages[id].key.clone(), (path, html, diags)))
                        })
                        .collect::<Result<HashMap<_, _>>>()
                })
            },
            || match &keys {
                Some(keys) if wording => timings.time("site files", || {
                    write_wording_files(&site, &sv, theme, &out, keys)
                }),
                _ => {
                    let (files, graph_page) = rayon::join(
                        || write_site_files(&site, &sv, theme, &out, timings),
                        || {
                            timings.time("graph view", || {
                                crate::graphview::write_global(&site, &sv, theme, &out)
                            })
                        },
                    );
                    graph_page?;
                    files.map(|(d, _)| d)
                }
            },
        );
        let pages = pages?;
        let site_diagnostics = site_diagnostics?;
        drop(sv);
        let nav = std::mem::take(&mut site.nav);
        Ok(Rendered {
            full: keys.is_none(),
            pages,
            site_files: out.into_files(),
            all_site_files: !wording,
            site_diagnostics,
            nav,
            links,
        })
    }
}

/// The folder `site.toml` is in (themes are looked up there), else the current folder.
fn site_dir(source: &Source, config: &Config) -> PathBuf {
    config
        .config_file
        .as_deref()
        .and_then(Path::parent)
        .map_or_else(|| source.cwd.clone(), Path::to_path_buf)
}
