//! Stage 5, **segment**: the kept body → sentences and their words.
//!
//! Input: a [`Body`] and its language. Output: [`Segmented`], the sentences
//! in article order, each verbatim from its block, with its stemmed content
//! words for ranking, and each kept block's [`Place`] among the page's
//! blocks (what the body dropped around it). Sentences may end at a run of terminal marks followed
//! by a space (UAX #29's sentence rule), then per-language data and rules decide: no break
//! after abbreviations (`M.`, `Dr.`, `U.S.`, from `src/lang/*/abbreviations.txt`)
//! and initials, closing quotes stay with their sentence, and a break is
//! added where a full stop lacks its space ("domestique.Consternant"). In
//! English, a quotation framed by its sentence stays whole and a semicolon
//! before a conjunctive adverb ends a sentence, as the English treebanks
//! split; a letter's salutation or closing or a contact field whose line
//! break was lost stands alone (`src/lang/*/closings.txt`, `salutations.txt`,
//! `clause_adverbs.txt`).
//!
//! [`scan`] reads every block's sentences and words once, before the body is
//! extracted: the body's word and stopword counts (its own word rules, see
//! [`Tally`]) and the sentences' terms, which [`segment_with`] then takes.

use crate::blocks::{BlockKind, Blocks};
use crate::body::{
    Body, Container, Reason, WordCounts, WordStats, only_separators, separates_at, separates_before, word_counts,
};
use crate::lang::{Abbreviation, KEY_MAX_LEN, Lang, letters, lowercase};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// The sentences of the body.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub sentences: Vec<Sentence>,
    /// The terms of the body's title, if it has one.
    pub title_terms: Vec<Term>,
    /// Where each kept block sat in the page (rank's purity prior reads it).
    pub places: Vec<Place>,
    /// The share of the page's blocks that the body dropped: 0 for a clean
    /// article, high for a page in its furniture.
    pub dropped: f64,
}

/// A kept block's place among the page's blocks: what the body kept or
/// dropped around it. A standfirst sits right after the title with the
/// byline or date after it; an author's bio or a marketing blurb sits
/// between dropped blocks, near the end.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Place {
    /// Kept as a short text between paragraphs, not as a paragraph.
    pub context: bool,
    /// Dropped blocks between the previous kept block (or the title, or the page's start) and this one.
    pub dropped_before: usize,
    /// Dropped blocks between this one and the next kept block (or the page's end).
    pub dropped_after: usize,
    /// The title is the last block before it (nothing dropped in between but the title).
    pub after_title: bool,
    /// A byline or a date line lies among the dropped blocks just after it.
    pub before_byline: bool,
    /// Where the block stood relative to the article's container (HTML: a standfirst in the page's header is outside).
    pub container: Container,
    /// The block's role in the source (see [`crate::body::BodyBlock::kind`]).
    pub kind: Option<BlockKind>,
}

/// A stemmed, lowercased content word, as a number: two terms of one
/// [`Segmented`] are equal exactly when their stems are. Numbers instead of
/// strings, because every sentence's terms are compared and counted many
/// times over by the ranking, and words repeat across articles.
pub type Term = u32;

/// One sentence, verbatim, with where it sits and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub text: String,
    /// Index of its block among the kept blocks.
    pub block: usize,
    /// Its rank inside its block (0 = first sentence of the paragraph).
    pub in_block: usize,
    /// A subheading rather than running text.
    pub heading: bool,
    /// Page furniture run into the text: an inline cue of `cues.txt` up to
    /// the next sentence end or lost line break (photo captions run into
    /// "Scroll down for video"), or a news agency's dateline. Not running
    /// text, never picked.
    pub furniture: bool,
    /// A list's item: its bullet or number was dropped (see [`without_list_marker`]).
    pub listed: bool,
    /// Number of words.
    pub words: usize,
    /// Its content words (stopwords removed), stemmed.
    pub terms: Vec<Term>,
}

/// Cuts every kept block of the body into sentences.
pub fn segment(body: &Body, lang: Lang) -> Segmented {
    segment_with(body, lang, None)
}

/// Every block of a document cut into sentences, with their words and terms,
/// read before the body is extracted: one scan of each block's words gives
/// the body its [`WordStats`] and [`segment_with`] its sentences' terms.
pub struct Scan<'a> {
    /// Each block's word counts as the body reads them, in the scan's language.
    pub stats: Vec<WordStats>,
    /// Each block's text and its sentences.
    blocks: Vec<(&'a str, Vec<Scanned<'a>>)>,
}

/// Bytes of text a [`Scan`] reads the sentences of, at most (news articles
/// are far shorter). Past them, as in a large input of repeated paragraphs
/// that the body drops, the blocks are counted by the body's own scan and
/// the kept ones read by [`segment_with`]: the scan's terms, which wait for
/// the body, stay a few megabytes, and dropped text is not read for terms.
const SCAN_BYTES: usize = 8 << 20;

/// One sentence of a [`Scan`]: what [`terms`] gives for it.
struct Scanned<'a> {
    /// The sentence without its list marker (see [`list_item`]).
    text: &'a str,
    listed: bool,
    words: usize,
    terms: Vec<Term>,
}

/// Scans every block of a document once (see [`Scan`]), its sentences as
/// [`split_sentences`] cuts them. Starts the document's state of the
/// vocabulary: [`segment_with`] given this scan reads its terms in the same one.
pub fn scan(blocks: &Blocks, lang: Lang) -> Scan<'_> {
    VOCAB.with_borrow_mut(|vocab| {
        vocab.bound();
        let mut scan = Scan { stats: Vec::with_capacity(blocks.blocks.len()), blocks: Vec::new() };
        let mut budget = SCAN_BYTES;
        for b in &blocks.blocks {
            // Page furniture (short blocks, links) is mostly dropped: its
            // sentences would be read for nothing, and its words learned.
            let running = b.html.as_ref().is_none_or(|h| b.text.len() >= 120 && 3 * h.link_chars < b.text.len());
            if running && b.text.len() <= budget {
                budget -= b.text.len();
                let (stats, sentences) = vocab.scan_block(&b.text, lang);
                scan.stats.push(stats);
                scan.blocks.push(sentences);
            } else {
                scan.stats.push(word_counts(&b.text, lang).stats());
            }
        }
        scan
    })
}

/// The body's word counts of a block, gathered while its sentences' terms
/// are read. A word of the sentence with a character on each side that
/// ends a body word wherever it stands (see [`separates_at`]) holds the
/// same body words alone as in the block; when it is one body word, the
/// vocabulary says so and whether it is a stopword. The text between two
/// such words is counted by the body's own scan, which cuts it where the
/// whole block's scan would.
struct Tally<'a> {
    block: &'a str,
    /// Where the sentence being read starts in the block.
    offset: usize,
    /// Up to where the block is counted.
    done: usize,
    counts: WordCounts,
}

impl Tally<'_> {
    /// Counts the block's words from where it is counted up to `to`, a
    /// boundary between words.
    fn count_to(&mut self, to: usize, lang: Lang) {
        let gap = self.block.as_bytes().get(self.done..to).unwrap_or_default();
        // (Mostly a space or two between words.)
        if !only_separators(gap) {
            self.counts.add(word_counts(self.block.get(self.done..to).unwrap_or_default(), lang));
        }
        self.done = to;
    }

    /// Counts the word at `start..end` of the sentence, if it is a body word on its own.
    #[inline(always)]
    fn word(&mut self, start: usize, end: usize, seen: Written, lang: Lang) {
        if !seen.one_body_word() {
            return;
        }
        let (start, end) = (self.offset + start, self.offset + end);
        let bytes = self.block.as_bytes();
        // Mostly a space or a mark after it, and a space or two since the last word counted.
        let after = match bytes.get(end) {
            Some(&b) if b.is_ascii() => only_separators(&[b]),
            _ => separates_at(self.block, end),
        };
        if !after {
            return;
        }
        // Mostly one space since the last word counted: no slice to loop over.
        let one = start == self.done + 1 && bytes.get(self.done).is_some_and(|&b| only_separators(&[b]));
        if !one && !self.gap(start, lang) {
            return;
        }
        self.counts.words += 1;
        self.counts.stopwords += usize::from(seen.body_stopword());
        self.done = end;
    }

    /// [`word`](Self::word)'s test of the text since the last word counted,
    /// up to `start`, when it is not a single separator: whether the word at
    /// `start` is counted alone, the body words of that text counted if so.
    #[inline(never)]
    fn gap(&mut self, start: usize, lang: Lang) -> bool {
        let bytes = self.block.as_bytes();
        let Some(gap) = bytes.get(self.done..start) else { return false };
        if gap.is_empty() && start > 0 {
            return false;
        }
        if !only_separators(gap) {
            if !separates_before(self.block, start) {
                return false;
            }
            self.counts.add(word_counts(self.block.get(self.done..start).unwrap_or_default(), lang));
        }
        true
    }
}

/// [`segment`], reading the sentences' terms from the document's [`Scan`]
/// when given (a heading is read whole, so its terms are read here).
pub fn segment_with(body: &Body, lang: Lang, scan: Option<Scan>) -> Segmented {
    // All the terms of one document come from one state of the vocabulary.
    if scan.is_none() {
        VOCAB.with_borrow_mut(Vocab::bound);
    }
    let mut scanned = scan.map(|s| s.blocks).unwrap_or_default();
    // The kept blocks are the scanned blocks whose text they borrow, in order.
    let mut next = 0;
    // Room for every scanned sentence (and one a heading): growing it moved them all a few times.
    let scanned_sentences: usize = scanned.iter().map(|(_, p)| p.len()).sum();
    let mut sentences = Vec::with_capacity(scanned_sentences + body.blocks.len());
    for (block, b) in body.blocks.iter().enumerate() {
        let same = |text: &str| !text.is_empty() && std::ptr::eq(text, b.text.as_ref());
        let found =
            if b.heading { None } else { scanned.get(next..).and_then(|s| s.iter().position(|(t, _)| same(t))) };
        let pieces: Vec<Scanned> = match found {
            Some(at) => {
                next += at + 1;
                scanned.get_mut(next - 1).map(|(_, p)| std::mem::take(p)).unwrap_or_default()
            }
            None => {
                let pieces = if b.heading { vec![b.text.trim()] } else { split_sentences(&b.text, lang) };
                pieces
                    .into_iter()
                    .map(|piece| {
                        let (listed, text) = list_item(piece);
                        let (words, terms) = terms(text, lang);
                        Scanned { text, listed, words, terms }
                    })
                    .collect()
            }
        };
        for (in_block, Scanned { text, listed, words, terms }) in pieces.into_iter().enumerate() {
            let furniture = !b.heading && (opens_with_inline_cue(text, lang) || is_dateline(text, lang));
            sentences.push(Sentence {
                text: text.to_string(),
                block,
                in_block,
                heading: b.heading,
                furniture,
                listed,
                words,
                terms,
            });
        }
    }
    let title_terms = body.title.as_deref().map(|t| terms(t, lang).1).unwrap_or_default();
    let (places, dropped) = places(body);
    Segmented { sentences, title_terms, places, dropped }
}

/// Whether a sentence is a list's item, and its text without the marker.
fn list_item(text: &str) -> (bool, &str) {
    let rest = without_list_marker(text);
    (rest.len() < text.len(), rest)
}

/// A sentence without the list marker before it (`• `, `- `, `2. `, `3) `):
/// a list item's bullet or number is the list's layout, not the sentence's
/// words, and means nothing once the sentence is a key point of its own
/// (a text render numbers an ordered list that the page's markup did not).
/// A marker followed by nothing, or a number that goes on as a number
/// (`2. 000`), is kept.
fn without_list_marker(text: &str) -> &str {
    let bytes = text.as_bytes();
    let marker = match bytes.first() {
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            (digits <= 3 && matches!(bytes.get(digits), Some(b'.' | b')'))).then_some(digits + 1)
        }
        Some(b'-' | b'*') => Some(1),
        _ => text.chars().next().filter(|c| BULLETS.contains(c)).map(char::len_utf8),
    };
    let Some(marker) = marker else { return text };
    let rest = &text[marker..];
    let body = rest.trim_start();
    let spaced = body.len() < rest.len();
    let starts_word = body.chars().next().is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace());
    if spaced && starts_word { body } else { text }
}

/// Characters that mark a list item (an en dash too: French lists use it).
const BULLETS: [char; 9] = ['•', '·', '▪', '◦', '●', '‣', '■', '□', '–'];

/// Each kept block's [`Place`], and the share of blocks dropped. The kept
/// blocks are the `keep` decisions, in order.
fn places(body: &Body) -> (Vec<Place>, f64) {
    let mut places: Vec<Place> = Vec::with_capacity(body.blocks.len());
    let (mut dropped, mut since_kept, mut title_last) = (0usize, 0usize, false);
    for d in &body.decisions {
        if d.keep {
            if let Some(last) = places.last_mut() {
                last.dropped_after = since_kept;
            }
            places.push(Place {
                context: d.reason == Reason::Context,
                dropped_before: since_kept,
                after_title: title_last,
                ..Place::default()
            });
            since_kept = 0;
        } else {
            dropped += 1;
            since_kept += 1;
            if since_kept <= BYLINE_REACH
                && matches!(d.reason, Reason::Byline | Reason::Date)
                && let Some(last) = places.last_mut()
            {
                last.before_byline = true;
            }
        }
        title_last = d.reason == Reason::Title;
        if title_last {
            // Menus before the title are the page's, not the article's surroundings.
            since_kept = 0;
        }
    }
    if let Some(last) = places.last_mut() {
        last.dropped_after = since_kept;
    }
    // (A body built by hand may hold blocks without decisions.)
    places.resize(body.blocks.len(), Place::default());
    for (place, b) in places.iter_mut().zip(&body.blocks) {
        place.container = b.container;
        place.kind = b.kind;
    }
    let share = if body.decisions.is_empty() { 0.0 } else { dropped as f64 / body.decisions.len() as f64 };
    (places, share)
}

/// How many dropped blocks after a kept one may stand before its byline
/// (a standfirst, then a photo and its credit, then the byline).
const BYLINE_REACH: usize = 4;

/// The word count of a text and its stemmed content words. French elisions
/// count as two words (`l'homme`), hyphenated compounds as their parts, and a
/// number written in groups of thousands (`10 000`) as one word and one term.
/// Terms of two calls on one thread compare as their stems do until the next
/// [`segment`] call, which may empty the thread's vocabulary (the ranking
/// numbers terms afresh per document, so outputs never depend on the ids).
pub fn terms(text: &str, lang: Lang) -> (usize, Vec<Term>) {
    VOCAB.with_borrow_mut(|vocab| vocab.terms(text, lang, None))
}

thread_local! {
    static VOCAB: std::cell::RefCell<Vocab> = std::cell::RefCell::new(Vocab::new());
}

/// The stems every thread numbers its terms by, until one finds the
/// vocabulary full and starts new ones (see [`Vocab::bound`]).
static STEMS: Mutex<Option<Arc<Stems>>> = Mutex::new(None);

/// Stem (or number) → term, shared by the threads: a stem is looked up only
/// when a thread meets a way of writing a word for the first time, so one
/// table under a lock serves all threads, where each thread's own was a third
/// of its vocabulary's memory.
#[derive(Default)]
struct Stems(Mutex<WordMap<Term>>);

impl Stems {
    fn map(&self) -> std::sync::MutexGuard<'_, WordMap<Term>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The shared stems now, made when there are none.
    fn current() -> Arc<Stems> {
        STEMS.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert_with(Default::default).clone()
    }
}

/// The words met so far on this thread, and their terms. News vocabulary
/// repeats within and across articles: a word seen before costs one lookup,
/// where Snowball stemming and a string per term were the largest costs of a
/// summary, then lowercasing, elision splitting and the stopword lookup.
struct Vocab {
    /// Word as written → what it counts for, per language (stopwords and elisions differ).
    written: [WordMap<Written>; 2],
    /// The stems whose terms `written` holds. (No map from lowercase words to
    /// terms: a word is stemmed once per way of writing it, and such a map
    /// held as many entries as `written`, a third of a thread's memory.)
    stems: Arc<Stems>,
    /// Room for a stem whose letters differ from the word's.
    stem_buf: String,
    /// Room for a word's lowercase.
    lower_buf: String,
}

/// What a word as written counts for: its pieces (two for an elision) and
/// the terms of those that are content words, packed in 8 bytes (a slot of
/// the table is then 24 bytes, where a struct of them took 32): the first
/// term in bits 0–27, the second in bits 28–55, the pieces in bits 56–57 and
/// the number of terms in bits 60–63; bit 58 says whether the body reads the
/// word alone as one word, bit 59 whether as a stopword (see [`Tally`]).
#[derive(Clone, Copy, Default)]
struct Written(u64);

/// Terms are below 2^28 (see [`Written`]): ids past it, of a text with more
/// distinct stems than that, share the last one.
const LAST_TERM: Term = (1 << 28) - 1;

impl Written {
    #[inline]
    fn pieces(self) -> usize {
        (self.0 >> 56 & 0x3) as usize
    }

    #[inline]
    fn one_body_word(self) -> bool {
        self.0 >> 58 & 1 != 0
    }

    #[inline]
    fn body_stopword(self) -> bool {
        self.0 >> 59 & 1 != 0
    }

    #[inline]
    fn len(self) -> usize {
        (self.0 >> 60) as usize
    }

    #[inline]
    fn term(self, i: usize) -> Term {
        (self.0 >> (28 * i) & u64::from(LAST_TERM)) as Term
    }

    fn add_piece(&mut self) {
        self.0 += 1 << 56;
    }

    fn add_term(&mut self, term: Term) {
        self.0 |= u64::from(term.min(LAST_TERM)) << (28 * self.len());
        self.0 += 1 << 60;
    }
}

impl Vocab {
    /// Enough for a large vocabulary; emptied when full, between documents, so memory stays bounded.
    const CAPACITY: usize = 200_000;

    fn new() -> Vocab {
        Vocab {
            written: Default::default(),
            stems: Stems::current(),
            stem_buf: String::new(),
            lower_buf: String::new(),
        }
    }

    /// Before a document: when this thread's words and the stems reach
    /// [`CAPACITY`](Self::CAPACITY), new stems are started for every thread;
    /// a thread whose stems are no longer the current ones forgets its words
    /// (their terms are of the old stems) and takes the new ones. A thread in
    /// the middle of a document keeps its stems to the end of it.
    fn bound(&mut self) {
        let written: usize = self.written.iter().map(WordMap::len).sum();
        let full = self.stems.map().len() + written >= Self::CAPACITY;
        let mut current = STEMS.lock().unwrap_or_else(PoisonError::into_inner);
        let current = current.get_or_insert_with(Default::default);
        if full && Arc::ptr_eq(current, &self.stems) {
            *current = Arc::default();
        }
        if !Arc::ptr_eq(current, &self.stems) {
            self.written = Default::default();
            self.stems = current.clone();
        }
    }

    /// One block of a [`Scan`]: its body word counts, its text and its sentences.
    fn scan_block<'a>(&mut self, text: &'a str, lang: Lang) -> (WordStats, (&'a str, Vec<Scanned<'a>>)) {
        let mut tally = Tally { block: text, offset: 0, done: 0, counts: WordCounts::default() };
        let pieces = split_sentences(text, lang);
        let mut sentences = Vec::with_capacity(pieces.len());
        let mut whole = true;
        for piece in pieces {
            // (The marker of a list's item is left to the body's count of the text between words.)
            let (listed, piece) = list_item(piece);
            // (Pieces are slices of the block, in order.)
            let offset = (piece.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            whole &= offset >= tally.done && offset.saturating_add(piece.len()) <= text.len();
            tally.offset = offset;
            // (Their spare room, as a sentence's terms have it: the scan reads at most `SCAN_BYTES`.)
            let (words, terms) = self.terms(piece, lang, whole.then_some(&mut tally));
            sentences.push(Scanned { text: piece, listed, words, terms });
        }
        let stats = if whole {
            tally.count_to(text.len(), lang);
            tally.counts.stats()
        } else {
            word_counts(text, lang).stats()
        };
        (stats, (text, sentences))
    }

    /// [`terms`], with this thread's vocabulary; the body's counts of the
    /// block the text is cut from, into `tally` if given.
    fn terms(&mut self, text: &str, lang: Lang, mut tally: Option<&mut Tally>) -> (usize, Vec<Term>) {
        let mut count = 0;
        // Room for every term at once: a term takes at least two bytes and a space
        // in all but odd texts (single digits), and growing the vector was a
        // reallocation or three per sentence.
        let mut out: Vec<Term> = Vec::with_capacity(text.len() / 3 + 1);
        // The digits of the number being read, and where it ends, to join "10 000" into one.
        let mut number = String::new();
        let mut number_end: Option<usize> = None;
        let bytes = text.as_bytes();
        let mut pos = 0;
        loop {
            // The words of `word_spans`, read here when plain: ASCII letters up
            // to a space or a mark that joins nothing, most words of a text.
            while let Some(&b) = bytes.get(pos)
                && BYTE_CLASS[usize::from(b)] & (BYTE_JOINER | BYTE_OTHER) != 0
            {
                pos += 1;
            }
            if pos == bytes.len() {
                break;
            }
            // Most words: one to seven ASCII letters then a space or a mark
            // that joins nothing, read from one 8-byte load that is also
            // their key (see [`short_word`]).
            if let Some((end, key)) = short_word(bytes, pos) {
                let at = pos;
                pos = end;
                self.end_number(&mut number, &mut out);
                number_end = None;
                let seen = match self.written[lang as usize].find(key) {
                    Some(seen) => seen,
                    None => self.learn(&text[at..end], lang, true),
                };
                count += seen.pieces();
                take(seen, at..end, lang, &mut out, tally.as_deref_mut());
                continue;
            }
            let plain = plain_word(bytes, pos);
            let Some((at, end)) = plain.map(|end| (pos, end)).or_else(|| next_span(text, pos)) else {
                break;
            };
            pos = end;
            // Digit groups, which UAX #29 already joins across a narrow no-break space.
            if plain.is_none() && bytes[at].is_ascii_digit() && is_number(&text[at..end]) {
                let word = &text[at..end];
                let lead = word.split(THOUSANDS).next().map_or(0, str::len);
                if let Some(last) = number_end
                    && lead == 3
                    && text[last..at].chars().count() == 1
                    && text[last..at].starts_with(|c: char| c == ' ' || THOUSANDS.contains(&c))
                    && !number.is_empty()
                {
                    number.extend(word.chars().filter(char::is_ascii_digit));
                    number_end = Some(end);
                    continue;
                }
                self.end_number(&mut number, &mut out);
                number_end = (lead <= 3).then_some(end);
                count += 1;
                number.extend(word.chars().filter(char::is_ascii_digit));
                continue;
            }
            self.end_number(&mut number, &mut out);
            number_end = None;
            let seen = match self.written[lang as usize].get_in(bytes, at, end) {
                Some(seen) => seen,
                None => self.learn(&text[at..end], lang, plain.is_some()),
            };
            count += seen.pieces();
            take(seen, at..end, lang, &mut out, tally.as_deref_mut());
        }
        self.end_number(&mut number, &mut out);
        (count, out)
    }

    /// The term of the number being read, if any, pushed; the number emptied.
    #[inline(always)]
    fn end_number(&mut self, number: &mut String, out: &mut Vec<Term>) {
        if !number.is_empty() {
            out.push(self.stem_term(number));
            number.clear();
        }
    }

    /// What a word not met yet counts for, remembered. A plain word (see
    /// [`plain_word`]) has no apostrophe to split at.
    #[cold]
    #[inline(never)]
    fn learn(&mut self, word: &str, lang: Lang, plain: bool) -> Written {
        let mut seen = Written::default();
        // The buffer a capitalised word is lowercased into, reused.
        let mut buf = std::mem::take(&mut self.lower_buf);
        let (head, tail) = if plain { (word, None) } else { split_elision(word, lang) };
        for piece in std::iter::once(head).chain(tail) {
            let lower = lowercase(piece, &mut buf);
            let single = lower.chars().nth(1).is_none();
            if !(lang.data().is_stopword(lower) || single && !lower.chars().all(|c| c.is_ascii_digit())) {
                let term = self.word_term(lang, lower);
                seen.add_term(term);
            }
            seen.add_piece();
        }
        self.lower_buf = buf;
        // The body's own reading of the word alone (see [`Tally`]).
        let body = body_counts(word, lang);
        if body.words == 1 && body.hyphens == 0 {
            seen.0 |= 1 << 58 | u64::from(body.stopwords == 1) << 59;
        }
        self.written[lang as usize].insert(word.as_bytes(), seen);
        seen
    }

    fn stem_term(&mut self, stem: &str) -> Term {
        stem_term(&mut self.stems.map(), stem)
    }

    fn word_term(&mut self, lang: Lang, lower: &str) -> Term {
        // The buffer a stem is written to when its letters change, reused.
        let stem = crate::stem::stem(lower, lang, &mut self.stem_buf);
        stem_term(&mut self.stems.map(), stem)
    }
}

/// [`word_counts`] of one word as the vocabulary reads it: a word of ASCII
/// letters, most new words, is one body word, a stopword if the body's list
/// has it in any case, and that is known without running the body's scanner.
fn body_counts(word: &str, lang: Lang) -> WordCounts {
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return word_counts(word, lang);
    }
    WordCounts { words: 1, stopwords: usize::from(lang.data().is_ascii_stopword(word.as_bytes())), hyphens: 0 }
}

/// What a word of a sentence at `word`, met before or just learned, adds:
/// its terms, and its count to the body's tally if one is kept.
#[inline(always)]
fn take(seen: Written, word: std::ops::Range<usize>, lang: Lang, out: &mut Vec<Term>, tally: Option<&mut Tally>) {
    if let Some(tally) = tally {
        tally.word(word.start, word.end, seen, lang);
    }
    // Pushed one by one: copying a slice of up to two was a call to memcpy.
    let len = seen.len();
    if len > 0 {
        out.push(seen.term(0));
        if len > 1 {
            out.push(seen.term(1));
        }
    }
}

/// The term of a stem (or number), a new one if it is new.
fn stem_term(stems: &mut WordMap<Term>, stem: &str) -> Term {
    let next = Term::try_from(stems.len()).map_or(LAST_TERM, |t| t.min(LAST_TERM));
    stems.get_or_insert_with(stem.as_bytes(), || next)
}

/// A map from words to small values, for the vocabulary. A word of at most
/// 15 bytes, nearly every word, is its own key: two integers (its bytes, then
/// its length in the top byte) read with a few overlapping loads, found by
/// two multiplications in an open-addressing table and compared in two
/// integer comparisons; no string is hashed, compared or allocated. Longer
/// words go to a hash map of strings.
///
/// The table is any size (a key's hash is scaled to it, not shifted to a
/// power of two), up to three quarters full, and grows by half: on a stream
/// these tables are most of each thread's memory, and a power of two at most
/// half full left them up to four times their words.
struct WordMap<V> {
    /// Keys and values; the key `(0, 0)` (of the empty word, kept in `long`) marks an empty slot.
    slots: Vec<((u64, u64), V)>,
    /// Occupied slots.
    short: usize,
    long: FxHashMap<Box<[u8]>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap { slots: Vec::new(), short: 0, long: FxHashMap::default() }
    }
}

/// The key of a word of 1 to [`KEY_MAX_LEN`] bytes, as the stopword sets key theirs.
#[inline]
fn word_key(word: &[u8]) -> Option<(u64, u64)> {
    (1..=KEY_MAX_LEN).contains(&word.len()).then(|| crate::lang::word_key(word, false))
}

impl<V: Copy + Default> WordMap<V> {
    /// The fewest slots a table has.
    const LEAST: usize = 64;

    fn len(&self) -> usize {
        self.short + self.long.len()
    }

    /// The key's home slot: its hash (the stopword sets' own, unshifted)
    /// times the table's size, the high half. 0 in an empty table.
    #[inline]
    fn slot(&self, key: (u64, u64)) -> usize {
        let hash = crate::lang::key_slot(key, 0) as u64;
        ((u128::from(hash) * self.slots.len() as u128) >> 64) as usize
    }

    /// The slot after `i`, wrapping at the end of the table.
    #[inline]
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() { 0 } else { i + 1 }
    }

    /// Whether `words` words are too many for `slots` slots: three quarters
    /// full at most (a word seen before is found in about two probes, and
    /// neighbouring slots share a cache line).
    #[inline]
    fn full(words: usize, slots: usize) -> bool {
        4 * words > 3 * slots
    }

    #[inline]
    fn get(&self, word: &[u8]) -> Option<V> {
        let Some(key) = word_key(word) else {
            return self.long.get(word).copied();
        };
        self.find(key)
    }

    /// [`get`](Self::get) of the word `text[at..end]`, its key read inside the text.
    #[inline]
    fn get_in(&self, text: &[u8], at: usize, end: usize) -> Option<V> {
        match crate::lang::key_in(text, at, end) {
            Some(key) => self.find(key),
            None => self.get(text.get(at..end).unwrap_or_default()),
        }
    }

    #[inline]
    fn find(&self, key: (u64, u64)) -> Option<V> {
        let mut i = self.slot(key);
        while let Some(&(k, value)) = self.slots.get(i) {
            if k == key {
                return Some(value);
            }
            if k == (0, 0) {
                return None;
            }
            i = self.next(i);
        }
        None
    }

    /// The value of a word, or `make`'s, added: one key and one probe for both.
    fn get_or_insert_with(&mut self, word: &[u8], make: impl FnOnce() -> V) -> V {
        let Some(key) = word_key(word) else {
            if let Some(&value) = self.long.get(word) {
                return value;
            }
            let value = make();
            self.long.insert(word.into(), value);
            return value;
        };
        let mut i = self.slot(key);
        while let Some(&(k, value)) = self.slots.get(i) {
            if k == key {
                return value;
            }
            if k == (0, 0) {
                break;
            }
            i = self.next(i);
        }
        let value = make();
        // `i` is the empty slot the key goes to, unless the table grows (or has no slots yet).
        if Self::full(self.short + 1, self.slots.len()) {
            self.grow();
            self.put(key, value);
        } else {
            self.slots[i] = (key, value);
        }
        self.short += 1;
        value
    }

    /// Adds a word that is not in the map yet.
    fn insert(&mut self, word: &[u8], value: V) {
        let Some(key) = word_key(word) else {
            self.long.insert(word.into(), value);
            return;
        };
        if Self::full(self.short + 1, self.slots.len()) {
            self.grow();
        }
        self.put(key, value);
        self.short += 1;
    }

    fn put(&mut self, key: (u64, u64), value: V) {
        let mut i = self.slot(key);
        while self.slots[i].0 != (0, 0) {
            i = self.next(i);
        }
        self.slots[i] = (key, value);
    }

    /// Half as many slots again, every word moved to its slot in the new table.
    fn grow(&mut self) {
        let size = (self.slots.len() + self.slots.len() / 2).max(Self::LEAST);
        let old = std::mem::replace(&mut self.slots, vec![((0, 0), V::default()); size]);
        for (key, value) in old {
            if key != (0, 0) {
                self.put(key, value);
            }
        }
    }

    /// Every word and its value, in no order.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = (String, V)> + '_ {
        let short = self.slots.iter().filter(|(k, _)| *k != (0, 0)).map(|&((lo, hi), value)| {
            let len = (hi >> 56) as usize;
            let mut bytes = [lo.to_le_bytes(), (hi & !(0xff << 56)).to_le_bytes()].concat();
            bytes.truncate(len);
            (String::from_utf8_lossy(&bytes).into_owned(), value)
        });
        short.chain(self.long.iter().map(|(w, &value)| (String::from_utf8_lossy(w).into_owned(), value)))
    }
}

/// Whether a word (that starts with a digit) is digit groups only.
fn is_number(word: &str) -> bool {
    word.split(THOUSANDS).all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Spaces that separate groups of thousands in French numbers ("10 000").
const THOUSANDS: [char; 2] = ['\u{a0}', '\u{202f}'];

/// `l'homme` → (`l`, `homme`); `company's` → (`company`, `s`); `aujourd'hui` stays whole.
pub fn split_elision(word: &str, lang: Lang) -> (&str, Option<&str>) {
    // One pass over the bytes (words are short): `'`, or `’` (E2 80 99 in UTF-8).
    let bytes = word.as_bytes();
    let Some((at, len)) = (0..bytes.len()).find_map(|i| match bytes[i] {
        b'\'' => Some((i, 1)),
        0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0x99]) => Some((i, 3)),
        _ => None,
    }) else {
        return (word, None);
    };
    let (head, tail) = (&word[..at], &word[at + len..]);
    let elided = match lang {
        Lang::Fr => ["l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu"]
            .iter()
            .any(|e| e.eq_ignore_ascii_case(head)),
        Lang::En => true,
    };
    if elided && !head.is_empty() && !tail.is_empty() { (head, Some(tail)) } else { (word, None) }
}

/// What a character is to the word rules of UAX #29 (Unicode's word boundaries).
#[derive(Clone, Copy, PartialEq)]
enum WordClass {
    Letter,
    Digit,
    /// Joins two letters: `:` and `·` (MidLetter).
    MidLetter,
    /// Joins two letters or two digits: `.` and apostrophes (MidNumLet).
    MidNumLet,
    /// Joins two digits: `,` and `;` (MidNum).
    MidNum,
    /// Joins anything to a word: `_` and the narrow no-break space (ExtendNumLet).
    Connector,
    /// Combining marks and format characters, which belong to the character before.
    Extend,
    /// A word by itself that joins nothing: `½`, `²`, an ideograph.
    Lone,
    Other,
}

#[inline]
fn word_class(c: char) -> WordClass {
    use WordClass::*;
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Letter,
            '0'..='9' => Digit,
            '.' | '\'' => MidNumLet,
            ':' => MidLetter,
            ',' | ';' => MidNum,
            '_' => Connector,
            _ => Other,
        };
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{2024}' | '\u{fe52}' | '\u{ff07}' | '\u{ff0e}' => MidNumLet,
        '\u{b7}' | '\u{387}' | '\u{2027}' | '\u{fe13}' | '\u{fe55}' | '\u{ff1a}' => MidLetter,
        '\u{37e}' | '\u{589}' | '\u{60c}' | '\u{60d}' | '\u{2044}' | '\u{fe10}' | '\u{fe14}' | '\u{fe50}'
        | '\u{fe54}' | '\u{ff0c}' | '\u{ff1b}' => MidNum,
        '\u{202f}' | '\u{203f}' | '\u{2040}' | '\u{2054}' | '\u{fe33}' | '\u{fe34}' | '\u{ff3f}' => Connector,
        '\u{ad}' | '\u{200c}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}' => Extend,
        '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' => Extend,
        '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3ffff}' => Lone,
        _ if crate::lang::is_alphabetic(c) => Letter,
        // Superscripts and fractions are numbers but not digits that join.
        _ if c.is_numeric() => Lone,
        _ => Other,
    }
}

/// What a byte is to the ASCII fast paths of [`word_indices`], as bit flags
/// so that the classes of a run of letters can be or-ed together.
const BYTE_LETTER: u8 = 1;
const BYTE_DIGIT: u8 = 2;
/// `_`, which joins anything (ExtendNumLet).
const BYTE_CONNECTOR: u8 = 4;
/// `.` `'` `:` `,` `;`, which join by the rules of the characters around them.
const BYTE_JOINER: u8 = 8;
/// Any other ASCII byte: spaces and punctuation, never in a word.
const BYTE_OTHER: u8 = 16;
/// A byte of a non-ASCII character, decoded and classified by [`word_class`].
const BYTE_HIGH: u8 = 32;

/// [`word_indices`]' class of every byte: one load per byte of a word instead of range tests.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [BYTE_OTHER; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => BYTE_LETTER,
            b'0'..=b'9' => BYTE_DIGIT,
            b'_' => BYTE_CONNECTOR,
            b'.' | b'\'' | b':' | b',' | b';' => BYTE_JOINER,
            0x80..=0xff => BYTE_HIGH,
            _ => BYTE_OTHER,
        };
        b += 1;
    }
    table
};

/// The word class of an ASCII letter, digit or connector byte class.
fn byte_word_class(class: u8) -> WordClass {
    match class {
        BYTE_LETTER => WordClass::Letter,
        BYTE_DIGIT => WordClass::Digit,
        _ => WordClass::Connector,
    }
}

/// The character at `pos` and its word class, with a shortcut for the
/// letters of Latin-1 (`é`, `à`, `ç`: `C3 80`–`C3 BF` but `×` and `÷`), the
/// only non-ASCII characters of most French words.
#[inline]
fn char_class_at(text: &str, pos: usize) -> Option<(WordClass, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(pos) == Some(&0xC3) && !matches!(bytes.get(pos + 1), Some(0x97 | 0xB7)) {
        return Some((WordClass::Letter, 2));
    }
    let c = text[pos..].chars().next()?;
    Some((word_class(c), c.len_utf8()))
}

/// The words of a text with their byte offsets: runs of letters and digits
/// that UAX #29 keeps together (`aujourd'hui`, `U.S`, `3,5`, `1 500` with a
/// narrow no-break space), hyphens and other punctuation between them.
///
/// Written here rather than taken from unicode-segmentation: it gives the
/// same words on news text (a test compares them on every sample) at a
/// fraction of the cost, since it needs no table lookup for ASCII and
/// builds no segment for the spaces and punctuation between words.
pub fn word_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    word_spans(text).map(|(start, end)| (start, &text[start..end]))
}

/// [`word_indices`] as byte ranges.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let (start, end) = next_span(text, pos)?;
        pos = end;
        Some((start, end))
    })
}

/// The first word at or after `pos`, as a byte range. Out of line: the
/// terms' loop reads plain words of ASCII letters itself and calls it for
/// the others only.
#[inline(never)]
fn next_span(text: &str, mut pos: usize) -> Option<(usize, usize)> {
    use WordClass::*;
    let bytes = text.as_bytes();
    loop {
        // Spaces and ASCII punctuation between words start none: skipped byte by byte.
        while BYTE_CLASS[usize::from(*bytes.get(pos)?)] & (BYTE_JOINER | BYTE_OTHER) != 0 {
            pos += 1;
        }
        let start = pos;
        let first = BYTE_CLASS[usize::from(bytes[pos])];
        let (mut last, mut alnum) = if first != BYTE_HIGH {
            pos += 1;
            (byte_word_class(first), first != BYTE_CONNECTOR)
        } else {
            let (class, len) = char_class_at(text, pos)?;
            pos += len;
            if class == Lone {
                return Some((start, pos));
            }
            if !matches!(class, Letter | Digit | Connector) {
                continue;
            }
            (class, class != Connector)
        };
        loop {
            // ASCII letters, digits and `_` always join: read them byte by byte.
            let run = pos;
            // ASCII letters, most of a word's bytes, are counted eight at a time first.
            let lower = letter_run(bytes, pos);
            pos += lower;
            let mut seen = if lower > 0 { BYTE_LETTER } else { 0 };
            let mut class = BYTE_OTHER;
            while let Some(&b) = bytes.get(pos) {
                class = BYTE_CLASS[usize::from(b)];
                if class > BYTE_CONNECTOR {
                    break;
                }
                seen |= class;
                pos += 1;
            }
            alnum |= seen & (BYTE_LETTER | BYTE_DIGIT) != 0;
            // Past the letters and digits, an ASCII character other than the
            // joiners `.` `'` `:` `,` `;` is Other and ends the word (a space, mostly).
            if class == BYTE_OTHER {
                break;
            }
            // The class of the last character matters only to a joiner after it.
            if pos > run {
                last = byte_word_class(BYTE_CLASS[usize::from(bytes[pos - 1])]);
            }
            let Some((class, len)) = char_class_at(text, pos) else { break };
            let joins = match class {
                Extend => true,
                Letter | Digit | Connector => true,
                MidLetter | MidNumLet | MidNum => {
                    // Joins only between two letters or two digits (skipping marks).
                    let next = text[pos + len..].chars().map(word_class).find(|k| *k != Extend);
                    matches!(
                        (last, class, next),
                        (Letter, MidLetter | MidNumLet, Some(Letter)) | (Digit, MidNum | MidNumLet, Some(Digit))
                    )
                }
                Lone | Other => false,
            };
            if !joins {
                break;
            }
            pos += len;
            if class != Extend {
                alnum |= matches!(class, Letter | Digit);
                last = class;
            }
        }
        if alnum {
            return Some((start, pos));
        }
    }
}

/// The end of the word at `pos` when it is plain: letters of ASCII or
/// Latin-1 (`é`, the [`char_class_at`] shortcut) up to the end, a space or an
/// ASCII mark, or up to a joiner (`,` `.` `'` `:` `;`) that a space, a mark or
/// the end follows, where [`next_span`] would end it too. `None` for any
/// other word (digits, `U.S`, `aujourd'hui`, other scripts), left to [`next_span`].
#[inline]
fn plain_word(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut end = pos;
    loop {
        end += letter_run(bytes, end);
        let Some(&b) = bytes.get(end) else { return (end > pos).then_some(end) };
        match BYTE_CLASS[usize::from(b)] {
            BYTE_LETTER => end += 1,
            BYTE_OTHER => return (end > pos).then_some(end),
            // A joiner joins only a letter to a letter (or a digit to a digit).
            BYTE_JOINER => {
                let ends =
                    bytes.get(end + 1).is_none_or(|&n| BYTE_CLASS[usize::from(n)] & (BYTE_JOINER | BYTE_OTHER) != 0);
                return (end > pos && ends).then_some(end);
            }
            BYTE_HIGH if b == 0xC3 && !matches!(bytes.get(end + 1), Some(0x97 | 0xB7)) => end += 2,
            _ => return None,
        }
    }
}

/// The word at `pos` when it is one to fifteen ASCII letters followed by a
/// byte that is neither a letter nor a joiner (a space, mostly), with its
/// [`word_key`]: what [`plain_word`] and [`crate::lang::key_in`] give for
/// it, from the 8-byte loads that find its letters (one for most words).
/// `None` otherwise, and within eight (or sixteen) bytes of the text's end.
#[inline(always)]
fn short_word(bytes: &[u8], pos: usize) -> Option<(usize, (u64, u64))> {
    let chunk = bytes.get(pos..).and_then(<[u8]>::first_chunk::<8>)?;
    let x = u64::from_le_bytes(*chunk);
    let n = letters(x);
    if n == 8 {
        return long_word(bytes, pos, x);
    }
    let after = (x >> (8 * (n & 7))) as u8;
    (n > 0 && BYTE_CLASS[usize::from(after)] == BYTE_OTHER)
        .then(|| (pos + n, (x & (u64::MAX >> (64 - 8 * n)), (n as u64) << 56)))
}

/// [`short_word`] of a word whose first eight bytes `x` are letters: eight
/// to fifteen letters, their key from a second load.
#[inline]
fn long_word(bytes: &[u8], pos: usize, x: u64) -> Option<(usize, (u64, u64))> {
    let chunk = bytes.get(pos + 8..).and_then(<[u8]>::first_chunk::<8>)?;
    let y = u64::from_le_bytes(*chunk);
    let m = letters(y);
    let after = (y >> (8 * (m & 7))) as u8;
    let len = 8 + m;
    (m < 8 && BYTE_CLASS[usize::from(after)] == BYTE_OTHER)
        .then(|| (pos + len, (x, (y & ((1 << (8 * m)) - 1)) | (len as u64) << 56)))
}

/// How many of the (up to eight) bytes from `pos` on are ASCII letters in a
/// row: one load and a few operations on all eight at once (no carry crosses
/// a byte, since each is first cut to seven bits), instead of a table lookup
/// and a branch per byte. Setting bit 5 maps capitals onto lowercase and no
/// other byte into `a..=z`. Fewer than eight bytes left: 0, and the caller's
/// byte loop reads them.
#[inline]
pub(crate) fn letter_run(bytes: &[u8], pos: usize) -> usize {
    let Some(chunk) = bytes.get(pos..).and_then(<[u8]>::first_chunk::<8>) else { return 0 };
    letters(u64::from_le_bytes(*chunk))
}

/// Splits a text into sentences, each a verbatim (trimmed) slice of it.
///
/// A sentence can end only at a run of terminal marks (`.`, `!`, `?`, `…`)
/// followed by space, with the quotes, brackets and citation marks that close
/// it; whether it does end there depends on the token before the marks
/// (abbreviation, initials, number, word) and on what follows the space.
/// The exceptions end a line that lost its break (a letter's salutation or
/// closing, a contact field) or an English clause at "; however,".
/// Lines are hard boundaries: a heading or a list line never joins the next one.
pub fn split_sentences(text: &str, lang: Lang) -> Vec<&str> {
    // Room for a sentence every 64 bytes: most blocks need no reallocation.
    let mut out = Vec::with_capacity(text.len() / 64 + 1);
    // Lines found with memchr's vector search (the standard library's
    // `split_inclusive('\n')` scans a word at a time); most blocks are one line.
    let mut rest = text;
    while !rest.is_empty() {
        let cut = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |at| at + 1);
        let (line, tail) = rest.split_at(cut);
        split_line(line, lang, &mut out);
        rest = tail;
    }
    out
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Marks that close a sentence when they touch its final punctuation: `fini."`, `(1821).`
pub(crate) fn is_tight_closer(c: char) -> bool {
    matches!(c, '"' | '»' | '”' | '’' | '\'' | ')' | ']')
}

/// Spaces inside a line, including the no-break spaces of French typography.
fn is_inline_space(c: char) -> bool {
    c.is_whitespace() && c != '\n'
}

fn push_piece<'a>(out: &mut Vec<&'a str>, piece: &'a str, lang: Lang) {
    let mut piece = piece.trim();
    // Furniture run into a sentence ("... in the area Scroll down for video
    // The ...") ends the sentence before it.
    while let Some(cut) = inline_cue(piece, lang).filter(|&at| at > 0) {
        push_piece(out, &piece[..cut], lang);
        piece = &piece[cut..];
    }
    while let Some(cut) = lost_break(piece, lang) {
        out.push(piece[..cut].trim_end());
        piece = &piece[cut..];
    }
    if let Some(cut) = dateline_len(piece, lang).filter(|&len| len < piece.len()) {
        out.push(piece[..cut].trim_end());
        piece = piece[cut..].trim_start();
    }
    while let Some(cut) = line_head(piece, lang) {
        out.push(piece[..cut].trim_end());
        piece = piece[cut..].trim_start();
    }
    if !piece.is_empty() {
        out.push(piece);
    }
}

/// Where the first inline furniture cue of the language (`inline` in
/// `src/lang/*/cues.txt`) starts in `text`, as a whole phrase in any case
/// but capitalised, as the furniture's own line was ("readers scroll down
/// for videos" is prose).
fn inline_cue(text: &str, lang: Lang) -> Option<usize> {
    let bytes = text.as_bytes();
    let word_start = |at: usize| at == 0 || bytes[at - 1].is_ascii_whitespace();
    capitals(text, &lists(lang).inline_initials).filter(|&at| word_start(at) && inline_cue_at(text, at, lang)).min()
}

/// Whether the longest inline cue spelt at `at` (in any ASCII case) is there
/// as a whole phrase: no letter or digit runs on after it.
fn inline_cue_at(text: &str, at: usize, lang: Lang) -> bool {
    let bytes = text.as_bytes();
    let spelt = |cue: &&String| bytes.get(at..at + cue.len()).is_some_and(|w| w.eq_ignore_ascii_case(cue.as_bytes()));
    let longest = lang.data().cues.inline.iter().filter(spelt).map(String::len).max();
    longest.is_some_and(|len| text[at + len..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Whether `text` opens with an inline furniture cue.
fn opens_with_inline_cue(text: &str, lang: Lang) -> bool {
    text.as_bytes().first().is_some_and(|b| lists(lang).inline_initials.contains(b)) && inline_cue_at(text, 0, lang)
}

/// Where the first bytes `initials` stand in `text` (a superset of where the
/// capitals they start do), in any order: the phrases that cut a piece all
/// open with one, and most pieces hold none of them at a word's start.
/// Searched three at a time with memchr's vector search, one pass for
/// English's `A`, `S` and `T` where a pass per capital was the cost of a
/// sentence.
fn capitals<'a>(text: &'a str, initials: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    // (One or two initials, as English has, by memchr's searchers for as
    // many bytes: a vector comparison each, where memchr3 makes three.)
    initials.chunks(3).flat_map(move |three| {
        let bytes = text.as_bytes();
        match *three {
            [a] => Either::One(memchr::memchr_iter(a, bytes)),
            [a, b] => Either::Two(memchr::memchr2_iter(a, b, bytes)),
            [a, b, c, ..] => Either::Three(memchr::memchr3_iter(a, b, c, bytes)),
            [] => Either::Three(memchr::memchr3_iter(0, 0, 0, b"")),
        }
    })
}

/// One of [`capitals`]' searchers.
enum Either<A, B, C> {
    One(A),
    Two(B),
    Three(C),
}

impl<A, B, C> Iterator for Either<A, B, C>
where
    A: Iterator<Item = usize>,
    B: Iterator<Item = usize>,
    C: Iterator<Item = usize>,
{
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        match self {
            Either::One(a) => a.next(),
            Either::Two(b) => b.next(),
            Either::Three(c) => c.next(),
        }
    }
}

/// Where a sentence starts inside `piece` after a lost line break: a listed
/// opener (`src/lang/*/lost_break_openers.txt`) capitalised between a
/// lowercase word and a lowercase content word ("... in the evening The first
/// lady ..."). Photo captions and headings carry no final punctuation, so
/// once their line breaks are lost nothing else ends them.
fn lost_break(piece: &str, lang: Lang) -> Option<usize> {
    let lists = lists(lang);
    let bytes = piece.as_bytes();
    capitals(piece, &lists.opener_initials)
        .filter(|&at| {
            // The capital's space, and a word before it.
            if at < 2 || bytes[at - 1] != b' ' {
                return false;
            }
            // " The " for "the": the opener with the spaces around it.
            let space = at - 1;
            let Some(opener) = lists.lost_break_openers.iter().find(|o| piece[space..].starts_with(o.as_str())) else {
                return false;
            };
            let before = piece[..space].rsplit(' ').next().unwrap_or("");
            let after = piece[space + opener.len()..].split(' ').next().unwrap_or("");
            let word = after.trim_end_matches(|c: char| !c.is_alphabetic()).to_lowercase();
            before.chars().count() >= 2
                && before.chars().all(char::is_lowercase)
                && after.starts_with(char::is_lowercase)
                && !lang.data().is_stopword(&word)
        })
        .min()
}

/// Length of a dateline opening `piece`: capitalised place words (or none),
/// a listed news agency in brackets and a dash, when a capitalised sentence
/// follows or nothing does ("Boston (CNN)Guilty...", "LONDON (Reuters) - The..."). The
/// agency's name says nothing of the story, yet would sit in the lead.
fn dateline_len(piece: &str, lang: Lang) -> Option<usize> {
    const MAX_PLACE: usize = 48;
    let open = memchr::memchr(b'(', &piece.as_bytes()[..piece.len().min(MAX_PLACE)])?;
    let place = &piece[..open];
    // The place, and the date a dateline may give after it ("WASHINGTON, March 4", "Bruxelles, 12 mars").
    let months = &lang.data().months;
    let place_word = |w: &str| {
        let w = w.trim_end_matches(',');
        w.starts_with(|c: char| c.is_uppercase())
            || !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
            || months.contains(w)
    };
    if !place.split_whitespace().all(place_word) {
        return None;
    }
    let close = open + piece[open..].find(')')?;
    let agency = piece[open + 1..close].to_lowercase();
    if !lang.data().cues.agency.contains(&agency) {
        return None;
    }
    let after = piece[close + 1..].trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—'));
    let starts = |c: char| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘');
    after.chars().next().is_none_or(starts).then_some(piece.len() - after.len())
}

/// Whether `text` is a dateline and nothing more. Such a dateline ends with
/// the agency's bracket or a dash: a byte test first spares the search for
/// the bracket in every sentence.
fn is_dateline(text: &str, lang: Lang) -> bool {
    text.trim_end().ends_with([')', '-', '–', '—']) && dateline_len(text, lang) == Some(text.len())
}

/// Where a line that lost its line break ends at the start of a piece: a
/// letter's closing before the signature ("Sincerely, Ann Lee"), its
/// salutation before the text ("Dear Ann, Thank you...") or a contact field
/// before the next field or a web address ("Phone: 555 0134 Fax: ...").
/// Such lines have no final punctuation, so nothing else cuts them.
fn line_head(piece: &str, lang: Lang) -> Option<usize> {
    // Cheap test first, as it runs on every sentence: the first word is a
    // label (a colon follows it) or opens a listed closing or salutation.
    let word = piece.bytes().take(MAX_FIRST_WORD).position(|b| matches!(b, b' ' | b',' | b':'))?;
    let after = &piece.as_bytes()[word..];
    if after.starts_with(b":") || after.starts_with(b" :") {
        return field_len(piece);
    }
    let lists = lists(lang);
    let initial = piece.as_bytes()[0].to_ascii_lowercase();
    if initial.is_ascii_lowercase() && lists.initials & 1 << (initial - b'a') == 0
        || !lists.first_words.iter().any(|w| w.eq_ignore_ascii_case(&piece[..word]))
    {
        return None;
    }
    closing_len(piece, lang).or_else(|| salutation_len(piece, lang))
}

/// Length of a letter's salutation, the name and its comma or colon ("Dear
/// Ms. Lee:"), when a capitalised sentence follows.
fn salutation_len(piece: &str, lang: Lang) -> Option<usize> {
    let opener = lists(lang).salutations.prefix_of(piece)?;
    // The name: a few words up to the comma or colon, with no mark of a sentence's end.
    let window = &piece.as_bytes()[..piece.len().min(MAX_SALUTATION)];
    let mark = window.iter().position(|&b| matches!(b, b',' | b':' | b'!' | b'?'))?;
    let name = &piece[opener..mark];
    if !matches!(window[mark], b',' | b':') || name.trim().is_empty() || name.split_whitespace().count() > 5 {
        return None;
    }
    let rest = &piece[mark + 1..];
    let gap = leading_space(rest);
    (gap > 0 && rest[gap..].starts_with(char::is_uppercase)).then_some(mark + 1)
}

/// Longest salutation with its name, in bytes.
const MAX_SALUTATION: usize = 60;

/// Longest field label, in bytes.
const MAX_LABEL: usize = 12;

/// Longest first word of a label, closing or salutation ("Respectueusement"), in bytes.
const MAX_FIRST_WORD: usize = 24;

/// Length of a letter's closing and its comma, when a capitalised name follows.
fn closing_len(piece: &str, lang: Lang) -> Option<usize> {
    let closings = &lists(lang).closings;
    let window = &piece.as_bytes()[..piece.len().min(closings.longest + 1)];
    let comma = window.iter().position(|&b| b == b',')?;
    let head = &piece[..comma];
    let rest = &piece[comma + 1..];
    let space = leading_space(rest);
    let named = space > 0 && rest[space..].starts_with(char::is_uppercase);
    (named && closings.contains(head)).then_some(comma + 1)
}

/// Length of a contact field ("Phone: 814.555.0134", "Tél. : 01 23 45 67 89")
/// when another field or a web address follows it on the same line.
fn field_len(piece: &str) -> Option<usize> {
    let label = label_len(piece)?;
    let value = &piece[label..];
    let len = value
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | '(' | ')' | '/') || is_inline_space(c)))
        .unwrap_or(value.len());
    let number = value[..len].trim_end_matches(is_inline_space);
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    let next = &value[number.len()..];
    let space = leading_space(next);
    let next = &next[space..];
    let field_follows = label_len(next).is_some()
        || next.starts_with("http://")
        || next.starts_with("https://")
        || next.starts_with("www.");
    (digits >= 6 && space > 0 && field_follows).then_some(label + number.len())
}

/// Length of a field label and its colon, with the space after it: one
/// capitalised word ("Fax:", "E-mail:", "Tél. :"), then a space.
fn label_len(s: &str) -> Option<usize> {
    let word = s.find(|c: char| !(c.is_alphabetic() || matches!(c, '-' | '.'))).unwrap_or(s.len());
    if word == 0 || word > MAX_LABEL || !s.starts_with(char::is_uppercase) {
        return None;
    }
    let rest = &s[word..];
    let colon = leading_space(rest);
    let after = rest[colon..].strip_prefix(':')?;
    let space = leading_space(after);
    (colon <= 2 && space > 0).then_some(s.len() - after.len() + space)
}

fn split_line<'a>(line: &'a str, lang: Lang, out: &mut Vec<&'a str>) {
    let mut start = 0;
    // Quotations opened with « or “ and not yet closed: a spaced » closes one,
    // while a » with nothing open is stray and starts the next sentence.
    let mut open_quotes = 0usize;
    // Straight double quotes seen: after an even number, the next one opens.
    let mut straight_quotes = 0usize;
    // Where the quotation framed by the current sentence closes (0: none
    // open). English only: the English treebanks keep such a quotation whole,
    // while French gold gives no sign of it and French news quotes long
    // statements after a colon, which cut into sentences make better leads.
    let mut framed_until = 0usize;
    let mut i = 0;
    let bytes = line.as_bytes();
    loop {
        // Most characters play no part: skipped up to one that may start a mark.
        i = next_mark(bytes, i);
        let Some(c) = line[i..].chars().next() else { break };
        match c {
            '«' | '“' | '"' => {
                let opens = c != '"' || straight_quotes.is_multiple_of(2);
                straight_quotes += usize::from(c == '"');
                open_quotes += usize::from(c != '"');
                if opens && i >= framed_until && lang == Lang::En {
                    framed_until = framed_quote_end(line, start, i, c).unwrap_or(0);
                }
            }
            '»' | '”' => open_quotes = open_quotes.saturating_sub(1),
            ';' if i >= framed_until
                && semicolon_ends(&line[i + 1..], lang)
                && line[start..i].chars().any(char::is_alphabetic) =>
            {
                push_piece(out, &line[start..=i], lang);
                start = i + 1;
            }
            _ => {}
        }
        if !is_terminal(c) {
            i += c.len_utf8();
            continue;
        }
        let run_start = i;
        let run_end = run_start + line[i..].find(|c: char| !is_terminal(c)).unwrap_or(line.len() - i);
        let run = &line[run_start..run_end];
        // "(...)" marks a cut in a quotation, not the end of a sentence.
        if line[..run_start].ends_with(['(', '[']) && line[run_end..].starts_with([')', ']']) {
            i = run_end;
            continue;
        }
        // The quotes and brackets that close the sentence.
        let mut end = run_end;
        loop {
            let rest = &line[end..];
            let Some(c) = rest.chars().next() else { break };
            if is_tight_closer(c) {
                if matches!(c, '»' | '”') {
                    open_quotes = open_quotes.saturating_sub(1);
                }
                straight_quotes += usize::from(c == '"');
                end += c.len_utf8();
                continue;
            }
            let spaced = rest.trim_start_matches(is_inline_space);
            if let Some(q @ ('»' | '”')) = spaced.chars().next()
                && spaced.len() < rest.len()
                && open_quotes > 0
            {
                open_quotes -= 1;
                end += rest.len() - spaced.len() + q.len_utf8();
                continue;
            }
            break;
        }
        let closed = end > run_end;
        // Citation marks ("[17]", "[...]") and footnote numbers ("rights. 4 Even")
        // stay with the sentence they follow.
        let space = leading_space(&line[end..]);
        if let Some(n) = citation_len(&line[end + space..]) {
            end += space + n;
        } else if space > 0
            && let Some(n) = footnote_len(&line[end + space..])
        {
            end += space + n;
        }
        i = end;
        let space = leading_space(&line[end..]);
        let next = &line[end + space..];
        // Inside a framed quotation, up to the stop its closing quote follows.
        if next.is_empty() || end <= framed_until {
            continue;
        }
        if space == 0 {
            // "domestique.Consternant", "fin."Les", "(95).Météo": a stop that lost its space.
            if let Some(cut) = glued_cut(line, start, run_start, run_end, end) {
                push_piece(out, &line[start..cut], lang);
                start = cut;
            }
            continue;
        }
        // A list number ("6.") or a lone mark is no sentence: it opens the next one.
        let has_letter = line[start..run_start].chars().any(char::is_alphabetic);
        if has_letter && ends_sentence(&line[..run_start], run, closed, next, lang) {
            push_piece(out, &line[start..end], lang);
            start = end;
        }
    }
    push_piece(out, &line[start..], lang);
}

/// The bytes [`split_line`] stops at: `" ; . ! ?` and the first bytes of the
/// other marks it reads (`«` `»` in `C2 xx`; `“` `”` `…` `‼` `⁇` `⁈` `⁉` in
/// `E2 xx xx`). Every other byte, of ASCII or inside a letter like `é`, is
/// skipped without decoding its character.
static MARK_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let marks = [b'"', b';', b'.', b'!', b'?', 0xC2, 0xE2];
    while i < marks.len() {
        table[marks[i] as usize] = true;
        i += 1;
    }
    table
};

/// The first byte from `i` on that may start a mark ([`MARK_BYTE`]), or the
/// end. Eight bytes at a time: letters and spaces, most of a text, are
/// neither in `21..=3F` (where the ASCII marks are) nor past `7F`, which one
/// addition and a mask tell for all eight; only those that are go to the table.
#[inline]
fn next_mark(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*chunk);
        // Below 80, a byte is in 21..=3F when adding 5F carries into its top bit and adding 40 does not.
        let low = x & !HIGH;
        let mut candidates = (x | (low + 0x5F * ONES) & !(low + 0x40 * ONES)) & HIGH;
        while candidates != 0 {
            let at = i + (candidates.trailing_zeros() / 8) as usize;
            if bytes.get(at).is_some_and(|&b| MARK_BYTE[usize::from(b)]) {
                return at;
            }
            candidates &= candidates - 1;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| !MARK_BYTE[usize::from(b)]) {
        i += 1;
    }
    i
}

fn leading_space(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_inline_space).len()
}

/// Length of a citation mark at the start of `s`: `[17]`, `[3, 4]`, `[12–15]`, `[...]`.
fn citation_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find(']')?;
    let body = &inner[..close];
    let numeric = body.chars().any(|c| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '–' | ' '));
    let elided = matches!(body, "..." | "…");
    (numeric && body.len() <= 12 || elided).then_some(close + 2)
}

/// Length of a footnote number at the start of `s`: one or two digits, then a
/// space and a capitalised word ("4 Even though").
fn footnote_len(s: &str) -> Option<usize> {
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if !(1..=2).contains(&digits) {
        return None;
    }
    let rest = &s[digits..];
    let space = leading_space(rest);
    let upper = rest[space..].chars().next().is_some_and(char::is_uppercase);
    (space > 0 && upper).then_some(digits)
}

/// Where to cut when a terminal mark (`run_start..run_end`, closers up to
/// `end`) lost the space before a new sentence, as copied news text often
/// does: "domestique.Consternant", "fin."Les", "(95).Météo", "2016.Dans",
/// "obligatoire ?Outre". Before the mark: two lowercase letters, two digits or
/// a closing bracket or quote (so `M.Dupont` and `U.S.Army` stay whole); after
/// it, a capitalised word. A straight quote after the stop closes the sentence
/// when one is open in it, and otherwise opens the next. URLs, e-mails and
/// domains are left alone.
fn glued_cut(line: &str, start: usize, run_start: usize, run_end: usize, end: usize) -> Option<usize> {
    let run = &line[run_start..run_end];
    let before = &line[start..run_start];
    let head = before.trim_end_matches(is_inline_space);
    // Only `?` and `!` take a space before them (French typography).
    if head.len() < before.len() && !run.contains(['?', '!']) {
        return None;
    }
    let mut rev = head.chars().rev();
    let (b1, b2) = (rev.next()?, rev.next());
    let word = b1.is_lowercase() && b2.is_some_and(char::is_lowercase);
    let year = b1.is_ascii_digit() && b2.is_some_and(|c| c.is_ascii_digit());
    if !(word || year || matches!(b1, ')' | '"' | '»' | '”' | '%')) {
        return None;
    }
    let cut = if line[run_end..end].starts_with('"') && before.matches('"').count().is_multiple_of(2) {
        run_end
    } else {
        end
    };
    let mut after = line[cut..].trim_start_matches(['"', '«', '“']).chars();
    if !(after.next().is_some_and(char::is_uppercase) && after.next().is_some_and(char::is_lowercase)) {
        return None;
    }
    let token_start = line[..run_start]
        .rfind(char::is_whitespace)
        .map_or(0, |p| p + line[p..].chars().next().map_or(1, char::len_utf8));
    let token_end = line[run_start..].find(char::is_whitespace).map_or(line.len(), |p| run_start + p);
    let token = &line[token_start..token_end];
    (!(token.contains("://") || token.contains('@') || token.starts_with("www"))).then_some(cut)
}

/// What stands before a full stop.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Before {
    /// A listed abbreviation that never ends a sentence (`M.`, `Dr.`, `p. ex.`).
    Abbreviation,
    /// A listed abbreviation that may end one (`etc.`, `Inc.`, `U.S.`).
    MayEnd,
    /// A listed abbreviation that ends a clock time (`p.m.`).
    Time,
    /// Initials or an acronym with periods: `J.`, `J.-P.`, `H.R.F.`.
    Initials,
    /// A number: `en 2008.`
    Number,
    /// A word of this many letters, with nothing but letters, apostrophes and hyphens.
    Word(usize),
    /// Anything else: symbols, mixed tokens, nothing.
    Other,
}

/// The kind of terminal run.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    /// One full stop.
    Stop,
    /// Contains `?` or `!`.
    Strong { question: bool },
    /// `..`, `...` or `…`.
    Ellipsis,
}

fn mark(run: &str) -> Mark {
    if run.contains(['!', '?', '‼', '⁇', '⁈', '⁉']) {
        Mark::Strong { question: run.contains(['?', '⁇', '⁈', '⁉']) }
    } else if run == "." {
        Mark::Stop
    } else {
        Mark::Ellipsis
    }
}

/// Whether a sentence ends after `run` (and its closers when `closed`), given
/// the text before the run and the text after the space that follows.
fn ends_sentence(head: &str, run: &str, closed: bool, next: &str, lang: Lang) -> bool {
    let mark = mark(run);
    let before = if mark == Mark::Stop && !closed { before_stop(head, lang) } else { Before::Other };
    let Some(first) = next.chars().next() else { return false };
    // "iPhone", "eBay": a lowercase start with a capital inside reads as capitalised.
    let camel = first.is_lowercase() && first_token(next).chars().skip(1).any(char::is_uppercase);
    if first.is_lowercase() && !camel {
        // "dit-elle", "he said", "etc. and": lowercase goes on, except after
        // a plain word and a full stop ("menace. c'est-à-dire"), or a question
        // that is not a French inversion ("utilisé ? la maladie").
        return !closed
            && match mark {
                Mark::Stop => matches!(before, Before::Word(n) if n >= 5),
                Mark::Strong { question } => question && !first_token(next).contains('-'),
                Mark::Ellipsis => false,
            };
    }
    if first.is_uppercase() || camel {
        return match before {
            Before::Abbreviation => false,
            Before::MayEnd => starts_sentence(next, lang, false),
            Before::Initials => starts_sentence(next, lang, true),
            // "at 7:30 p.m. Tickets cost…", but "9 a.m. EST" and "10 a.m. Tuesday"
            // (a time zone, the day of an agency's dateline time).
            Before::Time => {
                let token = first_token(next).trim_end_matches([',', '.', ';', ':']);
                !token.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
                    && !lang.data().weekdays.contains(&token.to_lowercase())
            }
            _ => true,
        };
    }
    if matches!(first, ',' | ';' | ':' | ')' | ']' | '}' | '?' | '!' | '.' | '…' | '%') {
        return false;
    }
    // A parenthesis opening on a lowercase word comments on the sentence
    // before it: `l'OPAC." (cité par Le Monde).`
    if first == '(' && next[1..].chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    // "No. 5", "vol. 3", "(b. 1950)": numbers go on after any abbreviation or a lone letter.
    if first.is_ascii_digit() {
        return !matches!(
            before,
            Before::Abbreviation | Before::MayEnd | Before::Time | Before::Initials | Before::Word(1)
        );
    }
    // "et al. (2003)": brackets go on after any abbreviation.
    if matches!(first, '(' | '[') {
        return !matches!(before, Before::Abbreviation | Before::MayEnd | Before::Time | Before::Initials);
    }
    // Dashes of a list or a dialogue, opening quotes.
    !matches!(before, Before::Abbreviation | Before::Initials)
}

/// The first whitespace-separated token of a text.
fn first_token(s: &str) -> &str {
    s.split(char::is_whitespace).next().unwrap_or("")
}

const OPENERS: [char; 7] = ['(', '[', '«', '"', '“', '\'', '‘'];

/// Classifies the token before a full stop; `head` is the text before the stop.
fn before_stop(head: &str, lang: Lang) -> Before {
    let token = head.rsplit(char::is_whitespace).next().unwrap_or("").trim_start_matches(OPENERS);
    if token.is_empty() {
        return Before::Other;
    }
    // "l'art." is "art." after an elision.
    let bare = token.rsplit(['\'', '’']).next().unwrap_or(token);
    if let Some(before) = listed_abbreviation(head, bare, lang) {
        return before;
    }
    // A lowercase abbreviation capitalised because it opens the sentence: "Approx. 200 came."
    let opens = opens_sentence(&head[..head.len() - token.len()]);
    if opens && bare.len() == token.len() && bare.starts_with(|c: char| c.is_uppercase()) {
        let mut chars = bare.chars();
        let lower: String = chars.next().into_iter().flat_map(char::to_lowercase).chain(chars).collect();
        if lower.chars().skip(1).any(char::is_lowercase) {
            let head = format!("{}{lower}", &head[..head.len() - token.len()]);
            if let Some(before) = listed_abbreviation(&head, &lower, lang) {
                return before;
            }
        }
    }
    if is_initials(token) {
        return Before::Initials;
    }
    if token.ends_with(|c: char| c.is_ascii_digit()) {
        // "three parts: 1. Cut taxes. 2. …": a list's first number after a colon.
        let item = token.len() <= 2 && token.bytes().all(|b| b.is_ascii_digit());
        if item && head[..head.len() - token.len()].trim_end().ends_with(':') {
            return Before::Abbreviation;
        }
        return Before::Number;
    }
    if token.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-')) {
        return Before::Word(token.chars().filter(|c| c.is_alphabetic()).count());
    }
    Before::Other
}

/// The listed abbreviation `head` ends with, whose last token is `bare`.
fn listed_abbreviation(head: &str, bare: &str, lang: Lang) -> Option<Before> {
    for l in [lang, other(lang)] {
        let Some(candidates) = abbreviation_index(l).get(bare) else { continue };
        for abbr in candidates {
            let full = abbr.text.as_str();
            // The other language lends its titles and dotted forms ("Mr.", "U.S."),
            // not its lowercase ones: French "ill." is English "ill".
            if l != lang && !full.starts_with(char::is_uppercase) && full.matches('.').count() < 2 {
                continue;
            }
            if ends_with_word(head, &full[..full.len() - 1]) {
                return Some(match (abbr.time, abbr.may_end) {
                    (true, _) => Before::Time,
                    (false, true) => Before::MayEnd,
                    (false, false) => Before::Abbreviation,
                });
            }
        }
    }
    None
}

/// Whether the token after `before` opens a sentence: nothing or a sentence's end precedes it.
fn opens_sentence(before: &str) -> bool {
    before.trim_end().trim_end_matches(['"', '”', '»', ')', ' ', '\u{a0}']).is_empty()
        || before.trim_end().ends_with(['.', '!', '?', '…', '"', '”', '»'])
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    }
}

/// `J`, `J.-P`, `H.R.F`, `U.S.G` (the final stop removed): capitals, one per
/// period; `a.k.a` style lowercase letters count when there are two or more.
fn is_initials(token: &str) -> bool {
    let mut pieces = 0;
    let mut upper = true;
    // A set of one char rather than the char: tokens are short, and a char pattern sets up memchr.
    for piece in token.split(['.']) {
        let piece = piece.trim_start_matches('-');
        let mut chars = piece.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else { return false };
        if !c.is_alphabetic() {
            return false;
        }
        upper &= c.is_uppercase();
        pieces += 1;
    }
    upper || pieces >= 2
}

type AbbreviationIndex = FxHashMap<&'static str, Vec<&'static Abbreviation>>;

/// Listed abbreviations by their last token without its final period
/// (`p. ex.` under `ex`).
fn abbreviation_index(lang: Lang) -> &'static AbbreviationIndex {
    static FR: OnceLock<AbbreviationIndex> = OnceLock::new();
    static EN: OnceLock<AbbreviationIndex> = OnceLock::new();
    let cell = match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let mut index: AbbreviationIndex = FxHashMap::default();
        for abbr in &lang.data().abbreviations {
            let full = abbr.text.as_str();
            let Some(stem) = full.strip_suffix('.') else { continue };
            let last = stem.rsplit(char::is_whitespace).next().unwrap_or(stem);
            index.entry(last).or_default().push(abbr);
        }
        // Longer (multi-word) forms first: "av. J.-C." before "J.-C.".
        for forms in index.values_mut() {
            forms.sort_by_key(|abbr| std::cmp::Reverse(abbr.text.len()));
        }
        index
    })
}

/// Whether `text` ends with `word` standing alone: not glued to a letter,
/// digit, period or hyphen before it (an elision is fine: `l'art.`).
fn ends_with_word(text: &str, word: &str) -> bool {
    text.ends_with(word)
        && text[..text.len() - word.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && !matches!(c, '.' | '-'))
}

/// Short phrases of a data file (`src/lang/*/closings.txt`, `salutations.txt`,
/// `clause_adverbs.txt`), compared ASCII-case-insensitively.
struct Phrases {
    list: Vec<&'static str>,
    /// Length in bytes of the longest phrase, to bound the text compared.
    longest: usize,
}

impl Phrases {
    fn parse(text: &'static str) -> Phrases {
        let list: Vec<&'static str> =
            text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
        let longest = list.iter().map(|p| p.len()).max().unwrap_or(0);
        Phrases { list, longest }
    }

    fn contains(&self, text: &str) -> bool {
        text.len() <= self.longest && self.list.iter().any(|p| p.eq_ignore_ascii_case(text))
    }

    /// Length of the listed phrase `text` starts with, followed by a space.
    fn prefix_of(&self, text: &str) -> Option<usize> {
        let opens = |p: &&&str| {
            text.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p))
                && text[p.len()..].starts_with(is_inline_space)
        };
        self.list.iter().find(opens).map(|p| p.len())
    }
}

/// The phrase lists of one language that mark line and clause ends.
struct Lists {
    closings: Phrases,
    salutations: Phrases,
    clause_adverbs: Phrases,
    /// The first words of the closings and salutations.
    first_words: Vec<&'static str>,
    /// Their ASCII initials, lowercased, as bits (`a` = bit 0): most
    /// sentences are ruled out by their first letter.
    initials: u32,
    /// The capitals the inline cues can open with (their ASCII initials, uppercased).
    inline_initials: Vec<u8>,
    /// " The " for "the": the lost-break openers, capitalised, between spaces.
    lost_break_openers: Vec<String>,
    /// The first bytes of their capitals (`T` for " The ").
    opener_initials: Vec<u8>,
}

impl Lists {
    fn parse(
        closings: &'static str,
        salutations: &'static str,
        clause_adverbs: &'static str,
        openers: &'static str,
        lang: Lang,
    ) -> Lists {
        let (closings, salutations) = (Phrases::parse(closings), Phrases::parse(salutations));
        let mut first_words: Vec<&'static str> =
            closings.list.iter().chain(&salutations.list).filter_map(|p| p.split(' ').next()).collect();
        first_words.sort_unstable();
        first_words.dedup();
        let initials = first_words
            .iter()
            .filter_map(|w| w.bytes().next().map(|b| b.to_ascii_lowercase()))
            .filter(u8::is_ascii_lowercase)
            .fold(0, |bits, b| bits | 1 << (b - b'a'));
        let inline = &lang.data().cues.inline;
        let mut inline_initials: Vec<u8> = inline
            .iter()
            .filter_map(|p| p.bytes().next())
            .filter(u8::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        inline_initials.sort_unstable();
        inline_initials.dedup();
        let lost_break_openers: Vec<String> = Phrases::parse(openers)
            .list
            .iter()
            .map(|w| {
                let mut chars = w.chars();
                let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
                format!(" {first}{} ", chars.as_str())
            })
            .collect();
        let mut opener_initials: Vec<u8> =
            lost_break_openers.iter().filter_map(|o| o.trim_start().bytes().next()).collect();
        opener_initials.sort_unstable();
        opener_initials.dedup();
        Lists {
            closings,
            salutations,
            clause_adverbs: Phrases::parse(clause_adverbs),
            first_words,
            initials,
            inline_initials,
            opener_initials,
            lost_break_openers,
        }
    }
}

fn lists(lang: Lang) -> &'static Lists {
    static FR: OnceLock<Lists> = OnceLock::new();
    static EN: OnceLock<Lists> = OnceLock::new();
    let cell = match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let f = lang.files();
        Lists::parse(f.closings, f.salutations, f.clause_adverbs, f.lost_break_openers, lang)
    })
}

/// Whether a semicolon followed by `rest` ends a sentence: it does before a
/// listed conjunctive adverb set off by a comma ("; nevertheless, he ...").
#[inline(never)]
fn semicolon_ends(rest: &str, lang: Lang) -> bool {
    let adverbs = &lists(lang).clause_adverbs;
    let space = leading_space(rest);
    if space == 0 || adverbs.longest == 0 {
        return false;
    }
    let rest = &rest[space..];
    let window = &rest.as_bytes()[..rest.len().min(adverbs.longest + 1)];
    window.iter().position(|&b| b == b',').is_some_and(|comma| adverbs.contains(&rest[..comma]))
}

/// Where a quotation opened at `at` with `open` ends, when the sentence frames
/// it: it follows a comma or a colon and a space inside a sentence that began
/// before it ("he wrote, "He has...", "she said: “It..."), starts with a
/// capital, and closes on the same line. Its full stops are then the
/// quotation's, not the sentence's: the whole stays one sentence.
#[inline(never)]
fn framed_quote_end(line: &str, start: usize, at: usize, open: char) -> Option<usize> {
    let before = &line[start..at];
    let head = before.trim_end_matches(is_inline_space);
    if head.len() == before.len() || !head.ends_with([',', ':']) || !head.chars().any(char::is_alphabetic) {
        return None;
    }
    let inside = &line[at + open.len_utf8()..];
    if !inside.trim_start_matches(is_inline_space).starts_with(char::is_uppercase) {
        return None;
    }
    let close = match open {
        '«' => '»',
        '“' => '”',
        _ => '"',
    };
    // Another quotation opening first means this one was left unclosed: an
    // opening mark, or a straight quote glued to the word after it or spaced
    // from the word before it (`it. "[The`).
    let p = inside.find([open, close])?;
    let reopened = if open == '"' {
        let after = &inside[p + 1..];
        after.starts_with(char::is_alphanumeric)
            || inside[..p].ends_with(char::is_whitespace) && after.starts_with(|c: char| !c.is_whitespace())
    } else {
        inside[p..].starts_with(open)
    };
    (!reopened).then_some(line.len() - inside.len() + p)
}

/// Name particles that follow initials without starting a sentence: "J. Le Pen", "H. van Rompuy".
fn name_particles() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        crate::lang::COMMON
            .name_particles
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Whether the capitalised text after initials or an abbreviation that may
/// end a sentence starts a new one: it does when its first word is a function
/// word ("U.S. The", "Dagobert I. Ils"), not a name ("U.S. Army", "S. Powell").
/// After initials, a name particle goes on ("J. Le Pen"); after "etc." it is an article.
fn starts_sentence(next: &str, lang: Lang, after_initials: bool) -> bool {
    let token = first_token(next);
    let letters = token.find(|c: char| !c.is_alphabetic()).unwrap_or(token.len());
    // Another initial or abbreviation: "J. K. Rowling", "George W. Bush".
    if token[letters..].starts_with('.') {
        return false;
    }
    let word = token[..letters].to_lowercase();
    let particle = after_initials && name_particles().contains(word.as_str());
    !word.is_empty() && !particle && lang.data().is_stopword(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_table() {
        let cases: [(&str, &[&str]); 41] = [
            ("Le chat dort. Le chien aboie.", &["Le chat dort.", "Le chien aboie."]),
            // No lost-break openers in French: "La" and "Le" also open names.
            ("Il a lu la presse La ville dort.", &["Il a lu la presse La ville dort."]),
            // A wire's dateline, with or without its date, is cut off as the English one is.
            ("Paris (AFP) - Le chien dort.", &["Paris (AFP) -", "Le chien dort."]),
            ("BRUXELLES, 12 mars (Reuters) – Le chien dort.", &["BRUXELLES, 12 mars (Reuters) –", "Le chien dort."]),
            ("En 2019 (AFP) le chien dormait.", &["En 2019 (AFP) le chien dormait."]),
            (
                "Rafales en fin de nuit.\"Les rafales ont cessé.",
                &["Rafales en fin de nuit.", "\"Les rafales ont cessé."],
            ),
            ("Il a dit \"c'est fini.\"Puis il part.", &["Il a dit \"c'est fini.\"", "Puis il part."]),
            ("Le Val-d'Oise (95).Météo France alerte.", &["Le Val-d'Oise (95).", "Météo France alerte."]),
            ("Le masque obligatoire ?Outre la fête, rien.", &["Le masque obligatoire ?", "Outre la fête, rien."]),
            ("Depuis 2016.Dans le sillage, M.Dupont part.", &["Depuis 2016.", "Dans le sillage, M.Dupont part."]),
            ("M. Macron a parlé. Mme Dupont aussi.", &["M. Macron a parlé.", "Mme Dupont aussi."]),
            ("Le taux est de 18,25 %. Il baisse.", &["Le taux est de 18,25 %.", "Il baisse."]),
            ("Il a dit : « C'est fini. » Puis il est parti.", &["Il a dit : « C'est fini. »", "Puis il est parti."]),
            ("« Viens ! » dit-elle. Il vint.", &["« Viens ! » dit-elle.", "Il vint."]),
            (
                "Un drame domestique.Consternant, le maire se tait.",
                &["Un drame domestique.", "Consternant, le maire se tait."],
            ),
            ("Né en 52 av. J.-C. à Rome. Il régna.", &["Né en 52 av. J.-C. à Rome.", "Il régna."]),
            ("Voir www.exemple.fr pour plus. Merci.", &["Voir www.exemple.fr pour plus.", "Merci."]),
            ("Le fondateur, J.-P. Martin, a cédé. Il part.", &["Le fondateur, J.-P. Martin, a cédé.", "Il part."]),
            ("Sous Louis I. Il régna peu.", &["Sous Louis I.", "Il régna peu."]),
            ("Il sort en 2009. 12 villes suivent.", &["Il sort en 2009.", "12 villes suivent."]),
            ("On conclut la réunion. puis on vote.", &["On conclut la réunion.", "puis on vote."]),
            ("Pourquoi partir ? la question reste.", &["Pourquoi partir ?", "la question reste."]),
            ("Viendra-t-il ? demande-t-elle.", &["Viendra-t-il ? demande-t-elle."]),
            ("Les effets sont rares. - Une fièvre.", &["Les effets sont rares.", "- Une fièvre."]),
            ("Il l'a dit. » Ensuite on a voté.", &["Il l'a dit.", "» Ensuite on a voté."]),
            (
                "Il a vu le Dr. Martin hier. (...) Le reste suit.",
                &["Il a vu le Dr. Martin hier.", "(...) Le reste suit."],
            ),
            ("Une page « lue. » (cité par un ami). Fin.", &["Une page « lue. » (cité par un ami).", "Fin."]),
            ("La ville est à l'est. Celle-ci grandit.", &["La ville est à l'est.", "Celle-ci grandit."]),
            ("Le vol. « Il a eu peur », dit-il.", &["Le vol.", "« Il a eu peur », dit-il."]),
            ("Voir l'art. 5 du code. Il suffit.", &["Voir l'art. 5 du code.", "Il suffit."]),
            ("Il rejoint la S.N.C.F. Elle recrute.", &["Il rejoint la S.N.C.F.", "Elle recrute."]),
            // A quotation framed by its sentence is still cut in French (English keeps it whole).
            (
                "Il a dit : « C'est fini. On part. » Puis il sort.",
                &["Il a dit : « C'est fini.", "On part. »", "Puis il sort."],
            ),
            // French treebanks keep a semicolon inside the sentence, adverb or not.
            ("Il pleut ; cependant, il sort.", &["Il pleut ; cependant, il sort."]),
            // A letter's closing and its signature, a contact field and the next one.
            ("Cordialement, Jean Dupont", &["Cordialement,", "Jean Dupont"]),
            ("Respectueusement, Jean Dupont", &["Respectueusement,", "Jean Dupont"]),
            ("Bien cordialement, les élèves", &["Bien cordialement, les élèves"]),
            ("Tél. : 01 23 45 67 89 Fax : 01 23 45 67 90", &["Tél. : 01 23 45 67 89", "Fax : 01 23 45 67 90"]),
            ("Remarque : 12 élèves sont venus.", &["Remarque : 12 élèves sont venus."]),
            ("P.S. Je t'embrasse. À bientôt.", &["P.S. Je t'embrasse.", "À bientôt."]),
            ("Chère Anne, Je t'écris de Lyon.", &["Chère Anne,", "Je t'écris de Lyon."]),
            ("Cher ami, merci.", &["Cher ami, merci."]),
        ];
        for (text, want) in cases {
            assert_eq!(split_sentences(text, Lang::Fr), want, "{text}");
        }
    }

    #[test]
    fn english_table() {
        let cases: [(&str, &[&str]); 52] = [
            ("Mr. Smith went to Washington. He stayed.", &["Mr. Smith went to Washington.", "He stayed."]),
            ("J. K. Rowling wrote it. It sold.", &["J. K. Rowling wrote it.", "It sold."]),
            ("The U.S. Army left. It was 3.5 miles.", &["The U.S. Army left.", "It was 3.5 miles."]),
            ("He lives in the U.S. The rest is history.", &["He lives in the U.S.", "The rest is history."]),
            ("\"Stop!\" she said. They did.", &["\"Stop!\" she said.", "They did."]),
            ("It rained.Critics said so.", &["It rained.", "Critics said so."]),
            ("Wait... what? Yes.", &["Wait... what?", "Yes."]),
            ("He was born in 1790. [4] He left.", &["He was born in 1790. [4]", "He left."]),
            ("Prices rose (see Table 2). 3 Then they fell.", &["Prices rose (see Table 2). 3", "Then they fell."]),
            ("Built in the 1200s (c. 1230 BC). It fell.", &["Built in the 1200s (c. 1230 BC).", "It fell."]),
            ("A novel by H.G. Wells. It is short.", &["A novel by H.G. Wells.", "It is short."]),
            ("Ask Mr. J. Le Roy first. He knows.", &["Ask Mr. J. Le Roy first.", "He knows."]),
            ("Ann and Jim run the Prax Co. The firm grew.", &["Ann and Jim run the Prax Co.", "The firm grew."]),
            ("Sales were flat.\u{a0}\"Bad,\" he said.", &["Sales were flat.", "\"Bad,\" he said."]),
            ("Costs fell 3.5% in 2020. Profits did not.", &["Costs fell 3.5% in 2020.", "Profits did not."]),
            ("Mail me at ann.lee@mail.com today. Thanks.", &["Mail me at ann.lee@mail.com today.", "Thanks."]),
            ("He likes cards. 6. He reads a lot.", &["He likes cards.", "6. He reads a lot."]),
            ("She fell ill. The match went on.", &["She fell ill.", "The match went on."]),
            ("Spc. Ray Hill spoke. He left.", &["Spc. Ray Hill spoke.", "He left."]),
            ("Sales fell last year. iPhone sales rose.", &["Sales fell last year.", "iPhone sales rose."]),
            ("Ada Hale (b. 1950) sings. She won.", &["Ada Hale (b. 1950) sings.", "She won."]),
            ("As Lee et al. (2003) show in Eq. 4, it holds.", &["As Lee et al. (2003) show in Eq. 4, it holds."]),
            // A quotation framed by its sentence stays whole; one that opens the sentence is cut.
            (
                "He wrote, \"It rained. We left.\" Then he slept.",
                &["He wrote, \"It rained. We left.\"", "Then he slept."],
            ),
            ("She said: “Go. Now.” He went.", &["She said: “Go. Now.”", "He went."]),
            ("\"We are late. Go now,\" he said.", &["\"We are late.", "Go now,\" he said."]),
            ("We need to \"act. Now\" or never.", &["We need to \"act.", "Now\" or never."]),
            // Unclosed: the next straight quote opens another quotation.
            ("He said, \"It is over. \"Why?\" we ask.", &["He said, \"It is over.", "\"Why?\" we ask."]),
            ("He said, \"It is over. \"[We] ask.\"", &["He said, \"It is over.", "\"[We] ask.\""]),
            (
                "He said, “It is over. She left. “Why?” we ask.",
                &["He said, “It is over.", "She left.", "“Why?” we ask."],
            ),
            // A semicolon ends a sentence before a conjunctive adverb and its comma only.
            ("He was poor; nevertheless, he gave.", &["He was poor;", "nevertheless, he gave."]),
            ("He was poor; he gave; however he could.", &["He was poor; he gave; however he could."]),
            ("; however, he left.", &["; however, he left."]),
            // A letter's closing and its signature, a contact field and the next one.
            ("Sincerely, Ann Lee", &["Sincerely,", "Ann Lee"]),
            ("Best regards, the team", &["Best regards, the team"]),
            (
                "Phone: 555.010.1234 Fax: 555.010.5678 http://www.example.org",
                &["Phone: 555.010.1234", "Fax: 555.010.5678", "http://www.example.org"],
            ),
            ("Room: 201 Bldg: 4", &["Room: 201 Bldg: 4"]),
            ("P.S. What about the cat? It is fine.", &["P.S. What about the cat?", "It is fine."]),
            ("Dear Ms. Lee: Thank you. We agree.", &["Dear Ms. Lee:", "Thank you.", "We agree."]),
            ("Dear friends, we did it.", &["Dear friends, we did it."]),
            (
                "The dog ran away. Scroll down for video The dog (left) at the park A neighbour found it.",
                &["The dog ran away.", "Scroll down for video", "The dog (left) at the park", "A neighbour found it."],
            ),
            (
                "It rained in the city Scroll down for video Rain in the street.",
                &["It rained in the city", "Scroll down for video Rain in the street."],
            ),
            ("They scroll down for videos of cats.", &["They scroll down for videos of cats."]),
            ("Press scroll down for videography.", &["Press scroll down for videography."]),
            (
                "Boston (CNN)Guilty across the board. He left.",
                &["Boston (CNN)", "Guilty across the board.", "He left."],
            ),
            ("LONDON (Reuters) - The bank fell.", &["LONDON (Reuters) -", "The bank fell."]),
            ("The network (CNN) said so.", &["The network (CNN) said so."]),
            (
                "It was held in the evening The first lady spoke.",
                &["It was held in the evening", "The first lady spoke."],
            ),
            (
                "She was charged with abuse A jilted man was jailed.",
                &["She was charged with abuse", "A jilted man was jailed."],
            ),
            ("He read The Times today.", &["He read The Times today."]),
            ("Nurse A said no.", &["Nurse A said no."]),
            ("It blocks infra-red A rays well.", &["It blocks infra-red A rays well."]),
            ("They went from A to B.", &["They went from A to B."]),
        ];
        for (text, want) in cases {
            assert_eq!(split_sentences(text, Lang::En), want, "{text}");
        }
    }

    /// How French and English news is typeset, beyond the dev treebanks:
    /// clock times and dates, abbreviations before numbers and names, sums,
    /// ellipses, quotations and brackets around a sentence's end, headings
    /// without a full stop. Written from typesetting practice, not from dev items.
    #[test]
    fn news_typesetting_table() {
        let french: &[(&str, &[&str])] = &[
            (
                "Le rendez-vous est fixé à 14 h 30. Les élus arrivent.",
                &["Le rendez-vous est fixé à 14 h 30.", "Les élus arrivent."],
            ),
            (
                "La séance a repris à 9h. Le maire a pris la parole.",
                &["La séance a repris à 9h.", "Le maire a pris la parole."],
            ),
            (
                "Le plan tient en trois points : 1. Baisser les impôts. 2. Recruter. Il court jusqu'en 2030. L'opposition doute.",
                &[
                    "Le plan tient en trois points : 1. Baisser les impôts.",
                    "2. Recruter.",
                    "Il court jusqu'en 2030.",
                    "L'opposition doute.",
                ],
            ),
            (
                "Il est né le 3 janv. 1950 à Lyon. Il est mort en 2010.",
                &["Il est né le 3 janv. 1950 à Lyon.", "Il est mort en 2010."],
            ),
            (
                "Le projet coûte 3 M€. Les travaux débutent lundi.",
                &["Le projet coûte 3 M€.", "Les travaux débutent lundi."],
            ),
            (
                "Le match a lieu à 20 h. Les portes ouvrent à 19 h.",
                &["Le match a lieu à 20 h.", "Les portes ouvrent à 19 h."],
            ),
            (
                "Il a cité l'art. L. 121-1 du code. Le juge a tranché.",
                &["Il a cité l'art. L. 121-1 du code.", "Le juge a tranché."],
            ),
            (
                "Le texte a été adopté par 300 voix contre 200… Les débats reprendront demain.",
                &["Le texte a été adopté par 300 voix contre 200…", "Les débats reprendront demain."],
            ),
            ("Il hésite… puis il signe.", &["Il hésite… puis il signe."]),
            (
                "« Nous irons jusqu'au bout », a-t-il déclaré. Le ministre a démenti.",
                &["« Nous irons jusqu'au bout », a-t-il déclaré.", "Le ministre a démenti."],
            ),
            (
                "Le président (LR) a voté contre. Les autres ont suivi.",
                &["Le président (LR) a voté contre.", "Les autres ont suivi."],
            ),
            (
                "Le gouvernement a reculé (voir notre article). La réforme est suspendue.",
                &["Le gouvernement a reculé (voir notre article).", "La réforme est suspendue."],
            ),
            (
                "Selon l'Insee, le PIB a progressé de 0,3 %. La consommation recule.",
                &["Selon l'Insee, le PIB a progressé de 0,3 %.", "La consommation recule."],
            ),
            (
                "Il a gagné 1,5 million d'euros. Sa femme aussi.",
                &["Il a gagné 1,5 million d'euros.", "Sa femme aussi."],
            ),
            (
                "Les chiffres du 1er trimestre sont connus. Ils sont bons.",
                &["Les chiffres du 1er trimestre sont connus.", "Ils sont bons."],
            ),
            (
                "M. et Mme Durand sont arrivés. Ils étaient en retard.",
                &["M. et Mme Durand sont arrivés.", "Ils étaient en retard."],
            ),
            (
                "Le Pr Martin et le Dr Durand ont signé la tribune. Elle paraît lundi.",
                &["Le Pr Martin et le Dr Durand ont signé la tribune.", "Elle paraît lundi."],
            ),
            (
                "La réunion a lieu au n° 12 de la rue. Elle est publique.",
                &["La réunion a lieu au n° 12 de la rue.", "Elle est publique."],
            ),
            ("Il a obtenu 52,3 % des voix. Son rival 47,7 %.", &["Il a obtenu 52,3 % des voix.", "Son rival 47,7 %."]),
            (
                "Elle a lu « Les Misérables ». Puis elle a dormi.",
                &["Elle a lu « Les Misérables ».", "Puis elle a dormi."],
            ),
            (
                "Le vote aura lieu le 12/03/2025. La date est fixée.",
                &["Le vote aura lieu le 12/03/2025.", "La date est fixée."],
            ),
            (
                "Les cours reprennent à 8 h 15. Les élèves sont prêts.",
                &["Les cours reprennent à 8 h 15.", "Les élèves sont prêts."],
            ),
            ("Il a dit : « Non. » Puis il est parti.", &["Il a dit : « Non. »", "Puis il est parti."]),
            (
                "Il a acheté du pain, du lait, etc. Le magasin fermait.",
                &["Il a acheté du pain, du lait, etc.", "Le magasin fermait."],
            ),
            (
                "Il a acheté du pain, du lait, etc. et il est rentré.",
                &["Il a acheté du pain, du lait, etc. et il est rentré."],
            ),
            (
                "Le texte […] a été adopté. Les débats reprennent.",
                &["Le texte […] a été adopté.", "Les débats reprennent."],
            ),
            (
                "« Pourquoi maintenant ? » s'interroge le maire. Personne ne répond.",
                &["« Pourquoi maintenant ? » s'interroge le maire.", "Personne ne répond."],
            ),
            (
                "« C'est une honte ! » Le député a quitté la salle.",
                &["« C'est une honte ! »", "Le député a quitté la salle."],
            ),
            (
                "Le 1er janvier 2025, la loi entre en vigueur. Elle concerne 3 000 entreprises.",
                &["Le 1er janvier 2025, la loi entre en vigueur.", "Elle concerne 3 000 entreprises."],
            ),
            (
                "Selon lui, « rien n'est joué ». Le scrutin aura lieu dimanche.",
                &["Selon lui, « rien n'est joué ».", "Le scrutin aura lieu dimanche."],
            ),
            (
                "Il habite au 3, av. Foch. Sa maison est grande.",
                &["Il habite au 3, av. Foch.", "Sa maison est grande."],
            ),
            (
                "Le prix est de 12 € TTC. Il était de 10 € l'an dernier.",
                &["Le prix est de 12 € TTC.", "Il était de 10 € l'an dernier."],
            ),
            (
                "Ils étaient env. 200. La police en a compté 150.",
                &["Ils étaient env. 200.", "La police en a compté 150."],
            ),
            ("Cf. notre article. Le sujet est sensible.", &["Cf. notre article.", "Le sujet est sensible."]),
            (
                "Il a été élu en 2020 (mandat de 6 ans). Il se représente.",
                &["Il a été élu en 2020 (mandat de 6 ans).", "Il se représente."],
            ),
            (
                "Le bilan : 3 morts et 12 blessés. L'enquête est ouverte.",
                &["Le bilan : 3 morts et 12 blessés.", "L'enquête est ouverte."],
            ),
        ];
        for (text, want) in french {
            assert_eq!(split_sentences(text, Lang::Fr), *want, "{text}");
        }
        let english: &[(&str, &[&str])] = &[
            (
                "The meeting starts at 9 a.m. The mayor will speak.",
                &["The meeting starts at 9 a.m.", "The mayor will speak."],
            ),
            (
                "The meeting starts at 9 a.m. tomorrow in the hall.",
                &["The meeting starts at 9 a.m. tomorrow in the hall."],
            ),
            (
                "Police said the crash happened about 2 a.m. Sunday near the bridge. Two people died.",
                &["Police said the crash happened about 2 a.m. Sunday near the bridge.", "Two people died."],
            ),
            (
                "The game begins at 7:30 p.m. Friday, and tickets are sold out. Fans queued at 9 a.m. Tuesday's sale was the biggest.",
                &[
                    "The game begins at 7:30 p.m. Friday, and tickets are sold out.",
                    "Fans queued at 9 a.m.",
                    "Tuesday's sale was the biggest.",
                ],
            ),
            ("Doors open at 7:30 p.m. Tickets cost $5.", &["Doors open at 7:30 p.m.", "Tickets cost $5."]),
            (
                "She joined the Justice Dept. The agency hired her. The Dept. of Justice sued. He studied at Harvard Univ. He left.",
                &[
                    "She joined the Justice Dept.",
                    "The agency hired her.",
                    "The Dept. of Justice sued.",
                    "He studied at Harvard Univ.",
                    "He left.",
                ],
            ),
            (
                "He lives on Main St. The house is old. They met at St. John's church on Mt. Hood.",
                &["He lives on Main St.", "The house is old.", "They met at St. John's church on Mt. Hood."],
            ),
            (
                "The plan has three parts: 1. Cut taxes. 2. Raise spending. It ends in 2030. Critics doubt it.",
                &[
                    "The plan has three parts: 1. Cut taxes.",
                    "2. Raise spending.",
                    "It ends in 2030.",
                    "Critics doubt it.",
                ],
            ),
            (
                "It happened on Jan. 5, 2021. Police arrived later.",
                &["It happened on Jan. 5, 2021.", "Police arrived later."],
            ),
            ("It happened on Sept. 11. Nobody was hurt.", &["It happened on Sept. 11.", "Nobody was hurt."]),
            (
                "Gov. Gavin Newsom signed it. Sen. Ted Cruz objected.",
                &["Gov. Gavin Newsom signed it.", "Sen. Ted Cruz objected."],
            ),
            (
                "Rep. Nancy Pelosi, D-Calif., spoke. She left at noon.",
                &["Rep. Nancy Pelosi, D-Calif., spoke.", "She left at noon."],
            ),
            (
                "The bill passed 52-48. No. 2 Republican John Thune voted yes.",
                &["The bill passed 52-48.", "No. 2 Republican John Thune voted yes."],
            ),
            (
                "He was ranked No. 1 in the world. He retired in 2019.",
                &["He was ranked No. 1 in the world.", "He retired in 2019."],
            ),
            (
                "The company, based in St. Louis, grew. It hired 300 people.",
                &["The company, based in St. Louis, grew.", "It hired 300 people."],
            ),
            (
                "Lt. Col. James Smith led the unit. It was disbanded.",
                &["Lt. Col. James Smith led the unit.", "It was disbanded."],
            ),
            (
                "Shares fell 3% to $12.50. Analysts were surprised.",
                &["Shares fell 3% to $12.50.", "Analysts were surprised."],
            ),
            ("The U.K. economy grew 0.2%. The pound rose.", &["The U.K. economy grew 0.2%.", "The pound rose."]),
            ("The U.N. Security Council met. It voted 13-0.", &["The U.N. Security Council met.", "It voted 13-0."]),
            ("He said he was \"not worried.\" Others were.", &["He said he was \"not worried.\"", "Others were."]),
            ("\"I'm not worried,\" he said. \"We will win.\"", &["\"I'm not worried,\" he said.", "\"We will win.\""]),
            (
                "The results (published Tuesday) were clear. The plan failed.",
                &["The results (published Tuesday) were clear.", "The plan failed."],
            ),
            ("They waited... and waited. Nothing happened.", &["They waited... and waited.", "Nothing happened."]),
            ("It was late... The guests had left.", &["It was late...", "The guests had left."]),
            ("The report is due Oct. 15. It will be public.", &["The report is due Oct. 15.", "It will be public."]),
            ("Dr. Anthony Fauci testified. He was calm.", &["Dr. Anthony Fauci testified.", "He was calm."]),
            (
                "Prof. Jane Doe of Harvard Univ. said so. She is an expert.",
                &["Prof. Jane Doe of Harvard Univ. said so.", "She is an expert."],
            ),
            ("The vote was 5 vs. 4. The dissent was sharp.", &["The vote was 5 vs. 4.", "The dissent was sharp."]),
            ("Approx. 200 people came. Most left early.", &["Approx. 200 people came.", "Most left early."]),
            (
                "What happens next The council will vote in May.",
                &["What happens next", "The council will vote in May."],
            ),
            ("He joined Apple Inc. in 2010. He left in 2015.", &["He joined Apple Inc. in 2010.", "He left in 2015."]),
            (
                "The firm is worth $1.2 billion. It has 500 employees.",
                &["The firm is worth $1.2 billion.", "It has 500 employees."],
            ),
            ("The game ended 3-2. Fans cheered.", &["The game ended 3-2.", "Fans cheered."]),
            (
                "He earned $3.5 million last year. His deal ends in 2025.",
                &["He earned $3.5 million last year.", "His deal ends in 2025."],
            ),
            (
                "The storm hit Fla. on Monday. Thousands lost power.",
                &["The storm hit Fla. on Monday.", "Thousands lost power."],
            ),
            (
                "The agency (FEMA) responded. Aid arrived on Tuesday.",
                &["The agency (FEMA) responded.", "Aid arrived on Tuesday."],
            ),
            ("She asked, \"Why now?\" Nobody answered.", &["She asked, \"Why now?\"", "Nobody answered."]),
            ("\"Why now?\" she asked. Nobody answered.", &["\"Why now?\" she asked.", "Nobody answered."]),
            (
                "He won't run again, sources said. The news surprised no one.",
                &["He won't run again, sources said.", "The news surprised no one."],
            ),
            ("Temperatures reached 40°C. Roads melted.", &["Temperatures reached 40°C.", "Roads melted."]),
            (
                "The plan was approved (with amendments). Work begins in June.",
                &["The plan was approved (with amendments).", "Work begins in June."],
            ),
            (
                "Officials said the fire was contained [Reuters]. Crews remained.",
                &["Officials said the fire was contained [Reuters].", "Crews remained."],
            ),
            (
                "The CEO — who declined to comment — resigned. The board met.",
                &["The CEO — who declined to comment — resigned.", "The board met."],
            ),
            (
                "It was a tough year for the company. Revenue fell 12 per cent.",
                &["It was a tough year for the company.", "Revenue fell 12 per cent."],
            ),
            ("Sales rose in Q3. Costs also rose.", &["Sales rose in Q3.", "Costs also rose."]),
            (
                "The case was filed in the U.S. District Court. A hearing is set.",
                &["The case was filed in the U.S. District Court.", "A hearing is set."],
            ),
            (
                "He served in the U.S. Navy. He retired in 1990.",
                &["He served in the U.S. Navy.", "He retired in 1990."],
            ),
            (
                "The company moved to the U.S. Its rivals stayed.",
                &["The company moved to the U.S.", "Its rivals stayed."],
            ),
            (
                "Mr. Smith, 45, was arrested. He denies the charges.",
                &["Mr. Smith, 45, was arrested.", "He denies the charges."],
            ),
            (
                "The vote is set for Nov. 3. Polls show a tight race.",
                &["The vote is set for Nov. 3.", "Polls show a tight race."],
            ),
            ("Read more: Why the vote matters", &["Read more: Why the vote matters"]),
            ("The film grossed $100M. It was a hit.", &["The film grossed $100M.", "It was a hit."]),
            (
                "He bought milk, eggs, etc. The store was closing.",
                &["He bought milk, eggs, etc.", "The store was closing."],
            ),
            ("The text [...] was adopted. Debate resumes.", &["The text [...] was adopted.", "Debate resumes."]),
            (
                "\"Is this it?\" the mayor asked. Nobody replied.",
                &["\"Is this it?\" the mayor asked.", "Nobody replied."],
            ),
            ("\"What a shame!\" The lawmaker left the room.", &["\"What a shame!\"", "The lawmaker left the room."]),
            (
                "The toll: 3 dead and 12 injured. An inquiry is open.",
                &["The toll: 3 dead and 12 injured.", "An inquiry is open."],
            ),
            ("See also: How the vote works", &["See also: How the vote works"]),
            (
                "The jury found him guilty on all counts. Sentencing is set for Dec. 12 at 10 a.m.",
                &["The jury found him guilty on all counts.", "Sentencing is set for Dec. 12 at 10 a.m."],
            ),
            (
                "Officials said about 1,200 homes were damaged... Rebuilding will take years.",
                &["Officials said about 1,200 homes were damaged...", "Rebuilding will take years."],
            ),
            (
                "He was born in Washington, D.C. He grew up in Ohio.",
                &["He was born in Washington, D.C.", "He grew up in Ohio."],
            ),
            (
                "The firm, which is based in Washington, D.C., said so. It declined to comment.",
                &["The firm, which is based in Washington, D.C., said so.", "It declined to comment."],
            ),
        ];
        for (text, want) in english {
            assert_eq!(split_sentences(text, Lang::En), *want, "{text}");
        }
    }

    #[test]
    fn any_text_splits_into_its_own_pieces() {
        // Deterministic pseudo-random texts over the characters the rules look at.
        let alphabet: Vec<char> = "aZé. .!?…»«\"”“()[]'’-–1 9\n\u{a0}\u{202f}ñJ.M:;,@/".chars().collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..(seed % 60) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            for lang in Lang::ALL {
                let pieces = split_sentences(&text, lang);
                let mut rest = text.as_str();
                for p in pieces {
                    assert!(!p.is_empty() && p == p.trim(), "{text:?}");
                    let at = rest.find(p).unwrap_or_else(|| panic!("{p:?} not in order in {text:?}"));
                    rest = &rest[at + p.len()..];
                }
                assert!(rest.trim().is_empty() || text.trim().contains(rest.trim()), "{text:?}");
            }
        }
    }

    #[test]
    fn list_markers_table() {
        // (sentence, what is left of it)
        let cases = [
            ("• Le maire a signé le budget.", "Le maire a signé le budget."),
            ("2. Choisissez deux exercices par groupe.", "Choisissez deux exercices par groupe."),
            ("– Une liste à la française.", "Une liste à la française."),
            ("12) Le dernier point.", "Le dernier point."),
            ("2. 000 personnes ont manifesté.", "2. 000 personnes ont manifesté."),
            ("2019. Une année record.", "2019. Une année record."),
            ("- The mayor signed the budget.", "The mayor signed the budget."),
            ("3. Choose two exercises per muscle group.", "Choose two exercises per muscle group."),
            ("▪ “A quote opens it.”", "“A quote opens it.”"),
            ("* Footnote-style asterisk item.", "Footnote-style asterisk item."),
            ("2.5 million people voted.", "2.5 million people voted."),
            ("-5 degrees at dawn.", "-5 degrees at dawn."),
            ("•", "•"),
            ("1. ", "1. "),
            ("The 2. line is not a list.", "The 2. line is not a list."),
        ];
        for (text, want) in cases {
            assert_eq!(without_list_marker(text), want, "{text}");
        }
        // A block's lines as the segmenter gives them: items told apart from running text.
        for (lang, text) in [
            (Lang::Fr, "Le conseil a voté.\n• Le budget augmente.\n2. Les impôts baissent."),
            (Lang::En, "The council voted.\n• The budget rises.\n2. Taxes fall."),
        ] {
            let body = Body {
                blocks: vec![crate::body::BodyBlock { text: text.into(), ..Default::default() }],
                ..Default::default()
            };
            let got: Vec<(bool, bool)> = segment(&body, lang)
                .sentences
                .iter()
                .map(|s| (s.listed, s.text.starts_with(char::is_alphabetic)))
                .collect();
            assert_eq!(got, [(false, true), (true, true), (true, true)], "{text}");
        }
    }

    #[test]
    fn furniture_table() {
        // (language, text, which sentences are furniture)
        let table: [(Lang, &str, &[bool]); 12] = [
            (Lang::En, "Kathmandu, Nepal (CNN)Rescuers found a man.", &[true, false]),
            // The longest cue spelt there, in any case, as a whole phrase.
            (Lang::En, "The dog ran away. SCROLL DOWN FOR VIDEOS Dog at the park", &[false, true]),
            (Lang::En, "The dog ran away. Scroll down for videotape rentals.", &[false, false]),
            // A capital glued to a word opens nothing (nor does it split a character).
            (Lang::En, "We ate at the caféThe dog ran away.", &[false]),
            (Lang::Fr, "Paris (AFP) - Le chien s'est enfui.", &[true, false]),
            (Lang::En, "WASHINGTON, March 4 (Reuters) - The dog ran away.", &[true, false]),
            (Lang::En, "In 2019 (AP) the dog ran away.", &[false]),
            (
                Lang::En,
                "The dog ran away. Scroll down for video The dog at the park Then it came back.",
                &[false, true, false],
            ),
            (Lang::En, "The dog ran away. Scroll down for video Dog at the park Then it came back.", &[false, true]),
            (
                Lang::En,
                "The dog ran away. Sorry we are not currently accepting comments on this article.",
                &[false, true],
            ),
            (Lang::En, "Readers scroll down for videos. They like them.", &[false, false]),
            (Lang::Fr, "Le chien s'est enfui. Scroll down for video Le chien au parc.", &[false, false]),
        ];
        for (lang, text, want) in table {
            let body = Body {
                blocks: vec![crate::body::BodyBlock { text: text.into(), ..Default::default() }],
                ..Default::default()
            };
            let got: Vec<bool> = segment(&body, lang).sentences.iter().map(|s| s.furniture).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn places_table() {
        use crate::body::{BodyBlock, Decision};
        // A page: menu, title, standfirst, byline and date, two paragraphs, a
        // short text between them, a teaser tail. (keep, reason, text)
        let pages = [
            (
                Lang::Fr,
                [
                    "Accueil Politique Économie",
                    "Le budget de la ville adopté",
                    "Le conseil a voté le budget après un long débat.",
                    "Par Anne Martin",
                    "Publié le 3 avril 2025",
                    "Le conseil municipal a voté mardi le budget de la ville.",
                    "Lire aussi",
                    "La maire a défendu le budget devant le conseil.",
                    "À lire également",
                    "Les plus lus",
                ],
            ),
            (
                Lang::En,
                [
                    "Home Politics Business",
                    "City budget approved",
                    "The council approved the budget after a long debate.",
                    "By Anne Martin",
                    "April 3, 2025",
                    "The city council approved the budget on Tuesday.",
                    "Read more",
                    "The mayor defended the budget before the council.",
                    "More from us",
                    "Most read",
                ],
            ),
        ];
        let reasons = [
            (false, Reason::BeforeTitle),
            (false, Reason::Title),
            (true, Reason::Paragraph),
            (false, Reason::Byline),
            (false, Reason::Date),
            (true, Reason::Paragraph),
            (true, Reason::Context),
            (true, Reason::Paragraph),
            (false, Reason::Tail("x".into())),
            (false, Reason::Tail("x".into())),
        ];
        for (lang, texts) in pages {
            let decisions: Vec<Decision> = texts
                .iter()
                .zip(&reasons)
                .map(|(t, (keep, reason))| Decision { keep: *keep, reason: reason.clone(), text: t.to_string().into() })
                .collect();
            // The standfirst was kept from outside the article's container.
            let blocks = decisions
                .iter()
                .filter(|d| d.keep)
                .enumerate()
                .map(|(k, d)| BodyBlock {
                    text: d.text.clone(),
                    container: if k == 0 { Container::Outside } else { Container::Inside },
                    ..BodyBlock::default()
                })
                .collect();
            let body = Body { title: Some(texts[1].to_string()), blocks, decisions };
            let seg = segment(&body, lang);
            let place = |context, dropped_before, dropped_after, after_title, before_byline| Place {
                context,
                dropped_before,
                dropped_after,
                after_title,
                before_byline,
                container: Container::Inside,
                kind: None,
            };
            assert_eq!(
                seg.places,
                [
                    Place { container: Container::Outside, ..place(false, 0, 2, true, true) },
                    place(false, 2, 0, false, false),
                    place(true, 0, 0, false, false),
                    place(false, 0, 2, false, false),
                ],
                "{lang}"
            );
            assert_eq!(seg.dropped, 0.6, "{lang}");
        }
        // A body built without decisions: every block has the plain place, nothing dropped.
        let body = Body {
            blocks: vec![crate::body::BodyBlock { text: "Le texte. The text.".into(), ..Default::default() }],
            ..Default::default()
        };
        let seg = segment(&body, Lang::Fr);
        assert_eq!((seg.places, seg.dropped), (vec![Place::default()], 0.0));
    }

    #[test]
    fn lines_are_boundaries() {
        assert_eq!(split_sentences("Un titre\nLe texte suit.", Lang::Fr), ["Un titre", "Le texte suit."]);
    }

    /// The stems of a text's terms, read back from this thread's vocabulary.
    fn stems(text: &str, lang: Lang) -> (usize, Vec<String>) {
        let (count, terms) = terms(text, lang);
        let stems: Option<Vec<String>> = VOCAB.with_borrow(|v| {
            let map = v.stems.map();
            terms.iter().map(|t| map.iter().find(|(_, id)| id == t).map(|(s, _)| s)).collect()
        });
        (count, stems.unwrap_or_default())
    }

    /// Threads number their terms by one table of stems: a stem met on one
    /// thread has the same term on another, and no thread keeps its own.
    #[test]
    fn threads_share_the_stems() {
        let here = terms("Le budget municipal", Lang::Fr).1;
        let there = std::thread::spawn(|| {
            let t = terms("Les budgets municipaux", Lang::Fr).1;
            (t, VOCAB.with_borrow(|v| Arc::ptr_eq(&v.stems, &Stems::current())))
        })
        .join()
        .unwrap();
        assert_eq!(there, (here, true));
    }

    #[test]
    fn terms_table() {
        assert_eq!(stems("L'investissement d'OpenAI", Lang::Fr), (4, vec!["invest".to_string(), "open".to_string()]));
        assert_eq!(stems("The councils approved it", Lang::En).1, vec!["council", "approv"]);
        assert_eq!(split_elision("aujourd'hui", Lang::Fr), ("aujourd'hui", None));
        assert_eq!(split_elision("qu’il", Lang::Fr), ("qu", Some("il")));
        // French thousands: "10 000" and "1\u{202f}500\u{a0}000" are one number.
        assert_eq!(stems("Il y a 10 000 euros", Lang::Fr), (5, vec!["10000".to_string(), "euros".to_string()]));
        assert_eq!(stems("Soit 1\u{202f}500\u{a0}000 votes", Lang::Fr).1, ["1500000", "vot"]);
        assert_eq!(stems("In 2020 300 people came", Lang::En).1[..2], ["2020", "300"]);
        assert_eq!(stems("Les 3 pommes", Lang::Fr), (3, vec!["3".to_string(), "pomm".to_string()]));
        // A word and its inflections are one term; a number at the end is kept.
        let (_, t) = terms("Le budget, les budgets et 2025", Lang::Fr);
        assert_eq!((t.len(), t[0] == t[1], t[1] == t[2]), (3, true, false));
        let (_, t) = terms("The councils met the council", Lang::En);
        assert_eq!(t.len(), 3);
        assert_eq!(t[0], t[2]);
    }

    /// The vocabulary's map agrees with a hash map on words of every length
    /// (keys of 1 to 15 bytes, longer words, multi-byte letters) as it grows,
    /// and is never more than three quarters full.
    #[test]
    fn word_map_is_a_map_table() {
        let mut map: WordMap<Term> = WordMap::default();
        let mut want: std::collections::HashMap<String, Term> = std::collections::HashMap::new();
        for i in 0..20_000u32 {
            let word = match i % 4 {
                0 => format!("w{i}"),
                1 => format!("élément{i}"),
                2 => format!("anticonstitutionnellement{i}"),
                _ => format!("{}", i * 7919 % 10_007),
            };
            let next = Term::try_from(want.len()).unwrap();
            let got = map.get_or_insert_with(word.as_bytes(), || next);
            assert_eq!(got, *want.entry(word.clone()).or_insert(next), "{word}");
            assert!(4 * map.short <= 3 * map.slots.len(), "{} words in {} slots", map.short, map.slots.len());
        }
        assert_eq!(map.len(), want.len());
        for (word, &term) in &want {
            assert_eq!(map.get(word.as_bytes()), Some(term), "{word}");
            let text = format!(" {word} ");
            assert_eq!(map.get_in(text.as_bytes(), 1, 1 + word.len()), Some(term), "{word}");
        }
        assert_eq!(map.get(b"absent"), None);
        // Packed counts and terms read back as written, up to the last term.
        for (pieces, terms) in [(1, &[][..]), (1, &[7]), (2, &[0, LAST_TERM]), (2, &[LAST_TERM, 123_456])] {
            let mut w = Written::default();
            for &t in terms {
                w.add_term(t);
            }
            for _ in 0..pieces {
                w.add_piece();
            }
            assert_eq!((w.pieces(), w.len()), (pieces, terms.len()));
            assert_eq!((0..w.len()).map(|i| w.term(i)).collect::<Vec<_>>(), terms);
        }
    }

    #[test]
    fn words_are_uax29_words() {
        use unicode_segmentation::UnicodeSegmentation;
        let table = [
            "L'investissement d’OpenAI aujourd'hui, à 18,25 € (19 000 votes ; 1\u{202f}500 km²).",
            "The U.S. economy grew 3.5% in Q2; e.g. AT&T's shares rose 8½ points at 10:30 a.m.",
            "Un e\u{301}le\u{301}ment co\u{ad}mposé, snake_case, porte-parole, 3e, A380 — fin…",
            "« Non ! » dit-il. \"Yes,\" she said. 2025-03-12 12/03/2025 www.example.com a@b.fr",
            "Élysée, préfet. Fin... été; x×y à: ÉTÉ.\u{301} café.« l'été,« Paris' 3.",
        ];
        let samples = ["fr", "en"].iter().flat_map(|dir| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(dir);
            std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path())
        });
        let texts = table.iter().map(|t| t.to_string()).chain(samples.filter_map(|p| std::fs::read_to_string(p).ok()));
        let mut checked = 0;
        for text in texts {
            let want: Vec<(usize, &str)> = text.unicode_word_indices().collect();
            assert_eq!(word_indices(&text).collect::<Vec<_>>(), want, "{text}");
            // The terms' shortcut for plain words ends them where the full rules do.
            for (pos, _) in text.char_indices() {
                if let Some(end) = plain_word(text.as_bytes(), pos) {
                    assert_eq!(next_span(&text, pos), Some((pos, end)), "{text} at {pos}");
                }
            }
            checked += 1;
        }
        assert!(checked > 10);
    }

    #[test]
    fn byte_shortcuts_agree_with_characters() {
        // The Latin-1 shortcut of the word iterator gives the class of the character.
        for c in '\u{c0}'..='\u{ff}' {
            let text = format!("{c}a");
            let want = (word_class(c), c.len_utf8());
            assert!(char_class_at(&text, 0) == Some(want), "{c}");
        }
        // The words of "été", "ça_va", "x×y": the shortcut keeps `×` out of a word.
        let words: Vec<&str> = word_indices("Un été, ça_va x×y").map(|(_, w)| w).collect();
        assert_eq!(words, ["Un", "été", "ça_va", "x", "y"]);
        // Capitals are found three at a time, with any number of them.
        let mut at: Vec<usize> = capitals("a Xb Yc Zd Wé", b"WXYZ").collect();
        at.sort_unstable();
        assert_eq!(at, [2, 5, 8, 11]);
        assert_eq!(capitals("The end", b"").count(), 0);
        // Every mark split_line reads starts with a byte it stops at.
        for c in ['«', '»', '“', '”', '"', ';', '.', '!', '?', '…', '‼', '⁇', '⁈', '⁉'] {
            let mut buf = [0; 4];
            assert!(MARK_BYTE[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])], "{c}");
        }
        for b in 0..=255u8 {
            assert!(!MARK_BYTE[usize::from(b)] || b.is_ascii() || matches!(b, 0xC2 | 0xE2), "{b}");
        }
        // The run of letters read eight bytes at a time: every byte value at
        // every place of eight, among letters of both cases.
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut chunk = *b"aBcxYZqm";
                chunk[at] = b;
                let want = chunk.iter().position(|c| !c.is_ascii_alphabetic()).unwrap_or(8);
                assert_eq!(letter_run(&chunk, 0), want, "{b} at {at}");
            }
        }
        assert_eq!(letter_run(b"abcdefg", 0), 0);
        assert_eq!(letter_run(b"Le maire.", 1), 1);
        assert_eq!(letter_run(b"Le maire.", 0), 2);
    }

    #[test]
    fn body_counts_are_word_counts() {
        for lang in Lang::ALL {
            let words = lang.data().stopwords.iter().map(String::as_str).chain([
                "The",
                "THE",
                "Of",
                "maison",
                "Mais",
                "x",
                "I",
                "Internationally",
                "aujourd'hui",
                "l'homme",
                "well-known",
                "-",
                "--",
                "3",
                "été",
                "Été",
                "it’s",
                "AbCdEfGhIjKlMnOpQ",
                "",
            ]);
            for word in words {
                let capital = word.get(..1).map(str::to_uppercase).unwrap_or_default() + word.get(1..).unwrap_or("");
                for w in [word, &capital, &word.to_uppercase()] {
                    assert_eq!(body_counts(w, lang), word_counts(w, lang), "{lang} {w:?}");
                }
            }
        }
    }

    #[test]
    fn short_word_is_plain_word_and_its_key() {
        let texts = [
            "The cat sat, then ran. U.S. l'homme a dit: « oui » 10 000 well-known café résumé x",
            "Sept Hello,world end.\"Next (aside) [1] don't stop; aujourd'hui 3,5 a_b abcdefgh abcdefg.",
            "Internationally recognised, extraordinarily counterproductive institutions’ statements.  ",
        ];
        let mut found = 0;
        for text in texts {
            let bytes = text.as_bytes();
            for pos in 0..bytes.len() {
                if let Some((end, key)) = short_word(bytes, pos) {
                    found += 1;
                    assert_eq!(plain_word(bytes, pos), Some(end), "{pos} in {text}");
                    assert_eq!(crate::lang::key_in(bytes, pos, end), Some(key), "{pos} in {text}");
                    assert_eq!(word_key(&bytes[pos..end]), Some(key), "{pos} in {text}");
                }
            }
        }
        assert!(found > 20);
        assert_eq!(short_word(b"abcdefgh ", 0), None);
        assert_eq!(short_word(b"abcdefgh .......", 0), Some((8, word_key(b"abcdefgh").unwrap())));
        assert_eq!(short_word(b"abcdefghijklmno  ", 0), Some((15, word_key(b"abcdefghijklmno").unwrap())));
        assert_eq!(short_word(b"abcdefghijklmnop ", 0), None);
        // A joiner, digits, or too near the end: left to the other paths.
        assert_eq!(short_word(b"end, then", 0), None);
        assert_eq!(short_word(b"4 cats", 0), None);
        assert_eq!(short_word(b"cat ", 0), None);
    }

    /// The body's word counts of a block as one scan reads them, its
    /// sentences' terms as [`terms`] reads each sentence alone.
    fn scanned(text: &str, lang: Lang) -> (WordStats, Vec<(usize, Vec<Term>)>) {
        VOCAB.with_borrow_mut(|vocab| {
            let (stats, (_, sentences)) = vocab.scan_block(text, lang);
            (stats, sentences.into_iter().map(|s| (s.words, s.terms)).collect())
        })
    }

    fn check_scan(text: &str) {
        for lang in Lang::ALL {
            let (stats, sentences) = scanned(text, lang);
            assert_eq!(stats, word_counts(text, lang).stats(), "{lang} {text:?}");
            let alone: Vec<_> = split_sentences(text, lang).into_iter().map(|s| terms(list_item(s).1, lang)).collect();
            assert_eq!(sentences, alone, "{lang} {text:?}");
        }
    }

    /// One scan gives the body the counts of its own word scan, on the
    /// words the two read differently: elisions, hyphens, digits, marks
    /// that join words for UAX #29 and not for the body, other scripts.
    #[test]
    fn scan_counts_as_the_body_table() {
        for text in [
            "L’Été qu'aujourd'hui QU’AUJOURD’HUI D'Artagnan l'homme-orchestre LES Les les",
            "ÉTÉ Été été DÉJÀ Déjà MÊME ÊTRE Très TRÈS Où OÙ À à PRÈS-DE Après-guerre naïveté Þ×",
            "ŒUVRE œuvre × ÷ ² ³ ½ µ ª º ÿ Ÿ « guillemets » — tiret – demi … fin",
            "THE The the DON'T don’t o'clock rock'n'roll -- - ' ’ '' a`b c´d",
            "İstanbul ΣΑΣ Ǆ 東京 🙂 café\u{a0}: prix 12,5 € 1er 2e\u{202f}% 10\u{202f}000 l’",
            "Le Val-d'Oise (95).Météo France alerte. U.S.A. 3.5 a_b _x x_ e.g. l' d’ -l' 'il",
            "Il a dit : « c’est fini ». Puis — enfin — il part ; le 1er mai. -- Fin.\nLigne deux l'",
            // A word run on from a character the body reads as a word and UAX #29 as a word of its own.
            "½aa a½ ²b 東京a",
            // A list's marker, dropped from its sentence, is counted by the body all the same.
            "-\u{202f}a\n• Le maire.\n2. The mayor.",
            "",
            "   ",
        ] {
            check_scan(text);
        }
        for sample in [
            include_str!("../samples/en/01_port_strike.txt"),
            include_str!("../samples/fr/00_seed_stargate.txt"),
            include_str!("../samples/fr/02_incendie_etoile.txt"),
        ] {
            check_scan(sample);
        }
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// The same on random texts of the characters the scanners tell apart.
        #[test]
        fn scan_counts_as_the_body(parts in proptest::collection::vec(proptest::sample::select(vec![
            "a", "l", "Le", "les", "the", "É", "été", "œ", "ß", "Σ", "東", "1", "10", "½", "²", "'", "’", "-", "–",
            ".", ",", ":", ";", "_", "!", "?", "«", "»", " ", "  ", "\n", "\u{a0}", "\u{202f}", "\u{ad}",
            "\u{301}", "(", ")", "\"", "qu", "d'", "aujourd'hui", "M.", "U.S.", "Scroll down for video",
        ]), 0..40)) {
            let text = parts.concat();
            for lang in Lang::ALL {
                let (stats, sentences) = scanned(&text, lang);
                prop_assert_eq!(stats, word_counts(&text, lang).stats(), "{} {:?}", lang, text);
                let alone: Vec<_> =
                    split_sentences(&text, lang).into_iter().map(|s| terms(list_item(s).1, lang)).collect();
                prop_assert_eq!(sentences, alone, "{} {:?}", lang, text);
            }
        }
    }
}
