//! `abrege::stem` gives exactly the stems of `rust-stemmers` 1.2.0, the
//! Snowball code it replaced: on every distinct word of the shared data (when
//! `../shared`, or `$ABREGE_SHARED`, is there), run through both languages'
//! stemmers, and on generated strings of any characters.

use abrege::Lang;
use abrege::lang::lowercase;
use abrege::segment::{split_elision, word_indices};
use proptest::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

fn reference(lang: Lang) -> Stemmer {
    Stemmer::create(match lang {
        Lang::Fr => Algorithm::French,
        Lang::En => Algorithm::English,
    })
}

/// The words of `text` as segment hands them to the stemmer (each piece of
/// an elision, in both languages' rules, lowercased), and the whole words.
fn add_words(text: &str, words: &mut HashSet<String>) {
    let mut buf = String::new();
    let mut add = |word: &str| {
        let lower = lowercase(word, &mut buf);
        if !words.contains(lower) {
            words.insert(lower.to_string());
        }
    };
    for (_, word) in word_indices(text) {
        add(word);
        for lang in Lang::ALL {
            let (head, tail) = split_elision(word, lang);
            if let Some(tail) = tail {
                add(head);
                add(tail);
            }
        }
    }
}

/// Every string of a JSON value.
fn add_json(value: &serde_json::Value, words: &mut HashSet<String>) {
    match value {
        serde_json::Value::String(s) => add_words(s, words),
        serde_json::Value::Array(items) => items.iter().for_each(|v| add_json(v, words)),
        serde_json::Value::Object(map) => map.values().for_each(|v| add_json(v, words)),
        _ => {}
    }
}

fn add_file(path: &Path, words: &mut HashSet<String>) {
    let Ok(bytes) = std::fs::read(path) else { return };
    let name = path.to_string_lossy();
    let text = if name.ends_with(".gz") {
        let mut out = String::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut out).expect("gzip");
        out
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    if name.contains(".jsonl") {
        for line in text.lines() {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(line) {
                add_json(&value, words);
            }
        }
    } else {
        add_words(&text, words);
    }
}

/// The data files: JSONL (plain or gzip) and text, in `dir` and below.
fn data_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for path in entries.flatten().map(|e| e.path()) {
        let name = path.to_string_lossy();
        if path.is_dir() {
            data_files(&path, out);
        } else if name.ends_with(".jsonl") || name.ends_with(".jsonl.gz") || name.ends_with(".txt") {
            out.push(path);
        }
    }
}

fn check(words: &HashSet<String>) -> usize {
    let mut buf = String::new();
    let mut wrong = Vec::new();
    for lang in Lang::ALL {
        let snowball = reference(lang);
        for word in words {
            let want = snowball.stem(word);
            let got = abrege::stem::stem(word, lang, &mut buf);
            if got != want {
                wrong.push(format!("{lang} {word:?}: {got:?}, rust-stemmers {want:?}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} words differ:\n{}",
        wrong.len(),
        words.len(),
        wrong[..wrong.len().min(30)].join("\n")
    );
    words.len()
}

#[test]
fn same_stems_as_rust_stemmers_on_the_shared_data() {
    let shared = std::env::var_os("ABREGE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let mut files = Vec::new();
    for dir in ["eval", "train"] {
        data_files(&shared.join(dir), &mut files);
    }
    if files.is_empty() {
        eprintln!("{}: no shared data, stems checked on the samples only", shared.display());
    }
    data_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"), &mut files);
    let mut words = HashSet::new();
    for file in &files {
        add_file(file, &mut words);
    }
    assert!(!words.is_empty());
    let checked = check(&words);
    eprintln!("{checked} distinct words stemmed as rust-stemmers does, in French and in English");
}

/// Pieces that the rules look at, to build words that reach every branch.
const PIECES: [&str; 64] = [
    "a", "e", "i", "o", "u", "y", "q", "qu", "s", "t", "l", "g", "gu", "n", "r", "c", "b", "d", "m", "p", "'", "’",
    "-", "1", "é", "è", "ê", "ë", "ï", "î", "ô", "û", "ù", "â", "à", "ç", "ü", "Y", "I", "U", "ation", "ement", "ité",
    "iqU", "ive", "euse", "ment", "issant", "aient", "ier", "ière", "ion", "eed", "ing", "ly", "ational", "izer",
    "ousli", "ness", "ies", "sses", "ogi", "bli", "ement",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn same_stems_on_any_string(word in "\\PC{0,12}") {
        check(&HashSet::from([word]));
    }

    #[test]
    fn same_stems_on_rule_pieces(pieces in prop::collection::vec(0..PIECES.len(), 0..8)) {
        let word: String = pieces.iter().map(|&i| PIECES[i]).collect();
        check(&HashSet::from([word]));
    }
}
