//! Robustness of the inline scanner: the round-trip property on random text made of the
//! syntax characters, and linear time on hostile input (RELIABILITY.md §3).

use super::tests::pieces;
use super::{refs, scan};

/// A tiny deterministic generator (xorshift), so the fuzz loop needs no dependency.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn round_trip_on_random_text() {
    const ALPHABET: &[&str] = &[
        "[",
        "]",
        "(",
        ")",
        "#",
        "{",
        "}",
        "`",
        "a",
        "b",
        " ",
        "\n",
        "!",
        ":",
        "/",
        ".",
        "~",
        "&",
        "\"",
        "\\",
        "+",
        ",",
        "é",
        "🔖",
        "embed ",
        "query ",
        "<",
        ">",
        "-",
        "::",
        "$",
        "$$",
        "5",
        "[#A] ",
        "SCHEDULED: <2024-01-05>",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..30_000 {
        let len = (next(&mut state) % 40) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(next(&mut state) % ALPHABET.len() as u64) as usize])
            .collect();
        pieces(&text);
        let _ = refs(&text, 1);
    }
}

/// Hostile inputs: each must finish quickly (linear scans) and round-trip.
#[test]
fn hostile_input_is_linear() {
    let cases = [
        "[".repeat(50_000),
        "[[".repeat(50_000),
        "((".repeat(50_000),
        "{{".repeat(50_000),
        "#".repeat(50_000),
        "`".repeat(50_000),
        "` `` ".repeat(20_000),
        "[a](".repeat(50_000),
        "](".repeat(50_000),
        "![".repeat(50_000),
        "#a.".repeat(50_000) + &".".repeat(50_000),
        "https://x/#".repeat(50_000),
        "<a ".repeat(50_000),
        "#+BEGIN_QUERY\n".repeat(50_000),
        "$".repeat(50_000),
        "$a ".repeat(50_000),
        "$$\n".repeat(50_000),
        "$$a".repeat(50_000),
        "[#A] ".repeat(50_000),
        "```\n".to_string() + &"x\n".repeat(50_000),
        "[[a]] #b {{embed [[c]]}} ((x)) [d](e) `f` ".repeat(12_000),
        // A 5 MB line: prose with a construct now and then.
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do [[eiusmod]] #tempor "
            .repeat(60_000),
    ];
    for text in &cases {
        let start = std::time::Instant::now();
        let p = scan(text);
        assert_eq!(
            p.iter().map(|x| x.source().len()).sum::<usize>(),
            text.len()
        );
        let _ = refs(text, 1);
        let took = start.elapsed();
        assert!(took.as_secs() < 10, "{} bytes took {took:?}", text.len());
    }
}
