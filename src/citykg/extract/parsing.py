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
import re
from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import DEP, HEAD, IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import load_lexicon
from .rules.records import Token

PARSE_KEY = "citykg_parse"


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
        parts: list[tuple[int, int, Doc]] = []  # (doc number, char offset, sentence doc)
        rx = _cue_sentence()
        for n, doc in enumerate(docs):
            for sent in doc.sents:
                if rx.search(sent.text):
                    parts.append((n, sent.start_char, sent.as_doc()))
        subdocs = [p[2] for p in parts]
        for name in ("tok2vec", "parser"):
            if subdocs and name in self.nlp.component_names:
                proc = self.nlp.get_pipe(name)
                subdocs = list(proc.pipe(subdocs, batch_size=max(len(subdocs), 1)))
        tokens: dict[int, list[Token]] = {n: [] for n in range(len(docs))}
        for (n, offset, _), sub in zip(parts, subdocs, strict=True):
            tokens[n] += records(sub, offset, len(tokens[n]))
        for n, doc in enumerate(docs):
            doc.user_data[PARSE_KEY] = tokens[n]
            yield doc


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
