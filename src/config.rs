//! One configuration for the whole pipeline, with a sub-struct per stage.
//! `Config::default()` is exactly what the command line does with no flags,
//! but for translation: the command line looks for Marian models when `--to`
//! differs from the article's language, the library translates only when told.
//! The binary builds a `Config` from its flags in one place (`cli/args.rs`).

use crate::lang::Lang;
use std::path::PathBuf;
use std::time::Duration;

/// Everything the pipeline can be told, stage by stage.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub read: ReadConfig,
    pub detect: DetectConfig,
    pub body: BodyConfig,
    pub rank: RankConfig,
    pub translate: TranslateConfig,
    pub render: RenderConfig,
}

/// How the input bytes are read.
#[derive(Debug, Clone)]
pub struct ReadConfig {
    /// Plain text, HTML, or sniff it.
    pub input: InputKind,
    /// Inputs larger than this are refused with [`crate::Error::TooLarge`].
    pub max_bytes: u64,
}

impl Default for ReadConfig {
    fn default() -> Self {
        ReadConfig { input: InputKind::Auto, max_bytes: 64 * 1024 * 1024 }
    }
}

/// What the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputKind {
    #[default]
    Auto,
    Text,
    Html,
}

/// Language detection.
#[derive(Debug, Clone, Default)]
pub struct DetectConfig {
    /// Skip detection and take this language (`--lang`).
    pub force: Option<Lang>,
}

/// Main-body extraction.
#[derive(Debug, Clone)]
pub struct BodyConfig {
    /// When false every block is kept (`abrege split` works on the text as given).
    pub enabled: bool,
    /// Trade precision for recall, like trafilatura's `favor_precision` / `favor_recall`.
    pub bias: Bias,
    /// Keep paragraphs in a third language (set when the user forces `--lang`).
    pub keep_foreign: bool,
}

impl Default for BodyConfig {
    fn default() -> Self {
        BodyConfig { enabled: true, bias: Bias::Balanced, keep_foreign: false }
    }
}

/// Which error the body stage prefers to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bias {
    Precision,
    #[default]
    Balanced,
    Recall,
}

/// Sentence selection.
#[derive(Debug, Clone)]
pub struct RankConfig {
    /// How long the summary is.
    pub length: Length,
    /// At most this many sentences (article order) enter the quadratic steps.
    pub max_candidates: usize,
    /// Take the first sentences in article order instead of the best
    /// scored ones: the Lead-k baseline that evaluations compare against.
    pub lead: bool,
}

impl Default for RankConfig {
    fn default() -> Self {
        RankConfig { length: Length::Sentences(3), max_candidates: 400, lead: false }
    }
}

/// The length asked for the summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// Exactly this many sentences (fewer if the article has fewer).
    Sentences(usize),
    /// As many sentences as fit in this many words (at least one).
    Words(usize),
    /// This fraction of the article's sentences (at least one).
    Ratio(f64),
}

/// Rendering of the summary.
#[derive(Debug, Clone, Default)]
pub struct RenderConfig {
    /// The output language; `None` means the article's.
    pub to: Option<Lang>,
    pub format: Format,
    /// Add the reasons of every decision.
    pub explain: bool,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Markdown,
    Json,
    /// A self-contained HTML report per article: the frame, the key points,
    /// every block kept or dropped with its reason, the sentence scores
    /// (`render::html`). Makes the pipeline collect the explanation.
    Html,
}

/// Translation of the title and picked sentences (only when `--to` differs
/// from the article's language). The default translates nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct TranslateConfig {
    pub backend: Backend,
    /// One Marian model's folder, or a folder holding `opus-mt-fr-en/` and
    /// `opus-mt-en-fr/`; the Hugging Face cache is searched after it (see `abrege models`).
    pub model_dir: Option<PathBuf>,
    /// Beams of the Marian search (1 = greedy); `None` takes the model's own setting.
    pub beams: Option<usize>,
    /// Base URL of a LibreTranslate-compatible server, e.g. `http://localhost:5000`.
    pub url: Option<String>,
    pub api_key: Option<String>,
    /// Longest wait for one HTTP request (connection, request and reply).
    pub timeout: Duration,
    /// Further attempts after a timeout, a refused connection, a 5xx or a 429.
    pub retries: u32,
    /// Show the original sentences under their translations.
    pub show_original: bool,
}

impl Default for TranslateConfig {
    fn default() -> Self {
        TranslateConfig {
            backend: Backend::None,
            model_dir: None,
            beams: None,
            url: None,
            api_key: None,
            timeout: Duration::from_secs(30),
            retries: 1,
            show_original: false,
        }
    }
}

/// Who translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    /// Quote the sentences in the article's language.
    #[default]
    None,
    /// Marian (opus-mt) models run offline, found in `model_dir` or the
    /// Hugging Face cache; needs the `marian` cargo feature.
    Marian,
    /// A LibreTranslate-compatible server.
    Http,
}
