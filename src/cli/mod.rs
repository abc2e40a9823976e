//! The command's work: gather inputs, run the library on each, write answers.

pub mod args;
mod batch;
mod inputs;
mod jsonl;
mod manifest;
mod models;
mod report;
mod request;

use abrege::answer::{Extract, Split, Summary, TextTranslation};
use abrege::{Config, Detection, Error, Format, Lang};
use args::{Cli, Command};
use std::io::{self, Write};

/// How the run went, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    AllOk,
    SomeFailed,
    /// The paths held no file (empty folders, or none matching `--glob`).
    NoInput,
}

/// What the user asked for: the library's tasks, whose rules also pick the options that apply.
pub use abrege::config::Task;

/// One input's answer; it serializes as the inner answer's object.
#[derive(serde::Serialize)]
#[serde(untagged)]
pub enum Answer {
    Summary(Box<Summary>),
    Detection(Detection),
    Extract(Extract),
    Split(Split),
    Translation(TextTranslation),
}

/// Runs one task on one input: a file's bytes (owned: the pipeline drops them
/// once decoded) or a JSON line's text (borrowed).
pub fn answer<'a>(task: Task, bytes: impl Into<std::borrow::Cow<'a, [u8]>>, cfg: &Config) -> Result<Answer, Error> {
    Ok(match task {
        Task::Summarize => Answer::Summary(Box::new(abrege::summarize(bytes, cfg)?)),
        Task::Detect => Answer::Detection(abrege::detect(bytes, cfg)?),
        Task::Extract => Answer::Extract(abrege::extract(bytes, cfg)?),
        Task::Split => Answer::Split(abrege::split(bytes, cfg)?),
        Task::TranslateText => Answer::Translation(abrege::translate_text(bytes, cfg)?),
    })
}

impl Answer {
    /// The answer as a JSON value (an object).
    pub fn to_json(&self) -> serde_json::Value {
        let v = match self {
            Answer::Summary(s) => serde_json::to_value(s),
            Answer::Detection(d) => serde_json::to_value(d),
            Answer::Extract(e) => serde_json::to_value(e),
            Answer::Split(s) => serde_json::to_value(s),
            Answer::Translation(t) => serde_json::to_value(t),
        };
        v.expect("answers are plain data and always serialize")
    }

    /// The answer as text (or Markdown for summaries).
    pub fn to_text(&self, cfg: &Config) -> String {
        match self {
            Answer::Summary(s) if cfg.render.format == Format::Html => abrege::render::html::summary_page(s),
            Answer::Extract(e) if cfg.render.format == Format::Html => abrege::render::html::extract_page(e),
            Answer::Summary(s) => {
                let mut text = s.rendered.clone();
                if cfg.render.explain {
                    text.push_str(&abrege::render::render_explain(s, cfg.render.format));
                }
                text
            }
            Answer::Detection(d) => match d.other {
                Some((_, name)) => format!("{} {} ({name})\n", d.code(), d.confidence),
                None => format!("{} {}\n", d.code(), d.confidence),
            },
            Answer::Extract(e) => {
                let mut text = String::new();
                if let Some(t) = &e.title {
                    text.push_str(t);
                    text.push_str("\n\n");
                }
                text.push_str(&e.body);
                text.push('\n');
                if let Some(decisions) = &e.explain {
                    let lang = Lang::from_code(e.lang).unwrap_or(Lang::En);
                    text.push('\n');
                    text.push_str(&abrege::render::render_decisions(decisions, lang, cfg.render.format));
                }
                text
            }
            Answer::Split(s) => s.sentences.iter().map(|s| format!("{s}\n")).collect(),
            Answer::Translation(t) => format!("{}\n", t.text(cfg.translate.show_original)),
        }
    }
}

/// Whether an error is the reader closing our output pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// Whether standard output was closed when the process started (`abrege … >&-`).
/// Rust's runtime reopens a closed standard stream on /dev/null before `main`,
/// so the answers would vanish with exit 0; this function runs earlier, from
/// the ELF init array, while fd 1 is still as the shell left it.
#[cfg(target_os = "linux")]
mod closed_stdout {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn check() {
        // SAFETY: F_GETFD only reads the descriptor's flags; -1 means no such descriptor.
        let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
        CLOSED.store(closed, Ordering::Relaxed);
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static CHECK: extern "C" fn() = check;

    pub fn was_closed() -> bool {
        CLOSED.load(Ordering::Relaxed)
    }
}

#[cfg(not(target_os = "linux"))]
mod closed_stdout {
    pub fn was_closed() -> bool {
        false
    }
}

/// Fixes glibc's threshold for serving an allocation by its own mapping at
/// 256 KiB. By default the threshold rises to the size of each such block
/// freed (up to 32 MiB): once the vocabulary's tables had grown a few times,
/// tables of a few hundred KiB came from the threads' arenas, where a freed
/// one left a hole that stays resident. On a 200 MB `--jsonl` stream at -j 2
/// that was about 2 MB of the peak (17.1 → 15.2 MB). Page-sized articles
/// (HTML pages are about 185 KiB) stay under it, in the arenas.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tame_allocator() {
    // SAFETY: mallopt only sets a malloc parameter; called before any thread is started.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tame_allocator() {}

/// Runs the command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    tame_allocator();
    let to_files = match &cli.command {
        None => cli.summarize.input.out_dir.is_some(),
        Some(Command::Extract(e)) => e.input.out_dir.is_some(),
        Some(Command::Detect(i) | Command::Split(i)) => i.out_dir.is_some(),
        _ => false,
    };
    if !to_files && closed_stdout::was_closed() {
        anyhow::bail!(
            "standard output is closed (`>&-`), so the answers would be lost: \
             redirect it to a file, or to /dev/null to discard them"
        );
    }
    let (task, input, cfg) = match &cli.command {
        None => {
            let s = &cli.summarize;
            (Task::Summarize, &s.input, args::config(&s.input, Some(&s.body), Some(s), true))
        }
        Some(Command::Detect(i)) => (Task::Detect, i, args::config(i, None, None, true)),
        Some(Command::Extract(e)) => (Task::Extract, &e.input, args::config(&e.input, Some(&e.body), None, true)),
        Some(Command::Split(i)) => (Task::Split, i, args::config(i, None, None, false)),
        Some(Command::Translate(t)) => (Task::TranslateText, &t.input, args::translate_text_config(t)),
        #[cfg(feature = "eval")]
        Some(Command::Eval(e)) => return run_eval(e),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "abrege", &mut io::stdout().lock());
            return Ok(Outcome::AllOk);
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut io::stdout().lock())?;
            return Ok(Outcome::AllOk);
        }
        Some(Command::Models(m)) => return models::run(m),
    };
    if cfg.render.format == Format::Html {
        if matches!(task, Task::Detect | Task::Split | Task::TranslateText) {
            anyhow::bail!(
                "--format html makes reports of summaries and of `extract`, not of `detect`, `split` or `translate`"
            );
        }
        if input.jsonl {
            anyhow::bail!("--format html writes one page per article; --jsonl writes JSON lines: choose one");
        }
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(input.jobs).build()?;
    // The driving closure runs on a pool thread, so it takes the stdout lock itself.
    pool.install(|| {
        let mut out = io::BufWriter::new(io::stdout().lock());
        if input.jsonl {
            let outcome = jsonl::run(task, &input.paths, &input.glob, &cfg, &mut out)?;
            out.flush()?;
            return Ok(outcome);
        }
        let b =
            batch::Batch { task, cfg: &cfg, out_dir: input.out_dir.as_deref(), force: input.force, quiet: input.quiet };
        let outcome = batch::run(&b, &input.paths, &input.glob, &mut out)?;
        out.flush()?;
        Ok(outcome)
    })
}

#[cfg(feature = "eval")]
/// `abrege eval`: prints the scorer's JSON; exit 1 when a floor is not met.
fn run_eval(e: &args::EvalArgs) -> anyhow::Result<Outcome> {
    use abrege::eval;
    let kind = match e.kind {
        args::EvalKind::Detect => eval::Kind::Detect,
        args::EvalKind::Split => eval::Kind::Split,
        args::EvalKind::Body => eval::Kind::Body,
        args::EvalKind::Summarize => eval::Kind::Summarize,
    };
    let input = match e.input {
        args::EvalInput::Html => abrege::InputKind::Html,
        args::EvalInput::Text => abrege::InputKind::Text,
    };
    let opts = eval::Options {
        pred: e.pred.clone(),
        write_pred: e.write_pred.clone(),
        sentences: e.sentences,
        input,
        folds: e.folds == Some(args::EvalFolds::Source),
        fold_weights: e.fold_weights.clone(),
        weights: match &e.weights {
            Some(path) => Some(
                abrege::config::BodyWeights::parse(&std::fs::read_to_string(path)?)
                    .map_err(|m| anyhow::anyhow!("{}: {m}", path.display()))?,
            ),
            None => None,
        },
    };
    let result = eval::evaluate(kind, &e.gold, &opts)?;
    let mut out = io::stdout().lock();
    writeln!(out, "{}", eval::to_python_json(kind, &result))?;
    let failures = eval::below_floors(&result, &e.floor);
    for f in &failures {
        eprintln!("abrege: eval: {f}");
    }
    Ok(if failures.is_empty() { Outcome::AllOk } else { Outcome::SomeFailed })
}
