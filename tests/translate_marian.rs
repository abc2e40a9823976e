//! The `marian` backend against the reference implementation: small random
//! `MarianMTModel`s in the Hugging Face layout, with transformers' logits and
//! `generate()` output (`tests/data/marian/`, written by
//! `scripts/marian_reference.py`; its README describes the files). fr-en has
//! its weights as `model.safetensors`, en-fr as `pytorch_model.bin`.
//! Run with `cargo test --features marian --test translate_marian`.
#![cfg(feature = "marian")]

use abrege::translate::marian::{Model, shared};
use abrege::{Lang, Translator};
use candle_core::{Device, Tensor};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The fixtures' `max_length` (generation_config.json).
const MAX_LENGTH: usize = 48;

const DIRECTIONS: [(&str, Lang, Lang); 2] = [("fr-en", Lang::Fr, Lang::En), ("en-fr", Lang::En, Lang::Fr)];

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/marian")
}

fn folder(pair: &str) -> PathBuf {
    data().join(format!("opus-mt-{pair}"))
}

fn model(pair: &str) -> Arc<Model> {
    shared(&folder(pair)).unwrap_or_else(|e| panic!("{pair}: {e}"))
}

fn rows(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(data().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn ids(v: &Value) -> Vec<u32> {
    v.as_array().unwrap().iter().map(|i| i.as_u64().unwrap() as u32).collect()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("abrege-marian-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A copy of a fixture model folder, to break.
fn copy_of(pair: &str, name: &str) -> PathBuf {
    let dir = temp_dir(name);
    for entry in std::fs::read_dir(folder(pair)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    dir
}

#[test]
fn the_direction_comes_from_tokenizer_config() {
    for (pair, from, to) in DIRECTIONS {
        assert_eq!(model(pair).langs(), (from, to), "{pair}");
        assert_eq!(model(pair).default_beams(), 4, "{pair}");
    }
}

#[test]
fn logits_are_the_reference_within_1e_4() {
    for (pair, _, _) in DIRECTIONS {
        let m = model(pair);
        let file = data().join(format!("{pair}.logits.safetensors"));
        let tensors: HashMap<String, Tensor> = candle_core::safetensors::load(&file, &Device::Cpu).unwrap();
        let mut checked = 0;
        for i in 0.. {
            let Some(input) = tensors.get(&format!("input_ids.{i}")) else { break };
            let as_u32 = |t: &Tensor| -> Vec<u32> { t.to_vec1::<i64>().unwrap().iter().map(|&v| v as u32).collect() };
            let decoder = as_u32(&tensors[&format!("decoder_input_ids.{i}")]);
            let want: Vec<Vec<f32>> = tensors[&format!("logits.{i}")].to_vec2().unwrap();
            let got = m.logits(&as_u32(input), &decoder).unwrap();
            assert_eq!(got.len(), want.len(), "{pair} #{i}");
            for (pos, (g, w)) in got.iter().zip(&want).enumerate() {
                assert_eq!(g.len(), w.len(), "{pair} #{i}");
                let worst = g.iter().zip(w).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
                assert!(worst < 1e-4, "{pair} input {i} position {pos}: logits differ by {worst}");
            }
            checked += 1;
        }
        assert!(checked > 0, "{pair}: no logits in the fixture");
    }
}

#[test]
fn generated_ids_are_the_reference_greedy_and_with_beams() {
    for (pair, _, _) in DIRECTIONS {
        let m = model(pair);
        let rows = rows(&format!("{pair}.generate.jsonl"));
        assert!(rows.len() >= 100, "{pair}: {} sentences", rows.len());
        let mut stopped_early = 0;
        for row in &rows {
            let input = ids(&row["input_ids"]);
            assert_eq!(m.tokenizer().encode(row["text"].as_str().unwrap()), input, "{pair}: {}", row["text"]);
            let greedy = ids(&row["greedy"]);
            let beam = ids(&row["beam"]);
            assert_eq!(m.generate(&input, Some(1)).unwrap(), greedy, "{pair} greedy: {}", row["text"]);
            assert_eq!(m.generate(&input, Some(4)).unwrap(), beam, "{pair} 4 beams: {}", row["text"]);
            assert_eq!(m.tokenizer().decode(&greedy), row["greedy_text"].as_str().unwrap(), "{pair}");
            assert_eq!(m.tokenizer().decode(&beam), row["beam_text"].as_str().unwrap(), "{pair}");
            stopped_early += usize::from(greedy.len() < MAX_LENGTH) + usize::from(beam.len() < MAX_LENGTH);
        }
        // Both the end of sentence and the maximum length are exercised.
        assert!(stopped_early > 0 && stopped_early < 2 * rows.len(), "{pair}: {stopped_early} of {}", 2 * rows.len());
    }
}

#[test]
fn translate_gives_the_reference_strings() {
    for (pair, from, to) in DIRECTIONS {
        let m = model(pair);
        let rows = rows(&format!("{pair}.generate.jsonl"));
        let texts: Vec<String> = rows.iter().map(|r| r["text"].as_str().unwrap().to_string()).collect();
        let want = |key: &str| -> Vec<String> { rows.iter().map(|r| r[key].as_str().unwrap().to_string()).collect() };
        assert_eq!(m.translate(&texts, Some(1)).unwrap(), want("greedy_text"), "{pair} greedy");
        // The model's own beam count (4) when none is asked, also through the Translator trait.
        assert_eq!(
            Translator::translate(m.as_ref(), &texts[..10], from, to).unwrap(),
            want("beam_text")[..10],
            "{pair}"
        );
        let err = Translator::translate(m.as_ref(), &texts[..1], to, from).unwrap_err().to_string();
        assert!(err.contains(&format!("not {to} to {from}")), "{err}");
    }
}

#[test]
fn a_text_longer_than_the_model_is_split_between_words_not_cut() {
    let m = model("fr-en");
    let rows = rows("fr-en.generate.jsonl");
    let sentence = rows[0]["text"].as_str().unwrap();
    let sentence_ids = m.tokenizer().encode(sentence).len();
    // Enough copies to pass 512 ids.
    let copies = 512 / (sentence_ids - 1) + 2;
    let long = vec![sentence; copies].join(" ");
    let ids = m.tokenizer().encode(&long);
    assert!(ids.len() > 512, "{}", ids.len());
    let err = m.generate(&ids, Some(1)).unwrap_err().to_string();
    assert!(err.contains("input ids"), "{err}");
    let out = m.translate(&[long], Some(1)).unwrap();
    // Each piece is translated: the output is at least two pieces' worth.
    let one = m.translate(&[sentence.to_string()], Some(1)).unwrap();
    assert!(out[0].len() > one[0].len(), "{out:?}");
}

#[test]
fn a_folder_is_loaded_once_per_process() {
    let a = shared(&folder("fr-en")).unwrap();
    let b = shared(&folder("fr-en").join("..").join("opus-mt-fr-en")).unwrap();
    assert!(Arc::ptr_eq(&a, &b));
    assert!(!Arc::ptr_eq(&a, &shared(&folder("en-fr")).unwrap()));
}

#[test]
fn broken_folders_are_clear_errors() {
    let missing = copy_of("fr-en", "no-weights");
    std::fs::remove_file(missing.join("model.safetensors")).unwrap();
    std::fs::remove_file(missing.join("vocab.json")).unwrap();
    let err = Model::load(&missing).err().unwrap().to_string();
    assert!(err.contains("vocab.json") && err.contains("model.safetensors"), "{err}");
    assert!(err.contains("abrege models fetch"), "{err}");

    let truncated = copy_of("fr-en", "truncated");
    let weights = std::fs::read(truncated.join("model.safetensors")).unwrap();
    std::fs::write(truncated.join("model.safetensors"), &weights[..weights.len() / 2]).unwrap();
    let err = Model::load(&truncated).err().unwrap().to_string();
    assert!(err.contains("model.safetensors"), "{err}");

    let not_pickle = copy_of("en-fr", "not-pickle");
    std::fs::write(not_pickle.join("pytorch_model.bin"), b"not a zip").unwrap();
    let err = Model::load(&not_pickle).err().unwrap().to_string();
    assert!(err.contains("pytorch_model.bin"), "{err}");

    let sampling = copy_of("fr-en", "sampling");
    let mut generation: Value =
        serde_json::from_str(&std::fs::read_to_string(sampling.join("generation_config.json")).unwrap()).unwrap();
    generation["do_sample"] = Value::Bool(true);
    std::fs::write(sampling.join("generation_config.json"), generation.to_string()).unwrap();
    let err = Model::load(&sampling).err().unwrap().to_string();
    assert!(err.contains("generation_config.json") && err.contains("do_sample"), "{err}");

    for dir in [missing, truncated, not_pickle, sampling] {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn without_generation_config_json_config_json_is_read() {
    // opus-mt's config.json holds the generation fields too (the fixture's
    // as well): the beam count, the maximum length, the banned <pad>, but not
    // renormalize_logits, which leaves greedy search unchanged.
    let dir = copy_of("en-fr", "no-generation-config");
    std::fs::remove_file(dir.join("generation_config.json")).unwrap();
    let m = Model::load(&dir).unwrap();
    assert_eq!(m.default_beams(), 4);
    for row in rows("en-fr.generate.jsonl").iter().take(20) {
        assert_eq!(m.generate(&ids(&row["input_ids"]), Some(1)).unwrap(), ids(&row["greedy"]), "{}", row["text"]);
    }
    std::fs::remove_dir_all(dir).unwrap();
}
