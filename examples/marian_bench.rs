//! Times the `marian` backend: loads one model folder, then generates from
//! each text, greedy and with beams, one text at a time and all together, and
//! prints the times and the ids as JSON.
//!
//! `scripts/marian_speed.py` runs it beside transformers on the same files
//! (one thread each: `RAYON_NUM_THREADS=1`) and compares. By hand:
//!
//! ```text
//! cargo run --release --features marian --example marian_bench -- DIR TEXTS.json [REPEAT] [BEAMS...]
//! ```
//! `TEXTS.json` is a JSON list of texts, each a string or the list of its
//! input ids; each mode runs `REPEAT` times (default 3) over all the texts
//! and the best time is kept.

use abrege::translate::marian::Model;
use serde_json::json;
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, texts, rest @ ..] = args.as_slice() else {
        return Err("usage: marian_bench DIR TEXTS.json [REPEAT] [BEAMS...]".into());
    };
    let texts: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(texts)?)?;
    let repeat: usize = rest.first().map(|r| r.parse()).transpose()?.unwrap_or(3);
    let beams: Vec<usize> =
        if rest.len() > 1 { rest[1..].iter().map(|b| b.parse()).collect::<Result<_, _>>()? } else { vec![1, 4] };

    let start = Instant::now();
    let model = Model::load(Path::new(dir))?;
    let load_s = start.elapsed().as_secs_f64();
    let inputs: Vec<Vec<u32>> = texts
        .iter()
        .map(|t| match t.as_str() {
            Some(text) => Ok(model.tokenizer().encode(text)),
            None => serde_json::from_value(t.clone()),
        })
        .collect::<Result<_, _>>()?;

    let mut modes = serde_json::Map::new();
    for &b in &beams {
        // Each text alone, as transformers' generate() is called, then all
        // together, as `Model::translate` decodes them.
        let (mut alone, mut together) = (f64::INFINITY, f64::INFINITY);
        let (mut ids, mut batched) = (Vec::new(), Vec::new());
        for _ in 0..repeat.max(1) {
            let start = Instant::now();
            ids = inputs.iter().map(|i| model.generate(i, Some(b))).collect::<Result<Vec<_>, _>>()?;
            alone = alone.min(start.elapsed().as_secs_f64());
            let start = Instant::now();
            batched = model.generate_all(&inputs, Some(b))?;
            together = together.min(start.elapsed().as_secs_f64());
        }
        if batched != ids {
            return Err(format!("{b} beams: decoding the texts together changed the ids").into());
        }
        modes.insert(b.to_string(), json!({"seconds": alone, "batched_seconds": together, "ids": ids}));
    }
    println!("{}", json!({"load_seconds": load_s, "input_ids": inputs, "beams": modes}));
    Ok(())
}
