"""Type stubs of the extension module `abrege._abrege` (the Rust side of `abrege`)."""

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

__version__: str

class AbregeError(Exception):
    """An input abrege cannot answer."""

    kind: str
    """The failure's name, as ``error.kind`` of ``abrege --jsonl``: ``empty``, ``blank``,
    ``binary``, ``too_large``, ``unsupported_language``, ``no_sentences``, ``bad_request``..."""
    message: str
    """What failed and what to do."""

class Options:
    """The checked options of one call (``ValueError`` for a bad one)."""

    def __init__(
        self,
        *,
        to: str = "auto",
        lang: str = "auto",
        sentences: int = 3,
        words: Optional[int] = None,
        ratio: Optional[float] = None,
        input: str = "auto",
        explain: bool = False,
        bias: str = "balanced",
        max_bytes: Optional[int] = None,
    ) -> None: ...

def run(
    task: str,
    options: Options,
    text: Optional[Union[str, bytes]] = None,
    html: Optional[Union[str, bytes]] = None,
) -> str:
    """One answer as the JSON text of the command line; raises AbregeError."""

def answer(
    task: str,
    options: Options,
    text: Optional[Union[str, bytes]] = None,
    html: Optional[Union[str, bytes]] = None,
) -> Dict[str, Any]:
    """One answer as the dict ``json.loads(run(...))`` gives, built without the JSON text."""

def run_many(
    task: str,
    options: Options,
    items: Iterable[Any],
    jobs: Optional[int] = None,
) -> List[Tuple[Any, str, Optional[str]]]:
    """``(id, json, None)`` per answered item, ``(id, kind, message)`` per failed one, in order."""

def run_columns(
    options: Options,
    texts: Sequence[Optional[Union[str, bytes]]],
    htmls: Sequence[Optional[Union[str, bytes]]],
    ids: Optional[Sequence[Any]] = None,
    jobs: Optional[int] = None,
) -> Dict[str, List[Any]]:
    """The answer columns (``lang``, ``title``, ``sentences``, ``summary``, ``error_kind``,
    ``error_message``, ``reply``) of a table's rows, in order."""
