//! Stage 7, **translate**: the title and the picked sentences in the reader's
//! language, when `--to` differs from the article's and a backend is set.
//!
//! Input: the title, the picked sentences, the two languages and a
//! [`Translator`]. Output: a [`Translation`] aligned with the sentences.
//! One call per document: the title and the sentences go in one batch.
//!
//! Backends are [`Translator`] implementations, a trait because users plug in
//! their own (`abrege::summarize_with`): [`http::Http`] speaks LibreTranslate's
//! API, `marian::Marian` runs opus-mt models offline (cargo feature `marian`).
//! Translation is never required: the pipeline turns a failure into a warning
//! and keeps the untranslated summary.

pub mod http;
#[cfg(feature = "marian")]
pub mod marian;
#[cfg(feature = "marian")]
pub mod spm;

use crate::config::{Backend, TranslateConfig};
use crate::error::Error;
use crate::lang::Lang;
use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

/// The files of one Marian model, in `DIR/opus-mt-{from}-{to}/`.
pub const MODEL_FILES: [&str; 4] =
    ["config.json", "model.safetensors", "tokenizer-source.json", "tokenizer-target.json"];

/// The folder of the model that translates `from` → `to`, inside the models' folder.
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

#[cfg(feature = "marian")]
fn marian_backend(cfg: &TranslateConfig) -> Result<Option<Arc<dyn Translator>>, Error> {
    let Some(dir) = &cfg.model_dir else {
        return Err(Error::Translate(
            "--translate marian needs the models' folder: give --model-dir DIR (or set ABREGE_MODEL_DIR); \
             `abrege models` tells what to put there"
                .to_string(),
        ));
    };
    Ok(Some(marian::shared(dir)?))
}

#[cfg(not(feature = "marian"))]
fn marian_backend(_: &TranslateConfig) -> Result<Option<Arc<dyn Translator>>, Error> {
    Err(Error::Translate(
        "this abrege was built without the `marian` feature: rebuild it with `cargo install abrege --features marian` \
         (or use --translate http)"
            .to_string(),
    ))
}

/// How to make the model files; `{DIR}` is the models' folder.
const RECIPE: &str = r#"
To make them (once, on a machine with Python and internet access; about 300 MB
per model), in a shell:

python3 -m venv marian-env && . marian-env/bin/activate
pip install torch transformers sentencepiece protobuf safetensors tokenizers
# the tokenizer converter of the candle project (MIT/Apache-2.0), next to the script below:
curl -LO https://raw.githubusercontent.com/huggingface/candle/main/candle-examples/examples/marian-mt/python/convert_slow_tokenizer.py
python3 - {DIR} <<'EOF'
import sys
from transformers import AutoTokenizer, MarianMTModel
from convert_slow_tokenizer import MarianConverter
for pair in ("fr-en", "en-fr"):
    name, folder = f"Helsinki-NLP/opus-mt-{pair}", f"{sys.argv[1]}/opus-mt-{pair}"
    # config.json and model.safetensors
    MarianMTModel.from_pretrained(name).save_pretrained(folder, safe_serialization=True)
    slow = AutoTokenizer.from_pretrained(name, use_fast=False)
    MarianConverter(slow, index=0).converted().save(f"{folder}/tokenizer-source.json")
    MarianConverter(slow, index=1).converted().save(f"{folder}/tokenizer-target.json")
EOF

Then: abrege --to en --translate marian --model-dir {DIR} article.txt
(or export ABREGE_MODEL_DIR={DIR}; the models are loaded once per run and
decoded greedily on the CPU).
"#;

/// What `abrege models` prints: where the Marian files go, which are there,
/// and how to make them from Helsinki-NLP's opus-mt models.
pub fn models_guide(dir: Option<&Path>) -> String {
    let shown = dir.map(|d| d.display().to_string()).unwrap_or_else(|| "DIR".to_string());
    let mut out = String::new();
    let feature = if cfg!(feature = "marian") {
        "this abrege has it"
    } else {
        "this abrege was built WITHOUT it: rebuild with `cargo install --path . --features marian`"
    };
    let _ = writeln!(
        out,
        "Offline translation (--translate marian) runs Helsinki-NLP's opus-mt models inside abrege, in pure Rust,\n\
         with the `marian` cargo feature ({feature}).\n\n\
         Put these files in the models' folder ({shown}; give it with --model-dir or ABREGE_MODEL_DIR):\n"
    );
    for (from, to) in [(Lang::Fr, Lang::En), (Lang::En, Lang::Fr)] {
        let folder = model_folder(from, to);
        let _ = writeln!(out, "  {folder}/   ({from} → {to})");
        for file in MODEL_FILES {
            let state = match dir {
                Some(d) if d.join(&folder).join(file).is_file() => "  [present]",
                Some(_) => "  [MISSING]",
                None => "",
            };
            let _ = writeln!(out, "    {file}{state}");
        }
    }
    out.push_str(&RECIPE.replace("{DIR}", &shown));
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

    #[test]
    fn models_guide_lists_every_file_and_what_is_missing() {
        let dir = std::env::temp_dir().join(format!("abrege-guide-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("opus-mt-fr-en")).unwrap();
        std::fs::write(dir.join("opus-mt-fr-en/config.json"), "{}").unwrap();
        let guide = models_guide(Some(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        for folder in ["opus-mt-fr-en/", "opus-mt-en-fr/"] {
            assert!(guide.contains(folder), "{guide}");
        }
        for file in MODEL_FILES {
            assert!(guide.contains(file), "{guide}");
        }
        assert_eq!(guide.matches("[present]").count(), 1, "{guide}");
        assert_eq!(guide.matches("[MISSING]").count(), 7, "{guide}");
        assert!(models_guide(None).contains("--model-dir DIR"));
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
        let err = backend(&marian).err().unwrap().to_string();
        assert!(err.contains("marian") || err.contains("--model-dir"), "{err}");
    }
}
