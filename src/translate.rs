//! Stage 7, **translate**: the title and the picked sentences in the reader's
//! language, when `--to` differs from the article's and a backend is set.
//!
//! Input: the title, the picked sentences, the two languages and a
//! [`Translator`]. Output: a [`Translation`] aligned with the sentences.
//! One call per document: the title and the sentences go in one batch.
//!
//! Backends are [`Translator`] implementations, a trait because users plug in
//! their own (`abrege::summarize_with`): [`http::Http`] speaks LibreTranslate's
//! API, the Marian backend runs opus-mt models offline through
//! `marian::Model` (cargo feature `marian`).
//! Translation is never required: the pipeline turns a failure into a warning
//! and keeps the untranslated summary.

pub mod http;
pub mod hub;
#[cfg(feature = "marian")]
pub mod marian;
#[cfg(feature = "marian")]
pub mod spm;

use crate::config::{Backend, TranslateConfig};
use crate::error::Error;
use crate::lang::Lang;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder of the model that translates `from` → `to`, inside a folder of models.
pub fn model_folder(from: Lang, to: Lang) -> String {
    format!("opus-mt-{from}-{to}")
}

/// Something that translates texts between French and English.
pub trait Translator: Send + Sync {
    /// One translation per text, in order.
    fn translate(&self, texts: &[String], from: Lang, to: Lang) -> Result<Vec<String>, Error>;

    /// Who translated, for the frame ("translated from French by …").
    fn name(&self) -> String {
        "a custom translator".to_string()
    }
}

/// The translated title and sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub title: Option<String>,
    /// One per picked sentence, same order.
    pub sentences: Vec<String>,
    /// The translator's name.
    pub by: String,
}

/// Translates the title and the sentences in one batch.
pub fn translate(
    title: Option<&str>,
    sentences: &[String],
    from: Lang,
    to: Lang,
    translator: &dyn Translator,
) -> Result<Translation, Error> {
    let mut batch: Vec<String> = title.map(str::to_string).into_iter().collect();
    batch.extend(sentences.iter().cloned());
    let mut out = translator.translate(&batch, from, to)?;
    if out.len() != batch.len() {
        return Err(Error::Translate(format!(
            "{} returned {} translations for {} texts",
            translator.name(),
            out.len(),
            batch.len()
        )));
    }
    let title = title.map(|_| out.remove(0));
    Ok(Translation { title, sentences: out, by: translator.name() })
}

/// The backend the configuration asks for; `None` when it asks for none.
/// A Marian model is loaded once per process and model folder, then shared.
pub fn backend(cfg: &TranslateConfig) -> Result<Option<Arc<dyn Translator>>, Error> {
    match cfg.backend {
        Backend::None => Ok(None),
        Backend::Http => {
            let Some(url) = &cfg.url else {
                return Err(Error::Translate(
                    "--translate http needs the server's address: give --translate-url URL \
                     (or set ABREGE_TRANSLATE_URL)"
                        .to_string(),
                ));
            };
            let http = http::Http::new(url, cfg.api_key.clone(), cfg.timeout, cfg.retries)?;
            Ok(Some(Arc::new(http)))
        }
        Backend::Marian => marian_backend(cfg),
    }
}

/// The Marian backend: each direction's model is looked for at its first
/// text ([`find_model`]) and loaded once per process ([`marian::shared`]).
#[cfg(feature = "marian")]
struct Marian {
    model_dir: Option<PathBuf>,
    cache: PathBuf,
    beams: Option<usize>,
}

#[cfg(feature = "marian")]
impl Translator for Marian {
    fn translate(&self, texts: &[String], from: Lang, to: Lang) -> Result<Vec<String>, Error> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let dir = find_model(self.model_dir.as_deref(), &self.cache, from, to)
            .map_err(|looked| Error::Translate(missing_model(from, to, &looked)))?;
        marian::shared(&dir)?.translate(texts, self.beams)
    }

    fn name(&self) -> String {
        "Marian (opus-mt, offline)".to_string()
    }
}

#[cfg(feature = "marian")]
fn marian_backend(cfg: &TranslateConfig) -> Result<Option<Arc<dyn Translator>>, Error> {
    if let Some(dir) = cfg.model_dir.as_deref().filter(|d| !d.is_dir()) {
        return Err(Error::Translate(format!(
            "the models' folder {} does not exist: give an opus-mt model's folder, or a folder holding \
             opus-mt-fr-en/ and opus-mt-en-fr/ (`abrege models` tells what is found where)",
            dir.display()
        )));
    }
    let marian = Marian { model_dir: cfg.model_dir.clone(), cache: hub::cache_dir(), beams: cfg.beams };
    Ok(Some(Arc::new(marian)))
}

/// How to get a build that translates offline.
pub const REBUILD: &str = "cargo install --path . --features marian";

#[cfg(not(feature = "marian"))]
fn marian_backend(_: &TranslateConfig) -> Result<Option<Arc<dyn Translator>>, Error> {
    Err(Error::Translate(format!(
        "this abrege was built without offline translation (the `marian` feature): rebuild it with \
         `{REBUILD}` and get the models with `abrege models fetch`, or use --translate http"
    )))
}

/// The warning for a direction without a model: what to run.
pub fn missing_model(from: Lang, to: Lang, looked: &[String]) -> String {
    format!(
        "no {from} → {to} translation model: run `abrege models fetch {from}-{to}` (looked in {})",
        looked.join(", ")
    )
}

/// The direction of a model folder: `tokenizer_config.json`'s `source_lang`
/// and `target_lang` (as the opus-mt repositories write them), else a folder
/// name ending in `-fr-en` or `-en-fr`. `None` when the folder holds no model.
pub fn model_direction(dir: &Path) -> Option<(Lang, Lang)> {
    if !dir.join("config.json").is_file() {
        return None;
    }
    let from_config = std::fs::read_to_string(dir.join("tokenizer_config.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| {
            let lang = |key: &str| v.get(key).and_then(|l| l.as_str()).and_then(Lang::from_code);
            Some((lang("source_lang")?, lang("target_lang")?))
        });
    from_config.or_else(|| {
        let name = dir.file_name()?.to_str()?;
        [(Lang::Fr, Lang::En), (Lang::En, Lang::Fr)].into_iter().find(|&(f, t)| name.ends_with(&format!("-{f}-{t}")))
    })
}

/// The folder of the model for `from` → `to`: `model_dir` itself when it is
/// that model's folder, else its `opus-mt-{from}-{to}/`, else the snapshot of
/// the pinned (or `main`) revision in the Hugging Face `cache`. The error
/// lists the places looked in, for the warning.
pub fn find_model(model_dir: Option<&Path>, cache: &Path, from: Lang, to: Lang) -> Result<PathBuf, Vec<String>> {
    let mut looked = Vec::new();
    if let Some(dir) = model_dir {
        match model_direction(dir) {
            Some(pair) if pair == (from, to) => return Ok(dir.to_path_buf()),
            Some((f, t)) => looked.push(format!("{} (the {f} → {t} model)", dir.display())),
            None => {
                let sub = dir.join(model_folder(from, to));
                if model_direction(&sub).is_some_and(|pair| pair == (from, to)) {
                    return Ok(sub);
                }
                looked.push(sub.display().to_string());
            }
        }
    }
    if let Some(m) = hub::pinned(from, to) {
        for revision in [m.revision, "main"] {
            if let Some(snapshot) = hub::cached_snapshot(cache, m.repo, revision) {
                return Ok(snapshot);
            }
        }
        looked.push(format!("the Hugging Face cache {}", hub::repo_folder(cache, m.repo).display()));
    }
    Err(looked)
}

/// What `abrege models` prints: which models are found where, and the
/// commands that fetch the missing ones and translate.
pub fn models_status(model_dir: Option<&Path>, cache: &Path) -> String {
    let mut out = String::new();
    let feature = if cfg!(feature = "marian") {
        "this abrege has it".to_string()
    } else {
        format!("this abrege was built WITHOUT it: rebuild it with `{REBUILD}`")
    };
    let _ = writeln!(
        out,
        "Offline translation runs Helsinki-NLP's opus-mt models inside abrege, in Rust on the CPU\n\
         (cargo feature `marian`: {feature}).\n\n\
         Models are looked for in --model-dir or ABREGE_MODEL_DIR{}, then in the Hugging Face cache\n\
         {} (HF_HUB_CACHE, or HF_HOME/hub).\n",
        model_dir.map(|d| format!(" (now {})", d.display())).unwrap_or_default(),
        cache.display()
    );
    let mut missing = Vec::new();
    for m in hub::MODELS {
        match find_model(model_dir, cache, m.from, m.to) {
            Ok(dir) => {
                let _ = writeln!(out, "  {} → {}: {}", m.from, m.to, dir.display());
            }
            Err(looked) => {
                let _ = writeln!(out, "  {} → {}: MISSING (looked in {})", m.from, m.to, looked.join(", "));
                missing.push(format!("{}-{}", m.from, m.to));
            }
        }
    }
    out.push('\n');
    match missing.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "To get it (about 300 MB, from the Hugging Face hub): abrege models fetch {one}");
        }
        _ => {
            let _ = writeln!(out, "To get them (about 300 MB each, from the Hugging Face hub): abrege models fetch");
        }
    }
    let _ = writeln!(
        out,
        "Then: abrege --to en article.txt (translates when the article is French), or abrege translate --to en text.txt"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tags each text with the language pair, so alignment and order show.
    struct Tagger;
    impl Translator for Tagger {
        fn translate(&self, texts: &[String], from: Lang, to: Lang) -> Result<Vec<String>, Error> {
            Ok(texts.iter().map(|t| format!("[{from}>{to}] {t}")).collect())
        }
        fn name(&self) -> String {
            "tagger".to_string()
        }
    }

    /// Drops the last text: a broken backend.
    struct Short;
    impl Translator for Short {
        fn translate(&self, texts: &[String], _: Lang, _: Lang) -> Result<Vec<String>, Error> {
            Ok(texts[..texts.len().saturating_sub(1)].to_vec())
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn alignment_table() {
        // (title, sentences, from, to, title wanted, sentences wanted)
        type Case<'a> = (Option<&'a str>, &'a [&'a str], Lang, Lang, Option<&'a str>, &'a [&'a str]);
        let cases: [Case; 3] = [
            (
                Some("Vote du budget"),
                &["Le conseil a voté.", "Les transports gagnent 10 %."],
                Lang::Fr,
                Lang::En,
                Some("[fr>en] Vote du budget"),
                &["[fr>en] Le conseil a voté.", "[fr>en] Les transports gagnent 10 %."],
            ),
            (None, &["The council voted."], Lang::En, Lang::Fr, None, &["[en>fr] The council voted."]),
            (Some("Budget vote"), &[], Lang::En, Lang::Fr, Some("[en>fr] Budget vote"), &[]),
        ];
        for (title, sentences, from, to, want_title, want) in cases {
            let t = translate(title, &strings(sentences), from, to, &Tagger).unwrap();
            assert_eq!(t.title.as_deref(), want_title);
            assert_eq!(t.sentences, strings(want));
            assert_eq!(t.by, "tagger");
        }
    }

    #[test]
    fn a_reply_of_the_wrong_length_is_an_error() {
        let err = translate(Some("Titre"), &strings(&["Une phrase."]), Lang::Fr, Lang::En, &Short).unwrap_err();
        assert!(err.to_string().contains("1 translations for 2 texts"), "{err}");
        assert_eq!(err.kind(), crate::ErrorKind::Translate);
    }

    /// Writes a model folder's `config.json` and, when given, its direction.
    fn model(dir: &Path, direction: Option<(&str, &str)>) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("config.json"), "{}").unwrap();
        if let Some((source, target)) = direction {
            let config = format!(r#"{{"source_lang": "{source}", "target_lang": "{target}"}}"#);
            std::fs::write(dir.join("tokenizer_config.json"), config).unwrap();
        }
    }

    #[test]
    fn models_are_found_in_the_model_dir_then_the_cache() {
        let root = std::env::temp_dir().join(format!("abrege-find-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        // One model's folder, named anyhow: its tokenizer_config.json gives the direction.
        model(&root.join("one"), Some(("fr", "en")));
        // A folder of models, one named by direction only.
        model(&root.join("both/opus-mt-fr-en"), Some(("fr", "en")));
        model(&root.join("both/opus-mt-en-fr"), None);
        // A cache with the pinned en → fr snapshot only.
        let cache = root.join("cache");
        let m = hub::pinned(Lang::En, Lang::Fr).unwrap();
        let snapshot = hub::repo_folder(&cache, m.repo).join("snapshots").join(m.revision);
        std::fs::create_dir_all(&snapshot).unwrap();
        for (names, _) in hub::FILES {
            std::fs::write(snapshot.join(names[names.len() - 1]), "x").unwrap();
        }
        let found = |dir: Option<&str>, from, to| find_model(dir.map(|d| root.join(d)).as_deref(), &cache, from, to);
        assert_eq!(found(Some("one"), Lang::Fr, Lang::En), Ok(root.join("one")));
        assert_eq!(found(Some("both"), Lang::Fr, Lang::En), Ok(root.join("both/opus-mt-fr-en")));
        assert_eq!(found(Some("both"), Lang::En, Lang::Fr), Ok(root.join("both/opus-mt-en-fr")));
        // The model dir lacks en → fr: the cache has it.
        assert_eq!(found(Some("one"), Lang::En, Lang::Fr), Ok(snapshot.clone()));
        assert_eq!(found(None, Lang::En, Lang::Fr), Ok(snapshot));
        let looked = found(Some("one"), Lang::Fr, Lang::Fr).unwrap_err();
        assert_eq!(looked.len(), 1, "{looked:?}");
        assert!(looked[0].contains("the fr → en model"), "{looked:?}");
        let looked = found(Some("nothing"), Lang::Fr, Lang::En).unwrap_err();
        assert!(looked[0].ends_with("opus-mt-fr-en") && looked[1].contains("the Hugging Face cache"), "{looked:?}");
        let warning = missing_model(Lang::Fr, Lang::En, &looked);
        assert!(warning.contains("`abrege models fetch fr-en`"), "{warning}");

        let status = models_status(Some(&root.join("one")), &cache);
        assert!(status.contains(&format!("fr → en: {}", root.join("one").display())), "{status}");
        assert!(status.contains("en → fr: ") && !status.contains("MISSING"), "{status}");
        let status = models_status(None, &root.join("empty"));
        assert_eq!(status.matches("MISSING").count(), 2, "{status}");
        assert!(status.contains("abrege models fetch\n"), "{status}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn model_direction_table() {
        let root = std::env::temp_dir().join(format!("abrege-direction-{}", std::process::id()));
        // (folder, tokenizer_config.json languages, direction wanted)
        type Case<'a> = (&'a str, Option<(&'a str, &'a str)>, Option<(Lang, Lang)>);
        let cases: [Case; 4] = [
            ("a", Some(("fr", "en")), Some((Lang::Fr, Lang::En))),
            ("b", Some(("eng", "fra")), Some((Lang::En, Lang::Fr))),
            ("opus-mt-en-fr", None, Some((Lang::En, Lang::Fr))),
            ("c", Some(("de", "en")), None),
        ];
        for (name, langs, want) in cases {
            model(&root.join(name), langs);
            assert_eq!(model_direction(&root.join(name)), want, "{name}");
        }
        assert_eq!(model_direction(&root.join("absent")), None);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn backend_table() {
        let none = TranslateConfig::default();
        assert!(backend(&none).unwrap().is_none());
        let http_without_url = TranslateConfig { backend: Backend::Http, ..TranslateConfig::default() };
        assert!(backend(&http_without_url).err().unwrap().to_string().contains("--translate-url"));
        let http = TranslateConfig {
            backend: Backend::Http,
            url: Some("http://127.0.0.1:5000".into()),
            ..TranslateConfig::default()
        };
        assert!(backend(&http).unwrap().unwrap().name().contains("127.0.0.1:5000"));
        let marian = TranslateConfig { backend: Backend::Marian, ..TranslateConfig::default() };
        if cfg!(feature = "marian") {
            // Models are looked for when a text comes.
            assert!(backend(&marian).unwrap().is_some());
            let absent = TranslateConfig { model_dir: Some("/no/such/folder".into()), ..marian };
            assert!(backend(&absent).err().unwrap().to_string().contains("does not exist"));
        } else {
            let err = backend(&marian).err().unwrap().to_string();
            assert!(err.contains(REBUILD) && err.contains("abrege models fetch"), "{err}");
        }
    }
}
