//! Stage 5, **meta**: the page's title, publication date and author.
//!
//! Input: the [`Blocks`] (the HTML head's meta tags, the first
//! `<time datetime>`, the JSON-LD scripts), the [`Body`]'s decisions (which
//! block is the title, which lines are date and author lines) and the
//! article's language. Output: [`PageMeta`]: the title, the date as a
//! [`Date`] (ISO 8601 in JSON, words of the reader's language in the frame)
//! and the author as a name.
//!
//! Each value is read from the most trusted source that has a readable one:
//! JSON-LD (`datePublished`, `author.name`), then the meta tags and
//! `<time>`, then the lines the body stage set apart near the top ("Publié
//! le 3 avril 2025 à 14h32", "By Jane Doe on March 3, 2025"). Month names
//! are the language data's (`src/lang/*/months.txt`). An author is a name:
//! a profile URL gives one only when its last segment reads as one
//! (`…/people/evan-halper` → "Evan Halper").

use crate::blocks::Blocks;
use crate::body::{Body, Reason};
use crate::lang::{Lang, normalize_line};
use serde::Serialize;
use std::fmt;

/// The page's metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub author: Option<String>,
}

/// A calendar date, with its time of day when the page gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
    pub time: Option<Time>,
}

/// A time of day, with its offset from UTC when the page gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Minutes east of UTC; `None` for a local time ("à 10h56").
    pub offset: Option<i16>,
}

impl fmt::Display for Date {
    /// ISO 8601: `2019-10-25`, or `2019-10-25T10:56:00+02:00` when the time
    /// is known (without offset when the page gives a local time).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)?;
        let Some(t) = self.time else { return Ok(()) };
        write!(f, "T{:02}:{:02}:{:02}", t.hour, t.minute, t.second)?;
        match t.offset {
            Some(0) => f.write_str("Z"),
            Some(o) => write!(f, "{}{:02}:{:02}", if o < 0 { '-' } else { '+' }, o.abs() / 60, o.abs() % 60),
            None => Ok(()),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Reads the page's title, date and author.
pub fn meta(blocks: &Blocks, body: &Body, lang: Lang) -> PageMeta {
    let decisions = &body.decisions;
    let title = decisions
        .iter()
        .find(|d| d.reason == Reason::Title)
        .map(|d| d.text.to_string())
        .or_else(|| blocks.meta.head_title());
    let ld = blocks
        .meta
        .json_ld
        .iter()
        .filter_map(|s| json_ld_meta(s))
        .fold(LdMeta::default(), |a, b| LdMeta { date: a.date.or(b.date), author: a.author.or(b.author) });
    // Lines near the top: up to three blocks past the first paragraph.
    let top = decisions.iter().position(|d| d.reason == Reason::Paragraph).map_or(decisions.len(), |p| p + 3);
    let lines = || decisions.iter().take(top);
    let date = [ld.date.as_deref(), blocks.meta.date.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|d| parse_date(d, lang))
        .or_else(|| {
            lines()
                .filter(|d| matches!(d.reason, Reason::Date | Reason::Byline))
                .find_map(|d| parse_date(&d.text, lang))
        });
    let ld_names = ld.author.iter().flatten().filter_map(|a| author_name(a, lang)).collect::<Vec<_>>();
    let author = (!ld_names.is_empty())
        .then(|| ld_names.join(", "))
        .or_else(|| blocks.meta.author.as_deref().and_then(|a| author_name(a, lang)))
        .or_else(|| lines().filter(|d| d.reason == Reason::Byline).find_map(|d| author_name(&d.text, lang)));
    PageMeta { title, date, author }
}

/// What one JSON-LD script says.
#[derive(Default)]
struct LdMeta {
    date: Option<String>,
    /// The author's names, as written.
    author: Option<Vec<String>>,
}

/// `datePublished` (else `dateCreated`) and the author's name(s) from a
/// JSON-LD script: an object, an array of them, or a `@graph`, at any depth
/// (an article is often nested in a `WebPage`'s `mainEntity`). Broken JSON
/// (a page's hand-written script) says nothing.
fn json_ld_meta(script: &str) -> Option<LdMeta> {
    let script = script.trim().trim_start_matches("<!--").trim_end_matches("-->");
    let value: serde_json::Value = serde_json::from_str(script).ok()?;
    let mut out = LdMeta::default();
    visit(&value, &mut out, 0);
    Some(out)
}

/// JSON-LD deeper than this is not read (the data of a page is shallow).
const MAX_LD_DEPTH: usize = 8;

fn visit(value: &serde_json::Value, out: &mut LdMeta, depth: usize) {
    if depth > MAX_LD_DEPTH {
        return;
    }
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| visit(v, out, depth + 1)),
        serde_json::Value::Object(map) => {
            if out.date.is_none() {
                out.date =
                    ["datePublished", "dateCreated"].iter().find_map(|k| map.get(*k)?.as_str()).map(String::from);
            }
            if out.author.is_none() {
                out.author = map.get("author").and_then(names);
            }
            for (key, v) in map {
                // (Only where an article may sit: not inside an author or an image.)
                if matches!(key.as_str(), "@graph" | "mainEntity" | "mainEntityOfPage" | "hasPart" | "itemListElement")
                {
                    visit(v, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// The names in a JSON-LD `author`: a string, a `Person` with a `name`, or a list of them.
fn names(value: &serde_json::Value) -> Option<Vec<String>> {
    let list: Vec<String> = match value {
        serde_json::Value::Array(items) => items.iter().filter_map(names).flatten().collect(),
        serde_json::Value::Object(map) => map.get("name").and_then(names).unwrap_or_default(),
        serde_json::Value::String(s) => vec![s.trim().to_string()],
        _ => Vec::new(),
    };
    let list: Vec<String> = list.into_iter().filter(|s| !s.is_empty()).collect();
    (!list.is_empty()).then_some(list)
}

/// A date in ISO 8601 ("2019-10-25T10:56:00+02:00") or written in French or
/// English ("Publié le 3 avril 2025 à 14h32", "le 25 octobre 2019 à 10h56",
/// "March 3, 2025", "Monday, November 18th, 2019 at 11:08 a.m.",
/// "04.05.2015 à 13h36"). `lang` orders a numeric date: day first in French,
/// month first in English (unless the first number cannot be a month).
pub fn parse_date(text: &str, lang: Lang) -> Option<Date> {
    let text = text.trim();
    if let Some(d) = parse_iso(text) {
        return Some(d);
    }
    let tokens: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '|' | '•' | '·' | '–' | '—'))
        .map(|t| t.trim_matches(['.', ':', '"', '\'']).to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    for (i, tok) in tokens.iter().enumerate() {
        let found = match month_number(tok, lang) {
            Some(month) => written(&tokens, i, month),
            None => numeric(tok, lang).map(|d| (d, i + 1)),
        };
        if let Some((mut date, next)) = found {
            date.time = time_after(&tokens[next.min(tokens.len())..]);
            return Some(date);
        }
    }
    None
}

/// A month's number, by its name in either language (`lang`'s first: "mar" is March, not mardi).
fn month_number(word: &str, lang: Lang) -> Option<u8> {
    [lang, other(lang)].iter().find_map(|l| l.data().month_numbers.get(word).copied())
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    }
}

/// "3 avril 2025", "1er mai 2025", "March 3, 2025", "November 18th, 2019"
/// around the month at `tokens[at]`; also the index of the token after the year.
fn written(tokens: &[String], at: usize, month: u8) -> Option<(Date, usize)> {
    let before = at.checked_sub(1).and_then(|b| day(&tokens[b]));
    let (day, year_at) = match before {
        Some(d) => (d, at + 1),
        None => (day(tokens.get(at + 1)?)?, at + 2),
    };
    let year = tokens.get(year_at).filter(|y| y.len() == 4).and_then(|y| y.parse::<u16>().ok())?;
    Some((date(year, month, day)?, year_at + 1))
}

/// A day of the month, with its ordinal mark ("1er", "3rd", "18th").
fn day(token: &str) -> Option<u8> {
    let digits = token.trim_end_matches(|c: char| c.is_alphabetic() || c == 'º');
    let mark = &token[digits.len()..];
    if !matches!(mark, "" | "er" | "e" | "st" | "nd" | "rd" | "th") || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// "04.05.2015", "12/03/2025", "2025/03/12".
fn numeric(token: &str, lang: Lang) -> Option<Date> {
    let parts: Vec<&str> = token.split(['.', '/', '-']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n: Vec<u16> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if parts[0].len() == 4 {
        return date(n[0], u8::try_from(n[1]).ok()?, u8::try_from(n[2]).ok()?);
    }
    if parts[2].len() != 4 {
        return None;
    }
    let (a, b) = (u8::try_from(n[0]).ok()?, u8::try_from(n[1]).ok()?);
    let day_first = lang == Lang::Fr || a > 12;
    if day_first { date(n[2], b, a) } else { date(n[2], a, b) }
}

/// A valid date of 1900 to 2100, without time.
fn date(year: u16, month: u8, day: u8) -> Option<Date> {
    let days = match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    ((1900..=2100).contains(&year) && (1..=days).contains(&day)).then_some(Date { year, month, day, time: None })
}

/// The time of day that follows a date: "à 10h56", "at 11:08 a.m.", "9 p.m.".
fn time_after(tokens: &[String]) -> Option<Time> {
    let mut i = usize::from(tokens.first().is_some_and(|t| matches!(t.as_str(), "à" | "a" | "at" | "-")));
    let tok = tokens.get(i)?;
    i += 1;
    let (h, m) = match tok.split_once([':', 'h']) {
        Some((h, m)) if m.is_empty() || m.len() == 2 => (h, m),
        None => (tok.as_str(), ""),
        _ => return None,
    };
    let mut hour: u8 = h.parse().ok()?;
    let minute: u8 = if m.is_empty() { 0 } else { m.parse().ok()? };
    let meridian = tokens.get(i).map(|t| t.replace('.', ""));
    match meridian.as_deref() {
        Some("pm") if hour < 12 => hour += 12,
        Some("am") if hour == 12 => hour = 0,
        Some("am" | "pm") => {}
        // A bare number is a time only with its minutes or an hour mark.
        _ if m.is_empty() && !tok.ends_with('h') => return None,
        _ => {}
    }
    (hour < 24 && minute < 60).then_some(Time { hour, minute, second: 0, offset: None })
}

/// `YYYY-MM-DD`, then optionally `THH:MM[:SS[.fff]]` (or a space for the
/// `T`) and `Z` or `±HH[:]MM`.
fn parse_iso(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<u16> {
        let s = text.get(from..from + len)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let mut d = date(num(0, 4)?, u8::try_from(num(5, 2)?).ok()?, u8::try_from(num(8, 2)?).ok()?)?;
    if b.len() == 10 || !matches!(b.get(10), Some(b'T' | b' ')) {
        return (b.len() == 10 || !b[10].is_ascii_digit()).then_some(d);
    }
    let (hour, minute) = (u8::try_from(num(11, 2)?).ok()?, u8::try_from(num(14, 2)?).ok()?);
    if b.get(13) != Some(&b':') || hour > 23 || minute > 59 {
        return Some(d);
    }
    let mut at = 16;
    let mut second = 0;
    if b.get(at) == Some(&b':') {
        second = u8::try_from(num(at + 1, 2)?).ok().filter(|s| *s < 60)?;
        at += 3;
        if b.get(at) == Some(&b'.') {
            at += 1 + b[at + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        }
    }
    let offset = match b.get(at) {
        Some(b'Z' | b'z') => Some(0),
        Some(&sign @ (b'+' | b'-')) => {
            let oh = num(at + 1, 2)?;
            let om = if b.get(at + 3) == Some(&b':') { num(at + 4, 2)? } else { num(at + 3, 2).unwrap_or(0) };
            let minutes = i16::try_from(oh * 60 + om).ok().filter(|m| *m < 24 * 60)?;
            Some(if sign == b'-' { -minutes } else { minutes })
        }
        _ => None,
    };
    d.time = Some(Time { hour, minute, second, offset });
    Some(d)
}

/// The author's name in a meta value or a byline: "Par Claire Dubois -
/// Publié le…" → "Claire Dubois", "By Jane Doe on Monday…" → "Jane Doe", a
/// profile URL → the name its last segment spells, if any. `None` when what
/// is left is no name (a site's URL, a sentence).
pub fn author_name(text: &str, lang: Lang) -> Option<String> {
    let text = text.trim();
    if text.contains("://") || text.starts_with("www.") {
        return name_from_url(text);
    }
    // The byline's opening words ("Par", "By", "Written by").
    let norm = normalize_line(text);
    let prefix = [lang, other(lang)]
        .iter()
        .flat_map(|l| l.data().cues.byline.opening(&norm))
        .max_by_key(|p| p.len())
        .map_or(0, |p| p.chars().count());
    let rest: String = text.chars().skip(prefix).collect();
    // (" - " and not '-': "Jean-Pierre" is one name.)
    let first = rest.trim_start_matches([':', ' ']).split(" - ").next()?;
    let first = first.split([',', '|', '–', '—', '\u{b7}', '(', '/']).next()?;
    // The name stops at the first word that is not part of one ("on Monday", "le 3 avril", "Updated").
    let mut words: Vec<&str> = Vec::new();
    for w in first.split_whitespace() {
        let capitalised = w.chars().next().is_some_and(char::is_uppercase);
        let particle = matches!(w, "de" | "du" | "des" | "van" | "von" | "da" | "di" | "der" | "la" | "le" | "d'");
        let date_word = month_number(&w.to_lowercase(), lang).is_some() || w.chars().any(|c| c.is_ascii_digit());
        if !(capitalised || particle && !words.is_empty()) || date_word {
            break;
        }
        words.push(w);
    }
    while words.last().is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase)) {
        words.pop();
    }
    (1..=MAX_NAME_WORDS).contains(&words.len()).then(|| words.join(" "))
}

/// The most words an author's name has.
const MAX_NAME_WORDS: usize = 6;

/// `https://www.latimes.com/people/evan-halper` → "Evan Halper": the last
/// path segment, when it is two to four words of letters.
fn name_from_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?.trim_end_matches('/');
    let (_, host_and_path) = path.split_once("://").unwrap_or(("", path));
    let (_, path) = host_and_path.split_once('/')?;
    let last = path.rsplit('/').next()?;
    let parts: Vec<&str> = last.split(['-', '_', '.', '+']).collect();
    if !(2..=4).contains(&parts.len()) || parts.iter().any(|p| p.len() < 2 || !p.chars().all(char::is_alphabetic)) {
        return None;
    }
    let title = |p: &str| {
        let mut c = p.chars();
        c.next().map(|f| f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect::<String>()).unwrap_or_default()
    };
    Some(parts.iter().map(|p| title(p)).collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::body;
    use crate::config::{BodyConfig, DetectConfig};
    use crate::detect::detect;
    use crate::read::{Document, Kind};

    fn ymd(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day, time: None }
    }

    fn at(d: Date, hour: u8, minute: u8, offset: Option<i16>) -> Date {
        Date { time: Some(Time { hour, minute, second: 0, offset }), ..d }
    }

    #[test]
    fn dates_in_both_languages() {
        let table: &[(&str, Lang, Option<Date>)] = &[
            ("Publié le 3 avril 2025", Lang::Fr, Some(ymd(2025, 4, 3))),
            ("le 25 octobre 2019 à 10h56", Lang::Fr, Some(at(ymd(2019, 10, 25), 10, 56, None))),
            ("Publié le mardi 27 mai 2025 à 18h10", Lang::Fr, Some(at(ymd(2025, 5, 27), 18, 10, None))),
            ("1er mai 2024", Lang::Fr, Some(ymd(2024, 5, 1))),
            ("Mis à jour le 12 févr. 2025 à 9h", Lang::Fr, Some(at(ymd(2025, 2, 12), 9, 0, None))),
            (
                "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015",
                Lang::Fr,
                Some(at(ymd(2015, 5, 4), 13, 36, None)),
            ),
            ("12/03/2025", Lang::Fr, Some(ymd(2025, 3, 12))),
            ("March 3, 2025", Lang::En, Some(ymd(2025, 3, 3))),
            ("3 March 2025", Lang::En, Some(ymd(2025, 3, 3))),
            ("Published Nov. 18, 2019", Lang::En, Some(ymd(2019, 11, 18))),
            (
                "By Louis Jacobson on Monday, November 18th, 2019 at 11:04 a.m.",
                Lang::En,
                Some(at(ymd(2019, 11, 18), 11, 4, None)),
            ),
            ("Updated 9 p.m. EST, March 3, 2025 9 p.m.", Lang::En, Some(at(ymd(2025, 3, 3), 21, 0, None))),
            ("12/03/2025", Lang::En, Some(ymd(2025, 12, 3))),
            ("25/03/2025", Lang::En, Some(ymd(2025, 3, 25))),
            ("2019-10-25T10:56:00+02:00", Lang::Fr, Some(at(ymd(2019, 10, 25), 10, 56, Some(120)))),
            ("2025-09-21T17:05:00-07:00", Lang::En, Some(at(ymd(2025, 9, 21), 17, 5, Some(-420)))),
            ("2024-05-01T10:00Z", Lang::En, Some(at(ymd(2024, 5, 1), 10, 0, Some(0)))),
            (
                "2024-05-01T10:00:12.345+0100",
                Lang::En,
                Some(Date {
                    time: Some(Time { hour: 10, minute: 0, second: 12, offset: Some(60) }),
                    ..ymd(2024, 5, 1)
                }),
            ),
            ("2024-05-01", Lang::En, Some(ymd(2024, 5, 1))),
            // Not dates, or not whole ones.
            ("Publié le 3 avril", Lang::Fr, None),
            ("31 février 2025", Lang::Fr, None),
            ("2024-13-01", Lang::En, None),
            ("May the force be with you", Lang::En, None),
            ("Posted in 2025", Lang::En, None),
            ("", Lang::Fr, None),
        ];
        for (text, lang, want) in table {
            assert_eq!(parse_date(text, *lang), *want, "{text}");
        }
    }

    #[test]
    fn iso_output_says_time_only_when_known() {
        assert_eq!(ymd(2025, 4, 3).to_string(), "2025-04-03");
        assert_eq!(at(ymd(2019, 10, 25), 10, 56, Some(120)).to_string(), "2019-10-25T10:56:00+02:00");
        assert_eq!(at(ymd(2025, 9, 21), 17, 5, Some(-420)).to_string(), "2025-09-21T17:05:00-07:00");
        assert_eq!(at(ymd(2019, 10, 25), 10, 56, None).to_string(), "2019-10-25T10:56:00");
        assert_eq!(at(ymd(2019, 10, 25), 10, 56, Some(0)).to_string(), "2019-10-25T10:56:00Z");
        assert_eq!(serde_json::to_string(&ymd(2025, 4, 3)).unwrap(), "\"2025-04-03\"");
    }

    #[test]
    fn authors_are_names() {
        let table: &[(&str, Lang, Option<&str>)] = &[
            ("Par Claire Dubois - Publié le 3 avril 2025", Lang::Fr, Some("Claire Dubois")),
            ("Par Martin Untersinger (avec Damien Leloup)", Lang::Fr, Some("Martin Untersinger")),
            ("Propos recueillis par Anne de La Tour", Lang::Fr, Some("Anne de La Tour")),
            ("By Louis Jacobson on Monday, November 18th, 2019", Lang::En, Some("Louis Jacobson")),
            ("By Jane Doe, Staff Writer", Lang::En, Some("Jane Doe")),
            ("Jane Doe", Lang::En, Some("Jane Doe")),
            ("https://www.latimes.com/people/evan-halper", Lang::En, Some("Evan Halper")),
            ("https://www.lemonde.fr/signataires/claire-dubois/", Lang::Fr, Some("Claire Dubois")),
            ("https://www.facebook.com/bbcnews", Lang::En, None),
            ("https://www.example.com/", Lang::En, None),
            ("https://www.example.com/authors/12345", Lang::En, None),
            ("the staff", Lang::En, None),
            ("", Lang::Fr, None),
        ];
        for (text, lang, want) in table {
            assert_eq!(author_name(text, *lang).as_deref(), *want, "{text}");
        }
    }

    fn page_meta(html: &str) -> PageMeta {
        let doc = Document { text: html.to_string(), kind: Kind::Html, encoding: "UTF-8" };
        let blocks = crate::blocks::blocks(&doc);
        let detection = detect(&blocks, &DetectConfig::default());
        let lang = detection.lang.unwrap_or(Lang::En);
        meta(&blocks, &body(&blocks, &detection, &BodyConfig::default()), lang)
    }

    const PARAGRAPH: &str = "<p>Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine, \
        après un long débat sur les dépenses d'investissement et la dette des écoles de la commune.</p>";

    #[test]
    fn json_ld_comes_first_and_is_read_in_graphs_and_lists() {
        let page = format!(
            "<html><head><meta name=author content='https://www.latimes.com/people/evan-halper'>\
             <meta property='article:published_time' content='2020-01-01T00:00:00Z'>\
             <script type=\"application/ld+json\">{{\"@graph\": [{{\"@type\": \"WebPage\"}}, \
             {{\"@type\": \"NewsArticle\", \"datePublished\": \"2019-10-25T10:56:00+02:00\", \
             \"author\": [{{\"@type\": \"Person\", \"name\": \"Claire Dubois\"}}, {{\"name\": \"Jean Martin\"}}]}}]}}\
             </script></head><body><h1>Le budget est voté</h1>{PARAGRAPH}</body></html>"
        );
        let m = page_meta(&page);
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2019-10-25T10:56:00+02:00"));
        assert_eq!(m.author.as_deref(), Some("Claire Dubois, Jean Martin"));
        assert_eq!(m.title.as_deref(), Some("Le budget est voté"));
    }

    #[test]
    fn meta_tags_time_and_lines_when_no_json_ld() {
        let tags = format!(
            "<html><head><meta name=author content='https://www.latimes.com/people/evan-halper'>\
             <script type=\"application/ld+json\">{{ broken </script></head>\
             <body><h1>Le budget est voté</h1><time datetime='2024-05-01'>1er mai</time>{PARAGRAPH}</body></html>"
        );
        let m = page_meta(&tags);
        assert_eq!(m.author.as_deref(), Some("Evan Halper"));
        assert_eq!(m.date, Some(ymd(2024, 5, 1)));
        let lines = format!(
            "<html><body><h1>Le budget est voté</h1><p>Par Claire Dubois</p><p>Publié le 3 avril 2025 à 14h32</p>\
             {PARAGRAPH}</body></html>"
        );
        let m = page_meta(&lines);
        assert_eq!(m.author.as_deref(), Some("Claire Dubois"));
        assert_eq!(m.date, Some(at(ymd(2025, 4, 3), 14, 32, None)));
        let english = "<html><head><title>Budget passed | The Paper</title></head><body>\
             <p>By Jane Doe</p><p>Published March 3, 2025</p><p>The city council passed the budget on Tuesday \
             evening after a long debate about the cost of the new schools and the debt of the city.</p></body></html>";
        let m = page_meta(english);
        assert_eq!((m.author.as_deref(), m.date), (Some("Jane Doe"), Some(ymd(2025, 3, 3))));
        assert_eq!(m.title.as_deref(), Some("Budget passed"));
    }
}
