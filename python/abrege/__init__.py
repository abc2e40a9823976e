"""abrege: short, faithful summaries of French and English news articles.

Give an article as plain text or as a saved HTML page (its menus, ads and
teasers included): abrege keeps the article, picks its key sentences verbatim
and frames them in French or English.

    >>> import abrege
    >>> answer = abrege.summarize(open("article.txt").read(), to="en")
    >>> answer["sentences"]          # the key sentences, in article order
    >>> abrege.extract(html=page)["body"]
    >>> abrege.summarize_many([{"id": 1, "text": a}, {"id": 2, "html": b}], jobs=4)

Every function returns a dict with exactly the fields of the command line's
JSON output (``abrege --format json``, ``abrege --jsonl``). A ``str`` is read
as it is; ``bytes`` go through the same charset detection as files (UTF-8,
UTF-16 with a BOM, ``<meta charset>``, else Windows-1252, Latin-1...).

Single calls raise :class:`AbregeError` for an input that cannot be answered
(``.kind`` names the failure) and ``ValueError``/``TypeError`` for bad
options. The work runs in Rust with the GIL released, so threads run in
parallel; :func:`summarize_many` runs a whole batch on all cores.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from ._abrege import AbregeError, Options, __version__, answer, run, run_columns, run_many

__all__ = [
    "AbregeError",
    "summarize",
    "detect",
    "extract",
    "split",
    "summarize_many",
    "summarize_columns",
    "__version__",
]

Content = Union[str, bytes]

_OPTIONS_DOC = """\
        text: the article, as ``str`` or ``bytes`` (bytes are decoded as files are:
            BOM, ``<meta charset>``, else the likeliest legacy charset).
        html: the article as an HTML page instead of ``text`` (same as
            ``text`` with ``input="html"``).
        lang: ``"auto"`` (detect), ``"fr"`` or ``"en"`` to skip detection; a
            forced language also keeps paragraphs in a third language.
        input: how ``text`` is read: ``"auto"`` (sniff HTML), ``"text"`` or ``"html"``.
        max_bytes: refuse inputs larger than this (default 64 MiB), like ``--max-bytes``.\
"""


# The options of a call, checked once per combination: an Options is frozen,
# so calls with the same arguments share one (making it was a fiftieth of a
# summary's cost). The key is positional, with the numbers' types (3 and 3.0,
# True and 1 are not the same argument): `functools.lru_cache` on keywords
# built a key of twice the size and cost a thirtieth of an English summary.
_OPTIONS_CACHE: Dict[tuple, Options] = {}


def _options(
    to: Any = "auto",
    lang: Any = "auto",
    sentences: Any = 3,
    words: Any = None,
    ratio: Any = None,
    input: Any = "auto",
    explain: Any = False,
    bias: Any = "balanced",
    max_bytes: Any = None,
) -> Options:
    key = (to, lang, sentences, words, ratio, input, explain, bias, max_bytes,
           type(sentences), type(words), type(ratio), type(explain), type(max_bytes))  # fmt: skip
    try:
        return _OPTIONS_CACHE[key]
    except KeyError:
        pass
    except TypeError:
        # An unhashable argument: checked as it is (Options says which is wrong).
        key = None
    options = Options(
        to=to,
        lang=lang,
        sentences=sentences,
        words=words,
        ratio=ratio,
        input=input,
        explain=explain,
        bias=bias,
        max_bytes=max_bytes,
    )
    if key is not None:
        if len(_OPTIONS_CACHE) >= 64:
            _OPTIONS_CACHE.clear()
        _OPTIONS_CACHE[key] = options
    return options


def summarize(
    text: Optional[Content] = None,
    *,
    html: Optional[Content] = None,
    to: str = "auto",
    lang: str = "auto",
    sentences: int = 3,
    words: Optional[int] = None,
    ratio: Optional[float] = None,
    input: str = "auto",
    explain: bool = False,
    bias: str = "balanced",
    max_bytes: Optional[int] = None,
) -> Dict[str, Any]:
    """Summarizes one article: its key sentences, verbatim and in article order.

    Args:
{options}
        to: the language of the summary's frame: ``"auto"`` (the article's),
            ``"fr"`` or ``"en"``. The sentences stay in the article's language
            (no translation backend is used from Python).
        sentences: how many key sentences (default 3; fewer if the article has fewer).
        words: instead, as many sentences as fit in this many words (at least one).
        ratio: instead, this fraction of the article's sentences, in (0, 1].
        explain: add ``"explain"``: every block kept or dropped and why, and
            each candidate sentence's score.
        bias: ``"balanced"``, ``"precision"`` (drop doubtful blocks) or
            ``"recall"`` (keep them), like ``--precision`` / ``--recall``.

    Returns:
        The fields of ``abrege --format json``: ``lang``, ``confidence``,
        ``to``, ``title``, ``date``, ``author``, ``sentences``, ``summary``
        (the key sentences as one paragraph), ``rendered`` (the framed text
        the command prints), ``stats`` (``sentences``, ``words``,
        ``words_picked``, ``minutes_saved``), and ``warnings``/``explain``
        when there are any.

    Raises:
        AbregeError: with ``.kind`` ``"empty"``, ``"blank"``, ``"binary"``,
            ``"too_large"``, ``"unsupported_language"`` or ``"no_sentences"``.
        ValueError, TypeError: bad options or argument types.
    """
    # (The dict is built in Rust: the same as `json.loads(run(...))`, without the JSON text.)
    return answer("summarize", _options(to, lang, sentences, words, ratio, input, explain, bias, max_bytes), text, html)


def detect(
    text: Optional[Content] = None,
    *,
    html: Optional[Content] = None,
    lang: str = "auto",
    input: str = "auto",
    max_bytes: Optional[int] = None,
) -> Dict[str, Any]:
    """Detects the article's language: ``{"lang": "fr"|"en"|"und", "confidence": 0..1}``.

    Args:
{options}

    Raises:
        AbregeError: ``.kind`` ``"empty"``, ``"blank"``, ``"binary"`` or ``"too_large"``.
    """
    return answer("detect", _options(lang=lang, input=input, max_bytes=max_bytes), text, html)


def extract(
    text: Optional[Content] = None,
    *,
    html: Optional[Content] = None,
    lang: str = "auto",
    input: str = "auto",
    explain: bool = False,
    bias: str = "balanced",
    max_bytes: Optional[int] = None,
) -> Dict[str, Any]:
    """Extracts the article from its page: title, date, author and main body.

    Args:
{options}
        explain: add ``"explain"``: every block of the page, kept or dropped, and why.
        bias: ``"balanced"``, ``"precision"`` (drop doubtful blocks) or ``"recall"`` (keep them).

    Returns:
        ``{"lang", "title", "date", "author", "body"}`` (``body``: the kept
        blocks joined by blank lines, the title not repeated), and ``explain``.

    Raises:
        AbregeError: ``.kind`` ``"empty"``, ``"blank"``, ``"binary"`` or ``"too_large"``.
    """
    options = _options(lang=lang, input=input, explain=explain, bias=bias, max_bytes=max_bytes)
    return answer("extract", options, text, html)


def split(
    text: Optional[Content] = None,
    *,
    html: Optional[Content] = None,
    lang: str = "auto",
    input: str = "auto",
    max_bytes: Optional[int] = None,
) -> Dict[str, Any]:
    """Splits a text into sentences as given (no body extraction): ``{"lang", "sentences"}``.

    Args:
{options}

    Raises:
        AbregeError: ``.kind`` ``"empty"``, ``"blank"``, ``"binary"`` or ``"too_large"``.
    """
    return answer("split", _options(lang=lang, input=input, max_bytes=max_bytes), text, html)


def summarize_many(
    items: Iterable[Union[Content, Dict[str, Any]]],
    *,
    jobs: Optional[int] = None,
    as_json: bool = False,
    **options: Any,
) -> Union[List[Dict[str, Any]], List[str]]:
    """Summarizes many articles in parallel, in their order, as ``abrege --jsonl`` does.

    Args:
        items: each a ``str`` or ``bytes`` article, or a dict
            ``{"id": ..., "text": ...}`` or ``{"id": ..., "html": ...}``
            (``text`` is read as ``input`` says, ``html`` as HTML).
        jobs: worker threads; ``None`` or 0 is one per core. The GIL is
            released while they run.
        options: those of :func:`summarize` (``to``, ``lang``, ``sentences``,
            ``words``, ``ratio``, ``input``, ``explain``, ``bias``,
            ``max_bytes``), for every item.
        as_json: give each reply as its JSON text, the line ``abrege --jsonl``
            writes (without the newline), instead of a dict: what a data job
            stores, without reading every answer into Python objects. The
            ids must then be JSON values.

    Returns:
        One dict per item, in order: ``{"id": ..., **summary}`` with the
        fields of :func:`summarize`, or ``{"id": ..., "error": {"kind",
        "message"}}`` for an item that cannot be summarized or is malformed
        (kind ``"bad_request"``); never an exception for one bad item. ``id`` is
        the item's own (the same object), ``None`` for a ``str``/``bytes`` item.

    Every item and answer is held in memory at once: give a corpus in batches
    (a Spark job's partitions, or chunks of a file).
    """
    replies = []
    for item_id, payload, message in run_many("summarize", Options(**options), items, jobs):
        if message is None and as_json:
            # The answer's object with the id as its first field, as the CLI writes it.
            reply = '{"id":' + json.dumps(item_id, ensure_ascii=False, separators=(",", ":")) + "," + payload[1:]
        elif message is None:
            reply = {"id": item_id}
            reply.update(json.loads(payload))
        else:
            reply = {"id": item_id, "error": {"kind": payload, "message": message}}
            if as_json:
                reply = json.dumps(reply, ensure_ascii=False, separators=(",", ":"))
        replies.append(reply)
    return replies


def summarize_columns(
    texts: Optional[Sequence[Optional[Content]]] = None,
    htmls: Optional[Sequence[Optional[Content]]] = None,
    *,
    ids: Optional[Sequence[Any]] = None,
    jobs: Optional[int] = None,
    **options: Any,
) -> Dict[str, List[Any]]:
    """Summarizes a table's articles in parallel and answers with columns, as a DataFrame wants them.

    Args:
        texts: one article per row (``str``, ``bytes`` or ``None``), read as
            ``input`` says; e.g. ``batch.column("text").to_pylist()``.
        htmls: one HTML page per row, or ``None`` where the row has a text.
            A row gives one of the two: both, or neither, is an error row.
        ids: one id per row, echoed in ``reply`` (``None``: ``"id": null``).
        jobs: worker threads; ``None`` or 0 is one per core. The GIL is
            released while they run.
        options: those of :func:`summarize`, for every row.

    Returns:
        A dict of lists, one entry per row, in order: ``id`` (the ids, or
        ``None`` values), ``lang``, ``title``, ``sentences`` (a list of str),
        ``summary``, ``error_kind``, ``error_message`` (``None`` where the row
        was summarized; the others ``None`` where it failed) and ``reply``:
        the whole answer as the JSON line ``abrege --jsonl`` writes for
        ``{"id": ..., "text"|"html": ...}``. ``pyarrow.RecordBatch.from_pydict``
        or ``pandas.DataFrame`` take it as it is; no answer goes through JSON.
    """
    if texts is None and htmls is None:
        raise TypeError("give the articles: texts= and/or htmls= (sequences of one length)")
    rows = len(texts if texts is not None else htmls)  # type: ignore[arg-type]
    texts = texts if texts is not None else [None] * rows
    htmls = htmls if htmls is not None else [None] * rows
    columns = run_columns(Options(**options), texts, htmls, ids, jobs)
    return {"id": list(ids) if ids is not None else [None] * rows, **columns}


# The arguments every function shares are written once (docstrings are None under -OO).
for _f in (summarize, detect, extract, split):
    if _f.__doc__:
        _f.__doc__ = _f.__doc__.replace("{options}", _OPTIONS_DOC)
del _f
