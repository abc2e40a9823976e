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
//! two sentences saying the same thing are not both taken. A purity prior
//! ([`Prior`], `src/lang/common/purity_weights.txt`, fitted by
//! `examples/fit_purity.rs` on gold web pages) says how likely a candidate
//! lies in the article rather than in the page's furniture, from its block's
//! place in the page and its words: a doubtful candidate is picked only when
//! no likelier one is left (docs/purity.md).
//!
//! Determinism: terms are interned to ids in order of first appearance,
//! vectors are sorted by id and every sum runs in a fixed order, so the same
//! input gives the same bits on any machine and thread count.

use crate::blocks::BlockKind;
use crate::body::Container;
use crate::config::{Length, RankConfig};
use crate::lang::{Lang, WordSet, latin1_lower_key, may_hold_cue, normalize_line};
#[cfg(test)]
use crate::segment::Place;
use crate::segment::{Segmented, Sentence, Term, is_tight_closer, letter_run};
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
    pub features: [f64; NF],
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
        let cell = match lang {
            Lang::Fr => &FR,
            Lang::En => &EN,
        };
        cell.get_or_init(|| Weights::parse(lang.files().rank_weights))
    }

    /// `name value` lines; `#` comments; a missing name weighs 0.
    pub fn parse(text: &str) -> Weights {
        let values = named_values(text);
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
#[derive(Default)]
pub struct Candidates {
    /// Indices into the segmented sentences.
    pub index: Vec<usize>,
    pub features: Vec<[f64; NF]>,
    /// TF-IDF cosine of every pair of candidates `a < b`, at `a * n + b`
    /// (the rest is 0): the centrality features and the redundancy of MMR
    /// both read it.
    similarity: Vec<f64>,
}

impl Candidates {
    /// The TF-IDF cosine of candidates `a` and `b` (0 for a candidate and itself).
    pub fn similarity(&self, a: usize, b: usize) -> f64 {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        self.similarity.get(a * self.index.len() + b).copied().unwrap_or(0.0)
    }
}

/// Longer "sentences" are text without punctuation (a dump on one line), not
/// something to quote in a summary.
const MAX_WORDS: usize = 200;

/// Ends with a full stop, a question or exclamation mark or an ellipsis,
/// maybe inside a closing quote or bracket.
fn ends_as_sentence(text: &str) -> bool {
    final_mark(text).ends_with(['.', '!', '?', '…'])
}

/// The text up to its final mark: the quotes and brackets that close the
/// sentence after it ([`is_tight_closer`], as the segmenter reads them) and
/// trailing spaces trimmed.
fn final_mark(text: &str) -> &str {
    text.trim_end_matches(|c: char| c.is_whitespace() || is_tight_closer(c))
}

/// Ends with a question mark, maybe inside a closing quote or bracket.
fn is_question(text: &str) -> bool {
    final_mark(text).ends_with('?')
}

/// A question next to another question: a list of questions (a FAQ box, "Top
/// Questions" above an encyclopedia's article, a quiz) asks, it tells nothing.
/// A question alone in running text may be the article's own (rhetorical, or
/// one it answers next), and stays a statement.
fn among_questions(seg: &Segmented, i: usize) -> bool {
    let asks = |j: usize| seg.sentences.get(j).is_some_and(|s| is_question(&s.text));
    asks(i) && (i.checked_sub(1).is_some_and(asks) || asks(i + 1))
}

/// A statement: it ends as a sentence does, or it reads as running text that
/// lost its final mark (a highlight, a standfirst): six words or more, at
/// least half of them lowercase. A heading, a caption's credit, a dateline
/// or a product's name is mostly capitalised words.
fn statement(s: &Sentence) -> bool {
    if shouted(&s.text) || title_case(&s.text) {
        return false;
    }
    if ends_as_sentence(&s.text) {
        return true;
    }
    let (mut lower, mut all) = (0usize, 0usize);
    for first in s.text.split_whitespace().filter_map(|w| w.chars().find(|c| c.is_alphabetic())) {
        all += 1;
        lower += usize::from(first.is_lowercase());
    }
    s.words >= STATEMENT_WORDS && 2 * lower >= all
}

/// Holds a boilerplate phrase (`contains` in `src/lang/*/cues.txt`: a
/// credit, an affiliate notice, a paywall's prompt), as the body stage
/// drops a short block that holds one: a long block kept whole (a text
/// render's lines run together) may still carry such a sentence. Both
/// languages' phrases: an English notice ends French pages too.
#[cfg(test)]
fn holds_cue(text: &str) -> bool {
    holds_cue_in(&normalize_line(text))
}

/// [`holds_cue`] on a line already normalised ([`normalize_line`]).
fn holds_cue_in(norm: &str) -> bool {
    may_hold_cue(norm) && Lang::ALL.iter().any(|l| l.data().cues.first_contained(norm).is_some())
}

/// Holds a photo caption's own phrase (`caption` in `src/lang/*/cues.txt`:
/// "in this photo", "X, left, and Y"), as a whole word or words: a text
/// render sets a caption between the paragraphs with nothing else to tell it by.
#[cfg(test)]
fn holds_caption(text: &str, lang: Lang) -> bool {
    holds_caption_in(&normalize_line(text), lang)
}

/// [`holds_caption`] on a line already normalised ([`normalize_line`]).
fn holds_caption_in(norm: &str, lang: Lang) -> bool {
    // Most lines hold none of the phrases: one vector search for all of them
    // says so, where a search a phrase cost 2,000 instructions a line.
    if caption_filter(lang).is_some_and(|f| f.find(norm).is_none()) {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    lang.data().cues.captions().any(|(p, f)| {
        f.find_iter(norm.as_bytes()).any(|at| {
            // A phrase that starts or ends with a letter does so at a word's edge.
            let (head, tail) = (&norm[..at], &norm[at + p.len()..]);
            let glued_before = word(p.chars().next()) && word(head.chars().next_back());
            let glued_after = word(p.chars().next_back()) && word(tail.chars().next());
            !glued_before && !glued_after
        })
    })
}

/// One SIMD searcher for all of a language's caption phrases, which finds a
/// match whenever any phrase occurs (`None`: none could be built, and each
/// phrase is searched for).
fn caption_filter(lang: Lang) -> Option<&'static aho_corasick::packed::Searcher> {
    static FR: OnceLock<Option<aho_corasick::packed::Searcher>> = OnceLock::new();
    static EN: OnceLock<Option<aho_corasick::packed::Searcher>> = OnceLock::new();
    let cell = match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let phrases: Vec<&str> = lang.data().cues.captions().map(|(p, _)| p).collect();
        if phrases.is_empty() {
            return None;
        }
        aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(phrases)
            .build()
    })
    .as_ref()
}

/// Mostly capital letters: a banner or a heading ("THIS ARTICLE IS FREE TO
/// READ"), not running text.
fn shouted(text: &str) -> bool {
    // Shouted is `3 * upper >= 7 * lower` (lower: the letters not capitals).
    // Each byte holds at most one capital, and a lowercase ASCII letter is
    // a letter that is not one: past three tenths of the bytes, those alone
    // settle it (most lines), counted eight bytes at a time.
    let bytes = text.as_bytes();
    if 3 * bytes.len() < 10 * ascii_lowercase(bytes) {
        return false;
    }
    let (mut upper, mut letters) = (0usize, 0usize);
    each_props(text, |p| {
        letters += usize::from(p & P_LETTER != 0);
        upper += usize::from(p & P_UPPER != 0);
    });
    letters >= SHOUTED_LETTERS && 10 * upper >= 7 * letters
}

/// Every word capitalised, short ones included ("Is Violence In Sports On The
/// Rise?", "There's No Place Like A Michigan Cider Mill."): a headline in
/// title case, a teaser's, not a sentence of running text, whose function
/// words are lowercase even between names.
fn title_case(text: &str) -> bool {
    let mut words = 0usize;
    for first in text.split_ascii_whitespace().filter_map(|w| w.chars().find(|c| c.is_alphabetic())) {
        // (Running text shows a lowercase word within its first few.)
        if !first.is_uppercase() {
            return false;
        }
        words += 1;
    }
    words >= TITLE_CASE_WORDS
}

/// The fewest words of a line that [`title_case`] judges.
const TITLE_CASE_WORDS: usize = 5;

/// How many bytes of `bytes` are lowercase ASCII letters.
fn ascii_lowercase(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The top bit of each byte of `x` (under 0x80) that is at least `c`.
    let at_least = |x: u64, c: u8| x.wrapping_add(u64::from(0x80 - c) * ONES) & HIGH;
    let count = |x: u64| {
        let low = x & !HIGH;
        let lower = at_least(low, b'a') & !at_least(low, b'z' + 1) & !x;
        // The bytes' sum by a product (`count_ones` is a loop on the x86-64 baseline).
        ((lower >> 7).wrapping_mul(ONES) >> 56) as usize
    };
    let chunks = bytes.chunks_exact(8);
    let mut tail = [0; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    chunks.map(|c| count(u64::from_le_bytes(c.try_into().unwrap_or_default()))).sum::<usize>()
        + count(u64::from_le_bytes(tail))
}

/// The fewest letters of a line that [`shouted`] judges.
const SHOUTED_LETTERS: usize = 12;

/// The fewest words of a statement without a final mark.
const STATEMENT_WORDS: usize = 6;

/// Computes the features of every candidate sentence.
pub fn features(seg: &Segmented, max_candidates: usize) -> Candidates {
    SCRATCH.with_borrow_mut(|scratch| {
        let mut index = std::mem::take(&mut scratch.kept.index);
        index.clear();
        index.extend(
            seg.sentences
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.heading && !s.furniture && (3..=MAX_WORDS).contains(&s.words))
                .map(|(i, _)| i)
                .take(max_candidates),
        );
        features_of(seg, index, scratch)
    })
}

/// Gives the candidates' buffers back to the thread for the next article
/// (each article allocated its own, the similarity matrix zeroed by `calloc`).
fn recycle(c: Candidates) {
    SCRATCH.with_borrow_mut(|scratch| scratch.kept = c);
}

/// [`features`] of the chosen candidates, in the thread's buffers.
fn features_of(seg: &Segmented, index: Vec<usize>, scratch: &mut Scratch) -> Candidates {
    let Scratch { ids, bag, norm, centroid, to_centroid, repeated_of_tf, kept } = scratch;
    let n = index.len();
    bag.fill(seg, &index, ids);
    let Bag { in_title, terms, starts, stats, postings, shared, .. } = bag;
    // Slices, whose bounds stay in registers (a store through one `&mut Vec`
    // could change another's, so the compiler reloads them after each).
    let (in_title, terms, starts): (&[bool], &[u32], &[usize]) = (in_title, terms, starts);
    let (stats, postings): (&[TermStats], &mut [Posting]) = (stats, postings);
    let title_len = {
        let mut distinct = seg.title_terms.clone();
        distinct.sort_unstable();
        distinct.dedup();
        distinct.len()
    };
    // TF-IDF vectors over the postings, which hold the TF-IDF weights and go
    // term by term in id order: each candidate's norm (its terms added in id
    // order, as a sorted sparse vector would), then the weights normalised
    // and summed into the centroid, in candidate order.
    let norm = zeroed(norm, n);
    for p in postings.iter() {
        norm[p.doc as usize] += p.x * p.x;
    }
    for v in norm.iter_mut() {
        *v = v.sqrt();
    }
    let centroid = zeroed(centroid, stats.len());
    for p in postings.iter_mut() {
        let d = norm[p.doc as usize];
        if d > 0.0 {
            p.x /= d;
        }
        centroid[p.term as usize] += p.x;
    }
    // (Every term has a posting, so no entry is left at 0; and adding 0 to
    // this sum of squares, never -0, would change no bit.)
    let mut centroid_norm = 0.0;
    for &c in centroid.iter() {
        centroid_norm += c * c;
    }
    let centroid_norm: f64 = centroid_norm.sqrt();
    if centroid_norm > 0.0 {
        for c in centroid.iter_mut() {
            *c /= centroid_norm;
        }
    }
    let to_centroid = zeroed(to_centroid, n);
    for p in postings.iter() {
        to_centroid[p.doc as usize] += centroid[p.term as usize] * p.x;
    }
    // Dot products, over the terms two candidates or more share: a pair only
    // meets on the terms they share, and each sum still adds its products in
    // id order. Only the pairs `a < b` are stored.
    let mut sim = std::mem::take(&mut kept.similarity);
    zeroed(&mut sim, n * n);
    for &(start, end) in shared.iter() {
        let post = &postings[start as usize..end as usize];
        for (i, a) in post.iter().enumerate() {
            let row = &mut sim[a.doc as usize * n..(a.doc as usize + 1) * n];
            for b in &post[i + 1..] {
                row[b.doc as usize] += a.x * b.x;
            }
        }
    }
    let max_tf = stats.iter().map(|s| s.tf).max().unwrap_or(1).max(1);
    // Each term's share of the document's repetition (feature 13), by term
    // frequency, computed when a candidate first needs it.
    let log_max = (1.0 + f64::from(max_tf)).ln();
    repeated_of_tf.clear();
    repeated_of_tf.resize(max_tf as usize + 1, -1.0); // -1 = not computed yet
    let repeated_of_tf: &mut [f64] = repeated_of_tf;
    let mut repeated = |t: u32| {
        let tf = stats[t as usize].tf;
        let r = &mut repeated_of_tf[tf as usize];
        if *r < 0.0 {
            *r = (1.0 + f64::from(tf.max(1) - 1)).ln() / log_max;
        }
        *r
    };
    let mut features = std::mem::take(&mut kept.features);
    features.clear();
    features.extend(index.iter().enumerate().map(|(k, &i)| {
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
        f[10] = to_centroid[k];
        if n > 1 {
            // The whole matrix's row `k`, summed in order: the column above
            // the diagonal, the diagonal, then the row after it, which is
            // also the sum of feature 12.
            let (mut all, mut after) = (-0.0, -0.0);
            for j in 0..k {
                all += sim[j * n + k];
            }
            let row = &sim[k * n..(k + 1) * n];
            all += row[k];
            for &x in &row[k + 1..] {
                all += x;
                after += x;
            }
            f[11] = all / (n - 1) as f64;
            f[12] = if k + 1 < n { after / (n - k - 1) as f64 } else { 0.0 };
        }
        let d = &terms[starts[k]..starts[k + 1]];
        if !d.is_empty() {
            f[13] = d.iter().map(|&t| repeated(t)).sum::<f64>() / d.len() as f64;
        }
        if !d.is_empty() && title_len > 0 {
            let hits = d.iter().filter(|&&t| in_title[t as usize]).count();
            f[14] = hits as f64 / (d.len() as f64).sqrt() / (title_len as f64).sqrt();
        }
        let surface = surface(&s.text);
        f[15] = surface.numbers;
        f[16] = surface.capitals;
        f[17] = f64::from(u8::from(surface.quote));
        let last = s.text.trim_end().chars().next_back();
        f[18] = f64::from(u8::from(last == Some('?')));
        f[19] = f64::from(u8::from(!matches!(last, Some('.' | '!' | '?' | '»' | '"' | '”' | ')' | '…'))));
        f[20] = f64::from(u8::from(k == 3));
        f[21] = f64::from(u8::from(k == 4));
        f[22] = log_words(s.words);
        f[23] = words * f[3];
        // Similarity to the lead sentence, which states the story's topic.
        f[24] = if k == 0 { 1.0 } else { sim[k] };
        f
    }));
    Candidates { index, features, similarity: sim }
}

/// Feature 22, `ln(1 + words) / ln(91)` with the words capped at 90, from a
/// table made once (a logarithm a candidate was 60 instructions).
fn log_words(words: usize) -> f64 {
    static TABLE: OnceLock<[f64; 91]> = OnceLock::new();
    let table = TABLE.get_or_init(|| std::array::from_fn(|w| (1.0 + w as f64).ln() / 91f64.ln()));
    table[words.min(90)]
}

/// `v` as `len` zeros.
fn zeroed(v: &mut Vec<f64>, len: usize) -> &mut [f64] {
    // The buffer only grows; its first `len` values are zeroed by `fill`, one
    // `memset` (`resize` wrote a value at a time).
    if v.len() < len {
        v.resize(len, 0.0);
    }
    let v = &mut v[..len];
    v.fill(0.0);
    v
}

/// Buffers of [`features`], kept by each thread from one article to the
/// next instead of allocated for each.
#[derive(Default)]
struct Scratch {
    ids: LocalIds,
    bag: Bag,
    norm: Vec<f64>,
    centroid: Vec<f64>,
    to_centroid: Vec<f64>,
    repeated_of_tf: Vec<f64>,
    /// The last article's candidates, whose buffers the next one takes.
    kept: Candidates,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// The candidates' terms, as ids local to the article (in order of first
/// appearance), both ways: each candidate's terms as written, and each
/// term's postings (the candidates holding it, in order).
#[derive(Default)]
struct Bag {
    /// Per term: whether the title holds it.
    in_title: Vec<bool>,
    /// Every candidate's term ids, one after the other; candidate `k` is `terms[starts[k]..starts[k + 1]]`.
    terms: Vec<u32>,
    starts: Vec<usize>,
    stats: Vec<TermStats>,
    /// Each candidate's distinct terms with their counts, in order of appearance.
    entries: Vec<Entry>,
    /// The postings of each term in id order, each term's in candidate order.
    postings: Vec<Posting>,
    /// The range in `postings` of each term two candidates or more hold, in id order.
    shared: Vec<(u32, u32)>,
    /// Inverse document frequency by document frequency (0 = not computed yet: an idf is at least 1).
    idf_of_df: Vec<f64>,
}

struct TermStats {
    /// Candidates holding the term (document frequency).
    df: u32,
    /// Occurrences in the candidates.
    tf: u32,
    /// While the bag fills, 1 + the term's latest entry (0 = none); then
    /// where its postings end.
    end: u32,
    /// The term itself, to clear its local id after the article.
    term: Term,
}

/// A candidate's count of a term.
struct Entry {
    term: u32,
    doc: u32,
    count: u32,
}

/// Each term's id in the article being ranked: a table indexed by the term
/// (the thread's terms are numbered densely from 0, see `segment`), where a
/// hash map cost most of the interning. Terms past the table, which
/// `segment` does not make, go to a map.
#[derive(Default)]
struct LocalIds {
    /// Term → 1 + its id (0 = not met in this article).
    table: Vec<u32>,
    others: FxHashMap<Term, u32>,
}

impl LocalIds {
    const TABLE_MAX: usize = 1 << 20;

    /// The term's id, `next` if it is new.
    fn intern(&mut self, term: Term, next: u32) -> u32 {
        let i = term as usize;
        if i >= Self::TABLE_MAX {
            return *self.others.entry(term).or_insert(next);
        }
        if i >= self.table.len() {
            self.table.resize((i + 1).next_power_of_two().min(Self::TABLE_MAX), 0);
        }
        let slot = &mut self.table[i];
        if *slot == 0 {
            *slot = next + 1;
        }
        *slot - 1
    }

    fn get(&self, term: Term) -> Option<u32> {
        match self.table.get(term as usize) {
            Some(&slot) => slot.checked_sub(1),
            None => self.others.get(&term).copied(),
        }
    }

    /// Forgets the article's terms (all of them: the others are not set).
    fn clear(&mut self, terms: impl Iterator<Item = Term>) {
        for term in terms {
            if let Some(slot) = self.table.get_mut(term as usize) {
                *slot = 0;
            }
        }
        self.others.clear();
    }
}

/// A candidate holding a term, and the term's TF-IDF weight there (then normalised).
#[derive(Clone, Copy)]
struct Posting {
    doc: u32,
    term: u32,
    x: f64,
}

impl Bag {
    /// The bag of the candidates `index`, in place of the previous article's.
    fn fill(&mut self, seg: &Segmented, index: &[usize], ids: &mut LocalIds) {
        let Bag { terms, starts, stats, entries, .. } = self;
        terms.clear();
        starts.clear();
        stats.clear();
        entries.clear();
        starts.push(0);
        // The vectors the loop grows, as locals: their lengths then stay in
        // registers (through `&mut` fields they were stored and reloaded at each push).
        let (mut all, mut new, mut counts) = (std::mem::take(terms), std::mem::take(stats), std::mem::take(entries));
        let (terms, stats, entries) = (&mut all, &mut new, &mut counts);
        for (k, &i) in index.iter().enumerate() {
            let first_entry = entries.len() as u32;
            for &term in &seg.sentences[i].terms {
                let next = stats.len() as u32;
                let t = ids.intern(term, next);
                if t == next {
                    stats.push(TermStats { df: 0, tf: 0, end: 0, term });
                }
                let s = &mut stats[t as usize];
                s.tf += 1;
                if s.end > first_entry {
                    entries[s.end as usize - 1].count += 1;
                } else {
                    s.df += 1;
                    entries.push(Entry { term: t, doc: k as u32, count: 1 });
                    s.end = entries.len() as u32;
                }
                terms.push(t);
            }
            starts.push(terms.len());
        }
        (self.terms, self.stats, self.entries) = (all, new, counts);
        let Bag { in_title, stats, entries, postings, shared, idf_of_df, .. } = self;
        in_title.clear();
        in_title.resize(stats.len(), false);
        for term in &seg.title_terms {
            if let Some(t) = ids.get(*term) {
                in_title[t as usize] = true;
            }
        }
        ids.clear(stats.iter().map(|s| s.term));
        // Postings by a counting sort of the entries on their term: each
        // term's `end` starts where its postings start and moves past each.
        // A posting's weight is the count times the term's idf (`ln` runs
        // once per distinct document frequency).
        let n = index.len();
        idf_of_df.clear();
        idf_of_df.resize(n + 1, 0.0);
        shared.clear();
        let mut sum = 0;
        for s in stats.iter_mut() {
            s.end = sum;
            sum += s.df;
            if s.df > 1 {
                shared.push((s.end, sum));
            }
        }
        // Every posting is written below: only new room is filled first.
        postings.truncate(entries.len());
        postings.resize(entries.len(), Posting { doc: 0, term: 0, x: 0.0 });
        let (stats, postings, idf_of_df): (&mut [TermStats], &mut [Posting], &mut [f64]) = (stats, postings, idf_of_df);
        for e in entries.iter() {
            let s = &mut stats[e.term as usize];
            let idf = &mut idf_of_df[s.df as usize];
            if *idf == 0.0 {
                *idf = (n as f64 / f64::from(s.df.max(1))).ln() + 1.0;
            }
            postings[s.end as usize] = Posting { doc: e.doc, term: e.term, x: f64::from(e.count) * *idf };
            s.end += 1;
        }
    }
}

/// What [`surface`] finds in a sentence's characters.
struct Surface {
    /// Fraction of words holding a digit.
    numbers: f64,
    /// Fraction of words after the first that start with a capital (names,
    /// places, organisations).
    capitals: f64,
    /// Whether it holds a quotation mark.
    quote: bool,
}

/// Classes of characters for [`surface`], as bits: a word's classes are or-ed together.
const SPACE: u8 = 1;
const DIGIT: u8 = 2;
const LOWER: u8 = 4;
const UPPER: u8 = 8;
const QUOTE: u8 = 16;
const ALNUM: u8 = DIGIT | LOWER | UPPER;
const ASCII_CLASS: [u8; 128] = {
    let mut class = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        class[b] = match b as u8 {
            // `char::is_whitespace` on ASCII (with the vertical tab, unlike `u8::is_ascii_whitespace`).
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => SPACE,
            b'0'..=b'9' => DIGIT,
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'"' => QUOTE,
            _ => 0,
        };
        b += 1;
    }
    class
};

/// [`ASCII_CLASS`] for every byte, with whitespace and the bytes of multi-byte
/// characters marked to end the tight loop over a word's ASCII bytes.
const STOP: u8 = 128;
const BYTE_CLASS: [u8; 256] = {
    let mut class = [STOP; 256];
    let mut b = 0;
    while b < 128 {
        class[b] = if ASCII_CLASS[b] == SPACE { STOP } else { ASCII_CLASS[b] };
        b += 1;
    }
    class
};

/// One pass over the characters, a word at a time: a word is a run without
/// whitespace; its first letter or digit tells whether it is capitalised.
fn surface(text: &str) -> Surface {
    let bytes = text.as_bytes();
    let (mut words, mut digits, mut caps, mut seen) = (0usize, 0usize, 0usize, 0u8);
    let mut at = 0;
    'text: loop {
        let mut class = loop {
            match next_class(text, &mut at) {
                None => break 'text,
                Some(SPACE) => {}
                Some(class) => break class,
            }
        };
        words += 1;
        let mut word = class;
        'word: {
            while class & ALNUM == 0 {
                match next_class(text, &mut at) {
                    None | Some(SPACE) => break 'word,
                    Some(next) => (class, word) = (next, word | next),
                }
            }
            caps += usize::from(words > 1 && class == UPPER);
            // The rest of the word: a tight loop over its ASCII bytes, after
            // its first ASCII letters, eight at a time (a letter's class adds
            // nothing past the first: only digits and quotes count).
            at += letter_run(bytes, at);
            loop {
                match bytes.get(at) {
                    Some(&b) if BYTE_CLASS[usize::from(b)] & STOP == 0 => {
                        word |= BYTE_CLASS[usize::from(b)];
                        at += 1;
                    }
                    _ => match next_class(text, &mut at) {
                        None | Some(SPACE) => break 'word,
                        Some(next) => word |= next,
                    },
                }
            }
        }
        digits += usize::from(word & DIGIT != 0);
        seen |= word;
    }
    let (numbers, capitals) =
        if words == 0 { (0.0, 0.0) } else { (digits as f64 / words as f64, caps as f64 / words as f64) };
    Surface { numbers, capitals, quote: seen & QUOTE != 0 }
}

/// The class of the character at `at`, which it steps over; `None` at the end.
#[inline(always)]
fn next_class(text: &str, at: &mut usize) -> Option<u8> {
    let b = *text.as_bytes().get(*at)?;
    if b.is_ascii() {
        *at += 1;
        return Some(ASCII_CLASS[usize::from(b)]);
    }
    let c = text.get(*at..)?.chars().next()?;
    *at += c.len_utf8();
    Some(char_class(c))
}

/// The class of a character beyond ASCII (never a digit: numbers are ASCII
/// digits). Accented Latin letters and the punctuation block (apostrophes,
/// dashes, quotes, narrow spaces) are read from a table made once with the
/// same predicates: they are most of what is not ASCII in news text.
fn char_class(c: char) -> u8 {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    by_table(&TABLE, c, char_class_of)
}

/// `of(c)`, read for accented Latin letters and the punctuation block from
/// `table`, filled by `of` at first use (most of what is not ASCII in news text).
fn by_table(table: &OnceLock<Vec<u8>>, c: char, of: fn(char) -> u8) -> u8 {
    const LATIN: std::ops::Range<u32> = 0x80..0x300;
    const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2070;
    let table =
        || table.get_or_init(|| LATIN.chain(PUNCTUATION).map(|u| of(char::from_u32(u).unwrap_or(' '))).collect());
    let u = u32::from(c);
    if LATIN.contains(&u) {
        table()[(u - LATIN.start) as usize]
    } else if PUNCTUATION.contains(&u) {
        table()[(u - PUNCTUATION.start) as usize + LATIN.len()]
    } else {
        of(c)
    }
}

/// [`char_class`] from Unicode's properties.
fn char_class_of(c: char) -> u8 {
    if c.is_whitespace() {
        SPACE
    } else if matches!(c, '«' | '»' | '"' | '“' | '”') {
        QUOTE
    } else if c.is_ascii_digit() {
        DIGIT
    } else if !c.is_alphanumeric() {
        0
    } else if c.is_uppercase() {
        UPPER
    } else {
        LOWER
    }
}

/// The purity prior's features, as in `src/lang/common/purity_weights.txt`:
/// where the sentence's block sits in the page (see [`crate::segment::Place`]),
/// the sentence's shape and words, and a few of the ranking features.
pub const PRIOR_FEATURES: [&str; 33] = [
    "first_block",
    "first_block_x_dropped",
    "after_title",
    "before_byline",
    "context",
    "alone",
    "dropped_before",
    "dropped_after",
    "page_dropped",
    "block_position",
    "last_block",
    "first_in_block",
    "log_words",
    "short",
    "stopwords",
    "you",
    "we",
    "imperative",
    "numbers",
    "capitals",
    "quote",
    "question",
    "unfinished",
    "symbols",
    "centrality",
    "degree",
    "title",
    "lead_similarity",
    // Kept though outside the article's container (HTML: a standfirst in the page's header).
    "outside",
    // Text set loose in a <div> or a <section> (HTML), not in a paragraph: a widget's or a card's text.
    "loose_text",
    // A word that describes a photo ("pictured", "attends", "courtesy"): a caption, which
    // a text render sets between the paragraphs with nothing to tell it apart.
    "caption",
    // A word that presents a writer ("journalist", "correspondent", "graduated"): a bio.
    "bio",
    // A list's item (its bullet or number dropped): a list of teasers, or the article's own list.
    "listed",
];
const NP: usize = PRIOR_FEATURES.len();

/// The purity prior: a logistic model of "this sentence lies in the
/// article's main text" (page furniture, marketing, a bio or a standfirst
/// that the article leaves out do not), fitted by `examples/fit_purity.rs`.
#[derive(Debug, Clone)]
pub struct Prior {
    pub intercept: f64,
    /// One weight per feature, in the order of [`PRIOR_FEATURES`].
    pub weights: [f64; NP],
    /// Under this probability a sentence is picked only when no likelier one is left.
    pub threshold: f64,
}

/// A weights file's `name value` lines (`#` comments; a line that does not
/// parse is skipped, and a missing name then weighs 0).
fn named_values(text: &str) -> FxHashMap<&str, f64> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.trim().split_once(char::is_whitespace))
        .filter_map(|(k, v)| Some((k.trim(), v.trim().parse().ok()?)))
        .collect()
}

impl Prior {
    /// The fitted prior (one for both languages: its words come from each language's `address.txt`).
    pub fn fitted() -> &'static Prior {
        static PRIOR: OnceLock<Prior> = OnceLock::new();
        PRIOR.get_or_init(|| Prior::parse(crate::lang::COMMON.purity_weights))
    }

    /// `name value` lines; `#` comments; a missing name weighs 0.
    pub fn parse(text: &str) -> Prior {
        let values = named_values(text);
        let get = |k: &str| values.get(k).copied().unwrap_or(0.0);
        Prior {
            intercept: get("intercept"),
            weights: std::array::from_fn(|i| get(PRIOR_FEATURES[i])),
            threshold: get("threshold"),
        }
    }

    /// The probability that a sentence with these features lies in the article.
    pub fn probability(&self, x: &[f64; NP]) -> f64 {
        logistic(self.intercept + x.iter().zip(&self.weights).map(|(x, w)| x * w).sum::<f64>())
    }

    /// Whether candidate `k` falls under the threshold, as
    /// `probability(&prior_features(..)) < threshold` says. Its place and
    /// shape are read first, the words' features (each a share or a flag,
    /// in 0..=1) left at 0: when the words' most and least weight cannot
    /// move the sum across the threshold, they are not read. Then the cheap
    /// ones are read, the call to action (the first word's) and the share
    /// of symbols, and the bounds asked again: on the English dev articles
    /// these settle 98% of the candidates whose place left them in doubt,
    /// where reading every word cost 4,000 instructions a candidate.
    fn doubts(&self, seg: &Segmented, c: &Candidates, k: usize, lang: Lang) -> bool {
        let mut x = place_features(seg, c, k);
        let mut z = self.intercept + x.iter().zip(&self.weights).map(|(x, w)| x * w).sum::<f64>();
        if let Some(settled) = self.settles(z, WORD_FEATURES.into_iter()) {
            return settled;
        }
        let text = &seg.sentences[c.index[k]].text;
        x[IMPERATIVE] = f64::from(u8::from(opens_call(text, lang)));
        x[SYMBOLS] = symbols(text);
        z += x[IMPERATIVE] * self.weights[IMPERATIVE] + x[SYMBOLS] * self.weights[SYMBOLS];
        if let Some(settled) = self.settles(z, WORD_FEATURES.into_iter().filter(|&i| i != IMPERATIVE && i != SYMBOLS)) {
            return settled;
        }
        word_features(&mut x, text, lang);
        self.probability(&x) < self.threshold
    }

    /// Whether a candidate whose features but `open` (indices into
    /// [`PRIOR_FEATURES`], each in 0..=1) add to `z` falls under the
    /// threshold, when the open ones' least and most weight agree on it.
    fn settles(&self, z: f64, open: impl Iterator<Item = usize>) -> Option<bool> {
        let (mut least, mut most) = (0.0, 0.0);
        for w in open.filter_map(|i| self.weights.get(i)) {
            if *w < 0.0 {
                least += w;
            } else {
                most += w;
            }
        }
        // The margin covers the rounding of sums in another order (about
        // 1e-14 on thirty terms of a few units).
        const MARGIN: f64 = 1e-9;
        if logistic(z + most + MARGIN) < self.threshold {
            return Some(true);
        }
        if logistic(z + least - MARGIN) >= self.threshold {
            return Some(false);
        }
        None
    }
}

fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The words of `address.txt`: the second person, the first person plural,
/// the verbs that open a call to action, and the words of captions and bios.
struct Address {
    /// Word → its classes ([`Address::YOU`], [`Address::WE`], [`Address::IMPERATIVE`], …):
    /// one lookup a word, where three sets took three (the prior runs on every pick),
    /// by the word's key (no string hashed or compared, as for the stopwords).
    words: WordSet,
}

impl Address {
    const YOU: u8 = 1;
    const WE: u8 = 2;
    const IMPERATIVE: u8 = 4;
    const CAPTION: u8 = 8;
    const BIO: u8 = 16;

    fn for_lang(lang: Lang) -> &'static Address {
        static FR: OnceLock<Address> = OnceLock::new();
        static EN: OnceLock<Address> = OnceLock::new();
        let cell = match lang {
            Lang::Fr => &FR,
            Lang::En => &EN,
        };
        cell.get_or_init(|| {
            let mut words: FxHashMap<String, u8> = FxHashMap::default();
            for line in lang.files().address.lines().filter(|l| !l.trim_start().starts_with('#')) {
                let Some((kind, word)) = line.trim().split_once(char::is_whitespace) else { continue };
                let class = match kind {
                    "you" => Address::YOU,
                    "we" => Address::WE,
                    "imperative" => Address::IMPERATIVE,
                    "caption" => Address::CAPTION,
                    "bio" => Address::BIO,
                    _ => continue,
                };
                *words.entry(word.trim().to_string()).or_default() |= class;
            }
            Address { words: WordSet::with_values(words.iter().map(|(w, &c)| (w.as_str(), c))) }
        })
    }

    /// The classes of a lower-cased word (0: none).
    fn classes(&self, word: &str) -> u8 {
        self.words.get(word.as_bytes(), false).unwrap_or(0)
    }

    /// The classes of the word whose lowercase has the key `key` (see [`latin1_lower_key`]).
    #[inline]
    fn classes_of_key(&self, key: (u64, u64)) -> u8 {
        self.words.get_key(key).unwrap_or(0)
    }
}

/// The purity prior's features of candidate `k` (see [`PRIOR_FEATURES`]).
pub fn prior_features(seg: &Segmented, c: &Candidates, k: usize, lang: Lang) -> [f64; NP] {
    let mut x = place_features(seg, c, k);
    word_features(&mut x, &seg.sentences[c.index[k]].text, lang);
    x
}

/// The features of [`PRIOR_FEATURES`] that [`word_features`] reads in the
/// sentence's characters, each in `0..=1`: the shares of stopwords, of the
/// second person and of the first person plural, the call to action, the
/// share of symbols, a caption's and a bio's word.
const WORD_FEATURES: [usize; 7] = [14, 15, 16, IMPERATIVE, SYMBOLS, 30, 31];
/// The call to action and the share of symbols in [`PRIOR_FEATURES`].
const IMPERATIVE: usize = 17;
const SYMBOLS: usize = 23;

/// [`prior_features`] but those of [`WORD_FEATURES`] (left at 0): where the
/// sentence's block sits, its shape, and a few of the ranking features.
fn place_features(seg: &Segmented, c: &Candidates, k: usize) -> [f64; NP] {
    let s = &seg.sentences[c.index[k]];
    let f = &c.features[k];
    let place = seg.places.get(s.block).copied().unwrap_or_default();
    let blocks = seg.places.len().max(1);
    let mut x = [0.0; NP];
    let first = s.block == 0;
    x[0] = f64::from(u8::from(first));
    x[1] = if first { seg.dropped } else { 0.0 };
    x[2] = f64::from(u8::from(place.after_title));
    x[3] = f64::from(u8::from(place.before_byline));
    x[4] = f64::from(u8::from(place.context));
    let alone = s.in_block == 0 && seg.sentences.get(c.index[k] + 1).is_none_or(|next| next.block != s.block);
    x[5] = f64::from(u8::from(alone));
    x[6] = (1.0 + place.dropped_before as f64).ln();
    x[7] = (1.0 + place.dropped_after as f64).ln();
    x[8] = seg.dropped;
    x[9] = if blocks > 1 { s.block as f64 / (blocks - 1) as f64 } else { 0.0 };
    x[10] = f64::from(u8::from(blocks > 1 && s.block + 1 == blocks));
    x[11] = f64::from(u8::from(s.in_block == 0));
    x[12] = f[22];
    x[13] = f[9];
    x[18] = f[15];
    x[19] = f[16];
    x[20] = f[17];
    x[21] = f[18];
    x[22] = f[19];
    x[24] = f[10];
    x[25] = f[11];
    x[26] = f[14];
    x[27] = f[24];
    x[28] = f64::from(u8::from(place.container == Container::Outside));
    x[29] = f64::from(u8::from(place.kind == Some(BlockKind::Container)));
    x[32] = f64::from(u8::from(s.listed));
    x
}

/// The features of [`WORD_FEATURES`], read in the sentence's text.
fn word_features(x: &mut [f64; NP], text: &str, lang: Lang) {
    let words = Words::of(text, lang);
    x[14] = words.stopwords;
    x[15] = words.you;
    x[16] = words.we;
    x[17] = f64::from(u8::from(words.imperative));
    x[23] = symbols(text);
    x[30] = words.caption;
    x[31] = words.bio;
}

/// What [`prior_features`] reads in a sentence's words.
struct Words {
    /// Shares of the words: stopwords, the second person, the first person plural.
    stopwords: f64,
    you: f64,
    we: f64,
    /// Whether a word of a caption, of a bio, is among them (1 or 0).
    caption: f64,
    bio: f64,
    /// The first word opens a call to action.
    imperative: bool,
}

impl Words {
    fn of(text: &str, lang: Lang) -> Words {
        let (mut n, mut stop, mut you, mut we, mut imperative) = (0usize, 0usize, 0usize, 0usize, false);
        let (mut caption, mut bio) = (0usize, 0usize);
        each_word(text, lang, |classes, stopword, head_you| {
            if n == 0 {
                imperative = classes & Address::IMPERATIVE != 0;
            }
            n += 1;
            stop += usize::from(stopword);
            you += usize::from(classes & Address::YOU != 0 || head_you);
            we += usize::from(classes & Address::WE != 0);
            caption += usize::from(classes & Address::CAPTION != 0);
            bio += usize::from(classes & Address::BIO != 0);
            true
        });
        let share = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
        Words {
            stopwords: share(stop),
            you: share(you),
            we: share(we),
            caption: f64::from(u8::from(caption > 0)),
            bio: f64::from(u8::from(bio > 0)),
            imperative,
        }
    }
}

/// Whether the first word of `text` opens a call to action ([`Words::imperative`]).
fn opens_call(text: &str, lang: Lang) -> bool {
    let mut imperative = false;
    each_word(text, lang, |classes, _, _| {
        imperative = classes & Address::IMPERATIVE != 0;
        false
    });
    imperative
}

/// Calls `f` with each word of `text` (its letters, digits and apostrophes),
/// as its [`Address`] classes, whether it is a stopword, and whether its
/// elided head is the second person ("t'aider"), while `f` says to go on.
fn each_word(text: &str, lang: Lang, mut f: impl FnMut(u8, bool, bool) -> bool) {
    let (data, address) = (lang.data(), Address::for_lang(lang));
    let mut buf = String::new();
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        let word = word.trim_end_matches(['\'', '’']);
        if word.is_empty() {
            continue;
        }
        let bytes = word.as_bytes();
        // Most words are ASCII or Latin-1, whose lowercase's key is read
        // on their bytes: no lowercase copy (an apostrophe is then `'`).
        let (classes, stopword, head_you) = match latin1_lower_key(bytes) {
            Some(key) => {
                let head_you = match bytes.iter().position(|&b| b == b'\'') {
                    Some(at) if at + 1 < bytes.len() => latin1_lower_key(bytes.get(..=at).unwrap_or_default())
                        .is_some_and(|head| address.classes_of_key(head) & Address::YOU != 0),
                    _ => false,
                };
                (address.classes_of_key(key), data.is_stopword_key(key, bytes.len()), head_you)
            }
            None => {
                buf.clear();
                buf.extend(word.chars().flat_map(char::to_lowercase).map(|c| if c == '’' { '\'' } else { c }));
                let lower = buf.as_str();
                // A French elision ("t'aider", "l'homme") counts by its first part.
                let head = lower.split_inclusive('\'').next().unwrap_or(lower);
                let head_you = head.len() < lower.len() && address.classes(head) & Address::YOU != 0;
                (address.classes(lower), data.is_stopword(lower), head_you)
            }
        };
        if !f(classes, stopword, head_you) {
            return;
        }
    }
}

/// The share of a sentence's visible characters that are neither letters,
/// digits nor common punctuation: emoji, bullets, pipes, trademark signs.
fn symbols(text: &str) -> f64 {
    let (mut odd, mut all) = (0usize, 0usize);
    each_props(text, |p| {
        all += usize::from(p & P_SPACE == 0);
        odd += usize::from(p & (P_SPACE | P_COMMON) == 0);
    });
    if all == 0 { 0.0 } else { odd as f64 / all as f64 }
}

/// What [`shouted`] and [`symbols`] ask of a character, as bits: whitespace,
/// common (a letter, a digit or the punctuation of running text), a letter
/// (alphabetic), a capital letter.
const P_SPACE: u8 = 1;
const P_COMMON: u8 = 2;
const P_LETTER: u8 = 4;
const P_UPPER: u8 = 8;

/// The bits of a character's properties.
const fn pack_props(space: bool, common: bool, letter: bool, upper: bool) -> u8 {
    (if space { P_SPACE } else { 0 })
        | (if common { P_COMMON } else { 0 })
        | (if letter { P_LETTER } else { 0 })
        | (if upper { P_UPPER } else { 0 })
}

/// [`props_of`] the ASCII characters, a table made at compile time.
static ASCII_PROPS: [u8; 128] = {
    let mut table = [0; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        let space = matches!(b, b' ' | b'\t'..=b'\r');
        let common = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"' | b'(' | b')' | b'-' | b'%' | b'$' | b'/' | b'&'
            );
        table[i] = pack_props(space, common, b.is_ascii_alphabetic(), b.is_ascii_uppercase());
        i += 1;
    }
    table
};

/// The properties of a character beyond ASCII (see [`P_SPACE`]): accented
/// Latin letters and the punctuation block, most of what is not ASCII in
/// news text, from a table made once by [`props_by_unicode`].
fn props_of(c: char) -> u8 {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    by_table(&TABLE, c, props_by_unicode)
}

/// [`props_of`] from Unicode's properties.
fn props_by_unicode(c: char) -> u8 {
    let common = c.is_alphanumeric()
        || matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '\''
                | '’'
                | '"'
                | '«'
                | '»'
                | '“'
                | '”'
                | '('
                | ')'
                | '-'
                | '–'
                | '—'
                | '%'
                | '$'
                | '€'
                | '£'
                | '/'
                | '&'
                | '…'
        );
    let letter = c.is_alphabetic();
    pack_props(c.is_whitespace(), common, letter, letter && c.is_uppercase())
}

/// Calls `f` on the properties of each character of `text` (see
/// [`P_SPACE`]), an ASCII one's from a table without decoding it: most of
/// news text is ASCII, and `chars` with Unicode's predicates were most of
/// the cost of [`shouted`] and [`symbols`].
#[inline(always)]
fn each_props(text: &str, mut f: impl FnMut(u8)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if let Some(&p) = ASCII_PROPS.get(usize::from(b)) {
            f(p);
            i += 1;
        } else {
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else { break };
            f(props_of(c));
            i += c.len_utf8();
        }
    }
}

/// Scores the sentences and picks the summary.
pub fn rank(seg: &Segmented, lang: Lang, cfg: &RankConfig) -> Ranked {
    rank_with_prior(seg, lang, Weights::for_lang(lang), Some(Prior::fitted()), cfg)
}

/// [`rank`] with given weights and no purity prior (for fitting the weights).
pub fn rank_with(seg: &Segmented, w: &Weights, cfg: &RankConfig) -> Ranked {
    rank_with_prior(seg, Lang::En, w, None, cfg)
}

/// [`rank`] with given weights and purity prior (for fitting them).
pub fn rank_with_prior(seg: &Segmented, lang: Lang, w: &Weights, prior: Option<&Prior>, cfg: &RankConfig) -> Ranked {
    let c = features(seg, cfg.max_candidates);
    let n = c.index.len();
    if n == 0 {
        recycle(c);
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
            Scored { index, score, position: f[3], centrality: f[10], title: f[14], features: *f }
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
    // A key point is a statement (see [`statement`]) without a boilerplate
    // phrase (see [`holds_cue`]) that the purity prior (see [`Prior`]) finds
    // likely to lie in the article; all three are asked only of the best
    // candidate left (a few sentences an article, where asking every
    // candidate first cost a sixth of the ranking). The other candidates (a
    // caption's credit, a dateline, a product's name, a list's label, a
    // standfirst or a blurb that the body kept) still shape the scores (the
    // article's centroid, each sentence's rank), as the weights were fitted
    // with them, but are picked only when nothing likelier is left: first
    // the statements the prior doubts, then, for a text without any
    // statement, anything, read as it is.
    // (`None`: not asked yet; else the tier, 0 the likeliest.)
    let mut tier: Vec<Option<u8>> = vec![None; n];
    let mut allowed = 0;
    let mut words = 0;
    while !cfg.lead && chosen.len() < target.min(n) {
        let best = (0..n)
            .filter(|&k| tier[k].is_none_or(|t| t <= allowed))
            .filter(|k| !chosen.contains(k))
            .map(|k| {
                let redundancy = chosen.iter().map(|&j| c.similarity(k, j)).fold(0.0, f64::max);
                (k, w.mmr_lambda * scores[k].score - (1.0 - w.mmr_lambda) * redundancy)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let k = match best {
            Some((k, _)) => k,
            None if allowed == 0 || (allowed == 1 && chosen.is_empty()) => {
                allowed += 1;
                continue;
            }
            None => break,
        };
        let t = *tier[k].get_or_insert_with(|| {
            let s = &seg.sentences[c.index[k]];
            // Code (a `<pre>` block) states nothing of the article in words.
            let code = seg.places.get(s.block).is_some_and(|p| p.kind == Some(BlockKind::Preformatted));
            if code || !statement(s) || among_questions(seg, c.index[k]) || {
                // (One normalised line for both phrase checks.)
                let norm = normalize_line(&s.text);
                holds_cue_in(&norm) || holds_caption_in(&norm, lang)
            } {
                2
            } else if prior.is_some_and(|p| p.doubts(seg, &c, k, lang)) {
                1
            } else {
                0
            }
        });
        if t > allowed {
            continue;
        }
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
    recycle(c);
    Ranked { picked, scores }
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
                        listed: false,
                        words,
                        terms,
                    }
                })
                .collect(),
            title_terms: Vec::new(),
            places: Vec::new(),
            dropped: 0.0,
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
    fn statements_table() {
        // (text, language, a statement)
        let table = [
            ("Le conseil municipal a voté le budget mardi soir.", Lang::Fr, true),
            ("« Nous n'avons pas le choix », a dit la maire.", Lang::Fr, true),
            ("le conseil a voté le budget après un long débat", Lang::Fr, true),
            ("Crédit photo Jean Dupont/Le Journal", Lang::Fr, false),
            ("Orléans, Loiret ; mercredi 21 h", Lang::Fr, false),
            ("Ces élus qui ont voté contre le budget de la ville", Lang::Fr, true),
            ("CET ARTICLE EST RÉSERVÉ AUX ABONNÉS.", Lang::Fr, false),
            ("The city council approved the budget on Tuesday.", Lang::En, true),
            ("He will pay back the whole sum out of his pension pot", Lang::En, true),
            ("Olena Shmahalo/Quanta Magazine", Lang::En, false),
            ("Oxford, Mississippi; Wednesday, 9 p.m. EST", Lang::En, false),
            ("Best Overall Backpacking Backpack", Lang::En, false),
            ("Your Video Will Play In 00:25", Lang::En, false),
            ("THIS ARTICLE IS FREE TO READ REGISTER TO UNLOCK.", Lang::En, false),
            ("The U.S. and NATO agreed.", Lang::En, true),
            // A teaser's headline in title case, whatever its final mark.
            ("Is Violence In Sports On The Rise?", Lang::En, false),
            ("There's No Place Like A Michigan Cider Mill.", Lang::En, false),
            ("Prime Minister Boris Johnson And Jeremy Corbyn Meet.", Lang::En, false),
            ("Prime Minister Boris Johnson and Labour's Jeremy Corbyn met.", Lang::En, true),
            ("Emmanuel Macron Et Olaf Scholz Signent Un Traité.", Lang::Fr, false),
            ("Emmanuel Macron et Olaf Scholz ont signé un traité.", Lang::Fr, true),
        ];
        for (text, lang, want) in table {
            let s = seg(&[text], lang);
            assert_eq!(statement(&s.sentences[0]), want, "{text}");
        }
    }

    #[test]
    fn furniture_is_never_picked() {
        // Captions' credits, datelines and product names score as candidates but are not picked.
        for (texts, lang) in [(FR, Lang::Fr), (EN, Lang::En)] {
            let mut all: Vec<&str> =
                vec!["Olena Shmahalo/Quanta Magazine", "Oxford, Mississippi; Wednesday, 9 p.m. EST"];
            all.extend(texts);
            let s = seg(&all, lang);
            let r = rank(&s, lang, &RankConfig { length: Length::Sentences(6), ..RankConfig::default() });
            assert_eq!(r.scores.len(), 7);
            assert_eq!(r.picked, vec![2, 3, 4, 5, 6], "{lang}");
        }
        // A statement that holds a boilerplate phrase of either language is not picked either.
        for (notice, texts, lang) in [
            ("Cet article est réservé aux abonnés, connectez-vous.", FR, Lang::Fr),
            ("If you buy something through our links, we may earn commission.", EN, Lang::En),
        ] {
            let mut all = vec![notice];
            all.extend(texts);
            let r = rank(&seg(&all, lang), lang, &RankConfig { length: Length::Sentences(6), ..RankConfig::default() });
            assert_eq!(r.picked, vec![1, 2, 3, 4, 5], "{lang}");
        }
        // A text without any statement is still summarized.
        let s = seg(&["Best Overall Backpacking Backpack", "Best Value Sleeping Pad"], Lang::En);
        assert_eq!(rank(&s, Lang::En, &RankConfig::default()).picked.len(), 2);
    }

    #[test]
    fn address_words_table() {
        // (text, language, share of "you" words, of "we" words, opens on a call to action)
        let table = [
            ("Découvrez nos offres et abonnez-vous à votre lettre.", Lang::Fr, 1.0 / 8.0, 1.0 / 8.0, true),
            ("Nous vous proposons de t'aider.", Lang::Fr, 2.0 / 5.0, 1.0 / 5.0, false),
            ("Le conseil municipal a voté le budget.", Lang::Fr, 0.0, 0.0, false),
            ("Learn how we compare your options.", Lang::En, 1.0 / 6.0, 1.0 / 6.0, true),
            ("You're one of us, aren't you?", Lang::En, 2.0 / 6.0, 1.0 / 6.0, false),
            ("The city council approved the budget.", Lang::En, 0.0, 0.0, false),
            // Capitals, a curly apostrophe and a word beyond Latin-1 take the lowercase copy.
            ("DÉCOUVREZ l’offre : NOUS VOUS aidons à t’inscrire, Œuvre.", Lang::Fr, 2.0 / 8.0, 1.0 / 8.0, true),
            ("YOU’RE welcome, WE said to Ŵales.", Lang::En, 1.0 / 6.0, 1.0 / 6.0, false),
        ];
        for (text, lang, you, we, imperative) in table {
            let w = Words::of(text, lang);
            assert_eq!((w.you, w.we, w.imperative), (you, we, imperative), "{text}");
            assert!(w.stopwords > 0.0 && w.stopwords < 1.0, "{text}");
        }
        // (text, language, a caption's word, a bio's word)
        let classes = [
            ("Le ministre, photo d'archives, s'exprime devant la presse.", Lang::Fr, true, false),
            ("Notre correspondante, diplômée de Sciences Po, couvre l'Europe.", Lang::Fr, false, true),
            ("Le conseil municipal a voté le budget.", Lang::Fr, false, false),
            ("The governor, pictured, attends a rally in Pierre.", Lang::En, true, false),
            ("She is an award-winning journalist who covers climate.", Lang::En, false, true),
            ("The city council approved the budget.", Lang::En, false, false),
        ];
        for (text, lang, caption, bio) in classes {
            let w = Words::of(text, lang);
            assert_eq!((w.caption == 1.0, w.bio == 1.0), (caption, bio), "{text}");
        }
        assert_eq!(symbols("Le budget, voté (enfin) !"), 0.0);
        assert_eq!(symbols("★ 4,5 | ©"), 3.0 / 6.0);
    }

    #[test]
    fn captions_table() {
        // (sentence, language, holds a caption's phrase)
        let table = [
            ("Le ministre et le maire (de gauche à droite) lors de l'inauguration.", Lang::Fr, true),
            ("Photo d'illustration.", Lang::Fr, true),
            ("Le conseil a voté, à gauche comme à droite.", Lang::Fr, false),
            ("In this photo issued by ITV, the two leaders debate in Salford.", Lang::En, true),
            ("The commandant, second left, and the colonel, left, watch the drill.", Lang::En, true),
            ("Planes are pictured on the tarmac.", Lang::En, true),
            // Whole words only, and prose keeps its commas.
            ("This pictured nothing; the left wing voted, right after lunch.", Lang::En, false),
            ("He had no credit: the bank refused.", Lang::En, false),
        ];
        for (text, lang, want) in table {
            assert_eq!(holds_caption(text, lang), want, "{text}");
        }
    }

    #[test]
    fn questions_in_a_row_are_picked_last() {
        // (sentences, language, which ones are among questions)
        let table: [(&[&str], Lang, &[bool]); 4] = [
            (
                &["Qu'est-ce que le café ?", "Où a-t-il été découvert ?", "Le café vient d'Éthiopie."],
                Lang::Fr,
                &[true, true, false],
            ),
            (&["Le budget augmente.", "Pourquoi ?", "La ville investit dans les transports."], Lang::Fr, &[false; 3]),
            (
                &["What is coffee?", "Where was it first discovered?", "Coffee comes from Ethiopia."],
                Lang::En,
                &[true, true, false],
            ),
            (&["The budget rises.", "Why?", "The city invests in transport (it says so)."], Lang::En, &[false; 3]),
        ];
        for (texts, lang, want) in table {
            let s = seg(texts, lang);
            let got: Vec<bool> = (0..texts.len()).map(|i| among_questions(&s, i)).collect();
            assert_eq!(got, want, "{texts:?}");
        }
        // A FAQ box above the article: its questions go last.
        for (faq, texts, lang) in [
            (["Qu'est-ce que le budget ?", "Qui vote le budget ?"], FR, Lang::Fr),
            (["What is the budget?", "Who approves the budget?"], EN, Lang::En),
        ] {
            let mut all = faq.to_vec();
            all.extend(texts);
            let s = seg(&all, lang);
            let picked = rank(&s, lang, &RankConfig { length: Length::Sentences(5), ..RankConfig::default() }).picked;
            assert_eq!(picked, [2, 3, 4, 5, 6], "{lang}");
        }
    }

    #[test]
    fn code_is_picked_last() {
        // A `<pre>` block's line reads as a sentence; it is picked only when nothing else is left.
        for (code, texts, lang) in [
            ("Le budget de la ville = budget.voter(conseil, mardi);", FR, Lang::Fr),
            ("The city council budget = budget.approve(council, tuesday);", EN, Lang::En),
        ] {
            let mut all = vec![code];
            all.extend(texts);
            let mut s = seg(&all, lang);
            s.places = vec![Place::default(); all.len()];
            let cfg = |k| RankConfig { length: Length::Sentences(k), ..RankConfig::default() };
            assert!(rank(&s, lang, &cfg(6)).picked.contains(&0), "{lang}: a sentence like the others");
            s.places[0].kind = Some(BlockKind::Preformatted);
            assert!(!rank(&s, lang, &cfg(5)).picked.contains(&0), "{lang}");
            assert_eq!(rank(&s, lang, &cfg(6)).picked, [1, 2, 3, 4, 5], "{lang}: never a key point");
        }
    }

    #[test]
    fn doubts_agree_with_the_probability() {
        // Each candidate's own probability as the threshold, and just above and
        // under it: the bounds decide some, the words' features the others.
        let fitted = Prior::fitted();
        let mut speaking = fitted.clone();
        speaking.weights[PRIOR_FEATURES.iter().position(|f| *f == "you").unwrap()] = -40.0;
        let (mut by_bounds, mut by_words) = (0, 0);
        for (texts, lang) in [(FR, Lang::Fr), (EN, Lang::En)] {
            let mut all = vec!["Découvrez nos offres, abonnez-vous !", "Your budget: learn how we compare ★ | ©"];
            all.extend(texts);
            let s = seg(&all, lang);
            let c = features(&s, 400);
            for prior in [fitted, &speaking] {
                for k in 0..c.index.len() {
                    let p = prior.probability(&prior_features(&s, &c, k, lang));
                    for threshold in [p, p.next_up(), p.next_down(), p - 0.01, p + 0.01, p - 0.5, p + 0.5] {
                        let prior = Prior { threshold, ..prior.clone() };
                        assert_eq!(prior.doubts(&s, &c, k, lang), p < threshold, "{lang} {k} {p} {threshold}");
                        let mut x = place_features(&s, &c, k);
                        let z = prior.intercept + x.iter().zip(&prior.weights).map(|(x, w)| x * w).sum::<f64>();
                        word_features(&mut x, &s.sentences[c.index[k]].text, lang);
                        if (logistic(z - 2.0) < threshold) == (logistic(z + 2.0) < threshold) {
                            by_bounds += 1;
                        } else {
                            by_words += 1;
                        }
                    }
                }
            }
        }
        assert!(by_bounds > 0 && by_words > 0, "{by_bounds} {by_words}");
    }

    #[test]
    fn doubtful_sentences_are_picked_last() {
        // A prior that doubts any sentence speaking to the reader: it is picked
        // only once the likelier sentences are all taken.
        let mut weights = [0.0; NP];
        weights[PRIOR_FEATURES.iter().position(|f| *f == "you").unwrap()] = -40.0;
        let prior = Prior { intercept: 0.0, weights, threshold: 0.5 };
        for (pitch, texts, lang) in [
            ("Votre budget : le conseil municipal a voté le budget de votre ville.", FR, Lang::Fr),
            ("Your budget: the city council approved the budget of your city.", EN, Lang::En),
        ] {
            let mut all = vec![pitch];
            all.extend(texts);
            let s = seg(&all, lang);
            let w = Weights::for_lang(lang);
            let pick = |k| {
                rank_with_prior(
                    &s,
                    lang,
                    w,
                    Some(&prior),
                    &RankConfig { length: Length::Sentences(k), ..RankConfig::default() },
                )
                .picked
            };
            assert!(!pick(4).contains(&0), "{lang}");
            assert_eq!(pick(6), [0, 1, 2, 3, 4, 5], "{lang}");
            // Without the prior it is picked among the first.
            let plain = rank_with(&s, w, &RankConfig { length: Length::Sentences(4), ..RankConfig::default() });
            assert!(plain.picked.contains(&0), "{lang}");
        }
    }

    #[test]
    fn fitted_prior_table() {
        let prior = Prior::fitted();
        assert!(prior.threshold > 0.0 && prior.threshold < 1.0);
        // Where a sentence sits: its page's share of dropped blocks, its block's place (as the
        // page's first or fourth block), and whether a sentence there is likely in the article.
        let standfirst =
            Place { after_title: true, before_byline: true, dropped_before: 2, dropped_after: 3, ..Place::default() };
        let blurb = Place { context: true, dropped_before: 4, dropped_after: 6, ..Place::default() };
        let places = [
            (0.0, Place::default(), 0, true),
            (0.6, standfirst, 0, false),
            (0.6, blurb, 3, false),
            (0.6, Place::default(), 3, true),
        ];
        // (language, an article's sentence, a marketing one)
        let table = [
            (
                Lang::Fr,
                "Le conseil municipal a voté mardi le budget de la ville après un long débat.",
                "Découvrez nos offres et comparez les prix pour votre voyage !",
            ),
            (
                Lang::En,
                "The city council approved the budget on Tuesday after a long debate.",
                "Discover our deals and compare prices for your trip!",
            ),
        ];
        for (lang, news, pitch) in table {
            for (dropped, place, at, likely) in places {
                let p = |text, place| {
                    let mut all: Vec<&str> = if lang == Lang::Fr { FR.to_vec() } else { EN.to_vec() };
                    all.insert(at, text);
                    let mut s = seg(&all, lang);
                    s.dropped = dropped;
                    s.places = vec![Place::default(); all.len()];
                    s.places[at] = place;
                    prior.probability(&prior_features(&s, &features(&s, 400), at, lang))
                };
                let (outside, loose) = (
                    p(news, Place { container: Container::Outside, ..place }),
                    p(news, Place { kind: Some(BlockKind::Container), ..place }),
                );
                let in_body = p(news, Place::default());
                let (news, pitch) = (p(news, place), p(pitch, place));
                // Where it sits decides most; the words the rest: the marketing sentence is
                // always the less likely. In a doubtful place the marketing sentence falls under
                // the threshold; the news sentence sits near it (each refit moves it a little),
                // always less likely than in the article's body.
                if likely {
                    assert!(news >= prior.threshold && pitch >= prior.threshold, "{lang} {place:?}: {news} {pitch}");
                } else {
                    assert!(pitch < prior.threshold, "{lang} {place:?}: {pitch}");
                    assert!(news < in_body, "{lang} {place:?}: {news} {in_body}");
                }
                assert!(pitch < news, "{lang} {place:?}: {pitch} {news}");
                // A block the body took from outside the article's container is less likely.
                assert!(outside < news, "{lang} {place:?}: {outside} {news}");
                // So is text set loose in a <div> rather than in a paragraph.
                assert!(loose < news, "{lang} {place:?}: {loose} {news}");
            }
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

    /// `surface` by its plain definition, a character at a time.
    fn surface_by_chars(text: &str) -> (f64, f64, bool) {
        let (mut words, mut digits, mut caps) = (0usize, 0usize, 0usize);
        for word in text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
            words += 1;
            digits += usize::from(word.chars().any(|c| c.is_ascii_digit()));
            let first = word.chars().find(|c| c.is_alphanumeric());
            caps += usize::from(words > 1 && first.is_some_and(char::is_uppercase));
        }
        let quote = ['«', '»', '"', '“', '”'].iter().any(|&q| text.contains(q));
        if words == 0 { (0.0, 0.0, quote) } else { (digits as f64 / words as f64, caps as f64 / words as f64, quote) }
    }

    #[test]
    fn surface_matches_its_definition() {
        let texts = [
            "« C'est faux », répond Anne Martin à Paris, le 3 mars.",
            "Le\u{a0}maire (PS) a dit\u{202f}: «\u{a0}Non\u{a0}» — puis « Élisabeth » est partie.",
            "L’État a versé 30\u{a0}millions d’euros à l’Île-de-France…",
            "\"That is false,\" Anne Martin said in Paris on May 3rd.",
            "“Quoted” words, (Parenthesised) words and -Dashed 4x4 cars\u{b}Tab\tand\nlines.",
            "  leading and trailing spaces  ",
            "ÉCOLE, ½ portion, ª ordinal, Ⓐ circled, ÿ and ß and µ.",
            "",
            "   ",
            "…",
        ];
        for text in texts {
            let s = surface(text);
            assert_eq!((s.numbers, s.capitals, s.quote), surface_by_chars(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]
        /// Texts of every length around eight bytes, with the characters at
        /// the edges of each class.
        #[test]
        fn surface_and_shouted_match_their_definitions_on_any_text(parts in proptest::collection::vec(proptest::sample::select(vec![
            "a", "z", "A", "Z", "0", "9", "word", "Word", "W0rd", "4x4", " ", "  ", "\t", "\n", "\u{b}", "\r",
            "\u{1c}", "\u{1f}", "\0", "!", "\"", "'", "(", "-", "/", ":", "@", "[", "`", "{", "~", "\u{7f}", "é", "É",
            "ß", "½", "ª", "Ⓐ", "’", "«", "»", "“", "”", "—", "…", "\u{a0}", "\u{202f}", "\u{2009}", "\u{3000}",
            "\u{85}", "Москва", "東京", "😀",
        ]), 0..40)) {
            let text = parts.concat();
            let s = surface(&text);
            proptest::prop_assert_eq!((s.numbers, s.capitals, s.quote), surface_by_chars(&text), "{:?}", text);
            // Capitals too, in part or whole, so that some texts shout and some nearly do.
            let chars: Vec<char> = text.chars().collect();
            let shouting = |share: usize| -> String {
                let cut = chars.len() * share / 8;
                chars[..cut].iter().flat_map(|c| c.to_uppercase()).chain(chars[cut..].iter().copied()).collect()
            };
            for text in (0..=8).map(shouting) {
                let letters = text.chars().filter(|c| c.is_alphabetic()).count();
                let upper = text.chars().filter(|c| c.is_alphabetic() && c.is_uppercase()).count();
                let want = letters >= SHOUTED_LETTERS && 10 * upper >= 7 * letters;
                proptest::prop_assert_eq!(shouted(&text), want, "{:?}", text);
            }
            let lower = text.bytes().filter(u8::is_ascii_lowercase).count();
            proptest::prop_assert_eq!(ascii_lowercase(text.as_bytes()), lower, "{:?}", text);
        }
    }

    /// Texts whose characters cover ASCII, accented Latin, the punctuation
    /// block, symbols, other scripts and odd whitespace.
    const CHARACTER_TEXTS: [&str; 9] = [
        "« C'est faux », répond Anne Martin à Paris, le 3 mars.",
        "Le\u{a0}maire (PS) a dit\u{202f}: «\u{a0}Non\u{a0}» — puis « Élisabeth » est partie.",
        "THIS ARTICLE IS FREE TO READ | Subscribe ★ now™ → 50 % off € £ $ & / …",
        "ÉCOLE, ½ portion, ª ordinal, Ⓐ circled, ÿ and ß and µ, ΑΘΗΝΑ, Москва, 東京 😀",
        "tabs\tand\u{b}vertical\u{c}feeds\r\n\u{1c}\u{85}\u{2028}\u{3000}#@*_~^[]{}<>=+",
        "ÀÉÎÕÜ Ǆ ǅ ǆ ΐ İ ı ﬁ",
        "",
        "   ",
        "…",
    ];

    #[test]
    fn shouted_and_symbols_match_their_definitions() {
        let common = |c: char| c.is_alphanumeric() || ".,;:!?'’\"«»“”()-–—%$€£/&…".contains(c);
        for text in CHARACTER_TEXTS {
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            let upper = text.chars().filter(|c| c.is_alphabetic() && c.is_uppercase()).count();
            assert_eq!(shouted(text), letters >= SHOUTED_LETTERS && 10 * upper >= 7 * letters, "{text:?}");
            let visible: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
            let odd = visible.iter().filter(|&&c| !common(c)).count();
            let expected = if visible.is_empty() { 0.0 } else { odd as f64 / visible.len() as f64 };
            assert_eq!(symbols(text).to_bits(), expected.to_bits(), "{text:?}");
        }
        // Every character of the tables and around them, one by one.
        for c in (0..0x3100).filter_map(char::from_u32) {
            let text = c.to_string();
            let want =
                pack_props(c.is_whitespace(), common(c), c.is_alphabetic(), c.is_alphabetic() && c.is_uppercase());
            let mut got = Vec::new();
            each_props(&text, |p| got.push(p));
            assert_eq!(got, [want], "{c:?}");
        }
    }

    #[test]
    fn cue_windows_let_every_cue_through() {
        for phrase in Lang::ALL.iter().flat_map(|l| &l.data().cues.contains) {
            for line in
                [phrase.clone(), format!("il a dit que {phrase}"), format!("x{phrase}y et la suite de la phrase")]
            {
                assert!(may_hold_cue(&line), "{line:?}");
                assert!(holds_cue(&line), "{line:?}");
            }
        }
        // A plain sentence holds no cue, and the windows say so without the searchers.
        let plain = "Le conseil municipal a voté mardi le budget de la ville pour l'année prochaine.";
        assert!(!may_hold_cue(&normalize_line(plain)));
        assert!(!holds_cue(plain));
    }

    /// Sorted sparse TF-IDF vectors and their dot products, as plainly as they are defined.
    fn similarity_by_vectors(seg: &Segmented, index: &[usize]) -> (Vec<f64>, Vec<f64>) {
        let mut ids: FxHashMap<Term, u32> = FxHashMap::default();
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
        let n = docs.len();
        let mut df = vec![0u32; ids.len()];
        for d in &docs {
            let mut distinct = d.clone();
            distinct.sort_unstable();
            distinct.dedup();
            distinct.iter().for_each(|&t| df[t as usize] += 1);
        }
        let normalise = |mut v: Vec<(u32, f64)>| {
            let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            v
        };
        let vectors: Vec<Vec<(u32, f64)>> = docs
            .iter()
            .map(|d| {
                let mut terms = d.clone();
                terms.sort_unstable();
                let mut v: Vec<(u32, f64)> = Vec::new();
                for t in terms {
                    match v.last_mut() {
                        Some((last, x)) if *last == t => *x += 1.0,
                        _ => v.push((t, 1.0)),
                    }
                }
                v.iter_mut().for_each(|(t, x)| *x *= (n as f64 / f64::from(df[*t as usize])).ln() + 1.0);
                normalise(v)
            })
            .collect();
        let dot = |a: &[(u32, f64)], b: &[(u32, f64)]| {
            let mut sum = 0.0;
            for &(t, y) in b {
                if let Some(&(_, x)) = a.iter().find(|(u, _)| *u == t) {
                    sum += x * y;
                }
            }
            sum
        };
        let mut acc = vec![0.0; ids.len()];
        for v in &vectors {
            v.iter().for_each(|&(t, x)| acc[t as usize] += x);
        }
        let centroid =
            normalise(acc.into_iter().enumerate().filter(|(_, x)| *x != 0.0).map(|(t, x)| (t as u32, x)).collect());
        let sim =
            (0..n * n).map(|ab| if ab / n == ab % n { 0.0 } else { dot(&vectors[ab / n], &vectors[ab % n]) }).collect();
        (sim, vectors.iter().map(|v| dot(&centroid, v)).collect())
    }

    #[test]
    fn similarity_matches_sorted_vectors_bit_for_bit() {
        for (texts, lang) in [(FR, Lang::Fr), (EN, Lang::En)] {
            let s = seg(&texts, lang);
            let c = features(&s, 400);
            let (sim, centrality) = similarity_by_vectors(&s, &c.index);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            let n = c.index.len();
            assert_eq!(
                bits(&(0..n * n).map(|ab| c.similarity(ab / n, ab % n)).collect::<Vec<_>>()),
                bits(&sim),
                "{lang}"
            );
            assert_eq!(bits(&c.features.iter().map(|f| f[10]).collect::<Vec<_>>()), bits(&centrality), "{lang}");
        }
    }

    #[test]
    fn features_do_not_depend_on_the_terms_numbers() {
        for (texts, lang) in [(FR, Lang::Fr), (EN, Lang::En)] {
            let s = seg(&texts, lang);
            let mut far = s.clone();
            // Odd terms past the table of local ids, even ones in it.
            for sentence in &mut far.sentences {
                sentence.terms.iter_mut().filter(|t| **t % 2 == 1).for_each(|t| *t += 1 << 24);
            }
            let bits = |c: &Candidates| c.features.iter().flatten().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&features(&far, 400)), bits(&features(&s, 400)), "{lang}");
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
