use super::*;

fn doc(url: &str, title: &str, text: &[(&str, u8)]) -> Document {
    Document {
        url: url.to_string(),
        title: title.to_string(),
        sections: text
            .iter()
            .map(|&(t, w)| Section {
                text: t.to_string(),
                weight: w,
            })
            .collect(),
    }
}

/// `pages` with their keys counted, as [`sorted_postings`] takes them.
fn indexed(pages: Vec<Page>) -> Indexed {
    let mut indexed = Indexed::default();
    indexed.add(pages);
    indexed
}

/// The integers of the CBOR array `write` appends.
fn written(write: impl FnOnce(&mut Vec<u8>)) -> Vec<i32> {
    let mut cbor = Vec::new();
    write(&mut cbor);
    minicbor::decode(&cbor).unwrap()
}

#[test]
fn locations_group_by_weight_with_deltas() {
    let text = |at: &[(u8, u32)]| {
        let mut at: Vec<TextAt> = at.iter().map(|&(w, p)| (7, w, p)).collect();
        at.sort_unstable();
        written(|out| text_locations(out, &at))
    };
    assert_eq!(
        text(&[(24, 9), (168, 0), (24, 4), (24, 4), (24, 300)]),
        [-25, 4, 0, 5, 291, -169, 0]
    );
    assert!(text(&[]).is_empty());
    let title = |at: &[u32]| {
        let mut at: Vec<TitleAt> = at.iter().map(|&p| (7, p)).collect();
        at.sort_unstable();
        written(|out| title_locations(out, &at))
    };
    assert_eq!(title(&[2, 0]), [-1, 0, 2]);
    assert!(title(&[]).is_empty());
}

/// An index of `words` (in key order, one posting per (key, page), pages in order), each
/// posting with `text_len` locations.
fn index_of(words: &[(&str, u32)], text_len: u32) -> Index {
    let mut keys: Vec<Arc<str>> = words.iter().map(|&(w, _)| w.into()).collect();
    keys.dedup();
    let offsets: Vec<usize> = (0..=keys.len())
        .map(|r| {
            words
                .iter()
                .filter(|&&(w, _)| keys[..r].iter().any(|k| &**k == w))
                .count()
        })
        .collect();
    let mut encoded = Vec::new();
    minicbor::encode(vec![0; text_len as usize], &mut encoded).unwrap();
    let lens = Lens {
        text: encoded.len() as u32,
        title: 1,
    };
    encoded.push(0x80); // no title positions
    let postings: Vec<Posting> = words
        .iter()
        .map(|&(_, page)| Posting { page, lens })
        .collect();
    let located = offsets.iter().map(|o| o * encoded.len()).collect();
    Index {
        keys,
        offsets,
        located,
        locations: encoded.repeat(postings.len()),
        postings,
    }
}

#[test]
fn chunk_ranges_meet_at_the_shortest_telling_prefix() {
    let index = index_of(
        &[
            ("apple", 0),
            ("apple", 1),
            ("apricot", 0),
            ("banana", 0),
            ("peach", 0),
        ],
        0,
    );
    let r: Vec<(String, String)> = chunk_ranges(&index, &[0..1, 1..3, 3..4])
        .into_iter()
        .map(|c| (c.from, c.to))
        .collect();
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(r, [s("apple", "apple"), s("apr", "b"), s("p", "peach")]);
}

/// An index chunk file, as the test reads it back (with minicbor).
#[derive(minicbor::Decode)]
struct ChunkFile {
    #[n(0)]
    words: Vec<ChunkWord>,
}

#[derive(minicbor::Decode)]
struct ChunkWord {
    #[n(0)]
    word: String,
    #[n(1)]
    pages: Vec<ChunkPage>,
    #[n(2)]
    additional_variants: Vec<String>,
}

#[derive(minicbor::Decode)]
struct ChunkPage {
    #[n(0)]
    page_number: u32,
    #[n(1)]
    locs: Vec<i32>,
    #[n(2)]
    meta_locs: Vec<i32>,
}

#[test]
fn chunks_end_with_a_whole_word() {
    let half = (CHUNK_POSITIONS / 2) as u32;
    let index = index_of(&[("a", 0), ("b", 0), ("b", 1), ("b", 2), ("c", 0)], half);
    assert_eq!(chunk_spans(&index), [0..2, 2..3]);
    let chunk: ChunkFile = minicbor::decode(&chunk_file(&index, 0..2)).unwrap();
    let words: Vec<&str> = chunk.words.iter().map(|w| w.word.as_str()).collect();
    assert_eq!(words, ["a", "b"]);
    let pages: Vec<Vec<u32>> = chunk
        .words
        .iter()
        .map(|w| w.pages.iter().map(|p| p.page_number).collect())
        .collect();
    assert_eq!(
        pages,
        [vec![0], vec![0, 1, 1]],
        "page numbers as differences"
    );
    let page = &chunk.words[1].pages[2];
    assert_eq!(page.locs, vec![0; half as usize]);
    assert!(page.meta_locs.is_empty());
    assert!(chunk.words.iter().all(|w| w.additional_variants.is_empty()));
}

#[test]
fn postings_are_sorted_by_key_then_page() {
    let numbers = KeyNumbers::default();
    let page = |words: &[&str]| Page {
        keys: numbers
            .number(words.iter().copied())
            .into_iter()
            .map(|key| PageKey {
                key,
                lens: Lens::default(),
            })
            .collect(),
        locations: Vec::new(),
    };
    let pages = vec![
        page(&["pear", "apple"]),
        page(&["zebra", "apple", "pear"]),
        page(&["apple"]),
    ];
    let index = sorted_postings(indexed(pages), numbers.into_keys());
    let keys: Vec<&str> = index.keys.iter().map(|k| &**k).collect();
    assert_eq!(keys, ["apple", "pear", "zebra"]);
    let postings: Vec<(&str, u32)> = (0..keys.len())
        .flat_map(|r| {
            index
                .postings_of(r)
                .map(|(p, _, _)| (keys[r], p.page))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        postings,
        [
            ("apple", 0),
            ("apple", 1),
            ("apple", 2),
            ("pear", 0),
            ("pear", 1),
            ("zebra", 1)
        ]
    );
}

/// A file as pagefind's client reads it (`decompress` in its search API): taken as it is
/// when it begins with the marker, else gunzipped and then it must; without the marker.
fn as_the_client_reads(file: &[u8]) -> Vec<u8> {
    if let Some(plain) = file.strip_prefix(MARKER) {
        return plain.to_vec();
    }
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(file), &mut plain).unwrap();
    plain.strip_prefix(MARKER).expect("the marker").to_vec()
}

#[test]
fn small_fragments_are_written_as_they_are_and_large_ones_compressed() {
    let small = br#"{"url":"/a/","content":"a few words."}"#;
    let file = fragment_file(small).unwrap();
    assert_eq!(file, [MARKER, &small[..]].concat());
    let text = "word ".repeat(RAW_FRAGMENT_BELOW / 4);
    let large = serde_json::to_vec(&serde_json::json!({ "content": text })).unwrap();
    let file = fragment_file(&large).unwrap();
    assert!(file.starts_with(&[0x1f, 0x8b]), "gzip");
    assert!(file.len() < large.len() / 4);
    assert_eq!(as_the_client_reads(&file), large);
}

#[test]
fn a_page_is_indexed_by_its_words_title_and_parts() {
    let numbers = KeyNumbers::default();
    let (page, fragment) = index_page(
        &doc(
            "/a/",
            "persona_info",
            &[
                ("persona info", 168),
                ("Interviews with three-antelopes", 24),
            ],
        ),
        &mut Keyer::new("en", &numbers),
    )
    .unwrap();
    let names = numbers.into_keys();
    assert_eq!(fragment.word_count, 5);
    let json: serde_json::Value =
        serde_json::from_slice(&as_the_client_reads(&fragment.bytes)).unwrap();
    assert_eq!(
        json["content"],
        "persona info. Interviews with three-antelopes."
    );
    assert_eq!(json["meta"]["title"], "persona_info");
    assert_eq!(json["url"], "/a/");
    let mut at = 0;
    let mut decode = |len: u32| -> Vec<i32> {
        let cbor = &page.locations[at..at + len as usize];
        at += len as usize;
        minicbor::decode(cbor).unwrap()
    };
    let keys: BTreeMap<&str, (Vec<i32>, Vec<i32>)> = page
        .keys
        .iter()
        .map(|k| {
            let (text, title) = (decode(k.lens.text), decode(k.lens.title));
            (&*names[k.key as usize], (text, title))
        })
        .collect();
    assert_eq!(
        at,
        page.locations.len(),
        "each key's locations, one after another"
    );
    assert_eq!(keys["interview"], (vec![-25, 2], vec![]));
    assert_eq!(keys["persona"].0, [-169, 0]);
    assert_eq!(keys["persona"].1, [-1, 0], "a part of the title word");
    assert_eq!(keys["persona_info"], (vec![], vec![-1, 0]));
    assert_eq!(keys["threeantelop"].0, [-25, 4]);
    assert_eq!(keys["antelop"].0, [-13, 4], "a part shares the weight");
}

/// The index files of `docs` in English, by path, and the number of documents.
fn collect(docs: Vec<Document>) -> (Files, usize) {
    let files = std::sync::Mutex::new(Files::new());
    let keep = |path: String, bytes: Vec<u8>| -> Result<()> {
        files.lock().unwrap().push((path, bytes));
        Ok(())
    };
    let doc = |i: usize| docs.get(i).map(Cow::Borrowed);
    let count = super::files(docs.len(), &doc, "en", Some("en"), &keep).unwrap();
    let mut files = files.into_inner().unwrap();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    (files, count)
}

#[test]
fn the_files_are_named_by_content_and_listed_in_the_entry() {
    let docs = vec![
        doc("/a/", "Alpha", &[("Alpha", 168), ("first page text", 24)]),
        doc("/b/", "Beta", &[("Beta", 168), ("second page text", 24)]),
        doc("/c/", "—", &[("—", 168)]),
    ];
    let (files, count) = collect(docs.clone());
    assert_eq!(count, 3, "every document is counted, indexed or not");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("fragment/en_"))
            .count(),
        2
    );
    assert_eq!(
        names.iter().filter(|n| n.starts_with("index/en_")).count(),
        1
    );
    let entry = &files
        .iter()
        .find(|(n, _)| n == "pagefind-entry.json")
        .unwrap()
        .1;
    let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
    assert_eq!(entry["version"], VERSION);
    assert_eq!(entry["languages"]["en"]["page_count"], 2);
    let meta = format!(
        "pagefind.{}.pf_meta",
        entry["languages"]["en"]["hash"].as_str().unwrap()
    );
    assert!(names.contains(&meta.as_str()), "{names:?}");
    let (again, _) = collect(docs);
    assert_eq!(files, again, "the same pages give the same files");
}

#[test]
fn locations_follow_their_postings_into_key_order() {
    let numbers = KeyNumbers::default();
    // Each key of a page gets locations [page, text...] and a title part, told apart by value.
    let page = |n: i32, words: &[&str]| {
        let mut locations = Vec::new();
        let keys = numbers
            .number(words.iter().copied())
            .into_iter()
            .enumerate()
            .map(|(i, key)| {
                let start = locations.len();
                let text: Vec<i32> = (0..=i as i32).map(|j| n * 100 + j).collect();
                minicbor::encode(&text, &mut locations).unwrap();
                let text_end = locations.len();
                minicbor::encode([-(n + 1)], &mut locations).unwrap();
                PageKey {
                    key,
                    lens: Lens {
                        text: (text_end - start) as u32,
                        title: (locations.len() - text_end) as u32,
                    },
                }
            })
            .collect();
        Page { keys, locations }
    };
    let pages = vec![
        page(0, &["pear", "apple"]),
        page(1, &["apple", "fig", "pear"]),
    ];
    let index = sorted_postings(indexed(pages), numbers.into_keys());
    let found: Vec<(&str, u32, Vec<i32>, Vec<i32>)> = (0..index.keys.len())
        .flat_map(|r| {
            let index = &index;
            index.postings_of(r).map(move |(p, text, title)| {
                let decode = |cbor| minicbor::decode::<Vec<i32>>(cbor).unwrap();
                (&*index.keys[r], p.page, decode(text), decode(title))
            })
        })
        .collect();
    assert_eq!(
        found,
        [
            ("apple", 0, vec![0, 1], vec![-1]),
            ("apple", 1, vec![100], vec![-2]),
            ("fig", 1, vec![100, 101], vec![-2]),
            ("pear", 0, vec![0], vec![-1]),
            ("pear", 1, vec![100, 101, 102], vec![-2]),
        ]
    );
}

#[test]
fn pages_of_many_batches_keep_their_order_and_numbers() {
    // Documents over three batches, with numbers that have none and a page without words.
    let count = 2 * BATCH + 7;
    let docs: Vec<Option<Document>> = (0..count)
        .map(|i| match i % 5 {
            0 => None,
            1 if i == 1 => Some(doc("/empty/", "—", &[("—", 168)])),
            _ => Some(doc(
                &format!("/p{i}/"),
                &format!("P{i}"),
                &[(&format!("word{i} shared"), 24)],
            )),
        })
        .collect();
    let files = std::sync::Mutex::new(Files::new());
    let keep = |path: String, bytes: Vec<u8>| -> Result<()> {
        files.lock().unwrap().push((path, bytes));
        Ok(())
    };
    let doc = |i: usize| docs[i].as_ref().map(Cow::Borrowed);
    let documents = super::files(count, &doc, "en", None, &keep).unwrap();
    assert_eq!(documents, docs.iter().flatten().count());
    let files = files.into_inner().unwrap();
    let raw = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
    let file = |name: &str| as_the_client_reads(raw(name));
    let entry: serde_json::Value = serde_json::from_slice(raw("pagefind-entry.json")).unwrap();
    let meta_name = format!(
        "pagefind.{}.pf_meta",
        entry["languages"]["en"]["hash"].as_str().unwrap()
    );
    type Meta = (
        String,
        Vec<(String, u32, String)>,
        Vec<(String, String, String)>,
        Vec<()>,
        Vec<()>,
        Vec<String>,
    );
    let meta: Meta = minicbor::decode(&file(&meta_name)).unwrap();
    let urls: Vec<String> = meta
        .1
        .iter()
        .map(|(hash, _, _)| {
            let json = file(&format!("fragment/{hash}.pf_fragment"));
            let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
            json["url"].as_str().unwrap().to_string()
        })
        .collect();
    let expected: Vec<String> = (0..count)
        .filter(|i| i % 5 != 0 && *i != 1)
        .map(|i| format!("/p{i}/"))
        .collect();
    assert_eq!(urls, expected, "the meta file lists the pages in order");
}

#[test]
fn a_fragment_that_cannot_be_written_stops_the_indexing_with_its_error() {
    let docs: Vec<Document> = (0..3 * BATCH)
        .map(|i| doc(&format!("/p{i}/"), "P", &[("some words", 24)]))
        .collect();
    let written = AtomicUsize::new(0);
    let refuse = |path: String, _: Vec<u8>| -> Result<()> {
        if path.starts_with("fragment/") && written.fetch_add(1, Ordering::Relaxed) == 10 {
            anyhow::bail!("disk full writing {path}");
        }
        Ok(())
    };
    let doc = |i: usize| docs.get(i).map(Cow::Borrowed);
    let err = super::files(docs.len(), &doc, "en", None, &refuse).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("disk full writing fragment/en_"),
        "{err}"
    );
    assert_eq!(
        written.into_inner(),
        11,
        "no fragment written after the failure"
    );
}

#[test]
fn rank_parts_cover_every_key_once_with_about_as_many_postings() {
    // Five keys with 1, 1, 6, 1, 1 postings: the first half of them ends in the third key.
    let offsets = [0, 1, 2, 8, 9, 10];
    let one = rank_parts(&offsets, 1);
    assert_eq!((one.len(), one[0].clone()), (1, 0..5), "one part: all keys");
    assert_eq!(
        rank_parts(&offsets, 2),
        [0..3, 3..5],
        "split where half the postings are"
    );
    let parts = rank_parts(&offsets, 8);
    assert_eq!(parts.len(), 8);
    assert_eq!(parts.first().unwrap().start, 0);
    assert_eq!(parts.last().unwrap().end, 5);
    assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
    assert_eq!(rank_parts(&[0], 2), [0..0, 0..0], "no keys");
}
