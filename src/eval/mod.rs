//! Evaluation against the gold data of `../shared/eval`: each submodule
//! reproduces one of the project's Python scorers (`../shared/tools/*.py`)
//! on the same files, so quality can be measured from Rust, and CI can fail
//! when a number drops under its floor.
//!
//! Input: a gold JSONL file, and either predictions (JSONL) or none, in
//! which case abrege predicts them itself. Output: the scorer's JSON object.

pub mod body;
pub mod detect;
pub mod porter;
pub mod split;
pub mod summarize;

use crate::error::Error;
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// Which stage is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Language identification, as `langid_score.py`.
    Detect,
    /// Sentence boundaries, as `sent_score.py`.
    Split,
    /// Main-body extraction, as `body_score.py`.
    Body,
    /// Summaries (and Lead-k), as `rouge_eval.py`.
    Summarize,
}

/// How an evaluation runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Score these predictions instead of predicting.
    pub pred: Option<PathBuf>,
    /// Also write abrege's predictions here (to feed the Python scorer).
    pub write_pred: Option<PathBuf>,
    /// Summary length, for the summarization evaluation.
    pub sentences: usize,
    /// Which render of a page to read, for the body evaluation (`Auto` reads the HTML).
    pub input: crate::config::InputKind,
    /// For the body evaluation: leave one source out (fit the body weights
    /// without each source, score it with them), beside the plain numbers.
    pub folds: bool,
    /// Where each fold's fitted weights are saved and found again (`--fold-weights`).
    pub fold_weights: Option<PathBuf>,
    /// The body weights to predict with instead of the built-in ones (`--weights`).
    pub weights: Option<crate::config::BodyWeights>,
}

/// Runs one evaluation and returns the scorer's JSON object.
pub fn evaluate(kind: Kind, gold: &Path, opts: &Options) -> Result<Value, Error> {
    match kind {
        Kind::Detect => detect::evaluate(gold, opts),
        Kind::Split => split::evaluate(gold, opts),
        Kind::Body => body::evaluate(gold, opts),
        Kind::Summarize => summarize::evaluate(gold, opts),
    }
}

/// The result as the Python scorer prints it (`json.dumps`): its key order,
/// `", "` and `": "` separators, non-ASCII escaped.
pub fn to_python_json(kind: Kind, result: &Value) -> String {
    let order: &[&str] = match kind {
        // `rouge_eval.py` builds its dict in an order of its own (and abrege adds `lead`).
        Kind::Summarize => return summarize::format(result),
        Kind::Detect => &[],
        Kind::Split => &split::KEYS,
        Kind::Body => &body::KEYS,
    };
    python_json(result, order)
}

fn python_json(v: &Value, order: &[&str]) -> String {
    match v {
        Value::Object(map) => {
            // Known keys in the scorer's order (at every level), then the rest sorted (as `sorted(...)`).
            let mut keys: Vec<&String> = order.iter().filter_map(|k| map.get_key_value(*k).map(|(k, _)| k)).collect();
            keys.extend(map.keys().filter(|k| !order.contains(&k.as_str())));
            let items: Vec<String> = keys
                .iter()
                .map(|k| format!("{}: {}", python_string(k), python_json(&map[k.as_str()], order)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(items) => {
            format!("[{}]", items.iter().map(|i| python_json(i, order)).collect::<Vec<_>>().join(", "))
        }
        Value::String(s) => python_string(s),
        other => other.to_string(),
    }
}

pub(crate) fn python_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in serde_json::to_string(s).unwrap_or_default().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// Reads a JSON-lines file; blank lines are skipped.
pub fn read_jsonl(path: &Path) -> Result<Vec<Value>, Error> {
    let io = |source| Error::Io { path: path.display().to_string(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut rows = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let row = serde_json::from_str(&line)
            .map_err(|e| Error::BadRequest(format!("{}:{}: not JSON ({e})", path.display(), i + 1)))?;
        rows.push(row);
    }
    Ok(rows)
}

/// The predictions to score, keyed by [`id_key`]: read from `opts.pred`, or
/// made by `predict` (and written to `opts.write_pred` when asked); `field`
/// takes what is scored out of each row.
pub(crate) fn predictions<T>(
    opts: &Options,
    predict: impl FnOnce() -> Result<Vec<Value>, Error>,
    field: impl Fn(&Value) -> T,
) -> Result<HashMap<String, T>, Error> {
    let rows = match &opts.pred {
        Some(path) => read_jsonl(path)?,
        None => {
            let rows = predict()?;
            if let Some(path) = &opts.write_pred {
                write_jsonl(path, &rows)?;
            }
            rows
        }
    };
    Ok(rows.iter().map(|r| (id_key(&r["id"]), field(r))).collect())
}

/// A row's id as the key that gold and predictions are matched on (any JSON value).
pub(crate) fn id_key(id: &Value) -> String {
    id.to_string()
}

/// Writes rows as JSON lines.
pub fn write_jsonl(path: &Path, rows: &[Value]) -> Result<(), Error> {
    let io = |source| Error::Io { path: path.display().to_string(), source };
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    for row in rows {
        writeln!(out, "{row}").map_err(io)?;
    }
    out.flush().map_err(io)
}

/// Python's `round(x, 4)` for the values scorers print.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The metrics under their floors: `floors` are `(path, minimum)` where the
/// path names a number in the result (`all`, `fr.f1`).
pub fn below_floors(result: &Value, floors: &[(String, f64)]) -> Vec<String> {
    let mut failures = Vec::new();
    for (path, floor) in floors {
        let value = path.split('.').try_fold(result, |v, key| v.get(key)).and_then(Value::as_f64);
        match value {
            Some(v) if v >= *floor => {}
            Some(v) => failures.push(format!("{path} = {v} is below its floor {floor}")),
            None => failures.push(format!("{path} is not in the result")),
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn floors_table() {
        let r = json!({"all": 0.95, "fr": {"f1": 0.9}});
        assert!(below_floors(&r, &[("all".into(), 0.9), ("fr.f1".into(), 0.9)]).is_empty());
        assert_eq!(below_floors(&r, &[("all".into(), 0.96)]).len(), 1);
        assert_eq!(below_floors(&r, &[("en.f1".into(), 0.1)]).len(), 1);
    }

    #[test]
    fn prints_like_python() {
        let r = json!({"f1": 0.5, "precision": 1.0, "recall": 0.3333, "sentence_exact": 0.25});
        assert_eq!(
            to_python_json(Kind::Split, &r),
            r#"{"precision": 1.0, "recall": 0.3333, "f1": 0.5, "sentence_exact": 0.25}"#
        );
        assert_eq!(to_python_json(Kind::Detect, &json!({"all": 0.9, "<20": 1.0})), r#"{"<20": 1.0, "all": 0.9}"#);
        assert_eq!(python_string("été"), r#""\u00e9t\u00e9""#);
    }

    #[test]
    fn prints_like_python_json_dumps() {
        let r = json!({"b": {"F1": 0.5, "P": 1.0, "R": 0.25, "n": 3}, "a": "é", "<20": [1, 2]});
        assert_eq!(
            to_python_json(Kind::Body, &r),
            r#"{"<20": [1, 2], "a": "\u00e9", "b": {"n": 3, "P": 1.0, "R": 0.25, "F1": 0.5}}"#
        );
    }
}
