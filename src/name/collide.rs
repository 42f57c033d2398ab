//! Slug collisions (LOGSEQ.md §8.2): give every page key its own URL, deterministically.
//!
//! Takes the identity keys of all pages (with whether each has a file) and gives one distinct
//! slug per key plus the list of collisions for diagnostics. The result depends only on the set
//! of keys, never on their input order, and adding a page never renames a page outside its own
//! collision group. Never panics, never fails.

use super::slug::{sha1_hex, slug, truncate_at_char, HASH_HEX, MAX_SEGMENT_BYTES};
use rayon::prelude::*;

/// One page that needs a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugRequest {
    /// Identity key ([`super::page_key`]).
    pub key: String,
    /// The page has a source file (it wins its slug over stubs).
    pub has_file: bool,
}

/// The slugs of [`assign_slugs`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SlugAssignment {
    /// One slug per request, in input order; distinct for distinct keys.
    pub slugs: Vec<String>,
    /// Groups of keys that wanted the same slug, ordered by slug.
    pub collisions: Vec<SlugCollision>,
}

/// Several keys whose plain slug is the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugCollision {
    /// The plain slug; the winner (first key) keeps it.
    pub slug: String,
    /// Winner first, then the others in code-point order.
    pub keys: Vec<String>,
}

/// The last requests and their assignment.
static LAST: crate::memo::LastCall<Vec<SlugRequest>, SlugAssignment> = crate::memo::LastCall::new();

/// [`assign_slugs`], remembering its last input and result (see [`crate::memo`]): `innsite
/// serve` indexes the graph again after every edit, and an edit of a page's text leaves the set
/// of pages as it was.
pub fn assign_slugs_memo(pages: &[SlugRequest]) -> SlugAssignment {
    LAST.get(
        |input| input.as_slice() == pages,
        || (pages.to_vec(), assign_slugs(pages)),
    )
}

/// Assign one distinct slug per key (LOGSEQ.md §8.2).
///
/// Keys with the same plain [`slug`] form a group. The file-backed page, else the key first in
/// code-point order (if several have files: the first of those), keeps the plain slug; every
/// other member gets `<slug>~<first 6 hex of sha1(key)>`, the suffix on the **last** segment
/// (cut at a char boundary if needed so the segment stays ≤ 255 bytes). In the practically
/// impossible case that this is already taken, more hex digits are used.
///
/// Requests with identical keys are one page: they get the same slug (`has_file` if any has).
pub fn assign_slugs(pages: &[SlugRequest]) -> SlugAssignment {
    // The distinct keys in code-point order, each with a file if any request for it has one.
    // Sorted lists rather than maps: the graph is indexed on one core, and this is a good
    // part of it (61,000 keys at 50,000 pages).
    let mut keys: Vec<(&str, bool)> = pages.iter().map(|p| (p.key.as_str(), p.has_file)).collect();
    keys.par_sort_unstable();
    keys.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        kept.1 |= same && later.1;
        same
    });
    // Each key's plain slug (on all cores), then the keys grouped by it in slug order, each
    // group's file-backed keys first, then code-point order of the key.
    let mut slugged: Vec<(String, usize, bool)> = keys
        .par_iter()
        .enumerate()
        .map(|(i, &(key, has_file))| (slug(key), i, has_file))
        .collect();
    slugged.par_sort_unstable_by(|a, b| {
        (a.0.cmp(&b.0))
            .then(b.2.cmp(&a.2))
            .then_with(|| keys[a.1].0.cmp(keys[b.1].0))
    });
    let mut slug_of: Vec<String> = vec![String::new(); keys.len()];
    let mut suffixes: foldhash::HashSet<String> = foldhash::HashSet::default();
    let mut collisions = Vec::new();
    let taken = |s: &str| slugged.binary_search_by(|e| e.0.as_str().cmp(s)).is_ok();
    for group in slugged.chunk_by(|a, b| a.0 == b.0) {
        let plain = &group[0].0;
        for &(_, i, _) in &group[1..] {
            slug_of[i] = suffixed(plain, keys[i].0, taken, &mut suffixes);
        }
        if group.len() > 1 {
            collisions.push(SlugCollision {
                slug: plain.clone(),
                keys: group
                    .iter()
                    .map(|&(_, i, _)| keys[i].0.to_string())
                    .collect(),
            });
        }
        slug_of[group[0].1] = plain.clone();
    }
    // One slug per request: moved out on a key's first request, copied for a repeat.
    let mut first_request = vec![usize::MAX; keys.len()];
    let mut slugs: Vec<String> = Vec::with_capacity(pages.len());
    for (r, p) in pages.iter().enumerate() {
        let Ok(i) = keys.binary_search_by(|k| k.0.cmp(p.key.as_str())) else {
            slugs.push(slug(&p.key));
            continue;
        };
        if first_request[i] == usize::MAX {
            first_request[i] = r;
            slugs.push(std::mem::take(&mut slug_of[i]));
        } else {
            slugs.push(slugs[first_request[i]].clone());
        }
    }
    SlugAssignment { slugs, collisions }
}

/// `plain` with `~<hash of key>` on its last segment, neither a plain slug (`taken`) nor a
/// suffixed one given before (`suffixes`, which it joins).
fn suffixed(
    plain: &str,
    key: &str,
    taken: impl Fn(&str) -> bool,
    suffixes: &mut foldhash::HashSet<String>,
) -> String {
    let hash = sha1_hex(key);
    let mut free = |candidate: &String| !taken(candidate) && suffixes.insert(candidate.clone());
    for n in HASH_HEX..=hash.len() {
        let candidate = with_suffix(plain, &hash[..n]);
        if free(&candidate) {
            return candidate;
        }
    }
    // Bounded: at most as many candidates as there are slugs can be refused.
    let mut i: u64 = 2;
    loop {
        let candidate = with_suffix(plain, &format!("{hash}-{i}"));
        if free(&candidate) {
            return candidate;
        }
        i += 1;
    }
}

/// `a/b` + `x` → `a/b~x`, cutting `b` so that it stays within [`MAX_SEGMENT_BYTES`].
fn with_suffix(plain: &str, suffix: &str) -> String {
    let (head, last) = match plain.rsplit_once('/') {
        Some((head, last)) => (Some(head), last),
        None => (None, plain),
    };
    let room = MAX_SEGMENT_BYTES.saturating_sub(1 + suffix.len());
    let cut = truncate_at_char(last, room);
    let last = if cut.len() < last.len() {
        cut.trim_end_matches('-')
    } else {
        cut
    };
    match head {
        Some(head) => format!("{head}/{last}~{suffix}"),
        None => format!("{last}~{suffix}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn req(key: &str, has_file: bool) -> SlugRequest {
        SlugRequest {
            key: key.to_string(),
            has_file,
        }
    }

    #[test]
    fn distinct_slugs_stay_plain() {
        let a = assign_slugs(&[
            req("topic/business", true),
            req("topic", false),
            req("!", true),
        ]);
        assert_eq!(a.slugs, vec!["topic/business", "topic", "_21"]);
        assert!(a.collisions.is_empty());
    }

    #[test]
    fn first_key_in_code_point_order_wins_among_stubs() {
        let a = assign_slugs(&[req("my-business", false), req("my business", false)]);
        assert_eq!(a.slugs, vec!["my-business~efc1fb", "my-business"]);
        assert_eq!(
            a.collisions,
            vec![SlugCollision {
                slug: "my-business".into(),
                keys: vec!["my business".into(), "my-business".into()],
            }]
        );
    }

    #[test]
    fn file_backed_page_wins_and_suffix_goes_on_last_segment() {
        let a = assign_slugs(&[
            req("profile (id)/goals/finantial damage", false),
            req("profile-(id)/goals/finantial damage", true),
        ]);
        assert_eq!(
            a.slugs,
            vec![
                "profile-id/goals/finantial-damage~9588f3",
                "profile-id/goals/finantial-damage"
            ]
        );
        assert_eq!(
            a.collisions[0].keys[0],
            "profile-(id)/goals/finantial damage"
        );
    }

    #[test]
    fn three_way_group() {
        let a = assign_slugs(&[
            req("profile_id", false),
            req("profile-(id)", false),
            req("profile (id)", false),
        ]);
        assert_eq!(
            a.slugs,
            vec!["profile-id~3dd8bf", "profile-id~990c72", "profile-id"]
        );
        assert_eq!(
            a.collisions[0].keys,
            vec!["profile (id)", "profile-(id)", "profile_id"]
        );
    }

    #[test]
    fn two_file_backed_pages_first_in_code_point_order_wins() {
        let a = assign_slugs(&[req("b", true), req("B ", false), req("b!", true)]);
        // "b" < "b!" in code-point order; the stub "B " loses to both.
        assert_eq!(a.slugs[0], "b");
        assert!(a.slugs[2].starts_with("b~"));
        assert_eq!(a.collisions[0].keys, vec!["b", "b!", "B "]);
    }

    #[test]
    fn identical_keys_share_one_slug() {
        let a = assign_slugs(&[req("x", false), req("x", true)]);
        assert_eq!(a.slugs, vec!["x", "x"]);
        assert!(a.collisions.is_empty());
    }

    fn permutations(items: &[SlugRequest]) -> Vec<Vec<SlugRequest>> {
        if items.len() <= 1 {
            return vec![items.to_vec()];
        }
        let mut out = Vec::new();
        for i in 0..items.len() {
            let mut rest = items.to_vec();
            let first = rest.remove(i);
            for mut p in permutations(&rest) {
                p.insert(0, first.clone());
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn independent_of_input_order() {
        let base = vec![
            req("segment (id)", false),
            req("segment-(id)", true),
            req("segment_id", false),
            req("curiosity", false),
            req("🤔  curiosity", false),
        ];
        let reference = assign_slugs(&base);
        let map: HashMap<String, String> = base
            .iter()
            .map(|r| r.key.clone())
            .zip(reference.slugs.clone())
            .collect();
        for perm in permutations(&base) {
            let a = assign_slugs(&perm);
            for (r, s) in perm.iter().zip(&a.slugs) {
                assert_eq!(&map[&r.key], s);
            }
            assert_eq!(a.collisions, reference.collisions);
        }
        let distinct: HashSet<&String> = reference.slugs.iter().collect();
        assert_eq!(distinct.len(), base.len());
    }

    #[test]
    fn suffix_keeps_segment_within_limit() {
        let long = "a".repeat(300);
        let a = assign_slugs(&[
            req(&format!("x/{long}"), false),
            req(&format!("x/{long}!"), false),
        ]);
        assert_ne!(a.slugs[0], a.slugs[1]);
        for s in &a.slugs {
            assert!(
                s.split('/').all(|seg| seg.len() <= MAX_SEGMENT_BYTES),
                "{s}"
            );
        }
        assert_eq!(a.collisions.len(), 1);
    }

    #[test]
    fn taken_suffix_uses_more_hex() {
        // Taken as a plain slug of another key, or as a suffixed slug given before.
        let plain = |s: &str| s == "b~e9d71f";
        let mut given = foldhash::HashSet::default();
        assert_eq!(suffixed("b", "b", plain, &mut given), "b~e9d71f5");
        assert!(given.contains("b~e9d71f5"));
        assert_eq!(suffixed("b", "b", plain, &mut given), "b~e9d71f5e");
        assert_eq!(with_suffix("a/b", "123456"), "a/b~123456");
    }

    #[test]
    fn the_memo_gives_what_the_function_gives() {
        let req = |key: &str, has_file| SlugRequest {
            key: key.into(),
            has_file,
        };
        let a = vec![req("a b", true), req("a-b", false), req("c", true)];
        let b = vec![req("a b", false), req("a-b", true)];
        for pages in [&a, &a, &b, &a] {
            assert_eq!(assign_slugs_memo(pages), assign_slugs(pages));
        }
    }

    /// The assignment as innsite first wrote it, with ordered maps: the reference the sorted
    /// lists above must agree with.
    fn assign_with_maps(pages: &[SlugRequest]) -> SlugAssignment {
        use std::collections::BTreeMap;
        let mut keys: BTreeMap<&str, bool> = BTreeMap::new();
        for p in pages {
            *keys.entry(p.key.as_str()).or_insert(false) |= p.has_file;
        }
        let mut groups: BTreeMap<String, Vec<(&str, bool)>> = BTreeMap::new();
        for (key, has_file) in keys {
            groups.entry(slug(key)).or_default().push((key, has_file));
        }
        let plains: HashSet<String> = groups.keys().cloned().collect();
        let mut given = foldhash::HashSet::default();
        let mut by_key: HashMap<&str, String> = HashMap::new();
        let mut collisions = Vec::new();
        for (plain, mut members) in groups {
            members.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            by_key.insert(members[0].0, plain.clone());
            for (key, _) in &members[1..] {
                let taken = |s: &str| plains.contains(s);
                by_key.insert(key, suffixed(&plain, key, taken, &mut given));
            }
            if members.len() > 1 {
                collisions.push(SlugCollision {
                    keys: members.iter().map(|(k, _)| k.to_string()).collect(),
                    slug: plain,
                });
            }
        }
        let slugs = pages
            .iter()
            .map(|p| by_key[p.key.as_str()].clone())
            .collect();
        SlugAssignment { slugs, collisions }
    }

    #[test]
    fn agrees_with_the_map_based_assignment_on_colliding_keys() {
        // Keys from a few words joined by separators that slug alike (space, dash,
        // underscore, dot), some namespaced, some twice, some with files, in any order; and
        // a key shaped like another's suffixed slug, so suffixes meet taken slugs.
        let mut rng = fastrand::Rng::with_seed(7);
        let mut collided = 0;
        let words = ["a", "b", "ü", "b~e9d71f"];
        let seps = [" ", "-", "_", ".", "/"];
        for round in 0..200 {
            let n = 1 + round % 40;
            let pages: Vec<SlugRequest> = (0..n)
                .map(|_| {
                    let mut key = words[rng.usize(..words.len())].to_string();
                    for _ in 0..rng.usize(..3) {
                        key.push_str(seps[rng.usize(..seps.len())]);
                        key.push_str(words[rng.usize(..words.len())]);
                    }
                    req(&key, rng.bool())
                })
                .collect();
            let got = assign_slugs(&pages);
            assert_eq!(got, assign_with_maps(&pages), "{pages:?}");
            collided += got.collisions.len();
            let distinct: HashSet<&str> = pages.iter().map(|p| p.key.as_str()).collect();
            let slugs: HashSet<&String> = got.slugs.iter().collect();
            assert_eq!(slugs.len(), distinct.len(), "one slug per key: {pages:?}");
        }
        assert!(collided > 150, "the keys collide often enough: {collided}");
    }
}
