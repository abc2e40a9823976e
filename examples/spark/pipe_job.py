#!/usr/bin/env python3
"""Spark job 1: summarize JSON lines by piping them through the `abrege` command.

Input: a JSONL file (or folder) of `{"id": ..., "text": ...}` or `{"id": ...,
"html": ...}` lines, as `abrege --jsonl` reads them. Output: text files of
`abrege --jsonl` replies, one line per input line (`{"id", ...summary}` or
`{"id", "error": {"kind", "message"}}`). Each partition's lines go to one
`abrege --jsonl` process on the executor, which answers them in order on all
the cores a task is given (`spark.task.cpus`, or `--jobs`). The lines are read
and piped by Spark's JVM (Spark's own `RDD.pipe`): the executors need only the
binary, no Python.

    spark-submit --master 'local[2]' examples/spark/pipe_job.py IN.jsonl OUT_DIR \\
        --bin target/release/abrege
    # On a cluster: ship the binary (built for the executors' OS) with the job.
    spark-submit --master yarn --files target/release/abrege examples/spark/pipe_job.py \\
        hdfs:///news/in.jsonl hdfs:///news/summaries --bin ./abrege
"""

import argparse
import shlex

from pyspark import RDD
from pyspark.serializers import UTF8Deserializer
from pyspark.sql import SparkSession


def task_cpus(context):
    """The cores each task owns (`spark.task.cpus`, 1 unless configured)."""
    return int(context.getConf().get("spark.task.cpus", "1"))


def summarize_lines(lines, binary="abrege", jobs=None, options=()):
    """The RDD of reply lines for an RDD of request lines (the order within each partition kept).

    Each process runs `jobs` threads, by default the cores a task owns
    (`spark.task.cpus`): Spark runs one task per core it was given, so an
    abrege sized by the machine's cores would crowd the other tasks' cores.

    Lines that Spark itself read (`sc.textFile`, with no Python step after it)
    are piped by the JVM, with Spark's own `RDD.pipe`: no Python worker copies
    them to abrege and back, which on a 2-core machine cost as much CPU as a
    third of abrege's own. Any other RDD of strings goes through PySpark's
    `rdd.pipe`, which runs in a Python worker on each executor.

    abrege exits 1 when some lines failed, and their replies say why: that is
    a success for the task. Exit 2 (a fatal error) or a crash fails the task,
    which Spark then retries, instead of leaving its lines silently unanswered.
    """
    jobs = jobs or task_cpus(lines.context)
    command = shlex.join([binary, "--jsonl", "--quiet", "--jobs", str(jobs), *options])
    argv = ["sh", "-c", f"{command}; [ $? -le 1 ]"]
    if read_by_spark(lines):
        # The JVM's RDD.pipe checks the exit code itself (the task fails on any but 0).
        return RDD(lines._jrdd.pipe(argv), lines.context, UTF8Deserializer())
    return lines.pipe(shlex.join(argv), checkCode=True)


def read_by_spark(lines):
    """Whether the RDD's JVM side holds the lines themselves, as Java strings.

    So it is for an RDD straight from `sc.textFile` (cached or not): PySpark
    reads its partitions as UTF-8 strings and has no Python function to apply.
    `_jrdd` is PySpark's handle on the JVM's RDD: not a documented API, hence
    the checks, and the Python route for anything else.
    """
    return type(lines) is RDD and isinstance(getattr(lines, "_jrdd_deserializer", None), UTF8Deserializer)


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
    replies = summarize_lines(lines, args.bin, args.jobs, args.options)
    # Written by the JVM too (PySpark's saveAsTextFile would pass each line through Python).
    replies._jrdd.saveAsTextFile(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
