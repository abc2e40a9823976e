//! The English (Porter2) Snowball stemmer, after snowballstem.org's
//! description: exceptional forms, `y` marking, regions R1 and R2, steps 1a
//! to 5. The suffix tables are written here, next to the steps whose codes
//! they carry, rather than in `src/lang/en/`: they are the algorithm's own
//! definition, not data one would tune, and a constant table costs no parsing.

use super::{Suffixes, Word, char_before};

/// Words stemmed by a list rather than the rules (the published
/// exceptional forms), with their stems.
const EXCEPTIONS: [(&str, &str); 18] = [
    ("skis", "ski"),
    ("skies", "sky"),
    ("dying", "die"),
    ("lying", "lie"),
    ("tying", "tie"),
    ("idly", "idl"),
    ("gently", "gentl"),
    ("ugly", "ugli"),
    ("early", "earli"),
    ("only", "onli"),
    ("singly", "singl"),
    ("sky", "sky"),
    ("news", "news"),
    ("howe", "howe"),
    ("atlas", "atlas"),
    ("cosmos", "cosmos"),
    ("bias", "bias"),
    ("andes", "andes"),
];

/// Words left as they are once step 1a has run.
const INVARIANT_AFTER_1A: [&str; 8] =
    ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];

/// Step 2's suffixes, longest first, with what replaces them (`ogi` and `li`
/// have conditions of their own).
static STEP_2: Suffixes<24> = Suffixes::new([
    ("ational", 0),
    ("ization", 1),
    ("iveness", 2),
    ("fulness", 3),
    ("ousness", 4),
    ("tional", 5),
    ("biliti", 6),
    ("lessli", 7),
    ("entli", 8),
    ("ation", 0),
    ("alism", 9),
    ("aliti", 9),
    ("ousli", 4),
    ("iviti", 2),
    ("fulli", 3),
    ("enci", 10),
    ("anci", 11),
    ("abli", 12),
    ("izer", 1),
    ("ator", 0),
    ("alli", 9),
    ("bli", 6),
    ("ogi", 13),
    ("li", 14),
]);
const STEP_2_BY: [&str; 13] =
    ["ate", "ize", "ive", "ful", "ous", "tion", "ble", "less", "ent", "al", "ence", "ance", "able"];

/// Step 3's suffixes, longest first: replaced by `STEP_3_BY`, deleted (5), or deleted in R2 (6).
static STEP_3: Suffixes<9> = Suffixes::new([
    ("ational", 0),
    ("tional", 1),
    ("alize", 2),
    ("icate", 3),
    ("iciti", 3),
    ("ative", 6),
    ("ical", 3),
    ("ness", 5),
    ("ful", 5),
]);
const STEP_3_BY: [&str; 4] = ["ate", "tion", "al", "ic"];

/// Step 4's suffixes, longest first: deleted in R2 (`ion` after `s` or `t` only: code 1).
static STEP_4: Suffixes<18> = Suffixes::new([
    ("ement", 0),
    ("ance", 0),
    ("ence", 0),
    ("able", 0),
    ("ible", 0),
    ("ment", 0),
    ("ate", 0),
    ("iti", 0),
    ("ous", 0),
    ("ive", 0),
    ("ize", 0),
    ("ism", 0),
    ("ion", 1),
    ("ant", 0),
    ("ent", 0),
    ("al", 0),
    ("er", 0),
    ("ic", 0),
]);

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

pub(super) fn stem<'a>(word: &'a str, buf: &'a mut String) -> &'a str {
    // Every exceptional form has three to six letters.
    if (3..=6).contains(&word.len())
        && let Some(&(_, stem)) = EXCEPTIONS.iter().find(|(w, _)| *w == word)
    {
        return stem;
    }
    if word.chars().nth(2).is_none() {
        return word;
    }
    let word = word.strip_prefix('\'').unwrap_or(word);
    let mut w = Word::new(word, buf);
    let y_marked = mark_y(word.as_bytes(), &mut w);
    let (p1, p2) = regions(w.bytes());
    step_1a(&mut w);
    if !(6..=7).contains(&w.len()) || !INVARIANT_AFTER_1A.iter().any(|x| x.as_bytes() == w.bytes()) {
        step_1b(&mut w, p1);
        step_1c(&mut w);
        step_2(&mut w, p1);
        step_3(&mut w, p1, p2);
        step_4(&mut w, p2);
        step_5(&mut w, p1, p2);
    }
    if y_marked {
        // Back to `y`, with any `Y` the word came with.
        let mut from = 0;
        while let Some(at) = w.bytes()[from..].iter().position(|&b| b == b'Y').map(|k| from + k) {
            w.replace(at, at + 1, "y");
            from = at + 1;
        }
    }
    w.finish()
}

/// An initial `y` and a `y` after a vowel are consonants: written `Y` in
/// `w`, which is still `word`. Whether any was.
fn mark_y(word: &[u8], w: &mut Word) -> bool {
    if !word.contains(&b'y') {
        return false;
    }
    let mut marked = false;
    let mut after_vowel = false;
    for (at, &b) in word.iter().enumerate() {
        if b == b'y' && (at == 0 || after_vowel) {
            w.replace(at, at + 1, "Y");
            marked = true;
            after_vowel = false;
        } else {
            after_vowel = is_vowel(b);
        }
    }
    marked
}

/// R1 and R2: where the region after the first (then second) non-vowel that
/// follows a vowel starts; R1 starts after `gener`, `commun` and `arsen`.
fn regions(s: &[u8]) -> (usize, usize) {
    let p1 = if s.starts_with(b"gener") || s.starts_with(b"arsen") {
        5
    } else if s.starts_with(b"commun") {
        6
    } else {
        match after_vowel_consonant(s, 0) {
            Some(p) => p,
            None => return (s.len(), s.len()),
        }
    };
    (p1, after_vowel_consonant(s, p1).unwrap_or(s.len()))
}

/// Where the first non-vowel after a vowel from `from` on ends.
fn after_vowel_consonant(s: &[u8], from: usize) -> Option<usize> {
    let vowel = from + s.get(from..)?.iter().position(|&b| is_vowel(b))?;
    let other = vowel + 1 + s[vowel + 1..].iter().position(|&b| !is_vowel(b))?;
    // A non-vowel may be a multibyte character: past all of it.
    Some(other + 1 + s[other + 1..].iter().take_while(|&&b| b & 0xC0 == 0x80).count())
}

/// Whether the word up to `end` ends in a short syllable: non-vowel, vowel,
/// non-vowel other than `w`, `x` and `Y`, or a vowel then a non-vowel that
/// start the word.
fn short_syllable(s: &[u8], end: usize) -> bool {
    if end == 0 {
        return false;
    }
    let (last, at) = char_before(s, end);
    if at == 0 || !is_vowel(s[at - 1]) || last.is_ascii() && is_vowel(last as u8) {
        return false;
    }
    let vowel = at - 1;
    vowel == 0 || !matches!(last, 'w' | 'x' | 'Y') && !is_vowel(s[vowel - 1])
}

fn has_vowel(s: &[u8]) -> bool {
    s.iter().any(|&b| is_vowel(b))
}

/// Apostrophe endings, then plurals.
fn step_1a(w: &mut Word) {
    for end in ["'s'", "'s", "'"] {
        if w.ends_with(end) {
            w.truncate(w.len() - end.len());
            break;
        }
    }
    let s = w.bytes();
    let n = s.len();
    if s.ends_with(b"sses") {
        w.truncate(n - 2);
    } else if s.ends_with(b"ied") || s.ends_with(b"ies") {
        // `ties` → `tie`, `cries` → `cri`: more than one letter before.
        let at = n - 3;
        let tail = if s[..at].iter().filter(|&&b| b & 0xC0 != 0x80).nth(1).is_some() { "i" } else { "ie" };
        w.replace_tail(at, tail);
    } else if s.ends_with(b"ss") || s.ends_with(b"us") {
    } else if s.ends_with(b"s") && n > 1 {
        // Deleted if a vowel comes before the letter that precedes it.
        let (_, before) = char_before(s, n - 1);
        if has_vowel(&s[..before]) {
            w.truncate(n - 1);
        }
    }
}

/// `eed`, `ed`, `ing` and their `-ly` forms.
fn step_1b(w: &mut Word, p1: usize) {
    let s = w.bytes();
    let n = s.len();
    let Some((at, long)) =
        [("eedly", true), ("ingly", false), ("edly", false), ("eed", true), ("ing", false), ("ed", false)]
            .iter()
            .find(|(suffix, _)| s.ends_with(suffix.as_bytes()))
            .map(|&(suffix, long)| (n - suffix.len(), long))
    else {
        return;
    };
    if long {
        if at >= p1 {
            w.truncate(at + 2);
        }
        return;
    }
    if !has_vowel(&s[..at]) {
        return;
    }
    w.truncate(at);
    let s = w.bytes();
    if s.ends_with(b"at") || s.ends_with(b"bl") || s.ends_with(b"iz") {
        w.replace_tail(at, "e");
    } else if at >= 2
        && s[at - 1] == s[at - 2]
        && matches!(s[at - 1], b'b' | b'd' | b'f' | b'g' | b'm' | b'n' | b'p' | b'r' | b't')
    {
        w.truncate(at - 1);
    } else if at == p1 && short_syllable(s, at) {
        w.replace_tail(at, "e");
    }
}

/// A final `y` or `Y` after a non-vowel that is not the first letter → `i`.
fn step_1c(w: &mut Word) {
    let s = w.bytes();
    let n = s.len();
    if n < 2 || !matches!(s[n - 1], b'y' | b'Y') {
        return;
    }
    let (before, at) = char_before(s, n - 1);
    if at > 0 && !(before.is_ascii() && is_vowel(before as u8)) {
        w.replace_tail(n - 1, "i");
    }
}

fn step_2(w: &mut Word, p1: usize) {
    let s = w.bytes();
    let Some((at, code)) = STEP_2.find(s, 0) else { return };
    if at < p1 {
        return;
    }
    match code {
        // `ogi` after `l` → `og`.
        13 if at > 0 && s[at - 1] == b'l' => w.truncate(at + 2),
        13 => {}
        // `li` after one of c d e g h k m n r t: deleted.
        14 if at > 0 && matches!(s[at - 1], b'c' | b'd' | b'e' | b'g' | b'h' | b'k' | b'm' | b'n' | b'r' | b't') => {
            w.truncate(at)
        }
        14 => {}
        _ => w.replace_tail(at, STEP_2_BY[usize::from(code)]),
    }
}

fn step_3(w: &mut Word, p1: usize, p2: usize) {
    let Some((at, code)) = STEP_3.find(w.bytes(), 0) else { return };
    if at < p1 {
        return;
    }
    match code {
        5 => w.truncate(at),
        6 if at >= p2 => w.truncate(at),
        6 => {}
        _ => w.replace_tail(at, STEP_3_BY[usize::from(code)]),
    }
}

fn step_4(w: &mut Word, p2: usize) {
    let s = w.bytes();
    let Some((at, code)) = STEP_4.find(s, 0) else { return };
    if at >= p2 && (code == 0 || at > 0 && matches!(s[at - 1], b's' | b't')) {
        w.truncate(at);
    }
}

/// A final `e` in R2, or in R1 after no short syllable; `ll` in R2 → `l`.
fn step_5(w: &mut Word, p1: usize, p2: usize) {
    let s = w.bytes();
    let n = s.len();
    match s.last() {
        Some(b'e') => {
            let at = n - 1;
            if at >= p2 || at >= p1 && !short_syllable(s, at) {
                w.truncate(at);
            }
        }
        Some(b'l') if n > p2 && n >= 2 && s[n - 2] == b'l' => w.truncate(n - 1),
        _ => {}
    }
}
