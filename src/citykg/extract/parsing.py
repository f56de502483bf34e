"""The ``citykg_parse`` component: the French dependency parse, of the sentences that need it.

The parse-based rules (:mod:`citykg.extract.rules.parsed`) read only sentences with a
hosting, organising or gathering verb ("accueillir", "organiser", "réunir"); parsing every
sentence would double the cost of the statistical pipeline for nothing. This component
picks those sentences, parses them as small docs with the model's own ``tok2vec`` and
``parser`` (taken out of the main pipeline, so they never run on the rest), and stores the
result as plain :class:`~citykg.extract.rules.records.Token` records in
``doc.user_data["citykg_parse"]``, in the document's offsets.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator

import numpy
from spacy.attrs import DEP, HEAD, IDX, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from .blas import one_thread
from .lexicon import load_lexicon
from .rules.records import Token

PARSE_KEY = "citykg_parse"
#: ``doc.user_data`` key of the doc's text (see :func:`doc_text`)
TEXT_KEY = "citykg_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc: spaCy joins it from every token on each access,
    and a doc's text never changes (retokenizing keeps it)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


@functools.cache
def _cue_sentence() -> re.Pattern[str]:
    lex = load_lexicon()
    stems = [s for n in ("host_stems", "organise_stems", "gather_stems") for s in lex.words(n)]
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, stems)) + r")", re.IGNORECASE)


class CueParser:
    """Parse the cue sentences of each doc with the model's tok2vec and parser."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        docs = list(docs)
        rx = _cue_sentence()
        done = sentence_pass(
            self.nlp, docs, lambda _doc, text: bool(rx.search(text)), ("tok2vec", "parser")
        )
        tokens: dict[int, list[Token]] = {n: [] for n in range(len(docs))}
        for n, offset, sub in done:
            tokens[n] += records(sub, offset, len(tokens[n]))
        for n, doc in enumerate(docs):
            doc.user_data[PARSE_KEY] = tokens[n]
            yield doc


def sentence_pass(
    nlp: Language,
    docs: list[Doc],
    select: Callable[[Doc, str], bool],
    components: tuple[str, ...],
) -> list[tuple[int, int, Doc]]:
    """The sentences of ``docs`` whose text ``select`` takes, as small docs, each of the
    model's ``components`` (taken out of the main pipeline) run over all of them as one
    batch: ``(doc number, the sentence's character offset, the processed sentence doc)``,
    in order. This is how the statistical components run on the few sentences that need
    them, not on whole pages."""
    parts = [
        (n, offset, sub) for n, doc in enumerate(docs) for offset, sub in _selected(doc, select)
    ]
    subdocs = [p[2] for p in parts]
    with one_thread():
        for name in components:
            if subdocs and name in nlp.component_names:
                proc = nlp.get_pipe(name)
                subdocs = list(proc.pipe(subdocs, batch_size=max(len(subdocs), 1)))
    return [(n, offset, sub) for (n, offset, _), sub in zip(parts, subdocs, strict=True)]


def _selected(doc: Doc, select: Callable[[Doc, str], bool]) -> list[tuple[int, Doc]]:
    """``(s.start_char, s.as_doc()) for s in doc.sents if select(doc, s.text)``, read from
    the token arrays once per doc: ``Span.as_doc`` makes a ``Token`` per word, reads the
    whole doc's arrays again for every sentence and averages the word vectors, which
    neither the NER nor the parser reads (``sub.vector`` is still the span's, computed when
    asked). A doc with a parse, entities, categories or a sentence hook takes the
    ``as_doc`` way."""
    if len(doc) == 0:
        return []
    if (
        "sents" in doc.user_hooks
        or doc.has_annotation("DEP")
        or doc.has_annotation("ENT_IOB")
        or doc.cats
    ):
        return [(s.start_char, s.as_doc()) for s in doc.sents if select(doc, s.text)]
    text = doc_text(doc)
    cols = doc.to_array([SENT_START, IDX, LENGTH, SPACY]).astype(numpy.int64)
    idx, length, space = cols[:, 1].tolist(), cols[:, 2].tolist(), cols[:, 3].tolist()
    cuts = [0, *(numpy.flatnonzero(cols[1:, 0] == 1) + 1).tolist(), len(doc)]
    chosen = [
        (a, b)
        for a, b in itertools.pairwise(cuts)
        if select(doc, text[idx[a] : idx[b - 1] + length[b - 1]])
    ]
    if not chosen:
        return []
    attrs = Doc._get_array_attrs()
    array = doc.to_array(attrs)
    out = []
    for a, b in chosen:
        words = [text[idx[i] : idx[i] + length[i]] for i in range(a, b)]
        sub = Doc(doc.vocab, words=words, spaces=[bool(x) for x in space[a:b]])
        sub.from_array(attrs, array[a:b])
        sub.noun_chunks_iterator = doc.noun_chunks_iterator
        sub.user_hooks = doc.user_hooks
        sub.user_span_hooks = doc.user_span_hooks
        sub.user_token_hooks = doc.user_token_hooks
        sub.tensor = doc.tensor[a:b]
        out.append((idx[a], sub))
    return out


@Language.factory("citykg_parse")
def make_cue_parser(nlp: Language, name: str) -> CueParser:
    return CueParser(nlp, name)


def records(doc: Doc, offset: int = 0, first: int = 0) -> list[Token]:
    """A parsed doc as plain records (offsets shifted by ``offset``, token numbers by
    ``first``), read from the token arrays: subtree extents by one climb from each token
    to its root (parse trees of this genre are shallow)."""
    n = len(doc)
    if n == 0:
        return []
    arr = doc.to_array([IDX, LENGTH, DEP])
    idx, length, deps = arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].tolist()
    rel = doc.to_array([HEAD]).astype(numpy.int64).ravel().tolist()  # head offsets
    heads = [i + rel[i] for i in range(n)]
    left, right = list(range(n)), list(range(n))
    for i in range(n):
        k, steps = i, 0
        while heads[k] != k and steps < 256:
            k, steps = heads[k], steps + 1
            left[k] = min(left[k], i)
            right[k] = max(right[k], i)
    names = {d: doc.vocab.strings[d] for d in set(deps)}
    text = doc.text
    return [
        Token(
            first + i,
            offset + idx[i],
            offset + idx[i] + length[i],
            names[deps[i]],
            first + heads[i],
            offset + idx[left[i]],
            offset + idx[right[i]] + length[right[i]],
            text[idx[i] : idx[i] + length[i]].lower(),
        )
        for i in range(n)
    ]
