//! `abrege._abrege`: the extension module under the Python package `abrege`.
//!
//! Input: Python `str`/`bytes` (or items of them for the batch call) and the
//! options of one call. Output: each answer as the JSON text the command line
//! writes (the library's answer types through serde_json, which the package
//! reads with `json.loads`), so that Python and the CLI give identical fields.
//! The Rust library stays the one implementation: this file only turns Python
//! values into a [`Config`] and bytes, and errors into `abrege.AbregeError`.
//! The pipeline runs with the GIL released; the batch call runs on its own
//! rayon pool, built per call so that a forked process (Spark's Python
//! workers) never inherits a pool whose threads are gone.

use abrege::config::{BodyConfig, DetectConfig, RankConfig, ReadConfig, RenderConfig};
use abrege::{Bias, Config, Error, Format, InputKind, Lang, Length, TranslateConfig};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use rayon::prelude::*;

create_exception!(
    abrege,
    AbregeError,
    PyException,
    "An input abrege cannot answer: `.kind` names the failure (the `error.kind` of `abrege --jsonl`), \
     `.message` says what to do."
);

/// What the caller asked for: one of the library's four entry points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Task {
    Summarize,
    Detect,
    Extract,
    Split,
}

impl Task {
    fn parse(name: &str) -> PyResult<Task> {
        Ok(match name {
            "summarize" => Task::Summarize,
            "detect" => Task::Detect,
            "extract" => Task::Extract,
            "split" => Task::Split,
            _ => return Err(PyValueError::new_err(format!("unknown task {name:?}"))),
        })
    }

    /// Runs the library on one input and writes its answer as JSON.
    fn answer(self, bytes: &[u8], cfg: &Config) -> Result<String, Error> {
        let json = match self {
            Task::Summarize => serde_json::to_string(&abrege::summarize(bytes, cfg)?),
            Task::Detect => serde_json::to_string(&abrege::detect(bytes, cfg)?),
            Task::Extract => serde_json::to_string(&abrege::extract(bytes, cfg)?),
            Task::Split => serde_json::to_string(&abrege::split(bytes, cfg)?),
        };
        Ok(json.expect("answers are plain data and always serialize"))
    }
}

/// The options of a call, checked once; [`Options::config`] gives the
/// configuration of each task as the command line builds it from its flags.
#[pyclass(frozen, module = "abrege._abrege")]
struct Options {
    to: Option<Lang>,
    lang: Option<Lang>,
    length: Length,
    input: InputKind,
    explain: bool,
    bias: Bias,
    max_bytes: u64,
}

#[pymethods]
impl Options {
    #[new]
    #[pyo3(signature = (*, to="auto", lang="auto", sentences=3, words=None, ratio=None, input="auto",
                        explain=false, bias="balanced", max_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        to: &str,
        lang: &str,
        sentences: i64,
        words: Option<i64>,
        ratio: Option<f64>,
        input: &str,
        explain: bool,
        bias: &str,
        max_bytes: Option<i64>,
    ) -> PyResult<Options> {
        let count = |name: &str, n: i64| {
            usize::try_from(n).map_err(|_| PyValueError::new_err(format!("{name}={n}: give a number >= 0")))
        };
        let length = match (words, ratio) {
            (Some(_), Some(_)) => return Err(PyValueError::new_err("give words= or ratio=, not both")),
            (Some(w), None) => Length::Words(count("words", w)?),
            (None, Some(r)) if r > 0.0 && r <= 1.0 => Length::Ratio(r),
            (None, Some(r)) => return Err(PyValueError::new_err(format!("ratio={r}: give a fraction in (0, 1]"))),
            (None, None) => Length::Sentences(count("sentences", sentences)?),
        };
        let max_bytes = match max_bytes {
            None => ReadConfig::default().max_bytes,
            Some(n) => u64::try_from(n)
                .map_err(|_| PyValueError::new_err(format!("max_bytes={n}: give a number of bytes >= 0")))?,
        };
        Ok(Options {
            to: lang_arg("to", to)?,
            lang: lang_arg("lang", lang)?,
            length,
            input: match input {
                "auto" => InputKind::Auto,
                "text" => InputKind::Text,
                "html" => InputKind::Html,
                _ => {
                    return Err(PyValueError::new_err(format!("input={input:?}: give \"auto\", \"text\" or \"html\"")));
                }
            },
            explain,
            bias: match bias {
                "balanced" => Bias::Balanced,
                "precision" => Bias::Precision,
                "recall" => Bias::Recall,
                _ => {
                    return Err(PyValueError::new_err(format!(
                        "bias={bias:?}: give \"balanced\", \"precision\" or \"recall\""
                    )));
                }
            },
            max_bytes,
        })
    }
}

fn lang_arg(name: &str, value: &str) -> PyResult<Option<Lang>> {
    match value {
        "auto" => Ok(None),
        "fr" => Ok(Some(Lang::Fr)),
        "en" => Ok(Some(Lang::En)),
        _ => Err(PyValueError::new_err(format!("{name}={value:?}: give \"auto\", \"fr\" or \"en\""))),
    }
}

impl Options {
    /// The command line's rules (src/cli/args.rs): the length, `to` and the
    /// translation belong to summaries, the bias and `explain` to the tasks
    /// that extract a body, `split` reads the text as given, a forced
    /// language keeps paragraphs in a third one; JSON output; no translation
    /// backend (the command line's default without its environment variables).
    fn config(&self, task: Task) -> Config {
        let defaults = Config::default();
        let body_task = matches!(task, Task::Summarize | Task::Extract);
        Config {
            read: ReadConfig { input: self.input, max_bytes: self.max_bytes },
            detect: DetectConfig { force: self.lang },
            body: BodyConfig {
                enabled: task != Task::Split,
                bias: if body_task { self.bias } else { Bias::Balanced },
                keep_foreign: self.lang.is_some(),
                ..defaults.body
            },
            rank: RankConfig {
                length: if task == Task::Summarize { self.length } else { defaults.rank.length },
                ..defaults.rank
            },
            translate: TranslateConfig::default(),
            render: RenderConfig {
                to: if task == Task::Summarize { self.to } else { None },
                format: Format::Json,
                explain: body_task && self.explain,
            },
        }
    }
}

/// A `str` as its UTF-8 bytes, `bytes` as they are (charset detection then
/// reads them as it reads files); `None` for anything else.
fn content_bytes(value: &Bound<'_, PyAny>) -> PyResult<Option<Vec<u8>>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned().into_bytes()));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Some(b.as_bytes().to_vec()));
    }
    Ok(None)
}

/// `abrege.AbregeError` with `.kind` and `.message` set.
fn raise(py: Python<'_>, err: &Error) -> PyErr {
    let py_err = AbregeError::new_err(err.to_string());
    let value = py_err.value(py);
    // (Attributes of a fresh exception instance cannot fail to be set.)
    let _ = value.setattr("kind", err.kind().to_string());
    let _ = value.setattr("message", err.to_string());
    py_err
}

/// Answers one input: `text` (read as `options.input` says) or `html`, as a JSON object's text.
#[pyfunction]
#[pyo3(signature = (task, options, text=None, html=None))]
fn run(
    py: Python<'_>,
    task: &str,
    options: &Options,
    text: Option<&Bound<'_, PyAny>>,
    html: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let task = Task::parse(task)?;
    let mut cfg = options.config(task);
    let (value, name) = match (text, html) {
        (Some(t), None) => (t, "text"),
        (None, Some(h)) => {
            cfg.read.input = InputKind::Html;
            (h, "html")
        }
        (Some(_), Some(_)) => return Err(PyTypeError::new_err("give text or html=, not both")),
        (None, None) => return Err(PyTypeError::new_err("give the article: text (str or bytes) or html=")),
    };
    let Some(bytes) = content_bytes(value)? else {
        let type_name = value.get_type().name()?;
        return Err(PyTypeError::new_err(format!("{name} must be str or bytes, not {type_name}")));
    };
    py.detach(|| task.answer(&bytes, &cfg)).map_err(|err| raise(py, &err))
}

/// One item of a batch, read while the GIL is held.
struct Item {
    id: Py<PyAny>,
    /// The input and its configuration, or why the item is malformed.
    input: Result<(Vec<u8>, InputKind), String>,
}

/// Reads item `index`: a `str` or `bytes`, or a mapping with `id` and
/// `text` or `html` (as a JSON line of `abrege --jsonl`: `text` first).
fn read_item(py: Python<'_>, index: usize, item: &Bound<'_, PyAny>, input: InputKind) -> PyResult<Item> {
    if let Some(bytes) = content_bytes(item)? {
        return Ok(Item { id: py.None(), input: Ok((bytes, input)) });
    }
    let Ok(dict) = item.cast::<PyDict>() else {
        let type_name = item.get_type().name()?;
        let why = format!("item {index}: expected a str, bytes or a dict {{\"id\": …, \"text\": …}}, not {type_name}");
        return Ok(Item { id: py.None(), input: Err(why) });
    };
    let id = dict.get_item("id")?.map_or_else(|| py.None(), Bound::unbind);
    for (key, kind) in [("text", input), ("html", InputKind::Html)] {
        if let Some(value) = dict.get_item(key)?
            && let Some(bytes) = content_bytes(&value)?
        {
            return Ok(Item { id, input: Ok((bytes, kind)) });
        }
    }
    Ok(Item { id, input: Err(format!("item {index}: no \"text\" or \"html\" string field")) })
}

/// One answer of a batch: `(id, json, None)`, or `(id, kind, message)` for a failure.
type Reply = (Py<PyAny>, String, Option<String>);

/// Answers every item in parallel on `jobs` threads (0 or `None`: one per
/// core), in the items' order; a failure is a reply, never an exception.
#[pyfunction]
#[pyo3(signature = (task, options, items, jobs=None))]
fn run_many(
    py: Python<'_>,
    task: &str,
    options: &Options,
    items: &Bound<'_, PyAny>,
    jobs: Option<usize>,
) -> PyResult<Vec<Reply>> {
    let task = Task::parse(task)?;
    let cfg = options.config(task);
    let mut read = Vec::new();
    for (index, item) in items.try_iter()?.enumerate() {
        read.push(read_item(py, index, &item?, cfg.read.input)?);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|err| PyValueError::new_err(format!("cannot start {} threads: {err}", jobs.unwrap_or(0))))?;
    let answers: Vec<Result<String, (String, String)>> = py.detach(|| {
        pool.install(|| {
            read.par_iter()
                .map(|item| {
                    let result = match &item.input {
                        Ok((bytes, kind)) => {
                            let mut item_cfg = cfg.clone();
                            item_cfg.read.input = *kind;
                            task.answer(bytes, &item_cfg)
                        }
                        Err(why) => Err(Error::BadRequest(why.clone())),
                    };
                    result.map_err(|err| (err.kind().to_string(), err.to_string()))
                })
                .collect()
        })
    });
    Ok(read
        .into_iter()
        .zip(answers)
        .map(|(item, answer)| match answer {
            Ok(json) => (item.id, json, None),
            Err((kind, message)) => (item.id, kind, Some(message)),
        })
        .collect())
}

#[pymodule]
fn _abrege(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("AbregeError", m.py().get_type::<AbregeError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Options>()?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(run_many, m)?)?;
    Ok(())
}
