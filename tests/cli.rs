//! The command line, run as users run it: the real binary, real pipes.

#[path = "support/stdin.rs"]
mod stdin;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> PathBuf {
    root().join("samples/fr/00_seed_stargate.txt")
}

fn abrege(args: &[&str], stdin: &[u8]) -> Output {
    // No translation: these tests read the summaries as picked, whatever
    // models the machine has (tests/translate_cli.rs tests translation).
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_abrege"));
    cmd.args(args).env("ABREGE_TRANSLATE", "none");
    stdin::output_with_stdin(cmd, stdin)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The seed's article: everything before its share widget.
fn seed_article() -> String {
    let text = std::fs::read_to_string(seed()).unwrap();
    text.split("Partager l'article:").next().unwrap().to_string()
}

#[test]
fn seed_summary_in_english_frame_quotes_only_the_article() {
    let o = abrege(&["--to", "en"], &std::fs::read(seed()).unwrap());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("key points out of"), "{out}");
    assert!(out.contains("quoted in French"), "{out}");
    let article = seed_article();
    let points: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("• ")).collect();
    assert_eq!(points.len(), 3, "{out}");
    for p in points {
        assert!(article.contains(p), "not from the article body: {p}");
    }
}

#[test]
fn seed_summary_in_french_frame() {
    let o = abrege(&["--to", "fr", seed().to_str().unwrap()], b"");
    let out = stdout(&o);
    assert!(out.contains("points clés sur"), "{out}");
    assert!(!out.contains("cités en"), "same language needs no quotation note: {out}");
    assert!(!out.contains(['\u{2068}', '\u{2069}']), "isolation marks in {out}");
}

#[test]
fn seed_json_has_the_contract_fields() {
    let article = seed_article();
    for to in ["en", "fr"] {
        let o = abrege(&["--to", to, "--format", "json"], &std::fs::read(seed()).unwrap());
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        assert_eq!(v["to"], to);
        assert_eq!(v["lang"], "fr");
        assert!(v["title"].as_str().unwrap().starts_with("OpenAI et SoftBank"));
        let sentences = v["sentences"].as_array().unwrap();
        assert_eq!(sentences.len(), 3);
        assert!(sentences.iter().all(|s| article.contains(s.as_str().unwrap())));
        let joined: Vec<&str> = sentences.iter().map(|s| s.as_str().unwrap()).collect();
        assert_eq!(v["summary"], joined.join(" "), "summary = the key points, unframed");
        assert!(v["rendered"].as_str().unwrap().contains(joined[0]));
    }
}

#[test]
fn extract_returns_exactly_the_seed_article() {
    let o = abrege(&["extract", "--format", "json", seed().to_str().unwrap()], b"");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let article = seed_article();
    let mut paragraphs = article.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let title = paragraphs.next().unwrap();
    assert_eq!(v["title"], title);
    let body: Vec<&str> = paragraphs.filter(|p| *p != "Date:").collect();
    assert_eq!(v["body"].as_str().unwrap(), body.join("\n\n"));
    assert!(v.get("date").is_some() && v.get("author").is_some());
}

#[test]
fn bad_inputs_give_clear_errors_and_exit_1() {
    let german = std::fs::read(root().join("tests/data/de_artikel.txt")).unwrap();
    let cases: [(&[u8], &str); 5] = [
        (b"", "empty"),
        (b"  \n\t\n  ", "no text"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00", "binary"),
        (&german, "German"),
        (b"<html><body><script>var a = 1;</script></body></html>", "no text"),
    ];
    for (input, needle) in cases {
        let o = abrege(&[], input);
        assert_eq!(o.status.code(), Some(1), "{needle}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(needle), "{needle} not in {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(o.stdout.is_empty());
    }
    let o = abrege(&[], &german);
    assert!(stderr(&o).contains("--lang"), "the German error names the escape: {}", stderr(&o));
    // The escape works.
    let o = abrege(&["--lang", "en", "-n", "1"], &german);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn windows_1252_is_decoded() {
    let o = abrege(&["extract", root().join("tests/data/fr_cp1252.txt").to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains('é') && out.contains('€') && out.contains('’'), "{out}");
    assert!(!out.contains('\u{fffd}'));
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["--to", "de"][..], &["-n", "x"], &["--format", "pdf"], &["--ratio", "3"]] {
        let o = abrege(args, b"The council voted.");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn jsonl_one_line_per_input_line_errors_included() {
    let input = concat!(
        r#"{"id": 1, "text": "Le conseil municipal a voté le budget mardi soir après un long débat."}"#,
        "\n{not json}\n",
        r#"{"id": "x", "html": "<p>The city council approved the new budget on Tuesday after a long debate.</p>"}"#,
        "\n",
        r#"{"id": "e", "text": ""}"#,
        "\n"
    );
    for sub in [&["detect"][..], &["split"], &["extract"], &[]] {
        let args: Vec<&str> = sub.iter().copied().chain(["--jsonl"]).collect();
        let o = abrege(&args, input.as_bytes());
        assert_eq!(o.status.code(), Some(1), "{sub:?}: a bad line makes the run exit 1");
        let lines: Vec<serde_json::Value> =
            stdout(&o).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
        assert_eq!(lines.len(), 4, "{sub:?}");
        assert_eq!(lines[0]["id"], 1);
        assert_eq!(lines[0]["lang"], "fr");
        assert_eq!(lines[1]["error"]["kind"], "bad_request");
        assert_eq!(lines[2]["id"], "x");
        assert_eq!(lines[2]["lang"], "en");
        assert_eq!(lines[3]["error"]["kind"], "empty");
    }
}

#[test]
fn folder_runs_every_file_and_reports_failures() {
    let dir = std::env::temp_dir().join(format!("abrege-cli-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(seed(), dir.join("a.txt")).unwrap();
    std::fs::write(dir.join("b.txt"), b"").unwrap();
    std::fs::copy(root().join("samples/en/01_port_strike.txt"), dir.join("sub/c.txt")).unwrap();
    let o = abrege(&["detect", dir.to_str().unwrap(), "missing-file.txt"], b"");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("a.txt <==\nfr") && out.contains("c.txt <==\nen"), "{out}");
    let err = stderr(&o);
    assert!(err.contains("b.txt") && err.contains("missing-file.txt"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn closed_pipe_ends_quietly() {
    let sentence = "Le conseil municipal a voté le budget mardi soir. ";
    let text = sentence.repeat(200_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_abrege"))
        .args(["split", "--lang", "fr"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // Dropping our end of stdout closes the pipe under the running binary.
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    writer.join().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn help_lists_the_exit_codes() {
    let o = abrege(&["--help"], b"");
    assert!(stdout(&o).contains("Exit codes"));
}

#[test]
fn jsonl_folders_honour_glob() {
    let dir = std::env::temp_dir().join(format!("abrege-jsonl-glob-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let line = r#"{"id": 1, "text": "The city council approved the budget on Tuesday after a long debate."}"#;
    std::fs::write(dir.join("a.jsonl"), format!("{line}\n")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not json\n").unwrap();
    let o = abrege(&["detect", "--jsonl", "--glob", "*.jsonl", dir.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}
