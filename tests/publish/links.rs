//! An offline link checker built on an HTML parser (scraper): every link, asset, script,
//! stylesheet, canonical and OpenGraph URL of every page of a served site must answer 200
//! from the local server, and every `#fragment` must name an element of its target page.
//! URLs under the site's public address (`https://example.org/innbok/`) are checked against
//! the local server, which serves the same files under the same path.

use super::server::Served;
use scraper::{Html, Selector};
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub struct Checker<'a> {
    served: &'a Served,
    /// The site's public address, ending with `/` (may equal the local origin + prefix).
    public_base: String,
    /// The path the site is served under, e.g. `/innbok/`.
    prefix: String,
    status: HashMap<String, u16>,
    ids: HashMap<String, HashSet<String>>,
    pub checked_links: usize,
}

impl<'a> Checker<'a> {
    pub fn new(served: &'a Served, public_base: &str, prefix: &str) -> Checker<'a> {
        Checker {
            served,
            public_base: public_base.to_string(),
            prefix: prefix.to_string(),
            status: HashMap::new(),
            ids: HashMap::new(),
            checked_links: 0,
        }
    }

    /// The local path of a URL written on the page at `page`, with its fragment; `None` for
    /// URLs of other sites; `Err` for a local URL outside the site's sub-path.
    pub fn local(&self, page: &str, url: &str) -> Result<Option<(String, String)>, String> {
        let (url, frag) = url.split_once('#').unwrap_or((url, ""));
        let url = url.split('?').next().unwrap_or("");
        let path = if let Some(rest) = url.strip_prefix(&self.public_base) {
            format!("{}{rest}", self.prefix)
        } else if has_scheme(url) || url.starts_with("//") {
            return Ok(None);
        } else if url.starts_with('/') {
            url.to_string()
        } else if url.is_empty() {
            page.to_string()
        } else {
            join(page, url)
        };
        if !path.starts_with(&self.prefix) {
            return Err(format!("{url} is outside the site's path {}", self.prefix));
        }
        Ok(Some((path, frag.to_string())))
    }

    /// Status of a local path (cached); parses HTML answers for their ids.
    pub fn status(&mut self, path: &str) -> u16 {
        if let Some(s) = self.status.get(path) {
            return *s;
        }
        let answer = self.served.fetch(path);
        if answer.status == 200 && looks_html(&answer.body) {
            let doc = Html::parse_document(&String::from_utf8_lossy(&answer.body));
            self.ids.insert(path.to_string(), ids(&doc));
        }
        self.status.insert(path.to_string(), answer.status);
        answer.status
    }

    /// Problems of one URL found on `page`.
    pub fn check_url(&mut self, page: &str, url: &str) -> Option<String> {
        self.checked_links += 1;
        if let Some(frag) = url.strip_prefix('#') {
            // Same document, whatever its status (404.html's skip link).
            let found = self
                .ids
                .get(page)
                .is_some_and(|ids| frag.is_empty() || ids.contains(frag));
            return (!found).then(|| format!("{page}: no element with id {frag:?}"));
        }
        let (path, frag) = match self.local(page, url) {
            Ok(Some(x)) => x,
            Ok(None) => return None,
            Err(e) => return Some(format!("{page}: {e}")),
        };
        let status = self.status(&path);
        if status != 200 {
            return Some(format!("{page}: {url} answers {status}"));
        }
        let frag = percent_encoding::percent_decode_str(&frag)
            .decode_utf8_lossy()
            .into_owned();
        match self.ids.get(&path) {
            Some(ids) if !frag.is_empty() && !ids.contains(&frag) => {
                Some(format!("{page}: {url}: no element with id {frag:?}"))
            }
            _ => None,
        }
    }

    /// Fetch a page and check every URL on it; `expect` is its expected status.
    pub fn check_page(&mut self, page: &str, expect: u16) -> Vec<String> {
        let answer = self.served.fetch(page);
        if answer.status != expect {
            return vec![format!(
                "{page}: answers {} instead of {expect}",
                answer.status
            )];
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(&answer.body));
        self.ids.insert(page.to_string(), ids(&doc));
        let sel = Selector::parse(
            "a[href], link[href], img[src], script[src], iframe[src], source[src], [data-src], meta[property='og:url']",
        )
        .unwrap();
        let urls: Vec<String> = doc
            .select(&sel)
            .filter_map(|e| {
                let v = e.value();
                v.attr("href")
                    .or(v.attr("src"))
                    .or(v.attr("data-src"))
                    .or(v.attr("content"))
            })
            .map(str::to_string)
            .collect();
        urls.iter()
            .filter_map(|u| self.check_url(page, u))
            .collect()
    }

    /// Check every HTML file of `root` at its URL under the prefix.
    pub fn check_site(&mut self, root: &Path) -> Vec<String> {
        let mut problems = Vec::new();
        for e in walkdir::WalkDir::new(root).into_iter().flatten() {
            let p = e.path();
            if !e.file_type().is_file() || p.extension().is_none_or(|x| x != "html") {
                continue;
            }
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let rel = rel.strip_suffix("index.html").unwrap_or(&rel);
            let url = format!("{}{}", self.prefix, encode(rel));
            problems.extend(self.check_page(&url, 200));
        }
        problems
    }
}

/// Every `id` (and `a[name]`) of a document.
fn ids(doc: &Html) -> HashSet<String> {
    let sel = Selector::parse("[id], a[name]").unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("id").or(e.value().attr("name")))
        .map(str::to_string)
        .collect()
}

/// `https:`, `mailto:`, `data:`…: a URL of another site or not a location at all.
fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(s, _)| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    })
}

fn looks_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(200)]).to_ascii_lowercase();
    head.contains("<!doctype html") || head.contains("<html")
}

/// `page` (a path) joined with a relative URL, `.` and `..` resolved.
fn join(page: &str, rel: &str) -> String {
    let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if rel.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Percent-encode a file path for a URL (non-ASCII and reserved characters).
pub fn encode(rel: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    percent_encoding::utf8_percent_encode(rel, SET).to_string()
}
