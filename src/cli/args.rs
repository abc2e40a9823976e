//! Command-line flags (clap derive), read into the library's [`Options`], whose
//! rules make the [`Config`] of each command.

use abrege::config::{Options, ReadConfig, Task};
use abrege::{Backend, Bias, Config, Format, InputKind, Lang, Length, TranslateConfig};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Summarize a French or English news article, from text or saved HTML, in French or English.
#[derive(Debug, Parser)]
#[command(name = "abrege", version, about, args_conflicts_with_subcommands = true)]
#[command(
    after_help = "Exit codes: 0 all inputs done, 1 some inputs failed, 2 usage or fatal error, 3 no input found."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub summarize: SummarizeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Detect the language of each input: fr, en or und, with a confidence.
    Detect(InputArgs),
    /// Print the main body of each input (title, then the kept paragraphs).
    Extract(ExtractArgs),
    /// Print the sentences of each input as given (no body extraction).
    Split(InputArgs),
    /// Translate each input as given (no body extraction), sentence by sentence, keeping its paragraphs.
    Translate(TranslateTextArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
    /// Score abrege (or given predictions) against gold data, as the project's Python scorers do
    /// (only in a build with `--features eval`).
    #[cfg(feature = "eval")]
    Eval(EvalArgs),
    /// Which translation models are found where; `abrege models fetch` downloads them.
    Models(ModelsArgs),
}

/// `abrege models [fetch PAIR…]`.
#[derive(Debug, Args, Clone)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ModelsArgs {
    #[command(subcommand)]
    pub command: Option<ModelsCommand>,
    /// A model's folder, or a folder holding opus-mt-fr-en/ and opus-mt-en-fr/, looked in first.
    #[arg(long, env = "ABREGE_MODEL_DIR", value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand, Clone)]
pub enum ModelsCommand {
    /// Download Helsinki-NLP's opus-mt models (both directions by default) from the Hugging Face hub
    /// into its cache (HF_HUB_CACHE or HF_HOME; HF_ENDPOINT and HF_TOKEN are honoured); an interrupted
    /// download resumes.
    Fetch {
        /// The directions to fetch.
        #[arg(value_enum, value_name = "PAIR")]
        pairs: Vec<PairArg>,
    },
}

/// A translation direction.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PairArg {
    #[value(name = "fr-en")]
    FrEn,
    #[value(name = "en-fr")]
    EnFr,
}

impl PairArg {
    pub fn langs(self) -> (Lang, Lang) {
        match self {
            PairArg::FrEn => (Lang::Fr, Lang::En),
            PairArg::EnFr => (Lang::En, Lang::Fr),
        }
    }
}

/// `abrege translate`.
#[derive(Debug, Args, Clone)]
pub struct TranslateTextArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The language to translate into; auto = the other one (French ↔ English).
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub to: LangArg,
    #[command(flatten)]
    pub translate: TranslateArgs,
}

/// `abrege eval KIND GOLD.jsonl`.
#[cfg(feature = "eval")]
#[derive(Debug, Args, Clone)]
pub struct EvalArgs {
    /// Which stage to evaluate.
    #[arg(value_enum)]
    pub kind: EvalKind,
    /// The gold JSONL file.
    pub gold: PathBuf,
    /// Score these predictions (JSONL) instead of abrege's own.
    #[arg(long, value_name = "FILE")]
    pub pred: Option<PathBuf>,
    /// Write abrege's predictions to this file (to run the Python scorer on them).
    #[arg(long, value_name = "FILE")]
    pub write_pred: Option<PathBuf>,
    /// Summary length, for `summarize`.
    #[arg(short = 'n', long, default_value_t = 3)]
    pub sentences: usize,
    /// Fail (exit 1) when a metric is under a floor: `--floor all=0.95`, `--floor fr.f1=0.9`.
    #[arg(long, value_name = "METRIC=MIN", value_parser = parse_floor)]
    pub floor: Vec<(String, f64)>,
    /// For `body`: score the page's HTML or its plain-text render.
    #[arg(long, value_enum, default_value_t = EvalInput::Html)]
    pub input: EvalInput,
    /// For `body`: leave one source out (fit the body weights without each
    /// source, score it with them) and print `{"folds": …, "plain": …}`. Takes minutes.
    #[arg(long, value_enum, value_name = "BY")]
    pub folds: Option<EvalFolds>,
    /// With `--folds`: save each fold's weights in this folder (`SOURCE.txt`),
    /// and read them back instead of fitting again when they are there.
    #[arg(long, value_name = "DIR", requires = "folds")]
    pub fold_weights: Option<PathBuf>,
    /// For `body`: predict with this weights file (as `src/body/weights.txt`) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
}

/// How `abrege eval body --folds` parts the gold pages.
#[cfg(feature = "eval")]
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EvalFolds {
    /// One fold per `source` of the gold file.
    Source,
}

/// Which render of a gold page `abrege eval body` reads.
#[cfg(feature = "eval")]
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EvalInput {
    Html,
    Text,
}

#[cfg(feature = "eval")]
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EvalKind {
    Detect,
    Split,
    Body,
    Summarize,
}

#[cfg(feature = "eval")]
fn parse_floor(s: &str) -> Result<(String, f64), String> {
    let (name, value) = s.rsplit_once('=').ok_or_else(|| format!("`{s}` is not METRIC=MIN"))?;
    let value = value.parse().map_err(|_| format!("`{value}` is not a number"))?;
    Ok((name.to_string(), value))
}

/// Inputs and their reading, shared by every command.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Files or folders to read; none or `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Input lines are JSON objects {"id": …, "text": …} or {"id": …, "html": …}; one output line each.
    #[arg(long)]
    pub jsonl: bool,
    /// What the input is.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    pub input: InputArg,
    /// The article's language, when detection should be skipped.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = ReadConfig::default().max_bytes, value_name = "BYTES", value_parser = parse_bytes)]
    pub max_bytes: u64,
    /// In folders, only files whose path (relative to the folder) matches; repeatable.
    #[arg(long, value_name = "PATTERN")]
    pub glob: Vec<String>,
    /// Worker threads; 0 = one per core (at most 1024: each thread is a stack to set up).
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=MAX_JOBS as u64))]
    pub jobs: usize,
    /// Write one output file per input here, mirroring the input tree, instead of standard output
    /// (not with --jsonl, whose answers are one stream on standard output).
    #[arg(short = 'o', long, value_name = "DIR", conflicts_with = "jsonl")]
    pub out_dir: Option<PathBuf>,
    /// With --out-dir: redo inputs whose output is newer than them.
    #[arg(long, requires = "out_dir", conflicts_with = "jsonl")]
    pub force: bool,
    /// No progress bar and no final report (errors are still printed).
    #[arg(short = 'q', long)]
    pub quiet: bool,
}

/// Body extraction flags.
#[derive(Debug, Args, Clone)]
pub struct BodyArgs {
    /// Show every decision: blocks kept or dropped and why, sentence scores.
    #[arg(long)]
    pub explain: bool,
    /// Prefer dropping doubtful blocks (less boilerplate, maybe less article).
    #[arg(long, conflicts_with = "recall")]
    pub precision: bool,
    /// Prefer keeping doubtful blocks (more article, maybe some boilerplate).
    #[arg(long)]
    pub recall: bool,
}

#[derive(Debug, Args, Clone)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub body: BodyArgs,
}

#[derive(Debug, Args, Clone)]
pub struct SummarizeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub body: BodyArgs,
    /// Language of the summary's frame; auto = the article's.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub to: LangArg,
    /// Number of sentences in the summary (at least 1).
    #[arg(short = 'n', long, default_value_t = 3, value_name = "N", conflicts_with_all = ["words", "ratio"],
          value_parser = at_least_one)]
    pub sentences: usize,
    /// Summary length in words instead (at least one sentence).
    #[arg(long, value_name = "N", conflicts_with = "ratio", value_parser = at_least_one)]
    pub words: Option<usize>,
    /// Summary length as a fraction of the article's sentences (0 < R ≤ 1).
    #[arg(long, value_name = "R", value_parser = parse_ratio)]
    pub ratio: Option<f64>,
    #[command(flatten)]
    pub translate: TranslateArgs,
}

/// Translation flags; each can also come from the environment.
#[derive(Debug, Args, Clone)]
pub struct TranslateArgs {
    /// Who translates when --to differs from the article's language. Default: http when a URL is set,
    /// else marian (the models found in --model-dir or the Hugging Face cache; see `abrege models`).
    #[arg(long, value_enum, env = "ABREGE_TRANSLATE", value_name = "BACKEND")]
    pub translate: Option<BackendArg>,
    /// A Marian model's folder, or a folder holding opus-mt-fr-en/ and opus-mt-en-fr/ (looked in before
    /// the Hugging Face cache).
    #[arg(long, env = "ABREGE_MODEL_DIR", value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
    /// Beams of the Marian search, 1 = greedy; default: the model's own setting.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub beams: Option<u16>,
    /// Address of a LibreTranslate-compatible server, e.g. http://localhost:5000.
    #[arg(long, env = "ABREGE_TRANSLATE_URL", value_name = "URL")]
    pub translate_url: Option<String>,
    /// API key for the translation server.
    #[arg(long, env = "ABREGE_API_KEY", hide_env_values = true, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Give up on one request to the translation server after this many seconds.
    #[arg(long, value_name = "SECS", value_parser = parse_seconds,
          default_value_t = TranslateConfig::default().timeout.as_secs_f64())]
    pub translate_timeout: f64,
    /// Try a failed request to the translation server again this many times (timeouts, 5xx, no connection).
    #[arg(long, value_name = "N", default_value_t = TranslateConfig::default().retries)]
    pub translate_retries: u32,
    /// Show the originals under their translations: each key point (also with --explain), or each paragraph
    /// of `abrege translate`.
    #[arg(long)]
    pub show_original: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum BackendArg {
    None,
    Marian,
    Http,
}

/// The most worker threads `-j` takes: more only costs time to start them
/// (`-j 100000` took a minute before the first input).
pub const MAX_JOBS: usize = 1024;

/// A summary length: 0 would be an empty summary, which no one asks for.
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("a summary needs at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{s}` is not a whole number")),
    }
}

/// A byte count: `1000000` or `1e6` (a whole number either way).
fn parse_bytes(s: &str) -> Result<u64, String> {
    if let Ok(n) = s.parse::<u64>() {
        return Ok(n);
    }
    match s.parse::<f64>() {
        Ok(x) if x >= 0.0 && x.fract() == 0.0 && x < 1.8e19 => Ok(x as u64),
        _ => Err(format!("`{s}` is not a whole number of bytes (e.g. 1000000 or 1e6)")),
    }
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if x > 0.0 && x <= 3600.0 { Ok(x) } else { Err(format!("{x} is not in (0, 3600] seconds")) }
}

fn parse_ratio(s: &str) -> Result<f64, String> {
    let r: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if r > 0.0 && r <= 1.0 { Ok(r) } else { Err(format!("{r} is not in (0, 1]")) }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InputArg {
    Auto,
    Text,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LangArg {
    Auto,
    Fr,
    En,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    Text,
    Markdown,
    Json,
    /// A self-contained HTML report (summaries and `extract`): every block kept or dropped and why.
    Html,
}

impl LangArg {
    fn lang(self) -> Option<Lang> {
        match self {
            LangArg::Auto => None,
            LangArg::Fr => Some(Lang::Fr),
            LangArg::En => Some(Lang::En),
        }
    }
}

pub fn parse() -> Cli {
    Cli::parse()
}

/// The configuration that the flags ask for; no flags gives `Config::default()`
/// (but for the Marian look-up). The rules of which flag reaches which task
/// are the library's ([`Options::config`]); this function only reads the flags.
pub fn config(input: &InputArgs, body: Option<&BodyArgs>, summary: Option<&SummarizeArgs>, body_on: bool) -> Config {
    let task = match (summary, body, body_on) {
        (Some(_), _, _) => Task::Summarize,
        (None, Some(_), _) => Task::Extract,
        (None, None, true) => Task::Detect,
        (None, None, false) => Task::Split,
    };
    options(input, body, summary).config(task)
}

/// The configuration of `abrege translate`: the text as given, `--to`, the backend.
pub fn translate_text_config(t: &TranslateTextArgs) -> Config {
    let opts = Options { to: t.to.lang(), translate: translate_config(&t.translate), ..options(&t.input, None, None) };
    opts.config(Task::TranslateText)
}

/// The options the flags give, whatever the task.
fn options(input: &InputArgs, body: Option<&BodyArgs>, summary: Option<&SummarizeArgs>) -> Options {
    let defaults = Options::default();
    let bias = match body {
        Some(b) if b.precision => Bias::Precision,
        Some(b) if b.recall => Bias::Recall,
        _ => Bias::Balanced,
    };
    Options {
        input: match input.input {
            InputArg::Auto => InputKind::Auto,
            InputArg::Text => InputKind::Text,
            InputArg::Html => InputKind::Html,
        },
        max_bytes: input.max_bytes,
        lang: input.lang.lang(),
        to: summary.and_then(|s| s.to.lang()),
        // clap refuses --words with --ratio and a ratio outside (0, 1] (`parse_ratio`).
        length: summary.map_or(defaults.length, |s| {
            Length::choose(s.sentences, s.words, s.ratio).expect("the flags' parsers refuse bad lengths")
        }),
        bias,
        explain: body.is_some_and(|b| b.explain),
        format: match input.format {
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Json => Format::Json,
            FormatArg::Html => Format::Html,
        },
        translate: summary.map(|s| translate_config(&s.translate)).unwrap_or_default(),
    }
}

fn translate_config(t: &TranslateArgs) -> TranslateConfig {
    let backend = match (t.translate, &t.translate_url) {
        (Some(BackendArg::None), _) => Backend::None,
        (Some(BackendArg::Marian), _) => Backend::Marian,
        (Some(BackendArg::Http), _) => Backend::Http,
        (None, Some(_)) => Backend::Http,
        // Translated when a model is found, else a warning says how to get one.
        (None, None) => Backend::Marian,
    };
    TranslateConfig {
        backend,
        model_dir: t.model_dir.clone(),
        beams: t.beams.map(usize::from),
        url: t.translate_url.clone(),
        api_key: t.api_key.clone(),
        timeout: std::time::Duration::from_secs_f64(t.translate_timeout),
        retries: t.translate_retries,
        show_original: t.show_original,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_flags_is_the_default_config() {
        let cli = Cli::try_parse_from(["abrege"]).unwrap();
        let s = &cli.summarize;
        let cfg = config(&s.input, Some(&s.body), Some(s), true);
        // The command line looks for Marian models; the library translates only when told.
        let mut def = Config::default();
        def.translate.backend = Backend::Marian;
        assert_eq!(format!("{cfg:?}"), format!("{def:?}"));
    }

    #[test]
    fn flags_table() {
        let cli = Cli::try_parse_from(["abrege", "--to", "en", "-n", "5", "--format", "json", "--lang", "fr"]).unwrap();
        let s = &cli.summarize;
        let cfg = config(&s.input, Some(&s.body), Some(s), true);
        assert_eq!(cfg.render.to, Some(Lang::En));
        assert_eq!(cfg.rank.length, Length::Sentences(5));
        assert_eq!(cfg.render.format, Format::Json);
        assert_eq!(cfg.detect.force, Some(Lang::Fr));
        assert!(Cli::try_parse_from(["abrege", "--ratio", "2"]).is_err());
        assert!(Cli::try_parse_from(["abrege", "-n", "2", "--words", "50"]).is_err());
        for bad in [&["-n", "0"][..], &["--words", "0"], &["-j", "100000"], &["-n", "x"]] {
            assert!(Cli::try_parse_from(["abrege"].iter().chain(bad)).is_err(), "{bad:?}");
        }
        assert!(Cli::try_parse_from(["abrege", "-j", "1024", "-n", "1", "--words", "1"]).is_err());
        assert!(Cli::try_parse_from(["abrege", "-j", "1024", "--words", "1"]).is_ok());
        for (arg, want) in [("3e8", Some(300_000_000)), ("1000", Some(1000)), ("1.5", None), ("-1", None), ("x", None)]
        {
            let cli = Cli::try_parse_from(["abrege", "--max-bytes", arg]);
            assert_eq!(cli.ok().map(|c| c.summarize.input.max_bytes), want, "{arg}");
        }
        // --jsonl answers on standard output: an output folder would be silently ignored.
        assert!(Cli::try_parse_from(["abrege", "--jsonl", "-o", "out", "in.jsonl"]).is_err());
        assert!(Cli::try_parse_from(["abrege", "--jsonl", "--force", "in.jsonl"]).is_err());
        #[cfg(feature = "eval")]
        {
            let cli = Cli::try_parse_from(["abrege", "eval", "body", "g.jsonl", "--floor", "lang=fr.F1=0.9"]).unwrap();
            assert!(matches!(cli.command, Some(Command::Eval(ref e)) if e.floor == [("lang=fr.F1".to_string(), 0.9)]));
            let folds = ["abrege", "eval", "body", "g.jsonl", "--folds", "source", "--fold-weights", "d"];
            let cli = Cli::try_parse_from(folds).unwrap();
            assert!(matches!(cli.command, Some(Command::Eval(ref e)) if e.folds == Some(EvalFolds::Source)));
            // Saved fold weights mean nothing without folds.
            assert!(Cli::try_parse_from(["abrege", "eval", "body", "g.jsonl", "--fold-weights", "d"]).is_err());
        }
        let cfg = |args: &[&str]| {
            let cli = Cli::try_parse_from(args).unwrap();
            let s = &cli.summarize;
            config(&s.input, Some(&s.body), Some(s), true).translate
        };
        let t = cfg(&["abrege", "--translate-url", "http://localhost:5000", "--translate-timeout", "0.5"]);
        assert_eq!(t.backend, Backend::Http);
        assert_eq!(t.timeout, std::time::Duration::from_millis(500));
        assert_eq!(cfg(&["abrege", "--model-dir", "models"]).backend, Backend::Marian);
        assert_eq!(cfg(&["abrege", "--beams", "4"]).beams, Some(4));
        assert!(Cli::try_parse_from(["abrege", "--beams", "0"]).is_err());
        let cli = Cli::try_parse_from(["abrege", "translate", "--to", "en", "--beams", "1", "-"]).unwrap();
        let Some(Command::Translate(ref t)) = cli.command else { panic!("{cli:?}") };
        let text_cfg = translate_text_config(t);
        let got = (text_cfg.render.to, text_cfg.translate.beams, text_cfg.body.enabled);
        assert_eq!(got, (Some(Lang::En), Some(1), false));
        let cli = Cli::try_parse_from(["abrege", "models", "fetch", "en-fr"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Models(ModelsArgs { command: Some(ModelsCommand::Fetch { ref pairs }), .. })) if pairs == &[PairArg::EnFr])
        );
        assert!(Cli::try_parse_from(["abrege", "models", "fetch", "de-en"]).is_err());
        assert_eq!(cfg(&["abrege", "--model-dir", "m", "--translate", "none"]).backend, Backend::None);
        let t =
            cfg(&["abrege", "--translate", "http", "--api-key", "k", "--translate-retries", "0", "--show-original"]);
        assert_eq!((t.backend, t.api_key.as_deref(), t.retries, t.show_original), (Backend::Http, Some("k"), 0, true));
        assert!(Cli::try_parse_from(["abrege", "--translate-timeout", "0"]).is_err());
        assert!(Cli::try_parse_from(["abrege", "--translate", "google"]).is_err());
        let cli = Cli::try_parse_from(["abrege", "extract", "--explain", "page.html"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Extract(ref e)) if e.body.explain && e.input.paths.len() == 1));
    }
}
