//! The two supported languages and their data: the one registry of the
//! language files under `src/lang/` (one folder per language, plus `common/`
//! and `other/` for data that belongs to no one language), embedded in the
//! binary with `include_str!` here and nowhere else.
//!
//! [`Lang::files`] gives a language's files as text and [`COMMON`] the
//! others; [`Lang::data`] parses the ones several stages share (stopwords,
//! abbreviations, boilerplate cues, months) once on first use. A stage that
//! alone reads a file (segment's closings, rank's weights) parses it from
//! the registry's text itself.

use rustc_hash::{FxHashMap, FxHashSet};
use std::fmt;
use std::sync::OnceLock;

/// A language abrege reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Parses `fr` or `en` (case-insensitive).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "fr" | "fra" | "fre" | "french" => Some(Lang::Fr),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The text of this language's data files.
    pub fn files(self) -> &'static LangFiles {
        match self {
            Lang::Fr => &FR_FILES,
            Lang::En => &EN_FILES,
        }
    }

    /// The parsed data that several stages share.
    pub fn data(self) -> &'static LangData {
        static FR: OnceLock<LangData> = OnceLock::new();
        static EN: OnceLock<LangData> = OnceLock::new();
        let cell = match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        };
        cell.get_or_init(|| {
            let f = self.files();
            LangData::parse(f.stopwords, f.abbreviations, f.cues, f.months)
        })
    }
}

/// The data files of one language, as text (`src/lang/{fr,en}/`).
#[derive(Debug)]
pub struct LangFiles {
    /// Function words, one a line (detect, body, segment, rank).
    pub stopwords: &'static str,
    /// Abbreviations with their final period, and whether they may end a sentence (segment).
    pub abbreviations: &'static str,
    /// Boilerplate cue lines and phrases by kind (body, segment).
    pub cues: &'static str,
    /// Month and weekday names (body, detect).
    pub months: &'static str,
    /// Frequent words beyond the stopwords, for detection's lexicon (detect).
    pub common_words: &'static str,
    /// Letter closings ("Cordialement") that end a line without punctuation (segment).
    pub closings: &'static str,
    /// Salutations ("Madame,") that open a letter (segment).
    pub salutations: &'static str,
    /// Adverbs after which a semicolon ends a sentence (segment).
    pub clause_adverbs: &'static str,
    /// Words that open a sentence whose line break was lost (segment).
    pub lost_break_openers: &'static str,
    /// The sentence ranker's fitted weights (rank; `examples/fit_rank.rs` writes them).
    pub rank_weights: &'static str,
    /// Words that address the reader ("you", "we", calls to action), and words of captions and
    /// bios, for the purity prior (rank).
    pub address: &'static str,
}

static FR_FILES: LangFiles = LangFiles {
    stopwords: include_str!("lang/fr/stopwords.txt"),
    abbreviations: include_str!("lang/fr/abbreviations.txt"),
    cues: include_str!("lang/fr/cues.txt"),
    months: include_str!("lang/fr/months.txt"),
    common_words: include_str!("lang/fr/common_words.txt"),
    closings: include_str!("lang/fr/closings.txt"),
    salutations: include_str!("lang/fr/salutations.txt"),
    clause_adverbs: include_str!("lang/fr/clause_adverbs.txt"),
    lost_break_openers: include_str!("lang/fr/lost_break_openers.txt"),
    rank_weights: include_str!("lang/fr/rank_weights.txt"),
    address: include_str!("lang/fr/address.txt"),
};

static EN_FILES: LangFiles = LangFiles {
    stopwords: include_str!("lang/en/stopwords.txt"),
    abbreviations: include_str!("lang/en/abbreviations.txt"),
    cues: include_str!("lang/en/cues.txt"),
    months: include_str!("lang/en/months.txt"),
    common_words: include_str!("lang/en/common_words.txt"),
    closings: include_str!("lang/en/closings.txt"),
    salutations: include_str!("lang/en/salutations.txt"),
    clause_adverbs: include_str!("lang/en/clause_adverbs.txt"),
    lost_break_openers: include_str!("lang/en/lost_break_openers.txt"),
    rank_weights: include_str!("lang/en/rank_weights.txt"),
    address: include_str!("lang/en/address.txt"),
};

/// Data files that belong to no one language.
#[derive(Debug)]
pub struct CommonFiles {
    /// Class and id words of HTML elements that hold or surround an article (body).
    pub html_cues: &'static str,
    /// Function words of other languages, tab-separated by code (detect).
    pub function_words: &'static str,
    /// Name particles that follow initials ("van", "de") (segment).
    pub name_particles: &'static str,
    /// The purity prior's fitted weights: how likely a sentence lies in the
    /// article's main text (rank; `examples/fit_purity.rs` writes them).
    pub purity_weights: &'static str,
}

/// The files of `src/lang/common/` and `src/lang/other/`.
pub static COMMON: CommonFiles = CommonFiles {
    html_cues: include_str!("lang/common/html_cues.txt"),
    function_words: include_str!("lang/other/function_words.txt"),
    name_particles: include_str!("lang/other/name_particles.txt"),
    purity_weights: include_str!("lang/common/purity_weights.txt"),
};

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Parsed language data.
#[derive(Debug)]
pub struct LangData {
    pub stopwords: FxHashSet<String>,
    /// Bytes of the longest stopword: a longer word is not one, and costs no lookup.
    stopword_max_len: usize,
    /// The same, for the lookups: one integer key per word, no string hashed
    /// (the body stage asks for every word of a page).
    stopword_set: WordSet,
    /// Abbreviations as written, with their final period (`M.`, `U.S.`).
    pub abbreviations: Vec<Abbreviation>,
    pub cues: Cues,
    /// Month names and abbreviations, lowercase.
    pub months: FxHashSet<String>,
    /// The same names with the month's number (1 to 12), for reading dates.
    pub month_numbers: FxHashMap<String, u8>,
    /// Weekday names, lowercase.
    pub weekdays: FxHashSet<String>,
}

/// An abbreviation that ends with a period which is not a sentence end.
#[derive(Debug, Clone)]
pub struct Abbreviation {
    pub text: String,
    /// Also common at the end of a sentence (`etc.`, `Inc.`): a break stays
    /// possible when a capitalised word follows.
    pub may_end: bool,
    /// Ends a clock time (`p.m.`): a capitalised word after it starts a
    /// sentence unless it is written in capitals (a time zone: `EST`).
    pub time: bool,
}

/// Boilerplate cues, matched on [`normalize_line`] output.
#[derive(Debug, Default)]
pub struct Cues {
    /// Whole lines that start the tail of teasers, shares and comments.
    pub end: Lines,
    /// Whole lines that are boilerplate.
    pub line: Lines,
    /// Line prefixes that make a line boilerplate.
    pub prefix: Prefixes,
    /// Phrases that make any line containing them boilerplate.
    pub contains: Vec<String>,
    /// All of `contains` in one automaton: a line is scanned once, not once per phrase.
    contains_index: Option<aho_corasick::AhoCorasick>,
    /// The phrases of at least 3 bytes in a SIMD searcher (Teddy), which says
    /// whether a line holds any of them several times faster than the
    /// automaton; `None` where the CPU lacks it. (With a 2-byte phrase among
    /// them, "©", it would match pairs of bytes and stop at every other word.)
    /// Teddy takes at most [`TEDDY_PATTERNS`] phrases: more are split among several searchers.
    contains_filter: Option<Vec<aho_corasick::packed::Searcher>>,
    /// The phrases too short for `contains_filter`, searched on their own.
    contains_short: Vec<String>,
    /// Line prefixes introducing an author.
    pub byline: Prefixes,
    /// Line prefixes introducing a date.
    pub date: Prefixes,
    /// Phrases of page furniture that open a piece of text whose line breaks
    /// were lost ("Scroll down for video" before photo captions, which have no
    /// final punctuation): the sentence is cut before them, and the piece they
    /// open (up to a sentence end or lost break) is not running text (see `segment.rs`).
    pub inline: Vec<String>,
    /// News agencies named in a dateline, as "Boston (CNN)" (see `segment.rs`).
    pub agency: FxHashSet<String>,
    /// A photo caption's own phrases ("in this photo", ", left,"): a sentence
    /// holding one is a caption (see `rank.rs`), though its block may be kept.
    pub caption: Vec<String>,
    /// `caption`'s vector searchers, in its order (a searcher built per phrase
    /// and sentence was most of rank's check).
    caption_finders: Vec<memchr::memmem::Finder<'static>>,
}

/// Whole normalised lines. A line longer than the longest of them is none,
/// and is not hashed: the body stage asks for every paragraph.
#[derive(Debug, Default)]
pub struct Lines {
    set: FxHashSet<String>,
    max_len: usize,
}

impl Lines {
    fn insert(&mut self, line: String) {
        self.max_len = self.max_len.max(line.len());
        self.set.insert(line);
    }

    pub fn contains(&self, line: &str) -> bool {
        line.len() <= self.max_len && self.set.contains(line)
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// Phrases that open a line (see [`starts_with_phrase`]), filed by their
/// first word: a phrase can open a line only when the line's first word is
/// the phrase's, so a line is checked against a handful of phrases, not all.
#[derive(Debug, Default)]
pub struct Prefixes {
    /// In the file's order.
    list: Vec<String>,
    by_first_word: FxHashMap<String, Vec<usize>>,
}

impl Prefixes {
    fn push(&mut self, phrase: String) {
        self.by_first_word.entry(first_word(&phrase).to_string()).or_default().push(self.list.len());
        self.list.push(phrase);
    }

    /// The phrases that open the normalised `line`, in the file's order.
    pub fn opening<'a>(&'a self, line: &'a str) -> impl Iterator<Item = &'a str> {
        let candidates = self.by_first_word.get(first_word(line)).map_or(&[][..], Vec::as_slice);
        candidates.iter().map(|&i| self.list[i].as_str()).filter(move |p| starts_with_phrase(line, p))
    }
}

/// `text` up to its first character that is not a letter or digit.
fn first_word(text: &str) -> &str {
    &text[..text.find(|c: char| !c.is_alphanumeric()).unwrap_or(text.len())]
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl LangData {
    fn parse(stopwords: &str, abbreviations: &str, cues: &str, months: &str) -> LangData {
        let stopwords: FxHashSet<String> = data_lines(stopwords).map(str::to_lowercase).collect();
        let stopword_max_len = stopwords.iter().map(String::len).max().unwrap_or(0);
        let stopword_set = WordSet::new(&stopwords);
        let abbreviations = data_lines(abbreviations)
            .map(|l| match (l.strip_prefix('~'), l.strip_prefix('^')) {
                (Some(rest), _) => Abbreviation { text: rest.to_string(), may_end: true, time: false },
                (_, Some(rest)) => Abbreviation { text: rest.to_string(), may_end: true, time: true },
                _ => Abbreviation { text: l.to_string(), may_end: false, time: false },
            })
            .collect();
        let mut parsed = Cues::default();
        for l in cues.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let Some((category, phrase)) = l.split_once('\t') else { continue };
            let phrase = normalize_line(phrase);
            if phrase.is_empty() {
                continue;
            }
            match category.trim() {
                "end" => {
                    parsed.end.insert(phrase);
                }
                "line" => {
                    parsed.line.insert(phrase);
                }
                "prefix" => parsed.prefix.push(phrase),
                "contains" => parsed.contains.push(phrase),
                "byline" => parsed.byline.push(phrase),
                "date" => parsed.date.push(phrase),
                "inline" => parsed.inline.push(phrase),
                "agency" => {
                    parsed.agency.insert(phrase);
                }
                "caption" => parsed.caption.push(phrase),
                _ => {}
            }
        }
        // A contiguous NFA, not the DFA the builder would pick: the DFA took
        // two thirds of the start-up, and lines reach the automaton only on a match.
        parsed.contains_index = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&parsed.contains)
            .ok();
        let (long, short): (Vec<&String>, Vec<&String>) = parsed.contains.iter().partition(|p| p.len() >= 3);
        parsed.contains_filter = long
            .chunks(TEDDY_PATTERNS)
            .map(|chunk| {
                aho_corasick::packed::Config::new()
                    .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                    .builder()
                    .extend(chunk)
                    .build()
            })
            .collect();
        parsed.contains_short = short.into_iter().cloned().collect();
        parsed.caption_finders =
            parsed.caption.iter().map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned()).collect();
        let (mut month_set, mut weekday_set) = (FxHashSet::default(), FxHashSet::default());
        let mut month_numbers = FxHashMap::default();
        // (A blank line after a month's names starts the next month.)
        let (mut in_weekdays, mut month, mut blank) = (false, 0u8, true);
        for l in months.lines().map(str::trim) {
            if l.starts_with('#') {
                in_weekdays |= l.contains("weekdays");
                continue;
            }
            if l.is_empty() {
                blank = true;
                continue;
            }
            if in_weekdays {
                weekday_set.insert(l.to_lowercase());
                continue;
            }
            month += u8::from(blank);
            blank = false;
            month_numbers.insert(l.to_lowercase(), month);
            month_set.insert(l.to_lowercase());
        }
        LangData {
            stopwords,
            stopword_max_len,
            stopword_set,
            abbreviations,
            cues: parsed,
            months: month_set,
            month_numbers,
            weekdays: weekday_set,
        }
    }

    /// Bytes of the longest stopword.
    pub fn stopword_max_len(&self) -> usize {
        self.stopword_max_len
    }

    pub fn is_stopword(&self, lower_word: &str) -> bool {
        lower_word.len() <= self.stopword_max_len && self.stopword_set.contains(lower_word.as_bytes(), false)
    }

    /// [`is_stopword`](Self::is_stopword) of `word` with its ASCII letters
    /// lowercased, without writing the lowercase anywhere: for ASCII words.
    #[inline]
    pub fn is_ascii_stopword(&self, word: &[u8]) -> bool {
        word.len() <= self.stopword_max_len && self.stopword_set.contains(word, true)
    }

    /// Whether `word` lowercased is a stopword, when its lowercase can be
    /// read on its bytes (ASCII and Latin-1, see [`latin1_lower_key`]):
    /// most accented words of a French text need no lowercase copy.
    #[inline]
    pub fn is_latin1_stopword(&self, word: &[u8]) -> Option<bool> {
        let key = latin1_lower_key(word)?;
        Some(word.len() <= self.stopword_max_len && self.stopword_set.find_key(key).is_some())
    }

    /// [`is_stopword`](Self::is_stopword) of a word of `len` bytes by its
    /// lowercase's key (see [`latin1_lower_key`]), for a caller that looks
    /// the word up in other sets too.
    #[inline]
    pub(crate) fn is_stopword_key(&self, key: (u64, u64), len: usize) -> bool {
        len <= self.stopword_max_len && self.stopword_set.find_key(key).is_some()
    }

    /// [`is_ascii_stopword`](Self::is_ascii_stopword) of `text[start..end]`,
    /// its key read straight from the text (see [`WordSet::find_in`]).
    #[inline]
    pub fn is_ascii_stopword_in(&self, text: &[u8], start: usize, end: usize) -> bool {
        end.wrapping_sub(start) <= self.stopword_max_len && self.stopword_set.find_in(text, start, end).is_some()
    }
}

/// A set of words with a cheap lookup: a word of at most [`KEY_MAX_LEN`]
/// bytes is read as two integers (its bytes and length), found in an
/// open-addressing table by one multiplication. Longer words, if any, are
/// kept as strings. Each word may carry a small value (the language
/// detector's lexicon says which languages a word points to).
#[derive(Debug, Default)]
pub(crate) struct WordSet {
    /// Keys, `(0, 0)` for an empty slot (the empty word, never a member, has that key).
    slots: Vec<(u64, u64)>,
    /// The value of each slot's word.
    values: Vec<u8>,
    /// Shift of the hash down to a slot's index.
    shift: u32,
    long: FxHashMap<String, u8>,
}

/// Words of at most this many bytes have a [`word_key`].
pub(crate) const KEY_MAX_LEN: usize = 15;

impl WordSet {
    fn new(words: &FxHashSet<String>) -> WordSet {
        WordSet::with_values(words.iter().map(|w| (w.as_str(), 0)))
    }

    /// A set of words each with its value (the last one given for a word
    /// listed twice).
    pub(crate) fn with_values<'a>(words: impl Iterator<Item = (&'a str, u8)> + Clone) -> WordSet {
        let short = words.clone().filter(|(w, _)| !w.is_empty() && w.len() <= KEY_MAX_LEN);
        // A quarter full at most: a lookup rarely probes a second slot.
        let size = (4 * short.clone().count()).next_power_of_two().max(2);
        let mut set = WordSet {
            slots: vec![(0, 0); size],
            values: vec![0; size],
            shift: 64 - size.trailing_zeros(),
            long: words.filter(|(w, _)| w.len() > KEY_MAX_LEN).map(|(w, v)| (w.to_string(), v)).collect(),
        };
        let mask = size - 1;
        for (w, value) in short {
            let key = word_key(w.as_bytes(), false);
            let mut i = set.slot(key);
            while set.slots[i] != (0, 0) && set.slots[i] != key {
                i = (i + 1) & mask;
            }
            set.slots[i] = key;
            set.values[i] = value;
        }
        set
    }

    #[inline]
    fn slot(&self, key: (u64, u64)) -> usize {
        key_slot(key, self.shift)
    }

    /// Whether `word` (with its ASCII letters lowercased if asked) is in the set.
    #[inline]
    fn contains(&self, word: &[u8], ascii_lower: bool) -> bool {
        // (Not `get(..).is_some()`: the stopword lookups, the hottest, need no value.)
        if word.len() > KEY_MAX_LEN {
            return self.get_long(word, ascii_lower).is_some();
        }
        self.find(word, ascii_lower).is_some()
    }

    /// The value of `word` (with its ASCII letters lowercased if asked), if it is in the set.
    #[inline(always)]
    pub(crate) fn get(&self, word: &[u8], ascii_lower: bool) -> Option<u8> {
        if word.len() > KEY_MAX_LEN {
            return self.get_long(word, ascii_lower);
        }
        self.find(word, ascii_lower).and_then(|i| self.values.get(i).copied())
    }

    /// The value of the word `text[start..end]` with its ASCII letters
    /// lowercased, if it is in the set (see [`find_in`](Self::find_in)).
    #[inline]
    pub(crate) fn get_in(&self, text: &[u8], start: usize, end: usize) -> Option<u8> {
        if end.wrapping_sub(start) > KEY_MAX_LEN {
            return self.get_long(text.get(start..end)?, true);
        }
        self.find_in(text, start, end).and_then(|i| self.values.get(i).copied())
    }

    /// The slot of the word `text[start..end]` with its ASCII letters
    /// lowercased. Inside a text, a word's key is one or two 8-byte loads
    /// masked to its length ([`word_key`] of the word alone must stay within
    /// its bytes, which costs a few loads and shifts more).
    #[inline(always)]
    pub(crate) fn find_in(&self, text: &[u8], start: usize, end: usize) -> Option<usize> {
        let len = end.wrapping_sub(start);
        match key_in(text, start, end) {
            // (A short word's `hi` holds only its length.)
            Some((lo, hi)) => self.find_key((ascii_lowercase(lo), if len > 8 { ascii_lowercase(hi) } else { hi })),
            // (Near the text's end; a longer word has no slot.)
            None if len <= KEY_MAX_LEN => self.find(text.get(start..end)?, true),
            None => None,
        }
    }

    /// The slot of a word of at most [`KEY_MAX_LEN`] bytes.
    #[inline]
    fn find(&self, word: &[u8], ascii_lower: bool) -> Option<usize> {
        if word.is_empty() {
            return None;
        }
        self.find_key(word_key(word, ascii_lower))
    }

    /// The value of the word whose [`word_key`] is `key`, if it is in the set.
    #[inline]
    pub(crate) fn get_key(&self, key: (u64, u64)) -> Option<u8> {
        self.find_key(key).and_then(|i| self.values.get(i).copied())
    }

    /// The slot of a word's [`word_key`].
    #[inline(always)]
    fn find_key(&self, key: (u64, u64)) -> Option<usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = self.slot(key);
        while let Some(&slot) = self.slots.get(i) {
            if slot == key {
                return Some(i);
            }
            if slot == (0, 0) {
                return None;
            }
            i = (i + 1) & mask;
        }
        None
    }
}

impl WordSet {
    #[cold]
    fn get_long(&self, word: &[u8], ascii_lower: bool) -> Option<u8> {
        let word = String::from_utf8_lossy(word);
        if ascii_lower { self.long.get(&word.to_ascii_lowercase()) } else { self.long.get(&*word) }.copied()
    }
}

/// A word of at most [`KEY_MAX_LEN`] bytes as two integers: its bytes in
/// order (ASCII letters lowercased if asked), then its length in the top
/// byte, so two words share a key only when they are equal. Read with a few
/// overlapping loads, not byte by byte.
#[inline]
pub(crate) fn word_key(word: &[u8], ascii_lower: bool) -> (u64, u64) {
    let len = word.len();
    let load8 = |b: Option<&[u8; 8]>| b.map_or(0, |b| u64::from_le_bytes(*b));
    let load4 = |b: Option<&[u8; 4]>| b.map_or(0, |b| u64::from(u32::from_le_bytes(*b)));
    let byte = |i: usize| word.get(i).map_or(0, |&b| u64::from(b));
    let (lo, hi) = match len {
        0 => (0, 0),
        1..=3 => (byte(0) | byte(len / 2) << (8 * (len / 2)) | byte(len - 1) << (8 * (len - 1)), 0),
        4..=7 => (load4(word.first_chunk()) | load4(word.last_chunk()) << (8 * (len - 4)), 0),
        8 => (load8(word.first_chunk()), 0),
        _ => (load8(word.first_chunk()), load8(word.last_chunk()) >> (8 * (16 - len.min(15)))),
    };
    let (lo, hi) = match (ascii_lower, len > 8) {
        (false, _) => (lo, hi),
        (true, false) => (ascii_lowercase(lo), hi),
        (true, true) => (ascii_lowercase(lo), ascii_lowercase(hi)),
    };
    (lo, hi | (len as u64) << 56)
}

/// The [`word_key`] (as written) of the word `text[start..end]`, of 1 to
/// [`KEY_MAX_LEN`] bytes, read inside the text: one or two 8-byte loads
/// masked to its length (the word alone would take a few loads and shifts
/// more). `None` when the loads would pass the text's end, or for another length.
#[inline(always)]
pub(crate) fn key_in(text: &[u8], start: usize, end: usize) -> Option<(u64, u64)> {
    let len = end.wrapping_sub(start);
    let load = |at: usize| text.get(at..at + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()).map(u64::from_le_bytes);
    // The low `n` bytes, for `n` in 1..=8.
    let low = |x: u64, n: usize| x & (u64::MAX >> (64 - 8 * n));
    match len {
        1..=8 => load(start).map(|x| (low(x, len), (len as u64) << 56)),
        9..=KEY_MAX_LEN => load(start).zip(load(start + 8)).map(|(lo, hi)| (lo, low(hi, len - 8) | (len as u64) << 56)),
        _ => None,
    }
}

/// The slot of a word's key in an open-addressing table of `64 - shift` bits
/// (the [`WordSet`]s here and the vocabulary's maps in segment).
#[inline]
pub(crate) fn key_slot((lo, hi): (u64, u64), shift: u32) -> usize {
    ((lo ^ hi.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

/// The [`word_key`] of `word` lowercased, read on its UTF-8 bytes when no
/// case table is needed: ASCII and Latin-1 (U+0080..U+00FF, the letters of
/// French), whose capitals `A..Z` and `C3 80..=C3 9E` (À..Þ, save `C3 97`,
/// ×) lie 0x20 below their small letters and keep their length. `None` for
/// the empty word, a longer one than a key holds, or another character.
#[inline]
pub(crate) fn latin1_lower_key(word: &[u8]) -> Option<(u64, u64)> {
    if word.is_empty() || word.len() > KEY_MAX_LEN {
        return None;
    }
    let mut lower = [0u8; 16];
    let mut after_c3 = false;
    for (out, &b) in lower.iter_mut().zip(word) {
        *out = match b {
            b'A'..=b'Z' => b + 0x20,
            0x80..=0x9E if after_c3 && b != 0x97 => b + 0x20,
            0xC4.. => return None,
            _ => b,
        };
        after_c3 = b == 0xC3;
    }
    let (lo, hi) = lower.split_at(8);
    let load = |b: &[u8]| <[u8; 8]>::try_from(b).map_or(0, u64::from_le_bytes);
    Some((load(lo), load(hi) | (word.len() as u64) << 56))
}

/// How many of the eight bytes of `x` (read little-endian: the first byte
/// lowest) are ASCII letters in a row from the first: the word scans of
/// detection and of the sentences' terms (`segment::letter_run`) count a
/// word's letters eight at a time with it.
#[inline(always)]
pub(crate) fn letters(x: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = (x | (0x20 * ONES)) & !HIGH;
    // Top bit of a byte: at least `a`, then past `z`.
    let from_a = low + (0x80 - u64::from(b'a')) * ONES;
    let past_z = low + (0x80 - u64::from(b'z') - 1) * ONES;
    let lower = from_a & !past_z & !x & HIGH;
    ((!lower & HIGH).trailing_zeros() / 8) as usize
}

/// The ASCII capitals among the 8 bytes of `x` lowercased, the other bytes left as they are.
#[inline]
pub(crate) fn ascii_lowercase(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = x & !HIGH;
    // Per byte, without carries (each is below 0x80): the high bit says `>= b'A'`, then `> b'Z'`.
    let from_a = low7 + 0x3F3F_3F3F_3F3F_3F3F;
    let past_z = low7 + 0x2525_2525_2525_2525;
    let upper = from_a & !past_z & !x & HIGH;
    x | upper >> 2
}

/// The most phrases one Teddy searcher takes (aho-corasick's packed searchers
/// give up past 64): with more, the cues' SIMD prefilter was lost whole and
/// every line went through the automaton.
const TEDDY_PATTERNS: usize = 64;

impl Cues {
    /// Bytes of the longest whole-line cue (`end` and `line`): a longer line is none.
    pub fn longest_line(&self) -> usize {
        self.end.max_len.max(self.line.max_len)
    }

    /// Each caption phrase with its searcher.
    pub fn captions(&self) -> impl Iterator<Item = (&str, &memchr::memmem::Finder<'static>)> {
        self.caption.iter().map(String::as_str).zip(&self.caption_finders)
    }

    /// The first phrase of `contains` (in the file's order) that occurs in the normalised `line`.
    pub fn first_contained(&self, line: &str) -> Option<&str> {
        let index = self.contains_index.as_ref()?;
        // Most lines hold no cue: a plain search says so quickly. (A leftmost
        // search finds a match whenever any phrase occurs.)
        let any = match &self.contains_filter {
            Some(filters) => {
                self.contains_short.iter().any(|p| line.contains(p.as_str()))
                    || filters.iter().any(|f| f.find(line).is_some())
            }
            None => index.is_match(line),
        };
        if !any {
            return None;
        }
        let first = index.find_overlapping_iter(line).map(|m| m.pattern().as_usize()).min()?;
        self.contains.get(first).map(String::as_str)
    }
}

/// The first `n` characters of `text`, all of it when it is shorter. A text
/// of at most `n` bytes has at most `n` characters: only a longer one is
/// counted off.
pub fn first_chars(text: &str, n: usize) -> &str {
    if text.len() <= n {
        return text;
    }
    // Characters are counted by the bytes that start one (all but
    // `0b10xx_xxxx`): whole blocks of 64 bytes at a time, branch-free, until
    // the block where the `n`th character ends, then byte by byte.
    let bytes = text.as_bytes();
    let starts = |b: &u8| (*b as i8) >= -0x40;
    let (mut seen, mut at) = (0, 0);
    for block in bytes.chunks_exact(64) {
        // (Counted in a byte, at most 64: the compiler adds 32 byte lanes at
        // a time, where a `usize` sum widened every byte first.)
        let count = usize::from(block.iter().fold(0u8, |count, b| count + u8::from(starts(b))));
        if seen + count > n {
            break;
        }
        seen += count;
        at += block.len();
    }
    for (i, b) in bytes[at..].iter().enumerate() {
        if starts(b) {
            if seen == n {
                return &text[..at + i];
            }
            seen += 1;
        }
    }
    text
}

/// Whether `word` may hold an apostrophe, `'` or `’`: a test on the bytes,
/// also true of the other characters that start like `’` (E2), so a yes is
/// for the search that follows to confirm.
pub fn may_have_apostrophe(word: &str) -> bool {
    word.bytes().any(|b| b == b'\'' || b == 0xE2)
}

/// `word` lowercased: the word itself when it has no capital (most words of
/// a text, French accented ones included), else written into `buf`, which is
/// cleared first (a buffer reused across words saves an allocation per word).
/// ASCII words skip the Unicode case tables.
pub fn lowercase<'a>(word: &'a str, buf: &'a mut String) -> &'a str {
    lower(word, buf, false)
}

/// [`lowercase`], with the typographic apostrophe `’` folded to `'`
/// (`l’homme` and `l'homme` are one word to stopword lists).
pub fn fold_word<'a>(word: &'a str, buf: &'a mut String) -> &'a str {
    lower(word, buf, true)
}

fn lower<'a>(word: &'a str, buf: &'a mut String, fold_apostrophe: bool) -> &'a str {
    if is_lowercase_latin1(word) {
        return word;
    }
    lower_into(word, buf, fold_apostrophe);
    buf
}

/// Whether `word` is written in ASCII and Latin-1 (U+0080..U+00FF) only and
/// has no capital: then lowercasing leaves it as it is. Read on the UTF-8
/// bytes: in Latin-1, only `C3 80..=C3 9E` (À..Þ) are capitals, save `C3 97`
/// (×); every `C2 xx` and the rest of `C3 xx` are their own lowercase
/// (`ß`, `à`..`ÿ`, `µ`, symbols). Any other character (`’`, `œ`) answers no.
fn is_lowercase_latin1(word: &str) -> bool {
    let bytes = word.as_bytes();
    // Most words are plain lowercase ASCII: one quick scan says so.
    let Some(mut i) = bytes.iter().position(|b| !b.is_ascii() || b.is_ascii_uppercase()) else {
        return true;
    };
    while i < bytes.len() {
        match bytes[i] {
            b if b.is_ascii() => {
                if b.is_ascii_uppercase() {
                    return false;
                }
                i += 1;
            }
            0xC2 => i += 2,
            0xC3 => {
                if matches!(bytes.get(i + 1), Some(&n) if n <= 0x9E && n != 0x97) {
                    return false;
                }
                i += 2;
            }
            _ => return false,
        }
    }
    true
}

fn lower_into(word: &str, out: &mut String, fold_apostrophe: bool) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if fold_apostrophe && c == '\u{2019}' {
            out.push('\'');
        } else {
            push_lowercase(out, c);
        }
    }
}

/// `c.is_alphabetic()`, with ASCII and Latin-1 (the letters of French)
/// answered by a match: the Unicode tables cost a search per character.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if c <= '\u{ff}' {
        matches!(c, 'ª' | 'µ' | 'º' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ')
    } else {
        c.is_alphabetic()
    }
}

/// `c.is_alphanumeric()`, with ASCII, Latin-1, Latin Extended-A and general
/// punctuation (`’`, `–`, `…`) answered without the Unicode tables.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if c <= '\u{ff}' {
        matches!(c, 'ª' | 'µ' | 'º' | '²' | '³' | '¹' | '¼'..='¾' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ')
    } else if c <= '\u{17f}' {
        true
    } else if ('\u{2000}'..='\u{206f}').contains(&c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// Pushes `c` lowercased. ASCII and the accented letters of French (Latin-1)
/// are mapped directly: the Unicode case tables cost a search per character.
#[inline]
pub fn push_lowercase(out: &mut String, c: char) {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        // À..Þ map to à..þ, 32 code points on; × sits between them.
        'À'..='Þ' if c != '×' => out.push(char::from_u32(c as u32 + 32).unwrap_or(c)),
        _ if c.is_ascii() || ('ß'..='ÿ').contains(&c) => out.push(c),
        _ => out.extend(c.to_lowercase()),
    }
}

/// Normalises a line for cue matching: lowercase, typographic apostrophes
/// folded, whitespace collapsed, bullets and trailing `: > » › …` trimmed.
pub fn normalize_line(line: &str) -> String {
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    // Whitespace seen since the last character written: one space before the next.
    let mut gap = false;
    let mut i = 0;
    while i < bytes.len() {
        // Runs that need nothing but ASCII lowercasing (done below, for the
        // whole line) are copied whole: most of a line is one or a few runs.
        let end = clean_run(bytes, i);
        if end > i {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(line.get(i..end).unwrap_or_default());
            i = end;
            // A run ends with a space only before a space of another kind.
            gap = out.ends_with(' ');
            if gap {
                out.pop();
            }
        }
        let Some(c) = line.get(i..).and_then(|rest| rest.chars().next()) else { break };
        i += c.len_utf8();
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => out.push('\''),
            _ => push_lowercase(&mut out, c),
        }
    }
    out.make_ascii_lowercase();
    trim_cue_line(&mut out);
    out
}

/// Trims a normalised line of its bullets and trailing `: > » › …`, in place:
/// most lines need no trimming, and none needs a second string.
fn trim_cue_line(out: &mut String) {
    let trim_end: &[char] = &[':', '>', '»', '›', '…', ' ', '|', '-', '–', '—', '.', '!'];
    let trim_start: &[char] = &['•', '·', '-', '*', '»', '›', '>', '|', ' ', '–', '—', '■', '►', '▶'];
    out.truncate(out.trim_end_matches(trim_end).len());
    let start = out.len() - out.trim_start_matches(trim_start).len();
    out.drain(..start);
}

/// ASCII bytes that [`normalize_line`] copies as they are (but for case):
/// all but whitespace and the backtick.
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = !matches!(b as u8, b'\t'..=b'\r' | b' ' | b'`');
        b += 1;
    }
    t
};

/// Whether 8 bytes (after a byte of the run, which is no space) may be
/// copied as they are: ASCII, no control byte or backtick, spaces single and
/// not last (the byte after the last one is not known here).
#[inline]
fn plain_chunk(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // (Without a high bit, no byte carries into the next below.)
    let below_space = x.wrapping_sub(0x20 * ONES) & !x & HIGH;
    let backtick = (x ^ (0x60 * ONES)).wrapping_sub(ONES) & !(x ^ (0x60 * ONES)) & HIGH;
    if (x & HIGH) | below_space | backtick != 0 {
        return false;
    }
    let y = x ^ (0x20 * ONES);
    let spaces = !((y + 0x7F * ONES) | y) & HIGH;
    spaces & (spaces << 8) == 0 && spaces >> 63 == 0
}

/// The end of the run from `i` that [`normalize_line`] copies as it is:
/// plain ASCII, single spaces between two characters (the run's first byte
/// is no space), and the frequent characters of French text that are their
/// own lowercase and no whitespace or apostrophe (`é`, `«`, `–`, `€`).
/// Everything else is left to the character-by-character path.
#[inline]
fn clean_run(bytes: &[u8], mut i: usize) -> usize {
    let start = i;
    while let Some(&b) = bytes.get(i) {
        // Eight bytes at a time while they are plain (a run's first byte, which may be a space, aside).
        if i > start
            && let Some(chunk) = bytes.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok())
            && plain_chunk(u64::from_le_bytes(chunk))
        {
            i += 8;
            continue;
        }
        if PLAIN[b as usize] {
            i += 1;
            continue;
        }
        let len = match b {
            b' ' if i > start => match bytes.get(i + 1) {
                Some(&next) if PLAIN[next as usize] || !next.is_ascii() => 1,
                _ => 0,
            },
            // U+0080..U+00BF, save NEL, no-break space and ´.
            0xC2 => match bytes.get(i + 1) {
                Some(0x85 | 0xA0 | 0xB4) | None => 0,
                Some(_) => 2,
            },
            // U+00C0..U+00FF: × and the small letters (the capitals are À..Þ).
            0xC3 => match bytes.get(i + 1) {
                Some(0x97 | 0x9F..=0xBF) => 2,
                _ => 0,
            },
            // U+2000..U+203F, save the spaces and the single quotes; €.
            0xE2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(0x8B..=0x97 | 0x9A..=0xA7 | 0xAA..=0xAE | 0xB0..=0xBF)) => 3,
                (Some(0x82), Some(0xAC)) => 3,
                _ => 0,
            },
            _ => 0,
        };
        if len == 0 {
            break;
        }
        i += len;
    }
    i
}

/// Whether `line` (normalised) starts with `prefix` followed by a non-letter or the end.
pub fn starts_with_phrase(line: &str, prefix: &str) -> bool {
    match line.strip_prefix(prefix) {
        Some(rest) => {
            prefix.ends_with(|c: char| !c.is_alphanumeric()) || rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
        }
        None => false,
    }
}

/// Whether the normalised `line` may hold a `contains` phrase of either
/// language (`false`: [`Cues::first_contained`] finds none in it,
/// for both), by one pass over its eight-byte windows.
pub fn may_hold_cue(line: &str) -> bool {
    CueWindows::get().may_hold(line)
}

/// Which eight-byte windows witness a `contains` phrase of either language,
/// as bits of a hashed set (one window a phrase, see
/// [`CueWindows::rarest_window`]): a line none of whose windows is set holds
/// none of the phrases of eight bytes or more. Few candidates hold a cue:
/// this one pass over the line spares most of them the five SIMD searches
/// (two languages, up to 64 phrases a searcher) that cost 8,000 instructions
/// a line. The body stage's cue check and rank's `holds_cue` ask it first.
struct CueWindows {
    bits: Vec<u64>,
    /// The phrases under eight bytes ("©", "/afp"), searched for as they are:
    /// all at once by one packed (Teddy) search, where one search a phrase
    /// cost about 1,000 instructions a line; by one vector search each where
    /// the CPU has no packed search (`str::contains` cost a tenth of the ranking).
    short: Result<aho_corasick::packed::Searcher, Vec<memchr::memmem::Finder<'static>>>,
}

impl CueWindows {
    /// Bits of the set: 32 KiB, which a few hundred phrases' windows leave
    /// nearly empty (a line's window is rarely set by chance).
    const BITS: u32 = 18;
    const WINDOW: usize = 8;

    fn get() -> &'static CueWindows {
        static WINDOWS: OnceLock<CueWindows> = OnceLock::new();
        WINDOWS.get_or_init(|| {
            let mut windows = CueWindows { bits: vec![0; 1 << (Self::BITS - 6)], short: Err(Vec::new()) };
            let mut short = Vec::new();
            for phrase in Lang::ALL.iter().flat_map(|l| &l.data().cues.contains) {
                match Self::rarest_window(phrase.as_bytes()) {
                    Some(window) => {
                        let bit = Self::bit(window);
                        windows.bits[bit / 64] |= 1 << (bit % 64);
                    }
                    None => short.push(phrase.as_str()),
                }
            }
            // (Both languages list "©".)
            short.sort_unstable();
            short.dedup();
            windows.short = aho_corasick::packed::Config::new()
                .builder()
                .extend(&short)
                .build()
                .ok_or_else(|| short.into_iter().map(memchr::memmem::Finder::new).collect());
            windows
        })
    }

    /// The phrase's window least likely in running text, which any line that
    /// holds the phrase holds too: one across a space inside it (two words
    /// in a row are rarer than either), then of the rarest letters (by their
    /// frequencies in English and French). On the dev articles' sentences,
    /// about one in thirty then needs the searchers; with each phrase's
    /// first four bytes ("pour", "les "), three in four did.
    fn rarest_window(phrase: &[u8]) -> Option<u64> {
        const BY_FREQUENCY: &[u8] = b" etaoinsrhldcumfpgwybvkxjqz";
        let rarity = |b: &u8| match BY_FREQUENCY.iter().position(|f| f == b) {
            Some(rank) => rank,
            // Accented letters (UTF-8 bytes) are common in French; digits and marks are rare.
            None if *b >= 0x80 => 2,
            None => BY_FREQUENCY.len(),
        };
        let mut best: Option<((bool, usize), u64)> = None;
        for w in phrase.windows(Self::WINDOW) {
            let score = (w[1..Self::WINDOW - 1].contains(&b' '), w.iter().map(rarity).sum::<usize>());
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, Self::key(w)));
            }
        }
        best.map(|(_, w)| w)
    }

    #[inline]
    fn key(window: &[u8]) -> u64 {
        window.first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w))
    }

    #[inline]
    fn bit(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    /// Whether `line` may hold a phrase (`false`: it holds none).
    fn may_hold(&self, line: &str) -> bool {
        let bits: &[u64] = &self.bits;
        let short = match &self.short {
            Ok(searcher) => searcher.find(line).is_some(),
            Err(finders) => finders.iter().any(|p| p.find(line.as_bytes()).is_some()),
        };
        short
            || line.as_bytes().windows(Self::WINDOW).any(|w| {
                let bit = Self::bit(Self::key(w));
                bits.get(bit / 64).is_some_and(|b| b >> (bit % 64) & 1 != 0)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_in_the_text_are_word_keys() {
        let text = "Un été à Paris : l\u{2019}anticonstitutionnellement, 10\u{202f}000 euros; The U.S. economy";
        let bytes = text.as_bytes();
        for at in 0..bytes.len() {
            for end in at + 1..=bytes.len().min(at + KEY_MAX_LEN) {
                let within = at + if end - at <= 8 { 8 } else { 16 } <= bytes.len();
                let want = within.then(|| word_key(&bytes[at..end], false));
                assert_eq!(key_in(bytes, at, end), want, "{at}..{end}");
            }
        }
        assert_eq!(key_in(bytes, 3, 3), None);
        assert_eq!(key_in(bytes, 0, KEY_MAX_LEN + 1), None);
    }

    #[test]
    fn normalize_table() {
        let cases = [
            ("A lire également", "a lire également"),
            ("Partager l’article:", "partager l'article"),
            ("  VIDÉOS   SPONSORISÉES ", "vidéos sponsorisées"),
            ("• Read more »", "read more"),
            ("Related stories ›", "related stories"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_line(input), want, "{input}");
        }
    }

    /// The plain definition, word by word, that [`normalize_line`] must agree with.
    fn reference_normalize(line: &str) -> String {
        let mut out = String::with_capacity(line.len());
        // (One search per line rather than per word.)
        let backtick = line.contains('`');
        for word in line.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            if word.is_ascii() {
                // Most words: copied whole, lowercased and folded below, with the whole line.
                out.push_str(word);
                continue;
            }
            for c in word.chars() {
                match c {
                    '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => out.push('\''),
                    _ => push_lowercase(&mut out, c),
                }
            }
        }
        // One pass for the line: the other words' letters are lowercase already.
        out.make_ascii_lowercase();
        if backtick {
            out = out.replace('`', "'");
        }
        // (The trimming is not what the fast path changed: the same step.)
        trim_cue_line(&mut out);
        out
    }

    #[test]
    fn normalize_matches_reference() {
        let alphabet = [
            "a", "É", "é", "x", "A", " ", "  ", "\t", "\n", "\u{a0}", "\u{202f}", "\u{2009}", "\u{85}", "’", "‘", "`",
            "\u{b4}", "'", "«", "»", ":", "-", "–", "—", "…", "€", "•", "×", "Œ", "İ", "K", "\u{3000}", "▶", "|", "ß",
            "Ÿ", "\u{200b}", "\u{2028}", "µ", "\u{c2}",
        ];
        let mut lines: Vec<String> = Vec::new();
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    lines.push(format!("{a}{b}{c}"));
                    lines.push(format!("{a}Mot{b}{c}é"));
                }
            }
        }
        // Longer lines, drawn by a fixed generator: of any pieces, then mostly
        // words and single spaces, for the eight-byte steps.
        let mut seed = 12345u64;
        let words = ["abc", " ", " ", "Déf", "x", "`", "  ", "\t", "é", "’", "GHIJKLM", "-", "\u{a0}", "»"];
        for (pieces, longest) in [(&alphabet[..], 24), (&words[..], 40)] {
            for _ in 0..20_000 {
                let mut line = String::new();
                for _ in 0..(seed % longest) {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    line.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                }
                lines.push(line);
            }
        }
        lines.extend(
            ["L’Été à Paris : « Très bien » — c’est l’œuvre…", "  The `Best` of  Times ›  ", "Café\u{a0}: prix 12 €"]
                .map(String::from),
        );
        for line in &lines {
            assert_eq!(normalize_line(line), reference_normalize(line), "{line:?}");
        }
    }

    #[test]
    fn lowercase_matches_unicode() {
        let text = "ÀÉÈÊËÎÏÔÙÛÜÇŒÆ ×÷ ßÿ àéç ABCxyz ΣΑΣ İstanbul Ǆ été déjà Été µ«»° œuvre Œuvre ÞØ þø";
        let mut buf = String::new();
        for word in text.split(' ') {
            assert_eq!(lowercase(word, &mut buf), word.chars().flat_map(char::to_lowercase).collect::<String>());
        }
        assert_eq!(fold_word("L’Été", &mut buf), "l'été");
        assert_eq!(fold_word("l’été", &mut buf), "l'été");
        assert_eq!(fold_word("l'homme", &mut buf), "l'homme");
        // Every Latin-1 character, alone and in a word: the fast path agrees with the case tables.
        for c in (0x80..=0xFFu32).filter_map(char::from_u32) {
            for word in [c.to_string(), format!("a{c}b"), format!("{c}é")] {
                assert_eq!(lowercase(&word, &mut buf), word.to_lowercase(), "{word}");
            }
        }
    }

    #[test]
    fn first_chars_table() {
        for (text, n, want) in
            [("été", 2, "ét"), ("été", 3, "été"), ("abc", 5, "abc"), ("ab€cd", 3, "ab€"), ("", 1, "")]
        {
            assert_eq!(first_chars(text, n), want, "{text} {n}");
        }
        assert!(may_have_apostrophe("l'été") && may_have_apostrophe("l’été") && !may_have_apostrophe("l´été"));
        // Long texts of one- to four-byte characters, cut at every count
        // around the 64-byte blocks: the same cut as counting characters one by one.
        for piece in ["a", "é", "€", "😀", "ab€é😀"] {
            let text = piece.repeat(70);
            for n in 0..text.chars().count() + 2 {
                let want = text.char_indices().nth(n).map_or(&text[..], |(i, _)| &text[..i]);
                assert_eq!(first_chars(&text, n), want, "{piece} {n}");
            }
        }
    }

    #[test]
    fn letter_test_matches_unicode() {
        for c in (0..=0x2FFu32).chain([0x2019, 0x20AC, 0x3042, 0x1F600]).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
        for c in (0..=0x3000u32).chain([0x20AC, 0x3042, 0x1F600]).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn phrase_prefix_table() {
        assert!(starts_with_phrase("lire aussi : la suite", "lire aussi"));
        assert!(starts_with_phrase("par claire dubois", "par"));
        assert!(!starts_with_phrase("parmi les élus", "par"));
        assert!(starts_with_phrase("by tom harris", "by"));
        assert!(!starts_with_phrase("bystanders ran", "by"));
        assert!(starts_with_phrase("© 2025 le monde", "©"));
    }

    #[test]
    fn data_loads_in_both_languages() {
        for lang in Lang::ALL {
            let d = lang.data();
            assert!(d.stopwords.len() > 100, "{lang}");
            assert!(!d.abbreviations.is_empty(), "{lang}");
            assert!(!d.cues.end.is_empty(), "{lang}");
            assert!(d.months.len() >= 12, "{lang}");
            // Twelve months, each named, every name numbered.
            let numbers: FxHashSet<u8> = d.month_numbers.values().copied().collect();
            assert_eq!(numbers, (1..=12).collect(), "{lang}");
            assert_eq!(d.month_numbers.len(), d.months.len(), "{lang}");
        }
        assert_eq!(Lang::Fr.data().month_numbers.get("févr"), Some(&2));
        assert_eq!(Lang::Fr.data().month_numbers.get("décembre"), Some(&12));
        assert_eq!(Lang::En.data().month_numbers.get("sept"), Some(&9));
        assert_eq!(Lang::En.data().month_numbers.get("may"), Some(&5));
        assert!(Lang::Fr.data().is_stopword("les"));
        for lang in Lang::ALL {
            let cues = &lang.data().cues;
            for (i, phrase) in cues.contains.iter().enumerate() {
                let line = format!("avant {phrase} après");
                let want = cues.contains.iter().find(|p| line.contains(p.as_str())).map(String::as_str);
                assert_eq!(cues.first_contained(&line), want, "{lang} {i}");
            }
            assert_eq!(cues.first_contained("rien à signaler, nothing to see"), None);
        }
        assert!(Lang::En.data().is_stopword("the"));
    }

    #[test]
    fn stopword_keys_match_the_set() {
        for lang in Lang::ALL {
            let d = lang.data();
            // Every stopword has a key: the lookups by key are the only ones.
            assert!(d.stopword_max_len() <= KEY_MAX_LEN, "{lang}");
            for w in &d.stopwords {
                assert!(d.is_stopword(w) && d.is_ascii_stopword(w.as_bytes()), "{lang} {w}");
                let upper = w.to_ascii_uppercase();
                assert!(d.is_ascii_stopword(upper.as_bytes()), "{lang} {w}");
                assert_eq!(d.is_stopword(&upper), upper == *w, "{lang} {upper}");
                for other in [format!("{w}x"), format!("{w}\0"), w.chars().skip(1).collect()] {
                    assert_eq!(d.is_stopword(&other), d.stopwords.contains(&other), "{lang} {other:?}");
                }
            }
        }
        // Keys of every length, over every byte: equal only for equal words, lowercased as ASCII is.
        let bytes: Vec<u8> = (0..=255u8).chain(b"AZaz@[`{".iter().copied()).collect();
        let mut words: Vec<Vec<u8>> = Vec::new();
        for len in 0..=KEY_MAX_LEN {
            for start in (0..bytes.len()).step_by(7) {
                words.push(bytes.iter().cycle().skip(start).take(len).copied().collect());
            }
        }
        let mut seen = FxHashMap::default();
        let set = WordSet::with_values(words.iter().filter_map(|w| std::str::from_utf8(w).ok()).map(|w| (w, 1)));
        let text: Vec<u8> = words.concat();
        let mut at = 0;
        for w in &words {
            // Read from inside a text, up to its very end, as from the word alone.
            assert_eq!(set.get_in(&text, at, at + w.len()), set.get(w, true), "{w:?}");
            at += w.len();
            let key = word_key(w, false);
            assert_eq!(*seen.entry(key).or_insert(w), w);
            assert_eq!(word_key(w, true), word_key(&w.to_ascii_lowercase(), false), "{w:?}");
        }
        // Read on the bytes, Latin-1 words lowercase as the case tables say; other characters are left to them.
        for w in ["été", "ÉTÉ", "Déjà", "ÀÞ×ÿß", "µª²", "naïve", "L'ÉTÉ", "œuvre", "l’été", "", "ÉCHAPPÉES-BELLES"]
        {
            let want = (!w.is_empty() && w.len() <= KEY_MAX_LEN && w.bytes().all(|b| b < 0xC4))
                .then(|| word_key(w.to_lowercase().as_bytes(), false));
            assert_eq!(latin1_lower_key(w.as_bytes()), want, "{w}");
        }
        for (lang, yes, no) in [(Lang::Fr, "Les", "Maison"), (Lang::En, "THE", "House")] {
            assert!(lang.data().is_ascii_stopword(yes.as_bytes()) && !lang.data().is_ascii_stopword(no.as_bytes()));
        }
    }
}
