//! Language identification scored as `../shared/tools/langid_score.py`:
//! accuracy per length bucket and overall, rounded to 4 decimals.

use super::{Options, id_key, predictions, read_jsonl, round4};
use crate::config::Config;
use crate::error::Error;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub fn evaluate(gold: &Path, opts: &Options) -> Result<Value, Error> {
    let gold = read_jsonl(gold)?;
    let cfg = Config::default();
    let predict = || {
        Ok(gold
            .iter()
            .map(|g| {
                let text = g["text"].as_str().unwrap_or("");
                let lang = crate::detect(text.as_bytes(), &cfg).map_or("und", |d| d.code());
                json!({"id": g["id"], "lang": lang})
            })
            .collect())
    };
    let pred = predictions(opts, predict, |r| r.get("lang").cloned().unwrap_or(Value::Null))?;
    Ok(score(&gold, &pred))
}

fn score(gold: &[Value], pred: &HashMap<String, Value>) -> Value {
    let (mut hit, mut tot): (BTreeMap<String, u32>, BTreeMap<String, u32>) = Default::default();
    for g in gold {
        let bucket = g["bucket"].as_str().unwrap_or("").to_string();
        let right = pred.get(&id_key(&g["id"])).is_some_and(|p| *p == g["lang"]);
        for k in [bucket, "all".to_string()] {
            *tot.entry(k.clone()).or_default() += 1;
            *hit.entry(k).or_default() += right as u32;
        }
    }
    let out: Map<String, Value> =
        tot.iter().map(|(k, n)| (k.clone(), json!(round4(f64::from(hit[k]) / f64::from(*n))))).collect();
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_like_the_python_scorer() {
        let gold = vec![
            json!({"id": "a", "lang": "fr", "bucket": "<20"}),
            json!({"id": "b", "lang": "en", "bucket": "<20"}),
            json!({"id": "c", "lang": "en", "bucket": "20-50"}),
        ];
        let pred: HashMap<String, Value> =
            [("\"a\"".to_string(), json!("fr")), ("\"b\"".to_string(), json!("und"))].into_iter().collect();
        assert_eq!(score(&gold, &pred), json!({"<20": 0.5, "20-50": 0.0, "all": 0.3333}));
    }
}
