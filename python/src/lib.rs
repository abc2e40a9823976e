//! `abrege._abrege`: the extension module under the Python package `abrege`.
//!
//! Input: Python `str`/`bytes` (or items of them for the batch call) and the
//! options of one call. Output: each answer as the JSON text the command line
//! writes (the library's answer types through serde_json, which the package
//! reads with `json.loads`), so that Python and the CLI give identical fields.
//! The Rust library stays the one implementation: this file only turns Python
//! values into the library's options (whose rules make the [`Config`]) and bytes, and errors into `abrege.AbregeError`.
//! The pipeline runs with the GIL released; the batch call runs on the
//! calling thread (one job) or on a rayon pool kept per process, so that the
//! threads' caches stay warm across calls; a forked process (Spark's Python
//! workers) builds its own pool, never using one whose threads are gone.

use abrege::config::{self as options, LengthError};
use abrege::{Bias, Config, Error, Format, InputKind, Lang, Length, TranslateConfig};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::{Arc, Mutex};

mod to_py;

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

    /// The library's name of the task, whose rules pick the options that apply.
    fn library(self) -> options::Task {
        match self {
            Task::Summarize => options::Task::Summarize,
            Task::Detect => options::Task::Detect,
            Task::Extract => options::Task::Extract,
            Task::Split => options::Task::Split,
        }
    }

    /// Runs the library on one input and writes its answer as JSON.
    fn answer(self, bytes: &[u8], cfg: &Config) -> Result<String, Error> {
        let json = match self.value(bytes, cfg)? {
            Answer::Summary(a) => serde_json::to_string(&a),
            Answer::Detection(a) => serde_json::to_string(&a),
            Answer::Extract(a) => serde_json::to_string(&a),
            Answer::Split(a) => serde_json::to_string(&a),
        };
        Ok(json.expect("answers are plain data and always serialize"))
    }

    /// Runs the library on one input.
    fn value(self, bytes: &[u8], cfg: &Config) -> Result<Answer, Error> {
        Ok(match self {
            Task::Summarize => Answer::Summary(abrege::summarize(bytes, cfg)?),
            Task::Detect => Answer::Detection(abrege::detect(bytes, cfg)?),
            Task::Extract => Answer::Extract(abrege::extract(bytes, cfg)?),
            Task::Split => Answer::Split(abrege::split(bytes, cfg)?),
        })
    }
}

/// The answer of one of the tasks.
enum Answer {
    Summary(abrege::Summary),
    Detection(abrege::Detection),
    Extract(abrege::Extract),
    Split(abrege::Split),
}

impl Answer {
    /// As the `dict` that `json.loads` gives of its JSON text.
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Answer::Summary(a) => to_py::to_py(py, a),
            Answer::Detection(a) => to_py::to_py(py, a),
            Answer::Extract(a) => to_py::to_py(py, a),
            Answer::Split(a) => to_py::to_py(py, a),
        }
    }
}

/// The options of a call, checked once: the library's [`options::Options`],
/// whose rules give the configuration of each task as for the command line.
#[pyclass(frozen, module = "abrege._abrege")]
struct Options(options::Options);

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
        // The library's rule first (a negative count is checked once it is the one used).
        let length = match Length::choose(sentences.max(0) as usize, words.map(|w| w.max(0) as usize), ratio) {
            Ok(Length::Sentences(_)) => Length::Sentences(count("sentences", sentences)?),
            Ok(Length::Words(_)) => Length::Words(count("words", words.unwrap_or_default())?),
            Ok(length) => length,
            Err(LengthError::WordsAndRatio) => return Err(PyValueError::new_err("give words= or ratio=, not both")),
            Err(LengthError::Ratio(r)) => {
                return Err(PyValueError::new_err(format!("ratio={r}: give a fraction in (0, 1]")));
            }
        };
        let defaults = options::Options::default();
        let max_bytes = match max_bytes {
            None => defaults.max_bytes,
            Some(n) => u64::try_from(n)
                .map_err(|_| PyValueError::new_err(format!("max_bytes={n}: give a number of bytes >= 0")))?,
        };
        Ok(Options(options::Options {
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
            // JSON answers; no translation backend (the command line's default
            // without its environment variables).
            format: Format::Json,
            translate: TranslateConfig::default(),
        }))
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
    fn config(&self, task: Task) -> Config {
        self.0.config(task.library())
    }
}

/// A `str` as its UTF-8 bytes, `bytes` as they are (charset detection then
/// reads them as it reads files); `None` for anything else. Borrowed: a `str`
/// keeps its UTF-8 form once made (CPython caches it in the object), so the
/// same article read again costs no copy; a batch copies what it keeps.
fn content_bytes<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<Option<Cow<'a, [u8]>>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(Cow::Borrowed(s.to_str()?.as_bytes())));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Some(Cow::Borrowed(b.as_bytes())));
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
    let (task, bytes, cfg) = one_input(task, options, text, html)?;
    py.detach(|| task.answer(&bytes, &cfg)).map_err(|err| raise(py, &err))
}

/// [`run`]'s answer as the `dict` that `json.loads` gives of its text, built
/// directly (no JSON written in Rust and read back in Python).
#[pyfunction]
#[pyo3(signature = (task, options, text=None, html=None))]
fn answer<'py>(
    py: Python<'py>,
    task: &str,
    options: &Options,
    text: Option<&Bound<'py, PyAny>>,
    html: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (task, bytes, cfg) = one_input(task, options, text, html)?;
    py.detach(|| task.value(&bytes, &cfg)).map_err(|err| raise(py, &err))?.to_py(py)
}

/// The task, the input's bytes and the configuration of a call of [`run`] or [`answer`].
fn one_input<'a>(
    task: &str,
    options: &Options,
    text: Option<&'a Bound<'_, PyAny>>,
    html: Option<&'a Bound<'_, PyAny>>,
) -> PyResult<(Task, Cow<'a, [u8]>, Config)> {
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
    Ok((task, bytes, cfg))
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
        return Ok(Item { id: py.None(), input: Ok((bytes.into_owned(), input)) });
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
            return Ok(Item { id, input: Ok((bytes.into_owned(), kind)) });
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
    // One configuration per input kind, shared by the items of that kind.
    let configs: Vec<(InputKind, Config)> = [InputKind::Auto, InputKind::Text, InputKind::Html]
        .into_iter()
        .map(|kind| (kind, Config { read: options::ReadConfig { input: kind, ..cfg.read.clone() }, ..cfg.clone() }))
        .collect();
    let answer = |item: Item| {
        let result = match &item.input {
            Ok((bytes, kind)) => {
                let item_cfg = configs.iter().find(|(k, _)| k == kind).map_or(&cfg, |(_, c)| c);
                task.answer(bytes, item_cfg)
            }
            Err(why) => Err(Error::BadRequest(why.clone())),
        };
        match result {
            Ok(json) => (item.id, json, None),
            Err(err) => (item.id, err.kind().to_string(), Some(err.to_string())),
        }
    };
    answer_all(py, jobs, read, answer)
}

/// `answer` applied to every item, in order, with the GIL released, on
/// `jobs` threads (0 or `None`: one per core). One thread runs on the calling
/// thread, whose caches (the words met, the formatted messages) stay warm
/// from one call to the next: a Spark worker calls once per Arrow batch, and
/// a fresh thread per call paid to fill them. More run on [`pool`].
fn answer_all<T: Send, R: Send>(
    py: Python<'_>,
    jobs: Option<usize>,
    items: Vec<T>,
    answer: impl Fn(T) -> R + Sync + Send,
) -> PyResult<Vec<R>> {
    let threads = match jobs.unwrap_or(0) {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    if threads == 1 {
        return Ok(py.detach(|| items.into_iter().map(answer).collect()));
    }
    let pool = pool(threads)?;
    Ok(py.detach(|| pool.install(|| items.into_par_iter().map(&answer).collect())))
}

/// One row of [`run_columns`], read while the GIL is held: its input, or why it has none.
type Row = Result<(Vec<u8>, InputKind), Error>;

/// Reads row `index` (from 0) of the `texts` and `htmls` columns: one of them
/// a `str` or `bytes`, the other `None`. Both given is the command line's
/// `text_and_html` refusal; messages count rows from 1, as its "line" does.
fn read_row(index: usize, text: &Bound<'_, PyAny>, html: &Bound<'_, PyAny>, input: InputKind) -> PyResult<Row> {
    let bytes = |value: &Bound<'_, PyAny>, name: &str| -> PyResult<Result<Vec<u8>, Error>> {
        Ok(match content_bytes(value)? {
            Some(bytes) => Ok(bytes.into_owned()),
            None => {
                let type_name = value.get_type().name()?;
                Err(Error::BadRequest(format!("row {}: {name} must be str, bytes or None, not {type_name}", index + 1)))
            }
        })
    };
    Ok(match (text.is_none(), html.is_none()) {
        (false, true) => bytes(text, "text")?.map(|b| (b, input)),
        (true, false) => bytes(html, "html")?.map(|b| (b, InputKind::Html)),
        (false, false) => Err(Error::TextAndHtml { line: index + 1 }),
        (true, true) => Err(Error::BadRequest(format!("row {}: no text or html (both are None)", index + 1))),
    })
}

/// One row's answer, split into the columns of [`run_columns`].
struct Columns {
    lang: Option<&'static str>,
    title: Option<String>,
    sentences: Option<Vec<String>>,
    summary: Option<String>,
    error_kind: Option<String>,
    error_message: Option<String>,
    /// The whole answer as the line `abrege --jsonl` writes, id first.
    reply: String,
}

impl Columns {
    fn new(id_json: &str, answer: Result<abrege::Summary, Error>) -> Columns {
        match answer {
            Ok(summary) => {
                let json = serde_json::to_string(&summary).expect("answers are plain data and always serialize");
                Columns {
                    lang: Some(summary.lang.code()),
                    reply: format!("{{\"id\":{id_json},{}", &json[1..]),
                    title: summary.title,
                    sentences: Some(summary.sentences),
                    summary: Some(summary.summary),
                    error_kind: None,
                    error_message: None,
                }
            }
            Err(err) => {
                let (kind, message) = (err.kind().to_string(), err.to_string());
                let quoted = |s: &str| serde_json::to_string(s).expect("a string always serializes");
                Columns {
                    lang: None,
                    title: None,
                    sentences: None,
                    summary: None,
                    reply: format!(
                        "{{\"id\":{id_json},\"error\":{{\"kind\":{},\"message\":{}}}}}",
                        quoted(&kind),
                        quoted(&message)
                    ),
                    error_kind: Some(kind),
                    error_message: Some(message),
                }
            }
        }
    }
}

/// Summarizes a table given as columns (`texts`, `htmls`, `ids`: sequences of
/// one length, `None` for an absent value; `ids` may be `None`) and answers
/// with columns: `lang`, `title`, `sentences`, `summary`, `error_kind`,
/// `error_message` and `reply` (the JSON line of `abrege --jsonl`, its id the
/// row's id as `json.dumps` writes it). What a DataFrame job needs without
/// reading each reply back from JSON. A failed row is a row of the error columns.
#[pyfunction]
#[pyo3(signature = (options, texts, htmls, ids=None, jobs=None))]
fn run_columns<'py>(
    py: Python<'py>,
    options: &Options,
    texts: &Bound<'py, PyAny>,
    htmls: &Bound<'py, PyAny>,
    ids: Option<&Bound<'py, PyAny>>,
    jobs: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let cfg = options.config(Task::Summarize);
    let rows = texts.len()?;
    for (name, column) in [("htmls", Some(htmls)), ("ids", ids)] {
        if let Some(column) = column.filter(|c| !c.is_none())
            && column.len()? != rows
        {
            let n = column.len()?;
            return Err(PyValueError::new_err(format!(
                "{name} has {n} rows, texts has {rows}: give columns of one length"
            )));
        }
    }
    let dumps = py.import("json")?.getattr("dumps")?;
    let dumps_kwargs = PyDict::new(py);
    dumps_kwargs.set_item("ensure_ascii", false)?;
    dumps_kwargs.set_item("separators", (",", ":"))?;
    let ids = ids.filter(|i| !i.is_none());
    let mut read = Vec::with_capacity(rows);
    for index in 0..rows {
        let row = read_row(index, &texts.get_item(index)?, &htmls.get_item(index)?, cfg.read.input)?;
        let id = match ids {
            Some(ids) => ids.get_item(index)?,
            None => py.None().into_bound(py),
        };
        let id_json = if id.is_none() {
            "null".to_string()
        } else if let Ok(s) = id.cast::<PyString>() {
            serde_json::to_string(&s.to_cow()?).expect("a string always serializes")
        } else {
            dumps.call((id,), Some(&dumps_kwargs))?.extract::<String>()?
        };
        read.push((row, id_json));
    }
    let html_cfg = Config { read: options::ReadConfig { input: InputKind::Html, ..cfg.read.clone() }, ..cfg.clone() };
    let answer = |(row, id): (Row, String)| {
        let result = match row {
            Ok((bytes, InputKind::Html)) => abrege::summarize(bytes, &html_cfg),
            Ok((bytes, _)) => abrege::summarize(bytes, &cfg),
            Err(err) => Err(err),
        };
        Columns::new(&id, result)
    };
    let answers = answer_all(py, jobs, read, answer)?;
    let (mut lang, mut title, mut sentences, mut summary) = (vec![], vec![], vec![], vec![]);
    let (mut error_kind, mut error_message, mut reply) = (vec![], vec![], vec![]);
    for a in answers {
        lang.push(a.lang);
        title.push(a.title);
        sentences.push(a.sentences);
        summary.push(a.summary);
        error_kind.push(a.error_kind);
        error_message.push(a.error_message);
        reply.push(a.reply);
    }
    let out = PyDict::new(py);
    out.set_item("lang", lang)?;
    out.set_item("title", title)?;
    out.set_item("sentences", sentences)?;
    out.set_item("summary", summary)?;
    out.set_item("error_kind", error_kind)?;
    out.set_item("error_message", error_message)?;
    out.set_item("reply", reply)?;
    Ok(out)
}

/// This process's pool of `threads` threads, kept from one call to the
/// next so that its threads' caches stay warm. A process forked from one
/// that had a pool (Spark's Python workers are forked) inherits the pool
/// without its threads: the process id tells, and such a pool is left alone.
fn pool(threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOL: Mutex<Option<(u32, usize, Arc<rayon::ThreadPool>)>> = Mutex::new(None);
    let pid = std::process::id();
    let mut kept = POOL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((kept_pid, kept_threads, pool)) = kept.as_ref()
        && *kept_pid == pid
        && *kept_threads == threads
    {
        return Ok(Arc::clone(pool));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|err| PyValueError::new_err(format!("cannot start {threads} threads: {err}")))?;
    let pool = Arc::new(pool);
    if let Some((kept_pid, _, inherited)) = kept.replace((pid, threads, Arc::clone(&pool)))
        && kept_pid != pid
    {
        // Its threads live in the parent only: dropping it would signal them here.
        std::mem::forget(inherited);
    }
    Ok(pool)
}

#[pymodule]
fn _abrege(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("AbregeError", m.py().get_type::<AbregeError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Options>()?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(answer, m)?)?;
    m.add_function(wrap_pyfunction!(run_many, m)?)?;
    m.add_function(wrap_pyfunction!(run_columns, m)?)?;
    Ok(())
}
