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

from pyspark.sql import SparkSession

INPUT_SCHEMA = "id string, text string, html string"
# The fields of a reply that the output has as columns (read in the JVM with from_json).
REPLY_SCHEMA = (
    "lang string, title string, sentences array<string>, summary string, "
    "error struct<kind: string, message: string>"
)


def summarize_batches(batches, jobs=None, **options):
    """mapInArrow's function: Arrow batches of (id, text, html) in, batches of (id, reply) out.

    `jobs` threads per call, by default the cores the task owns
    (`spark.task.cpus`): Spark runs one task per core it was given, so a
    call sized by the machine's cores would crowd the other tasks' cores.
    """
    import abrege  # on the executor
    import pyarrow as pa
    from pyspark import TaskContext

    if not jobs:
        context = TaskContext.get()
        jobs = context.cpus() if context is not None else 1

    for batch in batches:
        ids = batch.column("id").to_pylist()
        items = []
        for id_, text, html in zip(ids, batch.column("text").to_pylist(), batch.column("html").to_pylist()):
            item = {"id": id_}
            if text is not None:
                item["text"] = text
            if html is not None:
                item["html"] = html
            items.append(item)
        # The replies as JSON text, as `abrege --jsonl` writes them: no Python object per field.
        replies = abrege.summarize_many(items, jobs=jobs, as_json=True, **options)
        yield pa.RecordBatch.from_arrays([pa.array(ids, pa.string()), pa.array(replies, pa.string())], ["id", "reply"])


def summarize_frame(frame, jobs=None, **options):
    """The answers to a DataFrame of `id`, `text`, `html`: `id`, `lang`, `title`,
    `sentences`, `summary`, `error_kind`, `error_message` and `reply` (the JSON line)."""
    from pyspark.sql import functions as F

    replies = frame.mapInArrow(lambda batches: summarize_batches(batches, jobs, **options), "id string, reply string")
    fields = F.from_json("reply", REPLY_SCHEMA)
    return replies.select(
        "id",
        fields.lang.alias("lang"),
        fields.title.alias("title"),
        fields.sentences.alias("sentences"),
        fields.summary.alias("summary"),
        fields.error.kind.alias("error_kind"),
        fields.error.message.alias("error_message"),
        "reply",
    )


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
