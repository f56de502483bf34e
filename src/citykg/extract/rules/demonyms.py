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


@functools.cache
def _forms() -> dict[str, list[str]]:
    """Country code → its adjectives' patterns (``data/demonyms.json``), in code order."""
    raw = json.loads(data_path("demonyms.json").read_text(encoding="utf-8"))
    return {code: forms for code, forms in sorted(raw.items()) if not code.startswith("_")}


def _pattern(forms: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(forms) + r")(?![\w-])", re.IGNORECASE)


@functools.cache
def _adjectives() -> list[tuple[str, re.Pattern[str]]]:
    """(country code, pattern of its adjectives), in code order."""
    return [(code, _pattern(forms)) for code, forms in _forms().items()]


@functools.cache
def _any_adjective() -> re.Pattern[str]:
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
        {code for code, rx in _adjectives() if rx.search(text)}
        if _any_adjective().search(text)
        else set()
    )
    return found | ({_HOME[lang]} if lang in _HOME else set())
