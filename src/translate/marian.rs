//! The `marian` backend (cargo feature `marian`): Helsinki-NLP's opus-mt
//! models run offline on the CPU with candle, in pure Rust.
//!
//! A models' folder holds one sub-folder per direction (`opus-mt-fr-en/`,
//! `opus-mt-en-fr/`), each with the files of [`super::MODEL_FILES`]: the
//! Hugging Face `config.json`, the weights as `model.safetensors`, and the
//! source and target SentencePiece tokenizers converted to `tokenizers` JSON
//! (`abrege models` says how). A direction is loaded on first use, once per
//! process (see [`shared`]), and kept; each sentence is then decoded greedily.

use super::{MODEL_FILES, Translator, model_folder};
use crate::error::Error;
use crate::lang::Lang;
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::marian::{Config, MTModel};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tokenizers::Tokenizer;

/// The Marian models of one folder, each direction loaded when first asked.
pub struct Marian {
    dir: PathBuf,
    fr_en: OnceLock<Result<Model, String>>,
    en_fr: OnceLock<Result<Model, String>>,
}

/// One direction: weights, configuration and both tokenizers.
struct Model {
    config: Config,
    model: MTModel,
    source: Tokenizer,
    target: Tokenizer,
}

/// The models of `dir`, shared by every document (and thread) of the process:
/// a folder's weights are read at most once.
pub fn shared(dir: &Path) -> Result<Arc<Marian>, Error> {
    static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<Marian>>>> = OnceLock::new();
    if !dir.is_dir() {
        return Err(Error::Translate(format!(
            "the models' folder {} does not exist: `abrege models --model-dir {}` tells what to put in it",
            dir.display(),
            dir.display()
        )));
    }
    let mut loaded = LOADED.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    Ok(loaded.entry(dir.to_path_buf()).or_insert_with(|| Arc::new(Marian::new(dir))).clone())
}

impl Marian {
    /// The models of `dir`; nothing is read until a translation asks for it.
    pub fn new(dir: &Path) -> Marian {
        Marian { dir: dir.to_path_buf(), fr_en: OnceLock::new(), en_fr: OnceLock::new() }
    }

    fn model(&self, from: Lang, to: Lang) -> Result<&Model, Error> {
        let cell = match (from, to) {
            (Lang::Fr, Lang::En) => &self.fr_en,
            (Lang::En, Lang::Fr) => &self.en_fr,
            _ => return Err(Error::Translate(format!("no Marian model translates {from} to {to}"))),
        };
        let folder = self.dir.join(model_folder(from, to));
        cell.get_or_init(|| Model::load(&folder)).as_ref().map_err(|e| Error::Translate(e.clone()))
    }
}

impl Translator for Marian {
    fn translate(&self, texts: &[String], from: Lang, to: Lang) -> Result<Vec<String>, Error> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let model = self.model(from, to)?;
        let folder = self.dir.join(model_folder(from, to));
        texts
            .iter()
            .map(|t| {
                model
                    .translate(t)
                    .map_err(|e| Error::Translate(format!("the Marian model in {}: {e}", folder.display())))
            })
            .collect()
    }

    fn name(&self) -> String {
        "Marian (opus-mt, offline)".to_string()
    }
}

impl Model {
    fn load(folder: &Path) -> Result<Model, String> {
        let missing: Vec<&str> = MODEL_FILES.iter().copied().filter(|f| !folder.join(f).is_file()).collect();
        if !missing.is_empty() {
            return Err(format!(
                "{} lacks {}: `abrege models` tells how to make these files",
                folder.display(),
                missing.join(", ")
            ));
        }
        let path = |file: &str| folder.join(file);
        let at = |file: &str, e: &dyn std::fmt::Display| format!("{}: {e}", path(file).display());
        let text = std::fs::read_to_string(path("config.json")).map_err(|e| at("config.json", &e))?;
        let config: Config = serde_json::from_str(&text).map_err(|e| at("config.json", &e))?;
        let weights = std::fs::read(path("model.safetensors")).map_err(|e| at("model.safetensors", &e))?;
        // A safe read into memory rather than mmap: no `unsafe`, and 300 MB fit.
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)
            .map_err(|e| at("model.safetensors", &e))?;
        let model = MTModel::new(&config, vb).map_err(|e| at("model.safetensors", &e))?;
        let source =
            Tokenizer::from_file(path("tokenizer-source.json")).map_err(|e| at("tokenizer-source.json", &e))?;
        let target =
            Tokenizer::from_file(path("tokenizer-target.json")).map_err(|e| at("tokenizer-target.json", &e))?;
        Ok(Model { config, model, source, target })
    }

    /// Greedy decoding of one text. The model is cloned (its tensors are
    /// shared, only the key-value cache is per call) so calls run in parallel.
    fn translate(&self, text: &str) -> Result<String, String> {
        let cfg = &self.config;
        let max_positions = cfg.max_position_embeddings.max(2);
        let encoding = self.source.encode(text, true).map_err(|e| e.to_string())?;
        let mut ids = encoding.get_ids().to_vec();
        if ids.last() != Some(&cfg.eos_token_id) {
            ids.push(cfg.eos_token_id);
        }
        if ids.len() > max_positions {
            // Too long for the model's positions: keep the start, end it properly.
            ids.truncate(max_positions - 1);
            ids.push(cfg.eos_token_id);
        }
        let mut model = self.model.clone();
        model.reset_kv_cache();
        let device = Device::Cpu;
        let input = Tensor::new(ids.as_slice(), &device).and_then(|t| t.unsqueeze(0)).map_err(|e| e.to_string())?;
        let encoded = model.encoder().forward(&input, 0).map_err(|e| e.to_string())?;
        // A translation runs about as long as its source: twice that bounds a
        // model that never ends its sentence.
        let max_len = (2 * ids.len() + 16).min(max_positions - 1);
        let mut out = vec![cfg.decoder_start_token_id];
        while out.len() <= max_len {
            // The first step feeds the start token; later ones only the last
            // token, the earlier ones being in the key-value cache.
            let start = if out.len() == 1 { 0 } else { out.len() - 1 };
            let next = self.step(&mut model, &out[start..], &encoded, start).map_err(|e| e.to_string())?;
            if next == cfg.eos_token_id || next == cfg.forced_eos_token_id {
                break;
            }
            out.push(next);
        }
        self.target.decode(&out[1..], true).map(|s| s.trim().to_string()).map_err(|e| e.to_string())
    }

    /// The most likely next token; padding is never a choice (as in Hugging
    /// Face's opus-mt generation settings, `bad_words_ids = [[pad]]`).
    fn step(&self, model: &mut MTModel, tokens: &[u32], encoded: &Tensor, start: usize) -> candle_core::Result<u32> {
        let input = Tensor::new(tokens, encoded.device())?.unsqueeze(0)?;
        let logits = model.decode(&input, encoded, start)?.squeeze(0)?;
        let last = logits.get(logits.dim(0)? - 1)?;
        let scores: Vec<f32> = last.to_dtype(DType::F32)?.to_vec1()?;
        let pad = self.config.pad_token_id as usize;
        let best = scores
            .iter()
            .enumerate()
            .filter(|&(i, s)| i != pad && !s.is_nan())
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i as u32);
        Ok(best.unwrap_or(self.config.eos_token_id))
    }
}
