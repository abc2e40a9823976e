//! What a new user hit in a first hour (issue 17), one test per case, on the
//! real binary: special files and link loops in folders, reruns after a change
//! of options, several input folders, refused output folders, no input, a
//! closed stdout, the progress bar on a terminal, JSON lines at their edges,
//! odd encodings and short articles.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> PathBuf {
    root().join("samples/fr/00_seed_stargate.txt")
}

fn english() -> PathBuf {
    root().join("samples/en/01_port_strike.txt")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("abrege-first-hour-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary with `stdin`, killing it after `limit` (a hang is a failure, not a stuck test).
fn run_for(args: &[&str], stdin: &[u8], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_abrege"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("abrege {args:?} still runs after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().expect("binary ends");
    writer.join().unwrap();
    out
}

fn abrege(args: &[&str], stdin: &[u8]) -> Output {
    run_for(args, stdin, Duration::from_secs(120))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_folder_is_skipped_with_a_warning_never_opened() {
    let dir = scratch("fifo");
    std::fs::copy(seed(), dir.join("a.txt")).unwrap();
    let fifo = dir.join("fifo.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for args in [vec![s(&dir)], vec![s(&dir), "-o", s(&dir.with_extension("out"))]] {
        let o = run_for(&args, b"", Duration::from_secs(60));
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        assert!(text(&o.stderr).contains("fifo.txt: skipped: a FIFO"), "{}", text(&o.stderr));
    }
    assert!(!dir.with_extension("out").join("fifo.txt").exists());
    let _ = std::fs::remove_dir_all(dir.with_extension("out"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_gives_each_real_file_once() {
    let dir = scratch("loop");
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::copy(seed(), input.join("a.txt")).unwrap();
    std::fs::copy(english(), input.join("sub/b.txt")).unwrap();
    std::os::unix::fs::symlink("..", input.join("sub/up")).unwrap();
    // A second name for one file: still one file.
    std::os::unix::fs::symlink("a.txt", input.join("same.txt")).unwrap();
    let out = dir.join("out");
    let o = abrege(&[s(&input), "-o", s(&out)], b"");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("2 done, 0 skipped, 0 failed"), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("up: skipped: a link to a folder already read"), "{}", text(&o.stderr));
    assert!(!out.join("sub/up").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_rerun_redoes_outputs_whose_options_or_input_changed() {
    let dir = scratch("rerun");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(seed(), input.join("a.txt")).unwrap();
    std::fs::copy(english(), input.join("b.txt")).unwrap();
    let out = dir.join("out");
    let report = |extra: &[&str]| {
        let mut args = vec![s(&input), "-o", s(&out)];
        args.extend_from_slice(extra);
        let o = abrege(&args, b"");
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let err = text(&o.stderr);
        err.lines().last().unwrap_or_default().to_string()
    };
    assert_eq!(report(&[]), "abrege: 2 done, 0 skipped, 0 failed");
    assert_eq!(report(&[]), "abrege: 2 done, 0 skipped, 0 failed".replace("2 done, 0", "0 done, 2"));
    let three = std::fs::read_to_string(out.join("a.txt")).unwrap();
    assert_eq!(report(&["-n", "5"]), "abrege: 2 done, 0 skipped, 0 failed");
    assert_ne!(std::fs::read_to_string(out.join("a.txt")).unwrap(), three, "-n 5 was written");
    assert_eq!(report(&["-n", "5", "--to", "en"]), "abrege: 2 done, 0 skipped, 0 failed");
    assert_eq!(report(&["-n", "5", "--to", "en"]), "abrege: 0 done, 2 skipped, 0 failed");
    // One input changed (even to an older time, as `cp -p` does): only it is redone.
    std::fs::write(input.join("b.txt"), std::fs::read_to_string(english()).unwrap() + "\nOne more line.\n").unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::options().write(true).open(input.join("b.txt")).unwrap().set_modified(old).unwrap();
    assert_eq!(report(&["-n", "5", "--to", "en"]), "abrege: 1 done, 1 skipped, 0 failed");
    assert_eq!(report(&["-n", "5", "--to", "en", "--force"]), "abrege: 2 done, 0 skipped, 0 failed");
    // The manifest is hidden: the output folder read as input does not summarize it.
    assert!(out.join(".abrege-manifest.json").exists());
    let o = abrege(&["detect", s(&out)], b"");
    assert_eq!(text(&o.stdout).matches("==>").count(), 2, "{}", text(&o.stdout));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn several_input_folders_are_mirrored_under_their_own_names() {
    let dir = scratch("mirror");
    for name in ["x", "y"] {
        std::fs::create_dir_all(dir.join(name)).unwrap();
    }
    std::fs::copy(seed(), dir.join("x/a.txt")).unwrap();
    std::fs::copy(english(), dir.join("y/a.txt")).unwrap();
    let out = dir.join("out");
    let o = abrege(&[s(&dir.join("x")), s(&dir.join("y")), "-o", s(&out), "--format", "json"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let lang = |p: &str| {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join(p)).unwrap()).unwrap();
        v["lang"].as_str().unwrap().to_string()
    };
    assert_eq!((lang("x/a.json"), lang("y/a.json")), ("fr".to_string(), "en".to_string()));
    assert!(!out.join("a.json").exists() && !out.join("a.txt.json").exists());
    // Two files of one name given directly: the second is refused, not renamed.
    let o = abrege(&[s(&dir.join("x/a.txt")), s(&dir.join("y/a.txt")), "-o", s(&dir.join("out2"))], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("is already"), "{}", text(&o.stderr));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_refused_output_folder_creates_nothing() {
    let dir = scratch("refused");
    std::fs::copy(seed(), dir.join("a.txt")).unwrap();
    let o = abrege(&[s(&dir), "-o", s(&dir.join("new/deep/out"))], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("inside the input folder"), "{}", text(&o.stderr));
    assert!(!dir.join("new").exists(), "the refused folder was created");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn an_existing_read_only_output_folder_is_one_error_exit_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("readonly");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(seed(), input.join("a.txt")).unwrap();
    std::fs::copy(english(), input.join("b.txt")).unwrap();
    let ro = dir.join("ro");
    std::fs::create_dir_all(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes anywhere: then /proc/self, an existing folder no one writes in, stands in.
    let out = if std::fs::File::create(ro.join("probe")).is_ok() { PathBuf::from("/proc/self") } else { ro.clone() };
    let o = abrege(&[s(&input), "-o", s(&out)], b"");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert_eq!(err.matches("abrege:").count(), 1, "{err}");
    assert!(err.contains("cannot write in the output folder") && err.contains("choose another folder"), "{err}");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn no_input_and_bad_globs_are_said() {
    let dir = scratch("noinput");
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = abrege(&[s(&empty)], b"");
    assert_eq!(o.status.code(), Some(3));
    assert!(text(&o.stderr).contains("no input: no file in"), "{}", text(&o.stderr));
    std::fs::copy(seed(), dir.join("a.txt")).unwrap();
    let o = abrege(&[s(&dir), "--glob", "*.pdf", "-o", s(&dir.with_extension("out"))], b"");
    assert_eq!(o.status.code(), Some(3));
    assert!(text(&o.stderr).contains("no file matching --glob '*.pdf'"), "{}", text(&o.stderr));
    assert!(!dir.with_extension("out").exists(), "no input, no output folder");
    let o = abrege(&["--jsonl", s(&empty)], b"");
    assert_eq!(o.status.code(), Some(3));
    for bad in ["[", "*.[ch"] {
        let o = abrege(&[s(&dir), "--glob", bad], b"");
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(text(&o.stderr).contains("is never closed"), "{}", text(&o.stderr));
    }
    let o = abrege(&["detect", s(&dir), "--glob", "[a-c].txt"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_for_jobs_and_lengths() {
    for args in [&["-j", "100000"][..], &["-n", "0"], &["--words", "0"]] {
        let o = run_for(args, b"", Duration::from_secs(20));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(text(&o.stderr).contains(args[1]), "{args:?}: {}", text(&o.stderr));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_closed_stdout_is_an_error() {
    let o = Command::new("sh")
        .args(["-c", "exec \"$0\" \"$1\" >&-", env!("CARGO_BIN_EXE_abrege"), s(&seed())])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("standard output is closed"), "{}", text(&o.stderr));
    // /dev/null is a choice, not a closed output.
    let o = Command::new(env!("CARGO_BIN_EXE_abrege")).arg(seed()).stdout(Stdio::null()).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
}

/// What a terminal shows once `\r` and "erase line" are applied: one string a line.
fn screen(raw: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for line in raw.split('\n') {
        let (mut cells, mut col): (Vec<char>, usize) = (Vec::new(), 0);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => col = 0,
                '\u{1b}' => {
                    let mut seq = String::new();
                    for d in chars.by_ref() {
                        seq.push(d);
                        if d.is_ascii_alphabetic() {
                            break;
                        }
                    }
                    if seq == "[2K" {
                        cells.clear();
                    }
                }
                c => {
                    if col < cells.len() {
                        cells[col] = c;
                    } else {
                        cells.push(c);
                    }
                    col += 1;
                }
            }
        }
        lines.push(cells.into_iter().collect::<String>().trim_end().to_string());
    }
    lines
}

#[cfg(target_os = "linux")]
#[test]
fn the_progress_bar_never_shares_a_line_with_output() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("no `script` command: this test needs a terminal");
        return;
    }
    let dir = scratch("bar");
    for i in 0..12 {
        std::fs::copy(if i % 2 == 0 { seed() } else { english() }, dir.join(format!("{i:02}.txt"))).unwrap();
    }
    let cmd = format!("{} -j 1 {}", env!("CARGO_BIN_EXE_abrege"), s(&dir));
    let o = Command::new("script").args(["-qec", &cmd, "/dev/null"]).stdin(Stdio::null()).output().unwrap();
    let shown = screen(&text(&o.stdout));
    assert!(shown.iter().filter(|l| l.starts_with("==> ")).count() == 12, "{shown:#?}");
    for line in &shown {
        let bar = line.contains('█') || line.contains('░');
        // The bar's line is the bar alone: `███░░ 3/12 4.2/s eta 2s`.
        let rest: Vec<&str> = line.trim_start_matches(['█', '░']).split_whitespace().collect();
        assert!(!bar || (rest.len() == 4 && rest[2] == "eta"), "the bar shares a line with output: {line:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn jsonl_lines(o: &Output) -> Vec<serde_json::Value> {
    text(&o.stdout).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn jsonl_ids_come_back_byte_for_byte_with_a_bom_and_blank_lines() {
    let article = "Le conseil municipal a voté le budget mardi soir.";
    let input = format!(
        "\u{feff}{{\"id\": 18446744073709551616, \"text\": \"{article}\"}}\n\n   \n{{\"id\": 1e2, \"text\": \"{article}\"}}\n\
         {{\"text\": \"{article}\", \"id\": {{\"k\": [1, 2.50]}}}}\n"
    );
    let o = abrege(&["detect", "--jsonl"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let ids: Vec<&str> = out.lines().map(|l| l.split(",\"lang\"").next().unwrap()).collect();
    assert_eq!(ids, ["{\"id\":18446744073709551616", "{\"id\":1e2", "{\"id\":{\"k\": [1, 2.50]}"], "{out}");
}

#[test]
fn jsonl_text_and_html_together_is_refused_by_kind() {
    let o = abrege(&["--jsonl"], br#"{"id": "a", "text": "Le vote a eu lieu.", "html": "<p>Le vote.</p>"}"#);
    assert_eq!(o.status.code(), Some(1));
    let v = &jsonl_lines(&o)[0];
    assert_eq!((v["id"].as_str(), v["error"]["kind"].as_str()), (Some("a"), Some("text_and_html")), "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("keep one"), "{v}");
}

/// The resident memory of a running process, in bytes (Linux).
#[cfg(target_os = "linux")]
fn rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?.trim().trim_end_matches(" kB").trim();
    kb.parse::<u64>().ok().map(|k| k * 1024)
}

#[cfg(target_os = "linux")]
#[test]
fn jsonl_overlong_line_is_skipped_with_flat_memory() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_abrege"))
        .args(["detect", "--jsonl", "--max-bytes", "1000"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    // 300 MB on one line, then a good line: watch the memory while it streams.
    let writer = std::thread::spawn(move || {
        stdin.write_all(b"{\"id\": 7, \"text\": \"").unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..300 {
            stdin.write_all(&chunk).unwrap();
        }
        stdin.write_all(b"\"}\n{\"id\": 8, \"text\": \"Le conseil municipal a vot\xc3\xa9 le budget.\"}\n").unwrap();
    });
    let mut peak = 0;
    while !writer.is_finished() {
        peak = peak.max(rss(pid).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(20));
    }
    writer.join().unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(peak < 64 << 20, "{} MB resident while reading a 300 MB line", peak >> 20);
    let lines = jsonl_lines(&o);
    assert_eq!(lines.len(), 2, "{}", text(&o.stdout));
    assert_eq!((lines[0]["id"].as_u64(), lines[0]["error"]["kind"].as_str()), (Some(7), Some("too_large")));
    assert_eq!((lines[1]["id"].as_u64(), lines[1]["lang"].as_str()), (Some(8), Some("fr")));
}

#[test]
fn a_brief_of_one_or_two_sentences_is_summarized() {
    let cases = [
        "Le conseil municipal a voté le budget mardi soir.\n",
        "Le conseil municipal a voté le budget mardi soir. Les travaux commenceront en juin.\n",
        "The council approved the budget on Tuesday night.\n",
    ];
    for brief in cases {
        let o = abrege(&["--format", "json"], brief.as_bytes());
        assert_eq!(o.status.code(), Some(0), "{brief}: {}", text(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let picked: Vec<&str> = v["sentences"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        assert_eq!(picked.join(" "), brief.trim(), "{v}");
    }
    // Furniture alone is still no article.
    let o = abrege(&[], b"Accueil\n\nContact\n\nMentions legales\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no sentence"), "{}", text(&o.stderr));
}

#[test]
fn explain_in_french_has_french_spacing() {
    let o = abrege(&["--explain", "--to", "fr", s(&seed())], b"");
    let out = text(&o.stdout);
    assert!(out.contains("[gardé\u{202F}: texte courant]"), "{out}");
    assert!(!out.contains(['\u{2068}', '\u{2069}']), "{out}");
    for line in out.lines().filter(|l| l.trim_start().starts_with('[')) {
        let label = &line[..line.find(']').unwrap()];
        assert!(!label.contains(" :") && !label.contains("é:") && !label.contains("« "), "{line}");
    }
}

#[test]
fn odd_encodings_read_right_or_refused_with_what_to_do() {
    let dir = scratch("encodings");
    let fr = std::fs::read_to_string(seed()).unwrap();
    let mac = encoding_rs::MACINTOSH.encode(&fr).0.into_owned();
    std::fs::write(dir.join("mac.txt"), &mac).unwrap();
    let utf16: Vec<u8> = fr.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.join("utf16.txt"), &utf16).unwrap();
    let page = format!("<html><body><h1>Titre</h1><p>{}</p></body></html>", fr.replace("\n\n", "</p><p>"));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(page.as_bytes()).unwrap();
    std::fs::write(dir.join("page.html.gz"), gz.finish().unwrap()).unwrap();
    let plain = abrege(&["extract", s(&seed())], b"");
    for name in ["mac.txt", "utf16.txt"] {
        let o = abrege(&["extract", s(&dir.join(name))], b"");
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
        assert_eq!(text(&o.stdout), text(&plain.stdout), "{name}");
    }
    let o = abrege(&["--format", "json", s(&dir.join("page.html.gz"))], b"");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["title"], "Titre");
    let office: [(&str, &[u8], &str); 2] = [
        ("a.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>>\n", "pdftotext"),
        ("a.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml", "pandoc"),
    ];
    for (name, bytes, how) in office {
        std::fs::write(dir.join(name), bytes).unwrap();
        let o = abrege(&[s(&dir.join(name))], b"");
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o.stderr).contains(how) && text(&o.stderr).contains(name), "{}", text(&o.stderr));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn html_nested_100000_deep_keeps_its_paragraphs() {
    let fr = std::fs::read_to_string(seed()).unwrap();
    let paragraphs: Vec<&str> = fr.split("\n\n").map(str::trim).filter(|p| p.len() > 80).take(6).collect();
    let body: String = paragraphs.iter().map(|p| format!("<div><p>{p}</p></div>")).collect();
    let depth = 100_000;
    let page = format!("<html><body>{}{body}{}</body></html>", "<div>".repeat(depth), "</div>".repeat(depth));
    let o = abrege(&["extract", "--input", "html"], page.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    for p in &paragraphs {
        let flat = p.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(out.split("\n\n").any(|b| b.trim() == flat), "paragraph not kept whole and apart: {flat}\n{out}");
    }
}
