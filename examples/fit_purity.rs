//! Fits the purity prior (`src/lang/common/purity_weights.txt`): how likely a
//! candidate sentence lies in the article's main text rather than in the
//! page's furniture (a standfirst the article leaves out, a marketing blurb,
//! an author's bio, a player's or a photo's text).
//!
//! ```text
//! cargo run --release --features eval --example fit_purity -- \
//!     ../shared/eval/body/train.jsonl ../shared/train/orangesum-train.jsonl.gz > src/lang/common/purity_weights.txt
//! ```
//!
//! Each training page (`train.jsonl`: HTML and its text render, with the
//! gold main text `truth`) goes through the pipeline's stages up to the
//! ranker, in both renders. The ranker's `TOP` best candidates of each (those
//! a summary may reach) are labelled by `purity_score.py`'s own rule: the
//! sentence's letters and digits, lower-cased and NFC, are one run in the
//! truth's. The prior is a logistic regression of the label on
//! [`PRIOR_FEATURES`] (Newton's method with a small ridge, each page and
//! render weighing the same whatever its number of candidates).
//! The threshold under which a sentence is picked only when nothing likelier
//! is left is then chosen by simulating 3-sentence summaries: the one with
//! the best purity on the training pages, among those that keep at least
//! `MIN_INSIDE_KEPT` of the sentences inside the article that the summaries
//! picked without the prior (the prior is to replace furniture, not to
//! overrule the ranker among the article's sentences: a news page's lead is
//! its best sentence) and change at most `MAX_CLEAN_CHANGE` of the
//! summaries of clean articles (the first `CLEAN` OrangeSum training
//! articles: plain text without furniture, where the prior must leave the
//! ranking alone). Deterministic: same files, same numbers.

use abrege::config::{Config, InputKind, Length, RankConfig};
use abrege::rank::{PRIOR_FEATURES, Prior, Weights, features, prior_features, rank_with_prior};
use abrege::segment::Segmented;
use abrege::{Lang, blocks, body, detect, read, segment};
use std::io::{BufRead, BufReader, Read};
use unicode_normalization::UnicodeNormalization;

const NP: usize = PRIOR_FEATURES.len();
/// The best-ranked candidates of a page that are labelled.
const TOP: usize = 10;
/// Clean articles to check that the prior leaves them alone.
const CLEAN: usize = 2000;
/// The most of their summaries that the threshold may change.
const MAX_CLEAN_CHANGE: f64 = 0.01;
/// The least share of the training summaries' sentences inside the article
/// that the prior must keep: it replaces furniture, not the ranker's choice
/// among the article's sentences (a news page's lead is its best sentence).
const MIN_INSIDE_KEPT: f64 = 0.95;
/// The ridge on the weights (not on the intercept), in pages.
const RIDGE: f64 = 1.0;

/// A page in one render, through the segment stage, with its gold text's words.
struct Page {
    seg: Segmented,
    lang: Lang,
    truth: String,
}

/// `purity_score.py`'s `words`: the letters, digits and underscores, NFC and lower-cased, run together.
fn words(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    nfc.to_lowercase().chars().filter(|c| c.is_alphanumeric() || *c == '_').collect()
}

fn prepare(bytes: &[u8], input: InputKind) -> Option<(Segmented, Lang)> {
    let mut cfg = Config::default();
    cfg.read.input = input;
    let doc = read::read(bytes, &cfg.read).ok()?;
    let blocks = blocks::blocks(&doc);
    let detection = detect::detect(&blocks, &cfg.detect);
    let lang = detection.lang.unwrap_or(Lang::En);
    let body = body::body(&blocks, &detection, &cfg.body);
    Some((segment::segment(&body, lang), lang))
}

fn three() -> RankConfig {
    RankConfig { length: Length::Sentences(3), ..RankConfig::default() }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(train), Some(clean_path)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: fit_purity TRAIN_PAGES.jsonl ORANGESUM_TRAIN.jsonl.gz");
    };
    let base = std::path::Path::new(train).parent().unwrap_or(std::path::Path::new("."));
    let mut pages = Vec::new();
    for line in BufReader::new(std::fs::File::open(train)?).lines() {
        let row: serde_json::Value = serde_json::from_str(&line?)?;
        let truth = words(row["truth"].as_str().unwrap_or_default());
        let (Some(html), Some(text)) = (row["html"].as_str(), row["text"].as_str()) else { continue };
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(base.join(html))?).read_to_end(&mut raw)?;
        // As scripts/purity.sh hands them over: bytes that are not UTF-8 become U+FFFD.
        let html = String::from_utf8_lossy(&raw).into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(base.join(text))?).into_owned();
        for (bytes, input) in [(html.as_bytes(), InputKind::Html), (text.as_bytes(), InputKind::Text)] {
            if let Some((seg, lang)) = prepare(bytes, input) {
                pages.push(Page { seg, lang, truth: truth.clone() });
            }
        }
    }
    let reader = BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(clean_path)?));
    let mut clean = Vec::new();
    for line in reader.lines().take(CLEAN) {
        let row: serde_json::Value = serde_json::from_str(&line?)?;
        if let Some(t) = row["text"].as_str()
            && let Some(a) = prepare(t.as_bytes(), InputKind::Text)
        {
            clean.push(a);
        }
    }

    // The labelled candidates: features, label, weight.
    let mut rows: Vec<([f64; NP], f64, f64)> = Vec::new();
    for p in &pages {
        let c = features(&p.seg, RankConfig::default().max_candidates);
        let scored = rank_with_prior(&p.seg, p.lang, Weights::for_lang(p.lang), None, &three()).scores;
        let mut order: Vec<usize> = (0..scored.len()).collect();
        order.sort_by(|&a, &b| scored[b].score.total_cmp(&scored[a].score).then(a.cmp(&b)));
        order.truncate(TOP);
        let weight = 1.0 / order.len().max(1) as f64;
        for k in order {
            let inside = p.truth.contains(&words(&p.seg.sentences[c.index[k]].text));
            rows.push((prior_features(&p.seg, &c, k, p.lang), f64::from(u8::from(inside)), weight));
        }
    }
    let positives = rows.iter().filter(|r| r.1 > 0.0).count();
    eprintln!("{} page renders, {} candidates labelled, {positives} inside", pages.len(), rows.len());

    // Logistic regression by Newton's method: parameter 0 is the intercept.
    let mut beta = [0.0f64; NP + 1];
    for _ in 0..50 {
        let mut grad = [0.0f64; NP + 1];
        let mut hess = vec![[0.0f64; NP + 1]; NP + 1];
        for (x, y, w) in &rows {
            let z: [f64; NP + 1] = std::array::from_fn(|j| if j == 0 { 1.0 } else { x[j - 1] });
            let eta = z.iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>();
            let p = 1.0 / (1.0 + (-eta).exp());
            for i in 0..=NP {
                grad[i] += w * (p - y) * z[i];
                for j in 0..=NP {
                    hess[i][j] += w * p * (1.0 - p) * z[i] * z[j];
                }
            }
        }
        for i in 1..=NP {
            grad[i] += RIDGE * beta[i];
            hess[i][i] += RIDGE;
        }
        let step = solve(hess, grad);
        let mut moved = 0.0f64;
        for i in 0..=NP {
            beta[i] -= step[i];
            moved = moved.max(step[i].abs());
        }
        if moved < 1e-10 {
            break;
        }
    }
    let mut prior = Prior { intercept: beta[0], weights: std::array::from_fn(|j| beta[j + 1]), threshold: 0.0 };

    // The threshold: the best purity of 3-sentence summaries on the training
    // pages among those that leave the clean articles' summaries nearly alone.
    // The summaries without the prior, and their sentences inside the truth.
    let plain: Vec<Vec<usize>> = pages
        .iter()
        .map(|p| rank_with_prior(&p.seg, p.lang, Weights::for_lang(p.lang), None, &three()).picked)
        .collect();
    let inside = |p: &Page, i: usize| p.truth.contains(&words(&p.seg.sentences[i].text));
    let plain_inside: usize = pages.iter().zip(&plain).map(|(p, r)| r.iter().filter(|&&i| inside(p, i)).count()).sum();
    // The purity of 3-sentence summaries with the prior, and the share of the
    // plain summaries' sentences inside the truth that they keep.
    let purity = |prior: &Prior| {
        let (mut n, mut good, mut kept) = (0usize, 0usize, 0usize);
        for (p, before) in pages.iter().zip(&plain) {
            let r = rank_with_prior(&p.seg, p.lang, Weights::for_lang(p.lang), Some(prior), &three());
            for &i in &r.picked {
                n += 1;
                good += usize::from(inside(p, i));
                kept += usize::from(inside(p, i) && before.contains(&i));
            }
        }
        (good as f64 / n.max(1) as f64, kept as f64 / plain_inside.max(1) as f64)
    };
    let before: Vec<Vec<usize>> = clean
        .iter()
        .map(|(seg, lang)| rank_with_prior(seg, *lang, Weights::for_lang(*lang), None, &three()).picked)
        .collect();
    let changed = |prior: &Prior| {
        let moved = clean
            .iter()
            .zip(&before)
            .filter(|((seg, lang), b)| {
                rank_with_prior(seg, *lang, Weights::for_lang(*lang), Some(prior), &three()).picked != **b
            })
            .count();
        moved as f64 / clean.len().max(1) as f64
    };
    let mut best = (purity(&prior).0, 0.0);
    eprintln!("threshold 0.00: purity {:.4}, inside kept 1.0000, clean summaries changed 0.0000", best.0);
    for step in 1..100 {
        prior.threshold = f64::from(step) * 0.01;
        let ((p, kept), moved) = (purity(&prior), changed(&prior));
        eprintln!(
            "threshold {:.2}: purity {p:.4}, inside kept {kept:.4}, clean summaries changed {moved:.4}",
            prior.threshold
        );
        if moved <= MAX_CLEAN_CHANGE && kept >= MIN_INSIDE_KEPT && p > best.0 {
            best = (p, prior.threshold);
        }
    }
    prior.threshold = best.1;

    println!("# The purity prior (see src/rank.rs, `Prior`), one `name value` per line: a logistic model");
    println!("# of \"this candidate lies in the article's main text\", fitted by examples/fit_purity.rs on");
    println!(
        "# {} renders of the English train.jsonl pages ({} top candidates, {positives} inside):",
        pages.len(),
        rows.len()
    );
    println!("#   cargo run --release --features eval --example fit_purity -- \\");
    println!("#       ../shared/eval/body/train.jsonl ../shared/train/orangesum-train.jsonl.gz");
    println!(
        "# threshold: best training purity ({:.4}) keeping {MIN_INSIDE_KEPT} of the inside picks, at most {MAX_CLEAN_CHANGE} of {} clean summaries changed.",
        best.0,
        clean.len()
    );
    println!("intercept {:.6}", prior.intercept);
    for (name, w) in PRIOR_FEATURES.iter().zip(&prior.weights) {
        println!("{name} {w:.6}");
    }
    println!("threshold {:.2}", prior.threshold);
    Ok(())
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<[f64; NP + 1]>, mut b: [f64; NP + 1]) -> [f64; NP + 1] {
    let n = NP + 1;
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs())).unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        let pivot_row = a[col];
        for row in col + 1..n {
            let f = a[row][col] / d;
            for (x, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; NP + 1];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-12 { 0.0 } else { (b[row] - s) / a[row][row] };
    }
    x
}
