//! Throughput of the library on a JSONL file of articles, against a reference
//! measured in the same run over the same bytes (a `wc`-like count of lines,
//! words and bytes), single-threaded and on all cores, with peak memory.
//!
//! ```sh
//! cargo run --release --example throughput -- ../shared/eval/summ/fr/dev.jsonl
//! cargo run --release --example throughput -- --extract pages.jsonl   # lines with "html"
//! ```

use abrege::{Config, InputKind};
use rayon::prelude::*;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let extract = args.iter().any(|a| a == "--extract");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: throughput [--extract] FILE.jsonl   (lines with \"text\" or \"html\")");
        std::process::exit(2);
    };
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("throughput: cannot read {path}: {e}");
        std::process::exit(2);
    });
    let docs: Vec<(Vec<u8>, bool)> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| match (v["text"].as_str(), v["html"].as_str()) {
            (Some(t), _) => Some((t.as_bytes().to_vec(), false)),
            (_, Some(h)) => Some((h.as_bytes().to_vec(), true)),
            _ => None,
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum();
    let mb = bytes as f64 / 1e6;
    println!("{} articles, {:.2} MB", docs.len(), mb);

    // Reference: count lines, words and bytes of the same text, like `wc`.
    let t = Instant::now();
    let mut counts = (0usize, 0usize);
    for (d, _) in &docs {
        let s = std::str::from_utf8(d).unwrap_or("");
        counts.0 += s.lines().count();
        counts.1 += s.split_whitespace().count();
    }
    let wc = t.elapsed().as_secs_f64();
    std::hint::black_box(counts);
    println!("reference wc-like count: {:8.1} MB/s", mb / wc);

    let run = |(d, html): &(Vec<u8>, bool)| {
        let mut cfg = Config::default();
        if *html {
            cfg.read.input = InputKind::Html;
        }
        if extract { abrege::extract(d, &cfg).is_ok() } else { abrege::summarize(d, &cfg).is_ok() }
    };
    let what = if extract { "extract" } else { "summarize" };
    let t = Instant::now();
    let cpu = thread_cpu_seconds();
    let ok = docs.iter().filter(|d| run(d)).count();
    let one = t.elapsed().as_secs_f64();
    println!(
        "{what}, 1 thread:        {:8.1} MB/s {:9.0} articles/s  ({:.0}x slower than wc; {ok} ok)",
        mb / one,
        docs.len() as f64 / one,
        one / wc
    );
    // CPU time, as trafilatura's and sumy's figures are: on a busy machine the
    // wall clock also counts the time other processes held the core.
    if let (Some(start), Some(end)) = (cpu, thread_cpu_seconds()) {
        let per_article = |seconds: f64| seconds * 1000.0 / docs.len() as f64;
        println!(
            "{what}, 1 thread, CPU time:  {:.2} ms per article, {:.1} MB/s  (first pass: every word new to the thread)",
            per_article(end - start),
            mb / (end - start)
        );
        // Later passes find the thread's vocabulary warm, as a long stream
        // does after its first articles (each word is stemmed once per
        // thread). This machine's speed also varies from one pass to the
        // next: the best of two is the steadiest figure to compare
        // (scripts/trafilatura_speed.py reports its best of three passes).
        let mut best = f64::INFINITY;
        for _ in 0..2 {
            let Some(start) = thread_cpu_seconds() else { break };
            docs.iter().for_each(|d| {
                std::hint::black_box(run(d));
            });
            best = thread_cpu_seconds().map_or(best, |end| best.min(end - start));
        }
        println!(
            "{what}, 1 thread, CPU time, best of 3 passes:  {:.2} ms per article, {:.1} MB/s  (passes 2-3: warm, as in a long stream)",
            per_article(best.min(end - start)),
            mb / best.min(end - start)
        );
    }
    let t = Instant::now();
    let ok_all = docs.par_iter().filter(|d| run(d)).count();
    let all = t.elapsed().as_secs_f64();
    println!(
        "{what}, {} threads:       {:8.1} MB/s {:9.0} articles/s  ({:.2}x the 1-thread rate; {ok_all} ok)",
        rayon::current_num_threads(),
        mb / all,
        docs.len() as f64 / all,
        one / all
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM"))
    {
        println!("peak memory (input held in memory): {}", line.trim_start_matches("VmHWM:").trim());
    }
}

/// CPU time of the calling thread (Linux: /proc/thread-self/schedstat, in ns).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
