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
use crate::lang::{Lang, first_chars, fold_word, is_alphabetic, may_have_apostrophe};
use rustc_hash::FxHashMap;
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
    // Long blocks carry the article; short ones are menus and labels.
    let mut sample = String::new();
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
    detect_text(&sample)
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
#[derive(Debug, Default, Clone, Copy)]
struct Entry {
    fr: bool,
    en: bool,
    /// A function word of another language (ISO 639-3).
    other: Option<&'static str>,
}

/// Every word we know, in one table so that each word of a text costs one
/// lookup: French and English stopwords, frequent words
/// (`src/lang/*/common_words.txt`: short texts often hold no stopword),
/// month and weekday names; function words of neighbouring languages
/// (`src/lang/other/function_words.txt`).
fn lexicon() -> &'static FxHashMap<String, Entry> {
    static WORDS: OnceLock<FxHashMap<String, Entry>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut map: FxHashMap<String, Entry> = FxHashMap::default();
        for lang in Lang::ALL {
            let data = lang.data();
            let common = match lang {
                Lang::Fr => include_str!("lang/fr/common_words.txt"),
                Lang::En => include_str!("lang/en/common_words.txt"),
            };
            let common = common.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
            let words = data.stopwords.iter().chain(&data.months).chain(&data.weekdays).map(String::as_str);
            for word in words.chain(common) {
                let entry = map.entry(word.to_lowercase()).or_default();
                match lang {
                    Lang::Fr => entry.fr = true,
                    Lang::En => entry.en = true,
                }
            }
        }
        for line in include_str!("lang/other/function_words.txt").lines() {
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
    })
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
        // Cut after a space that a letter or digit follows: no word or
        // spaced mark straddles it, so the chunks' counts add up to the whole text's.
        let bytes = rest.as_bytes();
        let cut = (CHUNK_BYTES..bytes.len().saturating_sub(1))
            .find(|&i| matches!(bytes[i], b' ' | b'\n') && bytes[i + 1].is_ascii_alphanumeric())
            .map_or(rest.len(), |i| i + 1);
        let (chunk, tail) = rest.split_at(cut);
        add_evidence(chunk, &mut ev);
        rest = tail;
        if settled(&ev) {
            break;
        }
    }
    ev
}

/// Whether more text could not change the answer in practice: French or
/// English leads by 20 words, makes up a good share of the words, and no
/// other language comes close. The confidence is then 1.0 either way.
fn settled(ev: &Evidence) -> bool {
    let ours = ev.fr.max(ev.en);
    let other = ev.other.values().copied().fold(0.0, f64::max);
    ev.words >= 100 && (ev.fr - ev.en).abs() >= 20.0 && ours >= 0.3 * ev.words as f64 && other < 0.1 * ours
}

/// Adds what `text` says: its words (runs of letters and apostrophes), and
/// the punctuation that tells languages apart. French typography puts a
/// space before `? ! ; :` and opens quotes with «, which English never does;
/// Spanish opens questions and exclamations with ¿ and ¡.
///
/// One pass over the bytes: ASCII letters, most of a text, are skipped a run
/// at a time, and only other characters are decoded.
fn add_evidence(text: &str, ev: &mut Evidence) {
    let bytes = text.as_bytes();
    let mut buf = String::new();
    let (mut french, mut spanish) = (0.0, 0.0);
    let mut word_start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (in_word, len) = if b.is_ascii() {
            (b.is_ascii_alphabetic() || b == b'\'', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            (is_alphabetic(c) || c == '\u{2019}', c.len_utf8())
        };
        if in_word {
            word_start.get_or_insert(i);
            i += len;
            // The rest of a run of ASCII letters, at once.
            i += bytes[i..].iter().position(|b| !(b.is_ascii_alphabetic() || *b == b'\'')).unwrap_or(bytes.len() - i);
            continue;
        }
        if let Some(start) = word_start.take() {
            add_word(&text[start..i], &mut buf, ev);
        }
        match &text[i..i + len] {
            "?" | "!" | ";" | ":" if spaced_before(&text[..i]) => french += 1.0,
            "«" => french += 1.0,
            "¿" | "¡" => spanish += 1.0,
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word_start {
        add_word(&text[start..], &mut buf, ev);
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

/// Adds what one word (letters and apostrophes, as written) says.
fn add_word(raw: &str, buf: &mut String, ev: &mut Evidence) {
    let ascii = raw.is_ascii();
    // Only a word with `'` or `’` has apostrophes to trim or split at.
    let apostrophe = may_have_apostrophe(raw);
    let word = fold_word(raw, buf);
    let word = if apostrophe { word.trim_matches('\'') } else { word };
    if word.is_empty() {
        return;
    }
    ev.words += 1;
    if !ascii && let Some(code) = word.chars().find_map(foreign_letter) {
        *ev.other.entry(code).or_default() += 1.0;
    }
    // French elision (l'homme, qu'il) and English clitics (it's, don't).
    if apostrophe && let Some((head, tail)) = word.split_once('\'') {
        if matches!(head, "l" | "d" | "j" | "qu" | "n" | "s" | "c" | "m" | "t" | "jusqu" | "lorsqu" | "puisqu")
            && tail.chars().next().is_some_and(char::is_alphabetic)
            && tail.len() > 1
        {
            ev.fr += 1.0;
        }
        if matches!(tail, "s" | "t" | "re" | "ve" | "ll" | "d" | "m") && (head.len() > 1 || head == "i") {
            ev.en += 1.0;
        }
        return;
    }
    let entry = lexicon().get(word).copied().unwrap_or_default();
    if entry.fr && !entry.en {
        ev.fr += 1.0;
    } else if entry.en && !entry.fr {
        ev.en += 1.0;
    }
    if let Some(code) = entry.other {
        *ev.other.entry(code).or_default() += 1.0;
        // Italian "è" and "più" say Italian, not French.
        return;
    }
    // (One `matches!` per character beats `contains` with a 13-character pattern.)
    if !ascii
        && word
            .chars()
            .any(|c| matches!(c, 'é' | 'è' | 'ê' | 'à' | 'ç' | 'ù' | 'û' | 'ô' | 'î' | 'œ' | 'ë' | 'ï' | 'â'))
    {
        ev.fr += 0.5;
    }
}

/// Weight of whatlang's French/English vote against our counts.
const RESTRICTED_WEIGHT: f64 = 2.0;

/// Detects the language of one text.
pub fn detect_text(text: &str) -> Detection {
    let sample = first_chars(text, SAMPLE_CHARS);
    let ev = evidence(sample);
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
    if margin.abs() <= RESTRICTED_WEIGHT {
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
    fn force_wins() {
        let cfg = DetectConfig { force: Some(Lang::En) };
        assert_eq!(detect(&Blocks::default(), &cfg).code(), "en");
    }
}
