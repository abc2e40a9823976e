//! Command-line benchmarks with the release binary (`cargo build --release`
//! first), each as a ratio against a reference measured in the same run:
//!
//! - start-up: a small article, median of 21 runs, against `true`-like
//!   process spawning (`abrege --version`);
//! - a folder of N articles with every bad case: `-j 2` against `-j 1`;
//! - a long `--jsonl` stream fed through a pipe: peak memory (VmHWM); its
//!   lines are the given JSONL files' articles when there are any (a real
//!   vocabulary, as a stream of news has), else the first nine samples;
//! - end to end, each JSONL file given: `abrege --jsonl -j 1 < FILE`, the
//!   best of 5 runs, in MB/s of the file and of its articles' text, against
//!   `wc -w < FILE` over the same bytes, runs alternating.
//!
//! ```sh
//! cargo run --release --example bench_cli -- [N_FILES] [STREAM_MB] [FILE.jsonl…]
//! ```

#[path = "../tests/support/folder.rs"]
mod folder;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(cmd: &mut Command) -> Duration {
    let t = Instant::now();
    let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status().expect("binary runs");
    let d = t.elapsed();
    assert!(status.code().is_some(), "killed by a signal");
    d
}

fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<usize> = all.iter().filter_map(|a| a.parse().ok()).collect();
    let jsonl: Vec<&String> = all.iter().filter(|a| a.ends_with(".jsonl")).collect();
    let n_files = args.first().copied().unwrap_or(2000);
    let stream_mb = args.get(1).copied().unwrap_or(200);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/abrege");
    assert!(bin.exists(), "build the release binary first: cargo build --release");
    let small = root.join("samples/en/01_port_strike.txt");

    let version: Vec<Duration> = (0..21).map(|_| time(Command::new(&bin).arg("--version"))).collect();
    let summary: Vec<Duration> = (0..21).map(|_| time(Command::new(&bin).arg(&small))).collect();
    let (v, s) = (median(version), median(summary));
    println!("start-up: small article to output {:.2} ms; bare process {:.2} ms ({:.1}x)", ms(s), ms(v), ratio(s, v));

    let dir = std::env::temp_dir().join(format!("abrege-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let input = dir.join("in");
    let f = folder::make(&root, &input, n_files, true);
    println!("folder: {} good files, {} bad", f.good.len(), f.bad.len());
    let run = |jobs: &str, out: &Path| {
        time(Command::new(&bin).args(["-q", "--force", "-j", jobs, "-o"]).arg(out).arg(&input))
    };
    let (mut one, mut two) = (Vec::new(), Vec::new());
    for round in 0..3 {
        one.push(run("1", &dir.join(format!("out1-{round}"))));
        two.push(run("2", &dir.join(format!("out2-{round}"))));
    }
    let (one, two) = (median(one), median(two));
    println!(
        "folder -j 1: {:.2} s; -j 2: {:.2} s; speed-up {:.2}x",
        one.as_secs_f64(),
        two.as_secs_f64(),
        ratio(one, two)
    );

    // A long stream: the articles as JSON lines, repeated up to STREAM_MB.
    let articles: Vec<(serde_json::Value, String)> = jsonl
        .iter()
        .flat_map(|file| {
            std::fs::read_to_string(file).unwrap_or_default().lines().map(str::to_string).collect::<Vec<_>>()
        })
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
        .filter_map(|v| Some((v["id"].clone(), v["text"].as_str()?.to_string())))
        .collect();
    let samples = || {
        f.good
            .iter()
            .take(9)
            .map(|p| (p.display().to_string().into(), String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned()))
    };
    let from =
        if articles.is_empty() { "the first 9 samples".to_string() } else { format!("{} articles", articles.len()) };
    let lines: Vec<String> = if articles.is_empty() { samples().collect() } else { articles }
        .into_iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
        .collect();
    let mut child =
        Command::new(&bin).args(["--jsonl", "-q"]).stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let (mut sent, mut peak) = (0usize, String::new());
    let t = Instant::now();
    'feed: loop {
        for l in &lines {
            if stdin.write_all(l.as_bytes()).is_err() {
                break 'feed;
            }
            sent += l.len();
            if sent >= stream_mb * 1_000_000 {
                break 'feed;
            }
        }
        if let Ok(st) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && let Some(line) = st.lines().find(|l| l.starts_with("VmHWM"))
        {
            peak = line.trim_start_matches("VmHWM:").trim().to_string();
        }
    }
    drop(stdin);
    child.wait().unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "jsonl stream of {from}: {} MB in {:.1} s ({:.1} MB/s), peak memory {peak}",
        sent / 1_000_000,
        secs,
        sent as f64 / 1e6 / secs
    );
    let _ = std::fs::remove_dir_all(&dir);
    for file in jsonl {
        end_to_end(&bin, Path::new(file));
    }
}

/// `abrege --jsonl -j 1 < FILE` against `wc -w < FILE`, best of 5 runs each.
fn end_to_end(bin: &Path, file: &Path) {
    let Ok(raw) = std::fs::read_to_string(file) else {
        println!("end to end: cannot read {}", file.display());
        return;
    };
    let text: usize = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::len))
        .sum();
    let stdin = || std::fs::File::open(file).expect("file opened once already");
    let (mut ours, mut wc) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        ours.push(time(Command::new(bin).args(["--jsonl", "-j", "1"]).stdin(stdin())));
        wc.push(time(Command::new("wc").arg("-w").stdin(stdin())));
    }
    let (ours, wc) = (*ours.iter().min().unwrap(), *wc.iter().min().unwrap());
    let mb = |bytes: usize, d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    println!(
        "end to end, {}: abrege --jsonl -j 1 {:.3} s, {:.1} MB/s of JSONL, {:.1} MB/s of article text; wc -w {:.1} MB/s ({:.1}x)",
        file.display(),
        ours.as_secs_f64(),
        mb(raw.len(), ours),
        mb(text, ours),
        mb(raw.len(), wc),
        ratio(ours, wc)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
