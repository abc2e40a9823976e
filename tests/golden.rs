//! Golden files: every sample in `samples/<lang>/` is run through the real
//! binary and its outputs compared with the files beside it:
//! `<name>.out.{en,fr}.txt` (text summary framed in each language),
//! `<name>.out.{en,fr}.json` (JSON summary) and `<name>.out.extract.txt`;
//! the HTML report of one sample, `<name>.out.report.html` (see [`REPORTS`]).
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites them; a commit that
//! changes one says why the new output is better.

use std::path::{Path, PathBuf};
use std::process::Command;

fn samples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut out = Vec::new();
    for lang in ["fr", "en"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(lang))
            .expect("samples/<lang>/ exists")
            .map(|e| e.expect("readable entry").path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name.ends_with(".txt") || name.ends_with(".html"))
                    && !name.contains(".out.")
                    && !name.contains(".expected-")
            })
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn run(args: &[&str], input: &Path) -> String {
    // Summaries quoted as picked: the golden files do not depend on which
    // translation models the machine has.
    let output = Command::new(env!("CARGO_BIN_EXE_abrege"))
        .args(args)
        .arg(input)
        .env("ABREGE_TRANSLATE", "none")
        .output()
        .expect("binary runs");
    assert!(output.status.success(), "{args:?} {}: {}", input.display(), String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Samples whose HTML report has a golden file, and its flags: one, since a
/// report (some 30 KB) repeats the whole page; `tests/browser.rs` renders it.
const REPORTS: [(&str, &[&str]); 1] = [("fr/00_seed_stargate.txt", &["--to", "en", "--format", "html"])];

#[test]
fn golden_outputs() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let cases: [(&str, &[&str]); 5] = [
        ("out.en.txt", &["--to", "en"]),
        ("out.fr.txt", &["--to", "fr"]),
        ("out.en.json", &["--to", "en", "--format", "json"]),
        ("out.fr.json", &["--to", "fr", "--format", "json"]),
        ("out.extract.txt", &["extract"]),
    ];
    let samples = samples();
    assert!(samples.len() >= 9, "samples: {samples:?}");
    let mut mismatches = Vec::new();
    let mut check = |golden: PathBuf, got: String| {
        if update {
            std::fs::write(&golden, &got).expect("golden file writable");
            return;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
            panic!("{} is missing: run UPDATE_GOLDEN=1 cargo test --test golden", golden.display())
        });
        if got != want {
            mismatches.push(format!("{}\n--- want\n{want}\n--- got\n{got}", golden.display()));
        }
    };
    for sample in &samples {
        let stem = sample.with_extension("");
        for (suffix, args) in cases {
            check(PathBuf::from(format!("{}.{suffix}", stem.display())), run(args, sample));
        }
    }
    for (name, args) in REPORTS {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name);
        assert!(samples.contains(&sample), "{name} is not a sample");
        check(PathBuf::from(format!("{}.out.report.html", sample.with_extension("").display())), run(args, &sample));
    }
    assert!(mismatches.is_empty(), "{} golden mismatches:\n{}", mismatches.len(), mismatches.join("\n\n"));
}

#[test]
fn json_goldens_parse_with_the_contract_fields() {
    for sample in samples() {
        let json = run(&["--format", "json"], &sample);
        let v: serde_json::Value = serde_json::from_str(&json).expect("JSON output");
        for field in ["lang", "to", "title", "sentences", "summary"] {
            assert!(v.get(field).is_some(), "{}: no {field}", sample.display());
        }
    }
}
