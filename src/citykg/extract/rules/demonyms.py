"""Countries a page tells by their adjective.

A regional paper writes "dix jours sur les hautes terres malgaches", a city "une
délégation togolaise", a newsletter "son homologue comorien": the page is about that
country as surely as if it named it, so its small towns count as mentions where a town
of a country the page never evokes does not (see ``SMALL_TOWN`` in :mod:`.mentions`).
The adjectives are data (``data/demonyms.json``).
"""

from __future__ import annotations

import functools
import json
import re

from ..gazetteer import data_path
from ..scan import cue_finditer


@functools.cache
def _forms() -> dict[str, list[str]]:
    """Country code → its adjectives' patterns (``data/demonyms.json``), in code order."""
    raw = json.loads(data_path("demonyms.json").read_text(encoding="utf-8"))
    return {code: forms for code, forms in sorted(raw.items()) if not code.startswith("_")}


def _pattern(forms: list[str]) -> tuple[re.Pattern[str], str | None]:
    """The pattern of some adjectives, and the lowercase alternation every match of it opens
    with, for :func:`~citykg.extract.scan.cue_finditer` (None for forms holding an escape,
    which lowercasing would change: such a pattern is searched as it is)."""
    alternation = "|".join(forms)
    rx = re.compile(r"(?<![\w'’-])(?:" + alternation + r")(?![\w-])", re.IGNORECASE)
    return rx, None if "\\" in alternation else alternation.lower()


def _uses(pattern: tuple[re.Pattern[str], str | None], text: str) -> bool:
    """Whether ``text`` uses one of the adjectives. A case-insensitive alternation behind a
    lookbehind is tried at every character by ``re``: the cue scan tries it only where a
    form can start."""
    rx, alternation = pattern
    if alternation is None:
        return rx.search(text) is not None
    return next(cue_finditer(rx, alternation, text), None) is not None


@functools.cache
def _adjectives() -> list[tuple[str, tuple[re.Pattern[str], str | None]]]:
    """(country code, pattern of its adjectives), in code order."""
    return [(code, _pattern(forms)) for code, forms in _forms().items()]


@functools.cache
def _any_adjective() -> tuple[re.Pattern[str], str | None]:
    """Every country's adjectives in one pattern: most pages use none, and one pass over
    the page says so (a page that does is then read country by country)."""
    return _pattern([f for forms in _forms().values() for f in forms])


#: the country each page language is first written in: a French page names French towns
#: without "France" ("Vierzon", "Mont-de-Marsan"), so they are no strays either
_HOME = {"fr": "FR"}


def told_countries(text: str, lang: str) -> set[str]:
    """The codes of the countries whose adjective ``text`` uses, and of its language's
    home country."""
    found = (
        {code for code, pattern in _adjectives() if _uses(pattern, text)}
        if _uses(_any_adjective(), text)
        else set()
    )
    return found | ({_HOME[lang]} if lang in _HOME else set())
