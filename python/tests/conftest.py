"""Shared pieces of the Python package's tests: where the repository, the
release binary (the reference the package must match) and ../shared are."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ABREGE_SHARED", ROOT.parent / "shared"))
SAMPLES = sorted(p for p in (ROOT / "samples").glob("*/*") if p.suffix in (".txt", ".html") and "." not in p.stem)


def cli_path() -> Path:
    """The command line built from the same checkout: `ABREGE_BIN`, else target/release/abrege."""
    path = Path(os.environ.get("ABREGE_BIN", ROOT / "target" / "release" / "abrege"))
    if not path.is_file():
        pytest.fail(f"no abrege binary at {path}: run `cargo build --release` or set ABREGE_BIN")
    return path


def cli(*args: str, stdin: bytes = b"", ok_codes=(0,)) -> bytes:
    """Runs the command line with translation off, as the package runs (it never translates;
    the command line's default looks for Marian models and warns when there are none)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ABREGE_")}
    env["ABREGE_TRANSLATE"] = "none"
    done = subprocess.run([str(cli_path()), *args], input=stdin, capture_output=True, env=env)
    assert done.returncode in ok_codes, done.stderr.decode(errors="replace")
    return done.stdout


def cli_jsonl(lines, *args: str, raw=False):
    """`abrege [args] --jsonl` over request objects: one parsed reply per request (its text if `raw`)."""
    stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
    out = cli(*args, "--jsonl", stdin=stdin, ok_codes=(0, 1)).decode().splitlines()
    return out if raw else [json.loads(line) for line in out]


def dev_articles(per_lang: int):
    """The first `per_lang` French and English dev articles as `{"id", "text"}`; skips without ../shared."""
    items = []
    for lang in ("fr", "en"):
        path = SHARED / "eval" / "summ" / lang / "dev.jsonl"
        if not path.is_file():
            pytest.skip(f"{path} not found (the shared evaluation data)")
        with path.open(encoding="utf-8") as f:
            for line, _ in zip(f, range(per_lang)):
                d = json.loads(line)
                items.append({"id": d["id"], "text": d["text"]})
    return items
