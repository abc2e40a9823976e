//! Sentence splitting scored as `../shared/tools/sent_score.py`: precision,
//! recall and F1 of paragraph-internal boundaries (offsets counted in
//! non-space characters), and the share of gold sentences found exactly.
//!
//! abrege's predictions go through [`crate::split`] with body extraction off,
//! exactly as `abrege split --jsonl` does, language detection included.

use super::{Options, id_key, predictions, read_jsonl};
use crate::config::{BodyConfig, Config};
use crate::error::Error;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The order in which `sent_score.py` prints its metrics.
pub const KEYS: [&str; 4] = ["precision", "recall", "f1", "sentence_exact"];

pub fn evaluate(gold: &Path, opts: &Options) -> Result<Value, Error> {
    let gold = read_jsonl(gold)?;
    // What `abrege split` runs: every block kept, the language detected.
    let cfg = Config { body: BodyConfig { enabled: false, ..BodyConfig::default() }, ..Config::default() };
    let predict = || {
        // A text abrege refuses (empty, blank) has no prediction: the scorer takes it whole.
        Ok(gold
            .iter()
            .filter_map(|g| {
                let split = crate::split(g["text"].as_str().unwrap_or("").as_bytes(), &cfg).ok()?;
                Some(json!({"id": g["id"], "lang": split.lang, "sentences": split.sentences}))
            })
            .collect())
    };
    let pred = predictions(opts, predict, |r| sentences(&r["sentences"]))?;
    Ok(score(&gold, &pred))
}

fn sentences(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().map(|s| s.as_str().unwrap_or("").to_string()).collect()).unwrap_or_default()
}

/// Python's `str.isspace`: Unicode white space plus the ASCII separators U+001C..U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// End offsets, in non-space characters, of every sentence but the last.
fn offsets<S: AsRef<str>>(sentences: &[S]) -> HashSet<usize> {
    let mut out = HashSet::new();
    let mut pos = 0;
    for s in sentences.iter().take(sentences.len().saturating_sub(1)) {
        pos += s.as_ref().chars().filter(|c| !is_py_space(*c)).count();
        out.insert(pos);
    }
    out
}

fn stripped<S: AsRef<str>>(sentences: &[S]) -> HashSet<&str> {
    sentences.iter().map(|s| s.as_ref().trim_matches(is_py_space)).collect()
}

fn score(gold: &[Value], pred: &HashMap<String, Vec<String>>) -> Value {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut exact, mut total) = (0usize, 0usize);
    for g in gold {
        let gold_sentences = sentences(&g["sentences"]);
        let whole = vec![g["text"].as_str().unwrap_or("").to_string()];
        let p = pred.get(&id_key(&g["id"])).unwrap_or(&whole);
        let (gb, pb) = (offsets(&gold_sentences), offsets(p));
        tp += gb.intersection(&pb).count();
        fp += pb.difference(&gb).count();
        fn_ += gb.difference(&pb).count();
        let (gs, ps) = (stripped(&gold_sentences), stripped(p));
        total += gs.len();
        exact += gs.intersection(&ps).count();
    }
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 1.0 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    json!({
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "sentence_exact": exact as f64 / total.max(1) as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_like_the_python_scorer() {
        let gold = vec![
            json!({"id": "fr-1", "text": "Il pleut. Il vente.", "sentences": ["Il pleut.", "Il vente."]}),
            json!({"id": "en-1", "text": "Dr. Lee came. He left.", "sentences": ["Dr. Lee came.", "He left."]}),
            json!({"id": "en-2", "text": "One. Two.", "sentences": ["One.", "Two."]}),
        ];
        let pred: HashMap<String, Vec<String>> = [
            ("\"fr-1\"".to_string(), vec!["Il pleut.".to_string(), "Il vente.".to_string()]),
            ("\"en-1\"".to_string(), vec!["Dr.".into(), "Lee came.".into(), "He left.".into()]),
        ]
        .into_iter()
        .collect();
        // tp 2 (fr-1, en-1), fp 1 (after "Dr."), fn 1 (en-2 left whole); exact 3 of 6.
        let want = json!({"precision": 2.0 / 3.0, "recall": 2.0 / 3.0, "f1": 2.0 / 3.0, "sentence_exact": 0.5});
        assert_eq!(score(&gold, &pred), want);
        assert_eq!(offsets(&["A b.", " C d. ", "E."]), HashSet::from([3, 6]));
    }
}
