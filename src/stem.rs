//! Snowball stemming of French and English (Porter2) words, for the
//! segment stage's terms: a lowercase word in, its stem out.
//!
//! Hand-written for speed. Stemming every word a thread has not met yet was
//! about a tenth of a summary's instructions with the generated Snowball code
//! of `rust-stemmers` (a string per call and per replacement, suffix tables
//! walked one entry at a time). Here the stem is a slice of the word whenever
//! the stemmer only cuts a suffix, the usual case, and a caller's buffer when
//! letters change (French `u`/`i`/`y` marking, English `y` → `Y`, suffix
//! replacements), so no word allocates.
//!
//! The algorithms follow snowballstem.org's descriptions in the version that
//! `rust-stemmers` 1.2.0 generated its code from (French without the later
//! `ë`/`ï` and `oux` rules, English with its exceptional forms), so the
//! stems, and with them every summary, stay what they were: `tests/stem.rs`
//! checks every distinct word of the dev data, in both stemmers, against
//! `rust-stemmers`, and random strings too.

mod english;
mod french;

use crate::lang::Lang;

/// The Snowball stem of `word` (already lowercase) in `lang`: a slice of the
/// word when only a suffix goes, else written into `buf` (its old content is
/// dropped; a buffer reused across words saves an allocation per word).
pub fn stem<'a>(word: &'a str, lang: Lang, buf: &'a mut String) -> &'a str {
    match lang {
        Lang::Fr => french::stem(word, buf),
        Lang::En => english::stem(word, buf),
    }
}

/// The word being stemmed: a prefix of the input while the stemmer only cuts
/// suffixes, copied into the caller's buffer on the first other change.
/// Positions are byte offsets, always at character boundaries.
struct Word<'a> {
    src: &'a str,
    /// The length of the prefix of `src` that is the word, while not `owned`.
    len: usize,
    buf: &'a mut String,
    owned: bool,
}

impl<'a> Word<'a> {
    fn new(src: &'a str, buf: &'a mut String) -> Self {
        Word { src, len: src.len(), buf, owned: false }
    }

    fn bytes(&self) -> &[u8] {
        if self.owned { self.buf.as_bytes() } else { &self.src.as_bytes()[..self.len] }
    }

    fn len(&self) -> usize {
        if self.owned { self.buf.len() } else { self.len }
    }

    fn ends_with(&self, suffix: &str) -> bool {
        self.bytes().ends_with(suffix.as_bytes())
    }

    fn own(&mut self) {
        if !self.owned {
            self.buf.clear();
            self.buf.push_str(&self.src[..self.len]);
            self.owned = true;
        }
    }

    /// Cuts the word at `at`.
    fn truncate(&mut self, at: usize) {
        if self.owned { self.buf.truncate(at) } else { self.len = at.min(self.len) }
    }

    /// Replaces everything from `at` on with `tail`; still a cut when the
    /// word already reads `tail` there.
    fn replace_tail(&mut self, at: usize, tail: &str) {
        let end = at + tail.len();
        if !self.owned && end <= self.len && self.src.as_bytes()[at..end] == *tail.as_bytes() {
            self.len = end;
            return;
        }
        self.own();
        self.buf.truncate(at);
        self.buf.push_str(tail);
    }

    /// Replaces the characters in `at..end` with `with`.
    fn replace(&mut self, at: usize, end: usize, with: &str) {
        self.own();
        self.buf.replace_range(at..end, with);
    }

    fn finish(self) -> &'a str {
        if self.owned {
            let buf: &'a String = self.buf;
            buf.as_str()
        } else {
            &self.src[..self.len]
        }
    }
}

/// A suffix table: `(suffix, code)` entries grouped by their last byte, so a
/// word is compared only with the suffixes that end like it, each in one
/// comparison of up to eight bytes packed in a `u64`.
struct Suffixes<const N: usize> {
    /// Sorted by last byte, in their listed order (longest first) within one.
    entries: [Suffix; N],
    /// `entries[start[b]..start[b + 1]]` end with byte `b`.
    start: [u8; 257],
}

#[derive(Clone, Copy)]
struct Suffix {
    text: &'static str,
    code: u8,
    /// The last (up to) eight bytes, the last one lowest, as [`tail`] packs a word's.
    packed: u64,
    mask: u64,
}

/// The last (up to) eight bytes of `s`, the last one in the lowest bits.
fn tail(s: &[u8]) -> u64 {
    match s.last_chunk::<8>() {
        Some(last) => u64::from_be_bytes(*last),
        None => s.iter().fold(0, |t, &b| t << 8 | u64::from(b)),
    }
}

impl<const N: usize> Suffixes<N> {
    /// Indexes `table`, listed longest first (every suffix non-empty).
    const fn new(table: [(&'static str, u8); N]) -> Self {
        const fn last(s: &str) -> u8 {
            s.as_bytes()[s.len() - 1]
        }
        let mut entries = [Suffix { text: "", code: 0, packed: 0, mask: 0 }; N];
        let mut i = 0;
        while i < N {
            let (text, code) = table[i];
            let bytes = text.as_bytes();
            let (mut packed, mut k) = (0u64, 0);
            while k < bytes.len() && k < 8 {
                packed |= (bytes[bytes.len() - 1 - k] as u64) << (8 * k);
                k += 1;
            }
            let mask = if k == 8 { u64::MAX } else { (1 << (8 * k)) - 1 };
            entries[i] = Suffix { text, code, packed, mask };
            i += 1;
        }
        // A stable insertion sort on the last byte, so the longest still comes first.
        let mut i = 1;
        while i < N {
            let mut j = i;
            while j > 0 && last(entries[j - 1].text) > last(entries[j].text) {
                let swap = entries[j - 1];
                entries[j - 1] = entries[j];
                entries[j] = swap;
                j -= 1;
            }
            i += 1;
        }
        let mut start = [0u8; 257];
        let (mut b, mut k) = (0, 0);
        while b < 257 {
            while k < N && (last(entries[k].text) as usize) < b {
                k += 1;
            }
            start[b] = k as u8;
            b += 1;
        }
        Suffixes { entries, start }
    }

    /// The first entry that ends `s` without starting before `min`, with its
    /// code: Snowball's `among`, the longest suffix that matches.
    fn find(&self, s: &[u8], min: usize) -> Option<(usize, u8)> {
        let last = usize::from(*s.last()?);
        let room = s.len().checked_sub(min)?;
        let bucket = &self.entries[usize::from(self.start[last])..usize::from(self.start[last + 1])];
        if bucket.is_empty() {
            return None;
        }
        let tail = tail(s);
        bucket.iter().find_map(|e| {
            let len = e.text.len();
            (len <= room && tail & e.mask == e.packed && (len <= 8 || s.ends_with(e.text.as_bytes())))
                .then(|| (s.len() - len, e.code))
        })
    }
}

/// The character that starts at byte `at` of valid UTF-8, and its length.
fn char_at(s: &[u8], at: usize) -> (char, usize) {
    let lead = s[at];
    if lead < 0x80 {
        return (char::from(lead), 1);
    }
    let len = if lead >= 0xF0 {
        4
    } else if lead >= 0xE0 {
        3
    } else {
        2
    };
    let mut code = u32::from(lead) & (0x7F >> len);
    for &b in s.iter().skip(at + 1).take(len - 1) {
        code = (code << 6) | u32::from(b & 0x3F);
    }
    (char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER), len)
}

/// The character that ends at byte `end` (> 0) of valid UTF-8, and where it starts.
fn char_before(s: &[u8], end: usize) -> (char, usize) {
    let mut start = end - 1;
    while start > 0 && s[start] & 0xC0 == 0x80 {
        start -= 1;
    }
    (char_at(s, start).0, start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(lang: Lang, table: &[(&str, &str)]) {
        let mut buf = String::new();
        for &(word, want) in table {
            assert_eq!(stem(word, lang, &mut buf), want, "{word}");
        }
    }

    #[test]
    fn french_stems() {
        stems(
            Lang::Fr,
            &[
                ("continuellement", "continuel"),
                ("généralement", "général"),
                ("gouvernements", "gouvern"),
                ("politique", "polit"),
                ("publiques", "publiqu"),
                ("nationale", "national"),
                ("investissement", "invest"),
                ("élections", "élect"),
                ("décidé", "décid"),
                ("annoncées", "annonc"),
                ("payer", "pai"),
                ("aient", "aient"),
                ("finissaient", "fin"),
                ("heureuse", "heureux"),
                ("chevaux", "cheval"),
                ("bateaux", "bateau"),
                ("activités", "activ"),
                ("français", "franc"),
                ("crédibilité", "crédibil"),
                ("prudemment", "prudent"),
                ("nouvelle", "nouvel"),
                ("ambiguë", "ambigu"),
                ("été", "été"),
                ("2020", "2020"),
                ("", ""),
            ],
        );
    }

    /// A stem that only cuts the word is a slice of it; the buffer holds the others.
    #[test]
    fn cut_words_are_borrowed() {
        let mut buf = String::new();
        for (word, lang, borrowed) in [
            ("gouvernements", Lang::Fr, true),
            ("politique", Lang::Fr, false),
            ("running", Lang::En, true),
            ("crying", Lang::En, false),
        ] {
            let stemmed = stem(word, lang, &mut buf);
            assert_eq!(std::ptr::eq(stemmed.as_ptr(), word.as_ptr()), borrowed, "{word}");
        }
    }

    #[test]
    fn english_stems() {
        stems(
            Lang::En,
            &[
                ("running", "run"),
                ("generously", "generous"),
                ("councils", "council"),
                ("approved", "approv"),
                ("happiness", "happi"),
                ("crying", "cri"),
                ("played", "play"),
                ("yesterday", "yesterday"),
                ("skies", "sky"),
                ("dying", "die"),
                ("news", "news"),
                ("succeeding", "succeed"),
                ("hopeful", "hope"),
                ("nationalization", "nation"),
                ("company's", "compani"),
                ("'quoted", "quot"),
                ("agreed", "agre"),
                ("hoping", "hope"),
                ("universities", "univers"),
                ("by", "by"),
                ("été", "été"),
                ("2020", "2020"),
                ("", ""),
            ],
        );
    }
}
