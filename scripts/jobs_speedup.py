#!/usr/bin/env python3
"""`abrege --jsonl -j 2` against `-j 1` on a stream of news articles.

The stream is ../shared/eval/summ/{fr,en}/dev.jsonl repeated with distinct
ids up to --mb megabytes (French first), written to a temporary file. Each
binary runs -j 1 and -j 2 alternately, --runs times; the best wall time of
each counts. A benchmark, not a test: it prints the times and the ratio.

    cargo build --release
    python3 scripts/jobs_speedup.py target/release/abrege [OTHER_BINARY…]
"""

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

SHARED = Path(os.environ.get("ABREGE_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def write_stream(path, megabytes):
    articles = []
    for lang in ("fr", "en"):
        with (SHARED / "eval" / "summ" / lang / "dev.jsonl").open(encoding="utf-8") as f:
            articles += [json.loads(line) for line in f]
    size, k = 0, 0
    with open(path, "w", encoding="utf-8") as out:
        while size < megabytes * 1e6:
            a = articles[k % len(articles)]
            line = json.dumps({"id": f"{a['id']}#{k}", "text": a["text"]}, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode())
            k += 1
    return k


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--mb", type=float, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        stream = Path(tmp) / "stream.jsonl"
        lines = write_stream(stream, args.mb)
        best = {(b, j): float("inf") for b in args.binaries for j in (1, 2)}
        for _ in range(args.runs):
            for b in args.binaries:
                for j in (1, 2):
                    with open(stream, "rb") as f:
                        start = time.perf_counter()
                        subprocess.run([b, "--jsonl", "-j", str(j)], stdin=f, stdout=subprocess.DEVNULL, check=False)
                        best[b, j] = min(best[b, j], time.perf_counter() - start)
    for b in args.binaries:
        one, two = best[b, 1], best[b, 2]
        print(f"{b}: {lines} lines, -j 1 {one:.3f} s, -j 2 {two:.3f} s: {one / two:.2f}x (target 1.8x)")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
