//! The Porter stemmer exactly as NLTK's `PorterStemmer()` runs it (default
//! mode, `NLTK_EXTENSIONS`), because `rouge-score` stems English with it and
//! `abrege eval summarize` must give the same numbers. rust-stemmers'
//! English is Porter2 (Snowball), which stems differently ("generously",
//! "dying", "skies"), so it cannot stand in.
//!
//! Works on `char`s, as Python slices strings by code point.

/// Stems one word (lowercased first, as NLTK does).
pub fn stem(word: &str) -> String {
    let lower = word.to_lowercase();
    if let Some(irregular) = irregular(&lower) {
        return irregular.to_string();
    }
    if word.chars().count() <= 2 {
        return lower;
    }
    let mut w: Vec<char> = lower.chars().collect();
    w = step1a(w);
    w = step1b(w);
    w = step1c(w);
    w = step2(w);
    w = step3(w);
    w = step4(w);
    w = step5a(w);
    w = step5b(w);
    w.into_iter().collect()
}

fn irregular(word: &str) -> Option<&'static str> {
    Some(match word {
        "sky" | "skies" => "sky",
        "dying" => "die",
        "lying" => "lie",
        "tying" => "tie",
        "news" => "news",
        "innings" | "inning" => "inning",
        "outings" | "outing" => "outing",
        "cannings" | "canning" => "canning",
        "howe" => "howe",
        "proceed" => "proceed",
        "exceed" => "exceed",
        "succeed" => "succeed",
        _ => return None,
    })
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Consonant flags: `y` is a consonant at the start or after a vowel.
fn consonants(w: &[char]) -> Vec<bool> {
    let mut flags: Vec<bool> = Vec::with_capacity(w.len());
    for (i, &c) in w.iter().enumerate() {
        let f = if is_vowel(c) {
            false
        } else if c == 'y' {
            i == 0 || !flags[i - 1]
        } else {
            true
        };
        flags.push(f);
    }
    flags
}

fn is_consonant(w: &[char], i: usize) -> bool {
    consonants(&w[..=i])[i]
}

/// The number of vowel-consonant sequences.
fn measure(w: &[char]) -> usize {
    let f = consonants(w);
    f.windows(2).filter(|p| !p[0] && p[1]).count()
}

fn contains_vowel(w: &[char]) -> bool {
    consonants(w).iter().any(|c| !c)
}

fn ends_double_consonant(w: &[char]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

fn ends_cvc(w: &[char]) -> bool {
    let n = w.len();
    (n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], 'w' | 'x' | 'y'))
        || (n == 2 && !is_consonant(w, 0) && is_consonant(w, 1))
}

fn ends_with(w: &[char], suffix: &str) -> bool {
    let s: Vec<char> = suffix.chars().collect();
    w.len() >= s.len() && w[w.len() - s.len()..] == s[..]
}

fn strip(w: &[char], suffix: &str) -> Vec<char> {
    w[..w.len() - suffix.chars().count()].to_vec()
}

fn join(mut stem: Vec<char>, tail: &str) -> Vec<char> {
    stem.extend(tail.chars());
    stem
}

type Condition<'a> = &'a dyn Fn(&[char]) -> bool;

/// The first rule whose suffix matches decides: replaced when its condition
/// holds, unchanged otherwise.
fn apply_rules(w: Vec<char>, rules: &[(&str, &str, Option<Condition>)]) -> Vec<char> {
    for (suffix, replacement, condition) in rules {
        if ends_with(&w, suffix) {
            let stem = strip(&w, suffix);
            return if condition.is_none_or(|c| c(&stem)) { join(stem, replacement) } else { w };
        }
    }
    w
}

fn positive(w: &[char]) -> bool {
    measure(w) > 0
}

fn step1a(w: Vec<char>) -> Vec<char> {
    if ends_with(&w, "ies") && w.len() == 4 {
        return join(strip(&w, "ies"), "ie");
    }
    apply_rules(w, &[("sses", "ss", None), ("ies", "i", None), ("ss", "ss", None), ("s", "", None)])
}

fn step1b(w: Vec<char>) -> Vec<char> {
    if ends_with(&w, "ied") {
        let tail = if w.len() == 4 { "ie" } else { "i" };
        return join(strip(&w, "ied"), tail);
    }
    if ends_with(&w, "eed") {
        let stem = strip(&w, "eed");
        return if measure(&stem) > 0 { join(stem, "ee") } else { w };
    }
    let mut intermediate = None;
    for suffix in ["ed", "ing"] {
        if ends_with(&w, suffix) {
            let stem = strip(&w, suffix);
            if contains_vowel(&stem) {
                intermediate = Some(stem);
                break;
            }
        }
    }
    let Some(stem) = intermediate else { return w };
    for (suffix, tail) in [("at", "ate"), ("bl", "ble"), ("iz", "ize")] {
        if ends_with(&stem, suffix) {
            return join(strip(&stem, suffix), tail);
        }
    }
    if ends_double_consonant(&stem) {
        let last = stem[stem.len() - 1];
        return if matches!(last, 'l' | 's' | 'z') { stem } else { stem[..stem.len() - 1].to_vec() };
    }
    if measure(&stem) == 1 && ends_cvc(&stem) { join(stem, "e") } else { stem }
}

fn step1c(w: Vec<char>) -> Vec<char> {
    let cond = |s: &[char]| s.len() > 1 && is_consonant(s, s.len() - 1);
    apply_rules(w, &[("y", "i", Some(&cond))])
}

fn step2(w: Vec<char>) -> Vec<char> {
    if ends_with(&w, "alli") && positive(&strip(&w, "alli")) {
        return step2(join(strip(&w, "alli"), "al"));
    }
    let p: Condition = &positive;
    let whole = w.clone();
    let logi = move |_: &[char]| positive(&whole[..whole.len() - 3]);
    let rules: [(&str, &str, Option<Condition>); 22] = [
        ("ational", "ate", Some(p)),
        ("tional", "tion", Some(p)),
        ("enci", "ence", Some(p)),
        ("anci", "ance", Some(p)),
        ("izer", "ize", Some(p)),
        ("bli", "ble", Some(p)),
        ("alli", "al", Some(p)),
        ("entli", "ent", Some(p)),
        ("eli", "e", Some(p)),
        ("ousli", "ous", Some(p)),
        ("ization", "ize", Some(p)),
        ("ation", "ate", Some(p)),
        ("ator", "ate", Some(p)),
        ("alism", "al", Some(p)),
        ("iveness", "ive", Some(p)),
        ("fulness", "ful", Some(p)),
        ("ousness", "ous", Some(p)),
        ("aliti", "al", Some(p)),
        ("iviti", "ive", Some(p)),
        ("biliti", "ble", Some(p)),
        ("fulli", "ful", Some(p)),
        ("logi", "log", Some(&logi)),
    ];
    apply_rules(w, &rules)
}

fn step3(w: Vec<char>) -> Vec<char> {
    let p: Condition = &positive;
    apply_rules(
        w,
        &[
            ("icate", "ic", Some(p)),
            ("ative", "", Some(p)),
            ("alize", "al", Some(p)),
            ("iciti", "ic", Some(p)),
            ("ical", "ic", Some(p)),
            ("ful", "", Some(p)),
            ("ness", "", Some(p)),
        ],
    )
}

fn step4(w: Vec<char>) -> Vec<char> {
    let m: Condition = &|s: &[char]| measure(s) > 1;
    let ion: Condition = &|s: &[char]| measure(s) > 1 && matches!(s.last(), Some('s' | 't'));
    let rules: [(&str, &str, Option<Condition>); 19] = [
        ("al", "", Some(m)),
        ("ance", "", Some(m)),
        ("ence", "", Some(m)),
        ("er", "", Some(m)),
        ("ic", "", Some(m)),
        ("able", "", Some(m)),
        ("ible", "", Some(m)),
        ("ant", "", Some(m)),
        ("ement", "", Some(m)),
        ("ment", "", Some(m)),
        ("ent", "", Some(m)),
        ("ion", "", Some(ion)),
        ("ou", "", Some(m)),
        ("ism", "", Some(m)),
        ("ate", "", Some(m)),
        ("iti", "", Some(m)),
        ("ous", "", Some(m)),
        ("ive", "", Some(m)),
        ("ize", "", Some(m)),
    ];
    apply_rules(w, &rules)
}

fn step5a(w: Vec<char>) -> Vec<char> {
    if ends_with(&w, "e") {
        let stem = strip(&w, "e");
        let m = measure(&stem);
        if m > 1 || m == 1 && !ends_cvc(&stem) {
            return stem;
        }
    }
    w
}

fn step5b(w: Vec<char>) -> Vec<char> {
    if ends_with(&w, "ll") && measure(&w[..w.len() - 1]) > 1 {
        return w[..w.len() - 1].to_vec();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nltk_table() {
        // Pairs checked against nltk.stem.porter.PorterStemmer() 3.10.
        let cases = [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "tie"),
            ("cats", "cat"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("hopping", "hop"),
            ("falling", "fall"),
            ("filing", "file"),
            ("happy", "happi"),
            ("enjoy", "enjoy"),
            ("relational", "relat"),
            ("generously", "gener"),
            ("dying", "die"),
            ("skies", "sky"),
            ("controlling", "control"),
            ("electrical", "electr"),
            ("adoption", "adopt"),
            ("analogously", "analog"),
            ("cried", "cri"),
            ("died", "die"),
            ("news", "news"),
            ("syzygy", "syzygi"),
            ("archaeology", "archaeolog"),
            ("is", "is"),
        ];
        for (word, want) in cases {
            assert_eq!(stem(word), want, "{word}");
        }
    }
}
