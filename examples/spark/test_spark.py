"""Both Spark jobs on `local[2]` over 10,000 articles (the dev articles repeated
with distinct ids, bad rows mixed in): 10,000 rows out, each id once, each
reply identical to the command line's for the same line, bad rows as error rows.

Run with the package installed and Java on the machine: `pytest examples/spark`."""

import json
import os
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "python" / "tests")]

from conftest import SAMPLES, SHARED, cli, cli_path  # noqa: E402

pyspark = pytest.importorskip("pyspark", reason="pip install pyspark pyarrow pandas")
from dataframe_job import INPUT_SCHEMA, summarize_frame  # noqa: E402
from pipe_job import read_by_spark, summarize_lines  # noqa: E402

ROWS = 10_000
# Rows every job must answer with an error row, by the kind the CLI gives.
BAD = [
    ({}, "bad_request"),
    ({"text": ""}, "empty"),
    ({"text": "  \n "}, "blank"),
    ({"html": "<div><span></span></div>"}, "blank"),
    ({"text": "Le conseil a voté.", "html": "<p>Le conseil a voté.</p>"}, "text_and_html"),
    ({"text": "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen, und die Opposition kritisierte ihn."},
     "unsupported_language"),
]

# Error kinds of malformed requests, whose message says where the request is.
PLACED = ("bad_request", "text_and_html")


def articles():
    """The dev articles, or the samples when ../shared is not there."""
    found = []
    for lang in ("fr", "en"):
        path = SHARED / "eval" / "summ" / lang / "dev.jsonl"
        if path.is_file():
            with path.open(encoding="utf-8") as f:
                found += [{"id": d["id"], "text": d["text"]} for d in map(json.loads, f)]
    return found or [{"id": p.name, p.suffix.lstrip(".").replace("txt", "text"): p.read_text()} for p in SAMPLES]


def requests(n=ROWS):
    """n request lines: articles repeated with distinct ids, a bad row every 50th."""
    source, lines = articles(), []
    for k in range(n):
        if k % 50 == 7:
            fields, _ = BAD[(k // 50) % len(BAD)]
            lines.append({"id": f"bad-{k}", **fields})
        else:
            article = source[k % len(source)]
            lines.append({**article, "id": f"{article['id']}#{k}"})
    return lines


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        pyspark.sql.SparkSession.builder.master("local[2]")
        .appName("abrege-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """The request file, and the command line's reply to each line, by id."""
    lines = requests()
    path = tmp_path_factory.mktemp("spark") / "requests.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    lines = cli("--jsonl", str(path), ok_codes=(1,)).decode().splitlines()
    assert len(lines) == ROWS
    return path, {json.loads(line)["id"]: line for line in lines}


def check(lines, want):
    """10,000 replies, each id once, each the CLI's line byte for byte (but for a
    malformed request, whose message names its line in the file or its row in a
    batch: there, the same error kind)."""
    assert len(lines) == ROWS
    replies = [json.loads(line) for line in lines]
    ids = [r["id"] for r in replies]
    assert len(set(ids)) == ROWS and set(ids) == set(want)
    for line, reply in zip(lines, replies):
        kind = reply.get("error", {}).get("kind")
        if kind in PLACED:
            assert json.loads(want[reply["id"]])["error"]["kind"] == kind, line
        else:
            assert line == want[reply["id"]]
    want = {line_id: json.loads(line) for line_id, line in want.items()}
    # Every bad row is an error row of the kind the CLI gives (a few dev articles
    # fail too, e.g. in Welsh, as the CLI's replies say, checked above).
    kinds = {r["id"]: r["error"]["kind"] for r in replies if "error" in r}
    bad = [line_id for line_id in want if line_id.startswith("bad-")]
    assert len(bad) == ROWS // 50
    assert all(kinds[line_id] == BAD[(int(line_id[4:]) // 50) % len(BAD)][1] for line_id in bad)


def test_pipe_job_on_local_2(spark, data):
    path, want = data
    start = time.perf_counter()
    lines = spark.sparkContext.textFile(str(path), minPartitions=4)
    replies = summarize_lines(lines, str(cli_path())).collect()
    print(f"pipe job: {ROWS} rows in {time.perf_counter() - start:.1f} s")
    check(replies, want)


def test_dataframe_job_on_local_2(spark, data):
    path, want = data
    start = time.perf_counter()
    spark.sparkContext.addPyFile(str(HERE / "dataframe_job.py"))  # the function's module, for the workers
    frame = spark.read.schema(INPUT_SCHEMA).json(str(path)).repartition(4)
    rows = summarize_frame(frame).collect()
    print(f"DataFrame job: {ROWS} rows in {time.perf_counter() - start:.1f} s")
    check([row.reply for row in rows], want)
    row = next(r for r in rows if r.error_kind is None)
    assert row.sentences and row.summary == " ".join(row.sentences) and row.lang in ("fr", "en")
    bad = next(r for r in rows if r.error_kind == "empty")
    assert bad.id.startswith("bad-") and bad.sentences is None and bad.error_message


def test_pipe_job_through_python_gives_the_same_lines(spark, data):
    # An RDD that Spark did not read itself (here made in Python) goes through PySpark's rdd.pipe.
    path, want = data
    first = path.read_text(encoding="utf-8").splitlines()[:1000]
    lines = spark.sparkContext.parallelize(first, 4)
    assert not read_by_spark(lines) and read_by_spark(spark.sparkContext.textFile(str(path)).cache())
    replies = summarize_lines(lines, str(cli_path())).collect()
    assert len(replies) == len(first)
    for line, reply in zip(first, replies):
        assert json.loads(reply)["id"] == json.loads(line)["id"]
        if json.loads(reply).get("error", {}).get("kind") not in PLACED:
            assert reply == want[json.loads(line)["id"]]


@pytest.mark.parametrize("route", ["jvm", "python"])
def test_pipe_job_fails_when_abrege_cannot_answer(spark, tmp_path, route):
    # Exit 1 (some lines failed) is a reply per line; exit 2 (here a bad flag) fails the task.
    requests = ['{"id": 1, "text": ""}', "not JSON"]
    if route == "jvm":
        (tmp_path / "bad.jsonl").write_text("\n".join(requests) + "\n")
        lines = spark.sparkContext.textFile(str(tmp_path / "bad.jsonl"), 1)
    else:
        lines = spark.sparkContext.parallelize(requests, 1)
    assert read_by_spark(lines) == (route == "jvm")
    replies = [json.loads(r) for r in summarize_lines(lines, str(cli_path())).collect()]
    assert [(r["id"], r["error"]["kind"]) for r in replies] == [(1, "empty"), (None, "bad_request")]
    with pytest.raises(Exception, match="exited with (error code|status)"):
        summarize_lines(lines, str(cli_path()), options=["--no-such-flag"]).collect()
