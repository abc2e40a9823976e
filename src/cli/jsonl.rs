//! `--jsonl`: one JSON object per input line, one answer per line, same order.
//! A bad line gives `{"id", "error": {"kind", "message"}}` and the stream goes
//! on. Lines are read in bounded batches and answered in parallel, so memory
//! stays flat whatever the stream's length and the order never changes.

use super::{Answer, Outcome, Task, answer, inputs::Source};
use abrege::config::InputKind;
use abrege::{Config, Error};
use rayon::prelude::*;
use serde_json::Value;
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read, Write};
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
        loop {
            let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(per_batch);
            let mut bytes = 0;
            while batch.len() < per_batch && bytes < BATCH_BYTES {
                let mut line = Vec::new();
                if read_line(&mut reader, &mut line)? == 0 {
                    break;
                }
                number += 1;
                bytes += line.len();
                batch.push((number, line));
            }
            if batch.is_empty() {
                break;
            }
            // Each reply is written out as bytes by the thread that made it.
            let replies: Vec<(Vec<u8>, bool)> = batch
                .par_iter()
                .map(|(n, line)| {
                    let (id, result) = handle_line(task, line, *n, cfg);
                    // (Room for a summary's reply at once: growing the buffer was a copy or four a line.)
                    let mut bytes = Vec::with_capacity(8 * 1024);
                    let ok = result.is_ok();
                    let written = match result {
                        Ok(answer) => serde_json::to_writer(&mut bytes, &Reply { id: &id, answer: &answer }),
                        Err(err) => {
                            let error = ErrorReply { kind: err.kind(), message: err.to_string() };
                            serde_json::to_writer(&mut bytes, &Failure { id: &id, error })
                        }
                    };
                    written.expect("answers are plain data and always serialize");
                    bytes.push(b'\n');
                    (bytes, ok)
                })
                .collect();
            for (reply, ok) in replies {
                failed += usize::from(!ok);
                out.write_all(&reply)?;
            }
            out.flush()?;
        }
    }
    Ok(if failed == 0 { Outcome::AllOk } else { Outcome::SomeFailed })
}

/// A reply line: the request's id first, then the answer's fields, written
/// straight from the answer (building a `serde_json::Value` first copied every
/// string and sorted the keys, a tenth of the time of a summary).
#[derive(serde::Serialize)]
struct Reply<'a> {
    id: &'a Value,
    #[serde(flatten)]
    answer: &'a Answer,
}

/// A reply line for a request that failed.
#[derive(serde::Serialize)]
struct Failure<'a> {
    id: &'a Value,
    error: ErrorReply,
}

#[derive(serde::Serialize)]
struct ErrorReply {
    kind: abrege::ErrorKind,
    message: String,
}

/// The fields of a request line that we use; the others are skipped unread.
#[derive(serde::Deserialize)]
struct Request<'a> {
    #[serde(default)]
    id: Value,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    html: Option<Cow<'a, str>>,
}

/// The request's id and the answer to one input line.
fn handle_line(task: Task, line: &[u8], number: usize, cfg: &Config) -> (Value, Result<Answer, Error>) {
    let bad = |msg: String| Error::BadRequest(format!("line {number}: {msg}"));
    // Most lines are well-formed requests: read only the fields we use, the
    // text borrowed from the line when it has no escapes. Anything else
    // (a text that is no string, a duplicate field, not an object, not JSON)
    // is read again as a whole value, which says what is wrong. The line is
    // checked as UTF-8 at once (SIMD), so that serde_json need not check each
    // string again.
    let request = match simdutf8::basic::from_utf8(line) {
        Ok(line) => serde_json::from_str::<Request>(line),
        Err(_) => serde_json::from_slice::<Request>(line),
    };
    if let Ok(Request { id, text, html }) = request
        && let Some((content, kind)) = text.map(|t| (t, cfg.read.input)).or(html.map(|h| (h, InputKind::Html)))
    {
        let mut line_cfg = cfg.clone();
        line_cfg.read.input = kind;
        return (id, answer(task, content.as_bytes(), &line_cfg));
    }
    let value: Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(err) => return (Value::Null, Err(bad(format!("not JSON ({err})")))),
    };
    let Value::Object(obj) = value else {
        return (Value::Null, Err(bad("expected an object {\"id\": …, \"text\": …}".into())));
    };
    let id = obj.get("id").cloned().unwrap_or(Value::Null);
    let (content, kind) = match (obj.get("text"), obj.get("html")) {
        (Some(Value::String(t)), _) => (t, cfg.read.input),
        (_, Some(Value::String(h))) => (h, InputKind::Html),
        _ => return (id, Err(bad("no \"text\" or \"html\" string field".into()))),
    };
    let mut line_cfg = cfg.clone();
    line_cfg.read.input = kind;
    let result = answer(task, content.as_bytes(), &line_cfg);
    (id, result)
}

/// `BufRead::read_until(b'\n')` with memchr's vector search (the standard
/// library's scans a word at a time): appends one line, its '\n' included,
/// and returns how many bytes it read, 0 at the end.
fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        let (done, used) = match memchr::memchr(b'\n', buf) {
            Some(at) => (true, at + 1),
            None => (buf.is_empty(), buf.len()),
        };
        line.extend_from_slice(&buf[..used]);
        reader.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_line;
    use std::io::{BufRead, BufReader};

    #[test]
    fn read_line_is_read_until_newline_table() {
        let cases: [&[u8]; 6] = [
            b"",
            b"\n",
            b"{\"id\": 1, \"text\": \"L'\xc3\xa9t\xc3\xa9\"}\n{\"id\": 2}\n",
            b"one\ntwo\n\nthree without end",
            b"a line longer than the reader's buffer of seven bytes\nb\n",
            b"\n\n\r\n",
        ];
        for input in cases {
            for capacity in [1, 7, 8192] {
                let (mut ours, mut std) = (BufReader::with_capacity(capacity, input), BufReader::new(input));
                loop {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    let (n, m) = (read_line(&mut ours, &mut a).unwrap(), std.read_until(b'\n', &mut b).unwrap());
                    assert_eq!((n, &a), (m, &b), "{input:?} with a buffer of {capacity}");
                    if n == 0 {
                        break;
                    }
                }
            }
        }
    }
}
