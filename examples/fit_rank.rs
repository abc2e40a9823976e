//! Fits the sentence scorer's weights (`src/lang/*/rank_weights.txt`).
//!
//! ```text
//! cargo run --release --example fit_rank -- ../shared/train/orangesum-train.jsonl.gz > src/lang/fr/rank_weights.txt
//! ```
//!
//! Each training article goes through the pipeline's stages up to the
//! ranker (in `pipeline::summarize`'s order); each candidate sentence is
//! labelled with its ROUGE-1 + ROUGE-2 F1 against the human abstract
//! (rouge-score's tokenizer, as `rouge_eval.py`). The weights are a ridge
//! regression of the label on the features, both centred per article (only
//! the order of sentences inside an article matters). Then the length
//! penalty per extra sentence and MMR's lambda are picked by grid search on
//! a part of the training set kept out of the regression, on the mean
//! ROUGE-1 of 3-sentence summaries whose ROUGE-2 stays 0.1 over Lead-3's. Deterministic: same file, same numbers.

use abrege::config::{Config, Length, RankConfig};
use abrege::eval::summarize::{Tokenizer, rouge, tokenize};
use abrege::rank::{FEATURES, Weights, features, rank_with};
use abrege::segment::Segmented;
use abrege::{Lang, blocks, body, detect, read, segment};
use std::io::{BufRead, BufReader};

const NF: usize = FEATURES.len();
/// Articles kept out of the regression to tune the selection.
const TUNE: usize = 2000;

struct Article {
    seg: Segmented,
    title_terms: Vec<String>,
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
    let stemmer = rust_stemmers::Stemmer::create(lang.stemmer_algorithm());
    let title_terms = body.title.as_deref().map(|t| segment::terms(t, lang, &stemmer).1).unwrap_or_default();
    let reference = tokenize(summary, Tokenizer::Rs, lang == Lang::En);
    Some(Article { seg, title_terms, reference, lang })
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or_else(|| anyhow::anyhow!("usage: fit_rank TRAIN.jsonl.gz [LIMIT]"))?;
    let limit: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(usize::MAX);
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
    let mut xty_multi = [0.0f64; NF];
    let mut rows = 0usize;
    for a in fit {
        let c = features(&a.seg, &a.title_terms, RankConfig::default().max_candidates);
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
        let ys_multi: Vec<f64> = (0..ys.len()).map(|k| f64::from(u8::from(oracle.contains(&k)))).collect();
        let n = ys.len() as f64;
        let y_mean = ys.iter().sum::<f64>() / n;
        let y_multi_mean = ys_multi.iter().sum::<f64>() / n;
        let mut x_mean = [0.0; NF];
        for f in &c.features {
            for j in 0..NF {
                x_mean[j] += f[j] / n;
            }
        }
        for ((f, y), y_multi) in c.features.iter().zip(&ys).zip(&ys_multi) {
            let x: [f64; NF] = std::array::from_fn(|j| f[j] - x_mean[j]);
            for i in 0..NF {
                for j in 0..NF {
                    xtx[i][j] += x[i] * x[j];
                }
                xty[i] += x[i] * (y - y_mean);
                xty_multi[i] += x[i] * (y_multi - y_multi_mean);
            }
            rows += 1;
        }
    }
    for (i, row) in xtx.iter_mut().enumerate() {
        row[i] += 1e-3 * rows as f64;
    }
    let beta = solve(xtx.clone(), xty);
    let multi = solve(xtx, xty_multi);
    eprintln!("{rows} sentences");

    // Grid search of the selection: the best ROUGE-1 whose ROUGE-2 stays
    // over Lead-3's (shorter summaries raise ROUGE-1 and lower ROUGE-2).
    let [_, lead_r2] = mean_rouge(tune, &Weights::parse(""), 3, true);
    let mut best = (f64::MIN, 0.0, 1.0);
    for penalty in [0.0, 0.01, 0.02, 0.03] {
        for lambda in [0.5, 0.6, 0.75] {
            let w = Weights { features: beta, multi, words_per_extra_sentence: penalty, mmr_lambda: lambda };
            let [r1, r2] = mean_rouge(tune, &w, 3, false);
            eprintln!("penalty {penalty} lambda {lambda}: ROUGE-1 {r1:.3} ROUGE-2 {r2:.3}");
            if r2 >= lead_r2 + 0.1 && r1 > best.0 {
                best = (r1, penalty, lambda);
            }
        }
    }
    let w = Weights { features: beta, multi, words_per_extra_sentence: best.1, mmr_lambda: best.2 };
    for k in [1, 3] {
        let [r1, r2] = mean_rouge(tune, &w, k, false);
        let [l1, l2] = mean_rouge(tune, &w, k, true);
        eprintln!("kept-out n={k}: ROUGE-1/2 {r1:.3}/{r2:.3}, Lead-{k} {l1:.3}/{l2:.3}");
    }

    println!("# Feature weights of the sentence scorer (see src/rank.rs), one `name value` per line.");
    println!("# Fitted by examples/fit_rank.rs on {} OrangeSum training articles ({rows} sentences):", fit.len());
    println!("#   cargo run --release --example fit_rank -- ../shared/train/orangesum-train.jsonl.gz");
    for (name, b) in FEATURES.iter().zip(beta) {
        println!("{name} {b:.6}");
    }
    for (name, b) in FEATURES.iter().zip(multi) {
        println!("multi_{name} {b:.6}");
    }
    println!("words_per_extra_sentence {}", best.1);
    println!("mmr_lambda {}", best.2);
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

/// Mean ROUGE-1 and ROUGE-2 F1 (× 100) of k-sentence summaries (or Lead-k).
fn mean_rouge(articles: &[Article], w: &Weights, k: usize, lead: bool) -> [f64; 2] {
    let cfg = RankConfig { length: Length::Sentences(k), lead, ..RankConfig::default() };
    let mut sum = [0.0, 0.0];
    for a in articles {
        let ranked = rank_with(&a.seg, &a.title_terms, w, &cfg);
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
