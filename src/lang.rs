//! The two supported languages and their data: stopwords, abbreviations,
//! boilerplate cues and month names, one folder per language under
//! `src/lang/`, embedded in the binary and parsed once on first use.

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

    /// The data files of this language.
    pub fn data(self) -> &'static LangData {
        static FR: OnceLock<LangData> = OnceLock::new();
        static EN: OnceLock<LangData> = OnceLock::new();
        match self {
            Lang::Fr => FR.get_or_init(|| {
                LangData::parse(
                    include_str!("lang/fr/stopwords.txt"),
                    include_str!("lang/fr/abbreviations.txt"),
                    include_str!("lang/fr/cues.txt"),
                    include_str!("lang/fr/months.txt"),
                )
            }),
            Lang::En => EN.get_or_init(|| {
                LangData::parse(
                    include_str!("lang/en/stopwords.txt"),
                    include_str!("lang/en/abbreviations.txt"),
                    include_str!("lang/en/cues.txt"),
                    include_str!("lang/en/months.txt"),
                )
            }),
        }
    }
}

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
    /// Abbreviations as written, with their final period (`M.`, `U.S.`).
    pub abbreviations: Vec<Abbreviation>,
    pub cues: Cues,
    /// Month names and abbreviations, lowercase.
    pub months: FxHashSet<String>,
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
        let abbreviations = data_lines(abbreviations)
            .map(|l| match l.strip_prefix('~') {
                Some(rest) => Abbreviation { text: rest.to_string(), may_end: true },
                None => Abbreviation { text: l.to_string(), may_end: false },
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
                _ => {}
            }
        }
        // A contiguous NFA, not the DFA the builder would pick: the DFA took
        // two thirds of the start-up, and lines reach the automaton only on a match.
        parsed.contains_index = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&parsed.contains)
            .ok();
        let (mut month_set, mut weekday_set) = (FxHashSet::default(), FxHashSet::default());
        let mut in_weekdays = false;
        for l in months.lines().map(str::trim) {
            if l.starts_with('#') {
                in_weekdays |= l.contains("weekdays");
                continue;
            }
            if l.is_empty() {
                continue;
            }
            let set = if in_weekdays { &mut weekday_set } else { &mut month_set };
            set.insert(l.to_lowercase());
        }
        LangData { stopwords, stopword_max_len, abbreviations, cues: parsed, months: month_set, weekdays: weekday_set }
    }

    /// Bytes of the longest stopword.
    pub fn stopword_max_len(&self) -> usize {
        self.stopword_max_len
    }

    pub fn is_stopword(&self, lower_word: &str) -> bool {
        lower_word.len() <= self.stopword_max_len && self.stopwords.contains(lower_word)
    }
}

impl Cues {
    /// The first phrase of `contains` (in the file's order) that occurs in the normalised `line`.
    pub fn first_contained(&self, line: &str) -> Option<&str> {
        let index = self.contains_index.as_ref()?;
        // Most lines hold no cue: a plain search (with its prefilter) says so quickly.
        if !index.is_match(line) {
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
        let count = block.iter().map(|b| usize::from(starts(b))).sum::<usize>();
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
    let trim_end: &[char] = &[':', '>', '»', '›', '…', ' ', '|', '-', '–', '—', '.', '!'];
    let trim_start: &[char] = &['•', '·', '-', '*', '»', '›', '>', '|', ' ', '–', '—', '■', '►', '▶'];
    // Trimmed in place: most lines need no trimming, and none needs a second string.
    out.truncate(out.trim_end_matches(trim_end).len());
    let start = out.len() - out.trim_start_matches(trim_start).len();
    out.drain(..start);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

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
        }
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
}
