//! `translate::spm::MarianTokenizer` against `transformers.MarianTokenizer`:
//! the ids of every sentence of `tests/data/marian/{fr-en,en-fr}.encode.jsonl`
//! and the text of every id sequence of `*.decode.jsonl` must be identical to
//! what `scripts/marian_reference.py` recorded from transformers on the same
//! model folders. Run with `cargo test --features marian --test marian_tokenizer`.
#![cfg(feature = "marian")]

use abrege::translate::spm::MarianTokenizer;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/marian")
}

fn rows(name: &str) -> Vec<Value> {
    let path = data().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}"))).collect()
}

fn ids(v: &Value) -> Vec<u32> {
    v.as_array().expect("an id list").iter().map(|i| i.as_u64().expect("an id") as u32).collect()
}

fn tokenizer(direction: &str) -> MarianTokenizer {
    MarianTokenizer::load(&data().join(format!("opus-mt-{direction}"))).expect("the fixture's tokenizer loads")
}

/// Runs `diff` on every row of `{direction}.{kind}.jsonl` (at least 300) and lists the rows it finds wrong.
fn check(direction: &str, kind: &str, diff: impl Fn(&MarianTokenizer, &Value) -> Option<String>) {
    let tok = tokenizer(direction);
    let rows = rows(&format!("{direction}.{kind}.jsonl"));
    assert!(rows.len() >= 300, "{direction} {kind}: only {} rows", rows.len());
    let wrong: Vec<String> = rows.iter().filter_map(|row| diff(&tok, row)).collect();
    assert!(wrong.is_empty(), "{direction} {kind}: {} of {} differ:\n{}", wrong.len(), rows.len(), wrong.join("\n"));
}

/// Every fixture text gives transformers' ids; a mismatch is shown with its pieces.
fn check_encode(direction: &str) {
    check(direction, "encode", |tok, row| {
        let text = row["text"].as_str().expect("a text");
        let (got, want) = (tok.encode(text), ids(&row["ids"]));
        (got != want)
            .then(|| format!("{text:?}\n  want {want:?}\n  got  {got:?}\n  pieces {:?}", tok.source_pieces(text)))
    });
}

/// Every fixture id sequence decodes to transformers' text.
fn check_decode(direction: &str) {
    check(direction, "decode", |tok, row| {
        let want = row["text"].as_str().expect("a text");
        let got = tok.decode(&ids(&row["ids"]));
        (got != want).then(|| format!("{:?}\n  want {want:?}\n  got  {got:?}", row["ids"]))
    });
}

#[test]
fn french_source_ids_are_transformers() {
    check_encode("fr-en");
}

#[test]
fn english_source_ids_are_transformers() {
    check_encode("en-fr");
}

#[test]
fn english_target_text_is_transformers() {
    check_decode("fr-en");
}

#[test]
fn french_target_text_is_transformers() {
    check_decode("en-fr");
}

/// The generated ids of the reference run decode to the texts transformers printed.
#[test]
fn generated_ids_decode_as_transformers() {
    for direction in ["fr-en", "en-fr"] {
        let tok = tokenizer(direction);
        for row in rows(&format!("{direction}.generate.jsonl")) {
            let text = row["text"].as_str().expect("a text");
            assert_eq!(tok.encode(text), ids(&row["input_ids"]), "{direction}: {text:?}");
            for key in ["greedy", "beam"] {
                let want = row[format!("{key}_text")].as_str().expect("a text");
                assert_eq!(tok.decode(&ids(&row[key])), want, "{direction} {key}: {:?}", row[key]);
            }
        }
    }
}

/// The special ids, the size and the languages are the files'.
#[test]
fn special_ids_and_languages_come_from_the_files() {
    let tok = tokenizer("fr-en");
    let vocab: Value =
        serde_json::from_str(&std::fs::read_to_string(data().join("opus-mt-fr-en/vocab.json")).unwrap()).unwrap();
    let vocab = vocab.as_object().unwrap();
    assert_eq!(tok.eos_id() as u64, vocab["</s>"].as_u64().unwrap());
    assert_eq!(tok.unk_id() as u64, vocab["<unk>"].as_u64().unwrap());
    assert_eq!(tok.pad_id() as u64, vocab["<pad>"].as_u64().unwrap());
    assert_eq!(tok.pad_id() as usize, vocab.len() - 1, "pad is the last id, as in opus-mt");
    assert_eq!(tok.vocab_size(), vocab.len());
    assert_eq!((tok.source_lang(), tok.target_lang()), (Some("fr"), Some("en")));
    assert_eq!(tok.encode(""), vec![tok.eos_id()]);
}

/// Missing and broken files are errors that name the file.
#[test]
fn missing_or_broken_files_are_named() {
    let dir = std::env::temp_dir().join(format!("abrege-spm-{}", std::process::id()));
    let src = data().join("opus-mt-fr-en");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["source.spm", "target.spm", "vocab.json", "tokenizer_config.json"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    assert!(MarianTokenizer::load(&dir).is_ok());

    std::fs::remove_file(dir.join("target.spm")).unwrap();
    let err = MarianTokenizer::load(&dir).unwrap_err().to_string();
    assert!(err.contains("target.spm"), "{err}");

    std::fs::write(dir.join("target.spm"), b"\x0a\xff\xff\xff").unwrap();
    let err = MarianTokenizer::load(&dir).unwrap_err().to_string();
    assert!(err.contains("target.spm") && err.contains("not a SentencePiece model"), "{err}");

    std::fs::copy(src.join("target.spm"), dir.join("target.spm")).unwrap();
    std::fs::write(dir.join("vocab.json"), "{\"</s>\": 0, \"<pad>\": 1}").unwrap();
    let err = MarianTokenizer::load(&dir).unwrap_err().to_string();
    assert!(err.contains("vocab.json") && err.contains("<unk>"), "{err}");

    std::fs::write(dir.join("vocab.json"), "[1, 2]").unwrap();
    let err = MarianTokenizer::load(&dir).unwrap_err().to_string();
    assert!(err.contains("vocab.json"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
