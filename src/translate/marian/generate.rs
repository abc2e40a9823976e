//! Decoding as transformers' `generate()` does it (version 5.25.0), greedy
//! and beam search, for one source sentence.
//!
//! Input: the generation settings ([`Settings::read`], from the model's
//! files as transformers reads them), the [`Net`] and the encoded source
//! sentences. Output: each sentence's generated ids, decoder start token
//! first, as `generate()` returns them for that sentence alone ([`decode`]).
//! The sentences are decoded together, their rows (beams) stacked in one
//! decoder step, but each search is the reference's for one sentence: no
//! padding, no shared scores.
//!
//! What transformers 5.25.0 does, and this module with it:
//! - Settings: `generation_config.json` when the folder has one, and then
//!   only it (config.json's generation fields are ignored); otherwise the
//!   generation fields of `config.json`. Unset fields take the global
//!   defaults (`max_length` 20, `num_beams` 1, `length_penalty` 1.0,
//!   `early_stopping` false, `min_length` 0). An unset `max_length` means
//!   20 new tokens (21 with the start token), at most
//!   `max_position_embeddings`; `max_new_tokens` gives `max_new_tokens + 1`;
//!   `min_new_tokens` gives `min_length = min_new_tokens + 1`. The decoder
//!   starts with `decoder_start_token_id`, else `bos_token_id`; `pad_token_id`
//!   defaults to the first `eos_token_id`.
//! - Logits processors, in this order: `NoBadWordsLogitsProcessor` (each
//!   `bad_words_ids` sequence, except a lone eos, forbids its last token when
//!   the ids so far end with the rest), `MinLengthLogitsProcessor` (eos
//!   forbidden while fewer than `min_length` ids), `ForcedBOSTokenLogitsProcessor`
//!   (only `forced_bos_token_id` after the start token),
//!   `ForcedEOSTokenLogitsProcessor` (only eos when the ids number
//!   `max_length − 1`), then `LogitNormalization` (a log-softmax) when
//!   `renormalize_logits` is set, as opus-mt's files set it. Greedy search applies them to the f32 logits and takes
//!   the first maximum; beam search applies them to the log-softmax.
//! - Stopping: an eos token, or `max_length` ids.
//! - Beam search is `GenerationMixin._beam_search`, the vectorized one: the
//!   running beams start with scores `[0, −1e9, …]`; each step takes the
//!   `2·num_beams` best (beam, token) continuations of the summed log-probs;
//!   those that stop (eos or `max_length`) and rank among the first
//!   `num_beams` become finished hypotheses, scored `sum / generated^length_penalty`
//!   (generated tokens counting the eos); the `num_beams` best that do not
//!   stop run on. The search ends when every candidate stops, when
//!   `early_stopping` is `true` and `num_beams` hypotheses are finished, or
//!   when the best running beam, scored at its current length (at
//!   `max_length` with `early_stopping = "never"` and a positive penalty),
//!   cannot beat the worst of `num_beams` finished hypotheses. The best
//!   finished hypothesis is returned. The −1e9 sentinels and the f32
//!   arithmetic are the reference's.
//!
//! Settings this module does not implement (sampling, repetition penalties,
//! n-gram bans, suppressed tokens, …) are refused when the model is loaded,
//! naming the setting, rather than decoded differently.

use super::net::{Cache, Encoded, Net};
use serde_json::Value;

/// How the search ends early (`early_stopping`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EarlyStopping {
    /// `true`: as soon as `num_beams` hypotheses are finished.
    Yes,
    /// `false`: when no running beam, at its current length, can do better.
    No,
    /// `"never"`: when no running beam, at `max_length`, can do better.
    Never,
}

/// The generation settings of one model.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub num_beams: usize,
    /// Total decoder length, start token included.
    pub max_length: usize,
    pub min_length: usize,
    pub decoder_start_token_id: u32,
    pub eos_token_ids: Vec<u32>,
    /// Unused by decoding one sentence (nothing is padded); kept as read.
    pub pad_token_id: Option<u32>,
    pub forced_eos_token_ids: Vec<u32>,
    pub forced_bos_token_id: Option<u32>,
    /// Forbidden sequences, a lone eos removed.
    pub bad_words_ids: Vec<Vec<u32>>,
    pub length_penalty: f64,
    pub early_stopping: EarlyStopping,
    /// `renormalize_logits`: a log-softmax after the other processors.
    pub renormalize_logits: bool,
}

/// `generate()`'s global default for `max_length` (start token excluded).
const DEFAULT_MAX_NEW: usize = 20;

/// Generation fields that change decoding in ways not implemented here, with
/// the value that leaves decoding unchanged.
const NEUTRAL: [(&str, Neutral); 13] = [
    ("do_sample", Neutral::False),
    ("repetition_penalty", Neutral::One),
    ("encoder_repetition_penalty", Neutral::One),
    ("no_repeat_ngram_size", Neutral::Zero),
    ("encoder_no_repeat_ngram_size", Neutral::Zero),
    ("num_beam_groups", Neutral::One),
    ("penalty_alpha", Neutral::Zero),
    ("guidance_scale", Neutral::One),
    ("sequence_bias", Neutral::Null),
    ("suppress_tokens", Neutral::Null),
    ("begin_suppress_tokens", Neutral::Null),
    ("exponential_decay_length_penalty", Neutral::Null),
    ("remove_invalid_values", Neutral::False),
];

#[derive(Clone, Copy)]
enum Neutral {
    False,
    One,
    Zero,
    Null,
}

impl Neutral {
    fn holds(self, v: &Value) -> bool {
        match self {
            _ if v.is_null() => true,
            Neutral::False => v == &Value::Bool(false),
            Neutral::One => v.as_f64() == Some(1.0),
            Neutral::Zero => v.as_f64() == Some(0.0),
            Neutral::Null => false,
        }
    }
}

/// An id or a list of ids (`eos_token_id` may be either).
fn ids(v: &Value, field: &str) -> Result<Vec<u32>, String> {
    let one = |v: &Value| v.as_u64().and_then(|i| u32::try_from(i).ok());
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(a) => a.iter().map(|i| one(i).ok_or_else(|| format!("{field} is not a list of ids"))).collect(),
        v => one(v).map(|i| vec![i]).ok_or_else(|| format!("{field} is not an id")),
    }
}

fn count(v: &Value, field: &str) -> Result<Option<usize>, String> {
    match v {
        Value::Null => Ok(None),
        v => v.as_u64().map(|n| Some(n as usize)).ok_or_else(|| format!("{field} is not a whole number")),
    }
}

impl Settings {
    /// The settings as `generate()` reads them: `generation` is the JSON of
    /// `generation_config.json` when the folder has one, else `config.json`'s;
    /// `max_positions` is `max_position_embeddings`.
    pub fn read(generation: &Value, max_positions: usize) -> Result<Settings, String> {
        for (field, neutral) in NEUTRAL {
            if !neutral.holds(&generation[field]) {
                return Err(format!("it sets {field} = {}, which abrege does not implement", generation[field]));
            }
        }
        let num_beams = count(&generation["num_beams"], "num_beams")?.unwrap_or(1).max(1);
        let max_length = match (
            count(&generation["max_new_tokens"], "max_new_tokens")?,
            count(&generation["max_length"], "max_length")?,
        ) {
            (Some(new), _) => new + 1,
            (None, Some(total)) => total,
            (None, None) => (DEFAULT_MAX_NEW + 1).min(max_positions),
        };
        if max_length < 2 {
            return Err(format!("its max_length {max_length} leaves no room for a token after the start"));
        }
        let min_length = match count(&generation["min_new_tokens"], "min_new_tokens")? {
            Some(new) => new + 1,
            None => count(&generation["min_length"], "min_length")?.unwrap_or(0),
        };
        let eos_token_ids = ids(&generation["eos_token_id"], "eos_token_id")?;
        let start = ids(&generation["decoder_start_token_id"], "decoder_start_token_id")?;
        let start = match start.first() {
            Some(&s) => s,
            None => *ids(&generation["bos_token_id"], "bos_token_id")?
                .first()
                .ok_or("it sets neither decoder_start_token_id nor bos_token_id")?,
        };
        let pad_token_id = ids(&generation["pad_token_id"], "pad_token_id")?.first().or(eos_token_ids.first()).copied();
        let mut bad_words_ids = Vec::new();
        if let Value::Array(words) = &generation["bad_words_ids"] {
            for w in words {
                let seq = ids(w, "bad_words_ids")?;
                if !w.is_array() || seq.is_empty() {
                    return Err("bad_words_ids is not a list of lists of ids".to_string());
                }
                // NoBadWordsLogitsProcessor drops a lone eos: the model must be able to stop.
                if !(seq.len() == 1 && eos_token_ids.contains(&seq[0])) {
                    bad_words_ids.push(seq);
                }
            }
        }
        let early_stopping = match &generation["early_stopping"] {
            Value::Null | Value::Bool(false) => EarlyStopping::No,
            Value::Bool(true) => EarlyStopping::Yes,
            Value::String(s) if s == "never" => EarlyStopping::Never,
            v => return Err(format!("early_stopping is {v}, not true, false or \"never\"")),
        };
        let length_penalty = match &generation["length_penalty"] {
            Value::Null => 1.0,
            v => v.as_f64().ok_or("length_penalty is not a number")?,
        };
        let forced_bos_token_id = ids(&generation["forced_bos_token_id"], "forced_bos_token_id")?.first().copied();
        Ok(Settings {
            num_beams,
            max_length,
            min_length,
            decoder_start_token_id: start,
            eos_token_ids,
            pad_token_id,
            forced_eos_token_ids: ids(&generation["forced_eos_token_id"], "forced_eos_token_id")?,
            forced_bos_token_id,
            bad_words_ids,
            length_penalty,
            early_stopping,
            renormalize_logits: generation["renormalize_logits"].as_bool().unwrap_or(false),
        })
    }

    /// The logits processors on one row of scores; `seq` is the beam's ids so
    /// far, start token included.
    fn process(&self, seq: &[u32], scores: &mut [f32]) {
        for bad in &self.bad_words_ids {
            let (last, prefix) = bad.split_last().unwrap_or((&0, &[]));
            if seq.ends_with(prefix) && (*last as usize) < scores.len() {
                scores[*last as usize] = f32::NEG_INFINITY;
            }
        }
        if seq.len() < self.min_length {
            for &e in &self.eos_token_ids {
                if let Some(s) = scores.get_mut(e as usize) {
                    *s = f32::NEG_INFINITY;
                }
            }
        }
        if let Some(bos) = self.forced_bos_token_id.filter(|_| seq.len() == 1) {
            force(scores, &[bos]);
        }
        if !self.forced_eos_token_ids.is_empty() && seq.len() == self.max_length - 1 {
            force(scores, &self.forced_eos_token_ids);
        }
        if self.renormalize_logits {
            log_softmax(scores);
        }
    }

    fn stops(&self, seq_len: usize, token: u32) -> bool {
        seq_len >= self.max_length || self.eos_token_ids.contains(&token)
    }
}

/// Every score −∞ but those of `only`, which become 0.
fn force(scores: &mut [f32], only: &[u32]) {
    scores.fill(f32::NEG_INFINITY);
    for &t in only {
        if let Some(s) = scores.get_mut(t as usize) {
            *s = 0.0;
        }
    }
}

/// The first index of the maximum, as `torch.argmax`.
fn argmax(row: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if v > row[best] || (row[best].is_nan() && !v.is_nan()) {
            best = i;
        }
    }
    best
}

/// `log_softmax` of one row, in place.
fn log_softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if max == f32::NEG_INFINITY {
        return;
    }
    let sum: f64 = row.iter().map(|&v| ((v - max) as f64).exp()).sum();
    let log_sum = sum.ln() as f32;
    for v in row.iter_mut() {
        *v = *v - max - log_sum;
    }
}

/// The search of one sentence, advanced one step at a time by [`decode`].
enum Search {
    /// Greedy search: the most likely token at each step.
    Greedy(Vec<u32>),
    Beam(Box<Beams>),
}

/// What a step did to a search.
enum Advance {
    /// Go on; `from[i]` is the row (of this search) that row `i` continues.
    Continue(Vec<u32>),
    Done,
}

/// The state of `_beam_search` for one sentence.
struct Beams {
    num_beams: usize,
    /// The running beams' ids, start token included, and their summed log-probs.
    running: Vec<Vec<u32>>,
    running_scores: Vec<f32>,
    /// The finished hypotheses: ids, normalised score, whether the slot holds one.
    finished: Vec<(Vec<u32>, f32, bool)>,
    heuristic_unsatisfied: bool,
    /// The ids so far, start token included.
    cur_len: usize,
}

/// The value transformers uses for "no score" in beam search.
const SENTINEL: f32 = -1.0e9;
/// The decoder start token is the prompt.
const PROMPT_LEN: usize = 1;

impl Search {
    fn new(s: &Settings, num_beams: usize) -> Search {
        let start = vec![s.decoder_start_token_id];
        if num_beams <= 1 {
            return Search::Greedy(start);
        }
        let mut running_scores = vec![SENTINEL; num_beams];
        running_scores[0] = 0.0;
        Search::Beam(Box::new(Beams {
            num_beams,
            running: vec![start; num_beams],
            running_scores,
            finished: vec![(Vec::new(), SENTINEL, false); num_beams],
            heuristic_unsatisfied: true,
            cur_len: PROMPT_LEN,
        }))
    }

    /// The last token of each of its rows.
    fn last_tokens(&self) -> Vec<u32> {
        match self {
            Search::Greedy(seq) => vec![seq[seq.len() - 1]],
            Search::Beam(b) => b.running.iter().map(|r| r[r.len() - 1]).collect(),
        }
    }

    /// One step, given the logits of its rows (`rows × vocab`, changed in place).
    fn advance(&mut self, s: &Settings, scores: &mut [f32], vocab: usize) -> Advance {
        match self {
            Search::Greedy(seq) => {
                s.process(seq, scores);
                let next = argmax(scores) as u32;
                seq.push(next);
                if s.stops(seq.len(), next) { Advance::Done } else { Advance::Continue(vec![0]) }
            }
            Search::Beam(b) => b.advance(s, scores, vocab),
        }
    }

    /// The ids generated, start token first.
    fn result(self) -> Vec<u32> {
        match self {
            Search::Greedy(seq) => seq,
            Search::Beam(b) => b.finished.into_iter().next().map(|f| f.0).unwrap_or_default(),
        }
    }
}

impl Beams {
    fn advance(&mut self, s: &Settings, scores: &mut [f32], vocab: usize) -> Advance {
        let num_beams = self.num_beams;
        let beams_to_keep = (1 + s.eos_token_ids.len()).max(2) * num_beams;
        let penalty = |len: usize| (len as f64).powf(s.length_penalty) as f32;
        for (b, row) in scores.chunks_mut(vocab).enumerate() {
            log_softmax(row);
            s.process(&self.running[b], row);
            let add = self.running_scores[b];
            for v in row.iter_mut() {
                *v += add;
            }
        }
        let top: Vec<Candidate> = top_k(scores, beams_to_keep)
            .into_iter()
            .map(|(score, i)| Candidate { score, beam: i / vocab, token: (i % vocab) as u32 })
            .collect();
        let hits: Vec<bool> = top.iter().map(|c| s.stops(self.cur_len + 1, c.token)).collect();
        let extend = |c: &Candidate| {
            let mut ids = self.running[c.beam].clone();
            ids.push(c.token);
            ids
        };

        // The next running beams: the best candidates that do not stop.
        let penalised: Vec<f32> =
            top.iter().zip(&hits).map(|(c, &hit)| if hit { c.score + SENTINEL } else { c.score }).collect();
        let next = top_indices(&penalised, num_beams);

        // The finished hypotheses: the old ones and the top candidates that stop.
        let normalised = penalty(self.cur_len + 1 - PROMPT_LEN);
        let all_finished = self.finished.iter().all(|f| f.2);
        let mut merged = std::mem::take(&mut self.finished);
        for (rank, (c, &hit)) in top.iter().zip(&hits).enumerate() {
            let just_finished = hit && rank < num_beams;
            let mut score = c.score / normalised;
            if all_finished && s.early_stopping == EarlyStopping::Yes {
                score += SENTINEL;
            }
            if !self.heuristic_unsatisfied {
                score += SENTINEL;
            }
            if !just_finished {
                score += SENTINEL;
            }
            merged.push((if just_finished { extend(c) } else { Vec::new() }, score, just_finished));
        }
        let merged_scores: Vec<f32> = merged.iter().map(|m| m.1).collect();
        self.finished = top_indices(&merged_scores, num_beams).into_iter().map(|i| merged[i].clone()).collect();

        let from: Vec<u32> = next.iter().map(|&i| top[i].beam as u32).collect();
        let running: Vec<Vec<u32>> = next.iter().map(|&i| extend(&top[i])).collect();
        self.running = running;
        self.running_scores = next.iter().map(|&i| penalised[i]).collect();
        self.cur_len += 1;

        // The early-stop heuristic, sticky once satisfied.
        let hypothetical = if s.early_stopping == EarlyStopping::Never && s.length_penalty > 0.0 {
            s.max_length - PROMPT_LEN
        } else {
            self.cur_len - PROMPT_LEN
        };
        let best_possible = self.running_scores[0] / penalty(hypothetical);
        let worst = self.finished.iter().map(|f| f.1).fold(f32::INFINITY, f32::min);
        let improvable = self.finished.iter().any(|f| best_possible > if f.2 { worst } else { SENTINEL });
        self.heuristic_unsatisfied &= improvable;

        let open_beam = !(self.finished.iter().all(|f| f.2) && s.early_stopping == EarlyStopping::Yes);
        let valid_continuations = !hits.iter().all(|&h| h);
        if self.heuristic_unsatisfied && open_beam && valid_continuations {
            Advance::Continue(from)
        } else {
            Advance::Done
        }
    }
}

/// One candidate continuation: `beam`'s ids plus `token`, with the summed log-prob.
#[derive(Clone, Copy)]
struct Candidate {
    score: f32,
    beam: usize,
    token: u32,
}

/// The `k` best (score, flat index) of `scores`, best first; the lower index
/// first among equal scores.
fn top_k(scores: &[f32], k: usize) -> Vec<(f32, usize)> {
    let mut best: Vec<(f32, usize)> = Vec::with_capacity(k + 1);
    for (i, &v) in scores.iter().enumerate() {
        // Only a strictly better score enters a full list (NaN never does).
        if best.len() == k && v.partial_cmp(&best[k - 1].0) != Some(std::cmp::Ordering::Greater) {
            continue;
        }
        let at = best.partition_point(|&(b, _)| b >= v);
        best.insert(at, (v, i));
        best.truncate(k);
    }
    best
}

/// Indices of the `k` best of `scores`, best first, stable among equals.
fn top_indices(scores: &[f32], k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    order.truncate(k);
    order
}

/// Decodes several sentences together, each with `num_beams` beams (1 is
/// greedy search): every step runs the rows of all unfinished sentences
/// through the decoder at once. Returns each sentence's ids, start token
/// first, in the order of `encoded`; each is what decoding it alone gives.
pub fn decode(net: &Net, s: &Settings, encoded: &[Encoded], num_beams: usize) -> candle_core::Result<Vec<Vec<u32>>> {
    let vocab = net.target_vocab();
    let heads = net.cfg.decoder_heads;
    let mut active: Vec<(usize, Search)> = (0..encoded.len()).map(|i| (i, Search::new(s, num_beams))).collect();
    let mut results = vec![Vec::new(); encoded.len()];
    let mut cache: Cache = net.cache();
    while !active.is_empty() {
        let last: Vec<Vec<u32>> = active.iter().map(|(_, search)| search.last_tokens()).collect();
        let groups: Vec<(usize, &Encoded)> =
            active.iter().zip(&last).map(|((i, _), t)| (t.len(), &encoded[*i])).collect();
        let tokens: Vec<u32> = last.concat();
        let mut scores: Vec<f32> = net.step(&tokens, &groups, &mut cache)?.flatten_all()?.to_vec1()?;
        // The rows kept for the next step, as rows of this one.
        let mut keep: Vec<u32> = Vec::with_capacity(tokens.len());
        let mut offset = 0;
        let mut still = Vec::with_capacity(active.len());
        for ((i, mut search), rows) in active.into_iter().zip(last.iter().map(Vec::len)) {
            let own = &mut scores[offset * vocab..(offset + rows) * vocab];
            match search.advance(s, own, vocab) {
                Advance::Continue(from) => {
                    keep.extend(from.iter().map(|&f| offset as u32 + f));
                    still.push((i, search));
                }
                Advance::Done => results[i] = search.result(),
            }
            offset += rows;
        }
        active = still;
        if !active.is_empty() && keep.iter().enumerate().any(|(r, &f)| r as u32 != f || keep.len() != tokens.len()) {
            cache.reorder(&keep, heads)?;
        }
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn settings(v: Value) -> Result<Settings, String> {
        Settings::read(&v, 512)
    }

    #[test]
    fn settings_table() {
        // opus-mt-fr-en's generation_config.json.
        let s = settings(json!({
            "bad_words_ids": [[59513]], "bos_token_id": 0, "decoder_start_token_id": 59513,
            "eos_token_id": 0, "forced_eos_token_id": 0, "max_length": 512, "num_beams": 4,
            "pad_token_id": 59513, "renormalize_logits": true
        }))
        .unwrap();
        assert!(s.renormalize_logits);
        assert_eq!((s.num_beams, s.max_length, s.min_length), (4, 512, 0));
        assert_eq!((s.decoder_start_token_id, s.pad_token_id), (59513, Some(59513)));
        assert_eq!((s.eos_token_ids.clone(), s.forced_eos_token_ids.clone()), (vec![0], vec![0]));
        assert_eq!(s.bad_words_ids, vec![vec![59513]]);
        assert_eq!((s.length_penalty, s.early_stopping), (1.0, EarlyStopping::No));

        // Defaults: 20 new tokens, the start from bos, pad from eos, a lone eos never forbidden.
        let s = settings(json!({"bos_token_id": 3, "eos_token_id": [1, 2], "bad_words_ids": [[1], [4, 5]]})).unwrap();
        assert_eq!((s.num_beams, s.max_length, s.decoder_start_token_id, s.pad_token_id), (1, 21, 3, Some(1)));
        assert_eq!(s.bad_words_ids, vec![vec![4, 5]]);
        assert!(s.forced_eos_token_ids.is_empty());
        assert_eq!(Settings::read(&json!({"bos_token_id": 0}), 8).unwrap().max_length, 8);

        // max_new_tokens wins over max_length; min_new_tokens over min_length.
        let s = settings(json!({"decoder_start_token_id": 5, "max_new_tokens": 7, "max_length": 99,
            "min_new_tokens": 2, "min_length": 50, "early_stopping": "never", "length_penalty": 0.5}))
        .unwrap();
        assert_eq!((s.max_length, s.min_length, s.early_stopping, s.length_penalty), (8, 3, EarlyStopping::Never, 0.5));

        // Refused: what would decode differently, or cannot decode.
        for (v, want) in [
            (json!({"decoder_start_token_id": 0, "do_sample": true}), "do_sample"),
            (json!({"decoder_start_token_id": 0, "repetition_penalty": 1.2}), "repetition_penalty"),
            (json!({"decoder_start_token_id": 0, "no_repeat_ngram_size": 3}), "no_repeat_ngram_size"),
            (json!({"eos_token_id": 0}), "decoder_start_token_id"),
            (json!({"decoder_start_token_id": 0, "max_length": 1}), "max_length"),
            (json!({"decoder_start_token_id": 0, "early_stopping": "soon"}), "early_stopping"),
            (json!({"decoder_start_token_id": 0, "bad_words_ids": [3]}), "bad_words_ids"),
        ] {
            let err = settings(v.clone()).unwrap_err();
            assert!(err.contains(want), "{v}: {err}");
        }
        // Neutral values are accepted.
        assert!(settings(json!({"decoder_start_token_id": 0, "do_sample": false, "repetition_penalty": 1.0})).is_ok());
    }

    #[test]
    fn processors_table() {
        let s = settings(json!({"decoder_start_token_id": 9, "eos_token_id": 0, "forced_eos_token_id": 0,
            "max_length": 6, "min_length": 3, "bad_words_ids": [[9], [4, 2]], "forced_bos_token_id": 7}))
        .unwrap();
        // (ids so far, scores that stay finite)
        let cases: [(&[u32], &[usize]); 5] = [
            // After the start: only the forced bos.
            (&[9], &[7]),
            // Two ids (< min_length 3): no eos; 9 always banned.
            (&[9, 7], &[1, 2, 3, 4, 5, 6, 7, 8]),
            // Ends with 4: 2 is banned too.
            (&[9, 7, 4], &[0, 1, 3, 4, 5, 6, 7, 8]),
            (&[9, 7, 4, 1], &[0, 1, 2, 3, 4, 5, 6, 7, 8]),
            // max_length − 1 ids: only eos.
            (&[9, 7, 4, 1, 1], &[0]),
        ];
        for (seq, finite) in cases {
            let mut scores = vec![0.5f32; 10];
            s.process(seq, &mut scores);
            let got: Vec<usize> = (0..10).filter(|&i| scores[i].is_finite()).collect();
            assert_eq!(got, finite, "{seq:?}");
        }
    }

    #[test]
    fn top_k_and_argmax_table() {
        let cases: [(&[f32], usize, &[usize]); 4] = [
            (&[0.1, 0.5, 0.3], 2, &[1, 2]),
            // Ties: the lower index first, as torch's argmax.
            (&[0.5, 0.5, 0.3], 2, &[0, 1]),
            (&[f32::NEG_INFINITY, -1.0, f32::NEG_INFINITY], 2, &[1, 0]),
            (&[3.0, 1.0, 2.0, 4.0], 3, &[3, 0, 2]),
        ];
        for (scores, k, want) in cases {
            let got: Vec<usize> = top_k(scores, k).into_iter().map(|(_, i)| i).collect();
            assert_eq!(got, want, "{scores:?}");
            assert_eq!(top_indices(scores, k), want, "{scores:?}");
            assert_eq!(argmax(scores), want[0], "{scores:?}");
        }
    }

    #[test]
    fn log_softmax_sums_to_one() {
        let mut row = vec![1.0f32, 2.0, 3.0, f32::NEG_INFINITY];
        log_softmax(&mut row);
        let total: f64 = row.iter().map(|&v| (v as f64).exp()).sum();
        assert!((total - 1.0).abs() < 1e-6, "{row:?}");
        assert_eq!(row[3], f32::NEG_INFINITY);
    }
}
