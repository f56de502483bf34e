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
def _adjectives() -> list[tuple[str, re.Pattern[str]]]:
    """(country code, pattern of its adjectives), in code order."""
    raw = json.loads(data_path("demonyms.json").read_text(encoding="utf-8"))
    return [
        (code, re.compile(r"(?<![\w'’-])(?:" + "|".join(forms) + r")(?![\w-])", re.IGNORECASE))
        for code, forms in sorted(raw.items())
        if not code.startswith("_")
    ]


@functools.cache
def _any_adjective() -> re.Pattern[str]:
    """Every country's adjectives in one pattern: most pages use none, and one pass over
    the page says so (a page that does is then read country by country)."""
    raw = json.loads(data_path("demonyms.json").read_text(encoding="utf-8"))
    forms = [f for code, fs in sorted(raw.items()) if not code.startswith("_") for f in fs]
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(forms) + r")(?![\w-])", re.IGNORECASE)


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
