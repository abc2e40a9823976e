//! Summaries scored as `../shared/tools/rouge_eval.py`: ROUGE-1/2/L F1 × 100,
//! averaged over documents, per source and overall, under two
//! tokenizations (`rs`: rouge-score's lowercase `[a-z0-9]+`; `uni`: runs of
//! Unicode letters and digits), English stemmed with NLTK's Porter stemmer
//! ([`super::porter`]). The same items are also scored for Lead-k (the first
//! k sentences of the same pipeline) under the key `lead`, so every run
//! shows the baseline to beat.
//!
//! [`format`] prints the object as Python's `json.dumps` does (key order,
//! separators), so that the output, less its `lead` key, is byte-identical
//! to the Python scorer's.

use super::{Options, id_key, porter, predictions, read_jsonl};
use crate::config::{Config, Length};
use crate::error::Error;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub fn evaluate(gold: &Path, opts: &Options) -> Result<Value, Error> {
    let gold = read_jsonl(gold)?;
    let mut cfg = Config::default();
    cfg.rank.length = Length::Sentences(opts.sentences);
    let pred = predictions(opts, || Ok(predict(&gold, &cfg)), |r| summary_text(&r["summary"]))?;
    cfg.rank.lead = true;
    let lead: HashMap<String, String> =
        predict(&gold, &cfg).iter().map(|r| (id_key(&r["id"]), summary_text(&r["summary"]))).collect();
    let mut out = score(&gold, &pred);
    if let Value::Object(map) = &mut out {
        map.insert("lead".into(), score(&gold, &lead));
    }
    Ok(out)
}

/// abrege's predictions, as `abrege --jsonl` gives them: `{"id", "summary"}`
/// with the picked sentences joined by a space (a failure predicts nothing).
fn predict(gold: &[Value], cfg: &Config) -> Vec<Value> {
    gold.iter()
        .map(|g| {
            let text = g["text"].as_str().unwrap_or("");
            let summary = crate::summarize(text.as_bytes(), cfg).map(|s| s.sentences.join(" ")).unwrap_or_default();
            json!({"id": g["id"], "summary": summary})
        })
        .collect()
}

/// A prediction's summary: a string, or a list of sentences joined by a space.
fn summary_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(|s| s.as_str().unwrap_or_default()).collect::<Vec<_>>().join(" "),
        _ => String::new(),
    }
}

/// Which tokenization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tokenizer {
    /// rouge-score's: lowercase, `[a-z0-9]+` (accented letters split words).
    Rs,
    /// Lowercase runs of Unicode letters and digits.
    Uni,
}

/// Tokens as the scorer makes them; `stem` for English.
pub fn tokenize(text: &str, tokenizer: Tokenizer, stem: bool) -> Vec<String> {
    let lower = text.to_lowercase();
    let keep: fn(char) -> bool = match tokenizer {
        Tokenizer::Rs => |c| c.is_ascii_lowercase() || c.is_ascii_digit(),
        Tokenizer::Uni => is_python_word_char,
    };
    lower
        .split(|c: char| !keep(c))
        .filter(|t| !t.is_empty())
        .map(|t| if stem && t.chars().count() > 3 { porter::stem(t) } else { t.to_string() })
        .filter(|t| tokenizer == Tokenizer::Uni || t.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
        .collect()
}

/// Python's `[^\W_]`: letters (categories L*) and numerals. Rust's
/// alphabetic also counts the marks and symbols of `Other_Alphabetic`,
/// which Python does not; the ones that can meet Latin text are left out.
fn is_python_word_char(c: char) -> bool {
    c.is_alphanumeric() && !matches!(c, '\u{345}' | '\u{24b6}'..='\u{24e9}' | '\u{1f130}'..='\u{1f189}')
}

/// Python's `str.split()` separators: Unicode whitespace and \x1c–\x1f.
fn python_words(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)).filter(|w| !w.is_empty()).count()
}

/// ROUGE-1, ROUGE-2 and ROUGE-L F1 of a prediction against a reference.
pub fn rouge(reference: &[String], prediction: &[String]) -> [f64; 3] {
    [ngram_f1(reference, prediction, 1), ngram_f1(reference, prediction, 2), lcs_f1(reference, prediction)]
}

fn fmeasure(p: f64, r: f64) -> f64 {
    if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
}

fn ngram_f1(reference: &[String], prediction: &[String], n: usize) -> f64 {
    let (r, p) = (ngrams(reference, n), ngrams(prediction, n));
    let overlap: usize = r.iter().map(|(g, &c)| c.min(p.get(g).copied().unwrap_or(0))).sum();
    let rn = reference.len().saturating_sub(n - 1);
    let pn = prediction.len().saturating_sub(n - 1);
    fmeasure(overlap as f64 / pn.max(1) as f64, overlap as f64 / rn.max(1) as f64)
}

fn ngrams(tokens: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut m: HashMap<&[String], usize> = HashMap::new();
    for g in tokens.windows(n) {
        *m.entry(g).or_default() += 1;
    }
    m
}

fn lcs_f1(reference: &[String], prediction: &[String]) -> f64 {
    if reference.is_empty() || prediction.is_empty() {
        return 0.0;
    }
    let mut row = vec![0usize; prediction.len() + 1];
    for r in reference {
        let mut diag = 0;
        for (j, p) in prediction.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if r == p { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    let lcs = row[prediction.len()] as f64;
    fmeasure(lcs / prediction.len() as f64, lcs / reference.len() as f64)
}

/// Python's `round(x, 2)`: the correctly rounded decimal.
fn round2(x: f64) -> f64 {
    format!("{x:.2}").parse().unwrap_or(x)
}

/// The scorer's object: `{source|all: {"rs": {...}, "n": N, "uni": {...}}}`.
fn score(gold: &[Value], pred: &HashMap<String, String>) -> Value {
    // (key, tokenizer) → per-metric values in gold order, summed in that order as Python does.
    let mut acc: BTreeMap<(String, &str), [Vec<f64>; 4]> = BTreeMap::new();
    for g in gold {
        let stem = g["lang"].as_str() == Some("en");
        let p = pred.get(&id_key(&g["id"])).map_or("", String::as_str);
        let reference = g["summary"].as_str().unwrap_or("");
        let source = g["source"].as_str().unwrap_or("").to_string();
        for (name, tok) in [("rs", Tokenizer::Rs), ("uni", Tokenizer::Uni)] {
            let r = rouge(&tokenize(reference, tok, stem), &tokenize(p, tok, stem));
            for key in [source.clone(), "all".to_string()] {
                let slot = acc.entry((key, name)).or_default();
                for m in 0..3 {
                    slot[m].push(r[m] * 100.0);
                }
                slot[3].push(python_words(p) as f64);
            }
        }
    }
    let mut out = Map::new();
    for ((key, name), values) in acc {
        let entry = out.entry(key).or_insert_with(|| Value::Object(Map::new()));
        let mean = |v: &[f64]| round2(v.iter().fold(0.0, |a, x| a + x) / v.len() as f64);
        let metrics = json!({
            "rouge1": mean(&values[0]),
            "rouge2": mean(&values[1]),
            "rougeL": mean(&values[2]),
            "words": mean(&values[3]),
        });
        entry[name] = metrics;
        entry["n"] = json!(values[0].len());
    }
    Value::Object(out)
}

/// The object as Python's `json.dumps` writes it: `", "` and `": "`
/// separators, ASCII escapes, and the scorer's key order (per key: `rs`,
/// `n`, `uni`; `lead` last).
pub fn format(v: &Value) -> String {
    let mut s = String::new();
    write_python(v, &mut s, 0);
    s
}

fn key_rank(depth: usize, key: &str) -> u8 {
    match (depth, key) {
        (0, "lead") => 1,
        (1, "rs") => 0,
        (1, "n") => 1,
        (1, "uni") => 2,
        _ => 0,
    }
}

fn write_python(v: &Value, out: &mut String, depth: usize) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            // Stable sort: keys of equal rank keep the map's (sorted) order.
            keys.sort_by_key(|k| key_rank(depth, k));
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_string(k, out);
                out.push_str(": ");
                write_python(&map[k.as_str()], out, if depth == 0 && k.as_str() == "lead" { 0 } else { depth + 1 });
            }
            out.push('}');
        }
        Value::String(s) => write_string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push_str(&super::python_string(s));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tokenizers_table() {
        // French: rouge-score drops accented letters, the Unicode tokenizer keeps them; no stemming.
        assert_eq!(tokenize("L'été à Paris", Tokenizer::Rs, false), toks(&["l", "t", "paris"]));
        assert_eq!(tokenize("L'été à Paris", Tokenizer::Uni, false), toks(&["l", "été", "à", "paris"]));
        // English: Porter stemming of words longer than three letters.
        assert_eq!(tokenize("The councils were dying", Tokenizer::Rs, true), toks(&["the", "council", "were", "die"]));
        assert_eq!(tokenize("snake_case 42", Tokenizer::Uni, false), toks(&["snake", "case", "42"]));
    }

    #[test]
    fn rouge_table() {
        let r = toks(&["the", "cat", "sat", "on", "the", "mat"]);
        let p = toks(&["the", "cat", "lay", "on", "the", "mat"]);
        let [r1, r2, rl] = rouge(&r, &p);
        assert!((r1 - 5.0 / 6.0).abs() < 1e-12);
        assert!((r2 - 3.0 / 5.0).abs() < 1e-12);
        assert!((rl - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(rouge(&r, &[]), [0.0, 0.0, 0.0]);
    }

    #[test]
    fn python_rounding_and_json() {
        assert_eq!(round2(0.125), 0.12);
        assert_eq!(round2(2.675), 2.67);
        assert_eq!(round2(25.375), 25.38);
        let v = json!({"b": {"uni": {"rouge1": 1.5}, "n": 2, "rs": {"rouge1": 25.0}}, "lead": {}, "a": {}});
        assert_eq!(
            format(&v),
            r#"{"a": {}, "b": {"rs": {"rouge1": 25.0}, "n": 2, "uni": {"rouge1": 1.5}}, "lead": {}}"#
        );
        assert_eq!(python_words("un\u{a0}deux  trois\u{1f}quatre"), 4);
    }
}
