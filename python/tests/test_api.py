"""The package's own contract: errors (kinds and messages as `abrege --jsonl`
gives them), bytes in a legacy charset, threads, large inputs, and batches of
10,000 items with every id answered once, in order."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import abrege
import pytest
from conftest import ROOT, SAMPLES, cli, cli_jsonl

SEED = ROOT / "samples" / "fr" / "00_seed_stargate.txt"
ENGLISH = ROOT / "samples" / "en" / "01_port_strike.txt"
GERMAN = (
    "Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt beschlossen. "
    "Die Ausgaben für den öffentlichen Nahverkehr steigen um zehn Prozent. "
    "Die Opposition kritisierte die Pläne als unzureichend und forderte mehr Geld für Schulen."
)

ERRORS = [
    ("empty", b""),
    ("blank", "   \n\t  \n"),
    ("blank", "<html><body><div></div></body></html>"),
    ("binary", b"\x00\x01\x02PK\x03\x04" * 50),
    ("unsupported_language", GERMAN),
    ("no_sentences", "42"),
]


@pytest.mark.parametrize("kind,text", ERRORS, ids=[f"{k}-{i}" for i, (k, _) in enumerate(ERRORS)])
def test_errors_raise_with_the_kind_and_message_of_the_cli(kind, text):
    with pytest.raises(abrege.AbregeError) as caught:
        abrege.summarize(text)
    err = caught.value
    assert err.kind == kind
    assert str(err) == err.message and err.message
    # The command line's JSONL error object for the same input says the same.
    if isinstance(text, str):
        (reply,) = cli_jsonl([{"id": 7, "text": text}])
        assert reply == {"id": 7, "error": {"kind": kind, "message": err.message}}
        assert abrege.summarize_many([{"id": 7, "text": text}]) == [reply]


def test_too_large_and_other_tasks_raise():
    with pytest.raises(abrege.AbregeError) as caught:
        abrege.summarize(SEED.read_bytes(), max_bytes=100)
    assert caught.value.kind == "too_large" and "100 bytes" in caught.value.message
    for run in (abrege.detect, abrege.extract, abrege.split):
        with pytest.raises(abrege.AbregeError) as caught:
            run(b"")
        assert caught.value.kind == "empty"
    assert issubclass(abrege.AbregeError, Exception)


@pytest.mark.parametrize(
    "call,error",
    [
        (lambda: abrege.summarize(), TypeError),
        (lambda: abrege.summarize("a", html="b"), TypeError),
        (lambda: abrege.summarize(42), TypeError),
        (lambda: abrege.extract(html=["<p>"]), TypeError),
        (lambda: abrege.summarize("a", to="de"), ValueError),
        (lambda: abrege.summarize("a", lang="es"), ValueError),
        (lambda: abrege.summarize("a", input="pdf"), ValueError),
        (lambda: abrege.summarize("a", bias="most"), ValueError),
        (lambda: abrege.summarize("a", ratio=1.5), ValueError),
        (lambda: abrege.summarize("a", ratio=0), ValueError),
        (lambda: abrege.summarize("a", words=10, ratio=0.5), ValueError),
        (lambda: abrege.summarize("a", sentences=-1), ValueError),
        (lambda: abrege.summarize("a", max_bytes=-1), ValueError),
        (lambda: abrege.summarize_many(["a"], to="xx"), ValueError),
        (lambda: abrege.summarize_many(42), TypeError),
    ],
)
def test_bad_arguments_are_python_errors(call, error):
    with pytest.raises(error):
        call()


def test_options_are_checked_per_type_even_when_cached():
    # The options are cached per call's arguments: an argument equal to a good
    # one but of another type (3.0 for 3, 1 for True) is still refused.
    text = SEED.read_text(encoding="utf-8")
    assert abrege.summarize(text, sentences=2, explain=True)["sentences"]
    with pytest.raises(TypeError):
        abrege.summarize(text, sentences=2.0, explain=True)
    with pytest.raises(TypeError):
        abrege.summarize(text, sentences=2, explain=1)
    with pytest.raises(TypeError):
        abrege.summarize(text, sentences=[2])  # unhashable: checked all the same
    assert len(abrege.summarize(text, sentences=1)["sentences"]) == 1


def test_windows_1252_bytes_read_as_the_cli_reads_the_file(tmp_path):
    for path in (SEED, ENGLISH):
        text = path.read_text(encoding="utf-8")
        legacy = text.encode("cp1252")
        assert legacy != text.encode("utf-8")
        file = tmp_path / path.name
        file.write_bytes(legacy)
        got = abrege.summarize(legacy)
        assert got == json.loads(cli("--format", "json", str(file)))
        # Decoded right: the same sentences as the UTF-8 article.
        assert got["sentences"] == abrege.summarize(text)["sentences"]
        assert abrege.extract(legacy)["body"] == abrege.extract(text)["body"]
    # An HTML page that declares its charset.
    page = "<html><head><meta charset='windows-1252'><title>Été</title></head><body>" + "".join(
        f"<p>{line}</p>" for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()
    )
    page = page.encode("cp1252")
    assert abrege.summarize(html=page)["sentences"] == abrege.summarize(html=page.decode("cp1252"))["sentences"]


def test_threads_answer_as_one_thread_does():
    inputs = [p.read_bytes() for p in SAMPLES] * 6
    want = [abrege.summarize(data) for data in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(abrege.summarize, inputs))
    assert got == want
    # summarize_many called from several threads at once.
    with ThreadPoolExecutor(max_workers=4) as pool:
        batches = list(pool.map(lambda k: abrege.summarize_many(inputs, jobs=2), range(4)))
    assert all([{k: v for k, v in r.items() if k != "id"} for r in b] == want for b in batches)


def test_batches_answer_alike_on_kept_threads_and_in_a_forked_child():
    # One job runs on the calling thread and more on a pool kept per process:
    # answers never depend on what the threads met in earlier calls, and a
    # child forked after the pool was made (Spark's workers are forked) makes
    # its own instead of waiting on threads that live in the parent only.
    import multiprocessing

    inputs = [p.read_bytes() for p in SAMPLES] * 3
    want = abrege.summarize_many(inputs, jobs=1, as_json=True)
    for jobs in (2, 3, 2, 1, None):
        assert abrege.summarize_many(inputs, jobs=jobs, as_json=True) == want, jobs
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    child = context.Process(target=lambda: answers.put(abrege.summarize_many(inputs, jobs=2, as_json=True)))
    child.start()
    try:
        assert answers.get(timeout=60) == want
    finally:
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
    assert child.exitcode == 0


def test_the_gil_is_released_while_abrege_works():
    # A Python thread keeps counting while a long batch is summarized: at a
    # good part of the rate it counts while this thread sleeps. (Were the GIL
    # held, it would count only in the few milliseconds around the call.)
    articles = [f"{k}. {p.read_text(encoding='utf-8')}" for k in range(400) for p in SAMPLES if p.suffix == ".txt"]
    ticks, stop = [0], threading.Event()

    def count():
        while not stop.is_set():
            ticks[0] += 1

    def rate(work):
        before, start = ticks[0], time.perf_counter()
        work()
        return (ticks[0] - before) / (time.perf_counter() - start), time.perf_counter() - start

    counter = threading.Thread(target=count)
    counter.start()
    try:
        idle, _ = rate(lambda: time.sleep(0.3))
        busy, seconds = rate(lambda: abrege.summarize_many(articles, jobs=1))
    finally:
        stop.set()
        counter.join()
    assert seconds > 0.1, "the batch is too short to tell"
    assert busy > 0.2 * idle, (busy, idle, seconds)


def test_large_inputs(tmp_path):
    # 8 MB of articles, every paragraph numbered so that none repeats: answered
    # as the command line answers the same file.
    paragraphs = [line for p in SAMPLES if p.suffix == ".txt" for line in p.read_text(encoding="utf-8").split("\n\n")]
    big = "\n\n".join(f"{k}. {paragraphs[k % len(paragraphs)]}" for k in range(40_000))
    assert len(big.encode()) > 8_000_000
    file = tmp_path / "big.txt"
    file.write_text(big, encoding="utf-8")
    got = abrege.summarize(big)
    assert len(got["sentences"]) == 3
    assert got == json.loads(cli("--format", "json", str(file)))
    assert abrege.split(big) == json.loads(cli("split", "--format", "json", str(file)))
    # Over the default limit of 64 MiB, refused before any work.
    with pytest.raises(abrege.AbregeError) as caught:
        abrege.summarize(b"a" * (64 * 1024 * 1024 + 1))
    assert caught.value.kind == "too_large"


def test_summarize_many_ten_thousand_items_each_id_once_in_order():
    articles = [p.read_text(encoding="utf-8") for p in SAMPLES]
    items, bad = [], set()
    for n in range(10_000):
        if n % 97 == 0:
            items.append({"id": f"bad-{n}", "txt": "no text field"})
            bad.add(f"bad-{n}")
        elif n % 89 == 0:
            items.append({"id": n, "text": ""})
            bad.add(n)
        elif n % 2:
            items.append({"id": n, "text": articles[n % len(articles)]})
        else:
            items.append({"id": n, "html": articles[n % len(articles)]})
    replies = abrege.summarize_many(items, jobs=2)
    assert len(replies) == 10_000
    assert [r["id"] for r in replies] == [i["id"] for i in items]
    assert len({r["id"] for r in replies}) == 10_000
    assert {r["id"] for r in replies if "error" in r} == bad
    kinds = {r["id"]: r["error"]["kind"] for r in replies if "error" in r}
    assert all(kinds[i] == ("bad_request" if isinstance(i, str) else "empty") for i in bad)
    by_article = {}
    for item, reply in zip(items, replies):
        if "error" not in reply:
            key = ("text" in item, item.get("text") or item["html"])
            by_article.setdefault(key, reply["sentences"])
            assert reply["sentences"] == by_article[key]


def test_summarize_many_items_of_every_shape():
    text = SEED.read_text(encoding="utf-8")
    replies = abrege.summarize_many(
        [text, text.encode("cp1252"), {"id": (1, 2), "text": text}, {"html": text}, {"id": 5, "text": 5, "html": text}, 3.5],
        sentences=2,
    )
    ids = [r["id"] for r in replies]
    assert ids == [None, None, (1, 2), None, 5, None]
    assert [len(r.get("sentences", [])) for r in replies] == [2, 2, 2, 2, 2, 0]
    assert replies[-1]["error"]["kind"] == "bad_request" and "item 5" in replies[-1]["error"]["message"]
    assert replies[0]["sentences"] == replies[1]["sentences"]
    assert abrege.summarize_many([]) == []
    assert abrege.summarize_many(iter([text]))[0]["sentences"] == abrege.summarize(text)["sentences"]


def test_summarize_columns_are_the_answers_of_summarize_many():
    text, english = SEED.read_text(encoding="utf-8"), ENGLISH.read_text(encoding="utf-8")
    texts = [text, text.encode("cp1252"), None, english, "", None, "a", 5, GERMAN]
    htmls = [None, None, english, None, None, None, "<p>a</p>", None, None]
    ids = ["fr", 2, None, "ä \"q\"\n", 1e2, True, "both", "int", 10**20]
    columns = abrege.summarize_columns(texts, htmls, ids=ids, jobs=2, sentences=2)
    assert list(columns) == ["id", "lang", "title", "sentences", "summary", "error_kind", "error_message", "reply"]
    assert all(len(column) == len(texts) for column in columns.values()) and columns["id"] == ids
    # Each row as summarize_many answers its item, down to the reply's bytes.
    items = [{"id": i, "text": t} if t is not None else {"id": i, "html": h} for i, t, h in zip(ids, texts, htmls)]
    many = abrege.summarize_many(items, sentences=2, as_json=True)
    kinds = [None, None, None, None, "empty", "bad_request", "text_and_html", "bad_request", "unsupported_language"]
    assert columns["error_kind"] == kinds
    for k, (kind, reply) in enumerate(zip(kinds, columns["reply"])):
        answer = json.loads(reply)
        assert answer["id"] == ids[k] if ids[k] is not None else answer["id"] is None
        if kind is None:
            assert reply == many[k]
            assert (columns["lang"][k], columns["title"][k]) == (answer["lang"], answer["title"])
            assert columns["sentences"][k] == answer["sentences"] and len(answer["sentences"]) == 2
            assert columns["summary"][k] == answer["summary"] and columns["error_message"][k] is None
        else:
            assert answer["error"] == {"kind": kind, "message": columns["error_message"][k]}
            assert columns["sentences"][k] is None and columns["lang"][k] is None
            if kind not in ("bad_request", "text_and_html"):
                assert reply == many[k]
    assert "row 6" in columns["error_message"][5] and "line 7" in columns["error_message"][6]
    assert columns["lang"][:4] == ["fr", "fr", "en", "en"] and columns["sentences"][0] == columns["sentences"][1]
    assert abrege.summarize_columns(htmls=[english])["lang"] == ["en"]
    assert abrege.summarize_columns([])["reply"] == []
    with pytest.raises(ValueError, match="one length"):
        abrege.summarize_columns(["a", "b"], [None])
    with pytest.raises(TypeError):
        abrege.summarize_columns()


def test_help_teaches_the_options():
    for name in ("text", "html", "to", "lang", "sentences", "words", "ratio", "input", "explain"):
        assert f"{name}:" in abrege.summarize.__doc__, name
    assert "jobs:" in abrege.summarize_many.__doc__
    for run in (abrege.detect, abrege.extract, abrege.split):
        assert "lang:" in run.__doc__ and "{options}" not in run.__doc__
    assert abrege.__version__
