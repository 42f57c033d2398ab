//! pagefind's search client, shipped beside innsite's index: `pagefind.js` and the
//! WebAssembly that runs queries (`wasm.<language>.pagefind`, with the stemmer of the site's
//! language, and `wasm.unknown.pagefind`, which the client falls back to).
//!
//! The pagefind crate writes these files only as part of an index it builds, so they are taken
//! from pagefind indexing a one-word page in the site's language, once per language and
//! process (about 30 ms), and the rest of that bundle is thrown away.

use anyhow::{anyhow, Context, Result};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The client's files for one language.
#[derive(Debug)]
pub struct Client {
    /// (path relative to `_search/`, bytes): `pagefind.js` and the WebAssembly files.
    pub files: super::Files,
    /// The language's name in the entry file (what pagefind calls the site's language).
    pub language: String,
    /// The WebAssembly's language name for the entry file, when the client has one for the
    /// site's language (else queries are not stemmed).
    pub wasm: Option<String>,
}

/// The client for `language`, made on first use.
pub fn client(language: &str) -> Result<Arc<Client>> {
    static MADE: OnceLock<Mutex<HashMap<String, Arc<Client>>>> = OnceLock::new();
    let made = MADE.get_or_init(Default::default);
    if let Some(c) = made.lock().map_err(|_| anyhow!("poisoned"))?.get(language) {
        return Ok(c.clone());
    }
    let c = Arc::new(make(language)?);
    made.lock()
        .map_err(|_| anyhow!("poisoned"))?
        .insert(language.to_string(), c.clone());
    Ok(c)
}

/// Run pagefind's indexer on a one-word page, on a thread of its own with its own runtime
/// (this is called from rayon's pool and from inside `serve`'s runtime).
fn make(language: &str) -> Result<Client> {
    let language = language.to_string();
    std::thread::scope(|s| {
        s.spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("cannot start the search client's runtime")?;
            rt.block_on(bundle(&language))
        })
        .join()
        .map_err(|_| anyhow!("the search client maker panicked"))?
    })
}

async fn bundle(language: &str) -> Result<Client> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    let mut index = pagefind::api::PagefindIndex::new(Some(options))
        .map_err(|e| anyhow!("cannot set up the search client: {e}"))?;
    let page = format!("<html lang=\"{language}\"><body><p>innsite</p></body></html>");
    index
        .add_html_file(None, Some("/".to_string()), page)
        .await
        .map_err(|e| anyhow!("cannot set up the search client: {e}"))?;
    let files = index
        .get_files()
        .await
        .map_err(|e| anyhow!("cannot set up the search client: {e}"))?;
    let mut out = Vec::new();
    let mut entry = None;
    for f in files {
        let Some(name) = f.filename.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name == "pagefind.js" || name.starts_with("wasm.") && name.ends_with(".pagefind") {
            out.push((name.to_string(), f.contents));
        } else if name == "pagefind-entry.json" {
            entry = Some(f.contents);
        }
    }
    let entry: serde_json::Value = serde_json::from_slice(
        &entry.ok_or_else(|| anyhow!("the search client came without an entry file"))?,
    )?;
    if entry["version"] != super::bundle::VERSION {
        return Err(anyhow!(
            "the search client is version {}, the index format {}",
            entry["version"],
            super::bundle::VERSION
        ));
    }
    let (key, lang) = entry["languages"]
        .as_object()
        .and_then(|l| l.iter().next())
        .ok_or_else(|| anyhow!("the search client's entry file names no language"))?;
    let wasm = lang["wasm"].as_str().map(str::to_string);
    let language = key.clone();
    if !out.iter().any(|(n, _)| n == "pagefind.js") {
        return Err(anyhow!("the search client came without pagefind.js"));
    }
    out.sort();
    Ok(Client {
        files: out,
        language,
        wasm,
    })
}
