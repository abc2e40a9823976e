//! Criterion benchmarks: each stage and the whole pipeline, on the project's
//! samples and, when `../shared/eval` is present, on the dev data (French and
//! English articles as text, web pages as HTML). Run `cargo bench`.

use abrege::config::Config;
use abrege::{blocks, body, detect, rank, read, render, segment};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Read;
use std::path::{Path, PathBuf};

fn samples() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut out = Vec::new();
    for lang in ["fr", "en"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(lang))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy().into_owned();
                (n.ends_with(".txt") || n.ends_with(".html")) && !n.contains(".out.") && !n.contains(".expected-")
            })
            .collect();
        files.sort();
        out.extend(files.iter().map(|p| std::fs::read(p).unwrap()));
    }
    out
}

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("ABREGE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("shared"));
    dir.join("eval").is_dir().then_some(dir)
}

/// The first `n` article texts of a summarization dev file.
fn dev_articles(shared: &Path, lang: &str, n: usize) -> Vec<Vec<u8>> {
    let text = std::fs::read_to_string(shared.join("eval/summ").join(lang).join("dev.jsonl")).unwrap();
    text.lines()
        .take(n)
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].as_str().unwrap().as_bytes().to_vec())
        .collect()
}

/// The first `n` HTML pages of the body dev set (gzip-compressed on disk).
fn dev_pages(shared: &Path, n: usize) -> Vec<Vec<u8>> {
    let dir = shared.join("eval/body");
    let index = std::fs::read_to_string(dir.join("pages.jsonl")).unwrap();
    index
        .lines()
        .take(n)
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            let gz = std::fs::read(dir.join(v["html"].as_str()?)).ok()?;
            let mut html = Vec::new();
            flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut html).ok()?;
            Some(html)
        })
        .collect()
}

fn total(docs: &[Vec<u8>]) -> u64 {
    docs.iter().map(|d| d.len() as u64).sum()
}

fn stages(c: &mut Criterion) {
    let cfg = Config::default();
    let docs = samples();
    let mut g = c.benchmark_group("stages (samples)");
    g.throughput(Throughput::Bytes(total(&docs)));
    let read_all = || docs.iter().map(|d| read::read(d, &cfg.read).unwrap()).collect::<Vec<_>>();
    g.bench_function("read", |b| b.iter(|| black_box(read_all())));
    let read_docs = read_all();
    g.bench_function("blocks", |b| {
        b.iter(|| {
            read_docs.iter().for_each(|d| {
                black_box(blocks::blocks(d));
            })
        })
    });
    let all_blocks: Vec<_> = read_docs.iter().map(blocks::blocks).collect();
    g.bench_function("detect", |b| {
        b.iter(|| {
            all_blocks.iter().for_each(|bl| {
                black_box(detect::detect(bl, &cfg.detect));
            })
        })
    });
    let detections: Vec<_> = all_blocks.iter().map(|bl| detect::detect(bl, &cfg.detect)).collect();
    g.bench_function("body", |b| {
        b.iter(|| {
            all_blocks.iter().zip(&detections).for_each(|(bl, d)| {
                black_box(body::body(bl, d, &cfg.body));
            })
        })
    });
    let bodies: Vec<_> = all_blocks.iter().zip(&detections).map(|(bl, d)| body::body(bl, d, &cfg.body)).collect();
    let langs: Vec<_> = detections.iter().map(|d| d.lang.unwrap_or(abrege::Lang::En)).collect();
    g.bench_function("segment", |b| {
        b.iter(|| {
            bodies.iter().zip(&langs).for_each(|(bo, l)| {
                black_box(segment::segment(bo, *l));
            })
        })
    });
    let segs: Vec<_> = bodies.iter().zip(&langs).map(|(bo, l)| segment::segment(bo, *l)).collect();
    g.bench_function("rank", |b| {
        b.iter(|| {
            segs.iter().zip(&langs).for_each(|(s, l)| {
                black_box(rank::rank(s, *l, &cfg.rank));
            })
        })
    });
    let summaries: Vec<_> = docs.iter().map(|d| abrege::summarize(d, &cfg).unwrap()).collect();
    g.bench_function("render", |b| {
        b.iter(|| {
            summaries.iter().for_each(|s| {
                black_box(render::render(s, &cfg.render, false));
            })
        })
    });
    g.bench_function("pipeline", |b| {
        b.iter(|| {
            docs.iter().for_each(|d| {
                black_box(abrege::summarize(d, &cfg).ok());
            })
        })
    });
    g.finish();
}

fn dev_data(c: &mut Criterion) {
    let Some(shared) = shared() else {
        eprintln!("../shared/eval not found (set ABREGE_SHARED): dev-data benchmarks skipped");
        return;
    };
    let cfg = Config::default();
    for lang in ["fr", "en"] {
        let docs = dev_articles(&shared, lang, 200);
        let mut g = c.benchmark_group(format!("summarize text ({lang} dev, 200 articles)"));
        g.throughput(Throughput::Bytes(total(&docs)));
        g.sample_size(10);
        g.bench_function("pipeline", |b| {
            b.iter(|| {
                docs.iter().for_each(|d| {
                    black_box(abrege::summarize(d, &cfg).ok());
                })
            })
        });
        let text: Vec<String> = docs.iter().map(|d| String::from_utf8_lossy(d).into_owned()).collect();
        let l = if lang == "fr" { abrege::Lang::Fr } else { abrege::Lang::En };
        g.bench_function("split", |b| {
            b.iter(|| {
                text.iter().for_each(|t| {
                    black_box(segment::split_sentences(t, l));
                })
            })
        });
        g.bench_function("detect", |b| {
            b.iter(|| {
                text.iter().for_each(|t| {
                    black_box(detect::detect_text(t));
                })
            })
        });
        g.finish();
    }
    let pages = dev_pages(&shared, 60);
    let mut g = c.benchmark_group("extract html (body dev, 60 pages)");
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.sample_size(10);
    let mut html_cfg = cfg.clone();
    html_cfg.read.input = abrege::InputKind::Html;
    g.bench_function("extract", |b| {
        b.iter(|| {
            pages.iter().for_each(|p| {
                black_box(abrege::extract(p, &html_cfg).ok());
            })
        })
    });
    g.finish();
}

criterion_group!(benches, stages, dev_data);
criterion_main!(benches);
