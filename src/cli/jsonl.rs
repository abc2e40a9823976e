//! `--jsonl`: one JSON object per input line, one answer per line, same order,
//! each with the request's id as written. A bad line gives `{"id", "error":
//! {"kind", "message"}}` and the stream goes on; a blank line gives nothing.
//! Lines are read with a bounded buffer (an overlong one is read through and
//! answered `too_large`) in bounded batches, and answered in parallel, so
//! memory stays flat whatever the lines' and the stream's length, and the
//! order never changes.

use super::request::{self, Line, Parsed};
use super::{Answer, Outcome, Task, answer, inputs::Source};
use abrege::config::InputKind;
use abrege::{Config, Error};
use rayon::prelude::*;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::io::{BufReader, Read, Write};
use std::path::PathBuf;

/// Lines per batch, per thread.
const LINES_PER_THREAD: usize = 64;
/// A batch stops growing past this many bytes, so huge lines do not pile up.
const BATCH_BYTES: usize = 32 * 1024 * 1024;

pub fn run(
    task: Task,
    paths: &[PathBuf],
    globs: &[String],
    cfg: &Config,
    out: &mut impl Write,
) -> anyhow::Result<Outcome> {
    let patterns = super::inputs::globs(globs).map_err(anyhow::Error::msg)?;
    let Some(super::inputs::Gathered { sources, failures, .. }) =
        super::inputs::gather_reported(paths, &patterns, globs)
    else {
        return Ok(Outcome::NoInput);
    };
    let mut failed = failures.len();
    let per_batch = LINES_PER_THREAD * rayon::current_num_threads();
    // A line may hold an article up to --max-bytes, its id and JSON escapes;
    // past that it is read through unkept and answered `too_large`.
    let limit = usize::try_from(cfg.read.max_bytes.saturating_add(LINE_SLACK)).unwrap_or(usize::MAX);
    for source in &sources {
        let reader: Box<dyn Read> = match source {
            Source::Stdin => Box::new(std::io::stdin().lock()),
            Source::File { path, .. } => match std::fs::File::open(path) {
                Ok(f) => Box::new(f),
                Err(err) => {
                    eprintln!("abrege: {}: {err}", source.name());
                    failed += 1;
                    continue;
                }
            },
        };
        let mut reader = BufReader::new(reader);
        let mut number = 0;
        let mut read_batch = |number: &mut usize| -> anyhow::Result<Vec<Item>> {
            let mut batch: Vec<Item> = Vec::with_capacity(per_batch);
            let mut bytes = 0;
            while batch.len() < per_batch && bytes < BATCH_BYTES {
                let mut line = Vec::new();
                let size = match request::read_line(&mut reader, &mut line, limit)? {
                    Line::End => break,
                    Line::Whole => None,
                    Line::TooLong(size) => Some(size),
                };
                *number += 1;
                bytes += line.len();
                batch.push(Item { number: *number, line, too_long: size });
            }
            Ok(batch)
        };
        // The stream is read and written by this thread (a thread of the pool)
        // while the pool answers the batch before: the other threads do not
        // wait for the next batch's lines, nor for the last batch's replies.
        let mut batch = read_batch(&mut number)?;
        let mut answered: Vec<Option<(Vec<u8>, bool)>> = Vec::new();
        while !batch.is_empty() {
            let mut replies = Vec::new();
            let mut next = Ok(Vec::new());
            let mut written = Ok(());
            rayon::in_place_scope(|scope| {
                scope.spawn(|_| replies = batch.par_iter().map(|item| reply(task, item, cfg)).collect());
                written = write_replies(out, std::mem::take(&mut answered), &mut failed);
                if written.is_ok() {
                    next = read_batch(&mut number);
                }
            });
            written?;
            batch = next?;
            answered = replies;
        }
        write_replies(out, answered, &mut failed)?;
    }
    Ok(if failed == 0 { Outcome::AllOk } else { Outcome::SomeFailed })
}

/// Writes a batch's replies in order, counting the failed ones.
fn write_replies(
    out: &mut impl Write,
    replies: Vec<Option<(Vec<u8>, bool)>>,
    failed: &mut usize,
) -> anyhow::Result<()> {
    for (reply, ok) in replies.into_iter().flatten() {
        *failed += usize::from(!ok);
        out.write_all(&reply)?;
    }
    out.flush()?;
    Ok(())
}

/// Room on a line beyond --max-bytes for the id, the field names and escapes.
const LINE_SLACK: u64 = 64 * 1024;

/// One line read: its number (from 1), its bytes (only the first ones when
/// it was too long), and its full size when it was too long.
struct Item {
    number: usize,
    line: Vec<u8>,
    too_long: Option<u64>,
}

/// The reply line to one input line and whether it succeeded; `None` for a blank line.
fn reply(task: Task, item: &Item, cfg: &Config) -> Option<(Vec<u8>, bool)> {
    let (id, result) = match item.too_long {
        Some(size) => {
            (request::id_in(&item.line).map(Cow::Owned), Err(Error::TooLarge { size, limit: cfg.read.max_bytes }))
        }
        None => match request::parse(&item.line, item.number) {
            Parsed::Blank => return None,
            Parsed::Refused { id, error } => (id, Err(error)),
            Parsed::Article { id, content, html } => {
                let mut line_cfg = cfg.clone();
                line_cfg.read.input = if html { InputKind::Html } else { cfg.read.input };
                (id, answer(task, content.as_bytes(), &line_cfg))
            }
        },
    };
    // (Room for a summary's reply at once: growing the buffer was a copy or four a line.)
    let mut bytes = Vec::with_capacity(8 * 1024);
    let ok = result.is_ok();
    let id = id.as_deref();
    let written = match result {
        Ok(answer) => serde_json::to_writer(&mut bytes, &Reply { id, answer: &answer }),
        Err(err) => {
            let error = ErrorReply { kind: err.kind(), message: err.to_string() };
            serde_json::to_writer(&mut bytes, &Failure { id, error })
        }
    };
    written.expect("answers are plain data and always serialize");
    bytes.push(b'\n');
    // A batch's replies wait to be written in order: each keeps only its bytes
    // (the room above was a megabyte of a stream's peak memory at -j 2).
    bytes.shrink_to_fit();
    Some((bytes, ok))
}

/// A reply line: the request's id first, exactly as it was written, then the
/// answer's fields, written straight from the answer (building a
/// `serde_json::Value` first copied every string and sorted the keys, a tenth
/// of the time of a summary).
#[derive(serde::Serialize)]
struct Reply<'a> {
    id: Option<&'a RawValue>,
    #[serde(flatten)]
    answer: &'a Answer,
}

/// A reply line for a request that failed.
#[derive(serde::Serialize)]
struct Failure<'a> {
    id: Option<&'a RawValue>,
    error: ErrorReply,
}

#[derive(serde::Serialize)]
struct ErrorReply {
    kind: abrege::ErrorKind,
    message: String,
}
