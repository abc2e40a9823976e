#!/usr/bin/env python3
"""Spark job 1: summarize JSON lines by piping them through the `abrege` command.

Input: a JSONL file (or folder) of `{"id": ..., "text": ...}` or `{"id": ...,
"html": ...}` lines, as `abrege --jsonl` reads them. Output: text files of
`abrege --jsonl` replies, one line per input line (`{"id", ...summary}` or
`{"id", "error": {"kind", "message"}}`). Each partition's lines go to one
`abrege --jsonl` process on the executor, which answers them in order on all
the cores a task is given (`spark.task.cpus`, or `--jobs`); the executors
need the binary (and the Python that runs PySpark's tasks).

    spark-submit --master 'local[2]' examples/spark/pipe_job.py IN.jsonl OUT_DIR \\
        --bin target/release/abrege
    # On a cluster: ship the binary (built for the executors' OS) with the job.
    spark-submit --master yarn --files target/release/abrege examples/spark/pipe_job.py \\
        hdfs:///news/in.jsonl hdfs:///news/summaries --bin ./abrege
"""

import argparse
import shlex

from pyspark.sql import SparkSession


def task_cpus(context):
    """The cores each task owns (`spark.task.cpus`, 1 unless configured)."""
    return int(context.getConf().get("spark.task.cpus", "1"))


def summarize_lines(lines, binary="abrege", jobs=None, options=()):
    """The RDD of reply lines for an RDD of request lines (the order within each partition kept).

    Each process runs `jobs` threads, by default the cores a task owns
    (`spark.task.cpus`): Spark runs one task per core it was given, so an
    abrege sized by the machine's cores would crowd the other tasks' cores.

    abrege exits 1 when some lines failed, and their replies say why: that is
    a success for the task. Exit 2 (a fatal error) or a crash fails the task,
    which Spark then retries, instead of leaving its lines silently unanswered.
    """
    jobs = jobs or task_cpus(lines.context)
    command = shlex.join([binary, "--jsonl", "--quiet", "--jobs", str(jobs), *options])
    return lines.pipe(shlex.join(["sh", "-c", f"{command}; [ $? -le 1 ]"]), checkCode=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSONL file or folder of {id, text|html} lines")
    parser.add_argument("output", help="folder for the reply lines (must not exist)")
    parser.add_argument("--bin", default="abrege", help="the abrege command on the executors (default: on PATH)")
    parser.add_argument("--jobs", type=int, default=None, help="threads of each abrege process (default: spark.task.cpus)")
    parser.add_argument("--partitions", type=int, default=None, help="input partitions (default: Spark's)")
    parser.add_argument("options", nargs="*", help="more abrege flags after --, e.g. -- --to en -n 2")
    args = parser.parse_args()
    spark = SparkSession.builder.appName("abrege-pipe").getOrCreate()
    lines = spark.sparkContext.textFile(args.input, minPartitions=args.partitions)
    summarize_lines(lines, args.bin, args.jobs, args.options).saveAsTextFile(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
