#!/usr/bin/env bash
# Purity of the key points on the gold pages (../shared/tools/purity_score.py):
# the share of picked sentences (`abrege --jsonl -n 3`) that lie inside each
# page's gold main text, from the HTML and from the text render.
# usage: scripts/purity.sh PATH/TO/abrege [GOLD.jsonl]   (default ../shared/eval/body/pages.jsonl)
# SHOW=N lists the first N sentences outside the truth of each render on stderr (docs/purity.md).
# FLOOR_HTML=x FLOOR_TEXT=y make it exit 1 when a render's overall purity is under its floor (CI).
# The HTML is handed over as a JSON string: bytes that are not UTF-8 become U+FFFD.
set -euo pipefail
bin=$1 gold=${2:-${SHARED:-../shared}/eval/body/pages.jsonl}
tools=$(dirname "$gold")/../../tools
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$gold" "$tmp" <<'PY'
import gzip, json, os, sys
gold, tmp = sys.argv[1], sys.argv[2]
base = os.path.dirname(gold)
with open(f'{tmp}/html.jsonl', 'w') as h, open(f'{tmp}/text.jsonl', 'w') as t:
    for line in open(gold, encoding='utf-8'):
        row = json.loads(line)
        html = gzip.open(os.path.join(base, row['html']), 'rb').read().decode('utf-8', 'replace')
        h.write(json.dumps({'id': row['id'], 'html': html}, ensure_ascii=False) + '\n')
        text = open(os.path.join(base, row['text']), encoding='utf-8', errors='replace').read()
        t.write(json.dumps({'id': row['id'], 'text': text}, ensure_ascii=False) + '\n')
PY
status=0
for render in html text; do
  "$bin" --jsonl -n 3 < "$tmp/$render.jsonl" > "$tmp/$render.pred.jsonl" || [ $? -eq 1 ]
  score=$(python3 "$tools/purity_score.py" "$gold" "$tmp/$render.pred.jsonl" ${SHOW:+--show "$SHOW"})
  echo "$render: $score"
  floor_var=FLOOR_${render^^}
  floor=${!floor_var:-}
  if [ -n "$floor" ] && ! python3 -c 'import json, sys; sys.exit(json.loads(sys.argv[1])["all"]["purity"] < float(sys.argv[2]))' "$score" "$floor"; then
    echo "$render: purity under its floor $floor" >&2
    status=1
  fi
done
exit $status
