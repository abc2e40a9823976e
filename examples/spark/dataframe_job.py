#!/usr/bin/env python3
"""Spark job 2: summarize a DataFrame's articles with the `abrege` Python package in `mapInArrow`.

Input: a DataFrame with `id`, `text` and `html` string columns (here read from
JSONL with that schema; a row gives one of `text` and `html`, as a JSONL line
does: both, or neither, is an error row). Output: one
row per input row with `id`, `lang`, `title`, `sentences`, `summary`,
`error_kind`, `error_message`, and `reply`: the whole answer as the JSON
object `abrege --jsonl` writes for that line. Each Arrow batch is summarized
in one `abrege.summarize_columns` call, in Rust with the GIL released, which
gives the columns themselves; the executors need the `abrege` wheel
installed in their Python.

    spark-submit --master 'local[2]' examples/spark/dataframe_job.py IN.jsonl OUT_DIR
    # On a cluster: a packed virtual environment holding the wheel (see the README).
    spark-submit --master yarn --archives abrege_env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python examples/spark/dataframe_job.py IN OUT
"""

import argparse

from pyspark.sql import SparkSession

INPUT_SCHEMA = "id string, text string, html string"
# The answer's columns, made in the task by abrege.summarize_columns (no JSON parsed in the JVM).
OUTPUT_COLUMNS = ("id", "lang", "title", "sentences", "summary", "error_kind", "error_message", "reply")
OUTPUT_SCHEMA = ", ".join(f"{c} {'array<string>' if c == 'sentences' else 'string'}" for c in OUTPUT_COLUMNS)


def summarize_batches(batches, jobs=None, **options):
    """mapInArrow's function: Arrow batches of (id, text, html) in, batches of the answer's columns out.

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
    text, strings = pa.string(), pa.list_(pa.string())
    schema = pa.schema([(name, strings if name == "sentences" else text) for name in OUTPUT_COLUMNS])
    for batch in batches:
        columns = abrege.summarize_columns(
            batch.column("text").to_pylist(),
            batch.column("html").to_pylist(),
            ids=batch.column("id").to_pylist(),
            jobs=jobs,
            **options,
        )
        yield pa.RecordBatch.from_pydict(columns, schema=schema)


def summarize_frame(frame, jobs=None, **options):
    """The answers to a DataFrame of `id`, `text`, `html`: `id`, `lang`, `title`,
    `sentences`, `summary`, `error_kind`, `error_message` and `reply` (the JSON line)."""
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
