//! Evaluation against the gold data of `../shared/eval`: each submodule
//! reproduces one of the project's Python scorers (`../shared/tools/*.py`)
//! on the same files, so quality can be measured from Rust, and CI can fail
//! when a number drops under its floor.
//!
//! Input: a gold JSONL file, and either predictions (JSONL) or none, in
//! which case abrege predicts them itself. Output: the scorer's JSON object.

pub mod detect;
pub mod porter;
pub mod summarize;

use crate::error::Error;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// Which stage is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Language identification, as `langid_score.py`.
    Detect,
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
}

/// Runs one evaluation and returns the scorer's JSON object.
pub fn evaluate(kind: Kind, gold: &Path, opts: &Options) -> Result<Value, Error> {
    match kind {
        Kind::Detect => detect::evaluate(gold, opts),
        Kind::Summarize => summarize::evaluate(gold, opts),
    }
}

/// The result as the kind's Python scorer prints it.
pub fn format(kind: Kind, result: &Value) -> String {
    match kind {
        Kind::Detect => result.to_string(),
        Kind::Summarize => summarize::format(result),
    }
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
}
