#!/usr/bin/env python3
"""Writes one large article for the memory benchmark of issue #17: the dev
summaries' articles (French, then English), each a paragraph after its title
when it has one, repeated until the file holds SIZE bytes (299,000,000 by
default, under `--max-bytes 3e8`). With --html, the same paragraphs as one
page (`<h2>` titles, `<p>` paragraphs inside `<article>`).

usage: scripts/big_input.py SHARED OUT [--html] [SIZE]
then:  /usr/bin/time -v abrege --max-bytes 3e8 OUT > /dev/null   (Maximum resident set size)
"""
import html
import json
import sys

args = [a for a in sys.argv[1:] if a != '--html']
as_html = '--html' in sys.argv[1:]
shared, out = args[0], args[1]
size = int(float(args[2])) if len(args) > 2 else 299_000_000

pieces = []
for lang in ('fr', 'en'):
    for line in open(f'{shared}/eval/summ/{lang}/dev.jsonl', encoding='utf-8'):
        row = json.loads(line)
        title, text = row.get('title'), row['text']
        if as_html:
            head = f'<h2>{html.escape(title)}</h2>\n' if title else ''
            pieces.append(f'{head}<p>{html.escape(text)}</p>\n'.encode())
        else:
            head = f'{title}\n\n' if title else ''
            pieces.append(f'{head}{text}\n\n'.encode())

start, end = (b'<!DOCTYPE html>\n<html><head><title>Dev articles</title></head><body><article>\n',
              b'</article></body></html>\n') if as_html else (b'', b'')
with open(out, 'wb') as f:
    f.write(start)
    written = len(start) + len(end)
    while True:
        for p in pieces:
            if written + len(p) > size:
                f.write(end)
                sys.exit(0)
            f.write(p)
            written += len(p)
