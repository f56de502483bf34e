"""Countries told by their adjective: the fast scan (tried only where a form can start)
finds what the adjectives' own patterns find, whatever the case, and a text the
lowercased scan cannot stand in for is searched as it is."""

from __future__ import annotations

from citykg.extract.rules import demonyms
from citykg.extract.rules.demonyms import told_countries

TEXTS = [
    "Une délégation togolaise a visité Kara et Sokodé.",
    "A TOGOLESE DELEGATION VISITED KARA.",
    "Le maire a reçu ses homologues Malgaches et Comoriens.",
    "Les villes congolaises de RDC préparent un plan.",
    "Une délégation congolaise est venue.",  # no "de RDC": not the DRC
    "Les antimalgaches et les ex-togolais ne sont pas des adjectifs ici.",
    "Kırklareli a reçu une délégation malgache.",  # dotless i: scanned as it is
    "Nothing here names a country by its adjective.",
]


def _plain(text: str) -> set[str]:
    """The answer of the adjectives' own patterns, each searched over the whole text."""
    return {code for code, (rx, _) in demonyms._adjectives() if rx.search(text)}


def test_adjectives_tell_their_countries() -> None:
    assert told_countries(TEXTS[0], "en") == {"TG"}
    assert told_countries(TEXTS[1], "en") == {"TG"}
    assert told_countries(TEXTS[2], "fr") == {"MG", "KM", "FR"}
    assert told_countries(TEXTS[3], "en") == {"CD"}
    assert told_countries(TEXTS[4], "en") == set()
    assert told_countries(TEXTS[5], "en") == set()
    assert told_countries(TEXTS[6], "en") == {"MG"}
    assert told_countries(TEXTS[7], "fr") == {"FR"}


def test_the_fast_scan_agrees_with_the_patterns() -> None:
    assert demonyms._any_adjective()[1] is not None  # the data allow the fast scan
    for text in TEXTS:
        assert told_countries(text, "en") == _plain(text)
