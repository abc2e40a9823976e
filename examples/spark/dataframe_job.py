#!/usr/bin/env python3
"""Spark job 2: summarize a DataFrame's articles with the `abrege` Python package in `mapInArrow`.

Input: a DataFrame with `id`, `text` and `html` string columns (here read from
JSONL with that schema; a missing or null `text` takes `html`). Output: one
row per input row with `id`, `lang`, `title`, `sentences`, `summary`,
`error_kind`, `error_message`, and `reply`: the whole answer as the JSON
object `abrege --jsonl` writes for that line. Each Arrow batch is summarized
in one `abrege.summarize_many` call, in Rust with the GIL released; the
executors need the `abrege` wheel installed in their Python.

    spark-submit --master 'local[2]' examples/spark/dataframe_job.py IN.jsonl OUT_DIR
    # On a cluster: a packed virtual environment holding the wheel (see the README).
    spark-submit --master yarn --archives abrege_env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python examples/spark/dataframe_job.py IN OUT
"""

import argparse
import json

from pyspark.sql import SparkSession

INPUT_SCHEMA = "id string, text string, html string"
OUTPUT_SCHEMA = (
    "id string, lang string, title string, sentences array<string>, summary string, "
    "error_kind string, error_message string, reply string"
)


def summarize_batches(batches, jobs=1, **options):
    """mapInArrow's function: Arrow batches of (id, text, html) in, batches of OUTPUT_SCHEMA out."""
    import abrege  # on the executor
    import pyarrow as pa

    for batch in batches:
        columns = batch.to_pydict()
        items = []
        for id_, text, html in zip(columns["id"], columns["text"], columns["html"]):
            item = {"id": id_}
            if text is not None:
                item["text"] = text
            if html is not None:
                item["html"] = html
            items.append(item)
        replies = abrege.summarize_many(items, jobs=jobs, **options)
        yield pa.RecordBatch.from_pydict(
            {
                "id": [r["id"] for r in replies],
                "lang": [r.get("lang") for r in replies],
                "title": [r.get("title") for r in replies],
                "sentences": [r.get("sentences") for r in replies],
                "summary": [r.get("summary") for r in replies],
                "error_kind": [r["error"]["kind"] if "error" in r else None for r in replies],
                "error_message": [r["error"]["message"] if "error" in r else None for r in replies],
                "reply": [json.dumps(r, ensure_ascii=False) for r in replies],
            },
            schema=pa.schema(
                [
                    ("id", pa.string()),
                    ("lang", pa.string()),
                    ("title", pa.string()),
                    ("sentences", pa.list_(pa.string())),
                    ("summary", pa.string()),
                    ("error_kind", pa.string()),
                    ("error_message", pa.string()),
                    ("reply", pa.string()),
                ]
            ),
        )


def summarize_frame(frame, jobs=1, **options):
    """The DataFrame of answers (OUTPUT_SCHEMA) for a DataFrame of `id`, `text`, `html`."""
    return frame.mapInArrow(lambda batches: summarize_batches(batches, jobs, **options), OUTPUT_SCHEMA)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSONL file or folder of {id, text|html} lines")
    parser.add_argument("output", help="folder for the answers, as Parquet (must not exist)")
    parser.add_argument("--to", default="auto", help="language of the summaries' frame: auto, fr or en")
    parser.add_argument("--sentences", type=int, default=3, help="key sentences per summary")
    parser.add_argument("--partitions", type=int, default=None, help="repartition the input first")
    args = parser.parse_args()
    spark = SparkSession.builder.appName("abrege-dataframe").getOrCreate()
    frame = spark.read.schema(INPUT_SCHEMA).json(args.input)
    if args.partitions:
        frame = frame.repartition(args.partitions)
    summarize_frame(frame, to=args.to, sentences=args.sentences).write.parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
