"""Cue words of the genre and the rules' confidences, loaded from ``data/lexicon.json``.

Keeping cues as data lets users adapt citykg to a neighbouring genre without touching code:
the rule modules hold mechanisms (where a cue must stand relative to a name), the lexicon
holds the words. Each list is kept per language (``{"fr": [...], "en": [...]}``); rules use
the union unless they ask for one language, because pages mix them (English agency names
in French sentences, a bilingual summary under a French story).

Sections of the file:

- ``patterns``: regular-expression alternatives, compiled into whole-word patterns;
- ``words``: literal words and block labels (escaped when they enter a pattern);
- ``confidence``: each rule's confidence, keyed by rule name (calibrated on the dev sets,
  see ``bench/bench_calibration.py``);
- ``single_valued``: predicates of which an event or initiative has one value: the
  aggregator keeps the best-supported candidate;
- ``enumerating_rules``: rules that read a list of values of a single-valued predicate (the
  stops of a study tour), all kept when such a rule gives the best-supported one.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CityKGError
from .gazetteer import data_path
from .scan import CuePattern

#: The longest literal a word list may hold: block labels and cue phrases are short, and a
#: bound keeps every compiled alternation cheap to try at each position.
MAX_ENTRY = 120


@dataclass(frozen=True, eq=False)
class Lexicon:
    patterns_raw: dict[str, dict[str, list[str]]]
    words_raw: dict[str, dict[str, list[str]]]
    confidences: dict[str, float]
    single_valued: frozenset[str]
    patterns: dict[str, CuePattern]
    #: escaped, longest-first alternations of the agency head nouns, for larger patterns
    heads_en: str
    heads_fr: str
    #: every head noun of both languages, for membership tests
    head_words: frozenset[str]
    #: rules whose values of a single-valued predicate are read as one list (see facts)
    enumerating: frozenset[str] = frozenset()

    def rx(self, name: str) -> CuePattern:
        """The whole-word, case-insensitive pattern of a cue list (both languages), as a
        compiled pattern whose scans skip ahead (:class:`citykg.extract.scan.CuePattern`)."""
        return self.patterns[name]

    @functools.cache  # noqa: B019 - rules build their patterns from it on every page
    def alt(self, name: str, lang: str | None = None) -> str:
        """A cue list as a bare alternation, to build a larger pattern around it: pattern
        lists as written, word lists escaped; longest first."""
        if name in self.patterns_raw:
            return _alternation(_union(self.patterns_raw[name], lang))
        return _alternation([re.escape(w) for w in _union(self.words_raw[name], lang)])

    def words(self, name: str, lang: str | None = None) -> list[str]:
        """A list as written (both languages unless ``lang``)."""
        source = self.patterns_raw if name in self.patterns_raw else self.words_raw
        return _union(source[name], lang)

    @functools.cache  # noqa: B019 - one Lexicon per file, kept for the process
    def word_set(self, name: str) -> frozenset[str]:
        """A word list as a set, for membership tests of single words."""
        return frozenset(self.words(name))

    @functools.cache  # noqa: B019
    def lower_set(self, name: str) -> frozenset[str]:
        """A word list lowercased, for case-insensitive membership tests."""
        return frozenset(w.lower() for w in self.words(name))

    @functools.cache  # noqa: B019
    def literal(self, name: str) -> str:
        """A list of literal labels ("date et heure", "Where") as an escaped, longest-first
        alternation, for the block-label patterns that wrap it in line anchors."""
        return _alternation([re.escape(w) for w in self.words(name)])

    @functools.cache  # noqa: B019
    def block_labels(self) -> frozenset[str]:
        """Every event-block label ("date et heure", "where"), lowercased: the word lists named
        ``*_labels``, all languages. Ingest keeps the lines they open, so a label the rules
        read survives boilerplate removal; one-letter and two-letter entries are left out."""
        return frozenset(
            w.lower()
            for name in self.words_raw
            if name.endswith("_labels")
            for w in self.words(name)
            if len(w) > 2
        )

    def conf(self, rule: str) -> float:
        """The confidence of a rule's evidence (``confidence`` section of the lexicon)."""
        return self.confidences[rule]


def _union(by_lang: dict[str, list[str]], lang: str | None) -> list[str]:
    langs = [lang] if lang is not None else sorted(by_lang)
    out: list[str] = []
    for code in langs:
        for item in by_lang.get(code, []):
            if item not in out:
                out.append(item)
    return out


def _alternation(items: list[str]) -> str:
    # longest first, so that "co-organisé par" wins over "organisé"
    return "|".join(sorted(items, key=len, reverse=True))


def _per_lang(name: str, value: object, source: Path) -> dict[str, list[str]]:
    """A list, or a ``{lang: list}`` object, checked: short strings only."""
    by_lang = value if isinstance(value, dict) else {"any": value}
    for lang, items in by_lang.items():
        if not isinstance(items, list) or not all(
            isinstance(i, str) and 0 < len(i) <= MAX_ENTRY for i in items
        ):
            raise CityKGError(f"{source}: {name}.{lang} must be a list of short strings")
    return by_lang


@functools.lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> Lexicon:
    source = data_path("lexicon.json") if path is None else Path(path)
    raw = json.loads(source.read_text(encoding="utf-8"))
    patterns_raw = {k: _per_lang(k, v, source) for k, v in raw["patterns"].items()}
    words_raw = {k: _per_lang(k, v, source) for k, v in raw["words"].items()}
    patterns = {}
    for name, by_lang in patterns_raw.items():
        alternation = _alternation(_union(by_lang, None))
        rx = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])", re.IGNORECASE)
        patterns[name] = CuePattern(rx, alternation)  # the same matches, found faster
    heads = words_raw["agency_heads"]
    return Lexicon(
        patterns_raw,
        words_raw,
        {k: float(v) for k, v in raw["confidence"].items() if not k.startswith("_")},
        frozenset(raw["single_valued"]),
        patterns,
        heads_en=_alternation([re.escape(h) for h in heads["en"]]),
        heads_fr=_alternation([re.escape(h) for h in heads["fr"]]),
        head_words=frozenset(heads["en"]) | frozenset(heads["fr"]),
        enumerating=frozenset(raw.get("enumerating_rules", [])),
    )
