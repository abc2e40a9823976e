//! Speed of the two stages that run on every document: sentence splitting
//! (MB/s over the paragraphs of the sentence dev sets) and language detection
//! (time for a 6,000-character article). The dev sets are read from
//! `../shared/eval/sent/` (or `$ABREGE_SHARED/eval/sent/`); without them the
//! project's own samples are used.

use abrege::Lang;
use abrege::detect::detect_text;
use abrege::segment::split_sentences;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn shared() -> PathBuf {
    std::env::var_os("ABREGE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// Paragraphs of one language: the dev set's `text` fields, or the samples.
fn texts(lang: Lang) -> Vec<String> {
    let path = shared().join("eval/sent").join(lang.code()).join("dev.jsonl");
    if let Ok(data) = std::fs::read_to_string(&path) {
        return data
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect();
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(lang.code());
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            out.extend(text.split("\n\n").map(str::to_string));
        }
    }
    out
}

fn split(c: &mut Criterion) {
    for lang in Lang::ALL {
        let paragraphs = texts(lang);
        let bytes: usize = paragraphs.iter().map(String::len).sum();
        let mut group = c.benchmark_group("split");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(lang.code(), |b| {
            b.iter(|| paragraphs.iter().map(|p| split_sentences(black_box(p), lang).len()).sum::<usize>())
        });
        group.finish();
    }
}

fn detect(c: &mut Criterion) {
    for lang in Lang::ALL {
        let joined = texts(lang).join("\n");
        let article: String = joined.chars().take(6_000).collect();
        c.bench_function(&format!("detect/{}_6000_chars", lang.code()), |b| {
            b.iter(|| detect_text(black_box(&article)))
        });
    }
}

criterion_group!(benches, split, detect);
criterion_main!(benches);
