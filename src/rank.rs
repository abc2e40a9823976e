//! Stage 6, **rank**: which sentences make the summary.
//!
//! Input: [`Segmented`] sentences and the title. Output: [`Ranked`]: the
//! indices of the picked sentences in article order, and every candidate's
//! score with its features (for `--explain`). Each candidate sentence gets
//! a vector of [`FEATURES`]: its position (in the article and in its
//! paragraph), its length, its TF-IDF centrality (cosine to the article's
//! centroid, mean similarity to the others as LexRank's degree, and to the
//! sentences after it as PACSUM's directed graph), the weight of its words
//! in the article, its overlap with the title, and its density of numbers,
//! names and quotes. The score is a linear combination whose weights are
//! data (`src/lang/*/rank_weights.txt`), fitted by `examples/fit_rank.rs`
//! on OrangeSum's training articles against each sentence's ROUGE with the
//! human abstract. Picking is greedy with maximal marginal relevance so that
//! two sentences saying the same thing are not both taken.
//!
//! Determinism: terms are interned to ids in order of first appearance,
//! vectors are sorted by id and every sum runs in a fixed order, so the same
//! input gives the same bits on any machine and thread count.

use crate::config::{Length, RankConfig};
use crate::lang::Lang;
use crate::segment::{Segmented, Term};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The outcome of ranking.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Ranked {
    /// Indices into the segmented sentences, in article order.
    pub picked: Vec<usize>,
    /// One entry per candidate sentence, in article order.
    pub scores: Vec<Scored>,
}

/// A candidate's score and what it is made of.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Scored {
    pub index: usize,
    pub score: f64,
    /// `1/sqrt(1 + rank)` among the candidates.
    pub position: f64,
    /// TF-IDF cosine to the article's centroid.
    pub centrality: f64,
    /// Overlap with the title's words.
    pub title: f64,
    /// Every feature, in the order of [`FEATURES`].
    pub features: Vec<f64>,
}

/// The features' names, as in the weights files.
pub const FEATURES: [&str; 25] = [
    "lead1",
    "lead2",
    "lead3",
    "position",
    "relative_position",
    "first_in_paragraph",
    "paragraph_position",
    "words",
    "words_squared",
    "short",
    "centrality",
    "degree",
    "forward",
    "frequency",
    "title",
    "numbers",
    "capitals",
    "quote",
    "question",
    "unfinished",
    "lead4",
    "lead5",
    "log_words",
    "words_x_position",
    "lead_similarity",
];
const NF: usize = FEATURES.len();

/// Weights of the scorer, read from the language's data file.
#[derive(Debug, Clone)]
pub struct Weights {
    /// One weight per feature, in the order of [`FEATURES`], to pick one sentence.
    pub features: [f64; NF],
    /// The same, to pick several (`multi_` names in the file): the best
    /// single sentence is not the best member of a longer summary.
    pub multi: [f64; NF],
    /// Words per extra sentence asked: a length penalty that grows with the
    /// summary's length (several long sentences overshoot a short abstract).
    pub words_per_extra_sentence: f64,
    /// MMR's trade-off: 1 = score only, 0 = novelty only.
    pub mmr_lambda: f64,
}

impl Weights {
    pub fn for_lang(lang: Lang) -> &'static Weights {
        static FR: OnceLock<Weights> = OnceLock::new();
        static EN: OnceLock<Weights> = OnceLock::new();
        match lang {
            Lang::Fr => FR.get_or_init(|| Weights::parse(include_str!("lang/fr/rank_weights.txt"))),
            Lang::En => EN.get_or_init(|| Weights::parse(include_str!("lang/en/rank_weights.txt"))),
        }
    }

    /// `name value` lines; `#` comments; a missing name weighs 0.
    pub fn parse(text: &str) -> Weights {
        let values: FxHashMap<&str, f64> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.trim().split_once(char::is_whitespace))
            .filter_map(|(k, v)| Some((k.trim(), v.trim().parse().ok()?)))
            .collect();
        let get = |k: &str| values.get(k).copied().unwrap_or(0.0);
        Weights {
            features: std::array::from_fn(|i| get(FEATURES[i])),
            multi: std::array::from_fn(|i| get(&format!("multi_{}", FEATURES[i]))),
            words_per_extra_sentence: get("words_per_extra_sentence"),
            mmr_lambda: get("mmr_lambda"),
        }
    }
}

/// The candidates (running sentences of three words or more, the first
/// `max_candidates` of them), their feature vectors and TF-IDF vectors.
pub struct Candidates {
    /// Indices into the segmented sentences.
    pub index: Vec<usize>,
    pub features: Vec<[f64; NF]>,
    /// TF-IDF cosine of every pair of candidates, row-major (`n × n`): the
    /// centrality features and the redundancy of MMR both read it.
    similarity: Vec<f64>,
}

/// Longer "sentences" are text without punctuation (a dump on one line), not
/// something to quote in a summary.
const MAX_WORDS: usize = 200;

/// Computes the features of every candidate sentence.
pub fn features(seg: &Segmented, max_candidates: usize) -> Candidates {
    let index: Vec<usize> = seg
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.heading && !s.furniture && (3..=MAX_WORDS).contains(&s.words))
        .map(|(i, _)| i)
        .take(max_candidates)
        .collect();
    let n = index.len();
    // Intern terms: ids in order of first appearance, so everything after is deterministic.
    // (Sized for every term at once: growing it rehashed it several times per article.)
    let total: usize = index.iter().map(|&i| seg.sentences[i].terms.len()).sum();
    let mut ids: FxHashMap<Term, u32> = FxHashMap::with_capacity_and_hasher(total, Default::default());
    let docs: Vec<Vec<u32>> = index
        .iter()
        .map(|&i| {
            seg.sentences[i]
                .terms
                .iter()
                .map(|t| {
                    let next = ids.len() as u32;
                    *ids.entry(*t).or_insert(next)
                })
                .collect()
        })
        .collect();
    let title_terms = &seg.title_terms;
    let title: Vec<u32> = {
        let mut t: Vec<u32> = title_terms.iter().filter_map(|t| ids.get(t).copied()).collect();
        t.sort_unstable();
        t.dedup();
        t
    };
    let title_len = {
        let mut distinct = title_terms.clone();
        distinct.sort_unstable();
        distinct.dedup();
        distinct.len()
    };
    let vocab = ids.len();
    let mut df = vec![0u32; vocab];
    let mut tf_doc = vec![0u32; vocab];
    // The last candidate each term was counted in, so that a candidate counts once in `df`.
    let mut counted_in = vec![usize::MAX; vocab];
    for (k, d) in docs.iter().enumerate() {
        for &t in d {
            let t = t as usize;
            if counted_in[t] != k {
                counted_in[t] = k;
                df[t] += 1;
            }
            tf_doc[t] += 1;
        }
    }
    let idf: Vec<f64> = df.iter().map(|&d| (n as f64 / f64::from(d.max(1))).ln() + 1.0).collect();
    let vectors: Vec<Vector> = docs.iter().map(|d| tfidf(d, &idf)).collect();
    let centroid = {
        let mut acc = vec![0.0; vocab];
        for v in &vectors {
            for &(t, x) in v {
                acc[t as usize] += x;
            }
        }
        normalise(acc.into_iter().enumerate().filter(|(_, x)| *x != 0.0).map(|(t, x)| (t as u32, x)).collect())
    };
    // Similarities, upper triangle computed once. Each row's vector is spread
    // into a dense array so that a dot product walks one sparse vector only.
    let mut sim = vec![0.0; n * n];
    let mut dense = vec![0.0; vocab];
    for a in 0..n {
        for &(t, x) in &vectors[a] {
            dense[t as usize] = x;
        }
        for b in a + 1..n {
            let s = dot_dense(&dense, &vectors[b]);
            sim[a * n + b] = s;
            sim[b * n + a] = s;
        }
        for &(t, _) in &vectors[a] {
            dense[t as usize] = 0.0;
        }
    }
    for &(t, x) in &centroid {
        dense[t as usize] = x;
    }
    let max_tf = tf_doc.iter().copied().max().unwrap_or(1).max(1);
    // Each term's share of the document's repetition (feature 13), once per term.
    let log_max = (1.0 + f64::from(max_tf)).ln();
    let repeated: Vec<f64> = tf_doc.iter().map(|&tf| (1.0 + f64::from(tf.max(1) - 1)).ln() / log_max).collect();
    let features = index
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let s = &seg.sentences[i];
            let mut f = [0.0; NF];
            f[0] = f64::from(u8::from(k == 0));
            f[1] = f64::from(u8::from(k == 1));
            f[2] = f64::from(u8::from(k == 2));
            f[3] = 1.0 / (1.0 + k as f64).sqrt();
            f[4] = if n > 1 { k as f64 / (n - 1) as f64 } else { 0.0 };
            f[5] = f64::from(u8::from(s.in_block == 0));
            f[6] = 1.0 / (1.0 + s.in_block as f64);
            let words = (s.words.min(90) as f64) / 30.0;
            f[7] = words;
            f[8] = words * words;
            f[9] = f64::from(u8::from(s.words < 8));
            f[10] = dot_dense(&dense, &vectors[k]);
            if n > 1 {
                let row = &sim[k * n..(k + 1) * n];
                f[11] = row.iter().sum::<f64>() / (n - 1) as f64;
                f[12] = if k + 1 < n { row[k + 1..].iter().sum::<f64>() / (n - k - 1) as f64 } else { 0.0 };
            }
            let d = &docs[k];
            if !d.is_empty() {
                f[13] = d.iter().map(|&t| repeated[t as usize]).sum::<f64>() / d.len() as f64;
            }
            if !d.is_empty() && title_len > 0 {
                let hits = d.iter().filter(|t| title.binary_search(t).is_ok()).count();
                f[14] = hits as f64 / (d.len() as f64).sqrt() / (title_len as f64).sqrt();
            }
            let (numbers, capitals) = surface(&s.text);
            f[15] = numbers;
            f[16] = capitals;
            // (One memchr per mark beats one pass comparing every character with five.)
            f[17] = f64::from(u8::from(['«', '»', '"', '“', '”'].iter().any(|&q| s.text.contains(q))));
            f[18] = f64::from(u8::from(s.text.trim_end().ends_with('?')));
            f[19] = f64::from(u8::from(!s.text.trim_end().ends_with(['.', '!', '?', '»', '"', '”', ')', '…'])));
            f[20] = f64::from(u8::from(k == 3));
            f[21] = f64::from(u8::from(k == 4));
            f[22] = (1.0 + s.words.min(90) as f64).ln() / 91f64.ln();
            f[23] = words * f[3];
            // Similarity to the lead sentence, which states the story's topic.
            f[24] = if k == 0 { 1.0 } else { sim[k] };
            f
        })
        .collect();
    Candidates { index, features, similarity: sim }
}

/// Fractions of words holding a digit and of words after the first that
/// start with a capital (names, places, organisations).
fn surface(text: &str) -> (f64, f64) {
    // One pass over the characters: a word is a run without whitespace; its
    // first letter or digit tells whether it is capitalised.
    let (mut words, mut digits, mut caps) = (0usize, 0usize, 0usize);
    let (mut in_word, mut has_digit, mut seen_alnum) = (false, false, false);
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII (most characters) is read a byte at a time.
        let c = match bytes[at] {
            b if b.is_ascii() => {
                at += 1;
                char::from(b)
            }
            _ => {
                let c = text[at..].chars().next().unwrap_or(' ');
                at += c.len_utf8();
                c
            }
        };
        if c.is_whitespace() {
            if in_word {
                digits += usize::from(has_digit);
                in_word = false;
            }
            continue;
        }
        if !in_word {
            (in_word, has_digit, seen_alnum) = (true, false, false);
            words += 1;
        }
        has_digit |= c.is_ascii_digit();
        if !seen_alnum && c.is_alphanumeric() {
            seen_alnum = true;
            caps += usize::from(words > 1 && c.is_uppercase());
        }
    }
    digits += usize::from(in_word && has_digit);
    if words == 0 { (0.0, 0.0) } else { (digits as f64 / words as f64, caps as f64 / words as f64) }
}

/// Scores the sentences and picks the summary.
pub fn rank(seg: &Segmented, lang: Lang, cfg: &RankConfig) -> Ranked {
    rank_with(seg, Weights::for_lang(lang), cfg)
}

/// [`rank`] with given weights (for fitting them).
pub fn rank_with(seg: &Segmented, w: &Weights, cfg: &RankConfig) -> Ranked {
    let c = features(seg, cfg.max_candidates);
    let n = c.index.len();
    if n == 0 {
        return Ranked::default();
    }
    let target = match cfg.length {
        Length::Sentences(k) => k,
        Length::Ratio(r) => ((n as f64 * r).ceil() as usize).max(1),
        Length::Words(_) => n,
    };
    let extra = target.clamp(1, n) as f64 - 1.0;
    let weights = if extra > 0.0 { &w.multi } else { &w.features };
    let scores: Vec<Scored> = c
        .index
        .iter()
        .zip(&c.features)
        .map(|(&index, f)| {
            let mut score = f.iter().zip(weights).map(|(x, w)| x * w).sum::<f64>();
            score -= w.words_per_extra_sentence * extra * f[7];
            Scored { index, score, position: f[3], centrality: f[10], title: f[14], features: f.to_vec() }
        })
        .collect();
    let word_budget = match cfg.length {
        Length::Words(words) => Some(words),
        _ => None,
    };
    let mut chosen: Vec<usize> = Vec::new(); // positions in the candidates
    if cfg.lead {
        chosen = (0..target.min(n)).collect();
    }
    let mut words = 0;
    while !cfg.lead && chosen.len() < target.min(n) {
        let best = (0..n)
            .filter(|k| !chosen.contains(k))
            .map(|k| {
                let redundancy = chosen.iter().map(|&j| c.similarity[k * n + j]).fold(0.0, f64::max);
                (k, w.mmr_lambda * scores[k].score - (1.0 - w.mmr_lambda) * redundancy)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((k, _)) = best else { break };
        let len = seg.sentences[c.index[k]].words;
        if let Some(budget) = word_budget
            && !chosen.is_empty()
            && words + len > budget
        {
            break;
        }
        words += len;
        chosen.push(k);
    }
    let mut picked: Vec<usize> = chosen.into_iter().map(|k| c.index[k]).collect();
    picked.sort_unstable();
    Ranked { picked, scores }
}

/// A sparse vector: (term id, weight), sorted by id.
type Vector = Vec<(u32, f64)>;

fn tfidf(doc: &[u32], idf: &[f64]) -> Vector {
    let mut terms = doc.to_vec();
    terms.sort_unstable();
    // (At most one entry per term: sized once rather than grown.)
    let mut v: Vector = Vec::with_capacity(terms.len());
    for t in terms {
        match v.last_mut() {
            Some((last, x)) if *last == t => *x += 1.0,
            _ => v.push((t, 1.0)),
        }
    }
    for (t, x) in &mut v {
        *x *= idf[*t as usize];
    }
    normalise(v)
}

fn normalise(mut v: Vector) -> Vector {
    let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, x)| *x /= norm);
    }
    v
}

/// Dot product of a dense vector (`a`, indexed by term id) and a sparse one,
/// summed in id order over the terms they share (the bits do not depend on
/// which of two vectors is the dense one).
fn dot_dense(a: &[f64], b: &Vector) -> f64 {
    let mut sum = 0.0;
    for &(t, y) in b {
        let x = a[t as usize];
        if x != 0.0 {
            sum += x * y;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Sentence;

    fn seg(texts: &[&str], lang: Lang) -> Segmented {
        Segmented {
            sentences: texts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let (words, terms) = crate::segment::terms(t, lang);
                    Sentence {
                        text: t.to_string(),
                        block: i,
                        in_block: 0,
                        heading: false,
                        furniture: false,
                        words,
                        terms,
                    }
                })
                .collect(),
            title_terms: Vec::new(),
        }
    }

    const FR: [&str; 5] = [
        "Le conseil municipal a voté mardi le budget de la ville après un long débat.",
        "Le budget augmente de dix pour cent les dépenses de transport public.",
        "Le conseil municipal a voté mardi le budget de la ville après un débat très long.",
        "Il faisait beau ce jour-là sur la place de la mairie, selon les passants.",
        "La maire a défendu le budget devant le conseil municipal.",
    ];
    const EN: [&str; 5] = [
        "The city council approved the budget on Tuesday after a long debate.",
        "The budget raises spending on public transport by ten percent.",
        "The city council approved the budget on Tuesday after a very long debate.",
        "The weather was fine on the square that day, passers-by said.",
        "The mayor defended the budget before the city council.",
    ];

    #[test]
    fn picks_in_order_without_repeats() {
        for (texts, lang) in [(FR, Lang::Fr), (EN, Lang::En)] {
            let s = seg(&texts, lang);
            let cfg = RankConfig { length: Length::Sentences(2), ..RankConfig::default() };
            let r = rank(&s, lang, &cfg);
            assert_eq!(r.picked.len(), 2);
            assert!(r.picked.windows(2).all(|w| w[0] < w[1]));
            assert!(!(r.picked.contains(&0) && r.picked.contains(&2)), "near-duplicate picked twice: {r:?}");
            assert_eq!(r.scores.len(), 5);
        }
    }

    #[test]
    fn length_modes() {
        let s = seg(&EN, Lang::En);
        let words = |n| RankConfig { length: Length::Words(n), ..RankConfig::default() };
        assert_eq!(rank(&s, Lang::En, &words(5)).picked.len(), 1);
        assert!(rank(&s, Lang::En, &words(30)).picked.len() >= 2);
        let ratio = RankConfig { length: Length::Ratio(0.4), ..RankConfig::default() };
        assert_eq!(rank(&s, Lang::En, &ratio).picked.len(), 2);
        let many = RankConfig { length: Length::Sentences(50), ..RankConfig::default() };
        assert_eq!(rank(&s, Lang::En, &many).picked.len(), 5);
    }

    fn feature(c: &Candidates, k: usize, name: &str) -> f64 {
        c.features[k][FEATURES.iter().position(|f| *f == name).unwrap()]
    }

    #[test]
    fn features_table() {
        let fr = seg(
            &["Le maire a-t-il menti sur les 30 millions ?", "« C'est faux », répond Anne Martin à Paris."],
            Lang::Fr,
        );
        let en = seg(
            &["Did the mayor lie about the 30 million?", "\"That is false,\" Anne Martin said in Paris."],
            Lang::En,
        );
        for s in [fr, en] {
            let c = features(&s, 400);
            assert_eq!((feature(&c, 0, "lead1"), feature(&c, 1, "lead2")), (1.0, 1.0));
            assert_eq!((feature(&c, 0, "question"), feature(&c, 1, "question")), (1.0, 0.0));
            assert_eq!((feature(&c, 0, "quote"), feature(&c, 1, "quote")), (0.0, 1.0));
            assert!(feature(&c, 0, "numbers") > 0.0 && feature(&c, 1, "numbers") == 0.0);
            assert!(feature(&c, 1, "capitals") > feature(&c, 0, "capitals"));
        }
    }

    #[test]
    fn deterministic_and_lead() {
        for (texts, lang) in [(FR, Lang::Fr), (EN, Lang::En)] {
            let s = seg(&texts, lang);
            let cfg = RankConfig::default();
            let (a, b) = (rank(&s, lang, &cfg), rank(&s, lang, &cfg));
            let bits = |r: &Ranked| r.scores.iter().map(|x| x.score.to_bits()).collect::<Vec<_>>();
            assert_eq!((&a.picked, bits(&a)), (&b.picked, bits(&b)));
            let lead = rank(&s, lang, &RankConfig { lead: true, ..cfg });
            assert_eq!(lead.picked, [0, 1, 2]);
        }
    }

    #[test]
    fn weights_parse_in_both_languages() {
        for lang in Lang::ALL {
            let w = Weights::for_lang(lang);
            assert!(w.features.iter().any(|&x| x != 0.0), "{lang}");
            assert!(w.mmr_lambda > 0.0 && w.mmr_lambda <= 1.0, "{lang}");
        }
    }
}
