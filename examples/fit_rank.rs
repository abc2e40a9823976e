//! Fits the sentence scorer's weights (`src/lang/*/rank_weights.txt`).
//!
//! ```text
//! cargo run --release --features eval --example fit_rank -- ../shared/train/orangesum-train.jsonl.gz > src/lang/fr/rank_weights.txt
//! cargo run --release --features eval --example fit_rank -- ../shared/train/orangesum-train.jsonl.gz \
//!     --mix 0.3 --penalty 0.015 --lambda 0.7 > src/lang/en/rank_weights.txt
//! ```
//!
//! Each training article goes through the pipeline's stages up to the
//! ranker (in `pipeline::summarize`'s order); each candidate sentence is
//! labelled with its ROUGE-1 + ROUGE-2 F1 against the human abstract
//! (rouge-score's tokenizer, as `rouge_eval.py`). The weights are a ridge
//! regression of the label on the features, both centred per article (only
//! the order of sentences inside an article matters). The weights to pick
//! several sentences (`multi_`) regress another label: membership of the
//! greedy 3-sentence oracle, plus `mix` times the sentence's density (its
//! ROUGE-1 + ROUGE-2 precision: the share of its words and word pairs found
//! in the abstract). Membership alone favours long sentences, density alone
//! short ones; the mix sets the trade-off. Then the mix, the length penalty
//! per extra sentence and MMR's lambda are picked by grid search on a part
//! of the training set kept out of the regression, for the best mean
//! ROUGE-1 of 3-sentence summaries whose ROUGE-2 is not under Lead-3's
//! (`--mix`, `--penalty`, `--lambda` fix one of them instead).
//!
//! English: there is no English training set, so the English file holds the
//! same regression with its selection fixed by the flags above. Those three
//! numbers were chosen on the English dev set as a whole (CNN/DailyMail),
//! not on single items: its highlights (about 50 words) are longer than
//! OrangeSum's abstracts (about 37 words), and with the French length penalty
//! the English summaries lose ROUGE-2 (under Lead-3's). A smaller penalty
//! (0.01 to 0.015, with lambda 0.7 or 0.75) gains ROUGE-1 and -2 on the whole
//! English set once captions run into the text are cut into sentences of their
//! own; 0.015 and 0.7 sit inside that flat region, not on a peak.
//! Deterministic: same file, same numbers.

use abrege::config::{Config, Length, RankConfig};
use abrege::eval::summarize::{Tokenizer, rouge, tokenize};
use abrege::rank::{FEATURES, Weights, features, rank_with};
use abrege::segment::Segmented;
use abrege::{Lang, blocks, body, detect, read, segment};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};

const NF: usize = FEATURES.len();
/// Articles kept out of the regression to tune the selection.
const TUNE: usize = 2000;

struct Article {
    seg: Segmented,
    reference: Vec<String>,
    lang: Lang,
}

fn prepare(text: &str, summary: &str, cfg: &Config) -> Option<Article> {
    let doc = read::read(text.as_bytes(), &cfg.read).ok()?;
    let blocks = blocks::blocks(&doc);
    let detection = detect::detect(&blocks, &cfg.detect);
    let lang = detection.lang?;
    let body = body::body(&blocks, &detection, &cfg.body);
    let seg = segment::segment(&body, lang);
    let reference = tokenize(summary, Tokenizer::Rs, lang == Lang::En);
    Some(Article { seg, reference, lang })
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: fit_rank TRAIN.jsonl.gz [LIMIT] [--mix X] [--penalty X] [--lambda X]";
    let mut positional = Vec::new();
    let (mut mixes, mut penalties, mut lambdas) =
        (vec![0.0, 0.3, 0.6, 1.0, 2.0], vec![0.0, 0.01, 0.02, 0.03, 0.04, 0.05], vec![0.6, 0.75, 0.9]);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let grid = match a.as_str() {
            "--mix" => &mut mixes,
            "--penalty" => &mut penalties,
            "--lambda" => &mut lambdas,
            _ => {
                positional.push(a);
                continue;
            }
        };
        *grid = vec![it.next().ok_or_else(|| anyhow::anyhow!(usage))?.parse()?];
    }
    let path = positional.first().ok_or_else(|| anyhow::anyhow!(usage))?;
    let limit: usize = positional.get(1).map(|s| s.parse()).transpose()?.unwrap_or(usize::MAX);
    let reader = BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(path)?));
    let cfg = Config::default();
    let mut articles = Vec::new();
    for line in reader.lines().take(limit) {
        let row: serde_json::Value = serde_json::from_str(&line?)?;
        let (Some(text), Some(summary)) = (row["text"].as_str(), row["summary"].as_str()) else { continue };
        if let Some(a) = prepare(text, summary, &cfg) {
            articles.push(a);
        }
    }
    let split = articles.len().saturating_sub(TUNE);
    let (fit, tune) = articles.split_at(split);
    eprintln!("{} articles to fit, {} to tune", fit.len(), tune.len());

    // Normal equations of the per-article centred ridge regression.
    let mut xtx = vec![[0.0f64; NF]; NF];
    let mut xty = [0.0f64; NF];
    let mut xty_oracle = [0.0f64; NF];
    let mut xty_density = [0.0f64; NF];
    let mut rows = 0usize;
    for a in fit {
        let c = features(&a.seg, RankConfig::default().max_candidates);
        if c.index.len() < 2 {
            continue;
        }
        let tokens: Vec<Vec<String>> =
            c.index.iter().map(|&i| tokenize(&a.seg.sentences[i].text, Tokenizer::Rs, a.lang == Lang::En)).collect();
        let ys: Vec<f64> = tokens
            .iter()
            .map(|p| {
                let r = rouge(&a.reference, p);
                r[0] + r[1]
            })
            .collect();
        let oracle = greedy_oracle(&a.reference, &tokens, 3);
        let ys_oracle: Vec<f64> = (0..ys.len()).map(|k| f64::from(u8::from(oracle.contains(&k)))).collect();
        let ys_density: Vec<f64> =
            tokens.iter().map(|p| precision(&a.reference, p, 1) + precision(&a.reference, p, 2)).collect();
        let n = ys.len() as f64;
        let y_mean = ys.iter().sum::<f64>() / n;
        let y_oracle_mean = ys_oracle.iter().sum::<f64>() / n;
        let y_density_mean = ys_density.iter().sum::<f64>() / n;
        let mut x_mean = [0.0; NF];
        for f in &c.features {
            for j in 0..NF {
                x_mean[j] += f[j] / n;
            }
        }
        for (k, f) in c.features.iter().enumerate() {
            let x: [f64; NF] = std::array::from_fn(|j| f[j] - x_mean[j]);
            for i in 0..NF {
                for j in 0..NF {
                    xtx[i][j] += x[i] * x[j];
                }
                xty[i] += x[i] * (ys[k] - y_mean);
                xty_oracle[i] += x[i] * (ys_oracle[k] - y_oracle_mean);
                xty_density[i] += x[i] * (ys_density[k] - y_density_mean);
            }
            rows += 1;
        }
    }
    for (i, row) in xtx.iter_mut().enumerate() {
        row[i] += 1e-3 * rows as f64;
    }
    let beta = solve(xtx.clone(), xty);
    // The regression is linear in the label: the mixed label's weights are the mix of the two fits.
    let oracle = solve(xtx.clone(), xty_oracle);
    let density = solve(xtx, xty_density);
    let mixed = |mix: f64| -> [f64; NF] { std::array::from_fn(|j| oracle[j] + mix * density[j]) };
    eprintln!("{rows} sentences");

    // Grid search of the selection: the best ROUGE-1 whose ROUGE-2 is not
    // under Lead-3's (shorter summaries raise ROUGE-1 and lower ROUGE-2).
    let [_, lead_r2] = mean_rouge(tune, &Weights::parse(""), 3, true);
    let mut best: Option<(f64, f64, f64, f64)> = None;
    for &mix in &mixes {
        for &penalty in &penalties {
            for &lambda in &lambdas {
                let w = Weights {
                    features: beta,
                    multi: mixed(mix),
                    words_per_extra_sentence: penalty,
                    mmr_lambda: lambda,
                };
                let [r1, r2] = mean_rouge(tune, &w, 3, false);
                eprintln!("mix {mix} penalty {penalty} lambda {lambda}: ROUGE-1 {r1:.3} ROUGE-2 {r2:.3}");
                let fixed = mixes.len() * penalties.len() * lambdas.len() == 1;
                if (fixed || r2 >= lead_r2) && best.is_none_or(|b| r1 > b.0) {
                    best = Some((r1, mix, penalty, lambda));
                }
            }
        }
    }
    let (_, mix, penalty, lambda) = best.ok_or_else(|| anyhow::anyhow!("no selection keeps ROUGE-2 at Lead-3's"))?;
    let multi = mixed(mix);
    let w = Weights { features: beta, multi, words_per_extra_sentence: penalty, mmr_lambda: lambda };
    for k in [1, 3] {
        let [r1, r2] = mean_rouge(tune, &w, k, false);
        let [l1, l2] = mean_rouge(tune, &w, k, true);
        eprintln!("kept-out n={k}: ROUGE-1/2 {r1:.3}/{r2:.3}, Lead-{k} {l1:.3}/{l2:.3}");
    }

    println!("# Feature weights of the sentence scorer (see src/rank.rs), one `name value` per line.");
    println!("# Fitted by examples/fit_rank.rs on {} OrangeSum training articles ({rows} sentences):", fit.len());
    let command: Vec<&str> =
        args.iter().map(|a| if a == *path { "../shared/train/orangesum-train.jsonl.gz" } else { a }).collect();
    println!("#   cargo run --release --example fit_rank -- {}", command.join(" "));
    println!("# multi_ label: 3-sentence oracle membership + {mix} x density (ROUGE-1 + ROUGE-2 precision).");
    if mixes.len() * penalties.len() * lambdas.len() == 1 {
        println!(
            "# mix, words_per_extra_sentence and mmr_lambda: fixed by the command line (why: examples/fit_rank.rs)."
        );
    } else {
        println!("# mix, words_per_extra_sentence and mmr_lambda: best on {} kept-out articles.", tune.len());
    }
    for (name, b) in FEATURES.iter().zip(beta) {
        println!("{name} {b:.6}");
    }
    for (name, b) in FEATURES.iter().zip(multi) {
        println!("multi_{name} {b:.6}");
    }
    println!("words_per_extra_sentence {penalty}");
    println!("mmr_lambda {lambda}");
    Ok(())
}

/// The sentences (at most `k`) that, added one at a time, most raise the
/// summary's ROUGE-1 + ROUGE-2 F1: the usual extractive oracle.
fn greedy_oracle(reference: &[String], sentences: &[Vec<String>], k: usize) -> Vec<usize> {
    let mut picked: Vec<usize> = Vec::new();
    let mut summary: Vec<String> = Vec::new();
    let mut best_score = 0.0;
    while picked.len() < k {
        let mut best: Option<(usize, f64)> = None;
        for (i, s) in sentences.iter().enumerate() {
            if picked.contains(&i) {
                continue;
            }
            let mut candidate = summary.clone();
            candidate.extend(s.iter().cloned());
            let r = rouge(reference, &candidate);
            let score = r[0] + r[1];
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((i, score));
            }
        }
        match best {
            Some((i, score)) if score > best_score => {
                best_score = score;
                picked.push(i);
                summary.extend(sentences[i].iter().cloned());
            }
            _ => break,
        }
    }
    picked
}

/// Share of the sentence's n-grams found in the reference (ROUGE-n precision).
fn precision(reference: &[String], sentence: &[String], n: usize) -> f64 {
    let mut counts: HashMap<&[String], usize> = HashMap::new();
    for g in reference.windows(n) {
        *counts.entry(g).or_default() += 1;
    }
    let total = sentence.len().saturating_sub(n - 1);
    let mut hits = 0usize;
    for g in sentence.windows(n) {
        if let Some(c) = counts.get_mut(g)
            && *c > 0
        {
            *c -= 1;
            hits += 1;
        }
    }
    if total == 0 { 0.0 } else { hits as f64 / total as f64 }
}

/// Mean ROUGE-1 and ROUGE-2 F1 (× 100) of k-sentence summaries (or Lead-k).
fn mean_rouge(articles: &[Article], w: &Weights, k: usize, lead: bool) -> [f64; 2] {
    let cfg = RankConfig { length: Length::Sentences(k), lead, ..RankConfig::default() };
    let mut sum = [0.0, 0.0];
    for a in articles {
        let ranked = rank_with(&a.seg, w, &cfg);
        let text: Vec<&str> = ranked.picked.iter().map(|&i| a.seg.sentences[i].text.as_str()).collect();
        let p = tokenize(&text.join(" "), Tokenizer::Rs, a.lang == Lang::En);
        let r = rouge(&a.reference, &p);
        sum[0] += r[0];
        sum[1] += r[1];
    }
    sum.map(|x| 100.0 * x / articles.len().max(1) as f64)
}

/// Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<[f64; NF]>, mut b: [f64; NF]) -> [f64; NF] {
    for col in 0..NF {
        let pivot = (col..NF).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs())).unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let p = a[col][col];
        if p.abs() < 1e-12 {
            continue;
        }
        for row in 0..NF {
            if row != col {
                let factor = a[row][col] / p;
                let pivot_row = a[col];
                for (x, y) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= factor * y;
                }
                b[row] -= factor * b[col];
            }
        }
    }
    std::array::from_fn(|i| if a[i][i].abs() < 1e-12 { 0.0 } else { b[i] / a[i][i] })
}
