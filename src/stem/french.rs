//! The French Snowball stemmer, after snowballstem.org's description:
//! vowel marking, regions RV, R1 and R2, standard suffixes, then `i`-verb or
//! other verb suffixes, else residual ones, then undoubling and unaccenting.
//! The suffix tables are written here, next to the steps whose codes they
//! carry, rather than in `src/lang/fr/`: they are the algorithm's own
//! definition, not data one would tune, and a constant table costs no parsing.
//! `U`, `I` and `Y` in them are the marked (consonant) letters.

use super::{Suffixes, Word, char_before};

/// Step 1 (standard suffixes), longest first, with the rule each follows.
static STANDARD: Suffixes<43> = Suffixes::new([
    ("issements", 12),
    ("issement", 12),
    ("atrices", 2),
    ("atrice", 2),
    ("logies", 3),
    ("usions", 4),
    ("ations", 2),
    ("utions", 4),
    ("ateurs", 2),
    ("ements", 6),
    ("amment", 13),
    ("emment", 14),
    ("iqUes", 1),
    ("logie", 3),
    ("ances", 1),
    ("ences", 5),
    ("ables", 1),
    ("ismes", 1),
    ("euses", 11),
    ("istes", 1),
    ("usion", 4),
    ("ation", 2),
    ("ution", 4),
    ("ateur", 2),
    ("ments", 15),
    ("ement", 6),
    ("it\u{e9}s", 7),
    ("iqUe", 1),
    ("ance", 1),
    ("ence", 5),
    ("able", 1),
    ("isme", 1),
    ("euse", 11),
    ("iste", 1),
    ("ives", 8),
    ("ment", 15),
    ("eaux", 9),
    ("it\u{e9}", 7),
    ("ive", 8),
    ("ifs", 8),
    ("aux", 10),
    ("eux", 1),
    ("if", 8),
]);

/// What may precede a deleted `-ement`, longest first.
static AFTER_EMENT: Suffixes<6> =
    Suffixes::new([("I\u{e8}r", 4), ("i\u{e8}r", 4), ("iqU", 3), ("abl", 3), ("eus", 2), ("iv", 1)]);

/// What may precede a deleted `-ité`, longest first.
static AFTER_ITE: Suffixes<3> = Suffixes::new([("abil", 1), ("ic", 2), ("iv", 3)]);

/// Step 2a: endings of `-ir` verbs, deleted after a non-vowel in RV.
static I_VERB: Suffixes<35> = Suffixes::new([
    ("issaIent", 1),
    ("issantes", 1),
    ("iraIent", 1),
    ("issions", 1),
    ("issants", 1),
    ("issante", 1),
    ("irions", 1),
    ("issais", 1),
    ("issons", 1),
    ("issait", 1),
    ("issant", 1),
    ("issent", 1),
    ("issiez", 1),
    ("irais", 1),
    ("irons", 1),
    ("irait", 1),
    ("irent", 1),
    ("iront", 1),
    ("iriez", 1),
    ("isses", 1),
    ("issez", 1),
    ("\u{ee}mes", 1),
    ("\u{ee}tes", 1),
    ("irai", 1),
    ("iras", 1),
    ("isse", 1),
    ("irez", 1),
    ("ira", 1),
    ("ies", 1),
    ("\u{ee}t", 1),
    ("ie", 1),
    ("ir", 1),
    ("is", 1),
    ("it", 1),
    ("i", 1),
]);

/// Step 2b: other verb endings in RV: `ions` in R2 (1), deleted (2), deleted
/// with an `e` before them (3).
static VERB: Suffixes<38> = Suffixes::new([
    ("eraIent", 2),
    ("assions", 3),
    ("erions", 2),
    ("assent", 3),
    ("assiez", 3),
    ("\u{e8}rent", 2),
    ("erais", 2),
    ("erait", 2),
    ("asses", 3),
    ("antes", 3),
    ("aIent", 3),
    ("erons", 2),
    ("eront", 2),
    ("eriez", 2),
    ("\u{e2}mes", 3),
    ("\u{e2}tes", 3),
    ("\u{e9}es", 2),
    ("erai", 2),
    ("eras", 2),
    ("erez", 2),
    ("asse", 3),
    ("ante", 3),
    ("ions", 1),
    ("ants", 3),
    ("\u{e9}e", 2),
    ("\u{e9}s", 2),
    ("\u{e2}t", 3),
    ("era", 2),
    ("ais", 3),
    ("ait", 3),
    ("ant", 3),
    ("iez", 2),
    ("ai", 3),
    ("er", 2),
    ("as", 3),
    ("ez", 2),
    ("\u{e9}", 2),
    ("a", 3),
]);

/// Step 4: residual endings in RV: `ion` in R2 after `s` or `t` (1), → `i`
/// (2), deleted (3), `ë` after `gu` (4).
static RESIDUAL: Suffixes<7> =
    Suffixes::new([("I\u{e8}re", 2), ("i\u{e8}re", 2), ("ion", 1), ("Ier", 2), ("ier", 2), ("\u{eb}", 4), ("e", 3)]);

/// Double endings that lose their last letter.
const DOUBLES: [&str; 5] = ["eill", "ell", "enn", "onn", "ett"];

/// The vowels: a e i o u y â à ë é ê è ï î ô û ù.
static VOWELS: [bool; 256] = {
    let mut table = [false; 256];
    let vowels = ['a', 'e', 'i', 'o', 'u', 'y', 'â', 'à', 'ë', 'é', 'ê', 'è', 'ï', 'î', 'ô', 'û', 'ù'];
    let mut i = 0;
    while i < vowels.len() {
        table[vowels[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether the character that starts at byte `at` is a vowel, and its length,
/// without decoding it: accented vowels are two bytes, C3 then the low bits.
fn vowel_at(s: &[u8], at: usize) -> (bool, usize) {
    let b = s[at];
    if b < 0x80 {
        return (VOWELS[usize::from(b)], 1);
    }
    if b == 0xC3
        && let Some(&low) = s.get(at + 1)
    {
        return (VOWELS[usize::from(0xC0 | (low & 0x3F))], 2);
    }
    (
        false,
        if b >= 0xF0 {
            4
        } else if b >= 0xE0 {
            3
        } else {
            2
        },
    )
}

/// Where the character that ends at byte `end` (> 0) starts.
fn start_before(s: &[u8], end: usize) -> usize {
    let mut start = end - 1;
    while start > 0 && s[start] & 0xC0 == 0x80 {
        start -= 1;
    }
    start
}

fn vowel_before(s: &[u8], end: usize) -> bool {
    end > 0 && vowel_at(s, start_before(s, end)).0
}

pub(super) fn stem<'a>(word: &'a str, buf: &'a mut String) -> &'a str {
    let mut w = Word::new(word, buf);
    mark_vowels(word.as_bytes(), &mut w);
    let (rv, r1, r2) = regions(w.bytes());
    if standard_suffix(&mut w, rv, r1, r2) || i_verb_suffix(&mut w, rv) || verb_suffix(&mut w, rv, r2) {
        // A final marked `Y` → `i`, `ç` → `c`.
        let n = w.len();
        if w.ends_with("Y") {
            w.replace_tail(n - 1, "i");
        } else if w.ends_with("\u{e7}") {
            w.replace_tail(n - 2, "c");
        }
    } else {
        residual_suffix(&mut w, rv, r2);
    }
    if matches!(w.bytes().last(), Some(b'l' | b'n' | b't')) && DOUBLES.iter().any(|d| w.ends_with(d)) {
        w.truncate(w.len() - 1);
    }
    unaccent(&mut w);
    // Marked letters back to lowercase (with any the word came with).
    let mut from = 0;
    while let Some(at) = w.bytes()[from..].iter().position(|b| matches!(b, b'I' | b'U' | b'Y')).map(|k| from + k) {
        let lower = match w.bytes()[at] {
            b'I' => "i",
            b'U' => "u",
            _ => "y",
        };
        w.replace(at, at + 1, lower);
        from = at + 1;
    }
    w.finish()
}

/// `u` and `i` between vowels, `y` before or after a vowel and `u` after `q`
/// are consonants: written `U`, `I` and `Y` in `w`, which is still `word`.
/// One pass, left to right, over a window of three characters of `word`
/// that carries the marks (a mark changes what the next position sees).
fn mark_vowels(word: &[u8], w: &mut Word) {
    let n = word.len();
    // Most words have no `u` or `i` between vowels, no `y` next to one and no
    // `qu`: a look at the bytes (any non-ASCII byte taken for a vowel) skips them.
    let vowelish = |at: usize| word.get(at).is_some_and(|&b| b >= 0x80 || VOWELS[usize::from(b)]);
    let candidate = word.iter().enumerate().any(|(at, &b)| match b {
        b'u' | b'i' => at > 0 && vowelish(at - 1) && vowelish(at + 1) || b == b'u' && at > 0 && word[at - 1] == b'q',
        b'y' => at > 0 && vowelish(at - 1) || vowelish(at + 1),
        _ => false,
    });
    if !candidate {
        return;
    }
    // Each character as its first byte (marks are ASCII), whether it is a
    // vowel, and its length (0 past the end).
    let char_at = |at: usize| if at < n { (word[at], vowel_at(word, at)) } else { (0, (false, 0)) };
    let (mut c, (mut c_vowel, mut c_len)) = char_at(0);
    let (mut next, (mut next_vowel, mut next_len)) = char_at(c_len);
    let mut at = 0;
    while at < n {
        let next_at = at + c_len;
        let (after, (after_vowel, after_len)) =
            if next_len > 0 { char_at(next_at + next_len) } else { (0, (false, 0)) };
        if c_vowel && matches!(next, b'u' | b'i') && after_vowel || c_vowel && next == b'y' || c == b'q' && next == b'u'
        {
            next = next.to_ascii_uppercase();
            next_vowel = false;
            w.replace(
                next_at,
                next_at + 1,
                if next == b'U' {
                    "U"
                } else if next == b'I' {
                    "I"
                } else {
                    "Y"
                },
            );
        } else if c == b'y' && next_vowel {
            w.replace(at, at + 1, "Y");
        }
        (at, c, c_vowel, c_len) = (next_at, next, next_vowel, next_len);
        (next, next_vowel, next_len) = (after, after_vowel, after_len);
    }
}

/// RV (after the first vowel that follows the first letter; after two
/// initial vowels and a letter; after `par`, `col` and `tap`), R1 and R2
/// (after the first, then the second, non-vowel that follows a vowel).
fn regions(s: &[u8]) -> (usize, usize, usize) {
    let n = s.len();
    if n == 0 {
        return (0, 0, 0);
    }
    let mut r = [n, n];
    let (mut found, mut after_vowel, mut at) = (0, false, 0);
    while at < n {
        let (vowel, len) = vowel_at(s, at);
        at += len;
        if !vowel && after_vowel {
            r[found] = at;
            found += 1;
            if found == 2 {
                break;
            }
        }
        after_vowel = vowel;
    }
    let (first, first_len) = vowel_at(s, 0);
    let (second, second_len) = if first_len < n { vowel_at(s, first_len) } else { (false, 0) };
    let two = first_len + second_len;
    let rv = if first && second && two < n {
        two + vowel_at(s, two).1
    } else if s.starts_with(b"par") || s.starts_with(b"col") || s.starts_with(b"tap") {
        3
    } else {
        // After the first vowel that is not the first letter.
        let mut at = first_len;
        loop {
            if at >= n {
                break n;
            }
            let (vowel, len) = vowel_at(s, at);
            at += len;
            if vowel {
                break at;
            }
        }
    };
    (rv, r[0], r[1])
}

/// `ic` left before a deleted suffix: deleted in R2, else → `iqU`.
fn ic(w: &mut Word, r2: usize) {
    if w.ends_with("ic") {
        let at = w.len() - 2;
        if at >= r2 { w.truncate(at) } else { w.replace_tail(at, "iqU") }
    }
}

/// Step 1. Whether it removed a suffix the way that ends the step (some
/// rewrite the word and still let the verb steps try).
fn standard_suffix(w: &mut Word, rv: usize, r1: usize, r2: usize) -> bool {
    let s = w.bytes();
    let Some((at, rule)) = STANDARD.find(s, 0) else { return false };
    match rule {
        1 | 2 | 3 | 4 | 5 | 7 | 8 if at < r2 => return false,
        1 => w.truncate(at),
        2 => {
            w.truncate(at);
            ic(w, r2);
        }
        3 => w.replace_tail(at, "log"),
        4 => w.replace_tail(at, "u"),
        5 => w.replace_tail(at, "ent"),
        6 => {
            if at < rv {
                return false;
            }
            w.truncate(at);
            match AFTER_EMENT.find(w.bytes(), 0) {
                Some((iv, 1)) if iv >= r2 => {
                    w.truncate(iv);
                    if w.ends_with("at") && iv - 2 >= r2 {
                        w.truncate(iv - 2);
                    }
                }
                Some((eus, 2)) if eus >= r2 => w.truncate(eus),
                Some((eus, 2)) if eus >= r1 => w.replace_tail(eus, "eux"),
                Some((abl, 3)) if abl >= r2 => w.truncate(abl),
                Some((ier, 4)) if ier >= rv => w.replace_tail(ier, "i"),
                _ => {}
            }
        }
        7 => {
            w.truncate(at);
            match AFTER_ITE.find(w.bytes(), 0) {
                Some((abil, 1)) if abil >= r2 => w.truncate(abil),
                Some((abil, 1)) => w.replace_tail(abil, "abl"),
                Some((ic, 2)) if ic >= r2 => w.truncate(ic),
                Some((ic, 2)) => w.replace_tail(ic, "iqU"),
                Some((iv, 3)) if iv >= r2 => w.truncate(iv),
                _ => {}
            }
        }
        8 => {
            w.truncate(at);
            if w.ends_with("at") && at - 2 >= r2 {
                w.truncate(at - 2);
                ic(w, r2);
            }
        }
        9 => w.replace_tail(at, "eau"),
        10 if at >= r1 => w.replace_tail(at, "al"),
        11 if at >= r2 => w.truncate(at),
        11 if at >= r1 => w.replace_tail(at, "eux"),
        12 if at >= r1 && at > 0 && !vowel_before(s, at) => w.truncate(at),
        // `-amment`, `-emment` → `-ant`, `-ent`, and `-ment` after a vowel,
        // in RV: rewritten, yet the step counts as failed.
        13 if at >= rv => {
            w.replace_tail(at, "ant");
            return false;
        }
        14 if at >= rv => {
            w.replace_tail(at, "ent");
            return false;
        }
        15 => {
            if vowel_before(s, at) && start_before(s, at) >= rv {
                w.truncate(at);
            }
            return false;
        }
        _ => return false,
    }
    true
}

/// Step 2a: an `-ir` verb ending in RV after a non-vowel.
fn i_verb_suffix(w: &mut Word, rv: usize) -> bool {
    let s = w.bytes();
    if s.len() < rv {
        return false;
    }
    let Some((at, _)) = I_VERB.find(s, rv) else { return false };
    if at <= rv || vowel_before(s, at) {
        return false;
    }
    w.truncate(at);
    true
}

/// Step 2b: other verb endings in RV.
fn verb_suffix(w: &mut Word, rv: usize, r2: usize) -> bool {
    let s = w.bytes();
    if s.len() < rv {
        return false;
    }
    let Some((at, rule)) = VERB.find(s, rv) else { return false };
    match rule {
        1 if at < r2 => return false,
        3 if at > rv && s[at - 1] == b'e' => w.truncate(at - 1),
        _ => w.truncate(at),
    }
    true
}

/// Step 4: a final `s` (not after a, i, o, u, s, è), then residual endings in RV.
fn residual_suffix(w: &mut Word, rv: usize, r2: usize) {
    let s = w.bytes();
    let n = s.len();
    if n > 1 && s[n - 1] == b's' && !matches!(char_before(s, n - 1).0, 'a' | 'i' | 'o' | 'u' | 's' | '\u{e8}') {
        w.truncate(n - 1);
    }
    let s = w.bytes();
    if s.len() < rv {
        return;
    }
    let Some((at, rule)) = RESIDUAL.find(s, rv) else { return };
    match rule {
        1 if at >= r2 && at > rv && matches!(s[at - 1], b's' | b't') => w.truncate(at),
        2 => w.replace_tail(at, "i"),
        3 => w.truncate(at),
        4 if at >= rv + 2 && s[..at].ends_with(b"gu") => w.truncate(at),
        _ => {}
    }
}

/// A final `é` or `è` followed by non-vowels only → `e`.
fn unaccent(w: &mut Word) {
    let s = w.bytes();
    if s.last().is_none_or(|&b| b < 0x80 && VOWELS[usize::from(b)]) {
        return;
    }
    let mut at = s.len();
    while at > 0 {
        let start = start_before(s, at);
        if vowel_at(s, start).0 {
            break;
        }
        at = start;
    }
    if at < s.len() && at >= 2 && matches!(&s[at - 2..at], [0xC3, 0xA9 | 0xA8]) {
        w.replace(at - 2, at, "e");
    }
}
