//! `abrege models fetch`: Helsinki-NLP's opus-mt models from the Hugging Face
//! hub, into the hub's standard cache, as `huggingface_hub` lays it out.
//!
//! Input: a repository (`Helsinki-NLP/opus-mt-fr-en`), a pinned commit and the
//! environment (`HF_ENDPOINT`, `HF_HUB_CACHE`, `HF_HOME`, `HF_TOKEN`). Output:
//! the snapshot folder `{cache}/models--Helsinki-NLP--opus-mt-fr-en/snapshots/{commit}/`
//! whose files link to `blobs/{etag}`, the folder the `marian` backend reads.
//!
//! Per file: a `HEAD` on `{endpoint}/{repo}/resolve/{revision}/{file}` gives
//! the commit (`X-Repo-Commit`), the checksum (`X-Linked-Etag` for LFS files:
//! their sha256; else `ETag`: the git blob sha1) and the size; LFS files
//! redirect to their storage, which the `GET` then reads. A transfer goes to
//! `blobs/{etag}.incomplete` and resumes from its length (`Range`), after a
//! cut connection in the same run or in a later one; the blob takes its name
//! only once its size and checksum match. A file the hub lacks is marked in
//! `.no_exist/{commit}/`, so a complete snapshot is found again offline.
//!
//! Written on `ureq` (already the `http` backend's client) rather than with
//! the `hf-hub` crate: its blocking client is `ureq` 2 (a second HTTP stack),
//! it checks no checksum, and it reads neither `HF_TOKEN` nor `HF_HUB_CACHE`.

use crate::lang::Lang;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One opus-mt model: its direction, repository and the commit abrege reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pinned {
    pub from: Lang,
    pub to: Lang,
    pub repo: &'static str,
    pub revision: &'static str,
}

/// The models `abrege models fetch` downloads, at commits seen in users'
/// caches of these repositories (the hub itself cannot be asked from here).
pub const MODELS: [Pinned; 2] = [
    Pinned {
        from: Lang::Fr,
        to: Lang::En,
        repo: "Helsinki-NLP/opus-mt-fr-en",
        revision: "b4a9a384c2ec68a224bbd2ee3fd5df0c71ca5b1b",
    },
    Pinned {
        from: Lang::En,
        to: Lang::Fr,
        repo: "Helsinki-NLP/opus-mt-en-fr",
        revision: "dd7f6540a7a48a7f4db59e5c0b9c42c8eea67f18",
    },
];

/// The pinned model for a direction.
pub fn pinned(from: Lang, to: Lang) -> Option<&'static Pinned> {
    MODELS.iter().find(|m| m.from == from && m.to == to)
}

/// What a model folder needs, in download order: each entry's names are
/// alternatives, the first the hub has is taken (safetensors before the
/// PyTorch pickle); an optional entry may be missing altogether.
pub const FILES: [(&[&str], bool); 7] = [
    (&["config.json"], true),
    (&["generation_config.json"], false),
    (&["model.safetensors", "pytorch_model.bin"], true),
    (&["source.spm"], true),
    (&["target.spm"], true),
    (&["vocab.json"], true),
    (&["tokenizer_config.json"], true),
];

/// The hub's public address, unless `HF_ENDPOINT` names another.
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";

/// Transfers cut in one run are resumed this many times before giving up.
const RETRIES: u32 = 3;

/// Why a download failed: what, where, and what to do.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FetchError(String);

/// What a download is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A file starts (or resumes at `done` bytes).
    Start { file: &'a str, size: u64, done: u64 },
    /// Bytes of the current file on disk so far.
    Bytes(u64),
    /// The file is in the cache, checked (`cached`: it already was).
    Done { file: &'a str, size: u64, cached: bool },
}

/// A client of one hub endpoint writing into one cache folder.
pub struct Hub {
    endpoint: String,
    cache: PathBuf,
    token: Option<String>,
    agent: ureq::Agent,
}

/// What a `HEAD` says about a file.
#[derive(Debug)]
struct Meta {
    commit: String,
    etag: String,
    size: u64,
    /// Where to read it (the storage a LFS file redirects to).
    url: String,
}

/// Reads an environment variable, empty counting as unset.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// `HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`.
fn hf_home(var: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    if let Some(home) = var("HF_HOME") {
        return PathBuf::from(home);
    }
    let cache = var("XDG_CACHE_HOME").map(PathBuf::from).unwrap_or_else(|| {
        let home = var("HOME").or_else(|| var("USERPROFILE")).unwrap_or_else(|| ".".to_string());
        Path::new(&home).join(".cache")
    });
    cache.join("huggingface")
}

/// The hub cache that `huggingface_hub` uses: `HF_HUB_CACHE`, else `{HF_HOME}/hub`.
pub fn cache_dir() -> PathBuf {
    cache_dir_from(&var)
}

fn cache_dir_from(var: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    var("HF_HUB_CACHE").map(PathBuf::from).unwrap_or_else(|| hf_home(var).join("hub"))
}

/// `HF_TOKEN`, else the file `HF_TOKEN_PATH` or `{HF_HOME}/token` (what `hf auth login` writes).
fn token_from(var: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if let Some(token) = var("HF_TOKEN") {
        return Some(token.trim().to_string());
    }
    let path = var("HF_TOKEN_PATH").map(PathBuf::from).unwrap_or_else(|| hf_home(var).join("token"));
    let token = fs::read_to_string(path).ok()?;
    Some(token.trim().to_string()).filter(|t| !t.is_empty())
}

/// `Helsinki-NLP/opus-mt-fr-en` → `{cache}/models--Helsinki-NLP--opus-mt-fr-en`.
pub fn repo_folder(cache: &Path, repo: &str) -> PathBuf {
    cache.join(format!("models--{}", repo.replace('/', "--")))
}

/// Whether a revision is a full commit hash (then nothing needs asking once cached).
fn is_commit(revision: &str) -> bool {
    revision.len() == 40 && revision.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The cached snapshot of `repo` at `revision` (a commit, or a branch that
/// `refs/` resolves), when it holds a complete model; no network.
pub fn cached_snapshot(cache: &Path, repo: &str, revision: &str) -> Option<PathBuf> {
    let folder = repo_folder(cache, repo);
    let commit = if is_commit(revision) {
        revision.to_string()
    } else {
        fs::read_to_string(folder.join("refs").join(revision)).ok()?.trim().to_string()
    };
    let snapshot = folder.join("snapshots").join(&commit);
    let complete = FILES.iter().all(|(names, needed)| !needed || names.iter().any(|n| snapshot.join(n).is_file()));
    complete.then_some(snapshot)
}

impl Hub {
    /// The hub and cache that the environment names (`HF_ENDPOINT`,
    /// `HF_HUB_CACHE`/`HF_HOME`, `HF_TOKEN`), as `huggingface_hub` reads them.
    pub fn from_env() -> Hub {
        let endpoint = var("HF_ENDPOINT").unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
        Hub::new(&endpoint, &cache_dir(), token_from(&var))
    }

    /// A hub at `endpoint` (e.g. `https://huggingface.co`) caching into `cache`.
    pub fn new(endpoint: &str, cache: &Path, token: Option<String>) -> Hub {
        // Redirects are followed by hand: relative ones (a renamed repository)
        // keep the token, the storage of LFS files gets none.
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(30)))
            .timeout_recv_response(Some(Duration::from_secs(60)))
            .user_agent(concat!("abrege/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Hub { endpoint: endpoint.trim_end_matches('/').to_string(), cache: cache.to_path_buf(), token, agent }
    }

    /// The cache folder.
    pub fn cache(&self) -> &Path {
        &self.cache
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Downloads the model files of `repo` at `revision` (see [`FILES`]) and
    /// returns the snapshot folder. Files already in the snapshot are not asked for again.
    pub fn fetch(&self, repo: &str, revision: &str, progress: &mut dyn FnMut(Event)) -> Result<PathBuf, FetchError> {
        if self.endpoint.starts_with("https:") && !cfg!(feature = "https") {
            return Err(FetchError(format!(
                "{} is https, and this abrege was built without TLS: rebuild it with `--features marian` \
                 (or `--features https`), or set HF_ENDPOINT to an http:// mirror",
                self.endpoint
            )));
        }
        let folder = repo_folder(&self.cache, repo);
        let mut commit = is_commit(revision).then(|| revision.to_string());
        for (names, needed) in FILES {
            let mut found = false;
            for name in names {
                if let Some(c) = &commit {
                    let local = folder.join("snapshots").join(c).join(name);
                    if local.is_file() {
                        let size = fs::metadata(&local).map(|m| m.len()).unwrap_or(0);
                        progress(Event::Done { file: name, size, cached: true });
                        found = true;
                        break;
                    }
                    if folder.join(".no_exist").join(c).join(name).exists() {
                        continue;
                    }
                }
                let Some(meta) = self.head(repo, revision, name)? else {
                    if let Some(c) = &commit {
                        // Remembered, as huggingface_hub does, so a later run needs no network.
                        let marker = folder.join(".no_exist").join(c);
                        let _ = fs::create_dir_all(&marker).and_then(|()| File::create(marker.join(name)));
                    }
                    continue;
                };
                match &commit {
                    Some(c) if *c != meta.commit => {
                        return Err(FetchError(format!(
                            "{}: asked for {repo} at {revision}, the hub answered with commit {} for {name}",
                            self.endpoint, meta.commit
                        )));
                    }
                    Some(_) => {}
                    None => commit = Some(meta.commit.clone()),
                }
                self.download(&folder, name, &meta, progress)?;
                found = true;
                break;
            }
            if needed && !found {
                return Err(FetchError(format!(
                    "{}/{repo} at {revision} has no {}: is it an opus-mt model repository?",
                    self.endpoint,
                    names.join(" or ")
                )));
            }
        }
        let commit = commit.unwrap_or_else(|| revision.to_string());
        if commit != revision {
            // A branch or tag: remember which commit it named.
            let refs = folder.join("refs");
            fs::create_dir_all(&refs)
                .and_then(|()| fs::write(refs.join(revision), &commit))
                .map_err(|e| self.io(&refs, e))?;
        }
        Ok(folder.join("snapshots").join(commit))
    }

    /// The `HEAD` of one file; `None` when the hub has no such file.
    fn head(&self, repo: &str, revision: &str, file: &str) -> Result<Option<Meta>, FetchError> {
        let mut url = format!("{}/{repo}/resolve/{revision}/{file}", self.endpoint);
        for _ in 0..5 {
            let mut request = self.agent.head(&url).header("Accept-Encoding", "identity");
            if let Some(token) = &self.token {
                request = request.header("Authorization", format!("Bearer {token}"));
            }
            let response = request.call().map_err(|e| self.unreachable(&url, &e))?;
            let status = response.status().as_u16();
            let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
            let location = header("Location");
            match status {
                300..=399 if location.as_deref().is_some_and(|l| l.starts_with('/')) => {
                    // A renamed repository: same host, same token.
                    url = format!("{}{}", origin(&self.endpoint), location.unwrap_or_default());
                    continue;
                }
                200..=399 => {}
                404 => return Ok(None),
                401 | 403 => {
                    return Err(FetchError(format!(
                        "{url}: the hub refused access (HTTP {status}); if the repository is gated or private, \
                         set HF_TOKEN to a token that may read it"
                    )));
                }
                _ => return Err(FetchError(format!("{url}: the hub answered HTTP {status}; try again later"))),
            }
            let missing = |what: &str| {
                FetchError(format!("{url}: the reply has no {what} header: is HF_ENDPOINT a Hugging Face hub?"))
            };
            let commit = header("X-Repo-Commit").ok_or_else(|| missing("X-Repo-Commit"))?;
            let etag = header("X-Linked-Etag").or_else(|| header("ETag")).ok_or_else(|| missing("ETag"))?;
            let etag = etag.trim_start_matches("W/").trim_matches('"').to_string();
            if etag.is_empty() || etag.contains(['/', '\\', '.']) {
                return Err(FetchError(format!("{url}: the ETag `{etag}` cannot name a file in the cache")));
            }
            let size = header("X-Linked-Size")
                .or_else(|| header("Content-Length"))
                .and_then(|s| s.trim().parse().ok())
                .ok_or_else(|| missing("X-Linked-Size or Content-Length"))?;
            let url = match location {
                Some(l) if (300..400).contains(&status) => l,
                _ => url,
            };
            return Ok(Some(Meta { commit, etag, size, url }));
        }
        Err(FetchError(format!("{url}: more than 5 redirects")))
    }

    /// Makes `blobs/{etag}` (downloading what is missing, checking it) and
    /// links the snapshot's `file` to it.
    fn download(
        &self,
        folder: &Path,
        file: &str,
        meta: &Meta,
        progress: &mut dyn FnMut(Event),
    ) -> Result<(), FetchError> {
        let blobs = folder.join("blobs");
        fs::create_dir_all(&blobs).map_err(|e| self.io(&blobs, e))?;
        let blob = blobs.join(&meta.etag);
        let cached = blob.is_file() && fs::metadata(&blob).map(|m| m.len()).ok() == Some(meta.size);
        if !cached {
            let part = blobs.join(format!("{}.incomplete", meta.etag));
            let mut attempt = 0;
            loop {
                let have = fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
                if have > meta.size {
                    fs::remove_file(&part).map_err(|e| self.io(&part, e))?;
                    continue;
                }
                progress(Event::Start { file, size: meta.size, done: have });
                if have == meta.size {
                    break;
                }
                match self.get(&meta.url, have, meta.size, &part, progress) {
                    Ok(()) => break,
                    Err(Cut::Again(_)) if attempt < RETRIES => {
                        attempt += 1;
                        std::thread::sleep(Duration::from_millis(200 * u64::from(attempt)));
                    }
                    Err(Cut::Again(why) | Cut::Final(why)) => {
                        return Err(FetchError(format!(
                            "{file} of {}: {why}; run the command again to resume",
                            folder.display()
                        )));
                    }
                }
            }
            if let Err(why) = check(&part, meta) {
                let _ = fs::remove_file(&part);
                return Err(FetchError(format!(
                    "{} ({file}): {why}; the file was deleted, run the command again to download it anew",
                    meta.url
                )));
            }
            fs::rename(&part, &blob).map_err(|e| self.io(&blob, e))?;
        }
        let snapshot = folder.join("snapshots").join(&meta.commit);
        fs::create_dir_all(&snapshot).map_err(|e| self.io(&snapshot, e))?;
        let link = snapshot.join(file);
        let _ = fs::remove_file(&link);
        link_blob(&blob, &meta.etag, &link).map_err(|e| self.io(&link, e))?;
        progress(Event::Done { file, size: meta.size, cached });
        Ok(())
    }

    /// Appends `url`'s bytes from `have` on to `part`.
    fn get(&self, url: &str, have: u64, size: u64, part: &Path, progress: &mut dyn FnMut(Event)) -> Result<(), Cut> {
        let mut request = self.agent.get(url).header("Accept-Encoding", "identity");
        if have > 0 {
            request = request.header("Range", format!("bytes={have}-"));
        }
        if let Some(token) = self.token.as_ref().filter(|_| origin(url) == origin(&self.endpoint)) {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let mut response = request.call().map_err(|e| Cut::Again(format!("cannot reach {url} ({e})")))?;
        let status = response.status().as_u16();
        let mut start = have;
        match status {
            206 => {
                let range = response.headers().get("Content-Range").and_then(|v| v.to_str().ok()).unwrap_or("");
                if !range.starts_with(&format!("bytes {have}-")) {
                    return Err(Cut::Final(format!("{url} sent the range `{range}` where bytes {have}- were asked")));
                }
            }
            // The whole file again: the server ignores ranges.
            200 => start = 0,
            500..=599 | 429 => return Err(Cut::Again(format!("{url} answered HTTP {status}"))),
            _ => return Err(Cut::Final(format!("{url} answered HTTP {status}"))),
        }
        let mut out = OpenOptions::new()
            .create(true)
            .write(true)
            .append(start > 0)
            .truncate(start == 0)
            .open(part)
            .map_err(|e| Cut::Final(format!("cannot write {}: {e}", part.display())))?;
        let mut reader = response.body_mut().as_reader().take(size - start);
        let mut buf = vec![0; 1 << 16];
        let mut done = start;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Cut::Again(format!("the transfer stopped at byte {done} of {size} ({e})"))),
            };
            out.write_all(&buf[..n]).map_err(|e| Cut::Final(format!("cannot write {}: {e}", part.display())))?;
            done += n as u64;
            progress(Event::Bytes(done));
        }
        if done < size {
            return Err(Cut::Again(format!("the transfer stopped at byte {done} of {size}")));
        }
        Ok(())
    }

    fn unreachable(&self, url: &str, e: &ureq::Error) -> FetchError {
        FetchError(format!("cannot reach {url} ({e}): check the connection, or set HF_ENDPOINT to a reachable mirror"))
    }

    fn io(&self, path: &Path, e: io::Error) -> FetchError {
        FetchError(format!("cannot write {}: {e}", path.display()))
    }
}

/// Why a transfer stopped: worth resuming in this run, or not.
enum Cut {
    Again(String),
    Final(String),
}

/// `scheme://host:port` of a URL.
fn origin(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    let end = url[after..].find('/').map_or(url.len(), |i| after + i);
    &url[..end]
}

/// Checks a downloaded file against the hub's size and checksum: the sha256
/// of a LFS file (64 hex digits), or the git blob sha1 of the others (40).
fn check(path: &Path, meta: &Meta) -> Result<(), String> {
    let len = fs::metadata(path).map_err(|e| e.to_string())?.len();
    if len != meta.size {
        return Err(format!("{len} bytes where the hub announced {}", meta.size));
    }
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    let (name, got) = match meta.etag.len() {
        64 => ("sha256", hash_file(Sha256::new(), &mut file).map_err(|e| e.to_string())?),
        40 => {
            let mut sha1 = Sha1::new();
            sha1.update(format!("blob {len}\0").as_bytes());
            ("git blob sha1", hash_file(sha1, &mut file).map_err(|e| e.to_string())?)
        }
        _ => return Err(format!("the hub's checksum `{}` is neither a sha256 nor a git sha1", meta.etag)),
    };
    if !got.eq_ignore_ascii_case(&meta.etag) {
        return Err(format!("its {name} is {got}, the hub's is {}", meta.etag));
    }
    Ok(())
}

fn hash_file<D: Digest>(mut digest: D, file: &mut File) -> io::Result<String> {
    let mut buf = vec![0; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        digest.update(&buf[..n]);
    }
    Ok(digest.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The snapshot's entry: a relative symbolic link to the blob, as
/// `huggingface_hub` makes; a copy where links cannot be made.
fn link_blob(blob: &Path, etag: &str, link: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let target = Path::new("../../blobs").join(etag);
        if std::os::unix::fs::symlink(&target, link).is_ok() {
            return Ok(());
        }
    }
    let _ = etag;
    fs::copy(blob, link).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn cache_and_token_follow_the_environment_table() {
        // (variables, cache folder wanted)
        let cases: [(&[(&str, &str)], &str); 5] = [
            (&[("HOME", "/h")], "/h/.cache/huggingface/hub"),
            (&[("HOME", "/h"), ("XDG_CACHE_HOME", "/x")], "/x/huggingface/hub"),
            (&[("HOME", "/h"), ("HF_HOME", "/hf")], "/hf/hub"),
            (&[("HF_HOME", "/hf"), ("HF_HUB_CACHE", "/c")], "/c"),
            (&[("HOME", "/h"), ("HF_HOME", "")], "/h/.cache/huggingface/hub"),
        ];
        for (vars, want) in cases {
            let vars: HashMap<&str, &str> = vars.iter().copied().collect();
            let get = |name: &str| vars.get(name).filter(|v| !v.is_empty()).map(|v| v.to_string());
            assert_eq!(cache_dir_from(&get), PathBuf::from(want), "{vars:?}");
        }
        let dir = std::env::temp_dir().join(format!("abrege-hub-token-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("token"), "hf_file\n").unwrap();
        let home = dir.to_str().unwrap().to_string();
        let from_file = |name: &str| (name == "HF_HOME").then(|| home.clone());
        assert_eq!(token_from(&from_file).as_deref(), Some("hf_file"));
        let from_var = |name: &str| match name {
            "HF_HOME" => Some(home.clone()),
            "HF_TOKEN" => Some("hf_var".to_string()),
            _ => None,
        };
        assert_eq!(token_from(&from_var).as_deref(), Some("hf_var"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn origin_table() {
        let cases = [
            ("https://huggingface.co/a/b", "https://huggingface.co"),
            ("http://127.0.0.1:8080/x/resolve/main/f", "http://127.0.0.1:8080"),
            ("http://host", "http://host"),
        ];
        for (url, want) in cases {
            assert_eq!(origin(url), want);
        }
    }

    #[test]
    fn checksums_are_sha256_or_git_blob_sha1() {
        let dir = std::env::temp_dir().join(format!("abrege-hub-check-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        fs::write(&path, b"hello\n").unwrap();
        let meta = |etag: &str, size| Meta { commit: String::new(), etag: etag.into(), size, url: String::new() };
        // `sha256sum` and `git hash-object` of "hello\n".
        let sha256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
        let git = "ce013625030ba8dba906f756967f9e9ca394464a";
        assert_eq!(check(&path, &meta(sha256, 6)), Ok(()));
        assert_eq!(check(&path, &meta(git, 6)), Ok(()));
        assert!(check(&path, &meta(sha256, 7)).unwrap_err().contains("6 bytes where the hub announced 7"));
        let wrong = "0".repeat(64);
        assert!(check(&path, &meta(&wrong, 6)).unwrap_err().contains("its sha256 is 5891b5b5"));
        assert!(check(&path, &meta("abc", 6)).unwrap_err().contains("neither"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(not(feature = "https"))]
    #[test]
    fn https_without_tls_says_how_to_rebuild_before_any_request() {
        let hub = Hub::new("https://hub.invalid", Path::new("/nonexistent"), None);
        let err = hub.fetch("a/b", &"0".repeat(40), &mut |_| {}).unwrap_err().to_string();
        assert!(err.contains("--features marian") && err.contains("HF_ENDPOINT"), "{err}");
    }

    #[test]
    fn pinned_commits_are_full_hashes() {
        for m in MODELS {
            assert!(is_commit(m.revision), "{m:?}");
            assert!(m.repo.ends_with(&format!("opus-mt-{}-{}", m.from, m.to)), "{m:?}");
        }
        assert!(!is_commit("main"));
    }
}
