#!/usr/bin/env python3
"""CPU time per page of trafilatura on a JSONL file of {"html": ...} lines, to compare with
`cargo run --release --example throughput -- --extract FILE` on the same file in the same run.
usage: pip install trafilatura lxml_html_clean; python3 scripts/trafilatura_speed.py PAGES.jsonl"""
import json, sys, time

import trafilatura

pages = [json.loads(line)["html"] for line in open(sys.argv[1], encoding="utf-8")]
trafilatura.extract(pages[0])  # warm-up: imports and caches
# The machine's speed varies from one pass to the next: the first pass, and the best of three.
passes = []
for _ in range(3):
    start = time.process_time()
    for page in pages:
        trafilatura.extract(page)
    passes.append((time.process_time() - start) / len(pages))
print(f"trafilatura {trafilatura.__version__}: {len(pages)} pages, {passes[0] * 1000:.1f} ms CPU per page")
print(f"trafilatura, best of 3 passes: {min(passes) * 1000:.1f} ms CPU per page")
