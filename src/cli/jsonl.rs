//! `--jsonl`: one JSON object per input line, one answer per line, same order,
//! each with the request's id as written. A bad line gives `{"id", "error":
//! {"kind", "message"}}` and the stream goes on; a blank line gives nothing.
//! Lines are read with a bounded buffer (an overlong one is read through and
//! answered `too_large`), answered in parallel in a bounded window of lines
//! in flight, and written in input order, so memory stays flat whatever the
//! lines' and the stream's length, and the order never changes.

use super::request::{self, Line, Parsed};
use super::{Answer, Outcome, Task, answer, inputs::Source};
use abrege::config::InputKind;
use abrege::{Config, Error};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;

/// Lines in flight (read and not yet written), per thread.
const LINES_PER_THREAD: usize = 64;
/// No more lines are read while those in flight hold this many bytes (lines
/// or replies), so huge lines do not pile up.
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
    let window = LINES_PER_THREAD * rayon::current_num_threads();
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
        let stream = Stream { task, cfg, limit, window };
        failed += stream.answer(&mut BufReader::new(reader), out)?;
    }
    Ok(if failed == 0 { Outcome::AllOk } else { Outcome::SomeFailed })
}

/// How one stream of request lines is answered.
struct Stream<'a> {
    task: Task,
    cfg: &'a Config,
    /// The longest line kept whole.
    limit: usize,
    /// How many lines may be in flight (read, not yet written).
    window: usize,
}

/// A reply line and whether it succeeded; `None` for a blank line.
type ReplyLine = Option<(Vec<u8>, bool)>;

/// A line in flight.
enum Slot {
    /// Being answered; its line holds this many bytes.
    Answering(usize),
    /// Answered, waiting for the lines before it to be written.
    Answered(ReplyLine),
}

/// The lines in flight, oldest first.
struct Window {
    slots: VecDeque<Slot>,
    /// The number of the oldest line in flight.
    first: usize,
    /// The bytes held by the lines and replies in flight.
    held: usize,
}

/// A line's answer as its job sends it back: its number, and its reply or
/// the panic that stopped it.
type Done = (usize, std::thread::Result<ReplyLine>);

impl Window {
    /// Files the answer to a line in flight.
    fn answered(&mut self, (number, reply): Done) {
        let reply = reply.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let slot = &mut self.slots[number - self.first];
        if let Slot::Answering(bytes) = *slot {
            self.held = self.held - bytes + reply.as_ref().map_or(0, |(r, _)| r.len());
        }
        *slot = Slot::Answered(reply);
    }

    /// The oldest line's reply, once it is answered (`Some(None)` for a blank line).
    fn pop(&mut self) -> Option<ReplyLine> {
        let Slot::Answered(reply) = self.slots.pop_front_if(|slot| matches!(slot, Slot::Answered(_)))? else {
            return None;
        };
        self.first += 1;
        self.held -= reply.as_ref().map_or(0, |(r, _)| r.len());
        Some(reply)
    }
}

impl Stream<'_> {
    /// Answers every line of `reader`, writing the replies to `out` in input
    /// order; returns how many failed.
    ///
    /// Each line is a job of its own in the pool, and this thread (a thread
    /// of the pool) reads the lines, writes the replies in order and answers
    /// lines itself in between. The lines in flight form a sliding window:
    /// once the oldest is written, one more is read, so no thread waits for a
    /// batch's last line while the lines after it are unread (with batches,
    /// the other threads stopped at each batch's end), and memory stays
    /// bounded by the window.
    fn answer(&self, reader: &mut impl BufRead, out: &mut impl Write) -> anyhow::Result<usize> {
        let (send, answers) = std::sync::mpsc::channel::<Done>();
        let mut window = Window { slots: VecDeque::with_capacity(self.window), first: 1, held: 0 };
        let (mut number, mut failed, mut unflushed) = (0, 0, 0);
        let mut end: Option<std::io::Result<()>> = None;
        rayon::in_place_scope_fifo(|scope| -> anyhow::Result<()> {
            loop {
                // Read up to the window (at least one line, however long).
                while end.is_none()
                    && window.slots.len() < self.window
                    && (window.slots.is_empty() || window.held < BATCH_BYTES)
                {
                    let mut line = Vec::new();
                    let too_long = match request::read_line(reader, &mut line, self.limit) {
                        Ok(Line::End) => {
                            end = Some(Ok(()));
                            break;
                        }
                        // The lines read so far are still answered and written.
                        Err(err) => {
                            end = Some(Err(err));
                            break;
                        }
                        Ok(Line::Whole) => None,
                        Ok(Line::TooLong(size)) => Some(size),
                    };
                    number += 1;
                    window.held += line.len();
                    window.slots.push_back(Slot::Answering(line.len()));
                    let item = Item { number, line, too_long };
                    let (send, task, cfg) = (send.clone(), self.task, self.cfg);
                    scope.spawn_fifo(move |_| {
                        // A panic comes back as an answer, so that this thread never waits for it.
                        let reply = std::panic::catch_unwind(AssertUnwindSafe(|| reply(task, &item, cfg)));
                        let _ = send.send((item.number, reply));
                    });
                }
                answers.try_iter().for_each(|done| window.answered(done));
                let mut wrote = false;
                while let Some(reply) = window.pop() {
                    wrote = true;
                    if let Some((reply, ok)) = reply {
                        failed += usize::from(!ok);
                        unflushed += 1;
                        out.write_all(&reply)?;
                    }
                }
                if window.slots.is_empty() && end.is_some() {
                    return Ok(());
                }
                if wrote {
                    // Replies go out at least once a window (a reader may be waiting).
                    if unflushed >= self.window {
                        out.flush()?;
                        unflushed = 0;
                    }
                    continue;
                }
                // The oldest line is not answered yet: answer a line here, or,
                // when every line in flight is taken, wait for one.
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    out.flush()?;
                    unflushed = 0;
                    window.answered(answers.recv().expect("this thread holds a sender"));
                }
            }
        })?;
        out.flush()?;
        end.unwrap_or(Ok(()))?;
        Ok(failed)
    }
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
fn reply(task: Task, item: &Item, cfg: &Config) -> ReplyLine {
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
                // A page with escapes was decoded into a string of its own: the
                // pipeline takes it as it is (std's UTF-8 check, fast on markup,
                // which is mostly ASCII), where borrowed bytes get a SIMD check
                // and a copy. Running text stays lent: on accented text std's
                // check cost more than the SIMD one and the copy.
                let give = matches!(content, Cow::Owned(_)) && line_cfg.read.input == InputKind::Html;
                let answer = if give {
                    answer(task, content.into_owned().into_bytes(), &line_cfg)
                } else {
                    answer(task, content.as_bytes(), &line_cfg)
                };
                (id, answer)
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
