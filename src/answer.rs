//! The answers the pipeline gives and the renderer and callers read:
//! [`Summary`], [`Extract`], [`Split`] and [`TextTranslation`], with their parts.
//!
//! Plain data with the field order of the JSON replies. Kept apart from
//! `pipeline.rs` (which fills them) and `render.rs` (which frames a summary)
//! so that neither imports the other.

use crate::body::Decision;
use crate::lang::Lang;
use crate::meta::Date;
use serde::Serialize;

/// A summary: the picked sentences, verbatim and in article order, and their frame.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The article's language.
    pub lang: Lang,
    /// Confidence of the language detection, in [0, 1].
    pub confidence: f64,
    /// The language of the frame.
    pub to: Lang,
    pub title: Option<String>,
    /// The publication date: ISO 8601 in JSON, a date (`2025-04-03`) or,
    /// when the page gives the time, a date and time (`2019-10-25T10:56:00+02:00`,
    /// without offset for a local time the page wrote out).
    pub date: Option<Date>,
    /// The author's name (names joined by commas), never a URL.
    pub author: Option<String>,
    /// The picked sentences, verbatim from the article, in article order.
    pub sentences: Vec<String>,
    /// The title in the `to` language, when translated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_translation: Option<String>,
    /// The picked sentences in the `to` language, aligned with `sentences`, when translated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translations: Option<Vec<String>>,
    /// Who translated, when translated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translated_by: Option<String>,
    /// What went wrong without stopping the summary (e.g. the translation server is down).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The summary itself: the key points as one paragraph, nothing else
    /// (what a data job stores or scores).
    pub summary: String,
    /// The summary framed for reading: title, counts, key points (text, or
    /// Markdown when asked); what the command line prints.
    pub rendered: String,
    pub stats: Stats,
    /// With `--explain`, or for the HTML report (`Format::Html`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explain>,
}

/// Counts behind the frame.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Sentences of running text in the article body.
    pub sentences: usize,
    /// Words in those sentences.
    pub words: usize,
    /// Words in the picked sentences.
    pub words_picked: usize,
    /// Reading time saved at 230 words a minute, to the half minute.
    pub minutes_saved: f64,
}

/// Why the summary is what it is.
#[derive(Debug, Clone, Serialize)]
pub struct Explain {
    /// One decision per block of the page.
    pub blocks: Vec<Decision<'static>>,
    /// One score per candidate sentence, in article order.
    pub sentences: Vec<SentenceScore>,
}

/// A candidate sentence's score and main features.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceScore {
    pub text: String,
    /// Index of its block among the kept blocks (the `keep` decisions, in order).
    pub block: usize,
    pub score: f64,
    pub position: f64,
    pub centrality: f64,
    pub title: f64,
    pub picked: bool,
}

/// The main body of a page (`abrege extract`).
#[derive(Debug, Clone, Serialize)]
pub struct Extract {
    /// `fr`, `en` or `und`.
    pub lang: &'static str,
    pub title: Option<String>,
    /// As [`Summary::date`].
    pub date: Option<Date>,
    pub author: Option<String>,
    /// Kept blocks joined by blank lines; the title is not repeated.
    pub body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<Decision<'static>>>,
}

/// The sentences of a text as given (`abrege split`).
#[derive(Debug, Clone, Serialize)]
pub struct Split {
    /// `fr`, `en` or `und`.
    pub lang: &'static str,
    pub sentences: Vec<String>,
}

/// A text as given, translated sentence by sentence (`abrege translate`).
#[derive(Debug, Clone, Serialize)]
pub struct TextTranslation {
    /// The text's language.
    pub lang: Lang,
    /// The language translated into.
    pub to: Lang,
    /// The text's sentences, in order.
    pub sentences: Vec<String>,
    /// One per sentence, aligned with `sentences` (the sentences themselves
    /// when `to` is the text's language).
    pub translations: Vec<String>,
    /// Who translated; `null` when nothing needed translating.
    pub translated_by: Option<String>,
    /// What comes before each sentence in the text, to print the
    /// translations in its lines and paragraphs.
    #[serde(skip)]
    pub breaks: Vec<Break>,
}

/// What separates a sentence from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// Same line (the first sentence has this too).
    Space,
    /// A new line of the same paragraph.
    Line,
    /// A new paragraph.
    Paragraph,
}

impl TextTranslation {
    /// The translations in the text's lines and paragraphs; with `originals`,
    /// each paragraph is followed by the original one, its lines quoted with `> `.
    pub fn text(&self, originals: bool) -> String {
        let translated = layout(&self.translations, &self.breaks);
        if !originals {
            return translated.join("\n\n");
        }
        let original = layout(&self.sentences, &self.breaks);
        let pairs = translated.iter().zip(&original).map(|(t, o)| {
            let quoted: Vec<String> = o.lines().map(|l| format!("> {l}")).collect();
            format!("{t}\n{}", quoted.join("\n"))
        });
        pairs.collect::<Vec<_>>().join("\n\n")
    }
}

/// `texts` (one per sentence) as paragraphs, their lines joined by newlines.
fn layout(texts: &[String], breaks: &[Break]) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    for (t, b) in texts.iter().zip(breaks) {
        match (paragraphs.last_mut(), b) {
            (Some(p), Break::Space) => {
                p.push(' ');
                p.push_str(t);
            }
            (Some(p), Break::Line) => {
                p.push('\n');
                p.push_str(t);
            }
            _ => paragraphs.push(t.clone()),
        }
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_translation_layout_table() {
        use Break::{Line, Paragraph, Space};
        // (breaks, with originals, text wanted); translations are the sentences upper-cased.
        let cases: [(&[Break], bool, &str); 4] = [
            (&[Paragraph], false, "A"),
            (&[Paragraph, Space, Line, Paragraph], false, "A B\nC\n\nD"),
            (&[Line, Paragraph], true, "A\n> a\n\nB\n> b"),
            (&[Paragraph, Line, Space], true, "A\nB C\n> a\n> b c"),
        ];
        for (breaks, originals, want) in cases {
            let sentences: Vec<String> = "abcd".chars().take(breaks.len()).map(String::from).collect();
            let t = TextTranslation {
                lang: Lang::Fr,
                to: Lang::En,
                translations: sentences.iter().map(|s| s.to_uppercase()).collect(),
                sentences,
                translated_by: None,
                breaks: breaks.to_vec(),
            };
            assert_eq!(t.text(originals), want, "{breaks:?}");
        }
    }
}
