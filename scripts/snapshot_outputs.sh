#!/usr/bin/env bash
# Writes what a built abrege answers on the dev data into OUTDIR, so that two
# commits can be compared byte for byte (`diff -r OLD NEW`): dev summaries
# (French -n 3 and -n 1, English -n 3), extraction of every dev page from HTML
# and from its text render, language and split predictions.
# usage: scripts/snapshot_outputs.sh PATH/TO/abrege OUTDIR   (SHARED=../shared by default)
set -euo pipefail
bin=$1 out=$2 shared=${SHARED:-../shared}
mkdir -p "$out"
ev=$shared/eval
# Exit 1 (some inputs failed, answered as error lines) is part of the output; 2 is not.
run() { "$@" || [ $? -eq 1 ]; }
run "$bin" --jsonl -j 1 < "$ev/summ/fr/dev.jsonl" > "$out/summ-fr-n3.jsonl"
run "$bin" --jsonl -j 1 -n 1 < "$ev/summ/fr/dev.jsonl" > "$out/summ-fr-n1.jsonl"
run "$bin" --jsonl -j 1 < "$ev/summ/en/dev.jsonl" > "$out/summ-en-n3.jsonl"
run "$bin" detect --jsonl -j 1 < "$ev/langid/dev.jsonl" > "$out/detect.jsonl"
for l in fr en; do run "$bin" split --jsonl -j 1 < "$ev/sent/$l/dev.jsonl" > "$out/split-$l.jsonl"; done
# Each page's HTML (gzip) and text render, as eval body reads them.
python3 - "$ev/body/pages.jsonl" > "$out/pages-html.jsonl" 3> "$out/pages-text.jsonl" <<'PY'
import gzip, json, os, sys
gold = sys.argv[1]
base = os.path.dirname(gold)
text_out = os.fdopen(3, 'w')
for line in open(gold, encoding='utf-8'):
    row = json.loads(line)
    html = gzip.open(os.path.join(base, row['html']), 'rb').read().decode('utf-8', 'replace')
    print(json.dumps({'id': row['id'], 'html': html}, ensure_ascii=False))
    text = open(os.path.join(base, row['text']), encoding='utf-8').read()
    print(json.dumps({'id': row['id'], 'text': text}, ensure_ascii=False), file=text_out)
PY
run "$bin" extract --jsonl -j 1 < "$out/pages-html.jsonl" > "$out/extract-html.jsonl"
run "$bin" extract --jsonl -j 1 --input text < "$out/pages-text.jsonl" > "$out/extract-text.jsonl"
rm "$out/pages-html.jsonl" "$out/pages-text.jsonl"
ls -l "$out"
