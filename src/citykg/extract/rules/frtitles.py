"""French titles of initiatives after a lowercase trigger: "le programme Villes propres du
Maghreb", "le défi Quartiers sobres de Liège".

French capitalises a title's first word only, so the English reading of a name (capitalised
words after the trigger) stops at the first word ("programme Villes"). Here a capitalised
word, at most three lowercase words and a place or name closed by "de/du/des" (or an
acronym in brackets) after a lowercase trigger are one title. A clause word inside ("le
programme sont les villes de …") ends the reading: that is a sentence, not a title.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .page import Page

#: (start, end, label, name, owner key or None), as :mod:`.initiatives` reads hits
Hit = tuple[int, int, str, str, str | None]

_LOW = r"[a-zàâçéèêëîïôûùüÿœ][\w'’-]*"
_CAP = r"[A-ZÀ-Ý][\w'’-]*"


@functools.cache
def _title_rx(lex: Lexicon) -> re.Pattern[str]:
    """A lowercase trigger, a capitalised word, lowercase words, then "du Maghreb" or
    "(VSS)"."""
    trig = "|".join(lex.words("initiative_triggers", "fr"))
    return re.compile(
        r"(?<![\w'’-])(?P<trig>" + trig + r")[ \t]+"
        r"(?P<name>" + _CAP + r"(?P<low>(?:[ \t]+" + _LOW + r"){1,3}?)"
        r"(?:[ \t]+(?:du|des|de[ \t]+la|de[ \t]+l['’]|de|d['’])[ \t]*" + _CAP + r"(?:[ \t]+"
        r"(?:" + _CAP + r"))?(?![\w'’-])"
        r"|(?=[ \t]+\([A-Z][A-Z0-9-]{1,9}\))))"
    )


def french_titles(page: Page, lex: Lexicon) -> list[Hit]:
    """The titles of a French page read as in the module's docstring."""
    if page.lang != "fr":
        return []
    stops = lex.lower_set("clause_verbs") | lex.lower_set("phrase_stops")
    out: list[Hit] = []
    for m in _title_rx(lex).finditer(page.text):
        low = re.findall(r"[\w'’-]+", m.group("low"))
        if any(w.lower() in stops for w in low):
            continue
        out.append((m.start(), m.end(), m.group(0), m.group("name"), None))
    return out


def with_french_titles(found: list[Hit], titles: list[Hit]) -> list[Hit]:
    """The hits with the titles added, a shorter hit from the same trigger that a title
    covers ("programme Villes") dropped."""
    if not titles:
        return found
    kept = [h for h in found if not any(t[0] <= h[0] and h[1] <= t[1] and h != t for t in titles)]
    return kept + titles
