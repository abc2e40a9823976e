//! Fits the body stage's numbers (`src/body/weights.txt`).
//!
//! ```text
//! cargo run --release --features eval --example fit_body -- ../shared/eval/body/train.jsonl > src/body/weights.txt
//! ```
//!
//! Each gold page (HTML and text render) is read once; then coordinate
//! descent over the coarse grids of `abrege::eval::body::GRID`, from the
//! hand-set values of `src/body/weights-start.txt`, on the mean page token
//! F1 of both renders (`body_score.py`'s measure), at most two rounds, a knob
//! moving only for a gain of 0.001 or more. Several gold files may be given;
//! their pages are pooled. Progress goes to stderr, the weights file to
//! stdout. Deterministic: same files, same numbers. See `docs/body-fit.md`.

use abrege::config::BodyWeights;
use abrege::eval::body::{FitPage, changes, fit, objective, prepare, start_weights};
use abrege::eval::read_jsonl;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        return Err("usage: fit_body GOLD.jsonl… > src/body/weights.txt".into());
    }
    let started = std::time::Instant::now();
    let mut pages = Vec::new();
    for f in &files {
        let path = Path::new(f);
        let rows = read_jsonl(path)?;
        pages.extend(prepare(&rows, path.parent().unwrap_or(Path::new(".")))?);
    }
    eprintln!("{} pages read in {:.1} s", pages.len(), started.elapsed().as_secs_f64());
    let refs: Vec<&FitPage> = pages.iter().collect();
    let start = start_weights();
    let before = objective(&refs, &start);
    let fitted = fit(&refs, &start, &mut |line| eprintln!("{line}"));
    let after = objective(&refs, &fitted);
    eprintln!("fitted in {:.0} s", started.elapsed().as_secs_f64());
    let names: Vec<&str> =
        files.iter().map(|f| Path::new(f).file_name().and_then(|n| n.to_str()).unwrap_or(f)).collect();
    print!(
        "# The body stage's thresholds and weights (see BodyWeights in src/config.rs for each one's meaning).\n\
         # Fitted by examples/fit_body.rs on {} ({} pages, HTML and text renders), from\n\
         # src/body/weights-start.txt (mean page F1 {before:.4} → {after:.4}); see docs/body-fit.md:\n\
         #   cargo run --release --features eval --example fit_body -- {} > src/body/weights.txt\n\
         # Changed: {}\n{}",
        names.join(" + "),
        pages.len(),
        files.join(" "),
        changes(&start, &fitted),
        BodyWeights::lines(&fitted)
    );
    Ok(())
}
