//! Folders of many files, bad ones included, through the real binary.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn abrege(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_abrege")).args(args).output().expect("binary runs")
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// How many files a folder holds, its subfolders included, while a run may
/// still rename them (a file listed a moment ago may be gone: it is not counted).
fn files_in(dir: &Path) -> usize {
    let mut count = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(_) => count += 1,
                Err(_) => {}
            }
        }
    }
    count
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("abrege-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn folder_with_every_bad_case_runs_to_the_end() {
    let dir = scratch("batch");
    let input = dir.join("in");
    let folder = support::folder::make(&root(), &input, 40, true);
    let before = tree(&input);
    let out = dir.join("out");
    let (i, o) = (input.to_str().unwrap(), out.to_str().unwrap());

    let run = abrege(&[i, "-o", o, "--format", "json", "-j", "2"]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let (good, bad) = (folder.good.len(), folder.bad.len());
    assert!(err.contains(&format!("{good} done, 0 skipped, {bad} failed")), "{err}");
    for b in &folder.bad {
        assert!(err.contains(&b.display().to_string()), "{} not reported: {err}", b.display());
    }
    // (Beside the outputs, the manifest of what they were made from.)
    let outputs: BTreeMap<_, _> =
        tree(&out).into_iter().filter(|(p, _)| p != Path::new(".abrege-manifest.json")).collect();
    assert_eq!(outputs.len(), good, "one output per good file");
    for (path, bytes) in &outputs {
        let v: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!v["sentences"].as_array().unwrap().is_empty());
    }
    assert_eq!(tree(&input), before, "inputs are byte-identical afterwards");

    // A rerun skips every output made from the same input with the same options.
    let rerun = abrege(&[i, "-o", o, "--format", "json"]);
    let err = String::from_utf8_lossy(&rerun.stderr);
    assert_eq!(rerun.status.code(), Some(1));
    assert!(err.contains(&format!("0 done, {good} skipped, {bad} failed")), "{err}");
    let forced = abrege(&[i, "-o", o, "--format", "json", "--force", "-q"]);
    assert!(forced.stderr.is_empty() || !String::from_utf8_lossy(&forced.stderr).contains("done,"));

    // The number of jobs does not change a byte.
    let out1 = dir.join("out1");
    abrege(&[i, "-o", out1.to_str().unwrap(), "--format", "json", "-j", "1"]);
    assert_eq!(tree(&out1), tree(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn output_folder_inside_the_input_is_refused() {
    let dir = scratch("inside");
    std::fs::copy(root().join("samples/en/01_port_strike.txt"), dir.join("a.txt")).unwrap();
    let run = abrege(&[dir.to_str().unwrap(), "-o", dir.join("out").to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("inside the input folder"));
    // A file given directly cannot be overwritten by its own output either.
    let json = dir.join("b.json");
    std::fs::write(&json, b"{\"not\": \"an article\"}").unwrap();
    let run = abrege(&[json.to_str().unwrap(), "-o", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("would overwrite an input"));
    assert_eq!(std::fs::read(&json).unwrap(), b"{\"not\": \"an article\"}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stdout_order_does_not_depend_on_jobs() {
    let dir = scratch("order");
    let folder = support::folder::make(&root(), &dir, 30, false);
    let d = dir.to_str().unwrap();
    let one = abrege(&[d, "--format", "json", "-j", "1"]);
    let two = abrege(&[d, "--format", "json", "-j", "2"]);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(String::from_utf8_lossy(&one.stdout).lines().count(), folder.good.len());
    let html = abrege(&["detect", d, "--glob", "*.html"]);
    let text = String::from_utf8_lossy(&html.stdout);
    assert!(text.lines().filter(|l| l.starts_with("==>")).all(|l| l.ends_with(".html <==")), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn jsonl_order_does_not_depend_on_jobs() {
    // More lines than the window in flight at either -j (64 lines a thread): lines are read and
    // replies written while others are answered, in input order.
    let mut input = String::new();
    for (i, sample) in
        ["samples/fr/00_seed_stargate.txt", "samples/en/01_port_strike.txt"].iter().cycle().take(300).enumerate()
    {
        let text = std::fs::read_to_string(root().join(sample)).unwrap();
        input.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        input.push('\n');
    }
    let run = |jobs: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_abrege"))
            .args(["--jsonl", "-j", jobs])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let data = input.clone();
        let w = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, data.as_bytes()));
        let out = child.wait_with_output().unwrap();
        w.join().unwrap().unwrap();
        out.stdout
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one, two);
    let ids: Vec<u64> = String::from_utf8_lossy(&one)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, (0..300).collect::<Vec<_>>());
}

#[test]
fn killed_midway_leaves_no_truncated_output() {
    let dir = scratch("kill");
    let input = dir.join("in");
    support::folder::make(&root(), &input, 300, false);
    let out = dir.join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_abrege"))
        .args(["-q", "--format", "json", "-j", "2", "-o"])
        .arg(&out)
        .arg(&input)
        .spawn()
        .unwrap();
    // Kill as soon as some outputs exist (or when the run ends first).
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() && started.elapsed() < std::time::Duration::from_secs(60) {
        if files_in(&out) >= 5 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.kill();
    child.wait().unwrap();
    for (path, bytes) in tree(&out) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue; // a temp file the kill interrupted: never under the output's name
        }
        assert!(serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(), "{} is truncated", path.display());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
