//! `--jsonl`: one JSON object per input line, one answer per line, same order.
//! A bad line gives `{"id", "error": {"kind", "message"}}` and the stream goes on.

use super::{Outcome, Task, answer, inputs::Source};
use abrege::config::InputKind;
use abrege::{Config, Error};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;

pub fn run(task: Task, paths: &[PathBuf], cfg: &Config, out: &mut impl Write) -> anyhow::Result<Outcome> {
    let (sources, mut failed) = super::inputs::gather(paths);
    for source in &sources {
        let reader: Box<dyn Read> = match source {
            Source::Stdin => Box::new(std::io::stdin().lock()),
            Source::File(path) => match std::fs::File::open(path) {
                Ok(f) => Box::new(f),
                Err(err) => {
                    eprintln!("abrege: {}: {err}", source.name());
                    failed += 1;
                    continue;
                }
            },
        };
        let mut reader = BufReader::new(reader);
        let mut line = Vec::new();
        let mut number = 0;
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            number += 1;
            let (id, result) = handle_line(task, &line, number, cfg);
            let reply = match result {
                Ok(mut v) => {
                    let mut obj = serde_json::Map::new();
                    obj.insert("id".into(), id);
                    if let Some(map) = v.as_object_mut() {
                        obj.append(map);
                    }
                    Value::Object(obj)
                }
                Err(err) => {
                    failed += 1;
                    json!({"id": id, "error": {"kind": err.kind(), "message": err.to_string()}})
                }
            };
            writeln!(out, "{reply}")?;
        }
    }
    Ok(if failed == 0 { Outcome::AllOk } else { Outcome::SomeFailed })
}

fn handle_line(task: Task, line: &[u8], number: usize, cfg: &Config) -> (Value, Result<Value, Error>) {
    let bad = |msg: String| Error::BadRequest(format!("line {number}: {msg}"));
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
    let result = answer(task, content.as_bytes(), &line_cfg).map(|a| a.to_json());
    (id, result)
}
