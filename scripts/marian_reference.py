#!/usr/bin/env python3
"""Writes the Marian reference fixtures that `cargo test --features marian` reads.

Run once by a developer, never by CI (it needs torch, transformers and
sentencepiece; the fixtures it writes are committed):

    python3 -m venv /work/venv-ref
    /work/venv-ref/bin/pip install torch transformers sentencepiece safetensors protobuf
    /work/venv-ref/bin/python scripts/marian_reference.py \
        [--fr ../shared/eval/summ/fr/dev.jsonl] [--en ../shared/eval/summ/en/dev.jsonl] \
        [--out tests/data/marian]

Versions the committed fixtures were written with:
    python 3.11.7, torch 2.15.0, transformers 5.25.0, sentencepiece 0.2.3,
    safetensors 0.8.0, protobuf 7.36.2, tokenizers 0.23.3, numpy 2.4.6

What it writes (see tests/data/marian/README.md for the layout):
- SentencePiece unigram models trained on the dev articles' text (nmt_nfkc, the
  normalization opus-mt's models have), one per language;
- two small random-weight `MarianMTModel`s in opus-mt-fr-en's architecture
  (swish, scaled embeddings, static sinusoidal positions, shared embeddings,
  a non-zero final logits bias), in the Hugging Face layout of a clone of an
  opus-mt repository; fr-en as `model.safetensors`, en-fr as `pytorch_model.bin`;
- `MarianTokenizer`'s ids and decoded strings, transformers' encoder outputs
  and logits, and `generate()` ids, greedy and with beams, all computed from the
  files as transformers reads them back.

The article texts are read by path and never copied: the fixtures hold the
sentences that the tests tokenize, which is what the tests need.
"""

import argparse
import copy
import io
import json
import os
import random
import re
import shutil
import sys

import numpy as np
import sentencepiece as spm
import torch
import transformers
from safetensors.torch import save_file
from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

SEED = 20261207
SPM_VOCAB = 1500
D_MODEL = 32
FFN = 64
HEADS = 4
LAYERS = 2
MAX_POSITIONS = 256
MAX_LENGTH = 48
NUM_BEAMS = 4
# Random weights: the encoder and decoder are drawn with a larger spread than
# transformers' init_std so that the output depends on the input. Random models
# either stop at once or repeat until MAX_LENGTH; the end of sentence's logit
# bias is calibrated (the candidate that makes most greedy outputs of
# CALIBRATION sentences stop after at least one token and before MAX_LENGTH).
WEIGHT_STD = 0.35
EOS_BIASES = [8.0, 8.5, 9.0, 9.5, 10.0, 10.5]
CALIBRATION = 30
GEN_SENTENCES = 120
ENCODE_SENTENCES = 340
DECODE_RANDOM = 100
LOGIT_INPUTS = 3
FORCED_STEPS = 6

ODD_INPUTS = [
    "",
    " ",
    "   ",
    "\t\n",
    "x",
    "2026",
    "12 345,67 € le 29/02/2024 à 11h30",
    "3.14159 + 2,71828 = 5.85987",
    "🙂 emoji 👍🏽 et 👨‍👩‍👧",
    "日本語のテキスト と 中文",
    "Ça, c’est « très » bien ! N’est-ce pas ?",
    "“Quoted” ‘single’ „low“ ‹angle› — dash – en",
    "L\u00a0heure\u202f: 10\u00a0h\u2009!",
    "  multiple   spaces   here  ",
    "e\u0301te\u0301 de\u0301compose\u0301",
    "été à l'œuvre, cœur, Æsop, naïve, Noël",
    "ﬁ ﬂ ligatures Ⅻ ① ² ½ ™",
    "ＡＢＣ１２３ fullwidth",
    "tab\tinside\tand\nnewline",
    "zero\u200bwidth\u200djoiner\ufeffbom",
    "ALL CAPS HEADLINE!!!",
    "a" * 120,
    "end </s> inside",
    "<unk> and <pad> written",
    ">>fr<< a language code prefix",
    ">>en<<",
    "\u0001control\u0007chars\u007f",
    "Ελληνικά και русский текст",
    "...",
    "?!",
    "« »",
    "M. Dupont (LR) a dit : «\u00a0Non\u00a0».",
]


def read_texts(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def sentences(texts):
    """Articles split into sentences: on end punctuation followed by a space, and on newlines."""
    out = []
    for text in texts:
        for line in text.split("\n"):
            for s in re.split(r"(?<=[.!?…])\s+", line.strip()):
                if s.strip():
                    out.append(s.strip())
    return out


def train_spm(lines):
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        vocab_size=SPM_VOCAB,
        model_type="unigram",
        normalization_rule_name="nmt_nfkc",
        character_coverage=0.9995,
        # Every sentence, in order: training is then deterministic.
        input_sentence_size=0,
        shuffle_input_sentence=False,
        num_threads=1,
        minloglevel=2,
    )
    return buf.getvalue()


def marian_vocab(source_spm, target_spm, rng):
    """A joint vocab.json as opus-mt's: `</s>`=0, `<unk>`=1, the pieces of both models in
    an order unrelated to either model's ids, a few pieces neither model has, `<pad>` last."""
    pieces = []
    seen = {"</s>", "<unk>", "<s>", "<pad>"}
    for model in (source_spm, target_spm):
        sp = spm.SentencePieceProcessor(model_proto=model)
        for i in range(sp.get_piece_size()):
            p = sp.id_to_piece(i)
            if p not in seen and not sp.is_control(i) and not sp.is_unknown(i):
                seen.add(p)
                pieces.append(p)
    # Pieces of neither model: transformers decodes them from vocab.json alone.
    for extra in ["▁Zyzzyva", "▁≈", "qü", "▁▁", "▁«▁", "‰", "▁ÉTÉ", "ǅ"]:
        if extra not in seen:
            seen.add(extra)
            pieces.append(extra)
    rng.shuffle(pieces)
    vocab = {"</s>": 0, "<unk>": 1}
    for p in pieces:
        vocab[p] = len(vocab)
    vocab["<pad>"] = len(vocab)
    return vocab


def write_tokenizer(dirname, src_lang, tgt_lang, src_model, tgt_model, vocab):
    os.makedirs(dirname, exist_ok=True)
    with open(os.path.join(dirname, "source.spm"), "wb") as f:
        f.write(src_model)
    with open(os.path.join(dirname, "target.spm"), "wb") as f:
        f.write(tgt_model)
    with open(os.path.join(dirname, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, indent=2, ensure_ascii=False)
    # As opus-mt repositories have them (no clean_up_tokenization_spaces key).
    with open(os.path.join(dirname, "tokenizer_config.json"), "w") as f:
        json.dump({"source_lang": src_lang, "target_lang": tgt_lang, "model_max_length": 512}, f)
    with open(os.path.join(dirname, "special_tokens_map.json"), "w") as f:
        json.dump({"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}, f)


def make_model(vocab_size, pad, gen_seed):
    config = MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        max_position_embeddings=MAX_POSITIONS,
        encoder_layers=LAYERS,
        decoder_layers=LAYERS,
        encoder_attention_heads=HEADS,
        decoder_attention_heads=HEADS,
        encoder_ffn_dim=FFN,
        decoder_ffn_dim=FFN,
        d_model=D_MODEL,
        activation_function="swish",
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        init_std=0.02,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad,
    )
    torch.manual_seed(gen_seed)
    model = MarianMTModel(config)
    g = torch.Generator().manual_seed(gen_seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "embed_positions" in name:
                continue
            if name.endswith("layer_norm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            elif "shared" in name or "embed_tokens" in name:
                p.copy_(0.5 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(WEIGHT_STD * torch.randn(p.shape, generator=g))
        model.final_logits_bias.copy_(0.5 * torch.randn(model.final_logits_bias.shape, generator=g))
    model.eval()
    return model


def calibrate_eos(model, tok, texts, pad):
    """Adds to the end of sentence's logit bias the candidate of EOS_BIASES under which most
    greedy outputs end after at least one token and before MAX_LENGTH."""
    gen = with_beams(generation_config(pad), 1)
    base = model.final_logits_bias.clone()
    best = None
    with torch.no_grad():
        for b in EOS_BIASES:
            model.final_logits_bias.copy_(base)
            model.final_logits_bias[0, 0] += b
            lengths = [
                len(model.generate(tok(t, return_tensors="pt")["input_ids"], generation_config=gen)[0])
                for t in texts
            ]
            mid = sum(1 for n in lengths if 2 < n < MAX_LENGTH)
            print(f"eos bias +{b}: {mid}/{len(texts)} greedy outputs end early; lengths {sorted(lengths)}", file=sys.stderr)
            if best is None or mid > best[0]:
                best = (mid, b)
        model.final_logits_bias.copy_(base)
        model.final_logits_bias[0, 0] += best[1]
    return best[1]


def generation_config(pad):
    # As opus-mt-fr-en's generation_config.json, with a small max_length.
    return GenerationConfig(
        bad_words_ids=[[pad]],
        bos_token_id=0,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        max_length=MAX_LENGTH,
        num_beams=NUM_BEAMS,
        pad_token_id=pad,
        renormalize_logits=True,
    )


def with_beams(gen, beams):
    """The generation config with another beam count, everything else as read."""
    out = copy.deepcopy(gen)
    out.num_beams = beams
    return out


def short(tok, texts, n):
    """The first `n` texts of at most 120 source tokens (the models' positions stop at MAX_POSITIONS)."""
    return [t for t in texts if len(tok(t)["input_ids"]) <= 120][:n]


def patch_config_json(dirname, pad):
    """Adds the keys opus-mt-fr-en's config.json has that this transformers no longer writes."""
    path = os.path.join(dirname, "config.json")
    with open(path) as f:
        cfg = json.load(f)
    legacy = {
        "add_bias_logits": False,
        "add_final_layer_norm": False,
        "normalize_before": False,
        "normalize_embedding": False,
        "static_position_embeddings": True,
        "num_hidden_layers": LAYERS,
        "bad_words_ids": [[pad]],
        "num_beams": NUM_BEAMS,
        "max_length": MAX_LENGTH,
    }
    for k, v in legacy.items():
        cfg.setdefault(k, v)
    with open(path, "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)


def save_model(model, dirname, pad, safetensors):
    gen = generation_config(pad)
    if safetensors:
        model.save_pretrained(dirname)
    else:
        # This transformers writes safetensors only; opus-mt's pytorch_model.bin is a
        # torch.save of the whole state dict (tied and position weights included).
        model.config.save_pretrained(dirname)
        torch.save(model.state_dict(), os.path.join(dirname, "pytorch_model.bin"))
    gen.save_pretrained(dirname)
    for name in os.listdir(dirname):
        if name.endswith(".safetensors") and not safetensors:
            os.remove(os.path.join(dirname, name))
    patch_config_json(dirname, pad)


def jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def pick(seq, n, rng):
    seq = list(seq)
    rng.shuffle(seq)
    return seq[:n]


def direction(out, src, tgt, models, sents, gen_seed, safetensors, rng, report):
    name = f"opus-mt-{src}-{tgt}"
    dirname = os.path.join(out, name)
    if os.path.isdir(dirname):
        shutil.rmtree(dirname)
    vocab = marian_vocab(models[src], models[tgt], rng)
    pad = vocab["<pad>"]
    write_tokenizer(dirname, src, tgt, models[src], models[tgt], vocab)
    model = make_model(len(vocab), pad, gen_seed)
    calib_tok = MarianTokenizer.from_pretrained(dirname)
    calib = short(calib_tok, pick(sents[src], 4 * CALIBRATION, random.Random(gen_seed)), CALIBRATION)
    eos_bias = calibrate_eos(model, calib_tok, calib, pad)
    save_model(model, dirname, pad, safetensors)

    # Everything below is computed from the files as transformers reads them back.
    tok = MarianTokenizer.from_pretrained(dirname)
    model = MarianMTModel.from_pretrained(dirname)
    model.eval()
    gen = GenerationConfig.from_pretrained(dirname)

    # Source-side ids.
    enc_texts = ODD_INPUTS + pick(sents[src], ENCODE_SENTENCES, rng)
    jsonl(
        os.path.join(out, f"{src}-{tgt}.encode.jsonl"),
        [{"text": t, "ids": tok(t)["input_ids"]} for t in enc_texts],
    )

    # Target-side decoding: target sentences' ids, then random ids over the whole vocab
    # (specials and pieces missing from target.spm included).
    dec_rows = []
    for t in ODD_INPUTS + pick(sents[tgt], ENCODE_SENTENCES, rng):
        ids = tok(text_target=t)["input_ids"]
        dec_rows.append({"ids": ids, "text": tok.decode(ids, skip_special_tokens=True)})
    special = [0, 1, pad]
    for _ in range(DECODE_RANDOM):
        n = rng.randint(1, 30)
        ids = [rng.randrange(len(vocab)) if rng.random() > 0.1 else rng.choice(special) for _ in range(n)]
        dec_rows.append({"ids": ids, "text": tok.decode(ids, skip_special_tokens=True)})
    jsonl(os.path.join(out, f"{src}-{tgt}.decode.jsonl"), dec_rows)

    # Generation: one sentence per call, no padding.
    gen_texts = short(tok, pick(sents[src], 4 * GEN_SENTENCES, rng), GEN_SENTENCES)
    settings = {"greedy": with_beams(gen, 1), "beam": gen}
    rows = []
    lengths = {"greedy": [], "beam": []}
    with torch.no_grad():
        for t in gen_texts:
            ids = tok(t, return_tensors="pt")["input_ids"]
            row = {"text": t, "input_ids": ids[0].tolist()}
            for key, config in settings.items():
                outp = model.generate(ids, generation_config=config)[0].tolist()
                row[key] = outp
                row[key + "_text"] = tok.decode(outp, skip_special_tokens=True)
                lengths[key].append(len(outp))
            rows.append(row)
    jsonl(os.path.join(out, f"{src}-{tgt}.generate.jsonl"), rows)
    eff = {k: v for k, v in gen.to_dict().items() if v is not None}
    report[name] = {
        "weights": "model.safetensors" if safetensors else "pytorch_model.bin",
        "vocab_size": len(vocab),
        "eos_bias_added": eos_bias,
        "pad": pad,
        "generation_config": {k: eff[k] for k in sorted(eff) if not k.startswith("_") and k != "transformers_version"},
        "settings": {
            k: {"num_beams": v.num_beams, "do_sample": v.do_sample, "batch_size": 1, "padding": False}
            for k, v in settings.items()
        },
        "lengths": {
            k: {
                "min": min(v),
                "max": max(v),
                "mean": round(sum(v) / len(v), 2),
                "stopped_before_max_length": sum(1 for x in v if x < MAX_LENGTH),
                "distinct_outputs": len({tuple(r[k]) for r in rows}),
            }
            for k, v in lengths.items()
        },
    }

    # Encoder output and logits: the first decoder step, then FORCED_STEPS steps of teacher
    # forcing on a target-language sentence's ids (decoder input: <pad> then those ids).
    tensors = {}
    forced = pick(sents[tgt], LOGIT_INPUTS, rng)
    with torch.no_grad():
        for i, row in enumerate(rows[:LOGIT_INPUTS]):
            ids = torch.tensor([row["input_ids"]])
            enc = model.get_encoder()(input_ids=ids).last_hidden_state
            dec_in = torch.tensor([[pad] + tok(text_target=forced[i])["input_ids"][:FORCED_STEPS]])
            logits = model(input_ids=ids, decoder_input_ids=dec_in).logits
            tensors[f"input_ids.{i}"] = ids[0].to(torch.int64).contiguous()
            tensors[f"encoder_output.{i}"] = enc[0].to(torch.float32).contiguous()
            tensors[f"decoder_input_ids.{i}"] = dec_in[0].to(torch.int64).contiguous()
            tensors[f"logits.{i}"] = logits[0].to(torch.float32).contiguous()
    save_file(tensors, os.path.join(out, f"{src}-{tgt}.logits.safetensors"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fr", default="../shared/eval/summ/fr/dev.jsonl")
    ap.add_argument("--en", default="../shared/eval/summ/en/dev.jsonl")
    ap.add_argument("--out", default="tests/data/marian")
    args = ap.parse_args()

    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    rng = random.Random(SEED)
    sents = {"fr": sentences(read_texts(args.fr)), "en": sentences(read_texts(args.en))}
    models = {lang: train_spm(sents[lang]) for lang in ("fr", "en")}
    os.makedirs(args.out, exist_ok=True)
    report = {
        "versions": {
            "python": sys.version.split()[0],
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "sentencepiece": spm.__version__,
            "numpy": np.__version__,
        }
    }
    direction(args.out, "fr", "en", models, sents, SEED + 1, True, rng, report)
    direction(args.out, "en", "fr", models, sents, SEED + 2, False, rng, report)
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(report, f, indent=2, ensure_ascii=False)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
