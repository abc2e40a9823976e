//! The `marian` backend's real loading and decoding code, on tiny models that
//! this file generates (random weights saved as safetensors, a tiny Marian
//! config, character-level SentencePiece-like tokenizers): no weights can be
//! downloaded here. Run with `cargo test --features marian`.
#![cfg(feature = "marian")]

use abrege::translate::marian::{Marian, shared};
use abrege::{Lang, Translator};
use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use candle_transformers::models::marian::{Config, MTModel};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use tokenizers::models::unigram::Unigram;
use tokenizers::pre_tokenizers::metaspace::{Metaspace, PrependScheme};
use tokenizers::{AddedToken, Tokenizer};

const EOS: u32 = 0;
const MAX_POSITIONS: usize = 256;

/// The vocabulary: `</s>`, `<unk>`, then characters with and without the
/// word-start mark, and `<pad>` last (also the decoder's start token).
fn pieces() -> Vec<String> {
    let mut p = vec!["</s>".to_string(), "<unk>".to_string(), "▁".to_string()];
    for c in "abcdefghijklmnopqrstuvwxyzéèêàâçîôûùëï0123456789".chars() {
        p.push(c.to_string());
        p.push(format!("▁{c}"));
    }
    for c in ".,;:!?'’()%-«»\"".chars() {
        p.push(c.to_string());
    }
    p.push("<pad>".to_string());
    p
}

fn id(piece: &str) -> usize {
    pieces().iter().position(|p| p == piece).expect("a piece of the vocabulary")
}

/// Writes `dir/opus-mt-{from}-{to}/` with the four files; `bias` sets some
/// entries of `final_logits_bias` (piece, value) to steer greedy decoding.
fn tiny_model(dir: &Path, from: Lang, to: Lang, bias: &[(&str, f32)]) {
    let folder = dir.join(format!("opus-mt-{from}-{to}"));
    std::fs::create_dir_all(&folder).unwrap();
    let vocab = pieces().len();
    let pad = vocab - 1;
    // The Hugging Face config.json shape, extra fields included.
    let config = json!({
        "architectures": ["MarianMTModel"], "model_type": "marian", "activation_dropout": 0.0,
        "activation_function": "swish", "d_model": 16, "decoder_attention_heads": 2, "decoder_ffn_dim": 32,
        "decoder_layers": 1, "decoder_start_token_id": pad, "decoder_vocab_size": vocab,
        "encoder_attention_heads": 2, "encoder_ffn_dim": 32, "encoder_layers": 1, "eos_token_id": EOS,
        "forced_eos_token_id": EOS, "is_encoder_decoder": true, "max_position_embeddings": MAX_POSITIONS,
        "pad_token_id": pad, "scale_embedding": true, "share_encoder_decoder_embeddings": true,
        "use_cache": true, "vocab_size": vocab, "bad_words_ids": [[pad]]
    });
    std::fs::write(folder.join("config.json"), config.to_string()).unwrap();

    let cfg: Config = serde_json::from_value(config).unwrap();
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    MTModel::new(&cfg, vb).expect("the tiny model builds");
    let mut b = vec![0f32; vocab];
    // Random weights end at once one time in `vocab`: keep them talking.
    b[EOS as usize] = -20.0;
    for (piece, value) in bias {
        b[id(piece)] = *value;
    }
    let mut varmap = varmap;
    varmap.set_one("final_logits_bias", Tensor::from_vec(b, (1, vocab), &Device::Cpu).unwrap()).unwrap();
    varmap.save(folder.join("model.safetensors")).unwrap();

    let tokenizer = tokenizer();
    tokenizer.save(folder.join("tokenizer-source.json"), false).unwrap();
    tokenizer.save(folder.join("tokenizer-target.json"), false).unwrap();
}

fn tokenizer() -> Tokenizer {
    let vocab: Vec<(String, f64)> = pieces().into_iter().map(|p| (p, -1.0)).collect();
    let mut tokenizer = Tokenizer::new(Unigram::from(vocab, Some(1), false).unwrap());
    tokenizer.with_pre_tokenizer(Some(Metaspace::new('▁', PrependScheme::Always, true)));
    tokenizer.with_decoder(Some(Metaspace::new('▁', PrependScheme::Always, true)));
    tokenizer.add_special_tokens(&[
        AddedToken::from("</s>", true),
        AddedToken::from("<unk>", true),
        AddedToken::from("<pad>", true),
    ]);
    tokenizer
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("marian-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/fr/00_seed_stargate.txt")
}

fn abrege(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_abrege"))
        .args(args)
        .env_remove("ABREGE_TRANSLATE")
        .env_remove("ABREGE_TRANSLATE_URL")
        .env_remove("ABREGE_MODEL_DIR")
        .output()
        .expect("binary runs")
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_summary_is_translated_end_to_end_by_the_tiny_model() {
    let dir = temp_dir("e2e");
    tiny_model(&dir, Lang::Fr, Lang::En, &[]);
    let seed = seed();
    let args = ["--to", "en", "--translate", "marian", "--model-dir", dir.to_str().unwrap(), "--format", "json"];
    let o = abrege(&[&args[..], &[seed.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    let sentences = s["sentences"].as_array().unwrap();
    let translations = s["translations"].as_array().expect("translated");
    assert_eq!(translations.len(), sentences.len());
    assert_eq!(s["translated_by"], "Marian (opus-mt, offline)");
    let vocab = pieces();
    for t in translations.iter().chain([&s["title_translation"]]) {
        let t = t.as_str().unwrap();
        assert!(!t.is_empty());
        // Decoded by the target tokenizer: words made of its pieces, no marks.
        assert!(!t.contains('▁') && !t.contains("<pad>") && !t.contains("</s>"), "{t}");
        assert!(t.chars().all(|c| c == ' ' || vocab.iter().any(|p| p == &c.to_string())), "{t}");
        assert!(t.split(' ').count() < MAX_POSITIONS, "{t}");
    }
    let summary = s["rendered"].as_str().unwrap();
    assert!(summary.contains("translated from French by Marian (opus-mt, offline)"), "{summary}");
    assert!(summary.contains(&format!("• {}", translations[0].as_str().unwrap())), "{summary}");

    // Same model, same input: the same translation (greedy decoding).
    let again: Value =
        serde_json::from_slice(&abrege(&[&args[..], &[seed.to_str().unwrap()]].concat()).stdout).unwrap();
    assert_eq!(again["translations"], s["translations"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn greedy_decoding_follows_the_logits() {
    let texts = strings(&["Le conseil a voté le budget.", "Deux phrases, deux traductions."]);
    // (bias, what every translation must be made of)
    let cases: [(&[(&str, f32)], &str); 3] = [
        // One piece far ahead: it is repeated until the length bound.
        (&[("▁z", 100.0)], "z"),
        // Padding is never chosen, even when it scores best.
        (&[("<pad>", 200.0), ("▁y", 100.0)], "y"),
        // The end of sentence first: an empty translation.
        (&[("</s>", 100.0)], ""),
    ];
    for (n, (bias, word)) in cases.into_iter().enumerate() {
        let dir = temp_dir(&format!("bias{n}"));
        tiny_model(&dir, Lang::En, Lang::Fr, bias);
        let out = Marian::new(&dir).translate(&texts, Lang::En, Lang::Fr).unwrap();
        assert_eq!(out.len(), texts.len());
        for (t, source) in out.iter().zip(&texts) {
            let words: Vec<&str> = t.split_whitespace().collect();
            assert!(words.iter().all(|w| *w == word), "{bias:?}: {t}");
            if !word.is_empty() {
                // Bounded by twice the source's tokens (plus some), not by the model.
                let source_tokens = tokenizer().encode(source.as_str(), true).unwrap().get_ids().len() + 1;
                assert_eq!(words.len(), 2 * source_tokens + 16, "{t}");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_long_text_is_cut_to_the_model_positions() {
    let dir = temp_dir("long");
    tiny_model(&dir, Lang::Fr, Lang::En, &[("▁x", 100.0)]);
    let long = vec!["mot".repeat(5); 400].join(" ");
    let out = Marian::new(&dir).translate(&[long], Lang::Fr, Lang::En).unwrap();
    // The source is cut to the positions, and so is the output (after its start token).
    assert_eq!(out[0].split_whitespace().count(), MAX_POSITIONS - 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn missing_files_or_directions_are_clear_warnings() {
    let dir = temp_dir("missing");
    tiny_model(&dir, Lang::Fr, Lang::En, &[]);
    std::fs::remove_file(dir.join("opus-mt-fr-en/tokenizer-target.json")).unwrap();
    let marian = Marian::new(&dir);
    let err = marian.translate(&strings(&["Bonjour."]), Lang::Fr, Lang::En).unwrap_err().to_string();
    assert!(err.contains("lacks tokenizer-target.json") && err.contains("abrege models"), "{err}");
    let err = marian.translate(&strings(&["Hello."]), Lang::En, Lang::Fr).unwrap_err().to_string();
    assert!(err.contains("opus-mt-en-fr lacks config.json, model.safetensors"), "{err}");

    // Through the binary: the summary, untranslated, a warning, exit 0.
    let seed = seed();
    let o = abrege(&["--to", "en", "--model-dir", dir.to_str().unwrap(), seed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("warning: not translated:") && err.contains("tokenizer-target.json"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("quoted in French"));
    let o = abrege(&["--to", "en", "--model-dir", "/nonexistent/models", seed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_is_loaded_once_per_process() {
    let dir = temp_dir("shared");
    tiny_model(&dir, Lang::Fr, Lang::En, &[]);
    let a = shared(&dir).unwrap();
    let b = shared(&dir).unwrap();
    assert!(Arc::ptr_eq(&a, &b));
    let texts = strings(&["Une phrase."]);
    assert_eq!(a.translate(&texts, Lang::Fr, Lang::En).unwrap(), b.translate(&texts, Lang::Fr, Lang::En).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}
