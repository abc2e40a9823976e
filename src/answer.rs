//! The answers the pipeline gives and the renderer and callers read:
//! [`Summary`], [`Extract`] and [`Split`], with their parts.
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
    pub blocks: Vec<Decision>,
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
    pub explain: Option<Vec<Decision>>,
}

/// The sentences of a text as given (`abrege split`).
#[derive(Debug, Clone, Serialize)]
pub struct Split {
    /// `fr`, `en` or `und`.
    pub lang: &'static str,
    pub sentences: Vec<String>,
}
