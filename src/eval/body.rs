//! Main-body extraction scored as `../shared/tools/body_score.py`: macro
//! token P/R/F1 per page (overall, per language, per source) for
//! `pages.jsonl`, and trafilatura's snippet protocol (micro P/R/F1) for
//! `snippets.jsonl`.
//!
//! Predictions are `abrege::extract` with the command line's default
//! configuration, on the page's HTML (gzip-compressed) or on its `w3m -dump`
//! text render, both given as paths relative to the gold file's folder.
//! The prediction is `Extract.body` alone: the gold `truth` is the article
//! text without its headline (on the dev set fewer than 2% of the truths
//! start with the page's `<title>`), so the title is not prepended.

use super::{Options, id_key, predictions, read_jsonl, round4};
use crate::config::{Config, InputKind};
use crate::error::Error;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Key order of `body_score.py`'s metric objects.
pub const KEYS: [&str; 4] = ["n", "P", "R", "F1"];

pub fn evaluate(gold_path: &Path, opts: &Options) -> Result<Value, Error> {
    let gold = read_jsonl(gold_path)?;
    let dir = gold_path.parent().unwrap_or(Path::new("."));
    let pred = predictions(opts, || predict(&gold, dir, opts.input), body_of)?;
    Ok(if gold.first().is_some_and(|g| g.get("with").is_some()) {
        score_snippets(&gold, &pred)
    } else {
        score_pages(&gold, &pred)
    })
}

fn body_of(row: &Value) -> String {
    row.get("body").and_then(Value::as_str).unwrap_or("").to_string()
}

/// Runs `abrege::extract` on each page; a page abrege refuses predicts nothing.
fn predict(gold: &[Value], dir: &Path, input: InputKind) -> Result<Vec<Value>, Error> {
    let text_input = input == InputKind::Text;
    let mut cfg = Config::default();
    cfg.read.input = if text_input { InputKind::Text } else { InputKind::Html };
    let mut rows = Vec::with_capacity(gold.len());
    for g in gold {
        let field = if text_input { "text" } else { "html" };
        let rel = g[field].as_str().ok_or_else(|| Error::BadRequest(format!("gold row without `{field}`")))?;
        let path = dir.join(rel);
        let bytes = read_page(&path)?;
        let body = crate::extract(&bytes, &cfg).map(|e| e.body).unwrap_or_default();
        rows.push(json!({"id": g["id"], "body": body}));
    }
    Ok(rows)
}

fn read_page(path: &Path) -> Result<Vec<u8>, Error> {
    let io = |source| Error::Io { path: path.display().to_string(), source };
    let raw = std::fs::read(path).map_err(io)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice()).read_to_end(&mut out).map_err(io)?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// Python's `re.findall(r'\w+', unicodedata.normalize('NFC', text).lower())`, counted.
fn tokens(text: &str) -> HashMap<String, usize> {
    let lower = text.nfc().collect::<String>().to_lowercase();
    let mut bag = HashMap::new();
    for t in lower.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| !t.is_empty()) {
        *bag.entry(t.to_string()).or_insert(0) += 1;
    }
    bag
}

fn prf(tp: usize, npred: usize, ntruth: usize) -> (f64, f64, f64) {
    let p = if npred > 0 { tp as f64 / npred as f64 } else { 0.0 };
    let r = if ntruth > 0 { tp as f64 / ntruth as f64 } else { 0.0 };
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

fn score_pages(gold: &[Value], pred: &HashMap<String, String>) -> Value {
    let mut groups: BTreeMap<String, Vec<(f64, f64, f64)>> = BTreeMap::new();
    for g in gold {
        let truth = tokens(g["truth"].as_str().unwrap_or(""));
        let guess = tokens(pred.get(&id_key(&g["id"])).map_or("", String::as_str));
        let tp: usize = truth.iter().map(|(t, n)| (*n).min(guess.get(t).copied().unwrap_or(0))).sum();
        let res = prf(tp, guess.values().sum(), truth.values().sum());
        let lang = format!("lang={}", g["lang"].as_str().unwrap_or(""));
        let source = format!("source={}", g["source"].as_str().unwrap_or(""));
        for k in ["all".to_string(), lang, source] {
            groups.entry(k).or_default().push(res);
        }
    }
    let out: Map<String, Value> = groups
        .into_iter()
        .map(|(k, v)| {
            let n = v.len() as f64;
            let mean = |f: fn(&(f64, f64, f64)) -> f64| round4(v.iter().map(f).sum::<f64>() / n);
            (k, json!({"n": v.len(), "P": mean(|x| x.0), "R": mean(|x| x.1), "F1": mean(|x| x.2)}))
        })
        .collect();
    Value::Object(out)
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn score_snippets(gold: &[Value], pred: &HashMap<String, String>) -> Value {
    let (mut tp, mut fn_, mut fp) = (0usize, 0usize, 0usize);
    let list = |v: &Value| v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(norm).collect::<Vec<_>>());
    for g in gold {
        let body = norm(pred.get(&id_key(&g["id"])).map_or("", String::as_str));
        for s in list(&g["with"]).unwrap_or_default() {
            if body.contains(&s) {
                tp += 1;
            } else {
                fn_ += 1;
            }
        }
        fp += list(&g["without"]).unwrap_or_default().iter().filter(|s| body.contains(s.as_str())).count();
    }
    let p = if tp + fp > 0 { tp as f64 / (tp + fp) as f64 } else { 0.0 };
    let r = if tp + fn_ > 0 { tp as f64 / (tp + fn_) as f64 } else { 0.0 };
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    json!({"all": {"n": gold.len(), "P": round4(p), "R": round4(r), "F1": round4(f1)}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_like_python() {
        let cases: [(&str, &[(&str, usize)]); 3] = [
            ("L'article, l’Article!", &[("l", 2), ("article", 2)]),
            ("snake_case 3,5 e\u{301}te\u{301}", &[("snake_case", 1), ("3", 1), ("5", 1), ("été", 1)]),
            ("The THE the", &[("the", 3)]),
        ];
        for (text, want) in cases {
            let want: HashMap<String, usize> = want.iter().map(|(t, n)| (t.to_string(), *n)).collect();
            assert_eq!(tokens(text), want, "{text:?}");
        }
    }

    #[test]
    fn scores_pages_and_snippets() {
        let gold = vec![
            json!({"id": "a", "lang": "fr", "source": "x", "truth": "un deux trois quatre"}),
            json!({"id": "b", "lang": "en", "source": "x", "truth": "one two"}),
        ];
        let pred: HashMap<String, String> = [("\"a\"".to_string(), "un deux menu".to_string())].into_iter().collect();
        let r = score_pages(&gold, &pred);
        assert_eq!(r["lang=fr"], json!({"n": 1, "P": 0.6667, "R": 0.5, "F1": 0.5714}));
        assert_eq!(r["all"]["F1"], json!(0.2857));
        let gold = vec![json!({"id": "a", "with": ["deux  trois", "cinq"], "without": ["menu"]})];
        let pred: HashMap<String, String> =
            [("\"a\"".to_string(), "un deux\ntrois menu".to_string())].into_iter().collect();
        assert_eq!(score_snippets(&gold, &pred), json!({"all": {"n": 1, "P": 0.5, "R": 0.5, "F1": 0.5}}));
    }
}
