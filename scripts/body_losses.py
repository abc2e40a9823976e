#!/usr/bin/env python3
"""Where the body stage loses the gold text: for each page of a gold file, the
share of its truth tokens (body_score.py's tokens) that lie in blocks the body
dropped, summed over pages by the reason of the drop (`abrege extract
--explain`), with the pages that lose most to each reason. A guide to error
classes (issue #18), not a score: run it on train.jsonl, which no number is
tuned on, as well as on the dev pages.

    python3 scripts/body_losses.py target/release/abrege ../shared/eval/body/train.jsonl
"""
import gzip
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path


def tokens(text):
    return Counter(re.findall(r"\w+", unicodedata.normalize("NFC", text or "").lower()))


def main():
    binary, gold_path = sys.argv[1], Path(sys.argv[2])
    rows = [json.loads(line) for line in gold_path.open(encoding="utf-8")]
    requests = "".join(
        json.dumps({"id": r["id"], "html": gzip.decompress((gold_path.parent / r["html"]).read_bytes()).decode("utf-8", "replace")})
        + "\n"
        for r in rows
    )
    replies = subprocess.run(
        [binary, "extract", "--jsonl", "--explain"], input=requests.encode(), capture_output=True, check=False
    ).stdout.decode().splitlines()
    lost, pages = Counter(), defaultdict(list)
    for row, line in zip(rows, replies):
        reply = json.loads(line)
        truth = tokens(row["truth"])
        size = max(1, sum(truth.values()))
        missing = truth - tokens(reply.get("body", ""))
        by_reason = Counter()
        for block in reply.get("explain", []):
            if block["keep"]:
                continue
            hit = tokens(block["text"]) & missing
            if hit:
                by_reason[block["reason"]["kind"]] += sum(hit.values())
                missing -= hit
        for reason, n in by_reason.items():
            lost[reason] += n / size
            pages[reason].append((round(n / size, 3), row["id"]))
    print(f"recall lost, in pages' worth, over {len(rows)} pages, by the reason of the drop:")
    for reason, total in lost.most_common():
        worst = ", ".join(f"{page} {share}" for share, page in sorted(pages[reason], reverse=True)[:5])
        print(f"  {reason:12s} {total:6.2f}   worst: {worst}")


if __name__ == "__main__":
    main()
