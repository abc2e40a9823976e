//! The `marian` backend (cargo feature `marian`): one Helsinki-NLP opus-mt
//! direction, run offline on the CPU with candle, decoding exactly as
//! transformers' `MarianMTModel.generate()` does.
//!
//! Input: a folder in the model repository's own Hugging Face layout
//! ([`REQUIRED_FILES`], plus `generation_config.json` when present and the
//! weights as `model.safetensors` or `pytorch_model.bin`) and texts in the
//! source language. Output: their translations ([`Model::translate`]), or
//! the generated ids of one tokenized text ([`Model::generate`]).
//!
//! The parts: `weights` reads the tensors, `net` is the encoder-decoder,
//! `generate` is greedy and beam search with the logits processors and
//! stopping rules of transformers 5.25.0 (its header says which), and the
//! tokenizer is `super::spm` (SentencePiece through `vocab.json`, as
//! `MarianTokenizer`). A text longer than the model's input limit is split
//! between words into pieces that fit, translated piece by piece and joined
//! with spaces: never cut. A folder is loaded once per process ([`shared`])
//! and its [`Model`] serves every thread.

mod dot;
mod generate;
mod net;
mod weights;

use super::Translator;
use super::spm::MarianTokenizer;
use crate::error::Error;
use crate::lang::Lang;
use generate::Settings;
use net::{Activation, Net, NetConfig};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use weights::Weights;

/// The files every model folder needs, besides its weights.
pub const REQUIRED_FILES: [&str; 5] =
    ["config.json", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"];

/// The weights, in the order they are looked for: safetensors first.
pub const WEIGHT_FILES: [&str; 2] = ["model.safetensors", "pytorch_model.bin"];

/// One opus-mt direction loaded from a Hugging Face layout folder.
pub struct Model {
    dir: PathBuf,
    net: Net,
    settings: Settings,
    tokenizer: MarianTokenizer,
    langs: (Lang, Lang),
    /// The longest input, in ids with the final `</s>`.
    max_input: usize,
}

/// What to tell a user whose model folder is incomplete.
const FETCH_ADVICE: &str = "`abrege models fetch` downloads the model files";

fn read_json(dir: &Path, file: &str) -> Result<Value, String> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not valid JSON: {e}", path.display()))
}

/// The network's shape from `config.json`, with `MarianConfig`'s defaults.
fn net_config(config: &Value) -> Result<NetConfig, String> {
    let size = |field: &str, default: usize| -> Result<usize, String> {
        match &config[field] {
            Value::Null => Ok(default),
            v => v.as_u64().map(|n| n as usize).ok_or_else(|| format!("its {field} is not a whole number")),
        }
    };
    let flag = |field: &str, default: bool| config[field].as_bool().unwrap_or(default);
    let activation_name = config["activation_function"].as_str().unwrap_or("gelu");
    let activation = Activation::from_name(activation_name)
        .ok_or_else(|| format!("its activation_function {activation_name:?} is not one abrege implements"))?;
    let cfg = NetConfig {
        d_model: size("d_model", 1024)?,
        encoder_layers: size("encoder_layers", 12)?,
        decoder_layers: size("decoder_layers", 12)?,
        encoder_heads: size("encoder_attention_heads", 16)?,
        decoder_heads: size("decoder_attention_heads", 16)?,
        max_positions: size("max_position_embeddings", 1024)?,
        scale_embedding: flag("scale_embedding", false),
        activation,
        share_embeddings: flag("share_encoder_decoder_embeddings", true),
        tie_word_embeddings: flag("tie_word_embeddings", true),
    };
    for heads in [cfg.encoder_heads, cfg.decoder_heads] {
        if heads == 0 || !cfg.d_model.is_multiple_of(heads) {
            return Err(format!("its d_model {} is not a multiple of {heads} attention heads", cfg.d_model));
        }
    }
    if cfg.max_positions < 2 {
        return Err(format!("its max_position_embeddings {} is too small", cfg.max_positions));
    }
    Ok(cfg)
}

/// `source_lang` / `target_lang` of `tokenizer_config.json`.
fn languages(tokenizer_config: &Value) -> Result<(Lang, Lang), String> {
    let lang = |field: &str| {
        let code = tokenizer_config[field].as_str().unwrap_or_default();
        Lang::from_code(code)
            .ok_or_else(|| format!("tokenizer_config.json's {field} is {code:?}, not a language abrege knows (fr, en)"))
    };
    Ok((lang("source_lang")?, lang("target_lang")?))
}

impl Model {
    /// Loads the model of `dir`; an error names the file at fault and what to do.
    pub fn load(dir: &Path) -> Result<Model, Error> {
        Model::load_inner(dir).map_err(Error::Translate)
    }

    fn load_inner(dir: &Path) -> Result<Model, String> {
        if !dir.is_dir() {
            return Err(format!("the model folder {} does not exist: {FETCH_ADVICE}", dir.display()));
        }
        let mut missing: Vec<&str> = REQUIRED_FILES.iter().copied().filter(|f| !dir.join(f).is_file()).collect();
        let weights_file = WEIGHT_FILES.iter().map(|f| dir.join(f)).find(|p| p.is_file());
        if weights_file.is_none() {
            missing.push("model.safetensors (or pytorch_model.bin)");
        }
        if !missing.is_empty() {
            return Err(format!("the model folder {} lacks {}: {FETCH_ADVICE}", dir.display(), missing.join(", ")));
        }
        let config = read_json(dir, "config.json")?;
        let at = |file: &str, e: String| format!("{}: {e}", dir.join(file).display());
        let cfg = net_config(&config).map_err(|e| at("config.json", e))?;
        // transformers reads generation_config.json alone when it exists, else config.json.
        let generation_file =
            if dir.join("generation_config.json").is_file() { "generation_config.json" } else { "config.json" };
        let generation = read_json(dir, generation_file)?;
        let mut settings = Settings::read(&generation, cfg.max_positions).map_err(|e| at(generation_file, e))?;
        // The decoder has max_position_embeddings positions: the reference would fail past them.
        settings.max_length = settings.max_length.min(cfg.max_positions + 1);
        let tokenizer_config = read_json(dir, "tokenizer_config.json")?;
        let langs = languages(&tokenizer_config).map_err(|e| at("tokenizer_config.json", e))?;
        let max_input = match tokenizer_config["model_max_length"].as_u64() {
            Some(n) if (n as usize) < cfg.max_positions => n as usize,
            _ => cfg.max_positions,
        };
        let weights_file = weights_file.unwrap_or_default();
        let weights = Weights::open(&weights_file).map_err(|e| format!("{}: {e}", weights_file.display()))?;
        let net = Net::load(cfg, &weights).map_err(|e| {
            format!("{}: {e} (is it a MarianMTModel's weights? {FETCH_ADVICE} again)", weights.path().display())
        })?;
        let tokenizer = MarianTokenizer::load(dir).map_err(|e| e.to_string())?;
        if tokenizer.vocab_size() > net.source_vocab() {
            return Err(format!(
                "{} has {} words but the weights only {}: are the files of one model?",
                dir.join("vocab.json").display(),
                tokenizer.vocab_size(),
                net.source_vocab()
            ));
        }
        Ok(Model { dir: dir.to_path_buf(), net, settings, tokenizer, langs, max_input })
    }

    /// The direction, from `tokenizer_config.json`'s `source_lang` and `target_lang`.
    pub fn langs(&self) -> (Lang, Lang) {
        self.langs
    }

    /// The beams used when none are asked for (`num_beams` of the model's files).
    pub fn default_beams(&self) -> usize {
        self.settings.num_beams
    }

    fn fail(&self, e: impl std::fmt::Display) -> Error {
        Error::Translate(format!("the Marian model in {}: {e}", self.dir.display()))
    }

    /// One translation per text, in order; `beams` overrides the model's
    /// `num_beams` (1 is greedy search). An empty text translates to itself.
    /// All the texts (and pieces of long ones) are decoded together: a step
    /// reads the weights once for all of them.
    pub fn translate(&self, texts: &[String], beams: Option<usize>) -> Result<Vec<String>, Error> {
        // Each text's pieces, as (text index, ids).
        let mut pieces: Vec<(usize, Vec<u32>)> = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            if !text.trim().is_empty() {
                let split = split_to_fit(text, self.max_input, &|t: &str| self.tokenizer.encode(t));
                pieces.extend(split.into_iter().map(|ids| (i, ids)));
            }
        }
        let ids: Vec<Vec<u32>> = pieces.iter().map(|(_, ids)| ids.clone()).collect();
        let generated = self.generate_all(&ids, beams)?;
        let mut out: Vec<Vec<String>> = vec![Vec::new(); texts.len()];
        for ((i, _), g) in pieces.iter().zip(&generated) {
            out[*i].push(self.tokenizer.decode(g));
        }
        Ok(out.into_iter().map(|parts| parts.join(" ")).collect())
    }

    /// Generates from the ids of one tokenized text (`</s>` included, at most
    /// `max_position_embeddings`): the ids as `generate()` returns them,
    /// decoder start token first. `beams` overrides the model's `num_beams`.
    pub fn generate(&self, input_ids: &[u32], beams: Option<usize>) -> Result<Vec<u32>, Error> {
        Ok(self.generate_all(&[input_ids.to_vec()], beams)?.swap_remove(0))
    }

    /// [`Model::generate`] for several texts, decoded together.
    pub fn generate_all(&self, inputs: &[Vec<u32>], beams: Option<usize>) -> Result<Vec<Vec<u32>>, Error> {
        let max = self.net.cfg.max_positions;
        let vocab = self.net.source_vocab();
        for ids in inputs {
            if ids.is_empty() || ids.len() > max {
                return Err(self.fail(format!("{} input ids, where the model takes 1 to {max}", ids.len())));
            }
            if let Some(&bad) = ids.iter().find(|&&i| i as usize >= vocab) {
                return Err(self.fail(format!("input id {bad} is past the vocabulary ({vocab} ids)")));
            }
        }
        let beams = beams.unwrap_or(self.settings.num_beams).max(1);
        let encoded = inputs.iter().map(|ids| self.net.encode(ids)).collect::<candle_core::Result<Vec<_>>>();
        let encoded = encoded.map_err(|e| self.fail(e))?;
        generate::decode(&self.net, &self.settings, &encoded, beams).map_err(|e| self.fail(e))
    }

    /// The logits of every decoder position for `decoder_ids` after the
    /// source `input_ids` (teacher forcing), `[position][word]`: what the
    /// reference's forward pass gives, for tests.
    pub fn logits(&self, input_ids: &[u32], decoder_ids: &[u32]) -> Result<Vec<Vec<f32>>, Error> {
        let run = || -> candle_core::Result<Vec<Vec<f32>>> {
            let enc = self.net.encode(input_ids)?;
            let mut cache = self.net.cache();
            let mut out = Vec::with_capacity(decoder_ids.len());
            for &id in decoder_ids {
                out.push(self.net.step(&[id], &[(1, &enc)], &mut cache)?.flatten_all()?.to_vec1()?);
            }
            Ok(out)
        };
        run().map_err(|e| self.fail(e))
    }

    /// The tokenizer, to encode sources and decode outputs as the model does.
    pub fn tokenizer(&self) -> &MarianTokenizer {
        &self.tokenizer
    }
}

impl Translator for Model {
    fn translate(&self, texts: &[String], from: Lang, to: Lang) -> Result<Vec<String>, Error> {
        if (from, to) != self.langs {
            return Err(self.fail(format!("it translates {} to {}, not {from} to {to}", self.langs.0, self.langs.1)));
        }
        Model::translate(self, texts, None)
    }

    fn name(&self) -> String {
        "Marian (opus-mt, offline)".to_string()
    }
}

/// The ids of `text` in pieces of at most `limit` ids each, cut between
/// words (inside a word only when one word alone is too long); `encode`
/// gives a text's ids, `</s>` included.
fn split_to_fit(text: &str, limit: usize, encode: &dyn Fn(&str) -> Vec<u32>) -> Vec<Vec<u32>> {
    let whole = encode(text);
    if whole.len() <= limit {
        return vec![whole];
    }
    let mut pieces = Vec::new();
    let mut current: Option<(String, Vec<u32>)> = None;
    for word in text.split_whitespace() {
        let candidate = match &current {
            Some((t, _)) => format!("{t} {word}"),
            None => word.to_string(),
        };
        let ids = encode(&candidate);
        if ids.len() <= limit {
            current = Some((candidate, ids));
            continue;
        }
        pieces.extend(current.take().map(|(_, ids)| ids));
        let ids = encode(word);
        if ids.len() <= limit {
            current = Some((word.to_string(), ids));
        } else {
            pieces.extend(split_word(word, limit, encode));
        }
    }
    pieces.extend(current.map(|(_, ids)| ids));
    pieces
}

/// A word too long for the model, in halves (at character boundaries) until each fits.
fn split_word(word: &str, limit: usize, encode: &dyn Fn(&str) -> Vec<u32>) -> Vec<Vec<u32>> {
    let ids = encode(word);
    let chars = word.chars().count();
    if ids.len() <= limit || chars < 2 {
        return vec![ids];
    }
    let mid = word.char_indices().nth(chars / 2).map_or(word.len(), |(i, _)| i);
    let mut out = split_word(&word[..mid], limit, encode);
    out.extend(split_word(&word[mid..], limit, encode));
    out
}

/// The model of `dir`, loaded once per process and folder (an error too is
/// kept: a broken folder is not read again for every document) and shared
/// by all threads.
pub fn shared(dir: &Path) -> Result<Arc<Model>, Error> {
    type Loaded = HashMap<PathBuf, Arc<OnceLock<Result<Arc<Model>, String>>>>;
    static LOADED: OnceLock<Mutex<Loaded>> = OnceLock::new();
    let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    // The map's lock is held only to find the folder's cell; loading runs outside it,
    // so that two folders load at once and a second thread waits only for its own.
    let cell = {
        let mut loaded = LOADED.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
        loaded.entry(key).or_default().clone()
    };
    let loaded = cell.get_or_init(|| Model::load_inner(dir).map(Arc::new));
    loaded.clone().map_err(Error::Translate)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One id per character, plus `</s>`: a stand-in tokenizer.
    fn chars(t: &str) -> Vec<u32> {
        t.chars().map(|c| c as u32).chain([0]).collect()
    }

    fn texts(pieces: &[Vec<u32>]) -> Vec<String> {
        pieces.iter().map(|p| p[..p.len() - 1].iter().map(|&c| char::from_u32(c).unwrap()).collect()).collect()
    }

    #[test]
    fn split_to_fit_table() {
        // (text, limit in ids with </s>, pieces)
        let cases: [(&str, usize, &[&str]); 5] = [
            ("short text", 20, &["short text"]),
            ("one two three four", 9, &["one two", "three", "four"]),
            ("one two three four", 14, &["one two three", "four"]),
            // A word longer than the limit is halved until it fits.
            ("a abcdefghij b", 6, &["a", "abcde", "fghij", "b"]),
            ("  spaced   out  ", 4, &["spa", "ced", "out"]),
        ];
        for (text, limit, want) in cases {
            let pieces = split_to_fit(text, limit, &chars);
            assert!(pieces.iter().all(|p| p.len() <= limit), "{text}: {pieces:?}");
            assert_eq!(texts(&pieces), want, "{text}");
        }
    }

    #[test]
    fn config_table() {
        let opus = serde_json::json!({"d_model": 512, "encoder_layers": 6, "decoder_layers": 6,
            "encoder_attention_heads": 8, "decoder_attention_heads": 8, "max_position_embeddings": 512,
            "scale_embedding": true, "activation_function": "swish", "pad_token_id": 59513});
        let cfg = net_config(&opus).unwrap();
        assert_eq!((cfg.d_model, cfg.encoder_layers, cfg.decoder_heads, cfg.max_positions), (512, 6, 8, 512));
        assert!(cfg.scale_embedding && cfg.share_embeddings && cfg.tie_word_embeddings);
        assert_eq!(cfg.activation, Activation::Silu);
        // MarianConfig's defaults.
        let cfg = net_config(&serde_json::json!({})).unwrap();
        assert_eq!((cfg.d_model, cfg.encoder_heads, cfg.activation), (1024, 16, Activation::Gelu));
        for (bad, want) in [
            (serde_json::json!({"activation_function": "tanh"}), "activation_function"),
            (serde_json::json!({"d_model": 10, "encoder_attention_heads": 3}), "multiple"),
            (serde_json::json!({"d_model": "big"}), "d_model"),
        ] {
            let err = net_config(&bad).unwrap_err();
            assert!(err.contains(want), "{bad}: {err}");
        }
    }

    #[test]
    fn languages_table() {
        let cases = [
            (serde_json::json!({"source_lang": "fr", "target_lang": "en"}), Some((Lang::Fr, Lang::En))),
            (serde_json::json!({"source_lang": "eng", "target_lang": "fra"}), Some((Lang::En, Lang::Fr))),
            (serde_json::json!({"source_lang": "de", "target_lang": "en"}), None),
            (serde_json::json!({}), None),
        ];
        for (v, want) in cases {
            assert_eq!(languages(&v).ok(), want, "{v}");
        }
    }

    #[test]
    fn a_missing_folder_or_file_says_what_to_do() {
        let dir = std::env::temp_dir().join(format!("abrege-marian-{}", std::process::id()));
        let err = Model::load(&dir).err().unwrap().to_string();
        assert!(err.contains("does not exist") && err.contains("abrege models fetch"), "{err}");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.json"), "{}").unwrap();
        let err = Model::load(&dir).err().unwrap().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        for file in ["source.spm", "vocab.json", "model.safetensors (or pytorch_model.bin)"] {
            assert!(err.contains(file), "{err}");
        }
        assert!(err.contains("lacks source.spm,"), "config.json is there: {err}");
    }
}
