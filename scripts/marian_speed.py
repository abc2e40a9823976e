#!/usr/bin/env python3
"""Speed of abrege's Marian decoder against transformers/PyTorch, one thread each.

Run by a developer (it needs torch, transformers and sentencepiece), never by CI:

    cargo build --release --features marian --example marian_bench --bin abrege
    /work/venv-ref/bin/python scripts/marian_speed.py [--out /tmp/marian-speed] \
        [--tokens 64] [--repeat 3] [--seed ../shared/seed/000_6d60c11ca3f3fe1a.txt]

What it does:
- writes, into --out (never into the repository), a MarianMTModel with RANDOM
  weights in opus-mt-fr-en's configuration (d_model 512, 6+6 layers, 8 heads,
  ffn 2048, 59514 words, swish, scaled embeddings), as model.safetensors, with
  a SentencePiece model trained on the seed article for both sides and a
  vocab.json padded to 59514 entries;
- its generation_config.json is opus-mt-fr-en's (4 beams, bad word <pad>,
  forced eos, renormalized logits) plus max_new_tokens = min_new_tokens =
  --tokens: every text decodes exactly that many tokens (the end of sentence is
  forbidden before, forced at the end), in both implementations, which read
  the same files;
- the texts are the seed's title and key sentences, as
  `abrege --format json SEED` picks them, tokenized by MarianTokenizer: both
  implementations decode the same ids, and the times are generate()'s alone;
- times transformers' generate() with torch.set_num_threads(1), greedy and with
  4 beams (best of --repeat over all texts, one generate() per text), then the
  `marian_bench` example (RAYON_NUM_THREADS=1) under /usr/bin/time -v, one
  text at a time and all texts together (as `Model::translate` decodes them;
  the example checks that the ids are the same), and prints the ratios, the load
  times, the peak memory against the weights' size, and whether the generated
  ids are identical.
"""

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time

import sentencepiece as spm
import torch
import transformers
from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VOCAB = 59514
PAD = VOCAB - 1


def seed_texts(binary, seed):
    out = subprocess.run([binary, "--format", "json", seed], check=True, capture_output=True, text=True).stdout
    summary = json.loads(out)
    return [summary["title"]] + summary["sentences"]


def write_tokenizer(out, seed):
    with open(seed, encoding="utf-8") as f:
        lines = [l.strip() for l in f if l.strip()]
    train = os.path.join(out, "train.txt")
    with open(train, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    prefix = os.path.join(out, "spm")
    spm.SentencePieceTrainer.train(
        input=train, model_prefix=prefix, vocab_size=600, model_type="unigram",
        hard_vocab_limit=False, unk_id=1, eos_id=0, bos_id=-1, pad_id=-1,
        normalization_rule_name="nmt_nfkc", minloglevel=2,
    )
    os.remove(train)
    shutil.copy(prefix + ".model", os.path.join(out, "source.spm"))
    os.replace(prefix + ".model", os.path.join(out, "target.spm"))
    os.remove(prefix + ".vocab")
    sp = spm.SentencePieceProcessor(model_file=os.path.join(out, "source.spm"))
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    for i in range(len(vocab), PAD):
        vocab[f"▁filler{i}"] = i
    vocab["<pad>"] = PAD
    assert len(vocab) == VOCAB
    with open(os.path.join(out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump({"source_lang": "fr", "target_lang": "en", "model_max_length": 512}, f)


def write_model(out, tokens):
    config = MarianConfig(
        vocab_size=VOCAB, decoder_vocab_size=VOCAB, max_position_embeddings=512,
        encoder_layers=6, decoder_layers=6, encoder_attention_heads=8, decoder_attention_heads=8,
        encoder_ffn_dim=2048, decoder_ffn_dim=2048, d_model=512, activation_function="swish",
        scale_embedding=True, share_encoder_decoder_embeddings=True, pad_token_id=PAD,
        eos_token_id=0, bos_token_id=0, forced_eos_token_id=0, decoder_start_token_id=PAD,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config)
    with torch.no_grad():
        model.final_logits_bias.copy_(0.5 * torch.randn(model.final_logits_bias.shape))
    model.save_pretrained(out)
    GenerationConfig(
        bad_words_ids=[[PAD]], bos_token_id=0, decoder_start_token_id=PAD, eos_token_id=0,
        forced_eos_token_id=0, max_length=512, num_beams=4, pad_token_id=PAD, renormalize_logits=True,
        max_new_tokens=tokens, min_new_tokens=tokens,
    ).save_pretrained(out)


def time_torch(out, texts, beams, repeat):
    torch.set_num_threads(1)
    start = time.perf_counter()
    model = MarianMTModel.from_pretrained(out)
    model.eval()
    load = time.perf_counter() - start
    tok = MarianTokenizer.from_pretrained(out)
    inputs = [tok(t, return_tensors="pt")["input_ids"] for t in texts]
    result = {"load_seconds": load, "input_ids": [i[0].tolist() for i in inputs], "beams": {}}
    with torch.no_grad():
        for b in beams:
            best, ids = float("inf"), []
            for _ in range(repeat):
                start = time.perf_counter()
                ids = [model.generate(i, num_beams=b)[0].tolist() for i in inputs]
                best = min(best, time.perf_counter() - start)
            result["beams"][str(b)] = {"seconds": best, "ids": ids}
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def time_rust(out, texts_file, beams, repeat):
    bench = os.path.join(ROOT, "target", "release", "examples", "marian_bench")
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    cmd = ["/usr/bin/time", "-v", bench, out, texts_file, str(repeat)] + [str(b) for b in beams]
    run = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    result = json.loads(run.stdout)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    result["peak_rss_mb"] = int(rss.group(1)) / 1024 if rss else None
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="/tmp/marian-speed/opus-mt-fr-en")
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", default=os.path.join(ROOT, "..", "shared", "seed", "000_6d60c11ca3f3fe1a.txt"))
    ap.add_argument("--abrege", default=os.path.join(ROOT, "target", "release", "abrege"))
    ap.add_argument("--beams", type=int, nargs="+", default=[1, 4])
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    write_tokenizer(args.out, args.seed)
    write_model(args.out, args.tokens)
    texts = seed_texts(args.abrege, args.seed)
    weights_mb = os.path.getsize(os.path.join(args.out, "model.safetensors")) / 2**20

    py = time_torch(args.out, texts, args.beams, args.repeat)
    # Both decode the same ids: MarianTokenizer's (the tokenizers are tested apart).
    texts_file = os.path.join(args.out, "inputs.json")
    with open(texts_file, "w", encoding="utf-8") as f:
        json.dump(py["input_ids"], f)
    rs = time_rust(args.out, texts_file, args.beams, args.repeat)

    report = {
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
        "texts": len(texts), "tokens_per_text": args.tokens, "threads": 1, "repeat": args.repeat,
        "weights_mb": round(weights_mb, 1),
        "load_seconds": {"pytorch": round(py["load_seconds"], 3), "abrege": round(rs["load_seconds"], 3)},
        "peak_rss_mb": {"pytorch": round(py["peak_rss_mb"], 1), "abrege": rs["peak_rss_mb"] and round(rs["peak_rss_mb"], 1)},
        "modes": {},
    }
    for b in map(str, args.beams):
        p, r = py["beams"][b], rs["beams"][b]
        report["modes"][("greedy" if b == "1" else f"{b} beams")] = {
            "pytorch_seconds": round(p["seconds"], 3),
            "abrege_seconds": round(r["seconds"], 3),
            "speedup": round(p["seconds"] / r["seconds"], 2),
            "abrege_batched_seconds": round(r["batched_seconds"], 3),
            "batched_speedup": round(p["seconds"] / r["batched_seconds"], 2),
            "identical_ids": p["ids"] == r["ids"],
        }
    print(json.dumps(report, indent=2))
    return 0 if all(m["identical_ids"] for m in report["modes"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
