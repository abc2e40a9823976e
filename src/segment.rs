//! Stage 5, **segment**: the kept body → sentences and their words.
//!
//! Input: a [`Body`] and its language. Output: [`Segmented`], the sentences
//! in article order, each verbatim from its block, with its stemmed content
//! words for ranking. Sentence boundaries start from unicode-segmentation's
//! UAX #29 rules, then per-language data and rules correct them: no break
//! after abbreviations (`M.`, `Dr.`, `U.S.`, from `src/lang/*/abbreviations.txt`)
//! and initials, closing quotes stay with their sentence, and a break is
//! added where a full stop lacks its space ("domestique.Consternant").

use crate::body::Body;
use crate::lang::Lang;
use unicode_segmentation::UnicodeSegmentation;

/// The sentences of the body.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub sentences: Vec<Sentence>,
}

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
    /// Number of words.
    pub words: usize,
    /// Stemmed, lowercased content words (stopwords removed).
    pub terms: Vec<String>,
}

/// Cuts every kept block of the body into sentences.
pub fn segment(body: &Body, lang: Lang) -> Segmented {
    let stemmer = rust_stemmers::Stemmer::create(lang.stemmer_algorithm());
    let mut sentences = Vec::new();
    for (block, b) in body.blocks.iter().enumerate() {
        let pieces = if b.heading { vec![b.text.trim()] } else { split_sentences(&b.text, lang) };
        for (in_block, text) in pieces.into_iter().enumerate() {
            let (words, terms) = terms(text, lang, &stemmer);
            sentences.push(Sentence { text: text.to_string(), block, in_block, heading: b.heading, words, terms });
        }
    }
    Segmented { sentences }
}

/// The word count of a text and its stemmed content words.
pub fn terms(text: &str, lang: Lang, stemmer: &rust_stemmers::Stemmer) -> (usize, Vec<String>) {
    let data = lang.data();
    let mut count = 0;
    let mut out = Vec::new();
    for word in text.unicode_words() {
        for piece in split_elision(word, lang) {
            count += 1;
            let lower = piece.to_lowercase();
            if data.is_stopword(&lower) || lower.chars().count() < 2 && !lower.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            out.push(stemmer.stem(&lower).into_owned());
        }
    }
    (count, out)
}

/// `l'homme` → [`l`, `homme`]; `company's` → [`company`, `s`]; `aujourd'hui` stays whole.
pub fn split_elision(word: &str, lang: Lang) -> Vec<&str> {
    let Some(at) = word.find(['\'', '\u{2019}']) else { return vec![word] };
    let (head, tail) = (&word[..at], &word[at + word[at..].chars().next().map_or(1, char::len_utf8)..]);
    let elided = match lang {
        Lang::Fr => {
            matches!(
                head.to_lowercase().as_str(),
                "l" | "d" | "j" | "qu" | "n" | "s" | "c" | "m" | "t" | "jusqu" | "lorsqu" | "puisqu" | "quoiqu"
            )
        }
        Lang::En => true,
    };
    if elided && !head.is_empty() && !tail.is_empty() { vec![head, tail] } else { vec![word] }
}

/// Splits a text into sentences, each a verbatim (trimmed) slice of it.
pub fn split_sentences(text: &str, lang: Lang) -> Vec<&str> {
    let mut ends: Vec<usize> = Vec::new();
    for line in line_spans(text) {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (start, piece) in text[line.0..line.1].split_sentence_bound_indices() {
            let start = line.0 + start;
            spans.push((start, start + piece.len()));
        }
        let merged = merge_spans(text, spans, lang);
        for (s, e) in merged {
            for cut in missing_space_cuts(&text[s..e]) {
                ends.push(s + cut);
            }
            ends.push(e);
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for end in ends {
        let piece = text[start..end].trim();
        if !piece.is_empty() {
            out.push(piece);
        }
        start = end;
    }
    out
}

/// Lines are hard boundaries: a heading or list line never joins the next one.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() {
        spans.push((start, text.len()));
    }
    spans
}

const CLOSERS: [char; 7] = ['»', '”', '"', ')', ']', '’', '\''];

/// Joins UAX #29 pieces that a language rule says belong together.
fn merge_spans(text: &str, spans: Vec<(usize, usize)>, lang: Lang) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        let Some(last) = out.last_mut() else {
            out.push((s, e));
            continue;
        };
        let prev = text[last.0..last.1].trim_end();
        let next = &text[s..e];
        let next_trim = next.trim_start();
        // Closing quotes or brackets that UAX #29 left at the start of the next piece.
        let closers_len: usize =
            next_trim.chars().take_while(|c| CLOSERS.contains(c) || c.is_whitespace()).map(char::len_utf8).sum();
        if closers_len > 0 && next_trim.starts_with(['»', '”', ')', ']']) {
            let rest = next_trim[closers_len..].trim_start();
            if rest.is_empty() || starts_lower(rest) || rest.starts_with([',', ';', ':']) {
                last.1 = e;
            } else {
                let split = s + (next.len() - next_trim.len()) + closers_len;
                last.1 = split;
                out.push((split, e));
            }
            continue;
        }
        if glue(prev, next_trim, lang) {
            last.1 = e;
        } else {
            out.push((s, e));
        }
    }
    out
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
}

/// Whether the break between `prev` and `next` is a false one.
fn glue(prev: &str, next: &str, lang: Lang) -> bool {
    if next.is_empty() || !prev.chars().any(char::is_alphanumeric) {
        return true;
    }
    if starts_lower(next) || next.starts_with([',', ';', '-']) {
        return true;
    }
    if !prev.ends_with('.') {
        return false;
    }
    let last_token = prev.rsplit(char::is_whitespace).next().unwrap_or(prev);
    // Initials: "J. K. Rowling", "George W. Bush".
    let core = last_token.trim_start_matches(['(', '«', '"', '“']);
    if core.chars().count() == 2 && core.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    for l in [lang, if lang == Lang::Fr { Lang::En } else { Lang::Fr }] {
        for abbr in &l.data().abbreviations {
            if ends_with_word(prev, &abbr.text) {
                if !abbr.may_end {
                    return true;
                }
                // "U.S. officials" goes on; "in the U.S. The" ends.
                let first = next.split_whitespace().next().unwrap_or("").to_lowercase();
                return !l.data().is_stopword(first.trim_matches(|c: char| !c.is_alphanumeric()));
            }
        }
    }
    false
}

fn ends_with_word(text: &str, word: &str) -> bool {
    text.ends_with(word)
        && text[..text.len() - word.len()].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '.')
}

/// Offsets inside a sentence where a full stop lacks its following space
/// ("domestique.Consternant"): a lowercase word of two letters or more, a
/// terminal mark, then a capitalised word. URLs, e-mails and domains are left alone.
fn missing_space_cuts(s: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for i in 2..chars.len().saturating_sub(2) {
        let (at, c) = chars[i];
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let (b1, b2) = (chars[i - 1].1, chars[i - 2].1);
        let (a1, a2) = (chars[i + 1].1, chars[i + 2].1);
        if !(b1.is_lowercase() && b2.is_lowercase() && a1.is_uppercase() && a2.is_lowercase()) {
            continue;
        }
        let token_start = s[..at].rfind(char::is_whitespace).map_or(0, |p| p + 1);
        let token_end = s[at..].find(char::is_whitespace).map_or(s.len(), |p| at + p);
        let token = &s[token_start..token_end];
        if token.contains("://") || token.contains('@') || token.starts_with("www") {
            continue;
        }
        cuts.push(at + c.len_utf8());
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_table() {
        let cases: [(&str, &[&str]); 8] = [
            ("Le chat dort. Le chien aboie.", &["Le chat dort.", "Le chien aboie."]),
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
        ];
        for (text, want) in cases {
            assert_eq!(split_sentences(text, Lang::Fr), want, "{text}");
        }
    }

    #[test]
    fn english_table() {
        let cases: [(&str, &[&str]); 7] = [
            ("Mr. Smith went to Washington. He stayed.", &["Mr. Smith went to Washington.", "He stayed."]),
            ("J. K. Rowling wrote it. It sold.", &["J. K. Rowling wrote it.", "It sold."]),
            ("The U.S. Army left. It was 3.5 miles.", &["The U.S. Army left.", "It was 3.5 miles."]),
            ("He lives in the U.S. The rest is history.", &["He lives in the U.S.", "The rest is history."]),
            ("\"Stop!\" she said. They did.", &["\"Stop!\" she said.", "They did."]),
            ("It rained.Critics said so.", &["It rained.", "Critics said so."]),
            ("Wait... what? Yes.", &["Wait... what?", "Yes."]),
        ];
        for (text, want) in cases {
            assert_eq!(split_sentences(text, Lang::En), want, "{text}");
        }
    }

    #[test]
    fn lines_are_boundaries() {
        assert_eq!(split_sentences("Un titre\nLe texte suit.", Lang::Fr), ["Un titre", "Le texte suit."]);
    }

    #[test]
    fn terms_table() {
        let fr = rust_stemmers::Stemmer::create(Lang::Fr.stemmer_algorithm());
        let en = rust_stemmers::Stemmer::create(Lang::En.stemmer_algorithm());
        assert_eq!(
            terms("L'investissement d'OpenAI", Lang::Fr, &fr),
            (4, vec!["invest".to_string(), "open".to_string()])
        );
        assert_eq!(terms("The councils approved it", Lang::En, &en).1, vec!["council", "approv"]);
        assert_eq!(split_elision("aujourd'hui", Lang::Fr), ["aujourd'hui"]);
        assert_eq!(split_elision("qu’il", Lang::Fr), ["qu", "il"]);
    }
}
