"""French local and regional governments named by their kind of body.

Pages of decentralised cooperation name the partner collectivités by their kind and
their territory: "le Département de la Sarthe", "le Conseil départemental de l'Aveyron",
"la Région Occitanie", "le conseil provincial de Shefa", "l'Union des municipalités du
Chouf", and the intercommunal bodies by their city and a suffix: "Rodez Agglomération",
"Mont-de-Marsan Agglo", "Grenoble-Alpes Métropole". A territory (the Sarthe, the Chouf)
is no place of the gazetteer, so the generic French pattern, which wants a name ending on
a known place or an acronym, misses them; the kind of body is evidence enough here. Each
is an organisation (an Agency), as the gold conventions make a region, a département or
an agglomeration. The kinds and suffixes are data (``patterns.local_body_heads``,
``patterns.local_body_suffixes``).
"""

from __future__ import annotations

import functools
import re

from ..lexicon import Lexicon
from .page import Page

#: a territory's name: capitalised words (hyphens and apostrophes inside: "Amoron'i Mania",
#: a particle between: "Centre-Val de Loire")
_NAME = r"[A-ZÀ-Ý][\w'’-]*(?:[ \t]+(?:(?:de|du|des)[ \t]+)?[A-ZÀ-Ý][\w'’-]*){0,3}"
_CONNECTOR = r"(?:de[ \t]+la[ \t]+|de[ \t]+l['’]|du[ \t]+|des[ \t]+|de[ \t]+|d['’])?"


@functools.cache
def _headed(lex: Lexicon) -> re.Pattern[str]:
    """ "Conseil départemental de l'Aveyron", "Région Occitanie": a kind, then its
    territory (the kind's first letter in either case)."""
    return re.compile(
        r"(?<![\w'’-])(?P<name>(?:"
        + lex.alt("local_body_heads")
        + r")[ \t]+"
        + _CONNECTOR
        + _NAME
        + ")"
    )


@functools.cache
def _suffixed(lex: Lexicon) -> re.Pattern[str]:
    """ "Rodez Agglomération", "Grenoble-Alpes Métropole": a name, then the suffix."""
    return re.compile(
        r"(?<![\w'’-])(?P<name>"
        + _NAME
        + r"[ \t]+(?:"
        + lex.alt("local_body_suffixes")
        + r"))(?![\w-])"
    )


def local_bodies(page: Page, lex: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, name) of every local or regional government the page names so."""
    out = []
    for rx in (_headed(lex), _suffixed(lex)):
        for m in rx.finditer(page.text):
            name = m.group("name")
            if "\n" in name:
                continue
            out.append((m.start("name"), m.end("name"), name))
    return out
