//! Watching: raw file-system events → the changes a rebuild needs, and the watcher itself.
//!
//! [`changes`] is pure: it takes a batch of notify events (one debounced burst: an editor's
//! save by rename, temp file or remove+create is one burst) and the watched roots, and gives
//! the graph files to read again, or "everything" for configuration, theme and asset changes.
//! It ignores editor temp and backup files, dot-folders (`.git`), Logseq's `logseq/bak` and
//! `logseq/.recycle`, and the output folder. [`start`] runs notify with a debouncer and falls
//! back to polling when inotify is exhausted ("No space left on device").

use notify::event::{EventKind, ModifyKind};
use notify::{Event, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, FileIdMap, RecommendedCache,
};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// What is watched.
#[derive(Debug, Clone)]
pub struct Roots {
    /// The graph folder.
    pub content: PathBuf,
    /// The output folder (changes there are never ours to react to).
    pub output: PathBuf,
    /// Files and folders whose change redoes everything (site.toml, theme, config.edn).
    pub config: Vec<PathBuf>,
}

/// What a burst of events calls for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Reload the configuration and theme and render everything.
    pub full: bool,
    /// Graph files (graph-relative, `/`-separated) added, changed or removed.
    pub files: BTreeSet<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.full && self.files.is_empty()
    }
}

/// The changes a burst of raw events calls for.
pub fn changes(events: &[Event], roots: &Roots) -> Changes {
    let mut out = Changes::default();
    for event in events {
        if !relevant(&event.kind) {
            continue;
        }
        for path in &event.paths {
            classify(path, &event.kind, roots, &mut out);
        }
    }
    out
}

/// Reads and metadata-only changes (`touch`, permissions) change no content.
fn relevant(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

fn classify(path: &Path, kind: &EventKind, roots: &Roots, out: &mut Changes) {
    if path.starts_with(&roots.output) || is_scratch(path) {
        return;
    }
    if roots.config.iter().any(|c| path.starts_with(c)) {
        out.full = true;
        return;
    }
    let Ok(rel) = path.strip_prefix(&roots.content) else {
        return;
    };
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.is_empty() || ignored_folder(&parts) {
        return;
    }
    if parts[0] == "assets" {
        // An asset's bytes are served from disk; only its existence changes pages.
        if !matches!(kind, EventKind::Modify(ModifyKind::Data(_))) {
            out.full = true;
        }
        return;
    }
    let rel = parts.join("/");
    let is_page = rel.ends_with(".md") || rel.ends_with(".edn") || rel.ends_with(".markdown");
    let maybe_folder = !parts.last().is_some_and(|n| n.contains('.'));
    if is_page || (maybe_folder && !matches!(kind, EventKind::Modify(ModifyKind::Data(_)))) {
        out.files.insert(rel);
    }
}

/// Dot-folders (`.git`, `.recycle`), Logseq's backups (`logseq/bak`) and its own files.
fn ignored_folder(parts: &[String]) -> bool {
    let dotted = parts.iter().any(|p| p.starts_with('.'));
    let logseq_internal = parts[0] == "logseq" && parts.get(1).is_some_and(|p| p == "bak");
    dotted || logseq_internal
}

/// Editors' temporary and backup files: vim (`.swp`, `~`, `4913`), emacs (`#x#`, `.#x`),
/// JetBrains (`___jb_tmp___`, `___jb_old___`), Helix (`.bck`), and the usual `.tmp`/`.bak`.
fn is_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    const ENDINGS: &[&str] = &[
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".tmp",
        ".bck",
        ".bak",
        ".orig",
        ".crswap",
        "___jb_tmp___",
        "___jb_old___",
    ];
    ENDINGS.iter().any(|e| name.ends_with(e))
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
}

/// A running watcher; dropping it stops watching.
pub enum Watcher {
    Native(notify_debouncer_full::Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    Poll(notify_debouncer_full::Debouncer<notify::PollWatcher, FileIdMap>),
}

/// How long a burst of events may last: an editor's save is one burst.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// Watch `paths` (folders recursively, files through their folder), sending each burst to
/// `tx`. Uses polling when `poll` is set or when the system's watches are exhausted; the
/// string is a note for the user when that fallback happened.
pub fn start(
    paths: &[PathBuf],
    poll: bool,
    tx: Sender<DebounceEventResult>,
) -> anyhow::Result<(Watcher, Option<String>)> {
    if !poll {
        match native(paths, tx.clone()) {
            Ok(w) => return Ok((Watcher::Native(w), None)),
            Err(e) if exhausted(&e) => {
                let note = format!(
                    "the system's file watches are exhausted ({e}); falling back to polling every \
                     second. Raise the limit with `sudo sysctl fs.inotify.max_user_watches=524288` \
                     (and fs.inotify.max_user_instances), or pass --poll to skip this message"
                );
                return Ok((Watcher::Poll(polling(paths, tx)?), Some(note)));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok((Watcher::Poll(polling(paths, tx)?), None))
}

fn native(
    paths: &[PathBuf],
    tx: Sender<DebounceEventResult>,
) -> notify::Result<notify_debouncer_full::Debouncer<notify::RecommendedWatcher, RecommendedCache>>
{
    let mut d = new_debouncer(DEBOUNCE, None, tx)?;
    for (p, mode) in targets(paths) {
        d.watch(&p, mode)?;
    }
    Ok(d)
}

fn polling(
    paths: &[PathBuf],
    tx: Sender<DebounceEventResult>,
) -> anyhow::Result<notify_debouncer_full::Debouncer<notify::PollWatcher, FileIdMap>> {
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
    let mut d = new_debouncer_opt::<_, notify::PollWatcher, FileIdMap>(
        DEBOUNCE,
        None,
        tx,
        FileIdMap::new(),
        config,
    )?;
    for (p, mode) in targets(paths) {
        d.watch(&p, mode)?;
    }
    Ok(d)
}

/// Existing folders recursively; files (which editors replace by rename) through their
/// folder, non-recursively.
fn targets(paths: &[PathBuf]) -> Vec<(PathBuf, RecursiveMode)> {
    let mut out: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    for p in paths {
        let t = if p.is_dir() {
            (p.clone(), RecursiveMode::Recursive)
        } else {
            match p.parent().filter(|d| d.is_dir()) {
                Some(d) => (d.to_path_buf(), RecursiveMode::NonRecursive),
                None => continue,
            }
        };
        if !out.iter().any(|(q, _)| q == &t.0) {
            out.push(t);
        }
    }
    out
}

/// inotify's "No space left on device" (ENOSPC) or notify's explicit limit error.
fn exhausted(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => io.raw_os_error() == Some(28),
        _ => false,
    }
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;
