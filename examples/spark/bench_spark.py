#!/usr/bin/env python3
"""Spark local[2] against local[1] on 10,000 articles, both jobs, in one run.

For each master, a fresh session runs each job once to warm up (the Python
workers and the JVM's code), then --passes times; the best wall time counts.
The input is ../shared/eval/summ/{fr,en}/dev.jsonl repeated with distinct ids
to --rows lines. Not a test: it prints the figures and the speed-up (target 1.6x).

    pip install ./python pyspark pyarrow 'pandas<3'; cargo build --release
    python examples/spark/bench_spark.py --bin target/release/abrege
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from pyspark.sql import SparkSession

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dataframe_job import INPUT_SCHEMA, summarize_frame  # noqa: E402
from pipe_job import summarize_lines  # noqa: E402

SHARED = Path(os.environ.get("ABREGE_SHARED", HERE.parents[2] / "shared"))


def write_requests(path, rows):
    articles = []
    for lang in ("fr", "en"):
        with (SHARED / "eval" / "summ" / lang / "dev.jsonl").open(encoding="utf-8") as f:
            articles += [json.loads(line) for line in f]
    with open(path, "w", encoding="utf-8") as out:
        for k in range(rows):
            a = articles[k % len(articles)]
            out.write(json.dumps({"id": f"{a['id']}#{k}", "text": a["text"]}, ensure_ascii=False) + "\n")


def best(run, passes):
    run()
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(master, path, binary, partitions, passes):
    spark = (
        SparkSession.builder.master(master)
        .appName(f"abrege-bench-{master}")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addPyFile(str(HERE / "dataframe_job.py"))
    lines = spark.sparkContext.textFile(str(path), minPartitions=partitions).cache()
    lines.count()
    frame = spark.read.schema(INPUT_SCHEMA).json(str(path)).repartition(partitions).cache()
    frame.count()
    pipe = best(lambda: summarize_lines(lines, binary).count(), passes)
    arrow = best(lambda: summarize_frame(frame).write.format("noop").mode("overwrite").save(), passes)
    spark.stop()
    return pipe, arrow


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default="abrege", help="the abrege command for the pipe job")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # The figures mean little on a busy machine: say how busy it was.
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "requests.jsonl"
        write_requests(path, args.rows)
        results = {master: measure(master, path, args.bin, args.partitions, args.passes) for master in ("local[1]", "local[2]")}
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    for job, k in (("pipe (abrege --jsonl)", 0), ("DataFrame (mapInArrow)", 1)):
        one, two = results["local[1]"][k], results["local[2]"][k]
        print(
            f"{job}: local[1] {one:.2f} s, local[2] {two:.2f} s for {args.rows} articles: "
            f"{one / two:.2f}x (target 1.6x: {'met' if one / two >= 1.6 else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
