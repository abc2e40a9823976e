//! Stage 8, **render**: the summary's frame in the reader's language.
//!
//! Input: a [`Summary`] (title, picked sentences and their translations,
//! counts, explanation). Output: the framed summary as text or Markdown
//! ([`render`]) and its explanation ([`render_explain`]); the HTML report
//! of a summary or an extraction is in [`html`]. Translated
//! sentences replace the originals, which are shown under them on request.
//! Every word of the frame comes from
//! the Fluent files `locales/{en,fr}/abrege.ftl`, embedded in the binary and
//! parsed once into concurrent bundles shared by all threads. Numbers are
//! passed as numbers, so plurals follow each language's rules (French: 0 and
//! 1 are singular), and formatted by us: French decimal comma and narrow
//! no-break space between thousands. Isolation marks are off: this is text.
//! A message whose arguments are all numbers or language codes (the frame's
//! counts) is formatted once per thread and then read from a bounded memo.

use crate::answer::{SentenceScore, Summary};
use crate::body::Decision;
use crate::config::{Format, RenderConfig};
use crate::lang::Lang;
use crate::meta::Date;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::fmt::Write;
use std::sync::OnceLock;

pub mod html;

const NARROW_NBSP: char = '\u{202F}';

/// The Fluent source of each language.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => include_str!("../locales/fr/abrege.ftl"),
        Lang::En => include_str!("../locales/en/abrege.ftl"),
    }
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static FR: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let cell = match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("fr and en are valid language ids");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(match lang {
            Lang::Fr => format_fr,
            Lang::En => format_en,
        }));
        let resource = FluentResource::try_new(source(lang).to_string()).expect("embedded .ftl files parse (tested)");
        bundle.add_resource(resource).expect("embedded .ftl files have unique ids (tested)");
        bundle
    })
}

fn format_fr<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(format_number(n.value, Lang::Fr)),
        _ => None,
    }
}

fn format_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(format_number(n.value, Lang::En)),
        _ => None,
    }
}

/// `1234.5` → "1 234,5" in French (narrow no-break space), "1,234.5" in English;
/// at most two decimals, trailing zeros dropped.
pub fn format_number(value: f64, lang: Lang) -> String {
    let (group, decimal) = match lang {
        Lang::Fr => (NARROW_NBSP, ','),
        Lang::En => (',', '.'),
    };
    let fixed = two_decimals(value.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::with_capacity(fixed.len() + 8);
    if value < 0.0 && fixed.bytes().any(|c| c != b'0' && c != b'.') {
        out.push('-');
    }
    // (The digits are ASCII.)
    for (i, c) in int.bytes().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(char::from(c));
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// `format!("{:.2}", abs)`. Counts and half minutes, most numbers of a
/// frame, are written exactly without the float formatter (a hundred times dearer).
fn two_decimals(abs: f64) -> String {
    if abs < 1e15 && (abs * 2.0).fract() == 0.0 {
        let int = abs.trunc() as u64;
        if abs.fract() == 0.0 { format!("{int}.00") } else { format!("{int}.50") }
    } else {
        format!("{abs:.2}")
    }
}

/// Formats one message; a missing id is a bug caught by the tests, shown as the id.
pub fn message(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    thread_local! {
        /// Messages already formatted on this thread, by [`memo_key`].
        static MEMO: std::cell::RefCell<(String, rustc_hash::FxHashMap<String, String>)> = Default::default();
    }
    // A summary's frame comes back with the same few counts and language codes
    // article after article, and resolving it (selectors, plural rules, our
    // number formatting) costs some 5,000 instructions a message: each such
    // message is formatted once per thread. Messages that carry text (a
    // title, an author) are formatted each time.
    MEMO.with_borrow_mut(|(key, memo)| {
        if !memo_key(lang, id, args, key) {
            return format_message(lang, id, args);
        }
        if let Some(done) = memo.get(key.as_str()) {
            return done.clone();
        }
        if memo.len() >= MEMO_LIMIT {
            memo.clear();
        }
        let done = format_message(lang, id, args);
        memo.insert(key.clone(), done.clone());
        done
    })
}

/// Messages kept per thread; past this the memo starts over (a stream's
/// counts take a few hundred).
const MEMO_LIMIT: usize = 4096;

/// Writes the memo key of a message into `key`: its language, id and
/// arguments, when these are all numbers or short strings (codes); false otherwise.
fn memo_key(lang: Lang, id: &str, args: Option<&FluentArgs>, key: &mut String) -> bool {
    key.clear();
    key.push_str(lang.code());
    key.push(' ');
    key.push_str(id);
    for (name, value) in args.into_iter().flat_map(FluentArgs::iter) {
        let _ = match value {
            FluentValue::Number(n) if n.options == Default::default() => write!(key, " {name}={:x}", n.value.to_bits()),
            FluentValue::String(s) if s.len() <= 8 && !s.contains([' ', '=']) => write!(key, " {name}:{s}"),
            _ => return false,
        };
    }
    true
}

fn format_message(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else { return id.to_string() };
    let mut errors = vec![];
    bundle.format_pattern(pattern, args, &mut errors).into_owned()
}

fn args<'a>(pairs: &[(&'a str, FluentValue<'a>)]) -> FluentArgs<'a> {
    let mut a = FluentArgs::new();
    for (k, v) in pairs {
        a.set(*k, v.clone());
    }
    a
}

fn num<'a>(x: f64) -> FluentValue<'a> {
    FluentValue::from(x)
}

fn text<'a>(s: &'a str) -> FluentValue<'a> {
    FluentValue::String(Cow::Borrowed(s))
}

/// A date in the reader's words: "25 octobre 2019", "25 October 2019".
pub fn written_date(date: Date, lang: Lang) -> String {
    // (The year is a name, not a quantity: passed as text, it gets no thousands separator.)
    let year = date.year.to_string();
    let pairs = [("day", num(f64::from(date.day))), ("month", num(f64::from(date.month))), ("year", text(&year))];
    message(lang, "date-written", Some(&args(&pairs)))
}

/// The frame of a summary, each line in the reader's language (shared by
/// [`render`] and the HTML report).
struct Frame<'a> {
    /// The title shown (translated when it was).
    title: String,
    /// The original title, when translated and originals are shown.
    original_title: Option<String>,
    byline: Option<String>,
    /// Language and counts.
    frame: String,
    saved: String,
    /// How the key points came to be in this language, when it is not the article's.
    quoted: Option<String>,
    /// (sentence shown, original shown under it)
    points: Vec<(&'a str, Option<String>)>,
}

fn frame(summary: &Summary, originals: bool) -> Frame<'_> {
    let to = summary.to;
    let title = (summary.title_translation.clone().or_else(|| summary.title.clone()))
        .unwrap_or_else(|| message(to, "summary-untitled", None));
    let original = |text: &str| message(to, "summary-original", Some(&args(&[("text", self::text(text))])));
    let original_title =
        summary.title.as_deref().filter(|_| originals && summary.title_translation.is_some()).map(original);
    let points: Vec<(&str, Option<String>)> = match &summary.translations {
        Some(tr) => {
            tr.iter().zip(&summary.sentences).map(|(t, s)| (t.as_str(), originals.then(|| original(s)))).collect()
        }
        None => summary.sentences.iter().map(|s| (s.as_str(), None)).collect(),
    };
    let frame = message(
        to,
        "summary-frame",
        Some(&args(&[
            ("lang", text(summary.lang.code())),
            ("picked", num(summary.sentences.len() as f64)),
            ("total", num(summary.stats.sentences as f64)),
        ])),
    );
    let saved = message(to, "summary-time-saved", Some(&args(&[("minutes", num(summary.stats.minutes_saved))])));
    let byline = byline(to, summary.author.as_deref(), summary.date);
    let quoted = (to != summary.lang).then(|| match &summary.translated_by {
        Some(by) => {
            message(to, "summary-translated", Some(&args(&[("lang", text(summary.lang.code())), ("by", text(by))])))
        }
        None if !summary.warnings.is_empty() => {
            message(to, "summary-untranslated", Some(&args(&[("lang", text(summary.lang.code()))])))
        }
        None => message(to, "summary-quoted", Some(&args(&[("lang", text(summary.lang.code()))]))),
    });
    Frame { title, original_title, byline, frame, saved, quoted, points }
}

/// "author · date", "By author" or "Published date", when there is either.
fn byline(to: Lang, author: Option<&str>, date: Option<Date>) -> Option<String> {
    let date = date.map(|d| written_date(d, to));
    match (author, date.as_deref()) {
        (Some(a), Some(d)) => {
            Some(message(to, "summary-byline", Some(&args(&[("author", text(a)), ("date", text(d))]))))
        }
        (Some(a), None) => Some(message(to, "summary-author", Some(&args(&[("author", text(a))])))),
        (None, Some(d)) => Some(message(to, "summary-date", Some(&args(&[("date", text(d))])))),
        (None, None) => None,
    }
}

/// Renders the summary in the configured format and language; `originals`
/// shows each original sentence under its translation.
pub fn render(summary: &Summary, cfg: &RenderConfig, originals: bool) -> String {
    let Frame { title, original_title, byline, frame, saved, quoted, points } = frame(summary, originals);
    let mut out = String::new();
    match cfg.format {
        Format::Markdown => {
            let _ = writeln!(out, "# {title}\n");
            if let Some(o) = &original_title {
                let _ = writeln!(out, "*{o}*\n");
            }
            if let Some(b) = &byline {
                let _ = writeln!(out, "{b}  ");
            }
            let _ = writeln!(out, "*{frame} · {saved}*\n");
            if let Some(q) = &quoted {
                let _ = writeln!(out, "> {q}\n");
            }
            for (s, o) in &points {
                let _ = writeln!(out, "- {s}");
                if let Some(o) = o {
                    let _ = writeln!(out, "  > {o}");
                }
            }
        }
        Format::Text | Format::Json | Format::Html => {
            // (Pieces pushed, not `writeln!`: this runs once an article, and
            // the formatting machinery cost more than the copies.)
            let line = |out: &mut String, pieces: &[&str]| {
                pieces.iter().for_each(|p| out.push_str(p));
                out.push('\n');
            };
            out.reserve(
                title.len() + frame.len() + saved.len() + points.iter().map(|(s, _)| s.len() + 5).sum::<usize>() + 8,
            );
            line(&mut out, &[&title]);
            if let Some(o) = &original_title {
                line(&mut out, &["(", o, ")"]);
            }
            if let Some(b) = &byline {
                line(&mut out, &[b]);
            }
            line(&mut out, &[&frame, " · ", &saved]);
            if let Some(q) = &quoted {
                line(&mut out, &[q]);
            }
            out.push('\n');
            for (s, o) in &points {
                line(&mut out, &["• ", s]);
                if let Some(o) = o {
                    line(&mut out, &["  (", o, ")"]);
                }
            }
        }
    }
    out
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The explanation of a summary (blocks kept and dropped, sentence scores); empty without one.
pub fn render_explain(summary: &Summary, format: Format) -> String {
    let to = summary.to;
    let Some(ex) = &summary.explain else { return String::new() };
    let bullet = if format == Format::Markdown { "- " } else { "  " };
    let mut out = String::new();
    let heading = message(to, "explain-heading", None);
    let _ = if format == Format::Markdown { writeln!(out, "\n## {heading}\n") } else { writeln!(out, "\n{heading}") };
    out.push_str(&render_decisions(&ex.blocks, to, format));
    let _ = writeln!(out, "{}", message(to, "explain-scores", None));
    for s in &ex.sentences {
        let mark = if s.picked { format!(" [{}]", message(to, "explain-picked", None)) } else { String::new() };
        let _ = writeln!(out, "{bullet}{}{mark} {}", score_line(s, to), clip(&s.text, 70));
    }
    out
}

/// The body stage's decisions, one line per block, with their reasons.
pub fn render_decisions(decisions: &[Decision], to: Lang, format: Format) -> String {
    let bullet = if format == Format::Markdown { "- " } else { "  " };
    let mut out = String::new();
    let kept = decisions.iter().filter(|d| d.keep).count();
    let counts = args(&[("kept", num(kept as f64)), ("dropped", num((decisions.len() - kept) as f64))]);
    let _ = writeln!(out, "{}", message(to, "explain-blocks", Some(&counts)));
    for d in decisions {
        let verdict = message(to, if d.keep { "explain-kept" } else { "explain-dropped" }, None);
        let reason = reason(d, to);
        let label =
            message(to, "explain-decision", Some(&args(&[("verdict", text(&verdict)), ("reason", text(&reason))])));
        let _ = writeln!(out, "{bullet}[{label}] {}", clip(&d.text, 70));
    }
    out
}

/// "score 0.4 (position 0.71, centrality 0.36, title 0.27)".
fn score_line(s: &SentenceScore, to: Lang) -> String {
    let score = args(&[
        ("score", num(round2(s.score))),
        ("position", num(round2(s.position))),
        ("centrality", num(round2(s.centrality))),
        ("title", num(round2(s.title))),
    ]);
    message(to, "explain-score", Some(&score))
}

/// Why a block was kept or dropped, with its detail (the cue, the element…).
fn reason(d: &Decision, to: Lang) -> String {
    let reason_args = args(&[("detail", text(d.reason.detail().unwrap_or("")))]);
    message(to, &format!("reason-{}", d.reason.id()), Some(&reason_args))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast::Entry;
    use std::collections::BTreeSet;

    fn ids(lang: Lang) -> BTreeSet<String> {
        let res = fluent_syntax::parser::parse(source(lang)).expect("the .ftl file parses");
        res.body
            .iter()
            .filter_map(|e| match e {
                Entry::Message(m) => Some(m.id.name.to_string()),
                Entry::Term(t) => Some(format!("-{}", t.id.name)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        assert_eq!(ids(Lang::Fr), ids(Lang::En));
        assert!(ids(Lang::En).len() > 20);
    }

    #[test]
    fn every_reason_has_a_message() {
        for lang in Lang::ALL {
            for id in [
                "paragraph",
                "context",
                "subheading",
                "title",
                "date",
                "byline",
                "before-title",
                "cue",
                "tail",
                "timestamp",
                "links",
                "landmark",
                "class-cue",
                "short",
                "duplicate",
                "foreign",
                "unfiltered",
            ] {
                assert!(ids(lang).contains(&format!("reason-{id}")), "{lang} reason-{id}");
            }
        }
    }

    #[test]
    fn numbers_table() {
        let cases = [
            (1234.5, Lang::Fr, "1\u{202F}234,5"),
            (1234.5, Lang::En, "1,234.5"),
            (0.0, Lang::Fr, "0"),
            (19000.0, Lang::Fr, "19\u{202F}000"),
            (1_000_000.0, Lang::En, "1,000,000"),
            (0.456, Lang::En, "0.46"),
            (2.5, Lang::Fr, "2,5"),
        ];
        for (x, lang, want) in cases {
            assert_eq!(format_number(x, lang), want);
        }
        // The exact path for whole and half numbers agrees with the float formatter.
        let halves = (0..4000).map(|i| f64::from(i) / 2.0);
        let others = [0.25, 0.456, 1.005, 2.675, 1e14 + 0.5, 1e15, 1e16, 123_456_789.0, 0.1, 99.995];
        for x in halves.chain(others) {
            assert_eq!(two_decimals(x), format!("{x:.2}"), "{x}");
        }
    }

    #[test]
    fn plurals_table() {
        let frame = |lang, picked: f64, total: f64| {
            message(
                lang,
                "summary-frame",
                Some(&args(&[("lang", text("fr")), ("picked", num(picked)), ("total", num(total))])),
            )
        };
        assert_eq!(frame(Lang::En, 3.0, 24.0), "Article in French · 3 key points out of 24 sentences");
        assert_eq!(frame(Lang::En, 1.0, 1.0), "Article in French · 1 key point out of 1 sentence");
        assert_eq!(frame(Lang::En, 0.0, 0.0), "Article in French · 0 key points out of 0 sentences");
        assert_eq!(frame(Lang::Fr, 3.0, 24.0), "Article en français · 3 points clés sur 24 phrases");
        assert_eq!(frame(Lang::Fr, 1.0, 1.0), "Article en français · 1 point clé sur 1 phrase");
        assert_eq!(frame(Lang::Fr, 0.0, 0.0), "Article en français · 0 point clé sur 0 phrase");
        assert_eq!(frame(Lang::Fr, 2.0, 1500.0), "Article en français · 2 points clés sur 1\u{202F}500 phrases");
        let saved = |lang, m: f64| message(lang, "summary-time-saved", Some(&args(&[("minutes", num(m))])));
        assert_eq!(saved(Lang::Fr, 1.5), "environ 1,5 minute de lecture gagnée");
        assert_eq!(saved(Lang::En, 1.5), "about 1.5 minutes of reading saved");
        assert_eq!(saved(Lang::Fr, 0.0), "moins d’une minute de lecture gagnée");
    }

    #[test]
    fn dates_in_the_readers_words() {
        let d = |year, month, day| Date { year, month, day, time: None };
        let table = [
            (d(2019, 10, 25), Lang::Fr, "25 octobre 2019"),
            (d(2019, 10, 25), Lang::En, "25 October 2019"),
            (d(2025, 5, 1), Lang::Fr, "1er mai 2025"),
            (d(2025, 5, 1), Lang::En, "1 May 2025"),
            (d(2025, 2, 3), Lang::Fr, "3 février 2025"),
            (d(2025, 12, 31), Lang::En, "31 December 2025"),
        ];
        for (date, lang, want) in table {
            assert_eq!(written_date(date, lang), want);
        }
    }

    #[test]
    fn memo_keys_table() {
        let mut key = String::new();
        // Numbers and codes make a key, which tells every argument and language apart.
        let frame = |picked| args(&[("lang", text("fr")), ("picked", num(picked)), ("total", num(24.0))]);
        let keys: Vec<String> = [(Lang::Fr, 3.0), (Lang::Fr, 2.0), (Lang::En, 3.0)]
            .iter()
            .map(|&(lang, picked)| {
                assert!(memo_key(lang, "summary-frame", Some(&frame(picked)), &mut key));
                key.clone()
            })
            .collect();
        assert!(keys[0] != keys[1] && keys[0] != keys[2] && keys[1] != keys[2], "{keys:?}");
        assert!(memo_key(Lang::En, "summary-untitled", None, &mut key));
        // Text is formatted each time.
        assert!(!memo_key(Lang::Fr, "summary-author", Some(&args(&[("author", text("Marie Dupont"))])), &mut key));
        assert!(!memo_key(Lang::En, "summary-original", Some(&args(&[("text", text("Buses win."))])), &mut key));
        // A memoized message is the message, the first time and the next.
        for lang in Lang::ALL {
            let fresh = format_message(lang, "summary-frame", Some(&frame(5.0)));
            assert_eq!(message(lang, "summary-frame", Some(&frame(5.0))), fresh);
            assert_eq!(message(lang, "summary-frame", Some(&frame(5.0))), fresh);
        }
    }

    #[test]
    fn no_isolation_marks_and_french_spacing() {
        let s = message(Lang::Fr, "explain-scores", None);
        assert!(s.ends_with("phrases\u{202F}:"), "{s:?}");
        let a = args(&[("detail", text("Lire aussi"))]);
        let cue = message(Lang::Fr, "reason-cue", Some(&a));
        assert_eq!(cue, "indice de remplissage «\u{202F}Lire aussi\u{202F}»");
        assert!(!cue.contains(['\u{2068}', '\u{2069}']));
    }

    /// Every French message, formatted with every argument it may take: a
    /// narrow no-break space before `: ; ! ?` and inside « ».
    #[test]
    fn french_typography_in_every_french_message() {
        let words = ["kept", "dropped", "count", "sentences", "minutes", "score", "position", "centrality", "title"];
        let mut a: Vec<(&str, FluentValue)> = words.iter().map(|w| (*w, num(2.0))).collect();
        for w in ["detail", "lang", "by", "text", "author", "date", "verdict", "reason", "name"] {
            a.push((w, text("x")));
        }
        let a = args(&a);
        for id in ids(Lang::Fr).into_iter().filter(|id| !id.starts_with('-')) {
            let s: Vec<char> = message(Lang::Fr, &id, Some(&a)).chars().collect();
            for (i, &c) in s.iter().enumerate() {
                let before = i.checked_sub(1).map(|j| s[j]);
                let bad = match c {
                    ':' | ';' | '!' | '?' | '»' => before != Some('\u{202F}'),
                    '«' => s.get(i + 1) != Some(&'\u{202F}'),
                    _ => false,
                };
                assert!(!bad, "{id}: {:?}", s.iter().collect::<String>());
            }
        }
    }

    fn summary(lang: Lang, to: Lang, translated: bool, warnings: &[&str]) -> Summary {
        let (title, sentences) = match lang {
            Lang::Fr => ("Vote du budget", vec!["Le conseil a voté.".to_string(), "Les bus gagnent.".to_string()]),
            Lang::En => ("Budget vote", vec!["The council voted.".to_string(), "Buses win.".to_string()]),
        };
        Summary {
            lang,
            confidence: 1.0,
            to,
            title: Some(title.to_string()),
            date: None,
            author: None,
            title_translation: translated.then(|| format!("T({title})")),
            translations: translated.then(|| sentences.iter().map(|s| format!("T({s})")).collect()),
            translated_by: translated.then(|| "LibreTranslate (localhost)".to_string()),
            warnings: warnings.iter().map(|w| w.to_string()).collect(),
            sentences,
            summary: String::new(),
            rendered: String::new(),
            stats: crate::answer::Stats { sentences: 10, words: 100, words_picked: 10, minutes_saved: 0.5 },
            explain: None,
        }
    }

    #[test]
    fn translated_summaries_table() {
        let text = RenderConfig { to: None, format: Format::Text, explain: false };
        let md = RenderConfig { format: Format::Markdown, ..text.clone() };
        // (article, frame, translated, warnings, originals shown, config, lines wanted, text unwanted)
        type Case<'a> = (Lang, Lang, bool, &'a [&'a str], bool, &'a RenderConfig, &'a [&'a str], &'a [&'a str]);
        let cases: [Case; 6] = [
            (
                Lang::Fr,
                Lang::En,
                true,
                &[],
                false,
                &text,
                &[
                    "T(Vote du budget)",
                    "Key points translated from French by LibreTranslate (localhost).",
                    "• T(Le conseil a voté.)",
                    "• T(Les bus gagnent.)",
                ],
                &["quoted", "original", "• Le conseil"],
            ),
            (
                Lang::En,
                Lang::Fr,
                true,
                &[],
                true,
                &text,
                &[
                    "T(Budget vote)",
                    "(original\u{202F}: Budget vote)",
                    "Points clés traduits de l’anglais par LibreTranslate (localhost).",
                    "• T(The council voted.)",
                    "  (original\u{202F}: The council voted.)",
                ],
                &["cités"],
            ),
            (
                Lang::Fr,
                Lang::En,
                true,
                &[],
                true,
                &md,
                &[
                    "# T(Vote du budget)",
                    "*original: Vote du budget*",
                    "- T(Le conseil a voté.)",
                    "  > original: Le conseil a voté.",
                ],
                &[],
            ),
            (
                Lang::Fr,
                Lang::En,
                false,
                &["not translated: down"],
                true,
                &text,
                &[
                    "Vote du budget",
                    "Key points quoted in French, the article's language (the translation failed: see the warning).",
                    "• Le conseil a voté.",
                ],
                &["T(", "original"],
            ),
            (
                Lang::En,
                Lang::Fr,
                false,
                &[],
                false,
                &text,
                &[
                    "Points clés cités en anglais, la langue de l’article (aucune traduction configurée).",
                    "• Buses win.",
                ],
                &["T("],
            ),
            (Lang::Fr, Lang::Fr, false, &[], true, &text, &["• Le conseil a voté."], &["cités", "tradui", "original"]),
        ];
        for (lang, to, translated, warnings, originals, cfg, want, unwanted) in cases {
            let out = render(&summary(lang, to, translated, warnings), cfg, originals);
            let lines: Vec<&str> = out.lines().collect();
            for w in want {
                assert!(lines.contains(w), "{w:?} not a line of:\n{out}");
            }
            for u in unwanted {
                assert!(!out.contains(u), "{u:?} in:\n{out}");
            }
        }
    }
}
