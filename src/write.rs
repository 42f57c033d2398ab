//! Write: the output folder, built atomically (RELIABILITY.md cases 9 and 11).
//!
//! A build writes into a staging folder beside the output and swaps it in by rename when
//! everything succeeded; a failed build leaves the previous output untouched and removes
//! the staging folder. innsite refuses to replace a folder that is `/`, the home folder, the
//! graph or a folder containing it, or a non-empty folder without innsite's marker file.
//! Every written path is checked to stay inside the output folder. An in-memory output
//! ([`Output::in_memory`], used by `innsite serve`) keeps the files instead of writing them.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The file that marks a folder as innsite's output (safe to replace).
pub const MARKER: &str = ".innsite-output";

/// An output folder being written, or (for `innsite serve`) an in-memory site.
#[derive(Debug)]
pub struct Output {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
    /// Set for an in-memory output: the files written so far, by site-relative path.
    memory: Option<Mutex<BTreeMap<String, Stored>>>,
    /// The folders made so far, by site-relative path: a file into one of them needs no
    /// `mkdir` (which fails on an existing folder, then is checked with a `stat`: two system
    /// calls for each of the search index's thousands of files in one folder). Strings, not
    /// paths: hashing a `Path` takes it apart into its components.
    folders: Mutex<foldhash::HashSet<String>>,
}

/// A file of an in-memory output: its bytes, or the file it is a copy of (assets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    Bytes(Arc<[u8]>),
    Copy(PathBuf),
}

impl Output {
    /// Check that `target` may be replaced and create the staging folder.
    pub fn begin(target: &Path, content: &Path) -> Result<Output> {
        let target = absolute(target)?;
        check_target(&target, &absolute(content)?)?;
        let parent = target
            .parent()
            .context("the output folder has no parent folder")?;
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staging = parent.join(format!(".{name}.innsite-staging-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot clear {}", staging.display()))?;
        }
        fs::create_dir(&staging).with_context(|| format!("cannot create {}", staging.display()))?;
        fs::write(
            staging.join(MARKER),
            "This folder is written by innsite and replaced on every build.\n",
        )?;
        Ok(Output {
            target,
            staging,
            committed: false,
            memory: None,
            folders: Mutex::default(),
        })
    }

    /// An output that keeps every file in memory (nothing is written to disk); see
    /// [`Output::into_files`].
    pub fn in_memory() -> Output {
        Output {
            target: PathBuf::new(),
            staging: PathBuf::new(),
            committed: true,
            memory: Some(Mutex::new(BTreeMap::new())),
            folders: Mutex::default(),
        }
    }

    /// The files of an in-memory output (empty for a folder output).
    pub fn into_files(self) -> BTreeMap<String, Stored> {
        match &self.memory {
            Some(m) => std::mem::take(&mut *m.lock().unwrap_or_else(|e| e.into_inner())),
            None => BTreeMap::new(),
        }
    }

    /// Keep `stored` at `rel` when this output is in memory; false for a folder output.
    fn remember(&self, rel: &str, stored: impl FnOnce() -> Stored) -> Result<bool> {
        let Some(m) = &self.memory else {
            return Ok(false);
        };
        self.inside(rel)?;
        let mut files = m.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.to_string(), stored());
        Ok(true)
    }

    /// The final output folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Write a file at a site-relative path (`a/b/index.html`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if self.remember(rel, || Stored::Bytes(bytes.into()))? {
            return Ok(());
        }
        let path = self.inside(rel)?;
        self.make_folder_of(rel)?;
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Copy a file into the output.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        if self.remember(rel, || Stored::Copy(from.to_path_buf()))? {
            return Ok(());
        }
        let path = self.inside(rel)?;
        self.make_folder_of(rel)?;
        fs::copy(from, &path)
            .with_context(|| format!("cannot copy {} to {}", from.display(), path.display()))?;
        Ok(())
    }

    /// Make the folder the checked site-relative path `rel` goes in, unless this output made
    /// it already (the staging folder itself exists from the start).
    fn make_folder_of(&self, rel: &str) -> Result<()> {
        let Some((dir, _)) = rel.rsplit_once('/') else {
            return Ok(());
        };
        let made = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if made().contains(dir) {
            return Ok(());
        }
        let path = self.staging.join(dir);
        fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
        made().insert(dir.to_string());
        Ok(())
    }

    /// The staging path of `rel`, refusing anything that would leave the output folder.
    fn inside(&self, rel: &str) -> Result<PathBuf> {
        let p = Path::new(rel);
        let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
        if !ok {
            bail!("refusing to write outside the output folder: {rel:?}");
        }
        Ok(self.staging.join(p))
    }

    /// Swap the staging folder in place of the output.
    pub fn commit(mut self) -> Result<()> {
        if self.memory.is_some() {
            return Ok(());
        }
        let old = self.staging.with_extension("old");
        if self.target.exists() {
            fs::rename(&self.target, &old).with_context(|| {
                format!("cannot move the previous {} aside", self.target.display())
            })?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            if old.exists() {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e)
                .with_context(|| format!("cannot move the new site to {}", self.target.display()));
        }
        self.committed = true;
        if old.exists() {
            remove_tree(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(())
    }
}

/// Remove a folder and everything in it, its entries in parallel: a site is thousands of
/// page folders, and removing the previous one was 6–8% of a build on one core.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<PathBuf>>>()?;
    entries.par_iter().try_for_each(|path| {
        if fs::symlink_metadata(path)?.is_dir() {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        }
    })?;
    fs::remove_dir(dir)
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    };
    // Resolve `..` and symlinks of the part that exists.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(n), Some(parent)) => {
                rest.push(n.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        out.push(n);
    }
    Ok(out)
}

/// Refuse outputs whose replacement would destroy something that is not innsite's.
fn check_target(target: &Path, content: &Path) -> Result<()> {
    if target.parent().is_none() {
        bail!(
            "refusing to use {} as the output folder: it is the file-system root",
            target.display()
        );
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home).map(|h| h == target).unwrap_or(false) {
            bail!(
                "refusing to use the home folder {} as the output folder",
                target.display()
            );
        }
    }
    if target == content || content.starts_with(target) {
        bail!(
            "refusing to use {} as the output folder: it is or contains the graph {}",
            target.display(),
            content.display()
        );
    }
    if target.exists() {
        if !target.is_dir() {
            bail!(
                "the output path {} exists and is not a folder",
                target.display()
            );
        }
        let empty = fs::read_dir(target)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !target.join(MARKER).exists() {
            bail!(
                "refusing to replace {}: it is not empty and was not written by innsite (no {MARKER} file); remove it or choose another --output",
                target.display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_land_in_their_folders_made_once_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let (content, target) = (dir.path().join("graph"), dir.path().join("public"));
        fs::create_dir(&content).unwrap();
        let out = Output::begin(&target, &content).unwrap();
        let files = [
            "a/b/index.html",
            "a/index.html",
            "_search/fragment/one.pf_fragment",
            "_search/fragment/two.pf_fragment",
            "_search/pagefind-entry.json",
            "c/d/e/index.html",
            "index.html",
        ];
        for rel in files {
            out.write(rel, rel.as_bytes()).unwrap();
        }
        let asset = dir.path().join("photo.png");
        fs::write(&asset, b"png").unwrap();
        out.copy("assets/photo.png", &asset).unwrap();
        out.copy("assets/again.png", &asset).unwrap();
        assert_eq!(
            out.folders.lock().unwrap().len(),
            6,
            "each folder made once (the output's own folder exists)"
        );
        assert!(out.write("../escape.html", b"x").is_err());
        out.commit().unwrap();
        for rel in files {
            assert_eq!(fs::read_to_string(target.join(rel)).unwrap(), rel);
        }
        assert_eq!(fs::read(target.join("assets/again.png")).unwrap(), b"png");
    }
}
