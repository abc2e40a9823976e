#!/usr/bin/env python3
"""abrege against the Python libraries it replaces, in the same process and run.

    extract:   abrege.extract   vs trafilatura.extract, on the same HTML pages
               (../shared/eval/body: the gzip pages of pages.jsonl)
    summarize: abrege.summarize vs sumy's LexRank, on the same articles
               (../shared/eval/summ/{fr,en}/dev.jsonl), both giving 3 sentences

CPU time of this process, one thread, every input given to both as the same
`str`; each side's best of --passes passes, the two sides' passes alternating
(the machine's speed drifts). Not a test: it prints the figures and whether
the targets are met (10x; summarize: 100x in each language, 50x both together).

    pip install ./python trafilatura sumy
    python python/bench/compare.py extract --pages 300
    python python/bench/compare.py summarize --articles 400

sumy's tokenizer needs nltk's Punkt data, which is not on PyPI: LexRank is
given nltk's Punkt splitter with its default parameters and a regex word
splitter instead (LexRank's cost is its similarity matrix, not the splitting).
"""

import argparse
import gzip
import json
import os
import re
import time
from pathlib import Path

import abrege

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ABREGE_SHARED", ROOT.parent / "shared"))


def best_cpu(ours, theirs, inputs, passes):
    """Each side's best CPU seconds per input over `passes` passes, after one
    warm-up call each. The passes alternate (ours, theirs, ours, ...): the
    machine's speed drifts over a run, and two sides timed one after the
    other would each see a different machine."""
    ours(inputs[0])
    theirs(inputs[0])
    times = ([], [])
    for _ in range(passes):
        for side, run in enumerate((ours, theirs)):
            start = time.process_time()
            for x in inputs:
                run(x)
            times[side].append((time.process_time() - start) / len(inputs))
    return min(times[0]), min(times[1])


def report(name, ours, theirs, target):
    ratio = theirs / ours
    print(f"abrege:  {ours * 1000:8.3f} ms CPU per input")
    print(f"{name}: {theirs * 1000:8.3f} ms CPU per input")
    print(f"abrege is {ratio:.1f}x faster (target {target}x: {'met' if ratio >= target else 'NOT met'})")


def bench_extract(args):
    import trafilatura

    base = SHARED / "eval" / "body"
    with (base / "pages.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f][: args.pages]
    pages = [gzip.decompress((base / row["html"]).read_bytes()).decode("utf-8", errors="replace") for row in rows]
    print(f"{len(pages)} pages from {base}, {sum(map(len, pages)) / len(pages) / 1024:.0f} KiB on average")
    ours, theirs = best_cpu(lambda page: abrege.extract(html=page), trafilatura.extract, pages, args.passes)
    report(f"trafilatura {trafilatura.__version__}", ours, theirs, 10)


class Tokens:
    """sumy's tokenizer interface over what needs no downloaded data."""

    def __init__(self, language):
        from nltk.tokenize.punkt import PunktSentenceTokenizer

        self.language = language
        self.sentences = PunktSentenceTokenizer()

    def to_sentences(self, paragraph):
        return self.sentences.tokenize(paragraph)

    def to_words(self, sentence):
        return re.findall(r"\w+", sentence)


def bench_summarize(args):
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    articles = []
    for lang, language in (("fr", "french"), ("en", "english")):
        with (SHARED / "eval" / "summ" / lang / "dev.jsonl").open(encoding="utf-8") as f:
            articles += [(json.loads(line)["text"], language) for line, _ in zip(f, range(args.articles // 2))]
    print(f"{len(articles)} articles, {sum(len(a) for a, _ in articles) / len(articles):.0f} characters on average")
    lexrank = {}
    for language in ("french", "english"):
        summarizer = LexRankSummarizer(Stemmer(language))
        summarizer.stop_words = get_stop_words(language)
        lexrank[language] = (summarizer, Tokens(language))

    def sumy_summary(article):
        text, language = article
        summarizer, tokens = lexrank[language]
        return summarizer(PlaintextParser.from_string(text, tokens).document, 3)

    failed = []

    def abrege_summary(article):
        # sumy must be told the language; abrege detects it (the dearer way).
        # (A dev article or two is refused, e.g. as Welsh: timed all the same.)
        try:
            return abrege.summarize(article[0], sentences=3)
        except abrege.AbregeError as err:
            failed.append(err.kind)

    # Each language on its own (issue #20 asks both), then all together (issue #16's figure).
    for language in ("french", "english"):
        subset = [a for a in articles if a[1] == language]
        print(f"-- {language}, {len(subset)} articles")
        report("sumy LexRank", *best_cpu(abrege_summary, sumy_summary, subset, args.passes), 100)
    print(f"-- both, {len(articles)} articles")
    failed.clear()
    ours, theirs = best_cpu(abrege_summary, sumy_summary, articles, args.passes)
    if failed:
        print(f"(abrege answered {len(failed) / args.passes:.0f} articles with an error: {sorted(set(failed))})")
    report("sumy LexRank", ours, theirs, 50)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("extract", help="abrege.extract vs trafilatura.extract")
    p.add_argument("--pages", type=int, default=300, help="the first N pages of pages.jsonl (default 300)")
    p.add_argument("--passes", type=int, default=2)
    p = sub.add_parser("summarize", help="abrege.summarize vs sumy's LexRank")
    p.add_argument("--articles", type=int, default=400, help="N articles, half French, half English (default 400)")
    p.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    {"extract": bench_extract, "summarize": bench_summarize}[args.what](args)


if __name__ == "__main__":
    main()
