//! One configuration for the whole pipeline, with a sub-struct per stage.
//! `Config::default()` is exactly what the command line does with no flags,
//! but for translation: the command line looks for Marian models when `--to`
//! differs from the article's language, the library translates only when told.
//! [`Options::config`] holds the rules that turn what a person asks (the
//! command line's flags, the Python package's keyword arguments) into a
//! `Config` for one task: both front ends call it, so the rules live once.

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
    /// The stage's thresholds and weights (`src/body/weights.txt`).
    pub weights: BodyWeights,
}

impl Default for BodyConfig {
    fn default() -> Self {
        BodyConfig { enabled: true, bias: Bias::Balanced, keep_foreign: false, weights: BodyWeights::default() }
    }
}

/// Declares [`BodyWeights`]: one `f64` field per knob, named as in the data
/// file, and the list of names in file order.
macro_rules! body_weights {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// The body stage's numbers: thresholds and weights that the rules
        /// (landmarks, cue lexicons, the end-of-article marker) are applied
        /// with. Read from `src/body/weights.txt`, fitted by
        /// `examples/fit_body.rs` (see `docs/body-fit.md`); counts are stored
        /// as numbers too and used rounded down.
        #[derive(Debug, Clone, PartialEq)]
        pub struct BodyWeights {
            $($(#[doc = $doc])* pub $name: f64,)*
        }

        impl BodyWeights {
            /// Every knob's name, in the data file's order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// The knob called `name`, to vary it.
            pub fn get_mut(&mut self, name: &str) -> Option<&mut f64> {
                match name {
                    $(stringify!($name) => Some(&mut self.$name),)*
                    _ => None,
                }
            }

            fn zero() -> BodyWeights {
                BodyWeights { $($name: 0.0,)* }
            }

            /// The value of the knob called `name`.
            pub fn get(&self, name: &str) -> Option<f64> {
                match name {
                    $(stringify!($name) => Some(self.$name),)*
                    _ => None,
                }
            }
        }
    };
}

body_weights! {
    /// Stopword density a block needs to vote for its ancestors (container search).
    vote_density,
    /// Non-space characters a block needs to vote.
    vote_chars,
    /// Weight of a positive or negative class/id (readability's 25 trusts class names too much here).
    class_weight,
    /// Share of the page's running text the container must hold (else it grows).
    min_share,
    /// Score, relative to the container's, that a sibling needs to join it.
    sibling_share,
    /// The least score a sibling needs to join the container.
    sibling_score,
    /// Score, relative to the best element's, that a section of the same template needs to join it.
    section_share,
    /// Share of the container's running text that makes an inner element part of the article.
    immune_share,
    /// Characters of a paragraph beside the container that joins it.
    sibling_para_chars,
    /// Link density under which such a paragraph joins.
    sibling_para_links,
    /// Characters of running text, per bias (precision, balanced, recall).
    good_chars_precision,
    good_chars_balanced,
    good_chars_recall,
    /// Stopword density of running text, per bias.
    good_density_precision,
    good_density_balanced,
    good_density_recall,
    /// Share of `good_chars` a paragraph inside `<article>` or `<main>` needs.
    article_chars_share,
    /// Characters of a block kept next to running text.
    near_chars,
    /// Stopword density of such a block.
    near_density,
    /// Link density over which a block is links.
    link_density,
    /// The same for a sentence inside the container.
    linked_sentence_density,
    /// Words of such a sentence.
    linked_sentence_words,
    /// Characters of a sentence that is a paragraph on a page that has none.
    fallback_chars,
    /// Bytes of a standfirst between the title and the container.
    standfirst_bytes,
    /// Blocks before and after a short one where running text is looked for.
    context_reach,
    /// Words in a short sentence kept for following a paragraph alone.
    closing_words,
    /// Words in a list item (the bullet counts as one).
    list_words,
    /// How far a list is followed to find its ends.
    list_reach,
    /// Most words of a subheading.
    heading_words,
    /// Blocks after an inline marker that are looked at to see the article resume.
    resume_window,
    /// Running-text blocks among them that resume it.
    resume_good,
    /// How many times more running text after a marker makes it an early one.
    early_ratio,
    /// Dropped blocks between two kept ones that part two groups (plain text).
    apart_gap,
    /// A group below this share of the largest group's text is apart.
    apart_share,
    /// Words of a sentence kept as a brief when nothing else is.
    brief_words,
}

impl BodyWeights {
    /// Reads `name value` lines (`#` comments); every knob must be there, once.
    pub fn parse(text: &str) -> Result<BodyWeights, String> {
        let mut w = BodyWeights::zero();
        let mut seen = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (name, value) = line.split_once(char::is_whitespace).ok_or_else(|| format!("no value: {line}"))?;
            let value: f64 = value.trim().parse().map_err(|_| format!("not a number: {line}"))?;
            let slot = w.get_mut(name).ok_or_else(|| format!("unknown knob: {name}"))?;
            if seen.contains(&name) {
                return Err(format!("twice: {name}"));
            }
            *slot = value;
            seen.push(name);
        }
        match BodyWeights::NAMES.iter().find(|n| !seen.contains(n)) {
            Some(missing) => Err(format!("missing knob: {missing}")),
            None => Ok(w),
        }
    }

    /// The knobs as `name value` lines, in [`BodyWeights::NAMES`] order.
    pub fn lines(&self) -> String {
        BodyWeights::NAMES.iter().map(|n| format!("{n} {}\n", self.get(n).unwrap_or(0.0))).collect()
    }
}

impl Default for BodyWeights {
    /// The fitted file, `src/body/weights.txt` (a unit test checks that it parses).
    fn default() -> Self {
        static FITTED: std::sync::OnceLock<BodyWeights> = std::sync::OnceLock::new();
        FITTED
            .get_or_init(|| BodyWeights::parse(BODY_WEIGHTS).unwrap_or_else(|e| panic!("src/body/weights.txt: {e}")))
            .clone()
    }
}

/// The body stage's fitted numbers.
pub const BODY_WEIGHTS: &str = include_str!("body/weights.txt");

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

/// Why a length cannot be chosen from the three ways of asking for one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LengthError {
    /// Words and a ratio were both given: they would contradict each other.
    WordsAndRatio,
    /// A ratio outside (0, 1]: no fraction of the sentences.
    Ratio(f64),
}

impl Length {
    /// The length asked by a count of sentences (the default way), a word
    /// budget or a ratio: words or a ratio replace the sentence count, which
    /// always has a value (its default) and so cannot conflict with them.
    pub fn choose(sentences: usize, words: Option<usize>, ratio: Option<f64>) -> Result<Length, LengthError> {
        match (words, ratio) {
            (Some(_), Some(_)) => Err(LengthError::WordsAndRatio),
            (Some(w), None) => Ok(Length::Words(w)),
            (None, Some(r)) if r > 0.0 && r <= 1.0 => Ok(Length::Ratio(r)),
            (None, Some(r)) => Err(LengthError::Ratio(r)),
            (None, None) => Ok(Length::Sentences(sentences)),
        }
    }
}

/// Which entry point a front end runs: it decides which options apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Summarize,
    Detect,
    Extract,
    Split,
    /// `abrege translate`: the whole text, as given, in the `to` language.
    TranslateText,
}

/// Everything a person can ask, by name, whatever the task; [`Options::config`]
/// keeps what applies to the task. `Options::default()` is the command line
/// with no flags (and its Marian look-up is a `translate` setting, see there).
#[derive(Debug, Clone)]
pub struct Options {
    /// `--input`: how a text is read.
    pub input: InputKind,
    /// `--max-bytes`.
    pub max_bytes: u64,
    /// `--lang`: the article's language, forced; `None` detects it.
    pub lang: Option<Lang>,
    /// `--to`: the language of the frame (and of translations); `None` is the article's.
    pub to: Option<Lang>,
    /// `-n`, `--words`, `--ratio` (see [`Length::choose`]).
    pub length: Length,
    /// `--precision` / `--recall`.
    pub bias: Bias,
    /// `--explain`.
    pub explain: bool,
    /// `--format`.
    pub format: Format,
    /// The translation settings (backend, models, server).
    pub translate: TranslateConfig,
}

impl Default for Options {
    fn default() -> Self {
        let cfg = Config::default();
        Options {
            input: cfg.read.input,
            max_bytes: cfg.read.max_bytes,
            lang: cfg.detect.force,
            to: cfg.render.to,
            length: cfg.rank.length,
            bias: cfg.body.bias,
            explain: cfg.render.explain,
            format: cfg.render.format,
            translate: cfg.translate,
        }
    }
}

impl Options {
    /// The configuration of `task`. The length belongs to summaries; `to`
    /// and the translation to summaries and to `translate`; the bias and
    /// `explain` to the tasks that extract a body (summaries, `extract`);
    /// `split` and `translate` read the text as given (no body stage); a
    /// forced language also keeps paragraphs in a third one, which detection
    /// would have dropped as foreign.
    pub fn config(&self, task: Task) -> Config {
        let defaults = Config::default();
        let body_task = matches!(task, Task::Summarize | Task::Extract);
        let translates = matches!(task, Task::Summarize | Task::TranslateText);
        Config {
            read: ReadConfig { input: self.input, max_bytes: self.max_bytes },
            detect: DetectConfig { force: self.lang },
            body: BodyConfig {
                enabled: !matches!(task, Task::Split | Task::TranslateText),
                bias: if body_task { self.bias } else { defaults.body.bias },
                keep_foreign: self.lang.is_some(),
                ..defaults.body
            },
            rank: RankConfig {
                length: if task == Task::Summarize { self.length } else { defaults.rank.length },
                ..defaults.rank
            },
            translate: if translates { self.translate.clone() } else { defaults.translate },
            render: RenderConfig {
                to: if translates { self.to } else { None },
                format: self.format,
                explain: body_task && self.explain,
            },
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_options_is_the_default_config() {
        let cfg = Options::default().config(Task::Summarize);
        assert_eq!(format!("{cfg:?}"), format!("{:?}", Config::default()));
    }

    #[test]
    fn length_choice_table() {
        type Row = (usize, Option<usize>, Option<f64>, Result<Length, LengthError>);
        let table: [Row; 6] = [
            (3, None, None, Ok(Length::Sentences(3))),
            (5, Some(80), None, Ok(Length::Words(80))),
            (5, None, Some(0.2), Ok(Length::Ratio(0.2))),
            (3, None, Some(1.0), Ok(Length::Ratio(1.0))),
            (3, Some(80), Some(0.2), Err(LengthError::WordsAndRatio)),
            (3, None, Some(0.0), Err(LengthError::Ratio(0.0))),
        ];
        for (sentences, words, ratio, want) in table {
            assert_eq!(Length::choose(sentences, words, ratio), want, "{sentences} {words:?} {ratio:?}");
        }
        assert_eq!(Length::choose(3, None, Some(1.5)), Err(LengthError::Ratio(1.5)));
    }

    /// Which option reaches which task, on a French article summarized in English ("fr" forced).
    #[test]
    fn options_by_task_table() {
        let opts = Options {
            input: InputKind::Html,
            max_bytes: 1000,
            lang: Some(Lang::Fr),
            to: Some(Lang::En),
            length: Length::Words(80),
            bias: Bias::Recall,
            explain: true,
            format: Format::Json,
            translate: TranslateConfig { backend: Backend::Http, ..TranslateConfig::default() },
        };
        let default_length = RankConfig::default().length;
        // task, body on, bias, explain, length, to, backend
        let table = [
            (Task::Summarize, true, Bias::Recall, true, Length::Words(80), Some(Lang::En), Backend::Http),
            (Task::Extract, true, Bias::Recall, true, default_length, None, Backend::None),
            (Task::Detect, true, Bias::Balanced, false, default_length, None, Backend::None),
            (Task::Split, false, Bias::Balanced, false, default_length, None, Backend::None),
            (Task::TranslateText, false, Bias::Balanced, false, default_length, Some(Lang::En), Backend::Http),
        ];
        for (task, enabled, bias, explain, length, to, backend) in table {
            let cfg = opts.config(task);
            let got = (cfg.body.enabled, cfg.body.bias, cfg.render.explain, cfg.rank.length, cfg.render.to);
            assert_eq!(got, (enabled, bias, explain, length, to), "{task:?}");
            assert_eq!(cfg.translate.backend, backend, "{task:?}");
            // What every task reads the same way.
            let same = (cfg.read.input, cfg.read.max_bytes, cfg.detect.force, cfg.body.keep_foreign, cfg.render.format);
            assert_eq!(same, (InputKind::Html, 1000, Some(Lang::Fr), true, Format::Json), "{task:?}");
        }
        // Detection alone keeps no foreign paragraphs.
        assert!(!Options::default().config(Task::Summarize).body.keep_foreign);
    }
}
