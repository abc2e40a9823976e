//! `--translate http` against LibreTranslate-compatible servers written here:
//! std's TcpListener on 127.0.0.1:0, one thread, a fixed number of
//! connections, then it stops. Every failure must leave the summary
//! untranslated, with a warning on stderr and exit 0, in bounded time.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

fn seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/fr/00_seed_stargate.txt")
}

/// What the test server does with the n-th request (0-based).
#[derive(Clone, Copy)]
enum Behaviour {
    /// `{"translatedText": ["EN: " + q...]}`.
    Translate,
    /// HTTP 500 with a LibreTranslate error body.
    Fail500,
    /// HTTP 500 on the first request, then translate.
    FailOnce,
    /// 200 with a body that is not JSON.
    Malformed,
    /// Reads the request and never answers (until the client gives up).
    Silent,
    /// 403 with `{"error": "Invalid API key"}`.
    Forbidden,
}

/// A test server; its requests' JSON bodies arrive on the returned channel.
fn server(behaviour: Behaviour, max_requests: usize) -> (String, mpsc::Receiver<Value>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for (n, stream) in listener.incoming().take(max_requests).enumerate() {
            let Ok(stream) = stream else { continue };
            let tx = tx.clone();
            // One thread per connection, so a silent one does not block the next.
            thread::spawn(move || serve(stream, behaviour, n, &tx));
        }
    });
    (url, rx)
}

fn serve(mut stream: TcpStream, behaviour: Behaviour, n: usize, tx: &mpsc::Sender<Value>) {
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    let _ = reader.read_line(&mut request_line);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    assert!(request_line.starts_with("POST /translate "), "{request_line}");
    let _ = tx.send(request.clone());
    let (status, reply) = match behaviour {
        Behaviour::Translate => (200, translated(&request)),
        Behaviour::FailOnce if n > 0 => (200, translated(&request)),
        Behaviour::Fail500 | Behaviour::FailOnce => (500, json!({"error": "model crashed"}).to_string()),
        Behaviour::Malformed => (200, "<html>not json</html>".to_string()),
        Behaviour::Forbidden => (403, json!({"error": "Invalid API key"}).to_string()),
        Behaviour::Silent => {
            thread::sleep(Duration::from_secs(5));
            return;
        }
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(reply.as_bytes());
}

fn translated(request: &Value) -> String {
    let q: Vec<String> =
        request["q"].as_array().unwrap().iter().map(|t| format!("EN: {}", t.as_str().unwrap())).collect();
    json!({ "translatedText": q }).to_string()
}

fn abrege(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_abrege"))
        .args(args)
        .env_remove("ABREGE_TRANSLATE")
        .env_remove("ABREGE_TRANSLATE_URL")
        .env_remove("ABREGE_MODEL_DIR")
        .env_remove("ABREGE_API_KEY")
        .env("NO_PROXY", "*")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .expect("binary runs");
    (out, start.elapsed())
}

fn json_summary(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn translations_are_aligned_with_the_picked_sentences() {
    let (url, requests) = server(Behaviour::Translate, 1);
    let seed = seed();
    let args =
        ["--to", "en", "--translate", "http", "--translate-url", &url, seed.to_str().unwrap(), "--format", "json"];
    let (o, _) = abrege(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    let s = json_summary(&o);
    let sentences = s["sentences"].as_array().unwrap();
    let translations = s["translations"].as_array().expect("translations");
    assert_eq!(translations.len(), sentences.len());
    assert!(!sentences.is_empty());
    for (t, orig) in translations.iter().zip(sentences) {
        assert_eq!(t.as_str().unwrap(), format!("EN: {}", orig.as_str().unwrap()));
    }
    assert_eq!(s["title_translation"].as_str().unwrap(), format!("EN: {}", s["title"].as_str().unwrap()));
    assert!(s["translated_by"].as_str().unwrap().contains("127.0.0.1"), "{s}");
    assert!(s.get("warnings").is_none(), "{s}");
    assert!(s["rendered"].as_str().unwrap().contains("translated from French by LibreTranslate"), "{s}");
    let joined: Vec<&str> = translations.iter().map(|t| t.as_str().unwrap()).collect();
    assert_eq!(s["summary"], joined.join(" "), "the summary is the translated key points");

    // One batch: the title then the sentences, with LibreTranslate's fields.
    let request = requests.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(request["source"], "fr");
    assert_eq!(request["target"], "en");
    assert_eq!(request["format"], "text");
    assert!(request.get("api_key").is_none());
    let q = request["q"].as_array().unwrap();
    assert_eq!(q[0], s["title"]);
    assert_eq!(&q[1..], &sentences[..]);
}

#[test]
fn text_output_shows_translations_and_originals_on_request() {
    let (url, requests) = server(Behaviour::Translate, 2);
    let seed = seed();
    let base = ["--to", "en", "--translate-url", &url, "--api-key", "secret", seed.to_str().unwrap()];
    let (o, _) = abrege(&base);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("Key points translated from French by LibreTranslate (127.0.0.1:"), "{out}");
    assert!(!out.contains("quoted in French"), "{out}");
    let points: Vec<&str> = out.lines().filter(|l| l.starts_with("• ")).collect();
    assert_eq!(points.len(), 3, "{out}");
    assert!(points.iter().all(|p| p.starts_with("• EN: ")), "{out}");
    assert!(!out.contains("original:"), "{out}");
    assert_eq!(requests.recv_timeout(Duration::from_secs(5)).unwrap()["api_key"], "secret");

    let mut args = base.to_vec();
    args.extend(["--show-original", "--format", "markdown"]);
    let (o, _) = abrege(&args);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().filter(|l| l.starts_with("- EN: ")).count(), 3, "{out}");
    assert_eq!(out.lines().filter(|l| l.starts_with("  > original: ")).count(), 3, "{out}");
}

#[test]
fn the_same_language_is_not_sent() {
    // No server listens: a request would give a warning.
    let seed = seed();
    let (o, _) = abrege(&["--to", "fr", "--translate-url", "http://127.0.0.1:9", seed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    assert!(!String::from_utf8(o.stdout).unwrap().contains("tradui"));
}

#[test]
fn a_retry_gets_past_one_server_error() {
    let (url, _requests) = server(Behaviour::FailOnce, 2);
    let seed = seed();
    let (o, _) = abrege(&["--to", "en", "--translate-url", &url, seed.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    assert!(json_summary(&o)["translations"].is_array());
}

/// Runs abrege against a failing server and checks the untranslated summary.
fn untranslated(url: Option<&str>, extra: &[&str], want_in_warning: &str) {
    let seed = seed();
    let mut args = vec!["--to", "en", "--translate", "http", "--translate-timeout", "0.5"];
    if let Some(url) = url {
        args.extend(["--translate-url", url]);
    }
    args.extend(extra);
    args.push(seed.to_str().unwrap());
    let (o, took) = abrege(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(took < Duration::from_secs(8), "took {took:?}");
    let err = stderr(&o);
    assert!(err.contains("warning: not translated:"), "{err}");
    assert!(err.contains(want_in_warning), "{err}");
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(out.contains("quoted in French"), "{out}");
    assert_eq!(out.lines().filter(|l| l.starts_with("• ")).count(), 3, "{out}");

    // The JSON form carries the warning and no translations.
    args.extend(["--format", "json"]);
    let (o, _) = abrege(&args);
    assert_eq!(o.status.code(), Some(0));
    let s = json_summary(&o);
    assert!(s.get("translations").is_none(), "{s}");
    assert!(s["warnings"][0].as_str().unwrap().contains(want_in_warning), "{s}");
    assert_eq!(s["sentences"].as_array().unwrap().len(), 3);
}

#[test]
fn a_server_error_gives_the_untranslated_summary() {
    let (url, requests) = server(Behaviour::Fail500, 4);
    untranslated(Some(&url), &["--translate-retries", "1"], "failed (HTTP 500: model crashed) (after 2 attempts)");
    assert_eq!(requests.try_iter().count(), 4, "two attempts per run");
}

#[test]
fn a_malformed_reply_gives_the_untranslated_summary() {
    let (url, requests) = server(Behaviour::Malformed, 2);
    untranslated(Some(&url), &[], "not LibreTranslate's");
    assert_eq!(requests.try_iter().count(), 2, "no retry on a malformed reply");
}

#[test]
fn a_silent_server_times_out() {
    let (url, _requests) = server(Behaviour::Silent, 4);
    untranslated(Some(&url), &["--translate-retries", "1"], "did not answer within 0.5 s");
}

#[test]
fn a_refused_key_says_to_check_it() {
    let (url, _requests) = server(Behaviour::Forbidden, 2);
    untranslated(Some(&url), &["--api-key", "wrong"], "HTTP 403: Invalid API key");
}

#[test]
fn an_unreachable_server_gives_the_untranslated_summary() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    untranslated(Some(&format!("http://127.0.0.1:{port}")), &["--translate-retries", "0"], "cannot reach");
}

#[test]
fn a_missing_url_is_a_warning_too() {
    untranslated(None, &[], "--translate-url");
}
