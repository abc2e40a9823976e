#!/usr/bin/env python3
"""Spark local[2] against local[1] on 10,000 articles, both jobs, in one run.

For each master, a fresh session runs each job once to warm up (the Python
workers and the JVM's code), then --passes times; the masters take turns for
--rounds rounds, and the best wall time counts.
Each job runs as its script does by default: abrege sized by `spark.task.cpus`
(one thread a task). The input is ../shared/eval/summ/{fr,en}/dev.jsonl
(ABREGE_SHARED, else ../shared) repeated with distinct ids to --rows lines.
Not a test: it prints the load, one line per job (both times, the speed-up,
target 1.6x) and, on Linux, the CPU time of the best pass by process: the JVM,
the Python workers (the DataFrame job's abrege runs inside them) and the
abrege processes of the pipe job (piped by the JVM): where the time goes.

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


def cpu_seconds():
    """CPU seconds so far of this process's descendants, by kind: {"java", "python", "abrege"}.

    Processes that ended count in their waiting parent's children time: the
    abrege processes (and their `sh`) in the JVM or the Python worker that piped them.
    Empty without /proc.
    """
    children = {}
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append((pid, name, [int(x) for x in fields[11:15]]))
    ticks = os.sysconf("SC_CLK_TCK")
    total = {"java": 0.0, "python": 0.0, "abrege": 0.0}
    stack = [os.getpid()]
    while stack:
        for pid, name, (user, system, child_user, child_system) in children.get(stack.pop(), []):
            stack.append(pid)
            if name == "java":
                total["java"] += (user + system) / ticks
                # The pipe job's abrege processes (and their `sh`), piped by the JVM.
                total["abrege"] += (child_user + child_system) / ticks
            elif name.startswith("python"):
                total["python"] += (user + system) / ticks
                total["abrege"] += (child_user + child_system) / ticks
            else:
                total["abrege"] += (user + system) / ticks
    return total


def best(run, passes):
    """The best wall time of `passes` runs after a warm-up, and the CPU seconds of that run."""
    run()
    times = []
    for _ in range(passes):
        before = cpu_seconds()
        start = time.perf_counter()
        run()
        wall = time.perf_counter() - start
        after = cpu_seconds()
        times.append((wall, {k: after[k] - before.get(k, 0.0) for k in after}))
    return min(times, key=lambda t: t[0])


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
    # Counted in the JVM, as the job writes its replies there (PySpark's count runs in Python).
    pipe = best(lambda: summarize_lines(lines, binary)._jrdd.count(), passes)
    arrow = best(lambda: summarize_frame(frame).write.format("noop").mode("overwrite").save(), passes)
    spark.stop()
    return pipe, arrow


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default="abrege", help="the abrege command for the pipe job")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--passes", type=int, default=3, help="timed passes of each job in each session")
    parser.add_argument("--rounds", type=int, default=2, help="sessions of each master, taking turns")
    args = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # The figures mean little on a busy machine: say how busy it was.
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "requests.jsonl"
        write_requests(path, args.rows)
        # The masters take turns, round after round, in one JVM (a new session
        # each time): the JVM's compilation of Spark's code, done in the first
        # session, then favours neither. The best pass of all rounds counts.
        results = {}
        for _ in range(args.rounds):
            for master in ("local[1]", "local[2]"):
                runs = measure(master, path, args.bin, args.partitions, args.passes)
                kept = results.setdefault(master, runs)
                results[master] = tuple(min(a, b, key=lambda t: t[0]) for a, b in zip(kept, runs))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    for job, k in (("pipe (abrege --jsonl)", 0), ("DataFrame (mapInArrow)", 1)):
        (one, _), (two, _) = results["local[1]"][k], results["local[2]"][k]
        print(
            f"{job}: local[1] {one:.2f} s, local[2] {two:.2f} s for {args.rows} articles: "
            f"{one / two:.2f}x (target 1.6x: {'met' if one / two >= 1.6 else 'NOT met'})"
        )
    for job, k in (("pipe", 0), ("DataFrame", 1)):
        for master in ("local[1]", "local[2]"):
            cpu = results[master][k][1]
            if cpu:
                split = ", ".join(f"{kind} {seconds:.2f}" for kind, seconds in cpu.items())
                print(f"  CPU seconds of the best pass, {job} on {master}: {split}")


if __name__ == "__main__":
    main()
