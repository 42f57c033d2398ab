//! The index files, in the format pagefind's search client (version 1.6) reads: takes the
//! documents of the pages and gives the files of the index, by path relative to `_search/`.
//!
//! Written by innsite rather than by pagefind's indexer because that one adds pages one at a
//! time, keeps every page's word table twice and compresses on one thread: on 10,000 pages it
//! was two thirds of a build and 800 MB of memory. Here pages are indexed in parallel batches
//! (each batch's page fragments written beside the next batch's indexing), all postings are
//! put in key order once (a counting sort over the numbered keys) and the files are
//! compressed in parallel.
//!
//! The files (all but the entry file begin with the client's `pagefind_dcd` marker and are
//! gzip-compressed, except page fragments under [`RAW_FRAGMENT_BELOW`], which the client reads
//! as they are; all are named by a hash of their content so browsers may cache them for ever):
//! - `pagefind-entry.json`: the format version and, per language, the meta file's hash and the
//!   page count;
//! - `pagefind.<hash>.pf_meta` (CBOR): the pages (fragment hash, word count), the word range
//!   and hash of each index chunk, the metadata field names;
//! - `index/<hash>.pf_index` (CBOR): the words of a range of keys, each with the pages it is
//!   on and, per page, its positions and weights (page numbers and positions delta-encoded;
//!   a negative number `-(w+1)` switches to weight `w` and is followed by an absolute
//!   position) and its positions in the title;
//! - `fragment/<hash>.pf_fragment` (JSON): a page's URL, text (for excerpts), word count and
//!   title.
//!
//! Weights use the client's scale: 24 is ordinary text, 168 a page title.

use super::cbor;
use super::words::{KeyNumbers, Keyer, KeyerPool, NumberedKey, CONNECTORS};
use super::{Document, Files, Section, Sink};
use anyhow::{Context, Result};
use libdeflater::{CompressionLvl, Compressor};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The client version this format is for (it refuses an index of another version).
pub const VERSION: &str = "1.6.0";
/// How many positions an index chunk holds before the next one begins (pagefind's default).
const CHUNK_POSITIONS: usize = 20_000;
/// Hex digits of a content hash used in a file name (more when two files would collide).
const HASH_DIGITS: usize = 7;
/// The one metadata field: the page title.
const TITLE_FIELD: i32 = 0;

/// A key's word at a position of a page's text, with its weight: (key, weight, position),
/// in the order a page's occurrences are sorted to be grouped by key, then by weight.
type TextAt = (u32, u8, u32);

/// A key's word at a position of a page's title: (key, position).
type TitleAt = (u32, u32);

/// One page's fragment file: its bytes (compressed when large), the content hash it is
/// named by and the page's word count (for the meta file).
struct FragmentFile {
    bytes: Vec<u8>,
    hash: String,
    word_count: u32,
}

/// One page, indexed: its keys and their encoded locations.
struct Page {
    /// Its keys and where their locations are.
    keys: Vec<PageKey>,
    /// The locations of all its keys, in the order of `keys` (see [`Lens`]), each key's as two
    /// CBOR arrays (text, title), encoded by the page's indexing job and copied into the index
    /// files as they are (about half the memory of the numbers as `i32`s: 10,000 pages hold
    /// 3.2 million of them).
    locations: Vec<u8>,
}

/// A page's entry in the meta file.
struct MetaPage {
    /// Its fragment file's name.
    hash: String,
    word_count: u32,
}

/// An index chunk's entry in the meta file: the range of its keys and its file's name.
struct MetaChunk {
    from: String,
    to: String,
    hash: String,
}

/// The meta file: an array of the format version, the pages (fragment name, word count,
/// fragment group file: none, innsite writes one fragment file per page), the index chunks
/// (key range, file name), the filter and sort files (none) and the metadata field names.
fn meta_file(pages: &[MetaPage], chunks: &[MetaChunk]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + 24 * pages.len() + 48 * chunks.len());
    cbor::array(&mut out, 6);
    cbor::text(&mut out, VERSION);
    cbor::array(&mut out, pages.len());
    for page in pages {
        cbor::array(&mut out, 3);
        cbor::text(&mut out, &page.hash);
        cbor::uint(&mut out, page.word_count.into());
        cbor::text(&mut out, "");
    }
    cbor::array(&mut out, chunks.len());
    for chunk in chunks {
        cbor::array(&mut out, 3);
        for field in [&chunk.from, &chunk.to, &chunk.hash] {
            cbor::text(&mut out, field);
        }
    }
    cbor::array(&mut out, 0);
    cbor::array(&mut out, 0);
    cbor::array(&mut out, 1);
    cbor::text(&mut out, "title");
    out
}

/// An index chunk's file: an array holding the array of its words, each an array of the key,
/// its pages and its forms with diacritics (none: for ranking exact forms first, which
/// innsite leaves to the stemmed key). Each page is an array of its number (as a difference
/// from the previous page of the word), its text locations and its title locations (copied
/// as they were encoded by [`index_page`]).
fn chunk_file(index: &Index, span: std::ops::Range<usize>) -> Vec<u8> {
    let mut out = Vec::new();
    cbor::array(&mut out, 1);
    cbor::array(&mut out, span.len());
    for r in span {
        cbor::array(&mut out, 3);
        cbor::text(&mut out, &index.keys[r]);
        cbor::array(&mut out, index.offsets[r + 1] - index.offsets[r]);
        let mut last = 0;
        for (p, text, title) in index.postings_of(r) {
            cbor::array(&mut out, 3);
            cbor::uint(&mut out, (p.page - last).into());
            last = p.page;
            out.extend_from_slice(text);
            out.extend_from_slice(title);
        }
        cbor::array(&mut out, 0);
    }
    out
}

/// How many bytes one key's encoded locations take: the text's array, then the title's.
/// Where they are follows from the order: a page's keys have theirs one after another in
/// the page's `locations`, and the postings theirs in the index's.
#[derive(Clone, Copy, Default)]
struct Lens {
    text: u32,
    title: u32,
}

impl Lens {
    fn total(self) -> usize {
        (self.text + self.title) as usize
    }
}

/// One key on one page: the key's number (see [`KeyNumbers`]) and its locations' lengths.
struct PageKey {
    key: u32,
    lens: Lens,
}

/// One key on one page, in the site's index: the page number and its locations' lengths.
#[derive(Clone, Copy, Default)]
struct Posting {
    page: u32,
    lens: Lens,
}

/// Every posting of the site, by key in sorted order and then by page: the postings of the
/// `r`-th key are `postings[offsets[r]..offsets[r + 1]]`. Their locations are in
/// `locations` in the same order, those of the `r`-th key from `located[r]`, so the index
/// files are encoded from memory read front to back.
struct Index {
    keys: Vec<Arc<str>>,
    offsets: Vec<usize>,
    postings: Vec<Posting>,
    located: Vec<usize>,
    locations: Vec<u8>,
}

impl Index {
    /// The postings of the `r`-th key, each with its text's and title's encoded locations.
    fn postings_of(&self, r: usize) -> impl Iterator<Item = (Posting, &[u8], &[u8])> + '_ {
        let mut at = self.located[r];
        self.postings[self.offsets[r]..self.offsets[r + 1]]
            .iter()
            .map(move |&p| {
                let text = &self.locations[at..at + p.lens.text as usize];
                let title = &self.locations[at + text.len()..at + p.lens.total()];
                at += p.lens.total();
                (p, text, title)
            })
    }
}

/// A page's fragment file.
#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: u32,
    filters: BTreeMap<String, Vec<String>>,
    meta: BTreeMap<&'static str, &'a str>,
    anchors: [(); 0],
}

/// The entry file.
#[derive(Serialize)]
struct Entry<'a> {
    version: &'static str,
    languages: BTreeMap<&'a str, EntryLanguage<'a>>,
    include_characters: &'static [char],
}

#[derive(Serialize)]
struct EntryLanguage<'a> {
    hash: String,
    wasm: Option<&'a str>,
    page_count: usize,
}

/// How many document numbers are indexed at a time (in parallel, beside the writing of the
/// previous batch's fragment files): enough that the batches' joins cost nothing, few enough
/// that a batch's fragments are a megabyte or two.
const BATCH: usize = 1024;

/// Make the index files of the documents `0..count` (`doc` gives each, `None` for a number
/// without one) for `language`, giving each file to `sink` as it is ready; the number of
/// documents. `wasm` names the client's WebAssembly for the language (`None` when the client
/// has none for it). Pages without a word to find are left out.
///
/// The documents are indexed in batches, in order, and each batch's fragment files are
/// written while the next batch is indexed (the last batch's while the word index is sorted
/// and encoded): the fragments are not held all at once (70 MB of 50,000 pages, at the
/// build's memory peak), and are named in page order, as the rest of the index. A writer
/// thread beside the pool and 8 waiting batches was tried: the search stage of 50,000 pages
/// took 1.58 s instead of 1.43 s (it competed with the indexing for the two cores).
pub fn files<'d>(
    count: usize,
    doc: &(dyn Fn(usize) -> Option<Cow<'d, Document>> + Sync),
    language: &str,
    wasm: Option<&str>,
    sink: Sink,
) -> Result<usize> {
    let documents = AtomicUsize::new(0);
    // The names of the index chunks and the meta file; the fragments, in their own folder,
    // are named by their writer.
    let mut names = Names::default();
    let numbers = KeyNumbers::default();
    let mut writer = FragmentWriter::new(language, sink);
    let (indexed, last) = index_batches(count, doc, language, &numbers, &documents, &mut writer)?;
    // The last batch's fragments are written while the word index is sorted and encoded.
    let (written, chunks) = rayon::join(
        || writer.write(last),
        || -> Result<_> {
            let index = sorted_postings(indexed, numbers.into_keys());
            let mut out = Files::new();
            let chunks = index_files(index, language, &mut names, &mut out)?;
            Ok((chunks, out))
        },
    );
    written?;
    let (index_chunks, out) = chunks?;
    out.into_iter()
        .try_for_each(|(path, bytes)| sink(path, bytes))?;
    let meta_pages = writer.meta_pages;
    let page_count = meta_pages.len();
    let cbor = meta_file(&meta_pages, &index_chunks);
    let meta_hash = names.name(language, &hash(&cbor));
    sink(format!("pagefind.{meta_hash}.pf_meta"), gzip(&cbor)?)?;
    let entry = Entry {
        version: VERSION,
        languages: BTreeMap::from([(
            language,
            EntryLanguage {
                hash: meta_hash,
                wasm,
                page_count,
            },
        )]),
        include_characters: &CONNECTORS,
    };
    sink(
        "pagefind-entry.json".to_string(),
        serde_json::to_vec(&entry)?,
    )?;
    Ok(documents.into_inner())
}

/// Index the documents `0..count` batch by batch, in order, each batch beside the writing of
/// the previous one's fragment files; the pages indexed, in order, and the last batch's
/// fragments (not written yet).
fn index_batches<'d>(
    count: usize,
    doc: &(dyn Fn(usize) -> Option<Cow<'d, Document>> + Sync),
    language: &str,
    numbers: &KeyNumbers,
    documents: &AtomicUsize,
    writer: &mut FragmentWriter,
) -> Result<(Indexed, Vec<FragmentFile>)> {
    let keyers = KeyerPool::new(language, numbers);
    let mut indexed = Indexed::default();
    let mut pending = Vec::new();
    for from in (0..count).step_by(BATCH) {
        let previous = std::mem::take(&mut pending);
        let (written, batch) = rayon::join(
            || writer.write(previous),
            || {
                (from..count.min(from + BATCH))
                    .into_par_iter()
                    .filter_map(doc)
                    .inspect(|_| {
                        documents.fetch_add(1, Ordering::Relaxed);
                    })
                    .map_init(|| keyers.take(), |keyer, d| index_page(&d, keyer))
                    .filter(|p| p.as_ref().map_or(true, |(p, _)| !p.keys.is_empty()))
                    .collect::<Result<Vec<(Page, FragmentFile)>>>()
            },
        );
        written?;
        let (batch, fragments): (Vec<Page>, Vec<FragmentFile>) = batch?.into_iter().unzip();
        pending = fragments;
        indexed.add(batch);
    }
    Ok((indexed, pending))
}

/// The pages indexed so far, in order, and how many postings and bytes of locations each key
/// (by number) has on them: counted batch by batch, rather than by one more pass over all
/// postings before they are sorted (28 ms on one core of 50,000 pages, with nothing beside
/// it).
#[derive(Default)]
struct Indexed {
    pages: Vec<Page>,
    per_key: Vec<(usize, usize)>,
}

impl Indexed {
    /// Add the next pages.
    fn add(&mut self, pages: Vec<Page>) {
        for k in pages.iter().flat_map(|p| &p.keys) {
            let n = k.key as usize;
            if n >= self.per_key.len() {
                self.per_key.resize(n + 1, (0, 0));
            }
            let (postings, bytes) = &mut self.per_key[n];
            *postings += 1;
            *bytes += k.lens.total();
        }
        self.pages.extend(pages);
    }
}

/// Names and writes the pages' fragment files, batch after batch in page order (one
/// writer: in one folder, two threads writing files are slower than one, the folder being
/// locked for each new file), and keeps the pages' entries of the meta file.
struct FragmentWriter<'a> {
    language: &'a str,
    sink: Sink<'a>,
    names: Names,
    meta_pages: Vec<MetaPage>,
}

impl<'a> FragmentWriter<'a> {
    fn new(language: &'a str, sink: Sink<'a>) -> FragmentWriter<'a> {
        FragmentWriter {
            language,
            sink,
            names: Names::default(),
            meta_pages: Vec::new(),
        }
    }

    /// Name and write the next fragments.
    fn write(&mut self, fragments: Vec<FragmentFile>) -> Result<()> {
        for fragment in fragments {
            let name = self.names.name(self.language, &fragment.hash);
            (self.sink)(format!("fragment/{name}.pf_fragment"), fragment.bytes)?;
            self.meta_pages.push(MetaPage {
                hash: name,
                word_count: fragment.word_count,
            });
        }
        Ok(())
    }
}

/// Encode and compress the word chunks (in parallel) into `out`, named; their ranges for the
/// meta file.
fn index_files(
    index: Index,
    language: &str,
    names: &mut Names,
    out: &mut Files,
) -> Result<Vec<MetaChunk>> {
    let spans = chunk_spans(&index);
    let mut ranges = chunk_ranges(&index, &spans);
    let encoded: Vec<(String, Vec<u8>)> = spans
        .into_par_iter()
        .map(|span| {
            let cbor = chunk_file(&index, span);
            Ok((hash(&cbor), gzip(&cbor)?))
        })
        .collect::<Result<_>>()?;
    for ((full, bytes), range) in encoded.into_iter().zip(&mut ranges) {
        range.hash = names.name(language, &full);
        out.push((format!("index/{}.pf_index", range.hash), bytes));
    }
    Ok(ranges)
}

/// Index one page: its text is its sections' words, a `.` closing a section that does not
/// end a sentence (as a reader sees the blocks apart in an excerpt).
fn index_page(doc: &Document, keyer: &mut Keyer) -> Result<(Page, FragmentFile)> {
    let mut content = String::new();
    // Every occurrence of every key, in one list per page, grouped by one sort after: a map
    // of a list per key cost a hash lookup per word and an allocation per key and page.
    let mut text_at: Vec<TextAt> = Vec::new();
    let mut position: u32 = 0;
    for Section { text, weight } in &doc.sections {
        let mut words = text.split_whitespace().peekable();
        while let Some(word) = words.next() {
            if !content.is_empty() {
                content.push(' ');
            }
            content.push_str(word);
            if words.peek().is_none() && !word.ends_with(['.', '!', '?', ':', ';', ',']) {
                content.push('.');
            }
            add_word(&mut text_at, keyer.keys(word), *weight, position);
            position += 1;
        }
    }
    let mut title_at: Vec<TitleAt> = Vec::new();
    for (i, word) in doc.title.split_whitespace().enumerate() {
        title_at.extend(keyer.keys(word).iter().map(|k| (k.number, i as u32)));
    }
    let fragment = Fragment {
        url: &doc.url,
        content: &content,
        word_count: position,
        filters: BTreeMap::new(),
        meta: BTreeMap::from([("title", doc.title.as_str())]),
        anchors: [],
    };
    let json = serde_json::to_vec(&fragment)?;
    let (keys, locations) = page_locations(text_at, title_at);
    let fragment = FragmentFile {
        bytes: fragment_file(&json)?,
        hash: hash(&json),
        word_count: position,
    };
    Ok((Page { keys, locations }, fragment))
}

/// The page's keys (in key order) and their encoded locations, from its occurrences: each
/// key's text locations, then its title locations (an empty array when it has none there).
fn page_locations(mut text: Vec<TextAt>, mut title: Vec<TitleAt>) -> (Vec<PageKey>, Vec<u8>) {
    text.sort_unstable();
    title.sort_unstable();
    let (mut keys, mut locations) = (Vec::new(), Vec::new());
    let (mut text, mut title) = (&text[..], &title[..]);
    while let Some(key) = match (text.first(), title.first()) {
        (Some(t), Some(h)) => Some(t.0.min(h.0)),
        (Some(t), None) => Some(t.0),
        (None, Some(h)) => Some(h.0),
        (None, None) => None,
    } {
        let in_text = text.iter().take_while(|t| t.0 == key).count();
        let in_title = title.iter().take_while(|h| h.0 == key).count();
        let start = locations.len();
        text_locations(&mut locations, &text[..in_text]);
        let text_end = locations.len();
        title_locations(&mut locations, &title[..in_title]);
        keys.push(PageKey {
            key,
            lens: Lens {
                text: (text_end - start) as u32,
                title: (locations.len() - text_end) as u32,
            },
        });
        (text, title) = (&text[in_text..], &title[in_title..]);
    }
    (keys, locations)
}

/// Record the keys of the word at `position`; parts of a compound share its weight.
fn add_word(into: &mut Vec<TextAt>, keys: &[NumberedKey], weight: u8, position: u32) {
    let parts = keys.iter().filter(|k| k.part).count() as u8;
    let part_weight = if weight == 0 {
        0
    } else {
        (weight / parts.max(1)).max(1)
    };
    for k in keys {
        let w = if k.part { part_weight } else { weight };
        into.push((k.number, w, position));
    }
}

/// The postings of all pages, sorted by key and page; `keys` by number.
///
/// A counting sort rather than a comparison sort: the distinct keys (tens of thousands) are
/// sorted, and each page's postings, taken in page order, go straight to their key's place
/// (a comparison sort of 1.5 million postings by their text was a fifth of the search stage).
/// Their locations are moved to the same order: encoding read them page by page otherwise,
/// a cache miss per posting (4% of the CPU time of building 10,000 pages). The placing is
/// split by ranges of keys holding about as many postings, one per thread, each reading all
/// pages and placing its own keys' postings (10,000 pages: 36 → 24 ms).
fn sorted_postings(indexed: Indexed, keys: Vec<Arc<str>>) -> Index {
    let Indexed { pages, per_key } = indexed;
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
    let mut rank = vec![0u32; keys.len()];
    for (r, &n) in order.iter().enumerate() {
        rank[n as usize] = r as u32;
    }
    // How many postings and location bytes each key (by rank) has, then where its begin.
    let mut offsets = vec![0usize; keys.len() + 1];
    let mut located = vec![0usize; keys.len() + 1];
    for (n, &(postings, bytes)) in per_key.iter().enumerate() {
        let r = rank[n] as usize;
        (offsets[r + 1], located[r + 1]) = (postings, bytes);
    }
    for r in 0..keys.len() {
        offsets[r + 1] += offsets[r];
        located[r + 1] += located[r];
    }
    let mut postings = vec![Posting::default(); offsets[keys.len()]];
    let mut locations = vec![0u8; located[keys.len()]];
    let parts = rank_parts(&offsets, rayon::current_num_threads());
    let mut jobs = Vec::with_capacity(parts.len());
    let (mut rest_postings, mut rest_locations) = (&mut postings[..], &mut locations[..]);
    for ranks in parts {
        let (p, rp) = rest_postings.split_at_mut(offsets[ranks.end] - offsets[ranks.start]);
        let (l, rl) = rest_locations.split_at_mut(located[ranks.end] - located[ranks.start]);
        (rest_postings, rest_locations) = (rp, rl);
        jobs.push((ranks, p, l));
    }
    jobs.into_par_iter()
        .for_each(|(ranks, postings, locations)| {
            place(
                &pages,
                &rank,
                ranks,
                (&offsets, &located),
                postings,
                locations,
            );
        });
    Index {
        keys: order.iter().map(|&n| keys[n as usize].clone()).collect(),
        offsets,
        postings,
        located,
        locations,
    }
}

/// Place the postings of the keys ranked in `ranks`, and their locations, taken from the
/// pages in page order: `postings` and `locations` are the index's from where the first of
/// those keys' begin (`offsets` and `located` as in [`Index`]).
fn place(
    pages: &[Page],
    rank: &[u32],
    ranks: std::ops::Range<usize>,
    (offsets, located): (&[usize], &[usize]),
    postings: &mut [Posting],
    locations: &mut [u8],
) {
    let relative = |at: &[usize]| -> Vec<usize> {
        at[ranks.clone()]
            .iter()
            .map(|o| o - at[ranks.start])
            .collect()
    };
    let (mut next, mut next_byte) = (relative(offsets), relative(located));
    for (number, page) in pages.iter().enumerate() {
        let mut from = 0;
        for k in &page.keys {
            let (r, len) = (rank[k.key as usize] as usize, k.lens.total());
            if ranks.contains(&r) {
                let r = r - ranks.start;
                let to = next_byte[r];
                locations[to..to + len].copy_from_slice(&page.locations[from..from + len]);
                next_byte[r] = to + len;
                postings[next[r]] = Posting {
                    page: number as u32,
                    lens: k.lens,
                };
                next[r] += 1;
            }
            from += len;
        }
    }
}

/// Split the key ranks into up to `n` consecutive ranges holding about as many postings
/// each (`offsets` as in [`Index`]).
fn rank_parts(offsets: &[usize], n: usize) -> Vec<std::ops::Range<usize>> {
    let (keys, total) = (offsets.len() - 1, offsets[offsets.len() - 1]);
    let mut parts = Vec::with_capacity(n);
    let mut start = 0;
    for i in 1..=n {
        let end = if i == n {
            keys
        } else {
            offsets
                .partition_point(|&o| o < total * i / n)
                .min(keys)
                .max(start)
        };
        parts.push(start..end);
        start = end;
    }
    parts
}

/// Append the CBOR array of one key's positions in a page's text (its occurrences, sorted),
/// grouped by weight: each group is `-(weight+1)`, its first position, then the differences
/// to the next.
fn text_locations(out: &mut Vec<u8>, at: &[TextAt]) {
    let groups = at.chunk_by(|a, b| a.1 == b.1);
    cbor::array(out, at.len() + groups.clone().count());
    for group in groups {
        cbor::int(out, -i64::from(group[0].1) - 1);
        let mut last = 0;
        for &(_, _, position) in group {
            cbor::uint(out, (position - last).into());
            last = position;
        }
    }
}

/// Append the CBOR array of one key's positions in the title (its occurrences, sorted): the
/// field marker, the first position, then the differences to the next (empty when there are
/// none).
fn title_locations(out: &mut Vec<u8>, at: &[TitleAt]) {
    if at.is_empty() {
        cbor::array(out, 0);
        return;
    }
    cbor::array(out, at.len() + 1);
    cbor::int(out, i64::from(-TITLE_FIELD - 1));
    let mut last = 0;
    for &(_, position) in at {
        cbor::uint(out, (position - last).into());
        last = position;
    }
}

/// Split the keys (by rank) into chunks of about [`CHUNK_POSITIONS`] locations, each
/// ending with a whole word.
fn chunk_spans(index: &Index) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let (mut start, mut size) = (0, 0);
    for r in 0..index.keys.len() {
        size += index
            .postings_of(r)
            .map(|(_, text, title)| cbor::array_len(text) + cbor::array_len(title) + 1)
            .sum::<usize>();
        if size >= CHUNK_POSITIONS {
            spans.push(start..r + 1);
            (start, size) = (r + 1, 0);
        }
    }
    if start < index.keys.len() {
        spans.push(start..index.keys.len());
    }
    spans
}

/// The key range of each chunk. The client loads the chunk whose range holds a typed
/// (possibly partial) word, so neighbouring ranges meet at the shortest prefixes that still
/// tell them apart: `…apple` | `apricot…` becomes `…app` | `apr…`, and `apr` finds the second.
fn chunk_ranges(index: &Index, spans: &[std::ops::Range<usize>]) -> Vec<MetaChunk> {
    let mut ranges: Vec<MetaChunk> = spans
        .iter()
        .map(|span| MetaChunk {
            from: index.keys[span.start].to_string(),
            to: index.keys[span.end - 1].to_string(),
            hash: String::new(),
        })
        .collect();
    for i in 1..ranges.len() {
        let (before, after) = ranges.split_at_mut(i);
        let (prev, next) = (&mut before[i - 1], &mut after[0]);
        let common = prev
            .to
            .chars()
            .zip(next.from.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let trimmed: String = prev.to.chars().take(common + 1).collect();
        if trimmed >= prev.from {
            prev.to = trimmed;
        }
        next.from = next.from.chars().take(common + 1).collect();
    }
    ranges
}

/// File names by content hash: `<language>_<7 hex digits>`, longer when two different files
/// would share a name.
#[derive(Default)]
struct Names {
    taken: HashMap<String, String>,
}

impl Names {
    fn name(&mut self, language: &str, full: &str) -> String {
        let mut digits = HASH_DIGITS;
        loop {
            let name = format!("{language}_{}", &full[..digits.min(full.len())]);
            match self.taken.get(&name) {
                Some(owner) if owner != full && digits < full.len() => digits += 1,
                _ => {
                    self.taken.insert(name.clone(), full.to_string());
                    return name;
                }
            }
        }
    }
}

/// The content hash a file is named by: 32 lower-case hex digits of XXH3-128.
fn hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// The marker the client looks for to tell compressed files from files a server already
/// decompressed.
const MARKER: &[u8] = b"pagefind_dcd";

/// libdeflate's fastest level: the files are a few kilobytes each and fetched a few at a time,
/// so the 3% they gain at its default level (6) is not worth the three times longer it
/// takes (6% of a build's instructions, 1,000 pages).
const LEVEL: i32 = 1;

thread_local! {
    /// One libdeflate compressor per thread (making one allocates its tables; it keeps no
    /// state from one file to the next). libdeflate rather than a zlib stream: it compresses
    /// a whole buffer at once, several times faster on files of a few kilobytes, and smaller.
    static DEFLATE: RefCell<Compressor> = RefCell::new(Compressor::new(
        CompressionLvl::new(LEVEL).expect("a libdeflate level"),
    ));
}

/// Fragments smaller than this (bytes of JSON) are written uncompressed, after the marker:
/// the client takes a file that begins with the marker as already decompressed (what a
/// server that decompresses on the fly would send). Compressing one took about 25 µs whatever
/// its size (the Huffman tables of each file; a tenth of building innbok's search index, 5% of
/// the whole build), to save a few hundred bytes of a file that fits in one disk block and
/// arrives in one round trip either way; larger fragments are compressed.
const RAW_FRAGMENT_BELOW: usize = 4096;

/// A page fragment's file: the marker then `json`, compressed unless it is small.
fn fragment_file(json: &[u8]) -> Result<Vec<u8>> {
    if json.len() >= RAW_FRAGMENT_BELOW {
        return gzip(json);
    }
    let mut file = Vec::with_capacity(MARKER.len() + json.len());
    file.extend_from_slice(MARKER);
    file.extend_from_slice(json);
    Ok(file)
}

/// gzip of the marker then `bytes`.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut input = Vec::with_capacity(MARKER.len() + bytes.len());
    input.extend_from_slice(MARKER);
    input.extend_from_slice(bytes);
    DEFLATE.with_borrow_mut(|deflate| {
        let mut out = vec![0; deflate.gzip_compress_bound(input.len())];
        let len = deflate
            .gzip_compress(&input, &mut out)
            .context("cannot compress a search index file")?;
        out.truncate(len);
        Ok(out)
    })
}

#[cfg(test)]
mod tests;
