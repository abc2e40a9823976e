//! Translation from the command line, on the real binary: a summary translated
//! by default when a model is found, the warning that names the command to run
//! when none is, and `abrege translate` (text as given, sentence by sentence,
//! paragraphs kept). With `--features marian`, the tiny reference models of
//! `tests/data/marian/` (written by `scripts/marian_reference.py` with
//! transformers) must give exactly transformers' `generate()` output.
//! Every run gets an empty Hugging Face cache, so no model of the machine's
//! own cache is found.

#[path = "support/stdin.rs"]
mod stdin;
#[path = "support/temp.rs"]
mod temp;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use temp::TempDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> PathBuf {
    root().join("samples/fr/00_seed_stargate.txt")
}

/// An empty folder for HF_HOME, one per test.
fn empty_home(name: &str) -> TempDir {
    TempDir::new(&format!("tcli-{name}"))
}

/// Runs abrege with `stdin`, nothing from the environment but HF_HOME.
fn abrege(args: &[&str], stdin: &[u8], hf_home: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_abrege"));
    cmd.args(args);
    for var in ["ABREGE_TRANSLATE", "ABREGE_TRANSLATE_URL", "ABREGE_MODEL_DIR", "ABREGE_API_KEY"] {
        cmd.env_remove(var);
    }
    for var in ["HF_HUB_CACHE", "HF_ENDPOINT", "http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy"] {
        cmd.env_remove(var);
    }
    cmd.env("HF_HOME", hf_home);
    stdin::output_with_stdin(cmd, stdin)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn without_a_model_the_warning_names_the_command_to_run() {
    let home = empty_home("nomodel");
    let o = abrege(&["--to", "en", "--format", "json", seed().to_str().unwrap()], b"", &home);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(s.get("translations").is_none(), "{s}");
    assert_eq!(s["sentences"].as_array().unwrap().len(), 3);
    let warning = s["warnings"][0].as_str().unwrap();
    if cfg!(feature = "marian") {
        assert!(warning.contains("`abrege models fetch fr-en`"), "{warning}");
        assert!(warning.contains(&home.join("hub").display().to_string()), "says where it looked: {warning}");
    } else {
        assert!(warning.contains("--features marian") && warning.contains("abrege models fetch"), "{warning}");
    }
    // The same on stderr in text mode, and `--translate none` silences it.
    let o = abrege(&["--to", "en", seed().to_str().unwrap()], b"", &home);
    assert!(stderr(&o).contains("warning: not translated:") && stderr(&o).contains("abrege models fetch"));
    let o = abrege(&["--to", "en", "--translate", "none", seed().to_str().unwrap()], b"", &home);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    assert!(stdout(&o).contains("no translation configured"));
}

#[test]
fn translate_without_a_model_is_an_error_naming_the_command() {
    let home = empty_home("translate-nomodel");
    let o = abrege(&["translate", "--lang", "fr", "--to", "en"], "Le conseil a voté le budget.".as_bytes(), &home);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let want = if cfg!(feature = "marian") { "`abrege models fetch fr-en`" } else { "--features marian" };
    assert!(err.contains(want), "{err}");
    assert!(o.stdout.is_empty());
    // In --jsonl mode: an error object for the line.
    let line = json!({"id": 7, "text": "The council voted the budget."}).to_string();
    let o = abrege(&["translate", "--jsonl", "--lang", "en"], line.as_bytes(), &home);
    assert_eq!(o.status.code(), Some(1));
    let reply: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(reply["id"], 7);
    assert_eq!(reply["error"]["kind"], "translate");
    let want = if cfg!(feature = "marian") { "`abrege models fetch en-fr`" } else { "--features marian" };
    assert!(reply["error"]["message"].as_str().unwrap().contains(want), "{reply}");
}

/// A LibreTranslate-compatible server that tags each text with its target:
/// `"<en> " + text`; serves `n` requests.
fn tagging_server(n: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n).flatten() {
            let _ = tag(stream);
        }
    });
    url
}

fn tag(mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let target = request["target"].as_str().unwrap_or("?");
    let q: Vec<String> = request["q"]
        .as_array()
        .map(|a| a.iter().map(|t| format!("<{target}> {}", t.as_str().unwrap_or(""))).collect())
        .unwrap_or_default();
    let reply = json!({ "translatedText": q }).to_string();
    let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", reply.len());
    stream.write_all(head.as_bytes())?;
    stream.write_all(reply.as_bytes())
}

const TEXT: &str = "Le conseil municipal a voté le budget mardi. Les transports gagnent dix pour cent.\n\
                    Une ligne de plus dans le même paragraphe.\n\n\
                    Le maire a salué un accord historique.\n";

#[test]
fn translate_keeps_lines_and_paragraphs() {
    let home = empty_home("paragraphs");
    let url = tagging_server(1);
    let o = abrege(&["translate", "--translate-url", &url], TEXT.as_bytes(), &home);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "<en> Le conseil municipal a voté le budget mardi. <en> Les transports gagnent dix pour cent.\n\
         <en> Une ligne de plus dans le même paragraphe.\n\n\
         <en> Le maire a salué un accord historique.\n"
    );
    let url = tagging_server(1);
    let o = abrege(&["translate", "--translate-url", &url, "--show-original"], TEXT.as_bytes(), &home);
    assert_eq!(
        stdout(&o),
        "<en> Le conseil municipal a voté le budget mardi. <en> Les transports gagnent dix pour cent.\n\
         <en> Une ligne de plus dans le même paragraphe.\n\
         > Le conseil municipal a voté le budget mardi. Les transports gagnent dix pour cent.\n\
         > Une ligne de plus dans le même paragraphe.\n\n\
         <en> Le maire a salué un accord historique.\n\
         > Le maire a salué un accord historique.\n"
    );
}

#[test]
fn translate_jsonl_replies_with_the_contract_fields() {
    let home = empty_home("jsonl");
    let url = tagging_server(2);
    let lines = [json!({"id": "a", "text": TEXT}), json!({"id": "b", "text": "The mayor praised a historic deal."})];
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let o = abrege(&["translate", "--jsonl", "--translate-url", &url], input.as_bytes(), &home);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let replies: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(replies.len(), 2);
    let keys: Vec<&str> = replies[0].as_object().unwrap().keys().map(String::as_str).collect();
    let mut want = vec!["id", "lang", "to", "sentences", "translations", "translated_by"];
    let mut got = keys.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want, "{}", replies[0]);
    assert_eq!((replies[0]["lang"].as_str(), replies[0]["to"].as_str()), (Some("fr"), Some("en")));
    let sentences = replies[0]["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 4, "{}", replies[0]);
    for (s, t) in sentences.iter().zip(replies[0]["translations"].as_array().unwrap()) {
        assert_eq!(t.as_str().unwrap(), format!("<en> {}", s.as_str().unwrap()));
    }
    assert!(replies[0]["translated_by"].as_str().unwrap().contains(url.trim_start_matches("http://")));
    // English goes to French by default.
    assert_eq!((replies[1]["id"].as_str(), replies[1]["to"].as_str()), (Some("b"), Some("fr")));
    assert_eq!(replies[1]["translations"][0], "<fr> The mayor praised a historic deal.");
}

#[test]
fn translate_into_the_text_language_changes_nothing() {
    let home = empty_home("same");
    let o = abrege(&["translate", "--to", "fr", "--format", "json"], TEXT.as_bytes(), &home);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let reply: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(reply["sentences"], reply["translations"]);
    assert_eq!(reply["translated_by"], Value::Null);
}

/// The reference fixtures: tiny opus-mt-like models and transformers' outputs.
#[cfg(feature = "marian")]
mod marian {
    use super::*;

    fn fixtures() -> PathBuf {
        root().join("tests/data/marian")
    }

    /// transformers' `generate()` rows of one direction.
    fn generated(pair: &str) -> Vec<Value> {
        let path = fixtures().join(format!("{pair}.generate.jsonl"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    /// The beam count transformers used for the "beam" outputs.
    fn reference_beams(pair: &str) -> usize {
        let text = std::fs::read_to_string(fixtures().join("reference.json")).unwrap();
        let report: Value = serde_json::from_str(&text).unwrap();
        report[format!("opus-mt-{pair}")]["settings"]["beam"]["num_beams"].as_u64().unwrap() as usize
    }

    /// `abrege translate --jsonl` on one sentence per line against the
    /// reference; returns how many lines were compared. A line that abrege
    /// splits into several sentences (the script split the articles its own
    /// way) is not comparable, transformers having translated it whole: at
    /// least four lines in five must be one sentence.
    fn same_as_reference(pair: &str, from: &str, to: &str, dir: &Path, beams: usize, key: &str) -> usize {
        let rows = generated(pair);
        let input: String =
            rows.iter().enumerate().map(|(i, r)| format!("{}\n", json!({"id": i, "text": r["text"]}))).collect();
        let home = empty_home(&format!("ref-{pair}-{beams}"));
        let beams_arg = beams.to_string();
        let args = [
            "translate",
            "--jsonl",
            "--lang",
            from,
            "--to",
            to,
            "--model-dir",
            dir.to_str().unwrap(),
            "--beams",
            &beams_arg,
        ];
        let o = abrege(&args, input.as_bytes(), &home);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let replies: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(replies.len(), rows.len());
        let mut compared = 0;
        let mut mismatches = Vec::new();
        for (row, reply) in rows.iter().zip(&replies) {
            if reply["sentences"].as_array().map(Vec::len) != Some(1) {
                continue;
            }
            compared += 1;
            let want = row[format!("{key}_text")].as_str().unwrap();
            let got = reply["translations"][0].as_str().unwrap();
            if got != want {
                mismatches.push(format!("{}\n  want {want:?}\n  got  {got:?}", row["text"]));
            }
        }
        assert!(
            mismatches.is_empty(),
            "{pair} {key}: {} of {compared} differ:\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
        assert!(compared * 5 >= rows.len() * 4, "{pair}: only {compared} of {} lines were one sentence", rows.len());
        compared
    }

    #[test]
    fn translate_greedy_is_transformers_generate() {
        let fr_en = fixtures().join("opus-mt-fr-en");
        assert!(same_as_reference("fr-en", "fr", "en", &fr_en, 1, "greedy") >= 90);
        // The folder of both models works as well as one model's folder.
        assert!(same_as_reference("en-fr", "en", "fr", &fixtures(), 1, "greedy") >= 90);
    }

    #[test]
    fn translate_with_beams_is_transformers_generate() {
        for (pair, from, to) in [("fr-en", "fr", "en"), ("en-fr", "en", "fr")] {
            let beams = reference_beams(pair);
            let dir = fixtures().join(format!("opus-mt-{pair}"));
            assert!(same_as_reference(pair, from, to, &dir, beams, "beam") >= 90);
        }
    }

    /// The seed's summary in English (JSON), with `--model-dir` when given.
    fn seed_summary(model_dir: Option<&Path>, home: &Path) -> Value {
        let seed = seed();
        let mut args = vec!["--to", "en", "--format", "json", seed.to_str().unwrap()];
        if let Some(dir) = model_dir {
            args.extend(["--model-dir", dir.to_str().unwrap()]);
        }
        let o = abrege(&args, b"", home);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    }

    #[test]
    fn a_summary_is_translated_with_no_other_setting() {
        let home = empty_home("summary");
        let dir = fixtures().join("opus-mt-fr-en");
        let s = seed_summary(Some(&dir), &home);
        assert!(s.get("warnings").is_none(), "{s}");
        let sentences = s["sentences"].as_array().unwrap();
        let translations = s["translations"].as_array().unwrap();
        assert_eq!(sentences.len(), translations.len());
        assert!(s["translated_by"].as_str().unwrap().contains("Marian"), "{s}");
        assert!(s["title_translation"].is_string(), "{s}");
        assert_eq!(
            s["summary"].as_str().unwrap(),
            translations.iter().map(|t| t.as_str().unwrap()).collect::<Vec<_>>().join(" ")
        );
        // Each key point is translated as `abrege translate` translates that sentence alone.
        for (sentence, translation) in sentences.iter().zip(translations) {
            let o = abrege(
                &["translate", "--lang", "fr", "--to", "en", "--model-dir", dir.to_str().unwrap(), "--format", "json"],
                sentence.as_str().unwrap().as_bytes(),
                &home,
            );
            let alone: Value = serde_json::from_slice(&o.stdout).unwrap();
            if alone["sentences"].as_array().map(Vec::len) == Some(1) {
                assert_eq!(&alone["translations"][0], translation, "{sentence}");
            }
        }
    }

    #[test]
    fn a_model_in_the_hugging_face_cache_is_found() {
        let home = empty_home("cache");
        let pinned = abrege::translate::hub::pinned(abrege::Lang::Fr, abrege::Lang::En).unwrap();
        let snapshot =
            abrege::translate::hub::repo_folder(&home.join("hub"), pinned.repo).join("snapshots").join(pinned.revision);
        std::fs::create_dir_all(&snapshot).unwrap();
        for entry in std::fs::read_dir(fixtures().join("opus-mt-fr-en")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, snapshot.join(path.file_name().unwrap())).unwrap();
        }
        let s = seed_summary(None, &home);
        assert!(s.get("warnings").is_none(), "{s}");
        assert_eq!(s["translations"].as_array().map(Vec::len), Some(3), "{s}");
        let o = abrege(&["models"], b"", &home);
        assert!(stdout(&o).contains(&format!("fr → en: {}", snapshot.display())), "{}", stdout(&o));
    }

    #[test]
    fn a_model_dir_of_the_other_direction_is_not_used() {
        // A model dir with en → fr only: a French article finds no fr → en model.
        let home = empty_home("other-direction");
        let s = seed_summary(Some(&fixtures().join("opus-mt-en-fr")), &home);
        let warning = s["warnings"][0].as_str().unwrap();
        assert!(warning.contains("the en → fr model") && warning.contains("`abrege models fetch fr-en`"), "{warning}");
    }
}
