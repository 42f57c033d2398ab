//! Words as the search index holds them: takes one whitespace-separated word of a page's text
//! and gives the index keys it is found under, made the way pagefind's search client treats
//! what a reader types, so that every typed word reaches the keys written here.
//!
//! The client lower-cases the query, drops punctuation except connector punctuation (`_`),
//! strips diacritics (NFD without combining marks, kana sound marks kept) and stems each word
//! with the stemmer of the index's language, then looks keys up by prefix. So a key is the
//! word's letters, digits and connectors, lower-cased, without diacritics, stemmed. A word
//! made of several parts (`three-antelopes`, `ThreeAntelopes`, `persona_info`) is also found
//! under each part of two or more characters, with the word's weight shared among them.

use pagefind_stem::{Algorithm, Stemmer};
use std::sync::{Arc, Mutex};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Connector punctuation (Unicode category Pc), kept inside words by the client when the index
/// lists them as "include characters" (which innsite's entry file does).
pub const CONNECTORS: [char; 10] = [
    '_', '\u{203F}', '\u{2040}', '\u{2054}', '\u{FE33}', '\u{FE34}', '\u{FE4D}', '\u{FE4E}',
    '\u{FE4F}', '\u{FF3F}',
];

/// One index key of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub key: String,
    /// A part of a compound word (weighted as a share of the word).
    pub part: bool,
}

/// One index key of a word, by its number (see [`KeyNumbers`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberedKey {
    pub number: u32,
    /// A part of a compound word (weighted as a share of the word).
    pub part: bool,
}

/// The numbers of the distinct keys of a site, in order of first use, shared by the threads
/// indexing pages (each thread asks once per distinct word it meets).
#[derive(Default)]
pub struct KeyNumbers {
    inner: Mutex<Numbered>,
}

/// The keys numbered so far: number by key, key by number.
#[derive(Default)]
struct Numbered {
    numbers: foldhash::HashMap<Arc<str>, u32>,
    keys: Vec<Arc<str>>,
}

impl KeyNumbers {
    /// The number of each key, in order.
    pub fn number<'a>(&self, keys: impl Iterator<Item = &'a str>) -> Vec<u32> {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let Numbered {
            numbers,
            keys: by_number,
        } = &mut *guard;
        keys.map(|key| match numbers.get(key) {
            Some(&n) => n,
            None => {
                let shared: Arc<str> = key.into();
                let n = by_number.len() as u32;
                numbers.insert(shared.clone(), n);
                by_number.push(shared);
                n
            }
        })
        .collect()
    }

    /// The keys by number.
    pub fn into_keys(self) -> Vec<Arc<str>> {
        let numbered = self.inner.into_inner().unwrap_or_else(|e| e.into_inner());
        numbered.keys
    }
}

/// The stemmer of a language (by its primary subtag), as the client's WebAssembly for that
/// language stems queries; `None` for languages without one (keys are then unstemmed).
pub fn stemmer(language: &str) -> Option<Stemmer> {
    use Algorithm as A;
    let algorithm = match language.split('-').next().unwrap_or("") {
        "ar" => A::Arabic,
        "hy" => A::Armenian,
        "eu" => A::Basque,
        "ca" => A::Catalan,
        "da" => A::Danish,
        "nl" => A::Dutch,
        "en" => A::English,
        "eo" => A::Esperanto,
        "et" => A::Estonian,
        "fi" => A::Finnish,
        "fr" => A::French,
        "de" => A::German,
        "el" => A::Greek,
        "hi" => A::Hindi,
        "hu" => A::Hungarian,
        "id" => A::Indonesian,
        "ga" => A::Irish,
        "it" => A::Italian,
        "lt" => A::Lithuanian,
        "nb" | "nn" | "no" => A::Norwegian,
        "ne" => A::Nepali,
        "pt" => A::Portuguese,
        "ro" => A::Romanian,
        "ru" => A::Russian,
        "sr" => A::Serbian,
        "pl" => A::Polish,
        "es" => A::Spanish,
        "sv" => A::Swedish,
        "ta" => A::Tamil,
        "tr" => A::Turkish,
        "yi" => A::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The keys of words ([`keys_with`]), numbered, with a memory of the words already seen (a
/// page's text repeats few distinct words, a site's text a few tens of thousands): one per
/// indexing thread, so a word's keys are made and numbered once per thread, not at every use.
pub struct Keyer<'n> {
    stemmer: Option<Stemmer>,
    numbers: &'n KeyNumbers,
    /// Word → its entry in `made`.
    seen: foldhash::HashMap<String, u32>,
    made: Vec<Vec<NumberedKey>>,
    /// Normalised word → its stem: words seen apart (`Customer`, `customer,`) often share
    /// it (innbok's text has 17,400 distinct words, 11,400 once normalised).
    stems: foldhash::HashMap<String, String>,
}

impl<'n> Keyer<'n> {
    pub fn new(language: &str, numbers: &'n KeyNumbers) -> Keyer<'n> {
        Keyer {
            stemmer: stemmer(language),
            numbers,
            seen: foldhash::HashMap::default(),
            made: Vec::new(),
            stems: foldhash::HashMap::default(),
        }
    }

    /// The keys of `word`, as [`keys_with`] gives them, by number.
    pub fn keys(&mut self, word: &str) -> &[NumberedKey] {
        if let Some(&i) = self.seen.get(word) {
            return &self.made[i as usize];
        }
        let (stemmer, stems) = (self.stemmer.as_ref(), &mut self.stems);
        let made = keys_with(word, &mut |w| {
            if let Some(known) = stems.get(w) {
                return known.clone();
            }
            let made = stem(w, stemmer);
            stems.insert(w.to_string(), made.clone());
            made
        });
        let numbers = self.numbers.number(made.iter().map(|k| k.key.as_str()));
        let numbered = made
            .iter()
            .zip(numbers)
            .map(|(k, number)| NumberedKey {
                number,
                part: k.part,
            })
            .collect();
        self.seen.insert(word.to_string(), self.made.len() as u32);
        self.made.push(numbered);
        &self.made[self.made.len() - 1]
    }
}

/// Keyers kept between rayon jobs: a parallel pass asks for a keyer per job (a few tens per
/// build), and one made new for each would stem the site's vocabulary again every time (a
/// twentieth of indexing 1,000 pages). [`KeyerPool::take`] gives one back when dropped.
pub struct KeyerPool<'n> {
    language: &'n str,
    numbers: &'n KeyNumbers,
    idle: Mutex<Vec<Keyer<'n>>>,
}

impl<'n> KeyerPool<'n> {
    pub fn new(language: &'n str, numbers: &'n KeyNumbers) -> KeyerPool<'n> {
        KeyerPool {
            language,
            numbers,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// An idle keyer, or a new one when all are in use.
    pub fn take(&self) -> PooledKeyer<'_, 'n> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        PooledKeyer {
            pool: self,
            keyer: Some(idle.unwrap_or_else(|| Keyer::new(self.language, self.numbers))),
        }
    }
}

/// A keyer taken from a [`KeyerPool`], returned to it when dropped.
pub struct PooledKeyer<'p, 'n> {
    pool: &'p KeyerPool<'n>,
    keyer: Option<Keyer<'n>>,
}

impl<'n> std::ops::Deref for PooledKeyer<'_, 'n> {
    type Target = Keyer<'n>;
    fn deref(&self) -> &Keyer<'n> {
        self.keyer.as_ref().expect("a pooled keyer until dropped")
    }
}

impl<'n> std::ops::DerefMut for PooledKeyer<'_, 'n> {
    fn deref_mut(&mut self) -> &mut Keyer<'n> {
        self.keyer.as_mut().expect("a pooled keyer until dropped")
    }
}

impl Drop for PooledKeyer<'_, '_> {
    fn drop(&mut self) {
        if let Some(keyer) = self.keyer.take() {
            let mut idle = self.pool.idle.lock().unwrap_or_else(|e| e.into_inner());
            idle.push(keyer);
        }
    }
}

/// [`keys_with`], stemming with `stemmer` and no memory (the tests' reference).
#[cfg(test)]
pub fn keys(word: &str, stemmer: Option<&Stemmer>) -> Vec<Key> {
    keys_with(word, &mut |w| stem(w, stemmer))
}

/// The keys of one word of text (none for a word without letters or digits), the whole word
/// first; `stem` stems each normalised word or part (see [`stem`]).
fn keys_with(word: &str, stem: &mut dyn FnMut(&str) -> String) -> Vec<Key> {
    let whole = normalize(word);
    if whole.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Key {
        key: stem(&whole),
        part: false,
    }];
    let parts = parts(word);
    if parts.len() > 1 {
        for part in parts {
            let part = normalize(part);
            if part.chars().count() > 1 {
                out.push(Key {
                    key: stem(&part),
                    part: true,
                });
            }
        }
    }
    out
}

/// Letters, digits and connectors, lower-cased.
fn normalize(word: &str) -> String {
    // Most words are ASCII: byte by byte, without case tables (1% of indexing innbok).
    if !word.is_ascii() {
        return normalize_chars(word);
    }
    let mut out = String::with_capacity(word.len());
    for b in word.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' {
            out.push(char::from(b.to_ascii_lowercase()));
        }
    }
    out
}

/// [`normalize`] of any text, character by character.
fn normalize_chars(word: &str) -> String {
    word.chars()
        .filter(|&c| c.is_alphanumeric() || CONNECTORS.contains(&c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Without diacritics, stemmed.
fn stem(word: &str, stemmer: Option<&Stemmer>) -> String {
    let plain = strip_diacritics(word);
    match stemmer {
        Some(s) => s.stem(&plain).into_owned(),
        None => plain,
    }
}

/// NFD without combining marks, except the kana voiced sound marks, which tell words apart
/// (then recomposed).
fn strip_diacritics(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    let kana_mark = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !is_combining_mark(c) || kana_mark(c))
        .collect();
    if stripped.chars().any(kana_mark) {
        stripped.nfc().collect()
    } else {
        stripped
    }
}

/// The parts of a compound word: runs of letters and digits, split also where a lower-case
/// letter is followed by an upper-case one (`ThreeAntelopes`).
fn parts(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev_lower = false;
    for (i, c) in word.char_indices() {
        if !c.is_alphanumeric() {
            if let Some(s) = start.take() {
                parts.push(&word[s..i]);
            }
            prev_lower = false;
            continue;
        }
        match start {
            Some(s) if prev_lower && c.is_uppercase() => {
                parts.push(&word[s..i]);
                start = Some(i);
            }
            None => start = Some(i),
            _ => {}
        }
        prev_lower = c.is_lowercase();
    }
    if let Some(s) = start {
        parts.push(&word[s..]);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn all(word: &str) -> Vec<(String, bool)> {
        keys(word, stemmer("en").as_ref())
            .into_iter()
            .map(|k| (k.key, k.part))
            .collect()
    }

    #[test]
    fn ascii_words_normalise_as_by_characters() {
        let printable: String = (b' '..=b'~').map(char::from).collect();
        for word in [
            "Customer's",
            "ThreeAntelopes",
            "x_Y-2",
            "",
            "--",
            printable.as_str(),
        ] {
            assert_eq!(normalize(word), normalize_chars(word), "{word}");
        }
        assert_eq!(normalize("Cliente_Ñandú"), "cliente_ñandú");
    }

    #[test]
    fn a_pooled_keyer_comes_back_with_what_it_learned() {
        let numbers = KeyNumbers::default();
        let pool = KeyerPool::new("en", &numbers);
        {
            let mut keyer = pool.take();
            assert_eq!(keyer.keys("Interviews").len(), 1);
            // A second keyer while the first is in use is a new one.
            assert!(pool.take().seen.is_empty());
        }
        let keyer = pool.take();
        assert!(
            keyer.seen.contains_key("Interviews"),
            "the first keyer, reused"
        );
        assert_eq!(pool.idle.lock().unwrap().len(), 1, "the other one waits");
        drop(keyer);
        assert_eq!(pool.idle.lock().unwrap().len(), 2);
        assert_eq!(&*numbers.into_keys()[0], "interview");
    }

    #[test]
    fn a_keyer_stems_each_normalised_word_once() {
        let numbers = KeyNumbers::default();
        let mut keyer = Keyer::new("en", &numbers);
        let mut numbered = |word: &str| -> Vec<(u32, bool)> {
            keyer
                .keys(word)
                .iter()
                .map(|k| (k.number, k.part))
                .collect()
        };
        let interviews = numbered("Interviews");
        assert_eq!(numbered("interviews,"), interviews, "same normalised word");
        assert_eq!(numbered("ThreeInterviews")[2], (interviews[0].0, true));
        assert_eq!(keyer.seen.len(), 3, "three words seen");
        let stems: BTreeMap<&str, &str> = keyer
            .stems
            .iter()
            .map(|(w, s)| (w.as_str(), s.as_str()))
            .collect();
        assert_eq!(
            stems,
            BTreeMap::from([
                ("interviews", "interview"),
                ("three", "three"),
                ("threeinterviews", "threeinterview"),
            ]),
            "each stemmed once"
        );
        let words = ["Interviews", "interviews,", "ThreeInterviews"];
        let memo: Vec<Vec<u32>> = words
            .iter()
            .map(|w| keyer.keys(w).iter().map(|k| k.number).collect())
            .collect();
        drop(keyer);
        let names = numbers.into_keys();
        for (word, got) in words.iter().zip(memo) {
            let got: Vec<&str> = got.iter().map(|&n| &*names[n as usize]).collect();
            let fresh: Vec<String> = keys(word, stemmer("en").as_ref())
                .into_iter()
                .map(|k| k.key)
                .collect();
            assert_eq!(got, fresh, "{word}: as without the memory");
        }
    }

    #[test]
    fn a_plain_word_is_lower_cased_and_stemmed() {
        assert_eq!(all("Interviews,"), [("interview".to_string(), false)]);
        assert_eq!(all("—"), []);
        assert_eq!(all("(42)"), [("42".to_string(), false)]);
    }

    #[test]
    fn compound_words_are_found_whole_and_by_part() {
        let expected = [
            ("threeantelop".to_string(), false),
            ("three".to_string(), true),
            ("antelop".to_string(), true),
        ];
        assert_eq!(all("three-antelopes"), expected);
        assert_eq!(all("ThreeAntelopes"), expected);
        assert_eq!(
            all("persona_info"),
            [
                ("persona_info".to_string(), false),
                ("persona".to_string(), true),
                ("info".to_string(), true),
            ]
        );
        // Single letters are not parts; an all-caps word is one part.
        assert_eq!(all("a-b"), [("ab".to_string(), false)]);
        assert_eq!(all("MVP"), [("mvp".to_string(), false)]);
    }

    #[test]
    fn diacritics_are_stripped_as_the_client_strips_them_from_queries() {
        assert_eq!(keys("Café", None)[0].key, "cafe");
        assert_eq!(keys("バンド", None)[0].key, "バンド");
        assert_ne!(keys("バンド", None)[0].key, keys("ハンド", None)[0].key);
    }

    #[test]
    fn languages_without_a_stemmer_keep_words_whole() {
        assert!(stemmer("zh").is_none());
        assert_eq!(keys("running", None)[0].key, "running");
        assert_eq!(keys("running", stemmer("en-GB").as_ref())[0].key, "run");
    }
}
