"""The package answers exactly as the command line does: same fields, same
values, on the samples (text and HTML, every task and option that changes the
answer) and on 1,000 dev articles (single calls and summarize_many against
`abrege --jsonl`)."""

import json

import abrege
import pytest
from conftest import SAMPLES, cli, cli_jsonl, dev_articles


def same(got, want):
    """Equal as JSON texts (keys sorted, as `--format json` writes them): 1.0
    is not 1 there (the package builds its dicts in Rust, the command line writes JSON)."""
    return json.dumps(got, ensure_ascii=False, sort_keys=True) == json.dumps(want, ensure_ascii=False, sort_keys=True)


def test_samples_are_found():
    assert len(SAMPLES) >= 8, SAMPLES
    assert any(p.suffix == ".html" for p in SAMPLES)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize(
    "flags,kwargs",
    [
        ([], {}),
        (["--to", "en"], {"to": "en"}),
        (["--to", "fr", "-n", "1"], {"to": "fr", "sentences": 1}),
        (["--words", "40"], {"words": 40}),
        (["--ratio", "0.5", "--explain"], {"ratio": 0.5, "explain": True}),
        (["--precision", "--lang", "fr"], {"bias": "precision", "lang": "fr"}),
        (["--recall", "--input", "text"], {"bias": "recall", "input": "text"}),
    ],
)
def test_summarize_sample_is_the_cli_json(path, flags, kwargs):
    want = json.loads(cli("--format", "json", *flags, str(path)))
    data = path.read_bytes()
    assert same(abrege.summarize(data, **kwargs), want)
    # A str is the same article: the same answer.
    assert same(abrege.summarize(data.decode("utf-8"), **kwargs), want)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_other_tasks_on_samples_are_the_cli_json(path):
    data = path.read_bytes()
    assert same(abrege.detect(data), json.loads(cli("detect", "--format", "json", str(path))))
    assert same(abrege.split(data), json.loads(cli("split", "--format", "json", str(path))))
    assert same(abrege.extract(data), json.loads(cli("extract", "--format", "json", str(path))))
    got = abrege.extract(data, explain=True, bias="recall")
    assert same(got, json.loads(cli("extract", "--format", "json", "--explain", "--recall", str(path))))
    assert "explain" in got
    if path.suffix == ".html":
        # html= reads the page as HTML, as --input html and a JSONL "html" field do.
        want = json.loads(cli("--format", "json", "--input", "html", str(path)))
        assert abrege.summarize(html=data) == want
        assert abrege.summarize(data, input="html") == want


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_dicts_built_in_rust_are_the_json_answers(path):
    """`answer` (the dict the functions return) is `json.loads` of `run`'s JSON
    text, keys in the same order, for every task and with the explanations."""
    from abrege._abrege import Options, answer, run

    data = path.read_bytes()
    for task, options in [
        ("summarize", Options()),
        ("summarize", Options(ratio=0.5, explain=True, to="fr")),
        ("detect", Options()),
        ("split", Options()),
        ("extract", Options(explain=True, bias="recall")),
    ]:
        want = run(task, options, data)
        assert json.dumps(answer(task, options, data), ensure_ascii=False, separators=(",", ":")) == json.dumps(
            json.loads(want), ensure_ascii=False, separators=(",", ":")
        ), task


def test_one_thousand_dev_articles_are_the_cli_jsonl():
    items = dev_articles(500)
    assert len(items) == 1000
    want = cli_jsonl(items)
    assert len(want) == len(items)
    assert abrege.summarize_many(items) == want
    # The JSON text of each reply is the CLI's line, byte for byte.
    assert abrege.summarize_many(items, as_json=True) == cli_jsonl(items, raw=True)
    for item, reply in zip(items, want):
        if "error" in reply:
            with pytest.raises(abrege.AbregeError) as caught:
                abrege.summarize(item["text"])
            assert (caught.value.kind, caught.value.message) == (reply["error"]["kind"], reply["error"]["message"])
        else:
            assert same({"id": item["id"], **abrege.summarize(item["text"])}, reply)
    # The same articles, another length and frame, and the other tasks.
    assert abrege.summarize_many(items, to="en", sentences=5, jobs=1) == cli_jsonl(items, "--to", "en", "-n", "5")
    for task, run in (("extract", abrege.extract), ("detect", abrege.detect), ("split", abrege.split)):
        for item, reply in zip(items[::10], cli_jsonl(items[::10], task)):
            assert same({"id": item["id"], **run(item["text"])}, reply), task


def test_html_items_are_the_cli_jsonl():
    html = [p for p in SAMPLES if p.suffix == ".html"]
    items = [{"id": p.name, "html": p.read_text(encoding="utf-8")} for p in html]
    items += [{"id": p.name + "#text", "text": p.read_text(encoding="utf-8")} for p in html]
    assert abrege.summarize_many(items) == cli_jsonl(items)
