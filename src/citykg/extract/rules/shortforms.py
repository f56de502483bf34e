"""An organisation named once in full and elsewhere by the first words of its name.

A headline writes "des experts de Tours Métropole", the body "trois experts de Tours
Métropole Val de Loire"; a page names "le Syndicat mixte du bassin" after "le Syndicat
mixte du bassin de l'Aude". The shorter name, when it is the longer one's first words (two
at least) and no curated body, is the same organisation: it takes the longer name's key,
so the page holds one organisation, not two (:func:`same_bodies`, applied to the
pattern-found organisations of a page).
"""

from __future__ import annotations

import dataclasses

from .records import Found

#: a short form keeps at least this many words of the full name
_MIN_WORDS = 2


def same_bodies(found: list[Found]) -> list[Found]:
    """``found`` with each short form keyed as the full name it begins."""
    names = {f.text: f.key for f in found}
    out = []
    for f in found:
        longer = [
            n
            for n in names
            if len(n) > len(f.text) and n.startswith(f.text + " ") and names[n] != f.key
        ]
        if longer and len(f.text.split()) >= _MIN_WORDS:
            full = min(longer, key=len)
            f = dataclasses.replace(f, key=names[full])
        out.append(f)
    return out
