//! Many documents: in parallel (rayon), answers printed in input order or
//! written one file per input under `--out-dir` (atomically: temp file, then
//! rename), never over an input, skipping outputs made from the same input
//! with the same options (the folder's manifest says) unless `--force`; a
//! progress bar when stderr is a terminal, never on a line of output, and a
//! final report of what was done, skipped and failed.

use super::inputs::{self, Source};
use super::manifest::{self, Manifest, Stamp};
use super::{Outcome, Task, answer};
use abrege::render::html::{self, IndexRow};
use abrege::{Config, Format};
use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// How a batch runs.
pub struct Batch<'a> {
    pub task: Task,
    pub cfg: &'a Config,
    pub out_dir: Option<&'a Path>,
    pub force: bool,
    pub quiet: bool,
}

/// What happened to one input.
enum Status {
    /// The output (empty when written to a file), warnings to show, and
    /// what the HTML index tells of it.
    Done(String, Vec<String>, Option<html::Counts>),
    Skipped,
    Failed(String),
}

/// Inputs at a time when printing to stdout: bounds memory, keeps order.
const CHUNK_PER_THREAD: usize = 16;

pub fn run(batch: &Batch, paths: &[PathBuf], globs: &[String], out: &mut impl Write) -> anyhow::Result<Outcome> {
    let patterns = inputs::globs(globs).map_err(anyhow::Error::msg)?;
    let Some(inputs::Gathered { sources, failures: listing_failures, .. }) =
        inputs::gather_reported(paths, &patterns, globs)
    else {
        return Ok(Outcome::NoInput);
    };
    let (targets, mut rerun) = match batch.out_dir {
        Some(dir) => {
            let (dir, targets) = plan_outputs(dir, paths, &sources, batch.cfg.render.format)?;
            let options = manifest::fingerprint(&format!("{:?} {:?}", batch.task, batch.cfg));
            let manifest = Manifest::load(&dir);
            (Some(targets), Some(Rerun { manifest, dir, options, unsaved: false, saved: std::time::Instant::now() }))
        }
        None => (None, None),
    };
    let many = sources.len() > 1;
    let html = batch.cfg.render.format == Format::Html;
    if html && many && batch.out_dir.is_none() {
        bail!("--format html with several inputs needs an output folder (-o DIR): one page per input and an index");
    }
    // The output folder, resolved by `plan_outputs`, and the link from its index to a page.
    let targets_dir = rerun.as_ref().map(|r| r.dir.clone());
    let page_href = |i: usize| match (targets.as_ref().map(|t| &t[i]), &targets_dir) {
        (Some(Target::Path(page)), Some(dir)) => Some(super::report::href(dir, page)),
        _ => None,
    };
    // The rows of `index.html` (HTML reports in a folder).
    let mut index: Vec<IndexRow> =
        listing_failures.iter().map(|f| IndexRow::Failed { name: String::new(), why: f.clone() }).collect();
    let bar = progress(sources.len(), batch.quiet || sources.len() < 2);
    let shown = !bar.is_hidden();
    let (mut done, mut skipped, mut failed) = (0, 0, listing_failures.len());
    let chunk = CHUNK_PER_THREAD * rayon::current_num_threads();
    let mut first = true;
    for (c, group) in sources.chunks(chunk).enumerate() {
        let statuses: Vec<(Status, Option<Stamp>)> = group
            .par_iter()
            .enumerate()
            .map(|(k, source)| {
                let target = targets.as_ref().map(|t| &t[c * chunk + k]);
                let status = one(batch, source, target, rerun.as_ref(), many);
                bar.inc(1);
                status
            })
            .collect();
        if let (Some(rerun), Some(targets)) = (rerun.as_mut(), targets.as_ref()) {
            for ((status, stamp), target) in statuses.iter().zip(&targets[c * chunk..]) {
                if let (Status::Done(..) | Status::Failed(_), Target::Path(path)) = (status, target) {
                    rerun.manifest.record(&rerun.dir, path, stamp.clone());
                    rerun.unsaved = true;
                }
            }
            // Saved at most every two seconds (a large folder's manifest is
            // large), and at the end: a killed run redoes at most that much.
            let last = (c + 1) * chunk >= sources.len();
            if rerun.unsaved && (last || rerun.saved.elapsed() >= std::time::Duration::from_secs(2)) {
                rerun.manifest.save(&rerun.dir).context("cannot record the outputs made")?;
                (rerun.unsaved, rerun.saved) = (false, std::time::Instant::now());
            }
        }
        for (k, (source, (status, _))) in group.iter().zip(statuses).enumerate() {
            match status {
                Status::Done(text, warnings, counts) => {
                    done += 1;
                    if let (Some(counts), Some(href)) = (counts, page_href(c * chunk + k)) {
                        index.push(IndexRow::Page { name: source.name(), href, counts });
                    }
                    for w in &warnings {
                        bar.suspend(|| eprintln!("abrege: {}: warning: {w}", source.name()));
                    }
                    if batch.out_dir.is_none() {
                        let mut print = || -> std::io::Result<()> {
                            if many && batch.cfg.render.format != Format::Json {
                                writeln!(out, "{}==> {} <==", if first { "" } else { "\n" }, source.name())?;
                            }
                            write!(out, "{text}")?;
                            // On a terminal the bar is drawn on the line below: the text
                            // goes out while it is cleared, never on the bar's line.
                            if shown { out.flush() } else { Ok(()) }
                        };
                        if shown { bar.suspend(print) } else { print() }?;
                        first = false;
                    }
                }
                Status::Skipped => {
                    skipped += 1;
                    if let Some(href) = page_href(c * chunk + k) {
                        index.push(IndexRow::Skipped { name: source.name(), href });
                    }
                }
                Status::Failed(why) => {
                    failed += 1;
                    index.push(IndexRow::Failed { name: source.name(), why: why.clone() });
                    out.flush()?;
                    bar.suspend(|| eprintln!("abrege: {}: {why}", source.name()));
                }
            }
        }
    }
    bar.finish_and_clear();
    if let (true, Some(dir)) = (html, &targets_dir) {
        super::report::write_index(dir, &index, batch.cfg, write_atomically)?;
    }
    if !batch.quiet && (many || batch.out_dir.is_some()) {
        eprintln!("abrege: {done} done, {skipped} skipped, {failed} failed");
    }
    Ok(if failed == 0 { Outcome::AllOk } else { Outcome::SomeFailed })
}

fn progress(len: usize, hidden: bool) -> ProgressBar {
    if hidden {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}") {
        bar.set_style(style);
    }
    bar
}

/// What a rerun into an output folder compares with.
struct Rerun {
    /// The output folder, resolved.
    dir: PathBuf,
    manifest: Manifest,
    /// [`manifest::fingerprint`] of this run's options.
    options: String,
    /// Whether the manifest changed since it was last saved, and when that was.
    unsaved: bool,
    saved: std::time::Instant,
}

/// Runs one input and renders or writes its answer, with the stamp of the
/// input it was made from (for the manifest).
fn one(
    batch: &Batch,
    source: &Source,
    target: Option<&Target>,
    rerun: Option<&Rerun>,
    many: bool,
) -> (Status, Option<Stamp>) {
    if let Some(Target::Refused(why)) = target {
        return (Status::Failed(why.clone()), None);
    }
    // Stamped before reading: an input changed meanwhile is redone next time.
    let stamp = match (rerun, source) {
        (Some(rerun), Source::File { path, .. }) => Stamp::of(path, &rerun.options),
        _ => None,
    };
    if let (Some(Target::Path(path)), Some(rerun), Some(stamp)) = (target, rerun, &stamp)
        && !batch.force
        && rerun.manifest.is_current(&rerun.dir, path, stamp)
    {
        return (Status::Skipped, None);
    }
    (render_one(batch, source, target, many), stamp)
}

/// Reads one input, answers it, and renders or writes the answer.
fn render_one(batch: &Batch, source: &Source, target: Option<&Target>, many: bool) -> Status {
    let cfg = batch.cfg;
    let answer = match source.read(cfg.read.max_bytes).and_then(|bytes| answer(batch.task, bytes, cfg)) {
        Ok(a) => a,
        Err(err) => return Status::Failed(err.to_string()),
    };
    let counts = if cfg.render.format == Format::Html { super::report::counts(&answer) } else { None };
    let warnings = match &answer {
        super::Answer::Summary(s) => s.warnings.clone(),
        _ => Vec::new(),
    };
    let text = if cfg.render.format == Format::Json {
        let mut json = answer.to_json();
        if many && batch.out_dir.is_none() {
            json["path"] = serde_json::Value::String(source.name());
            format!("{json}\n")
        } else {
            let pretty = serde_json::to_string_pretty(&json).unwrap_or_else(|_| json.to_string());
            format!("{pretty}\n")
        }
    } else {
        answer.to_text(cfg)
    };
    match target {
        Some(Target::Path(path)) => match write_atomically(path, text.as_bytes()) {
            Ok(()) => Status::Done(String::new(), warnings, counts),
            Err(err) => Status::Failed(format!("cannot write {}: {err:#}", path.display())),
        },
        _ => Status::Done(text, warnings, counts),
    }
}

/// Where one input's output goes.
enum Target {
    Path(PathBuf),
    /// It cannot be written without harming an input.
    Refused(String),
}

/// One output path per source under `dir`, mirroring the input tree; an
/// input folder that contains `dir` is refused outright (its outputs would
/// become inputs), an output that would land on an input is refused alone.
fn plan_outputs(
    dir: &Path,
    paths: &[PathBuf],
    sources: &[Source],
    format: Format,
) -> anyhow::Result<(PathBuf, Vec<Target>)> {
    // Every check comes before the folder is made: a refused -o creates nothing.
    let resolved = resolve_missing(dir).with_context(|| format!("cannot resolve {}", dir.display()))?;
    for p in paths.iter().filter(|p| p.is_dir()) {
        let root = p.canonicalize().with_context(|| format!("cannot resolve {}", p.display()))?;
        if resolved.starts_with(&root) {
            bail!(
                "the output folder {} is inside the input folder {}: choose an output folder outside it",
                dir.display(),
                p.display()
            );
        }
    }
    if let Err(err) = std::fs::create_dir_all(dir) {
        bail!("cannot create the output folder {}: {err}: choose another folder with -o", dir.display());
    }
    let named = dir;
    let dir = dir.canonicalize().with_context(|| format!("cannot resolve {}", dir.display()))?;
    // One clear error now rather than one per input later (a read-only folder).
    let probe = dir.join(format!(".abrege-probe-{}", std::process::id()));
    if let Err(err) = std::fs::File::create(&probe) {
        bail!(
            "cannot write in the output folder {}: {err}: choose another folder with -o, or make it writable",
            named.display()
        );
    }
    let _ = std::fs::remove_file(&probe);
    let inputs: HashSet<PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Source::File { path, .. } => path.canonicalize().ok(),
            Source::Stdin => None,
        })
        .collect();
    let ext = match format {
        Format::Text => "txt",
        Format::Markdown => "md",
        Format::Json => "json",
        Format::Html => "html",
    };
    // Each output and the input it is for.
    let mut taken: HashMap<PathBuf, (PathBuf, String)> = HashMap::new();
    if format == Format::Html {
        // The folder's index: an input `index.txt` gets `index.txt.html`.
        taken.insert(dir.join("index.html"), (PathBuf::new(), "the folder's index".to_string()));
    }
    let targets = sources
        .iter()
        .map(|s| {
            let rel = match s {
                Source::Stdin => PathBuf::from("stdin"),
                Source::File { rel, .. } => rel.clone(),
            };
            let mut out = dir.join(&rel).with_extension(ext);
            if let Some((other_rel, other)) = taken.get(&out) {
                // Two files of one name (given directly, from two folders): which output is whose?
                if *other_rel == rel {
                    return Target::Refused(format!(
                        "its output {} is already {other}'s: give them in separate runs, or give their folders",
                        out.display()
                    ));
                }
                // a.txt and a.html in one folder: the second keeps its own extension.
                let mut name = rel.file_name().unwrap_or_default().to_os_string();
                name.push(format!(".{ext}"));
                out = dir.join(&rel).with_file_name(name);
            }
            taken.insert(out.clone(), (rel, s.name()));
            if inputs.contains(&out) {
                Target::Refused(format!("its output {} would overwrite an input", out.display()))
            } else {
                Target::Path(out)
            }
        })
        .collect();
    Ok((dir, targets))
}

/// `path` made absolute with its links resolved, for a folder that may not
/// exist yet: its deepest existing ancestor resolved, the rest appended.
fn resolve_missing(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize()?;
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

static TEMP_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Writes to a hidden temp file beside `path`, then renames it over `path`:
/// a run killed midway leaves the old output or none, never a truncated one.
/// (No fsync: a killed process loses nothing the kernel holds; a power cut
/// is not worth a disk flush per article.)
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let parent = path.parent().context("output path has no folder")?;
    std::fs::create_dir_all(parent)?;
    let name = path.file_name().context("output path has no file name")?.to_string_lossy();
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = parent.join(format!(".{name}.abrege-{}-{n}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(result?)
}
