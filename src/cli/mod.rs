//! The command's work: gather inputs, run the library on each, write answers.

pub mod args;
mod inputs;
mod jsonl;

use abrege::pipeline::{Extract, Split, Summary};
use abrege::{Config, Detection, Error, Format, Lang};
use args::{Cli, Command};
use std::io::{self, Write};

/// How the run went, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    AllOk,
    SomeFailed,
}

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Summarize,
    Detect,
    Extract,
    Split,
}

/// One input's answer.
pub enum Answer {
    Summary(Box<Summary>),
    Detection(Detection),
    Extract(Extract),
    Split(Split),
}

/// Runs one task on one input.
pub fn answer(task: Task, bytes: &[u8], cfg: &Config) -> Result<Answer, Error> {
    Ok(match task {
        Task::Summarize => Answer::Summary(Box::new(abrege::summarize(bytes, cfg)?)),
        Task::Detect => Answer::Detection(abrege::detect(bytes, cfg)?),
        Task::Extract => Answer::Extract(abrege::extract(bytes, cfg)?),
        Task::Split => Answer::Split(abrege::split(bytes, cfg)?),
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
        };
        v.expect("answers are plain data and always serialize")
    }

    /// The answer as text (or Markdown for summaries).
    pub fn to_text(&self, cfg: &Config) -> String {
        match self {
            Answer::Summary(s) => {
                let mut text = s.summary.clone();
                if let Some(explain) = abrege::render::render(s, &cfg.render, false).explain {
                    text.push_str(&explain);
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
        }
    }
}

/// Whether an error is the reader closing our output pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// Runs the command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let (task, input, cfg) = match &cli.command {
        None => {
            let s = &cli.summarize;
            (Task::Summarize, &s.input, args::config(&s.input, Some(&s.body), Some(s), true))
        }
        Some(Command::Detect(i)) => (Task::Detect, i, args::config(i, None, None, true)),
        Some(Command::Extract(e)) => (Task::Extract, &e.input, args::config(&e.input, Some(&e.body), None, true)),
        Some(Command::Split(i)) => (Task::Split, i, args::config(i, None, None, false)),
        Some(Command::Eval(e)) => return run_eval(e),
        Some(Command::Models(m)) => {
            io::stdout().lock().write_all(abrege::translate::models_guide(m.model_dir.as_deref()).as_bytes())?;
            return Ok(Outcome::AllOk);
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = if input.jsonl {
        jsonl::run(task, &input.paths, &cfg, &mut out)?
    } else {
        run_documents(task, &input.paths, &cfg, &mut out)?
    };
    out.flush()?;
    Ok(outcome)
}

/// `abrege eval`: prints the scorer's JSON; exit 1 when a floor is not met.
fn run_eval(e: &args::EvalArgs) -> anyhow::Result<Outcome> {
    use abrege::eval;
    let kind = match e.kind {
        args::EvalKind::Detect => eval::Kind::Detect,
    };
    let opts = eval::Options { pred: e.pred.clone(), write_pred: e.write_pred.clone(), sentences: e.sentences };
    let result = eval::evaluate(kind, &e.gold, &opts)?;
    let mut out = io::stdout().lock();
    writeln!(out, "{result}")?;
    let failures = eval::below_floors(&result, &e.floor);
    for f in &failures {
        eprintln!("abrege: eval: {f}");
    }
    Ok(if failures.is_empty() { Outcome::AllOk } else { Outcome::SomeFailed })
}

/// Each path (file, folder walked recursively, or `-`) is one document.
fn run_documents(
    task: Task,
    paths: &[std::path::PathBuf],
    cfg: &Config,
    out: &mut impl Write,
) -> anyhow::Result<Outcome> {
    let (sources, mut failed) = inputs::gather(paths);
    let many = sources.len() > 1;
    let mut first = true;
    for source in &sources {
        let result = source.read(cfg.read.max_bytes).and_then(|bytes| answer(task, &bytes, cfg));
        match result {
            Ok(answer) => {
                if cfg.render.format == Format::Json {
                    let mut json = answer.to_json();
                    if many {
                        json["path"] = serde_json::Value::String(source.name());
                        writeln!(out, "{json}")?;
                    } else {
                        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
                    }
                } else {
                    if many {
                        writeln!(out, "{}==> {} <==", if first { "" } else { "\n" }, source.name())?;
                    }
                    write!(out, "{}", answer.to_text(cfg))?;
                }
                first = false;
                if let Answer::Summary(s) = &answer
                    && !s.warnings.is_empty()
                {
                    out.flush()?;
                    for w in &s.warnings {
                        eprintln!("abrege: {}: warning: {w}", source.name());
                    }
                }
            }
            Err(err) => {
                failed += 1;
                out.flush()?;
                eprintln!("abrege: {}: {err}", source.name());
            }
        }
    }
    Ok(if failed == 0 { Outcome::AllOk } else { Outcome::SomeFailed })
}
