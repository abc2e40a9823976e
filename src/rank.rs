//! Stage 6, **rank**: which sentences make the summary.
//!
//! Input: [`Segmented`] sentences and the title. Output: [`Ranked`]: the
//! indices of the picked sentences in article order, and every candidate's
//! score with its features (for `--explain`). Each sentence is scored from
//! its position (news puts the gist first), its TF-IDF centrality in the
//! article, its overlap with the title and its length; picking is greedy
//! with maximal marginal relevance so that two sentences saying the same
//! thing are not both taken. Feature weights are data
//! (`src/lang/*/rank_weights.txt`).

use crate::config::{Length, RankConfig};
use crate::lang::Lang;
use crate::segment::Segmented;
use std::collections::HashMap;
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
    pub position: f64,
    pub centrality: f64,
    pub title: f64,
}

/// Weights of the scorer, read from the language's data file.
#[derive(Debug, Clone)]
pub struct Weights {
    pub position: f64,
    pub centrality: f64,
    pub title: f64,
    pub first_in_paragraph: f64,
    pub short_penalty: f64,
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

    fn parse(text: &str) -> Weights {
        let values: HashMap<&str, f64> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .filter_map(|(k, v)| Some((k.trim(), v.trim().parse().ok()?)))
            .collect();
        let get = |k: &str| values.get(k).copied().unwrap_or(0.0);
        Weights {
            position: get("position"),
            centrality: get("centrality"),
            title: get("title"),
            first_in_paragraph: get("first_in_paragraph"),
            short_penalty: get("short_penalty"),
            mmr_lambda: get("mmr_lambda"),
        }
    }
}

/// Scores the sentences and picks the summary.
pub fn rank(seg: &Segmented, title_terms: &[String], lang: Lang, cfg: &RankConfig) -> Ranked {
    let w = Weights::for_lang(lang);
    let candidates: Vec<usize> = seg
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.heading && s.words >= 3)
        .map(|(i, _)| i)
        .take(cfg.max_candidates)
        .collect();
    if candidates.is_empty() {
        return Ranked::default();
    }
    let vectors = tfidf(candidates.iter().map(|&i| seg.sentences[i].terms.as_slice()));
    let centroid = normalise(vectors.iter().fold(HashMap::new(), |mut acc, v| {
        for (t, x) in v {
            *acc.entry(t.clone()).or_insert(0.0) += x;
        }
        acc
    }));
    let title: std::collections::HashSet<&str> = title_terms.iter().map(String::as_str).collect();
    let scores: Vec<Scored> = candidates
        .iter()
        .enumerate()
        .map(|(rank, &index)| {
            let s = &seg.sentences[index];
            let position = 1.0 / (1.0 + rank as f64).sqrt();
            let centrality = cosine(&vectors[rank], &centroid);
            let title_overlap = if s.terms.is_empty() || title.is_empty() {
                0.0
            } else {
                s.terms.iter().filter(|t| title.contains(t.as_str())).count() as f64
                    / (s.terms.len() as f64).sqrt()
                    / (title.len() as f64).sqrt()
            };
            let mut score = w.position * position + w.centrality * centrality + w.title * title_overlap;
            if s.in_block == 0 {
                score += w.first_in_paragraph;
            }
            if s.words < 8 {
                score -= w.short_penalty;
            }
            Scored { index, score, position, centrality, title: title_overlap }
        })
        .collect();

    let target = match cfg.length {
        Length::Sentences(n) => n,
        Length::Ratio(r) => ((candidates.len() as f64 * r).ceil() as usize).max(1),
        Length::Words(_) => candidates.len(),
    };
    let word_budget = match cfg.length {
        Length::Words(n) => Some(n),
        _ => None,
    };
    let mut chosen: Vec<usize> = Vec::new(); // positions in `candidates`
    let mut words = 0;
    while chosen.len() < target.min(candidates.len()) {
        let best = (0..candidates.len())
            .filter(|k| !chosen.contains(k))
            .map(|k| {
                let redundancy = chosen.iter().map(|&c| cosine(&vectors[k], &vectors[c])).fold(0.0, f64::max);
                (k, w.mmr_lambda * scores[k].score - (1.0 - w.mmr_lambda) * redundancy)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((k, _)) = best else { break };
        let len = seg.sentences[candidates[k]].words;
        if let Some(budget) = word_budget
            && !chosen.is_empty()
            && words + len > budget
        {
            break;
        }
        words += len;
        chosen.push(k);
    }
    let mut picked: Vec<usize> = chosen.into_iter().map(|k| candidates[k]).collect();
    picked.sort_unstable();
    Ranked { picked, scores }
}

type Vector = HashMap<String, f64>;

fn tfidf<'a>(docs: impl Iterator<Item = &'a [String]>) -> Vec<Vector> {
    let tfs: Vec<Vector> = docs
        .map(|terms| {
            let mut tf = Vector::new();
            for t in terms {
                *tf.entry(t.clone()).or_insert(0.0) += 1.0;
            }
            tf
        })
        .collect();
    let mut df: HashMap<&str, f64> = HashMap::new();
    for tf in &tfs {
        for t in tf.keys() {
            *df.entry(t.as_str()).or_insert(0.0) += 1.0;
        }
    }
    let n = tfs.len() as f64;
    let idf: HashMap<String, f64> = df.into_iter().map(|(t, d)| (t.to_string(), (n / d).ln() + 1.0)).collect();
    tfs.into_iter()
        .map(|tf| {
            normalise(
                tf.into_iter()
                    .map(|(t, x)| {
                        let i = idf[&t];
                        (t, x * i)
                    })
                    .collect(),
            )
        })
        .collect()
}

fn normalise(mut v: Vector) -> Vector {
    let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|x| *x /= norm);
    }
    v
}

fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.iter().filter_map(|(t, x)| large.get(t).map(|y| x * y)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Sentence;

    fn seg(texts: &[&str], lang: Lang) -> Segmented {
        let stemmer = rust_stemmers::Stemmer::create(lang.stemmer_algorithm());
        Segmented {
            sentences: texts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let (words, terms) = crate::segment::terms(t, lang, &stemmer);
                    Sentence { text: t.to_string(), block: i, in_block: 0, heading: false, words, terms }
                })
                .collect(),
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
            let r = rank(&s, &[], lang, &cfg);
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
        assert_eq!(rank(&s, &[], Lang::En, &words(5)).picked.len(), 1);
        assert!(rank(&s, &[], Lang::En, &words(30)).picked.len() >= 2);
        let ratio = RankConfig { length: Length::Ratio(0.4), ..RankConfig::default() };
        assert_eq!(rank(&s, &[], Lang::En, &ratio).picked.len(), 2);
        let many = RankConfig { length: Length::Sentences(50), ..RankConfig::default() };
        assert_eq!(rank(&s, &[], Lang::En, &many).picked.len(), 5);
    }

    #[test]
    fn weights_parse_in_both_languages() {
        for lang in Lang::ALL {
            let w = Weights::for_lang(lang);
            assert!(w.position > 0.0 && w.mmr_lambda > 0.0 && w.mmr_lambda <= 1.0);
        }
    }
}
