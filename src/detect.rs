//! Stage 3, **detect**: which language a document (and each block) is in.
//!
//! Input: [`Blocks`] (or any text for [`detect_text`]). Output: [`Detection`]:
//! French, English or undetermined, with a confidence in [0, 1]. Combines
//! whatlang (all languages, to notice German or Spanish; and restricted to
//! French/English) with our own evidence that stays reliable on short texts:
//! stopwords and frequent words (`src/lang/*/common_words.txt`), elisions,
//! clitics, diacritics, month names and typography (`Fini ?`) of each
//! language; function words, letters and marks (`¿`, `ñ`, `ß`) of the
//! neighbouring languages (`src/lang/other/function_words.txt`).

use crate::blocks::Blocks;
use crate::config::DetectConfig;
use crate::lang::{Lang, WordSet, ascii_lowercase, first_chars, fold_word, is_alphabetic, letters};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// The language of a text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Detection {
    /// French or English; `None` when it is neither or cannot be told (`und` in JSON).
    #[serde(serialize_with = "code_or_und")]
    pub lang: Option<Lang>,
    /// How sure we are of `lang` (or of "neither"), in [0, 1].
    pub confidence: f64,
    /// When the text is in another language: its ISO 639-3 code and English name.
    #[serde(skip)]
    pub other: Option<(&'static str, &'static str)>,
}

impl Detection {
    /// `fr`, `en` or `und`.
    pub fn code(&self) -> &'static str {
        self.lang.map_or("und", Lang::code)
    }

    fn forced(lang: Lang) -> Detection {
        Detection { lang: Some(lang), confidence: 1.0, other: None }
    }
}

fn code_or_und<S: serde::Serializer>(lang: &Option<Lang>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(lang.map_or("und", Lang::code))
}

/// Only this much text is looked at: more does not change the answer.
const SAMPLE_CHARS: usize = 6_000;

/// Detects the language of a whole document.
pub fn detect(blocks: &Blocks, cfg: &DetectConfig) -> Detection {
    if let Some(lang) = cfg.force {
        return Detection::forced(lang);
    }
    detect_text(&sample(blocks))
}

/// The text detection reads, up to at least [`SAMPLE_CHARS`] bytes (when
/// there is that much): long blocks carry the article, short ones are menus and labels.
fn sample(blocks: &Blocks) -> String {
    // Room for all of it at once: it stops growing at the first block that
    // takes it to `bytes`.
    let (all, longest) =
        blocks.blocks.iter().fold((0, 0), |(all, longest), b| (all + b.text.len() + 1, b.text.len().max(longest)));
    let mut sample = String::with_capacity(all.min(SAMPLE_CHARS + longest + 1));
    for long_only in [true, false] {
        for b in &blocks.blocks {
            if sample.len() >= SAMPLE_CHARS {
                break;
            }
            if !long_only || b.text.split_whitespace().nth(7).is_some() {
                sample.push_str(&b.text);
                sample.push('\n');
            }
        }
        if !sample.is_empty() {
            break;
        }
    }
    sample
}

/// Counts of language evidence in a text.
#[derive(Debug, Default, PartialEq)]
struct Evidence {
    words: usize,
    fr: f64,
    en: f64,
    other: FxHashMap<&'static str, f64>,
}

/// What one lowercase word says about its language.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Entry {
    fr: bool,
    en: bool,
    /// A function word of another language (ISO 639-3).
    other: Option<&'static str>,
}

/// The other languages of `src/lang/other/function_words.txt`, by their
/// place in an [`Entry`]'s value.
const OTHER_CODES: [&str; 5] = ["deu", "spa", "ita", "por", "nld"];

impl Entry {
    /// The entry as one byte, the value of its word in the lexicon: French,
    /// English, then the place of the other language in [`OTHER_CODES`] plus one.
    fn value(self) -> u8 {
        let other = self.other.and_then(|c| OTHER_CODES.iter().position(|o| *o == c)).map_or(0, |i| i as u8 + 1);
        u8::from(self.fr) | u8::from(self.en) << 1 | other << 2
    }

    #[inline]
    fn from_value(value: u8) -> Entry {
        let other = (value >> 2).checked_sub(1).and_then(|i| OTHER_CODES.get(usize::from(i)).copied());
        Entry { fr: value & 1 != 0, en: value & 2 != 0, other }
    }
}

/// Every word we know, in one table so that each word of a text costs one
/// lookup (see [`lexicon`]).
struct Lexicon {
    /// Each lowercase word with its [`Entry::value`].
    words: WordSet,
    /// Bytes of the longest word: a longer one is in no entry and is not looked up.
    max_len: usize,
}

impl Lexicon {
    /// The entry of a lowercase word, or of an ASCII word with its capitals
    /// lowercased on the fly if `ascii_lower` (no lowercase copy is written).
    #[inline]
    fn get(&self, word: &[u8], ascii_lower: bool) -> Entry {
        if word.len() > self.max_len {
            return Entry::default();
        }
        self.words.get(word, ascii_lower).map_or_else(Entry::default, Entry::from_value)
    }

    /// The length and entry of the word at `at` when it is one to fifteen
    /// ASCII letters then an ASCII byte that is no letter nor `'`: its letters
    /// and its key from the 8-byte loads that count them (one for most
    /// words). Otherwise, how many ASCII letters in a row start at `at` (up
    /// to sixteen; 0 within eight bytes of the end).
    #[inline(always)]
    fn short_word(&self, bytes: &[u8], at: usize) -> Result<(usize, Entry), usize> {
        let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) else { return Err(0) };
        let x = u64::from_le_bytes(*chunk);
        let len = letters(x);
        if len == 8 {
            return self.long_word(bytes, at, x);
        }
        let after = (x >> (8 * (len & 7))) as u8;
        // (`found` asks for the key of one letter or more.)
        self.found(len, after, || (ascii_lowercase(x & (u64::MAX >> (64 - 8 * len))), 0))
    }

    /// [`short_word`](Self::short_word) of a word whose first eight bytes
    /// `x` are letters: the rest of its letters from a second load.
    #[inline]
    fn long_word(&self, bytes: &[u8], at: usize, x: u64) -> Result<(usize, Entry), usize> {
        let Some(chunk) = bytes.get(at + 8..).and_then(<[u8]>::first_chunk::<8>) else { return Err(8) };
        let y = u64::from_le_bytes(*chunk);
        let more = letters(y);
        if more == 8 {
            return Err(16);
        }
        let after = (y >> (8 * more)) as u8;
        self.found(8 + more, after, || (ascii_lowercase(x), ascii_lowercase(y & ((1 << (8 * more)) - 1))))
    }

    /// [`short_word`](Self::short_word)'s answer for `len` letters and the
    /// byte after them; `key` gives the two halves of the word's lowercase key
    /// (without its length), asked only when the lexicon may hold the word.
    #[inline(always)]
    fn found(&self, len: usize, after: u8, key: impl FnOnce() -> (u64, u64)) -> Result<(usize, Entry), usize> {
        if len == 0 || after >= 0x80 || BYTE_CLASS[usize::from(after)] != 0 {
            return Err(len);
        }
        let entry = if len > self.max_len {
            Entry::default()
        } else {
            let (lo, hi) = key();
            self.words.get_key((lo, hi | (len as u64) << 56)).map_or_else(Entry::default, Entry::from_value)
        };
        Ok((len, entry))
    }

    /// The entry of the ASCII word `text[start..end]`, its capitals lowercased on the fly.
    #[inline]
    fn get_in(&self, text: &str, start: usize, end: usize) -> Entry {
        if end - start > self.max_len {
            return Entry::default();
        }
        self.words.get_in(text.as_bytes(), start, end).map_or_else(Entry::default, Entry::from_value)
    }
}

/// French and English stopwords, frequent words
/// (`src/lang/*/common_words.txt`: short texts often hold no stopword),
/// month and weekday names; function words of neighbouring languages
/// (`src/lang/other/function_words.txt`).
fn lexicon() -> &'static Lexicon {
    static WORDS: OnceLock<Lexicon> = OnceLock::new();
    WORDS.get_or_init(|| {
        let map = lexicon_entries();
        Lexicon {
            words: WordSet::with_values(map.iter().map(|(w, e)| (w.as_str(), e.value()))),
            max_len: map.keys().map(String::len).max().unwrap_or(0),
        }
    })
}

/// The lexicon's words and what each says.
fn lexicon_entries() -> FxHashMap<String, Entry> {
    let mut map: FxHashMap<String, Entry> = FxHashMap::default();
    for lang in Lang::ALL {
        let data = lang.data();
        let common = lang.files().common_words.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
        let words = data.stopwords.iter().chain(&data.months).chain(&data.weekdays).map(String::as_str);
        for word in words.chain(common) {
            let entry = map.entry(word.to_lowercase()).or_default();
            match lang {
                Lang::Fr => entry.fr = true,
                Lang::En => entry.en = true,
            }
        }
    }
    for line in crate::lang::COMMON.function_words.lines() {
        if line.starts_with('#') {
            continue;
        }
        let Some((code, word)) = line.split_once('\t') else { continue };
        let code: &'static str = match code.trim() {
            "de" => "deu",
            "es" => "spa",
            "it" => "ita",
            "pt" => "por",
            "nl" => "nld",
            _ => continue,
        };
        map.entry(word.trim().to_lowercase()).or_default().other = Some(code);
    }
    map
}

/// Letters that French and English do not use, and the language they point to.
fn foreign_letter(c: char) -> Option<&'static str> {
    match c {
        'ñ' | 'á' | 'í' | 'ó' | 'ú' => Some("spa"),
        'ã' | 'õ' => Some("por"),
        'ß' | 'ä' | 'ö' => Some("deu"),
        'ì' | 'ò' => Some("ita"),
        _ => None,
    }
}

/// Text is read in chunks of at least this many bytes, and reading stops
/// once the answer is settled (see [`settled`]).
const CHUNK_BYTES: usize = 1_000;

fn evidence(text: &str) -> Evidence {
    let mut ev = Evidence::default();
    let mut rest = text;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(chunk_end(rest).unwrap_or(rest.len()));
        add_evidence(chunk, &mut ev);
        rest = tail;
        if settled(&ev) {
            break;
        }
    }
    ev
}

/// Where the first chunk of `text` ends, if before its end: after a space
/// that a letter or digit follows, so that no word or spaced mark straddles
/// it and the chunks' counts add up to the whole text's.
fn chunk_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (CHUNK_BYTES..bytes.len().saturating_sub(1))
        .find(|&i| matches!(bytes[i], b' ' | b'\n') && bytes[i + 1].is_ascii_alphanumeric())
        .map(|i| i + 1)
}

/// Whether more text could not change the answer in practice: French or
/// English leads by 20 words, makes up a good share of the words, and no
/// other language comes close. The confidence is then 1.0 either way.
fn settled(ev: &Evidence) -> bool {
    let ours = ev.fr.max(ev.en);
    let other = ev.other.values().copied().fold(0.0, f64::max);
    ev.words >= 100 && (ev.fr - ev.en).abs() >= 20.0 && ours >= 0.3 * ev.words as f64 && other < 0.1 * ours
}

/// What the bytes of a word hold, gathered while it is scanned: a plain
/// ASCII word (none of these) needs no lowercase copy, no trimming and no
/// scan of its letters.
const APOSTROPHE: u8 = 1;
const NON_ASCII: u8 = 2;
/// An ASCII byte of a word: a letter or `'`.
const WORD_BYTE: u8 = 4;

/// For each byte: [`WORD_BYTE`] for an ASCII letter, with [`APOSTROPHE`]
/// for `'`; 0 for the other bytes (non-ASCII ones are decoded).
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphabetic() {
            table[b] = WORD_BYTE;
        }
        b += 1;
    }
    table[b'\'' as usize] = WORD_BYTE | APOSTROPHE;
    table
};

/// Adds what `text` says: its words (runs of letters and apostrophes), and
/// the punctuation that tells languages apart. French typography puts a
/// space before `? ! ; :` and opens quotes with «, which English never does;
/// Spanish opens questions and exclamations with ¿ and ¡.
///
/// One pass over the bytes: ASCII letters, most of a text, are read by a
/// table that also notes apostrophes, and only other characters are decoded.
fn add_evidence(text: &str, ev: &mut Evidence) {
    let bytes = text.as_bytes();
    let lexicon = lexicon();
    let mut buf = String::new();
    let (mut french, mut spanish) = (0.0, 0.0);
    let mut word_start: Option<usize> = None;
    // What the current word holds (see [`APOSTROPHE`]).
    let mut held = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let class = BYTE_CLASS[usize::from(b)];
        if class != 0 {
            // Most words: one to seven ASCII letters and an ASCII byte of no
            // word after them, read and looked up from one 8-byte load.
            // Otherwise the letters that load found are skipped at once.
            let mut letters = 1;
            if word_start.is_none() {
                match lexicon.short_word(bytes, i) {
                    Ok((len, entry)) => {
                        ev.words += 1;
                        add_entry(entry, ev);
                        i += len;
                        continue;
                    }
                    Err(found) => letters = found.max(1),
                }
            }
            word_start.get_or_insert(i);
            held |= class;
            i += letters;
            // The rest of a run of ASCII letters, at once.
            while let Some(&b) = bytes.get(i) {
                let class = BYTE_CLASS[usize::from(b)];
                if class == 0 {
                    break;
                }
                held |= class;
                i += 1;
            }
            continue;
        }
        let mut len = 1;
        if !b.is_ascii() {
            let c = text[i..].chars().next().unwrap_or_default();
            len = c.len_utf8();
            if is_alphabetic(c) || c == '\u{2019}' {
                word_start.get_or_insert(i);
                // (`’` starts with E2, and so do the few letters a word may
                // share it with: those are told apart once the word is lowercased.)
                held |= NON_ASCII | if b == 0xE2 { APOSTROPHE } else { 0 };
                i += len;
                continue;
            }
        }
        if let Some(start) = word_start.take() {
            add_word(text, start..i, held & (APOSTROPHE | NON_ASCII), lexicon, &mut buf, ev);
            held = 0;
        }
        match b {
            b'?' | b'!' | b';' | b':' if spaced_before(&text[..i]) => french += 1.0,
            // « (C2 AB), ¿ (C2 BF) and ¡ (C2 A1).
            0xC2 => match bytes.get(i + 1) {
                Some(0xAB) => french += 1.0,
                Some(0xBF | 0xA1) => spanish += 1.0,
                _ => {}
            },
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word_start {
        add_word(text, start..text.len(), held & (APOSTROPHE | NON_ASCII), lexicon, &mut buf, ev);
    }
    ev.fr += french;
    if spanish > 0.0 {
        *ev.other.entry("spa").or_default() += spanish;
    }
}

/// Whether `before` ends with a letter or digit then a space (`Fini ?`).
fn spaced_before(before: &str) -> bool {
    let mut chars = before.chars().rev();
    matches!(chars.next(), Some(' ' | '\u{a0}' | '\u{202f}')) && chars.next().is_some_and(char::is_alphanumeric)
}

/// Adds what one word (`text[word]`: letters and apostrophes, as written)
/// says; `held` says whether it has an apostrophe and non-ASCII letters (see [`APOSTROPHE`]).
#[inline(always)]
fn add_word(text: &str, word: Range<usize>, held: u8, lexicon: &Lexicon, buf: &mut String, ev: &mut Evidence) {
    if held == 0 {
        // Most words: ASCII letters only, looked up with their capitals
        // lowercased on the fly. Nothing else in them tells a language.
        ev.words += 1;
        add_entry(lexicon.get_in(text, word.start, word.end), ev);
        return;
    }
    add_marked_word(text.get(word).unwrap_or_default(), held, lexicon, buf, ev);
}

/// [`add_word`] for a word with an apostrophe or a non-ASCII letter.
#[inline(never)]
fn add_marked_word(raw: &str, held: u8, lexicon: &Lexicon, buf: &mut String, ev: &mut Evidence) {
    let mut folded = [0u8; FOLD_MAX];
    let mut marks = Marks::default();
    let word = match fold_latin1(raw.as_bytes(), &mut folded, &mut marks) {
        Some(len) => folded.get(..len).unwrap_or_default(),
        None => {
            let word = fold_word(raw, buf);
            for c in word.chars().filter(|c| !c.is_ascii()) {
                marks.add(c);
            }
            word.as_bytes()
        }
    };
    let apostrophe = held & APOSTROPHE != 0;
    let word = if apostrophe { trim_quotes(word) } else { word };
    if word.is_empty() {
        return;
    }
    ev.words += 1;
    if let Some(code) = marks.foreign {
        *ev.other.entry(code).or_default() += 1.0;
    }
    // French elision (l'homme, qu'il) and English clitics (it's, don't).
    if apostrophe && let Some(at) = word.iter().position(|&b| b == b'\'') {
        let (head, tail) = (&word[..at], &word[at + 1..]);
        if matches!(
            head,
            b"l" | b"d" | b"j" | b"qu" | b"n" | b"s" | b"c" | b"m" | b"t" | b"jusqu" | b"lorsqu" | b"puisqu"
        ) && first_char(tail).is_some_and(char::is_alphabetic)
            && tail.len() > 1
        {
            ev.fr += 1.0;
        }
        if matches!(tail, b"s" | b"t" | b"re" | b"ve" | b"ll" | b"d" | b"m") && (head.len() > 1 || head == b"i") {
            ev.en += 1.0;
        }
        return;
    }
    // Italian "è" and "più" say Italian, not French.
    if !add_entry(lexicon.get(word, false), ev) && marks.accent {
        ev.fr += 0.5;
    }
}

/// Words of at most this many bytes are lowercased on the stack by [`fold_latin1`].
const FOLD_MAX: usize = 32;

/// What the non-ASCII letters of a word say.
#[derive(Default)]
struct Marks {
    /// The language of its first letter that French and English do not use.
    foreign: Option<&'static str>,
    /// Whether it has a French accent.
    accent: bool,
}

impl Marks {
    fn add(&mut self, c: char) {
        self.foreign = self.foreign.or_else(|| foreign_letter(c));
        self.accent |= french_accent(c);
    }
}

/// `word` as [`fold_word`] writes it, into `out`, with the marks of its
/// non-ASCII letters, when it is made of ASCII, Latin-1 letters, `œ` and
/// `’` (the letters of French): their capitals lie 0x20 (`Œ`: 1) below their
/// small letters in the same number of UTF-8 bytes. `None` for a longer word
/// than `out` or another character, left to [`fold_word`]. The length written.
#[inline]
fn fold_latin1(word: &[u8], out: &mut [u8; FOLD_MAX], marks: &mut Marks) -> Option<usize> {
    if word.len() > FOLD_MAX {
        return None;
    }
    let (mut i, mut n) = (0, 0);
    while let Some(&b) = word.get(i) {
        if b.is_ascii() {
            *out.get_mut(n)? = b.to_ascii_lowercase();
            i += 1;
            n += 1;
            continue;
        }
        let next = *word.get(i + 1)?;
        let next = match (b, next) {
            (0xE2, 0x80) if word.get(i + 2) == Some(&0x99) => {
                *out.get_mut(n)? = b'\'';
                i += 3;
                n += 1;
                continue;
            }
            // À..Þ (save ×) to à..þ.
            (0xC3, 0x80..=0x9E) if next != 0x97 => next + 0x20,
            (0xC2 | 0xC3, _) => next,
            (0xC5, 0x92 | 0x93) => 0x93,
            _ => return None,
        };
        marks.add(char::from_u32(u32::from(b & 0x1F) << 6 | u32::from(next & 0x3F))?);
        *out.get_mut(n)? = b;
        *out.get_mut(n + 1)? = next;
        i += 2;
        n += 2;
    }
    Some(n)
}

/// The first character of UTF-8 bytes.
fn first_char(bytes: &[u8]) -> Option<char> {
    match bytes.first() {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => bytes.utf8_chunks().next()?.valid().chars().next(),
    }
}

/// `word` without the `'` around it.
fn trim_quotes(word: &[u8]) -> &[u8] {
    let start = word.iter().position(|&b| b != b'\'').unwrap_or(word.len());
    let end = word.iter().rposition(|&b| b != b'\'').map_or(start, |i| i + 1);
    word.get(start..end).unwrap_or_default()
}

/// Adds what a word's lexicon entry says; whether it is a word of another language.
#[inline(always)]
fn add_entry(entry: Entry, ev: &mut Evidence) -> bool {
    if entry.fr && !entry.en {
        ev.fr += 1.0;
    } else if entry.en && !entry.fr {
        ev.en += 1.0;
    }
    if let Some(code) = entry.other {
        *ev.other.entry(code).or_default() += 1.0;
        return true;
    }
    false
}

/// The accented letters of French.
fn french_accent(c: char) -> bool {
    matches!(c, 'é' | 'è' | 'ê' | 'à' | 'ç' | 'ù' | 'û' | 'ô' | 'î' | 'œ' | 'ë' | 'ï' | 'â')
}

/// Weight of whatlang's French/English vote against our counts.
const RESTRICTED_WEIGHT: f64 = 2.0;

/// Detects the language of one text.
pub fn detect_text(text: &str) -> Detection {
    detect_sample(text, true)
}

/// The other language a text is in (its ISO 639-3 code and English name),
/// if it is neither French nor English: [`detect_text`]'s `other`, without
/// telling French from English (whatlang's vote between the two, which
/// cannot make a text foreign).
pub fn foreign_language(text: &str) -> Option<(&'static str, &'static str)> {
    detect_sample(text, false).other
}

/// [`detect_text`]; French and English told apart only if `fr_en`.
fn detect_sample(text: &str, fr_en: bool) -> Detection {
    let sample = first_chars(text, SAMPLE_CHARS);
    judge(sample, evidence(sample), fr_en)
}

/// The language of `sample` from its evidence (and whatlang's, when ours is
/// thin or close).
fn judge(sample: &str, ev: Evidence, fr_en: bool) -> Detection {
    if ev.words == 0 {
        return Detection { lang: None, confidence: 0.0, other: None };
    }
    // Another language: its function words outnumber French and English ones,
    // or whatlang is sure of it while our evidence for fr/en is thin.
    let ours = ev.fr.max(ev.en);
    let (other_code, other_hits) =
        ev.other.iter().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0))).map_or(("", 0.0), |(c, n)| (*c, *n));
    let thin = ours < 0.3 * ev.words as f64;
    let outnumbered = other_hits >= 2.0 && other_hits >= ours;
    // whatlang takes milliseconds on a long text and only matters when our
    // evidence is thin or outnumbered; detection runs on every document.
    if (thin || outnumbered)
        && let Some(info) = whatlang::detect(sample)
    {
        let code = info.lang().code();
        let foreign = !matches!(info.lang(), whatlang::Lang::Fra | whatlang::Lang::Eng);
        let sure = info.is_reliable() && info.confidence() > 0.5;
        if foreign && ((sure && thin) || outnumbered) {
            let name = info.lang().eng_name();
            return Detection { lang: None, confidence: info.confidence().min(0.99), other: Some((code, name)) };
        }
    }
    if other_hits >= 3.0 && other_hits > 1.5 * ours {
        let name = whatlang::Lang::from_code(other_code).map_or("another language", |l| l.eng_name());
        return Detection { lang: None, confidence: 0.8, other: Some((other_code, name)) };
    }
    // French or English: our counts, plus whatlang restricted to the two,
    // asked only when its vote (at most ±2) can change the answer.
    let mut margin = ev.fr - ev.en;
    if fr_en && margin.abs() <= RESTRICTED_WEIGHT {
        let detector = whatlang::Detector::with_allowlist(vec![whatlang::Lang::Fra, whatlang::Lang::Eng]);
        if let Some(info) = detector.detect(sample) {
            let sign = if info.lang() == whatlang::Lang::Fra { 1.0 } else { -1.0 };
            margin += sign * RESTRICTED_WEIGHT * info.confidence();
        }
    }
    if margin == 0.0 {
        return Detection { lang: None, confidence: 0.0, other: None };
    }
    let lang = if margin > 0.0 { Lang::Fr } else { Lang::En };
    let confidence = 1.0 / (1.0 + (-margin.abs()).exp());
    Detection { lang: Some(lang), confidence: (confidence * 1000.0).round() / 1000.0, other: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_table() {
        let cases = [
            ("Je suis calme.", "fr"),
            ("Félicitations.", "fr"),
            ("C'est très triste.", "fr"),
            ("As-tu écrit ça ?", "fr"),
            ("I am calm.", "en"),
            ("Thank you very much.", "en"),
            ("It's very sad.", "en"),
            ("Le conseil municipal a voté le budget mardi soir après un long débat.", "fr"),
            ("The city council approved the new budget on Tuesday after a long debate.", "en"),
            ("Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt verabschiedet.", "und"),
            ("El ayuntamiento aprobó el nuevo presupuesto el martes tras un largo debate.", "und"),
            ("Il consiglio comunale ha approvato il nuovo bilancio martedì dopo un lungo dibattito.", "und"),
            ("Oui, Paul !", "fr"),
            ("Fini ?", "fr"),
            ("I'm a nurse.", "en"),
            ("Leave it.", "en"),
            ("Tu viens demain ?", "fr"),
            ("See you on Monday.", "en"),
            ("De burgemeester heeft het nieuwe plan gisteren voorgesteld aan de raad.", "und"),
            ("O governo disse que os preços vão baixar no inverno.", "und"),
            ("¿Dónde está el museo?", "und"),
            ("Ich habe keine Zeit.", "und"),
            ("Non so come dirlo, ma il film di ieri è stato brutto.", "und"),
        ];
        for (text, want) in cases {
            assert_eq!(detect_text(text).code(), want, "{text}");
        }
    }

    #[test]
    fn foreign_language_is_detect_texts_other() {
        let cases = [
            "Le conseil municipal a voté le budget mardi soir.",
            "The city council approved the new budget on Tuesday.",
            "Der Stadtrat hat am Dienstag den neuen Haushalt verabschiedet.",
            "El ayuntamiento aprobó el nuevo presupuesto el martes.",
            "Paris Londres Berlin",
            "",
        ];
        for text in cases {
            assert_eq!(foreign_language(text), detect_text(text).other, "{text}");
        }
    }

    #[test]
    fn names_other_languages() {
        let d =
            detect_text("Die Regierung hat am Montag beschlossen, dass die neuen Regeln ab dem ersten Januar gelten.");
        assert_eq!(d.other.map(|o| o.1), Some("German"));
    }

    #[test]
    fn odd_texts_do_not_panic() {
        for text in ["", " ", "'", "’’", "l'", "¿¡", "123 456", "«»", "ß", "I'", "... ?", "\u{202f}!"] {
            let d = detect_text(text);
            assert!((0.0..=1.0).contains(&d.confidence), "{text:?}");
        }
    }

    #[test]
    fn chunks_add_up_to_the_whole() {
        // Another language never settles: every chunk is read, and the counts
        // must equal those of the text read in one piece (spaced marks included).
        let text = "Der Rat hat am Dienstag den Haushalt beschlossen ; ist das klar ? Ja, l'été. ".repeat(60);
        let mut whole = Evidence::default();
        add_evidence(&text, &mut whole);
        assert_eq!(evidence(&text), whole);
        // One language settles early, with the same answer as the whole text.
        let french = "Le conseil municipal a voté le budget de la ville après un long débat. ".repeat(80);
        assert!(evidence(&french).words < french.split_whitespace().count());
        assert_eq!(detect_text(&french).code(), "fr");
    }

    #[test]
    fn short_word_is_get_in() {
        let lexicon = lexicon();
        let text = "The Cat and THE dog, des CHATS: l'homme était là ; it's Über cool (yes) Diese Frau \
                    Nevertheless, NOTWITHSTANDING internationally recognised parliamentarians' aujourd'hui  ";
        let bytes = text.as_bytes();
        let mut found = 0;
        for at in 0..bytes.len() {
            match lexicon.short_word(bytes, at) {
                Ok((len, entry)) => {
                    found += 1;
                    assert!(bytes[at..at + len].iter().all(u8::is_ascii_alphabetic), "{at}");
                    assert_eq!(entry, lexicon.get_in(text, at, at + len), "{}", &text[at..at + len]);
                }
                Err(letters) => assert!(bytes[at..at + letters].iter().all(u8::is_ascii_alphabetic), "{at}"),
            }
        }
        assert!(found > 10);
        assert_eq!(lexicon.short_word(b"The cat.", 0).map(|(len, _)| len), Ok(3));
        assert_eq!(lexicon.short_word(b"l'homme ", 0).map(|(len, _)| len), Err(1));
        assert_eq!(lexicon.short_word(b"Nevertheless, ..", 0).map(|(len, _)| len), Ok(12));
        assert_eq!(lexicon.short_word(b"abcdefghijklmnopq", 0).map(|(len, _)| len), Err(16));
        assert_eq!(lexicon.short_word(b"caf\xc3\xa9 au lait", 0).map(|(len, _)| len), Err(3));
    }

    #[test]
    fn fold_latin1_is_fold_word() {
        let words = [
            "Été",
            "ÉCOLE",
            "l’Œuvre",
            "L'HOMME",
            "cœur",
            "Ñandú",
            "STRAßE",
            "Ça",
            "×Ö",
            "µª",
            "It’s",
            "DON'T",
            "naïve",
            "Über",
            "ÀÞ",
            "İstanbul",
            "Ⓐb",
            "ǅ",
        ];
        let mut buf = String::new();
        for word in words {
            let (mut out, mut marks) = ([0u8; FOLD_MAX], Marks::default());
            let Some(len) = fold_latin1(word.as_bytes(), &mut out, &mut marks) else {
                // Only words beyond ASCII, Latin-1, œ and ’ are left to `fold_word`.
                assert!(word.chars().any(|c| c > 'ÿ' && !matches!(c, 'œ' | 'Œ' | '’')), "{word}");
                continue;
            };
            let want = fold_word(word, &mut buf);
            assert_eq!(&out[..len], want.as_bytes(), "{word}");
            let mut want_marks = Marks::default();
            want.chars().filter(|c| !c.is_ascii()).for_each(|c| want_marks.add(c));
            assert_eq!((marks.foreign, marks.accent), (want_marks.foreign, want_marks.accent), "{word}");
        }
    }

    #[test]
    fn force_wins() {
        let cfg = DetectConfig { force: Some(Lang::En) };
        assert_eq!(detect(&Blocks::default(), &cfg).code(), "en");
    }
}
