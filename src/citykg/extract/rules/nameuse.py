"""Small readers shared by the organisation finders: where a page uses a name as a whole
word, whether a text is wholly a gazetteer name, whether a bracketed pair of letters is a
country's code."""

from __future__ import annotations

import re

from ..gazetteer import Gazetteer
from ..scan import boundary_finditer


def occurrences(text: str, names: list[str]) -> list[tuple[tuple[int, int], str]]:
    """Where the page uses any of ``names`` as a whole word (an acronym, an organisation
    introduced once): hyphens and letters on either side make another word. One pass over
    the text for all names, longest name first where two start at the same place."""
    if not names:
        return []
    alt = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    rx = re.compile(r"(?<![\w-])(?:" + alt + r")(?![\w-])")
    return [((m.start(), m.end()), m.group(0)) for m in boundary_finditer(rx, text)]


def place_name(gaz: Gazetteer, text: str) -> bool:
    """True when a gazetteer name covers the whole text (a city, a country, a topic…)."""
    return any(g.start == 0 and g.end == len(text) for g in gaz.match(text))


def country_code(gaz: Gazetteer | None, acr: str) -> bool:
    """A two-letter code in brackets that is a country's ("DK", "BE") or names one ("UK")."""
    return (
        gaz is not None
        and len(acr) == 2
        and (f"country:{acr}" in gaz.entries or place_name(gaz, acr))
    )
