"""Cue-word lexicons of the genre, loaded from ``data/lexicon.json`` and compiled once.

Keeping cues as data lets users adapt citykg to a neighbouring genre without touching code.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .gazetteer import data_path


@dataclass(frozen=True)
class Lexicon:
    raw: dict[str, list[str]]
    patterns: dict[str, re.Pattern[str]]
    #: escaped, longest-first alternations of the agency head nouns, for larger patterns
    heads_en: str
    heads_fr: str
    #: every head noun of both languages, for membership tests
    head_words: frozenset[str]

    def rx(self, name: str) -> re.Pattern[str]:
        return self.patterns[name]

    def words(self, name: str) -> list[str]:
        return self.raw[name]

    def literal(self, name: str) -> str:
        """A list of literal labels ("date et heure", "Where") as an escaped, longest-first
        alternation, for the block-label patterns that wrap it in line anchors."""
        return _alternation([re.escape(w) for w in self.raw[name]])


def _alternation(items: list[str]) -> str:
    # longest first, so that "co-organisé par" wins over "organisé"
    return "|".join(sorted(items, key=len, reverse=True))


@functools.lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> Lexicon:
    source = data_path("lexicon.json") if path is None else Path(path)
    raw = json.loads(source.read_text(encoding="utf-8"))
    raw = {k: v for k, v in raw.items() if not k.startswith("_")}
    patterns = {}
    for name, items in raw.items():
        if name.startswith("agency_heads") or name in ("honorifics", "agency_connectors_fr"):
            continue
        patterns[name] = re.compile(
            r"(?<![\w-])(?:" + _alternation(items) + r")(?![\w-])", re.IGNORECASE
        )
    return Lexicon(
        raw,
        patterns,
        heads_en=_alternation([re.escape(h) for h in raw["agency_heads_en"]]),
        heads_fr=_alternation([re.escape(h) for h in raw["agency_heads_fr"]]),
        head_words=frozenset(raw["agency_heads_en"]) | frozenset(raw["agency_heads_fr"]),
    )
