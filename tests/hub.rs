//! `abrege models fetch` against a local hub: a server thread on 127.0.0.1
//! that serves the hub's URL layout (`/{repo}/resolve/{revision}/{file}`)
//! and the headers the client reads (`X-Repo-Commit`, `ETag`,
//! `X-Linked-Etag`, `X-Linked-Size`, a `Location` redirect to the storage of
//! LFS files, `Range` and 206). Downloads, resumes, refuses a corrupted byte,
//! and honours HF_ENDPOINT, HF_HOME and HF_TOKEN; nothing leaves loopback.

#[path = "support/temp.rs"]
mod temp;

use abrege::Lang;
use abrege::translate::hub::{self, Event, Hub};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use temp::TempDir;

/// One served file: its bytes, and whether it is stored with LFS.
struct Served {
    bytes: Vec<u8>,
    lfs: bool,
}

/// What the server does beyond serving.
#[derive(Default, Clone)]
struct Behaviour {
    /// The first GET of a LFS file stops after this many bytes (a cut connection).
    cut_at: Option<usize>,
    /// LFS files are served with their middle byte changed (the headers keep the true checksum).
    corrupt: bool,
    /// Requests without this bearer token get 401.
    token: Option<String>,
}

/// A request the server saw: method, path, and its headers (lowercase names).
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    headers: HashMap<String, String>,
}

struct FakeHub {
    endpoint: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn git_sha1(bytes: &[u8]) -> String {
    let mut h = Sha1::new();
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A model repository's files, with weights of `weights` bytes under `weights_name`.
fn repo_files(weights_name: &str, weights: usize) -> HashMap<String, Served> {
    let mut files = HashMap::new();
    let text = |s: &str| Served { bytes: s.as_bytes().to_vec(), lfs: false };
    files.insert("config.json".into(), text(r#"{"model_type": "marian", "d_model": 16}"#));
    files.insert("source.spm".into(), Served { bytes: (0..=255u8).cycle().take(3000).collect(), lfs: false });
    files.insert("target.spm".into(), Served { bytes: (0..=255u8).rev().cycle().take(2000).collect(), lfs: false });
    files.insert("vocab.json".into(), text(r#"{"</s>": 0, "<unk>": 1, "▁le": 2, "<pad>": 3}"#));
    files.insert("tokenizer_config.json".into(), text(r#"{"source_lang": "fr", "target_lang": "en"}"#));
    let weights: Vec<u8> = (0..weights).map(|i| (i * 7 % 251) as u8).collect();
    files.insert(weights_name.into(), Served { bytes: weights, lfs: true });
    files
}

impl FakeHub {
    /// Serves `files` as `repo` at `commit` (also under the revision `main`).
    fn start(repo: &str, commit: &str, files: HashMap<String, Served>, behaviour: Behaviour) -> FakeHub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let state = Arc::new((repo.to_string(), commit.to_string(), files, behaviour, endpoint.clone()));
        let log = seen.clone();
        let cuts = Arc::new(Mutex::new(0usize));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (state, log, cuts) = (state.clone(), log.clone(), cuts.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &state, &log, &cuts);
                });
            }
        });
        FakeHub { endpoint, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

type State = (String, String, HashMap<String, Served>, Behaviour, String);

/// Answers the requests of one connection (one per connection: `Connection: close`).
fn serve(stream: TcpStream, state: &State, log: &Mutex<Vec<Seen>>, cuts: &Mutex<usize>) -> std::io::Result<()> {
    let (repo, commit, files, behaviour, endpoint) = state;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    log.lock().unwrap().push(Seen { method: method.clone(), path: path.clone(), headers: headers.clone() });
    let mut out = stream;
    let reply = |out: &mut TcpStream, status: &str, extra: &[(String, String)], body: &[u8], send: Option<usize>| {
        let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
        for (k, v) in extra {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if method != "HEAD" {
            out.write_all(&body[..send.unwrap_or(body.len()).min(body.len())])?;
        }
        out.flush()
    };
    if let Some(token) = &behaviour.token
        && path.contains("/resolve/")
        && headers.get("authorization") != Some(&format!("Bearer {token}"))
    {
        return reply(&mut out, "401 Unauthorized", &[], b"", None);
    }
    // The storage of LFS files: /cdn/{sha256}.
    if let Some(sha) = path.strip_prefix("/cdn/") {
        let Some(file) = files.values().find(|f| f.lfs && sha256(&f.bytes) == sha) else {
            return reply(&mut out, "404 Not Found", &[], b"", None);
        };
        let mut bytes = file.bytes.clone();
        if behaviour.corrupt {
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x20;
        }
        let start = headers
            .get("range")
            .and_then(|r| r.strip_prefix("bytes="))
            .and_then(|r| r.trim_end_matches('-').parse::<usize>().ok());
        let cut = {
            let mut n = cuts.lock().unwrap();
            *n += 1;
            if *n == 1 { behaviour.cut_at } else { None }
        };
        return match start {
            Some(s) => {
                let range =
                    vec![("Content-Range".to_string(), format!("bytes {s}-{}/{}", bytes.len() - 1, bytes.len()))];
                reply(&mut out, "206 Partial Content", &range, &bytes[s..], cut)
            }
            None => reply(&mut out, "200 OK", &[], &bytes, cut),
        };
    }
    let prefix = format!("/{repo}/resolve/");
    let Some(rest) = path.strip_prefix(&prefix) else {
        let e = vec![("X-Error-Code".to_string(), "RepoNotFound".to_string())];
        return reply(&mut out, "404 Not Found", &e, b"", None);
    };
    let (revision, name) = rest.split_once('/').unwrap_or((rest, ""));
    if revision != commit && revision != "main" {
        let e = vec![("X-Error-Code".to_string(), "RevisionNotFound".to_string())];
        return reply(&mut out, "404 Not Found", &e, b"", None);
    }
    let Some(file) = files.get(name) else {
        let e =
            vec![("X-Error-Code".to_string(), "EntryNotFound".to_string()), ("X-Repo-Commit".into(), commit.clone())];
        return reply(&mut out, "404 Not Found", &e, b"", None);
    };
    let mut h = vec![("X-Repo-Commit".to_string(), commit.clone())];
    if file.lfs {
        let sha = sha256(&file.bytes);
        h.push(("ETag".into(), format!("\"{sha}\"")));
        h.push(("X-Linked-Etag".into(), format!("\"{sha}\"")));
        h.push(("X-Linked-Size".into(), file.bytes.len().to_string()));
        // Another origin (same server), as the hub's storage is another host.
        let storage = endpoint.replace("127.0.0.1", "localhost");
        h.push(("Location".into(), format!("{storage}/cdn/{sha}")));
        reply(&mut out, "302 Found", &h, b"", None)
    } else {
        h.push(("ETag".into(), format!("\"{}\"", git_sha1(&file.bytes))));
        reply(&mut out, "200 OK", &h, &file.bytes, None)
    }
}

fn temp(name: &str) -> TempDir {
    TempDir::new(&format!("hub-{name}"))
}

const REPO: &str = "Helsinki-NLP/opus-mt-fr-en";
const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";

fn fetch(hub: &Hub) -> Result<PathBuf, String> {
    hub.fetch(REPO, COMMIT, &mut |_| {}).map_err(|e| e.to_string())
}

fn weights_blob(cache: &Path, bytes: &[u8]) -> PathBuf {
    hub::repo_folder(cache, REPO).join("blobs").join(sha256(bytes))
}

#[test]
fn downloads_into_the_cache_layout_then_works_offline() {
    let files = repo_files("model.safetensors", 100_000);
    let want: HashMap<String, Vec<u8>> = files.iter().map(|(k, v)| (k.clone(), v.bytes.clone())).collect();
    let server = FakeHub::start(REPO, COMMIT, files, Behaviour::default());
    let cache = temp("layout");
    let hub = Hub::new(&server.endpoint, &cache, None);
    let mut events = Vec::new();
    let snapshot = hub
        .fetch(REPO, COMMIT, &mut |e| {
            if let Event::Done { file, cached, .. } = e {
                events.push((file.to_string(), cached));
            }
        })
        .unwrap();
    assert_eq!(snapshot, hub::repo_folder(&cache, REPO).join("snapshots").join(COMMIT));
    for (name, bytes) in &want {
        assert_eq!(&std::fs::read(snapshot.join(name)).unwrap(), bytes, "{name}");
        let blob = std::fs::canonicalize(snapshot.join(name)).unwrap();
        assert_eq!(blob.parent().unwrap().file_name().unwrap(), "blobs", "{name} links to a blob");
    }
    assert!(weights_blob(&cache, &want["model.safetensors"]).is_file(), "LFS blobs are named by sha256");
    assert!(!snapshot.join("pytorch_model.bin").exists(), "safetensors is preferred");
    // generation_config.json is absent from this repository: remembered.
    let no_exist = hub::repo_folder(&cache, REPO).join(".no_exist").join(COMMIT).join("generation_config.json");
    assert!(no_exist.is_file());
    assert_eq!(events.len(), want.len());
    assert!(events.iter().all(|(_, cached)| !cached));
    assert_eq!(hub::cached_snapshot(&cache, REPO, COMMIT), Some(snapshot.clone()));

    // Once complete, a pinned commit needs no network at all.
    let before = server.seen().len();
    assert_eq!(fetch(&hub).unwrap(), snapshot);
    assert_eq!(server.seen().len(), before);
}

#[test]
fn pytorch_weights_when_the_repository_has_no_safetensors() {
    let files = repo_files("pytorch_model.bin", 5000);
    let server = FakeHub::start(REPO, COMMIT, files, Behaviour::default());
    let cache = temp("bin");
    let snapshot = fetch(&Hub::new(&server.endpoint, &cache, None)).unwrap();
    assert!(snapshot.join("pytorch_model.bin").is_file());
    assert!(!snapshot.join("model.safetensors").exists());
    let asked: Vec<String> = server.seen().iter().filter(|s| s.method == "HEAD").map(|s| s.path.clone()).collect();
    assert!(asked.iter().any(|p| p.ends_with("/model.safetensors")), "{asked:?}");
}

#[test]
fn a_cut_transfer_resumes_with_a_range_request() {
    let files = repo_files("model.safetensors", 200_000);
    let weights = files["model.safetensors"].bytes.clone();
    let behaviour = Behaviour { cut_at: Some(70_000), ..Behaviour::default() };
    let server = FakeHub::start(REPO, COMMIT, files, behaviour);
    let cache = temp("cut");
    let snapshot = fetch(&Hub::new(&server.endpoint, &cache, None)).unwrap();
    assert_eq!(std::fs::read(snapshot.join("model.safetensors")).unwrap(), weights);
    let gets: Vec<Seen> = server.seen().into_iter().filter(|s| s.path.starts_with("/cdn/")).collect();
    assert_eq!(gets.len(), 2, "{gets:?}");
    assert_eq!(gets[0].headers.get("range"), None);
    assert_eq!(gets[1].headers.get("range").map(String::as_str), Some("bytes=70000-"));
}

#[test]
fn a_run_killed_midway_is_resumed_by_the_next() {
    let files = repo_files("model.safetensors", 50_000);
    let weights = files["model.safetensors"].bytes.clone();
    let server = FakeHub::start(REPO, COMMIT, files, Behaviour::default());
    let cache = temp("killed");
    // What an earlier run left: the first 12 345 bytes.
    let blob = weights_blob(&cache, &weights);
    std::fs::create_dir_all(blob.parent().unwrap()).unwrap();
    std::fs::write(blob.with_extension("incomplete"), &weights[..12_345]).unwrap();
    let snapshot = fetch(&Hub::new(&server.endpoint, &cache, None)).unwrap();
    assert_eq!(std::fs::read(snapshot.join("model.safetensors")).unwrap(), weights);
    assert!(!blob.with_extension("incomplete").exists());
    let gets: Vec<Seen> = server.seen().into_iter().filter(|s| s.path.starts_with("/cdn/")).collect();
    assert_eq!(gets.len(), 1);
    assert_eq!(gets[0].headers.get("range").map(String::as_str), Some("bytes=12345-"));
}

#[test]
fn a_corrupted_byte_is_refused() {
    let files = repo_files("model.safetensors", 30_000);
    let weights = files["model.safetensors"].bytes.clone();
    let behaviour = Behaviour { corrupt: true, ..Behaviour::default() };
    let server = FakeHub::start(REPO, COMMIT, files, behaviour);
    let cache = temp("corrupt");
    let err = fetch(&Hub::new(&server.endpoint, &cache, None)).unwrap_err();
    assert!(err.contains("its sha256 is") && err.contains(&sha256(&weights)), "{err}");
    assert!(err.contains("run the command again"), "{err}");
    let blob = weights_blob(&cache, &weights);
    assert!(!blob.exists() && !blob.with_extension("incomplete").exists(), "nothing corrupt is kept");
    let snapshot = hub::repo_folder(&cache, REPO).join("snapshots").join(COMMIT);
    assert!(!snapshot.join("model.safetensors").exists());
    assert_eq!(hub::cached_snapshot(&cache, REPO, COMMIT), None);
}

#[test]
fn a_refused_token_says_to_set_hf_token() {
    let behaviour = Behaviour { token: Some("hf_right".into()), ..Behaviour::default() };
    let server = FakeHub::start(REPO, COMMIT, repo_files("model.safetensors", 1000), behaviour);
    let cache = temp("token");
    let err = fetch(&Hub::new(&server.endpoint, &cache, Some("hf_wrong".into()))).unwrap_err();
    assert!(err.contains("HTTP 401") && err.contains("HF_TOKEN"), "{err}");
    assert!(fetch(&Hub::new(&server.endpoint, &cache, Some("hf_right".into()))).is_ok());
}

/// The real binary, with only the environment given (no proxy, no other cache).
fn abrege(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_abrege"));
    cmd.args(args);
    for var in ["HF_ENDPOINT", "HF_HOME", "HF_HUB_CACHE", "HF_TOKEN", "HF_TOKEN_PATH", "ABREGE_MODEL_DIR"] {
        cmd.env_remove(var);
    }
    for var in ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    cmd.output().unwrap()
}

#[test]
fn models_fetch_honours_hf_endpoint_hf_home_and_hf_token() {
    let pinned = hub::pinned(Lang::Fr, Lang::En).unwrap();
    let files = repo_files("model.safetensors", 40_000);
    let weights = files["model.safetensors"].bytes.clone();
    let behaviour = Behaviour { token: Some("hf_secret".into()), ..Behaviour::default() };
    let server = FakeHub::start(pinned.repo, pinned.revision, files, behaviour);
    let home = temp("cli");
    let env =
        [("HF_ENDPOINT", server.endpoint.as_str()), ("HF_HOME", home.to_str().unwrap()), ("HF_TOKEN", "hf_secret")];
    let before = abrege(&["models"], &env[..2]);
    let status = String::from_utf8_lossy(&before.stdout).to_string();
    assert_eq!(status.matches("MISSING").count(), 2, "{status}");
    assert!(status.contains("abrege models fetch"), "{status}");

    let o = abrege(&["models", "fetch", "fr-en"], &env);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    let snapshot = home.join("hub").join("models--Helsinki-NLP--opus-mt-fr-en").join("snapshots").join(pinned.revision);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(stdout.trim(), format!("fr-en\t{}", snapshot.display()));
    assert_eq!(std::fs::read(snapshot.join("model.safetensors")).unwrap(), weights);
    // Every request went to the local hub; the token only to its own address.
    let seen = server.seen();
    assert!(seen.len() >= 7, "{seen:?}");
    for s in &seen {
        let auth = s.headers.get("authorization").map(String::as_str);
        let want = if s.path.starts_with("/cdn/") { None } else { Some("Bearer hf_secret") };
        assert_eq!(auth, want, "{s:?}");
    }

    // `abrege models` now finds fr → en in the cache, en → fr still missing.
    let after = abrege(&["models"], &env[..2]);
    let status = String::from_utf8_lossy(&after.stdout).to_string();
    assert!(status.contains(&format!("fr → en: {}", snapshot.display())), "{status}");
    assert!(status.contains("abrege models fetch en-fr"), "{status}");

    // HF_HUB_CACHE wins over HF_HOME.
    let elsewhere = home.join("elsewhere");
    let env2 = [
        ("HF_ENDPOINT", server.endpoint.as_str()),
        ("HF_HUB_CACHE", elsewhere.to_str().unwrap()),
        ("HF_TOKEN", "hf_secret"),
    ];
    let o = abrege(&["models", "fetch", "fr-en"], &env2);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        elsewhere
            .join("models--Helsinki-NLP--opus-mt-fr-en/snapshots")
            .join(pinned.revision)
            .join("config.json")
            .is_file()
    );

    // A hub that does not answer: an error naming it, exit 1.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let o = abrege(&["models", "fetch", "en-fr"], &[("HF_ENDPOINT", &closed), ("HF_HOME", home.to_str().unwrap())]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("cannot reach") && stderr.contains(&closed), "{stderr}");
}
